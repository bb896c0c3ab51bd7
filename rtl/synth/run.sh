#!/bin/sh
# Resource and Fmax tables for rtl/README.md (called by `make -C rtl synth`).
# Yosys synth_xilinx (xc7) and synth_ice40 (UltraPlus SPRAM) per configuration,
# nextpnr-ice40 --up5k for the iCE40 rows, placed and routed with a real clock
# constraint (PNR_FREQ MHz, default 48; PNR_FREQ_KV, default 24, for the configuration
# with KDOT/VSUM) under several placement seeds
# (PNR_SEEDS, default 1 2 3 4 5): the table gives the median Fmax, the line
# under it every seed's. The table replaces the text between the synth markers
# in rtl/README.md; the run fails when the median misses the constraint.
# Needs yosys and nextpnr-ice40.
set -eu
ROOT=${ROOT:?}
OUT=${OUT:?}
YOSYS=${YOSYS:-yosys}
NEXTPNR=${NEXTPNR:-nextpnr-ice40}
FREQ=${PNR_FREQ:-48}
SEEDS=${PNR_SEEDS:-1 2 3 4 5}
RTL=$(ls "$ROOT"/rtl/edgellm_acc*.v | tr '\n' ' ')
TABLE="$OUT/table.md"
mkdir -p "$OUT"

count() {   # $1 stat file, $2 cell name regex: summed counts
  awk -v re="^($2)\$" '$1 ~ re && $2 ~ /^[0-9]+$/ { n += $2 } END { print n + 0 }' "$1"
}

echo "| target | configuration | LUTs | FFs | carry | block RAM | SPRAM | DSP | Fmax |" > "$TABLE"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|" >> "$TABLE"

xc7() {   # $1 name, $2 description, rest: -chparam pairs
  name=$1; desc=$2; shift 2
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL; hierarchy -top edgellm_acc $*; \
    synth_xilinx -family xc7 -flatten; tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  lut=$(( $(count "$s" 'LUT[1-6]|INV') + 4 * $(count "$s" 'RAM32M|RAM64M|RAM128X1D') \
        + 2 * $(count "$s" 'RAM32X1D|RAM64X1D') + $(count "$s" 'RAM32X1S|RAM64X1S|SRL16E|SRLC32E') ))
  ff=$(count "$s" 'FD[A-Z]*')
  carry=$(count "$s" 'CARRY4')
  bram36=$(count "$s" 'RAMB36E1')
  bram18=$(count "$s" 'RAMB18E1')
  dsp=$(count "$s" 'DSP48E1')
  echo "| xc7 (synth_xilinx) | $desc | $lut | $ff | $carry | ${bram36} RAMB36 + ${bram18} RAMB18 | - | $dsp | - |" >> "$TABLE"
  echo "  $name: $lut LUTs, $ff FFs, $dsp DSP"
}

ice40() {   # $1 name, $2 description, $3 extra synth_ice40 options ("" or -dsp), $4 the clock
            # constraint in MHz (the run fails when the median misses it), rest: -chparam pairs
  name=$1; desc=$2; opts=$3; freq=$4; shift 4
  "$YOSYS" -q -q -l "$OUT/$name.log" -p "read_verilog -defer $RTL $ROOT/rtl/synth/edgellm_acc_synth_top.v; \
    hierarchy -top edgellm_acc_synth_top $*; synth_ice40 -spram $opts -top edgellm_acc_synth_top -json $OUT/$name.json; \
    tee -q -o $OUT/$name.stat stat" > /dev/null
  s="$OUT/$name.stat"
  fmaxes=""
  for seed in $SEEDS; do
    # --timing-allow-fail: a seed that misses the constraint is reported, not an error
    "$NEXTPNR" --up5k --package sg48 --json "$OUT/$name.json" --pcf-allow-unconstrained --freq "$freq" \
      --timing-allow-fail --seed "$seed" --asc "$OUT/$name.s$seed.asc" > "$OUT/$name.s$seed.pnr.log" 2>&1
    f=$(awk '/Max frequency for clock/ { f = $7 } END { print f }' "$OUT/$name.s$seed.pnr.log")
    [ -n "$f" ] || { tail -20 "$OUT/$name.s$seed.pnr.log"; echo "synth: nextpnr gave no Fmax (seed $seed)"; exit 1; }
    fmaxes="$fmaxes $f"
    lc=$(awk '/ICESTORM_LC:/ { sub("/", "", $3); print $3 }' "$OUT/$name.s$seed.pnr.log" | tail -1)
  done
  fmax=$(echo $fmaxes | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  seeds_line="$seeds_line $name at --freq $freq, seeds $(echo $SEEDS | tr ' ' ','): $(echo $fmaxes | sed 's/ /, /g') MHz."
  lut=$(count "$s" 'SB_LUT4')
  ff=$(count "$s" 'SB_DFF[A-Z]*')
  carry=$(count "$s" 'SB_CARRY')
  ebr=$(count "$s" 'SB_RAM40_4K')
  spram=$(count "$s" 'SB_SPRAM256KA')
  dsp=$(count "$s" 'SB_MAC16')
  echo "| iCE40 UP5K sg48 (synth_ice40 -spram${opts:+ $opts}, nextpnr --freq $freq) | $desc; $lc logic cells placed | $lut | $ff | $carry | $ebr EBR | $spram | $dsp | $fmax MHz (median) |" >> "$TABLE"
  echo "  $name: $lut LUT4, $lc LCs, $ebr EBR, $spram SPRAM, Fmax $fmax MHz (median; seeds:$fmaxes MHz)"
  if ! awk -v f="$fmax" -v c="$freq" 'BEGIN { exit !(f >= c) }'; then missed="$missed $name (below $freq MHz)"; fi
}
seeds_line=""
missed=

xc7 xc7_l32      "32 lanes, T2+T1+I8, KDOT/VSUM, requantization, 64 KB weights, XMAX 4096, YMAX 4096 (default)" -chparam LANES 32
xc7 xc7_l32_mv   "32 lanes, T2+T1+I8, matrix-vector only (KV_EN 0, REQ_EN 0: version 1.0's units)" \
  -chparam LANES 32 -chparam KV_EN 0 -chparam REQ_EN 0
xc7 xc7_l32_soc  "32 lanes, T2+I8, KDOT/VSUM, requantization, 128 KB, XMAX 1024, YMAX 1024 (the zybo.elm SoC's)" \
  -chparam LANES 32 -chparam T1_EN 0 -chparam WMEM_BYTES 131072 -chparam XMAX 1024 -chparam YMAX 1024
xc7 xc7_l32_t2   "32 lanes, T2 only, matrix-vector only, 64 KB weights" \
  -chparam LANES 32 -chparam I8_EN 0 -chparam T1_EN 0 -chparam KV_EN 0 -chparam REQ_EN 0
xc7 xc7_l16      "16 lanes, T2+T1+I8, KDOT/VSUM, requantization, 64 KB weights"      -chparam LANES 16
xc7 xc7_l64      "64 lanes, T2+T1+I8, KDOT/VSUM, requantization, 64 KB weights, XMAX 8192, YMAX 2048" \
  -chparam LANES 64 -chparam XMAX 8192 -chparam YMAX 2048
ice40 ice40_l16  "16 lanes, T2+T1+I8, matrix-vector only, 128 KB weights in SPRAM, XMAX 2048, YMAX 1024, reads a cycle after AR (FAST_RD 0), no Y_WAIT (YWAIT_EN 0), with the serial wrapper" "" "$FREQ" \
  -chparam LANES 16 -chparam WMEM_BYTES 131072 -chparam XMAX 2048 -chparam YMAX 1024 -chparam KV_EN 0 -chparam REQ_EN 0 \
  -chparam FAST_RD 0 -chparam YWAIT_EN 0
# KDOT/VSUM's four 8x25 multipliers take the UP5K's eight SB_MAC16 (-dsp); the requantization's
# 33x33 multiplier would need four more, so that unit stays out here. Its products are not
# pipelined: constrained at 24 MHz (PNR_FREQ_KV)
ice40 ice40_l16_kv "16 lanes, T2+T1+I8, KDOT/VSUM (no requantization: the UP5K has 8 SB_MAC16, it would need 12), 128 KB weights in SPRAM, XMAX 2048, YMAX 1024, FAST_RD 0, YWAIT_EN 0, with the serial wrapper" -dsp "${PNR_FREQ_KV:-24}" \
  -chparam LANES 16 -chparam WMEM_BYTES 131072 -chparam XMAX 2048 -chparam YMAX 1024 -chparam REQ_EN 0 \
  -chparam FAST_RD 0 -chparam YWAIT_EN 0

echo "" >> "$TABLE"
echo "Fmax per placement seed:$seeds_line" >> "$TABLE"

# splice the table into README.md between the markers
README="$ROOT/rtl/README.md"
awk -v table="$TABLE" '
  /<!-- synth:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- synth:end -->/ { skip = 0 }
  !skip { print }
' "$README" > "$OUT/README.md.new"
mv "$OUT/README.md.new" "$README"
echo "synth: table written to rtl/README.md"
if [ -n "$missed" ]; then echo "synth: median Fmax below the constraint:$missed"; exit 1; fi
