/* edgellm_hw.h - v0.1 - driver for the edgellm matrix-vector accelerator (rtl/).

   Moves edgellm.h's hot loop, the matrix-vector product, onto the bundled RTL
   accelerator: the weights are loaded once into the accelerator's own memory,
   and each product writes the int8 vector, starts the engine, and reads the
   int32 sums back, all through the accelerator's AXI4-Lite registers. What
   does not fit in the accelerator stays in software, and a cross-check mode
   runs both side by side and reports the first difference.

   DO THIS in exactly one C or C++ file (after, or together with, edgellm.h's
   implementation):

       #define EDGELLM_IMPLEMENTATION
       #include "edgellm.h"
       #define EDGELLM_HW_IMPLEMENTATION
       #include "edgellm_hw.h"

   Every other file just includes "edgellm_hw.h" (it includes "edgellm.h").

   CONFIGURATION (define before the implementation include)

       EDGELLM_HW_READ32(hw, off)        read the 32-bit register at byte offset
       EDGELLM_HW_WRITE32(hw, off, v)    `off` of the accelerator `hw`. Default: a
                                         volatile uint32_t access at hw->base + off.
                                         Override for a HAL call, an MPU-safe
                                         accessor or a simulation (tests/hw uses
                                         the Verilator shim this way); evaluate
                                         `hw` even if unused, e.g.
                                         ((void)(hw), my_read(off)), or some
                                         driver functions warn under -Wextra.
       EDGELLM_HW_API                    linkage of every public function (default
                                         extern; `static` keeps the driver private).
       EDGELLM_HW_NO_STRINGS             compile out the result and reason texts.
       EDGELLM_HW_POLL_DEFAULT           STATUS polls (or wait calls, see
                                         WAITING AND FAULTS) before a timeout
                                         (default 1000000); per device:
                                         hw->poll_limit.

   STEP BY STEP

       edgellm_model model;  edgellm_ctx ctx;    // loaded and initialised as usual
       edgellm_hw hw;
       edgellm_hw_placement place[64];           // >= edgellm_model_matrix_count()
       int r = edgellm_hw_init(&hw, 0x44A00000u); // base address of s_axil
       r = edgellm_hw_upload(&hw, &model, place, 64);  // weights into the accelerator
       // place[i].status says, for matrix i, EDGELLM_HW_PLACED or why it stays
       // in software (edgellm_hw_reason_string); edgellm_hw_placed_count(&hw)
       edgellm_set_backend(&ctx, edgellm_hw_matvec, &hw);
       // or, better: products requantized in the accelerator (CAPS.REQ), y back in Q16
       edgellm_set_backend_q16(&ctx, edgellm_hw_matvec_q16, &hw);
       r = edgellm_hw_attention(&hw, &ctx);      // optional: attention's sums too (ATTENTION)
       // ... edgellm_feed() as usual: every placed matrix now runs in hardware

     Cross-check (software and hardware side by side, on every product):

       int32_t scratch[512];                     // >= the most rows of any matrix
       edgellm_hw_set_crosscheck(&hw, scratch, 512);
       r = edgellm_feed(&ctx, tok);
       if (r == EDGELLM_HW_ERR_MISMATCH)         // hw.mismatch: index, row, hw, sw
           ...
     In this mode y receives the software result, so generation stays correct.

     Without a model: edgellm_hw_write_weights() then edgellm_hw_run() compute
     one product from packed rows already in the accelerator's weight memory.

     Waiting by interrupt, and falling back to software (WAITING AND FAULTS):

       static void wait_irq(void *user) { (void)user; arm_timer_tick(); __asm__("wfi"); }
       edgellm_hw_set_wait(&hw, wait_irq, 0);    // sleep instead of polling STATUS
       hw.poll_limit = 1000;                     // ticks before a product times out
       edgellm_hw_set_fallback(&hw, 1);          // a failed product runs in software
       r = edgellm_feed(&ctx, tok);              // EDGELLM_OK even after a fault
       if (hw.faults)                            // hw.last_fault, hw.last_fault_index
           ...

     Placement is first fit in matrix index order (the embedding, then layer by
     layer, then the output head): a matrix that does not fit is skipped and the
     later ones still get their chance. The driver remembers which descriptor the
     registers hold and rewrites it only when another matrix runs; it must be the
     only writer of the accelerator's registers.

   REQUANTIZATION

     With CAPS.REQ (REQ_EN) edgellm_hw_upload also places the placed matrices' row
     scales (rows * 8 bytes each: the file's (mult, shift) pairs; in index order, in
     the room left after every matrix's rows; place[i].scales), and edgellm_hw_matvec_q16, installed with
     edgellm_set_backend_q16, writes MAT_REQ = 1, EPI_SCALES and the input's scale
     S16 (EPI_M, EPI_E) with each product: the accelerator replaces each y[r] by the
     manual's requantization of it (the REGISTER MAP's MAT_REQ), so the Y window
     already holds the Q16 outputs and the CPU skips edgellm.h's per-row scaling. An
     accelerator without REQ, and every matrix left in software, get the same values
     from edgellm_requant_ref. The epilogue adds two cycles per row to a product.

   ATTENTION

     An accelerator built with KV_EN (CAPS bits 12 and 13: types KDOT and VSUM) also
     computes attention's two exact integer sums (edgellm.h, INTEGER ARITHMETIC,
     "Attention"; BACKENDS, the attention seam) over a copy of the 8-bit KV cache in its
     weight memory. edgellm_hw_attention(hw, ctx) places that copy (2 * n_layers *
     n_ctx * kv_dim bytes, after the matrices: call it after edgellm_hw_upload) and
     installs the driver with edgellm_set_attention. Then, per position and layer, the
     engine's new keys and values (kv_dim bytes each) go to weight memory through
     WADDR/WDATA; per query head, the scores' dot products are one KDOT (rows = the
     positions so far, cols = head_size, stride = kv_dim, x = the query's integers
     qi, |qi| <= 65535/head_size), and the weighted sum of the values one VSUM (x =
     the weights p_t < 2^24). Everything else of attention stays in the engine, so the
     tokens do not change. A model with the 16-bit cache keeps attention in software
     (EDGELLM_ERR_ATTN_KV16), as does an accelerator without KV_EN, a head_size that
     is not a multiple of 16, or a cache that does not fit (EDGELLM_HW_ERR_NO_KV,
     hw->kv_status says why). Faults fall back like the products' (index
     EDGELLM_HW_INDEX_KDOT or _VSUM); hw->calls_kv counts the sums run in hardware.

     With CAPS.KREQ (version 1.2: MAT_REQ with KDOT) the KDOT gives the scores
     themselves (the backend's optional scores): each position's dot product goes
     through the requantization epilogue with the scale pair (m8_t, -e_t) of its K
     scale, EPI_M = 2^32 - 1 and EPI_E = -sigma - 32, which is exactly u_t =
     shift_sat(dot_t * m8_t, sigma - e_t); the driver takes their maximum while it
     reads them. The pairs live after the KV cache (8 * n_layers * n_kv_heads * n_ctx
     bytes, hw->kv_sc_addr; 0 when they do not fit, or with more than
     EDGELLM_HW_KV_SLOTS layers times kv heads: then the dot products only); a
     position's pair is written there (WADDR/WDATA) at its first score, and again after
     the position is stored anew. The cross-check compares the scores and their maximum
     with edgellm_attn_scores_ref.

     With CAPS.SMAX (version 1.3: the softmax passes) the whole head runs there (the
     backend's optional head), in two products and no transfer of scores or weights:
     the scores' KDOT with MAT_REQ.EXP, whose softmax pass leaves the exp2 weights w_t =
     exp2n(umax - u_t, qw) (umax the largest score) in y, and their sum and V's largest
     exponent in WSUM and EMAX (EXP_QW = qw, EXP_SCALES = the V pairs); the driver
     reads those two, and the VSUM with MAT_REQ turns the weights into the V weights
     p_t = rshr(w_t * m8_t, emax - e_t + 8 + b) (EPI_SCALES = the V pairs, EPI_E =
     -(emax + 8 + b) - 32) before it sums; the driver reads the head_size sums. The V pairs follow the K pairs (as many bytes
     again, hw->kv_vsc_addr; 0 when they do not fit: then the scores only) and are kept
     the same way. The cross-check compares the sums, WSUM and EMAX with
     edgellm_attn_head_ref; a fault falls back to it (index EDGELLM_HW_INDEX_KDOT for
     the first product, _VSUM for the second).

   WAITING AND FAULTS

     After START the driver waits for STATUS to drop BUSY. By default it polls
     STATUS, at most hw->poll_limit reads. With edgellm_hw_set_wait(hw, fn,
     user) it sets IRQ_EN = 1 instead and calls fn(user), then reads STATUS,
     again while STATUS says BUSY: fn returns after an interrupt or after a
     timeout tick (WFI with a timer armed, an RTOS event with a timeout; a
     level interrupt still pending makes WFI return at once). When fn returns
     on the accelerator's interrupt, a product costs one STATUS read. After
     hw->poll_limit calls without completion the driver aborts the engine and
     returns EDGELLM_HW_ERR_TIMEOUT. It writes IRQ_STATUS = 1 once a product
     is done (and after a timeout), so irq_o is low between products. Route
     irq_o to the CPU (mip.MEIP, a PLIC source, the AXI interrupt controller)
     and enable it there; on RISC-V, WFI returns on a locally enabled pending
     interrupt (mie.MEIE) even with mstatus.MIE clear, so no handler is needed.
     edgellm_hw_set_wait(hw, NULL, NULL) polls again (IRQ_EN = 0).

     An accelerator with CAPS.YWAIT (version 1.2) holds a read of y[r] while a
     product runs until y[r] is final (Y_WAIT = 1, which edgellm_hw_init sets).
     The driver then reads y right after START, while the product computes it,
     and waits for STATUS only afterwards, as above: the product is done by then
     or within a few cycles, so the wait ends at once. A product that fails
     (ERR_DESC, ERR_RANGE) still ends, so the reads end with it, and STATUS
     reports the failure; but an accelerator that never ends its product would
     stall the bus, and the CPU with it, before any timeout could count.
     edgellm_hw_set_ywait(hw, 0) waits first and reads afterwards, so every wait
     stays bounded by hw->poll_limit.

     A product whose hardware run fails (timeout, ERR_DESC or ERR_RANGE, a
     cross-check mismatch) returns that code from edgellm_hw_matvec, so
     edgellm_feed() returns it. With edgellm_hw_set_fallback(hw, 1) the
     product is computed in software instead (edgellm_matvec_ref: y is exact),
     hw->faults counts it, hw->last_fault and hw->last_fault_index keep the
     last failure's code and matrix index, and the call returns EDGELLM_OK:
     generation goes on with the same tokens. The accelerator serves the next
     product as usual (a timeout aborted it; a device error ends the product;
     a mismatch leaves it as it is). A mismatch is only seen with the
     cross-check on, and hw->mismatch still records the first one.
     edgellm_hw_run() has no matrix to compute in software: it always
     returns the failure's code.

   DOES NOT
       - allocate, use libc or floating point: <stddef.h> and <stdint.h> only, C99
         and C++11, like edgellm.h.
       - keep global state: each edgellm_hw describes one accelerator; several may
         coexist.
       - install interrupt handlers or touch the CPU's interrupt controller: it
         polls STATUS, or calls the wait function you give it (WAITING AND
         FAULTS) with the accelerator's IRQ_EN set.
       - serialise access: one caller at a time per accelerator.
       - see AXI error responses through the default accessors (a volatile access
         cannot); the register map is designed so a correct driver never causes
         one.

   REGISTER MAP (byte offsets)
   ---- generated from rtl/regmap.txt by rtl/regmap.py (also rtl/README.md's table)
       0x0000 ID          RO  0x454C4D41 ("ELMA")
       0x0004 VERSION     RO  [31:16] major = 1, [15:0] minor = 3
       0x0008 CAPS        RO  [7:0] LANES; bit 8+t set when type t is built in (t = 1
                              T2, 2 T1, 3 I8, 4 KDOT, 5 VSUM; 4 and 5 come together);
                              bit 16 REQ (MAT_REQ); bit 17 YWAIT (Y_WAIT); bit 18 KREQ
                              (MAT_REQ with KDOT); bit 19 SMAX (MAT_REQ.EXP after
                              KDOT, MAT_REQ with VSUM)
       0x000C WMEM_BYTES  RO  weight memory bytes
       0x0010 XMAX        RO  x buffer bytes = largest cols_pad
       0x0014 YMAX        RO  y buffer entries = largest rows
       0x0020 CTRL        WO  bit 0 START (SLVERR while busy), bit 1 ABORT (stops the
                              engine at once); reads 0
       0x0024 STATUS      RO  bit 0 BUSY, bit 1 DONE, bit 2 ERR_DESC, bit 3 ERR_RANGE;
                              DONE and errors clear at START
       0x0028 IRQ_EN      RW  bit 0: `irq_o` = IRQ_STATUS
       0x002C IRQ_STATUS  RW1C bit 0: a matvec finished (also after ERR_DESC); write 1
                              to clear; START clears it
       0x0030 MAT_TYPE    RW  1 T2, 2 T1, 3 I8 (y = W x, int8 x); 4 KDOT (y[r] = sum_c
                              W[r][c] x[c]), 5 VSUM (y[c] = sum_r x[r] W[r][c]): int8
                              W, int32 x entries (low 25 bits used), sums mod 2^32
       0x0034 MAT_ROWS    RW  1 .. YMAX (types 1-4); 1 .. XMAX/4 (VSUM)
       0x0038 MAT_COLS    RW  cols_pad: multiple of 64 (T2), 80 (T1), 16 (I8, KDOT,
                              VSUM); <= XMAX (types 1-3), <= XMAX/4 (KDOT), <= YMAX
                              (VSUM)
       0x003C MAT_STRIDE  RW  bytes from one row to the next, multiple of 16, <=
                              WMEM_BYTES
       0x0040 MAT_BASE    RW  weight memory byte address of row 0, multiple of 16
       0x0044 CYCLES      RO  cycles of the last matvec (counting while busy)
       0x0048 SLOTS       RO  16-weight lane groups used by it (INT8 counts each bit
                              plane; utilisation = SLOTS * 16 / (lanes * CYCLES));
                              KDOT and VSUM count none
       0x0050 WADDR       RW  weight memory byte address for WDATA (bits [1:0] read 0)
       0x0054 WDATA       RW  write: store 4 bytes at WADDR (WSTRB honoured); read:
                              the 4 bytes there; both then add 4 to WADDR. SLVERR
                              while busy or when WADDR >= WMEM_BYTES
       0x0058 MAT_REQ     RW  bit 0: requantize the product's rows in the accelerator
                              (types 1-3, needs CAPS.REQ; type 4 KDOT, needs
                              CAPS.KREQ): y[r] = sat32(round(y[r] * c_r / 2^s_r)), c_r
                              = (EPI_M * m_r + 2^31) >> 32, s_r = shift_r - EPI_E - 32
                              (edgellm.h's requantization; with EPI_M = 2^32 - 1, c_r
                              = m_r for m_r <= 2^31, so KDOT's rows become attention's
                              scores shift_sat(dot_t * m8_t, sigma - e_t) with (m_r,
                              shift_r) = (m8_t, -e_t) and EPI_E = -sigma - 32). Bit 1
                              EXP (type 4 with ON, needs CAPS.SMAX): then the softmax
                              pass over the scores: y[r] <- exp2n(umax - y[r], EXP_QW)
                              with umax the largest score, WSUM and EMAX (below). Type
                              5 (VSUM) with ON (needs CAPS.SMAX): first x[r] <- the
                              same requantization of y[r], r < rows (the exp2 weights
                              become the V weights p_r = rshr(w_r * m8_r, emax - e_r +
                              8 + b) with pairs (m8_r, -e_r) and EPI_E = -(emax + 8 +
                              b) - 32), then the sums over those x entries
       0x005C EPI_SCALES  RW  weight memory byte address of row 0's scale pair (m_r,
                              shift_r: two little-endian int32 words per row, 8 bytes
                              apart), multiple of 8, < WMEM_BYTES (EPI_*: read 0
                              without CAPS.REQ)
       0x0060 EPI_M       RW  the input's scale S16: mantissa (unsigned)
       0x0064 EPI_E       RW  the input's scale S16: exponent (signed)
       0x0068 Y_WAIT      RW  bit 0: a read of y[r] while busy waits (the slave holds
                              RVALID back) until the running product's y[r] is final,
                              then returns it; rows come out in order, so the results
                              can be read from START on, while they are computed. 0:
                              reads while busy do not wait
       0x006C EXP_QW      RW  [4:0] qw, 0 .. 29: the exp2 weights' fraction bits
                              (MAT_REQ.EXP)
       0x0070 EXP_SCALES  RW  weight memory byte address of row 0's V scale pair
                              (m8_r, -e_r), as EPI_SCALES: EMAX is taken over them
                              (multiple of 8, < WMEM_BYTES; EXP_*, WSUM, EMAX read 0
                              without CAPS.SMAX)
       0x0078 WSUM        RO  sum of the last softmax pass's weights, modulo 2^32
                              (WSUM, EMAX: 0 after reset)
       0x007C EMAX        RO  the largest e_r over the V pairs (m8_r, -e_r) of rows
                              whose weight and m8_r are not 0, from -128 (signed; e_r
                              is the pair's second word negated, as int8: its low 8
                              bits): the last softmax pass's
       0x4000 X window    WO  activation bytes x[0 .. cols_pad), little-endian words
                              (KDOT, VSUM: one int32 entry per word); SLVERR while
                              busy
       0x8000 Y window    RO  y[r] at 0x8000 + 4r, r < YMAX, one int32 per word;
                              readable while busy: with Y_WAIT.ON a read waits for its
                              row, without it rows not yet written hold old values
   ---- end of the generated table
       Other addresses answer SLVERR. The descriptor (MAT_*) is written while idle
       (SLVERR while busy) and checked at START.

     KDOT and VSUM (types 4 and 5) read int8 rows like INT8 ones (W[r][c] is the byte
     at MAT_BASE + r * MAT_STRIDE + c) and one int32 entry per X word (bits 31:25
     ignored, bits 24:0 a signed value): KDOT y[r] = sum_{c < cols} W[r][c] x[c] for r <
     rows; VSUM y[c] = sum_{r < rows} x[r] W[r][c] for c < cols, both modulo 2^32. They
     run LANES/4 products per cycle: a KDOT takes about rows * cols / (LANES/4)
     cycles, a VSUM as long plus LANES/4 + 3 per LANES/4 columns.

     One matvec: write x into the X window, the descriptor, CTRL = START; poll
     STATUS until BUSY is clear (DONE set), or wait for irq_o with IRQ_EN = 1
     (then write IRQ_STATUS = 1); read rows words from the Y window.
     A descriptor the engine cannot run (type not supported, rows or cols_pad out
     of range, cols_pad not a multiple of 64/80/16 for T2/T1/I8, stride or base
     not a multiple of 16) completes at once with DONE and ERR_DESC.

   RESULT CODES
       Functions return EDGELLM_OK (0), an edgellm.h code (EDGELLM_ERR_ARG for NULL
       or inconsistent arguments, EDGELLM_ERR_BUFFER when a table is too small), or
       one of EDGELLM_HW_RESULTS below (all below -1000, so they never collide with
       edgellm.h's). edgellm_feed() passes a backend's negative code through.

   LICENSE: MIT (see the end of this file).
*/
#ifndef EDGELLM_HW_H
#define EDGELLM_HW_H

#include <stddef.h>
#include <stdint.h>
#include "edgellm.h"

#ifndef EDGELLM_HW_API
#define EDGELLM_HW_API extern
#endif

/* ---- generated from rtl/regmap.txt by rtl/regmap.py: edit that file, not these ---- */
/* register offsets */
#define EDGELLM_HW_REG_ID           0x0000u
#define EDGELLM_HW_REG_VERSION      0x0004u
#define EDGELLM_HW_REG_CAPS         0x0008u
#define EDGELLM_HW_REG_WMEM_BYTES   0x000Cu
#define EDGELLM_HW_REG_XMAX         0x0010u
#define EDGELLM_HW_REG_YMAX         0x0014u
#define EDGELLM_HW_REG_CTRL         0x0020u
#define EDGELLM_HW_REG_STATUS       0x0024u
#define EDGELLM_HW_REG_IRQ_EN       0x0028u
#define EDGELLM_HW_REG_IRQ_STATUS   0x002Cu
#define EDGELLM_HW_REG_MAT_TYPE     0x0030u
#define EDGELLM_HW_REG_MAT_ROWS     0x0034u
#define EDGELLM_HW_REG_MAT_COLS     0x0038u
#define EDGELLM_HW_REG_MAT_STRIDE   0x003Cu
#define EDGELLM_HW_REG_MAT_BASE     0x0040u
#define EDGELLM_HW_REG_CYCLES       0x0044u
#define EDGELLM_HW_REG_SLOTS        0x0048u
#define EDGELLM_HW_REG_WADDR        0x0050u
#define EDGELLM_HW_REG_WDATA        0x0054u
#define EDGELLM_HW_REG_MAT_REQ      0x0058u
#define EDGELLM_HW_REG_EPI_SCALES   0x005Cu
#define EDGELLM_HW_REG_EPI_M        0x0060u
#define EDGELLM_HW_REG_EPI_E        0x0064u
#define EDGELLM_HW_REG_Y_WAIT       0x0068u
#define EDGELLM_HW_REG_EXP_QW       0x006Cu
#define EDGELLM_HW_REG_EXP_SCALES   0x0070u
#define EDGELLM_HW_REG_WSUM         0x0078u
#define EDGELLM_HW_REG_EMAX         0x007Cu

/* address windows (base; bytes) */
#define EDGELLM_HW_XBUF             0x4000u
#define EDGELLM_HW_XBUF_BYTES       0x4000u
#define EDGELLM_HW_YBUF             0x8000u
#define EDGELLM_HW_YBUF_BYTES       0x8000u

/* register values and fields: masks of one-bit fields, extractors of wider ones */
#define EDGELLM_HW_ID_VALUE         0x454C4D41u
#define EDGELLM_HW_VERSION_MAJOR    1u
#define EDGELLM_HW_VERSION_MINOR    3u
#define EDGELLM_HW_CTRL_START       0x1u
#define EDGELLM_HW_CTRL_ABORT       0x2u
#define EDGELLM_HW_STATUS_BUSY      0x1u
#define EDGELLM_HW_STATUS_DONE      0x2u
#define EDGELLM_HW_STATUS_ERR_DESC  0x4u
#define EDGELLM_HW_STATUS_ERR_RANGE 0x8u
#define EDGELLM_HW_IRQ_EN_ENABLE    0x1u
#define EDGELLM_HW_IRQ_STATUS_DONE  0x1u
#define EDGELLM_HW_CAPS_REQ         0x10000u
#define EDGELLM_HW_CAPS_YWAIT       0x20000u
#define EDGELLM_HW_CAPS_KREQ        0x40000u
#define EDGELLM_HW_CAPS_SMAX        0x80000u
#define EDGELLM_HW_MAT_REQ_ON       0x1u
#define EDGELLM_HW_MAT_REQ_EXP      0x2u
#define EDGELLM_HW_Y_WAIT_ON        0x1u
#define EDGELLM_HW_CAPS_LANES(c)    ((c) & 0xFFu)
#define EDGELLM_HW_EXP_QW_QW(c)     ((c) & 0x1Fu)
#define EDGELLM_HW_CAPS_TYPE(c, t)  (((c) >> (8u + (t))) & 1u)
/* ---- end of the generated constants ---- */

#ifndef EDGELLM_HW_POLL_DEFAULT
#define EDGELLM_HW_POLL_DEFAULT 1000000u
#endif
/* layers times kv heads for which the driver keeps the scores in hardware (edgellm_hw.kv_scaled) */
#ifndef EDGELLM_HW_KV_SLOTS
#define EDGELLM_HW_KV_SLOTS 64u
#endif

/* result codes: X(name, value, text) */
#define EDGELLM_HW_RESULTS(X) \
    X(ERR_NO_DEVICE, -1001, "no edgellm accelerator at this address (ID mismatch)") \
    X(ERR_VERSION, -1002, "unsupported accelerator version") \
    X(ERR_TIMEOUT, -1003, "accelerator did not finish within the poll limit (aborted)") \
    X(ERR_DESC, -1004, "accelerator rejected the matrix descriptor") \
    X(ERR_RANGE, -1005, "accelerator read weights beyond its memory") \
    X(ERR_MISMATCH, -1006, "cross-check: hardware and software results differ") \
    X(ERR_VERIFY, -1007, "weight memory readback differs from the model") \
    X(ERR_NOT_PLACED, -1008, "matrix is not in the accelerator's memory") \
    X(ERR_NO_KV, -1009, "the KV cache cannot go into this accelerator (hw->kv_status says why)")

enum {
#define EDGELLM_HW__ENUM(name, value, text) EDGELLM_HW_##name = value,
    EDGELLM_HW_RESULTS(EDGELLM_HW__ENUM)
#undef EDGELLM_HW__ENUM
    EDGELLM_HW__RESULT_END = 1
};

/* where a matrix runs: EDGELLM_HW_PLACED, or why it stays in software */
enum {
    EDGELLM_HW_PLACED = 0,
    EDGELLM_HW_SKIP_SPACE = 1,   /* weight memory full */
    EDGELLM_HW_SKIP_COLS = 2,    /* cols_pad > XMAX */
    EDGELLM_HW_SKIP_ROWS = 3,    /* rows > YMAX */
    EDGELLM_HW_SKIP_TYPE = 4,    /* weight type not built into this accelerator */
    EDGELLM_HW_SKIP_LAYOUT = 5,  /* stride not a multiple of 16 (the KV cache: head_size
                                    or kv_dim not a multiple of 16) */
    EDGELLM_HW_SKIP_NONE = 6     /* the KV cache: edgellm_hw_attention not called (yet) */
};

/* hw->last_fault_index of an attention sum (the matrices' indices are smaller) */
#define EDGELLM_HW_INDEX_KDOT 0xFFFFFF00u
#define EDGELLM_HW_INDEX_VSUM 0xFFFFFF01u

typedef struct edgellm_hw_placement {
    uint32_t addr;      /* weight memory byte address of row 0 (when placed) */
    uint32_t bytes;     /* rows * stride */
    int32_t status;     /* EDGELLM_HW_PLACED or EDGELLM_HW_SKIP_* */
    uint32_t scales;    /* weight memory byte address of the row scales (rows * 8 bytes), when
                           the accelerator requantizes (CAPS.REQ) and they fit after every
                           placed matrix's rows; else EDGELLM_HW_NO_SCALES */
} edgellm_hw_placement;
#define EDGELLM_HW_NO_SCALES 0xFFFFFFFFu

typedef struct edgellm_hw_mismatch {
    uint32_t found;     /* 0 until the first difference */
    uint32_t index;     /* matrix index (edgellm_matrix.index) */
    uint32_t row;
    int32_t hw, sw;     /* the two values of y[row] */
} edgellm_hw_mismatch;

/* waits for an interrupt or a timeout tick (see edgellm_hw_set_wait) */
typedef void (*edgellm_hw_wait_fn)(void *user);

typedef struct edgellm_hw {
    uintptr_t base;                 /* MMIO base address (used by the default accessors) */
    uint32_t version, caps, lanes;  /* read from the device at init */
    uint32_t wmem_bytes, xmax, ymax;
    uint32_t poll_limit;            /* STATUS polls (or wait calls) before EDGELLM_HW_ERR_TIMEOUT */
    int ywait;                      /* results read while computed (Y_WAIT; edgellm_hw_set_ywait) */
    edgellm_hw_placement *place;    /* set by edgellm_hw_upload */
    uint32_t n_place;
    uint32_t wmem_used;             /* bytes of weight memory taken */
    int32_t *check;                 /* cross-check scratch, NULL = off */
    uint32_t check_len;
    edgellm_hw_mismatch mismatch;   /* first cross-check difference */
    uint32_t desc_index;            /* matrix whose descriptor the registers hold */
    uint32_t desc_req;              /* MAT_REQ as the registers hold it */
    uint32_t calls_hw, calls_sw;    /* products run in hardware / in software (a fallback
                                       product counts in calls_sw, and in calls_hw too
                                       when the hardware completed it) */
    uint32_t last_cycles, last_slots; /* CYCLES and SLOTS of the last hardware product */
    edgellm_hw_wait_fn wait;        /* set by edgellm_hw_set_wait; NULL = poll */
    void *wait_user;
    int fallback;                   /* set by edgellm_hw_set_fallback */
    uint32_t faults;                /* products computed in software after a hardware failure */
    int last_fault;                 /* the last such failure's result code (0: none yet) */
    uint32_t last_fault_index;      /* ... and its matrix index (or EDGELLM_HW_INDEX_*) */
    /* the KV cache in weight memory (edgellm_hw_attention): keys of layer l, position t
       at kv_addr + (l * kv_ctx + t) * kv_dim, values kv_vals bytes further */
    int32_t kv_status;              /* EDGELLM_HW_PLACED, or why attention stays in software */
    uint32_t kv_addr, kv_vals, kv_ctx, kv_dim;
    /* the scores in hardware (CAPS.KREQ; kv_sc_addr 0: the dot products only): the K scales
       as scale pairs (m8, -e), 8 bytes, of layer l, kv head h, position t at kv_sc_addr +
       ((l * kv_nkv + h) * kv_ctx + t) * 8; kv_scaled[l * kv_nkv + h] positions are there */
    uint32_t kv_sc_addr, kv_nkv;
    uint32_t kv_scaled[EDGELLM_HW_KV_SLOTS];
    /* the whole head in hardware (CAPS.SMAX; kv_vsc_addr 0: the scores only): the V scales'
       pairs, laid out as the K ones from kv_vsc_addr; kv_vscaled as kv_scaled */
    uint32_t kv_vsc_addr;
    uint32_t kv_vscaled[EDGELLM_HW_KV_SLOTS];
    uint32_t calls_kv;              /* attention sums (KDOT, VSUM) run in hardware */
} edgellm_hw;

#ifdef __cplusplus
extern "C" {
#endif

/* Finds the accelerator (ID, VERSION), reads its capabilities, stops anything
   running and clears the interrupt. */
EDGELLM_HW_API int edgellm_hw_init(edgellm_hw *hw, uintptr_t base);
/* Places the model's matrices first-fit in index order and writes their
   weights; place[] (n_place >= edgellm_model_matrix_count) says where each went. */
EDGELLM_HW_API int edgellm_hw_upload(edgellm_hw *hw, const edgellm_model *model,
                                     edgellm_hw_placement *place, uint32_t n_place);
/* Reads every placed matrix back and compares (EDGELLM_HW_ERR_VERIFY). */
EDGELLM_HW_API int edgellm_hw_verify(edgellm_hw *hw, const edgellm_model *model);
EDGELLM_HW_API uint32_t edgellm_hw_placed_count(const edgellm_hw *hw);
/* The backend for edgellm_set_backend(ctx, edgellm_hw_matvec, hw). */
EDGELLM_HW_API int edgellm_hw_matvec(void *hw, const edgellm_matrix *m, const int8_t *x, int32_t *y);
/* The requantizing backend, edgellm_set_backend_q16(ctx, edgellm_hw_matvec_q16, hw): with
   CAPS.REQ the accelerator scales each row itself (MAT_REQ; the scales were uploaded with
   the rows), so y comes back in Q16; otherwise, and for a matrix in software, the
   requantization runs here (edgellm_requant_ref). Fallback and cross-check as for
   edgellm_hw_matvec. */
EDGELLM_HW_API int edgellm_hw_matvec_q16(void *hw, const edgellm_matrix *m, const int8_t *x, int32_t s16_m,
                                         int32_t s16_e, int32_t *y);
/* Cross-check every hardware product against edgellm_matvec_ref; scratch holds
   len >= rows int32. NULL turns it off. Clears hw->mismatch. */
EDGELLM_HW_API void edgellm_hw_set_crosscheck(edgellm_hw *hw, int32_t *scratch, uint32_t len);
/* How the driver waits for a product. fn NULL (the default): it polls STATUS,
   at most hw->poll_limit reads. Otherwise it sets IRQ_EN = 1 and, after START,
   calls fn(user) and reads STATUS, again while STATUS says BUSY; fn returns
   after an interrupt or a timeout tick (e.g. WFI with a timer armed). After
   hw->poll_limit calls without completion it aborts the engine and returns
   EDGELLM_HW_ERR_TIMEOUT. It clears IRQ_STATUS once a product is done, so
   irq_o is low between products. fn NULL sets IRQ_EN = 0. */
EDGELLM_HW_API void edgellm_hw_set_wait(edgellm_hw *hw, edgellm_hw_wait_fn fn, void *user);
/* Results read while they are computed (CAPS.YWAIT; on by default where built in):
   on, the driver reads y right after START, each read held by the accelerator until
   its row is final (Y_WAIT = 1), and waits as above only afterwards, so the reading
   overlaps the product. A hung accelerator then stalls the bus instead of ending in
   EDGELLM_HW_ERR_TIMEOUT: off (0) waits first and keeps every wait bounded. */
EDGELLM_HW_API void edgellm_hw_set_ywait(edgellm_hw *hw, int on);
/* Fallback: on (nonzero), a product whose hardware run fails (timeout,
   ERR_DESC or ERR_RANGE, a cross-check mismatch) is computed in software: y
   gets the exact software result, hw->faults counts it, hw->last_fault holds
   the failure's result code and hw->last_fault_index its matrix index, and
   edgellm_hw_matvec returns EDGELLM_OK. Off (the default): the failure's code
   is returned. Applies to edgellm_hw_matvec (edgellm_hw_run has no matrix to
   compute in software). */
EDGELLM_HW_API void edgellm_hw_set_fallback(edgellm_hw *hw, int on);
/* Attention in the accelerator (types KDOT and VSUM, CAPS bits 12 and 13): reserves
   the KV cache (2 * n_layers * n_ctx * kv_dim bytes) in weight memory after the
   matrices edgellm_hw_upload placed, and installs the driver as ctx's attention
   backend (edgellm_set_attention): every new position's keys and values are
   copied into the accelerator, and the scores' dot products and the weighted
   sums of the values run there. EDGELLM_HW_ERR_NO_KV when it cannot (hw->kv_status:
   SKIP_TYPE no KDOT/VSUM, SKIP_SPACE weight memory full, SKIP_COLS head_size or
   n_ctx above XMAX/4, SKIP_ROWS above YMAX, SKIP_LAYOUT head_size not a multiple
   of 16), edgellm.h's EDGELLM_ERR_ATTN_KV16 for a model with the 16-bit cache;
   attention then stays in software. Fallback and cross-check apply as for the
   products (last_fault_index EDGELLM_HW_INDEX_KDOT/VSUM; the cross-check scratch
   needs max(n_ctx, head_size) entries). Call it again after edgellm_hw_upload. */
EDGELLM_HW_API int edgellm_hw_attention(edgellm_hw *hw, edgellm_ctx *ctx);

/* Low level: bytes (multiple of 4) to/from weight memory at addr (multiple of 4). */
EDGELLM_HW_API int edgellm_hw_write_weights(edgellm_hw *hw, uint32_t addr, const uint8_t *data, uint32_t bytes);
EDGELLM_HW_API int edgellm_hw_read_weights(edgellm_hw *hw, uint32_t addr, uint8_t *data, uint32_t bytes);
/* One product from rows already in weight memory at addr. */
EDGELLM_HW_API int edgellm_hw_run(edgellm_hw *hw, uint32_t type, uint32_t rows, uint32_t cols_pad,
                                  uint32_t stride, uint32_t addr, const int8_t *x, int32_t *y);

EDGELLM_HW_API const char *edgellm_hw_result_string(int result);
EDGELLM_HW_API const char *edgellm_hw_reason_string(int32_t status);

#ifdef __cplusplus
}
#endif
#endif /* EDGELLM_HW_H */

/* ======================================================================== */
#ifdef EDGELLM_HW_IMPLEMENTATION
#ifndef EDGELLM_HW__IMPLEMENTED
#define EDGELLM_HW__IMPLEMENTED

#ifndef EDGELLM_HW_READ32
#define EDGELLM_HW_READ32(hw, off) (*(volatile uint32_t *)((hw)->base + (uintptr_t)(off)))
#endif
#ifndef EDGELLM_HW_WRITE32
#define EDGELLM_HW_WRITE32(hw, off, v) (*(volatile uint32_t *)((hw)->base + (uintptr_t)(off)) = (uint32_t)(v))
#endif

#define EDGELLM_HW__NONE 0xFFFFFFFFu

static uint32_t edgellm_hw__le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
/* bytes (a multiple of 4) of data as little-endian words to off, off + step, ...: one load
   a word on little-endian cores when data is 4-byte aligned (the engine's vectors and KV
   rows are) */
static void edgellm_hw__put_words(edgellm_hw *hw, uint32_t off, uint32_t step, const uint8_t *data, uint32_t bytes) {
    uint32_t i;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (((uintptr_t)data & 3u) == 0) {
        const uint32_t *w = (const uint32_t *)(const void *)data;
        for (i = 0; i < bytes / 4u; i++, off += step) EDGELLM_HW_WRITE32(hw, off, w[i]);
        return;
    }
#endif
    for (i = 0; i < bytes; i += 4u, off += step) EDGELLM_HW_WRITE32(hw, off, edgellm_hw__le32(data + i));
}

EDGELLM_HW_API int edgellm_hw_init(edgellm_hw *hw, uintptr_t base) {
    uint32_t id;
    if (!hw) return EDGELLM_ERR_ARG;
    hw->base = base;
    hw->place = 0;
    hw->n_place = 0;
    hw->wmem_used = 0;
    hw->check = 0;
    hw->check_len = 0;
    hw->mismatch.found = 0;
    hw->mismatch.index = 0;
    hw->mismatch.row = 0;
    hw->mismatch.hw = 0;
    hw->mismatch.sw = 0;
    hw->desc_index = EDGELLM_HW__NONE;
    hw->desc_req = 0;
    hw->calls_hw = 0;
    hw->calls_sw = 0;
    hw->last_cycles = 0;
    hw->last_slots = 0;
    hw->poll_limit = EDGELLM_HW_POLL_DEFAULT;
    hw->ywait = 0;
    hw->wait = 0;
    hw->wait_user = 0;
    hw->fallback = 0;
    hw->faults = 0;
    hw->last_fault = EDGELLM_OK;
    hw->last_fault_index = 0;
    hw->kv_status = EDGELLM_HW_SKIP_NONE;
    hw->kv_addr = 0;
    hw->kv_vals = 0;
    hw->kv_sc_addr = 0;
    hw->kv_vsc_addr = 0;
    hw->kv_nkv = 0;
    hw->kv_ctx = 0;
    hw->kv_dim = 0;
    hw->calls_kv = 0;
    id = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_ID);
    if (id != EDGELLM_HW_ID_VALUE) return EDGELLM_HW_ERR_NO_DEVICE;
    hw->version = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_VERSION);
    if ((hw->version >> 16) != EDGELLM_HW_VERSION_MAJOR) return EDGELLM_HW_ERR_VERSION;
    hw->caps = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_CAPS);
    hw->lanes = EDGELLM_HW_CAPS_LANES(hw->caps);
    hw->wmem_bytes = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_WMEM_BYTES);
    hw->xmax = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_XMAX);
    hw->ymax = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_YMAX);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_ABORT);
    if (hw->caps & EDGELLM_HW_CAPS_REQ) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_REQ, 0u);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_EN, 0u);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_STATUS, 1u);
    edgellm_hw_set_ywait(hw, 1);
    return EDGELLM_OK;
}

EDGELLM_HW_API int edgellm_hw_write_weights(edgellm_hw *hw, uint32_t addr, const uint8_t *data, uint32_t bytes) {
    if (!hw || (!data && bytes) || (addr & 3u) || (bytes & 3u) || addr > hw->wmem_bytes ||
        bytes > hw->wmem_bytes - addr)
        return EDGELLM_ERR_ARG;
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_WADDR, addr);
    edgellm_hw__put_words(hw, EDGELLM_HW_REG_WDATA, 0u, data, bytes);
    return EDGELLM_OK;
}

EDGELLM_HW_API int edgellm_hw_read_weights(edgellm_hw *hw, uint32_t addr, uint8_t *data, uint32_t bytes) {
    uint32_t i;
    if (!hw || (!data && bytes) || (addr & 3u) || (bytes & 3u) || addr > hw->wmem_bytes ||
        bytes > hw->wmem_bytes - addr)
        return EDGELLM_ERR_ARG;
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_WADDR, addr);
    for (i = 0; i < bytes; i += 4u) {
        uint32_t v = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_WDATA);
        data[i] = (uint8_t)v;
        data[i + 1u] = (uint8_t)(v >> 8);
        data[i + 2u] = (uint8_t)(v >> 16);
        data[i + 3u] = (uint8_t)(v >> 24);
    }
    return EDGELLM_OK;
}

static int32_t edgellm_hw__fits(const edgellm_hw *hw, const edgellm_matrix *m) {
    if (m->type < 1u || m->type > 3u || !EDGELLM_HW_CAPS_TYPE(hw->caps, m->type)) return EDGELLM_HW_SKIP_TYPE;
    if (m->cols_pad > hw->xmax) return EDGELLM_HW_SKIP_COLS;
    if (m->rows > hw->ymax) return EDGELLM_HW_SKIP_ROWS;
    if (m->stride & 15u) return EDGELLM_HW_SKIP_LAYOUT;
    return EDGELLM_HW_PLACED;
}

EDGELLM_HW_API int edgellm_hw_upload(edgellm_hw *hw, const edgellm_model *model,
                                     edgellm_hw_placement *place, uint32_t n_place) {
    uint32_t n, i;
    int r;
    if (!hw || !model || (!place && n_place)) return EDGELLM_ERR_ARG;
    n = edgellm_model_matrix_count(model);
    if (n_place < n) return EDGELLM_ERR_BUFFER;
    hw->place = place;
    hw->n_place = n;
    hw->wmem_used = 0;
    hw->desc_index = EDGELLM_HW__NONE;
    hw->kv_status = EDGELLM_HW_SKIP_NONE;
    for (i = 0; i < n; i++) {
        edgellm_matrix m;
        uint64_t bytes;
        place[i].addr = 0;
        place[i].bytes = 0;
        place[i].status = EDGELLM_HW_SKIP_TYPE;
        place[i].scales = EDGELLM_HW_NO_SCALES;
        r = edgellm_model_matrix(model, i, &m);
        if (r != EDGELLM_OK) { hw->n_place = 0; return r; }
        bytes = (uint64_t)m.rows * m.stride;
        place[i].status = edgellm_hw__fits(hw, &m);
        if (place[i].status != EDGELLM_HW_PLACED) continue;
        if (bytes > (uint64_t)(hw->wmem_bytes - hw->wmem_used)) {
            place[i].status = EDGELLM_HW_SKIP_SPACE;
            continue;
        }
        place[i].addr = hw->wmem_used;
        place[i].bytes = (uint32_t)bytes;
        r = edgellm_hw_write_weights(hw, place[i].addr, m.data, place[i].bytes);
        if (r != EDGELLM_OK) { hw->n_place = 0; return r; }
        hw->wmem_used += place[i].bytes;
    }
    /* with the requantization epilogue, the placed matrices' row scales, in index order, in
       the room the rows left (a matrix in software costs more than its scaling there) */
    for (i = 0; i < n && (hw->caps & EDGELLM_HW_CAPS_REQ); i++) {
        edgellm_matrix m;
        uint32_t sbytes;
        if (place[i].status != EDGELLM_HW_PLACED) continue;
        r = edgellm_model_matrix(model, i, &m);
        if (r != EDGELLM_OK) { hw->n_place = 0; return r; }
        sbytes = (m.rows * 8u + 15u) & ~15u;
        if (sbytes > hw->wmem_bytes - hw->wmem_used) continue;
        place[i].scales = hw->wmem_used;
        r = edgellm_hw_write_weights(hw, place[i].scales, (const uint8_t *)(const void *)m.scales, 8u * m.rows);
        if (r != EDGELLM_OK) { hw->n_place = 0; return r; }
        hw->wmem_used += sbytes;
    }
    return EDGELLM_OK;
}

EDGELLM_HW_API int edgellm_hw_verify(edgellm_hw *hw, const edgellm_model *model) {
    uint32_t i, j;
    int r;
    if (!hw || !model) return EDGELLM_ERR_ARG;
    for (i = 0; i < hw->n_place; i++) {
        edgellm_matrix m;
        if (hw->place[i].status != EDGELLM_HW_PLACED) continue;
        r = edgellm_model_matrix(model, i, &m);
        if (r != EDGELLM_OK) return r;
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_WADDR, hw->place[i].addr);
        for (j = 0; j < hw->place[i].bytes; j += 4u)
            if (EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_WDATA) != edgellm_hw__le32(m.data + j))
                return EDGELLM_HW_ERR_VERIFY;
    }
    return EDGELLM_OK;
}

EDGELLM_HW_API uint32_t edgellm_hw_placed_count(const edgellm_hw *hw) {
    uint32_t i, n = 0;
    if (!hw) return 0;
    for (i = 0; i < hw->n_place; i++) n += hw->place[i].status == EDGELLM_HW_PLACED;
    return n;
}

EDGELLM_HW_API void edgellm_hw_set_crosscheck(edgellm_hw *hw, int32_t *scratch, uint32_t len) {
    if (!hw) return;
    hw->check = scratch;
    hw->check_len = scratch ? len : 0;
    hw->mismatch.found = 0;
}

EDGELLM_HW_API void edgellm_hw_set_wait(edgellm_hw *hw, edgellm_hw_wait_fn fn, void *user) {
    if (!hw) return;
    hw->wait = fn;
    hw->wait_user = fn ? user : 0;
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_STATUS, 1u);   /* nothing pending from before */
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_EN, fn ? 1u : 0u);
}

EDGELLM_HW_API void edgellm_hw_set_ywait(edgellm_hw *hw, int on) {
    if (!hw) return;
    hw->ywait = on && (hw->caps & EDGELLM_HW_CAPS_YWAIT);
    if (hw->caps & EDGELLM_HW_CAPS_YWAIT) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_Y_WAIT, hw->ywait ? 1u : 0u);
}

EDGELLM_HW_API void edgellm_hw_set_fallback(edgellm_hw *hw, int on) {
    if (!hw) return;
    hw->fallback = on != 0;
}

/* start the engine with the registers as they are, wait, read the results */
/* y[0 .. rows) from the Y window, four a step (the loop's overhead once per four reads);
   with ymax, also their maximum (rows >= 1; the compares hide in the reads' waits) */
static void edgellm_hw__read_y(edgellm_hw *hw, uint32_t rows, int32_t *y, int32_t *ymax) {
    uint32_t i;
    if (ymax) {
        int32_t m = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF);
        y[0] = m;
        for (i = 1; i < rows; i++) {
            int32_t v = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i);
            y[i] = v;
            if (v > m) m = v;
        }
        *ymax = m;
        return;
    }
    for (i = 0; i + 4u <= rows; i += 4u) {
        y[i] = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i);
        y[i + 1u] = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i + 4u);
        y[i + 2u] = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i + 8u);
        y[i + 3u] = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i + 12u);
    }
    for (; i < rows; i++) y[i] = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_YBUF + 4u * i);
}

/* START, y and the wait: with Y_WAIT y is read first (each read waits for its row;
   a failed product's y is not used), then STATUS as without it */
static int edgellm_hw__go(edgellm_hw *hw, uint32_t rows, int32_t *y, int32_t *ymax) {
    uint32_t polls = 0, st;
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
    if (hw->ywait) edgellm_hw__read_y(hw, rows, y, ymax);
    for (;;) {
        /* waiting by interrupt: the product is busy from START on, so the
           first wait comes before the first STATUS read (one read per
           product when the interrupt ends the wait) */
        if (hw->wait) hw->wait(hw->wait_user);
        st = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_STATUS);
        if (!(st & EDGELLM_HW_STATUS_BUSY)) break;
        if (++polls >= hw->poll_limit) {
            EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_ABORT);
            if (hw->wait) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_STATUS, 1u);
            return EDGELLM_HW_ERR_TIMEOUT;
        }
    }
    if (hw->wait) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_IRQ_STATUS, 1u);   /* irq_o low again */
    if (st & EDGELLM_HW_STATUS_ERR_DESC) return EDGELLM_HW_ERR_DESC;
    if (st & EDGELLM_HW_STATUS_ERR_RANGE) return EDGELLM_HW_ERR_RANGE;
    if (!(st & EDGELLM_HW_STATUS_DONE)) return EDGELLM_HW_ERR_TIMEOUT;   /* aborted elsewhere */
    hw->last_cycles = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_CYCLES);
    hw->last_slots = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_SLOTS);
    if (!hw->ywait) edgellm_hw__read_y(hw, rows, y, ymax);
    hw->calls_hw++;
    return EDGELLM_OK;
}

static void edgellm_hw__write_x(edgellm_hw *hw, const int8_t *x, uint32_t cols_pad) {
    edgellm_hw__put_words(hw, EDGELLM_HW_XBUF, 4u, (const uint8_t *)(const void *)x, cols_pad);
}

/* the descriptor; req: MAT_REQ (written only when it changes: an accelerator without the
   epilogue never sees it) */
static void edgellm_hw__write_desc(edgellm_hw *hw, uint32_t type, uint32_t rows, uint32_t cols_pad,
                                   uint32_t stride, uint32_t addr, uint32_t req) {
    if (hw->desc_req != req) {
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_REQ, req);
        hw->desc_req = req;
    }
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_TYPE, type);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_ROWS, rows);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_COLS, cols_pad);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_STRIDE, stride);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_MAT_BASE, addr);
}

EDGELLM_HW_API int edgellm_hw_run(edgellm_hw *hw, uint32_t type, uint32_t rows, uint32_t cols_pad,
                                  uint32_t stride, uint32_t addr, const int8_t *x, int32_t *y) {
    if (!hw || !x || !y || (cols_pad & 3u)) return EDGELLM_ERR_ARG;
    if (cols_pad > hw->xmax || rows > hw->ymax) return EDGELLM_ERR_ARG;
    hw->desc_index = EDGELLM_HW__NONE;
    edgellm_hw__write_x(hw, x, cols_pad);
    edgellm_hw__write_desc(hw, type, rows, cols_pad, stride, addr, 0u);
    return edgellm_hw__go(hw, rows, y, 0);
}

/* a run (matrix index, or EDGELLM_HW_INDEX_*) failed with r and is computed in software
   (fallback on) */
static void edgellm_hw__note_fault(edgellm_hw *hw, uint32_t index, int r) {
    hw->faults++;
    hw->last_fault = r;
    hw->last_fault_index = index;
}

/* the cross-check: 1 when the hardware's out[0..n) differs from the software's y, the
   first difference kept in hw->mismatch */
static int edgellm_hw__differ(edgellm_hw *hw, uint32_t index, const int32_t *out, const int32_t *y, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n && out[i] == y[i]; i++) {}
    if (i == n) return 0;
    if (!hw->mismatch.found) {
        hw->mismatch.found = 1;
        hw->mismatch.index = index;
        hw->mismatch.row = i;
        hw->mismatch.hw = out[i];
        hw->mismatch.sw = y[i];
    }
    return 1;
}

/* the product in software: the raw sums, or (q16) the rows requantized (manual:
   requantization), for matrices in software, fallbacks and the cross-check */
static int edgellm_hw__ref(const edgellm_matrix *m, const int8_t *x, int q16, int32_t s16_m, int32_t s16_e,
                           int32_t *y) {
    int r = edgellm_matvec_ref(m, x, y);
    return r != EDGELLM_OK || !q16 ? r : edgellm_requant_ref(m, s16_m, s16_e, y);
}

/* one product: the raw sums (q16 0), or the rows requantized (q16 1), in the accelerator
   when the matrix is placed (with MAT_REQ when its scales are there too) */
static int edgellm_hw__product(edgellm_hw *hw, const edgellm_matrix *m, const int8_t *x, int q16, int32_t s16_m,
                               int32_t s16_e, int32_t *y) {
    const edgellm_hw_placement *pl;
    uint32_t req;
    int32_t *out;
    int r;
    if (m->index >= hw->n_place || hw->place[m->index].status != EDGELLM_HW_PLACED) {
        hw->calls_sw++;
        return edgellm_hw__ref(m, x, q16, s16_m, s16_e, y);
    }
    pl = &hw->place[m->index];
    if (q16 && pl->scales == EDGELLM_HW_NO_SCALES) {   /* no epilogue: the raw product, scaled here */
        r = edgellm_hw__product(hw, m, x, 0, 0, 0, y);
        return r != EDGELLM_OK ? r : edgellm_requant_ref(m, s16_m, s16_e, y);
    }
    req = q16 ? EDGELLM_HW_MAT_REQ_ON : 0u;
    if (hw->check && m->rows > hw->check_len) return EDGELLM_ERR_BUFFER;
    out = hw->check ? hw->check : y;
    edgellm_hw__write_x(hw, x, m->cols_pad);
    if (hw->desc_index != m->index || hw->desc_req != req) {
        edgellm_hw__write_desc(hw, m->type, m->rows, m->cols_pad, m->stride, pl->addr, req);
        if (req) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_SCALES, pl->scales);
        hw->desc_index = m->index;
    }
    if (req) {   /* the input's scale changes with every product */
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_M, (uint32_t)s16_m);
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_E, (uint32_t)s16_e);
    }
    r = edgellm_hw__go(hw, m->rows, out, 0);
    if (r != EDGELLM_OK) {
        hw->desc_index = EDGELLM_HW__NONE;
        if (!hw->fallback) return r;
        edgellm_hw__note_fault(hw, m->index, r);
        hw->calls_sw++;
        return edgellm_hw__ref(m, x, q16, s16_m, s16_e, y);
    }
    if (!hw->check) return EDGELLM_OK;
    r = edgellm_hw__ref(m, x, q16, s16_m, s16_e, y);
    if (r != EDGELLM_OK) return r;
    if (!edgellm_hw__differ(hw, m->index, out, y, m->rows)) return EDGELLM_OK;
    if (!hw->fallback) return EDGELLM_HW_ERR_MISMATCH;
    edgellm_hw__note_fault(hw, m->index, EDGELLM_HW_ERR_MISMATCH);
    hw->calls_sw++;
    return EDGELLM_OK;          /* y already holds the software result */
}

EDGELLM_HW_API int edgellm_hw_matvec(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    if (!user || !m || !x || !y) return EDGELLM_ERR_ARG;
    return edgellm_hw__product((edgellm_hw *)user, m, x, 0, 0, 0, y);
}

EDGELLM_HW_API int edgellm_hw_matvec_q16(void *user, const edgellm_matrix *m, const int8_t *x, int32_t s16_m,
                                         int32_t s16_e, int32_t *y) {
    if (!user || !m || !x || !y) return EDGELLM_ERR_ARG;
    return edgellm_hw__product((edgellm_hw *)user, m, x, 1, s16_m, s16_e, y);
}

/* ---------------------------------------------------------------- attention */
static int edgellm_hw__kv_store(void *user, uint32_t layer, uint32_t pos, const int8_t *k, const int8_t *v) {
    edgellm_hw *hw = (edgellm_hw *)user;
    uint32_t at = hw->kv_addr + (layer * hw->kv_ctx + pos) * hw->kv_dim, h;
    for (h = 0; hw->kv_sc_addr && h < hw->kv_nkv; h++) {   /* position pos's scales are stale from here */
        if (hw->kv_scaled[layer * hw->kv_nkv + h] > pos) hw->kv_scaled[layer * hw->kv_nkv + h] = pos;
        if (hw->kv_vscaled[layer * hw->kv_nkv + h] > pos) hw->kv_vscaled[layer * hw->kv_nkv + h] = pos;
    }
    int r = edgellm_hw_write_weights(hw, at, (const uint8_t *)(const void *)k, hw->kv_dim);
    return r != EDGELLM_OK ? r : edgellm_hw_write_weights(hw, at + hw->kv_vals, (const uint8_t *)(const void *)v, hw->kv_dim);
}

/* the scale pairs (m8_t, -e_t) of rows' positions not yet in weight memory (scaled[]
   counts those there), at their place sc for rows->layer and rows->kv_head */
static int edgellm_hw__kv_pairs(edgellm_hw *hw, const edgellm_kv_rows *rows, uint32_t sc, uint32_t *scaled) {
    uint32_t slot = rows->layer * hw->kv_nkv + rows->kv_head, t;
    int r;
    for (t = scaled[slot]; t < rows->n; t++) {
        const uint8_t *p = rows->scales + (size_t)t * rows->sstride;
        uint32_t ne = (uint32_t)-(int32_t)(int8_t)p[1];
        uint8_t pair[8];
        pair[0] = p[0]; pair[1] = 0; pair[2] = 0; pair[3] = 0;
        pair[4] = (uint8_t)ne; pair[5] = (uint8_t)(ne >> 8); pair[6] = (uint8_t)(ne >> 16); pair[7] = (uint8_t)(ne >> 24);
        if ((r = edgellm_hw_write_weights(hw, sc + 8u * t, pair, 8u)) != EDGELLM_OK) return r;
    }
    if (scaled[slot] < rows->n) scaled[slot] = rows->n;
    return EDGELLM_OK;
}

/* rows' keys in weight memory (their values kv_vals further), and the offset of their scale
   pairs from kv_sc_addr (K) or kv_vsc_addr (V) */
static uint32_t edgellm_hw__kv_base(const edgellm_hw *hw, const edgellm_kv_rows *rows) {
    return hw->kv_addr + rows->layer * hw->kv_ctx * hw->kv_dim + rows->kv_head * rows->hd;
}
static uint32_t edgellm_hw__kv_slot(const edgellm_hw *hw, const edgellm_kv_rows *rows) {
    return (rows->layer * hw->kv_nkv + rows->kv_head) * hw->kv_ctx * 8u;
}
/* x entries x[0 .. n), one int32 a word */
static void edgellm_hw__write_x32(edgellm_hw *hw, const int32_t *x, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) EDGELLM_HW_WRITE32(hw, EDGELLM_HW_XBUF + 4u * i, (uint32_t)x[i]);
}
/* one KV product (type 4 KDOT or 5 VSUM) over rows, its x entries written: the descriptor,
   with req (MAT_REQ) the epilogue's scale pairs at sc, EPI_M = 2^32 - 1 (c_t = m8_t) and
   EPI_E = epe; START and ny results into out (with ymax, their maximum); counted as an
   attention sum, not a product */
static int edgellm_hw__kv_product(edgellm_hw *hw, uint32_t type, const edgellm_kv_rows *rows, uint32_t req, uint32_t sc,
                                  int32_t epe, uint32_t ny, int32_t *out, int32_t *ymax) {
    int r;
    edgellm_hw__write_desc(hw, type, rows->n, rows->hd, hw->kv_dim,
                           edgellm_hw__kv_base(hw, rows) + (type == 5u ? hw->kv_vals : 0u), req);
    if (req) {
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_SCALES, sc);
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_M, 0xFFFFFFFFu);
        EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EPI_E, (uint32_t)epe);
    }
    r = edgellm_hw__go(hw, ny, out, ymax);
    if (r == EDGELLM_OK) {
        hw->calls_hw--;
        hw->calls_kv++;
    }
    return r;
}

/* one attention sum over the cached rows of rows->layer and rows->kv_head: type 4 (KDOT,
   n results) or 5 (VSUM, hd results), x entries (hd or n); with sigma (type 4), the scores
   instead of the dot products: the KDOT through MAT_REQ with the scale pairs, EPI_M =
   2^32 - 1 (c_t = m8_t) and EPI_E = -sigma - 32 (s_t = sigma - e_t), and *umax their
   maximum, taken while reading */
static int edgellm_hw__kv_run(edgellm_hw *hw, uint32_t type, const edgellm_kv_rows *rows, const int32_t *x,
                              int32_t *y, const int32_t *sigma, int32_t *umax) {
    uint32_t nx = type == 4u ? rows->hd : rows->n, ny = type == 4u ? rows->n : rows->hd;
    uint32_t index = type == 4u ? EDGELLM_HW_INDEX_KDOT : EDGELLM_HW_INDEX_VSUM;
    uint32_t sc = hw->kv_sc_addr + edgellm_hw__kv_slot(hw, rows);
    int32_t *out, omax = 0;
    int r;
    if (hw->check && ny > hw->check_len) return EDGELLM_ERR_BUFFER;
    if (sigma && (r = edgellm_hw__kv_pairs(hw, rows, sc, hw->kv_scaled)) != EDGELLM_OK) return r;
    out = hw->check ? hw->check : y;
    hw->desc_index = EDGELLM_HW__NONE;
    edgellm_hw__write_x32(hw, x, nx);
    r = edgellm_hw__kv_product(hw, type, rows, sigma ? EDGELLM_HW_MAT_REQ_ON : 0u, sc, sigma ? -*sigma - 32 : 0, ny, out,
                               sigma ? &omax : 0);
    if (r == EDGELLM_OK && !hw->check) {
        if (sigma) *umax = omax;
        return EDGELLM_OK;
    }
    if (r != EDGELLM_OK && !hw->fallback) return r;
    if (sigma) edgellm_attn_scores_ref(0, rows, x, *sigma, y, umax);
    else if (type == 4u) edgellm_attn_dots_ref(0, rows, x, y);
    else edgellm_attn_vsum_ref(0, rows, x, y);
    if (r == EDGELLM_OK) {   /* the cross-check */
        if (!edgellm_hw__differ(hw, index, out, y, ny) && (!sigma || omax == *umax)) return EDGELLM_OK;
        if (!hw->fallback) return EDGELLM_HW_ERR_MISMATCH;
        r = EDGELLM_HW_ERR_MISMATCH;
    }
    edgellm_hw__note_fault(hw, index, r);
    return EDGELLM_OK;   /* y (and *umax) hold the software result */
}

static int edgellm_hw__kv_scores(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma, int32_t *u,
                                 int32_t *umax) {
    return edgellm_hw__kv_run((edgellm_hw *)user, 4u, k, qi, u, &sigma, umax);
}

/* the whole head (CAPS.SMAX): the scores' KDOT with the softmax pass, WSUM and EMAX, then
   the VSUM with the V weights made from y; acc the head_size sums */
static int edgellm_hw__kv_head(void *user, const edgellm_kv_rows *k, const edgellm_kv_rows *v, const int32_t *qi,
                               int32_t sigma, int32_t qw, int32_t vb, int32_t *acc, uint32_t *wsum, int32_t *emax) {
    edgellm_hw *hw = (edgellm_hw *)user;
    uint32_t slot = edgellm_hw__kv_slot(hw, k), ws = 0, index = EDGELLM_HW_INDEX_KDOT;
    uint32_t sk = hw->kv_sc_addr + slot, sv = hw->kv_vsc_addr + slot;
    int32_t *out, em = 0;
    int r, b;
    if (hw->check && k->hd > hw->check_len) return EDGELLM_ERR_BUFFER;
    if ((r = edgellm_hw__kv_pairs(hw, k, sk, hw->kv_scaled)) != EDGELLM_OK ||
        (r = edgellm_hw__kv_pairs(hw, v, sv, hw->kv_vscaled)) != EDGELLM_OK)
        return r;
    out = hw->check ? hw->check : acc;
    hw->desc_index = EDGELLM_HW__NONE;
    edgellm_hw__write_x32(hw, qi, k->hd);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EXP_QW, (uint32_t)qw);
    EDGELLM_HW_WRITE32(hw, EDGELLM_HW_REG_EXP_SCALES, sv);
    /* the weights stay in y */
    r = edgellm_hw__kv_product(hw, 4u, k, EDGELLM_HW_MAT_REQ_ON | EDGELLM_HW_MAT_REQ_EXP, sk, -sigma - 32, 0, 0, 0);
    if (r == EDGELLM_OK) {
        ws = EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_WSUM);
        em = (int32_t)EDGELLM_HW_READ32(hw, EDGELLM_HW_REG_EMAX);
        for (b = 0; b < 32 && (ws >> b); b++) {}
        b = b - vb > 0 ? b - vb : 0;
        index = EDGELLM_HW_INDEX_VSUM;
        r = edgellm_hw__kv_product(hw, 5u, v, EDGELLM_HW_MAT_REQ_ON, sv, -(em + 8 + b) - 32, k->hd, out, 0);
    }
    if (r == EDGELLM_OK) {
        if (!hw->check) {
            *wsum = ws;
            *emax = em;
            return EDGELLM_OK;
        }
    }
    if (r != EDGELLM_OK && !hw->fallback) return r;
    b = edgellm_attn_head_ref(0, k, v, qi, sigma, qw, vb, acc, wsum, emax);
    if (b != EDGELLM_OK) return b;
    if (r == EDGELLM_OK) {   /* the cross-check: WSUM and EMAX (named as the KDOT's), then the sums */
        index = ws != *wsum || em != *emax ? EDGELLM_HW_INDEX_KDOT : EDGELLM_HW_INDEX_VSUM;
        if (index == EDGELLM_HW_INDEX_KDOT) {
            int32_t hwv[2], swv[2];
            hwv[0] = (int32_t)ws; hwv[1] = em; swv[0] = (int32_t)*wsum; swv[1] = *emax;
            edgellm_hw__differ(hw, index, hwv, swv, 2u);
        } else if (!edgellm_hw__differ(hw, index, out, acc, k->hd))
            return EDGELLM_OK;
        if (!hw->fallback) return EDGELLM_HW_ERR_MISMATCH;
        r = EDGELLM_HW_ERR_MISMATCH;
    }
    edgellm_hw__note_fault(hw, index, r);
    return EDGELLM_OK;   /* acc, *wsum and *emax hold the software result */
}

static int edgellm_hw__kv_dots(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t *dot) {
    return edgellm_hw__kv_run((edgellm_hw *)user, 4u, k, qi, dot, 0, 0);
}

static int edgellm_hw__kv_vsum(void *user, const edgellm_kv_rows *v, const int32_t *p, int32_t *acc) {
    return edgellm_hw__kv_run((edgellm_hw *)user, 5u, v, p, acc, 0, 0);
}

EDGELLM_HW_API int edgellm_hw_attention(edgellm_hw *hw, edgellm_ctx *ctx) {
    const edgellm_model *m;
    edgellm_attn_backend b;   /* every member set below */
    uint32_t at, i;
    uint64_t bytes, sc_bytes;
    int r;
    if (!hw || !ctx || !ctx->model) return EDGELLM_ERR_ARG;
    m = ctx->model;
    hw->kv_status = EDGELLM_HW_PLACED;
    at = (hw->wmem_used + 15u) & ~15u;
    bytes = 2u * (uint64_t)m->n_layers * ctx->n_ctx * m->kv_dim;
    if (!EDGELLM_HW_CAPS_TYPE(hw->caps, 4u) || !EDGELLM_HW_CAPS_TYPE(hw->caps, 5u)) hw->kv_status = EDGELLM_HW_SKIP_TYPE;
    else if ((m->head_size & 15u) || (m->kv_dim & 15u)) hw->kv_status = EDGELLM_HW_SKIP_LAYOUT;
    else if (4u * (uint64_t)m->head_size > hw->xmax || 4u * (uint64_t)ctx->n_ctx > hw->xmax) hw->kv_status = EDGELLM_HW_SKIP_COLS;
    else if (m->head_size > hw->ymax || ctx->n_ctx > hw->ymax) hw->kv_status = EDGELLM_HW_SKIP_ROWS;
    else if (at > hw->wmem_bytes || bytes > hw->wmem_bytes - at) hw->kv_status = EDGELLM_HW_SKIP_SPACE;
    if (hw->kv_status != EDGELLM_HW_PLACED) {
        edgellm_set_attention(ctx, 0);
        return EDGELLM_HW_ERR_NO_KV;
    }
    hw->kv_addr = at;
    hw->kv_vals = (uint32_t)(bytes / 2u);
    hw->kv_ctx = ctx->n_ctx;
    hw->kv_dim = m->kv_dim;
    hw->kv_nkv = m->n_kv_heads;
    /* the scores too where the accelerator scales KDOT's rows and the pairs fit */
    at += (uint32_t)bytes;
    sc_bytes = 8u * (uint64_t)m->n_layers * m->n_kv_heads * ctx->n_ctx;
    hw->kv_sc_addr = 0;
    if ((hw->caps & EDGELLM_HW_CAPS_KREQ) && (uint64_t)m->n_layers * m->n_kv_heads <= EDGELLM_HW_KV_SLOTS &&
        at <= hw->wmem_bytes && sc_bytes <= hw->wmem_bytes - at) {
        hw->kv_sc_addr = at;
        for (i = 0; i < m->n_layers * m->n_kv_heads; i++) hw->kv_scaled[i] = 0;
        at += (uint32_t)sc_bytes;
    }
    /* the whole head too where the softmax passes are built and the V pairs fit */
    hw->kv_vsc_addr = 0;
    if (hw->kv_sc_addr && (hw->caps & EDGELLM_HW_CAPS_SMAX) && sc_bytes <= hw->wmem_bytes - at) {
        hw->kv_vsc_addr = at;
        for (i = 0; i < m->n_layers * m->n_kv_heads; i++) hw->kv_vscaled[i] = 0;
        at += (uint32_t)sc_bytes;
    }
    b.store = edgellm_hw__kv_store;
    b.dots = edgellm_hw__kv_dots;
    b.vsum = edgellm_hw__kv_vsum;
    b.scores = hw->kv_sc_addr ? edgellm_hw__kv_scores : 0;
    b.head = hw->kv_vsc_addr ? edgellm_hw__kv_head : 0;
    b.user = hw;
    r = edgellm_set_attention(ctx, &b);
    if (r != EDGELLM_OK) {
        hw->kv_status = EDGELLM_HW_SKIP_TYPE;
        return r;
    }
    hw->wmem_used = at;
    return EDGELLM_OK;
}

EDGELLM_HW_API const char *edgellm_hw_result_string(int result) {
#ifdef EDGELLM_HW_NO_STRINGS
    (void)result;
    return "";
#else
    switch (result) {
#define EDGELLM_HW__STR(name, value, text) case value: return text;
        EDGELLM_HW_RESULTS(EDGELLM_HW__STR)
#undef EDGELLM_HW__STR
    default: return edgellm_result_string(result);
    }
#endif
}

EDGELLM_HW_API const char *edgellm_hw_reason_string(int32_t status) {
#ifdef EDGELLM_HW_NO_STRINGS
    (void)status;
    return "";
#else
    switch (status) {
    case EDGELLM_HW_PLACED: return "in accelerator";
    case EDGELLM_HW_SKIP_SPACE: return "software: weight memory full";
    case EDGELLM_HW_SKIP_COLS: return "software: more columns than XMAX";
    case EDGELLM_HW_SKIP_ROWS: return "software: more rows than YMAX";
    case EDGELLM_HW_SKIP_TYPE: return "software: weight type not supported by this build";
    case EDGELLM_HW_SKIP_LAYOUT: return "software: row stride (head size) not a multiple of 16";
    case EDGELLM_HW_SKIP_NONE: return "software: not placed";
    default: return "unknown";
    }
#endif
}

#endif /* EDGELLM_HW__IMPLEMENTED */
#endif /* EDGELLM_HW_IMPLEMENTATION */

/*
MIT License. Copyright (c) 2026 the edgellm authors.
Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions: The above copyright
notice and this permission notice shall be included in all copies or substantial portions of
the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
*/
