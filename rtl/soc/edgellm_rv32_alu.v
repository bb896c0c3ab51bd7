// edgellm_rv32 integer ALU (combinational). One adder serves add, sub, slt,
// sltu and the branch comparisons; one right shifter serves srl, sra and, with
// the operand and the result bit-reversed, sll.
`default_nettype none

module edgellm_rv32_alu (
  input  wire [31:0] a_i,
  input  wire [31:0] b_i,
  input  wire [2:0]  op_i,              // funct3 of OP / OP-IMM
  input  wire        sub_i,             // op_i == 000: subtract
  input  wire        arith_i,           // op_i == 101: arithmetic right shift
  input  wire        cmp_i,             // compare a and b (slt/sltu/branch): adder subtracts
  output reg  [31:0] result_o,
  output wire        eq_o,              // a == b
  output wire        lt_o,              // a < b, signed (valid with cmp_i)
  output wire        ltu_o              // a < b, unsigned (valid with cmp_i)
);

  wire        subtract = sub_i || cmp_i;
  wire [32:0] sum      = {1'b0, a_i} + {1'b0, subtract ? ~b_i : b_i} + {32'd0, subtract};

  assign eq_o  = (a_i == b_i);
  assign ltu_o = !sum[32];
  assign lt_o  = (a_i[31] != b_i[31]) ? a_i[31] : sum[31];

  function [31:0] rev32(input [31:0] v);
    integer i;
    begin
      for (i = 0; i < 32; i = i + 1) rev32[i] = v[31 - i];
    end
  endfunction

  wire        left   = (op_i == 3'b001);
  wire [31:0] sh_in  = left ? rev32(a_i) : a_i;
  wire [32:0] sh_ext = {arith_i && !left && a_i[31], sh_in};
  /* verilator lint_off UNUSEDSIGNAL */  // bit 32 is the sign filler only
  wire [32:0] sh_r   = $signed(sh_ext) >>> b_i[4:0];
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] sh_out = left ? rev32(sh_r[31:0]) : sh_r[31:0];

  always @* begin
    case (op_i)
      3'b000:  result_o = sum[31:0];
      3'b001:  result_o = sh_out;
      3'b010:  result_o = {31'd0, lt_o};
      3'b011:  result_o = {31'd0, ltu_o};
      3'b100:  result_o = a_i ^ b_i;
      3'b101:  result_o = sh_out;
      3'b110:  result_o = a_i | b_i;
      default: result_o = a_i & b_i;
    endcase
  end

endmodule
`resetall
