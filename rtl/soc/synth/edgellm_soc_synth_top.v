// Synthesis top of the edgellm SoC for a board: a clock, a reset button, the
// UART's TX pin and two LEDs (the program has exited; with a non-zero code).
// The simulation ports are tied off (no fault injection) or left open, so
// their logic is removed. The reset input is registered (synchronous reset).
// Used by rtl/soc/synth/run.sh for xc7 and iCE40 UP5K.
`default_nettype none

module edgellm_soc_synth_top #(
  parameter integer RAM_BYTES      = 131072,
  parameter [0:0]   RAM_DUAL_PORT  = 1'b1,
  parameter         RAM_INIT       = "",
  parameter integer ROM_BYTES      = 65536,
  parameter         ROM_INIT       = "",
  parameter integer UART_DIV       = 104,
  parameter [0:0]   ACC_EN         = 1'b1,
  parameter integer ACC_LANES      = 32,
  parameter integer ACC_WMEM_BYTES = 65536,
  parameter integer ACC_XMAX       = 1024,
  parameter integer ACC_YMAX       = 1024,
  parameter [0:0]   ACC_T1_EN      = 1'b1,
  parameter [0:0]   ACC_I8_EN      = 1'b1,
  parameter [0:0]   ACC_KV_EN      = 1'b1,
  parameter [0:0]   ACC_REQ_EN     = 1'b1
) (
  input  wire clk_i,
  input  wire rst_ni,                      // active low, synchronised here
  output wire uart_tx_o,
  output wire done_o,                      // the program has exited
  output wire fail_o                       // ... with a non-zero code
);

  reg rst_q, done_q, fail_q;
  wire        exit_w;
  wire [31:0] code_w;

  always @(posedge clk_i) begin
    rst_q <= rst_ni;
    if (!rst_q) begin
      done_q <= 1'b0;
      fail_q <= 1'b0;
    end else if (exit_w) begin
      done_q <= 1'b1;
      fail_q <= code_w != 32'd0;
    end
  end
  assign done_o = done_q;
  assign fail_o = fail_q;

  /* verilator lint_off PINCONNECTEMPTY */
  edgellm_soc #(
    .RAM_BYTES      (RAM_BYTES),
    .RAM_DUAL_PORT  (RAM_DUAL_PORT),
    .RAM_INIT       (RAM_INIT),
    .ROM_BYTES      (ROM_BYTES),
    .ROM_INIT       (ROM_INIT),
    .UART_DIV       (UART_DIV),
    .ACC_EN         (ACC_EN),
    .ACC_LANES      (ACC_LANES),
    .ACC_WMEM_BYTES (ACC_WMEM_BYTES),
    .ACC_XMAX       (ACC_XMAX),
    .ACC_YMAX       (ACC_YMAX),
    .ACC_T1_EN      (ACC_T1_EN),
    .ACC_I8_EN      (ACC_I8_EN),
    .ACC_KV_EN      (ACC_KV_EN),
    .ACC_REQ_EN     (ACC_REQ_EN),
    .FAULT_EN       (0)
  ) u_soc (
    .clk_i               (clk_i),
    .acc_clk_i           (clk_i),
    .rst_ni              (rst_q),
    .uart_tx_o           (uart_tx_o),
    .exit_o              (exit_w),
    .exit_code_o         (code_w),
    .fault_hang_i        (1'b0),
    .fault_corrupt_i     (1'b0),
    .tap_uart_o          (),
    .tap_uart_byte_o     (),
    .tap_mark_o          (),
    .tap_mark_value_o    (),
    .evt_retire_o        (),
    .evt_sleep_o         (),
    .evt_ifetch_o        (),
    .evt_ram_rd_o        (),
    .evt_ram_wr_o        (),
    .evt_rom_rd_o        (),
    .evt_periph_o        (),
    .evt_acc_rd_o        (),
    .evt_acc_wr_o        (),
    .evt_acc_status_o    (),
    .evt_acc_x_o         (),
    .evt_acc_y_o         (),
    .evt_acc_wdata_o     (),
    .evt_unmapped_o      (),
    .evt_istall_o        (),
    .evt_dstall_o        (),
    .evt_acc_start_o     (),
    .evt_fault_hang_o    (),
    .evt_fault_corrupt_o ()
  );
  /* verilator lint_on PINCONNECTEMPTY */

endmodule

`resetall
