#!/bin/sh
# tb/param_checks.sh GROUP - the parameter checks refuse illegal configurations.
#
# Every module checks its parameters at elaboration: an illegal value
# instantiates a module that does not exist, named after the rule it breaks
# (for example edgellm_acc_LANES_must_be_16_32_or_64). This script elaborates
# illegal configurations with Verilator (--lint-only), Icarus (iverilog -g2005)
# and Yosys (hierarchy -check, as synthesis and the formal flow run it) and
# requires each tool to fail with that name in its output. The same tops with
# their default parameters must elaborate with each tool, so a check that
# fires for every configuration is caught too.
#   GROUP acc: the accelerator (run by make -C rtl test)
#   GROUP soc: the SoC and the RV32 core (run by tests/soc/run.sh)
# Run from rtl/. OUT is a scratch directory; VERILATOR, IVERILOG, YOSYS name the tools.
set -u
GROUP=${1:?usage: tb/param_checks.sh acc|soc}
OUT=${OUT:-/tmp}
VERILATOR=${VERILATOR:-verilator}
IVERILOG=${IVERILOG:-iverilog}
YOSYS=${YOSYS:-yosys}
mkdir -p "$OUT"
case $GROUP in
acc) FILES=$(ls edgellm_acc*.v) ;;
soc) FILES=$(ls soc/*.v edgellm_acc*.v) ;;
*) echo "tb/param_checks.sh: unknown group $GROUP"; exit 2 ;;
esac
FILES=$(echo $FILES)
fail=0
n=0
LOG=$OUT/param_check.log

# elab TOOL TOP [NAME VALUE]: elaborate TOP (with NAME = VALUE) into $LOG, the tool's status
elab() {
  tool=$1 top=$2 name=${3:-} value=${4:-}
  case $tool in
  verilator)
    set -- --lint-only -Wall --default-language 1364-2005 -I. --top-module "$top"
    [ -n "$name" ] && set -- "$@" "-G$name=$value"
    # shellcheck disable=SC2086
    $VERILATOR "$@" $FILES > "$LOG" 2>&1 ;;
  iverilog)
    set -- -g2005 -Wall -I. -o "$OUT/param_check.vvp" -s "$top"
    [ -n "$name" ] && set -- "$@" "-P$top.$name=$value"
    # shellcheck disable=SC2086
    $IVERILOG "$@" $FILES > "$LOG" 2>&1 ;;
  yosys)
    cmd="read_verilog -defer $FILES;"
    [ -n "$name" ] && cmd="$cmd chparam -set $name $value $top;"
    $YOSYS -q -p "$cmd hierarchy -check -top $top" > "$LOG" 2>&1 ;;
  esac
}

# legal TOP: the defaults elaborate with every tool
legal() {
  n=$((n + 1))
  for tool in verilator iverilog yosys; do
    if ! elab $tool "$1"; then
      echo "FAIL: $1 with its default parameters does not elaborate with $tool:"
      head -5 "$LOG" | sed 's/^/    /'
      fail=1; return
    fi
  done
  echo "  accepted: $1 (default parameters) by verilator, iverilog, yosys"
}

# refused TOP NAME VALUE MESSAGE: every tool refuses NAME = VALUE and prints MESSAGE
refused() {
  n=$((n + 1))
  for tool in verilator iverilog yosys; do
    if elab $tool "$1" "$2" "$3"; then
      echo "FAIL: $1 $2=$3 elaborates with $tool (expected: $4)"; fail=1; return
    fi
    if ! grep -q "$4" "$LOG"; then
      echo "FAIL: $1 $2=$3: $tool fails, but not with $4:"
      head -5 "$LOG" | sed 's/^/    /'
      fail=1; return
    fi
  done
  echo "  refused: $1 $2=$3 by verilator, iverilog, yosys ($4)"
}

case $GROUP in
acc)
  legal   edgellm_acc
  refused edgellm_acc LANES 48 edgellm_acc_LANES_must_be_16_32_or_64
  refused edgellm_acc LANES 8 edgellm_acc_LANES_must_be_16_32_or_64
  refused edgellm_acc WMEM_BYTES 100000 edgellm_acc_WMEM_BYTES_must_be_a_power_of_two_from_4xLANES_to_1G
  refused edgellm_acc XMAX 32768 edgellm_acc_XMAX_must_be_a_power_of_two_from_64_and_2xLANES_to_16384
  refused edgellm_acc YMAX 3000 edgellm_acc_YMAX_must_be_a_power_of_two_from_2_to_8192
  legal   edgellm_acc_fifo
  refused edgellm_acc_fifo DEPTH 1 edgellm_acc_fifo_DEPTH_must_be_at_least_2
  legal   edgellm_acc_ram_sdp
  refused edgellm_acc_ram_sdp WIDTH 12 edgellm_acc_ram_sdp_WIDTH_must_be_a_multiple_of_8
  ;;
soc)
  legal   edgellm_soc
  refused edgellm_soc RAM_BYTES 100000 edgellm_soc_fabric_RAM_BYTES_must_be_a_power_of_two_from_1K_to_256M
  refused edgellm_soc ROM_BYTES 512 edgellm_soc_fabric_ROM_BYTES_must_be_a_power_of_two_from_1K_to_256M
  refused edgellm_soc UART_DIV 0 edgellm_soc_uart_tx_DIV_must_be_at_least_1
  refused edgellm_soc ACC_LANES 48 edgellm_acc_LANES_must_be_16_32_or_64
  legal   edgellm_rv32
  refused edgellm_rv32 MTVEC_INIT 258 edgellm_rv32_MTVEC_INIT_must_be_word_aligned
  ;;
esac
if [ $fail -ne 0 ]; then echo "param checks ($GROUP): FAIL"; exit 1; fi
echo "param checks ($GROUP): all $n configurations as expected"
