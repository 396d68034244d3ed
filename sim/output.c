/*
 * output.c - summary.json, hourly.csv and the stdout table (output.h).
 *
 * Numbers are printed by cJSON (shortest form that reads back the same
 * double) and by printf with fixed formats, so the same summary always gives
 * the same bytes.  A value that is not a number (an interval from a single
 * replication, a wait in an hour nobody waited) is JSON null and an empty
 * CSV field.
 */
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "dates.h"
#include "fileset.h"
#include "units.h"
#include "overload.h"
#include "stats.h"
#include "version.h"


void out_rng_json(cJSON *root, const struct run *r)
{
    if (r->rng != RNG_MRG32K3A)
        cJSON_AddStringToObject(root, "rng", rng_kind_names[r->rng]);
}

cJSON *out_est_json(const struct estimate *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "mean", x->mean);
    cJSON_AddNumberToObject(o, "ci95", x->ci95);
    return o;
}

static void add_est(cJSON *o, const struct summary *s, enum metric m, size_t g)
{
    cJSON_AddItemToObject(o, sum_metric_name(m), out_est_json(sum_est(s, m, g)));
}

/* Everything estimated for group g (g == n_groups: the whole port). */
static void add_group_fields(cJSON *o, const struct summary *s, size_t g)
{
    for (enum metric m = M_ARRIVALS; m <= M_REMAINING; m++)
        add_est(o, s, m, g);
    cJSON *w = out_est_json(sum_est(s, M_WAIT_MEAN, g));
    for (enum metric m = M_WAIT_P50; m <= M_WAIT_OVER_1H; m++)
        add_est(w, s, m, g);
    cJSON_AddItemToObject(o, "wait_min", w);
    for (enum metric m = M_PORT_MEAN; m <= M_PERSON_HOURS; m++)
        add_est(o, s, m, g);
    cJSON *c = cJSON_CreateObject();
    for (enum metric m = M_COST_TOTAL; m <= M_COST_FUEL; m++)
        add_est(c, s, m, g);
    add_est(c, s, M_COST_CLOSED, g);
    cJSON_AddItemToObject(o, "cost_usd", c);
    add_est(o, s, M_FUEL_GAL, g);
    add_est(o, s, M_CO2_KG, g);
    /* Crossers still in the port at the end, as a share of the arrivals
     * (left out of the mean wait and the cost). */
    const struct estimate *arr = sum_est(s, M_ARRIVALS, g), *rem = sum_est(s, M_REMAINING, g);
    cJSON_AddNumberToObject(o, "remaining_share", arr->mean > 0 ? rem->mean / arr->mean : NAN);
    /* Waiting for the opening apart from waiting in the queue. */
    add_est(o, s, M_CLOSED_ARRIVALS, g);
    add_est(o, s, M_CLOSED_WAIT_MEAN, g);
    add_est(o, s, M_QUEUE_WAIT_MEAN, g);
    add_est(o, s, M_CLOSED_VEHICLE_HOURS, g);
    add_est(o, s, M_LANES_OPEN, g);
}

/* The crossing time of group g (all: n_groups): its mean (time_in_port_min)
 * with the quantiles of each replication's crossing times. */
static cJSON *crossing_json(const struct summary *s, size_t g)
{
    cJSON *o = out_est_json(sum_est(s, M_PORT_MEAN, g));
    cJSON_AddItemToObject(o, "p50", out_est_json(sum_cross_est(s, g, CM_P50)));
    cJSON_AddItemToObject(o, "p95", out_est_json(sum_cross_est(s, g, CM_P95)));
    return o;
}

/* Stage metric names in summary.json. */
static const char *const stage_keys[SM_COUNT] = {
    [SM_QUEUE] = "queue_min", [SM_INSPECTION] = "inspection_min", [SM_BLOCKED] = "blocked_min",
    [SM_PASSED] = "passed", [SM_LINE_MEAN] = "line_queue_mean", [SM_BOOTHS] = "booths_open",
    [SM_UTIL] = "utilisation",
};

/* Group g's figures at each stage of its chain that its programme passes,
 * in the order it passes them; NULL when its direction and mode have no
 * chain. */
static cJSON *stages_json(const struct scenario *s, const struct summary *sum, size_t g)
{
    const struct group_id *id = &sum->id[g];
    int n = s->n_chain[id->dir][id->mode];
    if (n == 0)
        return NULL;
    cJSON *arr = cJSON_CreateArray();
    for (int k = 0; k < n; k++) {
        const struct stage *st = &s->stages[s->chain[id->dir][id->mode][k]];
        if (st->skip[id->prog])
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "stage", st->name);
        if (st->line[id->prog] != id->prog)
            cJSON_AddStringToObject(o, "line", scn_program_name(st->line[id->prog]));
        struct estimate time = { 0, NAN, 0 };
        for (int j = SM_QUEUE; j <= SM_BLOCKED; j++) {
            const struct estimate *x = sum_stage_est(sum, g, (size_t)k, (enum stage_metric)j);
            cJSON_AddItemToObject(o, stage_keys[j], out_est_json(x));
            time.mean += x->mean;
        }
        cJSON_AddNumberToObject(o, "time_min", time.mean);
        struct estimate per_day = *sum_stage_est(sum, g, (size_t)k, SM_PASSED);
        per_day.mean /= s->run.days;
        per_day.ci95 /= s->run.days;
        cJSON_AddItemToObject(o, "passed_per_day", out_est_json(&per_day));
        for (int j = SM_LINE_MEAN; j < SM_COUNT; j++)
            cJSON_AddItemToObject(o, stage_keys[j],
                                  out_est_json(sum_stage_est(sum, g, (size_t)k, (enum stage_metric)j)));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* summary.json's "chains": each chain's stages in order, with their space,
 * the programmes that skip each and the lines they join. */
static cJSON *chains_json(const struct scenario *s)
{
    cJSON *arr = cJSON_CreateArray();
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            if (s->n_chain[d][m] == 0)
                continue;
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "direction", scn_direction_name((enum direction)d));
            cJSON_AddStringToObject(c, "mode", scn_mode_name((enum mode)m));
            cJSON *stages = cJSON_AddArrayToObject(c, "stages");
            for (int k = 0; k < s->n_chain[d][m]; k++) {
                const struct stage *st = &s->stages[s->chain[d][m][k]];
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "name", st->name);
                if (st->space >= 0)
                    cJSON_AddNumberToObject(o, "space", (double)st->space);
                else
                    cJSON_AddNullToObject(o, "space");
                cJSON *skip = cJSON_AddArrayToObject(o, "skip");
                cJSON *join = cJSON_AddObjectToObject(o, "join");
                for (int p = 0; p < PROG_COUNT; p++) {
                    if (st->skip[p])
                        cJSON_AddItemToArray(skip, cJSON_CreateString(
                                                 scn_program_name((enum program)p)));
                    if (st->line[p] != (enum program)p)
                        cJSON_AddStringToObject(join, scn_program_name((enum program)p),
                                                scn_program_name(st->line[p]));
                }
                cJSON_AddItemToArray(stages, o);
            }
            cJSON_AddItemToArray(arr, c);
        }
    return arr;
}

/* Adds each run-time warning to a JSON array (ovl_collect). */
static int add_warning(void *ctx, const char *text)
{
    cJSON_AddItemToArray(ctx, cJSON_CreateString(text));
    return 0;
}

static cJSON *by_mode(const double v[MODE_COUNT])
{
    cJSON *o = cJSON_CreateObject();
    for (int m = 0; m < MODE_COUNT; m++)
        cJSON_AddNumberToObject(o, scn_mode_name((enum mode)m), v[m]);
    return o;
}

static void assignment_name(char *buf, size_t n, const struct assignment *a)
{
    snprintf(buf, n, "%s.%s.%s", scn_direction_name(a->dir), scn_mode_name(a->mode),
             scn_program_name(a->prog));
}

/* How the number of replications was chosen, with --reps auto. */
static cJSON *precision_json(double target, int cap, bool reached)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "target_halfwidth_min", target);
    cJSON_AddNumberToObject(o, "max_replications", cap);
    cJSON_AddBoolToObject(o, "reached", reached);
    return o;
}

/* summary.json's head in root: the program, the scenario (name, title,
 * file, sources, notes) and how it was run (replications, seed, days,
 * start, hourly bins, confidence, the precision sought with --reps auto). */
static void add_about(cJSON *root, const struct scenario *s, const struct summary *sum)
{
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "scenario", s->name);
    cJSON_AddStringToObject(root, "title", s->title ? s->title : "");
    cJSON_AddStringToObject(root, "file", s->path ? s->path : "");
    cJSON *src = cJSON_AddArrayToObject(root, "sources");
    for (size_t i = 0; i < s->n_sources; i++)
        cJSON_AddItemToArray(src, cJSON_CreateString(s->sources[i]));
    cJSON *notes = cJSON_AddArrayToObject(root, "notes");
    for (size_t i = 0; i < s->n_notes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(s->notes[i]));
    cJSON_AddNumberToObject(root, "replications", (double)s->run.replications);
    cJSON_AddNumberToObject(root, "seed", (double)s->run.seed);
    out_rng_json(root, &s->run);
    cJSON_AddNumberToObject(root, "days", s->run.days);
    cJSON_AddNumberToObject(root, "warmup_days", s->run.warmup_days);
    cJSON_AddStringToObject(root, "start", scn_weekday_name(s->run.start));
    if (s->run.has_date) {
        char date[DATE_TEXT_LEN];
        date_text(s->run.start_date, date);
        cJSON_AddStringToObject(root, "start_date", date);
    } else {
        cJSON_AddNullToObject(root, "start_date");
    }
    cJSON_AddStringToObject(root, "hourly", sum->by_weekday ? "weekday" : "day");
    cJSON_AddNumberToObject(root, "confidence", STATS_CONFIDENCE);
    if (sum->target_hw > 0)
        cJSON_AddItemToObject(root, "precision",
                              precision_json(sum->target_hw, sum->max_reps, sum->target_reached));
}

/* summary.json's figures by group and for the port in root ("groups",
 * "overall"), with crossing times, stages and their chains when the port
 * has stages. */
static void add_groups(cJSON *root, const struct scenario *s, const struct summary *sum)
{
    cJSON *groups = cJSON_AddArrayToObject(root, "groups");
    for (size_t g = 0; g < sum->n_groups; g++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "direction", scn_direction_name(sum->id[g].dir));
        cJSON_AddStringToObject(o, "mode", scn_mode_name(sum->id[g].mode));
        cJSON_AddStringToObject(o, "program", scn_program_name(sum->id[g].prog));
        add_group_fields(o, sum, g);
        if (sum->n_cols > 0) {
            cJSON_AddItemToObject(o, "crossing_min", crossing_json(sum, g));
            cJSON *st = stages_json(s, sum, g);
            if (st)
                cJSON_AddItemToObject(o, "stages", st);
        }
        cJSON_AddItemToArray(groups, o);
    }
    cJSON *all = cJSON_CreateObject();
    add_group_fields(all, sum, sum->n_groups);
    if (sum->n_cols > 0)
        cJSON_AddItemToObject(all, "crossing_min", crossing_json(sum, sum->n_groups));
    cJSON_AddItemToObject(root, "overall", all);
    if (sum->n_cols > 0)
        cJSON_AddItemToObject(root, "chains", chains_json(s));
}

/* summary.json's costs in root: the port's cost of waiting (also per
 * measured day), fuel and CO2, and the cost figures used. */
static void add_costs(cJSON *root, const struct scenario *s, const struct summary *sum)
{
    size_t g = sum->n_groups;
    cJSON *cost = cJSON_CreateObject();
    for (enum metric m = M_COST_TOTAL; m <= M_COST_FUEL; m++)
        add_est(cost, sum, m, g);
    add_est(cost, sum, M_COST_CLOSED, g);
    struct estimate per_day = *sum_est(sum, M_COST_TOTAL, g);
    per_day.mean /= s->run.days;
    per_day.ci95 /= s->run.days;
    cJSON_AddItemToObject(cost, "per_day", out_est_json(&per_day));
    cJSON_AddNumberToObject(cost, "price_year", s->costs.price_year);
    cJSON_AddItemToObject(root, "cost_usd", cost);
    add_est(root, sum, M_FUEL_GAL, g);
    add_est(root, sum, M_CO2_KG, g);

    const struct costs *c = &s->costs;
    cJSON *used = cJSON_CreateObject();
    cJSON_AddNumberToObject(used, "price_year", c->price_year);
    cJSON_AddItemToObject(used, "value_of_time_usd_per_hour", by_mode(c->value_of_time));
    cJSON_AddNumberToObject(used, "truck_operating_usd_per_hour", c->truck_operating);
    cJSON_AddItemToObject(used, "idle_fuel_gal_per_hour", by_mode(c->idle_fuel_gal_per_hour));
    cJSON_AddItemToObject(used, "fuel_usd_per_gal", by_mode(c->fuel_usd_per_gal));
    cJSON_AddItemToObject(used, "co2_kg_per_gal", by_mode(c->co2_kg_per_gal));
    cJSON_AddNumberToObject(used, "closed_wait_value", c->closed_wait_value);
    cJSON_AddItemToObject(root, "costs_used", used);
}

/* summary.json's lane changes of flex lane groups in root, all together
 * (zero when there are none) and by group. */
static void add_lane_groups(cJSON *root, const struct scenario *s, const struct summary *sum)
{
    cJSON_AddItemToObject(root, "lane_changes", out_est_json(sum_lane_est(sum, sum->n_flex, 0)));
    cJSON_AddItemToObject(root, "lane_hours_lost", out_est_json(sum_lane_est(sum, sum->n_flex, 1)));
    cJSON *lgs = cJSON_AddArrayToObject(root, "lane_groups");
    for (size_t k = 0; k < sum->n_flex; k++) {
        const struct lanegroup *l = &s->lanes[sum->flex[k]];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", l->name);
        cJSON_AddNumberToObject(o, "lanes", l->lanes);
        cJSON_AddStringToObject(o, "control", l->has_policy ? "policy" : "schedule");
        cJSON *as = cJSON_AddArrayToObject(o, "assignments");
        for (int a = 0; a < l->n_assign; a++) {
            char name[64];
            assignment_name(name, sizeof name, &l->assign[a]);
            cJSON_AddItemToArray(as, cJSON_CreateString(name));
        }
        cJSON_AddItemToObject(o, "lane_changes", out_est_json(sum_lane_est(sum, k, 0)));
        cJSON_AddItemToObject(o, "lane_hours_lost", out_est_json(sum_lane_est(sum, k, 1)));
        cJSON_AddItemToArray(lgs, o);
    }
}

/* The text of summary.json (the caller frees it), or NULL if out of
 * memory. */
static char *summary_text(const struct scenario *s, const struct summary *sum)
{
    cJSON *root = cJSON_CreateObject();
    add_about(root, s, sum);
    add_groups(root, s, sum);
    add_costs(root, s, sum);
    add_lane_groups(root, s, sum);
    /* The scenario's warnings, then what the run found (overload.h). */
    cJSON *warn = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < s->n_warnings; i++)
        cJSON_AddItemToArray(warn, cJSON_CreateString(s->warnings[i]));
    ovl_collect(s, sum, add_warning, warn);
    cJSON_AddNumberToObject(root, "events", (double)sum->events);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

void out_csv_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.6g", x);
    else
        fputs(",", f);
}

/* Money: plain decimals to the cent (never 1.46882e+06), as spreadsheets
 * and readers expect. */
static void csv_money(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, ",%.2f", x == 0 ? 0.0 : x);     /* no "-0.00" */
    else
        fputs(",", f);
}

/* The columns hourly.csv appends for a scenario with stages: the crossing
 * time, then per stage of each chain (in chain order) the time in its line,
 * inspected and blocked; and the fields of group g's row for them. */
static const char *const stage_columns[SM_HOURLY] = {"queue_min", "inspection_min", "blocked_min"};

static void hourly_stage_header(FILE *f, const struct scenario *s)
{
    fputs(",crossing_mean_min", f);
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            for (int k = 0; k < s->n_chain[d][m]; k++)
                for (int j = 0; j < SM_HOURLY; j++)
                    fprintf(f, ",stage.%s.%s", s->stages[s->chain[d][m][k]].name, stage_columns[j]);
}

static void hourly_stage_fields(FILE *f, const struct scenario *s, const struct summary *sum,
                                size_t g, size_t h)
{
    const struct group_id *id = &sum->id[g];
    out_csv_num(f, sum_hour(sum, g, h)->cross_mean_min);
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            for (int k = 0; k < s->n_chain[d][m]; k++)
                for (int j = 0; j < SM_HOURLY; j++) {
                    bool mine = (int)id->dir == d && (int)id->mode == m;
                    out_csv_num(f, mine ? sum_stage_hour(sum, g, h, (size_t)k, (enum stage_metric)j)
                                    : NAN);
                }
}

static int write_hourly(FILE *f, const struct scenario *s, const struct summary *sum)
{
    fputs("day,weekday,hour,direction,mode,program,arrivals,served,forgone,wait_mean_min,"
          "wait_p95_min,queue_mean,queue_max,booths_open,utilisation,wait_mean_ci95_min,days,"
          "closed_arrivals,closed_wait_mean_min,queue_wait_mean_min,date,lanes_open", f);
    if (sum->n_cols > 0)
        hourly_stage_header(f, s);
    fputc('\n', f);
    for (size_t k = 0; k < sum->n_hours; k++) {
        /* Pooled by weekday: the week from the run's first weekday, with an
         * empty day column; weekdays no measured day fell on are left out. */
        size_t h = k, day = k / HOURS_PER_DAY;
        enum weekday w = (enum weekday)(((size_t)s->run.start + day) % WD_COUNT);
        if (sum->by_weekday) {
            h = (size_t)w * HOURS_PER_DAY + k % HOURS_PER_DAY;
            if (sum_bin_days(sum, h) == 0)
                continue;
        }
        for (size_t g = 0; g < sum->n_groups; g++) {
            const struct hour_est *x = sum_hour(sum, g, h);
            if (!sum->by_weekday)
                fprintf(f, "%zu", day + 1);
            fprintf(f, ",%s,%zu,%s,%s,%s", scn_weekday_name(w), k % HOURS_PER_DAY,
                    scn_direction_name(sum->id[g].dir), scn_mode_name(sum->id[g].mode),
                    scn_program_name(sum->id[g].prog));
            out_csv_num(f, x->arrivals);
            out_csv_num(f, x->served);
            out_csv_num(f, x->forgone);
            out_csv_num(f, x->wait_mean_min);
            out_csv_num(f, x->wait_p95_min);
            out_csv_num(f, x->queue_mean);
            out_csv_num(f, x->queue_max);
            out_csv_num(f, x->booths_open);
            out_csv_num(f, x->utilisation);
            out_csv_num(f, x->wait_mean_ci95_min);
            fprintf(f, ",%d", sum_bin_days(sum, h));
            out_csv_num(f, x->closed_arrivals);
            out_csv_num(f, x->closed_wait_min);
            out_csv_num(f, x->queue_wait_min);
            if (s->run.has_date && !sum->by_weekday) {
                char date[DATE_TEXT_LEN];
                date_text(s->run.start_date + (long)day, date);
                fprintf(f, ",%s", date);
            } else {
                fputs(",", f);
            }
            out_csv_num(f, x->lanes_open);
            if (sum->n_cols > 0)
                hourly_stage_fields(f, s, sum, g, h);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* lanes.csv: one row per lane change inside the measured days. */
static int write_lanes(FILE *f, const struct scenario *s, const struct summary *sum)
{
    fputs("replication,day,weekday,clock,time_h,lane_group,lanes,from,to,changeover_end_h,"
          "lane_hours_lost\n", f);
    const long spd = (long)SECONDS_PER_DAY, sph = (long)SECONDS_PER_HOUR,
               spm = (long)SECONDS_PER_MINUTE;
    for (size_t i = 0; i < sum->n_rows; i++) {
        const struct lane_row *r = &sum->rows[i];
        const struct lanegroup *l = &s->lanes[r->lg];
        long sec = (long)floor(r->t);
        long day = sec / spd;
        enum weekday w = (enum weekday)(((long)s->run.start + day) % WD_COUNT);
        char from[64], to[64];
        assignment_name(from, sizeof from, &l->assign[r->from]);
        assignment_name(to, sizeof to, &l->assign[r->to]);
        fprintf(f, "%d,%ld,%s,%02ld:%02ld:%02ld,%.6f,%s,%d,%s,%s", r->replication + 1, day + 1,
                scn_weekday_name(w), sec % spd / sph, sec % sph / spm, sec % spm,
                r->t / SECONDS_PER_HOUR, l->name, l->lanes, from, to);
        if (isfinite(r->end))
            fprintf(f, ",%.6f", r->end / SECONDS_PER_HOUR);
        else
            fputs(",", f);
        fprintf(f, ",%.6f\n", r->lost_h);
    }
    return ferror(f) ? -1 : 0;
}

static int write_text(FILE *f, const void *ctx)
{
    return fputs((const char *)ctx, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
}

struct run_ctx {
    const struct scenario *s;
    const struct summary *sum;
};

static int write_hourly_cb(FILE *f, const void *ctx)
{
    const struct run_ctx *c = ctx;
    return write_hourly(f, c->s, c->sum);
}

/* waits.csv: the share of each group's crossers who waited longer than
 * each threshold, mean over replications. */
static int write_waits_cb(FILE *f, const void *ctx)
{
    const struct run_ctx *c = ctx;
    const struct summary *sum = c->sum;
    fputs("direction,mode,program,wait_min,share_above\n", f);
    for (size_t g = 0; g < sum->n_groups; g++)
        for (size_t i = 0; i < WAIT_GRID_N; i++)
            fprintf(f, "%s,%s,%s,%g,%.6g\n", scn_direction_name(sum->id[g].dir),
                    scn_mode_name(sum->id[g].mode), scn_program_name(sum->id[g].prog),
                    res_wait_grid_min(i), sum->share_above[g * WAIT_GRID_N + i]);
    return 0;
}

static int write_lanes_cb(FILE *f, const void *ctx)
{
    const struct run_ctx *c = ctx;
    return write_lanes(f, c->s, c->sum);
}

/* Column names of replications.csv, by metric. */
static const char *const rep_columns[] = {
    [M_ARRIVALS] = "arrivals", [M_SERVED] = "served", [M_FORGONE] = "forgone",
    [M_REMAINING] = "remaining", [M_WAIT_MEAN] = "wait_mean_min", [M_WAIT_P50] = "wait_p50_min",
    [M_WAIT_P95] = "wait_p95_min", [M_WAIT_MAX] = "wait_max_min",
    [M_WAIT_OVER_1H] = "wait_share_over_60_min", [M_PORT_MEAN] = "time_in_port_min",
    [M_QUEUE_MEAN] = "queue_mean", [M_QUEUE_MAX] = "queue_max", [M_BOOTHS_OPEN] = "booths_open",
    [M_UTILISATION] = "utilisation", [M_VEHICLE_HOURS] = "vehicle_hours",
    [M_PERSON_HOURS] = "person_hours", [M_COST_TOTAL] = "cost_usd",
    [M_COST_VOT] = "cost_value_of_time_usd", [M_COST_TRUCK] = "cost_truck_operating_usd",
    [M_COST_FUEL] = "cost_fuel_usd", [M_FUEL_GAL] = "fuel_gal", [M_CO2_KG] = "co2_kg",
    [M_CLOSED_ARRIVALS] = "closed_arrivals", [M_CLOSED_WAIT_MEAN] = "closed_wait_mean_min",
    [M_QUEUE_WAIT_MEAN] = "queue_wait_mean_min", [M_CLOSED_VEHICLE_HOURS] = "closed_vehicle_hours",
    [M_COST_CLOSED] = "cost_closed_wait_usd",
    [M_LANES_OPEN] = "lanes_open",
};
_Static_assert(sizeof rep_columns / sizeof *rep_columns == M_COUNT,
               "replications.csv needs a column name for every metric");

static void rep_header(FILE *f)
{
    fputs("replication,direction,mode,program", f);
    for (int m = 0; m < M_COUNT; m++)
        fprintf(f, ",%s", rep_columns[m]);
    fputc('\n', f);
}

/* replications.csv: every per-replication value the estimates come from,
 * with 17 significant digits (which read back as the same double). */
static int write_replications_cb(FILE *f, const void *ctx)
{
    const struct run_ctx *c = ctx;
    const struct summary *sum = c->sum;
    rep_header(f);
    for (size_t r = 0; r < sum->n_reps; r++)
        for (size_t g = 0; g <= sum->n_groups; g++) {
            bool all = g == sum->n_groups;
            fprintf(f, "%zu,%s,%s,%s", r + 1, all ? "all" : scn_direction_name(sum->id[g].dir),
                    all ? "all" : scn_mode_name(sum->id[g].mode),
                    all ? "all" : scn_program_name(sum->id[g].prog));
            for (int m = 0; m < M_COUNT; m++) {
                double x = *sum_value(sum, (enum metric)m, g, r);
                if (isfinite(x))
                    fprintf(f, ",%.17g", x);
                else
                    fputc(',', f);
            }
            fputc('\n', f);
        }
    return ferror(f) ? -1 : 0;
}

/* What made a run, for people reading its manifest. */
static void run_settings(char *buf, size_t n, const struct scenario *s)
{
    char date[DATE_TEXT_LEN + 1] = "";
    if (s->run.has_date) {
        date[0] = ' ';
        date_text(s->run.start_date, date + 1);
    }
    snprintf(buf, n, "scenario %s from %s: seed %llu, %d day%s after %d warm-up from %s%s, "
             "%d replication%s", s->name, s->path ? s->path : "", (unsigned long long)s->run.seed,
             s->run.days, PLURAL(s->run.days), s->run.warmup_days, scn_weekday_name(s->run.start),
             date, s->run.replications, PLURAL(s->run.replications));
}

/* A grid point's run-time warnings, {"warnings": [...]} as in summary.json,
 * kept beside its replications so that a resumed sweep still has them
 * (read_warnings); NULL if out of memory. */
#define POINT_WARNINGS "warnings.json"
static char *point_warnings_text(const struct scenario *s, const struct summary *sum)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *warn = root ? cJSON_AddArrayToObject(root, "warnings") : NULL;
    char *text = warn && ovl_collect(s, sum, add_warning, warn) >= 0 ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}

int out_write_unit(const char *dir, const struct scenario *s, const struct summary *sum,
                   enum out_unit what, const char *fingerprint, struct err *e)
{
    struct run_ctx c = { s, sum };
    char settings[512];
    run_settings(settings, sizeof settings, s);
    if (what == OUT_POINT) {
        char *warn = point_warnings_text(s, sum);
        if (!warn)
            return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
        struct fset_file files[] = { { "replications.csv", write_replications_cb, &c },
                                     { POINT_WARNINGS, write_text, warn } };
        struct fset_meta m = { .kind = "point", .fingerprint = fingerprint,
                               .settings = settings };
        int rc = fset_write(dir, files, 2, &m, e);
        free(warn);
        return rc;
    }
    char *json = summary_text(s, sum);
    if (!json)
        return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
    struct fset_file files[] = {
        { "summary.json", write_text, json },
        { "hourly.csv", write_hourly_cb, &c },
        { "waits.csv", write_waits_cb, &c },
        { "replications.csv", write_replications_cb, &c },
        { "lanes.csv", write_lanes_cb, &c },
    };
    /* lanes.csv where lanes change; an earlier run's would mislead, as would
     * a report drawn from the previous files. */
    static const char *const drop[] = { "lanes.csv", "report.html" };
    struct fset_meta m = { .kind = "run", .fingerprint = fingerprint, .settings = settings,
                           .drop = drop, .n_drop = 2 };
    int rc = fset_write(dir, files, sum->n_flex > 0 ? 5 : 4, &m, e);
    free(json);
    return rc;
}

int out_write_run(const char *dir, const struct scenario *s, const struct summary *sum,
                  struct err *e)
{
    return out_write_unit(dir, s, sum, OUT_RUN, NULL, e);
}

/* The value of a replications.csv field: empty is NAN. */
static int parse_field(const char **p, double *x)
{
    const char *s = *p;
    if (*s == ',' || *s == '\n') {
        *x = NAN;
    } else {
        char *end;
        errno = 0;
        *x = strtod(s, &end);
        if (end == s || errno == ERANGE || (*end != ',' && *end != '\n'))
            return -1;
        s = end;
    }
    *p = s;
    return 0;
}

/* The group named by three fields (all,all,all: *all set). */
static int parse_group(const char **p, struct group_id *id, bool *all)
{
    char f[3][32];
    for (int k = 0; k < 3; k++) {
        if (**p != ',')
            return -1;
        (*p)++;
        size_t n = strcspn(*p, ",\n");
        if (n >= sizeof f[k])
            return -1;
        memcpy(f[k], *p, n);
        f[k][n] = '\0';
        *p += n;
    }
    *all = !strcmp(f[0], "all") && !strcmp(f[1], "all") && !strcmp(f[2], "all");
    if (*all)
        return 0;
    int d = 0, m = 0, g = 0;
    while (d < DIR_COUNT && strcmp(f[0], scn_direction_name((enum direction)d)))
        d++;
    while (m < MODE_COUNT && strcmp(f[1], scn_mode_name((enum mode)m)))
        m++;
    while (g < PROG_COUNT && strcmp(f[2], scn_program_name((enum program)g)))
        g++;
    if (d == DIR_COUNT || m == MODE_COUNT || g == PROG_COUNT)
        return -1;
    *id = (struct group_id){ (enum direction)d, (enum mode)m, (enum program)g };
    return 0;
}

/* The run-time warnings recorded in dir/summary.json, or in a sweep's grid
 * point's dir/warnings.json (those that are not the scenario's own), into
 * sum->warnings: a summary read back has no hourly figures to work them out
 * again.  Neither file (a point of an older version): none.  Returns 0, or
 * -1 if out of memory or the file is not a summary. */
static int read_warnings(const char *dir, const struct scenario *s, struct summary *sum)
{
    char path[FSET_PATH_MAX];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *text = fset_read(path, LONG_MAX, &len);
    if (!text && errno == ENOENT) {
        snprintf(path, sizeof path, "%s/" POINT_WARNINGS, dir);
        text = fset_read(path, LONG_MAX, &len);
    }
    if (!text)
        return errno == ENOENT ? 0 : -1;
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "warnings");
    int rc = cJSON_IsArray(w) ? 0 : -1;
    for (const cJSON *x = rc == 0 ? w->child : NULL; x && rc == 0; x = x->next) {
        if (!cJSON_IsString(x)) {
            rc = -1;
            break;
        }
        bool own = false;
        for (size_t i = 0; i < s->n_warnings && !own; i++)
            own = !strcmp(s->warnings[i], x->valuestring);
        if (own)
            continue;
        char **grown = realloc(sum->warnings, (sum->n_warnings + 1) * sizeof *grown);
        char *copy = strdup(x->valuestring);
        if (grown)
            sum->warnings = grown;
        if (!grown || !copy) {
            free(copy);
            rc = -1;
            break;
        }
        sum->warnings[sum->n_warnings++] = copy;
    }
    cJSON_Delete(root);
    return rc;
}

struct summary *out_read_replications(const char *dir, const struct scenario *s, int reps,
                                      struct err *e)
{
    char path[FSET_PATH_MAX];
    snprintf(path, sizeof path, "%s/replications.csv", dir);
    char *text = NULL, *hdr = NULL;
    size_t len = 0, hlen = 0;
    struct summary *sum = NULL;
    struct group_id ids[DIR_COUNT * MODE_COUNT * PROG_COUNT];
    if (!(text = fset_read(path, LONG_MAX, &len))) {
        err_set(e, EXIT_FAIL, "%s: cannot read: %s", path, strerror(errno));
        goto fail;
    }
    FILE *h = open_memstream(&hdr, &hlen);
    if (!h) {
        err_set(e, EXIT_FAIL, "out of memory reading %s", path);
        goto fail;
    }
    rep_header(h);
    if (fclose(h) != 0 || !hdr || len < hlen || memcmp(text, hdr, hlen) != 0)
        goto bad;
    /* The groups: the rows of replication 1 up to "all". */
    const char *p = text + hlen;
    size_t ng = 0;
    for (const char *q = p;; ng++) {
        bool all;
        if (strncmp(q, "1,", 2) != 0 || (q++, parse_group(&q, &ids[ng], &all) < 0))
            goto bad;
        if (all)
            break;
        if (ng + 1 == sizeof ids / sizeof *ids || !(q = strchr(q, '\n')))
            goto bad;
        q++;
    }
    if (!(sum = sum_new(s, ng, ids, 0, (size_t)reps))) {
        err_set(e, EXIT_FAIL, "out of memory reading %s", path);
        goto fail;
    }
    for (int rep = 0; rep < reps; rep++)
        for (size_t g = 0; g <= ng; g++) {
            char *end;
            errno = 0;
            long k = strtol(p, &end, 10);
            struct group_id id;
            bool all;
            p = end;
            if (errno || k != rep + 1 || parse_group(&p, &id, &all) < 0 || all != (g == ng)
                || (!all && memcmp(&id, &ids[g], sizeof id) != 0))
                goto bad;
            for (int mt = 0; mt < M_COUNT; mt++) {
                if (*p++ != ',' || parse_field(&p, sum_value(sum, (enum metric)mt, g, (size_t)rep)) < 0)
                    goto bad;
            }
            if (*p++ != '\n')
                goto bad;
        }
    if ((size_t)(p - text) != len)
        goto bad;
    sum->n_reps = (size_t)reps;
    sum_finish(sum);
    if (read_warnings(dir, s, sum) < 0)
        goto bad;
    free(text);
    free(hdr);
    return sum;
bad:
    err_set(e, EXIT_FAIL, "%s: not the replications.csv of %d replications of %s", path, reps,
            s->name);
fail:
    free(text);
    free(hdr);
    sum_free(sum);
    return NULL;
}

static void print_row(FILE *f, const struct summary *sum, size_t g, const char *dir,
                      const char *mode, const char *prog, double days)
{
    const struct estimate *w = sum_est(sum, M_WAIT_MEAN, g);
    const struct estimate *u = sum_est(sum, M_UTILISATION, g);
    double arr = sum_est(sum, M_ARRIVALS, g)->mean, rem = sum_est(sum, M_REMAINING, g)->mean;
    fprintf(f, "%-6s %-10s %-8s %10.0f %8.2f ± %-6.2f %7.2f %7.1f %8.0f %5.2f %6.1f\n", dir, mode,
            prog, arr / days, w->mean, isfinite(w->ci95) ? w->ci95 : 0.0,
            sum_est(sum, M_WAIT_P95, g)->mean, sum_est(sum, M_WAIT_MAX, g)->mean,
            sum_est(sum, M_FORGONE, g)->mean / days, u->mean, arr > 0 ? 100 * rem / arr : 0.0);
}

/* The crossing time of each group of a direction and mode with a chain,
 * and its split by the stages it passes. */
static void print_stages(FILE *f, const struct scenario *s, const struct summary *sum)
{
    fprintf(f, "\ncrossing time, min (joining the first queue to leaving the last stage), "
               "and minutes per crosser by stage: in line, inspected, blocked\n");
    for (size_t g = 0; g < sum->n_groups; g++) {
        const struct group_id *id = &sum->id[g];
        int n = s->n_chain[id->dir][id->mode];
        if (n == 0)
            continue;
        const struct estimate *c = sum_est(sum, M_PORT_MEAN, g);
        fprintf(f, "%-6s %-10s %-8s %8.1f ± %-6.1f p95 %7.1f\n", scn_direction_name(id->dir),
                scn_mode_name(id->mode), scn_program_name(id->prog), c->mean,
                isfinite(c->ci95) ? c->ci95 : 0.0, sum_cross_est(sum, g, CM_P95)->mean);
        for (int k = 0; k < n; k++) {
            const struct stage *st = &s->stages[s->chain[id->dir][id->mode][k]];
            if (st->skip[id->prog])
                continue;
            fprintf(f, "    %-22s line %7.1f  inspected %6.1f  blocked %6.1f\n", st->name,
                    sum_stage_est(sum, g, (size_t)k, SM_QUEUE)->mean,
                    sum_stage_est(sum, g, (size_t)k, SM_INSPECTION)->mean,
                    sum_stage_est(sum, g, (size_t)k, SM_BLOCKED)->mean);
        }
    }
}

void out_print_table(FILE *f, const struct scenario *s, const struct summary *sum)
{
    double days = s->run.days;
    fprintf(f, "%s%s%s\n", s->name, s->title && *s->title ? ": " : "", s->title ? s->title : "");
    char from[DATE_TEXT_LEN + 8] = "";
    if (s->run.has_date) {
        memcpy(from, " from ", 7);
        date_text(s->run.start_date, from + 6);
    }
    fprintf(f, "%d measured day%s%s after %d warm-up day%s, %d replication%s, seed %llu; "
               "± is the 95%% interval%s\n\n",
            s->run.days, s->run.days == 1 ? "" : "s", from, s->run.warmup_days,
            s->run.warmup_days == 1 ? "" : "s", s->run.replications,
            s->run.replications == 1 ? "" : "s", (unsigned long long)s->run.seed,
            s->run.replications < 2 ? " (none with one replication)" : "");
    fprintf(f, "%-6s %-10s %-8s %10s %17s %7s %7s %8s %5s %6s\n", "dir", "mode", "program",
            "per day", "wait min (mean)", "p95", "max", "forgone", "util", "left %");
    for (size_t g = 0; g < sum->n_groups; g++)
        print_row(f, sum, g, scn_direction_name(sum->id[g].dir), scn_mode_name(sum->id[g].mode),
                  scn_program_name(sum->id[g].prog), days);
    print_row(f, sum, sum->n_groups, "all", "", "", days);
    const struct estimate *c = sum_est(sum, M_COST_TOTAL, sum->n_groups);
    fprintf(f, "\ncost of waiting: %.0f ± %.0f USD per day (%d dollars); "
               "idle fuel %.0f gal/day, CO2 %.0f kg/day\n",
            c->mean / days, isfinite(c->ci95) ? c->ci95 / days : 0.0, s->costs.price_year,
            sum_est(sum, M_FUEL_GAL, sum->n_groups)->mean / days,
            sum_est(sum, M_CO2_KG, sum->n_groups)->mean / days);
    const struct estimate *closed = sum_est(sum, M_CLOSED_ARRIVALS, sum->n_groups);
    if (closed->mean > 0)
        fprintf(f, "waiting for the opening: %.0f crossers a day arrived while their facility was "
                   "closed and waited %.1f min on average for it (of the mean wait above; "
                   "%.0f USD a day of the cost, valued at %g)\n",
                closed->mean / days, sum_est(sum, M_CLOSED_WAIT_MEAN, sum->n_groups)->mean,
                sum_est(sum, M_COST_CLOSED, sum->n_groups)->mean / days,
                s->costs.closed_wait_value);
    fprintf(f, "left %%: share of the arrivals still in the port when the run ended (not in the "
               "mean wait or the cost)\n");
    if (sum->n_cols > 0)
        print_stages(f, s, sum);
    if (sum->n_flex > 0) {
        const struct estimate *n = sum_lane_est(sum, sum->n_flex, 0);
        const struct estimate *h = sum_lane_est(sum, sum->n_flex, 1);
        fprintf(f, "lane changes: %.1f ± %.1f per run, %.1f ± %.1f lane-hours closed for changeovers\n",
                n->mean, isfinite(n->ci95) ? n->ci95 : 0.0, h->mean,
                isfinite(h->ci95) ? h->ci95 : 0.0);
    }
}

/* ---- comparisons ---------------------------------------------------------- */

static const char cmp_header[] =
    "scenario,direction,mode,program,wait_mean_min,wait_ci95_min,delta_wait_min,delta_ci95_min,"
    "cost_usd,delta_cost_usd,wait_p95_min,wait_p95_ci95_min,delta_p95_min,delta_p95_ci95_min,"
    "cost_ci95_usd,delta_cost_ci95_usd,cost_usd_per_day,delta_cost_usd_per_day,"
    "delta_cost_per_day_ci95_usd,unpaired_delta_ci95_min,replications,"
    "queue_wait_mean_min,queue_wait_ci95_min,delta_queue_wait_min,delta_queue_wait_ci95_min,"
    "closed_wait_mean_min,closed_arrivals_per_day,closed_wait_cost_usd_per_day,"
    "served_per_day,served_per_day_ci95,delta_served_per_day,delta_served_per_day_ci95,"
    "remaining_per_day,remaining_share";
/* Appended when some scenario has stages. */
static const char cmp_header_stages[] =
    ",crossing_mean_min,crossing_ci95_min,delta_crossing_min,delta_crossing_ci95_min";

static void csv_row(FILE *f, const struct comparison *c, const struct cmp_row *r)
{
    fprintf(f, "%s,%s,%s,%s", c->names[r->scenario],
            r->all ? "all" : scn_direction_name(r->id.dir), r->all ? "all" : scn_mode_name(r->id.mode),
            r->all ? "all" : scn_program_name(r->id.prog));
    out_csv_num(f, r->wait.mean);
    out_csv_num(f, r->wait.ci95);
    out_csv_num(f, r->d_wait.mean);
    out_csv_num(f, r->d_wait.ci95);
    csv_money(f, r->cost.mean);
    csv_money(f, r->d_cost.mean);
    out_csv_num(f, r->wait_p95.mean);
    out_csv_num(f, r->wait_p95.ci95);
    out_csv_num(f, r->d_wait_p95.mean);
    out_csv_num(f, r->d_wait_p95.ci95);
    csv_money(f, r->cost.ci95);
    csv_money(f, r->d_cost.ci95);
    csv_money(f, r->cost_per_day.mean);
    csv_money(f, r->d_cost_per_day.mean);
    csv_money(f, r->d_cost_per_day.ci95);
    out_csv_num(f, r->d_wait_unpaired_ci95);
    fprintf(f, ",%d", c->replications);
    out_csv_num(f, r->queue_wait.mean);
    out_csv_num(f, r->queue_wait.ci95);
    out_csv_num(f, r->d_queue_wait.mean);
    out_csv_num(f, r->d_queue_wait.ci95);
    out_csv_num(f, r->closed_wait.mean);
    out_csv_num(f, r->closed_per_day.mean);
    csv_money(f, r->cost_closed_per_day.mean);
    out_csv_num(f, r->served_per_day.mean);
    out_csv_num(f, r->served_per_day.ci95);
    out_csv_num(f, r->d_served_per_day.mean);
    out_csv_num(f, r->d_served_per_day.ci95);
    out_csv_num(f, r->remaining_per_day.mean);
    out_csv_num(f, r->remaining_share);
    if (c->staged) {
        out_csv_num(f, r->crossing.mean);
        out_csv_num(f, r->crossing.ci95);
        out_csv_num(f, r->d_crossing.mean);
        out_csv_num(f, r->d_crossing.ci95);
    }
}

static int write_comparison_csv(FILE *f, const void *ctx)
{
    const struct comparison *c = ctx;
    fprintf(f, "%s%s\n", cmp_header, c->staged ? cmp_header_stages : "");
    for (size_t i = 0; i < c->n_rows; i++) {
        csv_row(f, c, &c->rows[i]);
        fputc('\n', f);
    }
    return 0;
}

static const char bca_header[] =
    "scenario,capital_usd,om_usd_per_year,staffing_usd_per_year,annual_cost_usd,"
    "booth_hours_per_day,delta_booth_hours_per_day,savings_usd_per_day,"
    "savings_ci95_usd_per_day,annual_savings_usd,annual_savings_ci95_usd,life_years,"
    "discount_rate,annuity_factor,npv_usd,npv_ci95_usd,bcr,bcr_low,bcr_high";

struct cmp_ctx {
    const struct comparison *c;
    const struct scenario *const *scn;
};

static int write_bca_csv(FILE *f, const void *ctx)
{
    const struct cmp_ctx *x = ctx;
    const struct comparison *c = x->c;
    fprintf(f, "%s\n", bca_header);
    for (size_t i = 1; i < c->n_scen; i++) {
        const struct cmp_bca *b = &c->bca[i];
        if (!b->present)
            continue;
        const struct investment *inv = &x->scn[i]->investment;
        fprintf(f, "%s", c->names[i]);
        csv_money(f, b->capital);
        csv_money(f, b->om);
        csv_money(f, b->staffing);
        csv_money(f, b->annual_cost);
        out_csv_num(f, b->booth_hours_per_day);
        out_csv_num(f, b->d_booth_hours_per_day);
        csv_money(f, b->savings_per_day.mean);
        csv_money(f, b->savings_per_day.ci95);
        csv_money(f, b->annual_savings.mean);
        csv_money(f, b->annual_savings.ci95);
        fprintf(f, ",%d", inv->life_years);
        out_csv_num(f, inv->discount_rate);
        out_csv_num(f, b->annuity);
        csv_money(f, b->npv.mean);
        csv_money(f, b->npv.ci95);
        out_csv_num(f, b->bcr);
        out_csv_num(f, b->bcr_low);
        out_csv_num(f, b->bcr_high);
        fputc('\n', f);
    }
    return 0;
}

static cJSON *row_json(const struct cmp_row *r, bool staged)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "direction", r->all ? "all" : scn_direction_name(r->id.dir));
    cJSON_AddStringToObject(o, "mode", r->all ? "all" : scn_mode_name(r->id.mode));
    cJSON_AddStringToObject(o, "program", r->all ? "all" : scn_program_name(r->id.prog));
    cJSON_AddItemToObject(o, "wait_min", out_est_json(&r->wait));
    cJSON_AddItemToObject(o, "wait_p95_min", out_est_json(&r->wait_p95));
    cJSON_AddItemToObject(o, "cost_usd", out_est_json(&r->cost));
    cJSON_AddItemToObject(o, "cost_usd_per_day", out_est_json(&r->cost_per_day));
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "wait_min", out_est_json(&r->d_wait));
    cJSON_AddItemToObject(d, "wait_p95_min", out_est_json(&r->d_wait_p95));
    cJSON_AddItemToObject(d, "cost_usd", out_est_json(&r->d_cost));
    cJSON_AddItemToObject(d, "cost_usd_per_day", out_est_json(&r->d_cost_per_day));
    cJSON_AddNumberToObject(d, "wait_min_unpaired_ci95", r->d_wait_unpaired_ci95);
    cJSON_AddItemToObject(d, "queue_wait_min", out_est_json(&r->d_queue_wait));
    cJSON_AddItemToObject(d, "served_per_day", out_est_json(&r->d_served_per_day));
    if (staged)
        cJSON_AddItemToObject(d, "crossing_min", out_est_json(&r->d_crossing));
    cJSON_AddItemToObject(o, "delta", d);
    cJSON_AddItemToObject(o, "queue_wait_min", out_est_json(&r->queue_wait));
    cJSON_AddItemToObject(o, "closed_wait_min", out_est_json(&r->closed_wait));
    cJSON_AddItemToObject(o, "closed_arrivals_per_day", out_est_json(&r->closed_per_day));
    cJSON_AddItemToObject(o, "closed_wait_cost_usd_per_day", out_est_json(&r->cost_closed_per_day));
    cJSON_AddItemToObject(o, "served_per_day", out_est_json(&r->served_per_day));
    cJSON_AddItemToObject(o, "remaining_per_day", out_est_json(&r->remaining_per_day));
    cJSON_AddNumberToObject(o, "remaining_share", r->remaining_share);
    if (staged)
        cJSON_AddItemToObject(o, "crossing_min", out_est_json(&r->crossing));
    return o;
}

static char *comparison_text(const struct comparison *c, const struct scenario *const *scn)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "baseline", c->names[0]);
    cJSON_AddNumberToObject(root, "replications", c->replications);
    cJSON_AddNumberToObject(root, "seed", (double)scn[0]->run.seed);
    out_rng_json(root, &scn[0]->run);
    cJSON_AddNumberToObject(root, "days", scn[0]->run.days);
    cJSON_AddNumberToObject(root, "confidence", STATS_CONFIDENCE);
    cJSON_AddStringToObject(root, "pairing", "common random numbers; paired-t intervals");
    if (c->target_hw > 0)
        cJSON_AddItemToObject(root, "precision",
                              precision_json(c->target_hw, c->max_reps, c->target_reached));
    cJSON *arr = cJSON_AddArrayToObject(root, "scenarios");
    size_t r = 0;
    for (size_t i = 0; i < c->n_scen; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", c->names[i]);
        cJSON_AddStringToObject(o, "file", scn[i]->path ? scn[i]->path : "");
        cJSON_AddStringToObject(o, "title", scn[i]->title ? scn[i]->title : "");
        cJSON *groups = cJSON_AddArrayToObject(o, "groups");
        for (; r < c->n_rows && c->rows[r].scenario == i; r++) {
            if (c->rows[r].all)
                cJSON_AddItemToObject(o, "overall", row_json(&c->rows[r], c->staged));
            else
                cJSON_AddItemToArray(groups, row_json(&c->rows[r], c->staged));
        }
        cJSON_AddNumberToObject(o, "booth_hours_per_day", c->bca[i].booth_hours_per_day);
        const struct cmp_bca *b = &c->bca[i];
        if (b->present) {
            const struct investment *inv = &scn[i]->investment;
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "price_year", scn[i]->costs.price_year);
            cJSON_AddNumberToObject(x, "capital_usd", b->capital);
            cJSON_AddNumberToObject(x, "om_usd_per_year", b->om);
            cJSON_AddNumberToObject(x, "staffing_usd_per_year", b->staffing);
            cJSON_AddNumberToObject(x, "annual_cost_usd", b->annual_cost);
            cJSON_AddNumberToObject(x, "delta_booth_hours_per_day", b->d_booth_hours_per_day);
            cJSON_AddItemToObject(x, "savings_usd_per_day", out_est_json(&b->savings_per_day));
            cJSON_AddItemToObject(x, "annual_savings_usd", out_est_json(&b->annual_savings));
            cJSON_AddNumberToObject(x, "life_years", inv->life_years);
            cJSON_AddNumberToObject(x, "discount_rate", inv->discount_rate);
            cJSON_AddNumberToObject(x, "days_per_year", inv->days_per_year);
            cJSON_AddNumberToObject(x, "annuity_factor", b->annuity);
            cJSON_AddItemToObject(x, "npv_usd", out_est_json(&b->npv));
            cJSON *bcr = cJSON_CreateObject();
            cJSON_AddNumberToObject(bcr, "value", b->bcr);
            cJSON_AddNumberToObject(bcr, "low", b->bcr_low);
            cJSON_AddNumberToObject(bcr, "high", b->bcr_high);
            cJSON_AddItemToObject(x, "bcr", bcr);
            cJSON_AddItemToObject(o, "benefit_cost", x);
        }
        cJSON_AddItemToArray(arr, o);
    }
    /* Each warning once, with the scenarios it applies to. */
    cJSON *warn = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < c->n_warnings; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON *names = cJSON_AddArrayToObject(o, "scenarios");
        for (size_t k = 0; k < c->warnings[i].n_scen; k++)
            cJSON_AddItemToArray(names, cJSON_CreateString(c->names[c->warnings[i].scen[k]]));
        cJSON_AddStringToObject(o, "text", c->warnings[i].text);
        cJSON_AddItemToArray(warn, o);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

int out_write_comparison(const char *dir, const struct comparison *c,
                         const struct scenario *const *scn, const char *fingerprint,
                         struct err *e)
{
    char *json = comparison_text(c, scn);
    const char **folders = calloc(c->n_scen, sizeof *folders);
    if (!json || !folders) {
        free(json);
        free(folders);
        return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
    }
    for (size_t i = 0; i < c->n_scen; i++)
        folders[i] = c->names[i];
    char settings[256];
    snprintf(settings, sizeof settings, "batch of %zu scenarios: seed %llu, %d day%s, "
             "%d replication%s", c->n_scen, (unsigned long long)scn[0]->run.seed,
             scn[0]->run.days, PLURAL(scn[0]->run.days), c->replications,
             PLURAL(c->replications));
    struct cmp_ctx x = { c, scn };
    struct fset_file files[] = {
        { "comparison.csv", write_comparison_csv, c },
        { "comparison.json", write_text, json },
        { "benefit_cost.csv", write_bca_csv, &x },
    };
    static const char *const drop[] = { "report.html" };
    struct fset_meta m = { .kind = "batch", .fingerprint = fingerprint, .settings = settings,
                           .folders = folders, .n_folders = c->n_scen, .drop = drop,
                           .n_drop = 1 };
    int rc = fset_write(dir, files, 3, &m, e);
    free(folders);
    free(json);
    return rc;
}

struct sweep_ctx {
    const struct comparison *c;
    const char *const *paths;
    size_t n_paths;
    const char *const *values;      /* [point * n_paths + k], point 1.. */
};

/* Text as a CSV field: quoted when it holds a comma, a quote or a line
 * break. */
static void csv_quoted(FILE *f, const char *v)
{
    if (!strpbrk(v, ",\"\n")) {
        fputs(v, f);
        return;
    }
    fputc('"', f);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* A swept value as a CSV field, and its comma. */
static void csv_text(FILE *f, const char *v)
{
    csv_quoted(f, v);
    fputc(',', f);
}

/* Does run-time warning w (overload.h) concern row r: one of the row's
 * scenario, about the row's queue ("north pov general: ..."), or any of
 * the scenario's for its row of the whole port? */
static bool warning_of_row(const struct cmp_warning *w, const struct cmp_row *r)
{
    bool mine = false;
    for (size_t k = 0; k < w->n_scen && !mine; k++)
        mine = w->scen[k] == r->scenario;
    if (!mine || r->all)
        return mine;
    char queue[64];
    snprintf(queue, sizeof queue, "%s %s %s:", scn_direction_name(r->id.dir),
             scn_mode_name(r->id.mode), scn_program_name(r->id.prog));
    return strncmp(w->text, queue, strlen(queue)) == 0;
}

/* The warnings column of a sweep's row: the texts of the warnings that
 * concern it, " | " between them, as one CSV field (empty when none). */
static int csv_row_warnings(FILE *f, const struct comparison *c, const struct cmp_row *r)
{
    size_t len = 0;
    for (size_t i = 0; i < c->n_warnings; i++)
        if (warning_of_row(&c->warnings[i], r))
            len += strlen(c->warnings[i].text) + strlen(OUT_WARNINGS_SEP);
    if (len == 0)
        return 0;
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    buf[0] = '\0';
    for (size_t i = 0, used = 0; i < c->n_warnings; i++)
        if (warning_of_row(&c->warnings[i], r)) {
            int m = sprintf(buf + used, "%s%s", used ? OUT_WARNINGS_SEP : "", c->warnings[i].text);
            used += m > 0 ? (size_t)m : 0;
        }
    csv_quoted(f, buf);
    free(buf);
    return 0;
}

static int write_sweep_csv(FILE *f, const void *ctx)
{
    const struct sweep_ctx *x = ctx;
    for (size_t k = 0; k < x->n_paths; k++)
        csv_text(f, x->paths[k]);
    fprintf(f, "%s%s,delta_best_wait_min,delta_best_ci95_min,warnings\n", cmp_header,
            x->c->staged ? cmp_header_stages : "");
    for (size_t i = 0; i < x->c->n_rows; i++) {
        const struct cmp_row *r = &x->c->rows[i];
        if (r->scenario == 0)
            continue;               /* the scenario as written: the deltas' baseline */
        for (size_t k = 0; k < x->n_paths; k++)
            csv_text(f, x->values[(r->scenario - 1) * x->n_paths + k]);
        csv_row(f, x->c, r);
        out_csv_num(f, r->d_best_wait.mean);
        out_csv_num(f, r->d_best_wait.ci95);
        fputc(',', f);
        if (csv_row_warnings(f, x->c, r) < 0)
            return -1;
        fputc('\n', f);
    }
    return 0;
}

int out_write_sweep(const char *dir, const struct comparison *c, const char *const *paths,
                    size_t n_paths, const char *const *values, const char *fingerprint,
                    struct err *e)
{
    struct sweep_ctx x = { c, paths, n_paths, values };
    struct fset_file files[] = { { "sweep.csv", write_sweep_csv, &x } };
    char settings[256];
    snprintf(settings, sizeof settings, "sweep of %zu grid points over %zu paths, "
             "%d replications", c->n_scen - 1, n_paths, c->replications);
    static const char *const drop[] = { "report.html" };
    struct fset_meta m = { .kind = "sweep", .fingerprint = fingerprint, .settings = settings,
                           .drop = drop, .n_drop = 1 };
    return fset_write(dir, files, 1, &m, e);
}

#define BCR_TEXT 96

/* An end of a BCR interval: below 0 (savings that are losses) is not a
 * ratio, "<0". */
static void bcr_end(char *buf, size_t n, double x)
{
    if (!isfinite(x))
        snprintf(buf, n, "?");
    else if (x < 0)
        snprintf(buf, n, "<0");
    else
        snprintf(buf, n, "%.2f", x);
}

/* The BCR of b as a reader should take it: "1.81 [0.00, 3.62]"; negative
 * savings say so in words, not as a ratio. */
static void bcr_text(char *buf, size_t n, const struct cmp_bca *b)
{
    char lo[16], hi[16];
    if (!isfinite(b->bcr))
        snprintf(buf, n, "none: no net cost to weigh the savings against (see the NPV)");
    else if (b->bcr < 0)
        snprintf(buf, n, "none: costs exceed benefits (the proposal raises the cost of waiting)");
    else {
        bcr_end(lo, sizeof lo, b->bcr_low);
        bcr_end(hi, sizeof hi, b->bcr_high);
        snprintf(buf, n, "%.2f [%s, %s]", b->bcr, lo, hi);
    }
}

void out_print_comparison(FILE *f, const struct comparison *c, bool all_only)
{
    fprintf(f, "%d replications with common random numbers; ± is the 95%% interval "
               "(paired for differences)\n\n", c->replications);
    fprintf(f, "%-26s %-6s %-10s %-8s %16s %18s %12s %18s\n", "scenario", "dir", "mode",
            "program", "wait min", "Δ wait min", "cost/day", "Δ cost/day");
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct cmp_row *r = &c->rows[i];
        if (all_only && !r->all)
            continue;
        char name[27];
        snprintf(name, sizeof name, "%s", c->names[r->scenario]);
        fprintf(f, "%-26s %-6s %-10s %-8s %8.2f ± %-5.2f", name,
                r->all ? "all" : scn_direction_name(r->id.dir),
                r->all ? "" : scn_mode_name(r->id.mode), r->all ? "" : scn_program_name(r->id.prog),
                r->wait.mean, isfinite(r->wait.ci95) ? r->wait.ci95 : 0.0);
        if (r->has_base && r->scenario > 0)
            fprintf(f, " %+9.2f ± %-6.2f", r->d_wait.mean,
                    isfinite(r->d_wait.ci95) ? r->d_wait.ci95 : 0.0);
        else
            fprintf(f, " %18s", "");
        fprintf(f, " %12.0f", r->cost_per_day.mean);
        if (r->has_base && r->scenario > 0)
            fprintf(f, " %+9.0f ± %-6.0f", r->d_cost_per_day.mean,
                    isfinite(r->d_cost_per_day.ci95) ? r->d_cost_per_day.ci95 : 0.0);
        fputc('\n', f);
    }
    if (c->staged) {
        fprintf(f, "\n%-26s %-6s %-10s %-8s %18s %20s\n", "crossing time", "dir", "mode",
                "program", "crossing min", "Δ crossing min");
        for (size_t i = 0; i < c->n_rows; i++) {
            const struct cmp_row *r = &c->rows[i];
            if (all_only && !r->all)
                continue;
            fprintf(f, "%-26.26s %-6s %-10s %-8s %9.1f ± %-6.1f", c->names[r->scenario],
                    r->all ? "all" : scn_direction_name(r->id.dir),
                    r->all ? "" : scn_mode_name(r->id.mode),
                    r->all ? "" : scn_program_name(r->id.prog), r->crossing.mean,
                    isfinite(r->crossing.ci95) ? r->crossing.ci95 : 0.0);
            if (r->has_base && r->scenario > 0)
                fprintf(f, " %+10.1f ± %-6.1f", r->d_crossing.mean,
                        isfinite(r->d_crossing.ci95) ? r->d_crossing.ci95 : 0.0);
            fputc('\n', f);
        }
    }
    int any = 0;
    for (size_t i = 1; i < c->n_scen; i++) {
        const struct cmp_bca *b = &c->bca[i];
        if (!b->present)
            continue;
        if (!any++)
            fprintf(f, "\n%-26s %14s %10s %14s %14s %10s  %s\n", "benefit-cost", "savings/yr",
                    "±", "cost/yr", "NPV", "±", "BCR [95% interval]");
        char bcr[BCR_TEXT];
        bcr_text(bcr, sizeof bcr, b);
        fprintf(f, "%-26.26s %14.0f %10.0f %14.0f %14.0f %10.0f  %s\n", c->names[i],
                b->annual_savings.mean, isfinite(b->annual_savings.ci95) ? b->annual_savings.ci95 : 0.0,
                b->annual_cost, b->npv.mean, isfinite(b->npv.ci95) ? b->npv.ci95 : 0.0, bcr);
    }
    if (any)
        fprintf(f, "(savings: the cost of waiting saved a year; cost/yr: O&M and staffing of the "
                   "added booth-hours; ± the 95%% half-width; no BCR for negative savings)\n");
}

/* Grid point i's values, "v" or "(v1, v2)", into buf. */
static void point_values(char *buf, size_t n, const char *const *values, size_t n_paths,
                         size_t i)
{
    size_t at = (size_t)snprintf(buf, n, "%s", n_paths > 1 ? "(" : "");
    for (size_t k = 0; k < n_paths && at < n; k++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", k ? ", " : "",
                               values[(i - 1) * n_paths + k]);
    if (n_paths > 1 && at < n)
        snprintf(buf + at, n - at, ")");
}

#define SWEEP_VALUE_W 40        /* a value in the table, at most */
static const char as_written[] = "(the scenario as written)";

/* The width of path k's column in the table of a sweep: its path or
 * longest value; the last column wide enough for the row as_written. */
static int value_width(const struct comparison *c, const char *const *paths, size_t n_paths,
                       const char *const *values, size_t k)
{
    int w = (int)strlen(paths[k]), lead = 0;
    for (size_t i = 1; i < c->n_scen; i++) {
        int l = (int)strlen(values[(i - 1) * n_paths + k]);
        w = l > w && l <= SWEEP_VALUE_W ? l : w;
    }
    if (k + 1 < n_paths)
        return w;
    for (size_t j = 0; j + 1 < n_paths; j++)
        lead += value_width(c, paths, n_paths, values, j) + 2;
    int need = (int)sizeof as_written - lead;
    return w < need ? need : w;
}

void out_print_sweep(FILE *f, const struct comparison *c, const char *const *paths,
                     size_t n_paths, const char *const *values)
{
    fprintf(f, "%d replications per point with common random numbers; ± is the 95%% interval "
               "(paired for differences, against the scenario as written)\n\n",
            c->replications);
    for (size_t k = 0; k < n_paths; k++)
        fprintf(f, "%-*s  ", value_width(c, paths, n_paths, values, k), paths[k]);
    fprintf(f, "%14s %18s %12s %18s\n", "wait min", "Δ wait min", "cost/day", "Δ cost/day");
    size_t n_warned = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct cmp_row *r = &c->rows[i];
        if (!r->all)
            continue;
        int lead = 0;
        for (size_t k = 0; k < n_paths; k++) {
            int w = value_width(c, paths, n_paths, values, k);
            if (r->scenario > 0)
                fprintf(f, "%-*.*s  ", w, SWEEP_VALUE_W, values[(r->scenario - 1) * n_paths + k]);
            lead += w + 2;
        }
        if (r->scenario == 0)
            fprintf(f, "%-*s", lead, as_written);
        fprintf(f, "%6.2f ± %-5.2f", r->wait.mean, isfinite(r->wait.ci95) ? r->wait.ci95 : 0.0);
        if (r->scenario > 0)
            fprintf(f, " %+9.2f ± %-6.2f", r->d_wait.mean,
                    isfinite(r->d_wait.ci95) ? r->d_wait.ci95 : 0.0);
        else
            fprintf(f, " %18s", "");
        fprintf(f, " %12.0f", r->cost_per_day.mean);
        if (r->scenario > 0)
            fprintf(f, " %+9.0f ± %-6.0f", r->d_cost_per_day.mean,
                    isfinite(r->d_cost_per_day.ci95) ? r->d_cost_per_day.ci95 : 0.0);
        bool warned = false;
        for (size_t w = 0; w < c->n_warnings && !warned; w++)
            warned = warning_of_row(&c->warnings[w], r);
        if (warned) {
            fputs("  warned", f);
            n_warned++;
        }
        fputc('\n', f);
    }
    if (n_warned)
        fputs("warned: run-time warnings (a queue over capacity, or crossers left at the end); "
              "each is in sweep.csv's warnings column\n", f);
    if (c->best == 0)
        return;
    /* The lowest, and the points that cannot be told from it. */
    char at[256], v[256];
    const struct cmp_row *best = NULL;
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].all && c->rows[i].scenario == c->best)
            best = &c->rows[i];
    if (!best)
        return;
    point_values(at, sizeof at, values, n_paths, c->best);
    fprintf(f, "\nlowest mean wait of the whole port: %.2f ± %.2f min at ", best->wait.mean,
            isfinite(best->wait.ci95) ? best->wait.ci95 : 0.0);
    for (size_t k = 0; k < n_paths; k++)
        fprintf(f, "%s%s", k ? ", " : n_paths > 1 ? "(" : "", paths[k]);
    fprintf(f, "%s = %s", n_paths > 1 ? ")" : "", at);
    if (c->replications < 2) {
        fprintf(f, "; with one replication no point can be told apart from it\n");
        return;
    }
    int same = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct cmp_row *r = &c->rows[i];
        if (!r->all || r->scenario == 0 || r->scenario == c->best
            || !(fabs(r->d_best_wait.mean) <= r->d_best_wait.ci95))
            continue;
        point_values(v, sizeof v, values, n_paths, r->scenario);
        fprintf(f, "%s%s (%+.2f ± %.2f)", same++ ? ", " : "; indistinguishable from it (the "
                "paired 95% interval of the difference holds 0): ", v, r->d_best_wait.mean,
                r->d_best_wait.ci95);
    }
    fprintf(f, "%s\n", same ? "" : "; lower than at every other point (paired 95% intervals)");
}
