/*
 * regcmp.c - regions against a baseline region (regcmp.h).
 *
 * A comparison is a handful of regions of a few ports each: for every port
 * and every region as a whole, per-replication values are gathered from
 * the ports' summaries (the whole port's mean wait, cost of waiting and
 * vehicle-hours, per measured day) and differenced against the baseline's
 * replication by replication.  Files are written like a batch's
 * (output.c): fixed printf formats for CSV, cJSON for JSON.
 */
#include "regcmp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "fileset.h"
#include "output.h"
#include "regout.h"
#include "stats.h"
#include "version.h"

#define CHOOSERS_EPS 1e-12          /* relative: rounding, not a difference */

/* Per replication: a port's (or, port < 0, the region's) mean wait, cost
 * and vehicle-hours per day, into x[0..3)[rep]. */
static void values(const struct asg_result *a, long port, double *x[3])
{
    const struct region *r = a->r;
    for (int rep = 0; rep < a->replications; rep++) {
        double w = 0, n = 0, cost = 0, vh = 0;
        for (size_t j = 0; j < r->n_ports; j++) {
            if (port >= 0 && (size_t)port != j)
                continue;
            const struct summary *s = a->sums[j];
            size_t all = s->n_groups;
            double served = *sum_value(s, M_SERVED, all, (size_t)rep);
            double wait = *sum_value(s, M_WAIT_MEAN, all, (size_t)rep);
            if (port >= 0)
                w = wait, n = 1;
            else if (isfinite(wait) && served > 0)
                w += wait * served, n += served;
            cost += *sum_value(s, M_COST_TOTAL, all, (size_t)rep);
            vh += *sum_value(s, M_VEHICLE_HOURS, all, (size_t)rep);
        }
        x[0][rep] = n > 0 ? w / n : NAN;
        x[1][rep] = cost / a->days;
        x[2][rep] = vh / a->days;
    }
}

static struct estimate estimate_of(const double *x, size_t n, double *scratch)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            scratch[k++] = x[i];
    struct estimate e = { NAN, NAN, k };
    if (k > 0)
        stats_ci95(scratch, k, &e.mean, &e.ci95);
    return e;
}

void rcmp_free(struct rcmp *c)
{
    if (!c)
        return;
    free(c->rows);
    free(c->bca);
    free(c);
}

/* Staffed booth-hours per measured day over a region's ports. */
static double booth_hours(const struct region *r)
{
    double h = 0;
    for (size_t j = 0; j < r->n_ports; j++)
        h += cmp_booth_hours_per_day(r->port[j].s);
    return h;
}

struct rcmp *rcmp_build(const struct asg_result *const *a, size_t n, struct err *e)
{
    struct rcmp *c = calloc(1, sizeof *c);
    size_t reps = (size_t)a[0]->replications, rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += a[i]->r->n_ports + 1;
    double *buf = malloc(10 * (reps ? reps : 1) * sizeof *buf);
    if (!c || !buf || !(c->rows = calloc(rows, sizeof *c->rows))
        || !(c->bca = calloc(n, sizeof *c->bca))) {
        free(buf);
        rcmp_free(c);
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    c->n = n;
    c->a = a;
    c->replications = (int)reps;
    c->price_year = a[0]->r->port[0].s->costs.price_year;
    double *x[3] = { buf, buf + reps, buf + 2 * reps };
    double *b[3] = { buf + 3 * reps, buf + 4 * reps, buf + 5 * reps };
    double *scratch = buf + 6 * reps;
    const struct region *base = a[0]->r;
    for (size_t i = 0; i < n; i++) {
        const struct region *r = a[i]->r;
        for (size_t j = 0; j <= r->n_ports; j++) {
            struct rcmp_row *row = &c->rows[c->n_rows++];
            row->region = i;
            row->port = j < r->n_ports ? r->port[j].name : NULL;
            long bj = row->port ? reg_port_index(base, row->port) : -1;
            row->has_base = !row->port || bj >= 0;
            values(a[i], row->port ? (long)j : -1, x);
            row->wait = estimate_of(x[0], reps, scratch);
            row->cost = estimate_of(x[1], reps, scratch);
            row->vehicle_hours = estimate_of(x[2], reps, scratch);
            double base_choosers = 0;
            if (row->port) {
                row->choosers = rgo_port_choosers(a[i], j);
                row->toll_revenue = rgo_port_revenue(a[i], j);
                if (bj >= 0)
                    base_choosers = rgo_port_choosers(a[0], (size_t)bj);
            } else {
                for (size_t k = 0; k < r->n_ports; k++) {
                    row->choosers += rgo_port_choosers(a[i], k);
                    row->toll_revenue += rgo_port_revenue(a[i], k);
                }
                for (size_t k = 0; k < base->n_ports; k++)
                    base_choosers += rgo_port_choosers(a[0], k);
            }
            if (!row->has_base)
                continue;
            values(a[0], row->port ? bj : -1, b);
            row->d_choosers = row->choosers - base_choosers;
            if (fabs(row->d_choosers) < CHOOSERS_EPS * (row->choosers + base_choosers))
                row->d_choosers = 0;    /* the same trips summed in another order */
            row->d_wait = cmp_paired(x[0], b[0], reps, scratch);
            row->d_cost = cmp_paired(x[1], b[1], reps, scratch);
            row->d_vehicle_hours = cmp_paired(x[2], b[2], reps, scratch);
            if (!row->port && i > 0 && r->investment.present) {
                /* Savings: the baseline's cost minus the proposal's, paired. */
                struct estimate s = cmp_paired(b[1], x[1], reps, scratch);
                cmp_bca_compute(&r->investment, s, booth_hours(r) - booth_hours(base),
                                &c->bca[i]);
            }
            if (!row->port)
                c->bca[i].booth_hours_per_day = booth_hours(r);
        }
    }
    free(buf);
    return c;
}

/* ---- files ------------------------------------------------------------------- */

static const char *region_name(const struct rcmp *c, size_t i)
{
    return c->a[i]->r->name;
}

static const char cmp_header[] =
    "region,port,choosers_per_day,delta_choosers_per_day,wait_mean_min,wait_ci95_min,"
    "delta_wait_min,delta_wait_ci95_min,cost_usd_per_day,cost_ci95_usd_per_day,"
    "delta_cost_usd_per_day,delta_cost_ci95_usd_per_day,vehicle_hours_per_day,"
    "vehicle_hours_ci95,delta_vehicle_hours_per_day,delta_vehicle_hours_ci95,"
    "toll_revenue_usd_per_day,replications";

static int write_cmp_csv(FILE *f, const void *ctx)
{
    const struct rcmp *c = ctx;
    fprintf(f, "%s\n", cmp_header);
    for (size_t k = 0; k < c->n_rows; k++) {
        const struct rcmp_row *r = &c->rows[k];
        bool d = r->has_base;
        fprintf(f, "%s,%s", region_name(c, r->region), r->port ? r->port : "all");
        double v[] = { r->choosers, d ? r->d_choosers : NAN, r->wait.mean, r->wait.ci95,
                       d ? r->d_wait.mean : NAN, d ? r->d_wait.ci95 : NAN, r->cost.mean,
                       r->cost.ci95, d ? r->d_cost.mean : NAN, d ? r->d_cost.ci95 : NAN,
                       r->vehicle_hours.mean, r->vehicle_hours.ci95,
                       d ? r->d_vehicle_hours.mean : NAN, d ? r->d_vehicle_hours.ci95 : NAN,
                       r->toll_revenue };
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            out_csv_num(f, v[i]);
        fprintf(f, ",%d\n", c->replications);
    }
    return ferror(f) ? -1 : 0;
}

static const char bca_header[] =
    "region,capital_usd,om_usd_per_year,staffing_usd_per_year,annual_cost_usd,"
    "booth_hours_per_day,delta_booth_hours_per_day,savings_usd_per_day,"
    "savings_ci95_usd_per_day,annual_savings_usd,annual_savings_ci95_usd,life_years,"
    "discount_rate,annuity_factor,npv_usd,npv_ci95_usd,bcr,bcr_low,bcr_high";

static int write_bca_csv(FILE *f, const void *ctx)
{
    const struct rcmp *c = ctx;
    fprintf(f, "%s\n", bca_header);
    for (size_t i = 1; i < c->n; i++) {
        const struct cmp_bca *b = &c->bca[i];
        if (!b->present)
            continue;
        const struct investment *inv = &c->a[i]->r->investment;
        fprintf(f, "%s", region_name(c, i));
        double v[] = { b->capital, b->om, b->staffing, b->annual_cost, b->booth_hours_per_day,
                       b->d_booth_hours_per_day, b->savings_per_day.mean,
                       b->savings_per_day.ci95, b->annual_savings.mean, b->annual_savings.ci95 };
        for (size_t k = 0; k < sizeof v / sizeof *v; k++)
            out_csv_num(f, v[k]);
        fprintf(f, ",%d", inv->life_years);
        out_csv_num(f, inv->discount_rate);
        out_csv_num(f, b->annuity);
        out_csv_num(f, b->npv.mean);
        out_csv_num(f, b->npv.ci95);
        out_csv_num(f, b->bcr);
        out_csv_num(f, b->bcr_low);
        out_csv_num(f, b->bcr_high);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

static cJSON *row_json(const struct rcmp_row *r)
{
    cJSON *o = cJSON_CreateObject();
    if (r->port)
        cJSON_AddStringToObject(o, "port", r->port);
    cJSON_AddNumberToObject(o, "choosers_per_day", r->choosers);
    cJSON_AddItemToObject(o, "wait_min", out_est_json(&r->wait));
    cJSON_AddItemToObject(o, "cost_usd_per_day", out_est_json(&r->cost));
    cJSON_AddItemToObject(o, "vehicle_hours_per_day", out_est_json(&r->vehicle_hours));
    cJSON_AddNumberToObject(o, "toll_revenue_usd_per_day", r->toll_revenue);
    if (r->has_base) {
        cJSON *d = cJSON_AddObjectToObject(o, "delta");
        cJSON_AddNumberToObject(d, "choosers_per_day", r->d_choosers);
        cJSON_AddItemToObject(d, "wait_min", out_est_json(&r->d_wait));
        cJSON_AddItemToObject(d, "cost_usd_per_day", out_est_json(&r->d_cost));
        cJSON_AddItemToObject(d, "vehicle_hours_per_day", out_est_json(&r->d_vehicle_hours));
    }
    return o;
}

static char *cmp_text(const struct rcmp *c)
{
    const struct region *base = c->a[0]->r;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "baseline", base->name);
    cJSON_AddNumberToObject(root, "replications", c->replications);
    cJSON_AddNumberToObject(root, "seed", (double)base->run.seed);
    out_rng_json(root, &base->run);
    cJSON_AddNumberToObject(root, "days", base->run.days);
    cJSON_AddNumberToObject(root, "confidence", STATS_CONFIDENCE);
    cJSON_AddStringToObject(root, "pairing", "common random numbers; paired-t intervals");
    cJSON_AddNumberToObject(root, "price_year", c->price_year);
    cJSON *arr = cJSON_AddArrayToObject(root, "regions");
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct asg_result *a = c->a[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", a->r->name);
        cJSON_AddStringToObject(o, "file", a->r->path);
        cJSON_AddStringToObject(o, "title", a->r->title ? a->r->title : "");
        cJSON_AddNumberToObject(o, "iterations", a->iterations);
        cJSON_AddBoolToObject(o, "converged", a->converged);
        cJSON *ports = cJSON_AddArrayToObject(o, "ports");
        for (; k < c->n_rows && c->rows[k].region == i; k++) {
            if (c->rows[k].port)
                cJSON_AddItemToArray(ports, row_json(&c->rows[k]));
            else
                cJSON_AddItemToObject(o, "region", row_json(&c->rows[k]));
        }
        const struct cmp_bca *b = &c->bca[i];
        cJSON_AddNumberToObject(o, "booth_hours_per_day", b->booth_hours_per_day);
        if (b->present) {
            const struct investment *inv = &a->r->investment;
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "price_year", c->price_year);
            cJSON_AddNumberToObject(x, "capital_usd", b->capital);
            cJSON_AddNumberToObject(x, "om_usd_per_year", b->om);
            cJSON_AddNumberToObject(x, "staffing_usd_per_year", b->staffing);
            cJSON_AddNumberToObject(x, "annual_cost_usd", b->annual_cost);
            cJSON_AddNumberToObject(x, "delta_booth_hours_per_day", b->d_booth_hours_per_day);
            cJSON_AddItemToObject(x, "savings_usd_per_day", out_est_json(&b->savings_per_day));
            cJSON_AddItemToObject(x, "annual_savings_usd", out_est_json(&b->annual_savings));
            cJSON_AddNumberToObject(x, "life_years", inv->life_years);
            cJSON_AddNumberToObject(x, "discount_rate", inv->discount_rate);
            cJSON_AddNumberToObject(x, "days_per_year", inv->days_per_year);
            cJSON_AddNumberToObject(x, "annuity_factor", b->annuity);
            cJSON_AddItemToObject(x, "npv_usd", out_est_json(&b->npv));
            cJSON *bcr = cJSON_AddObjectToObject(x, "bcr");
            cJSON_AddNumberToObject(bcr, "value", b->bcr);
            cJSON_AddNumberToObject(bcr, "low", b->bcr_low);
            cJSON_AddNumberToObject(bcr, "high", b->bcr_high);
            cJSON_AddItemToObject(o, "benefit_cost", x);
        }
        cJSON_AddItemToArray(arr, o);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

static int write_text(FILE *f, const void *ctx)
{
    fputs(ctx, f);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

int rcmp_write(const char *dir, const struct rcmp *c, const char *fingerprint, struct err *e)
{
    const char *folders[REG_PORTS_MAX * 4];
    size_t nf = 0;
    for (size_t i = 0; i < c->n && nf < sizeof folders / sizeof *folders; i++)
        folders[nf++] = c->a[i]->r->name;
    char *json = cmp_text(c);
    if (!json)
        return err_set(e, EXIT_FAIL, "out of memory writing %s", dir);
    char settings[512];
    snprintf(settings, sizeof settings, "batch of regions from %s: seed %llu, %d day%s, %d "
             "replication%s, %zu regions", c->a[0]->r->path,
             (unsigned long long)c->a[0]->r->run.seed, c->a[0]->r->run.days,
             PLURAL(c->a[0]->r->run.days), c->replications, PLURAL(c->replications), c->n);
    static const char *const drop[] = { "report.html" };
    struct fset_file files[] = {
        { "region_comparison.csv", write_cmp_csv, c },
        { "region_comparison.json", write_text, json },
        { "benefit_cost.csv", write_bca_csv, c },
    };
    struct fset_meta m = { .kind = "region-batch", .fingerprint = fingerprint,
                           .settings = settings, .folders = folders, .n_folders = nf,
                           .drop = drop, .n_drop = 1 };
    int rc = fset_write(dir, files, 3, &m, e);
    free(json);
    return rc;
}

/* ---- the table ---------------------------------------------------------------- */

static double hw(struct estimate x)
{
    return isfinite(x.ci95) ? x.ci95 : 0.0;
}

void rcmp_print(FILE *f, const struct rcmp *c)
{
    fprintf(f, "regions against the baseline %s: %d replications each, common random numbers; "
               "± is the 95%% interval (paired for differences)\n\n", region_name(c, 0),
            c->replications);
    fprintf(f, "%-22s %-20s %10s %17s %17s %21s %21s\n", "region", "port", "choosers",
            "wait min", "delta", "cost USD/day", "delta");
    for (size_t k = 0; k < c->n_rows; k++) {
        const struct rcmp_row *r = &c->rows[k];
        bool first = k == 0 || c->rows[k - 1].region != r->region;
        fprintf(f, "%-22s %-20s %10.0f ", first ? region_name(c, r->region) : "",
                r->port ? r->port : "(region)", r->choosers);
        fprintf(f, "%8.2f ± %-6.2f", r->wait.mean, hw(r->wait));
        if (r->has_base && r->region > 0)
            fprintf(f, " %+8.2f ± %-6.2f", r->d_wait.mean, hw(r->d_wait));
        else
            fprintf(f, " %17s", "");
        fprintf(f, " %10.0f ± %-8.0f", r->cost.mean, hw(r->cost));
        if (r->has_base && r->region > 0)
            fprintf(f, " %+10.0f ± %-8.0f", r->d_cost.mean, hw(r->d_cost));
        fputc('\n', f);
    }
    for (size_t i = 1; i < c->n; i++) {
        const struct cmp_bca *b = &c->bca[i];
        if (!b->present)
            continue;
        fprintf(f, "\nbenefit-cost of %s (USD of %d): savings %.0f ± %.0f a day, %.0f a year "
                   "against %.0f a year and %.0f capital; NPV %.0f ± %.0f; BCR %.2f [%.2f, "
                   "%.2f]\n", region_name(c, i), c->price_year, b->savings_per_day.mean,
                hw(b->savings_per_day),
                b->annual_savings.mean, b->annual_cost, b->capital, b->npv.mean, hw(b->npv),
                b->bcr, b->bcr_low, b->bcr_high);
    }
}
