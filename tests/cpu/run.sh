#!/usr/bin/env bash
# tests/cpu/run.sh [SHARED_DIR] - the RISC-V core's checks (rtl/soc/edgellm_rv32*.v):
#   1. lint: verilator --lint-only -Wall (M_EN 1 and 0), iverilog -g2005 -Wall
#   2. the riscv-tests ISA suites rv32ui, rv32um, rv32mi from SHARED_DIR/riscv-tests
#      (built here, never copied), each test without stalls and with random stalls
#   3. the directed tests tests/cpu/directed/*.S, without and with random stalls
#   4. random programs run on QEMU and on the core, register and memory dumps
#      compared: CPU_RANDOM programs (default 1000), CPU_RANDOM_SEED (default 1)
#   5. the firmware application (examples/firmware, the engine) built rv32im for QEMU
#      and for the core: the generated token ids must be identical (zybo.elm,
#      CPU_FW_STEPS tokens, default 8)
# Environment: CPU_STALL (default 96) and CPU_STALL_SEED for the stalled runs.
# Every run of the core goes through the Verilator harness (tb_cpu.v, tb_cpu.cpp),
# which also checks the bus contract on both ports every cycle.
# Tests that cannot run are counted as skipped, each with a line `skipped: WHAT: REASON`.
# The closing line is `cpu: N passed, M failed[, K skipped]`,
# and the exit status is non-zero on any failure. Build products go to build/cpu.
set -u -o pipefail
SHARED=${1:-}
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
[ -n "$SHARED" ] || SHARED=$ROOT/../shared
OUT=$ROOT/build/cpu
mkdir -p "$OUT"
T0=$(date +%s)

PASS=0
FAIL=0
SKIP=0
ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL  $*"; }
skip() { SKIP=$((SKIP + 1)); echo "skipped: $1: $2"; }
finish() {
    echo "($(( $(date +%s) - T0 )) s)"
    echo "cpu: $PASS passed, $FAIL failed$([ "$SKIP" = 0 ] || echo ", $SKIP skipped")"
    [ "$FAIL" = 0 ]
    exit
}

if ! bash tests/deps.sh verilator iverilog riscv64-unknown-elf-gcc make g++ python3; then
    bad "tools: missing (tests/deps.sh names the Debian packages)"
    finish
fi

RTL=$(ls "$ROOT"/rtl/soc/edgellm_rv32*.v)
CC="riscv64-unknown-elf-gcc -march=rv32im_zicsr_zifencei -mabi=ilp32 -static -nostdlib -nostartfiles"
STALL=${CPU_STALL:-96}           # chance/256 of a withheld grant or a delayed answer
STALL_SEED=${CPU_STALL_SEED:-1}
CPU_FW_STEPS=${CPU_FW_STEPS:-8}  # tokens of the firmware check (ids run and bench each)

# ------------------------------------------------------------------ 1. lint
echo "== lint"
lint() {
    local name=$1; shift
    if "$@" >"$OUT/lint-$name.log" 2>&1 && [ ! -s "$OUT/lint-$name.log" ]; then ok
    else bad "lint $name: $(head -5 "$OUT/lint-$name.log")"; fi
}
lint verilator-m1 verilator --lint-only -Wall --default-language 1364-2005 --top-module edgellm_rv32 $RTL
lint verilator-m0 verilator --lint-only -Wall --default-language 1364-2005 --top-module edgellm_rv32 -GM_EN=0 $RTL
lint iverilog     iverilog -g2005 -Wall -o /dev/null -s edgellm_rv32 $RTL
lint verilator-tb verilator --lint-only -Wall --default-language 1364-2005 --top-module tb_cpu $RTL tests/cpu/tb_cpu.v
echo "lint: $PASS passed, $FAIL failed"

# ------------------------------------------------------------------ the harness
TB=$OUT/obj/tb_cpu
newer=$(find $RTL tests/cpu/tb_cpu.v tests/cpu/tb_cpu.cpp -newer "$TB" 2>/dev/null | head -1)
if [ ! -x "$TB" ] || [ -n "$newer" ]; then
    echo "== building the Verilator harness"
    if ! verilator --cc --exe --build -j 1 -Wall --default-language 1364-2005 -O3 -MAKEFLAGS "OPT_FAST=-O2" \
            -CFLAGS "-O2 -std=c++17" --x-initial unique --x-assign unique -Mdir "$OUT/obj" --top-module tb_cpu \
            $RTL "$ROOT/tests/cpu/tb_cpu.v" "$ROOT/tests/cpu/tb_cpu.cpp" -o tb_cpu >"$OUT/build.log" 2>&1; then
        bad "harness build: $(grep -m3 -iE 'error|warning' "$OUT/build.log")"
        finish
    fi
fi

# run_tb NAME ELF [tb args]: passes when the program passes (exit 0)
run_tb() {
    local name=$1 elf=$2; shift 2
    if "$TB" --quiet "$@" "$elf" >"$OUT/run.out" 2>"$OUT/run.err"; then ok
    else bad "$name ($*): $(tail -1 "$OUT/run.err")"; fi
}

# ------------------------------------------------------------------ 2. riscv-tests
RT=$SHARED/riscv-tests
# tests that cannot pass on this core, and why
declare -A RT_SKIP=(
    [rv32ui-ma_data]="needs misaligned loads and stores in hardware; this core traps on them (rv32mi-ma_addr and the *-misaligned tests check the trap)"
    [rv32mi-breakpoint]="needs debug triggers (tselect/tdata1/tdata2), not implemented"
    [rv32mi-pmpaddr]="needs PMP (pmpcfg/pmpaddr), not implemented"
)
if [ ! -d "$RT/isa/rv32ui" ] || [ ! -d "$RT/env/p" ]; then
    skip "riscv-tests" "$RT is absent (reference data from ../shared)"
else
    mkdir -p "$OUT/rvt"
    for suite in rv32ui rv32um rv32mi; do
        echo "== riscv-tests $suite"
        p0=$PASS f0=$FAIL
        for src in "$RT"/isa/$suite/*.S; do
            t=$(basename "$src" .S)
            name=$suite-$t
            if [ -n "${RT_SKIP[$name]:-}" ]; then skip "$name" "${RT_SKIP[$name]}"; continue; fi
            # some rv32mi sources are wrappers around rv64si tests that are not in ../shared
            inc=$(sed -n 's/^#include "\.\.\/\(rv64si\/[^"]*\)"/\1/p' "$src")
            if [ -n "$inc" ] && [ ! -f "$RT/isa/$inc" ]; then
                skip "$name" "its source includes isa/$inc, which $RT does not have"
                continue
            fi
            elf=$OUT/rvt/$name.elf
            if ! $CC -mcmodel=medany -fvisibility=hidden -I"$RT/env/p" -I"$RT/isa/macros/scalar" \
                    -T"$RT/env/p/link.ld" "$src" -o "$elf" 2>"$OUT/rvt/$name.log"; then
                bad "$name: build: $(head -2 "$OUT/rvt/$name.log")"; continue
            fi
            run_tb "$name" "$elf" --max-cycles 200000
            run_tb "$name" "$elf" --max-cycles 2000000 --stall "$STALL" --seed "$STALL_SEED"
        done
        echo "$suite: $((PASS - p0)) passed, $((FAIL - f0)) failed (each test without and with random stalls)"
    done
fi

# ------------------------------------------------------------------ 3. directed tests
echo "== directed tests"
p0=$PASS f0=$FAIL
mkdir -p "$OUT/directed"
for src in tests/cpu/directed/*.S; do
    t=$(basename "$src" .S)
    elf=$OUT/directed/$t.elf
    if ! $CC -Wl,--no-warn-rwx-segments -Itests/cpu/directed -Ttests/cpu/directed/link.ld "$src" -o "$elf" \
            2>"$OUT/directed/$t.log"; then
        bad "directed $t: build: $(head -2 "$OUT/directed/$t.log")"; continue
    fi
    run_tb "directed $t" "$elf" --max-cycles 200000
    run_tb "directed $t" "$elf" --max-cycles 2000000 --stall "$STALL" --seed "$STALL_SEED"
    run_tb "directed $t" "$elf" --max-cycles 2000000 --stall 200 --seed $((STALL_SEED + 1))
done
echo "directed: $((PASS - p0)) passed, $((FAIL - f0)) failed (each test without stalls and with two stall patterns)"

# ------------------------------------------------------------------ 4. random programs vs QEMU
NPROG=${CPU_RANDOM:-1000}
RSEED=${CPU_RANDOM_SEED:-1}
PER_IMAGE=100
echo "== random programs: $NPROG (seed $RSEED), QEMU against the core"
if ! command -v qemu-system-riscv32 >/dev/null 2>&1; then
    skip "random" "qemu-system-riscv32 is not installed (Debian package qemu-system-misc)"
else
    R=$OUT/random
    rm -rf "$R"
    mkdir -p "$R"
    p0=$PASS f0=$FAIL
    mism=0
    nprog=0
    if ! python3 tests/cpu/random/gen.py --seed "$RSEED" --programs "$NPROG" --per-image $PER_IMAGE --out "$R"; then
        bad "random: generator failed"
    fi
    i=0
    for src in "$R"/img*.S; do
        [ -f "$src" ] || continue
        img=$(basename "$src" .S)
        built=1
        for plat in qemu tb; do
            def=""; [ $plat = qemu ] && def=-DPLATFORM_QEMU
            $CC -Wl,--no-warn-rwx-segments $def -Ttests/cpu/random/link.ld tests/cpu/random/rv_common.S "$src" \
                tests/cpu/random/rv_platform.S -o "$R/$img.$plat.elf" 2>"$R/$img.$plat.log" || built=0
        done
        if [ $built = 0 ]; then bad "random $img: build: $(head -2 "$R/$img".*.log)"; continue; fi
        n=$(grep -c '^prog[0-9]*:' "$src")
        nprog=$((nprog + n))
        timeout 120 qemu-system-riscv32 -machine virt -nographic -bios none -kernel "$R/$img.qemu.elf" \
            >"$R/$img.qemu.out" 2>"$R/$img.qemu.err" </dev/null
        qrc=$?
        # every other image runs with random stalls on both ports
        stall_args=""; [ $((i % 2)) = 1 ] && stall_args="--stall $STALL --seed $((RSEED + i))"
        "$TB" --quiet --max-cycles 50000000 $stall_args "$R/$img.tb.elf" >"$R/$img.tb.out" 2>"$R/$img.tb.err"
        trc=$?
        # a program mismatches when its line differs or is missing on either side
        d=$( (grep '^P' "$R/$img.qemu.out"; grep '^P' "$R/$img.tb.out") | sort | uniq -u | cut -c1-9 | sort -u | wc -l)
        if [ "$qrc" != 0 ] || ! grep -qx done "$R/$img.qemu.out"; then
            bad "random $img: QEMU did not finish (exit $qrc): $(grep -m1 TRAP "$R/$img.qemu.out")"
            d=$((d > 0 ? d : n))
        elif [ "$trc" != 0 ]; then
            bad "random $img${stall_args:+ ($stall_args)}: the core did not finish: $(tail -1 "$R/$img.tb.err") $(grep -m1 TRAP "$R/$img.tb.out")"
            d=$((d > 0 ? d : 1))
        elif [ "$d" != 0 ]; then
            bad "random $img${stall_args:+ ($stall_args)}: $d programs differ, first: $(diff "$R/$img.qemu.out" "$R/$img.tb.out" | sed -n 2p | cut -c1-12)"
        else
            ok
        fi
        mism=$((mism + d))
        i=$((i + 1))
    done
    echo "random: $nprog programs, $mism mismatches ($((PASS - p0)) images passed, $((FAIL - f0)) failed; odd images with random stalls)"
fi

# ------------------------------------------------------------------ 5. the firmware application
# examples/firmware unchanged, built rv32im for QEMU and for the core: token ids identical
echo "== firmware: the engine on the core against QEMU (zybo.elm, $CPU_FW_STEPS + $CPU_FW_STEPS tokens)"
if ! command -v qemu-system-riscv32 >/dev/null 2>&1; then
    skip "firmware" "qemu-system-riscv32 is not installed (Debian package qemu-system-misc)"
elif [ ! -f examples/models/zybo.elm ]; then
    skip "firmware" "examples/models/zybo.elm is absent"
elif bash tests/cpu/perf/firmware.sh "$CPU_FW_STEPS" zybo >"$OUT/firmware.log" 2>&1; then
    ok; cat "$OUT/firmware.log"
else
    bad "firmware: $(tail -3 "$OUT/firmware.log")"
fi

finish
