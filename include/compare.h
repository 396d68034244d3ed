/*
 * compare.h - proposals against a baseline: paired differences and
 * benefit-cost.
 *
 * Scenarios run with the same seed and replications draw the same random
 * numbers for the sources they share (common random numbers), so
 * replication k of a proposal is paired with replication k of the baseline:
 * the interval of the difference comes from the per-replication differences
 * (paired-t), which cancels most of the noise the two runs have in common.
 * The unpaired (Welch) interval is reported beside it to show the gain.
 *
 * Benefit-cost, for a proposal with an `investment` block (formulas in
 * README.md, "Benefit-cost"):
 *   savings per day   S = baseline cost per day - proposal cost per day (paired)
 *   annual savings    B = S x days_per_year
 *   annual cost       C = O&M + staffing rate x (proposal - baseline) staffed
 *                         booth-hours per day x days_per_year
 *   annuity factor    A = (1 - (1 + r)^-L) / r   (A = L when r = 0)
 *   NPV               = A (B - C) - capital
 *   BCR               = A B / (capital + A C)
 * The intervals of B and NPV are those of S, scaled; the BCR interval maps
 * the ends of B's interval through the (monotone) BCR formula.
 *
 * Ownership: cmp_build returns a comparison freed with cmp_free; it keeps no
 * pointer to its inputs.
 */
#ifndef POESIM_COMPARE_H
#define POESIM_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"

struct cmp_row {
    size_t scenario;            /* index in the comparison; 0 is the baseline */
    bool all;                   /* the scenario as a whole (program "all") */
    struct group_id id;         /* the group, unless all */
    struct estimate wait, wait_p95, cost, cost_per_day;
    bool has_base;              /* the baseline has this group: deltas are set */
    struct estimate d_wait, d_wait_p95, d_cost, d_cost_per_day;   /* paired */
    double d_wait_unpaired_ci95;    /* Welch half-width, for comparison */
    /* Waiting in the queue (after the opening) apart from waiting for the
     * opening of a closed facility (summary.h, M_QUEUE_WAIT_MEAN...). */
    struct estimate queue_wait, d_queue_wait;       /* minutes; paired */
    struct estimate closed_wait;                    /* minutes, of those who waited */
    struct estimate closed_per_day;                 /* crossers who waited, per day */
    struct estimate cost_closed_per_day;            /* USD a day, in cost_per_day */
    /* Throughput, and crossers left in the port at the end. */
    struct estimate served_per_day, d_served_per_day;   /* paired */
    struct estimate remaining_per_day;
    double remaining_share;         /* of the arrivals (means); NAN without arrivals */
    /* The whole port (all rows only; NAN for a group): the mean wait paired
     * against that of comparison.best, so a reader can tell which other
     * scenarios are indistinguishable from the lowest. */
    struct estimate d_best_wait;
    /* Crossing time: joining the first queue to leaving the last stage
     * (time_in_port_min), minutes; paired. */
    struct estimate crossing, d_crossing;
};

struct cmp_bca {
    bool present;               /* the scenario has an investment block */
    double capital, om, staffing, annual_cost;          /* USD, USD/year */
    double booth_hours_per_day, d_booth_hours_per_day;  /* staffed; vs baseline */
    struct estimate savings_per_day, annual_savings;    /* USD */
    double annuity;             /* A */
    struct estimate npv;        /* USD */
    double bcr, bcr_low, bcr_high;
};

/* A warning of a batch: its text once, with the scenarios it applies to (a
 * base file's warning applies to the base and to each proposal that
 * extends it). */
struct cmp_warning {
    char *text;
    size_t n_scen;
    size_t *scen;               /* indices in the comparison, increasing */
};

struct comparison {
    size_t n_scen;
    char **names;               /* scenario names */
    size_t n_rows;
    struct cmp_row *rows;       /* per scenario: its groups, then "all" */
    struct cmp_bca *bca;        /* per scenario */
    size_t best;                /* the proposal (grid point) with the lowest mean wait of
                                   the whole port, from 1 (0 if there is none) */
    int replications;
    /* Every warning of the scenarios, each text once (cmp_warnings; none
     * until the caller collects them, as a sweep does not). */
    struct cmp_warning *warnings;
    size_t n_warnings;
    double target_hw;           /* set by the caller, as in struct summary */
    int max_reps;
    bool target_reached;
    bool staged;                /* some scenario has stages: crossing times are shown */
};

/* Compare scenarios scn[1..n) with the baseline scn[0]; sum[i] are their
 * summaries, all with the same number of replications.  NULL with *e filled
 * if out of memory. */
struct comparison *cmp_build(const struct scenario *const *scn,
                             const struct summary *const *sum, size_t n, struct err *e);
void cmp_free(struct comparison *c);

/* The distinct warnings of scenarios scn[0..n), in order of first
 * appearance, each with the scenarios that have it: the scenarios' own
 * (load) if `load`, and the run-time warnings of their summaries sums[i]
 * (overload.h) if sums is not NULL.  Returns 0 with *out (n_out items,
 * freed with cmp_warnings_free), or -1 with *e if out of memory. */
int cmp_warnings(const struct scenario *const *scn, const struct summary *const *sums, size_t n,
                 bool load, struct cmp_warning **out, size_t *n_out, struct err *e);
void cmp_warnings_free(struct cmp_warning *w, size_t n);

/* Staffed booth-hours per measured day of s, from its schedules: booths
 * staffed while the facility of the queue they serve is open
 * (scn_booth_minutes), the mean over the measured days (their weekdays,
 * and holidays with hours of their own). */
double cmp_booth_hours_per_day(const struct scenario *s);

/* Benefit-cost of investment inv given the paired savings per day (USD) and
 * the change in staffed booth-hours per day. */
void cmp_bca_compute(const struct investment *inv, struct estimate savings_per_day,
                     double d_booth_hours_per_day, struct cmp_bca *out);

/* Paired mean difference x[k] - y[k] over k < n with its 95% half-width
 * (pairs where either is not finite are left out). */
struct estimate cmp_paired(const double *x, const double *y, size_t n, double *scratch);

#endif
