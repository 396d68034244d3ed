/*
 * overload.h - which queues had more demand than capacity, and when.
 *
 * A run whose demand exceeds what its booths can inspect still finishes
 * (queues stop at their approach storage, or at SCN_QUEUE_MAX crossers, and
 * arrivals beyond forgo), but its waits then say more about the length of
 * the overload than about the port.  After a run, ovl_warn reads the hourly
 * estimates of the summary and says, for each queue, in which measured hours
 * the demand exceeded the capacity: the mean arrivals of the hour (over the
 * replications) above booths open x 3600 s / mean primary inspection time.
 * An hour with arrivals and no booth open (a closed facility whose arrivals
 * wait, or no staff) counts as over capacity.
 *
 * Ownership: nothing is allocated; the caller owns the stream.
 */
#ifndef POESIM_OVERLOAD_H
#define POESIM_OVERLOAD_H

#include <stddef.h>
#include <stdio.h>

#include "scenario.h"
#include "summary.h"

/* Write one line "poesim: warning: ..." to f for each queue of summary sum
 * (of scenario s) that was over capacity in some measured hour: the queue,
 * how many hours, the first of them as ranges ("day 1 mon 07:00-10:00"),
 * the worst hour's demand against its capacity, the longest queue and the
 * crossers forgone in those hours.  Returns the number of queues named. */
size_t ovl_warn(FILE *f, const struct scenario *s, const struct summary *sum);

#endif
