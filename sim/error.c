/*
 * error.c - see error.h.  Formatting only; no allocation.
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

/* A message cut at ERR_MSG_MAX may end inside a UTF-8 character: drop the
 * incomplete character, so that the message stays valid text. */
static void trim_partial_utf8(char *msg)
{
    size_t len = strlen(msg), i = len;
    while (i > 0 && ((unsigned char)msg[i - 1] & 0xC0) == 0x80)
        i--;                                /* continuation bytes */
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)msg[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (i - 1) < need)
        msg[i - 1] = '\0';
}

int err_vset(struct err *e, int code, const char *fmt, va_list ap)
{
    if (e) {
        e->code = code;
        int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        if (n >= (int)sizeof e->msg)
            trim_partial_utf8(e->msg);
    }
    return -1;
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
    return -1;
}
