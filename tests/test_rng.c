/*
 * test_rng.c - the MRG32k3a generator, its streams and substreams; the
 * xoshiro256++ generator (run.rng), its known answers and seeding, and the
 * statistical tests again on it.
 *
 * Known answers: the jump matrices A^(2^76) and A^(2^127) published in
 * L'Ecuyer's RngStreams.c, which the reference code here recomputes by
 * squaring the one-step matrices; the first output of RngStreams' first
 * stream from its default seed (0.1270111220, worked out by hand in
 * test_reference_known_answers); and two references written out here,
 * against which the generator runs side by side: the recurrence in plain
 * 64-bit integers, and RngStreams' U01 in doubles as published.  Jumps
 * are checked against stepping (2^20 steps) and against each other (two
 * jumps of 2^76 are one of 2^77).  The statistical tests run at
 * fixed seeds with tolerances from theory: 3 sigma for means and variances,
 * 4 standard errors for correlations, the 0.1% critical values for
 * chi-square.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "rng.h"

#define N_DRAWS 1000000
#define N_BINS 100
#define CHI2_ALPHA 1e-3     /* two-sided test level for chi-square */
#define N_COMPARE 1000      /* outputs compared between streams */
#define N_KAT 1000          /* outputs compared with the reference */
#define LOG2_STEPS 20       /* steps taken to check a jump against stepping */
#define TEST_SEED UINT64_C(20240611)

/* MRG32k3a's constants (L'Ecuyer 1999), written again on purpose. */
#define M1 INT64_C(4294967087)
#define M2 INT64_C(4294944443)
#define NORM 2.328306549295727688e-10

#define assert_close(got, want, tol) do { \
        double got_ = (got), want_ = (want), tol_ = (tol); \
        if (!(fabs(got_ - want_) <= tol_)) \
            fail_msg("%s = %.17g, expected %.17g +- %.3g", #got, got_, want_, tol_); \
    } while (0)

/* A 3x3 matrix mod m, wrapped so that const and non-const ones mix freely. */
struct mat3 {
    uint64_t e[3][3];
};

/* The published jump matrices, from RngStreams.c (L'Ecuyer, Simard, Chen &
 * Kelton 2002). */
static const struct mat3 pub_a1p76 = { {
    {   82758667u, 1871391091u, 4127413238u },
    { 3672831523u,   69195019u, 1871391091u },
    { 3672091415u, 3528743235u,   69195019u }
} };
static const struct mat3 pub_a2p76 = { {
    { 1511326704u, 3759209742u, 1610795712u },
    { 4292754251u, 1511326704u, 3889917532u },
    { 3859662829u, 4292754251u, 3708466080u }
} };
static const struct mat3 pub_a1p127 = { {
    { 2427906178u, 3580155704u,  949770784u },
    {  226153695u, 1230515664u, 3580155704u },
    { 1988835001u,  986791581u, 1230515664u }
} };
static const struct mat3 pub_a2p127 = { {
    { 1464411153u,  277697599u, 1610723613u },
    {   32183930u, 1464411153u, 1022607788u },
    { 2824425944u,   32183930u, 2093834863u }
} };

/* ---- reference implementations ---- */

/* The recurrence in 64-bit integers: state x_{n-3}, x_{n-2}, x_{n-1},
 * y_{n-3}, y_{n-2}, y_{n-1}; returns z_n = x_n - y_n mod m1 in [1, m1]. */
static int64_t ref_next(int64_t s[6])
{
    int64_t x = ((1403580 * s[1] - 810728 * s[0]) % M1 + M1) % M1;
    int64_t y = ((527612 * s[5] - 1370589 * s[3]) % M2 + M2) % M2;
    s[0] = s[1], s[1] = s[2], s[2] = x;
    s[3] = s[4], s[4] = s[5], s[5] = y;
    int64_t z = ((x - y) % M1 + M1) % M1;
    return z == 0 ? M1 : z;
}

/* RngStreams' U01 as published, in doubles (every intermediate is an
 * integer below 2^53, so exact): a second reference, independent of the
 * first's integer arithmetic. */
static double ref_u01(double s[6])
{
    const double m1 = 4294967087.0, m2 = 4294944443.0;
    double p1 = 1403580.0 * s[1] - 810728.0 * s[0];
    int64_t k = (int64_t)(p1 / m1);
    p1 -= (double)k * m1;
    if (p1 < 0.0)
        p1 += m1;
    s[0] = s[1], s[1] = s[2], s[2] = p1;
    double p2 = 527612.0 * s[5] - 1370589.0 * s[3];
    k = (int64_t)(p2 / m2);
    p2 -= (double)k * m2;
    if (p2 < 0.0)
        p2 += m2;
    s[3] = s[4], s[4] = s[5], s[5] = p2;
    return (p1 > p2) ? (p1 - p2) * NORM : (p1 - p2 + m1) * NORM;
}

static uint64_t ref_mulmod(uint64_t a, uint64_t b, uint64_t m)
{
    return a * b % m;       /* a, b < 2^32 */
}

static void ref_mat_mul(struct mat3 *c, const struct mat3 *a, const struct mat3 *b, uint64_t m)
{
    struct mat3 t = { { { 0 } } };
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++)
                t.e[i][j] = (t.e[i][j] + ref_mulmod(a->e[i][k], b->e[k][j], m)) % m;
    *c = t;
}

/* a = a^(2^k) mod m. */
static struct mat3 ref_square(struct mat3 a, int k, uint64_t m)
{
    for (int i = 0; i < k; i++)
        ref_mat_mul(&a, &a, &a, m);
    return a;
}

/* The one-step matrix of a component (1 or 2). */
static struct mat3 ref_one_step(int component)
{
    const struct mat3 a1 = { { { 0, 1, 0 }, { 0, 0, 1 }, { M1 - 810728, 1403580, 0 } } };
    const struct mat3 a2 = { { { 0, 1, 0 }, { 0, 0, 1 }, { M2 - 1370589, 0, 527612 } } };
    return component == 1 ? a1 : a2;
}

/* s (six state words) = the component matrices applied to it. */
static void ref_apply(uint64_t s[6], const struct mat3 *a1, const struct mat3 *a2)
{
    for (int c = 0; c < 2; c++) {
        const struct mat3 *a = c == 0 ? a1 : a2;
        uint64_t m = (uint64_t)(c == 0 ? M1 : M2), v[3], t[3];
        for (int i = 0; i < 3; i++)
            v[i] = s[3 * c + i];
        for (int i = 0; i < 3; i++) {
            t[i] = 0;
            for (int k = 0; k < 3; k++)
                t[i] = (t[i] + ref_mulmod(a->e[i][k], v[k], m)) % m;
        }
        for (int i = 0; i < 3; i++)
            s[3 * c + i] = t[i];
    }
}

/* splitmix64 next(), as published. */
static uint64_t ref_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t ref_fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

static uint64_t *state_of(gsl_rng *r)
{
    return r->state;        /* six uint64_t words, as rng.h documents */
}

/* The state rng_seed gives (seed, source, replication). */
static void seeded_state(uint64_t s[6], uint64_t seed, uint64_t source, uint64_t rep)
{
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    rng_seed(r, seed, source, rep);
    memcpy(s, state_of(r), 6 * sizeof(uint64_t));
    gsl_rng_free(r);
}

static void assert_mat_equal(const struct mat3 *got, const struct mat3 *want)
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            if (got->e[i][j] != want->e[i][j])
                fail_msg("entry (%d, %d) is %llu, expected %llu", i, j,
                         (unsigned long long)got->e[i][j],
                         (unsigned long long)want->e[i][j]);
}

static void assert_state_equal(const uint64_t *got, const uint64_t *want)
{
    for (int i = 0; i < 6; i++)
        if (got[i] != want[i])
            fail_msg("state word %d is %llu, expected %llu", i,
                     (unsigned long long)got[i], (unsigned long long)want[i]);
}

/* The generator a test runs on: its prestate (an enum rng_kind), else
 * MRG32k3a. */
static enum rng_kind kind_of(void **state)
{
    return state && *state ? *(const enum rng_kind *)*state : RNG_MRG32K3A;
}
static const enum rng_kind XOSHIRO = RNG_XOSHIRO256PP;

/* A test run again on xoshiro256++, named for it. */
#define ON_XOSHIRO(f) { #f "_xoshiro", f, NULL, NULL, (void *)&XOSHIRO }

/* ---- known answers ---- */

static void test_reference_known_answers(void **state)
{
    (void)state;
    /* The first step from RngStreams' default seed, by hand:
     * x3 = 592852 * 12345 mod m1 = 7318757940 - m1 = 3023790853,
     * y3 = -842977 * 12345 mod m2 = -10406551065 + 3 m2 = 2478282264,
     * z = x3 - y3 = 545508589, u = z / (m1 + 1) = 0.12701112205. */
    int64_t s[6] = { 12345, 12345, 12345, 12345, 12345, 12345 };
    int64_t z = ref_next(s);
    assert_true(s[2] == INT64_C(3023790853));
    assert_true(s[5] == INT64_C(2478282264));
    assert_true(z == INT64_C(545508589));
    assert_close((double)z * NORM, 0.1270111220, 5e-11);

    uint64_t x = 1234567;
    assert_true(ref_splitmix64(&x) == UINT64_C(6457827717110365317));
    assert_true(ref_splitmix64(&x) == UINT64_C(3203168211198807973));

    /* FNV-1a 64 test vectors (Fowler, Noll & Vo). */
    assert_true(ref_fnv1a((const unsigned char *)"", 0) == UINT64_C(0xcbf29ce484222325));
    assert_true(ref_fnv1a((const unsigned char *)"a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
}

static void test_type(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    assert_ptr_equal(r->type, rng_type);
    assert_string_equal(gsl_rng_name(r), "poesim-mrg32k3a");
    assert_true(gsl_rng_max(r) == 4294967086UL);
    assert_true(gsl_rng_min(r) == 0);
    assert_int_equal(gsl_rng_size(r), 6 * sizeof(uint64_t));
    gsl_rng_free(r);
}

/* Squaring the one-step matrices 76 and 127 times gives the published
 * tables, and the library's matrices are those tables and their squares. */
static void test_published_jump_matrices(void **state)
{
    (void)state;
    const struct { int component, log2; const struct mat3 *pub; uint64_t m; } cases[] = {
        { 1, 76, &pub_a1p76, M1 }, { 2, 76, &pub_a2p76, M2 },
        { 1, 127, &pub_a1p127, M1 }, { 2, 127, &pub_a2p127, M2 },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct mat3 want, got;
        want = ref_square(ref_one_step(cases[c].component), cases[c].log2, cases[c].m);
        assert_mat_equal(&want, cases[c].pub);
        rng_mrg_jump_matrix(cases[c].component, (unsigned)cases[c].log2, got.e);
        assert_mat_equal(&got, cases[c].pub);

        /* Beyond a table: its square (two jumps are one of twice the length). */
        rng_mrg_jump_matrix(cases[c].component, (unsigned)cases[c].log2 + 1, got.e);
        want = ref_square(want, 1, cases[c].m);
        assert_mat_equal(&got, &want);
    }
    for (int component = 1; component <= 2; component++) {
        struct mat3 want = ref_one_step(component), got;
        uint64_t m = (uint64_t)(component == 1 ? M1 : M2);
        rng_mrg_jump_matrix(component, 0, got.e);
        assert_mat_equal(&got, &want);
        want = ref_square(want, LOG2_STEPS, m);
        rng_mrg_jump_matrix(component, LOG2_STEPS, got.e);
        assert_mat_equal(&got, &want);
    }
}

/* A fresh generator is RngStreams' first stream from the default seed. */
static void test_default_seed_known_answer(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    const uint64_t s12345[6] = { 12345, 12345, 12345, 12345, 12345, 12345 };
    assert_state_equal(state_of(r), s12345);
    assert_close(gsl_rng_uniform(r), 0.1270111220, 5e-11);

    int64_t ref[6] = { 12345, 12345, 12345, 12345, 12345, 12345 };
    double dref[6] = { 12345, 12345, 12345, 12345, 12345, 12345 };
    assert_true(ref_u01(dref) == (double)ref_next(ref) * NORM);
    for (int i = 0; i < N_KAT; i++) {
        int64_t z = ref_next(ref);
        assert_true(ref_u01(dref) == (double)z * NORM);
        assert_true(gsl_rng_get(r) == (unsigned long)(z - 1));
    }
    for (int i = 0; i < N_KAT; i++) {
        double u = ref_u01(dref);
        assert_true(u == (double)ref_next(ref) * NORM);
        assert_true(gsl_rng_uniform(r) == u);
    }
    for (int i = 0; i < 6; i++) {
        assert_true(state_of(r)[i] == (uint64_t)ref[i]);
        assert_true(dref[i] == (double)ref[i]);
    }
    gsl_rng_free(r);
}

/* Side by side with the reference from positioned states, and at the two
 * ends of the output range. */
static void test_matches_reference(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    int64_t ref[6];
    double dref[6];

    rng_seed(r, TEST_SEED, rng_source_id("test", "reference"), 5);
    for (int i = 0; i < 6; i++)
        ref[i] = (int64_t)state_of(r)[i];
    for (int i = 0; i < N_KAT; i++) {
        int64_t z = ref_next(ref);
        double u = gsl_rng_uniform(r);
        assert_true(u == (double)z * NORM);
        assert_true(gsl_rng_get(r) == (unsigned long)(ref_next(ref) - 1));
    }

    /* The largest words: the products are at their largest. */
    const uint64_t big[6] = { M1 - 1, M1 - 1, M1 - 1, M2 - 1, M2 - 1, M2 - 1 };
    memcpy(state_of(r), big, sizeof big);
    for (int i = 0; i < 6; i++)
        ref[i] = (int64_t)big[i];
    for (int i = 0; i < N_KAT; i++)
        assert_true(gsl_rng_get(r) == (unsigned long)(ref_next(ref) - 1));
    memcpy(state_of(r), big, sizeof big);
    for (int i = 0; i < 6; i++)
        dref[i] = (double)big[i];
    for (int i = 0; i < N_KAT; i++)
        assert_true(gsl_rng_uniform(r) == ref_u01(dref));

    /* x_n = y_n = 0: z = m1, the largest get and the largest uniform < 1. */
    const uint64_t top[6] = { 0, 0, 1, 0, 1, 0 };
    memcpy(state_of(r), top, sizeof top);
    assert_true(gsl_rng_get(r) == gsl_rng_max(r));
    memcpy(state_of(r), top, sizeof top);
    double u = gsl_rng_uniform(r);
    assert_true(u < 1 && u == (double)M1 * NORM);

    /* x_n = 1, y_n = 0: z = 1, get 0 and the smallest uniform > 0.  x_n =
     * 1403580 x_{n-2} mod m1 when x_{n-3} = 0, so x_{n-2} = 1403580^-1 =
     * 1403580^(m1 - 2) mod m1 (m1 is prime). */
    uint64_t inv = 1, b = 1403580;
    for (uint64_t e = (uint64_t)M1 - 2; e; e >>= 1) {
        if (e & 1)
            inv = ref_mulmod(inv, b, (uint64_t)M1);
        b = ref_mulmod(b, b, (uint64_t)M1);
    }
    assert_true(ref_mulmod(inv, 1403580, (uint64_t)M1) == 1);
    const uint64_t bottom[6] = { 0, inv, 1, 0, 1, 0 };
    memcpy(state_of(r), bottom, sizeof bottom);
    assert_true(gsl_rng_get(r) == 0);
    memcpy(state_of(r), bottom, sizeof bottom);
    u = gsl_rng_uniform(r);
    assert_true(u > 0 && u == NORM);
    gsl_rng_free(r);
}

/* Jumping by A^(2^20) lands where 2^20 steps of the generator do: the
 * matrices and the recurrence agree on the orientation of the state. */
static void test_jump_matches_stepping(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test", "stepping"), 2);
    uint64_t s[6];
    memcpy(s, state_of(r), sizeof s);
    for (long i = 0; i < 1L << LOG2_STEPS; i++)
        gsl_rng_get(r);
    struct mat3 a1 = ref_square(ref_one_step(1), LOG2_STEPS, M1);
    struct mat3 a2 = ref_square(ref_one_step(2), LOG2_STEPS, M2);
    ref_apply(s, &a1, &a2);
    assert_state_equal(state_of(r), s);
    gsl_rng_free(r);
}

/* rng_seed places substreams 2^76 and streams 2^127 apart. */
static void test_stream_layout(void **state)
{
    (void)state;
    const uint64_t src = rng_source_id("test", "layout");
    uint64_t s0[6], s[6], want[6];
    const struct mat3 a1p77 = ref_square(pub_a1p76, 1, M1);
    const struct mat3 a2p77 = ref_square(pub_a2p76, 1, M2);
    const struct mat3 a1p191 = ref_square(pub_a1p127, 64, M1);
    const struct mat3 a2p191 = ref_square(pub_a2p127, 64, M2);

    /* Substreams: one jump of 2^76 per replication; two are one of 2^77. */
    seeded_state(s0, TEST_SEED, src, 0);
    seeded_state(s, TEST_SEED, src, 1);
    memcpy(want, s0, sizeof want);
    ref_apply(want, &pub_a1p76, &pub_a2p76);
    assert_state_equal(s, want);
    seeded_state(s, TEST_SEED, src, 2);
    ref_apply(want, &pub_a1p76, &pub_a2p76);
    assert_state_equal(s, want);
    memcpy(want, s0, sizeof want);
    ref_apply(want, &a1p77, &a2p77);
    assert_state_equal(s, want);
    /* Replication 1000 = 0b1111101000: 1000 single jumps. */
    seeded_state(s, TEST_SEED, src, 1000);
    memcpy(want, s0, sizeof want);
    for (int i = 0; i < 1000; i++)
        ref_apply(want, &pub_a1p76, &pub_a2p76);
    assert_state_equal(s, want);

    /* Streams: the next id starts one jump of 2^127 later, whatever the
     * carries of the id's bits. */
    uint64_t p[6];
    seeded_state(p, TEST_SEED, 0, 0);
    seeded_state(s, TEST_SEED, 1, 0);
    memcpy(want, p, sizeof want);
    ref_apply(want, &pub_a1p127, &pub_a2p127);
    assert_state_equal(s, want);
    seeded_state(want, TEST_SEED, src, 0);
    ref_apply(want, &pub_a1p127, &pub_a2p127);
    seeded_state(s, TEST_SEED, src + 1, 0);
    assert_state_equal(s, want);
    /* The last id, one jump further, is 2^64 jumps of 2^127: A^(2^191). */
    seeded_state(s, TEST_SEED, UINT64_MAX, 0);
    ref_apply(s, &pub_a1p127, &pub_a2p127);
    memcpy(want, p, sizeof want);
    ref_apply(want, &a1p191, &a2p191);
    assert_state_equal(s, want);
    /* A substream of a stream: its start, then the substream jumps. */
    seeded_state(s, TEST_SEED, src, 7);
    seeded_state(want, TEST_SEED, src, 0);
    for (int i = 0; i < 7; i++)
        ref_apply(want, &pub_a1p76, &pub_a2p76);
    assert_state_equal(s, want);
}

/* The package seed: words from splitmix64, upper 32 bits, in range; and
 * gsl_rng_set(r, s) is rng_seed(r, s, 0, 0). */
static void test_package_seed(void **state)
{
    (void)state;
    const uint64_t seeds[] = { 0, 1, TEST_SEED, UINT64_MAX };
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        uint64_t want[6], s[6];
        uint64_t x = seeds[k];
        for (int i = 0; i < 6; i++) {
            uint64_t m = (uint64_t)(i < 3 ? M1 : M2), w;
            do
                w = ref_splitmix64(&x) >> 32;
            while (w >= m);
            want[i] = w;
        }
        seeded_state(s, seeds[k], 0, 0);
        assert_state_equal(s, want);

        gsl_rng *r = rng_alloc();
        assert_non_null(r);
        gsl_rng_set(r, (unsigned long)seeds[k]);
        assert_state_equal(state_of(r), want);
        gsl_rng_free(r);
    }
}

static void test_source_id(void **state)
{
    (void)state;
    /* FNV-1a over "arrivals", a 0 byte, "pov-north"; then one splitmix64
     * step from that value. */
    const char bytes[] = "arrivals\0pov-north";
    uint64_t h = ref_fnv1a((const unsigned char *)bytes, sizeof bytes - 1);
    assert_true(rng_source_id("arrivals", "pov-north") == ref_splitmix64(&h));

    /* The separator keeps the boundary: no collision by shifting bytes. */
    assert_true(rng_source_id("arrival", "spov") != rng_source_id("arrivals", "pov"));
    assert_true(rng_source_id("service", "a") != rng_source_id("service", "b"));
    assert_true(rng_source_id("service", "a") != rng_source_id("secondary", "a"));
    assert_true(rng_source_id("service", "a") == rng_source_id("service", "a"));
}

/* ---- streams ---- */

/* Number of positions among the first N_COMPARE outputs where two
 * generators agree. */
static int n_agree(gsl_rng *a, gsl_rng *b)
{
    int same = 0;
    for (int i = 0; i < N_COMPARE; i++)
        same += gsl_rng_get(a) == gsl_rng_get(b);
    return same;
}

static void test_streams_reproducible_and_distinct(void **state)
{
    enum rng_kind kind = kind_of(state);
    gsl_rng *a = rng_alloc_kind(kind), *b = rng_alloc_kind(kind);
    assert_non_null(a);
    assert_non_null(b);
    uint64_t src = rng_source_id("arrivals", "pov-north");

    rng_seed(a, TEST_SEED, src, 3);
    rng_seed(b, TEST_SEED, src, 3);
    assert_int_equal(n_agree(a, b), N_COMPARE);

    /* Distinct streams agree on an output with probability about 2^-32 per
     * position: over 1000 positions, any agreement is a failure. */
    rng_seed(a, TEST_SEED, src, 3);
    rng_seed(b, TEST_SEED + 1, src, 3);
    assert_int_equal(n_agree(a, b), 0);
    rng_seed(a, TEST_SEED, src, 3);
    rng_seed(b, TEST_SEED, src ^ 1, 3);
    assert_int_equal(n_agree(a, b), 0);
    rng_seed(a, TEST_SEED, src, 3);
    rng_seed(b, TEST_SEED, src, 4);
    assert_int_equal(n_agree(a, b), 0);
    /* Swapping the roles of the keys gives another stream. */
    rng_seed(a, 1, 2, 3);
    rng_seed(b, 3, 2, 1);
    assert_int_equal(n_agree(a, b), 0);

    /* Reseeding restarts: the state depends on the key only. */
    rng_seed(a, TEST_SEED, src, 3);
    unsigned long first = gsl_rng_get(a);
    for (int i = 0; i < N_COMPARE; i++)
        gsl_rng_get(a);
    rng_seed(a, TEST_SEED, src, 3);
    assert_true(gsl_rng_get(a) == first);

    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* The correlation of the uniforms of a and b over N_DRAWS / 10 pairs is
 * within 4 standard errors (1/sqrt(n)) of 0. */
static void assert_uncorrelated(gsl_rng *a, gsl_rng *b)
{
    const int n = N_DRAWS / 10;
    double sxy = 0;
    for (int i = 0; i < n; i++)
        sxy += (gsl_rng_uniform(a) - 0.5) * (gsl_rng_uniform(b) - 0.5);
    double corr = sxy / n * 12;         /* var of U(0,1) = 1/12 */
    assert_close(corr, 0, 4 / sqrt(n));
}

/* Neighbouring replications (substreams), neighbouring streams and two
 * named sources must look independent. */
static void test_streams_uncorrelated(void **state)
{
    enum rng_kind kind = kind_of(state);
    gsl_rng *a = rng_alloc_kind(kind), *b = rng_alloc_kind(kind);
    assert_non_null(a);
    assert_non_null(b);
    for (uint64_t rep = 0; rep < 4; rep++) {
        rng_seed(a, TEST_SEED, 0, rep);
        rng_seed(b, TEST_SEED, 0, rep + 1);
        assert_uncorrelated(a, b);
    }
    for (uint64_t src = 0; src < 2; src++) {
        rng_seed(a, TEST_SEED, src, 0);
        rng_seed(b, TEST_SEED, src + 1, 0);
        assert_uncorrelated(a, b);
    }
    rng_seed(a, TEST_SEED, rng_source_id("service", "pov.general"), 0);
    rng_seed(b, TEST_SEED, rng_source_id("service", "pov.ready"), 0);
    assert_uncorrelated(a, b);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* ---- distribution of the output ---- */

static void test_uniform_moments(void **state)
{
    enum rng_kind kind = kind_of(state);
    gsl_rng *r = rng_alloc_kind(kind);
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test", "uniform"), 0);
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double u = gsl_rng_uniform(r);
        assert_true(u > 0 && u < 1);
        sum += u;
        sum2 += (u - 0.5) * (u - 0.5);
    }
    double n = N_DRAWS;
    double mean = sum / n;
    double var = sum2 / n - (mean - 0.5) * (mean - 0.5);
    /* sd of the mean: sqrt(1/12 / n); of the variance: sqrt((mu4 -
     * sigma^4) / n) with mu4 = 1/80 and sigma^4 = 1/144 for U(0,1). */
    assert_close(mean, 0.5, 3 * sqrt(1.0 / 12 / n));
    assert_close(var, 1.0 / 12, 3 * sqrt((1.0 / 80 - 1.0 / 144) / n));
    gsl_rng_free(r);
}

/* Chi-square statistic of counts against N_DRAWS / N_BINS each. */
static double chi2(const unsigned long *count)
{
    double e = (double)N_DRAWS / N_BINS, x = 0;
    for (int k = 0; k < N_BINS; k++)
        x += ((double)count[k] - e) * ((double)count[k] - e) / e;
    return x;
}

static void assert_chi2_plausible(double x)
{
    const double df = N_BINS - 1;
    double lo = gsl_cdf_chisq_Pinv(CHI2_ALPHA / 2, df);
    double hi = gsl_cdf_chisq_Qinv(CHI2_ALPHA / 2, df);
    if (!(x > lo && x < hi))
        fail_msg("chi-square %.2f outside [%.2f, %.2f]", x, lo, hi);
}

static void test_chi_square(void **state)
{
    enum rng_kind kind = kind_of(state);
    gsl_rng *r = rng_alloc_kind(kind);
    assert_non_null(r);
    unsigned long count[N_BINS];

    /* Through get_double. */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-double"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[(int)(gsl_rng_uniform(r) * N_BINS)]++;
    assert_chi2_plausible(chi2(count));

    /* Through get (gsl_rng_uniform_int scales by max - min). */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-int"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[gsl_rng_uniform_int(r, N_BINS)]++;
    assert_chi2_plausible(chi2(count));

    /* The low digits of get alone. */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-low"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[gsl_rng_get(r) % N_BINS]++;       /* bias (max + 1) mod 100: < 1e-7 */
    assert_chi2_plausible(chi2(count));
    gsl_rng_free(r);
}

static void test_gsl_exponential(void **state)
{
    enum rng_kind kind = kind_of(state);
    const double mu = 37.5;         /* seconds; gsl_ran_exponential takes the mean */
    gsl_rng *r = rng_alloc_kind(kind);
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test", "exponential"), 0);
    double sum = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double x = gsl_ran_exponential(r, mu);
        assert_true(x > 0);         /* U01 is never 0 or 1 */
        sum += x;
    }
    assert_close(sum / N_DRAWS, mu, 3 * mu / sqrt(N_DRAWS));   /* sd = mean */
    gsl_rng_free(r);
}

/* ---- xoshiro256++ (run.rng "xoshiro256++") ---- */

/* From the state {1, 2, 3, 4}: the first output is rotl(s0 + s3, 23) + s0 =
 * (5 << 23) + 1 = 41943041; the step makes the state {7, 0, 262146,
 * 6 << 45}, so the second is rotl(6 * 2^45 + 7, 23) + 7 = 7 * 2^23 +
 * (6 << 4) + 7 = 58720359 (worked by hand).  The next four are the values
 * published with other implementations of the generator (the Rust crate
 * rand_xoshiro's test of Xoshiro256PlusPlus, from the authors' C code). */
static void test_xoshiro_known_answers(void **state)
{
    (void)state;
    struct rng_xoshiro st = { { 1, 2, 3, 4 } };
    static const uint64_t want[] = {
        UINT64_C(41943041), UINT64_C(58720359), UINT64_C(3588806011781223),
        UINT64_C(3591011842654386), UINT64_C(9228616714210784205),
        UINT64_C(9973669472204895162),
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_true(rng_xoshiro_next(&st) == want[i]);
    st = (struct rng_xoshiro){ { 1, 2, 3, 4 } };
    rng_xoshiro_next(&st);
    assert_true(st.s[0] == 7 && st.s[1] == 0 && st.s[2] == 262146
                && st.s[3] == UINT64_C(6) << 45);
}

static void test_xoshiro_type(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc_kind(RNG_XOSHIRO256PP), *m = rng_alloc_kind(RNG_MRG32K3A);
    assert_non_null(r);
    assert_non_null(m);
    assert_ptr_equal(r->type, &rng_xoshiro_type);
    assert_ptr_equal(m->type, rng_type);
    assert_int_equal(rng_kind_of(r), RNG_XOSHIRO256PP);
    assert_int_equal(rng_kind_of(m), RNG_MRG32K3A);
    assert_string_equal(gsl_rng_name(r), "poesim-xoshiro256++");
    assert_string_equal(rng_kind_names[RNG_XOSHIRO256PP], "xoshiro256++");
    assert_string_equal(rng_kind_names[RNG_MRG32K3A], "mrg32k3a");
    assert_true(gsl_rng_max(r) == 4294967295UL);
    assert_true(gsl_rng_min(r) == 0);
    assert_int_equal(gsl_rng_size(r), 4 * sizeof(uint64_t));

    /* get is the upper half of a step, get_double and rng_uniform
     * ((x >> 11) + 0.5) / 2^53 of it: twins stepped side by side. */
    gsl_rng *t = rng_alloc_kind(RNG_XOSHIRO256PP);
    assert_non_null(t);
    rng_seed(r, TEST_SEED, 7, 1);
    rng_seed(t, TEST_SEED, 7, 1);
    for (int i = 0; i < N_KAT; i++) {
        uint64_t x = rng_xoshiro_next(t->state);
        switch (i % 3) {
        case 0: assert_true(gsl_rng_get(r) == (unsigned long)(x >> 32)); break;
        case 1: assert_true(gsl_rng_uniform(r) == ((double)(x >> 11) + 0.5) * 0x1p-53); break;
        default: assert_true(rng_uniform(r) == ((double)(x >> 11) + 0.5) * 0x1p-53); break;
        }
    }
    /* gsl_rng_set(r, s) is rng_seed(r, s, 0, 0). */
    gsl_rng_set(r, 99);
    rng_seed(t, 99, 0, 0);
    assert_int_equal(n_agree(r, t), N_COMPARE);
    gsl_rng_free(r);
    gsl_rng_free(t);
    gsl_rng_free(m);
}

/* Replications of one source get distinct states, word by word (each word
 * is a bijection of the replication), and sources distinct ones; no state is
 * zero. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void test_xoshiro_states_distinct(void **state)
{
    (void)state;
    enum { N = 4096 };
    static uint64_t w[4][2 * N];
    gsl_rng *r = rng_alloc_kind(RNG_XOSHIRO256PP);
    assert_non_null(r);
    uint64_t src = rng_source_id("arrivals", "pov-north");
    for (int i = 0; i < 2 * N; i++) {
        if (i < N)
            rng_seed(r, TEST_SEED, src, (uint64_t)i);           /* replications */
        else
            rng_seed(r, TEST_SEED, (uint64_t)(i - N), 0);       /* sources */
        const uint64_t *s = ((const struct rng_xoshiro *)r->state)->s;
        assert_true((s[0] | s[1] | s[2] | s[3]) != 0);
        for (int k = 0; k < 4; k++)
            w[k][i] = s[k];
    }
    for (int k = 0; k < 4; k++) {
        qsort(w[k], N, sizeof w[k][0], cmp_u64);
        qsort(w[k] + N, N, sizeof w[k][0], cmp_u64);
        for (int i = 1; i < N; i++) {
            assert_true(w[k][i] != w[k][i - 1]);
            assert_true(w[k][N + i] != w[k][N + i - 1]);
        }
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_known_answers),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_published_jump_matrices),
        cmocka_unit_test(test_default_seed_known_answer),
        cmocka_unit_test(test_matches_reference),
        cmocka_unit_test(test_jump_matches_stepping),
        cmocka_unit_test(test_stream_layout),
        cmocka_unit_test(test_package_seed),
        cmocka_unit_test(test_source_id),
        cmocka_unit_test(test_streams_reproducible_and_distinct),
        cmocka_unit_test(test_streams_uncorrelated),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_chi_square),
        cmocka_unit_test(test_gsl_exponential),
        cmocka_unit_test(test_xoshiro_known_answers),
        cmocka_unit_test(test_xoshiro_type),
        cmocka_unit_test(test_xoshiro_states_distinct),
        ON_XOSHIRO(test_streams_reproducible_and_distinct),
        ON_XOSHIRO(test_streams_uncorrelated),
        ON_XOSHIRO(test_uniform_moments),
        ON_XOSHIRO(test_chi_square),
        ON_XOSHIRO(test_gsl_exponential),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
