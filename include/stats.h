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
 *   - struct lhist: a small histogram with log-spaced bins (eight per
 *     doubling, 656 bytes), for per-hour quantiles where the fine histogram
 *     would be too big: adding is a few bit operations, and a quantile is
 *     within one bin (12.5% above 1 s) of the exact sample quantile;
 *   - struct levels: the time integrals of piecewise-constant levels that
 *     change together (a queue's length, booths open), and their maxima;
 *   - stats_ci95: mean and Student-t 95% half-width across replications.
 *
 * Ownership: histo_init allocates its bins; histo_free releases them.  The
 * other structs are plain values with nothing to free.
 */
#ifndef POESIM_STATS_H
#define POESIM_STATS_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct tally {
    uint64_t n;
    double sum, min, max;
};

void tally_reset(struct tally *t);
/* Add one observation (inline: called for every crosser). */
static inline void tally_add(struct tally *t, double x)
{
    t->n++;
    t->sum += x;
    if (x < t->min)
        t->min = x;
    if (x > t->max)
        t->max = x;
}
/* Mean of the observations, or NAN if there are none. */
double tally_mean(const struct tally *t);
/* Merge b into a (b is unchanged). */
void tally_merge(struct tally *a, const struct tally *b);

#define HISTO_FINE_S 65536          /* 1-second bins: 0 .. 18.2 h */
#define HISTO_COARSE_BINS 65536     /* then 60-second bins: to ~46 days */

struct histo {
    uint32_t *bin;      /* HISTO_FINE_S + HISTO_COARSE_BINS + 1 counts */
    uint64_t n;
    uint64_t zeros;     /* observations <= 0 (in bin 0 too): a point mass, which
                           share-above excludes rather than spread over the bin */
};

/* Allocate zeroed bins.  Returns 0, or -1 if out of memory (h->bin is then
 * NULL and histo_free is safe). */
int histo_init(struct histo *h);
void histo_free(struct histo *h);
void histo_reset(struct histo *h);
/* Width of a coarse histogram bin, seconds. */
#define HISTO_COARSE_W 60.0
/* Bin layout: [0, FINE) 1 s bins, then COARSE bins of 60 s, then overflow. */
#define HISTO_OVERFLOW ((size_t)HISTO_FINE_S + HISTO_COARSE_BINS)
#define HISTO_NBINS (HISTO_OVERFLOW + 1)
#define HISTO_COARSE_END ((double)HISTO_FINE_S + HISTO_COARSE_W * HISTO_COARSE_BINS)

/* The bin holding x seconds (NaN, a bug upstream, goes to the overflow
 * bin). */
static inline size_t histo_bin_of(double x)
{
    if (x < HISTO_FINE_S)
        return x > 0 ? (size_t)x : 0;
    if (x < HISTO_COARSE_END) {
        size_t k = HISTO_FINE_S + (size_t)((x - HISTO_FINE_S) / HISTO_COARSE_W);
        return k < HISTO_OVERFLOW ? k : HISTO_OVERFLOW - 1;
    }
    return HISTO_OVERFLOW;
}

/* Count one duration in its bin.  Negative x_s (rounding noise around 0)
 * counts as 0; x_s beyond the coarse range goes to the overflow bin.  Inline:
 * one call per crosser and histogram. */
static inline void histo_add(struct histo *h, double x_s)
{
    h->bin[histo_bin_of(x_s)]++;
    h->n++;
    h->zeros += x_s <= 0;
}
/* dst = the sum of src[0..n): the counts of every bin, n and zeros, as if
 * every observation of each src had been added to dst (which is overwritten).
 * All are initialised histograms; dst is none of src. */
void histo_sum(struct histo *dst, const struct histo *src, size_t n);
/* The p-quantile (0 <= p <= 1), or NAN if empty.  Convention: the rank is
 * p*n; the quantile lies in the first non-empty bin k whose cumulative count
 * reaches the rank (the bin of the ceil(p*n)-th smallest observation, or of
 * the smallest when p = 0), at lower_k + width_k * (p*n - before_k) / count_k,
 * where before_k counts the observations in bins below k.  Observations are
 * thus taken as spread evenly over their bin, and the result is within one bin
 * width of the ceil(p*n)-th order statistic.  Values in the overflow bin are
 * reported as its lower edge. */
double histo_quantile(const struct histo *h, double p);
/* Share of observations strictly above x_s, with the observations of x_s's
 * own bin taken as spread evenly over it (so exact to that bin's count),
 * except observations <= 0, a point mass at 0 (a crosser who did not wait
 * at all did not wait "over 0"); 0 if empty, 1 if x_s < 0.  For x_s in the overflow range the whole overflow bin
 * counts as above (an upper bound). */
double histo_share_above(const struct histo *h, double x_s);
/* histo_share_above at each of x_s[0..k) (ascending), into out[0..k), in one
 * pass over the bins. */
void histo_shares_above(const struct histo *h, const double *x_s, size_t k, double *out);

/* Bins of struct lhist: one for observations <= 0 (a point mass at 0), one
 * for (0, 1), then LHIST_SUB equal bins per doubling from 1 to
 * 2^LHIST_OCTAVES (about 12 days, in seconds), then one overflow bin. */
#define LHIST_SUB 8
#define LHIST_OCTAVES 20
#define LHIST_BINS (2 + LHIST_OCTAVES * LHIST_SUB + 1)

struct lhist {
    uint32_t n;
    uint32_t bin[LHIST_BINS];
};

/* Count one observation (inline: called for every crosser).  An empty
 * struct lhist is all zeros. */
static inline void lhist_add(struct lhist *h, double x)
{
    size_t k;
    if (x >= 1) {
        /* The binary exponent e and the top three bits of the mantissa of
         * x = 2^e (1 + m/8 + ...), read from the IEEE 754 representation. */
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        size_t e = (size_t)(bits >> 52) - 1023;
        size_t m = (size_t)(bits >> (52 - 3)) & (LHIST_SUB - 1);
        k = e < LHIST_OCTAVES ? 2 + e * LHIST_SUB + m : LHIST_BINS - 1;
    } else {
        k = x > 0;
    }
    h->bin[k]++;
    h->n++;
}
/* The p-quantile (0 <= p <= 1), or NAN if empty; the convention of
 * histo_quantile (the bin of the ceil(p*n)-th smallest observation,
 * interpolated), with the bin of observations <= 0 a point mass at 0 and the
 * overflow bin reported at its lower edge.  So the result is within one bin
 * of the exact order statistic: 1 below 1 s, an eighth of a power of two
 * (at most 12.5% of the value) above. */
double lhist_quantile(const struct lhist *h, double p);
/* Share of the observations strictly above x (seconds), with those of x's
 * own bin taken as spread evenly over it, and the point mass at 0 never
 * above (the convention of histo_share_above); 0 if empty, 1 if x < 0.  The
 * overflow bin counts as above when x reaches it (an upper bound). */
double lhist_share_above(const struct lhist *h, double x);

/* Levels that change at the same instants (a queue's length, booths busy,
 * booths open, lanes open) share one clock: the elapsed time is worked out
 * once per change for all of them (a quarter of the arithmetic of one clock
 * each, on every arrival and departure), and each level's integral is the
 * sum of value * (t - since) pieces, the same sums as with a clock apiece. */
#define LEVELS_N 4

struct levels {
    double since;               /* time of the last change or read-out */
    double value[LEVELS_N];     /* the current levels */
    double area[LEVELS_N];      /* integral of each since the last read-out */
    double max[LEVELS_N];       /* maximum of each since the last read-out */
};

/* Start every level at 0 at time t. */
void levels_init(struct levels *l, double t);
/* The levels become v[0..LEVELS_N) at time t (t >= l->since; inline:
 * called for every queue change). */
static inline void levels_set(struct levels *l, double t, const double v[LEVELS_N])
{
    assert(t >= l->since);
    double dt = t - l->since;
    l->since = t;
    for (int k = 0; k < LEVELS_N; k++) {
        l->area[k] += l->value[k] * dt;
        l->value[k] = v[k];
        if (v[k] > l->max[k])
            l->max[k] = v[k];
    }
}
/* Each level's integral over [since, t] (t >= l->since) into area[k], its
 * maximum over that span into max[k]; then restart integrating at t with
 * each maximum at its current value. */
void levels_take(struct levels *l, double t, double area[LEVELS_N], double max[LEVELS_N]);

/* The confidence of every interval poesim reports (written as "confidence"
 * in its JSON outputs), and the upper tail probability of its two-sided
 * Student-t quantile. */
#define STATS_CONFIDENCE 0.95
#define STATS_CI_UPPER 0.975        /* (1 + STATS_CONFIDENCE) / 2 */

/* Mean of x[0..n) and the half-width of its Student-t 95% interval
 * (t_{0.975,n-1} * s / sqrt(n), s the sample standard deviation with the n-1
 * denominator).  The half-width is NAN when n < 2 and 0 when all values are
 * equal; the mean is NAN when n = 0.  Non-finite x are a bug. */
void stats_ci95(const double *x, size_t n, double *mean, double *halfwidth);

#endif
