/*
 * main.c - the poesim command line.  Parses arguments, calls the modules,
 * prints "poesim: <message>" on errors and chooses the exit status:
 * 0 done, 2 bad usage or bad scenario (nothing written), 1 failure,
 * 128 + N stopped by signal N (130 SIGINT, 143 SIGTERM; signals.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "compare.h"
#include "error.h"
#include "fileset.h"
#include "output.h"
#include "overload.h"
#include "plot.h"
#include "ranks.h"
#include "resume.h"
#include "scenario.h"
#include "signals.h"
#include "staff.h"
#include "staffout.h"
#include "summary.h"
#include "version.h"

#define DEFAULT_OUT_ROOT "output"
#define MAX_REPS 10000
#define MAX_DAYS 3660
#define MAX_SEED 9007199254740992.0     /* 2^53: seeds stay exact in JSON */
#define DEFAULT_MAX_REPS 200            /* the cap of --reps auto */
#define MAX_SETS 32
#define MAX_SWEEP_POINTS 10000
_Static_assert(MAX_SWEEP_POINTS < 100000, "sweep point names carry at most 5 digits");
#define MAX_FILES 64
#define MAX_JOBS 256

static const char usage_text[] =
    "usage: poesim COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  run FILE         simulate a scenario; write summary.json and hourly.csv\n"
    "  batch BASE PROPOSAL...\n"
    "                   compare proposals with a baseline (common random numbers)\n"
    "  sweep FILE --set PATH=V1,V2,...\n"
    "                   run a grid of variants of a scenario\n"
    "  plot DIR         draw the plots and report.html of an output folder again\n"
    "  staff FILE --target SPEC\n"
    "                   the fewest booths by hour that keep waits under a target\n"
    "  check FILE       validate a scenario file without running it\n"
    "  help [COMMAND]   show help for a command\n"
    "\n"
    "options: --version, --help.  See README.md for the scenario format.\n";

#define COMMON_OPTIONS \
    "  --reps N       replications (1..10000), overriding run.replications\n" \
    "  --reps auto --target-halfwidth MIN [--max-reps N]\n" \
    "                 add replications until the 95% interval is at most MIN minutes\n" \
    "                 (default cap 200)\n" \
    "  --seed S       random seed (0..2^53), overriding run.seed\n" \
    "  --days D       measured days (1..3660), overriding run.days\n" \
    "  --jobs J       replications run at once on threads (default: the cores;\n" \
    "                 the outputs are the same bytes whatever J)\n" \
    "  --out DIR      output folder\n" \
    "  --quiet        print nothing but errors (no table, warnings or progress)\n" \
    "  --plots LIST   plot formats, of png,svg,pdf (default png,svg)\n" \
    "  --no-plots     no plots and no report.html\n" \
    "  --mpi          spread the replications over the ranks of an MPI job:\n" \
    "                 mpirun -n N poesim ... --mpi (N >= 2; poesim built with\n" \
    "                 make MPI=1); rank 0 hands them out and writes the bytes a\n" \
    "                 serial run writes; not with --jobs\n"

#define EXIT_TEXT \
    "Exit status: 0 done, 2 bad usage or bad scenario (nothing written), 1 failure\n" \
    "(the output folder keeps its previous result), 130/143 stopped by SIGINT/SIGTERM.\n"

static const char run_help[] =
    "usage: poesim run FILE [--set PATH=VALUE]... [options]\n"
    "\n"
    "Simulate the scenario in FILE and report waits and costs with 95% intervals:\n"
    "a table on stdout, and summary.json, hourly.csv and (with flex lanes) lanes.csv\n"
    "in the output folder (default: output/<scenario name>).\n"
    "\n"
    "  --set PATH=VALUE  change one value of the scenario, e.g. lanes[pov-ready].lanes=6\n"
    COMMON_OPTIONS
    "\n"
    EXIT_TEXT;

static const char batch_help[] =
    "usage: poesim batch BASELINE PROPOSAL... [--set PATH=VALUE]... [options]\n"
    "\n"
    "Run the baseline and each proposal with common random numbers (the baseline's\n"
    "seed, days and replications) and compare: each scenario's outputs go to\n"
    "DIR/<name>/, and comparison.csv, comparison.json and benefit_cost.csv to DIR\n"
    "(default: output/batch-<baseline name>).  Differences are paired by replication.\n"
    "With --reps auto, replications are added until every paired difference of mean\n"
    "waits has a 95% interval of at most the target.\n"
    "\n"
    "  --set PATH=VALUE  change a value in every scenario\n"
    "  --resume          do not run again the scenarios an interrupted batch finished\n"
    "                    (kept in DIR/.poesim-resume/) or that DIR holds already, when\n"
    "                    made from the same files and settings; not with --reps auto\n"
    COMMON_OPTIONS
    "\n"
    EXIT_TEXT
    "A scenario file changed while the batch ran: exit 1, nothing written.\n";

static const char sweep_help[] =
    "usage: poesim sweep FILE --set PATH=V1,V2,... [--set ...] [options]\n"
    "\n"
    "Run every combination of the values (the grid) as variants of FILE, with common\n"
    "random numbers, and write sweep.csv to DIR (default: output/sweep-<name>): a\n"
    "column per swept path, then the comparison columns, one row per grid point and\n"
    "group.  Differences are paired against the scenario as written.  A value may be a\n"
    "range FROM:TO:STEP, e.g. demand[pov-north].program_share.sentri=0.2:0.6:0.1.\n"
    "\n"
    "  --resume       do not run again the grid points an interrupted sweep finished\n"
    "                 (kept in DIR/.poesim-resume/); not with --reps auto\n"
    COMMON_OPTIONS
    "\n"
    EXIT_TEXT
    "The scenario file changed while the sweep ran: exit 1, nothing written.\n";

static const char plot_help[] =
    "usage: poesim plot DIR [--plots LIST] [--quiet]\n"
    "\n"
    "Draw the plots of an output folder of 'poesim run', 'batch' or 'sweep' again into\n"
    "DIR/plots/ (a gnuplot script and its data beside each image) and write\n"
    "DIR/report.html.  LIST is a comma-separated list of png, svg, pdf (default png,svg).\n"
    "Exit status: 0 done (also without gnuplot: the scripts are written, a warning says\n"
    "so), 2 not a complete output folder or bad usage, 1 gnuplot or a write failed,\n"
    "130/143 stopped by SIGINT/SIGTERM.\n";

static const char staff_help[] =
    "usage: poesim staff FILE --target SPEC [--groups LIST] [--officers N|STEPS]\n"
    "                   [--hours MODE=HOURS]... [--usd-per-booth-hour X] [options]\n"
    "\n"
    "Find, for each measured day (one per weekday, at most 7) and hour, the fewest\n"
    "booths of the searched lane groups such that every hour's waits meet the target,\n"
    "decided on the same replications for every candidate, 'holds' meaning that the\n"
    "upper end of the 95% interval is within the bound.  Writes DIR/staffed.json (a\n"
    "scenario that extends FILE with the schedules found), staffing.csv and\n"
    "staffing.json to DIR (default output/staff-<name>); a table on stdout.\n"
    "\n"
    "  --target SPEC   QUEUE:STAT<=BOUND,...  QUEUE is [DIRECTION.]MODE[.PROGRAM]\n"
    "                  (pov.general: both directions); STAT is mean or pNN (minutes),\n"
    "                  or overN (share waiting over N minutes, 0.05 or 5%), e.g.\n"
    "                  pov.general:mean<=45,pov.sentri:p95<=15,truck:over60<=5%\n"
    "  --groups LIST   lane groups to search (default: every fixed group of a\n"
    "                  targeted queue; flex groups keep their staffing)\n"
    "  --officers N    booths open at once in the searched groups, at most; or\n"
    "                  steps by hour, e.g. 00:00=20,06:00=40\n"
    "  --hours MODE=HOURS   a variant: the same search with these opening hours\n"
    "                  (repeatable; MODE=HOURS;MODE=HOURS for several modes)\n"
    "  --usd-per-booth-hour X   officer cost of an open booth for an hour\n"
    "                  (default: investment.staffing_usd_per_booth_hour)\n"
    "  --reps N        replications to start with (default run.replications)\n"
    "  --max-reps N    replications added while a decision is open, up to N\n"
    "                  (default twice --reps; equal to --reps: a fixed number)\n"
    "  --set PATH=VALUE, --seed S, --days D (1..7), --jobs J, --out DIR, --quiet\n"
    "\n"
    "Not with --mpi: the search is thousands of rounds of milliseconds, each\n"
    "depending on the last.\n"
    "\n"
    EXIT_TEXT;

static const char check_help[] =
    "usage: poesim check FILE\n"
    "\n"
    "Validate the scenario in FILE (and the files it extends): print a one-line\n"
    "description and any warnings, or the first error (file, JSON path, what was\n"
    "expected and found).\n"
    "Exit status: 0 valid, 2 invalid.\n";

static const char help_help[] =
    "usage: poesim help [COMMAND]\n"
    "\n"
    "Show the usage of poesim, or of COMMAND (run, batch, sweep, staff, plot, check, help).\n";

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

/* Options shared by run, batch and sweep. */
struct opts {
    const char *cmd;
    const char *files[MAX_FILES];
    int n_files;
    const char *sets[MAX_SETS];     /* "PATH=VALUE..." as given */
    int n_sets;
    const char *out;
    uint64_t reps, seed, days, max_reps, jobs;
    bool have_reps, have_seed, have_days, reps_auto, quiet, no_plots, jobs_given, resume;
    bool mpi;                       /* --mpi: this is rank 0 of an MPI job */
    double target_hw;
    unsigned plots;                 /* formats, 0: default */
};

static int parse_opts(int argc, char **argv, struct opts *o, const char *help)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            return 1;
        }
        if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            o->quiet = true;
            continue;
        }
        if (!strcmp(a, "--no-plots")) {
            o->no_plots = true;
            continue;
        }
        if (!strcmp(a, "--resume")) {
            o->resume = true;
            continue;
        }
        if (!strcmp(a, "--mpi")) {
            if (!ranks_built()) {
                fprintf(stderr, "poesim: %s: --mpi: this poesim was built without MPI; rebuild "
                                "with make MPI=1\n", o->cmd);
                return EXIT_USAGE;
            }
            o->mpi = true;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            const char *v = strchr(a, '=');
            char opt[32];
            size_t n = v ? (size_t)(v - a) : strlen(a);
            if (n >= sizeof opt)
                return usage_error("%s: unknown option \"%s\"", o->cmd, a);
            memcpy(opt, a, n);
            opt[n] = '\0';
            if (v)
                v++;
            else if (i + 1 < argc)
                v = argv[++i];
            else
                return usage_error("%s: %s needs a value", o->cmd, opt);
            if (!strcmp(opt, "--reps")) {
                if (!strcmp(v, "auto"))
                    o->reps_auto = true;
                else if (parse_int("--reps", v, 1, MAX_REPS, &o->reps) < 0)
                    return EXIT_USAGE;
                o->have_reps = true;
            } else if (!strcmp(opt, "--jobs")) {
                if (parse_int("--jobs", v, 1, MAX_JOBS, &o->jobs) < 0)
                    return EXIT_USAGE;
                o->jobs_given = true;
            } else if (!strcmp(opt, "--max-reps")) {
                if (parse_int("--max-reps", v, 2, MAX_REPS, &o->max_reps) < 0)
                    return EXIT_USAGE;
            } else if (!strcmp(opt, "--target-halfwidth")) {
                char *end;
                errno = 0;
                o->target_hw = strtod(v, &end);
                if (!*v || *end || errno || !(o->target_hw > 0) || !isfinite(o->target_hw))
                    return usage_error("--target-halfwidth: expected minutes > 0, got \"%s\"", v);
            } else if (!strcmp(opt, "--seed")) {
                if (parse_int("--seed", v, 0, MAX_SEED, &o->seed) < 0)
                    return EXIT_USAGE;
                o->have_seed = true;
            } else if (!strcmp(opt, "--days")) {
                if (parse_int("--days", v, 1, MAX_DAYS, &o->days) < 0)
                    return EXIT_USAGE;
                o->have_days = true;
            } else if (!strcmp(opt, "--out")) {
                if (!*v)
                    return usage_error("%s: --out needs a folder", o->cmd);
                o->out = v;
            } else if (!strcmp(opt, "--plots")) {
                struct err e = { 0 };
                if (plot_parse_formats(v, &o->plots, &e) < 0)
                    return usage_error("%s: --plots: %s", o->cmd, e.msg);
            } else if (!strcmp(opt, "--set")) {
                if (o->n_sets == MAX_SETS)
                    return usage_error("%s: at most %d --set options", o->cmd, MAX_SETS);
                o->sets[o->n_sets++] = v;
            } else {
                return usage_error("%s: unknown option \"%s\"", o->cmd, opt);
            }
            continue;
        }
        if (o->n_files == MAX_FILES)
            return usage_error("%s: at most %d scenario files", o->cmd, MAX_FILES);
        o->files[o->n_files++] = a;
    }
    if (o->reps_auto != (o->target_hw > 0))
        return usage_error("%s: --reps auto and --target-halfwidth MIN go together", o->cmd);
    if (o->max_reps && !o->reps_auto)
        return usage_error("%s: --max-reps applies to --reps auto", o->cmd);
    if (!o->max_reps)
        o->max_reps = DEFAULT_MAX_REPS;
    if (!o->jobs) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = cores < 1 ? 1 : cores > MAX_JOBS ? MAX_JOBS : (uint64_t)cores;
    }
    if (o->no_plots && o->plots)
        return usage_error("%s: --plots and --no-plots contradict each other", o->cmd);
    if (o->resume && strcmp(o->cmd, "batch") != 0 && strcmp(o->cmd, "sweep") != 0)
        return usage_error("%s: --resume applies to batch and sweep", o->cmd);
    if (o->mpi && strcmp(o->cmd, "run") != 0 && strcmp(o->cmd, "batch") != 0
        && strcmp(o->cmd, "sweep") != 0)
        return usage_error("%s: --mpi applies to run, batch and sweep", o->cmd);
    if (o->mpi && o->jobs_given)
        return usage_error("%s: --jobs does not apply with --mpi: each rank computes one "
                           "replication at a time (start one rank per core)", o->cmd);
    if (o->resume && o->reps_auto)
        return usage_error("%s: --resume needs a fixed number of replications: with --reps "
                           "auto each round depends on every scenario's results, so an "
                           "interrupted run cannot be continued (run it again, or resume "
                           "with --reps N)", o->cmd);
    return 0;
}

/* Draw the plots and report of output folder dir unless --no-plots.
 * Returns EXIT_OK or the failure's exit status (the outputs stay). */
static int draw(const struct opts *o, const char *dir)
{
    if (o->no_plots)
        return EXIT_OK;
    struct plot_opts po = { o->plots, o->quiet };
    struct err e = { 0 };
    char note[SIG_NOTE_MAX];
    snprintf(note, sizeof note, "%s holds the results; some plots are missing or outdated "
             "('poesim plot %s' draws them)", dir, dir);
    sig_note(note);
    sig_hold();                 /* gnuplot and the report write files */
    int rc = EXIT_OK;
    if (plot_dir(dir, &po, &e) < 0) {
        if (!sig_caught())      /* else the signal's message says it all */
            fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
    }
    sig_release();
    return rc;
}

/* Say, should a signal stop the command, what dir holds then. */
static void note_run(const char *dir)
{
    char note[SIG_NOTE_MAX];
    snprintf(note, sizeof note, "%s keeps its previous result", dir);
    sig_note(note);
}

static void note_job(const char *dir)
{
    char note[SIG_NOTE_MAX];
    snprintf(note, sizeof note, "%s keeps its previous result (or none, if this run had "
             "begun to replace it); scenarios finished are kept in %s/%s for --resume", dir,
             dir, RESUME_STAGE);
    sig_note(note);
}

static void print_warnings(const struct scenario *s)
{
    for (size_t i = 0; i < s->n_warnings; i++)
        fprintf(stderr, "poesim: warning: %s\n", s->warnings[i]);
}

/* Overrides from --set options that must each hold one value.  Returns 0,
 * or EXIT_USAGE after printing the error. */
struct sets {
    char *path[MAX_SETS];
    char **values[MAX_SETS];
    size_t n_values[MAX_SETS];
    struct scn_override ov[MAX_SETS];
    int n;
};

static void sets_free(struct sets *s)
{
    for (int i = 0; i < s->n; i++)
        scn_set_free(s->path[i], s->values[i], s->n_values[i]);
    s->n = 0;
}

static int sets_parse(const struct opts *o, struct sets *s, bool single)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < o->n_sets; i++) {
        struct err e = { 0 };
        if (scn_set_parse(o->sets[i], &s->path[i], &s->values[i], &s->n_values[i], &e) < 0) {
            fprintf(stderr, "poesim: %s\n", e.msg);
            sets_free(s);
            return EXIT_USAGE;
        }
        s->n = i + 1;
        if (single && s->n_values[i] != 1) {
            int rc = usage_error("%s: --set %s: one value expected here (a list of values is "
                                 "for 'poesim sweep')", o->cmd, o->sets[i]);
            sets_free(s);
            return rc;
        }
        s->ov[i] = (struct scn_override){ s->path[i], s->values[i][0] };
    }
    return 0;
}

static struct scenario *load(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = { 0 };
    struct scenario *s = scn_load_with(path, ov, n, &e);
    if (!s)
        fprintf(stderr, "poesim: %s\n", e.msg);
    return s;
}

/* With --mpi: what the workers parse for scenario `path` with overrides
 * ov[0..n) (ranks.h).  NULL after printing the error. */
static char *merged(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = { 0 };
    char *text = scn_merged_text(path, ov, n, &e);
    if (!text)
        fprintf(stderr, "poesim: %s\n", e.msg);
    return text;
}

static void apply_run_opts(struct scenario *s, const struct opts *o)
{
    if (o->have_reps && !o->reps_auto)
        s->run.replications = (int)o->reps;
    if (o->have_seed)
        s->run.seed = o->seed;
    if (o->have_days)
        s->run.days = (int)o->days;
}

static struct batch_opts batch_opts_of(const struct opts *o)
{
    return (struct batch_opts){
        .reps = o->have_reps && !o->reps_auto ? (int)o->reps : 0,
        .target_hw = o->reps_auto ? o->target_hw : 0,
        .max_reps = (int)o->max_reps,
        .progress = !o->quiet && isatty(STDERR_FILENO),
        .jobs = o->mpi ? 1 : (int)o->jobs,     /* with --mpi, the workers compute */
    };
}

static void note_precision(const struct opts *o, const struct batch_info *bi, struct summary *s)
{
    if (!o->reps_auto)
        return;
    s->target_hw = o->target_hw;
    s->max_reps = (int)o->max_reps;
    s->target_reached = bi->target_reached;
}

static void print_precision(const struct opts *o, const struct batch_info *bi)
{
    if (!o->reps_auto || o->quiet)
        return;
    if (bi->target_reached)
        printf("precision: %d replications reached a 95%% half-width of %.3g min "
               "(target %.3g)\n", bi->replications, bi->worst_hw, o->target_hw);
    else
        printf("precision: the cap of %d replications was reached with a half-width of "
               "%.3g min (target %.3g)\n", bi->replications, bi->worst_hw, o->target_hw);
}

static int cmd_check(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(check_help, stdout);
        return EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-')
        return usage_error("check: expected one scenario file");
    struct scenario *s = load(argv[1], NULL, 0);
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
    struct opts o = { .cmd = "run" };
    int rc = parse_opts(argc, argv, &o, run_help);
    if (rc)
        return rc == 1 ? EXIT_OK : rc;
    if (o.n_files != 1)
        return o.n_files ? usage_error("run: one scenario file expected, got %d", o.n_files)
                         : usage_error("run: expected a scenario file");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    sig_install("nothing was written");
    struct scenario *s = load(o.files[0], sets.ov, (size_t)sets.n);
    if (!s) {
        sets_free(&sets);
        return EXIT_USAGE;
    }
    apply_run_opts(s, &o);
    if (!o.quiet)
        print_warnings(s);

    char dir[4096];
    snprintf(dir, sizeof dir, "%s", o.out ? o.out : "");
    if (!o.out)
        snprintf(dir, sizeof dir, "%s/%s", DEFAULT_OUT_ROOT, s->name);
    note_run(dir);

    struct err e = { 0 };
    struct summary *sum = NULL;
    struct batch_opts bo = batch_opts_of(&o);
    struct batch_info bi;
    struct ranks_job *rj = NULL;
    struct resume *job = NULL;
    char *text = NULL;
    if (o.mpi) {
        if (!(text = merged(o.files[0], sets.ov, (size_t)sets.n))) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (!(rj = ranks_job_new(1, &e))) {
            fprintf(stderr, "poesim: %s\n", e.msg);
            rc = e.code;
            goto done;
        }
        ranks_job_set(rj, 0, o.files[0], text);
        bo.runner = ranks_runner(rj);
    }
    job = resume_new(dir, RESUME_RUN, 1, 0, bo.target_hw, bo.max_reps, &e);
    rc = EXIT_OK;
    if (!job || resume_add(job, 0, s, o.files[0], sets.ov, (size_t)sets.n, &e) < 0
        || batch_execute(&s, 1, &bo, &sum, &bi, &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
        goto done;
    }
    note_precision(&o, &bi, sum);
    if (!o.quiet)
        ovl_warn(stderr, s, sum);
    resume_set_reps(job, bi.replications);
    if (resume_unchanged(job, &e) < 0
        || out_write_unit(dir, s, sum, OUT_RUN, resume_fingerprint(job, 0), &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
        goto done;
    }
    rc = draw(&o, dir);
    if (!o.quiet) {
        out_print_table(stdout, s, sum);
        print_precision(&o, &bi);
        printf("\nwrote %s/: summary.json, hourly.csv, waits.csv, replications.csv%s, "
               "manifest.json%s\n", dir, sum->n_flex ? ", lanes.csv" : "",
               o.no_plots ? "" : ", plots/, report.html");
    }
done:
    resume_free(job);
    ranks_job_free(rj);
    free(text);
    sets_free(&sets);
    sum_free(sum);
    scn_free(s);
    return rc;
}

/* The replications of a job with a fixed count: --reps or the baseline's. */
static int fixed_reps(const struct opts *o, const struct scenario *base)
{
    return o->have_reps && !o->reps_auto ? (int)o->reps : base->run.replications;
}

struct stage_ctx {
    struct resume *job;
    const size_t *map;          /* index in the batch of each scenario run */
};

static int stage_done(void *ctx, size_t i, const struct summary *sum, struct err *e)
{
    const struct stage_ctx *x = ctx;
    return resume_stage(x->job, x->map[i], sum, e);
}

/* Run scenarios scn[0..n) (the baseline first), or with --resume read back
 * those finished earlier, keeping each one's results aside as soon as it is
 * done (a fixed number of replications); then compare them.  With --mpi,
 * labels[i] and texts[i] define scenario i for the workers (ranks.h). */
static int run_and_compare(const struct opts *o, struct scenario **scn, size_t n,
                           const char *const *labels, char *const *texts,
                           struct resume *job, struct comparison **out, struct summary **sums)
{
    struct err e = { 0 };
    struct batch_opts bo = batch_opts_of(o);
    struct batch_info bi = { 0 };
    size_t *map = malloc(n * sizeof *map), m = 0;
    struct scenario **todo = malloc(n * sizeof *todo);
    struct summary **got = calloc(n, sizeof *got);
    struct stage_ctx sc = { job, map };
    struct ranks_job *rj = NULL;
    if (!map || !todo || !got) {
        err_set(&e, EXIT_FAIL, "out of memory");
        goto fail;
    }
    if (!o->reps_auto) {
        bo.reps = bi.replications = fixed_reps(o, scn[0]);
        for (size_t i = 0; i < n; i++)
            scn[i]->run.replications = bo.reps;
        resume_set_reps(job, bo.reps);
        bo.done = stage_done;
        bo.ctx = &sc;
    }
    for (size_t i = 0; i < n; i++) {
        if (o->resume && (sums[i] = resume_load(job, i, o->quiet)))
            continue;
        map[m] = i;
        todo[m++] = scn[i];
    }
    if (o->resume && !o->quiet)
        fprintf(stderr, "poesim: resume: %zu of %zu scenarios finished earlier; %zu to run\n",
                n - m, n, m);
    if (o->mpi && m > 0) {
        if (!(rj = ranks_job_new(m, &e)))
            goto fail;
        for (size_t k = 0; k < m; k++)
            ranks_job_set(rj, k, labels[map[k]], texts[map[k]]);
        bo.runner = ranks_runner(rj);
    }
    if (m > 0 && batch_execute(todo, m, &bo, got, &bi, &e) < 0)
        goto fail;
    for (size_t k = 0; k < m; k++)
        sums[map[k]] = got[k];
    if (o->reps_auto)
        resume_set_reps(job, bi.replications);
    struct comparison *c = cmp_build((const struct scenario *const *)scn,
                                     (const struct summary *const *)sums, n, &e);
    if (!c)
        goto fail;
    if (o->reps_auto) {
        c->target_hw = o->target_hw;
        c->max_reps = (int)o->max_reps;
        c->target_reached = bi.target_reached;
        for (size_t i = 0; i < n; i++)
            note_precision(o, &bi, sums[i]);
    }
    *out = c;
    print_precision(o, &bi);
    ranks_job_free(rj);
    free(map);
    free(todo);
    free(got);
    return EXIT_OK;
fail:
    ranks_job_free(rj);
    free(map);
    free(todo);
    free(got);
    fprintf(stderr, "poesim: %s\n", e.msg);
    return e.code ? e.code : EXIT_FAIL;
}

/* Write the job's own files (the batch's comparison, the sweep's table). */
struct top {
    const char *dir;
    const struct comparison *c;
    const struct scenario *const *scn;
    const char *const *paths, *const *values;
    size_t n_paths;
};

static int write_batch_top(void *ctx, const char *fingerprint, struct err *e)
{
    const struct top *t = ctx;
    return out_write_comparison(t->dir, t->c, t->scn, fingerprint, e);
}

static int write_sweep_top(void *ctx, const char *fingerprint, struct err *e)
{
    const struct top *t = ctx;
    return out_write_sweep(t->dir, t->c, t->paths, t->n_paths, t->values, fingerprint, e);
}

/* --resume of a job whose outputs are complete already: nothing to do. */
static bool already_complete(const struct opts *o, struct resume *job, const char *dir)
{
    if (!o->resume || !resume_complete(job))
        return false;
    if (!o->quiet)
        printf("%s: complete already for these scenarios and settings; nothing to run\n", dir);
    return true;
}

static int cmd_batch(int argc, char **argv)
{
    struct opts o = { .cmd = "batch" };
    int rc = parse_opts(argc, argv, &o, batch_help);
    if (rc)
        return rc == 1 ? EXIT_OK : rc;
    if (o.n_files < 2)
        return usage_error("batch: expected a baseline and at least one proposal");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    size_t n = (size_t)o.n_files;
    struct scenario *scn[MAX_FILES] = { 0 };
    struct summary *sums[MAX_FILES] = { 0 };
    char *texts[MAX_FILES] = { 0 };
    struct comparison *c = NULL;
    struct resume *job = NULL;
    struct err e = { 0 };
    sig_install("nothing was written");
    rc = EXIT_USAGE;
    for (size_t i = 0; i < n; i++)
        if (!(scn[i] = load(o.files[i], sets.ov, (size_t)sets.n))
            || (o.mpi && !(texts[i] = merged(o.files[i], sets.ov, (size_t)sets.n))))
            goto done;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(scn[i]->name, scn[j]->name)) {
                fprintf(stderr, "poesim: batch: %s and %s are both named \"%s\"; give each "
                                "scenario its own \"name\" (it names its output folder)\n",
                        o.files[j], o.files[i], scn[i]->name);
                goto done;
            }
    apply_run_opts(scn[0], &o);
    if (!o.quiet)
        for (size_t i = 0; i < n; i++)
            print_warnings(scn[i]);
    batch_align(scn, n, o.quiet);
    char dir[4096];
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/batch-%s", DEFAULT_OUT_ROOT, scn[0]->name);
    note_job(dir);
    if (!(job = resume_new(dir, RESUME_BATCH, n, fixed_reps(&o, scn[0]), o.reps_auto ? o.target_hw : 0,
                           o.reps_auto ? (int)o.max_reps : 0, &e)))
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (resume_add(job, i, scn[i], o.files[i], sets.ov, (size_t)sets.n, &e) < 0)
            goto fail;
    rc = EXIT_OK;
    if (already_complete(&o, job, dir))
        goto done;
    if ((rc = run_and_compare(&o, scn, n, o.files, texts, job, &c, sums)) != EXIT_OK)
        goto done;
    for (size_t i = 0; !o.quiet && i < n; i++)
        ovl_warn(stderr, scn[i], sums[i]);
    struct top t = { dir, c, (const struct scenario *const *)scn, NULL, NULL, 0 };
    if (resume_commit(job, sums, write_batch_top, &t, &e) < 0)
        goto fail;
    rc = draw(&o, dir);
    if (!o.quiet) {
        out_print_comparison(stdout, c, false);
        printf("\nwrote %s/: comparison.csv, comparison.json, benefit_cost.csv, manifest.json%s "
               "and one folder per scenario\n", dir, o.no_plots ? "" : ", plots/, report.html");
    }
    goto done;
fail:
    fprintf(stderr, "poesim: %s\n", e.msg);
    rc = e.code ? e.code : EXIT_FAIL;
done:
    resume_free(job);
    cmp_free(c);
    for (size_t i = 0; i < n; i++) {
        sum_free(sums[i]);
        scn_free(scn[i]);
        free(texts[i]);
    }
    sets_free(&sets);
    return rc;
}

static int cmd_sweep(int argc, char **argv)
{
    struct opts o = { .cmd = "sweep" };
    int rc = parse_opts(argc, argv, &o, sweep_help);
    if (rc)
        return rc == 1 ? EXIT_OK : rc;
    if (o.n_files != 1)
        return usage_error("sweep: expected one scenario file");
    if (o.n_sets == 0)
        return usage_error("sweep: expected at least one --set PATH=V1,V2,...");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, false)))
        return rc;
    size_t points = 1;
    for (int k = 0; k < sets.n; k++) {
        points *= sets.n_values[k];
        if (points > MAX_SWEEP_POINTS) {
            sets_free(&sets);
            return usage_error("sweep: more than %d grid points", MAX_SWEEP_POINTS);
        }
    }
    size_t n = points + 1;      /* the scenario as written, then the grid */
    struct scenario **scn = calloc(n, sizeof *scn);
    struct summary **sums = calloc(n, sizeof *sums);
    size_t n_paths = sets.n > 0 ? (size_t)sets.n : 0;
    const char **values = calloc(points * n_paths, sizeof *values);
    char **texts = o.mpi ? calloc(n, sizeof *texts) : NULL;
    const char **labels = o.mpi ? calloc(n, sizeof *labels) : NULL;
    const char *paths[MAX_SETS];
    struct comparison *c = NULL;
    struct resume *job = NULL;
    struct err e = { 0 };
    char dir[4096];
    sig_install("nothing was written");
    rc = EXIT_FAIL;
    if (!scn || !sums || !values || (o.mpi && (!texts || !labels))) {
        fprintf(stderr, "poesim: out of memory\n");
        goto done;
    }
    rc = EXIT_USAGE;
    for (int k = 0; k < sets.n; k++)
        paths[k] = sets.path[k];
    if (!(scn[0] = load(o.files[0], NULL, 0))
        || (o.mpi && !(texts[0] = merged(o.files[0], NULL, 0))))
        goto done;
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/sweep-%s", DEFAULT_OUT_ROOT, scn[0]->name);
    note_job(dir);
    if (!(job = resume_new(dir, RESUME_SWEEP, n, 0, o.reps_auto ? o.target_hw : 0,
                           o.reps_auto ? (int)o.max_reps : 0, &e))
        || resume_add(job, 0, scn[0], o.files[0], NULL, 0, &e) < 0)
        goto fail;
    for (size_t p = 0; p < points; p++) {
        struct scn_override ov[MAX_SETS];
        size_t rest = p;
        for (int k = sets.n - 1; k >= 0; k--) {      /* the last path varies fastest */
            const char *v = sets.values[k][rest % sets.n_values[k]];
            rest /= sets.n_values[k];
            ov[k] = (struct scn_override){ sets.path[k], v };
            values[p * n_paths + (size_t)k] = v;
        }
        if (!(scn[p + 1] = load(o.files[0], ov, (size_t)sets.n))
            || (o.mpi && !(texts[p + 1] = merged(o.files[0], ov, (size_t)sets.n))))
            goto done;
        char name[SCN_NAME_MAX];
        /* 50 + "-p" + at most 5 digits (MAX_SWEEP_POINTS) fits SCN_NAME_MAX */
        snprintf(name, sizeof name, "%.50s-p%u", scn[0]->name, (unsigned)(p + 1) % 100000u);
        memcpy(scn[p + 1]->name, name, sizeof name);
        if (resume_add(job, p + 1, scn[p + 1], o.files[0], ov, (size_t)sets.n, &e) < 0)
            goto fail;
    }
    apply_run_opts(scn[0], &o);
    if (!o.quiet)
        print_warnings(scn[0]);
    batch_align(scn, n, true);
    resume_set_reps(job, fixed_reps(&o, scn[0]));
    rc = EXIT_OK;
    if (already_complete(&o, job, dir))
        goto done;
    for (size_t i = 0; labels && i < n; i++)
        labels[i] = o.files[0];
    if ((rc = run_and_compare(&o, scn, n, labels, texts, job, &c, sums)) != EXIT_OK)
        goto done;
    struct top t = { dir, c, (const struct scenario *const *)scn, paths, values, n_paths };
    if (resume_commit(job, sums, write_sweep_top, &t, &e) < 0)
        goto fail;
    rc = draw(&o, dir);
    if (!o.quiet) {
        out_print_comparison(stdout, c, true);
        printf("\n%zu grid points; variants named %s-p1.. in the order of %s/sweep.csv\n"
               "wrote %s/sweep.csv\n", points, scn[0]->name, dir, dir);
    }
    goto done;
fail:
    fprintf(stderr, "poesim: %s\n", e.msg);
    rc = e.code ? e.code : EXIT_FAIL;
done:
    resume_free(job);
    cmp_free(c);
    for (size_t i = 0; scn && i < n; i++) {
        if (sums)
            sum_free(sums[i]);
        scn_free(scn[i]);
        if (texts)
            free(texts[i]);
    }
    free(scn);
    free(sums);
    free(values);
    free(texts);
    free(labels);
    sets_free(&sets);
    return rc;
}

/* ---- staff ------------------------------------------------------------------
 * Its own options are taken out of argv before the options of run are
 * parsed; each variant (the file as written, then one per --hours) is
 * searched, written as a scenario that extends FILE, loaded back from that
 * text and run beside FILE's own schedules. */

/* Replications a staffing search may grow to: twice those it starts with. */
#define STAFF_DEFAULT_REPS_GROWTH 2
#define STAFF_VARIANTS_MAX (FSET_FILES_MAX - 2)     /* staffing.csv and .json, then one each */
#define DAYS_PER_YEAR 365.0

struct staff_args {
    const char *target, *groups, *officers, *usd, *reps, *max_reps;
    const char *hours[STAFF_VARIANTS_MAX];
    int n_hours;
};

/* Take staff's own options out of argv (into a, the rest into rest).
 * Returns 0, or EXIT_USAGE after the message. */
static int staff_args(int argc, char **argv, struct staff_args *a, char **rest, int *n_rest)
{
    static const char *const names[] = { "--target", "--groups", "--officers",
                                          "--usd-per-booth-hour", "--reps", "--max-reps",
                                          "--hours" };
    *n_rest = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        size_t k = 0, n = sizeof names / sizeof *names;
        for (; k < n; k++) {
            size_t len = strlen(names[k]);
            if (strncmp(arg, names[k], len) == 0 && (arg[len] == '\0' || arg[len] == '=')) {
                v = arg[len] == '=' ? arg + len + 1 : NULL;
                break;
            }
        }
        if (k == n) {
            if (!strcmp(arg, "--mpi"))
                return usage_error("staff: --mpi does not apply: the search is a sequence of "
                                   "thousands of rounds of milliseconds, each depending on the "
                                   "one before; use --jobs");
            rest[(*n_rest)++] = argv[i];
            continue;
        }
        if (!v && i + 1 == argc)
            return usage_error("staff: %s needs a value", names[k]);
        if (!v)
            v = argv[++i];
        const char **slot[] = { &a->target, &a->groups, &a->officers, &a->usd, &a->reps,
                                &a->max_reps };
        if (k < sizeof slot / sizeof *slot) {
            if (*slot[k])
                return usage_error("staff: %s given twice", names[k]);
            *slot[k] = v;
        } else {
            if (a->n_hours == STAFF_VARIANTS_MAX - 1)
                return usage_error("staff: at most %d --hours variants", STAFF_VARIANTS_MAX - 1);
            a->hours[a->n_hours++] = v;
        }
    }
    return 0;
}

/* The overrides of an --hours setting "MODE=HOURS;MODE=HOURS" appended to
 * ov (paths and values owned by ov).  Returns 0, or EXIT_USAGE. */
static int hours_overrides(const char *spec, struct staffout_ov *ov)
{
    char *copy = strdup(spec);
    if (!copy) {
        fprintf(stderr, "poesim: out of memory\n");
        return EXIT_FAIL;
    }
    int rc = 0;
    for (char *part = copy, *next; part && !rc; part = next) {
        next = strchr(part, ';');
        if (next)
            *next++ = '\0';
        char arg[1024], *path = NULL, **values = NULL;
        size_t n = 0;
        struct err e = { 0 };
        snprintf(arg, sizeof arg, "hours.%s", part);
        if (!strchr(part, '=') || strchr(part, '=') == part)
            rc = usage_error("staff: --hours \"%s\": expected MODE=HOURS, e.g. truck=06:00-24:00",
                             spec);
        else if (scn_set_parse(arg, &path, &values, &n, &e) < 0)
            rc = usage_error("staff: --hours \"%s\": %s", spec, e.msg);
        else if (n != 1)
            rc = usage_error("staff: --hours \"%s\": one setting per mode (a list of hours is "
                             "written as a JSON array in brackets)", spec);
        else if (staffout_ov_add(ov, path, values[0]) < 0)
            rc = EXIT_FAIL;
        if (path)
            scn_set_free(path, values, n);
    }
    free(copy);
    return rc;
}

/* Path p made absolute (from the working folder) and cut into its parts,
 * "." and ".." resolved as written, into buf; parts[] point into it.
 * Returns the number of parts, or -1 if too long. */
static int path_parts(const char *p, char *buf, size_t n, const char **parts, int max)
{
    size_t k = 0;
    if (p[0] != '/') {
        if (!getcwd(buf, n))
            return -1;
        k = strlen(buf);
    }
    if (k + strlen(p) + 2 > n)
        return -1;
    snprintf(buf + k, n - k, "/%s", p);
    int np = 0;
    for (char *t = strtok(buf, "/"); t; t = strtok(NULL, "/")) {
        if (!strcmp(t, "."))
            continue;
        if (!strcmp(t, "..")) {
            np -= np > 0;
            continue;
        }
        if (np == max)
            return -1;
        parts[np++] = t;
    }
    return np;
}

/* The path of file relative to folder dir, worked out from the names as
 * written (the load that follows checks it). */
static int relative_path(char *out, size_t n, const char *dir, const char *file)
{
    enum { PARTS = 256 };
    char db[FSET_PATH_MAX + 256], fb[FSET_PATH_MAX + 256];
    const char *dp[PARTS], *fp[PARTS];
    int nd = path_parts(dir, db, sizeof db, dp, PARTS);
    int nf = path_parts(file, fb, sizeof fb, fp, PARTS);
    if (nd < 0 || nf < 1)
        return -1;
    int c = 0;
    while (c < nd && c < nf - 1 && !strcmp(dp[c], fp[c]))
        c++;
    size_t k = 0;
    out[0] = '\0';
    for (int i = c; i < nd && k < n; i++)
        k += (size_t)snprintf(out + k, n - k, "../");
    for (int i = c; i < nf && k < n; i++)
        k += (size_t)snprintf(out + k, n - k, "%s%s", fp[i], i + 1 < nf ? "/" : "");
    return k < n ? 0 : -1;
}

static int cmd_staff(int argc, char **argv)
{
    struct staff_args a = { 0 };
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int n_rest = 0;
    if (!rest) {
        fprintf(stderr, "poesim: out of memory\n");
        return EXIT_FAIL;
    }
    struct opts o = { .cmd = "staff" };
    struct staff_target targets[STAFF_TARGETS_MAX];
    struct staff_opts so = { .targets = targets };
    struct staffout_ov ov[STAFF_VARIANTS_MAX] = { { 0 } };
    struct staffout_variant var[STAFF_VARIANTS_MAX] = { { 0 } };
    struct scenario *scn[2 * STAFF_VARIANTS_MAX] = { 0 };
    struct summary *sums[2 * STAFF_VARIANTS_MAX] = { 0 };
    struct staff_plan *plans[STAFF_VARIANTS_MAX] = { 0 };
    char *texts[STAFF_VARIANTS_MAX] = { 0 }, names[STAFF_VARIANTS_MAX][32];
    char *group_text = NULL;
    const char *group_names[256];
    struct sets sets = { 0 };
    struct err e = { 0 };
    size_t nv = 0;
    int rc = staff_args(argc - 1, argv + 1, &a, rest + 1, &n_rest);
    rest[0] = argv[0];
    if (rc || (rc = parse_opts(n_rest + 1, rest, &o, staff_help)))
        goto done;
    rc = EXIT_USAGE;
    if (o.n_files != 1) {
        usage_error("staff: expected one scenario file");
        goto done;
    }
    if (!a.target) {
        usage_error("staff: --target SPEC is required, e.g. --target 'pov.general:mean<=45'");
        goto done;
    }
    if (staff_parse_target(a.target, targets, STAFF_TARGETS_MAX, &so.n_targets, &e) < 0
        || (a.officers && staff_parse_officers(a.officers, so.officers, &e) < 0)) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        goto done;
    }
    so.has_officers = a.officers != NULL;
    uint64_t reps = 0, max_reps = 0, cost = 0;
    double usd = 0;
    if ((a.reps && strcmp(a.reps, "auto") && parse_int("--reps", a.reps, 2, MAX_REPS, &reps) < 0)
        || (a.max_reps && parse_int("--max-reps", a.max_reps, 2, MAX_REPS, &max_reps) < 0))
        goto done;
    (void)cost;
    if (a.usd) {
        char *end;
        usd = strtod(a.usd, &end);
        if (!*a.usd || *end || !(usd >= 0) || usd > 10000) {
            usage_error("staff: --usd-per-booth-hour: expected USD 0..10000, got \"%s\"", a.usd);
            goto done;
        }
    }
    if (a.groups) {
        if (!(group_text = strdup(a.groups))) {
            rc = EXIT_FAIL;
            goto done;
        }
        for (char *g = strtok(group_text, ","); g; g = strtok(NULL, ","))
            if (so.n_groups < sizeof group_names / sizeof *group_names)
                group_names[so.n_groups++] = g;
        so.groups = group_names;
    }
    if (o.have_days && o.days > STAFF_DAYS_MAX) {
        usage_error("staff: --days: the search takes 1 to %d days, one per weekday",
                    STAFF_DAYS_MAX);
        goto done;
    }
    struct stat st;
    if (stat(o.files[0], &st) == 0 && !S_ISREG(st.st_mode)) {
        usage_error("staff: %s: not a regular file; staffed.json extends it, so give the "
                    "scenario as a file", o.files[0]);
        goto done;
    }
    if ((rc = sets_parse(&o, &sets, true)))
        goto done;
    rc = EXIT_USAGE;
    /* The variants: the file as written, then each --hours. */
    nv = 1 + (size_t)a.n_hours;
    for (size_t v = 0; v < nv; v++) {
        for (int k = 0; k < sets.n; k++)
            if (staffout_ov_add(&ov[v], sets.ov[k].path, sets.ov[k].value) < 0) {
                rc = EXIT_FAIL;
                goto done;
            }
        if (v > 0 && (rc = hours_overrides(a.hours[v - 1], &ov[v])))
            goto done;
        rc = EXIT_USAGE;
        if (!(scn[2 * v] = load(o.files[0], ov[v].ov, ov[v].n)))
            goto done;
        apply_run_opts(scn[2 * v], &o);
        if (scn[2 * v]->run.days > STAFF_DAYS_MAX) {
            if (!o.quiet && v == 0)
                fprintf(stderr, "poesim: warning: staff searches %d days (one per weekday) of "
                        "the scenario's %d\n", STAFF_DAYS_MAX, scn[2 * v]->run.days);
            scn[2 * v]->run.days = STAFF_DAYS_MAX;
        }
    }
    if (!o.quiet)
        print_warnings(scn[0]);
    so.reps = reps ? (int)reps : scn[0]->run.replications < 2 ? 2 : scn[0]->run.replications;
    so.max_reps = max_reps ? (int)max_reps : STAFF_DEFAULT_REPS_GROWTH * so.reps;
    if (so.max_reps < so.reps) {
        usage_error("staff: --max-reps %d is below the %d replications to start with",
                    so.max_reps, so.reps);
        goto done;
    }
    so.jobs = (int)o.jobs;
    so.progress = !o.quiet && isatty(STDERR_FILENO);
    const struct investment *inv = &scn[0]->investment;
    if (!a.usd && inv->present)
        usd = inv->staffing_usd_per_booth_hour;
    char dir[4096];
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/staff-%s", DEFAULT_OUT_ROOT, scn[0]->name);
    sig_install("nothing was written");
    note_run(dir);
    for (size_t v = 0; v < nv; v++)
        if (staff_search(scn[2 * v], &so, &plans[v], &e) < 0)
            goto fail;
    /* Each plan as a file that extends FILE, loaded back from its text. */
    char rel[4096];
    if (fset_mkdirs(dir, &e) < 0)
        goto fail;
    if (relative_path(rel, sizeof rel, dir, o.files[0]) < 0) {
        err_set(&e, EXIT_FAIL, "staff: cannot write the path of %s relative to %s", o.files[0],
                dir);
        goto fail;
    }
    for (size_t v = 0; v < nv; v++) {
        char name[SCN_NAME_MAX], label[FSET_PATH_MAX];
        snprintf(names[v], sizeof names[v], v ? "staffed-h%zu.json" : "staffed.json", v);
        snprintf(name, sizeof name, v ? "%.48s-staffed-h%zu" : "%.48s-staffed", scn[0]->name, v);
        if (fset_join(label, dir, names[v]) < 0) {
            err_set(&e, EXIT_FAIL, "staff: the path %s/%s is too long", dir, names[v]);
            goto fail;
        }
        if (staffout_overrides(plans[v], name, &ov[v], &e) < 0
            || !(texts[v] = scn_extension_text(o.files[0], rel, ov[v].ov, ov[v].n, &e))
            || !(scn[2 * v + 1] = scn_parse(texts[v], strlen(texts[v]), label, &e))) {
            if (e.code == EXIT_USAGE)
                e.code = EXIT_FAIL;     /* the plan itself must load: an internal error */
            goto fail;
        }
        struct batch_opts bo = batch_opts_of(&o);
        struct batch_info bi;
        bo.reps = plans[v]->reps;
        bo.target_hw = 0;
        batch_align(&scn[2 * v], 2, true);
        if (batch_execute(&scn[2 * v], 2, &bo, &sums[2 * v], &bi, &e) < 0)
            goto fail;
        var[v] = (struct staffout_variant){ v ? a.hours[v - 1] : "as written",
                                            v ? a.hours[v - 1] : NULL, names[v], texts[v],
                                            plans[v], sums[2 * v], sums[2 * v + 1] };
    }
    struct staffout out = { o.files[0], scn[0], targets, so.n_targets, &so, usd,
                            inv->present ? inv->days_per_year : DAYS_PER_YEAR, var, nv };
    if (staffout_write(dir, &out, &e) < 0)
        goto fail;
    rc = EXIT_OK;
    if (!o.quiet) {
        staffout_print(stdout, &out);
        printf("\nwrote %s/: staffing.csv, staffing.json, ", dir);
        for (size_t v = 0; v < nv; v++)
            printf("%s, ", names[v]);
        printf("manifest.json\n");
    }
    goto done;
fail:
    fprintf(stderr, "poesim: %s\n", e.msg);
    rc = e.code ? e.code : EXIT_FAIL;
done:
    for (size_t v = 0; v < STAFF_VARIANTS_MAX; v++) {
        staff_plan_free(plans[v]);
        staffout_ov_free(&ov[v]);
        free(texts[v]);
    }
    for (size_t i = 0; i < 2 * STAFF_VARIANTS_MAX; i++) {
        sum_free(sums[i]);
        scn_free(scn[i]);
    }
    sets_free(&sets);
    free(group_text);
    free(rest);
    return rc;
}

static int cmd_plot(int argc, char **argv)
{
    struct opts o = { .cmd = "plot" };
    int rc = parse_opts(argc, argv, &o, plot_help);
    if (rc)
        return rc == 1 ? EXIT_OK : rc;
    if (o.n_files != 1)
        return usage_error("plot: expected one output folder");
    if (o.have_reps || o.have_seed || o.have_days || o.out || o.n_sets || o.no_plots || o.jobs_given)
        return usage_error("plot: only --plots and --quiet apply");
    struct err e = { 0 };
    if (fset_check(o.files[0], NULL, NULL, false, &e) < 0) {  /* trust complete sets only */
        fprintf(stderr, "poesim: plot: %s\n", e.msg);
        return EXIT_USAGE;
    }
    sig_install("");
    return draw(&o, o.files[0]);
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    static const struct { const char *cmd, *text; } helps[] = {
        { "run", run_help },     { "batch", batch_help }, { "sweep", sweep_help },
        { "plot", plot_help },   { "check", check_help }, { "help", help_help },
        { "staff", staff_help },
    };
    for (size_t i = 0; i < sizeof helps / sizeof *helps; i++)
        if (!strcmp(argv[1], helps[i].cmd)) {
            fputs(helps[i].text, stdout);
            return EXIT_OK;
        }
    return usage_error("help: unknown command \"%s\"", argv[1]);
}

/* With --mpi (and MPI built in), start MPI before anything else: rank 0 runs
 * the command, the other ranks serve it (ranks.h). */
static int run_ranked(int (*cmd)(int, char **), int argc, char **argv)
{
    bool mpi = false;
    for (int i = 2; i < argc; i++)
        mpi = mpi || !strcmp(argv[i], "--mpi");
    if (!mpi || !ranks_built())
        return cmd(argc - 1, argv + 1);
    struct err e = { 0 };
    int rank = ranks_start(&argc, &argv, &e);
    if (rank < 0) {
        fprintf(stderr, "poesim: %s: %s\n", argv[1], e.msg);
        return e.code;
    }
    if (rank > 0)
        return ranks_serve();
    return ranks_end(cmd(argc - 1, argv + 1));
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
        return run_ranked(cmd_run, argc, argv);
    if (!strcmp(cmd, "batch"))
        return run_ranked(cmd_batch, argc, argv);
    if (!strcmp(cmd, "sweep"))
        return run_ranked(cmd_sweep, argc, argv);
    if (!strcmp(cmd, "staff"))
        return cmd_staff(argc - 1, argv + 1);
    if (!strcmp(cmd, "plot"))
        return cmd_plot(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "help"))
        return cmd_help(argc - 1, argv + 1);
    return usage_error("unknown command \"%s\"", cmd);
}
