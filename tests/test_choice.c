/*
 * test_choice.c - the port choice model's pure functions (choice.h) against
 * hand computations:
 *   - the toll coefficient from a value of time;
 *   - utilities and logit probabilities of three ports, worked out by hand
 *     (exponentials to 30 digits, in the comments);
 *   - probabilities sum to 1, unavailable options get 0, huge utilities
 *     neither overflow nor underflow all, a prohibitive toll gives exactly 0;
 *   - successive averages: the step, the largest change, and the average
 *     of k responses after k steps;
 *   - the toll rule: steps, bounds, and a wait that falls linearly with the
 *     toll, where the toll it settles at is known.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "choice.h"

#define EXACT 1e-12

static void test_toll_coef(void **state)
{
    (void)state;
    /* A dollar is worth VOT/60 minutes of waiting: -0.0625 x 60 / 9.36. */
    assert_true(fabs(cho_toll_coef(-0.0625, 9.36) - (-0.400641025641025641)) < EXACT);
    assert_true(fabs(cho_toll_coef(-0.0625, 60) - (-0.0625)) < EXACT);
}

/* Three ports, SANDAG's coefficients and a VOT of 9.36 USD/h:
 *   V1 = 0      - 0.025 x 20 - 0.0625 x 30 - 0       = -2.375
 *   V2 = -0.555 - 0.025 x 25 - 0.0625 x 10 - 0       = -1.805
 *   V3 = 0      - 0.025 x 35 - 0.0625 x 5  - 0.4006410256 x 4.5 = -2.9903846154
 *   exp(V) = 0.0930144892107, 0.164474456577, 0.0502680991208, sum 0.307757044909
 *   P = 0.302233501229, 0.534429542063, 0.163336956708 */
static void test_logit_by_hand(void **state)
{
    (void)state;
    struct cho_coef b = { -0.025, -0.0625, cho_toll_coef(-0.0625, 9.36) };
    double v[3] = {
        cho_utility(&b, 0, 20, 30, 0),
        cho_utility(&b, -0.555, 25, 10, 0),
        cho_utility(&b, 0, 35, 5, 4.5),
    };
    assert_true(fabs(v[0] - (-2.375)) < EXACT);
    assert_true(fabs(v[1] - (-1.805)) < EXACT);
    assert_true(fabs(v[2] - (-2.99038461538461538)) < EXACT);
    double p[3];
    assert_int_equal(cho_logit(v, NULL, 3, p), 3);
    assert_true(fabs(p[0] - 0.302233501229150196) < EXACT);
    assert_true(fabs(p[1] - 0.534429542062963586) < EXACT);
    assert_true(fabs(p[2] - 0.163336956707886219) < EXACT);
    assert_true(fabs(p[0] + p[1] + p[2] - 1) < EXACT);

    /* Port 3 closed: the other two share in the ratio of their exponentials. */
    bool avail[3] = { true, true, false };
    assert_int_equal(cho_logit(v, avail, 3, p), 2);
    assert_true(fabs(p[0] - 0.0930144892106634867 / (0.0930144892106634867 + 0.164474456577154895))
                < EXACT);
    assert_true(p[2] == 0);
    assert_true(fabs(p[0] + p[1] - 1) < EXACT);
}

/* Equal utilities split equally; only differences matter. */
static void test_logit_shift(void **state)
{
    (void)state;
    double v[2] = { 1000, 1000 }, p[2];
    cho_logit(v, NULL, 2, p);
    assert_true(p[0] == 0.5 && p[1] == 0.5);
    double w[2] = { -800, -801 }, q[2];       /* exp(-800) underflows: the guard keeps them */
    cho_logit(w, NULL, 2, q);
    assert_true(fabs(q[0] - 1 / (1 + exp(-1.0))) < EXACT);
    assert_true(fabs(q[0] + q[1] - 1) < EXACT);
}

/* A prohibitive toll: the port gets exactly nobody. */
static void test_logit_prohibitive(void **state)
{
    (void)state;
    struct cho_coef b = { -0.025, -0.0625, cho_toll_coef(-0.0625, 9.36) };
    double v[2] = { cho_utility(&b, 0, 20, 60, 0), cho_utility(&b, 0, 20, 0, 1e6) }, p[2];
    cho_logit(v, NULL, 2, p);
    assert_true(p[1] == 0);
    assert_true(p[0] == 1);
    double none[2] = { -INFINITY, -INFINITY };
    assert_int_equal(cho_logit(none, NULL, 2, p), 0);
    assert_true(p[0] == 0 && p[1] == 0);
}

/* x_{k+1} = x_k + (y_k - x_k)/(k+1): after k steps from x_1 = y_0, x is
 * the plain average of y_0 .. y_k. */
static void test_msa(void **state)
{
    (void)state;
    double y[4][2] = { { 1, 0 }, { 0, 1 }, { 0.5, 0.5 }, { 0.2, 0.8 } };
    double x[2] = { y[0][0], y[0][1] };
    double change = cho_msa_step(x, y[1], 2, 1);
    assert_true(fabs(x[0] - 0.5) < EXACT && fabs(change - 0.5) < EXACT);
    cho_msa_step(x, y[2], 2, 2);
    change = cho_msa_step(x, y[3], 2, 3);
    assert_true(fabs(x[0] - (1 + 0 + 0.5 + 0.2) / 4) < EXACT);
    assert_true(fabs(x[1] - (0 + 1 + 0.5 + 0.8) / 4) < EXACT);
    assert_true(fabs(change - fabs(0.2 - 0.5) / 4) < EXACT);
    assert_true(fabs(x[0] + x[1] - 1) < EXACT);     /* shares stay shares */
}

static void test_toll_steps(void **state)
{
    (void)state;
    struct cho_toll_rule r = { 20, 2, 17, 0.25 };
    assert_true(fabs(cho_toll_next(&r, 2, 25) - 2.25) < EXACT);     /* above the target: up */
    assert_true(fabs(cho_toll_next(&r, 5, 20) - 4.75) < EXACT);     /* at it: down */
    assert_true(fabs(cho_toll_next(&r, 2, 10) - 2) < EXACT);        /* not below the minimum */
    assert_true(fabs(cho_toll_next(&r, 17, 90) - 17) < EXACT);      /* not above the maximum */
    assert_true(fabs(cho_toll_next(&r, 3, NAN) - 2.75) < EXACT);    /* nobody waited: down */
}

/* A wait that falls 2 minutes per dollar, w = 30 - 2 x toll: the target of
 * 20 minutes is held from a toll of 5 USD.  From the minimum the toll climbs
 * to 5 and then stays within one step below it. */
static void test_toll_known_answer(void **state)
{
    (void)state;
    struct cho_toll_rule r = { 20, 2, 17, 0.25 };
    double toll = r.min_usd;
    int k = 0;
    while (toll < 5 && k < 100) {
        toll = cho_toll_next(&r, toll, 30 - 2 * toll);
        k++;
    }
    assert_int_equal(k, 12);           /* (5 - 2) / 0.25 steps */
    for (int i = 0; i < 50; i++) {
        toll = cho_toll_next(&r, toll, 30 - 2 * toll);
        assert_true(toll >= 5 - r.step_usd - EXACT && toll <= 5 + EXACT);
    }
    /* A target out of reach: the toll stops at its maximum. */
    struct cho_toll_rule tight = { 1, 2, 10, 0.5 };
    toll = tight.min_usd;
    for (int i = 0; i < 100; i++)
        toll = cho_toll_next(&tight, toll, 30 - 2 * toll);
    assert_true(fabs(toll - 10) < EXACT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toll_coef),
        cmocka_unit_test(test_logit_by_hand),
        cmocka_unit_test(test_logit_shift),
        cmocka_unit_test(test_logit_prohibitive),
        cmocka_unit_test(test_msa),
        cmocka_unit_test(test_toll_steps),
        cmocka_unit_test(test_toll_known_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
