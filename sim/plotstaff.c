/*
 * plotstaff.c - the plots and report of a staffing plan's folder (plotkit.h).
 *
 * A folder written by `poesim staff` holds staffing.csv (per variant,
 * measured day, hour and searched queue: the booths found and the
 * scenario's own, the statistic with its interval, its verdict),
 * staffing.json (per variant and queue: booth-hours against the
 * scenario's, the waits, the search's work) and the plans as scenarios.
 * Two plots, a panel per searched queue along the searched days: the
 * booths found by hour (steps, a colour per variant) against the
 * scenario's own schedule (dashed), and the statistic by hour of the first
 * variant with its 95% interval against the target (unmet hours marked).
 * The report gives the key figures, a table per variant and the plots.
 *
 * Everything comes from the folder's files, so `poesim plot DIR` redraws a
 * plan written long ago.  A plan has at most a week of hours per queue and
 * a few queues and variants: staffing.csv is read whole and walked per
 * queue.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plotkit.h"

#define HOURS 24
#define VARIANTS_MAX 8

/* staffing.csv read: its queues (in their order) and each row's queue. */
struct plandata {
    const char *dir;
    struct pk_csv c;
    cJSON *j;                       /* staffing.json */
    struct pk_grp g[PK_GROUPS_MAX];
    size_t ng;
    int *gi;                        /* [row]: the row's queue */
    int nv;                         /* variants */
    int days;
    char weekday[8][8];             /* of each day */
    int col[14];
};

enum { C_VAR, C_DAY, C_WD, C_HOUR, C_DIR, C_MODE, C_PROG, C_STAT, C_TARGET, C_BOOTHS, C_FILE,
       C_VALUE, C_CI, C_VERDICT, C_COUNT };
static const char *const plan_cols[] = {
    "variant", "day", "weekday", "hour", "direction", "mode", "program", "statistic", "target",
    "booths", "file_booths", "value", "value_ci95", "verdict"
};
_Static_assert(sizeof plan_cols / sizeof *plan_cols == C_COUNT, "a name per column");

static void plandata_free(struct plandata *d)
{
    free(d->gi);
    pk_csv_free(&d->c);
    cJSON_Delete(d->j);
}

static int plan_load(struct plandata *d, const char *dir, struct err *e)
{
    memset(d, 0, sizeof *d);
    d->dir = dir;
    if (pk_table_load(dir, "staffing.csv", "staffing.json", plan_cols, C_COUNT, d->col, &d->c,
                      &d->j, e) != 0)
        return -1;
    if (pk_csv_queues(&d->c, dir, "staffing.csv", d->col[C_DIR], d->col[C_MODE],
                      d->col[C_PROG], d->g, &d->ng, &d->gi, e) != 0) {
        plandata_free(d);
        return -1;
    }
    for (size_t i = 1; i < d->c.nrow; i++) {
        int v = (int)pk_csv_num(&d->c, i, d->col[C_VAR]);
        int day = (int)pk_csv_num(&d->c, i, d->col[C_DAY]);
        if (v > d->nv && v <= VARIANTS_MAX)
            d->nv = v;
        if (day >= 1 && day <= 7) {
            if (day > d->days)
                d->days = day;
            snprintf(d->weekday[day], sizeof d->weekday[day], "%s",
                     pk_csv_str(&d->c, i, d->col[C_WD]));
        }
    }
    if (d->days == 0 || d->nv == 0) {
        plandata_free(d);
        return err_set(e, EXIT_FAIL, "%s/staffing.csv: no rows", dir);
    }
    return 0;
}

/* The hour of the searched period a row stands for. */
static double row_hour(const struct plandata *d, size_t i)
{
    return (pk_csv_num(&d->c, i, d->col[C_DAY]) - 1) * HOURS + pk_csv_num(&d->c, i, d->col[C_HOUR]);
}

/* The variant's label in staffing.json ("as written", or its hours). */
/* The x axis: the searched days, a tic at each day's start named by its
 * weekday, minor tics every 6 hours. */
static void day_axis(FILE *f, const struct plandata *d)
{
    fprintf(f, "set xrange [0:%d]\nset xtics (", d->days * HOURS);
    for (int day = 1; day <= d->days; day++)
        fprintf(f, "%s\"%s\" %d", day > 1 ? ", " : "", d->weekday[day], (day - 1) * HOURS);
    fprintf(f, ")\nset mxtics 4\nset grid xtics mxtics ytics\nset xlabel \"the searched "
               "days, from 00:00 (minor tics every 6 h)\"\n");
}

/* staffing_booths.dat: a block per queue, a row per hour: hour, the
 * scenario's booths, then the booths of each variant; the highest value of
 * each block in ymax[g]. */
static void booths_data(FILE *f, const struct plandata *d, double *ymax)
{
    fprintf(f, "# from staffing.csv: a block per searched queue; columns: hour of the searched "
               "days, booths in the scenario's own schedule (mean over the hour), booths found "
               "by variant 1..%d\n", d->nv);
    int H = d->days * HOURS;
    double *row = calloc((size_t)(H + 1) * (size_t)(d->nv + 1), sizeof *row);
    for (size_t g = 0; row && g < d->ng; g++) {
        for (int k = 0; k < (H + 1) * (d->nv + 1); k++)
            row[k] = NAN;
        for (size_t i = 1; i < d->c.nrow; i++) {
            if (d->gi[i] != (int)g)
                continue;
            int h = (int)row_hour(d, i), v = (int)pk_csv_num(&d->c, i, d->col[C_VAR]);
            if (h < 0 || h >= H || v < 1 || v > d->nv)
                continue;
            row[h * (d->nv + 1)] = pk_csv_num(&d->c, i, d->col[C_FILE]);
            row[h * (d->nv + 1) + v] = pk_csv_num(&d->c, i, d->col[C_BOOTHS]);
        }
        for (int k = 0; k <= d->nv; k++)        /* the last step drawn to the end */
            row[H * (d->nv + 1) + k] = row[(H - 1) * (d->nv + 1) + k];
        char lab[64];
        pk_grp_label(&d->g[g], true, lab, sizeof lab);
        fprintf(f, "%s# %s\n", g ? "\n\n" : "", lab);
        ymax[g] = 0;
        for (int h = 0; h <= H; h++) {
            pk_dat_num(f, h);
            for (int k = 0; k <= d->nv; k++) {
                double x = row[h * (d->nv + 1) + k];
                pk_dat_num(f, x);
                if (isfinite(x) && x > ymax[g])
                    ymax[g] = x;
            }
            fputc('\n', f);
        }
    }
    free(row);
}

static int plot_booths(const struct plandata *d, const struct pk_renderer *r,
                       struct pk_plotset *ps, struct err *e)
{
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    double ymax[PK_GROUPS_MAX];
    booths_data(dat.f, d, ymax);
    FILE *f = gp.f;
    pk_gp_head(f, r, "staffing_booths", "booths found by hour against the scenario's own "
               "schedule, per searched queue", "../staffing.csv");
    day_axis(f, d);
    fprintf(f, "set ylabel \"booths staffed\"\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\nset rmargin 30\n");
    pk_gp_loop(f, (int)d->ng, 0);
    fprintf(f, "    set multiplot layout %zu,1 title ", d->ng);
    pk_gp_q(f, "Staffing plan: booths by hour found (steps) against the scenario's own "
               "(dashed)");
    fprintf(f, " font \",13\"\n");
    for (size_t g = 0; g < d->ng; g++) {
        char lab[64];
        pk_grp_label(&d->g[g], true, lab, sizeof lab);
        fprintf(f, "    set title ");
        pk_gp_q(f, lab);
        fprintf(f, "\n    set yrange [0:%g]\n    plot \\\n", pk_axis_max(ymax[g]));
        fprintf(f, "        'staffing_booths.dat' index %zu using 1:2 with steps lw 2 dt 2 "
                   "lc rgb \"#555555\" title \"the scenario's own\"", g);
        for (int v = 1; v <= d->nv; v++) {
            char t[64];
            if (d->nv == 1)
                snprintf(t, sizeof t, "found");
            else if (v == 1)
                snprintf(t, sizeof t, "found, hours as written");
            else
                snprintf(t, sizeof t, "found, --hours %d", v - 1);
            fprintf(f, ", \\\n        'staffing_booths.dat' index %zu using 1:%d with steps "
                       "lw 2.5 lc rgb \"%s\" title ", g, v + 2,
                    d->nv > 1 ? pk_scn_colour((size_t)v - 1) : pk_grp_colour(&d->g[g]));
            pk_gp_q(f, t);
        }
        fputc('\n', f);
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    return pk_emit(r, ps, "staffing_booths", "Booths staffed by hour found by the search "
                   "(steps; one colour per opening-hours variant, --hours N being the N-th "
                   "given) against the scenario's own schedule (dashed), one panel per "
                   "searched queue. For a lane group with a staffing policy, the booths "
                   "staffed are its officers on duty", &dat, &gp, e);
}

/* staffing_value.dat: a block per queue (variant 1), a row per hour: hour
 * (mid), value, band low, band high, target, the value again where the hour
 * is unmet or capped (else NaN). */
static void value_data(FILE *f, const struct plandata *d, double *ymax)
{
    fprintf(f, "# from staffing.csv, variant 1: a block per searched queue; columns: hour "
               "(middle), the statistic, its 95%% interval low and high, the target, the "
               "statistic of hours not met (unmet or capped)\n");
    for (size_t g = 0; g < d->ng; g++) {
        char lab[64];
        pk_grp_label(&d->g[g], true, lab, sizeof lab);
        fprintf(f, "%s# %s\n", g ? "\n\n" : "", lab);
        ymax[g] = 0;
        for (size_t i = 1; i < d->c.nrow; i++) {
            if (d->gi[i] != (int)g || pk_csv_num(&d->c, i, d->col[C_VAR]) != 1)
                continue;
            double x = pk_csv_num(&d->c, i, d->col[C_VALUE]);
            double h = pk_csv_num(&d->c, i, d->col[C_CI]);
            double t = pk_csv_num(&d->c, i, d->col[C_TARGET]);
            const char *v = pk_csv_str(&d->c, i, d->col[C_VERDICT]);
            bool miss = !strcmp(v, "unmet") || !strcmp(v, "capped");
            if (!strcmp(v, "closed"))       /* at the gate of a closed facility: not checked */
                x = h = NAN;
            pk_dat_num(f, row_hour(d, i) + 0.5);
            pk_dat_num(f, x);
            pk_dat_num(f, isfinite(h) ? fmax(0, x - h) : NAN);
            pk_dat_num(f, isfinite(h) ? x + h : NAN);
            pk_dat_num(f, t);
            pk_dat_num(f, miss ? x : NAN);
            fputc('\n', f);
            double top = fmax(t, isfinite(h) ? x + h : x);
            if (isfinite(top) && top > ymax[g])
                ymax[g] = top;
        }
    }
}

static int plot_value(const struct plandata *d, const struct pk_renderer *r,
                      struct pk_plotset *ps, struct err *e)
{
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    double ymax[PK_GROUPS_MAX];
    value_data(dat.f, d, ymax);
    FILE *f = gp.f;
    pk_gp_head(f, r, "staffing_value", "the statistic of each hour with the plan, against "
               "the target, per searched queue", "../staffing.csv");
    day_axis(f, d);
    fprintf(f, "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\nset rmargin 30\n");
    pk_gp_loop(f, (int)d->ng, 0);
    fprintf(f, "    set multiplot layout %zu,1 title ", d->ng);
    pk_gp_q(f, "Staffing plan: each hour's statistic (95% interval) against the target");
    fprintf(f, " font \",13\"\n");
    for (size_t g = 0; g < d->ng; g++) {
        char lab[128], stat[32] = "", ylab[64];
        for (size_t i = 1; i < d->c.nrow && !stat[0]; i++)
            if (d->gi[i] == (int)g)
                snprintf(stat, sizeof stat, "%s", pk_csv_str(&d->c, i, d->col[C_STAT]));
        bool share = !strncmp(stat, "over", 4);
        snprintf(ylab, sizeof ylab, share ? "share waiting %s min" : "%s wait (min)", share
                 ? stat + 4 : stat);
        pk_grp_label(&d->g[g], true, lab, sizeof lab);
        const char *col = pk_grp_colour(&d->g[g]);
        fprintf(f, "    set title ");
        pk_gp_q(f, lab);
        fprintf(f, "\n    set ylabel ");
        pk_gp_q(f, ylab);
        fprintf(f, "\n    set yrange [0:%g]\n    plot \\\n", pk_axis_max(ymax[g]));
        fprintf(f, "        'staffing_value.dat' index %zu using 1:3:4 with filledcurves fs "
                   "transparent solid 0.2 noborder lc rgb \"%s\" title \"95%% interval\", \\\n"
                   "        'staffing_value.dat' index %zu using 1:2 with lines lw 2 lc rgb "
                   "\"%s\" title \"with the plan\", \\\n"
                   "        'staffing_value.dat' index %zu using 1:5 with lines lw 1.5 dt 2 lc "
                   "rgb \"#000000\" title \"target\", \\\n"
                   "        'staffing_value.dat' index %zu using 1:6 with points pt 7 ps 0.8 "
                   "lc rgb \"#D55E00\" title \"not met\"\n", g, col, g, col, g, g);
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    return pk_emit(r, ps, "staffing_value", "Each hour's statistic with the plan (line, with "
                   "its 95% interval over the replications) against the target (dashed); "
                   "hours that cannot be met with what exists (or within the officers cap) "
                   "marked; hours when the queue's facility is closed (not checked) left out",
                   &dat, &gp, e);
}

/* A row of a variant's table: a queue of staffing.json. */
static void queue_row(FILE *f, const cJSON *q, bool cost)
{
    (void)cost;
    fputs("<tr><th>", f);
    pk_put_html(f, pk_jstr(q, "direction"));
    fputs(" ", f);
    pk_put_html(f, pk_jstr(q, "mode"));
    fputs(" ", f);
    pk_put_html(f, pk_jstr(q, "program"));
    fputs("</th><td>", f);
    pk_put_html(f, pk_jstr(q, "target_described"));
    fputs("</td><td>", f);
    pk_put_num(f, pk_jnum(q, "booth_hours_per_day.file"), 1);
    fputs("</td><td>", f);
    pk_put_num(f, pk_jnum(q, "booth_hours_per_day.plan"), 1);
    fputs("</td><td>", f);
    pk_put_num(f, pk_jnum(q, "booth_hours_per_day.change"), 1);
    fputs("</td><td>", f);
    double held = pk_jnum(q, "hours.holds") + pk_jnum(q, "hours.empty");
    double miss = pk_jnum(q, "hours.unmet") + pk_jnum(q, "hours.capped");
    pk_put_num(f, held, 0);
    fputs(" of ", f);
    pk_put_num(f, held + miss, 0);
    fputs("</td><td>", f);
    pk_put_num(f, miss, 0);
    fputs("</td><td>", f);
    if (pk_jat(q, "worst_hour")) {
        fprintf(f, "%s %02d:00: ", pk_jstr(q, "worst_hour.weekday"), pk_jint(q, "worst_hour.hour"));
        pk_put_num(f, pk_jnum(q, "worst_hour.value"), 2);
        pk_put_pm(f, pk_jnum(q, "worst_hour.ci95"), 2);
    } else {
        fputs("–", f);
    }
    fputs("</td><td>", f);
    pk_put_num(f, pk_jnum(q, "wait_min.file.mean"), 1);
    fputs(" → ", f);
    pk_put_num(f, pk_jnum(q, "wait_min.plan.mean"), 1);
    fputs("</td></tr>\n", f);
}

static void report_variants(FILE *f, const struct plandata *d)
{
    const cJSON *v;
    bool cost = pk_jat(d->j, "usd_per_booth_hour") && cJSON_IsNumber(pk_jat(d->j, "usd_per_booth_hour"));
    cJSON_ArrayForEach(v, pk_jat(d->j, "variants")) {
        fputs("<h2>", f);
        if (cJSON_IsString(pk_jat(v, "hours"))) {
            fputs("Variant: hours ", f);
            pk_put_html(f, pk_jstr(v, "hours"));
        } else {
            fputs("The plan", f);
        }
        fputs(" (<a href=\"", f);
        pk_put_html(f, pk_jstr(v, "staffed_scenario"));
        fputs("\">", f);
        pk_put_html(f, pk_jstr(v, "staffed_scenario"));
        fprintf(f, "</a>, %d replications)</h2>\n", pk_jint(v, "replications"));
        fputs("<table>\n<thead><tr><th>queue</th><th>target</th><th>booth-hours a day, "
              "scenario</th><th>plan</th><th>change</th><th>hours met</th><th>not met</th>"
              "<th>worst hour (95%)</th><th>mean wait, scenario → plan (min)</th></tr>"
              "</thead>\n<tbody>\n", f);
        const cJSON *q;
        cJSON_ArrayForEach(q, pk_jat(v, "queues"))
            queue_row(f, q, cost);
        fputs("<tr><th>searched lane groups</th><td></td><td>", f);
        pk_put_num(f, pk_jnum(v, "booth_hours_per_day.file"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(v, "booth_hours_per_day.plan"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(v, "booth_hours_per_day.change"), 1);
        fputs("</td><td colspan=\"4\"></td></tr>\n</tbody>\n</table>\n<p class=\"meta\">", f);
        if (cost) {
            fputs("Officer cost a year: ", f);
            pk_put_usd(f, pk_jnum(v, "officer_cost_usd_per_year.file"));
            fputs(" with the scenario's schedules, ", f);
            pk_put_usd(f, pk_jnum(v, "officer_cost_usd_per_year.plan"));
            fputs(" with the plan (", f);
            pk_put_usd(f, pk_jnum(v, "officer_cost_usd_per_year.change"));
            fputs("). ", f);
        }
        if (pk_jat(v, "cost_of_waiting_usd_per_day")) {
            fputs("Cost of waiting a day: ", f);
            pk_put_usd(f, pk_jnum(v, "cost_of_waiting_usd_per_day.file.mean"));
            fputs(" with the scenario's schedules, ", f);
            pk_put_usd(f, pk_jnum(v, "cost_of_waiting_usd_per_day.plan.mean"));
            fputs(" with the plan. ", f);
        }
        fprintf(f, "The search: %d evaluations, %d replication-runs, %.0f simulated port-hours; "
                   "%d booths added to earlier hours for later ones, %d taken out by the "
                   "backward pass.</p>\n",
                pk_jint(v, "search.evaluations"), pk_jint(v, "search.replication_runs"),
                pk_jnum(v, "search.simulated_port_hours"), pk_jint(v, "search.backtracks"),
                pk_jint(v, "search.backward_removed"));
    }
}

static int report_plan(const struct plandata *d, const struct pk_plotset *ps, struct err *e)
{
    struct pk_text t;
    const cJSON *j = d->j;
    if (pk_report_begin(&t, "staff", "Staffing plan: ", pk_jstr(j, "scenario"), e) != 0)
        return -1;
    FILE *f = t.f;
    fputs("</h1>\n<p class=\"meta\">The fewest booths by hour such that every hour meets ", f);
    const cJSON *x;
    int k = 0;
    cJSON_ArrayForEach(x, pk_jat(j, "targets")) {
        fputs(k++ ? ", " : "<code>", f);
        pk_put_html(f, cJSON_IsString(x) ? x->valuestring : "");
    }
    fprintf(f, "</code> (the upper end of the 95%% interval of the hour's statistic within "
               "the bound); %d day%s from %s after %d warm-up day%s, seed %.0f, from %d "
               "replications up to %d; scenario <code>", pk_jint(j, "days"),
            pk_jint(j, "days") == 1 ? "" : "s", pk_jstr(j, "start"), pk_jint(j, "warmup_days"),
            pk_jint(j, "warmup_days") == 1 ? "" : "s", pk_jnum(j, "seed"),
            pk_jint(j, "replications_first"), pk_jint(j, "max_replications"));
    pk_put_html(f, pk_jstr(j, "file"));
    fputs("</code>; poesim ", f);
    pk_put_html(f, pk_jstr(j, "poesim_version"));
    fputs(".</p>\n<dl class=\"keys\">\n", f);
    pk_put_key(f, "k-bh-file", "booth-hours a day, the scenario's");
    pk_put_num(f, pk_jnum(j, "variants.0.booth_hours_per_day.file"), 1);
    fputs("</span></dd></div>\n", f);
    pk_put_key(f, "k-bh-plan", "booth-hours a day, the plan's");
    pk_put_num(f, pk_jnum(j, "variants.0.booth_hours_per_day.plan"), 1);
    fputs("</span></dd></div>\n", f);
    if (pk_jat(j, "variants.0.officer_cost_usd_per_year")) {
        pk_put_key(f, "k-cost", "officer cost a year, change");
        pk_put_usd(f, pk_jnum(j, "variants.0.officer_cost_usd_per_year.change"));
        fputs("</span></dd></div>\n", f);
    }
    double miss = 0;
    cJSON_ArrayForEach(x, pk_jat(j, "variants.0.queues"))
        miss += pk_jnum(x, "hours.unmet") + pk_jnum(x, "hours.capped");
    pk_put_key(f, "k-unmet", "queue-hours not met with what exists");
    pk_put_num(f, miss, 0);
    fputs("</span></dd></div>\n</dl>\n", f);
    report_variants(f, d);
    int nsvg = pk_put_plots(f, ps);
    fputs("<h2>Files</h2>\n<p><a href=\"staffing.csv\">staffing.csv</a> (every hour: booths, "
          "the statistic and its interval, the verdict), <a href=\"staffing.json\">"
          "staffing.json</a>; the plans as scenarios that <code>extends</code> the file through "
          "<a href=\"staffed-base.json\">staffed-base.json</a>. How the search works, what it "
          "guarantees and where it may miss the fewest booth-hours: README.md, \"Staffing "
          "plans\". Each plot's gnuplot script and data are in <code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, d->dir, "report.html", e);
}

int pk_plot_staff(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct plandata d;
    struct pk_plotset *ps;
    int rc = -1;
    if (plan_load(&d, dir, e) != 0)
        return -1;
    if ((ps = pk_plots_open(dir, e)) && plot_booths(&d, r, ps, e) == 0
        && plot_value(&d, r, ps, e) == 0 && pk_plots_done(r, e) == 0)
        rc = report_plan(&d, ps, e);        /* which reads the images */
    plandata_free(&d);
    free(ps);
    return rc;
}
