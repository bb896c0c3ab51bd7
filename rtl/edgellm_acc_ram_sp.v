// Single-port RAM with byte enables and a synchronous read (data one cycle
// after a read). A cycle either writes (any wbe_i bit set; en_i is not needed,
// so the write enables come straight from the caller's wbe_i) or reads (en_i);
// the read data holds until the next read. This is the shape Yosys maps to xc7
// BRAM and, with synth_ice40 -spram, to iCE40 UltraPlus SPRAM (SB_SPRAM256KA).
`default_nettype none

module edgellm_acc_ram_sp #(
  parameter integer WIDTH = 32,             // data bits, a multiple of 8
  parameter integer DEPTH = 1024,           // words
  parameter integer AW    = $clog2(DEPTH)   // derived: address bits
) (
  input  wire               clk_i,
  input  wire               en_i,
  input  wire [WIDTH/8-1:0] wbe_i,
  input  wire [AW-1:0]      addr_i,
  input  wire [WIDTH-1:0]   wdata_i,
  output reg  [WIDTH-1:0]   rdata_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (WIDTH < 8 || WIDTH % 8 != 0) begin : g_param_check0
      edgellm_acc_ram_sp_WIDTH_must_be_a_multiple_of_8 u_refused ();
    end
    if (DEPTH < 2) begin : g_param_check1
      edgellm_acc_ram_sp_DEPTH_must_be_at_least_2 u_refused ();
    end
    if (AW != $clog2(DEPTH)) begin : g_param_check2
      edgellm_acc_ram_sp_AW_is_derived_and_must_not_be_overridden u_refused ();
    end
  endgenerate

  // no ram_style: Yosys picks xc7 BRAM, or iCE40 SPRAM under synth_ice40 -spram
  reg [WIDTH-1:0] mem [0:DEPTH-1];

  integer j;
  always @(posedge clk_i) begin
    if (|wbe_i) begin
      for (j = 0; j < WIDTH / 8; j = j + 1) begin
        if (wbe_i[j]) mem[addr_i][8*j +: 8] <= wdata_i[8*j +: 8];
      end
    end else if (en_i) begin
      rdata_o <= mem[addr_i];
    end
  end

endmodule

`resetall
