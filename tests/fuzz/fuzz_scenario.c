/*
 * fuzz_scenario.c - libFuzzer harness for the scenario loader: parsing,
 * the "extends" chain and its merge, the strict checks.
 *
 * An input is one to five JSON documents separated by NUL bytes (which JSON
 * text cannot contain): the first is the scenario, read from memory as if it
 * were the file DIR/0.json; the others are written to DIR/1.json ...
 * DIR/4.json, so that "extends": "1.json" reaches the second, and so on
 * (DIR is a private temporary folder; files of an earlier input that this
 * one does not give are removed first).  The seeds (tests/fuzz/run.sh) are
 * the shipped scenarios, the contract scenarios, the bad cases and the
 * extends chains of the tests, rewritten to these names.
 *
 * Besides the sanitizers' findings, fuzz_common.h's oracles must hold: a
 * refused input has a one-line message naming a file of DIR, an accepted
 * one is valid throughout and, when small, simulates a day.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_common.h"

#define FUZZ_SCN_DOCS_MAX (1 + FUZZ_FILES_MAX)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_tmpdir();
    char path[FILENAME_MAX], label[FILENAME_MAX];
    const char *text = (const char *)data, *end = text + size;
    const char *doc[FUZZ_SCN_DOCS_MAX] = {text};
    size_t len[FUZZ_SCN_DOCS_MAX] = {0}, n = 1;
    for (const char *p = text; p < end; p++)
        if (*p == '\0') {
            len[n - 1] = (size_t)(p - doc[n - 1]);
            if (n == FUZZ_SCN_DOCS_MAX) {
                end = p;
                break;
            }
            doc[n++] = p + 1;
        }
    len[n - 1] = (size_t)(end - doc[n - 1]);
    for (size_t i = 1; i < FUZZ_SCN_DOCS_MAX; i++) {
        snprintf(path, sizeof path, "%s/%zu.json", dir, i);
        if (i < n)
            fuzz_write(path, doc[i], len[i]);
        else
            unlink(path);
    }
    snprintf(label, sizeof label, "%s/0.json", dir);
    char prefix[FILENAME_MAX];
    snprintf(prefix, sizeof prefix, "%s/", dir);

    struct err e = {0};
    struct scenario *s = scn_parse(doc[0], len[0], label, &e);
    if (!s) {
        fuzz_check_error(&e, prefix, NULL, false);
        return 0;
    }
    fuzz_check_scenario(s);
    fuzz_simulate(s);
    scn_free(s);
    return 0;
}
