/*
 * overload.c - hours of over-capacity per queue, from a run's hourly
 * estimates (overload.h).
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

#include "units.h"

#define OVERLOAD_SPELL_MIN_H 2  /* consecutive hours over capacity worth a warning */
#define SPELLS_SHOWN 4          /* spells of hours named; the rest counted */
#define RANGE_TEXT 48           /* "day 123 mon 23:00 to day 124 tue 02:00" */
#define LINE_TEXT 1024

/* "day D www HH:00" of measured hour h (day and hour from 0). */
static int put_hour(char *buf, size_t n, const struct scenario *s, size_t h, bool end)
{
    size_t day = h / HOURS_PER_DAY, hour = h % HOURS_PER_DAY;
    if (end && hour == 0 && day > 0)        /* the end of a day is 24:00 */
        day--, hour = HOURS_PER_DAY;
    enum weekday w = (enum weekday)((s->run.start + day) % WD_COUNT);
    return snprintf(buf, n, "day %zu %s %02zu:00", day + 1, scn_weekday_name(w), hour);
}

/* Hours [from, to) as "day 1 mon 07:00-10:00", or across days "day 1 mon
 * 23:00 to day 2 tue 02:00". */
static void put_range(char *buf, size_t n, const struct scenario *s, size_t from, size_t to)
{
    char a[RANGE_TEXT], b[RANGE_TEXT];
    put_hour(a, sizeof a, s, from, false);
    put_hour(b, sizeof b, s, to, true);
    if (from / HOURS_PER_DAY == (to - 1) / HOURS_PER_DAY)
        snprintf(buf, n, "%s-%s", a, b + strlen(b) - 5);
    else
        snprintf(buf, n, "%s to %s", a, b);
}

/* closed[w][h]: the facility of mode m is closed all of hour h of weekday w
 * (its opening hours). */
static void closed_hours(const struct scenario *s, enum mode m, bool closed[WD_COUNT][HOURS_PER_DAY])
{
    for (int w = 0; w < WD_COUNT; w++)
        for (int h = 0; h < HOURS_PER_DAY; h++) {
            bool all = s->has_hours[m];
            for (int k = 0; all && k < MINUTES_PER_HOUR; k++)
                all = scn_sched_at(&s->hours[m], (enum weekday)w, h * MINUTES_PER_HOUR + k) == 0;
            closed[w][h] = all;
        }
}

/* Whether measured hour h of group g was over capacity: open (by the
 * mode's opening hours), with crossers who did not all forgo, and more
 * arrivals than the open booths could inspect.  *excess: by how many. */
static bool over_capacity(const struct scenario *s, const struct summary *sum, size_t g, size_t h,
                          double mean_s, bool closed[WD_COUNT][HOURS_PER_DAY], double *excess)
{
    const struct hour_est *e = sum_hour(sum, g, h);
    size_t w = (s->run.start + h / HOURS_PER_DAY) % WD_COUNT;
    if (closed[w][h % HOURS_PER_DAY] || !(e->arrivals > e->forgone))
        return false;
    *excess = e->arrivals - e->booths_open * SECONDS_PER_HOUR / mean_s;
    return *excess > 0;
}

size_t ovl_warn(FILE *f, const struct scenario *s, const struct summary *sum)
{
    size_t named = 0;
    for (size_t g = 0; g < sum->n_groups; g++) {
        const struct group_id *id = &sum->id[g];
        const struct dist *svc = &s->service[id->dir][id->mode][id->prog];
        bool closed[WD_COUNT][HOURS_PER_DAY];
        if (!s->has_service[id->dir][id->mode][id->prog] || !(svc->mean_s > 0))
            continue;
        closed_hours(s, id->mode, closed);
        char ranges[LINE_TEXT] = "";
        size_t used = 0, n_over = 0, n_spells = 0, worst = 0, from = 0;
        double worst_excess = -1, queue_max = 0, forgone = 0;
        bool in_spell = false;
        for (size_t h = 0; h <= sum->n_hours; h++) {
            double excess = 0;
            bool over = h < sum->n_hours
                        && over_capacity(s, sum, g, h, svc->mean_s, closed, &excess);
            if (over && !in_spell)
                from = h, in_spell = true;
            if (over || !in_spell)
                continue;
            in_spell = false;
            if (h - from < OVERLOAD_SPELL_MIN_H)
                continue;               /* a single hour: chance, and drained the next */
            for (size_t k = from; k < h; k++) {
                const struct hour_est *e = sum_hour(sum, g, k);
                over_capacity(s, sum, g, k, svc->mean_s, closed, &excess);
                queue_max = fmax(queue_max, e->queue_max);
                forgone += e->forgone;
                if (excess > worst_excess)
                    worst_excess = excess, worst = k;
            }
            n_over += h - from;
            if (n_spells++ < SPELLS_SHOWN) {
                char r[2 * RANGE_TEXT + 8];
                put_range(r, sizeof r, s, from, h);
                int k = snprintf(ranges + used, sizeof ranges - used, "%s%s", used ? ", " : "", r);
                if (k > 0 && (size_t)k < sizeof ranges - used)
                    used += (size_t)k;
            }
        }
        if (n_over == 0)
            continue;
        const struct hour_est *w = sum_hour(sum, g, worst);
        char at[RANGE_TEXT], more[RANGE_TEXT] = "", lost[RANGE_TEXT * 2] = "";
        put_hour(at, sizeof at, s, worst, false);
        if (n_spells > SPELLS_SHOWN)
            snprintf(more, sizeof more, ", and %zu more", n_spells - SPELLS_SHOWN);
        if (forgone > 0)
            snprintf(lost, sizeof lost, "; %.0f forgone in those hours", forgone);
        fprintf(f, "poesim: warning: %s %s %s: demand exceeded capacity for %zu of %zu measured "
                "hours (%s%s); worst %s: %.0f arrivals for %.1f booths open x %.0f s = %.0f an "
                "hour; the queue reached %.0f crossers%s\n",
                scn_direction_name(id->dir), scn_mode_name(id->mode), scn_program_name(id->prog),
                n_over, sum->n_hours, ranges, more, at, w->arrivals, w->booths_open, svc->mean_s,
                w->booths_open * SECONDS_PER_HOUR / svc->mean_s, queue_max, lost);
        named++;
    }
    return named;
}
