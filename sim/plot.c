/*
 * plot.c - plots of an output folder, drawn by gnuplot, and report.html:
 * the entry points, and the kit the plot files share (plotkit.h).
 *
 * The module works from the files poesim leaves in an output folder, never
 * from the simulator's structures: a run folder (summary.json, hourly.csv,
 * waits.csv, lanes.csv), a batch folder (comparison.json and one run folder
 * per scenario), a sweep folder (sweep.csv), a region folder (region.json
 * and one run folder per port) or a calibration folder (fit.json, fit.csv
 * and its run folder run/).  So `poesim plot DIR` can
 * re-render a folder written long ago, and a user can see exactly what each
 * plot shows: for every plot NAME it writes DIR/plots/NAME.dat (whitespace-
 * separated columns under a comment header) and DIR/plots/NAME.gp (a short
 * readable gnuplot script that reads only NAME.dat), then runs
 * `gnuplot NAME.gp` in DIR/plots/ as a child process, with its exit status
 * and its stderr checked.  The script loops over a list of formats
 * (`formats`, png/svg/pdf) and writes NAME.<format>; poesim passes a
 * temporary output name (`out`) and renames the images into place once
 * gnuplot succeeded, as fileset renames every text file it writes.
 *
 * The module is one file per kind of folder (plotrun.c, plotbatch.c,
 * plotsweep.c, plotcalib.c) and one for the report page's HTML (plothtml.c) around this
 * one, which recognises the folder and holds what they share: files,
 * readers of CSV and JSON, the queues' styles and the gnuplot runner
 * (plotkit.h says where a new kind of plot goes).
 *
 * The workload is small: a run has some ten queues and a few thousand hourly
 * rows; a sweep at most 10000 points.  Files are read whole into memory and
 * each plot is one gnuplot process (about 50 ms), so a batch of a few
 * scenarios renders in a second or two.  Up to --jobs of these processes
 * run at once (struct pk_gp_pool): pk_emit starts one and goes on preparing
 * the next plot; a folder's are all waited for (pk_plots_done) before its
 * report, which inlines the images, is written.  Each process writes only
 * its own plot's files, so the images are the same whatever the number.
 *
 * Styles are fixed so that the same thing looks the same everywhere, in the
 * colour-blind-safe palette of Okabe and Ito (2008, "Color Universal
 * Design"): a queue's colour says its mode and programme, its dash its mode
 * and its point its direction; a scenario of a batch keeps one colour in
 * every batch plot (its position in the batch).  Every axis names its unit;
 * every title says how many replications the figures are means of and which
 * interval is drawn.
 *
 * An image of an earlier rendering that was not drawn again (gnuplot
 * missing, or a format not asked for this time) is removed, so every image
 * in plots/ matches the data beside it.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>

#include "error.h"
#include "fileset.h"
#include "plot.h"
#include "plotkit.h"
#include "signals.h"

/* The longest DIR: room is left for "/<scenario>/plots/<file>". */
#define DIR_LEN_MAX (FSET_PATH_MAX - 296)
#define STDERR_SHOWN 600   /* bytes of gnuplot's stderr quoted in an error */

/* Sizes of the images, in pixels (PNG and SVG) and in hundredths of an inch
 * (PDF): one panel, and the extra height of a multiplot's title. */
#define IMG_W 1000
#define PANEL_H 330
#define TITLE_H 70

/* --------------------------------------------------------------------------
 * Files: atomic writes (through fileset), whole-file reads
 * ------------------------------------------------------------------------ */

void pk_pathf(char *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, FSET_PATH_MAX, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= FSET_PATH_MAX)
        out[0] = '\0';
}

void pk_path_join(char *out, const char *a, const char *b)
{
    if (fset_join(out, a, b) != 0)
        out[0] = '\0';
}

bool pk_file_exists(const char *dir, const char *name)
{
    char p[FSET_PATH_MAX];
    pk_path_join(p, dir, name);
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

FILE *pk_text_open(struct pk_text *t)
{
    t->s = NULL;
    t->n = 0;
    t->f = open_memstream(&t->s, &t->n);
    return t->f;
}

void pk_text_discard(struct pk_text *t)
{
    if (t->f)
        fclose(t->f);
    free(t->s);
    t->f = NULL;
    t->s = NULL;
}

int pk_text_save(struct pk_text *t, const char *dir, const char *name, struct err *e)
{
    bool bad = !t->f || ferror(t->f);
    if (t->f && fclose(t->f) != 0)
        bad = true;
    t->f = NULL;
    int rc = bad || !t->s ? err_set(e, EXIT_FAIL, "%s/%s: out of memory", dir, name)
                          : fset_save(dir, name, t->s, t->n, e);
    free(t->s);
    t->s = NULL;
    return rc;
}

int pk_texts_open(struct pk_text *dat, struct pk_text *gp, struct err *e)
{
    gp->f = NULL;
    gp->s = NULL;
    if (!pk_text_open(dat)) {
        err_set(e, EXIT_FAIL, "out of memory");
        return -1;
    }
    if (!pk_text_open(gp)) {
        pk_text_discard(dat);
        err_set(e, EXIT_FAIL, "out of memory");
        return -1;
    }
    return 0;
}

char *pk_slurp(const char *dir, const char *name, size_t *len)
{
    char path[FSET_PATH_MAX];
    if (dir)
        pk_path_join(path, dir, name);
    else
        snprintf(path, sizeof path, "%s", name);
    size_t n;
    char *buf = fset_read(path, LONG_MAX, &n);
    if (buf && len)
        *len = n;
    return buf;
}

/* --------------------------------------------------------------------------
 * CSV (RFC 4180: quoted fields with "" escapes) and JSON
 * ------------------------------------------------------------------------ */

void pk_csv_free(struct pk_csv *c)
{
    free(c->data);
    free(c->cell);
    c->data = NULL;
    c->cell = NULL;
    c->nrow = c->ncol = 0;
}

/* Load dir/name.  Returns 0, or -1 with *e filled (EXIT_FAIL). */
int pk_csv_load(const char *dir, const char *name, struct pk_csv *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    c->data = pk_slurp(dir, name, NULL);
    if (!c->data)
        return err_set(e, EXIT_FAIL, "%s/%s: cannot read: %s", dir, name, strerror(errno));
    char **fld = NULL;
    size_t nf = 0, capf = 0, *rowlen = NULL, nr = 0, capr = 0;
    char *p = c->data;
    while (*p) {
        size_t start_nf = nf;
        for (;;) {
            char *start = p, *end;
            if (*p == '"') {
                char *w = p;
                p++;
                while (*p) {
                    if (*p == '"') {
                        if (p[1] == '"') {
                            *w++ = '"';
                            p += 2;
                            continue;
                        }
                        p++;
                        break;
                    }
                    *w++ = *p++;
                }
                end = w;
                while (*p && *p != ',' && *p != '\n')
                    p++;
            } else {
                while (*p && *p != ',' && *p != '\n' && *p != '\r')
                    p++;
                end = p;
                while (*p == '\r')
                    p++;
            }
            char t = *p;
            *end = '\0';
            if (nf == capf) {
                capf = capf ? 2 * capf : 1024;
                char **nfld = realloc(fld, capf * sizeof *fld);
                if (!nfld)
                    goto oom;
                fld = nfld;
            }
            fld[nf++] = start;
            if (t == ',') {
                p++;
                continue;
            }
            if (t == '\n')
                p++;
            break;
        }
        if (nf - start_nf == 1 && fld[start_nf][0] == '\0') {   /* blank line */
            nf--;
            continue;
        }
        if (nr == capr) {
            capr = capr ? 2 * capr : 256;
            size_t *nrl = realloc(rowlen, capr * sizeof *rowlen);
            if (!nrl)
                goto oom;
            rowlen = nrl;
        }
        rowlen[nr++] = nf - start_nf;
    }
    if (nr == 0) {
        free(fld);
        free(rowlen);
        pk_csv_free(c);
        return err_set(e, EXIT_FAIL, "%s/%s: empty file", dir, name);
    }
    c->nrow = nr;
    c->ncol = rowlen[0];
    c->cell = malloc(nr * c->ncol * sizeof *c->cell);
    if (!c->cell)
        goto oom;
    for (size_t r = 0, k = 0; r < nr; r++) {
        for (size_t j = 0; j < c->ncol; j++)
            c->cell[r * c->ncol + j] = j < rowlen[r] ? fld[k + j] : NULL;
        k += rowlen[r];
    }
    free(fld);
    free(rowlen);
    return 0;
oom:
    free(fld);
    free(rowlen);
    pk_csv_free(c);
    return err_set(e, EXIT_FAIL, "%s/%s: out of memory", dir, name);
}

/* The column named name, or -1. */
int pk_csv_col(const struct pk_csv *c, const char *name)
{
    for (size_t j = 0; j < c->ncol; j++)
        if (strcmp(c->cell[j], name) == 0)
            return (int)j;
    return -1;
}

int pk_csv_require(const struct pk_csv *c, const char *dir, const char *name,
                   const char *const *cols, size_t n, int *col, struct err *e)
{
    for (size_t k = 0; k < n; k++)
        if ((col[k] = pk_csv_col(c, cols[k])) < 0)
            return err_set(e, EXIT_FAIL, "%s/%s: no column %s", dir, name, cols[k]);
    return 0;
}

int pk_table_load(const char *dir, const char *csv, const char *json, const char *const *cols,
                  size_t n, int *col, struct pk_csv *c, cJSON **j, struct err *e)
{
    *j = NULL;
    if (pk_csv_load(dir, csv, c, e) != 0)
        return -1;
    if (pk_csv_require(c, dir, csv, cols, n, col, e) != 0 || !(*j = pk_json_load(dir, json, e))) {
        pk_csv_free(c);
        return -1;
    }
    return 0;
}

int pk_csv_queues(const struct pk_csv *c, const char *dir, const char *name, int cdir, int cmode,
                  int cprog, struct pk_grp *g, size_t *ng, int **gi, struct err *e)
{
    if (!(*gi = calloc(c->nrow ? c->nrow : 1, sizeof **gi)))
        return err_set(e, EXIT_FAIL, "out of memory");
    for (size_t i = 1; i < c->nrow; i++) {
        int q = pk_grp_find(g, ng, pk_csv_str(c, i, cdir), pk_csv_str(c, i, cmode),
                            pk_csv_str(c, i, cprog));
        if (q < 0) {
            free(*gi);
            *gi = NULL;
            return err_set(e, EXIT_FAIL, "%s/%s: more than %d queues", dir, name, PK_GROUPS_MAX);
        }
        (*gi)[i] = q;
    }
    return 0;
}

const char *pk_csv_str(const struct pk_csv *c, size_t row, int col)
{
    const char *s = col < 0 ? NULL : c->cell[row * c->ncol + (size_t)col];
    return s ? s : "";
}

/* The number in a cell, or NAN if the cell is empty, absent or not a number. */
double pk_csv_num(const struct pk_csv *c, size_t row, int col)
{
    const char *s = pk_csv_str(c, row, col);
    char *end;
    double x = strtod(s, &end);
    return (end == s || *end) ? NAN : x;
}

/* Parse dir/name as JSON.  Returns the tree, or NULL with *e filled. */
cJSON *pk_json_load(const char *dir, const char *name, struct err *e)
{
    char *s = pk_slurp(dir, name, NULL);
    if (!s) {
        err_set(e, EXIT_FAIL, "%s/%s: cannot read: %s", dir, name, strerror(errno));
        return NULL;
    }
    cJSON *j = cJSON_Parse(s);
    free(s);
    if (!j)
        err_set(e, EXIT_FAIL, "%s/%s: not valid JSON", dir, name);
    return j;
}

/* The item at a dotted path ("overall.wait_min.mean", "groups.0"), or NULL. */
const cJSON *pk_jat(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save))
        o = isdigit((unsigned char)*tok) ? cJSON_GetArrayItem(o, atoi(tok))
                                         : cJSON_GetObjectItemCaseSensitive(o, tok);
    return o;
}

double pk_jnum(const cJSON *o, const char *path)
{
    const cJSON *x = pk_jat(o, path);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

/* An integer-valued number, or 0 if absent or out of range. */
int pk_jint(const cJSON *o, const char *path)
{
    double x = pk_jnum(o, path);
    return x >= -1e9 && x <= 1e9 ? (int)x : 0;
}

const char *pk_jstr(const cJSON *o, const char *path)
{
    const cJSON *x = pk_jat(o, path);
    return cJSON_IsString(x) ? x->valuestring : "";
}

/* --------------------------------------------------------------------------
 * Queues and their styles
 * ------------------------------------------------------------------------ */

bool pk_grp_is(const struct pk_grp *g, const char *dir, const char *mode, const char *prog)
{
    return strcmp(g->dir, dir) == 0 && strcmp(g->mode, mode) == 0 && strcmp(g->prog, prog) == 0;
}

bool pk_grp_all(const struct pk_grp *g)
{
    return strcmp(g->dir, "all") == 0;
}

/* The index of the queue in g[0..*n), added at the end if absent; -1 if
 * the table is full. */
int pk_grp_find(struct pk_grp *g, size_t *n, const char *dir, const char *mode,
                const char *prog)
{
    for (size_t i = 0; i < *n; i++)
        if (pk_grp_is(&g[i], dir, mode, prog))
            return (int)i;
    if (*n == PK_GROUPS_MAX)
        return -1;
    snprintf(g[*n].dir, sizeof g[*n].dir, "%s", dir);
    snprintf(g[*n].mode, sizeof g[*n].mode, "%s", mode);
    snprintf(g[*n].prog, sizeof g[*n].prog, "%s", prog);
    return (int)(*n)++;
}

/* "north pov general", or "pov general" within a direction's panel;
 * "whole port" for the port as a whole. */
void pk_grp_label(const struct pk_grp *g, bool with_dir, char *buf, size_t n)
{
    if (pk_grp_all(g))
        snprintf(buf, n, "whole port");
    else if (with_dir)
        snprintf(buf, n, "%s %s %s", g->dir, g->mode, g->prog);
    else
        snprintf(buf, n, "%s %s", g->mode, g->prog);
}

/* Okabe-Ito: orange, sky blue, bluish green, vermillion, blue, reddish
 * purple, yellow, black (neighbours kept apart); then, for series beyond
 * them, Paul Tol's "muted" wine, olive, indigo, rose, green, purple and teal
 * (his cyan and sand left out: too near sky blue and yellow).  A batch's
 * scenario i takes colour i (mod PK_SCN_COLOURS). */
static const char *const okabe_ito[8] = {
    "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000"
};
static const char *const extra_colours[PK_SCN_COLOURS - 8] = {
    "#882255", "#999933", "#332288", "#CC6677", "#117733", "#AA4499", "#44AA99"
};

const char *pk_scn_colour(size_t i)
{
    i %= PK_SCN_COLOURS;
    return i < 8 ? okabe_ito[i] : extra_colours[i - 8];
}

/* A queue's colour, by mode and programme; the port as a whole in grey. */
const char *pk_grp_colour(const struct pk_grp *g)
{
    static const struct { const char *mode, *prog, *rgb; } tab[] = {
        { "pov", "general", "#0072B2" },        { "pov", "ready", "#56B4E9" },
        { "pov", "sentri", "#009E73" },         { "pedestrian", "general", "#CC79A7" },
        { "pedestrian", "ready", "#000000" },   { "pedestrian", "sentri", "#F0E442" },
        { "truck", "general", "#D55E00" },      { "truck", "fast", "#E69F00" },
        { "bus", "general", "#0072B2" },        { "bus", "ready", "#56B4E9" },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(g->mode, tab[i].mode) == 0 && strcmp(g->prog, tab[i].prog) == 0)
            return tab[i].rgb;
    return "#555555";
}

const char *pk_distinct_colour(const struct pk_grp *g, const char *const *used, size_t n_used)
{
    const char *own = pk_grp_colour(g);
    size_t n_pal = 8 + sizeof extra_colours / sizeof *extra_colours;
    for (size_t k = 0; k <= n_pal; k++) {
        const char *c = k == 0 ? own : k <= 8 ? okabe_ito[k - 1] : extra_colours[k - 9];
        bool taken = strcmp(c, pk_grp_colour(&(struct pk_grp){ "all", "all", "all" })) == 0
                     && !pk_grp_all(g);
        for (size_t u = 0; u < n_used && !taken; u++)
            taken = strcmp(used[u], c) == 0;
        if (!taken)
            return c;
    }
    return own;                 /* more series than colours: the dash tells them apart */
}

/* Dash by mode (gnuplot dash types 1 solid, 2 dashed, 3 dotted, 4 dash-dot),
 * point by direction (7 disc, 9 triangle, 5 square) when the style has
 * points. */
void pk_gp_grp_style_rgb(FILE *f, const struct pk_grp *g, bool points, const char *rgb)
{
    int dt = strcmp(g->mode, "pedestrian") == 0 ? 2 : strcmp(g->mode, "bus") == 0 ? 3
           : strcmp(g->mode, "truck") == 0 ? 4 : 1;
    int pt = strcmp(g->dir, "north") == 0 ? 7 : strcmp(g->dir, "south") == 0 ? 9 : 5;
    fprintf(f, "lc rgb \"%s\" dt %d lw %s", rgb, dt, pk_grp_all(g) ? "3" : "2");
    if (points)
        fprintf(f, " pt %d ps 0.6", pt);
}

void pk_gp_grp_style(FILE *f, const struct pk_grp *g, bool points)
{
    pk_gp_grp_style_rgb(f, g, points, pk_grp_colour(g));
}

/* --------------------------------------------------------------------------
 * gnuplot: scripts and the child process
 * ------------------------------------------------------------------------ */

static const char *const fmt_ext[3] = { "png", "svg", "pdf" };

/* Find gnuplot on PATH (the default search path if PATH is unset). */
static bool find_gnuplot(char *out)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);
        if (n > 0 && n < FSET_PATH_MAX - 16) {
            snprintf(out, FSET_PATH_MAX, "%.*s/gnuplot", (int)n, path);
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return true;
        }
        path += n + (colon != NULL);
    }
    return false;
}

/* A string as a gnuplot double-quoted string. */
void pk_gp_q(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The same without the quotes, to go inside a longer string. */
void pk_gp_qs(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* A string as a quoted field of a data file (no double quote inside). */
void pk_dat_q(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' ? '\'' : *s, f);
    fputc('"', f);
}

/* A number in a data file: NaN for no value (gnuplot breaks lines there). */
void pk_dat_num(FILE *f, double x)
{
    if (isnan(x))
        fputs(" NaN", f);
    else
        fprintf(f, " %.6g", x);
}

/* The opening of every script: what it draws, how to re-run it, and the
 * settings shared by its formats. */
void pk_gp_head(FILE *f, const struct pk_renderer *r, const char *name, const char *what,
                const char *source)
{
    fprintf(f, "# %s.gp - %s\n", name, what);
    fprintf(f, "# Data: %s.dat, written by poesim from %s.\n", name, source);
    fprintf(f, "# Re-render in this folder:   gnuplot %s.gp\n", name);
    fprintf(f, "# Other formats:              gnuplot -e 'formats=\"png svg pdf\"' %s.gp\n", name);
    fprintf(f, "# Colours: Okabe-Ito palette (colour-blind safe).\n\n");
    fprintf(f, "if (!exists(\"formats\")) formats = \"");
    bool first = true;
    for (int k = 0; k < 3; k++)
        if (r->formats & (1u << k)) {
            fprintf(f, "%s%s", first ? "" : " ", fmt_ext[k]);
            first = false;
        }
    fprintf(f, "\"\n");
    fprintf(f, "if (!exists(\"out\")) out = \"%s\"\n\n", name);
    fprintf(f, "set encoding utf8\n"
               "set datafile missing \"?\"\n"
               "set grid lc rgb \"#d9d9d9\" lw 1\n"
               "set border lc rgb \"#404040\"\n"
               "set tics textcolor rgb \"#202020\"\n");
}

/* The loop over formats, with an image of w x h pixels. */
static void gp_loop_size(FILE *f, int w, int h)
{
    fprintf(f, "\ndo for [fmt in formats] {\n");
    fprintf(f, "    if (fmt eq \"png\") { set terminal pngcairo size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", w, h);
    fprintf(f, "    if (fmt eq \"svg\") { set terminal svg size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", w, h);
    fprintf(f, "    if (fmt eq \"pdf\") { set terminal pdfcairo size %.2fin,%.2fin font \"sans,9\" "
               "noenhanced }\n", w / 100.0, h / 100.0);
    fprintf(f, "    set output out.\".\".fmt\n");
}

/* The loop over formats, with the image size of npanels panels. */
void pk_gp_loop(FILE *f, int npanels, int extra_h)
{
    gp_loop_size(f, IMG_W, TITLE_H + npanels * PANEL_H + extra_h);
}

/* A grid's geometry in pixels: the first column's left margin (y label and
 * tics), the gap between columns (the next one's tics), the width each
 * column beyond the first adds to the image, and a panel's plot area below
 * the top of its cell (its title) and above the bottom (x tics and label). */
#define GRID_LEFT_PX 80
#define GRID_GAP_PX 50
#define GRID_COL_PX 350
#define GRID_TOP_PX 40
#define GRID_BOTTOM_PX 62
#define GRID_KEY_GAP_PX 15
#define TITLE_LINE_PX 20        /* a line of a title beyond the two TITLE_H holds */

void pk_grid_init(struct pk_grid *g, int rows, int cols, int key_px, int panel_h,
                  int title_lines)
{
    g->rows = rows;
    g->cols = cols;
    g->panel_h = panel_h > 0 ? panel_h : PANEL_H;
    g->key_px = key_px;
    g->title_h = TITLE_H + (title_lines > 2 ? (title_lines - 2) * TITLE_LINE_PX : 0);
    g->w = IMG_W + (cols - 1) * GRID_COL_PX;
    g->h = g->title_h + rows * g->panel_h;
}

void pk_grid_begin(FILE *f, const struct pk_grid *g)
{
    gp_loop_size(f, g->w, g->h);
}

void pk_grid_panel(FILE *f, const struct pk_grid *g, int row, int col)
{
    double pw = (double)(g->w - GRID_LEFT_PX - g->key_px - (g->cols - 1) * GRID_GAP_PX) / g->cols;
    double left = GRID_LEFT_PX + col * (pw + GRID_GAP_PX);
    double top = g->title_h + row * g->panel_h + GRID_TOP_PX;
    double bottom = g->title_h + (row + 1) * g->panel_h - GRID_BOTTOM_PX;
    fprintf(f, "    set lmargin at screen %.4f\n    set rmargin at screen %.4f\n"
               "    set tmargin at screen %.4f\n    set bmargin at screen %.4f\n",
            left / g->w, (left + pw) / g->w, 1 - top / g->h, 1 - bottom / g->h);
    if (col == g->cols - 1)
        fprintf(f, "    set key at screen %.4f, %.4f left top vertical Left reverse samplen 3\n",
                (left + pw + GRID_KEY_GAP_PX) / g->w, 1 - top / g->h);
    else
        fprintf(f, "    unset key\n");
}

void pk_gp_end(FILE *f)
{
    fprintf(f, "    set output\n}\n");
}

/* A value rounded up to a round number for an axis maximum (at least 1e-9
 * above zero so that gnuplot has a range). */
double pk_axis_max(double v)
{
    if (!(v > 0) || !isfinite(v))
        return 1;
    v *= 1.08;
    double p = pow(10, floor(log10(v)));
    double m = v / p;
    double step = m <= 1 ? 1 : m <= 1.2 ? 1.2 : m <= 1.5 ? 1.5 : m <= 2 ? 2 : m <= 2.5 ? 2.5
                : m <= 3 ? 3 : m <= 4 ? 4 : m <= 5 ? 5 : m <= 6 ? 6 : m <= 8 ? 8 : 10;
    return step * p;
}

static void remove_tmp_images(const char *pdir, const char *name)
{
    char p[FSET_PATH_MAX];
    for (int k = 0; k < 3; k++) {
        pk_pathf(p, "%s/.%s.tmp.%ld.%s", pdir, name, (long)getpid(), fmt_ext[k]);
        unlink(p);
    }
}

/* Start `gnuplot -e 'out=".NAME.tmp.PID"' NAME.gp` in pdir, its stderr to a
 * temporary file, as the pool's newest child (the pool has room).  Its
 * images are .NAME.tmp.PID.<format>, temporaries by fileset's rule (which
 * fset_clean removes after a kill), renamed by gp_finish.  Returns 0, or -1
 * with *e filled (EXIT_FAIL) and nothing started. */
static int gp_start(const struct pk_renderer *r, const char *pdir, const char *name,
                    struct err *e)
{
    struct pk_gp_pool *pool = r->pool;
    if (pool->n >= pool->jobs)
        return err_set(e, EXIT_FAIL, "internal error: no room for gnuplot %s", name);
    FILE *errf = tmpfile();
    if (!errf)
        return err_set(e, EXIT_FAIL, "cannot create a temporary file: %s", strerror(errno));
    char a2[160], a3[96];
    snprintf(a2, sizeof a2, "out=\".%s.tmp.%ld\"", name, (long)getpid());
    snprintf(a3, sizeof a3, "%s.gp", name);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        fclose(errf);
        return err_set(e, EXIT_FAIL, "cannot start gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, STDIN_FILENO);
            dup2(nul, STDOUT_FILENO);
        }
        dup2(fileno(errf), STDERR_FILENO);
        if (chdir(pdir) != 0) {
            dprintf(STDERR_FILENO, "cannot enter %s: %s\n", pdir, strerror(errno));
            _exit(127);
        }
        char a0[] = "gnuplot", a1[] = "-e";
        char *argv[] = { a0, a1, a2, a3, NULL };
        execv(r->gnuplot, argv);
        dprintf(STDERR_FILENO, "cannot run %s: %s\n", r->gnuplot, strerror(errno));
        _exit(127);
    }
    struct pk_gp_child *c = &pool->run[pool->n++];
    c->pid = pid;
    c->errf = errf;
    snprintf(c->pdir, sizeof c->pdir, "%s", pdir);
    snprintf(c->name, sizeof c->name, "%s", name);
    return 0;
}

/* Wait for the child c (taken out of the pool by the caller), close its
 * stderr, and rename its images .NAME.tmp.PID.<format> to NAME.<format>.
 * Returns 0, or -1 with *e filled (EXIT_FAIL, gnuplot's stderr quoted) and
 * no temporary image left. */
static int gp_finish(const struct pk_renderer *r, struct pk_gp_child *c, struct err *e)
{
    const char *pdir = c->pdir, *name = c->name;
    FILE *errf = c->errf;
    c->errf = NULL;
    int st = 0;
    while (waitpid(c->pid, &st, 0) < 0)
        if (errno != EINTR) {
            int saved = errno;
            fclose(errf);
            remove_tmp_images(pdir, name);
            return err_set(e, EXIT_FAIL, "gnuplot: %s", strerror(saved));
        }
    char msg[STDERR_SHOWN + 1];
    rewind(errf);
    size_t n = fread(msg, 1, STDERR_SHOWN, errf);
    fclose(errf);
    msg[n] = '\0';
    for (char *p = msg; *p; p++)      /* one line: gnuplot's lines joined */
        if (*p == '\n' || *p == '\r')
            *p = (p[1] && p[1] != '\n') ? '|' : ' ';
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        remove_tmp_images(pdir, name);
        if (WIFEXITED(st))
            return err_set(e, EXIT_FAIL, "%s/%s.gp: gnuplot failed (exit status %d): %s", pdir,
                           name, WEXITSTATUS(st), n ? msg : "(no message)");
        return err_set(e, EXIT_FAIL, "%s/%s.gp: gnuplot was killed (signal %d): %s", pdir, name,
                       WIFSIGNALED(st) ? WTERMSIG(st) : 0, msg);
    }
    if (n > 0 && !r->quiet)      /* drawn, but gnuplot had something to say */
        fprintf(stderr, "poesim: warning: %s/%s.gp: gnuplot: %s\n", pdir, name, msg);
    for (int k = 0; k < 3; k++) {
        if (!(r->formats & (1u << k)))
            continue;
        char from[FSET_PATH_MAX], to[FSET_PATH_MAX];
        pk_pathf(from, "%s/.%s.tmp.%ld.%s", pdir, name, (long)getpid(), fmt_ext[k]);
        pk_pathf(to, "%s/%s.%s", pdir, name, fmt_ext[k]);
        if (rename(from, to) != 0) {
            int saved = errno;
            remove_tmp_images(pdir, name);
            return err_set(e, EXIT_FAIL, "%s/%s.gp: gnuplot wrote no %s image (%s)%s%s", pdir,
                           name, fmt_ext[k], strerror(saved), n ? ": " : "", msg);
        }
    }
    return 0;
}

/* Wait for the pool's oldest child and take it out.  As gp_finish. */
static int gp_finish_oldest(const struct pk_renderer *r, struct err *e)
{
    struct pk_gp_pool *pool = r->pool;
    struct pk_gp_child c = pool->run[0];
    pool->n--;
    memmove(&pool->run[0], &pool->run[1], (size_t)pool->n * sizeof pool->run[0]);
    return gp_finish(r, &c, e);
}

int pk_plots_done(const struct pk_renderer *r, struct err *e)
{
    int rc = 0;
    while (r->pool->n > 0) {
        struct err later = { 0 };
        if (gp_finish_oldest(r, rc == 0 ? e : &later) != 0)
            rc = -1;
    }
    return rc;
}

int pk_emit(const struct pk_renderer *r, struct pk_plotset *ps, const char *name,
            const char *caption, struct pk_text *dat, struct pk_text *gp, struct err *e)
{
    char fn[96];
    if (sig_caught()) {         /* stopping: no more plots (signals.h) */
        pk_text_discard(dat);
        pk_text_discard(gp);
        return err_set(e, sig_status(sig_caught()), "%s: stopped before plot %s", ps->pdir,
                       name);
    }
    /* Room for its gnuplot first: with one job at a time, a plot's files
     * are written only once the plot before it was drawn. */
    if (r->have_gp && r->pool->n >= r->pool->jobs && gp_finish_oldest(r, e) != 0) {
        pk_text_discard(dat);
        pk_text_discard(gp);
        return -1;
    }
    snprintf(fn, sizeof fn, "%s.dat", name);
    if (pk_text_save(dat, ps->pdir, fn, e) != 0) {
        pk_text_discard(gp);
        return -1;
    }
    snprintf(fn, sizeof fn, "%s.gp", name);
    if (pk_text_save(gp, ps->pdir, fn, e) != 0)
        return -1;
    if (r->have_gp && gp_start(r, ps->pdir, name, e) != 0)
        return -1;
    /* An image of an earlier rendering that was not redrawn now would not
     * match the new data: remove it. */
    for (int k = 0; k < 3; k++)
        if (!r->have_gp || !(r->formats & (1u << k))) {
            char p[FSET_PATH_MAX];
            snprintf(fn, sizeof fn, "%s.%s", name, fmt_ext[k]);
            pk_path_join(p, ps->pdir, fn);
            if (unlink(p) != 0 && errno != ENOENT)
                return err_set(e, EXIT_FAIL, "%s: cannot remove the outdated image: %s", p,
                               strerror(errno));
        }
    if (ps->n < PK_PLOTS_MAX) {
        snprintf(ps->item[ps->n].name, sizeof ps->item[ps->n].name, "%s", name);
        snprintf(ps->item[ps->n].caption, sizeof ps->item[ps->n].caption, "%s", caption);
        ps->n++;
    }
    return 0;
}

struct pk_plotset *pk_plots_open(const char *dir, struct err *e)
{
    struct pk_plotset *ps = calloc(1, sizeof *ps);
    if (!ps) {
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    snprintf(ps->dir, sizeof ps->dir, "%s", dir);
    pk_path_join(ps->pdir, dir, "plots");
    if (mkdir(ps->pdir, 0777) != 0 && errno != EEXIST) {
        err_set(e, EXIT_FAIL, "%s: cannot create: %s", ps->pdir, strerror(errno));
        free(ps);
        return NULL;
    }
    fset_clean(ps->dir);        /* temporaries of a killed process */
    fset_clean(ps->pdir);
    return ps;
}

int pk_plot_sub_run(const char *dir, const char *sub, const struct pk_renderer *r,
                    const char *up, struct err *e)
{
    char path[FSET_PATH_MAX];
    pk_path_join(path, dir, sub);
    if (!pk_file_exists(path, "summary.json") || !pk_file_exists(path, "hourly.csv"))
        return 0;
    return pk_plot_run(path, r, up, e);
}

/* --------------------------------------------------------------------------
 * Numbers for labels
 * ------------------------------------------------------------------------ */

/* USD in a column scaled for reading: the divisor and the unit's name. */
double pk_usd_scale(double vmax, const char **unit)
{
    if (vmax >= 1e6) {
        *unit = "million USD";
        return 1e6;
    }
    if (vmax >= 1e4) {
        *unit = "thousand USD";
        return 1e3;
    }
    *unit = "USD";
    return 1;
}

/* Digits of |x| rounded, with thousands separators, into buf. */
void pk_fmt_thousands(char *buf, size_t n, double x)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(x));
    size_t len = strlen(digits), k = 0;
    if (x < 0 && strcmp(digits, "0") != 0 && k + 1 < n)
        buf[k++] = '-';
    for (size_t i = 0; i < len && k + 2 < n; i++) {
        buf[k++] = digits[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            buf[k++] = ',';
    }
    buf[k] = '\0';
}

/* --------------------------------------------------------------------------
 * The entry points
 * ------------------------------------------------------------------------ */

static int plot_run_alone(const char *dir, const struct pk_renderer *r, struct err *e)
{
    return pk_plot_run(dir, r, NULL, e);
}

/* The kinds of output folder, each recognised by its files (both, if two
 * are named), tried in this order: a batch folder's scenario subfolders are
 * run folders, not the batch folder itself.  A new kind of folder is a line
 * here, and its files in the message of plot_dir. */
static const struct folder_kind {
    const char *file, *file2;
    int (*plot)(const char *dir, const struct pk_renderer *r, struct err *e);
} folder_kinds[] = {
    { "comparison.json", NULL, pk_plot_batch },
    { "sweep.csv", NULL, pk_plot_sweep },
    { "region.json", "region.csv", pk_plot_region },
    { "fit.json", "fit.csv", pk_plot_calibrate },
    { "staffing.json", "staffing.csv", pk_plot_staff },
    { "assess.json", "assess.csv", pk_plot_assess },
    { "summary.json", "hourly.csv", plot_run_alone },
};

int plot_dir(const char *dir, const struct plot_opts *o, struct err *e)
{
    struct stat st;
    if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(e, EXIT_USAGE, "%s: no such folder", dir ? dir : "(null)");
    if (strlen(dir) > DIR_LEN_MAX)
        return err_set(e, EXIT_USAGE, "%.60s...: path too long", dir);
    const struct folder_kind *kind = NULL;
    for (size_t k = 0; !kind && k < sizeof folder_kinds / sizeof folder_kinds[0]; k++)
        if (pk_file_exists(dir, folder_kinds[k].file)
            && (!folder_kinds[k].file2 || pk_file_exists(dir, folder_kinds[k].file2)))
            kind = &folder_kinds[k];
    if (!kind)
        return err_set(e, EXIT_USAGE, "%s: not a poesim output folder (expected summary.json "
                                      "and hourly.csv, comparison.json, sweep.csv, "
                                      "region.json, fit.json and fit.csv, assess.json and "
                                      "assess.csv, or staffing.json and staffing.csv)", dir);
    struct pk_renderer *r = calloc(1, sizeof *r);
    struct pk_gp_pool *pool = calloc(1, sizeof *pool);
    if (!r || !pool) {
        free(r);
        free(pool);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    pool->jobs = !o || o->jobs < 1 ? 1 : o->jobs > PK_GP_JOBS_MAX ? PK_GP_JOBS_MAX : o->jobs;
    r->pool = pool;
    r->formats = o && o->formats ? o->formats & (PLOT_PNG | PLOT_SVG | PLOT_PDF)
                                 : PLOT_FORMATS_DEFAULT;
    r->quiet = o && o->quiet;
    r->have_gp = find_gnuplot(r->gnuplot);
    if (!r->have_gp && !r->quiet)
        fprintf(stderr, "poesim: warning: gnuplot not found on PATH: plots not drawn; their "
                        "scripts and data are in the plots/ folders of %s (install gnuplot, then "
                        "run 'poesim plot %s')\n", dir, dir);
    int rc = kind->plot(dir, r, e);
    /* Every gnuplot is waited for, also after a failure (whose message is
     * kept: a later one is dropped). */
    struct err later = { 0 };
    if (pk_plots_done(r, rc == 0 ? e : &later) != 0)
        rc = -1;
    free(pool);
    free(r);
    return rc;
}

int plot_parse_formats(const char *s, unsigned *mask, struct err *e)
{
    unsigned m = 0;
    const char *p = s ? s : "";
    if (!*p)
        return err_set(e, EXIT_USAGE, "expected a list of plot formats (png, svg, pdf), "
                                      "got nothing");
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        int k = 0;
        while (k < 3 && !(strlen(fmt_ext[k]) == n && strncmp(p, fmt_ext[k], n) == 0))
            k++;
        if (k == 3)
            return err_set(e, EXIT_USAGE, "unknown plot format \"%.*s\"; expected png, svg "
                                          "or pdf, comma-separated (e.g. png,svg,pdf)",
                           (int)(n > 40 ? 40 : n), p);
        m |= 1u << k;
        p += n + (comma != NULL);
        if (comma && !*p)
            return err_set(e, EXIT_USAGE, "a plot format is missing after the last comma");
    }
    *mask = m;
    return 0;
}
