/*
 * assign.c - the region's iteration: simulate, read waits, choose, average
 * (assign.h).
 *
 * The work of an iteration is the simulation of every port, run through
 * batch_execute so that the ports' replications share the threads; what is
 * done here between two simulations (a logit per segment, port use and
 * hour, a few thousand exponentials) takes microseconds.  Nothing is
 * re-read from files: each port's scenario holds the segments' streams,
 * whose daily volume and hourly profile are rewritten in place before each
 * simulation (the port model is built afresh from them by the engines).
 */
#include "assign.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch.h"
#include "choice.h"
#include "ranks.h"
#include "stats.h"
#include "units.h"

/* The daily volume of a segment's stream at a port that gets none of its
 * trips: positive, as a scenario's per_day must be, and so small that no
 * crosser arrives (an arrival needs a unit exponential to be spent at a
 * rate of about 1e-305 a second). */
#define NO_TRIPS_PER_DAY 1e-300
/* Averages of the split start afresh when a held toll's mean has moved more
 * than this many steps since they last did: more than the up-and-down of a
 * toll that has found its level. */
#define TOLL_RESTART_STEPS 2
/* A held toll settles once it has turned back this many times. */
#define TOLL_TURNS 4

double asg_weekday_mean(const struct run *run, const double factor[WD_COUNT])
{
    double sum = 0;
    for (int d = 0; d < run->days; d++)
        sum += factor[((int)run->start + d) % WD_COUNT];
    return sum / run->days;
}

void asg_free(struct asg_result *a)
{
    if (!a)
        return;
    if (a->sums)
        for (size_t j = 0; j < a->r->n_ports; j++)
            sum_free(a->sums[j]);
    free(a->sums);
    free(a->iter);
    free(a->share);
    free(a->trips);
    free(a->wait);
    free(a->avail);
    free(a->queue_wait);
    free(a->closed_share);
    free(a->toll);
    free(a->dm_wait);
    free(a->dm_trips);
    free(a->dm_arrivals);
    free(a->dm_booths);
    free(a);
}

/* Where hour h of the toll of port j, direction d, mode m is in an array
 * laid out as asg_result.toll. */
static size_t ref_at(size_t j, int d, int m, int h)
{
    return ((j * DIR_COUNT + (size_t)d) * MODE_COUNT + (size_t)m) * HOURS_PER_DAY + (size_t)h;
}

static size_t cells(const struct region *r)
{
    return asg_at(r->n_seg ? r->n_seg - 1 : 0, REG_PORTS_MAX - 1, HOURS_PER_DAY - 1) + 1;
}

/* Trips per measured day of segment s at hour h, all ports together. */
static double seg_trips(const struct region *r, const struct reg_segment *s, int h)
{
    return s->per_day * asg_weekday_mean(&r->run, s->weekday_factor) * s->hourly_share[h];
}

/* The stream of segment i at its port use u for split x, into *d (a copy
 * of the port's stream): per_day and hourly_share as a scenario file would
 * give them (shares not yet normalised by their sum) if raw, else as the
 * loader leaves them (scn_parse divides the shares by their sum), so that a
 * worker that parses the raw stream as text (MPI) holds the very doubles
 * this process holds.  A stream that gets no trips keeps NO_TRIPS_PER_DAY,
 * which the loader accepts (it wants per_day > 0) and which brings no
 * crosser in any run. */
static void stream_of(const struct region *r, size_t i, size_t u, const double *x, bool raw,
                      struct demand *d)
{
    const struct reg_segment *s = &r->seg[i];
    *d = r->port[s->use[u].port].s->demand[s->use[u].stream];
    double rate[HOURS_PER_DAY], share[HOURS_PER_DAY], total = 0, sum = 0;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        total += rate[h] = s->per_day * s->hourly_share[h] * x[asg_at(i, u, h)];
    d->per_day = total > 0 ? total : NO_TRIPS_PER_DAY;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        sum += share[h] = total > 0 ? rate[h] / total : 1.0 / HOURS_PER_DAY;
    for (int h = 0; h < HOURS_PER_DAY && !raw; h++)
        share[h] /= sum;
    for (int w = 0; w < WD_COUNT; w++)      /* the same profile every weekday */
        memcpy(d->hourly_share[w], share, sizeof share);
}

/* Feed each port its share x of every segment's trips. */
static void set_streams(struct region *r, const double *x)
{
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++) {
            struct demand d;
            stream_of(r, i, u, x, false, &d);
            r->port[r->seg[i].use[u].port].s->demand[r->seg[i].use[u].stream] = d;
        }
}

/* For MPI workers: each port's scenario with the streams of split x, as
 * text (texts[j], freed by the caller), in a job of the ranks module.
 * Returns the job, or NULL with *e filled. */
static struct ranks_job *ranks_texts(const struct region *r, const double *x, char **texts,
                                     struct err *e)
{
    struct ranks_job *rj = ranks_job_new(r->n_ports, e);
    if (!rj)
        return NULL;
    for (size_t j = 0; j < r->n_ports; j++) {
        const struct reg_port *p = &r->port[j];
        size_t n = p->s->n_demand - p->first_extra;
        struct demand *d = malloc((n ? n : 1) * sizeof *d);
        if (!d) {
            err_set(e, EXIT_FAIL, "out of memory");
            ranks_job_free(rj);
            return NULL;
        }
        for (size_t k = 0; k < n; k++)
            d[k] = p->s->demand[p->first_extra + k];
        for (size_t i = 0; i < r->n_seg; i++)
            for (size_t u = 0; u < r->seg[i].n_use; u++)
                if (r->seg[i].use[u].port == j)
                    stream_of(r, i, u, x, true, &d[r->seg[i].use[u].stream - p->first_extra]);
        texts[j] = scn_text_with_demand(p->text, d, n, e);
        free(d);
        if (!texts[j]) {
            ranks_job_free(rj);
            return NULL;
        }
        ranks_job_set(rj, j, p->file, texts[j]);
    }
    return rj;
}

/* The summary's group of queue (d, m, p), or -1. */
static long group_of(const struct summary *sum, enum direction d, enum mode m, enum program p)
{
    for (size_t g = 0; g < sum->n_groups; g++)
        if (sum->id[g].dir == d && sum->id[g].mode == m && sum->id[g].prog == p)
            return (long)g;
    return -1;
}

/* What a queue's hours show besides its wait (group_waits): the wait in
 * the queue alone and the share of arrivals while closed, by hour of day. */
struct queue_hours {
    double queue_wait[HOURS_PER_DAY], closed_share[HOURS_PER_DAY];
};

/* Waits by hour of the day of group g of port s (summary sum): wait[h]
 * (minutes; NAN if unknown), open[h] (some booth open, or someone served),
 * and the arrivals, arrivals x wait and booths open (mean over the days)
 * added to arr[h], aw[h], booths[h] (for pooling queues); into *qh, if not
 * NULL, the queue's wait from joining or from the opening, and the share
 * of its arrivals while closed. */
static void group_waits(const struct scenario *s, const struct summary *sum, size_t g,
                        double wait[HOURS_PER_DAY], bool open[HOURS_PER_DAY],
                        double arr[HOURS_PER_DAY], double aw[HOURS_PER_DAY],
                        double booths[HOURS_PER_DAY], struct queue_hours *qh)
{
    double q[HOURS_PER_DAY] = { 0 }, b[HOURS_PER_DAY] = { 0 }, n[HOURS_PER_DAY] = { 0 };
    double a[HOURS_PER_DAY] = { 0 }, w[HOURS_PER_DAY] = { 0 };
    double qa[HOURS_PER_DAY] = { 0 }, qw[HOURS_PER_DAY] = { 0 }, ca[HOURS_PER_DAY] = { 0 };
    for (size_t k = 0; k < sum->n_hours; k++) {
        const struct hour_est *he = sum_hour(sum, g, k);
        int h = (int)(k % HOURS_PER_DAY);
        if (isfinite(he->wait_mean_min) && he->arrivals > 0) {
            a[h] += he->arrivals;
            w[h] += he->arrivals * he->wait_mean_min;
            if (isfinite(he->closed_arrivals))
                ca[h] += he->closed_arrivals;
        }
        if (isfinite(he->queue_wait_min) && he->arrivals > 0) {
            qa[h] += he->arrivals;
            qw[h] += he->arrivals * he->queue_wait_min;
        }
        q[h] += he->queue_mean;
        b[h] += he->booths_open;
        n[h] += 1;
    }
    const struct group_id *id = &sum->id[g];
    double svc_min = s->service[id->dir][id->mode][id->prog].mean_s / SECONDS_PER_MINUTE;
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        open[h] = b[h] > 0 || a[h] > 0;
        if (a[h] > 0)
            wait[h] = w[h] / a[h];
        else if (b[h] > 0)
            wait[h] = q[h] / n[h] * svc_min / (b[h] / n[h]);
        else
            wait[h] = NAN;
        arr[h] += a[h];
        aw[h] += w[h];
        booths[h] += n[h] > 0 ? b[h] / n[h] : 0;
        if (qh) {
            qh->queue_wait[h] = qa[h] > 0 ? qw[h] / qa[h] : a[h] > 0 ? NAN : wait[h];
            qh->closed_share[h] = a[h] > 0 ? ca[h] / a[h] : 0;
        }
    }
}

/* Read the waits of the simulation just done into a->wait, a->avail and
 * a->dm_wait. */
static void read_waits(const struct region *r, struct asg_result *a)
{
    for (size_t j = 0; j < r->n_ports; j++) {
        const struct scenario *s = r->port[j].s;
        const struct summary *sum = a->sums[j];
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++) {
                double arr[HOURS_PER_DAY] = { 0 }, aw[HOURS_PER_DAY] = { 0 };
                double booths[HOURS_PER_DAY] = { 0 };
                for (size_t g = 0; g < sum->n_groups; g++) {
                    if ((int)sum->id[g].dir != d || (int)sum->id[g].mode != m)
                        continue;
                    double w[HOURS_PER_DAY];
                    bool open[HOURS_PER_DAY];
                    group_waits(s, sum, g, w, open, arr, aw, booths, NULL);
                }
                for (int h = 0; h < HOURS_PER_DAY; h++) {
                    a->dm_wait[j][d][m][h] = arr[h] > 0 ? aw[h] / arr[h] : NAN;
                    a->dm_arrivals[j][d][m][h] = arr[h];
                    a->dm_booths[j][d][m][h] = booths[h];
                }
            }
    }
    for (size_t i = 0; i < r->n_seg; i++) {
        const struct reg_segment *sg = &r->seg[i];
        for (size_t u = 0; u < sg->n_use; u++) {
            size_t j = sg->use[u].port;
            const struct summary *sum = a->sums[j];
            long g = group_of(sum, sg->dir, sg->mode, sg->use[u].prog);
            double w[HOURS_PER_DAY], arr[HOURS_PER_DAY] = { 0 }, aw[HOURS_PER_DAY] = { 0 };
            double booths[HOURS_PER_DAY] = { 0 };
            bool open[HOURS_PER_DAY];
            struct queue_hours qh;
            if (g < 0) {        /* cannot be: the loader resolved the queue */
                for (int h = 0; h < HOURS_PER_DAY; h++) {
                    w[h] = qh.queue_wait[h] = NAN;
                    qh.closed_share[h] = 0;
                    open[h] = false;
                }
            } else
                group_waits(r->port[j].s, sum, (size_t)g, w, open, arr, aw, booths, &qh);
            for (int h = 0; h < HOURS_PER_DAY; h++) {
                a->wait[asg_at(i, u, h)] = w[h];
                a->avail[asg_at(i, u, h)] = open[h];
                a->queue_wait[asg_at(i, u, h)] = qh.queue_wait[h];
                a->closed_share[asg_at(i, u, h)] = qh.closed_share[h];
            }
        }
    }
}

/* Is facility (d, m) of port j open at some minute of hour h on some
 * measured day (always, without opening hours)? */
static bool open_in_hour(const struct region *r, size_t j, int d, int m, int h)
{
    const struct scenario *s = r->port[j].s;
    for (int k = 0; k < r->run.days && k < WD_COUNT; k++) {
        struct scn_day day;
        scn_day_of(s, s->run.warmup_days + k, &day);
        const struct daysteps *hours = scn_hours_on(s, (enum direction)d, (enum mode)m, &day);
        if (!hours)
            return true;
        for (int minute = h * MINUTES_PER_HOUR; minute < (h + 1) * MINUTES_PER_HOUR; minute++)
            if (scn_steps_at(hours, minute))
                return true;
    }
    return false;
}

/* The search of a held toll for one hour. */
struct toll_search {
    signed char last;           /* the last move: -1, 0, +1 */
    int turns;                  /* moves against the one before */
    bool settled;
};

/* Move every held toll that has not settled one step after the waits just
 * read.  In an hour when the facility of the toll's mode is closed
 * throughout, or no booth of its direction and mode is open, the toll is
 * its minimum: no toll shortens a wait for the opening.  A toll
 * settles when it has turned back TOLL_TURNS times: it is then held at the
 * middle of its last step, where the wait is at its target.  Returns
 * whether some held toll, averaged over the hours weighted by the port's
 * arrivals, has moved more than TOLL_RESTART_STEPS steps from its ref[]
 * (all are then reset). */
static bool move_tolls(const struct region *r, struct asg_result *a, struct toll_search *ts,
                       double *ref)
{
    bool far = false;
    for (size_t j = 0; j < r->n_ports; j++)
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++) {
                const struct reg_toll *t = &r->port[j].toll[d][m];
                if (!t->hold)
                    continue;
                double sum = 0, weight = 0;
                for (int h = 0; h < HOURS_PER_DAY; h++) {
                    struct toll_search *x = &ts[ref_at(j, d, m, h)];
                    double *toll = &a->toll[j][d][m][h], next;
                    if (!(a->dm_booths[j][d][m][h] > 0) || !open_in_hour(r, j, d, m, h))
                        next = t->rule.min_usd;
                    else if (x->settled)
                        next = *toll;
                    else {
                        next = cho_toll_next(&t->rule, *toll, a->dm_wait[j][d][m][h]);
                        signed char move = next > *toll ? 1 : next < *toll ? -1 : 0;
                        if (move != 0 && x->last != 0 && move != x->last
                            && ++x->turns >= TOLL_TURNS) {
                            x->settled = true;
                            next = (next + *toll) / 2;
                        }
                        x->last = move ? move : x->last;
                    }
                    *toll = next;
                    sum += next * a->dm_arrivals[j][d][m][h];
                    weight += a->dm_arrivals[j][d][m][h];
                }
                double mean = weight > 0 ? sum / weight : t->rule.min_usd;
                double *x = &ref[((size_t)j * DIR_COUNT + (size_t)d) * MODE_COUNT + (size_t)m];
                if (fabs(mean - *x) > TOLL_RESTART_STEPS * t->rule.step_usd) {
                    *x = mean;
                    far = true;
                }
            }
    return far;
}

/* The logit response y to the waits just read (use_waits) or to empty
 * queues at every port, and to the current tolls. */
static void respond(const struct region *r, const struct asg_result *a, bool use_waits,
                    double *y)
{
    for (size_t i = 0; i < r->n_seg; i++) {
        const struct reg_segment *s = &r->seg[i];
        for (int h = 0; h < HOURS_PER_DAY; h++) {
            double v[REG_PORTS_MAX], p[REG_PORTS_MAX];
            bool avail[REG_PORTS_MAX];
            for (size_t u = 0; u < s->n_use; u++) {
                const struct reg_use *use = &s->use[u];
                double w = use_waits ? a->wait[asg_at(i, u, h)] : 0;
                avail[u] = !use_waits || a->avail[asg_at(i, u, h)];
                v[u] = cho_utility(&s->coef, use->constant, use->access_min,
                                   isfinite(w) ? w : 0, a->toll[use->port][s->dir][s->mode][h]);
            }
            if (cho_logit(v, avail, s->n_use, p) == 0)
                cho_logit(v, NULL, s->n_use, p);    /* none open: access, tolls, constants */
            for (size_t u = 0; u < s->n_use; u++)
                y[asg_at(i, u, h)] = p[u];
        }
    }
}

/* The largest |y - x| over the shares of hours with trips. */
static double gap_of(const struct region *r, const double *x, const double *y)
{
    double worst = 0;
    for (size_t i = 0; i < r->n_seg; i++)
        for (int h = 0; h < HOURS_PER_DAY; h++) {
            if (!(seg_trips(r, &r->seg[i], h) > 0))
                continue;
            for (size_t u = 0; u < r->seg[i].n_use; u++) {
                double d = fabs(y[asg_at(i, u, h)] - x[asg_at(i, u, h)]);
                if (d > worst)
                    worst = d;
            }
        }
    return worst;
}

/* x += (y - x) / (k + 1) on the shares of hours with trips (the others
 * take y: they carry no traveller); the largest change among the former. */
static double average(const struct region *r, double *x, const double *y, int k)
{
    double worst = 0;
    for (size_t i = 0; i < r->n_seg; i++)
        for (int h = 0; h < HOURS_PER_DAY; h++) {
            size_t n = r->seg[i].n_use, at = asg_at(i, 0, h);
            double xs[REG_PORTS_MAX], ys[REG_PORTS_MAX];
            for (size_t u = 0; u < n; u++) {
                xs[u] = x[at + u * HOURS_PER_DAY];
                ys[u] = y[at + u * HOURS_PER_DAY];
            }
            double c = cho_msa_step(xs, ys, n, k);
            bool active = seg_trips(r, &r->seg[i], h) > 0;
            for (size_t u = 0; u < n; u++)
                x[at + u * HOURS_PER_DAY] = active ? xs[u] : ys[u];
            if (active && c > worst)
                worst = c;
        }
    return worst;
}

/* The region's mean cost of waiting per day over the replications. */
static double wait_cost(const struct region *r, const struct asg_result *a)
{
    double total = 0;
    for (size_t j = 0; j < r->n_ports; j++)
        total += sum_est(a->sums[j], M_COST_TOTAL, a->sums[j]->n_groups)->mean;
    return total / a->days;
}

/* Trips per day by port, direction, mode and hour: every stream, local too. */
static void count_trips(const struct region *r, struct asg_result *a)
{
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                a->trips[asg_at(i, u, h)] = seg_trips(r, &r->seg[i], h) * a->share[asg_at(i, u, h)];
    for (size_t j = 0; j < r->n_ports; j++) {
        const struct reg_port *p = &r->port[j];
        memset(a->dm_trips[j], 0, sizeof a->dm_trips[j]);
        for (size_t k = 0; k < p->first_extra; k++) {      /* the port's own streams */
            const struct demand *d = &p->s->demand[k];
            for (int day = 0; day < r->run.days; day++) {
                struct scn_day dd;
                scn_day_of(p->s, p->s->run.warmup_days + day, &dd);
                for (int h = 0; h < HOURS_PER_DAY; h++)
                    a->dm_trips[j][d->dir][d->mode][h] += scn_per_day_on(d, &dd)
                                                          * scn_share_on(d, &dd, h) / r->run.days;
            }
        }
    }
    for (size_t i = 0; i < r->n_seg; i++) {                 /* the region's travellers */
        const struct reg_segment *s = &r->seg[i];
        for (size_t u = 0; u < s->n_use; u++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                a->dm_trips[s->use[u].port][s->dir][s->mode][h] += a->trips[asg_at(i, u, h)];
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A solution's working storage: the responses (y) and the next split, the
 * port scenarios, each held toll's search and its reference (the floor it
 * starts from), the tolls an iteration simulated, and with --mpi the port
 * scenarios as texts and the ranks' job.  Zeroed, then work_alloc; freed by
 * work_free. */
struct asg_work {
    size_t np;
    double *y, *next;
    struct scenario **scn;
    struct toll_search *ts;
    double *ref;
    double (*toll_k)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];
    char **texts;
    struct ranks_job *rj;
};

static void work_free(struct asg_work *w)
{
    free(w->y);
    free(w->next);
    free(w->scn);
    free(w->ts);
    free(w->ref);
    free(w->toll_k);
    ranks_job_free(w->rj);
    for (size_t j = 0; w->texts && j < w->np; j++)
        free(w->texts[j]);
    free(w->texts);
}

/* The working storage for nc cells and np ports.  Returns 0, or -1 if out
 * of memory (what was allocated is work_free's). */
static int work_alloc(struct asg_work *w, size_t nc, size_t np)
{
    w->np = np;
    w->y = calloc(nc, sizeof *w->y);
    w->next = calloc(nc, sizeof *w->next);
    w->scn = calloc(np, sizeof *w->scn);
    w->ts = calloc(np * DIR_COUNT * MODE_COUNT * HOURS_PER_DAY, sizeof *w->ts);
    w->ref = calloc(np * DIR_COUNT * MODE_COUNT, sizeof *w->ref);
    w->toll_k = calloc(np, sizeof *w->toll_k);
    w->texts = calloc(np, sizeof *w->texts);
    return w->y && w->next && w->scn && w->ts && w->ref && w->toll_k && w->texts ? 0 : -1;
}

/* A result for region r (nc cells) with all its arrays, zeroed.  NULL if
 * out of memory. */
static struct asg_result *result_new(const struct region *r, size_t nc)
{
    size_t np = r->n_ports;
    struct asg_result *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->r = r;
    if (!(a->iter = calloc((size_t)r->max_iterations, sizeof *a->iter))
        || !(a->share = calloc(nc, sizeof *a->share)) || !(a->trips = calloc(nc, sizeof *a->trips))
        || !(a->wait = calloc(nc, sizeof *a->wait)) || !(a->avail = calloc(nc, sizeof *a->avail))
        || !(a->queue_wait = calloc(nc, sizeof *a->queue_wait))
        || !(a->closed_share = calloc(nc, sizeof *a->closed_share))
        || !(a->toll = calloc(np, sizeof *a->toll)) || !(a->dm_wait = calloc(np, sizeof *a->dm_wait))
        || !(a->dm_trips = calloc(np, sizeof *a->dm_trips))
        || !(a->dm_arrivals = calloc(np, sizeof *a->dm_arrivals))
        || !(a->dm_booths = calloc(np, sizeof *a->dm_booths))
        || !(a->sums = calloc(np, sizeof *a->sums))) {
        asg_free(a);
        return NULL;
    }
    a->replications = r->run.replications;
    a->days = r->run.days;
    return a;
}

/* Each port's scenario into w->scn, the tolls it starts with into a->toll
 * (a fixed toll's, else none) and each toll rule's floor into w->ref. */
static void start_tolls(const struct region *r, struct asg_result *a, struct asg_work *w)
{
    for (size_t j = 0; j < r->n_ports; j++) {
        w->scn[j] = r->port[j].s;
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++) {
                const struct reg_toll *t = &r->port[j].toll[d][m];
                for (int h = 0; h < HOURS_PER_DAY; h++)
                    a->toll[j][d][m][h] = t->present ? t->usd[h] : 0;
                w->ref[(j * DIR_COUNT + (size_t)d) * MODE_COUNT + (size_t)m] = t->rule.min_usd;
            }
    }
}

/* Simulate every port with the split a->share (with --mpi, on the ranks,
 * from the port scenarios written out as texts) into a->sums, and read
 * the waits.  Returns 0, or -1 with *e filled. */
static int simulate(struct region *r, bool mpi, struct asg_result *a, struct asg_work *w,
                    struct batch_opts *bo, struct err *e)
{
    size_t np = r->n_ports;
    struct batch_info bi;
    for (size_t j = 0; j < np; j++) {
        sum_free(a->sums[j]);
        a->sums[j] = NULL;
    }
    set_streams(r, a->share);
    if (mpi) {
        ranks_job_free(w->rj);
        for (size_t j = 0; j < np; j++) {
            free(w->texts[j]);
            w->texts[j] = NULL;
        }
        if (!(w->rj = ranks_texts(r, a->share, w->texts, e)))
            return -1;
        bo->runner = ranks_runner(w->rj);
    }
    if (batch_execute(w->scn, np, bo, a->sums, &bi, e) < 0)
        return -1;
    read_waits(r, a);
    return 0;
}

int asg_solve(struct region *r, const struct asg_opts *o, struct asg_result **out,
              struct err *e)
{
    size_t nc = cells(r), np = r->n_ports;
    struct asg_work w = { 0 };
    struct asg_result *a = result_new(r, nc);
    int rc = -1;
    if (!a || work_alloc(&w, nc, np) < 0) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    start_tolls(r, a, &w);
    if (o->warm) {          /* x_1: the response to the waits and tolls found before */
        memcpy(a->toll, o->warm->toll, np * sizeof *a->toll);
        respond(r, o->warm, true, a->share);
    } else
        respond(r, a, false, a->share);     /* x_1: empty queues */
    struct batch_opts bo = { .reps = r->run.replications, .jobs = o->mpi ? 1 : o->jobs };
    double t0 = now_s();
    int k0 = 0;                             /* the averages started after iteration k0 */
    for (int k = 1; k <= r->max_iterations; k++) {
        if (simulate(r, o->mpi, a, &w, &bo, e) < 0)
            goto done;
        struct asg_iter *it = &a->iter[k - 1];
        it->wait_cost_usd_per_day = wait_cost(r, a);
        a->iterations = k;
        memcpy(w.toll_k, a->toll, np * sizeof *a->toll);
        /* While held tolls climb (or fall) to their level, the split
         * follows them: its averages start afresh whenever one has moved
         * far (the responses to the tolls it left behind would hold the
         * average back for many iterations). */
        if (move_tolls(r, a, w.ts, w.ref))
            k0 = k - 1;
        respond(r, a, true, w.y);
        it->gap = gap_of(r, a->share, w.y);
        memcpy(w.next, a->share, nc * sizeof *w.next);
        it->max_change = average(r, w.next, w.y, k - k0);
        if (o->progress)
            fprintf(stderr, "poesim: region %s: iteration %d: largest change of a share %.4f, "
                    "gap %.4f, cost of waiting %.0f USD/day (%.1f s)\n", r->name, k,
                    it->max_change, it->gap, it->wait_cost_usd_per_day, now_s() - t0);
        if (it->max_change < r->tolerance || k == r->max_iterations) {
            /* The result: the split simulated, its waits, its tolls. */
            a->converged = it->max_change < r->tolerance;
            memcpy(a->toll, w.toll_k, np * sizeof *a->toll);
            break;
        }
        memcpy(a->share, w.next, nc * sizeof *w.next);
    }
    count_trips(r, a);
    *out = a;
    a = NULL;
    rc = 0;
done:
    asg_free(a);
    work_free(&w);
    return rc;
}
