/*
 * test_staffing.c - staffing that answers the queue, traced by hand.
 *
 * Deterministic arrivals (12 in hour 0: at 150, 450, ..., 3450 s, one every
 * 300 s) and deterministic inspections, so that every event time is known;
 * the expected figures are worked out in the comments, event by event, from
 * the rules in README.md ("Staffing that answers the queue").  At one
 * instant events leave in the order: staffing schedule, staffing check, a
 * booth opening after its delay, service end, arrival.  Then the rules that
 * no trace pins down are checked on a long random run: never below the
 * minimum, never above the officers on duty or the pool's lanes.  A lane
 * of a pool given up by a group below its bound to one whose queue asks.
 * Also the
 * initial queue and inspection speed by hour, on traces of their own.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "port.h"
#include "results.h"
#include "scenario.h"

#define assert_near(a, b, eps) near_((double)(a), (double)(b), (eps), #a, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (± %g)", file, line, what, a, b, eps);
}

#define EPS 1e-6

struct trace {
    struct scenario *s;
    struct port *p;
    struct rep_result r;
};

static void trace_run(struct trace *t, int rep, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void trace_run(struct trace *t, int rep, const char *fmt, ...)
{
    char text[8192];
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
    if (port_replicate(t->p, rep, &t->r, &e) < 0)
        fail_msg("%s", e.msg);
}

static void trace_free(struct trace *t)
{
    res_free(&t->r);
    port_free(t->p);
    scn_free(t->s);
}

#define RUN1 "\"run\":{\"days\":1,\"warmup_days\":0,\"replications\":1,\"seed\":1},"
#define HOUR0 "\"hourly_share\":[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"
/* Twelve general cars in hour 0. */
#define CARS "{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":12," \
             "\"arrivals\":\"deterministic\"," HOUR0 "}"

/*
 * Open a lane, then stack; close the stacked booth, then the lane.  Two
 * lanes of two booths (b0, b1 the lanes' first booths, b2 lane 0's second,
 * stacked at efficiency 0.5: 1200 s instead of 600), 3 officers on duty;
 * policy on the queue length: open above 1, close below 0.5, sustained 10
 * min, checked every 10 min (600, 1200, ...), at least 1 booth.
 *
 *      0 b0 opens (the minimum)
 *    150 c1 on b0 (wait 0), ends 750
 *    450 c2 queues (1);  600 check: 1, not above 1
 *    750 c2 on b0 (wait 300), ends 1350; c3 queues (1)
 *   1050 c4 (2);  1200 check: 2 > 1 since 1200
 *   1350 c3 on b0 (wait 600), ends 1950; c5 (2);  1650 c6 (3)
 *   1800 check: above since 1200 for 600 s: a lane is free, so b1 (lane 1)
 *        opens: c4 on b1 (wait 750), ends 2400
 *   1950 c5 on b0 (wait 600), ends 2550; c7 (2);  2250 c8 (3)
 *   2400 check first: above since 1800 (the last step): no lane free, so
 *        lane 0 is stacked: b2 takes c6 (wait 750), ends 3600; then b1 ends
 *        c4 and takes c7 (wait 450), ends 3000
 *   2550 c8 on b0 (wait 300), ends 3150; c9 (1);  2850 c10 (2)
 *   3000 check: 2 > 1 but 3 officers, 3 booths: none opens; b1 takes c9
 *        (wait 450), ends 3600
 *   3150 c10 on b0 (wait 300), ends 3750; c11 (1);  3450 c12 (2)
 *   3600 check: none opens; b2 takes c11 (wait 450, its end was scheduled
 *        before b1's), ends 4800; b1 takes c12 (wait 150), ends 4200
 *   3750 b0 idle;  4200 check: 0 < 0.5 since 4200; b1 idle
 *   4800 check: below for 600 s: the stacked booth first: b2, busy, closes
 *        when c11 leaves (just after)
 *   5400 check: below since 4800 for 600 s: lane 1 closes (b1, idle)
 *   6000 check: 1 booth, the minimum: stays
 * Waits 0 300 600 750 600 750 450 300 450 300 450 150: sum 5100, max 750.
 * Booth-seconds in hour 0: b0 3600 + b1 1800 + b2 1200 = 6600; in hour 1:
 * b0 3600 + b2 1200 + b1 1800 = 6600.  Lane-seconds: 3600 + 1800 = 5400 in
 * each hour.  Left in hour 0: c1..c7 (7); in hour 1: c8..c12 (5).
 */
static void lane_then_stack(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"trace\"," RUN1 "\"demand\":[" CARS "],"
              "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":2,"
              "\"booths_per_lane\":2,\"stacked_efficiency\":0.5,\"staffed_booths\":{\"00:00\":3},"
              "\"staffing_policy\":{\"measure\":\"queue\",\"open_above\":1,\"close_below\":0.5,"
              "\"sustain_min\":10,\"check_every_min\":10,\"min_booths\":1}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":600}}}");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 12);
    assert_int_equal(g->served, 12);
    assert_near(g->wait.sum, 5100, EPS);
    assert_near(g->wait.max, 750, EPS);
    assert_int_equal(res_hour(&t.r, 0, 0)->served, 7);
    assert_int_equal(res_hour(&t.r, 0, 1)->served, 5);
    assert_near(res_hour(&t.r, 0, 0)->open_area, 6600, EPS);
    assert_near(res_hour(&t.r, 0, 1)->open_area, 6600, EPS);
    assert_near(res_hour(&t.r, 0, 0)->lanes_area, 5400, EPS);
    assert_near(res_hour(&t.r, 0, 1)->lanes_area, 5400, EPS);
    assert_near(res_hour(&t.r, 0, 2)->open_area, 3600, EPS);     /* b0 alone */
    trace_free(&t);
}

/*
 * Officers on duty and the delay before an opened booth serves.  Three
 * lanes of one booth; officers 3, then 1 from 00:40 (2400 s); inspections
 * 1000 s; open above 0.5 crossers, close below 0.25, no sustain, checked
 * every 5 min (300, 600, ...), at least 1 booth, 5 min before an opened
 * booth serves.
 *
 *      0 b0 opens;  150 c1 on b0 (wait 0), ends 1150
 *    450 c2 (1);  600 check: b1 decided, serves at 900
 *    750 c3 (2)
 *    900 check first: a booth is opening, no other step; then b1 serves:
 *        c2 (wait 450), ends 1900
 *   1050 c4 (2);  1150 b0 takes c3 (wait 400), ends 2150
 *   1200 check: b2 decided, serves at 1500;  1350 c5 (2)
 *   1500 b2 takes c4 (wait 450), ends 2500;  1650 c6 (2)
 *   1800 check: 3 officers, 3 booths: none opens
 *   1900 b1 takes c5 (wait 550), ends 2900;  1950 c7 (2)
 *   2150 b0 takes c6 (wait 500), ends 3150;  2250 c8 (2)
 *   2400 officers 1: the last lane taken closes first: b2 (busy, closes at
 *        2500), then b1 (busy, closes at 2900); b0 stays
 *   2550 c9, 2850 c10, 3150 c11 (b0 takes c7, wait 1200, ends 4150),
 *        3450 c12; then b0 alone: c8 at 4150 (wait 1900), c9 at 5150
 *        (2600), c10 at 6150 (3300), c11 at 7150 (4000), c12 at 8150 (4700)
 * Waits sum 20050, max 4700.  Booth-seconds in hour 0: b0 3600 + b1 (900
 * to 2900) 2000 + b2 (1500 to 2500) 1000 = 6600.
 */
static void officers_and_delay(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"trace\"," RUN1 "\"demand\":[" CARS "],"
              "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":3,"
              "\"staffed_booths\":{\"00:00\":3,\"00:40\":1},"
              "\"staffing_policy\":{\"measure\":\"queue\",\"open_above\":0.5,\"close_below\":0.25,"
              "\"sustain_min\":0,\"check_every_min\":5,\"min_booths\":1,\"open_delay_min\":5}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":1000}}}");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->served, 12);
    assert_near(g->wait.sum, 20050, EPS);
    assert_near(g->wait.max, 4700, EPS);
    assert_near(res_hour(&t.r, 0, 0)->open_area, 6600, EPS);
    assert_near(res_hour(&t.r, 0, 0)->lanes_area, 6600, EPS);
    assert_near(res_hour(&t.r, 0, 1)->open_area, 3600, EPS);
    trace_free(&t);
}

/*
 * A lane pool of 2 lanes shared by the General group (2 lanes of 2 booths)
 * and the Ready group (2 lanes), each keeping 1 booth.  Both take a lane at
 * 0: the pool is full.  General: inspections 1000 s, open above 0.5, close
 * below 0.25, no sustain, checks every 5 min.
 *
 *    150 c1 on b0, ends 1150;  450 c2 (1)
 *    600 check: no lane free in the pool, so lane 0 is stacked: b2 takes c2
 *        (wait 150), ends 1600
 *    900 check, and every check after: lane 0 is full, no lane free
 * Then b0 and b2 take the queue in turn, 1000 s each: c3 at 1150 (wait
 * 400), c4 1600 (550), c5 2150 (800), c6 2600 (950), c7 3150 (1200), c8
 * 3600 (1350), c9 4150 (1600), c10 4600 (1750), c11 5150 (2000), c12 5600
 * (2150): waits sum 12900, max 2150.
 * General's booth-seconds in hour 0: 3600 + 3000 = 6600; its lane-seconds
 * 3600 (one lane).  Ready keeps its lane: 3600 lane-seconds.
 */
static void pool_full_stacks(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"trace\"," RUN1 "\"lane_pools\":[{\"name\":\"p\",\"lanes\":2}],"
              "\"demand\":[" CARS ",{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\","
              "\"per_day\":1,\"program_share\":{\"ready\":1},\"arrivals\":\"deterministic\","
              "\"hourly_share\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]}],"
              "\"lanes\":[{\"name\":\"g\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":2,"
              "\"booths_per_lane\":2,\"pool\":\"p\",\"staffing_policy\":{\"measure\":\"queue\","
              "\"open_above\":0.5,\"close_below\":0.25,\"sustain_min\":0,\"check_every_min\":5}},"
              "{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"ready\","
              "\"lanes\":2,\"pool\":\"p\",\"staffing_policy\":{\"open_above\":10,"
              "\"close_below\":5}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":1000},"
              "\"pov.ready\":{\"dist\":\"deterministic\",\"mean_s\":30}}}");
    /* Queues in (direction, mode, program) order: general 0, ready 1. */
    assert_near(res_hour(&t.r, 0, 0)->open_area, 6600, EPS);
    assert_near(res_hour(&t.r, 0, 0)->lanes_area, 3600, EPS);
    assert_near(res_hour(&t.r, 1, 0)->lanes_area, 3600, EPS);
    assert_near(t.r.grp[0].wait.sum, 12900, EPS);
    assert_near(t.r.grp[0].wait.max, 2150, EPS);
    trace_free(&t);
}

/*
 * A lane given up to a group whose queue asks.  A pool of 1 lane; General
 * and Ready groups of 1 lane, no minimum, inspections 100 s, open above 0.5
 * waiting, close below 0 (never on their own), checked every 5 min from
 * 300 s.  One General car arrives at 1800 (half the expected count of hour
 * 0), one Ready car at 5400 (in hour 1).
 *
 *   1800 g1 queues (no booth open)
 *   2100 check: General asks; the pool's lane is free: g1 starts (wait 300)
 *   5400 r1 queues
 *   5700 check: General's queue is empty, nothing; Ready asks, the pool is
 *        full: General holds more lanes than its minimum (0) and is below
 *        its bound, so it gives its lane up (its booth is idle: it closes at
 *        once), and r1 starts (wait 300)
 * Lane-seconds: General 1500 in hour 0 and 2100 in hour 1; Ready 1500 in
 * hour 1.  general_s: General's inspection; wait_r: r1's wait; lane_g1:
 * General's lane-seconds in hour 1 (Ready's are the rest).
 */
static void pool_lane(double general_s, double wait_r, double lane_g1)
{
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"trace\"," RUN1 "\"lane_pools\":[{\"name\":\"p\",\"lanes\":1}],"
              "\"demand\":[{\"name\":\"g\",\"direction\":\"north\",\"mode\":\"pov\","
              "\"per_day\":1,\"arrivals\":\"deterministic\"," HOUR0 "},"
              "{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":1,"
              "\"program_share\":{\"ready\":1},\"arrivals\":\"deterministic\","
              "\"hourly_share\":[0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}],"
              "\"lanes\":[{\"name\":\"g\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1,"
              "\"pool\":\"p\",\"staffing_policy\":{\"measure\":\"queue\",\"open_above\":0.5,"
              "\"close_below\":0,\"sustain_min\":0,\"check_every_min\":5,\"min_booths\":0}},"
              "{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"ready\","
              "\"lanes\":1,\"pool\":\"p\",\"staffing_policy\":{\"measure\":\"queue\","
              "\"open_above\":0.5,\"close_below\":0,\"sustain_min\":0,\"check_every_min\":5,"
              "\"min_booths\":0}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":%g},"
              "\"pov.ready\":{\"dist\":\"deterministic\",\"mean_s\":100}}}", general_s);
    assert_int_equal(t.r.grp[0].served, 1);
    assert_int_equal(t.r.grp[1].served, 1);
    assert_near(t.r.grp[0].wait.sum, 300, EPS);
    assert_near(t.r.grp[1].wait.sum, wait_r, EPS);
    assert_near(res_hour(&t.r, 0, 0)->lanes_area, 1500, EPS);
    assert_near(res_hour(&t.r, 0, 1)->lanes_area, lane_g1, EPS);
    assert_near(res_hour(&t.r, 1, 1)->lanes_area, 3600 - lane_g1, EPS);
    trace_free(&t);
}

static void pool_lane_given_up(void **state)
{
    (void)state;
    pool_lane(100, 300, 2100);
}

/* The same with General's car inspected for 4000 s (2100 to 6100): at 5700
 * General gives its lane up, but its booth is busy; the lane is Ready's
 * once the car leaves, at 6100: r1 waits 700 s; General's lane is open
 * 2500 s of hour 1, Ready's 1100. */
static void pool_lane_handed_over_when_empty(void **state)
{
    (void)state;
    pool_lane(4000, 700, 2500);
}

/*
 * The queue standing at the start and inspection speed by hour.  One
 * booth; 3 crossers waiting at 0 (not measured); one arrival in hour 0,
 * at 1800 (half its expected count); inspections 600 s, factor 2 in hour
 * 0 (1200 s) and 1 after.  The booth serves the three from 0 to 3600; c1
 * starts at 3600 (wait 1800), in hour 1: 600 s, ends 4200.  Queue in hour
 * 0: 2 waiting to 1200, 1 to 2400, plus c1 from 1800 = 2400 + 1200 + 1800
 * = 5400 crosser-seconds.
 */
static void initial_queue_and_speed(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"trace\"," RUN1 "\"demand\":[{\"name\":\"d\",\"direction\":"
              "\"north\",\"mode\":\"pov\",\"per_day\":1,\"arrivals\":\"deterministic\","
              "\"initial_queue\":{\"general\":3}," HOUR0 "}],"
              "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1}],"
              "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":600,"
              "\"hourly_factor\":[2,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}}}");
    const struct grp_result *g = &t.r.grp[0];
    assert_int_equal(g->arrivals, 1);       /* the three waiting at 0 are not measured */
    assert_int_equal(g->served, 1);
    assert_near(g->wait.sum, 1800, EPS);
    assert_near(g->port.sum, 2400, EPS);
    assert_near(res_hour(&t.r, 0, 0)->queue_area, 5400, EPS);
    trace_free(&t);
}

/*
 * The rules on a long random run, at every hour of it: a pool of 6 lanes
 * shared by three groups of 2 booths a lane (minimum 1, 2 and 1 booths),
 * officers on duty changing through the day; Poisson demand that fills
 * and empties the queues.  In every hour the hourly averages must keep
 * each group's booths at or above min(minimum, officers) and at or below
 * the officers, its lanes at most its booths and at least half of them,
 * and the pool's lanes at most 6; and the booths must move.
 */
static void limits_hold(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 3, "{\"name\":\"limits\",\"run\":{\"days\":14,\"warmup_days\":0,"
              "\"replications\":1,\"seed\":7},\"lane_pools\":[{\"name\":\"p\",\"lanes\":6}],"
              "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\","
              "\"per_day\":6000,\"program_share\":{\"ready\":0.3,\"sentri\":0.2},"
              "\"hourly_share\":[1,1,1,1,2,6,8,8,6,4,3,3,3,3,3,4,5,5,4,3,2,2,1,1]}],"
              "\"lanes\":[{\"name\":\"g\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":6,"
              "\"booths_per_lane\":2,\"pool\":\"p\",\"stacked_efficiency\":0.6,"
              "\"staffed_booths\":{\"00:00\":3,\"05:00\":8,\"20:00\":4},"
              "\"staffing_policy\":{\"open_above\":20,\"close_below\":5,\"min_booths\":1}},"
              "{\"name\":\"r\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"ready\","
              "\"lanes\":4,\"booths_per_lane\":2,\"pool\":\"p\","
              "\"staffed_booths\":{\"00:00\":2,\"06:00\":5},"
              "\"staffing_policy\":{\"open_above\":15,\"close_below\":3,\"min_booths\":2,"
              "\"open_delay_min\":3}},"
              "{\"name\":\"s\",\"direction\":\"north\",\"mode\":\"pov\",\"program\":\"sentri\","
              "\"lanes\":3,\"booths_per_lane\":2,\"pool\":\"p\",\"staffing_policy\":"
              "{\"measure\":\"queue\",\"open_above\":3,\"close_below\":1,\"min_booths\":1,"
              "\"sustain_min\":0}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":0.7},"
              "\"pov.ready\":{\"dist\":\"lognormal\",\"mean_s\":45,\"cv\":0.6},"
              "\"pov.sentri\":{\"dist\":\"exponential\",\"mean_s\":30}}}");
    static const int cap_g[24] = {3, 3, 3, 3, 3, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
                                  4, 4, 4, 4};
    double lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {0, 0, 0};
    for (size_t h = 0; h < port_n_hours(t.p); h++) {
        int hod = (int)(h % 24);
        int cap[3] = {cap_g[hod], hod < 6 ? 2 : 5, 6}, least[3] = {1, 2, 1};
        double lanes_all = 0;
        for (int g = 0; g < 3; g++) {
            const struct hour_bin *b = res_hour(&t.r, (size_t)g, h);
            double booths = b->open_area / 3600, lanes = b->lanes_area / 3600;
            /* A booth closing finishes its crosser, so allow one inspection
             * past a fall in the officers on duty (the hour of the change). */
            bool change = hod == 0 || hod == 5 || hod == 20 || hod == 6;
            if (booths > cap[g] + (change ? 1.0 : 1e-9) || booths < least[g] - 1e-9
                || lanes > booths + 1e-9 || lanes < booths / 2 - 1e-9)
                fail_msg("hour %zu, group %d: %.3f booths, %.3f lanes (officers %d, least %d)",
                         h, g, booths, lanes, cap[g], least[g]);
            lanes_all += lanes;
            if (booths < lo[g])
                lo[g] = booths;
            if (booths > hi[g])
                hi[g] = booths;
        }
        if (lanes_all > 6 + 1e-9)
            fail_msg("hour %zu: %.3f lanes open in a pool of 6", h, lanes_all);
    }
    for (int g = 0; g < 3; g++)
        if (!(hi[g] - lo[g] >= 0.5))
            fail_msg("group %d: booths never moved (%.3f to %.3f)", g, lo[g], hi[g]);
    trace_free(&t);
}

/*
 * A flex lane group with a staffing policy: it reverses between two queues
 * and, while it serves one, opens and closes booths for it.  The model's
 * own conservation check must hold, booths must move, and the group must
 * switch.
 */
static void flex_with_policy(void **state)
{
    (void)state;
    struct trace t;
    trace_run(&t, 0, "{\"name\":\"flex\",\"run\":{\"days\":7,\"warmup_days\":1,"
              "\"replications\":1,\"seed\":3},"
              "\"demand\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\","
              "\"per_day\":4000,\"hourly_share\":[1,1,1,1,2,6,9,9,6,4,3,3,3,3,2,2,2,2,2,2,1,1,1,1]},"
              "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"per_day\":4000,"
              "\"hourly_share\":[1,1,1,1,1,1,1,2,2,2,3,3,3,4,5,8,9,9,6,4,3,2,1,1]}],"
              "\"lanes\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":2},"
              "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"lanes\":2},"
              "{\"name\":\"flex\",\"lanes\":3,\"booths_per_lane\":2,\"changeover_min\":10,"
              "\"policy\":{\"between\":[\"north.pov.general\",\"south.pov.general\"],"
              "\"measure\":\"wait\",\"threshold\":5},"
              "\"staffing_policy\":{\"open_above\":10,\"close_below\":2,\"min_booths\":1}}],"
              "\"service\":{\"pov.general\":{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":0.5}}}");
    assert_true(t.r.n_changes >= 2);
    double lo = INFINITY, hi = 0;
    for (size_t h = 0; h < port_n_hours(t.p); h++) {
        double b = res_hour(&t.r, 0, h)->open_area / 3600;
        lo = b < lo ? b : lo;
        hi = b > hi ? b : hi;
    }
    assert_true(hi - lo >= 2);
    trace_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lane_then_stack),
        cmocka_unit_test(officers_and_delay),
        cmocka_unit_test(pool_full_stacks),
        cmocka_unit_test(pool_lane_given_up),
        cmocka_unit_test(pool_lane_handed_over_when_empty),
        cmocka_unit_test(initial_queue_and_speed),
        cmocka_unit_test(limits_hold),
        cmocka_unit_test(flex_with_policy),
    };
    return cmocka_run_group_tests_name("staffing", tests, NULL, NULL);
}
