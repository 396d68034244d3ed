/*
 * staffout.c - a staffing plan as files and as a table (staffout.h).
 *
 * Schedules are written as the scenario format's step objects: a step at
 * each hour whose booths differ from the hour before, one object for every
 * day when all days agree, else "default" (the most common day) and the
 * days that differ.  Numbers in CSV files use fixed formats, and staffing
 * .json is printed by cJSON, so the same plan gives the same bytes.
 */
#include "staffout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "fileset.h"
#include "output.h"
#include "stats.h"
#include "version.h"

#define TEXT_MAX 1000               /* a scenario text (title, note): bytes */
#define SCHED_JSON_MAX 16384        /* a schedule as JSON: 7 days x 96 steps at most */
#define NAME_KEEP 48                /* of the scenario's name, before "-staffed-hN" */

void staffout_ov_free(struct staffout_ov *o)
{
    for (size_t i = 0; i < o->n; i++) {
        free((char *)o->ov[i].path);
        free((char *)o->ov[i].value);
    }
    free(o->ov);
    memset(o, 0, sizeof *o);
}

int staffout_ov_add(struct staffout_ov *o, const char *path, const char *value)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? 2 * o->cap : 16;
        struct scn_override *n = realloc(o->ov, cap * sizeof *n);
        if (!n)
            return -1;
        o->ov = n;
        o->cap = cap;
    }
    char *p = strdup(path), *v = strdup(value);
    if (!p || !v) {
        free(p);
        free(v);
        return -1;
    }
    o->ov[o->n++] = (struct scn_override){ p, v };
    return 0;
}

/* ---- schedules and texts as JSON ------------------------------------------------ */

/* s as a JSON string into buf (n bytes, truncated at a whole UTF-8
 * character to at most TEXT_MAX bytes of text). */
static void json_string(char *buf, size_t n, const char *s)
{
    size_t k = 0, used = 0, len = strlen(s);
    if (len > TEXT_MAX) {
        len = TEXT_MAX;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    if (n < 3)
        return;
    buf[k++] = '"';
    for (size_t i = 0; i < len && k + 3 < n; i++, used++) {
        if (s[i] == '"' || s[i] == '\\')
            buf[k++] = '\\';
        buf[k++] = s[i];
    }
    buf[k++] = '"';
    buf[k] = '\0';
}

/* One day's steps as {"HH:MM": n, ...}, equal neighbours merged. */
static void day_json(char *buf, size_t n, const struct daysched *ds, enum weekday w)
{
    size_t k = 0;
    int last = -1;
    k += (size_t)snprintf(buf + k, n - k, "{");
    for (int i = 0; i < ds->day[w].n && k < n; i++) {
        int v = ds->day[w].value[i], m = ds->day[w].minute[i];
        if (v == last)
            continue;
        k += (size_t)snprintf(buf + k, n - k, "%s\"%02d:%02d\": %d", last < 0 ? "" : ", ",
                              m / 60, m % 60, v);
        last = v;
    }
    if (k < n)
        snprintf(buf + k, n - k, "}");
}

static bool same_day(const struct daysched *ds, enum weekday a, enum weekday b)
{
    char x[SCHED_JSON_MAX / WD_COUNT], y[SCHED_JSON_MAX / WD_COUNT];
    day_json(x, sizeof x, ds, a);
    day_json(y, sizeof y, ds, b);
    return strcmp(x, y) == 0;
}

/* The schedule as a scenario's staffed_booths value. */
static void sched_json(char *buf, size_t n, const struct daysched *ds)
{
    int best = 0, most = 0;
    for (int w = 0; w < WD_COUNT; w++) {
        int same = 0;
        for (int v = 0; v < WD_COUNT; v++)
            same += same_day(ds, (enum weekday)w, (enum weekday)v);
        if (same > most) {
            most = same;
            best = w;
        }
    }
    char day[SCHED_JSON_MAX / WD_COUNT];
    day_json(day, sizeof day, ds, (enum weekday)best);
    if (most == WD_COUNT) {
        snprintf(buf, n, "%s", day);
        return;
    }
    size_t k = (size_t)snprintf(buf, n, "{\"default\": %s", day);
    for (int w = 0; w < WD_COUNT && k < n; w++)
        if (!same_day(ds, (enum weekday)w, (enum weekday)best)) {
            day_json(day, sizeof day, ds, (enum weekday)w);
            k += (size_t)snprintf(buf + k, n - k, ", \"%s\": %s", scn_weekday_name((enum weekday)w),
                                  day);
        }
    if (k < n)
        snprintf(buf + k, n - k, "}");
}

static void queue_name(char *buf, size_t n, struct group_id id)
{
    snprintf(buf, n, "%s.%s.%s", scn_direction_name(id.dir), scn_mode_name(id.mode),
             scn_program_name(id.prog));
}

/* Hours of queue q with verdict v. */
static size_t count_verdict(const struct staff_plan *p, size_t q, enum staff_verdict v)
{
    size_t n = 0;
    for (size_t h = 0; h < p->n_hours; h++)
        n += p->q[q].cell[h].verdict == v;
    return n;
}

int staffout_overrides(const struct staff_plan *plan, const char *name, struct staffout_ov *o,
                       struct err *e)
{
    const struct scenario *s = plan->s;
    char path[256], *value = malloc(SCHED_JSON_MAX);
    char text[TEXT_MAX + 1], json[2 * TEXT_MAX + 8];
    if (!value)
        return err_set(e, EXIT_FAIL, "out of memory");
    bool ok = true;
    for (size_t li = 0; li < s->n_lanes && ok; li++) {
        if (!plan->searched[li])
            continue;
        snprintf(path, sizeof path, "lanes[%s].staffed_booths", s->lanes[li].name);
        sched_json(value, SCHED_JSON_MAX, &plan->staffed[li]);
        ok = staffout_ov_add(o, path, value) == 0;

    }
    snprintf(value, SCHED_JSON_MAX, "%zu", plan->n_days);
    ok = ok && staffout_ov_add(o, "run.days", value) == 0;
    snprintf(value, SCHED_JSON_MAX, "%llu", (unsigned long long)s->run.seed);
    ok = ok && staffout_ov_add(o, "run.seed", value) == 0;
    snprintf(value, SCHED_JSON_MAX, "%d", plan->reps);
    ok = ok && staffout_ov_add(o, "run.replications", value) == 0;
    json_string(json, sizeof json, name);
    ok = ok && staffout_ov_add(o, "name", json) == 0;
    snprintf(text, sizeof text, "Staffing plan%s%s", s->title && *s->title ? ": " : "",
             s->title ? s->title : "");
    json_string(json, sizeof json, text);
    ok = ok && staffout_ov_add(o, "title", json) == 0;
    /* The notes: the scenario's, then how the schedules were found. */
    size_t cap = (s->n_notes + 2) * (2 * TEXT_MAX + 8) + 8, k = 0;
    char *notes = malloc(cap);
    if (!notes)
        ok = false;
    if (ok) {
        k += (size_t)snprintf(notes + k, cap - k, "[");
        for (size_t i = 0; i < s->n_notes; i++) {
            json_string(json, sizeof json, s->notes[i]);
            k += (size_t)snprintf(notes + k, cap - k, "%s, ", json);
        }
        size_t t = (size_t)snprintf(text, sizeof text, "Staffing found by poesim staff (%zu "
                                    "replications, seed %llu, %zu day%s from %s): the fewest "
                                    "booths each hour such that", (size_t)plan->reps,
                                    (unsigned long long)s->run.seed, plan->n_days,
                                    plan->n_days == 1 ? "" : "s",
                                    scn_weekday_name(plan->day_weekday[0]));
        for (size_t q = 0; q < plan->n_q && t < sizeof text; q++) {
            char qn[3 * SCN_NAME_MAX], d[96];
            queue_name(qn, sizeof qn, plan->q[q].id);
            staff_target_describe(plan->q[q].target, d, sizeof d);
            size_t unmet = count_verdict(plan, q, STAFF_UNMET) + count_verdict(plan, q, STAFF_CAPPED);
            t += (size_t)snprintf(text + t, sizeof text - t, "%s %s %s%s", q ? ";" : "", qn, d,
                                  unmet ? " (not met in some hours: see staffing.csv)" : "");
        }
        if (t < sizeof text)
            snprintf(text + t, sizeof text - t, ", the upper end of its 95%% interval");
        json_string(json, sizeof json, text);
        snprintf(notes + k, cap - k, "%s]", json);
        ok = staffout_ov_add(o, "notes", notes) == 0;
    }
    free(notes);
    free(value);
    return ok ? 0 : err_set(e, EXIT_FAIL, "out of memory");
}

/* ---- staffing.csv ------------------------------------------------------------------ */

static void stat_name(char *buf, size_t n, const struct staff_target *t)
{
    switch (t->stat) {
    case STAFF_MEAN: snprintf(buf, n, "mean"); break;
    case STAFF_QUANTILE: snprintf(buf, n, "p%.0f", t->q * 100); break;
    case STAFF_OVER: snprintf(buf, n, "over%g", t->over_min); break;
    }
}

/* How queue q's booths of hour h fall to its lane groups: "a=12;b=3". */
static void split_text(char *buf, size_t n, const struct staff_plan *p, size_t q, size_t h)
{
    const struct staff_queue *Q = &p->q[q];
    enum weekday w = p->day_weekday[h / HOURS_PER_DAY];
    int m = (int)(h % HOURS_PER_DAY) * 60;
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < Q->n_groups && k < n; i++) {
        int li = Q->groups[i];
        k += (size_t)snprintf(buf + k, n - k, "%s%s=%d", i ? ";" : "", p->s->lanes[li].name,
                              scn_sched_at(&p->staffed[li], w, m));
    }
}

static int write_csv(FILE *f, const void *ctx)
{
    const struct staffout *so = ctx;
    fputs("variant,day,weekday,hour,direction,mode,program,statistic,target,booths,file_booths,"
          "forward_booths,value,value_ci95,replications,verdict,bound,groups\n", f);
    for (size_t v = 0; v < so->n_v; v++) {
        const struct staff_plan *p = so->v[v].plan;
        for (size_t h = 0; h < p->n_hours; h++)
            for (size_t q = 0; q < p->n_q; q++) {
                const struct staff_queue *Q = &p->q[q];
                const struct staff_cell *c = &Q->cell[h];
                char st[32], split[1024];
                stat_name(st, sizeof st, Q->target);
                split_text(split, sizeof split, p, q, h);
                fprintf(f, "%zu,%zu,%s,%zu,%s,%s,%s,%s,%g,%d,%.6g,%d", v + 1,
                        h / HOURS_PER_DAY + 1,
                        scn_weekday_name(p->day_weekday[h / HOURS_PER_DAY]), h % HOURS_PER_DAY,
                        scn_direction_name(Q->id.dir), scn_mode_name(Q->id.mode),
                        scn_program_name(Q->id.prog), st, Q->target->bound, c->booths,
                        c->file_booths, c->lower);
                out_csv_num(f, c->mean);
                out_csv_num(f, c->ci95);
                fprintf(f, ",%zu,%s", c->n, staff_verdict_name(c->verdict));
                out_csv_num(f, c->bound);
                fprintf(f, ",%s\n", split);
            }
    }
    return ferror(f) ? -1 : 0;
}

/* ---- staffing.json ------------------------------------------------------------------ */

static cJSON *pair_json(double file, double plan)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "file", file);
    cJSON_AddNumberToObject(o, "plan", plan);
    cJSON_AddNumberToObject(o, "change", plan - file);
    return o;
}

/* Booth-hours per day of the searched lane groups (of queue q, or all:
 * q = n_q), in the plan or the file. */
static double booth_hours(const struct staff_plan *p, size_t q, bool file)
{
    double h = 0;
    for (size_t i = 0; i < p->n_q; i++)
        if (q == p->n_q || q == i)
            for (size_t k = 0; k < p->q[i].n_groups; k++)
                h += staff_booth_hours(p, (size_t)p->q[i].groups[k], file);
    return h;
}

/* Summary group index of queue id, or SIZE_MAX. */
static size_t sum_group(const struct summary *s, struct group_id id)
{
    for (size_t g = 0; s && g < s->n_groups; g++)
        if (s->id[g].dir == id.dir && s->id[g].mode == id.mode && s->id[g].prog == id.prog)
            return g;
    return SIZE_MAX;
}

/* The hour of queue q whose statistic is highest against its target. */
static size_t worst_hour(const struct staff_plan *p, size_t q)
{
    size_t worst = SIZE_MAX;
    double most = -INFINITY;
    for (size_t h = 0; h < p->n_hours; h++) {
        const struct staff_cell *c = &p->q[q].cell[h];
        if (c->verdict == STAFF_CLOSED || !isfinite(c->mean))
            continue;
        double x = c->mean / p->q[q].target->bound;
        if (x > most) {
            most = x;
            worst = h;
        }
    }
    return worst;
}

static cJSON *variant_json(const struct staffout *so, const struct staffout_variant *v)
{
    const struct staff_plan *p = v->plan;
    const struct scenario *s = p->s;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "label", v->label);
    if (v->hours)
        cJSON_AddStringToObject(o, "hours", v->hours);
    else
        cJSON_AddNullToObject(o, "hours");
    cJSON_AddStringToObject(o, "staffed_scenario", v->file_name);
    cJSON_AddNumberToObject(o, "replications", p->reps);
    double bf = booth_hours(p, p->n_q, true), bp = booth_hours(p, p->n_q, false);
    cJSON_AddItemToObject(o, "booth_hours_per_day", pair_json(bf, bp));
    if (so->usd_per_booth_hour > 0) {
        double u = so->usd_per_booth_hour;
        cJSON_AddItemToObject(o, "officer_cost_usd_per_day", pair_json(u * bf, u * bp));
        cJSON_AddItemToObject(o, "officer_cost_usd_per_year",
                              pair_json(u * bf * so->days_per_year, u * bp * so->days_per_year));
    }
    if (v->sum_file && v->sum_plan) {
        cJSON *c = cJSON_CreateObject();
        const struct summary *sums[2] = { v->sum_file, v->sum_plan };
        const char *keys[2] = { "file", "plan" };
        for (int i = 0; i < 2; i++) {
            struct estimate x = *sum_est(sums[i], M_COST_TOTAL, sums[i]->n_groups);
            x.mean /= (double)p->n_days;
            x.ci95 /= (double)p->n_days;
            cJSON_AddItemToObject(c, keys[i], out_est_json(&x));
        }
        cJSON_AddItemToObject(o, "cost_of_waiting_usd_per_day", c);
    }
    cJSON *qs = cJSON_AddArrayToObject(o, "queues");
    for (size_t q = 0; q < p->n_q; q++) {
        const struct staff_queue *Q = &p->q[q];
        cJSON *x = cJSON_CreateObject();
        char d[96];
        cJSON_AddStringToObject(x, "direction", scn_direction_name(Q->id.dir));
        cJSON_AddStringToObject(x, "mode", scn_mode_name(Q->id.mode));
        cJSON_AddStringToObject(x, "program", scn_program_name(Q->id.prog));
        cJSON_AddStringToObject(x, "target", Q->target->text);
        staff_target_describe(Q->target, d, sizeof d);
        cJSON_AddStringToObject(x, "target_described", d);
        cJSON *g = cJSON_AddArrayToObject(x, "lane_groups");
        for (size_t i = 0; i < Q->n_groups; i++)
            cJSON_AddItemToArray(g, cJSON_CreateString(s->lanes[Q->groups[i]].name));
        cJSON_AddNumberToObject(x, "max_booths", Q->max_booths);
        cJSON_AddItemToObject(x, "booth_hours_per_day",
                              pair_json(booth_hours(p, q, true), booth_hours(p, q, false)));
        cJSON *hours = cJSON_AddObjectToObject(x, "hours");
        for (int k = 0; k <= STAFF_EMPTY; k++)
            cJSON_AddNumberToObject(hours, staff_verdict_name((enum staff_verdict)k),
                                    (double)count_verdict(p, q, (enum staff_verdict)k));
        size_t wh = worst_hour(p, q);
        if (wh != SIZE_MAX) {
            cJSON *w = cJSON_AddObjectToObject(x, "worst_hour");
            cJSON_AddNumberToObject(w, "day", (double)(wh / HOURS_PER_DAY + 1));
            cJSON_AddStringToObject(w, "weekday",
                                    scn_weekday_name(p->day_weekday[wh / HOURS_PER_DAY]));
            cJSON_AddNumberToObject(w, "hour", (double)(wh % HOURS_PER_DAY));
            cJSON_AddNumberToObject(w, "value", Q->cell[wh].mean);
            cJSON_AddNumberToObject(w, "ci95", Q->cell[wh].ci95);
            cJSON_AddStringToObject(w, "verdict", staff_verdict_name(Q->cell[wh].verdict));
        }
        size_t gf = sum_group(v->sum_file, Q->id), gp = sum_group(v->sum_plan, Q->id);
        if (gf != SIZE_MAX && gp != SIZE_MAX) {
            cJSON *w = cJSON_AddObjectToObject(x, "wait_min");
            cJSON_AddItemToObject(w, "file", out_est_json(sum_est(v->sum_file, M_WAIT_MEAN, gf)));
            cJSON_AddItemToObject(w, "plan", out_est_json(sum_est(v->sum_plan, M_WAIT_MEAN, gp)));
        }
        cJSON_AddItemToArray(qs, x);
    }
    cJSON *lg = cJSON_AddArrayToObject(o, "lane_groups");
    for (size_t li = 0; li < s->n_lanes; li++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", s->lanes[li].name);
        cJSON_AddBoolToObject(x, "searched", p->searched[li]);
        cJSON_AddItemToObject(x, "booth_hours_per_day",
                              pair_json(staff_booth_hours(p, li, true),
                                        staff_booth_hours(p, li, false)));
        cJSON_AddItemToArray(lg, x);
    }
    const struct staff_work *w = &p->work;
    cJSON *work = cJSON_AddObjectToObject(o, "search");
    cJSON_AddNumberToObject(work, "evaluations", (double)w->rounds);
    cJSON_AddNumberToObject(work, "replication_runs", (double)w->runs);
    cJSON_AddNumberToObject(work, "simulated_port_hours", round(w->sim_hours));
    cJSON_AddNumberToObject(work, "backtracks", (double)w->backtracks);
    cJSON_AddNumberToObject(work, "forward_passes_again", (double)w->reruns);
    cJSON_AddNumberToObject(work, "repairs", (double)w->repairs);
    cJSON_AddNumberToObject(work, "verifications", w->verifications);
    cJSON_AddNumberToObject(work, "backward_trials", (double)w->trials);
    cJSON_AddNumberToObject(work, "backward_removed", (double)w->removed);
    cJSON_AddNumberToObject(work, "open_decisions", (double)w->open_decisions);
    cJSON_AddNumberToObject(work, "capped_hours", p->capped_hours);
    return o;
}

static char *json_text(const struct staffout *so)
{
    const struct scenario *s = so->s;
    const struct staff_opts *o = so->opts;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "scenario", s->name);
    cJSON_AddStringToObject(root, "file", so->file);
    cJSON *t = cJSON_AddArrayToObject(root, "targets");
    for (size_t i = 0; i < so->n_targets; i++)
        cJSON_AddItemToArray(t, cJSON_CreateString(so->targets[i].text));
    const struct staff_plan *p0 = so->v[0].plan;
    cJSON_AddNumberToObject(root, "days", (double)p0->n_days);
    cJSON_AddStringToObject(root, "start", scn_weekday_name(p0->day_weekday[0]));
    cJSON_AddNumberToObject(root, "warmup_days", s->run.warmup_days);
    cJSON_AddNumberToObject(root, "seed", (double)s->run.seed);
    out_rng_json(root, &s->run);
    cJSON_AddNumberToObject(root, "replications_first", o->reps);
    cJSON_AddNumberToObject(root, "max_replications", p0->max_reps);
    cJSON_AddNumberToObject(root, "confidence", STATS_CONFIDENCE);
    if (o->has_officers) {
        cJSON *c = cJSON_AddArrayToObject(root, "officers");
        for (int h = 0; h < HOURS_PER_DAY; h++)
            cJSON_AddItemToArray(c, cJSON_CreateNumber(o->officers[h]));
    } else {
        cJSON_AddNullToObject(root, "officers");
    }
    if (so->usd_per_booth_hour > 0)
        cJSON_AddNumberToObject(root, "usd_per_booth_hour", so->usd_per_booth_hour);
    else
        cJSON_AddNullToObject(root, "usd_per_booth_hour");
    cJSON_AddNumberToObject(root, "days_per_year", so->days_per_year);
    cJSON *vs = cJSON_AddArrayToObject(root, "variants");
    for (size_t v = 0; v < so->n_v; v++)
        cJSON_AddItemToArray(vs, variant_json(so, &so->v[v]));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

static int write_text(FILE *f, const void *ctx)
{
    return fputs((const char *)ctx, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
}

int staffout_write(const char *dir, const struct staffout *so, struct err *e)
{
    struct fset_file files[FSET_FILES_MAX];
    int n = 0;
    char *json = json_text(so);
    if (!json)
        return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
    files[n++] = (struct fset_file){ "staffing.csv", write_csv, so };
    files[n++] = (struct fset_file){ "staffing.json", write_text, json };
    files[n++] = (struct fset_file){ so->base_name, write_text, so->base_text };
    for (size_t v = 0; v < so->n_v && n < FSET_FILES_MAX; v++)
        files[n++] = (struct fset_file){ so->v[v].file_name, write_text, so->v[v].text };
    char settings[512];
    snprintf(settings, sizeof settings, "staffing plan of %s from %s: seed %llu, %zu day%s from "
             "%s, %d to %d replications, %zu variant%s", so->s->name, so->file,
             (unsigned long long)so->s->run.seed, so->v[0].plan->n_days,
             PLURAL(so->v[0].plan->n_days),
             scn_weekday_name(so->v[0].plan->day_weekday[0]), so->opts->reps,
             so->v[0].plan->max_reps, so->n_v, PLURAL(so->n_v));
    static const char *const drop[] = { "report.html" };
    struct fset_meta m = { .kind = "staff", .settings = settings, .drop = drop, .n_drop = 1 };
    int rc = fset_write(dir, files, n, &m, e);
    free(json);
    return rc;
}

/* ---- the table ------------------------------------------------------------------------ */

static void money(char *buf, size_t n, double usd)
{
    double a = fabs(usd);
    if (a >= 1e6)
        snprintf(buf, n, "%.2f M", usd / 1e6);
    else
        snprintf(buf, n, "%.0f", usd);
}

void staffout_print(FILE *f, const struct staffout *so)
{
    const struct scenario *s = so->s;
    const struct staff_plan *p0 = so->v[0].plan;
    fprintf(f, "staffing plan for %s: %zu day%s from %s after %d warm-up day%s, seed %llu\n",
            s->name, p0->n_days, p0->n_days == 1 ? "" : "s",
            scn_weekday_name(p0->day_weekday[0]), s->run.warmup_days,
            s->run.warmup_days == 1 ? "" : "s", (unsigned long long)s->run.seed);
    fputs("an hour holds when the upper end of the 95% interval of its statistic is within "
          "the target\n", f);
    for (size_t v = 0; v < so->n_v; v++) {
        const struct staffout_variant *V = &so->v[v];
        const struct staff_plan *p = V->plan;
        fprintf(f, "\n%s%s: %s (%d replications)\n", so->n_v > 1 ? "variant " : "",
                so->n_v > 1 ? V->label : "plan", V->file_name, p->reps);
        fprintf(f, "  %-20s %-24s %9s %9s %8s %6s %6s  %s\n", "queue", "target", "FILE b-h",
                "plan b-h", "change", "held", "unmet", "worst hour: value ± 95%");
        for (size_t q = 0; q < p->n_q; q++) {
            const struct staff_queue *Q = &p->q[q];
            char qn[3 * SCN_NAME_MAX], d[96], worst[96] = "-";
            queue_name(qn, sizeof qn, Q->id);
            staff_target_describe(Q->target, d, sizeof d);
            double bf = booth_hours(p, q, true), bp = booth_hours(p, q, false);
            size_t wh = worst_hour(p, q);
            if (wh != SIZE_MAX)
                snprintf(worst, sizeof worst, "%s %02zu:00 %.3g ± %.2g",
                         scn_weekday_name(p->day_weekday[wh / HOURS_PER_DAY]), wh % HOURS_PER_DAY,
                         Q->cell[wh].mean, isfinite(Q->cell[wh].ci95) ? Q->cell[wh].ci95 : 0.0);
            size_t checked = p->n_hours - count_verdict(p, q, STAFF_CLOSED);
            fprintf(f, "  %-20s %-24s %9.1f %9.1f %+8.1f %3zu/%-3zu %5zu  %s\n", qn, d, bf, bp,
                    bp - bf, count_verdict(p, q, STAFF_HOLDS) + count_verdict(p, q, STAFF_EMPTY),
                    checked, count_verdict(p, q, STAFF_UNMET) + count_verdict(p, q, STAFF_CAPPED),
                    worst);
        }
        double bf = booth_hours(p, p->n_q, true), bp = booth_hours(p, p->n_q, false);
        fprintf(f, "  %-45s %9.1f %9.1f %+8.1f  booth-hours per day (%.1f%%)\n",
                "searched lane groups", bf, bp, bp - bf, bf > 0 ? 100 * (bp - bf) / bf : 0.0);
        if (so->usd_per_booth_hour > 0) {
            char a[32], b[32], c[32], d[32];
            double u = so->usd_per_booth_hour, y = so->days_per_year;
            money(a, sizeof a, u * bf * y);
            money(b, sizeof b, u * bp * y);
            money(c, sizeof c, u * (bp - bf));
            money(d, sizeof d, u * (bp - bf) * y);
            fprintf(f, "  officer cost at %.2f USD per booth-hour: %.0f USD/day (%s/yr) with "
                       "FILE's schedules, %.0f (%s/yr) with the plan: %s USD/day, %s USD/yr\n",
                    u, u * bf, a, u * bp, b, c, d);
        }
        if (V->sum_file && V->sum_plan) {
            fputs("  mean wait, FILE -> plan:", f);
            for (size_t q = 0; q < p->n_q; q++) {
                size_t gf = sum_group(V->sum_file, p->q[q].id);
                size_t gp = sum_group(V->sum_plan, p->q[q].id);
                char qn[3 * SCN_NAME_MAX];
                queue_name(qn, sizeof qn, p->q[q].id);
                const struct estimate *a = sum_est(V->sum_file, M_WAIT_MEAN, gf);
                const struct estimate *b = sum_est(V->sum_plan, M_WAIT_MEAN, gp);
                fprintf(f, "%s %s %.1f -> %.1f min", q ? "," : "", qn, a->mean, b->mean);
            }
            const struct estimate *cf = sum_est(V->sum_file, M_COST_TOTAL, V->sum_file->n_groups);
            const struct estimate *cp = sum_est(V->sum_plan, M_COST_TOTAL, V->sum_plan->n_groups);
            fprintf(f, "\n  cost of waiting: %.0f -> %.0f USD per day\n",
                    cf->mean / (double)p->n_days, cp->mean / (double)p->n_days);
        }
        const struct staff_work *w = &p->work;
        fprintf(f, "  search: %ld evaluations, %ld replication-runs, %.0f simulated port-hours, "
                   "%ld backtracks, %d verifications, %ld forward passes again, %ld repairs, "
                   "%ld of %ld booths removed backward, %ld decisions left open, %.1f s\n",
                w->rounds, w->runs, w->sim_hours, w->backtracks, w->verifications, w->reruns,
                w->repairs, w->removed, w->trials, w->open_decisions, w->seconds);
    }
}
