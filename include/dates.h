/*
 * dates.h - calendar dates of the proleptic Gregorian calendar as day
 * numbers.
 *
 * A scenario may pin its run to calendar dates (run.start_date, holidays,
 * monthly factors).  Dates are held as day numbers, days since 1970-01-01,
 * so that "the day after" is +1 and the weekday and month of a simulated
 * day are a division away.  The conversions are Howard Hinnant's
 * days_from_civil / civil_from_days (exact for every date of the range
 * below, no tables, no time zones: a date here is a civil day, not an
 * instant).  Knows nothing of the port.
 *
 * Ownership: plain values; nothing to free.
 */
#ifndef POESIM_DATES_H
#define POESIM_DATES_H

#include <stdbool.h>

#define DATE_YEAR_MIN 1900      /* far around any planning horizon; keeps */
#define DATE_YEAR_MAX 2200      /* day numbers small and years 4 digits */
#define DATE_TEXT_LEN 11        /* "YYYY-MM-DD" and its NUL */

/* Parse "YYYY-MM-DD" (exactly ten characters, a real date of the years
 * DATE_YEAR_MIN..DATE_YEAR_MAX) into *day.  Returns false if it is not one. */
bool date_parse(const char *text, long *day);

/* The day number of year y, month m (1..12), day d (1..31), unchecked. */
long date_from_ymd(int y, int m, int d);
/* Year, month (1..12) and day (1..31) of day number `day`. */
void date_to_ymd(long day, int *y, int *m, int *d);
/* "YYYY-MM-DD" of day number `day` into buf (DATE_TEXT_LEN bytes). */
void date_text(long day, char *buf);
/* Weekday of day number `day`, Monday 0 .. Sunday 6 (enum weekday's order). */
int date_weekday(long day);
/* Month of day number `day`, January 0 .. December 11. */
int date_month(long day);

#endif
