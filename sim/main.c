/*
 * main.c - the poesim command line.  Parses arguments, calls the modules,
 * prints "poesim: <message>" on errors and chooses the exit status:
 * 0 done, 2 bad usage or bad scenario (nothing written), 1 failure,
 * 128 + N stopped by signal N (130 SIGINT, 143 SIGTERM; signals.h).
 */
#include <ctype.h>
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

#include "assess.h"
#include "assign.h"
#include "batch.h"
#include "calibrate.h"
#include "compare.h"
#include "digest.h"
#include "error.h"
#include "fileset.h"
#include "observed.h"
#include "output.h"
#include "overload.h"
#include "plot.h"
#include "ranks.h"
#include "regcmp.h"
#include "region.h"
#include "regfit.h"
#include "regout.h"
#include "resume.h"
#include "scenario.h"
#include "signals.h"
#include "staff.h"
#include "staffout.h"
#include "summary.h"
#include "version.h"

#define DEFAULT_OUT_ROOT "output"
#define DEFAULT_MAX_REPS 200            /* the cap of --reps auto */
#define MAX_SETS 32
#define MAX_SWEEP_POINTS 10000
_Static_assert(MAX_SWEEP_POINTS < 100000, "sweep point names carry at most 5 digits");
#define MAX_FILES 64
#define MAX_JOBS 256
_Static_assert(SIG_NOTE_MAX >= 2 * FSET_PATH_MAX + 256, "a signal's note holds two folders");

static const char usage_text[] =
    "usage: poesim COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  run FILE         simulate a scenario; write summary.json and hourly.csv\n"
    "  batch BASE PROPOSAL...\n"
    "                   compare proposals with a baseline (common random numbers)\n"
    "  sweep FILE --set PATH=V1,V2,...\n"
    "                   run a grid of variants of a scenario\n"
    "  calibrate BASE OBSERVED\n"
    "                   fit a scenario to an observed hourly table\n"
    "  region FILE      ports that travellers choose among: iterate choices and waits\n"
    "  assess FILE      what each pre-clearance programme saves its members, and\n"
    "                   where that advantage halves and vanishes as it grows\n"
    "  plot DIR         draw the plots and report.html of an output folder again\n"
    "  staff FILE --target SPEC\n"
    "                   the fewest booths by hour that keep waits under a target\n"
    "  check FILE       validate a scenario file without running it (--merged: show it\n"
    "                   with the files it extends merged)\n"
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
    "  --jobs J       replications run at once on threads, and plots drawn at once\n" \
    "                 (default: the cores; the outputs are the same bytes whatever J)\n" \
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
    "Region files (see 'poesim help region') compare the same way: each region is solved\n"
    "into DIR/<name>/, and region_comparison.csv, region_comparison.json and\n"
    "benefit_cost.csv (the region as a whole and each port) go to DIR; not with --reps\n"
    "auto or --resume.\n"
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

static const char calibrate_help[] =
    "usage: poesim calibrate BASE.json OBSERVED.csv [--port NAME] [options]\n"
    "\n"
    "Fit BASE (the port's infrastructure) to an observed hourly table (SANDAG's\n"
    "published columns or poesim's own): demand by hour and programme, the queue\n"
    "standing at the start, inspection speed by hour, the staffing policy's bounds,\n"
    "minimum and officers on duty; simulate in fixed-point rounds and keep the best.\n"
    "Writes DIR/calibrated.json (extends BASE), DIR/fit.csv, DIR/fit.json and the\n"
    "calibrated run in DIR/run/ (default DIR: output/calibrate-<base name>); a fit\n"
    "table on stdout.\n"
    "\n"
    "  --port NAME       the rows of this port (port_name; needed when the table\n"
    "                    holds several ports)\n"
    "  --name NAME       the calibrated scenario's name (default: BASE's + -calibrated)\n"
    "  --rounds N        fixed-point rounds per candidate upper bound, 0..100 (default 5)\n"
    "  --stand-min M     a wait of at least M minutes is a standing queue (default 5)\n"
    "  --reps N, --seed S, --days D, --jobs J, --out DIR, --quiet, --plots LIST,\n"
    "  --no-plots        as for run (reps, seed and days are written into\n"
    "                    calibrated.json when given)\n"
    "\n"
    "Exit status: 0 done, 2 bad usage, a bad scenario or a bad table (nothing written),\n"
    "1 failure, 130/143 stopped by SIGINT/SIGTERM.\n";

static const char region_help[] =
    "usage: poesim region REGION [--set PATH=VALUE]... [--fit-constants] [options]\n"
    "\n"
    "Simulate a region of ports whose travellers choose where to cross (a logit of\n"
    "access time, expected wait and toll): every port is simulated with the current\n"
    "split, the split is recomputed from the waits and averaged with the previous one,\n"
    "until the largest change of an hourly share is below the region's tolerance (or\n"
    "its cap of iterations); held tolls move a step each iteration.  Writes each port's\n"
    "run outputs to DIR/<port>/ and region.csv, region.json, tolls.csv and\n"
    "convergence.csv to DIR (default: output/<region name>); a table on stdout.\n"
    "\n"
    "  --set PATH=VALUE  change one value of the region file, e.g. iterations.max=10\n"
    "  --reps N       replications (1..10000), overriding the region's run.replications\n"
    "  --seed S       random seed (0..2^53), overriding run.seed\n"
    "  --days D       measured days (1..3660), overriding run.days\n"
    "  --jobs J       replications run at once on threads, over all the ports of an\n"
    "                 iteration, and plots drawn at once (default: the cores; the same\n"
    "                 bytes whatever J)\n"
    "  --out DIR      output folder\n"
    "  --mpi          spread each iteration's replications over the ranks of an MPI job\n"
    "                 (as for run; the same bytes as a serial run)\n"
    "  --quiet        print nothing but errors (no table, warnings or iterations)\n"
    "  --plots LIST   plot formats, of png,svg,pdf (default png,svg)\n"
    "  --no-plots     no plots and no report.html\n"
    "  --fit-constants  fit the ports' constants to the region's \"observed\" trips:\n"
    "                 after each equilibrium, c <- c + ln(observed / modelled share),\n"
    "                 until every group's share at every port is within\n"
    "                 observed.tolerance; writes DIR/fitted.json, a region file that\n"
    "                 extends REGION with the fitted constants (not with --set)\n"
    "\n"
    EXIT_TEXT;

static const char assess_help[] =
    "usage: poesim assess FILE [--set PATH=VALUE]... [options]\n"
    "\n"
    "Assess each trusted programme (Ready, SENTRI, FAST) of FILE against the General\n"
    "line of its direction and mode: the crossing time it saves a member (mean and\n"
    "95th percentile, paired within each replication), a member's hours and dollars a\n"
    "year at assessment.crossings_per_member_per_year crossings; then, moving the\n"
    "programme's share over a grid (assessment.share_step; General takes the\n"
    "difference), where its advantage halves and where it vanishes, with its lanes as\n"
    "they are and with lanes (in a lane pool: officers on duty) in proportion to its\n"
    "share.  Every variant runs with common random numbers.  Writes assess.csv and\n"
    "assess.json to DIR (default: output/assess-<name>); a table on stdout.\n"
    "\n"
    "  --set PATH=VALUE  change one value of the scenario first\n"
    "  --reps N, --seed S, --days D, --jobs J, --out DIR, --quiet, --plots LIST,\n"
    "  --no-plots        as for run\n"
    "\n"
    EXIT_TEXT;

static const char plot_help[] =
    "usage: poesim plot DIR [--plots LIST] [--jobs J] [--quiet]\n"
    "\n"
    "Draw the plots of an output folder of 'poesim run', 'batch', 'sweep', 'region',\n"
    "'calibrate' or 'assess' again into DIR/plots/ (a gnuplot script and its data beside\n"
    "each image) and write DIR/report.html.  LIST is a comma-separated list of png, svg,\n"
    "pdf (default png,svg).  J gnuplot processes draw at once (default: the number of\n"
    "cores); the images are the same.\n"
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
    "usage: poesim check FILE [--set PATH=VALUE]... [--merged] [--quiet]\n"
    "\n"
    "Validate the scenario in FILE (and the files it extends), with the overrides\n"
    "given: print a one-line description and any warnings, or the first error (file,\n"
    "JSON path, what was expected and found).  A region file is checked with its\n"
    "ports.\n"
    "\n"
    "  --merged   also print the scenario as poesim reads it: FILE with its extends\n"
    "             chain merged and the overrides applied, as indented JSON on stdout\n"
    "             (the one-line description then goes to stderr, so stdout is a\n"
    "             scenario file that loads as is); not for region files\n"
    "  --quiet    no warnings\n"
    "Exit status: 0 valid, 2 invalid.\n";

static const char help_help[] =
    "usage: poesim help [COMMAND]\n"
    "\n"
    "Show the usage of poesim, or of COMMAND (run, batch, sweep, region, calibrate,\n"
    "assess, staff, plot, check, help).\n";

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

/* Print the error e as "poesim: <message>"; return its exit status
 * (EXIT_FAIL if it has none). */
static int report_error(const struct err *e)
{
    fprintf(stderr, "poesim: %s\n", e->msg);
    return e->code ? e->code : EXIT_FAIL;
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
    bool merged;                    /* check --merged: print the merged scenario */
    bool fit_constants;             /* region --fit-constants */
    bool mpi;                       /* --mpi: this is rank 0 of an MPI job */
    const char *port, *name;        /* calibrate: --port, --name */
    uint64_t rounds;                /* calibrate: --rounds */
    bool have_rounds;
    double stand_min;               /* calibrate: --stand-min, 0: not given */
    double target_hw;
    unsigned plots;                 /* formats, 0: default */
};

#define STAND_MIN_MAX 1440.0      /* minutes: a day */

/* calibrate's own options.  Returns 0, or -1 after printing the error. */
static int calibrate_opt(struct opts *o, const char *opt, const char *v)
{
    if (!strcmp(opt, "--port")) {
        if (!*v || strlen(v) >= OBS_PORT_MAX)
            return usage_error("calibrate: --port: expected a port name of 1 to %d bytes",
                               OBS_PORT_MAX - 1), -1;
        o->port = v;
    } else if (!strcmp(opt, "--name")) {
        o->name = v;
    } else if (!strcmp(opt, "--rounds")) {
        if (parse_int("--rounds", v, 0, CALIB_ROUNDS_MAX, &o->rounds) < 0)
            return -1;
        o->have_rounds = true;
    } else {
        char *end;
        errno = 0;
        o->stand_min = strtod(v, &end);
        if (!*v || *end || errno || !(o->stand_min > 0) || o->stand_min > STAND_MIN_MAX)
            return usage_error("calibrate: --stand-min: expected minutes > 0 and <= %g, got "
                               "\"%s\"", STAND_MIN_MAX, v), -1;
    }
    return 0;
}

/* If a is a flag (an option without a value), set it and make *taken true.
 * Returns 0, or EXIT_USAGE after printing why the flag cannot be used. */
static int take_flag(struct opts *o, const char *a, bool *taken)
{
    bool *flag = !strcmp(a, "--quiet") || !strcmp(a, "-q") ? &o->quiet
               : !strcmp(a, "--no-plots") ? &o->no_plots
               : !strcmp(a, "--resume") ? &o->resume
               : !strcmp(a, "--mpi") ? &o->mpi
               : !strcmp(a, "--merged") ? &o->merged
               : !strcmp(a, "--fit-constants") ? &o->fit_constants : NULL;
    *taken = flag != NULL;
    if (flag == &o->mpi && !ranks_built()) {
        fprintf(stderr, "poesim: %s: --mpi: this poesim was built without MPI; rebuild with "
                        "make MPI=1\n", o->cmd);
        return EXIT_USAGE;
    }
    if (flag)
        *flag = true;
    return 0;
}

/* Every option of every command, for a "did you mean". */
static const char *const option_names[] = {
    "--reps", "--target-halfwidth", "--max-reps", "--jobs", "--seed", "--days", "--out",
    "--set", "--plots", "--no-plots", "--quiet", "--resume", "--mpi", "--merged", "--help",
    "--port", "--name", "--rounds", "--stand-min", "--fit-constants",
};

static bool option_known(const char *opt)
{
    for (size_t i = 0; i < sizeof option_names / sizeof *option_names; i++)
        if (!strcmp(opt, option_names[i]))
            return true;
    return false;
}

/* The option that opt (unknown) was meant to be: one it is a prefix of, if
 * only one, or the nearest within two edits; NULL if none. */
static const char *option_near(const char *opt)
{
    const char *only = NULL;
    size_t n = sizeof option_names / sizeof *option_names, starts = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(opt) > 3 && !strncmp(option_names[i], opt, strlen(opt))) {
            only = option_names[i];
            starts++;
        }
    return starts == 1 ? only : scn_suggest(opt, option_names, n);
}

/* Option opt (its name, "--reps") with value v.  Returns 0, or EXIT_USAGE
 * after printing the error. */
static int take_value(struct opts *o, const char *opt, const char *v)
{
    if (!strcmp(opt, "--reps")) {
        if (!strcmp(v, "auto"))
            o->reps_auto = true;
        else if (parse_int("--reps", v, 1, SCN_RUN_REPS_MAX, &o->reps) < 0)
            return EXIT_USAGE;
        o->have_reps = true;
    } else if (!strcmp(opt, "--jobs")) {
        if (parse_int("--jobs", v, 1, MAX_JOBS, &o->jobs) < 0)
            return EXIT_USAGE;
        o->jobs_given = true;
    } else if (!strcmp(opt, "--max-reps")) {
        if (parse_int("--max-reps", v, 2, SCN_RUN_REPS_MAX, &o->max_reps) < 0)
            return EXIT_USAGE;
    } else if (!strcmp(opt, "--target-halfwidth")) {
        char *end;
        errno = 0;
        o->target_hw = strtod(v, &end);
        if (!*v || *end || errno || !(o->target_hw > 0) || !isfinite(o->target_hw))
            return usage_error("--target-halfwidth: expected minutes > 0, got \"%s\"", v);
    } else if (!strcmp(opt, "--seed")) {
        if (parse_int("--seed", v, 0, SCN_RUN_SEED_MAX, &o->seed) < 0)
            return EXIT_USAGE;
        o->have_seed = true;
    } else if (!strcmp(opt, "--days")) {
        if (parse_int("--days", v, 1, SCN_RUN_DAYS_MAX, &o->days) < 0)
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
    } else if (!strcmp(opt, "--port") || !strcmp(opt, "--name") || !strcmp(opt, "--rounds")
               || !strcmp(opt, "--stand-min")) {
        if (strcmp(o->cmd, "calibrate") != 0)
            return usage_error("%s: unknown option \"%s\" (it is calibrate's)", o->cmd, opt);
        if (calibrate_opt(o, opt, v) < 0)
            return EXIT_USAGE;
    } else if (!strcmp(opt, "--set")) {
        if (o->n_sets == MAX_SETS)
            return usage_error("%s: at most %d --set options", o->cmd, MAX_SETS);
        o->sets[o->n_sets++] = v;
    } else if (option_known(opt)) {     /* a flag given a value */
        return usage_error("%s: %s takes no value", o->cmd, opt);
    } else {
        const char *near = option_near(opt);
        if (near)
            return usage_error("%s: unknown option \"%s\" (did you mean \"%s\"?)", o->cmd, opt,
                               near);
        return usage_error("%s: unknown option \"%s\"", o->cmd, opt);
    }
    return 0;
}

/* The options that go together or exclude each other, once all are read;
 * the defaults of --max-reps and --jobs.  Returns 0, or EXIT_USAGE after
 * printing the error. */
static int check_opts(struct opts *o)
{
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
        && strcmp(o->cmd, "sweep") != 0 && strcmp(o->cmd, "region") != 0)
        return usage_error("%s: --mpi applies to run, batch, sweep and region", o->cmd);
    if (o->merged && strcmp(o->cmd, "check") != 0)
        return usage_error("%s: --merged applies to check", o->cmd);
    if (o->fit_constants && strcmp(o->cmd, "region") != 0)
        return usage_error("%s: --fit-constants applies to region", o->cmd);
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

/* Read the arguments of command o->cmd (argv[0] is the command) into *o.
 * Returns true to go on with the command; false when it is over already,
 * with its exit status in *status: EXIT_OK after --help printed help,
 * EXIT_USAGE after an error was printed. */
static bool parse_opts(int argc, char **argv, struct opts *o, const char *help, int *status)
{
    *status = EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool flag;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(help, stdout);
            *status = EXIT_OK;
            return false;
        }
        if (take_flag(o, a, &flag) != 0)
            return false;
        if (flag)
            continue;
        if (a[0] == '-' && a[1]) {      /* --opt=value, or --opt value */
            const char *v = strchr(a, '=');
            char opt[32];
            size_t n = v ? (size_t)(v - a) : strlen(a);
            if (n >= sizeof opt) {
                usage_error("%s: unknown option \"%s\"", o->cmd, a);
                return false;
            }
            memcpy(opt, a, n);
            opt[n] = '\0';
            if (!option_known(opt)) {       /* before taking the next argument */
                take_value(o, opt, "");
                return false;
            }
            if (v) {
                v++;
            } else if (i + 1 < argc) {
                v = argv[++i];
            } else {
                usage_error("%s: %s needs a value", o->cmd, opt);
                return false;
            }
            if (!strcmp(opt, "--set") && !strchr(v, '=')) {    /* --set PATH VALUE */
                if (i + 1 < argc && argv[i + 1][0] != '-')
                    usage_error("%s: --set takes PATH=VALUE, one argument; got \"%s\" (did you "
                                "mean --set '%s=%s'?)", o->cmd, v, v, argv[i + 1]);
                else
                    usage_error("%s: --set takes PATH=VALUE, one argument; got \"%s\"", o->cmd,
                                v);
                return false;
            }
            if (take_value(o, opt, v) != 0)
                return false;
            continue;
        }
        if (o->n_files == MAX_FILES) {
            usage_error("%s: at most %d scenario files", o->cmd, MAX_FILES);
            return false;
        }
        o->files[o->n_files++] = a;
    }
    if (check_opts(o) != 0)
        return false;
    *status = EXIT_OK;
    return true;
}

/* Draw the plots and report of output folder dir unless --no-plots.
 * Returns EXIT_OK or the failure's exit status (the outputs stay). */
static int draw(const struct opts *o, const char *dir)
{
    if (o->no_plots)
        return EXIT_OK;
    struct plot_opts po = { o->plots, o->quiet, (int)o->jobs };
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

/* Can a command's outputs go to folder dir, to its subfolders subs[0..n)
 * (a batch's scenario folders) and, unless --no-plots, to their plots/?
 * Every command that writes an output folder calls this once the folder is
 * known and before any simulation, so that a folder it could not write
 * fails in a moment, with nothing written, not after the work.  Returns 0,
 * or EXIT_FAIL after printing why. */
static int out_ready(const struct opts *o, const char *dir, const char *const *subs, size_t n)
{
    struct err e = { 0 };
    char path[FSET_PATH_MAX], plots[FSET_PATH_MAX];
    for (size_t i = 0; i <= n; i++) {       /* dir, then each subfolder */
        if (i == 0)
            snprintf(path, sizeof path, "%s", dir);
        else if (fset_join(path, dir, subs[i - 1]) < 0)
            err_set(&e, EXIT_FAIL, "%s/%s: path too long", dir, subs[i - 1]);
        if (e.msg[0] || fset_ready(path, &e) < 0
            || (!o->no_plots && fset_join(plots, path, "plots") == 0 && fset_ready(plots, &e) < 0)) {
            fprintf(stderr, "poesim: %s (nothing was run)\n", e.msg);
            return EXIT_FAIL;
        }
    }
    return 0;
}

/* The set in dir before a command replaces it, if another one made it
 * (fingerprint: what the command writes now); the caller says so with
 * note_replaced once its own set is in place. */
static bool other_result(const char *dir, const char *fingerprint, struct fset_about *was)
{
    return fset_about(dir, was) == 0 && strcmp(was->fingerprint, fingerprint) != 0;
}

static void note_replaced(const struct opts *o, const char *dir, const struct fset_about *was)
{
    if (!o->quiet)
        fprintf(stderr, "poesim: note: %s: replaced the %s it held, made with other settings, "
                        "files or program (%s)\n", dir, was->kind[0] ? was->kind : "result",
                was->settings[0] ? was->settings : "settings not recorded");
}

static void print_warnings(const struct scenario *s)
{
    for (size_t i = 0; i < s->n_warnings; i++)
        fprintf(stderr, "poesim: warning: %s\n", s->warnings[i]);
}

/* A run-time warning of one scenario (overload.h), labelled with it. */
static int print_run_warning(void *ctx, const char *text)
{
    fprintf(stderr, "poesim: warning: %s: %s\n", ((const struct scenario *)ctx)->name, text);
    return 0;
}

/* The warnings of a batch, each text once, labelled with the scenarios it
 * applies to: the scenarios' own (load) or what their runs found (sums).
 * Returns 0, or EXIT_FAIL after printing the error; *keep, if not NULL,
 * takes the list (else it is freed). */
static int print_batch_warnings(struct scenario **scn, struct summary **sums, size_t n, bool quiet,
                                struct cmp_warning **keep, size_t *n_keep)
{
    struct cmp_warning *w;
    size_t nw;
    struct err e = { 0 };
    if (cmp_warnings((const struct scenario *const *)scn, (const struct summary *const *)sums, n,
                     sums == NULL || keep != NULL, &w, &nw, &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        return EXIT_FAIL;
    }
    for (size_t i = 0; !quiet && i < nw; i++) {
        bool load = false;      /* printed before the run already */
        for (size_t k = 0; sums && keep && k < scn[w[i].scen[0]]->n_warnings && !load; k++)
            load = !strcmp(scn[w[i].scen[0]]->warnings[k], w[i].text);
        if (load)
            continue;
        fputs("poesim: warning: ", stderr);
        for (size_t k = 0; k < w[i].n_scen; k++)
            fprintf(stderr, "%s%s", k ? ", " : "", scn[w[i].scen[k]]->name);
        fprintf(stderr, ": %s\n", w[i].text);
    }
    if (keep) {
        *keep = w;
        *n_keep = nw;
    } else {
        cmp_warnings_free(w, nw);
    }
    return EXIT_OK;
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

/* poesim check --merged: the scenario as one file, indented.  NULL after
 * printing the error. */
static char *merged_pretty(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = { 0 };
    char *text = scn_merged_pretty(path, ov, n, &e);
    if (!text)
        fprintf(stderr, "poesim: %s\n", e.msg);
    return text;
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

/* --reps, --seed and --days of o into region r's run settings (its ports'
 * are the caller's to align). */
static void region_run_opts(struct region *r, const struct opts *o)
{
    if (o->have_reps)
        r->run.replications = (int)o->reps;
    if (o->have_seed)
        r->run.seed = o->seed;
    if (o->have_days)
        r->run.days = (int)o->days;
}

/* The warnings of region r, then those of each of its ports' scenarios. */
static void print_region_warnings(const struct region *r)
{
    for (size_t i = 0; i < r->n_warnings; i++)
        fprintf(stderr, "poesim: warning: %s\n", r->warnings[i]);
    for (size_t j = 0; j < r->n_ports; j++)
        print_warnings(r->port[j].s);
}

/* Say, should a signal stop a region's solution, what dir holds then. */
static void note_region(const char *dir)
{
    char note[SIG_NOTE_MAX];
    snprintf(note, sizeof note, "%s keeps its previous result (or none, if this run had begun "
             "to replace it)", dir);
    sig_note(note);
}

/* poesim check of a region file: the region and its ports, with the
 * overrides given.  Returns the exit status (errors printed). */
static int check_region(const struct opts *o, const struct sets *sets)
{
    struct err e = { 0 };
    struct region *r = reg_load(o->files[0], sets->ov, (size_t)sets->n, &e);
    if (!r)
        return report_error(&e);
    if (!o->quiet)
        print_region_warnings(r);
    printf("%s: ok: region %s, %zu port%s, %zu segment%s\n", o->files[0], r->name, r->n_ports,
           r->n_ports == 1 ? "" : "s", r->n_seg, r->n_seg == 1 ? "" : "s");
    reg_free(r);
    return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
    struct opts o = { .cmd = "check" };
    int rc;
    if (!parse_opts(argc, argv, &o, check_help, &rc))
        return rc;
    if (o.n_files != 1)
        return usage_error("check: expected one scenario file");
    if (o.have_reps || o.have_seed || o.have_days || o.out || o.no_plots || o.plots
        || o.jobs_given || o.mpi)
        return usage_error("check: only --set, --merged and --quiet apply");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    if (reg_is_region_file(o.files[0])) {
        rc = o.merged ? usage_error("check: --merged applies to scenario files, not regions")
                      : check_region(&o, &sets);
        sets_free(&sets);
        return rc;
    }
    struct scenario *s = load(o.files[0], sets.ov, (size_t)sets.n);
    char *text = NULL;
    rc = EXIT_USAGE;
    if (!s || (o.merged && !(text = merged_pretty(o.files[0], sets.ov, (size_t)sets.n))))
        goto done;
    if (!o.quiet)
        print_warnings(s);
    int booths = 0;
    for (size_t i = 0; i < s->n_lanes; i++)
        booths += s->lanes[i].booths;
    /* With --merged, stdout is the scenario alone (a file that loads as is). */
    fprintf(o.merged ? stderr : stdout, "%s: ok: scenario %s, %zu demand stream%s, %zu lane "
            "group%s, %d booths\n", o.files[0], s->name, s->n_demand,
            s->n_demand == 1 ? "" : "s", s->n_lanes, s->n_lanes == 1 ? "" : "s", booths);
    if (text)
        printf("%s\n", text);
    rc = EXIT_OK;
done:
    free(text);
    scn_free(s);
    sets_free(&sets);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    struct opts o = { .cmd = "run" };
    int rc;
    if (!parse_opts(argc, argv, &o, run_help, &rc))
        return rc;
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

    char dir[FSET_PATH_MAX];
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
    if ((rc = out_ready(&o, dir, NULL, 0)) != EXIT_OK)
        goto done;
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
        ovl_collect(s, sum, print_run_warning, s);
    resume_set_reps(job, bi.replications);
    struct fset_about was;
    bool replaced = other_result(dir, resume_fingerprint(job, 0), &was);
    if (resume_unchanged(job, &e) < 0
        || out_write_unit(dir, s, sum, OUT_RUN, resume_fingerprint(job, 0), &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
        goto done;
    }
    if (replaced)
        note_replaced(&o, dir, &was);
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

/* Make every region run like regs[0] (seed, days, warm-up, start,
 * replications), each port too; a warning names each region changed unless
 * quiet. */
static void align_regions(struct region *const *regs, size_t n, bool quiet)
{
    const struct run *b = &regs[0]->run;
    for (size_t i = 0; i < n; i++) {
        struct run *r = &regs[i]->run;
        if (i > 0 && !quiet && (r->seed != b->seed || r->days != b->days
                                || r->warmup_days != b->warmup_days || r->start != b->start
                                || r->replications != b->replications || r->rng != b->rng))
            fprintf(stderr, "poesim: warning: %s runs like the baseline %s (seed %llu, %d day%s "
                            "after %d warm-up, from %s, %d replication%s%s%s) so that the "
                            "comparison is paired\n", regs[i]->name, regs[0]->name,
                    (unsigned long long)b->seed, b->days, PLURAL(b->days), b->warmup_days,
                    scn_weekday_name(b->start), b->replications, PLURAL(b->replications),
                    r->rng != b->rng ? ", generator " : "",
                    r->rng != b->rng ? rng_kind_names[b->rng] : "");
        if (i > 0)
            *r = *b;
        reg_ports_follow_run(regs[i]);
    }
}

/* A batch of regions: each region (the baseline first), its solution and
 * fingerprint, the fingerprint of them all, their comparison and the
 * output folder.  Zeroed, filled by the steps below, freed by
 * region_batch_free. */
struct region_batch {
    size_t n;
    struct region *reg[MAX_FILES];
    struct asg_result *res[MAX_FILES];
    char fp[MAX_FILES][DIGEST_HEX], job_fp[DIGEST_HEX];
    struct rcmp *c;
    char dir[FSET_PATH_MAX];
};

static void region_batch_free(struct region_batch *b)
{
    rcmp_free(b->c);
    for (size_t i = 0; i < b->n; i++) {
        asg_free(b->res[i]);
        reg_free(b->reg[i]);
    }
}

/* Load the batch's region files (o->files) with the --set overrides into
 * b->reg, refusing a file that is not a region and two regions of one name.
 * Returns 0, or the exit status after printing the error. */
static int regions_load(struct region_batch *b, const struct opts *o, const struct sets *sets)
{
    struct err e = { 0 };
    for (size_t i = 0; i < b->n; i++) {
        if (!reg_is_region_file(o->files[i])) {
            fprintf(stderr, "poesim: batch: %s is a region file and %s is not: a batch compares "
                            "scenarios, or regions, not both\n", o->files[0], o->files[i]);
            return EXIT_USAGE;
        }
        if (!(b->reg[i] = reg_load(o->files[i], sets->ov, (size_t)sets->n, &e)))
            return report_error(&e);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(b->reg[i]->name, b->reg[j]->name)) {
                fprintf(stderr, "poesim: batch: %s and %s are both named \"%s\"; give each "
                                "region its own \"name\" (it names its output folder)\n",
                        o->files[j], o->files[i], b->reg[i]->name);
                return EXIT_USAGE;
            }
    }
    return 0;
}

/* Each region's fingerprint (with the overrides) into b->fp, and the
 * digest of them all into b->job_fp.  Returns 0, or -1 with *e filled. */
static int regions_fingerprint(struct region_batch *b, const struct sets *sets, struct err *e)
{
    struct digest dg;
    unsigned char d[DIGEST_BYTES];
    digest_init(&dg);
    for (size_t i = 0; i < b->n; i++) {
        if (reg_fingerprint(b->reg[i], sets->ov, (size_t)sets->n, b->fp[i], e) < 0)
            return -1;
        digest_update(&dg, b->fp[i], strlen(b->fp[i]));
    }
    digest_final(&dg, d);
    digest_to_hex(d, b->job_fp);
    return 0;
}

/* Solve each region, compare them and write the batch into b->dir: a
 * folder per region, then the comparison's set.  Returns 0, or -1 with *e
 * filled. */
static int regions_solve_write(struct region_batch *b, const struct opts *o, struct err *e)
{
    struct asg_opts ao = { .jobs = (int)o->jobs, .progress = !o->quiet, .mpi = o->mpi };
    char sub[FSET_PATH_MAX];
    for (size_t i = 0; i < b->n; i++)
        if (asg_solve(b->reg[i], &ao, &b->res[i], e) < 0)
            return -1;
    if (!(b->c = rcmp_build((const struct asg_result *const *)b->res, b->n, e))
        || fset_unmark(b->dir, NULL, 0, e) < 0)
        return -1;
    for (size_t i = 0; i < b->n; i++) {
        if (fset_join(sub, b->dir, b->reg[i]->name) < 0)
            return err_set(e, EXIT_FAIL, "%s/%s: path too long", b->dir, b->reg[i]->name);
        if (rgo_write(sub, b->res[i], b->fp[i], e) < 0)
            return -1;
    }
    return rcmp_write(b->dir, b->c, b->job_fp, e);
}

/* poesim batch of region files: each region solved with the baseline's run
 * settings (common random numbers), compared port by port and as a whole
 * (regcmp.h). */
static int batch_regions(const struct opts *o, const struct sets *sets)
{
    struct region_batch b = { .n = (size_t)o->n_files };
    struct err e = { 0 };
    char sub[FSET_PATH_MAX];
    int rc;
    if (o->reps_auto || o->resume)
        return usage_error("batch: with regions, %s does not apply", o->reps_auto ? "--reps auto"
                           : "--resume");
    if ((rc = regions_load(&b, o, sets)))
        goto done;
    region_run_opts(b.reg[0], o);
    align_regions(b.reg, b.n, o->quiet);
    for (size_t i = 0; !o->quiet && i < b.n; i++)
        print_region_warnings(b.reg[i]);
    if (o->out)
        snprintf(b.dir, sizeof b.dir, "%s", o->out);
    else
        snprintf(b.dir, sizeof b.dir, "%s/batch-%s", DEFAULT_OUT_ROOT, b.reg[0]->name);
    if ((rc = out_ready(o, b.dir, NULL, 0)) != EXIT_OK)
        goto done;
    note_region(b.dir);
    if (regions_fingerprint(&b, sets, &e) < 0 || regions_solve_write(&b, o, &e) < 0) {
        rc = report_error(&e);
        goto done;
    }
    for (size_t i = 0; i < b.n && rc == EXIT_OK; i++)
        if (fset_join(sub, b.dir, b.reg[i]->name) == 0)
            rc = draw(o, sub);
    if (!o->quiet) {
        for (size_t i = 0; i < b.n; i++)
            for (size_t j = 0; j < b.reg[i]->n_ports; j++)
                ovl_warn(stderr, b.reg[i]->port[j].s, b.res[i]->sums[j]);
        rcmp_print(stdout, b.c);
        printf("\nwrote %s/: region_comparison.csv, region_comparison.json, benefit_cost.csv, "
               "manifest.json and one folder per region\n", b.dir);
    }
done:
    region_batch_free(&b);
    return rc;
}

/* The scenarios of a batch or sweep and what becomes of them. */
struct job {
    size_t n;                   /* scenarios: the baseline (the scenario as written) first */
    struct scenario **scn;
    struct summary **sums;
    char **texts;               /* with --mpi: each scenario for the workers (ranks.h) */
    const char **labels;        /* with --mpi: the file each comes from */
    struct resume *resume;
    struct comparison *c;       /* once compared */
    char dir[FSET_PATH_MAX];
};

/* Room for n scenarios (texts and labels too with mpi).  Returns 0, or -1
 * if out of memory (j is then safe to job_free). */
static int job_alloc(struct job *j, size_t n, bool mpi)
{
    memset(j, 0, sizeof *j);
    j->n = n;
    j->scn = calloc(n, sizeof *j->scn);
    j->sums = calloc(n, sizeof *j->sums);
    if (mpi) {
        j->texts = calloc(n, sizeof *j->texts);
        j->labels = calloc(n, sizeof *j->labels);
    }
    return j->scn && j->sums && (!mpi || (j->texts && j->labels)) ? 0 : -1;
}

static void job_free(struct job *j)
{
    resume_free(j->resume);
    cmp_free(j->c);
    for (size_t i = 0; j->scn && i < j->n; i++) {
        if (j->sums)
            sum_free(j->sums[i]);
        scn_free(j->scn[i]);
        if (j->texts)
            free(j->texts[i]);
    }
    free(j->scn);
    free(j->sums);
    free(j->texts);
    free(j->labels);
    memset(j, 0, sizeof *j);
}

/* Load scenario i of j from file with overrides ov[0..n) (and its text for
 * the workers with --mpi).  Returns 0, or EXIT_USAGE after printing the
 * error. */
static int job_load(const struct opts *o, struct job *j, size_t i, const char *file,
                    const struct scn_override *ov, size_t n)
{
    if (!(j->scn[i] = load(file, ov, n)) || (o->mpi && !(j->texts[i] = merged(file, ov, n))))
        return EXIT_USAGE;
    if (j->labels)
        j->labels[i] = file;
    return 0;
}

/* A sweep's run-time warnings, not printed here (print_sweep_warnings
 * labels them with their points' values) but kept in its comparison for
 * sweep.csv's warnings column.  Returns 0, or EXIT_FAIL after the error. */
static int keep_run_warnings(struct job *j)
{
    struct err e = { 0 };
    for (size_t i = 0; i < j->n; i++)
        if (!j->sums[i])
            return EXIT_OK;
    if (cmp_warnings((const struct scenario *const *)j->scn, (const struct summary *const *)j->sums,
                     j->n, false, &j->c->warnings, &j->c->n_warnings, &e) < 0)
        return report_error(&e);
    return EXIT_OK;
}

/* The end of a batch and of a sweep, whose scenarios are loaded and known
 * to j->resume: unless --resume finds the outputs complete already, run (or
 * read back) the scenarios, compare them (j->c), write every output as one
 * set, the job's own files through write_top(t), and draw the plots.
 * The run-time warnings are printed and kept in j->c (a batch:
 * warn_overload), or kept only (a sweep, whose caller prints them labelled).
 * Returns the exit status (errors printed); *written says whether the
 * outputs were written, for the caller's table. */
static int job_finish(const struct opts *o, struct job *j, bool warn_overload,
                      int (*write_top)(void *ctx, const char *fingerprint, struct err *e),
                      struct top *t, bool *written)
{
    struct err e = { 0 };
    int rc;
    *written = false;
    if (already_complete(o, j->resume, j->dir))
        return EXIT_OK;
    if ((rc = run_and_compare(o, j->scn, j->n, j->labels, j->texts, j->resume, &j->c,
                              j->sums)) != EXIT_OK)
        return rc;
    if (warn_overload && (rc = print_batch_warnings(j->scn, j->sums, j->n, o->quiet,
                                                    &j->c->warnings, &j->c->n_warnings))
                             != EXIT_OK)
        return rc;
    if (!warn_overload && (rc = keep_run_warnings(j)) != EXIT_OK)
        return rc;
    t->c = j->c;
    struct fset_about was;
    bool replaced = other_result(j->dir, resume_fingerprint(j->resume, j->n), &was);
    if (resume_commit(j->resume, j->sums, write_top, t, &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        return e.code ? e.code : EXIT_FAIL;
    }
    if (replaced)
        note_replaced(o, j->dir, &was);
    *written = true;
    return draw(o, j->dir);
}

/* Two scenarios of a batch with one name (it names their output folders):
 * EXIT_USAGE after printing which, else 0. */
static int distinct_names(const struct opts *o, const struct job *j)
{
    for (size_t i = 0; i < j->n; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(j->scn[i]->name, j->scn[k]->name)) {
                fprintf(stderr, "poesim: batch: %s and %s are both named \"%s\"; give each "
                                "scenario its own \"name\" (it names its output folder)\n",
                        o->files[k], o->files[i], j->scn[i]->name);
                return EXIT_USAGE;
            }
    return 0;
}

static int cmd_batch(int argc, char **argv)
{
    struct opts o = { .cmd = "batch" };
    int rc;
    if (!parse_opts(argc, argv, &o, batch_help, &rc))
        return rc;
    if (o.n_files < 2)
        return usage_error("batch: expected a baseline and at least one proposal");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    if (reg_is_region_file(o.files[0])) {
        sig_install("nothing was written");
        rc = batch_regions(&o, &sets);
        sets_free(&sets);
        return rc;
    }
    for (int i = 1; i < o.n_files; i++)
        if (reg_is_region_file(o.files[i])) {
            fprintf(stderr, "poesim: batch: %s is a region file and %s is not: a batch compares "
                            "scenarios, or regions, not both\n", o.files[i], o.files[0]);
            sets_free(&sets);
            return EXIT_USAGE;
        }
    size_t n = (size_t)o.n_files;
    struct job j;
    struct err e = { 0 };
    sig_install("nothing was written");
    if (job_alloc(&j, n, o.mpi) < 0) {
        rc = report_error(&(struct err){ EXIT_FAIL, "out of memory" });
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = job_load(&o, &j, i, o.files[i], sets.ov, (size_t)sets.n)))
            goto done;
    if ((rc = distinct_names(&o, &j)))
        goto done;
    apply_run_opts(j.scn[0], &o);
    if (batch_align(j.scn, n, false) < 0) {
        rc = report_error(&(struct err){ EXIT_FAIL, "out of memory" });
        goto done;
    }
    if ((rc = print_batch_warnings(j.scn, NULL, n, o.quiet, NULL, NULL)) != EXIT_OK)
        goto done;
    if (o.out)
        snprintf(j.dir, sizeof j.dir, "%s", o.out);
    else
        snprintf(j.dir, sizeof j.dir, "%s/batch-%s", DEFAULT_OUT_ROOT, j.scn[0]->name);
    note_job(j.dir);
    const char *names[MAX_FILES];
    for (size_t i = 0; i < n; i++)
        names[i] = j.scn[i]->name;
    if ((rc = out_ready(&o, j.dir, names, n)) != EXIT_OK)
        goto done;
    if (!(j.resume = resume_new(j.dir, RESUME_BATCH, n, fixed_reps(&o, j.scn[0]),
                                o.reps_auto ? o.target_hw : 0,
                                o.reps_auto ? (int)o.max_reps : 0, &e))) {
        rc = report_error(&e);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (resume_add(j.resume, i, j.scn[i], o.files[i], sets.ov, (size_t)sets.n, &e) < 0) {
            rc = report_error(&e);
            goto done;
        }
    struct top t = { j.dir, NULL, (const struct scenario *const *)j.scn, NULL, NULL, 0 };
    bool written;
    rc = job_finish(&o, &j, true, write_batch_top, &t, &written);
    if (written && !o.quiet) {
        out_print_comparison(stdout, j.c, false);
        printf("\nwrote %s/: comparison.csv, comparison.json, benefit_cost.csv, manifest.json%s "
               "and one folder per scenario\n", j.dir, o.no_plots ? "" : ", plots/, report.html");
    }
done:
    job_free(&j);
    sets_free(&sets);
    return rc;
}

/* The grid points of a sweep: the product of the --set lists' lengths.
 * Returns 0, or EXIT_USAGE after printing that there are too many. */
static int grid_size(const struct sets *sets, size_t *points)
{
    *points = 1;
    for (int k = 0; k < sets->n; k++) {
        *points *= sets->n_values[k];
        if (*points > MAX_SWEEP_POINTS)
            return usage_error("sweep: more than %d grid points", MAX_SWEEP_POINTS);
    }
    return 0;
}

/* Grid point p (from 0; the last --set varies fastest): its overrides into
 * ov[0..sets->n) and its values into values[0..sets->n). */
static void grid_point(const struct sets *sets, size_t p, struct scn_override *ov,
                       const char **values)
{
    size_t rest = p;
    for (int k = sets->n - 1; k >= 0; k--) {
        const char *v = sets->values[k][rest % sets->n_values[k]];
        rest /= sets->n_values[k];
        ov[k] = (struct scn_override){ sets->path[k], v };
        values[k] = v;
    }
}

/* A sweep's run-time warnings (overload.h: queues over capacity, crossers
 * left at the end), printed with the values of the grid point they belong
 * to ("lanes[general].lanes = 3: north pov general: demand exceeded ..."),
 * the scenario as written first; at most SWEEP_WARNED_POINTS points, then
 * how many more (a sweep of thousands of points would flood the terminal). */
#define SWEEP_WARNED_POINTS 8
struct point_warn {
    char label[512];
};

static int print_point_warning(void *ctx, const char *text)
{
    fprintf(stderr, "poesim: warning: %s: %s\n", ((const struct point_warn *)ctx)->label, text);
    return 0;
}

static int count_warning(void *ctx, const char *text)
{
    (void)ctx;
    (void)text;
    return 0;
}

static void print_sweep_warnings(const struct job *j, const char *const *paths, size_t n_paths,
                                 const char *const *values)
{
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < j->n; i++) {
        if (!j->sums[i] || ovl_collect(j->scn[i], j->sums[i], count_warning, NULL) <= 0)
            continue;
        if (shown == SWEEP_WARNED_POINTS) {
            more++;
            continue;
        }
        struct point_warn w;
        size_t used = 0;
        if (i == 0)
            snprintf(w.label, sizeof w.label, "%s as written", j->scn[0]->name);
        else
            for (size_t k = 0; k < n_paths && used < sizeof w.label; k++) {
                int m = snprintf(w.label + used, sizeof w.label - used, "%s%s = %s",
                                 k ? ", " : "", paths[k], values[(i - 1) * n_paths + k]);
                used += m > 0 ? (size_t)m : 0;
            }
        ovl_collect(j->scn[i], j->sums[i], print_point_warning, &w);
        shown++;
    }
    if (more)
        fprintf(stderr, "poesim: warning: and %zu more grid points with warnings (over capacity or "
                        "crossers left at the end): see the warnings column of sweep.csv\n", more);
}

/* Load the variants of a sweep, j->scn[1..n), one per grid point, named
 * after the scenario as written (j->scn[0]) and known to j->resume; their
 * values into values[].  Returns 0, or the exit status after printing the
 * error. */
static int sweep_variants(const struct opts *o, struct job *j, const struct sets *sets,
                          const char **values)
{
    size_t n_paths = (size_t)sets->n;
    for (size_t p = 0; p + 1 < j->n; p++) {
        struct scn_override ov[MAX_SETS];
        struct err e = { 0 };
        grid_point(sets, p, ov, values + p * n_paths);
        int rc = job_load(o, j, p + 1, o->files[0], ov, n_paths);
        if (rc)
            return rc;
        char name[SCN_NAME_MAX];
        /* 50 + "-p" + at most 5 digits (MAX_SWEEP_POINTS) fits SCN_NAME_MAX */
        snprintf(name, sizeof name, "%.50s-p%u", j->scn[0]->name, (unsigned)(p + 1) % 100000u);
        memcpy(j->scn[p + 1]->name, name, sizeof name);
        if (resume_add(j->resume, p + 1, j->scn[p + 1], o->files[0], ov, n_paths, &e) < 0)
            return report_error(&e);
    }
    return 0;
}

/* A swept path that every point would share (batch_shared_run_key), or
 * NULL. */
static const char *aligned_run_path(const struct sets *sets)
{
    for (int k = 0; k < sets->n; k++)
        if (strncmp(sets->path[k], "run.", 4) == 0 && batch_shared_run_key(sets->path[k] + 4))
            return sets->path[k];
    return NULL;
}

static int cmd_sweep(int argc, char **argv)
{
    struct opts o = { .cmd = "sweep" };
    int rc;
    if (!parse_opts(argc, argv, &o, sweep_help, &rc))
        return rc;
    if (o.n_files != 1)
        return usage_error("sweep: expected one scenario file");
    if (o.n_sets == 0)
        return usage_error("sweep: expected at least one --set PATH=V1,V2,...");
    struct sets sets;
    size_t points;
    if ((rc = sets_parse(&o, &sets, false)))
        return rc;
    const char *same = aligned_run_path(&sets);
    if (same) {
        rc = usage_error("sweep: --set %s cannot vary: every point runs with the scenario's "
                         "seed, days, warm-up, start, replications and generator, so that their "
                         "differences are paired; give it once (in the file, or with --seed, "
                         "--days or --reps)", same);
        sets_free(&sets);
        return rc;
    }
    if ((rc = grid_size(&sets, &points))) {
        sets_free(&sets);
        return rc;
    }
    size_t n = points + 1;      /* the scenario as written, then the grid */
    size_t n_paths = (size_t)sets.n;
    const char **values = calloc(points * n_paths, sizeof *values);
    struct job j;
    struct err e = { 0 };
    sig_install("nothing was written");
    if (job_alloc(&j, n, o.mpi) < 0 || !values) {
        rc = report_error(&(struct err){ EXIT_FAIL, "out of memory" });
        goto done;
    }
    if ((rc = job_load(&o, &j, 0, o.files[0], NULL, 0)))
        goto done;
    if (o.out)
        snprintf(j.dir, sizeof j.dir, "%s", o.out);
    else
        snprintf(j.dir, sizeof j.dir, "%s/sweep-%s", DEFAULT_OUT_ROOT, j.scn[0]->name);
    note_job(j.dir);
    if ((rc = out_ready(&o, j.dir, NULL, 0)) != EXIT_OK)
        goto done;
    if (!(j.resume = resume_new(j.dir, RESUME_SWEEP, n, 0, o.reps_auto ? o.target_hw : 0,
                                o.reps_auto ? (int)o.max_reps : 0, &e))
        || resume_add(j.resume, 0, j.scn[0], o.files[0], NULL, 0, &e) < 0) {
        rc = report_error(&e);
        goto done;
    }
    if ((rc = sweep_variants(&o, &j, &sets, values)))
        goto done;
    apply_run_opts(j.scn[0], &o);
    if (!o.quiet)
        print_warnings(j.scn[0]);
    batch_align(j.scn, n, true);
    resume_set_reps(j.resume, fixed_reps(&o, j.scn[0]));
    const char *paths[MAX_SETS];
    for (int k = 0; k < sets.n; k++)
        paths[k] = sets.path[k];
    struct top t = { j.dir, NULL, (const struct scenario *const *)j.scn, paths, values, n_paths };
    bool written;
    rc = job_finish(&o, &j, false, write_sweep_top, &t, &written);
    if (written && !o.quiet) {
        print_sweep_warnings(&j, paths, n_paths, values);
        out_print_sweep(stdout, j.c, paths, n_paths, values);
        printf("\n%zu grid points (named %s-p1.. in the scenario column of sweep.csv)\n"
               "wrote %s/sweep.csv%s\n", points, j.scn[0]->name, j.dir,
               o.no_plots ? "" : ", plots/, report.html");
    }
done:
    job_free(&j);
    free(values);
    sets_free(&sets);
    return rc;
}

/* The name a scenario may have (scenario.h): checked here because
 * calibrate writes it into a scenario. */
static bool good_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= SCN_NAME_MAX || !(isalnum((unsigned char)s[0])))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
            return false;
    return true;
}

static int cmd_calibrate(int argc, char **argv)
{
    struct opts o = { .cmd = "calibrate" };
    int rc;
    if (!parse_opts(argc, argv, &o, calibrate_help, &rc))
        return rc;
    if (o.n_files != 2)
        return usage_error("calibrate: expected a base scenario and an observed table, got %d "
                           "file%s", o.n_files, o.n_files == 1 ? "" : "s");
    if (o.n_sets)
        return usage_error("calibrate: --set is not taken: calibrated.json extends BASE as "
                           "written (write a scenario that extends BASE and calibrate that)");
    if (o.reps_auto || o.mpi)
        return usage_error("calibrate: %s does not apply", o.mpi ? "--mpi" : "--reps auto");
    if (o.name && !good_name(o.name))
        return usage_error("calibrate: --name: expected a name of 1 to %d characters from "
                           "A-Z a-z 0-9 _ . -, starting with a letter or a digit, got \"%s\"",
                           SCN_NAME_MAX - 1, o.name);
    sig_install("nothing was written");
    struct scenario *base = load(o.files[0], NULL, 0);
    if (!base)
        return EXIT_USAGE;
    struct err e = { 0 };
    struct obs_table *t = obs_read(o.files[1], o.port, &e);
    struct calib_result *r = NULL;
    char dir[FSET_PATH_MAX];
    if (!t)
        goto fail;
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/calibrate-%s", DEFAULT_OUT_ROOT, base->name);
    static const char *const calib_subs[] = { "run" };
    if ((rc = out_ready(&o, dir, calib_subs, 1)) != EXIT_OK)
        goto done;
    note_run(dir);
    if (!o.quiet)
        print_warnings(base);
    struct calib_opts co = {
        .name = o.name, .rounds = o.have_rounds ? (int)o.rounds : CALIB_ROUNDS_DEFAULT,
        .stand_min = o.stand_min > 0 ? o.stand_min : CALIB_STAND_MIN_DEFAULT,
        .jobs = (int)o.jobs, .have_reps = o.have_reps, .reps = (int)o.reps,
        .have_seed = o.have_seed, .seed = o.seed, .have_days = o.have_days, .days = (int)o.days,
        .quiet = o.quiet,
    };
    if (!(r = calib_run(base, o.files[0], t, &co, dir, &e)) || calib_write(r, dir, &e) < 0)
        goto fail;
    rc = draw(&o, dir);
    if (!o.quiet) {
        calib_print(stdout, r);
        printf("\ncalibrated in %.1f s; wrote %s/: calibrated.json, fit.csv, fit.json, "
               "manifest.json%s, run/\n", calib_seconds(r), dir,
               o.no_plots ? "" : ", plots/, report.html");
    }
    goto done;
fail:
    fprintf(stderr, "poesim: %s\n", e.msg);
    rc = e.code ? e.code : EXIT_FAIL;
done:
    calib_free(r);
    obs_free(t);
    scn_free(base);
    return rc;
}

static int cmd_assess(int argc, char **argv)
{
    struct opts o = { .cmd = "assess" };
    int rc;
    if (!parse_opts(argc, argv, &o, assess_help, &rc))
        return rc;
    if (o.n_files != 1)
        return o.n_files ? usage_error("assess: one scenario file expected, got %d", o.n_files)
                         : usage_error("assess: expected a scenario file");
    if (o.reps_auto || o.mpi)
        return usage_error("assess: %s does not apply", o.mpi ? "--mpi" : "--reps auto");
    struct sets sets;
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    sig_install("nothing was written");
    struct assess_opts ao = {
        .sets = sets.ov, .n_sets = (size_t)sets.n, .jobs = (int)o.jobs,
        .progress = !o.quiet && isatty(STDERR_FILENO), .have_reps = o.have_reps,
        .reps = (int)o.reps, .have_seed = o.have_seed, .seed = o.seed,
        .have_days = o.have_days, .days = (int)o.days,
    };
    struct err e = { 0 };
    struct assess_result *r = assess_run(o.files[0], &ao, &e);
    char dir[FSET_PATH_MAX];
    if (!r)
        goto fail;
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/assess-%s", DEFAULT_OUT_ROOT, assess_scenario(r)->name);
    note_run(dir);
    if (!o.quiet)
        print_warnings(assess_scenario(r));
    if (assess_write(r, dir, &e) < 0)
        goto fail;
    rc = draw(&o, dir);
    if (!o.quiet) {
        assess_print(stdout, r);
        printf("\nwrote %s/: assess.csv, assess.json, manifest.json%s\n", dir,
               o.no_plots ? "" : ", plots/, report.html");
    }
    goto done;
fail:
    fprintf(stderr, "poesim: %s\n", e.msg);
    rc = e.code ? e.code : EXIT_FAIL;
done:
    assess_free(r);
    sets_free(&sets);
    return rc;
}

/* The run settings given on the command line (--reps, --seed, --days), as
 * region r now has them, as the JSON object that fitted.json sets in its
 * "run" ("{...}") into run (n bytes, room for all three), or "" if none
 * was given. */
static void fit_run_text(const struct opts *o, const struct region *r, char *run, size_t n)
{
    int k = snprintf(run, n, "{");
    if (o->have_reps)
        k += snprintf(run + k, n - (size_t)k, "\"replications\": %d,", r->run.replications);
    if (o->have_seed)
        k += snprintf(run + k, n - (size_t)k, "\"seed\": %llu,",
                      (unsigned long long)r->run.seed);
    if (o->have_days)
        k += snprintf(run + k, n - (size_t)k, "\"days\": %d,", r->run.days);
    run[k - 1] = run[k - 1] == ',' ? '}' : '\0';
}

/* Solve region r into *a and write its set into dir (fingerprint: the
 * region with the overrides of sets); with --fit-constants, fit its
 * constants first (*fit) and write fitted.json (its text in *fitted) too.
 * Returns 0, or -1 with *e filled; *a, *fit and *fitted are the caller's
 * to free either way. */
static int region_solve_write(const struct opts *o, struct region *r, const struct sets *sets,
                              const char *dir, struct asg_result **a, struct rfit_result **fit,
                              char **fitted, struct err *e)
{
    struct asg_opts ao = { .jobs = (int)o->jobs, .progress = !o->quiet, .mpi = o->mpi };
    char fp[DIGEST_HEX], run[256];
    if (reg_fingerprint(r, sets->ov, (size_t)sets->n, fp, e) < 0)
        return -1;
    if (!o->fit_constants)
        return asg_solve(r, &ao, a, e) < 0 || rgo_write(dir, *a, fp, e) < 0 ? -1 : 0;
    fit_run_text(o, r, run, sizeof run);
    if (rfit_solve(r, &ao, fit, a, e) < 0
        || !(*fitted = rfit_region_text(*fit, dir, run[0] ? run : NULL, e))
        || rgo_write_fit(dir, *a, *fit, *fitted, fp, e) < 0)
        return -1;
    return 0;
}

/* What a solved region r (solution a, fit or NULL) found, on stdout, its
 * ports' run-time warnings on stderr, and the files written into dir. */
static void region_report(const struct opts *o, const struct region *r,
                          const struct asg_result *a, const struct rfit_result *fit,
                          const char *dir)
{
    for (size_t j = 0; j < r->n_ports; j++)
        ovl_warn(stderr, r->port[j].s, a->sums[j]);
    rgo_print_table(stdout, a);
    rgo_print_observed(stdout, a, fit);
    printf("\nwrote %s/: region.csv, region.json, tolls.csv, convergence.csv, %s%s"
           "manifest.json%s and one folder per port\n", dir,
           r->n_obs ? "observed.csv, " : "", fit ? "fitted.json, " : "",
           o->no_plots ? "" : ", plots/, report.html");
}

static int cmd_region(int argc, char **argv)
{
    struct opts o = { .cmd = "region" };
    struct sets sets;
    struct err e = { 0 };
    struct region *r = NULL;
    struct asg_result *a = NULL;
    struct rfit_result *fit = NULL;
    char *fitted = NULL, dir[FSET_PATH_MAX];
    int rc;
    if (!parse_opts(argc, argv, &o, region_help, &rc))
        return rc;
    if (o.n_files != 1)
        return o.n_files ? usage_error("region: one region file expected, got %d", o.n_files)
                         : usage_error("region: expected a region file");
    if (o.reps_auto)
        return usage_error("region: --reps auto does not apply; give --reps N");
    if ((rc = sets_parse(&o, &sets, true)))
        return rc;
    sig_install("nothing was written");
    if (o.fit_constants && sets.n) {
        rc = usage_error("region: --fit-constants does not take --set: fitted.json extends "
                         "REGION as written (write a region that extends it and fit that)");
        goto done;
    }
    if (!(r = reg_load(o.files[0], sets.ov, (size_t)sets.n, &e)))
        goto fail;
    if (o.fit_constants && !r->n_obs) {
        rc = usage_error("region: --fit-constants: %s has no \"observed\" trips to fit the "
                         "constants to (see 'Fitting constants to observed trips' in README.md)",
                         o.files[0]);
        goto done;
    }
    if (o.fit_constants && reg_fit_ready(r, &e) < 0)
        goto fail;
    region_run_opts(r, &o);
    reg_ports_follow_run(r);
    if (!o.quiet)
        print_region_warnings(r);
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else
        snprintf(dir, sizeof dir, "%s/%s", DEFAULT_OUT_ROOT, r->name);
    if ((rc = out_ready(&o, dir, NULL, 0)) != EXIT_OK)
        goto done;
    note_region(dir);
    if (region_solve_write(&o, r, &sets, dir, &a, &fit, &fitted, &e) < 0)
        goto fail;
    rc = draw(&o, dir);
    if (!o.quiet)
        region_report(&o, r, a, fit, dir);
    goto done;
fail:
    rc = report_error(&e);
done:
    rfit_free(fit);
    free(fitted);
    asg_free(a);
    reg_free(r);
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
#define STAFF_VARIANTS_MAX (FSET_FILES_MAX - 3)     /* staffing.csv and .json, the base, then
                                                       a plan each */
#define STAFF_BASE_FILE "staffed-base.json"
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
        if (k == n && arg[0] == '-' && arg[1] == '-') {    /* a staff option mistyped? */
            char opt[32];
            size_t len = strcspn(arg, "=");
            snprintf(opt, sizeof opt, "%.*s", (int)(len < sizeof opt ? len : sizeof opt - 1), arg);
            const char *near = option_known(opt) ? NULL : scn_suggest(opt, names, n);
            if (near)
                return usage_error("staff: unknown option \"%s\" (did you mean \"%s\"?)", opt,
                                   near);
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
        else if (staffout_ov_add(ov, path, values[0]) < 0) {
            fprintf(stderr, "poesim: out of memory\n");
            rc = EXIT_FAIL;
        }
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

/* Everything one `poesim staff` holds, from its options to its summaries:
 * the variants' overrides, their scenarios (the file as written at 2v, its
 * plan at 2v + 1), plans, files' texts and summaries.  Zeroed, filled by
 * the steps below in their order, freed by staff_run_free. */
struct staff_run {
    struct opts o;
    struct staff_args a;
    char **rest;                        /* argv less staff's own options */
    struct staff_target targets[STAFF_TARGETS_MAX];
    struct staff_opts so;
    uint64_t reps, max_reps;            /* --reps, --max-reps; 0: not given */
    double usd;                         /* cost of a booth-hour */
    char *group_text;                   /* --groups, cut at its commas */
    const char *group_names[256];
    struct sets sets;
    size_t nv;                          /* variants: as written, then each --hours */
    struct staffout_ov ov[STAFF_VARIANTS_MAX];
    struct staffout_ov drop;            /* the searched groups' schedules dropped */
    struct scenario *scn[2 * STAFF_VARIANTS_MAX];
    struct summary *sums[2 * STAFF_VARIANTS_MAX];
    struct staff_plan *plans[STAFF_VARIANTS_MAX];
    struct staffout_variant var[STAFF_VARIANTS_MAX];
    char *texts[STAFF_VARIANTS_MAX], names[STAFF_VARIANTS_MAX][32];
    char *base_text;
    char dir[4096];
};

static void staff_run_free(struct staff_run *s)
{
    for (size_t v = 0; v < STAFF_VARIANTS_MAX; v++) {
        staff_plan_free(s->plans[v]);
        staffout_ov_free(&s->ov[v]);
        free(s->texts[v]);
    }
    for (size_t i = 0; i < 2 * STAFF_VARIANTS_MAX; i++) {
        sum_free(s->sums[i]);
        scn_free(s->scn[i]);
    }
    sets_free(&s->sets);
    staffout_ov_free(&s->drop);
    free(s->base_text);
    free(s->group_text);
    free(s->rest);
}

/* Check staff's options in s->a and s->o and take their values into s (the
 * targets, officers, replications, cost of a booth-hour, groups).  Returns
 * 0, or EXIT_USAGE after the message, or EXIT_FAIL out of memory. */
static int staff_check(struct staff_run *s)
{
    const struct staff_args *a = &s->a;
    struct err e = { 0 };
    if (s->o.n_files != 1)
        return usage_error("staff: expected one scenario file");
    if (!a->target)
        return usage_error("staff: --target SPEC is required, e.g. --target "
                           "'pov.general:mean<=45'");
    if (staff_parse_target(a->target, s->targets, STAFF_TARGETS_MAX, &s->so.n_targets, &e) < 0
        || (a->officers && staff_parse_officers(a->officers, s->so.officers, &e) < 0)) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        return EXIT_USAGE;
    }
    s->so.has_officers = a->officers != NULL;
    if ((a->reps && strcmp(a->reps, "auto")
         && parse_int("--reps", a->reps, 2, SCN_RUN_REPS_MAX, &s->reps) < 0)
        || (a->max_reps && parse_int("--max-reps", a->max_reps, 2, SCN_RUN_REPS_MAX,
                                     &s->max_reps) < 0))
        return EXIT_USAGE;
    if (a->usd) {
        char *end;
        s->usd = strtod(a->usd, &end);
        if (!*a->usd || *end || !(s->usd >= 0) || s->usd > 10000)
            return usage_error("staff: --usd-per-booth-hour: expected USD 0..10000, got \"%s\"",
                               a->usd);
    }
    if (a->groups) {
        if (!(s->group_text = strdup(a->groups))) {
            fprintf(stderr, "poesim: out of memory\n");
            return EXIT_FAIL;
        }
        for (char *g = strtok(s->group_text, ","); g; g = strtok(NULL, ","))
            if (s->so.n_groups < sizeof s->group_names / sizeof *s->group_names)
                s->group_names[s->so.n_groups++] = g;
        s->so.groups = s->group_names;
    }
    if (s->o.have_days && s->o.days > STAFF_DAYS_MAX)
        return usage_error("staff: --days: the search takes 1 to %d days, one per weekday",
                           STAFF_DAYS_MAX);
    struct stat st;
    if (stat(s->o.files[0], &st) == 0 && !S_ISREG(st.st_mode))
        return usage_error("staff: %s: not a regular file; staffed.json extends it, so give the "
                           "scenario as a file", s->o.files[0]);
    return 0;
}

/* Load the variants into s->scn[2v]: the file as written, then each
 * --hours, with the --set overrides (into s->ov[v]) and run options, the
 * days cut to the search's.  Returns 0, or EXIT_USAGE after the message, or
 * EXIT_FAIL out of memory. */
static int staff_load_variants(struct staff_run *s)
{
    const struct sets *sets = &s->sets;
    int rc;
    s->nv = 1 + (size_t)s->a.n_hours;
    for (size_t v = 0; v < s->nv; v++) {
        for (int k = 0; k < sets->n; k++)
            if (staffout_ov_add(&s->ov[v], sets->ov[k].path, sets->ov[k].value) < 0) {
                fprintf(stderr, "poesim: out of memory\n");
                return EXIT_FAIL;
            }
        if (v > 0 && (rc = hours_overrides(s->a.hours[v - 1], &s->ov[v])))
            return rc;
        struct scenario *scn = s->scn[2 * v] = load(s->o.files[0], s->ov[v].ov, s->ov[v].n);
        if (!scn)
            return EXIT_USAGE;
        apply_run_opts(scn, &s->o);
        if (scn->run.days > STAFF_DAYS_MAX) {
            if (!s->o.quiet && v == 0)
                fprintf(stderr, "poesim: warning: staff searches %d days (one per weekday) of "
                        "the scenario's %d\n", STAFF_DAYS_MAX, scn->run.days);
            scn->run.days = STAFF_DAYS_MAX;
        }
    }
    return 0;
}

/* The search's settings that follow from the loaded scenario: its
 * replications (at least 2) and their cap, jobs, progress, the cost of a
 * booth-hour (the scenario's unless --usd-per-booth-hour) and the output
 * folder.  Returns 0, or EXIT_USAGE after the message. */
static int staff_settle(struct staff_run *s)
{
    const struct scenario *scn = s->scn[0];
    struct staff_opts *so = &s->so;
    so->reps = s->reps ? (int)s->reps : scn->run.replications < 2 ? 2 : scn->run.replications;
    so->max_reps = s->max_reps ? (int)s->max_reps : STAFF_DEFAULT_REPS_GROWTH * so->reps;
    if (so->max_reps < so->reps)
        return usage_error("staff: --max-reps %d is below the %d replications to start with",
                           so->max_reps, so->reps);
    so->jobs = (int)s->o.jobs;
    so->progress = !s->o.quiet && isatty(STDERR_FILENO);
    if (!s->a.usd && scn->investment.present)
        s->usd = scn->investment.staffing_usd_per_booth_hour;
    if (s->o.out)
        snprintf(s->dir, sizeof s->dir, "%s", s->o.out);
    else
        snprintf(s->dir, sizeof s->dir, "%s/staff-%s", DEFAULT_OUT_ROOT, scn->name);
    return 0;
}

/* The text of staffed-base.json into s->base_text: it extends FILE (by its
 * path relative to the output folder) and drops the schedules of the groups
 * the first plan searched (s->drop).  Returns 0, or -1 with *e filled. */
static int staff_base_file(struct staff_run *s, struct err *e)
{
    const struct scenario *scn = s->scn[0];
    char rel[FSET_PATH_MAX];
    if (relative_path(rel, sizeof rel, s->dir, s->o.files[0]) < 0)
        return err_set(e, EXIT_FAIL, "staff: cannot write the path of %s relative to %s",
                       s->o.files[0], s->dir);
    for (size_t li = 0; li < scn->n_lanes; li++) {
        char path[128];
        snprintf(path, sizeof path, "lanes[%s].staffed_booths", scn->lanes[li].name);
        if (s->plans[0]->searched[li] && staffout_ov_add(&s->drop, path, "null") < 0)
            return err_set(e, EXIT_FAIL, "out of memory");
    }
    s->base_text = scn_extension_text(s->o.files[0], rel, NULL, 0, s->drop.ov, s->drop.n, e);
    return s->base_text ? 0 : -1;
}

/* Each variant's plan as a file (its name in s->names[v], its text in
 * s->texts[v]) that extends staffed-base.json and sets the searched
 * schedules whole; loaded from FILE with the same overrides (the same
 * scenario) into s->scn[2v + 1] and run beside the variant as written,
 * with common random numbers and the plan's replications, into s->var[v].
 * Returns 0, or -1 with *e filled. */
static int staff_run_plans(struct staff_run *s, struct err *e)
{
    for (size_t v = 0; v < s->nv; v++) {
        char name[SCN_NAME_MAX];
        snprintf(s->names[v], sizeof s->names[v], v ? "staffed-h%zu.json" : "staffed.json", v);
        snprintf(name, sizeof name, v ? "%.48s-staffed-h%zu" : "%.48s-staffed", s->scn[0]->name,
                 v);
        if (staffout_overrides(s->plans[v], name, &s->ov[v], e) < 0
            || !(s->texts[v] = scn_extension_text(s->o.files[0], STAFF_BASE_FILE, s->drop.ov,
                                                  s->drop.n, s->ov[v].ov, s->ov[v].n, e))
            || !(s->scn[2 * v + 1] = scn_load_with(s->o.files[0], s->ov[v].ov, s->ov[v].n, e))) {
            if (e->code == EXIT_USAGE)
                e->code = EXIT_FAIL;    /* the plan itself must load: an internal error */
            return -1;
        }
        struct batch_opts bo = batch_opts_of(&s->o);
        struct batch_info bi;
        bo.reps = s->plans[v]->reps;
        bo.target_hw = 0;
        batch_align(&s->scn[2 * v], 2, true);
        if (batch_execute(&s->scn[2 * v], 2, &bo, &s->sums[2 * v], &bi, e) < 0)
            return -1;
        const char *hours = v ? s->a.hours[v - 1] : NULL;
        s->var[v] = (struct staffout_variant){ v ? hours : "as written", hours, s->names[v],
                                               s->texts[v], s->plans[v], s->sums[2 * v],
                                               s->sums[2 * v + 1] };
    }
    return 0;
}

/* Search each variant, write its plan as a file and run it, then write
 * the staffing tables and files into s->dir.  The plans as files:
 * staffed-base.json extends FILE and drops the searched groups' schedules;
 * each plan's file extends it and sets them whole (merged, the base's steps
 * at other times, in another weekday form, would stay).  Returns 0, or -1
 * with *e filled (nothing written). */
static int staff_write(struct staff_run *s, struct staffout *out, struct err *e)
{
    for (size_t v = 0; v < s->nv; v++)
        if (staff_search(s->scn[2 * v], &s->so, &s->plans[v], e) < 0)
            return -1;
    if (staff_base_file(s, e) < 0 || staff_run_plans(s, e) < 0)
        return -1;
    const struct investment *inv = &s->scn[0]->investment;
    *out = (struct staffout){ s->o.files[0], s->scn[0], s->targets, s->so.n_targets, &s->so,
                              s->usd, inv->present ? inv->days_per_year : DAYS_PER_YEAR, s->var,
                              s->nv, STAFF_BASE_FILE, s->base_text };
    return staffout_write(s->dir, out, e);
}

static int cmd_staff(int argc, char **argv)
{
    struct staff_run s = { .o = { .cmd = "staff" } };
    struct staffout out;
    struct err e = { 0 };
    int n_rest = 0, rc = EXIT_FAIL;
    s.so.targets = s.targets;
    if (!(s.rest = calloc((size_t)argc + 1, sizeof *s.rest))) {
        fprintf(stderr, "poesim: out of memory\n");
        goto done;
    }
    rc = staff_args(argc - 1, argv + 1, &s.a, s.rest + 1, &n_rest);
    s.rest[0] = argv[0];
    if (rc || !parse_opts(n_rest + 1, s.rest, &s.o, staff_help, &rc))
        goto done;
    if ((rc = staff_check(&s)) || (rc = sets_parse(&s.o, &s.sets, true))
        || (rc = staff_load_variants(&s)))
        goto done;
    if (!s.o.quiet)
        print_warnings(s.scn[0]);
    if ((rc = staff_settle(&s)))
        goto done;
    sig_install("nothing was written");
    note_run(s.dir);
    if ((rc = out_ready(&s.o, s.dir, NULL, 0)) != EXIT_OK)
        goto done;
    if (staff_write(&s, &out, &e) < 0) {
        fprintf(stderr, "poesim: %s\n", e.msg);
        rc = e.code ? e.code : EXIT_FAIL;
        goto done;
    }
    rc = draw(&s.o, s.dir);
    if (!s.o.quiet) {
        staffout_print(stdout, &out);
        printf("\nwrote %s/: staffing.csv, staffing.json, %s, ", s.dir, STAFF_BASE_FILE);
        for (size_t v = 0; v < s.nv; v++)
            printf("%s, ", s.names[v]);
        printf("manifest.json%s\n", s.o.no_plots ? "" : ", plots/, report.html");
    }
done:
    staff_run_free(&s);
    return rc;
}

static int cmd_plot(int argc, char **argv)
{
    struct opts o = { .cmd = "plot" };
    int rc;
    if (!parse_opts(argc, argv, &o, plot_help, &rc))
        return rc;
    if (o.n_files != 1)
        return usage_error("plot: expected one output folder");
    if (o.have_reps || o.have_seed || o.have_days || o.out || o.n_sets || o.no_plots)
        return usage_error("plot: only --plots, --jobs and --quiet apply");
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
        { "region", region_help }, { "plot", plot_help },   { "check", check_help },
        { "help", help_help },     { "calibrate", calibrate_help }, { "assess", assess_help },
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
    if (!strcmp(cmd, "region"))
        return run_ranked(cmd_region, argc, argv);
    if (!strcmp(cmd, "calibrate"))
        return cmd_calibrate(argc - 1, argv + 1);
    if (!strcmp(cmd, "assess"))
        return cmd_assess(argc - 1, argv + 1);
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
