#!/usr/bin/env bash
# tests/train/run.sh [SHARED] - the trainer: gradients, determinism, resuming, bad input, the engine's agreement.
#
# A short training run on a slice of Tiny Shakespeare (SHARED/data), with the trainer and
# eval as `make` builds them, then again built with ASan+UBSan:
#   - the backward pass matches finite differences
#   - the loss falls
#   - the same seed gives a byte-identical model, with 1 or 2 threads, and a run
#     stopped and resumed from its checkpoint gives the same bytes as one that was not
#   - the integer engine (eval) loads the exported model and its bits per char is within
#     0.5% of the trainer's own figure (they agree to about 4 digits)
#   - bad input (missing, empty or out-of-vocabulary corpus, corrupt, truncated or
#     foreign checkpoint) fails with a clear message and overwrites nothing
# Skipped, saying so, without SHARED's corpus. Ends with `train: N passed, M failed[, K skipped]`.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
suite train "${1:-}"
CORPUS_FULL=$SHARED/data/tinyshakespeare.txt
if [ ! -r "$CORPUS_FULL" ]; then
    skip "the trainer suite" "$CORPUS_FULL is absent"
    finish
fi
check "build train and eval" make -s build/train build/eval
# shellcheck disable=SC2086
check "build train and eval with ASan+UBSan" bash -c "gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o $B/train_asan examples/train.c -lm -pthread &&
    gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o $B/eval_asan examples/eval.c -lm"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# expect_error NAME PATTERN COMMAND...: exits non-zero, stderr matches PATTERN
expect_error() {
    local name=$1 pat=$2; shift 2
    "$@" >"$W/err.out" 2>"$W/err.txt"
    local rc=$?
    if [ $rc -ne 0 ] && grep -q -- "$pat" "$W/err.txt"; then pass "$name"
    else fail "$name (exit $rc): $(head -c 300 "$W/err.txt")"; fi
}
# is NAME COMMAND...: the command's exit status decides
is() {
    local name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# all the checks with one build of the trainer and of eval; T prefixes the check names
run_checks() {
    local T=$1 TRAIN=$2 EVAL=$3
    rm -rf "${W:?}"/*
    # 150,000 bytes: 135,000 train, 15,000 validation
    head -c 150000 "$CORPUS_FULL" >"$W/corpus.txt"
    SHAPE="--dim 32 --hidden 64 --layers 2 --heads 2 --kv-heads 1 --ctx 32 --act relu2 --gated 1"
    SCHED="--batch 8 --steps 200 --lr 5e-3 --warmup 20 --eval-every 100 --eval-chars 4096 --log-every 10 --engine-frac 0.2"

    # 1. gradients
    is "${T}backward pass matches finite differences" \
        "$TRAIN" -i "$W/corpus.txt" --check-grad --dim 16 --hidden 24 --layers 2 --heads 4 --kv-heads 2 \
            --ctx 8 --batch 2 --act silu --gated 1

    # 2. a short run
    "$TRAIN" -i "$W/corpus.txt" -o "$W/a.elm" $SHAPE $SCHED --seed 7 --csv "$W/a.csv" >"$W/a.out" 2>"$W/a.log"
    is "${T}short training run succeeds" test $? -eq 0 -a -s "$W/a.elm" -a -s "$W/a.csv"
    first=$(awk -F, 'NR == 2 { print $3 }' "$W/a.csv")
    last=$(awk -F, 'END { print $3 }' "$W/a.csv")
    is "${T}loss falls (first $first, last $last)" awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 0.8) }'

    # 3. determinism
    "$TRAIN" -i "$W/corpus.txt" -o "$W/b.elm" $SHAPE $SCHED --seed 7 >/dev/null 2>&1
    is "${T}same seed: byte-identical model" cmp -s "$W/a.elm" "$W/b.elm"
    "$TRAIN" -i "$W/corpus.txt" -o "$W/c.elm" $SHAPE $SCHED --seed 7 --threads 2 >/dev/null 2>&1
    is "${T}2 threads: byte-identical model" cmp -s "$W/a.elm" "$W/c.elm"
    "$TRAIN" -i "$W/corpus.txt" -o "$W/d.elm" $SHAPE $SCHED --seed 7 --ckpt "$W/d.ckpt" --stop-after 90 >/dev/null 2>&1
    is "${T}stop after 90 steps writes a checkpoint, no model" test -s "$W/d.ckpt" -a ! -e "$W/d.elm"
    "$TRAIN" -i "$W/corpus.txt" -o "$W/d.elm" --ckpt "$W/d.ckpt" --resume >/dev/null 2>&1
    is "${T}stopped and resumed: byte-identical model" cmp -s "$W/a.elm" "$W/d.elm"
    "$TRAIN" -i "$W/corpus.txt" -o "$W/e.elm" $SHAPE $SCHED --seed 8 >/dev/null 2>&1
    is "${T}another seed: a different model" bash -c "! cmp -s '$W/a.elm' '$W/e.elm'"

    # 4. the integer engine agrees with the trainer
    tv=$(awk '/^val_bits_per_char:/ { print $2 }' "$W/a.out")
    ev=$("$EVAL" -m "$W/a.elm" --text "$W/corpus.txt" --offset 135000 2>"$W/eval.err" | awk '/^bits_per_char:/ { print $2 }')
    is "${T}engine loads and evaluates the model (trainer $tv, engine ${ev:-none} bits/char)" test -n "$ev"
    is "${T}engine within 0.5% of the trainer" awk -v a="$tv" -v b="$ev" \
        'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= 0.005 * a) }'

    # 5. bad input: clear errors, nothing overwritten
    echo "keep" >"$W/keep.elm"
    expect_error "${T}missing corpus" "cannot open corpus" "$TRAIN" -i "$W/nonexistent.txt" -o "$W/keep.elm"
    : >"$W/empty.txt"
    expect_error "${T}empty corpus" "is empty" "$TRAIN" -i "$W/empty.txt" -o "$W/keep.elm"
    { head -c 9000 "$W/corpus.txt"; printf 'caf\xc3\xa9'; } >"$W/oov.txt"   # the last 10% holds bytes never seen in training
    expect_error "${T}validation byte outside the vocabulary" "not in the vocabulary" "$TRAIN" -i "$W/oov.txt" -o "$W/keep.elm" $SHAPE
    head -c 3000 "$W/corpus.txt" >"$W/small.txt"
    expect_error "${T}corpus shorter than the context" "too short" "$TRAIN" -i "$W/small.txt" -o "$W/keep.elm" --ctx 4000
    cp "$W/d.ckpt" "$W/bad.ckpt"
    printf '\x55' | dd of="$W/bad.ckpt" bs=1 seek=5000 conv=notrunc status=none
    cp "$W/bad.ckpt" "$W/bad.before"
    expect_error "${T}corrupt checkpoint" "corrupt" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/bad.ckpt" --resume
    is "${T}corrupt checkpoint left as it was" cmp -s "$W/bad.ckpt" "$W/bad.before"
    head -c 3000 "$W/d.ckpt" >"$W/short.ckpt"
    expect_error "${T}truncated checkpoint" "corrupt" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/short.ckpt" --resume
    printf 'not a checkpoint at all' >"$W/junk.ckpt"
    expect_error "${T}not a checkpoint" "bad magic" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/junk.ckpt" --resume
    head -c 140000 "$CORPUS_FULL" >"$W/other.txt"
    expect_error "${T}checkpoint from another corpus" "different corpus" "$TRAIN" -i "$W/other.txt" -o "$W/keep.elm" --ckpt "$W/d.ckpt" --resume
    expect_error "${T}bad option value" "bad value for --steps" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --steps x
    is "${T}no failed run touched the existing model file" test "$(cat "$W/keep.elm")" = keep
    is "${T}no temporary files left behind" bash -c "! ls '$W'/*.tmp >/dev/null 2>&1"
}
run_checks "" "$B/train" "$B/eval"
run_checks "ASan+UBSan: " "$B/train_asan" "$B/eval_asan"
finish
