/*
 * signals.c - stop on SIGINT, SIGTERM and SIGHUP (signals.h).
 *
 * The handler does only async-signal-safe things: atomic loads and stores,
 * write(2) and _exit(2).  The note is kept in two buffers: sig_note writes
 * the one not in use and then switches an atomic index, so the handler
 * always reads a whole message.  (sig_note runs on the main thread while no
 * other thread exists, and a handler that interrupts it reads the buffer
 * still in use.)
 */
#include "signals.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static atomic_int caught;       /* the first signal caught, or 0 */
static atomic_int held;         /* depth of sig_hold sections */
static atomic_int current;      /* which note buffer is in use */
static char notes[2][SIG_NOTE_MAX];

const char *sig_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP"
                                                                                 : "a signal";
}

static void put(const char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* Print the message and end the process (async-signal-safe). */
static void stop_now(int sig)
{
    put("poesim: stopped by ");
    put(sig_name(sig));
    const char *note = notes[atomic_load(&current) & 1];
    if (*note) {
        put("; ");
        put(note);
    }
    put("\n");
    _exit(sig_status(sig));
}

static void handler(int sig)
{
    int none = 0;
    atomic_compare_exchange_strong(&caught, &none, sig);
    if (atomic_load(&held) == 0)
        stop_now(atomic_load(&caught));
}

void sig_note(const char *note)
{
    int next = (atomic_load(&current) + 1) & 1;
    snprintf(notes[next], sizeof notes[next], "%s", note ? note : "");
    atomic_store(&current, next);
}

int sig_install(const char *note)
{
    sig_note(note);
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0)
            return -1;
        if (old.sa_handler == SIG_IGN)
            continue;               /* ignored by whoever started us: keep it so */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = handler;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        if (sigaction(sigs[i], &sa, NULL) != 0)
            return -1;
    }
    return 0;
}

int sig_caught(void)
{
    return atomic_load_explicit(&caught, memory_order_relaxed);
}

int sig_status(int sig)
{
    return 128 + sig;
}

void sig_hold(void)
{
    atomic_fetch_add(&held, 1);
}

void sig_release(void)
{
    if (atomic_fetch_sub(&held, 1) == 1 && atomic_load(&caught))
        stop_now(atomic_load(&caught));
}
