#!/bin/sh
# make fuzz: run each libFuzzer harness in turn, sharing SECONDS of fuzzing
# equally, from the seed corpus below and the corpus kept from earlier runs.
#
# Usage (from make fuzz): tests/fuzz/run.sh SECONDS BUILD_DIR HARNESS...
#
# Seeds, rebuilt on every run into BUILD_DIR/seeds/HARNESS/:
#   fuzz_scenario  scenarios/*.json, tests/contract/*.json,
#                  tests/bad/*.json, tests/golden/golden.json,
#                  tests/extends/**.json, and every file with "extends" as a
#                  chain "leaf NUL base NUL ..." with its "extends" rewritten
#                  to 1.json, 2.json, ... (the harness's names);
#   fuzz_set       each line of tests/fuzz/set-seeds.txt, and all of them;
#   both           the saved cases of tests/fuzz/regress/HARNESS/.
# New inputs that reach new code are kept in BUILD_DIR/corpus/HARNESS/ for
# the next run.  A crash (or a broken oracle, or a timeout) is saved as
# BUILD_DIR/crashes/HARNESS-crash-... ; the run then stops with status 1 and
# says how to turn it into a regression case.
#
# Prints, per harness, the executions and the seconds they took.
set -u
cd "$(dirname "$0")/../.." || exit 1
SECONDS_TOTAL=$1
B=$2
shift 2
N=$#
PER=$((SECONDS_TOTAL / N))
[ "$PER" -ge 1 ] || PER=1

seeds_scenario() {
    out=$1
    i=0
    for f in scenarios/*.json tests/contract/*.json tests/bad/*.json tests/golden/golden.json \
             tests/extends/*.json tests/extends/*/*.json; do
        [ -f "$f" ] || continue
        i=$((i + 1))
        cp "$f" "$out/file-$i.json"
        grep -q '"extends"' "$f" || continue
        # The chain, each file's "extends" pointing at the next by number.
        chain="$out/chain-$i"
        : >"$chain"
        cur=$f
        k=0
        while [ -n "$cur" ] && [ -f "$cur" ] && [ "$k" -lt 5 ]; do
            [ "$k" -gt 0 ] && printf '\0' >>"$chain"
            k=$((k + 1))
            rel=$(sed -n 's/.*"extends" *: *"\([^"]*\)".*/\1/p' "$cur" | head -1)
            sed "s/\"extends\" *: *\"[^\"]*\"/\"extends\": \"$k.json\"/" "$cur" >>"$chain"
            if [ -n "$rel" ]; then cur="$(dirname "$cur")/$rel"; else cur=""; fi
        done
    done
}

seeds_set() {
    out=$1
    i=0
    while IFS= read -r line; do
        i=$((i + 1))
        printf '%s' "$line" >"$out/set-$i"
    done <tests/fuzz/set-seeds.txt
    cp tests/fuzz/set-seeds.txt "$out/set-all"
    # One with a scenario of its own after the NUL byte.
    { printf 'lanes[general].lanes=6\nrun.days=2\0'; cat tests/contract/mmc.json 2>/dev/null; } >"$out/set-mmc"
}

status=0
for h in "$@"; do
    seeds="$B/seeds/$h"
    corpus="$B/corpus/$h"
    rm -rf "$seeds"
    mkdir -p "$seeds" "$corpus" "$B/crashes"
    case $h in
        fuzz_scenario) seeds_scenario "$seeds" ;;
        fuzz_set) seeds_set "$seeds" ;;
    esac
    for f in tests/fuzz/regress/"${h#fuzz_}"/*; do
        [ -f "$f" ] && cp "$f" "$seeds/regress-$(basename "$f")"
    done
    log="$B/$h.log"
    echo "== $h: fuzzing for $PER s (seeds: $(ls "$seeds" | wc -l), corpus kept: $(ls "$corpus" | wc -l))"
    "$B/$h" -max_total_time="$PER" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -dict=tests/fuzz/scenario.dict -artifact_prefix="$B/crashes/$h-" \
        "$corpus" "$seeds" >"$log" 2>&1
    st=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
    if [ "$st" -eq 0 ]; then
        echo "$h: ${runs:-?} executions in ${secs:-$PER} s, no crash (corpus now $(ls "$corpus" | wc -l) inputs)"
    else
        status=1
        grep -a -E '^==[0-9]+==ERROR|fuzz oracle|Assertion|runtime error|SUMMARY|Test unit written|ALARM|timeout' "$log" | head -20
        echo "FAIL: $h: crash after ${runs:-?} executions (log: $log)"
        echo "  Minimise it:   $B/$h -minimize_crash=1 -runs=100000 CRASH_FILE"
        echo "  then add it:   cp MINIMISED tests/fuzz/regress/${h#fuzz_}/NAME  (make test replays it)"
    fi
done
exit $status
