#!/usr/bin/env bash
# tests/fuzz/run.sh [SHARED] - the libFuzzer harnesses: their regressions replayed, a short smoke of each.
#
#   1. builds the libFuzzer harnesses (tests/fuzz/fuzz.mk; clang with libFuzzer, ASan, UBSan)
#      and the seeds that make_seeds writes today;
#   2. replays every tests/fuzz/regress/<harness>_<what>.bin through its harness;
#   3. runs each harness for a short smoke (FUZZ_SMOKE_SECONDS, default 15) on the committed
#      corpus plus the fresh seeds, in a scratch corpus under build/fuzz/smoke.
# A replay or smoke passes when it ends without a crash, leak, timeout or sanitizer report.
# The last line is `fuzz: N passed, M failed`. SHARED is not used.
set -u
cd "$(dirname "$0")/../.."
SECS=${FUZZ_SMOKE_SECONDS:-15}
OUT=build/fuzz
LOGS=$OUT/logs
HARNESSES="load generate encode convert convert_mask"
PASS=0
FAIL=0
mkdir -p "$LOGS"

ok() { PASS=$((PASS + 1)); printf 'ok      %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf 'FAILED  %s\n' "$*"; }
first_error() {   # the line that says what went wrong, from a libFuzzer log
    grep -m1 -E 'fuzz check failed|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY:' "$1" \
        | sed 's/^==[0-9]*==//'
    grep -m1 -A1 'fuzz check failed' "$1" | tail -n 1
}
seeds_of() { case $1 in convert_mask) echo convert ;; *) echo "$1" ;; esac; }
maxlen_of() { case $1 in load | generate) echo 32768 ;; encode) echo 1100 ;; *) echo 16384 ;; esac; }

if ! bash tests/deps.sh clang libfuzzer make; then
    bad "clang with libFuzzer is needed (tests/deps.sh)"
    echo "fuzz: $PASS passed, $FAIL failed"
    exit 1
fi

# --- 1. build -------------------------------------------------------------------------------
built=""
for h in $HARNESSES; do
    if make -s -f tests/fuzz/fuzz.mk "$OUT/fuzz_$h" >"$LOGS/build_$h.log" 2>&1; then
        built="$built $h"
    else
        bad "build fuzz_$h: $(grep -m1 -E 'error|cannot find' "$LOGS/build_$h.log")"
    fi
done
if make -s -f tests/fuzz/fuzz.mk fuzz-seeds >"$LOGS/build_seeds.log" 2>&1; then
    if ! diff -r -q tests/fuzz/corpus "$OUT/seeds" >"$LOGS/seeds_diff.log" 2>&1; then
        echo "note: make_seeds now writes seeds that differ from tests/fuzz/corpus (see $LOGS/seeds_diff.log);"
        echo "      refresh them with: $OUT/make_seeds tests/fuzz/corpus"
    fi
else
    bad "make_seeds: $(grep -m1 -E 'error' "$LOGS/build_seeds.log")"
    mkdir -p "$OUT/seeds/load" "$OUT/seeds/generate" "$OUT/seeds/encode" "$OUT/seeds/convert"
fi
has() { case " $built " in *" $1 "*) return 0 ;; esac; return 1; }

# --- 2. regressions ---------------------------------------------------------------------------
for f in tests/fuzz/regress/*.bin; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .bin)
    h=${name%%_*}
    if ! has "$h"; then bad "regress $name: no harness fuzz_$h"; continue; fi
    log=$LOGS/regress_$name.log
    if "$OUT/fuzz_$h" -timeout=60 -rss_limit_mb=4096 "$f" >"$log" 2>&1; then
        ok "regress $name"
    else
        bad "regress $name: $(first_error "$log" | head -n 2 | tr '\n' ' ')"
    fi
done

# --- 3. smoke runs --------------------------------------------------------------------------
for h in $HARNESSES; do
    has "$h" || continue
    s=$(seeds_of "$h")
    work=$OUT/smoke/$h
    log=$LOGS/smoke_$h.log
    rm -rf "$work" "$OUT/smoke/$h-"*
    mkdir -p "$work"
    "$OUT/fuzz_$h" -max_len="$(maxlen_of "$h")" -timeout=20 -max_total_time="$SECS" -print_final_stats=1 \
        -artifact_prefix="$OUT/smoke/$h-" "$work" "tests/fuzz/corpus/$s" "$OUT/seeds/$s" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ $rc = 0 ]; then
        ok "smoke fuzz_$h: ${execs:-?} executions in ${SECS} s"
    else
        art=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$log" | tail -n 1)
        bad "smoke fuzz_$h (exit $rc, input ${art:-?}): $(first_error "$log" | head -n 2 | tr '\n' ' ')"
    fi
done

echo "logs: $LOGS"
echo "fuzz: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
