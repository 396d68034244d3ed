/*
 * test_calendar.c - the event calendar against an obviously right reference.
 *
 * The reference is a plain array: for a batch of pushes, sorted with qsort by
 * (t, type, push order); for interleaved pushes and pops, scanned linearly for
 * its minimum.  Times and priorities are drawn from small sets so that ties
 * (the interesting case) are frequent.  Test data comes from GSL's MT19937 at
 * fixed seeds, independent of the generator poesim itself uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_rng.h>

#include "calendar.h"

#define N_EVENTS 20000
#define N_TIMES 50          /* distinct times: many events per time */
#define N_PRIOS 4           /* distinct types (priorities) */
#define N_OPS 100000        /* operations of the interleaved test */
#define SMALL_CAP 8

struct ref {
    double t;
    int prio;
    int who;                /* push order: the expected tie-break */
};

static int ref_cmp(const void *pa, const void *pb)
{
    const struct ref *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->prio != b->prio)
        return a->prio < b->prio ? -1 : 1;
    return (a->who > b->who) - (a->who < b->who);
}

static void draw_event(gsl_rng *g, struct ref *e, int who)
{
    /* Quarter-second times: exact in binary, so equal times are equal. */
    e->t = 0.25 * (double)gsl_rng_uniform_int(g, N_TIMES);
    e->prio = (int)gsl_rng_uniform_int(g, N_PRIOS);
    e->who = who;
}

static void test_sorted_order(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 1);
    struct ref *ref = malloc(N_EVENTS * sizeof *ref);
    assert_non_null(ref);
    struct calendar c;
    assert_int_equal(cal_init(&c, N_EVENTS), 0);

    for (int i = 0; i < N_EVENTS; i++) {
        draw_event(g, &ref[i], i);
        cal_push(&c, ref[i].t, ref[i].prio, i);
    }
    assert_int_equal(cal_size(&c), N_EVENTS);
    qsort(ref, N_EVENTS, sizeof *ref, ref_cmp);

    for (int i = 0; i < N_EVENTS; i++) {
        struct event ev;
        const struct event *top = cal_peek(&c);
        assert_non_null(top);
        assert_int_equal(ev_who(top), ref[i].who);
        assert_int_equal(cal_pop(&c, &ev), 0);
        assert_true(ev_time(&ev) == ref[i].t);
        assert_int_equal(ev_type(&ev), ref[i].prio);
        assert_int_equal(ev_who(&ev), ref[i].who);
        assert_int_equal(ev_seq(&ev), (uint64_t)ref[i].who);   /* seq = push order */
    }
    struct event ev;
    assert_int_equal(cal_pop(&c, &ev), -1);
    assert_null(cal_peek(&c));

    cal_free(&c);
    free(ref);
    gsl_rng_free(g);
}

static void test_interleaved(void **state)
{
    (void)state;
    const size_t cap = 300;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2);
    struct ref *pending = malloc(cap * sizeof *pending);
    assert_non_null(pending);
    size_t n_pending = 0;
    struct calendar c;
    assert_int_equal(cal_init(&c, cap), 0);
    int pushed = 0, popped = 0;

    for (int op = 0; op < N_OPS; op++) {
        /* Push with probability 0.55 so the heap grows and shrinks. */
        int push = n_pending < cap && (n_pending == 0 || gsl_rng_uniform(g) < 0.55);
        if (push) {
            struct ref e;
            draw_event(g, &e, pushed++);
            pending[n_pending++] = e;
            cal_push(&c, e.t, e.prio, e.who);
        } else {
            size_t best = 0;
            for (size_t i = 1; i < n_pending; i++)
                if (ref_cmp(&pending[i], &pending[best]) < 0)
                    best = i;
            struct event ev;
            assert_int_equal(cal_pop(&c, &ev), 0);
            assert_int_equal(ev_who(&ev), pending[best].who);
            assert_true(ev_time(&ev) == pending[best].t);
            assert_int_equal(ev_type(&ev), pending[best].prio);
            pending[best] = pending[--n_pending];
            popped++;
        }
        assert_int_equal(cal_size(&c), n_pending);
    }
    assert_true(pushed > N_OPS / 2 && popped > N_OPS / 3);

    cal_free(&c);
    free(pending);
    gsl_rng_free(g);
}

static void test_peek_does_not_remove(void **state)
{
    (void)state;
    struct calendar c;
    assert_int_equal(cal_init(&c, SMALL_CAP), 0);
    cal_push(&c, 5.0, 0, 10);
    cal_push(&c, 2.0, 4, 20);
    cal_push(&c, 2.0, 3, 30);
    const struct event *top = cal_peek(&c);
    assert_non_null(top);
    assert_int_equal(ev_who(top), 30);
    assert_int_equal(cal_size(&c), 3);
    assert_int_equal(ev_who(cal_peek(&c)), 30);

    struct event ev;
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 30);
    assert_int_equal(ev_type(&ev), 3);
    assert_int_equal(ev_who(cal_peek(&c)), 20);
    cal_free(&c);
}

/* A pop leaves a hole that the next push fills: at full capacity a pop and
 * a push must fit, the pushed event must still leave in order (here before
 * and after the others), and size and peek must not count the hole. */
static void test_pop_then_push(void **state)
{
    (void)state;
    struct calendar c;
    struct event ev;
    assert_int_equal(cal_init(&c, 3), 0);
    cal_push(&c, 1.0, 0, 1);
    cal_push(&c, 2.0, 0, 2);
    cal_push(&c, 3.0, 0, 3);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 1);
    assert_int_equal(cal_size(&c), 2);
    cal_push(&c, 0.5, 0, 4);          /* at capacity with the hole: fits */
    assert_int_equal(cal_size(&c), 3);
    assert_int_equal(ev_who(cal_peek(&c)), 4);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 4);
    cal_push(&c, 9.0, 0, 5);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 2);
    assert_int_equal(cal_pop(&c, &ev), 0);      /* two pops in a row */
    assert_int_equal(ev_who(&ev), 3);
    assert_int_equal(cal_size(&c), 1);
    assert_int_equal(ev_who(cal_peek(&c)), 5);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 5);
    assert_int_equal(cal_pop(&c, &ev), -1);
    assert_int_equal(cal_size(&c), 0);
    cal_free(&c);
}

static void test_empty_and_clear(void **state)
{
    (void)state;
    struct calendar c;
    struct event ev;
    assert_int_equal(cal_init(&c, SMALL_CAP), 0);
    assert_int_equal(cal_pop(&c, &ev), -1);
    assert_null(cal_peek(&c));
    assert_int_equal(cal_size(&c), 0);

    for (int i = 0; i < SMALL_CAP; i++)
        cal_push(&c, (double)(SMALL_CAP - i), 0, i);
    assert_int_equal(cal_size(&c), SMALL_CAP);
    cal_clear(&c);
    assert_int_equal(cal_size(&c), 0);
    assert_int_equal(cal_pop(&c, &ev), -1);
    assert_null(cal_peek(&c));

    /* After a clear the sequence restarts and the full capacity is usable. */
    for (int i = 0; i < SMALL_CAP; i++)
        cal_push(&c, 1.0, 0, i);
    for (int i = 0; i < SMALL_CAP; i++) {
        assert_int_equal(cal_pop(&c, &ev), 0);
        assert_int_equal(ev_who(&ev), i);
        assert_int_equal(ev_seq(&ev), (uint64_t)i);
    }
    assert_int_equal(cal_pop(&c, &ev), -1);
    cal_free(&c);
    cal_free(&c);           /* a freed calendar may be freed again */
}

/* Times keep their order and value through the integer key: signs,
 * zeros, subnormals, infinities. */
static void test_time_keys(void **state)
{
    (void)state;
    static const double ts[] = { -INFINITY, -1e300, -2.5, -4.9e-324, -0.0, 0.0, 4.9e-324,
                                 1e-300, 0.25, 1.0, 86400.0, 3.15e7, 1e300, INFINITY };
    size_t n = sizeof ts / sizeof ts[0];
    for (size_t i = 0; i < n; i++) {
        struct event e = { cal_time_key(ts[i]), 0 };
        assert_memory_equal(&(double){ ev_time(&e) }, &ts[i], sizeof(double));
        if (i > 0)
            assert_true(cal_time_key(ts[i - 1]) < cal_time_key(ts[i]));
    }
    struct calendar c;
    struct event ev;
    assert_int_equal(cal_init(&c, n), 0);
    for (size_t i = n; i-- > 0;)
        cal_push(&c, ts[i], 0, (int)i);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(cal_pop(&c, &ev), 0);
        assert_int_equal(ev_who(&ev), (int)i);
    }
    cal_free(&c);
}

static void test_infinite_time_last(void **state)
{
    (void)state;
    struct calendar c;
    struct event ev;
    assert_int_equal(cal_init(&c, SMALL_CAP), 0);
    cal_push(&c, INFINITY, 0, 1);
    cal_push(&c, 1e300, 5, 2);
    cal_push(&c, -1.0, 15, 3);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 3);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 2);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 1);
    cal_free(&c);
}

/* The packed key keeps the extremes of type and who apart. */
static void test_extremes(void **state)
{
    (void)state;
    struct calendar c;
    struct event ev;
    assert_int_equal(cal_init(&c, SMALL_CAP), 0);
    cal_push(&c, 1.0, CAL_TYPES - 1, CAL_WHO_MAX);
    cal_push(&c, 1.0, CAL_TYPES - 1, 0);
    cal_push(&c, 1.0, 0, CAL_WHO_MAX);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_type(&ev), 0);
    assert_int_equal(ev_who(&ev), CAL_WHO_MAX);
    assert_int_equal(ev_seq(&ev), 2);
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_type(&ev), CAL_TYPES - 1);
    assert_int_equal(ev_who(&ev), CAL_WHO_MAX);     /* pushed first */
    assert_int_equal(cal_pop(&c, &ev), 0);
    assert_int_equal(ev_who(&ev), 0);
    cal_free(&c);
}

/* Run f in a child process (stderr to /dev/null); assert it aborted. */
static void assert_aborts(void (*f)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(2);
        f();
        _exit(0);           /* not reached if f aborts */
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGABRT);
}

static void push_too_many(void)
{
    struct calendar c;
    if (cal_init(&c, SMALL_CAP) < 0)
        _exit(2);
    for (int i = 0; i <= SMALL_CAP; i++)
        cal_push(&c, 0.0, 0, i);
}

static void push_bad_type(void)
{
    struct calendar c;
    if (cal_init(&c, SMALL_CAP) < 0)
        _exit(2);
    cal_push(&c, 0.0, CAL_TYPES, 0);
}

static void push_bad_who(void)
{
    struct calendar c;
    if (cal_init(&c, SMALL_CAP) < 0)
        _exit(2);
    cal_push(&c, 0.0, 0, CAL_WHO_MAX + 1);
}

/* Pushing beyond the capacity, or a type or who that does not fit the key,
 * is a bug: it must abort, not corrupt the order. */
static void test_misuse_aborts(void **state)
{
    (void)state;
    assert_aborts(push_too_many);
    assert_aborts(push_bad_type);
    assert_aborts(push_bad_who);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_order),
        cmocka_unit_test(test_interleaved),
        cmocka_unit_test(test_peek_does_not_remove),
        cmocka_unit_test(test_pop_then_push),
        cmocka_unit_test(test_empty_and_clear),
        cmocka_unit_test(test_infinite_time_last),
        cmocka_unit_test(test_extremes),
        cmocka_unit_test(test_time_keys),
        cmocka_unit_test(test_misuse_aborts),
    };
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
