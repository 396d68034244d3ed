/*
 * regfit.c - port constants fitted to observed trips, in rounds of whole
 * equilibria (regfit.h).
 *
 * The work is the equilibria: a round is one asg_solve, seconds each for a
 * real region; what is done between two (a logarithm per group and port,
 * a few additions per segment) is nothing beside it.  A round after the
 * first starts from the logit's response to the last round's waits
 * (asg_opts.warm), which the small change of the constants leaves near the
 * new fixed point, rather than from empty queues.  But the result
 * must be what `poesim region` finds with the fitted file, from empty
 * queues: a warm round within the tolerance is confirmed by a cold one
 * with the same constants (if that one is not within, the rounds go on
 * from it), and the last round allowed is cold too.
 *
 * The fitted file is built with cJSON: "extends" the region's file (by a
 * path relative to where it is written), its notes with one per group
 * added, and per segment of a group the constants of every port it may
 * use (the merge by name of "extends" lays them over the segment's own).
 */
#include "regfit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "fileset.h"

#define NOTE_MAX 1024
/* A modelled share of exactly 0 (a port closed in every hour) would need an
 * infinite change: the update is taken against this share instead, and
 * the step limit does the rest. */
#define SHARE_FLOOR 1e-9

void rfit_group_trips(const struct asg_result *a, size_t g, double trips[REG_PORTS_MAX])
{
    const struct region *r = a->r;
    for (size_t j = 0; j < REG_PORTS_MAX; j++)
        trips[j] = 0;
    for (size_t i = 0; i < r->n_seg; i++) {
        if (!r->obs[g].member[i])
            continue;
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                trips[r->seg[i].use[u].port] += a->trips[asg_at(i, u, h)];
    }
}

double rfit_obs_share(const struct region *r, size_t g, size_t j)
{
    double all = 0;
    for (size_t k = 0; k < r->n_ports; k++)
        all += r->obs[g].given[k] ? r->obs[g].trips[k] : 0;
    return r->obs[g].given[j] && all > 0 ? r->obs[g].trips[j] / all : 0;
}

void rfit_free(struct rfit_result *f)
{
    if (!f)
        return;
    free(f->round);
    free(f->before);
    free(f->after);
    free(f->const_before);
    free(f->const_after);
    free(f);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Modelled trips of every group at every port into trips[g * REG_PORTS_MAX
 * + j]; the largest |modelled - observed share| into *rd. */
static void measure(const struct asg_result *a, double *trips, struct rfit_round *rd)
{
    const struct region *r = a->r;
    rd->worst = 0;
    for (size_t g = 0; g < r->n_obs; g++) {
        double *t = &trips[g * REG_PORTS_MAX], all = 0;
        rfit_group_trips(a, g, t);
        for (size_t j = 0; j < r->n_ports; j++)
            all += r->obs[g].given[j] ? t[j] : 0;
        for (size_t j = 0; j < r->n_ports; j++) {
            if (!r->obs[g].given[j])
                continue;
            double d = fabs((all > 0 ? t[j] / all : 0) - rfit_obs_share(r, g, j));
            if (d > rd->worst) {
                rd->worst = d;
                rd->worst_group = g;
                rd->worst_port = j;
            }
        }
    }
}

static double round_to(double x, int decimals)
{
    double f = pow(10, decimals);
    return round(x * f) / f;
}

/* The log-odds error of group g at port j against the group's reference
 * port ref (its first): ln(observed / modelled share at j) - the same at
 * ref, what the constant of j against ref must change by if waits did not
 * answer. */
static double log_odds_error(const struct region *r, const double *trips, size_t g, size_t j,
                             size_t ref)
{
    const double *t = &trips[g * REG_PORTS_MAX];
    return log(rfit_obs_share(r, g, j) / fmax(t[j], SHARE_FLOOR))
           - log(rfit_obs_share(r, g, ref) / fmax(t[ref], SHARE_FLOOR));
}

/* The first port of group g. */
static size_t ref_port(const struct region *r, size_t g)
{
    size_t j = 0;
    while (j + 1 < r->n_ports && !r->obs[g].given[j])
        j++;
    return j;
}

/* After a round whose modelled trips are trips[] (err[]: the errors of the
 * round before, step[]: the changes made after it, gain[]: the gains, all
 * per group and port), the next change of every group's constants: the
 * gain times the error, the gain re-estimated from how much the last change
 * cut the error (secant), within [RFIT_GAIN_MIN, RFIT_GAIN_MAX]. */
static void update(struct region *r, const double *trips, double *err, double *step,
                   double *gain, bool first_round)
{
    for (size_t g = 0; g < r->n_obs; g++) {
        size_t ref = ref_port(r, g);
        double change[REG_PORTS_MAX] = { 0 };
        for (size_t j = 0; j < r->n_ports; j++) {
            size_t at = g * REG_PORTS_MAX + j;
            if (!r->obs[g].given[j] || j == ref)
                continue;
            double e = log_odds_error(r, trips, g, j, ref);
            double cut = err[at] - e;
            if (!first_round && step[at] != 0) {
                if (cut / step[at] > 0)
                    gain[at] = fmax(RFIT_GAIN_MIN, fmin(RFIT_GAIN_MAX, step[at] / cut));
                else        /* no nearer, or past it: the last change overshot */
                    gain[at] = fmax(RFIT_GAIN_MIN, gain[at] / 2);
            }
            err[at] = e;
            step[at] = change[j] = fmax(-RFIT_STEP_MAX, fmin(RFIT_STEP_MAX, gain[at] * e));
        }
        for (size_t i = 0; i < r->n_seg; i++) {
            struct reg_segment *s = &r->seg[i];
            if (!r->obs[g].member[i])
                continue;
            double first = change[s->use[0].port];
            for (size_t u = 0; u < s->n_use; u++) {
                double c = s->use[u].constant + change[s->use[u].port] - first;
                c = fmax(-REG_CONSTANT_ABS_MAX, fmin(REG_CONSTANT_ABS_MAX, c));
                s->use[u].constant = round_to(c, RFIT_DECIMALS);
            }
        }
    }
}

static void constants(const struct region *r, double *out)
{
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            out[i * REG_PORTS_MAX + u] = r->seg[i].use[u].constant;
}

int rfit_solve(struct region *r, const struct asg_opts *o, struct rfit_result **fit,
               struct asg_result **last, struct err *e)
{
    size_t ng = r->n_obs * REG_PORTS_MAX, nc = (r->n_seg ? r->n_seg : 1) * REG_PORTS_MAX;
    if (reg_fit_ready(r, e) < 0)
        return -1;
    struct rfit_result *f = calloc(1, sizeof *f);
    struct asg_result *a = NULL;
    double t0 = now_s();
    double *err = calloc(ng ? ng : 1, sizeof *err), *step = calloc(ng ? ng : 1, sizeof *step);
    double *gain = malloc((ng ? ng : 1) * sizeof *gain);
    if (!f || !err || !step || !gain
        || !(f->round = calloc((size_t)r->fit_max_rounds, sizeof *f->round))
        || !(f->before = calloc(ng, sizeof *f->before))
        || !(f->after = calloc(ng, sizeof *f->after))
        || !(f->const_before = calloc(nc, sizeof *f->const_before))
        || !(f->const_after = calloc(nc, sizeof *f->const_after))) {
        rfit_free(f);
        free(err);
        free(step);
        free(gain);
        return err_set(e, EXIT_FAIL, "out of memory");
    }
    for (size_t k = 0; k < ng; k++)
        gain[k] = 1;
    f->r = r;
    constants(r, f->const_before);
    struct asg_opts quiet = *o;
    quiet.progress = false;
    bool confirm = false;           /* the next round is cold, with the same constants */
    for (int k = 1; k <= r->fit_max_rounds; k++) {
        struct asg_result *prev = a;
        /* Warm from the last waits, but the first, a confirmation and the
         * last possible round cold: the result is always a cold one. */
        quiet.warm = k == 1 || confirm || k == r->fit_max_rounds ? NULL : prev;
        a = NULL;
        int rc = asg_solve(r, &quiet, &a, e);
        asg_free(prev);
        if (rc < 0) {
            rfit_free(f);
            free(err);
            free(step);
            free(gain);
            return -1;
        }
        struct rfit_round *rd = &f->round[k - 1];
        f->rounds = k;
        rd->iterations = a->iterations;
        rd->converged = a->converged;
        rd->warm = quiet.warm != NULL;
        measure(a, f->after, rd);
        if (k == 1)
            memcpy(f->before, f->after, ng * sizeof *f->before);
        bool within = rd->worst <= r->fit_tolerance;
        f->fitted = within && !rd->warm;
        if (o->progress)
            fprintf(stderr, "poesim: region %s: fit round %d%s: %d iterations, largest difference "
                    "of a share from the observed %.4f (%s at %s)%s (%.1f s)\n", r->name, k,
                    rd->warm ? " (from the last waits)" : "", a->iterations, rd->worst,
                    r->obs[rd->worst_group].name, r->port[rd->worst_port].name,
                    f->fitted ? ": fitted" : within ? ": within, to confirm from empty queues" : "",
                    now_s() - t0);
        if (f->fitted || k == r->fit_max_rounds)
            break;
        confirm = within;
        if (confirm)
            continue;
        update(r, f->after, err, step, gain, k == 1);
        rd->gain = 0;
        for (size_t x = 0; x < ng; x++)
            rd->gain = fmax(rd->gain, step[x] != 0 ? gain[x] : 0);
    }
    free(err);
    free(step);
    free(gain);
    constants(r, f->const_after);
    f->seconds = now_s() - t0;
    *fit = f;
    *last = a;
    return 0;
}

/* ---- the fitted region file ---------------------------------------------------- */

static void add_note(cJSON *arr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(cJSON *arr, const char *fmt, ...)
{
    char buf[NOTE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
}

/* The note of group g: its constants' changes and what they reproduce. */
static void group_note(const struct rfit_result *f, size_t g, cJSON *notes)
{
    const struct region *r = f->r;
    char text[NOTE_MAX] = "";
    size_t used = 0, first = 0;
    while (first < r->n_seg && !r->obs[g].member[first])
        first++;
    const struct reg_segment *s = &r->seg[first];
    for (size_t u = 0; u < s->n_use && used < sizeof text; u++) {
        size_t j = s->use[u].port, at = g * REG_PORTS_MAX + j;
        int n = snprintf(text + used, sizeof text - used, "%s%s %.0f a day observed, %.0f "
                         "modelled with the file's constants, %.0f fitted (constant %+.4f)",
                         u ? "; " : "", r->port[j].name, r->obs[g].trips[j], f->before[at],
                         f->after[at], f->const_after[first * REG_PORTS_MAX + u]
                         - f->const_before[first * REG_PORTS_MAX + u]);
        used += n > 0 ? (size_t)n : 0;
    }
    add_note(notes, "FITTED (group %s): the constants of its segments, against each one's first "
             "port, so that the equilibrium reproduces the observed trips: %s.", r->obs[g].name,
             text);
}

char *rfit_region_text(const struct rfit_result *f, const char *dir, const char *run_json,
                       struct err *e)
{
    const struct region *r = f->r;
    char file_abs[FSET_PATH_MAX], dir_abs[FSET_PATH_MAX], rel[FSET_PATH_MAX];
    if (fset_abs_path(r->path, file_abs) < 0 || fset_abs_path(dir, dir_abs) < 0) {
        err_set(e, EXIT_USAGE, "%s or %s: cannot resolve the path (too long, or through a "
                "folder that does not exist)", r->path, dir);
        return NULL;
    }
    fset_rel_path(dir_abs, file_abs, rel);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "extends", rel);
    char name[SCN_NAME_MAX];        /* its own output folder, not the fit's */
    snprintf(name, sizeof name, "%.56s-fitted", r->name);
    cJSON_AddStringToObject(root, "name", name);
    cJSON *notes = cJSON_AddArrayToObject(root, "notes");
    for (size_t i = 0; i < r->n_notes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(r->notes[i]));
    add_note(notes, "Constants fitted with poesim region --fit-constants in %d round%s of the "
             "equilibrium: %s, the largest difference of a group's share at a port from the "
             "observed %.4f (tolerance %.4g).", f->rounds, f->rounds == 1 ? "" : "s",
             f->fitted ? "fitted" : "NOT within the tolerance", f->round[f->rounds - 1].worst,
             r->fit_tolerance);
    for (size_t g = 0; g < r->n_obs; g++)
        group_note(f, g, notes);
    if (run_json) {
        cJSON *run = cJSON_Parse(run_json);
        if (run)
            cJSON_AddItemToObject(root, "run", run);
    }
    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (size_t i = 0; i < r->n_seg; i++) {
        bool in = false;
        for (size_t g = 0; g < r->n_obs; g++)
            in = in || r->obs[g].member[i];
        if (!in)
            continue;
        cJSON *s = cJSON_CreateObject(), *ports = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "name", r->seg[i].name);
        for (size_t u = 0; u < r->seg[i].n_use; u++) {
            cJSON *use = cJSON_CreateObject();
            cJSON_AddNumberToObject(use, "constant", f->const_after[i * REG_PORTS_MAX + u]);
            cJSON_AddItemToObject(ports, r->port[r->seg[i].use[u].port].name, use);
        }
        cJSON_AddItemToObject(s, "ports", ports);
        cJSON_AddItemToArray(segs, s);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        err_set(e, EXIT_FAIL, "out of memory");
    return text;
}
