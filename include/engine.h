/*
 * engine.h - run a scenario's replications and summarise them.
 *
 * The engine builds the port model once and runs replications 0..n-1, adding
 * each to the summary in order.  Every replication is seeded by (seed,
 * random source, replication) only, so results do not depend on where or in
 * what order replications are computed; this is what lets later versions run
 * them on threads or MPI ranks with byte-identical output.
 *
 * Ownership: engine_run returns, through *out, a summary the caller frees
 * with sum_free.
 */
#ifndef POESIM_ENGINE_H
#define POESIM_ENGINE_H

#include "error.h"
#include "scenario.h"
#include "summary.h"

/* Run s->run.replications replications of s.  Returns 0 and *out, or -1
 * with *e filled (out of memory, an internal check failed). */
int engine_run(const struct scenario *s, struct summary **out, struct err *e);

#endif
