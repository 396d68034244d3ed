#!/bin/sh
# The README's walkthrough works as written: its two scenario files, taken
# from the README itself, load with the description the README shows, the
# proposal merges into the scenario it says, and the commands it shows run
# and print what it describes (a table, a paired difference, a BCR with
# its interval, the report), and the table of contents lists every heading.
# Short runs: the figures are not compared (a
# change of the model changes them; the README's are from the build that
# wrote it).  One "PASS: ..." or "FAIL: ..." line per case.  Run from the
# repository root.
POESIM=${POESIM:-./poesim}
case $POESIM in /*) ;; *) POESIM=$PWD/$POESIM ;; esac     # the test works in another folder
README=$PWD/README.md
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }

# The ```json block after the line that ends "`FILE`:".
extract() {
    awk -v want="\`$1\`:" 'index($0, want) { on = 1; next }
        on && /^```json/ { inb = 1; next } inb && /^```/ { exit } inb { print }' "$README" >"$T/$1"
}
extract my_crossing.json
extract my_crossing_8lanes.json
check "README: the walkthrough has its two scenario files" test -s "$T/my_crossing.json" -a -s "$T/my_crossing_8lanes.json"
cd "$T" || exit 1
$POESIM check my_crossing.json >out 2>err
check "walkthrough: check prints the line the README shows" \
    grep -qxF "$(grep '^my_crossing.json: ok:' "$README")" out
check "walkthrough: no warning from the file itself" test ! -s err
$POESIM check my_crossing_8lanes.json --merged >merged.json 2>err
check "walkthrough: check --merged of the proposal" grep -q '"lanes":[[:space:]]*8' merged.json
$POESIM run my_crossing.json --reps 3 --days 2 >out 2>err
check "walkthrough: run prints the table" grep -q '^north  pov        general ' out
check "walkthrough: run writes output/my_crossing/report.html" test -s output/my_crossing/report.html
$POESIM batch my_crossing.json my_crossing_8lanes.json --reps 3 --days 2 >out 2>err
check "walkthrough: batch prints the paired difference" grep -q '^my_crossing_8lanes .* all .* ± ' out
check "walkthrough: batch prints a BCR with its interval" \
    grep -Eq '^my_crossing_8lanes +[0-9]+ .* [0-9.]+ \[[0-9.<]+, [0-9.]+\]$' out
check "walkthrough: the batch report and its hourly overlay" \
    test -s output/batch-my_crossing/report.html -a -s output/batch-my_crossing/plots/batch_wait_by_hour.gp
# The table of contents lists every "## " and "### " heading, with GitHub's
# anchors (tests/readme-toc.awk prints it: paste its output after "## Contents").
awk '/^## Contents/ { on = 1; next } on && /^(- |  - )\[/ { print; next } on && NF { exit }' \
    "$README" >"$T/toc.have"
awk -f "$(dirname "$README")/tests/readme-toc.awk" "$README" >"$T/toc.want"
check "README: the contents list every section (awk -f tests/readme-toc.awk README.md)" \
    cmp -s "$T/toc.have" "$T/toc.want"
exit 0
