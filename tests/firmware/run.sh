#!/usr/bin/env bash
# tests/firmware/run.sh [SHARED] - edgellm.h as bare-metal firmware under QEMU (rv32imc, Cortex-M4, rv32i, Cortex-M0), token for token.
#
# Builds the firmware images (examples/firmware/firmware.mk) for every model present,
# runs the RV32IMC and RV32I images on QEMU virt, the Cortex-M4 and Cortex-M0 (ARMv6-M)
# images on QEMU mps2-an386, zybo.elm's 16 KB image (zybo-m0: EDGELLM_NO_LUT, its own
# shorter context and runs) on QEMU microbit, and checks every token stream exactly:
#   - each ids run against the host: the committed golden files for the default and
#     ZyboGPT-shaped models (a missing or outdated golden file fails: make firmware-golden
#     writes them), the host build of generate at test time for stories260K (built from
#     SHARED/models; a skip, saying so, when SHARED is absent);
#   - the 256-token bench run against the same application built for the host;
#   - the same checks for that application built for the host with ASan+UBSan and the
#     targets' scalar-core loops (target host-asan).
# The -O2 images run for every model, the -Os ones for one. Every image links with
# -nostdlib (rv32imc and Cortex-M4, -O2 and -Os: nothing else; rv32i and Cortex-M0: the
# target's libgcc.a). The rv32i and Cortex-M0 images run once more counting their
# libgcc calls per part of the forward pass (tests/firmware/helpers.c): none may be
# made per weight (the matrix rows' part makes at most one per matrix) or per position
# (the attention's count is the same at every position), and the engine may need no
# helper outside the counted list. Prints `TARGET: MODEL: N instructions/token` per
# target and model, links the accelerator build and the MicroBlaze example, and ends with
# `firmware: N passed, M failed[, K skipped]`. Installs missing toolchains and QEMU
# (tests/deps.sh) when run as root.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/firmware/lib.sh
suite firmware "${1:-}"
B=build/firmware
R=$B/results
rm -rf "$R"   # the logs of this run only: an earlier run's would pass for this one's
mkdir -p "$R"
: >"$R/results.tsv"   # target, model, identical ids runs, ids runs, bench identical (1/0)
T0=$(date +%s)

# --- tools ----------------------------------------------------------------------------
if ! bash tests/deps.sh riscv64-unknown-elf-gcc arm-none-eabi-gcc qemu-system-riscv32 qemu-system-arm gcc make; then
    fail "tools: the RISC-V and ARM toolchains and QEMU are needed (tests/deps.sh)"
    finish
fi
echo "tools: $(riscv64-unknown-elf-gcc --version | head -n 1); $(arm-none-eabi-gcc --version | head -n 1); $(qemu-system-riscv32 --version | head -n 1)"

# --- models ---------------------------------------------------------------------------
fw_pick_models "$SHARED" "firmware runs" m0
if [ ${#models[@]} = 0 ]; then
    fail "no model to run"
    finish
fi

# --- build ----------------------------------------------------------------------------
helper_elfs=()
for m in "${models[@]}"; do
    [ "$m" = zybo-m0 ] || helper_elfs+=("$B/$m/rv32i-helpers.elf" "$B/$m/cortex-m0-helpers.elf")
done
if fw_make -j1 firmware build/firmware/tools/generate "${helper_elfs[@]}" FW_SHARED="$SHARED" >"$R/build.log" 2>&1; then
    pass "build: firmware images for ${models[*]} (-nostdlib: no libc; no libgcc but for rv32i and cortex-m0)"
else
    fail "build (see $R/build.log)"
    grep -E 'error|undefined' "$R/build.log" | head -n 20
    finish
fi

# --- run --------------------------------------------------------------------------------
# the -Os images (linked with libgcc) run for one model: zybo, the fastest, when present
os_model=${models[0]}
case " ${models[*]} " in *" zybo "*) os_model=zybo ;; esac
run_target() {   # run_target TARGET MODEL LOG
    local elf=$B/$2/$1.elf
    [ "$1" = host-asan ] && elf=$B/$2/host-asan
    case "$1" in
    host-asan) timeout 600 "$elf" </dev/null >"$3" 2>&1 ;;
    rv32*) timeout 900 qemu-system-riscv32 -machine virt -nographic -bios none -icount shift=0 \
        -kernel "$elf" </dev/null >"$3" 2>&1 ;;
    cortex-m0-microbit) timeout 900 qemu-system-arm -machine microbit -nographic -icount shift=0 \
        -semihosting-config enable=on,target=native -kernel "$elf" </dev/null >"$3" 2>&1 ;;
    cortex-m*) timeout 900 qemu-system-arm -machine mps2-an386 -nographic -icount shift=0 \
        -semihosting-config enable=on,target=native -kernel "$elf" </dev/null >"$3" 2>&1 ;;
    esac
}

for m in "${models[@]}"; do
    # expected streams
    : >"$R/golden-$m.err"
    exp=()
    labels=()
    while IFS='|' read -r steps temp topk topp seed prompt; do
        labels+=("-n $steps -t $temp -k $topk -p $topp -s $seed")
        if fw_live_reference $m; then
            exp+=("$("$B/tools/generate" -m "$(fw_model_path $m)" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" \
                -p "$topp" -s "$seed" --ids 2>/dev/null)")
        else
            g=$(fw_golden_name $m "$steps" "$temp" "$topk" "$topp" "$seed")
            exp+=("$(fw_golden_ids $m "$g" 2>>"$R/golden-$m.err")")
        fi
    done < <(fw_cases $m ids)
    texts=()
    k=0
    while IFS='|' read -r steps temp topk topp seed prompt; do
        k=$((k + 1))
        if fw_live_reference $m; then
            ef=$R/expect-$m-text$k.txt
            "$B/tools/generate" -m "$(fw_model_path $m)" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" -p "$topp" \
                -s "$seed" >"$ef" 2>/dev/null || rm -f "$ef"
        else
            ef=$(fw_golden_name $m "$steps" "$temp" "$topk" "$topp" "$seed" | sed 's/\.ids$/.txt/')
        fi
        texts+=("$ef|-n $steps -t $temp -k $topk -p $topp -s $seed")
    done < <(fw_cases $m text)
    "$B/$m/host" >"$R/host-$m.log" 2>&1
    bench_exp=$(grep '^bench ids:' "$R/host-$m.log")

    targets="host-asan rv32imc cortex-m4 rv32i cortex-m0"
    [ "$m" = "$os_model" ] && targets="$targets rv32imc-Os cortex-m4-Os"
    [ "$m" = zybo-m0 ] && targets="host-asan cortex-m0-microbit"
    for t in $targets; do
        log=$R/$t-$m.log
        s0=$(date +%s)
        run_target $t $m "$log"
        rc=$?
        secs=$(($(date +%s) - s0))
        if [ $rc = 0 ] && [ "$(tail -n 1 "$log" | tr -d '\r')" = PASS ]; then
            pass "$t $m: ran and exited $([ "$t" = host-asan ] && echo "with no sanitizer report" || echo "through QEMU") with success (${secs}s)"
        else
            fail "$t $m: exit code $rc (${secs}s); last lines:"
            tail -n 4 "$log" | sed 's/^/      /' | cut -c1-200
        fi
        mapfile -t got < <(grep '^ids:' "$log" | tr -d '\r')
        good=0
        for k in "${!exp[@]}"; do
            g=$(fw_golden_name $m $(echo "${labels[$k]}" | awk '{print $2, $4, $6, $8, $10}'))
            if [ -z "${exp[$k]}" ]; then
                fail "$t $m run $((k + 1)) (${labels[$k]}): no expected stream: $(fw_live_reference $m && echo "host generate failed" || sed -n "\|$g|{p;q}" "$R/golden-$m.err")"
            elif [ "${got[$k]:-}" = "${exp[$k]}" ]; then
                good=$((good + 1))
                pass "$t $m run $((k + 1)) (${labels[$k]}): $(($(echo "${exp[$k]}" | wc -w) - 1)) tokens identical to the host"
            else
                fail "$t $m run $((k + 1)) (${labels[$k]}): $(fw_first_diff "${got[$k]:-ids:}" "${exp[$k]}")"
            fi
        done
        for k in "${!texts[@]}"; do
            ef=${texts[$k]%%|*}
            lab=${texts[$k]#*|}
            gf=$R/$t-$m-text$((k + 1)).txt
            LC_ALL=C awk -v n=$((k + 1)) '$0 == "text begin" { c++; on = (c == n); next }
                $0 == "text end" { if (on) exit; next } on { print }' "$log" >"$gf"
            if [ ! -f "$ef" ]; then
                fail "$t $m text run $((k + 1)) ($lab): no expected text ($(fw_live_reference $m && echo "host generate failed" || echo "$ef missing: make firmware-golden"))"
            elif cmp -s "$gf" "$ef"; then
                pass "$t $m text run $((k + 1)) ($lab): $(wc -c <"$ef") bytes of streamed text identical to generate's"
            else
                fail "$t $m text run $((k + 1)) ($lab): text differs from generate's ($(cmp "$gf" "$ef" 2>&1 | head -n 1))"
            fi
        done
        got_bench=$(grep '^bench ids:' "$log" | tr -d '\r')
        if [ -n "$bench_exp" ] && [ "$got_bench" = "$bench_exp" ]; then
            printf '%s\t%s\t%s\t%s\t1\n' $t $m $good ${#exp[@]} >>"$R/results.tsv"
            pass "$t $m bench: $(($(echo "$bench_exp" | wc -w) - 2)) generated tokens identical to the host build of the same application"
        else
            printf '%s\t%s\t%s\t%s\t0\n' $t $m $good ${#exp[@]} >>"$R/results.tsv"
            fail "$t $m bench: differs from the host build: $(fw_first_diff "${got_bench#bench }" "${bench_exp#bench }")"
        fi
    done
    for t in $targets; do
        [ "$t" = host-asan ] && continue
        n=$(sed -n 's/^bench: [0-9]* instructions, \([0-9]*\) instructions\/token.*/\1/p' "$R/$t-$m.log")
        case $t in
        rv32*) echo "$t: $m: ${n:-?} instructions/token" ;;
        cortex-m0-microbit) echo "$t: $m: ${n:-?} instructions/token (QEMU timer ticks x 62.5, +-1)" ;;
        *) echo "$t: $m: ${n:-?} instructions/token (QEMU timer ticks x 40, +-1)" ;;
        esac
    done
    # libgcc calls per part of the forward pass: none per weight, none per position
    if [ "$m" != zybo-m0 ]; then
        n_mat=$("$B/tools/model_info" "$(fw_model_path $m "$B")" | awk '$1 == "matrices" { print $2 }')
        for t in rv32i cortex-m0; do
            log=$R/$t-helpers-$m.log
            run_target $t-helpers $m "$log"
            line=$(grep '^helpers per position fed' "$log" | tr -d '\r')
            if [ -z "$line" ] || [ "$(tail -n 1 "$log" | tr -d '\r')" != PASS ] \
                || [ "$(grep '^bench ids:' "$log")" != "$(grep '^bench ids:' "$R/$t-$m.log")" ]; then
                fail "$t-helpers $m: no helper count, or not the $t image's tokens (see $log)"
                continue
            fi
            rows=$(echo "$line" | sed -E 's/.* rows ([0-9]+)-([0-9]+).*/\2/')
            att=$(echo "$line" | sed -E 's/.* attention ([0-9]+)-([0-9]+).*/\1 \2/')
            if [ "$rows" -le "$n_mat" ]; then
                pass "$t $m: the matrix rows call libgcc at most once per matrix ($rows calls per position, $n_mat matrices): none per row or weight"
            else
                fail "$t $m: the matrix rows make $rows libgcc calls per position ($n_mat matrices): $line"
            fi
            if [ "${att% *}" = "${att#* }" ]; then
                pass "$t $m: the attention makes the same number of libgcc calls at every position (${att% *}): none per position"
            else
                fail "$t $m: the attention's libgcc calls change with the position (${att% *} to ${att#* }): $line"
            fi
            echo "$t: $m: ${line#helpers }"
        done
    fi
    if [ -f edgellm_hw.h ] && [ "$m" != zybo-m0 ]; then
        u=$(riscv64-unknown-elf-nm -u "$B/$m/rv32imc-hw.elf" 2>/dev/null)
        if [ -f "$B/$m/rv32imc-hw.elf" ] && [ -z "$u" ] \
            && riscv64-unknown-elf-nm "$B/$m/rv32imc-hw.elf" | grep -q ' edgellm_hw_matvec_q16$' \
            && riscv64-unknown-elf-nm "$B/$m/rv32imc-hw.elf" | grep -q ' edgellm_hw_attention$'; then
            pass "rv32imc-hw $m: links with edgellm_hw.h as the matrix and attention backend ($(riscv64-unknown-elf-size -A "$B/$m/rv32imc-hw.elf" | awk '$1 == ".text" {print $2}') bytes .text)"
        else
            fail "rv32imc-hw $m: not linked"
        fi
    fi
done
case " ${models[*]} " in
*" stories260K "*)
    n=$(sed -n 's/^bench: [0-9]* instructions, \([0-9]*\) instructions\/token.*/\1/p' "$R/rv32imc-stories260K.log")
    [ -n "$n" ] && echo "rv32imc: stories260K: target <= 1500000 instructions/token: $([ "$n" -le 1500000 ] && echo met || echo "not met ($n)")" ;;
esac
for m in default zybo; do
    n=$(sed -n 's/^bench: [0-9]* instructions, \([0-9]*\) instructions\/token.*/\1/p' "$R/rv32imc-$m.log" 2>/dev/null)
    lim=$([ $m = zybo ] && echo 600000 || echo 3000000)
    [ -n "$n" ] && echo "rv32imc: $m: target <= $lim instructions/token: $([ "$n" -le $lim ] && echo met || echo "not met ($n)")"
done

# --- MicroBlaze example: the Xil_In32/Xil_Out32 accessors, against the BSP's declarations --
if [ -f edgellm_hw.h ]; then
    m=${models[0]}
    mb=$B/microblaze
    mkdir -p "$mb"
    if riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32 -std=c99 -O2 -ffreestanding -fno-builtin -Wall -Wextra \
        -Wpedantic -Werror -I. -Iexamples/firmware/common -Iexamples/firmware/microblaze -Itests/firmware/xil_bsp \
        -I"$B/$m" -DFW_HW -DFW_HW_MMIO='"edgellm_hw_xil.h"' -DFW_MODEL_PATH="\"$(fw_model_path $m "$B")\"" \
        -nostdlib -static -Wl,-e,main -Wl,--defsym=_stack_end=0x81000000 -Wl,--defsym=_stack=0x81004000 \
        -o "$mb/microblaze-xil.elf" examples/firmware/microblaze/platform.c examples/firmware/common/app.c \
        examples/firmware/common/engine.c examples/firmware/common/model.S tests/firmware/xil_bsp/outbyte.c \
        >"$R/microblaze.log" 2>&1 && riscv64-unknown-elf-objdump -d "$mb/microblaze-xil.elf" | grep -q '<Xil_In32>\|<edgellm_hw_init>'; then
        pass "microblaze example: engine + edgellm_hw.h on Xil_In32/Xil_Out32 compile and link (-Werror; rv32 compiler, BSP declarations)"
    else
        fail "microblaze example (see $R/microblaze.log)"
        head -n 20 "$R/microblaze.log"
    fi
fi

# --- libgcc use of the engine object, per target and optimisation level ------------------
# rv32imc and Cortex-M4: none (the images link with -nostdlib alone); rv32i and Cortex-M0:
# only helpers that tests/firmware/helpers.c counts (so that the counts above see them all)
counted=$(grep -E '^FW_(RV_)?WRAP\(' tests/firmware/helpers.c | grep -o '__[a-z0-9_]*' | tr '\n' ' ')
for t in "riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32" "arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb" \
    "riscv64-unknown-elf-gcc -march=rv32i -mabi=ilp32" "arm-none-eabi-gcc -mcpu=cortex-m0 -mthumb"; do
    for o in -O2 -Os -O3; do
        # shellcheck disable=SC2086
        if ! $t $o -std=c99 -ffreestanding -I. -c examples/firmware/common/engine.c -o "$R/engine.o" 2>"$R/engine.log"; then
            fail "${t%% *} ${t#* } $o: engine.c does not compile (see $R/engine.log)"
            continue
        fi
        u=$(${t%%-gcc*}-nm -u "$R/engine.o" | awk '{print $2}' | tr '\n' ' ')
        case "$t" in
        *rv32imc* | *cortex-m4*)
            if [ -z "$u" ]; then pass "${t#* } $o: the engine calls no libgcc function"
            else fail "${t#* } $o: the engine calls libgcc: $u"; fi ;;
        *)
            extra=
            for f in $u; do case " $counted " in *" $f "*) ;; *) extra="$extra $f" ;; esac; done
            if [ -z "$extra" ]; then pass "${t#* } $o: the engine's libgcc calls are counted ones: $u"
            elif [ "$o" = -O2 ]; then fail "${t#* } $o: the engine calls libgcc functions tests/firmware/helpers.c does not count:$extra"
            else echo "note: ${t#* } $o: the engine also calls$extra (not counted: the images are -O2)"; fi ;;
        esac
    done
done
echo "time: $(($(date +%s) - T0))s"
finish
