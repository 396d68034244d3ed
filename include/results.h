/*
 * results.h - what one replication measured, per group and per hour.
 *
 * A group is one queue: (direction, mode, program).  The port model fills a
 * struct rep_result during a replication; the summary module turns the
 * results of all replications into means and intervals.  Counts cover the
 * crossers that arrived during the measured days (after warm-up), so that in
 * every replication and group
 *     arrivals = served + forgone + remaining.
 * Hourly bins are indexed [group][bin]: a bin is a measured hour, or, when
 * the run pools its days by weekday (scn_hourly_by_weekday), weekday x 24 +
 * hour of the day, summing the measured days of that weekday.  Waits are
 * attributed to the hour of arrival, served crossers to the hour they leave
 * the port, queue and booth levels to the hour they hold in.
 *
 * A result travels between processes (MPI ranks) as bytes: res_pack copies
 * struct rep_result and each of its arrays of plain structs as they are in
 * memory, with their sizes, and res_unpack checks the sizes and copies them
 * back.  That survives changes to the fields of these structs without a line
 * of packing code, on the assumption that every rank runs the same binary
 * (same layout, same byte order).  It relies on the structs holding no
 * pointers except the six arrays of struct rep_result (struct lhist, struct
 * tally: plain numbers); a new array member needs its line in res_pack and
 * res_unpack.
 *
 * Ownership: res_alloc allocates every array; res_free releases them.
 */
#ifndef POESIM_RESULTS_H
#define POESIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "scenario.h"
#include "stats.h"

struct group_id {
    enum direction dir;
    enum mode mode;
    enum program prog;
};

struct grp_result {
    uint64_t arrivals, served, forgone, remaining;
    struct tally wait;          /* seconds, crossers who reached a booth */
    struct tally port;          /* time in port, seconds, crossers served */
    double wait_p50, wait_p95;  /* seconds, from the group's histogram */
    double wait_over_1h;        /* share of waits above one hour */
    double queue_area;          /* crosser-seconds waiting (time integral) */
    double queue_max;
    double open_area;           /* booth-seconds open */
    double lanes_area;          /* lane-seconds open (a lane with a booth open) */
    double busy_area;           /* booth-seconds occupied */
    double wait_person_s;       /* sum of wait x occupancy */
    /* Waiting for the opening: arrivals while the facility was closed who
     * waited at the gate (when_closed "wait"), and the part of the wait of
     * those who reached a booth spent before the opening (also in `wait`,
     * which runs from arrival to booth). */
    uint64_t closed_arrivals;
    struct tally closed_wait;   /* seconds, per such crosser who reached a booth */
    double closed_person_s;     /* sum of that part x occupancy */
    /* Crossing time (joining the first queue to leaving the last stage: the
     * time in port, `port`, of the crossers served): its quantiles, and the
     * sum of crossing time x occupancy. */
    double cross_p50, cross_p95;
    double port_person_s;
};

/* What the measured crossers of one group spent at one stage of their chain
 * (a stage column: the stage's place in the chain): in its line, inspected
 * (primary and side inspection) and blocked (held at a booth or a side
 * inspection space after their inspection, because the next place was
 * full), and the levels of the group's own line at that stage.  Filled only
 * for scenarios with stages. */
struct stage_result {
    uint64_t n_in, n_out;       /* entered the stage (its line or a booth), left it */
    uint64_t remaining;         /* still at it when the run ended (n_in - n_out) */
    uint64_t n_queue;           /* reached a booth of the stage */
    uint64_t n_done;            /* finished their inspection at a booth there */
    double queue_sum, insp_sum, blocked_sum;    /* seconds */
    double queue_area, open_area, busy_area;    /* crosser- and booth-seconds */
};

/* The same by hourly bin (of arrival at the port). */
struct stage_bin {
    uint32_t n_queue, n_done;
    double queue_sum, insp_sum, blocked_sum;
};

/* Sums over the hours the bin pools (one, unless pooled by weekday). */
struct hour_bin {
    uint32_t arrivals, served, forgone;
    uint32_t n_wait;
    double wait_sum;            /* seconds */
    uint32_t closed_arrivals;   /* arrived while closed, waited at the gate */
    uint32_t n_closed_wait;     /* of those, reached a booth (counted in n_wait too) */
    double closed_wait_sum;     /* seconds before the opening */
    double queue_area;          /* crosser-seconds waiting */
    double queue_max;           /* sum of each pooled hour's maximum */
    double open_area, busy_area;
    double lanes_area;          /* lane-seconds open */
    struct lhist wait;          /* seconds */
    uint32_t n_cross;           /* served, by hour of arrival */
    double cross_sum;           /* their crossing times, seconds */
};

/* One change of a flex lane group's assignment: decided at t, the group
 * served its new queue from `end` (NAN if the run ended first). */
struct lane_change {
    double t, end;              /* seconds since the start of the run */
    int lg;                     /* lane group (index in the scenario) */
    int from, to;               /* indices into the group's assign[] */
};

/* The wait thresholds of waits.csv, minutes: 0, 1, ..., 180, then every 10
 * to 600, then every 60 to 1440. */
#define WAIT_GRID_N 237
double res_wait_grid_min(size_t i);

/* Packed by res_pack as bytes: a new pointer member needs its line there. */
struct rep_result {
    int replication;
    size_t n_groups;
    size_t n_hours;             /* hourly bins: measured days x 24, or 7 x 24 */
    size_t n_cols;              /* stage columns (0: no stage figures) */
    struct grp_result *grp;     /* n_groups */
    struct hour_bin *hour;      /* n_groups x n_hours, [g * n_hours + h] */
    double *share_above;        /* [g * WAIT_GRID_N + i]: share of waits above grid i */
    struct tally wait_all;      /* every group's waits pooled */
    double wait_all_p50, wait_all_p95;
    double cross_all_p50, cross_all_p95;    /* every group's crossing times pooled */
    struct stage_result *stg;   /* n_groups x n_cols, [g * n_cols + k] */
    struct stage_bin *stage_hour;   /* [(g * n_hours + h) * n_cols + k] */
    uint64_t events;            /* events processed, warm-up included */
    struct lane_change *changes;    /* every change, warm-up included, in time order */
    size_t n_changes, cap_changes;
};

/* Append a lane change; returns its index, or -1 if out of memory. */
long res_add_change(struct rep_result *r, double t, int lg, int from, int to);

/* Allocate a result for n_groups groups and n_hours measured hours, zeroed,
 * without stage figures.  Returns 0, or -1 if out of memory (r is then safe
 * to res_free). */
int res_alloc(struct rep_result *r, size_t n_groups, size_t n_hours);
/* The same with n_cols stage columns (port_n_stage_cols). */
int res_alloc_stages(struct rep_result *r, size_t n_groups, size_t n_hours, size_t n_cols);
/* Zero every count and reset every estimator for a new replication. */
void res_reset(struct rep_result *r);
void res_free(struct rep_result *r);

/* Bytes res_pack writes for r. */
size_t res_packed_size(const struct rep_result *r);
/* Write r into buf, which has room for res_packed_size(r) bytes. */
void res_pack(const struct rep_result *r, void *buf);
/* Read a result written by res_pack (of the same binary) from buf[0..size)
 * into r, which is zeroed or was filled by res_alloc or res_unpack; r is
 * reallocated if its shape (groups, hours) differs.  Returns 0, or -1 with
 * *e filled (EXIT_FAIL) if buf is not such a result (truncated, or written
 * by a program whose structs differ) or memory runs out; r is then safe to
 * res_free, its contents unspecified. */
int res_unpack(struct rep_result *r, const void *buf, size_t size, struct err *e);

static inline struct hour_bin *res_hour(const struct rep_result *r, size_t g, size_t h)
{
    return &r->hour[g * r->n_hours + h];
}
static inline struct stage_result *res_stage(const struct rep_result *r, size_t g, size_t k)
{
    return &r->stg[g * r->n_cols + k];
}
static inline struct stage_bin *res_stage_hour(const struct rep_result *r, size_t g, size_t h,
                                               size_t k)
{
    return &r->stage_hour[(g * r->n_hours + h) * r->n_cols + k];
}

#endif
