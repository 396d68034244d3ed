/*
 * plotkit.h - the plot module's shared kit (private to sim/plot*.c; nothing
 * else may include it, since it exposes cJSON and gnuplot).
 *
 * The plot module (plot.h) is one module in several files, one per kind of
 * output folder, around this kit:
 *
 *   plot.c       the entry points (plot_dir: which kind of folder, then its
 *                file below), and the kit: files, readers, queue styles,
 *                the gnuplot runner;
 *   plothtml.c   the kit's HTML: report.html's page, numbers and figures;
 *   plotrun.c    a run folder: plots by hour, waits, cost, flex lanes, and
 *                its report;
 *   plotbatch.c  a batch folder: waits and paired differences per scenario,
 *                benefit-cost, and its report (with each scenario's run
 *                plots, by plotrun.c);
 *   plotsweep.c  a sweep folder: a heat map and lines along swept paths, and
 *                its report;
 *   plotregion.c a region folder: shares and waits by port and hour,
 *                convergence, tolls, and its report (with each port's run
 *                plots, by plotrun.c);
 *   plotcalib.c  a calibration folder: observed against simulated waits,
 *                volumes and lanes by hour, per queue, and its report (with
 *                the run plots of its run/, by plotrun.c);
 *   plotstage.c  a run's stages in series: crossing time by hour, stacked
 *                by stage, and the report's table of it (called by
 *                plotrun.c);
 *   plotassess.c an assessment folder (poesim assess): the advantage of
 *                each trusted programme against its share, and its report;
 *   plotstaff.c  a staffing plan's folder: booths found by hour against the
 *                scenario's, each hour's statistic against the target, and
 *                its report.
 *
 * A new kind of output (a calibration's observed-against-simulated plots, a
 * region's ports, a stage chain, a staffing plan) gets a file of its own,
 * plotNAME.c, with one entry here (pk_plot_NAME) and one line in plot.c's
 * table of folder kinds.  Its plots follow the pattern of every plot:
 *
 *   struct pk_text dat, gp;
 *   pk_texts_open(&dat, &gp, e);           the data and the script, in memory
 *   ... write NAME.dat with pk_dat_num / pk_dat_q (a comment header first,
 *       then whitespace-separated columns) ...
 *   pk_gp_head(gp.f, r, NAME, what, source);   script settings
 *   ... axes and styles (pk_gp_q for a string, pk_gp_grp_style for a queue) ...
 *   pk_gp_loop(gp.f, panels, extra);  ... plot commands ...  pk_gp_end(gp.f);
 *   return pk_emit(r, ps, NAME, caption, &dat, &gp, e);
 *
 * and its report is a page from pk_html_begin to pk_html_end, saved with
 * pk_text_save, with its plots by pk_put_plots.  Read the folder through
 * pk_csv_load and pk_json_load (the output files, never the simulator's
 * structures), so that `poesim plot DIR` can draw a folder written long ago.
 *
 * Every file goes through fileset's fset_save (temporary `.NAME.tmp.PID`,
 * renamed into place; fset_clean removes those of a killed process), every
 * image through gnuplot's temporary `.NAME.tmp.PID.FORMAT`, renamed as well.
 *
 * Ownership: functions that fill a struct (pk_csv_load, pk_texts_open) leave
 * it to be released by its _free/_discard/_save function, also on error
 * where they say so; pk_slurp and pk_json_load return what the caller frees
 * (free, cJSON_Delete); every string returned by a reader (pk_csv_str,
 * pk_jstr) is borrowed from the table or tree it came from.
 */
#ifndef POESIM_PLOTKIT_H
#define POESIM_PLOTKIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <cJSON.h>

#include "error.h"
#include "fileset.h"

#define PK_GROUPS_MAX 64   /* queues per folder: 2 directions x 10 queues + "all" fit */
#define PK_PLOTS_MAX 32    /* plots per folder */

/* ---- Files ------------------------------------------------------------- */

/* A formatted path into out (FSET_PATH_MAX bytes); an empty path, which no
 * file operation accepts, if it would not fit. */
void pk_pathf(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* a/b into out (FSET_PATH_MAX bytes); an empty path if it would not fit. */
void pk_path_join(char *out, const char *a, const char *b);

/* Is dir/name a regular file? */
bool pk_file_exists(const char *dir, const char *name);

/* The whole file dir/name (name alone if dir is NULL), NUL-terminated, its
 * length in *len if len is not NULL; malloc'd, or NULL with errno set. */
char *pk_slurp(const char *dir, const char *name, size_t *len);

/* A text being composed in memory (open_memstream), then saved whole. */
struct pk_text {
    char *s;
    size_t n;
    FILE *f;
};

/* Start t; its stream is t->f.  Returns t->f, or NULL if out of memory. */
FILE *pk_text_open(struct pk_text *t);

/* Drop t unsaved (t may be unopened with f and s NULL). */
void pk_text_discard(struct pk_text *t);

/* Close t, write it to dir/name atomically (fset_save) and free it, also on
 * error.  Returns 0, or -1 with *e filled (EXIT_FAIL). */
int pk_text_save(struct pk_text *t, const char *dir, const char *name, struct err *e);

/* Open the data and script texts of a plot.  Returns 0, or -1 with *e
 * filled (EXIT_FAIL) and neither left open. */
int pk_texts_open(struct pk_text *dat, struct pk_text *gp, struct err *e);

/* ---- Readers: CSV (RFC 4180: quoted fields with "" escapes) and JSON ---- */

struct pk_csv {
    char *data;      /* the file, split in place */
    char **cell;     /* nrow x ncol, row 0 the header; short rows padded with NULL */
    size_t nrow, ncol;
};

/* Load dir/name into *c (blank lines skipped).  Returns 0, or -1 with *e
 * filled (EXIT_FAIL: unreadable, empty, out of memory) and *c empty. */
int pk_csv_load(const char *dir, const char *name, struct pk_csv *c, struct err *e);
void pk_csv_free(struct pk_csv *c);

/* The column named name, or -1. */
int pk_csv_col(const struct pk_csv *c, const char *name);

/* The columns cols[0..n) of table dir/name (loaded in *c) into col[0..n).
 * Returns 0, or -1 with *e filled (EXIT_FAIL: "DIR/NAME: no column X"). */
int pk_csv_require(const struct pk_csv *c, const char *dir, const char *name,
                   const char *const *cols, size_t n, int *col, struct err *e);

/* A folder's table and its JSON companion (fit.csv and fit.json,
 * staffing.csv and staffing.json): dir/csv into *c with the columns
 * cols[0..n) into col[0..n) (pk_csv_require), dir/json into *j.  Returns 0,
 * or -1 with *e filled and nothing left loaded. */
int pk_table_load(const char *dir, const char *csv, const char *json, const char *const *cols,
                  size_t n, int *col, struct pk_csv *c, cJSON **j, struct err *e);

/* The queue of every row of table dir/name (*c), from its direction, mode
 * and programme columns (cdir, cmode, cprog): the queues into g[0..*ng)
 * as pk_grp_find adds them, and a new array *gi, [row] -> queue (row 0, the
 * header, 0), which the caller frees.  Returns 0, or -1 with *e filled
 * (EXIT_FAIL: out of memory, or more than PK_GROUPS_MAX queues) and *gi
 * NULL. */
struct pk_grp;
int pk_csv_queues(const struct pk_csv *c, const char *dir, const char *name, int cdir, int cmode,
                  int cprog, struct pk_grp *g, size_t *ng, int **gi, struct err *e);

/* A cell's text ("" for column -1). */
const char *pk_csv_str(const struct pk_csv *c, size_t row, int col);

/* The number in a cell, or NAN if the cell is empty, absent or not a number. */
double pk_csv_num(const struct pk_csv *c, size_t row, int col);

/* Parse dir/name as JSON.  Returns the tree, or NULL with *e filled. */
cJSON *pk_json_load(const char *dir, const char *name, struct err *e);

/* The item at a dotted path ("overall.wait_min.mean", "groups.0"), or NULL;
 * its number (NAN if absent or not a number), its integer (0 if absent or
 * beyond +-1e9), its string ("" if absent or not a string). */
const cJSON *pk_jat(const cJSON *o, const char *path);
double pk_jnum(const cJSON *o, const char *path);
int pk_jint(const cJSON *o, const char *path);
const char *pk_jstr(const cJSON *o, const char *path);

/* ---- Queues and their styles -------------------------------------------- */

/* A queue (direction, mode, programme); "all" in each for the whole port. */
struct pk_grp {
    char dir[16], mode[16], prog[16];
};

bool pk_grp_is(const struct pk_grp *g, const char *dir, const char *mode, const char *prog);

/* Is g the port as a whole? */
bool pk_grp_all(const struct pk_grp *g);

/* The index of the queue in g[0..*n), added at the end if absent; -1 if the
 * table (PK_GROUPS_MAX) is full. */
int pk_grp_find(struct pk_grp *g, size_t *n, const char *dir, const char *mode,
                const char *prog);

/* "north pov general", or "pov general" without the direction (within a
 * direction's panel); "whole port" for the port as a whole. */
void pk_grp_label(const struct pk_grp *g, bool with_dir, char *buf, size_t n);

/* The colour ("#RRGGBB": Okabe-Ito's eight, then seven of Paul Tol's) of
 * scenario i of a batch (or of any i-th series that is not a queue), the
 * PK_SCN_COLOURS all distinct and then again; and of a queue by mode and
 * programme. */
#define PK_SCN_COLOURS 15
const char *pk_scn_colour(size_t i);
const char *pk_grp_colour(const struct pk_grp *g);

/* A queue's gnuplot line style: colour, dash by mode, width, and point by
 * direction if points; the same in colour rgb. */
void pk_gp_grp_style(FILE *f, const struct pk_grp *g, bool points);
void pk_gp_grp_style_rgb(FILE *f, const struct pk_grp *g, bool points, const char *rgb);

/* A colour for queue g in a panel whose other series have the colours
 * used[0..n_used): its own (pk_grp_colour) unless taken, else the first of
 * the palette that is free (the port's grey kept for the port): two series
 * of a panel never share a colour while the palette's fifteen last. */
const char *pk_distinct_colour(const struct pk_grp *g, const char *const *used, size_t n_used);

/* ---- gnuplot ------------------------------------------------------------- */

/* The most gnuplot processes drawn at once (plot_opts.jobs is capped to
 * it): a folder has about a dozen plots, and each process is short. */
#define PK_GP_JOBS_MAX 16

/* A gnuplot process that pk_emit started and nobody waited for yet. */
struct pk_gp_child {
    pid_t pid;
    FILE *errf;                 /* its stderr, a temporary file */
    char pdir[FSET_PATH_MAX];   /* the plots folder it runs in */
    char name[64];              /* the plot: it draws NAME.gp */
};

/* The gnuplot processes running, oldest first: up to jobs at once. */
struct pk_gp_pool {
    int jobs;                   /* 1 .. PK_GP_JOBS_MAX */
    int n;
    struct pk_gp_child run[PK_GP_JOBS_MAX];
};

/* How plots are drawn: formats (a mask of enum plot_format), whether
 * warnings are quiet, gnuplot's path if it was found, and the processes
 * drawing (a pointer, so that the renderer passed around stays const). */
struct pk_renderer {
    unsigned formats;
    bool quiet;
    bool have_gp;
    char gnuplot[FSET_PATH_MAX];
    struct pk_gp_pool *pool;
};

/* The plots of one folder, in the order drawn, for its report. */
struct pk_plotset {
    char dir[FSET_PATH_MAX];     /* the output folder */
    char pdir[FSET_PATH_MAX];    /* its plots/ */
    int n;
    struct {
        char name[64];
        char caption[512];
    } item[PK_PLOTS_MAX];
};

/* Start the plot set of folder dir: create dir/plots/ if needed and remove
 * the temporaries of killed processes from both.  Returns the set (the
 * caller frees it), or NULL with *e filled (EXIT_FAIL). */
struct pk_plotset *pk_plots_open(const char *dir, struct err *e);

/* A string as a gnuplot double-quoted string; the same without the quotes
 * (to go inside a longer string); as a quoted field of a data file. */
void pk_gp_q(FILE *f, const char *s);
void pk_gp_qs(FILE *f, const char *s);
void pk_dat_q(FILE *f, const char *s);

/* A number in a data file (" %.6g"): " NaN" for no value (gnuplot breaks
 * lines there). */
void pk_dat_num(FILE *f, double x);

/* The opening of every script: what it draws (what), from which output file
 * (source), how to re-run it, the formats and the settings they share. */
void pk_gp_head(FILE *f, const struct pk_renderer *r, const char *name, const char *what,
                const char *source);

/* The loop over formats, with the image size of npanels panels plus
 * extra_h pixels; pk_gp_end closes it. */
void pk_gp_loop(FILE *f, int npanels, int extra_h);
void pk_gp_end(FILE *f);

/* A grid of equal panels, rows x cols (a column per kind of day, say),
 * placed by margins at screen fractions, with a key key_px wide at the
 * right of each row.  pk_grid_init sizes the image (wider with more
 * columns; panel_h pixels a row, 0 for the default; room for a title of
 * title_lines lines, 2 or more); pk_grid_begin opens the
 * loop over formats (the caller then starts its multiplot, with no layout);
 * pk_grid_panel sets the margins of panel (row, col) and puts the key in the
 * last column (none elsewhere), before its plot command. */
struct pk_grid {
    int rows, cols, panel_h, key_px, title_h, w, h;
};
void pk_grid_init(struct pk_grid *g, int rows, int cols, int key_px, int panel_h,
                  int title_lines);
void pk_grid_begin(FILE *f, const struct pk_grid *g);
void pk_grid_panel(FILE *f, const struct pk_grid *g, int row, int col);

/* v rounded up (with 8% room) to a round number for an axis maximum; 1 if v
 * is not a positive finite number. */
double pk_axis_max(double v);

/* USD scaled for reading: the divisor (1, 1e3 or 1e6) for values up to vmax
 * and the unit's name in *unit. */
double pk_usd_scale(double vmax, const char **unit);

/* Digits of x rounded, with thousands separators, into buf (n bytes). */
void pk_fmt_thousands(char *buf, size_t n, double x);

/* Save NAME.dat and NAME.gp into ps->pdir, start gnuplot on them if it
 * was found (an older image of a format not drawn now removed), and list
 * the plot in ps with its caption.  Frees both texts.  Up to
 * r->pool->jobs gnuplot processes run at once: with all of them busy,
 * pk_emit first waits for the oldest.  A process's images are renamed into
 * place when it is waited for, here or by pk_plots_done, which the caller
 * calls before it reads the images (the report) and before the renderer
 * goes.  Returns 0, or -1 with *e filled: EXIT_FAIL (a write, or a gnuplot
 * waited for failed: its error quoted), or sig_status() if a signal asks to
 * stop. */
int pk_emit(const struct pk_renderer *r, struct pk_plotset *ps, const char *name,
            const char *caption, struct pk_text *dat, struct pk_text *gp, struct err *e);

/* Wait for every gnuplot process pk_emit started, and rename their images
 * into place.  Returns 0, or -1 with *e filled (EXIT_FAIL: the first that
 * failed, its error quoted) after waiting for all of them; a failed one
 * leaves no temporary image. */
int pk_plots_done(const struct pk_renderer *r, struct err *e);

/* ---- HTML (plothtml.c) --------------------------------------------------- */

/* s with <, >, & and " escaped. */
void pk_put_html(FILE *f, const char *s);

/* A number with dec decimals; an integer with thousands separators; USD
 * ("$1,234", "-$5"); each an en dash when x is NaN. */
void pk_put_num(FILE *f, double x, int dec);
void pk_put_int(FILE *f, double x);
void pk_put_usd(FILE *f, double x);

/* " ± h" (in a span of class pm) when h is a number, as a number or USD. */
void pk_put_pm(FILE *f, double h, int dec);
void pk_put_pm_usd(FILE *f, double h);

/* A whole number cell, <td class="n">...</td>, written as pk_put_num,
 * pk_put_int or pk_put_usd; the _pm forms add " ± h" (a mean and its 95%
 * half-width). */
void pk_td_num(FILE *f, double x, int dec);
void pk_td_int(FILE *f, double x);
void pk_td_usd(FILE *f, double x);
void pk_td_num_pm(FILE *f, double x, double h, int dec);
void pk_td_usd_pm(FILE *f, double x, double h);

/* Open the report page t of a command's folder: <title>poesim CMD:
 * NAME</title>, then "<h1>HEAD" and NAME escaped, the heading left open
 * for what follows.  Returns 0, or -1 with *e set if memory runs out. */
int pk_report_begin(struct pk_text *t, const char *cmd, const char *head, const char *name,
                    struct err *e);

/* The page up to <body> (title escaped, the style sheet inline), and from
 * the self-check the browser test reads (nsvg_expected: SVGs inlined) to
 * </html>. */
void pk_html_begin(FILE *f, const char *title);
void pk_html_end(FILE *f, int nsvg_expected);

/* The opening of a key number: <div><dt>label</dt><dd><span id=id>; the
 * caller writes the value and closes span, dd and div. */
void pk_put_key(FILE *f, const char *id, const char *label);
/* A whole key number: pk_put_key, x as pk_put_int or pk_put_usd, " ± h"
 * when h is a number (NAN: none), and the entry closed. */
void pk_key_int(FILE *f, const char *id, const char *label, double x, double h);
void pk_key_usd(FILE *f, const char *id, const char *label, double x, double h);

/* A section with the strings of a JSON array as a list (nothing if empty). */
void pk_put_list(FILE *f, const cJSON *arr, const char *head);

/* "Sources and assumptions" under a heading of level h ("h2", "h3"): the
 * "sources" and "notes" of summary.json sum, each a list, or a line saying
 * the scenario has none. */
void pk_put_sources(FILE *f, const cJSON *sum, const char *h);

/* A figure: plot name of folder pdir, its SVG inlined (ids prefixed by pre),
 * else its PNG as a data: URI, else a note that it was not rendered; rel is
 * pdir relative to the page.  Returns 1 if an SVG was inlined, else 0. */
int pk_put_figure(FILE *f, const char *pdir, const char *rel, const char *name,
                  const char *caption, const char *pre);

/* The "Plots" section: every plot of ps.  Returns the SVGs inlined. */
int pk_put_plots(FILE *f, const struct pk_plotset *ps);

/* ---- hourly.csv by hour of day and kind of day (plotrun.c) --------------- */

/* Weekdays, Saturdays and Sundays apart: a port's Sunday evening is not its
 * Tuesday evening, and a mean over the week would hide both. */
enum { PK_WEEKDAYS, PK_SATURDAYS, PK_SUNDAYS, PK_DAYKINDS };

/* An hour of the day of one queue on one kind of day, summed over the
 * measured days of that kind (a row of hourly.csv pooling several days by
 * weekday counts as that many days). */
struct pk_hod {
    double w, h2, q, b, c;    /* sums: mean wait, squared half-width, queue, booths,
                                 arrivals while the facility was closed */
    double wn, hn, qn, bn, cn;    /* days with a value */
};

struct pk_hours {
    bool split;               /* hourly.csv names weekdays: kinds of day apart (else all
                                 in PK_WEEKDAYS, "all days") */
    bool has_ci;              /* hourly.csv has wait_mean_ci95_min */
    bool in_queue;            /* the wait is the wait in the queue (queue_wait_mean_min):
                                 an arrival while its facility was closed counts from the
                                 opening, its wait for the opening apart (and no band in
                                 an hour with such arrivals) */
    bool any_closed;          /* some hour had arrivals while closed */
    double days[PK_DAYKINDS]; /* measured days of each kind */
    struct pk_hod hod[PK_GROUPS_MAX][PK_DAYKINDS][24];   /* [queue][kind][hour] */
};

/* Read dir/hourly.csv into *h (large: allocate it), its queues found in or
 * added to g[0..*ng).  Returns 0, or -1 with *e filled (EXIT_FAIL). */
int pk_hours_load(const char *dir, struct pk_grp *g, size_t *ng, struct pk_hours *h,
                  struct err *e);

/* "weekdays (Mon-Fri)", "Saturdays", "Sundays"; "all days" when not split. */
const char *pk_daykind_name(const struct pk_hours *h, int kind);

/* The mean wait of an hour over its days, and its 95% half-width in *hw
 * (NaN without one for every day: the days' estimates taken as
 * independent); NaN where no day had a value.  Likewise the mean queue and
 * booths open. */
double pk_hod_wait(const struct pk_hod *x, double *hw);
double pk_hod_queue(const struct pk_hod *x);
double pk_hod_booths(const struct pk_hod *x);

/* Arrivals a day in the hour while the facility was closed (0 if none). */
double pk_hod_closed(const struct pk_hod *x);

/* ---- The kinds of folder ------------------------------------------------- */

/* The plots and report of a folder of each kind.  Each returns 0, or -1
 * with *e filled as plot_dir says.  up: the batch a run folder belongs to
 * (a link back on its page), or NULL. */
int pk_plot_run(const char *dir, const struct pk_renderer *r, const char *up, struct err *e);
/* The run folder dir/sub of a batch, region or calibration, plotted as
 * pk_plot_run does if it has one (summary.json and hourly.csv); `up` names
 * the folder above for its report's link.  Returns 0 or as pk_plot_run. */
int pk_plot_sub_run(const char *dir, const char *sub, const struct pk_renderer *r,
                    const char *up, struct err *e);
int pk_plot_batch(const char *dir, const struct pk_renderer *r, struct err *e);
int pk_plot_sweep(const char *dir, const struct pk_renderer *r, struct err *e);
int pk_plot_region(const char *dir, const struct pk_renderer *r, struct err *e);
int pk_plot_calibrate(const char *dir, const struct pk_renderer *r, struct err *e);
int pk_plot_assess(const char *dir, const struct pk_renderer *r, struct err *e);
int pk_plot_staff(const char *dir, const struct pk_renderer *r, struct err *e);

/* plotstage.c: the crossing time of a run with stages by hour of arrival,
 * stacked by stage (stages_by_hour), into ps (nothing when the scenario
 * has no chain); returns 0, or -1 with *e filled as pk_emit.  And the
 * report's section of crossing time by stage (nothing without chains). */
int pk_plot_stages(const char *dir, const struct pk_renderer *r, struct pk_plotset *ps,
                   struct err *e);
void pk_put_stages(FILE *f, const cJSON *sum);

#endif
