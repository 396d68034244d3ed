/*
 * test_plot.c - plots drawn by gnuplot and report.html, on real outputs.
 *
 * The group setup runs ./poesim (with --no-plots) into a temporary folder: a
 * run of the contract port, a run of the Otay Mesa flex scenario starting on
 * a Saturday (so its truck lanes take cars in the measured days), a batch of
 * the Otay Mesa proposals (two with an investment block), a two-path and a
 * one-path sweep.  Then plot_dir renders each, and the tests check:
 *
 *   - every plot type exists with its .gp and .dat beside it, gnuplot exited
 *     0 (plot_dir returned 0), each PNG has the PNG signature, an IHDR of the
 *     drawn size and an IEND, and is larger than 2 KB; each SVG is
 *     well-nested XML with an <svg> root, paths and text, larger than 4 KB;
 *   - report.html has the key numbers formatted as summary.json's, inline
 *     SVG plots, a print style sheet, and fetches nothing;
 *   - PDF when asked (and only the formats asked remain);
 *   - gnuplot missing: 0, one warning line, scripts, data and report written,
 *     no image; gnuplot failing: EXIT_FAIL with its stderr in the message;
 *   - temporaries a killed plotting process left (in the folder and in
 *     plots/) are gone after the next rendering;
 *   - a folder that is not an output folder: EXIT_USAGE;
 *   - plot_parse_formats on good and bad lists.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "plot.h"
#include "testutil.h"

static char root[] = "/tmp/poesim-plot-XXXXXX";

/* Thresholds of "non-trivial": a 1000-pixel plot with axes, text and lines
 * is tens of kilobytes; an empty or failed one is a few hundred bytes. */
#define PNG_MIN_BYTES 2048
#define SVG_MIN_BYTES 4096

/* ./poesim ARGS --no-plots --quiet ($POESIM instead of ./poesim when set,
 * as make sanitize does); the flag is dropped if this poesim does not know
 * it yet.  Fails the setup on error. */
static int poesim(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int poesim(const char *fmt, ...)
{
    char args[1024], cmd[1400];
    const char *bin = getenv("POESIM") ? getenv("POESIM") : "./poesim";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "%.200s %s --quiet --no-plots 2>/dev/null", bin, args);
    if (system(cmd) == 0)
        return 0;
    snprintf(cmd, sizeof cmd, "%.200s %s --quiet", bin, args);
    if (system(cmd) != 0) {
        fprintf(stderr, "setup failed: %s\n", cmd);
        return -1;
    }
    return 0;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(root))
        return -1;
    if (poesim("run tests/contract/port.json --reps 2 --days 2 --out %s/run", root)
        || poesim("run scenarios/otay_mesa_flex.json --set run.start=sat --reps 2 --days 2 "
                  "--out %s/flex", root)
        || poesim("batch scenarios/otay_mesa_commercial.json "
                  "scenarios/otay_mesa_extended_hours.json scenarios/otay_mesa_fast40.json "
                  "--reps 3 --days 2 --out %s/batch", root)
        || poesim("sweep tests/contract/mmc.json --set 'lanes[general].lanes=5:7:1' "
                  "--set 'service[\"pov.general\"].mean_s=50,60' --reps 2 --days 1 --out %s/sweep",
                  root)
        || poesim("sweep tests/contract/mmc.json --set 'lanes[general].lanes=5,6,8' "
                  "--reps 2 --days 1 --out %s/sweep1", root))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* A PNG: signature, IHDR first with a plausible size, IEND last. */
static void check_png(const char *path)
{
    size_t n = 0;
    unsigned char *b = (unsigned char *)slurp(path, &n);
    if (!b) {
        fail_msg("%s: missing", path);
        return;
    }
    if (n < PNG_MIN_BYTES)
        fail_msg("%s: %zu bytes, expected a plot of at least %d", path, n, PNG_MIN_BYTES);
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    if (memcmp(b, sig, 8) != 0)
        fail_msg("%s: no PNG signature", path);
    if (be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
        fail_msg("%s: no IHDR chunk first", path);
    unsigned w = be32(b + 16), h = be32(b + 20);
    if (w < 400 || w > 4000 || h < 200 || h > 6000)
        fail_msg("%s: implausible size %ux%u", path, w, h);
    if (memcmp(b + n - 8, "IEND", 4) != 0)
        fail_msg("%s: no IEND chunk last (truncated?)", path);
    free(b);
}

/* XML-ish: tags well nested, the root element <svg>; returns the number of
 * elements named name1 and name2. */
static void check_svg(const char *path, int *npath, int *ntext)
{
    size_t n = 0;
    char *s = slurp(path, &n);
    if (!s) {
        fail_msg("%s: missing", path);
        return;
    }
    if (n < SVG_MIN_BYTES)
        fail_msg("%s: %zu bytes, expected a plot of at least %d", path, n, SVG_MIN_BYTES);
    enum { DEPTH = 64 };
    char stack[DEPTH][32];
    int depth = 0, elements = 0;
    *npath = *ntext = 0;
    for (const char *p = s; (p = strchr(p, '<')) != NULL;) {
        if (!strncmp(p, "<?", 2)) {
            p = strstr(p, "?>");
        } else if (!strncmp(p, "<!--", 4)) {
            p = strstr(p, "-->");
        } else if (!strncmp(p, "<![CDATA[", 9)) {
            p = strstr(p, "]]>");
        } else if (p[1] == '!') {
            p = strchr(p, '>');
        } else {
            bool closing = p[1] == '/';
            const char *q = p + 1 + closing;
            char name[32];
            size_t k = 0;
            while (*q && !strchr(" \t\r\n/>", *q) && k < sizeof name - 1)
                name[k++] = *q++;
            name[k] = '\0';
            char quote = 0;       /* to the tag's end, past quoted values */
            while (*q && (quote || *q != '>')) {
                if (quote && *q == quote)
                    quote = 0;
                else if (!quote && (*q == '"' || *q == '\''))
                    quote = *q;
                q++;
            }
            if (!*q)
                fail_msg("%s: unterminated tag <%s", path, name);
            bool empty = q[-1] == '/';
            if (closing) {
                if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                    fail_msg("%s: </%s> closes <%s>", path, name,
                             depth ? stack[depth - 1] : "(nothing)");
                depth--;
            } else {
                if (elements++ == 0 && strcmp(name, "svg") != 0)
                    fail_msg("%s: root element <%s>, expected <svg>", path, name);
                *npath += !strcmp(name, "path");
                *ntext += !strcmp(name, "text");
                if (!empty) {
                    if (depth == DEPTH)
                        fail_msg("%s: nesting deeper than %d", path, DEPTH);
                    snprintf(stack[depth++], sizeof stack[0], "%s", name);
                }
            }
            p = q;
        }
        if (!p) {
            fail_msg("%s: unterminated markup", path);
            break;
        }
    }
    if (depth != 0 || elements == 0)
        fail_msg("%s: %d unclosed elements (of %d)", path, depth, elements);
    free(s);
}

enum { PNG = 1, SVG = 2, PDF = 4 };

/* Plot name of folder dir (…/plots/name.*): its script and data, and an
 * image of each format in fmts and none of the others. */
static void check_plot(const char *dir, const char *name, unsigned fmts)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/plots/%s.gp", dir, name);
    char *gp = slurp(p, NULL);
    if (!gp)
        fail_msg("%s: missing", p);
    if (!strstr(gp, "set output") || !strstr(gp, ".dat'"))
        fail_msg("%s: not a plotting script of its .dat", p);
    free(gp);
    snprintf(p, sizeof p, "%s/plots/%s.dat", dir, name);
    size_t n;
    char *dat = slurp(p, &n);
    if (!dat || n < 50 || dat[0] != '#')
        fail_msg("%s: missing or without its comment header", p);
    free(dat);
    snprintf(p, sizeof p, "%s/plots/%s.png", dir, name);
    if (fmts & PNG)
        check_png(p);
    else if (exists(p))
        fail_msg("%s: not asked for", p);
    snprintf(p, sizeof p, "%s/plots/%s.svg", dir, name);
    if (fmts & SVG) {
        int npath = 0, ntext = 0;
        check_svg(p, &npath, &ntext);
        if (npath < 3 || ntext < 5)
            fail_msg("%s: %d paths and %d texts, expected a drawn plot", p, npath, ntext);
    } else if (exists(p)) {
        fail_msg("%s: not asked for", p);
    }
    snprintf(p, sizeof p, "%s/plots/%s.pdf", dir, name);
    if (fmts & PDF) {
        char *pdf = slurp(p, &n);
        if (!pdf || n < PNG_MIN_BYTES || strncmp(pdf, "%PDF-", 5) != 0
            || !strstr(pdf + n - 32 > pdf ? pdf + n - 32 : pdf, "%%EOF"))
            fail_msg("%s: missing or not a complete PDF", p);
        free(pdf);
    } else if (exists(p)) {
        fail_msg("%s: not asked for", p);
    }
}

/* No temporary file left in dir or dir/plots. */
static void check_no_tmp(const char *dir)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls -a '%s/plots' | grep -q 'tmp'", dir);
    if (system(cmd) == 0)
        fail_msg("%s/plots: a temporary file was left behind", dir);
    snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q '^\\..*\\.tmp\\.'", dir);
    if (system(cmd) == 0)
        fail_msg("%s: a temporary file was left behind", dir);
}


static double jnum(const cJSON *root_, const char *a, const char *b, const char *c)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(root_, a);
    x = cJSON_GetObjectItemCaseSensitive(x, b);
    if (c)
        x = cJSON_GetObjectItemCaseSensitive(x, c);
    if (!cJSON_IsNumber(x))
        fail_msg("summary: no number %s.%s.%s", a, b, c ? c : "");
    return x->valuedouble;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

/* report.html: self-contained, printable, with at least nsvg inline plots
 * and the text key (a key number as the page formats it). */
static char *check_report(const char *dir, int nsvg, const char *key)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/report.html", dir);
    char *h = slurp(p, NULL);
    if (!h)
        fail_msg("%s: missing", p);
    if (strncmp(h, "<!DOCTYPE html>", 15) != 0 || !strstr(h, "</html>"))
        fail_msg("%s: not a complete HTML page", p);
    if (count(h, "<svg") < nsvg)
        fail_msg("%s: %d inline SVG plots, expected at least %d", p, count(h, "<svg"), nsvg);
    if (!strstr(h, "@media print"))
        fail_msg("%s: no print style sheet", p);
    if (strstr(h, "<link") || strstr(h, "src=\"http") || strstr(h, "src=\"//")
        || strstr(h, "url(http") || strstr(h, "@import"))
        fail_msg("%s: fetches something", p);
    if (!strstr(h, "id=\"check\""))
        fail_msg("%s: no self-check element", p);
    if (key && !strstr(h, key))
        fail_msg("%s: lacks \"%s\"", p, key);
    return h;
}

static void render(const char *dir, unsigned formats);

static const char *const run_plots[] = {
    "wait_by_hour", "wait_cdf", "queue_by_hour", "booths_by_hour", "cost"
};
#define N_RUN_PLOTS (sizeof run_plots / sizeof run_plots[0])

/* Temporaries a killed plotting process left in dir and dir/plots: a
 * report, a script and an image of a process that no longer exists. */
static void leave_stale_temporaries(const char *dir)
{
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    assert_true(dead > 0);
    waitpid(dead, NULL, 0);
    char p[700];
    snprintf(p, sizeof p, "%s/plots", dir);
    mkdir(p, 0777);
    for (int i = 0; i < 3; i++) {
        if (i == 0)
            snprintf(p, sizeof p, "%s/.report.html.tmp.%ld", dir, (long)dead);
        else if (i == 1)
            snprintf(p, sizeof p, "%s/plots/.cost.gp.tmp.%ld", dir, (long)dead);
        else
            snprintf(p, sizeof p, "%s/plots/.cost.tmp.%ld.png", dir, (long)dead);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs("partial", f);
        fclose(f);
    }
}

static void run_folder(void **state)
{
    (void)state;
    char dir[512], p[600], key[128];
    snprintf(dir, sizeof dir, "%s/run", root);
    leave_stale_temporaries(dir);
    render(dir, 0);
    for (size_t i = 0; i < N_RUN_PLOTS; i++)
        check_plot(dir, run_plots[i], PNG | SVG);
    snprintf(p, sizeof p, "%s/plots/lanes.gp", dir);
    assert_false(exists(p));     /* no flex lanes, no lane plot */
    check_no_tmp(dir);

    snprintf(p, sizeof p, "%s/summary.json", dir);
    char *js = slurp(p, NULL);
    assert_non_null(js);
    cJSON *sum = cJSON_Parse(js);
    free(js);
    assert_non_null(sum);
    snprintf(key, sizeof key, "id=\"k-wait\">%.2f<", jnum(sum, "overall", "wait_min", "mean"));
    char *h = check_report(dir, (int)N_RUN_PLOTS, key);
    const cJSON *over = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(sum, "overall"),
                                         "wait_min"), "share_over_60_min");
    over = cJSON_GetObjectItemCaseSensitive(over, "mean");
    assert_true(cJSON_IsNumber(over));
    snprintf(key, sizeof key, "id=\"k-over60\">%.1f<", 100 * over->valuedouble);
    if (!strstr(h, key))
        fail_msg("report.html lacks \"%s\"", key);
    cJSON_Delete(sum);
    free(h);

    /* The waiting-time plot answers "what share waits over an hour?". */
    snprintf(p, sizeof p, "%s/plots/wait_cdf.gp", dir);
    char *gp = slurp(p, NULL);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "> 1 h"));
    assert_non_null(strstr(gp, "set arrow 1 from 60"));
    free(gp);
}

static void flex_lanes(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/flex", root);
    render(dir, 0);
    check_plot(dir, "lanes", PNG | SVG);
    check_plot(dir, "booths_by_hour", PNG | SVG);
    free(check_report(dir, (int)N_RUN_PLOTS + 1, "id=\"k-lanechanges\""));
}

static void batch_folder(void **state)
{
    (void)state;
    char dir[512], sub[600], p[700], key[128];
    snprintf(dir, sizeof dir, "%s/batch", root);
    render(dir, 0);
    check_plot(dir, "batch_wait", PNG | SVG);
    check_plot(dir, "batch_delta", PNG | SVG);
    check_plot(dir, "batch_wait_by_hour", PNG | SVG);
    check_plot(dir, "benefit_cost", PNG | SVG);
    check_no_tmp(dir);
    static const char *const names[] = { "otay_mesa_commercial", "otay_mesa_extended_hours",
                                         "otay_mesa_fast40" };
    for (size_t s = 0; s < 3; s++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[s]);
        for (size_t i = 0; i < N_RUN_PLOTS; i++)
            check_plot(sub, run_plots[i], PNG | SVG);
        free(check_report(sub, (int)N_RUN_PLOTS, "href=\"../report.html\""));
    }
    snprintf(p, sizeof p, "%s/comparison.json", dir);
    char *js = slurp(p, NULL);
    cJSON *c = js ? cJSON_Parse(js) : NULL;
    free(js);
    assert_non_null(c);
    const cJSON *base = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "scenarios"), 0);
    snprintf(key, sizeof key, "id=\"k-0-wait\">%.2f<", jnum(base, "overall", "wait_min", "mean"));
    const cJSON *prop = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "scenarios"), 1);
    char bcr[96];
    snprintf(bcr, sizeof bcr, "BCR %.2f", jnum(prop, "benefit_cost", "bcr", "value"));
    cJSON_Delete(c);
    /* 3 batch plots and each scenario's wait by hour. */
    char *h = check_report(dir, 3 + 3, key);
    assert_non_null(strstr(h, "href=\"otay_mesa_fast40/report.html\""));
    free(h);
    snprintf(p, sizeof p, "%s/plots/benefit_cost.dat", dir);
    h = slurp(p, NULL);
    assert_non_null(h);
    if (!strstr(h, bcr))
        fail_msg("benefit_cost.dat lacks \"%s\"", bcr);
    free(h);
}

static void sweep_folders(void **state)
{
    (void)state;
    char dir[512], p[600];
    snprintf(dir, sizeof dir, "%s/sweep", root);
    render(dir, 0);
    check_plot(dir, "sweep_heatmap", PNG | SVG);
    check_plot(dir, "sweep_1", PNG | SVG);
    check_plot(dir, "sweep_2", PNG | SVG);
    free(check_report(dir, 3, "id=\"k-best-wait\""));
    snprintf(dir, sizeof dir, "%s/sweep1", root);
    render(dir, 0);
    check_plot(dir, "sweep_1", PNG | SVG);
    snprintf(p, sizeof p, "%s/plots/sweep_heatmap.gp", dir);
    assert_false(exists(p));     /* one path: no heat map */
    snprintf(p, sizeof p, "%s/plots/sweep_1.gp", dir);
    char *gp = slurp(p, NULL);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "yerrorlines"));   /* one path: intervals drawn */
    free(gp);
}

/* PDF on request; a later rendering in fewer formats leaves no stale image. */
static void formats(void **state)
{
    (void)state;
    char dir[512], cmd[1200];
    snprintf(dir, sizeof dir, "%s/pdf", root);
    snprintf(cmd, sizeof cmd, "cp -r '%s/run' '%s'", root, dir);
    assert_int_equal(system(cmd), 0);
    render(dir, PLOT_PNG | PLOT_SVG | PLOT_PDF);
    for (size_t i = 0; i < N_RUN_PLOTS; i++)
        check_plot(dir, run_plots[i], PNG | SVG | PDF);
    render(dir, PLOT_PNG);
    for (size_t i = 0; i < N_RUN_PLOTS; i++)
        check_plot(dir, run_plots[i], PNG);
    /* Without SVG the report inlines the PNG as a data: URI. */
    char *h = check_report(dir, 0, "src=\"data:image/png;base64,iVBORw0KGgo");
    assert_int_equal(count(h, "<svg"), 0);
    free(h);
}

/* Run plot_dir (not quiet) with PATH set to path (NULL: unchanged) and its
 * stderr captured into *msg (malloc'd). */
static int with_path(const char *path, const char *dir, unsigned formats, struct err *e,
                     char **msg)
{
    const char *cur = getenv("PATH");
    char *old = cur ? strdup(cur) : NULL;
    char errfile[600];
    snprintf(errfile, sizeof errfile, "%s/stderr.txt", root);
    fflush(stderr);
    int saved = dup(2);
    FILE *f = fopen(errfile, "w");
    assert_non_null(f);
    dup2(fileno(f), 2);
    if (path)
        setenv("PATH", path, 1);
    struct plot_opts o = { formats, false, 1 };
    int rc = plot_dir(dir, &o, e);
    if (old)
        setenv("PATH", old, 1);
    else
        unsetenv("PATH");
    free(old);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(f);
    *msg = slurp(errfile, NULL);
    return rc;
}

/* Render dir in the given formats: plot_dir returns 0 and prints nothing
 * (no warning of gnuplot either). */
static void render(const char *dir, unsigned formats)
{
    struct err e = { 0 };
    char *msg = NULL;
    int rc = with_path(NULL, dir, formats, &e, &msg);
    if (rc != 0)
        fail_msg("plot_dir(%s): %s", dir, e.msg);
    if (msg && *msg)
        fail_msg("plot_dir(%s) printed: %s", dir, msg);
    free(msg);
}

static void gnuplot_missing(void **state)
{
    (void)state;
    char dir[512], empty[600], cmd[3000], p[700];
    snprintf(dir, sizeof dir, "%s/nognuplot", root);
    snprintf(empty, sizeof empty, "%s/emptybin", root);
    snprintf(cmd, sizeof cmd, "cp -r '%s/run' '%s' && mkdir -p '%s'", root, dir, empty);
    assert_int_equal(system(cmd), 0);
    struct err e = { 0 };
    char *msg = NULL;
    int rc = with_path(empty, dir, 0, &e, &msg);
    if (rc != 0)
        fail_msg("plot_dir without gnuplot: %s", e.msg);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "poesim: warning: gnuplot not found"));
    assert_int_equal(count(msg, "\n"), 1);      /* one line */
    free(msg);
    for (size_t i = 0; i < N_RUN_PLOTS; i++)
        check_plot(dir, run_plots[i], 0);        /* scripts and data, no image */
    char *h = check_report(dir, 0, "id=\"k-wait\"");
    assert_non_null(strstr(h, "Not rendered"));
    free(h);

    /* The same folder with a gnuplot that fails: its stderr in the error. */
    snprintf(p, sizeof p, "%s/failbin", root);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && printf '#!/bin/sh\\necho \"line 7: "
                              "broken terminal\" >&2\\nexit 1\\n' > '%s/gnuplot' && "
                              "chmod +x '%s/gnuplot'", p, p, p);
    assert_int_equal(system(cmd), 0);
    rc = with_path(p, dir, 0, &e, &msg);
    free(msg);
    assert_int_equal(rc, -1);
    assert_int_equal(e.code, EXIT_FAIL);
    if (!strstr(e.msg, "line 7: broken terminal") || !strstr(e.msg, "exit status 1"))
        fail_msg("the error lacks gnuplot's stderr or status: %s", e.msg);
    check_no_tmp(dir);
}

static void not_an_output_folder(void **state)
{
    (void)state;
    char dir[512];
    struct err e = { 0 };
    struct plot_opts o = { 0, true, 1 };
    snprintf(dir, sizeof dir, "%s/emptydir", root);
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(plot_dir(dir, &o, &e), -1);
    assert_int_equal(e.code, EXIT_USAGE);
    assert_non_null(strstr(e.msg, "not a poesim output folder"));
    snprintf(dir, sizeof dir, "%s/no-such-folder", root);
    e.code = 0;
    assert_int_equal(plot_dir(dir, &o, &e), -1);
    assert_int_equal(e.code, EXIT_USAGE);
}

static void parse_formats(void **state)
{
    (void)state;
    struct err e = { 0 };
    unsigned m = 0;
    assert_int_equal(plot_parse_formats("png,svg,pdf", &m, &e), 0);
    assert_int_equal(m, PLOT_PNG | PLOT_SVG | PLOT_PDF);
    assert_int_equal(plot_parse_formats("pdf", &m, &e), 0);
    assert_int_equal(m, PLOT_PDF);
    assert_int_equal(plot_parse_formats("svg,png,svg", &m, &e), 0);
    assert_int_equal(m, PLOT_PNG | PLOT_SVG);
    static const char *const bad[] = { "", "jpg", "png,", ",png", "png,,svg", "PNG", "png svg" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m = 99;
        e.code = 0;
        if (plot_parse_formats(bad[i], &m, &e) != -1 || e.code != EXIT_USAGE || m != 99)
            fail_msg("\"%s\" accepted", bad[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_formats),
        cmocka_unit_test(run_folder),
        cmocka_unit_test(flex_lanes),
        cmocka_unit_test(batch_folder),
        cmocka_unit_test(sweep_folders),
        cmocka_unit_test(formats),
        cmocka_unit_test(gnuplot_missing),
        cmocka_unit_test(not_an_output_folder),
    };
    return cmocka_run_group_tests_name("plot", tests, setup, teardown);
}
