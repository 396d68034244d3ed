/*
 * main.c - the poesim command line.  Parses arguments, calls the modules,
 * prints "poesim: <message>" on errors and chooses the exit status:
 * 0 done, 2 bad usage or bad scenario (nothing written), 1 failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "error.h"
#include "output.h"
#include "scenario.h"
#include "summary.h"
#include "version.h"

#define DEFAULT_OUT_ROOT "output"
#define MAX_REPS 10000
#define MAX_DAYS 3660
#define MAX_SEED 9007199254740992.0     /* 2^53: seeds stay exact in JSON */

static const char usage_text[] =
    "usage: poesim COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  run FILE [--reps N] [--seed S] [--days D] [--out DIR] [--quiet]\n"
    "                 simulate a scenario; write summary.json and hourly.csv\n"
    "  check FILE     validate a scenario file without running it\n"
    "  help [COMMAND] show help for a command\n"
    "\n"
    "options: --version, --help.  See README.md for the scenario format.\n";

static const char run_help[] =
    "usage: poesim run FILE [--reps N] [--seed S] [--days D] [--out DIR] [--quiet]\n"
    "\n"
    "Simulate the scenario in FILE and report waits and costs with 95% intervals:\n"
    "a table on stdout, and summary.json, hourly.csv and (with flex lanes) lanes.csv\n"
    "in the output folder.\n"
    "\n"
    "  --reps N    replications (1..10000), overriding run.replications\n"
    "  --seed S    random seed (0..2^53), overriding run.seed\n"
    "  --days D    measured days (1..3660), overriding run.days\n"
    "  --out DIR   output folder (default: output/<scenario name>)\n"
    "  --quiet     print nothing but errors\n"
    "\n"
    "Exit status: 0 done, 2 bad usage or bad scenario (nothing written), 1 failure.\n";

static const char check_help[] =
    "usage: poesim check FILE\n"
    "\n"
    "Validate the scenario in FILE: print a one-line description and any warnings,\n"
    "or the first error (file, JSON path, what was expected and found).\n"
    "Exit status: 0 valid, 2 invalid.\n";

static const char help_help[] =
    "usage: poesim help [COMMAND]\n"
    "\n"
    "Show the usage of poesim, or of COMMAND (run, check, help).\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "poesim: <message>" and a pointer to the help; return EXIT_USAGE. */
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("poesim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(see 'poesim help')\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

/* Parse an integer option value in [lo, hi]. */
static int parse_int(const char *opt, const char *v, double lo, double hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || (double)x < lo || (double)x > hi) {
        fprintf(stderr, "poesim: %s: expected an integer %.0f..%.0f, got \"%s\"\n", opt, lo, hi, v);
        return -1;
    }
    *out = x;
    return 0;
}

static void print_warnings(const struct scenario *s)
{
    for (size_t i = 0; i < s->n_warnings; i++)
        fprintf(stderr, "poesim: warning: %s\n", s->warnings[i]);
}

static struct scenario *load(const char *path)
{
    struct err e = { 0 };
    struct scenario *s = scn_load(path, &e);
    if (!s)
        fprintf(stderr, "poesim: %s\n", e.msg);
    return s;
}

static int cmd_check(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(check_help, stdout);
        return EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return usage_error("check: expected one scenario file");
    struct scenario *s = load(argv[1]);
    if (!s)
        return EXIT_USAGE;
    print_warnings(s);
    int booths = 0;
    for (size_t i = 0; i < s->n_lanes; i++)
        booths += s->lanes[i].booths;
    printf("%s: ok: scenario %s, %zu demand stream%s, %zu lane group%s, %d booths\n", argv[1],
           s->name, s->n_demand, s->n_demand == 1 ? "" : "s", s->n_lanes,
           s->n_lanes == 1 ? "" : "s", booths);
    scn_free(s);
    return EXIT_OK;
}

static int cmd_run(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    uint64_t reps = 0, seed = 0, days = 0;
    int have_reps = 0, have_seed = 0, have_days = 0, quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(run_help, stdout);
            return EXIT_OK;
        }
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            const char *v = strchr(a, '=');
            char opt[32];
            size_t n = v ? (size_t)(v - a) : strlen(a);
            if (n >= sizeof opt)
                return usage_error("run: unknown option \"%s\"", a);
            memcpy(opt, a, n);
            opt[n] = '\0';
            if (v)
                v++;
            else if (i + 1 < argc)
                v = argv[++i];
            else
                return usage_error("run: %s needs a value", opt);
            if (!strcmp(opt, "--reps")) {
                if (parse_int("--reps", v, 1, MAX_REPS, &reps) < 0)
                    return EXIT_USAGE;
                have_reps = 1;
            } else if (!strcmp(opt, "--seed")) {
                if (parse_int("--seed", v, 0, MAX_SEED, &seed) < 0)
                    return EXIT_USAGE;
                have_seed = 1;
            } else if (!strcmp(opt, "--days")) {
                if (parse_int("--days", v, 1, MAX_DAYS, &days) < 0)
                    return EXIT_USAGE;
                have_days = 1;
            } else if (!strcmp(opt, "--out")) {
                if (!*v)
                    return usage_error("run: --out needs a folder");
                out = v;
            } else {
                return usage_error("run: unknown option \"%s\"", opt);
            }
            continue;
        }
        if (file)
            return usage_error("run: one scenario file expected, got \"%s\" and \"%s\"", file, a);
        file = a;
    }
    if (!file)
        return usage_error("run: expected a scenario file");

    struct scenario *s = load(file);
    if (!s)
        return EXIT_USAGE;
    if (have_reps)
        s->run.replications = (int)reps;
    if (have_seed)
        s->run.seed = seed;
    if (have_days)
        s->run.days = (int)days;
    if (!quiet)
        print_warnings(s);

    char dir[4096];
    if (out)
        snprintf(dir, sizeof dir, "%s", out);
    else
        snprintf(dir, sizeof dir, "%s/%s", DEFAULT_OUT_ROOT, s->name);

    struct err e = { 0 };
    struct summary *sum = NULL;
    int rc = EXIT_OK;
    if (engine_run(s, &sum, &e) < 0 || out_write_run(dir, s, sum, &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
    } else if (!quiet) {
        out_print_table(stdout, s, sum);
        if (sum->n_flex)
            printf("\nwrote %s/summary.json, %s/hourly.csv and %s/lanes.csv\n", dir, dir, dir);
        else
            printf("\nwrote %s/summary.json and %s/hourly.csv\n", dir, dir);
    }
    sum_free(sum);
    scn_free(s);
    return rc;
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "run"))
        fputs(run_help, stdout);
    else if (!strcmp(argv[1], "check"))
        fputs(check_help, stdout);
    else if (!strcmp(argv[1], "help"))
        fputs(help_help, stdout);
    else
        return usage_error("help: unknown command \"%s\"", argv[1]);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("poesim %s\n", POESIM_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
        return cmd_help(1, argv + 1);
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "help"))
        return cmd_help(argc - 1, argv + 1);
    return usage_error("unknown command \"%s\"", cmd);
}
