// edgellm_rv32 integer ALU (combinational). One adder serves add, sub, slt,
// sltu and the branch comparisons; one right shifter serves srl, sra and, with
// the operand and the result bit-reversed, sll. The caller inverts b for a
// subtraction (in its operand mux, where that costs no extra logic) and selects
// the result with one-hot flags; the output is the OR of the selected parts.
`default_nettype none

module edgellm_rv32_alu (
  input  wire [31:0] a_i,
  input  wire [31:0] bx_i,              // b, or ~b when sub_i; shifts use bx_i[4:0]
  input  wire        sub_i,             // a - b: carry in (compares subtract too)
  input  wire        sel_sum_i,         // result: a + bx + sub_i
  input  wire        sel_sh_i,          // result: the shift
  input  wire        sel_slt_i,         // result: the comparison, 0 or 1
  input  wire        sltu_i,            // unsigned comparison for sel_slt_i
  input  wire [1:0]  lop_i,             // logic result: 00 none, 01 xor, 10 or, 11 and
  input  wire        left_i,            // shift left (else right)
  input  wire        arith_i,           // right shift fills with a[31]
  output wire [31:0] result_o,
  output wire        eq_o,              // a == b (with sub_i)
  output wire        lt_o,              // a < b signed (with sub_i)
  output wire        ltu_o              // a < b unsigned (with sub_i)
);

  wire [32:0] sum = {1'b0, a_i} + {1'b0, bx_i} + {32'd0, sub_i};
  assign eq_o  = &(a_i ^ bx_i);
  assign ltu_o = !sum[32];
  assign lt_o  = (a_i[31] == bx_i[31]) ? a_i[31] : sum[31];

  function [31:0] rev32(input [31:0] v);
    integer i;
    begin
      for (i = 0; i < 32; i = i + 1) rev32[i] = v[31 - i];
    end
  endfunction

  wire        fill = arith_i && a_i[31];
  wire [31:0] s0 = left_i ? rev32(a_i) : a_i;
  wire [31:0] s1 = bx_i[0] ? {fill, s0[31:1]} : s0;
  wire [31:0] s2 = bx_i[1] ? {{2{fill}}, s1[31:2]} : s1;
  wire [31:0] s3 = bx_i[2] ? {{4{fill}}, s2[31:4]} : s2;
  wire [31:0] s4 = bx_i[3] ? {{8{fill}}, s3[31:8]} : s3;
  wire [31:0] s5 = bx_i[4] ? {{16{fill}}, s4[31:16]} : s4;
  wire [31:0] sh = {32{sel_sh_i}} & (left_i ? rev32(s5) : s5);
  wire [31:0] lg = lop_i[1] ? (lop_i[0] ? (a_i & bx_i) : (a_i | bx_i)) : (lop_i[0] ? (a_i ^ bx_i) : 32'd0);
  assign result_o = ({32{sel_sum_i}} & sum[31:0]) | sh | lg | {31'd0, sel_slt_i && (sltu_i ? ltu_o : lt_o)};

endmodule
`resetall
