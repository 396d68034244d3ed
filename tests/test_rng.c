/*
 * test_rng.c - the xoshiro256** generator and its keyed streams.
 *
 * Known answers come from reference implementations written out here from
 * the published algorithms (Blackman & Vigna's xoshiro256starstar.c, Vigna's
 * splitmix64.c, FNV-1a), each itself checked against published outputs.  The
 * statistical tests run at fixed seeds with tolerances from theory: 3 sigma
 * for means and variances, the 0.1% critical values for chi-square.
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
#define TEST_SEED UINT64_C(20240611)

#define assert_close(got, want, tol) do { \
        double got_ = (got), want_ = (want), tol_ = (tol); \
        if (!(fabs(got_ - want_) <= tol_)) \
            fail_msg("%s = %.17g, expected %.17g +- %.3g", #got, got_, want_, tol_); \
    } while (0)

/* ---- reference implementations ---- */

static uint64_t ref_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256** next(), as published. */
static uint64_t ref_next(uint64_t s[4])
{
    const uint64_t result = ref_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ref_rotl(s[3], 45);
    return result;
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
    return r->state;        /* four uint64_t words, as rng.h documents */
}

/* ---- known answers ---- */

static void test_reference_known_answers(void **state)
{
    (void)state;
    uint64_t s[4] = { 1, 2, 3, 4 };
    assert_true(ref_next(s) == UINT64_C(11520));
    assert_true(ref_next(s) == UINT64_C(0));
    assert_true(ref_next(s) == UINT64_C(1509978240));
    assert_true(ref_next(s) == UINT64_C(1215971899390074240));

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
    assert_string_equal(gsl_rng_name(r), "poesim-xoshiro256ss");
    assert_true(gsl_rng_max(r) == 0xffffffffUL);
    assert_true(gsl_rng_min(r) == 0);
    assert_int_equal(gsl_rng_size(r), 4 * sizeof(uint64_t));
    gsl_rng_free(r);
}

static void test_xoshiro_matches_reference(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    uint64_t ref[4] = { 1, 2, 3, 4 };
    memcpy(state_of(r), ref, sizeof ref);
    for (int i = 0; i < N_KAT; i++) {
        uint64_t x = ref_next(ref);
        assert_true(gsl_rng_get(r) == (unsigned long)(x >> 32));
    }
    for (int i = 0; i < N_KAT; i++) {
        uint64_t x = ref_next(ref);
        double u = gsl_rng_uniform(r);
        assert_true(u == (double)(x >> 11) * 0x1.0p-53);
        assert_true(u >= 0 && u < 1);
    }
    assert_memory_equal(state_of(r), ref, sizeof ref);
    gsl_rng_free(r);
}

static void test_set_uses_splitmix64(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    gsl_rng_set(r, 1234567);
    uint64_t x = 1234567;
    for (int i = 0; i < 4; i++)
        assert_true(state_of(r)[i] == ref_splitmix64(&x));
    gsl_rng_free(r);
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
    (void)state;
    gsl_rng *a = rng_alloc(), *b = rng_alloc();
    assert_non_null(a);
    assert_non_null(b);
    uint64_t src = rng_source_id("arrivals", "pov-north");

    rng_seed(a, TEST_SEED, src, 3);
    rng_seed(b, TEST_SEED, src, 3);
    assert_int_equal(n_agree(a, b), N_COMPARE);

    /* Distinct streams agree on a 32-bit output with probability 2^-32 per
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

/* Neighbouring replications must look independent: the correlation of their
 * uniforms is within 4 standard errors (1/sqrt(n)) of 0. */
static void test_neighbour_streams_uncorrelated(void **state)
{
    (void)state;
    gsl_rng *a = rng_alloc(), *b = rng_alloc();
    assert_non_null(a);
    assert_non_null(b);
    for (uint64_t rep = 0; rep < 4; rep++) {
        rng_seed(a, TEST_SEED, 0, rep);
        rng_seed(b, TEST_SEED, 0, rep + 1);
        double sxy = 0;
        for (int i = 0; i < N_DRAWS / 10; i++)
            sxy += (gsl_rng_uniform(a) - 0.5) * (gsl_rng_uniform(b) - 0.5);
        double corr = sxy / (N_DRAWS / 10) * 12;      /* var of U(0,1) = 1/12 */
        assert_close(corr, 0, 4 / sqrt(N_DRAWS / 10));
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* ---- distribution of the output ---- */

static void test_uniform_moments(void **state)
{
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test", "uniform"), 0);
    double sum = 0, sum2 = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double u = gsl_rng_uniform(r);
        assert_true(u >= 0 && u < 1);
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
    (void)state;
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    unsigned long count[N_BINS];

    /* Through get_double. */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-double"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[(int)(gsl_rng_uniform(r) * N_BINS)]++;
    assert_chi2_plausible(chi2(count));

    /* Through get (gsl_rng_uniform_int scales the 32-bit output). */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-int"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[gsl_rng_uniform_int(r, N_BINS)]++;
    assert_chi2_plausible(chi2(count));

    /* The low bits of get alone. */
    rng_seed(r, TEST_SEED, rng_source_id("test", "chi2-low"), 0);
    memset(count, 0, sizeof count);
    for (int i = 0; i < N_DRAWS; i++)
        count[gsl_rng_get(r) % N_BINS]++;       /* bias 2^32 mod 100: < 1e-7 */
    assert_chi2_plausible(chi2(count));
    gsl_rng_free(r);
}

static void test_gsl_exponential(void **state)
{
    (void)state;
    const double mu = 37.5;         /* seconds; gsl_ran_exponential takes the mean */
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test", "exponential"), 0);
    double sum = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        double x = gsl_ran_exponential(r, mu);
        assert_true(x >= 0);
        sum += x;
    }
    assert_close(sum / N_DRAWS, mu, 3 * mu / sqrt(N_DRAWS));   /* sd = mean */
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_known_answers),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_xoshiro_matches_reference),
        cmocka_unit_test(test_set_uses_splitmix64),
        cmocka_unit_test(test_source_id),
        cmocka_unit_test(test_streams_reproducible_and_distinct),
        cmocka_unit_test(test_neighbour_streams_uncorrelated),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_chi_square),
        cmocka_unit_test(test_gsl_exponential),
    };
    return cmocka_run_group_tests_name("rng", tests, NULL, NULL);
}
