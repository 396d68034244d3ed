/*
 * test_fuzz_regress.c - the fuzz harnesses (tests/fuzz/) replayed without
 * libFuzzer on every saved case and seed, so that make test (and make
 * sanitize, with ASan and UBSan) keeps what fuzzing found fixed.
 *
 * The harnesses are included here with their entry points renamed, and
 * their oracles (fuzz_common.h) fail the cmocka test instead of aborting.
 * Replayed, one cmocka test per file:
 *   - tests/fuzz/regress/scenario/ and tests/fuzz/regress/set/: inputs that
 *     once crashed a harness or broke an oracle (each named for what it
 *     found), in the harness's input format;
 *   - the seeds, which must satisfy the oracles too: the .json files of
 *     scenarios/, tests/bad/ and tests/extends/ through the scenario
 *     harness, and each line of tests/fuzz/set-seeds.txt through the --set
 *     one.
 * Run from the repository root (tests/run.sh does).
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

#include "testutil.h"

#define FUZZ_FAIL(...) (print_error(__VA_ARGS__), print_error("\n"), fail())

#define LLVMFuzzerTestOneInput fuzz_scenario_input
#include "fuzz/fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_set_input
#include "fuzz/fuzz_set.c"
#undef LLVMFuzzerTestOneInput

#define REGRESS_SCENARIO "tests/fuzz/regress/scenario/*"
#define REGRESS_SET "tests/fuzz/regress/set/*"
#define SET_SEEDS "tests/fuzz/set-seeds.txt"
#define SEEDS_MIN 100           /* scenarios, bad cases and extends files at least */

struct replay {
    const char *path;           /* a file, or a --set line */
    int (*input)(const uint8_t *, size_t);
    bool is_line;
};

static void test_replay(void **state)
{
    const struct replay *r = *state;
    if (r->is_line) {
        r->input((const uint8_t *)r->path, strlen(r->path));
        return;
    }
    size_t n = 0;
    char *data = slurp(r->path, &n);
    if (!data)
        fail_msg("%s: cannot read", r->path);
    r->input((const uint8_t *)data, n);
    free(data);
}

/* Every case found: the seeds are many, and the saved cases are read. */
static void test_counts(void **state)
{
    const size_t *seeds = *state;
    if (*seeds < SEEDS_MIN)
        fail_msg("only %zu seed files found (run from the repository root)", *seeds);
}

int main(void)
{
    static const struct {
        const char *pattern;
        int (*input)(const uint8_t *, size_t);
        bool seed;
    } sets[] = {
        {REGRESS_SCENARIO, fuzz_scenario_input, false},
        {REGRESS_SET, fuzz_set_input, false},
        {"scenarios/*.json", fuzz_scenario_input, true},
        {"tests/bad/*.json", fuzz_scenario_input, true},
        {"tests/extends/*.json", fuzz_scenario_input, true},
    };
    enum { N_SETS = sizeof sets / sizeof sets[0] };
    glob_t g[N_SETS];
    size_t total = 0, seeds = 0;
    for (size_t k = 0; k < N_SETS; k++) {
        if (glob(sets[k].pattern, 0, NULL, &g[k]) != 0)
            g[k].gl_pathc = 0, g[k].gl_pathv = NULL;
        total += g[k].gl_pathc;
        if (sets[k].seed)
            seeds += g[k].gl_pathc;
    }
    /* --set seed lines, kept in memory. */
    char **lines = NULL;
    size_t n_lines = 0;
    FILE *f = fopen(SET_SEEDS, "r");
    char line[FUZZ_SET_LINE_MAX];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char **grown = realloc(lines, (n_lines + 1) * sizeof *lines);
        if (!grown || !(grown[n_lines] = strdup(line)))
            return 1;
        lines = grown;
        n_lines++;
    }
    if (f)
        fclose(f);
    total += n_lines;

    struct replay *r = calloc(total + 1, sizeof *r);
    struct CMUnitTest *tests = calloc(total + 1, sizeof *tests);
    if (!r || !tests)
        return 1;
    size_t i = 0;
    tests[i++] = (struct CMUnitTest){.name = "seeds and saved cases found", .test_func = test_counts,
                                     .initial_state = &seeds};
    for (size_t k = 0; k < N_SETS; k++)
        for (size_t j = 0; j < g[k].gl_pathc; j++, i++) {
            r[i] = (struct replay){g[k].gl_pathv[j], sets[k].input, false};
            tests[i] = (struct CMUnitTest){.name = g[k].gl_pathv[j], .test_func = test_replay,
                                           .initial_state = &r[i]};
        }
    for (size_t j = 0; j < n_lines; j++, i++) {
        r[i] = (struct replay){lines[j], fuzz_set_input, true};
        tests[i] = (struct CMUnitTest){.name = lines[j], .test_func = test_replay,
                                       .initial_state = &r[i]};
    }
    int failed = _cmocka_run_group_tests("fuzz regressions and seeds", tests, i, NULL, NULL);
    for (size_t k = 0; k < N_SETS; k++)
        if (g[k].gl_pathv)
            globfree(&g[k]);
    for (size_t j = 0; j < n_lines; j++)
        free(lines[j]);
    free(lines);
    free(tests);
    free(r);
    return failed;
}
