#!/bin/sh
# What a run hides, said and recorded: warnings labelled with their
# scenario (a base file's once in a batch), kept in summary.json and
# comparison.json whatever --quiet; crossers left at the end shown; money
# in CSV files as plain decimals; throughput in comparison.csv; BCRs with
# their intervals, negative savings in words.  Uses the Laredo-like truck
# crossing of tests/hours/.  One "PASS: ..." or "FAIL: ..." line per case.
# Run from the repository root.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
H=tests/hours

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }

# A proposal that extends the golden scenario (whose base file has a
# warning), reached by another path than the baseline's.
cat > "$T/gp.json" <<JSON
{ "extends": "$PWD/tests/golden/golden.json", "name": "gp",
  "lanes": [ { "name": "truck-general", "lanes": 3 } ] }
JSON
$POESIM batch tests/golden/golden.json "$T/gp.json" --no-plots --out "$T/gb" >"$T/out" 2>"$T/err"
check "batch runs" test -s "$T/gb/comparison.json"
check "a base file's warning once, labelled with both scenarios" \
    test "$(grep -c 'hourly_share: sums to 94' "$T/err")" -eq 1
check "... as golden, gp" grep -q '^poesim: warning: golden, gp: tests/golden/golden.json: demand\[0\]' "$T/err"
check "run-time warnings labelled" grep -q '^poesim: warning: golden, gp: north truck general: .* still in the port' "$T/err"
check "comparison.json: the warning with its scenarios" \
    grep -q '"scenarios":.*\[.*"golden",.*"gp"\]' "$(tr -d '\n\t ' < "$T/gb/comparison.json" > "$T/c1"; echo "$T/c1")"
check "each scenario's summary.json has its warnings" grep -q 'still in the port' "$T/gb/gp/summary.json"

# --quiet prints nothing, and drops nothing from the outputs.
$POESIM batch tests/golden/golden.json "$T/gp.json" --no-plots --quiet --out "$T/gq" >"$T/out" 2>"$T/err"
check "--quiet: nothing on stderr" test ! -s "$T/err"
check "--quiet: summary.json keeps the run-time warnings" grep -q 'still in the port' "$T/gq/golden/summary.json"
check "--quiet: comparison.json keeps them" cmp -s "$T/gb/comparison.json" "$T/gq/comparison.json"

# A queue held over capacity by its staffing policy: the warning says so.
$POESIM run scenarios/san_ysidro.json --reps 2 --days 1 --no-plots --quiet --out "$T/sy" 2>/dev/null
check "overload under a staffing policy: the policy named" \
    grep -q 'north pov general: demand exceeded capacity.*lanes\[pov-general\] has a staffing policy, which opens a booth only when the expected wait stays above 57 min' \
    "$T/sy/summary.json"

# A sweep's warnings, labelled with the values of their point.
$POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=3,5' --reps 2 --days 1 \
    --no-plots --out "$T/swp" >"$T/out" 2>"$T/err"
check "sweep's table: the point over capacity marked warned, the other not" \
    sh -c "grep -q '^3 .*  warned\$' '$T/out' && ! grep -q '^5 .*warned' '$T/out' && grep -q '^warned: run-time warnings' '$T/out'"
check "sweep: a point over capacity warned, with its value" \
    grep -q '^poesim: warning: lanes\[general\]\.lanes = 3: north pov general: demand exceeded capacity' "$T/err"
check "sweep: a point under capacity not warned" sh -c "! grep -q 'lanes = 5:' '$T/err'"
$POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=3,5' --reps 2 --days 1 \
    --no-plots --quiet --out "$T/swq" >/dev/null 2>"$T/err"
check "sweep --quiet: no warning" test ! -s "$T/err"
check "sweep.csv: a warnings column, last" sh -c "head -1 '$T/swq/sweep.csv' | grep -q ',delta_best_ci95_min,warnings\$'"
check "sweep.csv: the point over capacity has its warnings on its queue's row" \
    grep -q '^3,contract-mmc-p1,north,pov,general,.*,"north pov general: demand exceeded capacity for [^"]* | north pov general: [0-9.]*% of the arrivals [^"]*"$' "$T/swq/sweep.csv"
check "sweep.csv: and on its row as a whole" \
    grep -q '^3,contract-mmc-p1,all,all,all,.*,"north pov general: demand exceeded capacity' "$T/swq/sweep.csv"
check "sweep.csv: the point under capacity has none" \
    sh -c "[ \$(grep -c '^5,contract-mmc-p2,.*,\$' '$T/swq/sweep.csv') -eq 2 ]"
# A sweep interrupted after its first point, then resumed: that point's
# warnings, read back, are still in sweep.csv.
POESIM_TEST_FAIL_SCENARIO=contract-mmc-p2 $POESIM sweep tests/contract/mmc.json \
    --set 'lanes[general].lanes=3,5' --reps 2 --days 1 --no-plots --quiet --out "$T/swr" 2>/dev/null
$POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=3,5' --reps 2 --days 1 \
    --no-plots --quiet --resume --out "$T/swr" >/dev/null 2>&1
check "sweep --resume: the warnings of a point read back" \
    grep -q '^3,contract-mmc-p1,north,pov,general,.*,"north pov general: demand exceeded capacity' "$T/swr/sweep.csv"

# An overloaded port (4 General booths): over capacity, 14% left at the end.
$POESIM run $H/laredo_trucks.json --set 'lanes[truck-general].lanes=4' --no-plots --quiet \
    --out "$T/over" 2>"$T/err"
check "overload: in summary.json" grep -q 'north truck general: demand exceeded capacity' "$T/over/summary.json"
check "overload without a staffing policy: no note of one" \
    sh -c "grep -q 'demand exceeded' '$T/over/summary.json' && ! grep -q 'has a staffing policy' '$T/over/summary.json'"
check "overload: crossers left at the end in summary.json" \
    grep -q 'north truck general: [0-9.]*% of the arrivals .* left out of the mean wait and the cost' \
    "$T/over/summary.json"
check "summary.json: remaining_share" grep -q '"remaining_share":' "$T/over/summary.json"
$POESIM run $H/laredo_trucks.json --set 'lanes[truck-general].lanes=4' --no-plots \
    --out "$T/over2" >"$T/out" 2>"$T/err"
check "overload: on stderr, labelled" grep -q '^poesim: warning: laredo_trucks: north truck general: demand exceeded' "$T/err"
check "table: a left % column" grep -q 'left %' "$T/out"
left=$(awk '$1 == "north" && $3 == "general" { print $NF }' "$T/out")
check "table: the share left is shown ($left %)" awk -v x="$left" 'BEGIN { exit !(x > 10) }'

# Laredo-like baseline and its 06:00 proposal: booth-hours, money, BCR.
$POESIM batch $H/laredo_trucks.json $H/laredo_trucks_6am.json --no-plots --out "$T/lb" \
    >"$T/out" 2>"$T/err"
check "benefit_cost.csv: 21.4286 booth-hours a day added" \
    awk -F, 'NR == 2 { exit !($7 == "21.4286") }' "$T/lb/benefit_cost.csv"
check "benefit_cost.csv: staffing 938571.43 USD a year" \
    awk -F, 'NR == 2 { exit !($4 == "938571.43") }' "$T/lb/benefit_cost.csv"
check "money: no exponents in comparison.csv" sh -c "! grep -q 'e+' '$T/lb/comparison.csv'"
check "money: no exponents in benefit_cost.csv" sh -c "! grep -q 'e+' '$T/lb/benefit_cost.csv'"
check "money: cents" awk -F, 'NR == 2 { exit !($9 ~ /^[0-9]+\.[0-9][0-9]$/) }' "$T/lb/comparison.csv"
check "comparison.csv: throughput columns" \
    grep -q 'served_per_day,served_per_day_ci95,delta_served_per_day,delta_served_per_day_ci95' \
    "$T/lb/comparison.csv"
check "comparison.csv: waiting for the opening apart" \
    grep -q 'queue_wait_mean_min,.*closed_wait_mean_min,closed_arrivals_per_day' "$T/lb/comparison.csv"
check "stdout: BCR with its interval" grep -Eq '^laredo_trucks_6am .* [0-9]+\.[0-9][0-9] \[[0-9<.]+, [0-9.]+\]$' "$T/out"

# A proposal that only raises the cost of waiting: no ratio, in words.
cat > "$T/late.json" <<JSON
{ "extends": "$PWD/$H/laredo_trucks.json", "name": "laredo_late",
  "hours": { "truck": { "default": "10:00-24:00" } },
  "investment": { "capital_usd": 1000000, "life_years": 5 } }
JSON
$POESIM batch $H/laredo_trucks.json "$T/late.json" --no-plots --out "$T/ll" >"$T/out" 2>"$T/err"
check "negative savings: no ratio, said in words" grep -q '^laredo_late .*none: costs exceed benefits' "$T/out"
check "negative savings: the CSV keeps the number" awk -F, 'NR == 2 { exit !($17 < 0) }' "$T/ll/benefit_cost.csv"

# The trap: hours widened, staffing left from 08:00.
cat > "$T/trap.json" <<JSON
{ "extends": "$PWD/$H/laredo_trucks_6am.json", "name": "laredo_trap",
  "lanes": [ { "name": "truck-general", "staffed_booths": { "00:00": 0, "08:00": 12 } } ] }
JSON
$POESIM check "$T/trap.json" >"$T/out" 2>"$T/err"
check "check: open but unstaffed is a warning" \
    grep -q "laredo_trucks_6am.json: hours.truck: north truck general has no booth staffed while its facility is open (mon-fri 06:00-08:00)" "$T/err"

# A run on calendar dates: the date in summary.json, hourly.csv and the table.
$POESIM run $H/laredo_trucks.json --set run.start_date=2017-01-02 --reps 2 --no-plots \
    --out "$T/dated" >"$T/out" 2>"$T/err"
check "dated: summary.json start_date" grep -q '"start_date":[[:space:]]*"2017-01-02"' "$T/dated/summary.json"
check "dated: hourly.csv rows carry their date" \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "date") c = i }
             NR == 2 { a = ($1 == 1 && $c == "2017-01-02") } NR > 1 && $1 == 2 { b = ($c == "2017-01-03") }
             END { exit !(a && b) }' "$T/dated/hourly.csv"
check "dated: the table says from when" grep -q 'from 2017-01-02' "$T/out"
$POESIM run $H/laredo_trucks.json --set run.start_date=2017-01-03 --reps 2 --no-plots \
    --out "$T/dated2" >"$T/out" 2>"$T/err"
check "dated: a start on another weekday than run.start is refused" grep -q 'run.start: expected "tue"' "$T/err"
