/*
 * dist.h - service time distributions, as plain values.
 *
 * A struct dist describes one distribution of durations in seconds; it is
 * built once from a scenario (dist_make validates nothing: the scenario
 * module checks ranges and reports them with their JSON path) and sampled in
 * the hot loop by dist_sample, which never allocates.
 *
 * Parameterisation (what a planner knows: a mean and a spread):
 *   exponential    mean_s
 *   lognormal      mean_s, cv    (underlying normal: sigma^2 = ln(1+cv^2),
 *                                 zeta = ln(mean_s) - sigma^2/2)
 *   gamma          mean_s, cv    (shape k = 1/cv^2, scale theta = mean_s*cv^2)
 *   deterministic  mean_s
 *   uniform        min_s, max_s
 *   empirical      a list of observed durations, resampled with equal
 *                  probability (the bootstrap distribution of the sample)
 *
 * Ownership: an empirical dist points at `values`, owned by whoever built it
 * (the scenario); dist never frees it.
 */
#ifndef POESIM_DIST_H
#define POESIM_DIST_H

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rng.h"

enum dist_kind {
    DIST_EXPONENTIAL,
    DIST_LOGNORMAL,
    DIST_GAMMA,
    DIST_DETERMINISTIC,
    DIST_UNIFORM,
    DIST_EMPIRICAL,
    DIST_KIND_COUNT
};

struct dist {
    enum dist_kind kind;
    double mean_s;      /* the distribution's mean, seconds (every kind) */
    double cv;          /* its coefficient of variation (every kind) */
    double a, b;        /* kind-specific: lognormal zeta, sigma; gamma k, theta;
                           uniform min, max */
    const double *values;   /* empirical: observed seconds */
    size_t n_values;
};

/* Names as written in scenarios ("exponential", ...); NULL if out of range. */
const char *dist_kind_name(enum dist_kind k);
/* The kind named s, or -1. */
int dist_kind_parse(const char *s);

/* Constructors: fill d, including mean_s and cv for every kind.  Arguments
 * must be valid (mean_s > 0, cv > 0, 0 <= min_s <= max_s, n >= 1, values >= 0);
 * violations are bugs and abort. */
void dist_exponential(struct dist *d, double mean_s);
void dist_lognormal(struct dist *d, double mean_s, double cv);
void dist_gamma(struct dist *d, double mean_s, double cv);
void dist_deterministic(struct dist *d, double mean_s);
void dist_uniform(struct dist *d, double min_s, double max_s);
void dist_empirical(struct dist *d, const double *values, size_t n);

/* The ziggurat of the standard exponential (Marsaglia & Tsang, "The
 * ziggurat method for generating random variables", J. Stat. Software 5(8),
 * 2000): 256 layers of equal area; dist.c says how the tables are made. */
extern const uint32_t dist_zig_k[256];
extern const double dist_zig_w[256], dist_zig_f[256];
double dist_zig_exp_slow(gsl_rng *r, uint32_t j, unsigned i);

/* A standard exponential by the ziggurat from one xoshiro256++ step: its
 * lowest 8 bits pick the layer i, its upper 32 the point j, kept at once
 * (j * w[i]) in 98.9% of draws, else settled by dist_zig_exp_slow. */
static inline double dist_zig_exp1(gsl_rng *r)
{
    uint64_t x = rng_xoshiro_next(r->state);
    uint32_t j = (uint32_t)(x >> 32);
    unsigned i = (unsigned)(x & 255);
    return j < dist_zig_k[i] ? j * dist_zig_w[i] : dist_zig_exp_slow(r, j, i);
}

/* A standard exponential draw (mean 1) from r, a generator of rng_type or
 * rng_xoshiro_type.  From MRG32k3a: -ln U, U = rng_uniform(r) strictly
 * inside (0, 1), the same distribution as gsl_ran_exponential(r, 1), which
 * computes -ln(1 - U) with log1p: three times the cost (13 ns against 4 ns a
 * draw on the benchmark machine), and one draw per arrival makes that a
 * tenth of a busy port's run time.  From xoshiro256++: the ziggurat above,
 * which spends no logarithm in 98.9% of draws (a scenario that chooses
 * run.rng "xoshiro256++" chooses this sampler with it). */
static inline double dist_exp1(gsl_rng *r)
{
    if (r->type == &rng_xoshiro_type)
        return dist_zig_exp1(r);
    return -log(rng_uniform(r));
}

extern const uint32_t dist_zign_k[256];
extern const double dist_zign_w[256], dist_zign_f[256];
double dist_zig_normal_slow(gsl_rng *r, int64_t j, unsigned i);

/* A standard normal on xoshiro256++: the 256-layer ziggurat (dist.c), one
 * 64-bit step for nearly every draw: its low 8 bits pick the layer, its top
 * 32 a point j of it in [-2^31, 2^31) (so the two are independent bits). */
#define ZIGN_HALF INT64_C(2147483648)
static inline double dist_zig_normal1(gsl_rng *r)
{
    uint64_t x = rng_xoshiro_next(r->state);
    int64_t j = (int64_t)(x >> 32) - ZIGN_HALF;
    unsigned i = (unsigned)(x & 255);
    uint64_t a = (uint64_t)(j < 0 ? -j : j);
    return a < dist_zign_k[i] ? (double)j * dist_zign_w[i] : dist_zig_normal_slow(r, j, i);
}

/* A standard normal: the ziggurat above on xoshiro256++; GSL's ziggurat on
 * MRG32k3a (two steps a try, as for any generator of range under 2^32). */
static inline double dist_normal1(gsl_rng *r)
{
    if (r->type == &rng_xoshiro_type)
        return dist_zig_normal1(r);
    return gsl_ran_gaussian_ziggurat(r, 1.0);
}

/* dist_sample for any kind (dist.c): the gamma, deterministic, uniform and
 * empirical kinds, which dist_sample hands on. */
double dist_sample_other(const struct dist *d, gsl_rng *r);

/* One draw, in seconds (>= 0). */
static inline double dist_sample(const struct dist *d, gsl_rng *r)
{
    /* The two kinds of nearly every inspection and of every Poisson
     * arrival, inline (a call and a switch less per crosser); the rest in
     * dist.c.  gsl_ran_lognormal draws its normal by the polar method (a
     * logarithm and a rejection loop); a ziggurat is a faster sampler of the
     * same normal (dist_normal1). */
    if (d->kind == DIST_LOGNORMAL)
        return exp(d->a + d->b * dist_normal1(r));
    if (d->kind == DIST_EXPONENTIAL)
        return d->mean_s * dist_exp1(r);
    return dist_sample_other(d, r);
}

/* E[S^2], for Pollaczek-Khinchine checks and reports. */
double dist_second_moment(const struct dist *d);

#endif
