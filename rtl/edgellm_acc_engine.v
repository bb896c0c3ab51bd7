// Matrix-vector engine: y[r] = sum_c W[r][c] * x[c] for r < rows.
//
//   fetch -> block FIFO -> sequencer/unpacker -> lanes (dot16 x M) -> combine -> accumulate
//
// A row is cols_pad/16 "groups" of 16 weights; group g always multiplies
// x[16g .. 16g+15] (for T2, group 4b+k is bits [2k+1:2k] of block b's bytes;
// for T1 group 5b+k is trit k; for I8 group g is block g). Each cycle the
// sequencer issues one "tuple": M consecutive groups of one row (ternary), or
// M bit planes of one group (INT8, LSB plane first, 8/M cycles per group), so
// the activation word it needs is always x word g/M of LANES bytes.
//
// The fetcher reads the rows' 16-byte blocks (4/M words each) from weight
// memory into a FIFO, a credit counter guaranteeing space; the block being
// consumed lives in e0_q and the FIFO head is the next block.
//
// T1 rows are 5*b groups. With M = 2 an odd row length would leave slot 1
// idle in every row's last cycle; instead that tuple "crosses": slot 1 takes
// group 0 of the next row (from the next block, like a T1 block spill), and
// the next row runs misaligned by one group. Its activations then come from
// the previous x word (x_prev_q) and the current one, and the crossing slot's
// from a copy of x word 0 (x0_q), so one x read per cycle still suffices.
//
// Pipeline after a tuple issues (cycle A): B lanes + first half of the
// per-slot adder trees, B2 second half, C slot combine (+ INT8 plane shifts;
// the sign plane is subtracted), D accumulate; at the row's last tuple y[r]
// is written from registers in the cycle after D. The descriptor inputs must
// stay stable from two cycles before start_i until busy_o falls.
`default_nettype none

module edgellm_acc_engine #(
  parameter integer LANES  = 32,            // 16, 32 or 64 ternary weights per cycle
  parameter integer WWORDS = 2048,          // weight memory words of LANES/4 bytes
  parameter integer XWORDS = 128,           // activation words of LANES bytes
  parameter integer YMAX   = 4096,          // result entries
  parameter [0:0]   T1_EN  = 1'b1,          // 0 removes the T1 decoder
  parameter [0:0]   I8_EN  = 1'b1,          // 0 removes INT8 mode
  parameter integer WAW    = $clog2(WWORDS),    // derived widths, do not override
  parameter integer XAW    = $clog2(XWORDS),
  parameter integer GW     = $clog2(XWORDS * LANES / 16 + 1),
  parameter integer RW     = $clog2(YMAX + 1),
  parameter integer YAW    = $clog2(YMAX)
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire                 start_i,      // one cycle, descriptor valid (checked by the caller)
  input  wire                 abort_i,      // stop at once, no done_o
  input  wire [1:0]           type_i,       // 1 T2, 2 T1, 3 I8
  input  wire [RW-1:0]        rows_i,       // 1 .. YMAX
  input  wire [GW-1:0]        groups_i,     // cols_pad / 16
  input  wire [WAW:0]         stride_i,     // row stride in words
  input  wire [WAW-1:0]       base_i,       // first row, word address
  // weight memory read port (data one cycle after w_re_o)
  output wire                 w_re_o,
  output wire [WAW-1:0]       w_addr_o,
  input  wire [32*LANES/16-1:0] w_rdata_i,
  // activation buffer read port (data one cycle after x_re_o)
  output wire                 x_re_o,
  output wire [XAW-1:0]       x_addr_o,
  input  wire [8*LANES-1:0]   x_rdata_i,
  // result buffer write port
  output wire                 y_we_o,
  output wire [YAW-1:0]       y_addr_o,
  output wire [31:0]          y_wdata_o,
  // status
  output wire                 busy_o,
  output wire                 done_o,       // one cycle, as the last y is written
  output wire                 err_range_o,  // one cycle per fetch beyond the weight memory
  output wire [2:0]           slots_o       // group slots used this cycle (utilisation)
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (LANES != 16 && LANES != 32 && LANES != 64) begin : g_param_check0
      edgellm_acc_engine_LANES_must_be_16_32_or_64 u_refused ();
    end
    if (WWORDS < 2 || XWORDS < 1 || XWORDS * LANES < 64 || YMAX < 2) begin : g_param_check1
      edgellm_acc_engine_memories_too_small u_refused ();
    end
    if (WAW != $clog2(WWORDS) || XAW != $clog2(XWORDS) || GW != $clog2(XWORDS * LANES / 16 + 1) ||
        RW != $clog2(YMAX + 1) || YAW != $clog2(YMAX)) begin : g_param_check2
      edgellm_acc_engine_derived_widths_must_not_be_overridden u_refused ();
    end
  endgenerate

  localparam integer M   = (LANES < 16) ? 1 : LANES / 16;   // (>= 1 even for an illegal LANES: the check above reports it)
  localparam integer LM  = (M == 4) ? 2 : (M == 2) ? 1 : 0;
  localparam integer WW  = 32 * M;          // weight word bits
  localparam integer WPB = 4 / M;           // weight words per block
  localparam integer FD  = (M == 4) ? 3 : 2; // FIFO blocks: covers fetch latency at full rate
  localparam integer PC  = 8 / M;           // cycles per INT8 group
  localparam integer QW  = GW + 2;          // quarter-group (4 weight) counters
  localparam integer TW  = 22;              // a tuple's sum: |INT8 group| <= 2^18

  // sized copies for the datapath (Verilator -Wall wants exact widths)
  localparam integer  MM1   = M - 1;
  localparam integer  WPBM1 = WPB - 1;
  localparam integer  Q2    = 4 * M;
  localparam integer  Q1    = 5 * M;
  localparam [1:0]    SUBM  = MM1[1:0];    // INT8: group g uses x word g/M, part g%M
  localparam [2:0]    M3    = M[2:0];
  localparam [1:0]    WPBL  = WPBM1[1:0]; // last word of a block
  localparam [1:0]    FD2   = FD[1:0];
  localparam [QW-1:0] QT2   = Q2[QW-1:0], QT1 = Q1[QW-1:0], QI8 = M[QW-1:0];
  localparam [WAW:0]  WEND  = WWORDS[WAW:0];

  localparam [1:0] TY_T2 = 2'd1, TY_T1 = 2'd2, TY_I8 = 2'd3;

  // ------------------------------------------------------------------ fetch
  reg           f_run_q,  f_run_d;
  reg [RW-1:0]  f_rows_q, f_rows_d;   // rows left to fetch, including this one
  reg           f_lrow_q, f_lrow_d;   // ... this is the last
  reg [WAW:0]   f_row_q,  f_row_d;    // word address of this row (extra bit: overflow)
  reg [WAW:0]   f_addr_q, f_addr_d;
  reg [QW-1:0]  f_left_q, f_left_d;   // quarter-groups left in the row
  reg           f_rend_q, f_rend_d;   // ... the word at f_addr_q is the row's last
  reg [1:0]     f_wb_q,   f_wb_d;     // word within the block
  reg [1:0]     f_out_q,  f_out_d;    // blocks reserved: in flight or in the FIFO
  reg           r_v_q,    r_last_q;   // read data valid next cycle, last word of a block

  // per-type step and the row facts, registered every cycle from the
  // descriptor inputs (stable from two cycles before start_i on, see below)
  wire          ft_t2 = (type_i == TY_T2);
  wire          ft_t1 = T1_EN && (type_i == TY_T1);
  wire [QW-1:0] qpw   = ft_t2 ? QT2 : ft_t1 ? QT1 : QI8;   // quarter-groups per word
  wire [QW-1:0] qrow  = {groups_i, 2'b00};
  reg  [QW-1:0] qpw_q, qpw2_q;
  reg           f_rend1_q, f_lrow1_q; // a row is one word; there is one row
  localparam [RW-1:0] ONER = 1, TWOF = 2;
  always @(posedge clk_i) begin
    qpw_q     <= qpw;
    qpw2_q    <= qpw << 1;
    f_rend1_q <= (qrow == qpw);
    f_lrow1_q <= (rows_i == ONER);
  end

  wire          blk_last = (f_wb_q == WPBL);
  // issue a read: running, and within a block or a block's credit free;
  // decided a cycle ahead from the next state (a flip-flop, not gated by
  // abort_i: what it changes is reset by it or rewritten at the next start_i)
  reg           f_iss_q;
  wire          f_issue  = f_iss_q;
  wire [WAW:0]  f_next_row = f_row_q + stride_i;
  wire          s_pop;                // FIFO pop (from the sequencer)

  always @(*) begin
    f_run_d  = f_run_q;
    f_rows_d = f_rows_q;
    f_lrow_d = f_lrow_q;
    f_row_d  = f_row_q;
    f_addr_d = f_addr_q;
    f_left_d = f_left_q;
    f_rend_d = f_rend_q;
    f_wb_d   = f_wb_q;
    f_out_d  = f_out_q + ((f_issue && f_wb_q == 2'd0) ? 2'd1 : 2'd0) - (s_pop ? 2'd1 : 2'd0);
    if (start_i) begin
      f_run_d  = 1'b1;
      f_rows_d = rows_i;
      f_lrow_d = f_lrow1_q;
      f_row_d  = {1'b0, base_i};
      f_addr_d = {1'b0, base_i};
      f_left_d = qrow;
      f_rend_d = f_rend1_q;
      f_wb_d   = 2'd0;
      f_out_d  = 2'd0;
    end else if (f_issue) begin
      if (f_rend_q) begin
        f_run_d  = !f_lrow_q;
        f_rows_d = f_rows_q - 1'b1;
        f_lrow_d = (f_rows_q == TWOF);
        f_row_d  = f_next_row;
        f_addr_d = f_next_row;
        f_left_d = qrow;
        f_rend_d = f_rend1_q;
        f_wb_d   = 2'd0;
      end else begin
        f_addr_d = f_addr_q + 1'b1;
        f_left_d = f_left_q - qpw_q;
        f_rend_d = (f_left_q == qpw2_q);
        f_wb_d   = blk_last ? 2'd0 : f_wb_q + 1'b1;
      end
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      f_run_q  <= 1'b0;
      f_out_q  <= 2'd0;
      f_iss_q  <= 1'b0;
      r_v_q    <= 1'b0;
    end else begin
      f_run_q  <= f_run_d;
      f_out_q  <= f_out_d;
      f_iss_q  <= f_run_d && ((f_wb_d != 2'd0) || (f_out_d < FD2));
      r_v_q    <= f_issue;
    end
  end

  always @(posedge clk_i) begin
    f_rows_q <= f_rows_d;
    f_lrow_q <= f_lrow_d;
    f_row_q  <= f_row_d;
    f_addr_q <= f_addr_d;
    f_left_q <= f_left_d;
    f_rend_q <= f_rend_d;
    f_wb_q   <= f_wb_d;
    r_last_q <= blk_last;
  end

  assign w_re_o      = f_issue;
  assign w_addr_o    = f_addr_q[WAW-1:0];
  assign err_range_o = f_issue && !abort_i && (f_addr_q >= WEND);

  // block assembly: words arrive in address order, byte 0 of a block lowest
  wire [127:0] blk_in;
  generate
    if (WPB == 1) begin : g_noasm
      assign blk_in = w_rdata_i;
    end else begin : g_asm
      reg [127-WW:0] asm_q;
      assign blk_in = {w_rdata_i, asm_q};
      always @(posedge clk_i) begin
        if (r_v_q) asm_q <= blk_in[127:WW];
      end
    end
  endgenerate

  wire         q_empty;
  wire [127:0] q_head;
  /* verilator lint_off UNUSEDSIGNAL */
  wire [$clog2(FD+1)-1:0] q_count;   // occupancy is tracked by f_out_q instead
  /* verilator lint_on UNUSEDSIGNAL */

  edgellm_acc_fifo #(.WIDTH(128), .DEPTH(FD)) u_fifo (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .flush_i (start_i || abort_i),
    .push_i  (r_v_q && r_last_q),
    .data_i  (blk_in),
    .pop_i   (s_pop),
    .head_o  (q_head),
    .empty_o (q_empty),
    .count_o (q_count)
  );

  // -------------------------------------------------------------- sequencer
  // Each cycle decides from registered flags only: the next tuple's slot
  // count, block end, T1 spill and row end are computed one cycle ahead for
  // every way the state can move (start, load, fire) and the right set is
  // picked, so no counter arithmetic sits between the flops and `fire`.
  reg           s_run_q,  s_run_d;
  reg [RW-1:0]  s_row_q,  s_row_d;    // row of the next tuple
  reg           s_lrow_q, s_lrow_d;   // ... is the last row
  reg [RW-1:0]  s_rl_q,   s_rl_d;     // rows after it
  reg           s_nl_q,   s_nl_d;     // ... just one: the next row is the last
  reg [GW-1:0]  s_g_q,    s_g_d;      // its first group within the row
  reg [GW-1:0]  s_rem_q,  s_rem_d;    // groups left in the row, from s_g_q on
  reg [2:0]     s_sb_q,   s_sb_d;     // ternary: slot of e0's last group (may be >= M)
  reg [2:0]     s_p_q,    s_p_d;      // INT8: plane step within the group
  reg [127:0]   e0_q,     e0_d;
  reg           e0_v_q,   e0_v_d;

  // type, latched at start (fans out to every unpacker byte)
  reg t2_q, t1_q, i8_q;
  always @(posedge clk_i) begin
    if (start_i) begin
      t2_q <= (type_i == TY_T2);
      t1_q <= T1_EN && (type_i == TY_T1);
      i8_q <= I8_EN && (type_i == TY_I8);
    end
  end
  // (gated by the parameters too: then Yosys drops what a left-out type needs
  // even where it cannot prove the latched flag constant)
  wire is_t2 = t2_q, is_t1 = T1_EN && t1_q, is_i8 = I8_EN && i8_q;

  localparam [GW-1:0] MG    = M[GW-1:0];
  localparam [GW-1:0] ONEG  = 1;
  localparam [GW-1:0] TWOG  = 2;
  localparam integer  M2    = 2 * M;
  localparam [GW-1:0] M2G   = M2[GW-1:0];
  localparam integer  SPL   = 5 - M;      // T1: e0's last-slot index moves by 5 - M across a spill
  localparam [2:0]    SPL3  = SPL[2:0];
  localparam integer  PCM2  = PC - 2;
  localparam [2:0]    PCL1  = PCM2[2:0]; // INT8: plane step before the last
  localparam integer  XR    = (M == 2 && T1_EN) ? 1 : 0;  // T1 row crossing built in

  // flags of the current state: n = min(rem, M) valid slots; rend: the tuple
  // ends the row (ternary); lg: last group of the row (INT8); bend: the tuple
  // ends e0's block (ternary); spill: later slots start on the next block
  // (T1); pend: last plane step of the group (INT8)
  reg [2:0] s_n_q;
  reg       s_rend_q, s_lg_q, s_bend_q, s_spill_q, s_pend_q;
  reg       s_xrow_q;                 // T1, M = 2: this tuple crosses into the next row
  reg       s_ph_q;                   // the row runs one group off the x word alignment
  // n is at least 1 (rows have at least one group) and at most M: with one
  // slot it is the constant 1, which removes the slot arithmetic from the
  // 16-lane sequencer's critical path
  wire [2:0] n_t    = (M == 1) ? 3'd1 : s_n_q;
  wire       xrow   = s_xrow_q;
  // later slots start on the next block (with one slot there are none)
  wire       spill  = (M > 1) && (s_spill_q || xrow);

  // the tuple ends e0's block, the row, the last row: kept as flip-flops
  // (their next values are picked below from the flags' next values)
  reg        s_blk_q, s_rowe_q, s_last_q;
  wire       blk_end = s_blk_q;
  wire       row_end = s_rowe_q;
  wire       last    = s_last_q;
  // (not gated by abort_i: what they change is reset by it, flushed, or
  // rewritten at the next start_i)
  wire       fire    = s_run_q && e0_v_q && (!spill || !q_empty);
  wire       load    = s_run_q && !e0_v_q && !q_empty;
  assign     s_pop   = load || (fire && blk_end && !q_empty);

  wire [2:0] sb    = s_sb_q;
  wire [2:0] gpbm1 = is_t1 ? 3'd4 : 3'd3;   // last group index of a block

  // Row-length and start facts, registered every cycle from the descriptor
  // inputs (in two stages). These are stable from at least two cycles before
  // start_i to the end of the run (the caller refuses descriptor writes from
  // the START write on, and start_i comes two cycles after it, bus writes
  // being at least two cycles apart), so the registers already hold this
  // run's values at start_i, and no descriptor arithmetic sits in front of
  // the sequencer's first state.
  reg [2:0]     g_n_q, g1_n_q;
  reg           g_rend_q, g_lg_q, g1_rend_q;
  reg [GW-1:0]  g_m1_q;               // groups - 1: a row entered by a crossing tuple
  reg [RW-1:0]  rows_m1_q;            // rows - 1: rows after the first
  reg           st_nl_q;              // two rows
  reg           st_t1_q, st_i8_q, st_lrow_q, st_bend_q, st_spill_q, st_xrow_q;
  wire [GW-1:0] groups_m1 = groups_i - ONEG;
  wire [2:0]    g_n     = (groups_i <= MG) ? groups_i[2:0] : M3;
  wire          g_rend  = (groups_i <= MG);
  wire          t1_s    = T1_EN && (type_i == TY_T1);
  wire [2:0]    gpbm1_s = st_t1_q ? 3'd4 : 3'd3;
  wire          lrow_s  = (rows_i == {{(RW-1){1'b0}}, 1'b1});
  always @(posedge clk_i) begin
    g_n_q      <= g_n;
    g_rend_q   <= g_rend;
    g_lg_q     <= (groups_i == ONEG);
    g1_n_q     <= (groups_m1 <= MG) ? groups_m1[2:0] : M3;
    g1_rend_q  <= (groups_m1 <= MG);
    g_m1_q     <= groups_m1;
    rows_m1_q  <= rows_i - ONER;
    st_nl_q    <= (rows_i == TWOF);
    st_t1_q    <= t1_s;
    st_i8_q    <= I8_EN && (type_i == TY_I8);
    st_lrow_q  <= lrow_s;
    // second stage
    st_bend_q  <= (gpbm1_s < g_n_q);
    st_spill_q <= st_t1_q && (gpbm1_s + 3'd1 < g_n_q);
    st_xrow_q  <= (XR != 0) && st_t1_q && g_rend_q && (g_n_q == 3'd1) && !st_lrow_q;
  end

  // next flags if the tuple fires, from comparisons on the registered s_rem_q
  // (2M is a power of two: tests of the high bits, no comparator carry chain)
  localparam integer LG2M = LM + 1;
  wire       rem_ge2m = ((s_rem_q >> LG2M) != {GW{1'b0}});
  wire       rem_gt2m = rem_ge2m && (s_rem_q != M2G);
  wire [2:0] rem_lo   = s_rem_q[2:0] - M3;   // s_rem_q - M when s_rem_q < 2M (< 8)
  wire [GW-1:0] rem_f = xrow ? g_m1_q : row_end ? groups_i :
                        is_i8 ? (blk_end ? s_rem_q - ONEG : s_rem_q) : s_rem_q - MG;
  wire [2:0] n_f      = (M == 1) ? 3'd1 : xrow ? g1_n_q : row_end ? g_n_q : (rem_ge2m ? M3 : rem_lo);
  wire       rend_f   = xrow ? g1_rend_q : row_end ? g_rend_q : !rem_gt2m;
  wire       lg_f     = row_end ? g_lg_q : blk_end ? (s_rem_q == TWOG) : s_lg_q;
  wire [2:0] sb_f     = (blk_end && !spill) ? gpbm1 : spill ? sb + SPL3 : sb - M3;
  wire       bend_f   = (sb_f < n_f);
  wire       spill_f  = is_t1 && (sb_f + 3'd1 < n_f);
  wire       pend_f   = is_i8 && !blk_end && (s_p_q == PCL1);
  wire [2:0] p_f      = (blk_end || !is_i8) ? 3'd0 : s_p_q + 1'b1;
  // ... if e0 is (re)loaded: a fresh block, same row position
  wire       bend_l   = (gpbm1 < n_t);
  wire       spill_l  = is_t1 && (gpbm1 + 3'd1 < n_t);
  // ... at a row end: the next row is the last one
  wire       lrow_inc = s_nl_q;
  wire       lrow_f   = row_end ? lrow_inc : s_lrow_q;
  wire       xrow_f   = (XR != 0) && is_t1 && rend_f && (n_f == 3'd1) && !lrow_f;

  wire [M-1:0]     xsel, slot_on;
  wire [16*M-1:0]  u_nz, u_neg;
  wire [127:0]     u_next;

  genvar s;
  generate
    for (s = 0; s < M; s = s + 1) begin : g_ctl
      if (s == 0) begin : g_s0
        assign xsel[s] = 1'b0;
      end else begin : g_sn
        assign xsel[s] = spill && (sb == s - 1);
      end
      assign slot_on[s] = is_i8 || (s < n_t) || (xrow && s == M - 1);
    end
  endgenerate

  edgellm_acc_unpack #(.M(M)) u_unpack (
    .e0_i   (e0_q),
    .e1_i   (q_head),
    .t2_i   (is_t2),
    .t1_i   (is_t1),
    .i8_i   (is_i8),
    .xsel_i (xsel),
    .nz_o   (u_nz),
    .neg_o  (u_neg),
    .next_o (u_next)
  );

  reg [2:0] s_n_d;
  reg       s_rend_d, s_lg_d, s_bend_d, s_spill_d, s_pend_d, s_xrow_d, s_ph_d;
  wire      i8_n   = start_i ? st_i8_q : is_i8;     // the type from the next cycle on
  wire      blk_d  = i8_n ? s_pend_d : s_bend_d;
  wire      rowe_d = i8_n ? (s_pend_d && s_lg_d) : s_rend_d;
  always @(*) begin
    s_run_d   = s_run_q;
    s_row_d   = s_row_q;
    s_lrow_d  = s_lrow_q;
    s_rl_d    = s_rl_q;
    s_nl_d    = s_nl_q;
    s_g_d     = s_g_q;
    s_rem_d   = s_rem_q;
    s_sb_d    = s_sb_q;
    s_p_d     = s_p_q;
    e0_d      = e0_q;
    e0_v_d    = e0_v_q;
    s_n_d     = s_n_q;
    s_rend_d  = s_rend_q;
    s_lg_d    = s_lg_q;
    s_bend_d  = s_bend_q;
    s_spill_d = s_spill_q;
    s_pend_d  = s_pend_q;
    s_xrow_d  = s_xrow_q;
    s_ph_d    = s_ph_q;
    if (start_i) begin
      s_run_d   = 1'b1;
      s_row_d   = {RW{1'b0}};
      s_lrow_d  = st_lrow_q;
      s_rl_d    = rows_m1_q;
      s_nl_d    = st_nl_q;
      s_g_d     = {GW{1'b0}};
      s_rem_d   = groups_i;
      s_sb_d    = st_t1_q ? 3'd4 : 3'd3;
      s_p_d     = 3'd0;
      e0_v_d    = 1'b0;
      s_n_d     = g_n_q;
      s_rend_d  = g_rend_q;
      s_lg_d    = g_lg_q;
      s_bend_d  = st_bend_q;
      s_spill_d = st_spill_q;
      s_pend_d  = 1'b0;
      s_xrow_d  = st_xrow_q;
      s_ph_d    = 1'b0;
    end else if (load) begin
      e0_d      = q_head;
      e0_v_d    = 1'b1;
      s_sb_d    = gpbm1;
      s_bend_d  = bend_l;
      s_spill_d = spill_l;
    end else if (fire) begin
      if (last) s_run_d = 1'b0;
      s_rem_d   = rem_f;
      s_sb_d    = sb_f;
      s_p_d     = p_f;
      s_n_d     = n_f;
      s_rend_d  = rend_f;
      s_lg_d    = lg_f;
      s_bend_d  = bend_f;
      s_spill_d = spill_f;
      s_pend_d  = pend_f;
      s_xrow_d  = xrow_f;
      s_lrow_d  = lrow_f;
      if (row_end) begin
        s_row_d  = s_row_q + 1'b1;
        s_rl_d   = s_rl_q - 1'b1;
        s_nl_d   = (s_rl_q == TWOF);
        s_g_d    = xrow ? ONEG : {GW{1'b0}};
        s_ph_d   = xrow;
      end else if (is_i8) begin
        s_g_d    = blk_end ? s_g_q + 1'b1 : s_g_q;
      end else begin
        s_g_d    = s_g_q + MG;
      end
      if (blk_end && !spill) begin
        e0_d   = q_head;
        e0_v_d = !q_empty;
      end else begin
        e0_d   = u_next;
      end
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) begin
      s_run_q <= 1'b0;
      e0_v_q  <= 1'b0;
    end else begin
      s_run_q <= s_run_d;
      e0_v_q  <= e0_v_d;
    end
  end

  always @(posedge clk_i) begin
    s_row_q   <= s_row_d;
    s_lrow_q  <= s_lrow_d;
    s_rl_q    <= s_rl_d;
    s_nl_q    <= s_nl_d;
    s_g_q     <= s_g_d;
    s_rem_q   <= s_rem_d;
    s_sb_q    <= s_sb_d;
    s_p_q     <= s_p_d;
    e0_q      <= e0_d;
    s_n_q     <= s_n_d;
    s_rend_q  <= s_rend_d;
    s_lg_q    <= s_lg_d;
    s_blk_q   <= blk_d;
    s_rowe_q  <= rowe_d;
    s_last_q  <= rowe_d && s_lrow_d;
    s_bend_q  <= s_bend_d;
    s_spill_q <= s_spill_d;
    s_pend_q  <= s_pend_d;
    s_xrow_q  <= s_xrow_d;
    s_ph_q    <= s_ph_d;
  end

  assign x_re_o = fire;
  // s_g_q < groups_i <= XWORDS*M, so the bits above XAW are zero
  /* verilator lint_off UNUSEDSIGNAL */
  wire [GW-1:0] xa = (s_g_q + {{(GW-1){1'b0}}, s_ph_q}) >> LM;
  /* verilator lint_on UNUSEDSIGNAL */
  assign x_addr_o = xa[XAW-1:0];

  // slots used, registered for the utilisation counter
  reg [2:0] slots_q;
  always @(posedge clk_i) begin
    if (!rst_ni) slots_q <= 3'd0;
    else         slots_q <= fire ? (is_i8 ? M3 : n_t + {2'b00, xrow}) : 3'd0;
  end
  assign slots_o = slots_q;

  // ------------------------------------------------------ B: lanes and trees
  reg              b_v_q, b_last_q, b_i8_q;
  reg              b_sgn_q;           // INT8: slot M-1 holds the sign plane (subtracted)
  reg [16*M-1:0]   b_nz_q, b_neg_q;
  reg [2:0]        b_sh_q;            // INT8: plane of slot 0
  reg [1:0]        b_sub_q;           // INT8: which 16 bytes of the x word
  reg [YAW-1:0]    b_row_q;
  reg              b_split_q;         // crossing tuple: slot M-1 belongs to the next row
  /* verilator lint_off UNUSEDSIGNAL */ // read only when the T1 row crossing is built (XR)
  reg [1:0]        b_xm_q;            // x source: 0 aligned, 1 crossing, 2/3 misaligned (first/rest)
  reg              b_xa0_q;           // the tuple read x word 0
  /* verilator lint_on UNUSEDSIGNAL */

  wire [16*M-1:0] on_mask;
  generate
    for (s = 0; s < M; s = s + 1) begin : g_mask
      assign on_mask[16*s +: 16] = {16{slot_on[s]}};
    end
  endgenerate

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) b_v_q <= 1'b0;
    else                    b_v_q <= fire;
  end

  always @(posedge clk_i) begin
    b_nz_q    <= u_nz & on_mask;
    b_neg_q   <= u_neg;
    b_last_q  <= row_end;
    b_i8_q    <= is_i8;
    b_sgn_q   <= s_pend_q;            // set only in INT8, at the group's last plane step
    b_sh_q    <= s_p_q << LM;
    b_sub_q   <= s_g_q[1:0] & SUBM;
    b_row_q   <= s_row_q[YAW-1:0];
    b_split_q <= xrow;
    b_xm_q    <= xrow ? 2'd1 : !s_ph_q ? 2'd0 : (s_g_q == ONEG) ? 2'd2 : 2'd3;
    b_xa0_q   <= (xa == {GW{1'b0}});
  end

  // activations per slot
  wire [8*LANES-1:0] xsl;
  generate
    if (XR != 0) begin : g_xr
      reg [127:0] x_prev_q;           // groups 2j+1 of the previous word
      reg [255:0] x0_q;
      always @(posedge clk_i) begin
        if (b_v_q) x_prev_q <= x_rdata_i[255:128];
        if (b_v_q && b_xa0_q) x0_q <= x_rdata_i;
      end
      wire [127:0] cur0 = x_rdata_i[127:0], cur1 = x_rdata_i[255:128];
      wire         sub1 = (b_sub_q != 2'd0);
      // slot 0: group g of the word, or (misaligned) the odd group before it
      assign xsl[127:0]   = b_i8_q ? (sub1 ? cur1 : cur0) :
                            b_xm_q == 2'd2 ? x0_q[255:128] : b_xm_q == 2'd3 ? x_prev_q : cur0;
      // slot 1: g+1, or group 0 of the next row (crossing), or (misaligned) the even group
      assign xsl[255:128] = b_i8_q ? (sub1 ? cur1 : cur0) :
                            b_xm_q == 2'd1 ? x0_q[127:0] : b_xm_q[1] ? cur0 : cur1;
    end else begin : g_xa
      for (s = 0; s < M; s = s + 1) begin : g_x
        // INT8 mode: every slot works on the same 16 activations
        assign xsl[128*s +: 128] = b_i8_q ? x_rdata_i[128*b_sub_q +: 128] : x_rdata_i[128*s +: 128];
      end
    end
  endgenerate

  wire [13*M-1:0] dsum;              // per slot: the tree, and its lane-15 +1
  wire [M-1:0]    de;
  generate
    for (s = 0; s < M; s = s + 1) begin : g_lanes
      wire [127:0] xs = xsl[128*s +: 128];
      edgellm_acc_dot16 u_dot (
        .clk_i (clk_i),
        .x_i   (xs),
        .nz_i  (b_nz_q[16*s +: 16]),
        .neg_i (b_neg_q[16*s +: 16]),
        .sum_o (dsum[13*s +: 13]),
        .e_o   (de[s])
      );
    end
  endgenerate

  // tags follow the dot16 pipeline register (B2)
  reg              b2_v_q, b2_last_q, b2_i8_q, b2_split_q, b2_sgn_q;
  reg [2:0]        b2_sh_q;
  reg [YAW-1:0]    b2_row_q;

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) b2_v_q <= 1'b0;
    else                    b2_v_q <= b_v_q;
  end

  always @(posedge clk_i) begin
    b2_last_q  <= b_last_q;
    b2_i8_q    <= b_i8_q;
    b2_sgn_q   <= b_sgn_q;
    b2_split_q <= b_split_q;
    b2_sh_q    <= b_sh_q;
    b2_row_q   <= b_row_q;
  end

  // --------------------------------------------------------- C: combine slots
  reg              c_v_q, c_last_q, c_i8_q, c_split_q, c_sgn_q;
  reg [13*M-1:0]   c_sum_q;
  reg [M-1:0]      c_e_q;
  reg [2:0]        c_sh_q;
  reg [YAW-1:0]    c_row_q;

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) c_v_q <= 1'b0;
    else                    c_v_q <= b2_v_q;
  end

  always @(posedge clk_i) begin
    c_sum_q   <= dsum;
    c_e_q     <= de;
    c_last_q  <= b2_last_q;
    c_i8_q    <= b2_i8_q;
    c_sgn_q   <= b2_sgn_q;
    c_sh_q    <= b2_sh_q;
    c_row_q   <= b2_row_q;
    c_split_q <= b2_split_q;
  end

  // comb: this row's part of the tuple; comb_n: a crossing tuple's last slot,
  // which opens the next row; cin: a +1 left for the accumulator's carry-in.
  // A slot's dot product is its tree plus its lane-15 +1 (dot16); in INT8
  // slot k holds plane c_sh_q + k, and the sign plane is subtracted.
  reg [TW-1:0] comb, comb_n;
  reg          cin;
  generate
    if (M == 1) begin : g_comb1
      // one slot: no adder here; the +1 (ternary) or the negation's +1 (sign
      // plane, ~t + 1 = -t) is the accumulator's carry-in
      wire [TW-1:0] t = {{(TW-13){c_sum_q[12]}}, c_sum_q} << (c_i8_q ? c_sh_q : 3'd0);
      always @(*) begin
        comb   = t ^ {TW{c_sgn_q}};
        comb_n = {TW{1'b0}};
        cin    = c_e_q[0] || c_sgn_q;  // (lanes are never negative in INT8: c_e_q is 0 there)
      end
    end else begin : g_combm
      reg [TW-1:0] t;
      integer k;
      always @(*) begin
        comb = {TW{1'b0}};
        for (k = 0; k < M; k = k + 1) begin
          t = {{(TW-13){c_sum_q[13*k+12]}}, c_sum_q[13*k +: 13]} << (c_i8_q ? k : 0);
          if (!(c_split_q && k == M - 1)) begin
            if (c_sgn_q && k == M - 1) comb = comb - t;
            else                       comb = comb + t + {{(TW-1){1'b0}}, c_e_q[k]};
          end
        end
        if (c_i8_q) comb = comb << c_sh_q;
        comb_n = {{(TW-13){c_sum_q[13*M-1]}}, c_sum_q[13*(M-1) +: 13]} + {{(TW-1){1'b0}}, c_e_q[M-1]};
        cin    = 1'b0;
      end
    end
  endgenerate

  // ------------------------------------------------------ D: accumulate, write
  reg              d_v_q, d_last_q, d_split_q, d_cin_q;
  reg [TW-1:0]     d_t_q, d_tn_q;
  reg [YAW-1:0]    d_row_q;

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) d_v_q <= 1'b0;
    else                    d_v_q <= c_v_q;
  end

  always @(posedge clk_i) begin
    d_t_q     <= comb;
    d_tn_q    <= comb_n;
    d_cin_q   <= cin;
    d_split_q <= c_split_q;
    d_last_q  <= c_last_q;
    d_row_q   <= c_row_q;
  end

  // The accumulator is two 16-bit halves: the low half's carry enters the
  // high half one cycle later (acc_c_q), so no carry chain is longer than 16
  // bits; its value is {acc_hi_q, acc_lo_q} + (acc_c_q << 16). It is zero
  // whenever a row's first tuple arrives (cleared at start and after every
  // row's last tuple, unless a crossing tuple opened the next row in it), so
  // no select sits in front of its adders.
  reg [15:0]  acc_hi_q, acc_lo_q;
  reg         acc_c_q;
  wire [31:0] t32   = {{(32-TW){d_t_q[TW-1]}}, d_t_q};
  wire [31:0] tn32  = {{(32-TW){d_tn_q[TW-1]}}, d_tn_q};
  wire [16:0] acc_l = {1'b0, acc_lo_q} + {1'b0, t32[15:0]} + {16'd0, d_cin_q};
  wire [15:0] acc_h = acc_hi_q + t32[31:16] + {15'd0, acc_c_q};

  always @(posedge clk_i) begin
    if (start_i || (d_v_q && d_last_q && !d_split_q)) begin
      acc_hi_q <= 16'd0;
      acc_lo_q <= 16'd0;
      acc_c_q  <= 1'b0;
    end else if (d_v_q) begin
      acc_hi_q <= d_split_q ? tn32[31:16] : acc_h;
      acc_lo_q <= d_split_q ? tn32[15:0] : acc_l[15:0];
      acc_c_q  <= !d_split_q && acc_l[16];
    end
  end

  // y is written from registers in the cycle after D (the done_o cycle),
  // where the low half's last carry is added
  reg              y_we_q;
  reg [YAW-1:0]    y_addr_q;
  reg [15:0]       y_hi_q, y_lo_q;
  reg              y_c_q;
  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) y_we_q <= 1'b0;
    else                    y_we_q <= d_v_q && d_last_q;
    y_addr_q <= d_row_q;
    y_hi_q   <= acc_h;
    y_lo_q   <= acc_l[15:0];
    y_c_q    <= acc_l[16];
  end
  assign y_we_o    = y_we_q;
  assign y_addr_o  = y_addr_q;
  assign y_wdata_o = {y_hi_q + {15'd0, y_c_q}, y_lo_q};

  // ------------------------------------------------------------ busy / done
  // The last tuple (the fetcher has finished before it can issue) takes a
  // fixed four cycles through B, B2, C and D, which have no stalls: its flag
  // follows it, and done_o comes the cycle after its D, when the pipeline is
  // empty, from a flip-flop.
  reg busy_q;
  reg [4:0] fin_q;                    // B, B2, C, D, done
  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) fin_q <= 5'd0;
    else                    fin_q <= {fin_q[3:0], fire && last};
  end
  assign done_o  = fin_q[4] && !abort_i;

  always @(posedge clk_i) begin
    if (!rst_ni || abort_i) busy_q <= 1'b0;
    else if (start_i)       busy_q <= 1'b1;
    else if (done_o)        busy_q <= 1'b0;
  end

  assign busy_o = busy_q;

endmodule

`resetall
