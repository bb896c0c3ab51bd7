#!/usr/bin/env bash
# tests/badinput/run.sh [SHARED] - hostile model files and API edges, and the host tools on bad input under ASan+UBSan.
#
#   test_badinput    tests/badinput/test_badinput.c, plainly and with ASan+UBSan, with SHARED as
#                    its MODEL_DIR (stories260K's truncation, bit-flip and mutation pass)
#   host tools       generate, eval and convert built with ASan+UBSan (leak checking on) on
#                    missing, truncated, corrupt and foreign files and bad options: the exact
#                    exit status and message of each case, no sanitizer report; and on
#                    MUTANTS mutated model files (default 150): a file the loader refuses
#                    gives exit status 1 and `TOOL: FILE: <the result's text>`, one it
#                    accepts runs; never a sanitizer report or a leak
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
suite badinput "${1:-}"
T=tests/badinput/test_badinput.c
MUTANTS=${MUTANTS:-150}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0

check "build test_badinput" gcc -std=c11 -O2 -Wall -Wextra -o "$B/test_badinput" $T -lm
# shellcheck disable=SC2086
check "build test_badinput ASan+UBSan" gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o "$B/test_badinput_asan" $T -lm
dir=()
if [ $HAVE_SHARED = 1 ]; then dir=("$SHARED"); fi
check "test_badinput" "$B/test_badinput" "${dir[@]}"
check "test_badinput ASan+UBSan" "$B/test_badinput_asan" "${dir[@]}"

# --- the host tools under ASan+UBSan ------------------------------------------------------
# shellcheck disable=SC2086
check "build generate, eval, convert with ASan+UBSan" bash -c "
    gcc -std=c11 -O1 -g $SAN -Wall -Wextra -DDEFAULT_MODEL_PATH='\"examples/models/default.elm\"' -o $B/generate_asan examples/generate.c &&
    gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o $B/eval_asan examples/eval.c -lm &&
    gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o $B/convert_asan examples/convert.c -lm"
W=$B/badinput
rm -rf "$W"
mkdir -p "$W"

# expect NAME STATUS MESSAGE TOOL ARGS...: TOOL exits with STATUS, its stderr holds the line
# MESSAGE (exactly; empty: anything), and no sanitizer spoke
expect() {
    local name=$1 want=$2 msg=$3 rc
    shift 3
    "$@" >"$W/out" 2>"$W/err"
    rc=$?
    if grep -qE '^(==[0-9]+==|SUMMARY: |.*runtime error:)' "$W/err"; then
        fail "$name: a sanitizer report: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$W/err")"
    elif [ "$rc" != "$want" ]; then
        fail "$name: exit status $rc, not $want: $(head -c 300 "$W/err")"
    elif [ -n "$msg" ] && ! grep -qxF -- "$msg" "$W/err"; then
        fail "$name: stderr has no line '$msg': $(head -c 300 "$W/err")"
    else
        pass "$name"
    fi
}
G=$B/generate_asan
V=$B/eval_asan
C=$B/convert_asan
Z=examples/models/zybo.elm
head -c 1000 $Z >"$W/short.elm"
cp $Z "$W/crc.elm" && printf '\x55' | dd of="$W/crc.elm" bs=1 seek=5000 conv=notrunc status=none
printf 'not a model at all, but long enough to be read as a header of one' >"$W/junk.elm"
head -c 20 /dev/zero >"$W/zero20"

expect "generate: no such file" 1 "generate: cannot read $W/none.elm" $G -m "$W/none.elm"
expect "generate: a truncated model" 1 "generate: $W/short.elm: model data shorter than its header says" $G -m "$W/short.elm"
expect "generate: a flipped byte" 1 "generate: $W/crc.elm: model checksum mismatch" $G -m "$W/crc.elm"
expect "generate: not a model" 1 "generate: $W/junk.elm: not an edgellm model (bad magic)" $G -m "$W/junk.elm"
expect "generate: a prompt longer than the context" 1 \
    "generate: prompt: prompt longer than the remaining context (6 tokens, context 4)" $G -m $Z -c 4 -i "ROMEO:"
expect "generate: an unknown option" 2 "" $G -x 1
expect "generate: runs" 0 "" $G -m $Z -n 16 -i "ROMEO:"
expect "generate: the built-in model" 0 "" $G -n 16
expect "generate: --info" 0 "" $G --info -m $Z
expect "eval: no such file" 1 "eval: cannot read $W/none.elm" $V -m "$W/none.elm" --text README.md
expect "eval: a truncated model" 1 "eval: $W/short.elm: model data shorter than its header says" $V -m "$W/short.elm" --text README.md
expect "eval: no such text" 1 "eval: cannot read $W/none.txt" $V -m $Z --text "$W/none.txt"
expect "eval: an offset past the text" 1 "eval: offset 99999999 outside the file ($(wc -c <README.md) bytes)" \
    $V -m $Z --text README.md --offset 99999999
expect "eval: no ids in the ids file" 1 "eval: README.md: no prompt_ids:/ids: lines" $V -m $Z --ids README.md --logits README.md
expect "eval: bits per char" 0 "" $V -m $Z --text tests/firmware/golden/zybo_n128_t0.8_k0_p0.9_s5.txt
expect "convert: no such checkpoint" 1 "convert: cannot read $W/none.bin" $C "$W/none.bin" "$W/none.bin" "$W/out.elm"
expect "convert: a checkpoint shorter than its header" 1 "convert: $W/zero20: too short for a llama2.c header" \
    $C "$W/zero20" "$W/junk.elm" "$W/out.elm"
head -c 28 /dev/zero >"$W/zero28"
expect "convert: an implausible header" 1 "convert: $W/zero28: implausible llama2.c header (0 0 0 0 0 0 0)" \
    $C "$W/zero28" "$W/junk.elm" "$W/out.elm"
printf '\x08\x00\x00\x00\x10\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x0a\x00\x00\x00\x04\x00\x00\x00' >"$W/hdr.bin"
expect "convert: no weights after the header" 1 "convert: $W/hdr.bin: truncated (696 float32 needed, 0 present)" \
    $C "$W/hdr.bin" "$W/junk.elm" "$W/out.elm"
expect "convert: an unknown weight type" 2 "convert: unknown weight type 'int4' (int8, t2 or t1)" $C --weights int4 a b c
expect "convert: --kv 9" 2 "convert: --kv takes 8 or 16" $C --kv 9 a b c
if [ $HAVE_SHARED = 1 ]; then
    expect "convert: not a tokenizer" 1 "convert: $W/zero20: not a llama2.c tokenizer with 512 entries" \
        $C "$SHARED/models/stories260K.bin" "$W/zero20" "$W/out.elm"
    expect "convert: stories260K" 0 "" $C --weights t1 --kv 8 "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" "$W/out.elm"
else
    skip "convert_asan on stories260K" "$SHARED holds no stories260K model"
fi
check "no output file left by a failed conversion" bash -c "! ls '$W'/*.tmp >/dev/null 2>&1"

# mutated models: the loader's result, reported exactly, or a run; never a report or a leak
if check "test_badinput --mutants: $MUTANTS mutated models" "$B/test_badinput" --mutants "$W" "$MUTANTS"; then
    bad=0 ran=0 refused=0
    while IFS=$'\t' read -r f code text; do
        "$G" -m "$f" -n 6 >"$W/out" 2>"$W/err"
        rc=$?
        why=
        if grep -qE '^(==[0-9]+==|SUMMARY: |.*runtime error:)' "$W/err"; then
            why="a sanitizer report: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$W/err")"
        elif [ "$code" = 0 ]; then
            ran=$((ran + 1))
            [ "$rc" = 0 ] || grep -qE '^generate: prompt: ' "$W/err" || why="loads, but generate exits $rc: $(head -c 200 "$W/err")"
        else
            refused=$((refused + 1))
            [ "$rc" = 1 ] && [ "$(cat "$W/err")" = "generate: $f: $text" ] ||
                why="the loader says '$text'; generate exits $rc: $(head -c 200 "$W/err")"
        fi
        k=${f##*/m}
        if [ -z "$why" ] && [ $((10#${k%.elm} % 3)) = 0 ]; then   # a third through eval too
            "$V" -m "$f" --text README.md --length 500 >"$W/out" 2>"$W/err"
            rc=$?
            if grep -qE '^(==[0-9]+==|SUMMARY: |.*runtime error:)' "$W/err"; then
                why="eval: a sanitizer report: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$W/err")"
            elif [ "$code" != 0 ] && { [ "$rc" != 1 ] || [ "$(cat "$W/err")" != "eval: $f: $text" ]; }; then
                why="eval: the loader says '$text'; eval exits $rc: $(head -c 200 "$W/err")"
            fi
        fi
        if [ -n "$why" ]; then
            bad=$((bad + 1))
            echo "FAIL  mutant $f: $why"
        fi
    done <"$W/expect.tsv"
    if [ "$bad" = 0 ]; then pass "generate and eval (ASan+UBSan) on $MUTANTS mutated models: $refused refused exactly, $ran ran"
    else fail "generate and eval (ASan+UBSan) on mutated models: $bad of $MUTANTS not as expected"; fi
fi
finish
