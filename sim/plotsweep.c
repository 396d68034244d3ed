/*
 * plotsweep.c - the plots and report.html of a sweep folder (plotkit.h).
 *
 * A sweep folder holds sweep.csv: one row per grid point and queue, the
 * swept paths' values in its first columns.  The loader finds the grid
 * again from the rows (the points in order, each path's distinct values,
 * whether they are numbers) and tabulates mean and p95 waits by point and
 * queue.  The plots: the whole port's mean wait over the first two paths as
 * a heat map, and for each path (up to SWEEP_PATH_PLOTS_MAX) the waits along
 * it, a line per queue, averaged over the other paths' values.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "output.h"
#include "plotkit.h"

/* Paths beyond this many get no line plot of their own (the table and
 * sweep.csv still have them). */
#define SWEEP_PATH_PLOTS_MAX 6

/* The key of the rings around points with run-time warnings. */
#define SWEEP_WARNED_KEY "ringed: warnings"
#define SWEEP_WARNED_WHY "run-time warnings (a queue over capacity, or crossers left in the " \
    "port at the end: its waits say more about the length of the overload than about the " \
    "port; sweep.csv's warnings column)."
#define SWEEP_WARNED_CAPTION " Ringed: a value with " SWEEP_WARNED_WHY
#define SWEEP_FRAMED_CAPTION " Framed: a cell with " SWEEP_WARNED_WHY

struct sweepdata {
    const char *dir;
    struct pk_csv c;
    size_t npath;            /* swept paths: the columns before "scenario" */
    int reps;
    size_t npt;              /* grid points, in order */
    size_t *ptrow;           /* a row of each point (for its values and name) */
    size_t *vidx;            /* npt x npath: index of the point's value of each path */
    const char ***vals;      /* per path: its distinct values, in order */
    size_t *nval;
    bool *numeric;           /* per path: every value a number */
    struct pk_grp g[PK_GROUPS_MAX];
    size_t ng;
    double *m, *h, *p, *ph;  /* npt x ng: mean wait, ci, p95, ci (NaN: none) */
    unsigned char *warned;   /* npt x ng: the row has run-time warnings (sweep.csv's
                                warnings column; none in an older sweep.csv) */
    bool any_warned;
    size_t *arow;            /* the "all" row of each point (0: none) */
};

static void sweep_free(struct sweepdata *sd)
{
    if (sd->vals)
        for (size_t k = 0; k < sd->npath; k++)
            free(sd->vals[k]);
    free(sd->vals);
    free(sd->nval);
    free(sd->numeric);
    free(sd->ptrow);
    free(sd->vidx);
    free(sd->m);
    free(sd->h);
    free(sd->p);
    free(sd->ph);
    free(sd->warned);
    free(sd->arow);
    pk_csv_free(&sd->c);
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s)
        return false;
    strtod(s, &end);
    return *end == '\0';
}

/* Put the port as a whole last among sd's queues, whatever its rows'
 * place, renumbering the queue of each row (gi[1..nr]). */
static void whole_port_last(struct sweepdata *sd, int *gi, size_t nr)
{
    for (size_t i = 0; i + 1 < sd->ng; i++)
        if (pk_grp_all(&sd->g[i])) {
            struct pk_grp a = sd->g[i];
            memmove(&sd->g[i], &sd->g[i + 1], (sd->ng - i - 1) * sizeof a);
            sd->g[sd->ng - 1] = a;
            for (size_t r = 1; r <= nr; r++)
                gi[r] = gi[r] == (int)i ? (int)sd->ng - 1 : gi[r] > (int)i ? gi[r] - 1 : gi[r];
            break;
        }
}

static int sweep_load(struct sweepdata *sd, const char *dir, struct err *e)
{
    memset(sd, 0, sizeof *sd);
    sd->dir = dir;
    if (pk_csv_load(dir, "sweep.csv", &sd->c, e) != 0)
        return -1;
    struct pk_csv *c = &sd->c;
    int cs = pk_csv_col(c, "scenario"), cdir = pk_csv_col(c, "direction"),
        cmode = pk_csv_col(c, "mode"),
        cprog = pk_csv_col(c, "program"), cw = pk_csv_col(c, "wait_mean_min"),
        ch = pk_csv_col(c, "wait_ci95_min"), cp = pk_csv_col(c, "wait_p95_min"),
        cph = pk_csv_col(c, "wait_p95_ci95_min"), cr = pk_csv_col(c, "replications");
    if (cs < 1 || cdir < 0 || cmode < 0 || cprog < 0 || cw < 0)
        return err_set(e, EXIT_FAIL, "%s/sweep.csv: expected swept paths, then scenario, "
                                     "direction, mode, program, wait_mean_min", dir);
    sd->npath = (size_t)cs;
    size_t nr = c->nrow - 1, np = sd->npath;
    sd->ptrow = calloc(nr + 1, sizeof *sd->ptrow);
    sd->vidx = calloc((nr + 1) * np, sizeof *sd->vidx);
    sd->vals = calloc(np, sizeof *sd->vals);
    sd->nval = calloc(np, sizeof *sd->nval);
    sd->numeric = calloc(np, sizeof *sd->numeric);
    int *pt = calloc(nr + 1, sizeof *pt), *gi = calloc(nr + 1, sizeof *gi);
    if (!sd->ptrow || !sd->vidx || !sd->vals || !sd->nval || !sd->numeric || !pt || !gi)
        goto oom;
    for (size_t k = 0; k < np; k++) {
        sd->vals[k] = calloc(nr + 1, sizeof *sd->vals[k]);
        if (!sd->vals[k])
            goto oom;
        sd->numeric[k] = true;
    }
    for (size_t r = 1; r <= nr; r++) {
        const char *name = pk_csv_str(c, r, cs);
        size_t i = sd->npt;
        if (i > 0 && strcmp(pk_csv_str(c, sd->ptrow[i - 1], cs), name) == 0)
            i--;
        else
            for (size_t j = 0; j < sd->npt; j++)
                if (strcmp(pk_csv_str(c, sd->ptrow[j], cs), name) == 0) {
                    i = j;
                    break;
                }
        if (i == sd->npt) {
            sd->ptrow[sd->npt++] = r;
            for (size_t k = 0; k < np; k++) {
                const char *v = pk_csv_str(c, r, (int)k);
                size_t m = 0;
                while (m < sd->nval[k] && strcmp(sd->vals[k][m], v) != 0)
                    m++;
                if (m == sd->nval[k]) {
                    sd->vals[k][sd->nval[k]++] = v;
                    sd->numeric[k] &= is_number(v);
                }
                sd->vidx[i * np + k] = m;
            }
        }
        pt[r] = (int)i;
        gi[r] = pk_grp_find(sd->g, &sd->ng, pk_csv_str(c, r, cdir), pk_csv_str(c, r, cmode),
                         pk_csv_str(c, r, cprog));
        if (gi[r] < 0) {
            free(pt);
            free(gi);
            return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, PK_GROUPS_MAX);
        }
        if (cr >= 0 && sd->reps == 0)
            sd->reps = (int)fmax(0, fmin(1e9, pk_csv_num(c, r, cr)));
    }
    whole_port_last(sd, gi, nr);
    size_t cells = sd->npt * sd->ng + 1;
    sd->m = malloc(cells * sizeof *sd->m);
    sd->h = malloc(cells * sizeof *sd->h);
    sd->p = malloc(cells * sizeof *sd->p);
    sd->ph = malloc(cells * sizeof *sd->ph);
    sd->arow = calloc(sd->npt + 1, sizeof *sd->arow);
    sd->warned = calloc(cells, sizeof *sd->warned);
    if (!sd->m || !sd->h || !sd->p || !sd->ph || !sd->arow || !sd->warned)
        goto oom;
    int cwarn = pk_csv_col(c, "warnings");
    for (size_t i = 0; i < cells; i++)
        sd->m[i] = sd->h[i] = sd->p[i] = sd->ph[i] = NAN;
    for (size_t r = 1; r <= nr; r++) {
        size_t at = (size_t)pt[r] * sd->ng + (size_t)gi[r];
        sd->m[at] = pk_csv_num(c, r, cw);
        sd->h[at] = pk_csv_num(c, r, ch);
        sd->p[at] = pk_csv_num(c, r, cp);
        sd->ph[at] = pk_csv_num(c, r, cph);
        sd->warned[at] = cwarn >= 0 && pk_csv_str(c, r, cwarn)[0] != '\0';
        sd->any_warned |= sd->warned[at];
        if (pk_grp_all(&sd->g[gi[r]]))
            sd->arow[pt[r]] = r;
    }
    free(pt);
    free(gi);
    return 0;
oom:
    free(pt);
    free(gi);
    return err_set(e, EXIT_FAIL, "out of memory");
}

/* A swept value as a tic label: a JSON string without its quotes. */
static void gp_tic(FILE *f, const char *v)
{
    size_t n = strlen(v);
    char buf[128];
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"' && n - 2 < sizeof buf) {
        memcpy(buf, v + 1, n - 2);
        buf[n - 2] = '\0';
        pk_gp_q(f, buf);
    } else {
        pk_gp_q(f, v);
    }
}

/* x of value m of path k: the number itself, or its position. */
static double sweep_x(const struct sweepdata *sd, size_t k, size_t m)
{
    return sd->numeric[k] ? strtod(sd->vals[k][m], NULL) : (double)m;
}

/* sweep_K.dat: a block per queue of the waits at each value of path k
 * (averaged over the other paths' values; intervals only if one, that is
 * when no point is an average of several).  top[2 * i + q]: the top of
 * queue i's mean (q = 0) and p95 (q = 1) waits. */
static void sweep_path_data(FILE *d, const struct sweepdata *sd, size_t k, const char *name,
                            const char *basis, bool one, double *top)
{
    const char *path = pk_csv_str(&sd->c, 0, (int)k);
    char lab[64];
    fprintf(d, "# %s.dat - wait along the swept path %s, from ../sweep.csv\n# (%s).\n"
               "# Columns: x (%s)  wait_mean_min  ci95  wait_p95_min  ci95  warned\n"
               "# (warned: 1 if a point of the value has run-time warnings for the queue,\n"
               "# sweep.csv's warnings column: over capacity, crossers left at the end)\n"
               "# One block per queue (gnuplot index 0, 1, ...).\n", name, path, basis,
            sd->numeric[k] ? "the value" : "the value's position; see the script's x tics");
    for (size_t i = 0; i < sd->ng; i++) {
        pk_grp_label(&sd->g[i], true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s\n", i ? "\n\n" : "", i, lab);
        for (size_t m = 0; m < sd->nval[k]; m++) {
            double s[4] = { 0 };
            int n[4] = { 0 }, warned = 0;
            for (size_t pt = 0; pt < sd->npt; pt++) {
                if (sd->vidx[pt * sd->npath + k] != m)
                    continue;
                warned |= sd->warned[pt * sd->ng + i];
                const double *src[4] = { sd->m, sd->h, sd->p, sd->ph };
                for (int q = 0; q < 4; q++) {
                    double v = src[q][pt * sd->ng + i];
                    if (!isnan(v)) {
                        s[q] += v;
                        n[q]++;
                    }
                }
            }
            fprintf(d, "%.10g", sweep_x(sd, k, m));
            for (int q = 0; q < 4; q++) {
                double v = n[q] ? s[q] / n[q] : NAN;
                pk_dat_num(d, (q % 2 == 1 && !one) ? NAN : v);
            }
            fprintf(d, " %d\n", warned);
            for (int q = 0; q < 2; q++) {
                double t = (n[2 * q] ? s[2 * q] / n[2 * q] : 0)
                         + (one && n[2 * q + 1] ? s[2 * q + 1] / n[2 * q + 1] : 0);
                if (t > top[2 * i + (size_t)q])
                    top[2 * i + (size_t)q] = t;
            }
        }
    }
}

/* The x axis of path k: the values themselves if numbers, else positions
 * with the values as tics. */
static void sweep_path_xaxis(FILE *f, const struct sweepdata *sd, size_t k)
{
    if (sd->numeric[k]) {
        double lo = sweep_x(sd, k, 0), hi = lo;
        for (size_t m = 0; m < sd->nval[k]; m++) {
            lo = fmin(lo, sweep_x(sd, k, m));
            hi = fmax(hi, sweep_x(sd, k, m));
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
        fprintf(f, "set xrange [%.10g:%.10g]\n", lo - pad, hi + pad);
        if (sd->nval[k] <= 12) {
            fprintf(f, "set xtics (");
            for (size_t m = 0; m < sd->nval[k]; m++)
                fprintf(f, "%s%.10g", m ? ", " : "", sweep_x(sd, k, m));
            fprintf(f, ")\n");
        }
    } else {
        fprintf(f, "set xrange [-0.5:%zu.5]\nset xtics (", sd->nval[k] - 1);
        for (size_t m = 0; m < sd->nval[k]; m++) {
            fprintf(f, "%s", m ? ", " : "");
            gp_tic(f, sd->vals[k][m]);
            fprintf(f, " %zu", m);
        }
        fprintf(f, ")\n");
    }
}

/* What a point of a line along path k stands for, into buf: the other
 * paths' values "at PATH = v" when each has one, else the values averaged
 * over.  Returns true if it is an average over several grid points. */
static bool sweep_others(const struct sweepdata *sd, size_t k, char *buf, size_t n)
{
    size_t at = 0, many = 1;
    buf[0] = '\0';
    for (size_t j = 0; j < sd->npath && at < n; j++) {
        if (j == k)
            continue;
        const char *path = pk_csv_str(&sd->c, 0, (int)j);
        many *= sd->nval[j];
        if (sd->nval[j] == 1) {
            at += (size_t)snprintf(buf + at, n - at, "%s%s = %s", at ? ", " : "at ", path,
                                   sd->vals[j][0]);
            continue;
        }
        at += (size_t)snprintf(buf + at, n - at, "%seach point the mean over %s = ",
                               at ? "; " : "", path);
        for (size_t m = 0; m < sd->nval[j] && at < n; m++)
            at += (size_t)snprintf(buf + at, n - at, "%s%s", m ? ", " : "", sd->vals[j][m]);
    }
    return many > 1;
}

/* The directions of sd's queues, in order (none: the port alone). */
static size_t sweep_dirs(const struct sweepdata *sd, const char *dirs[4])
{
    size_t nd = 0;
    for (size_t i = 0; i < sd->ng; i++) {
        if (pk_grp_all(&sd->g[i]))
            continue;
        size_t d = 0;
        while (d < nd && strcmp(dirs[d], sd->g[i].dir) != 0)
            d++;
        if (d == nd && nd < 4)
            dirs[nd++] = sd->g[i].dir;
    }
    return nd;
}

/* The clauses of one panel of the line plot along path k: the whole port,
 * then the queues of direction dir (all queues if dir is NULL), column col
 * of the data (2 mean, 4 p95), each in a colour of its own. */
static void sweep_path_panel(FILE *f, const struct sweepdata *sd, const char *name,
                             const char *dir, int col, bool bars, const double *top)
{
    double ymax = 0;
    for (size_t i = 0; i < sd->ng; i++)
        if (pk_grp_all(&sd->g[i]) || !dir || strcmp(sd->g[i].dir, dir) == 0)
            ymax = fmax(ymax, top[2 * i + (size_t)(col / 2 - 1)]);
    fprintf(f, "    set yrange [0:%g]\n    plot \\\n", pk_axis_max(ymax));
    const char *used[PK_GROUPS_MAX];
    size_t nu = 0;
    char lab[64];
    for (size_t j = 0; j < sd->ng; j++) {
        size_t i = (j + sd->ng - 1) % sd->ng;       /* the whole port first, under the rest */
        const struct pk_grp *g = &sd->g[i];
        if (pk_grp_all(g) ? sd->ng <= 2 : dir && strcmp(g->dir, dir) != 0)
            continue;           /* the port is not drawn again when it is the only queue */
        const char *rgb = pk_distinct_colour(g, used, nu);
        used[nu++] = rgb;
        if (pk_grp_all(g))
            snprintf(lab, sizeof lab, "whole port");
        else
            pk_grp_label(g, dir == NULL, lab, sizeof lab);
        if (bars)
            fprintf(f, "%s        '%s.dat' index %zu using 1:%d:%d with yerrorlines ",
                    nu > 1 ? ", \\\n" : "", name, i, col, col + 1);
        else
            fprintf(f, "%s        '%s.dat' index %zu using 1:%d with linespoints ",
                    nu > 1 ? ", \\\n" : "", name, i, col);
        pk_gp_grp_style_rgb(f, g, true, rgb);
        fprintf(f, " title ");
        pk_gp_q(f, lab);
        if (sd->any_warned)
            fprintf(f, ", \\\n        '%s.dat' index %zu using 1:($6 > 0 ? $%d : NaN) with "
                       "points pt 6 ps 2.4 lw 1.5 lc rgb \"%s\" notitle", name, i, col, rgb);
    }
    if (sd->any_warned)
        fprintf(f, ", \\\n        NaN with points pt 6 ps 2.4 lw 1.5 lc rgb \"#404040\" "
                   "title \"%s\"", SWEEP_WARNED_KEY);
    fprintf(f, "\n");
}

#define SWEEP_KEY_PX 250    /* the key beside a row: "north pedestrian general" */
#define SWEEP_PANEL_H 280   /* a panel's height, two per direction */

/* Mean and p95 wait along path k: a panel each per direction (a line per
 * queue, the whole port in each), one above the other; with
 * other swept paths, each point says what it stands for (one value of each,
 * or the mean over theirs). */
static int plot_sweep_path(const struct sweepdata *sd, size_t k,
                           const struct pk_renderer *r, struct pk_plotset *ps, struct err *e)
{
    char name[32];
    snprintf(name, sizeof name, "sweep_%zu", k + 1);
    const char *path = pk_csv_str(&sd->c, 0, (int)k), *dirs[4];
    size_t nd = sweep_dirs(sd, dirs);
    char others[600], basis[800];
    bool avg = sweep_others(sd, k, others, sizeof others);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    if (!avg)
        snprintf(basis, sizeof basis, "mean of %d replications per point; bars: 95%% "
                 "intervals%s%s", sd->reps, others[0] ? "; " : "", others);
    else
        snprintf(basis, sizeof basis, "%d replications per point; %s; no interval drawn",
                 sd->reps, others);
    double *top = calloc(2 * sd->ng + 2, sizeof *top);
    if (!top) {
        pk_text_discard(&dat);
        pk_text_discard(&gp);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    sweep_path_data(d, sd, k, name, basis, !avg, top);
    pk_gp_head(f, r, name, "mean and p95 wait along a swept path, a line per queue",
               "../sweep.csv");
    fprintf(f, "set xlabel ");
    pk_gp_q(f, path);
    fprintf(f, "\n");
    sweep_path_xaxis(f, sd, k);
    fprintf(f, "set xtics nomirror\n");
    struct pk_grid grid;
    pk_grid_init(&grid, 2 * (nd ? (int)nd : 1), 1, SWEEP_KEY_PX, SWEEP_PANEL_H, 2);
    pk_grid_begin(f, &grid);
    fprintf(f, "    set multiplot title \"Wait along ");
    pk_gp_qs(f, path);
    fprintf(f, "\\n");
    pk_gp_qs(f, basis);
    fprintf(f, "\" font \",12\"\n");
    static const char *const pt[2] = { "mean wait", "95th-percentile wait" };
    for (size_t di = 0; di < (nd ? nd : 1); di++)
        for (int q = 0; q < 2; q++) {
            pk_grid_panel(f, &grid, 2 * (int)di + q, 0);
            if (q)
                fprintf(f, "    unset key\n");     /* the direction's queues again */
            fprintf(f, "    set title \"%s%s%s\"\n    set ylabel \"%s (min)\"\n",
                    nd ? dirs[di] : "", nd ? "bound: " : "", pt[q], pt[q]);
            sweep_path_panel(f, sd, name, nd ? dirs[di] : NULL, 2 + 2 * q, !avg, top);
        }
    free(top);
    fprintf(f, "    unset multiplot\n");
    pk_gp_end(f);
    char cap[1400];
    snprintf(cap, sizeof cap, "Mean and 95th-percentile wait along %s, a panel each per "
             "direction and a line per queue, the whole port in each (%s).%s", path, basis,
             sd->any_warned ? SWEEP_WARNED_CAPTION : "");
    return pk_emit(r, ps, name, cap, &dat, &gp, e);
}

/* A heat map of the whole port's mean wait over the first two swept paths
 * (averaged over the others' values when there are more). */
static int plot_sweep_heatmap(const struct sweepdata *sd, const struct pk_renderer *r,
                              struct pk_plotset *ps, struct err *e)
{
    if (sd->npath < 2 || sd->ng == 0 || !pk_grp_all(&sd->g[sd->ng - 1]))
        return 0;
    size_t n0 = sd->nval[0], n1 = sd->nval[1], ia = sd->ng - 1;
    double *z = calloc(n0 * n1, sizeof *z);
    int *cnt = calloc(n0 * n1, sizeof *cnt), *warned = calloc(n0 * n1, sizeof *warned);
    if (!z || !cnt || !warned) {
        free(z);
        free(cnt);
        free(warned);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    for (size_t pt = 0; pt < sd->npt; pt++) {
        double v = sd->m[pt * sd->ng + ia];
        size_t at = sd->vidx[pt * sd->npath] * n1 + sd->vidx[pt * sd->npath + 1];
        warned[at] |= sd->warned[pt * sd->ng + ia];
        if (!isnan(v)) {
            z[at] += v;
            cnt[at]++;
        }
    }
    double zmax = 0;
    for (size_t i = 0; i < n0 * n1; i++) {
        z[i] = cnt[i] ? z[i] / cnt[i] : NAN;
        if (z[i] > zmax)
            zmax = z[i];
    }
    free(cnt);
    struct pk_text dat, gp;
    if (pk_texts_open(&dat, &gp, e) != 0) {
        free(z);
        free(warned);
        return -1;
    }
    FILE *d = dat.f, *f = gp.f;
    const char *p0 = pk_csv_str(&sd->c, 0, 0), *p1 = pk_csv_str(&sd->c, 0, 1);
    char basis[200];
    snprintf(basis, sizeof basis, "mean of %d replications per point%s; no interval drawn "
                                  "(see sweep.csv)", sd->reps,
             sd->npath > 2 ? ", averaged over the other swept values" : "");
    fprintf(d, "# sweep_heatmap.dat - mean wait of the whole port (min) over the grid of\n"
               "# %s (i) and %s (j), from ../sweep.csv (%s).\n"
               "# Columns: i  j  wait_mean_min  warned (i, j: positions of the values; see the "
               "script's tics;\n# warned: 1 if a point of the cell has run-time warnings, "
               "sweep.csv's warnings column)\n", p0, p1, basis);
    for (size_t i = 0; i < n0; i++) {
        for (size_t j = 0; j < n1; j++) {
            fprintf(d, "%zu %zu", i, j);
            pk_dat_num(d, z[i * n1 + j]);
            fprintf(d, " %d\n", warned[i * n1 + j]);
        }
        fputc('\n', d);
    }
    free(z);
    free(warned);
    pk_gp_head(f, r, "sweep_heatmap", "mean wait of the whole port over two swept paths",
               "../sweep.csv");
    fprintf(f, "set xlabel ");
    pk_gp_q(f, p0);
    fprintf(f, "\nset ylabel ");
    pk_gp_q(f, p1);
    fprintf(f, "\nset xrange [-0.5:%g]\nset yrange [-0.5:%g]\n", n0 - 0.5, n1 - 0.5);
    for (int axis = 0; axis < 2; axis++) {
        size_t n = axis ? n1 : n0;
        fprintf(f, "set %ctics (", axis ? 'y' : 'x');
        for (size_t m = 0; m < n; m++) {
            fprintf(f, "%s", m ? ", " : "");
            gp_tic(f, sd->vals[axis][m]);
            fprintf(f, " %zu", m);
        }
        fprintf(f, ") scale 0\n");
    }
    fprintf(f, "set grid noxtics noytics\n"
               "set cblabel \"mean wait, whole port (min)\"\n"
               "set cbrange [0:%g]\n"
               "# viridis: perceptually uniform and colour-blind safe\n"
               "set palette defined (0 \"#440154\", 1 \"#3B528B\", 2 \"#21918C\", "
               "3 \"#5EC962\", 4 \"#FDE725\")\n"
               "set style textbox opaque noborder\n"
               "set lmargin 14\n"
               "set rmargin 16\n"
               "set title \"Mean wait of the whole port over the sweep grid%s\\nmean of %d "
               "replications per point; no interval drawn (see sweep.csv)%s\" font \",13\"\n",
            pk_axis_max(zmax), sd->npath > 2 ? ", averaged over the other swept values" : "",
            sd->reps, sd->any_warned ? "; framed: warnings" : "");
    pk_gp_loop(f, 1, 170);
    /* A cell is a box of its own (boxxyerror) rather than a pixel of an
     * image, which gnuplot cannot size with one value on an axis. */
    fprintf(f, "    plot 'sweep_heatmap.dat' using 1:2:(0.5):(0.5):3 with boxxyerror "
               "fs solid 1.0 noborder lc palette notitle");
    if (n0 * n1 <= 200)
        fprintf(f, ", \\\n         '' using 1:2:(sprintf(\"%%.2f\", $3)) with labels boxed "
                   "font \",10\" notitle");
    if (sd->any_warned)
        fprintf(f, ", \\\n         '' using ($4 > 0 ? $1 : NaN):2:(0.46):(0.46) with "
                   "boxxyerror lc rgb \"#D55E00\" lw 4 fs empty notitle");
    fprintf(f, "\n");
    pk_gp_end(f);
    char cap[1024];
    snprintf(cap, sizeof cap, "Mean wait of the whole port (minutes) over the grid of %s and %s "
                              "(%s).%s", p0, p1, basis, sd->any_warned ? SWEEP_FRAMED_CAPTION : "");
    return pk_emit(r, ps, "sweep_heatmap", cap, &dat, &gp, e);
}

/* Can grid point pt not be told apart from the lowest: its paired 95%
 * interval of the difference from it (sweep.csv's delta_best columns)
 * holds 0? */
static bool tied(const struct sweepdata *sd, size_t pt)
{
    const struct pk_csv *c = &sd->c;
    double d = sd->arow[pt] ? pk_csv_num(c, sd->arow[pt], pk_csv_col(c, "delta_best_wait_min"))
                            : NAN,
           h = sd->arow[pt] ? pk_csv_num(c, sd->arow[pt], pk_csv_col(c, "delta_best_ci95_min"))
                            : NAN;
    return fabs(d) <= h;
}

/* Grid point `row` of sweep.csv as "path = value, ...", HTML-escaped. */
static void put_point(FILE *f, const struct sweepdata *sd, size_t row)
{
    for (size_t k = 0; k < sd->npath; k++) {
        fputs(k ? ", " : "", f);
        pk_put_html(f, pk_csv_str(&sd->c, 0, (int)k));
        fputs(" = ", f);
        pk_put_html(f, pk_csv_str(&sd->c, row, (int)k));
    }
}

/* After the lowest point (best): the points that cannot be told apart from
 * it, or that it is lower than every other, by the paired intervals. */
static void put_ties(FILE *f, const struct sweepdata *sd, size_t best)
{
    const struct pk_csv *c = &sd->c;
    if (pk_csv_col(c, "delta_best_ci95_min") < 0)
        return;                 /* a sweep.csv of an older poesim */
    int n = 0;
    for (size_t pt = 0; pt < sd->npt; pt++) {
        if (pt == best || !tied(sd, pt))
            continue;
        fputs(n++ ? "; " : "<br><span class=\"unit\" id=\"k-ties\">indistinguishable from it "
                           "(paired 95% interval of the difference holds 0): ", f);
        for (size_t k = 0; k < sd->npath; k++) {
            fputs(k ? ", " : "", f);
            pk_put_html(f, pk_csv_str(c, sd->arow[pt], (int)k));
        }
    }
    if (n)
        fputs("</span>", f);
    else if (sd->reps >= 2)
        fputs("<br><span class=\"unit\" id=\"k-ties\">lower than at every other point "
              "(paired 95% intervals)</span>", f);
}

/* Grid points listed with their warnings in the report (then how many more). */
#define SWEEP_WARNED_LISTED 20

/* Has grid point pt run-time warnings (its row of the whole port)? */
static bool point_warned(const struct sweepdata *sd, size_t pt)
{
    return sd->ng > 0 && pk_grp_all(&sd->g[sd->ng - 1]) && sd->warned[pt * sd->ng + sd->ng - 1];
}

/* The points with warnings, each with its values and its warnings' texts
 * (sweep.csv's " | " between them as a list), the first SWEEP_WARNED_LISTED. */
static void put_warned_points(FILE *f, const struct sweepdata *sd, size_t n_warned)
{
    const struct pk_csv *c = &sd->c;
    int cwarn = pk_csv_col(c, "warnings");
    fprintf(f, "<h2>Warnings</h2>\n<p>%zu of the %zu grid points have run-time warnings: a queue "
               "over capacity, or crossers left in the port at the end. Their waits say more "
               "about the length of the overload than about the port (ringed or framed in the "
               "plots; every one in <code>sweep.csv</code>'s <code>warnings</code> column).</p>"
               "\n<ul class=\"warn\">\n", n_warned, sd->npt);
    size_t shown = 0;
    for (size_t pt = 0; pt < sd->npt && shown < SWEEP_WARNED_LISTED; pt++) {
        if (!point_warned(sd, pt))
            continue;
        size_t row = sd->arow[pt];
        fputs("<li><b>", f);
        put_point(f, sd, row);
        fputs("</b><ul>", f);
        char *text = strdup(pk_csv_str(c, row, cwarn));
        for (char *w = text, *next; w; w = next) {
            next = strstr(w, OUT_WARNINGS_SEP);
            if (next) {
                *next = '\0';
                next += strlen(OUT_WARNINGS_SEP);
            }
            fputs("<li>", f);
            pk_put_html(f, w);
            fputs("</li>", f);
        }
        free(text);
        fputs("</ul></li>\n", f);
        shown++;
    }
    fputs("</ul>\n", f);
    if (n_warned > shown)
        fprintf(f, "<p>and %zu more points with warnings: see <code>sweep.csv</code>.</p>\n",
                n_warned - shown);
}

static int report_sweep(const struct sweepdata *sd, const struct pk_plotset *ps, struct err *e)
{
    struct pk_text t;
    if (!pk_text_open(&t))
        return err_set(e, EXIT_FAIL, "out of memory");
    FILE *f = t.f;
    const struct pk_csv *c = &sd->c;
    int cs = pk_csv_col(c, "scenario"), ch = pk_csv_col(c, "wait_ci95_min"),
        cw = pk_csv_col(c, "wait_mean_min"), cd = pk_csv_col(c, "delta_wait_min"),
        cdh = pk_csv_col(c, "delta_ci95_min"), cp = pk_csv_col(c, "wait_p95_min"),
        cc = pk_csv_col(c, "cost_usd_per_day"), cb = pk_csv_col(c, "delta_best_wait_min"),
        cbh = pk_csv_col(c, "delta_best_ci95_min");
    pk_html_begin(f, "poesim sweep");
    fprintf(f, "<h1>Sweep over %zu point%s</h1>\n<p class=\"meta\">%d replications per point, "
               "common random numbers; differences are paired against the scenario as written, "
               "with paired-t 95%% half-widths.</p>\n", sd->npt, sd->npt == 1 ? "" : "s",
            sd->reps);
    size_t best = 0;
    bool have = false;
    for (size_t pt = 0; pt < sd->npt; pt++) {
        double v = sd->arow[pt] ? pk_csv_num(c, sd->arow[pt], cw) : NAN;
        if (!isnan(v) && (!have || v < pk_csv_num(c, sd->arow[best], cw))) {
            best = pt;
            have = true;
        }
    }
    fputs("<h2>Key numbers</h2>\n<dl class=\"keys\">\n", f);
    fprintf(f, "<div><dt>Grid points</dt><dd><span id=\"k-points\">%zu</span></dd></div>\n",
            sd->npt);
    size_t n_warned = 0;
    for (size_t pt = 0; pt < sd->npt; pt++)
        n_warned += point_warned(sd, pt);
    if (pk_csv_col(c, "warnings") >= 0)
        fprintf(f, "<div><dt>Points with warnings</dt><dd><span id=\"k-warned\">%zu</span> "
                   "<span class=\"unit\">over capacity, or crossers left at the end</span>"
                   "</dd></div>\n", n_warned);
    if (have) {
        size_t row = sd->arow[best];
        fputs("<div><dt>Lowest mean wait, whole port</dt><dd><span id=\"k-best-wait\">", f);
        pk_put_num(f, pk_csv_num(c, row, cw), 2);
        fputs("</span> <span class=\"unit\">min</span>", f);
        pk_put_pm(f, pk_csv_num(c, row, ch), 2);
        fputs("<br><span class=\"unit\">at ", f);
        put_point(f, sd, row);
        fputs("</span>", f);
        put_ties(f, sd, best);
        fputs("</dd></div>\n", f);
    }
    /* In a box of its own that scrolls sideways: with two long paths and
     * the warnings, wider than the page. */
    fputs("</dl>\n<h2>Grid points (whole port)</h2>\n<div style=\"overflow-x:auto\">\n"
          "<table>\n<thead><tr>", f);
    for (size_t k = 0; k < sd->npath; k++) {
        fputs("<th>", f);
        pk_put_html(f, pk_csv_str(c, 0, (int)k));
        fputs("</th>", f);
    }
    fputs("<th>point</th><th>mean wait (min)</th><th>Δ mean wait (min)</th>"
          "<th>vs the lowest (min)</th>"
          "<th>p95 wait (min)</th><th>cost / day (USD)</th><th>warnings</th></tr></thead>\n"
          "<tbody>\n", f);
    for (size_t pt = 0; pt < sd->npt; pt++) {
        size_t row = sd->arow[pt];
        if (!row)
            continue;
        fputs("<tr>", f);
        for (size_t k = 0; k < sd->npath; k++) {
            fputs("<td class=\"n\">", f);
            pk_put_html(f, pk_csv_str(c, row, (int)k));
            fputs("</td>", f);
        }
        fputs("<td>", f);
        pk_put_html(f, pk_csv_str(c, row, cs));
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, pk_csv_num(c, row, cw), 2);
        pk_put_pm(f, pk_csv_num(c, row, ch), 2);
        fputs("</td><td class=\"n\">", f);
        pk_put_num(f, pk_csv_num(c, row, cd), 2);
        pk_put_pm(f, pk_csv_num(c, row, cdh), 2);
        fputs("</td><td class=\"n\">", f);
        if (pt == best) {
            fputs("lowest", f);
        } else {
            fputs(tied(sd, pt) ? "indistinguishable: " : "", f);
            pk_put_num(f, pk_csv_num(c, row, cb), 2);
            pk_put_pm(f, pk_csv_num(c, row, cbh), 2);
        }
        fputs("</td>", f);
        pk_td_num(f, pk_csv_num(c, row, cp), 1);
        pk_td_usd(f, pk_csv_num(c, row, cc));
        fprintf(f, "<td>%s</td></tr>\n", point_warned(sd, pt) ? "yes" : "");
    }
    fputs("</tbody>\n</table>\n</div>\n", f);
    if (n_warned)
        put_warned_points(f, sd, n_warned);
    int nsvg = pk_put_plots(f, ps);
    fputs("<h2>Files</h2>\n<p><a href=\"sweep.csv\">sweep.csv</a> has every queue of every "
          "point; each plot's gnuplot script and data are in <code>plots/</code>.</p>\n", f);
    pk_html_end(f, nsvg);
    return pk_text_save(&t, sd->dir, "report.html", e);
}


int pk_plot_sweep(const char *dir, const struct pk_renderer *r, struct err *e)
{
    struct sweepdata sd;
    struct pk_plotset *ps = NULL;
    int rc = -1;
    if (sweep_load(&sd, dir, e) != 0 || !(ps = pk_plots_open(dir, e)))
        goto done;
    if (plot_sweep_heatmap(&sd, r, ps, e) != 0)
        goto done;
    for (size_t k = 0; k < sd.npath && k < SWEEP_PATH_PLOTS_MAX; k++)
        if (plot_sweep_path(&sd, k, r, ps, e) != 0)
            goto done;
    /* The report reads the images. */
    rc = pk_plots_done(r, e) == 0 ? report_sweep(&sd, ps, e) : -1;
done:
    sweep_free(&sd);
    free(ps);
    return rc;
}

