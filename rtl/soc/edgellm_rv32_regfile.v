// edgellm_rv32 register file: 31 x 32 bits, two synchronous read ports, one
// write port. Written in the pattern Yosys maps to LUT RAM on xc7 (RAM32M)
// and to block RAM (EBR) on iCE40: one copy of the array per read port,
// read data registered, a read in the cycle of a write to the same register
// returns the old value (the core forwards the new one itself). x0 is never
// written; the core replaces its value by zero (the array is not reset, so
// entry 0 holds whatever it powered up with).
`default_nettype none

module edgellm_rv32_regfile (
  input  wire        clk_i,
  input  wire [4:0]  raddr_a_i,
  input  wire [4:0]  raddr_b_i,
  output wire [31:0] rdata_a_o,         // one cycle after raddr_a_i
  output wire [31:0] rdata_b_o,
  input  wire        we_i,
  input  wire [4:0]  waddr_i,           // never 0 when we_i
  input  wire [31:0] wdata_i
);

  reg [31:0] mem [0:31];
  reg [31:0] a_q, b_q;

  always @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
    a_q <= mem[raddr_a_i];
    b_q <= mem[raddr_b_i];
  end

  assign rdata_a_o = a_q;
  assign rdata_b_o = b_q;

endmodule
`resetall
