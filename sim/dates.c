/*
 * dates.c - day numbers of calendar dates (dates.h).
 *
 * The two conversions are Howard Hinnant's algorithms ("chrono-Compatible
 * Low-Level Date Algorithms"): a year is shifted to start in March, so that
 * the leap day is the last day of its year and months have a closed-form
 * length pattern (153 days per 5 months); 400-year eras make the arithmetic
 * exact for any proleptic Gregorian date.  Called a few thousand times per
 * scenario load: clarity over speed.
 */
#include "dates.h"

#include <stdio.h>

#define DAYS_PER_ERA 146097     /* 400 Gregorian years */
#define YEARS_PER_ERA 400
#define EPOCH_SHIFT 719468      /* days from 0000-03-01 to 1970-01-01 */
#define EPOCH_WEEKDAY 3         /* 1970-01-01 was a Thursday (Monday 0) */
#define DAYS_PER_WEEK 7
#define MONTHS 12

long date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - (YEARS_PER_ERA - 1)) / YEARS_PER_ERA;
    long yoe = y - era * YEARS_PER_ERA;                             /* 0..399 */
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;      /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               /* 0..146096 */
    return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

void date_to_ymd(long day, int *y, int *m, int *d)
{
    day += EPOCH_SHIFT;
    long era = (day >= 0 ? day : day - (DAYS_PER_ERA - 1)) / DAYS_PER_ERA;
    long doe = day - era * DAYS_PER_ERA;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * YEARS_PER_ERA + (*m <= 2));
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool date_parse(const char *text, long *day)
{
    int y, m, d;
    for (int i = 0; i < DATE_TEXT_LEN - 1; i++)
        if (!text[i])
            return false;
    if (text[DATE_TEXT_LEN - 1] || text[4] != '-' || text[7] != '-' || !digits(text, 4, &y)
        || !digits(text + 5, 2, &m) || !digits(text + 8, 2, &d))
        return false;
    if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > MONTHS || d < 1)
        return false;
    long n = date_from_ymd(y, m, d);
    int y2, m2, d2;
    date_to_ymd(n, &y2, &m2, &d2);      /* 2017-02-30 comes back as March */
    if (y2 != y || m2 != m || d2 != d)
        return false;
    *day = n;
    return true;
}

void date_text(long day, char *buf)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(buf, DATE_TEXT_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

int date_weekday(long day)
{
    long w = (day + EPOCH_WEEKDAY) % DAYS_PER_WEEK;
    return (int)(w < 0 ? w + DAYS_PER_WEEK : w);
}

int date_month(long day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return m - 1;
}
