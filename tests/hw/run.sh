#!/usr/bin/env bash
# tests/hw/run.sh [SHARED] - the accelerator: the register map's generated files up to date
# (rtl/regmap.py), then make -C rtl lint test formal cosim cosim-asan.
#
# Each make target is one check (its output in build/logs/hw/rtl-TARGET.log). A target
# fails on a non-zero exit status, and also when its log holds a failing line (FAIL at the
# start of a line, or a program's `: FAIL:` summary) or, for `test`, fewer `tb_acc: PASS`
# lines than testbench runs (`== tb_acc` lines): so a testbench whose status a pipe hid
# still counts. The cosimulation writes its cosim table into a copy of rtl/README.md in
# build/rtl/ (make cosim, not the tests, updates the README); stories260K's row needs
# SHARED's model and is a skip without it. Installs Verilator, Icarus and Yosys when
# missing (tests/deps.sh). Ends with `hw: N passed, M failed[, K skipped]`.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
suite hw "${1:-}"
if ! bash tests/deps.sh verilator iverilog vvp yosys make gcc g++ python3; then
    fail "tools: Verilator, Icarus, Yosys and python3 are needed (tests/deps.sh)"
    finish
fi
mkdir -p build/rtl
cp rtl/README.md build/rtl/README.cosim.md

# The register map's generated files (rtl/edgellm_acc_regs.vh, edgellm_hw.h's table and
# constants, rtl/README.md's table) must be what rtl/regmap.py writes from rtl/regmap.txt,
# and rtl/edgellm_acc_exp2.vh what it writes from edgellm.h's exp2 table.
rm -rf build/rtl/regmap
if python3 rtl/regmap.py --out build/rtl/regmap >"$LOGS/regmap.log" 2>&1; then
    stale=
    for f in rtl/edgellm_acc_regs.vh edgellm_hw.h rtl/README.md rtl/edgellm_acc_exp2.vh; do
        cmp -s "$f" "build/rtl/regmap/$(basename "$f")" || stale="$stale $f"
    done
    if [ -z "$stale" ]; then
        pass "register map: the generated files match rtl/regmap.txt and edgellm.h's exp2 table"
    else
        fail "register map: stale:$stale (edit rtl/regmap.txt or edgellm.h's exp2 table, then run python3 rtl/regmap.py)"
        for f in $stale; do diff -u "$f" "build/rtl/regmap/$(basename "$f")" | head -12 | sed 's/^/      /'; done
    fi
else
    fail "register map: rtl/regmap.py failed (log ${LOGS#"$ROOT"/}/regmap.log)"
    head -5 "$LOGS/regmap.log" | sed 's/^/      /'
fi

for target in lint test formal cosim cosim-asan; do
    log=$LOGS/rtl-$target.log
    t0=$(date +%s)
    make --no-print-directory -C rtl "$target" SHARED="$SHARED" COSIM_README="$ROOT/build/rtl/README.cosim.md" >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - t0))
    why=
    if [ "$rc" != 0 ]; then
        why="exit status $rc"
    elif grep -qE '^\s*FAIL|: FAIL:' "$log"; then
        why="a failing line in the log"
    elif [ "$target" = test ] && [ "$(grep -c '^tb_acc: PASS' "$log")" -lt "$(grep -c '^== tb_acc' "$log")" ]; then
        why="$(grep -c '^tb_acc: PASS' "$log") of $(grep -c '^== tb_acc' "$log") testbench runs passed"
    fi
    if [ -z "$why" ]; then
        pass "rtl $target (${secs}s)"
        if [ "$target" = cosim ]; then
            grep -E '^cosim model ' "$log" | sed 's/^/      /'
            if grep -q 'stories260K INT8: skipped' "$log"; then
                skip "cosimulation of stories260K INT8" "$SHARED holds no stories260K model"
            fi
        fi
    else
        fail "rtl $target: $why (${secs}s; log ${log#"$ROOT"/})"
        grep -E '^\s*FAIL|: FAIL:|\b(ERROR|[Ee]rror)\b|mismatch' "$log" | head -20 | sed 's/^\s*/FAIL  rtl '"$target"': /'
    fi
done
finish
