/*
 * overload.h - what a run's means hide: queues with more demand than
 * capacity, and crossers still in the port when the run ended.
 *
 * A run whose demand exceeds what its booths can inspect still finishes
 * (queues stop at their approach storage, or at SCN_QUEUE_MAX crossers, and
 * arrivals beyond forgo), but its waits then say more about the length of
 * the overload than about the port.  After a run, the hourly estimates of
 * the summary say, for each queue, in which measured hours the demand
 * exceeded the capacity: the mean arrivals of the hour (over the
 * replications) above booths open x 3600 s / mean primary inspection time.
 * An hour with arrivals and no booth open (no staff) counts as over
 * capacity; an hour the facility is closed all through (its opening hours)
 * does not.
 *
 * Crossers still in the port at the end (`remaining`) have no wait yet:
 * they are left out of the mean wait and of the cost of waiting.  When more
 * than OVL_REMAINING_SHARE of a queue's arrivals remain, the mean understates
 * the delay, and that is a warning too.
 *
 * These are the run-time warnings: printed on stderr (unless --quiet) and
 * recorded in summary.json and comparison.json whatever the options.
 *
 * Ownership: nothing is allocated; the caller owns the stream.
 */
#ifndef POESIM_OVERLOAD_H
#define POESIM_OVERLOAD_H

#include <stddef.h>
#include <stdio.h>

#include "scenario.h"
#include "summary.h"

/* Share of a queue's arrivals still in the port at the end above which the
 * mean wait is said to understate the delay: a run's last queue is a small
 * part of its crossers unless the port is overloaded (or the run short). */
#define OVL_REMAINING_SHARE 0.01

/* Called with each warning's text (no "poesim: warning: " prefix, no line
 * break); returns 0, or -1 to stop. */
typedef int ovl_fn(void *ctx, const char *text);

/* Each run-time warning of summary sum of scenario s, in order: the
 * queues over capacity (in group order), then the queues with more than
 * OVL_REMAINING_SHARE of their arrivals remaining.  A summary read back
 * from an output folder (no hourly figures) replays the warnings recorded
 * with it (sum->warnings).  Returns the number of warnings, or -1 if fn
 * returned -1. */
long ovl_collect(const struct scenario *s, const struct summary *sum, ovl_fn *fn, void *ctx);

/* Write one line "poesim: warning: ..." to f for each queue of summary sum
 * (of scenario s) that was over capacity in some measured hour: the queue,
 * how many hours, the first of them as ranges ("day 1 mon 07:00-10:00"),
 * the worst hour's demand against its capacity, the longest queue and the
 * crossers forgone in those hours.  Returns the number of queues named. */
size_t ovl_warn(FILE *f, const struct scenario *s, const struct summary *sum);

#endif
