/*
 * rng.c - xoshiro256** as a GSL generator, and keyed streams on top of it.
 *
 * The workload: every random draw of a simulation (an interarrival time, a
 * programme split, a service time) goes through one of these generators, so
 * `get` is the hottest function of the whole program after the calendar.
 * xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", 2018) is a few shifts, rotations and one multiply per 64-bit
 * output, has a period of 2^256 - 1 and passes BigCrush; its 32-byte state
 * makes it cheap to hold one generator per random source.
 *
 * Registered as a gsl_rng_type, it feeds every GSL distribution unchanged.
 * GSL's integer interface is `unsigned long` and its callers assume at most
 * 32 significant bits, so `get` returns the upper (best) 32 bits of an
 * output; `get_double` uses the upper 53 bits, the standard conversion to
 * [0, 1) with every representable multiple of 2^-53 equally likely.
 *
 * Streams.  A stream is keyed by (run seed, source id, replication).  The
 * three 64-bit keys are folded into one with the splitmix64 finaliser, a
 * bijection with full avalanche, so for fixed (seed, source) distinct
 * replications give distinct keys, and unrelated triples collide with
 * probability about 2^-64.  The key then seeds the four state words through
 * the splitmix64 sequence, as the authors of xoshiro recommend; that sequence
 * never yields the forbidden all-zero state (its outputs are a bijection of
 * a counter, so at most one of four consecutive outputs can be zero).
 * Hashing keys rather than jumping (xoshiro's jump() advances 2^128 steps) keeps
 * a stream's position independent of how many other sources a scenario has:
 * the basis of common random numbers across scenarios.
 */
#include "rng.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <assert.h>

/* The splitmix64 increment: 2^64 divided by the golden ratio (Steele, Lea &
 * Flood, "Fast splittable pseudorandom number generators", 2014). */
#define SPLITMIX64_GAMMA UINT64_C(0x9e3779b97f4a7c15)

/* FNV-1a 64-bit parameters (Fowler, Noll & Vo). */
#define FNV64_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME UINT64_C(0x100000001b3)

/* Bits of a 64-bit output kept by get() and get_double(). */
#define RNG_GET_SHIFT 32
#define RNG_DOUBLE_SHIFT 11
#define RNG_TWO_POW_MINUS_53 0x1.0p-53

/* The key a fresh generator starts from, whatever GSL_RNG_SEED says: streams
 * are meant to be positioned with rng_seed before use. */
#define RNG_ALLOC_KEY 0

/* The state behind gsl_rng->state for rng_type (documented in rng.h). */
struct xoshiro {
    uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The splitmix64 output function applied to x + gamma: one step of a
 * splitmix64 generator whose state was x. */
static inline uint64_t mix64(uint64_t x)
{
    uint64_t z = x + SPLITMIX64_GAMMA;
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Advance a splitmix64 generator and return its next output. */
static inline uint64_t splitmix64_next(uint64_t *x)
{
    uint64_t z = mix64(*x);
    *x += SPLITMIX64_GAMMA;
    return z;
}

/* One xoshiro256** step. */
static inline uint64_t xoshiro_next(struct xoshiro *st)
{
    uint64_t *s = st->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void state_from_key(struct xoshiro *st, uint64_t key)
{
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64_next(&key);
}

static void xoshiro_set(void *vstate, unsigned long int seed)
{
    state_from_key(vstate, (uint64_t)seed);
}

static unsigned long int xoshiro_get(void *vstate)
{
    return (unsigned long int)(xoshiro_next(vstate) >> RNG_GET_SHIFT);
}

static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> RNG_DOUBLE_SHIFT) * RNG_TWO_POW_MINUS_53;
}

static const gsl_rng_type xoshiro_type = {
    "poesim-xoshiro256ss",
    UINT32_MAX,             /* max: get() returns 32 bits */
    0,                      /* min */
    sizeof(struct xoshiro),
    xoshiro_set,
    xoshiro_get,
    xoshiro_get_double
};

const gsl_rng_type *const rng_type = &xoshiro_type;

uint64_t rng_source_id(const char *kind, const char *name)
{
    assert(kind && name);
    uint64_t h = FNV64_OFFSET;
    for (const unsigned char *p = (const unsigned char *)kind; *p; p++)
        h = (h ^ *p) * FNV64_PRIME;
    h *= FNV64_PRIME;       /* the 0 separator byte: h ^ 0 == h */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * FNV64_PRIME;
    return mix64(h);
}

/* Built by hand rather than with gsl_rng_alloc, whose failure goes through
 * GSL's error handler (by default an abort) instead of returning NULL.
 * gsl_rng_free releases both blocks with free(), as here. */
gsl_rng *rng_alloc(void)
{
    gsl_rng *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    r->state = malloc(sizeof(struct xoshiro));
    if (!r->state) {
        free(r);
        return NULL;
    }
    r->type = rng_type;
    state_from_key(r->state, RNG_ALLOC_KEY);
    return r;
}

void rng_seed(gsl_rng *r, uint64_t seed, uint64_t source, uint64_t replication)
{
    uint64_t key = mix64(mix64(mix64(seed) ^ source) ^ replication);
    state_from_key(r->state, key);
}
