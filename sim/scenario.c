/*
 * scenario.c - read a scenario file, check it strictly, return plain C.
 *
 * A scenario is small (a few kilobytes: tens of demand streams and lane
 * groups, a handful of service distributions; an empirical distribution may
 * bring a few thousand numbers) and is read once per run, so clarity of the
 * error messages matters far more than speed.  The work is done in three
 * passes over cJSON's tree; the files of the scenario module (this one,
 * scnmerge.c and the section readers around scnkit.h) are the only places
 * in poesim that see it:
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
 * This file holds the entry points, the names of the scenario's enums, the
 * top level (name, texts, run, changeover) and the order of the passes;
 * each section is read in its own file (scnkit.h lists them).
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
#include "scnkit.h"

/* ---- limits and defaults ----------------------------------------------------- */

#define RUN_WARMUP_MAX SCN_RUN_WARMUP_MAX

#define DEFAULT_RUN_DAYS 7
#define DEFAULT_RUN_WARMUP 1
#define DEFAULT_RUN_REPS 10
#define DEFAULT_RUN_SEED 1
#define DEFAULT_RUN_START WD_MON

/* DOMAIN.md has one changeover time of a flex lane, about an hour at Otay
 * Mesa, and calls it a gap; a changeover therefore takes no time unless the
 * scenario says. */
#define DEFAULT_CHANGEOVER_MIN 0.0

const char *const scnk_dir_names[DIR_COUNT] = {"north", "south"};
const char *const scnk_mode_names[MODE_COUNT] = {"pov", "pedestrian", "bus", "truck"};
const char *const scnk_prog_names[PROG_COUNT] = {"general", "ready", "sentri", "fast"};
const char *const scnk_day_names[WD_COUNT] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const hourly_names[] = {"auto", "day", "weekday"};

/* The programmes each mode has (DOMAIN.md: SENTRI for POVs and pedestrians,
 * FAST for trucks, Ready Lanes for every passenger mode). */
const bool scnk_prog_valid[MODE_COUNT][PROG_COUNT] = {
    [MODE_POV] = {[PROG_GENERAL] = true, [PROG_READY] = true, [PROG_SENTRI] = true},
    [MODE_PEDESTRIAN] = {[PROG_GENERAL] = true, [PROG_READY] = true, [PROG_SENTRI] = true},
    [MODE_BUS] = {[PROG_GENERAL] = true, [PROG_READY] = true},
    [MODE_TRUCK] = {[PROG_GENERAL] = true, [PROG_FAST] = true},
};

/* Top-level keys.  "extends" never reaches parse_top (scnmerge.c takes it
 * out of the merged document); it is listed for the message about, and the
 * "did you mean" of, a misspelt key. */
static const char *const top_keys[] = {
    "name", "title", "sources", "notes", "extends", "run", "demand", "lanes", "changeover_min",
    "service", "secondary", "hours", "costs", "investment", "holidays", "lane_pools", "stages",
    "chains", "assessment"
};
static const char *const run_keys[] = {"days", "warmup_days", "replications", "seed", "start",
                                       "hourly", "start_date", "rng"};

const char *scn_direction_name(enum direction d)
{
    return (int)d >= 0 && d < DIR_COUNT ? scnk_dir_names[d] : NULL;
}

const char *scn_mode_name(enum mode m)
{
    return (int)m >= 0 && m < MODE_COUNT ? scnk_mode_names[m] : NULL;
}

const char *scn_program_name(enum program p)
{
    return (int)p >= 0 && p < PROG_COUNT ? scnk_prog_names[p] : NULL;
}

const char *scn_weekday_name(enum weekday w)
{
    return (int)w >= 0 && w < WD_COUNT ? scnk_day_names[w] : NULL;
}

const char *scn_hourly_name(enum hourly_by h)
{
    return (int)h >= 0 && (size_t)h < COUNT(hourly_names) ? hourly_names[h] : NULL;
}

bool scn_program_valid(enum mode m, enum program p)
{
    return (int)m >= 0 && m < MODE_COUNT && (int)p >= 0 && p < PROG_COUNT && scnk_prog_valid[m][p];
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

/* The valid programmes of mode m as "general, ready, sentri" (JCK_LIST_LEN). */
void scnk_join_programs(char *out, enum mode m)
{
    const char *names[PROG_COUNT];
    size_t n = 0;
    for (int p = 0; p < PROG_COUNT; p++)
        if (scnk_prog_valid[m][p])
            names[n++] = scnk_prog_names[p];
    jck_join(out, names, n);
}

/* run.start_date (v): the date of the first measured day, which gives
 * run.start; a run.start given as well (start) must be its weekday. */
static int parse_start_date(const struct ctx *c, const cJSON *v, const cJSON *start,
                            struct run *r)
{
    if (scnk_date(c, v, "run.start_date", &r->start_date) < 0)
        return -1;
    enum weekday w = (enum weekday)date_weekday(r->start_date);
    if (start && r->start != w)
        return jck_fail(&c->j, "run.start", "expected \"%s\", the weekday of run.start_date %s, "
                        "got \"%s\"; the date gives the weekday, so leave run.start out (null "
                        "removes a base's)", scnk_day_names[w], v->valuestring,
                        scnk_day_names[r->start]);
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
    if ((x = jck_member(v, "days"))
        && jck_int_i(&c->j, x, "run.days", 1, SCN_RUN_DAYS_MAX, &r->days) < 0)
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
        if (jck_enum(&c->j, x, kp, scnk_day_names, WD_COUNT, &start) < 0)
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
    if ((x = jck_member(v, "rng"))) {
        int k;
        scnm_path_key(kp, "run", "rng");
        if (jck_enum(&c->j, x, kp, rng_kind_names, RNG_KIND_COUNT, &k) < 0)
            return -1;
        r->rng = (enum rng_kind)k;
    }
    return 0;
}

/* An array of named items at `key` (demand streams, lane groups): each item
 * parsed by parse into *items (n of `size` bytes each, allocated here; a
 * struct whose first member is its name), *count set as items are parsed so
 * that scn_free frees what was built, and names checked to be unique. */
int scnk_named(struct ctx *c, const cJSON *v, const char *key, size_t max, const char *what,
               size_t size, void **items, size_t *count,
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

int scnk_texts(const struct jck *j, const cJSON *root, char *name, char **title,
               char ***sources, size_t *n_sources, char ***notes, size_t *n_notes)
{
    const cJSON *x;
    const char *text = "";
    if (jck_name(j, jck_member(root, "name"), "name", SCN_NAME_MAX, name) < 0)
        return -1;
    if ((x = jck_member(root, "title")) && jck_text(j, x, "title", &text) < 0)
        return -1;
    if (!(*title = strdup(text)))
        return jck_oom(j);
    if ((x = jck_member(root, "sources")) && jck_strings(j, x, "sources", sources, n_sources) < 0)
        return -1;
    if ((x = jck_member(root, "notes")) && jck_strings(j, x, "notes", notes, n_notes) < 0)
        return -1;
    return 0;
}

static int parse_top(struct ctx *c, const cJSON *root)
{
    struct scenario *s = c->s;
    const cJSON *x;
    if (jck_object(&c->j, root, "", top_keys, COUNT(top_keys)) < 0)
        return -1;
    assert(!jck_member(root, "extends"));
    static const char *const required[] = {"name", "lanes", "demand"};
    for (size_t k = 0; k < COUNT(required) - (c->n_extra > 0); k++)
        if (!jck_need(&c->j, root, "", required[k]))
            return -1;
    if (scnk_texts(&c->j, root, s->name, &s->title, &s->sources, &s->n_sources, &s->notes,
                   &s->n_notes) < 0)
        return -1;
    if ((x = jck_member(root, "run")) && parse_run(c, x, &s->run) < 0)
        return -1;
    double changeover_min = DEFAULT_CHANGEOVER_MIN;
    if ((x = jck_member(root, "changeover_min"))
        && jck_num(&c->j, x, "changeover_min", 0, false, MINUTES_PER_DAY, &changeover_min) < 0)
        return -1;
    c->changeover_s = changeover_min * SECONDS_PER_MINUTE;
    if ((x = jck_member(root, "lane_pools")) && scnk_pools(c, x) < 0)
        return -1;
    if (scnk_demands(c, jck_member(root, "demand")) < 0
        || scnk_stages(c, jck_member(root, "stages"), jck_member(root, "chains")) < 0
        || scnk_lanes(c, jck_member(root, "lanes")) < 0)
        return -1;
    if ((x = jck_member(root, "service")) && scnk_service(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "secondary")) && scnk_secondary(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "hours")) && scnk_hours(c, x) < 0)
        return -1;
    if ((x = jck_member(root, "costs")) && scnk_costs(c, x, &s->costs) < 0)
        return -1;
    if ((x = jck_member(root, "investment")) && scnk_investment(&c->j, x, &s->investment) < 0)
        return -1;
    if ((x = jck_member(root, "assessment")) && scnk_assessment(c, x, &s->assessment) < 0)
        return -1;
    return 0;
}

static int cross_check(const struct ctx *c)
{
    if (scnk_check_demand_served(c) < 0 || scnk_check_stages(c) < 0
        || scnk_check_lanes_used(c) < 0 || scnk_check_sizes(c) < 0 || scnk_check_pools(c) < 0
        || scnk_check_initial_queues(c) < 0 || scnk_resolve_service(c) < 0
        || scnk_resolve_secondary(c) < 0 || scnk_check_hours_used(c) < 0
        || scnk_check_assessment(c) < 0)
        return -1;
    return 0;
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
                          DEFAULT_RUN_SEED, DEFAULT_RUN_START, HOURLY_AUTO, RNG_MRG32K3A,
                          false, 0};
    scnk_default_costs(s);
    struct scnm_doc *doc = NULL;
    if (!(s->path = strdup(label))) {
        jck_oom(&c.j);
        goto fail;
    }
    if (!(doc = scnm_open(label, text, len, ov, n_ov, e)))
        goto fail;
    c.j.doc = doc;
    if (parse_top(&c, scnm_root(doc)) < 0 || scnk_add_extra(&c) < 0 || cross_check(&c) < 0
        || scnk_calendar(&c, scnm_root(doc)) < 0 || scnk_check_staffed(&c) < 0)
        goto fail;
    scnm_close(doc);
    scnk_free_secondary_given(&c.sec);
    scnk_free_service_given(&c.svc);
    return s;
fail:
    scnm_close(doc);
    scnk_free_secondary_given(&c.sec);
    scnk_free_service_given(&c.svc);
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

void scn_free(struct scenario *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->title);
    jck_free_strings(s->sources, s->n_sources);
    jck_free_strings(s->notes, s->n_notes);
    jck_free_strings(s->warnings, s->n_warnings);
    free(s->demand);
    free(s->lanes);
    free(s->pools);
    free(s->holidays);
    for (size_t k = 0; k < s->n_stages; k++) {
        for (int p = 0; p < PROG_COUNT; p++)
            scnk_free_dist(&s->stages[k].service[p]);
        scnk_free_dist(&s->stages[k].secondary.service);
    }
    free(s->stages);
    for (int m = 0; m < MODE_COUNT; m++) {
        for (int d = 0; d < DIR_COUNT; d++) {
            for (int p = 0; p < PROG_COUNT; p++)
                scnk_free_dist(&s->service[d][m][p]);
            scnk_free_dist(&s->secondary[d][m].service);
        }
    }
    free(s);
}
