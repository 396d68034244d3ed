#!/bin/sh
# poesim calibrate on the command line: usage errors, a table that does not
# fit its base, a bad table and a bad base (each exit 2, its message, nothing
# written), a run that writes its set (calibrated.json loading as a
# scenario, fit.csv's columns), --port, and the same bytes when run again.
# One "PASS: ..." or "FAIL: ..." line per case.  Run from the repository
# root.  The fit itself is tested by test_calibrate.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
BASE=tests/bad-tables/base.json
SY=data/san_ysidro_2017_observed.csv

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
expect_exit() {     # STATUS NAME CMD...
    want=$1; name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"; else
        fail "$name: exit $got, expected $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
expect_err() {      # NAME SUBSTRING
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else
        fail "$1: stderr lacks '$2'"; sed 's/^/    /' "$T/err" | head -5; fi
}
nothing() {         # NAME: $T/x was not created
    [ ! -e "$T/x" ] && pass "$1: nothing written" || { fail "$1: $T/x written"; rm -rf "$T/x"; }
}

expect_exit 0 "help calibrate" $POESIM help calibrate
grep -q "usage: poesim calibrate BASE.json OBSERVED.csv" "$T/out" && pass "help text" \
    || fail "help text"
expect_exit 2 "one file" $POESIM calibrate "$BASE" --out "$T/x"
expect_err "one file explained" "calibrate: expected a base scenario and an observed table, got 1 file"
nothing "one file"
expect_exit 2 "--set refused" $POESIM calibrate "$BASE" "$SY" --set run.days=2 --out "$T/x"
expect_err "--set explained" "calibrate: --set is not taken"
expect_exit 2 "--rounds out of range" $POESIM calibrate "$BASE" "$SY" --rounds 101 --out "$T/x"
expect_err "--rounds explained" '--rounds: expected an integer 0..100, got "101"'
expect_exit 2 "--stand-min 0" $POESIM calibrate "$BASE" "$SY" --stand-min 0 --out "$T/x"
expect_err "--stand-min explained" "calibrate: --stand-min: expected minutes > 0"
expect_exit 2 "bad --name" $POESIM calibrate "$BASE" "$SY" --name "../x" --out "$T/x"
expect_err "--name explained" 'calibrate: --name: expected a name of 1 to 63 characters'
expect_exit 2 "--port elsewhere" $POESIM run "$BASE" --port "San Ysidro" --out "$T/x"
expect_err "--port is calibrate's" "run: unknown option \"--port\" (it is calibrate's)"
expect_exit 2 "--reps auto refused" $POESIM calibrate "$BASE" "$SY" --reps auto \
    --target-halfwidth 1 --out "$T/x"
nothing "usage errors"

# A table that does not fit the base: SENTRI rows, no SENTRI lanes.
expect_exit 2 "a queue the base lacks" $POESIM calibrate "$BASE" "$SY" --out "$T/x"
expect_err "the row and columns named" "$SY:50: columns direction, vehicle_type, traveler_type: north pov sentri: $BASE has no lane group serving this queue"
nothing "a queue the base lacks"
expect_exit 2 "a bad table" $POESIM calibrate "$BASE" tests/bad-tables/005-negative-volume.csv --out "$T/x"
expect_err "its row and column named" 'tests/bad-tables/005-negative-volume.csv:4: column "volume"'
nothing "a bad table"
expect_exit 2 "a missing table" $POESIM calibrate "$BASE" "$T/none.csv" --out "$T/x"
expect_err "the missing table named" "$T/none.csv: cannot read"
expect_exit 2 "a bad base" $POESIM calibrate tests/bad/005-missing-name.json "$SY" --out "$T/x"
nothing "bad inputs"

# A small fit: General and Ready of the San Ysidro table, southbound, on a
# base that has them; one day, few rounds.
head -49 "$SY" > "$T/table.csv"
tail -24 "$SY" >> "$T/table.csv"
expect_exit 0 "calibrate" $POESIM calibrate "$BASE" "$T/table.csv" --out "$T/c" --rounds 1 \
    --reps 3 --no-plots --name small
for f in calibrated.json fit.csv fit.json manifest.json run/summary.json run/hourly.csv; do
    [ -s "$T/c/$f" ] && pass "wrote $f" || fail "wrote $f"
done
grep -q 'wait sim' "$T/out" && grep -q 'calibrated in' "$T/out" && pass "a fit table on stdout" \
    || fail "a fit table on stdout"
head -1 "$T/c/fit.csv" | grep -q '^hour,direction,mode,program,row,volume_obs,volume_sim,geh,wait_obs_min,wait_sim_min,wait_sim_ci95_min,lanes_obs,lanes_sim,booths_sim$' \
    && pass "fit.csv header" || fail "fit.csv header"
[ "$(wc -l < "$T/c/fit.csv")" -eq 73 ] && pass "fit.csv: a row per table row" || fail "fit.csv rows"
grep -q '"extends":.*bad-tables/base.json"' "$T/c/calibrated.json" && pass "extends BASE" \
    || fail "extends BASE"
expect_exit 0 "calibrated.json is a scenario" $POESIM check "$T/c/calibrated.json"
grep -q '"replications":	3' "$T/c/calibrated.json" && pass "--reps recorded" || fail "--reps recorded"
grep -q 'Fitted (north pov ready): service hourly_factor' "$T/c/calibrated.json" \
    && pass "notes say what was fitted" || fail "notes say what was fitted"
expect_exit 0 "calibrate again" $POESIM calibrate "$BASE" "$T/table.csv" --out "$T/c2" --rounds 1 \
    --reps 3 --no-plots --name small --jobs 1
for f in calibrated.json fit.csv fit.json; do
    cmp -s "$T/c/$f" "$T/c2/$f" && pass "$f: same bytes (jobs 2 and 1)" || fail "$f differs"
done

# A base whose schedules step at some hours only (Otay Mesa's: 00:00, 05:00,
# 22:00): the fitted hourly steps merge over them in time order.
cat >"$T/stepbase.json" <<JSON
{ "extends": "$PWD/$BASE", "name": "stepbase",
  "lanes": [ { "name": "ready", "staffed_booths": { "00:00": 3, "05:00": 6, "22:00": 3 } } ] }
JSON
expect_exit 0 "calibrate a base with steps at some hours" $POESIM calibrate "$T/stepbase.json" \
    "$T/table.csv" --out "$T/st" --rounds 0 --reps 2 --no-plots --quiet
expect_exit 0 "... its calibrated.json loads" $POESIM check "$T/st/calibrated.json"

# Plots and report of a calibration folder, and poesim plot on it again.
expect_exit 0 "calibrate with plots" $POESIM calibrate "$BASE" "$T/table.csv" --out "$T/cp" \
    --rounds 0 --reps 2 --plots png --quiet
if command -v gnuplot >/dev/null 2>&1; then
    for p in fit_wait fit_volume fit_lanes; do
        [ -s "$T/cp/plots/$p.png" ] && pass "plot $p" || fail "plot $p"
    done
    [ -s "$T/cp/run/plots/wait_by_hour.png" ] && pass "run/ plotted" || fail "run/ plotted"
else
    echo "SKIP: gnuplot missing: calibration plots"
fi
grep -q '<h1>Calibration: ' "$T/cp/report.html" && grep -q 'fit_wait' "$T/cp/report.html" \
    && pass "report.html of the calibration" || fail "report.html of the calibration"
expect_exit 0 "poesim plot of a calibration folder" $POESIM plot "$T/cp" --plots svg --quiet
[ -s "$T/cp/plots/fit_wait.gp" ] && pass "scripts beside the plots" || fail "scripts beside the plots"

# --port picks the rows of one port.
sed 's/San Ysidro/Otay Mesa/' "$T/table.csv" | tail -n +2 >> "$T/table.csv"
expect_exit 2 "two ports, no --port" $POESIM calibrate "$BASE" "$T/table.csv" --out "$T/x"
expect_err "two ports explained" "choose one with --port"
expect_exit 0 "--port" $POESIM calibrate "$BASE" "$T/table.csv" --port "Otay Mesa" --out "$T/p" \
    --rounds 0 --reps 2 --no-plots --quiet
grep -q '"port":	"Otay Mesa"' "$T/p/fit.json" && pass "--port recorded" || fail "--port recorded"
nothing "all"
