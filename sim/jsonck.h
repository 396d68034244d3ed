/*
 * jsonck.h - strict readers of the values of a JSON document, with messages
 * that say where (private to the files that read scenario and region
 * documents: sim/scenario.c and its parts, sim/region.c; it exposes cJSON).
 *
 * A scenario and a region file are read by the same rules: every object is
 * checked against the keys it may hold (no duplicate key, a "did you mean"
 * for a near miss), every value against its type and range, and the first
 * problem stops the load with "FILE: PATH: expected ..., got ...", FILE
 * being the file of the "extends" chain that set the value at PATH (with
 * " (set by --set ...)" when an override did: scnm_blame).  These are the
 * readers both use, so that a misspelt key or a number out of range reads
 * the same in either kind of file.
 *
 * Every reader takes the reading's context (struct jck: the file as given,
 * the merged document, where errors and warnings go), the value and its
 * JSON path ("" = the top level), and returns 0, or -1 with the error set
 * (EXIT_USAGE for bad input, EXIT_FAIL for memory).  Nothing here keeps
 * state between calls.
 *
 * Ownership: values read are copied into the caller's storage, except
 * jck_text, which points into the document (valid while it is open), and
 * jck_strings, which allocates an array of strings the caller frees
 * (entries set so far counted in *n, on failure too).
 */
#ifndef POESIM_JSONCK_H
#define POESIM_JSONCK_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "error.h"
#include "scnmerge.h"

#define JCK_LIST_LEN 512        /* "one of a, b, c" in a message */

/* The context of a reading. */
struct jck {
    const char *file;            /* the file as given: named when no document says better */
    const struct scnm_doc *doc;  /* the merged document (NULL: every value is file's) */
    struct err *e;               /* where an error goes */
    char ***warnings;            /* where jck_warn appends its warnings ... */
    size_t *n_warnings;          /* ... and counts them */
};

/* The file that set the value at `path` of the document; " (set by --set
 * ...)" or "" into suffix (ERR_MSG_MAX bytes). */
const char *jck_blame(const struct jck *j, const char *path, char *suffix);

/* Report "FILE: PATH: message" as bad input (EXIT_USAGE); returns -1. */
int jck_fail(const struct jck *j, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report "FILE: out of memory" (EXIT_FAIL); returns -1. */
int jck_oom(const struct jck *j);

/* Append the warning "FILE: PATH: message" to *j->warnings.  Returns 0, or
 * -1 with the error set if memory runs out. */
int jck_warn(const struct jck *j, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write "a, b, c" (the n names, cut at the end if they do not fit) into out
 * (JCK_LIST_LEN bytes). */
void jck_join(char *out, const char *const *names, size_t n);

/* The index of s in names[0..n), or -1. */
int jck_lookup(const char *const *names, size_t n, const char *s);

/* The member `key` of object obj (case-sensitive), or NULL. */
const cJSON *jck_member(const cJSON *obj, const char *key);

/* v is an object without duplicate keys and, unless names is NULL, each of
 * its keys is one of names[0..n). */
int jck_object(const struct jck *j, const cJSON *v, const char *path, const char *const *names,
               size_t n);

/* The member `key` of obj, or NULL with "missing required key" reported at
 * path. */
const cJSON *jck_need(const struct jck *j, const cJSON *obj, const char *path, const char *key);

/* An integer in [lo, hi] into *out. */
int jck_int(const struct jck *j, const cJSON *v, const char *path, long long lo, long long hi,
            long long *out);

/* The same into an int. */
int jck_int_i(const struct jck *j, const cJSON *v, const char *path, int lo, int hi, int *out);

/* A finite number in [lo, hi] ((lo, hi] if lo_open; hi = INFINITY: no
 * upper bound) into *out. */
int jck_num(const struct jck *j, const cJSON *v, const char *path, double lo, bool lo_open,
            double hi, double *out);

/* One of names[0..n) (a JSON string); its index into *out. */
int jck_enum(const struct jck *j, const cJSON *v, const char *path, const char *const *names,
             size_t n, int *out);

/* A name of 1..max-1 characters of [A-Za-z0-9_.-], the first a letter or a
 * digit (a name names an output folder: never "..", never hidden, never
 * taken for an option), copied into out (max bytes). */
int jck_name(const struct jck *j, const cJSON *v, const char *path, size_t max, char *out);

/* Free text (a title, a source, a note): a string of at most
 * SCN_TEXT_MAX_BYTES bytes on one line, without control characters (it
 * goes into tables, CSV and HTML reports); *out points into v. */
int jck_text(const struct jck *j, const cJSON *v, const char *path, const char **out);

/* An array of at most SCN_TEXTS_MAX texts, each duplicated into the array
 * *out allocates (*n_out counting those set). */
int jck_strings(const struct jck *j, const cJSON *v, const char *path, char ***out,
                size_t *n_out);

/* Free the n strings of v and v itself (what jck_strings allocates; also a
 * list of warnings). */
void jck_free_strings(char **v, size_t n);

/* A non-empty array of at most max items (`what`, for the message); its
 * length into *n. */
int jck_array(const struct jck *j, const cJSON *v, const char *path, size_t max,
              const char *what, size_t *n);

#endif
