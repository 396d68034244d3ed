/*
 * scnmerge.h - the scenario module's JSON documents (private to sim/scenario.c
 * and sim/scnmerge.c; nothing else may include it, since it exposes cJSON).
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

#include <stddef.h>

#include <cJSON.h>

#include "error.h"
#include "scenario.h"

#define SCNM_PATH_LEN 256       /* a JSON path in a message */
#define SCNM_GOT_LEN 96         /* a found value, described */
#define SCNM_SHOW_MAX 40        /* characters of a string shown in a message */
#define SCNM_FILE_MAX_BYTES (16L * 1024 * 1024)   /* a scenario is kilobytes */

/* Copy at most SCNM_SHOW_MAX characters of s into out (size >= SCNM_SHOW_MAX
 * + 4), control characters replaced by '?', "..." appended if cut. */
void scnm_show(char *out, const char *s);

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
