#!/usr/bin/env bash
# tests/deps.sh - the one script that installs the Debian packages the tests and tools need.
#
#   bash tests/deps.sh TOOL...   makes sure every TOOL is there: installs the missing ones'
#                                packages with apt-get when run as root (saying which), or
#                                names them otherwise. Exit status 0 when all are present.
#   bash tests/deps.sh --all     every tool of `make test` (what .ci/run installs)
#   bash tests/deps.sh --list    the table below
#
# A TOOL is a command, or one of these names for what is not a command:
#   libfuzzer   clang's libFuzzer runtime         multilib   gcc -m32 (32-bit libgcc, libasan)
#   asan32      clang's 32-bit ASan runtime
# apt-get's output goes to build/logs/apt.log.
set -u
cd "$(dirname "$0")/.."

# tool package
TABLE="gcc gcc
g++ g++
clang clang
clang++ clang
make make
valgrind valgrind
verilator verilator
iverilog iverilog
vvp iverilog
yosys yosys
nextpnr-ice40 nextpnr-ice40
icepack fpga-icestorm
icetime fpga-icestorm
riscv64-unknown-elf-gcc gcc-riscv64-unknown-elf
arm-none-eabi-gcc gcc-arm-none-eabi
qemu-system-riscv32 qemu-system-misc
qemu-system-arm qemu-system-arm
qemu-i386 qemu-user
libfuzzer libclang-rt-14-dev
asan32 libclang-rt-14-dev
multilib gcc-multilib
gnuplot gnuplot-nox
python3 python3"
ALL="gcc g++ clang clang++ make python3 valgrind verilator iverilog vvp yosys nextpnr-ice40 icepack icetime
     riscv64-unknown-elf-gcc arm-none-eabi-gcc qemu-system-riscv32 qemu-system-arm libfuzzer asan32 multilib"

package_of() { echo "$TABLE" | awk -v t="$1" '$1 == t { print $2 }'; }

present() {
    case "$1" in
    libfuzzer) ls "$(clang -print-resource-dir 2>/dev/null)"/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ;;
    asan32) ls "$(clang -print-resource-dir 2>/dev/null)"/lib/linux/libclang_rt.asan-i386.a >/dev/null 2>&1 ;;
    multilib) ls /usr/lib/gcc/x86_64-linux-gnu/*/32/libgcc.a /usr/lib/gcc/x86_64-linux-gnu/*/32/libasan.so >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}

case "${1:-}" in
--list) echo "$TABLE"; exit 0 ;;
--all) set -- $ALL ;;
"") echo "usage: bash tests/deps.sh TOOL... | --all | --list" >&2; exit 2 ;;
esac

missing_tools() {
    local t
    for t in "$@"; do present "$t" || echo "$t"; done
}
packages() {
    local t p
    for t in "$@"; do
        p=$(package_of "$t")
        echo "${p:-$t}"
    done | sort -u | tr '\n' ' ' | sed 's/ $//'
}

missing=$(missing_tools "$@")
[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
pkgs=$(packages $missing)
if [ "$(id -u)" != 0 ]; then
    echo "deps: missing $(echo $missing); as root: apt-get install $pkgs"
    exit 1
fi
mkdir -p build/logs
echo "deps: installing (apt-get): $pkgs"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! { apt-get update -qq && apt-get install -y --no-install-recommends $pkgs; } >>build/logs/apt.log 2>&1; then
    echo "deps: apt-get failed; the end of build/logs/apt.log:"
    tail -n 20 build/logs/apt.log
fi
# shellcheck disable=SC2086
missing=$(missing_tools $missing)
[ -z "$missing" ] && exit 0
echo "deps: still missing: $(echo $missing)"
exit 1
