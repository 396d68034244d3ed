/*
 * calendar.h - the event calendar: a binary min-heap of pending events.
 *
 * Events are ordered totally and deterministically by (time, priority,
 * sequence): the sequence number is assigned by cal_push in push order, so
 * two events at the same time and priority leave in the order they were
 * scheduled.  That makes a run a pure function of its inputs.
 *
 * The calendar knows nothing of the port: `type` and `who` are opaque to it.
 * Its capacity is fixed at creation (the port knows how many events can be
 * pending at once: one per arrival source, booth, secondary space, schedule),
 * so the hot loop never allocates.  Pushing beyond the capacity is a bug and
 * aborts.
 *
 * Ownership: struct calendar owns its heap array; cal_free releases it.
 */
#ifndef POESIM_CALENDAR_H
#define POESIM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct event {
    double t;          /* simulated time, seconds since the run's start */
    int prio;          /* lower leaves first among events at the same t */
    int type;          /* opaque to the calendar */
    int who;           /* opaque to the calendar (index of the object) */
    uint64_t seq;      /* set by cal_push; breaks remaining ties */
};

struct calendar {
    struct event *heap;
    size_t n, cap;
    uint64_t next_seq;
};

/* Allocate room for cap pending events.  Returns 0, or -1 if out of memory
 * (the calendar is then empty and safe to cal_free). */
int cal_init(struct calendar *c, size_t cap);
void cal_free(struct calendar *c);
/* Forget every pending event and restart the sequence at 0. */
void cal_clear(struct calendar *c);
/* Schedule an event; aborts if the calendar is full. */
void cal_push(struct calendar *c, double t, int prio, int type, int who);
/* Remove the earliest event into *ev.  Returns 0, or -1 if empty. */
int cal_pop(struct calendar *c, struct event *ev);
/* The earliest event without removing it, or NULL if empty. */
const struct event *cal_peek(const struct calendar *c);
static inline size_t cal_size(const struct calendar *c) { return c->n; }

#endif
