/*
 * calibrate.c - fit a base scenario to an observed hourly table
 * (calibrate.h).
 *
 * The work is small next to the simulations it runs: a table has a few
 * queues of 24 hours, and each fitted value is a short formula over them.
 * What costs is judging a fit, which takes a simulation of the whole port
 * (for San Ysidro: four days, ten replications, about 0.3 s on two
 * threads).  The fixed-point rounds are therefore few (5 for each of 4
 * candidate upper bounds: 20 simulations), and the best round, not the
 * last, is kept: the rounds correct integers (officers on duty) and noisy
 * estimates, so they wander near the fixed point rather than converge.
 *
 * How a queue is read from the table (hours of the day h = 0..23, the
 * observed volume V, lanes L and wait W; missing values interpolated
 * linearly around the clock for fitting, never for the statistics):
 *
 *   standing queue at the start of hour h: the crossers the booths process
 *     during the wait of someone arriving then,
 *         B_h = integral of V from h to h + W_b / 60,  W_b = (W_{h-1} + W_h) / 2;
 *   demand in hour h: A_h = V_h + B_{h+1} - B_h (at least 0); the queue at
 *     00:00, B_0, is the initial queue.  The day is taken as periodic: an
 *     average weekday's queue at midnight carries into the next day;
 *   standing hours: W_h >= stand_min (default 5 min);
 *   inspection time in a standing hour: 3600 L_h / V_h seconds a lane
 *     (hourly_factor = that / the base distribution's mean); in the other
 *     hours the median of the standing hours' (a queue that does not stand
 *     says nothing of the speed, and its neighbours may be odd hours).
 *
 * The statistics (README.md, "Calibration"): MAE, RMSE and MAPE of the
 * hourly mean wait over the hours with an observed wait, the MAPE's
 * denominator at least CALIB_MAPE_FLOOR_MIN; the error of the daily mean wait
 * (the mean of those hours); GEH = sqrt(2 (M - C)^2 / (M + C)) of the hourly
 * volumes, M simulated, C observed; the mean error of the lanes open and the
 * share of hours within 2 lanes.
 */
#include "calibrate.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "batch.h"
#include "fileset.h"
#include "output.h"
#include "summary.h"
#include "units.h"
#include "version.h"

#define HOURS HOURS_PER_DAY
#define QUEUES_MAX (DIR_COUNT * MODE_COUNT * (PROG_COUNT + 1))
#define SLACK_BOOTHS 1              /* officers on duty at first: the lanes observed + 1 */
#define CAP_TOL 0.10                /* officers move when the wait is 10% off */
#define CAP_AT_LIMIT 0.3            /* booths this close to the officers' limit are at it */
#define FAC_MIN 0.02                /* hourly factors are kept in the loader's range */
#define FAC_MAX 100.0
#define FAC_DAMP 0.5                /* the speed correction's exponent: half the log-ratio */
#define HI_GAP 1.0                  /* the upper bound at least this above the lower */
#define GEH_OK 5.0                  /* the usual traffic-model calibration threshold */
#define STANDING_HOURS_MIN 3        /* fewer standing hours: no policy to fit, a schedule */
#define LANES_OK 2.0
#define LANES_TARGET 0.8            /* below this share of hours within 2 lanes, the objective
                                       counts the shortfall */
#define NOTE_MAX 1000               /* a scenario note's bytes */
#define SHARE_DIGITS 1e6            /* hourly shares written to 6 decimals */
#define ROUND_1(x) (round((x) * 10) / 10)
#define ROUND_4(x) (round((x) * 1e4) / 1e4)

/* The candidate upper bounds: quantiles of the standing waits (or queue
 * lengths, for a policy on the queue). */
static const double hi_quantiles[] = {0.25, 0.5, 0.75, 1.0};
#define N_CANDIDATES (sizeof hi_quantiles / sizeof hi_quantiles[0])

/* One hour of the day as simulated (means over days and replications). */
struct hod {
    double served, arrivals, wait, wait_ci, lanes, booths;
};

struct fitstat {
    int n_w, n_v, n_l;              /* hours with an observed wait, volume, lanes */
    double mae, rmse, mape, mape_raw;
    double obs_mean, sim_mean, daily_err;
    double geh_share;
    double lanes_err, lanes_share;
};

/* A queue of the table, or (prog OBS_ALL) a direction and mode as a whole. */
struct cq {
    enum direction dir;
    enum mode mode;
    int prog;
    double V[HOURS], L[HOURS], W[HOURS];    /* observed; NAN: missing */
    size_t row[HOURS];                      /* the row giving hour h, 0 if none */
    size_t row_lo, row_hi;
    double Vi[HOURS], Li[HOURS], Wi[HOURS]; /* interpolated where missing */
    bool has_w, has_l;
    /* Fitted. */
    double A[HOURS];                        /* demand by hour */
    long init;                              /* crossers standing at 00:00 */
    char stream[SCN_NAME_MAX];              /* the demand stream written for it */
    bool rates;                             /* inspection speed fitted */
    double mean_s;                          /* the base distribution's mean */
    double fac0[HOURS], fac[HOURS];
    int n_rate_hours;
    int lg;                                 /* the lane group whose staffing is fitted, or -1 */
    bool schedule;                          /* fitted as a schedule (the lanes observed), not
                                               as a policy: the queue hardly ever stood */
    enum policy_measure measure;
    int min_booths;
    int cap0[HOURS], cap[HOURS];
    double lo, hi;
    double standing[HOURS];                 /* measures of the standing hours, sorted */
    int n_standing;
    /* Simulated and compared. */
    struct hod sim[HOURS];
    struct fitstat st;
};

struct calib_result {
    const struct scenario *base;
    const char *base_path;
    const struct obs_table *t;
    struct calib_opts o;
    char name[SCN_NAME_MAX];
    char base_abs[FSET_PATH_MAX];           /* for the simulations */
    char extends_rel[FSET_PATH_MAX];        /* for the file */
    size_t n_q;
    struct cq q[QUEUES_MAX];
    struct cq best[QUEUES_MAX];             /* the queues of the best round */
    double best_j;
    int best_cand, best_round, n_sims;
    char *best_text;                        /* calibrated.json */
    struct scenario *best_scn;
    struct summary *best_sum;
    double seconds;
};

/* ---- small helpers ------------------------------------------------------- */

static const char *queue_name(char *buf, size_t n, const struct cq *q)
{
    snprintf(buf, n, "%s %s %s", scn_direction_name(q->dir), scn_mode_name(q->mode),
             obs_program_name(q->prog));
    return buf;
}

/* The table's words for the columns that name a queue. */
static const char *col_mode(const struct obs_table *t)
{
    return t->format == OBS_SANDAG ? "vehicle_type" : "mode";
}

static const char *col_prog(const struct obs_table *t)
{
    return t->format == OBS_SANDAG ? "traveler_type" : "program";
}

/* Hour h as the table writes it. */
static int hour_written(const struct obs_table *t, int h)
{
    return t->format == OBS_SANDAG ? h + 1 : h;
}

/* Fill the NANs of x[0..24) by linear interpolation around the clock
 * between the nearest known hours; all NAN stays all NAN. */
static void interpolate(const double *x, double *out)
{
    int known = 0;
    for (int h = 0; h < HOURS; h++)
        known += isfinite(x[h]);
    for (int h = 0; h < HOURS; h++) {
        out[h] = x[h];
        if (isfinite(x[h]) || known == 0)
            continue;
        int a = 1, b = 1;
        while (!isfinite(x[(h - a + HOURS) % HOURS]))
            a++;
        while (!isfinite(x[(h + b) % HOURS]))
            b++;
        double xa = x[(h - a + HOURS) % HOURS], xb = x[(h + b) % HOURS];
        out[h] = xa + (xb - xa) * a / (a + b);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile p of sorted x[0..n) (linear between order statistics). */
static double quantile(const double *x, int n, double p)
{
    if (n == 0)
        return NAN;
    double k = (n - 1) * p;
    int i = (int)floor(k);
    if (i >= n - 1)
        return x[n - 1];
    return x[i] + (x[i + 1] - x[i]) * (k - i);
}

/* Crossers processed from hour-time t0 (hours since 00:00) for `dur` hours,
 * at the hourly volumes V, around the clock. */
static double processed(const double *V, double t0, double dur)
{
    double total = 0, t = t0;
    while (dur > 1e-12) {
        int h = (int)floor(t);
        double step = fmin(dur, h + 1 - t);
        total += V[((h % HOURS) + HOURS) % HOURS] * step;
        dur -= step;
        t += step;
    }
    return total;
}

/* Whether lane group l serves queue (d, m, p) (p OBS_ALL: any programme). */
static bool lane_serves(const struct lanegroup *l, enum direction d, enum mode m, int p)
{
    for (int k = 0; k < l->n_assign; k++)
        if (l->assign[k].dir == d && l->assign[k].mode == m
            && (p == OBS_ALL || (int)l->assign[k].prog == p))
            return true;
    return false;
}

static bool base_serves(const struct scenario *s, enum direction d, enum mode m, int p)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        if (lane_serves(&s->lanes[i], d, m, p))
            return true;
    return false;
}

/* ---- matching the table to the base -------------------------------------- */

int calib_match(const struct scenario *base, const struct obs_table *t, struct err *e)
{
    char qn[64];
    bool by_prog[DIR_COUNT][MODE_COUNT] = {{false}}, as_all[DIR_COUNT][MODE_COUNT] = {{false}};
    bool given[DIR_COUNT][MODE_COUNT][PROG_COUNT] = {{{false}}};
    size_t first[DIR_COUNT][MODE_COUNT] = {{0}};
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct obs_row *r = &t->rows[i];
        if (base->n_chain[r->dir][r->mode] > 0)
            return err_set(e, EXIT_USAGE, "%s:%zu: columns direction, %s: %s %s passes through "
                           "stages in %s; calibrate fits a direction and mode of one stage "
                           "(remove its chain, or leave its rows out of the table)", t->path,
                           r->row, col_mode(t), scn_direction_name(r->dir),
                           scn_mode_name(r->mode), base->path);
        if (!base_serves(base, r->dir, r->mode, r->prog)) {
            struct cq tmp = { .dir = r->dir, .mode = r->mode, .prog = r->prog };
            return err_set(e, EXIT_USAGE, "%s:%zu: columns direction, %s, %s: %s: %s has no "
                           "lane group serving %s", t->path, r->row, col_mode(t), col_prog(t),
                           queue_name(qn, sizeof qn, &tmp), base->path,
                           r->prog == OBS_ALL ? "this direction and mode" : "this queue");
        }
        if (!first[r->dir][r->mode])
            first[r->dir][r->mode] = r->row;
        if (r->prog == OBS_ALL)
            as_all[r->dir][r->mode] = true;
        else {
            by_prog[r->dir][r->mode] = true;
            given[r->dir][r->mode][r->prog] = true;
        }
        if (as_all[r->dir][r->mode] && by_prog[r->dir][r->mode])
            return err_set(e, EXIT_USAGE, "%s:%zu: column %s: %s %s is given by programme in "
                           "some rows and for all programmes in others (row %zu); give one or "
                           "the other", t->path, r->row, col_prog(t), scn_direction_name(r->dir),
                           scn_mode_name(r->mode), first[r->dir][r->mode]);
    }
    /* Programmes the base's streams send that the table leaves out. */
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            if (!by_prog[d][m])
                continue;
            for (size_t i = 0; i < base->n_demand; i++) {
                const struct demand *dm = &base->demand[i];
                if ((int)dm->dir != d || (int)dm->mode != m)
                    continue;
                for (int p = 0; p < PROG_COUNT; p++)
                    if (dm->program_share[p] > 0 && !given[d][m][p])
                        return err_set(e, EXIT_USAGE, "%s: no row for %s %s %s, which %s's "
                                       "demand stream \"%s\" sends (share %g); the streams of "
                                       "%s %s are fitted anew from the table: give its rows, "
                                       "or rows for all programmes together", t->path,
                                       scn_direction_name((enum direction)d),
                                       scn_mode_name((enum mode)m),
                                       scn_program_name((enum program)p), base->path, dm->name,
                                       dm->program_share[p], scn_direction_name((enum direction)d),
                                       scn_mode_name((enum mode)m));
            }
        }
    /* Every queue has a volume somewhere. */
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct obs_row *r = &t->rows[i];
        bool volume = false;
        size_t last = r->row;
        for (size_t j = 0; j < t->n_rows; j++) {
            const struct obs_row *o = &t->rows[j];
            if (o->dir == r->dir && o->mode == r->mode && o->prog == r->prog) {
                volume = volume || isfinite(o->volume);
                last = o->row;
            }
        }
        if (!volume) {
            struct cq tmp = { .dir = r->dir, .mode = r->mode, .prog = r->prog };
            return err_set(e, EXIT_USAGE, "%s: %s: no row gives a volume (rows %zu to %zu), so "
                           "its demand cannot be fitted", t->path,
                           queue_name(qn, sizeof qn, &tmp), r->row, last);
        }
    }
    return 0;
}

/* ---- the fit from the table ---------------------------------------------- */

/* The queues of the table, in the order of their first rows. */
static void collect(struct calib_result *r)
{
    const struct obs_table *t = r->t;
    for (size_t i = 0; i < t->n_rows; i++) {
        const struct obs_row *o = &t->rows[i];
        size_t k = 0;
        while (k < r->n_q && !(r->q[k].dir == o->dir && r->q[k].mode == o->mode
                               && r->q[k].prog == o->prog))
            k++;
        struct cq *q = &r->q[k];
        if (k == r->n_q) {
            assert(r->n_q < QUEUES_MAX);
            r->n_q++;
            memset(q, 0, sizeof *q);
            q->dir = o->dir;
            q->mode = o->mode;
            q->prog = o->prog;
            q->row_lo = o->row;
            q->lg = -1;
            for (int h = 0; h < HOURS; h++)
                q->V[h] = q->L[h] = q->W[h] = NAN;
        }
        q->V[o->hour] = o->volume;
        q->L[o->hour] = o->open_lanes;
        q->W[o->hour] = o->wait_min;
        q->row[o->hour] = o->row;
        q->row_hi = o->row;
        q->has_w = q->has_w || isfinite(o->wait_min);
        q->has_l = q->has_l || isfinite(o->open_lanes);
    }
}

/* The one fixed lane group serving queue q, or -1 (none, or several). */
static int sole_group(const struct scenario *s, const struct cq *q)
{
    int found = -1;
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        if (!lane_serves(l, q->dir, q->mode, q->prog))
            continue;
        if (found >= 0 || l->n_assign > 1)
            return -1;
        found = (int)i;
    }
    return found;
}

/* The queue length of hour h at its middle: what is processed during the
 * wait of an arrival then. */
static double mid_queue(const struct cq *q, int h)
{
    return processed(q->Vi, h + 0.5, q->Wi[h] / MINUTES_PER_HOUR);
}

/* Demand, initial queue, inspection speed and the staffing policy's
 * starting values of queue q, from the table alone. */
static void fit_queue(struct calib_result *r, struct cq *q)
{
    const struct scenario *s = r->base;
    double stand = r->o.stand_min;
    interpolate(q->V, q->Vi);
    interpolate(q->L, q->Li);
    /* An hour with nobody processed or no lane open (a closed facility)
     * has no queue standing in it, whatever wait is reported. */
    double w[HOURS];
    for (int h = 0; h < HOURS; h++)
        w[h] = q->V[h] == 0 || q->L[h] == 0 ? 0 : q->W[h];
    interpolate(w, q->Wi);

    /* Demand and the standing queue. */
    double B[HOURS];
    for (int h = 0; h < HOURS; h++) {
        double wb = q->has_w ? (q->Wi[(h + HOURS - 1) % HOURS] + q->Wi[h]) / 2 : 0;
        B[h] = processed(q->Vi, h, wb / MINUTES_PER_HOUR);
    }
    for (int h = 0; h < HOURS; h++)
        q->A[h] = fmax(0, q->Vi[h] + B[(h + 1) % HOURS] - B[h]);
    q->init = q->prog == OBS_ALL ? 0 : lround(B[0]);

    if (q->prog == OBS_ALL || !q->has_w || !q->has_l)
        return;
    /* Inspection speed. */
    assert(s->has_service[q->dir][q->mode][q->prog]);
    q->mean_s = s->service[q->dir][q->mode][q->prog].mean_s;
    double fac[HOURS];
    for (int h = 0; h < HOURS; h++) {
        fac[h] = NAN;
        if (q->W[h] >= stand && q->L[h] > 0 && q->V[h] > 0) {
            fac[h] = SECONDS_PER_HOUR * q->L[h] / q->V[h] / q->mean_s;
            fac[h] = fmin(FAC_MAX, fmax(FAC_MIN, fac[h]));
            q->n_rate_hours++;
        }
    }
    if (q->n_rate_hours >= STANDING_HOURS_MIN) {
        q->rates = true;
        {
            double sorted[HOURS];
            int n = 0;
            for (int h = 0; h < HOURS; h++)
                if (isfinite(fac[h]))
                    sorted[n++] = fac[h];
            qsort(sorted, (size_t)n, sizeof *sorted, cmp_double);
            double med = quantile(sorted, n, 0.5);
            for (int h = 0; h < HOURS; h++)
                q->fac0[h] = isfinite(fac[h]) ? fac[h] : med;
        }
    }

    /* The staffing policy. */
    q->lg = sole_group(s, q);
    if (q->lg < 0)
        return;
    const struct lanegroup *l = &s->lanes[q->lg];
    q->measure = l->has_staffing ? l->staffing.measure : POLICY_WAIT;
    double least = INFINITY;
    for (int h = 0; h < HOURS; h++)
        if (isfinite(q->L[h]))
            least = fmin(least, q->L[h]);
    q->min_booths = (int)fmin(l->booths, fmax(0, floor(least + 0.5)));
    for (int h = 0; h < HOURS; h++) {
        int c = (int)ceil(q->Li[h] - 1e-9) + SLACK_BOOTHS;
        q->cap0[h] = c < 1 ? 1 : c > l->booths ? l->booths : c;
    }
    q->n_standing = 0;
    double lo = INFINITY;
    for (int h = 0; h < HOURS; h++) {
        if (!(q->W[h] >= stand && q->L[h] > 0 && q->V[h] > 0))
            continue;
        double x = q->measure == POLICY_WAIT ? q->W[h] : mid_queue(q, h);
        q->standing[q->n_standing++] = x;
        if (q->Li[h] > q->min_booths + 0.5)
            lo = fmin(lo, x);
    }
    qsort(q->standing, (size_t)q->n_standing, sizeof *q->standing, cmp_double);
    q->lo = isfinite(lo) ? lo : q->n_standing ? q->standing[0] : stand;
    if (q->n_standing >= STANDING_HOURS_MIN)
        return;
    /* A queue that hardly ever stood says nothing of when booths open: its
     * booths follow the lanes observed, hour by hour. */
    q->schedule = true;
    for (int h = 0; h < HOURS; h++) {
        int c = (int)ceil(q->Li[h] - 1e-9);
        q->cap0[h] = c < 0 ? 0 : c > l->booths ? l->booths : c;
    }
}

/* Start candidate c: the upper bound at quantile c, speeds and officers as
 * fitted from the table. */
static void start_candidate(struct calib_result *r, size_t c)
{
    for (size_t i = 0; i < r->n_q; i++) {
        struct cq *q = &r->q[i];
        memcpy(q->fac, q->fac0, sizeof q->fac);
        memcpy(q->cap, q->cap0, sizeof q->cap);
        if (q->lg < 0 || q->schedule)
            continue;
        q->hi = fmax(quantile(q->standing, q->n_standing, hi_quantiles[c]), q->lo + HI_GAP);
    }
}

/* ---- the calibrated scenario as JSON -------------------------------------- */

static cJSON *numbers(const double *x, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(x[i]));
    return a;
}

/* A dist as a scenario writes it, with `factor` as its hourly_factor. */
static cJSON *dist_json(const struct dist *d, const double *factor)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "dist", dist_kind_name(d->kind));
    switch (d->kind) {
    case DIST_EXPONENTIAL:
    case DIST_DETERMINISTIC:
        cJSON_AddNumberToObject(o, "mean_s", d->mean_s);
        break;
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
        cJSON_AddNumberToObject(o, "mean_s", d->mean_s);
        cJSON_AddNumberToObject(o, "cv", d->cv);
        break;
    case DIST_UNIFORM:
        cJSON_AddNumberToObject(o, "min_s", d->a);
        cJSON_AddNumberToObject(o, "max_s", d->b);
        break;
    case DIST_EMPIRICAL:
        cJSON_AddItemToObject(o, "values_s", numbers(d->values, (int)d->n_values));
        break;
    case DIST_KIND_COUNT:
        break;
    }
    cJSON_AddItemToObject(o, "hourly_factor", numbers(factor, HOURS));
    return o;
}

/* The demand stream of queue q: its name, unique among the base's. */
static void stream_name(const struct calib_result *r, struct cq *q)
{
    char want[SCN_NAME_MAX + 16];
    if (q->prog == OBS_ALL)
        snprintf(want, sizeof want, "fit-%s-%s", scn_direction_name(q->dir), scn_mode_name(q->mode));
    else
        snprintf(want, sizeof want, "fit-%s-%s-%s", scn_direction_name(q->dir),
                 scn_mode_name(q->mode), scn_program_name((enum program)q->prog));
    snprintf(q->stream, sizeof q->stream, "%.62s", want);
    for (int k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < r->base->n_demand; i++)
            taken = taken || strcmp(r->base->demand[i].name, q->stream) == 0;
        if (!taken)
            return;
        snprintf(q->stream, sizeof q->stream, "%.52s-%d", want, k % 1000);
    }
}

/* What a new stream of direction d and mode m takes from the base's
 * streams of them: occupancy (per_day-weighted), programme shares
 * (per_day-weighted), and when_closed and arrivals of the largest. */
static void stream_like(const struct scenario *s, enum direction d, enum mode m,
                        double *occupancy, double share[PROG_COUNT], const struct demand **big)
{
    double w = 0, occ = 0;
    *big = NULL;
    memset(share, 0, PROG_COUNT * sizeof *share);
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *dm = &s->demand[i];
        if (dm->dir != d || dm->mode != m)
            continue;
        w += dm->per_day;
        occ += dm->per_day * dm->occupancy;
        for (int p = 0; p < PROG_COUNT; p++)
            share[p] += dm->per_day * dm->program_share[p];
        if (!*big || dm->per_day > (*big)->per_day)
            *big = dm;
    }
    assert(w > 0);
    *occupancy = occ / w;
    for (int p = 0; p < PROG_COUNT; p++)
        share[p] /= w;
}

/* The hourly shares of A, to 6 decimals, summing to 1 (the largest takes
 * the rounding). */
static void shares_of(const double *A, double *share)
{
    double total = 0, sum = 0;
    int big = 0;
    for (int h = 0; h < HOURS; h++) {
        total += A[h];
        if (A[h] > A[big])
            big = h;
    }
    for (int h = 0; h < HOURS; h++) {
        share[h] = round(A[h] / total * SHARE_DIGITS) / SHARE_DIGITS;
        if (h != big)
            sum += share[h];
    }
    share[big] = round((1 - sum) * SHARE_DIGITS) / SHARE_DIGITS;
}

static void add_note(cJSON *notes, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(cJSON *notes, const char *fmt, ...)
{
    char text[NOTE_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(notes, cJSON_CreateString(text));
}

/* "rows 2-25" of queue q. */
static const char *rows_of(char *buf, size_t n, const struct cq *q)
{
    snprintf(buf, n, "rows %zu-%zu", q->row_lo, q->row_hi);
    return buf;
}

/* The notes saying how each fitted value of queue q was fitted. */
static void queue_notes(const struct calib_result *r, const struct cq *q, cJSON *notes)
{
    char qn[64], rows[64];
    const char *file = r->t->path;
    queue_name(qn, sizeof qn, q);
    rows_of(rows, sizeof rows, q);
    double per_day = 0;
    for (int h = 0; h < HOURS; h++)
        per_day += q->A[h];
    add_note(notes, "Fitted (%s): demand stream %s, %.1f a day with its hourly_share: each "
             "hour's volume processed plus the change of the standing queue at its ends (the "
             "volume processed during the wait of an arrival then), from %s of %s%s", qn,
             q->stream, per_day, rows, file,
             q->prog == OBS_ALL ? "; programme shares, occupancy from the base" : "");
    if (q->prog == OBS_ALL)
        return;
    if (q->has_w)
        add_note(notes, "Fitted (%s): initial_queue %ld, the queue standing at 00:00 (the "
                 "volume processed during the mean of the waits of hours %d and %d), %s of %s",
                 qn, q->init, hour_written(r->t, HOURS - 1), hour_written(r->t, 0), rows, file);
    if (q->rates) {
        double lo = INFINITY, hi = 0;
        for (int h = 0; h < HOURS; h++) {
            lo = fmin(lo, q->fac[h] * q->mean_s);
            hi = fmax(hi, q->fac[h] * q->mean_s);
        }
        add_note(notes, "Fitted (%s): service hourly_factor, inspections of %.0f-%.0f s a "
                 "lane (%.0f-%.0f cars per lane-hour) on the base's %.0f s: 3600 x lanes open / "
                 "volume in the %d hours whose wait was at least %g min (%s of %s), "
                 "their median in the others, then corrected in rounds against the simulation "
                 "so that its throughput per open lane (stacked booths at their efficiency) "
                 "matches", qn, lo, hi, SECONDS_PER_HOUR / hi, SECONDS_PER_HOUR / lo,
                 q->mean_s, q->n_rate_hours, r->o.stand_min, rows, file);
    }
    if (q->lg < 0 && q->has_w && q->has_l)
        add_note(notes, "Not fitted (%s): the staffing, which needs exactly one lane group with "
                 "a fixed assignment serving the queue; the base's is kept", qn);
    if (q->lg >= 0 && q->schedule)
        add_note(notes, "Fitted (%s): lanes[%s].staffed_booths, the lanes open by hour (rounded "
                 "up), with no staffing policy: the queue stood (a wait of %g min or more with "
                 "lanes open) in fewer than %d hours, too few to fit one, %s of %s", qn,
                 r->base->lanes[q->lg].name, r->o.stand_min, STANDING_HOURS_MIN, rows, file);
    if (q->lg >= 0 && !q->schedule) {
        const struct lanegroup *l = &r->base->lanes[q->lg];
        const char *unit = q->measure == POLICY_WAIT ? "min" : "crossers";
        add_note(notes, "Fitted (%s): lanes[%s].staffing_policy min_booths %d, the fewest lanes "
                 "open; close_below %.1f %s, the lowest %s of the standing hours with more "
                 "lanes open than that; open_above %.1f %s, the %.0fth percentile of the "
                 "standing hours' %s (chosen among the 25th, 50th, 75th and 100th by the fit of "
                 "the simulation), %s of %s", qn, l->name, q->min_booths, q->lo, unit,
                 q->measure == POLICY_WAIT ? "wait" : "queue", q->hi, unit,
                 hi_quantiles[r->best_cand] * 100,
                 q->measure == POLICY_WAIT ? "waits" : "queues", rows, file);
        add_note(notes, "Fitted (%s): lanes[%s].staffed_booths, the officers on duty by hour: "
                 "the lanes open + %d, then in rounds one more where the simulated wait was "
                 "more than %.0f%% long with the booths at the officers' limit, one fewer where "
                 "it was more than %.0f%% short (never fewer than the lanes open), %s of %s",
                 qn, l->name, SLACK_BOOTHS, CAP_TOL * 100, CAP_TOL * 100, rows, file);
    }
}

/* The directions and modes a round simulates: those of the queues whose
 * speed or staffing is fitted, and, closed over, those of every lane group
 * (or pool) one of them shares lanes with.  The others are left out of the
 * rounds (their demand is cut to nothing), which makes a round of San
 * Ysidro three times cheaper; they do not touch the queues being fitted,
 * whose random streams are their own (results.h: common random numbers). */
static void rounds_cover(const struct calib_result *r, bool keep[DIR_COUNT][MODE_COUNT])
{
    const struct scenario *s = r->base;
    memset(keep, 0, sizeof(bool) * DIR_COUNT * MODE_COUNT);
    for (size_t i = 0; i < r->n_q; i++)
        if (r->q[i].rates || r->q[i].lg >= 0)
            keep[r->q[i].dir][r->q[i].mode] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < s->n_lanes; i++) {
            const struct lanegroup *l = &s->lanes[i];
            bool in = false;
            for (int k = 0; k < l->n_assign; k++)
                in = in || keep[l->assign[k].dir][l->assign[k].mode];
            for (size_t j = 0; !in && l->pool >= 0 && j < s->n_lanes; j++)
                in = s->lanes[j].pool == l->pool && keep[s->lanes[j].dir][s->lanes[j].mode];
            for (int k = 0; in && k < l->n_assign; k++)
                if (!keep[l->assign[k].dir][l->assign[k].mode]) {
                    keep[l->assign[k].dir][l->assign[k].mode] = true;
                    grew = true;
                }
        }
    }
}

/* Demand so small that no crosser comes in a run: what the rounds give the
 * streams they leave out (a stream needs per_day > 0). */
#define LEFT_OUT_PER_DAY 1e-9

/* The title, sources and notes of the calibrated scenario into root: the
 * base's, then the observed table and how each value was fitted. */
static void add_about(const struct calib_result *r, cJSON *root)
{
    const struct scenario *s = r->base;
    char title[NOTE_MAX + 1];
    snprintf(title, sizeof title, "%.800s%scalibrated to %s", s->title,
             s->title[0] ? ", " : "", r->t->path);
    cJSON_AddStringToObject(root, "title", title);
    cJSON *src = cJSON_AddArrayToObject(root, "sources");
    for (size_t i = 0; i < s->n_sources; i++)
        cJSON_AddItemToArray(src, cJSON_CreateString(s->sources[i]));
    add_note(src, "Observed table calibrated to: %s (%s format%s%s%s, %zu rows)",
             r->t->path, r->t->format == OBS_SANDAG ? "SANDAG" : "poesim",
             r->t->port[0] ? ", port \"" : "", r->t->port, r->t->port[0] ? "\"" : "",
             r->t->n_rows);
    cJSON *notes = cJSON_AddArrayToObject(root, "notes");
    for (size_t i = 0; i < s->n_notes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(s->notes[i]));
    add_note(notes, "Calibrated with poesim calibrate %s %s%s%s: every value marked "
             "\"Fitted\" below comes from the table; the rest is the base's.", s->path,
             r->t->path, r->t->port[0] ? " --port " : "", r->t->port);
    for (size_t i = 0; i < r->n_q; i++)
        queue_notes(r, &r->q[i], notes);
    add_note(notes, "The fitted demand streams have no weekday factors: the table is one "
             "typical day, and so is every simulated day.");
}

/* The run settings given to calibrate (--days, --reps, --seed) as the
 * calibrated scenario's "run" in root, if any was given. */
static void add_run(const struct calib_result *r, cJSON *root)
{
    if (!r->o.have_reps && !r->o.have_seed && !r->o.have_days)
        return;
    cJSON *run = cJSON_AddObjectToObject(root, "run");
    if (r->o.have_days)
        cJSON_AddNumberToObject(run, "days", r->o.days);
    if (r->o.have_reps)
        cJSON_AddNumberToObject(run, "replications", r->o.reps);
    if (r->o.have_seed)
        cJSON_AddNumberToObject(run, "seed", (double)r->o.seed);
}

/* The demand stream fitted to queue q, as an item of "demand": its volume
 * and hourly shares from the table, its programme (or the base's shares of
 * them), occupancy and arrivals like the base's biggest stream of its
 * direction and mode, and its standing queue at 00:00. */
static cJSON *fitted_stream(const struct calib_result *r, const struct cq *q)
{
    double occupancy, share[PROG_COUNT], hs[HOURS], per_day = 0;
    const struct demand *big;
    stream_like(r->base, q->dir, q->mode, &occupancy, share, &big);
    for (int h = 0; h < HOURS; h++)
        per_day += q->A[h];
    shares_of(q->A, hs);
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "name", q->stream);
    cJSON_AddStringToObject(x, "direction", scn_direction_name(q->dir));
    cJSON_AddStringToObject(x, "mode", scn_mode_name(q->mode));
    cJSON_AddNumberToObject(x, "per_day", ROUND_1(per_day));
    cJSON_AddItemToObject(x, "hourly_share", numbers(hs, HOURS));
    cJSON *ps = cJSON_AddObjectToObject(x, "program_share");
    if (q->prog != OBS_ALL)
        cJSON_AddNumberToObject(ps, scn_program_name((enum program)q->prog), 1);
    else
        for (int p = 0; p < PROG_COUNT; p++)
            if (share[p] > 0 && p != PROG_GENERAL)
                cJSON_AddNumberToObject(ps, scn_program_name((enum program)p),
                                        round(share[p] * SHARE_DIGITS) / SHARE_DIGITS);
    cJSON_AddNumberToObject(x, "occupancy", round(occupancy * 1000) / 1000);
    if (big->when_closed == CLOSED_FORGO)
        cJSON_AddStringToObject(x, "when_closed", "forgo");
    if (big->arrivals == ARR_DETERMINISTIC)
        cJSON_AddStringToObject(x, "arrivals", "deterministic");
    if (q->init > 0) {
        cJSON *iq = cJSON_AddObjectToObject(x, "initial_queue");
        cJSON_AddNumberToObject(iq, scn_program_name((enum program)q->prog), (double)q->init);
    }
    return x;
}

/* The calibrated scenario's "demand" in root: the base's streams of the
 * directions and modes a round leaves out (keep false) with no demand,
 * those of each fitted direction and mode removed, and the fitted streams
 * of those kept. */
static void add_demand(const struct calib_result *r, bool keep[DIR_COUNT][MODE_COUNT],
                       cJSON *root)
{
    const struct scenario *s = r->base;
    cJSON *demand = cJSON_AddArrayToObject(root, "demand");
    bool done[DIR_COUNT][MODE_COUNT] = {{false}};
    for (size_t k = 0; k < s->n_demand; k++)
        if (!keep[s->demand[k].dir][s->demand[k].mode]) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "name", s->demand[k].name);
            cJSON_AddNumberToObject(x, "per_day", LEFT_OUT_PER_DAY);
            cJSON_AddItemToArray(demand, x);
            done[s->demand[k].dir][s->demand[k].mode] = true;
        }
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        if (done[q->dir][q->mode])
            continue;
        done[q->dir][q->mode] = true;
        for (size_t k = 0; k < s->n_demand; k++)
            if (s->demand[k].dir == q->dir && s->demand[k].mode == q->mode) {
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "name", s->demand[k].name);
                cJSON_AddBoolToObject(x, "remove", true);
                cJSON_AddItemToArray(demand, x);
            }
    }
    for (size_t i = 0; i < r->n_q; i++)
        if (keep[r->q[i].dir][r->q[i].mode])
            cJSON_AddItemToArray(demand, fitted_stream(r, &r->q[i]));
}

/* The staffing fitted to queue q (lane group l) as an item of "lanes":
 * staffed_booths by hour, replacing the base's whatever its form (its
 * weekday forms and steps off the hour are removed), and the staffing
 * policy fitted, or none. */
static cJSON *fitted_lane(const struct cq *q, const struct lanegroup *l)
{
    static const char *const forms[] = {"default", "mon", "tue", "wed", "thu", "fri", "sat",
                                        "sun"};
    char key[32];
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "name", l->name);
    cJSON *sb = cJSON_AddObjectToObject(x, "staffed_booths");
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        cJSON_AddNullToObject(sb, forms[k]);
    for (int w = 0; w < WD_COUNT; w++)
        for (int k = 0; k < l->staffed.day[w].n; k++) {
            int m = l->staffed.day[w].minute[k];
            snprintf(key, sizeof key, "%02d:%02d", m / 60, m % 60);
            if (m % 60 != 0 && !cJSON_GetObjectItemCaseSensitive(sb, key))
                cJSON_AddNullToObject(sb, key);
        }
    for (int h = 0; h < HOURS; h++) {
        snprintf(key, sizeof key, "%02d:00", h);
        cJSON_AddNumberToObject(sb, key, q->cap[h]);
    }
    if (q->schedule) {
        if (l->has_staffing)
            cJSON_AddNullToObject(x, "staffing_policy");
        return x;
    }
    cJSON *sp = cJSON_AddObjectToObject(x, "staffing_policy");
    cJSON_AddStringToObject(sp, "measure", q->measure == POLICY_WAIT ? "wait" : "queue");
    cJSON_AddNumberToObject(sp, "open_above", ROUND_1(q->hi));
    cJSON_AddNumberToObject(sp, "close_below", ROUND_1(q->lo));
    cJSON_AddNumberToObject(sp, "min_booths", q->min_booths);
    return x;
}

/* The calibrated scenario's "lanes" in root: the staffing of each queue
 * with a lane group fitted, if any. */
static void add_lanes(const struct calib_result *r, cJSON *root)
{
    cJSON *lanes = cJSON_CreateArray();
    for (size_t i = 0; i < r->n_q; i++)
        if (r->q[i].lg >= 0)
            cJSON_AddItemToArray(lanes, fitted_lane(&r->q[i], &r->base->lanes[r->q[i].lg]));
    if (cJSON_GetArraySize(lanes) > 0)
        cJSON_AddItemToObject(root, "lanes", lanes);
    else
        cJSON_Delete(lanes);
}

/* The calibrated scenario's "service" in root: each fitted queue's hourly
 * factors of inspection speed, into the entry the base's distribution came
 * from, unless that "MODE.PROGRAM" entry also serves the other direction
 * (then a "DIR.MODE.PROGRAM" entry of its own, with the distribution). */
static void add_service(const struct calib_result *r, cJSON *root)
{
    const struct scenario *s = r->base;
    cJSON *service = cJSON_CreateObject();
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        if (!q->rates)
            continue;
        double f[HOURS];
        for (int h = 0; h < HOURS; h++)
            f[h] = ROUND_4(q->fac[h]);
        int p = q->prog;
        enum direction other = q->dir == DIR_NORTH ? DIR_SOUTH : DIR_NORTH;
        bool shared = !s->service_by_dir[q->dir][q->mode][p]
                      && s->has_service[other][q->mode][p]
                      && !s->service_by_dir[other][q->mode][p];
        char key[64];
        if (s->service_by_dir[q->dir][q->mode][p] || shared)
            snprintf(key, sizeof key, "%s.%s.%s", scn_direction_name(q->dir),
                     scn_mode_name(q->mode), scn_program_name((enum program)p));
        else
            snprintf(key, sizeof key, "%s.%s", scn_mode_name(q->mode),
                     scn_program_name((enum program)p));
        cJSON *x;
        if (shared)
            x = dist_json(&s->service[q->dir][q->mode][p], f);
        else {
            x = cJSON_CreateObject();
            cJSON_AddItemToObject(x, "hourly_factor", numbers(f, HOURS));
        }
        cJSON_AddItemToObject(service, key, x);
    }
    if (service->child)
        cJSON_AddItemToObject(root, "service", service);
    else
        cJSON_Delete(service);
}

/* The calibrated scenario.  notes: with title, sources and notes; rel:
 * "extends" relative to the output folder (else absolute, for a
 * simulation); rounds: the directions and modes rounds_cover leaves out
 * keep their base streams with no demand. */
static cJSON *build(struct calib_result *r, bool notes_too, bool rel, bool rounds)
{
    bool keep[DIR_COUNT][MODE_COUNT];
    rounds_cover(r, keep);
    if (!rounds)
        memset(keep, 1, sizeof keep);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "extends", rel ? r->extends_rel : r->base_abs);
    cJSON_AddStringToObject(root, "name", r->name);
    if (notes_too)
        add_about(r, root);
    add_run(r, root);
    add_demand(r, keep, root);
    add_lanes(r, root);
    add_service(r, root);
    return root;
}

/* ---- simulation and comparison ------------------------------------------- */

static void apply_run(struct scenario *s, const struct calib_opts *o)
{
    if (o->have_reps)
        s->run.replications = o->reps;
    if (o->have_seed)
        s->run.seed = o->seed;
    if (o->have_days)
        s->run.days = o->days;
}

/* The simulated hours of the day of queue q (means over the measured days,
 * weighted by the days each hourly bin holds): its group, or for an "all"
 * queue the sum of its direction and mode (the wait weighted by arrivals). */
static void simulated(const struct summary *sum, struct cq *q)
{
    for (int h = 0; h < HOURS; h++) {
        double w = 0, served = 0, arr = 0, lanes = 0, booths = 0, wait = 0, wait_w = 0, ci2 = 0;
        for (size_t b = (size_t)h; b < sum->n_hours; b += HOURS) {
            double days = sum_bin_days(sum, b);
            if (days == 0)
                continue;
            w += days;
            for (size_t g = 0; g < sum->n_groups; g++) {
                const struct group_id *id = &sum->id[g];
                if (id->dir != q->dir || id->mode != q->mode
                    || (q->prog != OBS_ALL && (int)id->prog != q->prog))
                    continue;
                const struct hour_est *x = sum_hour(sum, g, b);
                served += days * x->served;
                arr += days * x->arrivals;
                lanes += days * x->lanes_open;
                booths += days * x->booths_open;
                if (isfinite(x->wait_mean_min)) {
                    double k = days * fmax(x->arrivals, 1e-9);
                    wait += k * x->wait_mean_min;
                    wait_w += k;
                    if (isfinite(x->wait_mean_ci95_min))
                        ci2 += k * k * x->wait_mean_ci95_min * x->wait_mean_ci95_min;
                }
            }
        }
        struct hod *o = &q->sim[h];
        o->served = w > 0 ? served / w : NAN;
        o->arrivals = w > 0 ? arr / w : NAN;
        o->lanes = w > 0 ? lanes / w : NAN;
        o->booths = w > 0 ? booths / w : NAN;
        o->wait = wait_w > 0 ? wait / wait_w : NAN;
        o->wait_ci = wait_w > 0 && ci2 > 0 ? sqrt(ci2) / wait_w : NAN;
    }
}

static void compare(struct cq *q, double floor_min)
{
    struct fitstat *st = &q->st;
    memset(st, 0, sizeof *st);
    double se = 0, ae = 0, ape = 0, ape_raw = 0, so = 0, ss = 0, le = 0;
    int n_raw = 0, geh_ok = 0, lanes_ok = 0;
    for (int h = 0; h < HOURS; h++) {
        const struct hod *s = &q->sim[h];
        if (isfinite(q->W[h]) && isfinite(s->wait)) {
            double e = s->wait - q->W[h];
            st->n_w++;
            ae += fabs(e);
            se += e * e;
            ape += fabs(e) / fmax(q->W[h], floor_min);
            if (q->W[h] > 0) {
                ape_raw += fabs(e) / q->W[h];
                n_raw++;
            }
            so += q->W[h];
            ss += s->wait;
        }
        if (isfinite(q->V[h]) && isfinite(s->served)) {
            double m = s->served, c = q->V[h];
            double geh = m + c > 0 ? sqrt(2 * (m - c) * (m - c) / (m + c)) : 0;
            st->n_v++;
            geh_ok += geh < GEH_OK;
        }
        if (isfinite(q->L[h]) && isfinite(s->lanes)) {
            st->n_l++;
            le += s->lanes - q->L[h];
            lanes_ok += fabs(s->lanes - q->L[h]) <= LANES_OK;
        }
    }
    st->mae = st->n_w ? ae / st->n_w : NAN;
    st->rmse = st->n_w ? sqrt(se / st->n_w) : NAN;
    st->mape = st->n_w ? ape / st->n_w : NAN;
    st->mape_raw = n_raw ? ape_raw / n_raw : NAN;
    st->obs_mean = st->n_w ? so / st->n_w : NAN;
    st->sim_mean = st->n_w ? ss / st->n_w : NAN;
    st->daily_err = st->n_w && so > 0 ? (ss - so) / so : NAN;
    st->geh_share = st->n_v ? (double)geh_ok / st->n_v : NAN;
    st->lanes_err = st->n_l ? le / st->n_l : NAN;
    st->lanes_share = st->n_l ? (double)lanes_ok / st->n_l : NAN;
}

/* The objective a round is judged by (lower is better): per queue, the
 * MAPE and the daily mean's error, the share of hours with GEH >= 5, and
 * the shortfall below LANES_TARGET of hours within 2 lanes. */
static double objective(const struct calib_result *r)
{
    double j = 0;
    for (size_t i = 0; i < r->n_q; i++) {
        const struct fitstat *st = &r->q[i].st;
        if (st->n_w > 0)
            j += (isfinite(st->mape) ? st->mape : 1) + fabs(isfinite(st->daily_err)
                                                             ? st->daily_err : 1);
        if (st->n_v > 0)
            j += 1 - st->geh_share;
        if (st->n_l > 0)
            j += fmax(0, LANES_TARGET - st->lanes_share);
    }
    return j;
}

/* One round's corrections of queue q (see the top of the file). */
static void correct(const struct calib_result *r, struct cq *q)
{
    double stand = r->o.stand_min;
    const struct lanegroup *l = q->lg >= 0 ? &r->base->lanes[q->lg] : NULL;
    double eff = l ? l->stacked_efficiency : 1;
    for (int h = 0; h < HOURS; h++) {
        const struct hod *s = &q->sim[h];
        if (q->rates && q->W[h] >= stand && s->wait >= stand && q->L[h] > 0 && q->V[h] > 0
            && s->served > 0) {
            double leq = s->lanes + eff * (s->booths - s->lanes);
            if (leq > 0) {
                double ratio = (s->served / leq) / (q->V[h] / q->L[h]);
                q->fac[h] = fmin(FAC_MAX, fmax(FAC_MIN, q->fac[h] * pow(ratio, FAC_DAMP)));
            }
        }
        if (!l || q->schedule || !isfinite(q->W[h]) || !isfinite(s->wait))
            continue;
        int floor_cap = (int)ceil(q->Li[h] - 1e-9);
        if (s->wait > q->W[h] * (1 + CAP_TOL) && s->booths >= q->cap[h] - CAP_AT_LIMIT
            && q->cap[h] < l->booths)
            q->cap[h]++;
        else if (s->wait < q->W[h] * (1 - CAP_TOL) && q->cap[h] > floor_cap && q->cap[h] > 1)
            q->cap[h]--;
    }
}

/* Simulate the current fit (rounds: the part rounds_cover keeps) into
 * *scn and *sum, and compare.  Returns 0, or -1 with *e filled. */
static int simulate(struct calib_result *r, bool rounds, struct scenario **scn,
                    struct summary **sum, struct err *e)
{
    cJSON *root = build(r, false, false, rounds);
    char *text = root ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    *sum = NULL;
    if (!text)
        return err_set(e, EXIT_FAIL, "out of memory building the calibrated scenario");
    char label[FSET_PATH_MAX + 32];
    snprintf(label, sizeof label, "%s (calibration %d)", r->t->path, r->n_sims + 1);
    struct scenario *s = scn_parse(text, strlen(text), label, e);
    free(text);
    if (!s) {
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_set(e, EXIT_FAIL, "internal error: the calibrated scenario does not load: %s",
                       msg);
    }
    apply_run(s, &r->o);
    struct batch_opts bo = { .jobs = r->o.jobs };
    struct batch_info bi;
    if (batch_execute(&s, 1, &bo, sum, &bi, e) < 0) {
        scn_free(s);
        return -1;
    }
    r->n_sims++;
    bool keep[DIR_COUNT][MODE_COUNT];
    rounds_cover(r, keep);
    for (size_t i = 0; i < r->n_q; i++) {
        struct cq *q = &r->q[i];
        memset(&q->st, 0, sizeof q->st);
        if (rounds && !keep[q->dir][q->mode])
            continue;
        simulated(*sum, q);
        compare(q, CALIB_MAPE_FLOOR_MIN);
    }
    *scn = s;
    return 0;
}

/* A round: simulate; keep the fit if the best so far.  Returns 0, or -1
 * with *e filled. */
static int round_run(struct calib_result *r, size_t cand, int round, struct err *e)
{
    struct scenario *s;
    struct summary *sum;
    if (simulate(r, true, &s, &sum, e) < 0)
        return -1;
    double j = objective(r);
    if (r->best_round < 0 || j < r->best_j) {
        r->best_j = j;
        r->best_cand = (int)cand;
        r->best_round = round;
        memcpy(r->best, r->q, sizeof r->best);
    }
    scn_free(s);
    sum_free(sum);
    return 0;
}

/* ---- paths ----------------------------------------------------------------- */

/* ---- the whole calibration ---------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct calib_result *calib_run(const struct scenario *base, const char *base_path,
                           const struct obs_table *t, const struct calib_opts *o, const char *dir,
                           struct err *e)
{
    double t0 = now_s();
    if (calib_match(base, t, e) < 0)
        return NULL;
    struct calib_result *r = calloc(1, sizeof *r);
    if (!r) {
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    r->base = base;
    r->base_path = base_path;
    r->t = t;
    r->o = *o;
    if (o->name)
        snprintf(r->name, sizeof r->name, "%s", o->name);
    else
        snprintf(r->name, sizeof r->name, "%.52s-calibrated", base->name);
    char dir_abs[FSET_PATH_MAX];
    if (fset_abs_path(base_path, r->base_abs) < 0 || fset_abs_path(dir, dir_abs) < 0) {
        err_set(e, EXIT_USAGE, "%s or %s: cannot resolve the path (too long, or through a "
                "folder that does not exist)", base_path, dir);
        goto fail;
    }
    fset_rel_path(dir_abs, r->base_abs, r->extends_rel);
    collect(r);
    for (size_t i = 0; i < r->n_q; i++) {
        fit_queue(r, &r->q[i]);
        stream_name(r, &r->q[i]);
    }
    bool policies = false;
    for (size_t i = 0; i < r->n_q; i++)
        policies = policies || (r->q[i].lg >= 0 && !r->q[i].schedule);
    bool fitted = false;
    for (size_t i = 0; i < r->n_q; i++)
        fitted = fitted || r->q[i].rates;
    size_t n_cand = policies ? N_CANDIDATES : 1;
    r->best_round = -1;
    for (size_t c = 0; (policies || fitted) && c < n_cand; c++) {
        start_candidate(r, c);
        for (int k = 0; k <= o->rounds; k++) {
            if (round_run(r, c, k, e) < 0)
                goto fail;
            if (k < o->rounds)
                for (size_t i = 0; i < r->n_q; i++)
                    correct(r, &r->q[i]);
        }
    }
    if (r->best_round >= 0)
        memcpy(r->q, r->best, sizeof r->q);
    else
        start_candidate(r, 0);
    if (simulate(r, false, &r->best_scn, &r->best_sum, e) < 0)
        goto fail;
    r->best_j = objective(r);
    cJSON *root = build(r, true, true, false);
    r->best_text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!r->best_text) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto fail;
    }
    r->seconds = now_s() - t0;
    return r;
fail:
    calib_free(r);
    return NULL;
}

void calib_free(struct calib_result *r)
{
    if (!r)
        return;
    free(r->best_text);
    scn_free(r->best_scn);
    sum_free(r->best_sum);
    free(r);
}

/* ---- outputs ----------------------------------------------------------------- */

static int write_text(FILE *f, const void *ctx)
{
    const struct calib_result *r = ctx;
    fputs(r->best_text, f);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

static int write_fit_csv(FILE *f, const void *ctx)
{
    const struct calib_result *r = ctx;
    fputs("hour,direction,mode,program,row,volume_obs,volume_sim,geh,wait_obs_min,wait_sim_min,"
          "wait_sim_ci95_min,lanes_obs,lanes_sim,booths_sim\n", f);
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        for (int h = 0; h < HOURS; h++) {
            if (!q->row[h])
                continue;
            const struct hod *s = &q->sim[h];
            fprintf(f, "%d,%s,%s,%s,%zu", h, scn_direction_name(q->dir), scn_mode_name(q->mode),
                    obs_program_name(q->prog), q->row[h]);
            double geh = NAN;
            if (isfinite(q->V[h]) && isfinite(s->served) && q->V[h] + s->served > 0)
                geh = sqrt(2 * (s->served - q->V[h]) * (s->served - q->V[h])
                           / (s->served + q->V[h]));
            out_csv_num(f, q->V[h]);
            out_csv_num(f, s->served);
            out_csv_num(f, geh);
            out_csv_num(f, q->W[h]);
            out_csv_num(f, s->wait);
            out_csv_num(f, s->wait_ci);
            out_csv_num(f, q->L[h]);
            out_csv_num(f, s->lanes);
            out_csv_num(f, s->booths);
            fputc('\n', f);
        }
    }
    return ferror(f) ? -1 : 0;
}

static void add_num(cJSON *o, const char *key, double x)
{
    if (isfinite(x))
        cJSON_AddNumberToObject(o, key, x);
    else
        cJSON_AddNullToObject(o, key);
}

static char *fit_json(const struct calib_result *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON *ob = cJSON_AddObjectToObject(root, "observed");
    cJSON_AddStringToObject(ob, "file", r->t->path);
    cJSON_AddStringToObject(ob, "format", r->t->format == OBS_SANDAG ? "sandag" : "poesim");
    cJSON_AddStringToObject(ob, "port", r->t->port);
    cJSON_AddNumberToObject(ob, "rows", (double)r->t->n_rows);
    cJSON_AddStringToObject(root, "base", r->base->path);
    cJSON_AddStringToObject(root, "calibrated", "calibrated.json");
    cJSON_AddStringToObject(root, "scenario", r->name);
    const struct run *run = &r->best_scn->run;
    cJSON_AddNumberToObject(root, "replications", run->replications);
    cJSON_AddNumberToObject(root, "seed", (double)run->seed);
    out_rng_json(root, run);
    cJSON_AddNumberToObject(root, "days", run->days);
    cJSON_AddNumberToObject(root, "warmup_days", run->warmup_days);
    cJSON_AddNumberToObject(root, "stand_min", r->o.stand_min);
    cJSON_AddNumberToObject(root, "mape_floor_min", CALIB_MAPE_FLOOR_MIN);
    cJSON_AddNumberToObject(root, "rounds", r->o.rounds);
    cJSON_AddNumberToObject(root, "simulations", r->n_sims);
    cJSON_AddNumberToObject(root, "open_above_quantile", hi_quantiles[r->best_cand]);
    cJSON_AddNumberToObject(root, "best_round", r->best_round);
    cJSON_AddNumberToObject(root, "objective", r->best_j);
    cJSON *qs = cJSON_AddArrayToObject(root, "queues");
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        const struct fitstat *st = &q->st;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "direction", scn_direction_name(q->dir));
        cJSON_AddStringToObject(o, "mode", scn_mode_name(q->mode));
        cJSON_AddStringToObject(o, "program", obs_program_name(q->prog));
        char rows[64];
        cJSON_AddStringToObject(o, "rows", rows_of(rows, sizeof rows, q));
        cJSON_AddNumberToObject(o, "hours_wait", st->n_w);
        add_num(o, "mae_min", st->mae);
        add_num(o, "rmse_min", st->rmse);
        add_num(o, "mape", st->mape);
        add_num(o, "mape_raw", st->mape_raw);
        add_num(o, "daily_mean_obs_min", st->obs_mean);
        add_num(o, "daily_mean_sim_min", st->sim_mean);
        add_num(o, "daily_mean_error", st->daily_err);
        cJSON_AddNumberToObject(o, "hours_volume", st->n_v);
        add_num(o, "geh_under_5_share", st->geh_share);
        cJSON_AddNumberToObject(o, "hours_lanes", st->n_l);
        add_num(o, "lanes_mean_error", st->lanes_err);
        add_num(o, "lanes_within_2_share", st->lanes_share);
        cJSON *fit = cJSON_AddObjectToObject(o, "fitted");
        double per_day = 0;
        for (int h = 0; h < HOURS; h++)
            per_day += q->A[h];
        cJSON_AddStringToObject(fit, "demand_stream", q->stream);
        cJSON_AddNumberToObject(fit, "per_day", ROUND_1(per_day));
        cJSON_AddNumberToObject(fit, "initial_queue", (double)q->init);
        if (q->rates) {
            double s[HOURS];
            for (int h = 0; h < HOURS; h++)
                s[h] = ROUND_1(q->fac[h] * q->mean_s);
            cJSON_AddItemToObject(fit, "inspection_s_by_hour", numbers(s, HOURS));
        }
        if (q->lg >= 0) {
            cJSON_AddStringToObject(fit, "lane_group", r->base->lanes[q->lg].name);
            cJSON_AddStringToObject(fit, "staffing", q->schedule ? "schedule" : "policy");
        }
        if (q->lg >= 0 && !q->schedule) {
            cJSON_AddNumberToObject(fit, "min_booths", q->min_booths);
            cJSON_AddNumberToObject(fit, "close_below", ROUND_1(q->lo));
            cJSON_AddNumberToObject(fit, "open_above", ROUND_1(q->hi));
        }
        if (q->lg >= 0) {
            double c[HOURS];
            for (int h = 0; h < HOURS; h++)
                c[h] = q->cap[h];
            cJSON_AddItemToObject(fit, "officers_by_hour", numbers(c, HOURS));
        }
        cJSON_AddItemToArray(qs, o);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

static int write_fit_json(FILE *f, const void *ctx)
{
    char *text = fit_json(ctx);
    if (!text)
        return -1;
    fputs(text, f);
    fputc('\n', f);
    free(text);
    return ferror(f) ? -1 : 0;
}

int calib_write(const struct calib_result *r, const char *dir, struct err *e)
{
    char sub[FSET_PATH_MAX];
    if (fset_join(sub, dir, "run") < 0)
        return err_set(e, EXIT_FAIL, "%s: path too long", dir);
    if (out_write_unit(sub, r->best_scn, r->best_sum, OUT_RUN, NULL, e) < 0)
        return -1;
    const struct fset_file files[] = {
        { "calibrated.json", write_text, r },
        { "fit.csv", write_fit_csv, r },
        { "fit.json", write_fit_json, r },
    };
    const char *const folders[] = { "run" };
    const char *const drop[] = { "report.html" };
    struct fset_meta m = { .kind = "calibrate", .folders = folders, .n_folders = 1,
                           .drop = drop, .n_drop = 1 };
    return fset_write(dir, files, (int)(sizeof files / sizeof *files), &m, e);
}

void calib_print(FILE *f, const struct calib_result *r)
{
    char qn[64];
    fprintf(f, "%s: %s calibrated to %s%s%s%s (%zu rows)\n", r->name, r->base->path, r->t->path,
            r->t->port[0] ? " (" : "", r->t->port, r->t->port[0] ? ")" : "", r->t->n_rows);
    fprintf(f, "%d simulations of %d replication%s x %d day%s; the best: open_above at "
            "the %.0fth percentile, round %d\n\n", r->n_sims, r->best_scn->run.replications,
            PLURAL(r->best_scn->run.replications), r->best_scn->run.days,
            PLURAL(r->best_scn->run.days), hi_quantiles[r->best_cand] * 100, r->best_round);
    fprintf(f, "%-24s %9s %9s %7s %7s %7s %8s %7s %7s\n", "queue", "wait obs", "wait sim",
            "error", "MAE", "MAPE", "GEH<5", "lanes", "+-2");
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        const struct fitstat *st = &q->st;
        fprintf(f, "%-24s", queue_name(qn, sizeof qn, q));
        if (st->n_w)
            fprintf(f, " %9.1f %9.1f %+6.1f%% %7.1f %6.1f%%", st->obs_mean, st->sim_mean,
                    100 * st->daily_err, st->mae, 100 * st->mape);
        else
            fprintf(f, " %9s %9s %7s %7s %7s", "-", "-", "-", "-", "-");
        if (st->n_v)
            fprintf(f, " %7.0f%%", 100 * st->geh_share);
        else
            fprintf(f, " %8s", "-");
        if (st->n_l)
            fprintf(f, " %+7.2f %6.0f%%", st->lanes_err, 100 * st->lanes_share);
        else
            fprintf(f, " %7s %7s", "-", "-");
        fputc('\n', f);
    }
    fprintf(f, "\nwaits in minutes (daily mean of the hourly means); MAPE with a denominator "
            "of at least %g min; GEH of hourly volumes; lanes: mean error, share within 2\n\n",
            CALIB_MAPE_FLOOR_MIN);
    fprintf(f, "%-24s %9s %7s %9s %7s %11s %9s\n", "fitted", "per day", "queue0", "insp s",
            "min", "bounds", "officers");
    for (size_t i = 0; i < r->n_q; i++) {
        const struct cq *q = &r->q[i];
        double per_day = 0, slo = INFINITY, shi = 0;
        int clo = INT_MAX, chi = 0;
        for (int h = 0; h < HOURS; h++) {
            per_day += q->A[h];
            slo = fmin(slo, q->fac[h] * q->mean_s);
            shi = fmax(shi, q->fac[h] * q->mean_s);
            clo = q->cap[h] < clo ? q->cap[h] : clo;
            chi = q->cap[h] > chi ? q->cap[h] : chi;
        }
        fprintf(f, "%-24s %9.0f %7ld", queue_name(qn, sizeof qn, q), per_day, q->init);
        if (q->rates)
            fprintf(f, " %4.0f-%-4.0f", slo, shi);
        else
            fprintf(f, " %9s", "-");
        if (q->lg >= 0 && q->schedule)
            fprintf(f, " %7s %11s %4d-%-4d\n", "-", "schedule", clo, chi);
        else if (q->lg >= 0)
            fprintf(f, " %7d %5.1f-%-5.1f %4d-%-4d\n", q->min_booths, q->lo, q->hi, clo, chi);
        else
            fprintf(f, " %7s %11s %9s\n", "-", "-", "-");
    }
}

double calib_seconds(const struct calib_result *r)
{
    return r->seconds;
}
