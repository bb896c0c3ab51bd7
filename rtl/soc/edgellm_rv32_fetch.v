// edgellm_rv32 instruction fetch: issues word fetches on the instruction port
// and queues up to two fetched words for the execute stage.
//
// One request may be outstanding; a new one is raised in the cycle its
// predecessor answers, so a memory that grants at once and answers one cycle
// later delivers one instruction per cycle. Whether to request depends only on
// registered state, the response of this cycle and the redirect: never on a
// grant (no combinational path from either port's gnt to a req). The queue
// therefore counts the outstanding request as occupied: queued + outstanding
// <= 1 before a new request, which leaves room for the answer even when the
// execute stage stalls in the same cycle.
//
// A redirect (taken branch, jump, trap, mret, fence.i) flushes the queue,
// drops the answer of a request still in flight and fetches from target_i.
// The core only redirects when no request is waiting for its grant
// (pend_o = 0): a raised request is never withdrawn or changed.
`default_nettype none

module edgellm_rv32_fetch #(
  parameter [31:0] RESET_ADDR = 32'h0000_0000   // first fetch address, word aligned
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // instruction port
  output wire        ibus_req_o,
  input  wire        ibus_gnt_i,
  output wire [31:0] ibus_addr_o,
  input  wire        ibus_rvalid_i,
  input  wire [31:0] ibus_rdata_i,
  input  wire        ibus_err_i,
  // redirect from the execute stage (never while pend_o)
  input  wire        redirect_i,
  input  wire [31:2] target_i,
  output wire        pend_o,            // a request raised earlier waits for its grant
  // fetched instruction for the execute stage
  output wire        valid_o,
  output wire [31:0] instr_o,
  output wire        err_o,             // the fetch answered err (access fault)
  input  wire        take_i             // the execute stage takes instr_o this cycle
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (RESET_ADDR[1:0] != 2'b00) begin : g_param_check0
      edgellm_rv32_fetch_RESET_ADDR_must_be_word_aligned u_refused ();
    end
  endgenerate

  reg [31:2] last_q;        // address presented last cycle
  reg        inc_q;         // it was granted: the next sequential address is last_q + 1
  reg        pend_q;        // request raised, not yet granted
  reg        outst_q;       // request granted, answer not yet received
  reg        drop_q;        // the outstanding answer belongs to a flushed path
  reg [1:0]  cnt_q;         // queued words
  reg [32:0] q0_q, q1_q;    // {err, instruction}; q0 is the head

  wire rsp      = outst_q && ibus_rvalid_i;
  wire rsp_keep = rsp && !drop_q;       // a redirect in this cycle clears the queue anyway
  wire can_req  = !outst_q || ibus_rvalid_i;
  wire space    = (cnt_q == 2'd0) || (cnt_q == 2'd1 && (!outst_q || drop_q));
  wire req      = rst_ni && (pend_q || (can_req && (redirect_i || space)));
  // the incrementer works from registers at the start of the cycle, so a
  // redirect (late in the cycle) only passes a multiplexer
  wire [31:2] seq  = inc_q ? last_q + 30'd1 : last_q;
  wire [31:2] addr = (redirect_i && !pend_q) ? target_i : seq;
  wire gnt      = req && ibus_gnt_i;

  assign ibus_req_o  = req;
  assign ibus_addr_o = {addr, 2'b00};
  assign pend_o      = pend_q;

  assign valid_o = (cnt_q != 2'd0) || (rsp && !drop_q);
  assign instr_o = (cnt_q != 2'd0) ? q0_q[31:0] : ibus_rdata_i;
  assign err_o   = (cnt_q != 2'd0) ? q0_q[32]   : ibus_err_i;

  // queue: the execute stage takes from the head, or straight from the port
  // when the queue is empty; an answer not taken at once is appended
  wire        pop    = take_i && (cnt_q != 2'd0);
  wire        push   = rsp_keep && !(take_i && cnt_q == 2'd0);
  wire [32:0] rsp_w  = {ibus_err_i, ibus_rdata_i};

  reg  [1:0]  cnt_d;
  reg  [32:0] q0_d, q1_d;
  always @* begin
    cnt_d = cnt_q;
    q0_d  = q0_q;
    q1_d  = q1_q;
    if (pop && push) begin
      // cnt_q is 1 here: with two queued words no answer is outstanding
      q0_d = rsp_w;
    end else if (pop) begin
      q0_d  = q1_q;
      cnt_d = cnt_q - 2'd1;
    end else if (push) begin
      if (cnt_q == 2'd0) q0_d = rsp_w;
      else               q1_d = rsp_w;
      cnt_d = cnt_q + 2'd1;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      last_q  <= RESET_ADDR[31:2];
      inc_q   <= 1'b0;
      pend_q  <= 1'b0;
      outst_q <= 1'b0;
      drop_q  <= 1'b0;
    end else begin
      last_q  <= addr;
      inc_q   <= gnt;
      pend_q  <= req && !ibus_gnt_i;
      outst_q <= gnt || (outst_q && !ibus_rvalid_i);
      // a redirect while a request is in flight drops its answer
      drop_q  <= redirect_i ? (outst_q && !ibus_rvalid_i) : (drop_q && !rsp);
    end
    // a redirect empties the queue
    if (!rst_ni || redirect_i) cnt_q <= 2'd0;
    else                       cnt_q <= cnt_d;
    q0_q <= q0_d;
    q1_q <= q1_d;
  end

endmodule
`resetall
