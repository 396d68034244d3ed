#!/bin/sh
# poesim staff from the command line: bad targets and options (exit 2, a
# message naming what is wrong, nothing written), the files of a search,
# the staffed scenario (it loads, and running it gives the figures of
# staffing.csv), the same bytes whatever --jobs, --hours variants, help.
# One "PASS: ..." or "FAIL: ..." line per case.  Run from the repository root.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PORT=tests/staff/port.json
TARGET='pov:mean<=10,truck:p95<=30'

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
expect_exit() {     # STATUS NAME CMD...: stdout/stderr in $T/out, $T/err
    want=$1; name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"; else
        fail "$name: exit $got, expected $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
expect_err() {      # NAME SUBSTRING: stderr contains SUBSTRING
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else
        fail "$1: stderr lacks '$2'"; sed 's/^/    /' "$T/err" | head -5; fi
}

# Help.
expect_exit 0 "help staff" $POESIM help staff
grep -q 'usage: poesim staff FILE --target SPEC' "$T/out" && pass "help staff text" || fail "help staff text"
expect_exit 0 "staff --help" $POESIM staff --help
expect_exit 0 "staff in the usage" $POESIM help
grep -q 'staff FILE --target SPEC' "$T/out" && pass "staff in the usage" || fail "staff in the usage"

# Bad targets and options: status 2, the message, nothing written.
bad() {     # NAME SUBSTRING ARGS...
    name=$1; says=$2; shift 2
    expect_exit 2 "$name" $POESIM staff "$@" --out "$T/bad" --quiet
    expect_err "$name: message" "$says"
    [ ! -e "$T/bad" ] && pass "$name: nothing written" || { fail "$name: nothing written"; rm -rf "$T/bad"; }
}
bad "no target" "--target SPEC is required" $PORT
bad "empty target" 'expected QUEUE:STAT<=BOUND' $PORT --target ''
bad "unknown programme" 'unknown programme "generl" for pov' $PORT --target 'pov.generl:mean<=10'
bad "programme of another mode" 'no programme "fast" for pov' $PORT --target 'pov.fast:mean<=10'
bad "unknown statistic" 'unknown statistic "avg"' $PORT --target 'pov:avg<=10'
bad "not <=" 'expected "<=" after "mean"' $PORT --target 'pov:mean=10'
bad "negative bound" 'expected minutes > 0' $PORT --target 'pov:mean<=-1'
bad "percentile 100" 'expected a percentile p1 .. p99' $PORT --target 'pov:p100<=10'
bad "share above 1" 'expected a share between 0 and 1' $PORT --target 'pov:over30<=2'
bad "a queue twice" 'name the same queues' $PORT --target 'pov:mean<=10,pov:p95<=30'
bad "a queue the port lacks" 'has no such queue' $PORT --target 'bus:mean<=10'
bad "ambiguous entries" 'both apply to north.pov.general' $PORT --target 'north.pov:mean<=10,pov.general:mean<=5'
bad "unknown group" 'no lane group "pov-genral"' $PORT --target "$TARGET" --groups pov-genral
bad "group of an untargeted queue" 'which --target does not name' $PORT --target 'truck:mean<=10' --groups pov-general
bad "bad officers" '--officers' $PORT --target "$TARGET" --officers 06:00=4
bad "days beyond a week" 'the search takes 1 to 7 days' $PORT --target "$TARGET" --days 8
bad "max-reps below reps" 'is below the 5 replications' $PORT --target "$TARGET" --reps 5 --max-reps 3
bad "--mpi" 'staff: --mpi does not apply' $PORT --target "$TARGET" --mpi
bad "bad --hours" 'expected MODE=HOURS' $PORT --target "$TARGET" --hours '06:00-22:00'
bad "bad hours value" 'hours' $PORT --target "$TARGET" --hours 'truck=25:00-26:00'
bad "a scenario from a pipe" 'not a regular file' /dev/stdin --target "$TARGET"
bad "a bad --set" 'lanes has no item named' $PORT --target "$TARGET" --set 'lanes[nope].lanes=2'

# A search: its files, as one set.
expect_exit 0 "staff runs" $POESIM staff $PORT --target "$TARGET" --out "$T/s1" --jobs 1 --quiet
for f in staffing.csv staffing.json staffed.json manifest.json; do
    [ -s "$T/s1/$f" ] && pass "wrote $f" || fail "wrote $f"
done
grep -q '"kind":.*"staff"' "$T/s1/manifest.json" && pass "manifest of kind staff" || fail "manifest of kind staff"
head -1 "$T/s1/staffing.csv" | grep -q '^variant,day,weekday,hour,direction,mode,program,statistic,target,booths,file_booths,forward_booths,value,value_ci95,replications,verdict,bound,groups$' \
    && pass "staffing.csv columns" || fail "staffing.csv columns"
rows=$(awk -F, 'NR > 1' "$T/s1/staffing.csv" | wc -l)
[ "$rows" -eq $((2 * 24 * 3)) ] && pass "staffing.csv: a row per day, hour and queue" || fail "staffing.csv has $rows rows"

# The staffed scenario extends the file, loads, and runs to staffing.csv's figures.
grep -q '"extends": "../../' "$T/s1/staffed.json" 2>/dev/null || grep -q '"extends":' "$T/s1/staffed.json"
[ $? -eq 0 ] && pass "staffed.json extends the file" || fail "staffed.json extends the file"
expect_exit 0 "staffed.json checks" $POESIM check "$T/s1/staffed.json"
expect_exit 0 "staffed.json runs" $POESIM run "$T/s1/staffed.json" --out "$T/run" --no-plots --quiet
# hourly.csv of that run against staffing.csv: the mean waits of the plan,
# every hour but the last (whose last crossers a run of the days alone
# leaves in the port; the search simulated a day more for them).
awk -F, '
    FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
    FILENAME ~ /staffing.csv$/ && $col[FILENAME, "statistic"] == "mean" && $col[FILENAME, "value"] != "" {
        k = $col[FILENAME, "day"] "," $col[FILENAME, "hour"] "," $col[FILENAME, "program"] "," $col[FILENAME, "mode"]
        want[k] = $col[FILENAME, "value"]; next }
    FILENAME ~ /hourly.csv$/ {
        k = $col[FILENAME, "day"] "," $col[FILENAME, "hour"] "," $col[FILENAME, "program"] "," $col[FILENAME, "mode"]
        if ((k in want) && !($col[FILENAME, "day"] == 2 && $col[FILENAME, "hour"] == 23)) {
            n++; d = want[k] - $col[FILENAME, "wait_mean_min"]; if (d < 0) d = -d
            if (d > 1e-4 * (want[k] > 1 ? want[k] : 1)) { bad++; print "    " k ": " want[k] " vs " $col[FILENAME, "wait_mean_min"] }
        } }
    END { if (n > 40 && !bad) print "PASS: a run of staffed.json gives staffing.csv mean waits (" n " hours)";
          else print "FAIL: a run of staffed.json against staffing.csv: " bad + 0 " of " n " hours differ" }' \
    "$T/s1/staffing.csv" "$T/run/hourly.csv"

# The same bytes whatever the threads.
expect_exit 0 "staff with 3 jobs" $POESIM staff $PORT --target "$TARGET" --out "$T/s3" --jobs 3 --quiet
for f in staffing.csv staffing.json staffed.json; do
    cmp -s "$T/s1/$f" "$T/s3/$f" && pass "$f: same bytes with --jobs 1 and 3" || fail "$f differs with --jobs 1 and 3"
done

# --hours variants side by side; the table on stdout.
expect_exit 0 "staff with an --hours variant" $POESIM staff $PORT --target "$TARGET" --out "$T/h" \
    --hours 'truck=05:00-23:00' --usd-per-booth-hour 60
cp "$T/out" "$T/table"
[ -s "$T/h/staffed-h1.json" ] && pass "wrote staffed-h1.json" || fail "wrote staffed-h1.json"
awk -F, 'NR > 1 { v[$1]++ } END { exit !(v[1] == 144 && v[2] == 144) }' "$T/h/staffing.csv" \
    && pass "staffing.csv: both variants" || fail "staffing.csv: both variants"
grep -q '"hours": {"truck": "05:00-23:00"}' "$T/h/staffed-h1.json" && pass "staffed-h1.json has its hours" \
    || fail "staffed-h1.json has its hours"
expect_exit 0 "staffed-h1.json checks" $POESIM check "$T/h/staffed-h1.json"


# An officers cap that binds is reported.
expect_exit 0 "staff with an officers cap" $POESIM staff $PORT --target "$TARGET" --out "$T/cap" \
    --officers 6 --quiet
grep -q ',capped,' "$T/cap/staffing.csv" && pass "capped hours reported" || fail "capped hours reported"
awk -F, 'NR > 1 { n[$2 "," $4] += $10 } END { for (k in n) if (n[k] > 6) exit 1 }' "$T/cap/staffing.csv" \
    && pass "never more than the officers" || fail "more booths than the officers cap"

# Plots and the report (gnuplot present), and poesim plot redrawing them.
if command -v gnuplot >/dev/null 2>&1; then
    expect_exit 0 "staff with plots" $POESIM staff $PORT --target "$TARGET" --out "$T/pl" --quiet
    for f in report.html plots/staffing_booths.png plots/staffing_value.svg plots/staffing_booths.gp; do
        [ -s "$T/pl/$f" ] && pass "wrote $f" || fail "wrote $f"
    done
    grep -q 'Staffing plan: staff-port' "$T/pl/report.html" && pass "report.html of the plan" || fail "report.html of the plan"
    rm -f "$T/pl/report.html"
    expect_exit 0 "poesim plot redraws a staffing folder" $POESIM plot "$T/pl" --quiet
    [ -s "$T/pl/report.html" ] && pass "report.html redrawn" || fail "report.html redrawn"
else
    echo "SKIP: gnuplot missing: no staffing plots to check"
fi
