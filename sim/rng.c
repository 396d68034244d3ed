/*
 * rng.c - MRG32k3a as a GSL generator, with RngStreams' streams and
 * substreams keyed by random source and replication.
 *
 * The workload: every random draw of a simulation (an interarrival time, a
 * programme split, a service time) goes through one of these generators, so
 * `get` is among the hottest functions of the program; positioning a
 * generator (rng_seed) happens about twenty times per replication.
 *
 * Why MRG32k3a.  L'Ecuyer's combined multiple recursive generator ("Good
 * parameters and implementations for combined multiple recursive random
 * number generators", Operations Research 47, 1999) has a period of about
 * 2^191, passes BigCrush, and, being linear, can be advanced by any number of
 * steps with a 3x3 matrix power per component.  That is what gives it real
 * streams and substreams, the structure of the RngStreams package (L'Ecuyer,
 * Simard, Chen & Kelton, "An object-oriented random-number package with many
 * long streams and substreams", Operations Research 50, 2002), which is the
 * standard of simulation software: streams 2^127 steps apart, each cut into
 * substreams 2^76 apart, so that two replications of a source provably never
 * share a number.  A step is two short recurrences; done in 64-bit integers
 * it gives the outputs of L'Ecuyer's reference code (exact double
 * arithmetic) bit for bit, at 9 ns a step against 27 ns for the doubles on
 * our development machine, which kept poesim's run time within 5% of the
 * xoshiro256** generator this replaced.
 *
 * The recurrences, with m1 = 2^32 - 209 and m2 = 2^32 - 22853:
 *     x_n = (1403580 x_{n-2} - 810728 x_{n-3}) mod m1
 *     y_n = (527612 y_{n-1} - 1370589 y_{n-3}) mod m2
 * and the output z_n = x_n - y_n mod m1, taken in [1, m1] (0 becomes m1), so
 * that u_n = z_n / (m1 + 1) lies strictly inside (0, 1): RngStreams' U01.
 *
 * Layout.  A run seed (64 bits) picks the package seed, the state at which
 * stream 0 starts, through splitmix64.  Stream `source` starts
 * 2^127 * source steps after the package seed, and substream `replication`
 * of it 2^76 * replication steps after the stream's start:
 *     state = A^(2^76 * replication) A^(2^127 * source) package_seed
 * per component.  Source ids are 64-bit hashes of the source's kind and name
 * (rng_source_id), not positions in a file, so a source keeps its stream in
 * every scenario that has it: common random numbers for paired comparisons.
 * Because ids are arbitrary 64-bit numbers, the jump is computed by
 * square-and-multiply from the published matrices A^(2^127) and A^(2^76):
 * at most 64 squarings and 64 matrix-vector products per component, a few
 * thousand exact 64-bit multiplications, about 4 microseconds per call.
 *
 * What is disjoint.  Within a run, substreams of one stream never overlap
 * (up to 2^51 replications of 2^76 draws each).  Distinct ids give distinct
 * stream starts; 2^64 streams of 2^127 slightly exceed the period, so two
 * ids overlap only if their difference falls on one of four values, a
 * chance of about 2^-62 per pair, the same order as a collision of the
 * hashes themselves.  Different run seeds start at unrelated points of the
 * period; two of their streams come within 2^127 steps of each other with
 * probability about 2^-63.
 *
 * xoshiro256++, the second generator (run.rng), for runs that want speed
 * more than provable disjointness: a step costs about a quarter of an
 * MRG32k3a step, and the bench port runs about a sixth faster with it and
 * dist.h's ziggurats (exponential and normal).  Its jump polynomials
 * advance a state by 2^128 or 2^192 steps only, not by an arbitrary
 * multiple, so a stream is not placed by jumps: rng_seed sets each state
 * word to a splitmix64 hash chained over (word, seed, source,
 * replication).  Replications of one
 * source get distinct states (the last link of the chain is a bijection of
 * the replication); two sources share a state only if four 64-bit hashes
 * coincide at once; and the states lie at unrelated points of the
 * 2^256 - 1 period: n
 * streams of L steps each overlap anywhere with probability below
 * n^2 L / 2^256, about 2^-166 for a million streams of 2^50 steps.
 *
 * Nothing here is global and mutable: the jump tables are constants and every
 * call works on the state it is given, so generators may live on any thread.
 */
#include "rng.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>

#include "lines.h"

/* log2 of the distance between streams and between substreams. */
#define MRG_STREAM_LOG2 127
#define MRG_SUBSTREAM_LOG2 76

/* The state a fresh generator holds: RngStreams' default package seed, so
 * rng_alloc() starts where RngStreams' first stream does. */
#define RNG_ALLOC_SEED 12345

/* The splitmix64 increment: 2^64 divided by the golden ratio (Steele, Lea &
 * Flood, "Fast splittable pseudorandom number generators", 2014). */
#define SPLITMIX64_GAMMA UINT64_C(0x9e3779b97f4a7c15)

/* FNV-1a 64-bit parameters (Fowler, Noll & Vo). */
#define FNV64_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME UINT64_C(0x100000001b3)

/* A 3x3 matrix mod m, wrapped so that const and non-const ones mix freely. */
struct mat3 {
    uint64_t e[3][3];
};

/* A^(2^76) and A^(2^127) for each component, as published in RngStreams.c
 * (L'Ecuyer et al. 2002); tests/test_rng.c recomputes them by squaring. */
static const struct mat3 a1p76 = { {
    {   82758667u, 1871391091u, 4127413238u },
    { 3672831523u,   69195019u, 1871391091u },
    { 3672091415u, 3528743235u,   69195019u }
} };
static const struct mat3 a2p76 = { {
    { 1511326704u, 3759209742u, 1610795712u },
    { 4292754251u, 1511326704u, 3889917532u },
    { 3859662829u, 4292754251u, 3708466080u }
} };
static const struct mat3 a1p127 = { {
    { 2427906178u, 3580155704u,  949770784u },
    {  226153695u, 1230515664u, 3580155704u },
    { 1988835001u,  986791581u, 1230515664u }
} };
static const struct mat3 a2p127 = { {
    { 1464411153u,  277697599u, 1610723613u },
    {   32183930u, 1464411153u, 1022607788u },
    { 2824425944u,   32183930u, 2093834863u }
} };

/* The one-step transition matrices: (v0, v1, v2) -> (v1, v2, v3). */
static const struct mat3 a1 = { {
    { 0, 1, 0 },
    { 0, 0, 1 },
    { MRG_M1 - MRG_A13N, MRG_A12, 0 }
} };
static const struct mat3 a2 = { {
    { 0, 1, 0 },
    { 0, 0, 1 },
    { MRG_M2 - MRG_A23N, 0, MRG_A21 }
} };

/* ---- the generator ---- */

static unsigned long int mrg_get(void *vstate)
{
    return (unsigned long int)(rng_mrg_next(vstate) - 1);
}

/* z is exact in a double, so this is RngStreams' (p1 - p2) * norm. */
static double mrg_get_double(void *vstate)
{
    return (double)rng_mrg_next(vstate) * MRG_NORM;
}

/* ---- jumps ---- */

/* x mod m_c, the modulus of component c (1 or 2).  The callers below are
 * inlined with a constant c, so the remainder is by a constant: a multiply
 * and shifts rather than a division: rng_seed runs three times faster. */
static inline uint64_t reduce(uint64_t x, int c)
{
    return c == 1 ? x % MRG_M1 : x % MRG_M2;
}

/* A matrix row times the column (b0, b1, b2), mod m_c.  Entries are below
 * 2^32, so each product fits in 64 bits, and so does the sum of the three
 * reduced products (below 3 m_c). */
static inline uint64_t dot(const uint64_t *row, uint64_t b0, uint64_t b1, uint64_t b2, int c)
{
    return reduce(reduce(row[0] * b0, c) + reduce(row[1] * b1, c) + reduce(row[2] * b2, c), c);
}

/* *p = p p mod m_c. */
static inline void mat_square(struct mat3 *p, int c)
{
    struct mat3 t;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            t.e[i][j] = dot(p->e[i], p->e[0][j], p->e[1][j], p->e[2][j], c);
    *p = t;
}

/* v = a v mod m_c. */
static inline void mat_vec(const struct mat3 *a, uint64_t v[3], int c)
{
    uint64_t t[3];
    for (int i = 0; i < 3; i++)
        t[i] = dot(a->e[i], v[0], v[1], v[2], c);
    memcpy(v, t, sizeof t);
}

/* v = base^e v mod m_c, by square-and-multiply over the bits of e (powers
 * of one matrix commute, so the order of the products does not matter). */
static inline void jump(uint64_t v[3], const struct mat3 *base, uint64_t e, int c)
{
    struct mat3 p = *base;
    while (e) {
        if (e & 1)
            mat_vec(&p, v, c);
        e >>= 1;
        if (e)
            mat_square(&p, c);
    }
}

void rng_mrg_jump_matrix(int component, unsigned log2_steps, uint64_t out[3][3])
{
    assert(component == 1 || component == 2);
    struct mat3 p;
    unsigned done;
    if (log2_steps >= MRG_STREAM_LOG2) {
        p = component == 1 ? a1p127 : a2p127;
        done = MRG_STREAM_LOG2;
    } else if (log2_steps >= MRG_SUBSTREAM_LOG2) {
        p = component == 1 ? a1p76 : a2p76;
        done = MRG_SUBSTREAM_LOG2;
    } else {
        p = component == 1 ? a1 : a2;
        done = 0;
    }
    for (; done < log2_steps; done++)
        mat_square(&p, component);
    memcpy(out, p.e, sizeof p.e);
}

/* ---- seeding ---- */

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

/* Three words uniform in [0, m), not all zero, from the splitmix64 generator
 * *x: the upper 32 bits of successive outputs, rejecting those >= m (a
 * chance of 5e-8 for m1, 5e-6 for m2) and the all-zero triple (2^-96). */
static void seed_component(uint64_t w[3], uint64_t *x, uint64_t m)
{
    do {
        for (int i = 0; i < 3; i++)
            do
                w[i] = splitmix64_next(x) >> 32;
            while (w[i] >= m);
    } while (w[0] == 0 && w[1] == 0 && w[2] == 0);
}

/* Position st at substream `replication` of stream `source` for the package
 * seed derived from `seed` (see rng_seed). */
static void position(struct rng_mrg32k3a *st, uint64_t seed, uint64_t source,
                     uint64_t replication)
{
    uint64_t x[3], y[3], sm = seed;
    seed_component(x, &sm, MRG_M1);
    seed_component(y, &sm, MRG_M2);
    jump(x, &a1p127, source, 1);
    jump(y, &a2p127, source, 2);
    jump(x, &a1p76, replication, 1);
    jump(y, &a2p76, replication, 2);
    memcpy(st->s, x, sizeof x);
    memcpy(st->s + 3, y, sizeof y);
}

static void mrg_set(void *vstate, unsigned long int seed)
{
    position(vstate, (uint64_t)seed, 0, 0);
}

static const gsl_rng_type mrg_type = {
    "poesim-mrg32k3a",
    MRG_M1 - 1,             /* max: get() returns z - 1, z in [1, m1] */
    0,                      /* min */
    sizeof(struct rng_mrg32k3a),
    mrg_set,
    mrg_get,
    mrg_get_double
};

const gsl_rng_type *const rng_type = &mrg_type;

static unsigned long int xo_get(void *vstate)
{
    return (unsigned long int)(rng_xoshiro_next(vstate) >> 32);
}

static double xo_get_double(void *vstate)
{
    return ((double)(rng_xoshiro_next(vstate) >> 11) + 0.5) * 0x1p-53;
}

/* Each word a splitmix64 mix chained over (word, seed, source,
 * replication): see the head of this file. */
static void xo_position(struct rng_xoshiro *st, uint64_t seed, uint64_t source,
                        uint64_t replication)
{
    for (uint64_t w = 0; w < 4; w++)
        st->s[w] = mix64(mix64(mix64(mix64(w) ^ seed) ^ source) ^ replication);
    if ((st->s[0] | st->s[1] | st->s[2] | st->s[3]) == 0)
        st->s[0] = 1;                   /* the one state xoshiro must not hold */
}

static void xo_set(void *vstate, unsigned long int seed)
{
    xo_position(vstate, (uint64_t)seed, 0, 0);
}

const gsl_rng_type rng_xoshiro_type = {
    "poesim-xoshiro256++",
    UINT64_C(0xffffffff),   /* max: get() returns the upper 32 bits of a step */
    0,                      /* min */
    sizeof(struct rng_xoshiro),
    xo_set,
    xo_get,
    xo_get_double
};

const char *const rng_kind_names[RNG_KIND_COUNT] = {
    [RNG_MRG32K3A] = "mrg32k3a",
    [RNG_XOSHIRO256PP] = "xoshiro256++",
};

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

/* A generator of type t with a state block of t->size bytes, not yet
 * positioned, or NULL if out of memory.  Built by hand rather than with
 * gsl_rng_alloc, whose failure goes through GSL's error handler (by default
 * an abort) instead of returning NULL.  gsl_rng_free releases both blocks
 * with free(), as here. */
static gsl_rng *alloc_of(const gsl_rng_type *t)
{
    gsl_rng *r = line_alloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (!(r->state = line_alloc(1, t->size))) {
        free(r);
        return NULL;
    }
    r->type = t;
    return r;
}

gsl_rng *rng_alloc(void)
{
    gsl_rng *r = alloc_of(rng_type);
    if (r)
        for (int i = 0; i < 6; i++)
            ((struct rng_mrg32k3a *)r->state)->s[i] = RNG_ALLOC_SEED;
    return r;
}

gsl_rng *rng_alloc_kind(enum rng_kind k)
{
    assert(k == RNG_MRG32K3A || k == RNG_XOSHIRO256PP);
    if (k == RNG_MRG32K3A)
        return rng_alloc();
    gsl_rng *r = alloc_of(&rng_xoshiro_type);
    if (r)
        xo_position(r->state, 0, 0, 0);
    return r;
}

enum rng_kind rng_kind_of(const gsl_rng *r)
{
    assert(r && (r->type == rng_type || r->type == &rng_xoshiro_type));
    return r->type == rng_type ? RNG_MRG32K3A : RNG_XOSHIRO256PP;
}

void rng_seed(gsl_rng *r, uint64_t seed, uint64_t source, uint64_t replication)
{
    if (rng_kind_of(r) == RNG_XOSHIRO256PP)
        xo_position(r->state, seed, source, replication);
    else
        position(r->state, seed, source, replication);
}
