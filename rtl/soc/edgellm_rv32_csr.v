// edgellm_rv32 machine-mode CSRs, trap entry and mret, interrupt pending.
//
// Implemented (every other address is illegal):
//   mstatus  MIE, MPIE; MPP reads 11 (machine mode only); other bits read 0
//   misa     RV32I, plus M when M_EN; writes ignored
//   mie      MEIE (bit 11), MTIE (bit 7)
//   mip      MEIP (bit 11) = irq_external_i, MTIP (bit 7) = irq_timer_i; writes ignored
//   mtvec    direct mode only: bits [1:0] read 0, writes to them are ignored
//   mscratch, mepc ([1:0] read 0), mcause (bit 31 and bits [3:0]), mtval
//   mcycle(h), minstret(h): 64-bit, writable; a write takes the place of the
//            increment of that cycle, and an instruction that writes
//            minstret(h) does not count itself
//   cycle(h), instret(h): read-only aliases
//   mvendorid, marchid, mimpid, mhartid: read-only 0
// Which addresses exist, and that read-only ones (address bits [11:10] = 11)
// are not written, is checked by edgellm_rv32_decode (keep the two lists equal).
// Reading an address not listed here returns 0.
`default_nettype none

module edgellm_rv32_csr #(
  parameter [0:0]  M_EN        = 1'b1,
  parameter [31:0] MTVEC_RESET = 32'h0000_0000   // mtvec after reset
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // CSR instruction in the execute stage
  input  wire [11:0] addr_i,
  output reg  [31:0] rdata_o,           // current value
  input  wire        we_i,              // the instruction retires now and writes wdata_i
  input  wire [31:0] wdata_i,
  // traps and returns
  input  wire        trap_i,
  input  wire [31:2] trap_pc_i,
  input  wire        trap_irq_i,        // interrupt (mcause bit 31)
  input  wire [3:0]  trap_code_i,
  input  wire [31:0] trap_tval_i,
  input  wire        mret_i,
  input  wire        retire_i,          // an instruction retires this cycle
  // interrupts
  input  wire        irq_external_i,
  input  wire        irq_timer_i,
  output wire        irq_take_o,        // an interrupt is pending, enabled in mie and mstatus.MIE
  output wire [3:0]  irq_code_o,        // its mcause code: 11 (external) before 7 (timer)
  output wire        wake_o,            // (mip & mie) != 0: WFI continues
  output wire [31:2] mtvec_o,
  output wire [31:2] mepc_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (MTVEC_RESET[1:0] != 2'b00) begin : g_param_check0
      edgellm_rv32_csr_MTVEC_RESET_must_be_word_aligned u_refused ();
    end
  endgenerate

  localparam [11:0] A_MSTATUS = 12'h300, A_MISA = 12'h301, A_MIE = 12'h304, A_MTVEC = 12'h305,
                    A_MSCRATCH = 12'h340, A_MEPC = 12'h341, A_MCAUSE = 12'h342, A_MTVAL = 12'h343,
                    A_MIP = 12'h344,
                    A_MCYCLE = 12'hB00, A_MINSTRET = 12'hB02, A_MCYCLEH = 12'hB80, A_MINSTRETH = 12'hB82,
                    A_CYCLE = 12'hC00, A_INSTRET = 12'hC02, A_CYCLEH = 12'hC80, A_INSTRETH = 12'hC82;

  localparam [31:0] MISA = 32'h4000_0100 | ({31'd0, M_EN} << 12);

  reg        mie_q, mpie_q;             // mstatus
  reg        meie_q, mtie_q;            // mie
  reg [31:2] mtvec_q;
  reg [31:0] mscratch_q;
  reg [31:2] mepc_q;
  reg        mcause_irq_q;
  reg [3:0]  mcause_code_q;
  reg [31:0] mtval_q;
  reg [63:0] mcycle_q, minstret_q;
  reg        instret_skip_q;            // the retiring instruction wrote minstret(h)

  wire meip = irq_external_i;
  wire mtip = irq_timer_i;

  assign wake_o     = (meip && meie_q) || (mtip && mtie_q);
  assign irq_take_o = mie_q && wake_o;
  assign irq_code_o = (meip && meie_q) ? 4'd11 : 4'd7;
  assign mtvec_o    = mtvec_q;
  assign mepc_o     = mepc_q;

  always @* begin
    rdata_o = 32'd0;
    case (addr_i)
      A_MSTATUS:   rdata_o = {19'd0, 2'b11, 3'd0, mpie_q, 3'd0, mie_q, 3'd0};
      A_MISA:      rdata_o = MISA;
      A_MIE:       rdata_o = {20'd0, meie_q, 3'd0, mtie_q, 7'd0};
      A_MIP:       rdata_o = {20'd0, meip, 3'd0, mtip, 7'd0};
      A_MTVEC:     rdata_o = {mtvec_q, 2'b00};
      A_MSCRATCH:  rdata_o = mscratch_q;
      A_MEPC:      rdata_o = {mepc_q, 2'b00};
      A_MCAUSE:    rdata_o = {mcause_irq_q, 27'd0, mcause_code_q};
      A_MTVAL:     rdata_o = mtval_q;
      A_MCYCLE, A_CYCLE:       rdata_o = mcycle_q[31:0];
      A_MCYCLEH, A_CYCLEH:     rdata_o = mcycle_q[63:32];
      A_MINSTRET, A_INSTRET:   rdata_o = minstret_q[31:0];
      A_MINSTRETH, A_INSTRETH: rdata_o = minstret_q[63:32];
      default:     rdata_o = 32'd0;     // also mvendorid, marchid, mimpid, mhartid
    endcase
  end

  wire w_mcycle    = we_i && (addr_i == A_MCYCLE);
  wire w_mcycleh   = we_i && (addr_i == A_MCYCLEH);
  wire w_minstret  = we_i && (addr_i == A_MINSTRET);
  wire w_minstreth = we_i && (addr_i == A_MINSTRETH);

  wire [63:0] mcycle_inc   = mcycle_q + 64'd1;
  wire [63:0] minstret_inc = minstret_q + {63'd0, retire_i && !instret_skip_q};

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      mie_q          <= 1'b0;
      mpie_q         <= 1'b0;
      meie_q         <= 1'b0;
      mtie_q         <= 1'b0;
      mtvec_q        <= MTVEC_RESET[31:2];
      mcause_irq_q   <= 1'b0;
      mcause_code_q  <= 4'd0;
      mcycle_q       <= 64'd0;
      minstret_q     <= 64'd0;
      instret_skip_q <= 1'b0;
    end else begin
      if (trap_i) begin
        mpie_q        <= mie_q;
        mie_q         <= 1'b0;
        mcause_irq_q  <= trap_irq_i;
        mcause_code_q <= trap_code_i;
      end else if (mret_i) begin
        mie_q  <= mpie_q;
        mpie_q <= 1'b1;
      end else if (we_i) begin
        case (addr_i)
          A_MSTATUS: begin
            mie_q  <= wdata_i[3];
            mpie_q <= wdata_i[7];
          end
          A_MIE: begin
            meie_q <= wdata_i[11];
            mtie_q <= wdata_i[7];
          end
          A_MTVEC:  mtvec_q <= wdata_i[31:2];
          A_MCAUSE: begin
            mcause_irq_q  <= wdata_i[31];
            mcause_code_q <= wdata_i[3:0];
          end
          default: ;
        endcase
      end
      mcycle_q[31:0]    <= w_mcycle    ? wdata_i : mcycle_inc[31:0];
      mcycle_q[63:32]   <= w_mcycleh   ? wdata_i : (w_mcycle ? mcycle_q[63:32] : mcycle_inc[63:32]);
      minstret_q[31:0]  <= w_minstret  ? wdata_i : (w_minstreth ? minstret_q[31:0] : minstret_inc[31:0]);
      minstret_q[63:32] <= w_minstreth ? wdata_i : (w_minstret ? minstret_q[63:32] : minstret_inc[63:32]);
      instret_skip_q    <= w_minstret || w_minstreth;
    end
  end

  // data registers: not reset
  always @(posedge clk_i) begin
    if (trap_i) begin
      mepc_q  <= trap_pc_i;
      mtval_q <= trap_tval_i;
    end else if (we_i) begin
      if (addr_i == A_MEPC)     mepc_q     <= wdata_i[31:2];
      if (addr_i == A_MTVAL)    mtval_q    <= wdata_i;
      if (addr_i == A_MSCRATCH) mscratch_q <= wdata_i;
    end
  end

endmodule
`resetall
