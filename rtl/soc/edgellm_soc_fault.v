// Between the AXI4-Lite bridge and the accelerator: passes every channel
// through, reports each START the accelerator accepts (for counting), and,
// with EN = 1 (simulation), injects faults on request:
//
//   hang:    a rising edge of hang_i arms it; the next accepted START makes the
//            accelerator look hung: STATUS reads return BUSY and irq_o stays
//            low until a write of ABORT to CTRL. (The accelerator itself runs
//            and finishes the product normally.)
//   corrupt: a rising edge of corrupt_i arms it; the next read from the Y
//            window returns its value with bit 0 flipped.
//
// With EN = 0 the fault inputs are unused and nothing is modified; synthesis
// ties them to 0 and removes the monitor when its outputs are unconnected.
`default_nettype none

module edgellm_soc_fault #(
  parameter [0:0]   EN = 1'b0               // 1: fault injection built in
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        hang_i,                // rising edge: arm one hang
  input  wire        corrupt_i,             // rising edge: arm one corrupted Y read
  output wire        start_o,               // a START write was accepted (B OKAY)
  output wire        hang_o,                // the accelerator is made to look hung
  output wire        corrupt_o,             // a Y read is being corrupted (with its R)
  // from the bridge (AXI4-Lite slave side)
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
  input  wire        s_axil_rready,
  // to the accelerator (AXI4-Lite master side)
  output wire [15:0] m_axil_awaddr,
  output wire [2:0]  m_axil_awprot,
  output wire        m_axil_awvalid,
  input  wire        m_axil_awready,
  output wire [31:0] m_axil_wdata,
  output wire [3:0]  m_axil_wstrb,
  output wire        m_axil_wvalid,
  input  wire        m_axil_wready,
  input  wire [1:0]  m_axil_bresp,
  input  wire        m_axil_bvalid,
  output wire        m_axil_bready,
  output wire [15:0] m_axil_araddr,
  output wire [2:0]  m_axil_arprot,
  output wire        m_axil_arvalid,
  input  wire        m_axil_arready,
  input  wire [31:0] m_axil_rdata,
  input  wire [1:0]  m_axil_rresp,
  input  wire        m_axil_rvalid,
  output wire        m_axil_rready,
  // the accelerator's interrupt, and what the core sees
  input  wire        irq_i,
  output wire        irq_o
);

  // the accelerator's register map (generated from rtl/regmap.txt by rtl/regmap.py)
`include "edgellm_acc_regs.vh"

  // every channel straight through
  assign m_axil_awaddr  = s_axil_awaddr;
  assign m_axil_awprot  = s_axil_awprot;
  assign m_axil_awvalid = s_axil_awvalid;
  assign s_axil_awready = m_axil_awready;
  assign m_axil_wdata   = s_axil_wdata;
  assign m_axil_wstrb   = s_axil_wstrb;
  assign m_axil_wvalid  = s_axil_wvalid;
  assign s_axil_wready  = m_axil_wready;
  assign s_axil_bresp   = m_axil_bresp;
  assign s_axil_bvalid  = m_axil_bvalid;
  assign m_axil_bready  = s_axil_bready;
  assign m_axil_araddr  = s_axil_araddr;
  assign m_axil_arprot  = s_axil_arprot;
  assign m_axil_arvalid = s_axil_arvalid;
  assign s_axil_arready = m_axil_arready;
  assign s_axil_rresp   = m_axil_rresp;
  assign s_axil_rvalid  = m_axil_rvalid;
  assign m_axil_rready  = s_axil_rready;

  // the write in flight: its address and data, as the accelerator took them
  reg [15:0] aw_q;
  /* verilator lint_off UNUSEDSIGNAL */
  reg [1:0]  w_q;                            // CTRL bits: ABORT (used with EN = 1), START
  /* verilator lint_on UNUSEDSIGNAL */
  always @(posedge clk_i) begin
    if (s_axil_awvalid && m_axil_awready) aw_q <= s_axil_awaddr;
    if (s_axil_wvalid && m_axil_wready && s_axil_wstrb[0]) w_q <= {s_axil_wdata[CTRL_ABORT], s_axil_wdata[CTRL_START]};
    else if (s_axil_wvalid && m_axil_wready) w_q <= 2'b00;
  end
  wire b_ok  = m_axil_bvalid && s_axil_bready && m_axil_bresp == 2'b00 && aw_q == A_CTRL;
  wire start = b_ok && w_q[0];
  assign start_o = start;

  generate
    if (EN) begin : g_fault
      reg        hang_in_q, corrupt_in_q;   // the requests, for their edges
      reg        hang_arm_q, corrupt_arm_q, hang_q;
      reg [15:0] ar_q;                      // the read in flight
      wire       r_hs   = m_axil_rvalid && s_axil_rready;
      wire       y_read = ar_q[15];         // 0x8000 .. 0xFFFF
      wire       spoil  = r_hs && corrupt_arm_q && y_read;
      wire       abort  = b_ok && w_q[1];

      always @(posedge clk_i) begin
        if (s_axil_arvalid && m_axil_arready) ar_q <= s_axil_araddr;
        if (!rst_ni) begin
          hang_in_q     <= 1'b0;
          corrupt_in_q  <= 1'b0;
          hang_arm_q    <= 1'b0;
          corrupt_arm_q <= 1'b0;
          hang_q        <= 1'b0;
        end else begin
          hang_in_q    <= hang_i;
          corrupt_in_q <= corrupt_i;
          if (hang_i && !hang_in_q) hang_arm_q <= 1'b1;
          else if (start && hang_arm_q) hang_arm_q <= 1'b0;
          if (corrupt_i && !corrupt_in_q) corrupt_arm_q <= 1'b1;
          else if (spoil) corrupt_arm_q <= 1'b0;
          if (start && hang_arm_q) hang_q <= 1'b1;
          else if (abort) hang_q <= 1'b0;
        end
      end

      assign s_axil_rdata = (hang_q && ar_q == A_STATUS) ? (32'd1 << STATUS_BUSY)
                          : spoil ? (m_axil_rdata ^ 32'h0000_0001) : m_axil_rdata;
      assign irq_o     = irq_i && !hang_q;
      assign hang_o    = hang_q;
      assign corrupt_o = spoil;
    end else begin : g_none
      assign s_axil_rdata = m_axil_rdata;
      assign irq_o     = irq_i;
      assign hang_o    = 1'b0;
      assign corrupt_o = 1'b0;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused = hang_i ^ corrupt_i ^ rst_ni;   // fault requests need EN = 1
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate

endmodule

`resetall
