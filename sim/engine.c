/*
 * engine.c - replications of one scenario (engine.h).  One port model and
 * one result buffer, built when replications run here and reused by all of
 * them until engine_release.
 */
#include "engine.h"

#include <stdlib.h>

#include "port.h"
#include "results.h"

struct engine {
    const struct scenario *s;
    struct summary *sum;
    int cap;
    struct port *p;             /* built when replications run here; NULL between */
    struct rep_result r;
};

void engine_release(struct engine *en)
{
    if (!en)
        return;
    res_free(&en->r);
    port_free(en->p);
    en->p = NULL;
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
    struct group_id *ids = NULL;
    if (!en)
        goto oom;
    en->s = s;
    en->cap = cap_reps;
    /* A port model for the shape of the results; released at once, so that
     * a sweep of many points holds none until they run. */
    struct port *p = port_new(s, e);
    if (!p) {
        free(en);
        return NULL;
    }
    size_t ng = port_n_groups(p), nh = port_n_hours(p);
    if ((ids = malloc((ng ? ng : 1) * sizeof *ids)))
        for (size_t g = 0; g < ng; g++)
            ids[g] = port_group(p, g);
    port_free(p);
    if (!ids || !(en->sum = sum_new(s, ng, ids, nh, (size_t)cap_reps)))
        goto oom;
    free(ids);
    return en;
oom:
    free(ids);
    engine_free(en);
    err_set(e, EXIT_FAIL, "out of memory for the model of %s", s->name);
    return NULL;
}

int engine_run_to(struct engine *en, int n, struct err *e)
{
    if (n > en->cap)
        return err_set(e, EXIT_FAIL, "internal error: more than %d replications of %s", en->cap,
                       en->s->name);
    if ((int)en->sum->n_reps < n && !en->p) {
        if (!(en->p = port_new(en->s, e)))
            return -1;
        if (res_alloc(&en->r, port_n_groups(en->p), port_n_hours(en->p)) < 0) {
            engine_release(en);
            return err_set(e, EXIT_FAIL, "out of memory for the model of %s", en->s->name);
        }
    }
    while ((int)en->sum->n_reps < n) {
        if (port_replicate(en->p, (int)en->sum->n_reps, &en->r, e) < 0)
            return -1;
        if (sum_add(en->sum, en->s, &en->r) < 0)
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
