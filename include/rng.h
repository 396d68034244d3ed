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
 * Two generators, chosen per scenario (run.rng): MRG32k3a, the default,
 * whose streams and substreams are provably disjoint; and xoshiro256++,
 * about four times cheaper a draw, whose streams start at hashed points of
 * its period (rng.c says what that guarantees).  Each is registered as a
 * gsl_rng_type so that every GSL distribution can draw from it.  Streams are
 * gsl_rng objects; allocate them once per run, reseed per replication (no
 * allocation in the hot loop).
 *
 * Ownership: rng_alloc and rng_alloc_kind return a gsl_rng the caller frees
 * with gsl_rng_free.
 */
#ifndef POESIM_RNG_H
#define POESIM_RNG_H

#include <assert.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

/* MRG32k3a's moduli and multipliers (L'Ecuyer 1999); a13n and a23n are the
 * magnitudes of the negative multipliers. */
#define MRG_M1 UINT64_C(4294967087)
#define MRG_M2 UINT64_C(4294944443)
#define MRG_A12 UINT64_C(1403580)
#define MRG_A13N UINT64_C(810728)
#define MRG_A21 UINT64_C(527612)
#define MRG_A23N UINT64_C(1370589)

/* 1 / (m1 + 1), rounded as in RngStreams.c; z * MRG_NORM with z in [1, m1]
 * lies in (0, 1). */
#define MRG_NORM 2.328306549295727688e-10

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

/* The second generator type: xoshiro256++ (Blackman & Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47, 2021), named
 * "poesim-xoshiro256++": period 2^256 - 1, passes BigCrush, a step is a few
 * shifts, xors and one addition.  get() returns the upper 32 bits of a step
 * (min 0, max 2^32 - 1, so GSL's samplers take one step where they need 32
 * bits); get_double() and rng_uniform return ((x >> 11) + 0.5) / 2^53 for a
 * step x, strictly inside (0, 1).  gsl_rng_set(r, s) is rng_seed(r, s, 0, 0).
 * The state behind r->state is four uint64_t words s[0..3], not all zero. */
extern const gsl_rng_type rng_xoshiro_type;

/* The generators a scenario may choose (run.rng), by name: rng_kind_names. */
enum rng_kind { RNG_MRG32K3A, RNG_XOSHIRO256PP, RNG_KIND_COUNT };
extern const char *const rng_kind_names[RNG_KIND_COUNT];

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

/* A new generator of kind k (rng_alloc's for RNG_MRG32K3A; for
 * RNG_XOSHIRO256PP one at a fixed state, to be positioned with rng_seed), or
 * NULL if out of memory. */
gsl_rng *rng_alloc_kind(enum rng_kind k);

/* The kind of r, a generator from rng_alloc_kind. */
enum rng_kind rng_kind_of(const gsl_rng *r);

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
/* For a generator of rng_xoshiro_type, rng_seed sets each of the four state
 * words to a hash of (word, seed, source, replication) (splitmix64's mixer
 * chained over them): every word depends on all three numbers, replications
 * of one source get distinct states, and how far apart streams fall in the
 * period is left to chance (rng.c says how small a chance of overlap). */

/* The state behind gsl_rng->state for rng_type (described above):
 * x_{n-3}, x_{n-2}, x_{n-1}, y_{n-3}, y_{n-2}, y_{n-1}, RngStreams' Cg. */
struct rng_mrg32k3a {
    uint64_t s[6];
};

/* One step of both components; returns z_n in [1, m1].  The negative
 * multipliers act on m - x instead of -x, so every intermediate is a
 * non-negative integer below 2^54 and one unsigned remainder by a constant
 * (a multiply and shifts once compiled) reduces it.  The outputs are those
 * of L'Ecuyer's double-precision code, bit for bit.  Here, in the header,
 * so that the hot loop's draws (rng_uniform) compile inline. */
static inline uint64_t rng_mrg_next(struct rng_mrg32k3a *st)
{
    uint64_t *s = st->s;

    uint64_t p1 = (MRG_A12 * s[1] + MRG_A13N * (MRG_M1 - s[0])) % MRG_M1;
    s[0] = s[1];
    s[1] = s[2];
    s[2] = p1;

    uint64_t p2 = (MRG_A21 * s[5] + MRG_A23N * (MRG_M2 - s[3])) % MRG_M2;
    s[3] = s[4];
    s[4] = s[5];
    s[5] = p2;

    return p1 > p2 ? p1 - p2 : p1 - p2 + MRG_M1;
}

/* The state behind gsl_rng->state for rng_xoshiro_type. */
struct rng_xoshiro {
    uint64_t s[4];
};

/* One step of xoshiro256++ (the authors' reference code, in the header so
 * that the hot loop's draws compile inline). */
static inline uint64_t rng_xoshiro_next(struct rng_xoshiro *st)
{
    uint64_t *s = st->s;
    uint64_t sum = s[0] + s[3];
    uint64_t result = ((sum << 23) | (sum >> 41)) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* The next uniform of r, a generator of rng_type or rng_xoshiro_type
 * (anything else is a bug: assert), strictly inside (0, 1): the same number
 * as gsl_rng_uniform(r) and gsl_rng_uniform_pos(r), without their call
 * through GSL's function pointer (a profile of a busy port put that call at
 * a tenth of a run). */
static inline double rng_uniform(gsl_rng *r)
{
    if (r->type == &rng_xoshiro_type)
        return ((double)(rng_xoshiro_next(r->state) >> 11) + 0.5) * 0x1p-53;
    assert(r->type == rng_type);
    return (double)rng_mrg_next(r->state) * MRG_NORM;
}

/* ---- For tests only: the jump machinery behind rng_seed. ---- */

/* Store in out the matrix A^(2^log2_steps) mod m of MRG32k3a's component
 * `component` (1: the x recurrence, modulus m1; 2: the y recurrence, modulus
 * m2), which advances a component's three state words (oldest first, as a
 * column vector) by 2^log2_steps steps.  Computed by squaring, starting from
 * the published A^(2^127) or A^(2^76) tables when log2_steps reaches them.
 * Any other component is a bug (assert). */
void rng_mrg_jump_matrix(int component, unsigned log2_steps, uint64_t out[3][3]);

#endif
