/*
 * summary.h - from replications to estimates with 95% intervals.
 *
 * Each replication gives one value per metric and group (its mean wait, its
 * cost, ...); the estimate is the mean of those values across replications
 * and its Student-t 95% half-width.  Besides the groups (queues) there is
 * one pseudo-group, index n_groups, for the port as a whole ("all"): counts
 * and costs summed, waits pooled over every crosser.
 *
 * Hourly figures are means over replications of each replication's hourly
 * value; a wait statistic of an hour in which a replication had no crosser
 * reach a booth is left out of that hour's mean (so it is NAN when no
 * replication has one).
 *
 * Replications are added in order 0, 1, 2, ... so that the floating-point
 * sums, and so the output bytes, do not depend on how they were computed.
 *
 * Ownership: sum_new returns a summary freed with sum_free.
 */
#ifndef POESIM_SUMMARY_H
#define POESIM_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "results.h"
#include "scenario.h"

enum metric {
    M_ARRIVALS, M_SERVED, M_FORGONE, M_REMAINING,     /* crossers, whole run */
    M_WAIT_MEAN, M_WAIT_P50, M_WAIT_P95, M_WAIT_MAX,  /* minutes */
    M_WAIT_OVER_1H,                                   /* share of waits */
    M_PORT_MEAN,                                      /* time in port, minutes */
    M_QUEUE_MEAN, M_QUEUE_MAX,                        /* crossers waiting */
    M_BOOTHS_OPEN,                                    /* time-average */
    M_UTILISATION,                                    /* busy / open */
    M_VEHICLE_HOURS, M_PERSON_HOURS,                  /* waiting, whole run */
    M_COST_TOTAL, M_COST_VOT, M_COST_TRUCK, M_COST_FUEL,  /* USD, whole run */
    M_FUEL_GAL, M_CO2_KG,
    /* Waiting for the opening (arrivals while the facility was closed, who
     * waited at the gate) apart from waiting in the queue: */
    M_CLOSED_ARRIVALS,                                /* crossers, whole run */
    M_CLOSED_WAIT_MEAN,     /* minutes, mean over those who reached a booth */
    M_QUEUE_WAIT_MEAN,      /* minutes: the wait after the opening (all of it for
                               the others), mean over all who reached a booth */
    M_CLOSED_VEHICLE_HOURS,                           /* whole run */
    M_COST_CLOSED,          /* USD: the part of the cost for that waiting */
    M_LANES_OPEN,                                     /* time-average */
    M_COUNT
};

/* The metric's key in summary.json ("arrivals", "wait_min", ...). */
const char *sum_metric_name(enum metric m);

struct estimate {
    double mean;
    double ci95;        /* half-width; NAN with fewer than 2 finite values */
    size_t n;           /* replications with a finite value */
};

struct hour_est {
    double arrivals, served, forgone;
    double closed_arrivals;                 /* arrived while closed, waited */
    double closed_wait_min, queue_wait_min; /* means as wait_mean_min; NAN if none */
    double wait_mean_min, wait_p95_min;     /* NAN if no replication had one */
    double wait_mean_ci95_min;              /* NAN with fewer than 2 */
    double queue_mean, queue_max;
    double booths_open, utilisation;
    double lanes_open;
    double cross_mean_min;                  /* crossing time of those served, by hour of
                                               arrival; NAN if none */
};

/* What a stage column holds per group (scenarios with stages): minutes per
 * crosser in the stage's line, inspected there (booth and side inspection),
 * and blocked there; crossers who reached a booth of it; and the group's
 * own line there: crossers waiting, booths open, utilisation. */
enum stage_metric {
    SM_QUEUE, SM_INSPECTION, SM_BLOCKED, SM_PASSED, SM_LINE_MEAN, SM_BOOTHS, SM_UTIL,
    SM_COUNT
};
#define SM_HOURLY 3     /* the first three also by hour */

/* The crossing time's quantiles per group (and all): not metrics of
 * replications.csv, which keeps its columns. */
enum cross_metric { CM_P50, CM_P95, CM_COUNT };

/* A lane change inside the measured days, for lanes.csv. */
struct lane_row {
    int replication;            /* 0-based */
    int lg;                     /* lane group (scenario index) */
    int from, to;               /* indices into its assign[] */
    double t, end;              /* seconds since the start of the measured days;
                                   end NAN if the run ended first */
    double lost_h;              /* lane-hours closed inside the measured days */
};

struct summary {
    size_t n_groups, n_hours;       /* n_hours: hourly bins, see bin_days */
    /* Hourly bins are the measured hours in order, or (by_weekday) the
     * measured days pooled into weekday x 24 + hour, Monday first; bin_days
     * says how many measured days each weekday's bins pool (0: none). */
    bool by_weekday;
    int bin_days[WD_COUNT];
    size_t n_reps;                  /* replications added so far */
    size_t cap_reps;                /* room for this many */
    /* Flex lane groups (scenario indices) and, per replication, their
     * changes and lane-hours lost: [(k * 2 + j) * cap_reps + rep], j = 0
     * changes, 1 lane-hours; k = n_flex for all of them together. */
    size_t n_flex;
    int *flex;
    double *lane_x;
    struct estimate *lane_est;  /* [k * 2 + j], after sum_finish */
    struct lane_row *rows;
    size_t n_rows, cap_rows;
    double t_warm, t_end;       /* the measured window, seconds */
    struct group_id *id;            /* n_groups */
    double *x;                      /* per-replication values, see sum_value */
    struct estimate *est;           /* [m * (n_groups + 1) + g], after sum_finish */
    struct hour_est *hour;          /* [g * n_hours + h], after sum_finish */
    double *hacc;                   /* hourly accumulators */
    double *wacc;                   /* [g * WAIT_GRID_N + i]: sum over replications */
    double *share_above;            /* the same, mean, after sum_finish */
    double *scratch;                /* cap_reps doubles for sum_finish */
    uint64_t events;
    /* Stages (n_cols > 0: the scenario has stages), per group g and stage
     * column k: per-replication values [((g * n_cols + k) * SM_COUNT + j) *
     * cap_reps + rep], estimates [(g * n_cols + k) * SM_COUNT + j], hourly
     * means [((g * n_hours + h) * n_cols + k) * SM_HOURLY + j] (NAN where
     * nobody passed). */
    size_t n_cols;
    double *stage_x;
    struct estimate *stage_est;
    double *stage_hacc, *stage_hour;
    /* Crossing-time quantiles, [(g * CM_COUNT + j) * cap_reps + rep] (g up
     * to n_groups: all), and their estimates [g * CM_COUNT + j]. */
    double *cross_x;
    struct estimate *cross_est;
    /* Run-time warnings recorded with results read back from an output
     * folder (out_read_replications), which has no hourly figures to work
     * them out again (overload.h); none in a summary of fresh runs. */
    char **warnings;
    size_t n_warnings;
    /* Set by the caller when replications were added to reach a precision. */
    double target_hw;               /* minutes; 0: a fixed number of replications */
    int max_reps;
    bool target_reached;
};

/* A summary of up to cap_reps replications of scenario s, with results
 * shaped (n_groups, n_hours).  NULL if out of memory. */
struct summary *sum_new(const struct scenario *s, size_t n_groups, const struct group_id *ids,
                        size_t n_hours, size_t cap_reps);
void sum_free(struct summary *s);
/* Add replication r->replication, which must be the next in order.
 * Returns 0, or -1 if out of memory. */
int sum_add(struct summary *s, const struct scenario *scn, const struct rep_result *r);
/* Compute the estimates over the replications added so far (at least one).
 * May be called again after adding more. */
void sum_finish(struct summary *s);

/* Replication rep's value of metric m for group g (g == n_groups: all). */
static inline double *sum_value(const struct summary *s, enum metric m, size_t g, size_t rep)
{
    return &s->x[((size_t)m * (s->n_groups + 1) + g) * s->cap_reps + rep];
}
static inline const struct estimate *sum_est(const struct summary *s, enum metric m, size_t g)
{
    return &s->est[(size_t)m * (s->n_groups + 1) + g];
}
static inline const struct estimate *sum_lane_est(const struct summary *s, size_t k, int lost)
{
    return &s->lane_est[k * 2 + (lost ? 1 : 0)];
}
static inline const struct hour_est *sum_hour(const struct summary *s, size_t g, size_t h)
{
    return &s->hour[g * s->n_hours + h];
}
static inline double *sum_stage_value(const struct summary *s, size_t g, size_t k,
                                      enum stage_metric j, size_t rep)
{
    return &s->stage_x[((g * s->n_cols + k) * SM_COUNT + (size_t)j) * s->cap_reps + rep];
}
static inline const struct estimate *sum_stage_est(const struct summary *s, size_t g, size_t k,
                                                   enum stage_metric j)
{
    return &s->stage_est[(g * s->n_cols + k) * SM_COUNT + (size_t)j];
}
/* The hourly mean of stage metric j (< SM_HOURLY), minutes. */
static inline double sum_stage_hour(const struct summary *s, size_t g, size_t h, size_t k,
                                    enum stage_metric j)
{
    return s->stage_hour[((g * s->n_hours + h) * s->n_cols + k) * SM_HOURLY + (size_t)j];
}
static inline double *sum_cross_value(const struct summary *s, size_t g, enum cross_metric j,
                                      size_t rep)
{
    return &s->cross_x[(g * CM_COUNT + (size_t)j) * s->cap_reps + rep];
}
static inline const struct estimate *sum_cross_est(const struct summary *s, size_t g,
                                                   enum cross_metric j)
{
    return &s->cross_est[g * CM_COUNT + (size_t)j];
}

/* The measured days pooled in hourly bin h: 1 unless by weekday. */
static inline int sum_bin_days(const struct summary *s, size_t h)
{
    return s->by_weekday ? s->bin_days[h / HOURS_PER_DAY] : 1;
}

#endif
