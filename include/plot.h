/*
 * plot.h - plots of an output folder, drawn by gnuplot, and its report.html.
 *
 * The plot module reads what poesim wrote into an output folder (a run, a
 * batch, a sweep or a region, recognised by its files), writes one gnuplot script and
 * one whitespace-separated data file per plot into DIR/plots/, runs gnuplot
 * on each script as a child process (exit status and stderr checked) and
 * writes DIR/report.html: one self-contained page with the key numbers, the
 * tables and the SVG plots inlined.  The scripts stay beside their images so
 * a user can restyle them and re-run `gnuplot NAME.gp` in DIR/plots/.  It is
 * the only module that knows gnuplot.
 *
 * Ownership: nothing returned needs freeing.
 */
#ifndef POESIM_PLOT_H
#define POESIM_PLOT_H

#include <stdbool.h>

#include "error.h"

enum plot_format { PLOT_PNG = 1, PLOT_SVG = 2, PLOT_PDF = 4 };

/* The formats poesim renders when none is asked for. */
#define PLOT_FORMATS_DEFAULT (PLOT_PNG | PLOT_SVG)

struct plot_opts {
    unsigned formats;   /* a mask of enum plot_format; 0 means the default */
    bool quiet;         /* no warning on stderr (gnuplot missing) */
    int jobs;           /* gnuplot processes at once, 0 meaning 1 (capped).
                           The images are the same whatever the number */
};

/* Parse a comma-separated list of formats ("png,svg,pdf") into a mask.
 * Returns 0, or -1 with *e filled (EXIT_USAGE) if the list is empty or names
 * an unknown format; *mask is unchanged then. */
int plot_parse_formats(const char *s, unsigned *mask, struct err *e);

/* Render the plots of the output folder dir into dir/plots/ and write
 * dir/report.html.  A batch folder also gets the run plots and report of each
 * scenario subfolder (dir/<name>/plots/, dir/<name>/report.html), and a
 * region folder those of each port subfolder; a sweep folder gets its plots
 * and a report as well.
 *
 * Returns 0, also when gnuplot is not on PATH: then the scripts, the data and
 * the report (without plots) are written, and one warning goes to stderr
 * unless o->quiet.  Returns -1 with *e filled: EXIT_USAGE if dir is not a
 * poesim output folder; EXIT_FAIL if gnuplot failed (its stderr is in the
 * message), a file could not be read or written, or memory ran out.  Every
 * file is written under a temporary name and renamed into place. */
int plot_dir(const char *dir, const struct plot_opts *o, struct err *e);

#endif
