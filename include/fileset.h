/*
 * fileset.h - the files of an output folder, put in place as one set that is
 * complete or absent, whenever the process is stopped or killed.
 *
 * Renaming one file over another is atomic, but a set of files is replaced
 * by several renames, and a process killed between two of them (SIGKILL, a
 * power cut, a full disk) would leave a mix of old and new files.  So every
 * set carries a manifest, DIR/manifest.json, that lists its files with
 * their sizes and SHA-256 digests, and what made them (a fingerprint of the
 * scenario, settings and program).  Writing a set:
 *
 *   1. every file, and the new manifest, is written under a temporary name
 *      `.NAME.tmp.PID` in DIR (nothing in place has changed yet: a write
 *      error, a full disk or a signal here leaves the previous set whole);
 *   2. the old manifest is removed (from here the folder holds no complete
 *      set), then files that the new set replaces or drops;
 *   3. the files are renamed into place, the manifest last.
 *
 * Readers trust a folder only when its manifest is there and every file it
 * lists is present with the listed size (and, for --resume, digest); a
 * folder without one holds no complete result, whatever files it has.  A
 * set may list subfolders (a batch's scenario folders) with the digest of
 * their manifests, so a batch is complete only if each of its scenarios is.
 *
 * A file that is not part of a set (a plot's script, data or image, a
 * report page) is replaced alone with fset_save: written under the same
 * kind of temporary name and renamed into place.
 *
 * Temporaries left by a killed process are removed by the next write into
 * the folder (those of processes that no longer exist): every name
 * `.NAME.tmp.PID`, and `.NAME.tmp.PID.EXT` (an image gnuplot drew for the
 * plot module, which appends the format to the name it is given).  The writes hold
 * signals (signals.h): SIGINT during step 1 removes the temporaries and
 * stops; during steps 2-3 the renames are finished first.
 *
 * No fsync: the guarantee is against a process that is stopped or killed; a
 * power cut may lose written data, which the digests then reveal.
 *
 * Ownership: nothing returned needs freeing; names are borrowed.
 */
#ifndef POESIM_FILESET_H
#define POESIM_FILESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

#define FSET_MANIFEST "manifest.json"
#define FSET_FILES_MAX 8            /* files in one set */
#define FSET_PATH_MAX 4096

/* A file to write: its name in the folder and the function that writes it
 * (returns 0, or -1 on a write error). */
struct fset_file {
    const char *name;
    int (*write)(FILE *f, const void *ctx);
    const void *ctx;
};

/* What the manifest records besides the files, and what a write removes. */
struct fset_meta {
    const char *kind;               /* "run", "batch", "sweep" or "point" */
    const char *fingerprint;        /* hex digest of what made the set, or NULL */
    const char *settings;           /* one line for people, or NULL */
    const char *const *folders;     /* subfolders in the set, each complete already */
    size_t n_folders;
    const char *const *drop;        /* files to remove when the set is replaced: */
    size_t n_drop;                  /* outputs derived from it or not written now */
};

/* Write n files (n <= FSET_FILES_MAX) and the manifest into dir, created
 * with its parents, by the protocol above.  Returns 0, or -1 with *e filled:
 * EXIT_FAIL for a failure (the message says whether the previous set was
 * kept), or sig_status(signal) if a signal stopped it (temporaries removed,
 * previous set kept). */
int fset_write(const char *dir, const struct fset_file *files, int n,
               const struct fset_meta *m, struct err *e);

/* Replace the file dir/name (a plain name, in an existing folder) with the n
 * bytes of data: written to `.NAME.tmp.PID` in dir, then renamed into place,
 * so a reader finds the old file or the new one, never a part.  Returns 0,
 * or -1 with *e filled (EXIT_FAIL, "dir/name: cannot write: <reason>"),
 * the old file kept and no temporary left. */
int fset_save(const char *dir, const char *name, const void *data, size_t n, struct err *e);

/* Put the complete set of folder `from` (files and manifest, the same
 * bytes) into folder `to` by the same protocol, hard-linking files where the
 * file system allows and copying them otherwise; files named in drop[] that
 * the set does not have are removed from `to`.  Returns 0, or -1 with *e
 * filled as for fset_write. */
int fset_copy(const char *from, const char *to, const char *const *drop, size_t n_drop,
              struct err *e);

/* Is dir a complete set: manifest present and well-formed, of this kind and
 * fingerprint (either NULL: any), every file present with its size and, if
 * digests, its SHA-256, every listed subfolder complete with the manifest
 * digest listed?  Returns 0, or -1 with *e saying what is missing or
 * different (EXIT_FAIL). */
int fset_check(const char *dir, const char *kind, const char *fingerprint, bool digests,
               struct err *e);

/* Mark dir as holding no complete set: remove its manifest, then the files
 * named in drop[].  Missing files are fine.  Returns 0, or -1 with *e. */
int fset_unmark(const char *dir, const char *const *drop, size_t n_drop, struct err *e);

/* Remove the temporaries `.NAME.tmp.PID` (and `.NAME.tmp.PID.EXT`) in dir of
 * processes that no longer exist. */
void fset_clean(const char *dir);

/* Create dir and its parents.  Returns 0, or -1 with *e (EXIT_FAIL). */
int fset_mkdirs(const char *dir, struct err *e);

/* Could a set be written into dir now: dir is a folder this process may
 * write into, or it does not exist and its nearest existing ancestor is
 * such a folder (dir would be created there)?  Nothing is created or
 * written, so a command checks its output folder with this before any work,
 * and fails at once rather than after hours of computing.  Returns 0, or -1
 * with *e (EXIT_FAIL): "DIR: cannot create the output folder: REASON" (a
 * file in the way, no permission, a read-only file system) or "DIR: cannot
 * write: REASON; DIR was not changed". */
int fset_ready(const char *dir, struct err *e);

#define FSET_SETTINGS_MAX 512       /* the manifest's "settings" line read back */

/* What made the set in a folder, from its manifest. */
struct fset_about {
    char kind[16];                  /* "run", "batch", "sweep", "point" */
    char fingerprint[72];           /* hex digest, "" if none */
    char settings[FSET_SETTINGS_MAX];   /* "" if none */
};

/* Read dir's manifest into *a.  Returns 0, or -1 if dir holds no readable
 * manifest (no set there, or a damaged one); *a is then all empty. */
int fset_about(const char *dir, struct fset_about *a);

/* "dir/name" into out (FSET_PATH_MAX bytes).  Returns 0, or -1 if too long. */
int fset_join(char *out, const char *dir, const char *name);

/* The whole file at path (malloc'd, NUL-terminated, at most max bytes: else
 * EFBIG) and its length in *len, or NULL with errno set. */
char *fset_read(const char *path, long max, size_t *len);

/* The absolute, resolved form of path p into out (FSET_PATH_MAX bytes),
 * whose trailing components need not exist (they are appended as
 * written).  Returns 0, or -1 if it is too long or goes up ("..") through a
 * folder that does not exist. */
int fset_abs_path(const char *p, char *out);

/* The path of file `to` relative to folder `from` (both absolute, as
 * fset_abs_path gives them) into out (FSET_PATH_MAX bytes). */
void fset_rel_path(const char *from, const char *to, char *out);

#endif
