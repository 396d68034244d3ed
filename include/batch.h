/*
 * batch.h - run several scenarios with common random numbers, to a target
 * precision if asked, with progress on a terminal.
 *
 * Every scenario of a batch runs with the baseline's (the first scenario's)
 * seed, days, warm-up days and starting weekday, and the same number of
 * replications, so that replication k of each draws the same numbers for
 * the random sources they share: the pairing that comparisons rely on.
 *
 * With a target half-width, replications are added in rounds until the 95%
 * interval of the overall mean wait (one scenario) or of every paired
 * difference of mean waits against the baseline (several) is at most the
 * target, or the cap is reached.  Rounds are sized from the current
 * intervals (half-widths shrink as 1/sqrt(n)); the result is the same as a
 * run of that many replications from the start.
 *
 * Ownership: summaries returned in sums[] belong to the caller (sum_free).
 */
#ifndef POESIM_BATCH_H
#define POESIM_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "scenario.h"
#include "summary.h"

struct engine;
struct batch_round;

/* Who runs the replications of a round instead of the engines' threads (the
 * MPI module spreads them over ranks).  run must bring every engine
 * en[0..n) to `reps` replications, adding each result in replication order
 * with engine_add and then calling batch_round_added(round, i, e) for it (which
 * shows progress and, when scenario i has all its replications, calls the
 * batch's done callback).  It returns 0, or -1 with *e filled. */
struct batch_runner {
    int (*run)(void *ctx, struct batch_round *round, struct scenario *const *scn,
               struct engine *const *en, size_t n, int reps, struct err *e);
    void *ctx;
};

struct batch_opts {
    int reps;               /* > 0: replications; 0: the baseline's run.replications */
    double target_hw;       /* > 0: minutes; replications added up to max_reps */
    int max_reps;
    bool progress;          /* report progress on stderr */
    int jobs;               /* replications at once (threads); 0 or 1: one */
    /* Without a target: called when scenario i has all its replications
     * (in the order they finish: scenario order with one job, any order
     * with threads or a runner; never two at once),
     * before the batch goes on (to keep its results); -1 (with *e) stops
     * the batch.  NULL: none. */
    int (*done)(void *ctx, size_t i, const struct summary *sum, struct err *e);
    void *ctx;
    const struct batch_runner *runner;  /* NULL: the engines run them here */
};

/* A runner added one replication to engine i (see struct batch_runner).
 * Returns 0, or -1 with *e filled (the done callback failed). */
int batch_round_added(struct batch_round *round, size_t i, struct err *e);

struct batch_info {
    int replications;       /* run for every scenario */
    bool target_reached;    /* with a target: reached within the cap */
    double worst_hw;        /* the widest interval checked against the target */
};

/* Make scn[1..n) run like scn[0] (seed, days, warm-up, start, start date,
 * generator).  Unless quiet, a scenario whose settings changed gets a
 * warning saying so (scn_add_warning: printed and recorded with its outputs
 * as its other warnings are).  Returns 0, or -1 if out of memory for a
 * warning. */
int batch_align(struct scenario *const *scn, size_t n, bool quiet);

/* Whether run.KEY is one that every scenario of a batch or sweep shares:
 * one batch_align sets from the baseline, or run.replications (the same
 * count for all).  A sweep cannot vary these. */
bool batch_shared_run_key(const char *key);

/* Run scn[0..n) (aligned) and fill sums[0..n).  Returns 0, or -1 with *e. */
int batch_execute(struct scenario *const *scn, size_t n, const struct batch_opts *o,
                  struct summary **sums, struct batch_info *info, struct err *e);

#endif
