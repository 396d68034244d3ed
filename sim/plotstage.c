/*
 * plotstage.c - the plot and the report section of a run whose scenario
 * has stages in series (part of the plot module; see plotkit.h).
 *
 * A crossing through a chain of stages (Mexican export, CBP, the state's
 * inspection) is read as RFID studies at Texas and California crossings
 * report it: the crossing time by hour of the day, split into segments.
 * Here a segment is a stage's line, its inspections or the time a crosser
 * was held at its booth because the next stage was full (blocked), drawn
 * as stacked bars for each hour of arrival, one panel per group of a chain.
 * The data come from hourly.csv's stage columns (stage.NAME.queue_min,
 * .inspection_min, .blocked_min), averaged over the measured days with
 * each row weighted by the days it pools; the stages and their order from
 * summary.json's "chains".  A folder without chains has neither plot nor
 * section.  Small work: 24 hours x a few groups x a few stages.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"

#define STAGE_PARTS 3           /* in line, inspected, blocked */
#define STAGES_SHOWN 8          /* stages of a chain (SCN_CHAIN_MAX) */
#define NAME_LEN 64

static const char *const part_col[STAGE_PARTS] = {"queue_min", "inspection_min", "blocked_min"};
static const char *const part_label[STAGE_PARTS] = {"in line", "inspected", "blocked"};

/* One panel: a group of a chain, its stages, and the mean minutes of each
 * stage and part by hour of day. */
struct stage_panel {
    struct pk_grp g;
    int n;                                  /* stages */
    char stage[STAGES_SHOWN][NAME_LEN];
    double sum[STAGES_SHOWN][STAGE_PARTS][24], days[STAGES_SHOWN][STAGE_PARTS][24];
};

struct stagedata {
    const cJSON *sum;
    int reps, days;
    struct stage_panel *p;
    size_t np;
};

/* The panels of summary.json's groups whose direction and mode have a
 * chain, each with the stages its programme passes (its "stages"). */
static int panels_from_summary(struct stagedata *sd, struct err *e)
{
    const cJSON *g;
    size_t n = 0;
    cJSON_ArrayForEach(g, pk_jat(sd->sum, "groups"))
        n += pk_jat(g, "stages") != NULL;
    if (n == 0)
        return 0;
    if (!(sd->p = calloc(n, sizeof *sd->p)))
        return err_set(e, EXIT_FAIL, "out of memory");
    cJSON_ArrayForEach(g, pk_jat(sd->sum, "groups")) {
        const cJSON *st = pk_jat(g, "stages"), *x;
        if (!st)
            continue;
        struct stage_panel *p = &sd->p[sd->np++];
        snprintf(p->g.dir, sizeof p->g.dir, "%s", pk_jstr(g, "direction"));
        snprintf(p->g.mode, sizeof p->g.mode, "%s", pk_jstr(g, "mode"));
        snprintf(p->g.prog, sizeof p->g.prog, "%s", pk_jstr(g, "program"));
        cJSON_ArrayForEach(x, st)
            if (p->n < STAGES_SHOWN)
                snprintf(p->stage[p->n++], NAME_LEN, "%s", pk_jstr(x, "stage"));
    }
    return 0;
}

/* Adds hourly.csv's stage columns into the panels. */
static int stage_hours(struct stagedata *sd, const char *dir, struct err *e)
{
    struct pk_csv c;
    if (pk_csv_load(dir, "hourly.csv", &c, e) != 0)
        return -1;
    int chour = pk_csv_col(&c, "hour"), cdays = pk_csv_col(&c, "days"),
        cdir = pk_csv_col(&c, "direction"), cmode = pk_csv_col(&c, "mode"),
        cprog = pk_csv_col(&c, "program");
    if (chour < 0 || cdir < 0 || cmode < 0 || cprog < 0) {
        pk_csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/hourly.csv: missing columns (hour, direction, mode, "
                                     "program)", dir);
    }
    for (size_t i = 0; i < sd->np; i++) {
        struct stage_panel *p = &sd->p[i];
        int col[STAGES_SHOWN][STAGE_PARTS];
        for (int k = 0; k < p->n; k++)
            for (int j = 0; j < STAGE_PARTS; j++) {
                char name[NAME_LEN + 32];
                snprintf(name, sizeof name, "stage.%s.%s", p->stage[k], part_col[j]);
                col[k][j] = pk_csv_col(&c, name);
            }
        for (size_t r = 1; r < c.nrow; r++) {
            if (!pk_grp_is(&p->g, pk_csv_str(&c, r, cdir), pk_csv_str(&c, r, cmode),
                           pk_csv_str(&c, r, cprog)))
                continue;
            double hr = pk_csv_num(&c, r, chour), n = cdays >= 0 ? pk_csv_num(&c, r, cdays) : 1;
            if (!(hr >= 0 && hr < 24))
                continue;
            if (!(n > 0))
                n = 1;
            for (int k = 0; k < p->n; k++)
                for (int j = 0; j < STAGE_PARTS; j++) {
                    double v = pk_csv_num(&c, r, col[k][j]);
                    if (isnan(v))
                        continue;
                    p->sum[k][j][(int)hr] += n * v;
                    p->days[k][j][(int)hr] += n;
                }
        }
    }
    pk_csv_free(&c);
    return 0;
}

/* The mean minutes of panel p's stage k, part j, in hour hr (0 if no day
 * had a crosser then: nothing to stack). */
static double part_mean(const struct stage_panel *p, int k, int j, int hr)
{
    return p->days[k][j][hr] > 0 ? p->sum[k][j][hr] / p->days[k][j][hr] : 0;
}

/* stages_by_hour.dat: a block per panel, a row per hour with the tops of
 * the stacked segments (stage by stage, each in line, inspected,
 * blocked), and their largest top in *ymax. */
static void stages_data(FILE *d, const struct stagedata *sd, double *ymax)
{
    fprintf(d, "# stages_by_hour.dat - crossing time by hour of arrival, split by stage and\n"
               "# part, from ../hourly.csv (mean of %d replication%s over %d measured day%s;\n"
               "# each value the mean over the days, a row pooling days by weekday weighing\n"
               "# its days; an hour nobody crossed in counts 0).\n"
               "# Columns: hour, then the cumulative top (minutes) of each segment in order:\n"
               "# for each stage of the panel, in line, inspected, blocked.\n",
            sd->reps, sd->reps == 1 ? "" : "s", sd->days, sd->days == 1 ? "" : "s");
    for (size_t i = 0; i < sd->np; i++) {
        const struct stage_panel *p = &sd->p[i];
        char lab[64];
        pk_grp_label(&p->g, true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s; segments:", i ? "\n\n" : "", i, lab);
        for (int k = 0; k < p->n; k++)
            for (int j = 0; j < STAGE_PARTS; j++)
                fprintf(d, " %s/%s", p->stage[k], part_label[j]);
        fputc('\n', d);
        for (int hr = 0; hr < 24; hr++) {
            double top = 0;
            fprintf(d, "%2d", hr);
            for (int k = 0; k < p->n; k++)
                for (int j = 0; j < STAGE_PARTS; j++) {
                    top += part_mean(p, k, j, hr);
                    pk_dat_num(d, top);
                }
            fputc('\n', d);
            if (top > *ymax)
                *ymax = top;
        }
    }
}

/* stages_by_hour.gp: a panel per group, each segment a box between the
 * segments below and its own top: a stage's colour, solid in line, lighter
 * inspected, hatched blocked (the key lists them from the top). */
static void stages_script(FILE *f, const struct stagedata *sd, const struct pk_renderer *r,
                          double ymax)
{
    pk_gp_head(f, r, "stages_by_hour",
               "crossing time by hour of arrival, stacked by stage (in line, inspected, "
               "blocked), a panel per group of a chain", "../hourly.csv");
    fprintf(f, "set xlabel \"hour of arrival (h)\"\n"
               "set ylabel \"minutes per crosser\"\n"
               "set xrange [-0.5:23.5]\n"
               "set xtics 0,3,23\n"
               "set yrange [0:%g]\n"
               "dx = 0.42          # half the width of a bar (hours)\n"
               "set key outside right top vertical Left reverse samplen 2\n"
               "set lmargin 10\n"
               "set rmargin 30\n", pk_axis_max(ymax));
    pk_gp_loop(f, (int)sd->np, 0);
    fprintf(f, "    set multiplot layout %zu,1 title \"Crossing time by hour of arrival, by stage "
               "(joining the first line to leaving the last stage)\\nmean of %d replication%s "
               "over %d measured day%s\" font \",13\"\n", sd->np, sd->reps,
            sd->reps == 1 ? "" : "s", sd->days, sd->days == 1 ? "" : "s");
    static const char *const fill[STAGE_PARTS] = {
        "fs solid 0.9 border rgb \"#404040\"", "fs solid 0.4 border rgb \"#404040\"",
        "fs pattern 4 border rgb \"#404040\""
    };
    for (size_t i = 0; i < sd->np; i++) {
        const struct stage_panel *p = &sd->p[i];
        char lab[64];
        pk_grp_label(&p->g, true, lab, sizeof lab);
        fprintf(f, "    set title ");
        pk_gp_q(f, lab);
        fprintf(f, "\n    plot \\\n");
        int nseg = p->n * STAGE_PARTS;
        for (int s = nseg - 1; s >= 0; s--) {
            int k = s / STAGE_PARTS, j = s % STAGE_PARTS;
            char title[NAME_LEN + 32], lo[16];
            snprintf(title, sizeof title, "%s: %s", p->stage[k], part_label[j]);
            snprintf(lo, sizeof lo, s > 0 ? "$%d" : "0", s + 1);
            /* A segment is a box from the top of the one below to its own. */
            fprintf(f, "        'stages_by_hour.dat' index %zu using 1:(($%d+%s)/2):(dx):(($%d-%s)/2) "
                       "with boxxyerror %s lc rgb \"%s\" title ", i, s + 2, lo, s + 2, lo, fill[j],
                    pk_scn_colour((size_t)k));
            pk_gp_q(f, title);
            fprintf(f, "%s\n", s > 0 ? ", \\" : "");
        }
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

int pk_plot_stages(const char *dir, const struct pk_renderer *r, struct pk_plotset *ps,
                   struct err *e)
{
    struct stagedata sd = {0};
    int rc = -1;
    if (!(sd.sum = pk_json_load(dir, "summary.json", e)))
        return -1;
    sd.reps = pk_jint(sd.sum, "replications");
    sd.days = pk_jint(sd.sum, "days");
    if (panels_from_summary(&sd, e) != 0)
        goto done;
    if (sd.np == 0) {
        rc = 0;
        goto done;
    }
    if (stage_hours(&sd, dir, e) != 0)
        goto done;
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        goto done;
    double ymax = 0;
    stages_data(dat.f, &sd, &ymax);
    stages_script(gp.f, &sd, r, ymax);
    char cap[512];
    snprintf(cap, sizeof cap, "Crossing time by hour of arrival, split by stage: the time in "
                              "each stage's line (solid), inspected there, primary and side "
                              "inspection (light), and blocked, held at its booth while the "
                              "next stage was full (hatched); mean of %d replication%s over %d "
                              "measured day%s.", sd.reps, sd.reps == 1 ? "" : "s", sd.days,
             sd.days == 1 ? "" : "s");
    rc = pk_emit(r, ps, "stages_by_hour", cap, &dat, &gp, e);
done:
    free(sd.p);
    cJSON_Delete((cJSON *)sd.sum);
    return rc;
}

void pk_put_stages(FILE *f, const cJSON *sum)
{
    const cJSON *g, *x;
    bool any = false;
    cJSON_ArrayForEach(g, pk_jat(sum, "groups"))
        any = any || pk_jat(g, "stages") != NULL;
    if (!any)
        return;
    fputs("<h2>Crossing time by stage</h2>\n<p class=\"meta\">Joining the first line to leaving "
          "the last stage, minutes per crosser (± the half-width of the 95% interval): the "
          "stages each programme passes, in order; blocked is the time held at a booth or "
          "side-inspection space while the next stage was full.</p>\n<table>\n<thead><tr>"
          "<th>direction</th><th>mode</th><th>programme</th><th>stage</th><th>in line</th>"
          "<th>inspected</th><th>blocked</th><th>at the stage</th><th>booths open</th>"
          "<th>utilisation (%)</th></tr></thead>\n<tbody>\n", f);
    cJSON_ArrayForEach(g, pk_jat(sum, "groups")) {
        const cJSON *st = pk_jat(g, "stages");
        if (!st)
            continue;
        cJSON_ArrayForEach(x, st) {
            fputs("<tr><td>", f);
            pk_put_html(f, pk_jstr(g, "direction"));
            fputs("</td><td>", f);
            pk_put_html(f, pk_jstr(g, "mode"));
            fputs("</td><td>", f);
            pk_put_html(f, pk_jstr(g, "program"));
            fputs("</td><td>", f);
            pk_put_html(f, pk_jstr(x, "stage"));
            fputs("</td>", f);
            static const char *const keys[] = {"queue_min", "inspection_min", "blocked_min"};
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
                char path[64];
                fputs("<td class=\"n\">", f);
                snprintf(path, sizeof path, "%s.mean", keys[k]);
                pk_put_num(f, pk_jnum(x, path), 1);
                snprintf(path, sizeof path, "%s.ci95", keys[k]);
                pk_put_pm(f, pk_jnum(x, path), 1);
                fputs("</td>", f);
            }
            pk_td_num(f, pk_jnum(x, "time_min"), 1);
            pk_td_num(f, pk_jnum(x, "booths_open.mean"), 1);
            pk_td_num(f, 100 * pk_jnum(x, "utilisation.mean"), 1);
            fputs("</tr>\n", f);
        }
        fputs("<tr><th colspan=\"4\">crossing</th><td class=\"n\" colspan=\"4\">", f);
        pk_put_num(f, pk_jnum(g, "crossing_min.mean"), 1);
        pk_put_pm(f, pk_jnum(g, "crossing_min.ci95"), 1);
        fputs(" (p95 ", f);
        pk_put_num(f, pk_jnum(g, "crossing_min.p95.mean"), 1);
        fputs(")</td><td colspan=\"2\"></td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}
