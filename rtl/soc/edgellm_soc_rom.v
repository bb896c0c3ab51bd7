// Read-only memory of the SoC: the model file, read in place by the engine.
// 32-bit words, synchronous read (data one cycle after the access).
//
// Contents: INIT_FILE ($readmemh, one 32-bit word per line) for FPGA block
// RAM; in simulation the plusarg +rom_hex=FILE loads a file at time 0 instead.
`default_nettype none

module edgellm_soc_rom #(
  parameter integer BYTES     = 65536,         // power of two, >= 1024
  parameter         INIT_FILE = "",            // $readmemh file, "" for none
  parameter integer AW        = $clog2(BYTES / 4)  // derived: word address bits
) (
  input  wire          clk_i,
  input  wire          en_i,
  input  wire [AW-1:0] addr_i,
  output reg  [31:0]   rdata_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (BYTES < 1024 || (BYTES & (BYTES - 1)) != 0) begin : g_param_check0
      edgellm_soc_rom_BYTES_must_be_a_power_of_two_from_1K u_refused ();
    end
    if (AW != $clog2(BYTES / 4)) begin : g_param_check1
      edgellm_soc_rom_AW_is_derived_and_must_not_be_overridden u_refused ();
    end
  endgenerate

  localparam integer DEPTH = BYTES / 4;

  reg [31:0] mem [0:DEPTH-1];

  generate
    if (INIT_FILE != "") begin : g_init
      initial $readmemh(INIT_FILE, mem);
    end
  endgenerate
`ifndef SYNTHESIS
  reg [8*256-1:0] sim_file;
  initial begin
    if ($value$plusargs("rom_hex=%s", sim_file)) $readmemh(sim_file, mem);
  end
`endif

  always @(posedge clk_i) begin
    if (en_i) rdata_o <= mem[addr_i];
  end

endmodule

`resetall
