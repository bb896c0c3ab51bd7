#!/usr/bin/env bash
# make bench: decode and prefill tokens/s (median of RUNS runs, one thread) of the default
# `make` build and of the portable one (`make ARCH=`), instructions per token from
# callgrind (exact) of the portable build, peak RSS; writes the performance table into
# README.md. RUNS is 15: a zybo.elm run of 128 tokens lasts about a millisecond, so
# on a shared machine a few runs out of five can land in another job's time slice.
set -eu
RUNS=15
cd "$(dirname "$0")/.."
LOAD0=$(cut -d' ' -f1 /proc/loadavg)
B=build
SHARED=${EDGELLM_SHARED:-../shared}
mkdir -p $B
bash tests/deps.sh valgrind
make -s $B/bench $B/convert
make -s ARCH= BUILD=$B/portable $B/portable/bench
DEF=$B/bench
PORT=$B/portable/bench
CFLAGS_DEF=$(make -s print-CFLAGS)
CFLAGS_PORT=$(make -s ARCH= print-CFLAGS)
models=()
for m in examples/models/default.elm examples/models/zybo.elm; do [ -f "$m" ] && models+=("$m"); done
if [ -r "$SHARED/models/stories260K.bin" ]; then
    $B/convert --weights int8 "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" $B/stories260K_int8.elm 2>/dev/null
    models+=($B/stories260K_int8.elm)
else
    echo "bench: ../shared is absent; stories260K skipped"
fi
synth=(synthetic:t2 synthetic:t1 synthetic:i8)
models+=("${synth[@]}")
# the three synthetic shapes run interleaved in one process per build, so that their ratios
# come from the same stretch of time on a shared machine
s_port=$($PORT -r $RUNS -n 256 "${synth[@]}")
s_def=$($DEF -r $RUNS -n 256 "${synth[@]}")
rows=""
declare -A dec_port dec_def
for m in "${models[@]}"; do
    case "$m" in *stories260K*) n=512 ;; synthetic:*) n=256 ;; *) n=0 ;; esac
    case "$m" in
    synthetic:*)
        out_port=$(echo "$s_port" | grep "bench: $m ")
        # peak RSS from a process of its own
        rss=$($PORT -r 1 -n $n "$m" | sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/')
        ;;
    *)
        out_port=$($PORT -r $RUNS -n $n "$m")
        rss=$(echo "$out_port" | sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/')
        ;;
    esac
    d_port=$(echo "$out_port" | sed -E 's/.*decode_tok_s=([0-9]+).*/\1/'); p_port=$(echo "$out_port" | sed -E 's/.*prefill_tok_s=([0-9]+).*/\1/')
    steps=$(echo "$out_port" | sed -E 's/.*steps=([0-9]+).*/\1/')
    case "$m" in synthetic:*) out_def=$(echo "$s_def" | grep "bench: $m ") ;; *) out_def=$($DEF -r $RUNS -n $n "$m") ;; esac
    d_def=$(echo "$out_def" | sed -E 's/.*decode_tok_s=([0-9]+).*/\1/'); p_def=$(echo "$out_def" | sed -E 's/.*prefill_tok_s=([0-9]+).*/\1/')
    # instructions per decoded token: one pass minus a pass of 1 step (loading, setup)
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -nE 's/.*refs: +([0-9,]+).*/\1/p' | tr -d ,; }
    full=$(ir $PORT --once -n $steps "$m"); one=$(ir $PORT --once -n 2 "$m")
    ipt=$(( (full - one) / (steps - 2) ))
    echo "$(basename "$m"): steps $steps, decode $d_def tok/s (make), $d_port tok/s (portable), prefill $p_def / $p_port, $ipt instructions/token, peak RSS $rss KB"
    rows+="| $(basename "$m") | $steps | $d_def | $d_port | $p_def | $p_port | $ipt | $rss |"$'\n'
    dec_port[$m]=$d_port; dec_def[$m]=$d_def
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }
ratios="Synthetic shape, the three weight types interleaved in one run per build: decode 2-bit / INT8 =
$(ratio "${dec_def[synthetic:t2]}" "${dec_def[synthetic:i8]}") (make), $(ratio "${dec_port[synthetic:t2]}" "${dec_port[synthetic:i8]}") (portable); 1.6-bit / INT8 = $(ratio "${dec_def[synthetic:t1]}" "${dec_def[synthetic:i8]}") (make), $(ratio "${dec_port[synthetic:t1]}" "${dec_port[synthetic:i8]}") (portable)."
echo "bench: $ratios" | tr '\n' ' '; echo
table="Measured by \`make bench\` on $(nproc) cores of $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), one thread,
median of $RUNS runs, $(date -u +%Y-%m-%d), load average $LOAD0 when it started. Two builds of
the same C: \`make\` ($CFLAGS_DEF)
and the portable \`make ARCH=\` ($CFLAGS_PORT; on x86-64 without the AVX2 forms).
Instructions per token are callgrind counts of the portable build (exact; the shared
machine makes times noisy).

| model | steps | decode tok/s make | decode tok/s portable | prefill tok/s make | prefill tok/s portable | instructions/token (portable) | peak RSS KB |
|---|---|---|---|---|---|---|---|
$rows
$ratios"
awk -v t="$table" 'BEGIN { p = 1 } /<!-- bench:begin -->/ { print; print t; p = 0; next } /<!-- bench:end -->/ { p = 1 } p' \
    README.md >README.md.tmp && mv README.md.tmp README.md
echo "bench: README.md performance table updated"
