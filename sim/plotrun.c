/*
 * plotrun.c - the plots and report.html of a run folder (plotkit.h).
 *
 * A run folder holds summary.json, hourly.csv, waits.csv and, with flex
 * lanes, lanes.csv.  Its plots: mean wait, queue length and booths open by
 * hour of day (one panel per direction, a line per queue, the wait with its
 * 95% band), the share of crossers waiting longer than x (wait_cdf), the
 * assignment of each flex lane group over the measured days (lanes) and the
 * cost of waiting per day by queue and component (cost).  The report puts
 * the key numbers and the table of queues above them.
 *
 * hourly.csv has a row per day, hour and queue (or per weekday, hour and
 * queue when it pools days); the hourly plots sum it by hour of day into a
 * table of 24 hours per queue and kind of day (weekdays, Saturdays,
 * Sundays: struct pk_hours, pk_hours_load, which the batch plots use too),
 * weighing a pooled row by its days.  The kinds of day are drawn apart, a
 * column of panels each: a port's Sunday evening peak must not be averaged
 * away into a week of quiet evenings.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"
#include "scenario.h"

/* The cut-off of the waiting-time plot's x axis: the wait that fewer than
 * this share of crossers exceed, in every queue (so the tail that matters is
 * visible and a handful of outliers does not squash the curves). */
#define CDF_TAIL_SHARE 0.005
/* The wait the report and the waiting-time plot single out: one hour. */
#define WAIT_MARK_MIN 60.0

/* The width of the key beside an hourly plot's panels, in pixels: a
 * queue's label ("pedestrian general") and its sample. */
#define HOURLY_KEY_PX 230
#define HOURLY_SPLIT_PANEL_H 250    /* a panel's height with kinds of day apart */

/* What the squares of a wait plot mark. */
#define CLOSED_MARKS "squares: arrivals while the facility was closed, their wait counted " \
                     "from the opening (the wait for it apart)"

struct rundata {
    const char *dir;
    cJSON *sum;
    int reps, days;
    struct pk_grp g[PK_GROUPS_MAX];
    size_t ng;
    char dirs[4][16];      /* directions, in order of appearance */
    size_t nd;
    struct pk_hours *hours;    /* hourly.csv by hour of day and kind of day */
    char (*wday)[8];       /* weekday of measured day d (1..days), from summary.json */
};

static void rundata_free(struct rundata *rd)
{
    cJSON_Delete(rd->sum);
    free(rd->hours);
    free(rd->wday);
}

static int run_group(struct rundata *rd, const char *dir, const char *mode, const char *prog,
                     struct err *e)
{
    int i = pk_grp_find(rd->g, &rd->ng, dir, mode, prog);
    if (i < 0)
        return err_set(e, EXIT_FAIL, "%s: more than %d queues", rd->dir, PK_GROUPS_MAX);
    size_t d = 0;
    while (d < rd->nd && strcmp(rd->dirs[d], dir) != 0)
        d++;
    if (d == rd->nd && rd->nd < 4)
        snprintf(rd->dirs[rd->nd++], sizeof rd->dirs[0], "%s", dir);
    return i;
}

static int run_load(struct rundata *rd, const char *dir, struct err *e)
{
    memset(rd, 0, sizeof *rd);
    rd->dir = dir;
    if (!(rd->sum = pk_json_load(dir, "summary.json", e)))
        return -1;
    rd->reps = pk_jint(rd->sum, "replications");
    rd->days = pk_jint(rd->sum, "days");
    if (rd->reps < 1 || rd->days < 1)
        return err_set(e, EXIT_FAIL, "%s/summary.json: no replications or days", dir);
    const cJSON *gs = pk_jat(rd->sum, "groups"), *g;
    cJSON_ArrayForEach(g, gs)
        if (run_group(rd, pk_jstr(g, "direction"), pk_jstr(g, "mode"), pk_jstr(g, "program"),
                      e) < 0)
            return -1;
    rd->wday = calloc((size_t)rd->days + 1, sizeof *rd->wday);
    if (!rd->wday)
        return err_set(e, EXIT_FAIL, "out of memory");
    const char *start = pk_jstr(rd->sum, "start");
    int w0 = 0;
    while (w0 < WD_COUNT && strcmp(scn_weekday_name((enum weekday)w0), start) != 0)
        w0++;
    if (w0 < WD_COUNT)          /* else no weekday names on the axis */
        for (int d = 1; d <= rd->days; d++)
            snprintf(rd->wday[d], sizeof rd->wday[0], "%s",
                     scn_weekday_name((enum weekday)((w0 + d - 1) % WD_COUNT)));

    if (!(rd->hours = malloc(sizeof *rd->hours)))
        return err_set(e, EXIT_FAIL, "out of memory");
    if (pk_hours_load(dir, rd->g, &rd->ng, rd->hours, e) != 0)
        return -1;
    for (size_t i = 0; i < rd->ng; i++)     /* the directions of queues hourly.csv added */
        if (run_group(rd, rd->g[i].dir, rd->g[i].mode, rd->g[i].prog, e) < 0)
            return -1;
    return 0;
}

static int daykind_of(const char *weekday)
{
    return !strcmp(weekday, "sat") ? PK_SATURDAYS : !strcmp(weekday, "sun") ? PK_SUNDAYS
                                                                            : PK_WEEKDAYS;
}

int pk_hours_load(const char *dir, struct pk_grp *g, size_t *ng, struct pk_hours *h,
                  struct err *e)
{
    memset(h, 0, sizeof *h);
    struct pk_csv c;
    if (pk_csv_load(dir, "hourly.csv", &c, e) != 0)
        return -1;
    int chour = pk_csv_col(&c, "hour"), cdays = pk_csv_col(&c, "days"),
        cwd = pk_csv_col(&c, "weekday"), cdir = pk_csv_col(&c, "direction"),
        cmode = pk_csv_col(&c, "mode"), cprog = pk_csv_col(&c, "program"),
        cw = pk_csv_col(&c, "wait_mean_min"), ch = pk_csv_col(&c, "wait_mean_ci95_min"),
        cq = pk_csv_col(&c, "queue_mean"), cb = pk_csv_col(&c, "booths_open"),
        cqw = pk_csv_col(&c, "queue_wait_mean_min"), cca = pk_csv_col(&c, "closed_arrivals");
    if (chour < 0 || cdir < 0 || cmode < 0 || cprog < 0 || cw < 0 || cq < 0 || cb < 0) {
        pk_csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/hourly.csv: missing columns (hour, direction, mode, "
                                     "program, wait_mean_min, queue_mean, booths_open)", dir);
    }
    h->split = cwd >= 0;
    h->has_ci = ch >= 0;
    h->in_queue = cqw >= 0 && cca >= 0;
    int first = -1;             /* the first queue: its hour 0 rows count the days */
    for (size_t r = 1; r < c.nrow; r++) {
        int gi = pk_grp_find(g, ng, pk_csv_str(&c, r, cdir), pk_csv_str(&c, r, cmode),
                             pk_csv_str(&c, r, cprog));
        if (gi < 0) {
            pk_csv_free(&c);
            return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, PK_GROUPS_MAX);
        }
        double hr = pk_csv_num(&c, r, chour);
        if (!(hr >= 0 && hr < 24))
            continue;
        int kind = h->split ? daykind_of(pk_csv_str(&c, r, cwd)) : PK_WEEKDAYS;
        struct pk_hod *x = &h->hod[gi][kind][(int)hr];
        double w = pk_csv_num(&c, r, cw), hw = pk_csv_num(&c, r, ch), q = pk_csv_num(&c, r, cq),
               b = pk_csv_num(&c, r, cb), n = cdays >= 0 ? pk_csv_num(&c, r, cdays) : 1,
               cl = h->in_queue ? pk_csv_num(&c, r, cca) : NAN;
        if (!(n > 0))
            n = 1;
        if (h->in_queue) {      /* from the opening; no band where it differs from the wait */
            if (cl > 0)
                hw = NAN;
            w = pk_csv_num(&c, r, cqw);
            x->c += n * (cl > 0 ? cl : 0);
            x->cn += n;
            h->any_closed |= cl > 0;
        }
        if (first < 0)
            first = gi;
        if (gi == first && (int)hr == 0)
            h->days[kind] += n;
        if (!isnan(w)) {
            x->w += n * w;
            x->wn += n;
            if (!isnan(hw)) {
                x->h2 += n * n * hw * hw;
                x->hn += n;
            }
        }
        if (!isnan(q)) {
            x->q += n * q;
            x->qn += n;
        }
        if (!isnan(b)) {
            x->b += n * b;
            x->bn += n;
        }
    }
    pk_csv_free(&c);
    return 0;
}

const char *pk_daykind_name(const struct pk_hours *h, int kind)
{
    static const char *const names[PK_DAYKINDS] = { "weekdays (Mon-Fri)", "Saturdays",
                                                    "Sundays" };
    return h->split ? names[kind] : "all days";
}

double pk_hod_wait(const struct pk_hod *x, double *hw)
{
    *hw = x->wn && x->hn == x->wn ? sqrt(x->h2) / x->wn : NAN;
    return x->wn ? x->w / x->wn : NAN;
}

double pk_hod_queue(const struct pk_hod *x)
{
    return x->qn ? x->q / x->qn : NAN;
}

double pk_hod_booths(const struct pk_hod *x)
{
    return x->bn ? x->b / x->bn : NAN;
}

double pk_hod_closed(const struct pk_hod *x)
{
    return x->cn ? x->c / x->cn : 0;
}

/* The kinds of day with measured days, into kinds[]; returns their count
 * (at least 1: weekdays, when there is nothing at all). */
static int day_kinds(const struct pk_hours *h, int kinds[PK_DAYKINDS])
{
    int nk = 0;
    for (int k = 0; k < PK_DAYKINDS; k++)
        if (h->days[k] > 0)
            kinds[nk++] = k;
    if (nk == 0)
        kinds[nk++] = PK_WEEKDAYS;
    return nk;
}

/* "mean of 3 replications over 2 measured days" */
static void run_basis(const struct rundata *rd, char *buf, size_t n)
{
    snprintf(buf, n, "mean of %d replication%s over %d measured day%s", rd->reps,
             rd->reps == 1 ? "" : "s", rd->days, rd->days == 1 ? "" : "s");
}

static void dir_title(const char *dir, char *buf, size_t n)
{
    if (strcmp(dir, "north") == 0)
        snprintf(buf, n, "Northbound");
    else if (strcmp(dir, "south") == 0)
        snprintf(buf, n, "Southbound");
    else
        snprintf(buf, n, "%s", dir);
}

enum hourly_kind { HK_WAIT, HK_QUEUE, HK_BOOTHS };

static const char *const hourly_names[] = { "wait_by_hour", "queue_by_hour",
                                             "booths_by_hour" };

/* NAME.dat of an hourly plot: a block per kind of day and queue of 24
 * hours (the wait with its band; booths as steps, with hour 24 repeating
 * hour 23 so that the last step reaches midnight).  ymax[d]: the top of
 * direction d's values. */
static void hourly_data(FILE *d, const struct rundata *rd, enum hourly_kind kind,
                        const char *basis, double ymax[4])
{
    const struct pk_hours *hs = rd->hours;
    int kinds[PK_DAYKINDS], nk = day_kinds(hs, kinds);
    char lab[64];
    fprintf(d, "# %s.dat - by hour of day, from ../hourly.csv (%s).\n", hourly_names[kind], basis);
    fprintf(d, "# Each value: the mean over the measured days of its kind (weekdays,\n"
               "# Saturdays, Sundays) of the hour's mean over the replications (a row pooling\n"
               "# days by weekday weighs its days); NaN where no day had a value.\n");
    if (kind == HK_WAIT)
        fprintf(d, "# low/high: the 95%% band, mean -/+ sqrt(sum of the days' squared 95%%\n"
                   "# half-widths) / days (the days' estimates taken as independent); NaN where\n"
                   "# a day lacked a half-width (fewer than 2 replications had a value).\n"
                   "# The wait is %s.\n"
                   "# closed_per_day: arrivals a day in the hour while the facility was closed.\n"
                   "# Columns: hour  wait_min  low_min  high_min  closed_per_day\n",
                rd->hours->in_queue ? "the wait in the queue: for an arrival while the facility "
                                      "was closed,\n# from the opening (its wait for the opening "
                                      "apart; no band in such an hour)"
                                    : "from joining the queue to reaching a booth");
    else if (kind == HK_QUEUE)
        fprintf(d, "# Columns: hour  queue_mean (crossers waiting, time-average)\n");
    else
        fprintf(d, "# Columns: hour  booths_open (time-average over the hour; hour 24 repeats\n"
                   "# hour 23, the end of the last step)\n");
    fprintf(d, "# One block per kind of day and queue (gnuplot index 0, 1, ...).\n");
    for (int kk = 0; kk < nk; kk++)
        for (size_t i = 0; i < rd->ng; i++) {
            pk_grp_label(&rd->g[i], true, lab, sizeof lab);
            fprintf(d, "%s# index %zu: %s, %s\n", kk || i ? "\n\n" : "",
                    (size_t)kk * rd->ng + i, lab, pk_daykind_name(hs, kinds[kk]));
            size_t di = 0;
            while (di < rd->nd && strcmp(rd->dirs[di], rd->g[i].dir) != 0)
                di++;
            for (int hr = 0; hr <= 24; hr++) {
                if (hr == 24 && kind != HK_BOOTHS)
                    break;
                const struct pk_hod *h = &hs->hod[i][kinds[kk]][hr < 24 ? hr : 23];
                fprintf(d, "%2d", hr);
                double v, hw, top;
                if (kind == HK_WAIT) {
                    v = pk_hod_wait(h, &hw);
                    pk_dat_num(d, v);
                    pk_dat_num(d, isnan(hw) ? NAN : fmax(0, v - hw));
                    pk_dat_num(d, isnan(hw) ? NAN : v + hw);
                    top = isnan(hw) ? v : v + hw;
                    pk_dat_num(d, pk_hod_closed(h));
                } else {
                    v = top = kind == HK_QUEUE ? pk_hod_queue(h) : pk_hod_booths(h);
                    pk_dat_num(d, v);
                }
                if (di < 4 && top > ymax[di])
                    ymax[di] = top;
                fputc('\n', d);
            }
        }
}

/* Writes the plot clauses of queue i in a panel of a run plot (the first
 * clause of the panel if first), each from its data to its title. */
typedef void panel_clause(FILE *f, const struct rundata *rd, size_t i, bool first,
                          const void *ctx);

/* The panels of a run plot, one per direction: its title, its y range up to
 * ymax[d] (none if ymax is NULL), and clause's lines for each queue of the
 * direction; then the end of the multiplot and of the script. */
static void direction_panels(FILE *f, const struct rundata *rd, const double *ymax,
                             panel_clause *clause, const void *ctx)
{
    for (size_t di = 0; di < rd->nd; di++) {
        char dt[32];
        dir_title(rd->dirs[di], dt, sizeof dt);
        fprintf(f, "    set title \"%s\"\n", dt);
        if (ymax)
            fprintf(f, "    set yrange [0:%g]\n", pk_axis_max(ymax[di]));
        fprintf(f, "    plot \\\n");
        bool first = true;
        for (size_t i = 0; i < rd->ng; i++)
            if (strcmp(rd->g[i].dir, rd->dirs[di]) == 0) {
                clause(f, rd, i, first, ctx);
                first = false;
            }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

/* Queue i's block of kind of day kk in an hourly plot: its band, then its
 * line (booths as steps over the whole day).  first: the panel's first. */
static void hourly_clause(FILE *f, const struct rundata *rd, enum hourly_kind kind, bool band,
                          size_t i, int kk, bool first)
{
    const char *name = hourly_names[kind];
    size_t index = (size_t)kk * rd->ng + i;
    char lab[64];
    pk_grp_label(&rd->g[i], false, lab, sizeof lab);
    if (band) {
        fprintf(f, "%s        '%s.dat' index %zu using ($1+0.5):3:4 with filledcurves "
                   "fs transparent solid 0.15 noborder lc rgb \"%s\" notitle",
                first ? "" : ", \\\n", name, index, pk_grp_colour(&rd->g[i]));
        first = false;
    }
    /* An hour's value at the middle of the hour; booths as steps from the
     * start of each hour to the next. */
    if (kind == HK_BOOTHS)
        fprintf(f, "%s        '%s.dat' index %zu using 1:2 with steps ", first ? "" : ", \\\n",
                name, index);
    else
        fprintf(f, "%s        '%s.dat' index %zu using ($1+0.5):2 with linespoints ",
                first ? "" : ", \\\n", name, index);
    pk_gp_grp_style(f, &rd->g[i], kind != HK_BOOTHS);
    fprintf(f, " title ");
    pk_gp_q(f, lab);
    if (kind == HK_WAIT && rd->hours->any_closed)   /* arrivals while closed: a mark at 0 */
        fprintf(f, ", \\\n        '%s.dat' index %zu using ($1+0.5):($5 > 0 ? 0 : NaN) with "
                   "points pt 4 ps 0.9 lc rgb \"%s\" notitle", name, index,
                pk_grp_colour(&rd->g[i]));
}

/* NAME.gp of an hourly plot: a panel per direction and kind of day, one
 * above the other so that the hours line up (y up to ymax[d], the same for
 * a direction's kinds of day so that they compare; the key beside its
 * first), a line per queue, the 95% band if band; sub is the title's second
 * line. */
static void hourly_script(FILE *f, const struct rundata *rd, const struct pk_renderer *r,
                          enum hourly_kind kind, bool band, const char *sub,
                          const double ymax[4])
{
    static const char *const what[] = {
        "mean wait (joining the queue to reaching a booth) by hour of day, per queue",
        "time-average queue length by hour of day, per queue",
        "time-average booths open by hour of day, per queue",
    };
    static const char *const ylabel[] = {
        "mean wait (min)", "queue length (crossers waiting)", "booths open (booths)"
    };
    static const char *const title[] = {
        "Mean wait by hour of day (joining the queue to reaching a booth)",
        "Queue length by hour of day (time-average)",
        "Booths open by hour of day (time-average)",
    };
    const struct pk_hours *hs = rd->hours;
    int kinds[PK_DAYKINDS], nk = day_kinds(hs, kinds);
    pk_gp_head(f, r, hourly_names[kind], what[kind], "../hourly.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\n"
               "set xrange [0:24]\n"
               "set xtics 0,3,24\n"
               "set mxtics 3\n");
    bool closed = kind == HK_WAIT && hs->any_closed;
    struct pk_grid grid;
    pk_grid_init(&grid, (int)rd->nd * nk, 1, HOURLY_KEY_PX, nk > 1 ? HOURLY_SPLIT_PANEL_H : 0,
                 closed ? 3 : 2);
    pk_grid_begin(f, &grid);
    fprintf(f, "    set multiplot title \"%s\\n%s%s%s\" font \",13\"\n",
            closed ? "Mean wait in the queue by hour of day (from joining it, or from the "
                     "opening for an arrival while closed, to reaching a booth)" : title[kind],
            sub, closed ? "\\n" : "", closed ? CLOSED_MARKS : "");
    for (size_t di = 0; di < rd->nd; di++)
        for (int kk = 0; kk < nk; kk++) {
            char dt[32];
            double days = hs->days[kinds[kk]];
            dir_title(rd->dirs[di], dt, sizeof dt);
            pk_grid_panel(f, &grid, (int)di * nk + kk, 0);
            if (kk > 0)
                fprintf(f, "    unset key\n");     /* the direction's queues again */
            fprintf(f, "    set title \"%s, %s", dt, pk_daykind_name(hs, kinds[kk]));
            if (days > 0)
                fprintf(f, ": %.0f day%s", days, days == 1 ? "" : "s");
            fprintf(f, "\"\n    set yrange [0:%g]\n", pk_axis_max(ymax[di]));
            fprintf(f, "    set ylabel \"%s\"\n", ylabel[kind]);
            fprintf(f, "    plot \\\n");
            bool first = true;
            for (size_t i = 0; i < rd->ng; i++)
                if (strcmp(rd->g[i].dir, rd->dirs[di]) == 0) {
                    hourly_clause(f, rd, kind, band, i, kk, first);
                    first = false;
                }
            if (kind == HK_WAIT && hs->any_closed && kk == 0)
                fprintf(f, ", \\\n        NaN with points pt 4 ps 0.9 lc rgb \"#404040\" "
                           "title \"arrived while closed\"");
            fprintf(f, "\n");
        }
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

/* Mean wait, queue or booths open by hour of day: a row per direction, a
 * column per kind of day, a line per queue (with its 95% band for the
 * wait). */
static int plot_hourly(const struct rundata *rd, const struct pk_renderer *r,
                       struct pk_plotset *ps, enum hourly_kind kind, struct err *e)
{
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    char basis[128], sub[256], cap[512];
    run_basis(rd, basis, sizeof basis);
    bool band = kind == HK_WAIT && rd->reps >= 2 && rd->hours->has_ci;
    double ymax[4] = { 0 };
    hourly_data(dat.f, rd, kind, basis, ymax);
    if (kind == HK_WAIT)
        snprintf(sub, sizeof sub, "%s; %s", basis,
                 band ? "band: 95% interval" : "no interval (fewer than 2 replications)");
    else
        snprintf(sub, sizeof sub, "%s; no interval drawn", basis);
    hourly_script(gp.f, rd, r, kind, band, sub, ymax);
    static const char *const capt[] = {
        "Mean wait by hour of day, per queue (joining the queue to reaching a primary booth)",
        "Queue length by hour of day, per queue (time-average crossers waiting)",
        "Booths open by hour of day, per queue (time-average; flex lanes count where they serve)",
    };
    snprintf(cap, sizeof cap, "%s; %s; %s%s.", capt[kind],
             rd->hours->split ? "weekdays, Saturdays and Sundays apart" : "all days together",
             sub, kind == HK_WAIT && rd->hours->any_closed ? "; " CLOSED_MARKS : "");
    return pk_emit(r, ps, hourly_names[kind], cap, &dat, &gp, e);
}

/* waits.csv read for the waiting-time plot: each row's queue, and per
 * queue the share over an hour and where its tail ends. */
struct waits {
    struct pk_csv c;
    int cx, cs;                 /* columns wait_min, share_above */
    int *gi;                    /* [row]: the row's queue */
    double over60[PK_GROUPS_MAX];   /* share waiting over WAIT_MARK_MIN, or NaN */
    bool present[PK_GROUPS_MAX];    /* the queue has a row */
    double xmax;                /* the x axis' end, minutes */
};

static void waits_free(struct waits *w)
{
    free(w->gi);
    pk_csv_free(&w->c);
}

/* Read rd's waits.csv into *w (queues not yet known are added to rd).
 * Returns 0, or -1 with *e filled (w is then freed). */
static int waits_load(struct rundata *rd, struct waits *w, struct err *e)
{
    memset(w, 0, sizeof *w);
    if (pk_csv_load(rd->dir, "waits.csv", &w->c, e) != 0)
        return -1;
    const struct pk_csv *c = &w->c;
    int cdir = pk_csv_col(c, "direction"), cmode = pk_csv_col(c, "mode"),
        cprog = pk_csv_col(c, "program");
    w->cx = pk_csv_col(c, "wait_min");
    w->cs = pk_csv_col(c, "share_above");
    if (cdir < 0 || cmode < 0 || cprog < 0 || w->cx < 0 || w->cs < 0) {
        waits_free(w);
        return err_set(e, EXIT_FAIL, "%s/waits.csv: missing columns (direction, mode, program, "
                                     "wait_min, share_above)", rd->dir);
    }
    if (!(w->gi = malloc(c->nrow * sizeof *w->gi))) {
        waits_free(w);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    double tail[PK_GROUPS_MAX] = { 0 }, xlast = 0;
    for (size_t i = 0; i < PK_GROUPS_MAX; i++)
        w->over60[i] = NAN;
    for (size_t row = 1; row < c->nrow; row++) {
        int g = w->gi[row] = run_group(rd, pk_csv_str(c, row, cdir), pk_csv_str(c, row, cmode),
                                       pk_csv_str(c, row, cprog), e);
        if (g < 0) {
            waits_free(w);
            return -1;
        }
        double x = pk_csv_num(c, row, w->cx), sh = pk_csv_num(c, row, w->cs);
        w->present[g] = true;
        if (x == WAIT_MARK_MIN)
            w->over60[g] = sh;
        if (sh >= CDF_TAIL_SHARE && x > tail[g])
            tail[g] = x;
        if (x > xlast)
            xlast = x;
    }
    double xmax = 0;
    for (size_t i = 0; i < rd->ng; i++)
        if (tail[i] > xmax)
            xmax = tail[i];
    xmax = fmax(2 * WAIT_MARK_MIN, 1.2 * xmax);
    w->xmax = fmin(xmax, xlast > 0 ? xlast : xmax);
    return 0;
}

/* wait_cdf.dat: a block per queue of (wait, share above in %). */
static void waits_data(FILE *d, const struct rundata *rd, const struct waits *w,
                       const char *basis)
{
    char lab[96];
    fprintf(d, "# wait_cdf.dat - share of crossers waiting longer than x, from ../waits.csv\n"
               "# (%s, over %d measured days).\n"
               "# Columns: wait_min  share_above_pct\n"
               "# One block per queue (gnuplot index 0, 1, ...).\n", basis, rd->days);
    for (size_t i = 0; i < rd->ng; i++) {
        pk_grp_label(&rd->g[i], true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s\n", i ? "\n\n" : "", i, lab);
        for (size_t row = 1; row < w->c.nrow; row++)
            if (w->gi[row] == (int)i) {
                fprintf(d, "%g", pk_csv_num(&w->c, row, w->cx));
                pk_dat_num(d, 100 * pk_csv_num(&w->c, row, w->cs));
                fputc('\n', d);
            }
        if (!w->present[i])     /* a queue without a row: one undefined point */
            fprintf(d, "0 NaN\n");
    }
}

/* Queue i of the waiting-time plot: its line, its share over an hour in
 * the key. */
static void waits_clause(FILE *f, const struct rundata *rd, size_t i, bool first,
                         const void *ctx)
{
    const struct waits *w = ctx;
    char l2[64], lab[96];
    pk_grp_label(&rd->g[i], false, l2, sizeof l2);
    if (isnan(w->over60[i]))
        snprintf(lab, sizeof lab, "%s", l2);
    else
        snprintf(lab, sizeof lab, "%s: %.1f%% > 1 h", l2, 100 * w->over60[i]);
    fprintf(f, "%s        'wait_cdf.dat' index %zu using ($1 > 0 ? $1 : NaN):2 with lines ",
            first ? "" : ", \\\n", i);
    pk_gp_grp_style(f, &rd->g[i], false);
    fprintf(f, " title ");
    pk_gp_q(f, lab);
}

/* wait_cdf.gp: a panel per direction, a line per queue, log x. */
static void waits_script(FILE *f, const struct rundata *rd, const struct pk_renderer *r,
                         const struct waits *w, const char *basis)
{
    pk_gp_head(f, r, "wait_cdf", "share of crossers waiting longer than x, per queue",
               "../waits.csv");
    fprintf(f, "set xlabel \"wait x (min, log scale)\"\n"
               "set ylabel \"share waiting longer than x (%%)\"\n"
               "set logscale x\n"
               "set xrange [1:%g]\n"
               "set xtics (", w->xmax);
    static const int tics[] = { 1, 2, 5, 10, 20, 30, 60, 120, 240, 480, 720, 1440 };
    for (size_t k = 0; k < sizeof tics / sizeof tics[0] && tics[k] <= w->xmax; k++)
        fprintf(f, "%s%d", k ? ", " : "", tics[k]);
    fprintf(f, ")\n"
               "set yrange [0:100]\n"
               "set ytics 0,10,100\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 38\n"
               "# The question it answers: what share waits over an hour?\n"
               "set arrow 1 from %g, graph 0 to %g, graph 1 nohead dt 2 lw 1.5 lc rgb \"#404040\"\n"
               "set label 1 \"1 hour\" at %g, graph 0.95 offset 0.5,0 textcolor rgb \"#404040\"\n",
            WAIT_MARK_MIN, WAIT_MARK_MIN, WAIT_MARK_MIN);
    pk_gp_loop(f, (int)rd->nd, 0);
    fprintf(f, "    set multiplot layout %zu,1 title \"Share of crossers waiting longer than x, "
               "from 1 minute (key: share over 1 hour)\\n%s over %d measured day%s; "
               "no interval drawn\" "
               "font \",13\"\n", rd->nd, basis, rd->days, rd->days == 1 ? "" : "s");
    direction_panels(f, rd, NULL, waits_clause, w);
}

/* The share of crossers waiting longer than x, per queue (waits.csv). */
static int plot_waits(struct rundata *rd, const struct pk_renderer *r,
                      struct pk_plotset *ps, struct err *e)
{
    struct waits *w = malloc(sizeof *w);
    if (!w)
        return err_set(e, EXIT_FAIL, "out of memory");
    struct pk_text dat, gp;
    if (waits_load(rd, w, e) != 0) {
        free(w);
        return -1;
    }
    if (pk_texts_open(&dat, &gp, e) != 0) {
        waits_free(w);
        free(w);
        return -1;
    }
    char basis[128];
    snprintf(basis, sizeof basis, "mean of %d replication%s", rd->reps, rd->reps == 1 ? "" : "s");
    waits_data(dat.f, rd, w, basis);
    waits_script(gp.f, rd, r, w, basis);
    waits_free(w);
    free(w);
    char cap[512];
    snprintf(cap, sizeof cap, "Distribution of waits: the share of each queue's crossers who "
                              "waited longer than x minutes (%s); the key gives the share over "
                              "one hour.", basis);
    return pk_emit(r, ps, "wait_cdf", cap, &dat, &gp, e);
}

/* The cost of waiting per day per queue, as stacked bars. */
static int plot_cost(const struct rundata *rd, const struct pk_renderer *r,
                     struct pk_plotset *ps, struct err *e)
{
    const cJSON *gs = pk_jat(rd->sum, "groups"), *g;
    double vmax = 0;
    cJSON_ArrayForEach(g, gs) {
        double t = pk_jnum(g, "cost_usd.total.mean") / rd->days;
        if (t > vmax)
            vmax = t;
    }
    const char *unit;
    double sc = pk_usd_scale(vmax, &unit);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[128];
    run_basis(rd, basis, sizeof basis);
    double ptot = pk_jnum(rd->sum, "cost_usd.per_day.mean"),
           pci = pk_jnum(rd->sum, "cost_usd.per_day.ci95");
    int year = pk_jint(rd->sum, "cost_usd.price_year");
    fprintf(d, "# cost.dat - cost of waiting per measured day, per queue, in %s of %d,\n"
               "# from ../summary.json groups[].cost_usd / days (%s).\n"
               "# Columns: row  value_of_time  truck_operating  fuel  total  total_ci95  queue  "
               "label\n# (label: the total in USD with its 95%% half-width)\n", unit, year, basis);
    int nbar = 0;
    cJSON_ArrayForEach(g, gs) {
        struct pk_grp q;
        snprintf(q.dir, sizeof q.dir, "%s", pk_jstr(g, "direction"));
        snprintf(q.mode, sizeof q.mode, "%s", pk_jstr(g, "mode"));
        snprintf(q.prog, sizeof q.prog, "%s", pk_jstr(g, "program"));
        char lab[64], a[32], b[32];
        pk_grp_label(&q, true, lab, sizeof lab);
        double vot = pk_jnum(g, "cost_usd.value_of_time.mean") / rd->days,
               tr = pk_jnum(g, "cost_usd.truck_operating.mean") / rd->days,
               fu = pk_jnum(g, "cost_usd.fuel.mean") / rd->days,
               tot = pk_jnum(g, "cost_usd.total.mean") / rd->days,
               ci = pk_jnum(g, "cost_usd.total.ci95") / rd->days;
        fprintf(d, "%d", nbar++);
        pk_dat_num(d, vot / sc);
        pk_dat_num(d, tr / sc);
        pk_dat_num(d, fu / sc);
        pk_dat_num(d, tot / sc);
        pk_dat_num(d, ci / sc);
        fputc(' ', d);
        pk_dat_q(d, lab);
        pk_fmt_thousands(a, sizeof a, tot);
        pk_fmt_thousands(b, sizeof b, ci);
        char l[80];
        if (isnan(ci))
            snprintf(l, sizeof l, "$%s", a);
        else
            snprintf(l, sizeof l, "$%s ± %s", a, b);
        fputc(' ', d);
        pk_dat_q(d, l);
        fputc('\n', d);
    }
    char a[32], b[32];
    pk_fmt_thousands(a, sizeof a, ptot);
    pk_fmt_thousands(b, sizeof b, pci);
    pk_gp_head(f, r, "cost", "cost of waiting per day per queue, stacked by component",
               "../summary.json");
    fprintf(f, "set xlabel \"cost of waiting (%s of %d per day)\"\n"
               "set xrange [0:%g]\n"
               "set yrange [%d.5:-0.5]\n"
               "set ytics scale 0\n"
               "set grid xtics noytics\n"
               "set style fill solid 0.85 border rgb \"#404040\"\n"
               "set key outside right top vertical Left reverse\n"
               "set lmargin 24\n"
               "set rmargin 25\n"
               "set title \"Cost of waiting per day, by queue and component (labels: total ± 95%% "
               "half-width)\\n%s; port total $%s ± %s per day\" font \",13\"\n"
               "# A bar is a box from x-dx to x+dx and y-dy to y+dy (boxxyerror); dy sets its "
               "thickness.\n"
               "dy = 0.32\n",
            unit, year, pk_axis_max(vmax / sc) * 1.4, nbar - 1, basis, a, b);
    pk_gp_loop(f, 0, 120 + 36 * nbar);
    fprintf(f, "    plot 'cost.dat' using ($2/2):1:($2/2):(dy):ytic(7) with boxxyerror "
               "lc rgb \"#0072B2\" title \"value of time\", \\\n"
               "         '' using ($2+$3/2):1:($3/2):(dy) with boxxyerror lc rgb \"#D55E00\" "
               "title \"truck operating\", \\\n"
               "         '' using ($2+$3+$4/2):1:($4/2):(dy) with boxxyerror lc rgb \"#E69F00\" "
               "title \"idle fuel\", \\\n"
               "         '' using 5:1:8 with labels left offset 1,0 font \",10\" notitle\n");
    pk_gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Cost of waiting per measured day, by queue: value of time, truck "
                              "operating cost and idle fuel, USD of %d (%s; labels: total ± 95%% "
                              "half-width).", year, basis);
    return pk_emit(r, ps, "cost", cap, &dat, &gp, e);
}

/* The columns of lanes.csv the lane plot reads. */
struct lanes_cols {
    int rep, t, g, from, to, end;
};

/* A lane group's assignments, in order (level m + 1 is names[m]). */
enum { ASSIGN_MAX = 16 };

/* The names of lane group lg's assignments: those summary.json lists, then
 * any other that lanes.csv names.  Returns their count. */
static size_t lane_names(const struct pk_csv *c, const struct lanes_cols *col, const cJSON *lg,
                         const char *names[ASSIGN_MAX])
{
    const char *gname = pk_jstr(lg, "name");
    size_t nn = 0;
    const cJSON *as = pk_jat(lg, "assignments");
    for (const cJSON *a = as ? as->child : NULL; a && nn < ASSIGN_MAX; a = a->next)
        if (cJSON_IsString(a))
            names[nn++] = a->valuestring;
    for (size_t row = 1; row < c->nrow; row++) {
        if (strcmp(pk_csv_str(c, row, col->g), gname) != 0)
            continue;
        const char *ab[2] = { pk_csv_str(c, row, col->from), pk_csv_str(c, row, col->to) };
        for (int j = 0; j < 2; j++) {
            size_t m = 0;
            while (m < nn && strcmp(names[m], ab[j]) != 0)
                m++;
            if (m == nn && nn < ASSIGN_MAX)
                names[nn++] = ab[j];
        }
    }
    return nn;
}

/* Lane group lg, the k-th: its block of lanes.dat into d (its steps over
 * [0, T] hours of replication 1) and its panel of the script into b.
 * Returns the panel's height in pixels. */
static int lane_group(FILE *d, FILE *b, const struct pk_csv *c, const struct lanes_cols *col,
                      const cJSON *lg, int k, double T)
{
    const char *gname = pk_jstr(lg, "name"), *names[ASSIGN_MAX];
    size_t nn = lane_names(c, col, lg, names);
    /* The state at time 0: the first change's "from", else the first
     * assignment listed (a policy starts there; a schedule that never
     * switched in the measured days stays on its only one). */
    const char *init = nn ? names[0] : "";
    for (size_t row = 1; row < c->nrow; row++)
        if (pk_csv_num(c, row, col->rep) == 1 && strcmp(pk_csv_str(c, row, col->g), gname) == 0) {
            init = pk_csv_str(c, row, col->from);
            break;
        }
    fprintf(d, "%s# index %d: lane group %s (%d lanes); levels:", k ? "\n\n" : "", k, gname,
            pk_jint(lg, "lanes"));
    for (size_t m = 0; m < nn; m++)
        fprintf(d, " %zu=%s", m + 1, names[m]);
    fprintf(d, "\n");
    int level = 0;
    for (size_t m = 0; m < nn; m++)
        if (strcmp(names[m], init) == 0)
            level = (int)m + 1;
    fprintf(d, "0 %d\n", level);
    for (size_t row = 1; row < c->nrow; row++) {
        if (pk_csv_num(c, row, col->rep) != 1 || strcmp(pk_csv_str(c, row, col->g), gname) != 0)
            continue;
        double t = pk_csv_num(c, row, col->t), te = pk_csv_num(c, row, col->end);
        int to = 0;
        for (size_t m = 0; m < nn; m++)
            if (strcmp(names[m], pk_csv_str(c, row, col->to)) == 0)
                to = (int)m + 1;
        fprintf(d, "%g 0\n", t);
        if (!isnan(te) && te < T) {
            fprintf(d, "%g %d\n", te, to);
            level = to;
        } else {
            level = 0;
        }
    }
    fprintf(d, "%g %d\n", T, level);

    fprintf(b, "    set title \"Lane group %s (%d lane%s)\"\n", gname, pk_jint(lg, "lanes"),
            pk_jnum(lg, "lanes") == 1 ? "" : "s");
    fprintf(b, "    set yrange [-0.5:%zu.5]\n    set ytics (\"closed (changeover)\" 0", nn);
    for (size_t m = 0; m < nn; m++) {
        fprintf(b, ", ");
        pk_gp_q(b, names[m]);
        fprintf(b, " %zu", m + 1);
    }
    fprintf(b, ")\n    plot 'lanes.dat' index %d using 1:2 with steps lw 3 lc rgb \"%s\" "
               "notitle\n", k, pk_scn_colour((size_t)k + 3));
    return 100 + 45 * (int)nn;
}

/* The script of the lane plot: k panels (their text in body) of the given
 * heights in all. */
static void lanes_script(FILE *f, const struct rundata *rd, const struct pk_renderer *r,
                         const struct pk_text *body, int k, int heights)
{
    double T = 24.0 * rd->days;
    pk_gp_head(f, r, "lanes", "assignment of each flex lane group over the measured days "
                              "(replication 1)", "../lanes.csv and ../summary.json");
    fprintf(f, "set xlabel \"time (h since the start of the measured days; ticks at midnight)\"\n"
               "set xrange [0:%g]\n"
               "set xtics (", T);
    int every = rd->days <= 14 ? 1 : rd->days <= 98 ? 7 : 28;
    for (int day = 1, first = 1; day <= rd->days; day += every, first = 0)
        fprintf(f, "%s\"%s day %d\" %d", first ? "" : ", ", rd->wday[day][0] ? rd->wday[day] : "",
                day, 24 * (day - 1));
    fprintf(f, ")\n"
               "set mxtics %d\n"
               "set lmargin 30\n"
               "set rmargin 6\n"
               "set grid xtics mxtics ytics\n", rd->days <= 14 ? 4 : every);
    pk_gp_loop(f, 0, heights);
    fprintf(f, "    set multiplot layout %d,1 title \"Flex lane assignments over the measured "
               "days: replication 1 of %d\\nclosed: from the switch (draining) to the end of the "
               "changeover; no interval (one replication shown)\" font \",13\"\n", k, rd->reps);
    fwrite(body->s, 1, body->n, f);
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
}

/* The assignment of each flex lane group over the measured days
 * (replication 1 of lanes.csv), a step chart with the changeovers. */
static int plot_lanes(const struct rundata *rd, const struct pk_renderer *r,
                      struct pk_plotset *ps, struct err *e)
{
    const cJSON *lgs = pk_jat(rd->sum, "lane_groups");
    if (cJSON_GetArraySize(lgs) <= 0)
        return 0;
    struct pk_csv c;
    if (pk_csv_load(rd->dir, "lanes.csv", &c, e) != 0)
        return -1;
    struct lanes_cols col = {
        pk_csv_col(&c, "replication"), pk_csv_col(&c, "time_h"), pk_csv_col(&c, "lane_group"),
        pk_csv_col(&c, "from"), pk_csv_col(&c, "to"), pk_csv_col(&c, "changeover_end_h")
    };
    if (col.rep < 0 || col.t < 0 || col.g < 0 || col.from < 0 || col.to < 0 || col.end < 0) {
        pk_csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/lanes.csv: missing columns (replication, time_h, "
                                     "lane_group, from, to, changeover_end_h)", rd->dir);
    }
    struct pk_text dat, gp, body = { 0 };
    if (pk_texts_open(&dat, &gp, e) != 0) {
        pk_csv_free(&c);
        return -1;
    }
    fprintf(dat.f, "# lanes.dat - assignment of each flex lane group over the measured days,\n"
                   "# replication 1 of %d, from ../lanes.csv and ../summary.json lane_groups.\n"
                   "# Columns: time_h (hours since the start of the measured days)  level\n"
                   "# level 0: closed (draining and changeover); 1..: the group's assignments\n"
                   "# (listed in the block's comment). One block per lane group.\n", rd->reps);
    int k = 0, heights = 0;
    const cJSON *lg;
    if (pk_text_open(&body))
        cJSON_ArrayForEach(lg, lgs)
            heights += lane_group(dat.f, body.f, &c, &col, lg, k++, 24.0 * rd->days);
    pk_csv_free(&c);
    bool bad = !body.f || fclose(body.f) != 0 || !body.s;
    body.f = NULL;
    if (bad) {
        pk_text_discard(&body);
        pk_text_discard(&dat);
        pk_text_discard(&gp);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    lanes_script(gp.f, rd, r, &body, k, heights);
    pk_text_discard(&body);
    char cap[512];
    snprintf(cap, sizeof cap, "Flex lane groups: the queue each serves over the measured days, "
                              "and its closed changeovers (replication 1 of %d).", rd->reps);
    return pk_emit(r, ps, "lanes", cap, &dat, &gp, e);
}

/* The smallest share of crossers still in the port at the end that the
 * report shows (its precision, 0.1%): below it the column would read 0.0. */
#define LEFT_SHOWN_SHARE 0.001

/* What a run's queue table needs beyond the usual columns: crossers still
 * in the port at the end, arrivals while their facility was closed. */
struct extra_cols {
    bool left, closed;
};

static struct extra_cols extra_cols_of(const cJSON *sum)
{
    struct extra_cols x = { false, false };
    const cJSON *g;
    cJSON_ArrayForEach(g, pk_jat(sum, "groups")) {
        x.left |= pk_jnum(g, "remaining_share") >= LEFT_SHOWN_SHARE;
        x.closed |= pk_jnum(g, "closed_arrivals.mean") > 0;
    }
    return x;
}

/* The cells of a queue's row (group g of summary.json, or overall). */
static void put_queue_cells(FILE *f, const cJSON *g, double days)
{
    pk_td_int(f, pk_jnum(g, "arrivals.mean") / days);
    pk_td_num_pm(f, pk_jnum(g, "wait_min.mean"), pk_jnum(g, "wait_min.ci95"), 2);
    pk_td_num(f, pk_jnum(g, "wait_min.p95.mean"), 1);
    pk_td_num(f, pk_jnum(g, "wait_min.max.mean"), 1);
    pk_td_num(f, 100 * pk_jnum(g, "wait_min.share_over_60_min.mean"), 1);
    pk_td_int(f, pk_jnum(g, "forgone.mean") / days);
    pk_td_num(f, 100 * pk_jnum(g, "utilisation.mean"), 1);
    pk_td_usd(f, pk_jnum(g, "cost_usd.total.mean") / days);
    fputs("</tr>\n", f);
}

/* The cells of the columns x asks for, in a queue's row. */
static void put_extra_cells(FILE *f, const cJSON *g, double days, struct extra_cols x)
{
    if (x.left) {
        pk_td_num(f, 100 * pk_jnum(g, "remaining_share"), 1);
    }
    if (x.closed) {
        double n = pk_jnum(g, "closed_arrivals.mean");
        pk_td_int(f, n / days);
        pk_td_num(f, n > 0 ? pk_jnum(g, "closed_wait_min.mean") : NAN, 1);
        pk_td_num_pm(f, pk_jnum(g, "queue_wait_min.mean"), pk_jnum(g, "queue_wait_min.ci95"), 2);
    }
    fputs("</tr>\n", f);
}

/* A row per queue of summary.json s, then the whole port: the usual
 * cells, or (extra) those x asks for; then the table's end. */
static void put_queue_rows(FILE *f, const cJSON *s, double days, bool extra,
                           struct extra_cols x)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, pk_jat(s, "groups")) {
        fputs("<tr><td>", f);
        pk_put_html(f, pk_jstr(g, "direction"));
        fputs("</td><td>", f);
        pk_put_html(f, pk_jstr(g, "mode"));
        fputs("</td><td>", f);
        pk_put_html(f, pk_jstr(g, "program"));
        fputs("</td>", f);
        if (extra)
            put_extra_cells(f, g, days, x);
        else
            put_queue_cells(f, g, days);
    }
    fputs("<tr><th colspan=\"3\">whole port</th>", f);
    if (extra)
        put_extra_cells(f, pk_jat(s, "overall"), days, x);
    else
        put_queue_cells(f, pk_jat(s, "overall"), days);
    fputs("</tbody>\n</table>\n", f);
}

/* A key number with its 95% half-width h: x with dec decimals, its unit
 * (none if NULL); its element's id is idp followed by id. */
static void key_est(FILE *f, const char *idp, const char *id, const char *label, double x,
                    double h, int dec, const char *unit)
{
    char full[64];
    snprintf(full, sizeof full, "%s%s", idp, id);
    pk_put_key(f, full, label);
    pk_put_num(f, x, dec);
    fputs("</span>", f);
    if (unit)
        fprintf(f, " <span class=\"unit\">%s</span>", unit);
    pk_put_pm(f, h, dec);
    fputs("</dd></div>\n", f);
}

/* The key numbers and queue table of a run. */
static void report_run_body(FILE *f, const struct rundata *rd, const char *idp)
{
    const cJSON *s = rd->sum, *o = pk_jat(s, "overall");
    double days = rd->days;
    fprintf(f, "<h2>Key numbers</h2>\n<p class=\"meta\">Means of %d replication%s over %d "
               "measured day%s; ± the half-width of the 95%% interval across replications.</p>\n"
               "<dl class=\"keys\">\n", rd->reps, rd->reps == 1 ? "" : "s", rd->days,
            rd->days == 1 ? "" : "s");
    char id[64];
    key_est(f, idp, "wait", "Mean wait, all crossers", pk_jnum(o, "wait_min.mean"),
            pk_jnum(o, "wait_min.ci95"), 2, "min");
    key_est(f, idp, "p95", "95th-percentile wait", pk_jnum(o, "wait_min.p95.mean"),
            pk_jnum(o, "wait_min.p95.ci95"), 1, "min");
    key_est(f, idp, "over60", "Share waiting over 1 hour",
            100 * pk_jnum(o, "wait_min.share_over_60_min.mean"),
            100 * pk_jnum(o, "wait_min.share_over_60_min.ci95"), 1, "%");
    snprintf(id, sizeof id, "%scrossers", idp);
    pk_key_int(f, id, "Crossers per day", pk_jnum(o, "arrivals.mean") / days, NAN);
    snprintf(id, sizeof id, "%scost", idp);
    pk_key_usd(f, id, "Cost of waiting per day", pk_jnum(s, "cost_usd.per_day.mean"),
               pk_jnum(s, "cost_usd.per_day.ci95"));
    snprintf(id, sizeof id, "%sforgone", idp);
    pk_key_int(f, id, "Forgone trips per day", pk_jnum(o, "forgone.mean") / days, NAN);
    if (cJSON_GetArraySize(pk_jat(s, "lane_groups")) > 0)
        key_est(f, idp, "lanechanges", "Lane changes per run", pk_jnum(s, "lane_changes.mean"),
                pk_jnum(s, "lane_changes.ci95"), 1, NULL);
    double closed = pk_jnum(o, "closed_arrivals.mean"), left = pk_jnum(o, "remaining_share");
    if (closed > 0) {
        key_est(f, idp, "queue-wait", "Mean wait in the queue (from the opening for arrivals "
                "while closed)", pk_jnum(o, "queue_wait_min.mean"),
                pk_jnum(o, "queue_wait_min.ci95"), 2, "min");
        snprintf(id, sizeof id, "%sclosed", idp);
        pk_put_key(f, id, "Arrived while closed, per day");
        pk_put_int(f, closed / days);
        fputs("</span><br><span class=\"unit\">waited ", f);
        pk_put_num(f, pk_jnum(o, "closed_wait_min.mean"), 0);
        fputs(" min on average for the opening; ", f);
        pk_put_usd(f, pk_jnum(s, "cost_usd.closed_wait.mean") / days);
        fputs(" a day of the cost</span></dd></div>\n", f);
    }
    if (left >= LEFT_SHOWN_SHARE) {
        snprintf(id, sizeof id, "%sleft", idp);
        pk_put_key(f, id, "Still in the port at the end");
        pk_put_num(f, 100 * left, 1);
        fputs("</span> <span class=\"unit\">%</span><br><span class=\"unit\">", f);
        pk_put_int(f, pk_jnum(o, "remaining.mean") / days);
        fputs(" a day of the arrivals, not in the mean wait or the cost</span></dd></div>\n", f);
    }
    fputs("</dl>\n", f);
    struct extra_cols x = extra_cols_of(s);

    fputs("<h2>By queue</h2>\n<table>\n<thead><tr><th>direction</th><th>mode</th>"
          "<th>programme</th><th>crossers / day</th><th>mean wait (min)</th>"
          "<th>p95 wait (min)</th><th>max wait (min)</th><th>over 1 h (%)</th>"
          "<th>forgone / day</th><th>utilisation (%)</th><th>cost / day (USD)</th></tr></thead>\n"
          "<tbody>\n", f);
    put_queue_rows(f, s, days, false, x);
    pk_put_stages(f, s);
    if (!x.left && !x.closed)
        return;
    fprintf(f, "<h3>%s%s%s</h3>\n<table>\n<thead><tr><th>direction</th><th>mode</th>"
               "<th>programme</th>", x.closed ? "Waiting for the opening" : "",
            x.closed && x.left ? ", and crossers" : x.left ? "Crossers" : "",
            x.left ? " still in the port at the end" : "");
    if (x.left)
        fputs("<th>still in the port at the end (%)</th>", f);
    if (x.closed)
        fputs("<th>arrived while closed / day</th><th>their wait for the opening (min)</th>"
              "<th>mean wait in the queue (min)</th>", f);
    fputs("</tr></thead>\n<tbody>\n", f);
    put_queue_rows(f, s, days, true, x);
    if (x.left)
        fputs("<p class=\"meta\">Still in the port at the end: crossers who arrived in the "
              "measured days and had not reached a booth (or left secondary) when the run "
              "ended; they have no wait yet and are left out of the mean wait and the cost, "
              "which therefore understate the delay.</p>\n", f);
    if (x.closed)
        fputs("<p class=\"meta\">Arrived while closed: crossers who arrived while their "
              "facility was closed and waited at the gate for the opening; that wait is in the "
              "mean wait and (valued by <code>costs.closed_wait_value</code>) in the cost. The "
              "mean wait in the queue counts theirs from the opening.</p>\n", f);
}

/* The warnings of a scenario (summary.json's), each labelled with it. */
static void report_warnings(FILE *f, const cJSON *s)
{
    const cJSON *w = pk_jat(s, "warnings"), *x;
    if (cJSON_GetArraySize(w) <= 0)
        return;
    fputs("<h2 id=\"warnings\">Warnings</h2>\n<ul class=\"warn\">\n", f);
    cJSON_ArrayForEach(x, w)
        if (cJSON_IsString(x)) {
            fputs("<li><b>", f);
            pk_put_html(f, pk_jstr(s, "scenario"));
            fputs("</b>: ", f);
            pk_put_html(f, x->valuestring);
            fputs("</li>\n", f);
        }
    fputs("</ul>\n", f);
}

static int report_run(const struct rundata *rd, const struct pk_plotset *ps, const char *up,
                      struct err *e)
{
    struct pk_text t;
    if (!pk_text_open(&t))
        return err_set(e, EXIT_FAIL, "out of memory");
    FILE *f = t.f;
    const cJSON *s = rd->sum;
    char title[256];
    snprintf(title, sizeof title, "poesim run: %s", pk_jstr(s, "scenario"));
    pk_html_begin(f, title);
    if (up)
        fprintf(f, "<p class=\"meta\"><a href=\"../report.html\">← %s</a></p>\n", up);
    fputs("<h1>", f);
    pk_put_html(f, pk_jstr(s, "scenario"));
    fputs("</h1>\n<p class=\"sub\">", f);
    pk_put_html(f, pk_jstr(s, "title"));
    fputs("</p>\n<p class=\"meta\">Scenario file <code>", f);
    pk_put_html(f, pk_jstr(s, "file"));
    fprintf(f, "</code>; %d replication%s of %d measured day%s from a %s after %d warm-up "
               "day%s; seed %.0f", rd->reps, rd->reps == 1 ? "" : "s", rd->days,
            rd->days == 1 ? "" : "s", pk_jstr(s, "start"), pk_jint(s, "warmup_days"),
            pk_jnum(s, "warmup_days") == 1 ? "" : "s", pk_jnum(s, "seed"));
    if (cJSON_GetObjectItemCaseSensitive(s, "rng")) {
        fputs(" (", f);
        pk_put_html(f, pk_jstr(s, "rng"));
        fputs(" generator)", f);
    }
    fputs("; poesim ", f);
    pk_put_html(f, pk_jstr(s, "poesim_version"));
    fputs(".</p>\n", f);
    report_warnings(f, s);
    report_run_body(f, rd, "k-");
    int nsvg = pk_put_plots(f, ps);
    pk_put_sources(f, s, "h2");
    fputs("<h2>Files</h2>\n<p>Results: <a href=\"summary.json\">summary.json</a>, "
          "<a href=\"hourly.csv\">hourly.csv</a>", f);
    if (pk_file_exists(rd->dir, "waits.csv"))
        fputs(", <a href=\"waits.csv\">waits.csv</a>", f);
    if (pk_file_exists(rd->dir, "lanes.csv"))
        fputs(", <a href=\"lanes.csv\">lanes.csv</a>", f);
    fputs(". Each plot's gnuplot script and data are in <code>plots/</code>: edit a script and "
          "run <code>gnuplot NAME.gp</code> there to restyle it.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, rd->dir, "report.html", e);
}

int pk_plot_run(const char *dir, const struct pk_renderer *r, const char *up, struct err *e)
{
    struct rundata *rd = malloc(sizeof *rd);
    struct pk_plotset *ps = NULL;
    int rc = -1;
    if (!rd)
        return err_set(e, EXIT_FAIL, "out of memory");
    if (run_load(rd, dir, e) != 0 || !(ps = pk_plots_open(dir, e)))
        goto done;
    if (plot_hourly(rd, r, ps, HK_WAIT, e) != 0)
        goto done;
    if (pk_file_exists(dir, "waits.csv") && plot_waits(rd, r, ps, e) != 0)
        goto done;
    if (plot_hourly(rd, r, ps, HK_QUEUE, e) != 0 || plot_hourly(rd, r, ps, HK_BOOTHS, e) != 0)
        goto done;
    if (pk_file_exists(dir, "lanes.csv") && plot_lanes(rd, r, ps, e) != 0)
        goto done;
    if (plot_cost(rd, r, ps, e) != 0 || pk_plot_stages(dir, r, ps, e) != 0)
        goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_run(rd, ps, up, e) : -1;
done:
    rundata_free(rd);
    free(rd);
    free(ps);
    return rc;
}
