#!/usr/bin/env bash
# footprint.sh [SHARED] - `make footprint`: measures what each model costs as firmware
# and rewrites two tables of README.md, only between their marker comments:
#   <!-- footprint:begin --> ... <!-- footprint:end -->      code, flash, RAM, stack, time
#   <!-- determinism:begin --> ... <!-- determinism:end -->  the determinism matrix
# It runs tests/determinism/run.sh and tests/firmware/run.sh first (every number comes
# from those runs), then sizes the engine object and the linked images.
# FOOTPRINT_REUSE=1 takes the results of the last runs of those two instead;
# FOOTPRINT_README names another file to write.
set -u
cd "$(dirname "$0")/../.."
. tests/firmware/lib.sh
SHARED=${1:-../shared}
B=build/firmware
F=$B/footprint
mkdir -p "$F"

README=${FOOTPRINT_README:-README.md}
if [ "${FOOTPRINT_REUSE:-0}" != 1 ]; then
    echo "== determinism matrix (tests/determinism/run.sh)"
    bash tests/determinism/run.sh "$SHARED" >"$F/determinism.log" 2>&1
    echo "== firmware (tests/firmware/run.sh)"
    bash tests/firmware/run.sh "$SHARED" >"$F/firmware.log" 2>&1
fi
tail -n 1 "$F/determinism.log"
if ! tail -n 1 "$F/firmware.log" | grep -q ' 0 failed'; then
    grep -E '^FAIL|firmware:' "$F/firmware.log"
    echo "footprint: the firmware test failed; README not changed"
    exit 1
fi
grep -E 'instructions/token|^firmware:' "$F/firmware.log"
R=$B/results

# --- engine code: the edgellm.h implementation alone -------------------------------------
sec_sum() {   # sec_sum SIZE-TOOL OBJECT PREFIX: bytes in sections named PREFIX*
    "$1" -A "$2" | awk -v p="$3" 'index($1, p) == 1 { s += $2 } END { print s + 0 }'
}
declare -A CODE
for t in rv32imc cortex-m4 rv32i cortex-m0; do
    case $t in
    rv32imc) cc="riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32"; sz=riscv64-unknown-elf-size ;;
    cortex-m4) cc="arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft"; sz=arm-none-eabi-size ;;
    rv32i) cc="riscv64-unknown-elf-gcc -march=rv32i -mabi=ilp32"; sz=riscv64-unknown-elf-size ;;
    cortex-m0) cc="arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb -mfloat-abi=soft"; sz=arm-none-eabi-size ;;
    esac
    for o in -Os -O2; do
        # shellcheck disable=SC2086
        $cc $o -std=c99 -ffreestanding -I. -c examples/firmware/common/engine.c -o "$F/engine-$t$o.o"
        CODE[$t$o.text]=$(sec_sum $sz "$F/engine-$t$o.o" .text)
        CODE[$t$o.rodata]=$(sec_sum $sz "$F/engine-$t$o.o" .rodata)
    done
done
ccver=$(riscv64-unknown-elf-gcc -dumpversion)
armver=$(arm-none-eabi-gcc -dumpversion)
qver=$(qemu-system-riscv32 --version | head -n 1 | awk '{print $4}')

# --- per model ----------------------------------------------------------------------------
# the models' columns (zybo-m0, zybo.elm on the microbit, is a row of the zybo column)
models=$(awk '$2 != "zybo-m0" {print $2}' "$R/results.tsv" | awk '!s[$0]++')
m0ctx=$(sed -n 's/^#define FW_CTX \([0-9]*\)u.*/\1/p' "$B/zybo-m0/fw_config.h" 2>/dev/null)
img() {   # img TARGET MODEL FIELD: flash (text+rodata+data) or ram (data+bss) of an image
    local tool=riscv64-unknown-elf-size
    case $1 in cortex-m*) tool=arm-none-eabi-size ;; esac
    "$tool" -A "$B/$2/$1.elf" | awk -v f="$3" '
        $1 == ".text" || $1 == ".rodata" || $1 == ".ARM.exidx" { fl += $2 }
        $1 == ".data" { fl += $2; ram += $2 }
        $1 == ".bss" { ram += $2 }
        END { print (f == "flash" ? fl : ram) }'
}
stack() { sed -n 's/^stack: \([0-9]*\) of.*/\1/p' "$R/$1-$2.log"; }
ipt() { sed -n 's/^bench: [0-9]* instructions, \([0-9]*\) instructions\/token.*/\1/p' "$R/$1-$2.log"; }
info() { awk -v k="$2" '$1 == k { print $2 }' "$F/info-$1.txt"; }
arena() { awk -v c="$2" '$1 == "ctx" && $2 == c { print $4; exit }' "$F/info-$1.txt"; }
group() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[^0-9]\)/\1,\2\3/;ta'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

# rv32imc at -O3 and -Os: run here (the test runs -O2 for every model, -Os for one: its log
# is used for that one; the others run now, never from a log of an earlier run); the count is
# shown only when the image printed the same tokens as the -O2 one
variant() {   # variant O3|Os MODEL
    local log=$R/rv32imc-$1-$2.log elf=$B/$2/rv32imc-Os.elf
    if [ "$1" = Os ] && ! awk -F'\t' -v m="$2" '$1 == "rv32imc-Os" && $2 == m { f = 1 } END { exit !f }' "$R/results.tsv"; then
        log=$F/rv32imc-Os-$2.log
    fi
    if [ "$1" = O3 ]; then
        log=$F/rv32imc-O3-$2.log
        elf=$F/o3/firmware/$2/rv32imc.elf
        fw_make -j1 BUILD="$F/o3" FW_OPT=-O3 FW_SHARED="$SHARED" "$elf" >"$F/o3-build-$2.log" 2>&1 || { echo "build failed"; return; }
    fi
    if [ ! -s "$log" ]; then
        timeout 600 qemu-system-riscv32 -machine virt -nographic -bios none -icount shift=0 -kernel "$elf" </dev/null >"$log" 2>&1
    fi
    if [ "$(grep -E '^(bench )?ids:' "$log")" = "$(grep -E '^(bench )?ids:' "$R/rv32imc-$2.log")" ] && [ "$(tail -n 1 "$log")" = PASS ]; then
        printf '%s\t%s\t%s\n' "rv32imc-$1" "$2" "$(grep -c '^ids:' "$log")" >>"$F/variants.tsv"
        group "$(sed -n 's/^bench: [0-9]* instructions, \([0-9]*\) instructions\/token.*/\1/p' "$log")"
    else
        echo "tokens differ"
    fi
}
rm -f "$F"/rv32imc-O3-*.log "$F"/rv32imc-Os-*.log "$F/variants.tsv"

T=$F/footprint.md
{
    echo "Measured by \`make footprint\` (GCC $ccver for RV32, $armver for ARM, QEMU $qver). The images are"
    echo "\`examples/firmware/\` at -O2, linked with -nostdlib; the model is const data in flash, read in place."
    echo
    echo "**Engine code** (the edgellm.h implementation as one object file, all of it):"
    echo
    echo "| target | .text at -Os | .rodata at -Os | .text at -O2 |"
    echo "|---|---:|---:|---:|"
    for t in rv32imc cortex-m4 rv32i cortex-m0; do
        echo "| $t | $(group "${CODE[$t-Os.text]}") | $(group "${CODE[$t-Os.rodata]}") | $(group "${CODE[$t-O2.text]}") |"
    done
    echo
    echo "**Flash and RAM per model.** Flash: the model file, and the whole image (code, constants,"
    echo "model). RAM: the image's .data + .bss (the arena at the image's context, the model and"
    echo "context structs, the firmware's buffers) plus the stack's high-water mark, measured on the"
    echo "target by painting the stack. The arena holds the ternary rows' lookup tables (LUT, built"
    echo "once per int8 vector; \`edgellm_ctx_size\` counts them) unless built with EDGELLM_NO_LUT."
    echo
    echo "| model | shape | weights | flash: model | flash: image rv32imc / cortex-m4 | context | RAM: arena (of which LUT) | RAM: image + stack rv32imc / cortex-m4 | stack high-water rv32imc / cortex-m4 |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
    for m in $models; do
        "$B/tools/model_info" "$(fw_model_path $m $B)" 32 64 128 256 512 0 >"$F/info-$m.txt"
        ctx=$(sed -n 's/^#define FW_CTX \([0-9]*\)u.*/\1/p' "$B/$m/fw_config.h")
        rr=$(($(img rv32imc $m ram) + $(stack rv32imc $m)))
        rc=$(($(img cortex-m4 $m ram) + $(stack cortex-m4 $m)))
        echo "| $m | dim $(info $m dim), $(info $m layers) layers, $(info $m heads)/$(info $m kv_heads) heads, FFN $(info $m hidden), vocab $(info $m vocab) | $(info $m weights), KV $(info $m kv_cache) | $(group "$(info $m flash)") | $(group "$(img rv32imc $m flash)") / $(group "$(img cortex-m4 $m flash)") | $ctx | $(group "$(arena $m "$ctx")") ($(group "$(info $m lut)")) | $(group $rr) / $(group $rc) | $(stack rv32imc $m) / $(stack cortex-m4 $m) |"
    done
    if [ -n "$m0ctx" ] && [ -f "$R/cortex-m0-microbit-zybo-m0.log" ]; then
        "$B/tools/model_info_nolut" "$(fw_model_path zybo-m0)" "$m0ctx" >"$F/info-zybo-m0.txt"
        echo
        echo "zybo.elm also runs on QEMU microbit (nRF51: Cortex-M0, 16 KB of RAM, 256 KB of flash), built"
        echo "with EDGELLM_NO_LUT at context $m0ctx, the largest whose image links into the 16 KB (one more"
        echo "position overflows it): image flash $(group "$(img cortex-m0-microbit zybo-m0 flash)") bytes, arena $(group "$(arena zybo-m0 "$m0ctx")"), RAM $(group "$(img cortex-m0-microbit zybo-m0 ram)") +"
        echo "$(stack cortex-m0-microbit zybo-m0) bytes of stack used (of $(sed -n 's/^stack: [0-9]* of \([0-9]*\) bytes.*/\1/p' "$R/cortex-m0-microbit-zybo-m0.log")) = $(group $(($(img cortex-m0-microbit zybo-m0 ram) + $(stack cortex-m0-microbit zybo-m0)))) of 16,384 bytes."
    fi
    echo
    echo "**Time per model**: instructions per generated token (one position fed, one token sampled),"
    echo "averaged over 256 tokens of \`-t 0.8 -p 0.9 -s 42\` from an empty prompt (a context shorter than"
    echo "256 starts over when full). rv32imc, rv32i: minstret under QEMU -icount shift=0, exact."
    echo "cortex-m4, cortex-m0 (ARMv6-M code; QEMU mps2-an386): QEMU's 25 MHz timer under -icount shift=0"
    echo "(1 ns per instruction), to +-40 instructions per run. All -O2 but where named."
    echo
    echo "| model | rv32imc instructions/token | ms/token at 100 MHz, 1 instruction/cycle | rv32imc -O3 / -Os | cortex-m4 | rv32i | cortex-m0 |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for m in $models; do
        i_rv=$(ipt rv32imc $m)
        echo "| $m | $(group "$i_rv") | $(awk -v i="$i_rv" 'BEGIN { printf "%.1f", i / 100000 }') | $(variant O3 $m) / $(variant Os $m) | $(group "$(ipt cortex-m4 $m)") | $(group "$(ipt rv32i $m)") | $(group "$(ipt cortex-m0 $m)") |"
    done
    if [ -n "$m0ctx" ] && [ -f "$R/cortex-m0-microbit-zybo-m0.log" ]; then
        echo "| zybo on QEMU microbit (context $m0ctx, EDGELLM_NO_LUT; nRF51 timer, +-63) | | | | | | $(group "$(ipt cortex-m0-microbit zybo-m0)") |"
    fi
    echo
    echo "libgcc: the rv32imc and cortex-m4 images (-O2 and -Os) link with -nostdlib alone; rv32i and"
    echo "cortex-m0 link their libgcc.a, called per matrix, vector element or head, never per weight or"
    echo "position (\`tests/firmware/run.sh\` counts the calls; examples/firmware/README.md lists them):"
    for m in $models; do
        for t in rv32i cortex-m0; do
            l=$(grep '^helpers per position fed' "$R/$t-helpers-$m.log" 2>/dev/null | tr -d '\r')
            [ -n "$l" ] && echo "$m $t: ${l#helpers }."
        done
    done | sed 's/^/- /'
    echo
    echo "**Arena bytes by context length** (\`edgellm_ctx_size\`; the KV cache grows linearly):"
    echo
    echo "| model | 32 | 64 | 128 | 256 | 512 |"
    echo "|---|---:|---:|---:|---:|---:|"
    for m in $models; do
        row="| $m"
        for c in 32 64 128 256 512; do
            a=$(arena $m $c)
            row="$row | $([ -n "$a" ] && group "$a" || echo -)"
        done
        echo "$row |"
    done
    if grep -q '^rv32imc: stories260K: target' "$F/firmware.log"; then
        echo
        echo "Target for stories260K INT8 on rv32imc: <= 1,500,000 instructions/token: $(group "$(sed -n 's/^rv32imc: stories260K: target <= 1500000 instructions\/token: //p' "$F/firmware.log")")."
    fi
} >"$T"

# --- determinism table ---------------------------------------------------------------------
# the cortex-m4 -Os image for the models the test did not run it for
for m in $models; do
    awk -F'\t' -v m="$m" '$1 == "cortex-m4-Os" && $2 == m { f = 1 } END { exit !f }' "$R/results.tsv" && continue
    log=$F/cortex-m4-Os-$m.log
    timeout 600 qemu-system-arm -machine mps2-an386 -nographic -icount shift=0 \
        -semihosting-config enable=on,target=native -kernel "$B/$m/cortex-m4-Os.elf" </dev/null >"$log" 2>&1
    if [ "$(grep -E '^(bench )?ids:' "$log")" = "$(grep -E '^(bench )?ids:' "$R/cortex-m4-$m.log")" ] && [ "$(tail -n 1 "$log")" = PASS ]; then
        printf '%s\t%s\t%s\n' cortex-m4-Os "$m" "$(grep -c '^ids:' "$log")" >>"$F/variants.tsv"
    fi
done
DT=$F/determinism.md
{
    echo "Every build runs every ids run of \`examples/firmware/cases.txt\` (several seeds, temperatures,"
    echo "top-k and top-p settings); a cell counts the token streams identical to the golden ones (the"
    echo "committed files; for stories260K, the gcc -O2 host build at test time). Written by"
    echo "\`make footprint\` from \`tests/determinism/run.sh\` and \`tests/firmware/run.sh\`."
    echo
    printf '| build |'
    for m in $models; do printf ' %s |' "$m"; done
    echo
    printf '|---|'
    for m in $models; do printf -- '---|'; done
    echo
    awk -F'\t' '{ print $1 " " $2 " -m" $3 ($4 == "none" ? "" : " " $4) }' build/determinism/results.tsv | awk '!s[$0]++' |
        while read -r line; do
            printf '| host %s |' "$line"
            for m in $models; do
                awk -F'\t' -v l="$line" -v m="$m" '($1 " " $2 " -m" $3 ($4 == "none" ? "" : " " $4)) == l && $5 == m {
                    printf " %s/%s %s |", $6, $7, ($6 == $7 ? "identical" : "DIFFERENT") }' build/determinism/results.tsv
            done
            echo
        done
    for t in $(awk '{print $1}' "$R/results.tsv" | awk '!s[$0]++'); do
        case $t in
        host-asan) printf '| firmware application on the host, ASan+UBSan, scalar-core loops |' ;;
        cortex-m0-microbit) continue ;;
        rv32*) printf '| firmware %s, QEMU virt |' "$t" ;;
        cortex-m*) printf '| firmware %s, QEMU mps2-an386 |' "$t" ;;
        esac
        for m in $models; do
            awk -F'\t' -v t=$t -v m="$m" -v v="$F/variants.tsv" '$1 == t && $2 == m {
                printf " %s/%s %s%s |", $3, $4, ($3 == $4 ? "identical" : "DIFFERENT"), ($5 == 1 ? ", bench too" : ", bench DIFFERENT"); f = 1 }
                END {
                    while (!f && (getline l < v) > 0) { split(l, a, "\t"); if (a[1] == t && a[2] == m) { printf " %s/%s identical, bench too |", a[3], a[3]; f = 1 } }
                    if (!f) printf " not run |" }' "$R/results.tsv"
        done
        echo
    done
    printf '| firmware rv32imc-O3, QEMU virt |'
    for m in $models; do
        awk -F'\t' -v m="$m" '$1 == "rv32imc-O3" && $2 == m { printf " %s/%s identical, bench too |", $3, $3; f = 1 }
            END { if (!f) printf " DIFFERENT |" }' "$F/variants.tsv"
    done
    echo
    if [ -n "$m0ctx" ]; then
        printf '| firmware cortex-m0, QEMU microbit (16 KB RAM, context %s, EDGELLM_NO_LUT; runs of 32 positions) |' "$m0ctx"
        for m in $models; do
            if [ "$m" = zybo ]; then
                awk -F'\t' '$1 == "cortex-m0-microbit" && $2 == "zybo-m0" { printf " %s/%s %s%s |", $3, $4, ($3 == $4 ? "identical" : "DIFFERENT"), ($5 == 1 ? ", bench too" : ", bench DIFFERENT"); f = 1 }
                    END { if (!f) printf " not run |" }' "$R/results.tsv"
            else
                printf ' - |'
            fi
        done
        echo
    fi
    echo
    echo "32-bit builds run under qemu-i386 (user mode) where the kernel cannot run i386 programs."
    echo "Firmware images are -O2 unless named otherwise; each also streams text (compared byte for"
    echo "byte with generate's) and generates 256 tokens for the bench, compared with the same"
    echo "application built for the host (-O3 and -Os images: with the -O2 image's streams)."
} >"$DT"

# --- README: replace only what lies between the markers ------------------------------------------
splice() {   # splice NAME FILE
    if ! grep -q "<!-- $1:begin -->" "$README" || ! grep -q "<!-- $1:end -->" "$README"; then
        echo "footprint: README.md has no <!-- $1:begin --> / <!-- $1:end --> markers; table left in $2"
        return
    fi
    awk -v name="$1" -v file="$2" '
        $0 == "<!-- " name ":begin -->" { print; while ((getline l < file) > 0) print l; skip = 1; next }
        $0 == "<!-- " name ":end -->" { skip = 0 }
        !skip { print }' "$README" >"$README.tmp" && mv "$README.tmp" "$README"
    echo "footprint: $README: $1 table written"
}
splice footprint "$T"
splice determinism "$DT"
