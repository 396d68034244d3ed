/*
 * plot.c - plots of an output folder, drawn by gnuplot, and report.html.
 *
 * The module works from the files poesim leaves in an output folder, never
 * from the simulator's structures: a run folder (summary.json, hourly.csv,
 * waits.csv, lanes.csv), a batch folder (comparison.json and one run folder
 * per scenario) or a sweep folder (sweep.csv).  So `poesim plot DIR` can
 * re-render a folder written long ago, and a user can see exactly what each
 * plot shows: for every plot NAME it writes DIR/plots/NAME.dat (whitespace-
 * separated columns under a comment header) and DIR/plots/NAME.gp (a short
 * readable gnuplot script that reads only NAME.dat), then runs
 * `gnuplot NAME.gp` in DIR/plots/ as a child process, with its exit status
 * and its stderr checked.  The script loops over a list of formats
 * (`formats`, png/svg/pdf) and writes NAME.<format>; poesim passes a
 * temporary output name (`out`) and renames the images into place once
 * gnuplot succeeded, as it renames every text file it writes.
 *
 * The workload is small: a run has some ten queues and a few thousand hourly
 * rows; a sweep at most 10000 points.  Files are read whole into memory and
 * each plot is one gnuplot process (about 50 ms), so a batch of a few
 * scenarios renders in a second or two.
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
 *
 * report.html is one page with nothing to fetch: the SVG plots are inlined
 * (their ids prefixed so that several can share the page), a PNG is inlined
 * as a data: URI when no SVG was rendered, the style sheet is inline and has
 * a print version, and a few lines of inline script count the plots drawn
 * and the images loaded into <p id="check"> for the browser test.
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
#include "scenario.h"
#include "signals.h"

#define PATH_LEN 4096      /* longest path handled; a longer DIR is refused */
#define DIR_LEN_MAX 3800   /* leaves room for "/<scenario>/plots/<file>" */
#define GROUPS_MAX 64      /* queues per folder: 2 directions x 10 queues + "all" fit */
#define PLOTS_MAX 32       /* plots per folder */
#define STDERR_SHOWN 600   /* bytes of gnuplot's stderr quoted in an error */

/* The cut-off of the waiting-time plot's x axis: the wait that fewer than
 * this share of crossers exceed, in every queue (so the tail that matters is
 * visible and a handful of outliers does not squash the curves). */
#define CDF_TAIL_SHARE 0.005
/* The wait the report and the waiting-time plot single out: one hour. */
#define WAIT_MARK_MIN 60.0

/* Sizes of the images, in pixels (PNG and SVG) and in hundredths of an inch
 * (PDF): one panel, and the extra height of a multiplot's title. */
#define IMG_W 1000
#define PANEL_H 330
#define TITLE_H 70

/* --------------------------------------------------------------------------
 * Files: atomic writes, whole-file reads
 * ------------------------------------------------------------------------ */

/* A formatted path into out (PATH_LEN bytes); an empty path, which no file
 * operation accepts, if it would not fit. */
static void pathf(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pathf(char *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, PATH_LEN, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= PATH_LEN)
        out[0] = '\0';
}

/* a/b into out (PATH_LEN bytes); an empty path, which no file operation
 * accepts, if it would not fit. */
static void path_join(char *out, const char *a, const char *b)
{
    int n = snprintf(out, PATH_LEN, "%s/%s", a, b);
    if (n < 0 || n >= PATH_LEN)
        out[0] = '\0';
}

static bool file_exists(const char *dir, const char *name)
{
    char p[PATH_LEN];
    path_join(p, dir, name);
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Write n bytes to path through a temporary file in the same folder renamed
 * into place.  Returns 0, or -1 with *e filled (EXIT_FAIL), nothing left. */
static int save_file(const char *path, const void *data, size_t n, struct err *e)
{
    char tmp[PATH_LEN + 16];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return err_set(e, EXIT_FAIL, "%s: cannot write: %s", path, strerror(errno));
    const char *p = data;
    size_t left = n;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            goto fail;
        p += w;
        left -= (size_t)w;
    }
    if (fchmod(fd, 0644) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        fd = -1;
        goto fail;
    }
    return 0;
fail:;
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return err_set(e, EXIT_FAIL, "%s: cannot write: %s", path, strerror(saved));
}

/* A text being composed in memory (open_memstream), saved atomically. */
struct text {
    char *s;
    size_t n;
    FILE *f;
};

static FILE *text_open(struct text *t)
{
    t->s = NULL;
    t->n = 0;
    t->f = open_memstream(&t->s, &t->n);
    return t->f;
}

static void text_discard(struct text *t)
{
    if (t->f)
        fclose(t->f);
    free(t->s);
    t->f = NULL;
    t->s = NULL;
}

/* Close t, write it to dir/name atomically and free it (also on error). */
static int text_save(struct text *t, const char *dir, const char *name, struct err *e)
{
    char path[PATH_LEN];
    path_join(path, dir, name);
    bool bad = !t->f || ferror(t->f);
    if (t->f && fclose(t->f) != 0)
        bad = true;
    t->f = NULL;
    int rc = bad || !t->s ? err_set(e, EXIT_FAIL, "%s: out of memory", path)
                          : save_file(path, t->s, t->n, e);
    free(t->s);
    t->s = NULL;
    return rc;
}

/* The whole file dir/name, NUL-terminated, in *len bytes (malloc'd), or
 * NULL with errno set. */
static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[PATH_LEN];
    if (dir)
        path_join(path, dir, name);
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

struct csv {
    char *data;      /* the file, split in place */
    char **cell;     /* nrow x ncol, row 0 the header; short rows padded with "" */
    size_t nrow, ncol;
};

static char csv_empty[1];

static void csv_free(struct csv *c)
{
    free(c->data);
    free(c->cell);
    c->data = NULL;
    c->cell = NULL;
    c->nrow = c->ncol = 0;
}

/* Load dir/name.  Returns 0, or -1 with *e filled (EXIT_FAIL). */
static int csv_load(const char *dir, const char *name, struct csv *c, struct err *e)
{
    memset(c, 0, sizeof *c);
    c->data = slurp(dir, name, NULL);
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
        csv_free(c);
        return err_set(e, EXIT_FAIL, "%s/%s: empty file", dir, name);
    }
    c->nrow = nr;
    c->ncol = rowlen[0];
    c->cell = malloc(nr * c->ncol * sizeof *c->cell);
    if (!c->cell)
        goto oom;
    for (size_t r = 0, k = 0; r < nr; r++) {
        for (size_t j = 0; j < c->ncol; j++)
            c->cell[r * c->ncol + j] = j < rowlen[r] ? fld[k + j] : csv_empty;
        k += rowlen[r];
    }
    free(fld);
    free(rowlen);
    return 0;
oom:
    free(fld);
    free(rowlen);
    csv_free(c);
    return err_set(e, EXIT_FAIL, "%s/%s: out of memory", dir, name);
}

/* The column named name, or -1. */
static int csv_col(const struct csv *c, const char *name)
{
    for (size_t j = 0; j < c->ncol; j++)
        if (strcmp(c->cell[j], name) == 0)
            return (int)j;
    return -1;
}

static const char *csv_str(const struct csv *c, size_t row, int col)
{
    return col < 0 ? "" : c->cell[row * c->ncol + (size_t)col];
}

/* The number in a cell, or NAN if the cell is empty, absent or not a number. */
static double csv_num(const struct csv *c, size_t row, int col)
{
    const char *s = csv_str(c, row, col);
    char *end;
    double x = strtod(s, &end);
    return (end == s || *end) ? NAN : x;
}

/* Parse dir/name as JSON.  Returns the tree, or NULL with *e filled. */
static cJSON *json_load(const char *dir, const char *name, struct err *e)
{
    char *s = slurp(dir, name, NULL);
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
static const cJSON *jat(const cJSON *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && o; tok = strtok_r(NULL, ".", &save))
        o = isdigit((unsigned char)*tok) ? cJSON_GetArrayItem(o, atoi(tok))
                                         : cJSON_GetObjectItemCaseSensitive(o, tok);
    return o;
}

static double jnum(const cJSON *o, const char *path)
{
    const cJSON *x = jat(o, path);
    return cJSON_IsNumber(x) ? x->valuedouble : NAN;
}

/* An integer-valued number, or 0 if absent or out of range. */
static int jint(const cJSON *o, const char *path)
{
    double x = jnum(o, path);
    return x >= -1e9 && x <= 1e9 ? (int)x : 0;
}

static const char *jstr(const cJSON *o, const char *path)
{
    const cJSON *x = jat(o, path);
    return cJSON_IsString(x) ? x->valuestring : "";
}

/* --------------------------------------------------------------------------
 * Queues and their styles
 * ------------------------------------------------------------------------ */

/* A queue (direction, mode, programme); "all" in each for the whole port. */
struct grp {
    char dir[16], mode[16], prog[16];
};

static bool grp_is(const struct grp *g, const char *dir, const char *mode, const char *prog)
{
    return strcmp(g->dir, dir) == 0 && strcmp(g->mode, mode) == 0 && strcmp(g->prog, prog) == 0;
}

static bool grp_all(const struct grp *g)
{
    return strcmp(g->dir, "all") == 0;
}

/* The index of the queue in g[0..*n), added at the end if absent; -1 if
 * the table is full. */
static int grp_find(struct grp *g, size_t *n, const char *dir, const char *mode, const char *prog)
{
    for (size_t i = 0; i < *n; i++)
        if (grp_is(&g[i], dir, mode, prog))
            return (int)i;
    if (*n == GROUPS_MAX)
        return -1;
    snprintf(g[*n].dir, sizeof g[*n].dir, "%s", dir);
    snprintf(g[*n].mode, sizeof g[*n].mode, "%s", mode);
    snprintf(g[*n].prog, sizeof g[*n].prog, "%s", prog);
    return (int)(*n)++;
}

/* "north pov general", or "pov general" within a direction's panel;
 * "whole port" for the port as a whole. */
static void grp_label(const struct grp *g, bool with_dir, char *buf, size_t n)
{
    if (grp_all(g))
        snprintf(buf, n, "whole port");
    else if (with_dir)
        snprintf(buf, n, "%s %s %s", g->dir, g->mode, g->prog);
    else
        snprintf(buf, n, "%s %s", g->mode, g->prog);
}

/* Okabe-Ito: orange, sky blue, bluish green, vermillion, blue, reddish
 * purple, yellow, black (neighbours kept apart).  A batch's scenario i takes
 * colour i (mod 8). */
static const char *const okabe_ito[8] = {
    "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000"
};

static const char *scn_colour(size_t i)
{
    return okabe_ito[i % 8];
}

/* A queue's colour, by mode and programme; the port as a whole in grey. */
static const char *grp_colour(const struct grp *g)
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

/* Dash by mode (gnuplot dash types 1 solid, 2 dashed, 3 dotted, 4 dash-dot),
 * point by direction (7 disc, 9 triangle, 5 square) when the style has
 * points. */
static void gp_grp_style(FILE *f, const struct grp *g, bool points)
{
    int dt = strcmp(g->mode, "pedestrian") == 0 ? 2 : strcmp(g->mode, "bus") == 0 ? 3
           : strcmp(g->mode, "truck") == 0 ? 4 : 1;
    int pt = strcmp(g->dir, "north") == 0 ? 7 : strcmp(g->dir, "south") == 0 ? 9 : 5;
    fprintf(f, "lc rgb \"%s\" dt %d lw %s", grp_colour(g), dt, grp_all(g) ? "3" : "2");
    if (points)
        fprintf(f, " pt %d ps 0.6", pt);
}

/* --------------------------------------------------------------------------
 * gnuplot: scripts and the child process
 * ------------------------------------------------------------------------ */

struct renderer {
    unsigned formats;
    bool quiet;
    bool have_gp;
    char gnuplot[PATH_LEN];
};

/* The plots of one folder, in the order drawn, for its report. */
struct plotset {
    char dir[PATH_LEN];     /* the output folder */
    char pdir[PATH_LEN];    /* its plots/ */
    int n;
    struct {
        char name[64];
        char caption[512];
    } item[PLOTS_MAX];
};

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
        if (n > 0 && n < PATH_LEN - 16) {
            snprintf(out, PATH_LEN, "%.*s/gnuplot", (int)n, path);
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return true;
        }
        path += n + (colon != NULL);
    }
    return false;
}

/* A string as a gnuplot double-quoted string. */
static void gp_q(FILE *f, const char *s)
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
static void gp_qs(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
}

/* A string as a quoted field of a data file (no double quote inside). */
static void dat_q(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' ? '\'' : *s, f);
    fputc('"', f);
}

/* A number in a data file: NaN for no value (gnuplot breaks lines there). */
static void dat_num(FILE *f, double x)
{
    if (isnan(x))
        fputs(" NaN", f);
    else
        fprintf(f, " %.6g", x);
}

/* The opening of every script: what it draws, how to re-run it, and the
 * settings shared by its formats. */
static void gp_head(FILE *f, const struct renderer *r, const char *name, const char *what,
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

/* The loop over formats, with the image size of npanels panels. */
static void gp_loop(FILE *f, int npanels, int extra_h)
{
    int h = TITLE_H + npanels * PANEL_H + extra_h;
    fprintf(f, "\ndo for [fmt in formats] {\n");
    fprintf(f, "    if (fmt eq \"png\") { set terminal pngcairo size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", IMG_W, h);
    fprintf(f, "    if (fmt eq \"svg\") { set terminal svg size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", IMG_W, h);
    fprintf(f, "    if (fmt eq \"pdf\") { set terminal pdfcairo size %.2fin,%.2fin font \"sans,9\" "
               "noenhanced }\n", IMG_W / 100.0, h / 100.0);
    fprintf(f, "    set output out.\".\".fmt\n");
}

static void gp_end(FILE *f)
{
    fprintf(f, "    set output\n}\n");
}

/* A value rounded up to a round number for an axis maximum (at least 1e-9
 * above zero so that gnuplot has a range). */
static double axis_max(double v)
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
    char p[PATH_LEN];
    for (int k = 0; k < 3; k++) {
        pathf(p, "%s/.%s.tmp.%s", pdir, name, fmt_ext[k]);
        unlink(p);
    }
}

/* Run `gnuplot -e 'out=".NAME.tmp"' NAME.gp` in pdir; rename its images to
 * NAME.<format>.  Returns 0, or -1 with *e filled (EXIT_FAIL, gnuplot's
 * stderr quoted) and no temporary image left. */
static int gp_run(const struct renderer *r, const char *pdir, const char *name, struct err *e)
{
    FILE *errf = tmpfile();
    if (!errf)
        return err_set(e, EXIT_FAIL, "cannot create a temporary file: %s", strerror(errno));
    char a2[160], a3[96];
    snprintf(a2, sizeof a2, "out=\".%s.tmp\"", name);
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
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
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
        char from[PATH_LEN], to[PATH_LEN];
        pathf(from, "%s/.%s.tmp.%s", pdir, name, fmt_ext[k]);
        pathf(to, "%s/%s.%s", pdir, name, fmt_ext[k]);
        if (rename(from, to) != 0) {
            int saved = errno;
            remove_tmp_images(pdir, name);
            return err_set(e, EXIT_FAIL, "%s/%s.gp: gnuplot wrote no %s image (%s)%s%s", pdir,
                           name, fmt_ext[k], strerror(saved), n ? ": " : "", msg);
        }
    }
    return 0;
}

/* Save NAME.dat and NAME.gp into ps->pdir, render them if gnuplot is there,
 * and list the plot for the report.  Frees both texts. */
static int plot_emit(const struct renderer *r, struct plotset *ps, const char *name,
                     const char *caption, struct text *dat, struct text *gp, struct err *e)
{
    char fn[96];
    if (sig_caught()) {         /* stopping: no more plots (signals.h) */
        text_discard(dat);
        text_discard(gp);
        return err_set(e, sig_status(sig_caught()), "%s: stopped before plot %s", ps->pdir,
                       name);
    }
    snprintf(fn, sizeof fn, "%s.dat", name);
    if (text_save(dat, ps->pdir, fn, e) != 0) {
        text_discard(gp);
        return -1;
    }
    snprintf(fn, sizeof fn, "%s.gp", name);
    if (text_save(gp, ps->pdir, fn, e) != 0)
        return -1;
    if (r->have_gp && gp_run(r, ps->pdir, name, e) != 0)
        return -1;
    /* An image of an earlier rendering that was not redrawn now would not
     * match the new data: remove it. */
    for (int k = 0; k < 3; k++)
        if (!r->have_gp || !(r->formats & (1u << k))) {
            char p[PATH_LEN];
            snprintf(fn, sizeof fn, "%s.%s", name, fmt_ext[k]);
            path_join(p, ps->pdir, fn);
            if (unlink(p) != 0 && errno != ENOENT)
                return err_set(e, EXIT_FAIL, "%s: cannot remove the outdated image: %s", p,
                               strerror(errno));
        }
    if (ps->n < PLOTS_MAX) {
        snprintf(ps->item[ps->n].name, sizeof ps->item[ps->n].name, "%s", name);
        snprintf(ps->item[ps->n].caption, sizeof ps->item[ps->n].caption, "%s", caption);
        ps->n++;
    }
    return 0;
}

/* Open the data and script texts of a plot; -1 with *e if out of memory. */
static int texts_open(struct text *dat, struct text *gp, struct err *e)
{
    gp->f = NULL;
    gp->s = NULL;
    if (!text_open(dat)) {
        err_set(e, EXIT_FAIL, "out of memory");
        return -1;
    }
    if (!text_open(gp)) {
        text_discard(dat);
        err_set(e, EXIT_FAIL, "out of memory");
        return -1;
    }
    return 0;
}

/* --------------------------------------------------------------------------
 * A run folder
 * ------------------------------------------------------------------------ */

/* An hour of the day of one queue, summed over the measured days (a row of
 * hourly.csv pooling several days by weekday counts as that many days). */
struct hod {
    double w, h2, q, b;       /* sums: mean wait, squared half-width, queue, booths */
    double wn, hn, qn, bn;    /* days with a value */
};

struct rundata {
    const char *dir;
    cJSON *sum;
    int reps, days;
    struct grp g[GROUPS_MAX];
    size_t ng;
    char dirs[4][16];      /* directions, in order of appearance */
    size_t nd;
    struct hod hod[GROUPS_MAX][24];
    char (*wday)[8];       /* weekday of measured day d (1..days), from summary.json */
    bool has_ci;           /* hourly.csv has wait_mean_ci95_min */
};

static void rundata_free(struct rundata *rd)
{
    cJSON_Delete(rd->sum);
    free(rd->wday);
}

static int run_group(struct rundata *rd, const char *dir, const char *mode, const char *prog,
                     struct err *e)
{
    int i = grp_find(rd->g, &rd->ng, dir, mode, prog);
    if (i < 0)
        return err_set(e, EXIT_FAIL, "%s: more than %d queues", rd->dir, GROUPS_MAX);
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
    if (!(rd->sum = json_load(dir, "summary.json", e)))
        return -1;
    rd->reps = jint(rd->sum, "replications");
    rd->days = jint(rd->sum, "days");
    if (rd->reps < 1 || rd->days < 1)
        return err_set(e, EXIT_FAIL, "%s/summary.json: no replications or days", dir);
    const cJSON *gs = jat(rd->sum, "groups"), *g;
    cJSON_ArrayForEach(g, gs)
        if (run_group(rd, jstr(g, "direction"), jstr(g, "mode"), jstr(g, "program"), e) < 0)
            return -1;
    rd->wday = calloc((size_t)rd->days + 1, sizeof *rd->wday);
    if (!rd->wday)
        return err_set(e, EXIT_FAIL, "out of memory");
    const char *start = jstr(rd->sum, "start");
    int w0 = 0;
    while (w0 < WD_COUNT && strcmp(scn_weekday_name((enum weekday)w0), start) != 0)
        w0++;
    if (w0 < WD_COUNT)          /* else no weekday names on the axis */
        for (int d = 1; d <= rd->days; d++)
            snprintf(rd->wday[d], sizeof rd->wday[0], "%s",
                     scn_weekday_name((enum weekday)((w0 + d - 1) % WD_COUNT)));

    struct csv c;
    if (csv_load(dir, "hourly.csv", &c, e) != 0)
        return -1;
    int chour = csv_col(&c, "hour"), cdays = csv_col(&c, "days"),
        cdir = csv_col(&c, "direction"), cmode = csv_col(&c, "mode"),
        cprog = csv_col(&c, "program"), cw = csv_col(&c, "wait_mean_min"),
        ch = csv_col(&c, "wait_mean_ci95_min"), cq = csv_col(&c, "queue_mean"),
        cb = csv_col(&c, "booths_open");
    if (chour < 0 || cdir < 0 || cmode < 0 || cprog < 0 || cw < 0 || cq < 0 || cb < 0) {
        csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/hourly.csv: missing columns (hour, direction, mode, "
                                     "program, wait_mean_min, queue_mean, booths_open)", dir);
    }
    rd->has_ci = ch >= 0;
    for (size_t r = 1; r < c.nrow; r++) {
        int gi = run_group(rd, csv_str(&c, r, cdir), csv_str(&c, r, cmode),
                           csv_str(&c, r, cprog), e);
        if (gi < 0) {
            csv_free(&c);
            return -1;
        }
        double hr = csv_num(&c, r, chour);
        if (!(hr >= 0 && hr < 24))
            continue;
        struct hod *h = &rd->hod[gi][(int)hr];
        double w = csv_num(&c, r, cw), hw = csv_num(&c, r, ch), q = csv_num(&c, r, cq),
               b = csv_num(&c, r, cb), n = cdays >= 0 ? csv_num(&c, r, cdays) : 1;
        if (!(n > 0))
            n = 1;
        if (!isnan(w)) {
            h->w += n * w;
            h->wn += n;
            if (!isnan(hw)) {
                h->h2 += n * n * hw * hw;
                h->hn += n;
            }
        }
        if (!isnan(q)) {
            h->q += n * q;
            h->qn += n;
        }
        if (!isnan(b)) {
            h->b += n * b;
            h->bn += n;
        }
    }
    csv_free(&c);
    return 0;
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

/* Mean wait, queue or booths open by hour of day: one panel per direction,
 * a line per queue (with its 95% band for the wait). */
static int plot_hourly(const struct rundata *rd, const struct renderer *r, struct plotset *ps,
                       enum hourly_kind kind, struct err *e)
{
    static const char *const names[] = { "wait_by_hour", "queue_by_hour", "booths_by_hour" };
    const char *name = names[kind];
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[128], lab[64];
    run_basis(rd, basis, sizeof basis);
    bool band = kind == HK_WAIT && rd->reps >= 2 && rd->has_ci;

    fprintf(d, "# %s.dat - by hour of day, from ../hourly.csv (%s).\n", name, basis);
    fprintf(d, "# Each value: the mean over the measured days of the hour's mean over the\n"
               "# replications (a row pooling days by weekday weighs its days); NaN where no\n"
               "# day had a value.\n");
    if (kind == HK_WAIT)
        fprintf(d, "# low/high: the 95%% band, mean -/+ sqrt(sum of the days' squared 95%%\n"
                   "# half-widths) / days (the days' estimates taken as independent); NaN where\n"
                   "# a day lacked a half-width (fewer than 2 replications had a value).\n"
                   "# Columns: hour  wait_min  low_min  high_min\n");
    else if (kind == HK_QUEUE)
        fprintf(d, "# Columns: hour  queue_mean (crossers waiting, time-average)\n");
    else
        fprintf(d, "# Columns: hour  booths_open (time-average)\n");
    fprintf(d, "# One block per queue (gnuplot index 0, 1, ...).\n");
    double ymax[4] = { 0 };
    for (size_t i = 0; i < rd->ng; i++) {
        grp_label(&rd->g[i], true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s\n", i ? "\n\n" : "", i, lab);
        size_t di = 0;
        while (di < rd->nd && strcmp(rd->dirs[di], rd->g[i].dir) != 0)
            di++;
        for (int hr = 0; hr < 24; hr++) {
            const struct hod *h = &rd->hod[i][hr];
            fprintf(d, "%2d", hr);
            if (kind == HK_WAIT) {
                double m = h->wn ? h->w / h->wn : NAN;
                double hw = h->wn && h->hn == h->wn ? sqrt(h->h2) / h->wn : NAN;
                dat_num(d, m);
                dat_num(d, isnan(hw) ? NAN : fmax(0, m - hw));
                dat_num(d, isnan(hw) ? NAN : m + hw);
                double top = isnan(hw) ? m : m + hw;
                if (di < 4 && top > ymax[di])
                    ymax[di] = top;
            } else {
                double v = kind == HK_QUEUE ? (h->qn ? h->q / h->qn : NAN)
                                            : (h->bn ? h->b / h->bn : NAN);
                dat_num(d, v);
                if (di < 4 && v > ymax[di])
                    ymax[di] = v;
            }
            fputc('\n', d);
        }
    }

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
    gp_head(f, r, name, what[kind], "../hourly.csv");
    fprintf(f, "set xlabel \"hour of day (h)\"\n"
               "set ylabel \"%s\"\n"
               "set xrange [0:24]\n"
               "set xtics 0,3,24\n"
               "set mxtics 3\n"
               "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 28\n", ylabel[kind]);
    char sub[256];
    if (kind == HK_WAIT)
        snprintf(sub, sizeof sub, "%s; %s", basis,
                 band ? "band: 95% interval" : "no interval (fewer than 2 replications)");
    else
        snprintf(sub, sizeof sub, "%s; no interval drawn", basis);
    gp_loop(f, (int)rd->nd, 0);
    fprintf(f, "    set multiplot layout %zu,1 title \"%s\\n%s\" font \",13\"\n",
            rd->nd, title[kind], sub);
    for (size_t di = 0; di < rd->nd; di++) {
        char dt[32];
        dir_title(rd->dirs[di], dt, sizeof dt);
        fprintf(f, "    set title \"%s\"\n    set yrange [0:%g]\n    plot \\\n", dt,
                axis_max(ymax[di]));
        bool first = true;
        for (size_t i = 0; i < rd->ng; i++) {
            if (strcmp(rd->g[i].dir, rd->dirs[di]) != 0)
                continue;
            grp_label(&rd->g[i], false, lab, sizeof lab);
            if (band) {
                fprintf(f, "%s        '%s.dat' index %zu using ($1+0.5):3:4 with filledcurves "
                           "fs transparent solid 0.15 noborder lc rgb \"%s\" notitle",
                        first ? "" : ", \\\n", name, i, grp_colour(&rd->g[i]));
                first = false;
            }
            /* An hour's value at the middle of the hour; booths as steps. */
            fprintf(f, "%s        '%s.dat' index %zu using ($1+0.5):2 with %s ",
                    first ? "" : ", \\\n", name, i, kind == HK_BOOTHS ? "histeps" : "linespoints");
            gp_grp_style(f, &rd->g[i], kind != HK_BOOTHS);
            fprintf(f, " title ");
            gp_q(f, lab);
            first = false;
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    gp_end(f);

    char cap[512];
    static const char *const capt[] = {
        "Mean wait by hour of day, per queue (joining the queue to reaching a primary booth)",
        "Queue length by hour of day, per queue (time-average crossers waiting)",
        "Booths open by hour of day, per queue (time-average; flex lanes count where they serve)",
    };
    snprintf(cap, sizeof cap, "%s; %s.", capt[kind], sub);
    return plot_emit(r, ps, name, cap, &dat, &gp, e);
}

/* The share of crossers waiting longer than x, per queue (waits.csv). */
static int plot_waits(struct rundata *rd, const struct renderer *r, struct plotset *ps,
                      struct err *e)
{
    struct csv c;
    if (csv_load(rd->dir, "waits.csv", &c, e) != 0)
        return -1;
    int cdir = csv_col(&c, "direction"), cmode = csv_col(&c, "mode"),
        cprog = csv_col(&c, "program"), cx = csv_col(&c, "wait_min"),
        cs = csv_col(&c, "share_above");
    if (cdir < 0 || cmode < 0 || cprog < 0 || cx < 0 || cs < 0) {
        csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/waits.csv: missing columns (direction, mode, program, "
                                     "wait_min, share_above)", rd->dir);
    }
    int *gi = malloc(c.nrow * sizeof *gi);
    if (!gi) {
        csv_free(&c);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    double over60[GROUPS_MAX], tail[GROUPS_MAX] = { 0 }, xlast = 0;
    bool present[GROUPS_MAX] = { false };
    for (size_t i = 0; i < GROUPS_MAX; i++)
        over60[i] = NAN;
    for (size_t row = 1; row < c.nrow; row++) {
        gi[row] = run_group(rd, csv_str(&c, row, cdir), csv_str(&c, row, cmode),
                            csv_str(&c, row, cprog), e);
        if (gi[row] < 0) {
            free(gi);
            csv_free(&c);
            return -1;
        }
        double x = csv_num(&c, row, cx), s = csv_num(&c, row, cs);
        present[gi[row]] = true;
        if (x == WAIT_MARK_MIN)
            over60[gi[row]] = s;
        if (s >= CDF_TAIL_SHARE && x > tail[gi[row]])
            tail[gi[row]] = x;
        if (x > xlast)
            xlast = x;
    }
    double xmax = 0;
    for (size_t i = 0; i < rd->ng; i++)
        if (tail[i] > xmax)
            xmax = tail[i];
    xmax = fmax(2 * WAIT_MARK_MIN, 1.2 * xmax);
    xmax = fmin(xmax, xlast > 0 ? xlast : xmax);

    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0) {
        free(gi);
        csv_free(&c);
        return -1;
    }
    FILE *d = dat.f, *f = gp.f;
    char basis[128], lab[96];
    snprintf(basis, sizeof basis, "mean of %d replication%s", rd->reps, rd->reps == 1 ? "" : "s");
    fprintf(d, "# wait_cdf.dat - share of crossers waiting longer than x, from ../waits.csv\n"
               "# (%s, over %d measured days).\n"
               "# Columns: wait_min  share_above_pct\n"
               "# One block per queue (gnuplot index 0, 1, ...).\n", basis, rd->days);
    for (size_t i = 0; i < rd->ng; i++) {
        grp_label(&rd->g[i], true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s\n", i ? "\n\n" : "", i, lab);
        for (size_t row = 1; row < c.nrow; row++)
            if (gi[row] == (int)i) {
                fprintf(d, "%g", csv_num(&c, row, cx));
                dat_num(d, 100 * csv_num(&c, row, cs));
                fputc('\n', d);
            }
        if (!present[i])      /* a queue without a row: one undefined point */
            fprintf(d, "0 NaN\n");
    }
    free(gi);
    csv_free(&c);

    gp_head(f, r, "wait_cdf", "share of crossers waiting longer than x, per queue",
            "../waits.csv");
    fprintf(f, "set xlabel \"wait x (min, log scale)\"\n"
               "set ylabel \"share waiting longer than x (%%)\"\n"
               "set logscale x\n"
               "set xrange [1:%g]\n"
               "set xtics (", xmax);
    static const int tics[] = { 1, 2, 5, 10, 20, 30, 60, 120, 240, 480, 720, 1440 };
    for (size_t k = 0; k < sizeof tics / sizeof tics[0] && tics[k] <= xmax; k++)
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
    gp_loop(f, (int)rd->nd, 0);
    fprintf(f, "    set multiplot layout %zu,1 title \"Share of crossers waiting longer than x, "
               "from 1 minute (key: share over 1 hour)\\n%s over %d measured day%s; "
               "no interval drawn\" "
               "font \",13\"\n", rd->nd, basis, rd->days, rd->days == 1 ? "" : "s");
    for (size_t di = 0; di < rd->nd; di++) {
        char dt[32];
        dir_title(rd->dirs[di], dt, sizeof dt);
        fprintf(f, "    set title \"%s\"\n    plot \\\n", dt);
        bool first = true;
        for (size_t i = 0; i < rd->ng; i++) {
            if (strcmp(rd->g[i].dir, rd->dirs[di]) != 0)
                continue;
            char l2[64];
            grp_label(&rd->g[i], false, l2, sizeof l2);
            if (isnan(over60[i]))
                snprintf(lab, sizeof lab, "%s", l2);
            else
                snprintf(lab, sizeof lab, "%s: %.1f%% > 1 h", l2, 100 * over60[i]);
            fprintf(f, "%s        'wait_cdf.dat' index %zu using ($1 > 0 ? $1 : NaN):2 with lines ",
                    first ? "" : ", \\\n", i);
            gp_grp_style(f, &rd->g[i], false);
            fprintf(f, " title ");
            gp_q(f, lab);
            first = false;
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Distribution of waits: the share of each queue's crossers who "
                              "waited longer than x minutes (%s); the key gives the share over "
                              "one hour.", basis);
    return plot_emit(r, ps, "wait_cdf", cap, &dat, &gp, e);
}

/* USD in a column scaled for reading: the divisor and the unit's name. */
static double usd_scale(double vmax, const char **unit)
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
static void fmt_thousands(char *buf, size_t n, double x)
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

/* The cost of waiting per day per queue, as stacked bars. */
static int plot_cost(const struct rundata *rd, const struct renderer *r, struct plotset *ps,
                     struct err *e)
{
    const cJSON *gs = jat(rd->sum, "groups"), *g;
    double vmax = 0;
    cJSON_ArrayForEach(g, gs) {
        double t = jnum(g, "cost_usd.total.mean") / rd->days;
        if (t > vmax)
            vmax = t;
    }
    const char *unit;
    double sc = usd_scale(vmax, &unit);
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[128];
    run_basis(rd, basis, sizeof basis);
    double ptot = jnum(rd->sum, "cost_usd.per_day.mean"),
           pci = jnum(rd->sum, "cost_usd.per_day.ci95");
    int year = jint(rd->sum, "cost_usd.price_year");
    fprintf(d, "# cost.dat - cost of waiting per measured day, per queue, in %s of %d,\n"
               "# from ../summary.json groups[].cost_usd / days (%s).\n"
               "# Columns: row  value_of_time  truck_operating  fuel  total  total_ci95  queue  "
               "label\n# (label: the total in USD with its 95%% half-width)\n", unit, year, basis);
    int nbar = 0;
    cJSON_ArrayForEach(g, gs) {
        struct grp q;
        snprintf(q.dir, sizeof q.dir, "%s", jstr(g, "direction"));
        snprintf(q.mode, sizeof q.mode, "%s", jstr(g, "mode"));
        snprintf(q.prog, sizeof q.prog, "%s", jstr(g, "program"));
        char lab[64], a[32], b[32];
        grp_label(&q, true, lab, sizeof lab);
        double vot = jnum(g, "cost_usd.value_of_time.mean") / rd->days,
               tr = jnum(g, "cost_usd.truck_operating.mean") / rd->days,
               fu = jnum(g, "cost_usd.fuel.mean") / rd->days,
               tot = jnum(g, "cost_usd.total.mean") / rd->days,
               ci = jnum(g, "cost_usd.total.ci95") / rd->days;
        fprintf(d, "%d", nbar++);
        dat_num(d, vot / sc);
        dat_num(d, tr / sc);
        dat_num(d, fu / sc);
        dat_num(d, tot / sc);
        dat_num(d, ci / sc);
        fputc(' ', d);
        dat_q(d, lab);
        fmt_thousands(a, sizeof a, tot);
        fmt_thousands(b, sizeof b, ci);
        char l[80];
        if (isnan(ci))
            snprintf(l, sizeof l, "$%s", a);
        else
            snprintf(l, sizeof l, "$%s ± %s", a, b);
        fputc(' ', d);
        dat_q(d, l);
        fputc('\n', d);
    }
    char a[32], b[32];
    fmt_thousands(a, sizeof a, ptot);
    fmt_thousands(b, sizeof b, pci);
    gp_head(f, r, "cost", "cost of waiting per day per queue, stacked by component",
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
            unit, year, axis_max(vmax / sc) * 1.4, nbar - 1, basis, a, b);
    gp_loop(f, 0, 120 + 36 * nbar);
    fprintf(f, "    plot 'cost.dat' using ($2/2):1:($2/2):(dy):ytic(7) with boxxyerror "
               "lc rgb \"#0072B2\" title \"value of time\", \\\n"
               "         '' using ($2+$3/2):1:($3/2):(dy) with boxxyerror lc rgb \"#D55E00\" "
               "title \"truck operating\", \\\n"
               "         '' using ($2+$3+$4/2):1:($4/2):(dy) with boxxyerror lc rgb \"#E69F00\" "
               "title \"idle fuel\", \\\n"
               "         '' using 5:1:8 with labels left offset 1,0 font \",10\" notitle\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Cost of waiting per measured day, by queue: value of time, truck "
                              "operating cost and idle fuel, USD of %d (%s; labels: total ± 95%% "
                              "half-width).", year, basis);
    return plot_emit(r, ps, "cost", cap, &dat, &gp, e);
}

/* The assignment of each flex lane group over the measured days
 * (replication 1 of lanes.csv), a step chart with the changeovers. */
static int plot_lanes(const struct rundata *rd, const struct renderer *r, struct plotset *ps,
                      struct err *e)
{
    const cJSON *lgs = jat(rd->sum, "lane_groups");
    int nlg = cJSON_GetArraySize(lgs);
    if (nlg <= 0)
        return 0;
    struct csv c;
    if (csv_load(rd->dir, "lanes.csv", &c, e) != 0)
        return -1;
    int crep = csv_col(&c, "replication"), ct = csv_col(&c, "time_h"),
        cg = csv_col(&c, "lane_group"), cfrom = csv_col(&c, "from"), cto = csv_col(&c, "to"),
        cend = csv_col(&c, "changeover_end_h");
    if (crep < 0 || ct < 0 || cg < 0 || cfrom < 0 || cto < 0 || cend < 0) {
        csv_free(&c);
        return err_set(e, EXIT_FAIL, "%s/lanes.csv: missing columns (replication, time_h, "
                                     "lane_group, from, to, changeover_end_h)", rd->dir);
    }
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0) {
        csv_free(&c);
        return -1;
    }
    FILE *d = dat.f, *f = gp.f;
    double T = 24.0 * rd->days;
    fprintf(d, "# lanes.dat - assignment of each flex lane group over the measured days,\n"
               "# replication 1 of %d, from ../lanes.csv and ../summary.json lane_groups.\n"
               "# Columns: time_h (hours since the start of the measured days)  level\n"
               "# level 0: closed (draining and changeover); 1..: the group's assignments\n"
               "# (listed in the block's comment). One block per lane group.\n", rd->reps);
    /* Per group: its assignment names, in order; level k+1 is name k. */
    enum { ASSIGN_MAX = 16 };
    const char *names[ASSIGN_MAX];
    int heights = 0;
    struct text body;
    if (!text_open(&body)) {
        text_discard(&dat);
        text_discard(&gp);
        csv_free(&c);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    FILE *b = body.f;
    int k = 0;
    const cJSON *lg;
    cJSON_ArrayForEach(lg, lgs) {
        const char *gname = jstr(lg, "name");
        size_t nn = 0;
        const cJSON *as = jat(lg, "assignments");
        for (const cJSON *a = as ? as->child : NULL; a && nn < ASSIGN_MAX; a = a->next)
            if (cJSON_IsString(a))
                names[nn++] = a->valuestring;
        for (size_t row = 1; row < c.nrow; row++) {
            if (strcmp(csv_str(&c, row, cg), gname) != 0)
                continue;
            const char *ab[2] = { csv_str(&c, row, cfrom), csv_str(&c, row, cto) };
            for (int j = 0; j < 2; j++) {
                size_t m = 0;
                while (m < nn && strcmp(names[m], ab[j]) != 0)
                    m++;
                if (m == nn && nn < ASSIGN_MAX)
                    names[nn++] = ab[j];
            }
        }
        /* The state at time 0: the first change's "from", else the first
         * assignment listed (a policy starts there; a schedule that never
         * switched in the measured days stays on its only one). */
        const char *init = nn ? names[0] : "";
        for (size_t row = 1; row < c.nrow; row++)
            if (csv_num(&c, row, crep) == 1 && strcmp(csv_str(&c, row, cg), gname) == 0) {
                init = csv_str(&c, row, cfrom);
                break;
            }
        fprintf(d, "%s# index %d: lane group %s (%d lanes); levels:", k ? "\n\n" : "", k, gname,
                jint(lg, "lanes"));
        for (size_t m = 0; m < nn; m++)
            fprintf(d, " %zu=%s", m + 1, names[m]);
        fprintf(d, "\n");
        int level = 0;
        for (size_t m = 0; m < nn; m++)
            if (strcmp(names[m], init) == 0)
                level = (int)m + 1;
        fprintf(d, "0 %d\n", level);
        for (size_t row = 1; row < c.nrow; row++) {
            if (csv_num(&c, row, crep) != 1 || strcmp(csv_str(&c, row, cg), gname) != 0)
                continue;
            double t = csv_num(&c, row, ct), te = csv_num(&c, row, cend);
            int to = 0;
            for (size_t m = 0; m < nn; m++)
                if (strcmp(names[m], csv_str(&c, row, cto)) == 0)
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

        /* The panel. */
        fprintf(b, "    set title \"Lane group %s (%d lane%s)\"\n", gname, jint(lg, "lanes"),
                jnum(lg, "lanes") == 1 ? "" : "s");
        fprintf(b, "    set yrange [-0.5:%zu.5]\n    set ytics (\"closed (changeover)\" 0", nn);
        for (size_t m = 0; m < nn; m++) {
            fprintf(b, ", ");
            gp_q(b, names[m]);
            fprintf(b, " %zu", m + 1);
        }
        fprintf(b, ")\n    plot 'lanes.dat' index %d using 1:2 with steps lw 3 lc rgb \"%s\" "
                   "notitle\n", k, scn_colour((size_t)k + 3));
        heights += 100 + 45 * (int)nn;
        k++;
    }
    csv_free(&c);
    if (fclose(b) != 0 || !body.s) {
        body.f = NULL;
        text_discard(&body);
        text_discard(&dat);
        text_discard(&gp);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    body.f = NULL;

    gp_head(f, r, "lanes", "assignment of each flex lane group over the measured days "
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
    int h = TITLE_H + heights;
    fprintf(f, "\ndo for [fmt in formats] {\n");
    fprintf(f, "    if (fmt eq \"png\") { set terminal pngcairo size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", IMG_W, h);
    fprintf(f, "    if (fmt eq \"svg\") { set terminal svg size %d,%d font \"sans,11\" "
               "noenhanced background \"white\" }\n", IMG_W, h);
    fprintf(f, "    if (fmt eq \"pdf\") { set terminal pdfcairo size %.2fin,%.2fin font \"sans,9\" "
               "noenhanced }\n", IMG_W / 100.0, h / 100.0);
    fprintf(f, "    set output out.\".\".fmt\n");
    fprintf(f, "    set multiplot layout %d,1 title \"Flex lane assignments over the measured "
               "days: replication 1 of %d\\nclosed: from the switch (draining) to the end of the "
               "changeover; no interval (one replication shown)\" font \",13\"\n", k, rd->reps);
    fwrite(body.s, 1, body.n, f);
    free(body.s);
    fprintf(f, "    unset multiplot\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Flex lane groups: the queue each serves over the measured days, "
                              "and its closed changeovers (replication 1 of %d).", rd->reps);
    return plot_emit(r, ps, "lanes", cap, &dat, &gp, e);
}

/* --------------------------------------------------------------------------
 * HTML
 * ------------------------------------------------------------------------ */

static void put_html(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

/* A number with dec decimals, or an en dash when there is none. */
static void put_num(FILE *f, double x, int dec)
{
    if (isnan(x))
        fputs("–", f);
    else
        fprintf(f, "%.*f", dec, fabs(x) < 0.5 * pow(10, -dec) ? 0.0 : x);
}

static void put_int(FILE *f, double x)
{
    char b[48];
    if (isnan(x)) {
        fputs("–", f);
        return;
    }
    fmt_thousands(b, sizeof b, x);
    fputs(b, f);
}

static void put_usd(FILE *f, double x)
{
    char b[48];
    if (isnan(x)) {
        fputs("–", f);
        return;
    }
    fmt_thousands(b, sizeof b, fabs(x));
    fprintf(f, "%s$%s", x < -0.5 ? "-" : "", b);
}

/* " ± h" when h is a number. */
static void put_pm(FILE *f, double h, int dec)
{
    if (!isnan(h)) {
        fputs("<span class=\"pm\"> ± ", f);
        put_num(f, h, dec);
        fputs("</span>", f);
    }
}

static void put_pm_usd(FILE *f, double h)
{
    if (!isnan(h)) {
        fputs("<span class=\"pm\"> ± ", f);
        put_usd(f, h);
        fputs("</span>", f);
    }
}

static const char report_css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "color:#1a1a1a;background:#fff;max-width:1080px;margin:0 auto;padding:1.2em 1.5em 3em}\n"
    "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.8em;"
    "border-bottom:1px solid #ccc;padding-bottom:.2em}h3{font-size:1.05em}\n"
    ".sub{color:#444;margin:.2em 0 .8em}.meta{color:#555;font-size:.9em}\n"
    ".keys{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:.6em;"
    "margin:1em 0;padding:0}\n"
    ".keys div{border:1px solid #d0d0d0;border-radius:6px;padding:.5em .7em;background:#f7f7f7}\n"
    ".keys dt{font-size:.8em;color:#555}.keys dd{margin:0;font-size:1.35em;font-weight:600}\n"
    ".keys dd .unit,.keys dd .pm{font-size:.7em;font-weight:400;color:#444}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.88em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}td:first-child{white-space:nowrap}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    ".pm{color:#555}.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;"
    "margin-right:.35em;vertical-align:-.1em;border:1px solid #0003}\n"
    "figure.plot{margin:1.2em 0;break-inside:avoid;page-break-inside:avoid}\n"
    "figure.plot svg,figure.plot img{width:100%;height:auto;max-width:1000px;display:block;"
    "border:1px solid #e3e3e3}\n"
    "figcaption{font-size:.88em;color:#333;margin-top:.3em}\n"
    ".note{background:#fff8e0;border:1px solid #e6c200;padding:.5em .8em}\n"
    ".check{color:#777;font-size:.8em}\n"
    "code{font-size:.9em}\n"
    "@media print{@page{margin:14mm}body{max-width:none;font-size:10pt;padding:0}"
    "h2{break-after:avoid;page-break-after:avoid}"
    "figure.plot svg,figure.plot img{max-width:100%;border:none}"
    ".keys div{background:none}a{color:inherit;text-decoration:none}.check{display:none}}\n";

static void html_begin(FILE *f, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>");
    put_html(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", report_css);
}

/* The self-check for the browser test and the end of the page. */
static void html_end(FILE *f, int nsvg_expected)
{
    fprintf(f, "<p id=\"check\" class=\"check\" data-expected-svgs=\"%d\">Self-check not run "
               "(scripts disabled).</p>\n", nsvg_expected);
    fputs("<script>\n"
          "(function () {\n"
          "  function check() {\n"
          "    var svgs = document.querySelectorAll('figure.plot > svg'), drawn = 0;\n"
          "    for (var i = 0; i < svgs.length; i++) {\n"
          "      var b = svgs[i].getBoundingClientRect();\n"
          "      if (b.width > 0 && b.height > 0) drawn++;\n"
          "    }\n"
          "    var imgs = document.images, loaded = 0;\n"
          "    for (var j = 0; j < imgs.length; j++)\n"
          "      if (imgs[j].complete && imgs[j].naturalWidth > 0) loaded++;\n"
          "    var p = document.getElementById('check');\n"
          "    p.setAttribute('data-svgs', svgs.length);\n"
          "    p.setAttribute('data-svgs-drawn', drawn);\n"
          "    p.setAttribute('data-imgs', imgs.length);\n"
          "    p.setAttribute('data-imgs-loaded', loaded);\n"
          "    p.textContent = 'Self-check: ' + svgs.length + ' inline SVG plots (' + drawn +\n"
          "      ' drawn), ' + loaded + ' of ' + imgs.length + ' images loaded.';\n"
          "  }\n"
          "  check();\n"
          "  window.addEventListener('load', check);\n"
          "})();\n"
          "</script>\n</body>\n</html>\n", f);
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Inline the SVG text svg (from its <svg element on) with every id and
 * reference to one prefixed by pre, so several plots can share the page. */
static void put_svg(FILE *f, const char *svg, const char *pre, const char *label)
{
    const char *p = strstr(svg, "<svg");
    if (!p)
        return;
    fputs("<svg role=\"img\" aria-label=\"", f);
    put_html(f, label);
    fputs("\"", f);
    p += 4;
    while (*p) {
        bool ws = isspace((unsigned char)p[-1]);
        if (ws && (starts(p, "id=\"") || starts(p, "id='"))) {
            fprintf(f, "id=%c%s-", p[3], pre);
            p += 4;
        } else if (starts(p, "url(#")) {
            fprintf(f, "url(#%s-", pre);
            p += 5;
        } else if (starts(p, "href=\"#") || starts(p, "href='#")) {
            fprintf(f, "href=%c#%s-", p[5], pre);
            p += 7;
        } else if (starts(p, "<title>Gnuplot</title>")) {
            fputs("<title>", f);
            put_html(f, label);
            fputs("</title>", f);
            p += strlen("<title>Gnuplot</title>");
        } else {
            fputc(*p++, f);
        }
    }
}

static void put_base64(FILE *f, const unsigned char *s, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0)
                   | (i + 2 < n ? s[i + 2] : 0);
        fputc(tab[v >> 18 & 63], f);
        fputc(tab[v >> 12 & 63], f);
        fputc(i + 1 < n ? tab[v >> 6 & 63] : '=', f);
        fputc(i + 2 < n ? tab[v & 63] : '=', f);
    }
}

/* A figure: the plot's SVG inlined, else its PNG as a data: URI, else a note
 * that it was not rendered.  rel is the plots folder relative to the page.
 * Returns 1 if an SVG was inlined, else 0. */
static int put_figure(FILE *f, const char *pdir, const char *rel, const char *name,
                      const char *caption, const char *pre)
{
    char fn[96];
    int inlined = 0;
    snprintf(fn, sizeof fn, "%s.svg", name);
    size_t n = 0;
    char *s = slurp(pdir, fn, &n);
    fprintf(f, "<figure class=\"plot\" id=\"fig-%s\">\n", pre);
    if (s && strstr(s, "<svg")) {
        put_svg(f, s, pre, caption);
        inlined = 1;
    } else {
        free(s);
        snprintf(fn, sizeof fn, "%s.png", name);
        s = slurp(pdir, fn, &n);
        if (s) {
            fputs("<img alt=\"", f);
            put_html(f, caption);
            fputs("\" src=\"data:image/png;base64,", f);
            put_base64(f, (const unsigned char *)s, n);
            fputs("\">", f);
        } else {
            fprintf(f, "<p class=\"note\">Not rendered (gnuplot was not found): run "
                       "<code>gnuplot %s.gp</code> in <code>%s/</code>.</p>", name, rel);
        }
    }
    free(s);
    fputs("\n<figcaption>", f);
    put_html(f, caption);
    fprintf(f, " <span class=\"meta\">Script and data: <a href=\"%s/%s.gp\">%s/%s.gp</a>, "
               "<a href=\"%s/%s.dat\">%s.dat</a>.</span></figcaption>\n</figure>\n",
            rel, name, rel, name, rel, name, name);
    return inlined;
}

/* The "Plots" section of a report: every plot of ps, inlined.  Returns the
 * number of SVGs inlined (for the page's self-check). */
static int put_plots(FILE *f, const struct plotset *ps)
{
    fputs("<h2>Plots</h2>\n", f);
    int nsvg = 0;
    for (int i = 0; i < ps->n; i++)
        nsvg += put_figure(f, ps->pdir, "plots", ps->item[i].name, ps->item[i].caption,
                           ps->item[i].name);
    return nsvg;
}

static void put_key(FILE *f, const char *id, const char *label)
{
    fprintf(f, "<div><dt>%s</dt><dd><span id=\"%s\">", label, id);
}

/* The cells of a queue's row (group g of summary.json, or overall). */
static void put_queue_cells(FILE *f, const cJSON *g, double days)
{
    fputs("<td class=\"n\">", f);
    put_int(f, jnum(g, "arrivals.mean") / days);
    fputs("</td><td class=\"n\">", f);
    put_num(f, jnum(g, "wait_min.mean"), 2);
    put_pm(f, jnum(g, "wait_min.ci95"), 2);
    fputs("</td><td class=\"n\">", f);
    put_num(f, jnum(g, "wait_min.p95.mean"), 1);
    fputs("</td><td class=\"n\">", f);
    put_num(f, jnum(g, "wait_min.max.mean"), 1);
    fputs("</td><td class=\"n\">", f);
    put_num(f, 100 * jnum(g, "wait_min.share_over_60_min.mean"), 1);
    fputs("</td><td class=\"n\">", f);
    put_int(f, jnum(g, "forgone.mean") / days);
    fputs("</td><td class=\"n\">", f);
    put_num(f, 100 * jnum(g, "utilisation.mean"), 1);
    fputs("</td><td class=\"n\">", f);
    put_usd(f, jnum(g, "cost_usd.total.mean") / days);
    fputs("</td></tr>\n", f);
}

/* The key numbers and queue table of a run. */
static void report_run_body(FILE *f, const struct rundata *rd, const char *idp)
{
    const cJSON *s = rd->sum, *o = jat(s, "overall");
    double days = rd->days;
    fprintf(f, "<h2>Key numbers</h2>\n<p class=\"meta\">Means of %d replication%s over %d "
               "measured day%s; ± the half-width of the 95%% interval across replications.</p>\n"
               "<dl class=\"keys\">\n", rd->reps, rd->reps == 1 ? "" : "s", rd->days,
            rd->days == 1 ? "" : "s");
    char id[64];
    snprintf(id, sizeof id, "%swait", idp);
    put_key(f, id, "Mean wait, all crossers");
    put_num(f, jnum(o, "wait_min.mean"), 2);
    fputs("</span> <span class=\"unit\">min</span>", f);
    put_pm(f, jnum(o, "wait_min.ci95"), 2);
    fputs("</dd></div>\n", f);
    snprintf(id, sizeof id, "%sp95", idp);
    put_key(f, id, "95th-percentile wait");
    put_num(f, jnum(o, "wait_min.p95.mean"), 1);
    fputs("</span> <span class=\"unit\">min</span>", f);
    put_pm(f, jnum(o, "wait_min.p95.ci95"), 1);
    fputs("</dd></div>\n", f);
    snprintf(id, sizeof id, "%sover60", idp);
    put_key(f, id, "Share waiting over 1 hour");
    put_num(f, 100 * jnum(o, "wait_min.share_over_60_min.mean"), 1);
    fputs("</span> <span class=\"unit\">%</span>", f);
    put_pm(f, 100 * jnum(o, "wait_min.share_over_60_min.ci95"), 1);
    fputs("</dd></div>\n", f);
    snprintf(id, sizeof id, "%scrossers", idp);
    put_key(f, id, "Crossers per day");
    put_int(f, jnum(o, "arrivals.mean") / days);
    fputs("</span></dd></div>\n", f);
    snprintf(id, sizeof id, "%scost", idp);
    put_key(f, id, "Cost of waiting per day");
    put_usd(f, jnum(s, "cost_usd.per_day.mean"));
    fputs("</span>", f);
    put_pm_usd(f, jnum(s, "cost_usd.per_day.ci95"));
    fputs("</dd></div>\n", f);
    snprintf(id, sizeof id, "%sforgone", idp);
    put_key(f, id, "Forgone trips per day");
    put_int(f, jnum(o, "forgone.mean") / days);
    fputs("</span></dd></div>\n", f);
    if (cJSON_GetArraySize(jat(s, "lane_groups")) > 0) {
        snprintf(id, sizeof id, "%slanechanges", idp);
        put_key(f, id, "Lane changes per run");
        put_num(f, jnum(s, "lane_changes.mean"), 1);
        fputs("</span>", f);
        put_pm(f, jnum(s, "lane_changes.ci95"), 1);
        fputs("</dd></div>\n", f);
    }
    fputs("</dl>\n", f);

    fputs("<h2>By queue</h2>\n<table>\n<thead><tr><th>direction</th><th>mode</th>"
          "<th>programme</th><th>crossers / day</th><th>mean wait (min)</th>"
          "<th>p95 wait (min)</th><th>max wait (min)</th><th>over 1 h (%)</th>"
          "<th>forgone / day</th><th>utilisation (%)</th><th>cost / day (USD)</th></tr></thead>\n"
          "<tbody>\n", f);
    const cJSON *g;
    cJSON_ArrayForEach(g, jat(s, "groups")) {
        fputs("<tr><td>", f);
        put_html(f, jstr(g, "direction"));
        fputs("</td><td>", f);
        put_html(f, jstr(g, "mode"));
        fputs("</td><td>", f);
        put_html(f, jstr(g, "program"));
        fputs("</td>", f);
        put_queue_cells(f, g, days);
    }
    fputs("<tr><th colspan=\"3\">whole port</th>", f);
    put_queue_cells(f, o, days);
    fputs("</tbody>\n</table>\n", f);
}

static void put_list(FILE *f, const cJSON *arr, const char *head)
{
    if (cJSON_GetArraySize(arr) <= 0)
        return;
    fprintf(f, "<h2>%s</h2>\n<ul>\n", head);
    const cJSON *x;
    cJSON_ArrayForEach(x, arr)
        if (cJSON_IsString(x)) {
            fputs("<li>", f);
            put_html(f, x->valuestring);
            fputs("</li>\n", f);
        }
    fputs("</ul>\n", f);
}

static int report_run(const struct rundata *rd, const struct plotset *ps, const char *up,
                      struct err *e)
{
    struct text t;
    if (!text_open(&t))
        return err_set(e, EXIT_FAIL, "out of memory");
    FILE *f = t.f;
    const cJSON *s = rd->sum;
    char title[256];
    snprintf(title, sizeof title, "poesim run: %s", jstr(s, "scenario"));
    html_begin(f, title);
    if (up)
        fprintf(f, "<p class=\"meta\"><a href=\"../report.html\">← %s</a></p>\n", up);
    fputs("<h1>", f);
    put_html(f, jstr(s, "scenario"));
    fputs("</h1>\n<p class=\"sub\">", f);
    put_html(f, jstr(s, "title"));
    fputs("</p>\n<p class=\"meta\">Scenario file <code>", f);
    put_html(f, jstr(s, "file"));
    fprintf(f, "</code>; %d replication%s of %d measured day%s from a %s after %d warm-up "
               "day%s; seed %.0f; poesim ", rd->reps, rd->reps == 1 ? "" : "s", rd->days,
            rd->days == 1 ? "" : "s", jstr(s, "start"), jint(s, "warmup_days"),
            jnum(s, "warmup_days") == 1 ? "" : "s", jnum(s, "seed"));
    put_html(f, jstr(s, "poesim_version"));
    fputs(".</p>\n", f);
    report_run_body(f, rd, "k-");
    int nsvg = put_plots(f, ps);
    put_list(f, jat(s, "warnings"), "Warnings");
    put_list(f, jat(s, "sources"), "Sources");
    fputs("<h2>Files</h2>\n<p>Results: <a href=\"summary.json\">summary.json</a>, "
          "<a href=\"hourly.csv\">hourly.csv</a>", f);
    if (file_exists(rd->dir, "waits.csv"))
        fputs(", <a href=\"waits.csv\">waits.csv</a>", f);
    if (file_exists(rd->dir, "lanes.csv"))
        fputs(", <a href=\"lanes.csv\">lanes.csv</a>", f);
    fputs(". Each plot's gnuplot script and data are in <code>plots/</code>: edit a script and "
          "run <code>gnuplot NAME.gp</code> there to restyle it.</p>\n", f);
    html_end(f, nsvg);
    return text_save(&t, rd->dir, "report.html", e);
}

static int plots_mkdir(struct plotset *ps, const char *dir, struct err *e)
{
    memset(ps, 0, sizeof *ps);
    snprintf(ps->dir, sizeof ps->dir, "%s", dir);
    path_join(ps->pdir, dir, "plots");
    if (mkdir(ps->pdir, 0777) != 0 && errno != EEXIST)
        return err_set(e, EXIT_FAIL, "%s: cannot create: %s", ps->pdir, strerror(errno));
    return 0;
}

/* The plots and report of a run folder; up names the batch it belongs to. */
static int plot_run(const char *dir, const struct renderer *r, const char *up, struct err *e)
{
    struct rundata *rd = malloc(sizeof *rd);
    struct plotset *ps = malloc(sizeof *ps);
    int rc = -1;
    if (!rd || !ps) {
        free(rd);
        free(ps);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    if (run_load(rd, dir, e) != 0 || plots_mkdir(ps, dir, e) != 0)
        goto done;
    if (plot_hourly(rd, r, ps, HK_WAIT, e) != 0)
        goto done;
    if (file_exists(dir, "waits.csv") && plot_waits(rd, r, ps, e) != 0)
        goto done;
    if (plot_hourly(rd, r, ps, HK_QUEUE, e) != 0 || plot_hourly(rd, r, ps, HK_BOOTHS, e) != 0)
        goto done;
    if (file_exists(dir, "lanes.csv") && plot_lanes(rd, r, ps, e) != 0)
        goto done;
    if (plot_cost(rd, r, ps, e) != 0)
        goto done;
    rc = report_run(rd, ps, up, e);
done:
    rundata_free(rd);
    free(rd);
    free(ps);
    return rc;
}

/* --------------------------------------------------------------------------
 * A batch folder
 * ------------------------------------------------------------------------ */

struct batchdata {
    const char *dir;
    cJSON *cmp;
    int reps, days;
    size_t ns;
    const cJSON **scn;        /* scenarios[], the baseline first */
    struct grp g[GROUPS_MAX]; /* the queues of any scenario, then "all" */
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
    if (!(bd->cmp = json_load(dir, "comparison.json", e)))
        return -1;
    bd->reps = jint(bd->cmp, "replications");
    bd->days = jint(bd->cmp, "days");
    const cJSON *ss = jat(bd->cmp, "scenarios"), *s;
    int n = cJSON_GetArraySize(ss);
    if (n <= 0 || bd->days < 1)
        return err_set(e, EXIT_FAIL, "%s/comparison.json: no scenarios or days", dir);
    bd->scn = calloc((size_t)n, sizeof *bd->scn);
    if (!bd->scn)
        return err_set(e, EXIT_FAIL, "out of memory");
    cJSON_ArrayForEach(s, ss) {
        bd->scn[bd->ns++] = s;
        const cJSON *g;
        cJSON_ArrayForEach(g, jat(s, "groups"))
            if (grp_find(bd->g, &bd->ng, jstr(g, "direction"), jstr(g, "mode"),
                         jstr(g, "program")) < 0)
                return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, GROUPS_MAX);
    }
    if (grp_find(bd->g, &bd->ng, "all", "all", "all") < 0)
        return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, GROUPS_MAX);
    return 0;
}

/* Scenario s's entry for queue g ("overall" for the whole port), or NULL. */
static const cJSON *batch_entry(const cJSON *s, const struct grp *g)
{
    if (grp_all(g))
        return jat(s, "overall");
    const cJSON *x;
    cJSON_ArrayForEach(x, jat(s, "groups"))
        if (grp_is(g, jstr(x, "direction"), jstr(x, "mode"), jstr(x, "program")))
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
        w = strlen(jstr(bd->scn[s], "name")) > w ? strlen(jstr(bd->scn[s], "name")) : w;
    return (int)(w > 60 ? 60 : w) + 19;
}

/* Mean and p95 wait per queue, a bar per scenario with its 95% interval. */
static int plot_batch_wait(const struct batchdata *bd, const struct renderer *r,
                           struct plotset *ps, struct err *e)
{
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
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
        fprintf(d, " %zu=%s", s + 1, jstr(bd->scn[s], "name"));
    fputc('\n', d);
    double ymax[2] = { 0, 0 };
    for (size_t i = 0; i < bd->ng; i++) {
        grp_label(&bd->g[i], true, lab, sizeof lab);
        dat_q(d, lab);
        for (size_t s = 0; s < bd->ns; s++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            double v[4] = { jnum(x, "wait_min.mean"), jnum(x, "wait_min.ci95"),
                            jnum(x, "wait_p95_min.mean"), jnum(x, "wait_p95_min.ci95") };
            for (int k = 0; k < 4; k++)
                dat_num(d, v[k]);
            for (int k = 0; k < 2; k++) {
                double top = v[2 * k] + (isnan(v[2 * k + 1]) ? 0 : v[2 * k + 1]);
                if (top > ymax[k])
                    ymax[k] = top;
            }
        }
        fputc('\n', d);
    }
    gp_head(f, r, "batch_wait", "mean and 95th-percentile wait per queue, a bar per scenario",
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
    gp_loop(f, 2, 80);
    fprintf(f, "    set multiplot layout 2,1 title \"Waits by queue and scenario (bars: 95%% "
               "intervals)\\n%s\" font \",13\"\n", basis);
    static const char *const ptitle[2] = { "Mean wait", "95th-percentile wait" };
    static const char *const ylab[2] = { "mean wait (min)", "95th-percentile wait (min)" };
    for (int k = 0; k < 2; k++) {
        fprintf(f, "    set title \"%s\"\n    set ylabel \"%s\"\n    set yrange [0:%g]\n"
                   "    plot \\\n", ptitle[k], ylab[k], axis_max(ymax[k]));
        for (size_t s = 0; s < bd->ns; s++) {
            size_t col = 2 + 4 * s + 2 * (size_t)k;
            fprintf(f, "%s        '%s' using %zu:%zu%s lc rgb \"%s\" title ", s ? ", \\\n" : "",
                    s ? "" : "batch_wait.dat", col, col + 1, s ? "" : ":xtic(1)",
                    scn_colour(s));
            snprintf(lab, sizeof lab, "%s%s", jstr(bd->scn[s], "name"), s ? "" : " (baseline)");
            gp_q(f, lab);
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Mean and 95th-percentile wait per queue, one bar per scenario "
                              "(error bars: 95%% intervals; %s).", basis);
    return plot_emit(r, ps, "batch_wait", cap, &dat, &gp, e);
}

/* Paired differences from the baseline per queue, with their intervals. */
static int plot_batch_delta(const struct batchdata *bd, const struct renderer *r,
                            struct plotset *ps, struct err *e)
{
    if (bd->ns < 2)
        return 0;
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160], lab[64];
    batch_basis(bd, basis, sizeof basis);
    double cmax = 0;
    for (size_t s = 1; s < bd->ns; s++)
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            double v = fabs(jnum(x, "delta.cost_usd_per_day.mean"))
                     + fabs(jnum(x, "delta.cost_usd_per_day.ci95"));
            if (v > cmax)
                cmax = v;
        }
    const char *unit;
    double sc = usd_scale(cmax, &unit);
    fprintf(d, "# batch_delta.dat - paired differences proposal - baseline (%s) per queue,\n"
               "# from ../comparison.json (%s; paired-t 95%% half-widths).\n"
               "# Columns: x (queue position, offset per proposal)  d_mean_min  ci95  "
               "d_p95_min  ci95  d_cost_per_day (%s)  ci95\n"
               "# One block per proposal (gnuplot index 0, 1, ...); queues in the order of the "
               "x tics.\n", jstr(bd->scn[0], "name"), basis, unit);
    size_t np = bd->ns - 1;
    for (size_t s = 1; s < bd->ns; s++) {
        fprintf(d, "%s# index %zu: %s\n", s > 1 ? "\n\n" : "", s - 1, jstr(bd->scn[s], "name"));
        double off = np > 1 ? ((double)(s - 1) - (np - 1) / 2.0) * (0.6 / (double)np) : 0;
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            fprintf(d, "%g", (double)i + off);
            dat_num(d, jnum(x, "delta.wait_min.mean"));
            dat_num(d, jnum(x, "delta.wait_min.ci95"));
            dat_num(d, jnum(x, "delta.wait_p95_min.mean"));
            dat_num(d, jnum(x, "delta.wait_p95_min.ci95"));
            dat_num(d, jnum(x, "delta.cost_usd_per_day.mean") / sc);
            dat_num(d, jnum(x, "delta.cost_usd_per_day.ci95") / sc);
            fputc('\n', d);
        }
    }
    gp_head(f, r, "batch_delta", "paired differences from the baseline per queue, with 95% "
                                 "intervals", "../comparison.json");
    fprintf(f, "set xrange [-0.6:%g]\nset xtics (", (double)bd->ng - 0.4);
    for (size_t i = 0; i < bd->ng; i++) {
        grp_label(&bd->g[i], true, lab, sizeof lab);
        fprintf(f, "%s", i ? ", " : "");
        gp_q(f, lab);
        fprintf(f, " %zu", i);
    }
    fprintf(f, ") rotate by 25 right nomirror\n"
               "set grid noxtics ytics\n"
               "set xzeroaxis lt 1 lw 1.5 lc rgb \"#404040\"\n"
               "set key outside right top vertical Left reverse\n"
               "set lmargin 12\n"
               "set rmargin %d\n"
               "set bmargin 7\n", batch_key_margin(bd));
    gp_loop(f, 3, 40);
    fprintf(f, "    set multiplot layout 3,1 title \"Paired differences from the baseline %s "
               "(below zero: better)\\n%s; bars: paired 95%% intervals\" font \",13\"\n",
            jstr(bd->scn[0], "name"), basis);
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
                    2 + 2 * k, 3 + 2 * k, scn_colour(s));
            gp_q(f, jstr(bd->scn[s], "name"));
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Paired differences from the baseline %s per queue: mean wait, "
                              "95th-percentile wait and cost of waiting per day (error bars: "
                              "paired 95%% intervals; %s).", jstr(bd->scn[0], "name"), basis);
    return plot_emit(r, ps, "batch_delta", cap, &dat, &gp, e);
}

/* Annual savings (with interval) and annual cost per proposal with an
 * investment block, the benefit-cost ratio labelled. */
static int plot_benefit_cost(const struct batchdata *bd, const struct renderer *r,
                             struct plotset *ps, struct err *e)
{
    double vmax = 0;
    size_t nbc = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = jat(bd->scn[s], "benefit_cost");
        if (!cJSON_IsObject(bc))
            continue;
        nbc++;
        double sv = jnum(bc, "annual_savings_usd.mean")
                  + fmax(0, jnum(bc, "annual_savings_usd.ci95"));
        double v = fmax(sv, jnum(bc, "annual_cost_usd"));
        if (v > vmax)
            vmax = v;
    }
    if (nbc == 0)
        return 0;
    const char *unit;
    double sc = usd_scale(vmax, &unit);
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[160];
    batch_basis(bd, basis, sizeof basis);
    int year = jint(bd->scn[1], "benefit_cost.price_year");
    fprintf(d, "# benefit_cost.dat - per proposal with an investment block, from\n"
               "# ../comparison.json scenarios[].benefit_cost (%s), in %s of %d per year.\n"
               "# Columns: x  annual_savings  savings_ci95  annual_cost  label_y  colour  "
               "proposal  bcr_label\n", basis, unit, year);
    size_t k = 0;
    double top = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = jat(bd->scn[s], "benefit_cost");
        if (!cJSON_IsObject(bc))
            continue;
        double sv = jnum(bc, "annual_savings_usd.mean") / sc,
               ci = jnum(bc, "annual_savings_usd.ci95") / sc,
               co = jnum(bc, "annual_cost_usd") / sc;
        double ly = fmax(fmax(sv + (isnan(ci) ? 0 : ci), co), 0);
        if (ly > top)
            top = ly;
        char bl[96];
        double bcr = jnum(bc, "bcr.value"), lo = jnum(bc, "bcr.low"), hi = jnum(bc, "bcr.high");
        if (isnan(bcr))
            snprintf(bl, sizeof bl, "BCR –");
        else if (isnan(lo) || isnan(hi))
            snprintf(bl, sizeof bl, "BCR %.2f", bcr);
        else
            snprintf(bl, sizeof bl, "BCR %.2f [%.2f, %.2f]", bcr, lo, hi);
        unsigned rgb = (unsigned)strtoul(scn_colour(s) + 1, NULL, 16);
        fprintf(d, "%zu", k);
        dat_num(d, sv);
        dat_num(d, ci);
        dat_num(d, co);
        dat_num(d, ly);
        fprintf(d, " %u ", rgb);
        dat_q(d, jstr(bd->scn[s], "name"));
        fputc(' ', d);
        dat_q(d, bl);
        fputc('\n', d);
        k++;
    }
    double ymin = 0;
    for (size_t s = 1; s < bd->ns; s++) {
        const cJSON *bc = jat(bd->scn[s], "benefit_cost");
        double lo = (jnum(bc, "annual_savings_usd.mean")
                     - fmax(0, jnum(bc, "annual_savings_usd.ci95"))) / sc;
        if (cJSON_IsObject(bc) && lo < ymin)
            ymin = lo;
    }
    gp_head(f, r, "benefit_cost", "annual savings and annual cost per proposal, with the "
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
            unit, year, (double)k - 0.3, ymin < 0 ? -axis_max(-ymin) : 0, axis_max(top) * 1.15,
            basis);
    gp_loop(f, 1, 80);
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
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Benefit–cost per proposal with an investment: annual savings in "
                              "the "
                              "cost of waiting (solid, 95%% interval) against annual cost "
                              "(hatched), USD of %d; benefit–cost ratio with its interval (%s).",
             year, basis);
    return plot_emit(r, ps, "benefit_cost", cap, &dat, &gp, e);
}

static void put_swatch(FILE *f, size_t s)
{
    fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>", scn_colour(s));
}

static int report_batch(const struct batchdata *bd, const struct plotset *ps, struct err *e)
{
    struct text t;
    if (!text_open(&t))
        return err_set(e, EXIT_FAIL, "out of memory");
    FILE *f = t.f;
    const cJSON *c = bd->cmp;
    char title[256], basis[160];
    batch_basis(bd, basis, sizeof basis);
    snprintf(title, sizeof title, "poesim batch: %s", jstr(c, "baseline"));
    html_begin(f, title);
    fputs("<h1>Batch: ", f);
    put_html(f, jstr(c, "baseline"));
    fprintf(f, " and %zu proposal%s</h1>\n<p class=\"meta\">%s; seed %.0f; poesim ",
            bd->ns - 1, bd->ns == 2 ? "" : "s", basis, jnum(c, "seed"));
    put_html(f, jstr(c, "poesim_version"));
    fputs(". Differences are proposal − baseline, paired by replication, with paired-t 95% "
          "half-widths.</p>\n", f);

    fputs("<h2>Key numbers</h2>\n<dl class=\"keys\">\n", f);
    for (size_t s = 0; s < bd->ns; s++) {
        const cJSON *o = jat(bd->scn[s], "overall");
        char id[32];
        fputs("<div><dt>", f);
        put_swatch(f, s);
        put_html(f, jstr(bd->scn[s], "name"));
        fprintf(f, "%s: mean wait</dt><dd>", s ? "" : " (baseline)");
        snprintf(id, sizeof id, "k-%zu-wait", s);
        fprintf(f, "<span id=\"%s\">", id);
        put_num(f, jnum(o, "wait_min.mean"), 2);
        fputs("</span> <span class=\"unit\">min</span>", f);
        put_pm(f, jnum(o, "wait_min.ci95"), 2);
        if (s) {
            fprintf(f, "<br><span class=\"unit\">Δ <span id=\"k-%zu-delta\">", s);
            put_num(f, jnum(o, "delta.wait_min.mean"), 2);
            fputs("</span> min</span>", f);
            put_pm(f, jnum(o, "delta.wait_min.ci95"), 2);
        }
        fputs("</dd></div>\n", f);
    }
    fputs("</dl>\n", f);

    fputs("<h2>Comparison</h2>\n<table>\n<thead><tr><th>scenario</th><th>queue</th>"
          "<th>mean wait (min)</th><th>Δ mean wait (min)</th><th>p95 wait (min)</th>"
          "<th>Δ p95 wait (min)</th><th>cost / day (USD)</th><th>Δ cost / day (USD)</th>"
          "</tr></thead>\n<tbody>\n", f);
    for (size_t s = 0; s < bd->ns; s++)
        for (size_t i = 0; i < bd->ng; i++) {
            const cJSON *x = batch_entry(bd->scn[s], &bd->g[i]);
            if (!x)
                continue;
            char lab[64];
            grp_label(&bd->g[i], true, lab, sizeof lab);
            fprintf(f, "<tr%s><td>", grp_all(&bd->g[i]) ? " style=\"font-weight:600\"" : "");
            put_swatch(f, s);
            put_html(f, jstr(bd->scn[s], "name"));
            fputs("</td><td>", f);
            put_html(f, lab);
            fputs("</td><td class=\"n\">", f);
            put_num(f, jnum(x, "wait_min.mean"), 2);
            put_pm(f, jnum(x, "wait_min.ci95"), 2);
            fputs("</td><td class=\"n\">", f);
            if (s) {
                put_num(f, jnum(x, "delta.wait_min.mean"), 2);
                put_pm(f, jnum(x, "delta.wait_min.ci95"), 2);
            }
            fputs("</td><td class=\"n\">", f);
            put_num(f, jnum(x, "wait_p95_min.mean"), 1);
            put_pm(f, jnum(x, "wait_p95_min.ci95"), 1);
            fputs("</td><td class=\"n\">", f);
            if (s) {
                put_num(f, jnum(x, "delta.wait_p95_min.mean"), 1);
                put_pm(f, jnum(x, "delta.wait_p95_min.ci95"), 1);
            }
            fputs("</td><td class=\"n\">", f);
            put_usd(f, jnum(x, "cost_usd_per_day.mean"));
            put_pm_usd(f, jnum(x, "cost_usd_per_day.ci95"));
            fputs("</td><td class=\"n\">", f);
            if (s) {
                put_usd(f, jnum(x, "delta.cost_usd_per_day.mean"));
                put_pm_usd(f, jnum(x, "delta.cost_usd_per_day.ci95"));
            }
            fputs("</td></tr>\n", f);
        }
    fputs("</tbody>\n</table>\n", f);

    bool any_bc = false;
    for (size_t s = 1; s < bd->ns; s++)
        any_bc |= cJSON_IsObject(jat(bd->scn[s], "benefit_cost"));
    if (any_bc) {
        fputs("<h2>Benefit–cost</h2>\n<table>\n<thead><tr><th>proposal</th>"
              "<th>annual cost (USD)</th><th>savings / day (USD)</th>"
              "<th>annual savings (USD)</th><th>life (years)</th><th>discount rate</th>"
              "<th>NPV (USD)</th><th>benefit–cost ratio [95% interval]</th></tr></thead>\n"
              "<tbody>\n", f);
        for (size_t s = 1; s < bd->ns; s++) {
            const cJSON *bc = jat(bd->scn[s], "benefit_cost");
            if (!cJSON_IsObject(bc))
                continue;
            fputs("<tr><td>", f);
            put_swatch(f, s);
            put_html(f, jstr(bd->scn[s], "name"));
            fputs("</td><td class=\"n\">", f);
            put_usd(f, jnum(bc, "annual_cost_usd"));
            fputs("</td><td class=\"n\">", f);
            put_usd(f, jnum(bc, "savings_usd_per_day.mean"));
            put_pm_usd(f, jnum(bc, "savings_usd_per_day.ci95"));
            fputs("</td><td class=\"n\">", f);
            put_usd(f, jnum(bc, "annual_savings_usd.mean"));
            put_pm_usd(f, jnum(bc, "annual_savings_usd.ci95"));
            fputs("</td><td class=\"n\">", f);
            put_num(f, jnum(bc, "life_years"), 0);
            fputs("</td><td class=\"n\">", f);
            put_num(f, 100 * jnum(bc, "discount_rate"), 1);
            fputs("%</td><td class=\"n\">", f);
            put_usd(f, jnum(bc, "npv_usd.mean"));
            put_pm_usd(f, jnum(bc, "npv_usd.ci95"));
            fprintf(f, "</td><td class=\"n\"><span id=\"k-%zu-bcr\">", s);
            put_num(f, jnum(bc, "bcr.value"), 2);
            fputs("</span> [", f);
            put_num(f, jnum(bc, "bcr.low"), 2);
            fputs(", ", f);
            put_num(f, jnum(bc, "bcr.high"), 2);
            fputs("]</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
    }

    int nsvg = put_plots(f, ps);

    fputs("<h2>Scenarios</h2>\n<p>Each scenario's own report has its key numbers, queue table "
          "and every run plot.</p>\n", f);
    for (size_t s = 0; s < bd->ns; s++) {
        const char *name = jstr(bd->scn[s], "name");
        char sub[PATH_LEN], spdir[PATH_LEN];
        path_join(sub, bd->dir, name);
        path_join(spdir, sub, "plots");
        fputs("<h3>", f);
        put_swatch(f, s);
        put_html(f, name);
        fprintf(f, "%s</h3>\n<p class=\"meta\">", s ? "" : " (baseline)");
        put_html(f, jstr(bd->scn[s], "title"));
        fputs(" — <a href=\"", f);
        put_html(f, name);
        fputs("/report.html\">full report</a></p>\n", f);
        char rel[PATH_LEN], pre[64], cap[512];
        pathf(rel, "%s/plots", name);
        snprintf(pre, sizeof pre, "s%zu-wait_by_hour", s);
        snprintf(cap, sizeof cap, "%s: mean wait by hour of day, per queue (95%% band).", name);
        if (file_exists(spdir, "wait_by_hour.gp"))
            nsvg += put_figure(f, spdir, rel, "wait_by_hour", cap, pre);
    }
    fputs("<h2>Files</h2>\n<p><a href=\"comparison.csv\">comparison.csv</a>, "
          "<a href=\"comparison.json\">comparison.json</a>, "
          "<a href=\"benefit_cost.csv\">benefit_cost.csv</a>; each plot's gnuplot script and "
          "data in <code>plots/</code>.</p>\n", f);
    html_end(f, nsvg);
    return text_save(&t, bd->dir, "report.html", e);
}

static int plot_batch(const char *dir, const struct renderer *r, struct err *e)
{
    struct batchdata bd;
    struct plotset *ps = malloc(sizeof *ps);
    int rc = -1;
    if (!ps)
        return err_set(e, EXIT_FAIL, "out of memory");
    if (batch_load(&bd, dir, e) != 0 || plots_mkdir(ps, dir, e) != 0)
        goto done;
    char up[300];
    snprintf(up, sizeof up, "batch %s", jstr(bd.cmp, "baseline"));
    for (size_t s = 0; s < bd.ns; s++) {
        char sub[PATH_LEN];
        path_join(sub, dir, jstr(bd.scn[s], "name"));
        if (file_exists(sub, "summary.json") && file_exists(sub, "hourly.csv")
            && plot_run(sub, r, up, e) != 0)
            goto done;
    }
    if (plot_batch_wait(&bd, r, ps, e) != 0 || plot_batch_delta(&bd, r, ps, e) != 0
        || plot_benefit_cost(&bd, r, ps, e) != 0)
        goto done;
    rc = report_batch(&bd, ps, e);
done:
    batchdata_free(&bd);
    free(ps);
    return rc;
}

/* --------------------------------------------------------------------------
 * A sweep folder
 * ------------------------------------------------------------------------ */

struct sweepdata {
    const char *dir;
    struct csv c;
    size_t npath;            /* swept paths: the columns before "scenario" */
    int reps;
    size_t npt;              /* grid points, in order */
    size_t *ptrow;           /* a row of each point (for its values and name) */
    size_t *vidx;            /* npt x npath: index of the point's value of each path */
    const char ***vals;      /* per path: its distinct values, in order */
    size_t *nval;
    bool *numeric;           /* per path: every value a number */
    struct grp g[GROUPS_MAX];
    size_t ng;
    double *m, *h, *p, *ph;  /* npt x ng: mean wait, ci, p95, ci (NaN: none) */
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
    free(sd->arow);
    csv_free(&sd->c);
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s)
        return false;
    strtod(s, &end);
    return *end == '\0';
}

static int sweep_load(struct sweepdata *sd, const char *dir, struct err *e)
{
    memset(sd, 0, sizeof *sd);
    sd->dir = dir;
    if (csv_load(dir, "sweep.csv", &sd->c, e) != 0)
        return -1;
    struct csv *c = &sd->c;
    int cs = csv_col(c, "scenario"), cdir = csv_col(c, "direction"), cmode = csv_col(c, "mode"),
        cprog = csv_col(c, "program"), cw = csv_col(c, "wait_mean_min"),
        ch = csv_col(c, "wait_ci95_min"), cp = csv_col(c, "wait_p95_min"),
        cph = csv_col(c, "wait_p95_ci95_min"), cr = csv_col(c, "replications");
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
        const char *name = csv_str(c, r, cs);
        size_t i = sd->npt;
        if (i > 0 && strcmp(csv_str(c, sd->ptrow[i - 1], cs), name) == 0)
            i--;
        else
            for (size_t j = 0; j < sd->npt; j++)
                if (strcmp(csv_str(c, sd->ptrow[j], cs), name) == 0) {
                    i = j;
                    break;
                }
        if (i == sd->npt) {
            sd->ptrow[sd->npt++] = r;
            for (size_t k = 0; k < np; k++) {
                const char *v = csv_str(c, r, (int)k);
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
        gi[r] = grp_find(sd->g, &sd->ng, csv_str(c, r, cdir), csv_str(c, r, cmode),
                         csv_str(c, r, cprog));
        if (gi[r] < 0) {
            free(pt);
            free(gi);
            return err_set(e, EXIT_FAIL, "%s: more than %d queues", dir, GROUPS_MAX);
        }
        if (cr >= 0 && sd->reps == 0)
            sd->reps = (int)fmax(0, fmin(1e9, csv_num(c, r, cr)));
    }
    /* The port as a whole last, whatever its rows' place. */
    for (size_t i = 0; i + 1 < sd->ng; i++)
        if (grp_all(&sd->g[i])) {
            struct grp a = sd->g[i];
            memmove(&sd->g[i], &sd->g[i + 1], (sd->ng - i - 1) * sizeof a);
            sd->g[sd->ng - 1] = a;
            for (size_t r = 1; r <= nr; r++)
                gi[r] = gi[r] == (int)i ? (int)sd->ng - 1 : gi[r] > (int)i ? gi[r] - 1 : gi[r];
            break;
        }
    size_t cells = sd->npt * sd->ng + 1;
    sd->m = malloc(cells * sizeof *sd->m);
    sd->h = malloc(cells * sizeof *sd->h);
    sd->p = malloc(cells * sizeof *sd->p);
    sd->ph = malloc(cells * sizeof *sd->ph);
    sd->arow = calloc(sd->npt + 1, sizeof *sd->arow);
    if (!sd->m || !sd->h || !sd->p || !sd->ph || !sd->arow)
        goto oom;
    for (size_t i = 0; i < cells; i++)
        sd->m[i] = sd->h[i] = sd->p[i] = sd->ph[i] = NAN;
    for (size_t r = 1; r <= nr; r++) {
        size_t at = (size_t)pt[r] * sd->ng + (size_t)gi[r];
        sd->m[at] = csv_num(c, r, cw);
        sd->h[at] = csv_num(c, r, ch);
        sd->p[at] = csv_num(c, r, cp);
        sd->ph[at] = csv_num(c, r, cph);
        if (grp_all(&sd->g[gi[r]]))
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
        gp_q(f, buf);
    } else {
        gp_q(f, v);
    }
}

/* x of value m of path k: the number itself, or its position. */
static double sweep_x(const struct sweepdata *sd, size_t k, size_t m)
{
    return sd->numeric[k] ? strtod(sd->vals[k][m], NULL) : (double)m;
}

/* A line per queue of mean and p95 wait along path k (averaged over the
 * other paths' values when there are several). */
static int plot_sweep_path(const struct sweepdata *sd, size_t k, const struct renderer *r,
                           struct plotset *ps, struct err *e)
{
    char name[32];
    snprintf(name, sizeof name, "sweep_%zu", k + 1);
    const char *path = csv_str(&sd->c, 0, (int)k);
    bool one = sd->npath == 1;
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0)
        return -1;
    FILE *d = dat.f, *f = gp.f;
    char basis[200], lab[64];
    if (one)
        snprintf(basis, sizeof basis, "mean of %d replications per point; bars: 95%% intervals",
                 sd->reps);
    else
        snprintf(basis, sizeof basis, "%d replications per point, averaged over the other "
                                      "swept values; no interval drawn", sd->reps);
    fprintf(d, "# %s.dat - wait along the swept path %s, from ../sweep.csv\n# (%s).\n"
               "# Columns: x (%s)  wait_mean_min  ci95  wait_p95_min  ci95\n"
               "# One block per queue (gnuplot index 0, 1, ...).\n", name, path, basis,
            sd->numeric[k] ? "the value" : "the value's position; see the script's x tics");
    double ymax[2] = { 0, 0 };
    for (size_t i = 0; i < sd->ng; i++) {
        grp_label(&sd->g[i], true, lab, sizeof lab);
        fprintf(d, "%s# index %zu: %s\n", i ? "\n\n" : "", i, lab);
        for (size_t m = 0; m < sd->nval[k]; m++) {
            double s[4] = { 0 };
            int n[4] = { 0 };
            for (size_t pt = 0; pt < sd->npt; pt++) {
                if (sd->vidx[pt * sd->npath + k] != m)
                    continue;
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
                dat_num(d, (q % 2 == 1 && !one) ? NAN : v);
            }
            fputc('\n', d);
            for (int q = 0; q < 2; q++) {
                double top = (n[2 * q] ? s[2 * q] / n[2 * q] : 0)
                           + (one && n[2 * q + 1] ? s[2 * q + 1] / n[2 * q + 1] : 0);
                if (top > ymax[q])
                    ymax[q] = top;
            }
        }
    }
    gp_head(f, r, name, "mean and p95 wait along a swept path, a line per queue",
            "../sweep.csv");
    fprintf(f, "set xlabel ");
    gp_q(f, path);
    fprintf(f, "\n");
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
    fprintf(f, "set key outside right top vertical Left reverse samplen 3\n"
               "set lmargin 10\n"
               "set rmargin 30\n"
               "set xtics nomirror\n");
    gp_loop(f, 2, 0);
    fprintf(f, "    set multiplot layout 2,1 title \"Wait along ");
    gp_qs(f, path);
    fprintf(f, "\\n%s\" font \",13\"\n", basis);
    static const char *const ylab[2] = { "mean wait (min)", "95th-percentile wait (min)" };
    static const char *const pt[2] = { "Mean wait", "95th-percentile wait" };
    for (int q = 0; q < 2; q++) {
        fprintf(f, "    set title \"%s\"\n    set ylabel \"%s\"\n    set yrange [0:%g]\n"
                   "    plot \\\n", pt[q], ylab[q], axis_max(ymax[q]));
        /* The whole port first (under the queues' lines), and not at all
         * when it is the only queue again. */
        bool first = true;
        for (size_t j = 0; j < sd->ng; j++) {
            size_t i = (j + sd->ng - 1) % sd->ng;
            if (grp_all(&sd->g[i]) && sd->ng <= 2)
                continue;
            grp_label(&sd->g[i], true, lab, sizeof lab);
            if (one)
                fprintf(f, "%s        '%s.dat' index %zu using 1:%d:%d with yerrorlines ",
                        first ? "" : ", \\\n", name, i, 2 + 2 * q, 3 + 2 * q);
            else
                fprintf(f, "%s        '%s.dat' index %zu using 1:%d with linespoints ",
                        first ? "" : ", \\\n", name, i, 2 + 2 * q);
            first = false;
            gp_grp_style(f, &sd->g[i], true);
            fprintf(f, " title ");
            gp_q(f, lab);
        }
        fprintf(f, "\n");
    }
    fprintf(f, "    unset multiplot\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Mean and 95th-percentile wait along %s, a line per queue (%s).",
             path, basis);
    return plot_emit(r, ps, name, cap, &dat, &gp, e);
}

/* A heat map of the whole port's mean wait over the first two swept paths
 * (averaged over the others' values when there are more). */
static int plot_sweep_heatmap(const struct sweepdata *sd, const struct renderer *r,
                              struct plotset *ps, struct err *e)
{
    if (sd->npath < 2 || sd->ng == 0 || !grp_all(&sd->g[sd->ng - 1]))
        return 0;
    size_t n0 = sd->nval[0], n1 = sd->nval[1], ia = sd->ng - 1;
    double *z = calloc(n0 * n1, sizeof *z);
    int *cnt = calloc(n0 * n1, sizeof *cnt);
    if (!z || !cnt) {
        free(z);
        free(cnt);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    for (size_t pt = 0; pt < sd->npt; pt++) {
        double v = sd->m[pt * sd->ng + ia];
        size_t at = sd->vidx[pt * sd->npath] * n1 + sd->vidx[pt * sd->npath + 1];
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
    struct text dat, gp;
    if (texts_open(&dat, &gp, e) != 0) {
        free(z);
        return -1;
    }
    FILE *d = dat.f, *f = gp.f;
    const char *p0 = csv_str(&sd->c, 0, 0), *p1 = csv_str(&sd->c, 0, 1);
    char basis[200];
    snprintf(basis, sizeof basis, "mean of %d replications per point%s; no interval drawn "
                                  "(see sweep.csv)", sd->reps,
             sd->npath > 2 ? ", averaged over the other swept values" : "");
    fprintf(d, "# sweep_heatmap.dat - mean wait of the whole port (min) over the grid of\n"
               "# %s (i) and %s (j), from ../sweep.csv (%s).\n"
               "# Columns: i  j  wait_mean_min (i, j: positions of the values; see the "
               "script's tics)\n", p0, p1, basis);
    for (size_t i = 0; i < n0; i++) {
        for (size_t j = 0; j < n1; j++) {
            fprintf(d, "%zu %zu", i, j);
            dat_num(d, z[i * n1 + j]);
            fputc('\n', d);
        }
        fputc('\n', d);
    }
    free(z);
    gp_head(f, r, "sweep_heatmap", "mean wait of the whole port over two swept paths",
            "../sweep.csv");
    fprintf(f, "set xlabel ");
    gp_q(f, p0);
    fprintf(f, "\nset ylabel ");
    gp_q(f, p1);
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
               "replications per point; no interval drawn (see sweep.csv)\" font \",13\"\n",
            axis_max(zmax), sd->npath > 2 ? ", averaged over the other swept values" : "",
            sd->reps);
    gp_loop(f, 1, 170);
    fprintf(f, "    plot 'sweep_heatmap.dat' using 1:2:3 with image pixels notitle");
    if (n0 * n1 <= 200)
        fprintf(f, ", \\\n         '' using 1:2:(sprintf(\"%%.2f\", $3)) with labels boxed "
                   "font \",10\" notitle");
    fprintf(f, "\n");
    gp_end(f);
    char cap[512];
    snprintf(cap, sizeof cap, "Mean wait of the whole port (minutes) over the grid of %s and %s "
                              "(%s).", p0, p1, basis);
    return plot_emit(r, ps, "sweep_heatmap", cap, &dat, &gp, e);
}

static int report_sweep(const struct sweepdata *sd, const struct plotset *ps, struct err *e)
{
    struct text t;
    if (!text_open(&t))
        return err_set(e, EXIT_FAIL, "out of memory");
    FILE *f = t.f;
    const struct csv *c = &sd->c;
    int cs = csv_col(c, "scenario"), ch = csv_col(c, "wait_ci95_min"),
        cw = csv_col(c, "wait_mean_min"), cd = csv_col(c, "delta_wait_min"),
        cdh = csv_col(c, "delta_ci95_min"), cp = csv_col(c, "wait_p95_min"),
        cc = csv_col(c, "cost_usd_per_day");
    html_begin(f, "poesim sweep");
    fprintf(f, "<h1>Sweep over %zu point%s</h1>\n<p class=\"meta\">%d replications per point, "
               "common random numbers; differences are paired against the scenario as written, "
               "with paired-t 95%% half-widths.</p>\n", sd->npt, sd->npt == 1 ? "" : "s",
            sd->reps);
    size_t best = 0;
    bool have = false;
    for (size_t pt = 0; pt < sd->npt; pt++) {
        double v = sd->arow[pt] ? csv_num(c, sd->arow[pt], cw) : NAN;
        if (!isnan(v) && (!have || v < csv_num(c, sd->arow[best], cw))) {
            best = pt;
            have = true;
        }
    }
    fputs("<h2>Key numbers</h2>\n<dl class=\"keys\">\n", f);
    fprintf(f, "<div><dt>Grid points</dt><dd><span id=\"k-points\">%zu</span></dd></div>\n",
            sd->npt);
    if (have) {
        size_t row = sd->arow[best];
        fputs("<div><dt>Lowest mean wait, whole port</dt><dd><span id=\"k-best-wait\">", f);
        put_num(f, csv_num(c, row, cw), 2);
        fputs("</span> <span class=\"unit\">min</span>", f);
        put_pm(f, csv_num(c, row, ch), 2);
        fputs("<br><span class=\"unit\">at ", f);
        for (size_t k = 0; k < sd->npath; k++) {
            fputs(k ? ", " : "", f);
            put_html(f, csv_str(c, 0, (int)k));
            fputs(" = ", f);
            put_html(f, csv_str(c, row, (int)k));
        }
        fputs("</span></dd></div>\n", f);
    }
    fputs("</dl>\n<h2>Grid points (whole port)</h2>\n<table>\n<thead><tr>", f);
    for (size_t k = 0; k < sd->npath; k++) {
        fputs("<th>", f);
        put_html(f, csv_str(c, 0, (int)k));
        fputs("</th>", f);
    }
    fputs("<th>point</th><th>mean wait (min)</th><th>Δ mean wait (min)</th>"
          "<th>p95 wait (min)</th><th>cost / day (USD)</th></tr></thead>\n<tbody>\n", f);
    for (size_t pt = 0; pt < sd->npt; pt++) {
        size_t row = sd->arow[pt];
        if (!row)
            continue;
        fputs("<tr>", f);
        for (size_t k = 0; k < sd->npath; k++) {
            fputs("<td class=\"n\">", f);
            put_html(f, csv_str(c, row, (int)k));
            fputs("</td>", f);
        }
        fputs("<td>", f);
        put_html(f, csv_str(c, row, cs));
        fputs("</td><td class=\"n\">", f);
        put_num(f, csv_num(c, row, cw), 2);
        put_pm(f, csv_num(c, row, ch), 2);
        fputs("</td><td class=\"n\">", f);
        put_num(f, csv_num(c, row, cd), 2);
        put_pm(f, csv_num(c, row, cdh), 2);
        fputs("</td><td class=\"n\">", f);
        put_num(f, csv_num(c, row, cp), 1);
        fputs("</td><td class=\"n\">", f);
        put_usd(f, csv_num(c, row, cc));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    int nsvg = put_plots(f, ps);
    fputs("<h2>Files</h2>\n<p><a href=\"sweep.csv\">sweep.csv</a> has every queue of every "
          "point; each plot's gnuplot script and data are in <code>plots/</code>.</p>\n", f);
    html_end(f, nsvg);
    return text_save(&t, sd->dir, "report.html", e);
}

/* Paths beyond this many get no line plot of their own (the table and
 * sweep.csv still have them). */
#define SWEEP_PATH_PLOTS_MAX 6

static int plot_sweep(const char *dir, const struct renderer *r, struct err *e)
{
    struct sweepdata sd;
    struct plotset *ps = malloc(sizeof *ps);
    int rc = -1;
    if (!ps)
        return err_set(e, EXIT_FAIL, "out of memory");
    if (sweep_load(&sd, dir, e) != 0 || plots_mkdir(ps, dir, e) != 0)
        goto done;
    if (plot_sweep_heatmap(&sd, r, ps, e) != 0)
        goto done;
    for (size_t k = 0; k < sd.npath && k < SWEEP_PATH_PLOTS_MAX; k++)
        if (plot_sweep_path(&sd, k, r, ps, e) != 0)
            goto done;
    rc = report_sweep(&sd, ps, e);
done:
    sweep_free(&sd);
    free(ps);
    return rc;
}

/* --------------------------------------------------------------------------
 * The entry points
 * ------------------------------------------------------------------------ */

int plot_dir(const char *dir, const struct plot_opts *o, struct err *e)
{
    struct stat st;
    if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return err_set(e, EXIT_USAGE, "%s: no such folder", dir ? dir : "(null)");
    if (strlen(dir) > DIR_LEN_MAX)
        return err_set(e, EXIT_USAGE, "%.60s...: path too long", dir);
    enum { RUN, BATCH, SWEEP } kind;
    if (file_exists(dir, "comparison.json"))
        kind = BATCH;
    else if (file_exists(dir, "sweep.csv"))
        kind = SWEEP;
    else if (file_exists(dir, "summary.json") && file_exists(dir, "hourly.csv"))
        kind = RUN;
    else
        return err_set(e, EXIT_USAGE, "%s: not a poesim output folder (expected summary.json "
                                      "and hourly.csv, comparison.json or sweep.csv)", dir);
    struct renderer *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(e, EXIT_FAIL, "out of memory");
    r->formats = o && o->formats ? o->formats & (PLOT_PNG | PLOT_SVG | PLOT_PDF)
                                 : PLOT_FORMATS_DEFAULT;
    r->quiet = o && o->quiet;
    r->have_gp = find_gnuplot(r->gnuplot);
    if (!r->have_gp && !r->quiet)
        fprintf(stderr, "poesim: warning: gnuplot not found on PATH: plots not drawn; their "
                        "scripts and data are in the plots/ folders of %s (install gnuplot, then "
                        "run 'poesim plot %s')\n", dir, dir);
    int rc = kind == BATCH ? plot_batch(dir, r, e)
           : kind == SWEEP ? plot_sweep(dir, r, e)
                           : plot_run(dir, r, NULL, e);
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
