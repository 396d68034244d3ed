#!/bin/sh
# Command-line tests: exit statuses, messages, outputs, nothing written on
# bad input, byte-identical reruns and the golden run.  One "PASS: ..." or
# "FAIL: ..." line per case.  Run from the repository root.
POESIM=./poesim
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CONTRACT=../shared/contract

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }

# expect_exit STATUS NAME CMD...: run CMD, capture stdout/stderr in $T/out, $T/err
expect_exit() {
    want=$1; name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"; else
        fail "$name: exit $got, expected $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
expect_err() {  # NAME SUBSTRING: stderr contains SUBSTRING
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else
        fail "$1: stderr lacks '$2'"; sed 's/^/    /' "$T/err" | head -5; fi
}

# Usage, help, version.
expect_exit 2 "no arguments prints usage" $POESIM
expect_err "usage on stderr" "usage: poesim COMMAND"
expect_exit 0 "--version" $POESIM --version
grep -q '^poesim [0-9]' "$T/out" && pass "version printed" || fail "version printed"
for c in run check help; do
    expect_exit 0 "help $c" $POESIM help "$c"
    grep -q "usage: poesim $c" "$T/out" && pass "help $c text" || fail "help $c text"
done
expect_exit 0 "run --help" $POESIM run --help
expect_exit 0 "check --help" $POESIM check --help
expect_exit 2 "unknown command" $POESIM frobnicate
expect_err "unknown command named" 'poesim: unknown command "frobnicate"'
expect_exit 2 "run without a file" $POESIM run
expect_exit 2 "run with a bad --reps" $POESIM run "$CONTRACT/mmc.json" --reps 0 --out "$T/x"
expect_err "bad --reps explained" "--reps: expected an integer 1..10000, got \"0\""
expect_exit 2 "run with an unknown option" $POESIM run "$CONTRACT/mmc.json" --frob 1 --out "$T/x"
[ ! -e "$T/x" ] && pass "bad usage writes nothing" || fail "bad usage writes nothing"
expect_exit 2 "missing scenario file" $POESIM run "$T/none.json" --out "$T/x"
expect_err "missing file named" "$T/none.json: cannot read"

# The contract scenarios load and run.
for f in "$CONTRACT"/*.json; do
    expect_exit 0 "check $(basename "$f")" $POESIM check "$f"
done
expect_exit 0 "run contract mmc" $POESIM run "$CONTRACT/mmc.json" --out "$T/mmc"
for f in summary.json hourly.csv; do
    [ -s "$T/mmc/$f" ] && pass "mmc wrote $f" || fail "mmc wrote $f"
done
grep -q 'wait min' "$T/out" && pass "run prints a table" || fail "run prints a table"
ls -A "$T/mmc" | grep -q '^\.' && fail "temporary files left in output" || pass "no temporary files left"
head -1 "$T/mmc/hourly.csv" | grep -q '^day,weekday,hour,direction,mode,program,arrivals,served,forgone,wait_mean_min,wait_p95_min,queue_mean,queue_max,booths_open,utilisation$' \
    && pass "hourly.csv header" || fail "hourly.csv header"
expect_exit 0 "run --quiet" $POESIM run "$CONTRACT/mmc.json" --reps 2 --days 2 --quiet --out "$T/q"
[ ! -s "$T/out" ] && pass "--quiet prints nothing" || fail "--quiet prints nothing"

# Same seed, same bytes; another seed, other bytes.
$POESIM run "$CONTRACT/port.json" --reps 3 --days 2 --quiet --out "$T/a" 2>/dev/null
$POESIM run "$CONTRACT/port.json" --reps 3 --days 2 --quiet --out "$T/b" 2>/dev/null
$POESIM run "$CONTRACT/port.json" --reps 3 --days 2 --seed 99 --quiet --out "$T/c" 2>/dev/null
for f in summary.json hourly.csv; do
    cmp -s "$T/a/$f" "$T/b/$f" && pass "rerun gives identical $f" || fail "rerun gives identical $f"
    cmp -s "$T/a/$f" "$T/c/$f" && fail "another seed changes $f" || pass "another seed changes $f"
done

# Golden run: byte-identical to the stored outputs (regenerate with
# `make golden` after an intended change of the model or the outputs).
$POESIM run tests/golden/golden.json --quiet --out "$T/golden" 2>/dev/null
for f in summary.json hourly.csv; do
    cmp -s "$T/golden/$f" "tests/golden/$f" && pass "golden $f" || fail "golden $f differs from tests/golden/$f"
done

# Bad scenarios: exit 2, the expected message prefixed by "poesim: " and the
# file name, and nothing written.
for f in tests/bad/*.json; do
    [ -f "$f" ] || continue
    want=$(cat "${f%.json}.expect")
    rm -rf "$T/bad"
    $POESIM run "$f" --out "$T/bad" >"$T/out" 2>"$T/err"
    st=$?
    if [ $st -eq 2 ] && grep -qF -- "$want" "$T/err" && grep -q "^poesim: $f" "$T/err" && [ ! -e "$T/bad" ]; then
        pass "bad scenario $(basename "$f")"
    else
        fail "bad scenario $(basename "$f"): exit $st, stderr: $(head -c 300 "$T/err")"
    fi
done
exit 0
