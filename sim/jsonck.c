/*
 * jsonck.c - strict readers of a JSON document's values (jsonck.h).
 *
 * Scenario and region files are read once per command and are kilobytes:
 * what these readers are for is the message, never speed.  A message names
 * the file that set the value (scnm_blame walks the "extends" chain and the
 * --set overrides), the JSON path, what was expected and what was found,
 * briefly (scnm_got); an unknown key or name gets the nearest known one as
 * a "did you mean" (scnm_suggest).  The duplicate-key check is quadratic in
 * an object's members, which scnmerge.c bounds (SCNM_MEMBERS_MAX).
 */
#include "jsonck.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

const char *jck_blame(const struct jck *j, const char *path, char *suffix)
{
    const char *file = j->file;
    suffix[0] = '\0';
    if (j->doc)
        scnm_blame(j->doc, path, &file, suffix, ERR_MSG_MAX);
    return file;
}

int jck_fail(const struct jck *j, const char *path, const char *fmt, ...)
{
    char body[ERR_MSG_MAX], suffix[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    const char *file = jck_blame(j, path, suffix);
    return err_set(j->e, EXIT_USAGE, "%s: %s: %s%s", file, path[0] ? path : "top level", body,
                   suffix);
}

int jck_oom(const struct jck *j)
{
    return err_set(j->e, EXIT_FAIL, "%s: out of memory", j->file);
}

int jck_warn(const struct jck *j, const char *path, const char *fmt, ...)
{
    char body[ERR_MSG_MAX], suffix[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    const char *file = jck_blame(j, path, suffix);
    int n = snprintf(NULL, 0, "%s: %s: %s%s", file, path, body, suffix);
    char *w = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!w)
        return jck_oom(j);
    snprintf(w, (size_t)n + 1, "%s: %s: %s%s", file, path, body, suffix);
    char **grown = realloc(*j->warnings, (*j->n_warnings + 1) * sizeof *grown);
    if (!grown) {
        free(w);
        return jck_oom(j);
    }
    *j->warnings = grown;
    grown[(*j->n_warnings)++] = w;
    return 0;
}

void jck_join(char *out, const char *const *names, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + used, JCK_LIST_LEN - used, "%s%s", i ? ", " : "", names[i]);
        if (k < 0 || (size_t)k >= JCK_LIST_LEN - used)
            return;
        used += (size_t)k;
    }
}

int jck_lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

const cJSON *jck_member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

int jck_object(const struct jck *j, const cJSON *v, const char *path, const char *const *names,
               size_t n)
{
    char g[SCNM_GOT_LEN], shown[SCNM_SHOW_MAX + 4], kp[SCNM_PATH_LEN], list[JCK_LIST_LEN];
    if (!cJSON_IsObject(v))
        return jck_fail(j, path, "expected an object, got %s", scnm_got(v, g));
    for (const cJSON *k = v->child; k; k = k->next) {
        for (const cJSON *o = v->child; o != k; o = o->next)
            if (strcmp(o->string, k->string) == 0) {
                scnm_show(shown, k->string);
                return jck_fail(j, path, "duplicate key \"%s\"", shown);
            }
        if (names && jck_lookup(names, n, k->string) < 0) {
            const char *near = scnm_suggest(k->string, names, n);
            scnm_path_key(kp, path, k->string);
            jck_join(list, names, n);
            if (near)
                return jck_fail(j, kp, "unknown key; expected one of %s (did you mean \"%s\"?)",
                                list, near);
            return jck_fail(j, kp, "unknown key; expected one of %s", list);
        }
    }
    return 0;
}

const cJSON *jck_need(const struct jck *j, const cJSON *obj, const char *path, const char *key)
{
    const cJSON *x = jck_member(obj, key);
    if (!x)
        jck_fail(j, path, "missing required key \"%s\"", key);
    return x;
}

int jck_int(const struct jck *j, const cJSON *v, const char *path, long long lo, long long hi,
            long long *out)
{
    char g[SCNM_GOT_LEN];
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || floor(v->valuedouble) != v->valuedouble)
        return jck_fail(j, path, "expected an integer from %lld to %lld, got %s", lo, hi,
                        scnm_got(v, g));
    if (v->valuedouble < (double)lo)
        return jck_fail(j, path, "expected an integer >= %lld, got %s", lo, scnm_got(v, g));
    if (v->valuedouble > (double)hi)
        return jck_fail(j, path, "expected an integer <= %lld, got %s", hi, scnm_got(v, g));
    *out = (long long)v->valuedouble;
    return 0;
}

int jck_int_i(const struct jck *j, const cJSON *v, const char *path, int lo, int hi, int *out)
{
    long long x = 0;            /* set by jck_int on success (gcc -O3 cannot see it) */
    if (jck_int(j, v, path, lo, hi, &x) < 0)
        return -1;
    *out = (int)x;
    return 0;
}

int jck_num(const struct jck *j, const cJSON *v, const char *path, double lo, bool lo_open,
            double hi, double *out)
{
    char g[SCNM_GOT_LEN], range[JCK_LIST_LEN];
    if (isinf(hi))
        snprintf(range, sizeof range, "%s %.15g", lo_open ? ">" : ">=", lo);
    else if (lo_open)
        snprintf(range, sizeof range, "> %.15g and <= %.15g", lo, hi);
    else
        snprintf(range, sizeof range, "from %.15g to %.15g", lo, hi);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return jck_fail(j, path, "expected a number %s, got %s", range, scnm_got(v, g));
    double x = v->valuedouble;
    if (x < lo || (lo_open && x == lo))
        return jck_fail(j, path, "expected a number %s %.15g, got %s", lo_open ? ">" : ">=", lo,
                        scnm_got(v, g));
    if (x > hi)
        return jck_fail(j, path, "expected a number <= %.15g, got %s", hi, scnm_got(v, g));
    *out = x;
    return 0;
}

int jck_enum(const struct jck *j, const cJSON *v, const char *path, const char *const *names,
             size_t n, int *out)
{
    char g[SCNM_GOT_LEN], list[JCK_LIST_LEN];
    int i = cJSON_IsString(v) ? jck_lookup(names, n, v->valuestring) : -1;
    if (i >= 0) {
        *out = i;
        return 0;
    }
    jck_join(list, names, n);
    const char *near = cJSON_IsString(v) ? scnm_suggest(v->valuestring, names, n) : NULL;
    if (near)
        return jck_fail(j, path, "expected one of %s, got %s (did you mean \"%s\"?)", list,
                        scnm_got(v, g), near);
    return jck_fail(j, path, "expected one of %s, got %s", list, scnm_got(v, g));
}

static bool alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

int jck_name(const struct jck *j, const cJSON *v, const char *path, size_t max, char *out)
{
    char g[SCNM_GOT_LEN];
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    size_t len = s ? strlen(s) : 0;
    bool ok = s && len >= 1 && len < max && alnum(s[0]);
    for (size_t i = 0; ok && i < len; i++)
        ok = alnum(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-';
    if (!ok)
        return jck_fail(j, path, "expected a name of 1 to %zu characters from A-Z a-z 0-9 _ . -, "
                        "starting with a letter or a digit, got %s", max - 1, scnm_got(v, g));
    memcpy(out, s, len + 1);
    return 0;
}

int jck_text(const struct jck *j, const cJSON *v, const char *path, const char **out)
{
    char g[SCNM_GOT_LEN];
    if (!cJSON_IsString(v))
        return jck_fail(j, path, "expected a string, got %s", scnm_got(v, g));
    const char *t = v->valuestring;
    size_t len = strlen(t);
    if (len > SCN_TEXT_MAX_BYTES)
        return jck_fail(j, path, "expected at most %d bytes of text, got %zu",
                        SCN_TEXT_MAX_BYTES, len);
    for (size_t i = 0, k; i < len; i += k) {
        k = scnm_utf8_len(t + i, len - i);
        if (k == 0 || scnm_is_control(t + i, k))
            return jck_fail(j, path, "expected text on one line without control characters, "
                            "got %s", scnm_got(v, g));
    }
    *out = t;
    return 0;
}

int jck_strings(const struct jck *j, const cJSON *v, const char *path, char ***out,
                size_t *n_out)
{
    char g[SCNM_GOT_LEN], ip[SCNM_PATH_LEN];
    if (!cJSON_IsArray(v))
        return jck_fail(j, path, "expected an array of strings, got %s", scnm_got(v, g));
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n > SCN_TEXTS_MAX)
        return jck_fail(j, path, "expected at most %d strings, got %zu", SCN_TEXTS_MAX, n);
    if (n == 0)
        return 0;
    if (!(*out = calloc(n, sizeof **out)))
        return jck_oom(j);
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        const char *s = NULL;
        scnm_path_index(ip, path, i);
        if (jck_text(j, x, ip, &s) < 0)
            return -1;
        if (!((*out)[i] = strdup(s)))
            return jck_oom(j);
        *n_out = i + 1;
    }
    return 0;
}

void jck_free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int jck_array(const struct jck *j, const cJSON *v, const char *path, size_t max,
              const char *what, size_t *n)
{
    char g[SCNM_GOT_LEN];
    if (!cJSON_IsArray(v) || !v->child)
        return jck_fail(j, path, "expected a non-empty array of %s, got %s", what,
                        scnm_got(v, g));
    *n = (size_t)cJSON_GetArraySize(v);
    if (*n > max)
        return jck_fail(j, path, "expected at most %zu %s, got %zu", max, what, *n);
    return 0;
}
