/*
 * calendar.c - the event calendar as an implicit binary min-heap.
 *
 * The workload: one push and one pop per simulated event, millions per
 * replication, with few events pending at once (one per arrival source,
 * booth, secondary space and schedule: tens to a few thousand).  Pops return
 * the earliest event, so a heap fits: O(log n) push and pop, no pointers, one
 * contiguous array that stays in cache at these sizes.  The capacity is known
 * in advance, so the array is allocated once by cal_init and never grows.
 *
 * Order is the lexicographic order of (t, type, seq); type and seq are the
 * high bits of the packed key, so it is the order of (t, key).  seq is a
 * counter assigned at push and never reused before cal_clear, so the key is
 * unique, the order is total, and a pop sequence is a pure function of the
 * pushes: the same inputs give the same run on any machine.  Packing the
 * event into 16 bytes (from 32: time, priority, type, who, seq) made pushes
 * and pops a third cheaper.
 *
 * Sifting moves a "hole" instead of swapping, so each level costs one copy
 * of an event rather than three.
 */
#include "calendar.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lines.h"

/* The smallest array cal_init allocates, so that cap = 0 is not a
 * zero-byte malloc (which may return NULL and look like a failure). */
#define CAL_MIN_ALLOC 1

/* Whether a leaves before b. */
static inline int before(const struct event *a, const struct event *b)
{
    return a->tk < b->tk || (a->tk == b->tk && a->key < b->key);
}

int cal_init(struct calendar *c, size_t cap)
{
    c->n = 0;
    c->hole = 0;
    c->next_seq = 0;
    c->heap = line_alloc(cap > CAL_MIN_ALLOC ? cap : CAL_MIN_ALLOC, sizeof *c->heap);
    c->cap = c->heap ? cap : 0;
    return c->heap ? 0 : -1;
}

void cal_free(struct calendar *c)
{
    free(c->heap);
    c->heap = NULL;
    c->n = c->cap = 0;
    c->hole = 0;
    c->next_seq = 0;
}

void cal_clear(struct calendar *c)
{
    c->n = 0;
    c->hole = 0;
    c->next_seq = 0;
}

void cal_copy(struct calendar *dst, const struct calendar *src)
{
    assert(dst->cap == src->cap);
    memcpy(dst->heap, src->heap, src->n * sizeof *src->heap);
    dst->n = src->n;
    dst->hole = src->hole;
    dst->next_seq = src->next_seq;
}

static void cal_bug(const char *what, size_t x)
{
    fprintf(stderr, "poesim: bug: event calendar: %s (%zu)\n", what, x);
    abort();
}

/* Place x in the heap h[0 .. n-1] whose root is free, moving smaller
 * children up along the way. */
static inline void sift_down(struct event *h, size_t n, struct event x)
{
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && before(&h[child + 1], &h[child]))
            child++;
        if (!before(&h[child], &x))
            break;
        h[i] = h[child];
        i = child;
    }
    h[i] = x;
}

/* Take out the root popped last, if still there: the last event fills it. */
static inline void remove_hole(struct calendar *c)
{
    if (c->hole) {
        c->hole = 0;
        size_t n = --c->n;
        if (n > 0)
            sift_down(c->heap, n, c->heap[n]);
    }
}

void cal_push(struct calendar *c, double t, int type, int who)
{
    assert(!isnan(t));
    if (c->n == c->cap && !c->hole)
        cal_bug("full, capacity", c->cap);
    if ((unsigned)type >= CAL_TYPES)
        cal_bug("event type out of range", (size_t)(unsigned)type);
    if ((unsigned)who > CAL_WHO_MAX)
        cal_bug("event object out of range", (size_t)(unsigned)who);
    if (c->next_seq >> CAL_SEQ_BITS)
        cal_bug("sequence exhausted after pushes", (size_t)c->next_seq);
    struct event ev = { cal_time_key(t), (uint64_t)type << 60 | c->next_seq++ << 20 | (uint64_t)who };
    if (c->hole) {
        /* The root was popped: put ev there instead, one sift for both. */
        c->hole = 0;
        sift_down(c->heap, c->n, ev);
        return;
    }
    struct event *h = c->heap;
    size_t i = c->n++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&ev, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = ev;
}

int cal_pop(struct calendar *c, struct event *ev)
{
    remove_hole(c);
    if (c->n == 0)
        return -1;
    *ev = c->heap[0];
    c->hole = 1;
    return 0;
}

const struct event *cal_peek(struct calendar *c)
{
    remove_hole(c);
    return c->n ? &c->heap[0] : NULL;
}
