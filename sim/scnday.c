/*
 * scnday.c - the calendar of a scenario's run: which weekday, month and
 * holiday a simulated day is, what its demand and opening hours are, and
 * which booths count as staffed (scenario.h).
 *
 * Part of the scenario module (scnkit.h lists its files; this one reads
 * nothing, it answers): the port model, the comparison of booth-hours and the
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

const struct daysteps *scn_stage_hours_on(const struct scenario *s, int k,
                                          const struct scn_day *day)
{
    const struct stage *st = &s->stages[k];
    if (day->holiday && day->holiday->has_hours[st->dir][st->mode])
        return &day->holiday->hours[st->dir][st->mode];
    if (st->has_hours)
        return &st->hours.day[day->weekday];
    return scn_hours_on(s, st->dir, st->mode, day);
}

int scn_stage_cols(const struct scenario *s)
{
    int most = 0;
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            if (s->n_chain[d][m] > most)
                most = s->n_chain[d][m];
    return most;
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

/* A step function walked minute by minute: the value at the current
 * minute, in amortised constant time (NULL steps: always 1, open). */
struct cursor {
    const struct daysteps *d;
    int k;
};

static int cursor_at(struct cursor *c, int m)
{
    if (!c->d)
        return 1;
    while (c->k + 1 < c->d->n && c->d->minute[c->k + 1] <= m)
        c->k++;
    return c->d->value[c->k];
}

long scn_booth_minutes(const struct scenario *s, const struct lanegroup *l,
                       const struct scn_day *day)
{
    struct cursor staffed = { &l->staffed.day[day->weekday], 0 };
    struct cursor sched = { &l->schedule.day[day->weekday], 0 };
    struct cursor hours[SCN_ASSIGN_MAX];
    for (int a = 0; a < l->n_assign; a++)
        hours[a] = (struct cursor){ l->stage >= 0 ? scn_stage_hours_on(s, l->stage, day)
                                    : scn_hours_on(s, l->assign[a].dir, l->assign[a].mode, day),
                                    0 };
    long total = 0;
    for (int m = 0; m < MINUTES_PER_DAY; m++) {
        int booths = cursor_at(&staffed, m);
        bool open = false;
        if (l->scheduled) {
            int now = cursor_at(&sched, m);
            for (int a = 0; a < l->n_assign; a++) {
                int o = cursor_at(&hours[a], m);        /* every cursor kept in step */
                open = open || (a == now && o != 0);
            }
        } else {
            for (int a = 0; a < l->n_assign; a++)
                open = cursor_at(&hours[a], m) != 0 || open;
        }
        total += open ? booths : 0;
    }
    return total;
}
