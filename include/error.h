/*
 * error.h - error reports that carry their context.
 *
 * Bad input is not a bug: functions that read user input return -1 and fill a
 * struct err with a message that names where the problem is (file, JSON path)
 * and what was expected and found.  The caller prints it once, prefixed by
 * "poesim: ".  A broken invariant is a bug and aborts through assert().
 *
 * Ownership: a struct err is a plain value with an inline buffer; nothing to
 * free.
 */
#ifndef POESIM_ERROR_H
#define POESIM_ERROR_H

#include <stdarg.h>

#define ERR_MSG_MAX 1024

/* Exit statuses of the command line (documented in README.md). */
enum {
    EXIT_OK = 0,      /* done */
    EXIT_FAIL = 1,    /* a failure while running: I/O, out of memory */
    EXIT_USAGE = 2    /* bad usage or bad scenario: nothing was written */
};

struct err {
    int code;                 /* EXIT_USAGE for bad input, EXIT_FAIL otherwise */
    char msg[ERR_MSG_MAX];
};

/* Fill e with a formatted message and code; return -1 so callers can write
 * `return err_set(e, EXIT_USAGE, "...")`.  e may be NULL (message dropped). */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_vset(struct err *e, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
