#!/bin/sh
# Resources and Fmax of edgellm_rv32 for rtl/soc/README.md (called by
# `make -C rtl synth-core`). Yosys synth_xilinx (xc7) and synth_ice40 -dsp on the
# core alone; nextpnr-ice40 --up5k on edgellm_rv32_synth_top (the core with 2 KB
# instruction and 2 KB data block RAM, synthesized with -abc9) for Fmax. The table
# replaces the text between the core-synth markers in rtl/soc/README.md.
set -eu
ROOT=${ROOT:?}
OUT=${OUT:?}
YOSYS=${YOSYS:-yosys}
NEXTPNR=${NEXTPNR:-nextpnr-ice40}
SEED=${PNR_SEED:-1}
RTL=$(ls "$ROOT"/rtl/soc/edgellm_rv32*.v | tr '\n' ' ')
TABLE="$OUT/core_table.md"
mkdir -p "$OUT"

count() {   # $1 stat file, $2 cell name regex: summed counts
  awk -v re="^($2)\$" '$1 ~ re && $2 ~ /^[0-9]+$/ { n += $2 } END { print n + 0 }' "$1"
}

echo "| target | configuration | LUTs | FFs | carry | LUT RAM / block RAM | DSP | Fmax |" > "$TABLE"
echo "|---|---|---:|---:|---:|---:|---:|---:|" >> "$TABLE"

xc7() {   # $1 name, $2 description, rest: hierarchy -chparam pairs
  name=$1; desc=$2; shift 2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL; hierarchy -top edgellm_rv32 $*; \
    synth_xilinx -family xc7 -flatten; tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  lut=$(( $(count "$s" 'LUT[1-6]|INV') + 4 * $(count "$s" 'RAM32M|RAM64M') \
        + 2 * $(count "$s" 'RAM32X1D|RAM64X1D') + $(count "$s" 'RAM32X1S|RAM64X1S|SRL16E|SRLC32E') ))
  ff=$(count "$s" 'FD[A-Z]*')
  carry=$(count "$s" 'CARRY4')
  lram=$(count "$s" 'RAM32M')
  bram=$(( $(count "$s" 'RAMB36E1') + $(count "$s" 'RAMB18E1') ))
  dsp=$(count "$s" 'DSP48E1')
  echo "| xc7 (synth_xilinx) | $desc | $lut | $ff | $carry | $lram RAM32M + $bram BRAM | $dsp DSP48E1 | - |" >> "$TABLE"
  echo "  $name: $lut LUTs, $ff FFs, $dsp DSP"
}

ice40() {   # $1 name, $2 description, rest: hierarchy -chparam pairs
  name=$1; desc=$2; shift 2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL; hierarchy -top edgellm_rv32 $*; \
    synth_ice40 -dsp -top edgellm_rv32; tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  lut=$(count "$s" 'SB_LUT4')
  ff=$(count "$s" 'SB_DFF[A-Z]*')
  carry=$(count "$s" 'SB_CARRY')
  ebr=$(count "$s" 'SB_RAM40_4K')
  dsp=$(count "$s" 'SB_MAC16')
  echo "| iCE40 (synth_ice40 -dsp) | $desc | $lut | $ff | $carry | $ebr EBR | $dsp SB_MAC16 | - |" >> "$TABLE"
  echo "  $name: $lut LUT4, $ff FFs, $dsp MAC16, $ebr EBR"
}

pnr() {   # $1 name, $2 description
  name=$1; desc=$2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL $ROOT/rtl/soc/synth/edgellm_rv32_synth_top.v; \
    hierarchy -top edgellm_rv32_synth_top; synth_ice40 -dsp -abc9 -top edgellm_rv32_synth_top -json $OUT/$name.json; \
    tee -q -o $OUT/$name.stat stat" > /dev/null
  "$NEXTPNR" --up5k --package sg48 --json "$OUT/$name.json" --pcf-allow-unconstrained --freq 12 \
    --seed "$SEED" --asc "$OUT/$name.asc" > "$OUT/$name.pnr.log" 2>&1
  lc=$(awk '/ICESTORM_LC:/ { sub("/", "", $3); print $3 }' "$OUT/$name.pnr.log" | tail -1)
  # the clock of the core (the DSPs' unused clock pins are tied low, and nextpnr
  # lists that constant as a clock of its own: its line is not the core's)
  fmax=$(awk '/Max frequency for clock/ && /clk_i/ && match($0, /: [0-9.]+ MHz/) { f = substr($0, RSTART + 2, RLENGTH - 6) }
              END { print f }' "$OUT/$name.pnr.log")
  # a path through the combinational DSPs appears as two: into them and out of them
  dsp=$(awk '/Max delay posedge .PACKER_GND_NET/ && /-> posedge clk_i/ { o = $(NF - 1) }
             /Max delay posedge clk_i/ && /PACKER_GND_NET/ { i = $(NF - 1) }
             END { if (i != "" && o != "") printf "%.1f ns + %.1f ns", i, o }' "$OUT/$name.pnr.log")
  [ -n "$dsp" ] && echo "  $name: multiplier path through the SB_MAC16s: $dsp" && echo "$dsp" > "$OUT/$name.dsp_path"
  s="$OUT/$name.stat"
  echo "| iCE40 UP5K sg48 (synth_ice40 -dsp -abc9, nextpnr) | $desc; $lc logic cells placed | $(count "$s" 'SB_LUT4') | $(count "$s" 'SB_DFF[A-Z]*') | $(count "$s" 'SB_CARRY') | $(count "$s" 'SB_RAM40_4K') EBR | $(count "$s" 'SB_MAC16') SB_MAC16 | $fmax MHz |" >> "$TABLE"
  echo "  $name: $lc LCs, Fmax $fmax MHz"
}

xc7   xc7_m1   "RV32IM (default)"
xc7   xc7_m0   "RV32I (M_EN = 0)"        -chparam M_EN 0
ice40 ice_m1   "RV32IM (default)"
ice40 ice_m0   "RV32I (M_EN = 0)"        -chparam M_EN 0
pnr   pnr_m1   "RV32IM with 2 KB + 2 KB block RAM (edgellm_rv32_synth_top)"
if [ -f "$OUT/pnr_m1.dsp_path" ]; then
  printf '\nThe multiply through the combinational SB_MAC16s, as nextpnr reports it (into the DSPs + out of them): %s.\n' \
    "$(cat "$OUT/pnr_m1.dsp_path")" >> "$TABLE"
fi

README="$ROOT/rtl/soc/README.md"
awk -v table="$TABLE" '
  /<!-- core-synth:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- core-synth:end -->/ { skip = 0 }
  !skip { print }
' "$README" > "$OUT/README.md.new"
mv "$OUT/README.md.new" "$README"
echo "synth-core: table written to rtl/soc/README.md"
