#!/bin/sh
# Command-line tests of `poesim region`: help, exit statuses and messages,
# nothing written on bad input, the output set (files, headers, manifest,
# port folders), the same bytes whatever --jobs, --set on the region file,
# and the shipped San Diego regions (a short run).  One "PASS: ..." or
# "FAIL: ..." line per case.  Run from the repository root.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }

expect_exit() {
    want=$1; name=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then pass "$name (exit $got)"; else
        fail "$name: exit $got, expected $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
expect_err() {
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else
        fail "$1: stderr lacks '$2'"; sed 's/^/    /' "$T/err" | head -5; fi
}

# Help and usage.
expect_exit 0 "help region" $POESIM help region
grep -q "usage: poesim region REGION" "$T/out" && pass "help region text" || fail "help region text"
expect_exit 0 "region --help" $POESIM region --help
grep -q "region FILE" "$($POESIM help >"$T/h" 2>&1; echo "$T/h")" && pass "region in the usage" \
    || fail "region in the usage"
expect_exit 2 "region without a file" $POESIM region
expect_exit 2 "region with two files" $POESIM region tests/region/two_identical.json \
    tests/region/prohibitive.json --out "$T/x"
expect_exit 2 "region --reps auto refused" $POESIM region tests/region/two_identical.json \
    --reps auto --target-halfwidth 1 --out "$T/x"
expect_exit 2 "region --resume refused" $POESIM region tests/region/two_identical.json --resume \
    --out "$T/x"
expect_exit 2 "region --set with a list refused" $POESIM region tests/region/two_identical.json \
    --set 'iterations.max=2,3' --out "$T/x"
[ ! -e "$T/x" ] && pass "bad usage writes nothing" || fail "bad usage writes nothing"

# Bad region files: exit 2, the expected message after "poesim: FILE", and
# nothing written (with --fit-constants, which a file whose observed trips
# leave out a port fails; the others fail as they load).
for f in tests/bad-region/*.json; do
    want=$(cat "${f%.json}.expect")
    rm -rf "$T/bad"
    $POESIM region "$f" --fit-constants --out "$T/bad" >"$T/out" 2>"$T/err"
    st=$?
    if [ $st -eq 2 ] && grep -qF -- "$want" "$T/err" && grep -q "^poesim: $f" "$T/err" \
        && [ ! -e "$T/bad" ]; then
        pass "bad region $(basename "$f")"
    else
        fail "bad region $(basename "$f"): exit $st, stderr: $(head -c 300 "$T/err")"
    fi
done
# run.rng on the region: every port draws from it, and the region's files say so.
$POESIM region tests/region/two_identical.json --reps 2 --days 1 --quiet --no-plots \
    --set run.rng=xoshiro256++ --out "$T/rx" 2>/dev/null
$POESIM region tests/region/two_identical.json --reps 2 --days 1 --quiet --no-plots --out "$T/r0" \
    2>/dev/null
grep -q '"rng":.*"xoshiro256++"' "$T/rx/region.json" && grep -q '"rng":.*"xoshiro256++"' "$T/rx/a/summary.json" \
    && ! grep -q '"rng"' "$T/r0/region.json" && ! cmp -s "$T/rx/region.csv" "$T/r0/region.csv" \
    && pass "region run.rng: the ports draw from xoshiro256++ and region.json says so" \
    || fail "region run.rng: the ports draw from xoshiro256++ and region.json says so"
expect_exit 2 "--set on the region file is checked" $POESIM region tests/region/two_identical.json \
    --set 'choice.wait_per_min=0.1' --out "$T/x"
expect_err "... with its path and the override named" \
    "choice.wait_per_min: expected a number <= 0, got 0.1: a coefficient of the wrong sign would make a longer wait more attractive (set by --set choice.wait_per_min=0.1)"

# A run: the files of the set, their headers, the port folders.
R=tests/region/toll_hold.json
SHORT="--days 5 --reps 3 --set iterations.max=6 --no-plots"
expect_exit 0 "region run" $POESIM region $R $SHORT --out "$T/r1" --jobs 1
for f in region.csv region.json tolls.csv convergence.csv manifest.json big/summary.json \
    small/hourly.csv small/manifest.json; do
    [ -s "$T/r1/$f" ] && pass "region wrote $f" || fail "region wrote $f"
done
head -1 "$T/r1/region.csv" | grep -q '^hour,segment,port,direction,mode,program,share,trips,wait_min,toll_usd,available,queue_wait_min,closed_share$' \
    && pass "region.csv header" || fail "region.csv header"
head -1 "$T/r1/tolls.csv" | grep -q '^port,direction,mode,hour,toll_usd,wait_min,trips,revenue_usd,hold_wait_min$' \
    && pass "tolls.csv header" || fail "tolls.csv header"
head -1 "$T/r1/convergence.csv" | grep -q '^iteration,max_change,gap,cost_of_waiting_usd_per_day$' \
    && pass "convergence.csv header" || fail "convergence.csv header"
[ "$(wc -l < "$T/r1/region.csv")" -eq $((24 * 2 + 1)) ] && pass "region.csv: a row per hour, segment and port" \
    || fail "region.csv: a row per hour, segment and port"
[ "$(wc -l < "$T/r1/tolls.csv")" -eq 25 ] && pass "tolls.csv: a row per hour of the held toll" \
    || fail "tolls.csv: a row per hour of the held toll"
grep -q '"kind":[[:space:]]*"region"' "$T/r1/manifest.json" && pass "manifest of kind region" \
    || fail "manifest of kind region"
grep -q '"name":[[:space:]]*"small"' "$T/r1/manifest.json" && pass "manifest lists the port folders" \
    || fail "manifest lists the port folders"
grep -q '"scenario":[[:space:]]*"small"' "$T/r1/small/summary.json" && pass "a port's summary is named after the port" \
    || fail "a port's summary is named after the port"
grep -q 'segment .*port .*trips/day' "$T/out" && pass "region prints a table" || fail "region prints a table"
grep -q '^region: cost of waiting' "$T/out" && pass "... with the region's cost of waiting" \
    || fail "... with the region's cost of waiting"
grep -q 'iteration 1: largest change of a share' "$T/err" && pass "iterations reported on stderr" \
    || fail "iterations reported on stderr"
# Shares of a segment sum to 1 in every hour; trips add up to the segment's.
awk -F, 'NR > 1 { s[$1 "," $2] += $7 } END { for (k in s) if (s[k] < 0.999999 || s[k] > 1.000001) bad = 1; exit bad }' \
    "$T/r1/region.csv" && pass "shares sum to 1 in every hour" || fail "shares sum to 1 in every hour"
ls -A "$T/r1" | grep -q '^\.' && fail "temporary files left" || pass "no temporary files left"

# The same bytes whatever the number of threads, and on a rerun.
$POESIM region $R $SHORT --out "$T/r3" --jobs 3 --quiet
diff -r "$T/r1" "$T/r3" >/dev/null && pass "--jobs 3 gives every file of --jobs 1" \
    || fail "--jobs 3 gives every file of --jobs 1"
$POESIM region $R $SHORT --out "$T/r1b" --jobs 2 --quiet
diff -r "$T/r1" "$T/r1b" >/dev/null && pass "a rerun gives the same bytes" || fail "a rerun gives the same bytes"
expect_exit 0 "--quiet" $POESIM region $R $SHORT --out "$T/rq" --quiet
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] && pass "--quiet prints nothing" || fail "--quiet prints nothing"
$POESIM region $R $SHORT --seed 12345 --out "$T/rs" --quiet
cmp -s "$T/r1/region.csv" "$T/rs/region.csv" && fail "another seed changes region.csv" \
    || pass "another seed changes region.csv"

# A prohibitive toll: nobody at that port.
$POESIM region tests/region/prohibitive.json --no-plots --quiet --out "$T/p"
awk -F, '$3 == "tolled" && $8 != 0 { bad = 1 } END { exit bad }' "$T/p/region.csv" \
    && pass "prohibitive toll: no trips" || fail "prohibitive toll: no trips"

# The shipped regions load, run (short) and show Otay Mesa East drawing
# travellers from both neighbours.
for f in scenarios/region_san_diego.json scenarios/region_san_diego_ome.json; do
    expect_exit 0 "$(basename "$f") runs" $POESIM region "$f" --days 1 --reps 2 \
        --set iterations.max=4 --no-plots --quiet --out "$T/$(basename "$f" .json)"
done
awk -F, '$3 == "otay_mesa_east" { t += $8 } END { exit !(t > 0) }' \
    "$T/region_san_diego_ome/region.csv" && pass "Otay Mesa East gets travellers" \
    || fail "Otay Mesa East gets travellers"
# Trucks that arrive at night, Otay Mesa commercial closed (22:00-06:00):
# all of them while closed, their queue wait (from the opening) below the
# whole wait the choice sees; cars never meet a closed port: the same two.
SD=$T/region_san_diego/region.csv
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         $c["mode"] == "truck" && $c["hour"] == 2 { n++; if (!($c["closed_share"] == 1 && $c["queue_wait_min"] < $c["wait_min"])) bad = 1 }
         $c["mode"] == "pov" { m++; if (!($c["closed_share"] == 0 && $c["queue_wait_min"] == $c["wait_min"])) bad = 1 }
         END { exit bad || n == 0 || m == 0 }' "$SD" \
    && pass "region.csv: trucks at 02:00 all arrived while closed, queue wait below the whole wait; cars never" \
    || fail "region.csv: trucks at 02:00 all arrived while closed, queue wait below the whole wait; cars never"
$POESIM plot "$T/region_san_diego" --plots svg --quiet
[ "$(grep -c 'title "arrived while closed"' "$T/region_san_diego/plots/region_wait.gp")" -eq 1 ] \
    && grep -q 'Mean wait in the queue of the travellers who choose' "$T/region_san_diego/plots/region_wait.gp" \
    && pass "region_wait: queue waits, closed arrivals marked in the trucks' panel alone" \
    || fail "region_wait: queue waits, closed arrivals marked in the trucks' panel alone"

# Constants fitted to observed trips (--fit-constants): its files, the
# table before and after, a fitted region file that extends the original
# and gives the fit's last equilibrium to the byte; refusals.
F=tests/region/fit_mmc.json
FIT="--days 10 --reps 4 --no-plots"
expect_exit 0 "region --fit-constants" $POESIM region $F $FIT --fit-constants --out "$T/fit"
for f in observed.csv fitted.json region.json manifest.json; do
    [ -s "$T/fit/$f" ] && pass "--fit-constants wrote $f" || fail "--fit-constants wrote $f"
done
head -1 "$T/fit/observed.csv" | grep -q '^group,port,observed_trips_per_day,observed_share,modelled_trips_per_day,modelled_share,share_difference,wait_mean_min,trips_before_fit_per_day,constant_change$' \
    && pass "observed.csv header" || fail "observed.csv header"
awk -F, 'NR > 1 { d = $7 < 0 ? -$7 : $7; if (d > 0.005) bad = 1 } END { exit bad }' "$T/fit/observed.csv" \
    && pass "fitted shares within the tolerance" || fail "fitted shares within the tolerance"
grep -q 'fit round 1: ' "$T/err" && pass "fit rounds reported on stderr" || fail "fit rounds reported on stderr"
grep -q '^constants fitted in [0-9]* rounds\{0,1\}: fitted' "$T/out" && pass "the table says fitted" \
    || fail "the table says fitted"
grep -q '"extends":[[:space:]]*"[^"]*tests/region/fit_mmc.json"' "$T/fit/fitted.json" \
    && pass "fitted.json extends the region" || fail "fitted.json extends the region"
grep -q '"replications":[[:space:]]*4' "$T/fit/fitted.json" && pass "fitted.json keeps --reps" \
    || fail "fitted.json keeps --reps"
expect_exit 0 "the fitted region runs" $POESIM region "$T/fit/fitted.json" --no-plots --quiet --out "$T/refit"
cmp -s "$T/fit/region.csv" "$T/refit/region.csv" && cmp -s "$T/fit/small/hourly.csv" "$T/refit/small/hourly.csv" \
    && pass "the fitted region gives the fit's equilibrium, byte for byte" \
    || fail "the fitted region gives the fit's equilibrium, byte for byte"
awk -F, 'NR > 1 && $9 != "" { bad = 1 } END { exit bad }' "$T/refit/observed.csv" \
    && pass "observed.csv without a fit: no before column" || fail "observed.csv without a fit: no before column"
expect_exit 2 "--fit-constants without observed trips" $POESIM region tests/region/equilibrium.json \
    --fit-constants --out "$T/nofit"
expect_err "... says what is missing" 'has no "observed" trips to fit the constants to'
[ ! -e "$T/nofit" ] && pass "... nothing written" || fail "... nothing written"
expect_exit 2 "--fit-constants with --set" $POESIM region $F --fit-constants \
    --set iterations.max=5 --out "$T/nofit"
expect_exit 2 "--fit-constants is region's" $POESIM run tests/region/mmc_port.json --fit-constants \
    --out "$T/nofit"

# The shipped no-build region reproduces the observed volumes by port and
# programme (its fitted constants; after a change of a port's scenario, fit
# them again), and Otay Mesa passenger alone waits as observed: daily means
# of the hourly means within 20% of General ~62, Ready ~43, SENTRI ~22 min.
# (Not under make sanitize, whose build runs it three times slower: the
# figures are the normal build's to check; the short runs above cover the
# code.)
if [ -z "${SANITIZER_LOGS:-}" ]; then
    expect_exit 0 "the San Diego region, in full" $POESIM region scenarios/region_san_diego.json \
        --no-plots --quiet --out "$T/sd"
    awk -F, 'NR > 1 { d = $7 < 0 ? -$7 : $7; if (d > 0.01) bad = 1; n++ } END { exit bad || n != 6 }' \
        "$T/sd/observed.csv" && pass "... puts the observed trips at each port, within 0.01 of every share" \
        || fail "... puts the observed trips at each port, within 0.01 of every share"
else
    echo "SKIP: the San Diego region in full (make sanitize: the normal build checks its figures)"
fi
expect_exit 0 "Otay Mesa passenger alone" $POESIM run scenarios/otay_mesa_passenger.json --no-plots \
    --quiet --out "$T/om"
for q in general:62 ready:43 sentri:22; do
    p=${q%%:*}; want=${q#*:}
    awk -F, -v p="$p" -v want="$want" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["direction"] == "north" && $c["program"] == p && $c["wait_mean_min"] != "" {
            s += $c["wait_mean_min"]; n++ }
        END { m = s / n; printf "  %s: %.1f min (observed ~%d)\n", p, m, want
              exit !(n > 0 && m > 0.8 * want && m < 1.2 * want) }' "$T/om/hourly.csv" \
        && pass "Otay Mesa $p waits within 20% of the observed" \
        || fail "Otay Mesa $p waits within 20% of the observed"
done

# poesim plot redraws a region folder: its plots, its report, the ports'.
expect_exit 0 "poesim plot on a region folder" $POESIM plot "$T/r1" --quiet
for f in report.html plots/region_share.gp plots/region_wait.gp plots/region_convergence.gp \
    plots/region_tolls.gp small/report.html; do
    [ -s "$T/r1/$f" ] && pass "plot wrote $f" || fail "plot wrote $f"
done

# poesim batch of regions: paired, common random numbers; the baseline's
# differences are zero; the same bytes whatever --jobs; regions and
# scenarios do not mix.
printf '{ "extends": "%s/tests/region/equilibrium.json", "name": "eq-more",\n  "investment": { "capital_usd": 1000000, "life_years": 10 },\n  "ports": [ { "name": "small", "set": { "lanes[general].lanes": 4 } } ] }\n' \
    "$PWD" > "$T/more.json"
RB="batch tests/region/equilibrium.json $T/more.json --days 4 --reps 3 --no-plots"
expect_exit 0 "batch of regions" $POESIM $RB --out "$T/rb1" --jobs 1
for f in region_comparison.csv region_comparison.json benefit_cost.csv manifest.json \
    equilibrium/region.json eq-more/region.csv eq-more/small/summary.json; do
    [ -s "$T/rb1/$f" ] && pass "batch of regions wrote $f" || fail "batch of regions wrote $f"
done
head -1 "$T/rb1/region_comparison.csv" | grep -q '^region,port,choosers_per_day,delta_choosers_per_day,wait_mean_min,wait_ci95_min,delta_wait_min,delta_wait_ci95_min,cost_usd_per_day,cost_ci95_usd_per_day,delta_cost_usd_per_day,delta_cost_ci95_usd_per_day,vehicle_hours_per_day,vehicle_hours_ci95,delta_vehicle_hours_per_day,delta_vehicle_hours_ci95,toll_revenue_usd_per_day,replications$' \
    && pass "region_comparison.csv header" || fail "region_comparison.csv header"
awk -F, '$1 == "equilibrium" && ($4 != 0 || $7 != 0 || $11 != 0) { bad = 1 } END { exit bad }' \
    "$T/rb1/region_comparison.csv" && pass "the baseline's differences are zero" \
    || fail "the baseline's differences are zero"
awk -F, '$1 == "eq-more" && $2 == "all" && $11 < 0 { ok = 1 } END { exit !ok }' \
    "$T/rb1/region_comparison.csv" && pass "more lanes at the small port save the region money" \
    || fail "more lanes at the small port save the region money"
[ "$(wc -l < "$T/rb1/benefit_cost.csv")" -eq 2 ] && pass "benefit_cost.csv: the proposal with an investment" \
    || fail "benefit_cost.csv: the proposal with an investment"
grep -q '"kind":[[:space:]]*"region-batch"' "$T/rb1/manifest.json" && pass "manifest of kind region-batch" \
    || fail "manifest of kind region-batch"
$POESIM $RB --out "$T/rb3" --jobs 3 --quiet
diff -r "$T/rb1" "$T/rb3" >/dev/null && pass "batch of regions: --jobs 3 gives every file of --jobs 1" \
    || fail "batch of regions: --jobs 3 gives every file of --jobs 1"
expect_exit 2 "a batch of a region and a scenario" $POESIM batch tests/region/equilibrium.json \
    tests/region/mmc_port.json --out "$T/mix"
expect_err "... is refused with its reason" "a batch compares scenarios, or regions, not both"
expect_exit 2 "a batch of a scenario and a region" $POESIM batch tests/region/mmc_port.json \
    tests/region/equilibrium.json --out "$T/mix"
[ ! -e "$T/mix" ] && pass "... nothing written" || fail "... nothing written"
expect_exit 2 "a batch of regions with --reps auto" $POESIM batch tests/region/equilibrium.json \
    "$T/more.json" --reps auto --target-halfwidth 1 --out "$T/mix"

# poesim check on region files.
expect_exit 0 "check a region" $POESIM check scenarios/region_san_diego_ome.json
grep -q "ok: region region_san_diego_ome, 4 ports, 8 segments" "$T/out" && pass "check describes the region" \
    || fail "check describes the region"
expect_exit 2 "check a bad region" $POESIM check tests/bad-region/04-negative-access.json
expect_err "... with its message" "segments[0].ports.a.access_min: expected a number >= 0, got -5"
