// Place-and-route wrapper for edgellm_rv32 alone (synthesis only): the core with
// a 2 KB instruction memory and a 2 KB data memory in block RAM, both granting at
// once and answering one cycle later, as in the SoC, so that the paths into and
// out of the memories are timed. Stores to 0x0000-0x07FF write the instruction
// memory (so it is not a constant ROM), to 0x1000-0x17FF the data memory, and to
// 0x2000 eight LEDs; the two interrupt lines come from pins.
`default_nettype none

module edgellm_rv32_synth_top (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       irq_external_i,
  input  wire       irq_timer_i,
  output reg  [7:0] led_o
);

  wire        i_req, d_req, d_we;
  /* verilator lint_off UNUSEDSIGNAL */  // small memories: the upper address bits are not decoded
  wire [31:0] i_addr, d_addr;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] d_wdata;
  wire [3:0]  d_be;
  reg         i_rvalid_q, d_rvalid_q;
  reg  [31:0] i_rdata_q, d_rdata_q;
  /* verilator lint_off UNUSEDSIGNAL */  // observation outputs, not used here
  wire        retire, sleep;
  /* verilator lint_on UNUSEDSIGNAL */

  edgellm_rv32 #(.RESET_ADDR(32'h0000_0000)) u_core (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .ibus_req_o     (i_req),
    .ibus_gnt_i     (1'b1),
    .ibus_addr_o    (i_addr),
    .ibus_rvalid_i  (i_rvalid_q),
    .ibus_rdata_i   (i_rdata_q),
    .ibus_err_i     (1'b0),
    .dbus_req_o     (d_req),
    .dbus_gnt_i     (1'b1),
    .dbus_addr_o    (d_addr),
    .dbus_we_o      (d_we),
    .dbus_be_o      (d_be),
    .dbus_wdata_o   (d_wdata),
    .dbus_rvalid_i  (d_rvalid_q),
    .dbus_rdata_i   (d_rdata_q),
    .dbus_err_i     (1'b0),
    .irq_external_i (irq_external_i),
    .irq_timer_i    (irq_timer_i),
    .retire_o       (retire),
    .sleep_o        (sleep)
  );

  // block RAM with no read-during-write logic (what a read returns while the same
  // word is written does not matter here, as in the SoC's memories)
  (* ram_style = "block", no_rw_check *)
  reg [31:0] imem [0:511];
  (* ram_style = "block", no_rw_check *)
  reg [31:0] dmem [0:511];
  wire       w_imem = d_req && d_we && (d_addr[13:11] == 3'b000);
  wire       w_dmem = d_req && d_we && (d_addr[13:11] == 3'b010);
  integer    b;

  always @(posedge clk_i) begin
    i_rvalid_q <= rst_ni && i_req;
    d_rvalid_q <= rst_ni && d_req;
    i_rdata_q  <= imem[i_addr[10:2]];
    d_rdata_q  <= dmem[d_addr[10:2]];
    for (b = 0; b < 4; b = b + 1) begin
      if (w_imem && d_be[b]) imem[d_addr[10:2]][8*b +: 8] <= d_wdata[8*b +: 8];
      if (w_dmem && d_be[b]) dmem[d_addr[10:2]][8*b +: 8] <= d_wdata[8*b +: 8];
    end
    if (d_req && d_we && d_addr[13] && d_be[0]) led_o <= d_wdata[7:0];
  end

endmodule
`resetall
