/*
 * plotregion.c - the plots and report.html of a region folder (plotkit.h).
 *
 * A region folder holds region.json (ports, segments, the region's totals
 * and the iterations), region.csv (share, trips and wait per hour, segment
 * and port), tolls.csv and convergence.csv, and one run folder per port,
 * which gets its run plots and report first (plotrun.c).  The region's
 * plots: each port's share of the choosers by hour (region_share) and their
 * mean wait there by hour (region_wait), a panel per direction and mode of
 * the travellers who choose; the largest change of a share and the gap per
 * iteration (region_convergence); and, with tolls, the toll of each hour
 * (region_tolls).  A port keeps its colour, its position in the region, in
 * every plot and in the report.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"
#include "units.h"

#define REGION_PORTS_MAX 16     /* as region.h: a region has at most 16 ports */
#define REGION_PANELS_MAX 8     /* directions x modes */
/* What the squares of the wait plot mark (as a run's wait plot). */
#define REGION_CLOSED_MARKS "squares: arrivals while the port was closed, their wait counted " \
                            "from the opening"

struct regiondata {
    const char *dir;
    cJSON *reg;
    struct pk_csv csv, tolls, conv;
    int reps, days;
    size_t np;
    const char *port[REGION_PORTS_MAX];
    /* Panels: the (direction, mode) of segments, in order of appearance;
     * per panel, port and hour: trips and trips x wait of the choosers. */
    size_t npan;
    char pan_dir[REGION_PANELS_MAX][16], pan_mode[REGION_PANELS_MAX][16];
    double trips[REGION_PANELS_MAX][REGION_PORTS_MAX][HOURS_PER_DAY];
    double tw[REGION_PANELS_MAX][REGION_PORTS_MAX][HOURS_PER_DAY], tn[REGION_PANELS_MAX][REGION_PORTS_MAX][HOURS_PER_DAY];
    /* Their trips x the share of them who arrived while the port was
     * closed.  With these columns in region.csv (not in an older one), tw
     * holds queue_wait_min, the wait counted from the opening for them. */
    double tc[REGION_PANELS_MAX][REGION_PORTS_MAX][HOURS_PER_DAY];
    bool any_closed;
    bool uses[REGION_PANELS_MAX][REGION_PORTS_MAX];
};

static void regiondata_free(struct regiondata *rd)
{
    cJSON_Delete(rd->reg);
    pk_csv_free(&rd->csv);
    pk_csv_free(&rd->tolls);
    pk_csv_free(&rd->conv);
}

static int port_index(const struct regiondata *rd, const char *name)
{
    for (size_t j = 0; j < rd->np; j++)
        if (strcmp(rd->port[j], name) == 0)
            return (int)j;
    return -1;
}

static int region_load(struct regiondata *rd, const char *dir, struct err *e)
{
    memset(rd, 0, sizeof *rd);
    rd->dir = dir;
    if (!(rd->reg = pk_json_load(dir, "region.json", e))
        || pk_csv_load(dir, "region.csv", &rd->csv, e) != 0
        || pk_csv_load(dir, "tolls.csv", &rd->tolls, e) != 0
        || pk_csv_load(dir, "convergence.csv", &rd->conv, e) != 0)
        return -1;
    rd->reps = pk_jint(rd->reg, "replications");
    rd->days = pk_jint(rd->reg, "days");
    const cJSON *p;
    cJSON_ArrayForEach(p, pk_jat(rd->reg, "ports")) {
        if (rd->np == REGION_PORTS_MAX)
            return err_set(e, EXIT_FAIL, "%s/region.json: more than %d ports", dir,
                           REGION_PORTS_MAX);
        rd->port[rd->np++] = pk_jstr(p, "name");
    }
    if (rd->np == 0 || rd->days < 1)
        return err_set(e, EXIT_FAIL, "%s/region.json: no ports or days", dir);
    const struct pk_csv *c = &rd->csv;
    int ch = pk_csv_col(c, "hour"), cp = pk_csv_col(c, "port"), cd = pk_csv_col(c, "direction"),
        cm = pk_csv_col(c, "mode"), ct = pk_csv_col(c, "trips"), cw = pk_csv_col(c, "wait_min");
    if (ch < 0 || cp < 0 || cd < 0 || cm < 0 || ct < 0 || cw < 0)
        return err_set(e, EXIT_FAIL, "%s/region.csv: missing columns", dir);
    int cq = pk_csv_col(c, "queue_wait_min"), cc = pk_csv_col(c, "closed_share");
    if (cq >= 0 && cc >= 0)
        cw = cq;
    for (size_t row = 1; row < c->nrow; row++) {
        int h = (int)pk_csv_num(c, row, ch), j = port_index(rd, pk_csv_str(c, row, cp));
        const char *d = pk_csv_str(c, row, cd), *m = pk_csv_str(c, row, cm);
        if (h < 0 || h >= HOURS_PER_DAY || j < 0)
            return err_set(e, EXIT_FAIL, "%s/region.csv: row %zu: no such hour or port", dir, row);
        size_t k = 0;
        while (k < rd->npan && (strcmp(rd->pan_dir[k], d) != 0 || strcmp(rd->pan_mode[k], m) != 0))
            k++;
        if (k == rd->npan) {
            if (k == REGION_PANELS_MAX)
                return err_set(e, EXIT_FAIL, "%s/region.csv: too many directions and modes", dir);
            snprintf(rd->pan_dir[k], sizeof rd->pan_dir[k], "%s", d);
            snprintf(rd->pan_mode[k], sizeof rd->pan_mode[k], "%s", m);
            rd->npan++;
        }
        double t = pk_csv_num(c, row, ct), w = pk_csv_num(c, row, cw);
        double closed = cq >= 0 && cc >= 0 ? pk_csv_num(c, row, cc) : 0;
        rd->uses[k][j] = true;
        if (isfinite(t)) {
            rd->trips[k][j][h] += t;
            if (isfinite(w) && t > 0) {
                rd->tw[k][j][h] += t * w;
                rd->tn[k][j][h] += t;
            }
            if (isfinite(closed) && closed > 0 && t > 0) {
                rd->tc[k][j][h] += t * closed;
                rd->any_closed = true;
            }
        }
    }
    return 0;
}

static void region_basis(const struct regiondata *rd, char *buf, size_t n)
{
    snprintf(buf, n, "%d replication%s of %d measured day%s, %d iteration%s", rd->reps,
             rd->reps == 1 ? "" : "s", rd->days, rd->days == 1 ? "" : "s",
             pk_jint(rd->reg, "iterations"), pk_jint(rd->reg, "iterations") == 1 ? "" : "s");
}

/* "Northbound cars" for a panel. */
static void panel_title(const struct regiondata *rd, size_t k, char *buf, size_t n)
{
    static const char *const modes[][2] = {
        { "pov", "cars" }, { "pedestrian", "pedestrians" }, { "bus", "buses" }, { "truck", "trucks" }
    };
    const char *m = rd->pan_mode[k];
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(modes[i][0], m) == 0)
            m = modes[i][1];
    snprintf(buf, n, "%s %s", strcmp(rd->pan_dir[k], "north") == 0 ? "Northbound" : "Southbound", m);
}

/* Share of the choosers by hour, or their mean wait, per port: a panel per
 * direction and mode. */
static int plot_by_hour(const struct regiondata *rd, const struct pk_renderer *r,
                        struct pk_plotset *ps, bool wait, struct err *e)
{
    const char *name = wait ? "region_wait" : "region_share";
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160], pt[64];
    region_basis(rd, basis, sizeof basis);
    if (wait)
        fprintf(d, "# region_wait.dat - the choosers' mean wait at each port by hour of day, from\n"
                   "# ../region.csv (%s): the waits in the queues they join (from joining,\n"
                   "# or from the opening for an arrival while closed: queue_wait_min),\n"
                   "# weighted by their trips; NaN where no chooser of the panel used the port\n"
                   "# in that hour; closed_share: the share of those trips that arrived while\n"
                   "# the port was closed (their wait for the opening is in wait_min).\n"
                   "# Columns: hour  wait_min  closed_share\n", basis);
    else
        fprintf(d, "# region_share.dat - each port's share of the trips of the travellers who\n"
                   "# choose, by hour of day, from ../region.csv (%s).\n"
                   "# Columns: hour  share\n", basis);
    fprintf(d, "# One block per panel and port (gnuplot index k x %zu + port).\n", rd->np);
    double ymax[REGION_PANELS_MAX] = { 0 };
    for (size_t k = 0; k < rd->npan; k++)
        for (size_t j = 0; j < rd->np; j++) {
            panel_title(rd, k, pt, sizeof pt);
            fprintf(d, "%s# index %zu: %s, %s\n", k || j ? "\n\n" : "", k * rd->np + j, pt,
                    rd->port[j]);
            for (int h = 0; h < HOURS_PER_DAY; h++) {
                double all = 0;
                for (size_t i = 0; i < rd->np; i++)
                    all += rd->trips[k][i][h];
                double v = wait ? (rd->tn[k][j][h] > 0 ? rd->tw[k][j][h] / rd->tn[k][j][h] : NAN)
                                : (rd->uses[k][j] && all > 0 ? rd->trips[k][j][h] / all : NAN);
                fprintf(d, "%2d", h);
                pk_dat_num(d, v);
                if (wait)
                    pk_dat_num(d, rd->tn[k][j][h] > 0 ? rd->tc[k][j][h] / rd->tn[k][j][h] : NAN);
                fputc('\n', d);
                if (v > ymax[k])
                    ymax[k] = v;
            }
        }
    pk_gp_head(f, r, name, wait ? "the choosers' mean wait at each port by hour of day"
                                : "each port's share of the choosers' trips by hour of day",
               "../region.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\n"
               "set ylabel \"%s\"\n"
               "set xrange [0:24]\n"
               "set xtics 0,3,24\n"
               "set mxtics 3\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 28\n", wait ? "mean wait (min)" : "share of the trips");
    pk_gp_loop(f, (int)rd->npan, 0);
    bool closed = wait && rd->any_closed;
    fprintf(f, "    set multiplot layout %zu,1 title \"%s\\n%s%s%s\" font \",13\"\n", rd->npan,
            !wait    ? "Where the travellers who choose cross, by hour of day"
            : closed ? "Mean wait in the queue of the travellers who choose, by port and hour of day"
                     : "Mean wait of the travellers who choose, by port and hour of day",
            basis, closed ? "\\n" : "", closed ? REGION_CLOSED_MARKS : "");
    for (size_t k = 0; k < rd->npan; k++) {
        panel_title(rd, k, pt, sizeof pt);
        fprintf(f, "    set title \"%s\"\n    set yrange [0:%g]\n    plot \\\n", pt,
                wait ? pk_axis_max(ymax[k]) : 1.0);
        bool first = true, panel_closed = false;
        for (size_t j = 0; j < rd->np; j++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                panel_closed |= closed && rd->uses[k][j] && rd->tc[k][j][h] > 0;
        for (size_t j = 0; j < rd->np; j++) {
            if (!rd->uses[k][j])
                continue;
            fprintf(f, "%s        '%s.dat' index %zu using ($1+0.5):2 with linespoints lw 2 "
                       "pt 7 ps 0.6 lc rgb \"%s\" title ", first ? "" : ", \\\n", name,
                    k * rd->np + j, pk_scn_colour(j));
            pk_gp_q(f, rd->port[j]);
            if (panel_closed)
                fprintf(f, ", \\\n        '' index %zu using ($1+0.5):($3 > 0 ? 0 : NaN) with "
                           "points pt 4 ps 0.9 lc rgb \"%s\" notitle", k * rd->np + j,
                        pk_scn_colour(j));
            first = false;
        }
        if (panel_closed)
            fprintf(f, ", \\\n        NaN with points pt 4 ps 0.9 lc rgb \"#404040\" "
                       "title \"arrived while closed\"");
        fprintf(f, "%s\n", first ? "        NaN notitle" : "");
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    char cap[768];
    snprintf(cap, sizeof cap, !wait ? "Each port's share of the trips of the travellers who "
                                      "choose, by hour of day (%s)."
                              : closed ? "Mean wait in the queue of the travellers who choose, at "
                                         "each port by hour of day (weighted by their trips; %s); "
                                         "squares: hours with choosers who arrived while the port "
                                         "was closed, whose wait counts from the opening here "
                                         "(the choice saw their whole wait: region.csv's wait_min)."
                                       : "Mean wait of the travellers who choose, at each port by "
                                         "hour of day (weighted by their trips; %s).", basis);
    return pk_emit(r, ps, name, cap, &dat, &gp, e);
}

/* The largest change of a share and the gap per iteration, log scale. */
static int plot_convergence(const struct regiondata *rd, const struct pk_renderer *r,
                            struct pk_plotset *ps, struct err *e)
{
    const struct pk_csv *c = &rd->conv;
    int ci = pk_csv_col(c, "iteration"), cc = pk_csv_col(c, "max_change"),
        cg = pk_csv_col(c, "gap");
    if (ci < 0 || cc < 0 || cg < 0)
        return err_set(e, EXIT_FAIL, "%s/convergence.csv: missing columns", rd->dir);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160];
    region_basis(rd, basis, sizeof basis);
    fprintf(d, "# region_convergence.dat - per iteration, from ../convergence.csv (%s).\n"
               "# Columns: iteration  max_change  gap\n", basis);
    for (size_t row = 1; row < c->nrow; row++) {
        fprintf(d, "%d", (int)pk_csv_num(c, row, ci));
        pk_dat_num(d, pk_csv_num(c, row, cc));
        pk_dat_num(d, pk_csv_num(c, row, cg));
        fputc('\n', d);
    }
    double tol = pk_jnum(rd->reg, "tolerance");
    pk_gp_head(f, r, "region_convergence", "the largest change of a share and the gap per "
                                           "iteration", "../convergence.csv");
    fprintf(f, "set xlabel \"iteration\"\n"
               "set ylabel \"share (log scale)\"\n"
               "set logscale y\n"
               "set xrange [0.5:%g]\n"
               "set xtics 1\n"
               "set grid xtics ytics\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 36\n"
               "set title \"Convergence: %s\\n%s\" font \",13\"\n",
            (double)(c->nrow > 1 ? c->nrow - 1 : 1) + 0.5,
            pk_jat(rd->reg, "converged") && cJSON_IsTrue(pk_jat(rd->reg, "converged"))
                ? "the largest change fell below the tolerance"
                : "the cap of iterations was reached",
            basis);
    pk_gp_loop(f, 1, 40);
    fprintf(f, "    plot 'region_convergence.dat' using 1:2 with linespoints lw 2 pt 7 "
               "lc rgb \"%s\" title \"largest change of an hourly share\", \\\n"
               "         '' using 1:3 with linespoints lw 2 pt 5 dt 2 lc rgb \"%s\" "
               "title \"gap: response - split simulated\", \\\n"
               "         %g with lines lw 1.5 dt 3 lc rgb \"#404040\" title \"tolerance %g\"\n",
            pk_scn_colour(0), pk_scn_colour(1), tol, tol);
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Per iteration: the largest change of an hourly share (the stop "
                              "test, against the tolerance %g) and the gap between the logit "
                              "response and the split simulated (%s).", tol, basis);
    return pk_emit(r, ps, "region_convergence", cap, &dat, &gp, e);
}

/* The toll of each hour, a line per toll (none without tolls). */
static int plot_tolls(const struct regiondata *rd, const struct pk_renderer *r,
                      struct pk_plotset *ps, struct err *e)
{
    const struct pk_csv *c = &rd->tolls;
    if (c->nrow < 2)
        return 0;
    int cp = pk_csv_col(c, "port"), cd = pk_csv_col(c, "direction"), cm = pk_csv_col(c, "mode"),
        ch = pk_csv_col(c, "hour"), cu = pk_csv_col(c, "toll_usd");
    if (cp < 0 || cd < 0 || cm < 0 || ch < 0 || cu < 0)
        return err_set(e, EXIT_FAIL, "%s/tolls.csv: missing columns", rd->dir);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160], lab[96];
    region_basis(rd, basis, sizeof basis);
    fprintf(d, "# region_tolls.dat - the toll of each hour, from ../tolls.csv (%s).\n"
               "# Columns: hour  toll_usd (hour 24 repeats hour 23: the end of its step)\n"
               "# One block per toll (gnuplot index 0, 1, ...).\n", basis);
    size_t nt = 0;
    double ymax = 0;
    char labels[REGION_PORTS_MAX * REGION_PANELS_MAX][96];
    int colour[REGION_PORTS_MAX * REGION_PANELS_MAX];
    double last = NAN;
    for (size_t row = 1; row < c->nrow; row++) {
        int h = (int)pk_csv_num(c, row, ch);
        if (h == 0) {
            if (nt == sizeof labels / sizeof labels[0])
                break;
            if (nt > 0) {       /* the last hour's step reaches 24:00 */
                fprintf(d, "%2d", HOURS_PER_DAY);
                pk_dat_num(d, last);
                fputc('\n', d);
            }
            snprintf(lab, sizeof lab, "%s %s %s", pk_csv_str(c, row, cp), pk_csv_str(c, row, cd),
                     pk_csv_str(c, row, cm));
            snprintf(labels[nt], sizeof labels[nt], "%s", lab);
            colour[nt] = port_index(rd, pk_csv_str(c, row, cp));
            fprintf(d, "%s# index %zu: %s\n", nt ? "\n\n" : "", nt, lab);
            nt++;
        }
        last = pk_csv_num(c, row, cu);
        fprintf(d, "%2d", h);
        pk_dat_num(d, last);
        fputc('\n', d);
        if (last > ymax)
            ymax = last;
    }
    fprintf(d, "%2d", HOURS_PER_DAY);
    pk_dat_num(d, last);
    fputc('\n', d);
    pk_gp_head(f, r, "region_tolls", "the toll of each hour, per port, direction and mode",
               "../tolls.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\n"
               "set ylabel \"toll (USD)\"\n"
               "set xrange [0:24]\n"
               "set xtics 0,3,24\n"
               "set yrange [0:%g]\n"
               "set grid xtics ytics\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 36\n"
               "set title \"Tolls by hour of day (held tolls: those of the last iteration)\\n%s\" "
               "font \",13\"\n", pk_axis_max(ymax), basis);
    pk_gp_loop(f, 1, 40);
    fprintf(f, "    plot \\\n");
    for (size_t k = 0; k < nt; k++) {
        fprintf(f, "%s        'region_tolls.dat' index %zu using 1:2 with steps lw 2 dt %zu "
                   "lc rgb \"%s\" title ", k ? ", \\\n" : "", k, k % 4 + 1,
                pk_scn_colour(colour[k] < 0 ? k : (size_t)colour[k]));
        pk_gp_q(f, labels[k]);
    }
    fprintf(f, "\n");
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "The toll of each hour of the day, per port, direction and mode "
                              "(USD; %s).", basis);
    return pk_emit(r, ps, "region_tolls", cap, &dat, &gp, e);
}

static void put_swatch(FILE *f, size_t j)
{
    fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>", pk_scn_colour(j));
}

/* The region's key numbers. */
static void put_region_keys(FILE *f, const cJSON *g)
{
    fputs("<h2>Key numbers</h2>\n<dl class=\"keys\">\n", f);
    pk_key_usd(f, "k-cost", "Region: cost of waiting per day",
               pk_jnum(g, "totals.cost_of_waiting_usd_per_day.mean"),
               pk_jnum(g, "totals.cost_of_waiting_usd_per_day.ci95"));
    pk_key_int(f, "k-vh", "Region: vehicle-hours waiting per day",
               pk_jnum(g, "totals.vehicle_hours_per_day.mean"),
               pk_jnum(g, "totals.vehicle_hours_per_day.ci95"));
    pk_key_int(f, "k-choosers", "Travellers who choose, per day",
               pk_jnum(g, "totals.chooser_trips_per_day"), NAN);
    pk_key_usd(f, "k-tolls", "Toll revenue per day", pk_jnum(g, "totals.toll_revenue_usd_per_day"),
               NAN);
    pk_key_int(f, "k-iter", "Iterations", pk_jnum(g, "iterations"), NAN);
    fputs("</dl>\n", f);
}

/* A row per port: its choosers and their wait, its waits, cost and tolls. */
static void put_ports_table(FILE *f, const cJSON *g)
{
    fputs("<h2>Ports</h2>\n<table>\n<thead><tr><th>port</th><th>choosers / day</th>"
          "<th>their mean wait (min)</th><th>mean wait, all (min)</th>"
          "<th>cost / day (USD)</th><th>toll revenue / day (USD)</th></tr></thead>\n<tbody>\n", f);
    size_t j = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, pk_jat(g, "ports")) {
        fputs("<tr><td>", f);
        put_swatch(f, j++);
        fputs("<a href=\"", f);
        pk_put_html(f, pk_jstr(p, "name"));
        fputs("/report.html\">", f);
        pk_put_html(f, pk_jstr(p, "name"));
        fputs("</a></td>", f);
        pk_td_int(f, pk_jnum(p, "chooser_trips_per_day"));
        pk_td_num(f, pk_jnum(p, "chooser_wait_mean_min"), 2);
        pk_td_num_pm(f, pk_jnum(p, "wait_mean_min.mean"), pk_jnum(p, "wait_mean_min.ci95"), 2);
        pk_td_usd_pm(f, pk_jnum(p, "cost_of_waiting_usd_per_day.mean"),
                     pk_jnum(p, "cost_of_waiting_usd_per_day.ci95"));
        pk_td_usd(f, pk_jnum(p, "toll_revenue_usd_per_day"));
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

/* The port cell of a row of the segments' or observed table (u: the
 * entry naming it), with the port's colour. */
static void put_port_cell(FILE *f, const struct regiondata *rd, const cJSON *u)
{
    fputs("</td><td>", f);
    int pj = port_index(rd, pk_jstr(u, "port"));
    if (pj >= 0)
        put_swatch(f, (size_t)pj);
    pk_put_html(f, pk_jstr(u, "port"));
    fputs("</td>", f);
}

/* A row per segment and port it may use: its share and trips there. */
static void put_segments_table(FILE *f, const struct regiondata *rd)
{
    fputs("<h2>Segments</h2>\n<table>\n<thead><tr><th>segment</th><th>travellers</th>"
          "<th>trips / day</th><th>port</th><th>share</th><th>trips / day there</th>"
          "<th>mean wait there (min)</th></tr></thead>\n<tbody>\n", f);
    const cJSON *s;
    cJSON_ArrayForEach(s, pk_jat(rd->reg, "segments")) {
        const cJSON *u;
        bool first = true;
        cJSON_ArrayForEach(u, pk_jat(s, "ports")) {
            fputs("<tr><td>", f);
            if (first) {
                pk_put_html(f, pk_jstr(s, "name"));
                fputs("</td><td>", f);
                pk_put_html(f, pk_jstr(s, "direction"));
                fputs(" ", f);
                pk_put_html(f, pk_jstr(s, "mode"));
                fputs(" ", f);
                pk_put_html(f, pk_jstr(s, "program"));
                fputs("</td><td class=\"n\">", f);
                pk_put_int(f, pk_jnum(s, "trips_per_day"));
            } else
                fputs("</td><td></td><td>", f);
            put_port_cell(f, rd, u);
            pk_td_num(f, pk_jnum(u, "share"), 3);
            pk_td_int(f, pk_jnum(u, "trips_per_day"));
            pk_td_num(f, pk_jnum(u, "wait_mean_min"), 1);
            fputs("</tr>\n", f);
            first = false;
        }
    }
    fputs("</tbody>\n</table>\n", f);
}

/* The observed trips of each group at each port against the modelled,
 * with the fit's before and the constants' changes if it fitted them. */
static void put_observed_table(FILE *f, const struct regiondata *rd, const cJSON *obs)
{
    const cJSON *fit = pk_jat(obs, "fit");
    fputs("<h2>Observed trips</h2>\n<p>", f);
    if (fit)
        fprintf(f, "Constants fitted to these figures in %.0f round%s: %s. ",
                pk_jnum(fit, "rounds"), pk_jnum(fit, "rounds") == 1 ? "" : "s",
                cJSON_IsTrue(pk_jat(fit, "fitted")) ? "every share within the tolerance"
                                                    : "<b>not within the tolerance</b>");
    fputs("Shares are within each group, among the ports it gives.</p>\n<table>\n<thead>"
          "<tr><th>group</th><th>port</th><th>observed / day</th><th>share</th>", f);
    if (fit)
        fputs("<th>before the fit / day</th>", f);
    fputs("<th>modelled / day</th><th>share</th><th>mean wait (min)</th>", f);
    if (fit)
        fputs("<th>constant's change</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    const cJSON *gr;
    cJSON_ArrayForEach(gr, pk_jat(obs, "groups")) {
        const cJSON *u;
        bool first = true;
        cJSON_ArrayForEach(u, pk_jat(gr, "ports")) {
            fputs("<tr><td>", f);
            if (first)
                pk_put_html(f, pk_jstr(gr, "name"));
            put_port_cell(f, rd, u);
            pk_td_int(f, pk_jnum(u, "observed_trips_per_day"));
            pk_td_num(f, pk_jnum(u, "observed_share"), 3);
            if (fit)
                pk_td_int(f, pk_jnum(u, "trips_before_fit_per_day"));
            pk_td_int(f, pk_jnum(u, "modelled_trips_per_day"));
            pk_td_num(f, pk_jnum(u, "modelled_share"), 3);
            pk_td_num(f, pk_jnum(u, "wait_mean_min"), 1);
            if (fit)
                pk_td_num(f, pk_jnum(u, "constant_change"), 4);
            fputs("</tr>\n", f);
            first = false;
        }
    }
    fputs("</tbody>\n</table>\n", f);
}

/* Each port's wait by hour, from its own report's plots, with a link to
 * it.  Returns the SVGs inlined. */
static int put_port_reports(FILE *f, const struct regiondata *rd)
{
    int nsvg = 0;
    fputs("<h2>Ports' reports</h2>\n<p>Each port's own report has its queues, waits and "
          "costs, with the region's travellers in its demand.</p>\n", f);
    for (size_t k = 0; k < rd->np; k++) {
        char sub[FSET_PATH_MAX], spdir[FSET_PATH_MAX], rel[FSET_PATH_MAX], pre[64], cap[512];
        pk_path_join(sub, rd->dir, rd->port[k]);
        pk_path_join(spdir, sub, "plots");
        fputs("<h3>", f);
        put_swatch(f, k);
        pk_put_html(f, rd->port[k]);
        fputs("</h3>\n<p class=\"meta\"><a href=\"", f);
        pk_put_html(f, rd->port[k]);
        fputs("/report.html\">full report</a></p>\n", f);
        pk_pathf(rel, "%s/plots", rd->port[k]);
        snprintf(pre, sizeof pre, "p%zu-wait_by_hour", k);
        snprintf(cap, sizeof cap, "%s: mean wait by hour of day, per queue (95%% band).",
                 rd->port[k]);
        if (pk_file_exists(spdir, "wait_by_hour.gp"))
            nsvg += pk_put_figure(f, spdir, rel, "wait_by_hour", cap, pre);
    }
    return nsvg;
}

static int report_region(const struct regiondata *rd, const struct pk_plotset *ps, struct err *e)
{
    struct pk_text t;
    const cJSON *g = rd->reg;
    if (pk_report_begin(&t, "region", "Region: ", pk_jstr(g, "region"), e) != 0)
        return -1;
    FILE *f = t.f;
    char basis[160];
    region_basis(rd, basis, sizeof basis);
    fputs("</h1>\n<p class=\"meta\">", f);
    pk_put_html(f, pk_jstr(g, "title"));
    fprintf(f, "<br>%s; seed %.0f; %s; poesim ", basis, pk_jnum(g, "seed"),
            cJSON_IsTrue(pk_jat(g, "converged")) ? "converged" : "<b>not converged</b> (the cap "
                                                                 "of iterations was reached)");
    pk_put_html(f, pk_jstr(g, "poesim_version"));
    fputs(". The figures are those of the last iteration.</p>\n", f);
    put_region_keys(f, g);
    put_ports_table(f, g);
    put_segments_table(f, rd);
    if (pk_jat(g, "observed"))
        put_observed_table(f, rd, pk_jat(g, "observed"));
    int nsvg = pk_put_plots(f, ps);
    nsvg += put_port_reports(f, rd);
    pk_put_list(f, pk_jat(g, "warnings"), "Warnings");
    fputs("<h2>Files</h2>\n<p><a href=\"region.csv\">region.csv</a>, "
          "<a href=\"region.json\">region.json</a>, <a href=\"tolls.csv\">tolls.csv</a>, "
          "<a href=\"convergence.csv\">convergence.csv</a>; each plot's gnuplot script and "
          "data in <code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, rd->dir, "report.html", e);
}

int pk_plot_region(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct regiondata *rd = malloc(sizeof *rd);
    struct pk_plotset *ps = NULL;
    int rc = -1;
    if (!rd)
        return err_set(e, EXIT_FAIL, "out of memory");
    if (region_load(rd, dir, e) != 0 || !(ps = pk_plots_open(dir, e)))
        goto done;
    char up[300];
    snprintf(up, sizeof up, "region %s", pk_jstr(rd->reg, "region"));
    for (size_t j = 0; j < rd->np; j++)
        if (pk_plot_sub_run(dir, rd->port[j], r, up, e) != 0)
            goto done;
    if (plot_by_hour(rd, r, ps, false, e) != 0 || plot_by_hour(rd, r, ps, true, e) != 0
        || plot_convergence(rd, r, ps, e) != 0 || plot_tolls(rd, r, ps, e) != 0)
        goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_region(rd, ps, e) : -1;
done:
    regiondata_free(rd);
    free(rd);
    free(ps);
    return rc;
}
