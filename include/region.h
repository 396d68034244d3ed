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

/* The index of the port named `name`, or -1. */
int reg_port_index(const struct region *r, const char *name);

#endif
