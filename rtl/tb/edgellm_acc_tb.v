// Icarus testbench for edgellm_acc (the short, plain-Verilog companion of the
// Verilator testbench in tests/hw/tb_acc.cpp). An AXI4-Lite master with
// random delays on AW, W and AR and random BREADY/RREADY, a monitor that
// checks response stability, and matvecs of every type compared with a
// behavioural reference written from the weight layouts.
//   iverilog -g2005 -s edgellm_acc_tb rtl/edgellm_acc*.v rtl/tb/edgellm_acc_tb.v; vvp -n a.out +seed=N
`default_nettype none

module edgellm_acc_tb;

  localparam integer LANES = 32, WMEM = 8192, XMAX = 1024, YMAX = 256;

  reg clk = 1'b0;
  always #5 clk = ~clk;
  reg rst_n = 1'b0;

  reg  [15:0] awaddr = 0, araddr = 0;
  reg         awvalid = 0, wvalid = 0, bready = 0, arvalid = 0, rready = 0;
  reg  [31:0] wdata = 0;
  reg  [3:0]  wstrb = 4'hF;
  wire        awready, wready, bvalid, arready, rvalid, irq;
  wire [1:0]  bresp, rresp;
  wire [31:0] rdata;

  edgellm_acc #(.LANES(LANES), .WMEM_BYTES(WMEM), .XMAX(XMAX), .YMAX(YMAX)) dut (
    .clk_i(clk), .rst_ni(rst_n), .irq_o(irq),
    .s_axil_awaddr(awaddr), .s_axil_awprot(3'd0), .s_axil_awvalid(awvalid), .s_axil_awready(awready),
    .s_axil_wdata(wdata), .s_axil_wstrb(wstrb), .s_axil_wvalid(wvalid), .s_axil_wready(wready),
    .s_axil_bresp(bresp), .s_axil_bvalid(bvalid), .s_axil_bready(bready),
    .s_axil_araddr(araddr), .s_axil_arprot(3'd0), .s_axil_arvalid(arvalid), .s_axil_arready(arready),
    .s_axil_rdata(rdata), .s_axil_rresp(rresp), .s_axil_rvalid(rvalid), .s_axil_rready(rready)
  );

  integer seed = 1, stall = 0, pass = 0, fail = 0;

  task check(input ok, input [8*48-1:0] what, input [31:0] got, input [31:0] want);
    begin
      if (ok) pass = pass + 1;
      else begin
        fail = fail + 1;
        if (fail <= 10) $display("  FAIL %0s: got %0d (0x%h) want %0d (0x%h)", what, $signed(got), got, $signed(want), want);
      end
    end
  endtask

  // ---------------------------------------------------------- monitor
  reg pb = 0, pr = 0;
  reg [1:0] pbresp = 0, prresp = 0;
  reg [31:0] prdata = 0;
  integer n_b_bad = 0;
  always @(posedge clk) begin
    if (rst_n) begin
      if (pb && !(bvalid && bresp == pbresp)) begin
        fail = fail + 1; $display("  FAIL protocol: B changed before BREADY");
      end
      if (pr && !(rvalid && rresp == prresp && rdata == prdata)) begin
        fail = fail + 1; $display("  FAIL protocol: R changed before RREADY");
      end
    end
    pb <= bvalid && !bready; pbresp <= bresp;
    pr <= rvalid && !rready; prresp <= rresp; prdata <= rdata;
  end

  function integer rnd(input integer n);
    begin
      rnd = ($random(seed) & 32'h7FFF_FFFF) % n;
    end
  endfunction

  // ---------------------------------------------------------- master
  task aw_send(input [15:0] a, input integer dly);
    begin
      repeat (dly) @(posedge clk);
      awaddr <= a; awvalid <= 1'b1;
      @(posedge clk);
      while (!awready) @(posedge clk);
      awvalid <= 1'b0;
    end
  endtask

  task w_send(input [31:0] d, input integer dly);
    begin
      repeat (dly) @(posedge clk);
      wdata <= d; wvalid <= 1'b1;
      @(posedge clk);
      while (!wready) @(posedge clk);
      wvalid <= 1'b0;
    end
  endtask

  task axi_write(input [15:0] a, input [31:0] d, output [1:0] resp);
    integer da, dw, db;
    begin
      da = stall ? rnd(4) : 0;
      dw = stall ? rnd(4) : 0;
      if (stall == 2) da = da + 3;       // data first
      if (stall == 3) dw = dw + 3;       // address first
      db = stall ? rnd(3) : 0;
      fork
        aw_send(a, da);
        w_send(d, dw);
      join
      repeat (db) @(posedge clk);
      bready <= 1'b1;
      @(posedge clk);
      while (!bvalid) @(posedge clk);
      resp = bresp;
      bready <= 1'b0;
    end
  endtask

  task axi_read(input [15:0] a, output [31:0] d, output [1:0] resp);
    integer dr;
    begin
      repeat (stall ? rnd(3) : 0) @(posedge clk);
      araddr <= a; arvalid <= 1'b1;
      @(posedge clk);
      while (!arready) @(posedge clk);
      arvalid <= 1'b0;
      dr = stall ? rnd(3) : 0;
      repeat (dr) @(posedge clk);
      rready <= 1'b1;
      @(posedge clk);
      while (!rvalid) @(posedge clk);
      d = rdata; resp = rresp;
      rready <= 1'b0;
    end
  endtask

  reg [1:0]  resp;
  reg [31:0] rd;
  task wr(input [15:0] a, input [31:0] d);
    begin
      axi_write(a, d, resp);
      check(resp == 2'b00, "write OKAY", {30'd0, resp}, 0);
    end
  endtask

  // ---------------------------------------------------------- reference
  reg  [7:0]  w   [0:WMEM-1];
  reg  [7:0]  x   [0:XMAX-1];
  reg  [31:0] yref [0:YMAX-1];

  function integer weight(input integer ty, input integer row0, input integer c);
    reg [7:0] b;
    reg [1:0] code;
    reg [15:0] v;
    integer k;
    begin
      if (ty == 1) begin
        b = w[row0 + (c / 64) * 16 + c % 16];
        code = b >> (2 * ((c % 64) / 16));
        weight = (code == 2'd1) ? 1 : (code == 2'd2) ? -1 : 0;
      end else if (ty == 2) begin
        b = w[row0 + (c / 80) * 16 + c % 16];
        k = (c % 80) / 16;
        v = (b * (k == 0 ? 1 : k == 1 ? 3 : k == 2 ? 9 : k == 3 ? 27 : 81)) & 16'hFF;
        weight = ((v * 3) >> 8) - 1;
      end else begin
        weight = $signed(w[row0 + c]);
      end
    end
  endfunction

  integer i, r, c, acc, k;

  task matvec(input integer ty, input integer rows, input integer cols, input integer extra, input integer base);
    integer cols_pad, stride, st, polls, ok;
    reg [31:0] word;
    reg [4:0] t;
    integer tr [0:4];
    begin
      cols_pad = ty == 1 ? (cols + 63) / 64 * 64 : ty == 2 ? (cols + 79) / 80 * 80 : (cols + 15) / 16 * 16;
      stride = (ty == 1 ? cols_pad / 4 : ty == 2 ? cols_pad / 5 : cols_pad) + 16 * extra;
      for (i = 0; i < rows * stride; i = i + 1) begin
        if (ty == 1) begin                 // codes 0, 1, 2 only
          w[base + i] = 0;
          for (k = 0; k < 4; k = k + 1) w[base + i] = w[base + i] | (rnd(3) << (2 * k));
        end else if (ty == 2) begin        // a valid 5-trit byte
          acc = 0;
          for (k = 0; k < 5; k = k + 1) acc = acc * 3 + rnd(3);
          w[base + i] = (acc * 256 + 242) / 243;
        end else begin
          w[base + i] = rnd(256);
        end
      end
      for (i = 0; i < cols_pad; i = i + 1) x[i] = (stall == 1 && i < 16) ? 8'h80 : rnd(256);
      for (r = 0; r < rows; r = r + 1) begin
        acc = 0;
        for (c = 0; c < cols_pad; c = c + 1) acc = acc + weight(ty, base + r * stride, c) * $signed(x[c]);
        yref[r] = acc;
      end
      // upload, activations, descriptor, start
      wr(16'h0050, base);
      for (i = 0; i < rows * stride; i = i + 4)
        wr(16'h0054, {w[base + i + 3], w[base + i + 2], w[base + i + 1], w[base + i]});
      for (i = 0; i < cols_pad; i = i + 4)
        wr(16'h4000 + i, {x[i + 3], x[i + 2], x[i + 1], x[i]});
      wr(16'h0030, ty); wr(16'h0034, rows); wr(16'h0038, cols_pad); wr(16'h003C, stride); wr(16'h0040, base);
      wr(16'h0020, 1);
      polls = 0;
      st = 1;
      while ((st & 1) && polls < 10000) begin
        axi_read(16'h0024, rd, resp);
        st = rd;
        polls = polls + 1;
      end
      check(st == 2, "STATUS DONE", st, 2);
      ok = 1;
      for (r = 0; r < rows; r = r + 1) begin
        axi_read(16'h8000 + 4 * r, rd, resp);
        if (rd != yref[r] || resp != 0) ok = 0;
        check(rd == yref[r] && resp == 0, "y", rd, yref[r]);
      end
      if (!ok) $display("    type %0d rows %0d cols %0d stride %0d base %0d", ty, rows, cols, stride, base);
    end
  endtask

  integer ty, n;
  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    repeat (4) @(posedge clk);
    rst_n <= 1'b1;
    @(posedge clk);
    check(!bvalid && !rvalid && !irq, "idle after reset", {29'd0, bvalid, rvalid, irq}, 0);

    axi_read(16'h0000, rd, resp);
    check(rd == 32'h454C4D41 && resp == 0, "ID", rd, 32'h454C4D41);
    axi_read(16'h0004, rd, resp);
    check(rd == 32'h00010003 && resp == 0, "VERSION", rd, 32'h00010003);
    axi_read(16'h0008, rd, resp);
    check(rd == (LANES | 32'hF3E00), "CAPS", rd, LANES | 32'hF3E00);
    axi_read(16'h000C, rd, resp);
    check(rd == WMEM, "WMEM_BYTES", rd, WMEM);
    axi_write(16'h0000, 1, resp);
    check(resp == 2'b10, "write to ID: SLVERR", resp, 2);
    axi_read(16'h0100, rd, resp);
    check(resp == 2'b10, "unmapped read: SLVERR", resp, 2);

    // register read-back under every stall mode
    for (n = 0; n < 16; n = n + 1) begin
      stall = n % 4;
      i = $random(seed);
      wr(16'h0034 + 4 * (n % 4), i);
      axi_read(16'h0034 + 4 * (n % 4), rd, resp);
      check(rd == i && resp == 0, "register read-back", rd, i);
    end

    // matvecs: every type, random shapes, every stall mode
    for (n = 0; n < 24; n = n + 1) begin
      stall = n % 4;
      ty = 1 + n % 3;
      matvec(ty, 1 + rnd(12), 1 + rnd(ty == 3 ? 200 : 400), rnd(2), 16 * rnd(64));
    end

    // a descriptor the engine cannot run completes at once with ERR_DESC: a
    // STATUS read right after START's B may still see BUSY (START is posted,
    // then pending for a cycle), the next one sees DONE | ERR_DESC
    stall = 0;
    wr(16'h0030, 1); wr(16'h0038, 48);
    wr(16'h0020, 1);
    axi_read(16'h0024, rd, resp);
    if (rd == 32'h1) axi_read(16'h0024, rd, resp);
    check(rd == 32'h6, "ERR_DESC", rd, 6);

    $display("edgellm_acc_tb: %0s: %0d checks passed, %0d failed", fail ? "FAIL" : "PASS", pass, fail);
    if (fail) $fatal(1, "edgellm_acc_tb failed");
    $finish;
  end

  initial begin
    #20000000;
    $fatal(1, "edgellm_acc_tb: timeout");
  end

endmodule

`resetall
