// On-chip RAM of the SoC: code, data, arena and stack. 32-bit words, byte
// write enables, synchronous read (data one cycle after the access).
//
// DUAL_PORT = 1: port A (instruction fetch, read only) and port B (data,
// read/write) work in the same cycle: true dual-port block RAM (xc7 RAMB36,
// iCE40 EBR). DUAL_PORT = 0: one physical port; the caller never enables A and
// B in the same cycle, and both rdata outputs show the one read port. This is
// the single-port shape Yosys maps to iCE40 UltraPlus SPRAM (synth_ice40
// -spram), which has no second port and cannot be initialised by the bitstream.
//
// Contents: INIT_FILE ($readmemh, one 32-bit word per line) for block RAM;
// in simulation the plusarg +ram_hex=FILE loads a file at time 0 instead.
`default_nettype none

module edgellm_soc_ram #(
  parameter integer BYTES     = 65536,         // power of two, >= 1024
  parameter [0:0]   DUAL_PORT = 1'b1,          // 1: two ports (block RAM), 0: one port (SPRAM)
  parameter         INIT_FILE = "",            // $readmemh file, "" for none
  parameter integer AW        = $clog2(BYTES / 4)  // derived: word address bits
) (
  input  wire          clk_i,
  // port A: read only
  input  wire          a_en_i,
  input  wire [AW-1:0] a_addr_i,
  output wire [31:0]   a_rdata_o,
  // port B: read, or write with byte enables (b_we_i != 0)
  input  wire          b_en_i,
  input  wire [3:0]    b_we_i,
  input  wire [AW-1:0] b_addr_i,
  input  wire [31:0]   b_wdata_i,
  output wire [31:0]   b_rdata_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (BYTES < 1024 || (BYTES & (BYTES - 1)) != 0) begin : g_param_check0
      edgellm_soc_ram_BYTES_must_be_a_power_of_two_from_1K u_refused ();
    end
    if (AW != $clog2(BYTES / 4)) begin : g_param_check1
      edgellm_soc_ram_AW_is_derived_and_must_not_be_overridden u_refused ();
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
    if ($value$plusargs("ram_hex=%s", sim_file)) $readmemh(sim_file, mem);
  end
`endif

  integer j;
  generate
    if (DUAL_PORT) begin : g_dual
      reg [31:0] a_q, b_q;
      always @(posedge clk_i) begin
        if (a_en_i) a_q <= mem[a_addr_i];
      end
      always @(posedge clk_i) begin
        if (b_en_i) begin
          for (j = 0; j < 4; j = j + 1) begin
            if (b_we_i[j]) mem[b_addr_i][8*j +: 8] <= b_wdata_i[8*j +: 8];
          end
          b_q <= mem[b_addr_i];
        end
      end
      assign a_rdata_o = a_q;
      assign b_rdata_o = b_q;
    end else begin : g_single
      // one port: B when enabled, else A; a write cycle does not read (SPRAM)
      reg  [31:0]   q;
      wire [AW-1:0] addr = b_en_i ? b_addr_i : a_addr_i;
      wire [3:0]    we   = b_en_i ? b_we_i : 4'b0000;
      always @(posedge clk_i) begin
        if (a_en_i || b_en_i) begin
          if (|we) begin
            for (j = 0; j < 4; j = j + 1) begin
              if (we[j]) mem[addr][8*j +: 8] <= b_wdata_i[8*j +: 8];
            end
          end else begin
            q <= mem[addr];
          end
        end
      end
      assign a_rdata_o = q;
      assign b_rdata_o = q;
    end
  endgenerate

endmodule

`resetall
