// Sixteen ternary lanes and their adder tree: sum_o = sum_j w_j * x_j with
// w_j in {-1, 0, +1} given as nz (w != 0) and neg (w = -1). No multipliers.
//
// -x is formed as ~x + 1: the ~x (still 8 bits, even for x = -128) goes into
// the tree and the +1s are counted and added with the last level, so every
// lane stays 8 bits wide and no lane needs its own carry chain.
// One register after the second adder level: sum_o is one cycle after x_i.
`default_nettype none

module edgellm_acc_dot16 (
  input  wire         clk_i,
  input  wire [127:0] x_i,    // 16 int8 activations, lane j in bits [8j+7:8j]
  input  wire [15:0]  nz_i,
  input  wire [15:0]  neg_i,
  output wire [12:0]  sum_o   // -2048 .. 2048, one cycle later
);

  wire [15:0] one = nz_i & neg_i;

  // level 1: eight 9-bit pair sums
  wire [8:0]  l1 [0:7];
  wire [9:0]  l2 [0:3];
  wire [10:0] l3 [0:1];
  genvar j;
  generate
    for (j = 0; j < 8; j = j + 1) begin : g_l1
      wire [7:0] a = nz_i[2*j]   ? (x_i[16*j +: 8]     ^ {8{neg_i[2*j]}})   : 8'd0;
      wire [7:0] b = nz_i[2*j+1] ? (x_i[16*j + 8 +: 8] ^ {8{neg_i[2*j+1]}}) : 8'd0;
      assign l1[j] = {a[7], a} + {b[7], b};
    end
    for (j = 0; j < 4; j = j + 1) begin : g_l2
      assign l2[j] = {l1[2*j][8], l1[2*j]} + {l1[2*j+1][8], l1[2*j+1]};
    end
  endgenerate

  // +1 corrections: counted per four lanes before the register (each count
  // bit is one 4-input function, no carry chain), summed after it
  function [2:0] count4(input [3:0] v);
    begin
      count4[0] = ^v;
      count4[1] = ((v[0] & v[1]) | (v[0] & v[2]) | (v[0] & v[3]) | (v[1] & v[2]) | (v[1] & v[3]) |
                   (v[2] & v[3])) & ~(&v);
      count4[2] = &v;
    end
  endfunction

  // pipeline register
  reg [9:0] l2_q [0:3];
  reg [2:0] pc_q [0:3];
  integer k;
  always @(posedge clk_i) begin
    for (k = 0; k < 4; k = k + 1) begin
      l2_q[k] <= l2[k];
      pc_q[k] <= count4(one[4*k +: 4]);
    end
  end

  generate
    for (j = 0; j < 2; j = j + 1) begin : g_l3
      assign l3[j] = {l2_q[2*j][9], l2_q[2*j]} + {l2_q[2*j+1][9], l2_q[2*j+1]};
    end
  endgenerate

  // popcount of the +1 corrections (0 .. 16)
  wire [4:0] pc = {2'b0, pc_q[0]} + {2'b0, pc_q[1]} + {2'b0, pc_q[2]} + {2'b0, pc_q[3]};

  wire [11:0] l4 = {l3[0][10], l3[0]} + {l3[1][10], l3[1]};
  assign sum_o = {l4[11], l4} + {8'd0, pc};

endmodule
