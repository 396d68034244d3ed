/*
 * scenario.h - a port and a proposal, read from JSON into plain C.
 *
 * scn_load reads a scenario file with cJSON, checks it strictly and returns a
 * plain, validated struct scenario.  Only this module knows cJSON's tree;
 * everything downstream reads these structs and may assume they are valid.
 *
 * Strict means: unknown keys, wrong types, out-of-range values, duplicate
 * keys or names, programme shares above 1, a demand stream with no lane to
 * serve it, a lane group or service entry that nothing uses, ... are errors.
 * Each error names the file and the JSON path, and what was expected and
 * found, e.g.
 *   scenarios/x.json: lanes[2].booths_per_lane: expected an integer >= 1, got -3
 * Syntax errors name line and column:
 *   scenarios/x.json:12:5: JSON syntax error: ...
 * Every key is documented in README.md and scenarios/schema.json.
 *
 * Ownership: scn_load/scn_parse return a scenario owned by the caller and
 * released with scn_free; on error they return NULL, free everything they
 * built and fill *e (code EXIT_USAGE for bad input, EXIT_FAIL for I/O or
 * memory).
 */
#ifndef POESIM_SCENARIO_H
#define POESIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dist.h"
#include "error.h"

enum direction { DIR_NORTH, DIR_SOUTH, DIR_COUNT };
enum mode { MODE_POV, MODE_PEDESTRIAN, MODE_BUS, MODE_TRUCK, MODE_COUNT };
enum program { PROG_GENERAL, PROG_READY, PROG_SENTRI, PROG_FAST, PROG_COUNT };
enum weekday { WD_MON, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN, WD_COUNT };
enum when_closed { CLOSED_WAIT, CLOSED_FORGO };
/* Arrival process: Poisson, or deterministic (a crosser each time the
 * expected count since the start passes k - 1/2, k = 1, 2, ...). */
enum arrivals { ARR_POISSON, ARR_DETERMINISTIC };

#define HOURS_PER_DAY 24
#define MINUTES_PER_DAY 1440
#define SCN_NAME_MAX 64         /* names: 1..63 chars of [A-Za-z0-9_.-] */
#define SCN_STEPS_MAX 96        /* change points per day in a schedule */
/* The longest a queue can be, in crossers waiting.  Approach storage
 * (lanes[i].storage, summed over a queue's fixed groups) may set less;
 * without it a queue holds at most this many and an arrival beyond forgoes,
 * so that memory stays bounded (16 MB a queue) whatever the demand.  A
 * million waiting is days of queue at the busiest port. */
#define SCN_QUEUE_MAX 1000000

/* "north", "pov", "sentri", "mon", ...; NULL if out of range. */
const char *scn_direction_name(enum direction d);
const char *scn_mode_name(enum mode m);
const char *scn_program_name(enum program p);
const char *scn_weekday_name(enum weekday w);

/* A step function of the minute of the day, per weekday: value[i] holds from
 * minute[i] (inclusive) to minute[i+1] (exclusive) or the end of the day.
 * minute[0] is always 0 and minutes strictly increase. */
struct daysched {
    struct {
        int n;
        int minute[SCN_STEPS_MAX];
        int value[SCN_STEPS_MAX];
    } day[WD_COUNT];
};

/* The value in force on weekday w at minute m (0 <= m < 1440). */
int scn_sched_at(const struct daysched *s, enum weekday w, int m);

/* The rows of hourly.csv: every measured hour, or the measured days pooled
 * by weekday (a typical week of 168 hours); auto pools runs longer than
 * HOURLY_AUTO_DAYS measured days, so that a long run's memory does not grow
 * with its length. */
enum hourly_by { HOURLY_AUTO, HOURLY_DAY, HOURLY_WEEKDAY };
#define HOURLY_AUTO_DAYS 28

struct run {
    int days;               /* measured days */
    int warmup_days;        /* simulated before, then discarded */
    int replications;
    uint64_t seed;
    enum weekday start;     /* weekday of the first measured day */
    enum hourly_by hourly;
};

/* Whether hourly figures pool the measured days by weekday (resolving auto). */
static inline bool scn_hourly_by_weekday(const struct run *r)
{
    return r->hourly == HOURLY_WEEKDAY || (r->hourly == HOURLY_AUTO && r->days > HOURLY_AUTO_DAYS);
}
const char *scn_hourly_name(enum hourly_by h);

struct demand {
    char name[SCN_NAME_MAX];
    enum direction dir;
    enum mode mode;
    double per_day;                     /* crossers per day (before weekday factor) */
    double hourly_share[HOURS_PER_DAY]; /* normalised to sum to 1 */
    double weekday_factor[WD_COUNT];    /* default 1 */
    double program_share[PROG_COUNT];   /* sums to 1; general is the remainder */
    double occupancy;                   /* persons per crosser */
    enum when_closed when_closed;
    enum arrivals arrivals;             /* default ARR_POISSON */
};

#define SCN_ASSIGN_MAX 8        /* distinct assignments of one lane group */

/* What a lane group serves: one queue. */
struct assignment {
    enum direction dir;
    enum mode mode;
    enum program prog;
};

enum policy_measure {
    POLICY_QUEUE,       /* crossers waiting in the queue */
    POLICY_WAIT         /* expected wait, minutes: waiting x mean service / open booths */
};

/* A queue-driven (dynamic) reversal between two assignments.  Every
 * check_s the policy compares the measure of the queue the group does not
 * serve with the one it serves; when the former exceeds the latter by more
 * than `threshold` at every check for sustain_s, and the group has served
 * its current assignment for at least dwell_s, and it has switched fewer
 * than max_per_day times this (simulated) day, it switches. */
struct lanepolicy {
    int from, to;               /* indices into assign[]; the group starts at `from` */
    enum policy_measure measure;
    double threshold;           /* crossers, or minutes */
    double sustain_s;
    double dwell_s;             /* from the end of the last changeover */
    double check_s;
    int max_per_day;
};

struct lanegroup {
    char name[SCN_NAME_MAX];
    /* The first assignment (assign[0]); for a group whose assignment never
     * changes, the only one. */
    enum direction dir;
    enum mode mode;
    enum program program;
    /* Every assignment the group can take (n_assign >= 1, distinct).  A
     * group with n_assign > 1 is a flex / reversible group: its assignment
     * follows `schedule` (values are indices into assign[]) or `policy`. */
    int n_assign;
    struct assignment assign[SCN_ASSIGN_MAX];
    bool scheduled;
    struct daysched schedule;
    bool has_policy;
    struct lanepolicy policy;
    double changeover_s;        /* closed between draining and serving anew */
    int lanes;
    int booths_per_lane;
    int booths;                 /* lanes * booths_per_lane */
    struct daysched staffed;    /* booths staffed, 0..booths; default all */
    long storage;               /* approach storage (crossers waiting), -1 = not set:
                                   SCN_QUEUE_MAX */
};

struct secondary {
    bool present;
    double referral[PROG_COUNT];    /* probability a primary inspection refers */
    int spaces;
    struct dist service;
};

struct costs {
    int price_year;
    double value_of_time[MODE_COUNT];       /* USD per person-hour */
    double truck_operating;                 /* USD per truck-hour, without fuel */
    double idle_fuel_gal_per_hour[MODE_COUNT];
    double fuel_usd_per_gal[MODE_COUNT];
    double co2_kg_per_gal[MODE_COUNT];
};

/* An optional benefit-cost block: what a proposal costs.  Figures in USD of
 * the scenario's price year. */
struct investment {
    bool present;
    double capital_usd;                 /* one-off, at year 0 */
    double om_usd_per_year;             /* operations and maintenance */
    double staffing_usd_per_booth_hour; /* an open (staffed) booth-hour */
    int life_years;
    double discount_rate;               /* real, per year */
    double days_per_year;               /* to annualise the simulated days */
};

struct scenario {
    char *path;                 /* as given to scn_load */
    char name[SCN_NAME_MAX];
    char *title;                /* "" if absent */
    char **sources;             /* n_sources strings */
    size_t n_sources;

    struct run run;

    struct demand *demand;
    size_t n_demand;

    struct lanegroup *lanes;
    size_t n_lanes;

    /* Primary inspection times by the queue they serve; a scenario's
     * "MODE.PROGRAM" entry fills every direction, "DIRECTION.MODE.PROGRAM"
     * one.  Set exactly for the queues that have a lane group. */
    bool has_service[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    struct dist service[DIR_COUNT][MODE_COUNT][PROG_COUNT];

    struct secondary secondary[DIR_COUNT][MODE_COUNT];

    bool has_hours[MODE_COUNT];
    struct daysched hours[MODE_COUNT];  /* 1 = open, 0 = closed */

    struct costs costs;

    struct investment investment;

    char **warnings;            /* non-fatal remarks, e.g. shares normalised */
    size_t n_warnings;

    char **notes;               /* n_notes strings: what the scenario assumes */
    size_t n_notes;
};

/* Read and check the scenario in file `path`. */
struct scenario *scn_load(const char *path, struct err *e);

/* One override of a scenario value: a path such as `lanes[pov-ready].lanes`,
 * `demand[0].program_share.sentri` or `service["pov.general"].mean_s`
 * (items of arrays selected by "name" or by index) and a value as JSON text
 * (a bare word that is not JSON is taken as a string). */
struct scn_override {
    const char *path;
    const char *value;
};

/* Read scenario `path`, resolving its "extends" chain, apply the overrides in
 * order to the merged JSON, then check it.  An error names the file of the
 * chain (or the override) where it arises. */
struct scenario *scn_load_with(const char *path, const struct scn_override *ov, size_t n_ov,
                               struct err *e);

/* Parse a command-line "PATH=V1,V2,..." (values may be ranges FROM:TO:STEP,
 * inclusive) into *path and n values (JSON texts).  Returns 0, or -1 with *e
 * filled (EXIT_USAGE).  Free with scn_set_free. */
int scn_set_parse(const char *arg, char **path, char ***values, size_t *n, struct err *e);
void scn_set_free(char *path, char **values, size_t n);

/* How the above behave (README.md, "Proposals" and "--set"):
 *   - an override's value replaces the value at its path whole; null
 *     removes the member or array item (its default applies again); a
 *     missing member is created, with objects on the way; a missing array
 *     item, or a path through a number or string, is an error
 *     "--set PATH=VALUE: ..." (EXIT_USAGE), as is a value starting with
 *     [, { or " that is not valid JSON, or a path whose first key is
 *     "extends";
 *   - a check that fails in what an override set reads
 *     "FILE: PATH: ... (set by --set PATH=VALUE)", FILE being `path`;
 *   - scn_set_parse returns bare words as JSON strings ("sat" gives
 *     "\"sat\"") and other values as written; range values are printed
 *     with "%.10g";
 *   - scn_parse resolves "extends" relative to the directory of `label`. */
/* Same from text in memory; `label` stands for the file name in messages. */
struct scenario *scn_parse(const char *text, size_t len, const char *label,
                           struct err *e);
/* scn_load_with from text in memory (as scn_parse). */
struct scenario *scn_parse_with(const char *text, size_t len, const char *label,
                                const struct scn_override *ov, size_t n_ov, struct err *e);
void scn_free(struct scenario *s);

/* The document scn_load_with(path, ov, n_ov) checks: the file with its
 * "extends" chain merged and the overrides applied, as compact JSON
 * (malloc'd; the caller frees it).  Spaces and line breaks aside, two files
 * with the same text here load the same scenario: what fingerprints of
 * outputs record, and how a file that changed during a run is noticed.
 * NULL with *e filled as scn_load_with would. */
char *scn_merged_text(const char *path, const struct scn_override *ov, size_t n_ov,
                      struct err *e);

/* The text of a scenario file that `extends` the file `path` (the string
 * `extends` is written as its "extends": the path of `path` relative to the
 * folder the new file will be in) and says only what the overrides
 * ov[0..n_ov) change: from that folder it loads as scn_load_with(path, ov,
 * n_ov) does.  Objects change member by member (null removes one), lane
 * groups and demand streams item by item, other values whole.  The result
 * is checked by merging it over `path` as a load would.  NULL with *e
 * filled as scn_load_with would, or EXIT_FAIL if the check fails. */
char *scn_extension_text(const char *path, const char *extends, const struct scn_override *ov,
                         size_t n_ov, struct err *e);

#endif
