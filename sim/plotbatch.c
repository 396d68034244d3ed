/*
 * plotbatch.c - the plots and report.html of a batch folder (plotkit.h).
 *
 * A batch folder holds comparison.json (every scenario's queues with their
 * means, intervals and paired differences against the baseline, and the
 * benefit-cost of each proposal with an investment) and one run folder per
 * scenario, which gets its own run plots and report first (plotrun.c).  The
 * batch plots: mean and p95 wait per queue with a bar per scenario
 * (batch_wait), the paired differences per queue (batch_delta), the mean
 * wait by hour of day of every scenario overlaid, a row per queue and a
 * column per kind of day (batch_wait_by_hour, from each scenario's
 * hourly.csv), and annual savings against annual cost per proposal
 * (benefit_cost).  A scenario keeps
 * its colour, its position in the batch, in every plot and in the report.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"

struct batchdata {
    const char *dir;
    cJSON *cmp;
    int reps, days;
    size_t ns;
    const cJSON **scn;        /* scenarios[], the baseline first */
    struct pk_grp g[PK_GROUPS_MAX]; /* the queues of any scenario, then "all" */
    size_t ng;
};

static void batchdata_free(struct batchdata *bd)
{
    cJSON_Delete(bd->cmp);
    free(bd->scn);
}

static int batch_load(struct batchdata *bd, const char *dir, struct err *e)
{
    memset(bd, 0, sizeof *bd);
    bd->dir = dir;
    if (!(bd->cmp = pk_json_load(dir, "comparison.json", e)))
        return -1;
    bd->reps = pk_jint(bd->cmp, "replications");
    bd->days = pk_jint(bd->cmp, "days");
    const cJSON *ss = pk_jat(bd->cmp, "scenarios"), *s;
    int n = cJSON_GetArraySize(ss);
    if (n <= 0 || bd->days < 1)
        return err_set(e, EXIT_FAIL, "%s/comparison.json: no scenarios or days", dir);
    bd->scn = calloc((size_t)n, sizeof *bd->scn);
    if (!bd->scn)
        return err_set(e, EXIT_FAIL, "out of memory");
    cJSON_ArrayForEach(s, ss) {
        bd->scn[bd->ns++] = s;
        const cJSON *g;
        cJSON_ArrayForEach(g, pk_jat(s, "groups"))
            if (pk_grp_find(bd->g, &bd->ng, pk_jstr(g, "direction"), pk_jstr(g, "mode"),
                         pk_jstr(g, "program")) < 0)
                return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, PK_GROUPS_MAX);
    }
    if (pk_grp_find(bd->g, &bd->ng, "all", "all", "all") < 0)
        return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, PK_GROUPS_MAX);
    return 0;
}

/* Scenario s's entry for queue g ("overall" for the whole port), or NULL. */
static const cJSON *batch_entry(const cJSON *s, const struct pk_grp *g)
{
    if (pk_grp_all(g))
        return pk_jat(s, "overall");
    const cJSON *x;
    cJSON_ArrayForEach(x, pk_jat(s, "groups"))
        if (pk_grp_is(g, pk_jstr(x, "direction"), pk_jstr(x, "mode"), pk_jstr(x, "program")))
            return x;
    return NULL;
}

static void batch_basis(const struct batchdata *bd, char *buf, size_t n)
{
    snprintf(buf, n, "%d replication%s of %d measured day%s each, common random numbers",
             bd->reps, bd->reps == 1 ? "" : "s", bd->days, bd->days == 1 ? "" : "s");
}

/* The right margin, in characters, that holds a key of scenario names (and
 * " (baseline)", the sample and the gaps). */
static int batch_key_margin(const struct batchdata *bd)
{
    size_t w = 0;
    for (size_t s = 0; s < bd->ns; s++)
        w = strlen(pk_jstr(bd->scn[s], "name")) > w ? strlen(pk_jstr(bd->scn[s], "name")) : w;
    return (int)(w > 60 ? 60 : w) + 19;
}

/* Mean and p95 wait per queue, a bar per scenario with its 95% interval. */
static int plot_batch_wait(const struct batchdata *bd, const struct pk_renderer *r,
                           struct pk_plotset *ps, struct err *e)
{
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160], lab[64];
    batch_basis(bd, basis, sizeof basis);
    fprintf(d, "# batch_wait.dat - mean and 95th-percentile wait per queue and scenario, from\n"
               "# ../comparison.json (%s).\n"
               "# Columns: queue, then per scenario 4 columns:\n"
               "#   mean_min mean_ci95 p95_min p95_ci95\n"
               "# (NaN: the scenario has no such queue). Scenarios:", basis);
    for (size_t s = 0; s < bd->ns; s++)
        fprintf(d, " %zu=%s", s + 1, pk_jstr(bd->scn[s], "name"));
    fputc('\n', d);
    double ymax[2] = { 0, 0 };
    for (size_t i = 0; i < bd->ng; i++) {
        pk_grp_label(&bd->g[i], true, lab, sizeof lab);
        pk_dat_q(d, lab);
        for (size_t s = 0; s < bd->ns; s++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            double v[4] = { pk_jnum(x, "wait_min.mean"), pk_jnum(x, "wait_min.ci95"),
                            pk_jnum(x, "wait_p95_min.mean"), pk_jnum(x, "wait_p95_min.ci95") };
            for (int k = 0; k < 4; k++)
                pk_dat_num(d, v[k]);
            for (int k = 0; k < 2; k++) {
                double top = v[2 * k] + (isnan(v[2 * k + 1]) ? 0 : v[2 * k + 1]);
                if (top > ymax[k])
                    ymax[k] = top;
            }
        }
        fputc('\n', d);
    }
    pk_gp_head(f, r, "batch_wait", "mean and 95th-percentile wait per queue, a bar per scenario",
               "../comparison.json");
    fprintf(f, "set style data histograms\n"
               "set style histogram errorbars gap 1.5 lw 1.5\n"
               "set style fill solid 0.85 border rgb \"#404040\"\n"
               "set xtics rotate by 25 right nomirror\n"
               "set grid noxtics ytics\n"
               "set key outside right top vertical Left reverse\n"
               "set lmargin 10\n"
               "set rmargin %d\n"
               "set bmargin 7\n", batch_key_margin(bd));
    pk_gp_loop(f, 2, 80);
    fprintf(f, "    set multiplot layout 2,1 title \"Waits by queue and scenario (bars: 95%% "
               "intervals)\\n%s\" font \",13\"\n", basis);
    static const char *const ptitle[2] = { "Mean wait", "95th-percentile wait" };
    static const char *const ylab[2] = { "mean wait (min)", "95th-percentile wait (min)" };
    for (int k = 0; k < 2; k++) {
        fprintf(f, "    set title \"%s\"\n    set ylabel \"%s\"\n    set yrange [0:%g]\n"
                   "    plot \\\n", ptitle[k], ylab[k], pk_axis_max(ymax[k]));
        for (size_t s = 0; s < bd->ns; s++) {
            size_t col = 2 + 4 * s + 2 * (size_t)k;
            fprintf(f, "%s        '%s' using %zu:%zu%s lc rgb \"%s\" title ", s ? ", \\\n" : "",
                    s ? "" : "batch_wait.dat", col, col + 1, s ? "" : ":xtic(1)",
                    pk_scn_colour(s));
            snprintf(lab, sizeof lab, "%s%s", pk_jstr(bd->scn[s], "name"), s ? "" : " (baseline)");
            pk_gp_q(f, lab);
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Mean and 95th-percentile wait per queue, one bar per scenario "
                              "(error bars: 95%% intervals; %s).", basis);
    return pk_emit(r, ps, "batch_wait", cap, &dat, &gp, e);
}

/* The key beside the hourly overlay, in pixels: its sample and gaps, and
 * a character of a scenario's name (at the plots' 11-point font). */
#define BATCH_KEY_SAMPLE_PX 80
#define BATCH_KEY_CHAR_PX 8.5
#define BATCH_HOURLY_PANEL_H 220    /* pixels a row: a queue on a kind of day */

/* Each scenario's hourly.csv by hour of day and kind of day, the queues in
 * bd->g.  Returns an array of bd->ns tables (NULL for a scenario without
 * its folder), or NULL with *e filled. */
static struct pk_hours **batch_hours(struct batchdata *bd, struct err *e)
{
    struct pk_hours **h = calloc(bd->ns, sizeof *h);
    if (!h) {
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    for (size_t s = 0; s < bd->ns; s++) {
        char sub[FSET_PATH_MAX];
        pk_path_join(sub, bd->dir, pk_jstr(bd->scn[s], "name"));
        if (!pk_file_exists(sub, "hourly.csv"))
            continue;
        if (!(h[s] = malloc(sizeof *h[s])) || pk_hours_load(sub, bd->g, &bd->ng, h[s], e) != 0) {
            if (!h[s])
                err_set(e, EXIT_FAIL, "out of memory");
            for (size_t k = 0; k <= s; k++)
                free(h[k]);
            free(h);
            return NULL;
        }
    }
    return h;
}

/* batch_wait_by_hour.dat: a block per scenario, kind of day kinds[kk] and
 * queue (index (s * nk + kk) * ng + i); *any[i]: queue i has a wait in some
 * scenario; ymax[i]: its top. */
static void batch_hourly_data(FILE *d, const struct batchdata *bd, struct pk_hours *const *h,
                              const int *kinds, int nk, bool *any, double *ymax,
                              const char *basis)
{
    char lab[64];
    fprintf(d, "# batch_wait_by_hour.dat - mean wait by hour of day of every scenario, from\n"
               "# each scenario's hourly.csv (%s): the mean over the measured days of\n"
               "# each kind (weekdays, Saturdays, Sundays) of the hour's mean over the\n"
               "# replications; NaN where no day had a value.\n"
               "# The wait in the queue: for an arrival while its facility was closed, from\n"
               "# the opening (its wait for the opening apart).\n"
               "# closed_per_day: arrivals a day in the hour while the facility was closed.\n"
               "# Columns: hour  wait_min  closed_per_day\n"
               "# One block per scenario, kind of day and queue (gnuplot index 0, 1, ...).\n",
            basis);
    size_t index = 0;
    for (size_t s = 0; s < bd->ns; s++)
        for (int kk = 0; kk < nk; kk++)
            for (size_t i = 0; i < bd->ng; i++, index++) {
                pk_grp_label(&bd->g[i], true, lab, sizeof lab);
                fprintf(d, "%s# index %zu: %s, %s, %s\n", index ? "\n\n" : "", index,
                        pk_jstr(bd->scn[s], "name"), lab,
                        h[s] ? pk_daykind_name(h[s], kinds[kk]) : "no hourly.csv");
                for (int hr = 0; hr < 24; hr++) {
                    const struct pk_hod *x = h[s] ? &h[s]->hod[i][kinds[kk]][hr] : NULL;
                    double hw, v = x ? pk_hod_wait(x, &hw) : NAN;
                    fprintf(d, "%2d", hr);
                    pk_dat_num(d, v);
                    pk_dat_num(d, x ? pk_hod_closed(x) : 0);
                    fputc('\n', d);
                    if (!isnan(v)) {
                        any[i] = true;
                        ymax[i] = fmax(ymax[i], v);
                    }
                }
            }
}

/* What batch_wait_by_hour draws, beside its data: the kinds of day with
 * data (nk of them), the hours of a scenario that has them (h0, for the
 * names of the kinds), per queue whether it has a wait (any) and the top
 * of its axis (ymax), how many queues have one (rows), whether a scenario
 * had arrivals while closed, and the longest title in the key. */
struct hourly_look {
    int kinds[PK_DAYKINDS], nk, rows;
    const struct pk_hours *h0;
    bool *any, closed;
    double *ymax;
    size_t longest;
};

/* The kinds of day some scenario's hourly.csv (h[s], NULL if none) has
 * days of into x->kinds and x->nk, and into x->h0 the hours of the first
 * scenario that has them (h[0] if it has any). */
static void hourly_kinds(const struct batchdata *bd, struct pk_hours *const *h,
                         struct hourly_look *x)
{
    x->nk = 0;
    x->h0 = h[0];
    for (int k = 0; k < PK_DAYKINDS; k++)
        for (size_t s = 0; s < bd->ns; s++)
            if (h[s] && h[s]->days[k] > 0) {
                x->kinds[x->nk++] = k;
                if (!x->h0)
                    x->h0 = h[s];
                break;
            }
}

/* The plot command of queue i (label lab) on kind of day x->kinds[kk]: a
 * line per scenario in its colour (the baseline thicker) and, if any
 * scenario had arrivals while closed, their squares. */
static void hourly_panel(FILE *f, const struct batchdata *bd, const struct hourly_look *x,
                         size_t i, int kk, const char *lab)
{
    fprintf(f, "    set title \"");
    pk_gp_qs(f, lab);
    fprintf(f, ", %s\"\n    set yrange [0:%g]\n", pk_daykind_name(x->h0, x->kinds[kk]),
            pk_axis_max(x->ymax[i]));
    fprintf(f, "    plot \\\n");
    for (size_t s = 0; s < bd->ns; s++) {
        size_t index = (s * (size_t)x->nk + (size_t)kk) * bd->ng + i;
        char name[96];
        snprintf(name, sizeof name, "%s%s", pk_jstr(bd->scn[s], "name"), s ? "" : " (baseline)");
        fprintf(f, "%s        'batch_wait_by_hour.dat' index %zu using ($1+0.5):2 with "
                   "linespoints lc rgb \"%s\" lw %d pt 7 ps 0.5 title ",
                s ? ", \\\n" : "", index, pk_scn_colour(s), s ? 2 : 3);
        pk_gp_q(f, name);
        if (x->closed)
            fprintf(f, ", \\\n        '' index %zu using ($1+0.5):($3 > 0 ? 0 : NaN) "
                       "with points pt 4 ps 0.9 lc rgb \"%s\" notitle", index,
                    pk_scn_colour(s));
    }
    if (x->closed)
        fprintf(f, ", \\\n        NaN with points pt 4 ps 0.9 lc rgb \"#404040\" "
                   "title \"arrived while closed\"");
    fprintf(f, "\n");
}

/* batch_wait_by_hour.gp into f: a panel per queue with a wait and kind of
 * day, one above the other so that the hours line up (basis: how the
 * scenarios were run, for the title). */
static void hourly_script(FILE *f, const struct pk_renderer *r, const struct batchdata *bd,
                          const struct hourly_look *x, const char *basis)
{
    char lab[64];
    pk_gp_head(f, r, "batch_wait_by_hour", "mean wait by hour of day of every scenario, a row "
               "per queue and a column per kind of day", "each scenario's hourly.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\nset ylabel \"mean wait (min)\"\n"
               "set xrange [0:24]\nset xtics 0,3,24\nset mxtics 3\n");
    struct pk_grid grid;
    pk_grid_init(&grid, x->rows > 0 ? x->rows * x->nk : 1, 1,
                 BATCH_KEY_SAMPLE_PX + (int)(BATCH_KEY_CHAR_PX * (double)x->longest),
                 BATCH_HOURLY_PANEL_H, x->closed ? 3 : 2);
    pk_grid_begin(f, &grid);
    fprintf(f, "    set multiplot title \"Mean wait in the queue by hour of day: the baseline and "
               "each proposal\\n%s; no interval drawn (see batch_delta)%s\" font \",13\"\n",
            basis, x->closed ? "\\nsquares: arrivals while the facility was closed, their wait "
                               "counted from the opening (the wait for it apart)" : "");
    int row = 0;
    for (size_t i = 0; i < bd->ng; i++) {
        if (!x->any[i])
            continue;
        pk_grp_label(&bd->g[i], true, lab, sizeof lab);
        for (int kk = 0; kk < x->nk; kk++) {
            pk_grid_panel(f, &grid, row * x->nk + kk, 0);
            if (row + kk > 0)
                fprintf(f, "    unset key\n");     /* the same scenarios in every panel */
            hourly_panel(f, bd, x, i, kk, lab);
        }
        row++;
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

/* The mean wait by hour of day of every scenario overlaid: a panel per
 * queue with a wait and kind of day, one above the other so that the hours
 * line up, a line per scenario in its colour (the baseline thicker). */
static int plot_batch_hourly(struct batchdata *bd, const struct pk_renderer *r,
                             struct pk_plotset *ps, struct err *e)
{
    struct pk_hours **h = batch_hours(bd, e);
    if (!h)
        return -1;
    struct hourly_look x = { .any = calloc(bd->ng, sizeof *x.any),
                             .ymax = calloc(bd->ng, sizeof *x.ymax),
                             .longest = strlen(" (baseline)") };
    struct pk_text dat = { 0 }, gp = { 0 };
    int rc = -1;
    hourly_kinds(bd, h, &x);
    if (!x.any || !x.ymax) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    if (x.nk == 0 || !x.h0) {
        rc = 0;                 /* no hourly.csv at all: nothing to draw */
        goto done;
    }
    if (pk_texts_open(&dat, &gp, e) != 0)
        goto done;
    char basis[160];
    batch_basis(bd, basis, sizeof basis);
    batch_hourly_data(dat.f, bd, h, x.kinds, x.nk, x.any, x.ymax, basis);
    for (size_t i = 0; i < bd->ng; i++)
        x.rows += x.any[i];
    for (size_t s = 0; s < bd->ns; s++) {
        x.closed |= h[s] && h[s]->any_closed;
        x.longest = fmax(x.longest, strlen(pk_jstr(bd->scn[s], "name")) + (s ? 0 : 11));
    }
    hourly_script(gp.f, r, bd, &x, basis);
    char cap[512];
    snprintf(cap, sizeof cap, "Mean wait by hour of day of the baseline and every proposal, "
                              "a row per queue, %s (%s; the paired differences with their "
                              "intervals are in the plot above).",
             x.h0->split ? "weekdays, Saturdays and Sundays apart" : "all days together", basis);
    rc = pk_emit(r, ps, "batch_wait_by_hour", cap, &dat, &gp, e);   /* frees both */
    dat = gp = (struct pk_text){ 0 };
done:
    pk_text_discard(&dat);
    pk_text_discard(&gp);
    for (size_t s = 0; s < bd->ns; s++)
        free(h[s]);
    free(h);
    free(x.any);
    free(x.ymax);
    return rc;
}

/* Paired differences from the baseline per queue, with their intervals. */
static int plot_batch_delta(const struct batchdata *bd, const struct pk_renderer *r,
                            struct pk_plotset *ps, struct err *e)
{
    if (bd->ns < 2)
        return 0;
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160], lab[64];
    batch_basis(bd, basis, sizeof basis);
    double cmax = 0;
    for (size_t s = 1; s < bd->ns; s++)
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            double v = fabs(pk_jnum(x, "delta.cost_usd_per_day.mean"))
                     + fabs(pk_jnum(x, "delta.cost_usd_per_day.ci95"));
            if (v > cmax)
                cmax = v;
        }
    const char *unit;
    double sc = pk_usd_scale(cmax, &unit);
    fprintf(d, "# batch_delta.dat - paired differences proposal - baseline (%s) per queue,\n"
               "# from ../comparison.json (%s; paired-t 95%% half-widths).\n"
               "# Columns: x (queue position, offset per proposal)  d_mean_min  ci95  "
               "d_p95_min  ci95  d_cost_per_day (%s)  ci95\n"
               "# One block per proposal (gnuplot index 0, 1, ...); queues in the order of the "
               "x tics.\n", pk_jstr(bd->scn[0], "name"), basis, unit);
    size_t np = bd->ns - 1;
    for (size_t s = 1; s < bd->ns; s++) {
        fprintf(d, "%s# index %zu: %s\n", s > 1 ? "\n\n" : "", s - 1, pk_jstr(bd->scn[s], "name"));
        double off = np > 1 ? ((double)(s - 1) - (np - 1) / 2.0) * (0.6 / (double)np) : 0;
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            fprintf(d, "%g", (double)i + off);
            pk_dat_num(d, pk_jnum(x, "delta.wait_min.mean"));
            pk_dat_num(d, pk_jnum(x, "delta.wait_min.ci95"));
            pk_dat_num(d, pk_jnum(x, "delta.wait_p95_min.mean"));
            pk_dat_num(d, pk_jnum(x, "delta.wait_p95_min.ci95"));
            pk_dat_num(d, pk_jnum(x, "delta.cost_usd_per_day.mean") / sc);
            pk_dat_num(d, pk_jnum(x, "delta.cost_usd_per_day.ci95") / sc);
            fputc('\n', d);
        }
    }
    pk_gp_head(f, r, "batch_delta", "paired differences from the baseline per queue, with 95% "
                                    "intervals", "../comparison.json");
    fprintf(f, "set xrange [-0.6:%g]\nset xtics (", (double)bd->ng - 0.4);
    for (size_t i = 0; i < bd->ng; i++) {
        pk_grp_label(&bd->g[i], true, lab, sizeof lab);
        fprintf(f, "%s", i ? ", " : "");
        pk_gp_q(f, lab);
        fprintf(f, " %zu", i);
    }
    fprintf(f, ") rotate by 25 right nomirror\n"
               "set grid noxtics ytics\n"
               "set xzeroaxis lt 1 lw 1.5 lc rgb \"#404040\"\n"
               "set key outside right top vertical Left reverse\n"
               "set lmargin 12\n"
               "set rmargin %d\n"
               "set bmargin 7\n", batch_key_margin(bd));
    pk_gp_loop(f, 3, 40);
    fprintf(f, "    set multiplot layout 3,1 title \"Paired differences from the baseline %s "
               "(below zero: better)\\n%s; bars: paired 95%% intervals\" font \",13\"\n",
            pk_jstr(bd->scn[0], "name"), basis);
    static const char *const ylab[3] = { "difference (min)", "difference (min)", NULL };
    static const char *const ptitle[3] = { "Mean wait", "95th-percentile wait",
                                           "Cost of waiting per day" };
    for (int k = 0; k < 3; k++) {
        fprintf(f, "    set title \"%s\"\n    set ylabel \"", ptitle[k]);
        if (ylab[k])
            fprintf(f, "%s\"\n", ylab[k]);
        else
            fprintf(f, "difference (%s/day)\"\n", unit);
        fprintf(f, "    plot \\\n");
        for (size_t s = 1; s < bd->ns; s++) {
            fprintf(f, "%s        'batch_delta.dat' index %zu using 1:%d:%d with yerrorbars "
                       "pt 7 ps 1.1 lw 2 lc rgb \"%s\" title ", s > 1 ? ", \\\n" : "", s - 1,
                    2 + 2 * k, 3 + 2 * k, pk_scn_colour(s));
            pk_gp_q(f, pk_jstr(bd->scn[s], "name"));
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Paired differences from the baseline %s per queue: mean wait, "
                              "95th-percentile wait and cost of waiting per day (error bars: "
                              "paired 95%% intervals; %s).", pk_jstr(bd->scn[0], "name"), basis);
    return pk_emit(r, ps, "batch_delta", cap, &dat, &gp, e);
}

/* The rows of benefit_cost.dat, one per proposal with an investment, USD
 * divided by sc; *top: the highest label.  Returns the rows written. */
static size_t benefit_cost_rows(FILE *d, const struct batchdata *bd, double sc, double *top)
{
    size_t k = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = pk_jat(bd->scn[s], "benefit_cost");
        if (!cJSON_IsObject(bc))
            continue;
        double sv = pk_jnum(bc, "annual_savings_usd.mean") / sc,
               ci = pk_jnum(bc, "annual_savings_usd.ci95") / sc,
               co = pk_jnum(bc, "annual_cost_usd") / sc;
        double ly = fmax(fmax(sv + (isnan(ci) ? 0 : ci), co), 0);
        if (ly > *top)
            *top = ly;
        char bl[96];
        double bcr = pk_jnum(bc, "bcr.value"), lo = pk_jnum(bc, "bcr.low"),
               hi = pk_jnum(bc, "bcr.high");
        if (isnan(bcr))
            snprintf(bl, sizeof bl, "BCR: none (no net cost; see the NPV)");
        else if (bcr < 0)
            snprintf(bl, sizeof bl, "BCR: none (costs exceed benefits)");
        else if (isnan(lo) || isnan(hi))
            snprintf(bl, sizeof bl, "BCR %.2f", bcr);
        else if (lo < 0)
            snprintf(bl, sizeof bl, "BCR %.2f [<0, %.2f]", bcr, hi);
        else
            snprintf(bl, sizeof bl, "BCR %.2f [%.2f, %.2f]", bcr, lo, hi);
        unsigned rgb = (unsigned)strtoul(pk_scn_colour(s) + 1, NULL, 16);
        fprintf(d, "%zu", k);
        pk_dat_num(d, sv);
        pk_dat_num(d, ci);
        pk_dat_num(d, co);
        pk_dat_num(d, ly);
        fprintf(d, " %u ", rgb);
        pk_dat_q(d, pk_jstr(bd->scn[s], "name"));
        fputc(' ', d);
        pk_dat_q(d, bl);
        fputc('\n', d);
        k++;
    }
    return k;
}

/* Annual savings (with interval) and annual cost per proposal with an
 * investment block, the benefit-cost ratio labelled. */
static int plot_benefit_cost(const struct batchdata *bd, const struct pk_renderer *r,
                             struct pk_plotset *ps, struct err *e)
{
    double vmax = 0;
    size_t nbc = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = pk_jat(bd->scn[s], "benefit_cost");
        if (!cJSON_IsObject(bc))
            continue;
        nbc++;
        double sv = pk_jnum(bc, "annual_savings_usd.mean")
                  + fmax(0, pk_jnum(bc, "annual_savings_usd.ci95"));
        double v = fmax(sv, pk_jnum(bc, "annual_cost_usd"));
        if (v > vmax)
            vmax = v;
    }
    if (nbc == 0)
        return 0;
    const char *unit;
    double sc = pk_usd_scale(vmax, &unit);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160];
    batch_basis(bd, basis, sizeof basis);
    int year = pk_jint(bd->scn[1], "benefit_cost.price_year");
    fprintf(d, "# benefit_cost.dat - per proposal with an investment block, from\n"
               "# ../comparison.json scenarios[].benefit_cost (%s), in %s of %d per year.\n"
               "# Columns: x  annual_savings  savings_ci95  annual_cost  label_y  colour  "
               "proposal  bcr_label\n", basis, unit, year);
    double top = 0;
    size_t k = benefit_cost_rows(d, bd, sc, &top);
    double ymin = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = pk_jat(bd->scn[s], "benefit_cost");
        double lo = (pk_jnum(bc, "annual_savings_usd.mean")
                     - fmax(0, pk_jnum(bc, "annual_savings_usd.ci95"))) / sc;
        if (cJSON_IsObject(bc) && lo < ymin)
            ymin = lo;
    }
    pk_gp_head(f, r, "benefit_cost", "annual savings and annual cost per proposal, with the "
                                     "benefit-cost ratio", "../comparison.json");
    fprintf(f, "set ylabel \"%s of %d per year\"\n"
               "set xrange [-0.7:%g]\n"
               "set yrange [%g:%g]\n"
               "set xtics nomirror\n"
               "set grid noxtics ytics\n"
               "set xzeroaxis lt 1 lc rgb \"#404040\"\n"
               "set boxwidth 0.32\n"
               "set style fill solid 0.85 border rgb \"#404040\"\n"
               "set key outside bottom center horizontal height 1\n"
               "set lmargin 12\n"
               "set rmargin 6\n"
               "set bmargin 5\n"
               "set title \"Benefit-cost per proposal: annual savings in the cost of waiting vs "
               "annual cost\\nBCR = present value of savings / present value of costs [95%% "
               "interval]\\n%s\" font \",13\"\n",
            unit, year, (double)k - 0.3, ymin < 0 ? -pk_axis_max(-ymin) : 0,
            pk_axis_max(top) * 1.15, basis);
    pk_gp_loop(f, 1, 80);
    fprintf(f, "    plot 'benefit_cost.dat' using ($1-0.17):2:6:xtic(7) with boxes "
               "lc rgb variable notitle, \\\n"
               "         '' using ($1-0.17):2:3 with yerrorbars pt 7 ps 0.7 lw 2 "
               "lc rgb \"#202020\" "
               "notitle, \\\n"
               "         '' using ($1+0.17):4:6 with boxes fs pattern 4 border rgb \"#404040\" "
               "lc rgb variable notitle, \\\n"
               "         '' using 1:5:8 with labels offset 0,1.2 font \",11\" notitle, \\\n"
               "         NaN with boxes fs solid 0.85 lc rgb \"#808080\" "
               "title \"annual savings (95%% interval)\", \\\n"
               "         NaN with boxes fs pattern 4 lc rgb \"#808080\" title \"annual cost\"\n");
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Benefit–cost per proposal with an investment: annual savings in "
                              "the "
                              "cost of waiting (solid, 95%% interval) against annual cost "
                              "(hatched), USD of %d; benefit–cost ratio with its interval (%s).",
             year, basis);
    return pk_emit(r, ps, "benefit_cost", cap, &dat, &gp, e);
}

static void put_swatch(FILE *f, size_t s)
{
    fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>", pk_scn_colour(s));
}

/* The key numbers: each scenario's mean wait, and its paired difference. */
static void report_batch_keys(FILE *f, const struct batchdata *bd)
{
    fputs("<h2>Key numbers</h2>\n<dl class=\"keys\">\n", f);
    for (size_t s = 0; s < bd->ns; s++) {
        const cJSON *o = pk_jat(bd->scn[s], "overall");
        char id[32];
        fputs("<div><dt>", f);
        put_swatch(f, s);
        pk_put_html(f, pk_jstr(bd->scn[s], "name"));
        fprintf(f, "%s: mean wait</dt><dd>", s ? "" : " (baseline)");
        snprintf(id, sizeof id, "k-%zu-wait", s);
        fprintf(f, "<span id=\"%s\">", id);
        pk_put_num(f, pk_jnum(o, "wait_min.mean"), 2);
        fputs("</span> <span class=\"unit\">min</span>", f);
        pk_put_pm(f, pk_jnum(o, "wait_min.ci95"), 2);
        if (s) {
            fprintf(f, "<br><span class=\"unit\">Δ <span id=\"k-%zu-delta\">", s);
            pk_put_num(f, pk_jnum(o, "delta.wait_min.mean"), 2);
            fputs("</span> min</span>", f);
            pk_put_pm(f, pk_jnum(o, "delta.wait_min.ci95"), 2);
        }
        fputs("</dd></div>\n", f);
    }
    fputs("</dl>\n", f);
}

/* A number with its interval in a cell, from x's entry at path (".mean" and
 * ".ci95" appended), the cell left empty when blank. */
static void put_est_cell(FILE *f, const cJSON *x, const char *path, int dec, bool usd,
                         bool blank)
{
    char m[96], h[96];
    snprintf(m, sizeof m, "%s.mean", path);
    snprintf(h, sizeof h, "%s.ci95", path);
    fputs("</td><td class=\"n\">", f);
    if (blank)
        return;
    if (usd) {
        pk_put_usd(f, pk_jnum(x, m));
        pk_put_pm_usd(f, pk_jnum(x, h));
    } else {
        pk_put_num(f, pk_jnum(x, m), dec);
        pk_put_pm(f, pk_jnum(x, h), dec);
    }
}

/* The smallest share still in the port at the end the report shows (its
 * precision, 0.1%). */
#define LEFT_SHOWN_SHARE 0.001

/* Does any scenario have crossers left at the end (left) or arrivals while
 * a facility was closed (closed)?  Then the table has their columns. */
static void batch_extra(const struct batchdata *bd, bool *left, bool *closed)
{
    *left = *closed = false;
    for (size_t s = 0; s < bd->ns; s++)
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            *left |= pk_jnum(x, "remaining_share") >= LEFT_SHOWN_SHARE;
            *closed |= pk_jnum(x, "closed_arrivals_per_day.mean") > 0;
        }
}

/* The extra cells of a row of the comparison table. */
static void put_extra_cells(FILE *f, const cJSON *x, bool left, bool closed, bool base)
{
    if (left) {
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, 100 * pk_jnum(x, "remaining_share"), 1);
    }
    if (closed) {
        double n = pk_jnum(x, "closed_arrivals_per_day.mean");
        fputs("</td><td class=\"n\">", f);
        pk_put_int(f, n);
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, n > 0 ? pk_jnum(x, "closed_wait_min.mean") : NAN, 1);
        put_est_cell(f, x, "queue_wait_min", 2, false, false);
        put_est_cell(f, x, "delta.queue_wait_min", 2, false, base);
    }
}

/* The rows of a comparison table, a scenario's queues after another: the
 * waits, costs and differences, or (extra) the crossers left at the end
 * and the waiting for the opening. */
static void put_table_rows(FILE *f, const struct batchdata *bd, bool extra, bool left,
                           bool closed)
{
    for (size_t s = 0; s < bd->ns; s++)
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            if (!x)
                continue;
            char lab[64];
            pk_grp_label(&bd->g[i], true, lab, sizeof lab);
            fprintf(f, "<tr%s><td>", pk_grp_all(&bd->g[i]) ? " style=\"font-weight:600\"" : "");
            put_swatch(f, s);
            pk_put_html(f, pk_jstr(bd->scn[s], "name"));
            fputs("</td><td>", f);
            pk_put_html(f, lab);
            if (extra) {
                put_extra_cells(f, x, left, closed, s == 0);
            } else {
                put_est_cell(f, x, "wait_min", 2, false, false);
                put_est_cell(f, x, "delta.wait_min", 2, false, s == 0);
                put_est_cell(f, x, "wait_p95_min", 1, false, false);
                put_est_cell(f, x, "delta.wait_p95_min", 1, false, s == 0);
                put_est_cell(f, x, "cost_usd_per_day", 0, true, false);
                put_est_cell(f, x, "delta.cost_usd_per_day", 0, true, s == 0);
            }
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody>\n</table>\n", f);
}

/* The comparison table: every scenario's queues, with the differences;
 * then, where any scenario has them, crossers left at the end and arrivals
 * while closed in a table of their own. */
static void report_batch_table(FILE *f, const struct batchdata *bd)
{
    bool left, closed;
    batch_extra(bd, &left, &closed);
    fputs("<h2>Comparison</h2>\n<table>\n<thead><tr><th>scenario</th><th>queue</th>"
          "<th>mean wait (min)</th><th>Δ mean wait (min)</th><th>p95 wait (min)</th>"
          "<th>Δ p95 wait (min)</th><th>cost / day (USD)</th><th>Δ cost / day (USD)</th>"
          "</tr></thead>\n<tbody>\n", f);
    put_table_rows(f, bd, false, left, closed);
    if (!left && !closed)
        return;
    fprintf(f, "<h3>%s%s%s</h3>\n<table>\n<thead><tr><th>scenario</th><th>queue</th>",
            closed ? "Waiting for the opening" : "",
            closed && left ? ", and crossers" : left ? "Crossers" : "",
            left ? " still in the port at the end" : "");
    if (left)
        fputs("<th>still in the port at the end (%)</th>", f);
    if (closed)
        fputs("<th>arrived while closed / day</th><th>their wait for the opening (min)</th>"
              "<th>mean wait in the queue (min)</th><th>Δ mean wait in the queue (min)</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    put_table_rows(f, bd, true, left, closed);
    if (left)
        fputs("<p class=\"meta\">Still in the port at the end: crossers who had not reached a "
              "booth when the run ended, left out of the mean wait and the cost (which "
              "understate the delay where the share is large).</p>\n", f);
    if (closed)
        fputs("<p class=\"meta\">Arrived while closed: crossers who waited at the gate for "
              "their facility to open; that wait is in the mean wait and (valued by "
              "<code>costs.closed_wait_value</code>) in the cost. The mean wait in the queue "
              "counts theirs from the opening, so that widening the hours shows apart from "
              "shortening the queue.</p>\n", f);
}

/* A BCR with its interval, as the table on stdout says it: "1.81 [0.00,
 * 3.62]", an end below 0 as "<0", and no ratio at all in words. */
static void put_bcr(FILE *f, const cJSON *bc, size_t s)
{
    double bcr = pk_jnum(bc, "bcr.value"), lo = pk_jnum(bc, "bcr.low"),
           hi = pk_jnum(bc, "bcr.high");
    fprintf(f, "<span id=\"k-%zu-bcr\">", s);
    if (isnan(bcr)) {
        fputs("none</span>: no net cost to weigh the savings against (see the NPV)", f);
        return;
    }
    if (bcr < 0) {
        fputs("none</span>: costs exceed benefits (the proposal raises the cost of waiting)",
              f);
        return;
    }
    pk_put_num(f, bcr, 2);
    fputs("</span> <span class=\"pm\">[", f);
    if (lo < 0)
        fputs("&lt;0", f);
    else
        pk_put_num(f, lo, 2);
    fputs(", ", f);
    pk_put_num(f, hi, 2);
    fputs("]</span>", f);
}

/* The benefit-cost tables of the proposals with an investment, if any:
 * what each costs (capital, yearly operations and the staffing of its
 * added booth-hours), then what it returns (savings, NPV and BCR with their
 * intervals). */
static void report_benefit_cost(FILE *f, const struct batchdata *bd)
{
    bool any_bc = false;
    for (size_t s = 1; s < bd->ns; s++)
        any_bc |= cJSON_IsObject(pk_jat(bd->scn[s], "benefit_cost"));
    if (!any_bc)
        return;
    for (int part = 0; part < 2; part++) {
        fputs(part ? "<h3>What each proposal returns</h3>\n<table>\n<thead><tr><th>proposal</th>"
                     "<th>savings / day (USD)</th><th>annual savings (USD)</th>"
                     "<th>NPV (USD)</th><th>benefit–cost ratio [95% interval]</th>"
                     "</tr></thead>\n<tbody>\n"
                   : "<h2>Benefit–cost</h2>\n<h3>What each proposal costs</h3>\n<table>\n"
                     "<thead><tr><th>proposal</th><th>capital (USD)</th>"
                     "<th>operations / year (USD)</th><th>Δ booth-hours / day</th>"
                     "<th>staffing / year (USD)</th><th>annual cost (USD)</th>"
                     "<th>life (years)</th><th>discount rate</th></tr></thead>\n<tbody>\n", f);
        for (size_t s = 1; s < bd->ns; s++) {
            const cJSON *bc = pk_jat(bd->scn[s], "benefit_cost");
            if (!cJSON_IsObject(bc))
                continue;
            fputs("<tr><td>", f);
            put_swatch(f, s);
            pk_put_html(f, pk_jstr(bd->scn[s], "name"));
            if (part) {
                put_est_cell(f, bc, "savings_usd_per_day", 0, true, false);
                put_est_cell(f, bc, "annual_savings_usd", 0, true, false);
                put_est_cell(f, bc, "npv_usd", 0, true, false);
                fputs("</td><td>", f);
                put_bcr(f, bc, s);
                fputs("</td></tr>\n", f);
                continue;
            }
            fprintf(f, "</td><td class=\"n\"><span id=\"k-%zu-capital\">", s);
            pk_put_usd(f, pk_jnum(bc, "capital_usd"));
            fputs("</span></td><td class=\"n\">", f);
            pk_put_usd(f, pk_jnum(bc, "om_usd_per_year"));
            fputs("</td><td class=\"n\">", f);
            pk_put_num(f, pk_jnum(bc, "delta_booth_hours_per_day"), 1);
            fputs("</td><td class=\"n\">", f);
            pk_put_usd(f, pk_jnum(bc, "staffing_usd_per_year"));
            fputs("</td><td class=\"n\">", f);
            pk_put_usd(f, pk_jnum(bc, "annual_cost_usd"));
            fputs("</td><td class=\"n\">", f);
            pk_put_num(f, pk_jnum(bc, "life_years"), 0);
            fputs("</td><td class=\"n\">", f);
            pk_put_num(f, 100 * pk_jnum(bc, "discount_rate"), 1);
            fputs("%</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("<p class=\"meta\">Annual cost: operations plus the staffing of the booth-hours the "
          "proposal adds (its staffed booth-hours a day minus the baseline's). BCR: present "
          "value of the savings over capital plus the present value of the annual cost; its "
          "interval maps the ends of the savings' interval. A proposal that raises the cost of "
          "waiting has no ratio.</p>\n", f);
}

/* The warnings of the batch (comparison.json), each once, labelled with
 * the scenarios it applies to. */
static void report_batch_warnings(FILE *f, const struct batchdata *bd)
{
    const cJSON *w = pk_jat(bd->cmp, "warnings"), *x;
    if (cJSON_GetArraySize(w) <= 0)
        return;
    fputs("<h2 id=\"warnings\">Warnings</h2>\n<ul class=\"warn\">\n", f);
    cJSON_ArrayForEach(x, w) {
        const cJSON *n;
        int k = 0;
        fputs("<li><b>", f);
        cJSON_ArrayForEach(n, pk_jat(x, "scenarios"))
            if (cJSON_IsString(n)) {
                fputs(k++ ? ", " : "", f);
                pk_put_html(f, n->valuestring);
            }
        fputs("</b>: ", f);
        pk_put_html(f, pk_jstr(x, "text"));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* Each scenario: a link to its own report and its wait-by-hour plot.
 * Returns the SVGs inlined. */
static int report_batch_scenarios(FILE *f, const struct batchdata *bd)
{
    int nsvg = 0;
    fputs("<h2>Scenarios</h2>\n<p>Each scenario's own report has its key numbers, queue table "
          "and every run plot.</p>\n", f);
    for (size_t s = 0; s < bd->ns; s++) {
        const char *name = pk_jstr(bd->scn[s], "name");
        char sub[FSET_PATH_MAX], spdir[FSET_PATH_MAX];
        pk_path_join(sub, bd->dir, name);
        pk_path_join(spdir, sub, "plots");
        fputs("<h3>", f);
        put_swatch(f, s);
        pk_put_html(f, name);
        fprintf(f, "%s</h3>\n<p class=\"meta\">", s ? "" : " (baseline)");
        pk_put_html(f, pk_jstr(bd->scn[s], "title"));
        fputs(" — <a href=\"", f);
        pk_put_html(f, name);
        fputs("/report.html\">full report</a></p>\n", f);
        struct err e = { 0 };
        cJSON *sum = pk_file_exists(sub, "summary.json") ? pk_json_load(sub, "summary.json", &e)
                                                         : NULL;
        if (sum)
            pk_put_sources(f, sum, "h4");
        cJSON_Delete(sum);
        char rel[FSET_PATH_MAX], pre[64], cap[512];
        pk_pathf(rel, "%s/plots", name);
        snprintf(pre, sizeof pre, "s%zu-wait_by_hour", s);
        snprintf(cap, sizeof cap, "%s: mean wait by hour of day, per queue (95%% band).", name);
        if (pk_file_exists(spdir, "wait_by_hour.gp"))
            nsvg += pk_put_figure(f, spdir, rel, "wait_by_hour", cap, pre);
    }
    return nsvg;
}

static int report_batch(const struct batchdata *bd, const struct pk_plotset *ps, struct err *e)
{
    struct pk_text t;
    const cJSON *c = bd->cmp;
    if (pk_report_begin(&t, "batch", "Batch: ", pk_jstr(c, "baseline"), e) != 0)
        return -1;
    FILE *f = t.f;
    char basis[160];
    batch_basis(bd, basis, sizeof basis);
    fprintf(f, " and %zu proposal%s</h1>\n<p class=\"meta\">%s; seed %.0f; poesim ",
            bd->ns - 1, bd->ns == 2 ? "" : "s", basis, pk_jnum(c, "seed"));
    pk_put_html(f, pk_jstr(c, "poesim_version"));
    fputs(". Differences are proposal − baseline, paired by replication, with paired-t 95% "
          "half-widths.</p>\n", f);
    report_batch_warnings(f, bd);
    report_batch_keys(f, bd);
    report_batch_table(f, bd);
    report_benefit_cost(f, bd);
    int nsvg = pk_put_plots(f, ps);
    nsvg += report_batch_scenarios(f, bd);
    fputs("<h2>Files</h2>\n<p><a href=\"comparison.csv\">comparison.csv</a>, "
          "<a href=\"comparison.json\">comparison.json</a>, "
          "<a href=\"benefit_cost.csv\">benefit_cost.csv</a>; each plot's gnuplot script and "
          "data in <code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, bd->dir, "report.html", e);
}

int pk_plot_batch(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct batchdata bd;
    struct pk_plotset *ps = NULL;
    int rc = -1;
    if (batch_load(&bd, dir, e) != 0 || !(ps = pk_plots_open(dir, e)))
        goto done;
    char up[300];
    snprintf(up, sizeof up, "batch %s", pk_jstr(bd.cmp, "baseline"));
    for (size_t s = 0; s < bd.ns; s++)
        if (pk_plot_sub_run(dir, pk_jstr(bd.scn[s], "name"), r, up, e) != 0)
            goto done;
    if (plot_batch_wait(&bd, r, ps, e) != 0 || plot_batch_delta(&bd, r, ps, e) != 0
        || plot_batch_hourly(&bd, r, ps, e) != 0 || plot_benefit_cost(&bd, r, ps, e) != 0)
        goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_batch(&bd, ps, e) : -1;
done:
    batchdata_free(&bd);
    free(ps);
    return rc;
}

