/*
 * resume.c - fingerprints, results kept aside, --resume and the final
 * commit of a job (resume.h).
 *
 * A fingerprint is the SHA-256 of a short text, one "key value" line per
 * thing the outputs depend on; the text is never stored, only its digest
 * (the manifest's "settings" line says the main settings for people).  Jobs
 * are at most 10001 scenarios (a sweep) read from a handful of files, so
 * each distinct file's merged content is read once and kept as a digest.
 */
#include "resume.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileset.h"
#include "output.h"
#include "digest.h"
#include "signals.h"
#include "version.h"

/* A digest of the program's sources, set by the Makefile; a program built
 * otherwise is known by its version only. */
#ifndef POESIM_SOURCE_DIGEST
#define POESIM_SOURCE_DIGEST "unknown"
#endif

enum where { W_NONE, W_STAGED, W_IN_PLACE };

struct source {
    char *file;
    char digest[DIGEST_HEX];        /* of the merged content when read */
};

struct unit {
    struct scenario *s;
    size_t src;
    char *ov;                       /* "set PATH=VALUE\n" lines */
    char fp[DIGEST_HEX];            /* "" until computed */
    enum where where;
};

struct resume {
    char dir[FSET_PATH_MAX];
    char stage[FSET_PATH_MAX];
    enum resume_kind kind;
    size_t n;
    struct unit *u;
    struct source *src;
    size_t n_src;
    int reps;
    double target_hw;
    int max_reps;
    char fp[DIGEST_HEX];            /* the job's */
};

static const char *const drop_run[] = { "lanes.csv", "report.html" };
static const char *const drop_top[] = { "report.html" };

struct resume *resume_new(const char *dir, enum resume_kind kind, size_t n, int reps,
                          double target_hw, int max_reps, struct err *e)
{
    struct resume *r = calloc(1, sizeof *r);
    if (!r || !(r->u = calloc(n ? n : 1, sizeof *r->u))
        || !(r->src = calloc(n ? n : 1, sizeof *r->src))) {
        resume_free(r);
        err_set(e, EXIT_FAIL, "out of memory");
        return NULL;
    }
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    snprintf(r->stage, sizeof r->stage, "%s/%s", dir, RESUME_STAGE);
    r->kind = kind;
    r->n = n;
    r->reps = reps;
    r->target_hw = target_hw;
    r->max_reps = max_reps;
    return r;
}

void resume_free(struct resume *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->u && i < r->n; i++)
        free(r->u[i].ov);
    for (size_t i = 0; i < r->n_src; i++)
        free(r->src[i].file);
    free(r->u);
    free(r->src);
    free(r);
}

/* The job's kind, as manifests name it. */
static const char *job_kind(const struct resume *r)
{
    return r->kind == RESUME_SWEEP ? "sweep" : r->kind == RESUME_BATCH ? "batch" : "run";
}

/* The digest of file's merged content; -1 with *e if it cannot be read. */
static int content_digest(const char *file, char hex[DIGEST_HEX], struct err *e)
{
    char *text = scn_merged_text(file, NULL, 0, e);
    if (!text)
        return -1;
    digest_hex(text, strlen(text), hex);
    free(text);
    return 0;
}

int resume_add(struct resume *r, size_t i, struct scenario *s, const char *file,
               const struct scn_override *ov, size_t n_ov, struct err *e)
{
    if (s->name[0] == '.')
        return err_set(e, EXIT_USAGE, "%s: scenario name \"%s\" starts with '.': it names an "
                       "output folder, which would be hidden; give it another \"name\"", file,
                       s->name);
    struct unit *u = &r->u[i];
    u->s = s;
    size_t k = 0;
    while (k < r->n_src && strcmp(r->src[k].file, file) != 0)
        k++;
    if (k == r->n_src) {
        if (!(r->src[k].file = strdup(file)))
            return err_set(e, EXIT_FAIL, "out of memory");
        r->n_src++;
        if (content_digest(file, r->src[k].digest, e) < 0)
            return -1;
    }
    u->src = k;
    size_t len = 1;
    for (size_t j = 0; j < n_ov; j++)
        len += strlen(ov[j].path) + strlen(ov[j].value) + 6;
    if (!(u->ov = malloc(len)))
        return err_set(e, EXIT_FAIL, "out of memory");
    u->ov[0] = '\0';
    for (size_t j = 0; j < n_ov; j++) {
        strcat(u->ov, "set ");
        strcat(u->ov, ov[j].path);
        strcat(u->ov, "=");
        strcat(u->ov, ov[j].value);
        strcat(u->ov, "\n");
    }
    return 0;
}

void resume_set_reps(struct resume *r, int reps)
{
    r->reps = reps;
    for (size_t i = 0; i < r->n; i++)
        r->u[i].fp[0] = '\0';
    r->fp[0] = '\0';
}

static void digest_lines(struct digest *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void digest_lines(struct digest *c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        digest_update(c, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *unit_kind(const struct resume *r)
{
    return r->kind == RESUME_SWEEP ? "point" : "run";
}

const char *resume_fingerprint(struct resume *r, size_t i)
{
    struct digest c;
    unsigned char d[DIGEST_BYTES];
    if (i == r->n) {
        if (!r->fp[0]) {
            digest_init(&c);
            digest_lines(&c, "poesim %s\nkind %s\nreplications %d\n", job_kind(r),
                         unit_kind(r), r->reps);
            for (size_t k = 0; k < r->n; k++)
                digest_lines(&c, "scenario %s\n", resume_fingerprint(r, k));
            digest_final(&c, d);
            digest_to_hex(d, r->fp);
        }
        return r->fp;
    }
    struct unit *u = &r->u[i];
    if (!u->fp[0]) {
        const struct run *run = &u->s->run;
        digest_init(&c);
        digest_lines(&c, "poesim %s\nsources %s\noutputs %s\n", POESIM_VERSION,
                     POESIM_SOURCE_DIGEST, unit_kind(r));
        digest_lines(&c, "name %s\nfile %s\ncontent %s\n", u->s->name, r->src[u->src].file,
                     r->src[u->src].digest);
        digest_update(&c, u->ov, strlen(u->ov));
        digest_lines(&c, "seed %llu\ndays %d\nwarmup_days %d\nstart %s\nreplications %d\n",
                     (unsigned long long)run->seed, run->days, run->warmup_days,
                     scn_weekday_name(run->start), r->reps);
        if (run->has_date)      /* a run on calendar dates: which ones */
            digest_lines(&c, "start_date %ld\n", run->start_date);
        if (run->rng != RNG_MRG32K3A)   /* the default adds nothing: fingerprints as before */
            digest_lines(&c, "rng %s\n", rng_kind_names[run->rng]);
        if (r->target_hw > 0)
            digest_lines(&c, "target_halfwidth_min %.17g\nmax_replications %d\n", r->target_hw,
                         r->max_reps);
        digest_final(&c, d);
        digest_to_hex(d, u->fp);
    }
    return u->fp;
}

/* Remove the folder of results kept aside: it holds folders of plain files
 * (complete sets, or the remains of a killed write), nothing else. */
static void remove_stage(const char *stage)
{
    DIR *d = opendir(stage);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char sub[FSET_PATH_MAX];
        if (fset_join(sub, stage, de->d_name) < 0)
            continue;
        DIR *s = opendir(sub);
        if (!s) {
            unlink(sub);
            continue;
        }
        struct dirent *f;
        while ((f = readdir(s))) {
            char p[FSET_PATH_MAX];
            if (strcmp(f->d_name, ".") && strcmp(f->d_name, "..") && fset_join(p, sub, f->d_name) == 0)
                unlink(p);
        }
        closedir(s);
        rmdir(sub);
    }
    closedir(d);
    rmdir(stage);
}

bool resume_complete(struct resume *r)
{
    struct err e = { 0 };
    if (fset_check(r->dir, job_kind(r), resume_fingerprint(r, r->n), true, &e) < 0)
        return false;
    sig_hold();
    remove_stage(r->stage);         /* what a run killed while removing it left */
    sig_release();
    return true;
}

static bool has_manifest(const char *dir)
{
    char p[FSET_PATH_MAX];
    struct stat st;
    return fset_join(p, dir, FSET_MANIFEST) == 0 && stat(p, &st) == 0;
}

struct summary *resume_load(struct resume *r, size_t i, bool quiet)
{
    struct unit *u = &r->u[i];
    const char *fp = resume_fingerprint(r, i);
    char where[2][FSET_PATH_MAX];
    int n_where = 0;
    if (fset_join(where[n_where], r->stage, u->s->name) == 0)
        n_where++;
    if (r->kind == RESUME_BATCH && fset_join(where[n_where], r->dir, u->s->name) == 0)
        n_where++;
    for (int k = 0; k < n_where; k++) {
        if (!has_manifest(where[k]))
            continue;
        struct err e = { 0 };
        struct summary *sum = NULL;
        if (fset_check(where[k], unit_kind(r), fp, true, &e) == 0
            && (sum = out_read_replications(where[k], u->s, r->reps, &e))) {
            u->where = k == 0 ? W_STAGED : W_IN_PLACE;
            return sum;
        }
        if (!quiet)
            fprintf(stderr, "poesim: resume: %s: not the results of this scenario and these "
                            "settings (%s); it runs again\n", u->s->name, e.msg);
    }
    return NULL;
}

/* Has source k changed?  0, or -1 with *e. */
static int check_source(struct resume *r, size_t k, struct err *e)
{
    const char *what = job_kind(r);
    char hex[DIGEST_HEX];
    struct err le = { 0 };
    const char *resumable = r->kind == RESUME_RUN ? ""
                          : "; with --resume, the scenarios finished before the change are "
                            "not run again";
    if (content_digest(r->src[k].file, hex, &le) < 0)
        return err_set(e, EXIT_FAIL, "%s changed while the %s ran and cannot be read now (%s); "
                       "nothing was written to %s%s", r->src[k].file, what, le.msg, r->dir,
                       resumable);
    if (strcmp(hex, r->src[k].digest) != 0)
        return err_set(e, EXIT_FAIL, "%s changed while the %s ran (its results would not match "
                       "the file); nothing was written to %s: run it again%s",
                       r->src[k].file, what, r->dir, resumable);
    return 0;
}

int resume_unchanged(struct resume *r, struct err *e)
{
    for (size_t k = 0; k < r->n_src; k++)
        if (check_source(r, k, e) < 0)
            return -1;
    return 0;
}

int resume_stage(struct resume *r, size_t i, const struct summary *sum, struct err *e)
{
    struct unit *u = &r->u[i];
    char dir[FSET_PATH_MAX];
    if (check_source(r, u->src, e) < 0)
        return -1;
    if (fset_join(dir, r->stage, u->s->name) < 0)
        return err_set(e, EXIT_FAIL, "%s/%s: path too long", r->stage, u->s->name);
    if (out_write_unit(dir, u->s, sum, r->kind == RESUME_SWEEP ? OUT_POINT : OUT_RUN,
                       resume_fingerprint(r, i), e) < 0)
        return -1;
    u->where = W_STAGED;
    for (size_t k = 0; k < r->n_src; k++)
        if (k != u->src && check_source(r, k, e) < 0)
            return -1;
    return 0;
}

int resume_commit(struct resume *r, struct summary *const *sums,
                  int (*write_top)(void *ctx, const char *fingerprint, struct err *e),
                  void *ctx, struct err *e)
{
    int rc = -1;
    sig_hold();
    if (resume_unchanged(r, e) < 0 || fset_mkdirs(r->dir, e) < 0
        || fset_unmark(r->dir, drop_top, 1, e) < 0)
        goto out;
    for (size_t i = 0; r->kind == RESUME_BATCH && i < r->n; i++) {
        struct unit *u = &r->u[i];
        char from[FSET_PATH_MAX], to[FSET_PATH_MAX];
        if (fset_join(from, r->stage, u->s->name) < 0 || fset_join(to, r->dir, u->s->name) < 0) {
            err_set(e, EXIT_FAIL, "%s/%s: path too long", r->dir, u->s->name);
            goto out;
        }
        if (u->where == W_STAGED && fset_copy(from, to, drop_run, 2, e) < 0)
            goto out;
        if (u->where == W_NONE
            && out_write_unit(to, u->s, sums[i], OUT_RUN, resume_fingerprint(r, i), e) < 0)
            goto out;
    }
    if (write_top(ctx, resume_fingerprint(r, r->n), e) < 0)
        goto out;
    remove_stage(r->stage);
    rc = 0;
out:
    sig_release();
    return rc;
}
