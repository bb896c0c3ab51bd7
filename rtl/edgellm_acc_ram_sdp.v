// Simple dual-port RAM: one write port with byte enables, one synchronous read
// port (data one cycle after re_i). Both ports on one clock. Written in the
// pattern Yosys maps to BRAM (xc7 RAMB18/36, iCE40 EBR) and Verilator and
// Icarus simulate as plain arrays. Contents are not reset. A read of the word
// being written in the same cycle returns either value (callers avoid it).
`default_nettype none

module edgellm_acc_ram_sdp #(
  parameter integer WIDTH = 32,             // data bits, a multiple of 8
  parameter integer DEPTH = 1024,           // words
  parameter integer AW    = $clog2(DEPTH)   // derived: address bits
) (
  input  wire               clk_i,
  input  wire               we_i,
  input  wire [AW-1:0]      waddr_i,
  input  wire [WIDTH/8-1:0] wbe_i,
  input  wire [WIDTH-1:0]   wdata_i,
  input  wire               re_i,
  input  wire [AW-1:0]      raddr_i,
  output reg  [WIDTH-1:0]   rdata_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (WIDTH < 8 || WIDTH % 8 != 0) begin : g_param_check0
      edgellm_acc_ram_sdp_WIDTH_must_be_a_multiple_of_8 u_refused ();
    end
    if (DEPTH < 2) begin : g_param_check1
      edgellm_acc_ram_sdp_DEPTH_must_be_at_least_2 u_refused ();
    end
    if (AW != $clog2(DEPTH)) begin : g_param_check2
      edgellm_acc_ram_sdp_AW_is_derived_and_must_not_be_overridden u_refused ();
    end
  endgenerate

  // block RAM even when small (LUT RAM would cost LUTs); the accelerator never
  // reads and writes one address in the same cycle, so no collision logic
  (* ram_style = "block", no_rw_check *)
  reg [WIDTH-1:0] mem [0:DEPTH-1];

  integer j;
  always @(posedge clk_i) begin
    if (we_i) begin
      for (j = 0; j < WIDTH / 8; j = j + 1) begin
        if (wbe_i[j]) mem[waddr_i][8*j +: 8] <= wdata_i[8*j +: 8];
      end
    end
    if (re_i) rdata_o <= mem[raddr_i];
  end

endmodule

`resetall
