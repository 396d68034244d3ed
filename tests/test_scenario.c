/*
 * test_scenario.c - the scenario loader accepts what it should, with the
 * right values.
 *
 * The two contract scenarios (mmc.json and port.json, kept in tests/contract/
 * as the team's design gives them; $POESIM_CONTRACT overrides the folder, to
 * check another copy) must load unchanged, and every value is checked against the file by hand: shares
 * normalised, the general share as the remainder, defaults filled in,
 * staffing and opening hours as step functions, secondary per direction,
 * costs defaulted or overridden, flex lane groups (assignment schedules and
 * queue-driven policies) and changeover times.  Small inline scenarios (scn_parse) cover
 * the forms the contract files do not use.  Refusals are the business of
 * test_bad_scenarios.c and its corpus.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario.h"
#include "testutil.h"

#define EPS 1e-12
#define CONTRACT_DEFAULT "tests/contract"

/* The DOMAIN.md defaults the loader must fill in (restated here on purpose:
 * a test that imported them would not notice a changed default). */
#define POV_OCCUPANCY 1.68
#define VOT_POV 17.80
#define VOT_PEDESTRIAN 32.40
#define VOT_BUS 17.80
#define VOT_TRUCK 32.00
#define TRUCK_OPERATING 71.57

static struct scenario *load_contract(const char *name)
{
    const char *dir = getenv("POESIM_CONTRACT");
    char path[FILENAME_MAX];
    struct err e = {0};
    snprintf(path, sizeof path, "%s/%s", dir ? dir : CONTRACT_DEFAULT, name);
    struct scenario *s = scn_load(path, &e);
    if (!s)
        fail_msg("%s did not load: %s", path, e.msg);
    return s;
}

static struct scenario *parse_ok(const char *text)
{
    struct err e = {0};
    struct scenario *s = scn_parse(text, strlen(text), "inline.json", &e);
    if (!s)
        fail_msg("inline scenario refused: %s", e.msg);
    return s;
}

static void assert_steps(const struct daysched *ds, enum weekday w, int n, const int *minute,
                         const int *value)
{
    assert_int_equal(ds->day[w].n, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(ds->day[w].minute[i], minute[i]);
        assert_int_equal(ds->day[w].value[i], value[i]);
    }
}

static void assert_constant(const struct daysched *ds, int value)
{
    for (int w = 0; w < WD_COUNT; w++) {
        assert_int_equal(ds->day[w].n, 1);
        assert_int_equal(ds->day[w].minute[0], 0);
        assert_int_equal(ds->day[w].value[0], value);
    }
}

/* Every group of s serves one queue for good: its only assignment is its
 * direction, mode and programme. */
static void assert_fixed_groups(const struct scenario *s)
{
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        assert_int_equal(l->n_assign, 1);
        assert_int_equal(l->assign[0].dir, l->dir);
        assert_int_equal(l->assign[0].mode, l->mode);
        assert_int_equal(l->assign[0].prog, l->program);
        assert_false(l->scheduled);
        assert_false(l->has_policy);
        assert_near(l->changeover_s, 0, EPS);
    }
}

static void assert_assignment(const struct assignment *a, enum direction d, enum mode m,
                              enum program p)
{
    assert_int_equal(a->dir, d);
    assert_int_equal(a->mode, m);
    assert_int_equal(a->prog, p);
}

static void assert_default_costs(const struct costs *k)
{
    assert_int_equal(k->price_year, 2020);
    assert_near(k->value_of_time[MODE_POV], VOT_POV, EPS);
    assert_near(k->value_of_time[MODE_PEDESTRIAN], VOT_PEDESTRIAN, EPS);
    assert_near(k->value_of_time[MODE_BUS], VOT_BUS, EPS);
    assert_near(k->value_of_time[MODE_TRUCK], VOT_TRUCK, EPS);
    assert_near(k->truck_operating, TRUCK_OPERATING, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_POV], 0.16, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_PEDESTRIAN], 0, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_BUS], 0.49, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_TRUCK], 0.49, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_POV], 3.50, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_PEDESTRIAN], 0, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_BUS], 4.00, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_TRUCK], 4.00, EPS);
    assert_near(k->co2_kg_per_gal[MODE_POV], 8.89, EPS);
    assert_near(k->co2_kg_per_gal[MODE_PEDESTRIAN], 0, EPS);
    assert_near(k->co2_kg_per_gal[MODE_BUS], 10.18, EPS);
    assert_near(k->co2_kg_per_gal[MODE_TRUCK], 10.18, EPS);
}

/* ---- contract files ---- */

static void test_contract_mmc(void **state)
{
    (void)state;
    struct scenario *s = load_contract("mmc.json");
    assert_string_equal(s->name, "contract-mmc");
    assert_non_null(strstr(s->title, "M/M/5"));
    assert_true(strstr(s->path, "contract/mmc.json") != NULL);
    assert_int_equal(s->n_sources, 0);
    assert_int_equal(s->n_warnings, 0);
    assert_int_equal(s->run.days, 20);
    assert_int_equal(s->run.warmup_days, 1);
    assert_int_equal(s->run.replications, 8);
    assert_int_equal(s->run.seed, 7);
    assert_int_equal(s->run.start, WD_MON);

    assert_int_equal(s->n_demand, 1);
    const struct demand *d = &s->demand[0];
    assert_string_equal(d->name, "cars");
    assert_int_equal(d->dir, DIR_NORTH);
    assert_int_equal(d->mode, MODE_POV);
    assert_near(d->per_day, 6048, EPS);
    for (int h = 0; h < HOURS_PER_DAY; h++)
        assert_near(d->hourly_share[0][h], 1.0 / 24, EPS);
    for (int w = 0; w < WD_COUNT; w++)
        assert_near(d->weekday_factor[w], 1, EPS);
    assert_near(d->program_share[PROG_GENERAL], 1, EPS);
    for (int p = 1; p < PROG_COUNT; p++)
        assert_near(d->program_share[p], 0, EPS);
    assert_near(d->occupancy, POV_OCCUPANCY, EPS);
    assert_int_equal(d->when_closed, CLOSED_WAIT);
    assert_int_equal(d->arrivals, ARR_POISSON);

    assert_int_equal(s->n_lanes, 1);
    const struct lanegroup *l = &s->lanes[0];
    assert_string_equal(l->name, "general");
    assert_int_equal(l->program, PROG_GENERAL);
    assert_int_equal(l->lanes, 5);
    assert_int_equal(l->booths_per_lane, 1);
    assert_int_equal(l->booths, 5);
    assert_constant(&l->staffed, 5);
    assert_int_equal(l->storage, -1);
    assert_fixed_groups(s);

    for (int m = 0; m < MODE_COUNT; m++)
        for (int p = 0; p < PROG_COUNT; p++)
            assert_int_equal(s->has_service[DIR_NORTH][m][p], m == MODE_POV && p == PROG_GENERAL);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].kind, DIST_EXPONENTIAL);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].mean_s, 60, EPS);
    for (int m = 0; m < MODE_COUNT; m++) {
        assert_false(s->has_hours[DIR_NORTH][m]);
        for (int dir = 0; dir < DIR_COUNT; dir++)
            assert_false(s->secondary[dir][m].present);
    }
    assert_default_costs(&s->costs);
    scn_free(s);
}

static void test_contract_port(void **state)
{
    (void)state;
    struct scenario *s = load_contract("port.json");
    assert_string_equal(s->name, "contract-port");
    assert_int_equal(s->n_sources, 1);
    assert_non_null(strstr(s->sources[0], "DOMAIN.md"));
    assert_int_equal(s->run.days, 7);
    assert_int_equal(s->run.seed, 2024);
    assert_int_equal(s->run.replications, 10);
    assert_int_equal(s->n_demand, 4);
    assert_int_equal(s->n_lanes, 8);
    assert_fixed_groups(s);

    /* demand[0]: hourly shares sum to 1.03 in the file: normalised, with a warning */
    const struct demand *d = &s->demand[0];
    double sum = 0;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        sum += d->hourly_share[0][h];
    assert_near(sum, 1, 1e-12);
    assert_near(d->hourly_share[0][6] / d->hourly_share[0][0], 0.080 / 0.020, 1e-12);
    assert_near(d->hourly_share[0][0], 0.020 / 1.030, 1e-12);
    assert_int_equal(s->n_warnings, 2);
    assert_non_null(strstr(s->warnings[0], "contract/port.json: demand[0].hourly_share: sums to "
                                           "1.030; normalised so that the day's total is per_day"));
    assert_non_null(strstr(s->warnings[1], "demand[3].hourly_share: sums to 1.005"));
    /* weekday factors: given days, others 1 */
    assert_near(d->weekday_factor[WD_SAT], 0.9, EPS);
    assert_near(d->weekday_factor[WD_SUN], 1.2, EPS);
    assert_near(d->weekday_factor[WD_MON], 1, EPS);
    /* general = the remainder */
    assert_near(d->program_share[PROG_SENTRI], 0.30, EPS);
    assert_near(d->program_share[PROG_READY], 0.35, EPS);
    assert_near(d->program_share[PROG_GENERAL], 0.35, 1e-12);
    assert_near(d->program_share[PROG_FAST], 0, EPS);
    assert_near(d->occupancy, 1.74, EPS);

    assert_int_equal(s->demand[1].dir, DIR_SOUTH);
    assert_near(s->demand[1].occupancy, 1.6, EPS);
    assert_near(s->demand[1].program_share[PROG_GENERAL], 1, EPS);
    assert_int_equal(s->demand[2].mode, MODE_PEDESTRIAN);
    assert_near(s->demand[2].occupancy, 1, EPS);
    assert_near(s->demand[2].program_share[PROG_GENERAL], 0.6, 1e-12);
    assert_near(s->demand[2].program_share[PROG_READY], 0.4, EPS);
    const struct demand *t = &s->demand[3];
    assert_int_equal(t->mode, MODE_TRUCK);
    assert_near(t->occupancy, 1, EPS);
    assert_near(t->program_share[PROG_FAST], 0.25, EPS);
    assert_near(t->program_share[PROG_GENERAL], 0.75, 1e-12);
    assert_int_equal(t->when_closed, CLOSED_WAIT);

    /* staffing schedules */
    const struct lanegroup *g = &s->lanes[0];
    assert_int_equal(g->booths, 12);
    static const int min3[] = {0, 300, 1260}, val_g[] = {4, 12, 6}, val_r[] = {3, 8, 4};
    for (int w = 0; w < WD_COUNT; w++) {
        assert_steps(&g->staffed, (enum weekday)w, 3, min3, val_g);
        assert_steps(&s->lanes[1].staffed, (enum weekday)w, 3, min3, val_r);
    }
    assert_int_equal(s->lanes[1].program, PROG_READY);
    assert_int_equal(s->lanes[2].program, PROG_SENTRI);
    assert_constant(&s->lanes[2].staffed, 4);
    assert_int_equal(s->lanes[4].booths_per_lane, 1);
    assert_constant(&s->lanes[4].staffed, 4);
    assert_int_equal(s->lanes[7].program, PROG_FAST);

    /* opening hours: trucks only */
    for (int m = 0; m < MODE_COUNT; m++)
        assert_int_equal(s->has_hours[DIR_NORTH][m], m == MODE_TRUCK);
    const struct daysched *hr = &s->hours[DIR_NORTH][MODE_TRUCK];
    static const int wk_min[] = {0, 360, 1320}, sat_min[] = {0, 480, 960}, oc[] = {0, 1, 0};
    for (int w = WD_MON; w <= WD_FRI; w++)
        assert_steps(hr, (enum weekday)w, 3, wk_min, oc);
    assert_steps(hr, WD_SAT, 3, sat_min, oc);
    static const int zero[] = {0};
    assert_steps(hr, WD_SUN, 1, zero, zero);

    /* service */
    assert_true(s->has_service[DIR_NORTH][MODE_POV][PROG_SENTRI]);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].kind, DIST_LOGNORMAL);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].cv, 0.6, 1e-12);
    assert_int_equal(s->service[DIR_NORTH][MODE_TRUCK][PROG_FAST].kind, DIST_GAMMA);
    assert_near(s->service[DIR_NORTH][MODE_TRUCK][PROG_FAST].mean_s, 40, 1e-9);
    assert_false(s->has_service[DIR_NORTH][MODE_BUS][PROG_GENERAL]);
    assert_true(s->has_service[DIR_SOUTH][MODE_POV][PROG_GENERAL]);
    assert_false(s->has_service[DIR_SOUTH][MODE_POV][PROG_READY]);

    /* secondary: a "MODE" entry for every direction that has that mode */
    const struct secondary *pn = &s->secondary[DIR_NORTH][MODE_POV];
    assert_true(pn->present);
    assert_true(s->secondary[DIR_SOUTH][MODE_POV].present);
    assert_true(s->secondary[DIR_NORTH][MODE_PEDESTRIAN].present);
    assert_false(s->secondary[DIR_SOUTH][MODE_PEDESTRIAN].present);
    assert_false(s->secondary[DIR_NORTH][MODE_BUS].present);
    assert_false(s->secondary[DIR_SOUTH][MODE_TRUCK].present);
    assert_near(pn->referral[PROG_GENERAL], 0.02, EPS);
    assert_near(pn->referral[PROG_SENTRI], 0.02, EPS);
    assert_near(pn->referral[PROG_FAST], 0, EPS);
    assert_int_equal(pn->spaces, 30);
    assert_near(pn->service.mean_s, 900, 1e-9);
    const struct secondary *tn = &s->secondary[DIR_NORTH][MODE_TRUCK];
    assert_true(tn->present);
    assert_near(tn->referral[PROG_GENERAL], 0.06, EPS);
    assert_near(tn->referral[PROG_FAST], 0.02, EPS);
    assert_near(tn->referral[PROG_READY], 0, EPS);
    assert_int_equal(tn->spaces, 12);
    assert_near(tn->service.cv, 1.0, 1e-12);

    /* costs: the file's values, defaults for what it leaves out */
    assert_default_costs(&s->costs);
    scn_free(s);
}

/* ---- inline scenarios ---- */

#define POV_NORTH_ONLY \
    "\"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100}]," \
    "\"lanes\": [{\"name\": \"g\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2}]," \
    "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}}"

static void test_minimal_defaults(void **state)
{
    (void)state;
    struct scenario *s = parse_ok("{\"name\": \"m\", " POV_NORTH_ONLY "}");
    assert_string_equal(s->path, "inline.json");
    assert_string_equal(s->title, "");
    assert_int_equal(s->n_sources, 0);
    assert_int_equal(s->n_notes, 0);
    assert_int_equal(s->run.days, 7);
    assert_int_equal(s->run.warmup_days, 1);
    assert_int_equal(s->run.replications, 10);
    assert_int_equal(s->run.seed, 1);
    assert_int_equal(s->run.start, WD_MON);
    assert_int_equal(s->lanes[0].booths_per_lane, 1);
    assert_constant(&s->lanes[0].staffed, 2);
    assert_int_equal(s->lanes[0].storage, -1);
    assert_default_costs(&s->costs);
    scn_free(s);
}

static void test_run_and_texts(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"r.1_x-y\", \"title\": \"T\", \"sources\": [\"a\", \"b\"], \"notes\": [\"n\"],"
        "\"run\": {\"days\": 3660, \"warmup_days\": 0, \"replications\": 10000,"
        "          \"seed\": 9007199254740992, \"start\": \"sat\"}," POV_NORTH_ONLY "}");
    assert_string_equal(s->name, "r.1_x-y");
    assert_string_equal(s->title, "T");
    assert_int_equal(s->n_sources, 2);
    assert_string_equal(s->sources[1], "b");
    assert_int_equal(s->n_notes, 1);
    assert_string_equal(s->notes[0], "n");
    assert_int_equal(s->run.days, 3660);
    assert_int_equal(s->run.warmup_days, 0);
    assert_int_equal(s->run.replications, 10000);
    assert_true(s->run.seed == UINT64_C(9007199254740992));
    assert_int_equal(s->run.start, WD_SAT);
    scn_free(s);
}

static void test_shares(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"s\","
        "\"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100,"
        "  \"program_share\": {\"general\": 0.5, \"sentri\": 0.5},"
        "  \"hourly_share\": [0,0,0,0,0,0,0.5,0.5,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],"
        "  \"when_closed\": \"forgo\", \"arrivals\": \"deterministic\"},"
        " {\"name\": \"bus\", \"direction\": \"north\", \"mode\": \"bus\", \"per_day\": 10,"
        "  \"occupancy\": 30, \"program_share\": {\"ready\": 1}}],"
        "\"lanes\": [{\"name\": \"g\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2},"
        "  {\"name\": \"s\", \"direction\": \"north\", \"mode\": \"pov\", \"program\": \"sentri\", \"lanes\": 1},"
        "  {\"name\": \"b\", \"direction\": \"north\", \"mode\": \"bus\", \"program\": \"ready\", \"lanes\": 1}],"
        "\"service\": {\"pov.general\": {\"dist\": \"deterministic\", \"mean_s\": 30},"
        "  \"pov.sentri\": {\"dist\": \"uniform\", \"min_s\": 0, \"max_s\": 20},"
        "  \"bus.ready\": {\"dist\": \"gamma\", \"mean_s\": 300, \"cv\": 0.5}}}");
    assert_int_equal(s->n_warnings, 0);     /* shares summing to 1 are left alone */
    const struct demand *d = &s->demand[0];
    assert_near(d->hourly_share[0][6], 0.5, EPS);
    assert_near(d->hourly_share[0][0], 0, EPS);
    assert_near(d->program_share[PROG_GENERAL], 0.5, EPS);
    assert_near(d->program_share[PROG_SENTRI], 0.5, EPS);
    assert_int_equal(d->when_closed, CLOSED_FORGO);
    assert_int_equal(d->arrivals, ARR_DETERMINISTIC);
    assert_int_equal(s->demand[1].arrivals, ARR_POISSON);
    const struct demand *b = &s->demand[1];
    assert_near(b->occupancy, 30, EPS);
    assert_near(b->program_share[PROG_GENERAL], 0, EPS);
    assert_near(b->program_share[PROG_READY], 1, EPS);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].kind, DIST_DETERMINISTIC);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_SENTRI].kind, DIST_UNIFORM);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_SENTRI].mean_s, 10, 1e-12);
    assert_int_equal(s->service[DIR_NORTH][MODE_BUS][PROG_READY].kind, DIST_GAMMA);
    scn_free(s);
}

static void test_weekly_staffing_and_storage(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"w\","
        "\"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"a\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 3,"
        "   \"booths_per_lane\": 2, \"storage\": 50,"
        "   \"staffed_booths\": {\"default\": {\"00:00\": 2, \"06:00\": 6, \"07:00\": 6, \"22:00\": 2},"
        "                        \"sun\": {\"00:00\": 0}}},"
        "  {\"name\": \"b\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 1, \"storage\": 0}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}}}");
    const struct lanegroup *l = &s->lanes[0];
    assert_int_equal(l->booths, 6);
    assert_int_equal(l->storage, 50);
    assert_int_equal(s->lanes[1].storage, 0);
    /* equal neighbouring steps are merged */
    static const int min[] = {0, 360, 1320}, val[] = {2, 6, 2}, zero[] = {0};
    for (int w = WD_MON; w <= WD_SAT; w++)
        assert_steps(&l->staffed, (enum weekday)w, 3, min, val);
    assert_steps(&l->staffed, WD_SUN, 1, zero, zero);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 0), 2);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 359), 2);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 360), 6);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 1319), 6);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 1320), 2);
    assert_int_equal(scn_sched_at(&l->staffed, WD_TUE, 1439), 2);
    assert_int_equal(scn_sched_at(&l->staffed, WD_SUN, 720), 0);
    scn_free(s);
}

static void test_hours_forms(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"h\","
        "\"demand\": [{\"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100},"
        "  {\"name\": \"walk\", \"direction\": \"south\", \"mode\": \"pedestrian\", \"per_day\": 100},"
        "  {\"name\": \"trucks\", \"direction\": \"north\", \"mode\": \"truck\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"g\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2},"
        "  {\"name\": \"p\", \"direction\": \"south\", \"mode\": \"pedestrian\", \"lanes\": 2},"
        "  {\"name\": \"t\", \"direction\": \"north\", \"mode\": \"truck\", \"lanes\": 2}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30},"
        "  \"pedestrian.general\": {\"dist\": \"exponential\", \"mean_s\": 30},"
        "  \"truck.general\": {\"dist\": \"exponential\", \"mean_s\": 30}},"
        "\"hours\": {\"pov\": [\"06:00-12:00\", \"12:00-14:00\", \"20:00-24:00\"],"
        "  \"pedestrian\": {\"sat\": \"closed\", \"sun\": \"00:00-12:30\"},"
        "  \"truck\": {\"default\": \"open\", \"wed\": \"08:00-16:00\"}}}");
    static const int pov_min[] = {0, 360, 840, 1200}, pov_val[] = {0, 1, 0, 1};
    static const int one[] = {1}, zero[] = {0}, sun_min[] = {0, 750}, sun_val[] = {1, 0};
    static const int wed_min[] = {0, 480, 960}, wed_val[] = {0, 1, 0};
    for (int w = 0; w < WD_COUNT; w++)
        assert_steps(&s->hours[DIR_NORTH][MODE_POV], (enum weekday)w, 4, pov_min, pov_val);
    assert_steps(&s->hours[DIR_NORTH][MODE_PEDESTRIAN], WD_MON, 1, zero, one);     /* no default: open */
    assert_steps(&s->hours[DIR_NORTH][MODE_PEDESTRIAN], WD_SAT, 1, zero, zero);
    assert_steps(&s->hours[DIR_NORTH][MODE_PEDESTRIAN], WD_SUN, 2, sun_min, sun_val);
    assert_steps(&s->hours[DIR_NORTH][MODE_TRUCK], WD_TUE, 1, zero, one);
    assert_steps(&s->hours[DIR_NORTH][MODE_TRUCK], WD_WED, 3, wed_min, wed_val);
    assert_true(s->has_hours[DIR_NORTH][MODE_POV] && s->has_hours[DIR_NORTH][MODE_PEDESTRIAN] && s->has_hours[DIR_NORTH][MODE_TRUCK]);
    assert_false(s->has_hours[DIR_NORTH][MODE_BUS]);
    assert_int_equal(scn_sched_at(&s->hours[DIR_NORTH][MODE_POV], WD_FRI, 839), 1);
    assert_int_equal(scn_sched_at(&s->hours[DIR_NORTH][MODE_POV], WD_FRI, 840), 0);
    assert_int_equal(scn_sched_at(&s->hours[DIR_NORTH][MODE_POV], WD_FRI, 1439), 1);
    scn_free(s);
}

static void test_secondary_per_direction(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"sec\","
        "\"demand\": [{\"name\": \"tn\", \"direction\": \"north\", \"mode\": \"truck\", \"per_day\": 100,"
        "              \"program_share\": {\"fast\": 0.5}},"
        "  {\"name\": \"ts\", \"direction\": \"south\", \"mode\": \"truck\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"tn\", \"direction\": \"north\", \"mode\": \"truck\", \"lanes\": 2},"
        "  {\"name\": \"tf\", \"direction\": \"north\", \"mode\": \"truck\", \"program\": \"fast\", \"lanes\": 1},"
        "  {\"name\": \"ts\", \"direction\": \"south\", \"mode\": \"truck\", \"lanes\": 2}],"
        "\"service\": {\"truck.general\": {\"dist\": \"exponential\", \"mean_s\": 120},"
        "  \"truck.fast\": {\"dist\": \"empirical\", \"values_s\": [20, 30, 40]}},"
        "\"secondary\": {\"north.truck\": {\"referral\": {\"fast\": 0.01}, \"spaces\": 3,"
        "                  \"service\": {\"dist\": \"deterministic\", \"mean_s\": 600}},"
        "  \"truck\": {\"referral\": 0.1, \"spaces\": 8,"
        "            \"service\": {\"dist\": \"empirical\", \"values_s\": [300, 900]}}}}");
    const struct secondary *n = &s->secondary[DIR_NORTH][MODE_TRUCK];
    const struct secondary *so = &s->secondary[DIR_SOUTH][MODE_TRUCK];
    assert_true(n->present && so->present);
    /* "north.truck" overrides "truck" for the north, whatever the order written */
    assert_int_equal(n->spaces, 3);
    assert_near(n->referral[PROG_FAST], 0.01, EPS);
    assert_near(n->referral[PROG_GENERAL], 0, EPS);
    assert_int_equal(n->service.kind, DIST_DETERMINISTIC);
    assert_int_equal(so->spaces, 8);
    assert_near(so->referral[PROG_GENERAL], 0.1, EPS);
    assert_near(so->referral[PROG_FAST], 0.1, EPS);
    assert_near(so->referral[PROG_SENTRI], 0, EPS);     /* not a truck programme */
    assert_int_equal(so->service.kind, DIST_EMPIRICAL);
    assert_int_equal(so->service.n_values, 2);
    assert_near(so->service.values[1], 900, EPS);
    assert_near(so->service.mean_s, 600, 1e-9);
    const struct dist *f = &s->service[DIR_NORTH][MODE_TRUCK][PROG_FAST];
    assert_int_equal(f->kind, DIST_EMPIRICAL);
    assert_int_equal(f->n_values, 3);
    assert_near(f->values[0], 20, EPS);
    assert_near(f->mean_s, 30, 1e-9);
    scn_free(s);
}

static void test_secondary_mode_entry_both_directions(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"sec2\","
        "\"demand\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"lanes\": 2}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}},"
        "\"secondary\": {\"pov\": {\"referral\": 0.05, \"spaces\": 4,"
        "            \"service\": {\"dist\": \"empirical\", \"values_s\": [100, 200, 300]}}}}");
    const struct secondary *n = &s->secondary[DIR_NORTH][MODE_POV];
    const struct secondary *so = &s->secondary[DIR_SOUTH][MODE_POV];
    assert_true(n->present && so->present);
    assert_int_equal(n->spaces, 4);
    assert_int_equal(so->spaces, 4);
    /* each direction owns its copy of the values */
    assert_ptr_not_equal(n->service.values, so->service.values);
    assert_near(n->service.values[2], 300, EPS);
    assert_near(so->service.values[2], 300, EPS);
    scn_free(s);
}

/* "DIRECTION.MODE.PROGRAM" service entries override "MODE.PROGRAM" for one
 * direction; the other direction keeps the mode entry. */
static void test_service_per_direction(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\":\"t\","
        "\"demand\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":100},"
        "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"per_day\":100}],"
        "\"lanes\":[{\"name\":\"n\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1},"
        "{\"name\":\"s\",\"direction\":\"south\",\"mode\":\"pov\",\"lanes\":1}],"
        "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":45},"
        "\"south.pov.general\":{\"dist\":\"empirical\",\"values_s\":[5,10,15]}}}");
    assert_true(s->has_service[DIR_NORTH][MODE_POV][PROG_GENERAL]);
    assert_true(s->has_service[DIR_SOUTH][MODE_POV][PROG_GENERAL]);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].kind, DIST_EXPONENTIAL);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].mean_s, 45, 1e-12);
    assert_int_equal(s->service[DIR_SOUTH][MODE_POV][PROG_GENERAL].kind, DIST_EMPIRICAL);
    assert_near(s->service[DIR_SOUTH][MODE_POV][PROG_GENERAL].mean_s, 10, 1e-12);
    scn_free(s);
}

static void test_costs_override(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"c\", " POV_NORTH_ONLY ","
        "\"costs\": {\"price_year\": 2024, \"value_of_time_usd_per_hour\": {\"pov\": 20},"
        "  \"truck_operating_usd_per_hour\": 90.89, \"idle_fuel_gal_per_hour\": {\"bus\": 0.6},"
        "  \"fuel_usd_per_gal\": {\"pedestrian\": 0, \"pov\": 4.1}, \"co2_kg_per_gal\": {\"truck\": 10}}}");
    const struct costs *k = &s->costs;
    assert_int_equal(k->price_year, 2024);
    assert_near(k->value_of_time[MODE_POV], 20, EPS);
    assert_near(k->value_of_time[MODE_TRUCK], VOT_TRUCK, EPS);
    assert_near(k->truck_operating, 90.89, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_BUS], 0.6, EPS);
    assert_near(k->idle_fuel_gal_per_hour[MODE_POV], 0.16, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_POV], 4.1, EPS);
    assert_near(k->fuel_usd_per_gal[MODE_TRUCK], 4.0, EPS);
    assert_near(k->co2_kg_per_gal[MODE_TRUCK], 10, EPS);
    assert_near(k->co2_kg_per_gal[MODE_POV], 8.89, EPS);
    scn_free(s);
}

/* The investment block: given values, sourced defaults, and absent. */
static void test_investment(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"i\", " POV_NORTH_ONLY ","
        "\"investment\": {\"capital_usd\": 12500000, \"om_usd_per_year\": 250000,"
        "  \"staffing_usd_per_booth_hour\": 85.5, \"life_years\": 30, \"discount_rate\": 0.03,"
        "  \"days_per_year\": 360}}");
    const struct investment *v = &s->investment;
    assert_true(v->present);
    assert_near(v->capital_usd, 12.5e6, EPS);
    assert_near(v->om_usd_per_year, 250000, EPS);
    assert_near(v->staffing_usd_per_booth_hour, 85.5, EPS);
    assert_int_equal(v->life_years, 30);
    assert_near(v->discount_rate, 0.03, EPS);
    assert_near(v->days_per_year, 360, EPS);
    scn_free(s);
    /* the required keys only: USDOT's 7% real rate, every day of the year,
     * no O&M or staffing cost */
    s = parse_ok("{\"name\": \"i\", " POV_NORTH_ONLY ","
                 "\"investment\": {\"capital_usd\": 0, \"life_years\": 1}}");
    v = &s->investment;
    assert_true(v->present);
    assert_near(v->capital_usd, 0, EPS);
    assert_int_equal(v->life_years, 1);
    assert_near(v->discount_rate, 0.07, EPS);
    assert_near(v->days_per_year, 365, EPS);
    assert_near(v->om_usd_per_year, 0, EPS);
    assert_near(v->staffing_usd_per_booth_hour, 0, EPS);
    scn_free(s);
    /* the limits themselves are allowed */
    s = parse_ok("{\"name\": \"i\", " POV_NORTH_ONLY ","
                 "\"investment\": {\"capital_usd\": 1e12, \"life_years\": 100,"
                 "  \"discount_rate\": 0.5, \"days_per_year\": 366}}");
    assert_near(s->investment.capital_usd, 1e12, EPS);
    assert_int_equal(s->investment.life_years, 100);
    scn_free(s);
    s = parse_ok("{\"name\": \"i\", " POV_NORTH_ONLY ", \"investment\": {\"capital_usd\": 1,"
                 "  \"life_years\": 5, \"discount_rate\": 0, \"days_per_year\": 1}}");
    assert_near(s->investment.discount_rate, 0, EPS);
    assert_near(s->investment.days_per_year, 1, EPS);
    scn_free(s);
    /* absent: not present */
    s = parse_ok("{\"name\": \"i\", " POV_NORTH_ONLY "}");
    assert_false(s->investment.present);
    scn_free(s);
}

/* scn_load is scn_load_with without overrides. */
static void test_load_with_nothing(void **state)
{
    (void)state;
    struct err e = {0};
    struct scenario *a = scn_load("scenarios/san_ysidro.json", &e);
    struct scenario *b = scn_load_with("scenarios/san_ysidro.json", NULL, 0, &e);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->n_lanes, b->n_lanes);
    assert_int_equal(a->n_demand, b->n_demand);
    for (size_t i = 0; i < a->n_lanes; i++)
        assert_int_equal(a->lanes[i].booths, b->lanes[i].booths);
    scn_free(a);
    scn_free(b);
}

/* ---- flex lanes ---- */

/* A Stanton-Lerdo-style contraflow lane: southbound at night, northbound
 * SENTRI by day; steps that repeat a value are merged. */
static void test_flex_schedule(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"f\","
        "\"demand\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100,"
        "              \"program_share\": {\"sentri\": 0.3}},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2},"
        "  {\"name\": \"contra\", \"lanes\": 1, \"assignment\": {\"00:00\": \"south.pov.general\","
        "     \"06:00\": \"north.pov.sentri\", \"12:00\": \"north.pov.sentri\","
        "     \"22:00\": \"south.pov.general\"}},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"lanes\": 3}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30},"
        "  \"pov.sentri\": {\"dist\": \"exponential\", \"mean_s\": 20}}}");
    const struct lanegroup *l = &s->lanes[1];
    assert_true(l->scheduled);
    assert_false(l->has_policy);
    assert_int_equal(l->n_assign, 2);
    assert_assignment(&l->assign[0], DIR_SOUTH, MODE_POV, PROG_GENERAL);
    assert_assignment(&l->assign[1], DIR_NORTH, MODE_POV, PROG_SENTRI);
    assert_int_equal(l->dir, DIR_SOUTH);
    assert_int_equal(l->mode, MODE_POV);
    assert_int_equal(l->program, PROG_GENERAL);
    static const int min[] = {0, 360, 1320}, val[] = {0, 1, 0};
    for (int w = 0; w < WD_COUNT; w++)
        assert_steps(&l->schedule, (enum weekday)w, 3, min, val);
    assert_int_equal(scn_sched_at(&l->schedule, WD_WED, 0), 0);
    assert_int_equal(scn_sched_at(&l->schedule, WD_WED, 359), 0);
    assert_int_equal(scn_sched_at(&l->schedule, WD_WED, 360), 1);
    assert_int_equal(scn_sched_at(&l->schedule, WD_WED, 1319), 1);
    assert_int_equal(scn_sched_at(&l->schedule, WD_SUN, 1439), 0);
    assert_int_equal(l->storage, -1);
    assert_near(l->changeover_s, 0, EPS);
    assert_constant(&l->staffed, 1);
    /* the flex group's queues have their service times; fixed groups are as before */
    assert_true(s->has_service[DIR_NORTH][MODE_POV][PROG_SENTRI]);
    assert_true(s->has_service[DIR_SOUTH][MODE_POV][PROG_GENERAL]);
    assert_false(s->has_service[DIR_SOUTH][MODE_POV][PROG_SENTRI]);
    assert_int_equal(s->lanes[0].n_assign, 1);
    assert_false(s->lanes[0].scheduled);
    assert_int_equal(s->n_warnings, 0);
    scn_free(s);
}

/* Per-weekday assignment schedules: assignments are numbered in the order
 * they are first met, "default" first, then mon..sun; a "default" that no
 * weekday takes adds none. */
static void test_flex_schedule_weekly(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"fw\","
        "\"demand\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100,"
        "              \"program_share\": {\"sentri\": 0.3}},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100},"
        "  {\"name\": \"t\", \"direction\": \"north\", \"mode\": \"truck\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"flex\", \"lanes\": 4, \"assignment\": {"
        "     \"sat\": {\"00:00\": \"north.truck.general\", \"17:00\": \"north.pov.general\","
        "               \"23:00\": \"north.truck.general\"},"
        "     \"default\": {\"00:00\": \"south.pov.general\", \"06:00\": \"north.pov.sentri\"}}},"
        "  {\"name\": \"week\", \"lanes\": 1, \"assignment\": {"
        "     \"default\": {\"00:00\": \"north.truck.general\"},"
        "     \"mon\": {\"00:00\": \"north.pov.sentri\", \"12:00\": \"south.pov.general\"},"
        "     \"tue\": {\"00:00\": \"north.pov.sentri\"}, \"wed\": {\"00:00\": \"north.pov.sentri\"},"
        "     \"thu\": {\"00:00\": \"north.pov.sentri\"}, \"fri\": {\"00:00\": \"north.pov.sentri\"},"
        "     \"sat\": {\"00:00\": \"north.pov.sentri\"}, \"sun\": {\"00:00\": \"north.pov.sentri\"}}}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30},"
        "  \"pov.sentri\": {\"dist\": \"exponential\", \"mean_s\": 20},"
        "  \"truck.general\": {\"dist\": \"exponential\", \"mean_s\": 90}}}");
    const struct lanegroup *l = &s->lanes[0];
    assert_true(l->scheduled);
    assert_int_equal(l->n_assign, 4);
    assert_assignment(&l->assign[0], DIR_SOUTH, MODE_POV, PROG_GENERAL);
    assert_assignment(&l->assign[1], DIR_NORTH, MODE_POV, PROG_SENTRI);
    assert_assignment(&l->assign[2], DIR_NORTH, MODE_TRUCK, PROG_GENERAL);
    assert_assignment(&l->assign[3], DIR_NORTH, MODE_POV, PROG_GENERAL);
    assert_int_equal(l->dir, DIR_SOUTH);
    static const int def_min[] = {0, 360}, def_val[] = {0, 1};
    static const int sat_min[] = {0, 1020, 1380}, sat_val[] = {2, 3, 2};
    for (int w = WD_MON; w <= WD_FRI; w++)
        assert_steps(&l->schedule, (enum weekday)w, 2, def_min, def_val);
    assert_steps(&l->schedule, WD_SAT, 3, sat_min, sat_val);
    assert_steps(&l->schedule, WD_SUN, 2, def_min, def_val);
    assert_int_equal(scn_sched_at(&l->schedule, WD_SAT, 1019), 2);
    assert_int_equal(scn_sched_at(&l->schedule, WD_SAT, 1020), 3);
    assert_int_equal(scn_sched_at(&l->schedule, WD_SAT, 1380), 2);
    assert_int_equal(scn_sched_at(&l->schedule, WD_SUN, 600), 1);

    const struct lanegroup *w = &s->lanes[1];
    assert_int_equal(w->n_assign, 2);       /* not north.truck.general: no weekday takes default */
    assert_assignment(&w->assign[0], DIR_NORTH, MODE_POV, PROG_SENTRI);
    assert_assignment(&w->assign[1], DIR_SOUTH, MODE_POV, PROG_GENERAL);
    assert_int_equal(w->dir, DIR_NORTH);
    assert_int_equal(w->program, PROG_SENTRI);
    static const int mon_min[] = {0, 720}, mon_val[] = {0, 1}, zero[] = {0};
    assert_steps(&w->schedule, WD_MON, 2, mon_min, mon_val);
    for (int d = WD_TUE; d <= WD_SUN; d++)
        assert_steps(&w->schedule, (enum weekday)d, 1, zero, zero);
    assert_true(s->has_service[DIR_NORTH][MODE_TRUCK][PROG_GENERAL]);
    assert_false(s->has_service[DIR_SOUTH][MODE_TRUCK][PROG_GENERAL]);
    scn_free(s);
}

/* A schedule with one assignment: a flex group that never switches (the
 * baseline of a flex proposal, with the same lane groups). */
static void test_flex_schedule_single(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"one\","
        "\"demand\": [{\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"rev\", \"lanes\": 1, \"changeover_min\": 15,"
        "   \"assignment\": {\"00:00\": \"south.pov.general\"}}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}}}");
    const struct lanegroup *l = &s->lanes[0];
    assert_true(l->scheduled);
    assert_int_equal(l->n_assign, 1);
    assert_assignment(&l->assign[0], DIR_SOUTH, MODE_POV, PROG_GENERAL);
    assert_int_equal(l->dir, DIR_SOUTH);
    assert_constant(&l->schedule, 0);
    assert_near(l->changeover_s, 900, EPS);
    scn_free(s);
}

/* A queue-driven reversal: every key given, and every default.  Storage on
 * the fixed group of a queue a flex group also serves is fine. */
static void test_flex_policy(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"p\","
        "\"demand\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2,"
        "             \"storage\": 100},"
        "  {\"name\": \"rev\", \"lanes\": 2, \"changeover_min\": 5, \"policy\": {"
        "     \"between\": [\"north.pov.general\", \"south.pov.general\"], \"measure\": \"wait\","
        "     \"threshold\": 12.5, \"sustain_min\": 10, \"min_dwell_min\": 45,"
        "     \"max_switches_per_day\": 6, \"check_every_min\": 0.5}},"
        "  {\"name\": \"rev2\", \"lanes\": 1, \"policy\": {"
        "     \"between\": [\"south.pov.general\", \"north.pov.general\"], \"threshold\": 20}},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"lanes\": 1}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}}}");
    const struct lanegroup *l = &s->lanes[1];
    assert_true(l->has_policy);
    assert_false(l->scheduled);
    assert_int_equal(l->n_assign, 2);
    assert_assignment(&l->assign[0], DIR_NORTH, MODE_POV, PROG_GENERAL);
    assert_assignment(&l->assign[1], DIR_SOUTH, MODE_POV, PROG_GENERAL);
    assert_int_equal(l->dir, DIR_NORTH);
    assert_int_equal(l->policy.from, 0);
    assert_int_equal(l->policy.to, 1);
    assert_int_equal(l->policy.measure, POLICY_WAIT);
    assert_near(l->policy.threshold, 12.5, EPS);
    assert_near(l->policy.sustain_s, 600, EPS);
    assert_near(l->policy.dwell_s, 2700, EPS);
    assert_int_equal(l->policy.max_per_day, 6);
    assert_near(l->policy.check_s, 30, EPS);
    assert_near(l->changeover_s, 300, EPS);
    assert_int_equal(l->storage, -1);

    const struct lanegroup *d = &s->lanes[2];
    assert_true(d->has_policy);
    assert_int_equal(d->dir, DIR_SOUTH);
    assert_assignment(&d->assign[1], DIR_NORTH, MODE_POV, PROG_GENERAL);
    assert_int_equal(d->policy.measure, POLICY_QUEUE);
    assert_near(d->policy.threshold, 20, EPS);
    assert_near(d->policy.sustain_s, 15 * 60, EPS);
    assert_near(d->policy.dwell_s, 60 * 60, EPS);
    assert_int_equal(d->policy.max_per_day, 4);
    assert_near(d->policy.check_s, 60, EPS);
    assert_near(d->changeover_s, 0, EPS);
    assert_int_equal(s->lanes[0].storage, 100);
    scn_free(s);
}

/* changeover_min: the top-level default for every group, overridden per
 * group; accepted silently on a fixed group. */
static void test_changeover(void **state)
{
    (void)state;
    struct scenario *s = parse_ok(
        "{\"name\": \"c\", \"changeover_min\": 30,"
        "\"demand\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"per_day\": 100},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"per_day\": 100}],"
        "\"lanes\": [{\"name\": \"n\", \"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 2,"
        "             \"changeover_min\": 1440},"
        "  {\"name\": \"a\", \"lanes\": 1, \"assignment\": {\"00:00\": \"south.pov.general\","
        "     \"06:00\": \"north.pov.general\"}},"
        "  {\"name\": \"b\", \"lanes\": 1, \"changeover_min\": 0, \"assignment\": {"
        "     \"00:00\": \"north.pov.general\", \"18:00\": \"south.pov.general\"}},"
        "  {\"name\": \"c\", \"lanes\": 1, \"changeover_min\": 7.5, \"policy\": {"
        "     \"between\": [\"north.pov.general\", \"south.pov.general\"], \"threshold\": 5}},"
        "  {\"name\": \"s\", \"direction\": \"south\", \"mode\": \"pov\", \"lanes\": 1}],"
        "\"service\": {\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 30}}}");
    assert_near(s->lanes[0].changeover_s, 86400, EPS);
    assert_near(s->lanes[1].changeover_s, 1800, EPS);
    assert_near(s->lanes[2].changeover_s, 0, EPS);
    assert_near(s->lanes[3].changeover_s, 450, EPS);
    assert_near(s->lanes[4].changeover_s, 1800, EPS);
    assert_int_equal(s->n_warnings, 0);
    scn_free(s);
    /* without the top-level key, no changeover time */
    s = parse_ok("{\"name\": \"m\", " POV_NORTH_ONLY "}");
    assert_near(s->lanes[0].changeover_s, 0, EPS);
    assert_int_equal(s->lanes[0].n_assign, 1);
    assert_assignment(&s->lanes[0].assign[0], DIR_NORTH, MODE_POV, PROG_GENERAL);
    scn_free(s);
}

static void test_parse_length_and_label(void **state)
{
    (void)state;
    /* scn_parse reads exactly len bytes: what follows is ignored */
    const char text[] = "{\"name\": \"m\", " POV_NORTH_ONLY "}GARBAGE";
    struct err e = {0};
    struct scenario *s = scn_parse(text, strlen(text) - strlen("GARBAGE"), "mem", &e);
    assert_non_null(s);
    scn_free(s);
    /* errors start with the label */
    s = scn_parse(text, strlen(text), "my label", &e);
    assert_null(s);
    assert_int_equal(e.code, EXIT_USAGE);
    assert_true(strncmp(e.msg, "my label:1:", strlen("my label:1:")) == 0);
    assert_non_null(strstr(e.msg, "JSON syntax error near 'GARBAGE'"));
    /* a path with a dot in a key is written with brackets */
    const char bad[] = "{\"name\": \"m\", " POV_NORTH_ONLY ", \"hours\": {\"pov\": \"x\"}}";
    s = scn_parse(bad, strlen(bad), "lbl", &e);
    assert_null(s);
    assert_non_null(strstr(e.msg, "lbl: hours.pov: expected \"HH:MM-HH:MM\""));
    assert_non_null(strstr(e.msg, "got \"x\""));
}

static void test_missing_file(void **state)
{
    (void)state;
    struct err e = {0};
    assert_null(scn_load("tests/no-such-scenario.json", &e));
    assert_int_equal(e.code, EXIT_USAGE);
    assert_string_equal(e.msg, "tests/no-such-scenario.json: cannot read: No such file or directory");
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(scn_direction_name(DIR_SOUTH), "south");
    assert_string_equal(scn_mode_name(MODE_PEDESTRIAN), "pedestrian");
    assert_string_equal(scn_program_name(PROG_SENTRI), "sentri");
    assert_string_equal(scn_weekday_name(WD_SUN), "sun");
    assert_null(scn_direction_name(DIR_COUNT));
    assert_null(scn_mode_name(MODE_COUNT));
    assert_null(scn_program_name(PROG_COUNT));
    assert_null(scn_weekday_name(WD_COUNT));
    assert_null(scn_weekday_name((enum weekday)-1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_mmc),
        cmocka_unit_test(test_contract_port),
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_run_and_texts),
        cmocka_unit_test(test_shares),
        cmocka_unit_test(test_weekly_staffing_and_storage),
        cmocka_unit_test(test_hours_forms),
        cmocka_unit_test(test_secondary_per_direction),
        cmocka_unit_test(test_secondary_mode_entry_both_directions),
        cmocka_unit_test(test_service_per_direction),
        cmocka_unit_test(test_costs_override),
        cmocka_unit_test(test_investment),
        cmocka_unit_test(test_load_with_nothing),
        cmocka_unit_test(test_flex_schedule),
        cmocka_unit_test(test_flex_schedule_weekly),
        cmocka_unit_test(test_flex_schedule_single),
        cmocka_unit_test(test_flex_policy),
        cmocka_unit_test(test_changeover),
        cmocka_unit_test(test_parse_length_and_label),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
