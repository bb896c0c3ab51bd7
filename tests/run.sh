#!/usr/bin/env bash
# The test command: installs what it needs (Debian packages, as root), then runs every
# suite and prints one closing line `tests: N passed, M failed`.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${EDGELLM_SHARED:-$ROOT/../shared}
B=$ROOT/build
LOG=$B/logs
mkdir -p "$LOG"
PASS=0
FAIL=0
SKIP=0

say() { printf '== %s\n' "$*"; }

# --- tools ----------------------------------------------------------------------------
need_pkgs=()
want() { command -v "$1" >/dev/null 2>&1 || need_pkgs+=("$2"); }
want gcc gcc
want g++ g++
want clang clang
want make make
want verilator verilator
want iverilog iverilog
want yosys yosys
want nextpnr-ice40 nextpnr-ice40
want icepack fpga-icestorm
want riscv64-unknown-elf-gcc gcc-riscv64-unknown-elf
want arm-none-eabi-gcc gcc-arm-none-eabi
want qemu-system-riscv32 qemu-system-misc
want qemu-system-arm qemu-system-arm
want valgrind valgrind
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need_pkgs+=(libclang-rt-14-dev)
[ -e /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a ] || need_pkgs+=(gcc-multilib)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    say "installing missing tools: ${need_pkgs[*]}"
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >"$LOG/apt.log" 2>&1
        apt-get install -y --no-install-recommends "${need_pkgs[@]}" >>"$LOG/apt.log" 2>&1 \
            || { echo "apt-get install failed; see $LOG/apt.log"; }
    else
        echo "not root: install these Debian packages first: ${need_pkgs[*]}"
    fi
else
    say "tools present: gcc, g++, clang, Verilator, Icarus, Yosys, nextpnr-ice40, RISC-V and ARM GCC, QEMU, libFuzzer"
fi

# --- helpers ----------------------------------------------------------------------------
# run NAME CMD...: a suite that prints `N passed, M failed` counts as N + M checks;
# otherwise the exit code counts as one check.
run() {
    local name=$1; shift
    local out=$LOG/$name.log
    "$@" >"$out" 2>&1
    local rc=$?
    local line
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    if [ -n "$line" ]; then
        local p f
        p=$(echo " $line" | sed -E 's/.*[^0-9]([0-9]+) passed, ([0-9]+) failed.*/\1/')
        f=$(echo " $line" | sed -E 's/.*[^0-9]([0-9]+) passed, ([0-9]+) failed.*/\2/')
        if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
        PASS=$((PASS + p)); FAIL=$((FAIL + f))
        printf '%-34s %s\n' "$name" "$( [ "$f" = 0 ] && echo ok || echo FAILED ) ($p passed, $f failed)"
    elif [ "$rc" = 0 ]; then
        PASS=$((PASS + 1)); printf '%-34s ok\n' "$name"
    else
        FAIL=$((FAIL + 1)); printf '%-34s FAILED (exit %s)\n' "$name" "$rc"
    fi
    if [ "$rc" != 0 ] || { [ -n "$line" ] && ! echo "$line" | grep -q ' 0 failed'; }; then
        sed -n '1,40p' "$out" | grep -vE '^\s*$' | sed 's/^/    /' | grep -iE 'fail|error|mismatch|assert|differ' | head -20
    fi
}
skip() { SKIP=$((SKIP + 1)); printf '%-34s skipped: %s\n' "$1" "$2"; }

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
WARN="-Wall -Wextra -Wpedantic -Werror"

# --- 1. the header compiles clean as C99 and C++11, gcc and clang, every config macro -----
say "compile matrix"
printf '#define EDGELLM_IMPLEMENTATION\n#include "../edgellm.h"\nint main(void) { return edgellm_result_string(0)[0] == 0; }\n' >"$B/compile_check.c"
printf '#define EDGELLM_IMPLEMENTATION\n#define EDGELLM_API static\n#define EDGELLM_NO_STRINGS\n#include "../edgellm.h"\nint main(void) { return edgellm_result_string(0)[0] != 0; }\n' >"$B/compile_check_cfg.c"
for cc in gcc clang; do
    run "c99-$cc" $cc -std=c99 $WARN -O2 -I"$ROOT" -c "$B/compile_check.c" -o "$B/cc_$cc.o"
    run "c99-$cc-static-nostrings" $cc -std=c99 $WARN -Wno-unused-function -O2 -c "$B/compile_check_cfg.c" -o "$B/cc2_$cc.o"
done
for cxx in g++ clang++; do
    run "cxx11-$cxx" $cxx -x c++ -std=c++11 $WARN -O2 -c "$B/compile_check.c" -o "$B/cx_$cxx.o"
done

# --- 2. freestanding: no libc, no libgcc, no floating point --------------------------------
say "freestanding"
for cc in gcc clang; do
    run "freestanding-$cc" bash -c "$cc -std=c99 -O2 -ffreestanding -nostdlib -mgeneral-regs-only $WARN -c tests/freestanding.c -o $B/fs_$cc.o \
        && test -z \"\$(nm -u $B/fs_$cc.o)\" && $cc -nostdlib -static -o $B/fs_$cc.elf $B/fs_$cc.o"
done

# --- 3. the tools ----------------------------------------------------------------------------
say "build"
run "make-all" make -s all

# --- 4. unit and bad-input suites, plain and under ASan+UBSan -------------------------------
say "unit and bad-input tests"
run "build-test_engine" gcc -std=c11 -O2 -Wall -Wextra -o "$B/test_engine" tests/test_engine.c -lm
run "build-test_engine-asan" gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o "$B/test_engine_asan" tests/test_engine.c -lm
S260=$B/stories260K_int8.elm
HAVE_SHARED=0
if [ -r "$SHARED/models/stories260K.bin" ] && [ -r "$SHARED/golden/stories260K_bos.ids.txt" ]; then
    HAVE_SHARED=1
    run "convert-stories260K-int8" "$B/convert" --weights int8 "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" "$S260"
fi
if [ $HAVE_SHARED = 1 ]; then
    run "test_engine" "$B/test_engine" "$S260" "$SHARED/golden/stories260K_tokenize.tsv"
    run "test_engine-asan" "$B/test_engine_asan" "$S260" "$SHARED/golden/stories260K_tokenize.tsv"
else
    run "test_engine" "$B/test_engine"
    run "test_engine-asan" "$B/test_engine_asan"
    skip "golden-tokenizer+arena" "../shared is absent (stories260K model and golden files)"
fi
# the loops for scalar cores (the default on RISC-V, Cortex-M, ...) on this machine: unit
# checks under ASan+UBSan, and whole streams against the portable build below
run "build-test_engine-scalar-core" gcc -std=c11 -O1 -g $SAN -DEDGELLM_SCALAR_CORE -Wall -Wextra -o "$B/test_engine_scalar_core" tests/test_engine.c -lm
if [ $HAVE_SHARED = 1 ]; then
    run "test_engine-scalar-core" "$B/test_engine_scalar_core" "$S260" "$SHARED/golden/stories260K_tokenize.tsv"
else
    run "test_engine-scalar-core" "$B/test_engine_scalar_core"
fi
# every step's argmax and logits CRC over whole contexts (the attention works in groups of
# positions) of the synthetic shapes, the built-in models and stories260K with both caches:
# the scalar-core build, and the AVX2 build where the CPU has AVX2, equal to the portable one
run "build-bench-portable" gcc -std=c11 -O3 -DEDGELLM_NO_SIMD -o "$B/bench_portable" examples/bench.c -lm
run "build-bench-scalar-core" gcc -std=c11 -O2 -DEDGELLM_SCALAR_CORE -o "$B/bench_scalar_core" examples/bench.c -lm
eq_models="synthetic:t2:48 synthetic:t1:48 synthetic:i8:256"
for m in examples/models/default.elm examples/models/zybo.elm; do [ -f "$m" ] && eq_models="$eq_models $m:128"; done
if [ $HAVE_SHARED = 1 ]; then
    run "convert-stories260K-int8-kv8" "$B/convert" --weights int8 --kv 8 "$SHARED/models/stories260K.bin" "$SHARED/models/tok512.bin" "$B/stories260K_int8_kv8.elm"
    eq_models="$eq_models $S260:512 $B/stories260K_int8_kv8.elm:512"
fi
same_streams() {   # same_streams BUILD MODEL:STEPS: BUILD's streams equal the portable build's
    local m=${2%:*} n=${2##*:} a b
    a=$("$B/$1" --once --ids -n "$n" "$m") && b=$("$B/bench_portable" --once --ids -n "$n" "$m") && [ -n "$a" ] && [ "$a" = "$b" ]
}
for em in $eq_models; do
    run "scalar-core-equals-portable-$(basename "${em%:*}")" same_streams bench_scalar_core "$em"
done
if grep -q avx2 /proc/cpuinfo 2>/dev/null; then
    # the AVX2 kernels must equal the portable ones: the unit checks, and whole streams
    run "build-test_engine-avx2" gcc -std=c11 -O2 -mavx2 -Wall -Wextra -o "$B/test_engine_avx2" tests/test_engine.c -lm
    run "test_engine-avx2" "$B/test_engine_avx2"
    run "build-test_engine-avx2-asan" gcc -std=c11 -O1 -g $SAN -mavx2 -Wall -Wextra -o "$B/test_engine_avx2_asan" tests/test_engine.c -lm
    run "test_engine-avx2-asan" "$B/test_engine_avx2_asan"
    run "build-bench-avx2" gcc -std=c11 -O3 -mavx2 -o "$B/bench_avx2" examples/bench.c -lm
    for em in $eq_models; do
        run "avx2-equals-portable-$(basename "${em%:*}")" same_streams bench_avx2 "$em"
    done
else
    skip "avx2" "this CPU has no AVX2"
fi
if [ -f tests/test_badinput.c ]; then
    run "build-test_badinput" gcc -std=c11 -O2 -Wall -Wextra -o "$B/test_badinput" tests/test_badinput.c -lm
    run "build-test_badinput-asan" gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o "$B/test_badinput_asan" tests/test_badinput.c -lm
    run "test_badinput" "$B/test_badinput"
    run "test_badinput-asan" "$B/test_badinput_asan"
fi

# --- 5. stories260K against the float reference ---------------------------------------------
say "golden: stories260K INT8 vs llama2.c float reference"
if [ $HAVE_SHARED = 1 ]; then
    run "golden-accuracy" bash tests/golden.sh "$S260" "$SHARED" "$B/eval" "$B/generate"
    run "build-eval-asan" gcc -std=c11 -O1 -g $SAN -o "$B/eval_asan" examples/eval.c -lm
    run "golden-accuracy-asan" bash tests/golden.sh "$S260" "$SHARED" "$B/eval_asan" "$B/generate"
else
    skip "golden-accuracy" "../shared is absent"
fi

# --- 6. suites of the other parts, when present -----------------------------------------------
for t in tests/*/run.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$(dirname "$t")")
    say "$name"
    run "$name" bash "$t" "$SHARED"
    if [ "$name" = train ] && [ $HAVE_SHARED = 1 ]; then
        # the trainer suite again with ASan+UBSan builds of the trainer and of eval
        run "build-train-asan" gcc -std=c11 -O1 -g $SAN -Wall -Wextra -o "$B/train_asan" examples/train.c -lm -pthread
        run "train-asan" env TRAIN_BIN="$B/train_asan" EVAL_BIN="$B/eval_asan" bash "$t" "$SHARED"
    fi
done

echo "logs: $LOG"
echo "tests: $PASS passed, $FAIL failed${SKIP:+, $SKIP skipped}"
[ "$FAIL" = 0 ]
