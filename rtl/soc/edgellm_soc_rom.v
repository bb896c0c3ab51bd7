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

  localparam integer DEPTH = BYTES / 4;

  initial begin
    if (BYTES < 1024 || (BYTES & (BYTES - 1)) != 0) begin
      $display("edgellm_soc_rom: BYTES must be a power of two >= 1024 (is %0d)", BYTES);
      $finish;
    end
  end

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
