#!/usr/bin/env bash
# make bench: decode and prefill tokens/s (median of 5 runs, one thread), instructions per
# token from callgrind (exact), peak RSS; writes the performance table into README.md.
set -eu
cd "$(dirname "$0")/.."
B=build
SHARED=${EDGELLM_SHARED:-../shared}
mkdir -p $B
command -v valgrind >/dev/null || { echo "bench: installing valgrind"; apt-get install -y --no-install-recommends valgrind >/dev/null; }
gcc -std=c11 -O2 -o $B/bench_o2 examples/bench.c -lm
gcc -std=c11 -O3 -mavx2 -o $B/bench_avx2 examples/bench.c -lm
models=()
for m in examples/models/default.elm examples/models/zybo.elm; do [ -f "$m" ] && models+=("$m"); done
if [ -r "$SHARED/models/stories260K.bin" ]; then
    make -s $B/convert
    $B/convert --weights int8 "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" $B/stories260K_int8.elm 2>/dev/null
    models+=($B/stories260K_int8.elm)
else
    echo "bench: ../shared is absent; stories260K skipped"
fi
synth=(synthetic:t2 synthetic:t1 synthetic:i8)
models+=("${synth[@]}")
have_avx2=0; grep -q avx2 /proc/cpuinfo && have_avx2=1
# the three synthetic shapes run interleaved in one process per build, so that their ratios
# come from the same stretch of time on a shared machine
s_o2=$($B/bench_o2 -r 5 -n 256 "${synth[@]}")
s_o3=""
[ $have_avx2 = 1 ] && s_o3=$($B/bench_avx2 -r 5 -n 256 "${synth[@]}")
rows=""
declare -A dec2 dec3
for m in "${models[@]}"; do
    case "$m" in *stories260K*) n=512 ;; synthetic:*) n=256 ;; *) n=0 ;; esac
    case "$m" in
    synthetic:*)
        o2=$(echo "$s_o2" | grep "bench: $m ")
        # peak RSS from a process of its own
        rss=$($B/bench_o2 -r 1 -n $n "$m" | sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/')
        ;;
    *)
        o2=$($B/bench_o2 -r 5 -n $n "$m")
        rss=$(echo "$o2" | sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/')
        ;;
    esac
    d2=$(echo "$o2" | sed -E 's/.*decode_tok_s=([0-9]+).*/\1/'); p2=$(echo "$o2" | sed -E 's/.*prefill_tok_s=([0-9]+).*/\1/')
    steps=$(echo "$o2" | sed -E 's/.*steps=([0-9]+).*/\1/')
    d3=-; p3=-
    if [ $have_avx2 = 1 ]; then
        case "$m" in synthetic:*) o3=$(echo "$s_o3" | grep "bench: $m ") ;; *) o3=$($B/bench_avx2 -r 5 -n $n "$m") ;; esac
        d3=$(echo "$o3" | sed -E 's/.*decode_tok_s=([0-9]+).*/\1/'); p3=$(echo "$o3" | sed -E 's/.*prefill_tok_s=([0-9]+).*/\1/')
    fi
    # instructions per decoded token: one pass minus a pass of 1 step (loading, setup)
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -nE 's/.*refs: +([0-9,]+).*/\1/p' | tr -d ,; }
    full=$(ir $B/bench_o2 --once -n $steps "$m"); one=$(ir $B/bench_o2 --once -n 2 "$m")
    ipt=$(( (full - one) / (steps - 2) ))
    echo "$(basename "$m"): steps $steps, decode $d2 tok/s (-O2), $d3 tok/s (-O3 -mavx2), prefill $p2 / $p3, $ipt instructions/token, peak RSS $rss KB"
    rows+="| $(basename "$m") | $steps | $d2 | $d3 | $p2 | $p3 | $ipt | $rss |"$'\n'
    dec2[$m]=$d2; dec3[$m]=$d3
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }
ratios="Synthetic shape, the three weight types interleaved in one run per build: decode 2-bit / INT8 =
$(ratio "${dec2[synthetic:t2]}" "${dec2[synthetic:i8]}") (-O2), $(ratio "${dec3[synthetic:t2]}" "${dec3[synthetic:i8]}") (-O3 -mavx2); 1.6-bit / INT8 = $(ratio "${dec2[synthetic:t1]}" "${dec2[synthetic:i8]}") (-O2), $(ratio "${dec3[synthetic:t1]}" "${dec3[synthetic:i8]}") (-O3 -mavx2)."
echo "bench: $ratios" | tr '\n' ' '; echo
table="Measured by \`make bench\` on $(nproc) cores of $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), one thread,
median of 5 runs, $(date -u +%Y-%m-%d). Instructions per token are callgrind counts of the -O2 build
(exact; the shared machine makes times noisy).

| model | steps | decode tok/s -O2 | decode tok/s -O3 -mavx2 | prefill tok/s -O2 | prefill tok/s -O3 -mavx2 | instructions/token (-O2) | peak RSS KB |
|---|---|---|---|---|---|---|---|
$rows
$ratios"
awk -v t="$table" 'BEGIN { p = 1 } /<!-- bench:begin -->/ { print; print t; p = 0; next } /<!-- bench:end -->/ { p = 1 } p' \
    README.md >README.md.tmp && mv README.md.tmp README.md
echo "bench: README.md performance table updated"
