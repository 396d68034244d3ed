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

/* A standard exponential draw (mean 1) from r, a generator of rng_type:
 * -ln U, U = rng_uniform(r) strictly inside (0, 1).  The same distribution as
 * gsl_ran_exponential(r, 1), which computes -ln(1 - U) with log1p: three
 * times the cost (13 ns against 4 ns a draw on the benchmark machine), and
 * one draw per arrival makes that a tenth of a busy port's run time. */
static inline double dist_exp1(gsl_rng *r)
{
    return -log(rng_uniform(r));
}

/* One draw, in seconds (>= 0). */
double dist_sample(const struct dist *d, gsl_rng *r);
/* E[S^2], for Pollaczek-Khinchine checks and reports. */
double dist_second_moment(const struct dist *d);

#endif
