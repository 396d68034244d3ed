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

# --- Near misses on the command line ---
$POESIM run $MMC --set run.days 3 --out "$T/x" >/dev/null 2>"$T/err"
st=$?
check "--set PATH VALUE: exit 2" test $st -eq 2
check "--set PATH VALUE: says --set takes PATH=VALUE" \
    grep -q "^poesim: run: --set takes PATH=VALUE, one argument; got \"run.days\" (did you mean --set 'run.days=3'?)" "$T/err"
check "--set PATH VALUE: nothing written" test ! -e "$T/x"
$POESIM run $MMC --rep 3 --out "$T/x" >/dev/null 2>"$T/err"
check "--rep: did you mean --reps" grep -q 'unknown option "--rep" (did you mean "--reps"?)' "$T/err"
$POESIM run $MMC --quite --out "$T/x" >/dev/null 2>"$T/err"
check "--quite: did you mean --quiet (not 'needs a value')" \
    grep -q 'unknown option "--quite" (did you mean "--quiet"?)' "$T/err"
$POESIM sweep $MMC --set 'lanes[general].lanes=5,6' --target 1 --out "$T/x" >/dev/null 2>"$T/err"
check "--target: did you mean --target-halfwidth" grep -q '(did you mean "--target-halfwidth"?)' "$T/err"
$POESIM run $MMC --quiet=yes --out "$T/x" >/dev/null 2>"$T/err"
check "a flag given a value" grep -q -- '--quiet takes no value' "$T/err"

# --- poesim check --merged: the scenario a proposal becomes ---
mkdir -p "$T/m"
cat >"$T/m/base.json" <<JSON
{ "name": "mbase", "run": { "days": 2, "replications": 2, "seed": 3 },
  "demand": [ { "name": "cars", "direction": "north", "mode": "pov", "per_day": 2000 } ],
  "lanes": [ { "name": "general", "direction": "north", "mode": "pov", "lanes": 2,
               "staffed_booths": { "00:00": 0, "08:00": 2 } } ],
  "service": { "pov.general": { "dist": "exponential", "mean_s": 60 } } }
JSON
cat >"$T/m/prop.json" <<JSON
{ "extends": "base.json", "name": "mprop",
  "lanes": [ { "name": "general", "lanes": 3, "staffed_booths": { "08:00": null, "06:00": 3 } } ] }
JSON
$POESIM check "$T/m/prop.json" --merged >"$T/merged.json" 2>"$T/err"
check "check --merged: exit 0" test $? -eq 0
check "check --merged: the ok line on stderr" grep -q "prop.json: ok: scenario mprop" "$T/err"
check "check --merged: no extends left" sh -c "! grep -q extends '$T/merged.json'"
check "check --merged: the base's keys are there" grep -q '"per_day":[[:space:]]*2000' "$T/merged.json"
check "check --merged: the proposal's values are there" grep -q '"lanes":[[:space:]]*3' "$T/merged.json"
check "check --merged: the step dropped with null is gone" sh -c "! grep -q '08:00' '$T/merged.json'"
$POESIM check "$T/merged.json" >"$T/out" 2>&1
check "check --merged: stdout is a scenario that loads as itself" \
    grep -q "ok: scenario mprop, 1 demand stream, 1 lane group, 3 booths" "$T/out"
$POESIM run "$T/m/prop.json" --no-plots --quiet --out "$T/mr1" 2>/dev/null
$POESIM run "$T/merged.json" --no-plots --quiet --out "$T/mr2" 2>/dev/null
check "check --merged: it runs to the same hourly figures" cmp -s "$T/mr1/hourly.csv" "$T/mr2/hourly.csv"
$POESIM check "$T/m/prop.json" --merged --set 'lanes[general].lanes=4' 2>/dev/null >"$T/merged4.json"
check "check --merged --set: the override applied" grep -q '"lanes":[[:space:]]*4' "$T/merged4.json"
$POESIM check "$T/m/prop.json" --reps 3 >/dev/null 2>"$T/err"
check "check: options of a run refused" grep -q 'check: only --set, --merged and --quiet apply' "$T/err"

# --- A proposal's step before its base's goes where its time says ---
cat >"$T/m/early.json" <<JSON
{ "extends": "base.json", "name": "mearly",
  "lanes": [ { "name": "general", "staffed_booths": { "06:00": 1 } } ] }
JSON
$POESIM check "$T/m/early.json" --merged >"$T/early.json" 2>"$T/err"
check "a step before the base's: loads" test $? -eq 0
check "... merged in time order: 00:00, 06:00, 08:00" sh -c "tr -d ' \t\n' <'$T/early.json' |
    grep -q '\"staffed_booths\":{\"00:00\":0,\"06:00\":1,\"08:00\":2}'"
$POESIM run "$T/m/early.json" --no-plots --quiet --days 1 --reps 2 --out "$T/early" 2>/dev/null
check "... one booth from 06:00, two from 08:00 (hourly.csv)" awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "hour") h = i; if ($i == "booths_open") b = i }; next }
    h && b && ($h == 5 && $b != 0 || $h == 6 && $b != 1 || $h == 7 && $b != 1 || $h == 9 && $b != 2) { bad = 1 }
    END { exit bad || !h || !b }' "$T/early/hourly.csv"
cat >"$T/m/twisted.json" <<JSON
{ "extends": "base.json", "name": "mtwisted",
  "lanes": [ { "name": "general", "staffed_booths": { "10:00": 2, "06:00": 1 } } ] }
JSON
$POESIM check "$T/m/twisted.json" >/dev/null 2>"$T/err"
check "a proposal's own steps out of order: exit 2, named" sh -c "test $? -eq 2 &&
    grep -qF '$T/m/twisted.json: lanes[0].staffed_booths[\"06:00\"]: expected a time after \"10:00\"' '$T/err'"

# --- A sweep prints its points' values, and claims no lowest it cannot tell ---
$POESIM sweep $MMC --set 'lanes[general].lanes=5:8:1' --reps 4 --days 2 --no-plots \
    --out "$T/s" >"$T/out" 2>"$T/err"
check "sweep: the values in the table" sh -c "grep -q '^8  ' '$T/out' && ! grep -q 'contract-mmc-p1 ' '$T/out'"
check "sweep: a point clearly lowest is said so" \
    grep -q '^lowest mean wait of the whole port: .* at lanes\[general\]\.lanes = 8; lower than at every other point' "$T/out"
check "sweep.csv: the lowest point's difference from itself is 0" \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "delta_best_wait_min") c = i }
             $1 == 8 && $3 == "all" { ok = ($c == 0) } END { exit !ok }' "$T/s/sweep.csv"
# A cost figure changes no wait: every point ties with the lowest.
$POESIM sweep $MMC --set 'costs.truck_operating_usd_per_hour=50,60,70' --reps 4 --days 2 \
    --no-plots --out "$T/s2" >"$T/out" 2>"$T/err"
check "sweep: points that cannot be told apart are named, not ranked" \
    grep -q 'indistinguishable from it (the paired 95% interval of the difference holds 0): 60 (+0.00 ± 0.00), 70 (+0.00 ± 0.00)' "$T/out"
exit 0
