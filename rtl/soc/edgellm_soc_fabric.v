// Everything of the SoC except the CPU core: the address decoder of the core's
// instruction and data ports, the RAM, the model ROM, the UART transmitter, the
// machine timer, the system control registers, and the accelerator behind the
// AXI4-Lite bridge (and the fault injector, a pass-through unless FAULT_EN).
//
// Memory map (rtl/soc/README.md):
//   0x0000_0000  RAM       RAM_BYTES   code, data, arena, stack (instructions and data)
//   0x1000_0000  ROM       ROM_BYTES   the model (read only; data port only)
//   0x2000_0000  UART      4 KB        TXDATA, STATUS
//   0x2000_1000  timer     4 KB        MTIME, MTIMECMP (64 bit each)
//   0x2000_2000  sysctl    4 KB        EXIT, MARK
//   0x44A0_0000  accelerator  64 KB    edgellm_acc's AXI4-Lite slave
// Any other address answers an error (instruction port: anything but RAM).
//
// Both ports follow the core's bus contract: request held until granted, one
// response (rvalid, with rdata/err) per granted request, in order, at most one
// outstanding per port. RAM, ROM and registers answer one cycle after the
// grant; the accelerator when its B or R arrives.
`default_nettype none

module edgellm_soc_fabric #(
  // a -G value from the command line is 32 bits wide, also for a 1-bit enable
  /* verilator lint_off WIDTH */
  parameter integer RAM_BYTES      = 262144,  // power of two, 1 KB .. 256 MB
  parameter [0:0]   RAM_DUAL_PORT  = 1'b1,    // 1: dual-port block RAM; 0: one port (SPRAM), data first
  parameter         RAM_INIT       = "",      // $readmemh file for the RAM (block RAM only)
  parameter integer ROM_BYTES      = 524288,  // power of two, 1 KB .. 256 MB
  parameter         ROM_INIT       = "",      // $readmemh file for the model ROM
  parameter integer UART_DIV       = 104,     // clock cycles per UART bit
  parameter [0:0]   ACC_EN         = 1'b1,    // 0: no accelerator (its window answers errors)
  parameter integer ACC_LANES      = 32,      // the accelerator's parameters (rtl/README.md)
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
  input  wire        acc_clk_i,             // the accelerator's clock: clk_i (see edgellm_soc)
  input  wire        rst_ni,
  // instruction port
  input  wire        ibus_req_i,
  output wire        ibus_gnt_o,
  /* verilator lint_off UNUSEDSIGNAL */
  input  wire [31:0] ibus_addr_i,           // word aligned: [1:0] ignored
  /* verilator lint_on UNUSEDSIGNAL */
  output wire        ibus_rvalid_o,
  output wire [31:0] ibus_rdata_o,
  output wire        ibus_err_o,
  // data port
  input  wire        dbus_req_i,
  output wire        dbus_gnt_o,
  input  wire [31:0] dbus_addr_i,
  input  wire        dbus_we_i,
  input  wire [3:0]  dbus_be_i,
  input  wire [31:0] dbus_wdata_i,
  output wire        dbus_rvalid_o,
  output wire [31:0] dbus_rdata_o,
  output wire        dbus_err_o,
  // interrupts to the core
  output wire        irq_external_o,        // the accelerator's irq_o
  output wire        irq_timer_o,           // mtime >= mtimecmp
  // board
  output wire        uart_tx_o,
  output wire        exit_o,                // a write to EXIT (one cycle)
  output wire [31:0] exit_code_o,
  // simulation: fault requests (tie to 0), taps and event strobes for counting
  input  wire        fault_hang_i,
  input  wire        fault_corrupt_i,
  output wire        tap_uart_o,            // a byte written to TXDATA and accepted
  output wire [7:0]  tap_uart_byte_o,
  output wire        tap_mark_o,            // a write to MARK
  output wire [31:0] tap_mark_value_o,
  output wire        evt_ifetch_o,          // instruction fetch granted
  output wire        evt_ram_rd_o,          // data port: RAM read granted
  output wire        evt_ram_wr_o,          // data port: RAM write granted
  output wire        evt_rom_rd_o,          // data port: ROM read granted
  output wire        evt_periph_o,          // data port: UART/timer/sysctl access granted
  output wire        evt_acc_rd_o,          // data port: accelerator read granted
  output wire        evt_acc_wr_o,          // data port: accelerator write granted
  output wire        evt_acc_status_o,      // ... of which a read of STATUS
  output wire        evt_acc_x_o,           // ... a write to the X window
  output wire        evt_acc_y_o,           // ... a read of the Y window
  output wire        evt_acc_wdata_o,       // ... a write to WDATA (weights, scales, KV cache)
  output wire        evt_unmapped_o,        // an access to an unmapped address (either port)
  output wire        evt_istall_o,          // instruction port waiting (not granted)
  output wire        evt_dstall_o,          // data port waiting (not granted, or no answer yet)
  output wire        evt_acc_start_o,       // the accelerator accepted a START
  output wire        evt_fault_hang_o,      // the accelerator is made to look hung
  output wire        evt_fault_corrupt_o    // a Y read is being corrupted
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (RAM_BYTES < 1024 || RAM_BYTES > 268435456 || (RAM_BYTES & (RAM_BYTES - 1)) != 0) begin : g_param_check0
      edgellm_soc_fabric_RAM_BYTES_must_be_a_power_of_two_from_1K_to_256M u_refused ();
    end
    if (ROM_BYTES < 1024 || ROM_BYTES > 268435456 || (ROM_BYTES & (ROM_BYTES - 1)) != 0) begin : g_param_check1
      edgellm_soc_fabric_ROM_BYTES_must_be_a_power_of_two_from_1K_to_256M u_refused ();
    end
  endgenerate

  localparam integer RAM_LG = $clog2(RAM_BYTES);
  localparam integer ROM_LG = $clog2(ROM_BYTES);

  // targets of the data port
  localparam [2:0] T_NONE = 3'd0, T_RAM = 3'd1, T_ROM = 3'd2, T_UART = 3'd3,
                   T_TIMER = 3'd4, T_SYS = 3'd5, T_ACC = 3'd6;

  // ------------------------------------------------------------ decode
  wire i_ram = ibus_addr_i[31:RAM_LG] == {(32-RAM_LG){1'b0}};

  wire d_ram   = dbus_addr_i[31:RAM_LG] == {(32-RAM_LG){1'b0}};
  wire d_rom   = dbus_addr_i[31:28] == 4'h1 && dbus_addr_i[27:ROM_LG] == {(28-ROM_LG){1'b0}};
  wire d_per   = dbus_addr_i[31:16] == 16'h2000;
  wire d_acc   = dbus_addr_i[31:16] == 16'h44A0;
  reg  [2:0] d_tgt;
  always @(*) begin
    d_tgt = T_NONE;
    if (d_ram) d_tgt = T_RAM;
    else if (d_rom && !dbus_we_i) d_tgt = T_ROM;      // a store to ROM: error
    else if (d_acc && ACC_EN) d_tgt = T_ACC;
    else if (d_per) begin
      case (dbus_addr_i[15:12])
        4'h0: d_tgt = T_UART;
        4'h1: d_tgt = T_TIMER;
        4'h2: d_tgt = T_SYS;
        default: d_tgt = T_NONE;
      endcase
    end
  end

  // ------------------------------------------------------------ grants
  wire br_gnt;
  wire d_ram_req = dbus_req_i && d_tgt == T_RAM;
  // one RAM port: the data access goes first (the core waits for it anyway)
  wire i_gnt = ibus_req_i && (!i_ram || RAM_DUAL_PORT || !d_ram_req);
  wire d_gnt = dbus_req_i && (d_tgt != T_ACC || br_gnt);
  assign ibus_gnt_o = i_gnt;
  assign dbus_gnt_o = d_gnt;

  // ------------------------------------------------------------ RAM and ROM
  wire [31:0] ram_a_rdata, ram_b_rdata, rom_rdata;

  edgellm_soc_ram #(
    .BYTES     (RAM_BYTES),
    .DUAL_PORT (RAM_DUAL_PORT),
    .INIT_FILE (RAM_INIT)
  ) u_ram (
    .clk_i     (clk_i),
    .a_en_i    (i_gnt && i_ram),
    .a_addr_i  (ibus_addr_i[RAM_LG-1:2]),
    .a_rdata_o (ram_a_rdata),
    .b_en_i    (d_gnt && d_tgt == T_RAM),
    .b_we_i    (dbus_we_i ? dbus_be_i : 4'b0000),
    .b_addr_i  (dbus_addr_i[RAM_LG-1:2]),
    .b_wdata_i (dbus_wdata_i),
    .b_rdata_o (ram_b_rdata)
  );

  edgellm_soc_rom #(
    .BYTES     (ROM_BYTES),
    .INIT_FILE (ROM_INIT)
  ) u_rom (
    .clk_i     (clk_i),
    .en_i      (d_gnt && d_tgt == T_ROM),
    .addr_i    (dbus_addr_i[ROM_LG-1:2]),
    .rdata_o   (rom_rdata)
  );

  // ------------------------------------------------------------ registers
  wire [31:0] uart_rdata, timer_rdata, sys_rdata;
  wire        uart_err, timer_err, sys_err;

  edgellm_soc_uart_tx #(.DIV(UART_DIV)) u_uart (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_i       (d_gnt && d_tgt == T_UART),
    .we_i        (dbus_we_i),
    .be_i        (dbus_be_i),
    .addr_i      (dbus_addr_i[11:0]),
    .wdata_i     (dbus_wdata_i),
    .rdata_o     (uart_rdata),
    .err_o       (uart_err),
    .tx_o        (uart_tx_o),
    .tap_valid_o (tap_uart_o),
    .tap_byte_o  (tap_uart_byte_o)
  );

  edgellm_soc_timer u_timer (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_i       (d_gnt && d_tgt == T_TIMER),
    .we_i        (dbus_we_i),
    .be_i        (dbus_be_i),
    .addr_i      (dbus_addr_i[11:0]),
    .wdata_i     (dbus_wdata_i),
    .rdata_o     (timer_rdata),
    .err_o       (timer_err),
    .irq_timer_o (irq_timer_o)
  );

  edgellm_soc_sysctl u_sys (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .req_i            (d_gnt && d_tgt == T_SYS),
    .we_i             (dbus_we_i),
    .addr_i           (dbus_addr_i[11:0]),
    .wdata_i          (dbus_wdata_i),
    .rdata_o          (sys_rdata),
    .err_o            (sys_err),
    .exit_o           (exit_o),
    .exit_code_o      (exit_code_o),
    .tap_mark_o       (tap_mark_o),
    .tap_mark_value_o (tap_mark_value_o)
  );

  // ------------------------------------------------------------ accelerator
  wire        br_rvalid, br_err;
  wire [31:0] br_rdata;

  generate
    if (ACC_EN) begin : g_acc
      wire [15:0] b_awaddr, b_araddr, a_awaddr, a_araddr;
      wire [2:0]  b_awprot, b_arprot, a_awprot, a_arprot;
      wire        b_awvalid, b_awready, b_wvalid, b_wready, b_bvalid, b_bready;
      wire        b_arvalid, b_arready, b_rvalid, b_rready;
      wire        a_awvalid, a_awready, a_wvalid, a_wready, a_bvalid, a_bready;
      wire        a_arvalid, a_arready, a_rvalid, a_rready;
      wire [31:0] b_wdata, b_rdata, a_wdata, a_rdata;
      wire [3:0]  b_wstrb, a_wstrb;
      wire [1:0]  b_bresp, b_rresp, a_bresp, a_rresp;
      wire        acc_irq;

      edgellm_soc_axil_bridge #(.ADDR_W(16)) u_bridge (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .req_i          (dbus_req_i && d_tgt == T_ACC),
        .gnt_o          (br_gnt),
        .addr_i         (dbus_addr_i[15:0]),
        .we_i           (dbus_we_i),
        .be_i           (dbus_be_i),
        .wdata_i        (dbus_wdata_i),
        .rvalid_o       (br_rvalid),
        .rdata_o        (br_rdata),
        .err_o          (br_err),
        .m_axil_awaddr  (b_awaddr),
        .m_axil_awprot  (b_awprot),
        .m_axil_awvalid (b_awvalid),
        .m_axil_awready (b_awready),
        .m_axil_wdata   (b_wdata),
        .m_axil_wstrb   (b_wstrb),
        .m_axil_wvalid  (b_wvalid),
        .m_axil_wready  (b_wready),
        .m_axil_bresp   (b_bresp),
        .m_axil_bvalid  (b_bvalid),
        .m_axil_bready  (b_bready),
        .m_axil_araddr  (b_araddr),
        .m_axil_arprot  (b_arprot),
        .m_axil_arvalid (b_arvalid),
        .m_axil_arready (b_arready),
        .m_axil_rdata   (b_rdata),
        .m_axil_rresp   (b_rresp),
        .m_axil_rvalid  (b_rvalid),
        .m_axil_rready  (b_rready)
      );

      edgellm_soc_fault #(.EN(FAULT_EN)) u_fault (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .hang_i         (fault_hang_i),
        .corrupt_i      (fault_corrupt_i),
        .start_o        (evt_acc_start_o),
        .hang_o         (evt_fault_hang_o),
        .corrupt_o      (evt_fault_corrupt_o),
        .s_axil_awaddr  (b_awaddr),
        .s_axil_awprot  (b_awprot),
        .s_axil_awvalid (b_awvalid),
        .s_axil_awready (b_awready),
        .s_axil_wdata   (b_wdata),
        .s_axil_wstrb   (b_wstrb),
        .s_axil_wvalid  (b_wvalid),
        .s_axil_wready  (b_wready),
        .s_axil_bresp   (b_bresp),
        .s_axil_bvalid  (b_bvalid),
        .s_axil_bready  (b_bready),
        .s_axil_araddr  (b_araddr),
        .s_axil_arprot  (b_arprot),
        .s_axil_arvalid (b_arvalid),
        .s_axil_arready (b_arready),
        .s_axil_rdata   (b_rdata),
        .s_axil_rresp   (b_rresp),
        .s_axil_rvalid  (b_rvalid),
        .s_axil_rready  (b_rready),
        .m_axil_awaddr  (a_awaddr),
        .m_axil_awprot  (a_awprot),
        .m_axil_awvalid (a_awvalid),
        .m_axil_awready (a_awready),
        .m_axil_wdata   (a_wdata),
        .m_axil_wstrb   (a_wstrb),
        .m_axil_wvalid  (a_wvalid),
        .m_axil_wready  (a_wready),
        .m_axil_bresp   (a_bresp),
        .m_axil_bvalid  (a_bvalid),
        .m_axil_bready  (a_bready),
        .m_axil_araddr  (a_araddr),
        .m_axil_arprot  (a_arprot),
        .m_axil_arvalid (a_arvalid),
        .m_axil_arready (a_arready),
        .m_axil_rdata   (a_rdata),
        .m_axil_rresp   (a_rresp),
        .m_axil_rvalid  (a_rvalid),
        .m_axil_rready  (a_rready),
        .irq_i          (acc_irq),
        .irq_o          (irq_external_o)
      );

      edgellm_acc #(
        .LANES      (ACC_LANES),
        .WMEM_BYTES (ACC_WMEM_BYTES),
        .XMAX       (ACC_XMAX),
        .YMAX       (ACC_YMAX),
        .T1_EN      (ACC_T1_EN),
        .I8_EN      (ACC_I8_EN),
        .KV_EN      (ACC_KV_EN),
        .REQ_EN     (ACC_REQ_EN)
      ) u_acc (
        .clk_i          (acc_clk_i),
        .rst_ni         (rst_ni),
        .irq_o          (acc_irq),
        .s_axil_awaddr  (a_awaddr),
        .s_axil_awprot  (a_awprot),
        .s_axil_awvalid (a_awvalid),
        .s_axil_awready (a_awready),
        .s_axil_wdata   (a_wdata),
        .s_axil_wstrb   (a_wstrb),
        .s_axil_wvalid  (a_wvalid),
        .s_axil_wready  (a_wready),
        .s_axil_bresp   (a_bresp),
        .s_axil_bvalid  (a_bvalid),
        .s_axil_bready  (a_bready),
        .s_axil_araddr  (a_araddr),
        .s_axil_arprot  (a_arprot),
        .s_axil_arvalid (a_arvalid),
        .s_axil_arready (a_arready),
        .s_axil_rdata   (a_rdata),
        .s_axil_rresp   (a_rresp),
        .s_axil_rvalid  (a_rvalid),
        .s_axil_rready  (a_rready)
      );
    end else begin : g_no_acc
      assign br_gnt    = 1'b0;
      assign br_rvalid = 1'b0;
      assign br_rdata  = 32'd0;
      assign br_err    = 1'b0;
      assign irq_external_o      = 1'b0;
      assign evt_acc_start_o     = 1'b0;
      assign evt_fault_hang_o    = 1'b0;
      assign evt_fault_corrupt_o = 1'b0;
      /* verilator lint_off UNUSEDSIGNAL */
      wire unused = acc_clk_i ^ fault_hang_i ^ fault_corrupt_i;   // no accelerator
      /* verilator lint_on UNUSEDSIGNAL */
    end
  endgenerate

  // ------------------------------------------------------------ responses
  reg        i_pend_q, i_err_q;
  reg        d_pend_q, d_err_q;
  reg [2:0]  d_sel_q;
  reg [31:0] d_reg_q;                        // register read data, or 0
  reg [31:0] d_reg_d;
  reg        d_err_d;

  always @(*) begin
    d_reg_d = 32'd0;
    d_err_d = 1'b0;
    case (d_tgt)
      T_UART:  begin d_reg_d = uart_rdata;  d_err_d = uart_err;  end
      T_TIMER: begin d_reg_d = timer_rdata; d_err_d = timer_err; end
      T_SYS:   begin d_reg_d = sys_rdata;   d_err_d = sys_err;   end
      T_NONE:  d_err_d = 1'b1;
      default: ;
    endcase
  end

  wire d_rvalid = d_sel_q == T_ACC ? (d_pend_q && br_rvalid) : d_pend_q;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      i_pend_q <= 1'b0;
      d_pend_q <= 1'b0;
    end else begin
      i_pend_q <= i_gnt;
      if (d_gnt) d_pend_q <= 1'b1;
      else if (d_rvalid) d_pend_q <= 1'b0;
    end
    if (i_gnt) i_err_q <= !i_ram;
    if (d_gnt) begin
      d_sel_q <= d_tgt;
      d_err_q <= d_err_d;
      d_reg_q <= dbus_we_i ? 32'd0 : d_reg_d;
    end
  end

  assign ibus_rvalid_o = i_pend_q;
  assign ibus_rdata_o  = i_err_q ? 32'd0 : ram_a_rdata;
  assign ibus_err_o    = i_err_q;

  reg [31:0] d_rdata;
  always @(*) begin
    case (d_sel_q)
      T_RAM:   d_rdata = ram_b_rdata;
      T_ROM:   d_rdata = rom_rdata;
      T_ACC:   d_rdata = br_rdata;
      default: d_rdata = d_reg_q;
    endcase
  end
  assign dbus_rvalid_o = d_rvalid;
  assign dbus_rdata_o  = d_rdata;
  assign dbus_err_o    = d_sel_q == T_ACC ? br_err : d_err_q;

  // ------------------------------------------------------------ events
  assign evt_ifetch_o     = i_gnt && i_ram;
  assign evt_ram_rd_o     = d_gnt && d_tgt == T_RAM && !dbus_we_i;
  assign evt_ram_wr_o     = d_gnt && d_tgt == T_RAM && dbus_we_i;
  assign evt_rom_rd_o     = d_gnt && d_tgt == T_ROM;
  assign evt_periph_o     = d_gnt && (d_tgt == T_UART || d_tgt == T_TIMER || d_tgt == T_SYS);
  assign evt_acc_rd_o     = d_gnt && d_tgt == T_ACC && !dbus_we_i;
  assign evt_acc_wr_o     = d_gnt && d_tgt == T_ACC && dbus_we_i;
  assign evt_acc_status_o = evt_acc_rd_o && dbus_addr_i[15:0] == 16'h0024;
  assign evt_acc_x_o      = evt_acc_wr_o && dbus_addr_i[15:14] == 2'b01;
  assign evt_acc_y_o      = evt_acc_rd_o && dbus_addr_i[15];
  assign evt_acc_wdata_o  = evt_acc_wr_o && dbus_addr_i[15:0] == 16'h0054;
  assign evt_unmapped_o   = (i_gnt && !i_ram) || (d_gnt && d_tgt == T_NONE);
  assign evt_istall_o     = ibus_req_i && !i_gnt;
  assign evt_dstall_o     = (dbus_req_i && !d_gnt) || (d_pend_q && !d_rvalid);

endmodule

`resetall
