/*
 * region.c - read a region file, check it strictly, load its ports
 * (region.h).
 *
 * A region file is small (a handful of ports, tens of segments) and is read
 * once per command; like a scenario, what matters is that every mistake is
 * caught with a message that says where.  The document is read by the
 * scenario module's reader (scnmerge.h: "extends" chains, --set overrides,
 * and who set what), then checked in two passes:
 *
 *   1. shape: every object against the keys it may hold ("did you mean"),
 *      every value type- and range-checked and copied into struct region;
 *      coefficients of the wrong sign (a longer wait or drive making a port
 *      more attractive) are errors, not warnings: the iteration would then
 *      chase a split that no traveller makes;
 *   2. ports: each port's scenario is loaded (scn_load_extra) with its
 *      "set" changes and, as extra demand streams, the segments that may use
 *      it; a segment listing a port that has no lanes for it, or a port file
 *      that cannot be read or is not a valid scenario, is an error naming
 *      the region file and path as well as the port's file.
 *
 * Messages read "FILE: PATH: what was expected, got what", FILE being the
 * file of the "extends" chain that set the value, with " (set by --set
 * ...)" when an override did, exactly as for scenarios.
 *
 * Memory: the region is calloc'd first and filled in place, so that on any
 * error reg_free releases whatever was built.
 */
#include "region.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "digest.h"
#include "jsonck.h"
#include "scnkit.h"
#include "scnmerge.h"
#include "version.h"

#define ORIGIN_LEN (FILENAME_MAX + JSON_PATH_LEN + 8)

#define ITERATIONS_MAX 1000
#define TOLL_USD_MAX 1e6            /* far beyond any toll: a "prohibitive" one fits */
#define ACCESS_MIN_MAX ((double)MINUTES_PER_DAY)  /* a day's drive */
#define VOT_USD_PER_HOUR_MAX SCN_USD_PER_HOUR_MAX

/* Iteration defaults: SANDAG iterates its model a fixed number of times; a
 * share changing by less than a point is below what a planner reads. */
#define DEFAULT_MAX_ITERATIONS 30
#define DEFAULT_TOLERANCE 0.01
/* Fitting constants to observed trips: a group's modelled share at a port
 * within a point of its observed share is within what the equilibrium's own
 * tolerance lets the split wander; twenty rounds are several times what the
 * logit update needs when waits barely answer the split. */
#define DEFAULT_FIT_TOLERANCE 0.01
#define DEFAULT_FIT_ROUNDS 20
#define FIT_ROUNDS_MAX 1000
/* Observed totals and the segments' trips may differ by this share before a
 * warning says the constants can fit only the split. */
#define OBS_TOTAL_TOL 0.01
/* SANDAG moves Otay Mesa East's toll 0.25 USD per iteration (DOMAIN.md). */
#define DEFAULT_TOLL_STEP_USD 0.25

/* Values of time, USD per hour, 2017 USD: SANDAG's Otay Mesa East model
 * (model/port_of_entry_choice.R), work trips, the lower of its two
 * purposes: cars General/Ready 7.38 (other trips 9.36), SENTRI 11.10
 * (13.86), trucks General 20.64, FAST 35.82.  Pedestrians and buses are
 * given the car figures of their programme: an ASSUMPTION. */
#define VOT_GENERAL 7.38
#define VOT_SENTRI 11.10
#define VOT_TRUCK 20.64
#define VOT_FAST 35.82

static const char *const top_keys[] = {
    "name", "title", "sources", "notes", "extends", "run", "choice", "iterations", "ports",
    "segments", "investment", "observed"
};
static const char *const observed_keys[] = {"tolerance", "max_rounds", "groups"};
static const char *const group_keys[] = {
    "name", "segments", "direction", "mode", "program", "trips_per_day"
};
static const char *const run_keys[] = {"days", "warmup_days", "replications", "seed", "start",
                                       "rng"};
static const char *const choice_keys[] = {"access_per_min", "wait_per_min"};
static const char *const iteration_keys[] = {"max", "tolerance"};
static const char *const port_keys[] = {"name", "scenario", "set", "tolls"};
static const char *const toll_keys[] = {"usd", "hold_wait_min", "min_usd", "max_usd", "step_usd"};
static const char *const segment_keys[] = {
    "name", "direction", "mode", "program", "per_day", "hourly_share", "weekday_factor",
    "occupancy", "value_of_time_usd_per_hour", "access_per_min", "wait_per_min", "ports"
};
static const char *const use_keys[] = {"access_min", "constant"};

/* The queue a segment's travellers join, in order of preference (region.h). */
static const enum program prefer[PROG_COUNT][PROG_COUNT] = {
    [PROG_GENERAL] = {PROG_GENERAL},
    [PROG_READY] = {PROG_READY, PROG_GENERAL},
    [PROG_SENTRI] = {PROG_SENTRI, PROG_READY, PROG_GENERAL},
    [PROG_FAST] = {PROG_FAST, PROG_GENERAL},
};
static const int n_prefer[PROG_COUNT] = {1, 2, 3, 2};

double reg_default_vot(enum mode m, enum program p)
{
    if (m == MODE_TRUCK)
        return p == PROG_FAST ? VOT_FAST : VOT_TRUCK;
    return p == PROG_SENTRI ? VOT_SENTRI : VOT_GENERAL;
}

/* ---- the loading context and its messages ---------------------------------- */

struct rctx {
    struct jck j;               /* the region file as given, its document, the error */
    struct region *r;
};

/* ---- typed getters: each returns 0, or -1 with the error set --------------- */

/* A coefficient of disutility: a number <= 0; a positive one would make a
 * longer drive or wait more attractive, which is refused. */
static int get_coef(const struct rctx *c, const cJSON *v, const char *path, const char *what,
                    double *out)
{
    char g[GOT_LEN];
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return jck_fail(&c->j, path, "expected a number <= 0 (utility per minute of %s), got %s",
                        what, scnm_got(v, g));
    if (v->valuedouble > 0)
        return jck_fail(&c->j, path, "expected a number <= 0, got %s: a coefficient of the wrong "
                        "sign would make a longer %s more attractive", scnm_got(v, g), what);
    *out = v->valuedouble;
    return 0;
}

/* 24 numbers >= 0 at path, normalised into out[] (a warning if they did
 * not sum to 1). */
static int get_hourly(const struct rctx *c, const cJSON *v, const char *path, double hi,
                      const char *what, double *out)
{
    char g[GOT_LEN], ip[JSON_PATH_LEN];
    if (!cJSON_IsArray(v))
        return jck_fail(&c->j, path, "expected an array of 24 numbers (%s by hour), got %s", what,
                        scnm_got(v, g));
    if (cJSON_GetArraySize(v) != HOURS_PER_DAY)
        return jck_fail(&c->j, path, "expected an array of 24 numbers (%s by hour), got an array "
                        "of %d", what, cJSON_GetArraySize(v));
    int h = 0;
    for (const cJSON *y = v->child; y; y = y->next, h++) {
        scnm_path_index(ip, path, (size_t)h);
        if (jck_num(&c->j, y, ip, 0, false, hi, &out[h]) < 0)
            return -1;
    }
    return 0;
}

/* ---- sections ----------------------------------------------------------------- */

/* Which run keys the region sets. */
struct run_given {
    bool days, warmup, reps, seed, start, rng;
};

static int parse_run(const struct rctx *c, const cJSON *v, struct run *r, struct run_given *g)
{
    const cJSON *x;
    long long seed;
    int start;
    if (jck_object(&c->j, v, "run", run_keys, COUNT(run_keys)) < 0)
        return -1;
    if ((x = jck_member(v, "days"))
        && (g->days = true, jck_int_i(&c->j, x, "run.days", 1, SCN_RUN_DAYS_MAX, &r->days) < 0))
        return -1;
    if ((x = jck_member(v, "warmup_days"))
        && (g->warmup = true,
            jck_int_i(&c->j, x, "run.warmup_days", 0, SCN_RUN_WARMUP_MAX, &r->warmup_days) < 0))
        return -1;
    if ((x = jck_member(v, "replications"))
        && (g->reps = true,
            jck_int_i(&c->j, x, "run.replications", 1, SCN_RUN_REPS_MAX, &r->replications) < 0))
        return -1;
    if ((x = jck_member(v, "seed"))) {
        g->seed = true;
        if (jck_int(&c->j, x, "run.seed", 0, (long long)SCN_RUN_SEED_MAX, &seed) < 0)
            return -1;
        r->seed = (uint64_t)seed;
    }
    if ((x = jck_member(v, "start"))) {
        g->start = true;
        if (jck_enum(&c->j, x, "run.start", scnk_day_names, WD_COUNT, &start) < 0)
            return -1;
        r->start = (enum weekday)start;
    }
    if ((x = jck_member(v, "rng"))) {
        int k;
        g->rng = true;
        if (jck_enum(&c->j, x, "run.rng", rng_kind_names, RNG_KIND_COUNT, &k) < 0)
            return -1;
        r->rng = (enum rng_kind)k;
    }
    return 0;
}

static int parse_iterations(const struct rctx *c, const cJSON *v, struct region *r)
{
    const cJSON *x;
    if (jck_object(&c->j, v, "iterations", iteration_keys, COUNT(iteration_keys)) < 0)
        return -1;
    if ((x = jck_member(v, "max"))
        && jck_int_i(&c->j, x, "iterations.max", 1, ITERATIONS_MAX, &r->max_iterations) < 0)
        return -1;
    if ((x = jck_member(v, "tolerance"))
        && jck_num(&c->j, x, "iterations.tolerance", 0, true, 1, &r->tolerance) < 0)
        return -1;
    return 0;
}

/* "DIRECTION.MODE" into *d, *m; false if it is not one. */
static bool toll_key(const char *k, int *d, int *m)
{
    for (int i = 0; i < DIR_COUNT; i++)
        for (int j = 0; j < MODE_COUNT; j++) {
            char key[2 * SCN_NAME_MAX];
            snprintf(key, sizeof key, "%s.%s", scnk_dir_names[i], scnk_mode_names[j]);
            if (strcmp(key, k) == 0) {
                *d = i;
                *m = j;
                return true;
            }
        }
    return false;
}

static int parse_toll(const struct rctx *c, const cJSON *v, const char *path, struct reg_toll *t)
{
    char kp[JSON_PATH_LEN];
    const cJSON *x;
    if (jck_object(&c->j, v, path, toll_keys, COUNT(toll_keys)) < 0)
        return -1;
    t->present = true;
    bool fixed = jck_member(v, "usd") != NULL, held = jck_member(v, "hold_wait_min") != NULL;
    if (fixed == held)
        return jck_fail(&c->j, path, fixed ? "expected \"usd\" (a fixed toll) or \"hold_wait_min\" "
                                             "(a toll that holds a wait), not both"
                                           : "expected \"usd\" (a fixed toll) or \"hold_wait_min\" "
                                             "(a toll that holds a wait)");
    if (fixed) {
        for (const char *const *k = toll_keys + 2; k < toll_keys + COUNT(toll_keys); k++)
            if (jck_member(v, *k)) {
                scnm_path_key(kp, path, *k);
                return jck_fail(&c->j, kp, "applies to a toll that holds a wait "
                                "(\"hold_wait_min\"), not to a fixed one (\"usd\")");
            }
        scnm_path_key(kp, path, "usd");
        x = jck_member(v, "usd");
        if (cJSON_IsArray(x))
            return get_hourly(c, x, kp, TOLL_USD_MAX, "USD", t->usd);
        if (jck_num(&c->j, x, kp, 0, false, TOLL_USD_MAX, &t->usd[0]) < 0)
            return -1;
        for (int h = 1; h < HOURS_PER_DAY; h++)
            t->usd[h] = t->usd[0];
        return 0;
    }
    struct cho_toll_rule *rule = &t->rule;
    t->hold = true;
    static const char *const required[] = {"min_usd", "max_usd"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;
    scnm_path_key(kp, path, "hold_wait_min");
    if (jck_num(&c->j, jck_member(v, "hold_wait_min"), kp, 0, false, MINUTES_PER_DAY,
                &rule->target_wait_min) < 0)
        return -1;
    scnm_path_key(kp, path, "min_usd");
    if (jck_num(&c->j, jck_member(v, "min_usd"), kp, 0, false, TOLL_USD_MAX, &rule->min_usd) < 0)
        return -1;
    scnm_path_key(kp, path, "max_usd");
    if (jck_num(&c->j, jck_member(v, "max_usd"), kp, rule->min_usd, false, TOLL_USD_MAX,
                &rule->max_usd) < 0)
        return -1;
    rule->step_usd = DEFAULT_TOLL_STEP_USD;
    scnm_path_key(kp, path, "step_usd");
    if ((x = jck_member(v, "step_usd"))
        && jck_num(&c->j, x, kp, 0, true, TOLL_USD_MAX, &rule->step_usd) < 0)
        return -1;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        t->usd[h] = rule->min_usd;
    return 0;
}

static int parse_tolls(const struct rctx *c, const cJSON *v, const char *path, struct reg_port *p)
{
    char kp[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    for (const cJSON *y = v->child; y; y = y->next) {
        int d, m;
        scnm_path_key(kp, path, y->string);
        if (!toll_key(y->string, &d, &m)) {
            const char *keys[DIR_COUNT * MODE_COUNT];
            char buf[DIR_COUNT * MODE_COUNT][2 * SCN_NAME_MAX];
            size_t n = 0;
            for (int i = 0; i < DIR_COUNT; i++)
                for (int j = 0; j < MODE_COUNT; j++, n++) {
                    snprintf(buf[n], sizeof buf[n], "%s.%s", scnk_dir_names[i], scnk_mode_names[j]);
                    keys[n] = buf[n];
                }
            const char *near = scnm_suggest(y->string, keys, n);
            jck_join(list, keys, 4);
            if (near)
                return jck_fail(&c->j, kp, "unknown key; expected DIRECTION.MODE, e.g. %s (did you "
                                "mean \"%s\"?)", list, near);
            return jck_fail(&c->j, kp, "unknown key; expected DIRECTION.MODE, e.g. %s", list);
        }
        if (parse_toll(c, y, kp, &p->toll[d][m]) < 0)
            return -1;
    }
    return 0;
}

/* A port's "set": each member a --set override (path, value as JSON). */
static int parse_set(const struct rctx *c, const cJSON *v, const char *path, struct reg_port *p)
{
    char kp[JSON_PATH_LEN];
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    for (const cJSON *y = v->child; y; y = y->next) {
        scnm_path_key(kp, path, y->string);
        if (p->n_set == REG_SETS_MAX)
            return jck_fail(&c->j, kp, "expected at most %d changes", REG_SETS_MAX);
        struct scn_override *o = &p->set[p->n_set];
        char *key = strdup(y->string), *value = cJSON_PrintUnformatted(y);
        if (!key || !value) {
            free(key);
            free(value);
            return jck_oom(&c->j);
        }
        o->path = key;
        o->value = value;
        p->n_set++;
    }
    return 0;
}

static int parse_port(const struct rctx *c, const cJSON *v, const char *path, struct reg_port *p)
{
    char kp[JSON_PATH_LEN], g[GOT_LEN], suffix[ERR_MSG_MAX];
    const cJSON *x;
    if (jck_object(&c->j, v, path, port_keys, COUNT(port_keys)) < 0)
        return -1;
    static const char *const required[] = {"name", "scenario"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;
    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, REG_NAME_MAX, p->name) < 0)
        return -1;
    scnm_path_key(kp, path, "scenario");
    x = jck_member(v, "scenario");
    if (!cJSON_IsString(x) || !x->valuestring[0])
        return jck_fail(&c->j, kp, "expected the path of a scenario file, got %s", scnm_got(x, g));
    for (const char *ch = x->valuestring; *ch; ch++)
        if ((unsigned char)*ch < 0x20 || *ch == 0x7f)
            return jck_fail(&c->j, kp, "expected the path of a scenario file, got %s (a control "
                            "character)", scnm_got(x, g));
    /* Relative to the file of the chain that names it, as "extends". */
    if (!(p->file = scnm_resolve(jck_blame(&c->j, kp, suffix), x->valuestring)))
        return jck_oom(&c->j);
    scnm_path_key(kp, path, "set");
    if ((x = jck_member(v, "set")) && parse_set(c, x, kp, p) < 0)
        return -1;
    scnm_path_key(kp, path, "tolls");
    if ((x = jck_member(v, "tolls")) && parse_tolls(c, x, kp, p) < 0)
        return -1;
    return 0;
}

static int parse_ports(const struct rctx *c, const cJSON *v)
{
    struct region *r = c->r;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], other[JSON_PATH_LEN];
    size_t n;
    if (jck_array(&c->j, v, "ports", REG_PORTS_MAX, "ports", &n) < 0)
        return -1;
    if (!(r->port = calloc(n, sizeof *r->port)))
        return jck_oom(&c->j);
    size_t i = 0;
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        scnm_path_index(ip, "ports", i);
        r->n_ports = i + 1;
        if (parse_port(c, x, ip, &r->port[i]) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->port[j].name, r->port[i].name) == 0) {
                scnm_path_key(kp, ip, "name");
                scnm_path_index(other, "ports", j);
                return jck_fail(&c->j, kp, "duplicate name \"%s\" (also %s)", r->port[i].name,
                                other);
            }
    }
    return 0;
}

/* segments[i].ports: the ports the segment may use. */
static int parse_uses(const struct rctx *c, const cJSON *v, const char *path,
                      struct reg_segment *s)
{
    const struct region *r = c->r;
    char kp[JSON_PATH_LEN], ap[JSON_PATH_LEN], list[JCK_LIST_LEN], shown[SCNM_SHOW_MAX + 4];
    const char *names[REG_PORTS_MAX];
    const cJSON *x;
    for (size_t j = 0; j < r->n_ports; j++)
        names[j] = r->port[j].name;
    jck_join(list, names, r->n_ports);
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    if (!v->child)
        return jck_fail(&c->j, path, "no port can serve this segment: expected at least one of %s "
                        "with its access time", list);
    /* In the region's port order, whatever the order of the keys. */
    for (size_t j = 0; j < r->n_ports; j++) {
        const cJSON *y = jck_member(v, r->port[j].name);
        if (!y)
            continue;
        scnm_path_key(kp, path, y->string);
        if (jck_object(&c->j, y, kp, use_keys, COUNT(use_keys)) < 0
            || !jck_need(&c->j, y, kp, "access_min"))
            return -1;
        struct reg_use *u = &s->use[s->n_use++];
        u->port = j;
        scnm_path_key(ap, kp, "access_min");
        if (jck_num(&c->j, jck_member(y, "access_min"), ap, 0, false, ACCESS_MIN_MAX,
                    &u->access_min) < 0)
            return -1;
        scnm_path_key(ap, kp, "constant");
        if ((x = jck_member(y, "constant"))
            && jck_num(&c->j, x, ap, -REG_CONSTANT_ABS_MAX, false, REG_CONSTANT_ABS_MAX,
                       &u->constant) < 0)
            return -1;
    }
    for (const cJSON *y = v->child; y; y = y->next)
        if (reg_port_index(r, y->string) < 0) {
            scnm_path_key(kp, path, y->string);
            const char *near = scnm_suggest(y->string, names, r->n_ports);
            scnm_show(shown, y->string);
            if (near)
                return jck_fail(&c->j, kp, "no port named \"%s\"; expected one of %s (did you mean "
                                "\"%s\"?)", shown, list, near);
            return jck_fail(&c->j, kp, "no port named \"%s\"; expected one of %s", shown, list);
        }
    return 0;
}

static int parse_segment(const struct rctx *c, const cJSON *v, const char *path,
                         struct reg_segment *s, double wait_per_min, double access_per_min)
{
    char kp[JSON_PATH_LEN], list[JCK_LIST_LEN], g[GOT_LEN];
    const cJSON *x;
    int i;
    if (jck_object(&c->j, v, path, segment_keys, COUNT(segment_keys)) < 0)
        return -1;
    static const char *const required[] = {"name", "direction", "mode", "per_day", "ports"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, v, path, required[k]))
            return -1;
    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, REG_NAME_MAX, s->name) < 0)
        return -1;
    scnm_path_key(kp, path, "direction");
    if (jck_enum(&c->j, jck_member(v, "direction"), kp, scnk_dir_names, DIR_COUNT, &i) < 0)
        return -1;
    s->dir = (enum direction)i;
    scnm_path_key(kp, path, "mode");
    if (jck_enum(&c->j, jck_member(v, "mode"), kp, scnk_mode_names, MODE_COUNT, &i) < 0)
        return -1;
    s->mode = (enum mode)i;
    s->prog = PROG_GENERAL;
    if ((x = jck_member(v, "program"))) {
        scnm_path_key(kp, path, "program");
        if (jck_enum(&c->j, x, kp, scnk_prog_names, PROG_COUNT, &i) < 0)
            return -1;
        if (!scn_program_valid(s->mode, (enum program)i)) {
            scnk_join_programs(list, s->mode);
            return jck_fail(&c->j, kp, "not a programme of %s; expected one of %s",
                            scnk_mode_names[s->mode], list);
        }
        s->prog = (enum program)i;
    }
    scnm_path_key(kp, path, "per_day");
    if (jck_num(&c->j, jck_member(v, "per_day"), kp, 0, true, SCN_PER_DAY_MAX, &s->per_day) < 0)
        return -1;

    for (int h = 0; h < HOURS_PER_DAY; h++)
        s->hourly_share[h] = 1.0 / HOURS_PER_DAY;
    scnm_path_key(kp, path, "hourly_share");
    if ((x = jck_member(v, "hourly_share"))
        && scnk_hourly_share(&c->j, x, kp, s->hourly_share) < 0)
        return -1;

    for (int w = 0; w < WD_COUNT; w++)
        s->weekday_factor[w] = 1;
    scnm_path_key(kp, path, "weekday_factor");
    if ((x = jck_member(v, "weekday_factor"))
        && scnk_weekday_factor(&c->j, x, kp, s->weekday_factor) < 0)
        return -1;

    s->occupancy = scn_default_occupancy(s->mode);
    scnm_path_key(kp, path, "occupancy");
    if ((x = jck_member(v, "occupancy"))) {
        if (jck_num(&c->j, x, kp, SCN_OCCUPANCY_MIN, false, SCN_OCCUPANCY_MAX, &s->occupancy) < 0)
            return -1;
        if (s->mode == MODE_PEDESTRIAN && s->occupancy != 1)
            return jck_fail(&c->j, kp, "expected 1 (a pedestrian is one person), got %s",
                            scnm_got(x, g));
    } else if (isnan(s->occupancy))
        return jck_fail(&c->j, path, "a bus segment needs \"occupancy\" (passengers per bus); "
                        "there is no sourced default");

    s->vot_usd_per_hour = reg_default_vot(s->mode, s->prog);
    scnm_path_key(kp, path, "value_of_time_usd_per_hour");
    if ((x = jck_member(v, "value_of_time_usd_per_hour"))
        && jck_num(&c->j, x, kp, 0, true, VOT_USD_PER_HOUR_MAX, &s->vot_usd_per_hour) < 0)
        return -1;
    s->coef.access_per_min = access_per_min;
    s->coef.wait_per_min = wait_per_min;
    scnm_path_key(kp, path, "access_per_min");
    if ((x = jck_member(v, "access_per_min"))
        && get_coef(c, x, kp, "drive", &s->coef.access_per_min) < 0)
        return -1;
    scnm_path_key(kp, path, "wait_per_min");
    if ((x = jck_member(v, "wait_per_min"))
        && get_coef(c, x, kp, "wait", &s->coef.wait_per_min) < 0)
        return -1;
    s->coef.toll_per_usd = cho_toll_coef(s->coef.wait_per_min, s->vot_usd_per_hour);

    scnm_path_key(kp, path, "ports");
    return parse_uses(c, jck_member(v, "ports"), kp, s);
}

static int parse_segments(const struct rctx *c, const cJSON *v, double wait_per_min,
                          double access_per_min)
{
    struct region *r = c->r;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], other[JSON_PATH_LEN];
    size_t n;
    if (jck_array(&c->j, v, "segments", REG_SEGMENTS_MAX, "segments", &n) < 0)
        return -1;
    if (!(r->seg = calloc(n, sizeof *r->seg)))
        return jck_oom(&c->j);
    size_t i = 0;
    for (const cJSON *x = v->child; x; x = x->next, i++) {
        scnm_path_index(ip, "segments", i);
        r->n_seg = i + 1;
        if (parse_segment(c, x, ip, &r->seg[i], wait_per_min, access_per_min) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->seg[j].name, r->seg[i].name) == 0) {
                scnm_path_key(kp, ip, "name");
                scnm_path_index(other, "segments", j);
                return jck_fail(&c->j, kp, "duplicate name \"%s\" (also %s)", r->seg[i].name,
                                other);
            }
    }
    return 0;
}

/* observed.groups[i].trips_per_day: trips per day at every port that a
 * segment of group g may use, and none at another. */
static int parse_obs_trips(const struct rctx *c, const cJSON *v, const char *path,
                           struct reg_observed *g)
{
    const struct region *r = c->r;
    char kp[JSON_PATH_LEN], list[JCK_LIST_LEN], shown[SCNM_SHOW_MAX + 4];
    const char *names[REG_PORTS_MAX];
    bool may[REG_PORTS_MAX] = { false };
    size_t first[REG_PORTS_MAX] = { 0 };
    for (size_t i = r->n_seg; i-- > 0;)
        if (g->member[i])
            for (size_t u = 0; u < r->seg[i].n_use; u++) {
                may[r->seg[i].use[u].port] = true;
                first[r->seg[i].use[u].port] = i;
            }
    size_t n = 0;
    for (size_t j = 0; j < r->n_ports; j++)
        if (may[j])
            names[n++] = r->port[j].name;
    jck_join(list, names, n);
    if (jck_object(&c->j, v, path, NULL, 0) < 0)
        return -1;
    for (const cJSON *y = v->child; y; y = y->next) {
        int j = reg_port_index(r, y->string);
        scnm_path_key(kp, path, y->string);
        scnm_show(shown, y->string);
        if (j < 0) {
            const char *all[REG_PORTS_MAX];
            for (size_t k = 0; k < r->n_ports; k++)
                all[k] = r->port[k].name;
            const char *near = scnm_suggest(y->string, all, r->n_ports);
            if (near)
                return jck_fail(&c->j, kp, "no port named \"%s\"; expected one of %s (did you mean "
                                "\"%s\"?)", shown, list, near);
            return jck_fail(&c->j, kp, "no port named \"%s\"; expected one of %s", shown, list);
        }
        if (!may[j])
            return jck_fail(&c->j, kp, "no segment of this group may use port \"%s\"; expected one "
                            "of %s", shown, list);
        if (jck_num(&c->j, y, kp, 0, true, SCN_PER_DAY_MAX, &g->trips[j]) < 0)
            return -1;
        g->given[j] = true;
    }
    for (size_t j = 0; j < r->n_ports; j++)
        if (may[j] && !g->given[j]) {
            /* Compared where given; a fit needs them all (its message, kept). */
            char suffix[ERR_MSG_MAX];
            struct err unfit;
            const char *file = jck_blame(&c->j, path, suffix);
            err_set(&unfit, EXIT_USAGE, "%s: %s: missing the trips at port \"%s\", which "
                    "segment \"%s\" of the group may use (a constant is fitted to every port "
                    "of the group; give each its observed trips per day, > 0)%s", file, path,
                    r->port[j].name, r->seg[first[j]].name, suffix);
            memcpy(g->unfit, unfit.msg, sizeof g->unfit);
            break;
        }
    return 0;
}

/* observed.groups[i]: its segments, by name or by direction, mode and
 * programme; none already in another group (owner[], -1: none). */
static int parse_obs_group(const struct rctx *c, const cJSON *v, const char *path,
                           struct reg_observed *g, long *owner, size_t gi)
{
    const struct region *r = c->r;
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], other[JSON_PATH_LEN], list[JCK_LIST_LEN];
    char shown[SCNM_SHOW_MAX + 4];
    const cJSON *x, *segs = jck_member(v, "segments");
    if (jck_object(&c->j, v, path, group_keys, COUNT(group_keys)) < 0
        || !jck_need(&c->j, v, path, "name") || !jck_need(&c->j, v, path, "trips_per_day"))
        return -1;
    scnm_path_key(kp, path, "name");
    if (jck_name(&c->j, jck_member(v, "name"), kp, REG_NAME_MAX, g->name) < 0)
        return -1;
    bool by_kind = jck_member(v, "direction") || jck_member(v, "mode") || jck_member(v, "program");
    if (segs && by_kind)
        return jck_fail(&c->j, path, "give \"segments\" or \"direction\", \"mode\" and "
                        "\"program\", not both");
    if (segs) {
        const char *names[REG_SEGMENTS_MAX];
        for (size_t i = 0; i < r->n_seg; i++)
            names[i] = r->seg[i].name;
        jck_join(list, names, r->n_seg);
        size_t n;
        scnm_path_key(kp, path, "segments");
        if (jck_array(&c->j, segs, kp, REG_SEGMENTS_MAX, "segment names", &n) < 0)
            return -1;
        size_t k = 0;
        for (const cJSON *y = segs->child; y; y = y->next, k++) {
            char g2[GOT_LEN];
            scnm_path_index(ip, kp, k);
            int i = -1;
            for (size_t s = 0; cJSON_IsString(y) && s < r->n_seg; s++)
                if (strcmp(r->seg[s].name, y->valuestring) == 0)
                    i = (int)s;
            if (i < 0) {
                const char *near = cJSON_IsString(y) ? scnm_suggest(y->valuestring, names,
                                                                     r->n_seg) : NULL;
                if (near)
                    return jck_fail(&c->j, ip, "expected a segment's name, one of %s, got %s (did "
                                    "you mean \"%s\"?)", list, scnm_got(y, g2), near);
                return jck_fail(&c->j, ip, "expected a segment's name, one of %s, got %s", list,
                                scnm_got(y, g2));
            }
            if (g->member[i]) {
                scnm_show(shown, y->valuestring);
                return jck_fail(&c->j, ip, "segment \"%s\" named twice", shown);
            }
            g->member[i] = true;
        }
    } else {
        int d, m, p = -1;
        if (!jck_need(&c->j, v, path, "direction") || !jck_need(&c->j, v, path, "mode"))
            return -1;
        scnm_path_key(kp, path, "direction");
        if (jck_enum(&c->j, jck_member(v, "direction"), kp, scnk_dir_names, DIR_COUNT, &d) < 0)
            return -1;
        scnm_path_key(kp, path, "mode");
        if (jck_enum(&c->j, jck_member(v, "mode"), kp, scnk_mode_names, MODE_COUNT, &m) < 0)
            return -1;
        scnm_path_key(kp, path, "program");
        if ((x = jck_member(v, "program"))
            && jck_enum(&c->j, x, kp, scnk_prog_names, PROG_COUNT, &p) < 0)
            return -1;
        bool any = false;
        for (size_t i = 0; i < r->n_seg; i++)
            if ((int)r->seg[i].dir == d && (int)r->seg[i].mode == m
                && (p < 0 || (int)r->seg[i].prog == p))
                any = g->member[i] = true;
        if (!any)
            return jck_fail(&c->j, path, "no segment is %s %s%s%s: a group needs segments to fit",
                            scnk_dir_names[d], scnk_mode_names[m], p < 0 ? "" : " ",
                            p < 0 ? "" : scnk_prog_names[p]);
    }
    for (size_t i = 0; i < r->n_seg; i++)
        if (g->member[i] && owner[i] >= 0) {
            scnm_path_index(other, "observed.groups", (size_t)owner[i]);
            return jck_fail(&c->j, path, "segment \"%s\" is also in %s: a segment belongs to one "
                            "group at most", r->seg[i].name, other);
        } else if (g->member[i])
            owner[i] = (long)gi;
    scnm_path_key(kp, path, "trips_per_day");
    return parse_obs_trips(c, jck_member(v, "trips_per_day"), kp, g);
}

/* "observed": trips per day of groups of segments at their ports, and how
 * closely --fit-constants fits them. */
static int parse_observed(const struct rctx *c, const cJSON *v)
{
    struct region *r = c->r;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], other[JSON_PATH_LEN];
    const cJSON *x;
    long owner[REG_SEGMENTS_MAX];
    size_t n;
    if (jck_object(&c->j, v, "observed", observed_keys, COUNT(observed_keys)) < 0
        || !jck_need(&c->j, v, "observed", "groups"))
        return -1;
    if ((x = jck_member(v, "tolerance"))
        && jck_num(&c->j, x, "observed.tolerance", 0, true, 1, &r->fit_tolerance) < 0)
        return -1;
    if ((x = jck_member(v, "max_rounds"))
        && jck_int_i(&c->j, x, "observed.max_rounds", 1, FIT_ROUNDS_MAX, &r->fit_max_rounds) < 0)
        return -1;
    if (jck_array(&c->j, jck_member(v, "groups"), "observed.groups", REG_OBS_MAX, "groups", &n) < 0)
        return -1;
    if (!(r->obs = calloc(n, sizeof *r->obs)))
        return jck_oom(&c->j);
    for (size_t i = 0; i < REG_SEGMENTS_MAX; i++)
        owner[i] = -1;
    size_t i = 0;
    for (const cJSON *y = jck_member(v, "groups")->child; y; y = y->next, i++) {
        scnm_path_index(ip, "observed.groups", i);
        r->n_obs = i + 1;
        if (parse_obs_group(c, y, ip, &r->obs[i], owner, i) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->obs[j].name, r->obs[i].name) == 0) {
                scnm_path_key(kp, ip, "name");
                scnm_path_index(other, "observed.groups", j);
                return jck_fail(&c->j, kp, "duplicate name \"%s\" (also %s)", r->obs[i].name,
                                other);
            }
    }
    return 0;
}

/* A warning for each observed group whose observed trips differ from its
 * segments' trips per measured day: constants move trips between ports,
 * not in or out of the region. */
static int check_obs_totals(const struct rctx *c)
{
    const struct region *r = c->r;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    for (size_t g = 0; g < r->n_obs; g++) {
        double obs = 0, seg = 0;
        for (size_t j = 0; j < r->n_ports; j++)
            obs += r->obs[g].given[j] ? r->obs[g].trips[j] : 0;
        for (size_t i = 0; i < r->n_seg; i++)
            if (r->obs[g].member[i]) {
                double f = 0;
                for (int d = 0; d < r->run.days; d++)
                    f += r->seg[i].weekday_factor[((int)r->run.start + d) % WD_COUNT];
                seg += r->seg[i].per_day * f / r->run.days;
            }
        if (fabs(obs - seg) > OBS_TOTAL_TOL * seg) {
            scnm_path_index(ip, "observed.groups", g);
            scnm_path_key(kp, ip, "trips_per_day");
            if (jck_warn(&c->j, kp, "observed trips add up to %.0f a day, the group's segments "
                         "make %.0f a measured day: constants can fit the split between ports, not "
                         "the total", obs, seg) < 0)
                return -1;
        }
    }
    return 0;
}

static int parse_top(const struct rctx *c, const cJSON *root, struct run_given *rg)
{
    struct region *r = c->r;
    const cJSON *x;
    if (jck_object(&c->j, root, "", top_keys, COUNT(top_keys)) < 0)
        return -1;
    static const char *const required[] = {"name", "ports", "segments"};
    for (size_t k = 0; k < COUNT(required); k++)
        if (!jck_need(&c->j, root, "", required[k]))
            return -1;
    if (scnk_texts(&c->j, root, r->name, &r->title, &r->sources, &r->n_sources, &r->notes,
                   &r->n_notes) < 0)
        return -1;
    if ((x = jck_member(root, "run")) && parse_run(c, x, &r->run, rg) < 0)
        return -1;
    double access = CHO_ACCESS_PER_MIN_DEFAULT, wait = CHO_WAIT_PER_MIN_DEFAULT;
    if ((x = jck_member(root, "choice"))) {
        const cJSON *y;
        if (jck_object(&c->j, x, "choice", choice_keys, COUNT(choice_keys)) < 0)
            return -1;
        if ((y = jck_member(x, "access_per_min"))
            && get_coef(c, y, "choice.access_per_min", "drive", &access) < 0)
            return -1;
        if ((y = jck_member(x, "wait_per_min"))
            && get_coef(c, y, "choice.wait_per_min", "wait", &wait) < 0)
            return -1;
    }
    r->max_iterations = DEFAULT_MAX_ITERATIONS;
    r->tolerance = DEFAULT_TOLERANCE;
    if ((x = jck_member(root, "iterations")) && parse_iterations(c, x, r) < 0)
        return -1;
    scn_default_investment(&r->investment);
    if ((x = jck_member(root, "investment")) && scnk_investment(&c->j, x, &r->investment) < 0)
        return -1;
    if (parse_ports(c, jck_member(root, "ports")) < 0)
        return -1;
    if (parse_segments(c, jck_member(root, "segments"), wait, access) < 0)
        return -1;
    r->fit_tolerance = DEFAULT_FIT_TOLERANCE;
    r->fit_max_rounds = DEFAULT_FIT_ROUNDS;
    return (x = jck_member(root, "observed")) ? parse_observed(c, x) : 0;
}

/* ---- the ports' scenarios ------------------------------------------------------ */

/* Load port j's scenario with the streams of the segments that may use it. */
static int load_port(const struct rctx *c, size_t j)
{
    struct region *r = c->r;
    struct reg_port *p = &r->port[j];
    struct scn_extra *x = calloc(r->n_seg ? r->n_seg : 1, sizeof *x);
    char (*origin)[ORIGIN_LEN] = calloc(r->n_seg ? r->n_seg : 1, sizeof *origin);
    size_t *which = calloc(r->n_seg ? r->n_seg : 1, sizeof *which), n = 0;
    int rc = -1;
    if (!x || !origin || !which) {
        jck_oom(&c->j);
        goto done;
    }
    for (size_t i = 0; i < r->n_seg; i++) {
        struct reg_segment *s = &r->seg[i];
        struct reg_use *u = NULL;
        for (size_t k = 0; k < s->n_use; k++)
            if (s->use[k].port == j)
                u = &s->use[k];
        if (!u)
            continue;
        char ip[JSON_PATH_LEN], pp[JSON_PATH_LEN], kp[JSON_PATH_LEN], suffix[ERR_MSG_MAX];
        scnm_path_index(ip, "segments", i);
        scnm_path_key(pp, ip, "ports");
        scnm_path_key(kp, pp, p->name);
        snprintf(origin[n], ORIGIN_LEN, "%s: %s (port \"%s\")", jck_blame(&c->j, kp, suffix), kp,
                 p->name);
        struct demand *d = &x[n].d;
        snprintf(d->name, sizeof d->name, "%s.%s", s->name, p->name);
        d->dir = s->dir;
        d->mode = s->mode;
        d->per_day = s->per_day;
        for (int w = 0; w < WD_COUNT; w++)
            memcpy(d->hourly_share[w], s->hourly_share, sizeof s->hourly_share);
        memcpy(d->weekday_factor, s->weekday_factor, sizeof d->weekday_factor);
        d->occupancy = s->occupancy;
        d->when_closed = CLOSED_WAIT;
        d->arrivals = ARR_POISSON;
        memcpy(x[n].prefer, prefer[s->prog], sizeof x[n].prefer);
        x[n].n_prefer = n_prefer[s->prog];
        x[n].origin = origin[n];
        which[n++] = i;
    }
    if (!(p->s = scn_load_extra(p->file, p->set, p->n_set, x, n, c->j.e))) {
        /* Say which port of the region, unless the message is about one of
         * the segments (it names the region file and segment already). */
        bool about_segment = false;
        for (size_t k = 0; k < n; k++)
            about_segment = about_segment
                            || strncmp(c->j.e->msg, origin[k], strlen(origin[k])) == 0;
        if (!about_segment) {
            char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN], suffix[ERR_MSG_MAX], msg[ERR_MSG_MAX];
            scnm_path_index(ip, "ports", j);
            scnm_path_key(kp, ip, "scenario");
            snprintf(msg, sizeof msg, "%s", c->j.e->msg);
            const char *file = jck_blame(&c->j, kp, suffix);
            err_set(c->j.e, c->j.e->code, "%s: %s (port \"%s\"): %s", file, kp, p->name, msg);
        }
        goto done;
    }
    p->first_extra = p->s->n_demand - n;
    if (!(p->text = scn_merged_text(p->file, p->set, p->n_set, c->j.e)))
        goto done;
    memcpy(p->s->name, p->name, sizeof p->name);
    for (size_t k = 0; k < n; k++) {
        struct reg_segment *s = &r->seg[which[k]];
        for (size_t u = 0; u < s->n_use; u++)
            if (s->use[u].port == j) {
                const struct demand *d = &p->s->demand[p->first_extra + k];
                s->use[u].stream = p->first_extra + k;
                for (int g = 0; g < PROG_COUNT; g++)
                    if (d->program_share[g] > 0)
                        s->use[u].prog = (enum program)g;
            }
    }
    rc = 0;
done:
    free(x);
    free(origin);
    free(which);
    return rc;
}

/* ---- entry points --------------------------------------------------------------- */

static void digest_text(struct digest *c, const char *key, const char *text)
{
    char len[32];
    snprintf(len, sizeof len, " %zu\n", strlen(text));
    digest_update(c, key, strlen(key));
    digest_update(c, len, strlen(len));
    digest_update(c, text, strlen(text));
}

int reg_fingerprint(const struct region *r, const struct scn_override *ov, size_t n_ov,
                    char *hex, struct err *e)
{
    struct digest c;
    unsigned char d[DIGEST_BYTES];
    char line[256];
    char *text = scn_merged_text(r->path, ov, n_ov, e);
    if (!text)
        return -1;
    digest_init(&c);
    digest_text(&c, "poesim " POESIM_VERSION "\nregion", text);
    free(text);
    for (size_t j = 0; j < r->n_ports; j++) {
        const struct reg_port *p = &r->port[j];
        if (!(text = scn_merged_text(p->file, p->set, p->n_set, e)))
            return -1;
        digest_text(&c, p->name, text);
        free(text);
    }
    snprintf(line, sizeof line, "seed %llu\ndays %d\nwarmup_days %d\nstart %s\nreplications %d\n",
             (unsigned long long)r->run.seed, r->run.days, r->run.warmup_days,
             scn_weekday_name(r->run.start), r->run.replications);
    digest_update(&c, line, strlen(line));
    digest_final(&c, d);
    digest_to_hex(d, hex);
    return 0;
}

bool reg_is_region_file(const char *path)
{
    struct err e = { 0 };
    struct scnm_doc *d = scnm_open(path, NULL, 0, NULL, 0, &e);
    if (!d)
        return false;
    const cJSON *root = scnm_root(d);
    bool yes = cJSON_IsObject(root) && (jck_member(root, "segments") || jck_member(root, "ports"));
    scnm_close(d);
    return yes;
}

int reg_fit_ready(const struct region *r, struct err *e)
{
    for (size_t g = 0; g < r->n_obs; g++)
        if (r->obs[g].unfit[0])
            return err_set(e, EXIT_USAGE, "%s", r->obs[g].unfit);
    return 0;
}

int reg_port_index(const struct region *r, const char *name)
{
    for (size_t j = 0; j < r->n_ports; j++)
        if (strcmp(r->port[j].name, name) == 0)
            return (int)j;
    return -1;
}

struct region *reg_load(const char *path, const struct scn_override *ov, size_t n_ov,
                        struct err *e)
{
    struct rctx c = { .j = { .file = path, .e = e } };
    struct region *r = calloc(1, sizeof *r);
    struct scnm_doc *doc = NULL;
    struct run_given rg = { 0 };
    if (!r || !(r->path = strdup(path))) {
        free(r);
        err_set(e, EXIT_FAIL, "%s: out of memory", path);
        return NULL;
    }
    c.r = r;
    c.j.warnings = &r->warnings;
    c.j.n_warnings = &r->n_warnings;
    if (!(doc = scnm_open(path, NULL, 0, ov, n_ov, e)))
        goto fail;
    c.j.doc = doc;
    if (parse_top(&c, scnm_root(doc), &rg) < 0)
        goto fail;
    for (size_t j = 0; j < r->n_ports; j++)
        if (load_port(&c, j) < 0)
            goto fail;
    /* The region's run settings: its own, else the first port's. */
    const struct run *b = &r->port[0].s->run;
    struct run *run = &r->run;
    if (!rg.days)
        run->days = b->days;
    if (!rg.warmup)
        run->warmup_days = b->warmup_days;
    if (!rg.reps)
        run->replications = b->replications;
    if (!rg.seed)
        run->seed = b->seed;
    if (!rg.start)
        run->start = b->start;
    if (!rg.rng)
        run->rng = b->rng;
    run->hourly = HOURLY_AUTO;
    reg_ports_follow_run(r);
    if (check_obs_totals(&c) < 0)
        goto fail;
    scnm_close(doc);
    return r;
fail:
    scnm_close(doc);
    reg_free(r);
    return NULL;
}

void reg_ports_follow_run(struct region *r)
{
    for (size_t j = 0; j < r->n_ports; j++) {
        struct run *pr = &r->port[j].s->run;
        enum hourly_by hourly = pr->hourly;
        *pr = r->run;
        pr->hourly = hourly;
    }
}

void reg_free(struct region *r)
{
    if (!r)
        return;
    free(r->path);
    free(r->title);
    jck_free_strings(r->sources, r->n_sources);
    jck_free_strings(r->notes, r->n_notes);
    jck_free_strings(r->warnings, r->n_warnings);
    for (size_t j = 0; j < r->n_ports; j++) {
        struct reg_port *p = &r->port[j];
        free(p->file);
        free(p->text);
        for (size_t k = 0; k < p->n_set; k++) {
            free((char *)p->set[k].path);
            free((char *)p->set[k].value);
        }
        scn_free(p->s);
    }
    free(r->port);
    free(r->seg);
    free(r->obs);
    free(r);
}
