#!/usr/bin/env bash
# tests/cpu/perf/firmware.sh [STEPS] [MODEL...] - the firmware application
# (examples/firmware, unchanged) built rv32im from the same sources twice: for QEMU
# virt (riscv/platform.c: minstret, instructions per token under -icount shift=0) and
# for edgellm_rv32 in the Verilator harness (riscv/platform.c with FW_COUNTER_MCYCLE: mcycle, cycles per
# token). Each image makes one ids run (STEPS tokens, greedy, "ROMEO:") and a bench
# of STEPS tokens (T 0.8, top-p 0.9, seed 42); the token ids of the two must be
# identical. Prints per model "firmware MODEL: ids identical, I instructions/token,
# C cycles/token, CPI X" and writes $OUT/firmware.tsv. Models default to zybo.
# Needs the harness (tests/cpu/run.sh builds it) and QEMU.
set -u -o pipefail
cd "$(dirname "$0")/../../.."
ROOT=$(pwd)
STEPS=${1:-32}
shift || true
MODELS=${*:-zybo}
OUT=$ROOT/build/cpu/fw
TB=$ROOT/build/cpu/obj/tb_cpu
mkdir -p "$OUT"
[ -x "$TB" ] || { echo "firmware: build the harness first (bash tests/cpu/run.sh)"; exit 1; }
make -s build/firmware/tools/model_info >/dev/null || { echo "firmware: model_info build failed"; exit 1; }
FW=examples/firmware
CC="riscv64-unknown-elf-gcc -march=rv32im_zicsr -mabi=ilp32 -mcmodel=medany"
CFLAGS="-O2 -std=c99 -ffreestanding -fno-builtin -ffunction-sections -fdata-sections -Wall -Wextra -Wpedantic -Werror -I. -I$FW/common"
LDFLAGS="-nostdlib -nostartfiles -static -Wl,--gc-sections -T $FW/riscv/link.ld"
rc=0
: >"$OUT/firmware.tsv"
for m in $MODELS; do
    model=examples/models/$m.elm
    [ -f "$model" ] || { echo "firmware $m: $model missing"; rc=1; continue; }
    D=$OUT/$m
    mkdir -p "$D"
    printf '%s ids %s 0 0 1 42 ROMEO:\n%s bench %s 0.8 0 0.9 42\n' "$m" "$STEPS" "$m" "$STEPS" >"$D/cases.txt"
    bash $FW/gen_config.sh "$m" "$model" 256 "$D/cases.txt" build/firmware/tools/model_info "$D/fw_config.h" >/dev/null \
        || { echo "firmware $m: gen_config failed"; rc=1; continue; }
    common="$FW/riscv/start.S $FW/common/baremetal.c $FW/common/app.c $FW/common/engine.c $FW/common/model.S"
    $CC $CFLAGS -I"$D" -DFW_MODEL_PATH="\"$model\"" $LDFLAGS -o "$D/qemu.elf" $FW/riscv/platform.c $common \
        && $CC $CFLAGS -I"$D" -DFW_MODEL_PATH="\"$model\"" $LDFLAGS -DFW_COUNTER_MCYCLE -DFW_ARCH_NAME='"rv32im (edgellm_rv32)"' -o "$D/core.elf" $FW/riscv/platform.c $common \
        || { echo "firmware $m: build failed"; rc=1; continue; }
    timeout 600 qemu-system-riscv32 -machine virt -nographic -bios none -icount shift=0 -kernel "$D/qemu.elf" \
        >"$D/qemu.out" 2>&1 </dev/null || { echo "firmware $m: QEMU run failed: $(tail -2 "$D/qemu.out")"; rc=1; continue; }
    "$TB" --max-cycles 4000000000 "$D/core.elf" >"$D/core.out" 2>"$D/core.err" \
        || { echo "firmware $m: core run failed: $(tail -1 "$D/core.err") $(grep -m1 trap "$D/core.out")"; rc=1; continue; }
    q=$(grep -E '^(ids|bench ids):' "$D/qemu.out" | tr -d '\r')
    c=$(grep -E '^(ids|bench ids):' "$D/core.out" | tr -d '\r')
    ipt=$(sed -n 's/^bench: .* \([0-9]*\) instructions\/token.*/\1/p' "$D/qemu.out")
    cpt=$(sed -n 's/^bench: .* \([0-9]*\) cycles\/token.*/\1/p' "$D/core.out")
    if [ -z "$q" ] || [ "$q" != "$c" ]; then
        echo "firmware $m: token ids differ between QEMU and the core"; diff <(echo "$q") <(echo "$c") | head -4; rc=1; continue
    fi
    cpi=$(awk -v c="$cpt" -v i="$ipt" 'BEGIN { if (i > 0) printf "%.3f", c / i; else print "?" }')
    echo "firmware $m: ids identical ($STEPS + $STEPS tokens), $ipt instructions/token, $cpt cycles/token, CPI $cpi"
    printf '%s\t%s\t%s\t%s\t%s\n' "$m" "$STEPS" "$ipt" "$cpt" "$cpi" >>"$OUT/firmware.tsv"
done
exit $rc
