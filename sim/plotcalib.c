/*
 * plotcalib.c - the plots and report of a calibration folder (plotkit.h).
 *
 * A folder written by `poesim calibrate` holds fit.csv (per row of the
 * observed table: observed and simulated volume, wait and lanes), fit.json
 * (per queue: the statistics and what was fitted), calibrated.json and run/,
 * a run of the calibrated scenario.  Three plots set observed against
 * simulated by hour of day, one panel per queue of the table: the mean wait
 * (simulated with its 95% band), the volume processed, and the lanes open
 * (with the simulated booths open, which exceed the lanes where booths are
 * stacked).  Observed values are points, simulated ones lines, in the
 * queue's colour.  The report gives the statistics and the fitted values,
 * the plots, and links to the calibrated scenario and to run/'s own report,
 * drawn here too.
 *
 * Everything comes from the folder's files, so `poesim plot DIR` redraws a
 * calibration written long ago.  A table has at most a few queues of 24
 * hours: fit.csv is read whole and walked per queue.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plotkit.h"
#include "units.h"

#define HOURS 24

enum fit_kind { FK_WAIT, FK_VOLUME, FK_LANES, FK_COUNT };

static const char *const fit_names[FK_COUNT] = { "fit_wait", "fit_volume", "fit_lanes" };

/* fit.csv read: its queues (in their order) and each row's queue. */
struct fitdata {
    const char *dir;
    struct pk_csv c;
    cJSON *fit;                     /* fit.json */
    struct pk_grp g[PK_GROUPS_MAX];
    size_t ng;
    int *gi;                        /* [row]: the row's queue */
    int col[14];                    /* hour, direction, mode, program, row, volume_obs,
                                       volume_sim, geh, wait_obs_min, wait_sim_min,
                                       wait_sim_ci95_min, lanes_obs, lanes_sim, booths_sim */
    bool has[FK_COUNT][PK_GROUPS_MAX];  /* the queue has an observed value of the kind */
};

enum { C_HOUR, C_DIR, C_MODE, C_PROG, C_ROW, C_VOBS, C_VSIM, C_GEH, C_WOBS, C_WSIM, C_WCI,
       C_LOBS, C_LSIM, C_BSIM, C_COUNT };
static const char *const fit_cols[] = {
    "hour", "direction", "mode", "program", "row", "volume_obs", "volume_sim", "geh",
    "wait_obs_min", "wait_sim_min", "wait_sim_ci95_min", "lanes_obs", "lanes_sim", "booths_sim"
};
_Static_assert(sizeof fit_cols / sizeof *fit_cols == C_COUNT, "a name per column");

static void fitdata_free(struct fitdata *fd)
{
    free(fd->gi);
    pk_csv_free(&fd->c);
    cJSON_Delete(fd->fit);
}

static int fit_load(struct fitdata *fd, const char *dir, struct err *e)
{
    memset(fd, 0, sizeof *fd);
    fd->dir = dir;
    if (pk_table_load(dir, "fit.csv", "fit.json", fit_cols, C_COUNT, fd->col, &fd->c, &fd->fit,
                      e) != 0)
        return -1;
    if (pk_csv_queues(&fd->c, dir, "fit.csv", fd->col[C_DIR], fd->col[C_MODE],
                      fd->col[C_PROG], fd->g, &fd->ng, &fd->gi, e) != 0) {
        fitdata_free(fd);
        return -1;
    }
    for (size_t i = 1; i < fd->c.nrow; i++) {
        int g = fd->gi[i];
        fd->has[FK_WAIT][g] |= isfinite(pk_csv_num(&fd->c, i, fd->col[C_WOBS]));
        fd->has[FK_VOLUME][g] |= isfinite(pk_csv_num(&fd->c, i, fd->col[C_VOBS]));
        fd->has[FK_LANES][g] |= isfinite(pk_csv_num(&fd->c, i, fd->col[C_LOBS]));
    }
    return 0;
}

/* The statistics of queue g in fit.json, or NULL. */
static const cJSON *queue_stats(const struct fitdata *fd, size_t g)
{
    const cJSON *q;
    cJSON_ArrayForEach(q, pk_jat(fd->fit, "queues")) {
        if (pk_grp_is(&fd->g[g], pk_jstr(q, "direction"), pk_jstr(q, "mode"),
                      pk_jstr(q, "program")))
            return q;
    }
    return NULL;
}

/* A panel's title: the queue and its statistics for the kind. */
static void panel_title(const struct fitdata *fd, size_t g, enum fit_kind k, char *buf,
                        size_t n)
{
    char lab[64];
    pk_grp_label(&fd->g[g], true, lab, sizeof lab);
    const cJSON *q = queue_stats(fd, g);
    if (k == FK_WAIT)
        snprintf(buf, n, "%s: daily mean %.1f observed, %.1f simulated (%+.1f%%); MAPE %.1f%%, "
                 "MAE %.1f min", lab, pk_jnum(q, "daily_mean_obs_min"),
                 pk_jnum(q, "daily_mean_sim_min"), 100 * pk_jnum(q, "daily_mean_error"),
                 100 * pk_jnum(q, "mape"), pk_jnum(q, "mae_min"));
    else if (k == FK_VOLUME)
        snprintf(buf, n, "%s: GEH < 5 in %.0f%% of the hours", lab,
                 100 * pk_jnum(q, "geh_under_5_share"));
    else
        snprintf(buf, n, "%s: lanes within 2 in %.0f%% of the hours, mean error %+.2f", lab,
                 100 * pk_jnum(q, "lanes_within_2_share"), pk_jnum(q, "lanes_mean_error"));
}

/* NAME.dat: a block per queue that has the kind (index in order), a row per
 * hour: hour, observed, simulated, band low, band high, booths; the highest
 * value of each block in ymax[block]. */
static int fit_data(FILE *d, const struct fitdata *fd, enum fit_kind k,
                    double ymax[PK_GROUPS_MAX])
{
    int blocks = 0;
    fprintf(d, "# from fit.csv: a block per queue; columns: hour, observed, simulated, "
               "simulated 95%% low, high (waits), booths open (lanes)\n");
    for (size_t g = 0; g < fd->ng; g++) {
        if (!fd->has[k][g])
            continue;
        ymax[blocks] = 0;
        fprintf(d, "%s# ", blocks++ ? "\n\n" : "");
        char lab[64];
        pk_grp_label(&fd->g[g], true, lab, sizeof lab);
        fprintf(d, "%s\n", lab);
        for (size_t i = 1; i < fd->c.nrow; i++) {
            if (fd->gi[i] != (int)g)
                continue;
            const struct pk_csv *c = &fd->c;
            double obs, sim, lo = NAN, hi = NAN, booths = NAN;
            if (k == FK_WAIT) {
                obs = pk_csv_num(c, i, fd->col[C_WOBS]);
                sim = pk_csv_num(c, i, fd->col[C_WSIM]);
                double h = pk_csv_num(c, i, fd->col[C_WCI]);
                if (isfinite(h)) {
                    lo = fmax(0, sim - h);
                    hi = sim + h;
                }
            } else if (k == FK_VOLUME) {
                obs = pk_csv_num(c, i, fd->col[C_VOBS]);
                sim = pk_csv_num(c, i, fd->col[C_VSIM]);
            } else {
                obs = pk_csv_num(c, i, fd->col[C_LOBS]);
                sim = pk_csv_num(c, i, fd->col[C_LSIM]);
                booths = pk_csv_num(c, i, fd->col[C_BSIM]);
            }
            double hour = pk_csv_num(c, i, fd->col[C_HOUR]);
            pk_dat_num(d, hour + 0.5);
            pk_dat_num(d, obs);
            pk_dat_num(d, sim);
            pk_dat_num(d, lo);
            pk_dat_num(d, hi);
            pk_dat_num(d, booths);
            fputc('\n', d);
            double top = fmax(fmax(obs, sim), fmax(isfinite(hi) ? hi : 0,
                                                   isfinite(booths) ? booths : 0));
            if (isfinite(top) && top > ymax[blocks - 1])
                ymax[blocks - 1] = top;
        }
    }
    return blocks;
}

static void fit_script(FILE *f, const struct fitdata *fd, const struct pk_renderer *r,
                       enum fit_kind k, int panels, const double *ymax)
{
    static const char *const what[FK_COUNT] = {
        "observed and simulated mean wait by hour of day, per queue of the observed table",
        "observed and simulated volume processed by hour of day, per queue",
        "observed and simulated lanes open (and simulated booths) by hour of day, per queue",
    };
    static const char *const ylabel[FK_COUNT] = {
        "mean wait (min)", "crossers processed in the hour", "lanes open"
    };
    static const char *const title[FK_COUNT] = {
        "Calibration: mean wait by hour of day, observed (points) and simulated (line, 95% band)",
        "Calibration: volume processed by hour of day, observed (points) and simulated (line)",
        ("Calibration: lanes open by hour of day, observed (points) and simulated (line; "
         "booths dashed)"),
    };
    pk_gp_head(f, r, fit_names[k], what[k], "../fit.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\n"
               "set ylabel \"%s\"\n"
               "set xrange [0:24]\n"
               "set xtics 0,3,24\n"
               "set mxtics 3\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 28\n", ylabel[k]);
    pk_gp_loop(f, panels, 0);
    fprintf(f, "    set multiplot layout %d,1 title ", panels);
    pk_gp_q(f, title[k]);
    fprintf(f, " font \",13\"\n");
    int block = 0;
    for (size_t g = 0; g < fd->ng; g++) {
        if (!fd->has[k][g])
            continue;
        char t[256];
        panel_title(fd, g, k, t, sizeof t);
        fprintf(f, "    set title ");
        pk_gp_q(f, t);
        fprintf(f, "\n    set yrange [0:%g]\n    plot \\\n", pk_axis_max(ymax[block]));
        const char *col = pk_grp_colour(&fd->g[g]);
        if (k == FK_WAIT)
            fprintf(f, "        '%s.dat' index %d using 1:4:5 with filledcurves fs transparent "
                       "solid 0.15 noborder lc rgb \"%s\" title \"simulated, 95%% interval\", \\\n",
                    fit_names[k], block, col);
        fprintf(f, "        '%s.dat' index %d using 1:3 with lines lw 2 lc rgb \"%s\" "
                   "title \"simulated\", \\\n", fit_names[k], block, col);
        if (k == FK_LANES)
            fprintf(f, "        '%s.dat' index %d using 1:6 with lines lw 1.5 dt 2 lc rgb \"%s\" "
                       "title \"simulated booths\", \\\n", fit_names[k], block, col);
        fprintf(f, "        '%s.dat' index %d using 1:2 with points pt 7 ps 1.1 lc rgb "
                   "\"#000000\" title \"observed\"\n", fit_names[k], block);
        block++;
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

static int plot_fit(const struct fitdata *fd, const struct pk_renderer *r,
                    struct pk_plotset *ps, enum fit_kind k, struct err *e)
{
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    double ymax[PK_GROUPS_MAX];
    int panels = fit_data(dat.f, fd, k, ymax);
    if (panels == 0) {              /* nothing observed of the kind */
        pk_text_discard(&dat);
        pk_text_discard(&gp);
        return 0;
    }
    fit_script(gp.f, fd, r, k, panels, ymax);
    static const char *const capt[FK_COUNT] = {
        "Mean wait by hour of day: observed (points) against simulated (line, with the 95% "
        "interval of the hourly mean), one panel per queue of the observed table",
        "Volume processed by hour of day: observed (points) against simulated (line), one "
        "panel per queue",
        "Lanes open by hour of day: observed (points) against simulated lanes (line) and "
        "booths (dashed: more than the lanes where booths are stacked), one panel per queue",
    };
    return pk_emit(r, ps, fit_names[k], capt[k], &dat, &gp, e);
}

/* A share x as a percentage with dec decimals, an en dash if NaN. */
static void put_pct(FILE *f, double x, int dec)
{
    pk_put_num(f, 100 * x, dec);
    if (isfinite(x))
        fputc('%', f);
}

/* The statistics and what was fitted, a row per queue. */
static void report_tables(FILE *f, const struct fitdata *fd)
{
    fputs("<h2>Fit</h2>\n<table>\n<thead><tr><th>queue</th><th>rows</th><th>daily mean wait, "
          "observed (min)</th><th>simulated</th><th>error</th><th>MAE (min)</th><th>RMSE "
          "(min)</th><th>MAPE</th><th>GEH &lt; 5</th><th>lanes: mean error</th><th>within "
          "±2</th></tr></thead>\n<tbody>\n", f);
    const cJSON *q;
    cJSON_ArrayForEach(q, pk_jat(fd->fit, "queues")) {
        fputs("<tr><th>", f);
        pk_put_html(f, pk_jstr(q, "direction"));
        fputs(" ", f);
        pk_put_html(f, pk_jstr(q, "mode"));
        fputs(" ", f);
        pk_put_html(f, pk_jstr(q, "program"));
        fputs("</th><td>", f);
        pk_put_html(f, pk_jstr(q, "rows"));
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(q, "daily_mean_obs_min"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(q, "daily_mean_sim_min"), 1);
        fputs("</td><td>", f);
        put_pct(f, pk_jnum(q, "daily_mean_error"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(q, "mae_min"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(q, "rmse_min"), 1);
        fputs("</td><td>", f);
        put_pct(f, pk_jnum(q, "mape"), 1);
        fputs("</td><td>", f);
        put_pct(f, pk_jnum(q, "geh_under_5_share"), 0);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(q, "lanes_mean_error"), 2);
        fputs("</td><td>", f);
        put_pct(f, pk_jnum(q, "lanes_within_2_share"), 0);
        fputs("</td></tr>\n", f);
    }
    fprintf(f, "</tbody>\n</table>\n<p class=\"meta\">Waits: the daily mean of the hourly "
               "means; MAPE with a denominator of at least %g min; GEH of the hourly volumes "
               "(simulated M, observed C: √(2(M−C)²/(M+C))); lanes: simulated − observed, and "
               "the share of hours within 2. See README.md, \"Calibration\".</p>\n",
            pk_jnum(fd->fit, "mape_floor_min"));
    fputs("<h2>Fitted</h2>\n<table>\n<thead><tr><th>queue</th><th>demand (a day)</th>"
          "<th>queue at 00:00</th><th>inspection (s a lane)</th><th>lane group</th>"
          "<th>minimum</th><th>close below</th><th>open above</th><th>officers on duty</th>"
          "</tr></thead>\n<tbody>\n", f);
    cJSON_ArrayForEach(q, pk_jat(fd->fit, "queues")) {
        const cJSON *x = pk_jat(q, "fitted");
        double slo = INFINITY, shi = 0, clo = INFINITY, chi = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, pk_jat(x, "inspection_s_by_hour")) {
            slo = fmin(slo, v->valuedouble);
            shi = fmax(shi, v->valuedouble);
        }
        cJSON_ArrayForEach(v, pk_jat(x, "officers_by_hour")) {
            clo = fmin(clo, v->valuedouble);
            chi = fmax(chi, v->valuedouble);
        }
        fputs("<tr><th>", f);
        pk_put_html(f, pk_jstr(q, "direction"));
        fputs(" ", f);
        pk_put_html(f, pk_jstr(q, "mode"));
        fputs(" ", f);
        pk_put_html(f, pk_jstr(q, "program"));
        fputs("</th><td>", f);
        pk_put_int(f, pk_jnum(x, "per_day"));
        fputs("</td><td>", f);
        pk_put_int(f, pk_jnum(x, "initial_queue"));
        fputs("</td><td>", f);
        if (isfinite(slo))
            fprintf(f, "%.0f–%.0f", slo, shi);
        else
            fputs("–", f);
        fputs("</td><td>", f);
        pk_put_html(f, pk_jat(x, "lane_group") ? pk_jstr(x, "lane_group") : "–");
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(x, "min_booths"), 0);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(x, "close_below"), 1);
        fputs("</td><td>", f);
        pk_put_num(f, pk_jnum(x, "open_above"), 1);
        fputs("</td><td>", f);
        if (isfinite(clo))
            fprintf(f, "%.0f–%.0f", clo, chi);
        else
            fputs("–", f);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n<p class=\"meta\">How each value was fitted, and from which rows "
          "of the table: the <code>notes</code> of <a href=\"calibrated.json\">calibrated.json"
          "</a>.</p>\n", f);
}

static int report_calibration(const struct fitdata *fd, const struct pk_plotset *ps,
                              struct err *e)
{
    struct pk_text t;
    const cJSON *j = fd->fit;
    if (pk_report_begin(&t, "calibrate", "Calibration: ", pk_jstr(j, "scenario"), e) != 0)
        return -1;
    FILE *f = t.f;
    fputs("</h1>\n<p class=\"meta\">Base <code>", f);
    pk_put_html(f, pk_jstr(j, "base"));
    fputs("</code> fitted to <code>", f);
    pk_put_html(f, pk_jstr(j, "observed.file"));
    fputs("</code>", f);
    if (pk_jstr(j, "observed.port")[0]) {
        fputs(" (port ", f);
        pk_put_html(f, pk_jstr(j, "observed.port"));
        fputs(")", f);
    }
    fprintf(f, "; %d simulations of %d replication%s × %d day%s (seed %.0f); the best: "
               "open_above at the %.0fth percentile, round %d; poesim ",
            pk_jint(j, "simulations"), pk_jint(j, "replications"),
            PLURAL(pk_jint(j, "replications")), pk_jint(j, "days"), PLURAL(pk_jint(j, "days")),
            pk_jnum(j, "seed"), 100 * pk_jnum(j, "open_above_quantile"),
            pk_jint(j, "best_round"));
    pk_put_html(f, pk_jstr(j, "poesim_version"));
    fputs(".</p>\n<dl class=\"keys\">\n", f);
    const cJSON *q;
    int k = 0;
    cJSON_ArrayForEach(q, pk_jat(j, "queues")) {
        if (!(pk_jnum(q, "hours_wait") > 0))
            continue;
        char id[32], label[128];
        snprintf(id, sizeof id, "k-mape-%d", k++);
        snprintf(label, sizeof label, "MAPE of hourly waits, %s %s", pk_jstr(q, "mode"),
                 pk_jstr(q, "program"));
        pk_put_key(f, id, label);
        put_pct(f, pk_jnum(q, "mape"), 1);
        fputs("</span></dd></div>\n", f);
    }
    fputs("</dl>\n", f);
    report_tables(f, fd);
    int nsvg = pk_put_plots(f, ps);
    fputs("<h2>Files</h2>\n<p>The calibrated scenario <a href=\"calibrated.json\">"
          "calibrated.json</a> (it <code>extends</code> the base); <a href=\"fit.csv\">fit.csv"
          "</a>, <a href=\"fit.json\">fit.json</a>; a run of the calibrated scenario in "
          "<a href=\"run/report.html\">run/</a>. Each plot's gnuplot script and data are in "
          "<code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, fd->dir, "report.html", e);
}

int pk_plot_calibrate(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct fitdata fd;
    struct pk_plotset *ps = NULL;
    int rc = -1;
    if (fit_load(&fd, dir, e) != 0)
        return -1;
    char up[300];
    snprintf(up, sizeof up, "calibration %s", pk_jstr(fd.fit, "scenario"));
    if (!(ps = pk_plots_open(dir, e)) || pk_plot_sub_run(dir, "run", r, up, e) != 0)
        goto done;
    for (int k = 0; k < FK_COUNT; k++)
        if (plot_fit(&fd, r, ps, (enum fit_kind)k, e) != 0)
            goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_calibration(&fd, ps, e) : -1;
done:
    fitdata_free(&fd);
    free(ps);
    return rc;
}
