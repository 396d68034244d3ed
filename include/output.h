/*
 * output.h - a run's results as files and as a table.
 *
 * out_write_run writes summary.json, hourly.csv, waits.csv and
 * replications.csv (columns in README.md) into a directory, creating it and
 * its parents.  Every folder is written as one set with a manifest
 * (fileset.h): a failed or interrupted write leaves the previous complete
 * result, or none (no manifest), never a partial file or a mixed set.
 *
 * Ownership: nothing returned needs freeing.
 */
#ifndef POESIM_OUTPUT_H
#define POESIM_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "compare.h"
#include "error.h"
#include "scenario.h"
#include "summary.h"

struct cJSON;

/* An estimate as the JSON object {"mean": m, "ci95": h} of every output
 * (a NAN half-width is written as null), or NULL if memory runs out. */
struct cJSON *out_est_json(const struct estimate *x);

/* Add to root, after its "seed", the run's generator as "rng" when it is not
 * the default MRG32k3a (so that a default run's files read as before). */
void out_rng_json(struct cJSON *root, const struct run *r);

/* A number as the next field of a CSV row: "," then %.6g, or "," alone
 * (an empty cell) for NAN and infinities. */
void out_csv_num(FILE *f, double x);

/* Between two warnings in one field of sweep.csv's warnings column (the
 * sweep report splits the field at it). */
#define OUT_WARNINGS_SEP " | "

/* What a scenario's folder receives: the outputs of a run, or (a grid
 * point of a sweep, kept for --resume) replications.csv only. */
enum out_unit { OUT_RUN, OUT_POINT };

/* Write a scenario's outputs into dir (created with its parents) as one set
 * (fileset.h), its manifest recording `fingerprint` (NULL: none): with
 * OUT_RUN summary.json, hourly.csv, waits.csv, replications.csv and, with
 * flex lanes, lanes.csv (a stale lanes.csv and report.html are removed).
 * Returns 0, or -1 with *e filled (EXIT_FAIL, or the status of a signal that
 * stopped it) and the previous set whole unless the message says otherwise. */
int out_write_unit(const char *dir, const struct scenario *s, const struct summary *sum,
                   enum out_unit what, const char *fingerprint, struct err *e);

/* out_write_unit(dir, s, sum, OUT_RUN, NULL, e). */
int out_write_run(const char *dir, const struct scenario *s, const struct summary *sum,
                  struct err *e);

/* Read back the replications.csv of `reps` replications of s in dir into a
 * summary (estimates computed; no hourly figures): what a comparison needs,
 * the same doubles as when it was written.  NULL with *e filled (EXIT_FAIL)
 * if the file is missing or not exactly of that shape. */
struct summary *out_read_replications(const char *dir, const struct scenario *s, int reps,
                                      struct err *e);

/* The short table of a run: per group, arrivals and forgone per day, mean
 * wait with its interval, p95 and maximum wait, utilisation; then the whole
 * port and the cost of waiting per day. */
void out_print_table(FILE *f, const struct scenario *s, const struct summary *sum);

/* comparison.csv, comparison.json and benefit_cost.csv of a batch
 * (columns in README.md), written as one set whose manifest also lists each
 * scenario's folder DIR/<name>/ (which must be complete already). */
int out_write_comparison(const char *dir, const struct comparison *c,
                         const struct scenario *const *scn, const char *fingerprint,
                         struct err *e);

/* sweep.csv: a column per swept path, then the comparison columns, one row
 * per grid point (scenarios 1.. of c) and group; values[(point-1) * n_paths
 * + k] is the value of path k at that point. */
int out_write_sweep(const char *dir, const struct comparison *c, const char *const *paths,
                    size_t n_paths, const char *const *values, const char *fingerprint,
                    struct err *e);

/* The table of a comparison: per scenario and group (or, with all_only, per
 * scenario as a whole), the mean wait and its paired difference from the
 * baseline, the cost per day and its difference; then benefit-cost per
 * proposal with an investment block. */
void out_print_comparison(FILE *f, const struct comparison *c, bool all_only);

/* The table of a sweep: a row per grid point with its values (paths[k],
 * values as for out_write_sweep), the whole port's mean wait, cost per day
 * and their paired differences from the scenario as written; then the point
 * with the lowest mean wait and those the paired 95% interval cannot tell
 * apart from it. */
void out_print_sweep(FILE *f, const struct comparison *c, const char *const *paths,
                     size_t n_paths, const char *const *values);

#endif
