/*
 * observed.c - read hourly observed tables (observed.h).
 *
 * A table is read whole (fset_read), split into records by a small CSV
 * reader (RFC 4180: commas, double quotes with "" inside, CRLF or LF line
 * ends, a UTF-8 byte-order mark tolerated), and each record is checked
 * field by field against the columns of its format.  Every message names
 * the file, the record's first line (the header is row 1) and the column,
 * and shows what was found, cut and with unprintable bytes replaced, so
 * that a stray byte in a field cannot garble the terminal.
 *
 * The header decides the format: SANDAG's has traveler_type, poesim's has
 * program.  Columns may come in any order; the few that SANDAG's file
 * carries for its own bookkeeping (source_*, wait_time_caltrans,
 * wait_time_survey) are read past, any other unknown column is an error
 * (a misspelt "wait_time" must not silently become "no waits").
 */
#include "observed.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileset.h"

#define OBS_FILE_MAX (16L * 1024 * 1024)  /* bytes: SANDAG's whole file is ~150 kB */
#define OBS_ROWS_MAX 100000
#define OBS_FIELDS_MAX 64
#define OBS_FIELD_MAX 1000      /* bytes of one field */
#define SHOW_MAX 40             /* bytes of a value shown in a message */
#define VOLUME_MAX 1e7          /* crossers an hour: a typo guard, as per_day's */
#define LANES_MAX 1000          /* as lanes[i].lanes */
#define WAIT_MAX_MIN 1440.0     /* a reported wait of more than a day is a typo */
#define HOURS_PER_DAY_OBS 24

/* The columns of each format: the first n_required must be there. */
enum col {
    C_HOUR, C_DIRECTION, C_MODE, C_PROGRAM, C_VOLUME, C_LANES, C_WAIT, C_PORT, C_IGNORED,
    C_COUNT
};

static const char *const sandag_names[] = {
    [C_HOUR] = "hour", [C_DIRECTION] = "direction", [C_MODE] = "vehicle_type",
    [C_PROGRAM] = "traveler_type", [C_VOLUME] = "volume", [C_LANES] = "open_lanes",
    [C_WAIT] = "wait_time", [C_PORT] = "port_name",
};
static const char *const poesim_names[] = {
    [C_HOUR] = "hour", [C_DIRECTION] = "direction", [C_MODE] = "mode",
    [C_PROGRAM] = "program", [C_VOLUME] = "volume", [C_LANES] = "open_lanes",
    [C_WAIT] = "wait_min", [C_PORT] = "port",
};
/* SANDAG's bookkeeping columns, read past (besides any source_*). */
static const char *const sandag_ignored[] = {"wait_time_caltrans", "wait_time_survey"};

static const char *const sandag_dirs[DIR_COUNT] = {"Northbound", "Southbound"};
static const char *const poesim_dirs[DIR_COUNT] = {"north", "south"};
/* SANDAG's vehicle types: cars and trucks only. */
static const char *const sandag_modes[] = {"Passenger", "Commercial"};
static const enum mode sandag_mode_of[] = {MODE_POV, MODE_TRUCK};
static const char *const poesim_modes[MODE_COUNT] = {"pov", "pedestrian", "bus", "truck"};
/* Programmes as written, then OBS_ALL's word. */
static const char *const sandag_progs[PROG_COUNT + 1] = {"General", "Ready", "SENTRI", "FAST",
                                                         "_All_"};
static const char *const poesim_progs[PROG_COUNT + 1] = {"general", "ready", "sentri", "fast",
                                                         "all"};
/* The programmes each mode has (as scenario.c's program_valid). */
static const bool prog_valid[MODE_COUNT][PROG_COUNT] = {
    [MODE_POV] = {true, true, true, false},
    [MODE_PEDESTRIAN] = {true, true, true, false},
    [MODE_BUS] = {true, true, false, false},
    [MODE_TRUCK] = {true, false, false, true},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *obs_program_name(int prog)
{
    return prog == OBS_ALL ? "all" : scn_program_name((enum program)prog);
}

/* ---- the CSV reader ------------------------------------------------------ */

struct reader {
    const char *path;
    const char *p, *end;
    size_t line;                /* the line the reader is on */
    char *fields[OBS_FIELDS_MAX];
    char buf[OBS_FIELDS_MAX][OBS_FIELD_MAX + 1];
    int n;
    size_t row;                 /* the first line of the record just read */
    struct err *e;
};

/* s shown in a message: quoted, at most SHOW_MAX bytes, bytes outside
 * printable ASCII as '?'. */
static const char *shown(char out[SHOW_MAX + 8], const char *s)
{
    size_t k = 0, n = strlen(s);
    out[k++] = '"';
    for (size_t i = 0; i < n && i < SHOW_MAX; i++)
        out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (n > SHOW_MAX) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k++] = '"';
    out[k] = '\0';
    return out;
}

static int row_fail(const struct reader *r, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "FILE:ROW: column "COL": ..." (EXIT_USAGE); col NULL: the row as a whole. */
static int row_fail(const struct reader *r, const char *col, const char *fmt, ...)
{
    char body[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (col)
        return err_set(r->e, EXIT_USAGE, "%s:%zu: column \"%s\": %s", r->path, r->row, col, body);
    return err_set(r->e, EXIT_USAGE, "%s:%zu: %s", r->path, r->row, body);
}

/* Read the next record into r->fields (r->n of them).  Returns 1, 0 at the
 * end of the text, -1 with the error set.  Empty lines are skipped. */
static int next_record(struct reader *r)
{
    while (r->p < r->end && (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end
                                                && r->p[1] == '\n'))) {
        r->p += *r->p == '\r' ? 2 : 1;
        r->line++;
    }
    if (r->p >= r->end)
        return 0;
    r->row = r->line;
    r->n = 0;
    for (;;) {
        if (r->n == OBS_FIELDS_MAX)
            return row_fail(r, NULL, "more than %d fields", OBS_FIELDS_MAX);
        char *f = r->buf[r->n];
        size_t len = 0;
        bool quoted = r->p < r->end && *r->p == '"';
        if (quoted) {
            r->p++;
            for (;;) {
                if (r->p >= r->end)
                    return row_fail(r, NULL, "a quoted field is not closed (a \" is missing)");
                char ch = *r->p++;
                if (ch == '"') {
                    if (r->p < r->end && *r->p == '"')
                        r->p++;
                    else
                        break;
                } else if (ch == '\n')
                    r->line++;
                if (len == OBS_FIELD_MAX)
                    return row_fail(r, NULL, "field %d is longer than %d bytes", r->n + 1,
                                    OBS_FIELD_MAX);
                f[len++] = ch;
            }
            if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
                return row_fail(r, NULL, "field %d: characters after its closing quote",
                                r->n + 1);
        } else {
            while (r->p < r->end && *r->p != ',' && *r->p != '\n'
                   && !(*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
                if (*r->p == '"')
                    return row_fail(r, NULL, "field %d: a \" inside a field that is not "
                                    "quoted", r->n + 1);
                if (len == OBS_FIELD_MAX)
                    return row_fail(r, NULL, "field %d is longer than %d bytes", r->n + 1,
                                    OBS_FIELD_MAX);
                f[len++] = *r->p++;
            }
        }
        f[len] = '\0';
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)f[i] < 0x20 && f[i] != '\t' && !(quoted && f[i] == '\n'))
                return row_fail(r, NULL, "field %d: a control character (0x%02X)", r->n + 1,
                                (unsigned)(unsigned char)f[i]);
        r->fields[r->n++] = f;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end) {
            r->p += *r->p == '\r' ? 2 : 1;
            r->line++;
        }
        return 1;
    }
}

/* s without leading and trailing blanks, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* ---- fields -------------------------------------------------------------- */

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* "a, b, c" of names[0..n) into out. */
static void join(char *out, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(out + used, size - used, "%s%s", used ? ", " : "", names[i]);
        if (k < 0 || (size_t)k >= size - used)
            return;
        used += (size_t)k;
    }
}

/* One of names[0..n) in field v of column col; its index in *out. */
static int get_word(const struct reader *r, const char *col, const char *v,
                    const char *const *names, size_t n, int *out)
{
    char list[256], g[SHOW_MAX + 8];
    *out = lookup(names, n, v);
    if (*out >= 0)
        return 0;
    join(list, sizeof list, names, n);
    return row_fail(r, col, "expected one of %s, got %s", list, shown(g, v));
}

/* A number in [0, hi] in field v, or NAN if the field is empty or "NA". */
static int get_value(const struct reader *r, const char *col, const char *v, double hi,
                     const char *what, double *out)
{
    char g[SHOW_MAX + 8], *end;
    if (!*v || strcmp(v, "NA") == 0) {
        *out = NAN;
        return 0;
    }
    errno = 0;
    double x = strtod(v, &end);
    if (*end || errno == ERANGE || !isfinite(x))
        return row_fail(r, col, "expected %s (a number from 0 to %g), or nothing if not "
                        "observed, got %s", what, hi, shown(g, v));
    if (x < 0)
        return row_fail(r, col, "expected %s, a number >= 0, got %s", what, shown(g, v));
    if (x > hi)
        return row_fail(r, col, "expected %s, a number <= %g, got %s", what, hi, shown(g, v));
    *out = x;
    return 0;
}

/* The hour in field v: 1..24 (SANDAG) or 0..23 (poesim), as hour of the
 * day 0..23. */
static int get_hour(const struct reader *r, enum obs_format f, const char *v, int *out)
{
    char g[SHOW_MAX + 8], *end;
    int lo = f == OBS_SANDAG ? 1 : 0;
    errno = 0;
    long h = strtol(v, &end, 10);
    if (!*v || *end || errno || h < lo || h >= lo + HOURS_PER_DAY_OBS)
        return row_fail(r, "hour", f == OBS_SANDAG
                        ? "expected an integer from 1 to 24 (hour 1 is 00:00-01:00), got %s"
                        : "expected an integer from 0 to 23 (the hour starting then), got %s",
                        shown(g, v));
    *out = (int)h - lo;
    return 0;
}

/* ---- the table ----------------------------------------------------------- */

struct layout {
    enum obs_format format;
    const char *const *names;   /* column names of the format, by enum col */
    int at[C_COUNT];            /* field index of each column, -1 if absent */
    int n_fields;
};

/* Decide the format from the header in r and find the columns. */
static int read_header(struct reader *r, struct layout *lay)
{
    char g[SHOW_MAX + 8], list[512];
    bool sandag = false, poesim = false;
    for (int i = 0; i < r->n; i++) {
        char *f = r->fields[i] = trim(r->fields[i]);
        sandag = sandag || strcmp(f, "traveler_type") == 0;
        poesim = poesim || strcmp(f, "program") == 0;
    }
    if (sandag == poesim)
        return err_set(r->e, EXIT_USAGE, "%s:1: not an observed table poesim reads: expected "
                       "SANDAG's columns (hour, port_name, direction, vehicle_type, "
                       "traveler_type, volume, open_lanes, wait_time) or poesim's (hour, "
                       "direction, mode, program, volume, open_lanes, wait_min)", r->path);
    lay->format = sandag ? OBS_SANDAG : OBS_POESIM;
    lay->names = sandag ? sandag_names : poesim_names;
    lay->n_fields = r->n;
    for (int c = 0; c < C_COUNT; c++)
        lay->at[c] = -1;
    for (int i = 0; i < r->n; i++) {
        const char *f = r->fields[i];
        int c = lookup(lay->names, C_IGNORED, f);
        if (c < 0 && sandag && (strncmp(f, "source_", 7) == 0
                                || lookup(sandag_ignored, COUNT(sandag_ignored), f) >= 0))
            c = C_IGNORED;
        if (c < 0) {
            join(list, sizeof list, lay->names, C_IGNORED);
            return err_set(r->e, EXIT_USAGE, "%s:1: column %s: unknown; expected the columns "
                           "%s%s", r->path, shown(g, f), list,
                           sandag ? " (and source_*, wait_time_caltrans, wait_time_survey, "
                                    "which are not read)" : "");
        }
        if (c == C_IGNORED)
            continue;
        if (lay->at[c] >= 0)
            return err_set(r->e, EXIT_USAGE, "%s:1: column \"%s\" given twice", r->path, f);
        lay->at[c] = i;
    }
    for (int c = 0; c < C_IGNORED; c++)
        if (lay->at[c] < 0 && !(c == C_PORT && !sandag))
            return err_set(r->e, EXIT_USAGE, "%s:1: column \"%s\" is missing (the %s format "
                           "needs it)", r->path, lay->names[c], sandag ? "SANDAG" : "poesim");
    return 0;
}

/* The record in r as a row (port in *port, trimmed, or ""). */
static int read_row(struct reader *r, const struct layout *lay, struct obs_row *o,
                    const char **port)
{
    const char *const *nm = lay->names;
    bool sandag = lay->format == OBS_SANDAG;
    int k;
    if (r->n != lay->n_fields)
        return row_fail(r, NULL, "%d fields, expected %d (as the header)", r->n, lay->n_fields);
    char *v[C_COUNT];
    for (int c = 0; c < C_IGNORED; c++)
        v[c] = lay->at[c] >= 0 ? trim(r->fields[lay->at[c]]) : (char *)"";
    *port = v[C_PORT];
    o->row = r->row;
    if (get_hour(r, lay->format, v[C_HOUR], &o->hour) < 0)
        return -1;
    if (get_word(r, nm[C_DIRECTION], v[C_DIRECTION], sandag ? sandag_dirs : poesim_dirs,
                 DIR_COUNT, &k) < 0)
        return -1;
    o->dir = (enum direction)k;
    if (sandag) {
        if (get_word(r, nm[C_MODE], v[C_MODE], sandag_modes, COUNT(sandag_modes), &k) < 0)
            return -1;
        o->mode = sandag_mode_of[k];
    } else {
        if (get_word(r, nm[C_MODE], v[C_MODE], poesim_modes, MODE_COUNT, &k) < 0)
            return -1;
        o->mode = (enum mode)k;
    }
    const char *const *pn = sandag ? sandag_progs : poesim_progs;
    if (get_word(r, nm[C_PROGRAM], v[C_PROGRAM], pn, PROG_COUNT + 1, &k) < 0)
        return -1;
    o->prog = k == PROG_COUNT ? OBS_ALL : k;
    if (o->prog != OBS_ALL && !prog_valid[o->mode][o->prog])
        return row_fail(r, nm[C_PROGRAM], "\"%s\" is not a programme of %s%s%s%s", pn[k],
                        v[C_MODE], sandag ? " (" : "", sandag ? scn_mode_name(o->mode) : "",
                        sandag ? ")" : "");
    if (get_value(r, nm[C_VOLUME], v[C_VOLUME], VOLUME_MAX, "crossers processed in the hour",
                  &o->volume) < 0
        || get_value(r, nm[C_LANES], v[C_LANES], LANES_MAX, "lanes open", &o->open_lanes) < 0
        || get_value(r, nm[C_WAIT], v[C_WAIT], WAIT_MAX_MIN, "a wait in minutes",
                     &o->wait_min) < 0)
        return -1;
    return 0;
}

/* The hour as the file writes it, for messages. */
static int hour_written(const struct obs_table *t, int hour)
{
    return t->format == OBS_SANDAG ? hour + 1 : hour;
}

/* No two rows of one hour and queue; no programme's row beside an "all"
 * row of its hour, direction and mode. */
static int check_rows(const struct obs_table *t, struct err *e)
{
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t j = 0; j < i; j++) {
            const struct obs_row *a = &t->rows[i], *b = &t->rows[j];
            if (a->hour != b->hour || a->dir != b->dir || a->mode != b->mode)
                continue;
            if (a->prog == b->prog)
                return err_set(e, EXIT_USAGE, "%s:%zu: a second row for hour %d, %s %s %s "
                               "(the first is row %zu)", t->path, a->row,
                               hour_written(t, a->hour), scn_direction_name(a->dir),
                               scn_mode_name(a->mode), obs_program_name(a->prog), b->row);
            if (a->prog == OBS_ALL || b->prog == OBS_ALL)
                return err_set(e, EXIT_USAGE, "%s:%zu: a row for %s %s %s at hour %d beside "
                               "row %zu's %s: give the programmes or all of them, not both",
                               t->path, a->row, scn_direction_name(a->dir),
                               scn_mode_name(a->mode), obs_program_name(a->prog),
                               hour_written(t, a->hour), b->row, obs_program_name(b->prog));
        }
    return 0;
}

void obs_free(struct obs_table *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->rows);
    free(t);
}

#define PORTS_NAMED 4       /* ports a message names before "and more" */

/* The ports a table's rows name: the first PORTS_NAMED, for messages, and
 * how many more. */
struct ports_met {
    char name[PORTS_NAMED][OBS_PORT_MAX];
    int n, more;
};

/* Count port p (shorter than OBS_PORT_MAX) as met. */
static void port_met(struct ports_met *m, const char *p)
{
    bool known = false;
    for (int i = 0; i < m->n; i++)
        known = known || strcmp(m->name[i], p) == 0;
    if (!known && m->n < PORTS_NAMED)
        memcpy(m->name[m->n++], p, strlen(p) + 1);
    else if (!known)
        m->more++;
}

/* Read file path into *text (the caller's to free) and set reader r,
 * reporting into e, at its first byte (past a UTF-8 byte order mark).
 * Returns 0, or -1 with *e filled: too large or unreadable (EXIT_USAGE),
 * out of memory (EXIT_FAIL). */
static int open_text(struct reader *r, const char *path, char **text, struct err *e)
{
    size_t len = 0;
    if (!(*text = fset_read(path, OBS_FILE_MAX, &len))) {
        if (errno == EFBIG)
            return err_set(e, EXIT_USAGE, "%s: larger than %ld MiB; is it an observed table?",
                           path, OBS_FILE_MAX / (1024 * 1024));
        return err_set(e, errno == ENOMEM ? EXIT_FAIL : EXIT_USAGE, "%s: cannot read: %s",
                       path, strerror(errno));
    }
    r->path = path;
    r->e = e;
    r->p = *text;
    r->end = *text + len;
    r->line = 1;
    if (len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
    return 0;
}

/* Append row o of port p (the row r read) to t, *cap rows allocated.
 * Returns 0, or -1 with r's error filled: more than OBS_ROWS_MAX rows
 * (EXIT_USAGE), out of memory (EXIT_FAIL). */
static int append_row(struct obs_table *t, size_t *cap, const struct reader *r,
                      const struct obs_row *o, const char *p)
{
    if (t->n_rows == OBS_ROWS_MAX)
        return row_fail(r, NULL, "more than %d rows", OBS_ROWS_MAX);
    if (t->n_rows == *cap) {
        size_t nc = *cap ? 2 * *cap : 128;
        struct obs_row *nr = realloc(t->rows, nc * sizeof *nr);
        if (!nr)
            return err_set(r->e, EXIT_FAIL, "out of memory reading %s", r->path);
        t->rows = nr;
        *cap = nc;
    }
    t->rows[t->n_rows++] = *o;
    snprintf(t->port, sizeof t->port, "%s", p);
    return 0;
}

/* The rows after the header (layout lay) into t: those of port, or, port
 * NULL, of the one port the table may have; m counts the ports met.
 * Returns 0, or -1 with r's error filled (a bad row, rows of two ports
 * without port, too many rows, out of memory). */
static int read_rows(struct obs_table *t, struct reader *r, const struct layout *lay,
                     const char *port, struct ports_met *m)
{
    size_t cap = 0;
    int got;
    while ((got = next_record(r)) > 0) {
        struct obs_row o;
        const char *p = "";
        if (read_row(r, lay, &o, &p) < 0)
            return -1;
        if (strlen(p) >= OBS_PORT_MAX)
            return row_fail(r, lay->names[C_PORT], "a port name longer than %d bytes",
                            OBS_PORT_MAX - 1);
        port_met(m, p);
        if (port ? strcmp(p, port) != 0 : false)
            continue;
        if (!port && m->n + m->more > 1)
            return err_set(r->e, EXIT_USAGE, "%s:%zu: rows of more than one port (\"%s\", "
                           "\"%s\"); choose one with --port", r->path, r->row, m->name[0],
                           m->name[1]);
        if (append_row(t, &cap, r, &o, p) < 0)
            return -1;
    }
    return got < 0 ? -1 : 0;
}

/* The error of table path with no row (of port, if not NULL; m: the ports
 * its rows name) into e (EXIT_USAGE).  Returns -1. */
static int no_rows(const char *path, const char *port, const struct ports_met *m,
                   struct err *e)
{
    if (!port)
        return err_set(e, EXIT_USAGE, "%s: a header but no rows", path);
    char list[PORTS_NAMED * OBS_PORT_MAX + 32] = "";
    for (int i = 0; i < m->n; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? ", " : "",
                 m->name[i]);
    return err_set(e, EXIT_USAGE, "%s: no row of port \"%s\"; the table has %s%s", path, port,
                   m->n ? list : "no rows", m->more ? " and more" : "");
}

struct obs_table *obs_read(const char *path, const char *port, struct err *e)
{
    struct obs_table *t = calloc(1, sizeof *t);
    struct reader *r = calloc(1, sizeof *r);
    char *text = NULL;
    struct ports_met met = { .n = 0 };
    struct layout lay = { OBS_SANDAG, sandag_names, { 0 }, 0 };
    int got, rc = -1;
    if (!t || !r || !(t->path = strdup(path))) {
        err_set(e, EXIT_FAIL, "out of memory reading %s", path);
        goto done;
    }
    if (open_text(r, path, &text, e) < 0)
        goto done;
    if ((got = next_record(r)) <= 0) {
        if (got == 0)
            err_set(e, EXIT_USAGE, "%s: empty; expected a header line and rows", path);
        goto done;
    }
    if (read_header(r, &lay) < 0)
        goto done;
    t->format = lay.format;
    if (port && t->format == OBS_POESIM && lay.at[C_PORT] < 0) {
        err_set(e, EXIT_USAGE, "%s: --port \"%s\": the table has no \"port\" column", path, port);
        goto done;
    }
    if (read_rows(t, r, &lay, port, &met) < 0
        || (t->n_rows == 0 && no_rows(path, port, &met, e) < 0) || check_rows(t, e) < 0)
        goto done;
    rc = 0;
done:
    free(text);
    free(r);
    if (rc < 0) {
        obs_free(t);
        return NULL;
    }
    return t;
}
