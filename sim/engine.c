/*
 * engine.c - replications of one scenario (engine.h).  Serial for now: one
 * port model, one result buffer reused by every replication.
 */
#include "engine.h"

#include <stdlib.h>

#include "port.h"
#include "results.h"

int engine_run(const struct scenario *s, struct summary **out, struct err *e)
{
    struct port *p = port_new(s, e);
    if (!p)
        return -1;
    size_t ng = port_n_groups(p), nh = port_n_hours(p);
    struct group_id *ids = malloc(ng * sizeof *ids);
    struct rep_result r;
    struct summary *sum = NULL;
    int rc = -1;
    if (res_alloc(&r, ng, nh) < 0) {
        free(ids);
        port_free(p);
        return err_set(e, EXIT_FAIL, "out of memory for the results of %s", s->name);
    }
    if (!ids)
        goto oom;
    for (size_t g = 0; g < ng; g++)
        ids[g] = port_group(p, g);
    sum = sum_new(s, ng, ids, nh);
    if (!sum)
        goto oom;
    for (int k = 0; k < s->run.replications; k++) {
        if (port_replicate(p, k, &r, e) < 0)
            goto done;
        if (sum_add(sum, s, &r) < 0)
            goto oom;
    }
    sum_finish(sum);
    *out = sum;
    sum = NULL;
    rc = 0;
    goto done;
oom:
    err_set(e, EXIT_FAIL, "out of memory for the results of %s", s->name);
done:
    sum_free(sum);
    res_free(&r);
    free(ids);
    port_free(p);
    return rc;
}
