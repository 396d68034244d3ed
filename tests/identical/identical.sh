#!/bin/sh
# identical.sh - do two versions of poesim write the same bytes?
#
#   sh tests/identical/identical.sh OLD [NEW]      (or: make identical OLD=rev)
#
# OLD and NEW are git revisions of this repository; NEW defaults to the
# working tree as it is now (committed or not), written "." .  Each version is
# exported into a scratch folder and built there with `make poesim`; both are
# built with the same SOURCE_DIGEST (the digest of the sources that resume.o
# puts into every fingerprint), so that the manifests, whose fingerprints
# would otherwise differ only because the sources do, can be compared byte for
# byte like every other file.
#
# Each version then runs the same commands from the same inputs (the shipped
# scenarios, the golden scenario, the bad cases and, if present, the contract
# scenarios of tests/contract/, all taken from OLD's tree):
#   - `run` of every shipped scenario as shipped, plots in png, svg and pdf;
#   - `batch` of each baseline with its proposals (San Ysidro, Otay Mesa);
#   - `batch --reps auto` and `run --reps auto`;
#   - `sweep` over two paths (a heat map and two line plots) and over one;
#   - `plot DIR` again on a copy of a run, a batch and a sweep folder;
#   - `check` of every shipped scenario and of every bad case;
#   - the golden run (`--no-plots`), and `run` with --set overrides;
#   - `calibrate` (San Ysidro 2017, one round), `region` (San Diego with Otay
#     Mesa East, three iterations), `assess` and a chain of stages (Otay Mesa
#     commercial), `staff` (the test port of tests/staff/).
# and its stdout, stderr and exit status are kept beside its output folder.
# The two trees of outputs are then compared with `cmp`, file by file, every
# file included; the only thing left out is the /CreationDate line of each
# PDF, which cairo stamps with the time of drawing (two renderings by the
# same program differ there too).
#
# Prints "PASS: ..." or "FAIL: ..." per command and exits 0 if every file is
# identical.  Not part of `make test`: it builds poesim twice (about two
# minutes on two cores, plus the runs).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
OLD=${1:?usage: identical.sh OLD [NEW]}
NEW=${2:-.}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DIGEST=identical-check
JOBS=${JOBS:-2}

# export REV DEST: the tree of REV ("." : the working tree) into DEST.
export_tree() {
    mkdir -p "$2"
    if [ "$1" = . ]; then
        git ls-files -co --exclude-standard -z | xargs -0 tar -cf - | tar -xf - -C "$2"
    else
        git archive "$1" | tar -xf - -C "$2"
    fi
}

for v in old new; do
    rev=$OLD; [ $v = new ] && rev=$NEW
    export_tree "$rev" "$T/$v" || { echo "FAIL: cannot export $rev"; exit 1; }
    echo "building $v ($rev)"
    make -C "$T/$v" -j2 poesim SOURCE_DIGEST=$DIGEST >"$T/$v.build" 2>&1 \
        || { echo "FAIL: $rev does not build"; tail -20 "$T/$v.build"; exit 1; }
done
IN=$T/old        # inputs: the old tree's scenarios and cases, for both

# run V LABEL ARGS...: V's poesim on ARGS from $IN, output log in V/out/LABEL.log
run() {
    v=$1; label=$2; shift 2
    ( cd "$IN" && "$T/$v/poesim" "$@" ) >"$T/out-$v/$label.log" 2>&1
    echo "exit $?" >>"$T/out-$v/$label.log"
}

# every V: the same commands into $T/out-V/.
every() {
    v=$1; O=$T/out-$v
    mkdir -p "$O"
    P="--plots png,svg,pdf --jobs $JOBS"
    for f in "$IN"/scenarios/*.json; do
        b=$(basename "$f" .json)
        [ "$b" = schema ] && continue
        run "$v" "check-$b" check "scenarios/$b.json"
        run "$v" "run-$b" run "scenarios/$b.json" --out "$O/run-$b" $P
    done
    run "$v" batch-sy batch scenarios/san_ysidro.json scenarios/san_ysidro_more_booths.json \
        scenarios/san_ysidro_sentri40.json scenarios/san_ysidro_reversible.json \
        --out "$O/batch-sy" $P
    run "$v" batch-om batch scenarios/otay_mesa_commercial.json \
        scenarios/otay_mesa_extended_hours.json scenarios/otay_mesa_fast40.json \
        --out "$O/batch-om" $P
    run "$v" batch-auto batch scenarios/otay_mesa_commercial.json scenarios/otay_mesa_fast40.json \
        --reps auto --target-halfwidth 1 --max-reps 12 --days 2 --out "$O/batch-auto" $P
    run "$v" run-auto run scenarios/stanton_lerdo_contraflow.json --reps auto \
        --target-halfwidth 0.5 --max-reps 20 --days 2 --out "$O/run-auto" $P
    run "$v" sweep-2 sweep scenarios/san_ysidro.json --set 'lanes[pov-ready].booths_per_lane=1,2' \
        --set 'demand[fit-north-pov-sentri].per_day=14000:16000:1000' \
        --reps 3 --days 2 --out "$O/sweep-2" $P
    run "$v" sweep-1 sweep scenarios/otay_mesa_flex.json --set 'demand[pov-commute].per_day=10000,11000' \
        --reps 2 --days 1 --out "$O/sweep-1" $P
    run "$v" run-set run scenarios/san_ysidro.json --set 'lanes[pov-ready].booths_per_lane=1' \
        --reps 4 --days 3 --seed 7 --out "$O/run-set" $P
    run "$v" golden run tests/golden/golden.json --no-plots --out "$O/golden" --jobs "$JOBS"
    run "$v" calibrate calibrate scenarios/san_ysidro_2017_base.json \
        data/san_ysidro_2017_observed.csv --rounds 1 --reps 3 --out "$O/calibrate" $P
    run "$v" region region scenarios/region_san_diego_ome.json --reps 2 --days 1 \
        --set iterations.max=3 --out "$O/region" $P
    run "$v" assess assess scenarios/otay_mesa_commercial.json --reps 2 --days 2 \
        --out "$O/assess" $P
    run "$v" stages run scenarios/otay_mesa_joint_inspection.json --reps 2 --days 2 \
        --out "$O/stages" $P
    if [ -f "$IN/tests/staff/port.json" ]; then
        run "$v" staff staff tests/staff/port.json --target 'pov:mean<=20,truck:mean<=30' \
            --out "$O/staff" $P
    fi
    for d in run-san_ysidro batch-sy sweep-2; do
        cp -r "$O/$d" "$O/replot-$d"
        run "$v" "replot-$d" plot "$O/replot-$d" --plots png,svg,pdf
    done
    for f in "$ROOT"/tests/contract/*.json; do
        [ -f "$f" ] || continue
        b=$(basename "$f" .json)
        run "$v" "contract-$b" run "$f" --reps 3 --days 2 --out "$O/contract-$b" $P
    done
    mkdir -p "$O/bad"
    for f in "$IN"/tests/bad/*.json; do
        run "$v" "bad/$(basename "$f" .json)" check "tests/bad/$(basename "$f")"
    done
    # The logs name the output folder: make the two versions' names alike;
    # and the seconds that calibrate, region and staff say they took.
    for l in "$O"/*.log; do
        sed -e "s|$O|OUT|g" -e 's/calibrated in [0-9.]* s/calibrated in T s/' \
            -e 's/(\([0-9.]*\) s)$/(T s)/' -e 's/decisions left open, [0-9.]* s$/decisions left open, T s/' \
            "$l" >"$l.x" && mv "$l.x" "$l"
    done
}

for v in old new; do
    echo "running $v"
    every $v
done

# same A B: byte for byte, a PDF's creation date aside.
same() {
    case $1 in
    *.pdf) LC_ALL=C sed '/\/CreationDate (D:[0-9]*Z)/d' "$1" >"$T/a.pdf"
           LC_ALL=C sed '/\/CreationDate (D:[0-9]*Z)/d' "$2" >"$T/b.pdf"
           cmp -s "$T/a.pdf" "$T/b.pdf" ;;
    *) cmp -s "$1" "$2" ;;
    esac
}

bad=0
files=0
( cd "$T/out-old" && find . -type f | sort ) >"$T/list-old"
( cd "$T/out-new" && find . -type f | sort ) >"$T/list-new"
if ! cmp -s "$T/list-old" "$T/list-new"; then
    echo "FAIL: the two versions wrote different files:"
    diff "$T/list-old" "$T/list-new" | head -20
    bad=1
fi
while read -r f; do
    [ -f "$T/out-new/$f" ] || continue
    files=$((files + 1))
    if ! same "$T/out-old/$f" "$T/out-new/$f"; then
        echo "FAIL: $f differs"
        case $f in *.log|*.csv|*.json|*.html|*.gp|*.dat)
            diff "$T/out-old/$f" "$T/out-new/$f" | head -6 ;;
        esac
        bad=1
    fi
done <"$T/list-old"
[ -f "$T/list-old" ] && echo "compared $files files"
if [ $bad -eq 0 ]; then
    echo "PASS: $OLD and $NEW wrote identical outputs ($files files, logs included)"
else
    echo "FAIL: $OLD and $NEW differ"
fi
exit $bad
