/*
 * test_batch.c - comparing proposals.
 *
 *   - on a shipped proposal, the paired (common random numbers) interval of
 *     the difference in mean wait is narrower than the unpaired one;
 *   - a sweep over booths gives mean waits that never rise as booths are
 *     added (with common random numbers and FIFO, the k-th crosser to start
 *     service is the k-th to arrive and draws the k-th service time, so each
 *     replication's waits fall path by path);
 *   - benefit-cost figures equal a hand computation;
 *   - staffed booth-hours per day from a schedule, by hand;
 *   - adding replications later gives what running them at once gives;
 *   - a target precision is reached and reported;
 *   - the shape of the results known from the scenario alone (port_shape)
 *     is the one the port model has, on every shipped scenario, the
 *     contract ones and hourly figures pooled by weekday;
 *   - a worker reused for replications in any order gives the bytes a fresh
 *     worker gives.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "batch.h"
#include "compare.h"
#include "engine.h"
#include "port.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"
#include "testutil.h"

static struct scenario *load(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = { 0 };
    struct scenario *s = scn_load_with(path, ov, n, &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

static const struct cmp_row *overall(const struct comparison *c, size_t scenario)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].scenario == scenario && c->rows[i].all)
            return &c->rows[i];
    fail_msg("no overall row");
    return NULL;
}

/* The shipped "more staffed booths" proposal against San Ysidro, on 1 day
 * and 24 replications to keep the suite quick.  Common random numbers make
 * the two scenarios' replications positively correlated, so the paired
 * interval of the difference is narrower than the unpaired one.  How much
 * narrower is itself a sample statistic: over seeds 1..10 this setting gives
 * 1.3x to 2.0x, so no magnitude is asserted. */
static void paired_narrower(void **state)
{
    (void)state;
    struct scn_override short_run[] = { { "run.days", "1" }, { "run.replications", "24" } };
    struct scenario *scn[2] = { load("scenarios/san_ysidro.json", short_run, 2),
                                load("scenarios/san_ysidro_more_booths.json", short_run, 2) };
    batch_align(scn, 2, true);
    struct batch_opts o = { 0 };
    struct batch_info bi;
    struct summary *sums[2];
    struct err e = { 0 };
    assert_int_equal(batch_execute(scn, 2, &o, sums, &bi, &e), 0);
    struct comparison *c = cmp_build((const struct scenario *const *)scn,
                                     (const struct summary *const *)sums, 2, &e);
    assert_non_null(c);
    const struct cmp_row *r = overall(c, 1);
    if (!r)
        return;             /* overall() has failed the test */
    printf("  overall wait difference %.3f min: paired ± %.4f, unpaired ± %.4f (%.1fx)\n",
           r->d_wait.mean, r->d_wait.ci95, r->d_wait_unpaired_ci95,
           r->d_wait_unpaired_ci95 / r->d_wait.ci95);
    assert_true(r->d_wait.mean < 0);    /* more booths, shorter waits */
    assert_true(r->d_wait_unpaired_ci95 > r->d_wait.ci95);
    cmp_free(c);
    for (int i = 0; i < 2; i++) {
        sum_free(sums[i]);
        scn_free(scn[i]);
    }
}

/* booths 2..7 on a queue loaded to 90% of two booths: waits never rise. */
static void sweep_booths_monotone(void **state)
{
    (void)state;
    static const char text[] =
        "{\"name\":\"sweep\",\"run\":{\"days\":3,\"warmup_days\":1,\"replications\":6,\"seed\":3},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":2592,"
        "\"hourly_share\":[1,1,1,1,2,4,6,8,8,6,5,5,5,5,5,5,5,5,4,4,3,2,2,1]}],"
        "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":2}],"
        "\"service\":{\"pov.general\":{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":0.8}}}";
    FILE *f = fopen("tests/out-sweep.json", "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    char *path, **values;
    size_t n;
    struct err e = { 0 };
    assert_int_equal(scn_set_parse("lanes[l].lanes=2:7:1", &path, &values, &n, &e), 0);
    assert_int_equal(n, 6);
    struct scenario *scn[7];
    scn[0] = load("tests/out-sweep.json", NULL, 0);
    for (size_t i = 0; i < n; i++) {
        struct scn_override ov = { path, values[i] };
        scn[i + 1] = load("tests/out-sweep.json", &ov, 1);
    }
    batch_align(scn, n + 1, true);
    struct batch_opts o = { 0 };
    struct batch_info bi;
    struct summary *sums[7];
    assert_int_equal(batch_execute(scn, n + 1, &o, sums, &bi, &e), 0);
    for (size_t i = 1; i <= n; i++) {
        double w = sum_est(sums[i], M_WAIT_MEAN, 0)->mean;
        printf("  %d booths: mean wait %.4f min\n", scn[i]->lanes[0].booths, w);
        if (i > 1) {
            assert_true(scn[i]->lanes[0].booths == scn[i - 1]->lanes[0].booths + 1);
            assert_true(w <= sum_est(sums[i - 1], M_WAIT_MEAN, 0)->mean);
            for (size_t k = 0; k < sums[i]->n_reps; k++)     /* path by path */
                assert_true(*sum_value(sums[i], M_WAIT_MEAN, 0, k)
                            <= *sum_value(sums[i - 1], M_WAIT_MEAN, 0, k) + 1e-12);
        }
    }
    for (size_t i = 0; i <= n; i++) {
        sum_free(sums[i]);
        scn_free(scn[i]);
    }
    scn_set_free(path, values, n);
    remove("tests/out-sweep.json");
}

/*
 * By hand: capital 1,000,000; O&M 100,000/yr; 50 USD per booth-hour for 10
 * more booth-hours a day, 365 days a year: staffing 182,500/yr, annual cost
 * C = 282,500.  Savings 2,000 ± 100 USD/day: B = 730,000 ± 36,500/yr.
 * 10 years at 7%: A = (1 - 1.07^-10) / 0.07 = 7.0235815409326.
 * NPV = A (B - C) - capital = 7.0235815409326 x 447,500 - 1,000,000
 *     = 2,143,052.74;  ± A x 36,500 = 256,360.73.
 * BCR = A B / (capital + A C) = 5,127,214.52 / 2,984,161.79 = 1.718142;
 * from B ∓ 36,500: 1.632235 .. 1.804049.
 */
static void bca_by_hand(void **state)
{
    (void)state;
    struct investment inv = { true, 1e6, 1e5, 50, 10, 0.07, 365 };
    struct cmp_bca b;
    cmp_bca_compute(&inv, (struct estimate){ 2000, 100, 10 }, 10, &b);
    assert_near(b.staffing, 182500, 1e-6);
    assert_near(b.annual_cost, 282500, 1e-6);
    assert_near(b.annual_savings.mean, 730000, 1e-6);
    assert_near(b.annual_savings.ci95, 36500, 1e-6);
    assert_near(b.annuity, 7.0235815409326, 1e-12);
    assert_near(b.npv.mean, 2143052.74, 0.01);
    assert_near(b.npv.ci95, 256360.73, 0.01);
    assert_near(b.bcr, 1.718142, 1e-6);
    assert_near(b.bcr_low, 1.632235, 1e-6);
    assert_near(b.bcr_high, 1.804049, 1e-6);
    /* No discounting: the annuity factor is the life. */
    inv.discount_rate = 0;
    cmp_bca_compute(&inv, (struct estimate){ 2000, 100, 10 }, 10, &b);
    assert_near(b.annuity, 10, 0);
    assert_near(b.npv.mean, 10 * (730000 - 282500) - 1e6, 1e-6);
}

/* Staffed {"00:00": 2, "06:00": 5, "22:00": 3} on a group of 6 booths and 4
 * booths always staffed: 2 x 6 + 5 x 16 + 3 x 2 + 4 x 24 = 194 booth-hours a
 * day; with Sundays {"00:00": 0, "12:00": 6} instead for the first group
 * over a week from Monday: (6 x 98 + 72) / 7 + 96 booth-hours a day. */
static void booth_hours_by_hand(void **state)
{
    (void)state;
    static const char text[] =
        "{\"name\":\"bh\",\"run\":{\"days\":7,\"start\":\"mon\"},"
        "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":100}],"
        "\"lanes\":[{\"name\":\"a\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":3,"
        "\"booths_per_lane\":2,\"staffed_booths\":%s},"
        "{\"name\":\"b\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":4}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":60}}}";
    char buf[2048];
    struct err e = { 0 };
    snprintf(buf, sizeof buf, text, "{\"00:00\":2,\"06:00\":5,\"22:00\":3}");
    struct scenario *s = scn_parse(buf, strlen(buf), "bh", &e);
    assert_non_null(s);
    assert_near(cmp_booth_hours_per_day(s), 194, 1e-9);
    scn_free(s);
    snprintf(buf, sizeof buf, text,
             "{\"default\":{\"00:00\":2,\"06:00\":5,\"22:00\":3},\"sun\":{\"00:00\":0,\"12:00\":6}}");
    s = scn_parse(buf, strlen(buf), "bh", &e);
    assert_non_null(s);
    assert_near(cmp_booth_hours_per_day(s), (6 * 98 + 72) / 7.0 + 96, 1e-9);
    scn_free(s);
}

/* A target precision: replications are added until the overall mean wait's
 * interval is within the target; the summary equals a fixed run of as many
 * replications, value for value. */
static void target_precision(void **state)
{
    (void)state;
    struct scn_override ov[] = { { "run.replications", "4" } };
    struct scenario *s = load("tests/contract/mmc.json", ov, 1);
    struct batch_opts o = { .target_hw = 0.03, .max_reps = 200 };
    struct batch_info bi;
    struct summary *sum;
    struct err e = { 0 };
    assert_int_equal(batch_execute(&s, 1, &o, &sum, &bi, &e), 0);
    const struct estimate *w = sum_est(sum, M_WAIT_MEAN, sum->n_groups);
    printf("  target ± 0.03 min: %d replications, ± %.4f\n", bi.replications, w->ci95);
    assert_true(bi.target_reached);
    assert_true(w->ci95 <= 0.03);
    assert_true(bi.replications > 4 && bi.replications < 200);
    assert_int_equal(s->run.replications, bi.replications);
    struct summary *fixed;
    assert_int_equal(engine_run(s, &fixed, &e), 0);
    for (size_t k = 0; k < sum->n_reps; k++)
        assert_true(*sum_value(sum, M_WAIT_MEAN, 0, k) == *sum_value(fixed, M_WAIT_MEAN, 0, k));
    assert_true(sum_est(fixed, M_WAIT_MEAN, 0)->mean == sum_est(sum, M_WAIT_MEAN, 0)->mean);
    sum_free(fixed);
    sum_free(sum);
    scn_free(s);

    /* A cap too small to reach the target: stops at the cap and says so. */
    s = load("tests/contract/mmc.json", ov, 1);
    o.max_reps = 6;
    assert_int_equal(batch_execute(&s, 1, &o, &sum, &bi, &e), 0);
    assert_false(bi.target_reached);
    assert_int_equal(bi.replications, 6);
    sum_free(sum);
    scn_free(s);
}

/* port_shape against the model port_new builds. */
static void check_shape(const char *path, const struct scn_override *ov, size_t n_ov)
{
    struct scenario *s = load(path, ov, n_ov);
    struct err e = { 0 };
    struct port *p = port_new(s, &e);
    if (!p)
        fail_msg("%s: %s", path, e.msg);
    struct group_id ids[PORT_GROUPS_MAX];
    size_t nh = 0, ng = port_shape(s, ids, &nh);
    assert_int_equal(ng, port_n_groups(p));
    assert_int_equal(nh, port_n_hours(p));
    for (size_t g = 0; g < ng; g++) {
        struct group_id id = port_group(p, g);
        if (id.dir != ids[g].dir || id.mode != ids[g].mode || id.prog != ids[g].prog)
            fail_msg("%s: group %zu differs", path, g);
    }
    port_free(p);
    scn_free(s);
}

static void shape_without_a_model(void **state)
{
    (void)state;
    static const char *const files[] = {
        "scenarios/san_ysidro.json", "scenarios/san_ysidro_more_booths.json",
        "scenarios/san_ysidro_reversible.json", "scenarios/san_ysidro_sentri40.json",
        "scenarios/otay_mesa_commercial.json", "scenarios/otay_mesa_extended_hours.json",
        "scenarios/otay_mesa_fast40.json", "scenarios/otay_mesa_flex.json",
        "scenarios/stanton_lerdo_contraflow.json", "tests/golden/golden.json",
        "tests/contract/mmc.json", "tests/contract/port.json",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        check_shape(files[i], NULL, 0);
    struct scn_override pooled[] = { { "run.hourly", "\"weekday\"" } };
    check_shape("scenarios/san_ysidro.json", pooled, 1);
}

/* Two results of the same replication hold the same numbers (arrays of
 * plain numbers compared as bytes; lane changes field by field, their
 * padding aside). */
static void assert_same_result(const struct rep_result *a, const struct rep_result *b)
{
    assert_int_equal(a->replication, b->replication);
    assert_int_equal(a->n_groups, b->n_groups);
    assert_int_equal(a->n_hours, b->n_hours);
    assert_memory_equal(a->grp, b->grp, a->n_groups * sizeof *a->grp);
    assert_memory_equal(a->hour, b->hour, a->n_groups * a->n_hours * sizeof *a->hour);
    assert_memory_equal(a->share_above, b->share_above,
                        a->n_groups * WAIT_GRID_N * sizeof *a->share_above);
    assert_memory_equal(&a->wait_all, &b->wait_all, sizeof a->wait_all);
    assert_memory_equal(&a->wait_all_p50, &b->wait_all_p50, sizeof a->wait_all_p50);
    assert_memory_equal(&a->wait_all_p95, &b->wait_all_p95, sizeof a->wait_all_p95);
    assert_int_equal(a->events, b->events);
    assert_int_equal(a->n_changes, b->n_changes);
    for (size_t i = 0; i < a->n_changes; i++) {
        const struct lane_change *x = &a->changes[i], *y = &b->changes[i];
        assert_memory_equal(&x->t, &y->t, sizeof x->t);
        assert_memory_equal(&x->end, &y->end, sizeof x->end);
        assert_int_equal(x->lg, y->lg);
        assert_int_equal(x->from, y->from);
        assert_int_equal(x->to, y->to);
    }
}

/* A worker computes replications in any order, each the same as a fresh
 * worker's (on a port with flex lanes, whose state a replication changes). */
static void worker_reused(void **state)
{
    (void)state;
    struct scn_override ov[] = { { "run.days", "1" } };
    struct scenario *s = load("scenarios/otay_mesa_flex.json", ov, 1);
    struct err e = { 0 };
    struct engine_worker *used = engine_worker_new(s, &e);
    assert_non_null(used);
    assert_ptr_equal(engine_worker_scenario(used), s);
    static const int order[] = { 3, 0, 3, 1 };
    size_t changes = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const struct rep_result *r = engine_worker_run(used, order[i], &e);
        assert_non_null(r);
        assert_int_equal(r->replication, order[i]);
        changes += r->n_changes;
        struct engine_worker *fresh = engine_worker_new(s, &e);
        assert_non_null(fresh);
        const struct rep_result *f = engine_worker_run(fresh, order[i], &e);
        assert_non_null(f);
        assert_same_result(r, f);
        engine_worker_free(fresh);
    }
    assert_true(changes > 0);       /* the lanes did change */
    engine_worker_free(used);
    scn_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paired_narrower),     cmocka_unit_test(sweep_booths_monotone),
        cmocka_unit_test(bca_by_hand),         cmocka_unit_test(booth_hours_by_hand),
        cmocka_unit_test(target_precision),
        cmocka_unit_test(shape_without_a_model), cmocka_unit_test(worker_reused),
    };
    return cmocka_run_group_tests_name("batch", tests, NULL, NULL);
}
