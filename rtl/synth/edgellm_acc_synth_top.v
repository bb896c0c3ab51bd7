// Synthesis wrapper for place and route on small packages (iCE40 UP5K sg48
// has 39 I/Os, the AXI4-Lite port needs 120): every AXI input comes from a
// shift register fed by sdi_i, every AXI output is captured into a shift
// register read out on sdo_o. In a real system the port connects to a CPU on
// the same FPGA; the wrapper only keeps the accelerator's logic from being
// optimised away and its paths register-to-register, as they would be there.
// Costs 79 + 41 + 1 flip-flops and about 41 LUTs on top of the accelerator.
`default_nettype none

module edgellm_acc_synth_top #(
  parameter integer LANES      = 16,
  parameter integer WMEM_BYTES = 131072,
  parameter integer XMAX       = 2048,
  parameter integer YMAX       = 1024,
  parameter [0:0]   T1_EN      = 1'b1,
  parameter [0:0]   I8_EN      = 1'b1,
  parameter [0:0]   KV_EN      = 1'b1,
  parameter [0:0]   REQ_EN     = 1'b1,
  parameter [0:0]   FAST_RD   = 1'b1,
  parameter [0:0]   YWAIT_EN   = 1'b1
) (
  input  wire clk_i,
  input  wire rst_ni,
  input  wire sdi_i,
  input  wire load_i,
  output wire sdo_o,
  output wire irq_o
);

  localparam integer IN_W = 79, OUT_W = 41;

  reg [IN_W-1:0]  in_q;
  reg             rst_q;              // reset registered, as a system would

  reg [OUT_W-1:0] out_q;
  wire [OUT_W-1:0] outs;

  always @(posedge clk_i) begin
    rst_q <= rst_ni;
    in_q  <= {in_q[IN_W-2:0], sdi_i};
    out_q <= load_i ? outs : {out_q[OUT_W-2:0], 1'b0};
  end
  assign sdo_o = out_q[OUT_W-1];

  edgellm_acc #(
    .LANES(LANES), .WMEM_BYTES(WMEM_BYTES), .XMAX(XMAX), .YMAX(YMAX), .T1_EN(T1_EN), .I8_EN(I8_EN),
    .KV_EN(KV_EN), .REQ_EN(REQ_EN), .FAST_RD(FAST_RD), .YWAIT_EN(YWAIT_EN)
  ) u_acc (
    .clk_i          (clk_i),
    .rst_ni         (rst_q),
    .irq_o          (irq_o),
    .s_axil_awaddr  (in_q[15:0]),
    .s_axil_awprot  (in_q[18:16]),
    .s_axil_awvalid (in_q[19]),
    .s_axil_awready (outs[0]),
    .s_axil_wdata   (in_q[51:20]),
    .s_axil_wstrb   (in_q[55:52]),
    .s_axil_wvalid  (in_q[56]),
    .s_axil_wready  (outs[1]),
    .s_axil_bresp   (outs[3:2]),
    .s_axil_bvalid  (outs[4]),
    .s_axil_bready  (in_q[57]),
    .s_axil_araddr  (in_q[73:58]),
    .s_axil_arprot  (in_q[76:74]),
    .s_axil_arvalid (in_q[77]),
    .s_axil_arready (outs[5]),
    .s_axil_rdata   (outs[37:6]),
    .s_axil_rresp   (outs[39:38]),
    .s_axil_rvalid  (outs[40]),
    .s_axil_rready  (in_q[78])
  );

endmodule

`resetall
