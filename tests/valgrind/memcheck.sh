#!/bin/sh
# make memcheck: poesim under valgrind's memcheck, on the paths a planner
# uses (run, threads, flex lanes, batch with extends and --set, sweep,
# --reps auto, plot, check, calibrate, region, assess with a chain of stages,
# staff) and on error paths (a bad scenario, a bad --set).
# Each case passes when valgrind finds no invalid access, no use of an
# uninitialised value and no leak (definite, indirect or possible; memory
# still reachable at exit is not a leak) and poesim exits with the status
# expected.  Prints "PASS: what" / "FAIL: what" per case and a closing line
# "N passed, M failed"; exits non-zero on a failure.
#
# Usage: tests/valgrind/memcheck.sh [POESIM]   (default ./poesim; run from
# the repository root).  Not part of make test: valgrind makes each case
# 20-50 times slower.
cd "$(dirname "$0")/../.." || exit 1
POESIM=${1:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
VG="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --num-callers=30"

# check WANT WHAT ARGS...: poesim ARGS under valgrind exits with WANT and
# valgrind reports no error.
check() {
    want=$1; what=$2; shift 2
    log="$T/vg.$((passed + failed))"
    $VG --log-file="$log" "$POESIM" "$@" >"$T/out" 2>"$T/err"
    st=$?
    if [ "$st" -eq "$want" ] && grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
        echo "PASS: memcheck: $what"
        passed=$((passed + 1))
    else
        echo "FAIL: memcheck: $what (exit $st, expected $want)"
        grep -E 'ERROR SUMMARY|definitely|indirectly|possibly|Invalid|uninitialised' "$log" | sed 's/^/    /' | head -20
        sed 's/^/    /' "$T/err" | head -5
        failed=$((failed + 1))
    fi
}

SY=scenarios/san_ysidro.json
check 0 "run, one thread, plots" run "$SY" --reps 2 --days 1 --jobs 1 --out "$T/run"
check 0 "run, two threads" run "$SY" --reps 3 --days 1 --jobs 2 --quiet --no-plots --out "$T/run2"
check 0 "run, flex lanes" run scenarios/stanton_lerdo_contraflow.json --reps 2 --days 1 --quiet --no-plots --out "$T/flex"
check 0 "run, queue-driven policy" run scenarios/san_ysidro_reversible.json --reps 2 --days 1 --quiet --no-plots --out "$T/policy"
check 0 "run --reps auto" run tests/contract/mmc.json --reps auto --target-halfwidth 0.5 --days 1 --quiet --no-plots --out "$T/auto"
check 0 "batch with extends and --set" batch scenarios/otay_mesa_commercial.json \
    scenarios/otay_mesa_extended_hours.json scenarios/otay_mesa_fast40.json \
    --set run.warmup_days=0 --reps 2 --days 1 --quiet --no-plots --out "$T/batch"
check 0 "sweep with a range, a point over capacity (its warnings in sweep.csv)" sweep \
    tests/contract/mmc.json --set 'lanes[general].lanes=3:5:2' \
    --reps 2 --days 1 --quiet --no-plots --out "$T/sweep"
# --resume reads finished scenarios back: a folder complete already, then
# with one scenario's manifest removed, so that it alone runs again.
$POESIM batch tests/contract/mmc.json tests/contract/port.json --reps 2 --days 1 --quiet \
    --no-plots --out "$T/resume" >/dev/null 2>&1
check 0 "batch --resume, complete already" batch tests/contract/mmc.json \
    tests/contract/port.json --reps 2 --days 1 --quiet --no-plots --out "$T/resume" --resume
rm -f "$T/resume/contract-port/manifest.json"
check 0 "batch --resume, one scenario to run" batch tests/contract/mmc.json \
    tests/contract/port.json --reps 2 --days 1 --quiet --no-plots --out "$T/resume" --resume
check 0 "plot an output folder" plot "$T/run" --quiet
check 0 "plot a sweep folder with warnings" plot "$T/sweep" --quiet
head -49 data/san_ysidro_2017_observed.csv >"$T/table.csv"
tail -24 data/san_ysidro_2017_observed.csv >>"$T/table.csv"
check 0 "calibrate, one round" calibrate tests/bad-tables/base.json "$T/table.csv" --rounds 1 \
    --reps 2 --quiet --out "$T/calibrate"
check 0 "region, two iterations" region scenarios/region_san_diego.json --reps 2 --days 1 \
    --set iterations.max=2 --quiet --no-plots --out "$T/region"
check 0 "assess, a chain of stages" assess scenarios/otay_mesa_commercial.json --reps 2 --days 1 \
    --set run.warmup_days=0 --set assessment.share_step=0.25 --quiet --no-plots --out "$T/assess"
check 0 "staff, two queues" staff tests/staff/port.json --target 'pov:mean<=10,truck:mean<=30' \
    --reps 2 --days 1 --quiet --out "$T/staff"
check 0 "check a proposal" check scenarios/san_ysidro_sentri40.json
check 2 "a bad scenario" run tests/bad/027-duplicate-lane-name.json --out "$T/bad"
check 2 "a bad --set" run "$SY" --set 'lanes[pov-redy].lanes=4' --out "$T/bad"
check 2 "a bad --set value" run "$SY" --set 'lanes[0].lanes=-1' --out "$T/bad"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
