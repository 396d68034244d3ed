/*
 * engine.c - replications of one scenario (engine.h).  One worker (a port
 * model and a result buffer), built when replications run here and reused
 * by all of them until engine_release.
 */
#include "engine.h"

#include <stdlib.h>

#include "port.h"
#include "results.h"

struct engine_worker {
    const struct scenario *s;
    struct port *p;
    struct rep_result r;
};

struct engine {
    const struct scenario *s;
    struct summary *sum;
    int cap;
    struct engine_worker *w;    /* built when replications run here; NULL between */
};

void engine_worker_free(struct engine_worker *w)
{
    if (!w)
        return;
    res_free(&w->r);
    port_free(w->p);
    free(w);
}

struct engine_worker *engine_worker_new(const struct scenario *s, struct err *e)
{
    struct engine_worker *w = calloc(1, sizeof *w);
    if (!w) {
        err_set(e, EXIT_FAIL, "out of memory for the model of %s", s->name);
        return NULL;
    }
    w->s = s;
    if (!(w->p = port_new(s, e))) {
        free(w);
        return NULL;
    }
    if (res_alloc_stages(&w->r, port_n_groups(w->p), port_n_hours(w->p),
                         port_n_stage_cols(w->p)) < 0) {
        engine_worker_free(w);
        err_set(e, EXIT_FAIL, "out of memory for the model of %s", s->name);
        return NULL;
    }
    return w;
}

const struct scenario *engine_worker_scenario(const struct engine_worker *w)
{
    return w->s;
}

const struct rep_result *engine_worker_run(struct engine_worker *w, int rep, struct err *e)
{
    return port_replicate(w->p, rep, &w->r, e) < 0 ? NULL : &w->r;
}

void engine_release(struct engine *en)
{
    if (!en)
        return;
    engine_worker_free(en->w);
    en->w = NULL;
}

void engine_free(struct engine *en)
{
    if (!en)
        return;
    engine_release(en);
    sum_free(en->sum);
    free(en);
}

struct engine *engine_new(const struct scenario *s, int cap_reps, struct err *e)
{
    struct engine *en = calloc(1, sizeof *en);
    struct group_id ids[PORT_GROUPS_MAX];
    size_t nh = 0, ng = port_shape(s, ids, &nh);
    if (!en || !(en->sum = sum_new(s, ng, ids, nh, (size_t)cap_reps))) {
        free(en);
        err_set(e, EXIT_FAIL, "out of memory for the model of %s", s->name);
        return NULL;
    }
    en->s = s;
    en->cap = cap_reps;
    return en;
}

int engine_run_to(struct engine *en, int n, struct err *e)
{
    if (n > en->cap)
        return err_set(e, EXIT_FAIL, "internal error: more than %d replications of %s", en->cap,
                       en->s->name);
    if ((int)en->sum->n_reps < n && !en->w && !(en->w = engine_worker_new(en->s, e)))
        return -1;
    while ((int)en->sum->n_reps < n) {
        const struct rep_result *r = engine_worker_run(en->w, (int)en->sum->n_reps, e);
        if (!r)
            return -1;
        if (sum_add(en->sum, en->s, r) < 0)
            return err_set(e, EXIT_FAIL, "out of memory for the results of %s", en->s->name);
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
    struct engine *en = engine_new(s, s->run.replications, e);
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

/* ---- stepping ------------------------------------------------------------- */

struct engine_snap {
    struct port_snap *ps;
};

int engine_worker_start(struct engine_worker *w, int rep, struct err *e)
{
    return port_start(w->p, rep, &w->r, e);
}

int engine_worker_run_until(struct engine_worker *w, double t, struct err *e)
{
    return port_run_until(w->p, t, e);
}

bool engine_worker_ended(const struct engine_worker *w)
{
    return port_ended(w->p);
}

struct group_id engine_worker_group(const struct engine_worker *w, size_t g)
{
    return port_group(w->p, g);
}

double engine_worker_hour_start(const struct engine_worker *w, size_t k)
{
    return port_hour_start(w->p, k);
}

double engine_worker_oldest(const struct engine_worker *w, size_t g)
{
    return port_oldest_waiting(w->p, g);
}

size_t engine_worker_waiting(const struct engine_worker *w, size_t g)
{
    return port_queue_length(w->p, g);
}

struct rep_result *engine_worker_result(struct engine_worker *w)
{
    return &w->r;
}

void engine_worker_restaff(struct engine_worker *w, double t)
{
    port_restaff(w->p, t);
}

struct engine_snap *engine_snap_new(const struct engine_worker *w)
{
    struct engine_snap *s = malloc(sizeof *s);
    if (s && !(s->ps = port_snap_new(w->p))) {
        free(s);
        s = NULL;
    }
    return s;
}

void engine_snap_free(struct engine_snap *s)
{
    if (s)
        port_snap_free(s->ps);
    free(s);
}

int engine_worker_save(const struct engine_worker *w, struct engine_snap *s)
{
    return port_save(w->p, s->ps);
}

int engine_worker_restore(struct engine_worker *w, const struct engine_snap *s)
{
    return port_restore(w->p, s->ps, &w->r);
}
