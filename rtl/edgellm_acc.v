// edgellm matrix-vector accelerator: AXI4-Lite slave, weight memory loaded at
// run time, activation and result buffers, and the lane engine.
// Register map and programming model: rtl/README.md; the offsets and fields
// come from regmap.txt (edgellm_acc_regs.vh, generated like edgellm_hw.h's).
`default_nettype none

module edgellm_acc #(
  // a -G value from the command line is 32 bits wide, also for a 1-bit enable
  /* verilator lint_off WIDTH */
  parameter integer LANES      = 32,      // ternary weights per cycle: 16, 32 or 64
  parameter integer WMEM_BYTES = 65536,   // weight memory bytes, a power of two >= 4*LANES
  parameter integer XMAX       = 4096,    // activation buffer bytes = largest cols_pad: power of two, <= 16384
  parameter integer YMAX       = 4096,    // result buffer entries = largest rows: power of two, <= 8192
  parameter [0:0]   T1_EN      = 1'b1,    // 1: type 2 (T1, 1.6 bits/weight) supported
  parameter [0:0]   I8_EN      = 1'b1,    // 1: type 3 (INT8) supported, bit-serial on the lanes
  parameter [0:0]   KV_EN      = 1'b1,    // 1: types 4 and 5 (KDOT, VSUM: attention over a KV cache) supported
  parameter [0:0]   REQ_EN     = 1'b1,    // 1: the requantization epilogue (MAT_REQ) built in
  parameter [0:0]   FAST_RD   = 1'b1,    // 1: a read goes in its AR handshake's cycle; 0: a cycle later
  parameter [0:0]   YWAIT_EN   = 1'b1,    // 1: Y_WAIT built in (reads of y wait for their row)
  parameter [0:0]   SMAX_EN    = 1'b1     // 1: the softmax passes (MAT_REQ.EXP, MAT_REQ with VSUM; with KV_EN and REQ_EN)
  /* verilator lint_on WIDTH */
) (
  input  wire        clk_i,
  input  wire        rst_ni,              // synchronous, active low (ARESETn)
  output wire        irq_o,               // level: done and enabled
  input  wire [15:0] s_axil_awaddr,
  input  wire [2:0]  s_axil_awprot,
  input  wire        s_axil_awvalid,
  output wire        s_axil_awready,
  input  wire [31:0] s_axil_wdata,
  input  wire [3:0]  s_axil_wstrb,
  input  wire        s_axil_wvalid,
  output wire        s_axil_wready,
  output wire [1:0]  s_axil_bresp,
  output wire        s_axil_bvalid,
  input  wire        s_axil_bready,
  input  wire [15:0] s_axil_araddr,
  input  wire [2:0]  s_axil_arprot,
  input  wire        s_axil_arvalid,
  output wire        s_axil_arready,
  output wire [31:0] s_axil_rdata,
  output wire [1:0]  s_axil_rresp,
  output wire        s_axil_rvalid,
  input  wire        s_axil_rready
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (LANES != 16 && LANES != 32 && LANES != 64) begin : g_param_check0
      edgellm_acc_LANES_must_be_16_32_or_64 u_refused ();
    end
    if (WMEM_BYTES < 4 * LANES || WMEM_BYTES > 1073741824 || (WMEM_BYTES & (WMEM_BYTES - 1)) != 0) begin : g_param_check1
      edgellm_acc_WMEM_BYTES_must_be_a_power_of_two_from_4xLANES_to_1G u_refused ();
    end
    if (XMAX < 64 || XMAX < 2 * LANES || XMAX > 16384 || (XMAX & (XMAX - 1)) != 0) begin : g_param_check2
      edgellm_acc_XMAX_must_be_a_power_of_two_from_64_and_2xLANES_to_16384 u_refused ();
    end
    if (YMAX < 2 || YMAX > 8192 || (YMAX & (YMAX - 1)) != 0) begin : g_param_check3
      edgellm_acc_YMAX_must_be_a_power_of_two_from_2_to_8192 u_refused ();
    end
  endgenerate

  localparam integer M      = (LANES < 16) ? 1 : LANES / 16;   // (>= 1 even for an illegal LANES: the check above reports it)
  localparam integer LM     = (M == 4) ? 2 : (M == 2) ? 1 : 0;
  localparam integer WWORDS = WMEM_BYTES / (4 * M);
  localparam integer WAW    = $clog2(WWORDS);
  localparam integer XWORDS = XMAX / (16 * M);
  localparam integer XAW    = $clog2(XWORDS);
  localparam integer GW     = $clog2(XWORDS * M + 1);
  localparam integer RW     = $clog2(YMAX + 1);
  localparam integer YAW    = $clog2(YMAX);
  localparam integer WLOG   = $clog2(WMEM_BYTES);
  localparam integer XLOG   = $clog2(XMAX);

  localparam integer MM1    = M - 1;
  localparam [1:0]   LSEL   = MM1[1:0];   // 32-bit lanes of a weight word, minus one
  localparam integer X4M1   = 4 * M - 1;
  localparam [3:0]   XSEL   = X4M1[3:0];  // 32-bit lanes of an x word, minus one

  // the register map (generated from regmap.txt by regmap.py)
`include "edgellm_acc_regs.vh"

  // The address decode and the read word below are built for this layout of the
  // map: registers below 0x100, the X window at 0x4000 (16 KB), the Y window at
  // 0x8000 (32 KB), CTRL's bits in byte 0 (its write strobe), STATUS's bits 3:0
  // as concatenated there, IRQ bits 0. A map that differs is refused here.
  generate
    if (XBUF != 16'h4000 || XBUF_BYTES != 16384 || YBUF != 16'h8000 || YBUF_BYTES != 32768 ||
        CTRL_START > 7 || CTRL_ABORT > 7 || IRQ_EN_ENABLE != 0 || IRQ_STATUS_DONE != 0 ||
        STATUS_BUSY != 0 || STATUS_DONE != 1 || STATUS_ERR_DESC != 2 || STATUS_ERR_RANGE != 3 ||
        Y_WAIT_ON != 0) begin : g_regmap_check
      edgellm_acc_decode_does_not_match_regmap u_refused ();
    end
  endgenerate

  localparam [0:0]  SMAX    = SMAX_EN && KV_EN && REQ_EN;
  localparam [31:0] ID      = ID_VALUE;
  localparam [31:0] VERSION = ({16'd0, VERSION_MAJOR} << VERSION_MAJOR_LSB) | ({16'd0, VERSION_MINOR} << VERSION_MINOR_LSB);
  localparam [31:0] CAPS    = (LANES << CAPS_LANES_LSB) | (1 << (CAPS_TYPE_LSB + 1)) |
                              ({31'd0, T1_EN} << (CAPS_TYPE_LSB + 2)) | ({31'd0, I8_EN} << (CAPS_TYPE_LSB + 3)) |
                              ({31'd0, KV_EN} << (CAPS_TYPE_LSB + 4)) | ({31'd0, KV_EN} << (CAPS_TYPE_LSB + 5)) |
                              ({31'd0, REQ_EN} << CAPS_REQ) | ({31'd0, YWAIT_EN} << CAPS_YWAIT) |
                              ({31'd0, REQ_EN && KV_EN} << CAPS_KREQ) | ({31'd0, SMAX} << CAPS_SMAX);

  // ------------------------------------------------------------ bus front end
  wire        wr, rd, rd_try, wr_err, rd_err;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] wr_addr;                // decoded at the AW handshake; the X window uses [13:2]
  /* verilator lint_on UNUSEDSIGNAL */
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] rd_addr;                // bits [1:0]: accesses are whole words
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] wr_data, rd_data;
  wire [3:0]  wr_strb;

  edgellm_acc_axil #(.ADDR_W(16), .FAST_RD(FAST_RD)) u_axil (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .s_axil_awaddr  (s_axil_awaddr),
    .s_axil_awprot  (s_axil_awprot),
    .s_axil_awvalid (s_axil_awvalid),
    .s_axil_awready (s_axil_awready),
    .s_axil_wdata   (s_axil_wdata),
    .s_axil_wstrb   (s_axil_wstrb),
    .s_axil_wvalid  (s_axil_wvalid),
    .s_axil_wready  (s_axil_wready),
    .s_axil_bresp   (s_axil_bresp),
    .s_axil_bvalid  (s_axil_bvalid),
    .s_axil_bready  (s_axil_bready),
    .s_axil_araddr  (s_axil_araddr),
    .s_axil_arprot  (s_axil_arprot),
    .s_axil_arvalid (s_axil_arvalid),
    .s_axil_arready (s_axil_arready),
    .s_axil_rdata   (s_axil_rdata),
    .s_axil_rresp   (s_axil_rresp),
    .s_axil_rvalid  (s_axil_rvalid),
    .s_axil_rready  (s_axil_rready),
    .wr_o           (wr),
    .wr_addr_o      (wr_addr),
    .wr_data_o      (wr_data),
    .wr_strb_o      (wr_strb),
    .wr_err_i       (wr_err),
    .rd_o           (rd),
    .rd_addr_o      (rd_addr),
    .rd_data_i      (rd_data),
    .rd_err_i       (rd_err),
    .rd_ready_i     (rd_ready),
    .rd_try_o       (rd_try)
  );

  // -------------------------------------------------------------- registers
  reg        start_q, abort_q;            // one-cycle commands to the engine
  reg        pend_q;                      // START written, descriptor being checked
  reg        done_q, err_desc_q, err_range_q, irq_en_q, irq_pend_q;
  reg        ywait_q;                       // Y_WAIT.ON
  reg [31:0] type_q, rows_q, cols_q, stride_q, base_q, waddr_q;
  reg [31:0] cycles_q, slots_q;
  reg        winr_q, winr_d;
  localparam [WLOG:0] WSTEP = 4;
  reg [31:0] waddr_d;

  wire       e_busy, e_done, e_err_range;
  wire [2:0] e_slots;
  wire       k_busy, k_done, k_err_range;   // the KV unit (types 4 and 5)
  wire       q_busy, q_done, q_err_range;   // the requantization epilogue
  reg        req_q, exp_q;                  // MAT_REQ.ON, MAT_REQ.EXP
  reg [31:0] escl_q, epm_q, epe_q;          // EPI_SCALES, EPI_M, EPI_E
  reg [31:0] eqw_q, escl2_q;                // EXP_QW, EXP_SCALES
  wire [31:0] q_wsum, q_emax;               // WSUM, EMAX
  wire       q_x_we, q_fin;
  // VSUM with MAT_REQ: the epilogue first (its results become the x entries), then the sums
  wire       vreq    = SMAX && type_q[2] && type_q[0] && req_q;
  // the product's last row is in y: the epilogue starts instead of DONE
  // (also after a KDOT: its rows are scaled the same way, the attention's scores)
  wire       q_start = ((e_done || k_done) && req_q && REQ_EN && !vreq) || (start_q && vreq);
  // an ABORT (abort_q) ends busy at once: the engine is reset at this edge;
  // a START counts from its posted cycle (do_start) on
  wire       busy = ((e_busy || k_busy || q_busy || q_start) && !abort_q) || start_q || pend_q || do_start;
  // Bus-side locking uses busy one cycle late (shorter paths). Safe: the
  // engine is never busy in a cycle after one where `busy` was low, and the
  // descriptor/X/WDATA writes that lock checks come at least two cycles after
  // the START write that raised it.
  reg        lock_q;
  always @(posedge clk_i) lock_q <= rst_ni && busy;
  // WDATA may be accessed: not locked, WADDR in range (one flip-flop for the
  // weight memory's enables)
  reg        wfree_q;
  always @(posedge clk_i) wfree_q <= !rst_ni || (!busy && winr_d);

  function [31:0] bytemask(input [31:0] old, input [31:0] val, input [3:0] strb);
    integer b;
    begin
      for (b = 0; b < 4; b = b + 1) bytemask[8*b +: 8] = strb[b] ? val[8*b +: 8] : old[8*b +: 8];
    end
  endfunction

  // v <= 2^lg for the power-of-two sizes: no comparator carry chains
  function le_pow2(input [31:0] v, input integer lg);
    le_pow2 = ((v >> lg) == 32'd0) || (v == (32'd1 << lg));
  endfunction

  // Descriptor check, in two register stages: each test on the registers,
  // then their combination. START takes effect two cycles after its wr pulse
  // (posted, then pend_q, which already reads as BUSY). Bus writes are at
  // least two cycles apart: a descriptor write with its pulse in cycle w holds
  // its value from w+2, START's pulse comes at w+2 at the earliest and pend_q
  // at w+4, so desc_ok reflects the last descriptor write by then.
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] grp = cols_q >> 4;      // groups of 16 columns; only GW bits reach the engine
  /* verilator lint_on UNUSEDSIGNAL */
  // 16 = 1 (mod 5): the sum of the hex digits of grp has grp's residue mod 5
  wire [5:0]  dsum5 = {2'b0, grp[3:0]} + {2'b0, grp[7:4]} + {2'b0, grp[11:8]} + {2'b0, grp[15:12]};
  reg  [5:0]  dsum5_q;
  // dsum5_q <= 60: a multiple of 5 (one 6-input function, no adder)
  wire        grp_div5 = (dsum5_q == 6'd0) || (dsum5_q == 6'd5) || (dsum5_q == 6'd10) || (dsum5_q == 6'd15) ||
                         (dsum5_q == 6'd20) || (dsum5_q == 6'd25) || (dsum5_q == 6'd30) || (dsum5_q == 6'd35) ||
                         (dsum5_q == 6'd40) || (dsum5_q == 6'd45) || (dsum5_q == 6'd50) || (dsum5_q == 6'd55) ||
                         (dsum5_q == 6'd60);
  reg         ty1_q, ty2_q, ty3_q, ty4_q, ty5_q, cnz_q, cle_q, c16_q, c64_q, rows_ok_q, addr_ok_q, desc_ok;
  reg         cle4_q, cley_q, rle4_q, req_ok_q, exp_ok_q;
  always @(posedge clk_i) begin
    dsum5_q   <= dsum5;
    ty1_q     <= (type_q == 32'd1);
    ty2_q     <= (type_q == 32'd2) && T1_EN;
    ty3_q     <= (type_q == 32'd3) && I8_EN;
    ty4_q     <= (type_q == 32'd4) && KV_EN;
    ty5_q     <= (type_q == 32'd5) && KV_EN;
    cle4_q    <= le_pow2(cols_q, XLOG - 2);      // KDOT: cols int32 entries in X
    cley_q    <= le_pow2(cols_q, YAW);           // VSUM: cols results
    rle4_q    <= (rows_q != 0) && le_pow2(rows_q, XLOG - 2);   // VSUM: rows int32 entries in X
    // MAT_REQ: built in, scale pairs 8-byte aligned inside the weight memory (types 1-3, below)
    req_ok_q  <= !req_q || (REQ_EN && (escl_q[2:0] == 3'd0) && ((escl_q >> WLOG) == 32'd0));
    // MAT_REQ.EXP: built in, qw <= 29, the V pairs 8-byte aligned inside the weight memory
    exp_ok_q  <= !exp_q || (SMAX && req_q && (eqw_q <= 32'd29) && (escl2_q[2:0] == 3'd0) && ((escl2_q >> WLOG) == 32'd0));
    cnz_q     <= (cols_q != 0);
    cle_q     <= le_pow2(cols_q, XLOG);
    c16_q     <= (cols_q[3:0] == 4'd0);
    c64_q     <= (cols_q[5:0] == 6'd0);
    rows_ok_q <= (rows_q != 0) && le_pow2(rows_q, YAW);
    addr_ok_q <= (stride_q[3:0] == 4'd0) && le_pow2(stride_q, WLOG) &&
                 (base_q[3:0] == 4'd0) && ((base_q >> WLOG) == 32'd0);
    // second stage
    // (EXP only after a KDOT; VSUM with MAT_REQ reads y[0 .. rows): rows <= YMAX too)
    desc_ok   <= (((ty1_q || ty2_q || ty3_q) && cle_q && (!ty1_q || c64_q) && (!ty2_q || grp_div5) && rows_ok_q &&
                   req_ok_q && !exp_q) ||
                  (ty4_q && cle4_q && rows_ok_q && req_ok_q && exp_ok_q) ||
                  (ty5_q && cley_q && rle4_q && !exp_q && (!req_q || (SMAX && req_ok_q && rows_ok_q)))) &&
                 cnz_q && c16_q && addr_ok_q;
  end

  // Write decode, registered when the slave accepts the address (the AW
  // handshake): wr_addr holds exactly that address until its wr pulse (a
  // property proven in formal/), so the write enables and the answer start
  // from flip-flops. The sizes are powers of two: range checks are tests for
  // zero high bits.
  wire        aw_take = s_axil_awvalid && s_axil_awready;
  wire        aw_reg  = (s_axil_awaddr[15:8] == 8'd0);
  wire [5:0]  aw_idx  = s_axil_awaddr[7:2];
  wire [15:0] aw_xoff = {2'b00, s_axil_awaddr[13:0]};
  reg         sel_ctrl, sel_type, sel_rows, sel_cols, sel_strd, sel_base, sel_irqe, sel_irqs,
              sel_waddr, sel_wdata, sel_req, sel_escl, sel_epm, sel_epe, sel_ywait, sel_eqw, sel_escl2, wr_x, wr_lock,
              wr_known;
  always @(posedge clk_i) begin
    if (aw_take) begin
      sel_ctrl  <= aw_reg && (aw_idx == R_CTRL);
      sel_type  <= aw_reg && (aw_idx == R_MAT_TYPE);
      sel_rows  <= aw_reg && (aw_idx == R_MAT_ROWS);
      sel_cols  <= aw_reg && (aw_idx == R_MAT_COLS);
      sel_strd  <= aw_reg && (aw_idx == R_MAT_STRIDE);
      sel_base  <= aw_reg && (aw_idx == R_MAT_BASE);
      sel_irqe  <= aw_reg && (aw_idx == R_IRQ_EN);
      sel_irqs  <= aw_reg && (aw_idx == R_IRQ_STATUS);
      sel_waddr <= aw_reg && (aw_idx == R_WADDR);
      sel_wdata <= aw_reg && (aw_idx == R_WDATA);
      sel_req   <= aw_reg && (aw_idx == R_MAT_REQ);
      sel_ywait <= aw_reg && (aw_idx == R_Y_WAIT);
      sel_escl  <= aw_reg && (aw_idx == R_EPI_SCALES);
      sel_epm   <= aw_reg && (aw_idx == R_EPI_M);
      sel_epe   <= aw_reg && (aw_idx == R_EPI_E);
      sel_eqw   <= aw_reg && (aw_idx == R_EXP_QW);
      sel_escl2 <= aw_reg && (aw_idx == R_EXP_SCALES);
      wr_x      <= (s_axil_awaddr[15:14] == 2'b01) && ((aw_xoff >> XLOG) == 16'd0);
      // refused while busy: the descriptor and the X window
      wr_lock   <= (aw_reg && (aw_idx == R_MAT_TYPE || aw_idx == R_MAT_ROWS || aw_idx == R_MAT_COLS ||
                               aw_idx == R_MAT_STRIDE || aw_idx == R_MAT_BASE || aw_idx == R_MAT_REQ ||
                               aw_idx == R_EPI_SCALES || aw_idx == R_EPI_M || aw_idx == R_EPI_E ||
                               aw_idx == R_EXP_QW || aw_idx == R_EXP_SCALES)) ||
                   ((s_axil_awaddr[15:14] == 2'b01) && ((aw_xoff >> XLOG) == 16'd0));
      // writable at all: CTRL, IRQ_EN, IRQ_STATUS, the descriptor, WADDR, WDATA, X
      wr_known  <= (aw_reg && (aw_idx == R_CTRL || aw_idx == R_IRQ_EN || aw_idx == R_IRQ_STATUS ||
                               aw_idx == R_MAT_TYPE || aw_idx == R_MAT_ROWS || aw_idx == R_MAT_COLS ||
                               aw_idx == R_MAT_STRIDE || aw_idx == R_MAT_BASE || aw_idx == R_WADDR ||
                               aw_idx == R_WDATA || aw_idx == R_MAT_REQ || aw_idx == R_EPI_SCALES ||
                               aw_idx == R_EPI_M || aw_idx == R_EPI_E || aw_idx == R_Y_WAIT ||
                               aw_idx == R_EXP_QW || aw_idx == R_EXP_SCALES)) ||
                   ((s_axil_awaddr[15:14] == 2'b01) && ((aw_xoff >> XLOG) == 16'd0));
    end
  end
  wire        w_inrng = winr_q;         // WADDR < WMEM_BYTES, kept with WADDR
  // SLVERR: unknown or read-only address; while busy: a START, the descriptor,
  // X, WDATA; WDATA beyond the weight memory
  assign wr_err = !wr_known || (lock_q && (wr_lock || sel_wdata || (sel_ctrl && wr_strb[0] && wr_data[CTRL_START]))) ||
                  (sel_wdata && !w_inrng);

  // Writes are posted: a write takes effect in the cycle after its wr pulse,
  // from flip-flops. The slave issues no read in that cycle, and the write's
  // address, data and strobes are still on the register port (both proven in
  // formal/), so the register side sees it as if it were still pending. What
  // is refused is decided at the wr pulse, with the answer. ABORT alone acts
  // at once (abort_q, as before).
  reg  p_wr_q, p_free_q, p_wd_q;
  always @(posedge clk_i) begin
    p_wr_q   <= rst_ni && wr;
    p_free_q <= rst_ni && wr && !lock_q;      // not refused while busy
    p_wd_q   <= rst_ni && wr && sel_wdata && wfree_q;
  end
  wire ab_now    = wr && sel_ctrl && wr_strb[0] && wr_data[CTRL_ABORT];
  wire do_start  = p_free_q && sel_ctrl && wr_strb[0] && wr_data[CTRL_START];
  wire w_wr      = p_wd_q;
  wire x_wr      = p_free_q && wr_x;
  wire irq_clr   = p_wr_q && sel_irqs && wr_strb[0] && wr_data[0];
  wire waddr_wr  = p_wr_q && sel_waddr;

  // Read decode: one select per register, so the answer is an AND-OR of
  // flip-flops, registered at rd. With FAST_RD the slave issues a read in the
  // cycle of its AR handshake (rd_addr = ARADDR) or one cycle later from its own
  // flip-flop, and the decode is of rd_addr in the rd cycle; without it every
  // read comes a cycle after its handshake and the decode is registered there
  // (rd_addr holds that address at the rd pulse, proven in formal/), so ARADDR
  // only feeds registers.
  localparam integer NR = R_COUNT;      // register indices 0 .. the last register
  wire [63:0] known64 = R_KNOWN;
  wire [NR-1:0] rs;                     // rs[i]: the address is register i
  wire        rd_y, rd_known;
  genvar       gi;
  generate
    if (FAST_RD) begin : g_rd_now
      wire        rd_reg  = (rd_addr[15:8] == 8'd0);
      wire [5:0]  rd_idx  = rd_addr[7:2];
      wire [15:0] rd_yidx = {3'b000, rd_addr[14:2]};
      assign rd_y     = rd_addr[15] && ((rd_yidx >> YAW) == 16'd0);
      assign rd_known = (rd_reg && known64[rd_idx]) || rd_y;
      for (gi = 0; gi < NR; gi = gi + 1) begin : g_rs
        localparam [5:0] IDX = gi;
        assign rs[gi] = rd_reg && (rd_idx == IDX);
      end
    end else begin : g_rd_held
      wire        ar_take = s_axil_arvalid && s_axil_arready;
      wire        ar_reg  = (s_axil_araddr[15:8] == 8'd0);
      wire [5:0]  ar_idx  = s_axil_araddr[7:2];
      wire [15:0] ar_yidx = {3'b000, s_axil_araddr[14:2]};
      reg  [NR-1:0] rs_q;
      reg           y_q, known_q;
      for (gi = 0; gi < NR; gi = gi + 1) begin : g_rs
        localparam [5:0] IDX = gi;
        always @(posedge clk_i) begin
          if (ar_take) rs_q[gi] <= ar_reg && (ar_idx == IDX);
        end
      end
      always @(posedge clk_i) begin
        if (ar_take) begin
          y_q     <= s_axil_araddr[15] && ((ar_yidx >> YAW) == 16'd0);
          known_q <= (ar_reg && known64[ar_idx]) || (s_axil_araddr[15] && ((ar_yidx >> YAW) == 16'd0));
        end
      end
      assign rs       = rs_q;
      assign rd_y     = y_q;
      assign rd_known = known_q;
    end
  endgenerate
  wire [63:0] rsel   = {{(64-NR){1'b0}}, rs};

  // Y_WAIT: every unit writes a product's final y entries in ascending order
  // (the engine at each row's end, the epilogue after it, the KV unit's drain),
  // so y[0 .. yfin_q) are final once y[yfin_q - 1] is written. With Y_WAIT.ON a
  // read of y[r], r >= yfin_q, waits while busy (the slave holds it back). A
  // START resets yfin_q in its posted cycle (no read comes in that cycle).
  reg  [YAW:0] yfin_q;
  // (with MAT_REQ.EXP the softmax pass's writes; VSUM with MAT_REQ: the sums')
  wire         fin_we   = (req_q && REQ_EN && !vreq) ? q_fin : k_busy ? k_y_we : e_y_we;
  wire [YAW-1:0] fin_a  = (req_q && REQ_EN && !vreq) ? q_y_waddr : k_busy ? k_y_addr : e_y_addr;
  always @(posedge clk_i) begin
    if (do_start)    yfin_q <= {(YAW+1){1'b0}};
    else if (fin_we) yfin_q <= {1'b0, fin_a} + 1'b1;
  end
  // (busy one cycle late, lock_q, for a short path: it is high from the cycle after
  // START's posted cycle, the first in which a read can come, and a read beyond the
  // product's rows waits one cycle more after the end)
  wire         rd_ready = !(YWAIT_EN && ywait_q && lock_q && rd_y && ({1'b0, rd_addr[YAW+1:2]} >= yfin_q));
  // (WDATA reads never wait for Y_WAIT: rd_try, without the y row compare in the path)
  wire        w_rd   = rd_try && rsel[R_WDATA] && wfree_q;
  wire [31:0] rval   = ({32{rsel[R_ID]}}         & ID) |
                       ({32{rsel[R_VERSION]}}    & VERSION) |
                       ({32{rsel[R_CAPS]}}       & CAPS) |
                       ({32{rsel[R_WMEM_BYTES]}}       & WMEM_BYTES) |
                       ({32{rsel[R_XMAX]}}       & XMAX) |
                       ({32{rsel[R_YMAX]}}       & YMAX) |
                       ({32{rsel[R_STATUS]}}     & {28'd0, err_range_q & ~pend_q, err_desc_q & ~pend_q,
                                                  done_q & ~pend_q, busy}) |
                       ({32{rsel[R_IRQ_EN]}}     & {31'd0, irq_en_q}) |
                       ({32{rsel[R_Y_WAIT]}}     & {31'd0, ywait_q}) |
                       ({32{rsel[R_IRQ_STATUS]}} & {31'd0, irq_pend_q & ~pend_q}) |
                       ({32{rsel[R_MAT_TYPE]}}       & type_q) |
                       ({32{rsel[R_MAT_ROWS]}}       & rows_q) |
                       ({32{rsel[R_MAT_COLS]}}       & cols_q) |
                       ({32{rsel[R_MAT_STRIDE]}}     & stride_q) |
                       ({32{rsel[R_MAT_BASE]}}       & base_q) |
                       ({32{rsel[R_CYCLES]}}     & cycles_q) |
                       ({32{rsel[R_SLOTS]}}      & slots_q) |
                       ({32{rsel[R_WADDR]}}      & waddr_q) |
                       ({32{rsel[R_MAT_REQ]}}    & {30'd0, exp_q, req_q}) |
                       ({32{rsel[R_EXP_QW]}}     & eqw_q) |
                       ({32{rsel[R_EXP_SCALES]}} & escl2_q) |
                       ({32{rsel[R_WSUM]}}       & q_wsum) |
                       ({32{rsel[R_EMAX]}}       & q_emax) |
                       ({32{rsel[R_EPI_SCALES]}} & escl_q) |
                       ({32{rsel[R_EPI_M]}}      & epm_q) |
                       ({32{rsel[R_EPI_E]}}      & epe_q);
  // SLVERR: unknown address, X window; WDATA while busy or beyond the memory
  wire        rbad   = !rd_known || (rsel[R_WDATA] && (lock_q || !w_inrng));

  reg [31:0] rreg_q;
  reg        rerr_q, rsel_y_q, rsel_w_q;
  reg [1:0]  rlane_q;
  always @(posedge clk_i) begin
    if (rd) begin
      rreg_q   <= rval;
      rerr_q   <= rbad;
      rsel_y_q <= rd_y;
      rsel_w_q <= w_rd;
      rlane_q  <= waddr_q[3:2] & LSEL;
    end
  end

  // control and status registers
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      start_q     <= 1'b0;
      pend_q      <= 1'b0;
      abort_q     <= 1'b0;
      done_q      <= 1'b0;
      err_desc_q  <= 1'b0;
      err_range_q <= 1'b0;
      irq_en_q    <= 1'b0;
      ywait_q     <= 1'b0;
      irq_pend_q  <= 1'b0;
      type_q      <= 32'd0;
      rows_q      <= 32'd0;
      cols_q      <= 32'd0;
      stride_q    <= 32'd0;
      base_q      <= 32'd0;
      waddr_q     <= 32'd0;
      winr_q      <= 1'b1;
      cycles_q    <= 32'd0;
      slots_q     <= 32'd0;
      req_q       <= 1'b0;
      exp_q       <= 1'b0;
      eqw_q       <= 32'd0;
      escl2_q     <= 32'd0;
      escl_q      <= 32'd0;
      epm_q       <= 32'd0;
      epe_q       <= 32'd0;
    end else begin
      pend_q  <= do_start && !abort_q;      // (START and ABORT in one write: ABORT)
      start_q <= pend_q && desc_ok && !ab_now;
      abort_q <= ab_now;
      if (pend_q) begin
        // the previous run's flags go now (STATUS masks them while pending);
        // a rejected descriptor completes at once
        done_q      <= !desc_ok;
        err_desc_q  <= !desc_ok;
        err_range_q <= 1'b0;
        irq_pend_q  <= !desc_ok;
        cycles_q    <= 32'd0;
        slots_q     <= 32'd0;
      end else begin
        if (((e_done || k_done) && !q_start) || (q_done && !vreq)) begin
          done_q     <= 1'b1;
          irq_pend_q <= 1'b1;
        end
        if (e_err_range || k_err_range || q_err_range) err_range_q <= 1'b1;
        if (e_busy || k_busy || q_busy) cycles_q <= cycles_q + 1'b1;
        if (e_busy) begin
          slots_q  <= slots_q + {29'd0, e_slots};
        end
        if (irq_clr) irq_pend_q <= 1'b0;
      end
      if (p_wr_q && sel_irqe && wr_strb[0]) irq_en_q <= wr_data[0];
      if (p_wr_q && sel_ywait && wr_strb[0]) ywait_q <= wr_data[Y_WAIT_ON] && YWAIT_EN;
      if (p_free_q && sel_type) type_q   <= bytemask(type_q, wr_data, wr_strb);
      if (p_free_q && sel_rows) rows_q   <= bytemask(rows_q, wr_data, wr_strb);
      if (p_free_q && sel_cols) cols_q   <= bytemask(cols_q, wr_data, wr_strb);
      if (p_free_q && sel_strd) stride_q <= bytemask(stride_q, wr_data, wr_strb);
      if (p_free_q && sel_base) base_q   <= bytemask(base_q, wr_data, wr_strb);
      if (p_free_q && sel_req && wr_strb[0]) begin
        req_q <= wr_data[MAT_REQ_ON];
        exp_q <= wr_data[MAT_REQ_EXP] && SMAX;
      end
      // (without the softmax passes EXP_QW and EXP_SCALES read 0)
      if (p_free_q && sel_eqw && SMAX)   eqw_q   <= bytemask(eqw_q, wr_data, wr_strb) & 32'h1F;
      if (p_free_q && sel_escl2 && SMAX) escl2_q <= bytemask(escl2_q, wr_data, wr_strb);
      // (without the epilogue the EPI registers read 0 and cost nothing)
      if (p_free_q && sel_escl && REQ_EN) escl_q <= bytemask(escl_q, wr_data, wr_strb);
      if (p_free_q && sel_epm && REQ_EN)  epm_q  <= bytemask(epm_q, wr_data, wr_strb);
      if (p_free_q && sel_epe && REQ_EN)  epe_q  <= bytemask(epe_q, wr_data, wr_strb);
      waddr_q <= waddr_d;
      winr_q  <= winr_d;
    end
  end

  // WADDR: written directly, or advanced by 4 by each WDATA access
  always @(*) begin
    waddr_d = waddr_q;
    winr_d  = winr_q;
    if (waddr_wr) begin
      waddr_d = bytemask(waddr_q, wr_data, wr_strb) & 32'hFFFF_FFFC;
      winr_d  = ((waddr_d >> WLOG) == 32'd0);
    end else if (w_wr || w_rd) begin
      // only in range (WADDR < WMEM_BYTES, so the bits from WLOG up are zero):
      // the step is a WLOG-bit add whose carry sets bit WLOG; it stays in range
      // unless it was the last word (no adder in front of winr)
      waddr_d = {{(31-WLOG){1'b0}}, {1'b0, waddr_q[WLOG-1:0]} + WSTEP};
      winr_d  = winr_q && (waddr_q[WLOG-1:2] != {(WLOG-2){1'b1}});
    end
  end

  reg irq_q;
  always @(posedge clk_i) begin
    if (!rst_ni) irq_q <= 1'b0;
    else         irq_q <= irq_en_q && irq_pend_q;
  end
  assign irq_o = irq_q;

  // ---------------------------------------------------------------- memories
  // weight memory: the engine owns the single port while busy, the bus
  // otherwise (bus accesses need wfree_q, which is low while the engine is
  // busy). A WDATA write reaches the memory in its posted cycle, one with no
  // bus read and no engine access (START needs a later write).
  // The port reads in every cycle of a run (the engine takes the data only
  // after its own reads) and for every WDATA read (used when it is allowed):
  // no request logic in front of the memory's enables.
  /* verilator lint_off UNUSEDSIGNAL */
  wire             e_w_re;            // the memory reads in every busy cycle anyway
  /* verilator lint_on UNUSEDSIGNAL */
  wire [WAW-1:0]   e_w_addr, k_w_addr, q_w_addr;
  wire [32*M-1:0]  w_rdata;
  wire [1:0]       w_lane = waddr_q[3:2] & LSEL;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0]      w_word = waddr_q >> (2 + LM);   // in range when used (w_inrng)
  /* verilator lint_on UNUSEDSIGNAL */
  wire [4*M-1:0]   w_be   = w_wr ? ({{(4*M-4){1'b0}}, wr_strb} << (4 * w_lane)) : {(4*M){1'b0}};

  edgellm_acc_ram_sp #(.WIDTH(32 * M), .DEPTH(WWORDS)) u_wmem (
    .clk_i   (clk_i),
    .en_i    (e_busy || k_busy || q_busy || (rd_try && rsel[R_WDATA])),
    .wbe_i   (w_be),
    .addr_i  (e_busy ? e_w_addr : k_busy ? k_w_addr : q_busy ? q_w_addr : w_word[WAW-1:0]),
    .wdata_i ({M{wr_data}}),
    .rdata_o (w_rdata)
  );

  // activation buffer: bus writes 32-bit words (posted), the engine reads
  // LANES bytes, from start_i on, after the last X write; the bus never reads it.
  wire             e_x_re, k_x_re;
  wire [XAW-1:0]   e_x_addr, k_x_addr;
  wire [8*LANES-1:0] x_rdata;
  wire [3:0]       x_lane = wr_addr[5:2] & XSEL;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0]      x_word = {2'b00, wr_addr[13:0]} >> (4 + LM);
  /* verilator lint_on UNUSEDSIGNAL */

  // (VSUM with MAT_REQ: the epilogue writes entry r, word r / (LANES/4), while busy,
  // when the bus cannot)
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0]      qx_ent  = {{(16-YAW){1'b0}}, q_y_waddr};
  wire [15:0]      qx_word = qx_ent >> (2 + LM);
  /* verilator lint_on UNUSEDSIGNAL */
  wire [3:0]       qx_lane = qx_ent[3:0] & XSEL;

  edgellm_acc_ram_sdp #(.WIDTH(8 * LANES), .DEPTH(XWORDS)) u_xbuf (
    .clk_i   (clk_i),
    .we_i    (x_wr || q_x_we),
    .waddr_i (q_x_we ? qx_word[XAW-1:0] : x_word[XAW-1:0]),
    .wbe_i   ({{(LANES-4){1'b0}}, q_x_we ? 4'hF : wr_strb} << (4 * (q_x_we ? qx_lane : x_lane))),
    .wdata_i ({(LANES/4){q_x_we ? q_y_wdata : wr_data}}),
    .re_i    (e_x_re || k_x_re),
    .raddr_i (k_busy ? k_x_addr : e_x_addr),
    .rdata_o (x_rdata)
  );

  // result buffer: the engine writes, the bus reads
  wire             e_y_we, k_y_we, q_y_we, q_y_re;
  wire [YAW-1:0]   e_y_addr, k_y_addr, q_y_waddr, q_y_raddr;
  wire [31:0]      e_y_wdata, k_y_wdata, q_y_wdata, y_rdata;

  edgellm_acc_ram_sdp #(.WIDTH(32), .DEPTH(YMAX)) u_ybuf (
    .clk_i   (clk_i),
    .we_i    (e_y_we || k_y_we || q_y_we),
    .waddr_i (k_busy ? k_y_addr : q_y_we ? q_y_waddr : e_y_addr),
    .wbe_i   (4'hF),
    .wdata_i (k_busy ? k_y_wdata : q_y_we ? q_y_wdata : e_y_wdata),
    .re_i    ((rd && rd_y) || q_y_re),
    .raddr_i (q_y_re ? q_y_raddr : rd_addr[YAW+1:2]),
    .rdata_o (y_rdata)
  );

  assign rd_data = rsel_y_q ? y_rdata : rsel_w_q ? w_rdata[32*rlane_q +: 32] : rreg_q;
  assign rd_err  = rerr_q;

  // ------------------------------------------------------------------ engine
  edgellm_acc_engine #(
    .LANES(LANES), .WWORDS(WWORDS), .XWORDS(XWORDS), .YMAX(YMAX),
    .T1_EN(T1_EN), .I8_EN(I8_EN)
  ) u_engine (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (start_q && !type_q[2]),
    .abort_i     (abort_q),
    .type_i      (type_q[1:0]),
    .rows_i      (rows_q[RW-1:0]),
    .groups_i    (grp[GW-1:0]),
    .stride_i    (stride_q[WAW+2+LM:2+LM]),
    .base_i      (base_q[WAW+1+LM:2+LM]),
    .w_re_o      (e_w_re),
    .w_addr_o    (e_w_addr),
    .w_rdata_i   (w_rdata),
    .x_re_o      (e_x_re),
    .x_addr_o    (e_x_addr),
    .x_rdata_i   (x_rdata),
    .y_we_o      (e_y_we),
    .y_addr_o    (e_y_addr),
    .y_wdata_o   (e_y_wdata),
    .busy_o      (e_busy),
    .done_o      (e_done),
    .err_range_o (e_err_range),
    .slots_o     (e_slots)
  );

  // ------------------------------------------------------------------ KV unit
  generate
    if (KV_EN) begin : g_kv
      /* verilator lint_off UNUSEDSIGNAL */
      wire k_w_re;                    // the memory reads in every busy cycle anyway
      /* verilator lint_on UNUSEDSIGNAL */
      edgellm_acc_kv #(
        .LANES(LANES), .WWORDS(WWORDS), .XWORDS(XWORDS), .YMAX(YMAX)
      ) u_kv (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .start_i     ((start_q && type_q[2] && !vreq) || (q_done && vreq)),
        .abort_i     (abort_q),
        .vsum_i      (type_q[0]),
        .rows_i      (rows_q[15:0]),
        .cols_w_i    (cols_q[LM+17:LM+2]),
        .stride_i    (stride_q[WAW+2+LM:2+LM]),
        .base_i      (base_q[WAW+1+LM:2+LM]),
        .w_re_o      (k_w_re),
        .w_addr_o    (k_w_addr),
        .w_rdata_i   (w_rdata),
        .x_re_o      (k_x_re),
        .x_addr_o    (k_x_addr),
        .x_rdata_i   (x_rdata),
        .y_we_o      (k_y_we),
        .y_addr_o    (k_y_addr),
        .y_wdata_o   (k_y_wdata),
        .busy_o      (k_busy),
        .done_o      (k_done),
        .err_range_o (k_err_range)
      );
    end else begin : g_no_kv
      assign k_busy      = 1'b0;
      assign k_done      = 1'b0;
      assign k_err_range = 1'b0;
      assign k_w_addr    = {WAW{1'b0}};
      assign k_x_re      = 1'b0;
      assign k_x_addr    = {XAW{1'b0}};
      assign k_y_we      = 1'b0;
      assign k_y_addr    = {YAW{1'b0}};
      assign k_y_wdata   = 32'd0;
    end
  endgenerate

  // ------------------------------------------------- requantization epilogue
  generate
    if (REQ_EN) begin : g_req
      edgellm_acc_req #(
        .M(M), .SMAX_EN(SMAX), .WWORDS(WWORDS), .YMAX(YMAX)
      ) u_req (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .start_i     (q_start && !abort_q),
        .abort_i     (abort_q),
        .rows_i      (rows_q[RW-1:0]),
        .scales_i    (escl_q[WAW+LM+4:2]),
        .s16_m_i     (epm_q),
        .s16_e_i     (epe_q),
        .bus_y_rd_i  (rd && rd_y),
        .xout_i      (vreq),
        .exp_i       (exp_q),
        .qw_i        (eqw_q[4:0]),
        .vscales_i   (escl2_q[WAW+LM+4:2]),
        .w_addr_o    (q_w_addr),
        .w_rdata_i   (w_rdata),
        .y_re_o      (q_y_re),
        .y_raddr_o   (q_y_raddr),
        .y_rdata_i   (y_rdata),
        .y_we_o      (q_y_we),
        .y_waddr_o   (q_y_waddr),
        .y_wdata_o   (q_y_wdata),
        .x_we_o      (q_x_we),
        .fin_o       (q_fin),
        .wsum_o      (q_wsum),
        .emax_o      (q_emax),
        .busy_o      (q_busy),
        .done_o      (q_done),
        .err_range_o (q_err_range)
      );
    end else begin : g_no_req
      assign q_busy      = 1'b0;
      assign q_done      = 1'b0;
      assign q_err_range = 1'b0;
      assign q_w_addr    = {WAW{1'b0}};
      assign q_y_re      = 1'b0;
      assign q_y_raddr   = {YAW{1'b0}};
      assign q_y_we      = 1'b0;
      assign q_y_waddr   = {YAW{1'b0}};
      assign q_y_wdata   = 32'd0;
      assign q_x_we      = 1'b0;
      assign q_fin       = 1'b0;
      assign q_wsum      = 32'd0;
      assign q_emax      = 32'd0;
    end
  endgenerate

endmodule

`resetall
