/*
 * port.h - the port of entry model: demand, queues, booths, secondary.
 *
 * A struct port is built once from a validated scenario and then runs any
 * number of replications, one at a time; each replication is a pure function
 * of (scenario, seed, replication number).  Everything a replication needs
 * (event calendar, queues, booths, random streams) is allocated by port_new,
 * so the event loop never allocates, except when a queue outgrows its ring
 * buffer (amortised doubling, bounded by the approach storage when the
 * scenario sets one).  Run replications in parallel with one port each.
 *
 * Ownership: port_new returns a port the caller frees with port_free; it
 * keeps a pointer to the scenario, which must outlive it.
 */
#ifndef POESIM_PORT_H
#define POESIM_PORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "results.h"
#include "scenario.h"

struct port;

/* Build the model of scenario s.  NULL on error (out of memory), *e filled. */
struct port *port_new(const struct scenario *s, struct err *e);
void port_free(struct port *p);

/* The groups the results are indexed by, in (direction, mode, program)
 * order: the queues of a direction and mode without stages; with stages,
 * every programme with demand or a line. */
size_t port_n_groups(const struct port *p);
struct group_id port_group(const struct port *p, size_t g);
/* Measured hours: days x 24. */
size_t port_n_hours(const struct port *p);
/* Stage columns of the results (0: the scenario has no stages): allocate
 * results with res_alloc_stages(out, groups, hours, port_n_stage_cols(p)). */
size_t port_n_stage_cols(const struct port *p);

/* The shape of s's results without building its model (which costs the
 * histograms of every queue): the groups port_new would index them by,
 * into ids[] (room for PORT_GROUPS_MAX), and the measured hours into
 * *n_hours.  Returns the number of groups. */
#define PORT_GROUPS_MAX (DIR_COUNT * MODE_COUNT * PROG_COUNT)
size_t port_shape(const struct scenario *s, struct group_id *ids, size_t *n_hours);

/* Run replication `rep` (0-based) into out, which must have been allocated
 * with res_alloc_stages(out, port_n_groups(p), port_n_hours(p),
 * port_n_stage_cols(p)) (res_alloc without stages).  Returns 0, or -1
 * with *e filled if an internal check fails (a bug: conservation). */
int port_replicate(struct port *p, int rep, struct rep_result *out, struct err *e);

/* ---- Stepping and snapshots, for searches that try several futures from
 * one state (staff.h).  A replication run as port_start, then port_run_until
 * with increasing times up to INFINITY, processes exactly the events of
 * port_replicate in the same order and writes the same waits and counts into
 * `out` (not the run's own quantiles and totals, which port_replicate's end
 * computes, nor its conservation check).  A snapshot holds the state that
 * decides the rest of the replication (calendar, queues, booths, lane
 * groups, secondary, the random streams' states), not the results written
 * so far; a snapshot of one port may be restored into another port of the
 * same scenario. ---- */

struct port_snap;

/* Start replication `rep` into out (shaped as for port_replicate) and stop
 * before its first event.  Returns 0, or -1 with *e filled (the test hook
 * of port_replicate). */
int port_start(struct port *p, int rep, struct rep_result *out, struct err *e);
/* Process the events before time t (seconds since the start of the run;
 * INFINITY: to the end), stopping early at the end of the run.  Returns 0,
 * or -1 with *e filled (out of memory). */
int port_run_until(struct port *p, double t, struct err *e);
/* After a restore at time t (no event before t left to process), when a
 * lane group's staffing schedule (in the scenario, which the caller may
 * change between runs) differs from the one its pending staffing event was
 * scheduled by: schedule the group's next staffing change by the schedule
 * as it is now (at t itself if the booths it wants at t differ from those
 * it has), the pending event becoming stale.  Staffing then follows the
 * schedule in force from t on. */
void port_restaff(struct port *p, double t);
/* Has the run reached its end (the tick closing the last measured hour)? */
bool port_ended(const struct port *p);
/* The time at which measured hour k (0 at the end of the warm-up) starts. */
double port_hour_start(const struct port *p, size_t k);
/* Arrival time of the crosser waiting longest in queue g, or INFINITY if
 * none waits (crossers at a booth or in secondary do not wait). */
double port_oldest_waiting(const struct port *p, size_t g);
/* Crossers waiting in queue g. */
size_t port_queue_length(const struct port *p, size_t g);

/* A snapshot shaped for port p's scenario, or NULL if out of memory.  Free
 * with port_snap_free. */
struct port_snap *port_snap_new(const struct port *p);
void port_snap_free(struct port_snap *s);
/* Save p's state into s (which grows to hold its queues).  Returns 0, or -1
 * if out of memory (s is then unusable until saved again). */
int port_save(const struct port *p, struct port_snap *s);
/* Put p in the state saved in s, results going on into out (the caller puts
 * there what the replication had written before the snapshot, as far as it
 * needs it; out's lane changes start again with those under way).  Returns
 * 0, or -1 if out of memory. */
int port_restore(struct port *p, const struct port_snap *s, struct rep_result *out);

#endif
