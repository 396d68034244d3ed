/*
 * testutil.h - helpers the cmocka test programs share (include it after
 * <cmocka.h>).
 *
 *   assert_near(a, b, eps)   |a - b| <= eps for doubles (cmocka 1.1 compares
 *                            floats only), failing at the caller's line with
 *                            both values in full;
 *   slurp(path, &n)          a whole file, malloc'd and NUL-terminated.
 *
 * Header-only (static inline), since each test program is linked alone
 * against the library's objects.
 */
#ifndef POESIM_TESTUTIL_H
#define POESIM_TESTUTIL_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define assert_near(a, b, eps) \
    tu_near((double)(a), (double)(b), (eps), #a, __FILE__, __LINE__)

static inline void tu_near(double a, double b, double eps, const char *what, const char *file,
                           int line)
{
    if (!(fabs(a - b) <= eps)) {
        print_error("%s = %.17g, expected %.17g (± %g)\n", what, a, b, eps);
        _fail(file, line);
    }
}

/* The whole file at path, NUL-terminated (malloc'd; free it), its length in
 * *n unless n is NULL; NULL if it cannot be read. */
static inline char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap + 1);
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        char *b = realloc(buf, 2 * cap + 1);
        if (!b)
            free(buf);
        buf = b;
        cap *= 2;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

#endif
