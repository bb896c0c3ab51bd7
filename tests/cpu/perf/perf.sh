#!/usr/bin/env bash
# tests/cpu/perf/perf.sh - the cycle figures of rtl/soc/README.md (`make cpu-perf`):
#   - cycles per instruction class: cpi.S in the harness without stalls
#   - the firmware application on the core (firmware.sh; PERF_STEPS tokens, default
#     32, for zybo.elm and default.elm): instructions and cycles per token
# Replaces the text between the core-cpi and core-fw markers in rtl/soc/README.md.
set -u -o pipefail
cd "$(dirname "$0")/../../.."
ROOT=$(pwd)
OUT=$ROOT/build/cpu
TB=$OUT/obj/tb_cpu
STEPS=${PERF_STEPS:-32}
README=$ROOT/rtl/soc/README.md
[ -x "$TB" ] || { echo "perf: build the harness first (bash tests/cpu/run.sh)"; exit 1; }

riscv64-unknown-elf-gcc -march=rv32im_zicsr_zifencei -mabi=ilp32 -static -nostdlib -nostartfiles \
    -Wl,--no-warn-rwx-segments -Itests/cpu/directed -Ttests/cpu/directed/link.ld tests/cpu/perf/cpi.S \
    -o "$OUT/cpi.elf" || exit 1
"$TB" --quiet "$OUT/cpi.elf" >"$OUT/cpi.out" || { echo "perf: cpi.S failed"; exit 1; }
awk '
  { n[$1] = $2; c[$1] = $3 }
  function per(k) { return (c[k] - c["empty"]) / n[k] }
  function row(what, v, how) { printf "| %s | %s | %s |\n", what, v, how }
  END {
    print "| instruction class | cycles | measured as |"
    print "|---|---:|---|"
    row("ALU, register or immediate (also lui, auipc)", per("alu"), "64 independent `add`; 64 dependent `addi` chain: " per("alu_dependent"))
    row("load", per("load"), "64 `lw`")
    row("store", per("store"), "64 `sw`")
    row("load, then an instruction using its result (load-use)", per("load_use_pair") - 1 " + 1", "32 `lw` + `add` pairs: " per("load_use_pair") " per pair; the same for a store of the loaded value: " per("load_store_pair"))
    row("branch not taken", per("branch_not_taken"), "64 `bne` not taken")
    row("branch taken", per("branch_taken"), "64 `beq` to the next instruction")
    row("jal", per("jal"), "64 `jal` to the next instruction")
    row("jalr", per("auipc_jalr_pair") - 1, "32 `auipc` + `jalr` pairs: " per("auipc_jalr_pair"))
    row("mul", per("mul"), "64 independent; 64 dependent: " per("mul_dependent"))
    row("mulh, mulhsu, mulhu", per("mulh"), "64 `mulh`")
    row("div, divu, rem, remu", per("div"), "16 `div`")
    row("CSR read or write", per("csr_read"), "64 `csrr`; 64 `csrw`: " per("csr_write"))
    row("fence.i", per("fence_i"), "64 `fence.i`")
    row("ecall, a 3-instruction handler, mret", per("ecall_mret_roundtrip"), "16 round trips; the handler (`csrr`, `addi`, `csrw`) takes 5, so trap entry + mret = " per("ecall_mret_roundtrip") - 5)
  }' "$OUT/cpi.out" >"$OUT/cpi_table.md"
cat "$OUT/cpi_table.md"

models=""
for m in zybo default; do [ -f examples/models/$m.elm ] && models="$models $m"; done
bash tests/cpu/perf/firmware.sh "$STEPS" $models || exit 1
{
    echo "| model | tokens (ids run + bench) | rv32im -O2 instructions/token (QEMU) | edgellm_rv32 cycles/token | cycles per instruction |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s.elm | %d + %d | %d | %d | %s |\n", $1, $2, $2, $3, $4, $5 }' "$OUT/fw/firmware.tsv"
} >"$OUT/fw_table.md"
cat "$OUT/fw_table.md"

splice() {   # $1 marker name, $2 table file
    awk -v table="$2" -v b="<!-- $1:begin -->" -v e="<!-- $1:end -->" '
      $0 == b { print; while ((getline line < table) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$README" >"$OUT/README.md.new" && mv "$OUT/README.md.new" "$README"
}
splice core-cpi "$OUT/cpi_table.md"
splice core-fw "$OUT/fw_table.md"
echo "perf: tables written to rtl/soc/README.md"
