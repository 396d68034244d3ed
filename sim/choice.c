/*
 * choice.c - the logit, successive averages and the toll rule (choice.h).
 *
 * A region evaluates these a few thousand times an iteration (segments x
 * ports x 24 hours): arithmetic next to a simulation of the ports, so the
 * code favours plain loops and exactness (the largest utility is
 * subtracted before exponentiating, the usual guard).
 */
#include "choice.h"

#include <math.h>

#include "units.h"

double cho_toll_coef(double wait_per_min, double vot_usd_per_hour)
{
    return wait_per_min * (double)MINUTES_PER_HOUR / vot_usd_per_hour;
}

double cho_utility(const struct cho_coef *b, double constant, double access_min,
                   double wait_min, double toll_usd)
{
    return constant + b->access_per_min * access_min + b->wait_per_min * wait_min
           + b->toll_per_usd * toll_usd;
}

size_t cho_logit(const double *v, const bool *avail, size_t n, double *p)
{
    double vmax = -INFINITY;
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        p[j] = 0;
        if ((!avail || avail[j]) && isfinite(v[j])) {
            k++;
            if (v[j] > vmax)
                vmax = v[j];
        }
    }
    if (k == 0)
        return 0;
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        if ((!avail || avail[j]) && isfinite(v[j]))
            sum += p[j] = exp(v[j] - vmax);
    for (size_t j = 0; j < n; j++)
        p[j] /= sum;            /* sum >= 1: the best option contributes exp(0) */
    return k;
}

double cho_msa_step(double *x, const double *y, size_t n, int k)
{
    double worst = 0, w = 1.0 / (k + 1);
    for (size_t i = 0; i < n; i++) {
        double d = (y[i] - x[i]) * w;
        x[i] += d;
        if (fabs(d) > worst)
            worst = fabs(d);
    }
    return worst;
}

double cho_toll_next(const struct cho_toll_rule *r, double toll, double wait_min)
{
    double t = wait_min > r->target_wait_min ? toll + r->step_usd : toll - r->step_usd;
    return t < r->min_usd ? r->min_usd : t > r->max_usd ? r->max_usd : t;
}
