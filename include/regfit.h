/*
 * regfit.h - a region's port constants fitted to observed trips.
 *
 * A region file may say how many trips a day a group of its segments was
 * observed to make at each port they may use ("observed": SANDAG-style
 * daily volumes by port and programme fit as groups by direction, mode
 * and programme; a group may also list its segments by name).  The
 * constants of the choice model are what such figures pin down: with the
 * access times, waits and tolls given, the constant of a port moves its
 * share of the group's trips and nothing else.  rfit_solve finds them by
 * the standard update of alternative-specific constants, after each
 * equilibrium of the region (assign.h):
 *
 *     c_j <- c_j + g_j x [ln(O_j / M_j) - ln(O_ref / M_ref)]
 *
 * for every port j of a group (O observed, M modelled shares; ref the
 * group's first port, whose constant stays as given: only differences
 * between a segment's constants matter), the same change for every segment
 * of the group, against its own first port.  With waits that did not answer
 * the split one update with g = 1 would be exact; since more trips lengthen
 * a port's wait, which pushes some back, the update falls short, by much at
 * a port near capacity.  So g_j starts at 1 and is re-estimated after each
 * round from how much the last change cut the error (a secant: change /
 * cut, within [RFIT_GAIN_MIN, RFIT_GAIN_MAX]; halved when a change did not
 * help), and rounds repeat until every group's modelled share at every
 * port is within the region's fit tolerance of the observed share, or the
 * cap of rounds; a change is at most RFIT_STEP_MAX a round.  Constants
 * are rounded to RFIT_DECIMALS decimals after each update, so that the
 * region file of the fitted constants reproduces the last equilibrium
 * exactly.  The rounds after the first start from the response to the
 * last round's waits (asg_opts.warm); the last round, the one reported, is a whole equilibrium
 * from empty queues (common random numbers: the same draws), what
 * `poesim region` gives with the fitted file.
 *
 * The observed shares are the group's observed trips at a port over its
 * observed trips at all its ports; the modelled ones the same of the
 * trips per measured day of the group's segments (region.csv).  A group
 * may leave out a port its segments may use (a proposal's new port, in a
 * file that extends a region with observed trips): it is then compared at
 * the ports it gives, shares among them, but cannot be fitted.  A
 * group's observed total need not be its segments' total (the loader
 * warns): constants fit the split, not the total.
 *
 * Ownership: rfit_solve returns a result freed with rfit_free; the region
 * must outlive it, and is left with the fitted constants.
 */
#ifndef POESIM_REGFIT_H
#define POESIM_REGFIT_H

#include <stdbool.h>
#include <stddef.h>

#include "assign.h"
#include "error.h"
#include "region.h"

#define RFIT_STEP_MAX 3.0           /* a constant changes by at most this a round */
#define RFIT_GAIN_MIN 0.125
#define RFIT_GAIN_MAX 10.0
#define RFIT_DECIMALS 4

/* One round: an equilibrium and how far its split is from the observed. */
struct rfit_round {
    int iterations;             /* of the equilibrium */
    bool converged;             /* the equilibrium's own */
    bool warm;                  /* started from the last round's waits */
    double worst;               /* max |modelled - observed share| over groups and ports */
    size_t worst_group, worst_port;
    double gain;                /* the largest gain of the change after this round
                                   (0: none, the last) */
};

struct rfit_result {
    const struct region *r;
    int rounds;
    bool fitted;                /* the last round is within r->fit_tolerance */
    struct rfit_round *round;   /* [rounds] */
    /* Per group g and port j (g * REG_PORTS_MAX + j): modelled trips per
     * day of the first round (the file's constants) and of the last. */
    double *before, *after;
    /* Per segment i and its port use u (i * REG_PORTS_MAX + u): the
     * constant of the file and the fitted one. */
    double *const_before, *const_after;
    double seconds;
};

/* The trips per measured day that group g's segments make at each port
 * (trips[j], 0 at ports of no segment of the group) in equilibrium a. */
void rfit_group_trips(const struct asg_result *a, size_t g, double trips[REG_PORTS_MAX]);

/* Share of group g's trips at port j, observed. */
double rfit_obs_share(const struct region *r, size_t g, size_t j);

/* Fit r's constants to its observed groups (r->n_obs > 0).  Returns 0 with
 * *fit and *last (the last round's equilibrium, freed with asg_free), or
 * -1 with *e filled (EXIT_USAGE: a group that leaves out a port, as
 * reg_fit_ready says, nothing done; out of memory, a failure in a
 * replication: r's constants are then partly fitted).  progress: a line per round on
 * stderr. */
int rfit_solve(struct region *r, const struct asg_opts *o, struct rfit_result **fit,
               struct asg_result **last, struct err *e);
void rfit_free(struct rfit_result *f);

/* The text of a region file named NAME-fitted (so that its runs go to a
 * folder of their own) that extends the region's file (by a path
 * relative to folder dir, where it will be written) with the fitted
 * constants of every segment of an observed group, a note per group and,
 * if run_json is not NULL, that "run" object (JSON text of the settings
 * given on the command line).  NULL with *e filled on failure. */
char *rfit_region_text(const struct rfit_result *f, const char *dir, const char *run_json,
                       struct err *e);

#endif
