/*
 * results.c - allocation and reset of a replication's results, and their
 * packing into bytes for another process (results.h).
 *
 * A packed result is a header of sizes, then struct rep_result's own bytes,
 * then its arrays grp, hour, share_above, changes, stg and stage_hour, each
 * copied whole.
 * The header records sizeof of every struct and the array lengths, so that
 * res_unpack refuses bytes from a build whose structs differ instead of
 * misreading them.  A year of a large port packs to some tens of megabytes
 * (the hourly bins); packing is a few memcpy calls, nothing per field.
 */
#include "results.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
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

int res_alloc_stages(struct rep_result *r, size_t n_groups, size_t n_hours, size_t n_cols)
{
    memset(r, 0, sizeof *r);
    r->n_groups = n_groups;
    r->n_hours = n_hours;
    r->n_cols = n_cols;
    r->grp = line_alloc(n_groups, sizeof *r->grp);
    size_t cells = n_groups * n_hours;
    r->hour = line_alloc(cells, sizeof *r->hour);
    r->share_above = line_alloc(n_groups * WAIT_GRID_N, sizeof *r->share_above);
    if (n_cols > 0) {
        r->stg = line_alloc(n_groups * n_cols, sizeof *r->stg);
        r->stage_hour = line_alloc(cells * n_cols, sizeof *r->stage_hour);
    }
    if (!r->grp || !r->hour || !r->share_above || (n_cols > 0 && (!r->stg || !r->stage_hour))) {
        res_free(r);
        return -1;
    }
    res_reset(r);
    return 0;
}

int res_alloc(struct rep_result *r, size_t n_groups, size_t n_hours)
{
    return res_alloc_stages(r, n_groups, n_hours, 0);
}

void res_reset(struct rep_result *r)
{
    memset(r->grp, 0, r->n_groups * sizeof *r->grp);
    for (size_t g = 0; g < r->n_groups; g++) {
        tally_reset(&r->grp[g].wait);
        tally_reset(&r->grp[g].port);
    }
    memset(r->hour, 0, r->n_groups * r->n_hours * sizeof *r->hour);
    if (r->n_cols > 0) {
        memset(r->stg, 0, r->n_groups * r->n_cols * sizeof *r->stg);
        memset(r->stage_hour, 0, r->n_groups * r->n_hours * r->n_cols * sizeof *r->stage_hour);
    }
    tally_reset(&r->wait_all);
    r->wait_all_p50 = r->wait_all_p95 = 0;
    r->cross_all_p50 = r->cross_all_p95 = 0;
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
    free(r->stg);
    free(r->stage_hour);
    r->stg = NULL;
    r->stage_hour = NULL;
    r->share_above = NULL;
    r->grp = NULL;
    r->hour = NULL;
    r->changes = NULL;
    r->n_changes = r->cap_changes = 0;
}

#define PACK_MAGIC 0x31525350u      /* "PSR1" read as little-endian bytes */

struct pack_head {
    uint32_t magic;                 /* PACK_MAGIC */
    uint32_t grid;                  /* WAIT_GRID_N */
    uint64_t size_result, size_grp, size_hour, size_change;    /* sizeof each */
    uint64_t size_stage, size_stage_bin;
    uint64_t n_groups, n_hours, n_changes, n_cols;
    uint64_t total;                 /* bytes, this header included */
};

/* a * b + c into *out; -1 on overflow. */
static int mul_add(size_t a, size_t b, size_t c, size_t *out)
{
    if (b && a > (SIZE_MAX - c) / b)
        return -1;
    *out = a * b + c;
    return 0;
}

/* Packed bytes for this shape; -1 if that overflows a size_t. */
static int packed_bytes(size_t n_groups, size_t n_hours, size_t n_changes, size_t n_cols,
                        size_t *out)
{
    size_t t = sizeof(struct pack_head) + sizeof(struct rep_result), cells, cols, hcols;
    if (mul_add(n_groups, n_hours, 0, &cells) < 0
        || mul_add(n_groups, n_cols, 0, &cols) < 0
        || mul_add(cells, n_cols, 0, &hcols) < 0
        || mul_add(n_groups, sizeof(struct grp_result), t, &t) < 0
        || mul_add(cells, sizeof(struct hour_bin), t, &t) < 0
        || mul_add(n_groups, WAIT_GRID_N * sizeof(double), t, &t) < 0
        || mul_add(n_changes, sizeof(struct lane_change), t, &t) < 0
        || mul_add(cols, sizeof(struct stage_result), t, &t) < 0
        || mul_add(hcols, sizeof(struct stage_bin), t, &t) < 0)
        return -1;
    *out = t;
    return 0;
}

size_t res_packed_size(const struct rep_result *r)
{
    size_t t = 0;
    int rc = packed_bytes(r->n_groups, r->n_hours, r->n_changes, r->n_cols, &t);
    assert(rc == 0);    /* the arrays exist in memory, so their sizes add up */
    (void)rc;
    return t;
}

static unsigned char *put(unsigned char *p, const void *src, size_t n)
{
    if (n)
        memcpy(p, src, n);
    return p + n;
}

static const unsigned char *get(const unsigned char *p, void *dst, size_t n)
{
    if (n)
        memcpy(dst, p, n);
    return p + n;
}

void res_pack(const struct rep_result *r, void *buf)
{
    struct pack_head h = {
        .magic = PACK_MAGIC, .grid = WAIT_GRID_N,
        .size_result = sizeof *r, .size_grp = sizeof *r->grp,
        .size_hour = sizeof *r->hour, .size_change = sizeof *r->changes,
        .size_stage = sizeof *r->stg, .size_stage_bin = sizeof *r->stage_hour,
        .n_groups = r->n_groups, .n_hours = r->n_hours, .n_changes = r->n_changes,
        .n_cols = r->n_cols,
        .total = res_packed_size(r),
    };
    unsigned char *p = buf;
    p = put(p, &h, sizeof h);
    p = put(p, r, sizeof *r);
    p = put(p, r->grp, r->n_groups * sizeof *r->grp);
    p = put(p, r->hour, r->n_groups * r->n_hours * sizeof *r->hour);
    p = put(p, r->share_above, r->n_groups * WAIT_GRID_N * sizeof *r->share_above);
    p = put(p, r->changes, r->n_changes * sizeof *r->changes);
    p = put(p, r->stg, r->n_groups * r->n_cols * sizeof *r->stg);
    put(p, r->stage_hour, r->n_groups * r->n_hours * r->n_cols * sizeof *r->stage_hour);
}

int res_unpack(struct rep_result *r, const void *buf, size_t size, struct err *e)
{
    struct pack_head h;
    if (size < sizeof h)
        return err_set(e, EXIT_FAIL, "a packed result of %zu bytes is truncated", size);
    const unsigned char *p = get(buf, &h, sizeof h);
    if (h.magic != PACK_MAGIC || h.grid != WAIT_GRID_N || h.size_result != sizeof *r
        || h.size_grp != sizeof *r->grp || h.size_hour != sizeof *r->hour
        || h.size_change != sizeof *r->changes || h.size_stage != sizeof *r->stg
        || h.size_stage_bin != sizeof *r->stage_hour)
        return err_set(e, EXIT_FAIL, "a packed result does not fit this program's structures "
                                     "(written by another build of poesim?)");
    size_t want;
    if ((uint64_t)(size_t)h.n_groups != h.n_groups || (uint64_t)(size_t)h.n_hours != h.n_hours
        || (uint64_t)(size_t)h.n_changes != h.n_changes
        || (uint64_t)(size_t)h.n_cols != h.n_cols
        || packed_bytes((size_t)h.n_groups, (size_t)h.n_hours, (size_t)h.n_changes,
                        (size_t)h.n_cols, &want) < 0
        || want != size || h.total != size)
        return err_set(e, EXIT_FAIL, "a packed result has %zu bytes, not the %llu its header "
                                     "says", size, (unsigned long long)h.total);
    size_t ng = (size_t)h.n_groups, nh = (size_t)h.n_hours, nc = (size_t)h.n_changes;
    size_t ncol = (size_t)h.n_cols;
    if (!r->grp || r->n_groups != ng || r->n_hours != nh || r->n_cols != ncol) {
        res_free(r);
        if (res_alloc_stages(r, ng, nh, ncol) < 0)
            return err_set(e, EXIT_FAIL, "out of memory for a result of %zu groups and %zu "
                                         "hours", ng, nh);
    }
    if (nc > r->cap_changes) {
        struct lane_change *c = realloc(r->changes, nc * sizeof *c);
        if (!c)
            return err_set(e, EXIT_FAIL, "out of memory for %zu lane changes", nc);
        r->changes = c;
        r->cap_changes = nc;
    }
    struct rep_result own = *r;     /* this process's arrays */
    p = get(p, r, sizeof *r);
    r->grp = own.grp;
    r->hour = own.hour;
    r->share_above = own.share_above;
    r->changes = own.changes;
    r->cap_changes = own.cap_changes;
    r->stg = own.stg;
    r->stage_hour = own.stage_hour;
    if (r->n_groups != ng || r->n_hours != nh || r->n_changes != nc || r->n_cols != ncol)
        return err_set(e, EXIT_FAIL, "a packed result's header and body disagree");
    p = get(p, r->grp, ng * sizeof *r->grp);
    p = get(p, r->hour, ng * nh * sizeof *r->hour);
    p = get(p, r->share_above, ng * WAIT_GRID_N * sizeof *r->share_above);
    p = get(p, r->changes, nc * sizeof *r->changes);
    p = get(p, r->stg, ng * ncol * sizeof *r->stg);
    get(p, r->stage_hour, ng * nh * ncol * sizeof *r->stage_hour);
    return 0;
}
