/*
 * test_staff.c - the staffing search (staff.h) against answers known
 * without it.
 *
 *   - M/M/c with a constant arrival rate: the booths found in every hour are
 *     the fewest c whose Erlang-C statistic (mean wait, and the 95th
 *     percentile from Erlang C's waiting-time distribution, P(W > t) =
 *     C(c, a) exp(-(c mu - lambda) t)) meets the target, computed here.
 *     The cases keep c - 1 well above the target (or unstable) and c well
 *     below, so that the search's 95% decisions are sharp;
 *   - a two-hour case worked by hand (deterministic arrivals and service):
 *     the first hour holds on its own with 2 booths, but the queue it leaves
 *     makes the second fail even with every booth, so the first must take
 *     3; and with a looser target, the statistics of both hours to the
 *     hand-computed values;
 *   - an unreachable target: reported unmet, how far off (by hand), the
 *     booths that do as well as every booth, the search finished;
 *   - targets and officer caps: good ones parsed, bad ones refused with a
 *     message naming what is wrong;
 *   - the files that extend a scenario with the plan: they load as the
 *     scenario the plan stands for.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "staff.h"
#include "scenario.h"
#include "stats.h"
#include "testutil.h"

/* ---- helpers -------------------------------------------------------------------- */

static struct scenario *parse(const char *text)
{
    struct err e = { 0 };
    struct scenario *s = scn_parse(text, strlen(text), "test.json", &e);
    if (!s)
        fail_msg("scenario: %s", e.msg);
    return s;
}

/* Search s for the target with reps replications (fixed: max_reps = reps)
 * on two threads. */
static struct staff_plan *search(const struct scenario *s, const char *target, int reps)
{
    static struct staff_target t[STAFF_TARGETS_MAX];
    size_t n;
    struct err e = { 0 };
    if (staff_parse_target(target, t, STAFF_TARGETS_MAX, &n, &e) < 0)
        fail_msg("target: %s", e.msg);
    struct staff_opts o = { .targets = t, .n_targets = n, .reps = reps, .max_reps = reps,
                            .jobs = 2 };
    struct staff_plan *p = NULL;
    if (staff_search(s, &o, &p, &e) < 0)
        fail_msg("search: %s", e.msg);
    return p;
}

/* Erlang C: the probability of waiting in M/M/c with offered load a. */
static double erlang_c(int c, double a)
{
    double b = 1;
    for (int i = 1; i <= c; i++)
        b = a * b / (i + a * b);
    return b / (1 - a / c * (1 - b));
}

/* The mean wait (q = 0) or the q-quantile of the wait, minutes, of M/M/c
 * with lambda arrivals per hour and mean service s seconds; INFINITY when
 * c booths cannot keep up. */
static double mmc_stat(double lambda_h, double s, int c, double q)
{
    double lambda = lambda_h / 3600, a = lambda * s;
    if (a >= c)
        return INFINITY;
    double pw = erlang_c(c, a), rate = c / s - lambda;
    if (q == 0)
        return pw / rate / 60;
    return pw > 1 - q ? log(pw / (1 - q)) / rate / 60 : 0;
}

/* ---- M/M/c ------------------------------------------------------------------------ */

/* Replications of the M/M/c searches: enough that an hour's interval at c
 * lies well within the bound. */
#define MMC_REPS 40

struct mmc_case {
    double lambda_h, service_s;
    double q;                   /* 0: mean; else the quantile */
    double bound;               /* minutes */
};

static void check_mmc(const struct mmc_case *k)
{
    int c = 1;
    while (!(mmc_stat(k->lambda_h, k->service_s, c, k->q) <= k->bound))
        c++;
    /* The case is sharp: c - 1 is well above the bound, c well below. */
    assert_true(mmc_stat(k->lambda_h, k->service_s, c - 1, k->q) >= 1.6 * k->bound);
    assert_true(mmc_stat(k->lambda_h, k->service_s, c, k->q) <= 0.6 * k->bound);
    char text[1024], target[64];
    snprintf(text, sizeof text,
             "{\"name\": \"mmc\", \"run\": {\"days\": 1, \"warmup_days\": 1, \"seed\": 11},"
             " \"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\","
             " \"per_day\": %g}],"
             " \"lanes\": [{\"name\": \"general\", \"direction\": \"north\", \"mode\": \"pov\","
             " \"lanes\": %d}],"
             " \"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": %g}}}",
             k->lambda_h * 24, c + 6, k->service_s);
    if (k->q == 0)
        snprintf(target, sizeof target, "pov.general:mean<=%g", k->bound);
    else
        snprintf(target, sizeof target, "pov.general:p%.0f<=%g", k->q * 100, k->bound);
    struct scenario *s = parse(text);
    struct staff_plan *p = search(s, target, MMC_REPS);
    assert_int_equal(p->n_q, 1);
    /* Hour 0 starts from the warm-up with every booth open (a short queue):
     * the hours after it are in the steady state Erlang C describes. */
    for (size_t h = 1; h < p->n_hours; h++) {
        const struct staff_cell *cell = &p->q[0].cell[h];
        if (cell->booths != c)
            fail_msg("%s, %g/h x %g s: hour %zu has %d booths, Erlang C says %d (its value "
                     "%.3f ± %.3f)", target, k->lambda_h, k->service_s, h, cell->booths, c,
                     cell->mean, cell->ci95);
        assert_int_equal(cell->verdict, STAFF_HOLDS);
        assert_true(cell->mean + cell->ci95 <= k->bound);
    }
    staff_plan_free(p);
    scn_free(s);
}

static void test_mmc_mean(void **state)
{
    (void)state;
    static const struct mmc_case cases[] = {
        { 240, 60, 0, 1.2 },        /* c = 5 (0.55 min); 4 booths cannot keep up */
        { 600, 30, 0, 0.6 },        /* c = 6 (0.29); 5 cannot keep up */
        { 240, 60, 0, 0.3 },        /* c = 6 (0.14); 5 waits 0.55 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_mmc(&cases[i]);
}

static void test_mmc_p95(void **state)
{
    (void)state;
    static const struct mmc_case cases[] = {
        { 240, 60, 0.95, 5 },       /* c = 5 (p95 2.41 min) */
        { 600, 30, 0.95, 2.5 },     /* c = 6 (1.23) */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        check_mmc(&cases[i]);
}

/* ---- the two-hour case, by hand ------------------------------------------------------ *
 *
 * Three booths, inspections of exactly 60 s; 144 cars in 06:00-07:00 (the
 * k-th at 25(k - 1/2) s) and 180 in 07:00-08:00 (one every 20 s: exactly
 * what three booths clear); nobody else.  Worked out step by step (the
 * replications agree exactly, arrivals and service being deterministic;
 * an event at the instant a booth frees serves the car arriving then):
 *   - hour 6 with 2 booths: they alternate, and the k-th car waits
 *     10 floor((k - 1) / 2) s; with 2 booths kept after 07:00 as well (the
 *     forward pass holds an hour's booths for its own cars) the 144 cars
 *     wait 20 (0 + 1 + ... + 71) = 51120 s, 5.917 min on average: hour 6
 *     holds a 7-minute target on its own with 2 booths (1 cannot keep up);
 *   - 24 cars then wait at 07:00.  With 3 booths from 07:00, hour 7's cars
 *     (which fill the 3 booths exactly) stay behind them: they wait 84000 s
 *     in all, 7.778 min on average, even with every booth;
 *   - with 3 booths in hour 6 nobody waits, nor in hour 7 with 3; with 2 in
 *     hour 7 its cars wait 15.08 min.
 * Target mean <= 7 min: hour 7 fails with every booth after 2 in hour 6,
 * so hour 6 must take 3 (backtracking), then hour 7 takes 3.
 * Target mean <= 8 min: hour 6 takes 2, hour 7 three (7.78); hour 6's
 * first 120 cars wait 20 (0 + ... + 59) = 35400 s and its last 24, served
 * by 3 booths from 07:00, 12640 s: 5.560 min; and hour 8 takes 3 too, to
 * serve hour 7's queue (fewer would leave its last cars waiting longer):
 * 8 booth-hours where 3 + 3 + 0 = 6 would do.  The forward pass finds the
 * fewest booths per hour given the hours before, not the fewest in all. */

static const char spill_text[] =
    "{\"name\": \"spill\", \"run\": {\"days\": 1, \"warmup_days\": 1, \"seed\": 1},"
    " \"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\","
    " \"per_day\": 324, \"arrivals\": \"deterministic\", \"hourly_share\": [0, 0, 0, 0, 0, 0,"
    " 0.4444444444444444, 0.5555555555555556, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],"
    " \"lanes\": [{\"name\": \"general\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 3}],"
    " \"service\": {\"pov.general\": {\"dist\": \"deterministic\", \"mean_s\": 60}}}";

static void test_spill(void **state)
{
    (void)state;
    struct scenario *s = parse(spill_text);
    struct staff_plan *p = search(s, "pov.general:mean<=7", 2);
    const struct staff_cell *c = p->q[0].cell;
    assert_int_equal(c[6].booths, 3);
    assert_int_equal(c[6].lower, 2);            /* on its own, 2 held */
    assert_int_equal(c[7].booths, 3);
    assert_true(p->work.backtracks >= 1);
    for (size_t h = 0; h < p->n_hours; h++)
        if (h != 6 && h != 7)
            assert_int_equal(c[h].booths, 0);
    assert_near(c[6].mean, 0, 1e-9);
    assert_near(c[7].mean, 0, 1e-9);
    staff_plan_free(p);

    p = search(s, "pov.general:mean<=8", 2);
    c = p->q[0].cell;
    assert_int_equal(c[6].booths, 2);
    assert_int_equal(c[7].booths, 3);
    assert_int_equal(c[8].booths, 3);
    assert_near(c[6].mean, (35400.0 + 12640.0) / 144 / 60, 1e-6);
    assert_near(c[7].mean, 84000.0 / 180 / 60, 1e-6);
    staff_plan_free(p);
    scn_free(s);
}

/* ---- unreachable -------------------------------------------------------------------- *
 *
 * Two booths of 60 s and 150 cars in 06:00-07:00, the k-th at 24(k - 1/2) s:
 * the booths clear 120 an hour.  They alternate, and the k-th car waits
 * 12 floor((k - 1) / 2) s: 24 (0 + 1 + ... + 74) = 66600 s for the hour's
 * 150 cars, 444 s = 7.4 min on average.  A target of 5 min cannot be met
 * with what exists: the hour is unmet by 2.4 min. */

static void test_unreachable(void **state)
{
    (void)state;
    struct scenario *s = parse(
        "{\"name\": \"short\", \"run\": {\"days\": 1, \"warmup_days\": 1, \"seed\": 1},"
        " \"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\","
        " \"per_day\": 150, \"arrivals\": \"deterministic\", \"hourly_share\": [0, 0, 0, 0, 0,"
        " 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],"
        " \"lanes\": [{\"name\": \"general\", \"direction\": \"north\", \"mode\": \"pov\","
        " \"lanes\": 2}],"
        " \"service\": {\"pov.general\": {\"dist\": \"deterministic\", \"mean_s\": 60}}}");
    struct staff_plan *p = search(s, "pov.general:mean<=5", 2);
    const struct staff_cell *c = p->q[0].cell;
    assert_int_equal(c[6].verdict, STAFF_UNMET);
    assert_int_equal(c[6].booths, 2);
    assert_near(c[6].mean, 66600.0 / 150 / 60, 1e-6);
    assert_near(c[6].bound, 66600.0 / 150 / 60, 1e-6);  /* what every booth achieves */
    /* The hour after serves the queue left: with fewer than 2 booths the
     * hour's cars would wait longer still. */
    assert_int_equal(c[7].booths, 2);
    assert_true(p->work.rounds < 200);           /* not looped on */
    staff_plan_free(p);
    scn_free(s);
}

/* ---- targets ------------------------------------------------------------------------ */

static void test_targets(void **state)
{
    (void)state;
    struct staff_target t[STAFF_TARGETS_MAX];
    size_t n;
    struct err e = { 0 };
    assert_int_equal(staff_parse_target("pov.general:mean<=45, north.pov.sentri:p95<=15,"
                                        "truck:over60<=5%", t, STAFF_TARGETS_MAX, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_false(t[0].has_dir);
    assert_true(t[0].has_prog);
    assert_int_equal(t[0].mode, MODE_POV);
    assert_int_equal(t[0].prog, PROG_GENERAL);
    assert_int_equal(t[0].stat, STAFF_MEAN);
    assert_near(t[0].bound, 45, 0);
    assert_true(t[1].has_dir);
    assert_int_equal(t[1].dir, DIR_NORTH);
    assert_int_equal(t[1].stat, STAFF_QUANTILE);
    assert_near(t[1].q, 0.95, 1e-12);
    assert_false(t[2].has_prog);
    assert_int_equal(t[2].stat, STAFF_OVER);
    assert_near(t[2].over_min, 60, 0);
    assert_near(t[2].bound, 0.05, 1e-12);
    assert_int_equal(staff_parse_target("truck.fast:over30<=0.1", t, STAFF_TARGETS_MAX, &n, &e),
                     0);
    assert_near(t[0].bound, 0.1, 1e-12);

    static const struct { const char *spec, *says; } bad[] = {
        { "", "expected QUEUE:STAT<=BOUND" },
        { "pov.general:mean<=45,", "an empty entry" },
        { "pov.general", "no ':' found" },
        { ":mean<=45", "expected a queue" },
        { "pov.generl:mean<=45", "unknown programme \"generl\" for pov (expected general, ready or sentri)" },
        { "pov.fast:mean<=45", "no programme \"fast\" for pov" },
        { "car.general:mean<=45", "unknown mode \"car\"" },
        { "east.pov.general:mean<=45", "unknown direction \"east\"" },
        { "pov.general:avg<=45", "unknown statistic \"avg\"" },
        { "pov.general:mean<45", "expected \"<=\" after \"mean\", got \"<45\"" },
        { "pov.general:mean<=-3", "expected minutes > 0 and at most 1440" },
        { "pov.general:mean<=", "expected minutes > 0" },
        { "pov.general:mean<=45min", "got \"45min\"" },
        { "pov.general:p100<=45", "expected a percentile p1 .. p99, got \"p100\"" },
        { "pov.general:p0<=45", "expected a percentile p1 .. p99" },
        { "pov.general:over<=0.1", "unknown statistic \"over\"" },
        { "pov.general:over45<=1.5", "expected a share between 0 and 1" },
        { "pov.general:over45<=150%", "expected a share between 0 and 1" },
        { "pov.general:mean<=45,pov.general:p95<=60", "name the same queues" },
        { "north.pov.general.x:mean<=4", "expected a queue [DIRECTION.]MODE[.PROGRAM]" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&e, 0, sizeof e);
        if (staff_parse_target(bad[i].spec, t, STAFF_TARGETS_MAX, &n, &e) == 0)
            fail_msg("\"%s\" was accepted", bad[i].spec);
        assert_int_equal(e.code, EXIT_USAGE);
        if (!strstr(e.msg, bad[i].says))
            fail_msg("\"%s\": %s (expected it to say %s)", bad[i].spec, e.msg, bad[i].says);
        if (strncmp(e.msg, "--target", 8) != 0)
            fail_msg("\"%s\": %s (should name --target)", bad[i].spec, e.msg);
    }
}

/* A target that fits no queue of the scenario, and groups that cannot be
 * searched. */
static void test_target_fit(void **state)
{
    (void)state;
    struct scenario *s = parse(spill_text);
    static struct staff_target t[STAFF_TARGETS_MAX];
    size_t n;
    struct err e = { 0 };
    struct staff_plan *p = NULL;
    assert_int_equal(staff_parse_target("truck:mean<=30", t, STAFF_TARGETS_MAX, &n, &e), 0);
    struct staff_opts o = { .targets = t, .n_targets = n, .reps = 2, .max_reps = 2, .jobs = 1 };
    assert_int_equal(staff_search(s, &o, &p, &e), -1);
    assert_int_equal(e.code, EXIT_USAGE);
    assert_non_null(strstr(e.msg, "has no such queue (its queues: north.pov.general)"));
    assert_int_equal(staff_parse_target("pov.general:mean<=3", t, STAFF_TARGETS_MAX, &n, &e), 0);
    const char *groups[] = { "genral" };
    o = (struct staff_opts){ .targets = t, .n_targets = n, .reps = 2, .max_reps = 2,
                             .jobs = 1, .groups = groups, .n_groups = 1 };
    assert_int_equal(staff_search(s, &o, &p, &e), -1);
    assert_non_null(strstr(e.msg, "no lane group \"genral\" (its groups: general)"));
    scn_free(s);
}

static void test_officers(void **state)
{
    (void)state;
    int cap[HOURS_PER_DAY];
    struct err e = { 0 };
    assert_int_equal(staff_parse_officers("40", cap, &e), 0);
    assert_int_equal(cap[0], 40);
    assert_int_equal(cap[23], 40);
    assert_int_equal(staff_parse_officers("00:00=20,06:00=40,22:00=24", cap, &e), 0);
    assert_int_equal(cap[5], 20);
    assert_int_equal(cap[6], 40);
    assert_int_equal(cap[21], 40);
    assert_int_equal(cap[22], 24);
    static const char *const bad[] = { "", "-1", "4.5", "06:00=40", "00:00=20,06:30=4",
                                       "00:00=20,06:00=4,05:00=3", "00:00=x", "00:00=20;" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memset(&e, 0, sizeof e);
        if (staff_parse_officers(bad[i], cap, &e) == 0)
            fail_msg("--officers \"%s\" was accepted", bad[i]);
        assert_non_null(strstr(e.msg, "--officers"));
    }
}

/* Officers on duty cap the searched groups together: the cap binds. */
static void test_officers_cap(void **state)
{
    (void)state;
    struct scenario *s = parse(spill_text);
    static struct staff_target t[STAFF_TARGETS_MAX];
    size_t n;
    struct err e = { 0 };
    struct staff_plan *p = NULL;
    assert_int_equal(staff_parse_target("pov.general:mean<=7", t, STAFF_TARGETS_MAX, &n, &e), 0);
    struct staff_opts o = { .targets = t, .n_targets = n, .reps = 2, .max_reps = 2, .jobs = 2,
                            .has_officers = true };
    for (int h = 0; h < HOURS_PER_DAY; h++)
        o.officers[h] = 2;
    assert_int_equal(staff_search(s, &o, &p, &e), 0);
    for (size_t h = 0; h < p->n_hours; h++)
        assert_true(p->q[0].cell[h].booths <= 2);
    assert_int_equal(p->q[0].cell[7].verdict, STAFF_CAPPED);
    assert_true(p->capped_hours >= 1);
    staff_plan_free(p);
    scn_free(s);
}

/* The same answer whatever the threads (decisions on the replications in
 * order). */
static void test_threads(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"mmc\", \"run\": {\"days\": 1, \"warmup_days\": 1, \"seed\": 3},"
             " \"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\","
             " \"per_day\": 5760}],"
             " \"lanes\": [{\"name\": \"general\", \"direction\": \"north\", \"mode\": \"pov\","
             " \"lanes\": 12}],"
             " \"service\": {\"pov.general\": {\"dist\": \"lognormal\", \"mean_s\": 60, \"cv\": 0.7}}}");
    struct scenario *s = parse(text);
    static struct staff_target t[STAFF_TARGETS_MAX];
    size_t n;
    struct err e = { 0 };
    assert_int_equal(staff_parse_target("pov.general:mean<=0.5", t, STAFF_TARGETS_MAX, &n, &e), 0);
    struct staff_plan *p[2];
    for (int j = 0; j < 2; j++) {
        struct staff_opts o = { .targets = t, .n_targets = n, .reps = 5, .max_reps = 10,
                                .jobs = j ? 3 : 1 };
        assert_int_equal(staff_search(s, &o, &p[j], &e), 0);
    }
    assert_int_equal(p[0]->reps, p[1]->reps);
    for (size_t h = 0; h < p[0]->n_hours; h++) {
        assert_int_equal(p[0]->q[0].cell[h].booths, p[1]->q[0].cell[h].booths);
        assert_true(p[0]->q[0].cell[h].mean == p[1]->q[0].cell[h].mean);
    }
    staff_plan_free(p[0]);
    staff_plan_free(p[1]);
    scn_free(s);
}

/* ---- extends ------------------------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_extension(void **state)
{
    (void)state;
    char dir[] = "/tmp/poesim-staff-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char base[256], sub[256], mid[256], out[256];
    snprintf(base, sizeof base, "%s/base.json", dir);
    snprintf(sub, sizeof sub, "%s/out", dir);
    snprintf(mid, sizeof mid, "%s/out/staffed-base.json", dir);
    snprintf(out, sizeof out, "%s/out/staffed.json", dir);
    write_file(base, "{\"name\": \"b\", \"demand\": [{\"name\": \"cars\", \"direction\": \"north\","
                     " \"mode\": \"pov\", \"per_day\": 1000}], \"lanes\": [{\"name\": \"general\","
                     " \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 20,"
                     " \"staffed_booths\": {\"default\": {\"00:00\": 4, \"22:00\": 6},"
                     " \"sun\": {\"00:00\": 2}}}],"
                     " \"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 60}}}");
    /* The chain poesim staff writes: a file that drops the schedule, and
     * one that extends it with a schedule whose steps the base's would have
     * been in the way of (03:00 and 06:00 before the base's 22:00), a run
     * setting and a name: it loads as the overrides give the scenario. */
    struct scn_override drop[] = { { "lanes[general].staffed_booths", "null" } };
    struct scn_override ov[] = {
        { "lanes[general].staffed_booths", "{\"default\": {\"00:00\": 1, \"03:00\": 2, "
          "\"06:00\": 9, \"23:00\": 3}, \"sat\": {\"00:00\": 7}}" },
        { "run.days", "3" },
        { "name", "\"b-staffed\"" },
    };
    struct err e = { 0 };
    char *t1 = scn_extension_text(base, "../base.json", NULL, 0, drop, 1, &e);
    char *t2 = t1 ? scn_extension_text(base, "staffed-base.json", drop, 1, ov, 3, &e) : NULL;
    if (!t2)
        fail_msg("%s", e.msg);
    assert_int_equal(mkdir(sub, 0777), 0);
    write_file(mid, t1);
    write_file(out, t2);
    free(t1);
    free(t2);
    struct scenario *a = scn_load(out, &e), *b = scn_load_with(base, ov, 3, &e);
    if (!a || !b)
        fail_msg("%s", e.msg);
    assert_string_equal(a->name, "b-staffed");
    assert_int_equal(a->run.days, 3);
    for (int w = 0; w < WD_COUNT; w++)
        for (int m = 0; m < MINUTES_PER_DAY; m += 30)
            assert_int_equal(scn_sched_at(&a->lanes[0].staffed, (enum weekday)w, m),
                             scn_sched_at(&b->lanes[0].staffed, (enum weekday)w, m));
    assert_int_equal(scn_sched_at(&a->lanes[0].staffed, WD_SUN, 12 * 60), 9);
    assert_int_equal(scn_sched_at(&a->lanes[0].staffed, WD_SAT, 12 * 60), 7);
    scn_free(a);
    scn_free(b);
    /* Overrides that change nothing give a file that says nothing more. */
    char *t3 = scn_extension_text(base, "../base.json", NULL, 0, NULL, 0, &e);
    assert_non_null(t3);
    assert_string_equal(t3, "{\n  \"extends\": \"../base.json\"\n}");
    free(t3);
    unlink(out);
    unlink(mid);
    rmdir(sub);
    unlink(base);
    rmdir(dir);
}

/* ---- lhist_share_above --------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_share_above(void **state)
{
    (void)state;
    enum { N = 4000 };
    static double x[N];
    struct lhist h = { 0 };
    unsigned long long u = 12345;
    for (int i = 0; i < N; i++) {
        u = u * 6364136223846793005ULL + 1442695040888963407ULL;
        x[i] = i % 10 == 0 ? 0 : 3600.0 * (double)(u >> 11) / 9007199254740992.0;
        lhist_add(&h, x[i]);
    }
    qsort(x, N, sizeof *x, cmp_double);
    assert_near(lhist_share_above(&h, -1), 1, 0);
    const double at[] = { 0, 0.5, 30, 600, 2700, 3599, 5000 };
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        size_t above = 0;
        for (int i = 0; i < N; i++)
            above += x[i] > at[k];
        /* Within the observations of at's own bin (an eighth of a doubling). */
        size_t near = 0;
        for (int i = 0; i < N; i++)
            near += x[i] > 0 && x[i] >= at[k] * 0.875 && x[i] <= at[k] * 1.125 + 1;
        assert_near(lhist_share_above(&h, at[k]), (double)above / N, (double)near / N + 1e-12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_officers),
        cmocka_unit_test(test_target_fit),
        cmocka_unit_test(test_share_above),
        cmocka_unit_test(test_extension),
        cmocka_unit_test(test_spill),
        cmocka_unit_test(test_unreachable),
        cmocka_unit_test(test_officers_cap),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_mmc_mean),
        cmocka_unit_test(test_mmc_p95),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
