/*
 * regcmp.h - regions against a baseline region: paired differences of
 * their ports and of the region as a whole, and benefit-cost at the
 * regional level.
 *
 * `poesim batch` with region files solves each region (assign.h) with the
 * baseline's seed, days, warm-up, start and replications.  Every random
 * source is keyed by its name, so replication k of a port that two regions
 * share draws the same numbers in both (common random numbers), and the
 * region's totals of replication k (summed over its ports) are paired with
 * the baseline's: differences and their intervals come from the
 * per-replication differences (paired-t), as in compare.h.
 *
 * A port is compared by name with the baseline's port of that name (a port
 * new in a proposal has no difference); the row "all" is the region as a
 * whole, where a new port's benefit shows: the region's saving, not the new
 * port's own waits.  Benefit-cost (compare.h's formulas) for a proposal
 * region with an `investment` block: savings per day = the baseline
 * region's cost of waiting per day - the proposal's (paired), the change
 * in staffed booth-hours summed over the ports.
 *
 * Ownership: rcmp_build returns a comparison freed with rcmp_free; it keeps
 * pointers to the results' regions (for names), which must outlive it.
 */
#ifndef POESIM_REGCMP_H
#define POESIM_REGCMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "assign.h"
#include "compare.h"
#include "error.h"
#include "summary.h"

struct rcmp_row {
    size_t region;              /* 0 is the baseline */
    const char *port;           /* NULL: the region as a whole */
    double choosers;            /* travellers who choose, per day */
    double toll_revenue;        /* USD per day */
    struct estimate wait;       /* mean wait of every crosser, minutes */
    struct estimate cost, vehicle_hours;    /* per day */
    bool has_base;              /* deltas are set */
    double d_choosers;
    struct estimate d_wait, d_cost, d_vehicle_hours;    /* paired */
};

struct rcmp {
    size_t n;                   /* regions */
    const struct asg_result *const *a;
    size_t n_rows;
    struct rcmp_row *rows;      /* per region: its ports, then the region */
    struct cmp_bca *bca;        /* per region */
    int replications;
    int price_year;
};

/* Compare regions a[1..n) with the baseline a[0], all solved with the same
 * seed and replications.  NULL with *e filled if out of memory. */
struct rcmp *rcmp_build(const struct asg_result *const *a, size_t n, struct err *e);
void rcmp_free(struct rcmp *c);

/* region_comparison.csv, region_comparison.json and benefit_cost.csv
 * (columns in README.md) into dir as one set whose manifest also lists
 * each region's folder DIR/<name>/ (complete already).  Returns 0, or -1
 * with *e filled. */
int rcmp_write(const char *dir, const struct rcmp *c, const char *fingerprint, struct err *e);

/* The table: per region and port, choosers, mean wait and cost per day with
 * their paired differences; then benefit-cost per proposal region with an
 * investment. */
void rcmp_print(FILE *f, const struct rcmp *c);

#endif
