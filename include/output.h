/*
 * output.h - a run's results as files and as a table.
 *
 * out_write_run writes summary.json and hourly.csv (columns in README.md)
 * into a directory, creating it and its parents.  Every file is first
 * written under a temporary name in that directory and renamed only when
 * all of them were written, so a failed or interrupted write leaves the
 * previous complete result (or none), never a partial file.
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

/* A file to write: its name in the folder and the function that writes it
 * (returns 0, or -1 on a write error). */
struct out_file {
    const char *name;
    int (*write)(FILE *f, const void *ctx);
    const void *ctx;
};
#define OUT_FILES_MAX 8

/* Write n files into dir (created with its parents) atomically as a set:
 * each under a temporary name, then all renamed.  Returns 0, or -1 with *e
 * filled (EXIT_FAIL) and no file changed. */
int out_write_files(const char *dir, const struct out_file *files, int n, struct err *e);

/* Returns 0, or -1 with *e filled (code EXIT_FAIL) and no file changed. */
int out_write_run(const char *dir, const struct scenario *s, const struct summary *sum,
                  struct err *e);

/* The short table of a run: per group, arrivals and forgone per day, mean
 * wait with its interval, p95 and maximum wait, utilisation; then the whole
 * port and the cost of waiting per day. */
void out_print_table(FILE *f, const struct scenario *s, const struct summary *sum);

/* comparison.csv, comparison.json and benefit_cost.csv of a batch
 * (columns in README.md), written atomically as a set. */
int out_write_comparison(const char *dir, const struct comparison *c,
                         const struct scenario *const *scn, struct err *e);

/* sweep.csv: a column per swept path, then the comparison columns, one row
 * per grid point (scenarios 1.. of c) and group; values[(point-1) * n_paths
 * + k] is the value of path k at that point. */
int out_write_sweep(const char *dir, const struct comparison *c, const char *const *paths,
                    size_t n_paths, const char *const *values, struct err *e);

/* The table of a comparison: per scenario and group (or, with all_only, per
 * scenario as a whole), the mean wait and its paired difference from the
 * baseline, the cost per day and its difference; then benefit-cost per
 * proposal with an investment block. */
void out_print_comparison(FILE *f, const struct comparison *c, bool all_only);

#endif
