// edgellm matrix-vector accelerator: AXI4-Lite slave, weight memory loaded at
// run time, activation and result buffers, and the lane engine.
// Register map and programming model: rtl/README.md (same constants as
// edgellm_hw.h).
`default_nettype none

module edgellm_acc #(
  parameter integer LANES      = 32,      // ternary weights per cycle: 16, 32 or 64
  parameter integer WMEM_BYTES = 65536,   // weight memory bytes, a power of two >= 4*LANES
  parameter integer XMAX       = 4096,    // activation buffer bytes = largest cols_pad: power of two, <= 16384
  parameter integer YMAX       = 4096,    // result buffer entries = largest rows: power of two, <= 8192
  parameter integer T1_EN      = 1,       // 1: type 2 (T1, 1.6 bits/weight) supported
  parameter integer I8_EN      = 1        // 1: type 3 (INT8) supported, bit-serial on the lanes
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

  localparam integer M      = LANES / 16;
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

  localparam [31:0] ID      = 32'h454C_4D41;  // "ELMA"
  localparam [31:0] VERSION = 32'h0001_0000;  // 1.0
  localparam [31:0] CAPS    = LANES | (1 << 9) | ((T1_EN != 0 ? 1 : 0) << 10) | ((I8_EN != 0 ? 1 : 0) << 11);

  // register word index (byte offset / 4)
  localparam [5:0] R_ID = 6'h00, R_VERSION = 6'h01, R_CAPS = 6'h02, R_WMEM = 6'h03,
                   R_XMAX = 6'h04, R_YMAX = 6'h05, R_CTRL = 6'h08, R_STATUS = 6'h09,
                   R_IRQ_EN = 6'h0A, R_IRQ_STATUS = 6'h0B, R_TYPE = 6'h0C, R_ROWS = 6'h0D,
                   R_COLS = 6'h0E, R_STRIDE = 6'h0F, R_BASE = 6'h10, R_CYCLES = 6'h11,
                   R_SLOTS = 6'h12, R_WADDR = 6'h14, R_WDATA = 6'h15;

  // ------------------------------------------------------------ bus front end
  wire        wr, rd, wr_err, rd_err;
  wire [15:0] wr_addr;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] rd_addr;                // bits [1:0]: accesses are whole words
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] wr_data, rd_data;
  wire [3:0]  wr_strb;

  edgellm_acc_axil #(.ADDR_W(16)) u_axil (
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
    .rd_err_i       (rd_err)
  );

  // -------------------------------------------------------------- registers
  reg        start_q, abort_q;            // one-cycle commands to the engine
  reg        pend_q;                      // START written, descriptor being checked
  reg        done_q, err_desc_q, err_range_q, irq_en_q, irq_pend_q;
  reg [31:0] type_q, rows_q, cols_q, stride_q, base_q, waddr_q;
  reg [31:0] cycles_q, slots_q;
  reg        winr_q;
  reg [31:0] waddr_d;

  wire       e_busy, e_done, e_err_range;
  wire [2:0] e_slots;
  // an ABORT (abort_q) ends busy at once: the engine is reset at this edge
  wire       busy = (e_busy && !abort_q) || start_q || pend_q;
  // Bus-side locking uses busy one cycle late (shorter paths). Safe: the
  // engine is never busy in a cycle after one where `busy` was low, and the
  // descriptor/X/WDATA writes that lock checks come at least two cycles after
  // the START write that raised it.
  reg        lock_q;
  always @(posedge clk_i) lock_q <= rst_ni && busy;

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

  // descriptor check (done when START is written)
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0] grp = cols_q >> 4;      // groups of 16 columns; only GW bits reach the engine
  /* verilator lint_on UNUSEDSIGNAL */
  // 16 = 1 (mod 5): the sum of the hex digits of grp has grp's residue mod 5
  wire [5:0]  dsum5 = {2'b0, grp[3:0]} + {2'b0, grp[7:4]} + {2'b0, grp[11:8]} + {2'b0, grp[15:12]};
  wire [3:0]  dsum6 = {2'b0, dsum5[5:4]} + dsum5[3:0];   // <= 18
  wire        grp_div5 = (dsum6 == 4'd0) || (dsum6 == 4'd5) || (dsum6 == 4'd10) || (dsum6 == 4'd15);
  wire        type_ok = (type_q == 32'd1) || (type_q == 32'd2 && T1_EN != 0) || (type_q == 32'd3 && I8_EN != 0);
  wire        cols_ok = (cols_q != 0) && le_pow2(cols_q, XLOG) && (cols_q[3:0] == 4'd0) &&
                        (type_q != 32'd1 || cols_q[5:0] == 6'd0) && (type_q != 32'd2 || grp_div5);
  wire        rows_ok = (rows_q != 0) && le_pow2(rows_q, YAW);
  wire        addr_ok = (stride_q[3:0] == 4'd0) && le_pow2(stride_q, WLOG) &&
                        (base_q[3:0] == 4'd0) && ((base_q >> WLOG) == 32'd0);
  // The checks are registered, and START takes effect one cycle after it is
  // written (pend_q, which already reads as BUSY). Bus writes are at least two
  // cycles apart, so by then the flags reflect the last descriptor write.
  reg         type_ok_q, cols_ok_q, rows_ok_q, addr_ok_q;
  always @(posedge clk_i) begin
    type_ok_q <= type_ok;
    cols_ok_q <= cols_ok;
    rows_ok_q <= rows_ok;
    addr_ok_q <= addr_ok;
  end
  wire        desc_ok = type_ok_q && cols_ok_q && rows_ok_q && addr_ok_q;

  // write decode
  wire        wr_reg  = (wr_addr[15:14] == 2'b00) && (wr_addr[13:8] == 6'd0);
  // the sizes are powers of two: range checks are tests for zero high bits
  wire [15:0] wr_xoff = {2'b00, wr_addr[13:0]};
  wire        wr_x    = (wr_addr[15:14] == 2'b01) && ((wr_xoff >> XLOG) == 16'd0);
  wire [5:0]  wr_idx  = wr_addr[7:2];
  wire        w_inrng = winr_q;         // WADDR < WMEM_BYTES, kept with WADDR
  reg         wr_bad;
  always @(*) begin
    wr_bad = 1'b1;
    if (wr_reg) begin
      case (wr_idx)
        R_CTRL:       wr_bad = lock_q && wr_strb[0] && wr_data[0];
        R_IRQ_EN, R_IRQ_STATUS, R_WADDR: wr_bad = 1'b0;
        R_TYPE, R_ROWS, R_COLS, R_STRIDE, R_BASE: wr_bad = lock_q;
        R_WDATA:      wr_bad = lock_q || !w_inrng;
        default:      wr_bad = 1'b1;
      endcase
    end else if (wr_x) begin
      wr_bad = lock_q;
    end
  end
  assign wr_err = wr_bad;

  // write enables straight from the address decode (not through wr_bad: shorter paths)
  wire sel_ctrl  = wr_reg && (wr_idx == R_CTRL);
  wire sel_type  = wr_reg && (wr_idx == R_TYPE);
  wire sel_rows  = wr_reg && (wr_idx == R_ROWS);
  wire sel_cols  = wr_reg && (wr_idx == R_COLS);
  wire sel_strd  = wr_reg && (wr_idx == R_STRIDE);
  wire sel_base  = wr_reg && (wr_idx == R_BASE);
  wire sel_irqe  = wr_reg && (wr_idx == R_IRQ_EN);
  wire sel_irqs  = wr_reg && (wr_idx == R_IRQ_STATUS);
  wire sel_waddr = wr_reg && (wr_idx == R_WADDR);
  wire sel_wdata = wr_reg && (wr_idx == R_WDATA);
  wire wr_free   = wr && !lock_q;       // writes that are refused while busy
  wire do_start  = wr_free && sel_ctrl && wr_strb[0] && wr_data[0];
  wire do_abort  = wr && sel_ctrl && wr_strb[0] && wr_data[1];
  wire w_wr      = wr_free && sel_wdata && w_inrng;
  wire x_wr      = wr_free && wr_x;
  wire irq_clr   = wr && sel_irqs && wr_strb[0] && wr_data[0];
  wire waddr_wr  = wr && sel_waddr;

  // read decode (answer registered: the bus samples it one cycle after rd)
  wire        rd_reg = (rd_addr[15:14] == 2'b00) && (rd_addr[13:8] == 6'd0);
  wire [15:0] rd_yidx = {3'b000, rd_addr[14:2]};
  wire        rd_y   = rd_addr[15] && ((rd_yidx >> YAW) == 16'd0);
  wire [5:0]  rd_idx = rd_addr[7:2];
  wire        w_rd   = rd && rd_reg && (rd_idx == R_WDATA) && !lock_q && w_inrng;
  reg  [31:0] rval;
  reg         rbad;
  always @(*) begin
    rval = 32'd0;
    rbad = 1'b0;
    case (rd_idx)
      R_ID:         rval = ID;
      R_VERSION:    rval = VERSION;
      R_CAPS:       rval = CAPS;
      R_WMEM:       rval = WMEM_BYTES;
      R_XMAX:       rval = XMAX;
      R_YMAX:       rval = YMAX;
      R_CTRL:       rval = 32'd0;
      R_STATUS:     rval = {28'd0, err_range_q & ~pend_q, err_desc_q & ~pend_q, done_q & ~pend_q, busy};
      R_IRQ_EN:     rval = {31'd0, irq_en_q};
      R_IRQ_STATUS: rval = {31'd0, irq_pend_q & ~pend_q};
      R_TYPE:       rval = type_q;
      R_ROWS:       rval = rows_q;
      R_COLS:       rval = cols_q;
      R_STRIDE:     rval = stride_q;
      R_BASE:       rval = base_q;
      R_CYCLES:     rval = cycles_q;
      R_SLOTS:      rval = slots_q;
      R_WADDR:      rval = waddr_q;
      R_WDATA:      rbad = lock_q || !w_inrng;
      default:      rbad = 1'b1;
    endcase
    if (!rd_reg) begin
      rval = 32'd0;
      rbad = !rd_y;
    end
  end

  reg [31:0] rreg_q;
  reg        rerr_q, rsel_y_q, rsel_w_q;
  reg [1:0]  rlane_q;
  always @(posedge clk_i) begin
    if (rd) begin
      rreg_q   <= rval;
      rerr_q   <= rbad;
      rsel_y_q <= !rd_reg && rd_y;
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
    end else begin
      pend_q  <= do_start && !do_abort;
      start_q <= pend_q && desc_ok && !do_abort;
      abort_q <= do_abort;
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
        if (e_done) begin
          done_q     <= 1'b1;
          irq_pend_q <= 1'b1;
        end
        if (e_err_range) err_range_q <= 1'b1;
        if (e_busy) begin
          cycles_q <= cycles_q + 1'b1;
          slots_q  <= slots_q + {29'd0, e_slots};
        end
        if (irq_clr) irq_pend_q <= 1'b0;
      end
      if (wr && sel_irqe && wr_strb[0]) irq_en_q <= wr_data[0];
      if (wr_free && sel_type) type_q   <= bytemask(type_q, wr_data, wr_strb);
      if (wr_free && sel_rows) rows_q   <= bytemask(rows_q, wr_data, wr_strb);
      if (wr_free && sel_cols) cols_q   <= bytemask(cols_q, wr_data, wr_strb);
      if (wr_free && sel_strd) stride_q <= bytemask(stride_q, wr_data, wr_strb);
      if (wr_free && sel_base) base_q   <= bytemask(base_q, wr_data, wr_strb);
      waddr_q <= waddr_d;
      winr_q  <= ((waddr_d >> WLOG) == 32'd0);
    end
  end

  // WADDR: written directly, or advanced by 4 by each WDATA access
  always @(*) begin
    waddr_d = waddr_q;
    if (waddr_wr)                             waddr_d = bytemask(waddr_q, wr_data, wr_strb) & 32'hFFFF_FFFC;
    else if (w_wr || w_rd)                    waddr_d = waddr_q + 32'd4;
  end

  reg irq_q;
  always @(posedge clk_i) begin
    if (!rst_ni) irq_q <= 1'b0;
    else         irq_q <= irq_en_q && irq_pend_q;
  end
  assign irq_o = irq_q;

  // ---------------------------------------------------------------- memories
  // weight memory: the engine owns the single port while busy, the bus otherwise
  wire             e_w_re;
  wire [WAW-1:0]   e_w_addr;
  wire [32*M-1:0]  w_rdata;
  wire [1:0]       w_lane = waddr_q[3:2] & LSEL;
  wire [4*M-1:0]   w_be   = w_wr ? ({{(4*M-4){1'b0}}, wr_strb} << (4 * w_lane)) : {(4*M){1'b0}};
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0]      w_word = waddr_q >> (2 + LM);   // in range when used (w_inrng)
  /* verilator lint_on UNUSEDSIGNAL */

  edgellm_acc_ram_sp #(.WIDTH(32 * M), .DEPTH(WWORDS)) u_wmem (
    .clk_i   (clk_i),
    .en_i    (e_busy ? e_w_re : (w_wr || w_rd)),
    .wbe_i   (e_busy ? {(4*M){1'b0}} : w_be),
    .addr_i  (e_busy ? e_w_addr : w_word[WAW-1:0]),
    .wdata_i ({M{wr_data}}),
    .rdata_o (w_rdata)
  );

  // activation buffer: bus writes 32-bit words, the engine reads LANES bytes
  wire             e_x_re;
  wire [XAW-1:0]   e_x_addr;
  wire [8*LANES-1:0] x_rdata;
  wire [3:0]       x_lane = wr_addr[5:2] & XSEL;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0]      x_word = {2'b00, wr_addr[13:0]} >> (4 + LM);
  /* verilator lint_on UNUSEDSIGNAL */

  edgellm_acc_ram_sdp #(.WIDTH(8 * LANES), .DEPTH(XWORDS)) u_xbuf (
    .clk_i   (clk_i),
    .we_i    (x_wr),
    .waddr_i (x_word[XAW-1:0]),
    .wbe_i   ({{(LANES-4){1'b0}}, wr_strb} << (4 * x_lane)),
    .wdata_i ({(LANES/4){wr_data}}),
    .re_i    (e_x_re),
    .raddr_i (e_x_addr),
    .rdata_o (x_rdata)
  );

  // result buffer: the engine writes, the bus reads
  wire             e_y_we;
  wire [YAW-1:0]   e_y_addr;
  wire [31:0]      e_y_wdata, y_rdata;

  edgellm_acc_ram_sdp #(.WIDTH(32), .DEPTH(YMAX)) u_ybuf (
    .clk_i   (clk_i),
    .we_i    (e_y_we),
    .waddr_i (e_y_addr),
    .wbe_i   (4'hF),
    .wdata_i (e_y_wdata),
    .re_i    (rd && !rd_reg && rd_y),
    .raddr_i (rd_addr[YAW+1:2]),
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
    .start_i     (start_q),
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

endmodule
