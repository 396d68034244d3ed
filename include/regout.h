/*
 * regout.h - a region's results as files and as a table.
 *
 * rgo_write puts a region's outputs into a folder: each port's usual run
 * outputs in DIR/<port>/ (output.h), then region.csv, region.json,
 * tolls.csv and convergence.csv (columns in README.md), observed.csv for a
 * region with observed trips and, after a fit of its constants (regfit.h),
 * fitted.json, with a manifest that lists the port folders, so the folder
 * is one set (fileset.h): complete, or without a manifest.
 *
 * Ownership: nothing returned needs freeing.
 */
#ifndef POESIM_REGOUT_H
#define POESIM_REGOUT_H

#include <stdio.h>

#include "assign.h"
#include "error.h"
#include "region.h"
#include "regfit.h"
#include "summary.h"

/* The region's totals over its ports, per measured day, with 95% intervals
 * across replications (the ports' replication k are paired: common random
 * numbers). */
struct rgo_totals {
    struct estimate cost_usd, vehicle_hours, person_hours;
};
void rgo_totals(const struct asg_result *a, struct rgo_totals *out);

/* Port j's travellers who choose it, per day, and its toll revenue per day
 * (every crosser of a tolled direction and mode, local ones too). */
double rgo_port_choosers(const struct asg_result *a, size_t j);
double rgo_port_revenue(const struct asg_result *a, size_t j);

/* Write the region's outputs into dir (created with its parents), the
 * manifests recording `fingerprint` (NULL: none).  Returns 0, or -1 with *e
 * filled (EXIT_FAIL, or the status of a signal that stopped it); dir then
 * holds no complete set unless the message says otherwise. */
int rgo_write(const char *dir, const struct asg_result *a, const char *fingerprint,
              struct err *e);

/* rgo_write with a fit of the constants (regfit.h; NULL: none) recorded
 * in region.json and observed.csv, and fitted_text (NULL: none) written as
 * fitted.json.  observed.csv is written whenever the region has observed
 * groups. */
int rgo_write_fit(const char *dir, const struct asg_result *a, const struct rfit_result *fit,
                  const char *fitted_text, const char *fingerprint, struct err *e);

/* The observed groups against the equilibrium (nothing if the region has
 * none): per group and port, trips observed and modelled (and before the
 * fit, with the constants' change, if fit is not NULL), shares and waits. */
void rgo_print_observed(FILE *f, const struct asg_result *a, const struct rfit_result *fit);

/* The table of a region: per segment and port, trips, share, wait and
 * toll; per port, choosers, waits, costs and toll revenue; the region's
 * cost of waiting. */
void rgo_print_table(FILE *f, const struct asg_result *a);

#endif
