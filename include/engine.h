/*
 * engine.h - run a scenario's replications and summarise them.
 *
 * An engine holds the summary of one scenario's replications, which are
 * added in order 0, 1, 2, ...: run here on demand (engine_run_to, on a port
 * model built for them and kept until engine_release), or computed
 * elsewhere (engine_add: another thread or process).
 * Every replication is seeded by (seed, random source, replication) only,
 * so results do not depend on where or when replications are computed, and
 * replication k of two scenarios draws the same numbers for the sources they
 * share (common random numbers).  Running more replications later (to reach
 * a target precision) gives the same result as running them all at once.
 *
 * Because results are added in replication order, the output is the same
 * bytes whoever computed them (batch.c spreads replications over threads,
 * ranks.c over MPI ranks).
 *
 * A replication is computed by a worker: the port model of one scenario and
 * the result buffer its replications fill, both reused from one replication
 * to the next.  An engine that runs replications holds one; so does each
 * thread of batch.c and each rank of ranks.c, for the scenario of its last
 * task.  Building a worker costs milliseconds (the wait histograms of every
 * queue), so an engine does not build one to learn the shape of its
 * results: that comes from the scenario alone (port_shape).
 *
 * Ownership: engine_new returns an engine freed with engine_free; the
 * summary it exposes belongs to it (engine_take hands it over).
 * engine_worker_new returns a worker freed with engine_worker_free; the
 * result it returns belongs to it.  Both keep a pointer to the scenario,
 * which must outlive them.
 */
#ifndef POESIM_ENGINE_H
#define POESIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"

struct engine;
struct engine_worker;

/* A worker for scenario s: its port model and a result buffer.  NULL with
 * *e filled (out of memory; EXIT_FAIL). */
struct engine_worker *engine_worker_new(const struct scenario *s, struct err *e);
void engine_worker_free(struct engine_worker *w);
/* The scenario w computes. */
const struct scenario *engine_worker_scenario(const struct engine_worker *w);
/* Compute replication rep (0-based) of w's scenario.  Returns the result,
 * which stays w's and valid until its next replication, or NULL with *e
 * filled (an internal check failed, memory ran out in the run). */
const struct rep_result *engine_worker_run(struct engine_worker *w, int rep, struct err *e);

/* ---- Stepping, for searches that try several futures from one state (the
 * staffing search, staff.h): port.h's stepping and snapshots through a
 * worker.  A replication started with engine_worker_start and run with
 * engine_worker_run_until to INFINITY writes the waits and counts that
 * engine_worker_run does into the worker's result (not the quantiles and
 * totals computed at the end of a run, nor its checks).  A snapshot of one
 * worker may be restored into another worker of the same scenario. ---- */

struct engine_snap;

/* Start replication rep and stop before its first event.  Returns 0, or -1
 * with *e filled. */
int engine_worker_start(struct engine_worker *w, int rep, struct err *e);
/* Process the events before time t (seconds from the start of the run;
 * INFINITY: to the end).  Returns 0, or -1 with *e filled. */
int engine_worker_run_until(struct engine_worker *w, double t, struct err *e);
/* Has the run reached its end? */
bool engine_worker_ended(const struct engine_worker *w);
/* The queue that hourly bins and results index g stand for. */
struct group_id engine_worker_group(const struct engine_worker *w, size_t g);
/* The time measured hour k starts. */
double engine_worker_hour_start(const struct engine_worker *w, size_t k);
/* Arrival time of the crosser waiting longest in queue g (INFINITY: none),
 * and the crossers waiting in it. */
double engine_worker_oldest(const struct engine_worker *w, size_t g);
size_t engine_worker_waiting(const struct engine_worker *w, size_t g);
/* The result the run in progress writes into (the caller may put back
 * hourly bins a restore does not hold). */
struct rep_result *engine_worker_result(struct engine_worker *w);
/* After a restore at time t: staffing follows the scenario's schedules as
 * they are now (port_restaff). */
void engine_worker_restaff(struct engine_worker *w, double t);
/* A snapshot shaped for w's scenario, or NULL if out of memory. */
struct engine_snap *engine_snap_new(const struct engine_worker *w);
void engine_snap_free(struct engine_snap *s);
/* Save w's state into s, or put w in the state saved in s.  Return 0, or
 * -1 if out of memory. */
int engine_worker_save(const struct engine_worker *w, struct engine_snap *s);
int engine_worker_restore(struct engine_worker *w, const struct engine_snap *s);

/* An engine for up to cap_reps replications of s (which must outlive it).
 * It holds no worker until replications run here.  NULL with *e filled
 * if out of memory. */
struct engine *engine_new(const struct scenario *s, int cap_reps, struct err *e);
void engine_free(struct engine *en);
/* Run replications here, one after the other, until n have run (n <=
 * cap_reps), adding each to the summary (estimates are not updated until
 * engine_summary).  Returns 0, or -1 with *e filled. */
int engine_run_to(struct engine *en, int n, struct err *e);
/* Free the worker engine_run_to built (it builds another if called
 * again); the summary stays. */
void engine_release(struct engine *en);
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
