/*
 * test_stages.c - stages in series against theory, hand traces and the
 * books.
 *
 *   - two M/M/1 in series with Poisson arrivals and no bound between them:
 *     by Burke's theorem the first stage's departures are Poisson, so each
 *     stage is an M/M/1 of its own: the mean wait in its line is
 *     rho / (mu - lambda), and the crossing time the sum of both stages'
 *     waits and inspections; the theory must lie in the replications' 95%
 *     intervals;
 *   - blocking between two stages with a space of size 0 and of size 1:
 *     deterministic traces worked out event by event;
 *   - conservation over stages: in every group and stage, the crossers that
 *     entered it = those that left + those still there at the end, the
 *     first stage's entries are the arrivals that did not forgo, each later
 *     stage's are the previous one's exits, and the stages' remaining add
 *     up to the group's;
 *   - a programme that skips a stage never appears in it;
 *   - a chain on one direction and mode leaves the others' results as they
 *     were (their figures the same doubles).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "port.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"
#include "testutil.h"

#define EPS 1e-6        /* seconds: trace event times are sums of exact values */

static struct scenario *parse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct scenario *parse(const char *fmt, ...)
{
    static char text[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = { 0 };
    struct scenario *s = scn_parse(text, strlen(text), "stages", &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

/* One replication of s into *r (allocated with its stage columns). */
static struct port *replicate(const struct scenario *s, struct rep_result *r, int rep)
{
    struct err e = { 0 };
    struct port *p = port_new(s, &e);
    assert_non_null(p);
    assert_int_equal(res_alloc_stages(r, port_n_groups(p), port_n_hours(p),
                                      port_n_stage_cols(p)), 0);
    if (port_replicate(p, rep, r, &e) < 0)
        fail_msg("%s", e.msg);
    return p;
}

/* ---- two M/M/1 in series ---------------------------------------------------- */

#define TANDEM_LAMBDA_PER_MIN 1.0
#define TANDEM_MEAN1_S 42.0     /* rho 0.7 */
#define TANDEM_MEAN2_S 48.0     /* rho 0.8 */

static void tandem_mm1(void **state)
{
    (void)state;
    struct scenario *s = parse(
        "{\"name\":\"tandem\",\"run\":{\"days\":8,\"warmup_days\":1,\"replications\":40,\"seed\":11},"
        "\"demand\":[{\"name\":\"cars\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":%g}],"
        "\"stages\":[{\"name\":\"one\",\"service\":{\"general\":{\"dist\":\"exponential\","
        "\"mean_s\":%g}}},{\"name\":\"two\",\"service\":{\"general\":{\"dist\":\"exponential\","
        "\"mean_s\":%g}}}],\"chains\":{\"north.pov\":[\"one\",\"two\"]},"
        "\"lanes\":[{\"name\":\"a\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,"
        "\"stage\":\"one\"},{\"name\":\"b\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,"
        "\"stage\":\"two\"}]}",
        TANDEM_LAMBDA_PER_MIN * MINUTES_PER_DAY, TANDEM_MEAN1_S, TANDEM_MEAN2_S);
    struct summary *sum = NULL;
    struct err e = { 0 };
    if (engine_run(s, &sum, &e) < 0)
        fail_msg("%s", e.msg);
    double lambda = TANDEM_LAMBDA_PER_MIN, mean[2] = { TANDEM_MEAN1_S / 60, TANDEM_MEAN2_S / 60 };
    double total = 0;
    for (size_t k = 0; k < 2; k++) {
        double mu = 1 / mean[k], rho = lambda / mu, wq = rho / (mu - lambda);
        const struct estimate *w = sum_stage_est(sum, 0, k, SM_QUEUE);
        const struct estimate *x = sum_stage_est(sum, 0, k, SM_INSPECTION);
        print_message("stage %zu: wait %.3f ± %.3f (M/M/1 %.3f), inspection %.3f ± %.3f (%.3f)\n",
                      k + 1, w->mean, w->ci95, wq, x->mean, x->ci95, mean[k]);
        assert_near(w->mean, wq, w->ci95);
        assert_near(x->mean, mean[k], x->ci95);
        assert_near(sum_stage_est(sum, 0, k, SM_BLOCKED)->mean, 0, 0);
        total += wq + mean[k];
    }
    const struct estimate *c = sum_est(sum, M_PORT_MEAN, 0);
    print_message("crossing %.3f ± %.3f (theory %.3f)\n", c->mean, c->ci95, total);
    assert_near(c->mean, total, c->ci95);
    /* The wait is the time in both lines. */
    const struct estimate *w = sum_est(sum, M_WAIT_MEAN, 0);
    double wq = 0;
    for (size_t k = 0; k < 2; k++)
        wq += lambda * mean[k] * mean[k] / (1 - lambda * mean[k]);
    assert_near(w->mean, wq, w->ci95);
    sum_free(sum);
    scn_free(s);
}

/* ---- blocking: hand traces ---------------------------------------------------- */

/* Four crossers (deterministic arrivals, 4 in hour 0: at 450, 1350, 2250 and
 * 3150 s); stage A one booth of 1000 s, stage B one booth of 2000 s behind a
 * space of %d. */
#define TRACE_SCENARIO \
    "{\"name\":\"trace\",\"run\":{\"days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":1}," \
    "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":4," \
    "\"arrivals\":\"deterministic\"," \
    "\"hourly_share\":[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}]," \
    "\"stages\":[{\"name\":\"A\",\"service\":{\"general\":{\"dist\":\"deterministic\"," \
    "\"mean_s\":1000}}},{\"name\":\"B\",\"space\":%d,\"service\":{\"general\":" \
    "{\"dist\":\"deterministic\",\"mean_s\":2000}}}],\"chains\":{\"north.pov\":[\"A\",\"B\"]}," \
    "\"lanes\":[{\"name\":\"a\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,\"stage\":\"A\"}," \
    "{\"name\":\"b\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,\"stage\":\"B\"}]}"

/*
 * Space 0: B takes a crosser only straight to its booth.
 *    450 c1 at A, done 1450
 *   1350 c2 waits at A
 *   1450 c1 to B's idle booth (line 0), done 3450; A takes c2 (wait 100), done 2450
 *   2250 c3 waits at A
 *   2450 c2 done at A, B busy, no space: A blocked with c2
 *   3150 c4 waits at A
 *   3450 c1 leaves (crossing 3000); B's booth free: c2 to it (blocked 1000),
 *        done 5450; A takes c3 (wait 1200), done 4450
 *   4450 A blocked with c3
 *   5450 c2 leaves (4100); c3 to B (blocked 1000), done 7450; A takes c4
 *        (wait 2300), done 6450
 *   6450 A blocked with c4
 *   7450 c3 leaves (5200); c4 to B (blocked 1000), done 9450
 *   9450 c4 leaves (6300)
 * Lines: A 0 + 100 + 1200 + 2300 = 3600, B 0; blocked at A 3000; crossing
 * 18600 = 3600 + 4 x 1000 + 4 x 2000 + 3000.
 *
 * Space 1: one crosser may wait for B.
 *    450 c1 at A, done 1450; 1350 c2 waits at A
 *   1450 c1 to B (line 0), done 3450; A takes c2 (wait 100), done 2450
 *   2250 c3 waits at A
 *   2450 c2 into B's line; A takes c3 (wait 200), done 3450
 *   3150 c4 waits at A
 *   3450 (B's end was scheduled first) c1 leaves (3000); B takes c2 (line
 *        1000), done 5450; then c3 done at A: into B's line; A takes c4
 *        (wait 300), done 4450
 *   4450 c4 done at A, B's line full: A blocked with c4
 *   5450 c2 leaves (4100); B takes c3 (line 2000), done 7450; c4 into B's
 *        line (blocked 1000)
 *   7450 c3 leaves (5200); B takes c4 (line 2000), done 9450
 *   9450 c4 leaves (6300)
 * Lines: A 600, B 5000; blocked 1000; crossing 18600.
 */
static void blocking_trace(int space, double line_a, double line_b, double blocked,
                           double wait_max)
{
    struct scenario *s = parse(TRACE_SCENARIO, space);
    struct rep_result r;
    struct port *p = replicate(s, &r, 0);
    const struct grp_result *g = &r.grp[0];
    assert_int_equal(g->arrivals, 4);
    assert_int_equal(g->served, 4);
    assert_int_equal(g->remaining, 0);
    assert_near(g->port.sum, 18600, EPS);
    assert_near(g->port.max, 6300, EPS);
    assert_near(g->wait.sum, line_a + line_b, EPS);
    assert_near(g->wait.max, wait_max, EPS);
    const struct stage_result *a = res_stage(&r, 0, 0), *b = res_stage(&r, 0, 1);
    assert_near(a->queue_sum, line_a, EPS);
    assert_near(b->queue_sum, line_b, EPS);
    assert_near(a->insp_sum, 4000, EPS);
    assert_near(b->insp_sum, 8000, EPS);
    assert_near(a->blocked_sum, blocked, EPS);
    assert_near(b->blocked_sum, 0, EPS);
    assert_int_equal(a->n_in, 4);
    assert_int_equal(a->n_out, 4);
    assert_int_equal(b->n_in, 4);
    assert_int_equal(b->n_out, 4);
    res_free(&r);
    port_free(p);
    scn_free(s);
}

static void blocking_space0(void **state)
{
    (void)state;
    blocking_trace(0, 3600, 0, 3000, 2300);
}

static void blocking_space1(void **state)
{
    (void)state;
    blocking_trace(1, 600, 5000, 1000, 2300);
}

/* ---- conservation over stages ------------------------------------------------- */

static void conservation(void **state)
{
    (void)state;
    static const char *const files[] = {
        "scenarios/otay_mesa_commercial.json", "scenarios/otay_mesa_joint_inspection.json",
    };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        struct err e = { 0 };
        struct scenario *s = scn_load(files[f], &e);
        if (!s)
            fail_msg("%s", e.msg);
        s->run.days = 2;            /* short, and ending with crossers in every stage */
        for (int rep = 0; rep < 3; rep++) {
            struct rep_result r;
            struct port *p = replicate(s, &r, rep);
            for (size_t g = 0; g < r.n_groups; g++) {
                struct group_id id = port_group(p, g);
                const struct grp_result *gr = &r.grp[g];
                assert_int_equal(gr->arrivals, gr->served + gr->forgone + gr->remaining);
                uint64_t prev_out = gr->arrivals - gr->forgone, left = 0, first = 1;
                for (int k = 0; k < s->n_chain[id.dir][id.mode]; k++) {
                    const struct stage *st = &s->stages[s->chain[id.dir][id.mode][k]];
                    const struct stage_result *x = res_stage(&r, g, (size_t)k);
                    if (st->skip[id.prog])
                        continue;
                    assert_int_equal(x->n_in, x->n_out + x->remaining);
                    /* what leaves one stage enters the next it passes */
                    assert_int_equal(x->n_in, prev_out);
                    prev_out = x->n_out;
                    left += x->remaining;
                    first = 0;
                }
                assert_false(first);
                assert_int_equal(prev_out, gr->served);
                assert_int_equal(left, gr->remaining);
            }
            res_free(&r);
            port_free(p);
        }
        scn_free(s);
    }
}

/* ---- a programme that skips a stage ------------------------------------------- */

static void skipped_stage_empty(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scenario *s = scn_load("scenarios/otay_mesa_joint_inspection.json", &e);
    if (!s)
        fail_msg("%s", e.msg);
    s->run.days = 2;
    struct rep_result r;
    struct port *p = replicate(s, &r, 0);
    const int *chain = s->chain[DIR_NORTH][MODE_TRUCK];
    int checked = 0;
    for (size_t g = 0; g < r.n_groups; g++) {
        struct group_id id = port_group(p, g);
        for (int k = 0; k < s->n_chain[id.dir][id.mode]; k++) {
            const struct stage_result *x = res_stage(&r, g, (size_t)k);
            if (!s->stages[chain[k]].skip[id.prog]) {
                assert_true(x->n_in > 0);
                continue;
            }
            checked++;
            assert_int_equal(x->n_in + x->n_out + x->remaining + x->n_queue + x->n_done, 0);
            assert_near(x->queue_sum + x->insp_sum + x->blocked_sum, 0, 0);
            assert_near(x->queue_area + x->open_area + x->busy_area, 0, 0);
            for (size_t h = 0; h < r.n_hours; h++)
                assert_int_equal(res_stage_hour(&r, g, h, (size_t)k)->n_queue, 0);
        }
    }
    assert_int_equal(checked, 3);   /* FAST skips mx-export and cbp, General joint */
    res_free(&r);
    port_free(p);
    scn_free(s);
}

/* ---- a chain elsewhere leaves one-stage groups alone --------------------------- */

/* golden.json's trucks passing a second stage (the state's), everything
 * else as it is: the POV and pedestrian groups' figures are the same doubles
 * (their random streams and events do not depend on the trucks'). */
static void chain_elsewhere(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scn_override ov[] = {
        { "service[\"truck.general\"]", "null" },
        { "service[\"truck.fast\"]", "null" },
        { "secondary.truck", "null" },
        { "stages", "[{\"name\":\"cbp\",\"service\":{\"general\":{\"dist\":\"empirical\","
                    "\"values_s\":[90,120,150,200,300,600]},\"fast\":{\"dist\":\"deterministic\","
                    "\"mean_s\":30}}},{\"name\":\"state\",\"space\":5,\"join\":{\"fast\":"
                    "\"general\"},\"service\":{\"general\":{\"dist\":\"exponential\",\"mean_s\":"
                    "200},\"fast\":{\"dist\":\"exponential\",\"mean_s\":200}}}]" },
        { "chains", "{\"north.truck\":[\"cbp\",\"state\"]}" },
        /* golden.json's lanes, its trucks' at cbp, and the state's */
        { "lanes", "[{\"name\":\"pov-general\",\"direction\":\"north\",\"mode\":\"pov\","
                   "\"program\":\"general\",\"lanes\":3,\"booths_per_lane\":2,"
                   "\"staffed_booths\":{\"00:00\":2,\"06:00\":5,\"20:00\":3}},"
                   "{\"name\":\"pov-ready\",\"direction\":\"north\",\"mode\":\"pov\","
                   "\"program\":\"ready\",\"lanes\":2},{\"name\":\"pov-sentri\","
                   "\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"sentri\","
                   "\"lanes\":1},{\"name\":\"ped\",\"direction\":\"north\",\"mode\":"
                   "\"pedestrian\",\"lanes\":2,\"storage\":40},{\"name\":\"truck-general\","
                   "\"direction\":\"north\",\"mode\":\"truck\",\"lanes\":2,\"stage\":\"cbp\"},"
                   "{\"name\":\"truck-fast\",\"direction\":\"north\",\"mode\":\"truck\","
                   "\"program\":\"fast\",\"lanes\":1,\"stage\":\"cbp\"},{\"name\":\"state\","
                   "\"direction\":\"north\",\"mode\":\"truck\",\"lanes\":1,\"stage\":"
                   "\"state\"}]" },
    };
    struct scenario *a = scn_load("tests/golden/golden.json", &e);
    if (!a)
        fail_msg("%s", e.msg);
    struct scenario *b = scn_load_with("tests/golden/golden.json", ov, sizeof ov / sizeof *ov, &e);
    if (!b)
        fail_msg("%s", e.msg);
    struct summary *sa = NULL, *sb = NULL;
    if (engine_run(a, &sa, &e) < 0 || engine_run(b, &sb, &e) < 0)
        fail_msg("%s", e.msg);
    assert_int_equal(sa->n_groups, sb->n_groups);
    size_t compared = 0;
    for (size_t g = 0; g < sa->n_groups; g++) {
        assert_memory_equal(&sa->id[g], &sb->id[g], sizeof sa->id[g]);
        if (sa->id[g].mode == MODE_TRUCK)
            continue;
        for (int m = 0; m < M_COUNT; m++)
            for (size_t k = 0; k < sa->n_reps; k++) {
                double x = *sum_value(sa, (enum metric)m, g, k), y = *sum_value(sb, (enum metric)m,
                                                                                g, k);
                if (!(isnan(x) && isnan(y)))
                    assert_memory_equal(&x, &y, sizeof x);
            }
        compared++;
    }
    assert_int_equal(compared, 4);
    sum_free(sa);
    sum_free(sb);
    scn_free(a);
    scn_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tandem_mm1),
        cmocka_unit_test(blocking_space0),
        cmocka_unit_test(blocking_space1),
        cmocka_unit_test(conservation),
        cmocka_unit_test(skipped_stage_empty),
        cmocka_unit_test(chain_elsewhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
