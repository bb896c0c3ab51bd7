// UART transmitter: 8 data bits, no parity, 1 stop bit, DIV clock cycles per
// bit (baud = clock / DIV). One byte waits in a holding register while the
// previous one is on the line.
//
// Registers (word offsets from the UART base):
//   0x0 TXDATA  W   bits [7:0]: the byte to send (byte lane 0). Dropped when
//                   TX_READY is clear. Reads 0.
//   0x4 STATUS  R   bit 0 TX_READY (the holding register is free),
//                   bit 1 TX_IDLE (nothing waiting and the line idle)
// Writes to STATUS and accesses to other offsets answer an error.
`default_nettype none

module edgellm_soc_uart_tx #(
  parameter integer DIV = 104               // clock cycles per bit, >= 1
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // register port: access in the cycle of req_i, read data the same cycle
  input  wire        req_i,
  input  wire        we_i,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [3:0]  be_i,                  // only lane 0 (the byte) matters
  input  wire [11:0] addr_i,                // byte offset; word accesses, [1:0] ignored
  input  wire [31:0] wdata_i,               // [7:0] used
  /* verilator lint_on UNUSEDSIGNAL */
  output reg  [31:0] rdata_o,
  output reg         err_o,
  // the line (idle high)
  output wire        tx_o,
  // simulation tap: a byte accepted into the holding register
  output wire        tap_valid_o,
  output wire [7:0]  tap_byte_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (DIV < 1) begin : g_param_check0
      edgellm_soc_uart_tx_DIV_must_be_at_least_1 u_refused ();
    end
  endgenerate

  localparam integer CW = (DIV > 1) ? $clog2(DIV) : 1;
  localparam integer  DIVM1  = DIV - 1;
  localparam [CW-1:0] DIV_M1 = DIVM1[CW-1:0];

  reg          hold_v_q, hold_v_d;
  reg [7:0]    hold_q, hold_d;
  reg          busy_q, busy_d;               // a frame is on the line
  reg [8:0]    shift_q, shift_d;             // {data, start} then data bits; stop is the idle 1
  reg [3:0]    bits_q, bits_d;               // bits left in the frame, start and stop included
  reg [CW-1:0] baud_q, baud_d;
  reg          line_q, line_d;

  wire is_data   = addr_i[11:2] == 10'd0;
  wire is_status = addr_i[11:2] == 10'd1;
  wire put       = req_i && we_i && is_data && be_i[0] && !hold_v_q;

  always @(*) begin
    rdata_o = 32'd0;
    err_o   = 1'b0;
    if (is_status && !we_i) rdata_o = {30'd0, !hold_v_q && !busy_q, !hold_v_q};
    else if (!is_data || (is_status && we_i)) err_o = 1'b1;
  end

  // the next frame starts when a byte waits and the line is free, or right
  // after the last stop-bit cycle (frames back to back, 10 * DIV cycles each)
  wire last = busy_q && baud_q == {CW{1'b0}} && bits_q == 4'd1;
  wire go   = hold_v_q && (!busy_q || last);

  always @(*) begin
    hold_v_d = hold_v_q;
    hold_d   = hold_q;
    busy_d   = busy_q;
    shift_d  = shift_q;
    bits_d   = bits_q;
    baud_d   = baud_q;
    line_d   = line_q;
    if (put) begin
      hold_v_d = 1'b1;
      hold_d   = wdata_i[7:0];
    end
    if (busy_q) begin
      if (baud_q == {CW{1'b0}}) begin
        baud_d = DIV_M1;
        if (bits_q == 4'd1) begin
          busy_d = 1'b0;                     // stop bit done
        end else begin
          bits_d  = bits_q - 4'd1;
          line_d  = shift_q[0];
          shift_d = {1'b1, shift_q[8:1]};    // ones shift in: the last is the stop bit
        end
      end else begin
        baud_d = baud_q - {{(CW-1){1'b0}}, 1'b1};
      end
    end
    if (go) begin                            // (put needs a free holding register: never with go)
      busy_d   = 1'b1;
      hold_v_d = 1'b0;
      line_d   = 1'b0;                       // start bit
      shift_d  = {1'b1, hold_q};
      bits_d   = 4'd10;
      baud_d   = DIV_M1;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      hold_v_q <= 1'b0;
      busy_q   <= 1'b0;
      line_q   <= 1'b1;
      bits_q   <= 4'd0;
      baud_q   <= {CW{1'b0}};
    end else begin
      hold_v_q <= hold_v_d;
      busy_q   <= busy_d;
      line_q   <= line_d;
      bits_q   <= bits_d;
      baud_q   <= baud_d;
    end
    hold_q  <= hold_d;
    shift_q <= shift_d;
  end

  assign tx_o        = line_q;
  assign tap_valid_o = put;
  assign tap_byte_o  = wdata_i[7:0];

endmodule

`resetall
