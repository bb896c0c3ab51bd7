// Test harness for edgellm_rv32 (simulation only): the core, a RAM and a few
// devices behind both ports, with seeded random stalls (grants withheld,
// answers delayed) on each port. Driven by tb_cpu.cpp.
//
// Memory map:
//   0x8000_0000 + RAM_BYTES   RAM (instructions and data)
//   0x4000_0000  EXIT         write: the run ends, exit code = value (0 = pass)
//   0x4000_0004  UART         write: byte [7:0] to the testbench's stdout
//   0x4000_0008  IRQ          read/write: bit 0 = irq_external_i, bit 1 = irq_timer_i
//   0x4000_000C  EXT_AFTER    write N > 0: irq_external_i rises N cycles later
//   0x4000_0010  TIM_AFTER    write N > 0: irq_timer_i rises N cycles later
//   0x4000_0014  CYCLE        read: cycles since reset
//   0x4000_0018  SCRATCH      read/write: a plain register
//   0x1000_0000  ns16550 THR  write: byte to stdout; LSR (+5) reads 0x60 (empty)
//   0x0010_0000  SiFive test  write 0x5555: the run ends, exit code 0;
//                             (code << 16) | 0x3333: ends with that code
//   anything else             access fault (err with rvalid), on either port
// A store of a non-zero word to tohost_i (the riscv-tests' tohost symbol)
// also ends the run: 1 = pass (exit code 0), otherwise the stored value.
// The UART and test device are QEMU virt's, so that firmware built for QEMU
// (RAM from 0x8000_0000, RAM_LOG2 = 25 covers its 16 MB flash and 16 MB RAM)
// runs unchanged.
`default_nettype none

module tb_cpu #(
  parameter integer RAM_LOG2 = 25                 // RAM bytes = 2^RAM_LOG2
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [31:0] seed_i,                      // stall pattern seed (sampled in reset)
  input  wire [7:0]  stall_i,                     // 0: no stalls; else chance/256 per decision
  // backdoor RAM write (used by the testbench while in reset)
  input  wire        load_we_i,
  input  wire [31:0] load_addr_i,
  input  wire [31:0] load_data_i,
  input  wire [31:0] tohost_i,                    // 0: no tohost
  output reg         done_o,
  output reg  [31:0] exit_code_o,
  output reg         uart_valid_o,
  output reg  [7:0]  uart_data_o,
  // observation for the testbench's protocol checker
  output wire        ibus_req_o,
  output wire        ibus_gnt_o,
  output wire [31:0] ibus_addr_o,
  output wire        ibus_rvalid_o,
  output wire        dbus_req_o,
  output wire        dbus_gnt_o,
  output wire [31:0] dbus_addr_o,
  output wire        dbus_we_o,
  output wire [3:0]  dbus_be_o,
  output wire [31:0] dbus_wdata_o,
  output wire        dbus_rvalid_o,
  output wire        retire_o,
  output wire        sleep_o,
  // where the cycles without a retiring instruction go (tb_cpu --stats)
  output wire [3:0]  why_o
);

  localparam integer WORDS = 1 << (RAM_LOG2 - 2);
  localparam [31:0]  RAM_BASE = 32'h8000_0000;
  localparam [31:0]  DEV_BASE = 32'h4000_0000;

  // ------------------------------------------------------------ core
  wire        i_req, i_gnt, i_rvalid, i_err;
  wire [31:0] i_addr, i_rdata;
  wire        d_req, d_gnt, d_we, d_rvalid, d_err;
  wire [31:0] d_addr, d_wdata, d_rdata;
  wire [3:0]  d_be;
  reg         irq_ext_q, irq_tim_q;

  edgellm_rv32 #(.RESET_ADDR(RAM_BASE)) u_core (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .ibus_req_o     (i_req),
    .ibus_gnt_i     (i_gnt),
    .ibus_addr_o    (i_addr),
    .ibus_rvalid_i  (i_rvalid),
    .ibus_rdata_i   (i_rdata),
    .ibus_err_i     (i_err),
    .dbus_req_o     (d_req),
    .dbus_gnt_i     (d_gnt),
    .dbus_addr_o    (d_addr),
    .dbus_we_o      (d_we),
    .dbus_be_o      (d_be),
    .dbus_wdata_o   (d_wdata),
    .dbus_rvalid_i  (d_rvalid),
    .dbus_rdata_i   (d_rdata),
    .dbus_err_i     (d_err),
    .irq_external_i (irq_ext_q),
    .irq_timer_i    (irq_tim_q),
    .retire_o       (retire_o),
    .sleep_o        (sleep_o)
  );

  assign ibus_req_o    = i_req;
  assign ibus_gnt_o    = i_gnt;
  assign ibus_addr_o   = i_addr;
  assign ibus_rvalid_o = i_rvalid;
  assign dbus_req_o    = d_req;
  assign dbus_gnt_o    = d_gnt;
  assign dbus_addr_o   = d_addr;
  assign dbus_we_o     = d_we;
  assign dbus_be_o     = d_be;
  assign dbus_wdata_o  = d_wdata;
  assign dbus_rvalid_o = d_rvalid;

  // ------------------------------------------------------------ cycle accounting
  // For tb_cpu --stats: what E is doing in a cycle (probes into the core)
  // 0 E retires an instruction into W, 1 E empty, 2 load-use wait, 3 multiply or
  // divide busy, 4 waiting for W to empty (CSR, mret, wfi, fence.i, traps),
  // 5 waiting for a data grant, 6 waiting for W's answer, 7 other
  assign why_o = u_core.e_fire ? 4'd0 : !u_core.e_valid_q ? 4'd1 : u_core.hz ? 4'd2 :
                 (u_core.is_md && !u_core.md_done) ? 4'd3 :
                 !u_core.w_done ? 4'd6 :
                 (u_core.is_mem && !u_core.e_exc) ? 4'd5 :
                 ((u_core.is_sys || u_core.e_exc || u_core.irq_want) && u_core.w_valid_q) ? 4'd4 : 4'd7;

  // ------------------------------------------------------------ random stalls
  // xorshift32 per port, stepped every cycle
  reg [31:0] ri_q, rd_q;
  function [31:0] xs(input [31:0] x);
    reg [31:0] t;
    begin
      t  = x ^ (x << 13);
      t  = t ^ (t >> 17);
      xs = t ^ (t << 5);
    end
  endfunction
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      ri_q <= seed_i ^ 32'h9E37_79B9;
      rd_q <= (seed_i * 32'd2654435761) ^ 32'h7F4A_7C15;
    end else begin
      ri_q <= xs(ri_q);
      rd_q <= xs(rd_q);
    end
  end
  wire       i_hold  = (stall_i != 8'd0) && (ri_q[7:0] < stall_i);
  wire       d_hold  = (stall_i != 8'd0) && (rd_q[7:0] < stall_i);
  // extra answer delay: 0 mostly, 1-3 cycles with the stall chance, 12 rarely
  wire [3:0] i_delay = (stall_i == 8'd0) ? 4'd0 : (ri_q[15:8] < stall_i) ? {2'b00, ri_q[17:16]} + 4'd1 :
                       (ri_q[27:20] == 8'd0) ? 4'd12 : 4'd0;
  wire [3:0] d_delay = (stall_i == 8'd0) ? 4'd0 : (rd_q[15:8] < stall_i) ? {2'b00, rd_q[17:16]} + 4'd1 :
                       (rd_q[27:20] == 8'd0) ? 4'd12 : 4'd0;

  // ------------------------------------------------------------ memory
  reg [31:0] ram [0:WORDS-1];

  function in_ram(input [31:0] a);
    in_ram = (a >= RAM_BASE) && (a - RAM_BASE < (32'd1 << RAM_LOG2));
  endfunction
  function [RAM_LOG2-3:0] widx(input [31:0] a);
    /* verilator lint_off UNUSEDSIGNAL */  // the word index only
    reg [31:0] off;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
      off  = a - RAM_BASE;
      widx = off[RAM_LOG2-1:2];
    end
  endfunction

  // one outstanding access per port; answered when the delay runs out, and a
  // new grant may come in the cycle of the answer
  reg        i_busy_q, d_busy_q;
  reg [3:0]  i_dly_q, d_dly_q;
  reg [31:0] i_data_q, d_data_q;
  reg        i_err_q, d_err_q;

  assign i_rvalid = i_busy_q && (i_dly_q == 4'd0);
  assign d_rvalid = d_busy_q && (d_dly_q == 4'd0);
  assign i_gnt    = i_req && (!i_busy_q || i_rvalid) && !i_hold;
  assign d_gnt    = d_req && (!d_busy_q || d_rvalid) && !d_hold;
  assign i_rdata  = i_data_q;
  assign i_err    = i_err_q;
  assign d_rdata  = d_data_q;
  assign d_err    = d_err_q;

  reg [31:0] cycle_q, scratch_q;
  reg [31:0] ext_cnt_q, tim_cnt_q;

  wire       d_dev   = (d_addr[31:8] == DEV_BASE[31:8]) && (d_addr[7:0] <= 8'h18);
  wire       d_uart  = (d_addr[31:4] == 28'h1000_000);          // ns16550, first 16 bytes
  wire       d_test  = (d_addr == 32'h0010_0000);              // SiFive test device
  wire [7:0] d_reg   = d_addr[7:0];
  reg [31:0] dev_rdata;
  always @* begin
    case (d_reg)
      8'h08:   dev_rdata = {30'd0, irq_tim_q, irq_ext_q};
      8'h14:   dev_rdata = cycle_q;
      8'h18:   dev_rdata = scratch_q;
      default: dev_rdata = 32'd0;
    endcase
  end

  integer b;
  always @(posedge clk_i) begin
    if (load_we_i && in_ram(load_addr_i)) ram[widx(load_addr_i)] <= load_data_i;
    // instruction port
    if (!rst_ni) begin
      i_busy_q <= 1'b0;
      i_dly_q  <= 4'd0;
    end else if (i_gnt) begin
      i_busy_q <= 1'b1;
      i_dly_q  <= i_delay;
      i_err_q  <= !in_ram(i_addr);
      i_data_q <= in_ram(i_addr) ? ram[widx(i_addr)] : 32'hDEAD_BEEF;
    end else if (i_rvalid) begin
      i_busy_q <= 1'b0;
    end else if (i_busy_q) begin
      i_dly_q  <= i_dly_q - 4'd1;
    end
    // data port
    if (!rst_ni) begin
      d_busy_q <= 1'b0;
      d_dly_q  <= 4'd0;
    end else if (d_gnt) begin
      d_busy_q <= 1'b1;
      d_dly_q  <= d_delay;
      d_err_q  <= !(in_ram(d_addr) || d_dev || d_uart || d_test);
      d_data_q <= in_ram(d_addr) ? ram[widx(d_addr)] : d_dev ? dev_rdata :
                  (d_uart && d_addr[3:2] == 2'b01) ? 32'h0000_6000 : 32'd0;
      if (d_we && in_ram(d_addr)) begin
        for (b = 0; b < 4; b = b + 1)
          if (d_be[b]) ram[widx(d_addr)][8*b +: 8] <= d_wdata[8*b +: 8];
      end
    end else if (d_rvalid) begin
      d_busy_q <= 1'b0;
    end else if (d_busy_q) begin
      d_dly_q  <= d_dly_q - 4'd1;
    end
  end

  // devices
  wire dev_wr = d_gnt && d_we && d_dev;
  always @(posedge clk_i) begin
    uart_valid_o <= 1'b0;
    if (!rst_ni) begin
      done_o      <= 1'b0;
      exit_code_o <= 32'd0;
      cycle_q     <= 32'd0;
      irq_ext_q   <= 1'b0;
      irq_tim_q   <= 1'b0;
      ext_cnt_q   <= 32'd0;
      tim_cnt_q   <= 32'd0;
      scratch_q   <= 32'd0;
    end else begin
      cycle_q <= cycle_q + 32'd1;
      if (ext_cnt_q != 32'd0) begin
        ext_cnt_q <= ext_cnt_q - 32'd1;
        if (ext_cnt_q == 32'd1) irq_ext_q <= 1'b1;
      end
      if (tim_cnt_q != 32'd0) begin
        tim_cnt_q <= tim_cnt_q - 32'd1;
        if (tim_cnt_q == 32'd1) irq_tim_q <= 1'b1;
      end
      if (dev_wr) begin
        case (d_reg)
          8'h00: begin done_o <= 1'b1; exit_code_o <= d_wdata; end
          8'h04: begin uart_valid_o <= 1'b1; uart_data_o <= d_wdata[7:0]; end
          8'h08: begin irq_ext_q <= d_wdata[0]; irq_tim_q <= d_wdata[1]; end
          8'h0C: ext_cnt_q <= d_wdata;
          8'h10: tim_cnt_q <= d_wdata;
          8'h18: scratch_q <= d_wdata;
          default: ;
        endcase
      end
      if (d_gnt && d_we && d_uart && d_addr[3:0] == 4'd0 && d_be[0]) begin
        uart_valid_o <= 1'b1;
        uart_data_o  <= d_wdata[7:0];
      end
      if (d_gnt && d_we && d_test && d_wdata[15:0] == 16'h5555) begin
        done_o      <= 1'b1;
        exit_code_o <= 32'd0;
      end
      if (d_gnt && d_we && d_test && d_wdata[15:0] == 16'h3333) begin
        done_o      <= 1'b1;
        exit_code_o <= {16'd0, d_wdata[31:16]} | 32'h8000_0000;
      end
      if (d_gnt && d_we && tohost_i != 32'd0 && d_addr == tohost_i && d_wdata != 32'd0) begin
        done_o      <= 1'b1;
        exit_code_o <= (d_wdata == 32'd1) ? 32'd0 : d_wdata;
      end
    end
  end

endmodule
`resetall
