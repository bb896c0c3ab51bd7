#!/usr/bin/env bash
# tests/soc/run.sh [SHARED] [bench] - the edgellm SoC (rtl/soc/: our RV32 core, RAM,
# model ROM, UART, timer and the accelerator) running the firmware of
# examples/firmware/ in a cycle-accurate Verilator simulation (tests/soc/soc_sim.cpp).
#
# make soc-test (no second argument):
#   - lint: verilator --lint-only -Wall (several configurations), iverilog -Wall;
#   - the fabric testbench (tb_fabric.cpp) in two configurations;
#   - for each model (zybo.elm, default.elm, and stories260K INT8 when SHARED has it)
#     and each mode (software, accel-poll, accel-irq): the runs of
#     examples/firmware/soc/cases.txt, every ids line equal to the host's
#     `generate --ids` with the same flags, and one line
#       soc: MODEL MODE: N tokens identical, C cycles/token, P cycles at position 0, I instructions/token
#     (per position: the forward pass and the sampling after it, between the
#     firmware's marks; C and I averaged over every position of the runs, P is
#     position 0 of the first run);
#   - the fault test: a hung product (driver timeout) and a corrupted result
#     (cross-check), each computed again in software, the stream still the host's,
#     the fault counts the firmware prints exactly as injected;
#   - zybo.elm's accel-irq image on the synthesized zybo.elm system (rtl/soc/zybo_system.mk:
#     its RAM, ROM and weight memory; also with `bench`): the same tokens and every count of
#     every position equal to the larger SoC's;
#   - the UART's serial line decoded and equal to the bytes written;
#   - skipping the accelerator's idle clock edges changes no count.
# make soc-bench (second argument `bench`): the same lines for 128 positions from
# position 0 (examples/firmware/soc/cases-bench.txt), the split of each token into
# matrix-vector products and the rest (FW_PROFILE images), and the table between
# <!-- soc:begin --> and <!-- soc:end --> in README.md.
# Skips have a line `skipped: WHAT: REASON`. Ends with `soc: N passed, M failed[, K skipped]`
# (exit status non-zero on a failure).
set -u -o pipefail
cd "$(dirname "$0")/../.."
. tests/firmware/lib.sh
SHARED=${1:-../shared}
WHAT=${2:-test}
B=build/soc
R=$B/results-$WHAT
mkdir -p "$R"
PASS=0
FAIL=0
SKIP=0
ok() { PASS=$((PASS + 1)); echo "ok    $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL  $*"; }
skip() { SKIP=$((SKIP + 1)); echo "skipped: $1: $2"; }
finish() {
    echo "soc: $PASS passed, $FAIL failed$([ "$SKIP" = 0 ] || echo ", $SKIP skipped")"
    [ "$FAIL" = 0 ]
    exit
}
T0=$(date +%s)
SIM=$B/sim/soc_sim
ZSIM=$B/sim-zybo/soc_sim   # the synthesized zybo.elm system (rtl/soc/zybo_system.mk)
GEN=build/firmware/tools/generate

# --- tools ----------------------------------------------------------------------------
if ! bash tests/deps.sh verilator iverilog riscv64-unknown-elf-gcc g++ make; then
    bad "tools: missing (tests/deps.sh names the Debian packages)"
    finish
fi

# --- models ---------------------------------------------------------------------------
fw_pick_models "$SHARED" >"$R/models.log"
sel=()
# SOC_MODELS (e.g. "zybo") limits the models, for quicker runs while developing
for m in ${SOC_MODELS:-zybo default stories260K}; do
    case " ${models[*]} " in *" $m "*) sel+=("$m") ;; esac
done
case " ${models[*]} " in
*" stories260K "*) ;;
*) skip "stories260K INT8" "$SHARED/models is absent (zybo.elm and default.elm still run)" ;;
esac
[ -n "${SOC_MODELS:-}" ] && echo "note: models limited by SOC_MODELS to: ${sel[*]}"
model_name() { case "$1" in zybo) echo zybo.elm ;; default) echo default.elm ;; stories260K) echo stories260K-INT8 ;; esac; }

SOC_LINT_RTL=$(ls rtl/soc/*.v rtl/edgellm_acc*.v | tr '\n' ' ')
if [ "$WHAT" != bench ]; then
    # --- lint -------------------------------------------------------------------------
    # shellcheck disable=SC2086
    lint() {   # lint TOP PARAMS...
        local top=$1
        shift
        verilator --lint-only -Wall --default-language 1364-2005 -Irtl --top-module "$top" "$@" $SOC_LINT_RTL
    }
    lint_all() {
        local t
        lint edgellm_soc || return 1
        lint edgellm_soc -GRAM_DUAL_PORT=0 -GFAULT_EN=1 -GRAM_BYTES=65536 -GROM_BYTES=65536 -GUART_DIV=1 \
            -GACC_LANES=16 -GACC_WMEM_BYTES=131072 -GACC_XMAX=2048 -GACC_YMAX=1024 || return 1
        lint edgellm_soc -GACC_LANES=64 -GACC_XMAX=8192 -GACC_YMAX=2048 -GACC_T1_EN=0 -GACC_I8_EN=0 || return 1
        for t in rtl/soc/synth/*.v; do
            [ -f "$t" ] || continue
            lint "$(basename "$t" .v)" "$t" || return 1
        done
    }
    if lint_all >"$R/lint.log" 2>&1; then
        ok "lint: verilator --lint-only -Wall clean (edgellm_soc in three configurations$(ls rtl/soc/synth/*.v >/dev/null 2>&1 && echo ", the synthesis tops"))"
    else
        bad "lint: verilator warnings (see $R/lint.log)"
        head -n 20 "$R/lint.log"
    fi
    # shellcheck disable=SC2086
    if iverilog -g2005 -Wall -Irtl -o /dev/null -s edgellm_soc $SOC_LINT_RTL >"$R/iverilog.log" 2>&1 && [ ! -s "$R/iverilog.log" ]; then
        ok "lint: iverilog -g2005 -Wall clean"
    else
        bad "lint: iverilog (see $R/iverilog.log)"
        head -n 20 "$R/iverilog.log"
    fi
    # illegal parameters (RAM/ROM sizes, UART divider, the accelerator's lanes, the core's
    # trap vector) refused at elaboration by Verilator, Icarus and Yosys
    if ! command -v yosys >/dev/null 2>&1; then
        skip "parameter checks" "yosys is not installed (tests/deps.sh yosys)"
    elif pdir="$PWD/$R/params" && (cd rtl && OUT=$pdir sh tb/param_checks.sh soc) >"$R/params.log" 2>&1; then
        ok "lint: illegal parameters refused by verilator, iverilog and yosys ($(grep -c '^  refused' "$R/params.log") configurations)"
    else
        bad "lint: parameter checks (see $R/params.log)"
        grep -E '^FAIL' "$R/params.log" | head -n 10
    fi

    # --- the fabric testbench ---------------------------------------------------------
    for c in dual single; do
        if fw_make -j1 $B/tb-$c/tb_fabric >"$R/tb-$c-build.log" 2>&1; then
            $B/tb-$c/tb_fabric $B/tb-$c 1 1 >"$R/tb-$c.log" 2>&1
            rc=$?
            line=$(tail -n 1 "$R/tb-$c.log")
            if [ $rc = 0 ] && echo "$line" | grep -q ' 0 failed'; then
                ok "fabric testbench ($(sed -n '1s/^tb_fabric: //p' "$R/tb-$c.log" | cut -d, -f1-2)): ${line#tb_fabric: }"
                grep '^bridge:' "$R/tb-$c.log"
            else
                bad "fabric testbench $c: ${line:-exit $rc}"
                grep FAIL "$R/tb-$c.log" | head -n 10
            fi
        else
            bad "fabric testbench $c: build failed (see $R/tb-$c-build.log)"
            tail -n 10 "$R/tb-$c-build.log"
        fi
    done
fi

# --- build the simulator and the images -------------------------------------------------
set_name=$WHAT
[ "$WHAT" = bench ] || set_name=test
modes="software accel-poll accel-irq"
targets="$SIM $GEN"
for m in "${sel[@]}"; do
    for k in $modes; do targets="$targets build/firmware/$m/soc-$set_name/$k.elf"; done
    [ "$WHAT" = bench ] && targets="$targets build/firmware/$m/soc-bench/software-profile.elf"
    [ "$WHAT" = bench ] && targets="$targets build/firmware/$m/soc-bench/accel-irq-profile.elf"
    [ "$WHAT" != bench ] && [ "$m" = zybo ] && targets="$targets build/firmware/$m/soc-test/fault.elf"
    [ "$m" = zybo ] && targets="$targets $ZSIM"
done
s0=$(date +%s)
# shellcheck disable=SC2086
if fw_make -j1 $targets FW_SHARED="$SHARED" >"$R/build.log" 2>&1; then
    ok "build: the Verilated SoC$(case " $targets " in *" $ZSIM "*) echo ", the zybo.elm system" ;; esac) and $(echo $targets | tr ' ' '\n' | grep -c '\.elf$') rv32im images ($(($(date +%s) - s0))s)"
else
    bad "build (see $R/build.log)"
    grep -E 'error|Error|undefined' "$R/build.log" | head -n 20
    finish
fi

# --- runs ---------------------------------------------------------------------------------
# expected streams: the host's generate with each run's flags
FW_CASES=examples/firmware/soc/cases.txt
[ "$WHAT" = bench ] && FW_CASES=examples/firmware/soc/cases-bench.txt
expected() {   # expected MODEL: one ids line per run, in order
    local steps temp topk topp seed prompt
    while IFS='|' read -r steps temp topk topp seed prompt; do
        "$GEN" -m "$(fw_model_path "$1")" -i "$prompt" -n "$steps" -t "$temp" -k "$topk" -p "$topp" -s "$seed" --ids 2>/dev/null \
            || echo "generate failed"
    done < <(fw_cases "$1" ids)
}
# compare LOG EXPECTED_FILE LABEL: every ids line; sets CMP_N to the number of tokens
# compared, or fails (after a FAIL line) on a difference
CMP_N=0
compare() {
    local log=$1 exp=$2 label=$3 k=0 n=0 got want
    mapfile -t got < <(grep '^ids:' "$log" | tr -d '\r')
    mapfile -t want <"$exp"
    if [ ${#want[@]} = 0 ] || [ ${#got[@]} != ${#want[@]} ]; then
        bad "$label: ${#got[@]} ids lines, expected ${#want[@]}"
        return 1
    fi
    for k in "${!want[@]}"; do
        if [ "${got[$k]}" != "${want[$k]}" ]; then
            bad "$label run $((k + 1)): $(fw_first_diff "${got[$k]}" "${want[$k]}")"
            return 1
        fi
        n=$((n + $(echo "${want[$k]}" | wc -w) - 1))
    done
    CMP_N=$n
}
# stats TSV: "positions cycles/token cycles-at-0 instructions/token acc-busy-share words/token acc-words/token matvec-share
#   x-words/token y-words/token status-reads/token wdata-words/token" (the last four: to the accelerator)
stats() {
    awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { n++; cy += $c["cycles"]; ins += $c["instret"]; ab += $c["acc_busy"]; mv += $c["p_rows"]
          w += $c["ram_rd"] + $c["ram_wr"] + $c["rom_rd"] + $c["periph"] + $c["acc_rd"] + $c["acc_wr"]
          aw += $c["acc_rd"] + $c["acc_wr"]
          ax += $c["acc_x"]; ay += $c["acc_y"]; as += $c["acc_status"]; awd += $c["acc_wdata"]
          if (!p0set && $c["run"] == 1 && $c["pos"] == 0) { p0 = $c["cycles"]; p0set = 1 } }
        END { if (!n) { print "0"; exit }
              printf "%d %.0f %d %.0f %.4f %.0f %.0f %.4f %.0f %.0f %.0f %.0f\n", n, cy / n, p0, ins / n, ab / cy, w / n, aw / n,
                     mv / cy, ax / n, ay / n, as / n, awd / n }' "$1"
}

SIM_CYC=0
SIM_SECS=0
sim_speed() {   # sim_speed LOG: add the run's cycles and seconds to the totals
    local c t
    read -r c t < <(sed -n 's/^sim: exit .* after \([0-9]*\) cycles, .* (\([0-9.]*\) s, .*/\1 \2/p' "$1")
    [ -n "${c:-}" ] && SIM_CYC=$((SIM_CYC + c)) && SIM_SECS=$(awk -v a="$SIM_SECS" -v b="$t" 'BEGIN { print a + b }')
}
# run_image LOG TSV ELF [SIM OPTIONS]: runs it; 0 when the firmware passed
# a cycle limit per run, well above the longest (default.elm software: about 230 M cycles
# in the test runs, 1.5 G in the bench's), so that a hang ends as a failure
MAXC=600000000
[ "$WHAT" = bench ] && MAXC=4000000000
run_image() {
    local log=$1 tsv=$2 elf=$3
    shift 3
    "$SIM" --max-cycles "$MAXC" --positions "$tsv" "$@" "$elf" >"$log" 2>&1
    local rc=$?
    sim_speed "$log"
    [ $rc = 0 ] && grep -qx PASS "$log"
}

: >"$R/lines.txt"
: >"$R/table.tsv"
for m in "${sel[@]}"; do
    name=$(model_name "$m")
    expected "$m" >"$R/expect-$m.txt"
    for k in $modes; do
        elf=build/firmware/$m/soc-$set_name/$k.elf
        log=$R/$m-$k.log
        tsv=$R/$m-$k.tsv
        extra=()
        [ "$m" = zybo ] && [ "$k" = software ] && extra=(--uart-check)
        s0=$(date +%s)
        if ! run_image "$log" "$tsv" "$elf" "${extra[@]}"; then
            bad "$name $k: the firmware did not pass ($(($(date +%s) - s0))s); last lines:"
            tail -n 6 "$log" | sed 's/^/      /' | cut -c1-200
            continue
        fi
        if [ ${#extra[@]} -gt 0 ]; then
            if grep -q '^sim: UART line: .* equal to the bytes written' "$log"; then
                ok "UART: $(sed -n 's/^sim: UART line: //p' "$log") (the whole output of $name $k)"
            else
                bad "UART: the serial line differs from the bytes written ($name $k)"
            fi
        fi
        compare "$log" "$R/expect-$m.txt" "$name $k" || continue
        n=$CMP_N
        read -r np c p0 ins busy w aw mv ax ay as awd < <(stats "$tsv")
        line="soc: $name $k: $n tokens identical, $c cycles/token, $p0 cycles at position 0, $ins instructions/token"
        echo "$line"
        echo "$line" >>"$R/lines.txt"
        PASS=$((PASS + 1))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$k" "$np" "$c" "$p0" "$ins" "$busy" "$w" \
            "$aw" "$mv" "$ax" "$ay" "$as" "$awd" >>"$R/table.tsv"
    done
done

# --- the synthesized zybo.elm system ----------------------------------------------------
# zybo.elm's accel-irq image on the SoC configuration that rtl/soc/synth/run.sh synthesizes
# (rtl/soc/zybo_system.mk: its RAM, ROM and weight memory, no fault injection): the same
# tokens, and every count of every position equal to the larger SoC's above, so that the
# figures measured there hold for that system
if [ -f "$R/zybo-accel-irq.tsv" ]; then
    . rtl/soc/zybo_system.mk
    zdesc="$((ZYBO_RAM_BYTES / 1024)) KB RAM, $((ZYBO_ROM_BYTES / 1024)) KB ROM, $((ZYBO_ACC_WMEM_BYTES / 1024)) KB weight memory"
    if ! SIM=$ZSIM run_image "$R/zybo-system.log" "$R/zybo-system.tsv" build/firmware/zybo/soc-$set_name/accel-irq.elf; then
        bad "zybo.elm accel-irq on the zybo.elm system ($zdesc): the firmware did not pass; last lines:"
        tail -n 6 "$R/zybo-system.log" | sed 's/^/      /' | cut -c1-200
    elif compare "$R/zybo-system.log" "$R/expect-zybo.txt" "zybo.elm accel-irq on the zybo.elm system"; then
        if cmp -s "$R/zybo-accel-irq.tsv" "$R/zybo-system.tsv"; then
            ok "zybo.elm accel-irq on the synthesized zybo.elm system ($zdesc): $CMP_N tokens identical, every count of every position equal to the larger SoC's"
        else
            bad "zybo.elm accel-irq on the zybo.elm system ($zdesc): the counts differ from the larger SoC's (diff $R/zybo-accel-irq.tsv $R/zybo-system.tsv)"
        fi
    fi
fi

if [ "$WHAT" != bench ] && [ -f "$R/zybo-accel-irq.tsv" ]; then
    # --- the simulator's shortcut: skipping idle accelerator edges changes nothing ------
    if run_image "$R/zybo-accel-irq-always.log" "$R/zybo-accel-irq-always.tsv" \
        build/firmware/zybo/soc-test/accel-irq.elf --acc-clock-always \
        && cmp -s "$R/zybo-accel-irq.tsv" "$R/zybo-accel-irq-always.tsv"; then
        ok "zybo.elm accel-irq with the accelerator clocked in every cycle: every count of every position identical"
    else
        bad "zybo.elm accel-irq: the counts differ when the accelerator is clocked in every cycle"
    fi

    # --- the pc profile: every cycle of every position goes to one pc ------------------
    prof=$R/zybo-accel-irq.prof
    if run_image "$R/zybo-accel-irq-prof.log" "$R/zybo-accel-irq-prof.tsv" \
        build/firmware/zybo/soc-test/accel-irq.elf --pc-profile "$prof"; then
        want=$(awk -F'\t' 'NR > 1 { c += $3; n++ } END { print c + 0, n + 0 }' "$R/zybo-accel-irq-prof.tsv")
        got=$(awk -F'\t' '/^# positions/ { n = $2; next } { c += $2 } END { print c + 0, n + 0 }' "$prof")
        top=$(python3 tests/soc/pcprof.py "$prof" build/firmware/zybo/soc-test/accel-irq.elf 1 2>&1 | sed -n 2p | awk '{ print $NF }')
        if [ "$got" = "$want" ] && [ "${want% *}" -gt 0 ] && [ -n "$top" ]; then
            ok "zybo.elm accel-irq pc profile: its cycles and positions equal the positions' counts ($got); costliest function $top"
        else
            bad "zybo.elm accel-irq pc profile: cycles and positions $got, the positions' counts $want, costliest function '${top}'"
        fi
    else
        bad "zybo.elm accel-irq with --pc-profile (see $R/zybo-accel-irq-prof.log)"
    fi

    # --- faults -----------------------------------------------------------------------------
    # zybo: 21 runs per position, all in the accelerator: per layer wq, wk, wv, then per
    # head a KDOT (the scores and their softmax pass) and a VSUM (attention), then wo, w1,
    # w2; the output head last. Run 20 is the output head (matrix 12) of position 0, run 45
    # the first KDOT of position 2: its results stay in the accelerator, so the first word
    # read after it, the head's VSUM sums, is the one corrupted.
    # accel-poll: run 20 hangs (the driver's STATUS poll limit). fault.elf (interrupt +
    # WFI, cross-check on): run 20 hangs (the limit of timeout ticks), run 45's first
    # result word is corrupted (cross-check).
    fault_run() {   # fault_run LABEL ELF EXPECTED-FAULT-LINE SIM-OPTIONS...
        local label=$1 elf=$2 want=$3 log=$R/fault-$1.log n
        shift 3
        if ! run_image "$log" /dev/null "$elf" "$@"; then
            bad "fault test $label: the firmware did not pass; last lines:"
            tail -n 6 "$log" | sed 's/^/      /' | cut -c1-200
            return
        fi
        compare "$log" "$R/expect-zybo.txt" "fault test $label" || return
        n=$CMP_N
        local got
        got=$(grep '^accelerator: [0-9]* faults' "$log")
        if [ "$got" = "$want" ] && grep -q '^sim: faults injected: hang for [1-9][0-9]* cycles' "$log"; then
            ok "fault test $label: $n tokens identical to the host; firmware: \"${got#accelerator: }\"; $(sed -n 's/^sim: faults injected: //p' "$log")"
        else
            bad "fault test $label: firmware printed \"${got:-nothing}\", expected \"$want\""
        fi
    }
    fault_run accel-poll build/firmware/zybo/soc-test/accel-poll.elf \
        "accelerator: 1 faults computed in software; the last: accelerator did not finish within the poll limit (aborted) (-1003) in matrix 12" \
        --hang-product 20
    fault_run accel-irq-crosscheck build/firmware/zybo/soc-test/fault.elf \
        "accelerator: 2 faults computed in software; the last: cross-check: hardware and software results differ (-1006) in attention's VSUM" \
        --hang-product 20 --corrupt-product 45
fi

if [ "$WHAT" = bench ]; then
    # --- per-token split by part of the forward pass (FW_PROFILE images) ------------------
    # split.tsv: model, mode, cycles/token, then the cycles/token of each part (rows,
    # requant, norm, attention, rope, ffn, other) and of the rest (sampling, the marks)
    : >"$R/split.tsv"
    for m in "${sel[@]}"; do
        name=$(model_name "$m")
        for k in software accel-irq; do
            log=$R/$m-$k-profile.log
            if run_image "$log" "$R/$m-$k-profile.tsv" build/firmware/$m/soc-bench/$k-profile.elf \
                && compare "$log" "$R/expect-$m.txt" "$name $k (profile)"; then
                n=$CMP_N
                read -r np c p0 ins busy w aw mv < <(stats "$R/$m-$k-profile.tsv")
                awk -F'\t' -v name="$name" -v mode="$k" '
                    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                    { n++; cy += $c["cycles"]; for (j = 1; j <= 7; j++) p[j] += $c[P[j]] }
                    BEGIN { split("p_rows p_requant p_norm p_attention p_rope p_ffn p_other", P, " ") }
                    END { printf "%s\t%s\t%.0f", name, mode, cy / n; s = 0
                          for (j = 1; j <= 7; j++) { printf "\t%.0f", p[j] / n; s += p[j] }
                          printf "\t%.0f\n", (cy - s) / n }' "$R/$m-$k-profile.tsv" >>"$R/split.tsv"
                ok "$name $k with FW_PROFILE: $n tokens identical; products take $(awk -v v="$mv" 'BEGIN { printf "%.1f", 100 * v }')% of $c cycles/token"
            else
                bad "$name $k with FW_PROFILE (see $log)"
            fi
        done
    done
    if [ "$FAIL" = 0 ]; then
        bash tests/soc/table.sh "$R" README.md rtl/soc/README.md && ok "README.md: the SoC table written"
    else
        echo "soc-bench: README.md left as it is (failures above)"
    fi
fi

speed=$(awk -v c="$SIM_CYC" -v s="$SIM_SECS" 'BEGIN { if (s > 0) printf "%.2f", c / s / 1e6; else print "?" }')
echo "soc: simulation speed $speed M cycles/s ($SIM_CYC cycles simulated in $SIM_SECS s of simulation; time $(($(date +%s) - T0))s in all)"
finish
