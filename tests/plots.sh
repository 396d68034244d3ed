#!/bin/sh
# What the plots show, checked against the files they are drawn from: the
# hourly plots keep weekdays, Saturdays and Sundays apart (a Sunday's hour is
# the Sunday's row of hourly.csv, not a week's mean), booths are steps over
# the whole day, a batch overlays every scenario by hour, two series of a
# sweep panel never share a colour, a heat map with one value on an axis is
# filled, and the lines of a two-path sweep say what each point stands for.
# One "PASS: ..." or "FAIL: ..." line per case; "SKIP: ..." without gnuplot
# (the scripts and data are checked all the same).  Run from the repository
# root.
POESIM=${POESIM:-./poesim}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi; }
HAVE_GP=yes
command -v gnuplot >/dev/null 2>&1 || { HAVE_GP=; echo "SKIP: images (gnuplot is not installed)"; }

# --- A week: weekdays, Saturday and Sunday apart ---
$POESIM run tests/contract/port.json --reps 2 --days 7 --quiet --out "$T/wk" 2>/dev/null
D=$T/wk/plots
check "wait_by_hour: a panel per kind of day" \
    sh -c "grep -q 'weekdays (Mon-Fri): 5 days' '$D/wait_by_hour.gp' && grep -q 'Saturdays: 1 day' '$D/wait_by_hour.gp' && grep -q 'Sundays: 1 day' '$D/wait_by_hour.gp'"
# The Sunday block of north pov general, hour by hour, against hourly.csv's
# Sunday rows (one Sunday: the same numbers, to the 6 digits of the .dat).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         $c["weekday"] == "sun" && $c["direction"] == "north" && $c["mode"] == "pov" &&
         $c["program"] == "general" { print $c["hour"], $c["queue_wait_mean_min"] }' \
    "$T/wk/hourly.csv" >"$T/sun.csv"
awk '/^# index [0-9]+: north pov general, Sundays$/ { on = 1; next }
     /^# index/ { on = 0 } on && NF >= 2 && $1 !~ /^#/ { print $1, $2 }' \
    "$D/wait_by_hour.dat" >"$T/sun.dat"
if [ -s "$T/sun.dat" ] && awk 'NR == FNR { want[$1] = $2; next }
        { d = $2 - want[$1]; if (d < 0) d = -d; if (d > 1e-5 * (1 + want[$1])) bad = 1; n++ }
        END { exit bad || n != 24 }' "$T/sun.csv" "$T/sun.dat"; then
    pass "wait_by_hour: Sunday's hours are the Sunday's rows of hourly.csv"
else
    fail "wait_by_hour: Sunday's hours differ from hourly.csv's Sunday rows"
fi
# ... and a weekday hour is the mean of the five weekdays.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
         $c["weekday"] != "sat" && $c["weekday"] != "sun" && $c["direction"] == "north" &&
         $c["mode"] == "pov" && $c["program"] == "general" && $c["hour"] == 8 {
             s += $c["queue_wait_mean_min"]; n++ }
         END { printf "%.6g\n", s / n }' "$T/wk/hourly.csv" >"$T/wd8"
got=$(awk '/^# index [0-9]+: north pov general, weekdays/ { on = 1; next } /^# index/ { on = 0 }
           on && $1 == 8 { print $2 }' "$D/wait_by_hour.dat")
check "wait_by_hour: a weekday hour is the mean of the five weekdays ($got)" \
    awk -v a="$got" -v b="$(cat "$T/wd8")" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-5 * (1 + b)) }'

# Booths: steps from hour 0 to 24, never down to 0 at the ends of the day.
check "booths_by_hour: drawn as steps" grep -q 'using 1:2 with steps' "$D/booths_by_hour.gp"
check "booths_by_hour: no histeps (which drop to 0 at the ends)" sh -c "! grep -q histeps '$D/booths_by_hour.gp'"
check "booths_by_hour: every block has hours 0..24, hour 24 repeating hour 23" \
    awk '/^# index/ { if (n && (n != 25 || last != prev)) bad = 1; n = 0; next }
         NF >= 2 && $1 !~ /^#/ { n++; if ($1 == 23) prev = $2; if ($1 == 24) last = $2 }
         END { if (n != 25 || last != prev) bad = 1; exit bad }' "$D/booths_by_hour.dat"
[ -n "$HAVE_GP" ] && check "wait_by_hour.png drawn" test -s "$D/wait_by_hour.png"

# --- A batch: every scenario by hour, in its colour ---
$POESIM batch scenarios/otay_mesa_commercial.json scenarios/otay_mesa_extended_hours.json \
    --reps 2 --days 7 --quiet --out "$T/b" 2>/dev/null
B=$T/b/plots
check "batch_wait_by_hour: written" test -s "$B/batch_wait_by_hour.gp"
check "batch_wait_by_hour: the baseline and the proposal in each panel" \
    sh -c "grep -q 'otay_mesa_commercial (baseline)' '$B/batch_wait_by_hour.gp' && grep -q 'otay_mesa_extended_hours' '$B/batch_wait_by_hour.gp'"
check "batch_wait_by_hour: a column per kind of day" grep -q 'north truck general, Sundays' "$B/batch_wait_by_hour.gp"
# The baseline's line is its own wait_by_hour's, weekday by weekday.
awk '/^# index [0-9]+: otay_mesa_commercial, north truck general, weekdays/ { on = 1; next }
     /^# index/ { on = 0 } on && NF >= 2 && $1 !~ /^#/ { print $1, $2 }' \
    "$B/batch_wait_by_hour.dat" >"$T/b1"
awk '/^# index [0-9]+: north truck general, weekdays/ { on = 1; next }
     /^# index/ { on = 0 } on && NF >= 2 && $1 !~ /^#/ { print $1, $2 }' \
    "$T/b/otay_mesa_commercial/plots/wait_by_hour.dat" >"$T/b2"
check "batch_wait_by_hour: the baseline's line is its wait_by_hour's" sh -c "test -s '$T/b1' && cmp -s '$T/b1' '$T/b2'"
check "batch_wait_by_hour: arrivals while closed marked" grep -q 'arrived while closed' "$B/batch_wait_by_hour.gp"
[ -n "$HAVE_GP" ] && check "batch_wait_by_hour.png drawn" test -s "$B/batch_wait_by_hour.png"

# --- A batch of 16 scenarios: 15 distinct colours, then the first again ---
i=1
files=tests/contract/mmc.json
while [ $i -le 15 ]; do
    printf '{ "extends": "%s/tests/contract/mmc.json", "name": "mmc-%d" }\n' "$(pwd)" $i >"$T/m$i.json"
    files="$files $T/m$i.json"
    i=$((i + 1))
done
# shellcheck disable=SC2086
$POESIM batch $files --reps 2 --days 1 --quiet --plots svg --out "$T/b16" 2>/dev/null
sed -n 's/.*batch_wait.dat.* lc rgb "\(#[0-9A-Fa-f]*\)" title.*/\1/p; s/^ *'"''"' using .* lc rgb "\(#[0-9A-Fa-f]*\)" title.*/\1/p' \
    "$T/b16/plots/batch_wait.gp" | head -16 >"$T/colours"
check "a batch of 16: 16 scenario colours in its wait plot" sh -c "[ \$(wc -l <'$T/colours') -eq 16 ]"
check "a batch of 16: the first 15 all distinct" sh -c "[ \$(head -15 '$T/colours' | sort -u | wc -l) -eq 15 ]"
check "a batch of 16: the 16th repeats the first" sh -c "[ \"\$(sed -n 16p '$T/colours')\" = \"\$(sed -n 1p '$T/colours')\" ]"

# --- Sweeps: colours, a one-row heat map, what a point stands for ---
# Cars and buses northbound: pov general and bus general (the same colour by
# mode and programme) share a panel.
cat >"$T/pb.json" <<JSON
{ "name": "pb", "run": { "days": 1, "replications": 2, "seed": 5 },
  "demand": [ { "name": "cars", "direction": "north", "mode": "pov", "per_day": 4000,
                "program_share": { "ready": 0.3 } },
              { "name": "buses", "direction": "north", "mode": "bus", "per_day": 300, "occupancy": 30 },
              { "name": "south", "direction": "south", "mode": "pov", "per_day": 3000 } ],
  "lanes": [ { "name": "g", "direction": "north", "mode": "pov", "lanes": 3 },
             { "name": "r", "direction": "north", "mode": "pov", "program": "ready", "lanes": 2 },
             { "name": "bus", "direction": "north", "mode": "bus", "lanes": 1 },
             { "name": "s", "direction": "south", "mode": "pov", "lanes": 3 } ],
  "service": { "pov.general": { "dist": "exponential", "mean_s": 60 },
               "pov.ready": { "dist": "exponential", "mean_s": 45 },
               "bus.general": { "dist": "exponential", "mean_s": 240 } } }
JSON
$POESIM sweep "$T/pb.json" --set 'lanes[g].lanes=3,4' --set 'lanes[bus].lanes=1' \
    --quiet --out "$T/s" 2>/dev/null
S=$T/s/plots
# Each plot command's colours, one line per panel.
awk '/^    plot / { if (p != "") print p; p = ""; on = 1; next }
     on && /lc rgb/ && !/notitle/ { match($0, /lc rgb "#[0-9A-Fa-f]+"/); p = p " " substr($0, RSTART + 8, 7) }
     on && !/\\$/ { on = 0 } END { if (p != "") print p }' "$S/sweep_1.gp" >"$T/colours"
check "sweep: panels found ($(wc -l <"$T/colours"))" test "$(wc -l <"$T/colours")" -ge 4
check "sweep: no two series of a panel share a colour" \
    awk '{ delete seen; for (i = 1; i <= NF; i++) { if ($i in seen) bad = 1; seen[$i] = 1 } } END { exit bad }' "$T/colours"
check "sweep: pov general and bus general both drawn in one panel" \
    sh -c "grep -q '\"pov general\"' '$S/sweep_1.gp' && grep -q '\"bus general\"' '$S/sweep_1.gp'"
check "heat map with one value on an axis: filled cells (boxxyerror)" \
    grep -q "with boxxyerror fs solid 1.0 noborder lc palette" "$S/sweep_heatmap.gp"
check "heat map: a cell per point" \
    test "$(grep -c '^[0-9]* [0-9]* [0-9.]' "$S/sweep_heatmap.dat")" -eq 2
check "one value of the other path: the line says at which, with intervals" \
    sh -c "grep -q 'at lanes\\[bus\\].lanes = 1' '$S/sweep_1.gp' && grep -q yerrorlines '$S/sweep_1.gp'"
[ -n "$HAVE_GP" ] && check "sweep_heatmap.png drawn" test -s "$S/sweep_heatmap.png"
$POESIM sweep "$T/pb.json" --set 'lanes[g].lanes=3,4' --set 'lanes[bus].lanes=1,2' \
    --quiet --out "$T/s2" 2>/dev/null
check "two paths of two values: each point says it is a mean over the other" \
    grep -q 'each point the mean over lanes\[bus\].lanes = 1, 2; no interval drawn' "$T/s2/plots/sweep_1.gp"
check "a sweep without warnings: no rings, no frames, no Warnings section" \
    sh -c "! grep -q 'warnings' '$S/sweep_1.gp' && ! grep -q 'warnings' '$S/sweep_heatmap.gp' && ! grep -q '<h2>Warnings' '$T/s/report.html'"
# --- A sweep with overloaded points: ringed on the lines, framed on the
# heat map, listed in the report. 3 and 4 booths of the M/M/5 are over
# capacity (load 0.84 x 5/3 and 5/4), and 5 booths at 70 s (0.98) in peak hours. ---
$POESIM sweep tests/contract/mmc.json --set 'lanes[general].lanes=3,5,6' \
    --set 'service[pov.general].mean_s=50,70' --reps 2 --days 1 --quiet --out "$T/sw" 2>/dev/null
W=$T/sw/plots
check "warned sweep: the line plot rings values with warnings" \
    sh -c "grep -q 'using 1:(\\\$6 > 0 ? \\\$2 : NaN) with points pt 6' '$W/sweep_1.gp' && grep -q 'title \"ringed: warnings\"' '$W/sweep_1.gp'"
# sweep_1.dat, north pov general: lanes 3 warned (both service times), 6 not.
awk '/^# index 0:/ { on = 1; next } /^# index/ { on = 0 } on && NF == 6 { print $1, $6 }' \
    "$W/sweep_1.dat" >"$T/warned1"
check "warned sweep: 3 booths warned, 6 booths not ($(tr '\n' ' ' <"$T/warned1"))" \
    sh -c "grep -qx '3 1' '$T/warned1' && grep -qx '6 0' '$T/warned1'"
check "warned sweep: heat map cells framed where warned" \
    sh -c "grep -q 'using (\\\$4 > 0 ? \\\$1 : NaN):2:(0.46):(0.46) with boxxyerror' '$W/sweep_heatmap.gp' && grep -q '^0 1 [0-9.]* 1\$' '$W/sweep_heatmap.dat' && grep -q '^2 0 [0-9.]* 0\$' '$W/sweep_heatmap.dat'"
n_warned=$(awk -F, 'NR > 1 && $4 == "all" && $NF != "" { n++ } END { print n + 0 }' "$T/sw/sweep.csv")
check "warned sweep: the report counts the points with warnings ($n_warned)" \
    sh -c "[ $n_warned -ge 2 ] && grep -q '<span id=\"k-warned\">$n_warned</span>' '$T/sw/report.html' && grep -q '<h2>Warnings</h2>' '$T/sw/report.html'"
check "warned sweep: the report lists a point's warnings" \
    grep -q '<li><b>lanes\[general\].lanes = 3, service\[pov.general\].mean_s = 50</b><ul><li>north pov general: demand exceeded capacity' "$T/sw/report.html"
# --- Plots drawn in parallel (--jobs): the same files as one at a time;
# several gnuplot processes at once; a failure among them reported. ---
if [ -n "$HAVE_GP" ]; then
    GP=$(command -v gnuplot)
    $POESIM plot "$T/wk" --jobs 1 --quiet 2>/dev/null
    cp -r "$T/wk" "$T/wk4"
    $POESIM plot "$T/wk4" --jobs 4 --quiet 2>/dev/null
    check "plot --jobs 4: the same files, byte for byte, as --jobs 1" diff -r "$T/wk" "$T/wk4"
    # A gnuplot that logs its start and end, slowed so that processes meet;
    # the largest number running at once, from the order of the log.
    mkdir "$T/gpbin"
    cat >"$T/gpbin/gnuplot" <<EOS
#!/bin/sh
echo start >>"$T/gplog"
sleep 0.3
"$GP" "\$@"; rc=\$?
echo end >>"$T/gplog"
exit \$rc
EOS
    chmod +x "$T/gpbin/gnuplot"
    most() { awk '/start/ { n++; if (n > m) m = n } /end/ { n-- } END { print m + 0 }' "$T/gplog"; }
    rm -f "$T/gplog"
    PATH="$T/gpbin:$PATH" $POESIM plot "$T/wk4" --jobs 3 --quiet 2>/dev/null
    check "plot --jobs 3: up to 3 gnuplot processes at once ($(most))" test "$(most)" -eq 3
    check "plot --jobs 3: the same files as --jobs 1" diff -r "$T/wk" "$T/wk4"
    rm -f "$T/gplog"
    PATH="$T/gpbin:$PATH" $POESIM plot "$T/wk4" --jobs 1 --quiet 2>/dev/null
    check "plot --jobs 1: one gnuplot process at a time ($(most))" test "$(most)" -eq 1
    # One plot of several at once fails: its message, status 1, no temporary
    # image left, every process waited for.
    cat >"$T/gpbin/gnuplot" <<EOS
#!/bin/sh
case "\$3" in queue_by_hour.gp) sleep 0.2; echo "a broken plot" >&2; exit 1;; esac
echo start >>"$T/gplog"
sleep 0.3
"$GP" "\$@"; rc=\$?
echo end >>"$T/gplog"
exit \$rc
EOS
    rm -f "$T/gplog"
    PATH="$T/gpbin:$PATH" $POESIM plot "$T/wk4" --jobs 3 2>"$T/gperr"
    st=$?
    check "a gnuplot failing among 3: status 1 ($st)" test "$st" -eq 1
    check "a gnuplot failing among 3: its script and message named" \
        grep -q 'queue_by_hour.gp: gnuplot failed (exit status 1): a broken plot' "$T/gperr"
    check "a gnuplot failing among 3: no temporary image left" \
        test -z "$(find "$T/wk4/plots" -name '.*tmp*')"
    check "a gnuplot failing among 3: every process started was waited for" \
        test "$(grep -c start "$T/gplog")" -eq "$(grep -c end "$T/gplog")"
fi
exit 0
