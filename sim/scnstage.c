/*
 * scnstage.c - stages in series (part of the scenario module: scnkit.h).
 *
 * "stages" is an array of named stage objects and "chains" an object keyed
 * "DIRECTION.MODE" whose values list stage names in the order crossers pass
 * them.  A stage takes its direction and mode from the chain that lists it,
 * so its programmes (skip, join, service) are read once the chains are:
 * names first, then the chains, then each stage's keys.  A lane group of a
 * direction and mode with a chain names the stage it inspects at
 * (lanes[i].stage).  The checks tie chains to demand and lanes: every chain
 * has demand, every programme with demand passes some stage and finds, at
 * each stage it passes, its inspection time and a lane group serving the
 * line it waits in.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnkit.h"

static const char *const stage_keys[] = {
    "name", "service", "secondary", "hours", "space", "skip", "join"
};

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
int scnk_lane_stage(const struct ctx *c, const cJSON *v, const char *path, struct lanegroup *l)
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
                        "lane group serves %s %s", st->name, scnk_dir_names[st->dir],
                        scnk_mode_names[st->mode], scnk_dir_names[l->dir],
                        scnk_mode_names[l->mode]);
    l->stage = k;
    return 0;
}

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
        if (jck_enum(&c->j, x, ip, scnk_prog_names, PROG_COUNT, &p) < 0)
            return -1;
        if (!scnk_prog_valid[st->mode][p]) {
            scnk_join_programs(list, st->mode);
            return jck_fail(&c->j, ip, "expected a programme of %s (%s), got %s",
                            scnk_mode_names[st->mode], list, scnm_got(x, g));
        }
        if (st->skip[p])
            return jck_fail(&c->j, ip, "\"%s\" is listed twice", scnk_prog_names[p]);
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
    if (jck_object(&c->j, v, path, scnk_prog_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int p = jck_lookup(scnk_prog_names, PROG_COUNT, x->string), q;
        scnm_path_key(kp, path, x->string);
        if (!scnk_prog_valid[st->mode][p]) {
            scnk_join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "not a programme of %s; expected one of %s",
                            scnk_mode_names[st->mode], list);
        }
        if (jck_enum(&c->j, x, kp, scnk_prog_names, PROG_COUNT, &q) < 0)
            return -1;
        if (!scnk_prog_valid[st->mode][q]) {
            scnk_join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "expected a programme of %s (%s) whose line to join, got "
                            "\"%s\"", scnk_mode_names[st->mode], list, scnk_prog_names[q]);
        }
        if (q == p)
            return jck_fail(&c->j, kp, "a programme cannot join its own line");
        if (st->skip[p])
            return jck_fail(&c->j, kp, "%s skips this stage (\"skip\"): it joins no line here",
                            scnk_prog_names[p]);
        if (st->skip[q])
            return jck_fail(&c->j, kp, "%s skips this stage (\"skip\"): it has no line here to "
                            "join", scnk_prog_names[q]);
        st->line[p] = (enum program)q;
    }
    for (int p = 0; p < PROG_COUNT; p++)
        if (st->line[p] != (enum program)p && st->line[st->line[p]] != st->line[p]) {
            scnm_path_key(kp, path, scnk_prog_names[st->line[p]]);
            return jck_fail(&c->j, kp, "%s joins the line of %s, which joins another: a line is a "
                            "programme's own", scnk_prog_names[p], scnk_prog_names[st->line[p]]);
        }
    return 0;
}

/* stages[i].service (v at path): inspection times by programme. */
static int parse_stage_service(const struct ctx *c, const cJSON *v, const char *path,
                               struct stage *st)
{
    char kp[JSON_PATH_LEN], list[JCK_LIST_LEN];
    if (jck_object(&c->j, v, path, scnk_prog_names, PROG_COUNT) < 0)
        return -1;
    for (const cJSON *x = v->child; x; x = x->next) {
        int p = jck_lookup(scnk_prog_names, PROG_COUNT, x->string);
        scnm_path_key(kp, path, x->string);
        if (!scnk_prog_valid[st->mode][p]) {
            scnk_join_programs(list, st->mode);
            return jck_fail(&c->j, kp, "not a programme of %s; expected one of %s",
                            scnk_mode_names[st->mode], list);
        }
        for (int h = 0; h < HOURS_PER_DAY; h++)
            st->service_factor[p][h] = 1.0;
        if (scnk_service_value(c, x, kp, &st->service[p], st->service_factor[p],
                               &st->has_service_factor[p]) < 0)
            return -1;
        st->has_service[p] = true;
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
        if (scnk_secondary_value(c, x, kp, st->mode, &st->secondary) < 0)
            return -1;
    }
    if ((x = jck_member(v, "hours"))) {
        scnm_path_key(kp, path, "hours");
        if (scnk_hours_value(c, x, kp, &st->hours) < 0)
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
                            "serves one chain", st->name, scnk_dir_names[st->dir],
                            scnk_mode_names[st->mode]);
        st->dir = (enum direction)d;
        st->mode = (enum mode)m;
        st->pos = n;
        s->chain[d][m][n] = k;
    }
    s->n_chain[d][m] = n;
    return 0;
}

/* "stages" and "chains" (either may be NULL). */
int scnk_stages(struct ctx *c, const cJSON *stages, const cJSON *chains)
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
            if (jck_object(&c->j, x, ip, stage_keys, COUNT(stage_keys)) < 0
                || !jck_need(&c->j, x, ip, "name"))
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
        scnk_facility_keys(buf, keys);
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

/* Whether programme p of direction d and mode m passes stage k (of its
 * chain). */
static bool stage_passes(const struct scenario *s, int k, int p)
{
    return !s->stages[k].skip[p];
}

/* The fixed lane group of stage k serving line (programme) L, or -1. */
long scnk_stage_lanes(const struct scenario *s, int k, int L)
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
        if (!st->skip[p] && (int)st->line[p] == L && scnk_demand_sends(s, st->dir, st->mode, p))
            return true;
    return false;
}

/* The chains against demand and lanes: every chain has demand; every
 * programme with demand passes a stage, and at each stage it passes has
 * its inspection time and a lane group serving its line; every lane group
 * of a direction and mode with a chain names its stage, and serves a line
 * some programme waits in; every service entry of a stage is used. */
int scnk_check_stages(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char kp[JSON_PATH_LEN], ip[JSON_PATH_LEN], key[SERVICE_KEY_LEN], list[JCK_LIST_LEN];
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int n = s->n_chain[d][m];
            if (n == 0)
                continue;
            snprintf(key, sizeof key, "%s.%s", scnk_dir_names[d], scnk_mode_names[m]);
            scnm_path_key(kp, "chains", key);
            if (!scnk_demand_sends(s, d, m, -1))
                return jck_fail(&c->j, kp, "nothing uses it: no demand stream sends %s %s crossers",
                                scnk_dir_names[d], scnk_mode_names[m]);
            for (int p = 0; p < PROG_COUNT; p++) {
                if (!scnk_demand_sends(s, d, m, p))
                    continue;
                bool passes = false;
                for (int j = 0; j < n; j++)
                    passes = passes || stage_passes(s, s->chain[d][m][j], p);
                if (!passes)
                    return jck_fail(&c->j, kp, "%s %s %s crossers skip every stage of the chain: "
                                    "they could pass no stage (remove \"%s\" from a stage's "
                                    "\"skip\")", scnk_dir_names[d], scnk_mode_names[m],
                                    scnk_prog_names[p], scnk_prog_names[p]);
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
                                "through stages (%s)", scnk_dir_names[as->dir],
                                scnk_mode_names[as->mode], list);
            return jck_fail(&c->j, ip, "%s %s crossers pass through stages (%s): name the stage "
                            "this lane group inspects at in \"stage\"", scnk_dir_names[as->dir],
                            scnk_mode_names[as->mode], list);
        }
        if (l->stage >= 0 && !stage_line_used(s, l->stage, (int)l->program))
            return jck_fail(&c->j, ip, "nothing uses it: no %s %s crossers with demand wait in the "
                            "%s line of stage \"%s\"", scnk_dir_names[l->dir],
                            scnk_mode_names[l->mode], scnk_prog_names[l->program],
                            s->stages[l->stage].name);
    }
    for (size_t k = 0; k < s->n_stages; k++) {
        const struct stage *st = &s->stages[k];
        scnm_path_index(ip, "stages", k);
        for (int p = 0; p < PROG_COUNT; p++) {
            bool used = !st->skip[p] && scnk_demand_sends(s, st->dir, st->mode, p);
            scnm_path_key(kp, ip, "service");
            if (st->has_service[p] && !used) {
                scnm_path_key(key, kp, scnk_prog_names[p]);
                return jck_fail(&c->j, key, "nothing uses it: no %s %s crossers pass stage \"%s\"",
                                scnk_dir_names[st->dir], scnk_prog_names[p], st->name);
            }
            if (!used)
                continue;
            if (!st->has_service[p])
                return jck_fail(&c->j, kp, "missing \"%s\": %s %s %s crossers pass stage \"%s\" "
                                "and need its inspection time", scnk_prog_names[p],
                                scnk_dir_names[st->dir], scnk_mode_names[st->mode],
                                scnk_prog_names[p], st->name);
            if (scnk_stage_lanes(s, (int)k, (int)st->line[p]) < 0) {
                if (st->line[p] != (enum program)p)
                    snprintf(list, sizeof list, " (whose line %s crossers join)",
                             scnk_prog_names[p]);
                else
                    list[0] = '\0';
                return jck_fail(&c->j, ip, "no lane group serves %s %s %s%s at stage \"%s\"; add "
                                "one to \"lanes\" with \"stage\": \"%s\"", scnk_dir_names[st->dir],
                                scnk_mode_names[st->mode], scnk_prog_names[st->line[p]], list,
                                st->name, st->name);
            }
        }
    }
    return 0;
}

/* The first stage of (d, m) programme p passes (-1 without a chain) and
 * the line it waits in there, into *line. */
int scnk_first_stage(const struct scenario *s, int d, int m, int p, int *line)
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
