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

/* The generator type: MRG32k3a (L'Ecuyer 1999) with the stream structure of
 * L'Ecuyer's RngStreams package, named "poesim-mrg32k3a".  Each step yields
 * z = x_n - y_n mod m1 taken in [1, m1] (m1 = 4294967087).  get() returns
 * z - 1 (min 0, max m1 - 1 = 4294967086); get_double() returns RngStreams'
 * U01, z / (m1 + 1), strictly inside (0, 1), so log-based GSL distributions
 * never see 0 or 1.  gsl_rng_set(r, s) is rng_seed(r, s, 0, 0).  The state
 * behind r->state is six uint64_t words, in RngStreams' order:
 * x_{n-3}, x_{n-2}, x_{n-1} (each in [0, m1)), then y_{n-3}, y_{n-2},
 * y_{n-1} (each in [0, m2), m2 = 4294944443); neither triple is all zero. */
extern const gsl_rng_type *const rng_type;

/* A stable id for a random source: a 64-bit hash of kind and name, e.g.
 * rng_source_id("arrivals", "pov-north") (FNV-1a over kind, a 0 byte and
 * name, then a splitmix64 mix).  Both strings must be non-NULL. */
uint64_t rng_source_id(const char *kind, const char *name);

/* A new generator of rng_type, or NULL if out of memory.  It starts at a
 * fixed state (not GSL_RNG_SEED's): RngStreams' default package seed, all six
 * words 12345, whose first uniform is 0.1270111220.  Position it with
 * rng_seed.  Only rng_alloc allocates: get, get_double and rng_seed never
 * do. */
gsl_rng *rng_alloc(void);

/* Position r, a generator of rng_type, at the start of substream
 * `replication` of stream `source` for the run seed `seed`.  The seed picks
 * the package seed (each triple of words drawn from a splitmix64 generator
 * started at `seed`: the upper 32 bits of successive outputs, rejecting
 * values >= the modulus and an all-zero triple); stream `source` starts
 * 2^127 * source steps after it, substream `replication` 2^76 * replication
 * steps after the stream's start.  The state depends on the triple only, not
 * on r's history.  Distinct triples give statistically independent
 * sequences; substreams of one stream are disjoint.  Costs some
 * microseconds (matrix powers), allocates nothing. */
void rng_seed(gsl_rng *r, uint64_t seed, uint64_t source, uint64_t replication);

/* ---- For tests only: the jump machinery behind rng_seed. ---- */

/* Store in out the matrix A^(2^log2_steps) mod m of MRG32k3a's component
 * `component` (1: the x recurrence, modulus m1; 2: the y recurrence, modulus
 * m2), which advances a component's three state words (oldest first, as a
 * column vector) by 2^log2_steps steps.  Computed by squaring, starting from
 * the published A^(2^127) or A^(2^76) tables when log2_steps reaches them.
 * Any other component is a bug (assert). */
void rng_mrg_jump_matrix(int component, unsigned log2_steps, uint64_t out[3][3]);

#endif
