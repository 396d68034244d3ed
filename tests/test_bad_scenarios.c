/*
 * test_bad_scenarios.c - every file in tests/bad/ must be refused, with the
 * message its .expect file names.
 *
 * The corpus is data, in the manner of jq's jq.test: tests/bad/NNN-what.json
 * is a scenario with one mistake, tests/bad/NNN-what.expect holds one line,
 * a substring the error message must contain (the JSON path and the key part
 * of the message).  Adding a case is adding two files; no code changes.  The
 * numbers have three digits, so that the cases sort in the order they were
 * added (the next is the highest plus one).
 *
 * The files are found at run time (glob, sorted), one cmocka test per file,
 * the file name passed as the test's initial state.  For each, scn_load must
 * return NULL with code EXIT_USAGE and a message that starts with the file
 * path and contains the expected substring.  Run from the repository root
 * (tests/run.sh does).
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenario.h"

#define BAD_GLOB "tests/bad/*.json"
#define BAD_CASES_MIN 190       /* the corpus must keep covering this much */
#define EXPECT_LINE_MAX 1024

/* The expected substring for case `json` (its .expect file's first line,
 * without the newline), into out.  Fails the test if it is missing or
 * empty. */
static void read_expect(const char *json, char *out, size_t n)
{
    char path[FILENAME_MAX];
    size_t len = strlen(json);
    assert_true(len > 5 && len + 2 < sizeof path);
    memcpy(path, json, len - 5);
    strcpy(path + len - 5, ".expect");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: missing (each bad scenario needs its expected message)", path);
    char *line = fgets(out, (int)n, f);
    fclose(f);
    if (!line)
        fail_msg("%s: empty", path);
    out[strcspn(out, "\r\n")] = '\0';
    if (!out[0])
        fail_msg("%s: empty first line", path);
}

static void test_bad_file(void **state)
{
    const char *path = *state;
    char expect[EXPECT_LINE_MAX];
    struct err e = {0};
    read_expect(path, expect, sizeof expect);
    struct scenario *s = scn_load(path, &e);
    if (s) {
        scn_free(s);
        fail_msg("%s: loaded, but should have been refused with \"%s\"", path, expect);
    }
    assert_int_equal(e.code, EXIT_USAGE);
    size_t plen = strlen(path);
    if (strncmp(e.msg, path, plen) != 0 || e.msg[plen] != ':')
        fail_msg("message does not start with \"%s:\": %s", path, e.msg);
    if (!strstr(e.msg, expect))
        fail_msg("message\n  %s\ndoes not contain\n  %s", e.msg, expect);
}

/* The corpus is big enough to cover what the loader checks. */
static void test_corpus_size(void **state)
{
    size_t n = *(const size_t *)*state;
    if (n < BAD_CASES_MIN)
        fail_msg("only %zu files match %s (at least %d expected; run from the repository root)",
                 n, BAD_GLOB, BAD_CASES_MIN);
}

int main(void)
{
    glob_t g;
    int rc = glob(BAD_GLOB, 0, NULL, &g);
    size_t n = rc == 0 ? g.gl_pathc : 0;
    struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
    if (!tests) {
        fprintf(stderr, "test_bad_scenarios: out of memory\n");
        return 1;
    }
    tests[0] = (struct CMUnitTest){.name = "corpus has enough cases",
                                   .test_func = test_corpus_size,
                                   .initial_state = &n};
    for (size_t i = 0; i < n; i++)
        tests[i + 1] = (struct CMUnitTest){.name = g.gl_pathv[i],
                                           .test_func = test_bad_file,
                                           .initial_state = g.gl_pathv[i]};
    int failed = _cmocka_run_group_tests("bad scenarios", tests, n + 1, NULL, NULL);
    free(tests);
    if (rc == 0)
        globfree(&g);
    return failed;
}
