# lib.sh - shared by tests/firmware/run.sh, golden.sh and tests/determinism/run.sh
# (sourced from the repository root, after tests/lib.sh).

FW_CASES=examples/firmware/cases.txt

# fw_cases MODEL KIND: the runs of MODEL of that kind, in order, one per line:
#   steps|temp|top_k|top_p|seed|prompt
fw_cases() {
    local m kind steps temp topk topp seed prompt
    while read -r m kind steps temp topk topp seed prompt; do
        case "$m" in ''|'#'*) continue ;; esac
        [ "$m" = "$1" ] && [ "$kind" = "$2" ] || continue
        printf '%s|%s|%s|%s|%s|%s\n' "$steps" "$temp" "$topk" "$topp" "$seed" "$prompt"
    done <"$FW_CASES"
}

# fw_golden_name MODEL STEPS TEMP TOP_K TOP_P SEED: the golden file of one run
fw_golden_name() {
    printf 'tests/firmware/golden/%s_n%s_t%s_k%s_p%s_s%s.ids' "$1" "$2" "$3" "$4" "$5" "$6"
}

# fw_model_path MODEL [SHARED_BUILD_DIR]: the model file of a model name
fw_model_path() {
    case "$1" in
    default) echo "${FW_MODEL_default:-examples/models/default.elm}" ;;
    zybo | zybo-m0) echo "${FW_MODEL_zybo:-examples/models/zybo.elm}" ;;
    stories260K) echo "${2:-build/firmware}/stories260K_int8.elm" ;;
    esac
}

# fw_pick_models SHARED WHAT [m0]: sets the array `models` to the models present (the
# committed ones, and stories260K when SHARED has it; with m0 also zybo-m0, zybo.elm's image
# for the 16 KB microbit with runs of its own in cases.txt); a missing committed model
# fails, a missing stories260K is a skip (tests/lib.sh's fail and skip; WHAT names the
# runs skipped)
fw_pick_models() {
    local m p
    models=()
    for m in default zybo; do
        p=$(fw_model_path $m)
        if [ -f "$p" ]; then models+=("$m"); else fail "$m: the committed model $p is missing"; fi
    done
    [ "${3:-}" = m0 ] && [ -f "$(fw_model_path zybo-m0)" ] && models+=(zybo-m0)
    if [ -r "$1/models/stories260K.bin" ] && [ -r "$1/models/tok512.bin" ]; then
        models+=(stories260K)
    else
        skip "$2 of stories260K" "$1/models holds no stories260K model"
    fi
}

# fw_make ARGS...: make with examples/firmware/firmware.mk, whether or not the
# top-level Makefile includes it yet
fw_make() {
    if grep -q 'examples/firmware/firmware.mk' Makefile 2>/dev/null; then
        make --no-print-directory "$@"
    else
        make --no-print-directory -f Makefile -f examples/firmware/firmware.mk "$@"
    fi
}

# fw_first_diff A B: "token I: X != Y" for the first differing token of two ids lines
fw_first_diff() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        na = split(a, x, " "); nb = split(b, y, " "); n = na > nb ? na : nb
        for (i = 2; i <= n; i++) if (x[i] != y[i]) { printf "token %d: %s != %s (%d vs %d tokens)", i - 1, (i <= na ? x[i] : "end"), (i <= nb ? y[i] : "end"), na - 1, nb - 1; exit }
    }'
}

# fw_model_crc FILE: the CRC-32 field of a model file's header (hex)
fw_model_crc() {
    od -An -tx4 -j12 -N4 "$1" 2>/dev/null | tr -d ' '
}

# fw_golden_ids MODEL GOLDEN_FILE: the ids line of a golden file, empty (with a message on
# stderr) when the file is missing or was written for another version of the model
fw_golden_ids() {
    local want have
    [ -f "$2" ] || { echo "$2 missing: make firmware-golden" >&2; return; }
    want=$(sed -n 's/^# model crc32: //p' "$2")
    have=$(fw_model_crc "$(fw_model_path "$1")")
    if [ -n "$want" ] && [ "$want" != "$have" ]; then
        echo "$2 was written for another $1 model (crc32 $want, now $have): make firmware-golden" >&2
        return
    fi
    grep '^ids:' "$2"
}

# fw_live_reference MODEL: true when MODEL's streams come from the host build at test
# time: stories260K, which is never committed. The committed models are held to their
# committed golden files: a missing one is a failure, not a fallback.
fw_live_reference() {
    [ "$1" = stories260K ]
}
