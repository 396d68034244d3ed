/*
 * plotassess.c - the plot and report of an assessment folder (poesim
 * assess; part of the plot module, see plotkit.h).
 *
 * One plot, assess_advantage: for each programme assessed, a panel of its
 * advantage over General (minutes a crossing) against its share, one line
 * with its 95% band for its lanes as they are and one for lanes in
 * proportion to its share, the current share marked, and the levels where
 * the advantage has halved and vanished drawn across.  The report states
 * the finding in words (assess.json's "finding" of each programme), then
 * the table and the plot.  Reads assess.csv and assess.json only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"

#define VARIANTS 2
#define AXIS_ABOVE 4.0          /* the y axis up to this many times the largest advantage */
#define AXIS_BELOW 2.0          /* and down to minus this many times */

static const char *const variant_names[VARIANTS] = {"fixed", "proportional"};

/* assess_advantage.dat: a block per programme and variant (index 2i + v):
 * share (%), advantage, its band; and the top of the values in *ymax, the
 * bottom in *ymin. */
static int advantage_data(FILE *d, const struct pk_csv *c, const cJSON *progs, double *ymin,
                          double *ymax, const char *dir, struct err *e)
{
    int cd = pk_csv_col(c, "direction"), cm = pk_csv_col(c, "mode"), cp = pk_csv_col(c, "program"),
        cv = pk_csv_col(c, "variant"), cs = pk_csv_col(c, "share"),
        ca = pk_csv_col(c, "advantage_mean_min"), ch = pk_csv_col(c, "advantage_ci95_min");
    if (cd < 0 || cm < 0 || cp < 0 || cv < 0 || cs < 0 || ca < 0 || ch < 0)
        return err_set(e, EXIT_FAIL, "%s/assess.csv: missing columns", dir);
    fprintf(d, "# assess_advantage.dat - each programme's advantage over General (minutes of\n"
               "# crossing time a crossing, paired within each replication) against its share,\n"
               "# from ../assess.csv.  A block per programme and way of giving it lanes (index\n"
               "# 2i: lanes as they are; 2i+1: in proportion to its share).\n"
               "# Columns: share_pct  advantage_min  low_min  high_min\n");
    const cJSON *p;
    int i = 0;
    cJSON_ArrayForEach(p, progs) {
        for (int v = 0; v < VARIANTS; v++) {
            fprintf(d, "%s# index %d: %s %s %s, %s\n", i || v ? "\n\n" : "", 2 * i + v,
                    pk_jstr(p, "direction"), pk_jstr(p, "mode"), pk_jstr(p, "program"),
                    variant_names[v]);
            for (size_t r = 1; r < c->nrow; r++) {
                if (strcmp(pk_csv_str(c, r, cd), pk_jstr(p, "direction")) != 0
                    || strcmp(pk_csv_str(c, r, cm), pk_jstr(p, "mode")) != 0
                    || strcmp(pk_csv_str(c, r, cp), pk_jstr(p, "program")) != 0
                    || strcmp(pk_csv_str(c, r, cv), variant_names[v]) != 0)
                    continue;
                double a = pk_csv_num(c, r, ca), h = pk_csv_num(c, r, ch);
                if (isnan(h))
                    h = 0;
                pk_dat_num(d, 100 * pk_csv_num(c, r, cs));
                pk_dat_num(d, a);
                pk_dat_num(d, a - h);
                pk_dat_num(d, a + h);
                fputc('\n', d);
                if (a + h > *ymax)
                    *ymax = a + h;
                if (a - h < *ymin)
                    *ymin = a - h;
            }
        }
        i++;
    }
    return 0;
}

static void advantage_script(FILE *f, const struct pk_renderer *r, const cJSON *root,
                             double ymin, double ymax)
{
    const cJSON *progs = pk_jat(root, "programmes"), *p;
    int n = cJSON_GetArraySize(progs);
    pk_gp_head(f, r, "assess_advantage", "each programme's advantage over General against its "
               "share, lanes fixed and in proportion", "../assess.csv");
    /* The axis shows the curves around the current advantages: from
     * AXIS_BELOW to AXIS_ABOVE times the largest; beyond, lines run off the
     * plot (assess.csv holds every value). */
    double amax = 0;
    cJSON_ArrayForEach(p, progs)
        amax = fmax(amax, fabs(pk_jnum(p, "advantage_min.mean")));
    if (amax > 0) {
        ymax = fmin(ymax, AXIS_ABOVE * amax);
        ymin = fmax(ymin, -AXIS_BELOW * amax);
    }
    double lo = ymin < 0 ? -pk_axis_max(-ymin) : 0;
    fprintf(f, "set xlabel \"programme's share of its direction and mode (%%)\"\n"
               "set ylabel \"advantage over General (min a crossing)\"\n"
               "set xrange [0:100]\n"
               "set yrange [%g:%g]\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 34\n", lo, pk_axis_max(ymax));
    pk_gp_loop(f, n, 0);
    fprintf(f, "    set multiplot layout %d,1 title \"Advantage of each programme over General "
               "against its share\\nmean of %d replications, paired; bands: 95%% interval\" "
               "font \",13\"\n", n, pk_jint(root, "replications"));
    int i = 0;
    cJSON_ArrayForEach(p, progs) {
        double s0 = 100 * pk_jnum(p, "share"), a0 = pk_jnum(p, "advantage_min.mean");
        fprintf(f, "    set title \"%s %s %s: current share %.0f%%, advantage %.1f min\"\n",
                pk_jstr(p, "direction"), pk_jstr(p, "mode"), pk_jstr(p, "program"), s0, a0);
        fprintf(f, "    unset arrow\n"
                   "    set arrow from %g, graph 0 to %g, graph 1 nohead dt 2 lc rgb \"#404040\"\n",
                s0, s0);
        fprintf(f, "    plot \\\n"
                   "        %g with lines dt 3 lc rgb \"#808080\" title \"half the current "
                   "advantage\", \\\n"
                   "        0 with lines lc rgb \"#404040\" notitle, \\\n", a0 / 2);
        for (int v = 0; v < VARIANTS; v++) {
            const char *col = pk_scn_colour((size_t)v);
            const char *t = v == 0 ? "lanes as they are"
                          : !strcmp(pk_jstr(p, "in_proportion"), "lanes")
                              ? "lanes in proportion to the share"
                              : "officers in proportion to the share";
            fprintf(f, "        'assess_advantage.dat' index %d using 1:3:4 with filledcurves "
                       "fs transparent solid 0.15 noborder lc rgb \"%s\" notitle, \\\n"
                       "        '' index %d using 1:2 with linespoints lw 2 pt 7 ps 0.6 "
                       "lc rgb \"%s\" title \"%s\"%s\n", 2 * i + v, col, 2 * i + v, col, t,
                    v == 0 ? ", \\" : "");
        }
        i++;
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

static int plot_advantage(const char *dir, const cJSON *root, const struct pk_renderer *r,
                          struct pk_plotset *ps, struct err *e)
{
    struct pk_csv c;
    if (pk_csv_load(dir, "assess.csv", &c, e) != 0)
        return -1;
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0) {
        pk_csv_free(&c);
        return -1;
    }
    double ymin = 0, ymax = 0;
    if (advantage_data(dat.f, &c, pk_jat(root, "programmes"), &ymin, &ymax, dir, e) != 0) {
        pk_csv_free(&c);
        pk_text_discard(&dat);
        pk_text_discard(&gp);
        return -1;
    }
    pk_csv_free(&c);
    advantage_script(gp.f, r, root, ymin, ymax);
    char cap[512];
    snprintf(cap, sizeof cap, "Each programme's advantage over General (General's mean crossing "
                              "time minus the programme's, paired within each replication; "
                              "band: 95%% interval) against its share, with its lanes as they "
                              "are and in proportion to its share; dashed: the current share; "
                              "dotted: half the current advantage; the y axis stops at %.0f and "
                              "%.0f times the largest current advantage.", AXIS_ABOVE, -AXIS_BELOW);
    return pk_emit(r, ps, "assess_advantage", cap, &dat, &gp, e);
}

/* "47% (45% to 49%)", "not up to 59%" */
static void put_share(FILE *f, const cJSON *x, double share_max)
{
    double at = pk_jnum(x, "share");
    if (isnan(at)) {
        fprintf(f, "not up to %.0f%%", 100 * share_max);
        return;
    }
    const cJSON *rg = pk_jat(x, "range");
    double lo = rg ? pk_jnum(rg, "0") : NAN, hi = rg ? pk_jnum(rg, "1") : NAN;
    fprintf(f, "%.0f%%", 100 * at);
    if (!isnan(lo) || !isnan(hi)) {
        fputs(" <span class=\"pm\">(", f);
        if (isnan(lo))
            fputs("?", f);
        else
            fprintf(f, "%.0f%%", 100 * lo);
        if (isnan(hi))
            fputs(" to beyond", f);
        else
            fprintf(f, " to %.0f%%", 100 * hi);
        fputs(")</span>", f);
    }
}

static int report_assess(const char *dir, const cJSON *root, const struct pk_plotset *ps,
                         struct err *e)
{
    struct pk_text t;
    if (pk_report_begin(&t, "assess", "Pre-clearance programmes: ", pk_jstr(root, "scenario"),
                        e) != 0)
        return -1;
    FILE *f = t.f;
    fputs("</h1>\n<p class=\"sub\">", f);
    pk_put_html(f, pk_jstr(root, "title"));
    fprintf(f, "</p>\n<p class=\"meta\">Scenario file <code>");
    pk_put_html(f, pk_jstr(root, "file"));
    fprintf(f, "</code>; %d replications of %d measured days, seed %.0f, every variant with "
               "common random numbers; shares in steps of %g; poesim ",
            pk_jint(root, "replications"), pk_jint(root, "days"), pk_jnum(root, "seed"),
            pk_jnum(root, "share_step"));
    pk_put_html(f, pk_jstr(root, "poesim_version"));
    fputs(".</p>\n<h2>Finding</h2>\n", f);
    const cJSON *p;
    cJSON_ArrayForEach(p, pk_jat(root, "programmes")) {
        fputs("<p class=\"finding\">", f);
        pk_put_html(f, pk_jstr(p, "finding"));
        fputs("</p>\n", f);
    }
    fprintf(f, "<h2>By programme</h2>\n<p class=\"meta\">Advantage: General's mean crossing "
               "time minus the programme's (joining the first line to leaving the last stage), "
               "paired within each replication; a member's year: the advantage times the "
               "crossings a member makes in a year, in USD at the cost of a crosser-hour (USD "
               "of %d).</p>\n<table>\n<thead><tr><th>direction</th><th>mode</th><th>programme"
               "</th><th>share</th><th>advantage (min)</th><th>p95 advantage (min)</th>"
               "<th>member h / year</th><th>member USD / year</th><th>halves at, lanes fixed"
               "</th><th>vanishes at, lanes fixed</th><th>halves at, in proportion</th>"
               "<th>vanishes at, in proportion</th></tr></thead>\n<tbody>\n",
            pk_jint(root, "price_year"));
    cJSON_ArrayForEach(p, pk_jat(root, "programmes")) {
        double smax = pk_jnum(p, "share_max");
        fputs("<tr><td>", f);
        pk_put_html(f, pk_jstr(p, "direction"));
        fputs("</td><td>", f);
        pk_put_html(f, pk_jstr(p, "mode"));
        fputs("</td><td>", f);
        pk_put_html(f, pk_jstr(p, "program"));
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, 100 * pk_jnum(p, "share"), 1);
        fputs("%</td><td class=\"n\">", f);
        pk_put_num(f, pk_jnum(p, "advantage_min.mean"), 1);
        pk_put_pm(f, pk_jnum(p, "advantage_min.ci95"), 1);
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, pk_jnum(p, "advantage_p95_min.mean"), 1);
        pk_put_pm(f, pk_jnum(p, "advantage_p95_min.ci95"), 1);
        fputs("</td><td class=\"n\">", f);
        pk_put_int(f, pk_jnum(p, "member_hours_per_year.mean"));
        pk_put_pm(f, pk_jnum(p, "member_hours_per_year.ci95"), 0);
        fputs("</td>", f);
        pk_td_usd_pm(f, pk_jnum(p, "member_usd_per_year.mean"),
                     pk_jnum(p, "member_usd_per_year.ci95"));
        for (int v = 0; v < VARIANTS; v++) {
            char path[64];
            snprintf(path, sizeof path, "%s.halves", variant_names[v]);
            fputs("<td class=\"n\">", f);
            put_share(f, pk_jat(p, path), smax);
            snprintf(path, sizeof path, "%s.vanishes", variant_names[v]);
            fputs("</td><td class=\"n\">", f);
            put_share(f, pk_jat(p, path), smax);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    int nsvg = pk_put_plots(f, ps);
    fputs("<h2>Files</h2>\n<p>Results: <a href=\"assess.json\">assess.json</a>, <a "
          "href=\"assess.csv\">assess.csv</a>. The plot's gnuplot script and data are in "
          "<code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, dir, "report.html", e);
}

int pk_plot_assess(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct pk_plotset *ps = NULL;
    cJSON *root = NULL;
    int rc = -1;
    if (!(root = pk_json_load(dir, "assess.json", e)) || !(ps = pk_plots_open(dir, e))
        || plot_advantage(dir, root, r, ps, e) != 0)
        goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_assess(dir, root, ps, e) : -1;
done:
    cJSON_Delete(root);
    free(ps);
    return rc;
}
