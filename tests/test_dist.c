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
 * numbers are simple.  The sampling tests run on both generators (run.rng);
 * the ziggurat exponential and normal of xoshiro256++ have tests of their
 * own: their tables made again, a Kolmogorov-Smirnov distance and the tails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>

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

/* The generator the running test samples from: MRG32k3a, or the kind in its
 * prestate (the sampling tests run again on xoshiro256++, whose exponential
 * and normal are dist.h's ziggurats). */
static enum rng_kind kind;

static void use_kind(void **state)
{
    kind = state && *state ? *(const enum rng_kind *)*state : RNG_MRG32K3A;
}
static const enum rng_kind XOSHIRO = RNG_XOSHIRO256PP;
#define ON_XOSHIRO(f) { #f "_xoshiro", f, NULL, NULL, (void *)&XOSHIRO }

static gsl_rng *stream(const char *name)
{
    gsl_rng *r = rng_alloc_kind(kind);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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
    use_kind(state);
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

/* ---- the ziggurats (xoshiro256++'s exponential and normal) ---- */

/* A ziggurat's tables as dist.c builds them: 256 layers under a density
 * dens (unnormalised: dens(0) = 1, decreasing; dens_inv its inverse), the
 * base strip holding the tail beyond r, every layer of area v, k and w in
 * units of m. */
struct zig_spec {
    const uint32_t *k;
    const double *w, *f;
    double r, v, m;
    double (*dens)(double);
    double (*dens_inv)(double);
};

static double exp_dens(double x) { return exp(-x); }
static double exp_dens_inv(double y) { return -log(y); }
static double normal_dens(double x) { return exp(-0.5 * x * x); }
static double normal_dens_inv(double y) { return sqrt(-2 * log(y)); }

/* The tables made again from the recurrence (k may differ by one where a
 * product lands next to a whole number: floor of a last-bit difference). */
static void check_zig_tables(const struct zig_spec *z)
{
    double x = z->r, q = z->v / z->dens(x);
    assert_true(z->k[0] == (uint32_t)(x / q * z->m) && z->k[1] == 0);
    assert_rel(z->w[0], q / z->m);
    assert_rel(z->w[255], x / z->m);
    assert_true(z->f[0] == 1);
    assert_rel(z->f[255], z->dens(x));
    for (int i = 254; i >= 1; i--) {
        double below = z->dens_inv(z->v / x + z->dens(x));
        double k = floor(below / x * z->m);
        assert_true(fabs((double)z->k[i + 1] - k) <= 1);
        assert_rel(z->w[i], below / z->m);
        assert_rel(z->f[i], z->dens(below));
        /* Equal areas: the rectangle under layer i + 1 holds v. */
        assert_close(x * (z->dens(below) - z->dens(x)), z->v, 1e-12);
        x = below;
    }
}

/* The exponential's are Marsaglia & Tsang's (their base strip holds v by
 * the choice of r: e^-r (r + 1) = v). */
static void test_zig_tables(void **state)
{
    (void)state;
    const struct zig_spec z = { dist_zig_k, dist_zig_w, dist_zig_f, 7.697117470131487,
                                3.949659822581572e-3, 4294967296.0, exp_dens, exp_dens_inv };
    check_zig_tables(&z);
    assert_close(exp(-z.r) * (z.r + 1), z.v, 1e-12);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double exp_cdf(double x) { return 1 - exp(-x); }

/* The Kolmogorov-Smirnov distance of the n draws x (sorted here) to
 * cdf_of below its 0.1% critical value, 1.95 / sqrt(n). */
static void assert_ks(double *x, size_t n, double (*cdf_of)(double))
{
    qsort(x, n, sizeof x[0], cmp_double);
    double dmax = 0;
    for (size_t i = 0; i < n; i++) {
        double F = cdf_of(x[i]);
        dmax = fmax(dmax, fmax(fabs(F - (double)i / n), fabs((double)(i + 1) / n - F)));
    }
    if (dmax * sqrt((double)n) > 1.95)
        fail_msg("KS distance %.5f: sqrt(n) D = %.3f above 1.95", dmax, dmax * sqrt((double)n));
}

/* A million draws: the Kolmogorov-Smirnov distance to 1 - e^-x below its
 * 0.1% critical value (1.95 / sqrt(n)); the tail beyond r (the base layer's
 * own sampler) as often as e^-r and, being memoryless, with mean r + 1; and
 * the draws are those of dist_sample's exponential on the same stream. */
static void test_zig_exponential(void **state)
{
    (void)state;
    enum { N = 1000000 };
    const double r_tail = 7.697117470131487;
    static double x[N];
    kind = RNG_XOSHIRO256PP;
    gsl_rng *r = stream("zig-exp"), *t = stream("zig-exp");
    struct dist d;
    dist_exponential(&d, 2.0);
    double n_tail = 0, tail_sum = 0;
    for (int i = 0; i < N; i++) {
        x[i] = dist_exp1(r);
        assert_true(x[i] >= 0 && isfinite(x[i]));
        assert_true(dist_sample(&d, t) == 2.0 * x[i]);
        if (x[i] > r_tail) {
            n_tail++;
            tail_sum += x[i];
        }
    }
    assert_ks(x, N, exp_cdf);
    double p = exp(-r_tail);
    assert_close(n_tail / N, p, Z_TOL * sqrt(p * (1 - p) / N));
    assert_close(tail_sum / n_tail, r_tail + 1, Z_TOL / sqrt(n_tail));
    gsl_rng_free(r);
    gsl_rng_free(t);
}

/* The normal's: the same recurrence on e^(-x^2/2), points in units of 2^31;
 * its base strip holds v too: the rectangle [0, r) and the tail. */
static void test_zign_tables(void **state)
{
    (void)state;
    const struct zig_spec z = { dist_zign_k, dist_zign_w, dist_zign_f, 3.6541528853610088,
                                4.92867323399e-3, 2147483648.0, normal_dens, normal_dens_inv };
    check_zig_tables(&z);
    assert_close(z.r * exp(-0.5 * z.r * z.r) + sqrt(M_PI / 2) * erfc(z.r / sqrt(2)), z.v, 1e-9);
}

/* A million draws: the Kolmogorov-Smirnov distance to the normal cdf below
 * its 0.1% critical value (1.95 / sqrt(n)); the variance 1 (which tells a
 * wedge test that keeps every point: the KS distance does not); each side beyond r (the tail
 * sampler) as often as Phi(-r), with the tail's mean r + phi(r)/Phi(-r)
 * minus r (the mean excess, within its standard error); the two signs
 * equally often; and the draws are those of dist_sample's lognormal on the
 * same stream. */
static void test_zig_normal(void **state)
{
    (void)state;
    enum { N = 1000000 };
    const double r_tail = 3.6541528853610088;
    static double x[N];
    kind = RNG_XOSHIRO256PP;
    gsl_rng *r = stream("zig-normal"), *t = stream("zig-normal");
    struct dist d;
    dist_lognormal(&d, 60.0, 0.5);
    double n_hi = 0, n_lo = 0, n_neg = 0, excess = 0, excess2 = 0, sq = 0;
    for (int i = 0; i < N; i++) {
        x[i] = dist_normal1(r);
        sq += x[i] * x[i];
        assert_true(isfinite(x[i]));
        assert_true(dist_sample(&d, t) == exp(d.a + d.b * x[i]));
        n_neg += x[i] < 0;
        if (fabs(x[i]) > r_tail) {
            x[i] > 0 ? n_hi++ : n_lo++;
            excess += fabs(x[i]) - r_tail;
            excess2 += (fabs(x[i]) - r_tail) * (fabs(x[i]) - r_tail);
        }
    }
    assert_ks(x, N, gsl_cdf_ugaussian_P);
    double p = gsl_cdf_ugaussian_Q(r_tail);
    assert_close(n_hi / N, p, Z_TOL * sqrt(p * (1 - p) / N));
    assert_close(n_lo / N, p, Z_TOL * sqrt(p * (1 - p) / N));
    assert_close(n_neg / N, 0.5, Z_TOL * sqrt(0.25 / N));
    assert_close(sq / N, 1.0, Z_TOL * sqrt(2.0 / N));     /* Var X^2 = 2 */
    double n_tail = n_hi + n_lo, mean_excess = excess / n_tail;
    double sd_excess = sqrt(excess2 / n_tail - mean_excess * mean_excess);
    double want = exp(-0.5 * r_tail * r_tail) / sqrt(2 * M_PI) / p - r_tail;
    assert_close(mean_excess, want, Z_TOL * sd_excess / sqrt(n_tail));
    gsl_rng_free(r);
    gsl_rng_free(t);
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
        ON_XOSHIRO(test_exponential),
        ON_XOSHIRO(test_lognormal),
        ON_XOSHIRO(test_gamma),
        ON_XOSHIRO(test_uniform),
        ON_XOSHIRO(test_empirical_sampling),
        cmocka_unit_test(test_zig_tables),
        cmocka_unit_test(test_zig_exponential),
        cmocka_unit_test(test_zign_tables),
        cmocka_unit_test(test_zig_normal),
    };
    return cmocka_run_group_tests_name("dist", tests, NULL, NULL);
}
