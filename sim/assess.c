/*
 * assess.c - the assessment of pre-clearance programmes (assess.h).
 *
 * One batch: the scenario as written, then for each programme assessed and
 * each way of giving it lanes (fixed, proportional) a variant per share of
 * the grid.  Variants are the scenario with --set overrides (its demand
 * streams' per_day, program_share and initial_queue; in proportion, its
 * lane groups' lanes, staffed_booths and min_booths), so that each loads and
 * is checked exactly as a user's --set would be, and this module needs no
 * JSON of its own.  A grid is some tens of variants; each is a run of the
 * scenario, so an assessment costs that many runs (San Ysidro's: about a
 * hundred runs of 10 replications, under two minutes on two cores).
 *
 * Curves are read on the mean advantage: the share where it first falls to
 * a threshold above the current share, by linear interpolation between the
 * grid points around it; the same on the ends of the 95% interval give the
 * range (the lower end falls first).
 */
#include "assess.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "batch.h"
#include "compare.h"
#include "fileset.h"
#include "output.h"
#include "summary.h"
#include "units.h"
#include "version.h"

#define VARIANTS 2                  /* fixed lanes, lanes in proportion */
#define OVERRIDES_MAX 128           /* a variant's --set overrides (its streams and groups) */
#define VALUE_LEN 8192              /* an override's value: a week's staffing schedule */
#define PATH_LEN 160
#define FINDING_LEN 1200
#define SHARE_EPS 1e-9
#define MIN_SHARE_LEFT 1.0          /* grid steps of the total General keeps at least */

static const char *const variant_names[VARIANTS] = {"fixed", "proportional"};

/* Where a curve falls to a threshold: the share (mean), and the shares
 * where the lower and upper ends of its interval do (NAN: not in the grid). */
struct crossing_at {
    double at, lo, hi;
};

struct point {
    double share;
    bool base;                      /* the scenario as written */
    size_t scen;                    /* index in the batch */
    struct estimate adv, adv_p95, prog_cross, gen_cross;
};

struct prog {
    struct assignment q;
    double vol[PROG_COUNT];         /* daily volumes by programme of its direction and mode */
    double total, share0, share_max;
    double crossings, usd_per_hour;
    bool pooled;                    /* its lanes come from a pool: proportional = officers */
    struct estimate adv, adv_p95, hours, usd, prog_cross, gen_cross;
    struct point *pts[VARIANTS];    /* by share, the base among them */
    size_t n_pts[VARIANTS];
    struct crossing_at halves[VARIANTS], vanishes[VARIANTS];
    char finding[FINDING_LEN];
};

struct assess_result {
    struct scenario *base;
    struct prog *prog;
    size_t n_prog;
    int reps;
};

const struct scenario *assess_scenario(const struct assess_result *r)
{
    return r->base;
}

void assess_free(struct assess_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_prog; i++)
        for (int v = 0; v < VARIANTS; v++)
            free(r->prog[i].pts[v]);
    free(r->prog);
    scn_free(r->base);
    free(r);
}

/* ---- choosing what to assess ---------------------------------------------- */

/* Daily volumes by programme of (d, m): per_day x share over the streams. */
static void volumes(const struct scenario *s, int d, int m, double vol[PROG_COUNT])
{
    memset(vol, 0, PROG_COUNT * sizeof *vol);
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *dm = &s->demand[i];
        if ((int)dm->dir != d || (int)dm->mode != m)
            continue;
        for (int p = 0; p < PROG_COUNT; p++)
            vol[p] += dm->per_day * dm->program_share[p];
    }
}

/* USD an hour of a crosser of mode m costs its member: the value of time
 * of one person; a truck adds its operating cost and idle fuel. */
static double usd_per_hour(const struct costs *c, enum mode m)
{
    double x = c->value_of_time[m];
    if (m == MODE_TRUCK)
        x += c->truck_operating + c->idle_fuel_gal_per_hour[m] * c->fuel_usd_per_gal[m];
    return x;
}

static int add_prog(struct assess_result *r, const struct assignment *q, size_t *cap,
                    struct err *e)
{
    const struct scenario *s = r->base;
    if (!(s->assessment.crossings_per_year[q->prog] > 0))
        return err_set(e, EXIT_USAGE, "%s: assessment.crossings_per_member_per_year.%s: needed by "
                       "poesim assess for %s %s %s (the crossings a member makes in a year; give "
                       "its source in \"sources\", or say it is assumed in \"notes\")", s->path,
                       scn_program_name(q->prog), scn_direction_name(q->dir),
                       scn_mode_name(q->mode), scn_program_name(q->prog));
    if (r->n_prog == *cap) {
        size_t n = *cap ? 2 * *cap : 4;
        struct prog *grown = realloc(r->prog, n * sizeof *grown);
        if (!grown)
            return err_set(e, EXIT_FAIL, "out of memory");
        r->prog = grown;
        *cap = n;
    }
    struct prog *p = &r->prog[r->n_prog++];
    memset(p, 0, sizeof *p);
    p->q = *q;
    volumes(s, (int)q->dir, (int)q->mode, p->vol);
    for (int g = 0; g < PROG_COUNT; g++)
        p->total += p->vol[g];
    p->share0 = p->vol[q->prog] / p->total;
    double step = s->assessment.share_step;
    p->share_max = p->share0 + p->vol[PROG_GENERAL] / p->total - MIN_SHARE_LEFT * step;
    if (p->share_max > 1)
        p->share_max = 1;
    p->crossings = s->assessment.crossings_per_year[q->prog];
    p->usd_per_hour = usd_per_hour(&s->costs, q->mode);
    for (size_t i = 0; i < s->n_lanes; i++)
        if (s->lanes[i].dir == q->dir && s->lanes[i].mode == q->mode && s->lanes[i].pool >= 0
            && s->lanes[i].program == q->prog)
            p->pooled = true;
    return 0;
}

/* The programmes to assess: assessment.queues, or every trusted programme
 * with demand beside a General line with demand. */
static int choose(struct assess_result *r, struct err *e)
{
    const struct scenario *s = r->base;
    size_t cap = 0;
    if (s->assessment.n_queues > 0) {
        for (size_t i = 0; i < s->assessment.n_queues; i++)
            if (add_prog(r, &s->assessment.queues[i], &cap, e) < 0)
                return -1;
        return 0;
    }
    for (int d = 0; d < DIR_COUNT; d++)
        for (int m = 0; m < MODE_COUNT; m++) {
            double vol[PROG_COUNT];
            volumes(s, d, m, vol);
            for (int p = PROG_GENERAL + 1; p < PROG_COUNT; p++) {
                if (!(vol[p] > 0) || !(vol[PROG_GENERAL] > 0))
                    continue;
                struct assignment q = { (enum direction)d, (enum mode)m, (enum program)p };
                if (add_prog(r, &q, &cap, e) < 0)
                    return -1;
            }
        }
    if (r->n_prog == 0)
        return err_set(e, EXIT_USAGE, "%s: nothing to assess: no trusted programme (Ready, "
                       "SENTRI, FAST) has demand beside a General line with demand", s->path);
    return 0;
}

/* ---- variants ------------------------------------------------------------- */

/* The overrides of one variant, their texts owned here. */
struct ovset {
    struct scn_override ov[OVERRIDES_MAX];
    char *text[OVERRIDES_MAX];      /* path and value, in one allocation each */
    size_t n;
};

static void ovset_free(struct ovset *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->text[i]);
    o->n = 0;
}

/* Append override path = value.  Returns 0, or -1 with *e filled. */
static int ov_add(struct ovset *o, const char *path, const char *value, struct err *e)
{
    if (o->n == OVERRIDES_MAX)
        return err_set(e, EXIT_USAGE, "poesim assess: more than %d streams and lane groups to "
                       "change in one variant", OVERRIDES_MAX);
    size_t lp = strlen(path) + 1, lv = strlen(value) + 1;
    char *t = malloc(lp + lv);
    if (!t)
        return err_set(e, EXIT_FAIL, "out of memory");
    memcpy(t, path, lp);
    memcpy(t + lp, value, lv);
    o->text[o->n] = t;
    o->ov[o->n] = (struct scn_override){ t, t + lp };
    o->n++;
    return 0;
}

/* Lane group l's staffing schedule with every value times f, rounded,
 * within 0..booths, as a step object per weekday. */
static void staffing_json(char *buf, size_t n, const struct lanegroup *l, double f, int booths)
{
    size_t used = 0;
    used += (size_t)snprintf(buf + used, n - used, "{");
    for (int w = 0; w < WD_COUNT && used < n; w++) {
        const struct daysteps *d = &l->staffed.day[w];
        used += (size_t)snprintf(buf + used, n - used, "%s\"%s\": {", w ? ", " : "",
                                 scn_weekday_name((enum weekday)w));
        for (int k = 0; k < d->n && used < n; k++) {
            long v = lround(d->value[k] * f);
            v = v < 0 ? 0 : v > booths ? booths : v;
            used += (size_t)snprintf(buf + used, n - used, "%s\"%02d:%02d\": %ld", k ? ", " : "",
                                     d->minute[k] / MINUTES_PER_HOUR,
                                     d->minute[k] % MINUTES_PER_HOUR, v);
        }
        if (used < n)
            used += (size_t)snprintf(buf + used, n - used, "}");
    }
    if (used < n)
        snprintf(buf + used, n - used, "}");
}

/* The factor by which the volume of the line lane group l serves changes
 * when programme volumes go from vol to nvol. */
static double line_factor(const struct scenario *s, const struct lanegroup *l,
                          const double vol[PROG_COUNT], const double nvol[PROG_COUNT])
{
    double a = 0, b = 0;
    for (int p = 0; p < PROG_COUNT; p++) {
        bool mine = l->stage >= 0 ? !s->stages[l->stage].skip[p]
                                        && s->stages[l->stage].line[p] == l->program
                                  : (enum program)p == l->program;
        if (mine) {
            a += nvol[p];
            b += vol[p];
        }
    }
    return b > 0 ? a / b : 1;
}

/* The overrides that give programme pr a share `share` (General taking the
 * difference), and with lanes in proportion if prop. */
static int variant_overrides(const struct scenario *s, const struct prog *pr, double share,
                             bool prop, struct ovset *o, struct err *e)
{
    char path[PATH_LEN], value[VALUE_LEN];
    int P = (int)pr->q.prog;
    double nvol[PROG_COUNT];
    memcpy(nvol, pr->vol, sizeof nvol);
    nvol[P] = share * pr->total;
    nvol[PROG_GENERAL] = pr->vol[PROG_GENERAL] + pr->vol[P] - nvol[P];
    double fac[PROG_COUNT];
    for (int g = 0; g < PROG_COUNT; g++)
        fac[g] = pr->vol[g] > 0 ? nvol[g] / pr->vol[g] : 1;
    for (size_t i = 0; i < s->n_demand; i++) {
        const struct demand *d = &s->demand[i];
        if (d->dir != pr->q.dir || d->mode != pr->q.mode)
            continue;
        double part[PROG_COUNT], f = 0;
        for (int g = 0; g < PROG_COUNT; g++) {
            part[g] = d->program_share[g] * fac[g];
            f += part[g];
        }
        snprintf(path, sizeof path, "demand[%s].per_day", d->name);
        snprintf(value, sizeof value, "%.17g", d->per_day * f);
        if (ov_add(o, path, value, e) < 0)
            return -1;
        size_t used = (size_t)snprintf(value, sizeof value, "{");
        for (int g = PROG_GENERAL + 1; g < PROG_COUNT; g++)
            if (scn_program_valid(d->mode, (enum program)g))
                used += (size_t)snprintf(value + used, sizeof value - used, "%s\"%s\": %.17g",
                                         used > 1 ? ", " : "", scn_program_name((enum program)g),
                                         part[g] / f);
        snprintf(value + used, sizeof value - used, "}");
        snprintf(path, sizeof path, "demand[%s].program_share", d->name);
        if (ov_add(o, path, value, e) < 0)
            return -1;
        bool any = false;
        used = (size_t)snprintf(value, sizeof value, "{");
        for (int g = 0; g < PROG_COUNT; g++)
            if (d->initial_queue[g] > 0) {
                used += (size_t)snprintf(value + used, sizeof value - used, "%s\"%s\": %ld",
                                         any ? ", " : "", scn_program_name((enum program)g),
                                         lround(d->initial_queue[g] * fac[g]));
                any = true;
            }
        snprintf(value + used, sizeof value - used, "}");
        snprintf(path, sizeof path, "demand[%s].initial_queue", d->name);
        if (any && ov_add(o, path, value, e) < 0)
            return -1;
    }
    for (size_t i = 0; prop && i < s->n_lanes; i++) {
        const struct lanegroup *l = &s->lanes[i];
        if (l->dir != pr->q.dir || l->mode != pr->q.mode || l->scheduled || l->has_policy)
            continue;
        double f = line_factor(s, l, pr->vol, nvol);
        if (fabs(f - 1) < SHARE_EPS)
            continue;
        int lanes = l->lanes;
        if (l->pool < 0) {      /* its own lanes; in a pool, the pool's are the limit */
            lanes = (int)lround(l->lanes * f);
            lanes = lanes < 1 ? 1 : lanes;
            snprintf(path, sizeof path, "lanes[%s].lanes", l->name);
            snprintf(value, sizeof value, "%d", lanes);
            if (ov_add(o, path, value, e) < 0)
                return -1;
        }
        int booths = lanes * l->booths_per_lane;
        staffing_json(value, sizeof value, l, f, booths);
        snprintf(path, sizeof path, "lanes[%s].staffed_booths", l->name);
        if (ov_add(o, path, value, e) < 0)
            return -1;
        if (l->has_staffing && l->staffing.min_booths > booths) {
            snprintf(path, sizeof path, "lanes[%s].staffing_policy.min_booths", l->name);
            snprintf(value, sizeof value, "%d", booths);
            if (ov_add(o, path, value, e) < 0)
                return -1;
        }
    }
    return 0;
}

/* The scenario of a variant: path with the user's overrides, then o's. */
static struct scenario *variant_load(const char *path, const struct assess_opts *ao,
                                     const struct ovset *o, struct err *e)
{
    struct scn_override all[OVERRIDES_MAX + 64];
    size_t n = 0;
    for (size_t i = 0; i < ao->n_sets && n < OVERRIDES_MAX + 64; i++)
        all[n++] = ao->sets[i];
    for (size_t i = 0; i < o->n && n < OVERRIDES_MAX + 64; i++)
        all[n++] = o->ov[i];
    struct scenario *s = scn_load_with(path, all, n, e);
    if (!s) {
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e->msg);
        err_set(e, EXIT_FAIL, "internal error: a variant of the assessment does not load: %s",
                msg);
    }
    return s;
}

/* ---- reading the runs ------------------------------------------------------- */

static long group_index(const struct summary *s, enum direction d, enum mode m, enum program p)
{
    for (size_t g = 0; g < s->n_groups; g++)
        if (s->id[g].dir == d && s->id[g].mode == m && s->id[g].prog == p)
            return (long)g;
    return -1;
}

/* Programme pr's figures in summary s into pt. */
static void read_point(const struct summary *s, const struct prog *pr, struct point *pt,
                       double *scratch)
{
    long gp = group_index(s, pr->q.dir, pr->q.mode, pr->q.prog);
    long gg = group_index(s, pr->q.dir, pr->q.mode, PROG_GENERAL);
    assert(gp >= 0 && gg >= 0);
    size_t n = s->n_reps;
    pt->adv = cmp_paired(sum_value(s, M_PORT_MEAN, (size_t)gg, 0),
                         sum_value(s, M_PORT_MEAN, (size_t)gp, 0), n, scratch);
    pt->adv_p95 = cmp_paired(sum_cross_value(s, (size_t)gg, CM_P95, 0),
                             sum_cross_value(s, (size_t)gp, CM_P95, 0), n, scratch);
    pt->prog_cross = *sum_est(s, M_PORT_MEAN, (size_t)gp);
    pt->gen_cross = *sum_est(s, M_PORT_MEAN, (size_t)gg);
}

static int point_cmp(const void *a, const void *b)
{
    double x = ((const struct point *)a)->share, y = ((const struct point *)b)->share;
    return x < y ? -1 : x > y;
}

/* The share above from where curve y (k: 0 the mean, -1 its lower end, +1
 * its upper end) first falls to level, linearly between grid points; NAN
 * if it does not in the grid. */
static double falls_to(const struct point *pt, size_t n, double from, double level, int k)
{
    double px = NAN, py = NAN;
    for (size_t i = 0; i < n; i++) {
        double ci = isfinite(pt[i].adv.ci95) ? pt[i].adv.ci95 : 0;
        double y = pt[i].adv.mean + k * ci;
        if (pt[i].share < from - SHARE_EPS || !isfinite(y))
            continue;
        if (y <= level)
            return isnan(px) || py == y ? pt[i].share
                                       : px + (pt[i].share - px) * (py - level) / (py - y);
        px = pt[i].share;
        py = y;
    }
    return NAN;
}

static void crossings(const struct prog *pr, int v, double level, struct crossing_at *c)
{
    c->at = falls_to(pr->pts[v], pr->n_pts[v], pr->share0, level, 0);
    c->lo = falls_to(pr->pts[v], pr->n_pts[v], pr->share0, level, -1);
    c->hi = falls_to(pr->pts[v], pr->n_pts[v], pr->share0, level, +1);
}

/* "halves at 47% (45-49%)" or "does not halve up to 59%" into buf. */
static void where_text(char *buf, size_t n, const struct crossing_at *c, const char *verb,
                       const char *not_verb, double share_max)
{
    if (isnan(c->at)) {
        snprintf(buf, n, "does not %s up to a share of %.0f%%", not_verb, 100 * share_max);
        return;
    }
    char lo[16] = "?", hi[16] = "beyond the grid";
    if (!isnan(c->lo))
        snprintf(lo, sizeof lo, "%.0f%%", 100 * c->lo);
    if (!isnan(c->hi))
        snprintf(hi, sizeof hi, "%.0f%%", 100 * c->hi);
    snprintf(buf, n, "%s at a share of %.0f%% (%s to %s)", verb, 100 * c->at, lo, hi);
}

static void finding(struct prog *pr)
{
    char h[2][128], z[2][128];
    for (int v = 0; v < VARIANTS; v++) {
        where_text(h[v], sizeof h[v], &pr->halves[v], "halves", "halve", pr->share_max);
        where_text(z[v], sizeof z[v], &pr->vanishes[v], "vanishes", "vanish", pr->share_max);
    }
    const char *prop = pr->pooled ? "with officers on duty in proportion to its share (its lanes "
                                    "come from a pool shared with General)"
                                  : "with lanes in proportion to its share";
    if (!(pr->adv.mean > 0)) {
        snprintf(pr->finding, sizeof pr->finding, "%s %s %s: at its share of %.0f%% it has no "
                 "advantage over General (%.1f ± %.1f min a crossing), so there is nothing to "
                 "halve: its members cross no faster than General's.",
                 scn_program_name(pr->q.prog), scn_direction_name(pr->q.dir),
                 scn_mode_name(pr->q.mode), 100 * pr->share0, pr->adv.mean,
                 isfinite(pr->adv.ci95) ? pr->adv.ci95 : 0.0);
        return;
    }
    snprintf(pr->finding, sizeof pr->finding, "%s (%s %s), at its share of %.0f%%, saves a member "
             "%.1f ± %.1f min a crossing against General (%.1f ± %.1f min at the 95th "
             "percentile): %.0f ± %.0f h and %.0f ± %.0f USD a year at %.0f crossings. With its "
             "lanes and officers as they are, the advantage %s and %s; %s, it %s and %s.",
             scn_program_name(pr->q.prog), scn_direction_name(pr->q.dir),
             scn_mode_name(pr->q.mode), 100 * pr->share0, pr->adv.mean,
             isfinite(pr->adv.ci95) ? pr->adv.ci95 : 0.0, pr->adv_p95.mean,
             isfinite(pr->adv_p95.ci95) ? pr->adv_p95.ci95 : 0.0, pr->hours.mean,
             isfinite(pr->hours.ci95) ? pr->hours.ci95 : 0.0, pr->usd.mean,
             isfinite(pr->usd.ci95) ? pr->usd.ci95 : 0.0, pr->crossings, h[0], z[0], prop, h[1],
             z[1]);
}

/* ---- the run ---------------------------------------------------------------- */

/* The grid of shares of programme pr (step apart, up to its largest, the
 * current share left out: the base stands for it).  Returns the count,
 * into shares[] (room for max). */
static size_t grid(const struct prog *pr, double step, double *shares, size_t max)
{
    size_t n = 0;
    for (int j = 1; n < max; j++) {
        double s = j * step;
        if (s > pr->share_max + SHARE_EPS)
            break;
        if (fabs(s - pr->share0) > SHARE_EPS)
            shares[n++] = s;
    }
    return n;
}

#define GRID_MAX 200    /* shares of one sweep: 1 / the least step, with room */

/* How many scenarios an assessment runs: the base, then per programme and
 * way (fixed lanes, proportional), each share of its grid. */
static size_t variant_count(const struct assess_result *r)
{
    size_t n = 1;
    for (size_t i = 0; i < r->n_prog; i++) {
        double shares[GRID_MAX];
        n += VARIANTS * grid(&r->prog[i], r->base->assessment.share_step, shares, GRID_MAX);
    }
    return n;
}

/* Each programme's points, per way: the base's share first (it stands for
 * the current share), then each share of its grid, whose variant of the
 * scenario in path (with the options of ao) is loaded into scn[*n_scn] on,
 * *n_scn counting them.  Returns 0, or -1 with *e filled (the scenarios
 * loaded so far counted in *n_scn). */
static int load_variants(struct assess_result *r, const char *path,
                         const struct assess_opts *ao, struct scenario **scn, size_t *n_scn,
                         struct err *e)
{
    const struct scenario *b = r->base;
    struct ovset ov = { .n = 0 };
    for (size_t i = 0; i < r->n_prog; i++) {
        struct prog *pr = &r->prog[i];
        double shares[GRID_MAX];
        size_t ng = grid(pr, b->assessment.share_step, shares, GRID_MAX);
        for (int v = 0; v < VARIANTS; v++) {
            if (!(pr->pts[v] = calloc(ng + 1, sizeof *pr->pts[v])))
                return err_set(e, EXIT_FAIL, "out of memory");
            pr->pts[v][pr->n_pts[v]++] = (struct point){ .share = pr->share0, .base = true };
            for (size_t k = 0; k < ng; k++) {
                struct scenario *s = NULL;
                if (variant_overrides(b, pr, shares[k], v == 1, &ov, e) == 0)
                    s = variant_load(path, ao, &ov, e);
                ovset_free(&ov);
                if (!s)
                    return -1;
                pr->pts[v][pr->n_pts[v]++] = (struct point){ .share = shares[k], .scen = *n_scn };
                scn[(*n_scn)++] = s;
            }
        }
    }
    return 0;
}

/* Programme pr's figures from the summaries of the run (sums[0] the
 * base's): its advantage at its share, in hours and money a year, each
 * point of its sweeps (sorted by share), where the advantage halves and
 * vanishes, and the finding in words.  scratch: room for the
 * replications. */
static void read_prog(struct prog *pr, struct summary *const *sums, double *scratch)
{
    struct point base;
    read_point(sums[0], pr, &base, scratch);
    pr->adv = base.adv;
    pr->adv_p95 = base.adv_p95;
    pr->prog_cross = base.prog_cross;
    pr->gen_cross = base.gen_cross;
    double k = pr->crossings / MINUTES_PER_HOUR;
    pr->hours = (struct estimate){ pr->adv.mean * k, pr->adv.ci95 * k, pr->adv.n };
    pr->usd = (struct estimate){ pr->hours.mean * pr->usd_per_hour,
                                 pr->hours.ci95 * pr->usd_per_hour, pr->adv.n };
    for (int v = 0; v < VARIANTS; v++) {
        for (size_t j = 0; j < pr->n_pts[v]; j++) {
            struct point *pt = &pr->pts[v][j];
            if (pt->base) {
                bool kept = pt->base;
                *pt = base;
                pt->share = pr->share0;
                pt->base = kept;
            } else {
                double sh = pt->share;
                size_t sc = pt->scen;
                read_point(sums[sc], pr, pt, scratch);
                pt->share = sh;
                pt->scen = sc;
            }
        }
        qsort(pr->pts[v], pr->n_pts[v], sizeof *pr->pts[v], point_cmp);
        crossings(pr, v, pr->adv.mean / 2, &pr->halves[v]);
        crossings(pr, v, 0, &pr->vanishes[v]);
    }
    finding(pr);
}

struct assess_result *assess_run(const char *path, const struct assess_opts *ao, struct err *e)
{
    struct assess_result *r = calloc(1, sizeof *r);
    struct scenario **scn = NULL;
    struct summary **sums = NULL;
    size_t n_scn = 0;
    double *scratch = NULL;
    int rc = -1;
    if (!r) {
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    if (!(r->base = scn_load_with(path, ao->sets, ao->n_sets, e)))
        goto done;
    struct scenario *b = r->base;
    if (ao->have_reps)
        b->run.replications = ao->reps;
    if (ao->have_seed)
        b->run.seed = ao->seed;
    if (ao->have_days)
        b->run.days = ao->days;
    r->reps = b->run.replications;
    if (choose(r, e) < 0)
        goto done;
    size_t cap = variant_count(r);
    scn = calloc(cap, sizeof *scn);
    sums = calloc(cap, sizeof *sums);
    scratch = malloc((size_t)r->reps * sizeof *scratch);
    if (!scn || !sums || !scratch) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    scn[n_scn++] = b;
    if (load_variants(r, path, ao, scn, &n_scn, e) < 0)
        goto done;
    if (batch_align(scn, n_scn, true) < 0) {
        err_set(e, EXIT_FAIL, "out of memory");
        goto done;
    }
    struct batch_opts bo = { .reps = r->reps, .jobs = ao->jobs, .progress = ao->progress };
    struct batch_info bi;
    if (batch_execute(scn, n_scn, &bo, sums, &bi, e) < 0)
        goto done;
    for (size_t i = 0; i < r->n_prog; i++)
        read_prog(&r->prog[i], sums, scratch);
    rc = 0;
done:
    for (size_t i = 0; i < n_scn; i++) {
        if (sums)
            sum_free(sums[i]);
        if (i > 0)
            scn_free(scn[i]);
    }
    free(sums);
    free(scn);
    free(scratch);
    if (rc < 0) {
        assess_free(r);
        return NULL;
    }
    return r;
}

/* ---- outputs ---------------------------------------------------------------- */

static int write_csv(FILE *f, const void *ctx)
{
    const struct assess_result *r = ctx;
    fputs("direction,mode,program,variant,share,general_share,base,advantage_mean_min,"
          "advantage_ci95_min,advantage_p95_min,advantage_p95_ci95_min,program_crossing_min,"
          "program_crossing_ci95_min,general_crossing_min,general_crossing_ci95_min\n", f);
    for (size_t i = 0; i < r->n_prog; i++) {
        const struct prog *pr = &r->prog[i];
        for (int v = 0; v < VARIANTS; v++)
            for (size_t j = 0; j < pr->n_pts[v]; j++) {
                const struct point *pt = &pr->pts[v][j];
                fprintf(f, "%s,%s,%s,%s", scn_direction_name(pr->q.dir),
                        scn_mode_name(pr->q.mode), scn_program_name(pr->q.prog),
                        variant_names[v]);
                out_csv_num(f, pt->share);
                out_csv_num(f, (pr->vol[PROG_GENERAL] + pr->vol[pr->q.prog]) / pr->total - pt->share);
                fprintf(f, ",%d", pt->base ? 1 : 0);
                out_csv_num(f, pt->adv.mean);
                out_csv_num(f, pt->adv.ci95);
                out_csv_num(f, pt->adv_p95.mean);
                out_csv_num(f, pt->adv_p95.ci95);
                out_csv_num(f, pt->prog_cross.mean);
                out_csv_num(f, pt->prog_cross.ci95);
                out_csv_num(f, pt->gen_cross.mean);
                out_csv_num(f, pt->gen_cross.ci95);
                fputc('\n', f);
            }
    }
    return ferror(f) ? -1 : 0;
}

static cJSON *crossing_json(const struct crossing_at *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "share", c->at);
    cJSON *rg = cJSON_AddArrayToObject(o, "range");
    cJSON_AddItemToArray(rg, cJSON_CreateNumber(c->lo));
    cJSON_AddItemToArray(rg, cJSON_CreateNumber(c->hi));
    return o;
}

static int write_json(FILE *f, const void *ctx)
{
    const struct assess_result *r = ctx;
    const struct scenario *s = r->base;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "poesim_version", POESIM_VERSION);
    cJSON_AddStringToObject(root, "scenario", s->name);
    cJSON_AddStringToObject(root, "title", s->title ? s->title : "");
    cJSON_AddStringToObject(root, "file", s->path ? s->path : "");
    cJSON_AddNumberToObject(root, "replications", r->reps);
    cJSON_AddNumberToObject(root, "seed", (double)s->run.seed);
    out_rng_json(root, &s->run);
    cJSON_AddNumberToObject(root, "days", s->run.days);
    cJSON_AddNumberToObject(root, "share_step", s->assessment.share_step);
    cJSON_AddNumberToObject(root, "price_year", s->costs.price_year);
    cJSON *arr = cJSON_AddArrayToObject(root, "programmes");
    size_t used = 0;
    char *all = calloc(r->n_prog, FINDING_LEN + 2);
    for (size_t i = 0; i < r->n_prog; i++) {
        const struct prog *pr = &r->prog[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "direction", scn_direction_name(pr->q.dir));
        cJSON_AddStringToObject(o, "mode", scn_mode_name(pr->q.mode));
        cJSON_AddStringToObject(o, "program", scn_program_name(pr->q.prog));
        cJSON_AddNumberToObject(o, "share", pr->share0);
        cJSON_AddNumberToObject(o, "share_max", pr->share_max);
        cJSON_AddNumberToObject(o, "crossings_per_member_per_year", pr->crossings);
        cJSON_AddNumberToObject(o, "usd_per_crosser_hour", pr->usd_per_hour);
        cJSON_AddItemToObject(o, "advantage_min", out_est_json(&pr->adv));
        cJSON_AddItemToObject(o, "advantage_p95_min", out_est_json(&pr->adv_p95));
        cJSON_AddItemToObject(o, "program_crossing_min", out_est_json(&pr->prog_cross));
        cJSON_AddItemToObject(o, "general_crossing_min", out_est_json(&pr->gen_cross));
        cJSON_AddItemToObject(o, "member_hours_per_year", out_est_json(&pr->hours));
        cJSON_AddItemToObject(o, "member_usd_per_year", out_est_json(&pr->usd));
        cJSON_AddStringToObject(o, "in_proportion", pr->pooled ? "officers on duty" : "lanes");
        for (int v = 0; v < VARIANTS; v++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddItemToObject(x, "halves", crossing_json(&pr->halves[v]));
            cJSON_AddItemToObject(x, "vanishes", crossing_json(&pr->vanishes[v]));
            cJSON_AddNumberToObject(x, "points", (double)pr->n_pts[v]);
            cJSON_AddItemToObject(o, variant_names[v], x);
        }
        cJSON_AddStringToObject(o, "finding", pr->finding);
        cJSON_AddItemToArray(arr, o);
        if (all)
            used += (size_t)snprintf(all + used, r->n_prog * (FINDING_LEN + 2) - used, "%s%s",
                                     i ? " " : "", pr->finding);
    }
    cJSON_AddStringToObject(root, "finding", all ? all : "");
    free(all);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return -1;
    int rc = fputs(text, f) < 0 || fputc('\n', f) == EOF ? -1 : 0;
    free(text);
    return rc;
}

int assess_write(const struct assess_result *r, const char *dir, struct err *e)
{
    const struct scenario *s = r->base;
    char settings[512];
    snprintf(settings, sizeof settings, "assessment of scenario %s from %s: seed %llu, %d day%s, "
             "%d replication%s, share step %g", s->name, s->path ? s->path : "",
             (unsigned long long)s->run.seed, s->run.days, PLURAL(s->run.days), r->reps,
             PLURAL(r->reps), s->assessment.share_step);
    struct fset_file files[] = {
        { "assess.csv", write_csv, r },
        { "assess.json", write_json, r },
    };
    static const char *const drop[] = { "report.html" };
    struct fset_meta m = { .kind = "assess", .settings = settings, .drop = drop, .n_drop = 1 };
    return fset_write(dir, files, 2, &m, e);
}

void assess_print(FILE *f, const struct assess_result *r)
{
    const struct scenario *s = r->base;
    fprintf(f, "%s%s%s\n", s->name, s->title && *s->title ? ": " : "", s->title ? s->title : "");
    fprintf(f, "%d replications of %d measured days, seed %llu, with common random numbers; the "
               "advantage is General's crossing time minus the programme's, paired within each "
               "replication; ± the 95%% interval\n\n", r->reps, s->run.days,
            (unsigned long long)s->run.seed);
    fprintf(f, "%-6s %-10s %-7s %6s %17s %15s %16s %18s\n", "dir", "mode", "program", "share",
            "advantage min", "p95 adv. min", "member h/year", "member USD/year");
    for (size_t i = 0; i < r->n_prog; i++) {
        const struct prog *pr = &r->prog[i];
        fprintf(f, "%-6s %-10s %-7s %5.1f%% %8.1f ± %-6.1f %7.1f ± %-5.1f %8.0f ± %-5.0f "
                   "%9.0f ± %-6.0f\n", scn_direction_name(pr->q.dir), scn_mode_name(pr->q.mode),
                scn_program_name(pr->q.prog), 100 * pr->share0, pr->adv.mean,
                isfinite(pr->adv.ci95) ? pr->adv.ci95 : 0.0, pr->adv_p95.mean,
                isfinite(pr->adv_p95.ci95) ? pr->adv_p95.ci95 : 0.0, pr->hours.mean,
                isfinite(pr->hours.ci95) ? pr->hours.ci95 : 0.0, pr->usd.mean,
                isfinite(pr->usd.ci95) ? pr->usd.ci95 : 0.0);
    }
    fprintf(f, "\nas the programme's share grows (General taking the difference): where its mean "
               "advantage halves and vanishes (range: the 95%% interval's ends)\n");
    for (size_t i = 0; i < r->n_prog; i++) {
        const struct prog *pr = &r->prog[i];
        for (int v = 0; v < VARIANTS; v++) {
            char h[128], z[128];
            where_text(h, sizeof h, &pr->halves[v], "halves", "halve", pr->share_max);
            where_text(z, sizeof z, &pr->vanishes[v], "vanishes", "vanish", pr->share_max);
            fprintf(f, "%-6s %-10s %-7s %-12s %s; %s\n", scn_direction_name(pr->q.dir),
                    scn_mode_name(pr->q.mode), scn_program_name(pr->q.prog),
                    v == 0 ? "lanes fixed" : pr->pooled ? "officers prop." : "lanes prop.", h, z);
        }
    }
}
