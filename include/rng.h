/*
 * rng.h - random streams, one per random source and replication.
 *
 * Every random source of a model (a demand stream's arrivals, its programme
 * split, a service, referrals, ...) draws from its own stream, and every
 * replication from its own substream.  A source is identified by a stable
 * 64-bit id derived from its kind and name (not its position in a file), so
 * the same source sees the same numbers in two scenarios that both have it:
 * common random numbers for paired comparisons.
 *
 * The generator is registered as a gsl_rng_type so that every GSL
 * distribution can draw from it.  Streams are gsl_rng objects; allocate them
 * once per run, reseed per replication (no allocation in the hot loop).
 *
 * Ownership: rng_alloc returns a gsl_rng the caller frees with gsl_rng_free.
 */
#ifndef POESIM_RNG_H
#define POESIM_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* The generator type (xoshiro256**, seeded through splitmix64). */
extern const gsl_rng_type *rng_type;

/* A stable id for a random source: a 64-bit hash of kind and name, e.g.
 * rng_source_id("arrivals", "pov-north"). */
uint64_t rng_source_id(const char *kind, const char *name);

/* A new generator of rng_type, or NULL if out of memory. */
gsl_rng *rng_alloc(void);

/* Position r at the start of substream `replication` of stream `source` for
 * the run seed `seed`.  Distinct (seed, source, replication) triples give
 * statistically independent sequences. */
void rng_seed(gsl_rng *r, uint64_t seed, uint64_t source, uint64_t replication);

#endif
