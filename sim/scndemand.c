/*
 * scndemand.c - the demand streams of a scenario (part of the scenario
 * module: scnkit.h).
 *
 * A stream is a direction and mode, a daily volume, its profile by hour
 * (one for every day, or by weekday and group of weekdays), its factors by
 * weekday and month, its split between programmes, its occupancy, what its
 * crossers do while the facility is closed, and who waits at the start.
 * Shares are checked to sum to 1 (the hourly shares are normalised, with a
 * warning, so that per_day stays the day's total).  Also here: the streams
 * a caller adds (scn_load_extra: a region's segments), each sent to the
 * first programme of its preference that a lane group serves; the check
 * of initial queues against storage and a stage's space; and demand
 * written back as JSON (scn_text_with_demand), its numbers exact, for a
 * region's ports sent to other ranks.
 */
#include <assert.h>
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnkit.h"

#define DEMAND_MAX SCN_DEMAND_MAX
#define PER_DAY_MAX SCN_PER_DAY_MAX
#define WEEKDAY_FACTOR_MAX SCN_WEEKDAY_FACTOR_MAX
#define OCCUPANCY_MIN SCN_OCCUPANCY_MIN
#define OCCUPANCY_MAX SCN_OCCUPANCY_MAX
#define HOURLY_SHARE_MAX SCN_PER_DAY_MAX    /* a share may be a count: at most per_day's bound */
#define MONTHLY_FACTOR_MAX 100.0            /* as a weekday factor */

/* Hourly shares, and shares with "general" given, must sum to 1 within this. */
#define SHARE_TOL 1e-6
#define SHARE_OVER_TOL 1e-9     /* non-general shares may exceed 1 by rounding only */

/* Persons per POV: USDOT federal default (DOMAIN.md, "Occupancy"). */
#define DEFAULT_OCCUPANCY_POV 1.68
#define DEFAULT_OCCUPANCY_PEDESTRIAN 1.0    /* a pedestrian is one person */
#define DEFAULT_OCCUPANCY_TRUCK 1.0         /* the driver */
static const char *const when_closed_names[] = {[CLOSED_WAIT] = "wait", [CLOSED_FORGO] = "forgo"};
static const char *const arrivals_names[] = {
    [ARR_POISSON] = "poisson", [ARR_DETERMINISTIC] = "deterministic"
};
/* The keys of an hourly profile by weekday: "default", two groups of
 * weekdays, then the weekdays (a day takes its own key, else its group's,
 * else "default"). */
enum {
    PROFILE_DEFAULT, PROFILE_WEEKDAY, PROFILE_WEEKEND, PROFILE_DAY0,
    PROFILE_KEYS = PROFILE_DAY0 + WD_COUNT
};
static const char *const profile_keys[PROFILE_KEYS] = {
    "default", "weekday", "weekend", "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};
static const char *const demand_keys[] = {
    "name", "direction", "mode", "per_day", "hourly_share", "weekday_factor",
    "program_share", "occupancy", "when_closed", "arrivals", "monthly_factor", "initial_queue"
};

double scn_default_occupancy(enum mode m)
{
    switch (m) {
    case MODE_POV: return DEFAULT_OCCUPANCY_POV;
    case MODE_PEDESTRIAN: return DEFAULT_OCCUPANCY_PEDESTRIAN;
    case MODE_TRUCK: return DEFAULT_OCCUPANCY_TRUCK;
    default: return NAN;
    }
}

/* demand[i].hourly_share (path kp): 24 shares >= 0, normalised to sum 1,
 * with a warning if they did not already. */
int scnk_hourly_share(const struct jck *j, const cJSON *x, const char *kp, double *share)
{
    char ip[JSON_PATH_LEN], g[GOT_LEN];
    double sum = 0;
    int h = 0;
    if (!cJSON_IsArray(x))
        return jck_fail(j, kp, "expected an array of 24 numbers (shares of the day by hour), got "
                        "%s", scnm_got(x, g));
    if (cJSON_GetArraySize(x) != HOURS_PER_DAY)
        return jck_fail(j, kp, "expected an array of 24 numbers (shares of the day by hour), got "
                        "an array of %d", cJSON_GetArraySize(x));
    for (const cJSON *y = x->child; y; y = y->next, h++) {
        scnm_path_index(ip, kp, (size_t)h);
        if (jck_num(j, y, ip, 0, false, HOURLY_SHARE_MAX, &share[h]) < 0)
            return -1;
        sum += share[h];
    }
    if (!(sum > 0))
        return jck_fail(j, kp, "expected shares with a positive sum, got all zeros");
    if (fabs(sum - 1) > SHARE_TOL
        && jck_warn(j, kp, "sums to %.3f; normalised so that the day's total is per_day", sum) < 0)
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
        if (scnk_hourly_share(&c->j, x, kp, share[0]) < 0)
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
                            "(keys: %s)", scnk_day_names[w], scnk_day_names[w], profile_keys[group],
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
        if (scnk_hourly_share(&c->j, y, ip, day) < 0)
            return -1;
        for (int w = 0; w < WD_COUNT; w++)
            if (from[w] == k)
                memcpy(share[w], day, sizeof day);
    }
    return 0;
}

int scnk_weekday_factor(const struct jck *j, const cJSON *x, const char *kp, double *factor)
{
    char ip[JSON_PATH_LEN];
    if (jck_object(j, x, kp, scnk_day_names, WD_COUNT) < 0)
        return -1;
    for (const cJSON *y = x->child; y; y = y->next) {
        int w = jck_lookup(scnk_day_names, WD_COUNT, y->string);
        scnm_path_key(ip, kp, y->string);
        if (jck_num(j, y, ip, 0, false, WEEKDAY_FACTOR_MAX, &factor[w]) < 0)
            return -1;
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
    if (jck_object(&c->j, x, kp, scnk_prog_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *y = x->child; y; y = y->next) {
        int p = jck_lookup(scnk_prog_names, PROG_COUNT, y->string);
        scnm_path_key(ip, kp, y->string);
        if (!scnk_prog_valid[m][p]) {
            scnk_join_programs(list, m);
            return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s",
                            scnk_mode_names[m], list);
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
    if (jck_object(&c->j, x, kp, scnk_prog_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *y = x->child; y; y = y->next) {
        int p = jck_lookup(scnk_prog_names, PROG_COUNT, y->string);
        scnm_path_key(ip, kp, y->string);
        if (!scnk_prog_valid[d->mode][p]) {
            scnk_join_programs(list, d->mode);
            return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s",
                            scnk_mode_names[d->mode], list);
        }
        if (jck_int(&c->j, y, ip, 0, SCN_QUEUE_MAX, &n) < 0)
            return -1;
        if (n > 0 && !(d->program_share[p] > 0))
            return jck_fail(&c->j, ip, "the stream sends no %s crossers (program_share %g), so "
                            "none can be waiting at the start", scnk_prog_names[p],
                            d->program_share[p]);
        d->initial_queue[p] = (long)n;
    }
    return 0;
}

static int parse_demand(struct ctx *c, const cJSON *v, const char *path, struct demand *d)
{
    static const char *const required[] = {"name", "direction", "mode", "per_day"};
    char kp[JSON_PATH_LEN];
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
    if (jck_enum(&c->j, jck_member(v, "direction"), kp, scnk_dir_names, DIR_COUNT, &i) < 0)
        return -1;
    d->dir = (enum direction)i;
    scnm_path_key(kp, path, "mode");
    if (jck_enum(&c->j, jck_member(v, "mode"), kp, scnk_mode_names, MODE_COUNT, &i) < 0)
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
    scnm_path_key(kp, path, "weekday_factor");
    if ((x = jck_member(v, "weekday_factor"))
        && scnk_weekday_factor(&c->j, x, kp, d->weekday_factor) < 0)
        return -1;

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

static int parse_demand_item(struct ctx *c, const cJSON *x, const char *path, void *out)
{
    return parse_demand(c, x, path, out);
}

int scnk_demands(struct ctx *c, const cJSON *v)
{
    if (c->n_extra > 0 && (!v || (cJSON_IsArray(v) && !v->child)))
        return 0;               /* the caller's streams are the demand */
    _Static_assert(offsetof(struct demand, name) == 0, "a demand's name comes first");
    return scnk_named(c, v, "demand", DEMAND_MAX, "demand streams", sizeof(struct demand),
                      (void **)&c->s->demand, &c->s->n_demand, parse_demand_item);
}

bool scnk_demand_sends(const struct scenario *s, int d, int m, int p)
{
    for (size_t i = 0; i < s->n_demand; i++)
        if ((int)s->demand[i].dir == d && (int)s->demand[i].mode == m
            && (p < 0 || s->demand[i].program_share[p] > 0))
            return true;
    return false;
}

/* Append the caller's streams (scn_load_extra), each to the queue of its
 * first preferred programme that a lane group serves. */
int scnk_add_extra(struct ctx *c)
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
            names[i] = scnk_prog_names[x->prefer[i]];
            int dd = (int)x->d.dir, dm = (int)x->d.mode, pp = (int)x->prefer[i], line;
            int ks = scnk_first_stage(s, dd, dm, pp, &line);
            bool served = s->n_chain[dd][dm] > 0 ? ks >= 0 && scnk_stage_lanes(s, ks, line) >= 0
                                                 : scnk_lane_serves(s, dd, dm, pp);
            if (prog < 0 && served)
                prog = pp;
        }
        if (prog < 0) {
            jck_join(list, names, (size_t)x->n_prefer);
            return err_set(c->j.e, EXIT_USAGE, "%s: %s has no lane group for %s %s crossers (%s)",
                           x->origin, c->j.file, scnk_dir_names[x->d.dir],
                           scnk_mode_names[x->d.mode], list);
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
int scnk_check_initial_queues(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_demand; i++)
        for (int p = 0; p < PROG_COUNT; p++) {
            const struct demand *d = &s->demand[i];
            if (d->initial_queue[p] == 0)
                continue;
            int line, k = scnk_first_stage(s, (int)d->dir, (int)d->mode, p, &line);
            long total = 0, at_stage = 0, storage = -1;
            for (size_t j = 0; j < s->n_demand; j++)
                for (int q = 0; q < PROG_COUNT; q++) {
                    const struct demand *o = &s->demand[j];
                    int ql, kq;
                    if (o->dir != d->dir || o->mode != d->mode || o->initial_queue[q] == 0)
                        continue;
                    kq = scnk_first_stage(s, (int)o->dir, (int)o->mode, q, &ql);
                    at_stage += kq == k ? o->initial_queue[q] : 0;
                    total += kq == k && ql == line ? o->initial_queue[q] : 0;
                }
            for (size_t j = 0; j < s->n_lanes; j++) {
                const struct lanegroup *l = &s->lanes[j];
                if (!scnk_is_flex(l) && l->storage >= 0 && l->dir == d->dir && l->mode == d->mode
                    && l->program == (enum program)line && l->stage == k)
                    storage = (storage < 0 ? 0 : storage) + l->storage;
            }
            scnm_path_index(ip, "demand", i);
            scnm_path_key(kp, ip, "initial_queue");
            scnm_path_key(ip, kp, scnk_prog_names[p]);
            if (storage >= 0 && total > storage)
                return jck_fail(&c->j, ip, "%ld %s %s %s crossers waiting at the start, more than "
                                "the queue's storage of %ld", total, scnk_dir_names[d->dir],
                                scnk_mode_names[d->mode], scnk_prog_names[line], storage);
            if (k >= 0 && s->stages[k].space >= 0 && at_stage > s->stages[k].space)
                return jck_fail(&c->j, ip, "%ld %s %s crossers waiting at the start of stage "
                                "\"%s\", more than its space of %ld", at_stage,
                                scnk_dir_names[d->dir], scnk_mode_names[d->mode], s->stages[k].name,
                                s->stages[k].space);
        }
    return 0;
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
    cJSON_AddStringToObject(o, "direction", scnk_dir_names[d->dir]);
    cJSON_AddStringToObject(o, "mode", scnk_mode_names[d->mode]);
    cJSON_AddItemToObject(o, "per_day", exact_number(d->per_day));
    bool same = true;           /* one profile for every weekday: an array */
    for (int w = 1; w < WD_COUNT; w++)
        same = same && memcmp(d->hourly_share[w], d->hourly_share[0],
                              sizeof d->hourly_share[0]) == 0;
    cJSON *h = same ? cJSON_AddArrayToObject(o, "hourly_share")
                    : cJSON_AddObjectToObject(o, "hourly_share");
    for (int w = 0; w < (same ? 1 : WD_COUNT); w++) {
        cJSON *day = same ? h : cJSON_AddArrayToObject(h, scnk_day_names[w]);
        for (int k = 0; k < HOURS_PER_DAY; k++)
            cJSON_AddItemToArray(day, exact_number(d->hourly_share[w][k]));
    }
    cJSON *w = cJSON_AddObjectToObject(o, "weekday_factor");
    for (int k = 0; k < WD_COUNT; k++)
        cJSON_AddItemToObject(w, scnk_day_names[k], exact_number(d->weekday_factor[k]));
    if (d->has_monthly) {
        cJSON *mo = cJSON_AddArrayToObject(o, "monthly_factor");
        for (int k = 0; k < SCN_MONTHS; k++)
            cJSON_AddItemToArray(mo, exact_number(d->monthly_factor[k]));
    }
    cJSON *p = cJSON_AddObjectToObject(o, "program_share");
    for (int k = 0; k < PROG_COUNT; k++)
        if (d->program_share[k] > 0)
            cJSON_AddItemToObject(p, scnk_prog_names[k], exact_number(d->program_share[k]));
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
