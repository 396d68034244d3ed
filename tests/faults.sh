#!/bin/sh
# Faults and interruptions: a batch killed with SIGKILL and resumed gives the
# bytes of an uninterrupted batch (also a sweep); SIGINT and SIGTERM stop
# within a second with their exit status, no temporary file and the previous
# result intact; an unwritable folder (refused before any simulation), a
# full disk and a missing gnuplot; a
# scenario file changed during a batch.  One "PASS: ..." or "FAIL: ..." line
# per case ("SKIP: ..." where this machine cannot set the fault up).  Run
# from the repository root.
POESIM=./poesim
T=$(mktemp -d)
trap '[ -n "$KEEP" ] || rm -rf "$T"' EXIT
MMC=$PWD/tests/contract/mmc.json

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
check() {   # NAME CMD...: PASS if CMD succeeds
    name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# wait_for FILE: until FILE exists (at most 20 s); fails if it never does.
wait_for() {
    i=0
    while [ ! -e "$1" ]; do
        i=$((i + 1)); [ $i -gt 2000 ] && return 1
        sleep 0.01
    done
}
no_temporaries() { [ -z "$(find "$1" -name '.*.tmp.*')" ]; }
# Digests of every file of a folder but those kept for --resume.
digests() { (cd "$1" && find . -path ./.poesim-resume -prune -o -type f -print | sort | xargs sha256sum); }

# Three scenarios of about 0.2 s each: the contract M/M/5 and two proposals.
for k in 6 7; do
    printf '{"extends": "%s", "name": "mmc%s", "lanes": [{"name": "general", "lanes": %s}]}\n' \
        "$MMC" "$k" "$k" > "$T/p$k.json"
done
cp "$MMC" "$T/base.json"
BATCH="batch $T/base.json $T/p6.json $T/p7.json --reps 8 --days 20 --jobs 1 --no-plots"

# --- SIGKILL midway, then --resume: the bytes of an uninterrupted batch ---
$POESIM $BATCH --quiet --out "$T/ref" 2>/dev/null
check "uninterrupted batch complete" test -f "$T/ref/manifest.json"
$POESIM $BATCH --quiet --out "$T/k" 2>/dev/null &
pid=$!
wait_for "$T/k/.poesim-resume/contract-mmc/manifest.json"
kill -KILL $pid
wait $pid
st=$?
check "SIGKILL ends the batch (status 137)" test $st -eq 137
check "killed midway: nothing in place yet" test ! -e "$T/k/manifest.json" -a ! -e "$T/k/comparison.csv"
$POESIM $BATCH --resume --out "$T/k" >"$T/out" 2>"$T/err"
check "resume exits 0" test $? -eq 0
n=$(sed -n 's/^poesim: resume: \([0-9]*\) of 3 scenarios finished earlier.*/\1/p' "$T/err")
check "resume skips the finished scenarios (${n:-none} of 3)" test "${n:-0}" -ge 1
if diff -r "$T/ref" "$T/k" >"$T/diff"; then pass "resumed batch is byte-identical to the uninterrupted one"
else fail "resumed batch differs: $(head -3 "$T/diff")"; fi
check "nothing kept aside after the batch" test ! -e "$T/k/.poesim-resume"
$POESIM $BATCH --resume --out "$T/k" >"$T/out" 2>&1
check "resume of a complete batch has nothing to run" grep -q 'complete already' "$T/out"

# A sweep the same way.
SWEEP="sweep $MMC --set lanes[general].lanes=5:8:1 --reps 8 --days 10 --jobs 1 --no-plots"
$POESIM $SWEEP --quiet --out "$T/sref" 2>/dev/null
$POESIM $SWEEP --quiet --out "$T/sk" 2>/dev/null &
pid=$!
wait_for "$T/sk/.poesim-resume/contract-mmc-p1/manifest.json"
kill -KILL $pid
wait $pid
$POESIM $SWEEP --resume --quiet --out "$T/sk" 2>/dev/null
if diff -r "$T/sref" "$T/sk" >"$T/diff"; then pass "resumed sweep is byte-identical to the uninterrupted one"
else fail "resumed sweep differs: $(head -3 "$T/diff")"; fi

# Resume needs the same settings: another seed runs everything again.
BATCH="batch $T/base.json $T/p6.json $T/p7.json --reps 4 --days 5 --jobs 1 --no-plots"
$POESIM $BATCH --resume --seed 8 --quiet --out "$T/k2" 2>/dev/null
cp -r "$T/k2" "$T/k3"
$POESIM $BATCH --resume --seed 9 --out "$T/k3" >"$T/out" 2>"$T/err"
check "other settings are not taken as finished" grep -q 'resume: 0 of 3 scenarios finished earlier' "$T/err"
$POESIM $BATCH --seed 9 --quiet --out "$T/k4" 2>/dev/null
check "... and give the bytes of a fresh run" diff -r "$T/k3" "$T/k4"

$POESIM run "$MMC" --resume --out "$T/r0" >/dev/null 2>"$T/err"
check "run --resume refused (exit 2)" test $? -eq 2
$POESIM $BATCH --resume --reps auto --target-halfwidth 1 --out "$T/a0" >/dev/null 2>"$T/err"
st=$?
check "--resume with --reps auto refused (exit 2)" test $st -eq 2
check "--resume with --reps auto explained" grep -q 'resume needs a fixed number of replications' "$T/err"

# --- SIGINT midway: status 130 within a second, previous result intact ---
if env --default-signal=INT true 2>/dev/null; then
    $POESIM batch "$MMC" "$T/p6.json" --reps 2 --days 2 --quiet --no-plots --out "$T/i" 2>/dev/null
    digests "$T/i" >"$T/before"
    # A background job of a shell without job control ignores SIGINT (and
    # poesim keeps an ignored signal ignored): restore the default.
    env --default-signal=INT $POESIM batch "$MMC" "$T/p6.json" "$T/p7.json" --reps 8 --days 20 \
        --seed 99 --jobs 1 --no-plots --out "$T/i" >/dev/null 2>"$T/err" &
    pid=$!
    wait_for "$T/i/.poesim-resume/contract-mmc/manifest.json"
    kill -INT $pid
    t0=$(now_ms)
    wait $pid
    st=$?
    ms=$(($(now_ms) - t0))
    check "SIGINT: exit status 130 (got $st)" test $st -eq 130
    check "SIGINT: stopped within a second (${ms} ms)" test $ms -lt 1000
    check "SIGINT: says so" grep -q '^poesim: stopped by SIGINT' "$T/err"
    check "SIGINT: no temporary file left" no_temporaries "$T/i"
    digests "$T/i" >"$T/after"
    check "SIGINT: previous result intact" cmp -s "$T/before" "$T/after"
    $POESIM batch "$MMC" "$T/p6.json" --reps 2 --days 2 --no-plots --resume --out "$T/i" >"$T/out" 2>&1
    check "SIGINT: previous result still complete by its manifest" grep -q 'complete already' "$T/out"
else
    echo "SKIP: SIGINT (env --default-signal is missing here)"
fi

# --- SIGTERM during one long replication (no check inside the model) ---
SY=scenarios/san_ysidro.json
$POESIM run $SY --days 1 --reps 1 --quiet --no-plots --out "$T/t" 2>/dev/null
digests "$T/t" >"$T/before"
$POESIM run $SY --days 60 --reps 1 --jobs 1 --quiet --no-plots --out "$T/t" 2>"$T/err" &
pid=$!
sleep 0.5
kill -TERM $pid
t0=$(now_ms)
wait $pid
st=$?
ms=$(($(now_ms) - t0))
check "SIGTERM mid-replication: exit status 143 (got $st)" test $st -eq 143
check "SIGTERM mid-replication: stopped within a second (${ms} ms)" test $ms -lt 1000
digests "$T/t" >"$T/after"
check "SIGTERM: previous result intact" cmp -s "$T/before" "$T/after"
check "SIGTERM: no temporary file left" no_temporaries "$T/t"

# --- Unwritable output folder ---
touch "$T/file"
$POESIM run "$MMC" --reps 1 --days 1 --no-plots --out "$T/file/x" >/dev/null 2>"$T/err"
check "a file in the way: exit 1" test $? -eq 1
check "a file in the way: explained" grep -q "cannot create the output folder: Not a directory ($T/file is a file)" "$T/err"
# The folder is checked before any simulation: a year of San Ysidro (several
# seconds of computing), a batch and a sweep fail at once, nothing written.
before_any_run() {   # NAME CMD...: exit 1 within a second, "nothing was run"
    name=$1; shift
    t0=$(now_ms)
    "$@" >"$T/out" 2>"$T/err"
    st=$?
    ms=$(($(now_ms) - t0))
    check "$name: exit 1 (got $st)" test $st -eq 1
    check "$name: before any replication (${ms} ms)" test $ms -lt 1000
    check "$name: says nothing was run" grep -q "(nothing was run)" "$T/err"
}
SYF=scenarios/san_ysidro.json
before_any_run "run into a file" $POESIM run $SYF --days 365 --out "$T/file/x"
check "run into a file: no progress, no table" test ! -s "$T/out"
before_any_run "batch into a file" $POESIM batch $SYF scenarios/san_ysidro_more_booths.json \
    --days 365 --out "$T/file"
before_any_run "sweep into a file" $POESIM sweep $SYF --set 'lanes[pov-general].lanes=20,22' \
    --days 365 --out "$T/file/s"
mkdir -p "$T/bw"
touch "$T/bw/contract-mmc"
before_any_run "batch whose scenario folder is a file" $POESIM batch "$MMC" "$T/p6.json" \
    --days 365 --out "$T/bw"
check "... the file named" grep -q "$T/bw/contract-mmc is a file" "$T/err"
check "... nothing written beside it" test "$(ls -A "$T/bw")" = contract-mmc
mkdir -p "$T/pw" && touch "$T/pw/plots"
before_any_run "plots/ a file" $POESIM run "$MMC" --days 365 --out "$T/pw"
check "... nothing written" test "$(ls -A "$T/pw")" = plots
# unwritable_case DIR WHAT: DIR holds a previous run and can no longer be written.
unwritable_case() {
    $POESIM run "$MMC" --reps 1 --days 2 --no-plots --out "$1/r" >"$T/out" 2>"$T/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "cannot write: $2; $1/r was not changed" "$T/err"; then
        pass "unwritable folder ($2): exit 1, explained"
    else fail "unwritable folder ($2): exit $st: $(cat "$T/err")"; fi
    digests "$1/r" >"$T/after"
    check "unwritable folder ($2): previous result intact" cmp -s "$T/before" "$T/after"
}
if [ "$(id -u)" != 0 ]; then
    $POESIM run "$MMC" --reps 1 --days 1 --quiet --no-plots --out "$T/ro/r" 2>/dev/null
    digests "$T/ro/r" >"$T/before"
    chmod 555 "$T/ro/r"
    unwritable_case "$T/ro" "Permission denied"
    chmod 755 "$T/ro/r"
fi

# Faults that need a file system of their own: a private mount namespace
# (root, or an unprivileged user namespace) with a small tmpfs.
NS=""
for u in "unshare -m" "unshare -rm"; do
    if $u sh -c 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r' 2>/dev/null; then
        NS=$u; break
    fi
done
if [ -n "$NS" ]; then
    mkdir -p "$T/fs"
    # In the namespace: a 64 KiB tmpfs; a small run fits, a long one does not.
    $NS sh -c '
        mount -t tmpfs -o size=64k tmpfs "$1/fs" || exit 1
        $2 run "$3" --reps 1 --days 1 --quiet --no-plots --out "$1/fs/r" 2>/dev/null || exit 2
        (cd "$1/fs/r" && find . -type f | sort | xargs sha256sum) >"$1/full-before"
        $2 run "$3" --reps 1 --days 60 --no-plots --out "$1/fs/r" >/dev/null 2>"$1/full-err"
        echo $? >"$1/full-status"
        (cd "$1/fs/r" && find . -type f | sort | xargs sha256sum) >"$1/full-after"
        find "$1/fs" -name ".*.tmp.*" >"$1/full-tmp"
        (cd "$1/fs/r" && find . -type f | sort | xargs sha256sum) >"$1/before"
        mount -o remount,ro "$1/fs" || exit 3
        $2 run "$3" --reps 1 --days 2 --no-plots --out "$1/fs/r" >/dev/null 2>"$1/ro-err"
        echo $? >"$1/ro-status"
        (cd "$1/fs/r" && find . -type f | sort | xargs sha256sum) >"$1/ro-after"
        $2 run "$3" --reps 1 --days 1 --no-plots --out "$1/fs/new" >/dev/null 2>"$1/ro-new-err"
        echo $? >>"$1/ro-status"
        umount "$1/fs"
    ' sh "$T" "$PWD/poesim" "$MMC"
    st=$?
    if [ $st -eq 0 ]; then
        check "full disk: exit 1" test "$(cat "$T/full-status")" = 1
        check "full disk: explained" grep -q ': cannot write: No space left on device; .* was not changed' "$T/full-err"
        check "full disk: previous result intact" cmp -s "$T/full-before" "$T/full-after"
        check "full disk: no temporary file left" test ! -s "$T/full-tmp"
        check "read-only file system: exit 1 (existing and new folder)" test "$(cat "$T/ro-status" | tr '\n' ' ')" = "1 1 "
        check "read-only file system: explained" grep -q "cannot write: Read-only file system; $T/fs/r was not changed" "$T/ro-err"
        check "read-only file system: new folder explained" grep -q "cannot create the output folder: Read-only file system" "$T/ro-new-err"
        check "read-only file system: previous result intact" cmp -s "$T/before" "$T/ro-after"
    else
        fail "full disk and read-only file system: the tmpfs set-up failed ($st)"
    fi
else
    echo "SKIP: full disk and read-only file system (no mount namespace here)"
fi

# --- gnuplot missing: a warning, exit 0, everything else written ---
env PATH=/nonexistent $POESIM run "$MMC" --reps 2 --days 1 --out "$T/g" >/dev/null 2>"$T/err"
check "gnuplot missing: exit 0" test $? -eq 0
check "gnuplot missing: one warning" test "$(grep -c 'gnuplot' "$T/err")" -eq 1
check "gnuplot missing: the warning says so" grep -q '^poesim: warning: gnuplot not found' "$T/err"
check "gnuplot missing: report and scripts written" test -s "$T/g/report.html" -a -s "$T/g/plots/wait_by_hour.gp"
check "gnuplot missing: no image" test -z "$(find "$T/g/plots" -name '*.png' -o -name '*.svg')"
check "gnuplot missing: results complete" test -s "$T/g/manifest.json" -a -s "$T/g/summary.json"

# A folder without its manifest (a run killed while replacing it) is not
# trusted by poesim plot.
cp -r "$T/g" "$T/g2" && rm "$T/g2/manifest.json"
$POESIM plot "$T/g2" --quiet >/dev/null 2>"$T/err"
check "plot refuses a folder without manifest (exit 2)" test $? -eq 2
check "plot says why" grep -q 'no manifest.json: the folder holds no complete result' "$T/err"

# --- A scenario file changed while the batch ran ---
BATCH="batch $T/base.json $T/p6.json $T/p7.json --reps 8 --days 20 --jobs 1 --no-plots"
cp "$MMC" "$T/base.json"
$POESIM $BATCH --quiet --out "$T/c" 2>"$T/err" &
pid=$!
wait_for "$T/c/.poesim-resume/contract-mmc/manifest.json"
sed 's/"lanes": 5/"lanes": 6/' "$MMC" >"$T/base.new" && mv "$T/base.new" "$T/base.json"
wait $pid
st=$?
check "changed scenario: exit 1 (got $st)" test $st -eq 1
check "changed scenario: explained" grep -q "^poesim: $T/base.json changed while the batch ran" "$T/err"
check "changed scenario: nothing written" test ! -e "$T/c/manifest.json" -a ! -e "$T/c/comparison.csv" -a ! -e "$T/c/contract-mmc"
check "changed scenario: no temporary file left" no_temporaries "$T/c"
$POESIM $BATCH --resume --out "$T/c" >/dev/null 2>"$T/err"
check "changed scenario: --resume runs it again" grep -q 'resume: contract-mmc: not the results of this scenario' "$T/err"
$POESIM $BATCH --quiet --out "$T/cref" 2>/dev/null
check "changed scenario: --resume then gives the bytes of a fresh run" diff -r "$T/c" "$T/cref"
exit 0
