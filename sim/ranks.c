/*
 * ranks.c - replications over MPI ranks (ranks.h).
 *
 * The workload: tasks of a few milliseconds (a day of a small port) to
 * minutes (a year of a large one), a few to a million of them, and results
 * of kilobytes to megabytes (hourly bins x groups).  One message per task
 * and per result is cheap at that scale, so the manager keeps it simple: one
 * task in flight per worker, handed out in scenario-major order, results
 * added as soon as they are in turn.  A worker keeps the port model of the
 * scenario it last computed and gets a scenario's definition only when its
 * next task is of another scenario: with scenario-major order, about once
 * per scenario and worker.
 *
 * Waiting: Open MPI's blocking calls poll in a loop and so burn a core each.
 * Both sides probe instead and sleep between probes, from PAUSE_MIN_NS
 * doubling to PAUSE_MAX_NS: a message waits at most a millisecond, which
 * is noise next to a replication, and a waiting rank costs next to nothing.
 *
 * Every message is bytes (MPI_BYTE), with a fixed header copied as a struct:
 * every rank runs the same binary (same layout, same byte order), the
 * assumption res_pack makes too (results.h).
 */
#include "ranks.h"

#ifndef POESIM_MPI

bool ranks_built(void)
{
    return false;
}

int ranks_start(int *argc, char ***argv, struct err *e)
{
    (void)argc;
    (void)argv;
    return err_set(e, EXIT_USAGE, "this poesim was built without MPI; rebuild with make MPI=1");
}

int ranks_serve(void)
{
    return EXIT_FAIL;
}

int ranks_end(int rc)
{
    return rc;
}

struct ranks_job *ranks_job_new(size_t n, struct err *e)
{
    (void)n;
    err_set(e, EXIT_USAGE, "this poesim was built without MPI; rebuild with make MPI=1");
    return NULL;
}

void ranks_job_free(struct ranks_job *j)
{
    (void)j;
}

void ranks_job_set(struct ranks_job *j, size_t i, const char *label, const char *text)
{
    (void)j;
    (void)i;
    (void)label;
    (void)text;
}

const struct batch_runner *ranks_runner(struct ranks_job *j)
{
    (void)j;
    return NULL;
}

#else /* POESIM_MPI */

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mpi.h>

#include "engine.h"
#include "results.h"
#include "scenario.h"

#define PAUSE_MIN_NS 10000L         /* 10 us */
#define PAUSE_MAX_NS 1000000L       /* 1 ms */
#define MANAGER 0
/* The exit status of a worker killed by the test hook (ranks.h). */
#define TEST_DIE_STATUS 3

enum tag { TAG_TASK = 1, TAG_RESULT, TAG_ERROR, TAG_STOP };

/* A task; with has_def, label_len bytes of label and text_len of text follow. */
struct task_head {
    int32_t scen, rep;
    uint32_t has_def;
    uint32_t label_len;
    uint64_t text_len;
    char name[SCN_NAME_MAX];
    struct run run;
};

/* A result (res_pack bytes follow) or an error (the message follows, NUL
 * included). */
struct reply_head {
    int32_t scen, rep, code, unused;
};

/* This process's MPI state: one per process, like MPI's own. */
static struct {
    bool on;
    int rank, size;
    int computing;              /* manager: workers with a task in hand */
} ses;

struct ranks_job {
    size_t n;
    const char **label, **text;
    long *holds;                /* [rank]: the scenario a worker holds, or -1 */
    struct batch_runner runner;
    struct rep_result r;        /* a result unpacked */
};

bool ranks_built(void)
{
    return true;
}

/* Wait for a message from source (or MPI_ANY_SOURCE) and fill *st. */
static void wait_message(int source, MPI_Status *st)
{
    long pause = PAUSE_MIN_NS;
    for (;;) {
        int flag = 0;
        MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, st);
        if (flag)
            return;
        struct timespec ts = { 0, pause };
        nanosleep(&ts, NULL);
        if (pause < PAUSE_MAX_NS)
            pause = 2 * pause < PAUSE_MAX_NS ? 2 * pause : PAUSE_MAX_NS;
    }
}

/* Receive the message *st announced into *buf (grown to *cap as needed);
 * returns its size.  A process that cannot find the memory for a message
 * cannot go on: the job is aborted. */
static size_t recv_message(const MPI_Status *st, unsigned char **buf, size_t *cap)
{
    int count = 0;
    MPI_Get_count(st, MPI_BYTE, &count);
    size_t size = count > 0 ? (size_t)count : 0;
    if (size > *cap || !*buf) {
        unsigned char *b = realloc(*buf, size ? size : 1);
        if (!b) {
            fprintf(stderr, "poesim: rank %d: out of memory for a message of %zu bytes\n",
                    ses.rank, size);
            MPI_Abort(MPI_COMM_WORLD, EXIT_FAIL);
        }
        *buf = b;
        *cap = size ? size : 1;
    }
    MPI_Recv(*buf, count, MPI_BYTE, st->MPI_SOURCE, st->MPI_TAG, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
    return size;
}

int ranks_start(int *argc, char ***argv, struct err *e)
{
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return err_set(e, EXIT_FAIL, "MPI could not start");
    ses.on = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &ses.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ses.size);
    if (ses.size < 2) {
        MPI_Finalize();
        ses.on = false;
        return err_set(e, EXIT_USAGE, "--mpi needs 2 ranks or more (rank 0 hands out the "
                       "replications, the others compute them): start poesim with "
                       "mpirun -n N, N >= 2");
    }
    return ses.rank;
}

int ranks_end(int rc)
{
    if (!ses.on || ses.rank != MANAGER)
        return rc;
    if (ses.computing > 0) {
        fflush(stdout);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, rc ? rc : EXIT_FAIL);
    }
    for (int w = 1; w < ses.size; w++)
        MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
    MPI_Finalize();
    ses.on = false;
    return rc;
}

/* ---- the worker ----------------------------------------------------------- */

/* What a worker rank holds: the scenario of its last task and the engine's
 * worker for it. */
struct held {
    struct scenario *s;
    struct engine_worker *w;
};

static void held_clear(struct held *h)
{
    engine_worker_free(h->w);
    scn_free(h->s);
    memset(h, 0, sizeof *h);
}

/* Take the definition of a task (body[0..size)) in place of the held one. */
static int held_define(struct held *h, const struct task_head *t, const unsigned char *body,
                       size_t size, struct err *e)
{
    held_clear(h);
    if (t->label_len > size || t->text_len > size - t->label_len)
        return err_set(e, EXIT_FAIL, "internal error: a task of %zu bytes is truncated", size);
    char *label = malloc((size_t)t->label_len + 1);
    if (!label)
        return err_set(e, EXIT_FAIL, "out of memory");
    memcpy(label, body, t->label_len);
    label[t->label_len] = '\0';
    h->s = scn_parse((const char *)body + t->label_len, (size_t)t->text_len, label, e);
    free(label);
    if (!h->s)
        return -1;
    memcpy(h->s->name, t->name, sizeof h->s->name);
    h->s->name[sizeof h->s->name - 1] = '\0';
    h->s->run = t->run;
    return (h->w = engine_worker_new(h->s, e)) ? 0 : -1;
}

/* Send a reply: head, then n bytes of body. */
static void send_reply(enum tag tag, const struct reply_head *rh, const void *body, size_t n,
                       unsigned char **buf, size_t *cap)
{
    size_t size = sizeof *rh + n;
    if (size > *cap || !*buf) {
        unsigned char *b = realloc(*buf, size);
        if (!b) {
            fprintf(stderr, "poesim: rank %d: out of memory for a message of %zu bytes\n",
                    ses.rank, size);
            MPI_Abort(MPI_COMM_WORLD, EXIT_FAIL);
        }
        *buf = b;
        *cap = size;
    }
    memcpy(*buf, rh, sizeof *rh);
    if (n)
        memcpy(*buf + sizeof *rh, body, n);
    MPI_Send(*buf, (int)size, MPI_BYTE, MANAGER, (int)tag, MPI_COMM_WORLD);
}

int ranks_serve(void)
{
    struct held h = { 0 };
    unsigned char *in = NULL, *out = NULL, *packed = NULL;
    size_t in_cap = 0, out_cap = 0, packed_cap = 0;
    const char *die = getenv("POESIM_MPI_TEST_DIE_RANK");
    bool die_first = die && *die && atoi(die) == ses.rank;
    for (;;) {
        MPI_Status st;
        wait_message(MANAGER, &st);
        size_t size = recv_message(&st, &in, &in_cap);
        if (st.MPI_TAG == TAG_STOP)
            break;
        if (die_first)
            _exit(TEST_DIE_STATUS);
        struct task_head t = { 0 };
        struct reply_head rh = { 0 };
        struct err e = { 0 };
        const struct rep_result *r = NULL;
        int rc = -1;
        if (st.MPI_TAG != TAG_TASK || size < sizeof t) {
            err_set(&e, EXIT_FAIL, "internal error: message %d of %zu bytes is not a task",
                    st.MPI_TAG, size);
        } else {
            memcpy(&t, in, sizeof t);
            rh.scen = t.scen;
            rh.rep = t.rep;
            if (!t.has_def || held_define(&h, &t, in + sizeof t, size - sizeof t, &e) == 0) {
                if (h.w && (r = engine_worker_run(h.w, t.rep, &e)))
                    rc = 0;
                else if (!h.w)
                    err_set(&e, EXIT_FAIL, "internal error: a task without its scenario");
            }
        }
        size_t n = 0;
        if (rc == 0) {
            n = res_packed_size(r);
            if (n > (size_t)INT_MAX - sizeof rh) {
                err_set(&e, EXIT_FAIL, "its results are too large to send between ranks (%zu "
                        "bytes; MPI's limit is %d): run fewer days with hourly by day, or "
                        "without --mpi", n, INT_MAX);
                rc = -1;
            } else if (n > packed_cap || !packed) {
                unsigned char *b = realloc(packed, n);
                if (!b) {
                    err_set(&e, EXIT_FAIL, "out of memory for its results (%zu bytes)", n);
                    rc = -1;
                } else {
                    packed = b;
                    packed_cap = n;
                }
            }
        }
        if (rc == 0) {
            res_pack(r, packed);
            send_reply(TAG_RESULT, &rh, packed, n, &out, &out_cap);
        } else {
            rh.code = e.code ? e.code : EXIT_FAIL;
            send_reply(TAG_ERROR, &rh, e.msg, strlen(e.msg) + 1, &out, &out_cap);
        }
    }
    held_clear(&h);
    free(in);
    free(out);
    free(packed);
    MPI_Finalize();
    ses.on = false;
    return EXIT_OK;
}

/* ---- the manager ---------------------------------------------------------- */

struct early {                  /* a result that arrived before its turn */
    unsigned char *buf;
    size_t size;
};

/* Send task (scenario i, replication rep) to worker w. */
static int send_task(struct ranks_job *j, int w, size_t i, int rep, const struct scenario *s,
                     struct err *e)
{
    bool def = j->holds[w] != (long)i;
    size_t ll = def ? strlen(j->label[i]) : 0, tl = def ? strlen(j->text[i]) : 0;
    struct task_head t = { .scen = (int32_t)i, .rep = rep, .has_def = def,
                           .label_len = (uint32_t)ll, .text_len = tl, .run = s->run };
    memcpy(t.name, s->name, sizeof t.name);
    if (ll > UINT32_MAX || sizeof t + ll > (size_t)INT_MAX - tl)
        return err_set(e, EXIT_FAIL, "%s: the scenario is too large to send between ranks",
                       s->name);
    size_t size = sizeof t + ll + tl;
    unsigned char *buf = malloc(size);
    if (!buf)
        return err_set(e, EXIT_FAIL, "out of memory");
    memcpy(buf, &t, sizeof t);
    memcpy(buf + sizeof t, j->label[i], ll);
    memcpy(buf + sizeof t + ll, j->text[i], tl);
    MPI_Send(buf, (int)size, MPI_BYTE, w, TAG_TASK, MPI_COMM_WORLD);
    free(buf);
    j->holds[w] = (long)i;
    ses.computing++;
    return 0;
}

/* The tasks of a round in the order they are handed out, scenario-major:
 * task k (first[i] <= k < first[i + 1]) is replication base[i] + k -
 * first[i] of scenario i.  A result that arrives before its turn waits in
 * early[k]. */
struct tasks {
    size_t n, total;
    size_t *first;              /* n + 1 */
    int *base;                  /* [i]: scenario i's replications before the round */
    struct early *early;        /* total */
    size_t next, scen;          /* the next task to hand out, and its scenario */
};

static void tasks_free(struct tasks *t)
{
    for (size_t k = 0; t->early && k < t->total; k++)
        free(t->early[k].buf);
    free(t->early);
    free(t->first);
    free(t->base);
}

/* The tasks that bring en[0..n) to reps.  Returns 0, or -1 with *e filled
 * (out of memory; t is then safe to tasks_free). */
static int tasks_init(struct tasks *t, struct engine *const *en, size_t n, int reps,
                      struct err *e)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->first = malloc((n + 1) * sizeof *t->first);
    t->base = malloc((n ? n : 1) * sizeof *t->base);
    if (!t->first || !t->base)
        return err_set(e, EXIT_FAIL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        t->first[i] = t->total;
        t->base[i] = engine_reps(en[i]);
        t->total += reps > t->base[i] ? (size_t)(reps - t->base[i]) : 0;
    }
    t->first[n] = t->total;
    if (!(t->early = calloc(t->total ? t->total : 1, sizeof *t->early)))
        return err_set(e, EXIT_FAIL, "out of memory");
    return 0;
}

/* Send worker w the next task, if any is left.  Returns 0, or -1 with *e. */
static int hand_out(struct ranks_job *j, struct tasks *t, int w, struct scenario *const *scn,
                    struct err *e)
{
    if (t->next >= t->total)
        return 0;
    while (t->first[t->scen + 1] <= t->next)
        t->scen++;
    int rep = t->base[t->scen] + (int)(t->next - t->first[t->scen]);
    if (send_task(j, w, t->scen, rep, scn[t->scen], e) < 0)
        return -1;
    t->next++;
    return 0;
}

/* The head of a reply of size bytes in buf (its message status *st) to a
 * task of this round, into *rh.  Returns 0 for a result; -1 with *e filled
 * for the error a worker reported or a reply that is no such result. */
static int read_reply(const MPI_Status *st, unsigned char *buf, size_t size,
                      const struct tasks *t, int reps, struct scenario *const *scn,
                      struct reply_head *rh, struct err *e)
{
    if (size < sizeof *rh || (st->MPI_TAG != TAG_RESULT && st->MPI_TAG != TAG_ERROR))
        return err_set(e, EXIT_FAIL, "internal error: rank %d sent message %d of %zu bytes",
                       st->MPI_SOURCE, st->MPI_TAG, size);
    memcpy(rh, buf, sizeof *rh);
    if (rh->scen < 0 || (size_t)rh->scen >= t->n || rh->rep < t->base[rh->scen]
        || rh->rep >= reps)
        return err_set(e, EXIT_FAIL, "internal error: rank %d sent replication %d of scenario "
                       "%d", st->MPI_SOURCE, rh->rep + 1, rh->scen);
    if (st->MPI_TAG == TAG_ERROR) {
        const char *msg = "(no message)";
        if (size > sizeof *rh) {
            buf[size - 1] = '\0';
            msg = (const char *)buf + sizeof *rh;
        }
        return err_set(e, rh->code > 0 ? rh->code : EXIT_FAIL, "scenario %s, replication %d: "
                       "%s", scn[rh->scen]->name, rh->rep + 1, msg);
    }
    return 0;
}

/* Keep the result of replication rep of scenario i (buf, size bytes, taken
 * over) until its turn, then add to en[i], in order, every result of
 * scenario i now in turn.  Returns 0, or -1 with *e filled. */
static int add_in_turn(struct ranks_job *j, struct batch_round *round, struct tasks *t,
                       size_t i, int rep, unsigned char *buf, size_t size,
                       struct scenario *const *scn, struct engine *const *en, int reps,
                       struct err *e)
{
    struct early *slot = &t->early[t->first[i] + (size_t)(rep - t->base[i])];
    if (slot->buf || rep < engine_reps(en[i])) {
        free(buf);
        return err_set(e, EXIT_FAIL, "internal error: replication %d of %s came twice", rep + 1,
                       scn[i]->name);
    }
    slot->buf = buf;
    slot->size = size;
    while (engine_reps(en[i]) < reps) {
        int k = engine_reps(en[i]);
        slot = &t->early[t->first[i] + (size_t)(k - t->base[i])];
        if (!slot->buf)
            break;
        int bad = res_unpack(&j->r, slot->buf + sizeof(struct reply_head),
                             slot->size - sizeof(struct reply_head), e);
        free(slot->buf);
        slot->buf = NULL;
        if (bad < 0)
            return -1;
        if (j->r.replication != k)
            return err_set(e, EXIT_FAIL, "internal error: replication %d of %s came as %d",
                           k + 1, scn[i]->name, j->r.replication + 1);
        if (engine_add(en[i], &j->r, e) < 0 || batch_round_added(round, i, e) < 0)
            return -1;
    }
    return 0;
}

/* The runner (batch.h): every engine to `reps`, tasks spread over the
 * workers, one in flight per worker; a worker that replies gets the next
 * task before its result is added. */
static int run_round(void *ctx, struct batch_round *round, struct scenario *const *scn,
                     struct engine *const *en, size_t n, int reps, struct err *e)
{
    struct ranks_job *j = ctx;
    assert(n == j->n && ses.on && ses.rank == MANAGER);
    struct tasks t;
    unsigned char *buf = NULL;
    size_t cap = 0;
    int rc = -1;
    if (tasks_init(&t, en, n, reps, e) < 0)
        goto out;
    for (int w = 1; w < ses.size; w++)
        if (hand_out(j, &t, w, scn, e) < 0)
            goto out;
    while (ses.computing > 0) {
        MPI_Status st;
        struct reply_head rh;
        wait_message(MPI_ANY_SOURCE, &st);
        size_t size = recv_message(&st, &buf, &cap);
        ses.computing--;
        if (read_reply(&st, buf, size, &t, reps, scn, &rh, e) < 0
            || hand_out(j, &t, st.MPI_SOURCE, scn, e) < 0)
            goto out;
        unsigned char *result = buf;    /* kept until its turn */
        buf = NULL;
        cap = 0;
        if (add_in_turn(j, round, &t, (size_t)rh.scen, rh.rep, result, size, scn, en, reps,
                        e) < 0)
            goto out;
    }
    rc = 0;
out:
    tasks_free(&t);
    free(buf);
    return rc;
}

struct ranks_job *ranks_job_new(size_t n, struct err *e)
{
    assert(ses.on && ses.rank == MANAGER);
    struct ranks_job *j = calloc(1, sizeof *j);
    if (!j || !(j->label = calloc(n ? n : 1, sizeof *j->label))
        || !(j->text = calloc(n ? n : 1, sizeof *j->text))
        || !(j->holds = malloc((size_t)ses.size * sizeof *j->holds))) {
        ranks_job_free(j);
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    j->n = n;
    for (int w = 0; w < ses.size; w++)
        j->holds[w] = -1;
    j->runner = (struct batch_runner){ run_round, j };
    return j;
}

void ranks_job_free(struct ranks_job *j)
{
    if (!j)
        return;
    res_free(&j->r);
    free(j->label);
    free(j->text);
    free(j->holds);
    free(j);
}

void ranks_job_set(struct ranks_job *j, size_t i, const char *label, const char *text)
{
    assert(i < j->n);
    j->label[i] = label;
    j->text[i] = text;
}

const struct batch_runner *ranks_runner(struct ranks_job *j)
{
    return &j->runner;
}

#endif /* POESIM_MPI */
