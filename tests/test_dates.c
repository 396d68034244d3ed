/*
 * test_dates.c - calendar dates: day numbers, the calendar of a run, and
 * demand and hours that follow it (monthly factors, holidays, hourly
 * profiles by weekday).
 *
 * Day numbers are checked against dates anyone can look up (1970-01-01 was
 * a Thursday, 2000 was a leap year and 1900 was not) and against a
 * day-by-day walk over three centuries.  Demand is checked with
 * deterministic arrivals (a crosser each time the expected count passes
 * k - 1/2), whose counts per hour are worked out by hand, and with Poisson
 * arrivals, whose mean counts per day over many replications must lie
 * within 4 standard deviations (known: the Poisson variance) of the
 * expected counts.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"
#include "port.h"
#include "results.h"
#include "scenario.h"

#define TEXT_MAX 4096
#define EPS 1e-6
#define SIGMAS 4.0

#define assert_near(a, b, eps) near_((double)(a), (double)(b), (eps), #a, __FILE__, __LINE__)
static void near_(double a, double b, double eps, const char *what, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (± %g)", file, line, what, a, b, eps);
}

static long day_of(const char *text)
{
    long d;
    if (!date_parse(text, &d))
        fail_msg("%s: not parsed", text);
    return d;
}

static void day_numbers(void **state)
{
    (void)state;
    long d;
    char buf[DATE_TEXT_LEN];
    assert_int_equal(day_of("1970-01-01"), 0);
    assert_int_equal(date_weekday(0), WD_THU);
    assert_int_equal(day_of("2017-01-03") - day_of("2016-12-31"), 3);
    assert_int_equal(date_weekday(day_of("2017-01-03")), WD_TUE);
    assert_int_equal(date_weekday(day_of("2024-12-25")), WD_WED);
    assert_int_equal(date_weekday(day_of("1900-01-01")), WD_MON);
    assert_int_equal(day_of("2000-03-01") - day_of("2000-02-28"), 2);    /* leap */
    assert_int_equal(day_of("2100-03-01") - day_of("2100-02-28"), 1);    /* not leap */
    assert_int_equal(date_month(day_of("2017-02-28")), 1);
    assert_true(date_parse("2000-02-29", &d));
    assert_false(date_parse("1900-02-29", &d));
    assert_false(date_parse("2017-02-30", &d));
    assert_false(date_parse("2017-13-01", &d));
    assert_false(date_parse("2017-1-03", &d));
    assert_false(date_parse("2017-01-031", &d));
    assert_false(date_parse("1899-12-31", &d));
    assert_false(date_parse("2201-01-01", &d));
    /* Every day from 1900 to 2200: the next day's date follows the rules
     * of the calendar, and text and number convert both ways. */
    int y = 1900, m = 1, dd = 1;
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (long n = day_of("1900-01-01"); n <= day_of("2200-12-31"); n++) {
        int yy, mm, ddd;
        date_to_ymd(n, &yy, &mm, &ddd);
        if (yy != y || mm != m || ddd != dd)
            fail_msg("day %ld: %04d-%02d-%02d, expected %04d-%02d-%02d", n, yy, mm, ddd, y, m, dd);
        date_text(n, buf);
        assert_int_equal(day_of(buf), n);
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int len = days_in[m - 1] + (m == 2 && leap);
        if (++dd > len) {
            dd = 1;
            if (++m > 12)
                m = 1, y++;
        }
    }
}

/* text, formatted (TEXT_MAX bytes), for a part of a scenario. */
static const char *fmt_part(char *text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt_part(char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, TEXT_MAX, fmt, ap);
    va_end(ap);
    return text;
}

static struct scenario *parse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct scenario *parse(const char *fmt, ...)
{
    char text[TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    struct err e = { 0 };
    struct scenario *s = scn_parse(text, strlen(text), "dates.json", &e);
    if (!s)
        fail_msg("%s", e.msg);
    return s;
}

/* One northbound car stream with the given keys, a lane of fast booths. */
#define SCN                                                                                   \
    "{\"name\":\"d\",\"run\":{%s},"                                                           \
    "\"demand\":[{\"name\":\"cars\",\"direction\":\"north\",\"mode\":\"pov\",%s}],"           \
    "\"lanes\":[{\"name\":\"l\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":20}],"     \
    "\"service\":{\"pov.general\":{\"dist\":\"deterministic\",\"mean_s\":1}}%s}"

/* Warm-up days are the dates before the start date; the weekday follows
 * the date (run.start is its weekday); months and holidays by date. */
static void run_calendar(void **state)
{
    (void)state;
    struct scenario *s = parse(SCN, "\"start_date\":\"2017-12-30\",\"warmup_days\":2,\"days\":4",
                               "\"per_day\":10", ",\"holidays\":[{\"date\":\"2018-01-01\","
                               "\"factor\":0.5},{\"date\":\"2017-12-25\"}]");
    assert_true(s->run.has_date);
    assert_int_equal(s->run.start, WD_SAT);
    assert_int_equal(s->n_holidays, 2);
    assert_int_equal(s->holidays[0].date, day_of("2017-12-25"));      /* kept in date order */
    struct scn_day d;
    scn_day_of(s, 0, &d);
    assert_int_equal(d.date, day_of("2017-12-28"));
    assert_int_equal(d.weekday, WD_THU);
    assert_int_equal(d.month, 11);
    assert_null(d.holiday);
    scn_day_of(s, 4, &d);
    assert_int_equal(d.date, day_of("2018-01-01"));
    assert_int_equal(d.weekday, WD_MON);
    assert_int_equal(d.month, 0);
    assert_non_null(d.holiday);
    assert_near(scn_per_day_on(&s->demand[0], &d), 5, EPS);
    scn_free(s);
    /* Without a date: weekdays only, as before. */
    s = parse(SCN, "\"start\":\"fri\",\"warmup_days\":1", "\"per_day\":10", "");
    assert_false(s->run.has_date);
    scn_day_of(s, 0, &d);
    assert_int_equal(d.weekday, WD_THU);
    assert_int_equal(d.month, -1);
    assert_null(d.holiday);
    scn_free(s);
}

struct trun {
    struct scenario *s;
    struct port *p;
    struct rep_result r;
};

static void run_rep(struct trun *x, int rep)
{
    struct err e = { 0 };
    if (!x->p) {
        x->p = port_new(x->s, &e);
        assert_non_null(x->p);
        assert_int_equal(res_alloc(&x->r, port_n_groups(x->p), port_n_hours(x->p)), 0);
    }
    if (port_replicate(x->p, rep, &x->r, &e) < 0)
        fail_msg("%s", e.msg);
}

static void run_free(struct trun *x)
{
    res_free(&x->r);
    port_free(x->p);
    scn_free(x->s);
}

/* Arrivals in measured day `day`, hour h. */
static uint32_t arrivals(const struct trun *x, int day, int h)
{
    return res_hour(&x->r, 0, (size_t)(day * HOURS_PER_DAY + h))->arrivals;
}

/*
 * Monthly factors, deterministic arrivals, 24 a day spread evenly (one an
 * hour), January x1 and February x2, from Monday 2017-01-30 for four days:
 * the expected count passes k - 1/2 once an hour in January and twice an
 * hour in February, so 24, 24, 48, 48 arrivals, 1 or 2 in every hour.
 */
static void monthly_factors(void **state)
{
    (void)state;
    struct trun x = { parse(SCN, "\"start_date\":\"2017-01-30\",\"warmup_days\":0,\"days\":4,"
                                "\"replications\":1",
                           "\"per_day\":24,\"arrivals\":\"deterministic\",\"monthly_factor\":"
                           "[1,2,1,1,1,1,1,1,1,1,1,1]", ""), NULL, { 0 } };
    run_rep(&x, 0);
    for (int day = 0; day < 4; day++)
        for (int h = 0; h < HOURS_PER_DAY; h++)
            assert_int_equal(arrivals(&x, day, h), day < 2 ? 1 : 2);
    assert_int_equal(x.r.grp[0].arrivals, 24 + 24 + 48 + 48);
    run_free(&x);
}

/*
 * Hourly profiles by weekday: on weekdays every crosser in hour 8, at
 * weekends in hour 14 (weekday factors 1): deterministic, 10 a day from
 * Friday for three days: 10 in hour 8 on Friday, 10 in hour 14 on Saturday
 * and Sunday, none elsewhere.
 */
static void profile_by_weekday(void **state)
{
    (void)state;
    char weekday[200] = "", weekend[200] = "";
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        strcat(weekday, h == 8 ? "1" : "0");
        strcat(weekend, h == 14 ? "1" : "0");
        if (h + 1 < HOURS_PER_DAY) {
            strcat(weekday, ",");
            strcat(weekend, ",");
        }
    }
    char dm[TEXT_MAX];
    struct trun x = { parse(SCN, "\"start\":\"fri\",\"warmup_days\":0,\"days\":3,\"replications\":1",
                            fmt_part(dm, "\"per_day\":10,\"arrivals\":\"deterministic\",\"hourly_share\":"
                                     "{\"weekday\":[%s],\"weekend\":[%s]}", weekday, weekend), ""),
                      NULL, { 0 } };
    assert_near(x.s->demand[0].hourly_share[WD_FRI][8], 1, EPS);
    assert_near(x.s->demand[0].hourly_share[WD_SUN][14], 1, EPS);
    run_rep(&x, 0);
    for (int day = 0; day < 3; day++)
        for (int h = 0; h < HOURS_PER_DAY; h++)
            assert_int_equal(arrivals(&x, day, h), h == (day == 0 ? 8 : 14) ? 10 : 0);
    run_free(&x);
}

/*
 * A holiday with a factor, a profile and hours: Monday 2017-12-25 at half
 * demand, all of it in hour 12, the car facility closed all day (open 24 h
 * on other days).  Deterministic, 24 a day evenly from Sunday 12-24: one
 * an hour on Sunday; on Monday the expected count runs from 24 to 36, all
 * within hour 12 (12 an hour), so 12 crossers at 12:02:30, 12:07:30, ...,
 * 12:57:30 (k - 1/2 = 24.5 ... 35.5), each waiting at the gate for the
 * opening at midnight: 11 h 57.5 min down to 11 h 2.5 min, mean 11.5 h =
 * 690 min.  Tuesday: one an hour again, none closed.
 */
static void holiday(void **state)
{
    (void)state;
    char noon[200] = "";
    for (int h = 0; h < HOURS_PER_DAY; h++)
        strcat(noon, h == 12 ? "1," : h + 1 < HOURS_PER_DAY ? "0," : "0");
    char ex[TEXT_MAX];
    struct trun x = { parse(SCN, "\"start_date\":\"2017-12-24\",\"warmup_days\":0,\"days\":3,"
                                 "\"replications\":1",
                            "\"per_day\":24,\"arrivals\":\"deterministic\"",
                            fmt_part(ex, ",\"holidays\":[{\"date\":\"2017-12-25\",\"factor\":0.5,"
                                     "\"profile\":[%s],\"hours\":{\"pov\":\"closed\"}}]", noon)),
                      NULL, { 0 } };
    assert_true(x.s->has_hours[DIR_NORTH][MODE_POV]);   /* given by the holiday */
    run_rep(&x, 0);
    const struct grp_result *g = &x.r.grp[0];
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        assert_int_equal(arrivals(&x, 0, h), 1);
        assert_int_equal(arrivals(&x, 1, h), h == 12 ? 12 : 0);
        assert_int_equal(arrivals(&x, 2, h), 1);
        assert_int_equal(res_hour(&x.r, 0, (size_t)(HOURS_PER_DAY + h))->closed_arrivals,
                         h == 12 ? 12 : 0);
    }
    assert_int_equal(g->closed_arrivals, 12);
    assert_int_equal(g->closed_wait.n, 12);
    assert_near(g->closed_wait.sum / 12, 690 * 60.0, EPS);
    assert_near(g->closed_wait.max, (11 * 60 + 57.5) * 60, EPS);
    assert_int_equal(g->served, 24 + 12 + 24);
    run_free(&x);
}

/* A holiday's "profile": "sun" takes each stream's Sunday profile, and its
 * "hours": "sun" the Sunday hours of every facility. */
static void holiday_like_sunday(void **state)
{
    (void)state;
    char weekday[200] = "", sunday[200] = "";
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        strcat(weekday, h == 8 ? "1" : "0");
        strcat(sunday, h == 14 ? "1" : "0");
        if (h + 1 < HOURS_PER_DAY) {
            strcat(weekday, ",");
            strcat(sunday, ",");
        }
    }
    char dm[TEXT_MAX];
    struct trun x = { parse(SCN, "\"start_date\":\"2017-12-25\",\"warmup_days\":0,\"days\":2,"
                                 "\"replications\":1",
                            fmt_part(dm, "\"per_day\":10,\"arrivals\":\"deterministic\","
                                     "\"hourly_share\":{\"default\":[%s],\"sun\":[%s]}",
                                     weekday, sunday),
                            ",\"hours\":{\"pov\":{\"default\":\"open\",\"sun\":\"12:00-20:00\"}},"
                            "\"holidays\":[{\"date\":\"2017-12-25\",\"profile\":\"sun\","
                            "\"hours\":\"sun\"}]"),
                      NULL, { 0 } };
    run_rep(&x, 0);
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        assert_int_equal(arrivals(&x, 0, h), h == 14 ? 10 : 0);    /* Monday, as a Sunday */
        assert_int_equal(arrivals(&x, 1, h), h == 8 ? 10 : 0);     /* Tuesday */
    }
    const struct holiday *hol = &x.s->holidays[0];
    assert_true(hol->has_hours[DIR_NORTH][MODE_POV]);
    assert_int_equal(scn_steps_at(&hol->hours[DIR_NORTH][MODE_POV], 11 * 60 + 59), 0);
    assert_int_equal(scn_steps_at(&hol->hours[DIR_NORTH][MODE_POV], 12 * 60), 1);
    assert_int_equal(x.r.grp[0].closed_arrivals, 0);      /* hour 14 is open */
    run_free(&x);
}

/*
 * Poisson arrivals stay an exact piecewise-constant Poisson process on a
 * calendar: 500 a day, Saturday factor 0.4, January x1, February x1.6, a
 * holiday on Wednesday 2017-02-01 at x2 with its own profile; measured
 * from Saturday 2017-01-28 for five days.  Each day's mean count over 400
 * replications lies within 4 standard deviations (sqrt(lambda / 400)) of
 * its expectation lambda, and so does the holiday's count in hour 3, where
 * its profile puts half its demand.
 */
static void poisson_on_calendar(void **state)
{
    (void)state;
    char profile[200] = "";
    for (int h = 0; h < HOURS_PER_DAY; h++)
        strcat(profile, h == 3 ? "23," : h + 1 < HOURS_PER_DAY ? "1," : "1");
    char ex[TEXT_MAX];
    struct trun x = { parse(SCN, "\"start_date\":\"2017-01-28\",\"warmup_days\":0,\"days\":5,"
                                 "\"seed\":11",
                            "\"per_day\":500,\"weekday_factor\":{\"sat\":0.4},\"monthly_factor\":"
                            "[1,1.6,1,1,1,1,1,1,1,1,1,1]",
                            fmt_part(ex, ",\"holidays\":[{\"date\":\"2017-02-01\",\"factor\":2,"
                                     "\"profile\":[%s]}]", profile)),
                      NULL, { 0 } };
    enum { REPS = 400, DAYS = 5 };
    /* sat 01-28, sun, mon, tue 01-31, wed 02-01 (holiday, February) */
    const double lambda[DAYS] = { 500 * 0.4, 500, 500, 500, 500 * 1.6 * 2 };
    double sum[DAYS] = { 0 }, hour3 = 0;
    for (int rep = 0; rep < REPS; rep++) {
        run_rep(&x, rep);
        for (int day = 0; day < DAYS; day++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                sum[day] += arrivals(&x, day, h);
        hour3 += arrivals(&x, 4, 3);
    }
    for (int day = 0; day < DAYS; day++)
        assert_near(sum[day] / REPS, lambda[day], SIGMAS * sqrt(lambda[day] / REPS));
    double l3 = lambda[4] * 23.0 / 46.0;
    assert_near(hour3 / REPS, l3, SIGMAS * sqrt(l3 / REPS));
    run_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_numbers),
        cmocka_unit_test(run_calendar),
        cmocka_unit_test(monthly_factors),
        cmocka_unit_test(profile_by_weekday),
        cmocka_unit_test(holiday),
        cmocka_unit_test(holiday_like_sunday),
        cmocka_unit_test(poisson_on_calendar),
    };
    return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
