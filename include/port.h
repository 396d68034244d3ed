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

#endif
