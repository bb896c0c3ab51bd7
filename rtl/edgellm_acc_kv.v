// KV unit: the two exact integer sums of attention, over int8 rows kept in the
// weight memory (a KV cache), against a vector of int32 entries in the X buffer.
//
//   type 4 (KDOT): y[r] = sum_{c < cols} W[r][c] * x[c]      for r < rows
//   type 5 (VSUM): y[c] = sum_{r < rows} x[r] * W[r][c]      for c < cols
//
// W[r][c] is the int8 byte at word base + r*stride, byte c; x[c] is the X
// buffer's 32-bit entry c, of which the low 25 bits are used (sign-extended:
// exact for |x| < 2^24); the sums are kept modulo 2^32 (exact whenever the
// true sum fits an int32, which the caller's arithmetic guarantees).
//
// A weight word holds L4 = LANES/4 bytes and an X word L4 entries, so each
// cycle multiplies one weight word by L4 entries:
//   KDOT: word g of row r times X word g, rows after rows, each lane
//         accumulating its products; after the row's last word the L4 lane sums
//         go to the drain, which adds them up two a cycle over L4/2 cycles and
//         writes y[r] while the next row runs.
//   VSUM: column word j of row r times entry r (L4 products, one per column),
//         rows in order, accumulated per column; after the last row the L4
//         sums are written to y[L4*j ..] one per cycle (the drain) while the
//         next column word starts.
// The last word of a row (KDOT) or column word (VSUM) issues at least L4/2
// (KDOT) or L4 (VSUM) cycles after the previous one's, so drains never
// overlap: a KDOT row takes max(cols/L4, L4/2) cycles.
//
// Pipeline: S0 issue (memory addresses), S1 data (products registered), S2
// accumulate (y written). cols_w (cols / L4) and rows are at least 1; the
// descriptor is checked by the caller and stays stable while busy.
`default_nettype none

module edgellm_acc_kv #(
  parameter integer LANES  = 32,            // 16, 32 or 64: L4 = LANES/4 products per cycle
  parameter integer WWORDS = 2048,          // weight memory words of LANES/4 bytes
  parameter integer XWORDS = 128,           // X buffer words of LANES bytes (LANES/4 entries)
  parameter integer YMAX   = 4096,          // result entries
  parameter integer WAW    = $clog2(WWORDS),    // derived widths, do not override
  parameter integer XAW    = $clog2(XWORDS),
  parameter integer YAW    = $clog2(YMAX)
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire                   start_i,    // one cycle, descriptor valid (checked by the caller)
  input  wire                   abort_i,    // stop at once, no done_o
  input  wire                   vsum_i,     // 0 KDOT (type 4), 1 VSUM (type 5)
  input  wire [15:0]            rows_i,     // 1 .. (YMAX for KDOT, X entries for VSUM)
  input  wire [15:0]            cols_w_i,   // cols / L4, >= 1
  input  wire [WAW:0]           stride_i,   // row stride in words
  input  wire [WAW-1:0]         base_i,     // row 0, word address
  // weight memory read port (data one cycle after w_re_o)
  output wire                   w_re_o,
  output wire [WAW-1:0]         w_addr_o,
  input  wire [2*LANES-1:0]     w_rdata_i,
  // X buffer read port (data one cycle after x_re_o)
  output wire                   x_re_o,
  output wire [XAW-1:0]         x_addr_o,
  input  wire [8*LANES-1:0]     x_rdata_i,
  // result buffer write port
  output wire                   y_we_o,
  output wire [YAW-1:0]         y_addr_o,
  output wire [31:0]            y_wdata_o,
  // status
  output wire                   busy_o,
  output wire                   done_o,     // one cycle, after the last y is written
  output wire                   err_range_o // one cycle per read beyond the weight memory
);

  localparam integer L4 = LANES / 4;
  localparam integer LL = (L4 == 16) ? 4 : (L4 == 8) ? 3 : 2;   // log2(L4)

  generate
    if (LANES != 16 && LANES != 32 && LANES != 64) begin : g_param_check0
      edgellm_acc_kv_LANES_must_be_16_32_or_64 u_refused ();
    end
    if (WAW != $clog2(WWORDS) || XAW != $clog2(XWORDS) || YAW != $clog2(YMAX)) begin : g_param_check1
      edgellm_acc_kv_derived_widths_must_not_be_overridden u_refused ();
    end
  endgenerate

  localparam [WAW:0] WEND = WWORDS[WAW:0];
  localparam [LL:0]  L4N  = L4[LL:0];
  localparam integer L2   = L4 / 2;
  localparam [LL:0]  L2N  = L2[LL:0];

  // ------------------------------------------------------------------ S0: issue
  reg           run_q;
  reg           vsum_q;
  reg [15:0]    out_q;      // KDOT: row r; VSUM: column word j
  reg [15:0]    in_q;       // KDOT: word g of the row; VSUM: row r
  reg [WAW:0]   rb_q;       // word address of the row (top bit: past the end, sticky)
  reg [LL:0]    gap_q;      // VSUM: cycles before another column word's last row may issue

  wire          in_last  = vsum_q ? (in_q == rows_i - 16'd1) : (in_q == cols_w_i - 16'd1);
  wire          out_last = vsum_q ? (out_q == cols_w_i - 16'd1) : (out_q == rows_i - 16'd1);
  wire          hold     = in_last && (gap_q != 0);
  wire          issue    = run_q && !hold && !abort_i;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [WAW+16:0] colx   = {{(WAW+1){1'b0}}, vsum_q ? out_q : in_q};   // the low WAW+1 bits are used
  /* verilator lint_on UNUSEDSIGNAL */
  wire [WAW:0]  col_w    = colx[WAW:0];
  wire [WAW:0]  addr     = rb_q + col_w;
  wire [WAW:0]  rb_next  = rb_q + stride_i;
  wire          past     = rb_q[WAW] || (addr >= WEND);

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      run_q  <= 1'b0;
      gap_q  <= {(LL+1){1'b0}};
    end else if (start_i) begin
      run_q  <= 1'b1;
      vsum_q <= vsum_i;
      out_q  <= 16'd0;
      in_q   <= 16'd0;
      rb_q   <= {1'b0, base_i};
      gap_q  <= {(LL+1){1'b0}};
    end else begin
      if (gap_q != 0) gap_q <= gap_q - 1'b1;
      if (issue) begin
        if (in_last) gap_q <= (vsum_q ? L4N : L2N) - 1'b1;
        if (in_last) begin
          in_q  <= 16'd0;
          out_q <= out_q + 16'd1;
          if (out_last) run_q <= 1'b0;
        end else begin
          in_q <= in_q + 16'd1;
        end
        // the row base: KDOT steps it after a row, VSUM after every row and
        // returns to row 0 after a column word
        if (vsum_q) rb_q <= in_last ? {1'b0, base_i} : (rb_next | {rb_q[WAW], {WAW{1'b0}}});
        else if (in_last) rb_q <= rb_next | {rb_q[WAW], {WAW{1'b0}}};
      end
    end
  end

  assign w_re_o      = issue;
  assign w_addr_o    = addr[WAW-1:0];
  assign x_re_o      = issue;
  // KDOT: X word g; VSUM: the word holding entry r
  /* verilator lint_off UNUSEDSIGNAL */
  wire [15:0] xw     = vsum_q ? (in_q >> LL) : in_q;   // the low XAW bits are used
  /* verilator lint_on UNUSEDSIGNAL */
  assign x_addr_o    = xw[XAW-1:0];
  assign err_range_o = issue && past;

  // ------------------------------------------------------------------ S1: products
  reg           s1_v, s1_first, s1_last, s1_outl;
  reg [15:0]    s1_out;
  reg [LL-1:0]  s1_sel;     // VSUM: entry r mod L4 of the X word
  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) s1_v <= 1'b0;
    else                    s1_v <= issue;
    s1_first <= (in_q == 16'd0);
    s1_last  <= in_last;
    s1_outl  <= out_last;
    s1_out   <= out_q;
    s1_sel   <= in_q[LL-1:0];
  end

  // x entries: the low 25 bits of each 32-bit word, sign-extended
  /* verilator lint_off UNUSEDSIGNAL */
  function signed [32:0] sx25(input [31:0] w);   // bits 31:25 are ignored
    sx25 = {{8{w[24]}}, w[24:0]};
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */
  function signed [32:0] sx8(input [7:0] w);
    sx8 = {{25{w[7]}}, w};
  endfunction

  wire [31:0]        xsel = x_rdata_i[32*s1_sel +: 32];
  reg  [32*L4-1:0]   prod_q;
  wire [32*L4-1:0]   prod;
  genvar             gk;
  generate
    for (gk = 0; gk < L4; gk = gk + 1) begin : g_mul
      // int8 weight times a 25-bit entry: below 2^31 in magnitude but for
      // -128 * -2^24 (hence 33 bits); kept modulo 2^32 like the sums
      /* verilator lint_off UNUSEDSIGNAL */
      wire signed [32:0] p = sx8(w_rdata_i[8*gk +: 8]) * sx25(vsum_q ? xsel : x_rdata_i[32*gk +: 32]);
      /* verilator lint_on UNUSEDSIGNAL */
      assign prod[32*gk +: 32] = p[31:0];
    end
  endgenerate
  reg                s2_v, s2_first, s2_last, s2_outl;
  reg [15:0]         s2_out;
  integer            k;
  always @(posedge clk_i) begin
    prod_q <= prod;
    if (!rst_ni || abort_i) s2_v <= 1'b0;
    else                    s2_v <= s1_v;
    s2_first <= s1_first;
    s2_last  <= s1_last;
    s2_outl  <= s1_outl;
    s2_out   <= s1_out;
  end

  // ------------------------------------------------------------------ S2: accumulate
  // One accumulator per lane in both types: KDOT's lanes are parts of one row's
  // sum, VSUM's are columns. After a row (KDOT) or a column word (VSUM) the L4
  // sums move to the drain: VSUM writes one y per cycle (L4 cycles), KDOT adds
  // them up two a cycle (L4/2 cycles) and writes the row's y in the last.
  reg  [31:0] acc_q [0:L4-1];
  reg  [31:0] drn_q [0:L4-1];     // the finished sums, being drained
  reg  [LL:0] dcnt_q;             // drain cycles left
  reg  [15:0] dcol_q;             // KDOT: the row; VSUM: the column word
  reg         fin_q;              // the last row / column word went into the drain
  reg         done_q;
  reg  [31:0] dsum_q;             // KDOT: the drained sums so far

  always @(posedge clk_i) begin
    if (s2_v) begin
      for (k = 0; k < L4; k = k + 1) acc_q[k] <= (s2_first ? 32'd0 : acc_q[k]) + prod_q[32*k +: 32];
      if (s2_last)
        for (k = 0; k < L4; k = k + 1) drn_q[k] <= (s2_first ? 32'd0 : acc_q[k]) + prod_q[32*k +: 32];
    end
  end

  wire [LL:0]  didx  = (vsum_q ? L4N : L2N) - dcnt_q;  // the drain's entry (KDOT: pair) this cycle
  wire [31:0]  dval  = drn_q[didx[LL-1:0]];
  wire [LL-1:0] dp0  = {didx[LL-2:0], 1'b0};             // KDOT: entries 2i and 2i + 1 (i < L4/2)
  wire [LL-1:0] dp1  = {didx[LL-2:0], 1'b1};
  wire [31:0]  dpair = drn_q[dp0] + drn_q[dp1];
  wire         dlast = (dcnt_q == {{LL{1'b0}}, 1'b1});
  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      dcnt_q <= {(LL+1){1'b0}};
      fin_q  <= 1'b0;
      done_q <= 1'b0;
    end else begin
      done_q <= 1'b0;
      if (s2_v && s2_last) begin
        dcnt_q <= vsum_q ? L4N : L2N;
        dcol_q <= s2_out;
        fin_q  <= s2_outl;
      end else if (dcnt_q != 0) begin
        dcnt_q <= dcnt_q - 1'b1;
        if (dlast && fin_q) begin
          done_q <= 1'b1;
          fin_q  <= 1'b0;
        end
      end
    end
    if (dcnt_q != 0) dsum_q <= (didx == 0 ? 32'd0 : dsum_q) + dpair;
  end

  // y: VSUM writes entry L4*j + didx in each drain cycle; KDOT the row's sum in the last
  wire [31:0]  dcolx = {16'd0, dcol_q} << LL;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [31:0]  dent  = vsum_q ? (dcolx | {{(31-LL){1'b0}}, didx}) : {16'd0, dcol_q};   // the low YAW bits are used
  /* verilator lint_on UNUSEDSIGNAL */
  assign y_we_o    = (dcnt_q != 0) && (vsum_q || dlast);
  assign y_addr_o  = dent[YAW-1:0];
  assign y_wdata_o = vsum_q ? dval : (didx == 0 ? 32'd0 : dsum_q) + dpair;
  assign busy_o    = run_q || s1_v || s2_v || (dcnt_q != 0) || done_q;
  assign done_o    = done_q;

endmodule

`resetall
