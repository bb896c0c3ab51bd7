// Sixteen ternary lanes and their adder tree: sum_o + e_o = sum_j w_j * x_j
// with w_j in {-1, 0, +1} given as nz (w != 0) and neg (w = -1). No multipliers.
//
// -x is formed as ~x + 1: the ~x (still 8 bits, even for x = -128) goes into
// the tree, so every lane stays 8 bits wide and needs no carry chain of its
// own, and each lane's +1 enters as the carry-in of one of the tree's fifteen
// adders. The sixteenth is left over as e_o; the caller adds it as a carry-in
// of its own (the engine: the accumulator's, or the slot combine's). So no
// stage holds more than two adders in a row, and none a popcount.
// One register after the second adder level: both outputs are one cycle
// after x_i.
`default_nettype none

module edgellm_acc_dot16 (
  input  wire         clk_i,
  input  wire [127:0] x_i,    // 16 int8 activations, lane j in bits [8j+7:8j]
  input  wire [15:0]  nz_i,
  input  wire [15:0]  neg_i,
  output wire [12:0]  sum_o,  // all but lane 15's +1: -2048 .. 2047, one cycle later
  output wire         e_o     // lane 15's +1, one cycle later
);

  wire [15:0] one = nz_i & neg_i;

  // level 1: eight 9-bit pair sums, with the +1 of lanes 0, 2, .. 14
  wire [8:0]  l1 [0:7];
  wire [9:0]  l2 [0:3];
  wire [10:0] l3 [0:1];
  genvar j;
  generate
    for (j = 0; j < 8; j = j + 1) begin : g_l1
      wire [7:0] a = nz_i[2*j]   ? (x_i[16*j +: 8]     ^ {8{neg_i[2*j]}})   : 8'd0;
      wire [7:0] b = nz_i[2*j+1] ? (x_i[16*j + 8 +: 8] ^ {8{neg_i[2*j+1]}}) : 8'd0;
      assign l1[j] = {a[7], a} + {b[7], b} + {8'd0, one[2*j]};
    end
    // level 2, with the +1 of lanes 1, 5, 9, 13
    for (j = 0; j < 4; j = j + 1) begin : g_l2
      assign l2[j] = {l1[2*j][8], l1[2*j]} + {l1[2*j+1][8], l1[2*j+1]} + {9'd0, one[4*j+1]};
    end
  endgenerate

  // pipeline register; the +1 of lanes 3, 7, 11, 15 wait here
  reg [9:0] l2_q [0:3];
  reg [3:0] r_q;
  integer k;
  always @(posedge clk_i) begin
    for (k = 0; k < 4; k = k + 1) l2_q[k] <= l2[k];
    r_q <= {one[15], one[11], one[7], one[3]};
  end

  // level 3 with the +1 of lanes 3 and 7, level 4 with lane 11's
  generate
    for (j = 0; j < 2; j = j + 1) begin : g_l3
      assign l3[j] = {l2_q[2*j][9], l2_q[2*j]} + {l2_q[2*j+1][9], l2_q[2*j+1]} + {10'd0, r_q[j]};
    end
  endgenerate

  wire [11:0] l4 = {l3[0][10], l3[0]} + {l3[1][10], l3[1]} + {11'd0, r_q[2]};
  assign sum_o = {l4[11], l4};
  assign e_o   = r_q[3];

endmodule

`resetall
