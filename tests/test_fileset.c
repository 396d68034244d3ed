/*
 * test_fileset.c - output sets that are complete or absent, and what
 * --resume reads back.
 *
 *   - SHA-256 against the FIPS 180-4 / NIST example vectors, whole and fed
 *     in odd-sized pieces;
 *   - a written set checks out; a changed byte (same size) fails the digest
 *     check only; a missing manifest, another fingerprint or another kind
 *     fail; a file dropped by a new set is gone;
 *   - a set whose writing fails keeps the previous set whole, with no
 *     temporary left; temporaries of dead processes are removed (gnuplot's
 *     images too), those of live ones kept;
 *   - fset_save replaces one file whole; on failure the old one is kept,
 *     the message names the file, and no temporary is left;
 *   - a copied set has the same bytes, manifest included;
 *   - replications.csv reads back the same doubles, so a comparison built
 *     from read-back results writes the same bytes as one from memory;
 *   - a signal during a write: the write gives up, nothing is replaced, no
 *     temporary is left, the process ends with 128 + the signal;
 *   - `poesim run` killed with SIGKILL at 40 moments spread over its run
 *     (the writes included): every time the folder is either complete by its
 *     manifest (the old result or the new one) or has no manifest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "compare.h"
#include "engine.h"
#include "fileset.h"
#include "output.h"
#include "scenario.h"
#include "digest.h"
#include "signals.h"
#include "summary.h"
#include "testutil.h"

#define MMC "tests/contract/mmc.json"

static char root[64];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/poesim-fileset-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *out, size_t n, const char *a, const char *b)
{
    snprintf(out, n, "%s/%s", a, b);
}

/* Files p and q hold the same bytes, at least one. */
static void assert_same_bytes(const char *p, const char *q)
{
    size_t n = 0, m = 0;
    char *a = slurp(p, &n), *b = slurp(q, &m);
    if (!a || !b)
        fail_msg("cannot read %s or %s", p, q);
    assert_true(n > 0);
    assert_int_equal(n, m);
    assert_memory_equal(a, b, n);
    free(a);
    free(b);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Hidden files in dir other than "." and "..": temporaries. */
static int hidden_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        n += de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void vector(const char *msg, size_t n, const char *want)
{
    char hex[DIGEST_HEX];
    digest_hex(msg, n, hex);
    assert_string_equal(hex, want);
    /* The same fed in pieces of 1, 2, 3, ... bytes. */
    struct digest c;
    unsigned char d[DIGEST_BYTES];
    digest_init(&c);
    for (size_t at = 0, k = 1; at < n; at += k, k++)
        digest_update(&c, msg + at, k < n - at ? k : n - at);
    digest_final(&c, d);
    digest_to_hex(d, hex);
    assert_string_equal(hex, want);
}

static void sha256_vectors(void **state)
{
    (void)state;
    vector("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    vector(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    static char million[1000000];
    memset(million, 'a', sizeof million);
    vector(million, sizeof million,
           "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static int write_str(FILE *f, const void *ctx)
{
    return fputs((const char *)ctx, f) < 0 ? -1 : 0;
}

static int write_fails(FILE *f, const void *ctx)
{
    (void)f;
    (void)ctx;
    return -1;
}

static void set_checks(void **state)
{
    (void)state;
    char dir[128], p[256];
    struct err e = { 0 };
    path_of(dir, sizeof dir, root, "set");
    struct fset_file a[] = { { "x.csv", write_str, "x,1\n" }, { "y.csv", write_str, "y,2\n" } };
    struct fset_meta m = { .kind = "run", .fingerprint = "f1" };
    assert_int_equal(fset_write(dir, a, 2, &m, &e), 0);
    assert_int_equal(fset_check(dir, "run", "f1", true, &e), 0);
    assert_int_equal(fset_check(dir, NULL, NULL, false, &e), 0);
    assert_int_equal(hidden_files(dir), 0);

    assert_int_equal(fset_check(dir, "run", "f2", true, &e), -1);
    assert_non_null(strstr(e.msg, "other scenarios, settings or program"));
    assert_int_equal(fset_check(dir, "batch", NULL, true, &e), -1);

    /* Same size, one byte changed: only the digest notices. */
    path_of(p, sizeof p, dir, "y.csv");
    put(p, "y,3\n");
    assert_int_equal(fset_check(dir, "run", "f1", false, &e), 0);
    assert_int_equal(fset_check(dir, "run", "f1", true, &e), -1);
    assert_non_null(strstr(e.msg, "differs from the manifest"));
    put(p, "y,22\n");
    assert_int_equal(fset_check(dir, "run", "f1", false, &e), -1);

    /* A new set without y.csv, which it drops. */
    static const char *const drop[] = { "y.csv" };
    struct fset_meta m2 = { .kind = "run", .fingerprint = "f2", .drop = drop, .n_drop = 1 };
    assert_int_equal(fset_write(dir, a, 1, &m2, &e), 0);
    assert_int_equal(access(p, F_OK), -1);
    assert_int_equal(fset_check(dir, "run", "f2", true, &e), 0);

    /* No manifest: no complete result, whatever files are there. */
    path_of(p, sizeof p, dir, FSET_MANIFEST);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(fset_check(dir, NULL, NULL, false, &e), -1);
    assert_non_null(strstr(e.msg, "no manifest.json"));
}

static void failed_write_keeps_previous(void **state)
{
    (void)state;
    char dir[128], p[256];
    struct err e = { 0 };
    path_of(dir, sizeof dir, root, "keep");
    struct fset_file a[] = { { "x.csv", write_str, "old x\n" }, { "y.csv", write_str, "old y\n" } };
    struct fset_meta m = { .kind = "run", .fingerprint = "old" };
    assert_int_equal(fset_write(dir, a, 2, &m, &e), 0);
    path_of(p, sizeof p, dir, FSET_MANIFEST);
    size_t nb = 0, na = 0;
    char *before = slurp(p, &nb);
    assert_non_null(before);

    struct fset_file b[] = { { "x.csv", write_str, "new x\n" }, { "y.csv", write_fails, NULL } };
    struct fset_meta m2 = { .kind = "run", .fingerprint = "new" };
    assert_int_equal(fset_write(dir, b, 2, &m2, &e), -1);
    assert_int_equal(e.code, EXIT_FAIL);
    assert_int_equal(fset_check(dir, "run", "old", true, &e), 0);
    char *after = slurp(p, &na);
    assert_non_null(after);
    assert_int_equal(na, nb);
    assert_memory_equal(before, after, nb);
    free(before);
    free(after);
    assert_int_equal(hidden_files(dir), 0);

    /* Temporaries of a process that is gone are removed; others kept. */
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    assert_true(dead > 0);
    waitpid(dead, NULL, 0);
    char stale[256], live[256], name[64];
    snprintf(name, sizeof name, ".x.csv.tmp.%ld", (long)dead);
    path_of(stale, sizeof stale, dir, name);
    snprintf(name, sizeof name, ".x.csv.tmp.%ld", (long)getppid());
    path_of(live, sizeof live, dir, name);
    put(stale, "partial");
    put(live, "partial");
    /* An image gnuplot drew under a temporary name has its format after the
     * process id; a name that only looks like one is not touched. */
    char stale_img[256], live_img[256], other[256];
    snprintf(name, sizeof name, ".plot.tmp.%ld.png", (long)dead);
    path_of(stale_img, sizeof stale_img, dir, name);
    snprintf(name, sizeof name, ".plot.tmp.%ld.svg", (long)getppid());
    path_of(live_img, sizeof live_img, dir, name);
    snprintf(name, sizeof name, ".plot.tmp.%ld.png~", (long)dead);
    path_of(other, sizeof other, dir, name);
    put(stale_img, "partial");
    put(live_img, "partial");
    put(other, "a user's file");
    fset_clean(dir);
    assert_int_equal(access(stale, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);
    assert_int_equal(access(stale_img, F_OK), -1);
    assert_int_equal(access(live_img, F_OK), 0);
    assert_int_equal(access(other, F_OK), 0);
    unlink(live);
    unlink(live_img);
    unlink(other);
}

/* fset_save replaces one file whole, leaves no temporary, and on failure
 * keeps the old file and says which file and why. */
static void save_one_file(void **state)
{
    (void)state;
    char dir[128], p[256];
    struct err e = { 0 };
    path_of(dir, sizeof dir, root, "save");
    assert_int_equal(fset_mkdirs(dir, &e), 0);
    path_of(p, sizeof p, dir, "report.html");
    assert_int_equal(fset_save(dir, "report.html", "old\n", 4, &e), 0);
    assert_int_equal(fset_save(dir, "report.html", "new text\n", 9, &e), 0);
    size_t n = 0;
    char *text = slurp(p, &n);
    assert_non_null(text);
    assert_int_equal(n, 9);
    assert_memory_equal(text, "new text\n", 9);
    free(text);
    assert_int_equal(hidden_files(dir), 0);

    /* A folder in the way of the file: rename fails, the folder stays. */
    char in_way[256];
    path_of(in_way, sizeof in_way, dir, "plots");
    assert_int_equal(mkdir(in_way, 0777), 0);
    assert_int_equal(fset_save(dir, "plots", "x", 1, &e), -1);
    assert_int_equal(e.code, EXIT_FAIL);
    assert_non_null(strstr(e.msg, "/save/plots: cannot write: "));
    assert_int_equal(hidden_files(dir), 0);

    /* A folder that does not exist. */
    path_of(p, sizeof p, dir, "none");
    assert_int_equal(fset_save(p, "x.dat", "x", 1, &e), -1);
    assert_int_equal(e.code, EXIT_FAIL);
    assert_non_null(strstr(e.msg, "none/x.dat: cannot write: No such file or directory"));
}

/* fset_ready: a folder that exists or could be created passes and nothing
 * is created; a file in the way of it, or of one of its ancestors, fails
 * with the file named. */
static void ready_before_work(void **state)
{
    (void)state;
    char dir[128], deep[256], file[192], under[256];
    struct err e = { 0 };
    struct stat st;
    path_of(dir, sizeof dir, root, "ready");
    assert_int_equal(fset_mkdirs(dir, &e), 0);
    assert_int_equal(fset_ready(dir, &e), 0);
    path_of(deep, sizeof deep, dir, "a/b/c/");
    assert_int_equal(fset_ready(deep, &e), 0);
    path_of(deep, sizeof deep, dir, "a");
    assert_int_equal(stat(deep, &st), -1);          /* nothing created */
    assert_int_equal(fset_ready("relative-folder-that-does-not-exist/x", &e), 0);

    path_of(file, sizeof file, dir, "f");
    put(file, "x\n");
    e.msg[0] = '\0';
    assert_int_equal(fset_ready(file, &e), -1);
    assert_int_equal(e.code, EXIT_FAIL);
    assert_non_null(strstr(e.msg, "cannot create the output folder: Not a directory"));
    path_of(under, sizeof under, file, "x/y");
    assert_int_equal(fset_ready(under, &e), -1);
    assert_non_null(strstr(e.msg, "/ready/f is a file)"));
    assert_int_equal(fset_ready("", &e), -1);

    /* What made a set: its manifest's kind, fingerprint and settings. */
    struct fset_about a;
    assert_int_equal(fset_about(dir, &a), -1);
    assert_string_equal(a.kind, "");
    struct fset_meta m = { .kind = "run", .fingerprint = "abc", .settings = "seed 7" };
    assert_int_equal(fset_write(dir, NULL, 0, &m, &e), 0);
    assert_int_equal(fset_about(dir, &a), 0);
    assert_string_equal(a.kind, "run");
    assert_string_equal(a.fingerprint, "abc");
    assert_string_equal(a.settings, "seed 7");
}

static void copy_same_bytes(void **state)
{
    (void)state;
    char from[128], to[128], p[256], q[256];
    struct err e = { 0 };
    path_of(from, sizeof from, root, "from");
    path_of(to, sizeof to, root, "to");
    struct fset_file a[] = { { "x.csv", write_str, "x\n" } };
    struct fset_meta m = { .kind = "point", .fingerprint = "c" };
    assert_int_equal(fset_write(from, a, 1, &m, &e), 0);
    path_of(p, sizeof p, to, "lanes.csv");
    assert_int_equal(fset_mkdirs(to, &e), 0);
    put(p, "stale");
    static const char *const drop[] = { "lanes.csv" };
    assert_int_equal(fset_copy(from, to, drop, 1, &e), 0);
    assert_int_equal(access(p, F_OK), -1);
    assert_int_equal(fset_check(to, "point", "c", true, &e), 0);
    path_of(p, sizeof p, from, FSET_MANIFEST);
    path_of(q, sizeof q, to, FSET_MANIFEST);
    assert_same_bytes(p, q);
    assert_int_equal(hidden_files(to), 0);
}

static bool same_double(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* replications.csv gives back the same doubles, and a comparison of
 * read-back results writes the bytes of one built in memory. */
static void replications_round_trip(void **state)
{
    (void)state;
    struct err e = { 0 };
    struct scn_override ov = { "lanes[general].lanes", "6" };
    struct scenario *s[2] = { scn_load(MMC, &e), scn_load_with(MMC, &ov, 1, &e) };
    assert_non_null(s[0]);
    assert_non_null(s[1]);
    snprintf(s[1]->name, sizeof s[1]->name, "six");
    struct summary *mem[2], *back[2];
    char dir[2][128], sub[2][256];
    path_of(dir[0], sizeof dir[0], root, "cmp-mem");
    path_of(dir[1], sizeof dir[1], root, "cmp-back");
    for (int i = 0; i < 2; i++) {
        s[i]->run.replications = 4;
        s[i]->run.days = 2;
        assert_int_equal(engine_run(s[i], &mem[i], &e), 0);
        for (int k = 0; k < 2; k++) {
            path_of(sub[k], sizeof sub[k], dir[k], s[i]->name);
            assert_int_equal(out_write_unit(sub[k], s[i], mem[i], OUT_RUN, "fp", &e), 0);
        }
        back[i] = out_read_replications(sub[1], s[i], 4, &e);
        if (!back[i])
            fail_msg("%s", e.msg);
        assert_int_equal(back[i]->n_groups, mem[i]->n_groups);
        for (int m = 0; m < M_COUNT; m++)
            for (size_t g = 0; g <= mem[i]->n_groups; g++)
                for (size_t r = 0; r < 4; r++)
                    assert_true(same_double(*sum_value(mem[i], (enum metric)m, g, r),
                                            *sum_value(back[i], (enum metric)m, g, r)));
    }
    /* The wrong count of replications is refused. */
    assert_null(out_read_replications(sub[1], s[1], 5, &e));
    struct comparison *cm = cmp_build((const struct scenario *const *)s,
                                      (const struct summary *const *)mem, 2, &e);
    struct comparison *cb = cmp_build((const struct scenario *const *)s,
                                      (const struct summary *const *)back, 2, &e);
    assert_non_null(cm);
    assert_non_null(cb);
    assert_int_equal(out_write_comparison(dir[0], cm, (const struct scenario *const *)s, "b", &e), 0);
    assert_int_equal(out_write_comparison(dir[1], cb, (const struct scenario *const *)s, "b", &e), 0);
    static const char *const files[] = { "comparison.csv", "comparison.json", "benefit_cost.csv",
                                         FSET_MANIFEST };
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char p[256], q[256];
        path_of(p, sizeof p, dir[0], files[k]);
        path_of(q, sizeof q, dir[1], files[k]);
        assert_same_bytes(p, q);
    }
    assert_int_equal(fset_check(dir[1], "batch", "b", true, &e), 0);
    cmp_free(cm);
    cmp_free(cb);
    for (int i = 0; i < 2; i++) {
        sum_free(mem[i]);
        sum_free(back[i]);
        scn_free(s[i]);
    }
}

/* A signal while a set is written: nothing replaced, no temporary, status
 * 128 + signal once the writer lets go. */
static void signal_during_write(void **state)
{
    (void)state;
    char dir[128];
    struct err e = { 0 };
    path_of(dir, sizeof dir, root, "sig");
    struct fset_file a[] = { { "x.csv", write_str, "old\n" } };
    struct fset_meta m = { .kind = "run", .fingerprint = "old" };
    assert_int_equal(fset_write(dir, a, 1, &m, &e), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        sig_install("test");
        sig_hold();
        raise(SIGTERM);         /* recorded, not acted on: we hold */
        struct fset_file b[] = { { "x.csv", write_str, "new\n" }, { "y.csv", write_str, "y\n" } };
        struct fset_meta m2 = { .kind = "run", .fingerprint = "new" };
        int rc = fset_write(dir, b, 2, &m2, &e);
        if (rc != -1 || e.code != sig_status(SIGTERM) || sig_caught() != SIGTERM)
            _exit(3);
        sig_release();          /* ends the process */
        _exit(4);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 128 + SIGTERM);
    assert_int_equal(fset_check(dir, "run", "old", true, &e), 0);
    assert_int_equal(hidden_files(dir), 0);
    char p[256];
    path_of(p, sizeof p, dir, "y.csv");
    assert_int_equal(access(p, F_OK), -1);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* Start `poesim run` with seed `seed` into dir; kill it with SIGKILL after
 * `after` seconds (< 0: let it finish).  Returns its wait status. */
static int run_poesim(const char *dir, int seed, double after)
{
    char s[32];
    snprintf(s, sizeof s, "%d", seed);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, STDOUT_FILENO);
        dup2(nul, STDERR_FILENO);
        /* $POESIM under make sanitize, which builds no ./poesim. */
        const char *bin = getenv("POESIM") ? getenv("POESIM") : "./poesim";
        execl(bin, "poesim", "run", MMC, "--days", "3", "--reps", "2", "--jobs", "1",
              "--seed", s, "--no-plots", "--quiet", "--out", dir, (char *)NULL);
        _exit(127);
    }
    if (after >= 0) {
        struct timespec t = { (time_t)after, (long)((after - floor(after)) * 1e9) };
        nanosleep(&t, NULL);
        kill(pid, SIGKILL);
    }
    int st;
    waitpid(pid, &st, 0);
    return st;
}

static void killed_at_any_moment(void **state)
{
    (void)state;
    char dir[128];
    struct err e = { 0 };
    path_of(dir, sizeof dir, root, "killed");
    double t0 = now_s();
    int st = run_poesim(dir, 1, -1);
    double span = now_s() - t0;
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_int_equal(fset_check(dir, "run", NULL, true, &e), 0);
    int complete = 0, none = 0, killed = 0;
    for (int k = 1; k <= 40; k++) {
        st = run_poesim(dir, 1 + k % 2, span * 1.2 * k / 40);
        killed += WIFSIGNALED(st);
        if (fset_check(dir, "run", NULL, false, &e) == 0) {
            /* Complete by its manifest: then every digest matches too. */
            if (fset_check(dir, "run", NULL, true, &e) != 0)
                fail_msg("kill %d: a manifest with a damaged set: %s", k, e.msg);
            complete++;
        } else {
            if (!strstr(e.msg, "no manifest.json"))
                fail_msg("kill %d: neither complete nor without manifest: %s", k, e.msg);
            none++;
        }
    }
    print_message("40 kills: %d while running, %d left a complete set, %d none\n", killed,
                  complete, none);
    assert_true(killed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),
        cmocka_unit_test(set_checks),
        cmocka_unit_test(failed_write_keeps_previous),
        cmocka_unit_test(save_one_file),
        cmocka_unit_test(ready_before_work),
        cmocka_unit_test(copy_same_bytes),
        cmocka_unit_test(replications_round_trip),
        cmocka_unit_test(signal_during_write),
        cmocka_unit_test(killed_at_any_moment),
    };
    return cmocka_run_group_tests_name("fileset", tests, setup, teardown);
}
