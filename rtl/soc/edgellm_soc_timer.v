// Machine timer: a 64-bit cycle counter (mtime, +1 every clock) and a 64-bit
// compare register (mtimecmp); irq_timer_o is high while mtime >= mtimecmp
// (registered: it follows a write to mtimecmp one cycle later).
//
// Registers (word offsets from the timer base):
//   0x0 MTIME_LO      R   mtime[31:0]
//   0x4 MTIME_HI      R   mtime[63:32] (read HI, LO, HI again to get a consistent pair)
//   0x8 MTIMECMP_LO   RW  mtimecmp[31:0]      (reset: all ones: no interrupt)
//   0xC MTIMECMP_HI   RW  mtimecmp[63:32]
// Byte enables are honoured on writes; writes to MTIME and other offsets
// answer an error.
`default_nettype none

module edgellm_soc_timer (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  input  wire [3:0]  be_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [11:0] addr_i,                // byte offset; word accesses, [1:0] ignored
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [31:0] wdata_i,
  output reg  [31:0] rdata_o,
  output reg         err_o,
  output wire        irq_timer_o
);

  reg [63:0] mtime_q, cmp_q, cmp_d;
  reg        irq_q;

  function [31:0] merge(input [31:0] old, input [31:0] val, input [3:0] be);
    integer b;
    begin
      for (b = 0; b < 4; b = b + 1) merge[8*b +: 8] = be[b] ? val[8*b +: 8] : old[8*b +: 8];
    end
  endfunction

  wire [9:0] word = addr_i[11:2];

  always @(*) begin
    rdata_o = 32'd0;
    err_o   = 1'b0;
    case (word)
      10'd0: begin rdata_o = mtime_q[31:0];  err_o = we_i; end
      10'd1: begin rdata_o = mtime_q[63:32]; err_o = we_i; end
      10'd2: rdata_o = cmp_q[31:0];
      10'd3: rdata_o = cmp_q[63:32];
      default: err_o = 1'b1;
    endcase
  end

  always @(*) begin
    cmp_d = cmp_q;
    if (req_i && we_i && word == 10'd2) cmp_d[31:0]  = merge(cmp_q[31:0], wdata_i, be_i);
    if (req_i && we_i && word == 10'd3) cmp_d[63:32] = merge(cmp_q[63:32], wdata_i, be_i);
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      mtime_q <= 64'd0;
      cmp_q   <= {64{1'b1}};
      irq_q   <= 1'b0;
    end else begin
      mtime_q <= mtime_q + 64'd1;
      cmp_q   <= cmp_d;
      irq_q   <= mtime_q >= cmp_q;
    end
  end

  assign irq_timer_o = irq_q;

endmodule

`resetall
