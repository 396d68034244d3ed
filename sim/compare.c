/*
 * compare.c - paired differences and benefit-cost (compare.h).
 *
 * Pure arithmetic on summaries: the per-replication values each summary
 * keeps are paired by replication number.
 */
#include "compare.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "units.h"

#define CONFIDENCE_QUANTILE 0.975       /* two-sided 95% */

struct estimate cmp_paired(const double *x, const double *y, size_t n, double *scratch)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && isfinite(y[i]))
            scratch[k++] = x[i] - y[i];
    struct estimate e = { NAN, NAN, k };
    if (k > 0)
        stats_ci95(scratch, k, &e.mean, &e.ci95);
    return e;
}

/* Sample mean and variance of the finite values; returns their count. */
static size_t moments(const double *x, size_t n, double *mean, double *var)
{
    size_t k = 0;
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            k++;
            s += x[i];
        }
    *mean = k ? s / (double)k : NAN;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            ss += (x[i] - *mean) * (x[i] - *mean);
    *var = k > 1 ? ss / (double)(k - 1) : NAN;
    return k;
}

/* Welch's 95% half-width for the difference of two independent means. */
static double welch_ci95(const double *x, const double *y, size_t n)
{
    double mx, vx, my, vy;
    size_t nx = moments(x, n, &mx, &vx), ny = moments(y, n, &my, &vy);
    if (nx < 2 || ny < 2)
        return NAN;
    double a = vx / (double)nx, b = vy / (double)ny;
    if (a + b == 0)
        return 0;
    double df = (a + b) * (a + b) / (a * a / (double)(nx - 1) + b * b / (double)(ny - 1));
    return gsl_cdf_tdist_Pinv(CONFIDENCE_QUANTILE, df) * sqrt(a + b);
}

double cmp_booth_hours_per_day(const struct scenario *s)
{
    double total = 0;
    for (int d = 0; d < s->run.days; d++) {
        enum weekday w = (enum weekday)(((int)s->run.start + d) % WD_COUNT);
        for (size_t i = 0; i < s->n_lanes; i++) {
            const struct daysched *ds = &s->lanes[i].staffed;
            int n = ds->day[w].n;
            for (int k = 0; k < n; k++) {
                int end = k + 1 < n ? ds->day[w].minute[k + 1] : MINUTES_PER_DAY;
                total += ds->day[w].value[k] * (end - ds->day[w].minute[k])
                         / (double)MINUTES_PER_HOUR;
            }
        }
    }
    return total / s->run.days;
}

void cmp_bca_compute(const struct investment *inv, struct estimate savings_per_day,
                     double d_booth_hours_per_day, struct cmp_bca *out)
{
    memset(out, 0, sizeof *out);
    out->present = inv->present;
    out->capital = inv->capital_usd;
    out->om = inv->om_usd_per_year;
    out->d_booth_hours_per_day = d_booth_hours_per_day;
    out->staffing = inv->staffing_usd_per_booth_hour * d_booth_hours_per_day * inv->days_per_year;
    out->annual_cost = out->om + out->staffing;
    out->savings_per_day = savings_per_day;
    out->annual_savings = (struct estimate){ savings_per_day.mean * inv->days_per_year,
                                             savings_per_day.ci95 * inv->days_per_year,
                                             savings_per_day.n };
    double r = inv->discount_rate, life = inv->life_years;
    out->annuity = r > 0 ? (1 - pow(1 + r, -life)) / r : life;
    double a = out->annuity, b = out->annual_savings.mean, h = out->annual_savings.ci95;
    out->npv = (struct estimate){ a * (b - out->annual_cost) - out->capital, a * h,
                                  savings_per_day.n };
    double denom = out->capital + a * out->annual_cost;
    if (denom > 0) {
        out->bcr = a * b / denom;
        out->bcr_low = isfinite(h) ? a * (b - h) / denom : NAN;
        out->bcr_high = isfinite(h) ? a * (b + h) / denom : NAN;
    } else {
        out->bcr = out->bcr_low = out->bcr_high = NAN;
    }
}

void cmp_free(struct comparison *c)
{
    if (!c)
        return;
    if (c->names)
        for (size_t i = 0; i < c->n_scen; i++)
            free(c->names[i]);
    free(c->names);
    free(c->rows);
    free(c->bca);
    free(c);
}

static const double *values(const struct summary *s, enum metric m, size_t g)
{
    return sum_value(s, m, g, 0);
}

/* The baseline's index of group id (n_groups for "all"), or -1. */
static long base_group(const struct summary *b, bool all, struct group_id id)
{
    if (all)
        return (long)b->n_groups;
    for (size_t g = 0; g < b->n_groups; g++)
        if (b->id[g].dir == id.dir && b->id[g].mode == id.mode && b->id[g].prog == id.prog)
            return (long)g;
    return -1;
}

static struct estimate scaled(struct estimate x, double f)
{
    return (struct estimate){ x.mean * f, x.ci95 * f, x.n };
}

struct comparison *cmp_build(const struct scenario *const *scn,
                             const struct summary *const *sum, size_t n, struct err *e)
{
    assert(n >= 1);
    size_t reps = sum[0]->n_reps, rows = 0;
    for (size_t i = 0; i < n; i++) {
        assert(sum[i]->n_reps == reps && scn[i]->run.days == scn[0]->run.days);
        rows += sum[i]->n_groups + 1;
    }
    struct comparison *c = calloc(1, sizeof *c);
    double *scratch = malloc(reps * sizeof *scratch);
    if (!c || !scratch)
        goto oom;
    c->n_scen = n;
    c->replications = (int)reps;
    c->names = calloc(n, sizeof *c->names);
    c->rows = calloc(rows, sizeof *c->rows);
    c->bca = calloc(n, sizeof *c->bca);
    if (!c->names || !c->rows || !c->bca)
        goto oom;
    double days = scn[0]->run.days;
    const struct summary *b = sum[0];
    for (size_t i = 0; i < n; i++) {
        if (!(c->names[i] = strdup(scn[i]->name)))
            goto oom;
        const struct summary *s = sum[i];
        for (size_t g = 0; g <= s->n_groups; g++) {
            struct cmp_row *r = &c->rows[c->n_rows++];
            r->scenario = i;
            r->all = g == s->n_groups;
            if (!r->all)
                r->id = s->id[g];
            r->wait = *sum_est(s, M_WAIT_MEAN, g);
            r->wait_p95 = *sum_est(s, M_WAIT_P95, g);
            r->cost = *sum_est(s, M_COST_TOTAL, g);
            r->cost_per_day = scaled(r->cost, 1 / days);
            long gb = base_group(b, r->all, r->id);
            r->has_base = gb >= 0;
            if (!r->has_base) {
                r->d_wait = r->d_wait_p95 = r->d_cost = r->d_cost_per_day =
                    (struct estimate){ NAN, NAN, 0 };
                r->d_wait_unpaired_ci95 = NAN;
                continue;
            }
            r->d_wait = cmp_paired(values(s, M_WAIT_MEAN, g), values(b, M_WAIT_MEAN, (size_t)gb),
                                   reps, scratch);
            r->d_wait_p95 = cmp_paired(values(s, M_WAIT_P95, g),
                                       values(b, M_WAIT_P95, (size_t)gb), reps, scratch);
            r->d_cost = cmp_paired(values(s, M_COST_TOTAL, g),
                                   values(b, M_COST_TOTAL, (size_t)gb), reps, scratch);
            r->d_cost_per_day = scaled(r->d_cost, 1 / days);
            r->d_wait_unpaired_ci95 = welch_ci95(values(s, M_WAIT_MEAN, g),
                                                 values(b, M_WAIT_MEAN, (size_t)gb), reps);
        }
        if (i > 0 && scn[i]->investment.present) {
            struct estimate saved = cmp_paired(values(b, M_COST_TOTAL, b->n_groups),
                                               values(s, M_COST_TOTAL, s->n_groups), reps, scratch);
            double dh = cmp_booth_hours_per_day(scn[i]) - cmp_booth_hours_per_day(scn[0]);
            cmp_bca_compute(&scn[i]->investment, scaled(saved, 1 / days), dh, &c->bca[i]);
        }
        c->bca[i].booth_hours_per_day = cmp_booth_hours_per_day(scn[i]);
    }
    free(scratch);
    return c;
oom:
    free(scratch);
    cmp_free(c);
    err_set(e, EXIT_FAIL, "out of memory comparing scenarios");
    return NULL;
}
