/*
 * test_trace.c - deterministic traces computed by hand.
 *
 * Deterministic arrivals (6 per hour in hour 0 only: at 300, 900, 1500,
 * 2100, 2700 and 3300 s) and deterministic service, so every event time is
 * known.  The expected figures below are worked out in the comments, event
 * by event, from the rules in README.md ("Model"); the test compares the
 * model's exact results with them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cost.h"
#include "port.h"
#include "results.h"
#include "scenario.h"
#include "testutil.h"
#include "summary.h"

/* |a - b| <= eps, with both values in the failure message. */
#define EPS 1e-6    /* seconds: event times are sums of a few exact values */

struct trace {
    struct scenario *s;
    struct port *p;
    struct rep_result r;
};

static void trace_run(struct trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void trace_run(struct trace *t, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = { 0 };
    t->s = scn_parse(text, strlen(text), "trace", &e);
    if (!t->s)
        fail_msg("%s", e.msg);
    t->p = port_new(t->s, &e);
    assert_non_null(t->p);
    assert_int_equal(res_alloc(&t->r, port_n_groups(t->p), port_n_hours(t->p)), 0);
    if (port_replicate(t->p, 0, &t->r, &e) < 0)
        fail_msg("%s", e.msg);
}

static void trace_free(struct trace *t)
{
    res_free(&t->r);
    port_free(t->p);
    scn_free(t->s);
}

/* Six arrivals in hour 0 of a one-day run, no warm-up. */
#define DEMAND \
    "\"run\":{\"days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":1}," \
    "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":6," \
    "\"arrivals\":\"deterministic\",\"when_closed\":\"%s\"," \
    "\"hourly_share\":[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}],"

/*
 * Staffing change and secondary blocking.  Two booths b0, b1; staffed
 * 00:00 1, 00:30 2, 00:50 0, 01:00 1.  Primary 700 s; every crosser is
 * referred to a secondary with one space, 900 s.
 *
 *    300 c1 arrives, b0 starts (wait 0), ends 1000
 *    900 c2 queues
 *   1000 b0: c1 to secondary (to 1900); c2 starts (wait 100), ends 1700
 *   1500 c3 queues
 *   1700 b0: c2 referred, secondary full: b0 blocked
 *   1800 staffing 2: b1 opens, c3 starts (wait 300), ends 2500
 *   1900 c1 leaves (in port 1600); b0's c2 to secondary (to 2800); b0 idle
 *   2100 c4 arrives, b0 starts (wait 0), ends 2800
 *   2500 b1: c3 referred, secondary full: b1 blocked
 *   2700 c5 queues
 *   2800 c2 leaves (1900); b1's c3 to secondary (to 3700); c5 starts on b1
 *        (wait 100), ends 3500.  Then b0: c4 referred, full: b0 blocked
 *   3000 staffing 0: b1 (busy) and b0 (blocked) will close when free
 *   3300 c6 queues
 *   3500 b1: c5 referred, full: b1 blocked (still closing)
 *   3600 staffing 1: b0, which was closing, stays open
 *   3700 c3 leaves (2200); b0's c4 to secondary (to 4600); c6 starts on b0
 *        (wait 400), ends 4400
 *   4400 b0: c6 referred, full: b0 blocked
 *   4600 c4 leaves (2500); b1's c5 to secondary (to 5500); b1 closes
 *   5500 c5 leaves (2800); b0's c6 to secondary (to 6400); b0 idle
 *   6400 c6 leaves (3100)
 * Waits 0, 100, 300, 0, 100, 400: sum 900, max 400.  Time in port 1600,
 * 1900, 2200, 2500, 2800, 3100: sum 14100.  Left in hour 0: c1, c2; in
 * hour 1: the other four.
 */
static void staffing_and_blocking(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, "{\"name\":\"trace\"," DEMAND
              "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":2,"
              "\"staffed_booths\":{\"00:00\":1,\"00:30\":2,\"00:50\":0,\"01:00\":1}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":700}},"
              "\"secondary\":{\"north.pov\":{\"referral\":1,\"spaces\":1,"
              "\"service\":{\"dist\":\"deterministic\",\"mean_s\":900}}}}",
              "wait");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 6);
    assert_int_equal(g->served, 6);
    assert_int_equal(g->forgone, 0);
    assert_int_equal(g->remaining, 0);
    assert_int_equal(g->wait.n, 6);
    assert_near(g->wait.sum, 900, EPS);
    assert_near(g->wait.max, 400, EPS);
    assert_near(g->port.sum, 14100, EPS);
    assert_int_equal(res_hour(&t.r, 0, 0)->arrivals, 6);
    assert_int_equal(res_hour(&t.r, 0, 0)->served, 2);
    assert_int_equal(res_hour(&t.r, 0, 1)->served, 4);
    /* Queue length integral in hour 0: c2 900-1000, c3 1500-1800,
     * c5 2700-2800, c6 3300-3600 = 100 + 300 + 100 + 300; hour 1: c6
     * 3600-3700 = 100. */
    assert_near(res_hour(&t.r, 0, 0)->queue_area, 800, EPS);
    assert_near(res_hour(&t.r, 0, 1)->queue_area, 100, EPS);
    trace_free(&t);
}

/*
 * Opening hours.  One booth, primary 700 s, the POV facility open 00:00-00:16
 * and 01:00-24:00.
 *
 *    300 c1 starts (wait 0), ends 1000
 *    900 c2 queues
 *    960 the facility closes; c2 queued before, so it is still inspected
 *   1000 c2 starts (wait 100), ends 1700
 *   1500 c3 arrives while closed: waits at the gate (or forgoes)
 *   1700 the booth finds only crossers who came after closing: idle
 *   2100, 2700, 3300: c4, c5, c6 wait at the gate (or forgo)
 *   3600 opens: c3 starts (wait 2100), then c4 at 4300 (2200), c5 at 5000
 *        (2300), c6 at 5700 (2400)
 * "wait": waits sum 0+100+2100+2200+2300+2400 = 9100, max 2400, 6 served.
 * "forgo": c3..c6 forgo; waits 0 + 100; 2 served.
 *
 * Waiting for the opening apart: c3..c6 arrived while closed (4 closed
 * arrivals, all in hour 0) and waited for the opening at 3600: 2100, 1500,
 * 900 and 300 s, sum 4800 (mean 20 min).  The rest of the waits is queue
 * waiting: c1 0, c2 100, c3 0, c4 700, c5 1400, c6 2100, sum 4300 over the
 * six (mean 4300 / 6 s); 4800 + 4300 = 9100.  Costed with
 * closed_wait_value 0.25: 4300 + 0.25 x 4800 = 5500 vehicle-seconds.
 */
static void opening_hours(void **state)
{
    (void)state;
    static const char *const scenario =
        "{\"name\":\"trace\"," DEMAND
        "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1}],"
        "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":700}},"
        "\"hours\":{\"pov\":[\"00:00-00:16\",\"01:00-24:00\"]}}";
    struct trace t;
    trace_run(&t, scenario, "wait");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 6);
    assert_int_equal(g->served, 6);
    assert_int_equal(g->forgone, 0);
    assert_near(g->wait.sum, 9100, EPS);
    assert_near(g->wait.max, 2400, EPS);
    assert_int_equal(g->closed_arrivals, 4);
    assert_int_equal(g->closed_wait.n, 4);
    assert_near(g->closed_wait.sum, 4800, EPS);
    assert_near(g->closed_wait.max, 2100, EPS);
    const struct hour_bin *b0 = res_hour(&t.r, 0, 0);
    assert_int_equal(b0->closed_arrivals, 4);
    assert_int_equal(b0->n_closed_wait, 4);
    assert_near(b0->closed_wait_sum, 4800, EPS);
    assert_int_equal(res_hour(&t.r, 0, 1)->closed_arrivals, 0);
    /* The summary's columns: hourly.csv and summary.json take these. */
    struct group_id id = port_group(t.p, 0);
    struct summary *sum = sum_new(t.s, 1, &id, port_n_hours(t.p), 1);
    assert_non_null(sum);
    assert_int_equal(sum_add(sum, t.s, &t.r), 0);
    sum_finish(sum);
    assert_near(sum_est(sum, M_CLOSED_ARRIVALS, 0)->mean, 4, EPS);
    assert_near(sum_est(sum, M_CLOSED_WAIT_MEAN, 0)->mean, 20, EPS);
    assert_near(sum_est(sum, M_QUEUE_WAIT_MEAN, 0)->mean, 4300.0 / 6 / 60, EPS);
    assert_near(sum_est(sum, M_WAIT_MEAN, 0)->mean, 9100.0 / 6 / 60, EPS);
    assert_near(sum_est(sum, M_CLOSED_VEHICLE_HOURS, 0)->mean, 4800.0 / 3600, EPS);
    assert_near(sum_hour(sum, 0, 0)->closed_arrivals, 4, EPS);
    assert_near(sum_hour(sum, 0, 0)->closed_wait_min, 20, EPS);
    assert_near(sum_hour(sum, 0, 0)->queue_wait_min, 4300.0 / 6 / 60, EPS);
    /* With the default value 1, waiting for the opening costs as queue
     * waiting does: the cost of all 9100 s, of which 4800 s for the opening. */
    struct cost_parts all, closed;
    cost_of(&t.s->costs, MODE_POV, 9100, 9100 * 1.68, &all);
    cost_of(&t.s->costs, MODE_POV, 4800, 4800 * 1.68, &closed);
    assert_near(sum_est(sum, M_COST_TOTAL, 0)->mean, all.total, 1e-9);
    assert_near(sum_est(sum, M_COST_CLOSED, 0)->mean, closed.total, 1e-9);
    sum_free(sum);
    trace_free(&t);

    /* Valued at a quarter: 4300 + 0.25 x 4800 = 5500 vehicle-seconds. */
    char valued[2048];
    snprintf(valued, sizeof valued, "%.*s,\"costs\":{\"closed_wait_value\":0.25}}",
             (int)strlen(scenario) - 1, scenario);
    /* valued is the scenario's text with its %s placeholder, built above. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    trace_run(&t, valued, "wait");
#pragma GCC diagnostic pop
    sum = sum_new(t.s, 1, &id, port_n_hours(t.p), 1);
    assert_non_null(sum);
    assert_int_equal(sum_add(sum, t.s, &t.r), 0);
    sum_finish(sum);
    cost_of(&t.s->costs, MODE_POV, 5500, 5500 * 1.68, &all);
    cost_of(&t.s->costs, MODE_POV, 1200, 1200 * 1.68, &closed);
    assert_near(sum_est(sum, M_COST_TOTAL, 0)->mean, all.total, 1e-9);
    assert_near(sum_est(sum, M_COST_CLOSED, 0)->mean, closed.total, 1e-9);
    assert_near(sum_est(sum, M_VEHICLE_HOURS, 0)->mean, 9100.0 / 3600, EPS);  /* all waiting */
    sum_free(sum);
    trace_free(&t);

    trace_run(&t, scenario, "forgo");
    g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 6);
    assert_int_equal(g->served, 2);
    assert_int_equal(g->forgone, 4);
    assert_int_equal(g->remaining, 0);
    assert_near(g->wait.sum, 100, EPS);
    assert_int_equal(g->closed_arrivals, 0);    /* forgone, not waiting at the gate */
    assert_int_equal(g->closed_wait.n, 0);
    trace_free(&t);
}

/*
 * Approach storage and what remains at the end.  One booth, primary 2000 s,
 * storage 1:
 *    300 c1 starts, ends 2300
 *    900 c2 queues (1 waiting: storage full)
 *   1500 c3 forgoes
 *   2100 c4 forgoes
 *   2300 c2 starts (wait 1400), ends 4300
 *   2700 c5 queues; 3300 c6 forgoes
 *   4300 c5 starts (wait 1600), ends 6300
 * With the run cut at one day everything is served: 3 served, 3 forgone.
 */
static void storage_limit(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, "{\"name\":\"trace\"," DEMAND
              "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,"
              "\"storage\":1}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":2000}}}",
              "wait");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 6);
    assert_int_equal(g->served, 3);
    assert_int_equal(g->forgone, 3);
    assert_near(g->wait.sum, 3000, EPS);
    trace_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(staffing_and_blocking),
        cmocka_unit_test(opening_hours),
        cmocka_unit_test(storage_limit),
    };
    return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
