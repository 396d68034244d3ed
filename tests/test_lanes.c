/*
 * test_lanes.c - reversible and flex lanes.
 *
 *   - a deterministic trace through a changeover, computed by hand;
 *   - giving a reversible lane to the busy direction lowers that direction's
 *     mean wait and raises the other's, with intervals that do not overlap;
 *   - the queue-driven policy never switches within its dwell time nor more
 *     often than its daily maximum, on a scenario built to tempt it, and
 *     does switch;
 *   - conservation (arrivals = served + forgone + remaining) per group in
 *     every replication, across changeovers, here and in the shipped
 *     scenarios with flex lanes.
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

#define EPS 1e-6

static struct scenario *parse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct scenario *parse(const char *fmt, ...)
{
    static char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = { 0 };
    struct scenario *s = scn_parse(text, strlen(text), "lanes-test", &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

static void assert_conserved(const struct rep_result *r)
{
    for (size_t g = 0; g < r->n_groups; g++) {
        const struct grp_result *x = &r->grp[g];
        if (x->arrivals != x->served + x->forgone + x->remaining)
            fail_msg("replication %d group %zu: %llu arrivals, %llu + %llu + %llu", r->replication,
                     g, (unsigned long long)x->arrivals, (unsigned long long)x->served,
                     (unsigned long long)x->forgone, (unsigned long long)x->remaining);
    }
}

/* The index of group (dir, pov, general) in the port's results. */
static size_t group_of(const struct port *p, enum direction d)
{
    for (size_t g = 0; g < port_n_groups(p); g++)
        if (port_group(p, g).dir == d)
            return g;
    fail_msg("no group");
    return 0;
}

/*
 * One reversible lane, south until 00:15 then north, 10 min changeover,
 * deterministic 500 s inspections.  North arrivals at 300, 900, 1500, 2100,
 * 2700, 3300; south at 600, 1800, 3000 (hour 0 only).
 *
 *    300 n1 queues: no lane serves north
 *    600 s1 starts on the lane (wait 0), ends 1100
 *    900 the lane switches: it takes no new south crosser; it drains
 *   1100 s1 leaves; drained: changeover until 1700
 *   1700 the lane serves north: n1 starts (wait 1400), then n2 at 2200
 *        (1300), n3 at 2700 (1200), n4 at 3200 (1100), n5 at 3700 (1000),
 *        n6 at 4200 (900)
 *   1800, 3000 s2, s3 find no lane: they wait ("wait") or forgo ("forgo")
 * North: 6 served, waits sum 6900.  South: s1 served, s2 and s3 remain (or
 * forgo).  One change: at 900, served anew from 1700: 800 s lost.  Booths
 * open in hour 0: south 0-1100 (idle, then s1 finishing), north 1700-3600.
 */
static const char trace_json[] =
    "{\"name\":\"trace\",\"run\":{\"days\":1,\"warmup_days\":0,\"replications\":1},"
    "\"demand\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":6,"
    "\"arrivals\":\"deterministic\",\"hourly_share\":[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]},"
    "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"per_day\":3,\"when_closed\":\"%s\","
    "\"arrivals\":\"deterministic\",\"hourly_share\":[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}],"
    "\"lanes\":[{\"name\":\"rev\",\"lanes\":1,\"changeover_min\":10,"
    "\"assignment\":{\"00:00\":\"south.pov.general\",\"00:15\":\"north.pov.general\"}}],"
    "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":500}}}";

static void changeover_trace(void **state)
{
    (void)state;
    for (int forgo = 0; forgo <= 1; forgo++) {
        struct scenario *s = parse(trace_json, forgo ? "forgo" : "wait");
        struct err e = { 0 };
        struct port *p = port_new(s, &e);
        assert_non_null(p);
        struct rep_result r;
        assert_int_equal(res_alloc(&r, port_n_groups(p), port_n_hours(p)), 0);
        assert_int_equal(port_replicate(p, 0, &r, &e), 0);
        assert_conserved(&r);
        const struct grp_result *n = &r.grp[group_of(p, DIR_NORTH)];
        const struct grp_result *so = &r.grp[group_of(p, DIR_SOUTH)];
        assert_int_equal(n->arrivals, 6);
        assert_int_equal(n->served, 6);
        assert_near(n->wait.sum, 6900, EPS);
        assert_near(n->wait.max, 1400, EPS);
        assert_int_equal(so->arrivals, 3);
        assert_int_equal(so->served, 1);
        assert_int_equal(so->remaining, forgo ? 0 : 2);
        assert_int_equal(so->forgone, forgo ? 2 : 0);
        assert_near(so->wait.sum, 0, EPS);
        assert_int_equal(r.n_changes, 1);
        assert_near(r.changes[0].t, 900, EPS);
        assert_near(r.changes[0].end, 1700, EPS);
        assert_int_equal(s->lanes[0].assign[r.changes[0].from].dir, DIR_SOUTH);
        assert_int_equal(s->lanes[0].assign[r.changes[0].to].dir, DIR_NORTH);
        assert_near(res_hour(&r, group_of(p, DIR_SOUTH), 0)->open_area, 1100, EPS);
        assert_near(res_hour(&r, group_of(p, DIR_NORTH), 0)->open_area, 1900, EPS);
        res_free(&r);
        port_free(p);
        scn_free(s);
    }
}

/* North 1000/h on 9 fixed booths, south 500/h on 5, 30 s inspections, and
 * one reversible lane: given to north from 06:00 to 22:00 (else south), or
 * to south all day. */
static const char busy_json[] =
    "{\"name\":\"busy\",\"run\":{\"days\":5,\"warmup_days\":1,\"replications\":10,\"seed\":4},"
    "\"demand\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":24000},"
    "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"per_day\":12000}],"
    "\"lanes\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":9},"
    "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"lanes\":5},"
    "{\"name\":\"rev\",\"lanes\":1,\"changeover_min\":15,\"assignment\":%s}],"
    "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":30}}}";

static void reversible_to_busy_direction(void **state)
{
    (void)state;
    struct estimate north[2], south[2];
    const char *assign[2] = {
        "{\"00:00\":\"south.pov.general\",\"06:00\":\"north.pov.general\",\"22:00\":\"south.pov.general\"}",
        "{\"00:00\":\"south.pov.general\"}",
    };
    for (int k = 0; k < 2; k++) {
        struct scenario *s = parse(busy_json, assign[k]);
        struct summary *sum = NULL;
        struct err e = { 0 };
        assert_int_equal(engine_run(s, &sum, &e), 0);
        for (size_t g = 0; g < sum->n_groups; g++)
            for (size_t rep = 0; rep < sum->n_reps; rep++)
                assert_near(*sum_value(sum, M_ARRIVALS, g, rep),
                            *sum_value(sum, M_SERVED, g, rep) + *sum_value(sum, M_FORGONE, g, rep)
                                + *sum_value(sum, M_REMAINING, g, rep), 0);
        north[k] = *sum_est(sum, M_WAIT_MEAN, sum->id[0].dir == DIR_NORTH ? 0 : 1);
        south[k] = *sum_est(sum, M_WAIT_MEAN, sum->id[0].dir == DIR_NORTH ? 1 : 0);
        sum_free(sum);
        scn_free(s);
    }
    printf("  north wait: lane to north %.3f ± %.3f, to south %.3f ± %.3f min\n", north[0].mean,
           north[0].ci95, north[1].mean, north[1].ci95);
    printf("  south wait: lane to north %.3f ± %.3f, to south %.3f ± %.3f min\n", south[0].mean,
           south[0].ci95, south[1].mean, south[1].ci95);
    assert_true(north[0].mean + north[0].ci95 < north[1].mean - north[1].ci95);
    assert_true(south[0].mean - south[0].ci95 > south[1].mean + south[1].ci95);
}

/* Demand that alternates direction every hour: north heavy in even hours,
 * south in odd ones, so a policy with no limits would switch every hour or
 * two.  Dwell 150 min and at most 3 switches a day must hold. */
static void policy_limits(void **state)
{
    (void)state;
    char north[256] = "", south[256] = "";
    for (int h = 0; h < 24; h++) {
        char v[16];
        snprintf(v, sizeof v, "%s%d", h ? "," : "", h % 2 ? 1 : 5);
        strcat(north, v);
        snprintf(v, sizeof v, "%s%d", h ? "," : "", h % 2 ? 5 : 1);
        strcat(south, v);
    }
    const double dwell_min = 150, changeover_min = 5;
    const int max_per_day = 3;
    struct scenario *s = parse(
        "{\"name\":\"tempt\",\"run\":{\"days\":4,\"warmup_days\":1,\"replications\":6,\"seed\":8},"
        "\"demand\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":9000,"
        "\"hourly_share\":[%s]},"
        "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"per_day\":9000,"
        "\"hourly_share\":[%s]}],"
        "\"lanes\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":3},"
        "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"lanes\":3},"
        "{\"name\":\"rev\",\"lanes\":3,\"changeover_min\":%g,"
        "\"policy\":{\"between\":[\"north.pov.general\",\"south.pov.general\"],\"measure\":\"queue\","
        "\"threshold\":5,\"sustain_min\":2,\"min_dwell_min\":%g,\"max_switches_per_day\":%d,"
        "\"check_every_min\":1}}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":60}}}",
        north, south, changeover_min, dwell_min, max_per_day);
    struct err e = { 0 };
    struct port *p = port_new(s, &e);
    assert_non_null(p);
    struct rep_result r;
    assert_int_equal(res_alloc(&r, port_n_groups(p), port_n_hours(p)), 0);
    size_t total = 0;
    int days_at_max = 0;
    for (int rep = 0; rep < s->run.replications; rep++) {
        assert_int_equal(port_replicate(p, rep, &r, &e), 0);
        assert_conserved(&r);
        int per_day[16] = { 0 };
        for (size_t i = 0; i < r.n_changes; i++) {
            const struct lane_change *c = &r.changes[i];
            /* The changeover lasts its time once the lane has drained. */
            if (isfinite(c->end))
                assert_true(c->end - c->t >= changeover_min * 60 - EPS);
            if (i > 0) {
                const struct lane_change *prev = &r.changes[i - 1];
                assert_true(isfinite(prev->end));
                if (c->t - prev->end < dwell_min * 60 - EPS)
                    fail_msg("rep %d: switch at %g s only %g s after the last changeover ended",
                             rep, c->t, c->t - prev->end);
                assert_int_equal(c->from, prev->to);
            }
            int day = (int)floor(c->t / 86400);
            assert_true(day < 16);
            per_day[day]++;
        }
        for (int d = 0; d < 16; d++) {
            assert_true(per_day[d] <= max_per_day);
            days_at_max += per_day[d] == max_per_day;
        }
        total += r.n_changes;
    }
    printf("  %zu switches in %d replications; %d days at the daily maximum\n", total,
           s->run.replications, days_at_max);
    assert_true(total > 0);
    assert_true(days_at_max > 0);   /* the limit binds: the scenario does tempt */
    res_free(&r);
    port_free(p);
    scn_free(s);
}

/* The shipped scenarios with flex lanes: conservation in every replication
 * and group (fewer days and replications than shipped, to keep the suite
 * quick), and at least one lane change. */
static void shipped_conservation(void **state)
{
    (void)state;
    static const char *const files[] = { "scenarios/stanton_lerdo_contraflow.json",
                                         "scenarios/otay_mesa_flex.json",
                                         "scenarios/san_ysidro_reversible.json" };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        struct err e = { 0 };
        struct scenario *s = scn_load(files[i], &e);
        if (!s)
            fail_msg("%s", e.msg);
        if (s->run.replications > 4)
            s->run.replications = 4;
        struct port *p = port_new(s, &e);
        assert_non_null(p);
        struct rep_result r;
        assert_int_equal(res_alloc(&r, port_n_groups(p), port_n_hours(p)), 0);
        size_t changes = 0;
        for (int rep = 0; rep < s->run.replications; rep++) {
            if (port_replicate(p, rep, &r, &e) < 0)
                fail_msg("%s: %s", files[i], e.msg);
            assert_conserved(&r);
            changes += r.n_changes;
        }
        printf("  %s: %zu lane changes in %d replications, conserved\n", files[i], changes,
               s->run.replications);
        assert_true(changes > 0);
        res_free(&r);
        port_free(p);
        scn_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(changeover_trace),
        cmocka_unit_test(reversible_to_busy_direction),
        cmocka_unit_test(policy_limits),
        cmocka_unit_test(shipped_conservation),
    };
    return cmocka_run_group_tests_name("lanes", tests, NULL, NULL);
}
