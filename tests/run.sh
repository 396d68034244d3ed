#!/bin/sh
# Run every test program and script; print one closing line "N passed, M failed"
# and exit non-zero if anything failed.
#
# Test programs (cmocka) are given as arguments; their "[  PASSED  ] n test(s)"
# and "[  FAILED  ] n test(s)" lines are counted.  Test scripts tests/*.sh print
# one line "PASS: what" or "FAIL: what" per case ("SKIP: what" is shown,
# not counted).  A program or script that
# exits non-zero without reporting a failure counts as one failure.
#
# TEST_JOBS programs and scripts run at once (default: the number of
# processors); each writes its own log, and the results are shown in a fixed
# order (the programs, then the scripts), each with the seconds it took, so the
# output reads the same whatever the number of jobs.  Tests keep their files
# apart (mktemp folders, their own names under tests/out), so they may overlap.
#
# TEST_SKIP: scripts not to run, by name (make sanitize skips those that do not
# run its build: the MPI build, and the browser's page test, whose page
# plots.sh already draws with it); each is shown as SKIP.
#
# With SANITIZER_LOGS set to a folder (make sanitize), each sanitizer report
# found there at the end also counts as one failure, and is shown.
#
# --programs-only (first argument; make unit): the programs, not the scripts.
cd "$(dirname "$0")/.." || exit 1
scripts=yes
if [ "${1:-}" = --programs-only ]; then
    scripts=no
    shift
fi
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
passed=0
failed=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The work list, a line each: NUMBER KIND PATH (KIND: prog or script).  The
# scripts go first: they are the longest, and starting them first keeps the
# jobs busy to the end.
n=0
list=$dir/list
: >"$list"
if [ $scripts = yes ]; then
    for s in tests/*.sh; do
        [ "$s" = tests/run.sh ] && continue
        [ -f "$s" ] || continue
        n=$((n + 1))
        echo "$n script $s" >>"$list"
    done
fi
for t in "$@"; do
    n=$((n + 1))
    echo "$n prog $t" >>"$list"
done

# One test: its log, its exit status and its seconds, under $dir/NUMBER.*.
cat >"$dir/one.sh" <<'ONE'
d=$1 k=$2 kind=$3 path=$4
for x in $TEST_SKIP; do
    if [ "$x" = "$path" ]; then
        echo "SKIP: $path (TEST_SKIP)" >"$d/$k.log"
        echo 0 >"$d/$k.rc"
        echo 0 >"$d/$k.sec"
        exit 0
    fi
done
t0=$(date +%s)
if [ "$kind" = script ]; then sh "$path" >"$d/$k.log" 2>&1; else "$path" >"$d/$k.log" 2>&1; fi
echo $? >"$d/$k.rc"
echo $(($(date +%s) - t0)) >"$d/$k.sec"
ONE
# shellcheck disable=SC2016
xargs -P "$jobs" -L 1 sh -c 'sh "$0" "$1" "$2" "$3" "$4"' "$dir/one.sh" "$dir" <"$list" 2>/dev/null

count() {   # $1: label; $2: its log; $3: exit status
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^PASS: .*/1/p' "$2" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^FAIL: .*/1/p' "$2" | awk '{s+=$1} END {print s+0}')
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL: $1 exited with status $3"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

show() {   # $1: kind
    while read -r k kind path; do
        [ "$kind" = "$1" ] || continue
        log=$dir/$k.log
        st=$(cat "$dir/$k.rc" 2>/dev/null || echo 127)
        echo "== $path ($(cat "$dir/$k.sec" 2>/dev/null || echo '?') s)"
        if [ "$kind" = prog ]; then
            grep -E '^\[  (FAILED|  OK  |PASSED)|^\[  ERROR|^\[ *FAILED|Failure|error' "$log" |
                grep -v '^\[       OK \]' | head -40
        else
            grep -E '^(FAIL|SKIP):' "$log" | head -40
        fi
        count "$path" "$log" "$st"
    done <"$list"
}
show prog
show script
if [ -n "$SANITIZER_LOGS" ]; then
    for r in "$SANITIZER_LOGS"/*; do
        [ -f "$r" ] || continue
        # LeakSanitizer, stopping the threads at exit, may find one still
        # exiting and say only that it could not read its registers; it then
        # checks the rest, and a leak would follow in the same report.  Such a
        # report alone is not a finding (seen once in CI, gone on a rerun).
        if ! grep -qv '^==[0-9]*==Unable to get registers from thread [0-9]*\.$' "$r"; then
            echo "NOTE: $r: LeakSanitizer could not read an exiting thread's registers (not a finding)"
            continue
        fi
        echo "FAIL: sanitizer report $r"
        sed 's/^/    /' "$r" | head -40
        failed=$((failed + 1))
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
