// System control: the exit (finisher) register and a marker register.
//
// Registers (word offsets from the sysctl base):
//   0x0 EXIT  RW  a write ends the program with that code (0: success); exit_o
//                 pulses for one cycle with the code on exit_code_o (a harness
//                 stops there; on a board it may light an LED). Reads the last code.
//   0x4 MARK  RW  a write is shown on tap_mark_o/tap_mark_value_o for one cycle
//                 (the firmware marks per-token phases for a simulation harness:
//                 bits [31:28] kind, [27:0] value); reads the last value.
// Byte enables are ignored (whole words); other offsets answer an error.
`default_nettype none

module edgellm_soc_sysctl (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  input  wire        we_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [11:0] addr_i,                // byte offset; word accesses, [1:0] ignored
  /* verilator lint_on UNUSEDSIGNAL */
  input  wire [31:0] wdata_i,
  output reg  [31:0] rdata_o,
  output reg         err_o,
  output wire        exit_o,
  output wire [31:0] exit_code_o,
  output wire        tap_mark_o,
  output wire [31:0] tap_mark_value_o
);

  reg [31:0] code_q, mark_q;

  wire [9:0] word = addr_i[11:2];
  wire       wr_exit = req_i && we_i && word == 10'd0;
  wire       wr_mark = req_i && we_i && word == 10'd1;

  always @(*) begin
    rdata_o = 32'd0;
    err_o   = 1'b0;
    case (word)
      10'd0: rdata_o = code_q;
      10'd1: rdata_o = mark_q;
      default: err_o = 1'b1;
    endcase
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      code_q <= 32'd0;
      mark_q <= 32'd0;
    end else begin
      if (wr_exit) code_q <= wdata_i;
      if (wr_mark) mark_q <= wdata_i;
    end
  end

  assign exit_o           = wr_exit;
  assign exit_code_o      = wdata_i;
  assign tap_mark_o       = wr_mark;
  assign tap_mark_value_o = wdata_i;

endmodule

`resetall
