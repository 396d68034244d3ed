/*
 * plothtml.c - the HTML of report.html, shared by every kind of folder
 * (plotkit.h).
 *
 * report.html is one page with nothing to fetch: the SVG plots are inlined
 * (their ids prefixed so that several can share the page), a PNG is inlined
 * as a data: URI when no SVG was rendered, the style sheet is inline and has
 * a print version, and a few lines of inline script count the plots drawn
 * and the images loaded into the attributes of a hidden <p id="check"> for
 * the browser test (tests/browser.sh): the page reads the same without
 * scripts.  A number with no value shows as an en dash; an
 * interval as " ± h" in a lighter colour.
 */
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "plotkit.h"

void pk_put_html(FILE *f, const char *s)
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
void pk_put_num(FILE *f, double x, int dec)
{
    if (isnan(x))
        fputs("–", f);
    else
        fprintf(f, "%.*f", dec, fabs(x) < 0.5 * pow(10, -dec) ? 0.0 : x);
}

void pk_put_int(FILE *f, double x)
{
    char b[48];
    if (isnan(x)) {
        fputs("–", f);
        return;
    }
    pk_fmt_thousands(b, sizeof b, x);
    fputs(b, f);
}

void pk_put_usd(FILE *f, double x)
{
    char b[48];
    if (isnan(x)) {
        fputs("–", f);
        return;
    }
    pk_fmt_thousands(b, sizeof b, fabs(x));
    fprintf(f, "%s$%s", x < -0.5 ? "-" : "", b);
}

/* " ± h" when h is a number. */
void pk_put_pm(FILE *f, double h, int dec)
{
    if (!isnan(h)) {
        fputs("<span class=\"pm\"> ± ", f);
        pk_put_num(f, h, dec);
        fputs("</span>", f);
    }
}

void pk_put_pm_usd(FILE *f, double h)
{
    if (!isnan(h)) {
        fputs("<span class=\"pm\"> ± ", f);
        pk_put_usd(f, h);
        fputs("</span>", f);
    }
}

int pk_report_begin(struct pk_text *t, const char *cmd, const char *head, const char *name,
                    struct err *e)
{
    char title[256];
    if (!pk_text_open(t))
        return err_set(e, EXIT_FAIL, "out of memory");
    snprintf(title, sizeof title, "poesim %s: %s", cmd, name);
    pk_html_begin(t->f, title);
    fprintf(t->f, "<h1>%s", head);
    pk_put_html(t->f, name);
    return 0;
}

void pk_td_num(FILE *f, double x, int dec)
{
    pk_td_num_pm(f, x, NAN, dec);
}

void pk_td_int(FILE *f, double x)
{
    fputs("<td class=\"n\">", f);
    pk_put_int(f, x);
    fputs("</td>", f);
}

void pk_td_usd(FILE *f, double x)
{
    pk_td_usd_pm(f, x, NAN);
}

void pk_td_num_pm(FILE *f, double x, double h, int dec)
{
    fputs("<td class=\"n\">", f);
    pk_put_num(f, x, dec);
    pk_put_pm(f, h, dec);
    fputs("</td>", f);
}

void pk_td_usd_pm(FILE *f, double x, double h)
{
    fputs("<td class=\"n\">", f);
    pk_put_usd(f, x);
    pk_put_pm_usd(f, h);
    fputs("</td>", f);
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
    "ul.warn{background:#fff8e0;border:1px solid #e6c200;padding:.5em .8em .5em 2em}\n"
    ".check{color:#777;font-size:.8em}\n"
    "code{font-size:.9em}\n"
    "@media print{@page{margin:14mm}body{max-width:none;font-size:10pt;padding:0}"
    "h2{break-after:avoid;page-break-after:avoid}"
    "figure.plot svg,figure.plot img{max-width:100%;border:none}"
    ".keys div{background:none}a{color:inherit;text-decoration:none}.check{display:none}}\n";

void pk_html_begin(FILE *f, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>");
    pk_put_html(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", report_css);
}

/* The self-check for the browser test and the end of the page. */
void pk_html_end(FILE *f, int nsvg_expected)
{
    /* Hidden: the page reads the same with scripts or without; only the
     * browser test reads what the script records in its attributes. */
    fprintf(f, "<p id=\"check\" class=\"check\" hidden data-expected-svgs=\"%d\"></p>\n",
            nsvg_expected);
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
    pk_put_html(f, label);
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
            pk_put_html(f, label);
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
int pk_put_figure(FILE *f, const char *pdir, const char *rel, const char *name,
                  const char *caption, const char *pre)
{
    char fn[96];
    int inlined = 0;
    snprintf(fn, sizeof fn, "%s.svg", name);
    size_t n = 0;
    char *s = pk_slurp(pdir, fn, &n);
    fprintf(f, "<figure class=\"plot\" id=\"fig-%s\">\n", pre);
    if (s && strstr(s, "<svg")) {
        put_svg(f, s, pre, caption);
        inlined = 1;
    } else {
        free(s);
        snprintf(fn, sizeof fn, "%s.png", name);
        s = pk_slurp(pdir, fn, &n);
        if (s) {
            fputs("<img alt=\"", f);
            pk_put_html(f, caption);
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
    pk_put_html(f, caption);
    fprintf(f, " <span class=\"meta\">Script and data: <a href=\"%s/%s.gp\">%s/%s.gp</a>, "
               "<a href=\"%s/%s.dat\">%s.dat</a>.</span></figcaption>\n</figure>\n",
            rel, name, rel, name, rel, name, name);
    return inlined;
}

/* The "Plots" section of a report: every plot of ps, inlined.  Returns the
 * number of SVGs inlined (for the page's self-check). */
int pk_put_plots(FILE *f, const struct pk_plotset *ps)
{
    fputs("<h2>Plots</h2>\n", f);
    int nsvg = 0;
    for (int i = 0; i < ps->n; i++)
        nsvg += pk_put_figure(f, ps->pdir, "plots", ps->item[i].name, ps->item[i].caption,
                           ps->item[i].name);
    return nsvg;
}

void pk_put_key(FILE *f, const char *id, const char *label)
{
    fprintf(f, "<div><dt>%s</dt><dd><span id=\"%s\">", label, id);
}

void pk_key_int(FILE *f, const char *id, const char *label, double x, double h)
{
    pk_put_key(f, id, label);
    pk_put_int(f, x);
    fputs("</span>", f);
    pk_put_pm(f, h, 0);
    fputs("</dd></div>\n", f);
}

void pk_key_usd(FILE *f, const char *id, const char *label, double x, double h)
{
    pk_put_key(f, id, label);
    pk_put_usd(f, x);
    fputs("</span>", f);
    pk_put_pm_usd(f, h);
    fputs("</dd></div>\n", f);
}


void pk_put_sources(FILE *f, const cJSON *sum, const char *h)
{
    fprintf(f, "<%s%s>Sources and assumptions</%s>\n", h,
            strcmp(h, "h2") == 0 ? " id=\"sources\"" : "", h);
    const cJSON *lists[2] = { pk_jat(sum, "sources"), pk_jat(sum, "notes") };
    static const char *const what[2] = { "Sources: where the figures come from",
                                         "Notes: what the scenario assumes" };
    static const char *const none[2] = { "The scenario lists no sources.",
                                         "The scenario lists no notes." };
    for (int k = 0; k < 2; k++) {
        fprintf(f, "<p class=\"meta\">%s</p>\n", what[k]);
        if (cJSON_GetArraySize(lists[k]) <= 0) {
            fprintf(f, "<p>%s</p>\n", none[k]);
            continue;
        }
        fprintf(f, "<ul class=\"%s\">\n", k ? "notes" : "sources");
        const cJSON *x;
        cJSON_ArrayForEach(x, lists[k])
            if (cJSON_IsString(x)) {
                fputs("<li>", f);
                pk_put_html(f, x->valuestring);
                fputs("</li>\n", f);
            }
        fputs("</ul>\n", f);
    }
}

void pk_put_list(FILE *f, const cJSON *arr, const char *head)
{
    if (cJSON_GetArraySize(arr) <= 0)
        return;
    fprintf(f, "<h2>%s</h2>\n<ul>\n", head);
    const cJSON *x;
    cJSON_ArrayForEach(x, arr)
        if (cJSON_IsString(x)) {
            fputs("<li>", f);
            pk_put_html(f, x->valuestring);
            fputs("</li>\n", f);
        }
    fputs("</ul>\n", f);
}

