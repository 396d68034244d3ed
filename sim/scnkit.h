/*
 * scnkit.h - the scenario module's private kit (sim/scenario.c and the
 * sim/scn*.c files that read a scenario's sections; nothing else includes
 * it but region.c, which reads the sections a region file shares with a
 * scenario through the same functions: it exposes cJSON and the loading
 * context).
 *
 * The scenario module reads one file format in several files, one concern
 * each, around this header:
 *
 *   scenario.c    the entry points, the names of the enums, the top level
 *                 and run, and the order of the passes;
 *   scnmerge.c    the document: "extends" chains, --set, who set what
 *                 (scnmerge.h);
 *   scndemand.c   demand streams, the caller's extra streams, the initial
 *                 queues, and demand written back as JSON;
 *   scnlanes.c    lane groups: assignments, flex-lane and staffing
 *                 policies, lane pools; which queues lanes serve;
 *   scnservice.c  distributions, service and secondary inspection, and
 *                 their resolution queue by queue;
 *   scnstage.c    stages in series and their chains;
 *   scnhours.c    step schedules, opening hours, holidays and the
 *                 calendar keys, and the open-but-unstaffed warning;
 *   scncost.c     costs, investment and the assessment's keys;
 *   scnday.c      the calendar of a run's days (answers, not reading).
 *
 * Every reader takes the loading context (struct ctx: the jsonck context,
 * the scenario being filled, entries read but not yet resolved), the value
 * and its JSON path, and returns 0, or -1 with the error set (jsonck.h says
 * how messages read).  Functions shared between the files carry the prefix
 * scnk_ and are declared at the end, by the file that defines them.
 */
#ifndef POESIM_SCNKIT_H
#define POESIM_SCNKIT_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "jsonck.h"
#include "scenario.h"
#include "scnmerge.h"

#define JSON_PATH_LEN SCNM_PATH_LEN     /* a JSON path in a message */
#define GOT_LEN SCNM_GOT_LEN    /* a found value, described */
#define SERVICE_KEY_LEN 48      /* "DIRECTION.MODE.PROGRAM", and shorter keys */
/* The keys of a section by facility: "MODE" then "DIRECTION.MODE"
 * (secondary, hours, a holiday's hours; chains take the second kind). */
#define SECONDARY_KEYS (MODE_COUNT + DIR_COUNT * MODE_COUNT)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The names of the scenario's enums as a file writes them (scenario.c),
 * and the programmes each mode has. */
extern const char *const scnk_dir_names[DIR_COUNT];
extern const char *const scnk_mode_names[MODE_COUNT];
extern const char *const scnk_prog_names[PROG_COUNT];
extern const char *const scnk_day_names[WD_COUNT];
extern const bool scnk_prog_valid[MODE_COUNT][PROG_COUNT];

/* Secondary entries as written ("pov" for both directions, "north.pov" for
 * one), resolved into scenario->secondary once demand is known. */
struct secondary_given {
    bool by_mode[MODE_COUNT];
    struct secondary mode[MODE_COUNT];
    bool by_dir[DIR_COUNT][MODE_COUNT];
    struct secondary dir[DIR_COUNT][MODE_COUNT];
};

/* Service entries as written: "MODE.PROGRAM" (every direction) and
 * "DIRECTION.MODE.PROGRAM" (one direction, overriding the former). */
struct service_given {
    bool by_mode[MODE_COUNT][PROG_COUNT];
    struct dist mode[MODE_COUNT][PROG_COUNT];
    bool by_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    struct dist dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    /* Their "hourly_factor", where given. */
    bool fac_mode[MODE_COUNT][PROG_COUNT];
    double f_mode[MODE_COUNT][PROG_COUNT][HOURS_PER_DAY];
    bool fac_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT];
    double f_dir[DIR_COUNT][MODE_COUNT][PROG_COUNT][HOURS_PER_DAY];
};

/* The loading context. */
struct ctx {
    struct jck j;               /* the leaf file as given, the merged document, the error */
    struct scenario *s;
    struct secondary_given sec;
    struct service_given svc;
    double changeover_s;        /* top-level changeover_min: every group's default */
    bool hours_by_mode[MODE_COUNT];             /* hours entries "MODE" given */
    bool hours_by_dir[DIR_COUNT][MODE_COUNT];   /* and "DIRECTION.MODE" */
    const struct scn_extra *extra;  /* streams the caller adds (scn_load_extra) */
    size_t n_extra;
};

/* How the values of a step schedule are read.  value parses the value v
 * of a step (at path) into *out and returns 0, or -1 with the error set;
 * `used` is false for a "default" that no weekday takes (checked all the
 * same, but its values must not be recorded anywhere). */
typedef int step_value_fn(const struct ctx *c, const cJSON *v, const char *path, void *arg,
                          bool used, int *out);
struct step_kind {
    const char *example;        /* a step object, for messages */
    step_value_fn *value;
    void *arg;
};

/* ---- shared by the scenario module's files ----------------------------------- */

/* scenario.c */
void scnk_join_programs(char *out, enum mode m);
/* The texts a document opens with (also a region's): "name" (required,
 * SCN_NAME_MAX bytes into name), "title" (*title allocated, "" if not
 * given), "sources" and "notes" (arrays allocated as jck_strings does). */
int scnk_texts(const struct jck *j, const cJSON *root, char *name, char **title,
               char ***sources, size_t *n_sources, char ***notes, size_t *n_notes);
int scnk_named(struct ctx *c, const cJSON *v, const char *key, size_t max, const char *what,
               size_t size, void **items, size_t *count,
               int (*parse)(struct ctx *, const cJSON *, const char *, void *));

/* scndemand.c */
int scnk_demands(struct ctx *c, const cJSON *v);
/* 24 shares of the day by hour (x at kp), >= 0 with a positive sum,
 * normalised to sum 1 (with a warning if they did not) into share[]. */
int scnk_hourly_share(const struct jck *j, const cJSON *x, const char *kp, double *share);
/* A "weekday_factor" object (x at kp): factors by weekday name, into
 * factor[WD_COUNT] (those not given left as they are). */
int scnk_weekday_factor(const struct jck *j, const cJSON *x, const char *kp, double *factor);
bool scnk_demand_sends(const struct scenario *s, int d, int m, int p);
int scnk_add_extra(struct ctx *c);
int scnk_check_initial_queues(const struct ctx *c);

/* scnlanes.c */
int scnk_pools(struct ctx *c, const cJSON *v);
int scnk_lanes(struct ctx *c, const cJSON *v);
int scnk_assignment(const struct ctx *c, const cJSON *v, const char *path, struct assignment *a);
bool scnk_same_assignment(const struct assignment *a, const struct assignment *b);
bool scnk_is_flex(const struct lanegroup *l);
bool scnk_lane_serves(const struct scenario *s, int d, int m, int p);
void scnk_assignment_path(char *dst, const struct lanegroup *l, size_t i, int k);
int scnk_check_demand_served(const struct ctx *c);
int scnk_check_lanes_used(const struct ctx *c);
int scnk_check_sizes(const struct ctx *c);
int scnk_check_pools(const struct ctx *c);

/* scnservice.c */
/* A service entry (v at path): a distribution with an optional
 * "hourly_factor", into *d and factor[HOURS_PER_DAY] (left as they are
 * without one), *has_factor set if one is given. */
int scnk_service_value(const struct ctx *c, const cJSON *v, const char *path, struct dist *d,
                       double *factor, bool *has_factor);
void scnk_free_dist(struct dist *d);
void scnk_facility_keys(char buf[][SERVICE_KEY_LEN], const char **keys);
int scnk_service(struct ctx *c, const cJSON *v);
int scnk_secondary_value(const struct ctx *c, const cJSON *v, const char *path, enum mode mode,
                         struct secondary *out);
int scnk_secondary(struct ctx *c, const cJSON *v);
int scnk_resolve_service(const struct ctx *c);
int scnk_resolve_secondary(const struct ctx *c);
void scnk_free_service_given(struct service_given *g);
void scnk_free_secondary_given(struct secondary_given *g);

/* scnstage.c */
int scnk_stages(struct ctx *c, const cJSON *stages, const cJSON *chains);
int scnk_lane_stage(const struct ctx *c, const cJSON *v, const char *path, struct lanegroup *l);
long scnk_stage_lanes(const struct scenario *s, int k, int L);
int scnk_first_stage(const struct scenario *s, int d, int m, int p, int *line);
int scnk_check_stages(const struct ctx *c);

/* scnhours.c */
void scnk_sched_constant(struct daysched *ds, int value);
int scnk_schedule(const struct ctx *c, const cJSON *v, const char *path,
                  const struct step_kind *k, struct daysched *ds);
int scnk_staffing(const struct ctx *c, const cJSON *v, const char *path, int booths,
                  struct daysched *ds);
int scnk_hours_value(const struct ctx *c, const cJSON *v, const char *path, struct daysched *ds);
int scnk_hours(struct ctx *c, const cJSON *v);
int scnk_date(const struct ctx *c, const cJSON *v, const char *path, long *day);
int scnk_calendar(struct ctx *c, const cJSON *root);
int scnk_check_hours_used(const struct ctx *c);
int scnk_check_staffed(struct ctx *c);

/* scncost.c */
void scnk_default_costs(struct scenario *s);
int scnk_costs(const struct ctx *c, const cJSON *v, struct costs *k);
/* "investment" (v), in a scenario or a region file. */
int scnk_investment(const struct jck *j, const cJSON *v, struct investment *inv);
int scnk_assessment(const struct ctx *c, const cJSON *v, struct assessment *a);
int scnk_check_assessment(const struct ctx *c);

#endif
