/*
 * engine.c - replications of one scenario (engine.h).  One port model and
 * one result buffer, reused by every replication of the scenario.
 */
#include "engine.h"

#include <stdlib.h>

#include "port.h"
#include "results.h"

struct engine {
    const struct scenario *s;
    struct port *p;
    struct rep_result r;
    struct summary *sum;
    int cap;
};

void engine_free(struct engine *en)
{
    if (!en)
        return;
    sum_free(en->sum);
    res_free(&en->r);
    port_free(en->p);
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
    if (!(en->p = port_new(s, e))) {
        free(en);
        return NULL;
    }
    size_t ng = port_n_groups(en->p), nh = port_n_hours(en->p);
    if (res_alloc(&en->r, ng, nh) < 0 || !(ids = malloc((ng ? ng : 1) * sizeof *ids)))
        goto oom;
    for (size_t g = 0; g < ng; g++)
        ids[g] = port_group(en->p, g);
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

int engine_step(struct engine *en, struct err *e)
{
    int k = (int)en->sum->n_reps;
    if (k >= en->cap)
        return err_set(e, EXIT_FAIL, "internal error: more than %d replications of %s", en->cap,
                       en->s->name);
    if (port_replicate(en->p, k, &en->r, e) < 0)
        return -1;
    if (sum_add(en->sum, en->s, &en->r) < 0)
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
    for (int k = 0; k < s->run.replications; k++)
        if (engine_step(en, e) < 0) {
            engine_free(en);
            return -1;
        }
    *out = engine_take(en);
    engine_free(en);
    return 0;
}
