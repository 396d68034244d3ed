/*
 * scncost.c - costs, investment and assessment of a scenario (part of the
 * scenario module: scnkit.h).
 *
 * "costs" turns waiting into money, fuel and CO2 (values of time by mode,
 * truck operating cost, idle fuel, fuel price, CO2 per gallon, the value of
 * waiting for an opening), every default with its source below;
 * "investment" is what a proposal costs (capital, O&M, staffing, life,
 * discount rate, days a year), read the same way in a region file
 * (scnk_investment); "assessment" sets what poesim assess needs (crossings
 * per member a year, the step of its sweep, the queues to assess).
 */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "scnkit.h"

#define PRICE_YEAR_MIN 1990
#define PRICE_YEAR_MAX 2100
#define USD_PER_HOUR_MAX SCN_USD_PER_HOUR_MAX
#define GAL_PER_HOUR_MAX 100.0
#define USD_PER_GAL_MAX 100.0
#define CO2_KG_PER_GAL_MAX 100.0
#define CAPITAL_USD_MAX SCN_CAPITAL_USD_MAX
#define OM_USD_PER_YEAR_MAX SCN_OM_USD_PER_YEAR_MAX
#define LIFE_YEARS_MAX SCN_LIFE_YEARS_MAX
#define DISCOUNT_RATE_MAX SCN_DISCOUNT_RATE_MAX
#define DAYS_PER_YEAR_MIN SCN_DAYS_PER_YEAR_MIN
#define DAYS_PER_YEAR_MAX SCN_DAYS_PER_YEAR_MAX
#define CROSSINGS_PER_YEAR_MAX 10000.0      /* a member crossing 27 times a day: a typo guard */
#define SHARE_STEP_MAX 0.5

/* Price year of the value-of-time figures below. */
#define DEFAULT_PRICE_YEAR 2020
/* Value of travel time, USD per person-hour, 2020 $: USDOT BCA Guidance
 * 2022, Table A-3: all purposes 17.80 (POV, bus passengers), walking and
 * waiting 32.40 (pedestrians), truck drivers 32.00. */
static const double default_value_of_time[MODE_COUNT] = {
    [MODE_POV] = 17.80, [MODE_PEDESTRIAN] = 32.40, [MODE_BUS] = 17.80, [MODE_TRUCK] = 32.00
};
/* Truck operating cost without fuel, USD per hour, 2024 $: ATRI 2025. */
#define DEFAULT_TRUCK_OPERATING 71.57
/* Idle fuel burn, gallons per hour: US DOE Fact #861 (compact car 0.16,
 * tractor-trailer 0.49).  Bus: ASSUMPTION, the tractor-trailer figure as a
 * proxy. */
static const double default_idle_fuel[MODE_COUNT] = {
    [MODE_POV] = 0.16, [MODE_PEDESTRIAN] = 0.0, [MODE_BUS] = 0.49, [MODE_TRUCK] = 0.49
};
/* Fuel price, USD per gallon: ASSUMPTION, no sourced figure in DOMAIN.md
 * (gasoline 3.50, diesel 4.00); set it for a study. */
static const double default_fuel_price[MODE_COUNT] = {
    [MODE_POV] = 3.50, [MODE_PEDESTRIAN] = 0.0, [MODE_BUS] = 4.00, [MODE_TRUCK] = 4.00
};
/* CO2 per gallon burnt, kg: US EPA (gasoline 8.89, diesel 10.18). */
static const double default_co2[MODE_COUNT] = {
    [MODE_POV] = 8.89, [MODE_PEDESTRIAN] = 0.0, [MODE_BUS] = 10.18, [MODE_TRUCK] = 10.18
};
/* Waiting for the opening of a closed facility is costed as any wait
 * (value 1): it is time the crosser loses.  ASSUMPTION, and a choice a
 * study should state: a truck parked at a staging yard overnight may lose
 * less than one idling in line; set costs.closed_wait_value lower (0 leaves
 * it out of the cost) when the arrivals in closed hours stand for trips
 * that would be made at the opening anyway. */
#define DEFAULT_CLOSED_WAIT_VALUE 1.0
/* The step of poesim assess's sweep of a programme's share: fine enough to
 * place where an advantage halves within a few points of share, coarse
 * enough that a sweep is some tens of runs.  A choice, not a source. */
#define DEFAULT_SHARE_STEP 0.05
/* Real discount rate: USDOT BCA Guidance, 7% (DOMAIN.md cost table). */
#define DEFAULT_DISCOUNT_RATE 0.07
/* Days a year that the simulated days stand for: a port open every day. */
#define DEFAULT_DAYS_PER_YEAR 365.0
static const char *const assessment_keys[] = {"crossings_per_member_per_year", "share_step",
                                              "queues"};
static const char *const cost_keys[] = {
    "price_year", "value_of_time_usd_per_hour", "truck_operating_usd_per_hour",
    "idle_fuel_gal_per_hour", "fuel_usd_per_gal", "co2_kg_per_gal", "closed_wait_value"
};
static const char *const investment_keys[] = {
    "capital_usd", "om_usd_per_year", "staffing_usd_per_booth_hour", "life_years",
    "discount_rate", "days_per_year"
};

/* An object of numbers in [0, hi] keyed by mode, overriding out[]. */
static int parse_by_mode(const struct ctx *c, const cJSON *v, const char *path, double hi,
                         double *out)
{
    char kp[JSON_PATH_LEN];
    if (jck_object(&c->j, v, path, scnk_mode_names, MODE_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int m = jck_lookup(scnk_mode_names, MODE_COUNT, x->string);
        scnm_path_key(kp, path, x->string);
        if (jck_num(&c->j, x, kp, 0, false, hi, &out[m]) < 0)
            return -1;
    }
    return 0;
}

/* The costs, investment and assessment of s before its file is read. */
void scnk_default_costs(struct scenario *s)
{
    struct costs *k = &s->costs;
    scn_default_investment(&s->investment);
    s->assessment.share_step = DEFAULT_SHARE_STEP;
    k->price_year = DEFAULT_PRICE_YEAR;
    k->truck_operating = DEFAULT_TRUCK_OPERATING;
    k->closed_wait_value = DEFAULT_CLOSED_WAIT_VALUE;
    for (int m = 0; m < MODE_COUNT; m++) {
        k->value_of_time[m] = default_value_of_time[m];
        k->idle_fuel_gal_per_hour[m] = default_idle_fuel[m];
        k->fuel_usd_per_gal[m] = default_fuel_price[m];
        k->co2_kg_per_gal[m] = default_co2[m];
    }
}

int scnk_costs(const struct ctx *c, const cJSON *v, struct costs *k)
{
    const cJSON *x;
    if (jck_object(&c->j, v, "costs", cost_keys, COUNT(cost_keys)) < 0)
        return -1;
    if ((x = jck_member(v, "price_year"))
        && jck_int_i(&c->j, x, "costs.price_year", PRICE_YEAR_MIN, PRICE_YEAR_MAX,
                     &k->price_year) < 0)
        return -1;
    if ((x = jck_member(v, "value_of_time_usd_per_hour"))
        && parse_by_mode(c, x, "costs.value_of_time_usd_per_hour", USD_PER_HOUR_MAX,
                         k->value_of_time) < 0)
        return -1;
    if ((x = jck_member(v, "truck_operating_usd_per_hour"))
        && jck_num(&c->j, x, "costs.truck_operating_usd_per_hour", 0, false, USD_PER_HOUR_MAX,
                   &k->truck_operating) < 0)
        return -1;
    if ((x = jck_member(v, "idle_fuel_gal_per_hour"))
        && parse_by_mode(c, x, "costs.idle_fuel_gal_per_hour", GAL_PER_HOUR_MAX,
                         k->idle_fuel_gal_per_hour) < 0)
        return -1;
    if ((x = jck_member(v, "fuel_usd_per_gal"))
        && parse_by_mode(c, x, "costs.fuel_usd_per_gal", USD_PER_GAL_MAX, k->fuel_usd_per_gal) < 0)
        return -1;
    if ((x = jck_member(v, "co2_kg_per_gal"))
        && parse_by_mode(c, x, "costs.co2_kg_per_gal", CO2_KG_PER_GAL_MAX, k->co2_kg_per_gal) < 0)
        return -1;
    if ((x = jck_member(v, "closed_wait_value"))
        && jck_num(&c->j, x, "costs.closed_wait_value", 0, false, 1, &k->closed_wait_value) < 0)
        return -1;
    return 0;
}

void scn_default_investment(struct investment *inv)
{
    memset(inv, 0, sizeof *inv);
    inv->discount_rate = DEFAULT_DISCOUNT_RATE;
    inv->days_per_year = DEFAULT_DAYS_PER_YEAR;
}

int scnk_investment(const struct jck *j, const cJSON *v, struct investment *inv)
{
    static const char *const required[] = {"capital_usd", "life_years"};
    const cJSON *x;
    if (jck_object(j, v, "investment", investment_keys, COUNT(investment_keys)) < 0)
        return -1;
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(j, v, "investment", required[k]))
            return -1;
    if (jck_num(j, jck_member(v, "capital_usd"), "investment.capital_usd", 0, false,
                CAPITAL_USD_MAX, &inv->capital_usd) < 0)
        return -1;
    if ((x = jck_member(v, "om_usd_per_year"))
        && jck_num(j, x, "investment.om_usd_per_year", 0, false, OM_USD_PER_YEAR_MAX,
                   &inv->om_usd_per_year) < 0)
        return -1;
    if ((x = jck_member(v, "staffing_usd_per_booth_hour"))
        && jck_num(j, x, "investment.staffing_usd_per_booth_hour", 0, false, USD_PER_HOUR_MAX,
                   &inv->staffing_usd_per_booth_hour) < 0)
        return -1;
    if (jck_int_i(j, jck_member(v, "life_years"), "investment.life_years", 1, LIFE_YEARS_MAX,
                  &inv->life_years) < 0)
        return -1;
    if ((x = jck_member(v, "discount_rate"))
        && jck_num(j, x, "investment.discount_rate", 0, false, DISCOUNT_RATE_MAX,
                   &inv->discount_rate) < 0)
        return -1;
    if ((x = jck_member(v, "days_per_year"))
        && jck_num(j, x, "investment.days_per_year", DAYS_PER_YEAR_MIN, false, DAYS_PER_YEAR_MAX,
                   &inv->days_per_year) < 0)
        return -1;
    inv->present = true;
    return 0;
}

/* "assessment" (v). */
int scnk_assessment(const struct ctx *c, const cJSON *v, struct assessment *a)
{
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], g[GOT_LEN];
    const cJSON *x;
    if (jck_object(&c->j, v, "assessment", assessment_keys, COUNT(assessment_keys)) < 0)
        return -1;
    if ((x = jck_member(v, "crossings_per_member_per_year"))) {
        static const char *const trusted[] = {"ready", "sentri", "fast"};
        if (jck_object(&c->j, x, "assessment.crossings_per_member_per_year", trusted,
                       COUNT(trusted)) < 0)
            return -1;
        for (const cJSON *y = x->child; y; y = y->next) {
            int p = jck_lookup(scnk_prog_names, PROG_COUNT, y->string);
            scnm_path_key(kp, "assessment.crossings_per_member_per_year", y->string);
            if (jck_num(&c->j, y, kp, 0, true, CROSSINGS_PER_YEAR_MAX,
                        &a->crossings_per_year[p]) < 0)
                return -1;
        }
    }
    if ((x = jck_member(v, "share_step"))
        && jck_num(&c->j, x, "assessment.share_step", 0, true, SHARE_STEP_MAX, &a->share_step) < 0)
        return -1;
    if ((x = jck_member(v, "queues"))) {
        if (!cJSON_IsArray(x) || !x->child || cJSON_GetArraySize(x) > SCN_ASSESS_QUEUES_MAX)
            return jck_fail(&c->j, "assessment.queues", "expected an array of 1 to %d queues "
                            "\"DIRECTION.MODE.PROGRAM\", got %s", SCN_ASSESS_QUEUES_MAX,
                            scnm_got(x, g));
        size_t i = 0;
        for (const cJSON *y = x->child; y; y = y->next, i++) {
            struct assignment *q = &a->queues[i];
            scnm_path_index(ip, "assessment.queues", i);
            if (scnk_assignment(c, y, ip, q) < 0)
                return -1;
            if (q->prog == PROG_GENERAL)
                return jck_fail(&c->j, ip, "expected a trusted programme (ready, sentri or fast) "
                                "to set against General, got %s", scnm_got(y, g));
            a->n_queues = i + 1;
        }
    }
    a->present = true;
    return 0;
}

/* Each queue assessment.queues names has demand, and so does General of
 * its direction and mode (the line it is set against). */
int scnk_check_assessment(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN];
    for (size_t i = 0; i < s->assessment.n_queues; i++) {
        const struct assignment *q = &s->assessment.queues[i];
        scnm_path_index(ip, "assessment.queues", i);
        if (!scnk_demand_sends(s, (int)q->dir, (int)q->mode, (int)q->prog))
            return jck_fail(&c->j, ip, "nothing uses it: no demand stream sends %s %s %s crossers",
                            scnk_dir_names[q->dir], scnk_mode_names[q->mode],
                            scnk_prog_names[q->prog]);
        if (!scnk_demand_sends(s, (int)q->dir, (int)q->mode, PROG_GENERAL))
            return jck_fail(&c->j, ip, "no demand stream sends %s %s general crossers, the line %s "
                            "is set against", scnk_dir_names[q->dir], scnk_mode_names[q->mode],
                            scnk_prog_names[q->prog]);
    }
    return 0;
}
