/*
 * fuzz_set.c - libFuzzer harness for --set: scn_set_parse (paths, lists of
 * values, ranges FROM:TO:STEP) and the overrides applied to a scenario.
 *
 * An input is up to 8 lines, each a --set argument "PATH=V1,V2,...",
 * optionally followed by a NUL byte and a scenario to apply them to (read
 * from memory as the file DIR/base.json; without one, the small scenario of
 * the README below).  Each line goes through scn_set_parse; of those it
 * accepts, the first value of each becomes an override, and the scenario is
 * loaded with all of them in order, as `poesim run FILE --set ... --set ...`
 * does.  The seeds (tests/fuzz/run.sh) are the --set examples of the README
 * and the tests, in tests/fuzz/set-seeds.txt.
 *
 * Oracles (fuzz_common.h): a refused argument gives a message starting
 * "--set "; an accepted one gives a path equal to the text before the first
 * "=" and at least one value, each valid JSON; a refused scenario names the
 * file or the override; an accepted scenario is valid throughout.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "fuzz_common.h"

#define FUZZ_SETS_MAX 8
#define FUZZ_SET_LINE_MAX 4096

static const char fuzz_set_base[] =
    "{ \"name\": \"small-port\", \"title\": \"Northbound cars: general and SENTRI lanes\",\n"
    "  \"run\": { \"days\": 7, \"warmup_days\": 1, \"replications\": 10, \"seed\": 1,"
    " \"start\": \"mon\" },\n"
    "  \"demand\": [ { \"name\": \"cars\", \"direction\": \"north\", \"mode\": \"pov\","
    " \"per_day\": 2000, \"program_share\": { \"sentri\": 0.30 }, \"occupancy\": 1.74 } ],\n"
    "  \"lanes\": [ { \"name\": \"general\", \"direction\": \"north\", \"mode\": \"pov\","
    " \"lanes\": 10, \"booths_per_lane\": 2,\n"
    "      \"staffed_booths\": { \"00:00\": 6, \"05:00\": 20, \"21:00\": 10 } },\n"
    "    { \"name\": \"sentri\", \"direction\": \"north\", \"mode\": \"pov\","
    " \"program\": \"sentri\", \"lanes\": 3 } ],\n"
    "  \"service\": { \"pov.general\": { \"dist\": \"lognormal\", \"mean_s\": 55, \"cv\": 0.6 },\n"
    "               \"pov.sentri\": { \"dist\": \"lognormal\", \"mean_s\": 25, \"cv\": 0.5 } },\n"
    "  \"secondary\": { \"pov\": { \"referral\": 0.02, \"spaces\": 30,\n"
    "                 \"service\": { \"dist\": \"exponential\", \"mean_s\": 900 } } },\n"
    "  \"hours\": { \"pov\": \"open\" }, \"costs\": { \"price_year\": 2020 },\n"
    "  \"investment\": { \"capital_usd\": 3000000, \"life_years\": 10 } }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check what scn_set_parse returned for arg. */
static void fuzz_check_set(const char *arg, const char *path, char **values, size_t n)
{
    const char *eq = strchr(arg, '=');
    if (!eq || strlen(path) != (size_t)(eq - arg) || strncmp(path, arg, strlen(path)) != 0)
        FUZZ_FAIL("--set %s: path \"%s\"", arg, path);
    if (n == 0)
        FUZZ_FAIL("--set %s: no value", arg);
    for (size_t i = 0; i < n; i++) {
        cJSON *v = values[i] ? cJSON_Parse(values[i]) : NULL;
        if (!v)
            FUZZ_FAIL("--set %s: value %zu is not JSON: %s", arg, i, values[i] ? values[i] : "NULL");
        cJSON_Delete(v);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *end = text + size;
    const char *nul = memchr(text, '\0', size);
    const char *base = fuzz_set_base;
    size_t base_len = sizeof fuzz_set_base - 1;
    if (nul) {
        if (nul + 1 < end) {
            base = nul + 1;
            base_len = (size_t)(end - base);
        }
        end = nul;
    }
    char label[FILENAME_MAX], prefix[FILENAME_MAX];
    snprintf(label, sizeof label, "%s/base.json", fuzz_tmpdir());
    snprintf(prefix, sizeof prefix, "%s/", fuzz_tmpdir());

    char *paths[FUZZ_SETS_MAX] = {0}, **values[FUZZ_SETS_MAX] = {0};
    size_t n_values[FUZZ_SETS_MAX] = {0};
    struct scn_override ov[FUZZ_SETS_MAX];
    size_t n_ov = 0;
    for (const char *line = text; line < end && n_ov < FUZZ_SETS_MAX;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = (size_t)((nl ? nl : end) - line);
        char arg[FUZZ_SET_LINE_MAX];
        if (len < sizeof arg) {
            memcpy(arg, line, len);
            arg[len] = '\0';
            struct err e = {0};
            size_t k = n_ov;
            if (scn_set_parse(arg, &paths[k], &values[k], &n_values[k], &e) < 0)
                fuzz_check_error(&e, "--set ", NULL, true);
            else {
                fuzz_check_set(arg, paths[k], values[k], n_values[k]);
                ov[k] = (struct scn_override){paths[k], values[k][0]};
                n_ov++;
            }
        }
        line = nl ? nl + 1 : end;
    }

    struct err e = {0};
    struct scenario *s = scn_parse_with(base, base_len, label, ov, n_ov, &e);
    if (s) {
        fuzz_check_scenario(s);
        scn_free(s);
    } else
        fuzz_check_error(&e, prefix, "--set ", true);
    for (size_t k = 0; k < n_ov; k++)
        scn_set_free(paths[k], values[k], n_values[k]);
    return 0;
}
