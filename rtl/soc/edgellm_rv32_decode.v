// edgellm_rv32 instruction decoder (combinational): instruction classes, the
// immediate, which registers are read and written, and whether the word is a
// legal RV32IM + Zicsr instruction for this core. Every encoding not listed
// below is illegal, including the all-zero and all-ones words, any word whose
// low two bits are not 11 (no C extension), shift immediates with bit 5 set,
// and every SYSTEM word other than the CSR instructions, ecall, ebreak, mret
// and wfi. CSR instructions are legal only for the CSRs edgellm_rv32_csr
// implements, and not when they would write a read-only one (address bits
// [11:10] = 11): csrrw(i) always writes, csrrs(i)/csrrc(i) unless rs1/uimm is 0.
`default_nettype none

module edgellm_rv32_decode #(
  parameter [0:0] M_EN = 1'b1             // 1: mul/div/rem decode; 0: illegal
) (
  input  wire [31:0] instr_i,
  output reg  [31:0] imm_o,               // I/S/B/U/J immediate; 4 for fence.i
  output wire        use_rs1_o,           // reads rs1 (for the load-use interlock)
  output wire        use_rs2_o,
  output wire        wr_rd_o,             // writes rd (when rd != 0)
  output wire        lui_o,
  output wire        auipc_o,
  output wire        jal_o,
  output wire        jalr_o,
  output wire        branch_o,
  output wire        load_o,
  output wire        store_o,
  output wire        alu_o,               // OP-IMM or OP without M
  output wire        alu_imm_o,           // OP-IMM (second operand is the immediate)
  output wire        alu_sub_o,           // OP: sub
  output wire        mul_o,               // mul, mulh, mulhsu, mulhu
  output wire        div_o,               // div, divu, rem, remu
  output wire        fence_i_o,
  output wire        csr_o,
  output wire        ecall_o,
  output wire        ebreak_o,
  output wire        mret_o,
  output wire        wfi_o,
  output wire        illegal_o
);

  wire [6:0] opc = instr_i[6:0];
  wire [2:0] f3  = instr_i[14:12];
  wire [6:0] f7  = instr_i[31:25];

  wire o_lui    = (opc == 7'b0110111);
  wire o_auipc  = (opc == 7'b0010111);
  wire o_jal    = (opc == 7'b1101111);
  wire o_jalr   = (opc == 7'b1100111);
  wire o_branch = (opc == 7'b1100011);
  wire o_load   = (opc == 7'b0000011);
  wire o_store  = (opc == 7'b0100011);
  wire o_opimm  = (opc == 7'b0010011);
  wire o_op     = (opc == 7'b0110011);
  wire o_misc   = (opc == 7'b0001111);
  wire o_system = (opc == 7'b1110011);

  wire f7_zero = (f7 == 7'b0000000);
  wire f7_alt  = (f7 == 7'b0100000);
  wire f7_mul  = (f7 == 7'b0000001);

  wire ok_jalr   = o_jalr && (f3 == 3'b000);
  wire ok_branch = o_branch && (f3[2:1] != 2'b01);
  wire ok_load   = o_load && (f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b010 || f3 == 3'b100 || f3 == 3'b101);
  wire ok_store  = o_store && (f3 == 3'b000 || f3 == 3'b001 || f3 == 3'b010);
  wire ok_opimm  = o_opimm && ((f3 == 3'b001) ? f7_zero : (f3 == 3'b101) ? (f7_zero || f7_alt) : 1'b1);
  wire ok_alu_op = o_op && (f7_zero || (f7_alt && (f3 == 3'b000 || f3 == 3'b101)));
  wire ok_md     = o_op && f7_mul && M_EN;
  wire ok_fence  = o_misc && (f3 == 3'b000);
  wire ok_fencei = o_misc && (f3 == 3'b001);
  // the CSRs of edgellm_rv32_csr
  wire [11:0] csr = instr_i[31:20];
  wire csr_known = (csr == 12'h300) || (csr == 12'h301) || (csr == 12'h304) || (csr == 12'h305) ||
                   (csr == 12'h340) || (csr == 12'h341) || (csr == 12'h342) || (csr == 12'h343) ||
                   (csr == 12'h344) || (csr == 12'hB00) || (csr == 12'hB02) || (csr == 12'hB80) ||
                   (csr == 12'hB82) || (csr == 12'hC00) || (csr == 12'hC02) || (csr == 12'hC80) ||
                   (csr == 12'hC82) || (csr == 12'hF11) || (csr == 12'hF12) || (csr == 12'hF13) ||
                   (csr == 12'hF14);
  wire csr_writes = (f3[1:0] == 2'b01) || (instr_i[19:15] != 5'd0);
  wire ok_csr    = o_system && (f3[1:0] != 2'b00) && csr_known && !(csr_writes && csr[11:10] == 2'b11);
  wire ok_ecall  = (instr_i == 32'h0000_0073);
  wire ok_ebreak = (instr_i == 32'h0010_0073);
  wire ok_mret   = (instr_i == 32'h3020_0073);
  wire ok_wfi    = (instr_i == 32'h1050_0073);

  assign lui_o     = o_lui;
  assign auipc_o   = o_auipc;
  assign jal_o     = o_jal;
  assign jalr_o    = ok_jalr;
  assign branch_o  = ok_branch;
  assign load_o    = ok_load;
  assign store_o   = ok_store;
  assign alu_o     = ok_opimm || ok_alu_op;
  assign alu_imm_o = o_opimm;
  assign alu_sub_o = o_op && f7_alt && (f3 == 3'b000);
  assign mul_o     = ok_md && !f3[2];
  assign div_o     = ok_md && f3[2];
  assign fence_i_o = ok_fencei;
  assign csr_o     = ok_csr;
  assign ecall_o   = ok_ecall;
  assign ebreak_o  = ok_ebreak;
  assign mret_o    = ok_mret;
  assign wfi_o     = ok_wfi;

  assign illegal_o = !(o_lui || o_auipc || o_jal || ok_jalr || ok_branch || ok_load || ok_store ||
                       ok_opimm || ok_alu_op || ok_md || ok_fence || ok_fencei || ok_csr ||
                       ok_ecall || ok_ebreak || ok_mret || ok_wfi);

  assign use_rs1_o = o_jalr || o_branch || o_load || o_store || o_opimm || o_op || (o_system && !f3[2]);
  assign use_rs2_o = o_branch || o_store || o_op;
  assign wr_rd_o   = o_lui || o_auipc || o_jal || o_jalr || o_load || o_opimm || o_op || ok_csr;

  always @* begin
    if (o_lui || o_auipc)
      imm_o = {instr_i[31:12], 12'd0};
    else if (o_jal)
      imm_o = {{12{instr_i[31]}}, instr_i[19:12], instr_i[20], instr_i[30:21], 1'b0};
    else if (o_branch)
      imm_o = {{20{instr_i[31]}}, instr_i[7], instr_i[30:25], instr_i[11:8], 1'b0};
    else if (o_store)
      imm_o = {{21{instr_i[31]}}, instr_i[30:25], instr_i[11:7]};
    else if (o_misc)
      imm_o = 32'd4;                      // fence.i continues at pc + 4
    else
      imm_o = {{21{instr_i[31]}}, instr_i[30:20]};
  end

endmodule
`resetall
