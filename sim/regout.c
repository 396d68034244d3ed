/*
 * regout.c - region.csv, region.json, tolls.csv, convergence.csv and the
 * stdout table of a region (regout.h).
 *
 * Everything is derived from the assignment's result: shares, trips and
 * waits per segment, port and hour (the last iteration's), and the ports'
 * summaries.  Figures per day are over the measured days (weekday factors
 * averaged over them).  The cost of a segment's waiting at a port uses the
 * port's cost figures (cost.h) for the segment's trips x wait x occupancy.
 * Numbers go through cJSON (JSON) and fixed printf formats (CSV), so the
 * same result always gives the same bytes.
 */
#include "regout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cost.h"
#include "fileset.h"
#include "output.h"
#include "regfit.h"
#include "stats.h"
#include "units.h"
#include "version.h"

/* What a segment did at one of its ports, over the day. */
struct use_day {
    double trips, wait_min, cost_usd, revenue_usd;
};

static struct use_day use_day(const struct asg_result *a, size_t i, size_t u)
{
    const struct region *r = a->r;
    const struct reg_segment *s = &r->seg[i];
    const struct reg_port *p = &r->port[s->use[u].port];
    struct use_day x = { 0 };
    double vw = 0;               /* trips x wait, minutes */
    for (int h = 0; h < HOURS_PER_DAY; h++) {
        double t = a->trips[asg_at(i, u, h)], w = a->wait[asg_at(i, u, h)];
        x.trips += t;
        if (isfinite(w))
            vw += t * w;
        x.revenue_usd += t * a->toll[s->use[u].port][s->dir][s->mode][h];
    }
    x.wait_min = x.trips > 0 ? vw / x.trips : NAN;
    struct cost_parts c;
    double vehicle_s = vw * SECONDS_PER_MINUTE;
    cost_of(&p->s->costs, s->mode, vehicle_s, vehicle_s * s->occupancy, &c);
    x.cost_usd = c.total;
    return x;
}

double rgo_port_choosers(const struct asg_result *a, size_t j)
{
    const struct region *r = a->r;
    double t = 0;
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            if (r->seg[i].use[u].port == j)
                for (int h = 0; h < HOURS_PER_DAY; h++)
                    t += a->trips[asg_at(i, u, h)];
    return t;
}

double rgo_port_revenue(const struct asg_result *a, size_t j)
{
    double rev = 0;
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                rev += a->dm_trips[j][d][m][h] * a->toll[j][d][m][h];
    return rev;
}

void rgo_totals(const struct asg_result *a, struct rgo_totals *out)
{
    const struct region *r = a->r;
    size_t n = (size_t)a->replications;
    double *x[3], *scratch = malloc(3 * n * sizeof *scratch);
    static const enum metric m[3] = { M_COST_TOTAL, M_VEHICLE_HOURS, M_PERSON_HOURS };
    struct estimate *est[3] = { &out->cost_usd, &out->vehicle_hours, &out->person_hours };
    if (!scratch) {
        for (int k = 0; k < 3; k++)
            *est[k] = (struct estimate){ NAN, NAN, 0 };
        return;
    }
    for (int k = 0; k < 3; k++) {
        x[k] = scratch + (size_t)k * n;
        for (size_t rep = 0; rep < n; rep++) {
            double v = 0;
            for (size_t j = 0; j < r->n_ports; j++)
                v += *sum_value(a->sums[j], m[k], a->sums[j]->n_groups, rep);
            x[k][rep] = v / a->days;
        }
        est[k]->n = n;
        stats_ci95(x[k], n, &est[k]->mean, &est[k]->ci95);
    }
    free(scratch);
}

static struct estimate per_day(const struct estimate *x, double days)
{
    return (struct estimate){ x->mean / days, x->ci95 / days, x->n };
}

static cJSON *port_json(const struct asg_result *a, size_t j)
{
    const struct region *r = a->r;
    const struct reg_port *p = &r->port[j];
    const struct summary *sum = a->sums[j];
    size_t all = sum->n_groups;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "scenario", p->file);
    double trips = 0, vw = 0;
    cJSON *segs = cJSON_CreateArray();
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++) {
            if (r->seg[i].use[u].port != j)
                continue;
            struct use_day x = use_day(a, i, u);
            cJSON *so = cJSON_CreateObject();
            cJSON_AddStringToObject(so, "segment", r->seg[i].name);
            cJSON_AddStringToObject(so, "program", scn_program_name(r->seg[i].use[u].prog));
            cJSON_AddNumberToObject(so, "access_min", r->seg[i].use[u].access_min);
            cJSON_AddNumberToObject(so, "trips_per_day", x.trips);
            cJSON_AddNumberToObject(so, "wait_mean_min", x.wait_min);
            cJSON_AddNumberToObject(so, "cost_of_waiting_usd_per_day", x.cost_usd);
            cJSON_AddNumberToObject(so, "toll_revenue_usd_per_day", x.revenue_usd);
            cJSON_AddItemToArray(segs, so);
            trips += x.trips;
            if (isfinite(x.wait_min))
                vw += x.trips * x.wait_min;
        }
    cJSON_AddNumberToObject(o, "chooser_trips_per_day", trips);
    cJSON_AddNumberToObject(o, "chooser_wait_mean_min", trips > 0 ? vw / trips : NAN);
    struct estimate cost = per_day(sum_est(sum, M_COST_TOTAL, all), a->days);
    struct estimate vh = per_day(sum_est(sum, M_VEHICLE_HOURS, all), a->days);
    cJSON_AddItemToObject(o, "wait_mean_min", out_est_json(sum_est(sum, M_WAIT_MEAN, all)));
    cJSON_AddItemToObject(o, "cost_of_waiting_usd_per_day", out_est_json(&cost));
    cJSON_AddItemToObject(o, "vehicle_hours_per_day", out_est_json(&vh));
    cJSON_AddNumberToObject(o, "toll_revenue_usd_per_day", rgo_port_revenue(a, j));
    cJSON *tolls = cJSON_AddArrayToObject(o, "tolls");
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            const struct reg_toll *t = &p->toll[d][m];
            if (!t->present)
                continue;
            cJSON *to = cJSON_CreateObject();
            cJSON_AddStringToObject(to, "direction", scn_direction_name((enum direction)d));
            cJSON_AddStringToObject(to, "mode", scn_mode_name((enum mode)m));
            if (t->hold)
                cJSON_AddNumberToObject(to, "hold_wait_min", t->rule.target_wait_min);
            cJSON_AddItemToObject(to, "usd_by_hour",
                                  cJSON_CreateDoubleArray(a->toll[j][d][m], HOURS_PER_DAY));
            double rev = 0;
            for (int h = 0; h < HOURS_PER_DAY; h++)
                rev += a->dm_trips[j][d][m][h] * a->toll[j][d][m][h];
            cJSON_AddNumberToObject(to, "revenue_usd_per_day", rev);
            cJSON_AddItemToArray(tolls, to);
        }
    cJSON_AddItemToObject(o, "segments", segs);
    return o;
}

static cJSON *segment_json(const struct asg_result *a, size_t i)
{
    const struct reg_segment *s = &a->r->seg[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddStringToObject(o, "direction", scn_direction_name(s->dir));
    cJSON_AddStringToObject(o, "mode", scn_mode_name(s->mode));
    cJSON_AddStringToObject(o, "program", scn_program_name(s->prog));
    double trips = 0;
    for (int h = 0; h < HOURS_PER_DAY; h++)
        for (size_t u = 0; u < s->n_use; u++)
            trips += a->trips[asg_at(i, u, h)];
    cJSON_AddNumberToObject(o, "trips_per_day", trips);
    cJSON_AddNumberToObject(o, "value_of_time_usd_per_hour", s->vot_usd_per_hour);
    cJSON *c = cJSON_AddObjectToObject(o, "coefficients");
    cJSON_AddNumberToObject(c, "access_per_min", s->coef.access_per_min);
    cJSON_AddNumberToObject(c, "wait_per_min", s->coef.wait_per_min);
    cJSON_AddNumberToObject(c, "toll_per_usd", s->coef.toll_per_usd);
    cJSON *ports = cJSON_AddArrayToObject(o, "ports");
    for (size_t u = 0; u < s->n_use; u++) {
        struct use_day x = use_day(a, i, u);
        cJSON *po = cJSON_CreateObject();
        cJSON_AddStringToObject(po, "port", a->r->port[s->use[u].port].name);
        cJSON_AddNumberToObject(po, "constant", s->use[u].constant);
        cJSON_AddNumberToObject(po, "trips_per_day", x.trips);
        cJSON_AddNumberToObject(po, "share", trips > 0 ? x.trips / trips : NAN);
        cJSON_AddNumberToObject(po, "wait_mean_min", x.wait_min);
        cJSON_AddItemToArray(ports, po);
    }
    return o;
}

/* The mean wait, minutes, that group g's travellers had at port j,
 * weighted by their trips (NAN if none went there). */
static double group_wait(const struct asg_result *a, size_t g, size_t j)
{
    const struct region *r = a->r;
    double tw = 0, t = 0;
    for (size_t i = 0; i < r->n_seg; i++) {
        if (!r->obs[g].member[i])
            continue;
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            for (int h = 0; h < HOURS_PER_DAY && r->seg[i].use[u].port == j; h++) {
                size_t at = asg_at(i, u, h);
                if (a->trips[at] > 0 && isfinite(a->wait[at])) {
                    tw += a->trips[at] * a->wait[at];
                    t += a->trips[at];
                }
            }
    }
    return t > 0 ? tw / t : NAN;
}

/* What the observed groups did against what was observed (observed.csv,
 * region.json, the table): per group g and port j. */
struct obs_row {
    double obs, obs_share, model, model_share, wait_min;
    double before, change;          /* with a fit; else NAN */
};

static void obs_row(const struct asg_result *a, const struct rfit_result *fit, size_t g,
                    size_t j, struct obs_row *o)
{
    const struct region *r = a->r;
    double trips[REG_PORTS_MAX], all = 0;
    rfit_group_trips(a, g, trips);
    for (size_t k = 0; k < r->n_ports; k++)
        all += r->obs[g].given[k] ? trips[k] : 0;
    o->obs = r->obs[g].trips[j];
    o->obs_share = rfit_obs_share(r, g, j);
    o->model = trips[j];
    o->model_share = all > 0 ? trips[j] / all : 0;
    o->wait_min = group_wait(a, g, j);
    o->before = o->change = NAN;
    if (!fit)
        return;
    o->before = fit->before[g * REG_PORTS_MAX + j];
    for (size_t i = 0; i < r->n_seg && isnan(o->change); i++)    /* its first segment at j */
        for (size_t u = 0; r->obs[g].member[i] && u < r->seg[i].n_use; u++)
            if (r->seg[i].use[u].port == j)
                o->change = fit->const_after[i * REG_PORTS_MAX + u]
                            - fit->const_before[i * REG_PORTS_MAX + u];
}

static cJSON *num_or_null(double x)
{
    return isfinite(x) ? cJSON_CreateNumber(x) : cJSON_CreateNull();
}

static cJSON *observed_json(const struct asg_result *a, const struct rfit_result *fit)
{
    const struct region *r = a->r;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "tolerance", r->fit_tolerance);
    cJSON_AddNumberToObject(o, "max_rounds", r->fit_max_rounds);
    cJSON *groups = cJSON_AddArrayToObject(o, "groups");
    for (size_t g = 0; g < r->n_obs; g++) {
        cJSON *gj = cJSON_CreateObject(), *segs, *ports;
        cJSON_AddStringToObject(gj, "name", r->obs[g].name);
        segs = cJSON_AddArrayToObject(gj, "segments");
        for (size_t i = 0; i < r->n_seg; i++)
            if (r->obs[g].member[i])
                cJSON_AddItemToArray(segs, cJSON_CreateString(r->seg[i].name));
        ports = cJSON_AddArrayToObject(gj, "ports");
        for (size_t j = 0; j < r->n_ports; j++) {
            if (!r->obs[g].given[j])
                continue;
            struct obs_row x;
            obs_row(a, fit, g, j, &x);
            cJSON *pj = cJSON_CreateObject();
            cJSON_AddStringToObject(pj, "port", r->port[j].name);
            cJSON_AddNumberToObject(pj, "observed_trips_per_day", x.obs);
            cJSON_AddNumberToObject(pj, "observed_share", x.obs_share);
            cJSON_AddNumberToObject(pj, "modelled_trips_per_day", x.model);
            cJSON_AddNumberToObject(pj, "modelled_share", x.model_share);
            cJSON_AddItemToObject(pj, "wait_mean_min", num_or_null(x.wait_min));
            if (fit) {
                cJSON_AddNumberToObject(pj, "trips_before_fit_per_day", x.before);
                cJSON_AddItemToObject(pj, "constant_change", num_or_null(x.change));
            }
            cJSON_AddItemToArray(ports, pj);
        }
        cJSON_AddItemToArray(groups, gj);
    }
    if (fit) {
        cJSON *fj = cJSON_AddObjectToObject(o, "fit");
        cJSON_AddNumberToObject(fj, "rounds", fit->rounds);
        cJSON_AddBoolToObject(fj, "fitted", fit->fitted);
        cJSON *rounds = cJSON_AddArrayToObject(fj, "by_round");
        for (int k = 0; k < fit->rounds; k++) {
            const struct rfit_round *rd = &fit->round[k];
            cJSON *rj = cJSON_CreateObject();
            cJSON_AddNumberToObject(rj, "round", k + 1);
            cJSON_AddNumberToObject(rj, "iterations", rd->iterations);
            cJSON_AddBoolToObject(rj, "converged", rd->converged);
            cJSON_AddBoolToObject(rj, "warm", rd->warm);
            cJSON_AddNumberToObject(rj, "max_share_difference", rd->worst);
            cJSON_AddStringToObject(rj, "group", r->obs[rd->worst_group].name);
            cJSON_AddStringToObject(rj, "port", r->port[rd->worst_port].name);
            cJSON_AddItemToObject(rj, "gain", num_or_null(rd->gain > 0 ? rd->gain : NAN));
            cJSON_AddItemToArray(rounds, rj);
        }
    }
    return o;
}

static char *region_text(const struct asg_result *a, const struct rfit_result *fit)
{
    const struct region *r = a->r;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "region", r->name);
    cJSON_AddStringToObject(root, "title", r->title ? r->title : "");
    cJSON_AddStringToObject(root, "file", r->path);
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddNumberToObject(root, "replications", a->replications);
    cJSON_AddNumberToObject(root, "seed", (double)r->run.seed);
    out_rng_json(root, &r->run);
    cJSON_AddNumberToObject(root, "days", r->run.days);
    cJSON_AddNumberToObject(root, "warmup_days", r->run.warmup_days);
    cJSON_AddStringToObject(root, "start", scn_weekday_name(r->run.start));
    cJSON_AddNumberToObject(root, "iterations", a->iterations);
    cJSON_AddNumberToObject(root, "max_iterations", r->max_iterations);
    cJSON_AddNumberToObject(root, "tolerance", r->tolerance);
    cJSON_AddBoolToObject(root, "converged", a->converged);
    struct rgo_totals t;
    rgo_totals(a, &t);
    cJSON *tot = cJSON_AddObjectToObject(root, "totals");
    cJSON_AddItemToObject(tot, "cost_of_waiting_usd_per_day", out_est_json(&t.cost_usd));
    cJSON_AddItemToObject(tot, "vehicle_hours_per_day", out_est_json(&t.vehicle_hours));
    cJSON_AddItemToObject(tot, "person_hours_per_day", out_est_json(&t.person_hours));
    double rev = 0, trips = 0;
    for (size_t j = 0; j < r->n_ports; j++)
        rev += rgo_port_revenue(a, j);
    for (size_t i = 0; i < r->n_seg; i++)
        for (size_t u = 0; u < r->seg[i].n_use; u++)
            for (int h = 0; h < HOURS_PER_DAY; h++)
                trips += a->trips[asg_at(i, u, h)];
    cJSON_AddNumberToObject(tot, "chooser_trips_per_day", trips);
    cJSON_AddNumberToObject(tot, "toll_revenue_usd_per_day", rev);
    cJSON_AddNumberToObject(tot, "price_year", r->port[0].s->costs.price_year);
    cJSON *ports = cJSON_AddArrayToObject(root, "ports");
    for (size_t j = 0; j < r->n_ports; j++)
        cJSON_AddItemToArray(ports, port_json(a, j));
    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (size_t i = 0; i < r->n_seg; i++)
        cJSON_AddItemToArray(segs, segment_json(a, i));
    cJSON *conv = cJSON_AddArrayToObject(root, "convergence");
    for (int k = 0; k < a->iterations; k++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "iteration", k + 1);
        cJSON_AddNumberToObject(c, "max_change", a->iter[k].max_change);
        cJSON_AddNumberToObject(c, "gap", a->iter[k].gap);
        cJSON_AddNumberToObject(c, "cost_of_waiting_usd_per_day", a->iter[k].wait_cost_usd_per_day);
        cJSON_AddItemToArray(conv, c);
    }
    if (r->n_obs)
        cJSON_AddItemToObject(root, "observed", observed_json(a, fit));
    cJSON *w = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < r->n_warnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(r->warnings[i]));
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

static int write_text(FILE *f, const void *ctx)
{
    const char *t = ctx;
    fputs(t, f);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

static int write_region_csv(FILE *f, const void *ctx)
{
    const struct asg_result *a = ctx;
    const struct region *r = a->r;
    fputs("hour,segment,port,direction,mode,program,share,trips,wait_min,toll_usd,available,"
          "queue_wait_min,closed_share\n", f);
    for (int h = 0; h < HOURS_PER_DAY; h++)
        for (size_t i = 0; i < r->n_seg; i++) {
            const struct reg_segment *s = &r->seg[i];
            for (size_t u = 0; u < s->n_use; u++) {
                size_t at = asg_at(i, u, h);
                fprintf(f, "%d,%s,%s,%s,%s,%s", h, s->name, r->port[s->use[u].port].name,
                        scn_direction_name(s->dir), scn_mode_name(s->mode),
                        scn_program_name(s->use[u].prog));
                out_csv_num(f, a->share[at]);
                out_csv_num(f, a->trips[at]);
                out_csv_num(f, a->wait[at]);
                out_csv_num(f, a->toll[s->use[u].port][s->dir][s->mode][h]);
                fprintf(f, ",%d", a->avail[at] ? 1 : 0);
                out_csv_num(f, a->queue_wait[at]);
                out_csv_num(f, a->closed_share[at]);
                fputc('\n', f);
            }
        }
    return ferror(f) ? -1 : 0;
}

static int write_tolls_csv(FILE *f, const void *ctx)
{
    const struct asg_result *a = ctx;
    const struct region *r = a->r;
    fputs("port,direction,mode,hour,toll_usd,wait_min,trips,revenue_usd,hold_wait_min\n", f);
    for (size_t j = 0; j < r->n_ports; j++)
        for (int d = 0; d < DIR_COUNT; d++)
            for (int m = 0; m < MODE_COUNT; m++) {
                const struct reg_toll *t = &r->port[j].toll[d][m];
                if (!t->present)
                    continue;
                for (int h = 0; h < HOURS_PER_DAY; h++) {
                    fprintf(f, "%s,%s,%s,%d", r->port[j].name, scn_direction_name((enum direction)d),
                            scn_mode_name((enum mode)m), h);
                    out_csv_num(f, a->toll[j][d][m][h]);
                    out_csv_num(f, a->dm_wait[j][d][m][h]);
                    out_csv_num(f, a->dm_trips[j][d][m][h]);
                    out_csv_num(f, a->dm_trips[j][d][m][h] * a->toll[j][d][m][h]);
                    out_csv_num(f, t->hold ? t->rule.target_wait_min : NAN);
                    fputc('\n', f);
                }
            }
    return ferror(f) ? -1 : 0;
}

static int write_convergence_csv(FILE *f, const void *ctx)
{
    const struct asg_result *a = ctx;
    fputs("iteration,max_change,gap,cost_of_waiting_usd_per_day\n", f);
    for (int k = 0; k < a->iterations; k++) {
        fprintf(f, "%d", k + 1);
        out_csv_num(f, a->iter[k].max_change);
        out_csv_num(f, a->iter[k].gap);
        out_csv_num(f, a->iter[k].wait_cost_usd_per_day);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

/* observed.csv: its context. */
struct obs_ctx {
    const struct asg_result *a;
    const struct rfit_result *fit;
};

static int write_observed_csv(FILE *f, const void *ctx)
{
    const struct obs_ctx *c = ctx;
    const struct region *r = c->a->r;
    fputs("group,port,observed_trips_per_day,observed_share,modelled_trips_per_day,"
          "modelled_share,share_difference,wait_mean_min,trips_before_fit_per_day,"
          "constant_change\n", f);
    for (size_t g = 0; g < r->n_obs; g++)
        for (size_t j = 0; j < r->n_ports; j++) {
            if (!r->obs[g].given[j])
                continue;
            struct obs_row x;
            obs_row(c->a, c->fit, g, j, &x);
            fprintf(f, "%s,%s", r->obs[g].name, r->port[j].name);
            out_csv_num(f, x.obs);
            out_csv_num(f, x.obs_share);
            out_csv_num(f, x.model);
            out_csv_num(f, x.model_share);
            out_csv_num(f, x.model_share - x.obs_share);
            out_csv_num(f, x.wait_min);
            out_csv_num(f, x.before);
            out_csv_num(f, x.change);
            fputc('\n', f);
        }
    return ferror(f) ? -1 : 0;
}

int rgo_write(const char *dir, const struct asg_result *a, const char *fingerprint,
              struct err *e)
{
    return rgo_write_fit(dir, a, NULL, NULL, fingerprint, e);
}

int rgo_write_fit(const char *dir, const struct asg_result *a, const struct rfit_result *fit,
                  const char *fitted_text, const char *fingerprint, struct err *e)
{
    const struct region *r = a->r;
    static const char *const drop[] = { "report.html" };
    const char *folders[REG_PORTS_MAX];
    char sub[FSET_PATH_MAX], settings[512];
    if (fset_unmark(dir, drop, 1, e) < 0)
        return -1;
    for (size_t j = 0; j < r->n_ports; j++) {
        folders[j] = r->port[j].name;
        if (fset_join(sub, dir, r->port[j].name) < 0)
            return err_set(e, EXIT_FAIL, "%s/%s: path too long", dir, r->port[j].name);
        if (out_write_unit(sub, r->port[j].s, a->sums[j], OUT_RUN, fingerprint, e) < 0)
            return -1;
    }
    char *json = region_text(a, fit);
    if (!json)
        return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
    snprintf(settings, sizeof settings, "region %s from %s: seed %llu, %d day%s after %d warm-up "
             "from %s, %d replication%s, %d iteration%s", r->name, r->path,
             (unsigned long long)r->run.seed, r->run.days, PLURAL(r->run.days),
             r->run.warmup_days, scn_weekday_name(r->run.start), a->replications,
             PLURAL(a->replications), a->iterations, PLURAL(a->iterations));
    struct obs_ctx oc = { a, fit };
    struct fset_file files[6] = {
        { "region.csv", write_region_csv, a },
        { "region.json", write_text, json },
        { "tolls.csv", write_tolls_csv, a },
        { "convergence.csv", write_convergence_csv, a },
    };
    int n = 4;
    if (r->n_obs)
        files[n++] = (struct fset_file){ "observed.csv", write_observed_csv, &oc };
    if (fitted_text)
        files[n++] = (struct fset_file){ "fitted.json", write_text, fitted_text };
    struct fset_meta m = { .kind = "region", .fingerprint = fingerprint, .settings = settings,
                           .folders = folders, .n_folders = r->n_ports, .drop = drop,
                           .n_drop = 1 };
    int rc = fset_write(dir, files, n, &m, e);
    free(json);
    return rc;
}

void rgo_print_table(FILE *f, const struct asg_result *a)
{
    const struct region *r = a->r;
    double last = a->iter[a->iterations - 1].max_change;
    fprintf(f, "%s%s%s\n", r->name, r->title && *r->title ? ": " : "", r->title ? r->title : "");
    fprintf(f, "%d measured day%s after %d warm-up day%s, %d replication%s, seed %llu; "
               "± is the 95%% interval\n",
            r->run.days, r->run.days == 1 ? "" : "s", r->run.warmup_days,
            r->run.warmup_days == 1 ? "" : "s", a->replications, a->replications == 1 ? "" : "s",
            (unsigned long long)r->run.seed);
    fprintf(f, "%d iteration%s: %s (largest change of a share %.4f, tolerance %g)\n\n",
            a->iterations, a->iterations == 1 ? "" : "s",
            a->converged ? "converged" : "NOT converged: the cap was reached", last,
            r->tolerance);
    fprintf(f, "%-20s %-16s %-8s %10s %6s %9s %9s\n", "segment", "port", "queue", "trips/day",
            "share", "wait min", "toll USD");
    for (size_t i = 0; i < r->n_seg; i++) {
        const struct reg_segment *s = &r->seg[i];
        double total = 0;
        for (size_t u = 0; u < s->n_use; u++)
            total += use_day(a, i, u).trips;
        for (size_t u = 0; u < s->n_use; u++) {
            struct use_day x = use_day(a, i, u);
            double toll = x.trips > 0 ? x.revenue_usd / x.trips : 0;
            fprintf(f, "%-20s %-16s %-8s %10.0f %6.3f %9.1f %9.2f\n", u == 0 ? s->name : "",
                    r->port[s->use[u].port].name, scn_program_name(s->use[u].prog), x.trips,
                    total > 0 ? x.trips / total : 0.0, isfinite(x.wait_min) ? x.wait_min : 0.0,
                    toll);
        }
    }
    fprintf(f, "\n%-16s %12s %17s %18s %14s\n", "port", "choosers/day", "wait min (all)",
            "cost USD/day", "tolls USD/day");
    for (size_t j = 0; j < r->n_ports; j++) {
        const struct summary *sum = a->sums[j];
        double choosers = rgo_port_choosers(a, j);
        const struct estimate *w = sum_est(sum, M_WAIT_MEAN, sum->n_groups);
        struct estimate c = per_day(sum_est(sum, M_COST_TOTAL, sum->n_groups), a->days);
        char wait[32];
        if (isfinite(w->mean))
            snprintf(wait, sizeof wait, "%8.2f ± %-6.2f", w->mean, isfinite(w->ci95) ? w->ci95 : 0.0);
        else
            snprintf(wait, sizeof wait, "%8s %8s", "-", "");    /* nobody waited */
        fprintf(f, "%-16s %12.0f %s %9.0f ± %-6.0f %14.0f\n", r->port[j].name, choosers, wait,
                c.mean, isfinite(c.ci95) ? c.ci95 : 0.0, rgo_port_revenue(a, j));
    }
    struct rgo_totals t;
    rgo_totals(a, &t);
    fprintf(f, "\nregion: cost of waiting %.0f ± %.0f USD per day (%d dollars), %.0f ± %.0f "
               "vehicle-hours waiting per day\n",
            t.cost_usd.mean, isfinite(t.cost_usd.ci95) ? t.cost_usd.ci95 : 0.0,
            r->port[0].s->costs.price_year, t.vehicle_hours.mean,
            isfinite(t.vehicle_hours.ci95) ? t.vehicle_hours.ci95 : 0.0);
}

void rgo_print_observed(FILE *f, const struct asg_result *a, const struct rfit_result *fit)
{
    const struct region *r = a->r;
    if (!r->n_obs)
        return;
    if (fit)
        fprintf(f, "\nconstants fitted in %d round%s: %s (largest difference of a share %.4f, "
                   "tolerance %g)\n", fit->rounds, fit->rounds == 1 ? "" : "s",
                fit->fitted ? "fitted" : "NOT within the tolerance: the cap of rounds was reached",
                fit->round[fit->rounds - 1].worst, r->fit_tolerance);
    fprintf(f, "\n%-16s %-16s %9s %6s", "observed group", "port", "observed", "share");
    if (fit)
        fprintf(f, " %9s %6s", "before", "share");
    fprintf(f, " %9s %6s %9s", "modelled", "share", "wait min");
    if (fit)
        fprintf(f, " %9s", "constant");
    fputc('\n', f);
    for (size_t g = 0; g < r->n_obs; g++) {
        bool first = true;
        double all_before = 0;
        for (size_t j = 0; fit && j < r->n_ports; j++)
            all_before += r->obs[g].given[j] ? fit->before[g * REG_PORTS_MAX + j] : 0;
        for (size_t j = 0; j < r->n_ports; j++) {
            if (!r->obs[g].given[j])
                continue;
            struct obs_row x;
            obs_row(a, fit, g, j, &x);
            fprintf(f, "%-16s %-16s %9.0f %6.3f", first ? r->obs[g].name : "", r->port[j].name,
                    x.obs, x.obs_share);
            if (fit)
                fprintf(f, " %9.0f %6.3f", x.before, all_before > 0 ? x.before / all_before : 0.0);
            fprintf(f, " %9.0f %6.3f %9.1f", x.model, x.model_share,
                    isfinite(x.wait_min) ? x.wait_min : 0.0);
            if (fit)
                fprintf(f, " %+9.4f", isfinite(x.change) ? x.change : 0.0);
            fputc('\n', f);
            first = false;
        }
    }
}
