// The accelerator's register map, generated from rtl/regmap.txt by rtl/regmap.py:
// edit regmap.txt and run `python3 rtl/regmap.py`, not this file.
// Included inside a module (edgellm_acc, edgellm_soc_fault): localparams only,
// not all of them used by each.
/* verilator lint_off UNUSEDPARAM */

// registers: word index (byte offset / 4) and byte offset
localparam [5:0]   R_ID              = 6'h00;
localparam [5:0]   R_VERSION         = 6'h01;
localparam [5:0]   R_CAPS            = 6'h02;
localparam [5:0]   R_WMEM_BYTES      = 6'h03;
localparam [5:0]   R_XMAX            = 6'h04;
localparam [5:0]   R_YMAX            = 6'h05;
localparam [5:0]   R_CTRL            = 6'h08;
localparam [5:0]   R_STATUS          = 6'h09;
localparam [5:0]   R_IRQ_EN          = 6'h0A;
localparam [5:0]   R_IRQ_STATUS      = 6'h0B;
localparam [5:0]   R_MAT_TYPE        = 6'h0C;
localparam [5:0]   R_MAT_ROWS        = 6'h0D;
localparam [5:0]   R_MAT_COLS        = 6'h0E;
localparam [5:0]   R_MAT_STRIDE      = 6'h0F;
localparam [5:0]   R_MAT_BASE        = 6'h10;
localparam [5:0]   R_CYCLES          = 6'h11;
localparam [5:0]   R_SLOTS           = 6'h12;
localparam [5:0]   R_WADDR           = 6'h14;
localparam [5:0]   R_WDATA           = 6'h15;
localparam [5:0]   R_MAT_REQ         = 6'h16;
localparam [5:0]   R_EPI_SCALES      = 6'h17;
localparam [5:0]   R_EPI_M           = 6'h18;
localparam [5:0]   R_EPI_E           = 6'h19;
localparam [5:0]   R_Y_WAIT          = 6'h1A;
localparam [5:0]   R_EXP_QW          = 6'h1B;
localparam [5:0]   R_EXP_SCALES      = 6'h1C;
localparam [5:0]   R_WSUM            = 6'h1E;
localparam [5:0]   R_EMAX            = 6'h1F;
localparam [15:0]  A_ID              = 16'h0000;
localparam [15:0]  A_VERSION         = 16'h0004;
localparam [15:0]  A_CAPS            = 16'h0008;
localparam [15:0]  A_WMEM_BYTES      = 16'h000C;
localparam [15:0]  A_XMAX            = 16'h0010;
localparam [15:0]  A_YMAX            = 16'h0014;
localparam [15:0]  A_CTRL            = 16'h0020;
localparam [15:0]  A_STATUS          = 16'h0024;
localparam [15:0]  A_IRQ_EN          = 16'h0028;
localparam [15:0]  A_IRQ_STATUS      = 16'h002C;
localparam [15:0]  A_MAT_TYPE        = 16'h0030;
localparam [15:0]  A_MAT_ROWS        = 16'h0034;
localparam [15:0]  A_MAT_COLS        = 16'h0038;
localparam [15:0]  A_MAT_STRIDE      = 16'h003C;
localparam [15:0]  A_MAT_BASE        = 16'h0040;
localparam [15:0]  A_CYCLES          = 16'h0044;
localparam [15:0]  A_SLOTS           = 16'h0048;
localparam [15:0]  A_WADDR           = 16'h0050;
localparam [15:0]  A_WDATA           = 16'h0054;
localparam [15:0]  A_MAT_REQ         = 16'h0058;
localparam [15:0]  A_EPI_SCALES      = 16'h005C;
localparam [15:0]  A_EPI_M           = 16'h0060;
localparam [15:0]  A_EPI_E           = 16'h0064;
localparam [15:0]  A_Y_WAIT          = 16'h0068;
localparam [15:0]  A_EXP_QW          = 16'h006C;
localparam [15:0]  A_EXP_SCALES      = 16'h0070;
localparam [15:0]  A_WSUM            = 16'h0078;
localparam [15:0]  A_EMAX            = 16'h007C;
localparam integer R_COUNT           = 32;    // word indices 0 .. R_COUNT-1 hold every register
localparam [63:0]  R_KNOWN           = 64'h00000000DFF7FF3F;  // bit i: word index i is a register

// address windows: base and bytes
localparam [15:0]  XBUF              = 16'h4000;    // X window
localparam integer XBUF_BYTES        = 16384;
localparam [15:0]  YBUF              = 16'h8000;    // Y window
localparam integer YBUF_BYTES        = 32768;

// one-bit fields: bit positions
localparam integer CTRL_START        = 0;    // start the matvec described by MAT_*
localparam integer CTRL_ABORT        = 1;    // stop the engine at once
localparam integer STATUS_BUSY       = 0;    // a matvec is running
localparam integer STATUS_DONE       = 1;    // the last matvec completed
localparam integer STATUS_ERR_DESC   = 2;    // the descriptor was refused
localparam integer STATUS_ERR_RANGE  = 3;    // rows ran past the end of weight memory
localparam integer IRQ_EN_ENABLE     = 0;    // irq_o follows IRQ_STATUS
localparam integer IRQ_STATUS_DONE   = 0;    // a matvec finished
localparam integer CAPS_REQ          = 16;    // the requantization epilogue (MAT_REQ) built in
localparam integer CAPS_YWAIT        = 17;    // the Y_WAIT register built in
localparam integer CAPS_KREQ         = 18;    // MAT_REQ with KDOT (type 4) built in
localparam integer CAPS_SMAX         = 19;    // MAT_REQ.EXP after KDOT and MAT_REQ with VSUM built in
localparam integer MAT_REQ_ON        = 0;    // requantize this product's rows
localparam integer MAT_REQ_EXP       = 1;    // KDOT: the softmax pass after the scores
localparam integer Y_WAIT_ON         = 0;    // reads of y while busy wait for their row

// wider fields: lowest bit and width; flags: bit LSB + i for index i
localparam integer CAPS_LANES_LSB    = 0;    // ternary weights per cycle (KDOT, VSUM: LANES/4 products)
localparam integer CAPS_LANES_W      = 8;
localparam integer EXP_QW_QW_LSB     = 0;    // the exp2 weights' fraction bits
localparam integer EXP_QW_QW_W       = 5;
localparam integer CAPS_TYPE_LSB     = 8;    // type t (1 T2, 2 T1, 3 I8, 4 KDOT, 5 VSUM) built in

// fixed values of fields: the value and its lowest bit
localparam [31:0]  ID_VALUE          = 32'h454C4D41;    // "ELMA"
localparam integer ID_VALUE_LSB      = 0;
localparam [15:0]  VERSION_MAJOR     = 16'h1;    // major version
localparam integer VERSION_MAJOR_LSB = 16;
localparam [15:0]  VERSION_MINOR     = 16'h3;    // minor version (1: KDOT, VSUM, MAT_REQ; 2: Y_WAIT, MAT_REQ with KDOT; 3: the softmax passes)
localparam integer VERSION_MINOR_LSB = 0;

/* verilator lint_on UNUSEDPARAM */
