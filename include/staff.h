/*
 * staff.h - staffing plans: the fewest booths, hour by hour, that keep the
 * waits of each queue under a target.
 *
 * The inverse of a run.  A run says what wait a staffing schedule gives;
 * staff_search finds, for each measured day (one per weekday) and hour, the
 * fewest staffed booths of the searched lane groups such that a statistic
 * of the waits of the crossers who arrive in that hour (their mean, a
 * percentile, or the share waiting longer than N minutes) is at most a
 * bound, within each group's booths and an optional cap on the booths open
 * at once (officers on duty).  The search sits above the port model and
 * knows nothing of files: it is given a scenario and options and returns a
 * plan, from which the caller writes a scenario that `extends` the original
 * (staffout.h).
 *
 * Targets name queues the way service entries do: "pov.general" is the
 * general POV queue of both directions, "north.pov.general" of one, "pov"
 * every POV queue; a more specific entry wins over a less specific one.
 *
 * How the search works, what it guarantees and where it may miss the
 * minimum is said at the top of staff.c and in README.md ("Staffing plans").
 *
 * Ownership: staff_search returns a plan freed with staff_plan_free; the
 * plan keeps a pointer to the scenario it was given, which must outlive it.
 */
#ifndef POESIM_STAFF_H
#define POESIM_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "results.h"
#include "scenario.h"

#define STAFF_TARGETS_MAX 32        /* entries of one --target */
#define STAFF_TEXT_MAX 64           /* an entry as written, in messages */
#define STAFF_DAYS_MAX 7            /* a week: one schedule per weekday */

enum staff_stat {
    STAFF_MEAN,         /* mean wait, minutes */
    STAFF_QUANTILE,     /* a percentile of the waits, minutes */
    STAFF_OVER          /* share of crossers waiting longer than over_min */
};

/* One entry of a target: which queues, the statistic, its bound. */
struct staff_target {
    bool has_dir, has_prog;     /* else: every direction, every programme of the mode */
    enum direction dir;
    enum mode mode;
    enum program prog;
    enum staff_stat stat;
    double q;                   /* STAFF_QUANTILE: 0.01 .. 0.99 */
    double over_min;            /* STAFF_OVER: minutes */
    double bound;               /* at most: minutes, or a share (STAFF_OVER) */
    char text[STAFF_TEXT_MAX];  /* the entry as written */
};

/* Parse a target such as "pov.general:mean<=45,north.pov.sentri:p95<=15,
 * truck:over60<=5%" into out[0..*n) (at most max entries).  Returns 0, or
 * -1 with *e filled (EXIT_USAGE) naming the entry and what is wrong. */
int staff_parse_target(const char *spec, struct staff_target *out, size_t max, size_t *n,
                       struct err *e);

/* "mean <= 45 min", "p95 <= 15 min", "share over 60 min <= 0.05". */
void staff_target_describe(const struct staff_target *t, char *buf, size_t n);

/* Parse an officers-on-duty cap: a number of booths ("40"), or steps by
 * hour of the day ("00:00=20,06:00=40,22:00=24", the first at 00:00, whole
 * hours, increasing) into cap[0..24).  Returns 0, or -1 with *e filled
 * (EXIT_USAGE). */
int staff_parse_officers(const char *text, int cap[HOURS_PER_DAY], struct err *e);

struct staff_opts {
    const struct staff_target *targets;
    size_t n_targets;
    const char *const *groups;  /* lane groups to search (names), or NULL: all that qualify */
    size_t n_groups;
    bool has_officers;
    int officers[HOURS_PER_DAY];    /* booths open at once in the searched groups, at most */
    int reps;                   /* replications to start with (>= 2) */
    int max_reps;               /* added while a decision is open, up to this (>= reps) */
    int jobs;                   /* threads */
    bool progress;              /* a progress line on stderr */
};

/* How an hour of a queue came out. */
enum staff_verdict {
    STAFF_HOLDS,        /* the target holds: upper end of the 95% interval <= bound */
    STAFF_UNMET,        /* not even with every booth (and the hours before at most) */
    STAFF_CAPPED,       /* not within the officers cap */
    STAFF_CLOSED,       /* the queue's facility is closed all hour: not checked */
    STAFF_EMPTY         /* nobody arrived in the hour in any replication */
};

const char *staff_verdict_name(enum staff_verdict v);

/* One queue in one measured hour of the plan. */
struct staff_cell {
    int booths;                 /* found */
    int lower;                  /* the forward pass's bound: no fewer, given the hours before */
    double file_booths;         /* the scenario's own: booths staffed, mean over the hour */
    double mean, ci95;          /* the statistic over the replications (NAN: none) */
    size_t n;                   /* replications with a value */
    double bound;               /* the target, or what every booth achieves (unmet: the
                                 * mean plus twice the half-width) or the cap (capped) */
    enum staff_verdict verdict;
};

/* A searched queue. */
struct staff_queue {
    struct group_id id;
    const struct staff_target *target;
    int *groups;                /* its searched lane groups, filled in this order */
    size_t n_groups;
    int max_booths;
    struct staff_cell *cell;    /* [hour] */
};

/* What the search cost. */
struct staff_work {
    long rounds;                /* candidate evaluations (all replications at once) */
    long runs;                  /* replication-runs: restores or starts of a port */
    double sim_hours;           /* simulated port-hours, all runs */
    long backtracks;            /* booths added to an earlier hour for a later one */
    long reruns;                /* forward passes run again from a failing hour */
    long repairs;               /* booths added after a verification */
    long trials, removed;       /* the backward pass: booths tried out, removed */
    long open_decisions;        /* decisions still open at the cap: taken as not holding */
    int verifications;
    double seconds;
};

struct staff_plan {
    const struct scenario *s;
    size_t n_days, n_hours;     /* measured days and hours searched */
    enum weekday day_weekday[STAFF_DAYS_MAX];
    struct staff_queue *q;
    size_t n_q;
    bool *searched;             /* [lane group] */
    struct daysched *staffed;   /* [lane group]: the plan's schedules (as given if not searched) */
    int reps;                   /* replications of the final decisions */
    int max_reps;
    int capped_hours;           /* hours in which the officers cap bound */
    struct staff_work work;
};

/* Search scenario s (days 1..STAFF_DAYS_MAX, distinct weekdays) with the
 * options.  Returns 0 with *out, or -1 with *e filled: EXIT_USAGE for a
 * target or group that does not fit the scenario (a queue it does not
 * have, a flex group named, a targeted queue with no group to search),
 * EXIT_FAIL for memory. */
int staff_search(const struct scenario *s, const struct staff_opts *o, struct staff_plan **out,
                 struct err *e);
void staff_plan_free(struct staff_plan *p);

/* Staffed booth-hours per day (mean over the plan's measured days) of lane
 * group li: in the plan, or (file) in the scenario as given. */
double staff_booth_hours(const struct staff_plan *p, size_t li, bool file);

#endif
