/*
 * fuzz_common.h - what the fuzz harnesses check, besides "no crash".
 *
 * A sanitizer finds memory errors, leaks and undefined behaviour; these
 * oracles find the rest of what the loader promises (scenario.h):
 *
 *   - a refused input gives code EXIT_USAGE (or EXIT_FAIL for memory), a
 *     one-line message that starts with the file (or the --set) at fault;
 *   - an accepted scenario is valid: every count, name, share, schedule and
 *     distribution lies in its documented range, every queue a lane group
 *     serves has a service time, so that nothing downstream needs to check;
 *   - a small accepted scenario can be simulated for a day (one
 *     replication, no warm-up) without the model's own checks failing.
 *
 * A broken promise calls FUZZ_FAIL, which aborts under libFuzzer (the input
 * is saved as a crash) and fails the cmocka test that replays the saved
 * cases (tests/test_fuzz_regress.c defines FUZZ_FAIL before including the
 * harnesses).
 *
 * Ownership: fuzz_tmpdir returns a static buffer (the folder is removed at
 * exit); nothing else allocates beyond what it frees.
 */
#ifndef POESIM_FUZZ_COMMON_H
#define POESIM_FUZZ_COMMON_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dates.h"
#include "port.h"
#include "results.h"
#include "scenario.h"

#ifndef FUZZ_FAIL
#define FUZZ_FAIL(...) (fprintf(stderr, "fuzz oracle: " __VA_ARGS__), fputc('\n', stderr), abort())
#endif

/* Scenarios at most this busy (crossers a day, all streams, busiest
 * weekday) and this big are simulated for a day: a few milliseconds. */
#define FUZZ_SIM_CROSSERS_MAX 3000.0
#define FUZZ_SIM_BOOTHS_MAX 500

/* Files a harness may write in its folder: 1.json ... 4.json. */
#define FUZZ_FILES_MAX 4

static char fuzz_dir[] = "/tmp/poesim-fuzz-XXXXXX";

/* Remove the folder and what a harness wrote in it (at exit). */
static inline void fuzz_cleanup(void)
{
    char path[sizeof fuzz_dir + 16];
    for (int i = 1; i <= FUZZ_FILES_MAX; i++) {
        snprintf(path, sizeof path, "%s/%d.json", fuzz_dir, i);
        unlink(path);
    }
    rmdir(fuzz_dir);
}

/* A private folder for the files a harness writes, made once and removed
 * at exit. */
static inline const char *fuzz_tmpdir(void)
{
    static bool made;
    if (!made) {
        if (!mkdtemp(fuzz_dir))
            FUZZ_FAIL("cannot make a temporary folder");
        atexit(fuzz_cleanup);
        made = true;
    }
    return fuzz_dir;
}

/* Write len bytes to path, replacing it. */
static inline void fuzz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        FUZZ_FAIL("cannot write %s", path);
}

/* Whether s (n bytes) is valid UTF-8: no stray, truncated or overlong
 * sequence, no surrogate, nothing above U+10FFFF. */
static inline bool fuzz_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : u[i] >= 0xC2 && u[i] <= 0xDF ? 2
                 : u[i] >= 0xE0 && u[i] <= 0xEF ? 3 : u[i] >= 0xF0 && u[i] <= 0xF4 ? 4 : 0;
        if (k == 0 || i + k > n)
            return false;
        uint32_t cp = k == 1 ? u[i] : u[i] & (0x7Fu >> k);
        for (size_t j = 1; j < k; j++) {
            if ((u[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (u[i + j] & 0x3Fu);
        }
        static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k;
    }
    return true;
}

/* A refused input: a known code and a one-line message starting with
 * prefix (or prefix2); without controls_allowed (messages about files, not
 * echoing a command line), valid UTF-8 without control characters. */
static inline void fuzz_check_error(const struct err *e, const char *prefix, const char *prefix2,
                             bool controls_allowed)
{
    size_t n = strnlen(e->msg, sizeof e->msg);
    if (e->code != EXIT_USAGE && e->code != EXIT_FAIL)
        FUZZ_FAIL("error code %d (expected %d or %d): %s", e->code, EXIT_USAGE, EXIT_FAIL, e->msg);
    if (n == 0 || n == sizeof e->msg)
        FUZZ_FAIL("empty or unterminated message");
    if (strncmp(e->msg, prefix, strlen(prefix)) != 0
        && !(prefix2 && strncmp(e->msg, prefix2, strlen(prefix2)) == 0))
        FUZZ_FAIL("message does not start with \"%s\"%s%s: %s", prefix, prefix2 ? " or " : "",
                  prefix2 ? prefix2 : "", e->msg);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)e->msg[i];
        if (ch == '\n' || (!controls_allowed && (ch < ' ' || ch == 0x7f)))
            FUZZ_FAIL("control character 0x%02x in the message: %s", ch, e->msg);
        if (!controls_allowed && ch == 0xC2 && i + 1 < n && (unsigned char)e->msg[i + 1] <= 0x9F)
            FUZZ_FAIL("C1 control character in the message: %s", e->msg);
    }
    if (!controls_allowed && !fuzz_utf8(e->msg, n))
        FUZZ_FAIL("message is not UTF-8: %s", e->msg);
}

static inline void fuzz_check_name(const char *what, const char *name)
{
    size_t n = strnlen(name, SCN_NAME_MAX);
    if (n == 0 || n >= SCN_NAME_MAX)
        FUZZ_FAIL("%s: name of length %zu", what, n);
    for (size_t i = 0; i < n; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-", name[i]))
            FUZZ_FAIL("%s: name \"%s\" has character 0x%02x", what, name, (unsigned char)name[i]);
}

static inline bool fuzz_in(double x, double lo, double hi)
{
    return isfinite(x) && x >= lo && x <= hi;
}

/* Schedule ds: 1..SCN_STEPS_MAX steps a day from minute 0, increasing,
 * values in [lo, hi]. */
static inline void fuzz_check_sched(const char *what, const struct daysched *ds, int lo, int hi)
{
    for (int d = 0; d < WD_COUNT; d++) {
        int n = ds->day[d].n;
        if (n < 1 || n > SCN_STEPS_MAX || ds->day[d].minute[0] != 0)
            FUZZ_FAIL("%s: day %d has %d steps, the first at minute %d", what, d, n,
                      ds->day[d].minute[0]);
        for (int i = 0; i < n; i++) {
            if (i > 0 && !(ds->day[d].minute[i] > ds->day[d].minute[i - 1]))
                FUZZ_FAIL("%s: day %d: steps not increasing", what, d);
            if (ds->day[d].minute[i] >= MINUTES_PER_DAY)
                FUZZ_FAIL("%s: day %d: a step at minute %d", what, d, ds->day[d].minute[i]);
            if (ds->day[d].value[i] < lo || ds->day[d].value[i] > hi)
                FUZZ_FAIL("%s: day %d: value %d outside %d..%d", what, d, ds->day[d].value[i], lo,
                          hi);
        }
    }
}

static inline void fuzz_check_dist(const char *what, const struct dist *d)
{
    if ((int)d->kind < 0 || d->kind >= DIST_KIND_COUNT || !fuzz_in(d->mean_s, 1e-300, 86400)
        || !fuzz_in(d->cv, 0, 1e6))
        FUZZ_FAIL("%s: dist kind %d mean %g cv %g", what, (int)d->kind, d->mean_s, d->cv);
    if (d->kind == DIST_EMPIRICAL && (!d->values || d->n_values == 0))
        FUZZ_FAIL("%s: empirical without values", what);
}

/* The programmes each mode has (as scenario.c). */
static inline bool fuzz_program_valid(enum mode m, enum program p)
{
    switch (m) {
    case MODE_POV:
    case MODE_PEDESTRIAN:
        return p == PROG_GENERAL || p == PROG_READY || p == PROG_SENTRI;
    case MODE_BUS:
        return p == PROG_GENERAL || p == PROG_READY;
    case MODE_TRUCK:
        return p == PROG_GENERAL || p == PROG_FAST;
    case MODE_COUNT:
        break;
    }
    return false;
}

/* Everything scenario.h promises of a loaded scenario. */
static inline void fuzz_check_scenario(const struct scenario *s)
{
    if (!s->path || !s->title)
        FUZZ_FAIL("path or title missing");
    fuzz_check_name("name", s->name);
    const struct run *r = &s->run;
    if (r->days < 1 || r->days > 3660 || r->warmup_days < 0 || r->warmup_days > 365
        || r->replications < 1 || r->replications > 10000 || r->seed > (1ULL << 53)
        || (int)r->start < 0 || r->start >= WD_COUNT || (int)r->rng < 0
        || r->rng >= RNG_KIND_COUNT)
        FUZZ_FAIL("run out of range");
    if (s->n_demand < 1 || s->n_demand > 256 || s->n_lanes < 1 || s->n_lanes > 256)
        FUZZ_FAIL("%zu demand streams, %zu lane groups", s->n_demand, s->n_lanes);
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *d = &s->demand[i];
        fuzz_check_name("demand", d->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->name, s->demand[j].name) == 0)
                FUZZ_FAIL("demand name %s twice", d->name);
        if ((int)d->dir < 0 || d->dir >= DIR_COUNT || (int)d->mode < 0 || d->mode >= MODE_COUNT
            || !fuzz_in(d->per_day, 1e-300, 1e7) || !fuzz_in(d->occupancy, 1, 100)
            || (d->when_closed != CLOSED_WAIT && d->when_closed != CLOSED_FORGO)
            || (d->arrivals != ARR_POISSON && d->arrivals != ARR_DETERMINISTIC))
            FUZZ_FAIL("demand %s out of range", d->name);
        double sum = 0;
        for (int w = 0; w < WD_COUNT; w++) {
            sum = 0;
            for (int h = 0; h < HOURS_PER_DAY; h++) {
                if (!fuzz_in(d->hourly_share[w][h], 0, 1))
                    FUZZ_FAIL("demand %s: hourly share %g", d->name, d->hourly_share[w][h]);
                sum += d->hourly_share[w][h];
            }
            if (fabs(sum - 1) > 1e-9)
                FUZZ_FAIL("demand %s: hourly shares sum to %.17g", d->name, sum);
        }
        for (int m = 0; m < SCN_MONTHS; m++)
            if (!fuzz_in(d->monthly_factor[m], 0, 100) || (!d->has_monthly && d->monthly_factor[m] != 1)
                || (d->has_monthly && !s->run.has_date))
                FUZZ_FAIL("demand %s: monthly factor %g", d->name, d->monthly_factor[m]);
        for (int w = 0; w < WD_COUNT; w++)
            if (!fuzz_in(d->weekday_factor[w], 0, 100))
                FUZZ_FAIL("demand %s: weekday factor %g", d->name, d->weekday_factor[w]);
        sum = 0;
        for (int p = 0; p < PROG_COUNT; p++) {
            if (!fuzz_in(d->program_share[p], 0, 1)
                || (d->program_share[p] > 0 && !fuzz_program_valid(d->mode, (enum program)p)))
                FUZZ_FAIL("demand %s: programme %d share %g", d->name, p, d->program_share[p]);
            sum += d->program_share[p];
        }
        if (fabs(sum - 1) > 1e-6)
            FUZZ_FAIL("demand %s: programme shares sum to %.17g", d->name, sum);
        for (int p = 0; p < PROG_COUNT; p++)
            if (d->initial_queue[p] < 0 || d->initial_queue[p] > SCN_QUEUE_MAX
                || (d->initial_queue[p] > 0 && !(d->program_share[p] > 0)))
                FUZZ_FAIL("demand %s: initial queue %ld of programme %d", d->name,
                          d->initial_queue[p], p);
    }
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        fuzz_check_name("lane group", l->name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(l->name, s->lanes[j].name) == 0)
                FUZZ_FAIL("lane group name %s twice", l->name);
        if (l->n_assign < 1 || l->n_assign > SCN_ASSIGN_MAX || l->lanes < 1 || l->lanes > 1000
            || l->booths_per_lane < 1 || l->booths_per_lane > 10
            || l->booths != l->lanes * l->booths_per_lane || l->storage < -1
            || !fuzz_in(l->changeover_s, 0, 86400) || (l->scheduled && l->has_policy))
            FUZZ_FAIL("lane group %s out of range", l->name);
        if (l->dir != l->assign[0].dir || l->mode != l->assign[0].mode
            || l->program != l->assign[0].prog)
            FUZZ_FAIL("lane group %s: first assignment differs", l->name);
        for (int k = 0; k < l->n_assign; k++) {
            const struct assignment *a = &l->assign[k];
            if ((int)a->dir < 0 || a->dir >= DIR_COUNT || (int)a->mode < 0 || a->mode >= MODE_COUNT
                || !fuzz_program_valid(a->mode, a->prog))
                FUZZ_FAIL("lane group %s: assignment %d invalid", l->name, k);
            for (int j = 0; j < k; j++)
                if (a->dir == l->assign[j].dir && a->mode == l->assign[j].mode
                    && a->prog == l->assign[j].prog)
                    FUZZ_FAIL("lane group %s: assignment %d twice", l->name, k);
            if (l->stage < 0 && !s->has_service[a->dir][a->mode][a->prog])
                FUZZ_FAIL("lane group %s: assignment %d has no service", l->name, k);
        }
        fuzz_check_sched("staffed_booths", &l->staffed, 0, l->booths);
        if (l->scheduled)
            fuzz_check_sched("assignment", &l->schedule, 0, l->n_assign - 1);
        else if (l->n_assign > 1 && !l->has_policy)
            FUZZ_FAIL("lane group %s: %d assignments, no schedule or policy", l->name, l->n_assign);
        if (l->has_policy) {
            const struct lanepolicy *p = &l->policy;
            if (l->n_assign != 2 || p->from != 0 || p->to != 1
                || !fuzz_in(p->threshold, 1e-300, 1e6) || !fuzz_in(p->sustain_s, 0, 86400)
                || !fuzz_in(p->dwell_s, 0, 86400) || !fuzz_in(p->check_s, 1e-300, 86400)
                || p->max_per_day < 1 || p->max_per_day > 1440)
                FUZZ_FAIL("lane group %s: policy out of range", l->name);
        }
        if (!fuzz_in(l->stacked_efficiency, 1e-300, 1))
            FUZZ_FAIL("lane group %s: stacked efficiency %g", l->name, l->stacked_efficiency);
        if (l->has_staffing) {
            const struct staffpolicy *sp = &l->staffing;
            if (!fuzz_in(sp->open_above, 1e-300, 1e6) || !fuzz_in(sp->close_below, 0, 1e6)
                || !(sp->close_below < sp->open_above) || !fuzz_in(sp->sustain_s, 0, 86400)
                || !fuzz_in(sp->check_s, 1e-300, 86400) || !fuzz_in(sp->open_delay_s, 0, 86400)
                || sp->min_booths < 0 || sp->min_booths > l->booths)
                FUZZ_FAIL("lane group %s: staffing policy out of range", l->name);
        }
        if (l->pool >= 0 && ((size_t)l->pool >= s->n_pools || !l->has_staffing
                             || l->scheduled || l->has_policy
                             || l->lanes > s->pools[l->pool].lanes))
            FUZZ_FAIL("lane group %s: pool %d invalid", l->name, l->pool);
    }
    for (size_t k = 0; k < s->n_pools; k++)
        if (s->pools[k].lanes < 1 || s->pools[k].lanes > 1000)
            FUZZ_FAIL("lane pool %zu: %d lanes", k, s->pools[k].lanes);
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            for (int p = 0; p < PROG_COUNT; p++)
                if (s->has_service[d][m][p]) {
                    fuzz_check_dist("service", &s->service[d][m][p]);
                    for (int h = 0; h < HOURS_PER_DAY; h++)
                        if (!fuzz_in(s->service_factor[d][m][p][h], 1e-300, 100))
                            FUZZ_FAIL("service factor %g", s->service_factor[d][m][p][h]);
                }
            const struct secondary *sec = &s->secondary[d][m];
            if (!sec->present)
                continue;
            for (int p = 0; p < PROG_COUNT; p++)
                if (!fuzz_in(sec->referral[p], 0, 1))
                    FUZZ_FAIL("secondary referral %g", sec->referral[p]);
            if (sec->spaces < 1 || sec->spaces > 10000)
                FUZZ_FAIL("secondary spaces %d", sec->spaces);
            fuzz_check_dist("secondary", &sec->service);
        }
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            if (s->has_hours[d][m])
                fuzz_check_sched("hours", &s->hours[d][m], 0, 1);
    if (s->n_holidays > 0 && !s->run.has_date)
        FUZZ_FAIL("holidays without a start date");
    for (size_t i = 0; i < s->n_holidays; i++) {
        const struct holiday *h = &s->holidays[i];
        if (!fuzz_in(h->factor, 0, 100) || (i > 0 && h->date <= s->holidays[i - 1].date))
            FUZZ_FAIL("holiday %zu out of range or order", i);
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++)
                if (h->has_hours[d][m] && !s->has_hours[d][m])
                    FUZZ_FAIL("holiday %zu: hours of a facility without hours", i);
    }
    if (s->run.has_date && (int)s->run.start != date_weekday(s->run.start_date))
        FUZZ_FAIL("run.start is not the weekday of run.start_date");
    if (!fuzz_in(s->costs.closed_wait_value, 0, 1))
        FUZZ_FAIL("closed_wait_value %g", s->costs.closed_wait_value);
    const struct costs *k = &s->costs;
    if (k->price_year < 1990 || k->price_year > 2100 || !fuzz_in(k->truck_operating, 0, 1e4))
        FUZZ_FAIL("costs out of range");
    for (int m = 0; m < MODE_COUNT; m++)
        if (!fuzz_in(k->value_of_time[m], 0, 1e4) || !fuzz_in(k->idle_fuel_gal_per_hour[m], 0, 100)
            || !fuzz_in(k->fuel_usd_per_gal[m], 0, 100) || !fuzz_in(k->co2_kg_per_gal[m], 0, 100))
            FUZZ_FAIL("costs of mode %d out of range", m);
    const struct investment *inv = &s->investment;
    if (inv->present
        && (!fuzz_in(inv->capital_usd, 0, 1e12) || !fuzz_in(inv->om_usd_per_year, 0, 1e12)
            || !fuzz_in(inv->staffing_usd_per_booth_hour, 0, 1e4) || inv->life_years < 1
            || inv->life_years > 100 || !fuzz_in(inv->discount_rate, 0, 0.5)
            || !fuzz_in(inv->days_per_year, 1, 366)))
        FUZZ_FAIL("investment out of range");
    for (size_t i = 0; i < s->n_warnings; i++)
        if (!s->warnings[i] || !s->warnings[i][0])
            FUZZ_FAIL("empty warning");
}

/* One replication of one day, no warm-up, if the scenario is small: the
 * model's own checks (conservation) must hold. */
static inline void fuzz_simulate(struct scenario *s)
{
    double crossers = 0;
    int booths = 0;
    for (size_t i = 0; i < s->n_demand; i++) {
        double wf = 0;
        for (int w = 0; w < WD_COUNT; w++)
            wf = fmax(wf, s->demand[i].weekday_factor[w]);
        crossers += s->demand[i].per_day * wf;
        for (int p = 0; p < PROG_COUNT; p++)
            crossers += (double)s->demand[i].initial_queue[p];
    }
    for (size_t i = 0; i < s->n_lanes; i++)
        booths += s->lanes[i].booths;
    if (crossers > FUZZ_SIM_CROSSERS_MAX || booths > FUZZ_SIM_BOOTHS_MAX)
        return;
    s->run.days = 1;
    s->run.warmup_days = 0;
    s->run.replications = 1;
    struct err e = {0};
    struct rep_result r;
    memset(&r, 0, sizeof r);
    struct port *p = port_new(s, &e);
    if (!p)
        FUZZ_FAIL("port_new: %s", e.msg);
    if (res_alloc_stages(&r, port_n_groups(p), port_n_hours(p), port_n_stage_cols(p)) < 0)
        FUZZ_FAIL("res_alloc: out of memory");
    if (port_replicate(p, 0, &r, &e) < 0)
        FUZZ_FAIL("port_replicate: %s", e.msg);
    res_free(&r);
    port_free(p);
}

#endif
