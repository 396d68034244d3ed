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

/* The generator type (xoshiro256**, seeded through splitmix64), named
 * "poesim-xoshiro256ss".  get() returns the upper 32 bits of an output
 * (min 0, max 2^32 - 1); get_double() returns (x >> 11) * 2^-53, in [0, 1).
 * gsl_rng_set(r, s) fills the state with the first four outputs of a
 * splitmix64 generator started at s.  The state behind r->state is four
 * uint64_t words, s[0..3] in the notation of Blackman & Vigna. */
extern const gsl_rng_type *const rng_type;

/* A stable id for a random source: a 64-bit hash of kind and name, e.g.
 * rng_source_id("arrivals", "pov-north") (FNV-1a over kind, a 0 byte and
 * name, then a splitmix64 mix).  Both strings must be non-NULL. */
uint64_t rng_source_id(const char *kind, const char *name);

/* A new generator of rng_type, or NULL if out of memory.  It starts at a
 * fixed state (not GSL_RNG_SEED's); position it with rng_seed. */
gsl_rng *rng_alloc(void);

/* Position r at the start of substream `replication` of stream `source` for
 * the run seed `seed`.  Distinct (seed, source, replication) triples give
 * statistically independent sequences. */
void rng_seed(gsl_rng *r, uint64_t seed, uint64_t source, uint64_t replication);

#endif
