/*
 * calendar.h - the event calendar: a binary min-heap of pending events.
 *
 * Events are ordered totally and deterministically by (time, type,
 * sequence): the type doubles as the priority among events at one time, and
 * the sequence number is assigned by cal_push in push order, so two events of
 * one type at the same time leave in the order they were scheduled.  That
 * makes a run a pure function of its inputs.
 *
 * An event is 16 bytes, four to a cache line: its time (as an ordered
 * integer) and one 64-bit key packing type (4 bits), sequence (40 bits) and
 * who (20 bits), so that ordering is two integer comparisons.  The calendar
 * knows nothing of the port: `type` and `who` are opaque to it.
 * Its capacity is fixed at creation (the port knows how many events can be
 * pending at once: one per arrival source, booth, secondary space, schedule),
 * so the hot loop never allocates.  Pushing beyond the capacity, a type or
 * who out of range, or more than 2^40 pushes between clears, is a bug and
 * aborts.
 *
 * Ownership: struct calendar owns its heap array; cal_free releases it.
 */
#ifndef POESIM_CALENDAR_H
#define POESIM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CAL_TYPES 16                     /* types 0 .. 15 */
#define CAL_WHO_MAX ((1 << 20) - 1)       /* who 0 .. 1048575 */
#define CAL_SEQ_BITS 40

struct event {
    uint64_t tk;       /* the time as an ordered integer: read with ev_time */
    uint64_t key;      /* type << 60 | seq << 20 | who: read with ev_type, ... */
};

/* Times map to 64-bit unsigned integers in the same order (IEEE 754 bits,
 * negatives reversed; -0 sorts just before +0), so that comparing events is
 * integer work: no floating-point compares and their unordered-case
 * branches in the heap's inner loop (3% of a run). */
static inline uint64_t cal_time_key(double t)
{
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return u >> 63 ? ~u : u | UINT64_C(1) << 63;
}
static inline double ev_time(const struct event *e)
{
    uint64_t u = e->tk >> 63 ? e->tk & ~(UINT64_C(1) << 63) : ~e->tk;
    double t;
    memcpy(&t, &u, sizeof t);
    return t;
}

static inline int ev_type(const struct event *e) { return (int)(e->key >> 60); }
static inline int ev_who(const struct event *e) { return (int)(e->key & CAL_WHO_MAX); }
static inline uint64_t ev_seq(const struct event *e)
{
    return (e->key >> 20) & ((UINT64_C(1) << CAL_SEQ_BITS) - 1);
}

/* A pop leaves the popped event at the root, marked as a hole: the next
 * push (usually the popped event's successor: the next arrival of its
 * stream, the next service of its booth) fills the hole with one sift down
 * instead of a sift down and a sift up.  Any other call removes the hole
 * first.  heap[0 .. n-1] then holds the events, hole included. */
struct calendar {
    struct event *heap;
    size_t n, cap;
    int hole;
    uint64_t next_seq;
};

/* Allocate room for cap pending events.  Returns 0, or -1 if out of memory
 * (the calendar is then empty and safe to cal_free). */
int cal_init(struct calendar *c, size_t cap);
void cal_free(struct calendar *c);
/* Forget every pending event and restart the sequence at 0. */
void cal_clear(struct calendar *c);
/* Make dst (of the same capacity) hold the events and sequence of src, so
 * that both then pop the same events in the same order. */
void cal_copy(struct calendar *dst, const struct calendar *src);
/* Schedule an event of type 0 <= type < CAL_TYPES (lower types leave first
 * at equal times) for object 0 <= who <= CAL_WHO_MAX; aborts if the calendar
 * is full. */
void cal_push(struct calendar *c, double t, int type, int who);
/* Remove the earliest event into *ev.  Returns 0, or -1 if empty. */
int cal_pop(struct calendar *c, struct event *ev);
/* The earliest event without removing it, or NULL if empty. */
const struct event *cal_peek(struct calendar *c);
static inline size_t cal_size(const struct calendar *c) { return c->n - (size_t)c->hole; }

#endif
