// edgellm_rv32 multiplier: mul, mulh, mulhsu, mulhu from four unsigned 16 x 16
// partial products (one DSP each: xc7 DSP48E1, iCE40 SB_MAC16).
//
//   a * b (unsigned) = p0 + (p1 + p2) << 16 + p3 << 32,
//   p0 = aL*bL, p1 = aH*bL, p2 = aL*bH, p3 = aH*bH.
// Signed operands change only the high word: with a signed,
//   hi(a * b) = hi(a_u * b_u) - (a[31] ? b : 0) - (b signed && b[31] ? a : 0)   (mod 2^32)
// so the signed forms subtract a correction from p3.
//
// The operands come from the execute stage, which holds them unchanged until
// the instruction retires, so the products need no registers:
// mul:   done in its first cycle: p0 + (p1 + p2) << 16, low word only.
// mulh*: cycle 1 registers p3 - correction, bits [32:16] of p1 + p2 and the
//        carry out of the low word; cycle 2: their sum is the high word.
// The result is held until ack_i (the execute stage retires the instruction).
`default_nettype none

module edgellm_rv32_mul (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        start_i,           // a multiply in E with its operands ready; only while idle
  input  wire        ack_i,             // result taken (with done_o)
  input  wire        kill_i,            // abandon the operation
  input  wire [1:0]  op_i,              // funct3[1:0]: 00 mul, 01 mulh, 10 mulhsu, 11 mulhu
  input  wire [31:0] a_i,               // held unchanged from start_i to ack_i
  input  wire [31:0] b_i,
  output wire        busy_o,            // a high-word product in progress
  output wire        done_o,            // result_o valid (combinational for mul)
  output wire [31:0] result_o
);

  reg        hi_busy_q;                 // mulh*: the sums of cycle 1 are registered
  reg [31:0] hi0_q;                     // p3 - correction
  reg [16:0] mid_hi_q;                  // (p1 + p2) >> 16
  reg        carry_q;                   // carry of p0 + (p1 + p2) << 16 into bit 32

  wire [31:0] p0 = a_i[15:0]  * b_i[15:0];
  wire [31:0] p1 = a_i[31:16] * b_i[15:0];
  wire [31:0] p2 = a_i[15:0]  * b_i[31:16];
  wire [31:0] p3 = a_i[31:16] * b_i[31:16];

  wire        a_signed = (op_i == 2'b01) || (op_i == 2'b10);
  wire        b_signed = (op_i == 2'b01);
  wire [31:0] corr     = ((a_signed && a_i[31]) ? b_i : 32'd0) + ((b_signed && b_i[31]) ? a_i : 32'd0);

  wire [32:0] mid  = {1'b0, p1} + {1'b0, p2};
  wire [16:0] lo16 = {1'b0, p0[31:16]} + {1'b0, mid[15:0]};
  wire        want_hi = (op_i != 2'b00);

  always @(posedge clk_i) begin
    if (start_i && want_hi) begin
      hi0_q    <= p3 - corr;
      mid_hi_q <= mid[32:16];
      carry_q  <= lo16[16];
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || kill_i) hi_busy_q <= 1'b0;
    else if (start_i && want_hi) hi_busy_q <= 1'b1;
    else if (ack_i) hi_busy_q <= 1'b0;
  end

  wire [31:0] lo_word = {lo16[15:0], p0[15:0]};
  wire [31:0] hi_word = hi0_q + {15'd0, mid_hi_q} + {31'd0, carry_q};

  assign busy_o   = hi_busy_q;
  assign done_o   = hi_busy_q || !want_hi;
  assign result_o = hi_busy_q ? hi_word : lo_word;

endmodule
`resetall
