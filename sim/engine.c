/*
 * engine.c - replications of one scenario (engine.h).  One port model and
 * one result buffer per job, reused by every replication the job runs.
 */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>

#include "port.h"
#include "results.h"

struct worker {
    struct port *p;
    struct rep_result r;
    int rep, rc;
    struct err e;
    pthread_t tid;
    int started;                /* runs on tid */
};

struct engine {
    const struct scenario *s;
    struct worker *w;
    int jobs;
    struct summary *sum;
    int cap;
};

void engine_free(struct engine *en)
{
    if (!en)
        return;
    sum_free(en->sum);
    for (int j = 0; en->w && j < en->jobs; j++) {
        res_free(&en->w[j].r);
        port_free(en->w[j].p);
    }
    free(en->w);
    free(en);
}

struct engine *engine_new(const struct scenario *s, int cap_reps, int jobs, struct err *e)
{
    struct engine *en = calloc(1, sizeof *en);
    struct group_id *ids = NULL;
    if (!en || !(en->w = calloc((size_t)(jobs > 0 ? jobs : 1), sizeof *en->w)))
        goto oom;
    en->s = s;
    en->cap = cap_reps;
    en->jobs = jobs > 0 ? jobs : 1;
    for (int j = 0; j < en->jobs; j++) {
        if (!(en->w[j].p = port_new(s, e))) {
            engine_free(en);
            return NULL;
        }
        if (res_alloc(&en->w[j].r, port_n_groups(en->w[j].p), port_n_hours(en->w[j].p)) < 0)
            goto oom;
    }
    size_t ng = port_n_groups(en->w[0].p), nh = port_n_hours(en->w[0].p);
    if (!(ids = malloc((ng ? ng : 1) * sizeof *ids)))
        goto oom;
    for (size_t g = 0; g < ng; g++)
        ids[g] = port_group(en->w[0].p, g);
    if (!(en->sum = sum_new(s, ng, ids, nh, (size_t)cap_reps)))
        goto oom;
    free(ids);
    return en;
oom:
    free(ids);
    engine_free(en);
    err_set(e, EXIT_FAIL, "out of memory for the model of %s", s->name);
    return NULL;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    w->rc = port_replicate(w->p, w->rep, &w->r, &w->e);
    return NULL;
}

int engine_run_to(struct engine *en, int n, struct err *e)
{
    if (n > en->cap)
        return err_set(e, EXIT_FAIL, "internal error: more than %d replications of %s", en->cap,
                       en->s->name);
    while ((int)en->sum->n_reps < n) {
        int first = (int)en->sum->n_reps;
        int k = n - first < en->jobs ? n - first : en->jobs;
        for (int j = 0; j < k; j++) {
            struct worker *w = &en->w[j];
            w->rep = first + j;
            w->started = j > 0 && pthread_create(&w->tid, NULL, work, w) == 0;
        }
        work(&en->w[0]);
        for (int j = 1; j < k; j++) {
            if (en->w[j].started)
                pthread_join(en->w[j].tid, NULL);
            else
                work(&en->w[j]);    /* no thread to be had: run it here */
        }
        for (int j = 0; j < k; j++) {
            if (en->w[j].rc < 0) {
                *e = en->w[j].e;
                return -1;
            }
            if (sum_add(en->sum, en->s, &en->w[j].r) < 0)
                return err_set(e, EXIT_FAIL, "out of memory for the results of %s",
                               en->s->name);
        }
    }
    return 0;
}

int engine_add(struct engine *en, const struct rep_result *r, struct err *e)
{
    struct summary *s = en->sum;
    if (r->replication != (int)s->n_reps || r->replication >= en->cap)
        return err_set(e, EXIT_FAIL, "internal error: replication %d of %s added after %zu "
                       "(of at most %d)", r->replication + 1, en->s->name, s->n_reps, en->cap);
    if (r->n_groups != s->n_groups || r->n_hours != s->n_hours)
        return err_set(e, EXIT_FAIL, "internal error: replication %d of %s has %zu groups and "
                       "%zu hours, not %zu and %zu", r->replication + 1, en->s->name,
                       r->n_groups, r->n_hours, s->n_groups, s->n_hours);
    if (sum_add(s, en->s, r) < 0)
        return err_set(e, EXIT_FAIL, "out of memory for the results of %s", en->s->name);
    return 0;
}

int engine_step(struct engine *en, struct err *e)
{
    return engine_run_to(en, (int)en->sum->n_reps + 1, e);
}

int engine_reps(const struct engine *en)
{
    return (int)en->sum->n_reps;
}

const struct summary *engine_summary(struct engine *en)
{
    sum_finish(en->sum);
    return en->sum;
}

struct summary *engine_take(struct engine *en)
{
    sum_finish(en->sum);
    struct summary *s = en->sum;
    en->sum = NULL;
    return s;
}

int engine_run(const struct scenario *s, struct summary **out, struct err *e)
{
    struct engine *en = engine_new(s, s->run.replications, 1, e);
    if (!en)
        return -1;
    if (engine_run_to(en, s->run.replications, e) < 0) {
        engine_free(en);
        return -1;
    }
    *out = engine_take(en);
    engine_free(en);
    return 0;
}
