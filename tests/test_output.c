/*
 * test_output.c - the output contract and the cost arithmetic.
 *
 *   - summary.json carries every key DESIGN.md's contract names, with
 *     {mean, ci95} objects where it says so, and hourly.csv its columns;
 *   - a run whose folder cannot be written fails with EXIT_FAIL and leaves
 *     no file behind;
 *   - cost_of matches a hand computation, and the summary's costs are the
 *     cost of its waiting hours.
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

#include <cJSON.h>
#include <cmocka.h>

#include "cost.h"
#include "engine.h"
#include "output.h"
#include "scenario.h"
#include "summary.h"
#include "testutil.h"

/* The item at a dotted path ("groups.0.wait_min.p95"), or NULL. */
static const cJSON *at(const cJSON *root, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *x = root;
    for (char *tok = strtok(buf, "."); tok && x; tok = strtok(NULL, "."))
        x = (*tok >= '0' && *tok <= '9') ? cJSON_GetArrayItem(x, atoi(tok))
                                         : cJSON_GetObjectItemCaseSensitive(x, tok);
    return x;
}

static void has_estimate(const cJSON *root, const char *path)
{
    char p[256];
    snprintf(p, sizeof p, "%s.mean", path);
    if (!cJSON_IsNumber(at(root, p)))
        fail_msg("summary.json lacks the number %s", p);
    snprintf(p, sizeof p, "%s.ci95", path);
    if (!cJSON_IsNumber(at(root, p)))
        fail_msg("summary.json lacks the number %s", p);
}

/* The contract port with reps replications of days measured days. */
static struct scenario *contract_port(int reps, int days)
{
    struct err e = { 0 };
    struct scenario *s = scn_load("tests/contract/port.json", &e);
    if (!s)
        fail_msg("%s", e.msg);
    s->run.replications = reps;
    s->run.days = days;
    return s;
}

static void contract_keys(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scenario *s = contract_port(3, 2);
    struct summary *sum = NULL;
    assert_int_equal(engine_run(s, &sum, &e), 0);
    char dir[] = "/tmp/poesim-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[512], path[600];
    snprintf(out, sizeof out, "%s/run", dir);
    assert_int_equal(out_write_run(out, s, sum, &e), 0);

    snprintf(path, sizeof path, "%s/summary.json", out);
    char *text = slurp(path, NULL);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    assert_true(cJSON_IsString(at(root, "scenario")));
    assert_string_equal(cJSON_GetStringValue(at(root, "scenario")), "contract-port");
    assert_true(cJSON_IsNumber(at(root, "replications")));
    assert_true(cJSON_IsNumber(at(root, "seed")));
    assert_true(cJSON_GetNumberValue(at(root, "replications")) == 3);
    assert_true(cJSON_GetNumberValue(at(root, "seed")) == 2024);
    const cJSON *groups = at(root, "groups");
    assert_int_equal(cJSON_GetArraySize(groups), (int)sum->n_groups);
    static const char *const est[] = { "arrivals", "served", "forgone", "remaining", "wait_min",
                                       "wait_min.p50", "wait_min.p95", "wait_min.max" };
    for (int g = 0; g < cJSON_GetArraySize(groups); g++) {
        char p[128];
        for (const char *const *k = (const char *const[]){ "direction", "mode", "program", NULL };
             *k; k++) {
            snprintf(p, sizeof p, "groups.%d.%s", g, *k);
            assert_true(cJSON_IsString(at(root, p)));
        }
        for (size_t i = 0; i < sizeof est / sizeof *est; i++) {
            snprintf(p, sizeof p, "groups.%d.%s", g, est[i]);
            has_estimate(root, p);
        }
    }
    has_estimate(root, "overall.wait_min");
    has_estimate(root, "cost_usd.total");

    /* Every group's cost is the cost of its waiting hours, a truck's of its
     * whole crossing (time in port x served in each replication: the
     * contract's trucks carry one person, the driver); the port's total is
     * the sum over groups (replication means are linear). */
    double total = 0;
    for (size_t g = 0; g < sum->n_groups; g++) {
        double vh = sum_est(sum, M_VEHICLE_HOURS, g)->mean;
        double ph = sum_est(sum, M_PERSON_HOURS, g)->mean;
        if (sum->id[g].mode == MODE_TRUCK) {
            vh = 0;
            for (size_t k = 0; k < sum->n_reps; k++)
                vh += *sum_value(sum, M_PORT_MEAN, g, k) * *sum_value(sum, M_SERVED, g, k) / 60
                      / (double)sum->n_reps;
            ph = vh;
        }
        struct cost_parts c;
        cost_of(&s->costs, sum->id[g].mode, vh * 3600, ph * 3600, &c);
        assert_true(fabs(c.total - sum_est(sum, M_COST_TOTAL, g)->mean) <= 1e-6 * (1 + c.total));
        total += c.total;
    }
    const cJSON *rep = at(root, "cost_usd.total.mean");
    assert_non_null(rep);
    double reported = rep->valuedouble;
    assert_true(fabs(total - reported) <= 1e-6 * (1 + total));
    cJSON_Delete(root);

    snprintf(path, sizeof path, "%s/hourly.csv", out);
    text = slurp(path, NULL);
    assert_non_null(text);
    static const char header[] = "day,weekday,hour,direction,mode,program,arrivals,served,"
                                 "forgone,wait_mean_min,wait_p95_min,queue_mean,queue_max,"
                                 "booths_open,utilisation,wait_mean_ci95_min,days,"
                                 "closed_arrivals,closed_wait_mean_min,queue_wait_mean_min,date,lanes_open\n";
    assert_memory_equal(text, header, strlen(header));
    size_t lines = 0;
    for (const char *c = text; c && *c; c++)
        lines += *c == '\n';
    free(text);
    assert_int_equal(lines, 1 + sum->n_groups * sum->n_hours);

    /* An unwritable output folder: EXIT_FAIL, nothing written. */
    char blocked[600];
    snprintf(blocked, sizeof blocked, "%s/file", dir);
    FILE *f = fopen(blocked, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file/run", dir);
    assert_int_equal(out_write_run(path, s, sum, &e), -1);
    assert_int_equal(e.code, EXIT_FAIL);
    assert_non_null(strstr(e.msg, "cannot create the output folder"));

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    sum_free(sum);
    scn_free(s);
}

/* By hand: 10 truck-hours waited by 10 drivers at $32/h, $71.57/h operating,
 * 0.49 gal/h at $4/gal, 10.18 kg CO2/gal. */
static void cost_by_hand(void **state)
{
    (void)state;
    struct costs k = { 0 };
    k.value_of_time[MODE_TRUCK] = 32.0;
    k.truck_operating = 71.57;
    k.idle_fuel_gal_per_hour[MODE_TRUCK] = 0.49;
    k.fuel_usd_per_gal[MODE_TRUCK] = 4.0;
    k.co2_kg_per_gal[MODE_TRUCK] = 10.18;
    struct cost_parts c;
    cost_of(&k, MODE_TRUCK, 10 * 3600.0, 10 * 3600.0, &c);
    assert_true(fabs(c.value_of_time - 320.0) < 1e-9);
    assert_true(fabs(c.truck_operating - 715.7) < 1e-9);
    assert_true(fabs(c.fuel_gal - 4.9) < 1e-9);
    assert_true(fabs(c.fuel_usd - 19.6) < 1e-9);
    assert_true(fabs(c.co2_kg - 49.882) < 1e-9);
    assert_true(fabs(c.total - (320.0 + 715.7 + 19.6)) < 1e-9);
    /* POVs: person-hours (occupancy 1.74) for value of time, vehicle-hours
     * for fuel; no operating cost. */
    k.value_of_time[MODE_POV] = 17.80;
    k.idle_fuel_gal_per_hour[MODE_POV] = 0.16;
    k.fuel_usd_per_gal[MODE_POV] = 3.5;
    cost_of(&k, MODE_POV, 100 * 3600.0, 174 * 3600.0, &c);
    assert_true(fabs(c.value_of_time - 174 * 17.80) < 1e-9);
    assert_true(c.truck_operating == 0);
    assert_true(fabs(c.fuel_usd - 100 * 0.16 * 3.5) < 1e-9);
}

/* Pooling hourly figures by weekday changes what is reported, not what is
 * simulated: every whole-run value is the same, and a weekday's hour is the
 * mean of that hour over the measured days falling on the weekday. */
static void hourly_by_weekday(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scenario *s = contract_port(3, 15);
    s->run.start = WD_WED;      /* 15 days: three Wednesdays, two of the other weekdays */
    struct summary *by_day = NULL, *by_wd = NULL;
    s->run.hourly = HOURLY_DAY;
    assert_int_equal(engine_run(s, &by_day, &e), 0);
    s->run.hourly = HOURLY_WEEKDAY;
    assert_int_equal(engine_run(s, &by_wd, &e), 0);
    assert_false(by_day->by_weekday);
    assert_true(by_wd->by_weekday);
    assert_int_equal(by_day->n_hours, 15 * 24);
    assert_int_equal(by_wd->n_hours, 7 * 24);
    assert_int_equal(by_wd->bin_days[WD_WED], 3);
    assert_int_equal(by_wd->bin_days[WD_TUE], 2);

    for (int m = 0; m < M_COUNT; m++)
        for (size_t g = 0; g <= by_day->n_groups; g++)
            for (size_t r = 0; r < 3; r++)
                if (memcmp(sum_value(by_day, (enum metric)m, g, r),
                           sum_value(by_wd, (enum metric)m, g, r), sizeof(double)) != 0)
                    fail_msg("%s, group %zu, replication %zu: %.17g by day, %.17g by weekday",
                             sum_metric_name((enum metric)m), g, r,
                             *sum_value(by_day, (enum metric)m, g, r),
                             *sum_value(by_wd, (enum metric)m, g, r));

    for (size_t g = 0; g < by_day->n_groups; g++)
        for (int w = 0; w < WD_COUNT; w++)
            for (size_t h = 0; h < 24; h++) {
                double want[6] = { 0 };
                int n = 0;
                for (size_t d = 0; d < 15; d++) {
                    if ((WD_WED + d) % WD_COUNT != (size_t)w)
                        continue;
                    const struct hour_est *x = sum_hour(by_day, g, d * 24 + h);
                    double v[6] = { x->arrivals, x->served, x->forgone, x->queue_mean,
                                    x->queue_max, x->booths_open };
                    for (int k = 0; k < 6; k++)
                        want[k] += v[k];
                    n++;
                }
                const struct hour_est *y = sum_hour(by_wd, g, (size_t)w * 24 + h);
                double got[6] = { y->arrivals, y->served, y->forgone, y->queue_mean,
                                  y->queue_max, y->booths_open };
                for (int k = 0; k < 6; k++)
                    if (!(fabs(got[k] - want[k] / n) <= 1e-9 * (1 + fabs(got[k]))))
                        fail_msg("group %zu, weekday %d, hour %zu, figure %d: %.17g pooled, "
                                 "%.17g from the days", g, w, h, k, got[k], want[k] / n);
            }
    sum_free(by_day);
    sum_free(by_wd);

    /* auto: by day up to HOURLY_AUTO_DAYS measured days, by weekday beyond. */
    s->run.hourly = HOURLY_AUTO;
    s->run.days = HOURLY_AUTO_DAYS;
    assert_false(scn_hourly_by_weekday(&s->run));
    s->run.days = HOURLY_AUTO_DAYS + 1;
    assert_true(scn_hourly_by_weekday(&s->run));
    scn_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(contract_keys),
        cmocka_unit_test(hourly_by_weekday),
        cmocka_unit_test(cost_by_hand),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
