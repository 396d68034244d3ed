#!/bin/sh
# Command-line tests: exit statuses, messages, outputs, nothing written on
# bad input, byte-identical reruns and the golden run.  One "PASS: ..." or
# "FAIL: ..." line per case.  Run from the repository root.
POESIM=${POESIM:-./poesim}    # make sanitize runs these with its own build
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CONTRACT=tests/contract

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

# The contract scenarios load and run.  tests/contract/ holds the team's copy;
# when the design folder is beside the repository, the copy must not have
# drifted from it (a clone without it skips this comparison).
for f in "$CONTRACT"/*.json; do
    orig=../shared/contract/$(basename "$f")
    if [ -f "$orig" ]; then
        if cmp -s "$f" "$orig"; then echo "PASS: $(basename "$f") is the design's contract, unchanged"
        else echo "FAIL: $f differs from $orig"; fi
    else
        echo "SKIP: no ../shared/contract beside the repository to compare $(basename "$f") with"
    fi
    expect_exit 0 "check $(basename "$f")" $POESIM check "$f"
done
expect_exit 0 "run contract mmc" $POESIM run "$CONTRACT/mmc.json" --out "$T/mmc"
for f in summary.json hourly.csv waits.csv; do
    [ -s "$T/mmc/$f" ] && pass "mmc wrote $f" || fail "mmc wrote $f"
done
head -1 "$T/mmc/waits.csv" | grep -q '^direction,mode,program,wait_min,share_above$' && pass "waits.csv header" || fail "waits.csv header"
[ "$(wc -l < "$T/mmc/waits.csv")" -eq 238 ] && pass "waits.csv has 237 thresholds" || fail "waits.csv has 237 thresholds"
grep -q 'wait min' "$T/out" && pass "run prints a table" || fail "run prints a table"
ls -A "$T/mmc" | grep -q '^\.' && fail "temporary files left in output" || pass "no temporary files left"
head -1 "$T/mmc/hourly.csv" | grep -q '^day,weekday,hour,direction,mode,program,arrivals,served,forgone,wait_mean_min,wait_p95_min,queue_mean,queue_max,booths_open,utilisation,wait_mean_ci95_min,days,closed_arrivals,closed_wait_mean_min,queue_wait_mean_min,date,lanes_open$' \
    && pass "hourly.csv header" || fail "hourly.csv header"
# Long runs pool hourly rows by weekday (auto beyond 28 days): one row per
# weekday and hour, days pooled in the last column; by day on request.
$POESIM run "$CONTRACT/mmc.json" --reps 2 --days 29 --quiet --no-plots --out "$T/wk" 2>/dev/null
[ "$(grep -c '^,' "$T/wk/hourly.csv")" -eq 168 ] && pass "29 days: 168 weekday rows, no day" \
    || fail "29 days: 168 weekday rows, no day"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "days") c = i }
          NR > 1 { n[$2] = $c } END { exit !(n["mon"] == 5 && n["tue"] == 4 && n["sun"] == 4) }' \
    "$T/wk/hourly.csv" && pass "weekday rows count their days" || fail "weekday rows count their days"
grep -q '"hourly":.*"weekday"' "$T/wk/summary.json" && pass "summary.json says weekday" \
    || fail "summary.json says weekday"
$POESIM run "$CONTRACT/mmc.json" --reps 2 --days 29 --quiet --no-plots --set run.hourly=day \
    --out "$T/dy" 2>/dev/null
[ "$(wc -l < "$T/dy/hourly.csv")" -eq $((29 * 24 + 1)) ] && pass "run.hourly=day: a row per hour" \
    || fail "run.hourly=day: a row per hour"
cmp -s "$T/wk/waits.csv" "$T/dy/waits.csv" && pass "pooling changes no other output" \
    || fail "pooling changes no other output"
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

# Same bytes whatever the number of threads (a flex scenario, so lanes.csv too).
$POESIM run scenarios/stanton_lerdo_contraflow.json --reps 5 --days 2 --jobs 1 --quiet --no-plots --out "$T/j1" 2>/dev/null
$POESIM run scenarios/stanton_lerdo_contraflow.json --reps 5 --days 2 --jobs 3 --quiet --no-plots --out "$T/j3" 2>/dev/null
for f in summary.json hourly.csv waits.csv lanes.csv; do
    cmp -s "$T/j1/$f" "$T/j3/$f" && pass "--jobs 3 gives the bytes of --jobs 1: $f" || fail "--jobs 3 gives the bytes of --jobs 1: $f"
done
expect_exit 2 "--jobs 0 refused" $POESIM run tests/contract/mmc.json --jobs 0 --out "$T/j0"

# A sweep cannot vary a run setting that every point shares (it would run
# every point alike); nothing is written.
expect_exit 2 "sweep over run.seed refused" $POESIM sweep "$CONTRACT/mmc.json" \
    --set 'run.seed=1,2' --reps 2 --days 1 --out "$T/swseed"
grep -q "sweep: --set run.seed cannot vary: every point runs with the scenario's seed" "$T/err" \
    && [ ! -e "$T/swseed" ] && pass "... with a reason, and nothing written" \
    || fail "... with a reason, and nothing written"
# run.rng: the second generator reproduces itself whatever the threads, draws
# other numbers than MRG32k3a and says so in summary.json (a default run does
# not); a batch runs a proposal with the baseline's generator, and warns.
for j in 1 3; do
    $POESIM run "$CONTRACT/port.json" --reps 3 --days 2 --jobs $j --quiet --no-plots \
        --set run.rng=xoshiro256++ --out "$T/x$j" 2>/dev/null
done
for f in summary.json hourly.csv waits.csv; do
    cmp -s "$T/x1/$f" "$T/x3/$f" && pass "xoshiro256++: --jobs 3 gives the bytes of --jobs 1: $f" \
        || fail "xoshiro256++: --jobs 3 gives the bytes of --jobs 1: $f"
done
cmp -s "$T/a/hourly.csv" "$T/x1/hourly.csv" && fail "xoshiro256++ draws other numbers" \
    || pass "xoshiro256++ draws other numbers"
grep -q '"rng":.*"xoshiro256++"' "$T/x1/summary.json" && pass "summary.json names the generator" \
    || fail "summary.json names the generator"
grep -q '"rng"' "$T/a/summary.json" && fail "a default run's summary.json has no rng" \
    || pass "a default run's summary.json has no rng"
printf '{ "extends": "%s/%s/mmc.json", "name": "mmc-xo", "run": { "rng": "xoshiro256++" } }\n' \
    "$PWD" "$CONTRACT" >"$T/mmc-xo.json"
$POESIM batch "$CONTRACT/mmc.json" "$T/mmc-xo.json" --reps 2 --days 1 --no-plots --out "$T/bx" \
    >/dev/null 2>"$T/bx.err"
grep -q "mmc-xo.*runs like the baseline.*generator mrg32k3a" "$T/bx.err" \
    && ! grep -q '"rng"' "$T/bx/mmc-xo/summary.json" \
    && pass "batch: the proposal runs with the baseline's generator, with a warning" \
    || fail "batch: the proposal runs with the baseline's generator, with a warning"

# Threads take (scenario, replication) tasks as they come free, across
# scenarios and out of order: still the bytes of one job, every file.
SY3="scenarios/san_ysidro.json scenarios/san_ysidro_sentri40.json scenarios/san_ysidro_reversible.json"
for j in 1 2 5; do
    $POESIM batch $SY3 --reps 3 --days 1 --jobs $j --quiet --no-plots --out "$T/bj$j" 2>/dev/null
    $POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=5:9:1' --reps 3 --days 2 \
        --jobs $j --quiet --no-plots --out "$T/sj$j" 2>/dev/null
    $POESIM batch $SY3 --reps auto --target-halfwidth 0.2 --max-reps 12 --days 1 --jobs $j \
        --quiet --no-plots --out "$T/aj$j" 2>/dev/null
done
for j in 2 5; do
    for k in b s a; do
        if [ -s "$T/${k}j1/manifest.json" ] && diff -r "$T/${k}j1" "$T/${k}j$j" >/dev/null; then
            pass "$k: --jobs $j gives every file of --jobs 1"
        else
            fail "$k: --jobs $j gives every file of --jobs 1"
        fi
    done
done
# A replication that fails on a thread ends the run: status 1, the
# replication named, no result in DIR (only the scenarios finished, kept
# aside), no hang; --resume then gives the bytes of one job.
POESIM_TEST_FAIL_SCENARIO=san_ysidro_sentri40:2 expect_exit 1 "a failing replication on a thread" \
    timeout 60 $POESIM batch $SY3 --reps 3 --days 1 --jobs 2 --quiet --no-plots --out "$T/fj"
expect_err "... is named" "replication 2 of san_ysidro_sentri40 failed"
[ ! -e "$T/fj/manifest.json" ] && [ ! -e "$T/fj/comparison.csv" ] \
    && pass "... and no result is written" || fail "... and no result is written"
$POESIM batch $SY3 --reps 3 --days 1 --jobs 2 --quiet --no-plots --resume --out "$T/fj" 2>/dev/null
diff -r "$T/bj1" "$T/fj" >/dev/null && pass "... and --resume gives the bytes of --jobs 1" \
    || fail "... and --resume gives the bytes of --jobs 1"

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

# batch, sweep, --set and --reps auto (small runs).
SY=scenarios/san_ysidro.json
expect_exit 0 "batch of shipped proposals" $POESIM batch scenarios/otay_mesa_commercial.json \
    scenarios/otay_mesa_extended_hours.json scenarios/otay_mesa_fast40.json --reps 3 --days 2 --out "$T/batch"
for f in comparison.csv comparison.json benefit_cost.csv otay_mesa_commercial/summary.json \
         otay_mesa_extended_hours/hourly.csv otay_mesa_fast40/summary.json; do
    [ -s "$T/batch/$f" ] && pass "batch wrote $f" || fail "batch wrote $f"
done
head -1 "$T/batch/comparison.csv" | grep -q '^scenario,direction,mode,program,wait_mean_min,wait_ci95_min,delta_wait_min,delta_ci95_min,cost_usd,delta_cost_usd' \
    && pass "comparison.csv header" || fail "comparison.csv header"
[ "$(grep -c ',all,all,all,' "$T/batch/comparison.csv")" -eq 3 ] && pass "comparison.csv has an 'all' row per scenario" \
    || fail "comparison.csv has an 'all' row per scenario"
base_rows=$(grep -c '^otay_mesa_commercial,' "$T/batch/comparison.csv")
zero_rows=$(grep '^otay_mesa_commercial,' "$T/batch/comparison.csv" | cut -d, -f7 | grep -c '^0$')
[ "$base_rows" -ge 3 ] && [ "$zero_rows" -eq "$base_rows" ] \
    && pass "baseline deltas are zero" || fail "baseline deltas are zero ($zero_rows of $base_rows)"
[ "$(wc -l < "$T/batch/benefit_cost.csv")" -eq 3 ] && pass "benefit_cost.csv has a row per proposal" \
    || fail "benefit_cost.csv has a row per proposal"
expect_exit 2 "batch with one file" $POESIM batch $SY --out "$T/b1"
expect_exit 2 "batch with a duplicate name" $POESIM batch $SY $SY --out "$T/b2"
expect_err "duplicate name explained" 'are both named "san_ysidro"'
[ ! -e "$T/b2" ] && pass "a refused batch writes nothing" || fail "a refused batch writes nothing"

expect_exit 0 "sweep over booths" $POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=5:7:1' \
    --set 'service["pov.general"].mean_s=50,60' --reps 2 --days 1 --out "$T/sweep"
head -1 "$T/sweep/sweep.csv" | grep -q '^lanes\[general\]\.lanes,"service\[""pov.general""\]\.mean_s",scenario,direction' \
    && pass "sweep.csv has a column per path" || fail "sweep.csv has a column per path"
[ "$(grep -c ',all,all,all,' "$T/sweep/sweep.csv")" -eq 6 ] && pass "sweep.csv has 3 x 2 points" \
    || fail "sweep.csv has 3 x 2 points"
expect_exit 2 "sweep without --set" $POESIM sweep tests/contract/mmc.json --out "$T/s2"
expect_exit 2 "sweep with a bad path" $POESIM sweep tests/contract/mmc.json --set 'lanes[genral].lanes=5,6' --out "$T/s3"
expect_err "bad --set path named" 'lanes[genral]'
[ ! -e "$T/s3" ] && pass "a refused sweep writes nothing" || fail "a refused sweep writes nothing"

expect_exit 0 "run with --set" $POESIM run tests/contract/mmc.json --set 'lanes[general].lanes=6' --reps 2 --days 1 --out "$T/set"
grep -q '"replications":	2' "$T/set/summary.json" && pass "--reps applies" || fail "--reps applies"
expect_exit 2 "run with a --set list" $POESIM run tests/contract/mmc.json --set 'run.days=1,2' --out "$T/set2"
expect_exit 2 "run with a --set value out of range" $POESIM run tests/contract/mmc.json --set 'lanes[general].lanes=-1' --out "$T/set3"
expect_err "the override is named" 'lanes[general].lanes=-1'

expect_exit 0 "run --reps auto" $POESIM run tests/contract/mmc.json --reps auto --target-halfwidth 0.05 --days 5 --out "$T/auto"
grep -q '"target_halfwidth_min":	0.05' "$T/auto/summary.json" && grep -q '"reached":	true' "$T/auto/summary.json" \
    && pass "summary.json records the precision reached" || fail "summary.json records the precision reached"
grep -q '^precision: ' "$T/out" && pass "run says how many replications were needed" || fail "run says how many replications were needed"
grep -q 'replication [0-9]' "$T/err" && fail "no progress when stderr is not a terminal" || pass "no progress when stderr is not a terminal"
expect_exit 2 "--reps auto without a target" $POESIM run tests/contract/mmc.json --reps auto --out "$T/auto2"
# A terminal (a pseudo-terminal from script(1), where one can be had):
# progress on stderr.  Without a pseudo-terminal the case is reported as
# skipped, not passed.
if command -v script >/dev/null 2>&1 && script -qc true /dev/null >/dev/null 2>&1; then
    script -qc "$POESIM run tests/contract/mmc.json --reps 3 --days 1 --out $T/tty" /dev/null >"$T/tty.log" 2>&1
    grep -aq 'scenario 1/1, replication 3/3' "$T/tty.log" && pass "progress on a terminal" || fail "progress on a terminal"
else
    echo "SKIP: progress on a terminal (no pseudo-terminal here)"
fi
# Stages in series and poesim assess.
expect_exit 0 "run a chain of stages" $POESIM run scenarios/otay_mesa_commercial.json --reps 2 --days 1 --no-plots --out "$T/stages"
head -1 "$T/stages/hourly.csv" | grep -q ',crossing_mean_min,stage.mx-export.queue_min,' \
    && pass "hourly.csv appends the stage columns" || fail "hourly.csv appends the stage columns"
grep -q '"crossing_min"' "$T/stages/summary.json" && grep -q '"chains"' "$T/stages/summary.json" \
    && pass "summary.json has crossing_min and chains" || fail "summary.json has crossing_min and chains"
grep -q 'mx-export  *line' "$T/out" && pass "the table splits crossing time by stage" || fail "the table splits crossing time by stage"
head -1 "$T/stages/hourly.csv" > "$T/h1"; $POESIM run tests/contract/mmc.json --reps 2 --days 1 --no-plots --out "$T/nostage" >/dev/null 2>&1
grep -q 'crossing' "$T/nostage/hourly.csv" "$T/nostage/summary.json" && fail "no stage columns without stages" || pass "no stage columns without stages"
expect_exit 0 "batch with joint inspection" $POESIM batch scenarios/otay_mesa_commercial.json scenarios/otay_mesa_joint_inspection.json --reps 2 --days 1 --no-plots --out "$T/joint"
head -1 "$T/joint/comparison.csv" | grep -q ',delta_crossing_min,delta_crossing_ci95_min$' \
    && pass "comparison.csv appends crossing time" || fail "comparison.csv appends crossing time"
expect_exit 2 "assess without a file" $POESIM assess
expect_exit 0 "assess --help" $POESIM assess --help
grep -q 'usage: poesim assess' "$T/out" && pass "assess help text" || fail "assess help text"
expect_exit 2 "assess without crossings per member" $POESIM assess tests/golden/golden.json --no-plots --out "$T/as0"
expect_err "assess names the missing key" 'assessment.crossings_per_member_per_year.ready: needed by poesim assess'
[ ! -e "$T/as0" ] && pass "assess writes nothing on bad input" || fail "assess writes nothing on bad input"
expect_exit 2 "assess with --reps auto" $POESIM assess tests/golden/golden.json --reps auto --target-halfwidth 1 --out "$T/as1"
expect_exit 0 "assess a small port" $POESIM assess tests/golden/golden.json --reps 3 --days 1 --jobs 2 \
    --set 'assessment={"crossings_per_member_per_year":{"ready":50,"sentri":200,"fast":400},"share_step":0.25}' --out "$T/as2"
for f in assess.csv assess.json manifest.json; do
    [ -s "$T/as2/$f" ] && pass "assess wrote $f" || fail "assess wrote $f"
done
[ "$(grep -c ',fixed,' "$T/as2/assess.csv")" -ge 3 ] && [ "$(grep -c ',proportional,' "$T/as2/assess.csv")" -ge 3 ] \
    && pass "assess.csv has both sweeps" || fail "assess.csv has both sweeps"
grep -q '"finding"' "$T/as2/assess.json" && pass "assess.json states the finding" || fail "assess.json states the finding"
$POESIM assess tests/golden/golden.json --reps 3 --days 1 --jobs 1 --no-plots \
    --set 'assessment={"crossings_per_member_per_year":{"ready":50,"sentri":200,"fast":400},"share_step":0.25}' --out "$T/as3" >/dev/null 2>&1
cmp -s "$T/as2/assess.csv" "$T/as3/assess.csv" && cmp -s "$T/as2/assess.json" "$T/as3/assess.json" \
    && pass "assess: the same bytes with --jobs 1 and 2" || fail "assess: the same bytes with --jobs 1 and 2"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/as2/report.html" ] && [ -s "$T/as2/plots/assess_advantage.png" ] \
        && pass "assess report and plot" || fail "assess report and plot"
    grep -q 'class="finding"' "$T/as2/report.html" && pass "the report states the finding" || fail "the report states the finding"
fi
exit 0
