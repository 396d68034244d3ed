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
#include "units.h"

enum direction { DIR_NORTH, DIR_SOUTH, DIR_COUNT };
enum mode { MODE_POV, MODE_PEDESTRIAN, MODE_BUS, MODE_TRUCK, MODE_COUNT };
enum program { PROG_GENERAL, PROG_READY, PROG_SENTRI, PROG_FAST, PROG_COUNT };
enum weekday { WD_MON, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN, WD_COUNT };
enum when_closed { CLOSED_WAIT, CLOSED_FORGO };
/* Arrival process: Poisson, or deterministic (a crosser each time the
 * expected count since the start passes k - 1/2, k = 1, 2, ...). */
enum arrivals { ARR_POISSON, ARR_DETERMINISTIC };

#define SCN_MONTHS 12
#define SCN_NAME_MAX 64         /* names: 1..63 chars of [A-Za-z0-9_.-] */
/* Limits of run.days, run.replications and run.seed, which the command
 * line's --days, --reps and --seed override within the same bounds. */
#define SCN_RUN_DAYS_MAX 3660                   /* ten years */
#define SCN_RUN_REPS_MAX 10000
#define SCN_RUN_SEED_MAX 9007199254740992.0     /* 2^53: the largest integer a JSON
                                                 * double (and a seed in JSON) holds exactly */
#define SCN_STEPS_MAX 96        /* change points per day in a schedule */
/* The longest a queue can be, in crossers waiting.  Approach storage
 * (lanes[i].storage, summed over a queue's fixed groups) may set less;
 * without it a queue holds at most this many and an arrival beyond forgoes,
 * so that memory stays bounded (16 MB a queue) whatever the demand.  A
 * million waiting is days of queue at the busiest port. */
#define SCN_QUEUE_MAX 1000000
/* The other bound of "run" (a region's too, region.h). */
#define SCN_RUN_WARMUP_MAX 365
/* Free text: a title, a source, a note (at most SCN_TEXTS_MAX of each). */
#define SCN_TEXT_MAX_BYTES 1000
#define SCN_TEXTS_MAX 256
/* Bounds of "investment" (also a region's, region.h). */
#define SCN_USD_PER_HOUR_MAX 10000.0
#define SCN_CAPITAL_USD_MAX 1e12    /* far beyond any port project: a typo guard */
#define SCN_OM_USD_PER_YEAR_MAX 1e12
#define SCN_LIFE_YEARS_MAX 100
#define SCN_DISCOUNT_RATE_MAX 0.5
#define SCN_DAYS_PER_YEAR_MIN 1.0
#define SCN_DAYS_PER_YEAR_MAX 366.0
/* Bounds of a demand stream (also those of a region's segments, region.h). */
#define SCN_DEMAND_MAX 256          /* streams in a scenario */
#define SCN_PER_DAY_MAX 1e7         /* crossers a day */
#define SCN_WEEKDAY_FACTOR_MAX 100.0
#define SCN_OCCUPANCY_MIN 1.0       /* persons per crosser */
#define SCN_OCCUPANCY_MAX 100.0

/* "north", "pov", "sentri", "mon", ...; NULL if out of range. */
const char *scn_direction_name(enum direction d);
const char *scn_mode_name(enum mode m);
const char *scn_program_name(enum program p);
const char *scn_weekday_name(enum weekday w);

/* A step function of the minute of the day, per weekday: value[i] holds from
 * minute[i] (inclusive) to minute[i+1] (exclusive) or the end of the day.
 * minute[0] is always 0 and minutes strictly increase. */
struct daysteps {
    int n;
    int minute[SCN_STEPS_MAX];
    int value[SCN_STEPS_MAX];
};
struct daysched {
    struct daysteps day[WD_COUNT];
};

/* The value in force on weekday w at minute m (0 <= m < 1440). */
int scn_sched_at(const struct daysched *s, enum weekday w, int m);
/* The value of one day's steps at minute m (0 <= m < 1440). */
int scn_steps_at(const struct daysteps *d, int m);

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
    enum rng_kind rng;      /* the generator of every stream (rng.h) */
    /* run.start_date: the calendar date of the first measured day, as a day
     * number (dates.h); `start` is then its weekday.  Without it a run is
     * weeks of weekdays (no months, no holidays). */
    bool has_date;
    long start_date;
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
    /* Share of the day by hour, per weekday (the same for every weekday
     * unless hourly_share is keyed by weekday); each day sums to 1. */
    double hourly_share[WD_COUNT][HOURS_PER_DAY];
    double weekday_factor[WD_COUNT];    /* default 1 */
    bool has_monthly;                   /* monthly_factor given (needs a start date) */
    double monthly_factor[SCN_MONTHS];  /* January first; default 1 */
    double program_share[PROG_COUNT];   /* sums to 1; general is the remainder */
    double occupancy;                   /* persons per crosser */
    enum when_closed when_closed;
    enum arrivals arrivals;             /* default ARR_POISSON */
    /* Crossers of this stream waiting in each programme's queue when the
     * run starts (the queue that stands overnight); 0 by default. */
    long initial_queue[PROG_COUNT];
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

/* Staffing that answers the queue (lanes[i].staffing_policy).  Every
 * check_s the group's queue is measured (crossers waiting, or expected wait
 * in minutes); when the measure has been above open_above at every check for
 * sustain_s, one more booth is opened (it serves open_delay_s later); when it
 * has been below close_below for sustain_s, one booth closes.  Never fewer
 * than min_booths, never more than the officers on duty (the group's
 * `staffed` schedule) or, in a lane pool, than the pool's free lanes allow.
 * Booths open lane by lane: every lane's first booth before a lane's second
 * (stacked) one; they close in the reverse order. */
struct staffpolicy {
    enum policy_measure measure;
    double open_above, close_below;     /* minutes or crossers */
    double sustain_s, check_s, open_delay_s;
    int min_booths;
};

/* Lanes shared by several lane groups (lane_pools[i]): the groups' open
 * lanes together never exceed `lanes`. */
struct lanepool {
    char name[SCN_NAME_MAX];
    int lanes;
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
    struct daysched staffed;    /* booths staffed, 0..booths; default all.  With a
                                   staffing policy: the officers on duty, the most
                                   booths the policy may open */
    bool has_staffing;          /* booths follow `staffing`, not `staffed` alone */
    struct staffpolicy staffing;
    int pool;                   /* index into lane_pools, or -1 */
    double stacked_efficiency;  /* a stacked booth's speed relative to a lane's first */
    long storage;               /* approach storage (crossers waiting), -1 = not set:
                                   SCN_QUEUE_MAX */
    int stage;                  /* the stage it inspects at (index into stages), or -1:
                                   the one stage of a direction and mode without a chain */
};

struct secondary {
    bool present;
    double referral[PROG_COUNT];    /* probability a primary inspection refers */
    int spaces;
    struct dist service;
};

/* Stages in series (top-level "stages" and "chains").  A direction and
 * mode with a chain passes its stages in order; each stage has its own lane
 * groups (lanes[i].stage), inspection times by programme, side inspection
 * (secondary), opening hours, and a bounded space in which crossers wait
 * for it.  A crosser that cannot enter the next stage (its space full, no
 * booth free) stays at the booth or side-inspection space it holds, which
 * is blocked meanwhile.  A direction and mode without a chain has one stage
 * made of the top-level lanes, service, secondary and hours, as always. */
#define SCN_STAGES_MAX 64       /* stages in a scenario */
#define SCN_CHAIN_MAX 8         /* stages in one chain */
struct stage {
    char name[SCN_NAME_MAX];
    enum direction dir;         /* of the chain that lists it */
    enum mode mode;
    int pos;                    /* its place in the chain, 0 first */
    bool skip[PROG_COUNT];      /* programmes that pass it by */
    /* The line each programme waits in here: its own, or the programme's
     * whose line it joins (stages[i].join), served by that line's lane
     * groups. */
    enum program line[PROG_COUNT];
    long space;                 /* crossers waiting for it (all lines), at most; -1 unbounded */
    /* Inspection times by the crosser's programme (set for every programme
     * that passes it and has demand), with their hourly factors. */
    bool has_service[PROG_COUNT];
    struct dist service[PROG_COUNT];
    bool has_service_factor[PROG_COUNT];
    double service_factor[PROG_COUNT][HOURS_PER_DAY];
    struct secondary secondary;     /* its side inspection; present false: none */
    bool has_hours;             /* its own hours; else its facility's (top-level hours) */
    struct daysched hours;
};

struct costs {
    int price_year;
    double value_of_time[MODE_COUNT];       /* USD per person-hour */
    double truck_operating;                 /* USD per truck-hour, without fuel */
    double idle_fuel_gal_per_hour[MODE_COUNT];
    double fuel_usd_per_gal[MODE_COUNT];
    double co2_kg_per_gal[MODE_COUNT];
    /* What an hour of waiting for the opening (an arrival while its
     * facility is closed, when_closed "wait") counts for in the cost,
     * against an hour of waiting in the queue: 1 the same, 0 not at all. */
    double closed_wait_value;
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

/* What `poesim assess` needs (top-level "assessment"): crossings a member
 * of each trusted programme makes in a year (0: not given), the step of its
 * sweep of programme shares, and the queues to assess (none given: every
 * trusted programme with a General line beside it). */
#define SCN_ASSESS_QUEUES_MAX 16
struct assessment {
    bool present;
    double crossings_per_year[PROG_COUNT];
    double share_step;
    size_t n_queues;
    struct assignment queues[SCN_ASSESS_QUEUES_MAX];
};

/* A dated holiday (top-level `holidays`): on its date, every stream's
 * demand is multiplied by `factor` (on top of the weekday and monthly
 * factors); its hourly profile and the opening hours may differ. */
enum holiday_profile {
    HOL_PROFILE_SAME,           /* each stream's profile of that weekday */
    HOL_PROFILE_WEEKDAY,        /* each stream's profile of weekday `like` */
    HOL_PROFILE_SHARES          /* share[] for every stream */
};
#define SCN_HOLIDAYS_MAX 1000   /* ten years of holidays of two countries, and more */
struct holiday {
    long date;                  /* day number (dates.h) */
    double factor;
    enum holiday_profile profile;
    enum weekday profile_like;
    double share[HOURS_PER_DAY];    /* HOL_PROFILE_SHARES: sums to 1 */
    /* Opening hours that day of the facilities given (the others keep
     * those of the date's weekday). */
    bool has_hours[DIR_COUNT][MODE_COUNT];
    struct daysteps hours[DIR_COUNT][MODE_COUNT];
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
    /* Whether that came from a "DIRECTION.MODE.PROGRAM" entry (else from
     * "MODE.PROGRAM"). */
    bool service_by_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    /* Inspection speed by hour of day: an inspection starting in hour h of
     * the day takes service_factor[..][h] times its drawn duration (the
     * entry's "hourly_factor"; all 1 when not given). */
    bool has_service_factor[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    double service_factor[DIR_COUNT][MODE_COUNT][PROG_COUNT][HOURS_PER_DAY];

    struct lanepool *pools;     /* n_pools lane pools */
    size_t n_pools;

    struct secondary secondary[DIR_COUNT][MODE_COUNT];

    /* Stages: chain[d][m][0 .. n_chain[d][m]) index stages[], in the order
     * crossers pass them; n_chain 0: no chain (one stage, top-level keys). */
    struct stage *stages;
    size_t n_stages;
    int n_chain[DIR_COUNT][MODE_COUNT];
    int chain[DIR_COUNT][MODE_COUNT][SCN_CHAIN_MAX];

    /* Opening hours per facility (direction, mode): 1 = open, 0 = closed.
     * A facility without hours (has_hours false) is open 24 h every day,
     * holidays included; one that a holiday gives hours has hours (open
     * 24 h on the other days unless the scenario says). */
    bool has_hours[DIR_COUNT][MODE_COUNT];
    struct daysched hours[DIR_COUNT][MODE_COUNT];

    struct holiday *holidays;   /* n_holidays, in date order */
    size_t n_holidays;

    struct costs costs;

    struct investment investment;

    struct assessment assessment;

    char **warnings;            /* non-fatal remarks, e.g. shares normalised */
    size_t n_warnings;

    char **notes;               /* n_notes strings: what the scenario assumes */
    size_t n_notes;
};

/* Whether mode m has programme p (SENTRI for POVs and pedestrians, FAST for
 * trucks, Ready Lanes for every passenger mode). */
bool scn_program_valid(enum mode m, enum program p);

/* Persons per crosser of mode m when a stream does not say (the sourced
 * defaults of README.md); NAN for a bus, which has none. */
double scn_default_occupancy(enum mode m);

/* An investment block's defaults (not present: discount rate and days per
 * year as README.md says, the rest 0). */
void scn_default_investment(struct investment *inv);

/* The calendar of simulated day k of a run (0 = the first warm-up day;
 * run.warmup_days is the first measured day): its weekday and, with
 * run.start_date, its date, month and holiday. */
struct scn_day {
    enum weekday weekday;
    int month;                  /* 0..11; -1 without a start date */
    long date;                  /* day number; valid with a start date */
    const struct holiday *holiday;  /* NULL: an ordinary day */
};
void scn_day_of(const struct scenario *s, int k, struct scn_day *out);
/* The opening hours of facility (d, m) on that day, or NULL if it is open
 * all day without hours. */
const struct daysteps *scn_hours_on(const struct scenario *s, enum direction d, enum mode m,
                                    const struct scn_day *day);
/* Stream dm's share of that day's demand in hour h (0..23). */
double scn_share_on(const struct demand *dm, const struct scn_day *day, int h);
/* Stream dm's demand that day, crossers: per_day x weekday, monthly and
 * holiday factors. */
double scn_per_day_on(const struct demand *dm, const struct scn_day *day);

/* The opening hours on that day of stage k (stages[k]): its own (a
 * holiday's hours of its facility, when the holiday gives them, before
 * either), else its facility's; NULL if open all day without hours. */
const struct daysteps *scn_stage_hours_on(const struct scenario *s, int k,
                                          const struct scn_day *day);
/* The most stages any chain of s has (0 without chains): the stage columns
 * of the results. */
int scn_stage_cols(const struct scenario *s);

/* Whether lane group l may serve queue a at minute m (0..1439) of weekday
 * w: a fixed group its queue, a scheduled flex group the assignment its
 * schedule gives then, a policy group either of its two. */
bool scn_lane_may_serve(const struct lanegroup *l, enum weekday w, int m,
                        const struct assignment *a);
/* Booth-minutes of lane group l on that day that count as staffed: booths
 * staffed (staffed_booths, all of them without a schedule) while the
 * facility of the queue the group serves is open (a policy group: while
 * either of its two facilities is).  Changeovers count as staffed. */
long scn_booth_minutes(const struct scenario *s, const struct lanegroup *l,
                       const struct scn_day *day);

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

/* A demand stream that another module adds to a scenario as it loads it (a
 * region's segment at one of its ports, region.h).  `d` is complete except
 * for its programme split: every crosser of the stream joins the queue of
 * the first programme of prefer[0..n_prefer) that a lane group of the
 * scenario serves (in d's direction and mode), and d.program_share is set
 * to that programme alone.  `origin` says where the stream comes from in
 * messages, e.g. "region.json: segments[2].access_min.otay_mesa". */
struct scn_extra {
    struct demand d;
    enum program prefer[PROG_COUNT];
    int n_prefer;
    const char *origin;
};

/* scn_load_with, with the streams x[0..n_x) appended to the scenario's own
 * demand (in that order, at s->demand[s->n_demand - n_x ..]) before the
 * checks that relate demand and lanes, so that a lane group fed only by
 * them is in use, and a scenario whose "demand" is missing or empty is
 * fine when n_x > 0.  Errors as scn_load_with, and (EXIT_USAGE)
 * "ORIGIN: FILE has no lane group for DIRECTION MODE crossers (PROGRAMMES)"
 * or "ORIGIN: FILE has a demand stream named "NAME" already", or more than
 * SCN_DEMAND_MAX streams in all.  Names among x[] must be distinct. */
struct scenario *scn_load_extra(const char *path, const struct scn_override *ov, size_t n_ov,
                                const struct scn_extra *x, size_t n_x, struct err *e);

/* Append a warning (formatted) to s->warnings, as the loader does for its
 * own: for what is found about a scenario after it was loaded (a batch
 * aligning its run settings).  Returns 0, or -1 if out of memory (the
 * warning is then lost, s unchanged). */
int scn_add_warning(struct scenario *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The document scn_load_with(path, ov, n_ov) checks: the file with its
 * "extends" chain merged and the overrides applied, as compact JSON
 * (malloc'd; the caller frees it).  Spaces and line breaks aside, two files
 * with the same text here load the same scenario: what fingerprints of
 * outputs record, and how a file that changed during a run is noticed.
 * NULL with *e filled as scn_load_with would. */
char *scn_merged_text(const char *path, const struct scn_override *ov, size_t n_ov,
                      struct err *e);

/* The scenario text `text` (as scn_merged_text gives it) with the streams
 * d[0..n) appended to its "demand", as compact JSON (malloc'd; the caller
 * frees it): what another process parses to build the scenario a caller
 * has in memory (a region's port, region.h).  Numbers are printed so that
 * they read back as the same doubles; hourly shares are normalised again
 * when read (scn_parse divides them by their sum).  NULL with *e filled
 * (EXIT_FAIL) if text is not a JSON object or memory runs out. */
char *scn_text_with_demand(const char *text, const struct demand *d, size_t n, struct err *e);
/* The same document indented for people (poesim check --merged): a scenario
 * file without "extends" that loads as the scenario itself.  NULL with *e
 * filled as scn_load_with would. */
char *scn_merged_pretty(const char *path, const struct scn_override *ov, size_t n_ov,
                        struct err *e);

/* The name among names[0..n) nearest to s (within two edits: a "did you
 * mean" for a misspelt key or option), or NULL if none is close enough. */
const char *scn_suggest(const char *s, const char *const *names, size_t n);

/* The text of a scenario file that `extends` a file standing for `path`
 * with the overrides bov[0..n_bov) (`path` itself when n_bov is 0; the
 * string `extends` is written as its "extends": that file's path relative
 * to the folder the new file will be in) and says only what makes it the
 * scenario of `path` with the overrides ov[0..n_ov) instead.  Objects change
 * member by member (null removes one), lane groups and demand streams item
 * by item, other values whole; a schedule set whole in ov is best removed
 * (null) in bov, since a file's steps merge into its base's.  The result is
 * checked by merging it over the base as a load would.  NULL with *e filled
 * as scn_load_with would, or EXIT_FAIL if the check fails. */
char *scn_extension_text(const char *path, const char *extends, const struct scn_override *bov,
                         size_t n_bov, const struct scn_override *ov, size_t n_ov,
                         struct err *e);

#endif
