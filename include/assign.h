/*
 * assign.h - a region's travellers assigned to its ports: the simulation
 * and the choice model iterated until waits and choices agree.
 *
 * Each iteration k = 1, 2, ... simulates every port (a scenario each, its
 * own demand plus one stream per segment that may use it, fed its share of
 * the segment's trips hour by hour) with the current split x_k; takes, per
 * segment, port and hour of the day, the mean wait of the queue the
 * segment joins there; moves held tolls one step (choice.h); computes the
 * logit response y_k to those waits and tolls; and averages it into the
 * split, x_{k+1} = x_k + (y_k - x_k) / (k + 1) (the method of successive
 * averages).  The split x_1 is the response to empty queues (access,
 * tolls and constants only).  It stops after the iteration whose largest
 * change of an hourly share, max |x_{k+1} - x_k|, is below the region's
 * tolerance, or after max_iterations; the outputs are those of that last
 * iteration's simulation and its split x_k.  Shares of hours in which a
 * segment has no trips are left out of the largest change.
 *
 * Common random numbers: every replication is seeded by (seed, source,
 * replication), and a segment's stream at a port keeps its name
 * ("SEGMENT.PORT") from one iteration to the next, so an iteration differs
 * from the last only by the split, not by new random draws: the iteration
 * does not chase noise.  The ports of an iteration run in parallel
 * (batch.h's threads: `jobs` replications at once over all ports), or on
 * MPI ranks, each port's scenario sent as text with its streams (the same
 * doubles as here, so the same bytes).
 *
 * Waits: the wait of a queue in an hour of the day is the mean over the
 * measured days, weighted by arrivals, of the hourly mean waits (waits are
 * attributed to the hour of arrival).  In an hour in which no crosser
 * joined the queue, the wait is estimated as queue length x mean inspection
 * time / booths open (the expected wait of a newcomer), and a port with no
 * booth open for the queue in that hour is not available then (its share
 * is 0), unless no port of the segment is, when all are considered with
 * access, tolls and constants only.  A held toll follows the mean wait,
 * weighted by arrivals, of every queue of its direction and mode at the
 * port.
 *
 * Ownership: asg_solve returns a result freed with asg_free; the region
 * must outlive it.  The region's port scenarios are left with the demand
 * of the last iteration (what the result's summaries were computed with).
 */
#ifndef POESIM_ASSIGN_H
#define POESIM_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "region.h"
#include "summary.h"

struct asg_opts {
    int jobs;                   /* replications at once on threads; 0 or 1: one */
    bool progress;              /* a line per iteration on stderr */
    bool mpi;                   /* replications on the MPI workers (ranks.h): each
                                   port is sent as text, its streams included */
    /* A warm start (NULL: none): a result of the same region, whose waits
     * and tolls give the first split (the logit response to them, with the
     * region's coefficients and constants as they are now) instead of empty
     * queues; an equilibrium under nearby inputs (regfit.h) then starts
     * near its fixed point.  The split is not started from warm's own: the
     * averages would keep part of it for many iterations. */
    const struct asg_result *warm;
};

/* One iteration's convergence. */
struct asg_iter {
    double max_change;          /* max |x_{k+1} - x_k| over active shares */
    double gap;                 /* max |y_k - x_k|: response against the split simulated */
    double wait_cost_usd_per_day;   /* the region's cost of waiting (mean over replications) */
};

/* Where the figures of (segment s, its port use u, hour h) are. */
static inline size_t asg_at(size_t s, size_t u, int h)
{
    return (s * REG_PORTS_MAX + u) * HOURS_PER_DAY + (size_t)h;
}

struct asg_result {
    const struct region *r;
    int iterations;             /* run */
    bool converged;
    struct asg_iter *iter;      /* [iterations] */
    int replications;
    double days;                /* measured days */
    /* Per segment s, use u, hour h (asg_at): the share of the segment's
     * trips (the split simulated last), the trips per day, the wait of
     * the queue it joins (minutes; NAN if unknown) and whether the port was
     * available. */
    double *share, *trips, *wait;
    bool *avail;
    /* And for the plots: the wait in the queue alone (from joining it, or
     * from the opening for an arrival while its facility was closed;
     * minutes, NAN if unknown) and the share of the arrivals that came while
     * it was closed (wait, as the choice sees it, includes their wait for
     * the opening). */
    double *queue_wait, *closed_share;
    /* Per port j, direction d, mode m, hour h: the toll (USD) and the
     * mean wait of the port's queues of that direction and mode. */
    double (*toll)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];
    double (*dm_wait)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];
    double (*dm_trips)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];  /* everyone: local too */
    /* Measured: arrivals (per run) and booths open (mean over the days). */
    double (*dm_arrivals)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];
    double (*dm_booths)[DIR_COUNT][MODE_COUNT][HOURS_PER_DAY];
    struct summary **sums;      /* per port, the last iteration */
};

/* The mean weekday factor over the measured days of run: the factor that
 * turns "per day (before weekday factor)" into trips per measured day. */
double asg_weekday_mean(const struct run *run, const double factor[WD_COUNT]);

/* Iterate region r to its fixed point.  Returns 0 and *out, or -1 with *e
 * filled (out of memory, a failure in a replication). */
int asg_solve(struct region *r, const struct asg_opts *o, struct asg_result **out,
              struct err *e);
void asg_free(struct asg_result *a);

#endif
