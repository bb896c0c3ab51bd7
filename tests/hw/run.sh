#!/usr/bin/env bash
# tests/hw/run.sh [SHARED_DIR] - the accelerator's checks, from the repository root:
#   make -C rtl lint test formal cosim cosim-asan
# (test and cosim-asan run the cosimulations' C and C++ under ASan+UBSan as well)
# Each make target counts as one check. Installs nothing (tests/run.sh does); fails
# at once when verilator, iverilog or yosys is missing. The closing line is
#   hw: N passed, M failed
# and the exit status is non-zero on any failure.
set -u
SHARED=${1:-}
# an absolute path: make runs in rtl/
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then SHARED=$(cd "$SHARED" && pwd); fi
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
[ -n "$SHARED" ] || SHARED=$ROOT/../shared
LOG=$ROOT/build/logs
mkdir -p "$LOG"

missing=""
for t in verilator iverilog yosys make gcc g++; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
    echo "hw: missing tools:$missing (install them first: the Debian packages verilator, iverilog, yosys)"
    echo "hw: 0 passed, 1 failed"
    exit 1
fi

PASS=0
FAIL=0
for target in lint test formal cosim cosim-asan; do
    out=$LOG/hw-$target.log
    start=$(date +%s)
    make --no-print-directory -C rtl "$target" SHARED="$SHARED" >"$out" 2>&1
    rc=$?
    secs=$(( $(date +%s) - start ))
    if [ "$rc" = 0 ]; then
        PASS=$((PASS + 1))
        printf '%-14s ok (%ss)\n' "rtl $target" "$secs"
        [ "$target" = cosim ] && grep -E '^(cosim model |  stories260K INT8: skipped)' "$out" | sed 's/^ */  /'
        [ "$target" = cosim ] && tail -n 1 "$out" | sed 's/^/  /'
    else
        FAIL=$((FAIL + 1))
        printf '%-14s FAILED (exit %s, %ss; log %s)\n' "rtl $target" "$rc" "$secs" "${out#"$ROOT"/}"
        grep -iE 'fail|error|mismatch|differ' "$out" | head -20 | sed 's/^/    /'
    fi
done
echo "hw: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
