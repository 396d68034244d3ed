/*
 * stats.c - streaming statistics within a replication, intervals across.
 *
 * The workload: every crosser adds a wait to a tally and a histogram, every
 * queue change moves a level, millions of times per replication; a few
 * thousand read-outs happen at the end.  So the adders are a handful of
 * instructions with no allocation (tally_add and levels_set are inline in the
 * header) and the read-outs may scan.
 *
 * The histogram has fixed bins, 1 s wide up to HISTO_FINE_S then 60 s wide,
 * so adding is an index computation and a quantile is one linear scan of
 * 131073 counters (~0.1 ms), exact to the bin width whatever the data.  Its
 * 512 KiB are allocated once per run and cleared per replication.
 *
 * The hourly quantiles use struct lhist, log-spaced bins read off the bits
 * of a double.  They were GSL's P-square estimator (gsl_rstat_quantile)
 * until profiling showed it took 14% of a run, about 40 ns per crosser, for
 * an estimate without an error bound (and poor on the few hundred waits of
 * an hour); a bin count costs a few nanoseconds and bounds the error.
 *
 * Confidence intervals use two passes over the replication values (the mean,
 * then the squared deviations), which is exact enough for any n we run.
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "lines.h"

/* ---- tally ---- */

void tally_reset(struct tally *t)
{
    t->n = 0;
    t->sum = 0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

double tally_mean(const struct tally *t)
{
    return t->n ? t->sum / (double)t->n : NAN;
}

void tally_merge(struct tally *a, const struct tally *b)
{
    a->n += b->n;
    a->sum += b->sum;
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
}

/* ---- histo ---- */

int histo_init(struct histo *h)
{
    h->n = 0;
    h->zeros = 0;
    h->bin = line_alloc(HISTO_NBINS, sizeof *h->bin);
    return h->bin ? 0 : -1;
}

void histo_free(struct histo *h)
{
    free(h->bin);
    h->bin = NULL;
    h->n = 0;
}

void histo_reset(struct histo *h)
{
    memset(h->bin, 0, HISTO_NBINS * sizeof *h->bin);
    h->n = 0;
    h->zeros = 0;
}

/* Lower edge and width of bin k (the overflow bin has width 0: its values
 * are reported at its lower edge). */
static double bin_lower(size_t k)
{
    if (k < HISTO_FINE_S)
        return (double)k;
    return HISTO_FINE_S + HISTO_COARSE_W * (double)(k - HISTO_FINE_S);
}

static double bin_width(size_t k)
{
    if (k < HISTO_FINE_S)
        return 1;
    return k < HISTO_OVERFLOW ? HISTO_COARSE_W : 0;
}

void histo_sum(struct histo *dst, const struct histo *src, size_t n)
{
    memset(dst->bin, 0, HISTO_NBINS * sizeof *dst->bin);
    dst->n = 0;
    dst->zeros = 0;
    for (size_t i = 0; i < n; i++) {
        const uint32_t *b = src[i].bin;
        for (size_t k = 0; k < HISTO_NBINS; k++)
            dst->bin[k] += b[k];
        dst->n += src[i].n;
        dst->zeros += src[i].zeros;
    }
}

/* The first bin whose cumulative count reaches rank (0 <= rank <= the total
 * count, which is positive), and in *before the count in the bins below it. */
static size_t rank_bin(const uint32_t *bin, size_t nbins, double rank, uint64_t *before)
{
    uint64_t cum = 0;
    for (size_t k = 0; k < nbins; k++) {
        if (bin[k] == 0)
            continue;
        if ((double)(cum + bin[k]) >= rank) {
            *before = cum;
            return k;
        }
        cum += bin[k];
    }
    /* Unreachable: the last non-empty bin brings cum to the total >= rank. */
    assert(!"rank_bin: counts do not add up");
    *before = cum;
    return nbins - 1;
}

double histo_quantile(const struct histo *h, double p)
{
    assert(p >= 0 && p <= 1);
    if (h->n == 0)
        return NAN;
    double rank = p * (double)h->n;
    uint64_t before;
    size_t k = rank_bin(h->bin, HISTO_NBINS, rank, &before);
    return bin_lower(k) + bin_width(k) * (rank - (double)before) / h->bin[k];
}

double histo_share_above(const struct histo *h, double x_s)
{
    if (h->n == 0)
        return 0;
    if (x_s < 0)
        return 1;
    size_t k = histo_bin_of(x_s);
    double above = 0;
    for (size_t j = k + 1; j < HISTO_NBINS; j++)
        above += h->bin[j];
    double w = bin_width(k);
    double spread = (double)h->bin[k] - (k == 0 ? (double)h->zeros : 0);
    if (w > 0)
        above += spread * (bin_lower(k) + w - x_s) / w;
    else
        above += spread;
    return above / (double)h->n;
}

void histo_shares_above(const struct histo *h, const double *x_s, size_t k, double *out)
{
    double above = 0;           /* observations in bins [b, HISTO_NBINS) */
    size_t b = HISTO_NBINS;
    for (size_t j = k; j-- > 0;) {
        assert(j + 1 == k || x_s[j] <= x_s[j + 1]);
        if (h->n == 0) {
            out[j] = 0;
            continue;
        }
        if (x_s[j] < 0) {
            out[j] = 1;
            continue;
        }
        size_t kb = histo_bin_of(x_s[j]);
        while (b > kb + 1)
            above += h->bin[--b];
        double w = bin_width(kb);
        double spread = (double)h->bin[kb] - (kb == 0 ? (double)h->zeros : 0);
        double part = w > 0 ? spread * (bin_lower(kb) + w - x_s[j]) / w : spread;
        out[j] = (above + part) / (double)h->n;
    }
}

/* ---- lhist ---- */

double lhist_quantile(const struct lhist *h, double p)
{
    assert(p >= 0 && p <= 1);
    if (h->n == 0)
        return NAN;
    double rank = p * (double)h->n;
    uint64_t before;
    size_t k = rank_bin(h->bin, LHIST_BINS, rank, &before);
    double share = (rank - (double)before) / h->bin[k];
    if (k == 0)
        return 0;
    if (k == 1)
        return share;
    size_t e = (k - 2) / LHIST_SUB, m = (k - 2) % LHIST_SUB;
    double octave = ldexp(1.0, (int)e), lower = octave * (1 + (double)m / LHIST_SUB);
    return k == LHIST_BINS - 1 ? lower : lower + octave / LHIST_SUB * share;
}

double lhist_share_above(const struct lhist *h, double x)
{
    if (h->n == 0)
        return 0;
    if (x < 0)
        return 1;
    size_t k;
    double lower, width;
    if (x < 1) {
        k = 1;
        lower = 0;
        width = 1;
    } else {
        int e = ilogb(x);
        if (e >= LHIST_OCTAVES) {
            k = LHIST_BINS - 1;
            lower = width = 0;
        } else {
            double octave = ldexp(1.0, e);
            size_t m = (size_t)((x / octave - 1) * LHIST_SUB);
            if (m >= LHIST_SUB)
                m = LHIST_SUB - 1;
            k = 2 + (size_t)e * LHIST_SUB + m;
            width = octave / LHIST_SUB;
            lower = octave + width * (double)m;
        }
    }
    double above = 0;
    for (size_t j = k + 1; j < LHIST_BINS; j++)
        above += h->bin[j];
    above += width > 0 ? h->bin[k] * (lower + width - x) / width : h->bin[k];
    return above / (double)h->n;
}

/* ---- level ---- */

void levels_init(struct levels *l, double t)
{
    l->since = t;
    for (int k = 0; k < LEVELS_N; k++)
        l->value[k] = l->area[k] = l->max[k] = 0;
}

void levels_take(struct levels *l, double t, double area[LEVELS_N], double max[LEVELS_N])
{
    assert(t >= l->since);
    double dt = t - l->since;
    for (int k = 0; k < LEVELS_N; k++) {
        area[k] = l->area[k] + l->value[k] * dt;
        max[k] = l->max[k];
        l->area[k] = 0;
        l->max[k] = l->value[k];
    }
    l->since = t;
}

/* ---- across replications ---- */

void stats_ci95(const double *x, size_t n, double *mean, double *halfwidth)
{
    if (n == 0) {
        *mean = NAN;
        *halfwidth = NAN;
        return;
    }
    double sum = 0, lo = x[0], hi = x[0];
    for (size_t i = 0; i < n; i++) {
        assert(isfinite(x[i]));
        sum += x[i];
        if (x[i] < lo)
            lo = x[i];
        if (x[i] > hi)
            hi = x[i];
    }
    if (lo == hi) {
        /* Exactly: sum / n may differ from the common value in the last
         * bit, which would give a spurious non-zero spread. */
        *mean = lo;
        *halfwidth = n < 2 ? NAN : 0;
        return;
    }
    double m = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    double s = sqrt(ss / (double)(n - 1));
    *mean = m;
    *halfwidth = gsl_cdf_tdist_Pinv(STATS_CI_UPPER, (double)(n - 1)) * s / sqrt((double)n);
}
