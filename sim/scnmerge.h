/*
 * scnmerge.h - the scenario module's JSON documents (private to the scenario
 * module's files, sim/scenario.c, sim/scnmerge.c and the section readers
 * around sim/scnkit.h, to sim/jsonck.c, and to sim/region.c, which reads
 * region files with the same rules; nothing else may include it, since it
 * exposes cJSON).
 *
 * A scenario document is what scenario.c validates: the JSON of a file, with
 * the chain of files it "extends" merged under it and the command-line
 * overrides (--set) applied on top.  The document remembers each file's own
 * JSON and the overrides, so that a message about a JSON path of the merged
 * document can name the file (or the override) that set that value.
 *
 * Also here: the helpers that format paths and values in messages, shared by
 * both files so that every message of the module reads the same way.
 *
 * Ownership: scnm_open returns a document owned by the caller, released with
 * scnm_close; it borrows the overrides array, which must outlive it.  Text
 * helpers write into caller buffers of the sizes below and allocate nothing.
 */
#ifndef POESIM_SCNMERGE_H
#define POESIM_SCNMERGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "error.h"
#include "scenario.h"

#define SCNM_PATH_LEN 256       /* a JSON path in a message */
#define SCNM_GOT_LEN 96         /* a found value, described */
#define SCNM_SHOW_MAX 40        /* characters of a string shown in a message */
#define SCNM_FILE_MAX_BYTES (16L * 1024 * 1024)   /* a scenario is kilobytes */

/* The shape of any JSON document of a scenario (a file, or a --set value
 * where it lands).  A scenario needs 5 levels of nesting (lanes[i].
 * staffed_booths.sun["06:00"]), tens of members in an object (96 steps of a
 * schedule at most) and 256 items in an array of objects (demand, lanes);
 * only an empirical distribution needs a long array (100000 numbers).  The
 * bounds keep every walk of the tree, including the quadratic duplicate
 * checks, to milliseconds whatever the file. */
#define SCNM_DEPTH_MAX 16           /* nested objects and arrays */
#define SCNM_MEMBERS_MAX 256        /* members of an object */
#define SCNM_ITEMS_MAX 100000       /* items of an array of numbers or strings */
#define SCNM_NESTED_ITEMS_MAX 1000  /* items of an array holding objects or arrays */

/* Copy at most SCNM_SHOW_MAX bytes of s into out (size >= SCNM_SHOW_MAX +
 * 4), whole UTF-8 characters only, a control character or a byte that is not
 * UTF-8 replaced by '?', "..." appended if cut: text fit for a one-line
 * message whatever s holds. */
void scnm_show(char *out, const char *s);

/* The length (1 to 4) of the valid UTF-8 character that starts s (n bytes
 * available), or 0 if s does not start with one (a stray or truncated byte,
 * an overlong form, a surrogate, a code point above U+10FFFF). */
size_t scnm_utf8_len(const char *s, size_t n);

/* Whether the UTF-8 character of k bytes at s is a control character:
 * U+0000-U+001F, U+007F or U+0080-U+009F. */
bool scnm_is_control(const char *s, size_t k);

/* Describe the JSON value v briefly, for "got ...", into buf (SCNM_GOT_LEN);
 * returns buf.  v may be NULL ("nothing"). */
const char *scnm_got(const cJSON *v, char *buf);

/* dst (SCNM_PATH_LEN) = base.key, or base["key"] if key is not an
 * identifier; dst = key if base is "". */
void scnm_path_key(char *dst, const char *base, const char *key);

/* dst (SCNM_PATH_LEN) = base[i]. */
void scnm_path_index(char *dst, const char *base, size_t i);

/* The name among names[0..n) nearest to s (a "did you mean"), or NULL if
 * none is close enough. */
const char *scnm_suggest(const char *s, const char *const *names, size_t n);

/* The path of file `rel` named in file `from`: rel itself if absolute, else
 * rel in the directory of `from` (malloc'd).  NULL if memory runs out. */
char *scnm_resolve(const char *from, const char *rel);

/* A scenario document. */
struct scnm_doc;

/* Read the scenario `label`: from `text` (len bytes) if text is not NULL,
 * else from the file of that name.  Resolve its "extends" chain (paths
 * relative to the directory of the file that names them), merge it, apply
 * the n_ov overrides in order.  Returns the document, or NULL with *e set:
 * EXIT_USAGE for bad input (the message names the file, or the override, at
 * fault), EXIT_FAIL for memory. */
struct scnm_doc *scnm_open(const char *label, const char *text, size_t len,
                           const struct scn_override *ov, size_t n_ov, struct err *e);

/* The merged document, to validate; "extends" is gone from it. */
const cJSON *scnm_root(const struct scnm_doc *d);

/* Who set the value at JSON path `path` of the merged document ("" = the
 * top level; the forms of scnm_path_key and scnm_path_index): *file is the
 * file to name (the leaf as given or a base as resolved), and suffix
 * (n bytes) receives "" or " (set by --set PATH=VALUE)". */
void scnm_blame(const struct scnm_doc *d, const char *path, const char **file, char *suffix,
                size_t n);

void scnm_close(struct scnm_doc *d);

#endif
