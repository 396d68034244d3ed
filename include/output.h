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

#include <stdio.h>

#include "error.h"
#include "scenario.h"
#include "summary.h"

/* Returns 0, or -1 with *e filled (code EXIT_FAIL) and no file changed. */
int out_write_run(const char *dir, const struct scenario *s, const struct summary *sum,
                  struct err *e);

/* The short table of a run: per group, arrivals and forgone per day, mean
 * wait with its interval, p95 and maximum wait, utilisation; then the whole
 * port and the cost of waiting per day. */
void out_print_table(FILE *f, const struct scenario *s, const struct summary *sum);

#endif
