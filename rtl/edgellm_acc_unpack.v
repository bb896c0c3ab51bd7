// Weight unpacker (combinational): turns the 16-byte block being consumed
// (e0_i) and, at a T1 block boundary, the next block (e1_i) into the ternary
// lane controls of M slots of 16 lanes, and gives the block state that follows.
//
// Slot s works on a state in_s (16 bytes); byte i of the state feeds lane i:
//   T2 (2 bits/weight): code = in[1:0]: 1 -> +1, 2 -> -1, 0 and 3 -> 0;
//                       next state in >> 2 (the next column group k).
//   T1 (5 trits/byte):  u = 3 * in (10 bits), trit = u[9:8], weight = trit - 1;
//                       next state u[7:0]. Starting from the packed byte this
//                       yields t_k = ((byte * 3^k mod 256) * 3) >> 8 for
//                       k = 0, 1, 2, ... with one add per step (no multiplier).
//   I8 (bit-serial):    lane is on when bit 0 of in is set, always +1 (the
//                       sign plane 7, which counts -2^7, is subtracted as a
//                       whole by the engine);
//                       next state in >> 1 (the next bit plane).
// in_0 = e0 and in_s = step(in_{s-1}), except that xsel_i[s] restarts slot s
// from e1_i (T1 only: the block ended in slot s-1). next_o = step(in_{M-1}).
`default_nettype none

module edgellm_acc_unpack #(
  parameter integer M = 2                   // slots of 16 lanes: 1, 2 or 4
) (
  input  wire [127:0]    e0_i,
  input  wire [127:0]    e1_i,
  input  wire            t2_i,
  input  wire            t1_i,
  input  wire            i8_i,
  input  wire [M-1:0]    xsel_i,
  output wire [16*M-1:0] nz_o,
  output wire [16*M-1:0] neg_o,
  output wire [127:0]    next_o
);

  // Parameter checks at elaboration: an illegal value instantiates a module
  // that does not exist, named after the rule; Verilator, Icarus and Yosys
  // all stop there and print that name (Verilog-2005 has no $error).
  generate
    if (M != 1 && M != 2 && M != 4) begin : g_param_check0
      edgellm_acc_unpack_M_must_be_1_2_or_4 u_refused ();
    end
  endgenerate

  // split_var: each slot's state is its own signal (the chain is not a loop)
  wire [127:0] in_w   [0:M-1] /* verilator split_var */;
  wire [127:0] step_w [0:M-1] /* verilator split_var */;

  genvar s, i;
  generate
    for (s = 0; s < M; s = s + 1) begin : g_slot
      if (s == 0) begin : g_first
        assign in_w[s] = xsel_i[s] ? e1_i : e0_i;
      end else begin : g_chain
        assign in_w[s] = xsel_i[s] ? e1_i : step_w[s-1];
      end
      for (i = 0; i < 16; i = i + 1) begin : g_byte
        wire [7:0] b = in_w[s][8*i +: 8];
        wire [9:0] u = {2'b00, b} + {1'b0, b, 1'b0};
        assign nz_o[16*s + i]  = (t2_i & (b[0] ^ b[1])) | (t1_i & ~u[8]) | (i8_i & b[0]);
        assign neg_o[16*s + i] = (t2_i & b[1]) | (t1_i & ~u[9]);
        assign step_w[s][8*i +: 8] = t1_i ? u[7:0] : t2_i ? {2'b00, b[7:2]} : {1'b0, b[7:1]};
      end
    end
  endgenerate

  assign next_o = step_w[M-1];

endmodule

`resetall
