/*
 * calibrate.h - fit a port's scenario to an observed hourly table.
 *
 * `poesim calibrate BASE.json OBSERVED.csv` starts from a base scenario
 * (the port's infrastructure: lanes, pools, booths, service distributions,
 * secondary, costs) and an observed table (observed.h: per hour and queue,
 * the volume processed, the lanes open and the wait).  From the table alone
 * it fits what the table determines (README.md, "Calibration"):
 *
 *   demand by hour and programme: the volume processed in the hour plus
 *     the change of the queue standing at its ends (the queue an arrival
 *     finds is what the booths process during its wait), and the queue
 *     standing at midnight, which becomes demand[i].initial_queue;
 *   inspection speed by hour: volume / lanes open in the hours whose queue
 *     stands, their median in the other hours (a service hourly_factor on
 *     the base's distribution);
 *   the staffing policy: its minimum (the fewest lanes open), the officers
 *     on duty by hour (staffed_booths: the lanes open plus one), the lower
 *     bound (the lowest standing wait with more than the minimum open) and
 *     the upper bound (a quantile of the standing waits);
 *
 * then simulates and corrects in fixed-point rounds: the inspection speed
 * so that the simulated throughput per open lane (a stacked booth counting
 * for its efficiency) matches the observed one, and the officers on duty
 * where the simulated wait is 10% off with the booths at the officers'
 * limit (up) or with the wait short (down, never below the lanes
 * observed).  The rounds run for each candidate upper bound (the 25th, 50th,
 * 75th and 100th percentiles of the standing waits); the round with the
 * best fit wins.  Its scenario is written as DIR/calibrated.json, a file
 * that `extends` BASE and needs nothing else at run time.
 *
 * Ownership: calib_run returns a result owned by the caller (calib_free); it
 * keeps pointers to the base scenario and the table, which must outlive it.
 */
#ifndef POESIM_CALIBRATE_H
#define POESIM_CALIBRATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "observed.h"
#include "scenario.h"

#define CALIB_ROUNDS_DEFAULT 5        /* fixed-point rounds for each candidate bound */
#define CALIB_ROUNDS_MAX 100
#define CALIB_STAND_MIN_DEFAULT 5.0   /* minutes: a wait at least this long means a standing queue */
#define CALIB_MAPE_FLOOR_MIN 5.0      /* minutes: the least denominator of a percentage error */

struct calib_opts {
    const char *name;           /* the calibrated scenario's name; NULL: BASE's + "-calibrated" */
    int rounds;                 /* 0 .. CALIB_ROUNDS_MAX */
    double stand_min;
    int jobs;                   /* replications at once */
    bool have_reps, have_seed, have_days;
    int reps, days;
    uint64_t seed;
    bool quiet;
};

struct calib_result;

/* Check that table t fits base scenario `base`: every row's queue (or, for
 * an "all" row, its direction and mode) is served by a lane group of base;
 * every queue of the table has a volume in some hour; where the table
 * gives programmes of a direction and mode, it gives every programme that
 * base's demand streams of that direction and mode send.  Returns 0, or -1
 * with *e filled (EXIT_USAGE, "TABLE:ROW: ..." or "TABLE: ..."). */
int calib_match(const struct scenario *base, const struct obs_table *t, struct err *e);

/* Fit base (read from base_path) to t (calib_match first), simulate, and
 * return the best fit.  dir is where calibrated.json will go (its
 * "extends" is written relative to it).  NULL with *e filled on failure
 * (EXIT_USAGE for a table that does not fit base, EXIT_FAIL otherwise). */
struct calib_result *calib_run(const struct scenario *base, const char *base_path,
                           const struct obs_table *t, const struct calib_opts *o, const char *dir,
                           struct err *e);

/* Write DIR/calibrated.json, DIR/fit.csv, DIR/fit.json and, in DIR/run/,
 * the outputs of a run of the calibrated scenario (output.h), each folder
 * as one set (fileset.h).  Returns 0, or -1 with *e filled (EXIT_FAIL, or a
 * signal's status). */
int calib_write(const struct calib_result *r, const char *dir, struct err *e);

/* The fit table: per queue of the table, observed and simulated daily
 * mean wait, MAE, MAPE, share of hours with GEH < 5, lanes within 2; then
 * what was fitted. */
void calib_print(FILE *f, const struct calib_result *r);

/* Wall-clock seconds calib_run took. */
double calib_seconds(const struct calib_result *r);

void calib_free(struct calib_result *r);

#endif
