/*
 * staffout.h - a staffing plan as files and as a table (staff.h finds it).
 *
 * For each variant of a staffing search (the scenario as written, and one
 * per --hours setting): the overrides that turn the scenario into its plan
 * (the plan's schedules, run settings, name, title and a note), from which
 * main writes staffed.json with scn_extension_text; then staffing.csv and
 * staffing.json (columns and keys in README.md, "Staffing plans") written
 * as one set with a manifest (fileset.h), and the table on stdout.
 *
 * Ownership: staffout_overrides fills a struct staffout_ov that owns its
 * texts (staffout_ov_free); everything else borrows.
 */
#ifndef POESIM_STAFFOUT_H
#define POESIM_STAFFOUT_H

#include <stdio.h>

#include "error.h"
#include "scenario.h"
#include "staff.h"
#include "summary.h"

/* Overrides, each path and value owned. */
struct staffout_ov {
    struct scn_override *ov;
    size_t n, cap;
};

void staffout_ov_free(struct staffout_ov *o);
/* Append a copy of (path, value).  Returns 0, or -1 if out of memory. */
int staffout_ov_add(struct staffout_ov *o, const char *path, const char *value);

/* Append the overrides that make scenario plan->s (named `name` in the new
 * file) the plan: every searched lane group's staffed_booths, run days,
 * seed and replications, name, title and a note saying how the schedules
 * were found (targets, replications, unmet hours).  Returns 0, or -1 with
 * *e (memory). */
int staffout_overrides(const struct staff_plan *plan, const char *name, struct staffout_ov *o,
                       struct err *e);

struct staffout_variant {
    const char *label;              /* "as written", or the --hours setting */
    const char *hours;              /* the --hours setting, or NULL */
    const char *file_name;          /* "staffed.json", "staffed-h1.json", ... */
    const char *text;               /* its content */
    const struct staff_plan *plan;
    const struct summary *sum_file; /* the scenario's own schedules, run */
    const struct summary *sum_plan; /* the plan, run */
};

struct staffout {
    const char *file;               /* the scenario file as given */
    const struct scenario *s;       /* as loaded (first variant) */
    const struct staff_target *targets;
    size_t n_targets;
    const struct staff_opts *opts;
    double usd_per_booth_hour;      /* officer cost of an open booth-hour; 0: none given */
    double days_per_year;
    const struct staffout_variant *v;
    size_t n_v;
    const char *base_name;          /* the file the plans' files extend, and its text */
    const char *base_text;
};

/* Write staffing.csv, staffing.json, the base of the plans' files and each
 * variant's staffed scenario into dir as one set (kind "staff").  Returns 0, or -1 with *e (EXIT_FAIL
 * or a signal's status), the previous set kept unless the message says
 * otherwise. */
int staffout_write(const char *dir, const struct staffout *so, struct err *e);

/* The table: per variant and searched queue, booth-hours per day against
 * the scenario's own schedules, hours held and unmet, the worst hour; the
 * officer cost per day and per year; the waits and the cost of waiting of
 * both; what the search cost. */
void staffout_print(FILE *f, const struct staffout *so);

#endif
