/*
 * units.h - units of time, the one home of their conversion factors.
 *
 * The model keeps time in seconds as doubles (since the start of the run,
 * warm-up included); scenarios give clock times in minutes of the day and
 * schedules by hour; outputs report minutes and hours.  Every conversion
 * between them goes through these names.  The factors in seconds are
 * doubles, since they scale simulated time; the others are ints, since they
 * count minutes and hours of the clock (divide a count of minutes by
 * (double)MINUTES_PER_HOUR for hours as a fraction).
 */
#ifndef POESIM_UNITS_H
#define POESIM_UNITS_H

#define SECONDS_PER_MINUTE 60.0
#define SECONDS_PER_HOUR 3600.0
#define SECONDS_PER_DAY 86400.0

#define MINUTES_PER_HOUR 60
#define HOURS_PER_DAY 24
#define MINUTES_PER_DAY (MINUTES_PER_HOUR * HOURS_PER_DAY)

/* "s" unless the count n is 1: "%d day%s", n, PLURAL(n). */
#define PLURAL(n) ((n) == 1 ? "" : "s")

#endif
