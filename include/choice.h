/*
 * choice.h - which port a traveller chooses: a multinomial logit, the
 * method of successive averages that lets choices and waits agree, and the
 * toll rule that holds a port's wait at a target.
 *
 * Pure functions of numbers: nothing here knows of files, scenarios or the
 * simulation, so each can be checked against a hand computation (tests/
 * test_choice.c).  The region module (assign.h) feeds them the waits that
 * the simulation measures.
 *
 * The model (SANDAG's port-of-entry choice model for Otay Mesa East, in
 * the shared domain notes): the utility of port j for a traveller is
 *     V_j = constant_j + b_access x access_j + b_wait x wait_j + b_toll x toll_j
 * with access and wait in minutes and the toll in USD, and the probability
 * of choosing j among the available ports is
 *     P_j = exp(V_j) / sum_k exp(V_k).
 * The toll coefficient comes from a value of time: a dollar is worth
 * VOT / 60 minutes of waiting, so b_toll = b_wait x 60 / VOT.
 *
 * Ownership: nothing is allocated; arrays belong to the caller.
 */
#ifndef POESIM_CHOICE_H
#define POESIM_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

/* SANDAG's coefficients (model/port_of_entry_choice.R of SANDAG/SR11_OME_IG):
 * -0.025 per minute of driving, -0.0625 per minute of waiting. */
#define CHO_ACCESS_PER_MIN_DEFAULT (-0.025)
#define CHO_WAIT_PER_MIN_DEFAULT (-0.0625)

/* Coefficients of one group of travellers. */
struct cho_coef {
    double access_per_min;      /* <= 0 */
    double wait_per_min;        /* <= 0 */
    double toll_per_usd;        /* <= 0: cho_toll_coef */
};

/* The toll coefficient, per USD, of travellers whose wait coefficient is
 * wait_per_min and whose value of time is vot_usd_per_hour (> 0):
 * wait_per_min x 60 / vot_usd_per_hour. */
double cho_toll_coef(double wait_per_min, double vot_usd_per_hour);

/* The utility of a port. */
double cho_utility(const struct cho_coef *b, double constant, double access_min,
                   double wait_min, double toll_usd);

/* The logit probabilities p[0..n) of utilities v[0..n) among the options
 * with avail[j] (avail NULL: all); p[j] = 0 for the others.  Computed as
 * exp(v_j - max v) / sum, so that large utilities neither overflow nor all
 * underflow; an option whose utility is -infinity gets 0.  Returns the
 * number of options available with a finite utility; 0 leaves p all zero. */
size_t cho_logit(const double *v, const bool *avail, size_t n, double *p);

/* One step of the method of successive averages after iteration k >= 1:
 * x[i] += (y[i] - x[i]) / (k + 1) for i < n, where x is the current split
 * (the average of the first k responses) and y the response to it.  Returns
 * the largest change |x_new[i] - x_old[i]|. */
double cho_msa_step(double *x, const double *y, size_t n, int k);

/* A toll that holds a wait: between iterations the toll of an hour rises by
 * step_usd while the wait at that hour exceeds target_wait_min and falls by
 * step_usd while it does not, within [min_usd, max_usd] (SANDAG moves Otay
 * Mesa East's toll by 0.25 USD an iteration to hold its wait at or under
 * 20 minutes). */
struct cho_toll_rule {
    double target_wait_min;     /* >= 0 */
    double min_usd, max_usd;    /* 0 <= min_usd <= max_usd */
    double step_usd;            /* > 0 */
};

/* The next toll after `toll` when the wait was wait_min (NAN: no one
 * waited, taken as no wait). */
double cho_toll_next(const struct cho_toll_rule *r, double toll, double wait_min);

#endif
