/*
 * scenario.c - read a scenario file, check it strictly, return plain C.
 *
 * A scenario is small (a few kilobytes: tens of demand streams and lane
 * groups, a handful of service distributions; an empirical distribution may
 * bring a few thousand numbers) and is read once per run, so clarity of the
 * error messages matters far more than speed.  The work is done in three
 * passes over cJSON's tree; this file and scnmerge.c, the two halves of the
 * scenario module, are the only places in poesim that see it:
 *
 *   1. document (scnmerge.c): cJSON parses the file and each base its
 *      "extends" chain names (a syntax error is reported as FILE:LINE:COL
 *      with the few characters where the parser stopped), the chain is
 *      merged and the --set overrides are applied;
 *   2. shape: every object is walked with the list of keys it may hold
 *      (unknown and duplicate keys are errors, with a "did you mean" for near
 *      misses), every value is type- and range-checked and copied into the
 *      plain structs of scenario.h, defaults filled in;
 *   3. meaning: cross-references between sections (each demand stream's
 *      programmes have a lane group, each lane group has demand and a service
 *      distribution, each service/secondary/hours entry is used, storage is
 *      set consistently on the fixed groups of one queue).  A flex lane
 *      group (`assignment` schedule or queue-driven `policy`) counts for
 *      every queue among its assignments, and each of them must have demand
 *      and a service distribution.
 *
 * The first problem found stops the load; its message names the file, the
 * JSON path (`lanes[2].booths_per_lane`, `service["pov.general"].cv`) and
 * what was expected and found.  Checks walk the document in the order it is
 * written, so the message points at the first problem a reader would meet.
 * Passes 2 and 3 see only the merged document; the file a message names is
 * the one of the chain that set the value at that path (scnm_blame), with
 * " (set by --set PATH=VALUE)" appended when an override set it.
 *
 * Memory: the scenario is calloc'd first and filled in place, so that on any
 * error scn_free can release whatever was built.  Each empirical
 * distribution owns its own copy of its values (a secondary entry written
 * once for both directions is copied per direction), and scn_free frees the
 * values of every empirical dist it holds.
 */
#include "scenario.h"

#include <assert.h>
#include <cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "jsonck.h"
#include "scnmerge.h"

/* ---- limits -------------------------------------------------------------- */

#define DEMAND_MAX SCN_DEMAND_MAX
#define LANES_MAX 256
#define JSON_PATH_LEN SCNM_PATH_LEN     /* a JSON path in a message */
#define GOT_LEN SCNM_GOT_LEN    /* a found value, described */

#define RUN_WARMUP_MAX SCN_RUN_WARMUP_MAX
#define PER_DAY_MAX SCN_PER_DAY_MAX
#define WEEKDAY_FACTOR_MAX SCN_WEEKDAY_FACTOR_MAX
#define OCCUPANCY_MIN SCN_OCCUPANCY_MIN
#define OCCUPANCY_MAX SCN_OCCUPANCY_MAX
#define LANES_PER_GROUP_MAX 1000
#define BOOTHS_PER_LANE_MAX 10
#define BOOTHS_MAX 10000                    /* in all lane groups: San Ysidro has ~60 */
#define POLICY_THRESHOLD_MAX 1e6            /* crossers or minutes: far beyond any queue */
#define POLICY_CHECK_MIN_MIN 0.1            /* minutes: a policy looks at most every 6 s */
#define HOURLY_SHARE_MAX SCN_PER_DAY_MAX    /* a share may be a count: at most per_day's bound */
#define WINDOWS_MAX 48                      /* a day's opening windows (96 changes) */
#define SERVICE_MEAN_MAX_S 86400.0         /* one day */
#define CV_MAX 10.0
#define EMPIRICAL_VALUES_MAX 100000
#define SECONDARY_SPACES_MAX 10000
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
#define MONTHLY_FACTOR_MAX 100.0            /* as a weekday factor */
#define HOLIDAY_FACTOR_MAX 100.0
#define POOLS_MAX 64
#define SERVICE_FACTOR_MAX 100.0            /* an inspection 100 times slower: a typo guard */
#define CROSSINGS_PER_YEAR_MAX 10000.0      /* a member crossing 27 times a day: a typo guard */
#define SHARE_STEP_MAX 0.5

#define SHARE_TOL 1e-6          /* hourly shares / shares with "general" must sum to 1 within this */
#define SHARE_OVER_TOL 1e-9     /* non-general shares may exceed 1 by rounding only */

#define HHMM_LEN 5              /* "HH:MM" */
#define WINDOW_LEN 11           /* "HH:MM-HH:MM" */

/* ---- defaults, with their sources (shared DOMAIN.md) ---------------------- */

#define DEFAULT_RUN_DAYS 7
#define DEFAULT_RUN_WARMUP 1
#define DEFAULT_RUN_REPS 10
#define DEFAULT_RUN_SEED 1
#define DEFAULT_RUN_START WD_MON

/* Flex lanes.  DOMAIN.md has one changeover time, about an hour at Otay
 * Mesa, and calls it a gap; a changeover therefore takes no time unless the
 * scenario says.  The policy defaults are ASSUMPTIONS, chosen to keep a
 * queue-driven reversal from flapping: the imbalance must last a quarter of
 * an hour, the group serves a direction at least an hour, at most four
 * switches a day, checked every minute. */
#define DEFAULT_CHANGEOVER_MIN 0.0
#define DEFAULT_POLICY_SUSTAIN_MIN 15.0
#define DEFAULT_POLICY_DWELL_MIN 60.0
#define DEFAULT_POLICY_MAX_PER_DAY 4
#define DEFAULT_POLICY_CHECK_MIN 1.0

/* Staffing policies.  No source says how often CBP looks at its lines or
 * how long a line must stay long before a booth opens: ASSUMPTIONS, kept
 * short against the hour over which waits are reported.  A booth serves
 * as soon as it is opened unless the scenario gives a delay. */
#define DEFAULT_STAFFING_CHECK_MIN 5.0
#define DEFAULT_STAFFING_SUSTAIN_MIN 10.0
#define DEFAULT_STAFFING_DELAY_MIN 0.0
#define DEFAULT_STAFFING_MIN_BOOTHS 1
#define DEFAULT_STACKED_EFFICIENCY 1.0      /* a stacked booth as fast as any */

/* Persons per POV: USDOT federal default (DOMAIN.md, "Occupancy"). */
#define DEFAULT_OCCUPANCY_POV 1.68
#define DEFAULT_OCCUPANCY_PEDESTRIAN 1.0    /* a pedestrian is one person */
#define DEFAULT_OCCUPANCY_TRUCK 1.0         /* the driver */

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

/* ---- names ---------------------------------------------------------------- */

static const char *const direction_names[DIR_COUNT] = {"north", "south"};
static const char *const mode_names[MODE_COUNT] = {"pov", "pedestrian", "bus", "truck"};
static const char *const program_names[PROG_COUNT] = {"general", "ready", "sentri", "fast"};
static const char *const weekday_names[WD_COUNT] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const hourly_names[] = {"auto", "day", "weekday"};
static const char *const when_closed_names[] = {[CLOSED_WAIT] = "wait", [CLOSED_FORGO] = "forgo"};
static const char *const arrivals_names[] = {
    [ARR_POISSON] = "poisson", [ARR_DETERMINISTIC] = "deterministic"
};
/* "default" then the weekdays: the keys of a per-weekday object. */
static const char *const weekly_keys[WD_COUNT + 1] = {
    "default", "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};
/* The keys of an hourly profile by weekday: "default", two groups of
 * weekdays, then the weekdays (a day takes its own key, else its group's,
 * else "default"). */
enum { PROFILE_DEFAULT, PROFILE_WEEKDAY, PROFILE_WEEKEND, PROFILE_DAY0, PROFILE_KEYS = PROFILE_DAY0 + WD_COUNT };
static const char *const profile_keys[PROFILE_KEYS] = {
    "default", "weekday", "weekend", "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* The programmes each mode has (DOMAIN.md: SENTRI for POVs and pedestrians,
 * FAST for trucks, Ready Lanes for every passenger mode). */
static const bool program_valid[MODE_COUNT][PROG_COUNT] = {
    [MODE_POV] = {[PROG_GENERAL] = true, [PROG_READY] = true, [PROG_SENTRI] = true},
    [MODE_PEDESTRIAN] = {[PROG_GENERAL] = true, [PROG_READY] = true, [PROG_SENTRI] = true},
    [MODE_BUS] = {[PROG_GENERAL] = true, [PROG_READY] = true},
    [MODE_TRUCK] = {[PROG_GENERAL] = true, [PROG_FAST] = true},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Top-level keys.  "extends" never reaches parse_top (scnmerge.c takes it
 * out of the merged document); it is listed for the message about, and the
 * "did you mean" of, a misspelt key. */
static const char *const top_keys[] = {
    "name", "title", "sources", "notes", "extends", "run", "demand", "lanes", "changeover_min",
    "service", "secondary", "hours", "costs", "investment", "holidays", "lane_pools", "stages",
    "chains", "assessment"
};
static const char *const assessment_keys[] = {"crossings_per_member_per_year", "share_step",
                                              "queues"};
static const char *const run_keys[] = {"days", "warmup_days", "replications", "seed", "start",
                                       "hourly", "start_date"};
static const char *const demand_keys[] = {
    "name", "direction", "mode", "per_day", "hourly_share", "weekday_factor",
    "program_share", "occupancy", "when_closed", "arrivals", "monthly_factor", "initial_queue"
};
static const char *const lane_keys[] = {
    "name", "direction", "mode", "program", "assignment", "policy", "lanes", "booths_per_lane",
    "staffed_booths", "storage", "changeover_min", "staffing_policy", "pool", "stacked_efficiency",
    "stage"
};
static const char *const stage_keys[] = {
    "name", "service", "secondary", "hours", "space", "skip", "join"
};
static const char *const staffing_keys[] = {
    "measure", "open_above", "close_below", "sustain_min", "check_every_min", "min_booths",
    "open_delay_min"
};
static const char *const pool_keys[] = {"name", "lanes"};
static const char *const service_extra_keys[] = {"hourly_factor"};
static const char *const policy_keys[] = {
    "between", "measure", "threshold", "sustain_min", "min_dwell_min", "max_switches_per_day",
    "check_every_min"
};
static const char *const holiday_keys[] = {"date", "factor", "profile", "hours"};
static const char *const measure_names[] = {[POLICY_QUEUE] = "queue", [POLICY_WAIT] = "wait"};
static const char *const dist_keys[] = {"dist", "mean_s", "cv", "min_s", "max_s", "values_s"};
static const char *const secondary_value_keys[] = {"referral", "spaces", "service"};
static const char *const cost_keys[] = {
    "price_year", "value_of_time_usd_per_hour", "truck_operating_usd_per_hour",
    "idle_fuel_gal_per_hour", "fuel_usd_per_gal", "co2_kg_per_gal", "closed_wait_value"
};
static const char *const investment_keys[] = {
    "capital_usd", "om_usd_per_year", "staffing_usd_per_booth_hour", "life_years",
    "discount_rate", "days_per_year"
};

/* The parameters of each distribution kind, in the order they are listed. */
static const char *const params_mean[] = {"mean_s"};
static const char *const params_mean_cv[] = {"mean_s", "cv"};
static const char *const params_min_max[] = {"min_s", "max_s"};
static const char *const params_values[] = {"values_s"};
static const struct {
    const char *const *names;
    size_t n;
} kind_params[DIST_KIND_COUNT] = {
    [DIST_EXPONENTIAL] = {params_mean, 1},
    [DIST_LOGNORMAL] = {params_mean_cv, 2},
    [DIST_GAMMA] = {params_mean_cv, 2},
    [DIST_DETERMINISTIC] = {params_mean, 1},
    [DIST_UNIFORM] = {params_min_max, 2},
    [DIST_EMPIRICAL] = {params_values, 1},
};

const char *scn_direction_name(enum direction d)
{
    return (int)d >= 0 && d < DIR_COUNT ? direction_names[d] : NULL;
}

const char *scn_mode_name(enum mode m)
{
    return (int)m >= 0 && m < MODE_COUNT ? mode_names[m] : NULL;
}

const char *scn_program_name(enum program p)
{
    return (int)p >= 0 && p < PROG_COUNT ? program_names[p] : NULL;
}

const char *scn_weekday_name(enum weekday w)
{
    return (int)w >= 0 && w < WD_COUNT ? weekday_names[w] : NULL;
}

const char *scn_hourly_name(enum hourly_by h)
{
    return (int)h >= 0 && (size_t)h < COUNT(hourly_names) ? hourly_names[h] : NULL;
}

bool scn_program_valid(enum mode m, enum program p)
{
    return (int)m >= 0 && m < MODE_COUNT && (int)p >= 0 && p < PROG_COUNT && program_valid[m][p];
}

double scn_default_occupancy(enum mode m)
{
    switch (m) {
    case MODE_POV: return DEFAULT_OCCUPANCY_POV;
    case MODE_PEDESTRIAN: return DEFAULT_OCCUPANCY_PEDESTRIAN;
    case MODE_TRUCK: return DEFAULT_OCCUPANCY_TRUCK;
    default: return NAN;
    }
}

int scn_sched_at(const struct daysched *s, enum weekday w, int m)
{
    assert((int)w >= 0 && w < WD_COUNT);
    return scn_steps_at(&s->day[w], m);
}

int scn_steps_at(const struct daysteps *d, int m)
{
    assert(m >= 0 && m < MINUTES_PER_DAY);
    const int *minute = d->minute;
    int lo = 0, hi = d->n - 1;     /* minute[lo] <= m always (minute[0] = 0) */
    assert(hi >= 0 && minute[0] == 0);
    while (lo < hi) {
        int mid = lo + (hi - lo + 1) / 2;
        if (minute[mid] <= m)
            lo = mid;
        else
            hi = mid - 1;
    }
    return d->value[lo];
}

/* ---- the loading context and its messages ---------------------------------- */

/* Secondary entries as written ("pov" for both directions, "north.pov" for
 * one), resolved into scenario->secondary once demand is known. */
struct secondary_given {
    bool by_mode[MODE_COUNT];
    struct secondary mode[MODE_COUNT];
    bool by_dir[DIR_COUNT][MODE_COUNT];
    struct secondary dir[DIR_COUNT][MODE_COUNT];
};

/* Service entries as written: "MODE.PROGRAM" (every direction) and
 * "DIRECTION.MODE.PROGRAM" (one direction, overriding the former). */
struct service_given {
    bool by_mode[MODE_COUNT][PROG_COUNT];
    struct dist mode[MODE_COUNT][PROG_COUNT];
    bool by_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    struct dist dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    /* Their "hourly_factor", where given. */
    bool fac_mode[MODE_COUNT][PROG_COUNT];
    double f_mode[MODE_COUNT][PROG_COUNT][HOURS_PER_DAY];
    bool fac_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    double f_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT][HOURS_PER_DAY];
};

struct ctx {
    struct jck j;               /* the leaf file as given, the merged document, the error */
    struct scenario *s;
    struct secondary_given sec;
    struct service_given svc;
    double changeover_s;        /* top-level changeover_min: every group's default */
    bool hours_by_mode[MODE_COUNT];             /* hours entries "MODE" given */
    bool hours_by_dir[DIR_COUNT][MODE_COUNT];   /* and "DIRECTION.MODE" */
    const struct scn_extra *extra;  /* streams the caller adds (scn_load_extra) */
    size_t n_extra;
};

/* The valid programmes of mode m as "general, ready, sentri" (JCK_LIST_LEN). */
static void join_programs(char *out, enum mode m)
{
    const char *names[PROG_COUNT];
    size_t n = 0;
    for (int p = 0; p < PROG_COUNT; p++)
        if (program_valid[m][p])
            names[n++] = program_names[p];
    jck_join(out, names, n);
}

/* ---- schedules ---------------------------------------------------------------- */

/* Minutes since midnight of the exactly-five-character time t ("HH:MM",
 * 00:00..23:59, and 24:00 if allow_24); -1 if it is not one. */
static int parse_hhmm(const char *t, bool allow_24)
{
    for (int i = 0; i < HHMM_LEN; i++)
        if (i == 2 ? t[i] != ':' : !(t[i] >= '0' && t[i] <= '9'))
            return -1;
    int h = (t[0] - '0') * 10 + (t[1] - '0');
    int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (allow_24 && h == HOURS_PER_DAY && m == 0)
        return MINUTES_PER_DAY;
    if (h >= HOURS_PER_DAY || m >= MINUTES_PER_HOUR)
        return -1;
    return h * MINUTES_PER_HOUR + m;
}

/* Append step (minute, value) to day d, merging it into the previous step
 * if the value does not change.  Returns false if the day is full. */
static bool push_step(struct daysched *ds, int d, int minute, int value)
{
    int n = ds->day[d].n;
    if (n > 0 && ds->day[d].value[n - 1] == value)
        return true;
    if (n == SCN_STEPS_MAX)
        return false;
    ds->day[d].minute[n] = minute;
    ds->day[d].value[n] = value;
    ds->day[d].n = n + 1;
    return true;
}

static void sched_constant(struct daysched *ds, int value)
{
    for (int d = 0; d < WD_COUNT; d++) {
        ds->day[d].n = 1;
        ds->day[d].minute[0] = 0;
        ds->day[d].value[0] = value;
    }
}

static void copy_day(struct daysched *ds, int to, int from)
{
    ds->day[to] = ds->day[from];
}

/* How the values of a step schedule are read.  value parses the value v
 * of a step (at path) into *out and returns 0, or -1 with the error set;
 * `used` is false for a "default" that no weekday takes (checked all the
 * same, but its values must not be recorded anywhere). */
typedef int step_value_fn(const struct ctx *c, const cJSON *v, const char *path, void *arg,
                          bool used, int *out);
struct step_kind {
    const char *example;        /* a step object, for messages */
    step_value_fn *value;
    void *arg;
};

/* Steps merge key by key, and a key new to the base goes after the base's
 * keys: so a proposal's step x (at minute m) out of order behind steps of
 * its base says which base steps are in its way and how to drop them.  The
 * hint (n bytes) is "" when the steps before x come from x's own file. */
#define ORDER_HINT_STEPS 4      /* base steps named in the hint, at most */
static void order_hint(const struct ctx *c, const cJSON *v, const cJSON *x, int m,
                       const char *path, char *hint, size_t n)
{
    char kp[JSON_PATH_LEN], suf[ERR_MSG_MAX], xsuf[ERR_MSG_MAX];
    char keys[ORDER_HINT_STEPS * 16], nulls[ORDER_HINT_STEPS * 24];
    const char *base = NULL, *xfile;
    size_t nk = 0, more = 0;
    hint[0] = keys[0] = nulls[0] = '\0';
    scnm_path_key(kp, path, x->string);
    xfile = jck_blame(&c->j, kp, xsuf);
    for (const cJSON *y = v->child; y && y != x; y = y->next) {
        if (parse_hhmm(y->string, false) < m)
            continue;
        scnm_path_key(kp, path, y->string);
        const char *f = jck_blame(&c->j, kp, suf);
        if (f == xfile && !strcmp(suf, xsuf))
            continue;                   /* a step of x's own file */
        if (!base)
            base = f;
        if (nk == ORDER_HINT_STEPS) {
            more++;
            continue;
        }
        size_t lk = strlen(keys), ln = strlen(nulls);
        snprintf(keys + lk, sizeof keys - lk, "%s\"%s\"", nk ? ", " : "", y->string);
        snprintf(nulls + ln, sizeof nulls - ln, "%s\"%s\": null", nk ? ", " : "", y->string);
        nk++;
    }
    if (!nk)
        return;
    snprintf(hint, n, "; %s %s%s %s from %s, and a step new to the base goes after the "
             "base's steps: %s in %s remove%s %s", nk + more == 1 ? "the step" : "the steps",
             keys, more ? ", ..." : "", nk + more == 1 ? "comes" : "come", base, nulls, xfile,
             nk == 1 ? "s" : "", nk + more == 1 ? "it" : "them");
}

/* A step object {"00:00": v0, "HH:MM": v1, ...} into day d of ds, values
 * read by k. */
static int parse_steps(const struct ctx *c, const cJSON *v, const char *path,
                       const struct step_kind *k, bool used, struct daysched *ds, int d)
{
    char g[GOT_LEN], kp[JSON_PATH_LEN], prev_key[HHMM_LEN + 1] = "";
    int prev = -1;
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    if (!v->child)
        return jck_fail(&c->j, path, "expected a step schedule such as %s, got an empty object",
                        k->example);
    ds->day[d].n = 0;
    int count = 0;
    for (const cJSON *x = v->child; x; x = x->next) {
        scnm_path_key(kp, path, x->string);
        int m = strlen(x->string) == HHMM_LEN ? parse_hhmm(x->string, false) : -1;
        if (m < 0) {
            cJSON key = {.type = cJSON_String, .valuestring = x->string};
            return jck_fail(&c->j, kp, "expected a time \"HH:MM\" from 00:00 to 23:59 as key, got "
                            "%s", scnm_got(&key, g));
        }
        if (prev < 0 && m != 0)
            return jck_fail(&c->j, path, "expected the first step at \"00:00\" (the value from "
                            "midnight), got \"%s\"", x->string);
        if (prev >= 0 && m <= prev) {
            char hint[ERR_MSG_MAX / 2];
            order_hint(c, v, x, m, path, hint, sizeof hint);
            return jck_fail(&c->j, kp, "expected a time after \"%s\" (steps in increasing order), "
                            "got \"%s\"%s", prev_key, x->string, hint);
        }
        if (++count > SCN_STEPS_MAX)
            return jck_fail(&c->j, path, "expected at most %d steps in a day", SCN_STEPS_MAX);
        int value;
        if (k->value(c, x, kp, k->arg, used, &value) < 0)
            return -1;
        push_step(ds, d, m, value);
        prev = m;
        memcpy(prev_key, x->string, HHMM_LEN + 1);
    }
    return 0;
}

/* A schedule: a step object for every day, or an object keyed by "default"
 * and weekdays whose values are step objects (weekdays not given take
 * "default").  "default" is read first, then the weekdays in order, so the
 * values are met in the order default, mon, ..., sun. */
static int parse_schedule(const struct ctx *c, const cJSON *v, const char *path,
                          const struct step_kind *k, struct daysched *ds)
{
    char kp[JSON_PATH_LEN];
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    bool steps = !v->child || (v->child->string[0] >= '0' && v->child->string[0] <= '9');
    if (steps) {
        if (parse_steps(c, v, path, k, true, ds, 0) < 0)
            return -1;
        for (int d = 1; d < WD_COUNT; d++)
            copy_day(ds, d, 0);
        return 0;
    }
    if (jck_object(&c->j, v, path, weekly_keys, COUNT(weekly_keys)) < 0)
        return -1;
    const cJSON *def = jck_member(v, "default");
    struct daysched def_ds;     /* day 0: the default day */
    memset(&def_ds, 0, sizeof def_ds);
    if (def) {
        bool used = false;
        for (int d = 0; d < WD_COUNT; d++)
            used = used || !jck_member(v, weekday_names[d]);
        scnm_path_key(kp, path, "default");
        if (parse_steps(c, def, kp, k, used, &def_ds, 0) < 0)
            return -1;
    }
    for (int d = 0; d < WD_COUNT; d++) {
        const cJSON *day = jck_member(v, weekday_names[d]);
        if (!day && !def)
            return jck_fail(&c->j, path, "no \"default\" and no \"%s\": give a \"default\" or "
                            "every weekday", weekday_names[d]);
        if (!day) {
            ds->day[d] = def_ds.day[0];
            continue;
        }
        scnm_path_key(kp, path, weekday_names[d]);
        if (parse_steps(c, day, kp, k, true, ds, d) < 0)
            return -1;
    }
    return 0;
}

/* Booths staffed in a step: an integer 0..*arg. */
static int step_booths(const struct ctx *c, const cJSON *v, const char *path, void *arg,
                       bool used, int *out)
{
    static const char why[] = "the group's booths, lanes x booths_per_lane";
    int max = *(const int *)arg;
    char g[GOT_LEN];
    (void)used;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || floor(v->valuedouble) != v->valuedouble)
        return jck_fail(&c->j, path, "expected an integer from 0 to %d, got %s", max,
                        scnm_got(v, g));
    if (v->valuedouble < 0)
        return jck_fail(&c->j, path, "expected an integer >= 0, got %s", scnm_got(v, g));
    if (v->valuedouble > max)
        return jck_fail(&c->j, path, "expected an integer <= %d (%s), got %s", max, why,
                        scnm_got(v, g));
    *out = (int)v->valuedouble;
    return 0;
}

/* Staffing of a lane group of `booths` booths. */
static int parse_staffing(const struct ctx *c, const cJSON *v, const char *path, int booths,
                          struct daysched *ds)
{
    struct step_kind k = {"{\"00:00\": 4, \"06:00\": 10}", step_booths, &booths};
    return parse_schedule(c, v, path, &k, ds);
}

/* One day of opening hours: "HH:MM-HH:MM", "open", "closed" or an array of
 * windows, into day d of ds (1 open, 0 closed). */
static int parse_dayspec(const struct ctx *c, const cJSON *v, const char *path,
                         struct daysched *ds, int d)
{
    static const char expected[] =
        "expected \"HH:MM-HH:MM\", \"open\", \"closed\" or an array of \"HH:MM-HH:MM\" windows";
    char g[GOT_LEN], ip[JSON_PATH_LEN];
    unsigned char open[MINUTES_PER_DAY];
    memset(open, 0, sizeof open);
    if (cJSON_IsString(v) && strcmp(v->valuestring, "open") == 0)
        memset(open, 1, sizeof open);
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "closed") == 0)
        ;
    else if (cJSON_IsString(v) || cJSON_IsArray(v)) {
        const cJSON *single = cJSON_IsString(v) ? v : NULL;
        const cJSON *w = single ? single : v->child;
        int prev_end = -1;
        size_t i = 0;
        if (!w)
            return jck_fail(&c->j, path, "%s, got an empty array (write \"closed\" for a closed "
                            "day)", expected);
        if (!single && cJSON_GetArraySize(v) > WINDOWS_MAX)
            return jck_fail(&c->j, path, "expected at most %d windows in a day, got %d",
                            WINDOWS_MAX, cJSON_GetArraySize(v));
        for (; w; w = single ? NULL : w->next, i++) {
            const char *wp = path;
            if (!single) {
                scnm_path_index(ip, path, i);
                wp = ip;
            }
            const char *t = cJSON_IsString(w) ? w->valuestring : "";
            int start = -1, end = -1;
            if (strlen(t) == WINDOW_LEN && t[HHMM_LEN] == '-') {
                start = parse_hhmm(t, false);
                end = parse_hhmm(t + HHMM_LEN + 1, true);
            }
            if (start < 0 || end < 0)
                return jck_fail(&c->j, wp, "%s, got %s", single ? expected
                                : "expected a window \"HH:MM-HH:MM\" (00:00 to 24:00)",
                                scnm_got(w, g));
            if (end <= start)
                return jck_fail(&c->j, wp, "expected a window that ends after it starts, got %s; a "
                                "window across midnight is two: \"00:00-%.5s\" and \"%.5s-24:00\"",
                                scnm_got(w, g), t + HHMM_LEN + 1, t);
            if (start < prev_end)
                return jck_fail(&c->j, wp, "expected a window starting at or after %02d:%02d (the "
                                "end of the previous one), got %s", prev_end / MINUTES_PER_HOUR,
                                prev_end % MINUTES_PER_HOUR, scnm_got(w, g));
            memset(open + start, 1, (size_t)(end - start));
            prev_end = end;
        }
    } else
        return jck_fail(&c->j, path, "%s, got %s", expected, scnm_got(v, g));
    ds->day[d].n = 0;
    for (int m = 0; m < MINUTES_PER_DAY; m++)
        if (!push_step(ds, d, m, open[m]))
            return jck_fail(&c->j, path, "expected at most %d changes in a day", SCN_STEPS_MAX);
    return 0;
}

/* Hours of one mode: a day spec for every day, or an object keyed by
 * "default" and weekdays (missing weekdays take "default"; no "default":
 * open 24 h). */
static int parse_hours_value(const struct ctx *c, const cJSON *v, const char *path,
                             struct daysched *ds)
{
    char kp[JSON_PATH_LEN];
    if (!cJSON_IsObject(v)) {
        if (parse_dayspec(c, v, path, ds, 0) < 0)
            return -1;
        for (int d = 1; d < WD_COUNT; d++)
            copy_day(ds, d, 0);
        return 0;
    }
    if (jck_object(&c->j, v, path, weekly_keys, COUNT(weekly_keys)) < 0)
        return -1;
    const cJSON *def = jck_member(v, "default");
    for (int d = 0; d < WD_COUNT; d++) {
        const cJSON *day = jck_member(v, weekday_names[d]);
        if (!day && !def) {
            ds->day[d].n = 1;
            ds->day[d].minute[0] = 0;
            ds->day[d].value[0] = 1;
            continue;
        }
        scnm_path_key(kp, path, day ? weekday_names[d] : "default");
        if (parse_dayspec(c, day ? day : def, kp, ds, d) < 0)
            return -1;
    }
    return 0;
}

/* ---- distributions ---------------------------------------------------------- */

/* A distribution object {"dist": KIND, params...} into *d, the object
 * allowed to hold the n_extra keys extra[] besides (read by the caller).
 * An empirical dist's values are allocated here and owned by *d (freed by
 * free_dist). */
static int parse_dist_with(const struct ctx *c, const cJSON *v, const char *path, struct dist *d,
                           const char *const *extra, size_t n_extra)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN], list[JCK_LIST_LEN];
    const char *kinds[DIST_KIND_COUNT];
    const char *keys[COUNT(dist_keys) + COUNT(service_extra_keys)];
    int kind;
    assert(n_extra <= COUNT(service_extra_keys));
    memcpy(keys, dist_keys, sizeof dist_keys);
    for (size_t i = 0; i < n_extra; i++)
        keys[COUNT(dist_keys) + i] = extra[i];
    for (int k = 0; k < DIST_KIND_COUNT; k++)
        kinds[k] = dist_kind_name((enum dist_kind)k);
    if (jck_object(&c->j, v, path, keys, COUNT(dist_keys) + n_extra) < 0)
        return -1;
    const cJSON *kv = jck_need(&c->j, v, path, "dist");
    if (!kv)
        return -1;
    scnm_path_key(kp, path, "dist");
    if (jck_enum(&c->j, kv, kp, kinds, DIST_KIND_COUNT, &kind) < 0)
        return -1;
    const char *const *params = kind_params[kind].names;
    size_t n_params = kind_params[kind].n;
    jck_join(list, params, n_params);
    for (const cJSON *k = v->child; k; k = k->next)
        if (strcmp(k->string, "dist") != 0 && jck_lookup(params, n_params, k->string) < 0
            && jck_lookup(extra, n_extra, k->string) < 0) {
            scnm_path_key(kp, path, k->string);
            return jck_fail(&c->j, kp, "not a parameter of %s; expected %s", kinds[kind], list);
        }
    const cJSON *p[2] = {NULL, NULL};
    for (size_t i = 0; i < n_params; i++)
        if (!(p[i] = jck_need(&c->j, v, path, params[i])))
            return -1;
    double mean_s, cv, lo, hi;
    switch ((enum dist_kind)kind) {
    case DIST_EXPONENTIAL:
    case DIST_DETERMINISTIC:
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
        scnm_path_key(kp, path, "mean_s");
        if (jck_num(&c->j, p[0], kp, 0, true, SERVICE_MEAN_MAX_S, &mean_s) < 0)
            return -1;
        if (kind == DIST_EXPONENTIAL) {
            dist_exponential(d, mean_s);
            return 0;
        }
        if (kind == DIST_DETERMINISTIC) {
            dist_deterministic(d, mean_s);
            return 0;
        }
        scnm_path_key(kp, path, "cv");
        if (jck_num(&c->j, p[1], kp, 0, true, CV_MAX, &cv) < 0)
            return -1;
        if (kind == DIST_LOGNORMAL)
            dist_lognormal(d, mean_s, cv);
        else
            dist_gamma(d, mean_s, cv);
        return 0;
    case DIST_UNIFORM:
        scnm_path_key(kp, path, "min_s");
        if (jck_num(&c->j, p[0], kp, 0, false, SERVICE_MEAN_MAX_S, &lo) < 0)
            return -1;
        scnm_path_key(kp, path, "max_s");
        if (jck_num(&c->j, p[1], kp, lo, lo == 0, SERVICE_MEAN_MAX_S, &hi) < 0)
            return -1;
        dist_uniform(d, lo, hi);
        return 0;
    case DIST_EMPIRICAL: {
        scnm_path_key(kp, path, "values_s");
        if (!cJSON_IsArray(p[0]) || !p[0]->child || cJSON_GetArraySize(p[0]) > EMPIRICAL_VALUES_MAX)
            return jck_fail(&c->j, kp, "expected an array of 1 to %d durations in seconds, got %s",
                            EMPIRICAL_VALUES_MAX, scnm_got(p[0], g));
        size_t n = (size_t)cJSON_GetArraySize(p[0]), i = 0;
        double *values = malloc(n * sizeof *values), sum = 0;
        if (!values)
            return jck_oom(&c->j);
        for (const cJSON *x = p[0]->child; x; x = x->next, i++) {
            char ip[JSON_PATH_LEN];
            scnm_path_index(ip, kp, i);
            if (jck_num(&c->j, x, ip, 0, false, SERVICE_MEAN_MAX_S, &values[i]) < 0) {
                free(values);
                return -1;
            }
            sum += values[i];
        }
        if (!(sum > 0)) {
            free(values);
            return jck_fail(&c->j, kp, "expected durations with a positive mean, got all zeros");
        }
        dist_empirical(d, values, n);
        return 0;
    }
    case DIST_KIND_COUNT:
        break;
    }
    assert(!"unreachable dist kind");
    return -1;
}

static int parse_dist(const struct ctx *c, const cJSON *v, const char *path, struct dist *d)
{
    return parse_dist_with(c, v, path, d, NULL, 0);
}

static void free_dist(struct dist *d)
{
    if (d->kind == DIST_EMPIRICAL) {
        free((void *)d->values);
        d->values = NULL;
        d->n_values = 0;
    }
}

/* *dst = *src, with a copy of an empirical dist's values owned by dst. */
static int copy_dist(const struct ctx *c, struct dist *dst, const struct dist *src)
{
    *dst = *src;
    if (src->kind != DIST_EMPIRICAL)
        return 0;
    double *values = malloc(src->n_values * sizeof *values);
    if (!values) {
        dst->values = NULL;
        return jck_oom(&c->j);
    }
    memcpy(values, src->values, src->n_values * sizeof *values);
    dst->values = values;
    return 0;
}

/* ---- sections ----------------------------------------------------------------- */

/* A date "YYYY-MM-DD" (v at path) into *day. */
static int get_date(const struct ctx *c, const cJSON *v, const char *path, long *day)
{
    char g[GOT_LEN];
    if (!cJSON_IsString(v) || !date_parse(v->valuestring, day))
        return jck_fail(&c->j, path, "expected a date \"YYYY-MM-DD\" from %d to %d, got %s",
                        DATE_YEAR_MIN, DATE_YEAR_MAX, scnm_got(v, g));
    return 0;
}

/* run.start_date (v): the date of the first measured day, which gives
 * run.start; a run.start given as well (start) must be its weekday. */
static int parse_start_date(const struct ctx *c, const cJSON *v, const cJSON *start,
                            struct run *r)
{
    if (get_date(c, v, "run.start_date", &r->start_date) < 0)
        return -1;
    enum weekday w = (enum weekday)date_weekday(r->start_date);
    if (start && r->start != w)
        return jck_fail(&c->j, "run.start", "expected \"%s\", the weekday of run.start_date %s, "
                        "got \"%s\"; the date gives the weekday, so leave run.start out (null "
                        "removes a base's)", weekday_names[w], v->valuestring,
                        weekday_names[r->start]);
    r->start = w;
    r->has_date = true;
    return 0;
}

static int parse_run(const struct ctx *c, const cJSON *v, struct run *r)
{
    char kp[JSON_PATH_LEN];
    const cJSON *x;
    long long seed;
    int start;
    if (jck_object(&c->j, v, "run", run_keys, COUNT(run_keys)) < 0)
        return -1;
    if ((x = jck_member(v, "days")) && jck_int_i(&c->j, x, "run.days", 1, SCN_RUN_DAYS_MAX,
                                                 &r->days) < 0)
        return -1;
    if ((x = jck_member(v, "warmup_days"))
        && jck_int_i(&c->j, x, "run.warmup_days", 0, RUN_WARMUP_MAX, &r->warmup_days) < 0)
        return -1;
    if ((x = jck_member(v, "replications"))
        && jck_int_i(&c->j, x, "run.replications", 1, SCN_RUN_REPS_MAX, &r->replications) < 0)
        return -1;
    if ((x = jck_member(v, "seed"))) {
        if (jck_int(&c->j, x, "run.seed", 0, (long long)SCN_RUN_SEED_MAX, &seed) < 0)
            return -1;
        r->seed = (uint64_t)seed;
    }
    if ((x = jck_member(v, "start"))) {
        scnm_path_key(kp, "run", "start");
        if (jck_enum(&c->j, x, kp, weekday_names, WD_COUNT, &start) < 0)
            return -1;
        r->start = (enum weekday)start;
    }
    if ((x = jck_member(v, "hourly"))) {
        int h;
        scnm_path_key(kp, "run", "hourly");
        if (jck_enum(&c->j, x, kp, hourly_names, (int)COUNT(hourly_names), &h) < 0)
            return -1;
        r->hourly = (enum hourly_by)h;
    }
    if ((x = jck_member(v, "start_date")) && parse_start_date(c, x, jck_member(v, "start"), r) < 0)
        return -1;
    return 0;
}

/* demand[i].hourly_share (path kp): 24 shares >= 0, normalised to sum 1,
 * with a warning if they did not already. */
static int parse_hourly_share(struct ctx *c, const cJSON *x, const char *kp, double *share)
{
    char ip[JSON_PATH_LEN], g[GOT_LEN];
    double sum = 0;
    int h = 0;
    if (!cJSON_IsArray(x))
        return jck_fail(&c->j, kp, "expected an array of 24 numbers (shares of the day by hour), "
                        "got %s", scnm_got(x, g));
    if (cJSON_GetArraySize(x) != HOURS_PER_DAY)
        return jck_fail(&c->j, kp, "expected an array of 24 numbers (shares of the day by hour), "
                        "got an array of %d", cJSON_GetArraySize(x));
    for (const cJSON *y = x->child; y; y = y->next, h++) {
        scnm_path_index(ip, kp, (size_t)h);
        if (jck_num(&c->j, y, ip, 0, false, HOURLY_SHARE_MAX, &share[h]) < 0)
            return -1;
        sum += share[h];
    }
    if (!(sum > 0))
        return jck_fail(&c->j, kp, "expected shares with a positive sum, got all zeros");
    if (fabs(sum - 1) > SHARE_TOL
        && jck_warn(&c->j, kp, "sums to %.3f; normalised so that the day's total is per_day",
                    sum) < 0)
        return -1;
    for (h = 0; h < HOURS_PER_DAY; h++)
        share[h] /= sum;
    return 0;
}

/* demand[i].hourly_share (path kp): an array of 24 shares for every day,
 * or an object keyed by profile_keys whose values are such arrays; each
 * weekday takes its own key, else its group's ("weekday": mon-fri,
 * "weekend": sat and sun), else "default", and must find one.  Every key
 * given must be taken by some weekday (a "default" that every weekday
 * overrides is an error: it would be ignored silently). */
static int parse_profile(struct ctx *c, const cJSON *x, const char *kp,
                         double share[WD_COUNT][HOURS_PER_DAY])
{
    char ip[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (!cJSON_IsObject(x)) {
        if (parse_hourly_share(c, x, kp, share[0]) < 0)
            return -1;
        for (int w = 1; w < WD_COUNT; w++)
            memcpy(share[w], share[0], sizeof share[0]);
        return 0;
    }
    if (jck_object(&c->j, x, kp, profile_keys, PROFILE_KEYS) < 0)
        return -1;
    int from[WD_COUNT];         /* the key each weekday takes */
    for (int w = 0; w < WD_COUNT; w++) {
        int group = w < WD_SAT ? PROFILE_WEEKDAY : PROFILE_WEEKEND;
        from[w] = jck_member(x, profile_keys[PROFILE_DAY0 + w]) ? PROFILE_DAY0 + w
                : jck_member(x, profile_keys[group])           ? group
                : jck_member(x, "default")                     ? PROFILE_DEFAULT
                                                           : -1;
        if (from[w] < 0) {
            jck_join(list, profile_keys, PROFILE_KEYS);
            return jck_fail(&c->j, kp, "no profile for %s: give \"%s\", \"%s\" or \"default\" "
                            "(keys: %s)", weekday_names[w], weekday_names[w], profile_keys[group],
                            list);
        }
    }
    for (const cJSON *y = x->child; y; y = y->next) {
        int k = jck_lookup(profile_keys, PROFILE_KEYS, y->string);
        bool taken = false;
        for (int w = 0; w < WD_COUNT; w++)
            taken = taken || from[w] == k;
        scnm_path_key(ip, kp, y->string);
        if (!taken)
            return jck_fail(&c->j, ip, "no weekday takes this profile: each has its own key");
        double day[HOURS_PER_DAY];
        if (parse_hourly_share(c, y, ip, day) < 0)
            return -1;
        for (int w = 0; w < WD_COUNT; w++)
            if (from[w] == k)
                memcpy(share[w], day, sizeof day);
    }
    return 0;
}

/* demand[i].monthly_factor (path kp): 12 factors, January first. */
static int parse_monthly(const struct ctx *c, const cJSON *x, const char *kp, double *factor)
{
    char ip[JSON_PATH_LEN], g[GOT_LEN];
    if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != SCN_MONTHS) {
        if (cJSON_IsArray(x))
            return jck_fail(&c->j, kp, "expected an array of 12 factors (January to December), got "
                            "an array of %d", cJSON_GetArraySize(x));
        return jck_fail(&c->j, kp, "expected an array of 12 factors (January to December), got %s",
                        scnm_got(x, g));
    }
    int k = 0;
    for (const cJSON *y = x->child; y; y = y->next, k++) {
        scnm_path_index(ip, kp, (size_t)k);
        if (jck_num(&c->j, y, ip, 0, false, MONTHLY_FACTOR_MAX, &factor[k]) < 0)
            return -1;
    }
    return 0;
}

/* demand[i].program_share (path kp) for a stream of mode m: the given
 * programmes' shares, general the remainder unless given. */
static int parse_program_share(const struct ctx *c, const cJSON *x, const char *kp, enum mode m,
                               double *share)
{
    char ip[JSON_PATH_LEN], list[JCK_LIST_LEN];
    double others = 0, general = -1;
    if (jck_object(&c->j, x, kp, program_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *y = x->child; y; y = y->next) {
        int p = jck_lookup(program_names, PROG_COUNT, y->string);
        scnm_path_key(ip, kp, y->string);
        if (!program_valid[m][p]) {
            join_programs(list, m);
            return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s", mode_names[m],
                            list);
        }
        if (jck_num(&c->j, y, ip, 0, false, 1, &share[p]) < 0)
            return -1;
        if (p == PROG_GENERAL)
            general = share[p];
        else
            others += share[p];
    }
    if (others > 1 + SHARE_OVER_TOL)
        return jck_fail(&c->j, kp, "shares sum to %g, above 1", others);
    if (general >= 0 && fabs(general + others - 1) > SHARE_TOL)
        return jck_fail(&c->j, kp, "shares sum to %g; with \"general\" given they must sum to 1",
                        general + others);
    share[PROG_GENERAL] = general >= 0 ? general : fmax(0, 1 - others);
    return 0;
}

/* demand[i].occupancy: given (x, may be NULL) or the mode's sourced
 * default; a bus has none, a pedestrian is one person. */
static int parse_occupancy(const struct ctx *c, const cJSON *x, const char *path, enum mode m,
                           double *occupancy)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN];
    scnm_path_key(kp, path, "occupancy");
    switch (m) {
    case MODE_POV:
        *occupancy = DEFAULT_OCCUPANCY_POV;
        break;
    case MODE_PEDESTRIAN:
        *occupancy = DEFAULT_OCCUPANCY_PEDESTRIAN;
        break;
    case MODE_TRUCK:
        *occupancy = DEFAULT_OCCUPANCY_TRUCK;
        break;
    case MODE_BUS:
        if (!x)
            return jck_fail(&c->j, path, "a bus stream needs \"occupancy\" (passengers per bus); "
                            "there is no sourced default");
        break;
    case MODE_COUNT:
        assert(!"bad mode");
    }
    if (!x)
        return 0;
    if (jck_num(&c->j, x, kp, OCCUPANCY_MIN, false, OCCUPANCY_MAX, occupancy) < 0)
        return -1;
    if (m == MODE_PEDESTRIAN && *occupancy != DEFAULT_OCCUPANCY_PEDESTRIAN)
        return jck_fail(&c->j, kp, "expected 1 (a pedestrian is one person), got %s",
                        scnm_got(x, g));
    return 0;
}

/* demand[i].initial_queue (path kp): crossers waiting at the start, by
 * programme; only programmes the stream sends (share > 0). */
static int parse_initial_queue(const struct ctx *c, const cJSON *x, const char *kp,
                               struct demand *d)
{
    char ip[JSON_PATH_LEN], list[JCK_LIST_LEN];
    long long n;
    if (jck_object(&c->j, x, kp, program_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *y = x->child; y; y = y->next) {
        int p = jck_lookup(program_names, PROG_COUNT, y->string);
        scnm_path_key(ip, kp, y->string);
        if (!program_valid[d->mode][p]) {
            join_programs(list, d->mode);
            return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s",
                            mode_names[d->mode], list);
        }
        if (jck_int(&c->j, y, ip, 0, SCN_QUEUE_MAX, &n) < 0)
            return -1;
        if (n > 0 && !(d->program_share[p] > 0))
            return jck_fail(&c->j, ip, "the stream sends no %s crossers (program_share %g), so "
                            "none can be waiting at the start", program_names[p],
                            d->program_share[p]);
        d->initial_queue[p] = (long)n;
    }
    return 0;
}

static int parse_demand(struct ctx *c, const cJSON *v, const char *path, struct demand *d)
{
    static const char *const required[] = {"name", "direction", "mode", "per_day"};
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN];
    const cJSON *x;
    int i;
    if (jck_object(&c->j, v, path, demand_keys, COUNT(demand_keys)) < 0)
        return -1;
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;

    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, SCN_NAME_MAX, d->name) < 0)
        return -1;
    scnm_path_key(kp, path, "direction");
    if (jck_enum(&c->j, jck_member(v, "direction"), kp, direction_names, DIR_COUNT, &i) < 0)
        return -1;
    d->dir = (enum direction)i;
    scnm_path_key(kp, path, "mode");
    if (jck_enum(&c->j, jck_member(v, "mode"), kp, mode_names, MODE_COUNT, &i) < 0)
        return -1;
    d->mode = (enum mode)i;
    scnm_path_key(kp, path, "per_day");
    if (jck_num(&c->j, jck_member(v, "per_day"), kp, 0, true, PER_DAY_MAX, &d->per_day) < 0)
        return -1;

    for (int w = 0; w < WD_COUNT; w++)
        for (int h = 0; h < HOURS_PER_DAY; h++)
            d->hourly_share[w][h] = 1.0 / HOURS_PER_DAY;
    scnm_path_key(kp, path, "hourly_share");
    if ((x = jck_member(v, "hourly_share")) && parse_profile(c, x, kp, d->hourly_share) < 0)
        return -1;

    for (int w = 0; w < WD_COUNT; w++)
        d->weekday_factor[w] = 1;
    if ((x = jck_member(v, "weekday_factor"))) {
        scnm_path_key(kp, path, "weekday_factor");
        if (jck_object(&c->j, x, kp, weekday_names, WD_COUNT) < 0)
            return -1;
        for (const cJSON *y = x->child; y; y = y->next) {
            int w = jck_lookup(weekday_names, WD_COUNT, y->string);
            scnm_path_key(ip, kp, y->string);
            if (jck_num(&c->j, y, ip, 0, false, WEEKDAY_FACTOR_MAX, &d->weekday_factor[w]) < 0)
                return -1;
        }
    }

    for (int m = 0; m < SCN_MONTHS; m++)
        d->monthly_factor[m] = 1;
    if ((x = jck_member(v, "monthly_factor"))) {
        scnm_path_key(kp, path, "monthly_factor");
        if (parse_monthly(c, x, kp, d->monthly_factor) < 0)
            return -1;
        d->has_monthly = true;
    }

    d->program_share[PROG_GENERAL] = 1;
    scnm_path_key(kp, path, "program_share");
    if ((x = jck_member(v, "program_share"))
        && parse_program_share(c, x, kp, d->mode, d->program_share) < 0)
        return -1;

    if (parse_occupancy(c, jck_member(v, "occupancy"), path, d->mode, &d->occupancy) < 0)
        return -1;

    d->when_closed = CLOSED_WAIT;
    if ((x = jck_member(v, "when_closed"))) {
        scnm_path_key(kp, path, "when_closed");
        if (jck_enum(&c->j, x, kp, when_closed_names, COUNT(when_closed_names), &i) < 0)
            return -1;
        d->when_closed = (enum when_closed)i;
    }

    d->arrivals = ARR_POISSON;
    if ((x = jck_member(v, "arrivals"))) {
        scnm_path_key(kp, path, "arrivals");
        if (jck_enum(&c->j, x, kp, arrivals_names, COUNT(arrivals_names), &i) < 0)
            return -1;
        d->arrivals = (enum arrivals)i;
    }

    if ((x = jck_member(v, "initial_queue"))) {
        scnm_path_key(kp, path, "initial_queue");
        if (parse_initial_queue(c, x, kp, d) < 0)
            return -1;
    }
    return 0;
}

/* ---- lane groups and their assignments --------------------------------------- */

#define ASSIGN_FORM "expected \"DIRECTION.MODE.PROGRAM\" (e.g. \"north.pov.sentri\")"
#define ASSIGN_PART_LEN 16      /* longer than any direction, mode or programme name */

/* The part `what` (DIRECTION, MODE or PROGRAM) of assignment v is `part`, not
 * one of names[0..n): report it. */
static int bad_part(const struct ctx *c, const cJSON *v, const char *path, const char *what,
                    const char *const *names, size_t n, const char *part)
{
    char g[GOT_LEN], list[JCK_LIST_LEN];
    jck_join(list, names, n);
    const char *near = scnm_suggest(part, names, n);
    if (near)
        return jck_fail(&c->j, path, ASSIGN_FORM " with %s one of %s, got %s (did you mean "
                        "\"%s\"?)", what, list, scnm_got(v, g), near);
    return jck_fail(&c->j, path, ASSIGN_FORM " with %s one of %s, got %s", what, list,
                    scnm_got(v, g));
}

/* An assignment "DIRECTION.MODE.PROGRAM" (all three parts, the programme
 * one of the mode's) into *a. */
static int parse_assignment(const struct ctx *c, const cJSON *v, const char *path,
                            struct assignment *a)
{
    char g[GOT_LEN], list[JCK_LIST_LEN], part[3][ASSIGN_PART_LEN];
    const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
    int n = 0;
    size_t len = 0;
    bool ok = s != NULL;
    for (const char *q = s; ok; q++) {
        if (*q == '.' || *q == '\0') {
            part[n][len] = '\0';
            n++;
            len = 0;
            if (!*q)
                break;
            ok = n < 3;
        } else if (len + 1 < ASSIGN_PART_LEN)
            part[n][len++] = *q;
        else
            part[n][0] = '?';   /* too long to be a name: keep it wrong, cut */
    }
    if (!ok || n != 3)
        return jck_fail(&c->j, path, ASSIGN_FORM ", got %s", scnm_got(v, g));
    int d = jck_lookup(direction_names, DIR_COUNT, part[0]);
    if (d < 0)
        return bad_part(c, v, path, "DIRECTION", direction_names, DIR_COUNT, part[0]);
    int m = jck_lookup(mode_names, MODE_COUNT, part[1]);
    if (m < 0)
        return bad_part(c, v, path, "MODE", mode_names, MODE_COUNT, part[1]);
    int p = jck_lookup(program_names, PROG_COUNT, part[2]);
    if (p < 0)
        return bad_part(c, v, path, "PROGRAM", program_names, PROG_COUNT, part[2]);
    if (!program_valid[m][p]) {
        join_programs(list, (enum mode)m);
        return jck_fail(&c->j, path, "expected a programme of %s (%s), got \"%s\" in %s",
                        mode_names[m], list, program_names[p], scnm_got(v, g));
    }
    *a = (struct assignment){(enum direction)d, (enum mode)m, (enum program)p};
    return 0;
}

static bool same_assignment(const struct assignment *a, const struct assignment *b)
{
    return a->dir == b->dir && a->mode == b->mode && a->prog == b->prog;
}


/* A step of a lane group's assignment schedule: the index of the
 * assignment in the group's assign[], added there if new. */
static int step_assignment(const struct ctx *c, const cJSON *v, const char *path, void *arg,
                           bool used, int *out)
{
    struct lanegroup *l = arg;
    struct assignment a;
    char g[GOT_LEN];
    if (parse_assignment(c, v, path, &a) < 0)
        return -1;
    *out = 0;
    if (!used)
        return 0;
    for (int i = 0; i < l->n_assign; i++)
        if (same_assignment(&l->assign[i], &a)) {
            *out = i;
            return 0;
        }
    if (l->n_assign == SCN_ASSIGN_MAX)
        return jck_fail(&c->j, path, "expected at most %d different assignments in one lane group, "
                        "got another: %s", SCN_ASSIGN_MAX, scnm_got(v, g));
    l->assign[l->n_assign] = a;
    *out = l->n_assign++;
    return 0;
}

/* lanes[i].assignment: a schedule of assignments. */
static int parse_assignment_schedule(const struct ctx *c, const cJSON *v, const char *path,
                                     struct lanegroup *l)
{
    struct step_kind k = {"{\"00:00\": \"south.pov.general\", \"06:00\": \"north.pov.sentri\"}",
                          step_assignment, l};
    l->n_assign = 0;
    if (parse_schedule(c, v, path, &k, &l->schedule) < 0)
        return -1;
    l->scheduled = true;        /* even with one assignment: a baseline for a flex proposal */
    return 0;
}

/* lanes[i].policy: a queue-driven reversal between two assignments. */
static int parse_policy(const struct ctx *c, const cJSON *v, const char *path,
                        struct lanegroup *l)
{
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], g[GOT_LEN];
    struct lanepolicy *pol = &l->policy;
    const cJSON *x;
    double minutes;
    int i;
    if (jck_object(&c->j, v, path, policy_keys, COUNT(policy_keys)) < 0)
        return -1;
    static const char *const required[] = {"between", "threshold"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;

    x = jck_member(v, "between");
    scnm_path_key(kp, path, "between");
    if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != 2) {
        if (cJSON_IsArray(x) && x->child)
            return jck_fail(&c->j, kp, "expected an array of 2 assignments "
                            "\"DIRECTION.MODE.PROGRAM\" (the group starts at the first), got an "
                            "array of %d", cJSON_GetArraySize(x));
        return jck_fail(&c->j, kp, "expected an array of 2 assignments \"DIRECTION.MODE.PROGRAM\" "
                        "(the group starts at the first), got %s", scnm_got(x, g));
    }
    i = 0;
    for (const cJSON *y = x->child; y; y = y->next, i++) {
        scnm_path_index(ip, kp, (size_t)i);
        if (parse_assignment(c, y, ip, &l->assign[i]) < 0)
            return -1;
    }
    if (same_assignment(&l->assign[0], &l->assign[1])) {
        scnm_path_index(ip, kp, 1);
        return jck_fail(&c->j, ip, "expected an assignment other than %s[0], got %s again", kp,
                        scnm_got(x->child->next, g));
    }
    l->n_assign = 2;
    pol->from = 0;
    pol->to = 1;

    pol->measure = POLICY_QUEUE;
    if ((x = jck_member(v, "measure"))) {
        scnm_path_key(kp, path, "measure");
        if (jck_enum(&c->j, x, kp, measure_names, COUNT(measure_names), &i) < 0)
            return -1;
        pol->measure = (enum policy_measure)i;
    }
    scnm_path_key(kp, path, "threshold");
    if (jck_num(&c->j, jck_member(v, "threshold"), kp, 0, true, POLICY_THRESHOLD_MAX,
                &pol->threshold) < 0)
        return -1;
    minutes = DEFAULT_POLICY_SUSTAIN_MIN;
    scnm_path_key(kp, path, "sustain_min");
    if ((x = jck_member(v, "sustain_min")) && jck_num(&c->j, x, kp, 0, false, MINUTES_PER_DAY,
                                                      &minutes) < 0)
        return -1;
    pol->sustain_s = minutes * SECONDS_PER_MINUTE;
    minutes = DEFAULT_POLICY_DWELL_MIN;
    scnm_path_key(kp, path, "min_dwell_min");
    if ((x = jck_member(v, "min_dwell_min"))
        && jck_num(&c->j, x, kp, 0, false, MINUTES_PER_DAY, &minutes) < 0)
        return -1;
    pol->dwell_s = minutes * SECONDS_PER_MINUTE;
    pol->max_per_day = DEFAULT_POLICY_MAX_PER_DAY;
    scnm_path_key(kp, path, "max_switches_per_day");
    if ((x = jck_member(v, "max_switches_per_day"))
        && jck_int_i(&c->j, x, kp, 1, MINUTES_PER_DAY, &pol->max_per_day) < 0)
        return -1;
    minutes = DEFAULT_POLICY_CHECK_MIN;
    scnm_path_key(kp, path, "check_every_min");
    if ((x = jck_member(v, "check_every_min"))
        && jck_num(&c->j, x, kp, POLICY_CHECK_MIN_MIN, false, MINUTES_PER_DAY, &minutes) < 0)
        return -1;
    pol->check_s = minutes * SECONDS_PER_MINUTE;
    l->has_policy = true;
    return 0;
}

/* The assignment of a flex group: `assignment` (asg) or `policy` (pol), at
 * most one of them, and none of direction, mode, program. */
static int parse_flex(const struct ctx *c, const cJSON *v, const char *path, const cJSON *asg,
                      const cJSON *pol, struct lanegroup *l)
{
    char kp[JSON_PATH_LEN];
    const char *given = NULL;   /* the first of the two keys written */
    for (const cJSON *k = v->child; k; k = k->next) {
        bool flex_key = k == asg || k == pol;
        if (flex_key && given) {
            scnm_path_key(kp, path, k->string);
            return jck_fail(&c->j, kp, "not allowed together with \"%s\"", given);
        }
        if (flex_key)
            given = k->string;
    }
    for (const cJSON *k = v->child; k; k = k->next)
        if (strcmp(k->string, "direction") == 0 || strcmp(k->string, "mode") == 0
            || strcmp(k->string, "program") == 0) {
            scnm_path_key(kp, path, k->string);
            return jck_fail(&c->j, kp, "not allowed with \"%s\"; the %s gives direction, mode and "
                            "program", given, given);
        }
    scnm_path_key(kp, path, given);
    if (asg ? parse_assignment_schedule(c, asg, kp, l) < 0 : parse_policy(c, pol, kp, l) < 0)
        return -1;
    l->dir = l->assign[0].dir;
    l->mode = l->assign[0].mode;
    l->program = l->assign[0].prog;
    return 0;
}

/* direction, mode and program of a group whose assignment never changes. */
static int parse_fixed(const struct ctx *c, const cJSON *v, const char *path, struct lanegroup *l)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN], list[JCK_LIST_LEN];
    const cJSON *x;
    int i;
    scnm_path_key(kp, path, "direction");
    if (jck_enum(&c->j, jck_member(v, "direction"), kp, direction_names, DIR_COUNT, &i) < 0)
        return -1;
    l->dir = (enum direction)i;
    scnm_path_key(kp, path, "mode");
    if (jck_enum(&c->j, jck_member(v, "mode"), kp, mode_names, MODE_COUNT, &i) < 0)
        return -1;
    l->mode = (enum mode)i;
    l->program = PROG_GENERAL;
    if ((x = jck_member(v, "program"))) {
        scnm_path_key(kp, path, "program");
        if (jck_enum(&c->j, x, kp, program_names, PROG_COUNT, &i) < 0)
            return -1;
        if (!program_valid[l->mode][i]) {
            join_programs(list, l->mode);
            return jck_fail(&c->j, kp, "expected a programme of %s (%s), got %s",
                            mode_names[l->mode], list, scnm_got(x, g));
        }
        l->program = (enum program)i;
    }
    l->n_assign = 1;
    l->assign[0] = (struct assignment){l->dir, l->mode, l->program};
    return 0;
}

static bool is_flex(const struct lanegroup *l)
{
    return l->scheduled || l->has_policy;
}

/* lanes[i].staffing_policy (path kp) of group l (booths known). */
static int parse_staffing_policy(const struct ctx *c, const cJSON *v, const char *path,
                                 struct lanegroup *l)
{
    char kp[JSON_PATH_LEN];
    struct staffpolicy *sp = &l->staffing;
    const cJSON *x;
    double minutes;
    int i;
    if (jck_object(&c->j, v, path, staffing_keys, COUNT(staffing_keys)) < 0)
        return -1;
    static const char *const required[] = {"open_above", "close_below"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;
    sp->measure = POLICY_WAIT;
    if ((x = jck_member(v, "measure"))) {
        scnm_path_key(kp, path, "measure");
        if (jck_enum(&c->j, x, kp, measure_names, COUNT(measure_names), &i) < 0)
            return -1;
        sp->measure = (enum policy_measure)i;
    }
    scnm_path_key(kp, path, "open_above");
    if (jck_num(&c->j, jck_member(v, "open_above"), kp, 0, true, POLICY_THRESHOLD_MAX,
                &sp->open_above) < 0)
        return -1;
    scnm_path_key(kp, path, "close_below");
    x = jck_member(v, "close_below");
    if (jck_num(&c->j, x, kp, 0, false, POLICY_THRESHOLD_MAX, &sp->close_below) < 0)
        return -1;
    if (!(sp->close_below < sp->open_above))
        return jck_fail(&c->j, kp, "expected a number below open_above (%g), got %g: the group "
                        "would open and close booths at once", sp->open_above, sp->close_below);
    struct { const char *key; double def, lo; double *out; } times[] = {
        {"sustain_min", DEFAULT_STAFFING_SUSTAIN_MIN, 0, &sp->sustain_s},
        {"check_every_min", DEFAULT_STAFFING_CHECK_MIN, POLICY_CHECK_MIN_MIN, &sp->check_s},
        {"open_delay_min", DEFAULT_STAFFING_DELAY_MIN, 0, &sp->open_delay_s},
    };
    for (size_t k = 0; k < COUNT(times); k++) {
        minutes = times[k].def;
        scnm_path_key(kp, path, times[k].key);
        if ((x = jck_member(v, times[k].key))
            && jck_num(&c->j, x, kp, times[k].lo, false, MINUTES_PER_DAY, &minutes) < 0)
            return -1;
        *times[k].out = minutes * SECONDS_PER_MINUTE;
    }
    sp->min_booths = DEFAULT_STAFFING_MIN_BOOTHS < l->booths ? DEFAULT_STAFFING_MIN_BOOTHS
                                                             : l->booths;
    if ((x = jck_member(v, "min_booths"))) {
        scnm_path_key(kp, path, "min_booths");
        if (jck_int_i(&c->j, x, kp, 0, l->booths, &sp->min_booths) < 0)
            return -1;
    }
    l->has_staffing = true;
    return 0;
}

/* The staffing keys of lane group l at path: stacked_efficiency,
 * staffing_policy and pool (lane_pools already read). */
static int parse_lane_staffing(const struct ctx *c, const cJSON *v, const char *path,
                               struct lanegroup *l)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN], list[JCK_LIST_LEN];
    const cJSON *x;
    const struct scenario *s = c->s;
    l->pool = -1;
    l->stacked_efficiency = DEFAULT_STACKED_EFFICIENCY;
    if ((x = jck_member(v, "stacked_efficiency"))) {
        scnm_path_key(kp, path, "stacked_efficiency");
        if (jck_num(&c->j, x, kp, 0, true, 1, &l->stacked_efficiency) < 0)
            return -1;
    }
    if ((x = jck_member(v, "staffing_policy"))) {
        scnm_path_key(kp, path, "staffing_policy");
        if (parse_staffing_policy(c, x, kp, l) < 0)
            return -1;
    }
    if (!(x = jck_member(v, "pool")))
        return 0;
    scnm_path_key(kp, path, "pool");
    const char *names[POOLS_MAX];
    for (size_t i = 0; i < s->n_pools; i++)
        names[i] = s->pools[i].name;
    int k = cJSON_IsString(x) ? jck_lookup(names, s->n_pools, x->valuestring) : -1;
    if (k < 0) {
        if (s->n_pools == 0)
            return jck_fail(&c->j, kp, "expected the name of a lane pool, got %s; there is no "
                            "\"lane_pools\"", scnm_got(x, g));
        jck_join(list, names, s->n_pools);
        const char *near = cJSON_IsString(x) ? scnm_suggest(x->valuestring, names, s->n_pools)
                                             : NULL;
        if (near)
            return jck_fail(&c->j, kp, "expected one of the lane pools %s, got %s (did you mean "
                            "\"%s\"?)", list, scnm_got(x, g), near);
        return jck_fail(&c->j, kp, "expected one of the lane pools %s, got %s", list,
                        scnm_got(x, g));
    }
    if (is_flex(l))
        return jck_fail(&c->j, kp, "not allowed on a lane group whose assignment changes");
    if (!l->has_staffing)
        return jck_fail(&c->j, kp, "a lane group in a pool needs a \"staffing_policy\": the policy "
                        "takes its lanes from the pool as they free");
    if (l->lanes > s->pools[k].lanes) {
        scnm_path_key(kp, path, "lanes");
        return jck_fail(&c->j, kp, "expected at most the %d lanes of pool \"%s\", got %d",
                        s->pools[k].lanes, s->pools[k].name, l->lanes);
    }
    l->pool = k;
    return 0;
}

/* The index of the stage named by v in s->stages, or -1 with the error set
 * (at path): not a stage's name, with the names there are. */
static int stage_named(const struct ctx *c, const cJSON *v, const char *path)
{
    const struct scenario *s = c->s;
    char g[GOT_LEN], list[JCK_LIST_LEN];
    const char *names[SCN_STAGES_MAX];
    for (size_t i = 0; i < s->n_stages; i++)
        names[i] = s->stages[i].name;
    int k = cJSON_IsString(v) ? jck_lookup(names, s->n_stages, v->valuestring) : -1;
    if (k >= 0)
        return k;
    if (s->n_stages == 0)
        return jck_fail(&c->j, path, "unknown stage %s: there is no \"stages\"", scnm_got(v, g));
    jck_join(list, names, s->n_stages);
    const char *near = cJSON_IsString(v) ? scnm_suggest(v->valuestring, names, s->n_stages)
                                         : NULL;
    if (near)
        return jck_fail(&c->j, path, "unknown stage %s; expected one of %s (did you mean \"%s\"?)",
                        scnm_got(v, g), list, near);
    return jck_fail(&c->j, path, "unknown stage %s; expected one of %s", scnm_got(v, g), list);
}

/* lanes[i].stage (v at path) of a group whose direction and mode are read. */
static int parse_lane_stage(const struct ctx *c, const cJSON *v, const char *path,
                            struct lanegroup *l)
{
    int k = stage_named(c, v, path);
    if (k < 0)
        return -1;
    if (l->scheduled || l->has_policy)
        return jck_fail(&c->j, path, "not allowed on a lane group whose assignment changes: a flex "
                        "lane serves a direction and mode without stages");
    const struct stage *st = &c->s->stages[k];
    if (st->dir != l->dir || st->mode != l->mode)
        return jck_fail(&c->j, path, "stage \"%s\" is on the chain of %s %s crossers, but this "
                        "lane group serves %s %s", st->name, direction_names[st->dir],
                        mode_names[st->mode], direction_names[l->dir], mode_names[l->mode]);
    l->stage = k;
    return 0;
}

static int parse_lane(const struct ctx *c, const cJSON *v, const char *path, struct lanegroup *l)
{
    char kp[JSON_PATH_LEN];
    const cJSON *x;
    long long storage;
    if (jck_object(&c->j, v, path, lane_keys, COUNT(lane_keys)) < 0)
        return -1;
    const cJSON *asg = jck_member(v, "assignment"), *pol = jck_member(v, "policy");
    static const char *const required[] = {"name", "direction", "mode", "lanes"};
    for (size_t k = 0; k < COUNT(required); k++) {
        bool given_by_flex = (asg || pol) && (k == 1 || k == 2);
        if (!given_by_flex && !jck_need(&c->j, v, path, required[k]))
            return -1;
    }

    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, SCN_NAME_MAX, l->name) < 0)
        return -1;
    if ((asg || pol) ? parse_flex(c, v, path, asg, pol, l) < 0 : parse_fixed(c, v, path, l) < 0)
        return -1;
    scnm_path_key(kp, path, "lanes");
    if (jck_int_i(&c->j, jck_member(v, "lanes"), kp, 1, LANES_PER_GROUP_MAX, &l->lanes) < 0)
        return -1;
    l->booths_per_lane = 1;
    if ((x = jck_member(v, "booths_per_lane"))) {
        scnm_path_key(kp, path, "booths_per_lane");
        if (jck_int_i(&c->j, x, kp, 1, BOOTHS_PER_LANE_MAX, &l->booths_per_lane) < 0)
            return -1;
    }
    l->booths = l->lanes * l->booths_per_lane;
    sched_constant(&l->staffed, l->booths);
    if ((x = jck_member(v, "staffed_booths"))) {
        scnm_path_key(kp, path, "staffed_booths");
        if (parse_staffing(c, x, kp, l->booths, &l->staffed) < 0)
            return -1;
    }
    l->storage = -1;
    if ((x = jck_member(v, "storage"))) {
        scnm_path_key(kp, path, "storage");
        if (is_flex(l))
            return jck_fail(&c->j, kp, "not allowed on a lane group whose assignment changes; set "
                            "it on a fixed lane group of the queue");
        if (jck_int(&c->j, x, kp, 0, SCN_QUEUE_MAX, &storage) < 0)
            return -1;
        l->storage = (long)storage;
    }
    double minutes = c->changeover_s / SECONDS_PER_MINUTE;
    if ((x = jck_member(v, "changeover_min"))) {
        scnm_path_key(kp, path, "changeover_min");
        if (jck_num(&c->j, x, kp, 0, false, MINUTES_PER_DAY, &minutes) < 0)
            return -1;
    }
    l->changeover_s = minutes * SECONDS_PER_MINUTE;
    l->stage = -1;
    if ((x = jck_member(v, "stage"))) {
        scnm_path_key(kp, path, "stage");
        if (parse_lane_stage(c, x, kp, l) < 0)
            return -1;
    }
    return parse_lane_staffing(c, v, path, l);
}

/* An array of named items at `key` (demand streams, lane groups): each item
 * parsed by parse into *items (n of `size` bytes each, allocated here; a
 * struct whose first member is its name), *count set as items are parsed so
 * that scn_free frees what was built, and names checked to be unique. */
static int parse_named(struct ctx *c, const cJSON *v, const char *key, size_t max,
                       const char *what, size_t size, void **items, size_t *count,
                       int (*parse)(struct ctx *, const cJSON *, const char *, void *))
{
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], other[JSON_PATH_LEN];
    size_t n = 0;
    if (jck_array(&c->j, v, key, max, what, &n) < 0)
        return -1;
    if (!(*items = calloc(n, size)))
        return jck_oom(&c->j);
    char *base = *items;
    size_t i = 0;
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        scnm_path_index(ip, key, i);
        if (parse(c, x, ip, base + i * size) < 0)
            return -1;
        *count = i + 1;
        const char *name = base + i * size;
        for (size_t j = 0; j < i; j++)
            if (strcmp(base + j * size, name) == 0) {
                scnm_path_key(kp, ip, "name");
                scnm_path_index(other, key, j);
                return jck_fail(&c->j, kp, "duplicate name \"%s\" (also %s)", name, other);
            }
    }
    return 0;
}

static int parse_demand_item(struct ctx *c, const cJSON *x, const char *path, void *out)
{
    return parse_demand(c, x, path, out);
}

static int parse_lane_item(struct ctx *c, const cJSON *x, const char *path, void *out)
{
    return parse_lane(c, x, path, out);
}

static int parse_pool(struct ctx *c, const cJSON *v, const char *path, void *out)
{
    char kp[JSON_PATH_LEN];
    struct lanepool *pl = out;
    if (jck_object(&c->j, v, path, pool_keys, COUNT(pool_keys)) < 0)
        return -1;
    for (size_t k = 0; k < COUNT(pool_keys); k++)
        if (!jck_need(&c->j, v, path, pool_keys[k]))
            return -1;
    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, SCN_NAME_MAX, pl->name) < 0)
        return -1;
    scnm_path_key(kp, path, "lanes");
    return jck_int_i(&c->j, jck_member(v, "lanes"), kp, 1, LANES_PER_GROUP_MAX, &pl->lanes);
}

static int parse_pools(struct ctx *c, const cJSON *v)
{
    _Static_assert(offsetof(struct lanepool, name) == 0, "a pool's name comes first");
    return parse_named(c, v, "lane_pools", POOLS_MAX, "lane pools", sizeof(struct lanepool),
                       (void **)&c->s->pools, &c->s->n_pools, parse_pool);
}

static int parse_demands(struct ctx *c, const cJSON *v)
{
    if (c->n_extra > 0 && (!v || (cJSON_IsArray(v) && !v->child)))
        return 0;               /* the caller's streams are the demand */
    _Static_assert(offsetof(struct demand, name) == 0, "a demand's name comes first");
    return parse_named(c, v, "demand", DEMAND_MAX, "demand streams", sizeof(struct demand),
                       (void **)&c->s->demand, &c->s->n_demand, parse_demand_item);
}

static int parse_lanes(struct ctx *c, const cJSON *v)
{
    _Static_assert(offsetof(struct lanegroup, name) == 0, "a lane group's name comes first");
    return parse_named(c, v, "lanes", LANES_MAX, "lane groups", sizeof(struct lanegroup),
                       (void **)&c->s->lanes, &c->s->n_lanes, parse_lane_item);
}

/* Keys "MODE.PROGRAM" and "DIRECTION.MODE.PROGRAM" of the valid
 * combinations, written into buf, pointed at by keys; the combination of
 * keys[i] in d[i] (-1 for every direction), m[i], p[i].  Returns the count. */
#define SERVICE_KEY_LEN 48
#define SERVICE_KEYS_MAX ((DIR_COUNT + 1) * MODE_COUNT * PROG_COUNT)
static size_t service_keys(char buf[][SERVICE_KEY_LEN], const char **keys, int *d, int *m,
                           int *p)
{
    size_t n = 0;
    for (int di = -1; di < DIR_COUNT; di++)
        for (int mi = 0; mi < MODE_COUNT; mi++)
            for (int pi = 0; pi < PROG_COUNT; pi++)
                if (program_valid[mi][pi]) {
                    if (di < 0)
                        snprintf(buf[n], SERVICE_KEY_LEN, "%s.%s", mode_names[mi],
                                 program_names[pi]);
                    else
                        snprintf(buf[n], SERVICE_KEY_LEN, "%s.%s.%s", direction_names[di],
                                 mode_names[mi], program_names[pi]);
                    keys[n] = buf[n];
                    d[n] = di;
                    m[n] = mi;
                    p[n] = pi;
                    n++;
                }
    return n;
}

/* service[KEY].hourly_factor (path kp): 24 factors > 0 by hour of day. */
static int parse_service_factor(const struct ctx *c, const cJSON *x, const char *kp,
                                double *factor)
{
    char ip[JSON_PATH_LEN], g[GOT_LEN];
    int h = 0;
    if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != HOURS_PER_DAY) {
        if (cJSON_IsArray(x))
            return jck_fail(&c->j, kp, "expected an array of 24 factors (hours 0 to 23), got an "
                            "array of %d", cJSON_GetArraySize(x));
        return jck_fail(&c->j, kp, "expected an array of 24 factors (hours 0 to 23), got %s",
                        scnm_got(x, g));
    }
    for (const cJSON *y = x->child; y; y = y->next, h++) {
        scnm_path_index(ip, kp, (size_t)h);
        if (jck_num(&c->j, y, ip, 0, true, SERVICE_FACTOR_MAX, &factor[h]) < 0)
            return -1;
    }
    return 0;
}

static int parse_service(struct ctx *c, const cJSON *v)
{
    char buf[SERVICE_KEYS_MAX][SERVICE_KEY_LEN], kp[JSON_PATH_LEN];
    const char *keys[SERVICE_KEYS_MAX];
    int d[SERVICE_KEYS_MAX], m[SERVICE_KEYS_MAX], p[SERVICE_KEYS_MAX];
    size_t n = service_keys(buf, keys, d, m, p);
    if (jck_object(&c->j, v, "service", keys, n) < 0)
        return -1;
    struct service_given *g = &c->svc;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, n, x->string);
        scnm_path_key(kp, "service", x->string);
        struct dist *dst = d[k] < 0 ? &g->mode[m[k]][p[k]] : &g->dir[d[k]][m[k]][p[k]];
        if (parse_dist_with(c, x, kp, dst, service_extra_keys, COUNT(service_extra_keys)) < 0)
            return -1;
        if (d[k] < 0)
            g->by_mode[m[k]][p[k]] = true;
        else
            g->by_dir[d[k]][m[k]][p[k]] = true;
        const cJSON *f = jck_member(x, "hourly_factor");
        if (!f)
            continue;
        char fp[JSON_PATH_LEN];
        scnm_path_key(fp, kp, "hourly_factor");
        if (parse_service_factor(c, f, fp, d[k] < 0 ? g->f_mode[m[k]][p[k]]
                                                     : g->f_dir[d[k]][m[k]][p[k]]) < 0)
            return -1;
        if (d[k] < 0)
            g->fac_mode[m[k]][p[k]] = true;
        else
            g->fac_dir[d[k]][m[k]][p[k]] = true;
    }
    return 0;
}

static int parse_secondary_value(const struct ctx *c, const cJSON *v, const char *path,
                                 enum mode mode, struct secondary *out)
{
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], g[GOT_LEN], list[JCK_LIST_LEN];
    if (jck_object(&c->j, v, path, secondary_value_keys, COUNT(secondary_value_keys)) < 0)
        return -1;
    for (size_t k = 0; k < COUNT(secondary_value_keys); k++)
        if (!jck_need(&c->j, v, path, secondary_value_keys[k]))
            return -1;
    const cJSON *r = jck_member(v, "referral");
    scnm_path_key(kp, path, "referral");
    if (cJSON_IsObject(r)) {
        if (jck_object(&c->j, r, kp, program_names, PROG_COUNT) < 0)
            return -1;
        for (const cJSON *y = r->child; y; y = y->next) {
            int p = jck_lookup(program_names, PROG_COUNT, y->string);
            scnm_path_key(ip, kp, y->string);
            if (!program_valid[mode][p]) {
                join_programs(list, mode);
                return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s",
                                mode_names[mode], list);
            }
            if (jck_num(&c->j, y, ip, 0, false, 1, &out->referral[p]) < 0)
                return -1;
        }
    } else if (cJSON_IsNumber(r)) {
        double q;
        if (jck_num(&c->j, r, kp, 0, false, 1, &q) < 0)
            return -1;
        for (int p = 0; p < PROG_COUNT; p++)
            out->referral[p] = program_valid[mode][p] ? q : 0;
    } else
        return jck_fail(&c->j, kp, "expected a probability from 0 to 1 or an object of them by "
                        "programme, got %s", scnm_got(r, g));
    scnm_path_key(kp, path, "spaces");
    if (jck_int_i(&c->j, jck_member(v, "spaces"), kp, 1, SECONDARY_SPACES_MAX, &out->spaces) < 0)
        return -1;
    scnm_path_key(kp, path, "service");
    if (parse_dist(c, jck_member(v, "service"), kp, &out->service) < 0)
        return -1;
    out->present = true;
    return 0;
}

/* Keys of the secondary section: "MODE" then "DIRECTION.MODE". */
#define SECONDARY_KEYS (MODE_COUNT + DIR_COUNT * MODE_COUNT)
static void secondary_keys(char buf[][SERVICE_KEY_LEN], const char **keys)
{
    for (int m = 0; m < MODE_COUNT; m++)
        keys[m] = mode_names[m];
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int k = MODE_COUNT + d * MODE_COUNT + m;
            snprintf(buf[k], SERVICE_KEY_LEN, "%s.%s", direction_names[d], mode_names[m]);
            keys[k] = buf[k];
        }
}

static int parse_secondary(struct ctx *c, const cJSON *v)
{
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN], kp[JSON_PATH_LEN];
    const char *keys[SECONDARY_KEYS];
    secondary_keys(buf, keys);
    if (jck_object(&c->j, v, "secondary", keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        scnm_path_key(kp, "secondary", x->string);
        if (k < MODE_COUNT) {
            c->sec.by_mode[k] = true;
            if (parse_secondary_value(c, x, kp, (enum mode)k, &c->sec.mode[k]) < 0)
                return -1;
        } else {
            int d = (k - MODE_COUNT) / MODE_COUNT, m = (k - MODE_COUNT) % MODE_COUNT;
            c->sec.by_dir[d][m] = true;
            if (parse_secondary_value(c, x, kp, (enum mode)m, &c->sec.dir[d][m]) < 0)
                return -1;
        }
    }
    return 0;
}

/* hours: keys "MODE" (both directions) and "DIRECTION.MODE" (one,
 * overriding the former there), as the secondary section's.  A "MODE"
 * entry fills the directions that have no entry of their own, in whatever
 * order the two are written. */
static int parse_hours(struct ctx *c, const cJSON *v)
{
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN], kp[JSON_PATH_LEN];
    const char *keys[SECONDARY_KEYS];
    secondary_keys(buf, keys);
    if (jck_object(&c->j, v, "hours", keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        scnm_path_key(kp, "hours", x->string);
        struct daysched ds;
        if (parse_hours_value(c, x, kp, &ds) < 0)
            return -1;
        for (int d = 0; d < DIR_COUNT; d++) {
            int m = k < MODE_COUNT ? k : (k - MODE_COUNT) % MODE_COUNT;
            bool own = k >= MODE_COUNT && (k - MODE_COUNT) / MODE_COUNT == d;
            if (k >= MODE_COUNT && !own)
                continue;
            if (own)
                c->hours_by_dir[d][m] = true;
            else
                c->hours_by_mode[m] = true;
            if (own || !c->hours_by_dir[d][m]) {
                c->s->hours[d][m] = ds;
                c->s->has_hours[d][m] = true;
            }
        }
    }
    return 0;
}

/* ---- stages in series --------------------------------------------------------
 *
 * "stages" is an array of named stage objects and "chains" an object keyed
 * "DIRECTION.MODE" whose values list stage names in the order crossers pass
 * them.  A stage takes its direction and mode from the chain that lists it,
 * so its programmes (skip, join, service) are read once the chains are.
 * Names first, then the chains, then each stage's keys. */

/* stages[i].skip (v at path): programmes of mode m that pass the stage by. */
static int parse_stage_skip(const struct ctx *c, const cJSON *v, const char *path,
                            struct stage *st)
{
    char g[GOT_LEN], ip[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (!cJSON_IsArray(v))
        return jck_fail(&c->j, path, "expected an array of programmes, got %s", scnm_got(v, g));
    size_t i = 0;
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        int p;
        scnm_path_index(ip, path, i);
        if (jck_enum(&c->j, x, ip, program_names, PROG_COUNT, &p) < 0)
            return -1;
        if (!program_valid[st->mode][p]) {
            join_programs(list, st->mode);
            return jck_fail(&c->j, ip, "expected a programme of %s (%s), got %s",
                            mode_names[st->mode], list, scnm_got(x, g));
        }
        if (st->skip[p])
            return jck_fail(&c->j, ip, "\"%s\" is listed twice", program_names[p]);
        st->skip[p] = true;
    }
    return 0;
}

/* stages[i].join (v at path): {"fast": "general"}, FAST crossers wait in the
 * General line here.  Read after skip. */
static int parse_stage_join(const struct ctx *c, const cJSON *v, const char *path,
                            struct stage *st)
{
    char kp[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (jck_object(&c->j, v, path, program_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int p = jck_lookup(program_names, PROG_COUNT, x->string), q;
        scnm_path_key(kp, path, x->string);
        if (!program_valid[st->mode][p]) {
            join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "not a programme of %s; expected one of %s",
                            mode_names[st->mode], list);
        }
        if (jck_enum(&c->j, x, kp, program_names, PROG_COUNT, &q) < 0)
            return -1;
        if (!program_valid[st->mode][q]) {
            join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "expected a programme of %s (%s) whose line to join, got "
                            "\"%s\"", mode_names[st->mode], list, program_names[q]);
        }
        if (q == p)
            return jck_fail(&c->j, kp, "a programme cannot join its own line");
        if (st->skip[p])
            return jck_fail(&c->j, kp, "%s skips this stage (\"skip\"): it joins no line here",
                            program_names[p]);
        if (st->skip[q])
            return jck_fail(&c->j, kp, "%s skips this stage (\"skip\"): it has no line here to "
                            "join", program_names[q]);
        st->line[p] = (enum program)q;
    }
    for (int p = 0; p < PROG_COUNT; p++)
        if (st->line[p] != (enum program)p && st->line[st->line[p]] != st->line[p]) {
            scnm_path_key(kp, path, program_names[st->line[p]]);
            return jck_fail(&c->j, kp, "%s joins the line of %s, which joins another: a line is a "
                            "programme's own", program_names[p], program_names[st->line[p]]);
        }
    return 0;
}

/* stages[i].service (v at path): inspection times by programme. */
static int parse_stage_service(const struct ctx *c, const cJSON *v, const char *path,
                               struct stage *st)
{
    char kp[JSON_PATH_LEN], fp[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (jck_object(&c->j, v, path, program_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int p = jck_lookup(program_names, PROG_COUNT, x->string);
        scnm_path_key(kp, path, x->string);
        if (!program_valid[st->mode][p]) {
            join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "not a programme of %s; expected one of %s",
                            mode_names[st->mode], list);
        }
        if (parse_dist_with(c, x, kp, &st->service[p], service_extra_keys,
                            COUNT(service_extra_keys)) < 0)
            return -1;
        st->has_service[p] = true;
        for (int h = 0; h < HOURS_PER_DAY; h++)
            st->service_factor[p][h] = 1.0;
        const cJSON *f = jck_member(x, "hourly_factor");
        if (!f)
            continue;
        scnm_path_key(fp, kp, "hourly_factor");
        if (parse_service_factor(c, f, fp, st->service_factor[p]) < 0)
            return -1;
        st->has_service_factor[p] = true;
    }
    return 0;
}

/* The keys of stages[i] (v at path), its direction and mode known. */
static int parse_stage(const struct ctx *c, const cJSON *v, const char *path, struct stage *st)
{
    char kp[JSON_PATH_LEN];
    const cJSON *x;
    long long space;
    if ((x = jck_member(v, "skip"))) {
        scnm_path_key(kp, path, "skip");
        if (parse_stage_skip(c, x, kp, st) < 0)
            return -1;
    }
    if ((x = jck_member(v, "join"))) {
        scnm_path_key(kp, path, "join");
        if (parse_stage_join(c, x, kp, st) < 0)
            return -1;
    }
    if ((x = jck_member(v, "space"))) {
        scnm_path_key(kp, path, "space");
        if (jck_int(&c->j, x, kp, 0, SCN_QUEUE_MAX, &space) < 0)
            return -1;
        st->space = (long)space;
    }
    if ((x = jck_member(v, "service"))) {
        scnm_path_key(kp, path, "service");
        if (parse_stage_service(c, x, kp, st) < 0)
            return -1;
    }
    if ((x = jck_member(v, "secondary"))) {
        scnm_path_key(kp, path, "secondary");
        if (parse_secondary_value(c, x, kp, st->mode, &st->secondary) < 0)
            return -1;
    }
    if ((x = jck_member(v, "hours"))) {
        scnm_path_key(kp, path, "hours");
        if (parse_hours_value(c, x, kp, &st->hours) < 0)
            return -1;
        st->has_hours = true;
    }
    return 0;
}

/* chains[KEY] (v at path) for direction d and mode m: stage names, each
 * once, each in no other chain. */
static int parse_chain(const struct ctx *c, const cJSON *v, const char *path, int d, int m)
{
    struct scenario *s = c->s;
    char g[GOT_LEN], ip[JSON_PATH_LEN], seen[JCK_LIST_LEN];
    if (!cJSON_IsArray(v) || !v->child)
        return jck_fail(&c->j, path, "expected a non-empty array of stage names, in the order "
                        "crossers pass them, got %s", scnm_got(v, g));
    if (cJSON_GetArraySize(v) > SCN_CHAIN_MAX)
        return jck_fail(&c->j, path, "expected at most %d stages in a chain, got %d", SCN_CHAIN_MAX,
                        cJSON_GetArraySize(v));
    int n = 0;
    for (const cJSON *x = v->child; x; x = x->next, n++) {
        scnm_path_index(ip, path, (size_t)n);
        int k = stage_named(c, x, ip);
        if (k < 0)
            return -1;
        struct stage *st = &s->stages[k];
        for (int j = 0; j < n; j++)
            if (s->chain[d][m][j] == k) {
                const char *names[SCN_CHAIN_MAX + 1];
                for (int i = j; i < n; i++)
                    names[i - j] = s->stages[s->chain[d][m][i]].name;
                names[n - j] = st->name;
                size_t used = 0;
                seen[0] = '\0';
                for (int i = 0; i <= n - j; i++)
                    used += (size_t)snprintf(seen + used, sizeof seen - used, "%s%s",
                                             i ? " -> " : "", names[i]);
                return jck_fail(&c->j, ip, "a cycle: \"%s\" comes again (%s); a chain passes each "
                                "stage once", st->name, seen);
            }
        if (st->pos >= 0)
            return jck_fail(&c->j, ip, "stage \"%s\" is on the chain of %s %s already; a stage "
                            "serves one chain", st->name, direction_names[st->dir],
                            mode_names[st->mode]);
        st->dir = (enum direction)d;
        st->mode = (enum mode)m;
        st->pos = n;
        s->chain[d][m][n] = k;
    }
    s->n_chain[d][m] = n;
    return 0;
}

/* "stages" and "chains" (either may be NULL). */
static int parse_stages(struct ctx *c, const cJSON *stages, const cJSON *chains)
{
    struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], other[JSON_PATH_LEN];
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN];
    const char *keys[SECONDARY_KEYS];
    size_t n = 0;
    if (stages) {
        if (jck_array(&c->j, stages, "stages", SCN_STAGES_MAX, "stages", &n) < 0)
            return -1;
        if (!(s->stages = calloc(n, sizeof *s->stages)))
            return jck_oom(&c->j);
        size_t i = 0;
        for (const cJSON *x = stages->child; x; x = x->next, i++) {
            struct stage *st = &s->stages[i];
            s->n_stages = i + 1;
            st->pos = -1;
            st->space = -1;
            for (int p = 0; p < PROG_COUNT; p++)
                st->line[p] = (enum program)p;
            scnm_path_index(ip, "stages", i);
            if (jck_object(&c->j, x, ip, stage_keys,
                           COUNT(stage_keys)) < 0 || !jck_need(&c->j, x, ip, "name"))
                return -1;
            scnm_path_key(kp, ip, "name");
            if (jck_name(&c->j, jck_member(x, "name"), kp, SCN_NAME_MAX, st->name) < 0)
                return -1;
            for (size_t j = 0; j < i; j++)
                if (strcmp(s->stages[j].name, st->name) == 0) {
                    scnm_path_index(other, "stages", j);
                    return jck_fail(&c->j, kp, "duplicate name \"%s\" (also %s)", st->name, other);
                }
        }
    }
    if (chains) {
        /* "DIRECTION.MODE" keys only: a chain is one direction's. */
        secondary_keys(buf, keys);
        if (jck_object(&c->j, chains, "chains", keys + MODE_COUNT, SECONDARY_KEYS - MODE_COUNT) < 0)
            return -1;
        for (const cJSON *x = chains->child; x; x = x->next) {
            int k = jck_lookup(keys + MODE_COUNT, SECONDARY_KEYS - MODE_COUNT, x->string);
            scnm_path_key(kp, "chains", x->string);
            if (parse_chain(c, x, kp, k / MODE_COUNT, k % MODE_COUNT) < 0)
                return -1;
        }
    }
    size_t i = 0;
    for (const cJSON *x = stages ? stages->child : NULL; x; x = x->next, i++) {
        struct stage *st = &s->stages[i];
        scnm_path_index(ip, "stages", i);
        if (st->pos < 0)
            return jck_fail(&c->j, ip, "nothing uses it: no chain lists stage \"%s\" (give it a "
                            "place in \"chains\")", st->name);
        if (parse_stage(c, x, ip, st) < 0)
            return -1;
    }
    return 0;
}

/* ---- holidays ------------------------------------------------------------------ */

static bool demand_sends(const struct scenario *s, int d, int m, int p);

/* holidays[i].hours (v at path): a weekday name (every facility with hours
 * keeps that weekday's), or an object keyed like the hours section whose
 * values are one day's hours.  Facilities not given keep the hours of the
 * date's weekday.  Needs the hours section parsed. */
static int parse_holiday_hours(struct ctx *c, const cJSON *v, const char *path, struct holiday *h)
{
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN], kp[JSON_PATH_LEN], g[GOT_LEN];
    const char *keys[SECONDARY_KEYS];
    bool own[DIR_COUNT][MODE_COUNT] = {{false}};
    if (cJSON_IsString(v)) {
        int w = jck_lookup(weekday_names, WD_COUNT, v->valuestring);
        if (w < 0)
            return jck_fail(&c->j, path, "expected a weekday (mon ... sun: the day keeps that "
                            "weekday's hours) or an object of hours by facility such as "
                            "{\"truck\": \"closed\"}, got %s", scnm_got(v, g));
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++)
                if (c->s->has_hours[d][m]) {
                    h->hours[d][m] = c->s->hours[d][m].day[w];
                    h->has_hours[d][m] = true;
                }
        return 0;
    }
    if (!cJSON_IsObject(v))
        return jck_fail(&c->j, path, "expected a weekday or an object of hours by facility such as "
                        "{\"truck\": \"closed\"}, got %s", scnm_got(v, g));
    secondary_keys(buf, keys);
    if (jck_object(&c->j, v, path, keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        int m = k < MODE_COUNT ? k : (k - MODE_COUNT) % MODE_COUNT;
        scnm_path_key(kp, path, x->string);
        bool used = false;
        for (int d = 0; d < DIR_COUNT; d++)
            used = used || ((k < MODE_COUNT || (k - MODE_COUNT) / MODE_COUNT == d)
                            && demand_sends(c->s, d, m, -1));
        if (!used)
            return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s crossers",
                            x->string);
        struct daysched ds;
        if (parse_dayspec(c, x, kp, &ds, 0) < 0)
            return -1;
        for (int d = 0; d < DIR_COUNT; d++) {
            bool mine = k >= MODE_COUNT && (k - MODE_COUNT) / MODE_COUNT == d;
            if ((k >= MODE_COUNT && !mine) || (!mine && own[d][m]))
                continue;
            own[d][m] = own[d][m] || mine;
            h->hours[d][m] = ds.day[0];
            h->has_hours[d][m] = true;
        }
    }
    return 0;
}

static int parse_holiday(struct ctx *c, const cJSON *v, const char *path, struct holiday *h)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN];
    const cJSON *x;
    if (jck_object(&c->j, v, path, holiday_keys,
                   COUNT(holiday_keys)) < 0 || !jck_need(&c->j, v, path, "date"))
        return -1;
    scnm_path_key(kp, path, "date");
    if (get_date(c, jck_member(v, "date"), kp, &h->date) < 0)
        return -1;
    h->factor = 1;
    scnm_path_key(kp, path, "factor");
    if ((x = jck_member(v, "factor")) && jck_num(&c->j, x, kp, 0, false, HOLIDAY_FACTOR_MAX,
                                                 &h->factor) < 0)
        return -1;
    h->profile = HOL_PROFILE_SAME;
    if ((x = jck_member(v, "profile"))) {
        scnm_path_key(kp, path, "profile");
        if (cJSON_IsString(x)) {
            int w = jck_lookup(weekday_names, WD_COUNT, x->valuestring);
            if (w < 0)
                return jck_fail(&c->j, kp, "expected a weekday (mon ... sun: each stream's profile "
                                "of that weekday) or an array of 24 shares, got %s",
                                scnm_got(x, g));
            h->profile = HOL_PROFILE_WEEKDAY;
            h->profile_like = (enum weekday)w;
        } else {
            if (parse_hourly_share(c, x, kp, h->share) < 0)
                return -1;
            h->profile = HOL_PROFILE_SHARES;
        }
    }
    if ((x = jck_member(v, "hours"))) {
        scnm_path_key(kp, path, "hours");
        if (parse_holiday_hours(c, x, kp, h) < 0)
            return -1;
    }
    return 0;
}

static int holiday_cmp(const void *a, const void *b)
{
    long x = ((const struct holiday *)a)->date, y = ((const struct holiday *)b)->date;
    return (x > y) - (x < y);
}

/* holidays: an array of at most SCN_HOLIDAYS_MAX dated days, each date once;
 * kept sorted by date.  Facilities that a holiday gives hours get hours
 * (open 24 h on the other days unless the hours section says). */
static int parse_holidays(struct ctx *c, const cJSON *v)
{
    char ip[JSON_PATH_LEN], jp[JSON_PATH_LEN], g[GOT_LEN], day[DATE_TEXT_LEN];
    struct scenario *s = c->s;
    if (!cJSON_IsArray(v))
        return jck_fail(&c->j, "holidays", "expected an array of holidays such as {\"date\": "
                        "\"2017-12-25\", \"factor\": 0.6}, got %s", scnm_got(v, g));
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n > SCN_HOLIDAYS_MAX)
        return jck_fail(&c->j, "holidays", "expected at most %d holidays, got %zu",
                        SCN_HOLIDAYS_MAX, n);
    if (n == 0)
        return 0;
    if (!s->run.has_date)
        return jck_fail(&c->j, "holidays", "dated holidays need run.start_date, the calendar date "
                        "of the first measured day (e.g. \"2017-01-02\")");
    if (!(s->holidays = calloc(n, sizeof *s->holidays)))
        return jck_oom(&c->j);
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        scnm_path_index(ip, "holidays", i);
        if (parse_holiday(c, x, ip, &s->holidays[i]) < 0)
            return -1;
        s->n_holidays = i + 1;
        for (size_t j = 0; j < i; j++)
            if (s->holidays[j].date == s->holidays[i].date) {
                scnm_path_key(jp, ip, "date");
                date_text(s->holidays[i].date, day);
                scnm_path_index(ip, "holidays", j);
                return jck_fail(&c->j, jp, "%s is given twice (also %s)", day, ip);
            }
    }
    qsort(s->holidays, n, sizeof *s->holidays, holiday_cmp);
    for (size_t k = 0; k < n; k++)
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++)
                if (s->holidays[k].has_hours[d][m] && !s->has_hours[d][m]) {
                    for (int w = 0; w < WD_COUNT; w++)
                        s->hours[d][m].day[w] = (struct daysteps){ 1, {0}, {1} };
                    s->has_hours[d][m] = true;
                }
    return 0;
}

/* An object of numbers in [0, hi] keyed by mode, overriding out[]. */
static int parse_by_mode(const struct ctx *c, const cJSON *v, const char *path, double hi,
                         double *out)
{
    char kp[JSON_PATH_LEN];
    if (jck_object(&c->j, v, path, mode_names, MODE_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int m = jck_lookup(mode_names, MODE_COUNT, x->string);
        scnm_path_key(kp, path, x->string);
        if (jck_num(&c->j, x, kp, 0, false, hi, &out[m]) < 0)
            return -1;
    }
    return 0;
}

static void default_costs(struct costs *k)
{
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

static int parse_costs(const struct ctx *c, const cJSON *v, struct costs *k)
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

static int parse_investment(const struct ctx *c, const cJSON *v, struct investment *inv)
{
    static const char *const required[] = {"capital_usd", "life_years"};
    const cJSON *x;
    if (jck_object(&c->j, v, "investment", investment_keys, COUNT(investment_keys)) < 0)
        return -1;
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, "investment", required[k]))
            return -1;
    if (jck_num(&c->j, jck_member(v, "capital_usd"), "investment.capital_usd", 0, false,
                CAPITAL_USD_MAX, &inv->capital_usd) < 0)
        return -1;
    if ((x = jck_member(v, "om_usd_per_year"))
        && jck_num(&c->j, x, "investment.om_usd_per_year", 0, false, OM_USD_PER_YEAR_MAX,
                   &inv->om_usd_per_year) < 0)
        return -1;
    if ((x = jck_member(v, "staffing_usd_per_booth_hour"))
        && jck_num(&c->j, x, "investment.staffing_usd_per_booth_hour", 0, false, USD_PER_HOUR_MAX,
                   &inv->staffing_usd_per_booth_hour) < 0)
        return -1;
    if (jck_int_i(&c->j, jck_member(v, "life_years"), "investment.life_years", 1, LIFE_YEARS_MAX,
                  &inv->life_years) < 0)
        return -1;
    if ((x = jck_member(v, "discount_rate"))
        && jck_num(&c->j, x, "investment.discount_rate", 0, false, DISCOUNT_RATE_MAX,
                   &inv->discount_rate) < 0)
        return -1;
    if ((x = jck_member(v, "days_per_year"))
        && jck_num(&c->j, x, "investment.days_per_year", DAYS_PER_YEAR_MIN, false,
                   DAYS_PER_YEAR_MAX, &inv->days_per_year) < 0)
        return -1;
    inv->present = true;
    return 0;
}

/* "assessment" (v). */
static int parse_assessment(const struct ctx *c, const cJSON *v, struct assessment *a)
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
            int p = jck_lookup(program_names, PROG_COUNT, y->string);
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
            if (parse_assignment(c, y, ip, q) < 0)
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

static int parse_top(struct ctx *c, const cJSON *root)
{
    struct scenario *s = c->s;
    const cJSON *x;
    const char *title = "";
    if (jck_object(&c->j, root, "", top_keys, COUNT(top_keys)) < 0)
        return -1;
    assert(!jck_member(root, "extends"));
    static const char *const required[] = {"name", "lanes", "demand"};
    for (size_t k = 0; k < COUNT(required) - (c->n_extra > 0); k++)
        if (!jck_need(&c->j, root, "", required[k]))
            return -1;
    if (jck_name(&c->j, jck_member(root, "name"), "name", SCN_NAME_MAX, s->name) < 0)
        return -1;
    if ((x = jck_member(root, "title")) && jck_text(&c->j, x, "title", &title) < 0)
        return -1;
    if (!(s->title = strdup(title)))
        return jck_oom(&c->j);
    if ((x = jck_member(root, "sources")) && jck_strings(&c->j, x, "sources", &s->sources,
                                                         &s->n_sources) < 0)
        return -1;
    if ((x = jck_member(root, "notes")) && jck_strings(&c->j, x, "notes", &s->notes,
                                                       &s->n_notes) < 0)
        return -1;
    if ((x = jck_member(root, "run")) && parse_run(c, x, &s->run) < 0)
        return -1;
    double changeover_min = DEFAULT_CHANGEOVER_MIN;
    if ((x = jck_member(root, "changeover_min"))
        && jck_num(&c->j, x, "changeover_min", 0, false, MINUTES_PER_DAY, &changeover_min) < 0)
        return -1;
    c->changeover_s = changeover_min * SECONDS_PER_MINUTE;
    if ((x = jck_member(root, "lane_pools")) && parse_pools(c, x) < 0)
        return -1;
    if (parse_demands(c, jck_member(root, "demand")) < 0
        || parse_stages(c, jck_member(root, "stages"), jck_member(root, "chains")) < 0
        || parse_lanes(c, jck_member(root, "lanes")) < 0)
        return -1;
    if ((x = jck_member(root, "service")) && parse_service(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "secondary")) && parse_secondary(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "hours")) && parse_hours(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "costs")) && parse_costs(c, x, &s->costs) < 0)
        return -1;
    if ((x = jck_member(root, "investment")) && parse_investment(c, x, &s->investment) < 0)
        return -1;
    s->assessment.share_step = DEFAULT_SHARE_STEP;
    if ((x = jck_member(root, "assessment")) && parse_assessment(c, x, &s->assessment) < 0)
        return -1;
    return 0;
}

/* After the cross-checks (demand is known): holidays, and the keys that
 * need a start date. */
static int parse_calendar(struct ctx *c, const cJSON *root)
{
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    const cJSON *x;
    for (size_t i = 0; i < c->s->n_demand && !c->s->run.has_date; i++)
        if (c->s->demand[i].has_monthly) {
            scnm_path_index(ip, "demand", i);
            scnm_path_key(kp, ip, "monthly_factor");
            return jck_fail(&c->j, kp, "monthly factors need run.start_date, the calendar date of "
                            "the first measured day (e.g. \"2017-01-02\")");
        }
    if ((x = jck_member(root, "holidays")) && parse_holidays(c, x) < 0)
        return -1;
    return 0;
}

/* ---- cross-references ------------------------------------------------------------ */

/* Whether some lane group of a direction and mode without a chain serves
 * queue (d, m, p) at some time: it is one of the group's assignments. */
static bool lane_serves(const struct scenario *s, int d, int m, int p)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        for (int k = 0; k < s->lanes[i].n_assign && s->lanes[i].stage < 0; k++) {
            const struct assignment *a = &s->lanes[i].assign[k];
            if ((int)a->dir == d && (int)a->mode == m && (int)a->prog == p)
                return true;
        }
    return false;
}

static bool demand_sends(const struct scenario *s, int d, int m, int p)
{
    for (size_t i = 0; i < s->n_demand; i++)
        if ((int)s->demand[i].dir == d && (int)s->demand[i].mode == m
            && (p < 0 || s->demand[i].program_share[p] > 0))
            return true;
    return false;
}

/* Whether programme p of direction d and mode m passes stage k (of its
 * chain). */
static bool stage_passes(const struct scenario *s, int k, int p)
{
    return !s->stages[k].skip[p];
}

/* The fixed lane group of stage k serving line (programme) L, or -1. */
static long stage_lanes(const struct scenario *s, int k, int L)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        if (s->lanes[i].stage == k && (int)s->lanes[i].program == L)
            return (long)i;
    return -1;
}

/* Whether some programme with demand waits in line L of stage k. */
static bool stage_line_used(const struct scenario *s, int k, int L)
{
    const struct stage *st = &s->stages[k];
    for (int p = 0; p < PROG_COUNT; p++)
        if (!st->skip[p] && (int)st->line[p] == L && demand_sends(s, st->dir, st->mode, p))
            return true;
    return false;
}

/* The chains against demand and lanes: every chain has demand; every
 * programme with demand passes a stage, and at each stage it passes has
 * its inspection time and a lane group serving its line; every lane group
 * of a direction and mode with a chain names its stage, and serves a line
 * some programme waits in; every service entry of a stage is used. */
static int check_stages(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], key[SERVICE_KEY_LEN], list[JCK_LIST_LEN];
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int n = s->n_chain[d][m];
            if (n == 0)
                continue;
            snprintf(key, sizeof key, "%s.%s", direction_names[d], mode_names[m]);
            scnm_path_key(kp, "chains", key);
            if (!demand_sends(s, d, m, -1))
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                direction_names[d], mode_names[m]);
            for (int p = 0; p < PROG_COUNT; p++) {
                if (!demand_sends(s, d, m, p))
                    continue;
                bool passes = false;
                for (int j = 0; j < n; j++)
                    passes = passes || stage_passes(s, s->chain[d][m][j], p);
                if (!passes)
                    return jck_fail(&c->j, kp, "%s %s %s crossers skip every stage of the chain: "
                                    "they could pass no stage (remove \"%s\" from a stage's "
                                    "\"skip\")", direction_names[d], mode_names[m],
                                    program_names[p], program_names[p]);
            }
        }
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        scnm_path_index(ip, "lanes", i);
        for (int a = 0; a < l->n_assign; a++) {
            const struct assignment *as = &l->assign[a];
            int n = s->n_chain[as->dir][as->mode];
            if (n == 0 || l->stage >= 0)
                continue;
            size_t used = 0;
            list[0] = '\0';
            for (int j = 0; j < n; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                         s->stages[s->chain[as->dir][as->mode][j]].name);
            if (l->scheduled || l->has_policy)
                return jck_fail(&c->j, ip, "a flex lane group cannot serve %s %s, which crosses "
                                "through stages (%s)", direction_names[as->dir],
                                mode_names[as->mode], list);
            return jck_fail(&c->j, ip, "%s %s crossers pass through stages (%s): name the stage "
                            "this lane group inspects at in \"stage\"", direction_names[as->dir],
                            mode_names[as->mode], list);
        }
        if (l->stage >= 0 && !stage_line_used(s, l->stage, (int)l->program))
            return jck_fail(&c->j, ip, "nothing uses it: no %s %s crossers with demand wait in the "
                            "%s line of stage \"%s\"", direction_names[l->dir], mode_names[l->mode],
                            program_names[l->program], s->stages[l->stage].name);
    }
    for (size_t k = 0; k < s->n_stages; k++) {
        const struct stage *st = &s->stages[k];
        scnm_path_index(ip, "stages", k);
        for (int p = 0; p < PROG_COUNT; p++) {
            bool used = !st->skip[p] && demand_sends(s, st->dir, st->mode, p);
            scnm_path_key(kp, ip, "service");
            if (st->has_service[p] && !used) {
                scnm_path_key(key, kp, program_names[p]);
                return jck_fail(&c->j, key, "nothing uses it: no %s %s crossers pass stage \"%s\"",
                                direction_names[st->dir], program_names[p], st->name);
            }
            if (!used)
                continue;
            if (!st->has_service[p])
                return jck_fail(&c->j, kp, "missing \"%s\": %s %s %s crossers pass stage \"%s\" "
                                "and need its inspection time", program_names[p],
                                direction_names[st->dir], mode_names[st->mode], program_names[p],
                                st->name);
            if (stage_lanes(s, (int)k, (int)st->line[p]) < 0) {
                if (st->line[p] != (enum program)p)
                    snprintf(list, sizeof list, " (whose line %s crossers join)",
                             program_names[p]);
                else
                    list[0] = '\0';
                return jck_fail(&c->j, ip, "no lane group serves %s %s %s%s at stage \"%s\"; add "
                                "one to \"lanes\" with \"stage\": \"%s\"", direction_names[st->dir],
                                mode_names[st->mode], program_names[st->line[p]], list, st->name,
                                st->name);
            }
        }
    }
    return 0;
}

static int check_demand_served(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *d = &s->demand[i];
        scnm_path_index(ip, "demand", i);
        for (int p = 0; p < PROG_COUNT; p++) {
            if (!(d->program_share[p] > 0) || lane_serves(s, (int)d->dir, (int)d->mode, p)
                || s->n_chain[d->dir][d->mode] > 0)     /* check_stages */
                continue;
            if (p == PROG_GENERAL)
                snprintf(kp, sizeof kp, "%s", ip);
            else {
                char sp[JSON_PATH_LEN];
                scnm_path_key(sp, ip, "program_share");
                scnm_path_key(kp, sp, program_names[p]);
            }
            return jck_fail(&c->j, kp, "no lane group serves %s %s %s crossers (share %g); add one "
                            "to \"lanes\"", direction_names[d->dir], mode_names[d->mode],
                            program_names[p], d->program_share[p]);
        }
    }
    return 0;
}

/* The JSON path (JSON_PATH_LEN) that gives assignment k of lanes[i]. */
static void assignment_path(char *dst, const struct lanegroup *l, size_t i, int k)
{
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    scnm_path_index(ip, "lanes", i);
    if (l->scheduled)
        scnm_path_key(dst, ip, "assignment");
    else if (l->has_policy) {
        scnm_path_key(kp, ip, "policy");
        scnm_path_key(ip, kp, "between");
        scnm_path_index(dst, ip, (size_t)k);
    } else
        memcpy(dst, ip, JSON_PATH_LEN);
}

/* Every assignment of every lane group is fed by some demand stream, and
 * storage is set on every fixed group of a queue or on none (a flex group
 * sets none). */
static int check_lanes_used(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], jp[JSON_PATH_LEN], sp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            if (l->stage >= 0 || demand_sends(s, (int)a->dir, (int)a->mode, (int)a->prog))
                continue;               /* a stage's lines: check_stages */
            assignment_path(ip, l, i, k);
            return jck_fail(&c->j, ip, "nothing uses it: no demand stream sends %s %s %s crossers",
                            direction_names[a->dir], mode_names[a->mode], program_names[a->prog]);
        }
        if (is_flex(l))
            continue;
        scnm_path_index(ip, "lanes", i);
        for (size_t j = 0; j < i; j++) {
            const struct lanegroup *o = &s->lanes[j];
            if (is_flex(o) || o->dir != l->dir || o->mode != l->mode || o->program != l->program
                || o->stage != l->stage || (o->storage < 0) == (l->storage < 0))
                continue;
            scnm_path_index(jp, "lanes", j);
            scnm_path_key(sp, ip, "storage");
            if (l->storage >= 0)
                return jck_fail(&c->j, sp, "set here but not on %s (\"%s\"), which serves the same "
                                "queue (%s %s %s); set \"storage\" on every lane group of a queue "
                                "or on none", jp, o->name, direction_names[l->dir],
                                mode_names[l->mode], program_names[l->program]);
            return jck_fail(&c->j, ip, "no \"storage\" here but %s (\"%s\"), which serves the same "
                            "queue (%s %s %s), sets it; set \"storage\" on every lane group of a "
                            "queue or on none", jp, o->name, direction_names[l->dir],
                            mode_names[l->mode], program_names[l->program]);
        }
    }
    return 0;
}

/* Resolve the service entries into s->service: for each assignment of each
 * lane group, (direction, mode, program), the "DIRECTION.MODE.PROGRAM" entry,
 * else the "MODE.PROGRAM" one.  An assignment with neither, or an entry that
 * applies to no assignment, is an error. */
static int resolve_service(const struct ctx *c)
{
    struct scenario *s = c->s;
    const struct service_given *g = &c->svc;
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            char ap[JSON_PATH_LEN];
            if (l->stage >= 0 || g->by_dir[a->dir][a->mode][a->prog] || g->by_mode[a->mode][a->prog])
                continue;       /* a stage's lanes: check_stages */
            assignment_path(ap, l, i, k);
            return jck_fail(&c->j, "service", "missing \"%s.%s\" (or \"%s.%s.%s\"), needed by %s "
                            "(\"%s\")", mode_names[a->mode], program_names[a->prog],
                            direction_names[a->dir], mode_names[a->mode], program_names[a->prog],
                            ap, l->name);
        }
    }
    for (int m = 0; m < MODE_COUNT; m++)
        for (int p = 0; p < PROG_COUNT; p++) {
            bool some = false, any = false;
            for (int d = 0; d < DIR_COUNT; d++) {
                bool serves = lane_serves(s, d, m, p);
                some = some || serves;
                any = any || (serves && !g->by_dir[d][m][p]);
                if (g->by_dir[d][m][p] && !serves) {
                    snprintf(key, sizeof key, "%s.%s.%s", direction_names[d], mode_names[m],
                             program_names[p]);
                    scnm_path_key(kp, "service", key);
                    if (s->n_chain[d][m] > 0)
                        return jck_fail(&c->j, kp, "nothing uses it: %s %s crossers pass through "
                                        "stages; give their inspection times in each stage's "
                                        "\"service\"", direction_names[d], mode_names[m]);
                    return jck_fail(&c->j, kp, "nothing uses it: no lane group serves %s %s %s",
                                    direction_names[d], mode_names[m], program_names[p]);
                }
                const struct dist *src = g->by_dir[d][m][p] ? &g->dir[d][m][p]
                                       : g->by_mode[m][p] ? &g->mode[m][p] : NULL;
                if (serves && src) {
                    if (copy_dist(c, &s->service[d][m][p], src) < 0)
                        return -1;
                    s->has_service[d][m][p] = true;
                    s->service_by_dir[d][m][p] = g->by_dir[d][m][p];
                    /* The entry that gave the distribution gives its factors. */
                    bool fac = g->by_dir[d][m][p] ? g->fac_dir[d][m][p] : g->fac_mode[m][p];
                    const double *f = g->by_dir[d][m][p] ? g->f_dir[d][m][p] : g->f_mode[m][p];
                    s->has_service_factor[d][m][p] = fac;
                    for (int h = 0; h < HOURS_PER_DAY; h++)
                        s->service_factor[d][m][p][h] = fac ? f[h] : 1.0;
                }
            }
            if (!g->by_mode[m][p] || any)
                continue;
            snprintf(key, sizeof key, "%s.%s", mode_names[m], program_names[p]);
            scnm_path_key(kp, "service", key);
            bool chained = false;
            for (int d = 0; d < DIR_COUNT; d++)
                chained = chained || s->n_chain[d][m] > 0;
            if (!some && chained)
                return jck_fail(&c->j, kp, "nothing uses it: %s crossers pass through stages; give "
                                "their inspection times in each stage's \"service\"",
                                mode_names[m]);
            if (!some)
                return jck_fail(&c->j, kp, "nothing uses it: no lane group serves %s %s",
                                mode_names[m], program_names[p]);
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s %s lanes has its "
                            "own \"DIRECTION.%s.%s\" entry", mode_names[m], program_names[p],
                            mode_names[m], program_names[p]);
        }
    return 0;
}

/* Resolve the secondary entries into s->secondary: a "DIRECTION.MODE" entry
 * for its direction, a "MODE" entry for the other directions that have
 * demand of that mode.  An entry that applies to no demand is an error. */
static int resolve_secondary(const struct ctx *c)
{
    struct scenario *s = c->s;
    const struct secondary_given *g = &c->sec;
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (int m = 0; m < MODE_COUNT; m++) {
        if (!g->by_mode[m])
            continue;
        bool any = false, some = false, chained = false;
        for (int d = 0; d < DIR_COUNT; d++) {
            bool sends = demand_sends(s, d, m, -1) && s->n_chain[d][m] == 0;
            chained = chained || s->n_chain[d][m] > 0;
            some = some || sends;
            any = any || (sends && !g->by_dir[d][m]);
        }
        scnm_path_key(kp, "secondary", mode_names[m]);
        if (!some && chained)
            return jck_fail(&c->j, kp, "nothing uses it: %s crossers pass through stages; give a "
                            "stage its own \"secondary\"", mode_names[m]);
        if (!some)
            return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s crossers",
                            mode_names[m]);
        if (!any)
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s demand has its "
                            "own \"DIRECTION.%s\" entry", mode_names[m], mode_names[m]);
    }
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            const struct secondary *src = g->by_dir[d][m] ? &g->dir[d][m]
                                        : g->by_mode[m] ? &g->mode[m] : NULL;
            bool sends = demand_sends(s, d, m, -1) && s->n_chain[d][m] == 0;
            if (g->by_dir[d][m] && !sends) {
                snprintf(key, sizeof key, "%s.%s", direction_names[d], mode_names[m]);
                scnm_path_key(kp, "secondary", key);
                if (s->n_chain[d][m] > 0)
                    return jck_fail(&c->j, kp, "nothing uses it: %s %s crossers pass through "
                                    "stages; give a stage its own \"secondary\"",
                                    direction_names[d], mode_names[m]);
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                direction_names[d], mode_names[m]);
            }
            if (!src || !sends)
                continue;
            struct secondary *dst = &s->secondary[d][m];
            *dst = *src;
            if (copy_dist(c, &dst->service, &src->service) < 0)
                return -1;
        }
    return 0;
}

/* Whether the hours of facility (d, m) apply to something: its one stage,
 * or a stage of its chain without hours of its own. */
static bool facility_hours_used(const struct scenario *s, int d, int m)
{
    if (!demand_sends(s, d, m, -1))
        return false;
    for (int j = 0; j < s->n_chain[d][m]; j++)
        if (!s->stages[s->chain[d][m][j]].has_hours)
            return true;
    return s->n_chain[d][m] == 0;
}

/* Every hours entry applies to some demand: a "MODE" entry to a direction
 * without its own entry, a "DIRECTION.MODE" entry to its direction. */
static int check_hours_used(const struct ctx *c)
{
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (int m = 0; m < MODE_COUNT; m++) {
        bool some = false, any = false, own = false;
        for (int d = 0; d < DIR_COUNT; d++) {
            bool used = facility_hours_used(c->s, d, m);
            own = own || (demand_sends(c->s, d, m, -1) && !used);
            some = some || used;
            any = any || (used && !c->hours_by_dir[d][m]);
            if (c->hours_by_dir[d][m] && !used) {
                snprintf(key, sizeof key, "%s.%s", direction_names[d], mode_names[m]);
                scnm_path_key(kp, "hours", key);
                if (demand_sends(c->s, d, m, -1))
                    return jck_fail(&c->j, kp, "nothing uses it: every stage of %s %s has hours of "
                                    "its own", direction_names[d], mode_names[m]);
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                direction_names[d], mode_names[m]);
            }
        }
        if (!c->hours_by_mode[m])
            continue;
        scnm_path_key(kp, "hours", mode_names[m]);
        if (!some && own)
            return jck_fail(&c->j, kp, "nothing uses it: every stage of %s crossers has hours of "
                            "its own", mode_names[m]);
        if (!some)
            return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s crossers",
                            mode_names[m]);
        if (!any)
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s demand has its "
                            "own \"DIRECTION.%s\" entry", mode_names[m], mode_names[m]);
    }
    return 0;
}

/* At most BOOTHS_MAX booths in the port, and at most SCN_QUEUE_MAX
 * crossers of approach storage in a queue (the sum over its fixed groups):
 * what the model allocates stays bounded. */
static int check_sizes(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    long booths = 0;
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        booths += l->booths;
        scnm_path_index(ip, "lanes", i);
        if (booths > BOOTHS_MAX) {
            scnm_path_key(kp, ip, "lanes");
            return jck_fail(&c->j, kp, "expected at most %d booths in all lane groups, got %ld up "
                            "to this group", BOOTHS_MAX, booths);
        }
        if (l->storage < 0)
            continue;
        long storage = 0;
        for (size_t j = 0; j <= i; j++) {
            const struct lanegroup *o = &s->lanes[j];
            if (o->storage >= 0 && o->dir == l->dir && o->mode == l->mode
                && o->program == l->program && o->stage == l->stage)
                storage += o->storage;
        }
        if (storage > SCN_QUEUE_MAX) {
            scnm_path_key(kp, ip, "storage");
            return jck_fail(&c->j, kp, "expected at most %d crossers of storage in a queue (%s %s "
                            "%s, the sum over its lane groups), got %ld", SCN_QUEUE_MAX,
                            direction_names[l->dir], mode_names[l->mode], program_names[l->program],
                            storage);
        }
    }
    return 0;
}

/* Every lane pool is used, and its groups' minimum open lanes fit in it. */
static int check_pools(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN];
    for (size_t k = 0; k < s->n_pools; k++) {
        int users = 0, least = 0;
        for (size_t i = 0; i < s->n_lanes; i++)
            if (s->lanes[i].pool == (int)k) {
                const struct lanegroup *l = &s->lanes[i];
                users++;
                least += l->staffing.min_booths < l->lanes ? l->staffing.min_booths : l->lanes;
            }
        scnm_path_index(ip, "lane_pools", k);
        if (users == 0)
            return jck_fail(&c->j, ip, "nothing uses it: no lane group names pool \"%s\"",
                            s->pools[k].name);
        if (least > s->pools[k].lanes)
            return jck_fail(&c->j, ip, "the minimum booths of its lane groups need %d lanes, more "
                            "than its %d", least, s->pools[k].lanes);
    }
    return 0;
}

/* The first stage of (d, m) programme p passes (-1 without a chain) and
 * the line it waits in there, into *line. */
static int first_stage(const struct scenario *s, int d, int m, int p, int *line)
{
    *line = p;
    for (int j = 0; j < s->n_chain[d][m]; j++) {
        int k = s->chain[d][m][j];
        if (!s->stages[k].skip[p]) {
            *line = (int)s->stages[k].line[p];
            return k;
        }
    }
    return -1;
}

/* Append the caller's streams (scn_load_extra), each to the queue of its
 * first preferred programme that a lane group serves. */
static int add_extra(struct ctx *c)
{
    struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (c->n_extra == 0)
        return 0;
    if (s->n_demand + c->n_extra > DEMAND_MAX)
        return err_set(c->j.e, EXIT_USAGE, "%s: %s has %zu demand streams and %zu more are added "
                       "to it; at most %d in all", c->extra[0].origin, c->j.file, s->n_demand,
                       c->n_extra, DEMAND_MAX);
    struct demand *grown = realloc(s->demand, (s->n_demand + c->n_extra) * sizeof *grown);
    if (!grown)
        return jck_oom(&c->j);
    s->demand = grown;
    for (size_t k = 0; k < c->n_extra; k++) {
        const struct scn_extra *x = &c->extra[k];
        for (size_t j = 0; j < s->n_demand; j++)
            if (strcmp(s->demand[j].name, x->d.name) == 0) {
                scnm_path_index(ip, "demand", j);
                return err_set(c->j.e, EXIT_USAGE, "%s: %s has a demand stream named \"%s\" "
                               "already (%s); rename one of them", x->origin, c->j.file,
                               x->d.name, ip);
            }
        int prog = -1;
        const char *names[PROG_COUNT];
        for (int i = 0; i < x->n_prefer; i++) {
            names[i] = program_names[x->prefer[i]];
            int dd = (int)x->d.dir, dm = (int)x->d.mode, pp = (int)x->prefer[i], line;
            int ks = first_stage(s, dd, dm, pp, &line);
            bool served = s->n_chain[dd][dm] > 0 ? ks >= 0 && stage_lanes(s, ks, line) >= 0
                                                 : lane_serves(s, dd, dm, pp);
            if (prog < 0 && served)
                prog = pp;
        }
        if (prog < 0) {
            jck_join(list, names, (size_t)x->n_prefer);
            return err_set(c->j.e, EXIT_USAGE, "%s: %s has no lane group for %s %s crossers (%s)",
                           x->origin, c->j.file, direction_names[x->d.dir],
                           mode_names[x->d.mode], list);
        }
        struct demand *d = &s->demand[s->n_demand++];
        *d = x->d;
        for (int p = 0; p < PROG_COUNT; p++)
            d->program_share[p] = p == prog ? 1.0 : 0.0;
    }
    return 0;
}

/* The crossers waiting at the start fit each queue's approach storage (and
 * the space of the stage they wait at). */
static int check_initial_queues(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_demand; i++)
        for (int p = 0; p < PROG_COUNT; p++) {
            const struct demand *d = &s->demand[i];
            if (d->initial_queue[p] == 0)
                continue;
            int line, k = first_stage(s, (int)d->dir, (int)d->mode, p, &line);
            long total = 0, at_stage = 0, storage = -1;
            for (size_t j = 0; j < s->n_demand; j++)
                for (int q = 0; q < PROG_COUNT; q++) {
                    const struct demand *o = &s->demand[j];
                    int ql, kq;
                    if (o->dir != d->dir || o->mode != d->mode || o->initial_queue[q] == 0)
                        continue;
                    kq = first_stage(s, (int)o->dir, (int)o->mode, q, &ql);
                    at_stage += kq == k ? o->initial_queue[q] : 0;
                    total += kq == k && ql == line ? o->initial_queue[q] : 0;
                }
            for (size_t j = 0; j < s->n_lanes; j++) {
                const struct lanegroup *l = &s->lanes[j];
                if (!is_flex(l) && l->storage >= 0 && l->dir == d->dir && l->mode == d->mode
                    && l->program == (enum program)line && l->stage == k)
                    storage = (storage < 0 ? 0 : storage) + l->storage;
            }
            scnm_path_index(ip, "demand", i);
            scnm_path_key(kp, ip, "initial_queue");
            scnm_path_key(ip, kp, program_names[p]);
            if (storage >= 0 && total > storage)
                return jck_fail(&c->j, ip, "%ld %s %s %s crossers waiting at the start, more than "
                                "the queue's storage of %ld", total, direction_names[d->dir],
                                mode_names[d->mode], program_names[line], storage);
            if (k >= 0 && s->stages[k].space >= 0 && at_stage > s->stages[k].space)
                return jck_fail(&c->j, ip, "%ld %s %s crossers waiting at the start of stage "
                                "\"%s\", more than its space of %ld", at_stage,
                                direction_names[d->dir], mode_names[d->mode], s->stages[k].name,
                                s->stages[k].space);
        }
    return 0;
}

/* Each queue assessment.queues names has demand, and so does General of
 * its direction and mode (the line it is set against). */
static int check_assessment(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN];
    for (size_t i = 0; i < s->assessment.n_queues; i++) {
        const struct assignment *q = &s->assessment.queues[i];
        scnm_path_index(ip, "assessment.queues", i);
        if (!demand_sends(s, (int)q->dir, (int)q->mode, (int)q->prog))
            return jck_fail(&c->j, ip, "nothing uses it: no demand stream sends %s %s %s crossers",
                            direction_names[q->dir], mode_names[q->mode], program_names[q->prog]);
        if (!demand_sends(s, (int)q->dir, (int)q->mode, PROG_GENERAL))
            return jck_fail(&c->j, ip, "no demand stream sends %s %s general crossers, the line %s "
                            "is set against", direction_names[q->dir], mode_names[q->mode],
                            program_names[q->prog]);
    }
    return 0;
}

static int cross_check(const struct ctx *c)
{
    if (check_demand_served(c) < 0 || check_stages(c) < 0 || check_lanes_used(c) < 0
        || check_sizes(c) < 0
        || check_pools(c) < 0 || check_initial_queues(c) < 0
        || resolve_service(c) < 0
        || resolve_secondary(c) < 0 || check_hours_used(c) < 0 || check_assessment(c) < 0)
        return -1;
    return 0;
}

/* ---- open but unstaffed ----------------------------------------------------------- */

#define UNSTAFFED_TEXT 600      /* the day types and spells of one warning */
#define UNSTAFFED_DATES_SHOWN 4 /* holidays named in one warning; the rest counted */

/* How queue a is served minute by minute on weekday w (its lane groups'
 * schedules; hours aside): STAFF_NONE no lane group may serve it (a flex
 * lane elsewhere), STAFF_ZERO some may but none has a booth staffed,
 * STAFF_SOME a booth is staffed.  Linear in the minutes of the groups that
 * have a among their assignments. */
enum { STAFF_NONE, STAFF_ZERO, STAFF_SOME };
static void staff_state(const struct scenario *s, const struct assignment *a, int stage,
                        enum weekday w, unsigned char state[MINUTES_PER_DAY])
{
    memset(state, STAFF_NONE, MINUTES_PER_DAY);
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        bool mine = false;
        if (l->stage != stage)
            continue;
        for (int k = 0; k < l->n_assign; k++)
            mine = mine || same_assignment(&l->assign[k], a);
        if (!mine)
            continue;
        const struct daysteps *st = &l->staffed.day[w], *sc = &l->schedule.day[w];
        int ks = 0, kc = 0;
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            while (ks + 1 < st->n && st->minute[ks + 1] <= m)
                ks++;
            while (l->scheduled && kc + 1 < sc->n && sc->minute[kc + 1] <= m)
                kc++;
            if (l->scheduled && !same_assignment(&l->assign[sc->value[kc]], a))
                continue;
            unsigned char x = st->value[ks] > 0 ? STAFF_SOME : STAFF_ZERO;
            if (x > state[m])
                state[m] = x;
        }
    }
}

/* The spells of a day with hours h (NULL: open all day) in which the
 * facility is open, some lane group may serve the queue, and none of those
 * has a booth staffed (state: staff_state of the day's weekday), as
 * "06:00-08:00, 22:00-24:00" into out (n bytes); "" if none.  (While no
 * group is assigned to the queue at all, a flex lane being elsewhere, the
 * queue is closed to arrivals as the model says: not a gap.) */
static void unstaffed_spells(const struct daysteps *h, const unsigned char *state, char *out,
                             size_t n)
{
    size_t used = 0;
    int from = -1, kh = 0;
    out[0] = '\0';
    for (int m = 0; m <= MINUTES_PER_DAY; m++) {
        bool gap = false;
        while (h && m < MINUTES_PER_DAY && kh + 1 < h->n && h->minute[kh + 1] <= m)
            kh++;
        if (m < MINUTES_PER_DAY && (!h || h->value[kh] != 0))
            gap = state[m] == STAFF_ZERO;
        if (gap && from < 0)
            from = m;
        if (gap || from < 0)
            continue;
        int k = snprintf(out + used, n - used, "%s%02d:%02d-%02d:%02d", used ? ", " : "",
                         from / MINUTES_PER_HOUR, from % MINUTES_PER_HOUR, m / MINUTES_PER_HOUR,
                         m % MINUTES_PER_HOUR);
        if (k > 0 && (size_t)k < n - used)
            used += (size_t)k;
        from = -1;
    }
}

/* Append part to text (UNSTAFFED_TEXT bytes), cut if it does not fit. */
static void text_append(char *text, const char *part)
{
    size_t used = strlen(text), k = strlen(part);
    if (used + k >= UNSTAFFED_TEXT)
        k = UNSTAFFED_TEXT - 1 - used;
    memcpy(text + used, part, k);
    text[used + k] = '\0';
}

/* Append "mon-fri SPELLS" (weekdays with equal spells run together) or
 * "DATE SPELLS" to text (UNSTAFFED_TEXT). */
static void unstaffed_append(char *text, const char *what, const char *spells)
{
    if (text[0])
        text_append(text, "; ");
    text_append(text, what);
    text_append(text, " ");
    text_append(text, spells);
}

/* The hours of queue a at stage k (-1: the one stage without a chain) on
 * that day. */
static const struct daysteps *queue_hours_on(const struct scenario *s, const struct assignment *a,
                                             int k, const struct scn_day *day)
{
    return k >= 0 ? scn_stage_hours_on(s, k, day) : scn_hours_on(s, a->dir, a->mode, day);
}

/* The warning of check_staffed for queue (d, m, p) at stage k (-1: the one
 * stage of a direction and mode without a chain).  Returns 0, or -1 if out
 * of memory. */
static int check_staffed_queue(struct ctx *c, int d, int m, int p, int k)
{
    const struct scenario *s = c->s;
    char path[JSON_PATH_LEN], key[SERVICE_KEY_LEN], ip[JSON_PATH_LEN];
    struct assignment a = {(enum direction)d, (enum mode)m, (enum program)p};
    long first = -1;
    for (size_t i = 0; i < s->n_lanes && first < 0; i++)
        for (int j = 0; j < s->lanes[i].n_assign && s->lanes[i].stage == k; j++)
            if (same_assignment(&s->lanes[i].assign[j], &a))
                first = (long)i;
    if (first < 0)
        return 0;
    char text[UNSTAFFED_TEXT] = "", spells[WD_COUNT][UNSTAFFED_TEXT];
    unsigned char state[WD_COUNT][MINUTES_PER_DAY];
    struct scn_day day = { .month = -1 };
    for (int w = 0; w < WD_COUNT; w++) {
        day.weekday = (enum weekday)w;
        staff_state(s, &a, k, (enum weekday)w, state[w]);
        unstaffed_spells(queue_hours_on(s, &a, k, &day), state[w], spells[w],
                         sizeof spells[w]);
    }
    for (int w = 0; w < WD_COUNT; w++) {
        if (!spells[w][0] || (w > 0 && !strcmp(spells[w], spells[w - 1])))
            continue;
        int last = w;
        while (last + 1 < WD_COUNT && !strcmp(spells[last + 1], spells[w]))
            last++;
        char days[2 * 4 + 2];
        snprintf(days, sizeof days, "%s%s%s", weekday_names[w], last > w ? "-" : "",
                 last > w ? weekday_names[last] : "");
        unstaffed_append(text, days, spells[w]);
    }
    size_t dated = 0;
    for (size_t i = 0; i < s->n_holidays; i++) {
        const struct holiday *h = &s->holidays[i];
        if (!h->has_hours[d][m])
            continue;
        char sp[UNSTAFFED_TEXT], date[DATE_TEXT_LEN];
        day.weekday = (enum weekday)date_weekday(h->date);
        unstaffed_spells(&h->hours[d][m], state[day.weekday], sp, sizeof sp);
        if (!sp[0] || !strcmp(sp, spells[day.weekday]))
            continue;
        if (dated++ < UNSTAFFED_DATES_SHOWN) {
            date_text(h->date, date);
            unstaffed_append(text, date, sp);
        }
    }
    if (dated > UNSTAFFED_DATES_SHOWN) {
        size_t used = strlen(text);
        snprintf(text + used, sizeof text - used, "; and %zu more holidays",
                 dated - UNSTAFFED_DATES_SHOWN);
    }
    if (!text[0])
        return 0;
    char at[SCN_NAME_MAX + 16] = "";
    if (k >= 0)
        snprintf(at, sizeof at, " at stage \"%s\"", s->stages[k].name);
    if (k >= 0 && s->stages[k].has_hours) {
        scnm_path_index(ip, "stages", (size_t)k);
        scnm_path_key(path, ip, "hours");
    } else if (c->hours_by_dir[d][m] || c->hours_by_mode[m]) {
        snprintf(key, sizeof key, "%s.%s", direction_names[d], mode_names[m]);
        scnm_path_key(path, "hours", c->hours_by_dir[d][m] ? key : mode_names[m]);
    } else {
        scnm_path_index(ip, "lanes", (size_t)first);
        scnm_path_key(path, ip, "staffed_booths");
    }
    if (jck_warn(&c->j, path, "%s %s %s%s has no booth staffed while its facility is open (%s); "
                 "its crossers wait until a booth is staffed, and those hours add no booth-hours "
                 "(staff its lane groups then, or shorten the hours)", direction_names[d],
                 mode_names[m], program_names[p], at, text) < 0)
        return -1;
    return 0;
}


/* A queue whose facility is open while none of the booths that may serve
 * it is staffed (by the schedules: weekdays, and holidays with hours of
 * their own) has crossers who wait for a booth that never comes until the
 * staffing says: a warning, at the hours entry of the facility (or at the
 * staffing of its first lane group when it has no hours).  Deterministic,
 * so said at load time (poesim check shows it).  In a chain, each stage's
 * lines are checked against the stage's hours. */
static int check_staffed(struct ctx *c)
{
    const struct scenario *s = c->s;
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int n = s->n_chain[d][m] > 0 ? s->n_chain[d][m] : 1;
            for (int j = 0; j < n; j++)
                for (int p = 0; p < PROG_COUNT; p++)
                    if (check_staffed_queue(c, d, m, p,
                                            s->n_chain[d][m] > 0 ? s->chain[d][m][j] : -1) < 0)
                        return -1;
        }
    return 0;
}

/* ---- entry points --------------------------------------------------------------- */

static void free_service_given(struct service_given *g)
{
    for (int m = 0; m < MODE_COUNT; m++)
        for (int p = 0; p < PROG_COUNT; p++) {
            free_dist(&g->mode[m][p]);
            for (int d = 0; d < DIR_COUNT; d++)
                free_dist(&g->dir[d][m][p]);
        }
}

static void free_secondary_given(struct secondary_given *g)
{
    for (int m = 0; m < MODE_COUNT; m++) {
        free_dist(&g->mode[m].service);
        for (int d = 0; d < DIR_COUNT; d++)
            free_dist(&g->dir[d][m].service);
    }
}

/* Load the scenario `label` (from text, len bytes, if text is not NULL,
 * else from that file) with the n_ov overrides. */
static struct scenario *load(const char *label, const char *text, size_t len,
                             const struct scn_override *ov, size_t n_ov,
                             const struct scn_extra *x, size_t n_x, struct err *e)
{
    struct ctx c;
    memset(&c, 0, sizeof c);
    c.j = (struct jck){.file = label, .e = e};
    c.extra = x;
    c.n_extra = n_x;
    struct scenario *s = calloc(1, sizeof *s);
    if (!s) {
        jck_oom(&c.j);
        return NULL;
    }
    c.s = s;
    c.j.warnings = &s->warnings;
    c.j.n_warnings = &s->n_warnings;
    s->run = (struct run){DEFAULT_RUN_DAYS, DEFAULT_RUN_WARMUP, DEFAULT_RUN_REPS,
                          DEFAULT_RUN_SEED, DEFAULT_RUN_START, HOURLY_AUTO, false, 0};
    default_costs(&s->costs);
    scn_default_investment(&s->investment);
    struct scnm_doc *doc = NULL;
    if (!(s->path = strdup(label))) {
        jck_oom(&c.j);
        goto fail;
    }
    if (!(doc = scnm_open(label, text, len, ov, n_ov, e)))
        goto fail;
    c.j.doc = doc;
    if (parse_top(&c, scnm_root(doc)) < 0 || add_extra(&c) < 0 || cross_check(&c) < 0
        || parse_calendar(&c, scnm_root(doc)) < 0 || check_staffed(&c) < 0)
        goto fail;
    scnm_close(doc);
    free_secondary_given(&c.sec);
    free_service_given(&c.svc);
    return s;
fail:
    scnm_close(doc);
    free_secondary_given(&c.sec);
    free_service_given(&c.svc);
    scn_free(s);
    return NULL;
}

struct scenario *scn_parse(const char *text, size_t len, const char *label, struct err *e)
{
    return load(label ? label : "<scenario>", text ? text : "", len, NULL, 0, NULL, 0, e);
}

struct scenario *scn_parse_with(const char *text, size_t len, const char *label,
                                const struct scn_override *ov, size_t n_ov, struct err *e)
{
    return load(label ? label : "<scenario>", text ? text : "", len, ov, n_ov, NULL, 0, e);
}

struct scenario *scn_load_with(const char *path, const struct scn_override *ov, size_t n_ov,
                               struct err *e)
{
    return load(path, NULL, 0, ov, n_ov, NULL, 0, e);
}

struct scenario *scn_load_extra(const char *path, const struct scn_override *ov, size_t n_ov,
                                const struct scn_extra *x, size_t n_x, struct err *e)
{
    return load(path, NULL, 0, ov, n_ov, x, n_x, e);
}

/* x as JSON text that reads back as the same double: "%.17g" (cJSON's own
 * printing settles for 15 digits when they come within a few ulps). */
static cJSON *exact_number(double x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", x);
    return cJSON_CreateRaw(buf);
}

/* Demand stream d as a JSON object of the scenario format, its numbers
 * exact. */
static cJSON *demand_json(const struct demand *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", d->name);
    cJSON_AddStringToObject(o, "direction", direction_names[d->dir]);
    cJSON_AddStringToObject(o, "mode", mode_names[d->mode]);
    cJSON_AddItemToObject(o, "per_day", exact_number(d->per_day));
    bool same = true;           /* one profile for every weekday: an array */
    for (int w = 1; w < WD_COUNT; w++)
        same = same && memcmp(d->hourly_share[w], d->hourly_share[0],
                              sizeof d->hourly_share[0]) == 0;
    cJSON *h = same ? cJSON_AddArrayToObject(o, "hourly_share")
                    : cJSON_AddObjectToObject(o, "hourly_share");
    for (int w = 0; w < (same ? 1 : WD_COUNT); w++) {
        cJSON *day = same ? h : cJSON_AddArrayToObject(h, weekday_names[w]);
        for (int k = 0; k < HOURS_PER_DAY; k++)
            cJSON_AddItemToArray(day, exact_number(d->hourly_share[w][k]));
    }
    cJSON *w = cJSON_AddObjectToObject(o, "weekday_factor");
    for (int k = 0; k < WD_COUNT; k++)
        cJSON_AddItemToObject(w, weekday_names[k], exact_number(d->weekday_factor[k]));
    if (d->has_monthly) {
        cJSON *mo = cJSON_AddArrayToObject(o, "monthly_factor");
        for (int k = 0; k < SCN_MONTHS; k++)
            cJSON_AddItemToArray(mo, exact_number(d->monthly_factor[k]));
    }
    cJSON *p = cJSON_AddObjectToObject(o, "program_share");
    for (int k = 0; k < PROG_COUNT; k++)
        if (d->program_share[k] > 0)
            cJSON_AddItemToObject(p, program_names[k], exact_number(d->program_share[k]));
    cJSON_AddItemToObject(o, "occupancy", exact_number(d->occupancy));
    cJSON_AddStringToObject(o, "when_closed", when_closed_names[d->when_closed]);
    cJSON_AddStringToObject(o, "arrivals", arrivals_names[d->arrivals]);
    return o;
}

char *scn_text_with_demand(const char *text, const struct demand *d, size_t n, struct err *e)
{
    cJSON *root = cJSON_Parse(text);
    char *out = NULL;
    if (!cJSON_IsObject(root)) {
        err_set(e, EXIT_FAIL, "internal error: a scenario's merged text is not a JSON object");
        goto done;
    }
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "demand");
    if (!cJSON_IsArray(arr)) {
        cJSON_DeleteItemFromObjectCaseSensitive(root, "demand");
        arr = cJSON_AddArrayToObject(root, "demand");
    }
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, demand_json(&d[i]));
    if (!arr || !(out = cJSON_PrintUnformatted(root)))
        err_set(e, EXIT_FAIL, "out of memory");
done:
    cJSON_Delete(root);
    return out;
}

struct scenario *scn_load(const char *path, struct err *e)
{
    return scn_load_with(path, NULL, 0, e);
}

int scn_add_warning(struct scenario *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *w = n >= 0 ? malloc((size_t)n + 1) : NULL;
    char **grown = w ? realloc(s->warnings, (s->n_warnings + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(w);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(w, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->warnings = grown;
    s->warnings[s->n_warnings++] = w;
    return 0;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void scn_free(struct scenario *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->title);
    free_strings(s->sources, s->n_sources);
    free_strings(s->notes, s->n_notes);
    free_strings(s->warnings, s->n_warnings);
    free(s->demand);
    free(s->lanes);
    free(s->pools);
    free(s->holidays);
    for (size_t k = 0; k < s->n_stages; k++) {
        for (int p = 0; p < PROG_COUNT; p++)
            free_dist(&s->stages[k].service[p]);
        free_dist(&s->stages[k].secondary.service);
    }
    free(s->stages);
    for (int m = 0; m < MODE_COUNT; m++) {
        for (int d = 0; d < DIR_COUNT; d++) {
            for (int p = 0; p < PROG_COUNT; p++)
                free_dist(&s->service[d][m][p]);
            free_dist(&s->secondary[d][m].service);
        }
    }
    free(s);
}
