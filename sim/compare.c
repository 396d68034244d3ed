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
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_cdf.h>

#include "overload.h"
#include "stats.h"
#include "units.h"

#define WARN_ID_LEN 48          /* "DEVICE:INODE" of a file, two 64-bit numbers */

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
    return gsl_cdf_tdist_Pinv(STATS_CI_UPPER, df) * sqrt(a + b);
}

/* Booth-minutes of every lane group of s on `day`. */
static long day_booth_minutes(const struct scenario *s, const struct scn_day *day)
{
    long total = 0;
    for (size_t i = 0; i < s->n_lanes; i++)
        total += scn_booth_minutes(s, &s->lanes[i], day);
    return total;
}

double cmp_booth_hours_per_day(const struct scenario *s)
{
    /* An ordinary day depends on its weekday only: each is worked out once
     * (a holiday with hours of its own, every time it comes). */
    long by_weekday[WD_COUNT];
    bool known[WD_COUNT] = { false };
    double total = 0;
    for (int d = 0; d < s->run.days; d++) {
        struct scn_day day;
        scn_day_of(s, s->run.warmup_days + d, &day);
        bool own_hours = false;
        for (int k = 0; day.holiday && k < DIR_COUNT * MODE_COUNT; k++)
            own_hours = own_hours || day.holiday->has_hours[k / MODE_COUNT][k % MODE_COUNT];
        if (own_hours) {
            total += day_booth_minutes(s, &day);
            continue;
        }
        day.holiday = NULL;
        if (!known[day.weekday]) {
            by_weekday[day.weekday] = day_booth_minutes(s, &day);
            known[day.weekday] = true;
        }
        total += by_weekday[day.weekday];
    }
    return total / MINUTES_PER_HOUR / s->run.days;
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

void cmp_warnings_free(struct cmp_warning *w, size_t n)
{
    for (size_t i = 0; w && i < n; i++) {
        free(w[i].text);
        free(w[i].scen);
    }
    free(w);
}

struct warn_list {
    struct cmp_warning *w;
    char **key;                 /* per warning: what identifies it (warn_key) */
    size_t n, cap;
    size_t scen;                /* the scenario whose warnings are being added */
};

/* What identifies a warning: its text, with a leading "FILE: " that names a
 * file replaced by the file's identity (device and inode), so that a base
 * file's warning is one warning whichever path each proposal's "extends"
 * reached it by.  malloc'd; NULL if out of memory. */
static char *warn_key(const char *text)
{
    const char *sep = strstr(text, ": ");
    char *file = sep ? strndup(text, (size_t)(sep - text)) : NULL;
    struct stat st;
    char *key;
    if (file && stat(file, &st) == 0) {
        size_t n = strlen(sep) + WARN_ID_LEN;
        if ((key = malloc(n)))
            snprintf(key, n, "%ju:%ju%s", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino, sep);
    } else {
        key = strdup(text);
    }
    free(file);
    return key;
}

/* Add text for scenario l->scen: to its entry if seen, else a new one. */
static int warn_add(void *ctx, const char *text)
{
    struct warn_list *l = ctx;
    char *key = warn_key(text);
    if (!key)
        return -1;
    size_t i = 0;
    while (i < l->n && strcmp(l->key[i], key) != 0)
        i++;
    if (i < l->n) {
        free(key);
    } else {
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 8;
            struct cmp_warning *g = realloc(l->w, cap * sizeof *g);
            if (g)
                l->w = g;
            char **k = g ? realloc(l->key, cap * sizeof *k) : NULL;
            if (!k) {
                free(key);
                return -1;
            }
            l->key = k;
            l->cap = cap;
        }
        l->key[i] = key;
        l->w[i] = (struct cmp_warning){ strdup(text), 0, NULL };
        l->n++;
        if (!l->w[i].text)
            return -1;
    }
    struct cmp_warning *w = &l->w[i];
    if (w->n_scen > 0 && w->scen[w->n_scen - 1] == l->scen)
        return 0;               /* said twice by one scenario */
    size_t *g = realloc(w->scen, (w->n_scen + 1) * sizeof *g);
    if (!g)
        return -1;
    w->scen = g;
    w->scen[w->n_scen++] = l->scen;
    return 0;
}

static void keys_free(char **key, size_t n)
{
    for (size_t i = 0; key && i < n; i++)
        free(key[i]);
    free(key);
}

int cmp_warnings(const struct scenario *const *scn, const struct summary *const *sums, size_t n,
                 bool load, struct cmp_warning **out, size_t *n_out, struct err *e)
{
    struct warn_list l = { NULL, NULL, 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        l.scen = i;
        for (size_t k = 0; load && k < scn[i]->n_warnings; k++)
            if (warn_add(&l, scn[i]->warnings[k]) < 0)
                goto oom;
        if (sums && ovl_collect(scn[i], sums[i], warn_add, &l) < 0)
            goto oom;
    }
    keys_free(l.key, l.n);
    *out = l.w;
    *n_out = l.n;
    return 0;
oom:
    keys_free(l.key, l.n);
    cmp_warnings_free(l.w, l.n);
    return err_set(e, EXIT_FAIL, "out of memory collecting warnings");
}

void cmp_free(struct comparison *c)
{
    if (!c)
        return;
    cmp_warnings_free(c->warnings, c->n_warnings);
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

/* c->best, the proposal with the lowest mean wait of the whole port, and
 * each scenario's whole-port wait paired against it (rows d_best_wait). */
static void versus_best(struct comparison *c, const struct summary *const *sum,
                        double *scratch)
{
    size_t reps = (size_t)c->replications;
    const struct cmp_row *best = NULL;
    for (size_t r = 0; r < c->n_rows; r++) {
        struct cmp_row *x = &c->rows[r];
        x->d_best_wait = (struct estimate){ NAN, NAN, 0 };
        if (x->all && x->scenario > 0 && isfinite(x->wait.mean)
            && (!best || x->wait.mean < best->wait.mean))
            best = x;
    }
    if (!best)
        return;
    c->best = best->scenario;
    const struct summary *b = sum[c->best];
    for (size_t r = 0; r < c->n_rows; r++) {
        struct cmp_row *x = &c->rows[r];
        const struct summary *s = sum[x->scenario];
        if (x->all)
            x->d_best_wait = cmp_paired(values(s, M_WAIT_MEAN, s->n_groups),
                                        values(b, M_WAIT_MEAN, b->n_groups), reps, scratch);
    }
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
    double days = scn[0]->run.days, base_hours = 0;
    const struct summary *b = sum[0];
    for (size_t i = 0; i < n; i++) {
        if (!(c->names[i] = strdup(scn[i]->name)))
            goto oom;
        c->staged = c->staged || scn[i]->n_stages > 0;
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
            r->queue_wait = *sum_est(s, M_QUEUE_WAIT_MEAN, g);
            r->closed_wait = *sum_est(s, M_CLOSED_WAIT_MEAN, g);
            r->closed_per_day = scaled(*sum_est(s, M_CLOSED_ARRIVALS, g), 1 / days);
            r->cost_closed_per_day = scaled(*sum_est(s, M_COST_CLOSED, g), 1 / days);
            r->served_per_day = scaled(*sum_est(s, M_SERVED, g), 1 / days);
            r->remaining_per_day = scaled(*sum_est(s, M_REMAINING, g), 1 / days);
            double arrivals = sum_est(s, M_ARRIVALS, g)->mean;
            r->remaining_share = arrivals > 0 ? sum_est(s, M_REMAINING, g)->mean / arrivals : NAN;
            r->crossing = *sum_est(s, M_PORT_MEAN, g);
            long gb = base_group(b, r->all, r->id);
            r->has_base = gb >= 0;
            if (!r->has_base) {
                r->d_wait = r->d_wait_p95 = r->d_cost = r->d_cost_per_day =
                    r->d_queue_wait = r->d_served_per_day = r->d_crossing =
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
            r->d_queue_wait = cmp_paired(values(s, M_QUEUE_WAIT_MEAN, g),
                                         values(b, M_QUEUE_WAIT_MEAN, (size_t)gb), reps, scratch);
            r->d_served_per_day = scaled(cmp_paired(values(s, M_SERVED, g),
                                                    values(b, M_SERVED, (size_t)gb), reps, scratch),
                                         1 / days);
            r->d_crossing = cmp_paired(values(s, M_PORT_MEAN, g),
                                       values(b, M_PORT_MEAN, (size_t)gb), reps, scratch);
        }
        /* booth-hours walk every minute of every day type: once each */
        double hours = cmp_booth_hours_per_day(scn[i]);
        if (i == 0)
            base_hours = hours;
        if (i > 0 && scn[i]->investment.present) {
            struct estimate saved = cmp_paired(values(b, M_COST_TOTAL, b->n_groups),
                                               values(s, M_COST_TOTAL, s->n_groups), reps, scratch);
            cmp_bca_compute(&scn[i]->investment, scaled(saved, 1 / days), hours - base_hours,
                            &c->bca[i]);
        }
        c->bca[i].booth_hours_per_day = hours;
    }
    versus_best(c, sum, scratch);
    free(scratch);
    return c;
oom:
    free(scratch);
    cmp_free(c);
    err_set(e, EXIT_FAIL, "out of memory comparing scenarios");
    return NULL;
}
