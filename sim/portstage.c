/*
 * portstage.c - stages in series in the port model (part of the port
 * module; see portkit.h and port.c's essay).
 *
 * Building: the stages (a chain's, in order, and one for each direction
 * and mode without a chain, numbered in (direction, mode) order so that a
 * scenario without chains numbers its stages, lines and side inspections
 * exactly as before stages existed); each stage's lines, in programme
 * order, with their inspection times by the crosser's programme and their
 * random streams (a chain's named by stage); each programme's route (the
 * next stage it passes, where it enters); the side inspections and the
 * FIFO of places blocked for each stage after a chain's first.
 *
 * Passing on: a crosser done at a stage is held by its booth or side-
 * inspection space ("holder") until pt_pass_on sends it out of the port,
 * into the next stage, or (no room) leaves the holder blocked in that
 * stage's FIFO; pt_stage_unblock lets blocked crossers in as room appears.
 * The FIFO is at most the port's booths and spaces long, allocated once; a
 * holder that leaves it from the middle (a booth free for its line) shifts
 * the ones after it: the FIFO is short and such moves are rare.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dist.h"
#include "lines.h"
#include "portkit.h"
#include "rng.h"

/* ---- building --------------------------------------------------------------- */

/* Whether (d, m, g) is a result group of s: without a chain, a queue (a
 * lane group may serve it); with one, a programme with demand or a line. */
bool pt_group_exists(const struct scenario *s, int d, int m, int g)
{
    for (size_t i = 0; i < s->n_lanes; i++)
        for (int k = 0; k < s->lanes[i].n_assign; k++) {
            const struct assignment *a = &s->lanes[i].assign[k];
            if ((int)a->dir == d && (int)a->mode == m && (int)a->prog == g)
                return true;
        }
    if (s->n_chain[d][m] == 0)
        return false;
    for (size_t i = 0; i < s->n_demand; i++)
        if ((int)s->demand[i].dir == d && (int)s->demand[i].mode == m
            && s->demand[i].program_share[g] > 0)
            return true;
    return false;
}

/* Whether stage sg (of p, not yet numbered into queues) has a line of
 * programme L: a lane group of it serves L. */
static bool line_exists(const struct scenario *s, const struct stg *sg, int L)
{
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        if (l->stage != sg->spec_k)
            continue;
        for (int k = 0; k < l->n_assign; k++)
            if (l->assign[k].dir == sg->dir && l->assign[k].mode == sg->mode
                && (int)l->assign[k].prog == L)
                return true;
    }
    return false;
}

/* The stages: each chain's in order, and one for each other direction and
 * mode that a lane group serves, in (direction, mode) order.  Returns 0, or
 * -1 if out of memory. */
int pt_build_stages(struct port *p)
{
    const struct scenario *s = p->s;
    size_t n = 0;
    bool plain[DIR_COUNT][MODE_COUNT] = { { false } };
    for (size_t i = 0; i < s->n_lanes; i++)
        for (int k = 0; k < s->lanes[i].n_assign; k++) {
            const struct assignment *a = &s->lanes[i].assign[k];
            plain[a->dir][a->mode] = s->n_chain[a->dir][a->mode] == 0;
        }
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            n += s->n_chain[d][m] > 0 ? (size_t)s->n_chain[d][m] : plain[d][m];
    p->stg = line_alloc(n ? n : 1, sizeof *p->stg);
    if (!p->stg)
        return -1;
    memset(p->entry, -1, sizeof p->entry);
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            int len = s->n_chain[d][m] > 0 ? s->n_chain[d][m] : plain[d][m];
            for (int j = 0; j < len; j++) {
                struct stg *sg = &p->stg[p->n_stg++];
                sg->spec_k = s->n_chain[d][m] > 0 ? s->chain[d][m][j] : -1;
                sg->spec = sg->spec_k >= 0 ? &s->stages[sg->spec_k] : NULL;
                sg->dir = (enum direction)d;
                sg->mode = (enum mode)m;
                sg->pos = j;
                sg->fac = -1;
                sg->space = sg->spec ? sg->spec->space : -1;
                sg->has_hours = s->has_hours[d][m] || (sg->spec && sg->spec->has_hours);
                for (int g = 0; g < PROG_COUNT; g++)
                    sg->next[g] = sg->line[g] = -1;
            }
        }
    return 0;
}

/* The lines, stage by stage in programme order, with their inspection
 * times and random streams (a chain's named by their stage); then each
 * stage's routes.  Returns 0, or -1 if out of memory. */
int pt_build_queues(struct port *p)
{
    const struct scenario *s = p->s;
    for (size_t k = 0; k < p->n_stg; k++)
        for (int L = 0; L < PROG_COUNT; L++)
            p->n_q += line_exists(s, &p->stg[k], L);
    p->q = line_alloc(p->n_q ? p->n_q : 1, sizeof *p->q);
    p->id_svc = line_alloc(p->n_q ? p->n_q : 1, sizeof *p->id_svc);
    if (!p->q || !p->id_svc)
        return -1;
    size_t qi = 0;
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        int d = (int)sg->dir, m = (int)sg->mode;
        for (int L = 0; L < PROG_COUNT; L++) {
            if (!line_exists(s, sg, L))
                continue;
            struct queue *q = &p->q[qi];
            q->id = (struct group_id){ sg->dir, sg->mode, (enum program)L };
            q->stage = (int)k;
            q->grp = p->gidx[d][m][L];
            assert(q->grp >= 0);
            q->storage = -1;
            q->cap = QUEUE_INITIAL_CAP;
            q->buf = line_alloc(q->cap, sizeof *q->buf);
            q->lgs = line_alloc(s->n_lanes, sizeof *q->lgs);
            q->r_svc = rng_alloc_kind(p->s->run.rng);
            if (!q->buf || !q->lgs || !q->r_svc)
                return -1;
            char name[4 * SCN_NAME_MAX + 1], id[3 * SCN_NAME_MAX];
            pt_group_name(id, sizeof id, q->id);
            if (!sg->spec) {
                assert(s->has_service[d][m][L]);
                q->svc_p[L] = &s->service[d][m][L];
                q->svc_factor_p[L] = s->has_service_factor[d][m][L] ? s->service_factor[d][m][L]
                                                                    : NULL;
                sg->line[L] = (int)qi;
                snprintf(name, sizeof name, "%s", id);
            } else {
                for (int g = 0; g < PROG_COUNT; g++) {
                    if (sg->spec->skip[g] || (int)sg->spec->line[g] != L)
                        continue;
                    sg->line[g] = (int)qi;
                    if (!sg->spec->has_service[g])
                        continue;
                    q->svc_p[g] = &sg->spec->service[g];
                    q->svc_factor_p[g] = sg->spec->has_service_factor[g]
                                         ? sg->spec->service_factor[g] : NULL;
                }
                snprintf(name, sizeof name, "%s/%s", sg->spec->name, id);
            }
            /* The line's own inspection time for the policies' measures (a
             * line only others join: the first of theirs). */
            int own = q->svc_p[L] ? L : 0;
            while (!q->svc_p[own] && own + 1 < PROG_COUNT)
                own++;
            q->svc = q->svc_p[own];
            q->svc_factor = q->svc_factor_p[own];
            assert(q->svc);
            p->id_svc[qi] = rng_source_id("service", name);
            sg->used = true;
            qi++;
        }
    }
    /* Routes: the next stage each programme passes, and where it enters. */
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        for (int g = 0; g < PROG_COUNT; g++) {
            if (sg->line[g] < 0)
                continue;
            if (p->entry[sg->dir][sg->mode][g] < 0)
                p->entry[sg->dir][sg->mode][g] = (int)k;
            for (size_t j = k + 1; j < p->n_stg && sg->next[g] < 0; j++)
                if (p->stg[j].dir == sg->dir && p->stg[j].mode == sg->mode
                    && p->stg[j].line[g] >= 0)
                    sg->next[g] = (int)j;
        }
    }
    return 0;
}

/* The side inspection of each stage that has one and booths to refer from
 * (named by its direction and mode, or in a chain by its stage), and the
 * FIFO of places blocked for each stage after a chain's first.  Returns 0,
 * or -1 if out of memory. */
int pt_build_facilities(struct port *p)
{
    const struct scenario *s = p->s;
    p->fac = line_alloc(p->n_stg ? p->n_stg : 1, sizeof *p->fac);
    if (!p->fac)
        return -1;
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        const struct secondary *sec = sg->spec ? &sg->spec->secondary
                                               : &s->secondary[sg->dir][sg->mode];
        if (!sec->present)
            continue;
        size_t booths = 0;
        for (size_t i = 0; i < p->n_lg; i++)
            for (int a = 0; a < p->lg[i].spec->n_assign; a++)
                if (p->lg[i].spec->stage == sg->spec_k && p->lg[i].spec->assign[a].dir == sg->dir
                    && p->lg[i].spec->assign[a].mode == sg->mode) {
                    booths += (size_t)p->lg[i].n;
                    break;
                }
        if (booths == 0)
            continue;
        struct facility *f = &p->fac[p->n_fac];
        f->spec = sec;
        f->first = (int)p->n_slot;
        f->n = sec->spaces;
        p->n_slot += (size_t)sec->spaces;
        f->free_slot = line_alloc((size_t)sec->spaces, sizeof *f->free_slot);
        f->bcap = booths;
        f->blocked = line_alloc(booths, sizeof *f->blocked);
        f->r_ref = rng_alloc_kind(p->s->run.rng);
        f->r_svc = rng_alloc_kind(p->s->run.rng);
        if (!f->free_slot || !f->blocked || !f->r_ref || !f->r_svc)
            return -1;
        char name[2 * SCN_NAME_MAX];
        if (sg->spec)
            snprintf(name, sizeof name, "%s", sg->spec->name);
        else
            snprintf(name, sizeof name, "%s.%s", scn_direction_name(sg->dir),
                     scn_mode_name(sg->mode));
        f->id_ref = rng_source_id("referral", name);
        f->id_svc = rng_source_id("secondary", name);
        sg->fac = (int)p->n_fac++;
    }
    p->slot = line_alloc(p->n_slot ? p->n_slot : 1, sizeof *p->slot);
    if (!p->slot)
        return -1;
    for (size_t k = 0; k < p->n_stg; k++) {
        struct stg *sg = &p->stg[k];
        if (!sg->spec || sg->pos == 0)
            continue;
        sg->hcap = p->n_booth + p->n_slot;
        if (!(sg->held = line_alloc(sg->hcap ? sg->hcap : 1, sizeof *sg->held)))
            return -1;
    }
    return 0;
}


/* ---- passing on ------------------------------------------------------------
 *
 * A crosser done at a stage is "held" by the place it is in: booth b (as
 * holder b) or side-inspection space k (as holder n_booth + k).  pass_on
 * sends it on: out of the port after its last stage, else into the next
 * stage its programme passes, else (no room there) the holder is blocked in
 * that stage's FIFO until stage_unblock lets it in. */

static struct crosser *holder_crosser(struct port *p, int h)
{
    return h < (int)p->n_booth ? &p->booth[h].c : &p->slot[h - (int)p->n_booth].c;
}

/* The queue the crosser of holder h came from. */
static int holder_queue(const struct port *p, int h)
{
    return h < (int)p->n_booth ? p->booth[h].q : p->slot[h - (int)p->n_booth].q;
}

static double *holder_mark(struct port *p, int h)
{
    return h < (int)p->n_booth ? &p->booth[h].t_mark : &p->slot[h - (int)p->n_booth].t_mark;
}

/* Side-inspection space s takes crosser c (from queue qi) at t and draws
 * its inspection time. */
void pt_slot_take(struct port *p, int s, const struct crosser *c, int qi, double t)
{
    struct slot *sl = &p->slot[s];
    struct facility *f = &p->fac[sl->fac];
    sl->c = *c;
    sl->q = qi;
    sl->t_mark = t;
    sl->blocked = 0;
    cal_push(&p->cal, t + dist_sample(&f->spec->service, f->r_svc), EV_SECONDARY_END, s);
}

/* Space s has passed its crosser on: the first booth blocked waiting for a
 * space of its facility moves in, or the space is free. */
static void slot_release(struct port *p, int s, double t)
{
    struct slot *sl = &p->slot[s];
    struct facility *f = &p->fac[sl->fac];
    sl->blocked = 0;
    if (f->bn > 0) {
        int b = f->blocked[f->bhead];
        f->bhead = (f->bhead + 1) % f->bcap;
        f->bn--;
        struct booth *bo = &p->booth[b];
        pt_stage_record(p, bo->q, &bo->c, AT_BLOCKED, t - bo->t_mark);
        pt_slot_take(p, s, &bo->c, bo->q, t);
        pt_release_booth(p, b, t);
    } else {
        sl->q = -1;
        f->free_slot[f->n_free++] = s;
    }
}

/* Holder h has passed its crosser on. */
static void holder_free(struct port *p, int h, double t)
{
    if (h < (int)p->n_booth)
        pt_release_booth(p, h, t);
    else
        slot_release(p, h - (int)p->n_booth, t);
}

/* Whether stage k can take crosser c now: room in its space, or (the space
 * full) an idle booth of its line with nobody waiting, the stage open. */
static bool stage_takes(const struct port *p, int k, const struct crosser *c)
{
    const struct stg *sg = &p->stg[k];
    const struct queue *q = &p->q[sg->line[c->prog]];
    if (sg->space < 0 || sg->n_wait < sg->space)
        return true;
    return q->n == 0 && sg->open && q->n_idle > 0;
}

/* Crosser c enters stage k at t (stage_takes said it may): straight to an
 * idle booth of its line if nobody waits there and the stage is open, else
 * into the line. */
static void stage_enter(struct port *p, int k, struct crosser c, double t)
{
    struct stg *sg = &p->stg[k];
    struct queue *q = &p->q[sg->line[c.prog]];
    c.tj = t;
    pt_stage_record(p, sg->line[c.prog], &c, AT_IN, 0);
    int b = q->n == 0 && sg->open ? pt_take_idle(p, q) : -1;
    if (b >= 0)
        pt_start_service(p, b, &c, t);
    else if (!pt_q_push(p, q, c))
        return;
    pt_q_touch(p, q, t);
}

/* Holder h's crosser is done at its stage at t: it leaves the port, enters
 * the next stage, or waits where it is (blocked) for the next stage. */
void pt_pass_on(struct port *p, int h, double t)
{
    int qi = holder_queue(p, h);
    struct crosser c = *holder_crosser(p, h);
    int k = p->stg[p->q[qi].stage].next[c.prog];
    if (k < 0) {
        pt_stage_record(p, qi, &c, AT_OUT, 0);
        pt_depart(p, qi, &c, t);
        holder_free(p, h, t);
        return;
    }
    if (stage_takes(p, k, &c)) {
        pt_stage_record(p, qi, &c, AT_OUT, 0);
        stage_enter(p, k, c, t);
        holder_free(p, h, t);
        return;
    }
    struct stg *sg = &p->stg[k];
    if (h < (int)p->n_booth)
        p->booth[h].state = B_BLOCKED;
    else
        p->slot[h - (int)p->n_booth].blocked = 1;
    *holder_mark(p, h) = t;
    assert(sg->hn < sg->hcap);
    sg->held[(sg->hhead + sg->hn) % sg->hcap] = h;
    sg->hn++;
}

/* Let into stage k the crossers blocked for it that it can take now: while
 * its space has room, the first blocked; then any whose line has an idle
 * booth and nobody waiting (the first such).  Each leaves the place that
 * held it, which serves on (and may let in crossers blocked upstream). */
void pt_stage_unblock(struct port *p, int k, double t)
{
    struct stg *sg = &p->stg[k];
    while (sg->hn > 0) {
        size_t pick = sg->hn;
        if (sg->space < 0 || sg->n_wait < sg->space)
            pick = 0;
        for (size_t i = 0; pick == sg->hn && i < sg->hn; i++)
            if (stage_takes(p, k, holder_crosser(p, sg->held[(sg->hhead + i) % sg->hcap])))
                pick = i;
        if (pick == sg->hn)
            return;
        int h = sg->held[(sg->hhead + pick) % sg->hcap];
        for (size_t i = pick; i > 0; i--)       /* close the gap: the FIFO keeps its order */
            sg->held[(sg->hhead + i) % sg->hcap] = sg->held[(sg->hhead + i - 1) % sg->hcap];
        sg->hhead = (sg->hhead + 1) % sg->hcap;
        sg->hn--;
        struct crosser c = *holder_crosser(p, h);
        int qi = holder_queue(p, h);
        pt_stage_record(p, qi, &c, AT_BLOCKED, t - *holder_mark(p, h));
        pt_stage_record(p, qi, &c, AT_OUT, 0);
        stage_enter(p, k, c, t);
        holder_free(p, h, t);
    }
}

