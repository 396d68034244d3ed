/*
 * test_overload.c - demand beyond capacity: the run finishes with bounded
 * queues, and ovl_warn names the queue and the hours.
 *
 * Deterministic arrivals (a crosser each time the expected count passes
 * k - 1/2) and deterministic service make every figure below computable by
 * hand; each is worked out beside its assertion.  One lane, one booth,
 * 60 s a crosser: a capacity of exactly 60 crossers an hour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "overload.h"
#include "scenario.h"
#include "summary.h"

#define TEXT_MAX 4096

/* One northbound car queue, one booth of 60 s; `demand` is the rest of the
 * demand stream, `extra` more top-level keys, `lane` more lane keys. */
#define SCENARIO                                                                              \
    "{\"name\":\"overload\",\"run\":{\"days\":%d,\"warmup_days\":0,\"replications\":1},"       \
    "\"demand\":[{\"name\":\"d\",\"direction\":\"north\",\"mode\":\"pov\","                    \
    "\"arrivals\":\"deterministic\",%s}],"                                                     \
    "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1%s}],"     \
    "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":60}}%s}"

/* Shares of the day: hours 7, 8 and 9 alike; hour 7 alone. */
#define SHARES_7_TO_9 "0,0,0,0,0,0,0,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0"
#define SHARES_7 "0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"

struct outcome {
    struct scenario *s;
    struct summary *sum;
    char warnings[TEXT_MAX];
    size_t named;
};

static void run(struct outcome *r, int days, const char *demand, const char *lane, const char *extra)
{
    char text[TEXT_MAX];
    struct err e = {0};
    snprintf(text, sizeof text, SCENARIO, days, demand, lane, extra);
    r->s = scn_parse(text, strlen(text), "overload.json", &e);
    if (!r->s)
        fail_msg("%s", e.msg);
    if (engine_run(r->s, &r->sum, &e) < 0)
        fail_msg("%s", e.msg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    r->named = ovl_warn(f, r->s, r->sum);
    fclose(f);
    snprintf(r->warnings, sizeof r->warnings, "%s", buf ? buf : "");
    free(buf);
}

static void run_free(struct outcome *r)
{
    sum_free(r->sum);
    scn_free(r->s);
}

static void assert_contains(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("\n  %s\ndoes not contain\n  %s", text, want);
}

/*
 * 100 an hour for three hours, 60 an hour of capacity: over capacity 07-10
 * each day.  On day 1 the crossers arrive every 36 s from 07:00:18; the
 * booth is never idle from then on, so by the last arrival (09:59:42,
 * 10764 s later) it has finished floor(10764 / 60) = 179 and holds one:
 * 300 - 179 - 1 = 120 wait.  The hour 10-11 has no arrivals: not over.
 */
static void test_peak_over_capacity(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 2, "\"per_day\":300,\"hourly_share\":[" SHARES_7_TO_9 "]", "", "");
    assert_int_equal(r.named, 1);
    assert_contains(r.warnings, "poesim: warning: north pov general: demand exceeded capacity for "
                                "6 of 48 measured hours (day 1 mon 07:00-10:00, day 2 tue "
                                "07:00-10:00); worst day 1 mon 07:00: 100 arrivals for 1.0 booths "
                                "open x 60 s = 60 an hour; the queue reached 120 crossers\n");
    run_free(&r);
}

/* The same demand over the whole day (12.5 an hour): no warning. */
static void test_under_capacity(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 2, "\"per_day\":300", "", "");
    assert_int_equal(r.named, 0);
    assert_string_equal(r.warnings, "");
    run_free(&r);
}

/* One hour over capacity alone is not a warning (it drains the next). */
static void test_single_hour(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 2, "\"per_day\":100,\"hourly_share\":[" SHARES_7 "]", "", "");
    assert_int_equal(r.named, 0);
    run_free(&r);
}

/* Arrivals while the facility is closed by its opening hours wait at the
 * gate: a planned closure, not an overload.  They are all served from
 * 10:00 (300 queued, 60 an hour), but hour 10 onwards has no arrivals. */
static void test_closed_hours(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 2, "\"per_day\":300,\"hourly_share\":[" SHARES_7_TO_9 "]", "",
        ",\"hours\":{\"pov\":\"10:00-24:00\"}");
    assert_int_equal(r.named, 0);
    run_free(&r);
}

/*
 * Two million a day at 60 an hour, no storage set: the queue stops at
 * SCN_QUEUE_MAX and later arrivals forgo, so the run ends with at most that
 * many waiting plus the one in the booth, and memory stays bounded.
 */
static void test_queue_bounded(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 1, "\"per_day\":2000000", "", "");
    const struct estimate *arr = sum_est(r.sum, M_ARRIVALS, 0);
    const struct estimate *rem = sum_est(r.sum, M_REMAINING, 0);
    const struct estimate *forgone = sum_est(r.sum, M_FORGONE, 0);
    const struct estimate *served = sum_est(r.sum, M_SERVED, 0);
    assert_true(arr->mean == 2000000);
    assert_true(rem->mean <= SCN_QUEUE_MAX + 1 && rem->mean >= SCN_QUEUE_MAX);
    assert_true(served->mean <= 1440);      /* 60 an hour for 24 hours */
    assert_true(forgone->mean == arr->mean - served->mean - rem->mean);
    assert_int_equal(r.named, 1);
    assert_contains(r.warnings, "the queue reached 1000000 crossers");
    assert_contains(r.warnings, "forgone in those hours");
    run_free(&r);
}

/* With approach storage the queue stops there instead. */
static void test_storage_bounds(void **state)
{
    (void)state;
    struct outcome r;
    run(&r, 1, "\"per_day\":2000", ",\"storage\":50", "");
    const struct estimate *rem = sum_est(r.sum, M_REMAINING, 0);
    assert_true(rem->mean <= 51 && rem->mean >= 50);
    assert_contains(r.warnings, "the queue reached 50 crossers");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peak_over_capacity),
        cmocka_unit_test(test_under_capacity),
        cmocka_unit_test(test_single_hour),
        cmocka_unit_test(test_closed_hours),
        cmocka_unit_test(test_queue_bounded),
        cmocka_unit_test(test_storage_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
