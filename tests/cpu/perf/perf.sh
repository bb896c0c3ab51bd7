#!/usr/bin/env bash
# tests/cpu/perf/perf.sh - the cycle figures of rtl/soc/README.md (`make cpu-perf`):
#   - cycles per instruction class: cpi.S in the harness without stalls
#   - the firmware application on the core (firmware.sh; PERF_STEPS tokens, default
#     32, for zybo.elm and default.elm): instructions and cycles per token
#     (PERF_FW=0: only the CPI table)
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
  function r(v) { return sprintf("%.2f", v) }
  function row(what, v, how) { printf "| %s | %s | %s |\n", what, v, how }
  END {
    print "| instruction class | cycles | measured as |"
    print "|---|---:|---|"
    # the table rounds; the last column has the measured figure (the last bubble of
    # a run of taken branches overlaps the counter read, hence 1.98; a loop pays its
    # exit, hence 2.02 per iteration)
    row("ALU, register or immediate (also lui, auipc)", int(per("alu") + 0.5), "64 independent `add`: " r(per("alu")) "; 64 dependent `addi`: " r(per("alu_dependent")))
    row("load", int(per("load") + 0.5), "64 `lw`: " r(per("load")))
    row("store", int(per("store") + 0.5), "64 `sw`: " r(per("store")))
    row("load-use: a load, then an instruction using its result", int(per("load_use_pair") + 0.5) - 1 " (load + 1 stall)", "32 `lw` + `add` pairs: " r(per("load_use_pair")) " per pair; `lw` + `sw` of the loaded value: " r(per("load_store_pair")))
    row("branch forward, not taken", int(per("branch_not_taken") + 0.5), "64 `bne`: " r(per("branch_not_taken")))
    row("branch forward, taken", int(per("branch_taken") + 0.5), "64 `beq` to the next instruction: " r(per("branch_taken")))
    row("branch backward, taken (predicted)", int(per("addi_bnez_loop") - 1 + 0.5), "a loop of `addi` + `bnez`, 64 iterations: " r(per("addi_bnez_loop")) " per iteration, the last one not taken")
    row("branch backward, not taken (predicted taken)", int(per("branch_back_not_taken") + 0.5), "64 `bne` back, never taken: " r(per("branch_back_not_taken")))
    row("jal (predicted)", int(per("jal") + 0.5), "64 `jal` to the next instruction: " r(per("jal")))
    row("jalr", int(per("auipc_jalr_pair") - 1 + 0.5), "32 `auipc` + `jalr` pairs: " r(per("auipc_jalr_pair")) " per pair")
    row("mul", int(per("mul") + 0.5), "64 independent: " r(per("mul")) "; 64 dependent: " r(per("mul_dependent")))
    row("mulh, mulhsu, mulhu", int(per("mulh") + 0.5), "64 `mulh`: " r(per("mulh")))
    row("div, divu, rem, remu", int(per("div") + 0.5), "16 `div`: " r(per("div")))
    row("CSR instruction (read or write)", int(per("csr_read") + 0.5) " (1 when W is empty)", "64 `csrr`: " r(per("csr_read")) "; 64 `csrw`: " r(per("csr_write")))
    row("fence.i", int(per("fence_i") + 0.5), "64 `fence.i`: " r(per("fence_i")))
    # mret and trap entry: both wait for W to empty; a trap leaves W empty, so
    # the first CSR instruction of the handler then takes 1 cycle, not 2
    mret = per("la_csrw_mret") - 4
    row("mret", int(mret + 0.5) - 1 " (+ 1 while W is busy)", "16 `la` (2) + `csrw mepc` (2) + `mret`: " r(per("la_csrw_mret")) " each (the `mret` waits a cycle for the `csrw` in W)")
    row("trap entry, up to the first handler instruction", int(per("ecall_mret_roundtrip") - 4 - mret + 0.5) " (+ 1 while W is busy)", "16 `ecall` round trips: " r(per("ecall_mret_roundtrip")) " each = `ecall` + `csrr` (1) + `addi` (1) + `csrw` (2) + `mret` (" r(mret) ")")
  }' "$OUT/cpi.out" >"$OUT/cpi_table.md"
cat "$OUT/cpi_table.md"

splice() {   # $1 marker name, $2 table file
    awk -v table="$2" -v b="<!-- $1:begin -->" -v e="<!-- $1:end -->" '
      $0 == b { print; while ((getline line < table) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip { print }' "$README" >"$OUT/README.md.new" && mv "$OUT/README.md.new" "$README"
}
splice core-cpi "$OUT/cpi_table.md"
[ "${PERF_FW:-1}" = 0 ] && { echo "perf: CPI table written to rtl/soc/README.md"; exit 0; }

models=""
for m in zybo default; do [ -f examples/models/$m.elm ] && models="$models $m"; done
bash tests/cpu/perf/firmware.sh "$STEPS" $models || exit 1
{
    echo "| model | tokens (ids run + bench) | rv32im -O2 instructions/token (QEMU) | edgellm_rv32 cycles/token | cycles per instruction |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s.elm | %d + %d | %d | %d | %s |\n", $1, $2, $2, $3, $4, $5 }' "$OUT/fw/firmware.tsv"
} >"$OUT/fw_table.md"
cat "$OUT/fw_table.md"

splice core-fw "$OUT/fw_table.md"
echo "perf: tables written to rtl/soc/README.md"
