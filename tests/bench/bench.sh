#!/bin/sh
# make bench: speed and memory figures, printed and appended (with the date and
# the commit) to tests/bench/history.csv.  Not a test: nothing is asserted.
#
#   1. engine efficiency: the contract M/M/5 stretched to ~10^7 crossings, poesim
#      against a minimal hand-written M/M/c event loop (tests/bench/ref_mmc.c)
#      using the same generator: crossings and events per second of each;
#   2. scale: san_ysidro.json for 365 days, one replication, one thread: wall
#      time and peak memory, beside the same for 7 days;
#   3. all cores: san_ysidro.json, 20 replications, --jobs 1 against all cores;
#   4. a port: tests/bench/port3.json (cars in General, Ready and SENTRI, lognormal
#      inspections, a secondary with referral), ~10^7 crossings, one replication,
#      one thread: crossings per second;
#   5. what poesim's generality costs: the M/M/5 of 1 and the port of 4 each written
#      by hand as one specialised loop that keeps poesim's statistics per crosser
#      (tests/bench/ref_port.c), crossings per second and poesim's ratio to it;
#   6. the second generator (run.rng "xoshiro256++", with its ziggurat
#      exponential): 1 and 4 again on it, poesim and the loops with the same
#      generator, crossings per second and the ratios.
set -e
cd "$(dirname "$0")/../.."
REF=build/bench/ref_mmc
REF_PORT=build/bench/ref_port
HIST=tests/bench/history.csv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
CORES=$(nproc)
now() { date +%s.%N; }
run() { ./poesim run "$@" --quiet --no-plots --out "$T/o"; }

# 1, 4 and 5 alternate, BENCH_ROUNDS times (default 5): poesim's M/M/5, the
# reference loop, the specialised M/M/5, poesim's bench port, the specialised
# port; each figure is the median of its rounds, each ratio the median of the
# rounds' ratios (a ratio of programs run side by side holds when a shared
# machine's speed drifts, which moves single runs by a quarter).
ROUNDS=${BENCH_ROUNDS:-5}
case $ROUNDS in
    '' | *[!0-9]* | 0) echo "bench: BENCH_ROUNDS must be a whole number >= 1 (got '$ROUNDS')" >&2; exit 2 ;;
esac
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timed() { t0=$(now); run "$@"; t1=$(now); echo "$t0 $t1" | awk '{ print $2 - $1 }'; }
overall_mean() {    # the run's crossers: the first "mean" of "overall" in summary.json
    awk '/"overall":/ { o = 1 } o && /"mean":/ { gsub(/[^0-9.e+]/, "", $2); print $2; exit }' "$T/o/summary.json"
}
: >"$T/rounds"
i=0
while [ $i -lt "$ROUNDS" ]; do
    i=$((i + 1))
    # M/M/5 at load 0.84: 6048 crossings a day, 1654 days ~ 10^7 crossings.
    p_s=$(timed tests/contract/mmc.json --days 1654 --reps 1 --jobs 1)
    events=$(sed -n 's/^\t"events":\t\([0-9]*\).*/\1/p' "$T/o/summary.json")
    crossings=$(overall_mean)
    set -- $($REF 0.07 60 5 "$(printf '%.0f' "$crossings")")
    r_cross=$1 r_events=$2 r_s=$3
    set -- $($REF_PORT mmc 1654)
    sm_cross=$1 sm_s=$3
    # The bench port: 40,000 cars a day for 250 days ~ 10^7 crossings.
    pp_s=$(timed tests/bench/port3.json --reps 1 --jobs 1)
    port_cross=$(overall_mean)
    set -- $($REF_PORT port3 250)
    sp_cross=$1 sp_s=$3
    # 6: the same on xoshiro256++ (its own crossings: other random numbers).
    px_s=$(timed tests/contract/mmc.json --days 1654 --reps 1 --jobs 1 --set run.rng=xoshiro256++)
    px_cross=$(overall_mean)
    set -- $($REF 0.07 60 5 "$(printf '%.0f' "$px_cross")" xoshiro256++)
    rx_cross=$1 rx_s=$3
    ppx_s=$(timed tests/bench/port3.json --reps 1 --jobs 1 --set run.rng=xoshiro256++)
    ppx_cross=$(overall_mean)
    set -- $($REF_PORT port3 250 xoshiro256++)
    spx_cross=$1 spx_s=$3
    echo "$p_s $r_s $sm_s $pp_s $sp_s $px_s $rx_s $ppx_s $spx_s" >>"$T/rounds"
done
col() { awk "{ print $1 }" "$T/rounds" | median; }
p_cps=$(col "$crossings / \$1" | awk '{ printf "%.0f", $1 }')
p_eps=$(col "$events / \$1" | awk '{ printf "%.0f", $1 }')
r_cps=$(col "$r_cross / \$2" | awk '{ printf "%.0f", $1 }')
r_eps=$(col "$r_events / \$2" | awk '{ printf "%.0f", $1 }')
ratio=$(col "($crossings / \$1) / ($r_cross / \$2)" | awk '{ printf "%.3f", $1 }')
smmc_cps=$(col "$sm_cross / \$3" | awk '{ printf "%.0f", $1 }')
smmc_ratio=$(col "($crossings / \$1) / ($sm_cross / \$3)" | awk '{ printf "%.3f", $1 }')
port_cps=$(col "$port_cross / \$4" | awk '{ printf "%.0f", $1 }')
sport_cps=$(col "$sp_cross / \$5" | awk '{ printf "%.0f", $1 }')
sport_ratio=$(col "($port_cross / \$4) / ($sp_cross / \$5)" | awk '{ printf "%.3f", $1 }')
x_cps=$(col "$px_cross / \$6" | awk '{ printf "%.0f", $1 }')
xr_cps=$(col "$rx_cross / \$7" | awk '{ printf "%.0f", $1 }')
x_ratio=$(col "($px_cross / \$6) / ($rx_cross / \$7)" | awk '{ printf "%.3f", $1 }')
xport_cps=$(col "$ppx_cross / \$8" | awk '{ printf "%.0f", $1 }')
xsport_cps=$(col "$spx_cross / \$9" | awk '{ printf "%.0f", $1 }')
xsport_ratio=$(col "($ppx_cross / \$8) / ($spx_cross / \$9)" | awk '{ printf "%.3f", $1 }')

# 2. A year and a week of San Ysidro (peak memory from GNU time when present).
mem() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%e %M' -o "$T/time" ./poesim run scenarios/san_ysidro.json --days "$1" \
            --reps 1 --jobs 1 --quiet --no-plots --out "$T/o"
        cat "$T/time"
    else
        t0=$(now); run scenarios/san_ysidro.json --days "$1" --reps 1 --jobs 1; t1=$(now)
        echo "$t0 $t1" | awk '{ print $2 - $1, "" }'
    fi
}
set -- $(mem 365); year_s=$1 year_kb=${2:-}
set -- $(mem 7); week_s=$1 week_kb=${2:-}

# 3. Replications on every core.
t0=$(now); run scenarios/san_ysidro.json --reps 20 --jobs 1; t1=$(now)
one=$(echo "$t0 $t1" | awk '{ print $2 - $1 }')
t0=$(now); run scenarios/san_ysidro.json --reps 20 --jobs "$CORES"; t1=$(now)
all=$(echo "$t0 $t1" | awk '{ print $2 - $1 }')
speedup=$(echo "$one $all" | awk '{ printf "%.2f", $1 / $2 }')

echo "poesim bench, $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores, medians of $ROUNDS rounds"
printf '  M/M/5, %s crossings   poesim %s crossings/s, %s events/s\n' "$crossings" "$p_cps" "$p_eps"
printf '                           reference loop %s crossings/s, %s events/s\n' "$r_cps" "$r_eps"
printf '                           poesim / reference: %s\n' "$ratio"
printf '  san_ysidro, 365 days     %s s, %s KiB peak (7 days: %s s, %s KiB)\n' "$year_s" "$year_kb" "$week_s" "$week_kb"
printf '  san_ysidro, 20 reps      %s s on 1 thread, %s s on %s: %sx\n' "$one" "$all" "$CORES" "$speedup"
printf '  bench port, %s crossings  poesim %s crossings/s\n' "$port_cross" "$port_cps"
printf '  specialised loops with poesim'"'"'s statistics: M/M/5 %s crossings/s (poesim / it: %s),\n' "$smmc_cps" "$smmc_ratio"
printf '                           bench port %s crossings/s (poesim / it: %s)\n' "$sport_cps" "$sport_ratio"
printf '  run.rng xoshiro256++:    M/M/5 poesim %s crossings/s, reference loop %s (poesim / it: %s)\n' "$x_cps" "$xr_cps" "$x_ratio"
printf '                           bench port poesim %s crossings/s, specialised loop %s (poesim / it: %s)\n' "$xport_cps" "$xsport_cps" "$xsport_ratio"

[ -f "$HIST" ] || echo "date,commit,cores,poesim_crossings_per_s,poesim_events_per_s,ref_crossings_per_s,ref_events_per_s,ratio,year_s,year_kib,week_s,week_kib,reps20_1thread_s,reps20_all_s,speedup,port3_crossings_per_s,spec_mmc_crossings_per_s,spec_mmc_ratio,spec_port3_crossings_per_s,spec_port3_ratio,xo_crossings_per_s,xo_ref_crossings_per_s,xo_ratio,xo_port3_crossings_per_s,xo_spec_port3_crossings_per_s,xo_spec_port3_ratio" > "$HIST"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "$(date -u +%Y-%m-%dT%H:%MZ),$commit,$CORES,$p_cps,$p_eps,$r_cps,$r_eps,$ratio,$year_s,$year_kb,$week_s,$week_kb,$one,$all,$speedup,$port_cps,$smmc_cps,$smmc_ratio,$sport_cps,$sport_ratio,$x_cps,$xr_cps,$x_ratio,$xport_cps,$xsport_cps,$xsport_ratio" >> "$HIST"
echo "appended to $HIST"
