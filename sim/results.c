/*
 * results.c - allocation and reset of a replication's results (results.h).
 */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

double res_wait_grid_min(size_t i)
{
    if (i <= 180)
        return (double)i;
    if (i <= 180 + 42)
        return 180.0 + 10.0 * (double)(i - 180);
    return 600.0 + 60.0 * (double)(i - 222);
}

int res_alloc(struct rep_result *r, size_t n_groups, size_t n_hours)
{
    memset(r, 0, sizeof *r);
    r->n_groups = n_groups;
    r->n_hours = n_hours;
    r->grp = line_alloc(n_groups, sizeof *r->grp);
    size_t cells = n_groups * n_hours;
    r->hour = line_alloc(cells, sizeof *r->hour);
    r->share_above = line_alloc(n_groups * WAIT_GRID_N, sizeof *r->share_above);
    if (!r->grp || !r->hour || !r->share_above) {
        res_free(r);
        return -1;
    }
    res_reset(r);
    return 0;
}

void res_reset(struct rep_result *r)
{
    memset(r->grp, 0, r->n_groups * sizeof *r->grp);
    for (size_t g = 0; g < r->n_groups; g++) {
        tally_reset(&r->grp[g].wait);
        tally_reset(&r->grp[g].port);
    }
    memset(r->hour, 0, r->n_groups * r->n_hours * sizeof *r->hour);
    tally_reset(&r->wait_all);
    r->wait_all_p50 = r->wait_all_p95 = 0;
    r->events = 0;
    r->n_changes = 0;
}

long res_add_change(struct rep_result *r, double t, int lg, int from, int to)
{
    if (r->n_changes == r->cap_changes) {
        size_t cap = r->cap_changes ? 2 * r->cap_changes : 16;
        struct lane_change *c = line_alloc(cap, sizeof *c);
        if (!c)
            return -1;
        if (r->n_changes)
            memcpy(c, r->changes, r->n_changes * sizeof *c);
        free(r->changes);
        r->changes = c;
        r->cap_changes = cap;
    }
    r->changes[r->n_changes] = (struct lane_change){ t, NAN, lg, from, to };
    return (long)r->n_changes++;
}

void res_free(struct rep_result *r)
{
    free(r->grp);
    free(r->hour);
    free(r->changes);
    free(r->share_above);
    r->share_above = NULL;
    r->grp = NULL;
    r->hour = NULL;
    r->changes = NULL;
    r->n_changes = r->cap_changes = 0;
}
