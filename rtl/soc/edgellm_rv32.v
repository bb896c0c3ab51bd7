// edgellm_rv32: RV32IM + Zicsr machine-mode core with a three-stage pipeline.
//
//   F  fetch (edgellm_rv32_fetch): one word per cycle, two-word queue; the
//      word at the queue's head is decoded and its source registers read
//   E  execute: operands (register file, or forwarded), ALU, branches and
//      jumps, CSRs, traps, the data port request, multiply and divide
//   W  memory response and write-back; instructions retire here
//
// Interfaces, timing and the cycles per instruction class: rtl/soc/README.md.
`default_nettype none

module edgellm_rv32 #(
  // a -G value from the command line is 32 bits wide, also for a 1-bit enable
  /* verilator lint_off WIDTH */
  parameter [31:0] RESET_ADDR = 32'h0000_0000,  // first instruction fetched after reset; word aligned
  parameter [0:0]  M_EN       = 1'b1,           // 1: M extension (mul/div); 0: those encodings are illegal
  parameter [31:0] MTVEC_INIT = RESET_ADDR      // mtvec after reset (direct mode); word aligned
  /* verilator lint_on WIDTH */
) (
  input  wire        clk_i,
  input  wire        rst_ni,                    // synchronous, active low
  // instruction port
  output wire        ibus_req_o,
  input  wire        ibus_gnt_i,
  output wire [31:0] ibus_addr_o,               // word aligned
  input  wire        ibus_rvalid_i,
  input  wire [31:0] ibus_rdata_i,
  input  wire        ibus_err_i,                // with rvalid: instruction access fault
  // data port
  output wire        dbus_req_o,
  input  wire        dbus_gnt_i,
  output wire [31:0] dbus_addr_o,               // word aligned; bytes in dbus_be_o
  output wire        dbus_we_o,
  output wire [3:0]  dbus_be_o,
  output wire [31:0] dbus_wdata_o,              // already on its byte lanes
  input  wire        dbus_rvalid_i,
  input  wire [31:0] dbus_rdata_i,              // whole word
  input  wire        dbus_err_i,                // with rvalid: load/store access fault
  // interrupts, level sensitive
  input  wire        irq_external_i,            // mip.MEIP
  input  wire        irq_timer_i,               // mip.MTIP
  // observation
  output wire        retire_o,                  // an instruction retires this cycle
  output wire        sleep_o                    // stalled in WFI
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (RESET_ADDR[1:0] != 2'b00) begin : g_param_check0
      edgellm_rv32_RESET_ADDR_must_be_word_aligned u_refused ();
    end
    if (MTVEC_INIT[1:0] != 2'b00) begin : g_param_check1
      edgellm_rv32_MTVEC_INIT_must_be_word_aligned u_refused ();
    end
  endgenerate

  // ================================================================ fetch
  wire        f_valid, f_err, f_pend;
  wire [31:0] f_instr;
  wire        redirect;                  // from E: taken branch or jump, trap, mret, fence.i
  reg  [31:2] redirect_pc;
  wire        d_take;
  wire        f_redirect;                // to the fetch: E's redirect, or a predicted one
  wire [31:2] f_target;

  edgellm_rv32_fetch #(.RESET_ADDR(RESET_ADDR)) u_fetch (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .ibus_req_o    (ibus_req_o),
    .ibus_gnt_i    (ibus_gnt_i),
    .ibus_addr_o   (ibus_addr_o),
    .ibus_rvalid_i (ibus_rvalid_i),
    .ibus_rdata_i  (ibus_rdata_i),
    .ibus_err_i    (ibus_err_i),
    .redirect_i    (f_redirect),
    .target_i      (f_target),
    .pend_o        (f_pend),
    .valid_o       (f_valid),
    .instr_o       (f_instr),
    .err_o         (f_err),
    .take_i        (d_take)
  );

  // ================================================================ E stage state
  reg         e_valid_q;
  reg  [31:0] e_instr_q;
  reg  [31:2] e_pc_q;
  reg         e_ifault_q;                // the fetch of this word answered err
  reg  [31:2] d_pc_q;                    // pc of the word at the fetch output

  // ================================================================ W stage state
  reg         w_valid_q;
  reg         w_wr_q;                    // writes w_rd_q (never x0)
  reg  [4:0]  w_rd_q;
  reg         w_mem_q;                   // load or store: waits for the data port's answer
  reg         w_load_q;
  reg  [2:0]  w_f3_q;                    // load width and sign
  reg  [31:0] w_res_q;                   // result, or the address of a load/store
  reg  [31:2] w_pc_q;
  reg         w_fault_q;                 // the data port answered err: trap next

  // the last register write (the register file returns old data in that cycle)
  reg  [31:0] byp_data_q;
  // operand sources of the instruction in E, decided the cycle before:
  // the result in W, the last register write, the register file
  // (or x0: zero), a load in W (wait)
  reg         fw_w1_q, fw_w2_q, fw_b1_q, fw_b2_q, z1_q, z2_q, ld1_q, ld2_q;

  reg         dpend_q;                   // data request raised, not yet granted

  // ================================================================ decode
  // The word at the fetch output is decoded before it enters E; E holds the
  // decoded form (e_dec_q, e_imm_q), so no decoding sits on E's paths.
  wire [31:0] dd_imm;
  wire [21:0] dd;

  edgellm_rv32_decode #(.M_EN(M_EN)) u_dec (
    .instr_i   (f_instr),
    .imm_o     (dd_imm),
    .use_rs1_o (dd[21]),
    .use_rs2_o (dd[20]),
    .wr_rd_o   (dd[19]),
    .lui_o     (dd[18]),
    .auipc_o   (dd[17]),
    .jal_o     (dd[16]),
    .jalr_o    (dd[15]),
    .branch_o  (dd[14]),
    .load_o    (dd[13]),
    .store_o   (dd[12]),
    .alu_o     (dd[11]),
    .alu_imm_o (dd[10]),
    .alu_sub_o (dd[9]),
    .mul_o     (dd[8]),
    .div_o     (dd[7]),
    .fence_i_o (dd[6]),
    .csr_o     (dd[5]),
    .ecall_o   (dd[4]),
    .ebreak_o  (dd[3]),
    .mret_o    (dd[2]),
    .wfi_o     (dd[1]),
    .illegal_o (dd[0])
  );

  // Static prediction: a jal, or a branch with a negative offset (a loop's back
  // edge), is taken as it enters E: the fetch goes to its target at once, and
  // E gets 4 as the instruction's offset, so its address adder yields the link
  // of a jal, or the fall-through that E redirects to when a predicted branch
  // is not taken. Odd-halfword offsets (they trap when taken), fetch errors and
  // a fetch request waiting for its grant leave the instruction to E.
  wire        dd_pred   = (dd[16] || (dd[14] && dd_imm[31])) && !dd_imm[1] && !f_err && !f_pend;
  wire [31:2] dd_target = d_pc_q + dd_imm[31:2];
  reg         e_pred_q;                  // E's jal or branch was predicted taken

  reg  [21:0] e_dec_q;
  reg  [31:0] e_imm_q;
  wire [31:0] imm = e_imm_q;
  wire        use_rs1, use_rs2, wr_rd, d_lui, d_auipc, d_jal, d_jalr, d_branch, d_load, d_store;
  wire        d_alu, d_alu_imm, d_alu_sub, d_mul, d_div, d_fence_i, d_csr, d_ecall, d_ebreak;
  wire        d_mret, d_wfi, d_illegal;
  assign {use_rs1, use_rs2, wr_rd, d_lui, d_auipc, d_jal, d_jalr, d_branch, d_load, d_store, d_alu,
          d_alu_imm, d_alu_sub, d_mul, d_div, d_fence_i, d_csr, d_ecall, d_ebreak, d_mret, d_wfi,
          d_illegal} = e_dec_q;

  wire [4:0] rs1 = e_instr_q[19:15];
  wire [4:0] rs2 = e_instr_q[24:20];
  wire [4:0] rd  = e_instr_q[11:7];
  wire [2:0] f3  = e_instr_q[14:12];

  // ================================================================ operands
  wire [31:0] rf_a, rf_b;
  wire        e_hold;                    // E keeps its instruction next cycle
  wire        rf_we;
  wire [31:0] rf_wdata;

  // the source registers of the instruction in E next cycle
  wire [4:0] nx_rs1 = e_hold ? rs1 : f_instr[19:15];
  wire [4:0] nx_rs2 = e_hold ? rs2 : f_instr[24:20];

  edgellm_rv32_regfile u_rf (
    .clk_i     (clk_i),
    .raddr_a_i (nx_rs1),
    .raddr_b_i (nx_rs2),
    .rdata_a_o (rf_a),
    .rdata_b_o (rf_b),
    .we_i      (rf_we),
    .waddr_i   (w_rd_q),
    .wdata_i   (rf_wdata)
  );

  // forwarding: the result in W (not a load), then the last write
  wire [31:0] rs1_v = fw_w1_q ? w_res_q : ((fw_b1_q ? byp_data_q : rf_a) & {32{!z1_q}});
  wire [31:0] rs2_v = fw_w2_q ? w_res_q : ((fw_b2_q ? byp_data_q : rf_b) & {32{!z2_q}});

  // load-use: a load in W whose data E needs (one cycle when memory answers at once)
  wire hz = (ld1_q && use_rs1) || (ld2_q && use_rs2);

  // ================================================================ execute
  // ALU: register-register and register-immediate operations, slt(i)(u), and
  // the branch comparison; b is inverted here for sub, slt(u) and branches
  wire        alu_cmp  = d_branch || (d_alu && f3[2:1] == 2'b01);
  wire        alu_sub  = d_alu_sub || alu_cmp;
  wire [31:0] alu_bx   = ((d_branch || (d_alu && !d_alu_imm)) ? rs2_v : imm) ^ {32{alu_sub}};
  wire [31:0] alu_res;
  wire        eq, lt, ltu;

  edgellm_rv32_alu u_alu (
    .a_i       (rs1_v),
    .bx_i      (alu_bx),
    .sub_i     (alu_sub),
    .sel_sum_i (d_alu && f3 == 3'b000),
    .sel_sh_i  (d_alu && f3[1:0] == 2'b01),
    .sel_slt_i (d_alu && f3[2:1] == 2'b01),
    .sltu_i    (f3[0]),
    .lop_i     ((d_alu && f3[2]) ? ((f3[1:0] == 2'b00) ? 2'b01 : (f3[1:0] == 2'b10) ? 2'b10 :
                                    (f3[1:0] == 2'b11) ? 2'b11 : 2'b00) : 2'b00),
    .left_i    (!f3[2]),
    .arith_i   (e_instr_q[30]),
    .result_o  (alu_res),
    .eq_o      (eq),
    .lt_o      (lt),
    .ltu_o     (ltu)
  );

  reg br_cond;
  always @* begin
    case (f3)
      3'b000:  br_cond = eq;
      3'b001:  br_cond = !eq;
      3'b100:  br_cond = lt;
      3'b101:  br_cond = !lt;
      3'b110:  br_cond = ltu;
      default: br_cond = !ltu;
    endcase
  end

  // address unit: branch/jump targets, load/store addresses, fence.i's pc + 4,
  // and the results of auipc (pc + imm) and lui (0 + imm)
  wire [31:0] agu_base = (d_jalr || d_load || d_store) ? rs1_v : d_lui ? 32'd0 : {e_pc_q, 2'b00};
  wire [31:0] agu      = agu_base + imm;
  // E redirects for a jalr, a jal or branch taken but not predicted, and a
  // predicted branch not taken (to the fall-through: imm is 4 then)
  wire        flow     = d_jalr || (d_jal && !e_pred_q) || (d_branch && (br_cond != e_pred_q));
  // a target with bit 1 set traps (bit 0 of a jalr target is dropped). For jal
  // and branches that is bit 1 of the offset, known without the adder; a branch
  // with such an offset (rare) waits until W is empty and decides a cycle later
  // from its registered condition, which keeps the comparison out of e_fire
  wire        jump_mis = (d_jal && imm[1]) || (d_jalr && agu[1]);
  wire        br_odd   = d_branch && imm[1];
  reg         br_wait_q, br_cond_q;
  wire        is_mem   = d_load || d_store;
  wire        ls_mis   = is_mem && ((f3[1:0] == 2'b01 && agu[0]) || (f3[1:0] == 2'b10 && agu[1:0] != 2'b00));
  wire        is_md    = d_mul || d_div;
  wire        is_sys   = d_csr || d_mret || d_wfi || d_fence_i;         // wait until W is empty

  // CSRs
  wire        csr_write = (f3[1:0] == 2'b01) || (rs1 != 5'd0);          // csrrw(i) always; csrrs/c unless x0/0
  wire [31:0] csr_rdata, csr_src, csr_wdata;
  wire        csr_irq, csr_wake;
  wire [3:0]  csr_irq_code;
  wire [31:2] mtvec, mepc;
  assign csr_src   = f3[2] ? {27'd0, rs1} : rs1_v;
  assign csr_wdata = (f3[1:0] == 2'b01) ? csr_src :
                     (f3[1:0] == 2'b10) ? (csr_rdata | csr_src) : (csr_rdata & ~csr_src);

  wire        md_busy, md_done;
  wire [31:0] md_res;

  // synchronous exceptions of the instruction in E, in priority order
  wire e_illegal = d_illegal;
  wire e_exc     = e_ifault_q || e_illegal || d_ecall || d_ebreak || jump_mis || ls_mis;
  // a branch with an odd-halfword offset: traps when taken, else retires, once decided
  wire br_odd_go = e_valid_q && br_odd && !e_ifault_q && br_wait_q && !w_valid_q && !f_pend && !irq_want;

  // an interrupt is taken before the instruction in E, unless that is a WFI
  // (which retires first: the handler returns after it), a load/store whose
  // request is already raised, or a started multiply/divide
  wire irq_want = e_valid_q && csr_irq && !(d_wfi && !e_ifault_q) && !dpend_q && !md_busy;

  // W finishes this cycle (or is empty): E may retire into it
  wire w_done     = !w_valid_q || !w_mem_q || (dbus_rvalid_i && !dbus_err_i && !w_fault_q);
  wire w_complete = w_valid_q && !w_fault_q && (!w_mem_q || (dbus_rvalid_i && !dbus_err_i));

  wire trap_w   = w_valid_q && w_fault_q && !f_pend;
  wire trap_e   = e_valid_q && (irq_want || e_exc || (br_odd_go && br_cond_q)) && !w_valid_q && !f_pend;
  wire trap     = trap_w || trap_e;

  wire e_base   = e_valid_q && !e_exc && !br_odd && !irq_want && !hz && w_done;
  assign dbus_req_o = rst_ni && e_base && is_mem;
  // E retires its instruction into W: e_fire_nm for all but loads and stores
  // (no data grant in it), plus loads and stores when granted
  wire e_fire_nm = (e_base && !is_mem && (is_md  ? md_done :
                                          is_sys ? (!w_valid_q && !((d_mret || d_fence_i) && f_pend) &&
                                                    (!d_wfi || csr_wake)) :
                                          (d_jal || d_jalr || d_branch) ? !f_pend : 1'b1)) ||
                   (br_odd_go && !br_cond_q && !e_exc);
  wire e_fire    = e_fire_nm || (e_base && is_mem && dbus_gnt_i);
  /* verilator lint_off UNUSEDSIGNAL */  // no multiply/divide unit when M_EN = 0
  wire md_start = e_valid_q && is_md && !e_exc && !irq_want && !hz && !md_busy;
  /* verilator lint_on UNUSEDSIGNAL */

  // (written without e_fire so that no path leads from dbus_gnt_i to the fetch request)
  assign redirect = trap || (e_base && !f_pend && (flow || ((d_mret || d_fence_i) && !w_valid_q)));
  always @* begin
    if (trap)        redirect_pc = mtvec;
    else if (d_mret) redirect_pc = mepc;
    else             redirect_pc = agu[31:2];
  end

  assign sleep_o = e_valid_q && d_wfi && !e_ifault_q && !w_valid_q && !csr_wake;

  // ---------------------------------------------------------------- trap cause
  reg        t_irq;
  reg [3:0]  t_code;
  reg [31:0] t_tval;
  reg [31:2] t_pc;
  always @* begin
    t_irq  = 1'b0;
    t_code = 4'd0;
    t_tval = 32'd0;
    t_pc   = e_pc_q;
    if (trap_w) begin
      t_code = w_load_q ? 4'd5 : 4'd7;
      t_tval = w_res_q;
      t_pc   = w_pc_q;
    end else if (irq_want) begin
      t_irq  = 1'b1;
      t_code = csr_irq_code;
    end else if (e_ifault_q) begin
      t_code = 4'd1;
      t_tval = {e_pc_q, 2'b00};
    end else if (e_illegal) begin
      t_code = 4'd2;
      t_tval = e_instr_q;
    end else if (d_ecall) begin
      t_code = 4'd11;
    end else if (d_ebreak) begin
      t_code = 4'd3;
    end else if (jump_mis || br_odd) begin
      t_code = 4'd0;
      t_tval = {agu[31:1], 1'b0};
    end else begin
      t_code = d_load ? 4'd4 : 4'd6;
      t_tval = agu;
    end
  end

  edgellm_rv32_csr #(.M_EN(M_EN), .MTVEC_RESET(MTVEC_INIT)) u_csr (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .addr_i         (e_instr_q[31:20]),
    .rdata_o        (csr_rdata),
    .we_i           (e_fire && d_csr && csr_write),
    .wdata_i        (csr_wdata),
    .trap_i         (trap),
    .trap_pc_i      (t_pc),
    .trap_irq_i     (t_irq),
    .trap_code_i    (t_code),
    .trap_tval_i    (t_tval),
    .mret_i         (e_fire && d_mret),
    .retire_i       (retire_o),
    .irq_external_i (irq_external_i),
    .irq_timer_i    (irq_timer_i),
    .irq_take_o     (csr_irq),
    .irq_code_o     (csr_irq_code),
    .wake_o         (csr_wake),
    .mtvec_o        (mtvec),
    .mepc_o         (mepc)
  );

  // ---------------------------------------------------------------- multiply / divide
  generate
    if (M_EN) begin : g_md
      wire        mul_busy, mul_done, div_busy, div_done;
      wire [31:0] mul_res, div_res;
      edgellm_rv32_mul u_mul (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_start && d_mul),
        .ack_i    (e_fire),
        .kill_i   (trap),
        .op_i     (f3[1:0]),
        .a_i      (rs1_v),
        .b_i      (rs2_v),
        .busy_o   (mul_busy),
        .done_o   (mul_done),
        .result_o (mul_res)
      );
      edgellm_rv32_div u_div (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .start_i  (md_start && d_div),
        .ack_i    (e_fire),
        .kill_i   (trap),
        .op_i     (f3[1:0]),
        .a_i      (rs1_v),
        .b_i      (rs2_v),
        .busy_o   (div_busy),
        .done_o   (div_done),
        .result_o (div_res)
      );
      assign md_busy = mul_busy || div_busy;
      assign md_done = d_mul ? mul_done : div_done;
      assign md_res  = d_mul ? mul_res : div_res;
    end else begin : g_no_md
      assign md_busy = 1'b0;
      assign md_done = 1'b0;
      assign md_res  = 32'd0;
    end
  endgenerate

  // ---------------------------------------------------------------- data port request
  reg [3:0]  be;
  reg [31:0] wdata;
  always @* begin
    case (f3[1:0])
      2'b00:   begin be = 4'b0001 << agu[1:0];             wdata = {4{rs2_v[7:0]}};  end
      2'b01:   begin be = agu[1] ? 4'b1100 : 4'b0011;      wdata = {2{rs2_v[15:0]}}; end
      default: begin be = 4'b1111;                         wdata = rs2_v;            end
    endcase
  end
  assign dbus_addr_o  = {agu[31:2], 2'b00};
  assign dbus_we_o    = d_store;
  assign dbus_be_o    = be;
  assign dbus_wdata_o = wdata;

  // ---------------------------------------------------------------- E stage update
  // E takes the fetch output whenever it is free (a redirect in the same cycle
  // only leaves it invalid)
  wire e_free = !e_valid_q || e_fire;
  assign d_take = f_valid && e_free;
  // a predicted jump or branch entering E redirects the fetch, unless E
  // redirects. Not behind a load or store: E's retiring it depends on the data
  // grant, and the fetch request must not (a slave may derive gnt from req)
  wire pred_ok = dd_pred && !(e_valid_q && is_mem);
  wire d_pred  = d_take && pred_ok && !redirect;
  assign f_redirect = redirect || (f_valid && (!e_valid_q || e_fire_nm) && pred_ok);
  assign f_target   = redirect ? redirect_pc : dd_target;
  assign e_hold = e_valid_q && !e_fire && !trap;

  // where E's operands come from next cycle: W then holds E's instruction if E
  // retires now (its result is forwarded unless it is a load: then E waits),
  // or an access still waiting for its answer; the register written now is
  // forwarded from byp_data_q
  wire e_wr = wr_rd && (rd != 5'd0);
  wire w_ld_waits = w_valid_q && w_load_q && w_wr_q && !w_complete;
  // (the comparisons use both candidates for E's next instruction, the one
  // held and the one at the fetch output, so e_fire and e_hold only select)
  wire [4:0] f_rs1 = f_instr[19:15];
  wire [4:0] f_rs2 = f_instr[24:20];
  wire       wb_h1 = (w_rd_q == rs1),   wb_h2 = (w_rd_q == rs2);
  wire       wb_f1 = (w_rd_q == f_rs1), wb_f2 = (w_rd_q == f_rs2);
  always @(posedge clk_i) begin
    fw_w1_q <= e_fire && e_wr && !is_mem && (rd == f_rs1);
    fw_w2_q <= e_fire && e_wr && !is_mem && (rd == f_rs2);
    fw_b1_q <= rf_we && (e_hold ? wb_h1 : wb_f1);
    fw_b2_q <= rf_we && (e_hold ? wb_h2 : wb_f2);
    z1_q    <= e_hold ? (rs1 == 5'd0) : (f_rs1 == 5'd0);
    z2_q    <= e_hold ? (rs2 == 5'd0) : (f_rs2 == 5'd0);
    ld1_q   <= e_fire ? (d_load && e_wr && rd == f_rs1) : (w_ld_waits && (e_hold ? wb_h1 : wb_f1));
    ld2_q   <= e_fire ? (d_load && e_wr && rd == f_rs2) : (w_ld_waits && (e_hold ? wb_h2 : wb_f2));
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      e_valid_q <= 1'b0;
      d_pc_q    <= RESET_ADDR[31:2];
      dpend_q   <= 1'b0;
      br_wait_q <= 1'b0;
    end else begin
      if (redirect)    e_valid_q <= 1'b0;
      else if (e_free) e_valid_q <= f_valid;
      if (redirect)    d_pc_q <= redirect_pc;
      else if (d_pred) d_pc_q <= dd_target;
      else if (d_take) d_pc_q <= d_pc_q + 30'd1;
      dpend_q <= dbus_req_o && !dbus_gnt_i;
      // E keeps an odd-offset branch with W empty: its condition is final
      br_wait_q <= e_valid_q && br_odd && !w_valid_q && !e_fire && !trap;
    end
    br_cond_q <= br_cond;
    if (e_free) begin
      e_instr_q  <= f_instr;
      e_ifault_q <= f_err;
      e_pc_q     <= d_pc_q;
      e_dec_q    <= dd;
      e_imm_q    <= pred_ok ? 32'd4 : dd_imm;
      e_pred_q   <= pred_ok;
    end
  end

  // ================================================================ W stage
  assign retire_o = w_complete;

  // load data: the addressed bytes of the word, extended
  /* verilator lint_off UNUSEDSIGNAL */  // bytes and halfwords use the low 16 bits
  wire [31:0] ld_sh = dbus_rdata_i >> {w_res_q[1:0], 3'b000};
  /* verilator lint_on UNUSEDSIGNAL */
  reg  [31:0] ld_val;
  always @* begin
    case (w_f3_q)
      3'b000:  ld_val = {{24{ld_sh[7]}}, ld_sh[7:0]};
      3'b001:  ld_val = {{16{ld_sh[15]}}, ld_sh[15:0]};
      3'b100:  ld_val = {24'd0, ld_sh[7:0]};
      3'b101:  ld_val = {16'd0, ld_sh[15:0]};
      default: ld_val = dbus_rdata_i;
    endcase
  end

  assign rf_we    = w_complete && w_wr_q;
  assign rf_wdata = w_load_q ? ld_val : w_res_q;

  // the result of the instruction in E: each source is zero unless selected
  // (the ALU's when it is not an ALU operation). The link of a predicted jal is
  // pc + 4 from the address adder; that of a jalr or an unpredicted jal is the
  // pc of the next word, d_pc_q, which is pc + 4 while E holds an instruction
  // that did not redirect the fetch
  wire [31:0] e_result = alu_res |
                         ({32{d_csr}} & csr_rdata) |
                         ({32{is_md}} & md_res) |
                         ({32{is_mem || d_auipc || d_lui || (d_jal && e_pred_q)}} & agu) |
                         ({32{d_jalr || (d_jal && !e_pred_q)}} & {d_pc_q, 2'b00});

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      w_valid_q <= 1'b0;
      w_fault_q <= 1'b0;
    end else begin
      // E retires into W only when W finishes (w_done), so a faulting
      // access stays in W (w_fault_q) until its trap is taken
      if (e_fire)                  w_valid_q <= 1'b1;
      else if (trap_w || w_done)   w_valid_q <= 1'b0;
      if (e_fire || trap_w)        w_fault_q <= 1'b0;
      else if (w_valid_q && w_mem_q && dbus_rvalid_i && dbus_err_i) w_fault_q <= 1'b1;
    end
    if (e_fire) begin
      w_wr_q   <= wr_rd && (rd != 5'd0);
      w_rd_q   <= rd;
      w_mem_q  <= is_mem;
      w_load_q <= d_load;
      w_f3_q   <= f3;
      w_res_q  <= e_result;
      w_pc_q   <= e_pc_q;
    end
    byp_data_q <= rf_wdata;
  end

endmodule
`resetall
