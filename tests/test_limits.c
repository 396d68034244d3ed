/*
 * test_limits.c - the loader's limits that a file in tests/bad/ cannot show:
 * the size of a file (16 MiB, both sides of the bound), a base that is a
 * FIFO (refused at once, not waited on), and the limits on --set values
 * (nesting counted from the top of the scenario, text, object size), and
 * that a message cut at its buffer's size stays UTF-8.
 *
 * Each case builds its input at run time in a private temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scenario.h"

#define MIB (1024L * 1024)
#define FILE_MAX_BYTES (16 * MIB)       /* the documented bound */
#define DEPTH_MAX 16                    /* the documented nesting bound */
#define MEMBERS_MAX 256
#define GUARD_SECONDS 20                /* a hang fails the test instead of the suite */

static const char small[] =
    "{\"name\":\"limits\",\"run\":{\"days\":1,\"replications\":1},"
    "\"demand\":[{\"name\":\"cars\",\"direction\":\"north\",\"mode\":\"pov\",\"per_day\":100}],"
    "\"lanes\":[{\"name\":\"pov\",\"direction\":\"north\",\"mode\":\"pov\",\"lanes\":1}],"
    "\"service\":{\"pov.general\":{\"dist\":\"exponential\",\"mean_s\":60}}}";

static char dir[] = "/tmp/poesim-limits-XXXXXX";

static int setup(void **state)
{
    (void)state;
    alarm(GUARD_SECONDS);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"big.json", "over.json", "leaf.json", "fifo", "base.json"};
    char path[FILENAME_MAX];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

/* Write `small` followed by white space up to `size` bytes into dir/name. */
static void write_padded(const char *name, long size, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(small, 1, sizeof small - 1, f), sizeof small - 1);
    for (long i = (long)sizeof small - 1; i < size; i++)
        fputc(i % 64 == 63 ? '\n' : ' ', f);
    assert_int_equal(fclose(f), 0);
}

static void assert_refused(struct scenario *s, const struct err *e, const char *want)
{
    if (s) {
        scn_free(s);
        fail_msg("loaded, but should have been refused with \"%s\"", want);
    }
    assert_int_equal(e->code, EXIT_USAGE);
    if (!strstr(e->msg, want))
        fail_msg("message\n  %s\ndoes not contain\n  %s", e->msg, want);
}

/* A file of exactly 16 MiB loads; one byte more is refused, as the leaf
 * and as a base. */
static void test_file_size(void **state)
{
    (void)state;
    char big[FILENAME_MAX], over[FILENAME_MAX], leaf[FILENAME_MAX], want[FILENAME_MAX + 64];
    struct err e = {0};
    write_padded("big.json", FILE_MAX_BYTES, big, sizeof big);
    struct scenario *s = scn_load(big, &e);
    if (!s)
        fail_msg("a file of exactly 16 MiB: %s", e.msg);
    scn_free(s);

    write_padded("over.json", FILE_MAX_BYTES + 1, over, sizeof over);
    snprintf(want, sizeof want, "%s: the file is larger than 16 MiB", over);
    assert_refused(scn_load(over, &e), &e, want);

    snprintf(leaf, sizeof leaf, "%s/leaf.json", dir);
    FILE *f = fopen(leaf, "w");
    assert_non_null(f);
    fputs("{\"extends\": \"over.json\", \"name\": \"leaf\"}", f);
    fclose(f);
    assert_refused(scn_load(leaf, &e), &e, want);

    /* From memory too. */
    char *text = malloc((size_t)FILE_MAX_BYTES + 1);
    assert_non_null(text);
    memset(text, ' ', (size_t)FILE_MAX_BYTES + 1);
    memcpy(text, small, sizeof small - 1);
    assert_refused(scn_parse(text, (size_t)FILE_MAX_BYTES + 1, "mem.json", &e), &e,
                   "mem.json: the file is larger than 16 MiB");
    free(text);
}

/* A base that is a FIFO would block the loader until someone wrote to it:
 * it is refused at once (the alarm of setup guards against a hang). */
static void test_base_fifo(void **state)
{
    (void)state;
    char fifo[FILENAME_MAX], leaf[FILENAME_MAX];
    struct err e = {0};
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    snprintf(leaf, sizeof leaf, "%s/leaf.json", dir);
    FILE *f = fopen(leaf, "w");
    assert_non_null(f);
    fputs("{\"extends\": \"fifo\", \"name\": \"leaf\"}", f);
    fclose(f);
    assert_refused(scn_load(leaf, &e), &e, "extends: \"fifo\"");
    assert_refused(scn_load(leaf, &e), &e, "is not a regular file");
}

static struct scenario *with_set(const char *path, const char *value, struct err *e)
{
    struct scn_override ov = {path, value};
    return scn_parse_with(small, sizeof small - 1, "small.json", &ov, 1, e);
}

/* Nesting counts from the top of the scenario: the path's steps and the
 * value's own levels together at most 16. */
static void test_set_depth(void **state)
{
    (void)state;
    char path[256] = "", value[256] = "1";
    struct err e = {0};
    /* notes.a.b... : 15 steps then a value of one level is 16: the loader
     * takes it as far as the shape (notes must be an array). */
    for (int i = 0; i < DEPTH_MAX - 1; i++)
        strcat(path, i ? ".k" : "notes");
    assert_refused(with_set(path, "[1]", &e), &e, "notes: expected an array of strings");
    assert_refused(with_set(path, "[[1]]", &e), &e,
                   "nesting deeper than 16 levels of objects and arrays (the path's 15 and the "
                   "value's 2)");
    /* A value alone deeper than 16. */
    for (int i = 0; i < DEPTH_MAX; i++) {
        memmove(value + 1, value, strlen(value) + 1);
        value[0] = '[';
        strcat(value, "]");
    }
    assert_refused(with_set("notes", value, &e), &e, "nesting deeper than 16 levels");
}

/* A value's text follows the rules of a file's. */
static void test_set_text(void **state)
{
    (void)state;
    struct err e = {0};
    assert_refused(with_set("title", "\"a\\u0000b\"", &e), &e,
                   "--set title=\"a\\u0000b\": the value has a NUL character (\\u0000) in a string");
    assert_refused(with_set("title", "a\xe9", &e), &e, "the value is not UTF-8 (byte 0xE9)");
    assert_refused(with_set("title", "a\tb", &e), &e,
                   "title: expected text on one line without control characters");
    struct scenario *s = with_set("title", "Tijuana \xe2\x80\x93 San Diego", &e);
    if (!s)
        fail_msg("a UTF-8 title: %s", e.msg);
    assert_string_equal(s->title, "Tijuana \xe2\x80\x93 San Diego");
    scn_free(s);
}

/* An object value of more than 256 members is refused before the merge. */
static void test_set_members(void **state)
{
    (void)state;
    struct err e = {0};
    size_t n = 16 * (MEMBERS_MAX + 1) + 8;
    char *value = malloc(n);
    assert_non_null(value);
    size_t used = (size_t)snprintf(value, n, "{");
    for (int i = 0; i <= MEMBERS_MAX; i++)
        used += (size_t)snprintf(value + used, n - used, "%s\"k%d\":1", i ? "," : "", i);
    snprintf(value + used, n - used, "}");
    assert_refused(with_set("costs", value, &e), &e,
                   "costs: expected an object of at most 256 members, got 257");
    free(value);
}

/* A message cut at its buffer's size never ends inside a UTF-8
 * character. */
static void test_message_cut(void **state)
{
    (void)state;
    struct err e = {0};
    char text[ERR_MSG_MAX];
    memset(text, 'x', sizeof text);
    text[ERR_MSG_MAX - 2] = '\0';      /* 1022 x, then a 2-byte character */
    err_set(&e, EXIT_USAGE, "%s\xc3\xa9", text);
    assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 2);     /* the whole e-acute dropped */
    text[ERR_MSG_MAX - 3] = '\0';      /* 1021 x: the character fits */
    err_set(&e, EXIT_USAGE, "%s\xc3\xa9", text);
    assert_string_equal(e.msg + ERR_MSG_MAX - 3, "\xc3\xa9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_size),
        cmocka_unit_test(test_base_fifo),
        cmocka_unit_test(test_set_depth),
        cmocka_unit_test(test_set_text),
        cmocka_unit_test(test_set_members),
        cmocka_unit_test(test_message_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
