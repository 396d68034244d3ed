#!/bin/sh
# MPI (--mpi, sim/ranks.c): `make MPI=1` builds build-mpi/poesim (./poesim is
# left alone); mpirun -np 2 and -np 3 write byte for byte the files a serial
# run writes (batch, sweep, run, --reps auto, --resume after a failure,
# region, batch of regions, a region's constants fitted);
# workers need neither the scenario files nor write anything; a task that
# fails and a rank that dies end the run non-zero, with a message, within
# seconds; a bad scenario gives one message and status 2; the plain build
# refuses --mpi.  One "PASS: ..." or "FAIL: ..." line per case; "SKIP: ..."
# lines if Open MPI is missing (make test installs it).  About 30 s on two
# cores.  Run from the repository root.
T=$(mktemp -d)
trap '[ -n "$KEEP" ] || rm -rf "$T"' EXIT
PLAIN=${POESIM:-./poesim}
P=build-mpi/poesim

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

if ! command -v mpicc >/dev/null 2>&1 || ! command -v mpirun >/dev/null 2>&1; then
    echo "SKIP: MPI tests: Open MPI is not installed (openmpi-bin, libopenmpi-dev)"
    exit 0
fi
# Without link-time optimisation (LTO=): a test of the ranks' work, not of
# speed, and a quarter of a minute less of CI.
if make --no-print-directory -j"$(nproc 2>/dev/null || echo 1)" MPI=1 LTO= "$P" >"$T/build.log" 2>&1; then
    pass "make MPI=1 builds $P"
else
    fail "make MPI=1 builds $P"
    sed 's/^/    /' "$T/build.log" | tail -20
    exit 1
fi

# mpirun as root needs these; keep Open MPI from looking for InfiniBand.
if [ "$(id -u)" = 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_btl='^openib' OMPI_MCA_btl_base_warn_component_unused=0
# mpi NP ARGS...: poesim ARGS --mpi on NP ranks, at most 60 s.
mpi() {
    np=$1; shift
    timeout 60 mpirun -np "$np" --oversubscribe "$P" "$@" --mpi
}
same() {    # NAME DIR1 DIR2: PASS if every file is the same bytes
    if diff -r "$2" "$3" >"$T/diff" 2>&1; then pass "$1"; else fail "$1"; head -5 "$T/diff"; fi
}

S="scenarios/san_ysidro.json scenarios/san_ysidro_more_booths.json scenarios/san_ysidro_sentri40.json scenarios/san_ysidro_reversible.json"
BATCH="batch $S --days 1 --reps 4 --no-plots --quiet"

# The plain build knows --mpi only to refuse it.
if ldd "$PLAIN" 2>/dev/null | grep -q libmpi; then
    echo "SKIP: $PLAIN refuses --mpi ($PLAIN was built with MPI=1)"
else
    $PLAIN $BATCH --out "$T/x" --mpi 2>"$T/err"
    st=$?
    if [ $st -eq 2 ] && grep -q "built without MPI; rebuild with make MPI=1" "$T/err" \
       && [ ! -e "$T/x" ]; then
        pass "a poesim built without MPI refuses --mpi (status 2)"
    else
        fail "a poesim built without MPI refuses --mpi (status $st)"; cat "$T/err"
    fi
fi

# Batch: serial against 2 and 3 ranks.  The serial runs are of the MPI build
# without --mpi, which writes the plain build's bytes (fingerprints included:
# the same sources) - unless $POESIM is another build (make sanitize's,
# whose fingerprints do not carry the digest of the sources).
$P $BATCH --jobs 1 --out "$T/b-serial" 2>/dev/null || fail "serial batch"
if [ -z "$POESIM" ]; then
    $PLAIN $BATCH --jobs 2 --out "$T/b-plain" 2>/dev/null || fail "serial batch of $PLAIN"
    same "the MPI build without --mpi writes the plain build's bytes" "$T/b-serial" "$T/b-plain"
else
    echo "SKIP: the MPI build against $PLAIN (another build, other fingerprints)"
fi
for np in 2 3; do
    if mpi $np $BATCH --out "$T/b-np$np" 2>"$T/err"; then
        same "batch on mpirun -np $np: every file the bytes of the serial run" \
            "$T/b-serial" "$T/b-np$np"
    else
        fail "batch on mpirun -np $np exits 0"; tail -5 "$T/err"
    fi
done

# Sweep (12 grid points + the scenario as written) on 3 ranks.
SWEEP="sweep scenarios/san_ysidro.json --set demand[fit-north-pov-sentri].per_day=13000:16000:1000 --set lanes[pov-sentri].staffing_policy.open_above=15,20,25 --days 1 --reps 3 --no-plots --quiet"
$P $SWEEP --out "$T/s-serial" 2>/dev/null || fail "serial sweep"
if mpi 3 $SWEEP --out "$T/s-np3" 2>"$T/err"; then
    same "sweep on mpirun -np 3: every file the bytes of the serial run" "$T/s-serial" "$T/s-np3"
else
    fail "sweep on mpirun -np 3 exits 0"; tail -5 "$T/err"
fi

# Run, with --reps auto (two rounds: 10 replications, then 30): the rounds
# are the manager's, the bytes the same.
RUN="run scenarios/otay_mesa_flex.json --days 1 --reps auto --target-halfwidth 0.03 --max-reps 30 --no-plots --quiet"
$P $RUN --out "$T/r-serial" 2>/dev/null || fail "serial run"
if mpi 2 $RUN --out "$T/r-np2" 2>"$T/err"; then
    same "run --reps auto on mpirun -np 2: the bytes of the serial run" "$T/r-serial" "$T/r-np2"
else
    fail "run --reps auto on mpirun -np 2 exits 0"; tail -5 "$T/err"
fi

# A region (each iteration's ports sent as text, with the region's streams)
# and a batch of regions: the bytes of a serial run.
REG="region tests/region/toll_hold.json --days 3 --reps 3 --set iterations.max=5 --no-plots --quiet"
$P $REG --jobs 1 --out "$T/g-serial" 2>/dev/null || fail "serial region"
if mpi 3 $REG --out "$T/g-np3" 2>"$T/err"; then
    same "region on 3 ranks: the bytes of a serial run" "$T/g-serial" "$T/g-np3"
else
    fail "region on 3 ranks"; tail -5 "$T/err"
fi
FIT="region tests/region/fit_mmc.json --fit-constants --days 5 --reps 3 --no-plots --quiet"
$P $FIT --jobs 1 --out "$T/f-serial" 2>/dev/null || fail "serial fit of a region's constants"
if mpi 2 $FIT --out "$T/f-np2" 2>"$T/err"; then
    same "constants fitted on 2 ranks: the bytes of a serial fit" "$T/f-serial" "$T/f-np2"
else
    fail "constants fitted on 2 ranks"; tail -5 "$T/err"
fi
RB="batch scenarios/region_san_diego.json scenarios/region_san_diego_ome.json --days 1 --reps 2 --set iterations.max=3 --no-plots --quiet"
$P $RB --jobs 1 --out "$T/rb-serial" 2>/dev/null || fail "serial batch of regions"
if mpi 2 $RB --out "$T/rb-np2" 2>"$T/err"; then
    same "batch of regions on 2 ranks: the bytes of a serial run" "$T/rb-serial" "$T/rb-np2"
else
    fail "batch of regions on 2 ranks"; tail -5 "$T/err"
fi

# Workers started elsewhere (an empty folder, where the relative scenario
# paths do not exist) compute from the text rank 0 sends and write nothing.
mkdir "$T/elsewhere"
if timeout 60 mpirun --oversubscribe -np 1 --wdir "$PWD" "$P" $BATCH --out "$T/b-wdir" --mpi \
        : -np 2 --wdir "$T/elsewhere" "$PWD/$P" $BATCH --out "$T/b-wdir" --mpi 2>"$T/err"; then
    same "workers in another folder: the serial bytes" "$T/b-serial" "$T/b-wdir"
    if [ -z "$(ls -A "$T/elsewhere")" ]; then
        pass "workers write nothing and read no scenario file"
    else
        fail "workers write nothing and read no scenario file"; ls -A "$T/elsewhere"
    fi
else
    fail "workers in another folder: exits 0"; tail -5 "$T/err"
fi

# A task that fails (replication 3 of the third scenario): status 1 within
# seconds, a message naming it, nothing put in DIR; the scenarios finished
# are kept aside and --resume on 3 ranks completes the bytes of a serial run.
t0=$(now_ms)
POESIM_TEST_FAIL_SCENARIO=san_ysidro_sentri40:3 mpi 3 $BATCH --out "$T/b-fail" 2>"$T/err"
st=$?
ms=$(($(now_ms) - t0))
if [ $st -eq 1 ] && [ $ms -lt 20000 ] \
   && grep -q "^poesim: scenario san_ysidro_sentri40, replication 3: " "$T/err" \
   && [ ! -e "$T/b-fail/manifest.json" ]; then
    pass "a failing task: status 1 in $ms ms, 'scenario san_ysidro_sentri40, replication 3' named, nothing written"
else
    fail "a failing task: status $st in $ms ms"; tail -12 "$T/err"
fi
if mpi 3 $BATCH --out "$T/b-fail" --resume 2>"$T/err"; then
    same "--resume --mpi after the failure: the bytes of the serial run" "$T/b-serial" "$T/b-fail"
else
    fail "--resume --mpi after the failure exits 0"; tail -5 "$T/err"
fi

# A rank that dies (the test hook makes rank 1 exit on its first task):
# mpirun ends the job, non-zero, within seconds; no hang.
t0=$(now_ms)
POESIM_MPI_TEST_DIE_RANK=1 mpi 3 $BATCH --out "$T/b-dead" >/dev/null 2>"$T/err"
st=$?
ms=$(($(now_ms) - t0))
if [ $st -ne 0 ] && [ $st -ne 124 ] && [ $ms -lt 30000 ] && [ ! -e "$T/b-dead/manifest.json" ]; then
    pass "a rank that dies ends the run: status $st in $ms ms, nothing written"
else
    fail "a rank that dies ends the run (status $st in $ms ms; 124: timed out)"; tail -12 "$T/err"
fi

# A bad scenario: status 2, and the message once (rank 0 alone reads files).
printf '{"extends": "%s/scenarios/san_ysidro.json", "name": "bad", "lanes": [{"name": "pov-general", "lanes": -3}]}\n' \
    "$PWD" >"$T/bad.json"
mpi 3 batch scenarios/san_ysidro.json "$T/bad.json" --days 1 --reps 2 --out "$T/b-bad" 2>"$T/err"
st=$?
n=$(grep -c '^poesim: ' "$T/err")
if [ $st -eq 2 ] && [ "$n" -eq 1 ] && grep -q "lanes" "$T/err" && [ ! -e "$T/b-bad" ]; then
    pass "a bad scenario on 3 ranks: status 2, one message, nothing written"
else
    fail "a bad scenario on 3 ranks: status $st, $n messages"; cat "$T/err"
fi

# Usage: one rank, --jobs with --mpi.
mpi 1 $BATCH --out "$T/b-one" 2>"$T/err"
st=$?
if [ $st -eq 2 ] && grep -q "needs 2 ranks or more" "$T/err" && [ ! -e "$T/b-one" ]; then
    pass "--mpi on one rank: status 2, a message"
else
    fail "--mpi on one rank: status $st"; cat "$T/err"
fi
mpi 2 $BATCH --jobs 2 --out "$T/b-jobs" 2>"$T/err"
st=$?
if [ $st -eq 2 ] && grep -q -- "--jobs does not apply with --mpi" "$T/err"; then
    pass "--jobs with --mpi: status 2, a message"
else
    fail "--jobs with --mpi: status $st"; cat "$T/err"
fi
