/*
 * batch.c - scenarios with common random numbers (batch.h).
 *
 * Replications run scenario by scenario, in order, each in its own engine,
 * or wherever a runner sends them (the MPI module: over ranks, in any
 * order, each engine still adding its results in replication order); a
 * round of the target-precision loop runs every scenario up to the same
 * count.  Progress goes to stderr, at most a few times a second.
 */
#include "batch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "compare.h"
#include "engine.h"

#define PROGRESS_EVERY_S 0.2
#define MIN_AUTO_REPS 3         /* an interval needs a few replications to mean anything */

void batch_align(struct scenario *const *scn, size_t n, bool quiet)
{
    const struct run *b = &scn[0]->run;
    for (size_t i = 1; i < n; i++) {
        struct run *r = &scn[i]->run;
        if (!quiet && (r->seed != b->seed || r->days != b->days
                       || r->warmup_days != b->warmup_days || r->start != b->start))
            fprintf(stderr, "poesim: warning: %s runs like the baseline %s (seed %llu, %d days "
                            "after %d warm-up, from %s) so that the comparison is paired\n",
                    scn[i]->name, scn[0]->name, (unsigned long long)b->seed, b->days,
                    b->warmup_days, scn_weekday_name(b->start));
        r->seed = b->seed;
        r->days = b->days;
        r->warmup_days = b->warmup_days;
        r->start = b->start;
    }
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

/* Bring every engine to rd->reps: through the runner, or here. */
static int round_run(struct batch_round *rd, struct scenario *const *scn, size_t n,
                     struct err *e)
{
    const struct batch_opts *o = rd->o;
    for (size_t i = 0; i < n; i++)
        rd->finished[i] = false;
    if (o->runner && o->runner->run(o->runner->ctx, rd, scn, rd->en, n, rd->reps, e) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        while (engine_reps(rd->en[i]) < rd->reps) {
            int before = engine_reps(rd->en[i]);
            int block = o->jobs > 1 ? o->jobs : 1;
            int to = before + block < rd->reps ? before + block : rd->reps;
            if (engine_run_to(rd->en[i], to, e) < 0
                || round_note(rd, i, engine_reps(rd->en[i]) - before, e) < 0)
                return -1;
        }
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
        if (!(en[i] = engine_new(scn[i], cap, o->jobs, e)))
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
