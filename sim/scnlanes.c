/*
 * scnlanes.c - the lane groups of a scenario (part of the scenario module:
 * scnkit.h).
 *
 * A lane group is a number of lanes with booths, fixed on one queue
 * (DIRECTION.MODE.PROGRAM) or flex: on a schedule of assignments, or
 * reversed between two by a queue-driven policy.  Its booths are staffed by
 * a step schedule, or by a staffing policy that answers the queue (opening
 * and closing booths, lanes before stacked booths, lanes taken from a lane
 * pool as they free).  Here are the readers of "lanes" and "lane_pools"
 * and the checks that tie lanes to demand: every queue with demand has a
 * lane group, every assignment has demand, approach storage is set on every
 * fixed group of a queue or on none, the port's booths and a queue's
 * storage stay bounded, every pool is used and fits its groups' minimums.
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnkit.h"

#define LANES_MAX 256
#define LANES_PER_GROUP_MAX 1000
#define BOOTHS_PER_LANE_MAX 10
#define BOOTHS_MAX 10000                    /* in all lane groups: San Ysidro has ~60 */
#define POLICY_THRESHOLD_MAX 1e6            /* crossers or minutes: far beyond any queue */
#define POLICY_CHECK_MIN_MIN 0.1            /* minutes: a policy looks at most every 6 s */
#define POOLS_MAX 64
/* Flex lanes: the policy defaults are ASSUMPTIONS, chosen to keep a
 * queue-driven reversal from flapping: the imbalance must last a quarter of
 * an hour, the group serves a direction at least an hour, at most four
 * switches a day, checked every minute. */
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
static const char *const lane_keys[] = {
    "name", "direction", "mode", "program", "assignment", "policy", "lanes", "booths_per_lane",
    "staffed_booths", "storage", "changeover_min", "staffing_policy", "pool", "stacked_efficiency",
    "stage"
};
static const char *const staffing_keys[] = {
    "measure", "open_above", "close_below", "sustain_min", "check_every_min", "min_booths",
    "open_delay_min"
};
static const char *const pool_keys[] = {"name", "lanes"};
static const char *const policy_keys[] = {
    "between", "measure", "threshold", "sustain_min", "min_dwell_min", "max_switches_per_day",
    "check_every_min"
};
static const char *const measure_names[] = {[POLICY_QUEUE] = "queue", [POLICY_WAIT] = "wait"};

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
int scnk_assignment(const struct ctx *c, const cJSON *v, const char *path, struct assignment *a)
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
    int d = jck_lookup(scnk_dir_names, DIR_COUNT, part[0]);
    if (d < 0)
        return bad_part(c, v, path, "DIRECTION", scnk_dir_names, DIR_COUNT, part[0]);
    int m = jck_lookup(scnk_mode_names, MODE_COUNT, part[1]);
    if (m < 0)
        return bad_part(c, v, path, "MODE", scnk_mode_names, MODE_COUNT, part[1]);
    int p = jck_lookup(scnk_prog_names, PROG_COUNT, part[2]);
    if (p < 0)
        return bad_part(c, v, path, "PROGRAM", scnk_prog_names, PROG_COUNT, part[2]);
    if (!scnk_prog_valid[m][p]) {
        scnk_join_programs(list, (enum mode)m);
        return jck_fail(&c->j, path, "expected a programme of %s (%s), got \"%s\" in %s",
                        scnk_mode_names[m], list, scnk_prog_names[p], scnm_got(v, g));
    }
    *a = (struct assignment){(enum direction)d, (enum mode)m, (enum program)p};
    return 0;
}

bool scnk_same_assignment(const struct assignment *a, const struct assignment *b)
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
    if (scnk_assignment(c, v, path, &a) < 0)
        return -1;
    *out = 0;
    if (!used)
        return 0;
    for (int i = 0; i < l->n_assign; i++)
        if (scnk_same_assignment(&l->assign[i], &a)) {
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
    if (scnk_schedule(c, v, path, &k, &l->schedule) < 0)
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
        if (scnk_assignment(c, y, ip, &l->assign[i]) < 0)
            return -1;
    }
    if (scnk_same_assignment(&l->assign[0], &l->assign[1])) {
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
    if ((x = jck_member(v, "sustain_min"))
        && jck_num(&c->j, x, kp, 0, false, MINUTES_PER_DAY, &minutes) < 0)
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
    if (jck_enum(&c->j, jck_member(v, "direction"), kp, scnk_dir_names, DIR_COUNT, &i) < 0)
        return -1;
    l->dir = (enum direction)i;
    scnm_path_key(kp, path, "mode");
    if (jck_enum(&c->j, jck_member(v, "mode"), kp, scnk_mode_names, MODE_COUNT, &i) < 0)
        return -1;
    l->mode = (enum mode)i;
    l->program = PROG_GENERAL;
    if ((x = jck_member(v, "program"))) {
        scnm_path_key(kp, path, "program");
        if (jck_enum(&c->j, x, kp, scnk_prog_names, PROG_COUNT, &i) < 0)
            return -1;
        if (!scnk_prog_valid[l->mode][i]) {
            scnk_join_programs(list, l->mode);
            return jck_fail(&c->j, kp, "expected a programme of %s (%s), got %s",
                            scnk_mode_names[l->mode], list, scnm_got(x, g));
        }
        l->program = (enum program)i;
    }
    l->n_assign = 1;
    l->assign[0] = (struct assignment){l->dir, l->mode, l->program};
    return 0;
}

bool scnk_is_flex(const struct lanegroup *l)
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
    if (scnk_is_flex(l))
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
    scnk_sched_constant(&l->staffed, l->booths);
    if ((x = jck_member(v, "staffed_booths"))) {
        scnm_path_key(kp, path, "staffed_booths");
        if (scnk_staffing(c, x, kp, l->booths, &l->staffed) < 0)
            return -1;
    }
    l->storage = -1;
    if ((x = jck_member(v, "storage"))) {
        scnm_path_key(kp, path, "storage");
        if (scnk_is_flex(l))
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
        if (scnk_lane_stage(c, x, kp, l) < 0)
            return -1;
    }
    return parse_lane_staffing(c, v, path, l);
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

int scnk_pools(struct ctx *c, const cJSON *v)
{
    _Static_assert(offsetof(struct lanepool, name) == 0, "a pool's name comes first");
    return scnk_named(c, v, "lane_pools", POOLS_MAX, "lane pools", sizeof(struct lanepool),
                      (void **)&c->s->pools, &c->s->n_pools, parse_pool);
}

int scnk_lanes(struct ctx *c, const cJSON *v)
{
    _Static_assert(offsetof(struct lanegroup, name) == 0, "a lane group's name comes first");
    return scnk_named(c, v, "lanes", LANES_MAX, "lane groups", sizeof(struct lanegroup),
                      (void **)&c->s->lanes, &c->s->n_lanes, parse_lane_item);
}

/* Whether some lane group of a direction and mode without a chain serves
 * queue (d, m, p) at some time: it is one of the group's assignments. */
bool scnk_lane_serves(const struct scenario *s, int d, int m, int p)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        for (int k = 0; k < s->lanes[i].n_assign && s->lanes[i].stage < 0; k++) {
            const struct assignment *a = &s->lanes[i].assign[k];
            if ((int)a->dir == d && (int)a->mode == m && (int)a->prog == p)
                return true;
        }
    return false;
}

int scnk_check_demand_served(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], kp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *d = &s->demand[i];
        scnm_path_index(ip, "demand", i);
        for (int p = 0; p < PROG_COUNT; p++) {
            if (!(d->program_share[p] > 0) || scnk_lane_serves(s, (int)d->dir, (int)d->mode, p)
                || s->n_chain[d->dir][d->mode] > 0)     /* scnk_check_stages */
                continue;
            if (p == PROG_GENERAL)
                snprintf(kp, sizeof kp, "%s", ip);
            else {
                char sp[JSON_PATH_LEN];
                scnm_path_key(sp, ip, "program_share");
                scnm_path_key(kp, sp, scnk_prog_names[p]);
            }
            return jck_fail(&c->j, kp, "no lane group serves %s %s %s crossers (share %g); add one "
                            "to \"lanes\"", scnk_dir_names[d->dir], scnk_mode_names[d->mode],
                            scnk_prog_names[p], d->program_share[p]);
        }
    }
    return 0;
}

/* The JSON path (JSON_PATH_LEN) that gives assignment k of lanes[i]. */
void scnk_assignment_path(char *dst, const struct lanegroup *l, size_t i, int k)
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
int scnk_check_lanes_used(const struct ctx *c)
{
    const struct scenario *s = c->s;
    char ip[JSON_PATH_LEN], jp[JSON_PATH_LEN], sp[JSON_PATH_LEN];
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            if (l->stage >= 0 || scnk_demand_sends(s, (int)a->dir, (int)a->mode, (int)a->prog))
                continue;               /* a stage's lines: scnk_check_stages */
            scnk_assignment_path(ip, l, i, k);
            return jck_fail(&c->j, ip, "nothing uses it: no demand stream sends %s %s %s crossers",
                            scnk_dir_names[a->dir], scnk_mode_names[a->mode],
                            scnk_prog_names[a->prog]);
        }
        if (scnk_is_flex(l))
            continue;
        scnm_path_index(ip, "lanes", i);
        for (size_t j = 0; j < i; j++) {
            const struct lanegroup *o = &s->lanes[j];
            if (scnk_is_flex(o) || o->dir != l->dir || o->mode != l->mode
                || o->program != l->program || o->stage != l->stage
                || (o->storage < 0) == (l->storage < 0))
                continue;
            scnm_path_index(jp, "lanes", j);
            scnm_path_key(sp, ip, "storage");
            if (l->storage >= 0)
                return jck_fail(&c->j, sp, "set here but not on %s (\"%s\"), which serves the same "
                                "queue (%s %s %s); set \"storage\" on every lane group of a queue "
                                "or on none", jp, o->name, scnk_dir_names[l->dir],
                                scnk_mode_names[l->mode], scnk_prog_names[l->program]);
            return jck_fail(&c->j, ip, "no \"storage\" here but %s (\"%s\"), which serves the same "
                            "queue (%s %s %s), sets it; set \"storage\" on every lane group of a "
                            "queue or on none", jp, o->name, scnk_dir_names[l->dir],
                            scnk_mode_names[l->mode], scnk_prog_names[l->program]);
        }
    }
    return 0;
}

/* At most BOOTHS_MAX booths in the port, and at most SCN_QUEUE_MAX
 * crossers of approach storage in a queue (the sum over its fixed groups):
 * what the model allocates stays bounded. */
int scnk_check_sizes(const struct ctx *c)
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
                            scnk_dir_names[l->dir], scnk_mode_names[l->mode],
                            scnk_prog_names[l->program], storage);
        }
    }
    return 0;
}

/* Every lane pool is used, and its groups' minimum open lanes fit in it. */
int scnk_check_pools(const struct ctx *c)
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
