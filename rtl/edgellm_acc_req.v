// Requantization epilogue: after a matrix-vector product (types 1-3) or a KDOT with
// MAT_REQ set, each y[r] of the result buffer is replaced by
//
//   c_r   = (EPI_M * m_r + 2^31) >> 32            (unsigned 32 x 32, low 32 bits kept,
//                                                 then read as signed, like the driver's C)
//   s_r   = shift_r - EPI_E - 32                  (32-bit)
//   y[r] <- sat32(round(y[r] * c_r / 2^s_r))      round half up for s_r > 0; exact
//                                                 y * c * 2^-s_r saturated for s_r <= 0
//
// which is edgellm.h's requantization (manual: INTEGER ARITHMETIC, mulshift), with
// (m_r, shift_r) the row's scale pair, two little-endian int32 words at weight
// memory byte address EPI_SCALES + 8r, and (EPI_M, EPI_E) the input's scale S16.
//
// One row every two cycles through one 33 x 33 signed multiplier, used first
// for EPI_M * m_r and then for y * c_r:
//   R0 read y[r] (result buffer) and m_r (weight memory)
//   R1 read shift_r; multiply EPI_M * m_r (registered)
//   R2 c_r from the product; multiply y * c_r (registered); s_r registered
//   R3 shift, round, saturate (registered)
//   R4 write y[r]
// A row's R0 waits while the bus reads the result buffer (its read port is
// shared; the bus may read y while busy). The weight memory is idle after the
// product, and the bus cannot reach it while busy.
//
// With xout_i (VSUM with MAT_REQ, before its sums) the results go to the X
// buffer, entry r (x_we_o), instead of y[r].
//
// With exp_i (SMAX_EN; a KDOT's scores), a second pass follows the first (after
// its last write, so umax, the largest value it wrote, is final): the softmax
// pass of edgellm.h's attention,
//
//   d     = umax - y[r]                             (32-bit, >= 0)
//   y[r] <- exp2n(d, qw)                            (manual: exp2n; 0 for d > (qw+1)*2^16)
//   WSUM  = sum of the new y[r]                     (mod 2^32)
//   EMAX  = max e'_r over rows with y[r] != 0 and m'_r != 0, from -128; e'_r
//           = -shift'_r as int8 (its low 8 bits: the pairs hold int8 exponents)
//
// with (m'_r, shift'_r) the V scale pair at vscales_i + 8r. exp2n's P = X[i] -
// rshr((X[i] - X[i+1]) * j, 8) (i = d[15:8], j = d[7:0]) then rshr(P, s0), s0 =
// 30 - qw + d[31:16] >= 1, is computed as rshr(A, s0 + 8) with A = 256 X[i] + 127
// - (X[i] - X[i+1]) j (the same value: floor(A / 256) = P, and the rounding
// constant 2^(s0+7) is a multiple of 256), by the same stages, two cycles a row:
//   R0 read y[r] and m'_r;  R1 read shift'_r, the table's word {X[i], X[i]-X[i+1]}
//   (i from the low bits of umax - y[r]);  R2 (X[i] - X[i+1]) * j, s = s0 + 8 (63:
//   zero);  R3 A, shift, round;  R4 write y[r], WSUM, EMAX.
`default_nettype none

module edgellm_acc_req #(
  parameter integer M      = 2,               // 32-bit words per weight memory word (LANES/16)
  parameter [0:0]   SMAX_EN = 1'b1,           // 1: the softmax pass (exp_i) built in
  parameter integer WWORDS = 2048,            // weight memory words
  parameter integer YMAX   = 4096,            // result entries
  parameter integer WAW    = $clog2(WWORDS),  // derived widths, do not override
  parameter integer YAW    = $clog2(YMAX),
  parameter integer RW     = $clog2(YMAX + 1)
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire               start_i,      // one cycle: the product's rows are all in y
  input  wire               abort_i,      // stop at once, no done_o
  input  wire [RW-1:0]      rows_i,       // 1 .. YMAX
  input  wire [WAW+2+LM:0]  scales_i,     // 32-bit word address of m_0 (EPI_SCALES / 4, even)
  input  wire [31:0]        s16_m_i,      // EPI_M
  input  wire [31:0]        s16_e_i,      // EPI_E
  input  wire               bus_y_rd_i,   // the bus reads the result buffer in this cycle
  input  wire               xout_i,       // the results go to x[r] (x_we_o) instead of y[r]
  input  wire               exp_i,        // the softmax pass after this one (SMAX_EN)
  input  wire [4:0]         qw_i,         // its fraction bits, 0 .. 29
  input  wire [WAW+2+LM:0]  vscales_i,    // 32-bit word address of its V pair m'_0 (EXP_SCALES / 4, even)
  // weight memory read port (data one cycle later)
  output wire [WAW-1:0]     w_addr_o,
  input  wire [32*M-1:0]    w_rdata_i,
  // result buffer read port (data one cycle later, held until the next read)
  output wire               y_re_o,
  output wire [YAW-1:0]     y_raddr_o,
  input  wire [31:0]        y_rdata_i,
  // result buffer write port
  output wire               y_we_o,
  output wire [YAW-1:0]     y_waddr_o,    // (also x's entry with x_we_o)
  output wire [31:0]        y_wdata_o,
  output wire               x_we_o,       // x entry y_waddr_o <- y_wdata_o (xout_i)
  output wire               fin_o,        // y[y_waddr_o] is final (the last pass's write)
  output wire [31:0]        wsum_o,       // WSUM, EMAX (held until the next pass)
  output wire [31:0]        emax_o,
  output wire               busy_o,
  output wire               done_o,       // one cycle, after the last y is written
  output wire               err_range_o   // one cycle per scale word read beyond the weight memory
);

  localparam integer LM = (M == 4) ? 2 : (M == 2) ? 1 : 0;
  localparam integer MM1 = M - 1;
  localparam [1:0]   LSEL = MM1[1:0];   // the 32-bit lane bits of a word address

  generate
    if (M != 1 && M != 2 && M != 4) begin : g_param_check0
      edgellm_acc_req_M_must_be_1_2_or_4 u_refused ();
    end
    if (WAW != $clog2(WWORDS) || YAW != $clog2(YMAX) || RW != $clog2(YMAX + 1)) begin : g_param_check1
      edgellm_acc_req_derived_widths_must_not_be_overridden u_refused ();
    end
  endgenerate

  // ------------------------------------------------------------------ issue
  reg           run_q;
  reg           pass_q;       // 0: the requantization; 1: the softmax pass
  reg           ph_q;         // 0: R0 of row r may issue; 1: R1 of row r (shift_r read)
  reg [RW-1:0]  r_q;          // the row in R0 / R1
  reg [WAW+2+LM:0] sa_q;      // 32-bit word address of m_r (then shift_r)
  wire          last = (r_q == rows_i - 1'b1);
  reg           v1_q, v2_q, v3_q, v4_q;   // a row in R1 .. R4
  reg           l1_q, l2_q, l3_q, l4_q;   // the last row
  // the softmax pass follows this one; it starts with the first pass's last write
  wire          p2_want = SMAX_EN && exp_i && !pass_q && !xout_i;
  wire          p2_go   = v4_q && l4_q && p2_want && !abort_i;
  wire          go0  = run_q && !ph_q && !bus_y_rd_i && !abort_i;   // R0
  wire          go1  = run_q && ph_q && !abort_i;                   // R1
  wire [WAW+2+LM:0] wa = go1 ? sa_q + 1'b1 : sa_q;                  // word of m_r or shift_r

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      run_q <= 1'b0;
      ph_q  <= 1'b0;
    end else if (start_i || p2_go) begin
      run_q  <= 1'b1;
      pass_q <= p2_go;
      ph_q   <= 1'b0;
      r_q    <= {RW{1'b0}};
      sa_q   <= p2_go ? vscales_i : scales_i;
    end else begin
      if (go0) ph_q <= 1'b1;
      if (go1) begin
        ph_q <= 1'b0;
        sa_q <= sa_q + {{(WAW+1+LM){1'b0}}, 2'd2};
        r_q  <= r_q + 1'b1;
        if (last) run_q <= 1'b0;
      end
    end
  end

  assign w_addr_o    = wa[WAW+LM-1:LM];
  assign y_re_o      = go0;
  assign y_raddr_o   = r_q[YAW-1:0];
  assign err_range_o = (go0 || go1) && (wa[WAW+2+LM:WAW+LM] != 0);

  // the 32-bit lane of the weight word read in the previous cycle
  reg [1:0] lane_q;
  always @(posedge clk_i) lane_q <= wa[1:0] & LSEL;
  wire [31:0] wlane = w_rdata_i[32*lane_q +: 32];

  // ------------------------------------------------------------------ R1: y, m_r; EPI_M * m_r
  reg [YAW-1:0] a1_q, a2_q, a3_q, a4_q;
  reg [31:0]  y1_q;
  // the multiplier: operands by phase (R1: EPI_M, m_r unsigned; R2: y, c_r signed)
  reg  [32:0] ma, mb;
  /* verilator lint_off UNUSEDSIGNAL */
  wire signed [65:0] mp = $signed(ma) * $signed(mb);   // |product| <= 2^64: the low 64 bits are used
  /* verilator lint_on UNUSEDSIGNAL */
  reg  [63:0] prod_q;
  always @(*) begin
    if (v1_q) begin
      ma = {1'b0, s16_m_i};
      mb = {1'b0, wlane};
    end else if (pass_q) begin     // softmax R2: (X[i] - X[i+1]) * j
      ma = {11'd0, rom_q[21:0]};
      mb = {25'd0, ej_q};
    end else begin
      ma = {y1_q[31], y1_q};
      mb = {cr[31], cr};
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      v1_q <= 1'b0;
      v2_q <= 1'b0;
      v3_q <= 1'b0;
      v4_q <= 1'b0;
    end else begin
      v1_q <= go0;
      v2_q <= v1_q;
      v3_q <= v2_q;
      v4_q <= v3_q;
    end
    l1_q <= last;      l2_q <= l1_q; l3_q <= l2_q; l4_q <= l3_q;
    a1_q <= r_q[YAW-1:0]; a2_q <= a1_q; a3_q <= a2_q; a4_q <= a3_q;
    if (v1_q) y1_q <= y_rdata_i;
    prod_q <= mp[63:0];
  end

  // ------------------------------------------------------------------ R2: c_r, s_r; y * c_r
  // (in R2 the weight memory's data is shift_r, read by R1)
  // (the product + 2^31) >> 32, low 32 bits (the C wraps the same way): bits 63:31 plus one, halved
  /* verilator lint_off UNUSEDSIGNAL */
  wire [32:0] cround = prod_q[63:31] + 33'd1;
  /* verilator lint_on UNUSEDSIGNAL */
  wire [31:0] cr     = cround[32:1];
  reg  [31:0] s_q;
  always @(posedge clk_i) begin
    if (v2_q) s_q <= pass_q ? es : wlane - s16_e_i - 32'd32;
  end

  // ------------------------------------------------------------------ the softmax pass's own stages
  // R1: d = umax - y[r] and the table's word for i = d[15:8], d > (qw + 1) * 2^16
  // (the cut-off: zero); R2: the shift s0 + 8 = 38 - qw + d[31:16] (d[20:16] there:
  // d <= 30 * 2^16 < 2^21), or 63 (zero); the V pair's m' (R1) and e' = -shift' (R2)
  // follow the row
  wire [31:0] ed   = umax_q - y_rdata_i;
  wire [5:0]  eq1  = {1'b0, qw_i} + 6'd1;
  wire        eover = (ed[31:21] != 11'd0) || ({1'b0, ed[20:16]} > eq1) || ({1'b0, ed[20:16]} == eq1 && ed[15:0] != 16'd0);
  reg  [7:0]  ej_q;         // j = d[7:0]
  reg  [4:0]  eh_q;         // d[20:16]
  reg         eover_q;
  always @(posedge clk_i) begin
    if (v1_q) begin
      ej_q    <= ed[7:0];
      eh_q    <= ed[20:16];
      eover_q <= eover;
    end
  end
  wire [31:0] es   = eover_q ? 32'd63 : 32'd38 - {27'd0, qw_i} + {27'd0, eh_q};
  reg  [52:0] rom_q;
  reg  [30:0] xi_q;
  reg         mnz2_q, mnz3_q, mnz4_q;
  reg  [7:0]  ev3_q, ev4_q;   // e' as int8: the low 8 bits of -shift' (the pairs' e are int8)
  generate
    if (SMAX_EN) begin : g_exp2
      (* rom_style = "block" *)
      reg [52:0] exp2_rom [0:255];
      initial begin
`include "edgellm_acc_exp2.vh"
      end
      always @(posedge clk_i) begin
        if (v1_q) rom_q <= exp2_rom[ed[15:8]];
      end
    end else begin : g_no_exp2
      always @(posedge clk_i) rom_q <= 53'd0;
    end
  endgenerate
  always @(posedge clk_i) begin
    mnz2_q <= (wlane != 32'd0);     // R1: m'_r
    mnz3_q <= mnz2_q;
    mnz4_q <= mnz3_q;
    ev3_q  <= 8'd0 - wlane[7:0];    // R2: -shift'_r
    ev4_q  <= ev3_q;
    xi_q   <= rom_q[52:22];
  end

  // ------------------------------------------------------------------ R3: shift, round, saturate
  // p = prod_q (|p| <= 2^62), or the softmax pass's A = 256 X[i] + 127 - prod_q (< 2^39); s = s_q
  wire [39:0]        ap  = {1'b0, xi_q, 8'd127} - prod_q[39:0];   // (prod_q < 2^30 here)
  wire signed [31:0] s   = s_q;
  wire               pz  = (prod_q == 64'd0);
  wire               pfit = (prod_q[63:31] == {33{prod_q[31]}});   // p fits int32
  // One rounding right shift serves every case. s >= 1: rshr(p, s) = (p + 2^(s-1)) >>> s
  // = ((p >>> (s-1)) + 1) >>> 1, for s <= 62 (s >= 63 gives 0): the shift first, then an
  // increment of 35 bits; the result fits int32 when q = p >>> (s-1) is a 34-bit value
  // (bits 63:33 its sign) and q + 1 a 33-bit one. -31 <= s <= 0 with p fitting int32:
  // p * 2^-s = rshr(p * 2^32, 32 + s) exactly (the bits shifted out are zeros), so p
  // goes in as its low word times 2^32 with the shift 32 + s.
  wire               left = !pass_q && s_q[31];   // s < 0 (s = 0 is either way)
  wire signed [63:0] p   = pass_q ? {24'd0, ap} : left ? {prod_q[31:0], 32'd0} : prod_q;
  wire [5:0]         sr1 = left ? s_q[5:0] + 6'd31 : s_q[5:0] - 6'd1;
  wire signed [63:0] q   = p >>> sr1;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [34:0]        qinc = {q[63], q[33:0]} + 35'd1;   // bit 0 is dropped by the final halving
  /* verilator lint_on UNUSEDSIGNAL */
  wire               trfit = (q[63:33] == {31{q[63]}}) && (qinc[34:32] == {3{qinc[34]}});
  wire [31:0]        rnd = trfit ? qinc[32:1] : (q[63] ? 32'h8000_0000 : 32'h7FFF_FFFF);
  wire [31:0]        satv = prod_q[63] ? 32'h8000_0000 : 32'h7FFF_FFFF;
  reg  [31:0]        out_q;
  always @(posedge clk_i) begin
    if (v3_q) begin
      if (s > 32'sd62)
        out_q <= 32'd0;
      else if (s > 32'sd0)
        out_q <= rnd;
      else if (pz)
        out_q <= 32'd0;
      else if (!pfit || s < -32'sd31)
        out_q <= satv;
      else if (s == 32'sd0)
        out_q <= prod_q[31:0];
      else
        out_q <= rnd;
    end
  end

  // ------------------------------------------------------------------ R4: write
  // the first pass's last write starts the softmax pass (exp_i) instead of done
  reg done_q;
  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) done_q <= 1'b0;
    else                    done_q <= v4_q && l4_q && !p2_want;
  end
  assign y_we_o    = v4_q && !xout_i;
  assign x_we_o    = v4_q && xout_i;
  assign y_waddr_o = a4_q;
  assign y_wdata_o = out_q;
  assign fin_o     = v4_q && !xout_i && (pass_q || !p2_want);
  assign busy_o    = run_q || v1_q || v2_q || v3_q || v4_q || done_q;
  assign done_o    = done_q;

  // umax over the first pass's y writes; WSUM and EMAX over the softmax pass's
  reg  [31:0] umax_q, wsum_q;
  reg  [7:0]  emax_q;
  always @(posedge clk_i) begin
    if (start_i) umax_q <= 32'h8000_0000;
    else if (v4_q && !pass_q && !xout_i && ($signed(out_q) > $signed(umax_q))) umax_q <= out_q;
    if (!rst_ni) begin             // (the registers read 0 until the first softmax pass)
      wsum_q <= 32'd0;
      emax_q <= 8'd0;
    end else if (p2_go) begin
      wsum_q <= 32'd0;
      emax_q <= 8'h80;             // -128
    end else if (v4_q && pass_q) begin
      wsum_q <= wsum_q + out_q;
      if (out_q != 32'd0 && mnz4_q && ($signed(ev4_q) > $signed(emax_q))) emax_q <= ev4_q;
    end
  end
  assign wsum_o = SMAX_EN ? wsum_q : 32'd0;
  assign emax_o = SMAX_EN ? {{24{emax_q[7]}}, emax_q} : 32'd0;

endmodule

`resetall
