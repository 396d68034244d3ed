/*
 * test_calibrate.c - poesim calibrate against a known answer and against
 * San Ysidro's observed table.
 *
 * Known answer: a single queue whose truth is written down (demand 6000 a
 * day, inspections of 60 s, a staffing policy that opens above 40 min and
 * closes below 20, at least 2 booths) is simulated by poesim; its hourly
 * means become an observed table in poesim's own format; a base that gets
 * all of these wrong (1000 a day, 30 s, 5 and 10 min, 1 booth) is
 * calibrated to it.  The fit must recover the demand within 3%, the
 * inspection time of the hours whose queue stood within 10% (median), the
 * minimum exactly and both bounds within 25% (the table holds hourly means
 * of a wait that wanders inside the band, so the band's edges show only
 * roughly).
 *
 * San Ysidro: scenarios/san_ysidro_2017_base.json calibrated to
 * data/san_ysidro_2017_observed.csv must meet the targets of the issue that
 * asked for it, per programme: MAPE of the hourly mean waits <= 15%, daily
 * mean within 10%, GEH < 5 in at least 90% of the hours, lanes open within
 * 2 of the observed in at least 80%.  Its wall time is printed, not
 * asserted (speed is measured: make bench, and the README's figure).  And
 * the shipped scenarios/san_ysidro.json must be exactly what it writes
 * (its "extends" aside), so that the base year `make run` shows is the one
 * that meets them.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <cmocka.h>

#include "batch.h"
#include "calibrate.h"
#include "fileset.h"
#include "observed.h"
#include "scenario.h"
#include "summary.h"

#define OUT "tests/out/calibrate"
#define SY_BASE "scenarios/san_ysidro_2017_base.json"
#define SY_TABLE "data/san_ysidro_2017_observed.csv"
#define SY_SHIPPED "scenarios/san_ysidro.json"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static cJSON *read_json(const char *path)
{
    size_t n;
    char *text = fset_read(path, 1 << 24, &n);
    if (!text)
        fail_msg("%s: cannot read", path);
    cJSON *j = cJSON_Parse(text);
    free(text);
    assert_non_null(j);
    return j;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(x))
        fail_msg("%s: not a number", key);
    return x->valuedouble;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Calibrate base to table into dir (created); returns the wall seconds. */
static double calibrate(const char *base_path, const char *table, const char *name,
                        const char *dir)
{
    struct err e = { 0 };
    double t0 = now_s();
    struct scenario *base = scn_load(base_path, &e);
    if (!base)
        fail_msg("%s", e.msg);
    struct obs_table *t = obs_read(table, NULL, &e);
    if (!t)
        fail_msg("%s", e.msg);
    struct calib_opts o = { .name = name, .rounds = CALIB_ROUNDS_DEFAULT,
                            .stand_min = CALIB_STAND_MIN_DEFAULT, .jobs = 2, .quiet = true };
    struct calib_result *r = calib_run(base, base_path, t, &o, dir, &e);
    if (!r || calib_write(r, dir, &e) < 0)
        fail_msg("%s", e.msg);
    double wall = now_s() - t0;
    calib_free(r);
    obs_free(t);
    scn_free(base);
    return wall;
}

#define TRUTH_PER_DAY 6000.0
#define TRUTH_SERVICE_S 60.0
#define TRUTH_OPEN 40.0
#define TRUTH_CLOSE 20.0
#define TRUTH_MIN 2

static const char truth[] =
    "{\"name\":\"truth\",\"run\":{\"days\":7,\"warmup_days\":1,\"replications\":10,\"seed\":11},"
    "\"demand\":[{\"name\":\"cars\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":6000,"
    "\"hourly_share\":[1,1,1,1,2,5,8,9,8,6,5,5,5,5,5,6,7,7,6,5,4,3,2,1]}],"
    "\"lanes\":[{\"name\":\"general\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":12,"
    "\"staffing_policy\":{\"open_above\":40,\"close_below\":20,\"min_booths\":2}}],"
    "\"service\":{\"pov.general\":{\"dist\":\"lognormal\",\"mean_s\":60,\"cv\":0.5}}}";

static const char wrong_base[] =
    "{\"name\":\"known\",\"run\":{\"days\":7,\"warmup_days\":1,\"replications\":10,\"seed\":5},"
    "\"demand\":[{\"name\":\"cars\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":1000}],"
    "\"lanes\":[{\"name\":\"general\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":12,"
    "\"staffing_policy\":{\"open_above\":10,\"close_below\":5,\"min_booths\":1}}],"
    "\"service\":{\"pov.general\":{\"dist\":\"lognormal\",\"mean_s\":30,\"cv\":0.5}}}";

/* The truth's hourly means, by hour of the day, as a table of poesim's own
 * format at path. */
static void write_truth_table(const char *path)
{
    struct err e = { 0 };
    struct scenario *s = scn_parse(truth, strlen(truth), "truth", &e);
    if (!s)
        fail_msg("%s", e.msg);
    struct batch_opts bo = { .jobs = 2 };
    struct batch_info bi;
    struct summary *sum = NULL;
    assert_int_equal(batch_execute(&s, 1, &bo, &sum, &bi, &e), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("hour,direction,mode,program,volume,open_lanes,wait_min\n", f);
    for (size_t h = 0; h < 24; h++) {
        double v = 0, l = 0, w = 0;
        int n = 0;
        for (size_t b = h; b < sum->n_hours; b += 24, n++) {
            const struct hour_est *x = sum_hour(sum, 0, b);
            v += x->served;
            l += x->lanes_open;
            w += x->wait_mean_min;
        }
        fprintf(f, "%zu,north,pov,general,%.3f,%.3f,%.3f\n", h, v / n, l / n, w / n);
    }
    assert_int_equal(fclose(f), 0);
    sum_free(sum);
    scn_free(s);
}

static void known_answer(void **state)
{
    (void)state;
    struct err e = { 0 };
    assert_int_equal(fset_mkdirs(OUT, &e), 0);
    write_truth_table(OUT "/truth.csv");
    write_file(OUT "/wrong-base.json", wrong_base);
    calibrate(OUT "/wrong-base.json", OUT "/truth.csv", NULL, OUT "/known");
    cJSON *fit = read_json(OUT "/known/fit.json");
    const cJSON *q = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(fit, "queues"), 0);
    const cJSON *fitted = cJSON_GetObjectItemCaseSensitive(q, "fitted");
    double per_day = num(fitted, "per_day");
    double lo = num(fitted, "close_below"), hi = num(fitted, "open_above");
    int least = (int)num(fitted, "min_booths");
    /* The inspection times of the hours whose queue stood (>= 5 min). */
    const cJSON *insp = cJSON_GetObjectItemCaseSensitive(fitted, "inspection_s_by_hour");
    size_t n;
    char *table = fset_read(OUT "/truth.csv", 1 << 20, &n);
    assert_non_null(table);
    double s[24];
    int k = 0;
    const char *line = strchr(table, '\n') + 1;
    for (int h = 0; h < 24; h++, line = strchr(line, '\n') + 1) {
        double v, l, w;
        assert_int_equal(sscanf(line, "%*d,north,pov,general,%lf,%lf,%lf", &v, &l, &w), 3);
        if (w >= CALIB_STAND_MIN_DEFAULT)
            s[k++] = cJSON_GetArrayItem(insp, h)->valuedouble;
    }
    free(table);
    for (int i = 1; i < k; i++)         /* insertion sort: the median */
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double x = s[j];
            s[j] = s[j - 1];
            s[j - 1] = x;
        }
    double median = k % 2 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    printf("  recovered: %.0f a day (truth %.0f), inspections %.1f s (%g), bounds %.1f-%.1f "
           "min (%g-%g), minimum %d (%d)\n", per_day, TRUTH_PER_DAY, median, TRUTH_SERVICE_S,
           lo, hi, TRUTH_CLOSE, TRUTH_OPEN, least, TRUTH_MIN);
    assert_true(k >= 12);
    assert_true(fabs(per_day / TRUTH_PER_DAY - 1) <= 0.03);
    assert_true(fabs(median / TRUTH_SERVICE_S - 1) <= 0.10);
    assert_int_equal(least, TRUTH_MIN);
    assert_true(fabs(lo / TRUTH_CLOSE - 1) <= 0.25);
    assert_true(fabs(hi / TRUTH_OPEN - 1) <= 0.25);
    cJSON_Delete(fit);
}

/* The shipped scenario is what calibrate writes, "extends" aside. */
static void assert_shipped(const char *written)
{
    cJSON *a = read_json(written), *b = read_json(SY_SHIPPED);
    cJSON_DeleteItemFromObjectCaseSensitive(a, "extends");
    cJSON_DeleteItemFromObjectCaseSensitive(b, "extends");
    if (!cJSON_Compare(a, b, true))
        fail_msg("%s differs from %s (its \"extends\" aside): run make calibrate", SY_SHIPPED,
                 written);
    cJSON_Delete(a);
    cJSON_Delete(b);
}

static void san_ysidro_targets(void **state)
{
    (void)state;
    double wall = calibrate(SY_BASE, SY_TABLE, "san_ysidro", OUT "/san_ysidro");
    printf("  calibrated San Ysidro in %.1f s of wall time\n", wall);
    cJSON *fit = read_json(OUT "/san_ysidro/fit.json");
    const cJSON *q;
    int programmes = 0;
    cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(fit, "queues")) {
        const char *prog = cJSON_GetObjectItemCaseSensitive(q, "program")->valuestring;
        double geh = num(q, "geh_under_5_share");
        printf("  %s %s %s: ", cJSON_GetObjectItemCaseSensitive(q, "direction")->valuestring,
               cJSON_GetObjectItemCaseSensitive(q, "mode")->valuestring, prog);
        if (num(q, "hours_wait") > 0) {
            double mape = num(q, "mape"), daily = num(q, "daily_mean_error");
            double lanes = num(q, "lanes_within_2_share");
            printf("MAPE %.1f%%, daily mean %+.1f%%, GEH<5 %.0f%%, lanes +-2 %.0f%%\n",
                   100 * mape, 100 * daily, 100 * geh, 100 * lanes);
            assert_true(mape <= 0.15);
            assert_true(fabs(daily) <= 0.10);
            assert_true(lanes >= 0.80);
            programmes++;
        } else
            printf("GEH<5 %.0f%%\n", 100 * geh);
        assert_true(geh >= 0.90);
    }
    assert_int_equal(programmes, 3);
    cJSON_Delete(fit);
    assert_shipped(OUT "/san_ysidro/calibrated.json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_answer),
        cmocka_unit_test(san_ysidro_targets),
    };
    return cmocka_run_group_tests_name("calibrate", tests, NULL, NULL);
}
