#!/bin/sh
# browser.sh - report.html in a real browser: Debian's Chromium, headless.
#
# Runs a small simulation, draws its plots with `poesim plot`, opens
# report.html from disk (file://, no network) and checks, from the DOM after
# load (--dump-dom), that the key numbers are those of summary.json and that
# the page's self-check (an inline script filling <p id="check">) counted
# every inline SVG plot drawn and every <img> loaded; the same for a page
# whose plots are PNG images (--plots png, inlined as data: URIs), for a
# batch page and for a region page; that a page shows the scenario's notes
# beside its sources and every warning labelled with its scenario(s), the
# batch's capital cost and BCR interval; and that nothing on a page depends on
# its script (the self-check element is empty and hidden in the page as
# written).  Saves a screenshot to tests/out/report.png.
#
# Prints PASS:/FAIL: per check, or SKIP: when Chromium, gnuplot or the plot
# command is missing.
cd "$(dirname "$0")/.." || exit 1

CHROMIUM=/usr/bin/chromium
POESIM=${POESIM:-./poesim}    # make sanitize runs this with its own build
what="report.html in headless Chromium"
if [ ! -x "$CHROMIUM" ]; then
    echo "SKIP: $what: $CHROMIUM is not installed (make test installs the chromium package)"
    exit 0
fi
if ! "$POESIM" help plot >/dev/null 2>&1; then
    echo "SKIP: $what: this poesim has no plot command yet"
    exit 0
fi
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: $what: gnuplot is not installed"
    exit 0
fi

T=$(mktemp -d /tmp/poesim-browser-XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
mkdir -p tests/out

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
check() {   # check WHAT CONDITION...: PASS or FAIL as the condition holds
    w=$1
    shift
    if "$@"; then pass "$w"; else fail "$w"; fi
}

# Chromium as root needs --no-sandbox; every run gets a fresh profile and
# nothing reaches the network.
chrome() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update \
        --disable-sync --user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" \
        2>>"$T/chromium.log"
}

# The value of attribute $2 of <p id="check"> in the DOM dump $1 (or "").
attr() {
    tr '\n' ' ' <"$1" | sed -n 's/.*<p id="check"[^>]*[ ]'"$2"'="\([0-9]*\)".*/\1/p'
}

# The overall mean wait (key "mean") or p95 (key "p95") of summary.json $1,
# formatted as the page formats it ($3 decimals).
summary_overall() {
    awk -v want="$2" -v dec="$3" '
        /^\t"overall":/ { o = 1 }
        o && /"wait_min":/ { w = 1; if (want == "mean") p = 1; next }
        o && w && /"p95":/ { p = 1; next }
        o && w && p && /"mean":/ { v = $2; gsub(/[^0-9.eE+-]/, "", v); printf "%.*f\n", dec, v; exit }
    ' "$1"
}

# Check the self-check of a dumped page: at least $2 inline SVG plots, all
# drawn; at least $3 images, all loaded.
check_page() {
    dom=$1 min_svgs=$2 min_imgs=$3 label=$4
    svgs=$(attr "$dom" data-svgs)
    drawn=$(attr "$dom" data-svgs-drawn)
    imgs=$(attr "$dom" data-imgs)
    loaded=$(attr "$dom" data-imgs-loaded)
    if [ -z "$svgs" ] || [ -z "$imgs" ]; then
        fail "$label: the page's self-check did not run (no data-svgs on #check)"
        return
    fi
    if [ "$svgs" -ge "$min_svgs" ] && [ "$drawn" = "$svgs" ]; then
        pass "$label: $svgs inline SVG plots (at least $min_svgs), $drawn drawn"
    else
        fail "$label: $svgs inline SVG plots (at least $min_svgs), $drawn drawn"
    fi
    if [ "$imgs" -ge "$min_imgs" ] && [ "$loaded" = "$imgs" ]; then
        pass "$label: $loaded of $imgs images loaded (at least $min_imgs)"
    else
        fail "$label: $loaded of $imgs images loaded (at least $min_imgs)"
    fi
}

# A run with its plots, as SVG (inline) and as PNG (data: URIs).
if "$POESIM" run tests/contract/port.json --reps 2 --days 2 --out "$T/r" --quiet --no-plots \
   && "$POESIM" plot "$T/r" --quiet; then
    pass "poesim run and poesim plot"
else
    fail "poesim run and poesim plot"
    exit 0
fi
cp -r "$T/r" "$T/png" && "$POESIM" plot "$T/png" --plots png --quiet \
    || fail "poesim plot --plots png"

if chrome --dump-dom "file://$T/r/report.html" >"$T/dom.html" && [ -s "$T/dom.html" ]; then
    pass "Chromium opened file://.../report.html"
else
    fail "Chromium opened file://.../report.html (see its log below)"
    tail -5 "$T/chromium.log"
    exit 0
fi

wait=$(summary_overall "$T/r/summary.json" mean 2)
p95=$(summary_overall "$T/r/summary.json" p95 1)
check "key number: mean wait $wait min shown" grep -q "id=\"k-wait\">$wait<" "$T/dom.html"
check "key number: p95 wait $p95 min shown" grep -q "id=\"k-p95\">$p95<" "$T/dom.html"
check "key number: crossers per day shown" grep -q 'id="k-crossers">[0-9][0-9,]*<' "$T/dom.html"
check_page "$T/dom.html" 5 0 "run page"

if chrome --dump-dom "file://$T/png/report.html" >"$T/dom-png.html" && [ -s "$T/dom-png.html" ]; then
    check_page "$T/dom-png.html" 0 5 "run page with PNG plots"
else
    fail "Chromium opened the page with PNG plots"
fi

# A batch page: its plots and each scenario's wait by hour.
if "$POESIM" batch scenarios/otay_mesa_commercial.json scenarios/otay_mesa_extended_hours.json \
       scenarios/otay_mesa_fast40.json --reps 3 --days 2 --out "$T/b" --quiet \
   && chrome --dump-dom "file://$T/b/report.html" >"$T/dom-b.html" && [ -s "$T/dom-b.html" ]; then
    check_page "$T/dom-b.html" 6 0 "batch page"
    check "batch page: BCR shown" grep -q 'id="k-1-bcr">[0-9]' "$T/dom-b.html"
else
    fail "batch page rendered and opened"
fi

# A region page: its plots (shares, waits, convergence, tolls) and each
# port's wait by hour; its key numbers those of region.json.
if "$POESIM" region tests/region/toll_hold.json --reps 3 --days 3 --set iterations.max=4 \
       --out "$T/g" --quiet \
   && chrome --dump-dom "file://$T/g/report.html" >"$T/dom-g.html" && [ -s "$T/dom-g.html" ]; then
    check_page "$T/dom-g.html" 6 0 "region page"
    check "region page: iterations shown" grep -q 'id="k-iter">4<' "$T/dom-g.html"
    check "region page: the region's cost of waiting shown" grep -q 'id="k-cost">\$[0-9]' "$T/dom-g.html"
    check "region page: links to each port's report" grep -q 'href="small/report.html"' "$T/dom-g.html"
else
    fail "region page rendered and opened"
fi

# Notes and warnings: the Laredo-like crossing with too few booths (over
# capacity, crossers left at the end; its file has notes and sources).
if "$POESIM" run tests/hours/laredo_trucks.json --set 'lanes[truck-general].lanes=4' --reps 2 \
       --days 3 --out "$T/w" --quiet \
   && chrome --dump-dom "file://$T/w/report.html" >"$T/dom-w.html" && [ -s "$T/dom-w.html" ]; then
    tr '\n' ' ' <"$T/dom-w.html" >"$T/w1.html"
    check "run page: the scenario's notes shown" \
        grep -q '<ul class="notes"> *<li>Test fixture, not a calibrated port' "$T/w1.html"
    check "run page: its sources shown" grep -q '<ul class="sources"> *<li>~6,300-8,000 northbound' "$T/w1.html"
    check "run page: an over-capacity warning, labelled with its scenario" \
        grep -q '<ul class="warn">.*<li><b>laredo_trucks</b>: north truck general: demand exceeded capacity' "$T/w1.html"
    check "run page: the crossers left at the end, labelled" \
        grep -q '<li><b>laredo_trucks</b>: north truck general: [0-9.]*% of the arrivals' "$T/w1.html"
    check "run page: still in the port at the end, a key number" grep -q 'id="k-left">[0-9]' "$T/w1.html"
    check "run page: arrivals while closed, a key number" grep -q 'id="k-closed">[0-9]' "$T/w1.html"
    check "run page: no 'scripts disabled' text" sh -c "! grep -qi 'scripts disabled' '$T/w1.html'"
    check "run page: the self-check element is hidden" grep -q '<p id="check" class="check" hidden' "$T/w1.html"
    # Without scripts (the file as written) the check is an empty hidden
    # element: nothing on the page says what a script would have done.
    check "run page as written: the self-check empty and hidden" \
        grep -q '<p id="check" class="check" hidden data-expected-svgs="[0-9]*"></p>' "$T/w/report.html"
else
    fail "a run with warnings rendered and opened"
fi
printf '{ "extends": "%s", "name": "gp", "lanes": [ { "name": "truck-general", "lanes": 3 } ],
  "investment": { "capital_usd": 2500000, "life_years": 10 } }\n' "$PWD/tests/golden/golden.json" \
    >"$T/gp.json"
if "$POESIM" batch tests/golden/golden.json "$T/gp.json" --reps 2 --out "$T/gb" --quiet \
   && chrome --dump-dom "file://$T/gb/report.html" | tr '\n' ' ' >"$T/dom-gb.html" && [ -s "$T/dom-gb.html" ]; then
    check "batch page: a base file's warning once, labelled with both scenarios" \
        test "$(grep -o '<li><b>golden, gp</b>: tests/golden/golden.json: demand\[0\].hourly_share' "$T/dom-gb.html" | wc -l)" -eq 1
    check "batch page: capital cost shown" grep -q 'id="k-1-capital">\$2,500,000<' "$T/dom-gb.html"
    check "batch page: BCR with its interval" \
        grep -q 'id="k-1-bcr">[0-9.]*</span> <span class="pm">\[[0-9.&lt;]*, [0-9.]*\]' "$T/dom-gb.html"
    check "batch page: each scenario's notes or their absence said" \
        grep -q 'The scenario lists no notes' "$T/dom-gb.html"
else
    fail "a batch with warnings rendered and opened"
fi

shot="$PWD/tests/out/report.png"
rm -f "$shot"
chrome --screenshot="$shot" --window-size=1280,2000 "file://$T/r/report.html" >/dev/null
size=$(wc -c <"$shot" 2>/dev/null || echo 0)
if [ "$size" -gt 20000 ] && [ "$(head -c 4 "$shot" | tail -c 3)" = "PNG" ]; then
    pass "screenshot tests/out/report.png saved ($size bytes)"
else
    fail "screenshot tests/out/report.png saved ($size bytes)"
fi
