/*
 * stats.h - streaming statistics for one replication, and intervals across
 * replications.
 *
 * Nothing here knows about ports.  The workload: millions of observations
 * per replication, each added in O(1) with no allocation; a few thousand
 * read-outs at the end.  Hence:
 *   - struct tally: count, sum, min, max of observations (means of waits);
 *   - struct histo: a fixed two-level histogram for quantiles of durations:
 *     1-second bins up to HISTO_FINE_S, then 60-second bins up to
 *     HISTO_FINE_S + 60*HISTO_COARSE_BINS seconds, then one overflow bin (the
 *     exact maximum is kept by the tally beside it).  Quantiles are exact to
 *     the bin width, which keeps tests against theory honest where a P2
 *     estimate would carry its own bias;
 *   - struct p2: GSL's streaming P-square quantile estimator (five markers,
 *     no storage), for per-hour quantiles where a histogram per hour would be
 *     too big;
 *   - struct level: the time integral of a piecewise-constant level (queue
 *     length, booths open), and its maximum;
 *   - stats_ci95: mean and Student-t 95% half-width across replications.
 *
 * Ownership: histo_init allocates its bins; histo_free releases them.  The
 * other structs are plain values with nothing to free.
 */
#ifndef POESIM_STATS_H
#define POESIM_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rstat.h>

struct tally {
    uint64_t n;
    double sum, min, max;
};

void tally_reset(struct tally *t);
void tally_add(struct tally *t, double x);
/* Mean of the observations, or NAN if there are none. */
double tally_mean(const struct tally *t);
/* Merge b into a. */
void tally_merge(struct tally *a, const struct tally *b);

#define HISTO_FINE_S 65536          /* 1-second bins: 0 .. 18.2 h */
#define HISTO_COARSE_BINS 65536     /* then 60-second bins: to ~46 days */

struct histo {
    uint32_t *bin;      /* HISTO_FINE_S + HISTO_COARSE_BINS + 1 counts */
    uint64_t n;
};

/* Returns 0, or -1 if out of memory. */
int histo_init(struct histo *h);
void histo_free(struct histo *h);
void histo_reset(struct histo *h);
void histo_add(struct histo *h, double x_s);
/* The p-quantile (0 <= p <= 1) by linear interpolation inside its bin, or NAN
 * if empty.  Values in the overflow bin are reported as its lower edge. */
double histo_quantile(const struct histo *h, double p);
/* Share of observations strictly above x_s (to the bin width); 0 if empty. */
double histo_share_above(const struct histo *h, double x_s);

struct p2 {
    gsl_rstat_quantile_workspace w;
};

void p2_init(struct p2 *q, double p);
void p2_add(struct p2 *q, double x);
/* The current estimate, or NAN if nothing was added. */
double p2_get(const struct p2 *q);

struct level {
    double value;       /* the current level */
    double since;       /* time of the last change or read-out */
    double area;        /* integral of the level since the last read-out */
    double max;         /* maximum since the last read-out */
};

/* Start at level v at time t. */
void level_init(struct level *l, double t, double v);
/* The level becomes v at time t (t >= l->since). */
void level_set(struct level *l, double t, double v);
/* Integral over [since, t]; then restart integrating at t with max = value. */
double level_take(struct level *l, double t, double *max);

/* Mean of x[0..n) and the half-width of its Student-t 95% interval
 * (t_{0.975,n-1} * s / sqrt(n)).  The half-width is NAN when n < 2 and 0 when
 * all values are equal.  Non-finite x are a bug. */
void stats_ci95(const double *x, size_t n, double *mean, double *halfwidth);

#endif
