#!/bin/sh
# Synthesis of the whole edgellm SoC (called by `make -C rtl synth`): Yosys synth_xilinx
# (xc7) and synth_ice40 -spram -dsp + nextpnr-ice40 --up5k with a 48 MHz clock
# constraint, through rtl/soc/synth/edgellm_soc_synth_top.v. Writes the table between
# the soc-synth markers in rtl/soc/README.md. Needs yosys and nextpnr-ice40; the UP5K
# memory budget also needs the zybo firmware image (built here when the RISC-V GCC is
# there).
set -eu
ROOT=${ROOT:?}
OUT=${OUT:?}
YOSYS=${YOSYS:-yosys}
NEXTPNR=${NEXTPNR:-nextpnr-ice40}
SEED=${PNR_SEED:-1}
FREQ=${SOC_FREQ:-48}
RTL=$(ls "$ROOT"/rtl/soc/*.v "$ROOT"/rtl/soc/synth/*.v "$ROOT"/rtl/edgellm_acc*.v | tr '\n' ' ')
TABLE="$OUT/table.md"
mkdir -p "$OUT"

count() {   # $1 stat file, $2 cell name regex: summed counts
  awk -v re="^($2)\$" '$1 ~ re && $2 ~ /^[0-9]+$/ { n += $2 } END { print n + 0 }' "$1"
}

# the model ROM holds zybo.elm (a ROM without contents would be optimised away)
od -An -v -tx4 -w4 "$ROOT/examples/models/zybo.elm" | tr -d ' ' > "$OUT/zybo_rom.hex"
head -n 1024 "$OUT/zybo_rom.hex" > "$OUT/rom4k.hex"

echo "| target | configuration | LUTs | FFs | carry | block RAM | SPRAM | DSP | result |" > "$TABLE"
echo "|---|---|---:|---:|---:|---:|---:|---:|---|" >> "$TABLE"

xc7() {   # $1 name, $2 description, rest: chparam arguments
  name=$1; desc=$2; shift 2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL; chparam $* edgellm_soc_synth_top; \
    hierarchy -top edgellm_soc_synth_top; synth_xilinx -family xc7 -flatten; tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  lut=$(( $(count "$s" 'LUT[1-6]|INV') + 4 * $(count "$s" 'RAM32M|RAM64M|RAM128X1D') \
        + 2 * $(count "$s" 'RAM32X1D|RAM64X1D') + $(count "$s" 'RAM32X1S|RAM64X1S|SRL16E|SRLC32E') ))
  ff=$(count "$s" 'FD[A-Z]*')
  carry=$(count "$s" 'CARRY4')
  bram36=$(count "$s" 'RAMB36E1')
  bram18=$(count "$s" 'RAMB18E1')
  dsp=$(count "$s" 'DSP48E1')
  echo "| xc7 (synth_xilinx) | $desc | $lut | $ff | $carry | ${bram36} RAMB36 + ${bram18} RAMB18 | - | $dsp | synthesized (no place and route here) |" >> "$TABLE"
  echo "  $name: $lut LUTs, $ff FFs, $bram36 RAMB36 + $bram18 RAMB18, $dsp DSP"
}

ice40() {   # $1 name, $2 description, rest: chparam arguments
  name=$1; desc=$2; shift 2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL; chparam $* edgellm_soc_synth_top; \
    hierarchy -top edgellm_soc_synth_top; synth_ice40 -spram -dsp -top edgellm_soc_synth_top -json $OUT/$name.json; \
    tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  lut=$(count "$s" 'SB_LUT4')
  ff=$(count "$s" 'SB_DFF[A-Z]*')
  carry=$(count "$s" 'SB_CARRY')
  ebr=$(count "$s" 'SB_RAM40_4K')
  spram=$(count "$s" 'SB_SPRAM256KA')
  dsp=$(count "$s" 'SB_MAC16')
  if "$NEXTPNR" --up5k --package sg48 --json "$OUT/$name.json" --pcf-allow-unconstrained --freq "$FREQ" \
      --timing-allow-fail --seed "$SEED" --asc "$OUT/$name.asc" > "$OUT/$name.pnr.log" 2>&1; then
    lc=$(awk '/ICESTORM_LC:/ { sub("/", "", $3); print $3 }' "$OUT/$name.pnr.log" | tail -1)
    # the system clock's line (a RAM port clocked by a constant shows up as a clock of its own)
    fmax=$(awk '/Max frequency for clock .clk_i/ { f = $7 } END { print f }' "$OUT/$name.pnr.log")
    met=$(awk -v f="$fmax" -v c="$FREQ" 'BEGIN { print (f >= c) ? "met" : "not met" }')
    result="fits: $lc of 5280 logic cells; Fmax $fmax MHz ($FREQ MHz constraint $met)"
    echo "ice40 $name fmax $fmax" >> "$OUT/fmax.txt"
  else
    need=$(awk '/ICESTORM_LC:/ { sub("/", "", $3); print $3 }' "$OUT/$name.pnr.log" | tail -1)
    if [ -n "$need" ]; then
      result="does not fit: $need logic cells needed, 5280 there ($(( need - 5280 )) too many)"
    else
      result="place and route failed: $(grep -m1 ERROR "$OUT/$name.pnr.log" || echo see log)"
    fi
    echo "ice40 $name fmax -" >> "$OUT/fmax.txt"
  fi
  echo "| iCE40 UP5K sg48 (synth_ice40 -spram -dsp, nextpnr --freq $FREQ) | $desc | $lut | $ff | $carry | $ebr EBR | $spram | $dsp | $result |" >> "$TABLE"
  echo "  $name: $lut LUT4, $ebr EBR, $spram SPRAM, $dsp DSP: $result"
}

: > "$OUT/fmax.txt"
# the zybo.elm system (rtl/soc/zybo_system.mk, shared with the firmware's link and the
# simulation); the budget below checks the image make soc-bench measures against it
. "$ROOT/rtl/soc/zybo_system.mk"
xc7 soc_xc7_zybo "the zybo.elm system: 128 KB dual-port RAM, 64 KB model ROM (zybo.elm), accelerator 32 lanes T2+I8 (zybo.elm has no T1 matrix), KDOT/VSUM, requantization, 128 KB weights, scales and KV cache, XMAX 1024, YMAX 1024" \
  -set RAM_BYTES $ZYBO_RAM_BYTES -set ROM_BYTES $ZYBO_ROM_BYTES -set ROM_INIT "\"$OUT/zybo_rom.hex\"" -set ACC_LANES $ZYBO_ACC_LANES \
  -set ACC_WMEM_BYTES $ZYBO_ACC_WMEM_BYTES -set ACC_T1_EN $ZYBO_ACC_T1_EN
xc7 soc_xc7_sim "as simulated by make soc-test: 256 KB RAM, 512 KB ROM, accelerator 32 lanes, 256 KB weights (zybo.elm in the ROM)" \
  -set RAM_BYTES 262144 -set ROM_BYTES 524288 -set ROM_INIT "\"$OUT/zybo_rom.hex\"" -set ACC_LANES 32 -set ACC_WMEM_BYTES 262144
ice40 soc_up5k "the smallest whole system: 64 KB RAM in SPRAM (one port), 4 KB ROM in EBR, accelerator 16 lanes T2 only, 64 KB weights in SPRAM, XMAX 256, YMAX 256" \
  -set RAM_DUAL_PORT 0 -set RAM_BYTES 65536 -set ROM_BYTES 4096 -set ROM_INIT "\"$OUT/rom4k.hex\"" -set ACC_LANES 16 \
  -set ACC_WMEM_BYTES 65536 -set ACC_XMAX 256 -set ACC_YMAX 256 -set ACC_T1_EN 0 -set ACC_I8_EN 0 -set ACC_KV_EN 0 -set ACC_REQ_EN 0
ice40 soc_up5k_cpu "the SoC without the accelerator (ACC_EN 0): 128 KB RAM in SPRAM (one port), 4 KB ROM in EBR" \
  -set RAM_DUAL_PORT 0 -set RAM_BYTES 131072 -set ROM_BYTES 4096 -set ROM_INIT "\"$OUT/rom4k.hex\"" -set ACC_EN 0

# image_sizes IMAGE LOG: builds the firmware image IMAGE (a path under ROOT) and sets prog
# (.text, .rodata and .data), bss, stack and model to its sections' bytes, top to the end of
# its stack; fails when the image cannot be built (no RISC-V GCC)
image_sizes() {
  make -s -C "$ROOT" "$1" > "$2" 2>&1 && [ -f "$ROOT/$1" ] || return 1
  secs=$(riscv64-unknown-elf-size -A "$ROOT/$1")
  prog=$(echo "$secs" | awk '$1 == ".text" || $1 == ".rodata" || $1 == ".data" { n += $2 } END { print n }')
  bss=$(echo "$secs" | awk '$1 == ".bss" { print $2 }')
  stack=$(echo "$secs" | awk '$1 == ".stack" { print $2 }')
  model=$(echo "$secs" | awk '$1 == ".model" { print $2 }')
  top=$((0x$(riscv64-unknown-elf-nm "$ROOT/$1" | awk '$3 == "__stack_top" { print $1 }')))
}

# the UP5K's memories against what the zybo.elm system needs
budget="$OUT/budget.md"
if image_sizes build/firmware/zybo/soc-test/accel-poll.elf "$OUT/firmware.log"; then
  total=$((prog + bss + model))
  short=$((total - 65536 - 15360))
  {
    echo "**The zybo.elm system on the UP5K, memory.** The UP5K has 128 KB of SPRAM (four 32 KB banks, which the"
    echo "bitstream cannot initialise) and 30 EBR of 512 B (15 KB, which it can). The accelerator's weight memory"
    echo "takes two SPRAM banks side by side (32-bit words: 64 KB). The CPU then needs, for the program"
    echo "(\`.text\`, \`.rodata\`, \`.data\` of \`build/firmware/zybo/soc-test/accel-poll.elf\`) $prog B, its \`.bss\` (the arena"
    echo "for context 128 and the buffers) $bss B and the model $model B: $total B plus the stack, against the"
    echo "65,536 B of SPRAM left and 15,360 B of EBR: short by $short B even before the stack, and the"
    echo "program and the model would have to be copied into SPRAM from the board's SPI flash at start."
  } > "$budget"
else
  echo "The UP5K memory budget needs the zybo firmware image (RISC-V GCC): not built here." > "$budget"
fi

# the zybo.elm system's RAM and ROM against the image make soc-bench measures
zbudget="$OUT/zybo-budget.md"
if image_sizes build/firmware/zybo/soc-bench/accel-irq.elf "$OUT/firmware-zybo.log"; then
  fits="fits"
  [ "$top" -le "$ZYBO_RAM_BYTES" ] && [ "$model" -le "$ZYBO_ROM_BYTES" ] || fits="DOES NOT FIT"
  {
    echo "**The zybo.elm system's memories against the image \`make soc-bench\` measures** (\`build/firmware/zybo/soc-bench/accel-irq.elf\`,"
    echo "built with EDGELLM_NO_LUT: every product runs in the accelerator): program (\`.text\`, \`.rodata\`, \`.data\`) $prog B,"
    echo "\`.bss\` (the arena for context 128 and the buffers) $bss B and the stack $stack B end at $top B of the $ZYBO_RAM_BYTES B"
    echo "of RAM; the model takes $model B of the $ZYBO_ROM_BYTES B ROM: $fits. The link checks both (RAM_LIMIT, ROM_LIMIT)."
  } > "$zbudget"
else
  echo "The zybo.elm system's memory budget needs the zybo firmware image (RISC-V GCC): not built here." > "$zbudget"
fi

# splice the table into rtl/soc/README.md between the markers
README="$ROOT/rtl/soc/README.md"
{ cat "$TABLE"; echo; cat "$zbudget"; echo; cat "$budget"; } > "$OUT/block.md"
awk -v table="$OUT/block.md" '
  /<!-- soc-synth:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- soc-synth:end -->/ { skip = 0 }
  !skip { print }
' "$README" > "$OUT/README.md.new"
mv "$OUT/README.md.new" "$README"
echo "soc synth: table written to rtl/soc/README.md"
