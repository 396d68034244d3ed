/*
 * scnday.c - the calendar of a scenario's run: which weekday, month and
 * holiday a simulated day is, what its demand and opening hours are, and
 * which booths count as staffed (scenario.h).
 *
 * Part of the scenario module (with scenario.c, which reads the keys, and
 * scnmerge.c): the port model, the comparison of booth-hours and the
 * checks at load time all ask these questions, so that they agree on the
 * answers.  A run without run.start_date is weeks of weekdays: day k has
 * weekday (start + k - warmup_days) mod 7, no month and no holiday, as
 * before dates existed.  With a date, day k is start_date + k - warmup_days
 * (warm-up days are the dates before it).  Holidays are looked up by
 * binary search in their sorted array: a day's questions are asked a few
 * times per simulated day, never per crosser.
 */
#include <assert.h>
#include <stddef.h>

#include "dates.h"
#include "scenario.h"

#define SECONDS_PER_HOUR 3600.0

static const struct holiday *holiday_on(const struct scenario *s, long date)
{
    size_t lo = 0, hi = s->n_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->holidays[mid].date < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_holidays && s->holidays[lo].date == date ? &s->holidays[lo] : NULL;
}

void scn_day_of(const struct scenario *s, int k, struct scn_day *out)
{
    int off = k - s->run.warmup_days;
    if (s->run.has_date) {
        out->date = s->run.start_date + off;
        out->weekday = (enum weekday)date_weekday(out->date);
        out->month = date_month(out->date);
        out->holiday = holiday_on(s, out->date);
        return;
    }
    int w = ((int)s->run.start + off) % WD_COUNT;
    out->weekday = (enum weekday)(w < 0 ? w + WD_COUNT : w);
    out->month = -1;
    out->date = 0;
    out->holiday = NULL;
}

const struct daysteps *scn_hours_on(const struct scenario *s, enum direction d, enum mode m,
                                    const struct scn_day *day)
{
    if (!s->has_hours[d][m])
        return NULL;
    if (day->holiday && day->holiday->has_hours[d][m])
        return &day->holiday->hours[d][m];
    return &s->hours[d][m].day[day->weekday];
}

double scn_share_on(const struct demand *dm, const struct scn_day *day, int h)
{
    const struct holiday *hol = day->holiday;
    if (hol && hol->profile == HOL_PROFILE_SHARES)
        return hol->share[h];
    if (hol && hol->profile == HOL_PROFILE_WEEKDAY)
        return dm->hourly_share[hol->profile_like][h];
    return dm->hourly_share[day->weekday][h];
}

double scn_per_day_on(const struct demand *dm, const struct scn_day *day)
{
    double x = dm->per_day * dm->weekday_factor[day->weekday];
    if (dm->has_monthly && day->month >= 0)
        x *= dm->monthly_factor[day->month];
    if (day->holiday)
        x *= day->holiday->factor;
    return x;
}

static bool same(const struct assignment *a, const struct assignment *b)
{
    return a->dir == b->dir && a->mode == b->mode && a->prog == b->prog;
}

bool scn_lane_may_serve(const struct lanegroup *l, enum weekday w, int m,
                        const struct assignment *a)
{
    if (l->scheduled)
        return same(&l->assign[scn_sched_at(&l->schedule, w, m)], a);
    for (int k = 0; k < l->n_assign; k++)
        if (same(&l->assign[k], a))
            return true;
    return false;
}

/* Is facility (d, m) open at minute `minute` of that day? */
static bool open_at(const struct scenario *s, const struct assignment *a,
                    const struct scn_day *day, int minute)
{
    const struct daysteps *h = scn_hours_on(s, a->dir, a->mode, day);
    return !h || scn_steps_at(h, minute) != 0;
}

long scn_booth_minutes(const struct scenario *s, const struct lanegroup *l,
                       const struct scn_day *day)
{
    const struct daysteps *st = &l->staffed.day[day->weekday];
    long total = 0;
    for (int k = 0; k < st->n; k++) {
        int end = k + 1 < st->n ? st->minute[k + 1] : MINUTES_PER_DAY;
        if (st->value[k] == 0)
            continue;
        for (int m = st->minute[k]; m < end; m++) {
            bool open = false;
            if (l->scheduled)
                open = open_at(s, &l->assign[scn_sched_at(&l->schedule, day->weekday, m)], day, m);
            else
                for (int a = 0; a < l->n_assign && !open; a++)
                    open = open_at(s, &l->assign[a], day, m);
            total += open ? st->value[k] : 0;
        }
    }
    return total;
}
