/*
 * observed.h - hourly tables of what a port was observed to do.
 *
 * An observed table has one row per hour of a typical day and queue: the
 * vehicles (or persons) processed in the hour, the primary lanes open and
 * the reported wait in minutes, any of them possibly missing.  Two formats
 * are read (README.md, "Observed tables"):
 *
 *   SANDAG's, exactly as published (the calibration data of its Otay Mesa
 *   East model, OME_Observed_Data.csv): columns hour (1-24, hour 1 being
 *   00:00-01:00), port_name, direction (Northbound, Southbound),
 *   vehicle_type (Passenger, Commercial), traveler_type (General, Ready,
 *   SENTRI, FAST, _All_), volume, open_lanes, wait_time, and the source_*
 *   and wait_time_caltrans / wait_time_survey columns, which are read past;
 *
 *   poesim's own: columns hour (0-23, the hour starting then), direction,
 *   mode, program (a programme or "all"), volume, open_lanes, wait_min, and
 *   optionally port.
 *
 * Reading is strict, as for a scenario: an unknown or missing column, a
 * value that is not what its column holds, an hour out of range, a
 * negative volume, a programme its mode does not have, a row given twice,
 * a programme's row beside an "all" row of the same hour, rows of several
 * ports without a choice between them: each is an error that names the
 * file, the row (its line number: the header is row 1) and the column.
 * Tables are small (24 hours x a few queues; SANDAG's whole file is a few
 * hundred rows), so the reader favours exact messages over speed.
 *
 * Ownership: obs_read returns a table owned by the caller, freed with
 * obs_free.
 */
#ifndef POESIM_OBSERVED_H
#define POESIM_OBSERVED_H

#include <stddef.h>

#include "error.h"
#include "scenario.h"

#define OBS_ALL (-1)            /* a row for every programme of its mode together */
#define OBS_PORT_MAX 128        /* bytes of a port name, with its NUL */

enum obs_format { OBS_SANDAG, OBS_POESIM };

struct obs_row {
    int hour;                   /* of the day, 0..23: the hour starting then */
    enum direction dir;
    enum mode mode;
    int prog;                   /* enum program, or OBS_ALL */
    double volume;              /* crossers processed in the hour; NAN: missing */
    double open_lanes;          /* primary lanes open (a stacked lane once); NAN */
    double wait_min;            /* reported wait, minutes; NAN */
    size_t row;                 /* line of the file (the header is 1) */
};

struct obs_table {
    char *path;                 /* as given */
    enum obs_format format;
    char port[OBS_PORT_MAX];    /* the port of the rows ("" if the table names none) */
    struct obs_row *rows;       /* in the order of the file */
    size_t n_rows;
};

/* Read the table in file `path`; with port != NULL, only the rows of that
 * port (port_name in SANDAG's format, port in poesim's).  A table with
 * rows of several ports needs `port`.  Returns the table, or NULL with *e
 * filled: EXIT_USAGE for a bad table (message "FILE:ROW: column
 * \"NAME\": ...", or "FILE: ..." for the table as a whole), EXIT_FAIL if
 * the file cannot be read or memory runs out. */
struct obs_table *obs_read(const char *path, const char *port, struct err *e);
void obs_free(struct obs_table *t);

/* "general", ..., or "all" for OBS_ALL: a row's programme in poesim's
 * words (messages, fit.csv). */
const char *obs_program_name(int prog);

#endif
