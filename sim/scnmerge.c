/*
 * scnmerge.c - a scenario's JSON document: its file, the chain of files it
 * "extends" merged under it, the command-line overrides on top, and who set
 * what.
 *
 * A proposal is usually a small file that names a calibrated port with
 * "extends" and changes a few lane groups; a sweep sets one or two values
 * with --set over hundreds of runs.  Documents are kilobytes and chains a few
 * files long, so everything here works on cJSON trees with plain linear
 * searches and copies; clarity of the merge rules and of the messages is what
 * matters.
 *
 * Reading a document takes four steps:
 *
 *   1. read and parse the leaf file (a syntax error names that file with
 *      line:col), then each base its "extends" names, relative to the
 *      directory of the file that names it, refusing a cycle (files are
 *      compared by device and inode, so "a.json" and "./a.json" are one
 *      file) and chains of more than CHAIN_MAX links;
 *   2. in a chain, refuse duplicate keys in any file, naming it (the merge
 *      looks keys up, and a duplicate would hide one of the values);
 *   3. merge: start from a copy of the root-most base and lay each file over
 *      it, from the root towards the leaf.  Objects merge by key; arrays
 *      whose items are all objects with a string "name" merge by name
 *      (update, append, or {"name": x, "remove": true}); other arrays and
 *      scalars replace; a member set to null is removed.  Merge errors name
 *      the file being laid and a path in that file's own JSON;
 *   4. apply the overrides, in order, to the merged tree.
 *
 * Every file's own tree is kept, so that scnm_blame can say who set the value
 * at a path of the merged document: the latest override whose path contains
 * it, else the first file from the leaf towards the root whose own JSON has
 * the path (array items matched by name where the merged item has one), else
 * the file that has the longest prefix of it.
 *
 * Paths, in overrides and in messages, are sequences of `key`, `.key`,
 * `[N]` (an array item by index, or the member "N" of an object),
 * `[name]` (an array item by its "name", or a member of an object) and
 * `["any key"]`; scnm_path_key and scnm_path_index write the forms that
 * parse_path reads back.
 */
#include "scnmerge.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- limits -------------------------------------------------------------- */

#define READ_CHUNK (64 * 1024)
#define CHAIN_MAX 16            /* "extends" links in a chain; deeper is surely a mistake */
#define PATH_TEXT_MAX 1024      /* characters of an override's path */
#define PATH_STEPS_MAX 64       /* keys and selectors in a path */
#define WHY_LEN 512             /* what is wrong with an override */
#define NEAR_CHARS 12           /* characters shown around a syntax error */
#define SUGGEST_DIST 2          /* edit distance for "did you mean" */
#define SUGGEST_LEN_MAX 64      /* longer words get no suggestion */
#define INDEX_DIGITS_MAX 9      /* an array index of more digits selects nothing */
#define UNICODE_MAX 0x10FFFFu
#define SURROGATE_FIRST 0xD800u /* UTF-16 halves, not characters */
#define SURROGATE_LAST 0xDFFFu

/* --set values: ranges FROM:TO:STEP. */
#define RANGE_VALUES_MAX 10000
#define RANGE_TOL 1e-9          /* of STEP: TO is reached despite rounding */
#define RANGE_FORMAT "%.10g"    /* 0.2:0.6:0.1 gives 0.2, 0.3, ... as written */
#define RANGE_TEXT_LEN 32       /* a number printed with RANGE_FORMAT */

/* ---- messages ------------------------------------------------------------ */

size_t scnm_utf8_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k;
    uint32_t cp, min;
    if (n == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        k = 2, cp = u[0] & 0x1Fu, min = 0x80;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        k = 3, cp = u[0] & 0x0Fu, min = 0x800;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        k = 4, cp = u[0] & 0x07u, min = 0x10000;
    else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (u[i] & 0x3Fu);
    }
    if (cp < min || cp > UNICODE_MAX || (cp >= SURROGATE_FIRST && cp <= SURROGATE_LAST))
        return 0;
    return k;
}

bool scnm_is_control(const char *s, size_t k)
{
    const unsigned char *u = (const unsigned char *)s;
    if (k == 1)
        return u[0] < 0x20 || u[0] == 0x7F;
    return k == 2 && u[0] == 0xC2 && u[1] <= 0x9F;     /* C1: U+0080..U+009F */
}

/* Copy at most max bytes of s[0..len) into out (room for max + 1): whole
 * UTF-8 characters, '?' for a control character or a byte that is not
 * UTF-8; stop at a line break if at_eol.  Returns the bytes of s used. */
static size_t show_span(char *out, size_t max, const char *s, size_t len, bool at_eol)
{
    size_t i = 0, o = 0;
    while (i < len) {
        if (at_eol && (s[i] == '\n' || s[i] == '\r'))
            break;
        size_t k = scnm_utf8_len(s + i, len - i);
        bool plain = k > 0 && !scnm_is_control(s + i, k);
        size_t w = plain ? k : 1;
        if (o + w > max)
            break;
        if (plain)
            memcpy(out + o, s + i, k);
        else
            out[o] = '?';
        o += w;
        i += k ? k : 1;
    }
    out[o] = '\0';
    return i;
}

void scnm_show(char *out, const char *s)
{
    size_t len = strlen(s), used = show_span(out, SCNM_SHOW_MAX, s, len, false);
    if (used < len)
        strcat(out, "...");
}

const char *scnm_got(const cJSON *v, char *buf)
{
    char shown[SCNM_SHOW_MAX + 4];
    if (!v)
        snprintf(buf, SCNM_GOT_LEN, "nothing");
    else if (cJSON_IsNumber(v) && !isfinite(v->valuedouble))
        snprintf(buf, SCNM_GOT_LEN, "a number too large for a double");
    else if (cJSON_IsNumber(v))
        snprintf(buf, SCNM_GOT_LEN, "%.15g", v->valuedouble);
    else if (cJSON_IsString(v)) {
        scnm_show(shown, v->valuestring);
        snprintf(buf, SCNM_GOT_LEN, "\"%s\"", shown);
    } else if (cJSON_IsArray(v))
        snprintf(buf, SCNM_GOT_LEN, cJSON_GetArraySize(v) ? "an array" : "an empty array");
    else if (cJSON_IsObject(v))
        snprintf(buf, SCNM_GOT_LEN, v->child ? "an object" : "an empty object");
    else if (cJSON_IsTrue(v))
        snprintf(buf, SCNM_GOT_LEN, "true");
    else if (cJSON_IsFalse(v))
        snprintf(buf, SCNM_GOT_LEN, "false");
    else
        snprintf(buf, SCNM_GOT_LEN, "null");
    return buf;
}

static bool is_identifier(const char *k)
{
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
        return false;
    for (k++; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9')
              || *k == '_'))
            return false;
    return true;
}

void scnm_path_key(char *dst, const char *base, const char *key)
{
    char shown[SCNM_SHOW_MAX + 4];
    int n;
    if (is_identifier(key))
        n = snprintf(dst, SCNM_PATH_LEN, "%s%s%s", base, base[0] ? "." : "", key);
    else {
        scnm_show(shown, key);
        n = snprintf(dst, SCNM_PATH_LEN, "%s[\"%s\"]", base, shown);
    }
    assert(n >= 0);
    (void)n;
}

void scnm_path_index(char *dst, const char *base, size_t i)
{
    int n = snprintf(dst, SCNM_PATH_LEN, "%s[%zu]", base, i);
    assert(n >= 0);
    (void)n;
}

/* Levenshtein distance of a and b, both shorter than SUGGEST_LEN_MAX. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[SUGGEST_LEN_MAX + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Within SUGGEST_DIST edits, and fewer edits than s has characters. */
const char *scnm_suggest(const char *s, const char *const *names, size_t n)
{
    size_t ls = strlen(s), best = SUGGEST_DIST + 1;
    const char *pick = NULL;
    if (ls >= SUGGEST_LEN_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (strlen(names[i]) >= SUGGEST_LEN_MAX)
            continue;
        size_t d = edit_distance(s, names[i]);
        if (d < best && d < ls) {
            best = d;
            pick = names[i];
        }
    }
    return pick;
}

/* ---- the document -------------------------------------------------------- */

/* One file of the chain. */
struct layer {
    char *file;                 /* as opened: the leaf as given, a base as resolved */
    cJSON *own;                 /* the file's own JSON */
    bool has_id;                /* false for text given in memory */
    dev_t dev;
    ino_t ino;
};

struct scnm_doc {
    struct layer layer[CHAIN_MAX + 1];  /* [0] the leaf, then its base, its base's base, ... */
    size_t n;
    cJSON *root;                /* merged, overrides applied */
    const struct scn_override *ov;      /* borrowed */
    size_t n_ov;
};

/* ---- reading files ------------------------------------------------------- */

/* Read file `path` whole into *text (malloc'd, *len bytes) and its identity
 * into *st.  If regular_only, anything but a regular file (a FIFO, a device,
 * a directory) is refused without waiting on it: the files of an extends
 * chain are named by scenario files, not by the user.  Returns 0, or an
 * errno value: EFBIG if the file is larger than SCNM_FILE_MAX_BYTES, ENOMEM
 * if memory runs out, EINVAL for a file that is not regular, else why it
 * cannot be read. */
static int read_file(const char *path, char **text, size_t *len, struct stat *st,
                     bool regular_only)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0));
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (!f) {
        rc = errno;
        if (fd >= 0)
            close(fd);
        return rc;
    }
    if (fstat(fd, st) != 0) {
        rc = errno;
        goto done;
    }
    if (regular_only && !S_ISREG(st->st_mode)) {
        rc = EINVAL;
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap > (size_t)SCNM_FILE_MAX_BYTES) {  /* read one byte past the limit */
                rc = EFBIG;
                goto done;
            }
            size_t grown = cap ? 2 * cap : READ_CHUNK;
            if (grown > (size_t)SCNM_FILE_MAX_BYTES + 1)
                grown = (size_t)SCNM_FILE_MAX_BYTES + 1;
            char *nb = realloc(buf, grown);
            if (!nb) {
                rc = ENOMEM;
                goto done;
            }
            buf = nb;
            cap = grown;
        }
        size_t n_read = fread(buf + n, 1, cap - n, f);
        n += n_read;
        if (n_read == 0) {
            if (ferror(f))
                rc = errno ? errno : EIO;
            break;
        }
    }
done:
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    *text = buf;
    *len = n;
    return 0;
}

static bool json_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int too_large(const char *file, struct err *e)
{
    return err_set(e, EXIT_USAGE, "%s: the file is larger than %ld MiB; is it a scenario?", file,
                   SCNM_FILE_MAX_BYTES / (1024 * 1024));
}

static int out_of_memory(const char *file, struct err *e)
{
    return err_set(e, EXIT_FAIL, "%s: out of memory", file);
}

/* Line and column (from 1) of byte offset pos of text. */
static void line_col(const char *text, size_t pos, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n')
            ++*line, *col = 1;
        else
            ++*col;
    }
}

/* Report a syntax error of file `file` at byte offset pos of text. */
static void syntax_error(const char *file, const char *text, size_t len, size_t pos,
                         struct err *e)
{
    size_t line, col;
    bool all_space = true;
    char near[NEAR_CHARS + 1];
    if (pos > len)
        pos = len;
    for (size_t i = 0; i < len && all_space; i++)
        all_space = json_space(text[i]);
    bool rest_space = true;     /* cJSON reports a premature end at the last byte */
    for (size_t i = pos; i < len && rest_space; i++)
        rest_space = json_space(text[i]);
    if (rest_space && !all_space)
        pos = len;
    line_col(text, pos, &line, &col);
    if (all_space) {
        err_set(e, EXIT_USAGE, "%s:%zu:%zu: JSON syntax error near end of input (the file is "
                "empty)", file, line, col);
        return;
    }
    size_t k = show_span(near, NEAR_CHARS, text + pos, len - pos, true);
    if (k == 0)
        err_set(e, EXIT_USAGE, "%s:%zu:%zu: JSON syntax error near end of %s", file, line, col,
                pos >= len ? "input" : "line");
    else
        err_set(e, EXIT_USAGE, "%s:%zu:%zu: JSON syntax error near '%s'%s", file, line, col, near,
                pos < len && text[pos] == '\0' ? " (a NUL byte)"
                : pos + 1 == len ? " at the end of the input" : "");
}

/* The first thing in JSON text (len bytes) that cJSON lets through but a
 * scenario must not have: bytes that are not UTF-8 (RFC 8259 asks for it,
 * and the outputs repeat names and titles), a control character or an
 * escaped NUL (\u0000, which would cut the string short) in a string, or
 * nesting deeper than SCNM_DEPTH_MAX.  Returns its offset, the reason in
 * why (WHY_LEN); or len if there is none.  A lexer only: syntax is cJSON's
 * to check. */
static size_t scan_text(const char *text, size_t len, char *why)
{
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)text[i];
        size_t k = scnm_utf8_len(text + i, len - i);
        if (k == 0) {
            snprintf(why, WHY_LEN, "not UTF-8 (byte 0x%02X)", ch);
            return i;
        }
        if (ch == '\0') {
            ;                   /* cJSON's syntax error says "a NUL byte" */
        } else if (in_string) {
            if (ch == '"')
                in_string = false;
            else if (ch == '\\' && i + 1 < len && (unsigned char)text[i + 1] < 0x80) {
                if (i + 5 < len && memcmp(text + i + 1, "u0000", 5) == 0) {
                    snprintf(why, WHY_LEN, "a NUL character (\\u0000) in a string");
                    return i;
                }
                k = 2;          /* the escaped character cannot end the string */
            } else if (ch < ' ') {
                snprintf(why, WHY_LEN, "a control character (0x%02X) in a string; write it "
                         "as an escape such as \\t or \\n", ch);
                return i;
            }
        } else if (ch == '"')
            in_string = true;
        else if (ch == '[' || ch == '{') {
            if (++depth > SCNM_DEPTH_MAX) {
                snprintf(why, WHY_LEN, "nesting deeper than %d levels of objects and arrays",
                         SCNM_DEPTH_MAX);
                return i;
            }
        } else if ((ch == ']' || ch == '}') && depth > 0)
            depth--;
        i += k;
    }
    return len;
}

/* Check the shape of v, at path of file `file` (or of "--set P=V"): at most
 * SCNM_MEMBERS_MAX members in an object, SCNM_ITEMS_MAX items in an array,
 * SCNM_NESTED_ITEMS_MAX if they are objects or arrays.  v is no deeper than
 * SCNM_DEPTH_MAX (scan_text). */
static int check_shape(const char *file, const cJSON *v, const char *path, struct err *e)
{
    char kp[SCNM_PATH_LEN];
    size_t n = 0;
    bool nested = false;
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return 0;
    for (const cJSON *x = v->child; x; x = x->next) {
        n++;
        nested = nested || cJSON_IsObject(x) || cJSON_IsArray(x);
    }
    const char *at = path[0] ? path : "top level";
    if (cJSON_IsObject(v) && n > SCNM_MEMBERS_MAX)
        return err_set(e, EXIT_USAGE, "%s: %s: expected an object of at most %d members, got %zu",
                       file, at, SCNM_MEMBERS_MAX, n);
    if (cJSON_IsArray(v) && n > (nested ? SCNM_NESTED_ITEMS_MAX : SCNM_ITEMS_MAX))
        return err_set(e, EXIT_USAGE, "%s: %s: expected an array of at most %d items%s, got %zu",
                       file, at, nested ? SCNM_NESTED_ITEMS_MAX : SCNM_ITEMS_MAX,
                       nested ? " when they are objects or arrays" : "", n);
    size_t i = 0;
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        if (!cJSON_IsObject(x) && !cJSON_IsArray(x))
            continue;
        if (cJSON_IsObject(v))
            scnm_path_key(kp, path, x->string);
        else
            scnm_path_index(kp, path, i);
        if (check_shape(file, x, kp, e) < 0)
            return -1;
    }
    return 0;
}

/* Parse the len bytes of text, the contents of `file`: the tree, or NULL
 * with *e set.  The first problem in the text is reported, be it a syntax
 * error or one of scan_text's; then the shape is checked. */
static cJSON *parse_text(const char *file, const char *text, size_t len, struct err *e)
{
    char why[WHY_LEN];
    if (len > (size_t)SCNM_FILE_MAX_BYTES) {
        too_large(file, e);
        return NULL;
    }
    size_t bad = scan_text(text, len, why);
    /* cJSON would cut a string at a NUL byte; JSON text has none. */
    const char *nul = memchr(text, '\0', len);
    const char *end = NULL;
    cJSON *root = nul ? NULL : cJSON_ParseWithLengthOpts(text, len, &end, false);
    size_t pos = nul ? (size_t)(nul - text) : end ? (size_t)(end - text) : 0;
    if (root) {     /* only white space may follow the value */
        while (pos < len && json_space(text[pos]))
            pos++;
    }
    bool parsed = root && pos == len;
    if (bad < len && (parsed || bad <= pos)) {
        size_t line, col;
        line_col(text, bad, &line, &col);
        err_set(e, EXIT_USAGE, "%s:%zu:%zu: %s%s", file, line, col, why,
                strncmp(why, "not UTF-8", 9) == 0 ? "; save the file as UTF-8" : "");
        cJSON_Delete(root);
        return NULL;
    }
    if (!parsed) {
        cJSON_Delete(root);
        syntax_error(file, text, len, pos, e);
        return NULL;
    }
    if (check_shape(file, root, "", e) < 0) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* The leaf: layer 0, from text (len bytes) or, if text is NULL, the file. */
static int load_leaf(struct scnm_doc *d, const char *label, const char *text, size_t len,
                     struct err *e)
{
    struct layer *l = &d->layer[0];
    char *buf = NULL;
    struct stat st;
    if (!(l->file = strdup(label)))
        return out_of_memory(label, e);
    d->n = 1;
    if (!text) {
        int rc = read_file(label, &buf, &len, &st, false);
        if (rc == ENOMEM)
            return out_of_memory(label, e);
        if (rc == EFBIG)
            return too_large(label, e);
        if (rc)
            return err_set(e, EXIT_USAGE, "%s: cannot read: %s", label, strerror(rc));
        l->has_id = true;
        l->dev = st.st_dev;
        l->ino = st.st_ino;
        text = buf;
    }
    l->own = parse_text(label, text, len, e);
    free(buf);
    return l->own ? 0 : -1;
}

char *scnm_resolve(const char *from, const char *rel)
{
    if (rel[0] == '/')
        return strdup(rel);
    const char *slash = strrchr(from, '/');
    size_t dir = slash ? (size_t)(slash - from) + 1 : 0, n = strlen(rel);
    char *p = malloc(dir + n + 1);
    if (p) {
        memcpy(p, from, dir);
        memcpy(p + dir, rel, n + 1);
    }
    return p;
}

/* Whether string t (valid UTF-8) holds a control character. */
static bool has_control(const char *t)
{
    for (size_t n = strlen(t), k; n > 0; t += k, n -= k) {
        k = scnm_utf8_len(t, n);
        if (k == 0 || scnm_is_control(t, k))
            return true;
    }
    return false;
}

/* The cycle that base (resolved path) closes: "leaf -> ... -> base". */
static int cycle(const struct scnm_doc *d, const char *base, struct err *e)
{
    char chain[ERR_MSG_MAX];
    size_t used = 0;
    for (size_t i = 0; i <= d->n; i++) {
        int k = snprintf(chain + used, sizeof chain - used, "%s%s", i ? " -> " : "",
                         i < d->n ? d->layer[i].file : base);
        if (k < 0 || (size_t)k >= sizeof chain - used)
            break;
        used += (size_t)k;
    }
    return err_set(e, EXIT_USAGE, "%s: extends: a cycle: %s", d->layer[0].file, chain);
}

/* Follow "extends" from the last layer until a file has none. */
static int load_bases(struct scnm_doc *d, struct err *e)
{
    char g[SCNM_GOT_LEN];
    for (;;) {
        const struct layer *child = &d->layer[d->n - 1];
        const cJSON *x = cJSON_IsObject(child->own)
                         ? cJSON_GetObjectItemCaseSensitive(child->own, "extends") : NULL;
        if (!x)
            return 0;
        if (!cJSON_IsString(x) || !x->valuestring[0] || has_control(x->valuestring))
            return err_set(e, EXIT_USAGE, "%s: extends: expected the path of the base scenario "
                           "(a non-empty string without control characters), got %s",
                           child->file, scnm_got(x, g));
        if (d->n == CHAIN_MAX + 1)
            return err_set(e, EXIT_USAGE, "%s: extends: more than %d levels of \"extends\" from "
                           "%s", child->file, CHAIN_MAX, d->layer[0].file);
        char *base = scnm_resolve(child->file, x->valuestring);
        if (!base)
            return out_of_memory(child->file, e);
        char *buf = NULL;
        size_t len = 0;
        struct stat st;
        int rc = read_file(base, &buf, &len, &st, true);
        if (rc) {
            char shown[SCNM_SHOW_MAX + 4];
            scnm_show(shown, x->valuestring);
            if (rc == ENOMEM)
                out_of_memory(child->file, e);
            else if (rc == EFBIG)
                too_large(base, e);
            else if (rc == EINVAL)
                err_set(e, EXIT_USAGE, "%s: extends: \"%s\" (%s) is not a regular file",
                        child->file, shown, base);
            else if (strcmp(base, x->valuestring) == 0)
                err_set(e, EXIT_USAGE, "%s: extends: cannot read \"%s\": %s", child->file, shown,
                        strerror(rc));
            else
                err_set(e, EXIT_USAGE, "%s: extends: cannot read \"%s\" (%s): %s", child->file,
                        shown, base, strerror(rc));
            free(base);
            return -1;
        }
        for (size_t i = 0; i < d->n; i++)
            if (d->layer[i].has_id && d->layer[i].dev == st.st_dev
                && d->layer[i].ino == st.st_ino) {
                cycle(d, base, e);
                free(buf);
                free(base);
                return -1;
            }
        struct layer *l = &d->layer[d->n];
        l->file = base;
        l->has_id = true;
        l->dev = st.st_dev;
        l->ino = st.st_ino;
        d->n++;
        l->own = parse_text(base, buf ? buf : "", len, e);
        free(buf);
        if (!l->own)
            return -1;
        if (!cJSON_IsObject(l->own))
            return err_set(e, EXIT_USAGE, "%s: top level: expected an object (a scenario), got %s",
                           base, scnm_got(l->own, g));
    }
}

/* ---- merging ------------------------------------------------------------- */

/* The file being laid over its base, for messages. */
struct merger {
    const char *file;
    struct err *e;
};

static int merge_fail(const struct merger *m, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int merge_fail(const struct merger *m, const char *path, const char *fmt, ...)
{
    char body[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    return err_set(m->e, EXIT_USAGE, "%s: %s: %s", m->file, path[0] ? path : "top level", body);
}

/* No object of v (at path), at any depth, has a key twice. */
static int check_duplicates(const struct merger *m, const cJSON *v, const char *path)
{
    char kp[SCNM_PATH_LEN], shown[SCNM_SHOW_MAX + 4];
    size_t i = 0;
    for (const cJSON *k = v->child; k; k = k->next, i++) {
        if (cJSON_IsObject(v)) {
            for (const cJSON *j = v->child; j != k; j = j->next)
                if (strcmp(j->string, k->string) == 0) {
                    scnm_show(shown, k->string);
                    return merge_fail(m, path, "duplicate key \"%s\"", shown);
                }
            scnm_path_key(kp, path, k->string);
        } else
            scnm_path_index(kp, path, i);
        if ((cJSON_IsObject(k) || cJSON_IsArray(k)) && check_duplicates(m, k, kp) < 0)
            return -1;
    }
    return 0;
}

static const char *item_name(const cJSON *item)
{
    const cJSON *n = cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, "name") : NULL;
    return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* A non-empty array whose items are all objects with a string "name". */
static bool is_named(const cJSON *a)
{
    if (!cJSON_IsArray(a) || !a->child)
        return false;
    for (const cJSON *x = a->child; x; x = x->next)
        if (!item_name(x))
            return false;
    return true;
}

/* The item of array a named `name` (and its index in *index), or NULL. */
static cJSON *find_named(const cJSON *a, const char *name, size_t *index)
{
    size_t i = 0;
    if (!cJSON_IsArray(a))
        return NULL;
    for (cJSON *x = a->child; x; x = x->next, i++) {
        const char *n = item_name(x);
        if (n && strcmp(n, name) == 0) {
            if (index)
                *index = i;
            return x;
        }
    }
    return NULL;
}

static int merge_object(const struct merger *m, cJSON *b, const cJSON *d, const char *path,
                        bool top);
static int merge_named(const struct merger *m, cJSON *b, const cJSON *d, const char *path);

/* A new tree for value d (at path) of a file that has nothing under it in
 * the base: d with its null members dropped and its named arrays checked
 * as if merged over nothing.  NULL with the error set. */
static cJSON *fresh(const struct merger *m, const cJSON *d, const char *path)
{
    cJSON *n;
    int rc = 0;
    if (cJSON_IsObject(d)) {
        if ((n = cJSON_CreateObject()))
            rc = merge_object(m, n, d, path, false);
    } else if (is_named(d)) {
        if ((n = cJSON_CreateArray()))
            rc = merge_named(m, n, d, path);
    } else
        n = cJSON_Duplicate(d, true);
    if (!n)
        out_of_memory(m->file, m->e);
    if (rc < 0) {
        cJSON_Delete(n);
        return NULL;
    }
    return n;
}

/* A key of a step schedule: "HH:MM", two digits, a colon, two digits (its
 * range is checked when the scenario is read). */
static bool is_step_key(const char *k)
{
    return k && isdigit((unsigned char)k[0]) && isdigit((unsigned char)k[1]) && k[2] == ':'
           && isdigit((unsigned char)k[3]) && isdigit((unsigned char)k[4]) && !k[5];
}

/* Whether object o is a step schedule: every key "HH:MM" but those of
 * null members (removals in a file that extends), and at least one such
 * key. */
static bool is_steps(const cJSON *o)
{
    size_t n = 0;
    for (const cJSON *x = o->child; x; x = x->next)
        if (is_step_key(x->string))
            n++;
        else if (!cJSON_IsNull(x))
            return false;
    return n > 0;
}

/* The first step of schedule o (nulls aside) not after the step before it,
 * with that step in *before; NULL if they are in order. */
static const cJSON *step_out_of_order(const cJSON *o, const cJSON **before)
{
    const cJSON *prev = NULL;
    for (const cJSON *x = o->child; x; x = x->next) {
        if (cJSON_IsNull(x))
            continue;
        if (prev && strcmp(prev->string, x->string) >= 0) {
            *before = prev;
            return x;
        }
        prev = x;
    }
    return NULL;
}

/* Put the members of step schedule b in time order (keys of one form sort
 * as their times): a file's steps merged into its base's go where their
 * times say, so a proposal may add "06:00" before its base's "08:00". */
static void sort_steps(cJSON *b)
{
    if (!b->child || !b->child->next)
        return;
    cJSON *sorted = NULL;
    while (b->child) {
        cJSON *x = cJSON_DetachItemViaPointer(b, b->child);
        cJSON **at = &sorted, *prev = NULL;
        while (*at && strcmp((*at)->string, x->string) <= 0) {
            prev = *at;
            at = &(*at)->next;
        }
        x->next = *at;
        x->prev = prev;
        if (*at)
            (*at)->prev = x;
        *at = x;
    }
    /* cJSON's list: the first item's prev points at the last. */
    cJSON *last = sorted;
    while (last->next)
        last = last->next;
    sorted->prev = last;
    b->child = sorted;
}

/* Lay member d (at path) of a file over object b. */
static int merge_member(const struct merger *m, cJSON *b, const cJSON *d, const char *path)
{
    cJSON *under = cJSON_GetObjectItemCaseSensitive(b, d->string);
    if (cJSON_IsNull(d)) {
        cJSON_DeleteItemFromObjectCaseSensitive(b, d->string);
        return 0;
    }
    if (cJSON_IsObject(under) && cJSON_IsObject(d)) {
        /* A file's steps merged into a step schedule come out in time
         * order with the base's; the file's own steps must be in order (the
         * base's were checked where it was merged, or are by the reader). */
        const cJSON *before = NULL, *x = NULL;
        bool steps = is_steps(under) && is_steps(d) && !step_out_of_order(under, &before);
        if (steps && (x = step_out_of_order(d, &before))) {
            char kp[SCNM_PATH_LEN];
            scnm_path_key(kp, path, x->string);
            return merge_fail(m, kp, "expected a time after \"%s\" (steps in increasing order), "
                              "got \"%s\"", before->string, x->string);
        }
        if (merge_object(m, under, d, path, false) < 0)
            return -1;
        if (steps && is_steps(under))
            sort_steps(under);
        return 0;
    }
    if (is_named(under) && is_named(d))
        return merge_named(m, under, d, path);
    cJSON *n = fresh(m, d, path);
    if (!n)
        return -1;
    if (under ? !cJSON_ReplaceItemInObjectCaseSensitive(b, d->string, n)
              : !cJSON_AddItemToObject(b, d->string, n)) {
        cJSON_Delete(n);
        return out_of_memory(m->file, m->e);
    }
    return 0;
}

/* Lay object d (at path) of a file over object b; at the top level,
 * "extends" is not merged. */
static int merge_object(const struct merger *m, cJSON *b, const cJSON *d, const char *path,
                        bool top)
{
    char kp[SCNM_PATH_LEN];
    for (const cJSON *x = d->child; x; x = x->next) {
        if (top && strcmp(x->string, "extends") == 0)
            continue;
        scnm_path_key(kp, path, x->string);
        if (merge_member(m, b, x, kp) < 0)
            return -1;
    }
    return 0;
}

/* Lay named array d (at path) of a file over array b, by name: an item
 * merges into the item of its name, or is appended; {"name": x, "remove":
 * true} removes item x. */
static int merge_named(const struct merger *m, cJSON *b, const cJSON *d, const char *path)
{
    char ip[SCNM_PATH_LEN], kp[SCNM_PATH_LEN], jp[SCNM_PATH_LEN], g[SCNM_GOT_LEN];
    char shown[SCNM_SHOW_MAX + 4];
    size_t i = 0;
    for (const cJSON *x = d->child; x; x = x->next, i++) {
        const char *name = item_name(x);
        size_t j = 0;
        scnm_path_index(ip, path, i);
        scnm_show(shown, name);
        for (const cJSON *y = d->child; y != x; y = y->next, j++)
            if (strcmp(item_name(y), name) == 0) {
                scnm_path_key(kp, ip, "name");
                scnm_path_index(jp, path, j);
                return merge_fail(m, kp, "duplicate name \"%s\" (also %s)", shown, jp);
            }
        cJSON *under = find_named(b, name, NULL);
        const cJSON *rm = cJSON_GetObjectItemCaseSensitive(x, "remove");
        if (!rm && under) {
            if (merge_object(m, under, x, ip, false) < 0)
                return -1;
            continue;
        }
        if (!rm) {
            cJSON *n = fresh(m, x, ip);
            if (!n)
                return -1;
            if (!cJSON_AddItemToArray(b, n)) {
                cJSON_Delete(n);
                return out_of_memory(m->file, m->e);
            }
            continue;
        }
        if (!cJSON_IsTrue(rm)) {
            scnm_path_key(kp, ip, "remove");
            return merge_fail(m, kp, "expected true (remove the base's item \"%s\"), got %s",
                              shown, scnm_got(rm, g));
        }
        for (const cJSON *y = x->child; y; y = y->next)
            if (strcmp(y->string, "name") != 0 && strcmp(y->string, "remove") != 0) {
                scnm_path_key(kp, ip, y->string);
                return merge_fail(m, kp, "not allowed with \"remove\": an item that removes "
                                  "gives only \"name\" and \"remove\"");
            }
        if (!under)
            return merge_fail(m, ip, "cannot remove \"%s\": the base has no item of that name",
                              shown);
        cJSON_Delete(cJSON_DetachItemViaPointer(b, under));
    }
    return 0;
}

/* Merge the chain into d->root, from the root-most file to the leaf. */
static int merge_chain(struct scnm_doc *d, struct err *e)
{
    if (d->n > 1)
        for (size_t i = 0; i < d->n; i++) {
            struct merger m = {d->layer[i].file, e};
            if (check_duplicates(&m, d->layer[i].own, "") < 0)
                return -1;
        }
    if (!(d->root = cJSON_Duplicate(d->layer[d->n - 1].own, true)))
        return out_of_memory(d->layer[0].file, e);
    for (size_t i = d->n - 1; i-- > 0;) {
        struct merger m = {d->layer[i].file, e};
        if (merge_object(&m, d->root, d->layer[i].own, "", true) < 0)
            return -1;
    }
    return 0;
}

/* ---- paths --------------------------------------------------------------- */

enum step_kind {
    STEP_KEY,       /* key or .key: an object member */
    STEP_BARE,      /* [N] or [name] */
    STEP_QUOTED     /* ["any key"] */
};

struct step {
    enum step_kind kind;
    const char *text;           /* unquoted, in steps.buf */
    size_t start, end;          /* the step's characters in the path */
};

struct steps {
    size_t n;
    struct step s[PATH_STEPS_MAX];
    char buf[PATH_TEXT_MAX + 1];
};

static bool bare_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
           || ch == '_' || ch == '.' || ch == '-';
}

static bool key_char(char ch)
{
    return ch && ch != '.' && ch != '[' && ch != ']' && ch != '"';
}

/* Parse path into *st.  Returns 0, or -1 with the reason in why (WHY_LEN). */
static int parse_path(const char *path, struct steps *st, char *why)
{
    size_t len = strlen(path), i = 0;
    char *out = st->buf;
    st->n = 0;
    if (len == 0) {
        snprintf(why, WHY_LEN, "an empty path");
        return -1;
    }
    if (len > PATH_TEXT_MAX) {
        snprintf(why, WHY_LEN, "a path longer than %d characters", PATH_TEXT_MAX);
        return -1;
    }
    while (i < len) {
        if (st->n == PATH_STEPS_MAX) {
            snprintf(why, WHY_LEN, "a path of more than %d parts", PATH_STEPS_MAX);
            return -1;
        }
        struct step *s = &st->s[st->n];
        s->start = i;
        s->text = out;
        if (path[i] == '[' && path[i + 1] == '"') {
            s->kind = STEP_QUOTED;
            for (i += 2;;) {
                if (!path[i]) {
                    snprintf(why, WHY_LEN, "expected '\"]' to close the key in \"%s\"", path);
                    return -1;
                }
                if (path[i] == '\\' && path[i + 1])
                    i++;
                else if (path[i] == '"' && path[i + 1] == ']')
                    break;
                *out++ = path[i++];
            }
            i += 2;
        } else if (path[i] == '[') {
            s->kind = STEP_BARE;
            size_t from = ++i;
            while (bare_char(path[i]))
                *out++ = path[i++];
            if (i == from) {
                snprintf(why, WHY_LEN, "expected an index [N], a name [NAME] (A-Z a-z 0-9 _ . -) "
                         "or a quoted key [\"KEY\"] after \"%.*s\"", (int)i, path);
                return -1;
            }
            if (path[i] != ']') {
                snprintf(why, WHY_LEN, "expected \"]\" after \"%.*s\"", (int)i, path);
                return -1;
            }
            i++;
        } else {
            if (st->n > 0 && path[i] != '.') {
                snprintf(why, WHY_LEN, "expected \".\" or \"[\" after \"%.*s\"", (int)i, path);
                return -1;
            }
            i += st->n > 0;
            s->kind = STEP_KEY;
            size_t from = i;
            while (key_char(path[i]))
                *out++ = path[i++];
            if (i == from) {
                if (i)
                    snprintf(why, WHY_LEN, "expected a key after \"%.*s\"", (int)i, path);
                else
                    snprintf(why, WHY_LEN, "expected a key at the start of the path");
                return -1;
            }
        }
        *out++ = '\0';
        s->end = i;
        st->n++;
    }
    return 0;
}

/* Whether the text of s is an array index: digits only. */
static bool is_index(const struct step *s)
{
    size_t n = strspn(s->text, "0123456789");
    return s->kind == STEP_BARE && n > 0 && s->text[n] == '\0';
}

/* The item of array a that step s selects (its index in *index), or NULL. */
static cJSON *select_item(const cJSON *a, const struct step *s, size_t *index)
{
    if (s->kind == STEP_KEY)
        return NULL;
    if (!is_index(s))
        return find_named(a, s->text, index);
    if (strlen(s->text) > INDEX_DIGITS_MAX)
        return NULL;
    unsigned long i = strtoul(s->text, NULL, 10);
    if (i >= (unsigned long)cJSON_GetArraySize(a))
        return NULL;
    *index = i;
    return cJSON_GetArrayItem(a, (int)i);
}

/* ---- overrides ----------------------------------------------------------- */

/* Why step j of path (parsed as st) selects nothing in array a, into why. */
static void no_item(const char *path, const struct steps *st, size_t j, const cJSON *a,
                    char *why)
{
    const struct step *s = &st->s[j];
    int at = (int)s->start;
    char shown[SCNM_SHOW_MAX + 4];
    if (s->kind == STEP_KEY) {
        snprintf(why, WHY_LEN, "%.*s is an array; select an item with [N] or [NAME]", at, path);
        return;
    }
    if (is_index(s)) {
        snprintf(why, WHY_LEN, "%.*s has %d item%s; there is no item [%s]", at, path,
                 cJSON_GetArraySize(a), cJSON_GetArraySize(a) == 1 ? "" : "s", s->text);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(a), k = 0;
    const char **names = n ? malloc(n * sizeof *names) : NULL;
    const char *near = NULL;
    if (names) {
        for (const cJSON *x = a->child; x; x = x->next)
            if (item_name(x))
                names[k++] = item_name(x);
        near = scnm_suggest(s->text, names, k);
    }
    scnm_show(shown, s->text);
    if (near) {
        char near_shown[SCNM_SHOW_MAX + 4];     /* a name of the document: not checked yet */
        scnm_show(near_shown, near);
        snprintf(why, WHY_LEN, "%.*s has no item named \"%s\" (did you mean \"%s\"?)", at, path,
                 shown, near_shown);
    }
    else
        snprintf(why, WHY_LEN, "%.*s has no item named \"%s\"", at, path, shown);
    free(names);
}

/* Why step j of path cannot go into v, a value that is neither an object nor
 * an array, into why. */
static void not_container(const char *path, const struct steps *st, size_t j, const cJSON *v,
                          char *why)
{
    char g[SCNM_GOT_LEN];
    snprintf(why, WHY_LEN, "%.*s is %s, not an object or an array", (int)st->s[j].start, path,
             scnm_got(v, g));
}

/* The JSON value of an override's text: JSON if it parses, else a string
 * (a bare word such as sat).  Text that starts like an array, an object or a
 * string must be valid JSON, and no text may hold what scan_text refuses in
 * a file.  NULL if it is not so (*bad set, why (WHY_LEN) completing "the
 * value ...") or memory ran out. */
static cJSON *override_value(const char *text, bool *bad, char *why)
{
    size_t len = strlen(text), pos;
    const char *end = NULL;
    char scan[WHY_LEN];
    *bad = false;
    if (scan_text(text, len, scan) < len) {
        *bad = true;
        snprintf(why, WHY_LEN, "%s %.400s", strncmp(scan, "not", 3) == 0 ? "is" : "has", scan);
        return NULL;
    }
    cJSON *v = len ? cJSON_ParseWithLengthOpts(text, len, &end, false) : NULL;
    if (v) {
        for (pos = (size_t)(end - text); pos < len && json_space(text[pos]); pos++)
            ;
        if (pos == len)
            return v;
        cJSON_Delete(v);
    }
    for (pos = 0; pos < len && json_space(text[pos]); pos++)
        ;
    if (text[pos] == '[' || text[pos] == '{' || text[pos] == '"') {
        *bad = true;
        snprintf(why, WHY_LEN, "is not valid JSON (a bare word is taken as a string, but text "
                 "starting with [, { or \" must be JSON)");
        return NULL;
    }
    return cJSON_CreateString(text);
}

/* Levels of objects and arrays in v (0 for a scalar). */
static size_t json_depth(const cJSON *v)
{
    size_t deepest = 0;
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return 0;
    for (const cJSON *x = v->child; x; x = x->next) {
        size_t d = json_depth(x);
        if (d > deepest)
            deepest = d;
    }
    return deepest + 1;
}

/* The container that the last step of st (the path written path) leads
 * into from root, creating the object members missing on the way.  Returns
 * it; or NULL with why filled (no such item, or not a container), or NULL
 * with *oom set. */
static cJSON *override_parent(cJSON *root, const char *path, const struct steps *st, char *why,
                              bool *oom)
{
    cJSON *node = root;
    size_t index;
    *oom = false;
    for (size_t j = 0; j + 1 < st->n; j++) {
        const struct step *s = &st->s[j];
        cJSON *child = NULL;
        if (cJSON_IsObject(node)) {
            child = cJSON_GetObjectItemCaseSensitive(node, s->text);
            if (!child && (!(child = cJSON_CreateObject())
                           || !cJSON_AddItemToObject(node, s->text, child))) {
                cJSON_Delete(child);
                *oom = true;
                return NULL;
            }
        } else if (cJSON_IsArray(node)) {
            if (!(child = select_item(node, s, &index)))
                no_item(path, st, j, node, why);
        } else {
            not_container(path, st, j, node, why);
        }
        if (!child)
            return NULL;
        node = child;
    }
    return node;
}

/* Put v at the last step of st in node (its container): replace or add the
 * member or item, or remove it when v is null.  v is consumed whatever
 * happens.  Returns 0; EXIT_USAGE with why filled (no such item, or node is
 * not a container); or EXIT_FAIL (out of memory). */
static int override_put(cJSON *node, const char *path, const struct steps *st, cJSON *v,
                        char *why)
{
    const struct step *s = &st->s[st->n - 1];
    size_t index;
    bool ok = true;
    if (cJSON_IsObject(node)) {
        if (cJSON_IsNull(v)) {
            cJSON_DeleteItemFromObjectCaseSensitive(node, s->text);
            cJSON_Delete(v);
        } else if (cJSON_GetObjectItemCaseSensitive(node, s->text)) {
            ok = cJSON_ReplaceItemInObjectCaseSensitive(node, s->text, v);
        } else {
            ok = cJSON_AddItemToObject(node, s->text, v);
        }
    } else if (cJSON_IsArray(node)) {
        cJSON *item = select_item(node, s, &index);
        if (!item) {
            no_item(path, st, st->n - 1, node, why);
            cJSON_Delete(v);
            return EXIT_USAGE;
        }
        if (cJSON_IsNull(v)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(node, item));
            cJSON_Delete(v);
        } else {
            ok = cJSON_ReplaceItemViaPointer(node, item, v);
        }
    } else {
        not_container(path, st, st->n - 1, node, why);
        cJSON_Delete(v);
        return EXIT_USAGE;
    }
    if (!ok)
        cJSON_Delete(v);
    return ok ? 0 : EXIT_FAIL;
}

/* Apply override o to d->root.  Returns 0, or -1 with *e filled: EXIT_USAGE
 * for a bad path or value, EXIT_FAIL if out of memory. */
static int apply_override(struct scnm_doc *d, const struct scn_override *o, struct err *e)
{
    struct steps st = { 0 };
    char why[WHY_LEN], label[ERR_MSG_MAX], shown[SCNM_SHOW_MAX + 4];
    bool bad, oom;
    if (parse_path(o->path, &st, why) < 0)
        return err_set(e, EXIT_USAGE, "--set %s=%s: %s", o->path, o->value, why);
    if (strcmp(st.s[0].text, "extends") == 0)
        return err_set(e, EXIT_USAGE, "--set %s=%s: \"extends\" is read from the files; it cannot "
                       "be set", o->path, o->value);
    cJSON *v = override_value(o->value, &bad, why), *node;
    if (!v && bad)
        return err_set(e, EXIT_USAGE, "--set %s=%s: the value %s", o->path, o->value, why);
    if (!v)
        return err_set(e, EXIT_FAIL, "--set %s=%s: out of memory", o->path, o->value);
    int rc = -1;
    scnm_show(shown, o->value);         /* a long value would hide the message */
    snprintf(label, sizeof label, "--set %s=%s", o->path, shown);
    size_t depth = json_depth(v);
    if (st.n + depth > SCNM_DEPTH_MAX) {
        err_set(e, EXIT_USAGE, "%s: nesting deeper than %d levels of objects and arrays (the "
                "path's %zu and the value's %zu)", label, SCNM_DEPTH_MAX, st.n, depth);
        goto out;
    }
    if (check_shape(label, v, o->path, e) < 0)
        goto out;
    if (!(node = override_parent(d->root, o->path, &st, why, &oom))) {
        if (oom)
            err_set(e, EXIT_FAIL, "--set %s=%s: out of memory", o->path, o->value);
        else
            err_set(e, EXIT_USAGE, "--set %s=%s: %s", o->path, o->value, why);
        goto out;
    }
    int put = override_put(node, o->path, &st, v, why);
    v = NULL;                           /* consumed */
    if (put == EXIT_USAGE)
        err_set(e, EXIT_USAGE, "--set %s=%s: %s", o->path, o->value, why);
    else if (put == EXIT_FAIL)
        err_set(e, EXIT_FAIL, "--set %s=%s: out of memory", o->path, o->value);
    else
        rc = 0;
out:
    cJSON_Delete(v);
    return rc;
}

/* ---- who set what -------------------------------------------------------- */

/* A step of a path resolved in the merged document: an object member or an
 * array item. */
struct place {
    bool is_item;
    size_t index;
    const char *key;
};

/* Resolve st in root into out[]; returns how many steps resolve (an array
 * item that is not there stops it). */
static size_t resolve_places(const cJSON *root, const struct steps *st, struct place *out)
{
    const cJSON *node = root;
    for (size_t j = 0; j < st->n; j++) {
        const struct step *s = &st->s[j];
        if (cJSON_IsArray(node)) {
            size_t index = 0;
            if (!(node = select_item(node, s, &index)))
                return j;
            out[j] = (struct place){true, index, NULL};
        } else {
            out[j] = (struct place){false, 0, s->text};
            node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, s->text) : NULL;
        }
    }
    return st->n;
}

static bool same_place(const struct place *a, const struct place *b)
{
    return a->is_item == b->is_item && (a->is_item ? a->index == b->index
                                                   : strcmp(a->key, b->key) == 0);
}

/* Whether override o set the value at the path whose places are at[0..n):
 * its path contains that path, or that path (not the top level) contains
 * the override's. */
static bool override_sets(const cJSON *root, const struct scn_override *o,
                          const struct place *at, size_t n)
{
    struct place ov[PATH_STEPS_MAX];
    char why[WHY_LEN];
    struct steps *ps = malloc(sizeof *ps);
    if (!ps || parse_path(o->path, ps, why) < 0) {
        free(ps);
        return false;
    }
    size_t k = resolve_places(root, ps, ov), common = k < n ? k : n;
    bool sets = k == ps->n && n > 0;    /* keys in ov[] point into *ps */
    for (size_t j = 0; sets && j < common; j++)
        sets = same_place(&ov[j], &at[j]);
    free(ps);
    return sets;
}

/* How many steps of st file layer `own` has: the merged document and own
 * are walked together, an array item of own found by the name of the
 * merged item (by its index if it has no name). */
static size_t depth_in(const cJSON *root, const cJSON *own, const struct steps *st)
{
    const cJSON *m = root, *f = own;
    for (size_t j = 0; j < st->n; j++) {
        const struct step *s = &st->s[j];
        if (cJSON_IsArray(m)) {
            size_t index = 0;
            if (!(m = select_item(m, s, &index)))
                return j;
            const char *name = item_name(m);
            if (!cJSON_IsArray(f))
                return j;
            f = name ? find_named(f, name, NULL) : cJSON_GetArrayItem(f, (int)index);
        } else {
            m = cJSON_IsObject(m) ? cJSON_GetObjectItemCaseSensitive(m, s->text) : NULL;
            f = cJSON_IsObject(f) ? cJSON_GetObjectItemCaseSensitive(f, s->text) : NULL;
        }
        if (!f)
            return j;
    }
    return st->n;
}

void scnm_blame(const struct scnm_doc *d, const char *path, const char **file, char *suffix,
                size_t n)
{
    char why[WHY_LEN];
    struct place at[PATH_STEPS_MAX];
    struct steps *st = malloc(sizeof *st);
    *file = d->layer[0].file;
    suffix[0] = '\0';
    if (!st)
        return;
    if (!path[0])
        st->n = 0;
    else if (parse_path(path, st, why) < 0) {
        free(st);
        return;
    }
    size_t k = resolve_places(d->root, st, at);
    for (size_t i = d->n_ov; i-- > 0;)
        if (override_sets(d->root, &d->ov[i], at, k)) {
            snprintf(suffix, n, " (set by --set %s=%s)", d->ov[i].path, d->ov[i].value);
            free(st);
            return;
        }
    size_t best = 0;
    for (size_t i = 0; i < d->n; i++) {
        size_t depth = depth_in(d->root, d->layer[i].own, st);
        if (depth == st->n) {
            *file = d->layer[i].file;
            break;
        }
        if (depth > best) {
            best = depth;
            *file = d->layer[i].file;
        }
    }
    free(st);
}

/* ---- open and close ------------------------------------------------------ */

struct scnm_doc *scnm_open(const char *label, const char *text, size_t len,
                           const struct scn_override *ov, size_t n_ov, struct err *e)
{
    struct scnm_doc *d = calloc(1, sizeof *d);
    if (!d) {
        out_of_memory(label, e);
        return NULL;
    }
    d->ov = ov;
    d->n_ov = n_ov;
    if (load_leaf(d, label, text, len, e) < 0 || load_bases(d, e) < 0 || merge_chain(d, e) < 0)
        goto fail;
    for (size_t i = 0; i < n_ov; i++)
        if (apply_override(d, &ov[i], e) < 0)
            goto fail;
    return d;
fail:
    scnm_close(d);
    return NULL;
}

const cJSON *scnm_root(const struct scnm_doc *d)
{
    return d->root;
}

void scnm_close(struct scnm_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->layer[i].file);
        cJSON_Delete(d->layer[i].own);
    }
    cJSON_Delete(d->root);
    free(d);
}

/* ---- --set arguments ----------------------------------------------------- */

static int set_usage(const char *arg, struct err *e)
{
    return err_set(e, EXIT_USAGE, "--set %s: expected PATH=VALUE[,VALUE...]", arg);
}

/* Append text (malloc'd, consumed) to *values (n, capacity *cap).  Returns
 * 0, or -1 (text freed) if memory runs out. */
static int push_value(char ***values, size_t *n, size_t *cap, char *text)
{
    if (!text)
        return -1;
    if (*n == *cap) {
        size_t grown = *cap ? 2 * *cap : 8;
        char **nv = realloc(*values, grown * sizeof *nv);
        if (!nv) {
            free(text);
            return -1;
        }
        *values = nv;
        *cap = grown;
    }
    (*values)[(*n)++] = text;
    return 0;
}

/* The finite number that is all of text[0..len), into *x. */
static bool whole_number(const char *text, size_t len, double *x)
{
    char buf[RANGE_TEXT_LEN * 2], *end;
    if (len == 0 || len >= sizeof buf || json_space(text[0]))
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    *x = strtod(buf, &end);
    return *end == '\0' && isfinite(*x);
}

/* If piece (len bytes) is a range FROM:TO:STEP, push its values and set
 * *range.  Returns 0, or -1 with *e set. */
static int expand_range(const char *arg, const char *piece, size_t len, char ***values,
                        size_t *n, size_t *cap, bool *range, struct err *e)
{
    const char *c1 = memchr(piece, ':', len);
    const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - piece)) : NULL;
    double from, to, step;
    *range = false;
    if (!c2 || memchr(c2 + 1, ':', len - (size_t)(c2 + 1 - piece))
        || !whole_number(piece, (size_t)(c1 - piece), &from)
        || !whole_number(c1 + 1, (size_t)(c2 - c1 - 1), &to)
        || !whole_number(c2 + 1, len - (size_t)(c2 + 1 - piece), &step))
        return 0;
    *range = true;
    int w = (int)len;
    if (!(step > 0))
        return err_set(e, EXIT_USAGE, "--set %s: range %.*s: expected a STEP > 0", arg, w, piece);
    if (from > to)
        return err_set(e, EXIT_USAGE, "--set %s: range %.*s: expected FROM <= TO", arg, w, piece);
    double count = floor((to - from) / step + RANGE_TOL) + 1;
    if (!(count <= RANGE_VALUES_MAX))
        return err_set(e, EXIT_USAGE, "--set %s: range %.*s: expected at most %d values, got %.15g",
                       arg, w, piece, RANGE_VALUES_MAX, count);
    for (int k = 0; k < (int)count; k++) {
        char text[RANGE_TEXT_LEN];
        double x = from + k * step;
        if (fabs(x) < RANGE_TOL * step)
            x = 0;              /* -0.3 + 3 x 0.1 is 5.6e-17 in binary: print 0 */
        snprintf(text, sizeof text, RANGE_FORMAT, x);
        if (push_value(values, n, cap, strdup(text)) < 0)
            return err_set(e, EXIT_FAIL, "--set %s: out of memory", arg);
    }
    return 0;
}

/* The JSON text of value piece (len bytes), malloc'd: piece itself if it is
 * JSON, else piece as a JSON string.  NULL with *e set. */
static char *value_text(const char *arg, const char *piece, size_t len, struct err *e)
{
    char *raw = strndup(piece, len), *text = NULL;
    bool bad;
    char why[WHY_LEN];
    cJSON *v = raw ? override_value(raw, &bad, why) : NULL;
    if (!v && raw && bad)
        err_set(e, EXIT_USAGE, "--set %s: value %s %s", arg, raw, why);
    else if (!v)
        err_set(e, EXIT_FAIL, "--set %s: out of memory", arg);
    else if (!cJSON_IsString(v) || raw[strspn(raw, " \t\r\n")] == '"') {
        text = raw;             /* JSON as written */
        raw = NULL;
    } else {                    /* a bare word: quote it */
        char *printed = cJSON_PrintUnformatted(v);
        if (!printed || !(text = strdup(printed)))
            err_set(e, EXIT_FAIL, "--set %s: out of memory", arg);
        cJSON_free(printed);
    }
    cJSON_Delete(v);
    free(raw);
    return text;
}

int scn_set_parse(const char *arg, char **path, char ***values, size_t *n, struct err *e)
{
    struct steps *st = NULL;
    char why[WHY_LEN];
    size_t cap = 0;
    *path = NULL;
    *values = NULL;
    *n = 0;
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1])
        return set_usage(arg, e);
    if (!(*path = strndup(arg, (size_t)(eq - arg))) || !(st = malloc(sizeof *st))) {
        err_set(e, EXIT_FAIL, "--set %s: out of memory", arg);
        goto fail;
    }
    if (parse_path(*path, st, why) < 0) {
        err_set(e, EXIT_USAGE, "--set %s: %s", arg, why);
        goto fail;
    }
    /* Split at the commas outside brackets, braces and strings. */
    const char *piece = eq + 1;
    int depth = 0;
    bool quoted = false;
    size_t count = 0;
    for (const char *p = piece;; p++) {
        if (quoted) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                quoted = false;
            if (*p)
                continue;
        }
        if (*p == '"')
            quoted = true;
        else if (*p == '[' || *p == '{')
            depth++;
        else if ((*p == ']' || *p == '}') && depth > 0)
            depth--;
        if (*p && (*p != ',' || depth > 0 || quoted))
            continue;
        size_t len = (size_t)(p - piece);
        bool range;
        count++;
        if (len == 0) {
            err_set(e, EXIT_USAGE, "--set %s: value %zu is empty; expected PATH=VALUE[,VALUE...]",
                    arg, count);
            goto fail;
        }
        if (expand_range(arg, piece, len, values, n, &cap, &range, e) < 0)
            goto fail;
        if (!range) {
            char *text = value_text(arg, piece, len, e);
            if (!text)
                goto fail;
            if (push_value(values, n, &cap, text) < 0) {
                err_set(e, EXIT_FAIL, "--set %s: out of memory", arg);
                goto fail;
            }
        }
        if (!*p)
            break;
        piece = p + 1;
    }
    free(st);
    return 0;
fail:
    free(st);
    scn_set_free(*path, *values, *n);
    *path = NULL;
    *values = NULL;
    *n = 0;
    return -1;
}

void scn_set_free(char *path, char **values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    free(values);
    free(path);
}

/* ---- the merged document as text (scenario.h) ----------------------------- */

/* The merged document of scenario path as JSON text, compact or indented. */
static char *merged_text(const char *path, const struct scn_override *ov, size_t n_ov,
                         bool pretty, struct err *e)
{
    struct scnm_doc *d = scnm_open(path, NULL, 0, ov, n_ov, e);
    if (!d)
        return NULL;
    char *text = pretty ? cJSON_Print(d->root) : cJSON_PrintUnformatted(d->root);
    scnm_close(d);
    if (!text)
        out_of_memory(path, e);
    return text;
}

char *scn_merged_text(const char *path, const struct scn_override *ov, size_t n_ov,
                      struct err *e)
{
    return merged_text(path, ov, n_ov, false, e);
}

char *scn_merged_pretty(const char *path, const struct scn_override *ov, size_t n_ov,
                        struct err *e)
{
    return merged_text(path, ov, n_ov, true, e);
}

const char *scn_suggest(const char *s, const char *const *names, size_t n)
{
    return scnm_suggest(s, names, n);
}

/* ---- a file that extends another (scenario.h) ---------------------------- */

/* The patch that, laid over base by the rules of "extends", gives target:
 * objects member by member (a member of base that target lacks set to
 * null), named arrays item by item (an item target lacks removed), other
 * values whole.  *out is NULL when the two are equal.  Returns 0, or -1
 * with *e (memory, or two named arrays whose order a patch cannot give). */
static int json_patch(const cJSON *base, const cJSON *target, cJSON **out, const char *label,
                      struct err *e)
{
    *out = NULL;
    if (cJSON_Compare(base, target, true))
        return 0;
    cJSON *p = NULL;
    if (cJSON_IsObject(base) && cJSON_IsObject(target)) {
        if (!(p = cJSON_CreateObject()))
            goto oom;
        for (const cJSON *t = target->child; t; t = t->next) {
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(base, t->string);
            cJSON *sub = NULL;
            if (!b)
                sub = cJSON_Duplicate(t, true);
            else if (json_patch(b, t, &sub, label, e) < 0)
                goto fail;
            if ((!b || sub) && (!sub || !cJSON_AddItemToObject(p, t->string, sub))) {
                cJSON_Delete(sub);
                goto oom;
            }
        }
        for (const cJSON *b = base->child; b; b = b->next)
            if (!cJSON_GetObjectItemCaseSensitive(target, b->string)
                && !cJSON_AddItemToObject(p, b->string, cJSON_CreateNull()))
                goto oom;
    } else if (is_named(base) && is_named(target)) {
        if (!(p = cJSON_CreateArray()))
            goto oom;
        size_t last = 0;
        for (const cJSON *t = target->child; t; t = t->next) {
            size_t at;
            const cJSON *b = find_named(base, item_name(t), &at);
            if (!b) {
                last = SIZE_MAX;
                continue;
            }
            if (last == SIZE_MAX || at < last)
                return err_set(e, EXIT_FAIL, "%s: internal error: the items of a named array "
                               "moved; a file that extends cannot say so", label);
            last = at;
        }
        for (const cJSON *b = base->child; b; b = b->next) {
            const cJSON *t = find_named(target, item_name(b), NULL);
            cJSON *item = NULL;
            if (!t) {
                if (!(item = cJSON_CreateObject())
                    || !cJSON_AddStringToObject(item, "name", item_name(b))
                    || !cJSON_AddTrueToObject(item, "remove"))
                    goto oom_item;
            } else {
                if (json_patch(b, t, &item, label, e) < 0)
                    goto fail;
                if (!item)
                    continue;
                /* The same name: the patch names the item first. */
                cJSON *ordered = cJSON_CreateObject();
                if (!ordered || !cJSON_AddStringToObject(ordered, "name", item_name(b))) {
                    cJSON_Delete(ordered);
                    cJSON_Delete(item);
                    goto oom;
                }
                while (item->child) {
                    cJSON *m = cJSON_DetachItemViaPointer(item, item->child);
                    cJSON_AddItemToObject(ordered, m->string, m);
                }
                cJSON_Delete(item);
                item = ordered;
            }
            if (!cJSON_AddItemToArray(p, item))
                goto oom_item;
            continue;
        oom_item:
            cJSON_Delete(item);
            goto oom;
        }
        for (const cJSON *t = target->child; t; t = t->next)
            if (!find_named(base, item_name(t), NULL)) {
                cJSON *item = cJSON_Duplicate(t, true);
                if (!item || !cJSON_AddItemToArray(p, item)) {
                    cJSON_Delete(item);
                    goto oom;
                }
            }
    } else if (!(p = cJSON_Duplicate(target, true))) {
        goto oom;
    }
    *out = p;
    return 0;
oom:
    cJSON_Delete(p);
    return out_of_memory(label, e);
fail:
    cJSON_Delete(p);
    return -1;
}

/* Compact JSON of v with a space after each ':' and ',' outside strings
 * (malloc'd), or NULL. */
static char *spaced(const cJSON *v)
{
    char *c = cJSON_PrintUnformatted(v);
    if (!c)
        return NULL;
    size_t n = strlen(c), k = 0;
    char *out = malloc(2 * n + 1);
    bool in = false;
    for (size_t i = 0; out && i < n; i++) {
        out[k++] = c[i];
        if (in && c[i] == '\\' && i + 1 < n)
            out[k++] = c[++i];
        else if (c[i] == '"')
            in = !in;
        else if (!in && (c[i] == ':' || c[i] == ','))
            out[k++] = ' ';
    }
    if (out)
        out[k] = '\0';
    free(c);
    return out;
}

/* A scenario document as people write one: a member per line, the items of
 * an array of objects (lane groups, demand streams) one per line, the rest
 * of each on its line.  NULL if out of memory. */
static char *scenario_print(const cJSON *doc)
{
    size_t cap = 4096, k = 0;
    char *out = malloc(cap);
    bool ok = out != NULL;
#define PUT(s)                                                                                  \
    do {                                                                                        \
        const char *s_ = (s);                                                                   \
        size_t l_ = strlen(s_);                                                                 \
        if (ok && k + l_ + 1 > cap) {                                                           \
            while (k + l_ + 1 > cap)                                                            \
                cap *= 2;                                                                       \
            char *n_ = realloc(out, cap);                                                       \
            ok = n_ != NULL;                                                                    \
            if (ok)                                                                             \
                out = n_;                                                                       \
        }                                                                                       \
        if (ok) {                                                                               \
            memcpy(out + k, s_, l_ + 1);                                                        \
            k += l_;                                                                            \
        }                                                                                       \
    } while (0)
    PUT("{\n");
    for (const cJSON *m = doc->child; m && ok; m = m->next) {
        cJSON *key = cJSON_CreateString(m->string);
        char *kt = key ? cJSON_PrintUnformatted(key) : NULL;
        cJSON_Delete(key);
        ok = kt != NULL;
        PUT("  ");
        PUT(kt ? kt : "");
        PUT(": ");
        free(kt);
        bool rows = cJSON_IsArray(m) && m->child && cJSON_IsObject(m->child);
        if (rows) {
            PUT("[\n");
            for (const cJSON *x = m->child; x && ok; x = x->next) {
                char *t = spaced(x);
                ok = t != NULL;
                PUT("    ");
                PUT(t ? t : "");
                PUT(x->next ? ",\n" : "\n");
                free(t);
            }
            PUT("  ]");
        } else {
            char *t = spaced(m);
            ok = t != NULL;
            PUT(t ? t : "");
            free(t);
        }
        PUT(m->next ? ",\n" : "\n");
    }
    PUT("}");
#undef PUT
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

char *scn_extension_text(const char *path, const char *extends, const struct scn_override *bov,
                         size_t n_bov, const struct scn_override *ov, size_t n_ov,
                         struct err *e)
{
    struct scnm_doc *base = scnm_open(path, NULL, 0, bov, n_bov, e), *target = NULL;
    cJSON *patch = NULL, *doc = NULL, *check = NULL;
    char *text = NULL;
    if (!base || !(target = scnm_open(path, NULL, 0, ov, n_ov, e))
        || json_patch(base->root, target->root, &patch, path, e) < 0)
        goto done;
    if (!(doc = cJSON_CreateObject()) || !cJSON_AddStringToObject(doc, "extends", extends)) {
        out_of_memory(path, e);
        goto done;
    }
    /* Who the scenario is first, then what changes. */
    static const char *const first[] = { "name", "title", "sources", "notes" };
    for (size_t i = 0; patch && i < sizeof first / sizeof *first; i++) {
        cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(patch, first[i]);
        if (m)
            cJSON_AddItemToObject(doc, first[i], m);
    }
    while (patch && patch->child) {
        cJSON *m = cJSON_DetachItemViaPointer(patch, patch->child);
        cJSON_AddItemToObject(doc, m->string, m);
    }
    /* The patch laid over the base by the merge itself must give the target. */
    struct merger m = { path, e };
    if (!(check = cJSON_Duplicate(base->root, true))) {
        out_of_memory(path, e);
        goto done;
    }
    if (merge_object(&m, check, doc, "", true) < 0)
        goto done;
    if (!cJSON_Compare(check, target->root, true)) {
        err_set(e, EXIT_FAIL, "%s: internal error: the file written to extend it would not "
                "give the scenario intended", path);
        goto done;
    }
    if (!(text = scenario_print(doc)))
        out_of_memory(path, e);
done:
    cJSON_Delete(check);
    cJSON_Delete(doc);
    cJSON_Delete(patch);
    scnm_close(target);
    scnm_close(base);
    return text;
}
