/*
 * engine.h - run a scenario's replications and summarise them.
 *
 * An engine builds the port model of one scenario once and runs its
 * replications on demand, in order 0, 1, 2, ..., adding each to a summary.
 * Every replication is seeded by (seed, random source, replication) only,
 * so results do not depend on where or when replications are computed, and
 * replication k of two scenarios draws the same numbers for the sources they
 * share (common random numbers).  Running more replications later (to reach
 * a target precision) gives the same result as running them all at once.
 *
 * With several jobs, replications run in blocks, one per job, each on its
 * own thread with its own port model and result buffer; the block's results
 * are then added to the summary in replication order, so the output is the
 * same bytes whatever the number of jobs.
 *
 * Ownership: engine_new returns an engine freed with engine_free; the
 * summary it exposes belongs to it (engine_take hands it over).
 */
#ifndef POESIM_ENGINE_H
#define POESIM_ENGINE_H

#include "error.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"

struct engine;

/* An engine for up to cap_reps replications of s (which must outlive it),
 * running up to `jobs` (>= 1) of them at once.  NULL with *e filled if out of
 * memory. */
struct engine *engine_new(const struct scenario *s, int cap_reps, int jobs, struct err *e);
void engine_free(struct engine *en);
/* Run the next replication and add it to the summary (estimates are not
 * updated until engine_summary).  Returns 0, or -1 with *e filled. */
int engine_step(struct engine *en, struct err *e);
/* Run replications until n have run (n <= cap_reps), a block of up to
 * `jobs` at a time.  Returns 0, or -1 with *e filled. */
int engine_run_to(struct engine *en, int n, struct err *e);
/* Add replication r, computed elsewhere (another process, by a port model
 * of the same scenario): it must be the next in order and have the
 * engine's shape.  Returns 0, or -1 with *e filled (out of order, another
 * shape, out of memory). */
int engine_add(struct engine *en, const struct rep_result *r, struct err *e);
/* Replications run so far. */
int engine_reps(const struct engine *en);
/* The summary with estimates over the replications run so far. */
const struct summary *engine_summary(struct engine *en);
/* Hand the summary over to the caller (who frees it with sum_free). */
struct summary *engine_take(struct engine *en);

/* Run s->run.replications replications of s.  Returns 0 and *out, or -1
 * with *e filled (out of memory, an internal check failed). */
int engine_run(const struct scenario *s, struct summary **out, struct err *e);

#endif
