/*
 * batch.c - scenarios with common random numbers (batch.h).
 *
 * Replications run here scenario by scenario (one job), on threads that
 * take (scenario, replication) tasks as they come free (several jobs), or
 * wherever a runner sends them (the MPI module: over ranks); in any order,
 * each engine still adding its results in replication order.  A
 * round of the target-precision loop runs every scenario up to the same
 * count.  Progress goes to stderr, at most a few times a second.
 */
#include "batch.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compare.h"
#include "engine.h"
#include "results.h"

#define PROGRESS_EVERY_S 0.2
#define MIN_AUTO_REPS 3         /* an interval needs a few replications to mean anything */

int batch_align(struct scenario *const *scn, size_t n, bool quiet)
{
    const struct run *b = &scn[0]->run;
    int rc = 0;
    for (size_t i = 1; i < n; i++) {
        struct run *r = &scn[i]->run;
        if (!quiet && (r->seed != b->seed || r->days != b->days
                       || r->warmup_days != b->warmup_days || r->start != b->start
                       || r->has_date != b->has_date
                       || (b->has_date && r->start_date != b->start_date) || r->rng != b->rng)
            && scn_add_warning(scn[i], "runs like the baseline %s (seed %llu, %d day%s after %d "
                               "warm-up, from %s%s%s%s) so that the comparison is paired",
                               scn[0]->name, (unsigned long long)b->seed, b->days,
                               PLURAL(b->days), b->warmup_days, scn_weekday_name(b->start),
                               b->has_date ? " of the baseline's start date" : "",
                               r->rng != b->rng ? ", generator " : "",
                               r->rng != b->rng ? rng_kind_names[b->rng] : "") < 0)
            rc = -1;
        r->seed = b->seed;
        r->rng = b->rng;                    /* common random numbers need one generator */
        r->days = b->days;
        r->warmup_days = b->warmup_days;
        r->start = b->start;
        r->has_date = b->has_date;          /* the same calendar days */
        r->start_date = b->start_date;
    }
    return rc;
}

bool batch_shared_run_key(const char *key)
{
    static const char *const keys[] = {"seed", "days", "warmup_days", "start", "start_date",
                                       "rng", "replications"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct progress {
    bool on;
    double t0, last;
    size_t n_scen;
    long done, total;       /* replications, all scenarios */
};

static void progress_show(struct progress *p, size_t scen, int rep, int reps, bool last)
{
    if (!p->on)
        return;
    double t = now_s();
    if (!last && t - p->last < PROGRESS_EVERY_S)
        return;
    p->last = t;
    double el = t - p->t0;
    double left = p->done > 0 ? el / (double)p->done * (double)(p->total - p->done) : 0;
    fprintf(stderr, "\rscenario %zu/%zu, replication %d/%d, %.0f s elapsed, ~%.0f s left   ",
            scen + 1, p->n_scen, rep, reps, el, left);
    if (last)
        fputs("\n", stderr);
    fflush(stderr);
}

/* The widest interval the target applies to. */
static double worst_halfwidth(struct scenario *const *scn, struct summary **sums, size_t n,
                              struct err *e)
{
    if (n == 1) {
        const struct estimate *w = sum_est(sums[0], M_WAIT_MEAN, sums[0]->n_groups);
        return isfinite(w->ci95) ? w->ci95 : INFINITY;
    }
    struct comparison *c = cmp_build((const struct scenario *const *)scn,
                                     (const struct summary *const *)sums, n, e);
    if (!c)
        return NAN;
    double worst = 0;
    for (size_t i = 0; i < c->n_rows; i++) {
        const struct cmp_row *r = &c->rows[i];
        if (r->scenario == 0 || !r->has_base || !isfinite(r->d_wait.mean))
            continue;
        double h = isfinite(r->d_wait.ci95) ? r->d_wait.ci95 : INFINITY;
        if (h > worst)
            worst = h;
    }
    cmp_free(c);
    return worst;
}

/* A round of replications in progress: every engine brought to `reps`. */
struct batch_round {
    const struct batch_opts *o;
    struct engine **en;
    struct summary **sums;
    struct progress *pr;
    int reps;
    bool *finished;             /* [i]: scenario i has its replications this round */
};

/* Scenario i has its replications: its estimates, and (without a target)
 * the done callback. */
static int round_finish(struct batch_round *rd, size_t i, struct err *e)
{
    const struct batch_opts *o = rd->o;
    rd->finished[i] = true;
    rd->sums[i] = (struct summary *)engine_summary(rd->en[i]);
    if (!(o->target_hw > 0) && o->done && o->done(o->ctx, i, rd->sums[i], e) < 0)
        return -1;
    return 0;
}

/* `added` replications were added to engine i. */
static int round_note(struct batch_round *rd, size_t i, int added, struct err *e)
{
    int k = engine_reps(rd->en[i]);
    rd->pr->done += added;
    progress_show(rd->pr, i, k, rd->reps, false);
    return k >= rd->reps && !rd->finished[i] ? round_finish(rd, i, e) : 0;
}

int batch_round_added(struct batch_round *round, size_t i, struct err *e)
{
    return round_note(round, i, 1, e);
}

/* ---- replications on threads ----------------------------------------------
 *
 * Tasks (scenario i, replication k) go out in order, one at a time, to
 * whichever thread is free, so no thread idles while tasks remain (a round
 * of 3 replications of 4 scenarios on 2 threads takes 6 task-times, not
 * 8).  Each thread keeps a worker (engine.h) for the scenario of its last
 * task and builds another when the scenario changes, so a sweep holds `jobs`
 * port models, not one per point.  A result is added when it is next in its scenario's
 * order (the thread waits for the earlier one, which started earlier), under
 * the pool's lock, which also serialises progress and the done callback. */
struct pool {
    struct batch_round *rd;
    struct scenario *const *scn;
    size_t n;
    pthread_mutex_t mu;
    pthread_cond_t added;
    size_t next_i;              /* the next task to hand out */
    int next_k;
    bool failed;
    struct err e;               /* the first failure */
};

struct pool_thread {
    struct pool *pl;
    struct engine_worker *w;    /* for scenario w_scn, or NULL */
    size_t w_scn;
    pthread_t tid;
    bool started;
};

/* The next task, under the lock; false when none is left. */
static bool pool_take(struct pool *pl, size_t *i, int *k)
{
    while (pl->next_i < pl->n && pl->next_k >= pl->rd->reps) {
        pl->next_i++;
        if (pl->next_i < pl->n)
            pl->next_k = engine_reps(pl->rd->en[pl->next_i]);
    }
    if (pl->failed || pl->next_i >= pl->n)
        return false;
    *i = pl->next_i;
    *k = pl->next_k++;
    return true;
}

/* Record the first failure and wake every waiting thread, under the lock. */
static void pool_fail(struct pool *pl, const struct err *e)
{
    if (!pl->failed) {
        pl->failed = true;
        pl->e = *e;
    }
    pthread_cond_broadcast(&pl->added);
}

/* Replication k of scenario i on t's worker (built again if it was for
 * another scenario).  Returns the result, or NULL with *e filled. */
static const struct rep_result *pool_compute(struct pool_thread *t, size_t i, int k,
                                             struct err *e)
{
    if (!t->w || t->w_scn != i) {
        engine_worker_free(t->w);
        t->w_scn = i;
        if (!(t->w = engine_worker_new(t->pl->scn[i], e)))
            return NULL;
    }
    return engine_worker_run(t->w, k, e);
}

static void *pool_work(void *arg)
{
    struct pool_thread *t = arg;
    struct pool *pl = t->pl;
    struct engine *const *en = pl->rd->en;
    struct err e = { 0 };
    size_t i;
    int k;
    pthread_mutex_lock(&pl->mu);
    while (pool_take(pl, &i, &k)) {
        pthread_mutex_unlock(&pl->mu);
        const struct rep_result *r = pool_compute(t, i, k, &e);
        int rc = r ? 0 : -1;
        pthread_mutex_lock(&pl->mu);
        while (rc == 0 && !pl->failed && engine_reps(en[i]) != k)
            pthread_cond_wait(&pl->added, &pl->mu);
        if (rc == 0 && !pl->failed)
            rc = engine_add(en[i], r, &e) < 0 || round_note(pl->rd, i, 1, &e) < 0 ? -1 : 0;
        if (rc < 0)
            pool_fail(pl, &e);
        else
            pthread_cond_broadcast(&pl->added);
    }
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* Bring every engine to rd->reps on `jobs` threads (this one included). */
static int pool_run(struct batch_round *rd, struct scenario *const *scn, size_t n, int jobs,
                    struct err *e)
{
    struct pool pl = { .rd = rd, .scn = scn, .n = n };
    struct pool_thread *t = calloc((size_t)jobs, sizeof *t);
    if (!t)
        return err_set(e, EXIT_FAIL, "out of memory");
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.added, NULL);
    pl.next_k = n > 0 ? engine_reps(rd->en[0]) : 0;
    for (int j = 0; j < jobs; j++)
        t[j].pl = &pl;
    for (int j = 1; j < jobs; j++)      /* a thread not to be had: fewer of them */
        t[j].started = pthread_create(&t[j].tid, NULL, pool_work, &t[j]) == 0;
    pool_work(&t[0]);
    for (int j = 1; j < jobs; j++)
        if (t[j].started)
            pthread_join(t[j].tid, NULL);
    for (int j = 0; j < jobs; j++)
        engine_worker_free(t[j].w);
    free(t);
    pthread_cond_destroy(&pl.added);
    pthread_mutex_destroy(&pl.mu);
    if (pl.failed) {
        *e = pl.e;
        return -1;
    }
    return 0;
}

/* Bring every engine to rd->reps: through the runner, on threads, or here. */
static int round_run(struct batch_round *rd, struct scenario *const *scn, size_t n,
                     struct err *e)
{
    const struct batch_opts *o = rd->o;
    for (size_t i = 0; i < n; i++)
        rd->finished[i] = false;
    if (o->runner && o->runner->run(o->runner->ctx, rd, scn, rd->en, n, rd->reps, e) < 0)
        return -1;
    if (!o->runner && o->jobs > 1 && pool_run(rd, scn, n, o->jobs, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        while (engine_reps(rd->en[i]) < rd->reps) {
            int before = engine_reps(rd->en[i]);
            if (engine_run_to(rd->en[i], before + 1, e) < 0
                || round_note(rd, i, 1, e) < 0)
                return -1;
        }
        engine_release(rd->en[i]);
        if (!rd->finished[i] && round_finish(rd, i, e) < 0)
            return -1;
    }
    return 0;
}

int batch_execute(struct scenario *const *scn, size_t n, const struct batch_opts *o,
                  struct summary **sums, struct batch_info *info, struct err *e)
{
    int reps = o->reps > 0 ? o->reps : scn[0]->run.replications;
    bool target = o->target_hw > 0;
    int cap = target ? o->max_reps : reps;
    if (target && reps < MIN_AUTO_REPS)
        reps = MIN_AUTO_REPS;
    if (reps > cap)
        reps = cap;
    int rc = -1;
    struct engine **en = calloc(n, sizeof *en);
    bool *finished = calloc(n, sizeof *finished);
    if (!en || !finished) {
        free(en);
        free(finished);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        scn[i]->run.replications = cap;
        if (!(en[i] = engine_new(scn[i], cap, e)))
            goto done;
    }
    struct progress pr = { o->progress, now_s(), 0, n, 0, (long)n * reps };
    info->target_reached = !target;
    info->worst_hw = NAN;
    struct batch_round rd = { o, en, sums, &pr, reps, finished };
    for (;;) {
        rd.reps = reps;
        if (round_run(&rd, scn, n, e) < 0)
            goto done;
        if (!target)
            break;
        double h = worst_halfwidth(scn, sums, n, e);
        if (isnan(h))
            goto done;
        info->worst_hw = h;
        if (h <= o->target_hw) {
            info->target_reached = true;
            break;
        }
        if (reps >= cap)
            break;
        /* Half-widths shrink as 1/sqrt(n): aim a tenth past the estimate. */
        double want = isfinite(h) ? 1.1 * reps * (h / o->target_hw) * (h / o->target_hw)
                                  : 2.0 * reps;
        int next = want > cap ? cap : (int)ceil(want);
        reps = next > reps ? next : reps + 1;
        pr.total = (long)n * reps;
    }
    progress_show(&pr, n - 1, reps, reps, true);
    for (size_t i = 0; i < n; i++) {
        scn[i]->run.replications = reps;
        sums[i] = engine_take(en[i]);
    }
    info->replications = reps;
    rc = 0;
done:
    if (rc < 0)
        for (size_t i = 0; i < n; i++)
            sums[i] = NULL;
    for (size_t i = 0; i < n; i++)
        engine_free(en[i]);
    free(en);
    free(finished);
    return rc;
}
