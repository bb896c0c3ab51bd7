#!/usr/bin/env bash
# tests/determinism/run.sh [SHARED] - the determinism matrix: 24 host builds, every token stream identical.
#
# Builds the host CLI (examples/generate.c) with gcc and clang, at -O0, -O2 and -O3,
# 64-bit and 32-bit (-m32), each without and with ASan+UBSan (24 builds), and runs
# every ids run of examples/firmware/cases.txt with each. Every token stream must equal
# the one the firmware images are checked against: the committed golden files for the
# default and ZyboGPT-shaped models (a missing one fails), the reference host build
# (gcc -O2, 64-bit) for stories260K (converted from SHARED/models; a skip, saying so,
# when absent).
# 32-bit programs run natively, or under qemu-i386 (user mode) on a kernel without
# IA32 emulation. Writes build/determinism/results.tsv for the README table and ends
# with `determinism: N passed, M failed[, K skipped]`. Installs what it needs
# (tests/deps.sh) as root.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/firmware/lib.sh
suite determinism "${1:-}"
D=build/determinism
mkdir -p "$D"
T0=$(date +%s)
# leaks are the badinput suite's (LeakSanitizer does not run under qemu-i386)
export ASAN_OPTIONS=detect_leaks=0

# --- tools ----------------------------------------------------------------------------
bash tests/deps.sh gcc clang make multilib asan32 || fail "tools: gcc, clang and their 32-bit runtimes are needed (tests/deps.sh)"
printf 'int main(void) { return 0; }\n' >"$D/m32.c"
RUN32=
if gcc -m32 -o "$D/m32" "$D/m32.c" 2>/dev/null && ! "$D/m32" 2>/dev/null; then
    bash tests/deps.sh qemu-i386 || fail "tools: qemu-i386 is needed to run 32-bit programs on this kernel"
    RUN32=qemu-i386
    echo "32-bit: this kernel does not run i386 programs; running them under qemu-i386 (user mode)"
fi
echo "tools: $(gcc --version | head -n 1); $(clang --version | head -n 1)"

# --- models and expected streams ------------------------------------------------------
fw_pick_models "$SHARED" "the determinism runs"
[ ${#models[@]} -gt 0 ] || { fail "no model to run"; finish; }
if ! fw_make -j1 build/firmware/tools/generate $(case " ${models[*]} " in *" stories260K "*) echo build/firmware/stories260K_int8.elm ;; esac) \
    FW_SHARED="$SHARED" >"$D/build.log" 2>&1; then
    fail "reference build (see $D/build.log)"
    finish
fi
REF=build/firmware/tools/generate
embed=$(fw_model_path "${models[0]}")

declare -A EXP ARGS NRUNS
for m in "${models[@]}"; do
    k=0
    while IFS='|' read -r steps temp topk topp seed prompt; do
        ARGS[$m,$k]="$steps|$temp|$topk|$topp|$seed|$prompt"
        if fw_live_reference $m; then
            EXP[$m,$k]=$("$REF" -m "$(fw_model_path $m)" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" -p "$topp" \
                -s "$seed" --ids 2>/dev/null)
        else
            EXP[$m,$k]=$(fw_golden_ids $m "$(fw_golden_name $m "$steps" "$temp" "$topk" "$topp" "$seed")")
        fi
        k=$((k + 1))
    done < <(fw_cases $m ids)
    NRUNS[$m]=$k
done

# --- the matrix -------------------------------------------------------------------------
: >"$D/results.tsv"
for cc in gcc clang; do
    for opt in -O0 -O2 -O3; do
        for bits in 64 32; do
            for san in none asan+ubsan; do
                name="$cc $opt -m$bits"
                [ "$san" = none ] || name="$name $san"
                exe=$D/generate-$cc$opt-m$bits-${san%%+*}
                flags="-std=c11 $opt -m$bits -Wall -Wextra"
                [ "$san" = none ] || flags="$flags $SAN"
                # shellcheck disable=SC2086
                if ! $cc $flags -DDEFAULT_MODEL_PATH="\"$embed\"" -o "$exe" examples/generate.c >"$exe.log" 2>&1; then
                    fail "$name: does not build (see $exe.log)"
                    for m in "${models[@]}"; do printf '%s\t%s\t%s\t%s\t%s\t0\t%s\n' "$cc" "$opt" "$bits" "$san" "$m" "${NRUNS[$m]}" >>"$D/results.tsv"; done
                    continue
                fi
                run=
                [ "$bits" = 32 ] && run=$RUN32
                for m in "${models[@]}"; do
                    s0=$(date +%s)
                    good=0
                    first=
                    for ((k = 0; k < NRUNS[$m]; k++)); do
                        IFS='|' read -r steps temp topk topp seed prompt <<<"${ARGS[$m,$k]}"
                        got=$($run "$exe" -m "$(fw_model_path $m)" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" \
                            -p "$topp" -s "$seed" --ids 2>"$exe.$m.err")
                        if [ -n "${EXP[$m,$k]}" ] && [ "$got" = "${EXP[$m,$k]}" ]; then
                            good=$((good + 1))
                        elif [ -z "$first" ]; then
                            first="run $((k + 1)) (-n $steps -t $temp -k $topk -p $topp -s $seed): $(
                                [ -n "${EXP[$m,$k]}" ] && fw_first_diff "${got:-ids:}" "${EXP[$m,$k]}" || echo "no expected stream")"
                            [ -s "$exe.$m.err" ] && first="$first; $(grep -m 1 -E 'ERROR|runtime error' "$exe.$m.err")"
                        fi
                    done
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cc" "$opt" "$bits" "$san" "$m" "$good" "${NRUNS[$m]}" >>"$D/results.tsv"
                    if [ "$good" = "${NRUNS[$m]}" ]; then
                        pass "$name $m: $good/${NRUNS[$m]} token streams identical ($(($(date +%s) - s0))s)"
                    else
                        fail "$name $m: $good/${NRUNS[$m]} identical; first difference: $first"
                    fi
                done
            done
        done
    done
done
echo "time: $(($(date +%s) - T0))s"
finish
