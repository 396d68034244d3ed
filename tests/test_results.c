/*
 * test_results.c - a replication's results packed into bytes and back
 * (res_pack / res_unpack, what MPI ranks send to rank 0).
 *
 *   - a real replication of a shipped scenario with flex lanes (so every
 *     array, lane changes included, is non-empty) comes back equal byte for
 *     byte, into an empty result and into one of another shape;
 *   - a summary of unpacked results is the summary of the originals (the
 *     same values for every metric, group and replication);
 *   - truncated bytes, a header that lies about the size and bytes from a
 *     build with other structs are refused with a message, not misread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "port.h"
#include "results.h"
#include "scenario.h"
#include "summary.h"

#define REPS 2

struct fixture {
    struct scenario *s;
    struct port *p;
    struct rep_result r[REPS];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct scn_override short_run[] = { { "run.days", "2" }, { "run.warmup_days", "0" } };
    struct err e = { 0 };
    assert_non_null(f);
    f->s = scn_load_with("scenarios/stanton_lerdo_contraflow.json", short_run, 2, &e);
    if (!f->s)
        fail_msg("%s", e.msg);
    f->p = port_new(f->s, &e);
    assert_non_null(f->p);
    for (int k = 0; k < REPS; k++) {
        assert_int_equal(res_alloc(&f->r[k], port_n_groups(f->p), port_n_hours(f->p)), 0);
        if (port_replicate(f->p, k, &f->r[k], &e) < 0)
            fail_msg("%s", e.msg);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    for (int k = 0; k < REPS; k++)
        res_free(&f->r[k]);
    port_free(f->p);
    scn_free(f->s);
    free(f);
    return 0;
}

static void *pack(const struct rep_result *r, size_t *size)
{
    *size = res_packed_size(r);
    void *buf = malloc(*size);
    assert_non_null(buf);
    res_pack(r, buf);
    return buf;
}

/* Every byte of a and b equal, pointers and capacity aside. */
static void assert_same(const struct rep_result *a, const struct rep_result *b)
{
    struct rep_result x = *a, y = *b;
    x.grp = y.grp = NULL;
    x.hour = y.hour = NULL;
    x.share_above = y.share_above = NULL;
    x.changes = y.changes = NULL;
    x.cap_changes = y.cap_changes = 0;
    assert_memory_equal(&x, &y, sizeof x);
    assert_memory_equal(a->grp, b->grp, a->n_groups * sizeof *a->grp);
    assert_memory_equal(a->hour, b->hour, a->n_groups * a->n_hours * sizeof *a->hour);
    assert_memory_equal(a->share_above, b->share_above,
                        a->n_groups * WAIT_GRID_N * sizeof *a->share_above);
    if (a->n_changes)
        assert_memory_equal(a->changes, b->changes, a->n_changes * sizeof *a->changes);
}

static void round_trip(void **state)
{
    struct fixture *f = *state;
    const struct rep_result *a = &f->r[1];
    assert_true(a->n_changes > 0);
    assert_true(a->grp[0].arrivals > 0);
    size_t size;
    void *buf = pack(a, &size);
    struct err e = { 0 };

    struct rep_result b = { 0 };            /* empty: allocated by res_unpack */
    if (res_unpack(&b, buf, size, &e) < 0)
        fail_msg("%s", e.msg);
    assert_same(a, &b);

    struct rep_result c;                    /* another shape: reallocated */
    assert_int_equal(res_alloc(&c, 1, 24), 0);
    if (res_unpack(&c, buf, size, &e) < 0)
        fail_msg("%s", e.msg);
    assert_same(a, &c);

    if (res_unpack(&c, buf, size, &e) < 0)  /* the same shape again: reused */
        fail_msg("%s", e.msg);
    assert_same(a, &c);
    res_free(&b);
    res_free(&c);
    free(buf);
}

static void same_summary(void **state)
{
    struct fixture *f = *state;
    size_t ng = port_n_groups(f->p), nh = port_n_hours(f->p);
    struct group_id *ids = calloc(ng, sizeof *ids);
    assert_non_null(ids);
    for (size_t g = 0; g < ng; g++)
        ids[g] = port_group(f->p, g);
    struct summary *direct = sum_new(f->s, ng, ids, nh, REPS);
    struct summary *moved = sum_new(f->s, ng, ids, nh, REPS);
    assert_non_null(direct);
    assert_non_null(moved);
    struct rep_result r = { 0 };
    struct err e = { 0 };
    for (int k = 0; k < REPS; k++) {
        size_t size;
        void *buf = pack(&f->r[k], &size);
        if (res_unpack(&r, buf, size, &e) < 0)
            fail_msg("%s", e.msg);
        free(buf);
        assert_int_equal(sum_add(direct, f->s, &f->r[k]), 0);
        assert_int_equal(sum_add(moved, f->s, &r), 0);
    }
    sum_finish(direct);
    sum_finish(moved);
    assert_memory_equal(direct->x, moved->x, (size_t)M_COUNT * (ng + 1) * REPS * sizeof *direct->x);
    assert_memory_equal(direct->est, moved->est, (size_t)M_COUNT * (ng + 1) * sizeof *direct->est);
    assert_memory_equal(direct->hour, moved->hour, ng * nh * sizeof *direct->hour);
    assert_int_equal(direct->n_rows, moved->n_rows);
    res_free(&r);
    sum_free(direct);
    sum_free(moved);
    free(ids);
}

static void refused(void **state)
{
    struct fixture *f = *state;
    size_t size;
    unsigned char *buf = pack(&f->r[0], &size);
    struct rep_result r = { 0 };
    struct err e = { 0 };

    assert_int_equal(res_unpack(&r, buf, 10, &e), -1);
    assert_non_null(strstr(e.msg, "truncated"));
    assert_int_equal(res_unpack(&r, buf, size - 1, &e), -1);
    assert_non_null(strstr(e.msg, "bytes, not the"));

    unsigned char *bad = malloc(size);
    assert_non_null(bad);
    memcpy(bad, buf, size);
    /* The header starts with two uint32 (magic, grid), then sizeof of
     * struct rep_result: a build whose struct is one double longer. */
    uint64_t other = sizeof(struct rep_result) + sizeof(double);
    memcpy(bad + 2 * sizeof(uint32_t), &other, sizeof other);
    assert_int_equal(res_unpack(&r, bad, size, &e), -1);
    assert_non_null(strstr(e.msg, "another build"));
    memcpy(bad, buf, size);
    bad[0] ^= 0xff;                         /* not a packed result at all */
    assert_int_equal(res_unpack(&r, bad, size, &e), -1);
    assert_non_null(strstr(e.msg, "another build"));

    res_free(&r);                           /* safe after a refusal */
    free(bad);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(same_summary),
        cmocka_unit_test(refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
