#!/bin/sh
# Non-vacuity check for the AXI4-Lite proof: each mutant below breaks the slave
# in one protocol-relevant way, and the same proof (formal/axil.ys) must fail
# on every one of them. Run from rtl/ by `make formal`; OUT is a scratch dir.
set -u
OUT=${OUT:-/tmp}
YOSYS=${YOSYS:-yosys}
fail=0
n=0
# A mutant counts as caught only when the proof itself fails: Yosys ran the
# whole script and `sat -verify` reported a failed proof (a counterexample in
# the base case, or an induction step that does not close within -maxsteps).
# A mutant that does not parse or elaborate, or a run that stops with any other
# error, is a broken check, not a caught mutant: the script then fails.
check() {   # $1 description, $2 sed expression
  n=$((n + 1))
  sed "$2" edgellm_acc_axil.v > "$OUT/mutant.v"
  if cmp -s "$OUT/mutant.v" edgellm_acc_axil.v; then
    echo "  mutant $n ($1): sed did not apply"; fail=1; return
  fi
  if ! $YOSYS -q -l "$OUT/mutant-elab.log" -p "read_verilog -formal $OUT/mutant.v; prep -top edgellm_acc_axil" \
       > /dev/null 2>&1; then
    echo "  mutant $n ($1): does not elaborate (log $OUT/mutant-elab.log):"
    grep -m 3 'ERROR' "$OUT/mutant-elab.log" | sed 's/^/    /'
    fail=1; return
  fi
  sed "s|read_verilog -formal edgellm_acc_axil.v|read_verilog -formal $OUT/mutant.v|" formal/axil.ys > "$OUT/mutant.ys"
  if $YOSYS -q -l "$OUT/mutant.log" "$OUT/mutant.ys" > /dev/null 2>&1; then
    echo "  mutant $n ($1): proof still passes"; fail=1
  elif [ "$(grep -c 'ERROR' "$OUT/mutant.log")" = 1 ] &&
       grep -q '^ERROR: Called with -verify and proof did fail!' "$OUT/mutant.log"; then
    if grep -q 'model found for base case: FAIL' "$OUT/mutant.log"; then
      echo "  mutant $n ($1): caught (counterexample)"
    else
      echo "  mutant $n ($1): caught (induction does not close)"
    fi
  else
    echo "  mutant $n ($1): Yosys failed without a proof failure (log $OUT/mutant.log):"
    grep -m 3 'ERROR' "$OUT/mutant.log" | sed 's/^/    /'
    fail=1
  fi
}
check "slow reads pass R through"         's/  wire   r_pass         = FAST_RD \&\& rd_p_q; /  wire   r_pass         = rd_p_q; /'
check "slow reads issued at the handshake" 's/  wire rd_now = FAST_RD \&\& ar_hs /  wire rd_now = ar_hs /'
check "B overwritten while pending"        's/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !rd_go;/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !rd_go;/'
check "read and write issued together"     's/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !rd_go;/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q;/'
check "write waits behind a waiting read"  's/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !rd_go;/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !rd_go \&\& !ar_v_q;/'
check "AR held after its read"             's/      ar_v_d    = !rd_now;      /      ar_v_d    = 1'"'"'b1;         /'
check "read at a handshake after a write"  's/  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i; /  wire rd_now = FAST_RD \&\& ar_hs \&\& rd_ready_i; /'
check "held read in the cycle after a write" 's/  wire rd_go  = rd_now || (ar_v_q \&\& !wr_p_q \&\& rd_ready_i);/  wire rd_go  = rd_now || (ar_v_q \&\& rd_ready_i);/'
check "read at a handshake while not ready" 's/  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i; /  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q; /'
check "held read while not ready"          's/  wire rd_go  = rd_now || (ar_v_q \&\& !wr_p_q \&\& rd_ready_i);/  wire rd_go  = rd_now || (ar_v_q \&\& !wr_p_q);/'
check "read held although it could go"     's/  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i; /  wire rd_now = 1'"'"'b0; /'
check "held read never retried"            's/  wire rd_go  = rd_now || (ar_v_q \&\& !wr_p_q \&\& rd_ready_i);/  wire rd_go  = rd_now;/'
check "write issued with a handshake read"  's/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !rd_go;/  wire wr_go  = aw_v_q \&\& w_v_q \&\& !b_v_q \&\& !(ar_v_q \&\& rd_go);/'
check "read waits behind a held write"     's/  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i; /  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i \&\& !(aw_v_q \&\& w_v_q); /'
check "read waits for BREADY"              's/  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i; /  wire rd_now = FAST_RD \&\& ar_hs \&\& !wr_p_q \&\& rd_ready_i \&\& !b_v_q; /'
check "second AR accepted while R pending" 's/assign s_axil_arready = !ar_v_q \&\& !rd_p_q \&\& !r_v_q;/assign s_axil_arready = !ar_v_q \&\& !rd_p_q;/'
check "R dropped without RREADY"          's/    end else if (r_hs) begin/    end else begin/'
check "held read takes ARADDR"             's/  assign rd_addr_o = (FAST_RD \&\& !ar_v_q) ? s_axil_araddr : ar_addr_q;/  assign rd_addr_o = s_axil_arvalid ? s_axil_araddr : ar_addr_q;/'
check "R not passed through"               's/  assign s_axil_rdata   = r_pass ? rd_data_i : r_data_q;/  assign s_axil_rdata   = r_data_q;/'
check "AW never released"                  's/      aw_v_d  = 1.b0;/      aw_v_d  = aw_v_q;/'
check "BRESP not from the register side"   's/      b_err_d = wr_err_i;/      b_err_d = 1'"'"'b0;/'
check "RDATA changes while waiting"        's/    if (rd_p_q \&\& (!FAST_RD || !s_axil_rready)) begin/    if (rd_p_q || !s_axil_rready) begin/'
check "B not cleared by reset"             's/      b_v_q  <= 1.b0;/      b_v_q  <= b_v_q;/'
check "write data captured twice"          's/  wire w_hs   = s_axil_wvalid \&\& !w_v_q;/  wire w_hs   = s_axil_wvalid;/'
check "AW taken as a write issues"         's/  assign s_axil_awready = !aw_v_q;/  assign s_axil_awready = !aw_v_q || wr_go;/'
check "write data cleared once issued"     's/      aw_v_d  = 1.b0;/      aw_v_d  = 1'"'"'b0; w_data_d = 32'"'"'d0;/'
if [ $fail -ne 0 ]; then echo "formal: FAIL: a mutant escaped or its check did not run"; exit 1; fi
echo "formal: all $n mutants caught"
