/*
 * scnservice.c - inspection times of a scenario (part of the scenario
 * module: scnkit.h).
 *
 * A distribution object ({"dist": KIND, params}: exponential, lognormal,
 * gamma, deterministic, uniform, empirical) read with its kind's parameters
 * only; "service" entries keyed "MODE.PROGRAM" (every direction) or
 * "DIRECTION.MODE.PROGRAM" (one direction, which wins), with factors by
 * hour of day; "secondary" entries (referral, spaces, inspection) keyed
 * "MODE" or "DIRECTION.MODE".  Entries are read as written (struct
 * service_given, struct secondary_given) and resolved once lanes and demand
 * are known: each queue a lane group serves takes its entry, and an entry
 * nothing takes is an error.  An empirical distribution owns its values;
 * a resolved entry is a copy, so each is freed once.
 */
#include <assert.h>
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnkit.h"

#define SERVICE_MEAN_MAX_S 86400.0         /* one day */
#define CV_MAX 10.0
#define EMPIRICAL_VALUES_MAX 100000
#define SECONDARY_SPACES_MAX 10000
#define SERVICE_FACTOR_MAX 100.0            /* an inspection 100 times slower: a typo guard */
static const char *const service_extra_keys[] = {"hourly_factor"};
static const char *const dist_keys[] = {"dist", "mean_s", "cv", "min_s", "max_s", "values_s"};
static const char *const secondary_value_keys[] = {"referral", "spaces", "service"};

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

/* A distribution object {"dist": KIND, params...} into *d, the object
 * allowed to hold the n_extra keys extra[] besides (read by the caller).
 * An empirical dist's values are allocated here and owned by *d (freed by
 * scnk_free_dist). */
static int dist_with(const struct ctx *c, const cJSON *v, const char *path, struct dist *d,
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
    return dist_with(c, v, path, d, NULL, 0);
}

void scnk_free_dist(struct dist *d)
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
/* Keys "MODE.PROGRAM" and "DIRECTION.MODE.PROGRAM" of the valid
 * combinations, written into buf, pointed at by keys; the combination of
 * keys[i] in d[i] (-1 for every direction), m[i], p[i].  Returns the count. */
#define SERVICE_KEYS_MAX ((DIR_COUNT + 1) * MODE_COUNT * PROG_COUNT)
static size_t service_keys(char buf[][SERVICE_KEY_LEN], const char **keys, int *d, int *m,
                           int *p)
{
    size_t n = 0;
    for (int di = -1; di < DIR_COUNT; di++)
        for (int mi = 0; mi < MODE_COUNT; mi++)
            for (int pi = 0; pi < PROG_COUNT; pi++)
                if (scnk_prog_valid[mi][pi]) {
                    if (di < 0)
                        snprintf(buf[n], SERVICE_KEY_LEN, "%s.%s", scnk_mode_names[mi],
                                 scnk_prog_names[pi]);
                    else
                        snprintf(buf[n], SERVICE_KEY_LEN, "%s.%s.%s", scnk_dir_names[di],
                                 scnk_mode_names[mi], scnk_prog_names[pi]);
                    keys[n] = buf[n];
                    d[n] = di;
                    m[n] = mi;
                    p[n] = pi;
                    n++;
                }
    return n;
}

/* service[KEY].hourly_factor (path kp): 24 factors > 0 by hour of day. */
static int service_factor(const struct ctx *c, const cJSON *x, const char *kp,
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

int scnk_service_value(const struct ctx *c, const cJSON *v, const char *path, struct dist *d,
                       double *factor, bool *has_factor)
{
    char fp[JSON_PATH_LEN];
    if (dist_with(c, v, path, d, service_extra_keys, COUNT(service_extra_keys)) < 0)
        return -1;
    const cJSON *f = jck_member(v, "hourly_factor");
    if (!f)
        return 0;
    scnm_path_key(fp, path, "hourly_factor");
    if (service_factor(c, f, fp, factor) < 0)
        return -1;
    *has_factor = true;
    return 0;
}

int scnk_service(struct ctx *c, const cJSON *v)
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
        int r = d[k] < 0
                ? scnk_service_value(c, x, kp, &g->mode[m[k]][p[k]], g->f_mode[m[k]][p[k]],
                                     &g->fac_mode[m[k]][p[k]])
                : scnk_service_value(c, x, kp, &g->dir[d[k]][m[k]][p[k]],
                                     g->f_dir[d[k]][m[k]][p[k]], &g->fac_dir[d[k]][m[k]][p[k]]);
        if (r < 0)
            return -1;
        if (d[k] < 0)
            g->by_mode[m[k]][p[k]] = true;
        else
            g->by_dir[d[k]][m[k]][p[k]] = true;
    }
    return 0;
}

int scnk_secondary_value(const struct ctx *c, const cJSON *v, const char *path, enum mode mode,
                         struct secondary *out)
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
        if (jck_object(&c->j, r, kp, scnk_prog_names, PROG_COUNT) < 0)
            return -1;
        for (const cJSON *y = r->child; y; y = y->next) {
            int p = jck_lookup(scnk_prog_names, PROG_COUNT, y->string);
            scnm_path_key(ip, kp, y->string);
            if (!scnk_prog_valid[mode][p]) {
                scnk_join_programs(list, mode);
                return jck_fail(&c->j, ip, "not a programme of %s; expected one of %s",
                                scnk_mode_names[mode], list);
            }
            if (jck_num(&c->j, y, ip, 0, false, 1, &out->referral[p]) < 0)
                return -1;
        }
    } else if (cJSON_IsNumber(r)) {
        double q;
        if (jck_num(&c->j, r, kp, 0, false, 1, &q) < 0)
            return -1;
        for (int p = 0; p < PROG_COUNT; p++)
            out->referral[p] = scnk_prog_valid[mode][p] ? q : 0;
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
/* The keys of a section by facility (SECONDARY_KEYS of them): "MODE" then
 * "DIRECTION.MODE", written into buf, pointed at by keys. */
void scnk_facility_keys(char buf[][SERVICE_KEY_LEN], const char **keys)
{
    for (int m = 0; m < MODE_COUNT; m++)
        keys[m] = scnk_mode_names[m];
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int k = MODE_COUNT + d * MODE_COUNT + m;
            snprintf(buf[k], SERVICE_KEY_LEN, "%s.%s", scnk_dir_names[d], scnk_mode_names[m]);
            keys[k] = buf[k];
        }
}

int scnk_secondary(struct ctx *c, const cJSON *v)
{
    char buf[SECONDARY_KEYS][SERVICE_KEY_LEN], kp[JSON_PATH_LEN];
    const char *keys[SECONDARY_KEYS];
    scnk_facility_keys(buf, keys);
    if (jck_object(&c->j, v, "secondary", keys, SECONDARY_KEYS) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int k = jck_lookup(keys, SECONDARY_KEYS, x->string);
        scnm_path_key(kp, "secondary", x->string);
        if (k < MODE_COUNT) {
            c->sec.by_mode[k] = true;
            if (scnk_secondary_value(c, x, kp, (enum mode)k, &c->sec.mode[k]) < 0)
                return -1;
        } else {
            int d = (k - MODE_COUNT) / MODE_COUNT, m = (k - MODE_COUNT) % MODE_COUNT;
            c->sec.by_dir[d][m] = true;
            if (scnk_secondary_value(c, x, kp, (enum mode)m, &c->sec.dir[d][m]) < 0)
                return -1;
        }
    }
    return 0;
}

/* Resolve the service entries into s->service: for each assignment of each
 * lane group, (direction, mode, program), the "DIRECTION.MODE.PROGRAM" entry,
 * else the "MODE.PROGRAM" one.  An assignment with neither, or an entry that
 * applies to no assignment, is an error. */
int scnk_resolve_service(const struct ctx *c)
{
    struct scenario *s = c->s;
    const struct service_given *g = &c->svc;
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            char ap[JSON_PATH_LEN];
            if (l->stage >= 0 || g->by_dir[a->dir][a->mode][a->prog]
                || g->by_mode[a->mode][a->prog])
                continue;       /* a stage's lanes: scnk_check_stages */
            scnk_assignment_path(ap, l, i, k);
            return jck_fail(&c->j, "service", "missing \"%s.%s\" (or \"%s.%s.%s\"), needed by %s "
                            "(\"%s\")", scnk_mode_names[a->mode], scnk_prog_names[a->prog],
                            scnk_dir_names[a->dir], scnk_mode_names[a->mode],
                            scnk_prog_names[a->prog], ap, l->name);
        }
    }
    for (int m = 0; m < MODE_COUNT; m++)
        for (int p = 0; p < PROG_COUNT; p++) {
            bool some = false, any = false;
            for (int d = 0; d < DIR_COUNT; d++) {
                bool serves = scnk_lane_serves(s, d, m, p);
                some = some || serves;
                any = any || (serves && !g->by_dir[d][m][p]);
                if (g->by_dir[d][m][p] && !serves) {
                    snprintf(key, sizeof key, "%s.%s.%s", scnk_dir_names[d], scnk_mode_names[m],
                             scnk_prog_names[p]);
                    scnm_path_key(kp, "service", key);
                    if (s->n_chain[d][m] > 0)
                        return jck_fail(&c->j, kp, "nothing uses it: %s %s crossers pass through "
                                        "stages; give their inspection times in each stage's "
                                        "\"service\"", scnk_dir_names[d], scnk_mode_names[m]);
                    return jck_fail(&c->j, kp, "nothing uses it: no lane group serves %s %s %s",
                                    scnk_dir_names[d], scnk_mode_names[m], scnk_prog_names[p]);
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
            snprintf(key, sizeof key, "%s.%s", scnk_mode_names[m], scnk_prog_names[p]);
            scnm_path_key(kp, "service", key);
            bool chained = false;
            for (int d = 0; d < DIR_COUNT; d++)
                chained = chained || s->n_chain[d][m] > 0;
            if (!some && chained)
                return jck_fail(&c->j, kp, "nothing uses it: %s crossers pass through stages; give "
                                "their inspection times in each stage's \"service\"",
                                scnk_mode_names[m]);
            if (!some)
                return jck_fail(&c->j, kp, "nothing uses it: no lane group serves %s %s",
                                scnk_mode_names[m], scnk_prog_names[p]);
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s %s lanes has its "
                            "own \"DIRECTION.%s.%s\" entry", scnk_mode_names[m], scnk_prog_names[p],
                            scnk_mode_names[m], scnk_prog_names[p]);
        }
    return 0;
}

/* Resolve the secondary entries into s->secondary: a "DIRECTION.MODE" entry
 * for its direction, a "MODE" entry for the other directions that have
 * demand of that mode.  An entry that applies to no demand is an error. */
int scnk_resolve_secondary(const struct ctx *c)
{
    struct scenario *s = c->s;
    const struct secondary_given *g = &c->sec;
    char kp[JSON_PATH_LEN], key[SERVICE_KEY_LEN];
    for (int m = 0; m < MODE_COUNT; m++) {
        if (!g->by_mode[m])
            continue;
        bool any = false, some = false, chained = false;
        for (int d = 0; d < DIR_COUNT; d++) {
            bool sends = scnk_demand_sends(s, d, m, -1) && s->n_chain[d][m] == 0;
            chained = chained || s->n_chain[d][m] > 0;
            some = some || sends;
            any = any || (sends && !g->by_dir[d][m]);
        }
        scnm_path_key(kp, "secondary", scnk_mode_names[m]);
        if (!some && chained)
            return jck_fail(&c->j, kp, "nothing uses it: %s crossers pass through stages; give a "
                            "stage its own \"secondary\"", scnk_mode_names[m]);
        if (!some)
            return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s crossers",
                            scnk_mode_names[m]);
        if (!any)
            return jck_fail(&c->j, kp, "nothing uses it: every direction with %s demand has its "
                            "own \"DIRECTION.%s\" entry", scnk_mode_names[m], scnk_mode_names[m]);
    }
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            const struct secondary *src = g->by_dir[d][m] ? &g->dir[d][m]
                                        : g->by_mode[m] ? &g->mode[m] : NULL;
            bool sends = scnk_demand_sends(s, d, m, -1) && s->n_chain[d][m] == 0;
            if (g->by_dir[d][m] && !sends) {
                snprintf(key, sizeof key, "%s.%s", scnk_dir_names[d], scnk_mode_names[m]);
                scnm_path_key(kp, "secondary", key);
                if (s->n_chain[d][m] > 0)
                    return jck_fail(&c->j, kp, "nothing uses it: %s %s crossers pass through "
                                    "stages; give a stage its own \"secondary\"", scnk_dir_names[d],
                                    scnk_mode_names[m]);
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                scnk_dir_names[d], scnk_mode_names[m]);
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

void scnk_free_service_given(struct service_given *g)
{
    for (int m = 0; m < MODE_COUNT; m++)
        for (int p = 0; p < PROG_COUNT; p++) {
            scnk_free_dist(&g->mode[m][p]);
            for (int d = 0; d < DIR_COUNT; d++)
                scnk_free_dist(&g->dir[d][m][p]);
        }
}

void scnk_free_secondary_given(struct secondary_given *g)
{
    for (int m = 0; m < MODE_COUNT; m++) {
        scnk_free_dist(&g->mode[m].service);
        for (int d = 0; d < DIR_COUNT; d++)
            scnk_free_dist(&g->dir[d][m].service);
    }
}
