// edgellm_rv32 multiplier: mul, mulh, mulhsu, mulhu from four unsigned 16 x 16
// partial products (one DSP each: xc7 DSP48E1, iCE40 SB_MAC16).
//
//   a * b (unsigned) = p0 + (p1 + p2) << 16 + p3 << 32,
//   p0 = aL*bL, p1 = aH*bL, p2 = aL*bH, p3 = aH*bH.
// Signed operands change only the high word: with a signed,
//   hi(a * b) = hi(a_u * b_u) - (a[31] ? b : 0) - (b signed && b[31] ? a : 0)   (mod 2^32)
// so the signed forms subtract a correction from p3.
//
// Cycle 1 (start_i): products and correction registered.
// Cycle 2: mul is done: p0 + (p1 + p2) << 16, low word only.
//          mulh*: bits [32:16] of p1 + p2 and p3 - correction registered.
// Cycle 3: mulh* done: the high word of {p3 - corr, p0} + (p1 + p2) << 16.
// The 16-bit sum p0[31:16] + (p1 + p2)[15:0] gives mul's upper half in cycle 2
// and the carry into the high word in cycle 3 (p1, p2 and p0 do not change).
// The result is held until ack_i (the execute stage retires the instruction).
`default_nettype none

module edgellm_rv32_mul (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        start_i,           // operands valid; only while idle (!busy_o)
  input  wire        ack_i,             // result taken (with done_o)
  input  wire        kill_i,            // abandon the operation
  input  wire [1:0]  op_i,              // funct3[1:0]: 00 mul, 01 mulh, 10 mulhsu, 11 mulhu
  input  wire [31:0] a_i,
  input  wire [31:0] b_i,
  output wire        busy_o,
  output wire        done_o,
  output wire [31:0] result_o
);

  localparam [1:0] S_IDLE = 2'd0, S_PROD = 2'd1, S_SUM = 2'd2;

  reg [1:0]  st_q;
  reg        hi_q;                      // high word wanted
  reg [31:0] p0_q, p1_q, p2_q, p3_q, corr_q;
  reg [16:0] mid_hi_q;                  // (p1 + p2) >> 16
  reg [31:0] hi0_q;                     // p3 - correction

  wire        a_signed = (op_i == 2'b01) || (op_i == 2'b10);
  wire        b_signed = (op_i == 2'b01);
  wire [31:0] corr     = ((a_signed && a_i[31]) ? b_i : 32'd0) + ((b_signed && b_i[31]) ? a_i : 32'd0);

  wire [32:0] mid  = {1'b0, p1_q} + {1'b0, p2_q};
  wire [16:0] lo16 = {1'b0, p0_q[31:16]} + {1'b0, mid[15:0]};

  always @(posedge clk_i) begin
    if (start_i) begin
      p0_q   <= a_i[15:0]  * b_i[15:0];
      p1_q   <= a_i[31:16] * b_i[15:0];
      p2_q   <= a_i[15:0]  * b_i[31:16];
      p3_q   <= a_i[31:16] * b_i[31:16];
      corr_q <= corr;
      hi_q   <= (op_i != 2'b00);
    end
    if (st_q == S_PROD) begin
      mid_hi_q <= mid[32:16];
      hi0_q    <= p3_q - corr_q;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || kill_i) begin
      st_q <= S_IDLE;
    end else begin
      case (st_q)
        S_IDLE:  if (start_i) st_q <= S_PROD;
        S_PROD:  if (hi_q) st_q <= S_SUM; else if (ack_i) st_q <= S_IDLE;
        default: if (ack_i) st_q <= S_IDLE;
      endcase
    end
  end

  wire [31:0] lo_word = {lo16[15:0], p0_q[15:0]};
  wire [31:0] hi_word = hi0_q + {15'd0, mid_hi_q} + {31'd0, lo16[16]};

  assign busy_o   = (st_q != S_IDLE);
  assign done_o   = (st_q == S_PROD && !hi_q) || (st_q == S_SUM);
  assign result_o = (st_q == S_SUM) ? hi_word : lo_word;

endmodule
`resetall
