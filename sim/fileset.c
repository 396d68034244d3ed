/*
 * fileset.c - output folders written as sets with a manifest (fileset.h).
 *
 * Each file is composed in memory first (open_memstream), so that its
 * digest is known before a byte reaches the disk and a write error carries
 * the errno of the write itself (ENOSPC, EDQUOT, EFBIG, EROFS, ...).  Sets
 * are small (a few files of kilobytes to megabytes), so holding one file in
 * memory at a time costs nothing that matters.
 *
 * The manifest is JSON printed by cJSON with fixed key order, and holds no
 * time stamp or process id: the same set always has the same manifest bytes
 * (outputs are compared byte for byte between runs).
 */
#define _XOPEN_SOURCE 700    /* realpath */
#include "fileset.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cJSON.h>

#include "digest.h"
#include "signals.h"
#include "version.h"

#define MANIFEST_MAX_BYTES (16L * 1024 * 1024)
#define NAME_MAX_LEN 255
#define COPY_CHUNK 65536

/* Files being put in place: temporary and final names; the manifest last. */
struct pending {
    int n;
    char tmp[FSET_FILES_MAX + 1][FSET_PATH_MAX];
    char fin[FSET_FILES_MAX + 1][FSET_PATH_MAX];
};

struct entry {
    char name[NAME_MAX_LEN + 1];
    double bytes;
    char hex[DIGEST_HEX];
};

/* True (and *e filled) if a signal asks to stop. */
static bool stopped(const char *dir, struct err *e)
{
    int sig = sig_caught();
    if (!sig)
        return false;
    err_set(e, sig_status(sig), "%s: stopped by %s before anything was replaced", dir,
            sig_name(sig));
    return true;
}

/* A plain file name: no slash, not hidden, not empty. */
static bool plain_name(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= NAME_MAX_LEN && s[0] != '.' && !strchr(s, '/');
}

int fset_join(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, FSET_PATH_MAX, "%s/%s", dir, name);
    return n < 0 || n >= FSET_PATH_MAX ? -1 : 0;
}

int fset_mkdirs(const char *dir, struct err *e)
{
    char buf[FSET_PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return err_set(e, EXIT_FAIL, "%s: cannot create the output folder: %s", dir,
                       strerror(ENAMETOOLONG));
    memcpy(buf, dir, n + 1);
    for (char *c = buf + 1; *c; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(buf, 0777) < 0 && errno != EEXIST)
            goto fail;
        *c = '/';
    }
    if (mkdir(buf, 0777) < 0 && errno != EEXIST)
        goto fail;
    struct stat st;
    if (stat(buf, &st) < 0)
        goto fail;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    return 0;
fail:
    return err_set(e, EXIT_FAIL, "%s: cannot create the output folder: %s", dir, strerror(errno));
}

/* May this process create entries in folder dir (write and search)? */
static bool writable(const char *dir)
{
    return faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0;
}

/* dir cannot be created: err says why, or file (if not NULL) is a file in
 * the way. */
static int not_creatable(const char *dir, const char *file, int err, struct err *e)
{
    if (file)
        return err_set(e, EXIT_FAIL, "%s: cannot create the output folder: %s (%s is a file)",
                       dir, strerror(ENOTDIR), file);
    return err_set(e, EXIT_FAIL, "%s: cannot create the output folder: %s", dir, strerror(err));
}

int fset_ready(const char *dir, struct err *e)
{
    char buf[FSET_PATH_MAX];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return err_set(e, EXIT_FAIL, "%s: cannot create the output folder: %s", dir,
                       strerror(ENAMETOOLONG));
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return not_creatable(dir, dir, 0, e);
        if (!writable(dir))
            return err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", dir,
                           strerror(errno), dir);
        return 0;
    }
    if (errno != ENOENT && errno != ENOTDIR)
        return not_creatable(dir, NULL, errno, e);
    /* Up to the nearest ancestor that exists: "a/b/c" -> "a/b" -> "a" -> ".". */
    memcpy(buf, dir, n + 1);
    for (;;) {
        while (n > 1 && buf[n - 1] == '/')          /* trailing slashes */
            buf[--n] = '\0';
        while (n > 0 && buf[n - 1] != '/')          /* the last name */
            buf[--n] = '\0';
        while (n > 1 && buf[n - 1] == '/')
            buf[--n] = '\0';
        if (n == 0)
            memcpy(buf, ".", 2);
        if (stat(buf, &st) == 0)
            break;
        if ((errno != ENOENT && errno != ENOTDIR) || n <= 1)
            return not_creatable(dir, NULL, errno, e);
    }
    if (!S_ISDIR(st.st_mode))
        return not_creatable(dir, buf, 0, e);
    if (!writable(buf))
        return not_creatable(dir, NULL, errno, e);
    return 0;
}

void fset_clean(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *s = de->d_name, *t = strstr(s, ".tmp.");
        if (s[0] != '.' || !t || t == s)
            continue;
        const char *digits = t + 5;
        while (strstr(digits, ".tmp."))     /* the last ".tmp." */
            digits = strstr(digits, ".tmp.") + 5;
        size_t nd = strspn(digits, "0123456789");
        const char *ext = digits + nd;      /* "" or ".png" */
        if (nd == 0 || nd > 9 || (*ext && (ext[0] != '.' || !ext[1]
                                          || strspn(ext + 1, "abcdefghijklmnopqrstuvwxyz")
                                                 != strlen(ext + 1))))
            continue;
        pid_t pid = (pid_t)atol(digits);
        if (pid <= 0 || pid == getpid() || !(kill(pid, 0) < 0 && errno == ESRCH))
            continue;
        char p[FSET_PATH_MAX];
        if (fset_join(p, dir, s) == 0)
            unlink(p);
    }
    closedir(d);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reserve the temporary name of dir/name in p. */
static int add_pending(struct pending *p, const char *dir, const char *name, struct err *e)
{
    assert(p->n <= FSET_FILES_MAX);
    char base[NAME_MAX_LEN + 32];
    snprintf(base, sizeof base, ".%s.tmp.%ld", name, (long)getpid());
    if (fset_join(p->fin[p->n], dir, name) < 0 || fset_join(p->tmp[p->n], dir, base) < 0)
        return err_set(e, EXIT_FAIL, "%s/%s: path too long", dir, name);
    unlink(p->tmp[p->n]);           /* ours from an earlier call, if any */
    p->n++;
    return 0;
}

static void drop_pending(struct pending *p)
{
    for (int i = 0; i < p->n; i++)
        unlink(p->tmp[i]);
    p->n = 0;
}

/* Write n bytes to the newest pending temporary. */
static int put_bytes(struct pending *p, const char *dir, const char *buf, size_t n,
                     struct err *e)
{
    const char *tmp = p->tmp[p->n - 1], *fin = p->fin[p->n - 1];
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", fin,
                       strerror(errno), dir);
    if (write_all(fd, buf, n) < 0) {
        int saved = errno;
        close(fd);
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", fin,
                       strerror(saved), dir);
    }
    if (close(fd) != 0)
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", fin,
                       strerror(errno), dir);
    return 0;
}

int fset_save(const char *dir, const char *name, const void *data, size_t n, struct err *e)
{
    char fin[FSET_PATH_MAX], tmp[FSET_PATH_MAX], base[NAME_MAX_LEN + 32];
    assert(plain_name(name));
    snprintf(base, sizeof base, ".%s.tmp.%ld", name, (long)getpid());
    if (fset_join(fin, dir, name) < 0 || fset_join(tmp, dir, base) < 0)
        return err_set(e, EXIT_FAIL, "%s/%s: cannot write: %s", dir, name,
                       strerror(ENAMETOOLONG));
    unlink(tmp);                    /* ours from an earlier call, if any */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s", fin, strerror(errno));
    int bad = write_all(fd, data, n) < 0 ? errno : 0;
    if (close(fd) != 0 && !bad)
        bad = errno;
    if (!bad && rename(tmp, fin) != 0)
        bad = errno;
    if (!bad)
        return 0;
    unlink(tmp);
    return err_set(e, EXIT_FAIL, "%s: cannot write: %s", fin, strerror(bad));
}

/* Step 2 and 3 of the protocol: the temporaries of p are all written. */
static int commit(const char *dir, struct pending *p, const char *const *drop, size_t n_drop,
                  struct err *e)
{
    char path[FSET_PATH_MAX];
    if (fset_join(path, dir, FSET_MANIFEST) < 0 || (unlink(path) != 0 && errno != ENOENT))
        return err_set(e, EXIT_FAIL, "%s: cannot remove the old %s: %s; %s was not changed",
                       dir, FSET_MANIFEST, strerror(errno), dir);
    for (size_t i = 0; i < n_drop; i++) {
        bool in_set = false;
        for (int k = 0; k < p->n; k++) {
            const char *b = strrchr(p->fin[k], '/');
            in_set |= b && !strcmp(b + 1, drop[i]);
        }
        if (in_set || fset_join(path, dir, drop[i]) < 0)
            continue;
        if (unlink(path) != 0 && errno != ENOENT)
            return err_set(e, EXIT_FAIL, "%s: cannot remove: %s; %s holds no complete result "
                           "now (no %s)", path, strerror(errno), dir, FSET_MANIFEST);
    }
    for (int i = 0; i < p->n; i++)      /* the manifest is the last one */
        if (rename(p->tmp[i], p->fin[i]) != 0)
            return err_set(e, EXIT_FAIL, "%s: cannot rename into place: %s; %s holds no "
                           "complete result now (no %s)", p->fin[i], strerror(errno), dir,
                           FSET_MANIFEST);
    p->n = 0;
    return 0;
}

char *fset_read(const char *path, long max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 8192;
            char *nb = realloc(buf, cap);
            if (!nb)
                goto fail;
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if ((long)n > max) {
            errno = EFBIG;
            goto fail;
        }
        if (r == 0)
            break;
    }
    if (ferror(f)) {
        errno = EIO;
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:;
    int saved = errno;
    free(buf);
    fclose(f);
    errno = saved;
    return NULL;
}

/* SHA-256 of the manifest of folder dir, in hex; -1 with errno if unreadable. */
static int manifest_digest(const char *dir, char hex[DIGEST_HEX])
{
    char path[FSET_PATH_MAX];
    size_t n;
    if (fset_join(path, dir, FSET_MANIFEST) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *text = fset_read(path, MANIFEST_MAX_BYTES, &n);
    if (!text)
        return -1;
    digest_hex(text, n, hex);
    free(text);
    return 0;
}

static char *manifest_text(const char *dir, const struct fset_meta *m, const struct entry *ent,
                           int n, struct err *e)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "kind", m->kind);
    cJSON_AddStringToObject(root, "fingerprint", m->fingerprint ? m->fingerprint : "");
    cJSON_AddStringToObject(root, "settings", m->settings ? m->settings : "");
    cJSON *files = cJSON_AddArrayToObject(root, "files");
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", ent[i].name);
        cJSON_AddNumberToObject(o, "bytes", ent[i].bytes);
        cJSON_AddStringToObject(o, "sha256", ent[i].hex);
        cJSON_AddItemToArray(files, o);
    }
    cJSON *folders = cJSON_AddArrayToObject(root, "folders");
    for (size_t i = 0; i < m->n_folders; i++) {
        char sub[FSET_PATH_MAX], hex[DIGEST_HEX];
        if (fset_join(sub, dir, m->folders[i]) < 0 || manifest_digest(sub, hex) < 0) {
            err_set(e, EXIT_FAIL, "%s/%s: no complete result to list (%s: %s)", dir,
                    m->folders[i], FSET_MANIFEST, strerror(errno));
            cJSON_Delete(root);
            return NULL;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", m->folders[i]);
        cJSON_AddStringToObject(o, "manifest_sha256", hex);
        cJSON_AddItemToArray(folders, o);
    }
    char *text = cJSON_Print(root), *nl = NULL;
    cJSON_Delete(root);
    if (text && (nl = realloc(text, strlen(text) + 2)))
        strcat(nl, "\n");          /* a text file ends with a newline */
    else
        free(text);
    if (!nl)
        err_set(e, EXIT_FAIL, "%s: out of memory", dir);
    return nl;
}

int fset_write(const char *dir, const struct fset_file *files, int n, const struct fset_meta *m,
               struct err *e)
{
    assert(n >= 0 && n <= FSET_FILES_MAX);
    struct pending *p = calloc(1, sizeof *p);
    struct entry ent[FSET_FILES_MAX];
    char *text = NULL;
    int rc = -1;
    sig_hold();
    if (!p) {
        err_set(e, EXIT_FAIL, "%s: out of memory", dir);
        goto out;
    }
    if (fset_mkdirs(dir, e) < 0)
        goto out;
    fset_clean(dir);
    for (int i = 0; i < n; i++) {
        assert(plain_name(files[i].name));
        if (stopped(dir, e))
            goto out;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (!f) {
            err_set(e, EXIT_FAIL, "%s/%s: out of memory", dir, files[i].name);
            goto out;
        }
        int bad = files[i].write(f, files[i].ctx) < 0 || ferror(f);
        if (fclose(f) != 0 || bad) {
            err_set(e, EXIT_FAIL, "%s/%s: out of memory", dir, files[i].name);
            goto out;
        }
        snprintf(ent[i].name, sizeof ent[i].name, "%s", files[i].name);
        ent[i].bytes = (double)len;
        digest_hex(text, len, ent[i].hex);
        if (add_pending(p, dir, files[i].name, e) < 0 || put_bytes(p, dir, text, len, e) < 0)
            goto out;
        free(text);
        text = NULL;
    }
    if (!(text = manifest_text(dir, m, ent, n, e)))
        goto out;
    size_t len = strlen(text);
    if (add_pending(p, dir, FSET_MANIFEST, e) < 0 || put_bytes(p, dir, text, len, e) < 0
        || stopped(dir, e))
        goto out;
    rc = commit(dir, p, m->drop, m->n_drop, e);
out:
    free(text);
    if (p)
        drop_pending(p);
    free(p);
    sig_release();
    return rc;
}

/* Make dst the same bytes as src: a hard link, or a copy. */
static int link_or_copy(const char *src, const char *dst, const char *dir, struct err *e)
{
    if (link(src, dst) == 0)
        return 0;
    int in = open(src, O_RDONLY);
    if (in < 0)
        return err_set(e, EXIT_FAIL, "%s: cannot read: %s", src, strerror(errno));
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (out < 0) {
        int saved = errno;
        close(in);
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", dst,
                       strerror(saved), dir);
    }
    char *buf = malloc(COPY_CHUNK);
    int rc = buf ? 0 : err_set(e, EXIT_FAIL, "out of memory");
    while (rc == 0) {
        ssize_t r = read(in, buf, COPY_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            rc = err_set(e, EXIT_FAIL, "%s: cannot read: %s", src, strerror(errno));
        else if (r == 0)
            break;
        else if (write_all(out, buf, (size_t)r) < 0)
            rc = err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", dst,
                         strerror(errno), dir);
    }
    free(buf);
    close(in);
    if (close(out) != 0 && rc == 0)
        rc = err_set(e, EXIT_FAIL, "%s: cannot write: %s; %s was not changed", dst,
                     strerror(errno), dir);
    return rc;
}

/* The manifest of folder dir, parsed (the caller frees it), and in hex (if
 * not NULL) the SHA-256 of its bytes. */
static cJSON *read_manifest(const char *dir, char hex[DIGEST_HEX], struct err *e)
{
    char path[FSET_PATH_MAX];
    size_t n;
    if (fset_join(path, dir, FSET_MANIFEST) < 0) {
        err_set(e, EXIT_FAIL, "%s: path too long", dir);
        return NULL;
    }
    char *text = fset_read(path, MANIFEST_MAX_BYTES, &n);
    if (!text) {
        if (errno == ENOENT)
            err_set(e, EXIT_FAIL, "%s: no %s: the folder holds no complete result (a run that "
                    "did not finish, or not a poesim output folder)", dir, FSET_MANIFEST);
        else
            err_set(e, EXIT_FAIL, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    if (hex)
        digest_hex(text, n, hex);
    cJSON *root = cJSON_ParseWithLength(text, n);
    free(text);
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        err_set(e, EXIT_FAIL, "%s: not a poesim manifest (invalid JSON)", path);
        return NULL;
    }
    return root;
}

static const char *str_of(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

_Static_assert(sizeof ((struct fset_about *)0)->fingerprint >= DIGEST_HEX,
               "a fingerprint is a digest in hex");

int fset_about(const char *dir, struct fset_about *a)
{
    memset(a, 0, sizeof *a);
    struct err e = { 0 };
    cJSON *root = read_manifest(dir, NULL, &e);
    if (!root)
        return -1;
    const char *kind = str_of(root, "kind"), *fp = str_of(root, "fingerprint"),
               *settings = str_of(root, "settings");
    snprintf(a->kind, sizeof a->kind, "%s", kind ? kind : "");
    snprintf(a->fingerprint, sizeof a->fingerprint, "%s", fp ? fp : "");
    snprintf(a->settings, sizeof a->settings, "%s", settings ? settings : "");
    cJSON_Delete(root);
    return 0;
}

/* The files listed in a manifest; -1 with *e if malformed. */
static int list_files(const cJSON *root, const char *dir, struct entry *ent, int *n,
                      struct err *e)
{
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files");
    *n = 0;
    if (!cJSON_IsArray(files) || cJSON_GetArraySize(files) > FSET_FILES_MAX)
        return err_set(e, EXIT_FAIL, "%s/%s: not a poesim manifest (files)", dir, FSET_MANIFEST);
    const cJSON *f;
    cJSON_ArrayForEach(f, files) {
        const char *name = str_of(f, "name"), *hex = str_of(f, "sha256");
        const cJSON *bytes = cJSON_GetObjectItemCaseSensitive(f, "bytes");
        if (!name || !plain_name(name) || !hex || strlen(hex) != DIGEST_HEX - 1
            || !cJSON_IsNumber(bytes) || bytes->valuedouble < 0)
            return err_set(e, EXIT_FAIL, "%s/%s: not a poesim manifest (files[%d])", dir,
                           FSET_MANIFEST, *n);
        snprintf(ent[*n].name, sizeof ent[*n].name, "%s", name);
        snprintf(ent[*n].hex, sizeof ent[*n].hex, "%s", hex);
        ent[*n].bytes = bytes->valuedouble;
        (*n)++;
    }
    return 0;
}

/* Does file path have this size and (if digests) digest? */
static int check_file(const char *path, const struct entry *x, bool digests, struct err *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return err_set(e, EXIT_FAIL, "%s: listed in the manifest but %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode) || (double)st.st_size != x->bytes)
        return err_set(e, EXIT_FAIL, "%s: %lld bytes, the manifest says %.0f", path,
                       (long long)st.st_size, x->bytes);
    if (!digests)
        return 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return err_set(e, EXIT_FAIL, "%s: cannot read: %s", path, strerror(errno));
    struct digest c;
    digest_init(&c);
    unsigned char buf[COPY_CHUNK / 4];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            close(fd);
            return err_set(e, EXIT_FAIL, "%s: cannot read: %s", path, strerror(saved));
        }
        digest_update(&c, buf, (size_t)r);
    }
    close(fd);
    unsigned char d[DIGEST_BYTES];
    char hex[DIGEST_HEX];
    digest_final(&c, d);
    digest_to_hex(d, hex);
    if (strcmp(hex, x->hex) != 0)
        return err_set(e, EXIT_FAIL, "%s: its content differs from the manifest's digest", path);
    return 0;
}

static int check_dir(const char *dir, const char *kind, const char *fp, bool digests, int depth,
                     char hex[DIGEST_HEX], struct err *e)
{
    cJSON *root = read_manifest(dir, hex, e);
    if (!root)
        return -1;
    int rc = -1, n;
    struct entry ent[FSET_FILES_MAX];
    const char *k = str_of(root, "kind"), *f = str_of(root, "fingerprint");
    if (!k || !f) {
        err_set(e, EXIT_FAIL, "%s/%s: not a poesim manifest (kind, fingerprint)", dir,
                FSET_MANIFEST);
        goto done;
    }
    if (kind && strcmp(k, kind) != 0) {
        err_set(e, EXIT_FAIL, "%s: holds a %s result, not a %s result", dir, k, kind);
        goto done;
    }
    if (fp && strcmp(f, fp) != 0) {
        err_set(e, EXIT_FAIL, "%s: made from other scenarios, settings or program", dir);
        goto done;
    }
    if (list_files(root, dir, ent, &n, e) < 0)
        goto done;
    for (int i = 0; i < n; i++) {
        char path[FSET_PATH_MAX];
        if (fset_join(path, dir, ent[i].name) < 0 || check_file(path, &ent[i], digests, e) < 0)
            goto done;
    }
    const cJSON *folders = cJSON_GetObjectItemCaseSensitive(root, "folders"), *x;
    if (folders && !cJSON_IsArray(folders)) {
        err_set(e, EXIT_FAIL, "%s/%s: not a poesim manifest (folders)", dir, FSET_MANIFEST);
        goto done;
    }
    cJSON_ArrayForEach(x, folders) {
        const char *name = str_of(x, "name"), *want = str_of(x, "manifest_sha256");
        char sub[FSET_PATH_MAX], got[DIGEST_HEX];
        if (depth > 0 || !name || !plain_name(name) || !want || fset_join(sub, dir, name) < 0) {
            err_set(e, EXIT_FAIL, "%s/%s: not a poesim manifest (folders)", dir, FSET_MANIFEST);
            goto done;
        }
        if (check_dir(sub, NULL, NULL, digests, depth + 1, got, e) < 0)
            goto done;
        if (strcmp(got, want) != 0) {
            err_set(e, EXIT_FAIL, "%s: written by another run than %s/%s", sub, dir,
                    FSET_MANIFEST);
            goto done;
        }
    }
    rc = 0;
done:
    cJSON_Delete(root);
    return rc;
}

int fset_check(const char *dir, const char *kind, const char *fingerprint, bool digests,
               struct err *e)
{
    char hex[DIGEST_HEX];
    return check_dir(dir, kind, fingerprint, digests, 0, hex, e);
}

int fset_copy(const char *from, const char *to, const char *const *drop, size_t n_drop,
              struct err *e)
{
    struct pending *p = calloc(1, sizeof *p);
    struct entry ent[FSET_FILES_MAX];
    int n, rc = -1;
    cJSON *root = NULL;
    sig_hold();
    if (!p) {
        err_set(e, EXIT_FAIL, "%s: out of memory", to);
        goto out;
    }
    if (!(root = read_manifest(from, NULL, e)) || list_files(root, from, ent, &n, e) < 0
        || fset_mkdirs(to, e) < 0)
        goto out;
    fset_clean(to);
    for (int i = 0; i <= n; i++) {
        const char *name = i < n ? ent[i].name : FSET_MANIFEST;
        char src[FSET_PATH_MAX];
        if (stopped(to, e))
            goto out;
        if (fset_join(src, from, name) < 0) {
            err_set(e, EXIT_FAIL, "%s/%s: path too long", from, name);
            goto out;
        }
        if (add_pending(p, to, name, e) < 0 || link_or_copy(src, p->tmp[p->n - 1], to, e) < 0)
            goto out;
    }
    rc = commit(to, p, drop, n_drop, e);
out:
    cJSON_Delete(root);
    if (p)
        drop_pending(p);
    free(p);
    sig_release();
    return rc;
}

int fset_unmark(const char *dir, const char *const *drop, size_t n_drop, struct err *e)
{
    char path[FSET_PATH_MAX];
    if (fset_join(path, dir, FSET_MANIFEST) < 0 || (unlink(path) != 0 && errno != ENOENT))
        return err_set(e, EXIT_FAIL, "%s: cannot remove: %s", path, strerror(errno));
    for (size_t i = 0; i < n_drop; i++)
        if (fset_join(path, dir, drop[i]) == 0 && unlink(path) != 0 && errno != ENOENT)
            return err_set(e, EXIT_FAIL, "%s: cannot remove: %s", path, strerror(errno));
    return 0;
}

/* ---- paths ------------------------------------------------------------------ */

/* The absolute, resolved form of path p, whose trailing components need
 * not exist (they are appended as written). */
int fset_abs_path(const char *p, char *out)
{
    char buf[FSET_PATH_MAX], rest[FSET_PATH_MAX] = "";
    if (snprintf(buf, sizeof buf, "%s", p) >= (int)sizeof buf)
        return -1;
    for (;;) {
        char *real = realpath(buf[0] ? buf : ".", NULL);
        if (real) {
            int n = snprintf(out, FSET_PATH_MAX, "%s%s%s", real,
                             rest[0] && strcmp(real, "/") ? "/" : "", rest);
            free(real);
            return n >= FSET_PATH_MAX ? -1 : 0;
        }
        char *slash = strrchr(buf, '/');
        const char *last = slash ? slash + 1 : buf;
        char tmp[2 * FSET_PATH_MAX + 2];
        if (strcmp(last, "..") == 0 || strcmp(last, ".") == 0)
            return -1;
        snprintf(tmp, sizeof tmp, "%s%s%s", last, rest[0] ? "/" : "", rest);
        if (strlen(tmp) >= sizeof rest)
            return -1;
        memcpy(rest, tmp, strlen(tmp) + 1);
        if (slash == buf)
            buf[1] = '\0';
        else if (slash)
            *slash = '\0';
        else
            buf[0] = '\0';
    }
}

/* The path of file `to` relative to folder `from` (both absolute). */
void fset_rel_path(const char *from, const char *to, char *out)
{
    size_t common = 0, i = 0;
    while (from[i] && to[i] && from[i] == to[i]) {
        if (from[i] == '/')
            common = i;
        i++;
    }
    if (!from[i] && to[i] == '/')
        common = i;
    out[0] = '\0';
    for (const char *p = from + common; *p; p++)
        if (*p == '/')
            strncat(out, "../", FSET_PATH_MAX - strlen(out) - 1);
    strncat(out, to + common + 1, FSET_PATH_MAX - strlen(out) - 1);
}
