/*
 * test_theory.c - the model against queueing theory.
 *
 * Each test runs independent replications and asserts that the value theory
 * gives lies inside the interval the replications give.  We use the 99.9%
 * Student-t interval (the 95% one widened by t_{0.9995}/t_{0.975}) so that a
 * correct model fails a test about once in a thousand seeds, and we also
 * assert that the interval is narrow (a few per cent of the value), so that
 * a test has the power to catch a wrong model rather than pass because its
 * interval is wide.  Theory values are computed here from their formulas,
 * never copied from a run.
 *
 *   - M/M/c mean wait: Erlang C, for c in {1, 4, 20} and load in {0.5, 0.9};
 *   - M/G/1 mean wait: Pollaczek-Khinchine, lognormal and deterministic
 *     service;
 *   - Little's law per queue: time-average queue = arrival rate x mean wait;
 *   - hourly arrival counts of a time-varying Poisson stream: chi-square of
 *     the replication means against their expectations (mean and variance);
 *   - conservation: arrivals = served + forgone + remaining, per group and
 *     replication, on the contract port.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>

#include "engine.h"
#include "scenario.h"
#include "summary.h"
#include "testutil.h"

/* |a - b| <= eps, with both values in the failure message. */
#define SERVICE_MEAN_S 60.0
#define WIDE_P 0.9995           /* two-sided 99.9% */
#define NARROW_P 0.975          /* two-sided 95% */

struct sim {
    struct scenario *s;
    struct summary *sum;
};

static struct sim run_json(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct sim run_json(const char *fmt, ...)
{
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = { 0 };
    struct sim r = { scn_parse(text, strlen(text), "test", &e), NULL };
    if (!r.s)
        fail_msg("scenario: %s", e.msg);
    if (engine_run(r.s, &r.sum, &e) < 0)
        fail_msg("run: %s", e.msg);
    return r;
}

static void run_free(struct sim *r)
{
    sum_free(r->sum);
    scn_free(r->s);
}

/* The 99.9% half-width from the 95% one reported by the summary. */
static double wide(const struct estimate *x)
{
    double df = (double)x->n - 1;
    return x->ci95 * gsl_cdf_tdist_Pinv(WIDE_P, df) / gsl_cdf_tdist_Pinv(NARROW_P, df);
}

static void assert_in_interval(const char *what, double theory, const struct estimate *x,
                               double max_rel_halfwidth)
{
    double h = wide(x);
    printf("  %-34s theory %10.4f  sim %10.4f ± %.4f (99.9%%)\n", what, theory, x->mean, h);
    if (!(fabs(x->mean - theory) <= h))
        fail_msg("%s: theory %g outside %g ± %g", what, theory, x->mean, h);
    if (!(h <= max_rel_halfwidth * theory))
        fail_msg("%s: interval ± %g too wide to test %g", what, h, theory);
}

/* Erlang C: probability of waiting in M/M/c with offered load a = lambda/mu,
 * through the Erlang B recursion (stable for large c). */
static double erlang_c(int c, double a)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

static void mmc_case(int c, double rho, int days, int reps, const char *rng)
{
    double lambda_per_min = rho * c / (SERVICE_MEAN_S / 60.0);
    double per_day = lambda_per_min * (double)MINUTES_PER_DAY;
    struct sim r = run_json(
        "{\"name\":\"mmc\",\"run\":{\"days\":%d,\"warmup_days\":1,\"replications\":%d,\"seed\":11,"
        "\"rng\":\"%s\"},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":%.17g}],"
        "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":%d}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":%g}}}",
        days, reps, rng, per_day, c, SERVICE_MEAN_S);
    double mu = 1.0 / SERVICE_MEAN_S;                 /* per second */
    double lambda = per_day / 86400.0;
    double wq_min = erlang_c(c, lambda / mu) / (c * mu - lambda) / 60.0;
    char what[64];
    snprintf(what, sizeof what, "M/M/%d rho=%.1f %s mean wait (min)", c, rho, rng);
    /* Tiny waits (c = 20, rho = 0.5: under a second) get an absolute floor
     * of one second on the interval width check. */
    assert_in_interval(what, wq_min, sum_est(r.sum, M_WAIT_MEAN, 0),
                       fmax(0.05, (1.0 / 60.0) / wq_min));

    /* Little's law on the same runs: L = lambda W, the model's time-average
     * queue against the estimated rate times the estimated mean wait. */
    double lw = sum_est(r.sum, M_ARRIVALS, 0)->mean / (days * (double)MINUTES_PER_DAY)
              * sum_est(r.sum, M_WAIT_MEAN, 0)->mean;
    snprintf(what, sizeof what, "M/M/%d rho=%.1f %s Little L", c, rho, rng);
    assert_in_interval(what, lw, sum_est(r.sum, M_QUEUE_MEAN, 0),
                       fmax(0.05, 0.01 / fmax(lw, 1e-9)));
    run_free(&r);
}

/* 20 replications (19 degrees of freedom: a chance small spread of the
 * replication means narrows the interval less than with 9), days chosen so
 * that the interval is a few per cent of the value. */
static void mm1_half(void **state) { (void)state; mmc_case(1, 0.5, 40, 20, "mrg32k3a"); }
static void mm1_high(void **state) { (void)state; mmc_case(1, 0.9, 300, 20, "mrg32k3a"); }
static void mm4_half(void **state) { (void)state; mmc_case(4, 0.5, 30, 20, "mrg32k3a"); }
static void mm4_high(void **state) { (void)state; mmc_case(4, 0.9, 120, 20, "mrg32k3a"); }
static void mm20_half(void **state) { (void)state; mmc_case(20, 0.5, 2, 20, "mrg32k3a"); }
static void mm20_high(void **state) { (void)state; mmc_case(20, 0.9, 30, 20, "mrg32k3a"); }
/* The second generator and its ziggurat exponential (run.rng), where the
 * tail of the waits matters most and at a light load. */
static void mm1_high_xo(void **state) { (void)state; mmc_case(1, 0.9, 300, 20, "xoshiro256++"); }
static void mm4_half_xo(void **state) { (void)state; mmc_case(4, 0.5, 30, 20, "xoshiro256++"); }

/* M/G/1: Wq = lambda E[S^2] / (2 (1 - rho)). */
static void mg1_case(const char *dist_json, double es2, int days, const char *rng)
{
    double rho = 0.7;
    double lambda = rho / SERVICE_MEAN_S;
    struct sim r = run_json(
        "{\"name\":\"mg1\",\"run\":{\"days\":%d,\"warmup_days\":1,\"replications\":10,\"seed\":5,"
        "\"rng\":\"%s\"},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":%.17g}],"
        "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1}],"
        "\"service\":{\"pov.general\":%s}}",
        days, rng, lambda * 86400.0, dist_json);
    double wq_min = lambda * es2 / (2.0 * (1.0 - rho)) / 60.0;
    assert_in_interval(dist_json, wq_min, sum_est(r.sum, M_WAIT_MEAN, 0), 0.05);
    run_free(&r);
}

static void mg1_lognormal(void **state)
{
    (void)state;
    double cv = 1.5;
    mg1_case("{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":1.5}",
             SERVICE_MEAN_S * SERVICE_MEAN_S * (1 + cv * cv), 480, "mrg32k3a");
}

/* GSL's ziggurat normal drawing from xoshiro256++ (one 32-bit step a draw). */
static void mg1_lognormal_xo(void **state)
{
    (void)state;
    double cv = 1.5;
    mg1_case("{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":1.5}",
             SERVICE_MEAN_S * SERVICE_MEAN_S * (1 + cv * cv), 480, "xoshiro256++");
}

static void mg1_deterministic(void **state)
{
    (void)state;
    mg1_case("{\"dist\":\"deterministic\",\"mean_s\":60}", SERVICE_MEAN_S * SERVICE_MEAN_S, 120,
             "mrg32k3a");
}

/* Hourly counts of a Poisson stream with hourly shares and weekday factors:
 * each (day, hour) mean over R replications has expectation E and variance
 * E / R, so sum R (mean - E)^2 / E over the cells is chi-square with as many
 * degrees of freedom as cells.  Too small a statistic (under-dispersed
 * counts) fails as surely as too large a one. */
static void hourly_poisson(void **state)
{
    (void)state;
    static const double share[24] = { 1, 1, 1, 1, 2, 4, 6, 8, 8, 6, 5, 5,
                                       5, 5, 5, 5, 5, 5, 4, 4, 3, 2, 2, 1 };
    double total = 0;
    for (int h = 0; h < 24; h++)
        total += share[h];
    char hs[512] = "";
    for (int h = 0; h < 24; h++) {
        char v[32];
        snprintf(v, sizeof v, "%s%g", h ? "," : "", share[h]);
        strcat(hs, v);
    }
    const double per_day = 900, sat = 0.5, sun = 1.5;
    const int days = 14, reps = 20;
    struct sim r = run_json(
        "{\"name\":\"poisson\",\"run\":{\"days\":%d,\"warmup_days\":0,\"replications\":%d,"
        "\"seed\":3,\"start\":\"mon\"},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":%g,"
        "\"hourly_share\":[%s],\"weekday_factor\":{\"sat\":%g,\"sun\":%g}}],"
        "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":50}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":10}}}",
        days, reps, per_day, hs, sat, sun);
    double chi2 = 0;
    size_t cells = 0;
    for (size_t h = 0; h < r.sum->n_hours; h++) {
        int wd = (int)(h / 24) % 7;
        double f = wd == 5 ? sat : wd == 6 ? sun : 1.0;
        double expect = per_day * f * share[h % 24] / total;
        double d = sum_hour(r.sum, 0, h)->arrivals - expect;
        chi2 += reps * d * d / expect;
        cells++;
    }
    double lo = gsl_cdf_chisq_Pinv(1 - WIDE_P, (double)cells);
    double hi = gsl_cdf_chisq_Pinv(WIDE_P, (double)cells);
    printf("  hourly counts: chi2 %.1f on %zu cells, 99.9%% range [%.1f, %.1f]\n", chi2, cells,
           lo, hi);
    assert_true(chi2 > lo && chi2 < hi);
    run_free(&r);
}

/* Arrivals split into programmes by their shares: each group's count over
 * the run is binomial(total, share). */
static void program_split(void **state)
{
    (void)state;
    struct sim r = run_json(
        "{\"name\":\"split\",\"run\":{\"days\":5,\"warmup_days\":0,\"replications\":4,\"seed\":9},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":20000,"
        "\"program_share\":{\"ready\":0.35,\"sentri\":0.3}}],"
        "\"lanes\":[{\"name\":\"g\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":30},"
        "{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"ready\",\"lanes\":30},"
        "{\"name\":\"s\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"sentri\",\"lanes\":30}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":10},"
        "\"pov.ready\":{\"dist\":\"exponential\",\"mean_s\":10},"
        "\"pov.sentri\":{\"dist\":\"exponential\",\"mean_s\":10}}}");
    static const double share[3] = { 0.35, 0.35, 0.30 };   /* general, ready, sentri */
    for (size_t rep = 0; rep < r.sum->n_reps; rep++) {
        double n = *sum_value(r.sum, M_ARRIVALS, r.sum->n_groups, rep);
        for (size_t g = 0; g < 3; g++) {
            double x = *sum_value(r.sum, M_ARRIVALS, g, rep);
            double sd = sqrt(n * share[g] * (1 - share[g]));
            if (fabs(x - n * share[g]) > 4 * sd)
                fail_msg("rep %zu group %zu: %g arrivals, expected %g ± %g", rep, g, x,
                         n * share[g], 4 * sd);
        }
    }
    run_free(&r);
}

/* Conservation on the contract port (time-varying demand, staffing, hours,
 * secondary blocking, when_closed): in every replication and group. */
static void conservation_contract_port(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scenario *s = scn_load("tests/contract/port.json", &e);
    if (!s)
        fail_msg("%s", e.msg);
    struct summary *sum = NULL;
    if (engine_run(s, &sum, &e) < 0)
        fail_msg("%s", e.msg);
    for (size_t g = 0; g <= sum->n_groups; g++)
        for (size_t k = 0; k < sum->n_reps; k++) {
            double a = *sum_value(sum, M_ARRIVALS, g, k);
            double out = *sum_value(sum, M_SERVED, g, k) + *sum_value(sum, M_FORGONE, g, k)
                       + *sum_value(sum, M_REMAINING, g, k);
            assert_true(a > 0);
            assert_near(a, out, 0.0);
        }
    /* Little's law per queue on a port with time-varying everything.
     * Exactly, per replication: the time integral of the queue over the
     * measured window holds every measured crosser's whole wait, plus the
     * waits of crossers queued across the window's edges, so it is at least
     * the sum of measured waits.  Statistically: L = lambda W within the
     * replications' interval, where the law applies: in groups that end the
     * run (nearly) empty.  The truck queue does not: its facility is closed
     * on the last day, and the trucks waiting at the gate are in L but have
     * no completed wait in W. */
    double span_h = s->run.days * 24.0;
    size_t checked = 0;
    for (size_t g = 0; g < sum->n_groups; g++) {
        for (size_t k = 0; k < sum->n_reps; k++) {
            double area_h = *sum_value(sum, M_QUEUE_MEAN, g, k) * span_h;
            double waits_h = *sum_value(sum, M_VEHICLE_HOURS, g, k);
            assert_true(area_h >= waits_h * (1 - 1e-12));
        }
        double arrivals = sum_est(sum, M_ARRIVALS, g)->mean;
        if (sum_est(sum, M_REMAINING, g)->mean > 1e-3 * arrivals) {
            printf("  contract port group %zu: %.0f of %.0f remain at the end; Little's law "
                   "not applicable\n", g, sum_est(sum, M_REMAINING, g)->mean, arrivals);
            continue;
        }
        double lw = arrivals / (s->run.days * (double)MINUTES_PER_DAY)
                  * sum_est(sum, M_WAIT_MEAN, g)->mean;
        const struct estimate *l = sum_est(sum, M_QUEUE_MEAN, g);
        double h = wide(l);
        printf("  contract port group %zu Little: lambda W %.4f, L %.4f ± %.4f\n", g, lw,
               l->mean, h);
        assert_true(fabs(l->mean - lw) <= h);
        checked++;
    }
    assert_true(checked >= sum->n_groups - 2);
    sum_free(sum);
    scn_free(s);
}

/* The contract M/M/5: the 95% interval that poesim reports holds Erlang C. */
static void contract_mmc(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scenario *s = scn_load("tests/contract/mmc.json", &e);
    if (!s)
        fail_msg("%s", e.msg);
    struct summary *sum = NULL;
    if (engine_run(s, &sum, &e) < 0)
        fail_msg("%s", e.msg);
    double mu = 1.0 / s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].mean_s;
    double lambda = s->demand[0].per_day / 86400.0;
    int c = s->lanes[0].booths;
    double wq_min = erlang_c(c, lambda / mu) / (c * mu - lambda) / 60.0;
    const struct estimate *w = sum_est(sum, M_WAIT_MEAN, 0);
    printf("  contract M/M/5: Erlang C %.4f min, poesim %.4f ± %.4f (95%%)\n", wq_min, w->mean,
           w->ci95);
    assert_true(fabs(w->mean - wq_min) <= w->ci95);
    sum_free(sum);
    scn_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mm1_half),          cmocka_unit_test(mm1_high),
        cmocka_unit_test(mm4_half),          cmocka_unit_test(mm4_high),
        cmocka_unit_test(mm20_half),         cmocka_unit_test(mm20_high),
        cmocka_unit_test(mg1_lognormal),     cmocka_unit_test(mg1_deterministic),
        cmocka_unit_test(mm1_high_xo),       cmocka_unit_test(mm4_half_xo),
        cmocka_unit_test(mg1_lognormal_xo),
        cmocka_unit_test(hourly_poisson),    cmocka_unit_test(program_split),
        cmocka_unit_test(conservation_contract_port), cmocka_unit_test(contract_mmc),
    };
    return cmocka_run_group_tests_name("theory", tests, NULL, NULL);
}
