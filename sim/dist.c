/*
 * dist.c - service time distributions: construction from a planner's
 * parameters, and sampling through GSL.
 *
 * The workload: a handful of distributions built once per scenario, then one
 * dist_sample per service (millions per replication).  So the constructors
 * do all the arithmetic (the lognormal's underlying zeta and sigma, the
 * gamma's shape and scale, an empirical sample's moments) and store it in
 * the plain struct; dist_sample is one switch and one GSL call, with no
 * allocation and no transcendental functions beyond what GSL's sampler needs.
 *
 * Every kind records its mean and coefficient of variation, so reports and
 * the queueing checks (Pollaczek-Khinchine needs E[S^2]) can treat all kinds
 * alike.  A distribution with mean 0 (uniform on [0, 0], empirical of
 * zeros) has cv 0 by convention.
 *
 * Constructor arguments are validated by the scenario module, which can name
 * the JSON path; here an invalid argument is a bug and aborts.
 */
#include "dist.h"

#include <assert.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_randist.h>

/* sqrt(12): the standard deviation of U(a, b) is (b - a) / sqrt(12). */
#define SQRT_12 3.46410161513775458705

static const char *const kind_names[DIST_KIND_COUNT] = {
    [DIST_EXPONENTIAL] = "exponential",
    [DIST_LOGNORMAL] = "lognormal",
    [DIST_GAMMA] = "gamma",
    [DIST_DETERMINISTIC] = "deterministic",
    [DIST_UNIFORM] = "uniform",
    [DIST_EMPIRICAL] = "empirical",
};

const char *dist_kind_name(enum dist_kind k)
{
    return ((int)k >= 0 && k < DIST_KIND_COUNT) ? kind_names[k] : NULL;
}

int dist_kind_parse(const char *s)
{
    if (!s)
        return -1;
    for (int k = 0; k < DIST_KIND_COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

/* A cleared dist of kind k: fields a kind does not use are 0 / NULL. */
static void start(struct dist *d, enum dist_kind k)
{
    memset(d, 0, sizeof *d);
    d->kind = k;
}

/* sd / mean, or 0 for a distribution concentrated at 0. */
static double cv_of(double mean, double sd)
{
    return mean > 0 ? sd / mean : 0;
}

void dist_exponential(struct dist *d, double mean_s)
{
    assert(mean_s > 0 && isfinite(mean_s));
    start(d, DIST_EXPONENTIAL);
    d->mean_s = mean_s;
    d->cv = 1;
}

void dist_lognormal(struct dist *d, double mean_s, double cv)
{
    assert(mean_s > 0 && isfinite(mean_s));
    assert(cv > 0 && isfinite(cv));
    start(d, DIST_LOGNORMAL);
    d->mean_s = mean_s;
    d->cv = cv;
    double sigma2 = log1p(cv * cv);
    d->a = log(mean_s) - sigma2 / 2;    /* zeta */
    d->b = sqrt(sigma2);                /* sigma */
}

void dist_gamma(struct dist *d, double mean_s, double cv)
{
    assert(mean_s > 0 && isfinite(mean_s));
    assert(cv > 0 && isfinite(cv));
    start(d, DIST_GAMMA);
    d->mean_s = mean_s;
    d->cv = cv;
    d->a = 1 / (cv * cv);               /* shape k */
    d->b = mean_s * cv * cv;            /* scale theta */
}

void dist_deterministic(struct dist *d, double mean_s)
{
    assert(mean_s > 0 && isfinite(mean_s));
    start(d, DIST_DETERMINISTIC);
    d->mean_s = mean_s;
    d->cv = 0;
}

void dist_uniform(struct dist *d, double min_s, double max_s)
{
    assert(0 <= min_s && min_s <= max_s && isfinite(max_s));
    start(d, DIST_UNIFORM);
    d->a = min_s;
    d->b = max_s;
    d->mean_s = (min_s + max_s) / 2;
    d->cv = cv_of(d->mean_s, (max_s - min_s) / SQRT_12);
}

void dist_empirical(struct dist *d, const double *values, size_t n)
{
    assert(values && n >= 1);
    start(d, DIST_EMPIRICAL);
    d->values = values;
    d->n_values = n;
    /* Population moments, two passes (the bootstrap distribution puts mass
     * 1/n on each value). */
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        assert(values[i] >= 0 && isfinite(values[i]));
        sum += values[i];
    }
    double mean = sum / (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (values[i] - mean) * (values[i] - mean);
    d->mean_s = mean;
    d->cv = cv_of(mean, sqrt(ss / (double)n));
}

double dist_sample(const struct dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case DIST_EXPONENTIAL:
        return d->mean_s * dist_exp1(r);
    case DIST_LOGNORMAL:
        /* gsl_ran_lognormal draws its normal by the polar method (a
         * logarithm and a rejection loop); the ziggurat is GSL's faster
         * sampler of the same normal. */
        return exp(d->a + d->b * gsl_ran_gaussian_ziggurat(r, 1.0));
    case DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case DIST_DETERMINISTIC:
        return d->mean_s;
    case DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case DIST_EMPIRICAL:
        return d->values[gsl_rng_uniform_int(r, d->n_values)];
    case DIST_KIND_COUNT:
        break;
    }
    assert(!"dist_sample: invalid kind");
    return NAN;
}

double dist_second_moment(const struct dist *d)
{
    double sd = d->cv * d->mean_s;
    return sd * sd + d->mean_s * d->mean_s;
}
