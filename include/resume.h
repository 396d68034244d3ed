/*
 * resume.h - runs, batches and sweeps whose outputs can be trusted after an
 * interruption, and continued with --resume.
 *
 * Every scenario of a job has a fingerprint: the SHA-256 of what its outputs
 * depend on - the program (version and a digest of its sources), the
 * scenario's name and file, its merged content (scn_merged_text: the file
 * with its "extends" chain), the overrides, the run settings after
 * alignment (seed, days, warm-up, start), the replications and, with --reps
 * auto, the target.  The manifest of the scenario's outputs records it; a
 * batch or sweep's own manifest records the fingerprint of the whole job.
 *
 * A batch or sweep with a fixed number of replications keeps each scenario's
 * results aside as soon as they are done, in DIR/.poesim-resume/<name>/ (a
 * batch: the scenario's whole output folder; a sweep's grid point: its
 * replications.csv), each folder a complete set with a manifest.  Nothing in
 * DIR itself changes until every scenario is done; then resume_commit puts
 * the scenario folders and the comparison in place and removes
 * DIR/.poesim-resume.  So a job stopped or killed at any moment leaves DIR
 * with its previous complete result (or, killed while replacing it, none),
 * and its finished scenarios aside.
 *
 * --resume reads a scenario back instead of running it when its results,
 * aside or (a batch) in DIR/<name>/, are complete and carry the same
 * fingerprint; its replications.csv gives the per-replication values the
 * comparison needs, the same doubles as computed, so the outputs are the
 * bytes an uninterrupted run writes.  With --reps auto, the count of
 * replications depends on every scenario's results round by round, so such
 * a job cannot be resumed (main refuses --resume with it).
 *
 * Each scenario file is read again before results are kept aside and before
 * anything is put in place; one that changed since the job read it stops the
 * job (EXIT_FAIL) with nothing written to DIR.
 *
 * Ownership: resume_new returns a job freed with resume_free; it borrows the
 * scenarios, which must outlive it.
 */
#ifndef POESIM_RESUME_H
#define POESIM_RESUME_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "scenario.h"
#include "summary.h"

#define RESUME_STAGE ".poesim-resume"     /* under DIR: finished scenarios */

enum resume_kind { RESUME_RUN, RESUME_BATCH, RESUME_SWEEP };

struct resume;

/* A job writing to dir, of n scenarios.  reps: the replications (0 with
 * --reps auto: set later with resume_set_reps); target_hw, max_reps: the
 * target of --reps auto (0 otherwise).  NULL with *e if out of memory. */
struct resume *resume_new(const char *dir, enum resume_kind kind, size_t n, int reps,
                          double target_hw, int max_reps, struct err *e);
void resume_free(struct resume *r);

/* Scenario i of the job: s, loaded from `file` with overrides ov[0..n_ov)
 * (run settings final).  Reads the file's merged content.  Returns 0, or -1
 * with *e: EXIT_USAGE for a name that starts with '.' (it would name a hidden
 * folder), or the error of reading the file. */
int resume_add(struct resume *r, size_t i, struct scenario *s, const char *file,
               const struct scn_override *ov, size_t n_ov, struct err *e);

/* The replications, once known (--reps auto). */
void resume_set_reps(struct resume *r, int reps);

/* Scenario i's fingerprint (hex), or the job's (i == n). */
const char *resume_fingerprint(struct resume *r, size_t i);

/* Is DIR already the complete result of this batch or sweep (manifest with
 * the job's fingerprint, every file and scenario folder intact)? */
bool resume_complete(struct resume *r);

/* Scenario i read back from finished results with its fingerprint (aside,
 * or a batch's DIR/<name>/), or NULL if there are none (a line on stderr,
 * unless quiet, when there were results of other settings or damaged). */
struct summary *resume_load(struct resume *r, size_t i, bool quiet);

/* Keep scenario i's finished results aside (its file checked first, the
 * others after).  Returns 0, or -1 with *e. */
int resume_stage(struct resume *r, size_t i, const struct summary *sum, struct err *e);

/* Has any scenario file changed since the job read it?  Returns 0, or -1
 * with *e (EXIT_FAIL) naming the file. */
int resume_unchanged(struct resume *r, struct err *e);

/* Put the job in place: check the files, mark DIR unfinished, put each
 * scenario's folder in place (a batch: from the results kept aside, from
 * DIR/<name>/ as it is, or from sums[i] in memory), then call
 * write_top(ctx, fingerprint, e) to write the job's own files and manifest,
 * then remove the results kept aside.  Returns 0, or -1 with *e. */
int resume_commit(struct resume *r, struct summary *const *sums,
                  int (*write_top)(void *ctx, const char *fingerprint, struct err *e),
                  void *ctx, struct err *e);

#endif
