/*
 * staff.c - the staffing search (staff.h).
 *
 * The decision: for each searched queue q and measured hour k (a week at
 * most: one day per weekday), c[q][k] booths open in the queue's searched
 * lane groups.  The requirement: in every hour, the statistic of the waits
 * of the crossers who arrive in that hour is at most the bound, "holds"
 * meaning that the upper end of its 95% interval over the replications is.
 * The objective: the fewest booth-hours.
 *
 * Hours interact: a queue left at the end of an hour is served in the next
 * one, and a crosser who arrives late in hour k waits into hour k+1, so the
 * waits of hour k depend on the booths of hour k, of the hours before (the
 * queue they leave) and of the hours after (the crossers still waiting when
 * hour k ends).  Waits only fall when a booth is added at any hour (more
 * booths, the same crossers and the same service draws in the same order:
 * the same or earlier starts; blocking by a full secondary aside), and every
 * candidate is judged on the same replications (common random numbers), so
 * two candidates differ by their booths and not by luck.  The search:
 *
 * 1. Forward pass, hour by hour from the first.  Hour k's state at its start
 *    is saved (port_save) and each candidate for hour k restored from it:
 *    hours before k as decided, hour k at the candidate, hours after k at
 *    every booth (the most favourable future).  The candidate holds if hour
 *    k holds and so does every earlier hour whose crossers are still waiting
 *    when hour k starts.  Each queue's fewest booths are found by galloping
 *    from a guess (Erlang C for the hour's demand, corrected by the previous
 *    hour's answer) and then bisecting.  With later hours at their most
 *    favourable, no schedule that shares the earlier hours can do with fewer
 *    booths in hour k: the forward answer is a lower bound given the earlier
 *    hours (kept in the plan as `lower`).
 * 2. When hour k fails even with every booth, the queue it inherits is too
 *    long: the hour before gets one more booth (then the one before that,
 *    at most BACKTRACK_HOURS back and never past an hour that started with
 *    an empty queue, where more booths earlier cannot help), the hours in
 *    between are run again, and hour k is searched again.  When every hour
 *    that could help is at its limit, hour k is unmet: it takes every booth,
 *    and the plan records how far off the target it stays.
 * 3. Verification: the whole plan is run from the start (warm-up included,
 *    with the plan's schedule) and every hour checked.  Hours that fail,
 *    because a later hour now has fewer booths than the forward pass
 *    assumed, get a booth (or the hour before them does), and the plan is
 *    verified again.
 * 4. Backward pass, from the last hour to the first: every booth that the
 *    forward pass alone would not have put (backtracking, repairs) is tried
 *    out, from a state saved in the verification, by running the rest of
 *    the replication; it goes if every hour still holds.  Going backward
 *    keeps the saved states valid.  A last verification gives the figures.
 *
 * What this guarantees: every hour of the plan holds (or is reported unmet
 * or capped, with its figure), each decision at 95% on the same
 * replications; no hour at its forward bound can lose a booth, given the
 * hours before it; no booth that the backward pass tried can go.  What it
 * does not: the fewest booth-hours overall.  A booth more early can save
 * more than one later (a queue that is never built need not be drained),
 * and the forward pass adds early booths only when a later hour cannot be
 * met at all.  Each decision holds at 95% alone, not all of them at once.
 *
 * Replications: decisions start with opts.reps; a decision that the
 * interval leaves open gets more replications (as --reps auto sizes them,
 * up to opts.max_reps) when that is likely to settle it, and is otherwise
 * taken as not holding (one booth more).  Replications added stay for the
 * rest of the search: a new one is run from the start to the current hour.
 *
 * Work: a candidate evaluation runs every replication from the saved state
 * through the hour and until the hour's crossers have reached a booth,
 * about two simulated hours.  Per hour and queue, galloping and bisection
 * take about 2 log2(booths) evaluations at most; the queues of a port are
 * searched side by side, an evaluation serving all of them.  The plan
 * counts evaluations, replication-runs and simulated port-hours.
 */
#include "staff.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "results.h"
#include "stats.h"

#define SECONDS_PER_MINUTE 60.0
#define MINUTES_PER_HOUR 60
/* How far back a later hour may add booths to earlier ones: half a day
 * covers the longest standing queues of the shipped scenarios (a night's
 * queue at San Ysidro), and bounds the snapshots kept per replication. */
#define BACKTRACK_HOURS 12
#define RING (BACKTRACK_HOURS + 1)
/* The verification saves a state every so many hours for the backward
 * pass, which restarts from the last one before the hour it tries. */
#define PLAN_SNAP_EVERY 6
/* Rounds of repairs before an hour that still fails is called unmet, and
 * backward passes (each followed by a verification) at most. */
#define REPAIR_ROUNDS_MAX 8
/* Times the forward pass is run again from the first hour a verification
 * finds failing, before repairs take over. */
#define AGAIN_MAX 1
/* A crosser still waiting a day after the end of the hour examined fails
 * that hour (targets are at most a day). */
#define TAIL_HOURS_MAX HOURS_PER_DAY
/* Booths the backward pass tries out at most: each trial runs every
 * replication from a saved state to the end of the week. */
#define BACKWARD_TRIALS_MAX 48

/* Replications are added towards the projected need with this margin (as
 * batch.c does for --reps auto). */
#define GROWTH_MARGIN 1.1
#define PROGRESS_EVERY_S 0.2

/* ---- targets -------------------------------------------------------------- */

static const char *const stat_names[] = { "mean", "pNN (p50, p95, ...)", "overN (over45, ...)" };

static bool prog_of_mode(enum mode m, enum program g)
{
    switch (m) {
    case MODE_POV:
    case MODE_PEDESTRIAN: return g == PROG_GENERAL || g == PROG_READY || g == PROG_SENTRI;
    case MODE_BUS: return g == PROG_GENERAL || g == PROG_READY;
    case MODE_TRUCK: return g == PROG_GENERAL || g == PROG_FAST;
    default: return false;
    }
}

/* The programmes of mode m, as "a, b or c". */
static void prog_list(enum mode m, char *buf, size_t n)
{
    const char *names[PROG_COUNT];
    size_t k = 0;
    for (int g = 0; g < PROG_COUNT; g++)
        if (prog_of_mode(m, (enum program)g))
            names[k++] = scn_program_name((enum program)g);
    buf[0] = '\0';
    for (size_t i = 0; i < k; i++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", names[i],
                 i + 2 < k ? ", " : i + 2 == k ? " or " : "");
}

static int lookup(const char *w, size_t len, const char *(*name)(int), int count)
{
    for (int i = 0; i < count; i++)
        if (strlen(name(i)) == len && strncmp(name(i), w, len) == 0)
            return i;
    return -1;
}

static const char *dir_name(int i) { return scn_direction_name((enum direction)i); }
static const char *mode_name(int i) { return scn_mode_name((enum mode)i); }
static const char *prog_name(int i) { return scn_program_name((enum program)i); }

/* A number that fills s[0..len) exactly.  Returns false if it is not one. */
static bool number_of(const char *s, size_t len, double *x)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    *x = strtod(buf, &end);
    return *end == '\0' && errno == 0 && isfinite(*x) && !isspace((unsigned char)buf[0]);
}

static int entry_error(struct err *e, const char *entry, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int entry_error(struct err *e, const char *entry, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return err_set(e, EXIT_USAGE, "--target \"%s\": %s", entry, why);
}

/* The queue part "[DIRECTION.]MODE[.PROGRAM]" of an entry. */
static int parse_queue(const char *entry, const char *s, size_t len, struct staff_target *t,
                       struct err *e)
{
    const char *part[4];
    size_t plen[4], n = 0;
    const char *p = s, *end = s + len;
    while (n < 4) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        part[n] = p;
        plen[n++] = dot ? (size_t)(dot - p) : (size_t)(end - p);
        if (!dot)
            break;
        p = dot + 1;
    }
    if (len == 0)
        return entry_error(e, entry, "expected a queue before ':', such as pov.general or "
                           "north.pov.sentri");
    if (n > 3)
        return entry_error(e, entry, "expected a queue [DIRECTION.]MODE[.PROGRAM] before ':', "
                           "got \"%.*s\"", (int)len, s);
    size_t i = 0;
    int d = lookup(part[0], plen[0], dir_name, DIR_COUNT);
    t->has_dir = d >= 0;
    if (d >= 0) {
        t->dir = (enum direction)d;
        i++;
    } else if (n == 3) {
        return entry_error(e, entry, "unknown direction \"%.*s\" (expected north or south)",
                           (int)plen[0], part[0]);
    }
    if (i >= n)
        return entry_error(e, entry, "expected a mode after \"%.*s.\" (pov, pedestrian, bus "
                           "or truck)", (int)plen[0], part[0]);
    int m = lookup(part[i], plen[i], mode_name, MODE_COUNT);
    if (m < 0)
        return entry_error(e, entry, "unknown mode \"%.*s\" (expected pov, pedestrian, bus or "
                           "truck%s)", (int)plen[i], part[i], i == 0 ? ", after an optional "
                           "direction north or south" : "");
    t->mode = (enum mode)m;
    i++;
    t->has_prog = i < n;
    if (i < n) {
        int g = lookup(part[i], plen[i], prog_name, PROG_COUNT);
        if (g < 0 || !prog_of_mode(t->mode, (enum program)g)) {
            char list[64];
            prog_list(t->mode, list, sizeof list);
            return entry_error(e, entry, "%s programme \"%.*s\" for %s (expected %s)",
                               g < 0 ? "unknown" : "no", (int)plen[i], part[i],
                               scn_mode_name(t->mode), list);
        }
        t->prog = (enum program)g;
        i++;
    }
    if (i < n)
        return entry_error(e, entry, "expected ':' after the programme, got \".%.*s\"",
                           (int)plen[i], part[i]);
    return 0;
}

/* The statistic and bound "STAT<=BOUND" of an entry. */
static int parse_stat(const char *entry, const char *s, struct staff_target *t, struct err *e)
{
    size_t w = 0;
    while (isalnum((unsigned char)s[w]) || s[w] == '.')
        w++;
    const char *op = s + w;
    while (*op == ' ')
        op++;
    if (w == 0)
        return entry_error(e, entry, "expected a statistic after ':' (%s, %s or %s)",
                           stat_names[0], stat_names[1], stat_names[2]);
    if (w == 4 && strncmp(s, "mean", 4) == 0) {
        t->stat = STAFF_MEAN;
    } else if (s[0] == 'p' && w >= 2 && strspn(s + 1, "0123456789") == w - 1) {
        int pct = w <= 3 ? atoi(s + 1) : 100;
        if (pct < 1 || pct > 99)
            return entry_error(e, entry, "expected a percentile p1 .. p99, got \"%.*s\"",
                               (int)w, s);
        t->stat = STAFF_QUANTILE;
        t->q = pct / 100.0;
    } else if (w > 4 && strncmp(s, "over", 4) == 0) {
        double m;
        if (!number_of(s + 4, w - 4, &m) || !(m > 0) || m > MINUTES_PER_DAY)
            return entry_error(e, entry, "expected overN with N minutes > 0 and at most %d, "
                               "such as over45, got \"%.*s\"", MINUTES_PER_DAY, (int)w, s);
        t->stat = STAFF_OVER;
        t->over_min = m;
    } else {
        return entry_error(e, entry, "unknown statistic \"%.*s\" (expected %s, %s or %s)",
                           (int)w, s, stat_names[0], stat_names[1], stat_names[2]);
    }
    if (strncmp(op, "<=", 2) != 0)
        return entry_error(e, entry, "expected \"<=\" after \"%.*s\", got \"%s\"", (int)w, s,
                           *op ? op : "nothing");
    const char *v = op + 2;
    while (*v == ' ')
        v++;
    size_t vl = strlen(v);
    while (vl > 0 && v[vl - 1] == ' ')
        vl--;
    double x;
    if (t->stat == STAFF_OVER) {
        bool pct = vl > 0 && v[vl - 1] == '%';
        if (!number_of(v, pct ? vl - 1 : vl, &x) || !(x > 0) || !(x < (pct ? 100 : 1)))
            return entry_error(e, entry, "expected a share between 0 and 1, or a percentage "
                               "such as 5%%, both excluded, got \"%.*s\"", (int)vl, v);
        t->bound = pct ? x / 100 : x;
    } else {
        if (!number_of(v, vl, &x) || !(x > 0) || x > MINUTES_PER_DAY)
            return entry_error(e, entry, "expected minutes > 0 and at most %d after \"<=\", "
                               "got \"%.*s\"", MINUTES_PER_DAY, (int)vl, v);
        t->bound = x;
    }
    return 0;
}

/* Entries a and b name the same queues at the same level of detail. */
static bool same_queues(const struct staff_target *a, const struct staff_target *b)
{
    return a->has_dir == b->has_dir && a->has_prog == b->has_prog && a->mode == b->mode
           && (!a->has_dir || a->dir == b->dir) && (!a->has_prog || a->prog == b->prog);
}

int staff_parse_target(const char *spec, struct staff_target *out, size_t max, size_t *n,
                       struct err *e)
{
    *n = 0;
    const char *p = spec;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && *p == ' ') {
            p++;
            len--;
        }
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len == 0)
            return err_set(e, EXIT_USAGE, "--target \"%s\": %s", spec,
                           *spec ? "an empty entry (entries are separated by single commas)"
                                 : "expected QUEUE:STAT<=BOUND entries, such as "
                                   "pov.general:mean<=45,pov.sentri:p95<=15");
        if (*n == max)
            return err_set(e, EXIT_USAGE, "--target: more than %zu entries", max);
        struct staff_target *t = &out[*n];
        memset(t, 0, sizeof *t);
        snprintf(t->text, sizeof t->text, "%.*s", (int)len, p);
        if (len >= sizeof t->text)
            return entry_error(e, t->text, "an entry longer than %zu characters",
                               sizeof t->text - 1);
        const char *colon = strchr(t->text, ':');
        if (!colon)
            return entry_error(e, t->text, "expected QUEUE:STAT<=BOUND, such as "
                               "pov.general:mean<=45 (no ':' found)");
        size_t ql = (size_t)(colon - t->text);
        while (ql > 0 && t->text[ql - 1] == ' ')
            ql--;
        const char *st = colon + 1;
        while (*st == ' ')
            st++;
        if (parse_queue(t->text, t->text, ql, t, e) < 0 || parse_stat(t->text, st, t, e) < 0)
            return -1;
        for (size_t i = 0; i < *n; i++)
            if (same_queues(&out[i], t))
                return err_set(e, EXIT_USAGE, "--target: \"%s\" and \"%s\" name the same "
                               "queues; give each queue one statistic", out[i].text, t->text);
        (*n)++;
        if (!end)
            return 0;
        p = end + 1;
    }
}

void staff_target_describe(const struct staff_target *t, char *buf, size_t n)
{
    switch (t->stat) {
    case STAFF_MEAN: snprintf(buf, n, "mean <= %g min", t->bound); break;
    case STAFF_QUANTILE: snprintf(buf, n, "p%.0f <= %g min", t->q * 100, t->bound); break;
    case STAFF_OVER:
        snprintf(buf, n, "share over %g min <= %g", t->over_min, t->bound);
        break;
    }
}

int staff_parse_officers(const char *text, int cap[HOURS_PER_DAY], struct err *e)
{
    double x;
    const int most = 1000000;
    if (number_of(text, strlen(text), &x)) {
        if (x != floor(x) || x < 0 || x > most)
            return err_set(e, EXIT_USAGE, "--officers: expected a whole number of booths 0..%d, "
                           "got \"%s\"", most, text);
        for (int h = 0; h < HOURS_PER_DAY; h++)
            cap[h] = (int)x;
        return 0;
    }
    int last = -1;
    const char *p = text;
    for (;;) {
        int hh, mm, v, used = 0;
        if (sscanf(p, "%2d:%2d=%d%n", &hh, &mm, &v, &used) != 3 || used < 7 || p[2] != ':'
            || p[5] != '=' || (p[used] != ',' && p[used] != '\0'))
            return err_set(e, EXIT_USAGE, "--officers \"%s\": expected a number of booths, or "
                           "steps HH:00=N,HH:00=N,... from 00:00 (e.g. 00:00=20,06:00=40)", text);
        if (mm != 0 || hh < 0 || hh >= HOURS_PER_DAY)
            return err_set(e, EXIT_USAGE, "--officers \"%s\": steps are on whole hours "
                           "00:00 .. 23:00, got \"%.5s\"", text, p);
        if ((last < 0 && hh != 0) || hh <= last)
            return err_set(e, EXIT_USAGE, "--officers \"%s\": steps start at 00:00 and "
                           "increase, got \"%.5s\" after %s", text, p,
                           last < 0 ? "nothing" : "an equal or later hour");
        if (v < 0 || v > most)
            return err_set(e, EXIT_USAGE, "--officers \"%s\": expected booths 0..%d at %.5s",
                           text, most, p);
        for (int h = hh; h < HOURS_PER_DAY; h++)
            cap[h] = v;
        last = hh;
        p += used;
        if (*p == '\0')
            return 0;
        p++;
    }
}

const char *staff_verdict_name(enum staff_verdict v)
{
    static const char *const names[] = { "holds", "unmet", "capped", "closed", "empty" };
    return (size_t)v < sizeof names / sizeof *names ? names[v] : "?";
}

/* ---- the search's state ---------------------------------------------------- */

/* A saved state at the start of measured hour k, with what the search needs
 * of the results written before it: for each searched queue, the hours
 * [b, k) whose crossers may still be waiting, as hourly bins. */
struct snapx {
    struct engine_snap *ps;
    long k;                     /* -1: nothing saved */
    int *b;                     /* [sq] */
    bool *empty;                /* [sq]: nobody waiting in the queue */
    struct hour_bin *bins;      /* searched queue sq's hour h at [off[sq] + h - b[sq]] */
    size_t *off;
    size_t cap;
};

/* One replication's states and values ([sq * H + h]). */
struct rep {
    struct snapx ring[RING];    /* forward pass: the state at hour k in ring[k % RING] */
    struct snapx *plan;         /* verification: the state every PLAN_SNAP_EVERY hours */
    double *done;               /* forward pass: the hours complete */
    double *val;                /* the last evaluation or trial */
    double *plan_val;           /* the plan, as last verified (or changed by a trial) */
};

/* A thread's port and result buffer. */
struct worker {
    struct engine_worker *p;
    struct rep_result *res;     /* the worker's, written by its runs */
    size_t touched;             /* hourly bins [0, touched) may hold leftovers */
    double t;                   /* the time the port has run to */
    double sim_s;               /* simulated seconds, all runs */
};

struct sq {                     /* a searched queue */
    size_t g;                   /* the port's group index */
    struct staff_queue *pub;    /* in the plan */
    bool alone;                 /* no lane group but the searched ones serves it */
    double rate[STAFF_DAYS_MAX * HOURS_PER_DAY];    /* arrivals per hour */
    bool closed[STAFF_DAYS_MAX * HOURS_PER_DAY];
};

struct search;
typedef int (*job_fn)(struct search *S, struct worker *w, int r, struct err *e);

struct search {
    const struct scenario *orig;
    struct scenario sc;         /* orig with its own lanes and run (a day more) */
    const struct staff_opts *o;
    struct staff_plan *plan;
    size_t H, D, n_sq, n_bins;
    size_t HX;                  /* hours with values: H, and the next day's checked if a cycle */
    struct sq *sq;
    int R, cap;                 /* replications in use, at most */
    struct rep *rep;            /* [cap] */
    struct worker *w;           /* [jobs] */
    int jobs;
    /* By queue and hour: the plan, the forward pass's choice, whether its
     * choice less one was left open (not shown to fail), the values the
     * next round runs with, the bound, the verdict. */
    int *c, *first, *run;
    int *tried;                 /* the backward pass kept a booth at this count */
    bool *first_open, *lowered;
    double *bound;
    enum staff_verdict *verdict;
    /* The round in progress. */
    long k;                     /* the hour evaluated, committed or tried */
    int *lo;                    /* [sq]: first hour checked */
    bool *watch;                /* [sq]: wait for its crossers in an evaluation */
    size_t trial_snap;          /* the backward pass restarts from plan[trial_snap] */
    /* Progress. */
    const char *phase;
    double t0, shown;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Decisions by queue and hour (c, first, bound, ...). */
static size_t IX(const struct search *S, size_t q, size_t h)
{
    return q * S->H + h;
}

/* Values by queue and hour, the hours of the next day (h >= H) included. */
static size_t VX(const struct search *S, size_t q, size_t h)
{
    return q * S->HX + h;
}

/* The hour of the week an hour of the values stands for. */
static size_t week_hour(const struct search *S, size_t h)
{
    return h < S->H ? h : h - S->H;
}

/* The statistic of the waits of the crossers of hourly bin b: NAN if none
 * arrived, INFINITY if some have not reached a booth (the run ended or
 * gave up waiting for them). */
static double bin_stat(const struct staff_target *t, const struct hour_bin *b)
{
    if (b->arrivals > (uint64_t)b->n_wait + b->forgone)
        return INFINITY;
    if (b->n_wait == 0)
        return NAN;
    switch (t->stat) {
    case STAFF_MEAN: return b->wait_sum / b->n_wait / SECONDS_PER_MINUTE;
    case STAFF_QUANTILE: return lhist_quantile(&b->wait, t->q) / SECONDS_PER_MINUTE;
    case STAFF_OVER: return lhist_share_above(&b->wait, t->over_min * SECONDS_PER_MINUTE);
    }
    return NAN;
}

/* ---- schedules --------------------------------------------------------------- */

/* Write vals (booths by searched queue and hour) into the searched lane
 * groups' schedules, filling each queue's groups in order, with a step
 * only where a group's booths change (as the scenario loader merges equal
 * neighbours: the search simulates exactly what the staffed file says,
 * staffing events and their order included). */
static void apply(struct search *S, const int *vals)
{
    const struct staff_plan *P = S->plan;
    for (size_t q = 0; q < S->n_sq; q++) {
        const struct staff_queue *Q = S->sq[q].pub;
        for (size_t d = 0; d < S->D; d++) {
            enum weekday w = P->day_weekday[d];
            for (size_t i = 0; i < Q->n_groups; i++)
                S->sc.lanes[Q->groups[i]].staffed.day[w].n = 0;
            for (int h = 0; h < HOURS_PER_DAY; h++) {
                int left = vals[IX(S, q, d * HOURS_PER_DAY + (size_t)h)];
                for (size_t i = 0; i < Q->n_groups; i++) {
                    struct lanegroup *lg = &S->sc.lanes[Q->groups[i]];
                    int v = left < lg->booths ? left : lg->booths, *n = &lg->staffed.day[w].n;
                    left -= v;
                    if (*n > 0 && lg->staffed.day[w].value[*n - 1] == v)
                        continue;
                    lg->staffed.day[w].minute[*n] = h * MINUTES_PER_HOUR;
                    lg->staffed.day[w].value[(*n)++] = v;
                }
            }
        }
    }
}

/* run[] = the plan before hour k, then cand from hour k on (the candidate
 * held: an hour serves its own crossers with its own booths), or every
 * booth when cand is NULL; then applied. */
static void set_run(struct search *S, long k, const int *cand)
{
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = 0; h < S->H; h++) {
            int *v = &S->run[IX(S, q, h)];
            if ((long)h < k)
                *v = S->c[IX(S, q, h)];
            else
                *v = cand ? cand[q] : S->sq[q].pub->max_booths;
        }
    apply(S, S->run);
}

/* ---- snapshots ---------------------------------------------------------------- */

static void snapx_free(struct snapx *x)
{
    engine_snap_free(x->ps);
    free(x->b);
    free(x->empty);
    free(x->bins);
    free(x->off);
}

static double hour_of(const struct worker *w, double t)
{
    return floor((t - engine_worker_hour_start(w->p, 0)) / 3600.0);
}

/* Save w's port at the start of measured hour k into x, with the bins of
 * the hours whose crossers still wait.  Returns 0, or -1 (memory). */
static int snapx_save(struct search *S, struct worker *w, struct snapx *x, size_t k,
                      struct err *e)
{
    if (!x->ps) {
        x->ps = engine_snap_new(w->p);
        x->b = calloc(S->n_sq, sizeof *x->b);
        x->empty = calloc(S->n_sq, sizeof *x->empty);
        x->off = calloc(S->n_sq, sizeof *x->off);
        if (!x->ps || !x->b || !x->empty || !x->off)
            goto oom;
    }
    if (engine_worker_save(w->p, x->ps) < 0)
        goto oom;
    size_t need = 0;
    for (size_t q = 0; q < S->n_sq; q++) {
        double old = engine_worker_oldest(w->p, S->sq[q].g);
        x->empty[q] = engine_worker_waiting(w->p, S->sq[q].g) == 0;
        double b = isfinite(old) ? hour_of(w, old) : (double)k;
        x->b[q] = b < 0 ? 0 : b > (double)k ? (int)k : (int)b;
        x->off[q] = need;
        need += k - (size_t)x->b[q];
    }
    if (need > x->cap) {
        struct hour_bin *nb = malloc(need * sizeof *nb);
        if (!nb)
            goto oom;
        free(x->bins);
        x->bins = nb;
        x->cap = need;
    }
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = (size_t)x->b[q]; h < k; h++)
            x->bins[x->off[q] + h - (size_t)x->b[q]] = *res_hour(w->res, S->sq[q].g, h);
    x->k = (long)k;
    return 0;
oom:
    x->k = -1;
    return err_set(e, EXIT_FAIL, "out of memory for the states of the staffing search");
}

/* Put w's port in state x (with its bins); the rest of w's bins start empty. */
static int snapx_restore(struct search *S, struct worker *w, const struct snapx *x,
                         struct err *e)
{
    assert(x->k >= 0);
    if (engine_worker_restore(w->p, x->ps) < 0)
        return err_set(e, EXIT_FAIL, "out of memory restoring a state of the staffing search");
    size_t lo = (size_t)x->k;
    for (size_t q = 0; q < S->n_sq; q++)
        if ((size_t)x->b[q] < lo)
            lo = (size_t)x->b[q];
    for (size_t g = 0; g < w->res->n_groups; g++)
        for (size_t h = lo; h < w->touched; h++)
            memset(res_hour(w->res, g, h), 0, sizeof(struct hour_bin));
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = (size_t)x->b[q]; h < (size_t)x->k; h++)
            *res_hour(w->res, S->sq[q].g, h) = x->bins[x->off[q] + h - (size_t)x->b[q]];
    if ((size_t)x->k > w->touched)
        w->touched = (size_t)x->k;
    w->t = engine_worker_hour_start(w->p, (size_t)x->k);
    engine_worker_restaff(w->p, w->t);
    return 0;
}

/* Run w's port to time t, counting the work. */
static int advance(struct search *S, struct worker *w, double t, struct err *e)
{
    if (engine_worker_run_until(w->p, t, e) < 0)
        return -1;
    double end = engine_worker_hour_start(w->p, S->n_bins);
    double reached = t < end ? t : end;
    if (reached > w->t) {
        w->sim_s += reached - w->t;
        w->t = reached;
    }
    double hours = ceil(hour_of(w, reached) + 1e-9);
    if (hours > (double)w->touched)
        w->touched = hours > (double)S->n_bins ? S->n_bins : (size_t)hours;
    return 0;
}

/* Is a crosser who arrived before hour `before` (in an hour when its
 * facility is open) still waiting in a watched queue? */
static bool waiting_from(const struct search *S, const struct worker *w, size_t before)
{
    double t1 = engine_worker_hour_start(w->p, before);
    for (size_t q = 0; q < S->n_sq; q++) {
        if (S->watch && !S->watch[q])
            continue;
        double old = engine_worker_oldest(w->p, S->sq[q].g);
        if (old < t1) {
            double h = hour_of(w, old);
            if (h < 0 || h >= (double)S->H || !S->sq[q].closed[(size_t)h])
                return true;
        }
    }
    return false;
}

/* Run on from the start of hour `from` until no crosser who arrived before
 * it waits in a watched queue, the run ends, or TAIL_HOURS_MAX hours have
 * passed (crossers still waiting then make their hour fail: bin_stat). */
static int run_tail(struct search *S, struct worker *w, size_t from, struct err *e)
{
    double t = engine_worker_hour_start(w->p, from);
    for (int i = 0; i <= TAIL_HOURS_MAX; i++, t += 3600.0) {
        if (advance(S, w, t, e) < 0)
            return -1;
        if (engine_worker_ended(w->p) || !waiting_from(S, w, from))
            return 0;
    }
    return 0;
}

/* ---- threads ------------------------------------------------------------------ */

struct pool {
    struct search *S;
    job_fn fn;
    int next, end;
    bool failed;
    struct err e;
    pthread_mutex_t mu;
};

struct pool_arg {
    struct pool *pl;
    struct worker *w;
};

static void *pool_work(void *arg)
{
    struct pool_arg *a = arg;
    struct pool *pl = a->pl;
    struct err e = { 0 };
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        int r = pl->failed || pl->next >= pl->end ? -1 : pl->next++;
        pthread_mutex_unlock(&pl->mu);
        if (r < 0)
            break;
        if (pl->fn(pl->S, a->w, r, &e) < 0) {
            pthread_mutex_lock(&pl->mu);
            if (!pl->failed) {
                pl->failed = true;
                pl->e = e;
            }
            pthread_mutex_unlock(&pl->mu);
            break;
        }
    }
    return NULL;
}

/* Run fn for replications [r0, r1) on the search's threads.  Replications
 * are independent and each writes only its own state, so the results do
 * not depend on which thread ran which. */
static int run_job(struct search *S, job_fn fn, int r0, int r1, struct err *e)
{
    if (r1 <= r0)
        return 0;
    struct pool pl = { .S = S, .fn = fn, .next = r0, .end = r1 };
    int n = S->jobs < r1 - r0 ? S->jobs : r1 - r0;
    struct pool_arg *args = calloc((size_t)n, sizeof *args);
    pthread_t *tid = calloc((size_t)n, sizeof *tid);
    bool *started = calloc((size_t)n, sizeof *started);
    if (!args || !tid || !started) {
        free(args);
        free(tid);
        free(started);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    pthread_mutex_init(&pl.mu, NULL);
    for (int j = 0; j < n; j++) {
        args[j] = (struct pool_arg){ &pl, &S->w[j] };
        started[j] = j > 0 && pthread_create(&tid[j], NULL, pool_work, &args[j]) == 0;
    }
    pool_work(&args[0]);
    for (int j = 1; j < n; j++)
        if (started[j])
            pthread_join(tid[j], NULL);
    pthread_mutex_destroy(&pl.mu);
    free(args);
    free(tid);
    free(started);
    S->plan->work.runs += r1 - r0;
    if (pl.failed) {
        *e = pl.e;
        return -1;
    }
    return 0;
}

/* ---- jobs: what one replication does in a round -------------------------------- */

/* The statistic of hour h >= H (the next day, after the week): as
 * bin_stat, but a crosser the run ends before (its end is the end of the
 * day simulated after the week) leaves the hour unknown rather than
 * failing. */
static double next_stat(const struct search *S, const struct worker *w, size_t q, size_t h)
{
    double x = bin_stat(S->sq[q].pub->target, res_hour(w->res, S->sq[q].g, h));
    return isinf(x) ? NAN : x;
}

/* The replication starts and runs through its warm-up (every searched
 * booth open): its state at the start of measured hour 0. */
static int job_start(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    if (engine_worker_start(w->p, r, e) < 0)
        return -1;
    w->touched = 0;
    w->t = 0;
    if (advance(S, w, engine_worker_hour_start(w->p, 0), e) < 0)
        return -1;
    return snapx_save(S, w, &R->ring[0], 0, e);
}

/* From the state at hour j to the state at hour j + 1; the hours whose
 * crossers have all reached a booth by then are complete. */
static int job_commit(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    size_t j = (size_t)S->k;
    const struct snapx *x = &R->ring[j % RING];
    struct snapx *y = &R->ring[(j + 1) % RING];
    assert(x->k == (long)j);
    if (snapx_restore(S, w, x, e) < 0 || advance(S, w, engine_worker_hour_start(w->p, j + 1), e) < 0)
        return -1;
    for (size_t q = 0; q < S->n_sq; q++) {
        double old = engine_worker_oldest(w->p, S->sq[q].g);
        double nb = isfinite(old) ? hour_of(w, old) : (double)j + 1;
        for (long h = x->b[q]; h < (long)j + 1 && (double)h < nb; h++)
            R->done[VX(S, q, (size_t)h)] = bin_stat(S->sq[q].pub->target,
                                                    res_hour(w->res, S->sq[q].g, (size_t)h));
    }
    return snapx_save(S, w, y, j + 1, e);
}

/* A candidate for hour k: the statistics of the hours checked. */
static int job_eval(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    size_t k = (size_t)S->k;
    const struct snapx *x = &R->ring[k % RING];
    bool last = k + 1 == S->H && S->HX > S->H;     /* the cycle closes: the next day too */
    assert(x->k == S->k);
    if (snapx_restore(S, w, x, e) < 0
        || (last ? advance(S, w, INFINITY, e) : run_tail(S, w, k + 1, e)) < 0)
        return -1;
    for (size_t q = 0; q < S->n_sq; q++) {
        for (size_t h = (size_t)S->lo[q]; h <= k; h++)
            R->val[VX(S, q, h)] = h >= (size_t)x->b[q]
                ? bin_stat(S->sq[q].pub->target, res_hour(w->res, S->sq[q].g, h))
                : R->done[VX(S, q, h)];
        for (size_t h = S->H; last && h < S->HX; h++)
            R->val[VX(S, q, h)] = next_stat(S, w, q, h);
    }
    return 0;
}

/* The whole plan from the start, saving a state every PLAN_SNAP_EVERY
 * hours. */
static int job_verify(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    if (engine_worker_start(w->p, r, e) < 0)
        return -1;
    w->touched = 0;
    w->t = 0;
    for (size_t m = 0; m <= S->H; m++) {
        if (advance(S, w, engine_worker_hour_start(w->p, m), e) < 0)
            return -1;
        if (m < S->H && m % PLAN_SNAP_EVERY == 0
            && snapx_save(S, w, &R->plan[m / PLAN_SNAP_EVERY], m, e) < 0)
            return -1;
    }
    if (advance(S, w, INFINITY, e) < 0)
        return -1;
    for (size_t q = 0; q < S->n_sq; q++) {
        for (size_t h = 0; h < S->H; h++)
            R->plan_val[VX(S, q, h)] = bin_stat(S->sq[q].pub->target,
                                                res_hour(w->res, S->sq[q].g, h));
        for (size_t h = S->H; h < S->HX; h++)
            R->plan_val[VX(S, q, h)] = next_stat(S, w, q, h);
    }
    return 0;
}

/* The plan with one booth less for queue S->trial_q in hour k, from the
 * last state the verification saved before it to the end: exactly what a
 * verification of the changed plan would find. */
static int job_trial(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    const struct snapx *x = &R->plan[S->trial_snap];
    if (snapx_restore(S, w, x, e) < 0 || advance(S, w, INFINITY, e) < 0)
        return -1;
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = 0; h < S->H; h++)
            R->val[VX(S, q, h)] = h >= (size_t)x->b[q]
                ? bin_stat(S->sq[q].pub->target, res_hour(w->res, S->sq[q].g, h))
                : R->plan_val[VX(S, q, h)];
    return 0;
}

/* ---- decisions -------------------------------------------------------------- */

enum decision { D_HOLDS, D_FAILS, D_OPEN };

struct judged {
    enum decision d;
    double mean, hw;
    size_t n;
    double want;                /* replications likely to settle an open decision */
};

/* Decide whether the statistic of queue q in hour h holds, from the values
 * of the replications in use (plan: as verified, else the last evaluation
 * or trial).  A crosser who never reached a booth fails the hour; fewer
 * than two values: decided on what was seen. */
static struct judged judge(struct search *S, size_t q, size_t h, bool plan, double *scratch)
{
    struct judged j = { D_HOLDS, NAN, NAN, 0, 0 };
    size_t ix = VX(S, q, h);
    for (int r = 0; r < S->R; r++) {
        double x = plan ? S->rep[r].plan_val[ix] : S->rep[r].val[ix];
        if (isinf(x)) {
            j.d = D_FAILS;
            j.mean = INFINITY;
            return j;
        }
        if (isfinite(x))
            scratch[j.n++] = x;
    }
    double bound = S->bound[IX(S, q, week_hour(S, h))];
    if (j.n == 0)
        return j;
    stats_ci95(scratch, j.n, &j.mean, &j.hw);
    if (j.n == 1) {
        j.d = j.mean <= bound ? D_HOLDS : D_FAILS;
        return j;
    }
    if (j.mean + j.hw <= bound)
        j.d = D_HOLDS;
    else if (j.mean - j.hw > bound)
        j.d = D_FAILS;
    else {
        j.d = D_OPEN;
        double gap = fabs(bound - j.mean);
        j.want = gap > 0 ? GROWTH_MARGIN * S->R * (j.hw / gap) * (j.hw / gap) : INFINITY;
    }
    return j;
}

/* The replications to grow to for an open decision that wants `want`, or
 * 0 when more would not likely settle it within the cap. */
static int growth(const struct search *S, double want)
{
    if (S->R >= S->cap || !(want <= S->cap))
        return 0;
    int n = (int)ceil(want);
    return n > S->R ? n : S->R + 1;
}

/* ---- progress ----------------------------------------------------------------- */

static void progress(struct search *S, bool last)
{
    if (!S->o->progress)
        return;
    double t = now_s();
    if (!last && t - S->shown < PROGRESS_EVERY_S)
        return;
    S->shown = t;
    const struct staff_plan *P = S->plan;
    long k = S->k < 0 ? 0 : S->k >= (long)S->H ? (long)S->H - 1 : S->k;
    fprintf(stderr, "\rstaff: %s, %s %02ld:00, %d replications, %ld evaluations, %.0f s   ",
            S->phase, scn_weekday_name(P->day_weekday[k / HOURS_PER_DAY]), k % HOURS_PER_DAY,
            S->R, P->work.rounds, t - S->t0);
    if (last)
        fputs("\n", stderr);
    fflush(stderr);
}

/* A round of job fn over the replications in use. */
static int round_all(struct search *S, job_fn fn, struct err *e)
{
    if (run_job(S, fn, 0, S->R, e) < 0)
        return -1;
    progress(S, false);
    return 0;
}

/* ---- the first guess: Erlang C ------------------------------------------------ */

/* The statistic of an M/G/c queue in steady state with arrival rate lambda
 * (per second), mean service s and its coefficient of variation cv, by
 * Erlang C with the Allen-Cunneen factor (1 + cv^2) / 2 on waiting times:
 * a guess to start the search from, not a decision.  INFINITY when c booths
 * cannot keep up. */
static double erlang_stat(const struct staff_target *t, double lambda, double s, double cv,
                          int c)
{
    double a = lambda * s;
    if (lambda <= 0)
        return 0;
    if (c <= 0 || a >= c)
        return INFINITY;
    double b = 1;               /* Erlang B by its recursion */
    for (int i = 1; i <= c; i++)
        b = a * b / (i + a * b);
    double rho = a / c;
    double pw = b / (1 - rho * (1 - b));       /* Erlang C: P(wait) */
    double rate = c / s - lambda;              /* of the exponential waiting tail */
    double f = (1 + cv * cv) / 2;
    switch (t->stat) {
    case STAFF_MEAN: return f * pw / rate / SECONDS_PER_MINUTE;
    case STAFF_QUANTILE:
        return pw > 1 - t->q ? f * log(pw / (1 - t->q)) / rate / SECONDS_PER_MINUTE : 0;
    case STAFF_OVER: return pw * exp(-rate * t->over_min * SECONDS_PER_MINUTE / f);
    }
    return INFINITY;
}

/* The fewest booths for which erlang_stat meets queue q's target in hour
 * k (at most every booth). */
static int erlang_need(const struct search *S, size_t q, size_t k)
{
    const struct sq *Q = &S->sq[q];
    const struct staff_queue *P = Q->pub;
    if (Q->closed[k] || Q->rate[k] <= 0)
        return 0;
    const struct dist *d = &S->sc.service[P->id.dir][P->id.mode][P->id.prog];
    for (int c = 1; c <= P->max_booths; c++)
        if (erlang_stat(P->target, Q->rate[k] / 3600.0, d->mean_s, d->cv, c) <= P->target->bound)
            return c;
    return P->max_booths;
}

/* Where to start hour k's search: the Erlang guess, moved by what the
 * previous hour needed beyond its own guess (the queue it inherited). */
static int first_guess(const struct search *S, size_t q, size_t k)
{
    int g = erlang_need(S, q, k);
    if (k > 0 && !S->sq[q].closed[k])
        g += S->c[IX(S, q, k - 1)] - erlang_need(S, q, k - 1);
    int most = S->sq[q].pub->max_booths;
    return g < 0 ? 0 : g > most ? most : g;
}

/* ---- the forward pass ------------------------------------------------------------ */

struct probe {
    int lo, hi;                 /* known not to hold (or -1), known to hold (or max + 1) */
    bool lo_open;               /* lo was left open rather than shown to fail */
    int cand, step;
    bool done;
};

static void probe_init(struct probe *p, int guess, int most)
{
    *p = (struct probe){ -1, most + 1, false, guess < 0 ? 0 : guess > most ? most : guess, 1,
                         false };
}

/* Gallop from the guess (steps 1, 2, 4, ...) until an answer is bracketed,
 * then bisect.  Done when hi = lo + 1: hi booths are the fewest that hold
 * (hi = most + 1: not even every booth). */
static void probe_update(struct probe *p, enum decision d, int most)
{
    if (d == D_HOLDS) {
        p->hi = p->cand;
    } else {
        p->lo = p->cand;
        p->lo_open = d == D_OPEN;
    }
    if (p->hi == p->lo + 1) {
        p->done = true;
        return;
    }
    if (p->lo >= 0 && p->hi <= most)
        p->cand = p->lo + (p->hi - p->lo) / 2;
    else if (d == D_HOLDS)
        p->cand = p->hi - p->step > p->lo ? p->hi - p->step : p->lo + 1;
    else
        p->cand = p->lo + p->step < p->hi ? p->lo + p->step : p->hi - 1;
    p->step *= 2;
}

static int cap_at(const struct search *S, size_t h)
{
    return S->o->has_officers ? S->o->officers[h % HOURS_PER_DAY] : INT32_MAX;
}

static int booths_at(const struct search *S, size_t h)
{
    int n = 0;
    for (size_t q = 0; q < S->n_sq; q++)
        n += S->c[IX(S, q, h)];
    return n;
}

/* Whether one more booth of queue q may open in hour h. */
static bool may_add(const struct search *S, size_t q, size_t h)
{
    return S->c[IX(S, q, h)] < S->sq[q].pub->max_booths && booths_at(S, h) < cap_at(S, h);
}

/* Bring every replication to the state at hour k under the plan: commit
 * hours j0 .. k-1 again. */
static int recommit(struct search *S, size_t j0, size_t k, struct err *e)
{
    set_run(S, (long)k, NULL);
    for (size_t j = j0; j < k; j++) {
        S->k = (long)j;
        if (round_all(S, job_commit, e) < 0)
            return -1;
    }
    S->k = (long)k;
    return 0;
}

/* Queue q's decision for hour k over the hours checked (lo[q] .. k). */
static struct judged judge_hour(struct search *S, size_t q, size_t k, double *scratch)
{
    struct judged all = { D_HOLDS, NAN, NAN, 0, 0 };
    size_t end = k + 1 == S->H ? S->HX : k + 1;
    for (size_t h = (size_t)S->lo[q]; h < end; h++) {
        if (S->sq[q].closed[week_hour(S, h)])
            continue;
        struct judged j = judge(S, q, h, false, scratch);
        if (j.d == D_FAILS)
            return j;
        if (j.d == D_OPEN)
            all = j;
    }
    return all;
}

/* Relax the bounds of queue q's hours lo[q] .. k that do not hold in the
 * last evaluation to what it gave, marking them v: for the officers cap,
 * the upper end of the interval; for every booth (unmet), the mean plus
 * twice the half-width, so that the fewest booths then searched are those
 * not worse than every booth by more than the noise of the replications
 * (with the upper end alone, one booth short of every booth is always a
 * little worse, and an unmet hour took every booth that exists even where
 * a staffing policy or a lane pool leaves them idle). */
static void relax(struct search *S, size_t q, size_t k, enum staff_verdict v, double *scratch)
{
    size_t end = k + 1 == S->H ? S->HX : k + 1;
    for (size_t h = (size_t)S->lo[q]; h < end; h++) {
        size_t wh = week_hour(S, h);
        if (S->sq[q].closed[wh])
            continue;
        struct judged j = judge(S, q, h, false, scratch);
        if (j.d == D_HOLDS)
            continue;
        double hw = isfinite(j.hw) ? j.hw : 0;
        double upper = j.mean + (v == STAFF_UNMET ? 2 * hw : hw);
        if (upper > S->bound[IX(S, q, wh)])
            S->bound[IX(S, q, wh)] = upper;
        S->verdict[IX(S, q, wh)] = v;
    }
}

/* Share the officers cap of hour k among the queues in proportion to what
 * each needs (need[q], the plan's values on entry; largest remainders,
 * ties to the first queue). */
static void share_cap(struct search *S, size_t k, int *need)
{
    int cap = cap_at(S, k), total = booths_at(S, k), given = 0;
    if (total <= cap)
        return;
    for (size_t q = 0; q < S->n_sq; q++) {
        int *c = &S->c[IX(S, q, k)];
        need[q] = *c;
        *c = (int)((long long)cap * need[q] / total);
        given += *c;
    }
    while (given < cap) {
        size_t best = 0;
        double most = -1;
        for (size_t q = 0; q < S->n_sq; q++) {
            double frac = (double)cap * need[q] / total - S->c[IX(S, q, k)];
            if (S->c[IX(S, q, k)] < need[q] && frac > most) {
                most = frac;
                best = q;
            }
        }
        S->c[IX(S, best, k)]++;
        given++;
    }
}

/* Was queue q empty at the start of hour h in every replication (as far as
 * the forward pass keeps states)? */
static bool empty_all(const struct search *S, size_t q, size_t h)
{
    for (int r = 0; r < S->R; r++) {
        const struct snapx *x = &S->rep[r].ring[h % RING];
        if (x->k != (long)h || !x->empty[q])
            return false;
    }
    return true;
}

/* Scratch arrays of a search. */
struct scratch {
    struct probe *pr;
    int *cand, *guess, *need;
    int *raised;                /* the hour backtracking last raised for the queue, or -1 */
    bool *gave_up;              /* backtracking did not help the queue */
    double *at_most;            /* the queue's failing hour with every booth, before that */
    double *x;                  /* cap values */
};

/* Queue q cannot hold hour k with cand booths without simulating: none
 * serves its crossers (those who arrive in it, or still wait from before). */
static bool surely_fails(const struct search *S, size_t q, size_t k, int cand)
{
    const struct sq *X = &S->sq[q];
    return cand == 0 && X->alone && !X->closed[k] && (X->rate[k] > 0 || S->lo[q] < (int)k);
}

/* The forward pass at hour k: every queue's fewest booths, given the hours
 * before and held from then on, with backtracking when a queue fails with
 * every booth; then the officers cap; then the state at hour k + 1. */
/* Evaluate the probes' candidates at hour k round after round until every
 * queue's probe is done. */
static int probe_rounds(struct search *S, size_t k, struct scratch *w, struct err *e)
{
    struct staff_plan *P = S->plan;
    for (;;) {
        bool all = true, sim = false;
        for (size_t q = 0; q < S->n_sq; q++) {
            struct probe *p = &w->pr[q];
            int most = S->sq[q].pub->max_booths;
            while (!p->done && surely_fails(S, q, k, p->cand))
                probe_update(p, D_FAILS, most);
            w->cand[q] = !p->done ? p->cand : p->hi <= most ? p->hi : most;
            S->watch[q] = !p->done;
            all = all && p->done;
            sim = sim || !p->done;
        }
        if (all || !sim)
            return 0;
        set_run(S, (long)k, w->cand);
        if (round_all(S, job_eval, e) < 0)
            return -1;
        P->work.rounds++;
        for (size_t q = 0; q < S->n_sq; q++) {
            if (w->pr[q].done)
                continue;
            struct judged j = judge_hour(S, q, k, w->x);
            if (j.d == D_OPEN)
                P->work.open_decisions++;
            probe_update(&w->pr[q], j.d, S->sq[q].pub->max_booths);
        }
    }
}

/* The forward pass at hour k: every queue's fewest booths, given the hours
 * before and held from then on.  A queue that fails with every booth gets
 * one more booth in an hour before (as long as that makes the failing hour
 * better; the last raise is undone when it does not); when nothing helps,
 * the hour is unmet, its bound becomes what every booth achieves (with the
 * noise of the replications as slack: relax), and it
 * takes the fewest booths that do as well.  Then the officers cap, then
 * the state at hour k + 1. */
static int search_hour(struct search *S, size_t k, bool again, struct scratch *w,
                       struct err *e)
{
    struct staff_plan *P = S->plan;
    for (size_t q = 0; q < S->n_sq; q++) {
        w->guess[q] = again ? S->c[IX(S, q, k)] : first_guess(S, q, k);
        w->raised[q] = -1;
        w->gave_up[q] = false;
    }
restart:
    S->k = (long)k;
    for (size_t q = 0; q < S->n_sq; q++) {
        S->lo[q] = (int)k;
        for (int r = 0; r < S->R; r++)
            if (S->rep[r].ring[k % RING].b[q] < S->lo[q])
                S->lo[q] = S->rep[r].ring[k % RING].b[q];
        probe_init(&w->pr[q], w->guess[q], S->sq[q].pub->max_booths);
    }
    if (probe_rounds(S, k, w, e) < 0)
        return -1;
    bool redo = false;
    size_t j0 = k;
    for (size_t q = 0; q < S->n_sq; q++) {
        int most = S->sq[q].pub->max_booths;
        w->guess[q] = w->pr[q].hi <= most ? w->pr[q].hi : most;
        if (w->pr[q].hi <= most || w->gave_up[q])
            continue;
        double now = judge_hour(S, q, k, w->x).mean;
        if (w->raised[q] >= 0 && !(now < w->at_most[q])) {
            size_t h = (size_t)w->raised[q];       /* it did not help: undone */
            S->c[IX(S, q, h)]--;
            P->work.backtracks--;
            w->gave_up[q] = redo = true;
            j0 = h < j0 ? h : j0;
            continue;
        }
        w->at_most[q] = now;
        size_t first = k > BACKTRACK_HOURS ? k - BACKTRACK_HOURS : 0, m = first;
        for (size_t h = k + 1; h-- > first;)
            if (empty_all(S, q, h)) {
                m = h;
                break;
            }
        w->gave_up[q] = true;
        for (size_t h = k; h-- > m;)
            if (may_add(S, q, h)) {
                S->c[IX(S, q, h)]++;
                P->work.backtracks++;
                w->raised[q] = (int)h;
                w->gave_up[q] = false;
                redo = true;
                j0 = h < j0 ? h : j0;
                break;
            }
    }
    if (redo) {
        if (recommit(S, j0, k, e) < 0)
            return -1;
        goto restart;
    }
    /* Unmet: the bound of what every booth achieves, then the fewest
     * booths that do as well. */
    bool unmet_any = false;
    for (size_t q = 0; q < S->n_sq; q++)
        if (w->pr[q].hi > S->sq[q].pub->max_booths) {
            int most = S->sq[q].pub->max_booths;
            bool before = k > 0 && S->verdict[IX(S, q, k - 1)] == STAFF_UNMET;
            relax(S, q, k, STAFF_UNMET, w->x);
            probe_init(&w->pr[q], before ? S->c[IX(S, q, k - 1)] : most, most);
            unmet_any = true;
        }
    if (unmet_any && probe_rounds(S, k, w, e) < 0)
        return -1;
    for (size_t q = 0; q < S->n_sq; q++) {
        int most = S->sq[q].pub->max_booths;
        size_t ix = IX(S, q, k);
        S->c[ix] = S->first[ix] = w->pr[q].hi <= most ? w->pr[q].hi : most;
        S->first_open[ix] = w->pr[q].lo == w->pr[q].hi - 1 && w->pr[q].lo_open;
    }
    if (booths_at(S, k) > cap_at(S, k)) {
        share_cap(S, k, w->need);
        P->capped_hours++;
        for (size_t q = 0; q < S->n_sq; q++) {
            w->cand[q] = S->c[IX(S, q, k)];
            S->watch[q] = true;
        }
        set_run(S, (long)k, w->cand);
        if (round_all(S, job_eval, e) < 0)
            return -1;
        P->work.rounds++;
        for (size_t q = 0; q < S->n_sq; q++)
            if (S->c[IX(S, q, k)] < w->need[q])
                relax(S, q, k, STAFF_CAPPED, w->x);
    }
    if (k + 1 < S->H) {
        set_run(S, (long)k + 1, NULL);
        S->k = (long)k;
        if (round_all(S, job_commit, e) < 0)
            return -1;
    }
    return 0;
}

/* Put each replication's state at hour m (a multiple of PLAN_SNAP_EVERY,
 * saved by the last verification) into its forward ring. */
static int job_resume(struct search *S, struct worker *w, int r, struct err *e)
{
    struct rep *R = &S->rep[r];
    size_t m = (size_t)S->k;
    const struct snapx *x = &R->plan[m / PLAN_SNAP_EVERY];
    assert(x->k == (long)m);
    for (int i = 0; i < RING; i++)
        R->ring[i].k = -1;
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = 0; h < m; h++)
            R->done[VX(S, q, h)] = R->plan_val[VX(S, q, h)];
    if (snapx_restore(S, w, x, e) < 0)
        return -1;
    return snapx_save(S, w, &R->ring[m % RING], m, e);
}

/* The forward pass from hour k0 to the end: from the start (k0 = 0), the
 * warm-up with every searched booth open (first) or with the plan (its
 * last day's schedule is the warm-up's); else from the state the last
 * verification saved at or before k0, and the plan up to k0.  Hours from
 * k0 on are decided again, each starting from its booths in the plan when
 * `again`. */
static int forward_from(struct search *S, size_t k0, bool first, bool again,
                        struct scratch *w, struct err *e)
{
    S->phase = again ? "forward pass again" : "forward pass";
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = k0; h < S->H; h++) {
            S->bound[IX(S, q, h)] = S->sq[q].pub->target->bound;
            S->verdict[IX(S, q, h)] = STAFF_HOLDS;
        }
    if (k0 == 0) {
        S->k = 0;
        if (first)
            set_run(S, 0, NULL);
        else
            apply(S, S->c);
        if (round_all(S, job_start, e) < 0)
            return -1;
    } else {
        size_t m = k0 - k0 % PLAN_SNAP_EVERY;
        S->k = (long)m;
        if (round_all(S, job_resume, e) < 0 || recommit(S, m, k0, e) < 0)
            return -1;
    }
    for (size_t k = k0; k < S->H; k++)
        if (search_hour(S, k, again, w, e) < 0)
            return -1;
    return 0;
}

/* ---- verification, repairs and the backward pass ------------------------------- */

/* Run the plan from the start in every replication in use. */
static int verify(struct search *S, int r0, struct err *e)
{
    for (size_t q = 0; q < S->n_sq; q++)
        S->watch[q] = true;
    apply(S, S->c);
    S->k = (long)S->H - 1;
    if (r0 == 0)
        S->plan->work.verifications++;
    if (run_job(S, job_verify, r0, S->R, e) < 0)
        return -1;
    progress(S, false);
    return 0;
}

/* Verify the plan, adding replications to the decisions left open where
 * that is likely to settle them.  Returns the first hour in which some
 * queue does not hold (H if none), or -1 with *e. */
static long verify_grow(struct search *S, struct scratch *w, struct err *e)
{
    S->phase = "verification";
    if (verify(S, 0, e) < 0)
        return -1;
    for (;;) {
        int n = 0;
        for (size_t q = 0; q < S->n_sq; q++)
            for (size_t h = 0; h < S->HX; h++) {
                if (S->sq[q].closed[week_hour(S, h)])
                    continue;
                struct judged j = judge(S, q, h, true, w->x);
                int g = j.d == D_OPEN ? growth(S, j.want) : 0;
                n = g > n ? g : n;
            }
        if (!n)
            break;
        int old = S->R;
        S->R = n;
        if (verify(S, old, e) < 0)
            return -1;
    }
    /* The next day's hours fail because of the queue the week leaves: the
     * week's last hour answers for them. */
    for (size_t h = 0; h < S->HX; h++)
        for (size_t q = 0; q < S->n_sq; q++)
            if (!S->sq[q].closed[week_hour(S, h)] && judge(S, q, h, true, w->x).d != D_HOLDS)
                return h < S->H ? (long)h : (long)S->H - 1;
    return (long)S->H;
}

/* The last resort when hours still fail after the forward pass has been
 * run again from them: add a booth to every hour that does not hold (or to
 * an hour before it, or call it unmet), verify, again until every hour
 * holds.  Returns 0, or -1 with *e. */
static int repair(struct search *S, struct scratch *w, struct err *e)
{
    struct staff_plan *P = S->plan;
    for (int round = 0;; round++) {
        long h0 = verify_grow(S, w, e);
        if (h0 < 0)
            return -1;
        if (h0 == (long)S->H)
            return 0;
        for (size_t hv = (size_t)h0; hv < S->HX; hv++)
            for (size_t q = 0; q < S->n_sq; q++) {
                if (S->sq[q].closed[week_hour(S, hv)])
                    continue;
                struct judged j = judge(S, q, hv, true, w->x);
                if (j.d == D_HOLDS)
                    continue;
                if (j.d == D_OPEN)
                    P->work.open_decisions++;
                size_t h = hv < S->H ? hv : S->H - 1, at = h;
                bool added = false;
                /* An hour known not to be met takes what every booth does. */
                if (S->verdict[IX(S, q, week_hour(S, hv))] != STAFF_HOLDS)
                    added = true, at = SIZE_MAX;
                /* Its crossers wait into the next hour: if that has fewer
                 * booths, there first; else the hour itself, then before. */
                if (!added && h + 1 < S->H && S->c[IX(S, q, h + 1)] < S->c[IX(S, q, h)]
                    && may_add(S, q, h + 1)) {
                    at = h + 1;
                    added = true;
                }
                for (size_t back = 0; back <= BACKTRACK_HOURS && back <= h && !added; back++)
                    if (may_add(S, q, h - back)) {
                        at = h - back;
                        added = true;
                    }
                if (added && at != SIZE_MAX && round < REPAIR_ROUNDS_MAX) {
                    size_t ia = IX(S, q, at);
                    S->c[ia]++;
                    if (S->lowered[ia])
                        S->tried[ia] = S->c[ia];    /* put back: not tried again */
                    P->work.repairs++;
                } else {
                    size_t ix = IX(S, q, week_hour(S, hv));
                    double upper = j.mean + (isfinite(j.hw) ? j.hw : 0);
                    S->bound[ix] = upper > S->bound[ix] ? upper : S->bound[ix];
                    if (S->verdict[ix] == STAFF_HOLDS)
                        S->verdict[ix] = STAFF_UNMET;
                }
            }
    }
}

/* Verify; while some hour fails, run the forward pass again from it (at
 * most AGAIN_MAX times), then repair what still fails.  Returns 0 (every
 * hour holds or is unmet), or -1 with *e. */
static int settle(struct search *S, struct scratch *w, struct err *e)
{
    for (int i = 0; i < AGAIN_MAX; i++) {
        long h0 = verify_grow(S, w, e);
        if (h0 < 0)
            return -1;
        if (h0 == (long)S->H)
            return 0;
        S->plan->work.reruns++;
        if (forward_from(S, (size_t)h0, false, true, w, e) < 0)
            return -1;
    }
    return repair(S, w, e);
}

/* May the backward pass try a booth out of queue q in hour h: one that the
 * forward pass would not have put (backtracking, repairs), not tried at
 * this count before? */
static bool removable(const struct search *S, size_t q, size_t h)
{
    size_t ix = IX(S, q, h);
    return S->c[ix] > S->first[ix] && S->c[ix] != S->tried[ix]
           && S->verdict[ix] == STAFF_HOLDS && !S->sq[q].closed[h];
}

/* From the last hour to the first, take out booths one at a time while
 * every hour still holds.  Returns the booths taken out, or -1 with *e. */
static long backward(struct search *S, struct scratch *w, struct err *e)
{
    struct staff_plan *P = S->plan;
    long removed = 0, trials = 0;
    S->phase = "backward pass";
    for (size_t h = S->H; h-- > 0;)
        for (size_t q = 0; q < S->n_sq; q++) {
            if (!removable(S, q, h))
                continue;
            S->trial_snap = h / PLAN_SNAP_EVERY;
            while (S->c[IX(S, q, h)] > 0 && trials < BACKWARD_TRIALS_MAX) {
                trials++;
                memcpy(S->run, S->c, S->n_sq * S->H * sizeof *S->run);
                S->run[IX(S, q, h)]--;
                apply(S, S->run);
                S->k = (long)h;
                if (round_all(S, job_trial, e) < 0)
                    return -1;
                P->work.trials++;
                bool holds = true;
                for (size_t q2 = 0; q2 < S->n_sq && holds; q2++)
                    for (size_t h2 = 0; h2 < S->HX && holds; h2++)
                        holds = S->sq[q2].closed[week_hour(S, h2)]
                                || judge(S, q2, h2, false, w->x).d == D_HOLDS;
                if (!holds) {
                    S->tried[IX(S, q, h)] = S->c[IX(S, q, h)];
                    break;
                }
                S->c[IX(S, q, h)]--;
                S->lowered[IX(S, q, h)] = true;
                P->work.removed++;
                removed++;
                for (int r = 0; r < S->R; r++)
                    memcpy(S->rep[r].plan_val, S->rep[r].val,
                           S->n_sq * S->HX * sizeof *S->rep[r].val);
            }
        }
    apply(S, S->c);
    return removed;
}

/* ---- setting up --------------------------------------------------------------- */

static void queue_name(char *buf, size_t n, struct group_id id)
{
    snprintf(buf, n, "%s.%s.%s", scn_direction_name(id.dir), scn_mode_name(id.mode),
             scn_program_name(id.prog));
}

static bool target_applies(const struct staff_target *t, struct group_id id)
{
    return t->mode == id.mode && (!t->has_dir || t->dir == id.dir)
           && (!t->has_prog || t->prog == id.prog);
}

/* A lane group whose staffing the search may set: one that always serves
 * the same queue (flex groups keep their own).  With a staffing policy, its
 * staffed booths are the officers on duty, the most booths the policy may
 * open: the search sets those, and the policy still opens booths within. */
static bool fixed_group(const struct lanegroup *l)
{
    return l->n_assign == 1 && !l->scheduled && !l->has_policy;
}

/* The target entry for the queue id: the most specific that applies, or
 * NULL.  -1 with *e if two equally specific ones apply. */
static int target_of(const struct staff_opts *o, struct group_id id,
                     const struct staff_target **out, struct err *e)
{
    int best = -1;
    *out = NULL;
    for (size_t i = 0; i < o->n_targets; i++) {
        const struct staff_target *t = &o->targets[i];
        if (!target_applies(t, id))
            continue;
        int level = (int)t->has_dir + (int)t->has_prog;
        if (level == best) {
            char name[3 * SCN_NAME_MAX];
            queue_name(name, sizeof name, id);
            return err_set(e, EXIT_USAGE, "--target: \"%s\" and \"%s\" both apply to %s; say "
                           "which with an entry for %s itself", (*out)->text, t->text, name,
                           name);
        }
        if (level > best) {
            best = level;
            *out = t;
        }
    }
    return 0;
}

static bool named(const struct staff_opts *o, const char *name)
{
    for (size_t i = 0; i < o->n_groups; i++)
        if (!strcmp(o->groups[i], name))
            return true;
    return false;
}

/* The scenario's queues, for messages: "north.pov.general, ...". */
static void queue_list(struct engine_worker *p, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t g = 0; g < engine_worker_result(p)->n_groups; g++) {
        char name[3 * SCN_NAME_MAX];
        queue_name(name, sizeof name, engine_worker_group(p, g));
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", g ? ", " : "", name);
    }
}

/* Which queues and lane groups are searched.  Returns 0, or -1 with *e. */
static int resolve(struct search *S, struct engine_worker *p, struct err *e)
{
    const struct staff_opts *o = S->o;
    const struct scenario *s = S->orig;
    struct staff_plan *P = S->plan;
    char list[1024];
    for (size_t i = 0; i < o->n_targets; i++) {
        bool any = false;
        for (size_t g = 0; g < engine_worker_result(p)->n_groups && !any; g++)
            any = target_applies(&o->targets[i], engine_worker_group(p, g));
        if (!any) {
            queue_list(p, list, sizeof list);
            return err_set(e, EXIT_USAGE, "--target \"%s\": %s has no such queue (its queues: "
                           "%s)", o->targets[i].text, s->name, list);
        }
    }
    for (size_t i = 0; i < o->n_groups; i++) {
        size_t li = 0;
        while (li < s->n_lanes && strcmp(s->lanes[li].name, o->groups[i]))
            li++;
        if (li == s->n_lanes) {
            list[0] = '\0';
            for (size_t k = 0; k < s->n_lanes; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "",
                         s->lanes[k].name);
            return err_set(e, EXIT_USAGE, "--groups: %s has no lane group \"%s\" (its groups: "
                           "%s)", s->name, o->groups[i], list);
        }
        const struct lanegroup *l = &s->lanes[li];
        if (!fixed_group(l))
            return err_set(e, EXIT_USAGE, "--groups: lane group \"%s\" changes assignment "
                           "(%s); the search sets the staffing of lane groups that serve one "
                           "queue, and flex groups keep their own", l->name,
                           l->has_policy ? "a policy" : "a schedule");
        const struct staff_target *t;
        struct group_id id = { l->dir, l->mode, l->program };
        if (target_of(o, id, &t, e) < 0)
            return -1;
        if (!t) {
            char name[3 * SCN_NAME_MAX];
            queue_name(name, sizeof name, id);
            return err_set(e, EXIT_USAGE, "--groups: lane group \"%s\" serves %s, which "
                           "--target does not name", l->name, name);
        }
    }
    size_t ng = engine_worker_result(p)->n_groups;
    S->sq = calloc(ng, sizeof *S->sq);
    P->q = calloc(ng, sizeof *P->q);
    if (!S->sq || !P->q)
        return err_set(e, EXIT_FAIL, "out of memory");
    for (size_t g = 0; g < ng; g++) {
        struct group_id id = engine_worker_group(p, g);
        const struct staff_target *t;
        if (target_of(o, id, &t, e) < 0)
            return -1;
        if (!t)
            continue;
        struct staff_queue *Q = &P->q[P->n_q];
        Q->id = id;
        Q->target = t;
        if (!(Q->groups = calloc(s->n_lanes, sizeof *Q->groups)))
            return err_set(e, EXIT_FAIL, "out of memory");
        for (size_t li = 0; li < s->n_lanes; li++) {
            const struct lanegroup *l = &s->lanes[li];
            if (fixed_group(l) && l->dir == id.dir && l->mode == id.mode && l->program == id.prog
                && (o->n_groups == 0 || named(o, l->name))) {
                Q->groups[Q->n_groups++] = (int)li;
                Q->max_booths += l->booths;
                P->searched[li] = true;
            }
        }
        char name[3 * SCN_NAME_MAX];
        queue_name(name, sizeof name, id);
        if (Q->n_groups == 0) {
            free(Q->groups);
            Q->groups = NULL;
            return err_set(e, EXIT_USAGE, "--target \"%s\": no lane group of %s to search (%s)",
                           t->text, name, o->n_groups ? "none is named in --groups"
                           : "it is served only by flex lane groups, which keep their own "
                             "staffing");
        }
        struct sq *X = &S->sq[P->n_q];
        X->g = g;
        X->pub = Q;
        X->alone = true;
        for (size_t li = 0; li < s->n_lanes; li++)
            for (int a = 0; a < s->lanes[li].n_assign && !P->searched[li]; a++) {
                const struct assignment *as = &s->lanes[li].assign[a];
                if (as->dir == id.dir && as->mode == id.mode && as->prog == id.prog)
                    X->alone = false;
            }
        P->n_q++;
    }
    return 0;
}

/* Arrivals per hour, and whether the facility is closed all hour, for each
 * searched queue and measured hour. */
static void demand_and_hours(struct search *S)
{
    const struct scenario *s = S->orig;
    for (size_t q = 0; q < S->n_sq; q++) {
        struct sq *X = &S->sq[q];
        struct group_id id = X->pub->id;
        for (size_t k = 0; k < S->H; k++) {
            struct scn_day day;
            scn_day_of(s, s->run.warmup_days + (int)(k / HOURS_PER_DAY), &day);
            int h = (int)(k % HOURS_PER_DAY);
            double rate = 0;
            for (size_t i = 0; i < s->n_demand; i++) {
                const struct demand *d = &s->demand[i];
                if (d->dir == id.dir && d->mode == id.mode)
                    rate += scn_per_day_on(d, &day) * scn_share_on(d, &day, h)
                            * d->program_share[id.prog];
            }
            X->rate[k] = rate;
            const struct daysteps *hours = scn_hours_on(s, id.dir, id.mode, &day);
            bool open = !hours;
            for (int m = h * MINUTES_PER_HOUR; m < (h + 1) * MINUTES_PER_HOUR && !open; m++)
                open = scn_steps_at(hours, m) != 0;
            X->closed[k] = !open;
        }
    }
}

/* States the verification saves per replication. */
static size_t n_plan(const struct search *S)
{
    return (S->H + PLAN_SNAP_EVERY - 1) / PLAN_SNAP_EVERY;
}

static void search_free(struct search *S)
{
    for (int r = 0; S->rep && r < S->cap; r++) {
        struct rep *R = &S->rep[r];
        for (int i = 0; i < RING; i++)
            snapx_free(&R->ring[i]);
        for (size_t i = 0; R->plan && i < n_plan(S); i++)
            snapx_free(&R->plan[i]);
        free(R->plan);
        free(R->done);
        free(R->val);
        free(R->plan_val);
    }
    free(S->rep);
    for (int j = 0; S->w && j < S->jobs; j++) {
        engine_worker_free(S->w[j].p);
    }
    free(S->w);
    free(S->sq);
    free(S->c);
    free(S->first);
    free(S->first_open);
    free(S->lowered);
    free(S->tried);
    free(S->run);
    free(S->bound);
    free(S->verdict);
    free(S->lo);
    free(S->watch);
    free(S->sc.lanes);
}

void staff_plan_free(struct staff_plan *p)
{
    if (!p)
        return;
    for (size_t q = 0; p->q && q < p->n_q; q++) {
        free(p->q[q].groups);
        free(p->q[q].cell);
    }
    free(p->q);
    free(p->searched);
    free(p->staffed);
    free(p);
}

/* Allocate the search's arrays and its threads' ports.  Returns 0, or -1. */
static int search_alloc(struct search *S, struct err *e)
{
    size_t n = S->n_sq * S->H;
    S->jobs = S->o->jobs < 1 ? 1 : S->o->jobs;
    if (S->jobs > S->cap)
        S->jobs = S->cap;
    S->c = calloc(n, sizeof *S->c);
    S->first = calloc(n, sizeof *S->first);
    S->first_open = calloc(n, sizeof *S->first_open);
    S->lowered = calloc(n, sizeof *S->lowered);
    S->tried = malloc(n * sizeof *S->tried);
    S->run = calloc(n, sizeof *S->run);
    S->bound = calloc(n, sizeof *S->bound);
    S->verdict = calloc(n, sizeof *S->verdict);
    S->lo = calloc(S->n_sq, sizeof *S->lo);
    S->watch = calloc(S->n_sq, sizeof *S->watch);
    S->rep = calloc((size_t)S->cap, sizeof *S->rep);
    S->w = calloc((size_t)S->jobs, sizeof *S->w);
    if (!S->c || !S->first || !S->first_open || !S->lowered || !S->tried || !S->run || !S->bound || !S->verdict || !S->lo
        || !S->watch || !S->rep || !S->w)
        return err_set(e, EXIT_FAIL, "out of memory for the staffing search");
    for (int r = 0; r < S->cap; r++) {
        struct rep *R = &S->rep[r];
        for (int i = 0; i < RING; i++)
            R->ring[i].k = -1;
        R->plan = calloc(n_plan(S), sizeof *R->plan);
        size_t nv = S->n_sq * S->HX;
        R->done = calloc(nv, sizeof *R->done);
        R->val = calloc(nv, sizeof *R->val);
        R->plan_val = calloc(nv, sizeof *R->plan_val);
        if (!R->plan || !R->done || !R->val || !R->plan_val)
            return err_set(e, EXIT_FAIL, "out of memory for the staffing search");
        for (size_t i = 0; i < n_plan(S); i++)
            R->plan[i].k = -1;
    }
    for (int j = 0; j < S->jobs; j++) {
        struct worker *w = &S->w[j];
        if (!(w->p = engine_worker_new(&S->sc, e)))
            return -1;
        w->res = engine_worker_result(w->p);
    }
    for (size_t q = 0; q < S->n_sq; q++)
        for (size_t h = 0; h < S->H; h++) {
            S->tried[IX(S, q, h)] = -1;
            S->bound[IX(S, q, h)] = S->sq[q].pub->target->bound;
            S->verdict[IX(S, q, h)] = STAFF_HOLDS;
        }
    return 0;
}

/* The plan's figures for each queue and hour, from the last verification. */
static int fill_cells(struct search *S, struct scratch *w, struct err *e)
{
    const struct scenario *s = S->orig;
    struct staff_plan *P = S->plan;
    for (size_t q = 0; q < S->n_sq; q++) {
        struct staff_queue *Q = S->sq[q].pub;
        if (!(Q->cell = calloc(S->H, sizeof *Q->cell)))
            return err_set(e, EXIT_FAIL, "out of memory");
        for (size_t h = 0; h < S->H; h++) {
            struct staff_cell *c = &Q->cell[h];
            size_t ix = IX(S, q, h);
            enum weekday wd = P->day_weekday[h / HOURS_PER_DAY];
            int m0 = (int)(h % HOURS_PER_DAY) * MINUTES_PER_HOUR;
            double sum = 0;
            for (int m = m0; m < m0 + MINUTES_PER_HOUR; m++)
                for (size_t i = 0; i < Q->n_groups; i++)
                    sum += scn_sched_at(&s->lanes[Q->groups[i]].staffed, wd, m);
            c->file_booths = sum / MINUTES_PER_HOUR;
            c->booths = S->c[ix];
            c->lower = S->first[ix];
            c->bound = S->bound[ix];
            struct judged j = judge(S, q, h, true, w->x);
            c->mean = j.mean;
            c->ci95 = j.hw;
            c->n = j.n;
            c->verdict = S->sq[q].closed[h] ? STAFF_CLOSED
                       : S->verdict[ix] != STAFF_HOLDS ? S->verdict[ix]
                       : j.n == 0 ? STAFF_EMPTY : STAFF_HOLDS;
        }
    }
    for (size_t li = 0; li < s->n_lanes; li++)
        P->staffed[li] = S->sc.lanes[li].staffed;
    return 0;
}

int staff_search(const struct scenario *s, const struct staff_opts *o, struct staff_plan **out,
                 struct err *e)
{
    struct search S = { .orig = s, .o = o };
    struct scratch w = { 0 };
    struct engine_worker *p = NULL;
    int rc = -1;
    *out = NULL;
    S.t0 = now_s();
    if (s->n_stages > 0)
        return err_set(e, EXIT_USAGE, "staff: %s has stages in series; the search sets the "
                       "booths of one stage's lines and is not written for chains yet",
                       s->name);
    if (s->run.days < 1 || s->run.days > STAFF_DAYS_MAX)
        return err_set(e, EXIT_USAGE, "staff: %d measured days; the search takes 1 to %d, one "
                       "per weekday", s->run.days, STAFF_DAYS_MAX);
    struct staff_plan *P = calloc(1, sizeof *P);
    if (!P || !(P->searched = calloc(s->n_lanes, sizeof *P->searched))
        || !(P->staffed = calloc(s->n_lanes, sizeof *P->staffed))) {
        staff_plan_free(P);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    S.plan = P;
    P->s = s;
    P->n_days = S.D = (size_t)s->run.days;
    P->n_hours = S.H = S.D * HOURS_PER_DAY;
    for (size_t d = 0; d < S.D; d++)
        P->day_weekday[d] = (enum weekday)(((int)s->run.start + (int)d) % WD_COUNT);
    /* A day more than is searched, so that the crossers of the last hours
     * reach a booth (its schedule is the next weekday's). */
    S.sc = *s;
    S.sc.run.hourly = HOURLY_DAY;
    S.sc.run.days = s->run.days + 1;
    if (!(S.sc.lanes = malloc(s->n_lanes * sizeof *S.sc.lanes))) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    memcpy(S.sc.lanes, s->lanes, s->n_lanes * sizeof *S.sc.lanes);
    if (!(p = engine_worker_new(&S.sc, e)) || resolve(&S, p, e) < 0)
        goto done;
    S.n_sq = P->n_q;
    S.n_bins = engine_worker_result(p)->n_hours;
    S.HX = S.H;
    demand_and_hours(&S);
    S.R = o->reps < 2 ? 2 : o->reps;
    S.cap = o->max_reps > S.R ? o->max_reps : S.R;
    P->max_reps = S.cap;
    w.pr = calloc(S.n_sq, sizeof *w.pr);
    w.cand = calloc(S.n_sq, sizeof *w.cand);
    w.guess = calloc(S.n_sq, sizeof *w.guess);
    w.need = calloc(S.n_sq, sizeof *w.need);
    w.raised = calloc(S.n_sq, sizeof *w.raised);
    w.gave_up = calloc(S.n_sq, sizeof *w.gave_up);
    w.at_most = calloc(S.n_sq, sizeof *w.at_most);
    w.x = calloc((size_t)S.cap, sizeof *w.x);
    if (!w.pr || !w.cand || !w.guess || !w.need || !w.raised || !w.gave_up || !w.at_most
        || !w.x) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    /* A first pass, replications grown where its plan leaves decisions
     * open, a second pass at that number from the warm-up the first plan
     * gives, then verification, the backward pass and a last check. */
    if (search_alloc(&S, e) < 0 || forward_from(&S, 0, true, false, &w, e) < 0
        || verify_grow(&S, &w, e) < 0 || forward_from(&S, 0, false, true, &w, e) < 0
        || settle(&S, &w, e) < 0)
        goto done;
    long removed = backward(&S, &w, e);
    if (removed < 0 || (removed > 0 && repair(&S, &w, e) < 0))
        goto done;
    if (fill_cells(&S, &w, e) < 0)
        goto done;
    for (int j = 0; j < S.jobs; j++)
        P->work.sim_hours += S.w[j].sim_s / 3600.0;
    P->reps = S.R;
    P->work.seconds = now_s() - S.t0;
    progress(&S, true);
    rc = 0;
done:
    engine_worker_free(p);
    search_free(&S);
    free(w.pr);
    free(w.cand);
    free(w.guess);
    free(w.need);
    free(w.raised);
    free(w.gave_up);
    free(w.at_most);
    free(w.x);
    if (rc < 0)
        staff_plan_free(P);
    else
        *out = P;
    return rc;
}

double staff_booth_hours(const struct staff_plan *p, size_t li, bool file)
{
    struct lanegroup l = p->s->lanes[li];
    if (!file && p->searched[li])
        l.staffed = p->staffed[li];
    long minutes = 0;
    for (size_t d = 0; d < p->n_days; d++) {
        struct scn_day day;
        scn_day_of(p->s, p->s->run.warmup_days + (int)d, &day);
        minutes += scn_booth_minutes(p->s, &l, &day);
    }
    return (double)minutes / MINUTES_PER_HOUR / (double)p->n_days;
}
