/*
 * port.c - the port of entry model and its event loop.
 *
 * Crossers arrive from demand streams (Poisson, piecewise-constant hourly
 * rate), are split into programmes, wait in one FIFO per (direction, mode,
 * program), are inspected at a primary booth of a lane group serving that
 * queue, and are sometimes referred to secondary inspection, which has a
 * finite number of spaces; when it is full the referring booth holds its
 * crosser and is blocked until a space frees (first blocked, first through).
 *
 * That is one stage.  A direction and mode with a chain (scenario.h,
 * "stages") passes several in series: each stage has its lines (one FIFO per
 * programme that has lanes there; a programme may join another's line),
 * booths, side inspection and hours, and a bounded space in which crossers
 * wait for it.  A crosser done at one stage enters the next its programme
 * does not skip: straight to a free booth, else into the line if the space
 * has room, else it stays where it is (a booth, or a side-inspection space)
 * and that place is blocked until the next stage can take it; blocked
 * places wait for a stage first blocked, first through, except that a booth
 * freeing with an empty line takes the first crosser blocked for its line.
 * A direction and mode without a chain is one stage, built from the
 * top-level keys, and runs exactly as before stages existed.
 *
 * Time is in seconds from the start of the first simulated day (warm-up days
 * first).  Events, in the order they leave the calendar at one instant:
 *   tick          an hour boundary of the measured period: close the hour's
 *                 bins and make the next hour's bin the current one
 *   hours         a mode's facility opens or closes
 *   staffing      a lane group's staffed booths change
 *   secondary end a secondary inspection ends (frees a space first)
 *   service end   a primary inspection ends
 *   arrival       a crosser joins a queue
 * Ties within a type leave in scheduling order (calendar.h), so a run is a
 * pure function of (scenario, seed, replication).
 *
 * Rules a reader of the results needs (also in README.md, "Model"):
 *   - A booth whose staffing ends finishes the crosser it holds, then closes;
 *     when staffing rises, booths that are still finishing are kept open
 *     before closed ones are opened.
 *   - When a facility closes, the crossers already queued are still
 *     inspected (the line is cleared); arrivals while it is closed wait at
 *     the gate for the opening (when_closed "wait") or forgo the trip.
 *   - Approach storage caps a queue: an arrival finding it full forgoes.
 *   - Wait = joining the queue to reaching a primary booth (CBP's border
 *     wait time); with stages, the time in every stage's line, recorded when
 *     the crosser reaches a booth of its last stage.  Time in port (the
 *     crossing time) = joining the first queue to leaving the last stage.
 *   - A stage that closes serves those who joined its line before; the
 *     others wait in its space for the opening.
 *
 * The pending events are bounded (one per demand stream, booth, secondary
 * space, lane group and stage, plus the hour tick), so the calendar is
 * sized once.  Nothing is stored per crosser beyond those in the port: a
 * queue holds a struct crosser (32 bytes: arrival, joining of this stage's
 * line, time in earlier lines, stream, hourly bin, programme) per waiting
 * crosser in a ring buffer that doubles when full; a booth and a side
 * inspection space hold the one they inspect or keep.
 *
 * The module's structs and the functions its two files share are in
 * portkit.h; portstage.c builds the stages and passes crossers between
 * them.
 */
#include "port.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "calendar.h"
#include "dist.h"
#include "lines.h"
#include "portkit.h"
#include "rng.h"
#include "stats.h"
#include "units.h"


/* ---- time ---------------------------------------------------------------- */

static int sim_day(double t)
{
    return (int)floor(t / SECONDS_PER_DAY);
}

static enum weekday weekday_of(const struct port *p, int day)
{
    int w = ((int)p->s->run.start + day - p->s->run.warmup_days) % WD_COUNT;
    return (enum weekday)(w < 0 ? w + WD_COUNT : w);
}

/* The hourly bin of measured hour h (0 at the end of warm-up): h itself, or
 * weekday x 24 + hour of the day when the days are pooled by weekday. */
static size_t bin_of_hour(const struct port *p, size_t h)
{
    if (!p->by_weekday)
        return h;
    size_t day = h / HOURS_PER_DAY;
    return (size_t)weekday_of(p, (int)day + p->s->run.warmup_days) * HOURS_PER_DAY
           + h % HOURS_PER_DAY;
}

/* The next change point after time t (a whole minute) of a schedule. */
static double sched_next(const struct port *p, const struct daysched *ds, double t)
{
    int day = sim_day(t);
    int m = (int)floor((t - day * SECONDS_PER_DAY) / SECONDS_PER_MINUTE + 1e-9);
    enum weekday w = weekday_of(p, day);
    for (int i = 0; i < ds->day[w].n; i++)
        if (ds->day[w].minute[i] > m)
            return day * SECONDS_PER_DAY + ds->day[w].minute[i] * SECONDS_PER_MINUTE;
    return (day + 1) * SECONDS_PER_DAY;
}

static int sched_value(const struct port *p, const struct daysched *ds, double t)
{
    int day = sim_day(t);
    int m = (int)floor((t - day * SECONDS_PER_DAY) / SECONDS_PER_MINUTE + 1e-9);
    return scn_sched_at(ds, weekday_of(p, day), m);
}

/* The hour of the day (0..23) holding time t >= 0. */
static int hour_of_day(double t)
{
    int h = (int)((t - sim_day(t) * SECONDS_PER_DAY) / SECONDS_PER_HOUR);
    return h < 0 ? 0 : h >= HOURS_PER_DAY ? HOURS_PER_DAY - 1 : h;
}

/* The calendar of the simulated day holding t (the last day for t at or
 * beyond the end). */
static const struct scn_day *day_at(const struct port *p, double t)
{
    int day = sim_day(t);
    return &p->day[day < p->n_days ? (day < 0 ? 0 : day) : p->n_days - 1];
}

/* The steps of stage k's hours (its facility's, or its own) on the day
 * holding t (it has hours). */
static const struct daysteps *hours_steps(const struct port *p, int k, double t)
{
    const struct stg *st = &p->stg[k];
    const struct daysteps *h = st->spec_k >= 0 ? scn_stage_hours_on(p->s, st->spec_k, day_at(p, t))
                             : scn_hours_on(p->s, st->dir, st->mode, day_at(p, t));
    assert(h);
    return h;
}

/* The next change point after t (a whole minute) of steps h of t's day,
 * or the next midnight. */
static double steps_next(const struct daysteps *h, double t)
{
    int day = sim_day(t);
    int m = (int)floor((t - day * SECONDS_PER_DAY) / SECONDS_PER_MINUTE + 1e-9);
    for (int i = 0; i < h->n; i++)
        if (h->minute[i] > m)
            return day * SECONDS_PER_DAY + h->minute[i] * SECONDS_PER_MINUTE;
    return (day + 1) * SECONDS_PER_DAY;
}

static int steps_value(const struct daysteps *h, double t)
{
    int day = sim_day(t);
    int m = (int)floor((t - day * SECONDS_PER_DAY) / SECONDS_PER_MINUTE + 1e-9);
    return scn_steps_at(h, m);
}

/* When stage k, closed at t, opens next (INFINITY: not before the end of
 * the run): the moment on_hours opens it, found from the same hours. */
static double opening_after(const struct port *p, int k, double t)
{
    while (t < p->t_end) {
        const struct daysteps *h = hours_steps(p, k, t);
        if (steps_value(h, t))
            return t;
        t = steps_next(h, t);
    }
    return INFINITY;
}

/* ---- queues -------------------------------------------------------------- */

/* Append crosser `it` to line q (it waits in q's stage).  Returns false if
 * memory ran out (p->oom set). */
bool pt_q_push(struct port *p, struct queue *q, struct crosser it)
{
    if (q->n == q->cap) {
        size_t cap = q->cap * 2;
        struct crosser *nb = line_alloc(cap, sizeof *nb);
        if (!nb) {
            p->oom = true;
            return false;
        }
        for (size_t i = 0; i < q->n; i++)
            nb[i] = q->buf[(q->head + i) & (q->cap - 1)];
        free(q->buf);
        q->buf = nb;
        q->cap = cap;
        q->head = 0;
    }
    q->buf[(q->head + q->n) & (q->cap - 1)] = it;
    q->n++;
    p->stg[q->stage].n_wait++;
    return true;
}

static struct crosser q_pop(struct port *p, struct queue *q)
{
    assert(q->n > 0);
    struct crosser it = q->buf[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->n--;
    p->stg[q->stage].n_wait--;
    return it;
}

/* Record the queue's levels after a change at time t. */
void pt_q_touch(const struct port *p, struct queue *q, double t)
{
    bool open = p->stg[q->stage].open;
    /* As booths: while the facility is closed, only lanes finishing a crosser. */
    int lanes = q->lanes_open;
    if (!open && q->n_busy < lanes)
        lanes = q->n_busy;
    double v[LEVELS_N];
    v[LV_LEN] = (double)q->n;
    v[LV_OPEN] = (double)(q->n_busy + (open ? q->n_idle : 0));
    v[LV_BUSY] = (double)q->n_busy;
    v[LV_LANES] = (double)lanes;
    levels_set(&q->lv, t, v);
}

/* May the booths of q inspect this crosser now?  Yes while its stage is
 * open, and while it is closed for the crossers who joined the line before
 * it closed. */
static bool servable(const struct port *p, const struct queue *q, const struct crosser *it)
{
    const struct stg *st = &p->stg[q->stage];
    return st->open || it->tj < st->closed_since;
}

/* ---- crossers ------------------------------------------------------------ */

static bool measured(const struct port *p, double t_arr)
{
    return t_arr >= p->t_warm;
}

/* The result group of crosser c (of queue q's direction and mode). */
static int group_of(const struct port *p, const struct queue *q, const struct crosser *c)
{
    return p->gidx[q->id.dir][q->id.mode][c->prog];
}

/* The crosser c of queue qi reaches a booth of its last stage at t, having
 * waited w in lines in all.  One who arrived while its first stage was
 * closed waited for the opening first: that part of its wait is also
 * recorded on its own. */
static void record_wait(struct port *p, int qi, const struct crosser *c, double w)
{
    if (!measured(p, c->t))
        return;
    const struct queue *q = &p->q[qi];
    int gi = group_of(p, q, c);
    struct grp_result *g = &p->res->grp[gi];
    double occupancy = p->st[c->stream].d->occupancy;
    tally_add(&g->wait, w);
    g->wait_person_s += w * occupancy;
    if (c->gate) {
        double gw = opening_after(p, p->entry[q->id.dir][q->id.mode][c->prog], c->t) - c->t;
        assert(gw >= 0 && gw <= w);
        tally_add(&g->closed_wait, gw);
        g->closed_person_s += gw * occupancy;
        struct hour_bin *cb = res_hour(p->res, (size_t)gi, c->bin);
        cb->n_closed_wait++;
        cb->closed_wait_sum += gw;
    }
    histo_add(&p->hist[gi], w);
    tally_add(&p->res->wait_all, w);
    struct hour_bin *b = res_hour(p->res, (size_t)gi, c->bin);
    b->n_wait++;
    b->wait_sum += w;
    lhist_add(&b->wait, w);
}

/* Crosser c (of queue qi) leaves the port at t. */
void pt_depart(struct port *p, int qi, const struct crosser *c, double t)
{
    if (!measured(p, c->t))
        return;
    int gi = group_of(p, &p->q[qi], c);
    struct grp_result *g = &p->res->grp[gi];
    double x = t - c->t;
    g->served++;
    tally_add(&g->port, x);
    g->port_person_s += x * p->st[c->stream].d->occupancy;
    histo_add(&p->hist_cross[gi], x);
    res_hour(p->res, (size_t)gi, p->bin)->served++;
    struct hour_bin *b = res_hour(p->res, (size_t)gi, c->bin);
    b->n_cross++;
    b->cross_sum += x;
}

/* What crosser c of queue qi spent at the queue's stage, by part (portkit.h:
 * AT_LINE ... AT_OUT), x seconds.  Kept for scenarios with stages only. */
void pt_stage_record(struct port *p, int qi, const struct crosser *c, int part, double x)
{
    if (!p->staged || !measured(p, c->t))
        return;
    const struct queue *q = &p->q[qi];
    size_t gi = (size_t)group_of(p, q, c), k = (size_t)p->stg[q->stage].pos;
    struct stage_result *r = res_stage(p->res, gi, k);
    struct stage_bin *b = res_stage_hour(p->res, gi, c->bin, k);
    switch (part) {
    case AT_LINE:
        r->n_queue++, b->n_queue++;
        r->queue_sum += x, b->queue_sum += x;
        break;
    case AT_BOOTH:
        r->n_done++, b->n_done++;
        r->insp_sum += x, b->insp_sum += x;
        break;
    case AT_SIDE:
        r->insp_sum += x, b->insp_sum += x;
        break;
    case AT_IN:
        r->n_in++;
        break;
    case AT_OUT:
        r->n_out++;
        break;
    default:
        r->blocked_sum += x, b->blocked_sum += x;
        break;
    }
}

/* ---- booths -------------------------------------------------------------- */

/* Booth b opens (delta 1: from closed) or closes (-1: to closed): count its
 * lane open while any of the lane's booths is. */
static void lane_add(struct port *p, int b, int delta)
{
    const struct booth *bo = &p->booth[b];
    struct lgroup *lg = &p->lg[bo->lg];
    int before = lg->lane_n[bo->lane];
    lg->lane_n[bo->lane] += delta;
    assert(lg->lane_n[bo->lane] >= 0);
    if ((before == 0) != (lg->lane_n[bo->lane] == 0))
        p->q[lg->lq].lanes_open += delta;
}

/* Booth b starts inspecting crosser `it` at t: its time in the line ends
 * (its wait, at its last stage), its inspection time is drawn. */
void pt_start_service(struct port *p, int b, const struct crosser *it, double t)
{
    struct booth *bo = &p->booth[b];
    struct lgroup *lg = &p->lg[bo->lg];
    int qi = lg->q;
    assert(qi >= 0 && lg->state == LG_SERVING);
    struct queue *q = &p->q[qi];
    bo->state = B_BUSY;
    bo->c = *it;
    bo->t_mark = t;
    bo->q = qi;
    q->n_busy++;
    lg->n_busy++;
    double here = t - it->tj;
    pt_stage_record(p, qi, it, AT_LINE, here);
    if (p->stg[q->stage].next[it->prog] < 0)
        record_wait(p, qi, it, it->wq + here);
    else
        bo->c.wq += here;
    double d = dist_sample(q->svc_p[it->prog], q->r_svc) * bo->scale;
    const double *f = q->svc_factor_p[it->prog];
    if (f)
        d *= f[hour_of_day(t)];
    cal_push(&p->cal, t + d, EV_SERVICE_END, b);
}

/* Booth b is staffed and free, its group serving: inspect the next
 * crosser, or wait idle (unless a crosser blocked upstream for its line
 * comes straight to it). */
static void serve_next(struct port *p, int b, double t)
{
    struct booth *bo = &p->booth[b];
    struct lgroup *lg = &p->lg[bo->lg];
    assert(lg->state == LG_SERVING);
    struct queue *q = &p->q[lg->q];
    if (q->n > 0 && servable(p, q, &q->buf[q->head])) {
        struct crosser it = q_pop(p, q);
        pt_start_service(p, b, &it, t);
    } else {
        bo->state = B_IDLE;
        lg->idle[lg->n_idle++] = b;
        q->n_idle++;
    }
    if (p->stg[q->stage].hn > 0)        /* crossers blocked for the stage: rare */
        pt_stage_unblock(p, q->stage, t);
}

static void start_changeover(struct port *p, int li, double t);
static void staff_settle(struct port *p, int li, double t);
static void lane_handover(struct port *p, int li, int lane, double t);

/* Booth b's crosser has left it. */
void pt_release_booth(struct port *p, int b, double t)
{
    struct booth *bo = &p->booth[b];
    struct lgroup *lg = &p->lg[bo->lg];
    struct queue *q = &p->q[bo->q];
    q->n_busy--;
    lg->n_busy--;
    if (bo->closing) {
        bo->closing = 0;
        bo->state = B_CLOSED;
        lane_add(p, b, -1);
        if (lg->give_to >= 0 && bo->lane == lg->give_lane && lg->lane_n[bo->lane] == 0)
            lane_handover(p, bo->lg, bo->lane, t);
        if (lg->state == LG_DRAINING && lg->n_busy == 0)
            start_changeover(p, bo->lg, t);
    } else {
        serve_next(p, b, t);
    }
    pt_q_touch(p, q, t);
}

/* An idle booth of a lane group serving q (first group in scenario order,
 * most recently idled booth), or -1. */
int pt_take_idle(struct port *p, struct queue *q)
{
    for (int i = 0; i < q->n_lgs; i++) {
        struct lgroup *lg = &p->lg[q->lgs[i]];
        if (lg->n_idle > 0) {
            q->n_idle--;
            return lg->idle[--lg->n_idle];
        }
    }
    return -1;
}

/* Start as many inspections as idle booths and servable crossers allow. */
static void dispatch(struct port *p, struct queue *q, double t)
{
    while (q->n > 0 && servable(p, q, &q->buf[q->head])) {
        int b = pt_take_idle(p, q);
        if (b < 0)
            break;
        struct crosser it = q_pop(p, q);
        pt_start_service(p, b, &it, t);
    }
    if (p->stg[q->stage].hn > 0)
        pt_stage_unblock(p, q->stage, t);
}

static void apply_staffing(struct port *p, int li, int n, double t)
{
    struct lgroup *lg = &p->lg[li];
    assert(lg->state == LG_SERVING);
    struct queue *q = &p->q[lg->q];
    if (n > lg->n_active) {
        int need = n - lg->n_active;
        for (int b = lg->first; b < lg->first + lg->n && need > 0; b++)
            if (p->booth[b].closing) {
                p->booth[b].closing = 0;
                lg->n_active++;
                need--;
            }
        for (int b = lg->first; b < lg->first + lg->n && need > 0; b++)
            if (p->booth[b].state == B_CLOSED) {
                lg->n_active++;
                need--;
                lane_add(p, b, 1);
                serve_next(p, b, t);
            }
    } else if (n < lg->n_active) {
        int excess = lg->n_active - n;
        while (excess > 0 && lg->n_idle > 0) {
            int b = lg->idle[--lg->n_idle];
            q->n_idle--;
            p->booth[b].state = B_CLOSED;
            lane_add(p, b, -1);
            lg->n_active--;
            excess--;
        }
        for (int b = lg->first + lg->n - 1; b >= lg->first && excess > 0; b--) {
            struct booth *bo = &p->booth[b];
            if ((bo->state == B_BUSY || bo->state == B_BLOCKED) && !bo->closing) {
                bo->closing = 1;
                lg->n_active--;
                excess--;
            }
        }
    }
    pt_q_touch(p, q, t);
}


/* ---- lane assignments ---------------------------------------------------- */

/* Lane group li starts serving queue q (kept in scenario order, so that
 * take_idle's choice does not depend on the order of changes). */
static void q_add_lg(struct queue *q, int li)
{
    int k = q->n_lgs++;
    while (k > 0 && q->lgs[k - 1] > li) {
        q->lgs[k] = q->lgs[k - 1];
        k--;
    }
    q->lgs[k] = li;
}

static void q_remove_lg(struct queue *q, int li)
{
    int k = 0;
    while (k < q->n_lgs && q->lgs[k] != li)
        k++;
    assert(k < q->n_lgs);
    for (; k + 1 < q->n_lgs; k++)
        q->lgs[k] = q->lgs[k + 1];
    q->n_lgs--;
}

/* Queue q has just lost its last lane group: the crossers of streams that
 * forgo when they cannot be served leave it. */
static void forgo_unserved(struct port *p, int qi)
{
    struct queue *q = &p->q[qi];
    size_t kept = 0;
    for (size_t k = 0; k < q->n; k++) {
        struct crosser it = q->buf[(q->head + k) & (q->cap - 1)];
        if (p->st[it.stream].d->when_closed == CLOSED_FORGO) {
            pt_stage_record(p, qi, &it, AT_OUT, 0);
            if (measured(p, it.t)) {
                int gi = group_of(p, q, &it);
                p->res->grp[gi].forgone++;
                res_hour(p->res, (size_t)gi, it.bin)->forgone++;
            }
        } else {
            q->buf[(q->head + kept) & (q->cap - 1)] = it;
            kept++;
        }
    }
    p->stg[q->stage].n_wait -= (long)(q->n - kept);
    q->n = kept;
}

static void start_changeover(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    assert(lg->state == LG_DRAINING && lg->n_busy == 0);
    lg->state = LG_CHANGEOVER;
    cal_push(&p->cal, t + lg->spec->changeover_s, EV_LANE_READY, li);
}

/* Switch lane group li to assignment `to` at time t: it takes no new
 * crosser, its idle booths close, its busy ones finish their crossers
 * (then close), then it stays closed for its changeover time and serves its
 * new queue.  A group already switching is re-aimed at `to`. */
static void begin_switch(struct port *p, int li, int to, double t)
{
    struct lgroup *lg = &p->lg[li];
    if (lg->state != LG_SERVING) {
        lg->target = to;
        p->res->changes[lg->change].to = to;
        return;
    }
    if (to == lg->cur)
        return;
    long c = res_add_change(p->res, t, li, lg->cur, to);
    if (c < 0) {
        p->oom = true;
        return;
    }
    lg->change = c;
    int qi = lg->q;
    struct queue *q = &p->q[qi];
    q_remove_lg(q, li);
    while (lg->n_idle > 0) {
        int b = lg->idle[--lg->n_idle];
        p->booth[b].state = B_CLOSED;
        lane_add(p, b, -1);
        q->n_idle--;
    }
    for (int b = lg->first; b < lg->first + lg->n; b++)
        if (p->booth[b].state == B_BUSY || p->booth[b].state == B_BLOCKED)
            p->booth[b].closing = 1;
    lg->n_active = 0;
    lg->n_pol = lg->held = lg->opening = 0;     /* a flex group is in no pool */
    lg->above_since = lg->below_since = -1;
    lg->q = -1;
    lg->target = to;
    lg->state = LG_DRAINING;
    if (q->n_lgs == 0)
        forgo_unserved(p, qi);
    pt_q_touch(p, q, t);
    if (lg->n_busy == 0)
        start_changeover(p, li, t);
}

/* The changeover of lane group li is over: it serves its new queue, with
 * the booths its staffing asks for. */
static void on_lane_ready(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    assert(lg->state == LG_CHANGEOVER);
    p->res->changes[lg->change].end = t;
    lg->cur = lg->target;
    lg->q = lg->assign_q[lg->cur];
    lg->state = LG_SERVING;
    lg->serving_since = t;
    lg->pending_since = -1;
    q_add_lg(&p->q[lg->q], li);
    lg->lq = lg->q;
    if (lg->spec->has_staffing)
        staff_settle(p, li, t);
    else
        apply_staffing(p, li, lg->staff, t);
}

static void on_lane_schedule(struct port *p, int li, double t)
{
    const struct daysched *ds = &p->lg[li].spec->schedule;
    begin_switch(p, li, sched_value(p, ds, t), t);
    double tn = sched_next(p, ds, t);
    if (tn < p->t_end)
        cal_push(&p->cal, tn, EV_LANE, li);
}

/* The crossers of queue q who could be served now: all of them while its
 * facility is open; while it is closed, those who queued before it closed
 * (a prefix: the queue is in arrival order), not those at the gate. */
static size_t servable_count(const struct port *p, const struct queue *q)
{
    const struct stg *st = &p->stg[q->stage];
    if (st->open)
        return q->n;
    size_t lo = 0, hi = q->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->buf[(q->head + mid) & (q->cap - 1)].tj < st->closed_since)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The policy's measure of queue qi: crossers waiting who could be served,
 * or their expected wait in minutes (waiting x mean service / booths open,
 * at least one).  Crossers waiting at the gate of a closed facility are
 * not counted: no lane can serve them before it opens. */
static double policy_measure(const struct port *p, int qi, enum policy_measure m)
{
    const struct queue *q = &p->q[qi];
    double n = (double)servable_count(p, q);
    if (m == POLICY_QUEUE)
        return n;
    int open = q->n_busy + q->n_idle;
    return n * q->svc->mean_s / (open > 1 ? open : 1) / SECONDS_PER_MINUTE;
}

static void on_policy(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    const struct lanepolicy *pol = &lg->spec->policy;
    if (t + pol->check_s < p->t_end)
        cal_push(&p->cal, t + pol->check_s, EV_POLICY, li);
    if (lg->state != LG_SERVING) {
        lg->pending_since = -1;
        return;
    }
    int other = lg->cur == pol->from ? pol->to : pol->from;
    double here = policy_measure(p, lg->assign_q[lg->cur], pol->measure);
    double there = policy_measure(p, lg->assign_q[other], pol->measure);
    /* Never towards a closed facility: the lanes could serve nobody there. */
    if (!p->stg[p->q[lg->assign_q[other]].stage].open || !(there - here > pol->threshold)) {
        lg->pending_since = -1;
        return;
    }
    if (lg->pending_since < 0)
        lg->pending_since = t;
    int day = sim_day(t);
    if (day != lg->count_day) {
        lg->count_day = day;
        lg->switches_today = 0;
    }
    if (t - lg->pending_since >= pol->sustain_s && t - lg->serving_since >= pol->dwell_s
        && lg->switches_today < pol->max_per_day) {
        lg->switches_today++;
        lg->pending_since = -1;
        begin_switch(p, li, other, t);
    }
}

/* ---- staffing that answers the queue --------------------------------------
 *
 * A group with a staffing policy numbers its booths level by level: booth k
 * is the (k / lanes)-th booth of lane k % lanes, so booths 0 .. lanes-1 are
 * each lane's first.  The policy holds `held` lanes (lanes 0 .. held-1, each
 * with its first booth open or opening; taken from its pool, if it has
 * one) and n_pol booths in all.  It opens a lane while one is free, and
 * only then stacks a booth on a lane it holds (the lowest-numbered free
 * place: every held lane's second booth before any lane's third); it
 * closes the highest-numbered stacked booth first, and only when none is
 * left a lane (the last taken, which goes back to the pool).  One step at
 * a time: no other step while a booth is opening. */

static bool booth_active(const struct booth *bo)
{
    return bo->state != B_CLOSED && !bo->closing;
}

/* Lanes group lg could take now: its own not yet held, at most its pool's
 * free ones. */
static int lanes_free(const struct port *p, const struct lgroup *lg)
{
    int own = lg->spec->lanes - lg->held;
    if (lg->spec->pool < 0)
        return own;
    int pool = p->s->pools[lg->spec->pool].lanes - p->pool_used[lg->spec->pool];
    return own < pool ? own : pool;
}

/* The booth a step opens: the first booth of lane held-1 (just taken), or
 * the lowest-numbered inactive stacked booth on a held lane; -1 if none. */
static int booth_to_open(const struct port *p, const struct lgroup *lg, bool lane)
{
    int L = lg->spec->lanes;
    if (lane)
        return lg->first + lg->held - 1;
    for (int k = L; k < lg->n; k++)
        if (k % L < lg->held && !booth_active(&p->booth[lg->first + k]))
            return lg->first + k;
    return -1;
}

/* Booth b of serving group li opens now (it may still be finishing a
 * crosser after an earlier close: it then simply stays). */
static void booth_up(struct port *p, int li, int b, double t)
{
    struct lgroup *lg = &p->lg[li];
    struct booth *bo = &p->booth[b];
    assert(b >= lg->first && b < lg->first + lg->n && lg->state == LG_SERVING);
    lg->n_active++;
    if (bo->closing) {
        bo->closing = 0;
        return;
    }
    assert(bo->state == B_CLOSED);
    lane_add(p, b, 1);
    serve_next(p, b, t);
}

/* Active booth b of group li closes: at once if idle, after its crosser if
 * busy or blocked. */
static void booth_down(struct port *p, int li, int b)
{
    struct lgroup *lg = &p->lg[li];
    struct booth *bo = &p->booth[b];
    assert(booth_active(bo));
    lg->n_active--;
    if (bo->state != B_IDLE) {
        bo->closing = 1;
        return;
    }
    int k = 0;
    while (lg->idle[k] != b)
        k++;
    memmove(&lg->idle[k], &lg->idle[k + 1], (size_t)(lg->n_idle - k - 1) * sizeof *lg->idle);
    lg->n_idle--;
    p->q[lg->q].n_idle--;
    bo->state = B_CLOSED;
    lane_add(p, b, -1);
}

static double staff_measure(const struct port *p, int qi, enum policy_measure m, double t);

/* The lanes group lg keeps whatever its queue: those of its minimum. */
static int lanes_least(const struct lgroup *lg)
{
    int least = lg->spec->staffing.min_booths;
    return least < lg->spec->lanes ? least : lg->spec->lanes;
}

/* The group of li's pool that gives up a lane to li, whose queue asks for
 * one when none is free: of the other groups holding more lanes than their
 * minimum, with no booth opening and no lane being handed over, whose
 * measure is a smaller share of their open_above than li's is of its own,
 * the one with the smallest share (the first in scenario order on a tie);
 * -1 if none.  Lanes so go where queues are longest against their bounds. */
static int pool_donor(const struct port *p, int li, double t)
{
    const struct lanegroup *l = p->lg[li].spec;
    int best = -1;
    double best_r = INFINITY;
    double mine = staff_measure(p, p->lg[li].q, l->staffing.measure, t) / l->staffing.open_above;
    for (size_t i = 0; i < p->n_lg; i++) {
        const struct lgroup *d = &p->lg[i];
        const struct staffpolicy *sp = &d->spec->staffing;
        if ((int)i == li || d->spec->pool != l->pool || d->opening || d->give_to >= 0
            || d->held <= lanes_least(d))
            continue;
        double r = staff_measure(p, d->q, sp->measure, t) / sp->open_above;
        if (r < mine && r < best_r) {
            best = (int)i;
            best_r = r;
        }
    }
    return best;
}

/* Group li gives its last lane to group `to`: the lane's booths close
 * (busy ones after their crosser).  The lane stays taken in the pool: it is
 * `to`'s from now, usable once empty.  Returns whether it is empty now. */
static bool staff_release_lane(struct port *p, int li, int to)
{
    struct lgroup *lg = &p->lg[li];
    int L = lg->spec->lanes, j = lg->held - 1;
    assert(!lg->opening && lg->give_to < 0 && j >= 0);
    for (int b = lg->first + j; b < lg->first + lg->n; b += L)
        if (booth_active(&p->booth[b])) {
            booth_down(p, li, b);
            lg->n_pol--;
        }
    lg->held--;
    lg->above_since = lg->below_since = -1;
    if (lg->lane_n[j] == 0)
        return true;
    lg->give_to = to;
    lg->give_lane = j;
    return false;
}

/* One more booth for serving group li, if the officers on duty, its
 * booths and lanes allow: a free lane of its own (and of its pool), else a
 * lane another group of the pool gives up (pool_donor), else a booth
 * stacked on a lane it holds.  When its queue `asked` (a check), after the
 * policy's delay; else (the minimum) at once, and no lane is taken from
 * another group.  Returns whether one was opened (or is opening). */
static bool staff_open(struct port *p, int li, double t, bool asked)
{
    struct lgroup *lg = &p->lg[li];
    const struct lanegroup *l = lg->spec;
    if (lg->opening || lg->give_to >= 0 || lg->n_pol >= lg->staff || lg->n_pol >= lg->n)
        return false;
    bool lane = lanes_free(p, lg) > 0;
    if (!lane && l->pool >= 0 && lg->held < l->lanes && asked) {
        int d = pool_donor(p, li, t);
        if (d >= 0) {
            bool empty = staff_release_lane(p, d, li);
            pt_q_touch(p, &p->q[p->lg[d].q], t);
            /* The lane passes from d to li: the pool's count stays. */
            p->pool_used[l->pool]--;
            if (!empty) {
                lg->n_pol++;
                lg->held++;
                p->pool_used[l->pool]++;
                lg->opening = 1;
                lg->opening_lane = true;
                lg->opening_at = INFINITY;
                return true;
            }
            lane = true;
        }
    }
    if (!lane && !(lg->n_pol - lg->held < lg->held * (l->booths_per_lane - 1)))
        return false;
    lg->n_pol++;
    if (lane) {
        lg->held++;
        if (l->pool >= 0)
            p->pool_used[l->pool]++;
    }
    if (asked && l->staffing.open_delay_s > 0) {
        lg->opening = 1;
        lg->opening_lane = lane;
        lg->opening_at = t + l->staffing.open_delay_s;
        if (lg->opening_at < p->t_end)
            cal_push(&p->cal, lg->opening_at, EV_STAFF_OPEN, li);
        return true;
    }
    booth_up(p, li, booth_to_open(p, lg, lane), t);
    return true;
}

/* A booth opening after its delay (or waiting for a lane another group
 * empties) is given up: n_pol and lanes back, and a lane on its way no
 * longer comes. */
static void staff_cancel_opening(struct port *p, struct lgroup *lg)
{
    if (!lg->opening)
        return;
    lg->opening = 0;
    lg->n_pol--;
    if (lg->opening_lane) {
        lg->held--;
        if (lg->spec->pool >= 0)
            p->pool_used[lg->spec->pool]--;
    }
    if (isinf(lg->opening_at))
        for (size_t i = 0; i < p->n_lg; i++)
            if (p->lg[i].give_to == (int)(lg - p->lg))
                p->lg[i].give_to = -1;
}

/* Lane `lane` that group li gave up is empty: its new group opens a booth
 * in it (after the policy's delay), unless that group gave up waiting. */
static void lane_handover(struct port *p, int li, int lane, double t)
{
    struct lgroup *lg = &p->lg[li];
    (void)lane;
    struct lgroup *to = &p->lg[lg->give_to];
    lg->give_to = -1;
    assert(to->opening && isinf(to->opening_at));
    to->opening_at = t + to->spec->staffing.open_delay_s;
    if (to->opening_at < p->t_end)
        cal_push(&p->cal, to->opening_at, EV_STAFF_OPEN, (int)(to - p->lg));
}

/* One booth fewer for group li (no booth opening): a stacked one if any,
 * else the last lane taken. */
static void staff_close(struct port *p, int li)
{
    struct lgroup *lg = &p->lg[li];
    assert(!lg->opening && lg->n_pol > 0);
    int L = lg->spec->lanes, b = -1;
    bool lane = lg->n_pol == lg->held;
    if (lane)
        b = lg->first + lg->held - 1;
    else
        for (int k = lg->n - 1; k >= L && b < 0; k--)
            if (booth_active(&p->booth[lg->first + k]))
                b = lg->first + k;
    assert(b >= 0);
    booth_down(p, li, b);
    lg->n_pol--;
    if (lane) {
        lg->held--;
        if (lg->spec->pool >= 0)
            p->pool_used[lg->spec->pool]--;
    }
}

/* The fewest booths group li keeps: its minimum, but no more than the
 * officers on duty. */
static int staff_least(const struct lgroup *lg)
{
    int least = lg->spec->staffing.min_booths;
    return least < lg->staff ? least : lg->staff;
}

/* Serving group li after a change of its officers on duty (or when it
 * starts serving): down to the officers at once, up to its minimum at once
 * (as its lanes allow). */
static void staff_settle(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    if (lg->state != LG_SERVING)
        return;
    if (lg->n_pol > lg->staff)
        staff_cancel_opening(p, lg);
    while (lg->n_pol > lg->staff)
        staff_close(p, li);
    while (lg->n_pol < staff_least(lg) && staff_open(p, li, t, false))
        ;
    pt_q_touch(p, &p->q[lg->q], t);
}

/* The staffing measure of queue qi at t: crossers waiting, or their
 * expected wait in minutes, waiting x mean inspection time (this hour's) /
 * booths open (a stacked booth counting for its efficiency; at least 1). */
static double staff_measure(const struct port *p, int qi, enum policy_measure m, double t)
{
    const struct queue *q = &p->q[qi];
    if (m == POLICY_QUEUE)
        return (double)q->n;
    double speed = 0;
    for (int i = 0; i < q->n_lgs; i++) {
        const struct lgroup *lg = &p->lg[q->lgs[i]];
        for (int b = lg->first; b < lg->first + lg->n; b++)
            if (booth_active(&p->booth[b]))
                speed += 1 / p->booth[b].scale;
    }
    double mean = q->svc->mean_s * (q->svc_factor ? q->svc_factor[hour_of_day(t)] : 1.0);
    return (double)q->n * mean / (speed > 1 ? speed : 1) / SECONDS_PER_MINUTE;
}

static void on_staff_check(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    const struct staffpolicy *sp = &lg->spec->staffing;
    if (t + sp->check_s < p->t_end)
        cal_push(&p->cal, t + sp->check_s, EV_STAFF_CHECK, li);
    if (lg->state != LG_SERVING) {
        lg->above_since = lg->below_since = -1;
        return;
    }
    double m = staff_measure(p, lg->q, sp->measure, t);
    if (m > sp->open_above) {
        lg->below_since = -1;
        if (lg->above_since < 0)
            lg->above_since = t;
        if (t - lg->above_since >= sp->sustain_s && staff_open(p, li, t, true))
            lg->above_since = t;    /* the next step waits for the bound again */
    } else if (m < sp->close_below) {
        lg->above_since = -1;
        if (lg->below_since < 0)
            lg->below_since = t;
        if (t - lg->below_since >= sp->sustain_s && !lg->opening
            && lg->n_pol > staff_least(lg)) {
            staff_close(p, li);
            lg->below_since = t;
        }
    } else {
        lg->above_since = lg->below_since = -1;
    }
    pt_q_touch(p, &p->q[lg->q], t);
}

/* The delay of an opening booth is over (unless it was given up). */
static void on_staff_open(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    if (!lg->opening || lg->opening_at != t)
        return;
    lg->opening = 0;
    assert(lg->state == LG_SERVING);
    booth_up(p, li, booth_to_open(p, lg, lg->opening_lane), t);
    pt_q_touch(p, &p->q[lg->q], t);
}

/* ---- event handlers ------------------------------------------------------ */

/* Find the hour of the run holding time t (t < t_end) and its rate. */
static void seg_locate(const struct port *p, struct stream *st, double t)
{
    int day = sim_day(t);
    double day_start = day * SECONDS_PER_DAY;
    int h = (int)floor((t - day_start) / SECONDS_PER_HOUR);
    if (h >= HOURS_PER_DAY)
        h = HOURS_PER_DAY - 1;
    st->seg_start = day_start + h * SECONDS_PER_HOUR;
    st->seg_end = day_start + (h + 1) * SECONDS_PER_HOUR;
    const struct scn_day *dd = &p->day[day];
    st->seg_rate = st->rate[dd->weekday][h];
    if (p->dated && (dd->holiday || (st->d->has_monthly && dd->month >= 0)))
        st->seg_rate = scn_per_day_on(st->d, dd) * scn_share_on(st->d, dd, h) / SECONDS_PER_HOUR;
}

/* The arrival time after t of stream st: a unit exponential (Poisson) or
 * one (deterministic; `first` halves it) spent against the integrated rate,
 * hour by hour: exact for a piecewise-constant rate.  The hour of the last
 * arrival is kept, so that most calls find their rate without a division. */
static double next_arrival(const struct port *p, struct stream *st, double t, bool first)
{
    double e = st->d->arrivals == ARR_POISSON ? dist_exp1(st->r_arr)
             : first                          ? 0.5
                                              : 1.0;
    for (;;) {
        if (!(t >= st->seg_start && t < st->seg_end)) {
            if (t >= p->t_end)
                return INFINITY;
            seg_locate(p, st, t);
        }
        double lambda = st->seg_rate, end = st->seg_end;
        if (lambda > 0) {
            double dt = e / lambda;
            if (t + dt < end)
                return t + dt;
            e -= lambda * (end - t);
            if (e < 0)
                e = 0;
        }
        t = end;
    }
}

static void on_arrival(struct port *p, int si, double t)
{
    struct stream *st = &p->st[si];
    double tn = next_arrival(p, st, t, false);
    if (tn < p->t_end)
        cal_push(&p->cal, tn, EV_ARRIVAL, si);

    int prog = st->only;
    if (prog < 0) {
        double u = rng_uniform(st->r_split);
        prog = 0;
        while (prog < PROG_COUNT - 1 && u >= st->cum[prog])
            prog++;
    }
    int qi = st->q[prog];
    assert(qi >= 0);
    struct queue *q = &p->q[qi];
    struct stg *sg = &p->stg[q->stage];
    int gi = p->gidx[q->id.dir][q->id.mode][prog];
    bool m = measured(p, t);
    if (m) {
        p->res->grp[gi].arrivals++;
        res_hour(p->res, (size_t)gi, p->bin)->arrivals++;
    }
    bool gate = !sg->open;
    bool closed = gate || q->n_lgs == 0;
    if ((closed && st->d->when_closed == CLOSED_FORGO)
        || q->n >= (q->storage >= 0 ? (size_t)q->storage : (size_t)SCN_QUEUE_MAX)
        || (sg->space >= 0 && sg->n_wait >= sg->space)) {
        if (m) {
            p->res->grp[gi].forgone++;
            res_hour(p->res, (size_t)gi, p->bin)->forgone++;
        }
        return;
    }
    if (gate && m) {
        p->res->grp[gi].closed_arrivals++;
        res_hour(p->res, (size_t)gi, p->bin)->closed_arrivals++;
    }
    struct crosser it = { t, t, 0, p->bin, (uint16_t)si, gate, (uint8_t)prog };
    pt_stage_record(p, qi, &it, AT_IN, 0);
    int b = (q->n == 0 && !closed) ? pt_take_idle(p, q) : -1;
    if (b >= 0)
        pt_start_service(p, b, &it, t);
    else if (!pt_q_push(p, q, it))
        return;
    pt_q_touch(p, q, t);
}

static void on_service_end(struct port *p, int b, double t)
{
    struct booth *bo = &p->booth[b];
    int qi = bo->q;
    struct queue *q = &p->q[qi];
    int fi = p->stg[q->stage].fac;
    pt_stage_record(p, qi, &bo->c, AT_BOOTH, t - bo->t_mark);
    if (fi >= 0) {
        struct facility *f = &p->fac[fi];
        double u = rng_uniform(f->r_ref);
        if (u < f->spec->referral[bo->c.prog]) {
            if (f->n_free == 0) {
                bo->state = B_BLOCKED;
                bo->t_mark = t;
                f->blocked[(f->bhead + f->bn) % f->bcap] = b;
                f->bn++;
                return;
            }
            pt_slot_take(p, f->free_slot[--f->n_free], &bo->c, qi, t);
            pt_release_booth(p, b, t);
            return;
        }
    }
    pt_pass_on(p, b, t);
}

static void on_secondary_end(struct port *p, int s, double t)
{
    struct slot *sl = &p->slot[s];
    pt_stage_record(p, sl->q, &sl->c, AT_SIDE, t - sl->t_mark);
    pt_pass_on(p, (int)p->n_booth + s, t);
}

static void on_staffing(struct port *p, int li, double t)
{
    struct lgroup *lg = &p->lg[li];
    const struct daysched *ds = &lg->spec->staffed;
    if (t != lg->staff_next)
        return;                 /* superseded by port_restaff */
    lg->staff = sched_value(p, ds, t);
    if (lg->spec->has_staffing)
        staff_settle(p, li, t);
    else if (lg->state == LG_SERVING)
        apply_staffing(p, li, lg->staff, t);
    double tn = sched_next(p, ds, t);
    lg->staff_next = tn < p->t_end ? tn : INFINITY;
    if (tn < p->t_end)
        cal_push(&p->cal, tn, EV_STAFF, li);
}

/* Stage k opens or closes by its hours of the day (a holiday's, if it has
 * its own). */
static void on_hours(struct port *p, int k, double t)
{
    struct stg *sg = &p->stg[k];
    const struct daysteps *h = hours_steps(p, k, t);
    bool open = steps_value(h, t) != 0;
    if (open != sg->open) {
        sg->open = open;
        if (!open)
            sg->closed_since = t;
        for (size_t i = 0; i < p->n_q; i++) {
            struct queue *q = &p->q[i];
            if (q->stage != k)
                continue;
            if (open)
                dispatch(p, q, t);
            pt_q_touch(p, q, t);
        }
    }
    double tn = steps_next(h, t);
    if (tn < p->t_end)
        cal_push(&p->cal, tn, EV_HOURS, k);
}

/* Hour boundary k of the measured period (k = 0 at the end of warm-up):
 * levels since the previous boundary go to hour k-1, each line's to its
 * programme's group (and, with stages, to its stage column). */
static void on_tick(struct port *p, int k, double t)
{
    size_t bin = k > 0 ? bin_of_hour(p, (size_t)k - 1) : 0;
    for (size_t g = 0; g < p->n_groups; g++)
        p->gmax[g] = -1;
    for (size_t i = 0; i < p->n_q; i++) {
        struct queue *q = &p->q[i];
        double area[LEVELS_N], max[LEVELS_N];
        levels_take(&q->lv, t, area, max);
        double qa = area[LV_LEN], oa = area[LV_OPEN], ba = area[LV_BUSY], la = area[LV_LANES];
        double qmax = max[LV_LEN];
        if (k == 0)
            continue;
        struct hour_bin *b = res_hour(p->res, (size_t)q->grp, bin);
        b->queue_area += qa;
        b->open_area += oa;
        b->busy_area += ba;
        b->lanes_area += la;
        struct grp_result *g = &p->res->grp[q->grp];
        g->queue_area += qa;
        g->open_area += oa;
        g->busy_area += ba;
        g->lanes_area += la;
        if (qmax > p->gmax[q->grp])
            p->gmax[q->grp] = qmax;
        if (p->staged) {
            struct stage_result *r = res_stage(p->res, (size_t)q->grp,
                                               (size_t)p->stg[q->stage].pos);
            r->queue_area += qa;
            r->open_area += oa;
            r->busy_area += ba;
        }
    }
    for (size_t g = 0; g < p->n_groups && k > 0; g++) {
        if (p->gmax[g] < 0)
            continue;
        res_hour(p->res, g, bin)->queue_max += p->gmax[g];
        if (p->gmax[g] > p->res->grp[g].queue_max)
            p->res->grp[g].queue_max = p->gmax[g];
    }
    if ((size_t)k < p->n_ticks) {
        p->bin = (uint32_t)bin_of_hour(p, (size_t)k);
        cal_push(&p->cal, t + SECONDS_PER_HOUR, EV_TICK, k + 1);
    }
}

/* ---- building ------------------------------------------------------------ */

size_t port_n_groups(const struct port *p) { return p->n_groups; }
struct group_id port_group(const struct port *p, size_t g) { return p->gid[g]; }
size_t port_n_hours(const struct port *p) { return p->n_hours; }
size_t port_n_stage_cols(const struct port *p) { return p->n_cols; }

void pt_group_name(char *buf, size_t n, struct group_id id)
{
    snprintf(buf, n, "%s.%s.%s", scn_direction_name(id.dir), scn_mode_name(id.mode),
             scn_program_name(id.prog));
}

void port_free(struct port *p)
{
    if (!p)
        return;
    cal_free(&p->cal);
    for (size_t i = 0; i < p->n_q; i++) {
        free(p->q[i].buf);
        free(p->q[i].lgs);
        if (p->q[i].r_svc)
            gsl_rng_free(p->q[i].r_svc);
    }
    for (size_t g = 0; g < p->n_groups; g++) {
        if (p->hist)
            histo_free(&p->hist[g]);
        if (p->hist_cross)
            histo_free(&p->hist_cross[g]);
    }
    for (size_t i = 0; i < p->n_lg; i++) {
        free(p->lg[i].idle);
        free(p->lg[i].lane_n);
    }
    free(p->pool_used);
    for (size_t i = 0; i < p->n_fac; i++) {
        free(p->fac[i].free_slot);
        free(p->fac[i].blocked);
        if (p->fac[i].r_ref)
            gsl_rng_free(p->fac[i].r_ref);
        if (p->fac[i].r_svc)
            gsl_rng_free(p->fac[i].r_svc);
    }
    for (size_t i = 0; i < p->n_st; i++) {
        if (p->st[i].r_arr)
            gsl_rng_free(p->st[i].r_arr);
        if (p->st[i].r_split)
            gsl_rng_free(p->st[i].r_split);
    }
    for (size_t k = 0; k < p->n_stg; k++)
        free(p->stg[k].held);
    histo_free(&p->hist_all);
    histo_free(&p->hist_cross_all);
    free(p->hist);
    free(p->hist_cross);
    free(p->gid);
    free(p->gmax);
    free(p->id_svc);
    free(p->q);
    free(p->lg);
    free(p->booth);
    free(p->fac);
    free(p->slot);
    free(p->st);
    free(p->stg);
    free(p->day);
    free(p);
}

/* The result groups (direction, mode, program) and the measured hours, as
 * port_shape numbers them, with the groups' histograms.  Returns 0, or -1
 * if out of memory. */
static int build_groups(struct port *p)
{
    p->gid = line_alloc(PORT_GROUPS_MAX, sizeof *p->gid);
    p->gmax = line_alloc(PORT_GROUPS_MAX, sizeof *p->gmax);
    p->hist = line_alloc(PORT_GROUPS_MAX, sizeof *p->hist);
    p->hist_cross = line_alloc(PORT_GROUPS_MAX, sizeof *p->hist_cross);
    if (!p->gid || !p->gmax || !p->hist || !p->hist_cross)
        return -1;
    p->n_groups = port_shape(p->s, p->gid, &p->n_hours);
    memset(p->gidx, -1, sizeof p->gidx);
    for (size_t gi = 0; gi < p->n_groups; gi++) {
        const struct group_id *id = &p->gid[gi];
        p->gidx[id->dir][id->mode][id->prog] = (int)gi;
        if (histo_init(&p->hist[gi]) < 0 || histo_init(&p->hist_cross[gi]) < 0)
            return -1;
    }
    if (histo_init(&p->hist_all) < 0 || histo_init(&p->hist_cross_all) < 0)
        return -1;
    return 0;
}

/* The run's times (warm-up, end, measured hours), the wait grid of the
 * results, and each simulated day's calendar facts.  Returns 0, or -1 if
 * out of memory. */
static int build_days(struct port *p)
{
    const struct scenario *s = p->s;
    p->t_warm = s->run.warmup_days * SECONDS_PER_DAY;
    p->t_end = p->t_warm + s->run.days * SECONDS_PER_DAY;
    p->n_ticks = (size_t)s->run.days * HOURS_PER_DAY;
    p->by_weekday = scn_hourly_by_weekday(&s->run);
    p->staged = s->n_stages > 0;
    p->n_cols = p->staged ? (size_t)scn_stage_cols(s) : 0;
    for (size_t i = 0; i < WAIT_GRID_N; i++)
        p->wait_grid_s[i] = res_wait_grid_min(i) * SECONDS_PER_MINUTE;
    p->n_days = s->run.warmup_days + s->run.days;
    if (!(p->day = line_alloc((size_t)p->n_days, sizeof *p->day)))
        return -1;
    for (int k = 0; k < p->n_days; k++) {
        scn_day_of(s, k, &p->day[k]);
        p->dated = p->dated || p->day[k].holiday || p->day[k].month >= 0;
    }
    return 0;
}

/* The lane groups: the line each assignment serves (at the group's stage),
 * their booths numbered in group order, their idle stacks and open booths
 * per lane, and the storage they add to their first queue.  Needs the
 * stages and queues.  Returns 0, or -1 if out of memory. */
static int build_lanes(struct port *p)
{
    const struct scenario *s = p->s;
    p->n_lg = s->n_lanes;
    p->lg = line_alloc(p->n_lg, sizeof *p->lg);
    if (!p->lg)
        return -1;
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        struct lgroup *lg = &p->lg[i];
        lg->spec = l;
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            lg->assign_q[k] = -1;
            for (size_t j = 0; j < p->n_stg; j++)
                if (p->stg[j].spec_k == l->stage && p->stg[j].dir == a->dir
                    && p->stg[j].mode == a->mode)
                    lg->assign_q[k] = p->stg[j].line[a->prog];
            assert(lg->assign_q[k] >= 0);
        }
        lg->q = lg->assign_q[0];
        lg->first = (int)p->n_booth;
        lg->n = l->booths;
        p->n_booth += (size_t)l->booths;
        lg->idle = line_alloc((size_t)l->booths, sizeof *lg->idle);
        lg->lane_n = line_alloc((size_t)l->lanes, sizeof *lg->lane_n);
        if (!lg->idle || !lg->lane_n)
            return -1;
        struct queue *q = &p->q[lg->q];
        if (l->storage >= 0)
            q->storage = (q->storage < 0 ? 0 : q->storage) + l->storage;
    }
    return 0;
}

/* The booths of every lane group: each one's group, lane, place in the
 * lane and inspection time multiplier (stacked booths at their
 * efficiency); and the lanes held in each lane pool.  Returns 0, or -1 if
 * out of memory. */
static int build_booths(struct port *p)
{
    p->booth = line_alloc(p->n_booth, sizeof *p->booth);
    if (!p->booth)
        return -1;
    for (size_t i = 0; i < p->n_lg; i++) {
        const struct lanegroup *l = p->lg[i].spec;
        for (int k = 0; k < p->lg[i].n; k++) {
            struct booth *bo = &p->booth[p->lg[i].first + k];
            bo->lg = (int)i;
            bo->lane = k % l->lanes;
            bo->level = k / l->lanes;
            bo->scale = bo->level > 0 ? 1 / l->stacked_efficiency : 1.0;
        }
    }
    p->pool_used = line_alloc(p->s->n_pools ? p->s->n_pools : 1, sizeof *p->pool_used);
    return p->pool_used ? 0 : -1;
}

/* Stream st of demand d: its arrival rates by weekday and hour, the
 * cumulative shares of its programmes (the last one guarded against the
 * rounding of their sum), the line each programme joins (that of the stage
 * it enters at), its only programme if one, and its random streams.
 * Returns 0, or -1 if out of memory. */
static int build_stream(const struct port *p, struct stream *st, const struct demand *d)
{
    st->d = d;
    for (int w = 0; w < WD_COUNT; w++)
        for (int h = 0; h < HOURS_PER_DAY; h++)
            st->rate[w][h] = d->per_day * d->weekday_factor[w] * d->hourly_share[w][h]
                             / SECONDS_PER_HOUR;
    double c = 0;
    for (int g = 0; g < PROG_COUNT; g++) {
        c += d->program_share[g];
        st->cum[g] = c;
        int k = p->entry[d->dir][d->mode][g];
        st->q[g] = k >= 0 ? p->stg[k].line[g] : -1;
    }
    int n_prog = 0;
    st->only = -1;
    for (int g = 0; g < PROG_COUNT; g++)
        if (d->program_share[g] > 0) {
            n_prog++;
            st->only = g;
        }
    if (n_prog != 1)
        st->only = -1;
    for (int g = PROG_COUNT - 1; g >= 0; g--)
        if (d->program_share[g] > 0) {
            for (int k = g; k < PROG_COUNT; k++)
                st->cum[k] = 2.0;
            break;
        }
    st->r_arr = rng_alloc_kind(p->s->run.rng);
    st->r_split = rng_alloc_kind(p->s->run.rng);
    if (!st->r_arr || !st->r_split)
        return -1;
    st->id_arr = rng_source_id("arrivals", d->name);
    st->id_split = rng_source_id("programs", d->name);
    return 0;
}

/* Every event names its object in 20 bits (calendar.h): more booths,
 * secondary spaces, demand streams, lane groups, stages or measured hours
 * than that is a scenario too large.  Returns 0, or -1 with *e filled
 * (EXIT_USAGE). */
static int check_event_names(const struct port *p, struct err *e)
{
    size_t most = p->n_ticks + 1;
    size_t counts[] = { p->n_st, p->n_booth, p->n_slot, p->n_lg, p->n_stg };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (counts[i] > most)
            most = counts[i];
    if (most > (size_t)CAL_WHO_MAX)
        return err_set(e, EXIT_USAGE, "%s: the model is too large: %zu booths, secondary "
                       "spaces, demand streams or measured hours; at most %d of each",
                       p->s->name, most, CAL_WHO_MAX);
    assert(p->n_st <= UINT16_MAX);      /* struct crosser's stream */
    return 0;
}

/* The model's parts in the order each needs the ones before: days,
 * result groups, stages, queues, lane groups, booths, facilities, demand
 * streams.  Returns 0, or -1 if out of memory (the parts built so far are
 * port_free's). */
static int build_parts(struct port *p)
{
    if (build_days(p) < 0 || build_groups(p) < 0 || pt_build_stages(p) < 0
        || pt_build_queues(p) < 0 || build_lanes(p) < 0 || build_booths(p) < 0
        || pt_build_facilities(p) < 0)
        return -1;
    p->n_st = p->s->n_demand;
    p->st = line_alloc(p->n_st, sizeof *p->st);
    if (!p->st)
        return -1;
    for (size_t i = 0; i < p->n_st; i++)
        if (build_stream(p, &p->st[i], &p->s->demand[i]) < 0)
            return -1;
    return 0;
}

struct port *port_new(const struct scenario *s, struct err *e)
{
    struct port *p = line_alloc(1, sizeof *p);
    if (!p)
        goto oom;
    p->s = s;
    if (build_parts(p) < 0)
        goto oom;
    if (check_event_names(p, e) < 0)
        goto fail;
    /* Per lane group: staffing, lane schedule or policy, lane ready,
     * staffing check and a booth opening; per stage, its hours. */
    size_t cap = p->n_st + p->n_booth + p->n_slot + 5 * p->n_lg + p->n_stg + 1;
    if (cal_init(&p->cal, cap) < 0)
        goto oom;
    return p;
oom:
    err_set(e, EXIT_FAIL, "out of memory building the port model of %s", s->name);
fail:
    port_free(p);
    return NULL;
}

/* ---- a replication ------------------------------------------------------- */

static void push_initial_queues(struct port *p);

/* The queues empty, their levels at zero, no lane group serving them yet,
 * their service streams seeded for replication rep; the wait histograms
 * emptied. */
static void reset_queues(struct port *p, uint64_t seed, int rep)
{
    for (size_t i = 0; i < p->n_q; i++) {
        struct queue *q = &p->q[i];
        q->head = q->n = 0;
        q->n_busy = q->n_idle = 0;
        levels_init(&q->lv, 0);
        q->lanes_open = 0;
        rng_seed(q->r_svc, seed, p->id_svc[i], (uint64_t)rep);
    }
    for (size_t g = 0; g < p->n_groups; g++) {
        histo_reset(&p->hist[g]);
        histo_reset(&p->hist_cross[g]);
    }
    for (size_t i = 0; i < p->n_q; i++)
        p->q[i].n_lgs = 0;
}

/* Each lane group serving, from time 0, the assignment its schedule or
 * policy starts with (added to that queue's groups), nothing open, no
 * change under way; no pool lane held; every booth closed. */
static void reset_lanes(struct port *p)
{
    for (size_t i = 0; i < p->n_lg; i++) {
        struct lgroup *lg = &p->lg[i];
        const struct lanegroup *l = lg->spec;
        lg->n_idle = lg->n_active = lg->n_busy = lg->staff = 0;
        lg->cur = l->scheduled ? sched_value(p, &l->schedule, 0)
                : l->has_policy ? l->policy.from : 0;
        lg->target = lg->cur;
        lg->q = lg->assign_q[lg->cur];
        lg->state = LG_SERVING;
        lg->change = -1;
        lg->serving_since = 0;
        lg->pending_since = -1;
        lg->count_day = -1;
        lg->switches_today = 0;
        lg->lq = lg->q;
        memset(lg->lane_n, 0, (size_t)l->lanes * sizeof *lg->lane_n);
        lg->n_pol = lg->held = lg->opening = 0;
        lg->above_since = lg->below_since = -1;
        lg->give_to = -1;
        q_add_lg(&p->q[lg->q], (int)i);
    }
    for (size_t k = 0; k < p->s->n_pools; k++)
        p->pool_used[k] = 0;
    for (size_t b = 0; b < p->n_booth; b++) {
        p->booth[b].state = B_CLOSED;
        p->booth[b].closing = 0;
    }
}

/* Every secondary space free and every facility's blocked FIFO empty, their
 * streams seeded for replication rep; each stage open unless it has hours,
 * nobody waiting or blocked for it; the run not ended, at its first hour. */
static void reset_stages(struct port *p, uint64_t seed, int rep)
{
    for (size_t i = 0; i < p->n_fac; i++) {
        struct facility *f = &p->fac[i];
        f->n_free = 0;
        for (int k = f->first + f->n - 1; k >= f->first; k--) {
            f->free_slot[f->n_free++] = k;
            p->slot[k] = (struct slot){ .q = -1, .fac = (int)i };
        }
        f->bhead = f->bn = 0;
        rng_seed(f->r_ref, seed, f->id_ref, (uint64_t)rep);
        rng_seed(f->r_svc, seed, f->id_svc, (uint64_t)rep);
    }
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        sg->open = !sg->has_hours;
        sg->closed_since = 0;
        sg->n_wait = 0;
        sg->hhead = sg->hn = 0;
    }
    p->oom = false;
    p->ended = false;
    p->bin = 0;
}

/* The events a replication starts with, schedules first: each used
 * stage's hours; each lane group's staffing at 0, its next lane change,
 * policy check and staffing check; the crossers waiting at the start; the
 * first tick at the end of the warm-up; then each stream's first arrival,
 * its random streams seeded for replication rep. */
static void push_first_events(struct port *p, uint64_t seed, int rep)
{
    for (size_t k = 0; k < p->n_stg; k++)
        if (p->stg[k].has_hours && p->stg[k].used)
            cal_push(&p->cal, 0, EV_HOURS, (int)k);
    for (size_t i = 0; i < p->n_lg; i++) {
        const struct lanegroup *l = p->lg[i].spec;
        cal_push(&p->cal, 0, EV_STAFF, (int)i);
        p->lg[i].staff_next = 0;
        if (l->scheduled) {
            double tn = sched_next(p, &l->schedule, 0);
            if (tn < p->t_end)
                cal_push(&p->cal, tn, EV_LANE, (int)i);
        }
        if (l->has_policy && l->policy.check_s < p->t_end)
            cal_push(&p->cal, l->policy.check_s, EV_POLICY, (int)i);
        if (l->has_staffing && l->staffing.check_s < p->t_end)
            cal_push(&p->cal, l->staffing.check_s, EV_STAFF_CHECK, (int)i);
    }
    push_initial_queues(p);
    cal_push(&p->cal, p->t_warm, EV_TICK, 0);
    for (size_t i = 0; i < p->n_st; i++) {
        struct stream *st = &p->st[i];
        rng_seed(st->r_arr, seed, st->id_arr, (uint64_t)rep);
        rng_seed(st->r_split, seed, st->id_split, (uint64_t)rep);
        st->seg_start = st->seg_end = -1;
        double t = next_arrival(p, st, 0, true);
        if (t < p->t_end)
            cal_push(&p->cal, t, EV_ARRIVAL, (int)i);
    }
}

/* The model as at the start of replication rep: everything empty and
 * closed, the random streams seeded for it, the first events on the
 * calendar. */
static void reset(struct port *p, int rep)
{
    uint64_t seed = p->s->run.seed;
    cal_clear(&p->cal);
    reset_queues(p, seed, rep);
    reset_lanes(p);
    reset_stages(p, seed, rep);
    push_first_events(p, seed, rep);
}

/* The crossers each stream has waiting when the run starts: queued in
 * stream order, arrived just before it (so never measured). */
static void push_initial_queues(struct port *p)
{
    for (size_t i = 0; i < p->n_st; i++)
        for (int g = 0; g < PROG_COUNT; g++) {
            long n = p->st[i].d->initial_queue[g];
            int qi = p->st[i].q[g];
            if (n == 0)
                continue;
            assert(qi >= 0);
            struct queue *q = &p->q[qi];
            struct crosser it = { .t = INITIAL_ARRIVAL_S, .tj = INITIAL_ARRIVAL_S, .bin = 0,
                                  .stream = (uint16_t)i, .prog = (uint8_t)g };
            for (long k = 0; k < n && pt_q_push(p, q, it); k++)
                ;
            pt_q_touch(p, q, 0);
        }
}

/* A measured crosser c of queue qi is still at the queue's stage at the
 * end (scenarios with stages). */
static void stage_remaining(struct port *p, int qi, const struct crosser *c)
{
    if (!p->staged || !measured(p, c->t))
        return;
    const struct queue *q = &p->q[qi];
    res_stage(p->res, (size_t)group_of(p, q, c), (size_t)p->stg[q->stage].pos)->remaining++;
}

/* Count the measured crossers still in the port, and close the books. */
static int finish(struct port *p, struct err *e)
{
    struct rep_result *r = p->res;
    for (size_t i = 0; i < p->n_q; i++) {
        struct queue *q = &p->q[i];
        for (size_t k = 0; k < q->n; k++) {
            const struct crosser *c = &q->buf[(q->head + k) & (q->cap - 1)];
            if (measured(p, c->t))
                r->grp[group_of(p, q, c)].remaining++;
            stage_remaining(p, (int)i, c);
        }
    }
    for (size_t b = 0; b < p->n_booth; b++) {
        const struct booth *bo = &p->booth[b];
        if ((bo->state == B_BUSY || bo->state == B_BLOCKED) && measured(p, bo->c.t))
            r->grp[group_of(p, &p->q[bo->q], &bo->c)].remaining++;
        if (bo->state == B_BUSY || bo->state == B_BLOCKED)
            stage_remaining(p, bo->q, &bo->c);
    }
    for (size_t k = 0; k < p->n_slot; k++) {
        const struct slot *sl = &p->slot[k];
        if (sl->q >= 0 && measured(p, sl->c.t))
            r->grp[group_of(p, &p->q[sl->q], &sl->c)].remaining++;
        if (sl->q >= 0)
            stage_remaining(p, sl->q, &sl->c);
    }

    for (size_t i = 0; i < p->n_groups; i++) {
        struct grp_result *g = &r->grp[i];
        g->cross_p50 = histo_quantile(&p->hist_cross[i], 0.50);
        g->cross_p95 = histo_quantile(&p->hist_cross[i], 0.95);
        g->wait_p50 = histo_quantile(&p->hist[i], 0.50);
        g->wait_p95 = histo_quantile(&p->hist[i], 0.95);
        g->wait_over_1h = histo_share_above(&p->hist[i], WAIT_LONG_S);
        histo_shares_above(&p->hist[i], p->wait_grid_s, WAIT_GRID_N,
                           &r->share_above[i * WAIT_GRID_N]);
        if (g->arrivals != g->served + g->forgone + g->remaining) {
            char name[3 * SCN_NAME_MAX];
            pt_group_name(name, sizeof name, p->gid[i]);
            return err_set(e, EXIT_FAIL,
                           "internal error: replication %d, %s: %llu arrivals but %llu served + "
                           "%llu forgone + %llu remaining", r->replication, name,
                           (unsigned long long)g->arrivals, (unsigned long long)g->served,
                           (unsigned long long)g->forgone, (unsigned long long)g->remaining);
        }
    }
    histo_sum(&p->hist_all, p->hist, p->n_groups);
    histo_sum(&p->hist_cross_all, p->hist_cross, p->n_groups);
    r->wait_all_p50 = histo_quantile(&p->hist_all, 0.50);
    r->wait_all_p95 = histo_quantile(&p->hist_all, 0.95);
    r->cross_all_p50 = histo_quantile(&p->hist_cross_all, 0.50);
    r->cross_all_p95 = histo_quantile(&p->hist_cross_all, 0.95);
    return 0;
}

/* Test hook (README, "Tests"): POESIM_TEST_FAIL_SCENARIO=NAME makes every
 * replication of scenario NAME fail as a run-time error would, NAME:K only
 * replication K (1-based), so that tests can follow such a failure through
 * threads and MPI ranks: a scenario that loads but fails while running
 * (memory exhausted) is otherwise out of a test's reach.  One getenv per
 * replication. */
static int test_failure(const struct port *p, int rep, struct err *e)
{
    const char *v = getenv("POESIM_TEST_FAIL_SCENARIO");
    if (!v || !*v)
        return 0;
    const char *colon = strrchr(v, ':');
    size_t len = colon ? (size_t)(colon - v) : strlen(v);
    if (strlen(p->s->name) != len || strncmp(v, p->s->name, len) != 0
        || (colon && atoi(colon + 1) != rep + 1))
        return 0;
    return err_set(e, EXIT_FAIL, "replication %d of %s failed on purpose (test hook "
                   "POESIM_TEST_FAIL_SCENARIO)", rep + 1, p->s->name);
}

/* Process the events that leave the calendar before time t_stop (all of them
 * when t_stop is infinite), up to the end of the run: the tick that closes
 * the last measured hour.  Returns 0, or -1 with *e filled (out of memory). */
static int run_events(struct port *p, double t_stop, struct err *e)
{
    struct event ev;
    uint64_t events = 0;
    bool bounded = isfinite(t_stop);
    while (!p->ended) {
        if (bounded) {
            const struct event *next = cal_peek(&p->cal);
            if (!next || ev_time(next) >= t_stop)
                break;
        }
        if (cal_pop(&p->cal, &ev) < 0)
            break;
        events++;
        int who = ev_who(&ev);
        double t = ev_time(&ev);
        enum ev_type type = (enum ev_type)ev_type(&ev);
        switch (type) {
        case EV_ARRIVAL: on_arrival(p, who, t); break;
        case EV_SERVICE_END: on_service_end(p, who, t); break;
        case EV_SECONDARY_END: on_secondary_end(p, who, t); break;
        case EV_STAFF: on_staffing(p, who, t); break;
        case EV_LANE: on_lane_schedule(p, who, t); break;
        case EV_LANE_READY: on_lane_ready(p, who, t); break;
        case EV_POLICY: on_policy(p, who, t); break;
        case EV_STAFF_CHECK: on_staff_check(p, who, t); break;
        case EV_STAFF_OPEN: on_staff_open(p, who, t); break;
        case EV_HOURS: on_hours(p, who, t); break;
        case EV_TICK:
            on_tick(p, who, t);
            break;
        }
        if (p->oom) {
            p->res->events += events;
            return err_set(e, EXIT_FAIL, "out of memory: a queue of %s outgrew memory; "
                           "set \"storage\" on its lane group", p->s->name);
        }
        if (type == EV_TICK && (size_t)who == p->n_ticks)
            p->ended = true;
    }
    p->res->events += events;
    return 0;
}

int port_replicate(struct port *p, int rep, struct rep_result *out, struct err *e)
{
    if (port_start(p, rep, out, e) < 0 || run_events(p, INFINITY, e) < 0)
        return -1;
    return finish(p, e);
}

/* ---- the shape of the results, without a model ---------------------------- */

size_t port_shape(const struct scenario *s, struct group_id *ids, size_t *n_hours)
{
    /* Every group that exists, in (direction, mode, program) order: the
     * numbering of the results, and of port_new's groups (build_groups). */
    size_t n = 0;
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            for (int g = 0; g < PROG_COUNT; g++)
                if (pt_group_exists(s, d, m, g))
                    ids[n++] = (struct group_id){ (enum direction)d, (enum mode)m,
                                                  (enum program)g };
    *n_hours = scn_hourly_by_weekday(&s->run) ? (size_t)WD_COUNT * HOURS_PER_DAY
                                              : (size_t)s->run.days * HOURS_PER_DAY;
    return n;
}

/* ---- stepping and snapshots (the staffing search) -------------------------
 *
 * The staffing search (staff.h) runs a replication an hour at a time and
 * tries several staffings of one hour from the same state: it saves the
 * port's state at the start of the hour and restores it for each candidate.
 * Stepping processes exactly the events port_replicate does, in the same
 * order, so a replication run in steps writes the same results.
 *
 * A snapshot holds everything that decides what happens next: the calendar,
 * the queues and their levels, lane groups, booths, secondary spaces and
 * facilities, the demand streams' current hour, the states of every random
 * stream, the opening status.  Not the results written so far (the caller
 * keeps what it needs of them) nor the run's wait histograms, which only
 * summarise.  Structs are copied whole and their pointers put back, so a
 * new pointer member of struct queue, lgroup, facility or stream, or new
 * state of struct port, needs its line in port_save and port_restore. */

struct port_snap {
    size_t n_q;
    struct calendar cal;
    struct queue *q;
    struct crosser **items;     /* per queue: the waiting crossers, oldest first */
    size_t *items_cap;
    int *lgs;                   /* [qi * n_lg + k]: the groups serving queue qi */
    struct lgroup *lg;
    int *idle;                  /* group li's idle stack at [lg[li].first ..] */
    struct booth *booth;
    struct slot *slot;
    struct facility *fac;
    int *free_slot;             /* facility i's at [fac[i].first ..] */
    int *blocked;               /* facility i's FIFO at [i * n_booth ..], oldest first */
    struct stream *st;
    gsl_rng **rng;              /* every random stream, in rng_at order */
    size_t n_rng;
    struct stg *stg;
    int *held;                  /* stage k's FIFO of blocked holders at [k * hcap ..] */
    uint32_t bin;
    bool ended;
    struct lane_change *open_change;    /* per lane group: its change under way */
    int *lane_n;                /* group li's open booths per lane at [lg[li].first ..] */
    int *pool_used;             /* lanes held in each lane pool */
};

/* How many random streams the port has, and the i-th of them in a fixed
 * order: each queue's service, each facility's referrals and service, each
 * demand stream's arrivals and programme split. */
static size_t rng_count(const struct port *p)
{
    return p->n_q + 2 * p->n_fac + 2 * p->n_st;
}

static gsl_rng *rng_at(const struct port *p, size_t i)
{
    if (i < p->n_q)
        return p->q[i].r_svc;
    i -= p->n_q;
    if (i < 2 * p->n_fac)
        return i % 2 ? p->fac[i / 2].r_svc : p->fac[i / 2].r_ref;
    i -= 2 * p->n_fac;
    assert(i < 2 * p->n_st);
    return i % 2 ? p->st[i / 2].r_split : p->st[i / 2].r_arr;
}

void port_snap_free(struct port_snap *s)
{
    if (!s)
        return;
    cal_free(&s->cal);
    for (size_t i = 0; s->items && i < s->n_q; i++)
        free(s->items[i]);
    free(s->items);
    free(s->items_cap);
    free(s->q);
    free(s->lgs);
    free(s->lg);
    free(s->idle);
    free(s->booth);
    free(s->slot);
    free(s->fac);
    free(s->free_slot);
    free(s->blocked);
    free(s->st);
    free(s->open_change);
    free(s->lane_n);
    free(s->pool_used);
    free(s->stg);
    free(s->held);
    for (size_t i = 0; s->rng && i < s->n_rng; i++)
        if (s->rng[i])
            gsl_rng_free(s->rng[i]);
    free(s->rng);
    free(s);
}

/* memcpy for the snapshots, whose arrays may be empty (NULL with n = 0,
 * which memcpy does not allow). */
static void snap_copy(void *dst, const void *src, size_t n)
{
    if (n)
        memcpy(dst, src, n);
}

struct port_snap *port_snap_new(const struct port *p)
{
    struct port_snap *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n_q = p->n_q;
    s->n_rng = rng_count(p);
    size_t n_lg = p->n_lg ? p->n_lg : 1, n_q = p->n_q ? p->n_q : 1;
    size_t n_booth = p->n_booth ? p->n_booth : 1, n_slot = p->n_slot ? p->n_slot : 1;
    size_t n_fac = p->n_fac ? p->n_fac : 1, n_st = p->n_st ? p->n_st : 1;
    bool ok = cal_init(&s->cal, p->cal.cap) == 0
              && (s->q = calloc(n_q, sizeof *s->q))
              && (s->items = calloc(n_q, sizeof *s->items))
              && (s->items_cap = calloc(n_q, sizeof *s->items_cap))
              && (s->lgs = calloc(n_q * n_lg, sizeof *s->lgs))
              && (s->lg = calloc(n_lg, sizeof *s->lg))
              && (s->idle = calloc(n_booth, sizeof *s->idle))
              && (s->booth = calloc(n_booth, sizeof *s->booth))
              && (s->slot = calloc(n_slot, sizeof *s->slot))
              && (s->fac = calloc(n_fac, sizeof *s->fac))
              && (s->free_slot = calloc(n_slot, sizeof *s->free_slot))
              && (s->blocked = calloc(n_fac * n_booth, sizeof *s->blocked))
              && (s->st = calloc(n_st, sizeof *s->st))
              && (s->open_change = calloc(n_lg, sizeof *s->open_change))
              && (s->lane_n = calloc(n_booth, sizeof *s->lane_n))
              && (s->pool_used = calloc(p->s->n_pools ? p->s->n_pools : 1, sizeof *s->pool_used))
              && (s->stg = calloc(p->n_stg ? p->n_stg : 1, sizeof *s->stg))
              && (s->held = calloc((p->n_stg ? p->n_stg : 1) * (p->n_booth + p->n_slot + 1),
                                   sizeof *s->held))
              && (s->rng = calloc(s->n_rng ? s->n_rng : 1, sizeof *s->rng));
    for (size_t i = 0; ok && i < s->n_rng; i++)
        ok = (s->rng[i] = rng_alloc_kind(p->s->run.rng)) != NULL;
    if (!ok) {
        port_snap_free(s);
        return NULL;
    }
    return s;
}

int port_save(const struct port *p, struct port_snap *s)
{
    assert(s->n_q == p->n_q && s->cal.cap == p->cal.cap);
    for (size_t i = 0; i < p->n_q; i++) {
        const struct queue *q = &p->q[i];
        if (s->items_cap[i] < q->n) {
            size_t cap = s->items_cap[i] ? s->items_cap[i] : QUEUE_INITIAL_CAP;
            while (cap < q->n)
                cap *= 2;
            struct crosser *b = malloc(cap * sizeof *b);
            if (!b)
                return -1;
            free(s->items[i]);
            s->items[i] = b;
            s->items_cap[i] = cap;
        }
        for (size_t k = 0; k < q->n; k++)
            s->items[i][k] = q->buf[(q->head + k) & (q->cap - 1)];
        s->q[i] = *q;
        snap_copy(&s->lgs[i * p->n_lg], q->lgs, (size_t)q->n_lgs * sizeof *q->lgs);
    }
    cal_copy(&s->cal, &p->cal);
    for (size_t i = 0; i < p->n_lg; i++) {
        s->lg[i] = p->lg[i];
        if (p->lg[i].state != LG_SERVING)
            s->open_change[i] = p->res->changes[p->lg[i].change];
        snap_copy(&s->lane_n[p->lg[i].first], p->lg[i].lane_n,
               (size_t)p->lg[i].spec->lanes * sizeof *p->lg[i].lane_n);
        snap_copy(&s->idle[p->lg[i].first], p->lg[i].idle,
               (size_t)p->lg[i].n_idle * sizeof *p->lg[i].idle);
    }
    snap_copy(s->booth, p->booth, p->n_booth * sizeof *p->booth);
    snap_copy(s->slot, p->slot, p->n_slot * sizeof *p->slot);
    for (size_t i = 0; i < p->n_fac; i++) {
        const struct facility *f = &p->fac[i];
        s->fac[i] = *f;
        snap_copy(&s->free_slot[f->first], f->free_slot, (size_t)f->n_free * sizeof *f->free_slot);
        for (size_t k = 0; k < f->bn; k++)
            s->blocked[i * p->n_booth + k] = f->blocked[(f->bhead + k) % f->bcap];
    }
    snap_copy(s->st, p->st, p->n_st * sizeof *p->st);
    for (size_t i = 0; i < s->n_rng; i++)
        gsl_rng_memcpy(s->rng[i], rng_at(p, i));
    size_t hstride = p->n_booth + p->n_slot + 1;
    for (size_t k = 0; k < p->n_stg; k++) {
        const struct stg *sg = &p->stg[k];
        s->stg[k] = *sg;
        for (size_t i = 0; i < sg->hn; i++)
            s->held[k * hstride + i] = sg->held[(sg->hhead + i) % sg->hcap];
    }
    snap_copy(s->pool_used, p->pool_used, p->s->n_pools * sizeof *p->pool_used);
    s->bin = p->bin;
    s->ended = p->ended;
    return 0;
}

int port_restore(struct port *p, const struct port_snap *s, struct rep_result *out)
{
    assert(s->n_q == p->n_q && out->n_groups == p->n_groups && out->n_hours == p->n_hours);
    for (size_t i = 0; i < p->n_q; i++) {
        struct queue *q = &p->q[i];
        size_t n = s->q[i].n;
        if (q->cap < n) {
            size_t cap = q->cap;
            while (cap < n)
                cap *= 2;
            struct crosser *b = line_alloc(cap, sizeof *b);
            if (!b)
                return -1;
            free(q->buf);
            q->buf = b;
            q->cap = cap;
        }
        struct crosser *buf = q->buf;
        size_t cap = q->cap;
        int *lgs = q->lgs;
        gsl_rng *r_svc = q->r_svc;
        *q = s->q[i];
        q->buf = buf;
        q->cap = cap;
        q->head = 0;
        q->lgs = lgs;
        q->r_svc = r_svc;
        snap_copy(q->buf, s->items[i], n * sizeof *q->buf);
        snap_copy(q->lgs, &s->lgs[i * p->n_lg], (size_t)q->n_lgs * sizeof *q->lgs);
    }
    cal_copy(&p->cal, &s->cal);
    out->n_changes = 0;
    for (size_t i = 0; i < p->n_lg; i++) {
        int *idle = p->lg[i].idle, *lane_n = p->lg[i].lane_n;
        p->lg[i] = s->lg[i];
        p->lg[i].idle = idle;
        p->lg[i].lane_n = lane_n;
        snap_copy(idle, &s->idle[p->lg[i].first], (size_t)p->lg[i].n_idle * sizeof *idle);
        snap_copy(lane_n, &s->lane_n[p->lg[i].first], (size_t)p->lg[i].spec->lanes * sizeof *lane_n);
        if (p->lg[i].state != LG_SERVING) {
            const struct lane_change *c = &s->open_change[i];
            long k = res_add_change(out, c->t, c->lg, c->from, c->to);
            if (k < 0)
                return -1;
            out->changes[k].end = c->end;
            p->lg[i].change = k;
        }
    }
    snap_copy(p->booth, s->booth, p->n_booth * sizeof *p->booth);
    snap_copy(p->slot, s->slot, p->n_slot * sizeof *p->slot);
    for (size_t i = 0; i < p->n_fac; i++) {
        struct facility *f = &p->fac[i];
        int *free_slot = f->free_slot, *blocked = f->blocked;
        gsl_rng *r_ref = f->r_ref, *r_svc = f->r_svc;
        *f = s->fac[i];
        f->free_slot = free_slot;
        f->blocked = blocked;
        f->r_ref = r_ref;
        f->r_svc = r_svc;
        snap_copy(free_slot, &s->free_slot[f->first], (size_t)f->n_free * sizeof *free_slot);
        snap_copy(blocked, &s->blocked[i * p->n_booth], f->bn * sizeof *blocked);
        f->bhead = 0;
    }
    for (size_t i = 0; i < p->n_st; i++) {
        gsl_rng *r_arr = p->st[i].r_arr, *r_split = p->st[i].r_split;
        p->st[i] = s->st[i];
        p->st[i].r_arr = r_arr;
        p->st[i].r_split = r_split;
    }
    for (size_t i = 0; i < s->n_rng; i++)
        gsl_rng_memcpy(rng_at(p, i), s->rng[i]);
    size_t hstride = p->n_booth + p->n_slot + 1;
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        int *held = sg->held;
        *sg = s->stg[k];
        sg->held = held;
        snap_copy(held, &s->held[k * hstride], sg->hn * sizeof *held);
        sg->hhead = 0;
    }
    snap_copy(p->pool_used, s->pool_used, p->s->n_pools * sizeof *p->pool_used);
    p->bin = s->bin;
    p->ended = s->ended;
    p->oom = false;
    p->res = out;
    return 0;
}

int port_start(struct port *p, int rep, struct rep_result *out, struct err *e)
{
    assert(out->n_groups == p->n_groups && out->n_hours == p->n_hours);
    assert(out->n_cols == p->n_cols || !p->staged);
    if (test_failure(p, rep, e) < 0)
        return -1;
    res_reset(out);
    out->replication = rep;
    p->res = out;
    reset(p, rep);
    return 0;
}

int port_run_until(struct port *p, double t, struct err *e)
{
    return run_events(p, t, e);
}

void port_restaff(struct port *p, double t)
{
    for (size_t i = 0; i < p->n_lg; i++) {
        struct lgroup *lg = &p->lg[i];
        const struct daysched *ds = &lg->spec->staffed;
        /* The next change at or after t, or t itself if the booths wanted
         * now differ from those the group was last given. */
        double tn = sched_value(p, ds, t) != lg->staff ? t : sched_next(p, ds, t);
        if (tn >= p->t_end)
            tn = INFINITY;
        if (tn != lg->staff_next) {
            lg->staff_next = tn;
            if (isfinite(tn))
                cal_push(&p->cal, tn, EV_STAFF, (int)i);
        }
    }
}

bool port_ended(const struct port *p)
{
    return p->ended;
}

double port_hour_start(const struct port *p, size_t k)
{
    return p->t_warm + (double)k * SECONDS_PER_HOUR;
}

double port_oldest_waiting(const struct port *p, size_t g)
{
    const struct queue *q = &p->q[g];
    return q->n > 0 ? q->buf[q->head].t : INFINITY;
}

size_t port_queue_length(const struct port *p, size_t g)
{
    return p->q[g].n;
}
