/*
 * test_extends.c - proposals as small files ("extends"), overrides (--set)
 * and the --set argument parser.
 *
 * The fixtures are in tests/extends/: a three-level chain
 * proposals/c.json -> b.json -> a.json, in which every merge rule is used
 * once (objects by key, arrays of named items by name: update, append,
 * remove; null to bring a default back; other arrays replace), and small
 * files that each break one rule.  Every value of the merged scenario is
 * checked against what the files say, by hand.  Errors must start with the
 * path of the file that set the offending value.  Run from the repository
 * root (tests/run.sh does).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scenario.h"
#include "testutil.h"

#define EPS 1e-12
#define DIR "tests/extends/"
#define LEAF DIR "proposals/c.json"
#define CHAIN_LINKS_MAX 16      /* the documented depth limit */

/* e->msg starts with prefix. */
#define assert_starts(msg, prefix) assert_starts_at((msg), (prefix), __FILE__, __LINE__)
static void assert_starts_at(const char *msg, const char *prefix, const char *file, int line)
{
    if (strncmp(msg, prefix, strlen(prefix)) != 0) {
        print_error("message\n  %s\ndoes not start with\n  %s\n", msg, prefix);
        _fail(file, line);
    }
}

#define assert_contains(msg, part) assert_contains_at((msg), (part), __FILE__, __LINE__)
static void assert_contains_at(const char *msg, const char *part, const char *file, int line)
{
    if (!strstr(msg, part)) {
        print_error("message\n  %s\ndoes not contain\n  %s\n", msg, part);
        _fail(file, line);
    }
}

static struct scenario *load_ok(const char *path, const struct scn_override *ov, size_t n)
{
    struct err e = {0};
    struct scenario *s = scn_load_with(path, ov, n, &e);
    if (!s)
        fail_msg("%s did not load: %s", path, e.msg);
    return s;
}

/* Load path with the overrides; it must fail with EXIT_USAGE.  Returns the
 * message in *e. */
static void load_bad(const char *path, const struct scn_override *ov, size_t n, struct err *e)
{
    struct scenario *s = scn_load_with(path, ov, n, e);
    if (s) {
        scn_free(s);
        fail_msg("%s loaded, but should have been refused", path);
    }
    assert_int_equal(e->code, EXIT_USAGE);
}

/* The demand stream / lane group named `name` (the test fails if there is
 * none; a blank one is returned so that the caller needs no check). */
static const struct demand *demand(const struct scenario *s, const char *name)
{
    static const struct demand none;
    for (size_t i = 0; i < s->n_demand; i++)
        if (strcmp(s->demand[i].name, name) == 0)
            return &s->demand[i];
    fail_msg("no demand stream \"%s\"", name);
    return &none;
}

static const struct lanegroup *lanes(const struct scenario *s, const char *name)
{
    static const struct lanegroup none;
    for (size_t i = 0; i < s->n_lanes; i++)
        if (strcmp(s->lanes[i].name, name) == 0)
            return &s->lanes[i];
    fail_msg("no lane group \"%s\"", name);
    return &none;
}

/* ---- the chain ---------------------------------------------------------------- */

static void test_chain_values(void **state)
{
    (void)state;
    struct scenario *s = load_ok(LEAF, NULL, 0);
    assert_string_equal(s->path, LEAF);
    /* name: from b (c gives none); title: a's, removed by c's null */
    assert_string_equal(s->name, "port-b");
    assert_string_equal(s->title, "");
    /* sources: an array of strings replaces */
    assert_int_equal(s->n_sources, 1);
    assert_string_equal(s->sources[0], "c: the only source");
    /* run: days from b, replications and seed from a, start back to Monday */
    assert_int_equal(s->run.days, 5);
    assert_int_equal(s->run.replications, 4);
    assert_int_equal(s->run.seed, 7);
    assert_int_equal(s->run.start, WD_MON);
    assert_int_equal(s->run.warmup_days, 1);

    /* demand: walkers removed (c), buses appended (b), cars merged (b) */
    assert_int_equal(s->n_demand, 3);
    assert_string_equal(s->demand[0].name, "cars");
    assert_string_equal(s->demand[1].name, "south-cars");
    assert_string_equal(s->demand[2].name, "buses");
    const struct demand *cars = demand(s, "cars");
    assert_near(cars->per_day, 12000, EPS);
    assert_int_equal(cars->dir, DIR_NORTH);
    assert_int_equal(cars->mode, MODE_POV);
    assert_near(cars->program_share[PROG_READY], 0.3, EPS);      /* a */
    assert_near(cars->program_share[PROG_SENTRI], 0.25, EPS);    /* b over a */
    assert_near(cars->program_share[PROG_GENERAL], 0.45, 1e-9);
    assert_near(demand(s, "buses")->occupancy, 30, EPS);
    assert_near(demand(s, "south-cars")->per_day, 8000, EPS);

    /* lanes: a's order, ped removed, bus (b) then ready-2 (c) appended */
    static const char *const order[] = {"pov-general", "pov-ready", "pov-sentri", "south", "bus",
                                        "ready-2"};
    assert_int_equal(s->n_lanes, sizeof order / sizeof order[0]);
    for (size_t i = 0; i < s->n_lanes; i++)
        assert_string_equal(s->lanes[i].name, order[i]);
    assert_int_equal(lanes(s, "pov-general")->lanes, 10);            /* a */
    assert_int_equal(lanes(s, "pov-general")->booths_per_lane, 3);   /* c */
    assert_int_equal(lanes(s, "pov-ready")->lanes, 6);               /* b */
    assert_int_equal(lanes(s, "pov-ready")->program, PROG_READY);    /* a */
    assert_int_equal(lanes(s, "ready-2")->lanes, 2);
    assert_int_equal(lanes(s, "bus")->mode, MODE_BUS);

    /* service: pov.general merged by key (c's mean, a's kind and cv);
     * pedestrian.general removed; bus.general from b */
    const struct dist *pg = &s->service[DIR_NORTH][MODE_POV][PROG_GENERAL];
    assert_true(s->has_service[DIR_NORTH][MODE_POV][PROG_GENERAL]);
    assert_int_equal(pg->kind, DIST_LOGNORMAL);
    assert_near(pg->mean_s, 55, EPS);
    assert_near(s->service[DIR_SOUTH][MODE_POV][PROG_GENERAL].mean_s, 20, EPS);
    assert_near(s->service[DIR_NORTH][MODE_BUS][PROG_GENERAL].mean_s, 300, EPS);
    assert_false(s->has_service[DIR_NORTH][MODE_PEDESTRIAN][PROG_GENERAL]);
    /* hours: the pedestrian entry removed, nothing left */
    for (int m = 0; m < MODE_COUNT; m++)
        assert_false(s->has_hours[DIR_NORTH][m]);
    /* costs: price year from a; the fuel object removed, so the default */
    assert_int_equal(s->costs.price_year, 2022);
    assert_near(s->costs.fuel_usd_per_gal[MODE_POV], 3.50, EPS);

    /* investment: c's, defaults filled in */
    assert_true(s->investment.present);
    assert_near(s->investment.capital_usd, 2.5e6, EPS);
    assert_int_equal(s->investment.life_years, 20);
    assert_near(s->investment.discount_rate, 0.07, EPS);
    assert_near(s->investment.days_per_year, 365, EPS);
    assert_near(s->investment.om_usd_per_year, 0, EPS);
    assert_near(s->investment.staffing_usd_per_booth_hour, 0, EPS);
    scn_free(s);
}

/* The middle of the chain loads on its own, with a's values under it. */
static void test_chain_middle(void **state)
{
    (void)state;
    struct scenario *s = load_ok(DIR "b.json", NULL, 0);
    assert_string_equal(s->name, "port-b");
    assert_string_equal(s->title, "Test port: the root of the chain");
    assert_int_equal(s->n_sources, 2);
    assert_int_equal(s->run.start, WD_SAT);
    assert_int_equal(s->n_demand, 4);
    assert_string_equal(s->demand[3].name, "buses");
    assert_int_equal(s->n_lanes, 6);
    assert_near(s->costs.fuel_usd_per_gal[MODE_POV], 4.5, EPS);
    assert_true(s->has_hours[DIR_NORTH][MODE_PEDESTRIAN]);
    assert_false(s->investment.present);
    scn_free(s);
}

/* scn_parse resolves "extends" relative to the label's directory. */
static void test_parse_in_memory(void **state)
{
    (void)state;
    static const char text[] = "{\"extends\": \"a.json\", \"name\": \"mem\", "
                               "\"run\": {\"days\": 1}}";
    struct err e = {0};
    struct scenario *s = scn_parse(text, strlen(text), DIR "memory.json", &e);
    if (!s)
        fail_msg("refused: %s", e.msg);
    assert_string_equal(s->name, "mem");
    assert_int_equal(s->run.days, 1);
    assert_int_equal(s->run.seed, 7);
    assert_int_equal(s->n_lanes, 5);
    scn_free(s);
}

/* ---- errors name the file ------------------------------------------------------------ */

static void test_error_names_setting_file(void **state)
{
    (void)state;
    struct err e = {0};
    /* c extends b extends a; b sets lanes[pov-ready].lanes = -1 */
    load_bad(DIR "bad-lanes-c.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "bad-lanes-b.json: lanes[1].lanes: expected an integer >= 1, "
                        "got -1");
    /* an unknown key appended in a leaf item is the leaf's */
    static const char leaf[] = "{\"extends\": \"a.json\", \"lanes\": [{\"name\": \"south\", "
                               "\"boths_per_lane\": 2}]}";
    assert_null(scn_parse(leaf, strlen(leaf), DIR "leaf.json", &e));
    assert_starts(e.msg, DIR "leaf.json: lanes[4].boths_per_lane: unknown key");
    assert_contains(e.msg, "(did you mean \"booths_per_lane\"?)");
    /* a value the leaf does not touch is the base's: the leaf removes the
     * only lane group of the SENTRI queue that a's demand uses */
    static const char removes[] = "{\"extends\": \"a.json\", \"lanes\": [{\"name\": "
                                  "\"pov-sentri\", \"remove\": true}]}";
    assert_null(scn_parse(removes, strlen(removes), DIR "removes.json", &e));
    assert_starts(e.msg, DIR "a.json: demand[0].program_share.sentri: no lane group serves");
}

static void test_syntax_error_in_base(void **state)
{
    (void)state;
    struct err e = {0};
    load_bad(DIR "syntax-leaf.json", NULL, 0, &e);
    assert_starts(e.msg, DIR "syntax-base.json:4:3: JSON syntax error near '\"run\"");
}

static void test_cycles(void **state)
{
    (void)state;
    struct err e = {0};
    load_bad(DIR "cycle-x.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "cycle-x.json: extends: a cycle: " DIR "cycle-x.json -> "
                        DIR "cycle-y.json -> " DIR "cycle-x.json");
    /* self.json extends "./self.json": the same file by another path */
    load_bad(DIR "self.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "self.json: extends: a cycle: " DIR "self.json -> "
                        DIR "./self.json");
}

static void test_missing_base(void **state)
{
    (void)state;
    struct err e = {0};
    load_bad(DIR "missing-base.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "missing-base.json: extends: cannot read \"no-such-base.json\" ("
                        DIR "no-such-base.json): No such file or directory");
}

static void test_merge_errors(void **state)
{
    (void)state;
    struct err e = {0};
    load_bad(DIR "remove-extra.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "remove-extra.json: lanes[0].lanes: not allowed with "
                        "\"remove\": an item that removes gives only \"name\" and \"remove\"");
    load_bad(DIR "duplicate-name.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "duplicate-name.json: lanes[2].name: duplicate name \"south\" "
                        "(also lanes[0])");
    load_bad(DIR "duplicate-key-leaf.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "duplicate-key-base.json: run: duplicate key \"days\"");
    load_bad(DIR "not-object-leaf.json", NULL, 0, &e);
    assert_string_equal(e.msg, DIR "not-object-base.json: top level: expected an object (a "
                        "scenario), got an array");
    static const char remove_missing[] = "{\"extends\": \"a.json\", \"lanes\": [{\"name\": "
                                         "\"x\", \"remove\": true}]}";
    assert_null(scn_parse(remove_missing, strlen(remove_missing), DIR "rm.json", &e));
    assert_string_equal(e.msg, DIR "rm.json: lanes[0]: cannot remove \"x\": the base has no item "
                        "of that name");
    static const char remove_false[] = "{\"extends\": \"a.json\", \"lanes\": [{\"name\": "
                                       "\"ped\", \"remove\": false}]}";
    assert_null(scn_parse(remove_false, strlen(remove_false), DIR "rm.json", &e));
    assert_string_equal(e.msg, DIR "rm.json: lanes[0].remove: expected true (remove the base's "
                        "item \"ped\"), got false");
    static const char not_string[] = "{\"extends\": [\"a.json\"]}";
    assert_null(scn_parse(not_string, strlen(not_string), DIR "ns.json", &e));
    assert_string_equal(e.msg, DIR "ns.json: extends: expected the path of the base scenario (a "
                        "non-empty string without control characters), got an array");
}

/* Write file dir/name with text; fails the test if it cannot. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[FILENAME_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
    char path[FILENAME_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* 16 links load; 17 are refused, naming the file with the 17th. */
static void test_depth_limit(void **state)
{
    (void)state;
    char dir[] = "/tmp/poesim-extends-XXXXXX", name[32], text[128], path[FILENAME_MAX];
    struct err e = {0};
    assert_non_null(mkdtemp(dir));
    write_file(dir, "d0.json",
               "{\"name\": \"deep\", \"demand\": [{\"name\": \"c\", \"direction\": \"north\", "
               "\"mode\": \"pov\", \"per_day\": 100}], \"lanes\": [{\"name\": \"l\", "
               "\"direction\": \"north\", \"mode\": \"pov\", \"lanes\": 1}], \"service\": "
               "{\"pov.general\": {\"dist\": \"exponential\", \"mean_s\": 60}}}");
    for (int i = 1; i <= CHAIN_LINKS_MAX + 1; i++) {
        snprintf(name, sizeof name, "d%d.json", i);
        snprintf(text, sizeof text, "{\"extends\": \"d%d.json\", \"run\": {\"days\": %d}}",
                 i - 1, i);
        write_file(dir, name, text);
    }
    snprintf(path, sizeof path, "%s/d%d.json", dir, CHAIN_LINKS_MAX);
    struct scenario *s = load_ok(path, NULL, 0);
    assert_int_equal(s->run.days, CHAIN_LINKS_MAX);
    scn_free(s);
    snprintf(path, sizeof path, "%s/d%d.json", dir, CHAIN_LINKS_MAX + 1);
    load_bad(path, NULL, 0, &e);
    char want[FILENAME_MAX + 64];
    snprintf(want, sizeof want, "%s/d1.json: extends: more than %d levels", dir, CHAIN_LINKS_MAX);
    assert_starts(e.msg, want);
    for (int i = 0; i <= CHAIN_LINKS_MAX + 1; i++) {
        snprintf(name, sizeof name, "d%d.json", i);
        remove_file(dir, name);
    }
    assert_int_equal(rmdir(dir), 0);
}

/* ---- overrides ----------------------------------------------------------------------------- */

static void test_overrides(void **state)
{
    (void)state;
    const struct scn_override ov[] = {
        {"lanes[pov-ready].lanes", "8"},                /* by name */
        {"demand[0].per_day", "5000"},                  /* by index */
        {"service[\"pov.general\"].mean_s", "50"},      /* quoted key */
        {"service[pov.sentri].mean_s", "25"},           /* bare key in brackets, an object */
        {"run.start", "sat"},                           /* a bare word: a string */
        {"investment.discount_rate", "0.03"},
        {"costs", "{\"price_year\": 2024}"},            /* JSON replaces */
        {"demand[cars].hourly_share", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"},
        {"run.days", "null"},                           /* null: the default again */
        {"lanes[4]", "null"},                           /* removes the item */
        {"demand[buses]", "null"},
        {"service[bus.general]", "null"},
        {"risk", "{\"a\": 1}"},
        {"risk", "null"},                               /* created, then removed */
    };
    struct scenario *s = load_ok(LEAF, ov, sizeof ov / sizeof ov[0]);
    assert_int_equal(lanes(s, "pov-ready")->lanes, 8);
    assert_near(demand(s, "cars")->per_day, 5000, EPS);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].mean_s, 50, EPS);
    assert_int_equal(s->service[DIR_NORTH][MODE_POV][PROG_GENERAL].kind, DIST_LOGNORMAL);
    assert_near(s->service[DIR_NORTH][MODE_POV][PROG_SENTRI].mean_s, 25, EPS);
    assert_int_equal(s->run.start, WD_SAT);
    assert_near(s->investment.discount_rate, 0.03, EPS);
    assert_int_equal(s->investment.life_years, 20);
    assert_int_equal(s->costs.price_year, 2024);
    assert_near(s->costs.fuel_usd_per_gal[MODE_POV], 3.50, EPS);
    assert_near(demand(s, "cars")->hourly_share[0][0], 1.0 / 24, EPS);
    assert_int_equal(s->n_warnings, 1);     /* shares summing to 24, normalised */
    assert_starts(s->warnings[0], LEAF ": demand[0].hourly_share: sums to 24.000");
    assert_contains(s->warnings[0], "(set by --set demand[cars].hourly_share=[1,");
    assert_int_equal(s->run.days, 7);
    assert_int_equal(s->n_lanes, 5);
    assert_int_equal(s->n_demand, 2);
    scn_free(s);
}

static void test_override_errors(void **state)
{
    (void)state;
    struct err e = {0};
    static const struct {
        struct scn_override ov;
        const char *msg;        /* the whole message */
    } cases[] = {
        {{"lanes[pov-redy].lanes", "4"},
         "--set lanes[pov-redy].lanes=4: lanes has no item named \"pov-redy\" (did you mean "
         "\"pov-ready\"?)"},
        {{"lanes[99].lanes", "4"},
         "--set lanes[99].lanes=4: lanes has 6 items; there is no item [99]"},
        {{"lanes.lanes", "4"},
         "--set lanes.lanes=4: lanes is an array; select an item with [N] or [NAME]"},
        {{"run.days.x", "4"},
         "--set run.days.x=4: run.days is 5, not an object or an array"},
        {{"lanes[pov", "4"},
         "--set lanes[pov=4: expected \"]\" after \"lanes[pov\""},
        {{"lanes[]", "4"},
         "--set lanes[]=4: expected an index [N], a name [NAME] (A-Z a-z 0-9 _ . -) or a quoted "
         "key [\"KEY\"] after \"lanes[\""},
        {{"run..days", "4"},
         "--set run..days=4: expected a key after \"run.\""},
        {{"", "4"},
         "--set =4: an empty path"},
        {{"service[\"pov.general", "4"},
         "--set service[\"pov.general=4: expected '\"]' to close the key in "
         "\"service[\"pov.general\""},
        {{"lanes[0].lanes", "[1, 2"},
         "--set lanes[0].lanes=[1, 2: the value is not valid JSON (a bare word is taken as a "
         "string, but text starting with [, { or \" must be JSON)"},
        {{"extends", "a.json"},
         "--set extends=a.json: \"extends\" is read from the files; it cannot be set"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        load_bad(LEAF, &cases[i].ov, 1, &e);
        assert_string_equal(e.msg, cases[i].msg);
    }
}

/* Validation errors in what an override set name the override. */
static void test_override_validation(void **state)
{
    (void)state;
    struct err e = {0};
    const struct scn_override bad_lanes[] = {{"run.days", "2"}, {"lanes[pov-ready].lanes", "-1"}};
    load_bad(LEAF, bad_lanes, 2, &e);
    assert_string_equal(e.msg, LEAF ": lanes[1].lanes: expected an integer >= 1, got -1 (set by "
                        "--set lanes[pov-ready].lanes=-1)");
    /* a member that does not exist is created, then refused */
    const struct scn_override typo = {"run.dayz", "3"};
    load_bad(LEAF, &typo, 1, &e);
    assert_starts(e.msg, LEAF ": run.dayz: unknown key; expected one of days,");
    assert_contains(e.msg, "(did you mean \"days\"?) (set by --set run.dayz=3)");
    /* an error inside a value an override replaced */
    const struct scn_override run = {"run", "{\"days\": 0}"};
    load_bad(LEAF, &run, 1, &e);
    assert_string_equal(e.msg, LEAF ": run.days: expected an integer >= 1, got 0 "
                        "(set by --set run={\"days\": 0})");
    /* an error about the object that holds what an override set */
    const struct scn_override share = {"demand[cars].program_share.sentri", "0.9"};
    load_bad(LEAF, &share, 1, &e);
    assert_string_equal(e.msg, LEAF ": demand[0].program_share: shares sum to 1.2, above 1 "
                        "(set by --set demand[cars].program_share.sentri=0.9)");
    /* an error elsewhere is still the file's */
    const struct scn_override other[] = {{"run.days", "2"}, {"lanes[pov-ready].lanes", "x"}};
    load_bad(DIR "bad-lanes-c.json", other, 1, &e);
    assert_string_equal(e.msg, DIR "bad-lanes-b.json: lanes[1].lanes: expected an integer >= 1, "
                        "got -1");
    load_bad(DIR "bad-lanes-c.json", other, 2, &e);
    assert_string_equal(e.msg, DIR "bad-lanes-c.json: lanes[1].lanes: expected an integer from 1 "
                        "to 1000, got \"x\" (set by --set lanes[pov-ready].lanes=x)");
}

/* ---- scn_set_parse ------------------------------------------------------------------------- */

static void assert_set(const char *arg, const char *path, const char *const *values, size_t n)
{
    char *p, **v;
    size_t k;
    struct err e = {0};
    if (scn_set_parse(arg, &p, &v, &k, &e) < 0)
        fail_msg("--set %s refused: %s", arg, e.msg);
    assert_string_equal(p, path);
    assert_int_equal(k, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v[i], values[i]);
    scn_set_free(p, v, k);
}

#define SET(arg, path, ...) do { \
        static const char *const want_[] = {__VA_ARGS__}; \
        assert_set(arg, path, want_, sizeof want_ / sizeof want_[0]); \
    } while (0)

static void test_set_parse(void **state)
{
    (void)state;
    SET("lanes[pov-ready].lanes=4", "lanes[pov-ready].lanes", "4");
    SET("x=0.2:0.6:0.1", "x", "0.2", "0.3", "0.4", "0.5", "0.6");
    SET("x=4:8:2", "x", "4", "6", "8");
    SET("x=4:9:2", "x", "4", "6", "8");
    SET("x=-0.3:0.3:0.1", "x", "-0.3", "-0.2", "-0.1", "0", "0.1", "0.2", "0.3");
    SET("x=1:1:5", "x", "1");
    SET("x=1,2:4:1,7", "x", "1", "2", "3", "4", "7");
    SET("run.start=sat,sun", "run.start", "\"sat\"", "\"sun\"");
    SET("x=06:00", "x", "\"06:00\"");
    SET("demand[cars].hourly_share=[1,2,3],[4,5]", "demand[cars].hourly_share", "[1,2,3]", "[4,5]");
    SET("x={\"a\": [1, 2], \"b\": 3},\"p,q\",true,null", "x", "{\"a\": [1, 2], \"b\": 3}",
        "\"p,q\"", "true", "null");
    SET("service[\"pov.general\"].mean_s=a=b", "service[\"pov.general\"].mean_s", "\"a=b\"");
    /* 10000 values: the most a range may give */
    char *p, **v;
    size_t n;
    struct err e = {0};
    assert_int_equal(scn_set_parse("x=1:10000:1", &p, &v, &n, &e), 0);
    assert_int_equal(n, 10000);
    assert_string_equal(v[9999], "10000");
    scn_set_free(p, v, n);
}

static void test_set_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *arg, *msg;
    } cases[] = {
        {"novalue", "--set novalue: expected PATH=VALUE[,VALUE...]"},
        {"=3", "--set =3: expected PATH=VALUE[,VALUE...]"},
        {"x=", "--set x=: expected PATH=VALUE[,VALUE...]"},
        {"x=1,,2", "--set x=1,,2: value 2 is empty; expected PATH=VALUE[,VALUE...]"},
        {"x=1,", "--set x=1,: value 2 is empty; expected PATH=VALUE[,VALUE...]"},
        {"x=0.6:0.2:0.1", "--set x=0.6:0.2:0.1: range 0.6:0.2:0.1: expected FROM <= TO"},
        {"x=1:2:0", "--set x=1:2:0: range 1:2:0: expected a STEP > 0"},
        {"x=1:2:-1", "--set x=1:2:-1: range 1:2:-1: expected a STEP > 0"},
        {"x=1:10001:1", "--set x=1:10001:1: range 1:10001:1: expected at most 10000 values, "
                        "got 10001"},
        {"lanes[=3", "--set lanes[=3: expected an index [N], a name [NAME] (A-Z a-z 0-9 _ . -) "
                     "or a quoted key [\"KEY\"] after \"lanes[\""},
        {"x=[1,2", "--set x=[1,2: value [1,2 is not valid JSON (a bare word is taken as a string, "
                   "but text starting with [, { or \" must be JSON)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *p = (char *)"unset", **v = (char **)&p;
        size_t n = 1;
        struct err e = {0};
        assert_int_equal(scn_set_parse(cases[i].arg, &p, &v, &n, &e), -1);
        assert_int_equal(e.code, EXIT_USAGE);
        assert_string_equal(e.msg, cases[i].msg);
        assert_null(p);
        assert_null(v);
        assert_int_equal(n, 0);
    }
}

/* Each value scn_set_parse gives loads as an override. */
static void test_set_parse_then_load(void **state)
{
    (void)state;
    char *p, **v;
    size_t n;
    struct err e = {0};
    assert_int_equal(scn_set_parse("lanes[pov-ready].booths_per_lane=1:3:1", &p, &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        struct scn_override ov = {p, v[i]};
        struct scenario *s = load_ok(LEAF, &ov, 1);
        assert_int_equal(lanes(s, "pov-ready")->booths_per_lane, (int)i + 1);
        scn_free(s);
    }
    scn_set_free(p, v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_values),
        cmocka_unit_test(test_chain_middle),
        cmocka_unit_test(test_parse_in_memory),
        cmocka_unit_test(test_error_names_setting_file),
        cmocka_unit_test(test_syntax_error_in_base),
        cmocka_unit_test(test_cycles),
        cmocka_unit_test(test_missing_base),
        cmocka_unit_test(test_merge_errors),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_override_errors),
        cmocka_unit_test(test_override_validation),
        cmocka_unit_test(test_set_parse),
        cmocka_unit_test(test_set_parse_errors),
        cmocka_unit_test(test_set_parse_then_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
