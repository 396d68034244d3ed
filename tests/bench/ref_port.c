/*
 * ref_port.c - the second reference of `make bench`: a port written by hand
 * as one specialised event loop that keeps the statistics poesim keeps per
 * crosser: the bench port (tests/bench/port3.json) or the contract M/M/5
 * (tests/contract/mmc.json).
 *
 * ref_mmc.c measures what poesim's engine costs beside a loop that records
 * nothing.  This one measures what its generality costs (stages, lane groups
 * and staffing, opening hours, forgoing, several ports' worth of streams):
 * the port is one of two and nothing else: "port3", cars northbound at a
 * constant rate, split 50/25/25 % into General, Ready Lane and SENTRI; 15, 6
 * and 4 booths always open; lognormal inspections; 2% referred to a secondary
 * of 30 spaces, whose booth is blocked while it is full; or "mmc", one queue,
 * five booths, exponential inspections.  Every crosser costs what it costs in
 * poesim and no more:
 *   - the same event calendar (calendar.h), MRG32k3a streams and samplers
 *     (rng.h, dist.h), an hour tick;
 *   - per crosser reaching a booth: the wait in two tallies (its programme's,
 *     all), its person-seconds, the programme's fine histogram, the hour's
 *     count, sum and log histogram (stats.h, results.h);
 *   - per crosser leaving: the crossing time in a tally, person-seconds, the
 *     fine histogram, the hour's counts and sum; per arrival, two counters;
 *   - per change of a queue, its four levels (struct levels); per hour, the
 *     levels' areas and maxima into the hour's bin.
 * Its figures must stay those of the two scenarios (a change there needs its
 * line in PORTS below); the mean wait it prints agrees with poesim's within
 * the noise of one replication.
 *
 * usage: ref_port port3|mmc DAYS [GENERATOR]   (measured days, after one warm-up
 *        day; GENERATOR mrg32k3a, the default, or xoshiro256++, as run.rng)
 * prints: crossings events seconds mean_wait_s
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "dist.h"
#include "results.h"
#include "rng.h"
#include "stats.h"

#define NQ 3                    /* at most: General, Ready Lane, SENTRI */
#define NB 25                   /* booths, at most */
#define NS 30                   /* secondary spaces, at most */
#define DAY_S 86400.0
#define HOUR_S 3600.0
#define HOURS_POOLED (7 * 24)   /* hourly bins pooled by weekday, as poesim does */

enum { EV_TICK, EV_SECONDARY_END = 3, EV_SERVICE_END, EV_ARRIVAL };    /* poesim's order */
enum { LV_LEN, LV_OPEN, LV_BUSY, LV_LANES };     /* a queue's levels, as poesim's */

struct crosser {
    double t;                   /* arrival */
    uint32_t bin;               /* hourly bin of the arrival */
    int prog;
};

struct queue {
    struct crosser *buf;        /* ring, a power of two, doubled when full */
    size_t head, n, cap;
    int busy, n_idle, idle[NB], lanes;
    struct dist svc;
    gsl_rng *r_svc;
    struct levels lv;
};

struct portdef {
    const char *name;
    int nq, booths[NQ];
    double per_day;
    double share_below[NQ - 1];         /* cumulative programme shares */
    int lognormal;                      /* else exponential */
    double mean_s[NQ], cv[NQ];
    double referral;                    /* to the secondary (0: none) */
    int spaces;
    double sec_mean_s, sec_cv;
};

static const struct portdef PORTS[] = {
    { "port3", 3, { 15, 6, 4 }, 40000, { 0.5, 0.75 }, 1, { 55, 40, 25 }, { 0.6, 0.5, 0.5 },
      0.02, 30, 900, 0.8 },
    { "mmc", 1, { 5 }, 6048, { 0 }, 0, { 60 }, { 1 }, 0, 0, 0, 0 },
};
static const struct portdef *pd;
static const double OCCUPANCY = 1.0;

static struct queue q[NQ];
static int booth_q[NB];
static struct crosser booth_c[NB], slot_c[NS];
static int free_slot[NS], n_free, blocked[NB], b_head, b_n;
static struct calendar cal;
static gsl_rng *r_arr, *r_split, *r_ref, *r_sec;
static struct dist sec_svc;
static double t_warm;
static uint32_t bin_now;
static struct hour_bin bins[HOURS_POOLED * NQ];
static struct tally wait[NQ], wait_all, cross[NQ];
static struct histo hist_wait[NQ], hist_cross[NQ];
static double wait_person_s[NQ], cross_person_s[NQ], area[NQ][LEVELS_N], qmax[NQ];
static uint64_t arrivals[NQ], served[NQ];

static void touch(struct queue *x, double t)
{
    double v[LEVELS_N];
    v[LV_LEN] = (double)x->n;
    v[LV_OPEN] = (double)(x->busy + x->n_idle);
    v[LV_BUSY] = (double)x->busy;
    v[LV_LANES] = (double)x->lanes;
    levels_set(&x->lv, t, v);
}

static void start_service(int b, const struct crosser *c, double t)
{
    struct queue *x = &q[booth_q[b]];
    booth_c[b] = *c;
    x->busy++;
    if (c->t >= t_warm) {
        double w = t - c->t;
        tally_add(&wait[c->prog], w);
        wait_person_s[c->prog] += w * OCCUPANCY;
        histo_add(&hist_wait[c->prog], w);
        tally_add(&wait_all, w);
        struct hour_bin *h = &bins[c->bin * NQ + (uint32_t)c->prog];
        h->n_wait++;
        h->wait_sum += w;
        lhist_add(&h->wait, w);
    }
    cal_push(&cal, t + dist_sample(&x->svc, x->r_svc), EV_SERVICE_END, b);
}

static void depart(const struct crosser *c, double t)
{
    if (c->t < t_warm)
        return;
    double x = t - c->t;
    served[c->prog]++;
    tally_add(&cross[c->prog], x);
    cross_person_s[c->prog] += x * OCCUPANCY;
    histo_add(&hist_cross[c->prog], x);
    bins[bin_now * NQ + (uint32_t)c->prog].served++;
    struct hour_bin *h = &bins[c->bin * NQ + (uint32_t)c->prog];
    h->n_cross++;
    h->cross_sum += x;
}

/* Booth b is free: the next in its line, or idle. */
static void release(int b, double t)
{
    struct queue *x = &q[booth_q[b]];
    x->busy--;
    if (x->n > 0) {
        struct crosser c = x->buf[x->head];
        x->head = (x->head + 1) & (x->cap - 1);
        x->n--;
        start_service(b, &c, t);
    } else {
        x->idle[x->n_idle++] = b;
    }
    touch(x, t);
}

static int push(struct queue *x, struct crosser c)
{
    if (x->n == x->cap) {
        struct crosser *nb = malloc(2 * x->cap * sizeof *nb);
        if (!nb)
            return -1;
        for (size_t i = 0; i < x->n; i++)
            nb[i] = x->buf[(x->head + i) & (x->cap - 1)];
        free(x->buf);
        x->buf = nb;
        x->head = 0;
        x->cap *= 2;
    }
    x->buf[(x->head + x->n++) & (x->cap - 1)] = c;
    return 0;
}

static void on_arrival(double t, double t_end)
{
    double tn = t + dist_exp1(r_arr) / (pd->per_day / DAY_S);
    if (tn < t_end)
        cal_push(&cal, tn, EV_ARRIVAL, 0);
    int g = 0;
    if (pd->nq > 1) {                   /* as poesim: no draw for one programme */
        double u = rng_uniform(r_split);
        while (g < pd->nq - 1 && u >= pd->share_below[g])
            g++;
    }
    struct queue *x = &q[g];
    if (t >= t_warm) {
        arrivals[g]++;
        bins[bin_now * NQ + (uint32_t)g].arrivals++;
    }
    struct crosser c = { t, bin_now, g };
    if (x->n == 0 && x->n_idle > 0)
        start_service(x->idle[--x->n_idle], &c, t);
    else if (push(x, c) < 0) {
        fprintf(stderr, "ref_port: out of memory\n");
        exit(1);
    }
    touch(x, t);
}

static void on_service_end(int b, double t)
{
    if (pd->referral > 0 && rng_uniform(r_ref) < pd->referral) {
        if (n_free == 0) {
            blocked[(b_head + b_n++) % NB] = b;
            return;
        }
        int s = free_slot[--n_free];
        slot_c[s] = booth_c[b];
        cal_push(&cal, t + dist_sample(&sec_svc, r_sec), EV_SECONDARY_END, s);
        release(b, t);
        return;
    }
    depart(&booth_c[b], t);
    release(b, t);
}

static void on_secondary_end(int s, double t)
{
    depart(&slot_c[s], t);
    if (b_n == 0) {
        free_slot[n_free++] = s;
        return;
    }
    int b = blocked[b_head];
    b_head = (b_head + 1) % NB;
    b_n--;
    slot_c[s] = booth_c[b];
    cal_push(&cal, t + dist_sample(&sec_svc, r_sec), EV_SECONDARY_END, s);
    release(b, t);
}

/* Hour k of the measured period ends at t (k = 0: the warm-up ends). */
static void on_tick(int k, double t, int n_ticks)
{
    for (int i = 0; i < pd->nq; i++) {
        double a[LEVELS_N], m[LEVELS_N];
        levels_take(&q[i].lv, t, a, m);
        if (k == 0)
            continue;
        struct hour_bin *h = &bins[bin_now * NQ + (uint32_t)i];
        h->queue_area += a[LV_LEN];
        h->open_area += a[LV_OPEN];
        h->busy_area += a[LV_BUSY];
        h->lanes_area += a[LV_LANES];
        h->queue_max += m[LV_LEN];
        for (int v = 0; v < LEVELS_N; v++)
            area[i][v] += a[v];
        if (m[LV_LEN] > qmax[i])
            qmax[i] = m[LV_LEN];
    }
    bin_now = (uint32_t)(k % HOURS_POOLED);
    if (k < n_ticks)
        cal_push(&cal, t + HOUR_S, EV_TICK, k + 1);
}

int main(int argc, char **argv)
{
    pd = NULL;
    bool args = argc == 3 || argc == 4;
    for (size_t i = 0; args && i < sizeof PORTS / sizeof PORTS[0]; i++)
        if (strcmp(argv[1], PORTS[i].name) == 0)
            pd = &PORTS[i];
    int days = args ? atoi(argv[2]) : 0;
    int kind = -1;
    for (int k = 0; k < RNG_KIND_COUNT; k++)
        if (argc < 4 ? k == RNG_MRG32K3A : strcmp(argv[3], rng_kind_names[k]) == 0)
            kind = k;
    if (!pd || days < 1 || kind < 0) {
        fprintf(stderr, "usage: ref_port port3|mmc DAYS [mrg32k3a|xoshiro256++]\n");
        return 2;
    }
    t_warm = DAY_S;
    double t_end = t_warm + days * DAY_S;
    int n_ticks = days * 24;
    if (cal_init(&cal, NB + NS + 2) < 0)
        return 1;
    int b = 0;
    for (int i = 0; i < pd->nq; i++) {
        q[i].cap = 64;
        q[i].buf = malloc(q[i].cap * sizeof *q[i].buf);
        q[i].r_svc = rng_alloc_kind((enum rng_kind)kind);
        if (!q[i].buf || !q[i].r_svc || histo_init(&hist_wait[i]) < 0
            || histo_init(&hist_cross[i]) < 0)
            return 1;
        rng_seed(q[i].r_svc, 18, (uint64_t)i, 0);
        if (pd->lognormal)
            dist_lognormal(&q[i].svc, pd->mean_s[i], pd->cv[i]);
        else
            dist_exponential(&q[i].svc, pd->mean_s[i]);
        levels_init(&q[i].lv, 0);
        q[i].lanes = pd->booths[i];
        for (int k = 0; k < pd->booths[i]; k++, b++) {
            booth_q[b] = i;
            q[i].idle[q[i].n_idle++] = b;
        }
        tally_reset(&wait[i]);
        tally_reset(&cross[i]);
    }
    tally_reset(&wait_all);
    for (n_free = 0; n_free < pd->spaces; n_free++)
        free_slot[n_free] = pd->spaces - 1 - n_free;
    if (pd->referral > 0)
        dist_lognormal(&sec_svc, pd->sec_mean_s, pd->sec_cv);
    r_arr = rng_alloc_kind((enum rng_kind)kind), r_split = rng_alloc_kind((enum rng_kind)kind), r_ref = rng_alloc_kind((enum rng_kind)kind), r_sec = rng_alloc_kind((enum rng_kind)kind);
    if (!r_arr || !r_split || !r_ref || !r_sec)
        return 1;
    rng_seed(r_arr, 18, 3, 0);
    rng_seed(r_split, 18, 4, 0);
    rng_seed(r_ref, 18, 5, 0);
    rng_seed(r_sec, 18, 6, 0);
    for (int i = 0; i < pd->nq; i++)
        touch(&q[i], 0);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cal_push(&cal, dist_exp1(r_arr) / (pd->per_day / DAY_S), EV_ARRIVAL, 0);
    cal_push(&cal, t_warm, EV_TICK, 0);
    struct event ev;
    uint64_t events = 0;
    int done = 0;
    while (!done && cal_pop(&cal, &ev) == 0) {
        events++;
        double t = ev_time(&ev);
        int who = ev_who(&ev);
        switch (ev_type(&ev)) {
        case EV_TICK:
            on_tick(who, t, n_ticks);
            done = who == n_ticks;
            break;
        case EV_SECONDARY_END: on_secondary_end(who, t); break;
        case EV_SERVICE_END: on_service_end(who, t); break;
        case EV_ARRIVAL: on_arrival(t, t_end); break;
        default: break;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    uint64_t n = 0;
    for (int i = 0; i < pd->nq; i++)
        n += served[i];
    printf("%llu %llu %.3f %.3f\n", (unsigned long long)n, (unsigned long long)events, secs,
           wait_all.sum / (double)wait_all.n);
    cal_free(&cal);
    for (int i = 0; i < pd->nq; i++) {
        free(q[i].buf);
        gsl_rng_free(q[i].r_svc);
        histo_free(&hist_wait[i]);
        histo_free(&hist_cross[i]);
    }
    gsl_rng_free(r_arr);
    gsl_rng_free(r_split);
    gsl_rng_free(r_ref);
    gsl_rng_free(r_sec);
    return 0;
}
