/*
 * test_dist.c - service time distributions: parameters, moments, sampling.
 *
 * Each kind is sampled N_SAMPLES times at a fixed seed.  The sample mean must
 * lie within Z_TOL standard errors of mean_s (sd = cv * mean_s, from the
 * theory), the sample second moment within Z_TOL standard errors of
 * dist_second_moment (its standard error, sd(X^2)/sqrt(n), estimated the
 * same way), and the share of samples below chosen points within Z_TOL
 * binomial standard errors of the GSL cdf at those points, which tells
 * apart distributions with equal moments.  Moments by hand where the
 * numbers are simple.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>

#include "dist.h"
#include "rng.h"

#define N_SAMPLES 200000
#define Z_TOL 4.0               /* standard errors allowed */
#define REL_EXACT 1e-12         /* relative tolerance of closed forms */
#define TEST_SEED UINT64_C(77)

#define assert_close(got, want, tol) do { \
        double got_ = (got), want_ = (want), tol_ = (tol); \
        if (!(fabs(got_ - want_) <= tol_)) \
            fail_msg("%s = %.17g, expected %.17g +- %.3g", #got, got_, want_, tol_); \
    } while (0)

#define assert_rel(got, want) assert_close(got, want, REL_EXACT * fabs((double)(want)))

static gsl_rng *stream(const char *name)
{
    gsl_rng *r = rng_alloc();
    assert_non_null(r);
    rng_seed(r, TEST_SEED, rng_source_id("test-dist", name), 0);
    return r;
}

/* The cdf of d at x, from GSL's closed forms. */
static double cdf(const struct dist *d, double x)
{
    switch (d->kind) {
    case DIST_EXPONENTIAL:
        return gsl_cdf_exponential_P(x, d->mean_s);
    case DIST_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, d->a, d->b);
    case DIST_GAMMA:
        return gsl_cdf_gamma_P(x, d->a, d->b);
    case DIST_UNIFORM:
        return gsl_cdf_flat_P(x, d->a, d->b);
    default:
        fail_msg("no cdf for kind %d", (int)d->kind);
        return NAN;
    }
}

/* Sample d and check mean, second moment, non-negativity and the cdf at
 * multiples of the mean. */
static void check_sampling(const struct dist *d, const char *name)
{
    static const double at[] = { 0.25, 0.5, 1.0, 2.0, 4.0 };   /* x / mean */
    enum { N_AT = sizeof at / sizeof at[0] };
    gsl_rng *r = stream(name);
    double s1 = 0, s2 = 0, s4 = 0;
    double below[N_AT] = { 0 };
    for (int i = 0; i < N_SAMPLES; i++) {
        double x = dist_sample(d, r);
        assert_true(x >= 0 && isfinite(x));
        s1 += x;
        s2 += x * x;
        s4 += x * x * x * x;
        for (int j = 0; j < N_AT; j++)
            below[j] += x <= at[j] * d->mean_s;
    }
    double n = N_SAMPLES;
    double m1 = s1 / n, m2 = s2 / n, m4 = s4 / n;
    double se_m1 = d->cv * d->mean_s / sqrt(n);         /* theory's sd */
    double se_m2 = sqrt((m4 - m2 * m2) / n);
    assert_close(m1, d->mean_s, Z_TOL * se_m1);
    assert_close(m2, dist_second_moment(d), Z_TOL * se_m2);
    for (int j = 0; j < N_AT; j++) {
        double p = cdf(d, at[j] * d->mean_s);
        assert_close(below[j] / n, p, Z_TOL * sqrt(p * (1 - p) / n) + 1 / n);
    }
    gsl_rng_free(r);
}

static void test_exponential(void **state)
{
    (void)state;
    struct dist d;
    dist_exponential(&d, 45.0);
    assert_int_equal(d.kind, DIST_EXPONENTIAL);
    assert_true(d.mean_s == 45.0);
    assert_true(d.cv == 1.0);
    assert_rel(dist_second_moment(&d), 2 * 45.0 * 45.0);     /* 2 mu^2 */
    check_sampling(&d, "exponential");
}

static void test_lognormal(void **state)
{
    (void)state;
    const double mean = 90.0, cv = 0.5;
    struct dist d;
    dist_lognormal(&d, mean, cv);
    assert_int_equal(d.kind, DIST_LOGNORMAL);
    assert_true(d.mean_s == mean && d.cv == cv);
    /* E = exp(zeta + sigma^2/2), cv^2 = exp(sigma^2) - 1. */
    assert_rel(exp(d.a + d.b * d.b / 2), mean);
    assert_rel(exp(d.b * d.b) - 1, cv * cv);
    assert_rel(dist_second_moment(&d), mean * mean * (1 + cv * cv));
    check_sampling(&d, "lognormal");
}

static void test_gamma(void **state)
{
    (void)state;
    /* Shape above 1 and below 1 (GSL samples them differently). */
    static const double cvs[] = { 0.4, 1.5 };
    for (int i = 0; i < 2; i++) {
        const double mean = 120.0, cv = cvs[i];
        struct dist d;
        dist_gamma(&d, mean, cv);
        assert_int_equal(d.kind, DIST_GAMMA);
        assert_true(d.mean_s == mean && d.cv == cv);
        assert_rel(d.a * d.b, mean);                /* k theta */
        assert_rel(1 / sqrt(d.a), cv);              /* 1 / sqrt(k) */
        assert_rel(dist_second_moment(&d), mean * mean * (1 + cv * cv));
        check_sampling(&d, i ? "gamma-low-shape" : "gamma");
    }
}

static void test_deterministic(void **state)
{
    (void)state;
    struct dist d;
    dist_deterministic(&d, 30.5);
    assert_int_equal(d.kind, DIST_DETERMINISTIC);
    assert_true(d.mean_s == 30.5 && d.cv == 0);
    assert_true(dist_second_moment(&d) == 30.5 * 30.5);
    gsl_rng *r = stream("deterministic");
    for (int i = 0; i < 1000; i++)
        assert_true(dist_sample(&d, r) == 30.5);
    gsl_rng_free(r);
}

static void test_uniform(void **state)
{
    (void)state;
    const double lo = 20, hi = 80;
    struct dist d;
    dist_uniform(&d, lo, hi);
    assert_int_equal(d.kind, DIST_UNIFORM);
    assert_true(d.mean_s == 50);
    /* sd = 60 / sqrt(12) = 17.3205...; E[S^2] = (lo^2 + lo hi + hi^2) / 3. */
    assert_rel(d.cv, 60 / sqrt(12) / 50);
    assert_rel(dist_second_moment(&d), (lo * lo + lo * hi + hi * hi) / 3);
    check_sampling(&d, "uniform");

    gsl_rng *r = stream("uniform-range");
    for (int i = 0; i < N_SAMPLES; i++) {
        double x = dist_sample(&d, r);
        assert_true(x >= lo && x <= hi);
    }
    /* A degenerate range is a point, with cv 0 even at 0. */
    dist_uniform(&d, 7, 7);
    assert_true(dist_sample(&d, r) == 7 && d.cv == 0);
    dist_uniform(&d, 0, 0);
    assert_true(dist_sample(&d, r) == 0 && d.mean_s == 0 && d.cv == 0);
    gsl_rng_free(r);
}

static void test_empirical_moments(void **state)
{
    (void)state;
    /* By hand: mean 40 / 8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32,
     * population variance 32 / 8 = 4, sd 2, cv 0.4, E[S^2] = 4 + 25. */
    static const double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
    struct dist d;
    dist_empirical(&d, v, 8);
    assert_int_equal(d.kind, DIST_EMPIRICAL);
    assert_ptr_equal(d.values, v);
    assert_int_equal(d.n_values, 8);
    assert_rel(d.mean_s, 5);
    assert_rel(d.cv, 0.4);
    assert_rel(dist_second_moment(&d), 29);

    static const double one[] = { 12.5 };
    dist_empirical(&d, one, 1);
    assert_true(d.mean_s == 12.5 && d.cv == 0);
    gsl_rng *r = stream("empirical-one");
    assert_true(dist_sample(&d, r) == 12.5);
    gsl_rng_free(r);

    static const double zeros[] = { 0, 0 };
    dist_empirical(&d, zeros, 2);
    assert_true(d.mean_s == 0 && d.cv == 0);
}

static void test_empirical_sampling(void **state)
{
    (void)state;
    static const double v[] = { 5, 12, 30, 47, 90, 240, 600 };
    enum { N = sizeof v / sizeof v[0] };
    struct dist d;
    dist_empirical(&d, v, N);
    gsl_rng *r = stream("empirical");
    double count[N] = { 0 };
    double s1 = 0, s2 = 0, s4 = 0;
    for (int i = 0; i < N_SAMPLES; i++) {
        double x = dist_sample(&d, r);
        int k = 0;
        while (k < N && v[k] != x)
            k++;
        assert_true(k < N);         /* only listed values */
        count[k]++;
        s1 += x;
        s2 += x * x;
        s4 += x * x * x * x;
    }
    const double n = N_SAMPLES, p = 1.0 / N;
    for (int k = 0; k < N; k++)
        assert_close(count[k] / n, p, Z_TOL * sqrt(p * (1 - p) / n));
    double m1 = s1 / n, m2 = s2 / n, m4 = s4 / n;
    assert_close(m1, d.mean_s, Z_TOL * d.cv * d.mean_s / sqrt(n));
    assert_close(m2, dist_second_moment(&d), Z_TOL * sqrt((m4 - m2 * m2) / n));
    gsl_rng_free(r);
}

static void test_same_stream_same_samples(void **state)
{
    (void)state;
    struct dist d;
    dist_lognormal(&d, 60, 0.8);
    gsl_rng *a = stream("repeat"), *b = stream("repeat");
    for (int i = 0; i < 1000; i++)
        assert_true(dist_sample(&d, a) == dist_sample(&d, b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

static void test_kind_names(void **state)
{
    (void)state;
    static const char *const names[DIST_KIND_COUNT] = {
        "exponential", "lognormal", "gamma", "deterministic", "uniform", "empirical"
    };
    for (int k = 0; k < DIST_KIND_COUNT; k++) {
        assert_string_equal(dist_kind_name((enum dist_kind)k), names[k]);
        assert_int_equal(dist_kind_parse(names[k]), k);
    }
    assert_null(dist_kind_name(DIST_KIND_COUNT));
    assert_int_equal(dist_kind_parse("Exponential"), -1);
    assert_int_equal(dist_kind_parse("normal"), -1);
    assert_int_equal(dist_kind_parse("gamma "), -1);
    assert_int_equal(dist_kind_parse(""), -1);
    assert_int_equal(dist_kind_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exponential),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_gamma),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_empirical_moments),
        cmocka_unit_test(test_empirical_sampling),
        cmocka_unit_test(test_same_stream_same_samples),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests_name("dist", tests, NULL, NULL);
}
