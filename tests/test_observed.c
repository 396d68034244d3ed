/*
 * test_observed.c - observed tables: SANDAG's as published, poesim's own,
 * and every bad table of tests/bad-tables/ refused with its message.
 *
 * The bad tables are data, like tests/bad/: NAME.csv is a table with one
 * mistake, NAME.expect a substring its message must contain, NAME.port
 * (optional) the --port given with it.  A table the reader accepts must be
 * refused when matched against tests/bad-tables/base.json (a table that
 * does not fit its base scenario: a wait for a queue the base does not
 * have, ...), by calib_match.  Either way the message starts with the
 * table's path and the status is 2.  Run from the repository root.
 */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calibrate.h"
#include "fileset.h"
#include "observed.h"
#include "scenario.h"

#define BAD_GLOB "tests/bad-tables/*.csv"
#define BAD_BASE "tests/bad-tables/base.json"
#define BAD_TABLES_MIN 15
#define SY_TABLE "data/san_ysidro_2017_observed.csv"

/* A file's text, NUL-terminated, trailing newline removed; NULL if absent. */
static char *slurp(const char *path)
{
    size_t n;
    char *t = fset_read(path, 1 << 20, &n);
    if (t && n > 0 && t[n - 1] == '\n')
        t[n - 1] = '\0';
    return t;
}

/* SANDAG's San Ysidro rows as published: 72 northbound rows by
 * programme, 24 southbound for all programmes, hour 1 = 00:00-01:00, empty
 * cells missing. */
static void sandag_as_published(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct obs_table *t = obs_read(SY_TABLE, NULL, &e);
    if (!t)
        fail_msg("%s", e.msg);
    assert_int_equal(t->format, OBS_SANDAG);
    assert_string_equal(t->port, "San Ysidro");
    assert_int_equal(t->n_rows, 96);
    const struct obs_row *r = &t->rows[0];
    assert_int_equal(r->row, 2);
    assert_int_equal(r->hour, 0);
    assert_int_equal(r->dir, DIR_NORTH);
    assert_int_equal(r->mode, MODE_POV);
    assert_int_equal(r->prog, PROG_GENERAL);
    assert_true(fabs(r->volume - 215.320747) < 1e-9);
    assert_true(r->open_lanes == 4 && r->wait_min == 72);
    r = &t->rows[47];                   /* Ready, hour 24 */
    assert_int_equal(r->hour, 23);
    assert_int_equal(r->prog, PROG_READY);
    assert_true(r->open_lanes == 11 && r->wait_min == 54);
    r = &t->rows[50];                   /* SENTRI, hour 3 */
    assert_int_equal(r->prog, PROG_SENTRI);
    assert_true(r->wait_min == 8);
    r = &t->rows[95];                   /* southbound, hour 24: volume only */
    assert_int_equal(r->dir, DIR_SOUTH);
    assert_int_equal(r->prog, OBS_ALL);
    assert_int_equal(r->row, 97);
    assert_true(fabs(r->volume - 1068.342728) < 1e-9);
    assert_true(isnan(r->open_lanes) && isnan(r->wait_min));
    obs_free(t);
    t = obs_read(SY_TABLE, "San Ysidro", &e);
    assert_non_null(t);
    assert_int_equal(t->n_rows, 96);
    obs_free(t);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* poesim's own format: hours 0-23, words as in a scenario, columns in any
 * order, quotes, CRLF, "NA" and empty cells missing; a port column picks
 * rows like SANDAG's port_name. */
static void own_format(void **state)
{
    (void)state;
    const char *path = "tests/out/own-table.csv";
    struct err me = { 0 };
    assert_int_equal(fset_mkdirs("tests/out", &me), 0);
    write_file(path, "\xEF\xBB\xBFport,program,mode,direction,hour,wait_min,open_lanes,volume\r\n"
                     "A,general,pov,north,0,61.5,4,200\r\n"
                     "\"A\",ready,pov,north,23,NA,,310\r\n"
                     "B,all,truck,south,5,,,90\r\n"
                     "A,fast,truck,north,12,12,3,\r\n");
    struct err e = { 0 };
    struct obs_table *t = obs_read(path, "A", &e);
    if (!t)
        fail_msg("%s", e.msg);
    assert_int_equal(t->format, OBS_POESIM);
    assert_int_equal(t->n_rows, 3);
    assert_int_equal(t->rows[0].hour, 0);
    assert_true(t->rows[0].wait_min == 61.5 && t->rows[0].open_lanes == 4
                && t->rows[0].volume == 200);
    assert_int_equal(t->rows[1].hour, 23);
    assert_int_equal(t->rows[1].prog, PROG_READY);
    assert_true(isnan(t->rows[1].wait_min) && isnan(t->rows[1].open_lanes));
    assert_int_equal(t->rows[2].mode, MODE_TRUCK);
    assert_int_equal(t->rows[2].prog, PROG_FAST);
    assert_int_equal(t->rows[2].row, 5);
    assert_true(isnan(t->rows[2].volume));
    obs_free(t);
    t = obs_read(path, "B", &e);
    assert_non_null(t);
    assert_int_equal(t->n_rows, 1);
    assert_int_equal(t->rows[0].prog, OBS_ALL);
    obs_free(t);
    assert_null(obs_read(path, NULL, &e));      /* two ports, no choice */
    assert_int_equal(e.code, EXIT_USAGE);
    assert_non_null(strstr(e.msg, "choose one with --port"));
}

static void test_bad_table(void **state)
{
    const char *path = *state;
    char stem[FSET_PATH_MAX], side[FSET_PATH_MAX + 16];
    size_t n = strlen(path) - strlen(".csv");
    snprintf(stem, sizeof stem, "%.*s", (int)n, path);
    snprintf(side, sizeof side, "%s.expect", stem);
    char *expect = slurp(side);
    if (!expect)
        fail_msg("%s: missing (each bad table needs its expected message)", side);
    snprintf(side, sizeof side, "%s.port", stem);
    char *port = slurp(side);
    struct err e = { 0 };
    struct obs_table *t = obs_read(path, port, &e);
    int rc = -1;
    if (t) {
        struct err be = { 0 };
        struct scenario *base = scn_load(BAD_BASE, &be);
        if (!base)
            fail_msg("%s", be.msg);
        rc = calib_match(base, t, &e);
        scn_free(base);
        obs_free(t);
    }
    if (rc == 0)
        fail_msg("%s: accepted (expected: %s)", path, expect);
    if (e.code != EXIT_USAGE || strncmp(e.msg, path, strlen(path)) != 0
        || !strstr(e.msg, expect))
        fail_msg("%s: status %d, message\n  %s\nexpected the path and\n  %s", path, e.code,
                 e.msg, expect);
    free(expect);
    free(port);
}

int main(void)
{
    glob_t g;
    if (glob(BAD_GLOB, 0, NULL, &g) != 0 || g.gl_pathc < BAD_TABLES_MIN) {
        fprintf(stderr, "test_observed: fewer than %d bad tables in %s\n", BAD_TABLES_MIN,
                BAD_GLOB);
        printf("[  FAILED  ] 1 test(s)\n");
        return 1;
    }
    size_t n = g.gl_pathc, k = 0;
    struct CMUnitTest *tests = calloc(n + 2, sizeof *tests);
    if (!tests)
        return 1;
    tests[k++] = (struct CMUnitTest){ .name = "sandag_as_published",
                                      .test_func = sandag_as_published };
    tests[k++] = (struct CMUnitTest){ .name = "own_format", .test_func = own_format };
    for (size_t i = 0; i < n; i++)
        tests[k++] = (struct CMUnitTest){ .name = g.gl_pathv[i], .test_func = test_bad_table,
                                          .initial_state = g.gl_pathv[i] };
    int failed = _cmocka_run_group_tests("observed", tests, k, NULL, NULL);
    free(tests);
    globfree(&g);
    return failed ? 1 : 0;
}
