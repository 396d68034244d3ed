/*
 * test_region.c - regions: the loader's refusals and the iteration's
 * answers where they are known.
 *
 *   - every file in tests/bad-region/ is refused (EXIT_USAGE) with a
 *     message that starts with its path and contains its .expect line (the
 *     corpus is data, like tests/bad/): by the loader, or, for observed
 *     trips that leave out a port, when its constants are to be fitted;
 *   - two identical ports, equally far: the split is 50/50 within the
 *     interval that the replications give (the logit of the 95% interval
 *     of the difference of their waits);
 *   - a prohibitive toll: that port gets no chooser, not one arrival;
 *   - trips are conserved: at every hour the shares of a segment sum to 1
 *     and its trips over the ports are its trips, and the ports' simulated
 *     arrivals are the segment's within Poisson noise;
 *   - two M/M/c ports (c = 5 and 3): the split is within 0.02 of the fixed
 *     point of Erlang C and the logit, found here by bisection;
 *   - the same with a toll that holds the small port's wait at 3 minutes:
 *     Erlang C gives the split that holds it and the logit the toll;
 *   - the same bytes of results whatever the number of threads;
 *   - constants fitted to observed trips (regfit.h) come back as the ones
 *     the trips were made with: three ports without queues, where the
 *     logit alone gives the trips (and one update is exact), and two M/M/c
 *     ports whose waits answer the split, where the trips are simulated
 *     with known constants; within the interval that the fit's tolerance
 *     on shares allows (the change of a constant that moves a share by the
 *     tolerance).
 * Run from the repository root (tests/run.sh does).
 */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assign.h"
#include "choice.h"
#include "region.h"
#include "regfit.h"
#include "stats.h"
#include "summary.h"

#define BAD_GLOB "tests/bad-region/*.json"
#define BAD_CASES_MIN 43
#define EXPECT_LINE_MAX 1024
#define SHARE_TOL 0.02          /* the brief's tolerance on an equilibrium split */

/* ---- the refusals ------------------------------------------------------------ */

static void read_expect(const char *json, char *out, size_t n)
{
    char path[FILENAME_MAX];
    size_t len = strlen(json);
    assert_true(len > 5 && len + 2 < sizeof path);
    memcpy(path, json, len - 5);
    strcpy(path + len - 5, ".expect");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: missing (each bad region needs its expected message)", path);
    char *line = fgets(out, (int)n, f);
    fclose(f);
    if (!line)
        fail_msg("%s: empty", path);
    out[strcspn(out, "\r\n")] = '\0';
    if (!out[0])
        fail_msg("%s: empty first line", path);
}

static void test_bad_file(void **state)
{
    const char *path = *state;
    char expect[EXPECT_LINE_MAX];
    struct err e = { 0 };
    read_expect(path, expect, sizeof expect);
    struct region *r = reg_load(path, NULL, 0, &e);
    if (r) {    /* a file that loads may still be one whose constants cannot be fitted */
        int rc = reg_fit_ready(r, &e);
        reg_free(r);
        if (rc == 0)
            fail_msg("%s: loaded, but should have been refused with \"%s\"", path, expect);
    }
    assert_int_equal(e.code, EXIT_USAGE);
    size_t plen = strlen(path);
    if (strncmp(e.msg, path, plen) != 0 || e.msg[plen] != ':')
        fail_msg("message does not start with \"%s:\": %s", path, e.msg);
    if (!strstr(e.msg, expect))
        fail_msg("message\n  %s\ndoes not contain\n  %s", e.msg, expect);
}

static void test_corpus_size(void **state)
{
    size_t n = *(const size_t *)*state;
    if (n < BAD_CASES_MIN)
        fail_msg("only %zu files match %s (at least %d expected)", n, BAD_GLOB, BAD_CASES_MIN);
}

/* ---- helpers ------------------------------------------------------------------ */

static struct region *load_with(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = { 0 };
    struct region *r = reg_load(path, ov, n, &e);
    if (!r)
        fail_msg("%s", e.msg);
    return r;
}

static struct region *load(const char *path)
{
    struct err e = { 0 };
    struct region *r = reg_load(path, NULL, 0, &e);
    if (!r)
        fail_msg("%s", e.msg);
    return r;
}

static struct asg_result *solve(struct region *r, int jobs)
{
    struct err e = { 0 };
    struct asg_opts o = { .jobs = jobs };
    struct asg_result *a = NULL;
    if (asg_solve(r, &o, &a, &e) < 0)
        fail_msg("%s", e.msg);
    return a;
}

/* The share of segment s's trips per day that use its port u. */
static double day_share(const struct asg_result *a, size_t s, size_t u)
{
    double at = 0, all = 0;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        for (size_t k = 0; k < a->r->seg[s].n_use; k++) {
            all += a->trips[asg_at(s, k, h)];
            if (k == u)
                at += a->trips[asg_at(s, k, h)];
        }
    return at / all;
}

/* Erlang C: probability of waiting in M/M/c with offered load x = lambda/mu
 * (the Erlang B recursion); the mean wait, minutes, at lambda per minute
 * with mean service s_min (infinite at or above capacity). */
static double erlang_c(int c, double x)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = x * b / (k + x * b);
    return c * b / (c - x * (1 - b));
}

static double mmc_wait(int c, double s_min, double lambda)
{
    double mu = 1 / s_min;
    if (lambda >= c * mu)
        return INFINITY;
    return erlang_c(c, lambda / mu) / (c * mu - lambda);
}

/* ---- the answers ------------------------------------------------------------ */

/* Two identical ports equally far: 50/50, within the interval. */
static void test_two_identical(void **state)
{
    (void)state;
    struct region *r = load("tests/region/two_identical.json");
    struct asg_result *a = solve(r, 2);
    assert_true(a->converged);
    const struct reg_segment *s = &r->seg[0];
    size_t n = (size_t)a->replications;
    double d[64];
    assert_true(n <= 64);
    for (size_t k = 0; k < n; k++)      /* the only queue: group 0 of each port */
        d[k] = *sum_value(a->sums[0], M_WAIT_MEAN, 0, k) - *sum_value(a->sums[1], M_WAIT_MEAN, 0, k);
    double mean, hw;
    stats_ci95(d, n, &mean, &hw);
    /* p_a = 1 / (1 + exp(b_wait x (W_b - W_a))), decreasing in W_a - W_b. */
    double lo = 1 / (1 + exp(-s->coef.wait_per_min * (mean + hw)));
    double hi = 1 / (1 + exp(-s->coef.wait_per_min * (mean - hw)));
    double p = day_share(a, 0, 0);
    printf("  two identical ports: share of a %.4f, interval [%.4f, %.4f]\n", p, lo, hi);
    assert_true(lo <= 0.5 && 0.5 <= hi);
    assert_true(p >= lo - r->tolerance && p <= hi + r->tolerance);
    asg_free(a);
    reg_free(r);
}

/* A prohibitive toll: no chooser at that port, not one arrival. */
static void test_prohibitive_toll(void **state)
{
    (void)state;
    struct region *r = load("tests/region/prohibitive.json");
    struct asg_result *a = solve(r, 1);
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        assert_true(a->share[asg_at(0, 1, h)] == 0);
        assert_true(a->trips[asg_at(0, 1, h)] == 0);
        assert_true(a->share[asg_at(0, 0, h)] == 1);
    }
    const struct summary *t = a->sums[1];
    assert_true(sum_est(t, M_ARRIVALS, t->n_groups)->mean == 0);
    assert_true(sum_est(a->sums[0], M_ARRIVALS, 0)->mean > 0);
    asg_free(a);
    reg_free(r);
}

/* Trips conserved over the ports, in the split and in the simulation. */
static void test_trips_conserved(void **state)
{
    (void)state;
    struct region *r = load("tests/region/equilibrium.json");
    struct asg_result *a = solve(r, 2);
    const struct reg_segment *s = &r->seg[0];
    double f = asg_weekday_mean(&r->run, s->weekday_factor);
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        double share = 0, trips = 0;
        for (size_t u = 0; u < s->n_use; u++) {
            share += a->share[asg_at(0, u, h)];
            trips += a->trips[asg_at(0, u, h)];
        }
        assert_true(fabs(share - 1) < 1e-12);
        assert_true(fabs(trips - s->per_day * f * s->hourly_share[h]) < 1e-9 * s->per_day);
    }
    /* Simulated: the ports' arrivals add up to the segment's, as a Poisson
     * count of mean per_day x days does (4 standard errors). */
    size_t n = (size_t)a->replications;
    double sum = 0, expect = s->per_day * f * r->run.days;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < r->n_ports; j++)
            sum += *sum_value(a->sums[j], M_ARRIVALS, a->sums[j]->n_groups, k);
    double mean = sum / (double)n, se = sqrt(expect / (double)n);
    printf("  arrivals over the ports %.1f a run, expected %.1f (se %.1f)\n", mean, expect, se);
    assert_true(fabs(mean - expect) < 4 * se);
    asg_free(a);
    reg_free(r);
}

/* The fixed point of two M/M/c ports: p such that p = logit(V_big(p) -
 * V_small(p)), by bisection (the difference falls as p grows). */
struct two_ports {
    int c_big, c_small;
    double s_min, lambda;               /* service minutes; arrivals per minute */
    double a_big, a_small;              /* access minutes */
    struct cho_coef b;
};

static double excess(const struct two_ports *m, double p)
{
    double v_big = cho_utility(&m->b, 0, m->a_big, mmc_wait(m->c_big, m->s_min, p * m->lambda), 0);
    double v_small = cho_utility(&m->b, 0, m->a_small,
                                 mmc_wait(m->c_small, m->s_min, (1 - p) * m->lambda), 0);
    double v[2] = { v_big, v_small }, q[2];
    cho_logit(v, NULL, 2, q);
    return p - q[0];
}

static void test_equilibrium(void **state)
{
    (void)state;
    struct region *r = load("tests/region/equilibrium.json");
    const struct reg_segment *s = &r->seg[0];
    struct two_ports m = { 5, 3, 5.0, s->per_day / MINUTES_PER_DAY, s->use[0].access_min,
                           s->use[1].access_min, s->coef };
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (excess(&m, mid) > 0)
            hi = mid;
        else
            lo = mid;
    }
    double p_star = (lo + hi) / 2;
    struct asg_result *a = solve(r, 2);
    double p = day_share(a, 0, 0);
    printf("  M/M/5 and M/M/3: Erlang C fixed point %.4f (waits %.2f and %.2f min), poesim %.4f "
           "after %d iterations\n", p_star, mmc_wait(5, 5, p_star * m.lambda),
           mmc_wait(3, 5, (1 - p_star) * m.lambda), p, a->iterations);
    assert_true(a->converged);
    assert_true(fabs(p - p_star) < SHARE_TOL);
    asg_free(a);
    reg_free(r);
}

/* A toll that holds the small port at 3 minutes: Erlang C gives the share
 * p_small that makes its wait 3 minutes, and the logit the toll that makes
 * travellers choose it: ln(p_small / p_big) = V_small - V_big. */
static void test_toll_holds_wait(void **state)
{
    (void)state;
    struct region *r = load("tests/region/toll_hold.json");
    const struct reg_segment *s = &r->seg[0];
    const struct reg_toll *t = &r->port[1].toll[DIR_NORTH][MODE_POV];
    assert_true(t->hold);
    double lambda = s->per_day / MINUTES_PER_DAY, target = t->rule.target_wait_min;
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (mmc_wait(3, 5, mid * lambda) > target)
            hi = mid;
        else
            lo = mid;
    }
    double p_small = (lo + hi) / 2, w_big = mmc_wait(5, 5, (1 - p_small) * lambda);
    double toll = (log(p_small / (1 - p_small)) - s->coef.wait_per_min * (target - w_big)
                   - s->coef.access_per_min * (s->use[1].access_min - s->use[0].access_min))
                  / s->coef.toll_per_usd;
    struct asg_result *a = solve(r, 2);
    double mean_toll = 0;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        mean_toll += a->toll[1][DIR_NORTH][MODE_POV][h] / HOURS_PER_DAY;
    double p = day_share(a, 0, 1);
    printf("  held toll: Erlang C and the logit give %.3f USD and a share of %.4f; poesim "
           "%.3f USD, share %.4f, after %d iterations\n", toll, p_small, mean_toll, p,
           a->iterations);
    assert_true(a->converged);
    assert_true(fabs(p - p_small) < SHARE_TOL);
    /* The toll moves in steps and settles at the middle of its last one;
     * hourly waits carry noise worth about a step more. */
    assert_true(fabs(mean_toll - toll) < 2 * t->rule.step_usd);
    asg_free(a);
    reg_free(r);
}

/* The result does not depend on the number of threads (a shorter run of
 * the held toll: a few iterations of ten days). */
static void test_threads(void **state)
{
    (void)state;
    const struct scn_override ov[] = { { "run.days", "10" }, { "iterations.max", "8" } };
    struct region *r1 = load_with("tests/region/toll_hold.json", ov, 2);
    struct region *r2 = load_with("tests/region/toll_hold.json", ov, 2);
    struct asg_result *a1 = solve(r1, 1), *a2 = solve(r2, 3);
    assert_int_equal(a1->iterations, a2->iterations);
    size_t n = asg_at(0, REG_PORTS_MAX - 1, HOURS_PER_DAY - 1) + 1;
    assert_memory_equal(a1->share, a2->share, n * sizeof *a1->share);
    assert_memory_equal(a1->toll, a2->toll, r1->n_ports * sizeof *a1->toll);
    assert_true(sum_est(a1->sums[1], M_WAIT_MEAN, 0)->mean
                == sum_est(a2->sums[1], M_WAIT_MEAN, 0)->mean);
    asg_free(a1);
    asg_free(a2);
    reg_free(r1);
    reg_free(r2);
}

/* ---- constants fitted to observed trips ---------------------------------------- */

static struct rfit_result *fit(struct region *r, struct asg_result **last)
{
    struct err e = { 0 };
    struct asg_opts o = { .jobs = 2 };
    struct rfit_result *f = NULL;
    if (rfit_solve(r, &o, &f, last, &e) < 0)
        fail_msg("%s", e.msg);
    return f;
}

/* Three ports without queues: the split is the logit of access and
 * constants, so the observed trips follow from the true constants by hand.
 * Fitted from zero, the constants against port a come back within what the
 * tolerance allows: a share off by tol at j and at a moves ln(s_j / s_a) by
 * at most tol / s_j + tol / s_a. */
static void test_fit_logit(void **state)
{
    (void)state;
    static const char *const ports[] = { "a", "b", "c" };
    const double truth[3] = { 0, 0.5, -0.3 }, access[3] = { 10, 20, 30 };
    const double per_day = 2000, b_access = CHO_ACCESS_PER_MIN_DEFAULT;
    double v[3], p[3];
    for (int j = 0; j < 3; j++)
        v[j] = truth[j] + b_access * access[j];
    cho_logit(v, NULL, 3, p);
    char path[3][64], value[3][32];
    struct scn_override ov[3];
    for (int j = 0; j < 3; j++) {
        snprintf(path[j], sizeof path[j], "observed.groups[cars].trips_per_day.%s", ports[j]);
        snprintf(value[j], sizeof value[j], "%.6f", per_day * p[j]);
        ov[j] = (struct scn_override){ path[j], value[j] };
    }
    struct region *r = load_with("tests/region/fit_logit.json", ov, 3);
    struct asg_result *a = NULL;
    struct rfit_result *f = fit(r, &a);
    double tol = r->fit_tolerance;
    printf("  three ports without queues: %d rounds; constants", f->rounds);
    for (int j = 1; j < 3; j++)
        printf(" %s %+.4f (true %+.4f, allowed ±%.4f)", ports[j], r->seg[0].use[j].constant,
               truth[j], tol / p[j] + tol / p[0]);
    printf("\n");
    assert_true(f->fitted);
    /* The first update is exact for a logit whose waits do not answer: the
     * second round is within the tolerance (a third at most, for rounding). */
    assert_true(f->rounds <= 3);
    assert_true(r->seg[0].use[0].constant == 0);      /* the first port keeps its own */
    for (int j = 1; j < 3; j++)
        assert_true(fabs(r->seg[0].use[j].constant - truth[j]) <= tol / p[j] + tol / p[0]);
    rfit_free(f);
    asg_free(a);
    reg_free(r);
}

/* Two M/M/c ports whose waits answer the split: trips simulated with the
 * small port's constant at c* are the observed ones; fitted from 0, the
 * constant comes back within the interval the tolerances allow: the
 * equilibrium's share moves by S' per unit of constant (S' measured here
 * from a second equilibrium at c* + 0.25), and the fit stops within the fit
 * tolerance of the observed share, each equilibrium within its own. */
static void test_fit_mmc(void **state)
{
    (void)state;
    const double c_star = 0.6, delta = 0.25;
    char c0[32], c1[32], big[32], small[32];
    snprintf(c0, sizeof c0, "%.4f", c_star);
    snprintf(c1, sizeof c1, "%.4f", c_star + delta);
    struct scn_override t0[] = { { "segments[cars].ports.small.constant", c0 } };
    struct scn_override t1[] = { { "segments[cars].ports.small.constant", c1 } };
    struct region *r0 = load_with("tests/region/fit_mmc.json", t0, 1);
    struct region *r1 = load_with("tests/region/fit_mmc.json", t1, 1);
    struct asg_result *a0 = solve(r0, 2), *a1 = solve(r1, 2);
    double s0 = day_share(a0, 0, 1), s1 = day_share(a1, 0, 1), slope = (s1 - s0) / delta;
    snprintf(small, sizeof small, "%.6f", s0 * r0->seg[0].per_day);
    snprintf(big, sizeof big, "%.6f", (1 - s0) * r0->seg[0].per_day);
    struct scn_override ov[] = { { "observed.groups[cars].trips_per_day.big", big },
                                 { "observed.groups[cars].trips_per_day.small", small } };
    struct region *r = load_with("tests/region/fit_mmc.json", ov, 2);
    struct asg_result *a = NULL;
    struct rfit_result *f = fit(r, &a);
    double c = r->seg[0].use[1].constant;
    double allowed = (r->fit_tolerance + r->tolerance) / slope;
    printf("  M/M/5 and M/M/3: the small port's share %.4f with constant %.2f (%.4f at %.2f: "
           "%.3f a unit); fitted %+.4f in %d rounds, allowed ±%.4f\n", s0, c_star, s1,
           c_star + delta, slope, c, f->rounds, allowed);
    assert_true(slope > 0);
    assert_true(f->fitted);
    assert_true(fabs(c - c_star) <= allowed);
    assert_true(fabs(day_share(a, 0, 1) - s0) <= r->fit_tolerance);
    rfit_free(f);
    asg_free(a);
    asg_free(a0);
    asg_free(a1);
    reg_free(r);
    reg_free(r0);
    reg_free(r1);
}

int main(void)
{
    glob_t g;
    size_t n = 0;
    if (glob(BAD_GLOB, 0, NULL, &g) == 0)
        n = g.gl_pathc;
    struct CMUnitTest *tests = calloc(n + 9, sizeof *tests);
    if (!tests)
        return 1;
    for (size_t i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){ g.gl_pathv[i], test_bad_file, NULL, NULL, g.gl_pathv[i] };
    tests[n] = (struct CMUnitTest){ "corpus size", test_corpus_size, NULL, NULL, &n };
    tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_two_identical);
    tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(test_prohibitive_toll);
    tests[n + 3] = (struct CMUnitTest)cmocka_unit_test(test_trips_conserved);
    tests[n + 4] = (struct CMUnitTest)cmocka_unit_test(test_equilibrium);
    tests[n + 5] = (struct CMUnitTest)cmocka_unit_test(test_toll_holds_wait);
    tests[n + 6] = (struct CMUnitTest)cmocka_unit_test(test_threads);
    tests[n + 7] = (struct CMUnitTest)cmocka_unit_test(test_fit_logit);
    tests[n + 8] = (struct CMUnitTest)cmocka_unit_test(test_fit_mmc);
    int rc = _cmocka_run_group_tests("region", tests, n + 9, NULL, NULL);
    free(tests);
    if (n)
        globfree(&g);
    return rc;
}
