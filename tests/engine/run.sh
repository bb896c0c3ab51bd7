#!/usr/bin/env bash
# tests/engine/run.sh [SHARED] - the engine: edgellm.h compiled every way, its unit tests, and every build's logits equal.
#
#   compile   C99 and C++11, gcc and clang, -Werror, every configuration macro and the AVX2 build
#   free      the implementation links with -nostdlib -mgeneral-regs-only (no libc, no float)
#   build     the host tools (make), and the portable build (make ARCH=)
#   unit      test_engine.c: arithmetic, kernels, sampler, the attention and q16 seams (plain, ASan+UBSan, the scalar-core
#             loops, the AVX2 forms where the CPU has AVX2); with SHARED, stories260K's
#             tokenizer golden file and pinned arena size
#   streams   every step's argmax and logits CRC over whole contexts of the synthetic shapes,
#             the committed models and stories260K (both KV caches): the scalar-core, AVX2,
#             default `make` and portable `make ARCH=` builds equal to the reference build
#             (EDGELLM_NO_SIMD)
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
suite engine "${1:-}"
bash tests/deps.sh gcc g++ clang clang++ make >/dev/null || fail "tools: $(bash tests/deps.sh gcc g++ clang clang++ make)"
HAVE_AVX2=0
grep -q avx2 /proc/cpuinfo 2>/dev/null && HAVE_AVX2=1
E=tests/engine

# --- compile: every configuration, C and C++, both compilers ---------------------------
printf '#define EDGELLM_IMPLEMENTATION\n#include "edgellm.h"\nint main(void) { return edgellm_result_string(0)[0] == 0; }\n' >"$B/compile_check.c"
configs=("" "-DEDGELLM_API=static -DEDGELLM_NO_STRINGS -Wno-unused-function" "-DEDGELLM_NO_SIMD" "-DEDGELLM_SCALAR_CORE"
    "-mavx2" "-mavx2 -DEDGELLM_SCALAR_CORE" "-DEDGELLM_NO_LUT" "-DEDGELLM_SCALAR_CORE -DEDGELLM_NO_LUT"
    "-DEDGELLM_PROFILE(part)=(void)(part)")
for cc in gcc clang; do
    cxx=g++
    [ $cc = clang ] && cxx=clang++
    for cfg in "${configs[@]}"; do
        # shellcheck disable=SC2086
        check "c99 $cc ${cfg:-(default)}" $cc -std=c99 $WARN $cfg -O2 -I. -c "$B/compile_check.c" -o /dev/null
        # shellcheck disable=SC2086
        check "c++11 $cxx ${cfg:-(default)}" $cxx -x c++ -std=c++11 $WARN $cfg -O2 -I. -c "$B/compile_check.c" -o /dev/null
    done
done

# --- freestanding: no libc, no libgcc, no floating point -----------------------------------
for cc in gcc clang; do
    check "freestanding $cc" bash -c "$cc -std=c99 -O2 -ffreestanding -nostdlib -mgeneral-regs-only $WARN -c $E/freestanding.c -o $B/fs_$cc.o \
        && test -z \"\$(nm -u $B/fs_$cc.o)\" && $cc -nostdlib -static -o $B/fs_$cc.elf $B/fs_$cc.o"
done

# --- the host tools: the default build and the portable one -----------------------------
check "make (host tools and bench, $(make -s print-CFLAGS))" make -s all build/bench
check "make ARCH= (the portable build)" make -s ARCH= BUILD=build/portable build/portable/bench build/portable/generate

# --- unit tests -----------------------------------------------------------------------------
args=()
if [ $HAVE_SHARED = 1 ]; then
    S260=$(s260) || fail "convert stories260K"
    args=("${S260:-none}" "$SHARED/golden/stories260K_tokenize.tsv")
fi
check "build test_engine" gcc -std=c11 -O2 $WARN -o "$B/test_engine" $E/test_engine.c -lm
check "test_engine" "$B/test_engine" "${args[@]}"
# shellcheck disable=SC2086
check "build test_engine ASan+UBSan" gcc -std=c11 -O1 -g $SAN $WARN -o "$B/test_engine_asan" $E/test_engine.c -lm
check "test_engine ASan+UBSan" "$B/test_engine_asan" "${args[@]}"
# the scalar cores' loops (the default on RISC-V, Cortex-M, ...) on this machine
# shellcheck disable=SC2086
check "build test_engine scalar-core ASan+UBSan" gcc -std=c11 -O1 -g $SAN -DEDGELLM_SCALAR_CORE $WARN -o "$B/test_engine_sc" $E/test_engine.c -lm
check "test_engine scalar-core ASan+UBSan" "$B/test_engine_sc" "${args[@]}"
if [ $HAVE_AVX2 = 1 ]; then
    # the AVX2 forms against the reference loops on random and extreme inputs
    check "build test_engine AVX2" gcc -std=c11 -O2 -mavx2 $WARN -o "$B/test_engine_avx2" $E/test_engine.c -lm
    check "test_engine AVX2" "$B/test_engine_avx2" "${args[@]}"
    # shellcheck disable=SC2086
    check "build test_engine AVX2 ASan+UBSan" gcc -std=c11 -O1 -g $SAN -mavx2 $WARN -o "$B/test_engine_avx2_asan" $E/test_engine.c -lm
    check "test_engine AVX2 ASan+UBSan" "$B/test_engine_avx2_asan" "${args[@]}"
else
    skip "test_engine AVX2" "this CPU has no AVX2"
fi

# --- streams: every build gives the reference build's logits ----------------------------------
check "build bench reference (EDGELLM_NO_SIMD)" gcc -std=c11 -O3 -DEDGELLM_NO_SIMD -o "$B/bench_ref" examples/bench.c -lm
check "build bench scalar-core" gcc -std=c11 -O2 -DEDGELLM_SCALAR_CORE -o "$B/bench_scalar_core" examples/bench.c -lm
builds="bench_scalar_core bench portable/bench"
if [ $HAVE_AVX2 = 1 ]; then
    check "build bench AVX2" gcc -std=c11 -O3 -mavx2 -o "$B/bench_avx2" examples/bench.c -lm
    builds="$builds bench_avx2"
else
    skip "streams of the AVX2 build" "this CPU has no AVX2"
fi
models="synthetic:t2:48 synthetic:t1:48 synthetic:i8:256 examples/models/default.elm:128 examples/models/zybo.elm:128"
if [ $HAVE_SHARED = 1 ]; then
    S260K8=$(s260 --kv 8) || fail "convert stories260K --kv 8"
    models="$models ${S260:-none}:512 ${S260K8:-none}:512"
else
    skip "streams of stories260K" "$SHARED holds no stories260K model"
fi
same_streams() {   # same_streams BUILD MODEL STEPS: BUILD's steps equal the reference build's
    local a b
    a=$("$B/$1" --once --ids -n "$3" "$2") && b=$("$B/bench_ref" --once --ids -n "$3" "$2") && [ -n "$a" ] &&
        { [ "$a" = "$b" ] || { echo "FAIL $1 differs from the reference build: $(cmp <(echo "$a") <(echo "$b"))"; false; }; }
}
for em in $models; do
    for b in $builds; do
        check "$b equals the reference: $(basename "${em%:*}")" same_streams "$b" "${em%:*}" "${em##*:}"
    done
done
finish
