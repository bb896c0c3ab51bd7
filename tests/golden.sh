#!/usr/bin/env bash
# golden.sh MODEL SHARED EVAL GENERATE: stories260K INT8 against llama2.c's float reference.
# Asserts top-1 agreement >= 97%, mean KL <= 0.005 nats over the 346 positions, and that
# greedy generation from BOS reproduces the reference's first 32 tokens.
set -u
model=$1 shared=$2 eval=$3 gen=$4
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
out=$("$eval" -m "$model" --ids "$shared/golden/stories260K_bos.ids.txt" --logits "$shared/golden/stories260K_bos.logits.f32")
echo "$out"
pos=$(echo "$out" | awk '/^positions:/ {print $2}')
top1=$(echo "$out" | awk '/^top1_agreement:/ {sub("%", "", $2); print $2}')
kl=$(echo "$out" | awk '/^mean_kl:/ {print $2}')
check "346 positions (got $pos)" '[ "$pos" = 346 ]'
check "top-1 agreement $top1% >= 97%" 'awk -v v="$top1" "BEGIN { exit !(v >= 97) }"'
check "mean KL $kl <= 0.005" 'awk -v v="$kl" "BEGIN { exit !(v <= 0.005) }"'
ours=$("$gen" -m "$model" -t 0 -n 512 --ids 2>/dev/null | sed 's/^ids: //' | tr ' ' '\n' | head -n 32 | tr '\n' ' ')
ref=$(grep '^ids:' "$shared/golden/stories260K_bos.ids.txt" | sed 's/^ids: //' | tr ' ' '\n' | head -n 32 | tr '\n' ' ')
check "greedy first 32 tokens identical" '[ -n "$ours" ] && [ "$ours" = "$ref" ]'
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
