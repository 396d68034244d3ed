/*
 * region.h - a region of ports and the travellers who choose among them,
 * read from JSON into plain C.
 *
 * A region file names its ports (each a poesim scenario file, with
 * optional --set style changes and tolls) and its demand segments: groups
 * of travellers of one direction, mode and programme, with trips per day,
 * hourly and weekday profiles, and for each port they may use an access
 * time and a constant of the choice model.  reg_load reads it as strictly
 * as a scenario (unknown keys, wrong types, ranges, names; "did you mean";
 * the file and JSON path in every message; "extends" and --set overrides
 * as for scenarios) and loads every port's scenario with the segments that
 * may use it added as demand streams (scn_load_extra), so that a port
 * whose lanes only the region's travellers use is a valid scenario.
 *
 * A segment's travellers at a port join the queue of their programme if the
 * port has lanes for it, else the next in line: SENTRI members use SENTRI
 * lanes, else Ready lanes (a SENTRI card is a Ready Lane document), else
 * General; Ready travellers use Ready, else General; FAST trucks use FAST,
 * else General; General travellers use General.
 *
 * Ownership: reg_load returns a region freed with reg_free, which owns
 * every port's scenario.  On error it returns NULL, frees what it built and
 * fills *e (EXIT_USAGE for bad input, EXIT_FAIL for I/O or memory).
 */
#ifndef POESIM_REGION_H
#define POESIM_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "choice.h"
#include "error.h"
#include "scenario.h"

#define REG_PORTS_MAX 16
#define REG_SEGMENTS_MAX 64
/* Port and segment names: 1..31 characters, so that "SEGMENT.PORT", the
 * name of a segment's demand stream at a port, is a scenario name. */
#define REG_NAME_MAX 32
#define REG_SETS_MAX 32             /* "set" entries of a port */
#define REG_CONSTANT_ABS_MAX 100.0  /* |constant|: exp(100), any larger decides alone */

/* A port's toll for one direction and mode: fixed (by hour), or held. */
struct reg_toll {
    bool present;
    bool hold;                      /* adjusted between iterations by rule */
    double usd[HOURS_PER_DAY];      /* fixed: as given; held: the start (rule.min_usd) */
    struct cho_toll_rule rule;      /* held */
};

struct reg_port {
    char name[REG_NAME_MAX];
    char *file;                     /* its scenario, as resolved */
    struct scn_override set[REG_SETS_MAX];
    size_t n_set;
    struct reg_toll toll[DIR_COUNT][MODE_COUNT];
    /* The scenario with its own streams first, then the segments' streams
     * (s->demand[first_extra ..]); named after the port, run settings those
     * of the region. */
    struct scenario *s;
    size_t first_extra;
    char *text;                     /* the scenario file merged, with "set" applied */
};

/* A port a segment may use. */
struct reg_use {
    size_t port;                    /* index into region.port */
    double access_min;              /* >= 0 */
    double constant;                /* of the utility; 0 unless given */
    enum program prog;              /* the queue it joins there */
    size_t stream;                  /* its stream: port's s->demand[stream] */
};

struct reg_segment {
    char name[REG_NAME_MAX];
    enum direction dir;
    enum mode mode;
    enum program prog;
    double per_day;                     /* trips per day (before weekday factor) */
    double hourly_share[HOURS_PER_DAY]; /* sums to 1 */
    double weekday_factor[WD_COUNT];
    double occupancy;
    double vot_usd_per_hour;
    struct cho_coef coef;
    size_t n_use;
    struct reg_use use[REG_PORTS_MAX];  /* in the region's port order */
};

/* Observed trips per day of a group of segments at each port they may use:
 * what --fit-constants fits the constants to (regfit.h). */
#define REG_OBS_MAX REG_SEGMENTS_MAX
struct reg_observed {
    char name[REG_NAME_MAX];
    bool member[REG_SEGMENTS_MAX];      /* the group's segments */
    bool given[REG_PORTS_MAX];          /* observed trips given at this port */
    double trips[REG_PORTS_MAX];        /* its observed trips per day (> 0) */
    /* Why the group cannot be fitted (a port its segments may use without
     * observed trips: a proposal's new port, say), as the loader's message
     * "FILE: PATH: ..."; "" if it can. */
    char unfit[ERR_MSG_MAX];
};

struct region {
    char *path;
    char name[SCN_NAME_MAX];
    char *title;                        /* "" if absent */
    char **sources, **notes, **warnings;
    size_t n_sources, n_notes, n_warnings;
    struct run run;                     /* every port runs with it */
    struct reg_port *port;
    size_t n_ports;
    struct reg_segment *seg;
    size_t n_seg;
    int max_iterations;
    double tolerance;                   /* of the largest change of a share */
    struct investment investment;       /* what the region's proposal costs, if present */
    struct reg_observed *obs;           /* observed.groups; none: n_obs 0 */
    size_t n_obs;
    double fit_tolerance;               /* of a group's share at a port */
    int fit_max_rounds;
};

/* The value of time, USD per hour, that a segment of mode m and programme p
 * has unless it says (SANDAG's Otay Mesa East model, 2017 USD). */
double reg_default_vot(enum mode m, enum program p);

/* Read and check region file `path` with the overrides ov[0..n_ov) (as
 * --set; paths into the region file), load its ports.  Every port's
 * scenario gets the region's run settings: its "run" keys where given,
 * else those of the first port's scenario. */
struct region *reg_load(const char *path, const struct scn_override *ov, size_t n_ov,
                        struct err *e);
void reg_free(struct region *r);

/* Give every port of r the region's run settings (r->run), each keeping its
 * own "hourly": after reg_load, and after the command line or a batch of
 * regions changed r->run. */
void reg_ports_follow_run(struct region *r);

/* A fingerprint of what a region's outputs depend on (fileset.h): the
 * program's version, the region file with its "extends" chain and the
 * overrides ov[0..n_ov), each port's scenario with its changes, and the run
 * settings, as SHA-256 in hexadecimal (hex: 65 bytes).  Returns 0, or -1
 * with *e filled if a file cannot be read again. */
int reg_fingerprint(const struct region *r, const struct scn_override *ov, size_t n_ov,
                    char *hex, struct err *e);

/* Whether the file at path (with its "extends" chain) is a region file: a
 * JSON object with "ports" or "segments".  False if it cannot be read or
 * parsed (the scenario loader then says why). */
bool reg_is_region_file(const char *path);

/* Whether r's constants can be fitted to its observed trips: 0, or -1 with
 * *e filled (EXIT_USAGE) with the first group's reason (a port that its
 * segments may use and that has no observed trips). */
int reg_fit_ready(const struct region *r, struct err *e);

/* The index of the port named `name`, or -1. */
int reg_port_index(const struct region *r, const char *name);

#endif
