#!/usr/bin/env bash
# tests/soc/table.sh RESULTS README SOC_README - writes make soc-bench's table between
# <!-- soc:begin --> and <!-- soc:end --> in README: per model and mode, from
# RESULTS/table.tsv (name mode positions cycles/token cycles@0 instructions/token
# busy-share words/token accelerator-words/token matvec-share) and RESULTS/split.tsv
# (name mode cycles/token, then cycles/token in rows requant norm attention rope ffn
# other and the rest, FW_PROFILE images); the iCE40 Fmax comes from
# the SoC synthesis table in SOC_README (make -C rtl synth).
set -eu -o pipefail
R=$1
README=$2
SOC_README=$3
block=$R/table.md

# Fmax of the UP5K rows (empty when they did not fit or were not run)
fmax_row() { { grep -F "| iCE40 UP5K" "$SOC_README" 2>/dev/null || true; } | grep -F "$1" | sed -n 's/.*Fmax \([0-9.]*\) MHz.*/\1/p' | head -n 1 || true; }
f_all=$(fmax_row "the smallest whole system")
f_cpu=$(fmax_row "without the accelerator")
fit_all=$({ grep -F "| iCE40 UP5K" "$SOC_README" 2>/dev/null || true; } | grep -F "the smallest whole system" | sed -n 's/.*| \(does not fit[^|]*\) |$/\1/p' | head -n 1 || true)

toks() { awk -v f="$1" -v c="$2" 'BEGIN { t = f * 1e6 / c; if (t < 100) printf "%.1f", t; else printf "%.0f", t }'; }
{
    echo "Measured by \`make soc-bench\` ($(date +%Y-%m-%d)): each model generates 128 tokens from an empty"
    echo "prompt (-t 0.8 -p 0.9 -s 42; positions 0..127, the whole context of zybo.elm and default.elm),"
    echo "and every token equals the host's \`generate --ids\`. Per position: the forward pass and the"
    echo "sampling, counted between the firmware's marks. The SoC as simulated: 256 KB RAM, the model in"
    echo "the ROM, the accelerator with 32 lanes and 256 KB of weight memory (every matrix placed)."
    echo "zybo.elm's accelerator images are built with EDGELLM_NO_LUT and linked against the 128 KB of RAM"
    echo "and 64 KB of ROM of the synthesized zybo.elm system (rtl/soc/README.md)."
    echo
    echo "| model | mode | cycles at position 0 | cycles/token (0..127) | CPU instructions/token | accelerator busy | bus words/token (to the accelerator) | tok/s at the UP5K Fmax | tok/s at 100 MHz |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r name mode np c p0 ins busy w aw mv _; do
        f=""
        if [ "$mode" = software ] && [ -n "$f_cpu" ]; then
            f="$(toks "$f_cpu" "$c") ($f_cpu MHz, no accelerator)"
        elif [ "$mode" != software ] && [ -n "$f_all" ]; then
            f="$(toks "$f_all" "$c") ($f_all MHz)"
        else
            f="-"
        fi
        printf '| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s |\n' "$name" "$mode" "$p0" "$c" "$ins" \
            "$(awk -v b="$busy" 'BEGIN { printf "%.1f%%", 100 * b }')" "$w" "$aw" "$f" "$(toks 100 "$c")"
    done <"$R/table.tsv"
    # ZyboGPT's published figures: 24,987 cycles at position 0; 3,072 tok/s on its board at 150 MHz
    zc=$(awk 'BEGIN { printf "%.0f", 150e6 / 3072 }')
    echo "| ZyboGPT (its figures; every step in fabric) | - | 24987 | about $zc (3072 tok/s measured at 150 MHz) | - | - | - | - | $(toks 100 "$zc") |"
    echo
    echo "CPU instructions/token are the core's retired instructions; bus words are the data port's"
    echo "32-bit transfers (RAM, ROM, registers, accelerator; instruction fetches not counted), in"
    echo "parentheses those to the accelerator. The UP5K column uses the Fmax that \`make -C rtl synth\`"
    echo "wrote into rtl/soc/README.md: the SoC without the accelerator for the software rows; the"
    if [ -n "$f_all" ]; then
        echo "whole system (16 lanes, T2 only) for the accelerator rows."
    else
        fit=${fit_all#does not fit: }
        echo "accelerator rows are empty: the whole system does not fit the UP5K (${fit:-see rtl/soc/README.md})."
    fi
    echo
    echo "The words to the accelerator per token, by kind: x (X window writes: the products'"
    echo "vectors, the queries and attention weights), y (Y window reads), STATUS reads (polls, or one"
    echo "per run when waiting by interrupt), WDATA (the KV cache's new rows; the weights go in once,"
    echo "before the first token), and descriptor and control (every other register access):"
    echo
    echo "| model | mode | to the accelerator | x | y | STATUS | WDATA | descriptor and control |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r name mode np c p0 ins busy w aw mv ax ay as awd; do
        [ "$mode" = software ] && continue
        printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$mode" "$aw" "$ax" "$ay" "$as" "$awd" \
            "$((aw - ax - ay - as - awd))"
    done <"$R/table.tsv"
    # zybo.elm against ZyboGPT's 24,987 cycles at position 0 and the design's targets
    awk -F'\t' '$1 == "zybo.elm" && $2 != "software" && (!best || $4 < bc) { best = $2; bc = $4; bp = $5 }
        END { if (best) {
            printf "\nzybo.elm (ZyboGPT'"'"'s shape) with the accelerator (%s): %d cycles at position 0, %.1f times ZyboGPT'"'"'s\n", best, bp, bp / 24987
            printf "24,987, and %d averaged over the context (design targets: 40,000 and 100,000). The accelerator\n", bc
            printf "is idle most of the time: a token is the CPU'"'"'s remaining work (see the split below).\n" } }' "$R/table.tsv"
    if ! grep -q '	accel-irq	' "$R/table.tsv"; then
        echo
        echo "accel-irq is not in this table: the edgellm_hw.h it was measured with had no wait function yet."
    fi
    if [ -s "$R/split.tsv" ]; then
        echo
        echo "Where a token's cycles go, by part of the forward pass (the same runs built with FW_PROFILE:"
        echo "the engine marks each part as it begins, the harness counts the cycles between the marks;"
        echo "cycles/token averaged over positions 0..127, and the share of the token):"
        echo
        echo "| model | mode | cycles/token | matrix rows | requantization | norms | attention | RoPE | FFN activation | other | sampling |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        awk -F'\t' '{ printf "| %s | %s | %d", $1, $2, $3
                      for (j = 4; j <= 11; j++) printf " | %d (%.1f%%)", $j, 100 * $j / $3
                      printf " |\n" }' "$R/split.tsv"
        echo
        echo "Matrix rows are the products (with the accelerator: the driver's uploads, waits and reads);"
        echo "other is the embedding and the residual adds; sampling is the rest of the position (the"
        echo "sampler and the firmware's bookkeeping). An ungated squared-ReLU FFN (zybo.elm's) computes"
        echo "its activation and the quant8 of the result in one pass, counted as FFN activation; the"
        echo "requantization column is then the quant8 of the attention output alone. Each mark costs a"
        echo "counter read and a register write, counted in the part it ends."
    fi
} >"$block"

grep -q '<!-- soc:begin -->' "$README" || { echo "table.sh: no <!-- soc:begin --> marker in $README" >&2; exit 1; }
awk -v table="$block" '
  /<!-- soc:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- soc:end -->/ { skip = 0 }
  !skip { print }
' "$README" >"$R/README.md.new"
mv "$R/README.md.new" "$README"
