// edgellm SoC: the edgellm_rv32 core and edgellm_soc_fabric (RAM, model ROM,
// UART, timer, system control, and the accelerator behind the AXI4-Lite
// bridge). Memory map, registers and parameters: rtl/soc/README.md.
//
// Board ports: clk_i and acc_clk_i (the same clock: connect both to it),
// rst_ni, uart_tx_o (and exit_o/exit_code_o, which a board may leave open).
// acc_clk_i is a port of its own only so that a simulation can skip the
// accelerator's clock edges while it is idle and nothing is addressed to it
// (its registers then hold their values anyway; Verilator evaluates the
// accelerator only on its own edges, which makes the simulation several times
// faster). The fault inputs, taps and event strobes serve the simulation
// harness (tests/soc/); synthesis tops tie the inputs to 0 and leave the
// outputs open, so their logic is removed.
`default_nettype none

module edgellm_soc #(
  // a -G value from the command line is 32 bits wide, also for a 1-bit enable
  /* verilator lint_off WIDTH */
  parameter integer RAM_BYTES      = 262144,  // power of two; at 0x0000_0000 (code, data, arena, stack)
  parameter [0:0]   RAM_DUAL_PORT  = 1'b1,    // 1: dual-port block RAM; 0: one port (iCE40 SPRAM)
  parameter         RAM_INIT       = "",      // $readmemh file of the RAM (the program), block RAM only
  parameter integer ROM_BYTES      = 524288,  // power of two; at 0x1000_0000 (the model)
  parameter         ROM_INIT       = "",      // $readmemh file of the model ROM
  parameter integer UART_DIV       = 104,     // clock cycles per UART bit
  parameter [0:0]   ACC_EN         = 1'b1,    // 0: no accelerator (its window answers errors)
  parameter integer ACC_LANES      = 32,      // accelerator (rtl/README.md)
  parameter integer ACC_WMEM_BYTES = 65536,
  parameter integer ACC_XMAX       = 1024,
  parameter integer ACC_YMAX       = 1024,
  parameter [0:0]   ACC_T1_EN      = 1'b1,
  parameter [0:0]   ACC_I8_EN      = 1'b1,
  parameter [0:0]   ACC_KV_EN      = 1'b1,
  parameter [0:0]   ACC_REQ_EN     = 1'b1,
  parameter [0:0]   FAULT_EN       = 1'b0     // 1: fault injection (simulation)
  /* verilator lint_on WIDTH */
) (
  input  wire        clk_i,
  input  wire        acc_clk_i,             // = clk_i (a simulation may skip idle edges)
  input  wire        rst_ni,                // synchronous, active low
  output wire        uart_tx_o,
  output wire        exit_o,                // a write to EXIT (one cycle)
  output wire [31:0] exit_code_o,
  // simulation
  input  wire        fault_hang_i,
  input  wire        fault_corrupt_i,
  output wire        tap_uart_o,
  output wire [7:0]  tap_uart_byte_o,
  output wire        tap_mark_o,
  output wire [31:0] tap_mark_value_o,
  output wire        evt_retire_o,          // an instruction retires
  output wire        evt_sleep_o,           // the core waits in WFI
  output wire        evt_ifetch_o,
  output wire        evt_ram_rd_o,
  output wire        evt_ram_wr_o,
  output wire        evt_rom_rd_o,
  output wire        evt_periph_o,
  output wire        evt_acc_rd_o,
  output wire        evt_acc_wr_o,
  output wire        evt_acc_status_o,
  output wire        evt_acc_x_o,
  output wire        evt_acc_y_o,
  output wire        evt_acc_wdata_o,
  output wire        evt_unmapped_o,
  output wire        evt_istall_o,
  output wire        evt_dstall_o,
  output wire        evt_acc_start_o,
  output wire        evt_fault_hang_o,
  output wire        evt_fault_corrupt_o
);

  wire        ibus_req, ibus_gnt, ibus_rvalid, ibus_err;
  wire [31:0] ibus_addr, ibus_rdata;
  wire        dbus_req, dbus_gnt, dbus_we, dbus_rvalid, dbus_err;
  wire [3:0]  dbus_be;
  wire [31:0] dbus_addr, dbus_wdata, dbus_rdata;
  wire        irq_external, irq_timer;

  edgellm_rv32 #(
    .RESET_ADDR (32'h0000_0000),
    .M_EN       (1'b1)
  ) u_cpu (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .ibus_req_o     (ibus_req),
    .ibus_gnt_i     (ibus_gnt),
    .ibus_addr_o    (ibus_addr),
    .ibus_rvalid_i  (ibus_rvalid),
    .ibus_rdata_i   (ibus_rdata),
    .ibus_err_i     (ibus_err),
    .dbus_req_o     (dbus_req),
    .dbus_gnt_i     (dbus_gnt),
    .dbus_addr_o    (dbus_addr),
    .dbus_we_o      (dbus_we),
    .dbus_be_o      (dbus_be),
    .dbus_wdata_o   (dbus_wdata),
    .dbus_rvalid_i  (dbus_rvalid),
    .dbus_rdata_i   (dbus_rdata),
    .dbus_err_i     (dbus_err),
    .irq_external_i (irq_external),
    .irq_timer_i    (irq_timer),
    .retire_o       (evt_retire_o),
    .sleep_o        (evt_sleep_o)
  );

  edgellm_soc_fabric #(
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
    .FAULT_EN       (FAULT_EN)
  ) u_fabric (
    .clk_i               (clk_i),
    .acc_clk_i           (acc_clk_i),
    .rst_ni              (rst_ni),
    .ibus_req_i          (ibus_req),
    .ibus_gnt_o          (ibus_gnt),
    .ibus_addr_i         (ibus_addr),
    .ibus_rvalid_o       (ibus_rvalid),
    .ibus_rdata_o        (ibus_rdata),
    .ibus_err_o          (ibus_err),
    .dbus_req_i          (dbus_req),
    .dbus_gnt_o          (dbus_gnt),
    .dbus_addr_i         (dbus_addr),
    .dbus_we_i           (dbus_we),
    .dbus_be_i           (dbus_be),
    .dbus_wdata_i        (dbus_wdata),
    .dbus_rvalid_o       (dbus_rvalid),
    .dbus_rdata_o        (dbus_rdata),
    .dbus_err_o          (dbus_err),
    .irq_external_o      (irq_external),
    .irq_timer_o         (irq_timer),
    .uart_tx_o           (uart_tx_o),
    .exit_o              (exit_o),
    .exit_code_o         (exit_code_o),
    .fault_hang_i        (fault_hang_i),
    .fault_corrupt_i     (fault_corrupt_i),
    .tap_uart_o          (tap_uart_o),
    .tap_uart_byte_o     (tap_uart_byte_o),
    .tap_mark_o          (tap_mark_o),
    .tap_mark_value_o    (tap_mark_value_o),
    .evt_ifetch_o        (evt_ifetch_o),
    .evt_ram_rd_o        (evt_ram_rd_o),
    .evt_ram_wr_o        (evt_ram_wr_o),
    .evt_rom_rd_o        (evt_rom_rd_o),
    .evt_periph_o        (evt_periph_o),
    .evt_acc_rd_o        (evt_acc_rd_o),
    .evt_acc_wr_o        (evt_acc_wr_o),
    .evt_acc_status_o    (evt_acc_status_o),
    .evt_acc_x_o         (evt_acc_x_o),
    .evt_acc_y_o         (evt_acc_y_o),
    .evt_acc_wdata_o     (evt_acc_wdata_o),
    .evt_unmapped_o      (evt_unmapped_o),
    .evt_istall_o        (evt_istall_o),
    .evt_dstall_o        (evt_dstall_o),
    .evt_acc_start_o     (evt_acc_start_o),
    .evt_fault_hang_o    (evt_fault_hang_o),
    .evt_fault_corrupt_o (evt_fault_corrupt_o)
  );

endmodule

`resetall
