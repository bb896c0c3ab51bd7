// edgellm_rv32 divider: div, divu, rem, remu by restoring division of the
// operands' magnitudes, one quotient bit per cycle.
//
// Cycle 1 (start_i): magnitudes and result sign registered.
// Cycles 2-33: 32 shift-and-subtract steps.
// Cycle 34: done; the quotient or remainder, negated when the sign says so.
// The ISA's edge cases come out of the same steps: dividing by zero subtracts
// zero every time, so the quotient is all ones and the remainder the dividend
// (the quotient is then never negated: div x/0 = -1, rem x/0 = x); INT_MIN / -1
// divides 2^31 by 1 and negates 2^31 back to INT_MIN, remainder 0.
// The result is held until ack_i (the execute stage retires the instruction).
`default_nettype none

module edgellm_rv32_div (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        start_i,           // operands valid; only while idle (!busy_o)
  input  wire        ack_i,             // result taken (with done_o)
  input  wire        kill_i,            // abandon the operation
  input  wire [1:0]  op_i,              // funct3[1:0]: 00 div, 01 divu, 10 rem, 11 remu
  input  wire [31:0] a_i,               // dividend
  input  wire [31:0] b_i,               // divisor
  output wire        busy_o,
  output wire        done_o,
  output wire [31:0] result_o
);

  localparam [1:0] S_IDLE = 2'd0, S_RUN = 2'd1, S_DONE = 2'd2;

  reg [1:0]  st_q;
  reg [4:0]  cnt_q;
  reg [31:0] quo_q, rem_q, dvs_q;
  reg        neg_q, want_rem_q;

  wire        signed_op = !op_i[0];
  wire        a_neg     = signed_op && a_i[31];
  wire        b_neg     = signed_op && b_i[31];
  wire [31:0] a_mag     = a_neg ? (32'd0 - a_i) : a_i;
  wire [31:0] b_mag     = b_neg ? (32'd0 - b_i) : b_i;
  wire        b_zero    = (b_i == 32'd0);

  // one step: shift the next dividend bit into the partial remainder and
  // subtract the divisor when it fits (bit 32 of the difference is the borrow)
  wire [32:0] trial = {rem_q, quo_q[31]} - {1'b0, dvs_q};

  always @(posedge clk_i) begin
    if (start_i) begin
      quo_q      <= a_mag;
      rem_q      <= 32'd0;
      dvs_q      <= b_mag;
      want_rem_q <= op_i[1];
      neg_q      <= op_i[1] ? a_neg : (a_neg != b_neg) && !b_zero;
    end else if (st_q == S_RUN) begin
      if (!trial[32]) begin
        rem_q <= trial[31:0];
        quo_q <= {quo_q[30:0], 1'b1};
      end else begin
        rem_q <= {rem_q[30:0], quo_q[31]};
        quo_q <= {quo_q[30:0], 1'b0};
      end
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || kill_i) begin
      st_q  <= S_IDLE;
      cnt_q <= 5'd0;
    end else begin
      case (st_q)
        S_IDLE: if (start_i) begin
          st_q  <= S_RUN;
          cnt_q <= 5'd0;
        end
        S_RUN: begin
          cnt_q <= cnt_q + 5'd1;
          if (cnt_q == 5'd31) st_q <= S_DONE;
        end
        default: if (ack_i) st_q <= S_IDLE;
      endcase
    end
  end

  wire [31:0] val = want_rem_q ? rem_q : quo_q;

  assign busy_o   = (st_q != S_IDLE);
  assign done_o   = (st_q == S_DONE);
  assign result_o = neg_q ? (32'd0 - val) : val;

endmodule
`resetall
