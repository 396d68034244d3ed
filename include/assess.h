/*
 * assess.h - what a pre-clearance programme is worth to its members, and
 * how that changes as it grows (`poesim assess FILE`).
 *
 * For each trusted programme (Ready, SENTRI, FAST) of a direction and mode
 * that also has a General line, against that General line:
 *
 *   advantage per crossing  A = crossing time of General - crossing time of
 *                           the programme, per replication (the two are
 *                           paired within the run), mean and 95% interval;
 *                           the same of their 95th percentiles;
 *   a member's year         A x crossings_per_member_per_year hours, and in
 *                           USD at the cost of a crosser-hour of the mode
 *                           (value of time; a truck adds its operating cost
 *                           and idle fuel);
 *   a sweep of its share    the programme's share of its direction and mode
 *                           (daily volumes, per_day x programme share over
 *                           the streams) moved over a grid, General taking
 *                           the difference and the other programmes kept,
 *                           each stream keeping its hourly profile; twice:
 *                           with the lanes as they are ("fixed"), and with
 *                           each lane group's lanes and officers on duty
 *                           scaled by the volume of the line it serves
 *                           ("proportional": lanes in proportion to the
 *                           share; in a lane pool, where a group's lanes
 *                           are a cap and the pool the limit, its officers
 *                           on duty).  Where the mean advantage first falls
 *                           to half of its value at the current share, and
 *                           to zero, by linear interpolation between grid
 *                           points, with the range the interval's ends give.
 *
 * Every variant runs with the base's seed, days and replications (common
 * random numbers) in one batch (batch.h).  The scenario's "assessment" key
 * gives the crossings per member (required for each programme assessed), the
 * grid's step and, optionally, the queues to assess.
 *
 * Ownership: assess_run returns a result freed with assess_free.
 */
#ifndef POESIM_ASSESS_H
#define POESIM_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "scenario.h"

struct assess_opts {
    const struct scn_override *sets;    /* the command line's --set, applied first */
    size_t n_sets;
    int jobs;                   /* replications at once (threads) */
    bool progress;
    bool have_reps, have_seed, have_days;
    int reps, days;
    uint64_t seed;
};

struct assess_result;

/* Assess the scenario in `path` with o's overrides and settings.  NULL with
 * *e filled: EXIT_USAGE for a bad scenario, a programme without
 * assessment.crossings_per_member_per_year or without a General line
 * beside it, nothing to assess; EXIT_FAIL (or a signal's status) if a run
 * fails. */
struct assess_result *assess_run(const char *path, const struct assess_opts *o, struct err *e);

/* Write dir/assess.csv and dir/assess.json as one set (fileset.h).
 * Returns 0, or -1 with *e filled. */
int assess_write(const struct assess_result *r, const char *dir, struct err *e);

/* The table on stdout: per programme its advantage, a member's year, and
 * where the advantage halves and vanishes, lanes fixed and proportional. */
void assess_print(FILE *f, const struct assess_result *r);

/* The base scenario assessed (owned by r). */
const struct scenario *assess_scenario(const struct assess_result *r);

void assess_free(struct assess_result *r);

#endif
