#!/bin/sh
# Small frictions a new user meets, each answered: a result replaced says
# what it replaced; --set with a space, --rep and other near misses say what
# was meant; `poesim check --merged` shows the scenario a proposal becomes;
# a proposal's schedule clashing with its base file's says where each step
# comes from; sweep points are printed with their values; the lowest wait of
# a sweep is not claimed where its neighbours cannot be told apart.  One
# "PASS: ..." or "FAIL: ..." line per case.  Run from the repository root.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MMC=tests/contract/mmc.json

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }

# --- A result replaced by one of other settings: a line says what it was ---
$POESIM run $MMC --reps 3 --days 1 --no-plots --out "$T/r" >/dev/null 2>"$T/err"
check "first run into a folder: no notice" sh -c "! grep -q 'replaced' '$T/err'"
$POESIM run $MMC --reps 3 --days 1 --no-plots --out "$T/r" >/dev/null 2>"$T/err"
check "the same run again: no notice (the same result)" sh -c "! grep -q 'replaced' '$T/err'"
$POESIM run $MMC --reps 2 --days 1 --no-plots --out "$T/r" >"$T/out" 2>"$T/err"
check "other replications: the replaced result is named" \
    grep -q "^poesim: note: $T/r: replaced the run it held, made with other settings, files or program (scenario contract-mmc from $MMC: .* 3 replications)" "$T/err"
check "... and the new one is in place" grep -q '"replications":	2' "$T/r/summary.json"
$POESIM run $MMC --reps 3 --days 1 --no-plots --quiet --out "$T/r" >"$T/out" 2>"$T/err"
check "--quiet: no notice" test ! -s "$T/err"
printf '{"extends": "%s", "name": "mmc6", "lanes": [{"name": "general", "lanes": 6}]}\n' \
    "$PWD/$MMC" >"$T/p6.json"
$POESIM batch $MMC "$T/p6.json" --reps 2 --days 1 --no-plots --out "$T/b" >/dev/null 2>&1
$POESIM batch $MMC "$T/p6.json" --reps 3 --days 1 --no-plots --out "$T/b" >/dev/null 2>"$T/err"
check "a batch replaced: named" grep -q "^poesim: note: $T/b: replaced the batch it held" "$T/err"
exit 0
