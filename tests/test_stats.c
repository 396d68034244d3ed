/*
 * test_stats.c - tallies, histogram quantiles, P-square, levels, intervals.
 *
 * References that are obviously right: a sorted array for quantiles and
 * shares (the histogram must agree to one bin width), integrals worked out by
 * hand for levels, and the textbook interval for a four-value sample.  Test
 * data comes from GSL's MT19937 at fixed seeds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "stats.h"

#define N_RANDOM 50000
#define REL_EXACT 1e-12

/* Edges of the histogram layout, restated from stats.h. */
#define COARSE_W 60.0
#define COARSE_END ((double)HISTO_FINE_S + COARSE_W * HISTO_COARSE_BINS)

#define assert_close(got, want, tol) do { \
        double got_ = (got), want_ = (want), tol_ = (tol); \
        if (!(fabs(got_ - want_) <= tol_)) \
            fail_msg("%s = %.17g, expected %.17g +- %.3g", #got, got_, want_, tol_); \
    } while (0)

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* ---- tally ---- */

static void test_tally(void **state)
{
    (void)state;
    struct tally a, b, c;
    tally_reset(&a);
    assert_int_equal(a.n, 0);
    assert_true(isnan(tally_mean(&a)));

    tally_add(&a, 3);
    tally_add(&a, -1);
    tally_add(&a, 7);
    assert_int_equal(a.n, 3);
    assert_true(a.sum == 9 && a.min == -1 && a.max == 7);
    assert_true(tally_mean(&a) == 3);

    tally_reset(&b);
    tally_add(&b, 10);
    tally_add(&b, 0.5);
    tally_merge(&a, &b);
    assert_int_equal(a.n, 5);
    assert_true(a.sum == 19.5 && a.min == -1 && a.max == 10);
    assert_true(tally_mean(&a) == 19.5 / 5);
    assert_int_equal(b.n, 2);               /* b unchanged */

    /* Merging with an empty tally either way changes nothing. */
    tally_reset(&c);
    tally_merge(&a, &c);
    assert_true(a.n == 5 && a.min == -1 && a.max == 10);
    tally_merge(&c, &a);
    assert_true(c.n == 5 && c.sum == 19.5 && c.min == -1 && c.max == 10);
}

/* ---- histo ---- */

/* The bin of x as stats.h describes it: lower edge and width. */
static void ref_bin(double x, double *lower, double *width)
{
    if (x < HISTO_FINE_S) {
        *lower = floor(x);
        *width = 1;
    } else if (x < COARSE_END) {
        *lower = HISTO_FINE_S + COARSE_W * floor((x - HISTO_FINE_S) / COARSE_W);
        *width = COARSE_W;
    } else {
        *lower = COARSE_END;
        *width = 0;
    }
}

static void test_histo_by_hand(void **state)
{
    (void)state;
    struct histo h;
    assert_int_equal(histo_init(&h), 0);
    assert_true(isnan(histo_quantile(&h, 0.5)));
    assert_true(histo_share_above(&h, 10) == 0);

    /* One observation in each of bins 0..9. */
    for (int i = 0; i < 10; i++)
        histo_add(&h, i + 0.5);
    assert_int_equal(h.n, 10);
    /* p = 0.5: rank 5 reached in bin 4 (5 observations up to it, 4 below):
     * 4 + 1 * (5 - 4) / 1 = 5.  p = 0.25: rank 2.5 in bin 2: 2 + 0.5. */
    assert_close(histo_quantile(&h, 0.5), 5.0, REL_EXACT);
    assert_close(histo_quantile(&h, 0.25), 2.5, REL_EXACT);
    assert_close(histo_quantile(&h, 0.0), 0.0, REL_EXACT);     /* lower edge of the minimum's bin */
    assert_close(histo_quantile(&h, 1.0), 10.0, REL_EXACT);    /* upper edge of the maximum's bin */
    /* Above 3: bins 4..9 whole (6) and all of bin 3 ([3, 4) above 3). */
    assert_close(histo_share_above(&h, 3.0), 0.7, REL_EXACT);
    assert_close(histo_share_above(&h, 3.25), 0.675, REL_EXACT);
    assert_close(histo_share_above(&h, 10.0), 0.0, REL_EXACT);
    assert_close(histo_share_above(&h, -1.0), 1.0, REL_EXACT);

    histo_reset(&h);
    assert_int_equal(h.n, 0);
    assert_true(isnan(histo_quantile(&h, 0.5)));

    /* Rounding noise below 0 counts in bin 0. */
    histo_add(&h, -1e-9);
    assert_close(histo_quantile(&h, 0.0), 0.0, REL_EXACT);
    assert_close(histo_quantile(&h, 1.0), 1.0, REL_EXACT);
    histo_free(&h);
    histo_free(&h);         /* freeing twice is safe */
}

static void test_histo_coarse_and_overflow(void **state)
{
    (void)state;
    struct histo h;
    assert_int_equal(histo_init(&h), 0);

    /* 70000 s: 65536 + 4464, and 4464 / 60 = 74.4, so bin [69976, 70036). */
    histo_add(&h, 70000);
    assert_close(histo_quantile(&h, 0.0), 69976.0, REL_EXACT);
    assert_close(histo_quantile(&h, 0.5), 70006.0, REL_EXACT);
    assert_close(histo_quantile(&h, 1.0), 70036.0, REL_EXACT);
    assert_close(histo_share_above(&h, 69991), 0.75, REL_EXACT);   /* 45 of 60 s */

    /* The boundary between fine and coarse bins. */
    histo_reset(&h);
    histo_add(&h, HISTO_FINE_S - 0.5);
    histo_add(&h, HISTO_FINE_S);
    assert_close(histo_quantile(&h, 0.5), HISTO_FINE_S, REL_EXACT);   /* top of the last fine bin */
    assert_close(histo_quantile(&h, 1.0), HISTO_FINE_S + COARSE_W, REL_EXACT);

    /* The overflow bin reports its lower edge: 65536 + 60 * 65536. */
    histo_reset(&h);
    histo_add(&h, 100);
    histo_add(&h, 1e7);
    histo_add(&h, COARSE_END);
    histo_add(&h, INFINITY);
    assert_int_equal(h.n, 4);
    assert_close(histo_quantile(&h, 0.5), 3997696.0, REL_EXACT);
    assert_close(histo_quantile(&h, 1.0), 3997696.0, REL_EXACT);
    assert_close(histo_share_above(&h, 1000), 0.75, REL_EXACT);
    assert_close(histo_share_above(&h, 5e6), 0.75, REL_EXACT);      /* upper bound */
    /* The last coarse bin still is a coarse bin. */
    histo_reset(&h);
    histo_add(&h, COARSE_END - 1);
    assert_close(histo_quantile(&h, 1.0), COARSE_END, REL_EXACT);
    histo_free(&h);
}

/* Quantiles and shares of random data against the sorted sample. */
/* Waits of exactly zero are a point mass: with {0, 0, 0, 5.5}, a quarter of
 * the observations are above 0 and above 5, none above 6. */
static void test_histo_zeros(void **state)
{
    (void)state;
    struct histo h;
    assert_int_equal(histo_init(&h), 0);
    for (int i = 0; i < 3; i++)
        histo_add(&h, 0);
    histo_add(&h, 5.5);
    assert_true(histo_share_above(&h, 0) == 0.25);
    assert_true(histo_share_above(&h, 0.5) == 0.25);
    assert_true(histo_share_above(&h, 5) == 0.25);
    assert_true(histo_share_above(&h, 6) == 0);
    static const double x[] = { 0, 0.5, 5, 5.75, 6 };
    double out[5];
    histo_shares_above(&h, x, 5, out);
    assert_true(out[0] == 0.25 && out[1] == 0.25 && out[2] == 0.25 && out[3] == 0.0625
                && out[4] == 0);
    histo_reset(&h);
    assert_true(h.zeros == 0 && h.n == 0);
    histo_free(&h);
}

static void test_histo_random(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 3);
    double *x = malloc(N_RANDOM * sizeof *x);
    assert_non_null(x);
    struct histo h;
    assert_int_equal(histo_init(&h), 0);
    /* Half short waits (exponential, mean 10 min), half long (lognormal
     * reaching into the coarse bins), a few beyond everything. */
    for (int i = 0; i < N_RANDOM; i++) {
        if (i % 2)
            x[i] = gsl_ran_exponential(g, 600);
        else if (i % 1000)
            x[i] = gsl_ran_lognormal(g, log(40000.0), 1.0);
        else
            x[i] = COARSE_END + gsl_ran_exponential(g, 1e5);
        histo_add(&h, x[i]);
    }
    qsort(x, N_RANDOM, sizeof *x, cmp_double);

    /* The one-pass shares agree with the bin-by-bin function, at thresholds
     * inside bins, on bin edges, in the coarse region and beyond. */
    static const double grid[] = { -1, 0, 0.5, 1, 59.9, 60, 3600, 3600.25, 65535.5, 65536,
                                   70000, 1e6, 1e9 };
    double shares[sizeof grid / sizeof *grid];
    histo_shares_above(&h, grid, sizeof grid / sizeof *grid, shares);
    for (size_t i = 0; i < sizeof grid / sizeof *grid; i++)
        assert_true(shares[i] == histo_share_above(&h, grid[i]));

    static const double ps[] = { 0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1 };
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double rank = ps[i] * N_RANDOM;
        size_t k = rank > 0 ? (size_t)ceil(rank) - 1 : 0;     /* the order statistic */
        double lower, width;
        ref_bin(x[k], &lower, &width);
        double q = histo_quantile(&h, ps[i]);
        if (width > 0)
            assert_close(q, x[k], width);
        else
            assert_close(q, lower, 0);
        /* More precisely, inside that order statistic's bin. */
        assert_true(q >= lower && q <= lower + width);
    }

    static const double xs[] = { 0, 30, 100.5, 600, 3600, 3600.7, 65535.5, 70000, 1e6, 3e6 };
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double lower, width;
        ref_bin(xs[i], &lower, &width);
        size_t above = 0, in_bin = 0;
        for (int j = 0; j < N_RANDOM; j++) {
            above += x[j] > xs[i];
            in_bin += x[j] >= lower && x[j] < lower + width;
        }
        assert_close(histo_share_above(&h, xs[i]), (double)above / N_RANDOM,
                     (double)in_bin / N_RANDOM + REL_EXACT);
    }
    histo_free(&h);
    free(x);
    gsl_rng_free(g);
}

/* ---- lhist ---- */

/* The width of the lhist bin holding x > 0 (restated from stats.h). */
static double lhist_width(double x)
{
    if (x < 1)
        return 1;
    return ldexp(1.0, (int)floor(log2(x))) / 8;
}

static void test_lhist_hand(void **state)
{
    (void)state;
    struct lhist h;
    memset(&h, 0, sizeof h);
    assert_true(isnan(lhist_quantile(&h, 0.5)));
    /* Bins [8, 9), [9, 10), [10, 11): one observation each.  Rank p*n. */
    lhist_add(&h, 8.5);
    lhist_add(&h, 9.0);
    lhist_add(&h, 10.99);
    assert_int_equal(h.n, 3);
    assert_close(lhist_quantile(&h, 0.0), 8.0, REL_EXACT);
    assert_close(lhist_quantile(&h, 1.0 / 3), 9.0, REL_EXACT);       /* rank 1: top of [8, 9) */
    assert_close(lhist_quantile(&h, 0.5), 9.5, REL_EXACT);           /* rank 1.5 */
    assert_close(lhist_quantile(&h, 1.0), 11.0, REL_EXACT);
    /* Above 16 the bins are 2 wide: 17 is in [16, 18). */
    memset(&h, 0, sizeof h);
    lhist_add(&h, 17);
    assert_close(lhist_quantile(&h, 0.5), 17.0, REL_EXACT);
    assert_close(lhist_quantile(&h, 1.0), 18.0, REL_EXACT);
    /* Zeros are a point mass; (0, 1) is one bin. */
    memset(&h, 0, sizeof h);
    for (int i = 0; i < 19; i++)
        lhist_add(&h, 0);
    lhist_add(&h, 0.25);
    assert_true(lhist_quantile(&h, 0.95) == 0);
    assert_close(lhist_quantile(&h, 0.975), 0.5, REL_EXACT);         /* rank 19.5 */
    lhist_add(&h, -1e-12);                                           /* rounding noise: 0 */
    assert_int_equal(h.bin[0], 20);
    /* Beyond 2^20 s: the overflow bin, reported at its lower edge. */
    lhist_add(&h, 1e9);
    assert_true(lhist_quantile(&h, 1.0) == ldexp(1.0, LHIST_OCTAVES));
}

/* Against the exact order statistic: the estimate lies in the bin of the
 * ceil(p*n)-th smallest observation, so within that bin's width of it. */
static void test_lhist_random(void **state)
{
    (void)state;
    static const double ps[] = { 0.05, 0.5, 0.95, 0.99 };
    static const int ns[] = { 1, 2, 7, 100, 5000 };
    double *x = malloc(5000 * sizeof *x);
    assert_non_null(x);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 17);
    for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
        for (int rep = 0; rep < 20; rep++) {
            struct lhist h;
            memset(&h, 0, sizeof h);
            int n = ns[a];
            for (int i = 0; i < n; i++) {
                /* Waits: a third zero, the rest lognormal around a minute. */
                x[i] = gsl_rng_uniform(g) < 1.0 / 3 ? 0 : gsl_ran_lognormal(g, 4, 1.5);
                lhist_add(&h, x[i]);
            }
            qsort(x, (size_t)n, sizeof *x, cmp_double);
            for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
                size_t k = (size_t)ceil(ps[i] * n);
                double want = x[k > 0 ? k - 1 : 0];
                double got = lhist_quantile(&h, ps[i]);
                if (want == 0)
                    assert_true(got == 0);
                else
                    assert_close(got, want, lhist_width(want));
            }
        }
    gsl_rng_free(g);
    free(x);
}

/* ---- level ---- */

/* Set level 0 to v0 and level 2 to v2 at t (levels 1 and 3 stay 0). */
static void set2(struct levels *l, double t, double v0, double v2)
{
    double v[LEVELS_N] = { 0 };
    v[0] = v0;
    v[2] = v2;
    levels_set(l, t, v);
}

static void test_level(void **state)
{
    (void)state;
    struct levels l;
    double a[LEVELS_N], mx[LEVELS_N];
    levels_init(&l, 0);
    set2(&l, 0, 2, 1);          /* a zero-length 0 first: nothing */
    set2(&l, 10, 5, 1);         /* level 0: 2 over [0, 10): 20; level 2: 10 */
    set2(&l, 15, 1, 4);         /* 5 over [10, 15): 25; 1 over [10, 15): 5 */
    set2(&l, 15, 3, 0);         /* zero-length: nothing */
    set2(&l, 18, 1, 0);         /* 3 over [15, 18): 9; 0 */
    levels_take(&l, 20, a, mx); /* 1 over [18, 20): 2; 0 */
    assert_close(a[0], 20 + 25 + 9 + 2, REL_EXACT);
    assert_close(a[2], 10 + 5, REL_EXACT);
    assert_true(mx[0] == 5 && mx[2] == 4);
    assert_true(a[1] == 0 && a[3] == 0 && mx[1] == 0 && mx[3] == 0);

    /* After a take: integrate from 20 at level 1 (and 0), max restarting there. */
    set2(&l, 30, 0, 2);         /* 1 over [20, 30): 10; 0 */
    levels_take(&l, 40, a, mx); /* 0; 2 over [30, 40): 20 */
    assert_close(a[0], 10, REL_EXACT);
    assert_close(a[2], 20, REL_EXACT);
    assert_true(mx[0] == 1 && mx[2] == 2);
    levels_take(&l, 40, a, mx);
    assert_true(a[0] == 0 && a[2] == 0 && mx[0] == 0 && mx[2] == 2);
    set2(&l, 41.5, 4, 2);
    levels_take(&l, 42, a, mx); /* 4 over [41.5, 42): 2; 2 over [40, 42): 4 */
    assert_close(a[0], 2, REL_EXACT);
    assert_close(a[2], 4, REL_EXACT);
    assert_true(mx[0] == 4 && mx[2] == 2);

    levels_init(&l, 100);
    set2(&l, 100, 7, 0);
    levels_take(&l, 100.5, a, mx);
    assert_close(a[0], 3.5, REL_EXACT);
    assert_true(mx[0] == 7);
}

/* ---- intervals ---- */

static void test_ci95(void **state)
{
    (void)state;
    /* {1, 2, 3, 4}: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25
     * = 5, s = sqrt(5 / 3) = 1.2909944; t_{0.975,3} from tables. */
    const double t_975_3 = 3.182446305284263;
    const double t_975_1 = 12.706204736174707;
    static const double x[] = { 1, 2, 3, 4 };
    double m, hw;
    stats_ci95(x, 4, &m, &hw);
    assert_close(m, 2.5, REL_EXACT);
    assert_close(hw, t_975_3 * sqrt(5.0 / 3) / sqrt(4), 1e-9);

    /* {0, 2}: s = sqrt(2), half-width t_{0.975,1} * sqrt(2) / sqrt(2). */
    static const double y[] = { 0, 2 };
    stats_ci95(y, 2, &m, &hw);
    assert_close(m, 1, REL_EXACT);
    assert_close(hw, t_975_1, 1e-9);

    stats_ci95(x, 1, &m, &hw);
    assert_true(m == 1 && isnan(hw));

    static const double z[] = { 0.1, 0.1, 0.1 };
    stats_ci95(z, 3, &m, &hw);
    assert_true(m == 0.1 && hw == 0);

    stats_ci95(x, 0, &m, &hw);
    assert_true(isnan(m) && isnan(hw));
}

/* histo_sum: the sum of three histograms is the histogram of all their
 * observations (zeros, fine, coarse and overflow bins alike), whatever dst
 * held before. */
static void test_histo_sum(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 5);
    struct histo part[3], all, sum;
    for (int i = 0; i < 3; i++)
        assert_int_equal(histo_init(&part[i]), 0);
    assert_int_equal(histo_init(&all), 0);
    assert_int_equal(histo_init(&sum), 0);
    histo_add(&sum, 123.0);             /* to be overwritten */
    for (int i = 0; i < 3000; i++) {
        double x = i % 7 == 0   ? 0
                 : i % 11 == 0  ? -1e-9
                 : i % 97 == 0  ? COARSE_END + 5
                 : i % 5 == 0   ? gsl_ran_lognormal(g, log(70000.0), 0.5)
                                : gsl_ran_exponential(g, 600);
        histo_add(&part[i % 3 == 2 ? 2 : i % 2], x);
        histo_add(&all, x);
    }
    histo_sum(&sum, part, 3);
    assert_true(sum.n == all.n && sum.zeros == all.zeros && all.n == 3000);
    assert_memory_equal(sum.bin, all.bin, HISTO_NBINS * sizeof *all.bin);
    for (double p = 0; p <= 1; p += 0.125)
        assert_true(histo_quantile(&sum, p) == histo_quantile(&all, p));
    histo_sum(&sum, part, 1);           /* one: a copy */
    assert_true(sum.n == part[0].n && sum.zeros == part[0].zeros);
    assert_memory_equal(sum.bin, part[0].bin, HISTO_NBINS * sizeof *all.bin);
    for (int i = 0; i < 3; i++)
        histo_free(&part[i]);
    histo_free(&all);
    histo_free(&sum);
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_histo_by_hand),
        cmocka_unit_test(test_histo_coarse_and_overflow),
        cmocka_unit_test(test_histo_zeros),
        cmocka_unit_test(test_histo_random),
        cmocka_unit_test(test_histo_sum),
        cmocka_unit_test(test_lhist_hand),
        cmocka_unit_test(test_lhist_random),
        cmocka_unit_test(test_level),
        cmocka_unit_test(test_ci95),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
