#!/usr/bin/env bash
# Trainer checks: a short training run on a slice of Tiny Shakespeare.
#   - the backward pass matches finite differences
#   - the loss falls
#   - the same seed gives a byte-identical model, with 1 or 2 threads, and a run
#     stopped and resumed from its checkpoint gives the same bytes as one that was not
#   - the integer engine (build/eval) loads the exported model and its bits per char
#     is within 3% of the trainer's own figure
#   - bad input (missing, empty or out-of-vocabulary corpus, corrupt, truncated or
#     foreign checkpoint) fails with a clear message and overwrites nothing
# usage: tests/train/run.sh [SHARED_DIR]   (default: ../shared next to the repository)
#        TRAIN_BIN=... EVAL_BIN=... tests/train/run.sh   (other builds of build/train, build/eval)
# Prints "train: N passed, M failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SHARED=${1:-$ROOT/../shared}
CORPUS_FULL=$SHARED/data/tinyshakespeare.txt
if [ ! -r "$CORPUS_FULL" ]; then
    echo "train tests skipped: $CORPUS_FULL is absent (../shared is needed)"
    exit 0
fi
# TRAIN_BIN and EVAL_BIN name other builds of the two tools (tests/run.sh passes ASan+UBSan ones)
if [ -z "${TRAIN_BIN:-}" ] || [ -z "${EVAL_BIN:-}" ]; then
    make -s build/train build/eval >/dev/null || { echo "train: 0 passed, 1 failed (build)"; exit 1; }
fi
TRAIN=${TRAIN_BIN:-$ROOT/build/train}
EVAL=${EVAL_BIN:-$ROOT/build/eval}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

PASS=0
FAIL=0
check() { # check NAME COMMAND...: the command's exit status decides
    local name=$1; shift
    if "$@"; then PASS=$((PASS + 1)); echo "ok   $name"
    else FAIL=$((FAIL + 1)); echo "FAIL $name"; fi
}
# expect_error NAME PATTERN COMMAND...: exits non-zero, stderr matches PATTERN
expect_error() {
    local name=$1 pat=$2; shift 2
    "$@" >"$W/err.out" 2>"$W/err.txt"
    local rc=$?
    if [ $rc -ne 0 ] && grep -q -- "$pat" "$W/err.txt"; then PASS=$((PASS + 1)); echo "ok   $name"
    else FAIL=$((FAIL + 1)); echo "FAIL $name (exit $rc): $(head -c 300 "$W/err.txt")"; fi
}

# 150,000 bytes: 135,000 train, 15,000 validation
head -c 150000 "$CORPUS_FULL" >"$W/corpus.txt"
SHAPE="--dim 32 --hidden 64 --layers 2 --heads 2 --kv-heads 1 --ctx 32 --act relu2 --gated 1"
SCHED="--batch 8 --steps 200 --lr 5e-3 --warmup 20 --eval-every 100 --eval-chars 4096 --log-every 10 --engine-frac 0.2"

# 1. gradients
check "backward pass matches finite differences" \
    "$TRAIN" -i "$W/corpus.txt" --check-grad --dim 16 --hidden 24 --layers 2 --heads 4 --kv-heads 2 \
        --ctx 8 --batch 2 --act silu --gated 1

# 2. a short run
"$TRAIN" -i "$W/corpus.txt" -o "$W/a.elm" $SHAPE $SCHED --seed 7 --csv "$W/a.csv" >"$W/a.out" 2>"$W/a.log"
check "short training run succeeds" test $? -eq 0 -a -s "$W/a.elm" -a -s "$W/a.csv"
first=$(awk -F, 'NR == 2 { print $3 }' "$W/a.csv")
last=$(awk -F, 'END { print $3 }' "$W/a.csv")
check "loss falls (first $first, last $last)" awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 0.8) }'

# 3. determinism
"$TRAIN" -i "$W/corpus.txt" -o "$W/b.elm" $SHAPE $SCHED --seed 7 >/dev/null 2>&1
check "same seed: byte-identical model" cmp -s "$W/a.elm" "$W/b.elm"
"$TRAIN" -i "$W/corpus.txt" -o "$W/c.elm" $SHAPE $SCHED --seed 7 --threads 2 >/dev/null 2>&1
check "2 threads: byte-identical model" cmp -s "$W/a.elm" "$W/c.elm"
"$TRAIN" -i "$W/corpus.txt" -o "$W/d.elm" $SHAPE $SCHED --seed 7 --ckpt "$W/d.ckpt" --stop-after 90 >/dev/null 2>&1
check "stop after 90 steps writes a checkpoint, no model" test -s "$W/d.ckpt" -a ! -e "$W/d.elm"
"$TRAIN" -i "$W/corpus.txt" -o "$W/d.elm" --ckpt "$W/d.ckpt" --resume >/dev/null 2>&1
check "stopped and resumed: byte-identical model" cmp -s "$W/a.elm" "$W/d.elm"
"$TRAIN" -i "$W/corpus.txt" -o "$W/e.elm" $SHAPE $SCHED --seed 8 >/dev/null 2>&1
check "another seed: a different model" bash -c "! cmp -s '$W/a.elm' '$W/e.elm'"

# 4. the integer engine agrees with the trainer
tv=$(awk '/^val_bits_per_char:/ { print $2 }' "$W/a.out")
ev=$("$EVAL" -m "$W/a.elm" --text "$W/corpus.txt" --offset 135000 2>"$W/eval.err" | awk '/^bits_per_char:/ { print $2 }')
check "engine loads and evaluates the model (trainer $tv, engine ${ev:-none} bits/char)" test -n "$ev"
check "engine within 3% of the trainer" awk -v a="$tv" -v b="$ev" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= 0.03 * a) }'

# 5. bad input: clear errors, nothing overwritten
echo "keep" >"$W/keep.elm"
expect_error "missing corpus" "cannot open corpus" "$TRAIN" -i "$W/nonexistent.txt" -o "$W/keep.elm"
: >"$W/empty.txt"
expect_error "empty corpus" "is empty" "$TRAIN" -i "$W/empty.txt" -o "$W/keep.elm"
{ head -c 9000 "$W/corpus.txt"; printf 'caf\xc3\xa9'; } >"$W/oov.txt"   # the last 10% holds bytes never seen in training
expect_error "validation byte outside the vocabulary" "not in the vocabulary" "$TRAIN" -i "$W/oov.txt" -o "$W/keep.elm" $SHAPE
head -c 3000 "$W/corpus.txt" >"$W/small.txt"
expect_error "corpus shorter than the context" "too short" "$TRAIN" -i "$W/small.txt" -o "$W/keep.elm" --ctx 4000
cp "$W/d.ckpt" "$W/bad.ckpt"
printf '\x55' | dd of="$W/bad.ckpt" bs=1 seek=5000 conv=notrunc status=none
cp "$W/bad.ckpt" "$W/bad.before"
expect_error "corrupt checkpoint" "corrupt" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/bad.ckpt" --resume
check "corrupt checkpoint left as it was" cmp -s "$W/bad.ckpt" "$W/bad.before"
head -c 3000 "$W/d.ckpt" >"$W/short.ckpt"
expect_error "truncated checkpoint" "corrupt" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/short.ckpt" --resume
printf 'not a checkpoint at all' >"$W/junk.ckpt"
expect_error "not a checkpoint" "bad magic" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --ckpt "$W/junk.ckpt" --resume
head -c 140000 "$CORPUS_FULL" >"$W/other.txt"
expect_error "checkpoint from another corpus" "different corpus" "$TRAIN" -i "$W/other.txt" -o "$W/keep.elm" --ckpt "$W/d.ckpt" --resume
expect_error "bad option value" "bad value for --steps" "$TRAIN" -i "$W/corpus.txt" -o "$W/keep.elm" --steps x
check "no failed run touched the existing model file" test "$(cat "$W/keep.elm")" = keep
check "no temporary files left behind" bash -c "! ls '$W'/*.tmp >/dev/null 2>&1"

echo "train: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
