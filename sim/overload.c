/*
 * overload.c - hours of over-capacity per queue, from a run's hourly
 * estimates, and crossers left at the end (overload.h).
 *
 * Works after the run on the summary's hourly means, not inside the model:
 * a few thousand hours per queue, read once.  An hour is over capacity when
 * its mean arrivals exceed the crossers its mean open booths could inspect
 * at the queue's mean primary inspection time.  Secondary inspection can
 * block booths and lower the true capacity further, so the test errs on the
 * side of silence.  Consecutive hours over capacity are shown as one range.
 */
#include "overload.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "dates.h"
#include "units.h"

#define OVERLOAD_SPELL_MIN_H 2  /* consecutive hours over capacity worth a warning */
#define SPELLS_SHOWN 4          /* spells of hours named; the rest counted */
#define RANGE_TEXT 48           /* "day 123 mon 23:00 to day 124 tue 02:00" */
#define LINE_TEXT 1024
#define WARNING_TEXT 2048

/* "day D www HH:00" (or "YYYY-MM-DD www HH:00" with a start date) of
 * hourly bin h; a bin pooled by weekday is "www HH:00". */
static int put_hour(char *buf, size_t n, const struct scenario *s, const struct summary *sum,
                    size_t h, bool end)
{
    size_t day = h / HOURS_PER_DAY, hour = h % HOURS_PER_DAY;
    if (end && hour == 0 && day > 0)        /* the end of a day is 24:00 */
        day--, hour = HOURS_PER_DAY;
    if (sum->by_weekday)
        return snprintf(buf, n, "%s %02zu:00", scn_weekday_name((enum weekday)day), hour);
    struct scn_day d;
    scn_day_of(s, s->run.warmup_days + (int)day, &d);
    if (s->run.has_date) {
        char date[DATE_TEXT_LEN];
        date_text(d.date, date);
        return snprintf(buf, n, "%s %s %02zu:00", date, scn_weekday_name(d.weekday), hour);
    }
    return snprintf(buf, n, "day %zu %s %02zu:00", day + 1, scn_weekday_name(d.weekday), hour);
}

/* Hours [from, to) as "day 1 mon 07:00-10:00", or across days "day 1 mon
 * 23:00 to day 2 tue 02:00". */
static void put_range(char *buf, size_t n, const struct scenario *s, const struct summary *sum,
                      size_t from, size_t to)
{
    char a[RANGE_TEXT], b[RANGE_TEXT];
    put_hour(a, sizeof a, s, sum, from, false);
    put_hour(b, sizeof b, s, sum, to, true);
    if (from / HOURS_PER_DAY == (to - 1) / HOURS_PER_DAY)
        snprintf(buf, n, "%s-%s", a, b + strlen(b) - 5);
    else
        snprintf(buf, n, "%s to %s", a, b);
}

/* Whether facility (d, m) is closed all through hourly bin h (by its
 * opening hours that day; a bin pooled by weekday: that weekday's, holidays
 * aside). */
static bool closed_hour(const struct scenario *s, const struct summary *sum, enum direction d,
                        enum mode m, size_t h)
{
    struct scn_day day;
    if (sum->by_weekday)
        day = (struct scn_day){ (enum weekday)(h / HOURS_PER_DAY), -1, 0, NULL };
    else
        scn_day_of(s, s->run.warmup_days + (int)(h / HOURS_PER_DAY), &day);
    const struct daysteps *hours = scn_hours_on(s, d, m, &day);
    if (!hours)
        return false;
    int from = (int)(h % HOURS_PER_DAY) * MINUTES_PER_HOUR;
    for (int k = 0; k < MINUTES_PER_HOUR; k++)
        if (scn_steps_at(hours, from + k) != 0)
            return false;
    return true;
}

/* The mean inspection time of group g in hourly bin h: the service
 * distribution's mean times the hourly_factor of the bin's hour of day. */
static double hour_mean_s(const struct scenario *s, const struct summary *sum, size_t g, size_t h)
{
    const struct group_id *id = &sum->id[g];
    return s->service[id->dir][id->mode][id->prog].mean_s
           * s->service_factor[id->dir][id->mode][id->prog][h % HOURS_PER_DAY];
}

/* Whether hourly bin h of group g was over capacity: open (by the
 * facility's opening hours), with crossers who did not all forgo, and more
 * arrivals than the open booths could inspect at the hour's inspection
 * time.  *excess: by how many. */
static bool over_capacity(const struct scenario *s, const struct summary *sum, size_t g, size_t h,
                          double *excess)
{
    const struct hour_est *e = sum_hour(sum, g, h);
    double mean_s = hour_mean_s(s, sum, g, h);
    if (sum_bin_days(sum, h) == 0 || !(e->arrivals > e->forgone)
        || closed_hour(s, sum, sum->id[g].dir, sum->id[g].mode, h))
        return false;
    *excess = e->arrivals - e->booths_open * SECONDS_PER_HOUR / mean_s;
    return *excess > 0;
}

static size_t hours_of(const struct summary *sum);

/* When a lane group with a staffing policy serves queue id, a note saying so
 * into buf (n bytes; "" if none): such a group opens a booth only when the
 * queue passes its open_above, so a queue standing over capacity may be
 * what the policy is set to do, not a shortage of booths. */
static void policy_note(const struct scenario *s, const struct group_id *id, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t i = 0; i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        if (!l->has_staffing)
            continue;
        for (int a = 0; a < l->n_assign; a++)
            if (l->assign[a].dir == id->dir && l->assign[a].mode == id->mode
                && l->assign[a].prog == id->prog) {
                snprintf(buf, n, "; lanes[%s] has a staffing policy, which opens a booth only "
                         "when the %s stays above %g %s: a queue standing at that level is "
                         "what it is set to do", l->name,
                         l->staffing.measure == POLICY_WAIT ? "expected wait" : "queue",
                         l->staffing.open_above,
                         l->staffing.measure == POLICY_WAIT ? "min" : "crossers");
                return;
            }
    }
}

/* The over-capacity warnings, one per queue, to fn; their count, or -1. */
static long over_each(const struct scenario *s, const struct summary *sum, ovl_fn *fn, void *ctx)
{
    long named = 0;
    for (size_t g = 0; g < sum->n_groups; g++) {
        const struct group_id *id = &sum->id[g];
        const struct dist *svc = &s->service[id->dir][id->mode][id->prog];
        if (!s->has_service[id->dir][id->mode][id->prog] || !(svc->mean_s > 0))
            continue;
        char ranges[LINE_TEXT] = "";
        size_t used = 0, n_over = 0, n_spells = 0, worst = 0, from = 0;
        double worst_excess = -1, queue_max = 0, forgone = 0;
        bool in_spell = false;
        for (size_t h = 0; h <= sum->n_hours; h++) {
            double excess = 0;
            bool over = h < sum->n_hours && over_capacity(s, sum, g, h, &excess);
            if (over && !in_spell)
                from = h, in_spell = true;
            if (over || !in_spell)
                continue;
            in_spell = false;
            if (h - from < OVERLOAD_SPELL_MIN_H)
                continue;               /* a single hour: chance, and drained the next */
            for (size_t k = from; k < h; k++) {
                const struct hour_est *e = sum_hour(sum, g, k);
                over_capacity(s, sum, g, k, &excess);
                queue_max = fmax(queue_max, e->queue_max);
                forgone += e->forgone;
                if (excess > worst_excess)
                    worst_excess = excess, worst = k;
            }
            n_over += h - from;
            if (n_spells++ < SPELLS_SHOWN) {
                char r[2 * RANGE_TEXT + 8];
                put_range(r, sizeof r, s, sum, from, h);
                int k = snprintf(ranges + used, sizeof ranges - used, "%s%s", used ? ", " : "", r);
                if (k > 0 && (size_t)k < sizeof ranges - used)
                    used += (size_t)k;
            }
        }
        if (n_over == 0)
            continue;
        const struct hour_est *w = sum_hour(sum, g, worst);
        char at[RANGE_TEXT], more[RANGE_TEXT] = "", lost[RANGE_TEXT * 2] = "";
        char policy[LINE_TEXT];
        policy_note(s, id, policy, sizeof policy);
        put_hour(at, sizeof at, s, sum, worst, false);
        if (n_spells > SPELLS_SHOWN)
            snprintf(more, sizeof more, ", and %zu more", n_spells - SPELLS_SHOWN);
        if (forgone > 0)
            snprintf(lost, sizeof lost, "; %.0f forgone in those hours", forgone);
        char text[WARNING_TEXT];
        snprintf(text, sizeof text, "%s %s %s: demand exceeded capacity for %zu of %zu %s "
                 "hours (%s%s); worst %s: %.0f arrivals for %.1f booths open x %.0f s = %.0f an "
                 "hour; the queue reached %.0f crossers%s%s",
                 scn_direction_name(id->dir), scn_mode_name(id->mode), scn_program_name(id->prog),
                 n_over, hours_of(sum), sum->by_weekday ? "weekday" : "measured", ranges, more, at,
                 w->arrivals, w->booths_open, hour_mean_s(s, sum, g, worst),
                 w->booths_open * SECONDS_PER_HOUR / hour_mean_s(s, sum, g, worst), queue_max,
                 lost, policy);
        if (fn(ctx, text) < 0)
            return -1;
        named++;
    }
    return named;
}

/* Hourly bins that hold measured hours. */
static size_t hours_of(const struct summary *sum)
{
    size_t n = 0;
    for (size_t h = 0; h < sum->n_hours; h++)
        n += sum_bin_days(sum, h) > 0;
    return n;
}

/* The queues with more than OVL_REMAINING_SHARE of their arrivals still in
 * the port at the end, to fn; their count, or -1. */
static long remaining_each(const struct scenario *s, const struct summary *sum, ovl_fn *fn,
                           void *ctx)
{
    long named = 0;
    for (size_t g = 0; g < sum->n_groups; g++) {
        const struct group_id *id = &sum->id[g];
        double arr = sum_est(sum, M_ARRIVALS, g)->mean, rem = sum_est(sum, M_REMAINING, g)->mean;
        if (!(arr > 0) || !(rem > OVL_REMAINING_SHARE * arr))
            continue;
        char text[WARNING_TEXT];
        snprintf(text, sizeof text, "%s %s %s: %.1f%% of the arrivals (%.0f a day) were still in "
                 "the port when the run ended; they have no wait yet and are left out of the mean "
                 "wait and the cost of waiting, which therefore understate the delay",
                 scn_direction_name(id->dir), scn_mode_name(id->mode), scn_program_name(id->prog),
                 100 * rem / arr, rem / s->run.days);
        if (fn(ctx, text) < 0)
            return -1;
        named++;
    }
    return named;
}

long ovl_collect(const struct scenario *s, const struct summary *sum, ovl_fn *fn, void *ctx)
{
    if (sum->n_hours == 0) {            /* read back: what was recorded */
        for (size_t i = 0; i < sum->n_warnings; i++)
            if (fn(ctx, sum->warnings[i]) < 0)
                return -1;
        return (long)sum->n_warnings;
    }
    long a = over_each(s, sum, fn, ctx);
    if (a < 0)
        return -1;
    long b = remaining_each(s, sum, fn, ctx);
    return b < 0 ? -1 : a + b;
}

static int print_line(void *ctx, const char *text)
{
    fprintf(ctx, "poesim: warning: %s\n", text);
    return 0;
}

size_t ovl_warn(FILE *f, const struct scenario *s, const struct summary *sum)
{
    long n = over_each(s, sum, print_line, f);
    return n > 0 ? (size_t)n : 0;
}
