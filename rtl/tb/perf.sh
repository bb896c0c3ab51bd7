#!/bin/sh
# Cycles per matvec and lane utilisation, measured by the Verilator testbench
# (tb_acc ... perf) for 16, 32 and 64 lanes, spliced into rtl/README.md
# between the perf markers. Called by `make -C rtl perf`.
set -eu
OUT=${OUT:?}
ROOT=${ROOT:?}
TABLE="$OUT/perf.md"
{
  echo "| lanes | type | rows x cols (cols_pad) | cycles | weights/cycle | lane utilisation |"
  echo "|---:|---|---|---:|---:|---:|"
  for c in l16 l32 l64; do
    # the testbench's status first (a pipe would hide it), then its PERF lines
    "$OUT/$c/tb_acc" 1 1 perf > "$OUT/$c/perf.log" 2>&1 || { cat "$OUT/$c/perf.log" >&2; echo "perf: tb_acc $c failed" >&2; exit 1; }
    awk '
      /PERF/ && / type=/ {
        delete v
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (!((v["rows"] == 64 && v["cols"] == 64) || (v["rows"] == 256 && v["cols"] == 64) ||
              (v["rows"] == 64 && v["cols"] == 256) || (v["rows"] == 256 && v["cols"] == 256))) next
        t = v["type"] == 1 ? "T2" : v["type"] == 2 ? "T1" : "I8"
        printf "| %s | %s | %s x %s (%s) | %s | %.1f | %s |\n", v["lanes"], t, v["rows"], v["cols"],
               v["cols_pad"], v["cycles"], v["rows"] * v["cols_pad"] / v["cycles"], v["util"]
      }' "$OUT/$c/perf.log"
  done
  echo
  echo "Attention's sums (KV unit, LANES/4 products per cycle): one KDOT (the scores of one head) and"
  echo "one VSUM (its weighted sum of the values) over the positions so far, from START to DONE; with the"
  echo "softmax passes (version 1.3) the KDOT with MAT_REQ.EXP (the scores, then the exp2 weights: two"
  echo "epilogue passes of 2 cycles a position) and the VSUM with MAT_REQ (the V weights' pass first):"
  echo
  echo "| lanes | sum | positions x head size | cycles | products/cycle |"
  echo "|---:|---|---|---:|---:|"
  for c in l16 l32 l64; do
    awk '
      /PERF/ && / op=/ {
        delete v
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["head"] != 32) next
        printf "| %s | %s | %s x %s | %s | %.1f |\n", v["lanes"], v["op"], v["positions"], v["head"], v["cycles"],
               v["positions"] * v["head"] / v["cycles"]
      }' "$OUT/$c/perf.log"
  done
} > "$TABLE"
README="$ROOT/rtl/README.md"
awk -v table="$TABLE" '
  /<!-- perf:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- perf:end -->/ { skip = 0 }
  !skip { print }
' "$README" > "$OUT/README.md.new"
mv "$OUT/README.md.new" "$README"
echo "perf: table written to rtl/README.md"
