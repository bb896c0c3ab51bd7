// AXI4-Lite slave front end: turns the five AXI4-Lite channels into a simple
// register port, one access at a time per direction.
//
// Write: AW and W are captured independently (either may come first, or both
// in one cycle); when both are held, no B response is pending and no read is
// issued, wr_o pulses for one cycle and the register side answers wr_err_i in
// that same cycle; BVALID rises the next cycle and BRESP holds until BREADY.
// Read: rd_o pulses in the cycle of the AR handshake, with rd_addr_o =
// ARADDR, when the register side is ready for it (rd_ready_i, a function of
// rd_addr_o) and no write was issued in the cycle before; otherwise the
// address is held in a flip-flop and rd_o pulses, with rd_addr_o from it, in
// the first later cycle that allows it. A write may go while a read waits for
// rd_ready_i.
// The register side never sees a read in a write's cycle or the cycle after
// it, so it may finish a write one cycle late (a posted write into a
// single-port memory). A read goes before a write waiting in the same cycle.
// The register side answers rd_data_i/rd_err_i exactly one cycle after rd_o,
// and the answer goes straight out: RVALID rises in that cycle with RDATA =
// rd_data_i; if RREADY is low it is kept in a register, and RDATA/RRESP hold
// until RREADY.
// From AR to RVALID: 1 cycle (2 right after a write), plus the cycles the
// register side holds rd_ready_i low. With FAST_RD = 0 (version 1.1's timing)
// every read is held first and its answer registered: 3 cycles (4 right after
// a write), ARADDR only feeds registers and RDATA comes from a flip-flop.
// BVALID, RVALID and the READYs come straight from flip-flops; no AXI output
// depends on an AXI input in the same cycle. RDATA/RRESP come from the
// register side's answer in RVALID's first cycle; ARVALID/ARADDR feed the
// register port in the handshake's cycle.
//
// Responses: OKAY (2'b00), or SLVERR (2'b10) when the register side flags an
// error. AWPROT/ARPROT are ignored.
`default_nettype none

module edgellm_acc_axil #(
  parameter integer ADDR_W = 16,            // byte address bits
  parameter [0:0]   FAST_RD = 1'b1         // 1: a read may go in its AR handshake's cycle and its
                                            // answer goes out as it comes; 0: version 1.1's timing
                                            // (AR and the answer registered: shorter paths)
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // AXI4-Lite slave
  input  wire [ADDR_W-1:0] s_axil_awaddr,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [2:0]        s_axil_awprot,   // no protection checks
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire              s_axil_awvalid,
  output wire              s_axil_awready,
  input  wire [31:0]       s_axil_wdata,
  input  wire [3:0]        s_axil_wstrb,
  input  wire              s_axil_wvalid,
  output wire              s_axil_wready,
  output wire [1:0]        s_axil_bresp,
  output wire              s_axil_bvalid,
  input  wire              s_axil_bready,
  input  wire [ADDR_W-1:0] s_axil_araddr,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [2:0]        s_axil_arprot,   // no protection checks
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire              s_axil_arvalid,
  output wire              s_axil_arready,
  output wire [31:0]       s_axil_rdata,
  output wire [1:0]        s_axil_rresp,
  output wire              s_axil_rvalid,
  input  wire              s_axil_rready,
  // register port
  output wire              wr_o,
  output wire [ADDR_W-1:0] wr_addr_o,
  output wire [31:0]       wr_data_o,
  output wire [3:0]        wr_strb_o,
  input  wire              wr_err_i,
  output wire              rd_o,
  output wire [ADDR_W-1:0] rd_addr_o,
  input  wire [31:0]       rd_data_i,
  input  wire              rd_err_i,
  input  wire              rd_ready_i,     // the read at rd_addr_o may go in this cycle
  output wire              rd_try_o        // rd_o, were rd_ready_i high (for reads that never wait)
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (ADDR_W < 2 || ADDR_W > 32) begin : g_param_check0
      edgellm_acc_axil_ADDR_W_must_be_2_to_32 u_refused ();
    end
  endgenerate

  // write address / data holding registers, write response
  reg              aw_v_q, aw_v_d;
  reg [ADDR_W-1:0] aw_addr_q, aw_addr_d;
  reg              w_v_q, w_v_d;
  reg [31:0]       w_data_q, w_data_d;
  reg [3:0]        w_strb_q, w_strb_d;
  reg              b_v_q, b_v_d;
  reg              b_err_q, b_err_d;
  // read: address held for the register port (a read that could not go at its
  // handshake), data on rd_data_i this cycle, response kept while RREADY is low
  reg              ar_v_q, ar_v_d;
  reg [ADDR_W-1:0] ar_addr_q, ar_addr_d;
  reg              rd_p_q, rd_p_d;
  reg              r_v_q, r_v_d;
  reg [31:0]       r_data_q, r_data_d;
  reg              r_err_q, r_err_d;
  reg              wr_p_q;                // wr_o pulsed in the previous cycle

  wire aw_hs  = s_axil_awvalid && !aw_v_q;
  wire w_hs   = s_axil_wvalid && !w_v_q;
  wire b_hs   = b_v_q && s_axil_bready;
  wire ar_hs  = s_axil_arvalid && !ar_v_q && !rd_p_q && !r_v_q;
  wire r_hs   = r_v_q && s_axil_rready;
  wire rd_try = ((FAST_RD && ar_hs) || ar_v_q) && !wr_p_q; // a read could go, at its handshake or held
  wire rd_now = FAST_RD && ar_hs && !wr_p_q && rd_ready_i;  // at the handshake, from ARADDR
  wire rd_go  = rd_now || (ar_v_q && !wr_p_q && rd_ready_i);  // or held, later
  // a read that can go goes first; a write goes while none can
  wire wr_go  = aw_v_q && w_v_q && !b_v_q && !rd_go;

  always @(*) begin
    aw_v_d    = aw_v_q;
    aw_addr_d = aw_addr_q;
    w_v_d     = w_v_q;
    w_data_d  = w_data_q;
    w_strb_d  = w_strb_q;
    b_v_d     = b_v_q;
    b_err_d   = b_err_q;
    if (aw_hs) begin
      aw_v_d    = 1'b1;
      aw_addr_d = s_axil_awaddr;
    end
    if (w_hs) begin
      w_v_d    = 1'b1;
      w_data_d = s_axil_wdata;
      w_strb_d = s_axil_wstrb;
    end
    if (wr_go) begin
      aw_v_d  = 1'b0;
      w_v_d   = 1'b0;
      b_v_d   = 1'b1;
      b_err_d = wr_err_i;
    end else if (b_hs) begin
      b_v_d   = 1'b0;
    end
  end

  always @(*) begin
    ar_v_d    = ar_v_q;
    ar_addr_d = ar_addr_q;
    rd_p_d    = rd_go;
    r_v_d     = r_v_q;
    r_data_d  = r_data_q;
    r_err_d   = r_err_q;
    if (ar_hs) begin           // only while no read is in flight (ARREADY)
      ar_v_d    = !rd_now;      // held when it cannot go now
      ar_addr_d = s_axil_araddr;
    end else if (rd_go) begin
      ar_v_d    = 1'b0;
    end
    if (rd_p_q && (!FAST_RD || !s_axil_rready)) begin   // the answer waits for RREADY
      r_v_d    = 1'b1;
      r_data_d = rd_data_i;
      r_err_d  = rd_err_i;
    end else if (r_hs) begin
      r_v_d    = 1'b0;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      aw_v_q <= 1'b0;
      w_v_q  <= 1'b0;
      b_v_q  <= 1'b0;
      ar_v_q <= 1'b0;
      rd_p_q <= 1'b0;
      r_v_q  <= 1'b0;
      wr_p_q <= 1'b0;
    end else begin
      aw_v_q <= aw_v_d;
      w_v_q  <= w_v_d;
      b_v_q  <= b_v_d;
      ar_v_q <= ar_v_d;
      rd_p_q <= rd_p_d;
      r_v_q  <= r_v_d;
      wr_p_q <= wr_go;
    end
  end

  always @(posedge clk_i) begin
    aw_addr_q <= aw_addr_d;
    w_data_q  <= w_data_d;
    w_strb_q  <= w_strb_d;
    b_err_q   <= b_err_d;
    ar_addr_q <= ar_addr_d;
    r_data_q  <= r_data_d;
    r_err_q   <= r_err_d;
  end

  assign s_axil_awready = !aw_v_q;
  assign s_axil_wready  = !w_v_q;
  assign s_axil_bvalid  = b_v_q;
  assign s_axil_bresp   = {b_err_q, 1'b0};
  assign s_axil_arready = !ar_v_q && !rd_p_q && !r_v_q;
  wire   r_pass         = FAST_RD && rd_p_q;   // the answer goes straight out
  assign s_axil_rvalid  = r_pass || r_v_q;
  assign s_axil_rdata   = r_pass ? rd_data_i : r_data_q;
  assign s_axil_rresp   = {r_pass ? rd_err_i : r_err_q, 1'b0};

  assign wr_o      = wr_go;
  assign wr_addr_o = aw_addr_q;
  assign wr_data_o = w_data_q;
  assign wr_strb_o = w_strb_q;
  assign rd_o      = rd_go;
  assign rd_try_o  = rd_try;
  assign rd_addr_o = (FAST_RD && !ar_v_q) ? s_axil_araddr : ar_addr_q;

`ifdef FORMAL
  // --------------------------------------------------------------------
  // Properties, proven with Yosys (make -C rtl formal: sat -tempinduct).
  // Only the master's inputs and the register side's answers are free; the
  // master is not assumed to follow AXI, so these hold for any master.
  // f_n_* count handshakes and register-port pulses modulo 8.
  reg        f_past_valid = 1'b0;
  reg        f_past_rst, f_past_b_stall, f_past_r_stall, f_past_rd, f_past_rdp, f_past_wr;
  reg [1:0]  f_past_bresp, f_past_rresp;
  reg [31:0] f_past_rdata, f_past_wdata;
  reg [ADDR_W-1:0] f_past_waddr;
  reg [3:0]  f_past_wstrb;
  reg [2:0]  f_n_aw, f_n_w, f_n_b, f_n_wr, f_n_ar, f_n_rd, f_n_r;
  reg [ADDR_W-1:0] f_aw, f_ar;
  reg [31:0] f_w, f_rdata;
  reg [3:0]  f_strb;
  reg        f_werr, f_rerr;

  always @(posedge clk_i) begin
    f_past_valid   <= 1'b1;
    f_past_rst     <= !rst_ni;
    f_past_b_stall <= rst_ni && s_axil_bvalid && !s_axil_bready;
    f_past_r_stall <= rst_ni && s_axil_rvalid && !s_axil_rready;
    f_past_bresp   <= s_axil_bresp;
    f_past_rresp   <= s_axil_rresp;
    f_past_rdata   <= s_axil_rdata;
    f_past_rd      <= rst_ni && rd_o;
    f_past_rdp     <= rst_ni && rd_p_q;
    f_past_wr      <= rst_ni && wr_o;
    f_past_waddr   <= wr_addr_o;
    f_past_wdata   <= wr_data_o;
    f_past_wstrb   <= wr_strb_o;
    if (!rst_ni) begin
      f_n_aw <= 3'd0; f_n_w <= 3'd0; f_n_b <= 3'd0; f_n_wr <= 3'd0;
      f_n_ar <= 3'd0; f_n_rd <= 3'd0; f_n_r <= 3'd0;
    end else begin
      if (s_axil_awvalid && s_axil_awready) begin f_n_aw <= f_n_aw + 3'd1; f_aw <= s_axil_awaddr; end
      if (s_axil_wvalid && s_axil_wready) begin
        f_n_w <= f_n_w + 3'd1; f_w <= s_axil_wdata; f_strb <= s_axil_wstrb;
      end
      if (s_axil_bvalid && s_axil_bready) f_n_b <= f_n_b + 3'd1;
      if (wr_o) begin f_n_wr <= f_n_wr + 3'd1; f_werr <= wr_err_i; end
      if (s_axil_arvalid && s_axil_arready) begin f_n_ar <= f_n_ar + 3'd1; f_ar <= s_axil_araddr; end
      if (rd_o) f_n_rd <= f_n_rd + 3'd1;
      if (f_past_rd) begin f_rdata <= rd_data_i; f_rerr <= rd_err_i; end
      if (s_axil_rvalid && s_axil_rready) f_n_r <= f_n_r + 3'd1;
    end
  end

  always @(*) begin
    if (f_past_valid) begin
      // reset: no response the cycle after a reset, every channel ready
      if (f_past_rst) begin
        assert(!s_axil_bvalid && !s_axil_rvalid);
        assert(s_axil_awready && s_axil_wready && s_axil_arready);
      end
      if (!f_past_rst) begin
        // a response waiting for READY stays, unchanged
        if (f_past_b_stall) assert(s_axil_bvalid && s_axil_bresp == f_past_bresp);
        if (f_past_r_stall) assert(s_axil_rvalid && s_axil_rresp == f_past_rresp && s_axil_rdata == f_past_rdata);
        // writes: one register write per AW+W pair, one B per register write,
        // nothing without a request, at most one write in flight per channel
        assert(f_n_aw - f_n_wr == {2'b00, aw_v_q});
        assert(f_n_w - f_n_wr == {2'b00, w_v_q});
        assert(f_n_wr - f_n_b == {2'b00, b_v_q});
        if (s_axil_bvalid) assert(f_n_aw != f_n_b && f_n_w != f_n_b);
        // the register port sees the captured address and data, and B carries its answer
        if (aw_v_q) assert(wr_addr_o == f_aw);
        if (w_v_q) assert(wr_data_o == f_w && wr_strb_o == f_strb);
        if (s_axil_bvalid) assert(s_axil_bresp == {f_werr, 1'b0});
        // posted writes: in the cycle after wr_o the register port still
        // shows that write's address, data and strobes
        if (f_past_wr) assert(wr_addr_o == f_past_waddr && wr_data_o == f_past_wdata &&
                              wr_strb_o == f_past_wstrb);
        // reads: one register read per AR, one R per register read, in order
        assert({2'b00, ar_v_q} + {2'b00, rd_p_q} + {2'b00, r_v_q} <= 3'd1);
        assert(f_n_ar - f_n_rd == {2'b00, ar_v_q});
        assert(f_n_rd - f_n_r == {2'b00, rd_p_q} + {2'b00, r_v_q});
        assert(rd_p_q == f_past_rd);
        if (s_axil_rvalid) assert(f_n_ar != f_n_r);
        // the register side reads the address of the AR being issued: ARADDR
        // in the handshake's cycle, or the held address of the last handshake
        // (rd_o comes only with a handshake or ar_v_q, by the accounting)
        if (ar_v_q) assert(rd_addr_o == f_ar);
        if (rd_o && !ar_v_q) assert(s_axil_arvalid && s_axil_arready && rd_addr_o == s_axil_araddr);
        // R carries the register side's answer to that read: in the cycle
        // after rd_o as it comes, later as it came
        if (FAST_RD && f_past_rd) assert(s_axil_rvalid && s_axil_rdata == rd_data_i && s_axil_rresp == {rd_err_i, 1'b0});
        if (!FAST_RD && f_past_rd) assert(!s_axil_rvalid);
        if (!FAST_RD && f_past_rdp) assert(s_axil_rvalid);
        if (s_axil_rvalid && !f_past_rd) assert(s_axil_rdata == f_rdata && s_axil_rresp == {f_rerr, 1'b0});
        // progress: a read is issued at its handshake, or later from the held
        // address, in the first cycle with rd_ready_i and no write the cycle
        // before, and answered the cycle after; never without rd_ready_i
        if (rd_o) assert(rd_ready_i);
        assert(rd_o == (rd_try_o && rd_ready_i));
        if (FAST_RD && s_axil_arvalid && s_axil_arready && !f_past_wr && rd_ready_i) assert(rd_o);
        if (!FAST_RD) assert(!rd_o || ar_v_q);
        if (!FAST_RD) assert(s_axil_rdata == r_data_q);
        if (ar_v_q && !f_past_wr && rd_ready_i) assert(rd_o);
        // a write goes while no read can: a complete write with B free waits
        // only for a read issued in its cycle
        if (aw_v_q && w_v_q && !b_v_q && !rd_o) assert(wr_o);
        // the register side never sees a read and a write in one cycle, nor
        // a read in the cycle after a write (posted writes)
        assert(!(wr_o && rd_o));
        if (f_past_wr) assert(!rd_o);
      end
    end
  end
`endif

endmodule

`resetall
