/*
 * signals.h - SIGINT, SIGTERM and SIGHUP: stop at once, never half-way
 * through a write.
 *
 * A run spends nearly all its time computing replications in memory, and
 * then nothing of it is in flight on disk: the handler ends the process at
 * once (one line on stderr, then _exit with status 128 + the signal number:
 * 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP), however long a
 * replication takes, with no check in the model's event loop.
 *
 * Code that puts files in place brackets itself with sig_hold() and
 * sig_release().  A signal arriving inside is only recorded: writers look at
 * sig_caught() at their safe points (between files, between plots), give up
 * early and remove their temporaries; the process ends when the outermost
 * sig_release() is reached, with the same message and status.  So a signal
 * never leaves a temporary file or a half-replaced set of files behind.
 *
 * A signal that was ignored when poesim started (nohup, a background job of
 * a shell without job control) stays ignored.
 *
 * The module keeps its state in globals, since a signal handler has no other
 * way to reach the program: lock-free atomics (the signal caught, the depth
 * of held sections, which note is current) and the two note buffers.  Reading
 * an atomic is async-signal-safe, safe from any thread, and costs one load:
 * cheap enough for a model loop that wants to stop by itself to call
 * sig_caught() once per simulated hour (or even per event).  The program's
 * only other file-scope state is ranks.c's MPI session (one per process, as
 * MPI's own state is); everything else travels in explicit contexts.
 *
 * Ownership: nothing to free.
 */
#ifndef POESIM_SIGNALS_H
#define POESIM_SIGNALS_H

/* A note's size: room for two paths (FSET_PATH_MAX, fileset.h, each) and
 * the words around them. */
#define SIG_NOTE_MAX 8704

/* Catch SIGINT, SIGTERM and SIGHUP.  The message printed when one ends the
 * process is "poesim: stopped by SIGxxx; <note>".  Returns 0, or -1 if a
 * handler could not be installed (then signals keep their default action). */
int sig_install(const char *note);

/* Change the note of the message (for the phase the command is in).  Call
 * from the main thread while no replication threads run. */
void sig_note(const char *note);

/* The signal caught (SIGINT, SIGTERM, SIGHUP), or 0. */
int sig_caught(void);

/* The exit status for signal sig: 128 + sig. */
int sig_status(int sig);

/* "SIGINT", "SIGTERM", "SIGHUP", or "a signal". */
const char *sig_name(int sig);

/* Enter and leave a section that must not be cut short (files being put in
 * place).  Sections nest.  Leaving the outermost one after a signal was
 * caught prints the message and ends the process. */
void sig_hold(void);
void sig_release(void);

#endif
