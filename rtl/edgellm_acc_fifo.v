// Small first-word-fall-through FIFO: head_o is the oldest entry whenever
// empty_o is low. flush_i empties it. Push into a full FIFO and pop from an
// empty one are the caller's bugs (the engine's credit counter rules them out).
`default_nettype none

module edgellm_acc_fifo #(
  parameter integer WIDTH = 128,            // entry bits
  parameter integer DEPTH = 2,              // entries, >= 2
  parameter integer PW    = $clog2(DEPTH),  // derived: pointer bits
  parameter integer CW    = $clog2(DEPTH+1) // derived: count bits
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             flush_i,
  input  wire             push_i,
  input  wire [WIDTH-1:0] data_i,
  input  wire             pop_i,
  output wire [WIDTH-1:0] head_o,
  output wire             empty_o,
  output wire [CW-1:0]    count_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (WIDTH < 1) begin : g_param_check0
      edgellm_acc_fifo_WIDTH_must_be_at_least_1 u_refused ();
    end
    if (DEPTH < 2) begin : g_param_check1
      edgellm_acc_fifo_DEPTH_must_be_at_least_2 u_refused ();
    end
    if (PW != $clog2(DEPTH) || CW != $clog2(DEPTH + 1)) begin : g_param_check2
      edgellm_acc_fifo_derived_widths_must_not_be_overridden u_refused ();
    end
  endgenerate

  reg [WIDTH-1:0] mem [0:DEPTH-1];
  reg [PW-1:0]    wp_q, rp_q;
  reg [CW-1:0]    cnt_q;
  reg             empty_q;              // cnt_q == 0, kept as a flip-flop (it gates the consumer)

  function [PW-1:0] inc(input [PW-1:0] p);
    inc = (p == DEPTH[PW-1:0] - 1'b1) ? {PW{1'b0}} : p + 1'b1;
  endfunction

  always @(posedge clk_i) begin
    if (push_i) mem[wp_q] <= data_i;
  end

  always @(posedge clk_i) begin
    if (!rst_ni || flush_i) begin
      wp_q    <= {PW{1'b0}};
      rp_q    <= {PW{1'b0}};
      cnt_q   <= {CW{1'b0}};
      empty_q <= 1'b1;
    end else begin
      if (push_i) wp_q <= inc(wp_q);
      if (pop_i)  rp_q <= inc(rp_q);
      cnt_q   <= cnt_q + {{(CW-1){1'b0}}, push_i} - {{(CW-1){1'b0}}, pop_i};
      empty_q <= (cnt_q + {{(CW-1){1'b0}}, push_i} - {{(CW-1){1'b0}}, pop_i}) == {CW{1'b0}};
    end
  end

  assign head_o  = mem[rp_q];
  assign empty_o = empty_q;
  assign count_o = cnt_q;

endmodule

`resetall
