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
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {   # $1: label; output in $log; $2: exit status
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^PASS: .*/1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^FAIL: .*/1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "FAIL: $1 exited with status $2"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

for t in "$@"; do
    echo "== $t"
    "$t" >"$log" 2>&1
    st=$?
    grep -E '^\[  (FAILED|  OK  |PASSED)|^\[  ERROR|^\[ *FAILED|Failure|error' "$log" | grep -v '^\[       OK \]' | head -40
    count "$t" "$st"
done
for s in tests/*.sh; do
    [ $scripts = yes ] || break
    [ "$s" = tests/run.sh ] && continue
    [ -f "$s" ] || continue
    echo "== $s"
    sh "$s" >"$log" 2>&1
    st=$?
    grep -E '^(FAIL|SKIP):' "$log" | head -40
    count "$s" "$st"
done
if [ -n "$SANITIZER_LOGS" ]; then
    for r in "$SANITIZER_LOGS"/*; do
        [ -f "$r" ] || continue
        echo "FAIL: sanitizer report $r"
        sed 's/^/    /' "$r" | head -40
        failed=$((failed + 1))
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
