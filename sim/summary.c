/*
 * summary.c - replications to estimates (summary.h).
 *
 * Per-replication values are kept (metrics x groups x replications doubles:
 * small) so that intervals, and later paired differences, can be computed
 * from them; hourly figures are accumulated as replications arrive, so their
 * memory does not grow with the number of replications.
 */
#include "summary.h"

#include <assert.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cost.h"
#include "stats.h"
#include "units.h"


/* Hourly accumulators per (group, hour). */
enum { H_ARR, H_SERVED, H_FORGONE, H_WAIT, H_WAIT2, H_NWAIT, H_P95, H_NP95, H_QAREA, H_QMAX,
       H_OPEN, H_UTIL, H_NUTIL, H_CARR, H_CWAIT, H_NCWAIT, H_QWAIT, H_LANES, H_CROSS, H_NCROSS,
       H_COUNT };

static const char *const metric_names[M_COUNT] = {
    [M_ARRIVALS] = "arrivals", [M_SERVED] = "served", [M_FORGONE] = "forgone",
    [M_REMAINING] = "remaining", [M_WAIT_MEAN] = "wait_min", [M_WAIT_P50] = "p50",
    [M_WAIT_P95] = "p95", [M_WAIT_MAX] = "max", [M_WAIT_OVER_1H] = "share_over_60_min",
    [M_PORT_MEAN] = "time_in_port_min", [M_QUEUE_MEAN] = "queue_mean",
    [M_QUEUE_MAX] = "queue_max", [M_BOOTHS_OPEN] = "booths_open",
    [M_UTILISATION] = "utilisation", [M_VEHICLE_HOURS] = "vehicle_hours",
    [M_PERSON_HOURS] = "person_hours", [M_COST_TOTAL] = "total",
    [M_COST_VOT] = "value_of_time", [M_COST_TRUCK] = "truck_operating",
    [M_COST_FUEL] = "fuel", [M_FUEL_GAL] = "fuel_gal", [M_CO2_KG] = "co2_kg",
    [M_CLOSED_ARRIVALS] = "closed_arrivals", [M_CLOSED_WAIT_MEAN] = "closed_wait_min",
    [M_QUEUE_WAIT_MEAN] = "queue_wait_min", [M_CLOSED_VEHICLE_HOURS] = "closed_vehicle_hours",
    [M_COST_CLOSED] = "closed_wait",
    [M_LANES_OPEN] = "lanes_open",
};

const char *sum_metric_name(enum metric m)
{
    return (unsigned)m < M_COUNT ? metric_names[m] : NULL;
}

struct summary *sum_new(const struct scenario *scn, size_t n_groups, const struct group_id *ids,
                        size_t n_hours, size_t n_reps)
{
    assert(n_reps >= 1);
    struct summary *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->t_warm = scn->run.warmup_days * SECONDS_PER_DAY;
    s->by_weekday = scn_hourly_by_weekday(&scn->run);
    for (int d = 0; d < scn->run.days; d++)
        s->bin_days[((int)scn->run.start + d) % WD_COUNT]++;
    s->t_end = s->t_warm + scn->run.days * SECONDS_PER_DAY;
    s->flex = calloc(scn->n_lanes, sizeof *s->flex);
    if (!s->flex) {
        free(s);
        return NULL;
    }
    for (size_t i = 0; i < scn->n_lanes; i++)
        if (scn->lanes[i].scheduled || scn->lanes[i].has_policy)
            s->flex[s->n_flex++] = (int)i;
    s->lane_x = calloc((s->n_flex + 1) * 2 * n_reps, sizeof *s->lane_x);
    s->lane_est = calloc((s->n_flex + 1) * 2, sizeof *s->lane_est);
    s->n_groups = n_groups;
    s->cap_reps = n_reps;
    s->n_hours = n_hours;
    size_t cells = n_groups * n_hours;
    s->id = calloc(n_groups ? n_groups : 1, sizeof *s->id);
    s->x = calloc((size_t)M_COUNT * (n_groups + 1) * n_reps, sizeof *s->x);
    s->est = calloc((size_t)M_COUNT * (n_groups + 1), sizeof *s->est);
    s->hour = calloc(cells ? cells : 1, sizeof *s->hour);
    s->hacc = calloc((cells ? cells : 1) * H_COUNT, sizeof *s->hacc);
    s->scratch = calloc(n_reps, sizeof *s->scratch);
    s->wacc = calloc((n_groups ? n_groups : 1) * WAIT_GRID_N, sizeof *s->wacc);
    s->share_above = calloc((n_groups ? n_groups : 1) * WAIT_GRID_N, sizeof *s->share_above);
    s->n_cols = scn->n_stages > 0 ? (size_t)scn_stage_cols(scn) : 0;
    size_t cols = n_groups * s->n_cols, hcols = cells * s->n_cols;
    s->stage_x = calloc((cols ? cols : 1) * SM_COUNT * n_reps, sizeof *s->stage_x);
    s->stage_est = calloc((cols ? cols : 1) * SM_COUNT, sizeof *s->stage_est);
    s->stage_hacc = calloc((hcols ? hcols : 1) * 2 * SM_HOURLY, sizeof *s->stage_hacc);
    s->stage_hour = calloc((hcols ? hcols : 1) * SM_HOURLY, sizeof *s->stage_hour);
    s->cross_x = calloc((n_groups + 1) * CM_COUNT * n_reps, sizeof *s->cross_x);
    s->cross_est = calloc((n_groups + 1) * CM_COUNT, sizeof *s->cross_est);
    if (!s->id || !s->x || !s->est || !s->hour || !s->hacc || !s->scratch || !s->wacc || !s->share_above || !s->lane_x
        || !s->lane_est || !s->stage_x || !s->stage_est || !s->stage_hacc || !s->stage_hour
        || !s->cross_x || !s->cross_est) {
        sum_free(s);
        return NULL;
    }
    memcpy(s->id, ids, n_groups * sizeof *ids);
    return s;
}

void sum_free(struct summary *s)
{
    if (!s)
        return;
    free(s->id);
    free(s->x);
    free(s->est);
    free(s->hour);
    free(s->hacc);
    free(s->scratch);
    free(s->wacc);
    free(s->share_above);
    free(s->flex);
    free(s->lane_x);
    free(s->lane_est);
    free(s->rows);
    free(s->stage_x);
    free(s->stage_est);
    free(s->stage_hacc);
    free(s->stage_hour);
    free(s->cross_x);
    free(s->cross_est);
    for (size_t i = 0; i < s->n_warnings; i++)
        free(s->warnings[i]);
    free(s->warnings);
    free(s);
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

static void put_costs(struct summary *s, size_t g, size_t rep, const struct cost_parts *c,
                      double vehicle_s, double person_s)
{
    *sum_value(s, M_VEHICLE_HOURS, g, rep) += vehicle_s / SECONDS_PER_HOUR;
    *sum_value(s, M_PERSON_HOURS, g, rep) += person_s / SECONDS_PER_HOUR;
    *sum_value(s, M_COST_TOTAL, g, rep) += c->total;
    *sum_value(s, M_COST_VOT, g, rep) += c->value_of_time;
    *sum_value(s, M_COST_TRUCK, g, rep) += c->truck_operating;
    *sum_value(s, M_COST_FUEL, g, rep) += c->fuel_usd;
    *sum_value(s, M_FUEL_GAL, g, rep) += c->fuel_gal;
    *sum_value(s, M_CO2_KG, g, rep) += c->co2_kg;
}

/* Lane changes of replication r: counts and lane-hours lost inside the
 * measured window, per flex group and together, and the rows of lanes.csv. */
static int add_lane_changes(struct summary *s, const struct scenario *scn,
                            const struct rep_result *r)
{
    size_t rep = (size_t)r->replication;
    for (size_t i = 0; i < r->n_changes; i++) {
        const struct lane_change *c = &r->changes[i];
        size_t k = 0;
        while (k < s->n_flex && s->flex[k] != c->lg)
            k++;
        assert(k < s->n_flex);
        double end = isfinite(c->end) ? c->end : s->t_end;
        double from = c->t > s->t_warm ? c->t : s->t_warm;
        double to = end < s->t_end ? end : s->t_end;
        double lost_h = to > from ? scn->lanes[c->lg].lanes * (to - from) / SECONDS_PER_HOUR : 0;
        bool in = c->t >= s->t_warm && c->t < s->t_end;
        size_t n = s->cap_reps, all = s->n_flex;
        s->lane_x[(k * 2 + 0) * n + rep] += in;
        s->lane_x[(k * 2 + 1) * n + rep] += lost_h;
        s->lane_x[(all * 2 + 0) * n + rep] += in;
        s->lane_x[(all * 2 + 1) * n + rep] += lost_h;
        if (!in)
            continue;
        if (s->n_rows == s->cap_rows) {
            size_t cap = s->cap_rows ? 2 * s->cap_rows : 64;
            struct lane_row *nr = realloc(s->rows, cap * sizeof *nr);
            if (!nr)
                return -1;
            s->rows = nr;
            s->cap_rows = cap;
        }
        s->rows[s->n_rows++] = (struct lane_row){
            (int)rep, c->lg, c->from, c->to, c->t - s->t_warm,
            isfinite(c->end) ? c->end - s->t_warm : NAN, lost_h };
    }
    return 0;
}

/* Replication r's figures of group g at stage column k (minutes per
 * crosser; levels over the measured span), whole run and by hour. */
static void add_stage(struct summary *s, const struct rep_result *r, size_t g, size_t k,
                      double span)
{
    size_t rep = (size_t)r->replication;
    const struct stage_result *x = res_stage(r, g, k);
    double nq = (double)x->n_queue, nd = (double)x->n_done;
    *sum_stage_value(s, g, k, SM_QUEUE, rep) = nq > 0 ? x->queue_sum / nq / SECONDS_PER_MINUTE : NAN;
    *sum_stage_value(s, g, k, SM_INSPECTION, rep) =
        nd > 0 ? x->insp_sum / nd / SECONDS_PER_MINUTE : NAN;
    *sum_stage_value(s, g, k, SM_BLOCKED, rep) =
        nd > 0 ? x->blocked_sum / nd / SECONDS_PER_MINUTE : NAN;
    *sum_stage_value(s, g, k, SM_PASSED, rep) = nq;
    *sum_stage_value(s, g, k, SM_LINE_MEAN, rep) = x->queue_area / span;
    *sum_stage_value(s, g, k, SM_BOOTHS, rep) = x->open_area / span;
    *sum_stage_value(s, g, k, SM_UTIL, rep) = ratio(x->busy_area, x->open_area);
    for (size_t h = 0; h < s->n_hours; h++) {
        const struct stage_bin *b = res_stage_hour(r, g, h, k);
        double *a = &s->stage_hacc[((g * s->n_hours + h) * s->n_cols + k) * 2 * SM_HOURLY];
        double parts[SM_HOURLY] = { b->queue_sum, b->insp_sum, b->blocked_sum };
        uint32_t n[SM_HOURLY] = { b->n_queue, b->n_done, b->n_done };
        for (int j = 0; j < SM_HOURLY; j++)
            if (n[j] > 0) {
                a[2 * j] += parts[j] / n[j] / SECONDS_PER_MINUTE;
                a[2 * j + 1] += 1;
            }
    }
}

/* What sum_add gathers over the groups of a replication for the port as a
 * whole: booth-seconds open and busy, waits over an hour, time in the port
 * and waits for the opening (sums and counts), the longest queue. */
struct port_acc {
    double open, busy, over, port_sum, closed_sum, queue_max;
    uint64_t port_n, closed_n;
};

/* Group g's own figures of replication rep (results gr; levels over the
 * measured span, seconds): counts, waits (NAN where nobody waited),
 * time in the port and crossing, queue, booths and lanes. */
static void put_group(struct summary *s, const struct grp_result *gr, size_t g, size_t rep,
                      double span)
{
    bool waited = gr->wait.n > 0, crossed = gr->port.n > 0;
    *sum_value(s, M_ARRIVALS, g, rep) = (double)gr->arrivals;
    *sum_value(s, M_SERVED, g, rep) = (double)gr->served;
    *sum_value(s, M_FORGONE, g, rep) = (double)gr->forgone;
    *sum_value(s, M_REMAINING, g, rep) = (double)gr->remaining;
    *sum_value(s, M_WAIT_MEAN, g, rep) = tally_mean(&gr->wait) / SECONDS_PER_MINUTE;
    *sum_value(s, M_WAIT_P50, g, rep) = waited ? gr->wait_p50 / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_P95, g, rep) = waited ? gr->wait_p95 / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_MAX, g, rep) = waited ? gr->wait.max / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_OVER_1H, g, rep) = waited ? gr->wait_over_1h : NAN;
    *sum_value(s, M_PORT_MEAN, g, rep) = tally_mean(&gr->port) / SECONDS_PER_MINUTE;
    *sum_value(s, M_QUEUE_MEAN, g, rep) = gr->queue_area / span;
    *sum_value(s, M_QUEUE_MAX, g, rep) = gr->queue_max;
    *sum_value(s, M_BOOTHS_OPEN, g, rep) = gr->open_area / span;
    *sum_value(s, M_UTILISATION, g, rep) = ratio(gr->busy_area, gr->open_area);
    *sum_value(s, M_LANES_OPEN, g, rep) = gr->lanes_area / span;
    *sum_value(s, M_CLOSED_WAIT_MEAN, g, rep) = tally_mean(&gr->closed_wait) / SECONDS_PER_MINUTE;
    *sum_value(s, M_QUEUE_WAIT_MEAN, g, rep) =
        waited ? (gr->wait.sum - gr->closed_wait.sum) / (double)gr->wait.n / SECONDS_PER_MINUTE
               : NAN;
    *sum_cross_value(s, g, CM_P50, rep) = crossed ? gr->cross_p50 / SECONDS_PER_MINUTE : NAN;
    *sum_cross_value(s, g, CM_P95, rep) = crossed ? gr->cross_p95 / SECONDS_PER_MINUTE : NAN;
}

/* Group g's costs of replication rep and its arrivals and waits while
 * closed, for g and added to the port's (group all).  Waiting for the
 * opening counts for closed_wait_value of an hour in the queue; with the
 * default 1 the sums are the waits as they are.  A truck costs its whole
 * crossing time (driver and truck are paid through the inspections and
 * while blocked), a passenger mode its waiting. */
static void put_group_costs(struct summary *s, const struct scenario *scn,
                            const struct grp_result *gr, size_t g, size_t rep)
{
    size_t all = s->n_groups;
    double f = scn->costs.closed_wait_value;
    bool truck = s->id[g].mode == MODE_TRUCK;
    double vehicle_s = truck ? gr->port.sum : gr->wait.sum;
    double person_s = truck ? gr->port_person_s : gr->wait_person_s;
    if (f != 1) {
        vehicle_s -= (1 - f) * gr->closed_wait.sum;
        person_s -= (1 - f) * gr->closed_person_s;
    }
    struct cost_parts c, cc;
    cost_of(&scn->costs, s->id[g].mode, vehicle_s, person_s, &c);
    put_costs(s, g, rep, &c, gr->wait.sum, gr->wait_person_s);
    put_costs(s, all, rep, &c, gr->wait.sum, gr->wait_person_s);
    cost_of(&scn->costs, s->id[g].mode, f * gr->closed_wait.sum, f * gr->closed_person_s, &cc);
    *sum_value(s, M_COST_CLOSED, g, rep) = cc.total;
    *sum_value(s, M_COST_CLOSED, all, rep) += cc.total;
    *sum_value(s, M_CLOSED_ARRIVALS, g, rep) = (double)gr->closed_arrivals;
    *sum_value(s, M_CLOSED_ARRIVALS, all, rep) += (double)gr->closed_arrivals;
    *sum_value(s, M_CLOSED_VEHICLE_HOURS, g, rep) = gr->closed_wait.sum / SECONDS_PER_HOUR;
    *sum_value(s, M_CLOSED_VEHICLE_HOURS, all, rep) += gr->closed_wait.sum / SECONDS_PER_HOUR;
}

/* Group g's part of the port's figures of replication rep: its counts,
 * queue, booths and lanes added to group all's, the rest to acc. */
static void add_to_port(struct summary *s, const struct grp_result *gr, size_t g, size_t rep,
                        double span, struct port_acc *acc)
{
    size_t all = s->n_groups;
    for (enum metric m = M_ARRIVALS; m <= M_REMAINING; m++)
        *sum_value(s, m, all, rep) += *sum_value(s, m, g, rep);
    *sum_value(s, M_QUEUE_MEAN, all, rep) += gr->queue_area / span;
    *sum_value(s, M_BOOTHS_OPEN, all, rep) += gr->open_area / span;
    *sum_value(s, M_LANES_OPEN, all, rep) += gr->lanes_area / span;
    if (gr->queue_max > acc->queue_max)
        acc->queue_max = gr->queue_max;
    acc->open += gr->open_area;
    acc->busy += gr->busy_area;
    acc->over += gr->wait_over_1h * (double)gr->wait.n;
    acc->port_sum += gr->port.sum;
    acc->port_n += gr->port.n;
    acc->closed_sum += gr->closed_wait.sum;
    acc->closed_n += gr->closed_wait.n;
}

/* Replication r's hourly figures of group g added to the hourly
 * accumulators: per day of each hour's bin, and the means of the hours
 * with someone (waiting, crossing, a booth open) with their counts. */
static void add_group_hours(struct summary *s, const struct rep_result *r, size_t g)
{
    for (size_t h = 0; h < s->n_hours; h++) {
        const struct hour_bin *b = res_hour(r, g, h);
        double *a = &s->hacc[(g * s->n_hours + h) * H_COUNT];
        double days = sum_bin_days(s, h);
        if (days == 0)
            continue;
        a[H_ARR] += b->arrivals / days;
        a[H_SERVED] += b->served / days;
        a[H_FORGONE] += b->forgone / days;
        a[H_CARR] += b->closed_arrivals / days;
        if (b->n_closed_wait > 0) {
            a[H_CWAIT] += b->closed_wait_sum / b->n_closed_wait / SECONDS_PER_MINUTE;
            a[H_NCWAIT] += 1;
        }
        if (b->n_wait > 0) {
            double m = b->wait_sum / b->n_wait / SECONDS_PER_MINUTE;
            a[H_WAIT] += m;
            a[H_WAIT2] += m * m;
            a[H_NWAIT] += 1;
            a[H_QWAIT] += (b->wait_sum - b->closed_wait_sum) / b->n_wait / SECONDS_PER_MINUTE;
            a[H_P95] += lhist_quantile(&b->wait, 0.95) / SECONDS_PER_MINUTE;
            a[H_NP95] += 1;
        }
        a[H_QAREA] += b->queue_area / (SECONDS_PER_HOUR * days);
        a[H_QMAX] += b->queue_max / days;
        a[H_OPEN] += b->open_area / (SECONDS_PER_HOUR * days);
        a[H_LANES] += b->lanes_area / (SECONDS_PER_HOUR * days);
        if (b->n_cross > 0) {
            a[H_CROSS] += b->cross_sum / b->n_cross / SECONDS_PER_MINUTE;
            a[H_NCROSS] += 1;
        }
        if (b->open_area > 0) {
            a[H_UTIL] += b->busy_area / b->open_area;
            a[H_NUTIL] += 1;
        }
    }
}

/* The port's own figures of replication rep (group all) from its results
 * r and what the groups gathered in acc: waits (NAN where nobody waited),
 * time in the port and crossing, the longest queue, utilisation. */
static void put_port(struct summary *s, const struct rep_result *r, size_t rep,
                     const struct port_acc *acc)
{
    size_t all = s->n_groups;
    bool waited = r->wait_all.n > 0;
    uint64_t port_n = acc->port_n;
    *sum_value(s, M_WAIT_MEAN, all, rep) = tally_mean(&r->wait_all) / SECONDS_PER_MINUTE;
    *sum_value(s, M_CLOSED_WAIT_MEAN, all, rep) =
        acc->closed_n ? acc->closed_sum / (double)acc->closed_n / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_QUEUE_WAIT_MEAN, all, rep) =
        waited ? (r->wait_all.sum - acc->closed_sum) / (double)r->wait_all.n / SECONDS_PER_MINUTE
               : NAN;
    *sum_value(s, M_WAIT_P50, all, rep) = waited ? r->wait_all_p50 / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_P95, all, rep) = waited ? r->wait_all_p95 / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_MAX, all, rep) = waited ? r->wait_all.max / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_WAIT_OVER_1H, all, rep) = waited ? acc->over / (double)r->wait_all.n : NAN;
    *sum_value(s, M_PORT_MEAN, all, rep) =
        port_n ? acc->port_sum / (double)port_n / SECONDS_PER_MINUTE : NAN;
    *sum_cross_value(s, all, CM_P50, rep) = port_n ? r->cross_all_p50 / SECONDS_PER_MINUTE : NAN;
    *sum_cross_value(s, all, CM_P95, rep) = port_n ? r->cross_all_p95 / SECONDS_PER_MINUTE : NAN;
    *sum_value(s, M_QUEUE_MAX, all, rep) = acc->queue_max;
    *sum_value(s, M_UTILISATION, all, rep) = ratio(acc->busy, acc->open);
}

int sum_add(struct summary *s, const struct scenario *scn, const struct rep_result *r)
{
    size_t rep = s->n_reps;
    assert((size_t)r->replication == rep && rep < s->cap_reps);
    assert(r->n_groups == s->n_groups && r->n_hours == s->n_hours);
    double span = s->t_end - s->t_warm;         /* the measured days, seconds */
    struct port_acc acc = { 0 };
    for (size_t g = 0; g < s->n_groups; g++) {
        const struct grp_result *gr = &r->grp[g];
        put_group(s, gr, g, rep, span);
        put_group_costs(s, scn, gr, g, rep);
        add_to_port(s, gr, g, rep, span, &acc);
        for (size_t k = 0; k < s->n_cols; k++)
            add_stage(s, r, g, k, span);
        add_group_hours(s, r, g);
    }
    for (size_t i = 0; i < s->n_groups * WAIT_GRID_N; i++)
        s->wacc[i] += r->share_above[i];
    put_port(s, r, rep, &acc);
    s->events += r->events;
    s->n_reps++;
    return add_lane_changes(s, scn, r);
}

/* The 95% half-width of a mean from the sum and sum of squares of k values. */
static double hour_ci95(double sum, double sum2, double k)
{
    if (k < 2)
        return NAN;
    double var = (sum2 - sum * sum / k) / (k - 1);
    return gsl_cdf_tdist_Pinv(STATS_CI_UPPER, k - 1) * sqrt((var > 0 ? var : 0) / k);
}

/* Mean and interval over the finite values of x[0..n). */
static struct estimate estimate_of(const double *x, size_t n, double *scratch)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            scratch[k++] = x[i];
    struct estimate e = { NAN, NAN, k };
    if (k > 0)
        stats_ci95(scratch, k, &e.mean, &e.ci95);
    return e;
}

void sum_finish(struct summary *s)
{
    assert(s->n_reps >= 1);
    double *scratch = s->scratch;
    for (int m = 0; m < M_COUNT; m++)
        for (size_t g = 0; g <= s->n_groups; g++)
            s->est[(size_t)m * (s->n_groups + 1) + g] =
                estimate_of(sum_value(s, (enum metric)m, g, 0), s->n_reps, scratch);
    for (size_t i = 0; i < (s->n_flex + 1) * 2; i++)
        s->lane_est[i] = estimate_of(&s->lane_x[i * s->cap_reps], s->n_reps, scratch);
    for (size_t i = 0; i < s->n_groups * s->n_cols * SM_COUNT; i++)
        s->stage_est[i] = estimate_of(&s->stage_x[i * s->cap_reps], s->n_reps, scratch);
    for (size_t i = 0; i < s->n_groups * s->n_hours * s->n_cols * SM_HOURLY; i++)
        s->stage_hour[i] = ratio(s->stage_hacc[2 * i], s->stage_hacc[2 * i + 1]);
    for (size_t i = 0; i < (s->n_groups + 1) * CM_COUNT; i++)
        s->cross_est[i] = estimate_of(&s->cross_x[i * s->cap_reps], s->n_reps, scratch);
    double n = (double)s->n_reps;
    for (size_t i = 0; i < s->n_groups * WAIT_GRID_N; i++)
        s->share_above[i] = s->wacc[i] / n;
    for (size_t i = 0; i < s->n_groups * s->n_hours; i++) {
        const double *a = &s->hacc[i * H_COUNT];
        s->hour[i] = (struct hour_est){
            .arrivals = a[H_ARR] / n, .served = a[H_SERVED] / n, .forgone = a[H_FORGONE] / n,
            .closed_arrivals = a[H_CARR] / n,
            .closed_wait_min = ratio(a[H_CWAIT], a[H_NCWAIT]),
            .queue_wait_min = ratio(a[H_QWAIT], a[H_NWAIT]),
            .wait_mean_min = ratio(a[H_WAIT], a[H_NWAIT]),
            .wait_mean_ci95_min = hour_ci95(a[H_WAIT], a[H_WAIT2], a[H_NWAIT]),
            .wait_p95_min = ratio(a[H_P95], a[H_NP95]),
            .queue_mean = a[H_QAREA] / n, .queue_max = a[H_QMAX] / n,
            .booths_open = a[H_OPEN] / n, .utilisation = ratio(a[H_UTIL], a[H_NUTIL]),
            .lanes_open = a[H_LANES] / n,
            .cross_mean_min = ratio(a[H_CROSS], a[H_NCROSS]),
        };
    }
}
