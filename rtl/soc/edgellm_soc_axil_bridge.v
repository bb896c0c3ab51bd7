// Bridge from the core's data port (request/grant, one response per request)
// to an AXI4-Lite master: a store becomes AW and W (offered together), a load
// becomes AR; the access finishes on B or R, whose response code becomes the
// port's error (SLVERR and DECERR: err_o = 1).
//
// One access at a time: gnt_o is high while idle. AXI valids come from
// flip-flops and drop on their handshakes (AW and W independently). The
// response is passed through in the cycle of B or R (BREADY/RREADY are high
// while waiting), so a slave with registered outputs keeps the paths short.
`default_nettype none

module edgellm_soc_axil_bridge #(
  parameter integer ADDR_W = 16             // AXI byte address bits
) (
  input  wire              clk_i,
  input  wire              rst_ni,
  // data port (slave side)
  input  wire              req_i,
  output wire              gnt_o,
  input  wire [ADDR_W-1:0] addr_i,          // word aligned
  input  wire              we_i,
  input  wire [3:0]        be_i,
  input  wire [31:0]       wdata_i,
  output wire              rvalid_o,
  output wire [31:0]       rdata_o,
  output wire              err_o,
  // AXI4-Lite master
  output wire [ADDR_W-1:0] m_axil_awaddr,
  output wire [2:0]        m_axil_awprot,
  output wire              m_axil_awvalid,
  input  wire              m_axil_awready,
  output wire [31:0]       m_axil_wdata,
  output wire [3:0]        m_axil_wstrb,
  output wire              m_axil_wvalid,
  input  wire              m_axil_wready,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [1:0]        m_axil_bresp,    // bit 1: SLVERR or DECERR (EXOKAY is not AXI4-Lite)
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire              m_axil_bvalid,
  output wire              m_axil_bready,
  output wire [ADDR_W-1:0] m_axil_araddr,
  output wire [2:0]        m_axil_arprot,
  output wire              m_axil_arvalid,
  input  wire              m_axil_arready,
  input  wire [31:0]       m_axil_rdata,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [1:0]        m_axil_rresp,    // bit 1, as bresp
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire              m_axil_rvalid,
  output wire              m_axil_rready
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (ADDR_W < 2 || ADDR_W > 32) begin : g_param_check0
      edgellm_soc_axil_bridge_ADDR_W_must_be_2_to_32 u_refused ();
    end
  endgenerate

  reg              pend_q, pend_d;            // an access is in flight
  reg              we_q, we_d;
  reg              aw_v_q, aw_v_d, w_v_q, w_v_d, ar_v_q, ar_v_d;
  reg [ADDR_W-1:0] addr_q, addr_d;
  reg [31:0]       data_q, data_d;
  reg [3:0]        strb_q, strb_d;

  wire take = req_i && !pend_q;
  wire done = pend_q && (we_q ? m_axil_bvalid : m_axil_rvalid);

  always @(*) begin
    pend_d = pend_q;
    we_d   = we_q;
    aw_v_d = aw_v_q && !m_axil_awready;
    w_v_d  = w_v_q && !m_axil_wready;
    ar_v_d = ar_v_q && !m_axil_arready;
    addr_d = addr_q;
    data_d = data_q;
    strb_d = strb_q;
    if (done) pend_d = 1'b0;
    if (take) begin
      pend_d = 1'b1;
      we_d   = we_i;
      aw_v_d = we_i;
      w_v_d  = we_i;
      ar_v_d = !we_i;
      addr_d = addr_i;
      data_d = wdata_i;
      strb_d = be_i;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      pend_q <= 1'b0;
      aw_v_q <= 1'b0;
      w_v_q  <= 1'b0;
      ar_v_q <= 1'b0;
      we_q   <= 1'b0;
    end else begin
      pend_q <= pend_d;
      aw_v_q <= aw_v_d;
      w_v_q  <= w_v_d;
      ar_v_q <= ar_v_d;
      we_q   <= we_d;
    end
    addr_q <= addr_d;
    data_q <= data_d;
    strb_q <= strb_d;
  end

  assign gnt_o          = take;
  assign rvalid_o       = done;
  assign rdata_o        = m_axil_rdata;
  assign err_o          = we_q ? m_axil_bresp[1] : m_axil_rresp[1];

  assign m_axil_awaddr  = addr_q;
  assign m_axil_awprot  = 3'b000;
  assign m_axil_awvalid = aw_v_q;
  assign m_axil_wdata   = data_q;
  assign m_axil_wstrb   = strb_q;
  assign m_axil_wvalid  = w_v_q;
  assign m_axil_bready  = pend_q && we_q;
  assign m_axil_araddr  = addr_q;
  assign m_axil_arprot  = 3'b000;
  assign m_axil_arvalid = ar_v_q;
  assign m_axil_rready  = pend_q && !we_q;

endmodule

`resetall
