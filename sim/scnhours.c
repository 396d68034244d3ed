/*
 * scnhours.c - schedules, opening hours and the calendar of a scenario
 * (part of the scenario module: scnkit.h).
 *
 * A step schedule is {"00:00": v0, "HH:MM": v1, ...} for every day, or an
 * object of such by "default" and weekday; it gives the booths staffed in a
 * lane group and the assignments of a flex lane.  Opening hours are a day
 * spec ("HH:MM-HH:MM", "open", "closed" or an array of windows) for every
 * day or by weekday, keyed "MODE" or "DIRECTION.MODE" like the secondary
 * section.  Holidays are dated days with a factor on demand, a profile and
 * hours of their own, and need run.start_date (as monthly factors do).
 *
 * Last, a warning computed at load time: a queue whose facility is open
 * while none of the booths that may serve it is staffed has crossers
 * waiting for a booth that comes only when the staffing says.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "scnkit.h"

#define WINDOWS_MAX 48                      /* a day's opening windows (96 changes) */
#define HOLIDAY_FACTOR_MAX 100.0

#define HHMM_LEN 5              /* "HH:MM" */
#define WINDOW_LEN 11           /* "HH:MM-HH:MM" */
/* "default" then the weekdays: the keys of a per-weekday object. */
static const char *const weekly_keys[WD_COUNT + 1] = {
    "default", "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};
static const char *const holiday_keys[] = {"date", "factor", "profile", "hours"};

/* A date "YYYY-MM-DD" (v at path) into *day. */
int scnk_date(const struct ctx *c, const cJSON *v, const char *path, long *day)
{
    char g[GOT_LEN];
    if (!cJSON_IsString(v) || !date_parse(v->valuestring, day))
        return jck_fail(&c->j, path, "expected a date \"YYYY-MM-DD\" from %d to %d, got %s",
                        DATE_YEAR_MIN, DATE_YEAR_MAX, scnm_got(v, g));
    return 0;
}

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

void scnk_sched_constant(struct daysched *ds, int value)
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
        if (prev >= 0 && m <= prev)
            return jck_fail(&c->j, kp, "expected a time after \"%s\" (steps in increasing order), "
                            "got \"%s\"", prev_key, x->string);
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
int scnk_schedule(const struct ctx *c, const cJSON *v, const char *path, const struct step_kind *k,
                  struct daysched *ds)
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
            used = used || !jck_member(v, scnk_day_names[d]);
        scnm_path_key(kp, path, "default");
        if (parse_steps(c, def, kp, k, used, &def_ds, 0) < 0)
            return -1;
    }
    for (int d = 0; d < WD_COUNT; d++) {
        const cJSON *day = jck_member(v, scnk_day_names[d]);
        if (!day && !def)
            return jck_fail(&c->j, path, "no \"default\" and no \"%s\": give a \"default\" or "
                            "every weekday", scnk_day_names[d]);
        if (!day) {
            ds->day[d] = def_ds.day[0];
            continue;
        }
        scnm_path_key(kp, path, scnk_day_names[d]);
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
int scnk_staffing(const struct ctx *c, const cJSON *v, const char *path, int booths,
                  struct daysched *ds)
{
    struct step_kind k = {"{\"00:00\": 4, \"06:00\": 10}", step_booths, &booths};
    return scnk_schedule(c, v, path, &k, ds);
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
int scnk_hours_value(const struct ctx *c, const cJSON *v, const char *path, struct daysched *ds)
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
        const cJSON *day = jck_member(v, scnk_day_names[d]);
        if (!day && !def) {
            ds->day[d].n = 1;
            ds->day[d].minute[0] = 0;
            ds->day[d].value[0] = 1;
            continue;
        }
        scnm_path_key(kp, path, day ? scnk_day_names[d] : "default");
        if (parse_dayspec(c, day ? day : def, kp, ds, d) < 0)
            return -1;
    }
    return 0;
}

/* hours: keys "MODE" (both directions) and "DIRECTION.MODE" (one,
 * overriding the former there), as the secondary section's.  A "MODE"
 * entry fills the directions that have no entry of their own, in whatever
 * order the two are written. */
int scnk_hours(struct ctx *c, const cJSON *v)
{
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN], kp[JSON_PATH_LEN];
    const char *keys[SECONDARY_KEYS];
    scnk_facility_keys(buf, keys);
    if (jck_object(&c->j, v, "hours", keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        scnm_path_key(kp, "hours", x->string);
        struct daysched ds;
        if (scnk_hours_value(c, x, kp, &ds) < 0)
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
        int w = jck_lookup(scnk_day_names, WD_COUNT, v->valuestring);
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
    scnk_facility_keys(buf, keys);
    if (jck_object(&c->j, v, path, keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        int m = k < MODE_COUNT ? k : (k - MODE_COUNT) % MODE_COUNT;
        scnm_path_key(kp, path, x->string);
        bool used = false;
        for (int d = 0; d < DIR_COUNT; d++)
            used = used || ((k < MODE_COUNT || (k - MODE_COUNT) / MODE_COUNT == d)
                            && scnk_demand_sends(c->s, d, m, -1));
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
    if (jck_object(&c->j, v, path, holiday_keys, COUNT(holiday_keys)) < 0
        || !jck_need(&c->j, v, path, "date"))
        return -1;
    scnm_path_key(kp, path, "date");
    if (scnk_date(c, jck_member(v, "date"), kp, &h->date) < 0)
        return -1;
    h->factor = 1;
    scnm_path_key(kp, path, "factor");
    if ((x = jck_member(v, "factor"))
        && jck_num(&c->j, x, kp, 0, false, HOLIDAY_FACTOR_MAX, &h->factor) < 0)
        return -1;
    h->profile = HOL_PROFILE_SAME;
    if ((x = jck_member(v, "profile"))) {
        scnm_path_key(kp, path, "profile");
        if (cJSON_IsString(x)) {
            int w = jck_lookup(scnk_day_names, WD_COUNT, x->valuestring);
            if (w < 0)
                return jck_fail(&c->j, kp, "expected a weekday (mon ... sun: each stream's profile "
                                "of that weekday) or an array of 24 shares, got %s",
                                scnm_got(x, g));
            h->profile = HOL_PROFILE_WEEKDAY;
            h->profile_like = (enum weekday)w;
        } else {
            if (scnk_hourly_share(&c->j, x, kp, h->share) < 0)
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

/* After the cross-checks (demand is known): holidays, and the keys that
 * need a start date. */
int scnk_calendar(struct ctx *c, const cJSON *root)
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

/* Whether the hours of facility (d, m) apply to something: its one stage,
 * or a stage of its chain without hours of its own. */
static bool facility_hours_used(const struct scenario *s, int d, int m)
{
    if (!scnk_demand_sends(s, d, m, -1))
        return false;
    for (int j = 0; j < s->n_chain[d][m]; j++)
        if (!s->stages[s->chain[d][m][j]].has_hours)
            return true;
    return s->n_chain[d][m] == 0;
}

/* Every hours entry applies to some demand: a "MODE" entry to a direction
 * without its own entry, a "DIRECTION.MODE" entry to its direction. */
int scnk_check_hours_used(const struct ctx *c)
{
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (int m = 0; m < MODE_COUNT; m++) {
        bool some = false, any = false, own = false;
        for (int d = 0; d < DIR_COUNT; d++) {
            bool used = facility_hours_used(c->s, d, m);
            own = own || (scnk_demand_sends(c->s, d, m, -1) && !used);
            some = some || used;
            any = any || (used && !c->hours_by_dir[d][m]);
            if (c->hours_by_dir[d][m] && !used) {
                snprintf(key, sizeof key, "%s.%s", scnk_dir_names[d], scnk_mode_names[m]);
                scnm_path_key(kp, "hours", key);
                if (scnk_demand_sends(c->s, d, m, -1))
                    return jck_fail(&c->j, kp, "nothing uses it: every stage of %s %s has hours of "
                                    "its own", scnk_dir_names[d], scnk_mode_names[m]);
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                scnk_dir_names[d], scnk_mode_names[m]);
            }
        }
        if (!c->hours_by_mode[m])
            continue;
        scnm_path_key(kp, "hours", scnk_mode_names[m]);
        if (!some && own)
            return jck_fail(&c->j, kp, "nothing uses it: every stage of %s crossers has hours of "
                            "its own", scnk_mode_names[m]);
        if (!some)
            return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s crossers",
                            scnk_mode_names[m]);
        if (!any)
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s demand has its "
                            "own \"DIRECTION.%s\" entry", scnk_mode_names[m], scnk_mode_names[m]);
    }
    return 0;
}

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
            mine = mine || scnk_same_assignment(&l->assign[k], a);
        if (!mine)
            continue;
        const struct daysteps *st = &l->staffed.day[w], *sc = &l->schedule.day[w];
        int ks = 0, kc = 0;
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            while (ks + 1 < st->n && st->minute[ks + 1] <= m)
                ks++;
            while (l->scheduled && kc + 1 < sc->n && sc->minute[kc + 1] <= m)
                kc++;
            if (l->scheduled && !scnk_same_assignment(&l->assign[sc->value[kc]], a))
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

/* The warning of scnk_check_staffed for queue (d, m, p) at stage k (-1: the one
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
            if (scnk_same_assignment(&s->lanes[i].assign[j], &a))
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
        snprintf(days, sizeof days, "%s%s%s", scnk_day_names[w], last > w ? "-" : "",
                 last > w ? scnk_day_names[last] : "");
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
        snprintf(key, sizeof key, "%s.%s", scnk_dir_names[d], scnk_mode_names[m]);
        scnm_path_key(path, "hours", c->hours_by_dir[d][m] ? key : scnk_mode_names[m]);
    } else {
        scnm_path_index(ip, "lanes", (size_t)first);
        scnm_path_key(path, ip, "staffed_booths");
    }
    if (jck_warn(&c->j, path, "%s %s %s%s has no booth staffed while its facility is open (%s); "
                 "its crossers wait until a booth is staffed, and those hours add no booth-hours "
                 "(staff its lane groups then, or shorten the hours)", scnk_dir_names[d],
                 scnk_mode_names[m], scnk_prog_names[p], at, text) < 0)
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
int scnk_check_staffed(struct ctx *c)
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
