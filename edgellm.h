/* edgellm.h - v0.1 - integer-exact ternary/INT8 transformer inference, one header, no allocation.

   Runs small Llama-family language models (RMSNorm, RoPE, grouped-query attention,
   SwiGLU / ReLU / squared-ReLU FFN) with ternary or INT8 weights and INT8 activations,
   using integer arithmetic only. The same model, prompt and seed give the same tokens,
   bit for bit, on every C99 target: x86, RV32, Cortex-M, and the bundled RTL accelerator.

   DO THIS in exactly one C or C++ file:

       #define EDGELLM_IMPLEMENTATION
       #include "edgellm.h"

   Every other file just includes "edgellm.h".

   CONFIGURATION (define before the implementation include)

       EDGELLM_API           linkage of every public function (default: extern). Define it
                             as `static` to keep the whole engine private to one file.
       EDGELLM_NO_STRINGS    compile out edgellm_result_string() texts (it returns "").
       EDGELLM_NO_SIMD       compile no SIMD form (neither AVX2 nor the Cortex-M DSP
                             extension's SMLAD; the scalar cores' blocked loops stay).
                             Results are identical.
       EDGELLM_SCALAR_CORE   use the scalar cores' blocked loops (the default on targets
                             other than x86 and 64-bit ARM) on any target, AVX2 builds
                             included, e.g. to test them on a desktop; results are identical.
       EDGELLM_NO_LUT        no lookup tables for ternary rows: the arena is smaller by
                             their bytes (MEMORY) and scalar cores unpack ternary rows
                             instead, several times slower. Results are identical.
       EDGELLM_PROFILE(part) a statement run as each part of the forward pass begins, with
                             part one of EDGELLM_PART_* (rows: the matrix backend, and
                             a q16 backend's requantization; requant: the rows'
                             requantization here and quant8; norm: rmsnorm8;
                             attention: the KV cache and attention; rope: the rotations;
                             ffn: the activation and gate; other: embedding, residual adds)
                             and EDGELLM_PART_END as the forward pass ends, e.g. to split
                             an instruction counter (examples/firmware: FW_PROFILE).
                             Default: nothing.

   ACCELERATED FORMS (chosen at compile time; the same C on every target does the rest)
       AVX2 (-mavx2, or -march=native on a CPU that has it): matrix rows four at a time
           sharing each x load (INT8 by 16-bit multiply-adds; T2 by a 16-entry shuffle
           table per nibble giving w + 1 in {0, 1, 2} for two weights' planes, then an
           unsigned-by-signed multiply-add per 32 weights and sum x taken off once per
           row; T1 likewise per trit plane, trit t_k of byte v being [v_k >= 86] +
           [v_k >= 171] with v_k = v * 3^k mod 256, read as two signed compares of
           v_k + 128, which a step of two byte adds carries to the next plane; int16
           sums widened to int32 before they could exceed 2^15),
           the requantization of matrix outputs, quant8, SiLU and the gate, RMSNorm's
           maxima and products, and attention's scores, exp2 weights and V sums eight
           positions a step.
       Scalar cores (RV32, Cortex-M, ...): T2 and T1 rows by lookup tables in the arena
           (MEMORY): per group of 4 (T2) or 5 (T1) int8 inputs, the partial sum for each
           of the 3^4 or 3^5 ternary patterns, indexed by the packed byte itself, built
           once per int8 vector and shared by the matrices that read it (q, k, v; w1,
           w3): one load and one add per byte, i.e. per 4 or 5 weights. INT8 rows eight
           and four at a time, sixteen columns a step (compiled without GCC's scheduler,
           which spills them); on RV32 (31 registers), rows of 64 columns sixteen at a
           time from one pointer. The requantization with one high multiply per row; quant8,
           SiLU, RMSNorm's products, the KV store and attention's loops in forms of
           their own (head size 8 in registers; zero weights skipped); on RV32, two query
           heads that share a kv head (int16 cache, head size 8) scored in one pass over
           K, both queries in registers.
           RV32I (no multiply instruction): INT8 rows by quarter squares (a * b =
           Q[a + b] - Q[a - b], Q[n] = floor(n^2 / 4), a 1 KB table), attention's products
           by shift and add, and ternary rows without tables (EDGELLM_NO_LUT) decoded
           code by code: no libgcc call in any loop over weights or positions.
       Cortex-M DSP extension (M4, M7, M33: __ARM_FEATURE_SIMD32): INT8 rows with SMLAD,
           two multiply-accumulates an instruction.

   DOES NOT
       - allocate: the caller provides every byte (see MEMORY).
       - use floating point: loading, inference, sampling and tokenizing are integer only
         (the implementation builds with gcc -mgeneral-regs-only).
       - call libc: the implementation includes only <stddef.h> and <stdint.h>, and never
         emits memcpy/memset (verified by a -nostdlib link in the test suite).
       - keep global mutable state: any number of contexts may run side by side.
       - copy weights: the model file is used in place through a const pointer (flash, XIP,
         mmap); it must stay unchanged and mapped while a model or context uses it.

   STEP BY STEP

       edgellm_model model;
       int r = edgellm_model_load(&model, file_bytes, file_size);   // validates everything
       size_t need;
       r = edgellm_ctx_size(&model, n_ctx, &need);                  // exact arena bytes
       // mem: `need` bytes, aligned to EDGELLM_ARENA_ALIGN (16)
       edgellm_ctx ctx;
       r = edgellm_ctx_init(&ctx, &model, n_ctx, mem, need);
       uint32_t toks[64], n;
       r = edgellm_encode(&model, "Once upon a time", 16, 1, toks, 64, &n);
       edgellm_sampler s;
       edgellm_sampler_init(&s, 52429, 40, 58982, 42);  // T=0.8, top-k 40, top-p 0.9, seed 42
       uint32_t tok = toks[0];
       for (uint32_t i = 0; ; i++) {
           r = edgellm_feed(&ctx, tok);                               // one position
           if (r != EDGELLM_OK) break;                                // e.g. context full
           uint32_t next;
           if (i + 1 < n) next = toks[i + 1];                         // still in the prompt
           else edgellm_sample(&ctx, &s, &next);                      // ctx.logits: int32 Q16.16
           uint8_t piece[64]; uint32_t len;
           edgellm_token_piece(&model, tok, next, piece, sizeof piece, &len);
           // stream `len` bytes of `piece` to a UART, a display, stdout ...
           tok = next;
       }

   MEMORY
       edgellm_ctx_size() and edgellm_ctx_init() share one private layout function, so the
       size can never disagree with what init uses. The arena holds (all in bytes, each
       buffer rounded up to 16):
           residual x               4 * dim
           q, attention out         4 * dim (each)
           k, v                     4 * kv_dim (each)
           h1, h3 (FFN)             4 * hidden (each; h3 only for a gated FFN)
           int8 activation          max(round_up(n, 64), round_up(n, 80)), n = max(dim, hidden)
           RoPE rotations           4 * head_size
           query integers           8 * head_size
           attention sums           8 * head_size
           attention weights        4 * n_ctx * G (G = 2 when a kv head serves two or more
                                    query heads, which scalar cores attend in one pass; else 1)
           logits                   4 * vocab
           sampler scratch          8 * vocab (free during edgellm_feed)
           ternary lookup tables    the largest, over the T2 and T1 matrices, of
                                    342 * cols_pad / 4 (T2) or 512 * cols_pad / 5 (T1):
                                    partial sums of the int8 input that scalar cores index
                                    with a packed weight byte (0 without ternary matrices,
                                    and with EDGELLM_NO_LUT)
           KV cache                 2 * layers * n_ctx * (kv_dim * B + 2 * n_kv_heads)
                                    (B = 1 for the int8 cache, 2 for int16; plus a 2-byte
                                    scale per position and kv head, for K and for V)
           model constants          4 * (2 * layers + 5): what depends on the model alone,
                                    computed once by edgellm_ctx_init (1/dim, the attention's
                                    query scale, each RMSNorm's gains' bit length)
       The count does not depend on the platform (no pointers are stored in the arena), only
       on the model, n_ctx and EDGELLM_NO_LUT.
       The edgellm_model and edgellm_ctx structs are small and live wherever the caller
       puts them. Stack use is a few hundred bytes, with no recursion.

   RESULT CODES
       Every fallible function returns EDGELLM_OK (0) or one negative code from the list
       EDGELLM_RESULTS below; edgellm_result_string() names it. Nothing is written to
       caller outputs when a call fails, except: a failed edgellm_model_load marks the
       model invalid (valid = 0; its other fields are left as they were), and a failed
       edgellm_encode leaves tokens[] unspecified. A context refuses work (EDGELLM_ERR_STATE) once its model struct was
       reloaded, failed to load, or points at a different file than at init.
       A backend's own negative code (BACKENDS) is passed on by edgellm_feed as it is.

   MODEL FILE FORMAT (version 2)
       Version 1 files have the same layout and load too: they run under this version's
       integer arithmetic (written for version 1's, their tokens differ from a version-1
       engine's, and for models trained under it, only slightly). Any other version is
       refused with EDGELLM_ERR_VERSION. Little-endian. u32/i32 are 4-byte unsigned/two's-complement integers.
       Offsets are from the start of the file.

       Header, 128 bytes at offset 0:
         0  u32 magic      0x4D4C4445 (the bytes "EDLM")
         4  u32 version    2 (or 1)
         8  u32 file_size  total bytes; the buffer handed to the loader may be longer
                           (the rest is ignored) but not shorter
        12  u32 crc32      CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320, init and final
                           xor 0xFFFFFFFF: zlib's crc32) of bytes [0, file_size) with these
                           four bytes read as zero
        16  u32 header_size  128
        20  u32 flags      bits 0-1 FFN activation: 0 SiLU, 1 ReLU, 2 squared ReLU (3 invalid)
                           bit 2    gated FFN: w2(act(w1 x) * (w3 x)); clear: w2(act(w1 x))
                           bit 3    separate output head (clear: tied to the embedding)
                           bit 4    16-bit KV cache (clear: 8-bit)
                           other bits must be zero
        24  u32 dim        1 .. 32768
        28  u32 hidden     FFN width, 1 .. 65536
        32  u32 n_layers   1 .. 256
        36  u32 n_heads    >= 1, divides dim; head_size = dim / n_heads, even
        40  u32 n_kv_heads >= 1, divides n_heads; kv_dim = n_kv_heads * head_size
        44  u32 vocab      1 .. 131072
        48  u32 seq_len    maximum context, 1 .. 65536
        52  u32 norm_eps   RMSNorm epsilon as round(eps * 2^32)
        56  u32 rope_off   RoPE table: head_size/2 u32, entry i = round(2^32 * theta^(-2i/head_size) / (2*pi)),
                           the rotation of pair i per position in 2^-32 turns
        60  u32 tok_off    tokenizer section offset
        64  u32 tok_size   tokenizer section size
        68  u32 dir_off    tensor directory offset
        72  u32 n_tensors  number of directory entries (must equal the count below)
        76 .. 127          reserved, zero

       Sections are aligned to 16 bytes, lie inside [0, file_size), and appear in this
       order without overlap: header, directory, RoPE table, tokenizer, then for each
       directory entry its data followed by its scales. Gaps are allowed.

       Tensor directory: n_tensors entries of 8 u32 each:
           type, rows, cols, data_off, data_size, scale_off, scale_size, reserved (0)
       Entry order: embedding [vocab x dim]; then per layer: attention norm [dim],
       wq [dim x dim], wk [kv_dim x dim], wv [kv_dim x dim], wo [dim x dim], FFN norm [dim],
       w1 [hidden x dim], w2 [dim x hidden], w3 [hidden x dim] (gated only); then the
       final norm [dim]; then the output head [vocab x dim] (separate head only).
       A matrix is [rows x cols], row r producing output r. Matrices use types 1-3, norms
       type 4 with rows = dim, cols = 1, data_size = 4 * dim, no scales.

   WEIGHT TYPES
       Each row of a matrix occupies `stride` bytes; columns are padded to cols_pad with
       zero weights, and the padding must encode zero.
         type 1 T2, ternary 2 bits/weight: cols_pad = round_up(cols, 64), stride = cols_pad/4.
             A row is a run of 16-byte blocks; block b covers columns 64b .. 64b+63. Byte i
             (0..15) of block b holds in bits [2k+1:2k], k = 0..3, the weight of column
             64b + 16k + i. Code 0 -> 0, 1 -> +1, 2 -> -1; code 3 is invalid.
         type 2 T1, ternary 1.6 bits/weight (5 trits per byte): cols_pad = round_up(cols, 80),
             stride = cols_pad/5. A row is a run of 16-byte blocks; block b covers columns
             80b .. 80b+79; byte i holds columns 80b + 16k + i for k = 0..4. With trits
             t_k = w_k + 1 and v = sum_k t_k * 3^(4-k), the byte is ceil(v * 256 / 243).
             Decoding: t_k = (((byte * 3^k) mod 256) * 3) >> 8. Bytes that are not the
             encoding of any v in 0..242 are invalid.
         type 3 I8: int8 per weight, cols_pad = round_up(cols, 16), stride = cols_pad.
         type 4 Q16 vector: int32 values v/65536 (RMSNorm gains).
       Matrices carry one scale per row (scale_size = 8 * rows): i32 mult, i32 shift,
       meaning mult * 2^-shift. mult is 0 (with shift 0) or in [2^30, 2^31); shift is in
       [-64, 128]. The real weight is (integer weight) * scale of its row.

   TOKENIZER SECTION (at tok_off, tok_size bytes)
         0 u32 kind        1: llama2.c BPE, 2: bytes (every piece is one byte, no merges)
         4 i32 bos         BOS token id or -1
         8 i32 eos         EOS token id or -1
        12 i32 byte_base   first of 256 byte-fallback tokens <0x00>..<0xFF>, or -1
        16 u32 max_len     longest piece, 1 .. 1024
        20 u32 n           number of pieces (= vocab)
        24 u32 blob_size
        28 u32 reserved    0
        32 u32 offs[n + 1] piece i is blob[offs[i] .. offs[i+1]); offs[0] = 0, offs[n] = blob_size
           i32 score[n]    merge priority (higher merges first); INT32_MIN never merges
           u32 sorted[n]   token ids ordered by piece bytes (unsigned, a prefix first), ties by id
           u8  blob[blob_size]
       tok_size = 32 + 12 n + 4 + blob_size exactly.

       Encoding (kind 1) is llama2.c's: [BOS if asked] [the piece " " if the text is not
       empty] then each UTF-8 code point (a lead byte with up to 3 continuation bytes) as
       its piece, or when it has none, each byte as byte_base + byte (or
       EDGELLM_ERR_ENCODE without byte tokens). Then, repeatedly, the adjacent pair whose
       concatenation is a piece with the highest score (the leftmost on ties, and only
       scores > INT32_MIN) is merged, until no pair merges. Kind 2 maps each byte to its
       piece (EDGELLM_ERR_ENCODE if absent) and optionally puts BOS first.
       Decoding a token gives its piece; a byte token gives its byte; after BOS a leading
       space is dropped (llama2.c's rule).

   INTEGER ARITHMETIC (version 2)
       One rounding rule everywhere: a right shift by s >= 1 rounds half up,
           rshr(a, s) = floor((a + 2^(s-1)) / 2^s),   rshr(a, 0) = a
       (0 when |a| < 2^31 and s >= 32). sat32 clamps to [-2^31, 2^31 - 1];
       shift_sat(v, s) = sat32(rshr(v, s)) for s > 0, sat32(v * 2^-s) for s <= 0.
       bitlen(x) is the bit length of x >= 0 (0 for 0); narrow(v, k) = rshr(v, k) for k > 0,
       v * 2^-k for k <= 0. Narrowing a vector to b bits: k = bitlen(max |v_i|) - b (0 for an
       all-zero vector), v'_i = narrow(v_i, k); then |v'_i| <= 2^b and v ~ v' * 2^k.

       Word sizes. Every loop over weights, positions or vector elements computes in 32-bit
       integers: sums, shifts, table lookups and 32 x 32 -> 32-bit products, each below 2^31
       in magnitude as stated at its step. 64-bit integers appear only in what happens once
       per matrix row (its requantization), head, vector or token: the pseudo-floats, a
       sum of squares per 128 elements, sin/cos per pair, the sampler's thresholds and draw.

       Pseudo-floats (m, e) mean m * 2^e with m = 0 (and e = 0) or m in [2^30, 2^31):
         norm(x) of an unsigned x < 2^63: with L its bit length, if L > 31,
             m = (floor(x / 2^(L-32)) + 1) >> 1, e = L - 31 (if m = 2^31: m = 2^30, e + 1);
             else m = x * 2^(31-L), e = L - 31.
         mul(a, b)  = norm(a.m * b.m) with e + a.e + b.e
         recip(a)   = q = floor((2^61 + floor(a.m/2)) / a.m); (q, -61 - a.e), normalized
         rsqrt(a)   = recip(norm(r) with e + E/2) where (M, E) = (a.m * 2^30, a.e - 30) for
                      even a.e, (a.m * 2^31, a.e - 31) for odd, and r = isqrt(M) rounded
                      to nearest (r + 1 when M - r^2 > r)
         add(a, b)  (a.e >= b.e) = norm(a.m * 2^31 + rshr(b.m * 2^31, a.e - b.e)) with e + a.e - 31
         m15(a)     = rshr(a.m, 16), in [2^14, 2^15]: a ~ m15(a) * 2^(a.e + 16)
         L2E        = (1549082005, -30) = log2(e)
       exp2n(n, q), n >= 0 in Q16 and 0 <= q <= 30: 2^(-n/65536) * 2^q. With f = n mod 65536,
           i = f >> 8, j = f mod 256: P = X[i] - rshr((X[i] - X[i+1]) * j, 8), then
           exp2n = rshr(P, 30 - q + floor(n / 65536)), where X[i] = round(2^30 * 2^(-i/256)),
           i = 0..256 (listed in the implementation). X[i] - X[i+1] < 2^22, so the product is
           below 2^30; P is in (2^29, 2^30] and strictly decreasing in f (a step of j lowers
           it by at least 5,686), exp2n(0, q) = 2^q, exp2n is non-increasing in n (the tests
           check every input) and its relative error is below 2^-19 where it exceeds 2^10.
       sigmoid(x), x in Q16, result in Q15: a = |x| (2^31 for INT32_MIN); a >= 12 * 2^16
           gives 2^15; else i = a >> 11, s = G[i] + rshr((G[i+1] - G[i]) * (a mod 2^11), 11),
           G[i] = round(2^15 / (1 + e^(-i/32))), i = 0..384 (listed; steps <= 256). For
           x < 0 the result is 2^15 - s.
       sin/cos of a phase p (u32, 2^-32 turns), Q30: quadrant p >> 30, r = p mod 2^30; if
           r >= 2^29 use r' = 2^30 - r and swap sin and cos; a = (r * 6746518852 + 2^31) >> 32
           (Q30 radians <= pi/4); a2 = rshr(a*a, 30);
           sin = rshr(a * S, 30) with S from the chain 2959, -213044, 8947849, -178956971,
           1073741824 (S_new = c + rshr(S * a2, 30));
           cos = C from the chain -296, 26631, -1491308, 44739243, -536870912, 1073741824;
           quadrant 1: (sin, cos) -> (cos, -sin); 2: (-sin, -cos); 3: (-cos, sin).
           (Every factor is below 2^31, every product below 2^62; once per position and pair.)

       Values: residual stream, q, k, v, attention output and logits are int32 Q16.16
       (real = v / 65536). Each matrix-vector product takes an int8 vector with a
       pseudo-float scale S (real = q * S) and gives raw int32 sums y[r] = sum_c W[r][c] x[c]
       (|y| <= 128 * 128 * 65536 = 2^30: no overflow).
       Requantization of row r (once per row), with S16 = S * 2^16 (e + 16) and the file's
       row scale (m_r, shift_r):
           c_r = rshr(S16.m * m_r, 32)   (below 2^30; 0 for a zero scale)
           out_r = mulshift(y_r, c_r, shift_r - S16.e - 32)   (Q16)
       where mulshift(y, c, s) = sat32(rshr(y * c, s)) for s > 0 and sat32(y * c * 2^-s)
       for s <= 0, of the exact product (below 2^61).
       The embedding row of token t: x_c = shift_sat(w_c * m15(m_t, -shift_t), shift_t - 32)
       (|w * m15| <= 2^22).

       quant8(v[0..n)) (int32 in, any unit U): a = max |v_i| (a u32; 2^31 for INT32_MIN);
           a = 0 gives all zeros and scale (0, 0). Else v is narrowed to 16 bits (shift k),
           a' = rshr(a, k) (a * 2^-k when k <= 0), in [2^15, 2^16];
           R = floor((127 * 2^23 + floor(a'/2)) / a'), in [16256, 32512];
           q_i = clamp(rshr(v'_i * R, 23), -127, 127)   (|v' * R| <= 2^16 * 32512 < 2^31);
           scale = recip(norm(R)) with e + 23 + k, so that v_i ~ q_i * scale (in U).
           Entries from n up to the padded length are 0.
       rmsnorm8(x, g) over dim entries, x and g Q16. a = max |x_i| (0: zeros, scale 0);
           x' = x narrowed to 12 bits (shift k); ss = sum x'_i^2 (exact; sums of 128 squares
           are below 2^31);
           ms = mul(norm(ss) with e + 2k - 32, recip(norm(dim)))      (mean square, real)
           inv = rsqrt(add(ms, norm(norm_eps) with e - 32))               (1 / rms)
           x'' = x narrowed to 15 bits (shift kx), g' = g narrowed to 15 bits (shift kg;
           all-zero gains: zeros, scale 0); z_i = x''_i * g'_i (|z| <= 2^30);
           q = quant8(z) with scale sz; the real activation scale is
           S = mul(sz with e + kx + kg - 32, inv), i.e. x_i g_i / rms ~ q_i * S.
       The input of a matrix after rmsnorm8 has S16 = S with e + 16; after quant8 of a Q16
       vector, S16 is quant8's scale; after the FFN activation, quant8's scale with e + E.

       RoPE at position p, once per position: for pair i < head_size/2,
           (s, c) = sin/cos(p * rope[i] mod 2^32), cs_i = rshr(c, 15), sn_i = rshr(s, 15)
           (Q15, |.| <= 2^15). rotate(v) of a head narrowed to 14 bits turns each pair
           (a, b) = (v_2i, v_2i+1) into (rshr(a cs_i - b sn_i, 15), rshr(a sn_i + b cs_i, 15)):
           |a cs - b sn| <= 2^14 (|cs| + |sn|) < 2^30, and the results are below 23,172.
       KV cache, per position and kv head: k narrowed to 14 bits (shift E) and rotated, and
         v narrowed to 14 bits (shift E), give r (|r| < 2^15; value r * 2^E in Q16), stored
         with a scale (m8, e) meaning the value q * m8 * 2^e / D in Q16:
           int16 (model flag bit 4, D = 128): q = r, (m8, e) = (128, E);
           int8 (D = 127): A = max |r|, e8 = bitlen(A) - 8, m8 = ceil(A / 2^e8) (A * 2^-e8
             when e8 <= 0; m8 = 256 becomes 128 with e8 + 1), R = floor((127 * 2^15 +
             floor(m8/2)) / m8), q = clamp(rshr(r * R, 15 + e8), -127, 127) (|r R| < 2^30),
             (m8, e) = (m8, e8 + E);
           a zero head: q = 0, (m8, e) = (0, 0).
       Attention at position p, layer l, query head h (kv head h / (n_heads/n_kv_heads)),
       over positions t = 0..p (n = p + 1), with D as above:
         constants: C = mul(mul(L2E, rsqrt(norm(head_size))), recip(norm(D))), cm = m15(C),
           gamma = -(C.e + 16) (C ~ cm * 2^-gamma); qmax = floor(65535 / head_size).
         query: q narrowed to 14 bits (shift kq) and rotated gives r; A = max |r_i| * cm
           (< 2^30); t = 0 when A <= qmax, else the least t >= 1 with rshr(A, t) <= qmax
           (bitlen(A) - bitlen(qmax), or one more); qi_i = rshr(r_i * cm, t) (|qi| <= qmax);
           sigma = gamma + 16 - t - kq.
         scores, log2 units in Q16: dot_t = sum_i qi_i k_t,i (|dot| <= qmax * 32767 * head_size
           < 2^31; for the int8 cache < 2^23); u_t = shift_sat(dot_t * m8_t, sigma - e_t)
           (int8: |dot * m8| < 2^31; int16: m8 = 128, i.e. shift_sat(dot_t, sigma - e_t - 7)).
         weights: qw = min(23, 32 - bitlen(n)); w_t = exp2n(umax - u_t, qw), umax = max u_t
           (the difference taken exactly; it is below 2^32); W = sum w_t (< n * 2^qw < 2^32);
           emax = the largest e_t of V over t with w_t > 0 and m8_t > 0 (-128 if none);
           b = max(0, bitlen(W) - B), B = 16 (int16) or 23 (int8);
           p_t = rshr(w_t * m8_t, emax - e_t + 8 + b) (w m8 < 2^31; int16: rshr(w_t,
           emax - e_t + 1 + b)), and 0 where w_t = 0 or m8_t = 0; sum p_t <= W / 2^b + n/2
           < 2^B + 2^15.
         V sums: acc_i = sum_t p_t v_t,i: below (2^16 + 2^15) * 2^14 (int16, whose v are at
           most 2^14) or (2^23 + 2^15) * 127 (int8) in magnitude: int32.
         output, Q16: F = recip(norm(W * D)) with e + emax + 8 + b; acc narrowed to 15 bits
           (shift ka); out_i = shift_sat(acc'_i * m15(F), -(F.e + 16) - ka) (|acc' m15| <=
           2^30); an all-zero acc gives zeros.
       FFN: h1 and h3 are Q16; the activation gives integers h with an exponent E (real
         h * 2^(E - 16)):
           ReLU: h = max(x, 0), E = 0.
           Squared ReLU: the largest positive x (a) sets the shift k = bitlen(a) - 15;
             h = narrow(x, k)^2 for x > 0, else 0 (h <= 2^30), E = 2k - 16 (k = 0 if a = 0).
           SiLU: h = rshr(x * sigmoid(x), 15), which is 2 * (x >> 16) * sg +
             rshr((x mod 2^16) * sg, 15) in 32-bit words (|h| <= |x|), E = 0.
           Gate (gated FFN): h and h3 narrowed to 15 bits (shifts ka, k3), h = h' * h3'
             (|h| <= 2^30), E = E + ka + k3 - 16.
         The input of W2 is quant8(h).
       Residual adds saturate.
       One step: x = embed(token); rotations of position p; per layer: S = rmsnorm8(x,
       attn_norm); q, k, v = Wq, Wk, Wv; store k, v at p; att = attention; x += Wo quant8(att);
       S = rmsnorm8(x, ffn_norm); h1 = W1, h3 = W3; h = FFN activation; x += W2 quant8(h);
       finally logits = Wcls rmsnorm8(x, final_norm). Logits: int32 Q16.16.

   SAMPLER
       PRNG xorshift64* (llama2.c's): s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
       out = (s * 0x2545F4914F6CDD1D) >> 32. Seeded with seed ^ 0x9E3779B97F4A7C15
       (a zero state becomes 0x9E3779B97F4A7C15).
       Temperature 0 (Q16): argmax, ties to the lowest id. Otherwise, with
       qs = min(30, 32 - bitlen(vocab)), c = mul(L2E, recip(norm(T) with e - 16)),
       c15 = m15(c), sc = -(c.e + 16):
           d_i = l_max - l_i (l_max the largest logit; 0 <= d_i < 2^32),
           w_i = 0 for d_i >= 2^31, else
           w_i = exp2n(min(rshr(d_i * c15, sc), 2^31 - 1), qs) (for sc <= 0: d_i * c15 * 2^-sc)
       (d * c15 = hi * 2^16 + lo with hi = (d >> 16) c15 < 2^30, lo = (d mod 2^16) c15 < 2^31:
       32-bit words); the sum of all w is below vocab * 2^qs < 2^32.
       top-k (0 or >= vocab: off) keeps the k largest (ties: lower id first);
       top-p (Q16, 65536: off) keeps the shortest prefix, in (w desc, id asc) order, whose
       sum reaches ceil(p * total / 65536) (at least one token); tokens with
       w < ceil(ceil((65536 - p) * total / 65536) / vocab) cannot be in it and are not sorted;
       then u = one PRNG draw, target = floor(u * S / 2^32) with S the kept sum, and the
       token is the first kept one (in id order without top-k/top-p, sorted order with)
       whose running sum exceeds target.

   BACKENDS
       Every matrix-vector product of the forward pass goes through ctx->matvec (default:
       edgellm_matvec_ref). edgellm_set_backend() installs another function, for example
       edgellm_hw.h's accelerator driver; it receives the matrix descriptor (type, shape,
       packed data, stable index) and the int8 vector (cols_pad entries, zero-padded), and
       must return the exact int32 sums (EDGELLM_OK), or a negative code that edgellm_feed
       passes on (a positive return becomes EDGELLM_ERR_BACKEND). The scaling, norms,
       sampling and attention (but for the two sums of the seam below) always stay in this
       file, and so does the requantization of the sums unless a q16 backend (below) is
       installed. Matrix indices (edgellm_model_matrix): layer l uses P*l + 0 wq, 1 wk, 2 wv,
       3 wo, 4 w1, 5 w2, 6 w3 (P = 7 gated, 6 otherwise); index P * n_layers is the output
       head (the embedding matrix when the head is tied). The embedding lookup reads rows in
       software.

       A q16 backend also applies the row scales, for an accelerator that requantizes
       itself: edgellm_set_backend_q16(ctx, fn, user) installs fn, and while it is installed
       every matrix-vector product of the forward pass goes to fn instead of ctx->matvec
       and this file's requantization (ctx->matvec is kept, and used again once fn is
       removed). edgellm_set_backend_q16(ctx, NULL, NULL) removes it; a NULL ctx is ignored;
       edgellm_ctx_init installs none. fn(user, m, x, s16_m, s16_e, y) receives what
       ctx->matvec receives plus the input's scale S16 (INTEGER ARITHMETIC, "Requantization
       of row r"), the pseudo-float the product's requantization uses, as its two words:
           S16 = s16_m * 2^s16_e, the real value of one unit of x times 2^16 (x_c stands for
           x_c * s16_m * 2^(s16_e - 16)); s16_m is 0 with s16_e = 0 (an all-zero input) or
           in [2^30, 2^31); the forward pass keeps s16_e in [-128, 40] (the bounds of the
           steps that make S16: rmsnorm8, quant8 and the FFN exponent E),
       and must store in y[r], for every row r < m->rows, with (m_r, shift_r) = m->scales[r]
       (m_r 0 with shift_r 0, or in [2^30, 2^31); shift_r in [-64, 128]) and y_r the exact
       sum of row r as edgellm_matvec_fn defines it:
           out_r = mulshift(y_r, rshr(s16_m * m_r, 32), shift_r - s16_e - 32)
       exactly (shift_r - s16_e - 32 is in [-136, 224]; mulshift saturates to int32). Its
       return is passed on as the raw seam's is: EDGELLM_OK, a negative code as it is, a
       positive one as EDGELLM_ERR_BACKEND, and ctx->pos does not advance. Under
       EDGELLM_PROFILE the whole call is EDGELLM_PART_ROWS (there is no REQUANT part).
       edgellm_requant_ref(m, s16_m, s16_e, y) is the software half, exactly what the
       engine computes: y holds the m->rows raw sums on entry and the out_r on return. A
       driver runs edgellm_matvec_ref then edgellm_requant_ref for a product its hardware
       cannot take, and as its cross-check. It returns EDGELLM_ERR_ARG for a NULL m or y,
       NULL m->scales with rows, or s16_m < 0; any s16_e is exact (beyond +-2^24 every
       shift is past the point where the result can change). The scales must be the
       file's (as edgellm_model_matrix gives them): within the ranges above.

       Attention has a seam of its own (edgellm_attn_backend), for an accelerator that keeps
       its own copy of the int8 KV cache and computes attention's two exact integer sums.
       edgellm_set_attention(ctx, b) copies *b (b may go away); NULL puts attention back in
       software; a NULL function in b is EDGELLM_ERR_ARG, an uninitialised context
       EDGELLM_ERR_STATE, and a model with the 16-bit KV cache (flag bit 4)
       EDGELLM_ERR_ATTN_KV16. edgellm_ctx_init installs none. With a backend:
         store(user, l, p, k, v)   right after layer l's K and V of position p are cached:
                                   k and v are its kv_dim int8 values each (kv head after
                                   kv head), the bytes now in the arena. Calls come in
                                   position order, layer after layer. A backend installed
                                   (or replaced) when ctx->pos > 0 is first handed, as the
                                   next edgellm_feed begins, every layer of each position it
                                   has not seen (0 .. pos-1, from the arena), so it always
                                   holds the whole cache; edgellm_ctx_reset starts over at
                                   0, and a position whose feed failed is stored again when
                                   it is fed again.
         dots(user, rows, qi, dot) per query head: dot[t] = sum_{i < hd} qi[i] K[t][i] for
                                   t < rows->n (n = p + 1), K[t] the hd values of kv head
                                   rows->kv_head of layer rows->layer at position t (in the
                                   arena at rows->data + t * rows->stride). qi is the head's
                                   query as integers, |qi| <= floor(65535 / hd) (INTEGER
                                   ARITHMETIC, Attention: "query"), so |dot| <= 127 * 65535
                                   < 2^23 ("scores"): exact in int32. A dot outside that
                                   bound fails the feed with EDGELLM_ERR_BACKEND.
         vsum(user, rows, p, acc)  acc[i] = sum_{t < n} p[t] V[t][i] for i < hd, the V rows
                                   given the same way; 0 <= p[t] < 2^24, and sum p < 2^23 +
                                   2^15 ("weights"), so |acc| < 2^31 ("V sums"): exact.
         scores(user, rows, qi, sigma, u, umax)   optional (NULL: dots is called): instead
                                   of dots, the scores themselves, u[t] = shift_sat(dot_t *
                                   m8_t, sigma - e_t) ("scores"; dot_t as for dots, exact
                                   in int32 times m8_t <= 255), with (m8_t, e_t) the K scale
                                   of position t: the bytes rows->scales[t * rows->sstride]
                                   (unsigned) and [... + 1] (int8), in the arena; and *umax =
                                   the largest u[t]. These are not checked (that would cost
                                   the pass they save) beyond one test: a umax that leaves
                                   every exp2 weight 0 fails the feed with
                                   EDGELLM_ERR_BACKEND; other wrong values give wrong logits,
                                   never undefined behaviour.
         head(user, k, v, qi, sigma, qw, vb, acc, wsum, emax)   optional (NULL: scores or
                                   dots, then vsum): the whole head from its query, in one
                                   call: the scores u_t as scores gives them (k's rows and K
                                   scales), umax their largest, then as the engine does
                                   ("weights"; qw and vb are its qw and B): w_t = exp2n(umax
                                   - u_t, qw), *wsum = sum w_t, *emax = the largest e_t of
                                   v's scales over t with w_t > 0 and m8_t > 0 (-128 if
                                   none), b = max(0, bitlen(*wsum) - vb), p_t = rshr(w_t *
                                   m8_t, *emax - e_t + 8 + b) (0 where w_t or m8_t is 0),
                                   and acc[i] = sum_t p_t V[t][i] for i < hd (v's rows, as
                                   for vsum). Not checked beyond two tests: *wsum 0 (no
                                   weight can be 0 at umax) or *emax outside -128 .. 127
                                   fails the feed with EDGELLM_ERR_BACKEND; other wrong
                                   values give wrong logits, never undefined behaviour.
       rows->scales and rows->sstride give the K scales to dots and scores and the V scales
       (m8, e) to vsum, for a backend that wants them. Set every member of the struct: zero
       it first (= {0}) so that a member added later stays NULL.
       Everything else (the query, the scores u_t from dot_t and the K scales, the exp2
       weights, p_t, the output; with head, the query and the output) is computed here as
       without a backend, so the logits are the same bit for bit; the accelerated forms of
       the scores and V sums do not run.
       Each function returns EDGELLM_OK, or a code that edgellm_feed passes on (negative as
       it is, positive as EDGELLM_ERR_BACKEND) without advancing ctx->pos.
       edgellm_attn_dots_ref and edgellm_attn_vsum_ref compute the two sums in plain C from
       rows->data, edgellm_attn_scores_ref the scores from rows->data and rows->scales, and
       edgellm_attn_head_ref the whole head from both rows (with no memory of its own: it
       takes the dot products again in each of its three passes; user is ignored): a
       driver's software fallback and cross-check.

   LICENSE: MIT (see the end of this file).
*/
#ifndef EDGELLM_H
#define EDGELLM_H

#include <stddef.h>
#include <stdint.h>

#ifndef EDGELLM_API
#define EDGELLM_API extern
#endif

#define EDGELLM_VERSION 2
#define EDGELLM_MAGIC 0x4D4C4445u
#define EDGELLM_HEADER_SIZE 128u
#define EDGELLM_ARENA_ALIGN 16u

/* result codes: X(name, value, text) */
#define EDGELLM_RESULTS(X) \
    X(OK, 0, "ok") \
    X(ERR_ARG, -1, "invalid argument (NULL pointer or value out of range)") \
    X(ERR_STATE, -2, "object not initialised") \
    X(ERR_TRUNCATED, -3, "model data shorter than its header says") \
    X(ERR_MAGIC, -4, "not an edgellm model (bad magic)") \
    X(ERR_VERSION, -5, "unsupported model format version") \
    X(ERR_CHECKSUM, -6, "model checksum mismatch") \
    X(ERR_HEADER, -7, "invalid header field (size, flags or reserved bytes)") \
    X(ERR_SHAPE, -8, "invalid model dimensions") \
    X(ERR_OFFSET, -9, "section outside the file, misaligned or overlapping") \
    X(ERR_TENSOR_TYPE, -10, "unknown or unexpected tensor type") \
    X(ERR_TENSOR_SHAPE, -11, "tensor shape or size does not match the model") \
    X(ERR_WEIGHTS, -12, "invalid packed weight encoding") \
    X(ERR_SCALE, -13, "scale multiplier or shift out of range") \
    X(ERR_TOKENIZER, -14, "invalid tokenizer section") \
    X(ERR_TOKEN, -15, "token id out of range") \
    X(ERR_PROMPT_TOO_LONG, -16, "prompt longer than the remaining context") \
    X(ERR_CONTEXT_FULL, -17, "context is full") \
    X(ERR_ARENA_SMALL, -18, "arena too small") \
    X(ERR_ARENA_ALIGN, -19, "arena not aligned to EDGELLM_ARENA_ALIGN") \
    X(ERR_BUFFER, -20, "output buffer too small") \
    X(ERR_ENCODE, -21, "text has a byte the vocabulary cannot encode") \
    X(ERR_BACKEND, -22, "matrix backend failed") \
    X(ERR_ATTN_KV16, -23, "attention backends need the 8-bit KV cache")

enum {
#define EDGELLM__ENUM(name, value, text) EDGELLM_##name = value,
    EDGELLM_RESULTS(EDGELLM__ENUM)
#undef EDGELLM__ENUM
    EDGELLM__RESULT_END = 1
};

enum { EDGELLM_WT_T2 = 1, EDGELLM_WT_T1 = 2, EDGELLM_WT_I8 = 3, EDGELLM_WT_Q16 = 4 };
enum { EDGELLM_ACT_SILU = 0, EDGELLM_ACT_RELU = 1, EDGELLM_ACT_RELU2 = 2 };
enum { EDGELLM_FLAG_GATED = 4, EDGELLM_FLAG_SEPARATE_HEAD = 8, EDGELLM_FLAG_KV16 = 16 };
enum { EDGELLM_TOK_LLAMA2 = 1, EDGELLM_TOK_BYTES = 2 };
/* the parts of a forward pass that EDGELLM_PROFILE marks */
enum {
    EDGELLM_PART_OTHER, EDGELLM_PART_ROWS, EDGELLM_PART_REQUANT, EDGELLM_PART_NORM, EDGELLM_PART_ATTENTION,
    EDGELLM_PART_ROPE, EDGELLM_PART_FFN, EDGELLM_PART_END
};

/* a per-row scale as stored in the file: mult * 2^-shift */
typedef struct edgellm_scale { int32_t mult; int32_t shift; } edgellm_scale;

/* One weight matrix, as the matrix-vector seam sees it. */
typedef struct edgellm_matrix {
    uint32_t type;                 /* EDGELLM_WT_T2, _T1 or _I8 */
    uint32_t rows, cols;
    uint32_t cols_pad;             /* cols rounded up to 64 (T2), 80 (T1), 16 (I8) */
    uint32_t stride;               /* bytes per row: cols_pad/4, cols_pad/5, cols_pad */
    const uint8_t *data;           /* rows * stride bytes inside the model file */
    const edgellm_scale *scales;   /* rows entries (software and q16 backends) */
    uint32_t index;                /* 0 .. edgellm_model_matrix_count()-1, stable */
} edgellm_matrix;

/* Computes y[r] = sum_{c < cols_pad} W[r][c] * x[c] for r < rows, exactly. */
typedef int (*edgellm_matvec_fn)(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y);
/* Computes y[r] = the requantized row r (manual: requantization) of the product W x, for an
   input of scale S16 = (s16_m, s16_e): out_r = mulshift(sum_c W[r][c] x[c], rshr(s16_m * m_r, 32),
   shift_r - s16_e - 32), exactly. */
typedef int (*edgellm_matvec_q16_fn)(void *user, const edgellm_matrix *m, const int8_t *x, int32_t s16_m,
                                     int32_t s16_e, int32_t *y);

/* one kv head's rows of the (int8) KV cache of one layer, as an attention backend sees them */
typedef struct edgellm_kv_rows {
    const int8_t *data;     /* position 0's hd values of this kv head, in the arena's cache */
    uint32_t stride;        /* bytes from one position to the next (the model's kv_dim) */
    uint32_t layer, kv_head;
    uint32_t n;             /* positions 0 .. n-1 */
    uint32_t hd;            /* values per position (head_size) */
    const uint8_t *scales;  /* position 0's scale of these rows (m8, then e as int8), in the arena */
    uint32_t sstride;       /* bytes from one position's scale to the next */
} edgellm_kv_rows;

/* The attention seam (manual: BACKENDS). Each function returns EDGELLM_OK or a code that
   edgellm_feed passes on (negative as it is, positive as EDGELLM_ERR_BACKEND). */
typedef struct edgellm_attn_backend {
    /* position pos of layer `layer` has just been cached: k and v are its kv_dim int8
       values each (kv head after kv head), exactly the bytes now in the arena */
    int (*store)(void *user, uint32_t layer, uint32_t pos, const int8_t *k, const int8_t *v);
    /* dot[t] = sum_{i < hd} qi[i] * K[t][i] for t < n, exact (|qi| <= 65535/hd) */
    int (*dots)(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t *dot);
    /* acc[i] = sum_{t < n} p[t] * V[t][i] for i < hd, exact (0 <= p[t] < 2^24) */
    int (*vsum)(void *user, const edgellm_kv_rows *v, const int32_t *p, int32_t *acc);
    /* optional (NULL: dots is used): the scores themselves, u[t] = shift_sat(dot_t * m8_t,
       sigma - e_t) with (m8_t, e_t) = k->scales[t * k->sstride + 0, 1], and *umax = max_t u[t] */
    int (*scores)(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma, int32_t *u,
                  int32_t *umax);
    /* optional (NULL: scores or dots, then vsum): the whole head, acc[i] for i < hd from the
       scores, their exp2 weights in Q(qw) (sum *wsum, V's largest exponent *emax) and the V
       weights (manual: BACKENDS) */
    int (*head)(void *user, const edgellm_kv_rows *k, const edgellm_kv_rows *v, const int32_t *qi, int32_t sigma,
                int32_t qw, int32_t vb, int32_t *acc, uint32_t *wsum, int32_t *emax);
    void *user;
} edgellm_attn_backend;

typedef struct edgellm_model {
    const uint8_t *data;
    uint32_t size;
    uint32_t dim, hidden, n_layers, n_heads, n_kv_heads, vocab, seq_len;
    uint32_t head_size, kv_dim, flags, act, norm_eps;
    const uint8_t *dir;            /* tensor directory */
    const uint8_t *rope;           /* head_size/2 u32 */
    /* tokenizer */
    uint32_t tok_kind, tok_max_len;
    int32_t bos, eos, byte_base;
    const uint8_t *tok_offs, *tok_scores, *tok_sorted, *tok_blob;
    uint32_t valid;                /* set by a successful load */
} edgellm_model;

typedef struct edgellm_ctx {
    const edgellm_model *model;
    uint32_t n_ctx;                /* positions this context holds */
    uint32_t pos;                  /* tokens fed so far */
    int32_t *logits;               /* vocab entries, Q16.16, valid after edgellm_feed */
    edgellm_matvec_fn matvec;
    void *matvec_user;
    edgellm_matvec_q16_fn matvec_q16;   /* NULL: none (ctx->matvec and the requantization here) */
    void *matvec_q16_user;
    edgellm_attn_backend attn;     /* private: the attention backend (attn.dots NULL: none) */
    uint32_t attn_pos;             /* private: positions 0 .. attn_pos-1 are in the backend's cache */
    uint8_t *mem;                  /* the arena */
    uint32_t off[20];              /* private: buffer offsets in the arena */
    uint32_t xq_gen;               /* private: which int8 vector the matrices read */
    uint32_t xq_hi;                /* private: that vector's bytes from here on are all 0 */
    uint32_t lut_tag;              /* private: the vector and type the lookup tables hold */
    uint32_t lut_bytes;            /* private: the lookup tables' size (0: none) */
    const uint8_t *model_data;     /* private: the model this context was laid out for */
    uint32_t model_crc;
    uint32_t valid;
} edgellm_ctx;

typedef struct edgellm_sampler {
    uint32_t temperature;          /* Q16.16; 0 = greedy */
    uint32_t top_k;                /* 0 = off */
    uint32_t top_p;                /* Q16.16; 65536 (or more) = off */
    uint64_t rng;                  /* xorshift64* state */
} edgellm_sampler;

#ifdef __cplusplus
extern "C" {
#endif

EDGELLM_API const char *edgellm_result_string(int result);
EDGELLM_API uint32_t edgellm_crc32(const void *data, size_t size);

/* Validates the whole file (checksum, header, every offset, size, count, weight and
   tokenizer byte) and fills *model with views into it. data must stay valid. */
EDGELLM_API int edgellm_model_load(edgellm_model *model, const void *data, size_t size);
EDGELLM_API uint32_t edgellm_model_matrix_count(const edgellm_model *model);
EDGELLM_API int edgellm_model_matrix(const edgellm_model *model, uint32_t index, edgellm_matrix *out);

/* Exact arena bytes for a context of n_ctx positions (1 .. seq_len). */
EDGELLM_API int edgellm_ctx_size(const edgellm_model *model, uint32_t n_ctx, size_t *bytes);
EDGELLM_API int edgellm_ctx_init(edgellm_ctx *ctx, const edgellm_model *model, uint32_t n_ctx, void *mem, size_t mem_size);
EDGELLM_API int edgellm_ctx_reset(edgellm_ctx *ctx);
EDGELLM_API void edgellm_set_backend(edgellm_ctx *ctx, edgellm_matvec_fn fn, void *user);
/* Installs a matrix backend that also requantizes (NULL: none; then edgellm_set_backend's). */
EDGELLM_API void edgellm_set_backend_q16(edgellm_ctx *ctx, edgellm_matvec_q16_fn fn, void *user);
/* Installs an attention backend (a copy of *b; NULL: attention in software again). */
EDGELLM_API int edgellm_set_attention(edgellm_ctx *ctx, const edgellm_attn_backend *b);

/* Runs the transformer on one token at position ctx->pos; ctx->logits then holds the
   next-token logits. EDGELLM_ERR_CONTEXT_FULL when pos == n_ctx. */
EDGELLM_API int edgellm_feed(edgellm_ctx *ctx, uint32_t token);
/* Feeds n tokens; EDGELLM_ERR_PROMPT_TOO_LONG (nothing fed) if they do not fit. */
EDGELLM_API int edgellm_prefill(edgellm_ctx *ctx, const uint32_t *tokens, uint32_t n);

EDGELLM_API void edgellm_sampler_init(edgellm_sampler *s, uint32_t temperature_q16, uint32_t top_k, uint32_t top_p_q16, uint64_t seed);
EDGELLM_API uint32_t edgellm_rng_u32(uint64_t *state);
/* Samples from ctx->logits (uses the context's scratch). */
EDGELLM_API int edgellm_sample(edgellm_ctx *ctx, edgellm_sampler *s, uint32_t *token);
EDGELLM_API int edgellm_argmax(const int32_t *logits, uint32_t n, uint32_t *token);

/* tokens needs room for the sequence before merging: (add_bos) + 1 + len entries are
   always enough (EDGELLM_ERR_BUFFER otherwise). */
EDGELLM_API int edgellm_encode(const edgellm_model *model, const char *text, size_t len, int add_bos,
                               uint32_t *tokens, uint32_t cap, uint32_t *n_tokens);
/* The bytes to print for `token` following `prev` (see TOKENIZER). */
EDGELLM_API int edgellm_token_piece(const edgellm_model *model, uint32_t prev, uint32_t token,
                                    uint8_t *buf, uint32_t cap, uint32_t *len);

/* The software kernel (the reference every backend must match). */
EDGELLM_API int edgellm_matvec_ref(const edgellm_matrix *m, const int8_t *x, int32_t *y);
/* y[0..rows) holds the raw sums of m's rows; replaces them with the requantized values */
EDGELLM_API int edgellm_requant_ref(const edgellm_matrix *m, int32_t s16_m, int32_t s16_e, int32_t *y);
/* The attention backend's two sums in plain C, from k->data and v->data (user is ignored). */
EDGELLM_API int edgellm_attn_dots_ref(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t *dot);
EDGELLM_API int edgellm_attn_vsum_ref(void *user, const edgellm_kv_rows *v, const int32_t *p, int32_t *acc);
/* The backend's optional scores in plain C, from k->data and k->scales (user is ignored). */
EDGELLM_API int edgellm_attn_scores_ref(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma,
                                        int32_t *u, int32_t *umax);
/* The backend's optional whole head in plain C, from k's and v's rows and scales. */
EDGELLM_API int edgellm_attn_head_ref(void *user, const edgellm_kv_rows *k, const edgellm_kv_rows *v, const int32_t *qi,
                                      int32_t sigma, int32_t qw, int32_t vb, int32_t *acc, uint32_t *wsum, int32_t *emax);

#ifdef __cplusplus
}
#endif
#endif /* EDGELLM_H */

/* ======================================================================== */
#ifdef EDGELLM_IMPLEMENTATION
#ifndef EDGELLM__IMPLEMENTED
#define EDGELLM__IMPLEMENTED

/* The accelerated forms this build compiles (ACCELERATED FORMS, at the end of the
   implementation; the code before them is the same on every target):
     EDGELLM__AVX2     x86 with AVX2 (-mavx2, -march=native on a CPU that has it)
     EDGELLM__SCALAR   scalar cores (every target but x86 and 64-bit ARM), or
                       EDGELLM_SCALAR_CORE on any target
     EDGELLM__ARM_DSP  scalar cores with the Cortex-M DSP extension (SMLAD, SXTB16) */
#if defined(__AVX2__) && !defined(EDGELLM_NO_SIMD) && !defined(EDGELLM_SCALAR_CORE)
#define EDGELLM__AVX2 1
#include <immintrin.h>
#elif defined(EDGELLM_SCALAR_CORE) || \
    (!defined(__x86_64__) && !defined(__i386__) && !defined(__aarch64__) && !defined(__ARM_NEON))
#define EDGELLM__SCALAR 1
#if defined(__ARM_FEATURE_SIMD32) && defined(__GNUC__) && !defined(EDGELLM_NO_SIMD)
#define EDGELLM__ARM_DSP 1
#include <arm_acle.h>
#endif
#endif

/* The arithmetic relies on >> of a negative value being an arithmetic shift
   (true of every compiler the project supports); refuse to build otherwise. */
typedef char edgellm__asr_check[((-1) >> 1) == -1 ? 1 : -1];

#ifndef EDGELLM_PROFILE
#define EDGELLM_PROFILE(part) ((void)0)
#endif

#define EDGELLM__I32MAX 2147483647
#define EDGELLM__MODEL_OK 0x4D4F444Cu   /* edgellm_model.valid after a successful load */
#define EDGELLM__CTX_OK 0x454C4C4Du     /* edgellm_ctx.valid after init */
#define EDGELLM__I32MIN (-2147483647 - 1)

typedef struct edgellm__pf { int32_t m; int32_t e; } edgellm__pf;   /* m * 2^e */

static uint32_t edgellm__rd32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static int32_t edgellm__rdi32(const uint8_t *p) {
    uint32_t u = edgellm__rd32(p);
    return (u & 0x80000000u) ? (int32_t)(u - 0x80000000u) + EDGELLM__I32MIN : (int32_t)u;
}

/* ---------------------------------------------------------------- integer arithmetic
   The per-weight, per-position and per-element loops use only the 32-bit helpers here
   (rshr32, narrow, the exp2 and sigmoid tables); the 64-bit ones serve what happens once
   per row, head or vector (the pseudo-float scales, a row's requantization, the sampler's
   draw). 64-bit shifts by a variable count are written with 32-bit halves: GCC calls libgcc
   for them on 32-bit targets at -Os. */

/* bit length (0 for 0): a count-leading-zeros instruction where the target has one */
static int edgellm__bitlen32(uint32_t x) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
                          defined(__ARM_FEATURE_CLZ) || defined(__riscv_zbb))
    return x ? 32 - __builtin_clz(x) : 0;   /* the same result as the portable path below */
#else
#define EDGELLM__R2(v) v, v
#define EDGELLM__R4(v) EDGELLM__R2(v), EDGELLM__R2(v)
#define EDGELLM__R8(v) EDGELLM__R4(v), EDGELLM__R4(v)
#define EDGELLM__R16(v) EDGELLM__R8(v), EDGELLM__R8(v)
#define EDGELLM__R32(v) EDGELLM__R16(v), EDGELLM__R16(v)
    /* the bit lengths of the bytes */
    static const uint8_t bl[256] = {0, 1, EDGELLM__R2(2), EDGELLM__R4(3), EDGELLM__R8(4), EDGELLM__R16(5), EDGELLM__R32(6),
                                    EDGELLM__R32(7), EDGELLM__R32(7), EDGELLM__R32(8), EDGELLM__R32(8), EDGELLM__R32(8),
                                    EDGELLM__R32(8)};
#undef EDGELLM__R32
#undef EDGELLM__R16
#undef EDGELLM__R8
#undef EDGELLM__R4
#undef EDGELLM__R2
    int n = 0;
    if (x >> 16) { n = 16; x >>= 16; }
    if (x >> 8) { n += 8; x >>= 8; }
    return n + bl[x];
#endif
}
static int edgellm__bitlen64(uint64_t x) {
    uint32_t hi = (uint32_t)(x >> 32);
    return hi ? 32 + edgellm__bitlen32(hi) : edgellm__bitlen32((uint32_t)x);
}

/* rshr(a, s) = floor((a + 2^(s-1)) / 2^s) for s >= 1, a for s = 0: the one rounding rule */
static int32_t edgellm__rshr32(int32_t a, int s) {
    if (s <= 0) return a;
    if (s >= 32) return 0;   /* |a| <= 2^31 */
    if (s == 1) return (a >> 1) + (a & 1);
    return ((a >> (s - 1)) + 1) >> 1;   /* a >> (s - 1) < 2^30: no overflow */
}
static uint32_t edgellm__rshru32(uint32_t a, int s) {
    if (s <= 0) return a;
    if (s >= 33) return 0;
    if (s == 32) return a >> 31;
    if (s == 1) return (a >> 1) + (a & 1u);
    return ((a >> (s - 1)) + 1u) >> 1;
}
/* a * 2^-k: rshr for k > 0, exact for k <= 0 (the caller knows |a| * 2^-k < 2^31); k <= 31 */
static int32_t edgellm__narrow(int32_t a, int k) {
    if (k > 1) return ((a >> (k - 1)) + 1) >> 1;
    return k == 1 ? (a >> 1) + (a & 1) : (int32_t)((uint32_t)a << -k);
}
/* sat32(rshr(v, s)) for s > 0, sat32(v * 2^-s) for s <= 0 */
static int32_t edgellm__shift_sat(int32_t v, int s) {
    if (s > 0) return edgellm__rshr32(v, s);
    if (v == 0 || s == 0) return v;
    if (s < -31) return v > 0 ? EDGELLM__I32MAX : EDGELLM__I32MIN;
    if (v > (EDGELLM__I32MAX >> -s)) return EDGELLM__I32MAX;
    if (v < (EDGELLM__I32MIN >> -s)) return EDGELLM__I32MIN;
    return (int32_t)((uint32_t)v << -s);
}

/* x >> s for s >= 0 (0 for s >= 64), with 32-bit shifts */
static uint64_t edgellm__shr64(uint64_t x, int s) {
    uint32_t hi = (uint32_t)(x >> 32), lo = (uint32_t)x;
    if (s <= 0) return x;
    if (s >= 64) return 0;
    if (s >= 32) return hi >> (s - 32);
    return ((uint64_t)(hi >> s) << 32) | (uint32_t)((lo >> s) | (hi << (32 - s)));
}
/* a * 2^s for 0 <= s < 64 (no libgcc shift on 32-bit cores) */
static uint64_t edgellm__shl64(uint32_t a, int s) {
    if (s >= 32) return (uint64_t)(a << (s - 32)) << 32;
    if (s == 0) return a;
    return ((uint64_t)(a >> (32 - s)) << 32) | (uint32_t)(a << s);
}
static uint64_t edgellm__rshru64(uint64_t a, int s) {
    if (s <= 0) return a;
    if (s >= 65) return 0;
    return (edgellm__shr64(a, s - 1) + 1u) >> 1;
}

/* floor(n / d) for d > 0: a divide instruction where the core has one, else shift and
   subtract (no libgcc helper); once per vector at most */
static uint32_t edgellm__udiv32(uint32_t n, uint32_t d) {
#if (defined(__riscv) && !defined(__riscv_div)) || defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
    uint32_t q = 0, r = 0;
    int i;
    for (i = 31; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1u);
        if (r >= d) { r -= d; q |= 1u << i; }
    }
    return q;
#else
    return n / d;
#endif
}
/* floor(n / d) for n < d * 2^32 (the quotient fits 32 bits): native on 64-bit targets;
   on 32-bit cores with a divide instruction, two 32-bit divisions by the divisor's top 16
   bits, each corrected (Knuth's algorithm D in base 2^16, as in Hacker's Delight); shift
   and subtract elsewhere. No libgcc helper on any 32-bit target. Each remainder is taken
   with a multiply: EDGELLM__OPAQUE keeps the compiler from turning n - q * v back into a
   second division (a remainder instruction), which costs as much as the first on cores
   whose divider takes a cycle a bit. */
#if defined(__GNUC__)
#define EDGELLM__OPAQUE(v) __asm__("" : "+r"(v))
#else
#define EDGELLM__OPAQUE(v) ((void)0)
#endif
/* a condition that is rarely true (a running maximum's new value, a saturation): the
   compiler lays its branch out not taken, which costs nothing on in-order cores that
   predict forward branches not taken */
#if defined(__GNUC__)
#define EDGELLM__RARE(c) __builtin_expect(!!(c), 0)
#else
#define EDGELLM__RARE(c) (c)
#endif
/* the loop that follows unrolled n times by GCC when it optimizes for speed (not at -Os, which
   keeps the smallest code): a short loop body then pays its counter and branch once per n
   steps, and its loads are scheduled ahead of their uses (a load's result costs the next
   instruction a cycle on simple in-order cores) */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8 && !defined(__OPTIMIZE_SIZE__)
#define EDGELLM__PRAGMA(x) _Pragma(#x)
#define EDGELLM__UNROLL(n) EDGELLM__PRAGMA(GCC unroll n)
#else
#define EDGELLM__UNROLL(n)
#endif
static uint32_t edgellm__udiv64(uint64_t n, uint32_t d) {
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
    return (uint32_t)(n / d);
#elif (defined(__riscv) && defined(__riscv_div)) || (defined(__ARM_ARCH) && !defined(__ARM_ARCH_6M__) && \
                                                      !defined(__ARM_ARCH_8M_BASE__) && defined(__ARM_FEATURE_IDIV))
    uint32_t u1 = (uint32_t)(n >> 32), u0 = (uint32_t)n, vn1, vn0, un32, un10, un1, un0, un21, q1, q0, rhat;
    int s = 32 - edgellm__bitlen32(d);   /* normalise: d's top bit set */
    d <<= s;
    vn1 = d >> 16;
    vn0 = d & 0xFFFFu;
    un32 = s ? (u1 << s) | (u0 >> (32 - s)) : u1;
    un10 = u0 << s;
    un1 = un10 >> 16;
    un0 = un10 & 0xFFFFu;
    q1 = un32 / vn1;
    EDGELLM__OPAQUE(q1);
    rhat = un32 - q1 * vn1;
    while (q1 >= 65536u || q1 * vn0 > ((rhat << 16) | un1)) {
        q1--;
        rhat += vn1;
        if (rhat >= 65536u) break;
    }
    un21 = ((un32 << 16) | un1) - q1 * d;
    q0 = un21 / vn1;
    EDGELLM__OPAQUE(q0);
    rhat = un21 - q0 * vn1;
    while (q0 >= 65536u || q0 * vn0 > ((rhat << 16) | un0)) {
        q0--;
        rhat += vn1;
        if (rhat >= 65536u) break;
    }
    return (q1 << 16) | q0;
#else
    uint64_t r = n >> 32;
    uint32_t q = 0;
    int i;
    for (i = 31; i >= 0; i--) {
        r = (r << 1) | (((uint32_t)n >> i) & 1u);
        q <<= 1;
        if (r >= d) { r -= d; q |= 1u; }
    }
    return q;
#endif
}

/* round(sqrt(x)) for x < 2^62 (pf_rsqrt's mantissas), digit by digit in 32-bit words: after
   j of the 31 pairs of bits, res < 2^j and rem <= 2 res, so rem * 4 + pair < 2^32 for all but
   the last pair, which takes a 64-bit step */
static uint32_t edgellm__isqrt_round(uint64_t x) {
    uint32_t hi = (uint32_t)(x >> 32), lo = (uint32_t)x, res = 0, rem = 0, t;
    uint64_t r64, t64;
    int i;
    EDGELLM__UNROLL(15)
    for (i = 28; i >= 0; i -= 2) {   /* hi's 15 pairs (hi < 2^30) */
        rem = (rem << 2) | ((hi >> i) & 3u);
        t = (res << 2) | 1u;
        res <<= 1;
        if (rem >= t) { rem -= t; res |= 1u; }
    }
    EDGELLM__UNROLL(15)
    for (i = 30; i >= 2; i -= 2) {   /* lo's first 15 */
        rem = (rem << 2) | ((lo >> i) & 3u);
        t = (res << 2) | 1u;
        res <<= 1;
        if (rem >= t) { rem -= t; res |= 1u; }
    }
    r64 = ((uint64_t)rem << 2) | (lo & 3u);
    t64 = ((uint64_t)res << 2) | 1u;
    res <<= 1;
    if (r64 >= t64) { r64 -= t64; res |= 1u; }
    return r64 > res ? res + 1u : res;   /* res < 2^31 */
}

/* pseudo-floats: per vector, row or head */
static edgellm__pf edgellm__pf_zero(void) {
    edgellm__pf z;
    z.m = 0;
    z.e = 0;
    return z;
}
static edgellm__pf edgellm__pf_norm(uint64_t x, int32_t e) {
    edgellm__pf r;
    int L = edgellm__bitlen64(x);
    if (x == 0) { r.m = 0; r.e = 0; return r; }
    if (L > 31) {
        uint32_t m = (uint32_t)((edgellm__shr64(x, L - 32) + 1u) >> 1);
        e += L - 31;
        if (m == 0x80000000u) { m >>= 1; e += 1; }
        r.m = (int32_t)m;
    } else {
        r.m = (int32_t)((uint32_t)x << (31 - L));
        e -= 31 - L;
    }
    r.e = e;
    return r;
}
static edgellm__pf edgellm__pf_mul(edgellm__pf a, edgellm__pf b) {
    /* norm(a.m * b.m) with the bit length known to be 61 or 62 */
    uint64_t p;
    uint32_t m;
    edgellm__pf r;
    if (a.m == 0 || b.m == 0) return edgellm__pf_zero();
    p = (uint64_t)(uint32_t)a.m * (uint32_t)b.m;
    if (p >> 61) { m = (uint32_t)(((p >> 30) + 1u) >> 1); r.e = a.e + b.e + 31; }
    else { m = (uint32_t)(((p >> 29) + 1u) >> 1); r.e = a.e + b.e + 30; }
    if (m == 0x80000000u) { m >>= 1; r.e++; }
    r.m = (int32_t)m;
    return r;
}
static edgellm__pf edgellm__pf_recip(edgellm__pf a) {
    uint32_t q = edgellm__udiv64(((uint64_t)1 << 61) + ((uint32_t)a.m >> 1), (uint32_t)a.m);
    edgellm__pf r;
    if ((uint32_t)a.m >= 0x40000000u) {   /* a normalized mantissa: q in (2^30, 2^31], pf_norm's result at once */
        r.m = (int32_t)(q >> (q >> 31));
        r.e = -61 - a.e + (int32_t)(q >> 31);
        return r;
    }
    return edgellm__pf_norm(q, -61 - a.e);
}
static edgellm__pf edgellm__pf_add(edgellm__pf a, edgellm__pf b) {
    uint64_t s;
    if (a.m == 0) return b;
    if (b.m == 0) return a;
    if (a.e < b.e) { edgellm__pf t = a; a = b; b = t; }
    s = ((uint64_t)(uint32_t)a.m << 31) + edgellm__rshru64((uint64_t)(uint32_t)b.m << 31, a.e - b.e);
    return edgellm__pf_norm(s, a.e - 31);
}
static edgellm__pf edgellm__pf_rsqrt(edgellm__pf a) {
    uint64_t M;
    int32_t E;
    if (a.e & 1) { M = (uint64_t)(uint32_t)a.m << 31; E = a.e - 31; }
    else { M = (uint64_t)(uint32_t)a.m << 30; E = a.e - 30; }
    return edgellm__pf_recip(edgellm__pf_norm(edgellm__isqrt_round(M), E >> 1));   /* E is even */
}
static edgellm__pf edgellm__pf_shift(edgellm__pf a, int32_t k) {
    if (a.m) a.e += k;
    return a;
}
/* a's mantissa to 15 bits: a ~ m15 * 2^-s, m15 = rshr(a.m, 16) in [2^14, 2^15] (0 for 0) */
static uint32_t edgellm__pf_m15(edgellm__pf a, int *s) {
    *s = -(a.e + 16);
    return edgellm__rshru32((uint32_t)a.m, 16);
}

/* sat32(rshr(y * c, s)) for int32 y, 0 <= c < 2^31 and any s (s <= 0: y * c * 2^-s): a row's
   requantization. The 64-bit product is taken apart into 32-bit words. */
static int32_t edgellm__mulshift(int32_t y, uint32_t c, int s) {
    int64_t p = (int64_t)y * (int32_t)c;   /* |p| < 2^62 */
    int32_t hi = (int32_t)(p >> 32), top, r;
    uint32_t lo = (uint32_t)p, bit;
    if (s >= 33) return edgellm__rshr32(hi, s - 32);   /* rshr(p, s) = rshr(floor(p / 2^32), s - 32) */
    if (s == 32) return hi + (int32_t)(lo >> 31);
    if (s >= 1) {
        top = hi >> (s - 1);   /* floor(p / 2^(31 + s)): 0 or -1 when floor(p / 2^s) fits int32 */
        if (top > 0) return EDGELLM__I32MAX;
        if (top < -1) return EDGELLM__I32MIN;
        r = (int32_t)((lo >> s) | ((uint32_t)hi << (32 - s)));
        bit = (lo >> (s - 1)) & 1u;
        return (bit && r == EDGELLM__I32MAX) ? r : r + (int32_t)bit;
    }
    /* s <= 0: p * 2^-s, saturated (p itself first, if it does not fit int32) */
    if (hi != ((int32_t)lo >> 31)) return hi < 0 ? EDGELLM__I32MIN : EDGELLM__I32MAX;
    return edgellm__shift_sat((int32_t)lo, s);
}

/* The sampler's mulsh(d, m, s) = min(rshr(d m, s), 2^31 - 1) (d m 2^-s for s <= 0), for d <
   2^31 and 0 < m <= 2^15 (manual: SAMPLER). mulsh_least: the least d < 2^31 with mulsh(d, m, s)
   >= lim, or 2^31 if there is none, for 0 < lim < 2^22. As lim < 2^31 - 1 the condition is
   rshr(d m, s) >= lim: d m + 2^(s-1) >= lim 2^s, i.e. d m >= (2 lim - 1) 2^(s-1), for s >= 1;
   d m 2^-s >= lim, i.e. d m >= ceil(lim 2^s), for s <= 0. */
static uint32_t edgellm__mulsh_least(uint32_t m, int s, uint32_t lim) {
    uint64_t x;
    if (s > 41) return 0x80000000u;   /* x >= 2^57 > m (2^31 - 1) */
    if (s >= 1) x = edgellm__shl64(2u * lim - 1u, s - 1);
    else x = -s >= 22 ? 1u : (lim + (1u << -s) - 1u) >> -s;
    if (x > (uint64_t)m * 0x7FFFFFFFu) return 0x80000000u;   /* ceil(x / m) >= 2^31 */
    return edgellm__udiv64(x + m - 1u, m);
}
/* mulsh(d, m, s) for d < mulsh_least(m, s, lim) (below lim, so never saturated), in 32-bit
   words: d m = hi 2^16 + lo with hi = (d >> 16) m < 2^30 and lo = (d mod 2^16) m < 2^31 */
static uint32_t edgellm__mulsh_below(uint32_t d, uint32_t m, int s) {
    uint32_t hi = (d >> 16) * m, lo = (d & 0xFFFFu) * m;
    if (s >= 17) return s >= 47 ? 0 : (hi + (1u << (s - 17)) + (lo >> 16)) >> (s - 16);
    if (s == 16) return hi + ((lo + 32768u) >> 16);
    if (s >= 1) return (hi << (16 - s)) + (((lo >> (s - 1)) + 1u) >> 1);
    return s < -31 ? 0 : (d * m) << -s;   /* (below 2^31 - 1 only for d = 0 when s < -31) */
}

/* log2(e) as a pseudo-float */
static edgellm__pf edgellm__l2e(void) { edgellm__pf r; r.m = 1549082005; r.e = -30; return r; }

/* EXP2[i] = round(2^30 * 2^(-i/256)), i = 0..256 */
static const uint32_t edgellm__exp2_tab[257] = {
    1073741824u, 1070838486u, 1067942999u, 1065055341u, 1062175491u, 1059303428u, 1056439131u, 1053582579u,
    1050733751u, 1047892626u, 1045059183u, 1042233401u, 1039415261u, 1036604740u, 1033801819u, 1031006477u,
    1028218693u, 1025438448u, 1022665720u, 1019900489u, 1017142735u, 1014392438u, 1011649578u, 1008914134u,
    1006186087u, 1003465416u, 1000752102u, 998046124u, 995347464u, 992656100u, 989972014u, 987295185u,
    984625594u, 981963222u, 979308048u, 976660054u, 974019220u, 971385527u, 968758955u, 966139485u,
    963527098u, 960921775u, 958323496u, 955732243u, 953147997u, 950570738u, 948000448u, 945437108u,
    942880699u, 940331203u, 937788600u, 935252872u, 932724001u, 930201967u, 927686753u, 925178340u,
    922676710u, 920181844u, 917693724u, 915212331u, 912737649u, 910269657u, 907808339u, 905353676u,
    902905651u, 900464244u, 898029440u, 895601218u, 893179563u, 890764456u, 888355878u, 885953814u,
    883558244u, 881169153u, 878786521u, 876410331u, 874040567u, 871677210u, 869320244u, 866969651u,
    864625413u, 862287515u, 859955938u, 857630665u, 855311680u, 852998965u, 850692504u, 848392279u,
    846098274u, 843810471u, 841528855u, 839253408u, 836984114u, 834720956u, 832463917u, 830212982u,
    827968132u, 825729353u, 823496627u, 821269938u, 819049271u, 816834607u, 814625932u, 812423229u,
    810226483u, 808035676u, 805850792u, 803671817u, 801498734u, 799331526u, 797170178u, 795014675u,
    792865000u, 790721137u, 788583072u, 786450787u, 784324269u, 782203500u, 780088465u, 777979150u,
    775875538u, 773777614u, 771685363u, 769598769u, 767517817u, 765442492u, 763372778u, 761308661u,
    759250125u, 757197155u, 755149737u, 753107854u, 751071493u, 749040637u, 747015274u, 744995386u,
    742980960u, 740971982u, 738968435u, 736970306u, 734977579u, 732990241u, 731008277u, 729031671u,
    727060411u, 725094480u, 723133865u, 721178552u, 719228525u, 717283772u, 715344277u, 713410026u,
    711481005u, 709557200u, 707638598u, 705725183u, 703816941u, 701913860u, 700015924u, 698123120u,
    696235434u, 694352853u, 692475362u, 690602947u, 688735596u, 686873293u, 685016026u, 683163781u,
    681316545u, 679474303u, 677637043u, 675804750u, 673977412u, 672155015u, 670337545u, 668524990u,
    666717336u, 664914570u, 663116678u, 661323648u, 659535466u, 657752119u, 655973594u, 654199878u,
    652430958u, 650666822u, 648907455u, 647152846u, 645402981u, 643657847u, 641917433u, 640181724u,
    638450708u, 636724373u, 635002706u, 633285695u, 631573326u, 629865587u, 628162466u, 626463950u,
    624770026u, 623080683u, 621395908u, 619715688u, 618040012u, 616368866u, 614702239u, 613040119u,
    611382493u, 609729349u, 608080675u, 606436459u, 604796689u, 603161352u, 601530438u, 599903933u,
    598281827u, 596664106u, 595050760u, 593441776u, 591837143u, 590236848u, 588640881u, 587049229u,
    585461881u, 583878825u, 582300049u, 580725543u, 579155293u, 577589290u, 576027521u, 574469975u,
    572916640u, 571367506u, 569822560u, 568281792u, 566745190u, 565212742u, 563684439u, 562160268u,
    560640218u, 559124278u, 557612438u, 556104685u, 554601009u, 553101399u, 551605844u, 550114332u,
    548626854u, 547143398u, 545663953u, 544188508u, 542717053u, 541249576u, 539786068u, 538326517u,
    536870912u,
};
/* 2^(-n/65536) * 2^q for n >= 0 (n in Q16) and 0 <= q <= 30 (manual: exp2): the table
   interpolated linearly at a 2^-8 step, then shifted (0 below 2^-q) */
static uint32_t edgellm__exp2n(uint32_t n, int q) {
    uint32_t f = n & 0xFFFFu, i = f >> 8;
    uint32_t p = edgellm__exp2_tab[i] - edgellm__rshru32((edgellm__exp2_tab[i] - edgellm__exp2_tab[i + 1u]) * (f & 255u), 8);
    return edgellm__rshru32(p, 30 - q + (int)(n >> 16));
}

/* the least n with exp2n(n, q) = 0: (q + 1) * 2^16 + 1 (at (q + 1) * 2^16 the shift is 31 and
   P = 2^30, so exp2n is rshr(2^30, 31) = 1; beyond it P < 2^30 or the shift is 32 or more).
   The fast loops skip every n from here on. */
static uint32_t edgellm__exp2_zero(int q) { return ((uint32_t)(q + 1) << 16) + 1u; }

/* SIG[i] = round(2^15 / (1 + e^(-i/32))), i = 0..384 */
static const uint16_t edgellm__sig_tab[385] = {
    16384, 16640, 16896, 17151, 17407, 17661, 17916, 18169, 18421, 18673, 18923, 19173,
    19420, 19667, 19912, 20155, 20397, 20636, 20874, 21110, 21344, 21575, 21804, 22031,
    22255, 22477, 22696, 22913, 23127, 23338, 23547, 23753, 23955, 24155, 24352, 24546,
    24737, 24925, 25110, 25292, 25471, 25646, 25819, 25988, 26155, 26318, 26479, 26636,
    26790, 26941, 27090, 27235, 27377, 27516, 27653, 27786, 27917, 28045, 28169, 28292,
    28411, 28528, 28642, 28753, 28862, 28968, 29072, 29173, 29272, 29368, 29462, 29554,
    29644, 29731, 29816, 29899, 29979, 30058, 30135, 30210, 30282, 30353, 30422, 30489,
    30555, 30618, 30680, 30740, 30799, 30856, 30912, 30966, 31018, 31069, 31119, 31167,
    31214, 31260, 31304, 31347, 31389, 31430, 31469, 31508, 31545, 31581, 31616, 31651,
    31684, 31716, 31747, 31778, 31807, 31836, 31864, 31891, 31917, 31943, 31968, 31992,
    32015, 32038, 32060, 32081, 32102, 32122, 32141, 32160, 32179, 32196, 32214, 32231,
    32247, 32263, 32278, 32293, 32307, 32321, 32335, 32348, 32361, 32373, 32385, 32397,
    32408, 32419, 32430, 32440, 32450, 32460, 32469, 32478, 32487, 32496, 32504, 32512,
    32520, 32527, 32535, 32542, 32549, 32555, 32562, 32568, 32574, 32580, 32586, 32592,
    32597, 32602, 32607, 32612, 32617, 32622, 32626, 32630, 32635, 32639, 32643, 32647,
    32650, 32654, 32657, 32661, 32664, 32667, 32670, 32673, 32676, 32679, 32682, 32684,
    32687, 32689, 32692, 32694, 32696, 32699, 32701, 32703, 32705, 32707, 32709, 32711,
    32712, 32714, 32716, 32717, 32719, 32720, 32722, 32723, 32725, 32726, 32727, 32728,
    32730, 32731, 32732, 32733, 32734, 32735, 32736, 32737, 32738, 32739, 32740, 32741,
    32742, 32742, 32743, 32744, 32745, 32745, 32746, 32747, 32747, 32748, 32749, 32749,
    32750, 32750, 32751, 32752, 32752, 32753, 32753, 32753, 32754, 32754, 32755, 32755,
    32756, 32756, 32756, 32757, 32757, 32757, 32758, 32758, 32758, 32759, 32759, 32759,
    32759, 32760, 32760, 32760, 32760, 32761, 32761, 32761, 32761, 32762, 32762, 32762,
    32762, 32762, 32762, 32763, 32763, 32763, 32763, 32763, 32763, 32764, 32764, 32764,
    32764, 32764, 32764, 32764, 32764, 32765, 32765, 32765, 32765, 32765, 32765, 32765,
    32765, 32765, 32765, 32765, 32766, 32766, 32766, 32766, 32766, 32766, 32766, 32766,
    32766, 32766, 32766, 32766, 32766, 32766, 32766, 32766, 32767, 32767, 32767, 32767,
    32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
    32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
    32767, 32767, 32767, 32767, 32767, 32767, 32767, 32768, 32768, 32768, 32768, 32768,
    32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768,
    32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768, 32768,
    32768,
};
/* the sigmoid of x (Q16) in Q15, interpolated at a 1/32 step; 2^15 from x = 12 on */
static uint32_t edgellm__sigmoid(int32_t x) {
    uint32_t ax = x < 0 ? (uint32_t)0 - (uint32_t)x : (uint32_t)x, i, s;
    if (ax >= (12u << 16)) s = 32768u;
    else {
        i = ax >> 11;
        s = edgellm__sig_tab[i] + edgellm__rshru32((uint32_t)(edgellm__sig_tab[i + 1u] - edgellm__sig_tab[i]) * (ax & 2047u), 11);
    }
    return x < 0 ? 32768u - s : s;
}

/* sin and cos of a phase (2^-32 turns) in Q30 (manual: sin/cos): 32-bit operands, 64-bit
   products, once per position and pair */
static int32_t edgellm__mulq30(int32_t a, int32_t b) { return (int32_t)(((int64_t)a * b + ((int64_t)1 << 29)) >> 30); }
static void edgellm__sincos(uint32_t phase, int32_t *sn, int32_t *cs) {
    static const int32_t SC[5] = {2959, -213044, 8947849, -178956971, 1073741824};
    static const int32_t CC[6] = {-296, 26631, -1491308, 44739243, -536870912, 1073741824};
    uint32_t quad = phase >> 30, r = phase & 0x3FFFFFFFu;
    int flip = r >= (1u << 29);
    int32_t a, a2, s, c, t;
    int k;
    if (flip) r = (1u << 30) - r;
    /* a = (r * 6746518852 + 2^31) >> 32, with 6746518852 = 2^32 + 2451551556 */
    a = (int32_t)(r + (uint32_t)(((uint64_t)r * 2451551556u + 0x80000000u) >> 32));
    a2 = edgellm__mulq30(a, a);
    s = SC[0];
    for (k = 1; k < 5; k++) s = SC[k] + edgellm__mulq30(s, a2);
    s = edgellm__mulq30(s, a);
    c = CC[0];
    for (k = 1; k < 6; k++) c = CC[k] + edgellm__mulq30(c, a2);
    if (flip) { t = s; s = c; c = t; }
    switch (quad) {
    case 1: t = s; s = c; c = -t; break;
    case 2: s = -s; c = -c; break;
    case 3: t = s; s = -c; c = t; break;
    default: break;
    }
    *sn = s;
    *cs = c;
}

/* ---------------------------------------------------------------- results */
EDGELLM_API const char *edgellm_result_string(int result) {
#ifdef EDGELLM_NO_STRINGS
    (void)result;
    return "";
#else
    switch (result) {
#define EDGELLM__STR(name, value, text) case value: return text;
    EDGELLM_RESULTS(EDGELLM__STR)
#undef EDGELLM__STR
    default: return "unknown result code";
    }
#endif
}

static uint32_t edgellm__crc_update(uint32_t c, const uint8_t *p, size_t size) {
    static const uint32_t T[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
        0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu};
    size_t i;
    for (i = 0; i < size; i++) {
        c ^= p[i];
        c = (c >> 4) ^ T[c & 15u];
        c = (c >> 4) ^ T[c & 15u];
    }
    return c;
}

EDGELLM_API uint32_t edgellm_crc32(const void *data, size_t size) {
    return edgellm__crc_update(0xFFFFFFFFu, (const uint8_t *)data, size) ^ 0xFFFFFFFFu;
}

/* ---------------------------------------------------------------- loading */
#define EDGELLM__DIR_ENTRY 32u
#define EDGELLM__TOK_HEAD 32u

/* a layer's matrices in edgellm_model_matrix order: index = per_layer * l + slot */
enum { EDGELLM__WQ, EDGELLM__WK, EDGELLM__WV, EDGELLM__WO, EDGELLM__W1, EDGELLM__W2, EDGELLM__W3 };
/* a layer's directory entries, from 1 + (per_layer + 2) * l */
enum {
    EDGELLM__T_ATTN_NORM, EDGELLM__T_WQ, EDGELLM__T_WK, EDGELLM__T_WV, EDGELLM__T_WO, EDGELLM__T_FFN_NORM,
    EDGELLM__T_W1, EDGELLM__T_W2, EDGELLM__T_W3
};

static uint32_t edgellm__per_layer_mats(const edgellm_model *m) {
    return (m->flags & EDGELLM_FLAG_GATED) ? 7u : 6u;
}
/* directory entry of tensor `slot` (EDGELLM__T_*) of layer l; l = n_layers: the final norm */
static uint32_t edgellm__layer_tensor(const edgellm_model *m, uint32_t l, uint32_t slot) {
    return 1u + l * (edgellm__per_layer_mats(m) + 2u) + slot;
}
static uint32_t edgellm__n_tensors(const edgellm_model *m) {
    return edgellm__layer_tensor(m, m->n_layers, 1u) + ((m->flags & EDGELLM_FLAG_SEPARATE_HEAD) ? 1u : 0u);
}

static int edgellm__geometry(uint32_t type, uint32_t cols, uint32_t *cols_pad, uint32_t *stride) {
    switch (type) {
    case EDGELLM_WT_T2: *cols_pad = (cols + 63u) / 64u * 64u; *stride = *cols_pad / 4u; return 1;
    case EDGELLM_WT_T1: *cols_pad = (cols + 79u) / 80u * 80u; *stride = *cols_pad / 5u; return 1;
    case EDGELLM_WT_I8: *cols_pad = (cols + 15u) / 16u * 16u; *stride = *cols_pad; return 1;
    default: return 0;
    }
}

/* encode 5 trits (t0 most significant) as one T1 byte */
static uint8_t edgellm__t1_encode(uint32_t v) { return (uint8_t)((v * 256u + 242u) / 243u); }
static int edgellm__t1_trit(uint32_t byte, uint32_t k) {
    static const uint8_t P3[5] = {1, 3, 9, 27, 81};
    return (int)((((byte * P3[k]) & 0xFFu) * 3u) >> 8);
}
static int edgellm__t1_valid(uint32_t byte) {
    uint32_t v = 0, k;
    for (k = 0; k < 5; k++) v = v * 3u + (uint32_t)edgellm__t1_trit(byte, k);
    return edgellm__t1_encode(v) == byte;
}

/* weight (r, c) of a matrix as an integer in -128..127 */
static int32_t edgellm__weight(const edgellm_matrix *m, uint32_t r, uint32_t c) {
    const uint8_t *row = m->data + (size_t)r * m->stride;
    uint32_t b, i, k, code;
    switch (m->type) {
    case EDGELLM_WT_T2:
        b = c / 64u; k = (c % 64u) / 16u; i = c % 16u;
        code = (row[b * 16u + i] >> (2u * k)) & 3u;
        return (int32_t)(code & 1u) - (int32_t)(code >> 1);
    case EDGELLM_WT_T1:
        b = c / 80u; k = (c % 80u) / 16u; i = c % 16u;
        return edgellm__t1_trit(row[b * 16u + i], k) - 1;
    default:
        return (int32_t)(int8_t)row[c];
    }
}

static int edgellm__check_scale(const uint8_t *p) {
    int32_t mult = edgellm__rdi32(p), shift = edgellm__rdi32(p + 4);
    if (mult == 0) return shift == 0;
    return mult >= (1 << 30) && shift >= -64 && shift <= 128;
}

/* validates one matrix's packed data: codes, and zero padding */
static int edgellm__check_weights(const edgellm_matrix *m) {
    uint32_t r, j, c;
    for (r = 0; r < m->rows; r++) {
        const uint8_t *row = m->data + (size_t)r * m->stride;
        if (m->type == EDGELLM_WT_T2) {
            for (j = 0; j < m->stride; j++) {
                uint32_t b = row[j], k;
                for (k = 0; k < 4; k++) if (((b >> (2u * k)) & 3u) == 3u) return 0;
            }
        } else if (m->type == EDGELLM_WT_T1) {
            for (j = 0; j < m->stride; j++) if (!edgellm__t1_valid(row[j])) return 0;
        }
        for (c = m->cols; c < m->cols_pad; c++)
            if (edgellm__weight(m, r, c) != 0) return 0;
    }
    return 1;
}

/* compares piece a||b (b may be empty) with piece c: <0, 0, >0 */
static int edgellm__cmp2(const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb,
                         const uint8_t *c, uint32_t lc) {
    uint32_t i, n = la + lb;
    for (i = 0; i < n && i < lc; i++) {
        uint8_t x = i < la ? a[i] : b[i - la];
        if (x != c[i]) return x < c[i] ? -1 : 1;
    }
    return n < lc ? -1 : (n > lc ? 1 : 0);
}

static void edgellm__piece(const edgellm_model *m, uint32_t id, const uint8_t **p, uint32_t *len) {
    uint32_t a = edgellm__rd32(m->tok_offs + 4u * id), b = edgellm__rd32(m->tok_offs + 4u * id + 4u);
    *p = m->tok_blob + a;
    *len = b - a;
}

static int edgellm__load_tokenizer(edgellm_model *m, const uint8_t *t, uint32_t size) {
    uint32_t n, blob, i, prev_end = 0;
    int32_t v;
    if (size < EDGELLM__TOK_HEAD) return EDGELLM_ERR_TOKENIZER;
    m->tok_kind = edgellm__rd32(t);
    m->bos = edgellm__rdi32(t + 4);
    m->eos = edgellm__rdi32(t + 8);
    m->byte_base = edgellm__rdi32(t + 12);
    m->tok_max_len = edgellm__rd32(t + 16);
    n = edgellm__rd32(t + 20);
    blob = edgellm__rd32(t + 24);
    if (m->tok_kind != EDGELLM_TOK_LLAMA2 && m->tok_kind != EDGELLM_TOK_BYTES) return EDGELLM_ERR_TOKENIZER;
    if (n != m->vocab || edgellm__rd32(t + 28) != 0) return EDGELLM_ERR_TOKENIZER;
    if (m->tok_max_len < 1 || m->tok_max_len > 1024) return EDGELLM_ERR_TOKENIZER;
    if ((uint64_t)size != (uint64_t)EDGELLM__TOK_HEAD + 12u * (uint64_t)n + 4u + blob) return EDGELLM_ERR_TOKENIZER;
    v = m->bos; if (v < -1 || v >= (int32_t)n) return EDGELLM_ERR_TOKENIZER;
    v = m->eos; if (v < -1 || v >= (int32_t)n) return EDGELLM_ERR_TOKENIZER;
    v = m->byte_base;
    if (v < -1 || (v >= 0 && (uint32_t)v + 256u > n)) return EDGELLM_ERR_TOKENIZER;
    if (m->tok_kind == EDGELLM_TOK_BYTES && v != -1) return EDGELLM_ERR_TOKENIZER;
    m->tok_offs = t + EDGELLM__TOK_HEAD;
    m->tok_scores = m->tok_offs + 4u * (n + 1u);
    m->tok_sorted = m->tok_scores + 4u * n;
    m->tok_blob = m->tok_sorted + 4u * n;
    if (edgellm__rd32(m->tok_offs) != 0 || edgellm__rd32(m->tok_offs + 4u * n) != blob) return EDGELLM_ERR_TOKENIZER;
    for (i = 0; i < n; i++) {
        uint32_t a = edgellm__rd32(m->tok_offs + 4u * i), b = edgellm__rd32(m->tok_offs + 4u * i + 4u);
        if (a != prev_end || b < a || b > blob || b - a > m->tok_max_len) return EDGELLM_ERR_TOKENIZER;
        if (m->tok_kind == EDGELLM_TOK_BYTES && b - a != 1u) return EDGELLM_ERR_TOKENIZER;
        prev_end = b;
    }
    for (i = 0; i < n; i++) {
        uint32_t id = edgellm__rd32(m->tok_sorted + 4u * i);
        if (id >= n) return EDGELLM_ERR_TOKENIZER;
        if (i > 0) {   /* strictly increasing by (piece, id): a permutation of 0..n-1 */
            uint32_t pid = edgellm__rd32(m->tok_sorted + 4u * i - 4u), la, lb;
            const uint8_t *pa, *pb;
            int c;
            edgellm__piece(m, pid, &pa, &la);
            edgellm__piece(m, id, &pb, &lb);
            c = edgellm__cmp2(pa, la, pb, 0, pb, lb);
            if (c > 0 || (c == 0 && pid >= id)) return EDGELLM_ERR_TOKENIZER;
        }
    }
    if (m->byte_base >= 0) {
        /* byte tokens must read <0xNN>, so that decoding by id and by text agree */
        static const char H[] = "0123456789ABCDEF";
        for (i = 0; i < 256u; i++) {
            const uint8_t *p;
            uint32_t len;
            edgellm__piece(m, (uint32_t)m->byte_base + i, &p, &len);
            if (len != 6 || p[0] != '<' || p[1] != '0' || p[2] != 'x' || p[3] != (uint8_t)H[i >> 4] ||
                p[4] != (uint8_t)H[i & 15u] || p[5] != '>')
                return EDGELLM_ERR_TOKENIZER;
        }
    }
    return EDGELLM_OK;
}

static int edgellm__matrix_from_dir(const edgellm_model *m, uint32_t tensor, uint32_t index, edgellm_matrix *out) {
    const uint8_t *e = m->dir + EDGELLM__DIR_ENTRY * tensor;
    out->type = edgellm__rd32(e);
    out->rows = edgellm__rd32(e + 4);
    out->cols = edgellm__rd32(e + 8);
    if (!edgellm__geometry(out->type, out->cols, &out->cols_pad, &out->stride)) return EDGELLM_ERR_TENSOR_TYPE;
    out->data = m->data + edgellm__rd32(e + 12);
    out->scales = (const edgellm_scale *)(const void *)(m->data + edgellm__rd32(e + 20));
    out->index = index;
    return EDGELLM_OK;
}

/* directory position of matrix `index` (the order of edgellm_model_matrix) */
static uint32_t edgellm__matrix_tensor(const edgellm_model *m, uint32_t index) {
    static const uint8_t slot[7] = {EDGELLM__T_WQ, EDGELLM__T_WK, EDGELLM__T_WV, EDGELLM__T_WO,
                                    EDGELLM__T_W1, EDGELLM__T_W2, EDGELLM__T_W3};
    uint32_t per = edgellm__per_layer_mats(m), l = index / per;
    EDGELLM__OPAQUE(l);   /* the slot below with a multiply, not a second division */
    if (l >= m->n_layers) /* output head */
        return (m->flags & EDGELLM_FLAG_SEPARATE_HEAD) ? edgellm__n_tensors(m) - 1u : 0u;
    return edgellm__layer_tensor(m, l, slot[index - l * per]);
}

EDGELLM_API uint32_t edgellm_model_matrix_count(const edgellm_model *m) {
    if (!m || m->valid != EDGELLM__MODEL_OK) return 0;
    return m->n_layers * edgellm__per_layer_mats(m) + 1u;
}

EDGELLM_API int edgellm_model_matrix(const edgellm_model *m, uint32_t index, edgellm_matrix *out) {
    if (!m || !out) return EDGELLM_ERR_ARG;
    if (m->valid != EDGELLM__MODEL_OK) return EDGELLM_ERR_STATE;
    if (index >= edgellm_model_matrix_count(m)) return EDGELLM_ERR_ARG;
    return edgellm__matrix_from_dir(m, edgellm__matrix_tensor(m, index), index, out);
}

/* One layer as the forward pass sees it, resolved from the directory: the RMSNorm gains
   (dim int32, Q16, in the file) and the matrices' indices for edgellm_model_matrix. */
typedef struct edgellm__layer {
    const uint8_t *attn_norm, *ffn_norm;
    uint32_t wq, wk, wv, wo, w1, w2, w3;
    int gated;   /* w3 exists: the FFN is w2(act(w1 x) * w3 x) */
} edgellm__layer;

static const uint8_t *edgellm__tensor_data(const edgellm_model *m, uint32_t t) {
    return m->data + edgellm__rd32(m->dir + EDGELLM__DIR_ENTRY * t + 12u);
}
static void edgellm__layer_of(const edgellm_model *m, uint32_t l, edgellm__layer *L) {
    uint32_t base = l * edgellm__per_layer_mats(m);
    L->attn_norm = edgellm__tensor_data(m, edgellm__layer_tensor(m, l, EDGELLM__T_ATTN_NORM));
    L->ffn_norm = edgellm__tensor_data(m, edgellm__layer_tensor(m, l, EDGELLM__T_FFN_NORM));
    L->wq = base + EDGELLM__WQ;
    L->wk = base + EDGELLM__WK;
    L->wv = base + EDGELLM__WV;
    L->wo = base + EDGELLM__WO;
    L->w1 = base + EDGELLM__W1;
    L->w2 = base + EDGELLM__W2;
    L->w3 = base + EDGELLM__W3;
    L->gated = (m->flags & EDGELLM_FLAG_GATED) != 0;
}
/* the final RMSNorm's gains, the output head's matrix index, the embedding matrix */
static const uint8_t *edgellm__final_norm(const edgellm_model *m) {
    return edgellm__tensor_data(m, edgellm__layer_tensor(m, m->n_layers, 0));
}
static uint32_t edgellm__head_matrix(const edgellm_model *m) { return m->n_layers * edgellm__per_layer_mats(m); }
static void edgellm__embedding(const edgellm_model *m, edgellm_matrix *emb) { edgellm__matrix_from_dir(m, 0, 0, emb); }

/* expected (rows, cols, is_matrix) of directory entry t */
static void edgellm__expect(const edgellm_model *m, uint32_t t, uint32_t *rows, uint32_t *cols, int *mat) {
    uint32_t per = edgellm__per_layer_mats(m) + 2u;
    *mat = 1;
    if (t == 0) { *rows = m->vocab; *cols = m->dim; return; }   /* embedding */
    if (t - 1u < m->n_layers * per) {
        switch ((t - 1u) % per) {
        case EDGELLM__T_ATTN_NORM: case EDGELLM__T_FFN_NORM: *rows = m->dim; *cols = 1; *mat = 0; return;
        case EDGELLM__T_WQ: case EDGELLM__T_WO: *rows = m->dim; *cols = m->dim; return;
        case EDGELLM__T_WK: case EDGELLM__T_WV: *rows = m->kv_dim; *cols = m->dim; return;
        case EDGELLM__T_W2: *rows = m->dim; *cols = m->hidden; return;
        default: *rows = m->hidden; *cols = m->dim; return;   /* w1, w3 */
        }
    }
    if (t == edgellm__layer_tensor(m, m->n_layers, 0)) { *rows = m->dim; *cols = 1; *mat = 0; return; }   /* final norm */
    *rows = m->vocab; *cols = m->dim;   /* separate head */
}

/* field by field: a struct assignment may become a memcpy call */
static void edgellm__model_copy(edgellm_model *d, const edgellm_model *s) {
    d->data = s->data;
    d->size = s->size;
    d->dim = s->dim;
    d->hidden = s->hidden;
    d->n_layers = s->n_layers;
    d->n_heads = s->n_heads;
    d->n_kv_heads = s->n_kv_heads;
    d->vocab = s->vocab;
    d->seq_len = s->seq_len;
    d->head_size = s->head_size;
    d->kv_dim = s->kv_dim;
    d->flags = s->flags;
    d->act = s->act;
    d->norm_eps = s->norm_eps;
    d->dir = s->dir;
    d->rope = s->rope;
    d->tok_kind = s->tok_kind;
    d->tok_max_len = s->tok_max_len;
    d->bos = s->bos;
    d->eos = s->eos;
    d->byte_base = s->byte_base;
    d->tok_offs = s->tok_offs;
    d->tok_scores = s->tok_scores;
    d->tok_sorted = s->tok_sorted;
    d->tok_blob = s->tok_blob;
}

EDGELLM_API int edgellm_model_load(edgellm_model *model, const void *data, size_t size) {
    const uint8_t *p = (const uint8_t *)data;
    edgellm_model tmp, *m = &tmp;   /* validated here, copied to *model on success */
    uint32_t file_size, crc, i, nt, end, hs;
    uint64_t need;
    int r;
    if (!model) return EDGELLM_ERR_ARG;
    model->valid = 0;
    if (!data) return EDGELLM_ERR_ARG;
    if (size < 8) return EDGELLM_ERR_TRUNCATED;
    if (edgellm__rd32(p) != EDGELLM_MAGIC) return EDGELLM_ERR_MAGIC;
    /* version 1 files have the same layout: they load and run under this arithmetic */
    if (edgellm__rd32(p + 4) != EDGELLM_VERSION && edgellm__rd32(p + 4) != 1u) return EDGELLM_ERR_VERSION;
    if (size < EDGELLM_HEADER_SIZE) return EDGELLM_ERR_TRUNCATED;
    file_size = edgellm__rd32(p + 8);
    if (file_size < EDGELLM_HEADER_SIZE) return EDGELLM_ERR_HEADER;
    if (size < file_size) return EDGELLM_ERR_TRUNCATED;
    {   /* crc over the file with the crc field read as zero */
        static const uint8_t zero[4] = {0, 0, 0, 0};
        uint32_t c = edgellm__crc_update(0xFFFFFFFFu, p, 12);
        c = edgellm__crc_update(c, zero, 4);
        c = edgellm__crc_update(c, p + 16, file_size - 16u);
        crc = c ^ 0xFFFFFFFFu;
        if (crc != edgellm__rd32(p + 12)) return EDGELLM_ERR_CHECKSUM;
    }
    m->data = p;
    m->size = file_size;
    m->valid = 0;
    if (edgellm__rd32(p + 16) != EDGELLM_HEADER_SIZE) return EDGELLM_ERR_HEADER;
    m->flags = edgellm__rd32(p + 20);
    if ((m->flags & ~31u) != 0 || (m->flags & 3u) == 3u) return EDGELLM_ERR_HEADER;
    for (i = 76; i < EDGELLM_HEADER_SIZE; i++) if (p[i] != 0) return EDGELLM_ERR_HEADER;
    m->act = m->flags & 3u;
    m->dim = edgellm__rd32(p + 24);
    m->hidden = edgellm__rd32(p + 28);
    m->n_layers = edgellm__rd32(p + 32);
    m->n_heads = edgellm__rd32(p + 36);
    m->n_kv_heads = edgellm__rd32(p + 40);
    m->vocab = edgellm__rd32(p + 44);
    m->seq_len = edgellm__rd32(p + 48);
    m->norm_eps = edgellm__rd32(p + 52);
    if (m->dim < 1 || m->dim > 32768u || m->hidden < 1 || m->hidden > 65536u || m->n_layers < 1 ||
        m->n_layers > 256u || m->vocab < 1 || m->vocab > 131072u || m->seq_len < 1 || m->seq_len > 65536u ||
        m->n_heads < 1 || m->n_heads > m->dim || m->dim % m->n_heads != 0 || m->n_kv_heads < 1 ||
        m->n_kv_heads > m->n_heads || m->n_heads % m->n_kv_heads != 0)
        return EDGELLM_ERR_SHAPE;
    m->head_size = m->dim / m->n_heads;
    if (m->head_size & 1u) return EDGELLM_ERR_SHAPE;
    m->kv_dim = m->n_kv_heads * m->head_size;
    /* sections, in order, aligned, inside the file */
    end = EDGELLM_HEADER_SIZE;
    nt = edgellm__n_tensors(m);
    if (edgellm__rd32(p + 72) != nt) return EDGELLM_ERR_SHAPE;
#define EDGELLM__SECTION(off, len)                                                           \
    do {                                                                                     \
        uint64_t o_ = (off), l_ = (len);                                                     \
        if ((o_ & 15u) != 0 || o_ < end || o_ + l_ > file_size) return EDGELLM_ERR_OFFSET;   \
        end = (uint32_t)(o_ + l_);                                                           \
    } while (0)
    EDGELLM__SECTION(edgellm__rd32(p + 68), (uint64_t)nt * EDGELLM__DIR_ENTRY);
    m->dir = p + edgellm__rd32(p + 68);
    hs = m->head_size / 2u;
    EDGELLM__SECTION(edgellm__rd32(p + 56), 4u * (uint64_t)hs);
    m->rope = p + edgellm__rd32(p + 56);
    EDGELLM__SECTION(edgellm__rd32(p + 60), edgellm__rd32(p + 64));
    for (i = 0; i < nt; i++) {
        const uint8_t *e = m->dir + EDGELLM__DIR_ENTRY * i;
        uint32_t type = edgellm__rd32(e), rows = edgellm__rd32(e + 4), cols = edgellm__rd32(e + 8);
        uint32_t er, ec, cp, st;
        int mat;
        edgellm__expect(m, i, &er, &ec, &mat);
        if (edgellm__rd32(e + 28) != 0) return EDGELLM_ERR_HEADER;
        if (mat ? !edgellm__geometry(type, cols, &cp, &st) : type != EDGELLM_WT_Q16) return EDGELLM_ERR_TENSOR_TYPE;
        if (rows != er || cols != ec) return EDGELLM_ERR_TENSOR_SHAPE;
        need = mat ? (uint64_t)rows * st : 4u * (uint64_t)rows;
        if (edgellm__rd32(e + 16) != need) return EDGELLM_ERR_TENSOR_SHAPE;
        if (edgellm__rd32(e + 24) != (mat ? 8u * (uint64_t)rows : 0u)) return EDGELLM_ERR_TENSOR_SHAPE;
        EDGELLM__SECTION(edgellm__rd32(e + 12), need);
        if (mat) {
            EDGELLM__SECTION(edgellm__rd32(e + 20), 8u * (uint64_t)rows);
        } else if (edgellm__rd32(e + 20) != 0) {
            return EDGELLM_ERR_TENSOR_SHAPE;
        }
    }
#undef EDGELLM__SECTION
    /* contents: scales, packed weights, tokenizer */
    for (i = 0; i < nt; i++) {
        uint32_t er, ec, k;
        int mat;
        edgellm_matrix mx;
        edgellm__expect(m, i, &er, &ec, &mat);
        if (!mat) continue;
        edgellm__matrix_from_dir(m, i, 0, &mx);
        for (k = 0; k < mx.rows; k++)
            if (!edgellm__check_scale((const uint8_t *)mx.scales + 8u * k)) return EDGELLM_ERR_SCALE;
        if (!edgellm__check_weights(&mx)) return EDGELLM_ERR_WEIGHTS;
    }
    r = edgellm__load_tokenizer(m, p + edgellm__rd32(p + 60), edgellm__rd32(p + 64));
    if (r != EDGELLM_OK) return r;
    edgellm__model_copy(model, m);
    model->valid = EDGELLM__MODEL_OK;
    return EDGELLM_OK;
}

/* ================================================================ reference kernels
   From here to the ACCELERATED FORMS at the end of the implementation, the code is the
   same on every target: no conditional compilation. A few hot loops hand a prefix of
   their work to an edgellm__fast_* function, which returns how far it got (0 where the
   build has no accelerated form of that loop, bit-identical to this code where it has),
   and the loop here finishes the rest. */
typedef struct edgellm__attn edgellm__attn;
typedef struct edgellm__head edgellm__head;
static uint32_t edgellm__fast_rows(const edgellm_matrix *m, const int8_t *x, int32_t *y, edgellm_ctx *ctx);
static uint32_t edgellm__fast_requant(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16, uint32_t ymax);
/* fast_quant8: quant8's scaling of v[0..n) (k, r from their absolute maximum a, as quant8
   finds them; |v| <= a, so that no result needs the clamp to [-127, 127]) */
static uint32_t edgellm__fast_quant8(const int32_t *v, uint32_t n, int k, int32_t r, int8_t *q);
static uint32_t edgellm__fast_silu(int32_t *h, uint32_t n, uint32_t *amax);
static uint32_t edgellm__fast_gate(int32_t *h, const int32_t *h3, uint32_t n, int k, int k3, uint32_t *amax);
static uint32_t edgellm__fast_normz(const int32_t *x, const uint8_t *g, uint32_t n, int kx, int kg, int32_t *z, uint32_t *za);
static uint32_t edgellm__fast_heads(const edgellm__attn *a, uint32_t h);
static uint32_t edgellm__fast_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_dscores(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_vweights(const edgellm__attn *a, edgellm__head *st, uint32_t kh);

/* ---------------------------------------------------------------- matrix rows */
/* Row kernels, written so that compilers vectorize them without fast-math: fixed
   16-wide inner loops over contiguous bytes. Each returns the exact int32 dot product. */
static int32_t edgellm__dot_i8(const int8_t *w, const int8_t *x, uint32_t n) {
    int32_t acc = 0;
    uint32_t b, i;
    for (b = 0; b < n; b += 16, w += 16, x += 16)   /* n is a multiple of 16 */
        for (i = 0; i < 16u; i++) acc += (int32_t)w[i] * x[i];
    return acc;
}
static int32_t edgellm__dot_t2(const uint8_t *w, const int8_t *x, uint32_t nb) {
    int32_t acc = 0;
    uint32_t b, i;
    int8_t d[64];
    for (b = 0; b < nb; b++, w += 16, x += 64) {   /* unpack a block, then an int8 dot */
        for (i = 0; i < 16u; i++) {
            uint32_t v = w[i];
            d[i] = (int8_t)((int32_t)(v & 1u) - (int32_t)((v >> 1) & 1u));
            d[16 + i] = (int8_t)((int32_t)((v >> 2) & 1u) - (int32_t)((v >> 3) & 1u));
            d[32 + i] = (int8_t)((int32_t)((v >> 4) & 1u) - (int32_t)((v >> 5) & 1u));
            d[48 + i] = (int8_t)((int32_t)((v >> 6) & 1u) - (int32_t)(v >> 7));
        }
        acc += edgellm__dot_i8(d, x, 64);
    }
    return acc;
}
/* unpacks a T1 block (16 bytes, 80 weights) into d */
static void edgellm__unpack_t1(const uint8_t *w, int8_t *d) {
    uint32_t i;
    for (i = 0; i < 16u; i++) {
        uint32_t v = w[i];
        d[i] = (int8_t)((int32_t)((v * 3u) >> 8) - 1);
        d[16 + i] = (int8_t)((int32_t)((((v * 3u) & 0xFFu) * 3u) >> 8) - 1);
        d[32 + i] = (int8_t)((int32_t)((((v * 9u) & 0xFFu) * 3u) >> 8) - 1);
        d[48 + i] = (int8_t)((int32_t)((((v * 27u) & 0xFFu) * 3u) >> 8) - 1);
        d[64 + i] = (int8_t)((int32_t)((((v * 81u) & 0xFFu) * 3u) >> 8) - 1);
    }
}
static int32_t edgellm__dot_t1(const uint8_t *w, const int8_t *x, uint32_t nb) {
    int32_t acc = 0;
    uint32_t b;
    int8_t d[80];
    for (b = 0; b < nb; b++, w += 16, x += 80) {
        edgellm__unpack_t1(w, d);
        acc += edgellm__dot_i8(d, x, 80);
    }
    return acc;
}

/* y = W x: an accelerated form first (with the context's lookup tables when it has
   some; ctx may be NULL), the reference loops for the rest */
static void edgellm__rows(const edgellm_matrix *m, const int8_t *x, int32_t *y, edgellm_ctx *ctx) {
    uint32_t r = edgellm__fast_rows(m, x, y, ctx);   /* rows [0, r) done by an accelerated form */
    switch (m->type) {
    case EDGELLM_WT_T2:
        for (; r < m->rows; r++) y[r] = edgellm__dot_t2(m->data + (size_t)r * m->stride, x, m->cols_pad / 64u);
        break;
    case EDGELLM_WT_T1:
        for (; r < m->rows; r++) y[r] = edgellm__dot_t1(m->data + (size_t)r * m->stride, x, m->cols_pad / 80u);
        break;
    default:
        for (; r < m->rows; r++) y[r] = edgellm__dot_i8((const int8_t *)(m->data + (size_t)r * m->stride), x, m->cols_pad);
        break;
    }
}

EDGELLM_API int edgellm_matvec_ref(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    if (!m || !x || !y) return EDGELLM_ERR_ARG;
    if (m->type != EDGELLM_WT_T2 && m->type != EDGELLM_WT_T1 && m->type != EDGELLM_WT_I8) return EDGELLM_ERR_TENSOR_TYPE;
    edgellm__rows(m, x, y, 0);
    return EDGELLM_OK;
}

/* the engine's own backend: user is the context (its lookup tables) */
static int edgellm__matvec_default(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    if (!m || !x || !y) return EDGELLM_ERR_ARG;
    if (m->type != EDGELLM_WT_T2 && m->type != EDGELLM_WT_T1 && m->type != EDGELLM_WT_I8) return EDGELLM_ERR_TENSOR_TYPE;
    edgellm__rows(m, x, y, (edgellm_ctx *)user);
    return EDGELLM_OK;
}

/* ---------------------------------------------------------------- arena */
/* the arena's buffers, in order (sizes: edgellm__layout and the manual's MEMORY) */
enum {
    EDGELLM__X,       /* the residual stream (dim, Q16) */
    EDGELLM__Q,       /* the queries; after the attention, each block's output (dim, Q16) */
    EDGELLM__ATT,     /* the attention output; also RMSNorm's scratch (dim, Q16) */
    EDGELLM__K,       /* this position's keys and values (kv_dim, Q16) */
    EDGELLM__V,
    EDGELLM__H1,      /* the FFN's hidden vectors (hidden, Q16) */
    EDGELLM__H3,
    EDGELLM__XQ,      /* the int8 input of a matrix, zero-padded to any cols_pad */
    EDGELLM__ROPE,    /* this position's RoPE rotations: (cos, sin) per pair, Q15 */
    EDGELLM__QI,      /* two query heads as integers (and a head's K or V on their way to the cache) */
    EDGELLM__HACC,    /* two heads' weighted sums of V */
    EDGELLM__ATTW,    /* two heads' scores, then their exp2 weights, per position */
    EDGELLM__LOGITS,
    EDGELLM__SAMP,    /* the sampler's weights and order; during a forward pass, free */
    EDGELLM__LUT,     /* the ternary rows' lookup tables (scalar cores) */
    EDGELLM__KC,      /* the K cache: per layer, per position, kv_dim values */
    EDGELLM__VC,      /* the V cache, the same way */
    EDGELLM__KVE,     /* their scales (m8, e) per kv head: all of K's, then all of V's */
    EDGELLM__MC,      /* the model's constants, set by edgellm_ctx_init (edgellm__mc_init) */
    EDGELLM__NBUF
};

static uint32_t edgellm__xq_len(const edgellm_model *m) {
    uint32_t n = m->dim > m->hidden ? m->dim : m->hidden, a = (n + 63u) / 64u * 64u, b = (n + 79u) / 80u * 80u;
    return a > b ? a : b;
}

/* the lookup tables' bytes: the largest ternary matrix input (0 with EDGELLM_NO_LUT) */
static uint64_t edgellm__lut_bytes(const edgellm_model *m) {
    uint64_t best = 0;
#if !defined(EDGELLM_NO_LUT)
    uint32_t i, n = edgellm_model_matrix_count(m);
    for (i = 0; i < n; i++) {
        edgellm_matrix mx;
        uint64_t b;
        if (edgellm_model_matrix(m, i, &mx) != EDGELLM_OK) continue;
        if (mx.type == EDGELLM_WT_T2) b = (uint64_t)(mx.cols_pad / 4u) * 342u;   /* 171 int16 per table */
        else if (mx.type == EDGELLM_WT_T1) b = (uint64_t)(mx.cols_pad / 5u) * 512u;
        else continue;
        if (b > best) best = b;
    }
#else
    (void)m;
#endif
    return best;
}

/* the one place that decides the arena: offsets of every buffer and the total */
#define EDGELLM__MC_NORMS 4u   /* EDGELLM__MC: the words before the gains' ORs */
static int edgellm__layout(const edgellm_model *m, uint32_t n_ctx, uint32_t *off, uint64_t *total) {
    uint64_t sz[EDGELLM__NBUF], o = 0, kv = (uint64_t)m->n_layers * n_ctx;
    uint32_t heads = m->n_heads / m->n_kv_heads >= 2u ? 2u : 1u;   /* query heads attended in one pass */
    int i;
    sz[EDGELLM__X] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__Q] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__ATT] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__K] = 4u * (uint64_t)m->kv_dim;
    sz[EDGELLM__V] = 4u * (uint64_t)m->kv_dim;
    sz[EDGELLM__H1] = 4u * (uint64_t)m->hidden;
    sz[EDGELLM__H3] = (m->flags & EDGELLM_FLAG_GATED) ? 4u * (uint64_t)m->hidden : 0u;
    sz[EDGELLM__XQ] = edgellm__xq_len(m);
    sz[EDGELLM__ROPE] = 4u * (uint64_t)m->head_size;
    sz[EDGELLM__QI] = 8u * (uint64_t)m->head_size;
    sz[EDGELLM__HACC] = 8u * (uint64_t)m->head_size;
    sz[EDGELLM__ATTW] = 4u * (uint64_t)heads * n_ctx;
    sz[EDGELLM__LOGITS] = 4u * (uint64_t)m->vocab;
    sz[EDGELLM__SAMP] = 8u * (uint64_t)m->vocab;
    sz[EDGELLM__LUT] = edgellm__lut_bytes(m);
    sz[EDGELLM__KC] = kv * m->kv_dim * ((m->flags & EDGELLM_FLAG_KV16) ? 2u : 1u);
    sz[EDGELLM__VC] = sz[EDGELLM__KC];
    sz[EDGELLM__KVE] = 4u * kv * m->n_kv_heads;
    sz[EDGELLM__MC] = 4u * (EDGELLM__MC_NORMS + 2u * (uint64_t)m->n_layers + 1u);
    for (i = 0; i < EDGELLM__NBUF; i++) {
        if (o > 0xFFFFFFFFu) return EDGELLM_ERR_SHAPE;
        if (off) off[i] = (uint32_t)o;
        o += (sz[i] + 15u) & ~(uint64_t)15u;
    }
    if (o > 0xFFFFFFFFu || o > (uint64_t)(size_t)-1) return EDGELLM_ERR_SHAPE;
    *total = o;
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_ctx_size(const edgellm_model *model, uint32_t n_ctx, size_t *bytes) {
    uint64_t t;
    int r;
    if (!model || !bytes) return EDGELLM_ERR_ARG;
    if (model->valid != EDGELLM__MODEL_OK) return EDGELLM_ERR_STATE;
    if (n_ctx < 1 || n_ctx > model->seq_len) return EDGELLM_ERR_ARG;
    r = edgellm__layout(model, n_ctx, 0, &t);
    if (r == EDGELLM_OK) *bytes = (size_t)t;
    return r;
}

/* the context was initialised and its model is still the one it was laid out for
   (a failed or different load into the same model struct makes it unusable) */
static int edgellm__ctx_ok(const edgellm_ctx *ctx) {
    const edgellm_model *m = ctx->model;
    return ctx->valid == EDGELLM__CTX_OK && m && m->valid == EDGELLM__MODEL_OK && m->data == ctx->model_data &&
           edgellm__rd32(m->data + 12) == ctx->model_crc;
}

EDGELLM_API int edgellm_ctx_reset(edgellm_ctx *ctx) {
    if (!ctx) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    ctx->pos = 0;
    ctx->attn_pos = 0;
    return EDGELLM_OK;
}

static void edgellm__mc_init(const edgellm_model *m, uint32_t *w);
EDGELLM_API int edgellm_ctx_init(edgellm_ctx *ctx, const edgellm_model *model, uint32_t n_ctx, void *mem, size_t mem_size) {
    uint64_t t;
    uint32_t i, nxq;
    int r;
    if (!ctx) return EDGELLM_ERR_ARG;
    ctx->valid = 0;
    if (!model || !mem) return EDGELLM_ERR_ARG;
    if (model->valid != EDGELLM__MODEL_OK) return EDGELLM_ERR_STATE;
    if (n_ctx < 1 || n_ctx > model->seq_len) return EDGELLM_ERR_ARG;
    if (((uintptr_t)mem & (EDGELLM_ARENA_ALIGN - 1u)) != 0) return EDGELLM_ERR_ARENA_ALIGN;
    r = edgellm__layout(model, n_ctx, ctx->off, &t);
    if (r != EDGELLM_OK) return r;
    if (mem_size < t) return EDGELLM_ERR_ARENA_SMALL;
    ctx->model = model;
    ctx->n_ctx = n_ctx;
    ctx->pos = 0;
    ctx->mem = (uint8_t *)mem;
    ctx->logits = (int32_t *)(void *)(ctx->mem + ctx->off[EDGELLM__LOGITS]);
    for (i = 0; i < model->vocab; i++) ctx->logits[i] = 0;
    ctx->matvec = edgellm__matvec_default;
    ctx->matvec_user = ctx;
    ctx->matvec_q16 = 0;
    ctx->matvec_q16_user = 0;
    ctx->attn.store = 0;
    ctx->attn.dots = 0;
    ctx->attn.vsum = 0;
    ctx->attn.scores = 0;
    ctx->attn.head = 0;
    ctx->attn.user = 0;
    ctx->attn_pos = 0;
    ctx->xq_gen = 1;
    for (i = 0, nxq = edgellm__xq_len(model); i < nxq; i++) ctx->mem[ctx->off[EDGELLM__XQ] + i] = 0;
    ctx->xq_hi = 0;
    ctx->lut_tag = 0;
    ctx->lut_bytes = ctx->off[EDGELLM__LUT + 1] - ctx->off[EDGELLM__LUT];
    ctx->model_data = model->data;
    ctx->model_crc = edgellm__rd32(model->data + 12);
    edgellm__mc_init(model, (uint32_t *)(void *)(ctx->mem + ctx->off[EDGELLM__MC]));
    ctx->valid = EDGELLM__CTX_OK;
    return EDGELLM_OK;
}

EDGELLM_API void edgellm_set_backend(edgellm_ctx *ctx, edgellm_matvec_fn fn, void *user) {
    if (!ctx) return;
    ctx->matvec = fn ? fn : edgellm__matvec_default;
    ctx->matvec_user = fn ? user : ctx;
}

EDGELLM_API void edgellm_set_backend_q16(edgellm_ctx *ctx, edgellm_matvec_q16_fn fn, void *user) {
    if (!ctx) return;
    ctx->matvec_q16 = fn;
    ctx->matvec_q16_user = fn ? user : 0;
}

EDGELLM_API int edgellm_set_attention(edgellm_ctx *ctx, const edgellm_attn_backend *b) {
    if (!ctx || (b && (!b->store || !b->dots || !b->vsum))) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    if (b && (ctx->model->flags & EDGELLM_FLAG_KV16)) return EDGELLM_ERR_ATTN_KV16;
    ctx->attn.store = b ? b->store : 0;
    ctx->attn.dots = b ? b->dots : 0;
    ctx->attn.vsum = b ? b->vsum : 0;
    ctx->attn.scores = b ? b->scores : 0;
    ctx->attn.head = b ? b->head : 0;
    ctx->attn.user = b ? b->user : 0;
    ctx->attn_pos = 0;   /* the next edgellm_feed hands it every cached position first */
    return EDGELLM_OK;
}
/* ---------------------------------------------------------------- vectors */
static edgellm__pf edgellm__scale_at(const edgellm_scale *s, uint32_t r) {
    const uint8_t *p = (const uint8_t *)(const void *)s + 8u * r;
    edgellm__pf f;
    f.m = edgellm__rdi32(p);
    f.e = f.m ? -edgellm__rdi32(p + 4) : 0;
    return f;
}

static uint32_t edgellm__absmax(const int32_t *v, uint32_t n) {
    uint32_t a = 0, i;
    EDGELLM__UNROLL(4)
    for (i = 0; i < n; i++) {
        uint32_t x = v[i] < 0 ? (uint32_t)0 - (uint32_t)v[i] : (uint32_t)v[i];
        if (EDGELLM__RARE(x > a)) a = x;
    }
    return a;
}
/* the OR of |v[0..n)|: its bit length is that of the absolute maximum (all that a narrowing
   shift needs), without a compare per value */
static uint32_t edgellm__absbits(const int32_t *v, uint32_t n) {
    uint32_t o = 0, i;
    EDGELLM__UNROLL(4)
    for (i = 0; i < n; i++) o |= v[i] < 0 ? (uint32_t)0 - (uint32_t)v[i] : (uint32_t)v[i];
    return o;
}

/* the shift k that narrows a vector of absolute maximum a > 0 to `bits` bits: narrow(v, k)
   has |v| <= 2^bits */
static int edgellm__narrow_shift(uint32_t a, int bits) { return edgellm__bitlen32(a) - bits; }

/* quant8's parts: q[from..len) zeroed (q is 16-byte aligned); the narrowing shift k and the
   multiplier R = round(127 * 2^23 / ap) of an absolute maximum a > 0 (ap = narrow(a, k), in
   [2^15, 2^16]; R in [16256, 32512]); and the scale of q in the vector's units */
static void edgellm__q8_zero(int8_t *q, uint32_t from, uint32_t len) {
    uint32_t i;
    for (i = from; i < len && (i & 3u); i++) q[i] = 0;
    for (; i + 16u <= len; i += 16) {   /* words, four a step */
        uint32_t *w = (uint32_t *)(void *)(q + i);
        w[0] = 0;
        w[1] = 0;
        w[2] = 0;
        w[3] = 0;
    }
    for (; i + 4u <= len; i += 4) *(uint32_t *)(void *)(q + i) = 0;
    for (; i < len; i++) q[i] = 0;
}
static int32_t edgellm__q8_mult(uint32_t a, int *k) {
    uint32_t ap;
    *k = edgellm__narrow_shift(a, 16);
    ap = *k > 0 ? edgellm__rshru32(a, *k) : a << -*k;
    return (int32_t)edgellm__udiv32((127u << 23) + (ap >> 1), ap);
}
static edgellm__pf edgellm__q8_scale(int32_t R, int k) {
    return edgellm__pf_shift(edgellm__pf_recip(edgellm__pf_norm((uint32_t)R, 0)), 23 + k);
}
/* int8 absmax quantization of v[0..n) (manual: quant8) whose absolute maximum a the
   caller found, zero-padded to len; returns the scale of q in v's units */
static edgellm__pf edgellm__quant8_a(const int32_t *v, uint32_t n, uint32_t a, int8_t *q, uint32_t len) {
    uint32_t i;
    int32_t R;
    int k;
    edgellm__q8_zero(q, a ? n : 0, len);
    if (a == 0) return edgellm__pf_zero();
    R = edgellm__q8_mult(a, &k);
    for (i = edgellm__fast_quant8(v, n, k, R, q); i < n; i++) {
        int32_t t = edgellm__rshr32(edgellm__narrow(v[i], k) * R, 23);
        q[i] = (int8_t)(t > 127 ? 127 : (t < -127 ? -127 : t));
    }
    return edgellm__q8_scale(R, k);
}
static edgellm__pf edgellm__quant8(const int32_t *v, uint32_t n, int8_t *q, uint32_t len) {
    return edgellm__quant8_a(v, n, edgellm__absmax(v, n), q, len);
}

/* RMSNorm of x with gain g (Q16), quantized to int8 (manual: rmsnorm8); returns the real
   scale of q. a and ga have the bit lengths of x's and g's absolute maxima (only those are
   used; ga from edgellm__mc_init); rdim is 1/dim. */
static edgellm__pf edgellm__rmsnorm8(const edgellm_model *m, const int32_t *x, uint32_t a, const uint8_t *g, uint32_t ga,
                                     int32_t *tmp, int8_t *q, uint32_t len, edgellm__pf rdim) {
    uint32_t n = m->dim, za = 0, i, j;
    uint64_t ss = 0;
    int k, kx, kg;
    edgellm__pf ms, inv, sq;
    if (a == 0) { for (i = 0; i < len; i++) q[i] = 0; return edgellm__pf_zero(); }
    k = edgellm__narrow_shift(a, 12);
    for (i = 0; i < n; i = j) {   /* the exact sum of squares, 128 terms (< 2^31) at a time */
        uint32_t part = 0;
        uint32_t e = n - i < 128u ? n : i + 128u;
        if (k > 1) {   /* edgellm__narrow's usual case, two values a step */
            EDGELLM__UNROLL(2)
            for (j = i; j + 2u <= e; j += 2) {
                int32_t t = ((x[j] >> (k - 1)) + 1) >> 1, t1 = ((x[j + 1u] >> (k - 1)) + 1) >> 1;
                part += (uint32_t)(t * t) + (uint32_t)(t1 * t1);
            }
            if (j < e) {
                int32_t t = ((x[j] >> (k - 1)) + 1) >> 1;
                part += (uint32_t)(t * t);
                j++;
            }
        } else
            for (j = i; j < e; j++) {
                int32_t t = edgellm__narrow(x[j], k);
                part += (uint32_t)(t * t);
            }
        ss += part;
    }
    ms = edgellm__pf_mul(edgellm__pf_norm(ss, 2 * k - 32), rdim);
    inv = edgellm__pf_rsqrt(edgellm__pf_add(ms, edgellm__pf_norm(m->norm_eps, -32)));
    if (ga == 0) { for (i = 0; i < len; i++) q[i] = 0; return edgellm__pf_zero(); }
    kx = edgellm__narrow_shift(a, 15);
    kg = edgellm__narrow_shift(ga, 15);
    for (i = edgellm__fast_normz(x, g, n, kx, kg, tmp, &za); i < n; i++) {
        int32_t z = edgellm__narrow(x[i], kx) * edgellm__narrow(edgellm__rdi32(g + 4u * i), kg);
        uint32_t u = z < 0 ? (uint32_t)0 - (uint32_t)z : (uint32_t)z;
        tmp[i] = z;
        if (u > za) za = u;
    }
    sq = edgellm__quant8_a(tmp, n, za, q, len);
    return edgellm__pf_mul(edgellm__pf_shift(sq, kx + kg - 32), inv);
}

/* y = W x for matrix `index`, then requantized to Q16 with activation scale s16 (= S * 2^16):
   y_r <- mulshift(y_r, rshr(s16.m * m_r, 32), shift_r - s16.e - 32) (manual: requantization) */
static int32_t edgellm__requant(int32_t y, edgellm__pf s16, const edgellm_scale *scales, uint32_t r) {
    const uint8_t *p = (const uint8_t *)(const void *)scales + 8u * r;
    uint32_t mr = (uint32_t)edgellm__rdi32(p);
    uint64_t c = (uint64_t)(uint32_t)s16.m * mr;
    return edgellm__mulshift(y, (uint32_t)((c + 0x80000000u) >> 32), edgellm__rdi32(p + 4) - s16.e - 32);
}
/* every row of m: an accelerated form first, the loop above for the rest */
static void edgellm__requant_rows(const edgellm_matrix *m, edgellm__pf s16, int32_t *y) {
    /* |y| <= 128 * 128 * cols_pad (INT8), 128 * cols_pad (ternary): a hint for accelerated
       forms, which check each row against it (any y gives the same result) */
    uint32_t r = edgellm__fast_requant(y, m->rows, m->scales, s16, (m->type == EDGELLM_WT_I8 ? 16384u : 128u) * m->cols_pad);
    for (; r < m->rows; r++) y[r] = edgellm__requant(y[r], s16, m->scales, r);
}
static int edgellm__mv(edgellm_ctx *ctx, uint32_t index, const int8_t *x, edgellm__pf s16, int32_t *y) {
    edgellm_matrix mx;
    int res = edgellm_model_matrix(ctx->model, index, &mx);
    if (res != EDGELLM_OK) return res;
    EDGELLM_PROFILE(EDGELLM_PART_ROWS);
    if (ctx->matvec_q16) {   /* the backend requantizes as well */
        res = ctx->matvec_q16(ctx->matvec_q16_user, &mx, x, s16.m, s16.e, y);
        return res > 0 ? EDGELLM_ERR_BACKEND : res;
    }
    res = ctx->matvec(ctx->matvec_user, &mx, x, y);
    EDGELLM_PROFILE(EDGELLM_PART_REQUANT);
    if (res != EDGELLM_OK) return res < 0 ? res : EDGELLM_ERR_BACKEND;
    edgellm__requant_rows(&mx, s16, y);
    return EDGELLM_OK;
}

/* S16's exponent is clamped to +-2^24: beyond that every row's shift is above 62 (0) or
   below -62 (saturated, or 0 for a zero product) either way, and no sum overflows */
EDGELLM_API int edgellm_requant_ref(const edgellm_matrix *m, int32_t s16_m, int32_t s16_e, int32_t *y) {
    edgellm__pf s16;
    if (!m || !y || (m->rows && !m->scales) || s16_m < 0) return EDGELLM_ERR_ARG;
    s16.m = s16_m;
    s16.e = s16_e > (1 << 24) ? (1 << 24) : s16_e < -(1 << 24) ? -(1 << 24) : s16_e;
    edgellm__requant_rows(m, s16, y);
    return EDGELLM_OK;
}

/* SiLU(x) = x * sigmoid(x) in Q16: rshr(x * sig, 15) = 2 * (x >> 16) * sig + rshr((x & 0xFFFF) * sig, 15) */
static int32_t edgellm__silu(int32_t x) {
    int32_t s = (int32_t)edgellm__sigmoid(x);
    return 2 * (x >> 16) * s + edgellm__rshr32((int32_t)((uint32_t)x & 0xFFFFu) * s, 15);
}

/* |v| as a u32 (2^31 for INT32_MIN) */
static uint32_t edgellm__abs32(int32_t v) { return v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v; }

/* the FFN's activation in place (manual: FFN): h1 <- act(h1), times h3 when gated (h3 not
   NULL), as integers h with an exponent E (real value h * 2^(E - 16)); returns E, and the
   result's absolute maximum in *amax */
static int edgellm__ffn_act(const edgellm_model *m, int32_t *h1, const int32_t *h3, uint32_t *amax) {
    uint32_t n = m->hidden, i, a = 0;
    int E = 0, k, k3;
    if (m->act == EDGELLM_ACT_SILU) {
        for (i = edgellm__fast_silu(h1, n, &a); i < n; i++) {
            h1[i] = edgellm__silu(h1[i]);
            if (edgellm__abs32(h1[i]) > a) a = edgellm__abs32(h1[i]);
        }
    } else if (m->act == EDGELLM_ACT_RELU) {
        for (i = 0; i < n; i++) {
            h1[i] = h1[i] > 0 ? h1[i] : 0;
            if ((uint32_t)h1[i] > a) a = (uint32_t)h1[i];
        }
    } else {   /* squared ReLU: the positive values narrowed to 15 bits, squared */
        uint32_t ap = 0;
        EDGELLM__UNROLL(4)
        for (i = 0; i < n; i++) if (EDGELLM__RARE(h1[i] > (int32_t)ap)) ap = (uint32_t)h1[i];   /* ap <= 2^31 - 1 */
        k = ap ? edgellm__narrow_shift(ap, 15) : 0;
        if (k > 1) {   /* edgellm__narrow's usual case */
            int s1 = k - 1;
            EDGELLM__UNROLL(4)
            for (i = 0; i < n; i++) {
                int32_t h = h1[i], t = ((h >> s1) + 1) >> 1;
                h1[i] = h > 0 ? t * t : 0;
            }
        } else
            for (i = 0; i < n; i++) {
                int32_t t = h1[i] > 0 ? edgellm__narrow(h1[i], k) : 0;
                h1[i] = t * t;
            }
        a = ap ? (uint32_t)(edgellm__narrow((int32_t)ap, k) * edgellm__narrow((int32_t)ap, k)) : 0;   /* the largest square */
        E = 2 * k - 16;
    }
    if (h3) {   /* the gate: both narrowed to 15 bits, multiplied */
        uint32_t a3 = edgellm__absbits(h3, n), ag = 0;
        k = a ? edgellm__narrow_shift(a, 15) : 0;
        k3 = a3 ? edgellm__narrow_shift(a3, 15) : 0;
        for (i = edgellm__fast_gate(h1, h3, n, k, k3, &ag); i < n; i++) {
            h1[i] = edgellm__narrow(h1[i], k) * edgellm__narrow(h3[i], k3);
            if (edgellm__abs32(h1[i]) > ag) ag = edgellm__abs32(h1[i]);
        }
        a = ag;
        E += k + k3 - 16;
    }
    *amax = a;
    return E;
}

/* the squared-ReLU FFN's activation and the quant8 of its result in one pass, for the
   ungated FFN (the same q and scale as edgellm__ffn_act then edgellm__quant8_a; h1 is left
   as it is): returns the scale of q in units of 2^(E - 16), E in *e. A monotone activation
   allows it: its output's maximum, which quant8 needs first, follows from the largest input
   (here its square), known after one scan (ReLU could take the same pass); SiLU's and the
   gate's maxima are known only once every output is computed. */
static edgellm__pf edgellm__relu2_q8(const int32_t *h1, uint32_t n, int8_t *q, uint32_t len, int *e) {
    uint32_t ap = 0, a, i;
    int32_t R, t;
    int k, k2;
    EDGELLM__UNROLL(4)
    for (i = 0; i < n; i++) if (EDGELLM__RARE(h1[i] > (int32_t)ap)) ap = (uint32_t)h1[i];   /* ap <= 2^31 - 1 */
    k = ap ? edgellm__narrow_shift(ap, 15) : 0;
    *e = 2 * k - 16;
    t = ap ? edgellm__narrow((int32_t)ap, k) : 0;
    a = (uint32_t)(t * t);   /* the largest square, <= 2^30 */
    edgellm__q8_zero(q, a ? n : 0, len);
    if (a == 0) return edgellm__pf_zero();
    R = edgellm__q8_mult(a, &k2);   /* as quant8 */
    if (k >= 1 && k2 >= 1) {   /* the usual case: both narrowings right shifts; |x R| + 2^22 < 2^31, no clamp (|square| <= a) */
        int s1 = k - 1, s2 = k2 - 1;
        EDGELLM__UNROLL(4)
        for (i = 0; i < n; i++) {
            int32_t h = h1[i], v = 0;
            if (h > 0) {
                int32_t u = ((h >> s1) + 1) >> 1;
                v = ((((u * u) >> s2) + 1) >> 1) * R;
                v = (v + (1 << 22)) >> 23;
            }
            q[i] = (int8_t)v;
        }
    } else
        for (i = 0; i < n; i++) {
            int32_t u = h1[i] > 0 ? edgellm__narrow(h1[i], k) : 0;
            q[i] = (int8_t)edgellm__rshr32(edgellm__narrow(u * u, k2) * R, 23);
        }
    return edgellm__q8_scale(R, k2);
}

/* x += d, saturating; returns the OR of the new |x|, whose bit length is that of their
   absolute maximum (all that RMSNorm's narrowing shifts need) */
static uint32_t edgellm__residual(int32_t *x, const int32_t *d, uint32_t n) {
    uint32_t i, o = 0;
    EDGELLM__UNROLL(4)
    for (i = 0; i < n; i++) {
        int32_t a = x[i], b = d[i], s = (int32_t)((uint32_t)a + (uint32_t)b);
        uint32_t m;
        if (EDGELLM__RARE(((a ^ s) & (b ^ s)) < 0)) s = (a >> 31) ^ EDGELLM__I32MAX;   /* overflow: INT32_MIN or INT32_MAX by a's sign */
        x[i] = s;
        m = (uint32_t)(s >> 31);
        o |= ((uint32_t)s ^ m) - m;   /* |s| */
    }
    return o;
}

/* ---------------------------------------------------------------- RoPE and the KV cache */
/* this position's rotations: (cos, sin) of pair i in Q15 = rshr of the Q30 sin/cos, 15 */
static void edgellm__rope_table(const edgellm_model *m, uint32_t pos, int32_t *cs) {
    uint32_t i;
    for (i = 0; i < m->head_size / 2u; i++) {
        int32_t s, c;
        edgellm__sincos(pos * edgellm__rd32(m->rope + 4u * i), &s, &c);
        cs[2u * i] = edgellm__rshr32(c, 15);
        cs[2u * i + 1u] = edgellm__rshr32(s, 15);
    }
}

/* rotates the pairs of a narrowed head (|v| <= 2^14, so |a c - b s| < 2^30); returns the
   rotated values' absolute maximum */
static uint32_t edgellm__rotate(int32_t *v, uint32_t n, const int32_t *cs) {
    uint32_t i, m = 0, ax, ay;
    EDGELLM__UNROLL(2)
    for (i = 0; i < n; i += 2) {
        int32_t a = v[i], b = v[i + 1u], c = cs[i], s = cs[i + 1u];
        int32_t x = edgellm__rshr32(a * c - b * s, 15), y = edgellm__rshr32(a * s + b * c, 15);
        v[i] = x;
        v[i + 1u] = y;
        ax = x < 0 ? (uint32_t)0 - (uint32_t)x : (uint32_t)x;
        ay = y < 0 ? (uint32_t)0 - (uint32_t)y : (uint32_t)y;
        if (EDGELLM__RARE(ax > m)) m = ax;
        if (EDGELLM__RARE(ay > m)) m = ay;
    }
    return m;
}
/* a head's values narrowed to 14 bits into out (manual: narrow), then rotated by this
   position's pairs cs when cs is not NULL (RoPE: queries and keys; see edgellm__rotate);
   returns the exponent, v ~ out * 2^k before the rotation (0 for a zero head), and in *amax
   the absolute maximum of out. The usual shift (k > 1) takes one pass, two values a step
   (n is even); other shifts narrow first and rotate or scan after. */
static int edgellm__narrow_head(const int32_t *v, uint32_t n, const int32_t *cs, int32_t *out, uint32_t *amax) {
    uint32_t a = edgellm__absbits(v, n), i, m = 0;
    int k = a ? edgellm__narrow_shift(a, 14) : 0, s1 = k - 1;
    if (k > 1 && cs) {
        EDGELLM__UNROLL(2)
        for (i = 0; i < n; i += 2) {
            int32_t x0 = ((v[i] >> s1) + 1) >> 1, x1 = ((v[i + 1u] >> s1) + 1) >> 1, c = cs[i], s = cs[i + 1u];
            int32_t x = edgellm__rshr32(x0 * c - x1 * s, 15), y = edgellm__rshr32(x0 * s + x1 * c, 15);
            uint32_t ax = edgellm__abs32(x), ay = edgellm__abs32(y);
            out[i] = x;
            out[i + 1u] = y;
            if (ay > ax) ax = ay;
            if (EDGELLM__RARE(ax > m)) m = ax;
        }
    } else if (k > 1) {
        EDGELLM__UNROLL(2)
        for (i = 0; i < n; i += 2) {
            int32_t x0 = ((v[i] >> s1) + 1) >> 1, x1 = ((v[i + 1u] >> s1) + 1) >> 1;
            uint32_t ax = edgellm__abs32(x0), ay = edgellm__abs32(x1);
            out[i] = x0;
            out[i + 1u] = x1;
            if (ay > ax) ax = ay;
            if (EDGELLM__RARE(ax > m)) m = ax;
        }
    } else {
        for (i = 0; i < n; i++) out[i] = edgellm__narrow(v[i], k);
        m = cs ? edgellm__rotate(out, n, cs) : edgellm__absmax(out, n);
    }
    *amax = m;
    return k;
}

/* Layer l's K and V cache in the arena. Position t's values (kv_dim of eb bytes, kv head
   after kv head) are at k + t * step and v + t * step, their scales (m8, e), one pair per
   kv head, at ks + t * sstep and vs + t * sstep. */
typedef struct edgellm__cache {
    uint8_t *k, *v, *ks, *vs;
    size_t step, sstep, eb;
    int wide;   /* the 16-bit cache */
} edgellm__cache;

static void edgellm__cache_of(const edgellm_ctx *ctx, uint32_t l, edgellm__cache *c) {
    const edgellm_model *m = ctx->model;
    size_t per_layer = (size_t)ctx->n_ctx * m->n_kv_heads;   /* scale pairs of a layer */
    c->wide = (m->flags & EDGELLM_FLAG_KV16) != 0;
    c->eb = c->wide ? 2u : 1u;
    c->step = (size_t)m->kv_dim * c->eb;
    c->sstep = 2u * m->n_kv_heads;
    c->k = ctx->mem + ctx->off[EDGELLM__KC] + (size_t)l * ctx->n_ctx * c->step;
    c->v = ctx->mem + ctx->off[EDGELLM__VC] + (size_t)l * ctx->n_ctx * c->step;
    c->ks = ctx->mem + ctx->off[EDGELLM__KVE] + 2u * (size_t)l * per_layer;
    c->vs = c->ks + 2u * (size_t)m->n_layers * per_layer;
}

/* one kv head's narrowed values r (|r| < 2^15, absolute maximum a, the value r * 2^E in Q16) into the cache
   (manual: KV cache): int16 as they are, scale (128, E); int8 against a scale m8 * 2^e8
   (m8 in 128..255, rounded up), q = clamp(rshr(r * R, 15 + e8)) with R = 127 * 2^15 / m8
   rounded, scale (m8, e8 + E). A zero head: zeros, scale (0, 0). */
static void edgellm__store_kv(const int32_t *r, uint32_t n, uint32_t a, int E, uint8_t *out, int wide, uint8_t *sc) {
    uint32_t i, m8 = 0;
    int e = 0;
    if (a == 0) {
        for (i = 0; i < n * (wide ? 2u : 1u); i++) out[i] = 0;
    } else if (wide) {
        for (i = 0; i < n; i++) ((int16_t *)(void *)out)[i] = (int16_t)r[i];
        m8 = 128;
        e = E;
    } else {
        int32_t R, h;
        int e8 = edgellm__bitlen32(a) - 8;
        m8 = e8 > 0 ? (a + (1u << e8) - 1u) >> e8 : a << -e8;
        if (m8 == 256u) { m8 = 128u; e8++; }
        R = (int32_t)edgellm__udiv32(127u * 32768u + m8 / 2u, m8);
        h = (int32_t)1 << (14 + e8);   /* |r R| < 2^30 and h <= 2^23: r R + h cannot overflow */
        EDGELLM__UNROLL(4)
        for (i = 0; i < n; i++) {   /* rshr(r R, 15 + e8), 15 + e8 >= 8 (a >= 1) */
            int32_t t = (r[i] * R + h) >> (15 + e8);
            if ((uint32_t)t + 127u > 254u) t = (127 ^ (t >> 31)) - (t >> 31);   /* outside [-127, 127]: -127 or 127 by the sign */
            out[i] = (uint8_t)((uint32_t)t & 255u);
        }
        e = e8 + E;
    }
    sc[0] = (uint8_t)m8;
    sc[1] = (uint8_t)(int8_t)e;
}

/* k (rotated) and v of position pos into layer l's cache, each kv head narrowed to 14 bits
   and stored with its own scale; tmp holds head_size int32 */
static void edgellm__cache_store(const edgellm_ctx *ctx, uint32_t l, uint32_t pos, const int32_t *k, const int32_t *v,
                                 const int32_t *cs, int32_t *tmp) {
    edgellm__cache c;
    uint32_t i, a, hd = ctx->model->head_size;
    int e;
    edgellm__cache_of(ctx, l, &c);
    for (i = 0; i < ctx->model->n_kv_heads; i++) {
        e = edgellm__narrow_head(k + i * hd, hd, cs, tmp, &a);
        edgellm__store_kv(tmp, hd, a, e, c.k + pos * c.step + i * hd * c.eb, c.wide, c.ks + pos * c.sstep + 2u * i);
        e = edgellm__narrow_head(v + i * hd, hd, 0, tmp, &a);
        edgellm__store_kv(tmp, hd, a, e, c.v + pos * c.step + i * hd * c.eb, c.wide, c.vs + pos * c.sstep + 2u * i);
    }
}

/* ---------------------------------------------------------------- attention */
/* the attention of one layer at one position, as its loops see it */
struct edgellm__attn {
    const int32_t *q;           /* the queries before RoPE (n_heads * hd, Q16) */
    int32_t *out;               /* the attention output (dim, Q16) */
    const int32_t *rope;        /* this position's (cos, sin) per pair, Q15 */
    edgellm__cache c;           /* the layer's K and V cache */
    uint32_t n;                 /* positions 0 .. n-1 are attended */
    uint32_t hd, n_heads, group;   /* head size, query heads, query heads per kv head */
    uint32_t cm;                /* L2E / (sqrt(hd) D) ~ cm * 2^-gamma, cm in [2^14, 2^15] */
    int gamma;
    int32_t qmax;               /* floor(65535 / hd): every |dot| < 2^31 (int16 cache), < 2^23 (int8) */
    int qw;                     /* the exp2 weights' fraction bits: min(23, 32 - bitlen(n)) */
    int vb;                     /* B: the weights' sum over 2^b is below 2^B (16: int16 cache, 23: int8) */
    uint32_t dc;                /* D: 128 (int16 cache), 127 (int8) */
    int32_t *qi, *u, *acc;      /* two heads' buffers in the arena (edgellm__head) */
};

/* one query head through the attention */
struct edgellm__head {
    int32_t *qi;        /* the query as integers, |qi| <= qmax */
    int32_t *u;         /* scores, then exp2 weights, per position */
    int32_t *acc;       /* weighted sums of V */
    int32_t sigma;      /* u_t = shift_sat(dot_t * m8_t, sigma - e_t) */
    int32_t umax, emax;
    uint32_t wsum;      /* the exp2 weights' sum */
};

/* K, V and their scales of kv head kh at position 0 */
static const uint8_t *edgellm__kv_k(const edgellm__attn *a, uint32_t kh) { return a->c.k + (size_t)kh * a->hd * a->c.eb; }
static const uint8_t *edgellm__kv_v(const edgellm__attn *a, uint32_t kh) { return a->c.v + (size_t)kh * a->hd * a->c.eb; }
static const uint8_t *edgellm__kv_ks(const edgellm__attn *a, uint32_t kh) { return a->c.ks + 2u * kh; }
static const uint8_t *edgellm__kv_vs(const edgellm__attn *a, uint32_t kh) { return a->c.vs + 2u * kh; }

/* the query qh narrowed to 14 bits, rotated and scaled by cm * 2^-t into qi, and sigma
   (manual: attention) */
static void edgellm__head_init(const edgellm__attn *a, edgellm__head *st, const int32_t *qh) {
    uint32_t hd = a->hd, i, A;
    int kq = edgellm__narrow_head(qh, hd, a->rope, st->qi, &A), t = 0;
    A *= a->cm;   /* < 23171 * 2^15 < 2^30 */
    if (A > (uint32_t)a->qmax) {
        t = edgellm__bitlen32(A) - edgellm__bitlen32((uint32_t)a->qmax);
        if (edgellm__rshru32(A, t) > (uint32_t)a->qmax) t++;
    }
    if (t > 1) {   /* the usual case, two values a step (hd is even) */
        EDGELLM__UNROLL(2)
        for (i = 0; i < hd; i += 2) {
            st->qi[i] = (((st->qi[i] * (int32_t)a->cm) >> (t - 1)) + 1) >> 1;
            st->qi[i + 1u] = (((st->qi[i + 1u] * (int32_t)a->cm) >> (t - 1)) + 1) >> 1;
        }
    } else for (i = 0; i < hd; i++) st->qi[i] = edgellm__rshr32(st->qi[i] * (int32_t)a->cm, t);
    st->sigma = a->gamma + 16 - t - kq;
    st->umax = EDGELLM__I32MIN;
    st->emax = -128;
    st->wsum = 0;
    for (i = 0; i < hd; i++) st->acc[i] = 0;
}
/* a position's score from its dot product and K scale (m8, e) */
static int32_t edgellm__score(int32_t dot, const uint8_t *ks, int32_t sigma, int wide) {
    /* the int16 cache's m8 is 128: dot * 128 * 2^-(s) = dot * 2^-(s - 7) */
    return wide ? edgellm__shift_sat(dot, sigma - (int8_t)ks[1] - 7) : edgellm__shift_sat(dot * ks[0], sigma - (int8_t)ks[1]);
}
/* scores of positions [t, n): u_t = shift_sat(dot_t * m8_t, sigma - e_t), in log2 units, Q16 */
static void edgellm__head_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    const int32_t *qi = st->qi;
    int32_t *u = st->u, umax = st->umax, sigma = st->sigma;
    uint32_t n = a->n, hd = a->hd, i;
    size_t step = a->c.step, sstep = a->c.sstep;
    const uint8_t *kp = edgellm__kv_k(a, kh) + t * step, *ksc = edgellm__kv_ks(a, kh) + t * sstep;
    int wide = a->c.wide;
    for (; t < n; t++, kp += step, ksc += sstep) {
        int32_t dot = 0, v;
        if (wide) for (i = 0; i < hd; i++) dot += qi[i] * ((const int16_t *)(const void *)kp)[i];
        else for (i = 0; i < hd; i++) dot += qi[i] * ((const int8_t *)kp)[i];
        v = edgellm__score(dot, ksc, sigma, wide);
        u[t] = v;
        if (v > umax) umax = v;
    }
    st->umax = umax;
}
/* exp2 weights of positions [t, n) in Q(qw), their sum, and emax over the V scales */
static void edgellm__head_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    int32_t *u = st->u, emax = st->emax;
    uint32_t n = a->n, umax = (uint32_t)st->umax, sum = st->wsum;
    size_t sstep = a->c.sstep;
    const uint8_t *vsc = edgellm__kv_vs(a, kh) + t * sstep;
    int qw = a->qw;
    for (; t < n; t++, vsc += sstep) {
        uint32_t w = edgellm__exp2n(umax - (uint32_t)u[t], qw);
        u[t] = (int32_t)w;
        sum += w;
        if (w && vsc[0] && (int8_t)vsc[1] > emax) emax = (int8_t)vsc[1];
    }
    st->wsum = sum;
    st->emax = emax;
}
/* the shift b that brings the weights' sum below 2^B */
static int edgellm__vshift(const edgellm__attn *a, const edgellm__head *st) {
    int b = edgellm__bitlen32(st->wsum) - a->vb;
    return b > 0 ? b : 0;
}
/* a position's V weight: rshr(w * m8, emax - e + 8 + b); 0 where w or m8 is 0 */
static int32_t edgellm__vweight(uint32_t w, const uint8_t *vs, int32_t emax, int b, int wide) {
    if (!w || !vs[0]) return 0;
    return wide ? (int32_t)edgellm__rshru32(w, emax - (int8_t)vs[1] + 1 + b)   /* m8 = 128 */
                : (int32_t)edgellm__rshru32(w * vs[0], emax - (int8_t)vs[1] + 8 + b);
}
/* weighted sum of V over positions [t, n) */
static void edgellm__head_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    const int32_t *u = st->u;
    int32_t *acc = st->acc, emax = st->emax;
    uint32_t n = a->n, hd = a->hd, i;
    size_t step = a->c.step, sstep = a->c.sstep;
    const uint8_t *vp = edgellm__kv_v(a, kh) + t * step, *vsc = edgellm__kv_vs(a, kh) + t * sstep;
    int wide = a->c.wide, b = edgellm__vshift(a, st);
    for (; t < n; t++, vp += step, vsc += sstep) {
        int32_t p = edgellm__vweight((uint32_t)u[t], vsc, emax, b, wide);
        if (!p) continue;
        if (wide) for (i = 0; i < hd; i++) acc[i] += p * ((const int16_t *)(const void *)vp)[i];
        else for (i = 0; i < hd; i++) acc[i] += p * ((const int8_t *)vp)[i];
    }
}
/* the head's output in Q16: acc * 2^(emax + 8 + b) / (D * wsum), from acc narrowed to 15
   bits times a 15-bit mantissa */
static void edgellm__head_out(const edgellm__attn *a, const edgellm__head *st, int32_t *out) {
    edgellm__pf f = edgellm__pf_shift(edgellm__pf_recip(edgellm__pf_norm((uint64_t)st->wsum * a->dc, 0)),
                                      st->emax + 8 + edgellm__vshift(a, st));
    uint32_t am = edgellm__absbits(st->acc, a->hd), i, f15;
    int k, s;
    if (am == 0) { for (i = 0; i < a->hd; i++) out[i] = 0; return; }
    k = edgellm__narrow_shift(am, 15);
    f15 = edgellm__pf_m15(f, &s);
    s -= k;
    if (k > 1 && s >= 1 && s <= 32) {   /* the usual case: both shifts round (|narrowed acc * f15| <= 2^30); hd is even */
        EDGELLM__UNROLL(2)
        for (i = 0; i < a->hd; i += 2) {
            out[i] = (((((st->acc[i] >> (k - 1)) + 1) >> 1) * (int32_t)f15 >> (s - 1)) + 1) >> 1;
            out[i + 1u] = (((((st->acc[i + 1u] >> (k - 1)) + 1) >> 1) * (int32_t)f15 >> (s - 1)) + 1) >> 1;
        }
    } else
        for (i = 0; i < a->hd; i++) out[i] = edgellm__shift_sat(edgellm__narrow(st->acc[i], k) * (int32_t)f15, s);
}

/* query head h: scores against every position, exp2 weights, the weighted sum of V; each
   loop starts where its accelerated form (if any) stopped */
static void edgellm__attend(const edgellm__attn *a, edgellm__head *st, uint32_t h) {
    uint32_t kh = a->group == 1u ? h : h / a->group;   /* no division without grouped queries */
    edgellm__head_init(a, st, a->q + h * a->hd);
    edgellm__head_scores(a, st, kh, edgellm__fast_scores(a, st, kh));
    edgellm__head_exp(a, st, kh, edgellm__fast_exp(a, st, kh));
    edgellm__head_vsum(a, st, kh, edgellm__fast_vsum(a, st, kh));
    edgellm__head_out(a, st, a->out + h * a->hd);
}

/* ---------------------------------------------------------------- attention backends */
/* a backend's result as edgellm_feed returns it: negative codes as they are, positive
   ones as EDGELLM_ERR_BACKEND */
static int edgellm__backend_result(int r) { return r < 0 ? r : (r > 0 ? EDGELLM_ERR_BACKEND : EDGELLM_OK); }

EDGELLM_API int edgellm_attn_dots_ref(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t *dot) {
    const int8_t *kp;
    uint32_t t, i;
    (void)user;
    if (!k || !qi || !dot || (!k->data && k->n)) return EDGELLM_ERR_ARG;
    for (t = 0, kp = k->data; t < k->n; t++, kp += k->stride) {
        int32_t d = 0;
        for (i = 0; i < k->hd; i++) d += qi[i] * kp[i];
        dot[t] = d;
    }
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_attn_vsum_ref(void *user, const edgellm_kv_rows *v, const int32_t *p, int32_t *acc) {
    const int8_t *vp;
    uint32_t t, i;
    (void)user;
    if (!v || !p || !acc || (!v->data && v->n)) return EDGELLM_ERR_ARG;
    for (i = 0; i < v->hd; i++) acc[i] = 0;
    for (t = 0, vp = v->data; t < v->n; t++, vp += v->stride) {
        int32_t w = p[t];
        if (!w) continue;
        for (i = 0; i < v->hd; i++) acc[i] += w * vp[i];
    }
    return EDGELLM_OK;
}

/* position t's score against k's rows, in plain C (the _ref functions') */
static int32_t edgellm__ref_score(const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma, uint32_t t) {
    const int8_t *kp = k->data + (size_t)t * k->stride;
    int32_t d = 0;
    uint32_t i;
    for (i = 0; i < k->hd; i++) d += qi[i] * kp[i];
    return edgellm__score(d, k->scales + (size_t)t * k->sstride, sigma, 0);   /* |d| < 2^23: |d * m8| < 2^31 */
}
EDGELLM_API int edgellm_attn_scores_ref(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma,
                                        int32_t *u, int32_t *umax) {
    uint32_t t;
    int32_t m = EDGELLM__I32MIN;
    (void)user;
    if (!k || !qi || !u || !umax || ((!k->data || !k->scales) && k->n)) return EDGELLM_ERR_ARG;
    for (t = 0; t < k->n; t++) {
        u[t] = edgellm__ref_score(k, qi, sigma, t);
        if (u[t] > m) m = u[t];
    }
    *umax = m;
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_attn_head_ref(void *user, const edgellm_kv_rows *k, const edgellm_kv_rows *v, const int32_t *qi,
                                      int32_t sigma, int32_t qw, int32_t vb, int32_t *acc, uint32_t *wsum, int32_t *emax) {
    uint32_t t, i, sum = 0;
    int32_t umax = EDGELLM__I32MIN, em = -128;
    int b;
    (void)user;
    if (!k || !v || !qi || !acc || !wsum || !emax || k->n != v->n || k->hd != v->hd || qw < 0 || qw > 30 || vb < 0 ||
        vb > 31 || ((!k->data || !k->scales || !v->data || !v->scales) && k->n))
        return EDGELLM_ERR_ARG;
    for (t = 0; t < k->n; t++) {   /* umax */
        int32_t u = edgellm__ref_score(k, qi, sigma, t);
        if (u > umax) umax = u;
    }
    for (t = 0; t < k->n; t++) {   /* the weights' sum and emax */
        uint32_t w = edgellm__exp2n((uint32_t)umax - (uint32_t)edgellm__ref_score(k, qi, sigma, t), (int)qw);
        const uint8_t *vs = v->scales + (size_t)t * v->sstride;
        sum += w;
        if (w && vs[0] && (int8_t)vs[1] > em) em = (int8_t)vs[1];
    }
    b = edgellm__bitlen32(sum) - (int)vb;
    if (b < 0) b = 0;
    for (i = 0; i < v->hd; i++) acc[i] = 0;
    for (t = 0; t < k->n; t++) {   /* the V weights and sums */
        uint32_t w = edgellm__exp2n((uint32_t)umax - (uint32_t)edgellm__ref_score(k, qi, sigma, t), (int)qw);
        int32_t p = edgellm__vweight(w, v->scales + (size_t)t * v->sstride, em, b, 0);
        const int8_t *vp = v->data + (size_t)t * v->stride;
        if (p)
            for (i = 0; i < v->hd; i++) acc[i] += p * vp[i];
    }
    *wsum = sum;
    *emax = em;
    return EDGELLM_OK;
}

/* hands the attention backend layer l's cached K and V of position pos (the arena's bytes) */
static int edgellm__attn_store(edgellm_ctx *ctx, uint32_t l, uint32_t pos) {
    edgellm__cache c;
    edgellm__cache_of(ctx, l, &c);
    return edgellm__backend_result(ctx->attn.store(ctx->attn.user, l, pos, (const int8_t *)(c.k + pos * c.step),
                                                   (const int8_t *)(c.v + pos * c.step)));
}

/* the positions cached before the backend was installed (or reset), every layer of each */
static int edgellm__attn_catch_up(edgellm_ctx *ctx) {
    uint32_t l;
    int r;
    for (; ctx->attn_pos < ctx->pos; ctx->attn_pos++)
        for (l = 0; l < ctx->model->n_layers; l++)
            if ((r = edgellm__attn_store(ctx, l, ctx->attn_pos)) != EDGELLM_OK) return r;
    return EDGELLM_OK;
}

/* scores of positions [t, n) from the attention backend's dot products in u (the int8
   cache, |dot| <= lim < 2^23, so |dot * m8| < 2^31); EDGELLM_ERR_BACKEND at the first one
   outside those bounds */
static int edgellm__head_dscores(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    int32_t *u = st->u, umax = st->umax, lim = a->qmax * (int32_t)a->hd * 127;
    size_t sstep = a->c.sstep;
    const uint8_t *ksc = edgellm__kv_ks(a, kh) + t * sstep;
    for (; t < a->n; t++, ksc += sstep) {
        int32_t v = u[t];
        if (v > lim || v < -lim) return EDGELLM_ERR_BACKEND;   /* not a dot product of these bounds */
        v = edgellm__score(v, ksc, st->sigma, 0);
        u[t] = v;
        if (v > umax) umax = v;
    }
    st->umax = umax;
    return EDGELLM_OK;
}
/* the V weights p_t of positions [t, n) in place of their exp2 weights (the int8 cache) */
static void edgellm__head_vweights(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    int32_t *u = st->u;
    size_t sstep = a->c.sstep;
    const uint8_t *vsc = edgellm__kv_vs(a, kh) + t * sstep;
    int b = edgellm__vshift(a, st);
    for (; t < a->n; t++, vsc += sstep) u[t] = edgellm__vweight((uint32_t)u[t], vsc, st->emax, b, 0);
}

/* query head h through the attention backend: its dot products and V sums, the rest as
   edgellm__attend (the int8 cache; bit for bit the same output); each loop starts where its
   accelerated form (if any) stopped */
static int edgellm__attend_with(const edgellm_attn_backend *be, const edgellm__attn *a, edgellm__head *st, uint32_t l,
                                uint32_t h) {
    uint32_t kh = a->group == 1u ? h : h / a->group;   /* no division without grouped queries */
    edgellm_kv_rows rows;
    int r;
    edgellm__head_init(a, st, a->q + h * a->hd);
    rows.data = (const int8_t *)edgellm__kv_k(a, kh);
    rows.stride = (uint32_t)a->c.step;
    rows.layer = l;
    rows.kv_head = kh;
    rows.n = a->n;
    rows.hd = a->hd;
    rows.scales = edgellm__kv_ks(a, kh);
    rows.sstride = (uint32_t)a->c.sstep;
    if (be->head) {   /* the whole head from the backend */
        edgellm_kv_rows vrows;   /* (field by field: a struct copy may call memcpy, which freestanding builds lack) */
        vrows.data = (const int8_t *)edgellm__kv_v(a, kh);
        vrows.stride = rows.stride;
        vrows.layer = l;
        vrows.kv_head = kh;
        vrows.n = rows.n;
        vrows.hd = rows.hd;
        vrows.scales = edgellm__kv_vs(a, kh);
        vrows.sstride = rows.sstride;
        if ((r = be->head(be->user, &rows, &vrows, st->qi, st->sigma, a->qw, a->vb, st->acc, &st->wsum, &st->emax)) !=
            EDGELLM_OK)
            return edgellm__backend_result(r);
        if (!st->wsum || st->emax < -128 || st->emax > 127) return EDGELLM_ERR_BACKEND;
        edgellm__head_out(a, st, a->out + h * a->hd);
        return EDGELLM_OK;
    }
    if (be->scores) {   /* the scores and their maximum from the backend */
        if ((r = be->scores(be->user, &rows, st->qi, st->sigma, st->u, &st->umax)) != EDGELLM_OK)
            return edgellm__backend_result(r);
    } else {
        if ((r = be->dots(be->user, &rows, st->qi, st->u)) != EDGELLM_OK) return edgellm__backend_result(r);
        if ((r = edgellm__head_dscores(a, st, kh, edgellm__fast_dscores(a, st, kh))) != EDGELLM_OK) return r;
    }
    edgellm__head_exp(a, st, kh, edgellm__fast_exp(a, st, kh));
    if (!st->wsum) return EDGELLM_ERR_BACKEND;   /* only scores whose umax is no score do this */
    edgellm__head_vweights(a, st, kh, edgellm__fast_vweights(a, st, kh));
    rows.data = (const int8_t *)edgellm__kv_v(a, kh);
    rows.scales = edgellm__kv_vs(a, kh);
    if ((r = be->vsum(be->user, &rows, st->u, st->acc)) != EDGELLM_OK) return edgellm__backend_result(r);
    edgellm__head_out(a, st, a->out + h * a->hd);
    return EDGELLM_OK;
}

/* the per-model constants of the forward pass, computed once by edgellm_ctx_init into the
   arena's EDGELLM__MC words: 0-1 rdim (m, e), 2 cm, 3 gamma, then per RMSNorm (layer l's
   attention norm 2l, its FFN norm 2l + 1, the final norm 2 * layers) the OR of its gains'
   absolute values (their bit length is that of their absolute maximum, all rmsnorm8 needs) */
typedef struct edgellm__consts {
    edgellm__pf rdim;   /* 1 / dim */
    uint32_t cm;        /* L2E / (sqrt(hd) D) ~ cm * 2^-gamma */
    int gamma;
    const uint32_t *ga; /* the gains' ORs, by norm */
} edgellm__consts;

static void edgellm__mc_init(const edgellm_model *m, uint32_t *w) {
    uint32_t dc = (m->flags & EDGELLM_FLAG_KV16) ? 128u : 127u, l, i, n = 2u * m->n_layers + 1u;
    edgellm__pf c = edgellm__pf_mul(edgellm__pf_mul(edgellm__l2e(), edgellm__pf_rsqrt(edgellm__pf_norm(m->head_size, 0))),
                                    edgellm__pf_recip(edgellm__pf_norm(dc, 0)));
    edgellm__pf rdim = edgellm__pf_recip(edgellm__pf_norm(m->dim, 0));
    int gamma;
    w[0] = (uint32_t)rdim.m;
    w[1] = (uint32_t)rdim.e;
    w[2] = edgellm__pf_m15(c, &gamma);
    w[3] = (uint32_t)gamma;
    for (l = 0; l < n; l++) {
        const uint8_t *g;
        uint32_t ga = 0;
        if (l + 1u < n) {
            edgellm__layer L;
            edgellm__layer_of(m, l / 2u, &L);
            g = (l & 1u) ? L.ffn_norm : L.attn_norm;
        } else
            g = edgellm__final_norm(m);
        for (i = 0; i < m->dim; i++) {
            int32_t gi = edgellm__rdi32(g + 4u * i);
            ga |= gi < 0 ? (uint32_t)0 - (uint32_t)gi : (uint32_t)gi;
        }
        w[EDGELLM__MC_NORMS + l] = ga;
    }
}

static void edgellm__consts_of(const edgellm_ctx *ctx, edgellm__consts *k) {
    const uint32_t *w = (const uint32_t *)(const void *)(ctx->mem + ctx->off[EDGELLM__MC]);
    k->rdim.m = (int32_t)w[0];
    k->rdim.e = (int32_t)w[1];
    k->cm = w[2];
    k->gamma = (int)(int32_t)w[3];
    k->ga = w + EDGELLM__MC_NORMS;
}

/* attention of layer l at position pos (every earlier position and itself), through the
   attention backend when there is one */
static int edgellm__attention(edgellm_ctx *ctx, const edgellm__consts *K, uint32_t l, uint32_t pos, const int32_t *q,
                              int32_t *out) {
    const edgellm_model *m = ctx->model;
    uint8_t *mem = ctx->mem;
    edgellm__attn a;
    edgellm__head st;
    uint32_t h, done;
    int r;
    edgellm__cache_of(ctx, l, &a.c);
    a.q = q;
    a.out = out;
    a.rope = (const int32_t *)(const void *)(mem + ctx->off[EDGELLM__ROPE]);
    a.n = pos + 1u;
    a.hd = m->head_size;
    a.n_heads = m->n_heads;
    a.group = m->n_heads / m->n_kv_heads;
    a.cm = K->cm;
    a.gamma = K->gamma;
    a.qmax = (int32_t)(65535u / a.hd);
    a.qw = 32 - edgellm__bitlen32(a.n);
    if (a.qw > 23) a.qw = 23;
    a.vb = a.c.wide ? 16 : 23;
    a.dc = a.c.wide ? 128u : 127u;
    a.qi = (int32_t *)(void *)(mem + ctx->off[EDGELLM__QI]);
    a.u = (int32_t *)(void *)(mem + ctx->off[EDGELLM__ATTW]);
    a.acc = (int32_t *)(void *)(mem + ctx->off[EDGELLM__HACC]);
    st.qi = a.qi;
    st.u = a.u;
    st.acc = a.acc;
    for (h = 0; h < a.n_heads; h += done) {
        if (ctx->attn.dots) {
            if ((r = edgellm__attend_with(&ctx->attn, &a, &st, l, h)) != EDGELLM_OK) return r;
            done = 1;
            continue;
        }
        done = edgellm__fast_heads(&a, h);   /* heads h, h+1, ... in one pass (0: none) */
        if (done == 0) {
            edgellm__attend(&a, &st, h);
            done = 1;
        }
    }
    return EDGELLM_OK;
}

/* ---------------------------------------------------------------- the transformer */
/* the forward pass's buffers, by what they hold */
typedef struct edgellm__bufs {
    int32_t *x;           /* the residual stream */
    int32_t *q, *k, *v;   /* queries, keys, values of this position */
    int32_t *att;         /* the attention output */
    int32_t *out;         /* a block's output before it is added to x (the queries' memory) */
    int32_t *scratch;     /* RMSNorm's scratch (the attention output's memory) */
    int32_t *h1, *h3;     /* the FFN's hidden vectors */
    int32_t *rope;        /* this position's rotations */
    int32_t *tmp;         /* a head on its way to the cache */
    int8_t *xq;           /* the int8 input of the next matrix (edgellm__xq_tail) */
} edgellm__bufs;

static void edgellm__bufs_of(edgellm_ctx *ctx, edgellm__bufs *b) {
    uint8_t *mem = ctx->mem;
    b->x = (int32_t *)(void *)(mem + ctx->off[EDGELLM__X]);
    b->q = (int32_t *)(void *)(mem + ctx->off[EDGELLM__Q]);
    b->k = (int32_t *)(void *)(mem + ctx->off[EDGELLM__K]);
    b->v = (int32_t *)(void *)(mem + ctx->off[EDGELLM__V]);
    b->att = (int32_t *)(void *)(mem + ctx->off[EDGELLM__ATT]);
    b->out = b->q;
    b->scratch = b->att;
    b->h1 = (int32_t *)(void *)(mem + ctx->off[EDGELLM__H1]);
    b->h3 = (int32_t *)(void *)(mem + ctx->off[EDGELLM__H3]);
    b->rope = (int32_t *)(void *)(mem + ctx->off[EDGELLM__ROPE]);
    b->tmp = (int32_t *)(void *)(mem + ctx->off[EDGELLM__QI]);
    b->xq = (int8_t *)(mem + ctx->off[EDGELLM__XQ]);
}

/* x = the embedding row of token (Q16): x_c = shift_sat(w_c * rshr(m_t, 16), shift_t - 32);
   returns max |x| */
static uint32_t edgellm__embed(const edgellm_model *m, uint32_t token, int32_t *x) {
    edgellm_matrix emb;
    edgellm__pf s;
    uint32_t i, m15;
    int sh;
    edgellm__embedding(m, &emb);
    s = edgellm__scale_at(emb.scales, token);
    m15 = edgellm__pf_m15(s, &sh);
    if (emb.type == EDGELLM_WT_I8 && sh - 16 >= 1) {   /* the usual case: the row's bytes, one rounding shift */
        const int8_t *row = (const int8_t *)(const void *)(emb.data + (size_t)token * emb.stride);
        for (i = 0; i < m->dim; i++) x[i] = edgellm__rshr32(row[i] * (int32_t)m15, sh - 16);
    } else
        for (i = 0; i < m->dim; i++) x[i] = edgellm__shift_sat(edgellm__weight(&emb, token, i) * (int32_t)m15, sh - 16);
    return edgellm__absbits(x, m->dim);   /* of the bit length of max |x| */
}

/* a new int8 vector in xq: matrices read it through the context's lookup tables, which
   are rebuilt for it when first needed */
static edgellm__pf edgellm__new_xq(edgellm_ctx *ctx, edgellm__pf s) {
    ctx->xq_gen = ctx->xq_gen + 1u ? ctx->xq_gen + 1u : 1u;
    return s;
}
/* the length to pass as len to the quant8 that writes n entries of the next vector: xq is
   zero from ctx->xq_hi on, so only [n, xq_hi) needs zeroing for the padding (any cols_pad);
   the vector then ends at n */
static uint32_t edgellm__xq_tail(edgellm_ctx *ctx, uint32_t n) {
    uint32_t t = ctx->xq_hi > n ? ctx->xq_hi : n;
    ctx->xq_hi = n;
    return t;
}

/* One position: the token's embedding through every layer, then the logits (manual,
   INTEGER ARITHMETIC: "One step"). S16 is a matrix input's scale times 2^16, so that the
   matrix outputs come out in Q16. */
static int edgellm__forward(edgellm_ctx *ctx, uint32_t token) {
    const edgellm_model *m = ctx->model;
    uint32_t pos = ctx->pos, l, xa, ha;
    edgellm__bufs b;
    edgellm__layer L;
    edgellm__consts K;
    edgellm__pf s16;
    int r, e;

    EDGELLM_PROFILE(EDGELLM_PART_OTHER);
    edgellm__bufs_of(ctx, &b);
    edgellm__consts_of(ctx, &K);
    xa = edgellm__embed(m, token, b.x);   /* xa: of the bit length of max |x|, kept by the residual adds */
    EDGELLM_PROFILE(EDGELLM_PART_ROPE);
    edgellm__rope_table(m, pos, b.rope);
    for (l = 0; l < m->n_layers; l++) {
        edgellm__layer_of(m, l, &L);

        /* attention: x += Wo attention(RoPE(Wq xn), RoPE(Wk xn), Wv xn), xn = RMSNorm(x) */
        EDGELLM_PROFILE(EDGELLM_PART_NORM);
        s16 = edgellm__new_xq(ctx, edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, xa, L.attn_norm, K.ga[2u * l], b.scratch, b.xq, edgellm__xq_tail(ctx, m->dim), K.rdim), 16));
        if ((r = edgellm__mv(ctx, L.wq, b.xq, s16, b.q)) != EDGELLM_OK) return r;
        if ((r = edgellm__mv(ctx, L.wk, b.xq, s16, b.k)) != EDGELLM_OK) return r;
        if ((r = edgellm__mv(ctx, L.wv, b.xq, s16, b.v)) != EDGELLM_OK) return r;
        EDGELLM_PROFILE(EDGELLM_PART_ATTENTION);
        edgellm__cache_store(ctx, l, pos, b.k, b.v, b.rope, b.tmp);
        if (ctx->attn.store && (r = edgellm__attn_store(ctx, l, pos)) != EDGELLM_OK) return r;
        if ((r = edgellm__attention(ctx, &K, l, pos, b.q, b.att)) != EDGELLM_OK) return r;
        EDGELLM_PROFILE(EDGELLM_PART_REQUANT);
        s16 = edgellm__new_xq(ctx, edgellm__quant8(b.att, m->dim, b.xq, edgellm__xq_tail(ctx, m->dim)));
        if ((r = edgellm__mv(ctx, L.wo, b.xq, s16, b.out)) != EDGELLM_OK) return r;
        EDGELLM_PROFILE(EDGELLM_PART_OTHER);
        xa = edgellm__residual(b.x, b.out, m->dim);

        /* feed-forward: x += W2 act(W1 xn) (* W3 xn when gated), xn = RMSNorm(x) */
        EDGELLM_PROFILE(EDGELLM_PART_NORM);
        s16 = edgellm__new_xq(ctx, edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, xa, L.ffn_norm, K.ga[2u * l + 1u], b.scratch, b.xq, edgellm__xq_tail(ctx, m->dim), K.rdim), 16));
        if ((r = edgellm__mv(ctx, L.w1, b.xq, s16, b.h1)) != EDGELLM_OK) return r;
        if (L.gated && (r = edgellm__mv(ctx, L.w3, b.xq, s16, b.h3)) != EDGELLM_OK) return r;
        EDGELLM_PROFILE(EDGELLM_PART_FFN);
        if (m->act == EDGELLM_ACT_RELU2 && !L.gated) {   /* activation and quant8 in one pass */
            edgellm__pf sq = edgellm__relu2_q8(b.h1, m->hidden, b.xq, edgellm__xq_tail(ctx, m->hidden), &e);
            s16 = edgellm__new_xq(ctx, edgellm__pf_shift(sq, e));
        } else {
            e = edgellm__ffn_act(m, b.h1, L.gated ? b.h3 : 0, &ha);
            EDGELLM_PROFILE(EDGELLM_PART_REQUANT);
            s16 = edgellm__new_xq(ctx, edgellm__pf_shift(edgellm__quant8_a(b.h1, m->hidden, ha, b.xq, edgellm__xq_tail(ctx, m->hidden)), e));
        }
        if ((r = edgellm__mv(ctx, L.w2, b.xq, s16, b.out)) != EDGELLM_OK) return r;
        EDGELLM_PROFILE(EDGELLM_PART_OTHER);
        xa = edgellm__residual(b.x, b.out, m->dim);
    }
    /* logits = Wcls RMSNorm(x) */
    EDGELLM_PROFILE(EDGELLM_PART_NORM);
    s16 = edgellm__new_xq(ctx, edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, xa, edgellm__final_norm(m), K.ga[2u * m->n_layers], b.scratch, b.xq, edgellm__xq_tail(ctx, m->dim), K.rdim), 16));
    r = edgellm__mv(ctx, edgellm__head_matrix(m), b.xq, s16, ctx->logits);
    EDGELLM_PROFILE(EDGELLM_PART_END);
    return r;
}

EDGELLM_API int edgellm_feed(edgellm_ctx *ctx, uint32_t token) {
    int r;
    if (!ctx) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    if (token >= ctx->model->vocab) return EDGELLM_ERR_TOKEN;
    if (ctx->pos >= ctx->n_ctx) return EDGELLM_ERR_CONTEXT_FULL;
    /* an attention backend installed after position 0 first gets the positions it missed */
    if (ctx->attn.store && (r = edgellm__attn_catch_up(ctx)) != EDGELLM_OK) return r;
    r = edgellm__forward(ctx, token);
    if (r != EDGELLM_OK) return r;
    ctx->pos++;
    if (ctx->attn.store) ctx->attn_pos = ctx->pos;
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_prefill(edgellm_ctx *ctx, const uint32_t *tokens, uint32_t n) {
    uint32_t i;
    int r;
    if (!ctx || (!tokens && n)) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    if (n > ctx->n_ctx - ctx->pos) return EDGELLM_ERR_PROMPT_TOO_LONG;
    for (i = 0; i < n; i++) if (tokens[i] >= ctx->model->vocab) return EDGELLM_ERR_TOKEN;
    for (i = 0; i < n; i++) if ((r = edgellm_feed(ctx, tokens[i])) != EDGELLM_OK) return r;
    return EDGELLM_OK;
}

/* ---------------------------------------------------------------- sampler */
EDGELLM_API uint32_t edgellm_rng_u32(uint64_t *s) {
    if (!s) return 0;
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

EDGELLM_API void edgellm_sampler_init(edgellm_sampler *s, uint32_t temperature_q16, uint32_t top_k, uint32_t top_p_q16, uint64_t seed) {
    if (!s) return;
    s->temperature = temperature_q16;
    s->top_k = top_k;
    s->top_p = top_p_q16;
    s->rng = seed ^ 0x9E3779B97F4A7C15ull;
    if (s->rng == 0) s->rng = 0x9E3779B97F4A7C15ull;
}

EDGELLM_API int edgellm_argmax(const int32_t *logits, uint32_t n, uint32_t *token) {
    uint32_t i, best = 0;
    if (!logits || !token || n == 0) return EDGELLM_ERR_ARG;
    for (i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    *token = best;
    return EDGELLM_OK;
}

/* (w desc, id asc) ordering: does a come before b? */
static int edgellm__before(const uint32_t *w, uint32_t a, uint32_t b) {
    return w[a] > w[b] || (w[a] == w[b] && a < b);
}
/* a heap on that order with its first entry at the root: idx[root]'s subtree made a heap */
static void edgellm__sift(const uint32_t *w, uint32_t *idx, uint32_t root, uint32_t n) {
    for (;;) {
        uint32_t c = 2u * root + 1u, t;
        if (c >= n) return;
        if (c + 1u < n && edgellm__before(w, idx[c + 1u], idx[c])) c++;
        if (!edgellm__before(w, idx[c], idx[root])) return;
        t = idx[c];
        idx[c] = idx[root];
        idx[root] = t;
        root = c;
    }
}
/* the heap idx[0..*end)'s first entry moved to idx[*end - 1] (the end of the heap, which
   shrinks by one): after j pops from a heap of cand entries, idx[cand - 1 - i] is the
   order's entry i for i < j */
static void edgellm__pop(const uint32_t *w, uint32_t *idx, uint32_t *end) {
    uint32_t t = idx[0];
    --*end;
    idx[0] = idx[*end];
    idx[*end] = t;
    edgellm__sift(w, idx, 0, *end);
}

EDGELLM_API int edgellm_sample(edgellm_ctx *ctx, edgellm_sampler *s, uint32_t *token) {
    const int32_t *l;
    uint32_t *w, *idx, n, i, lmax = 0, kept, rnd, c15, sum = 0, cum = 0, target, end;
    edgellm__pf c;
    int sorted, q, sc;
    if (!ctx || !s || !token) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    l = ctx->logits;
    n = ctx->model->vocab;
    if (s->temperature == 0) return edgellm_argmax(l, n, token);
    w = (uint32_t *)(void *)(ctx->mem + ctx->off[EDGELLM__SAMP]);
    idx = w + n;
    edgellm_argmax(l, n, &lmax);
    /* w_i = exp2(-mulsh(l_max - l_i, c15, sc)) in Q(q), c15 * 2^-sc ~ log2(e) / T: the sum
       of all n fits 32 bits */
    q = 32 - edgellm__bitlen32(n);
    if (q > 30) q = 30;
    c = edgellm__pf_mul(edgellm__l2e(), edgellm__pf_recip(edgellm__pf_norm(s->temperature, -16)));
    c15 = edgellm__pf_m15(c, &sc);
    {   /* dlim: the least difference whose weight is 0 (mulsh is monotone, exp2n is 0 from
           (q + 1) * 2^16 + 1 on: at (q + 1) * 2^16 it is rshr(2^30, 31) = 1), so that most
           entries cost a compare */
        uint32_t dlim = edgellm__mulsh_least(c15, sc, edgellm__exp2_zero(q));
        for (i = 0; i < n; i++) {
            uint32_t d = (uint32_t)l[lmax] - (uint32_t)l[i];   /* l_max - l_i, in [0, 2^32) */
            w[i] = d >= dlim ? 0 : edgellm__exp2n(edgellm__mulsh_below(d, c15, sc), q);
        }
    }
    kept = (s->top_k == 0 || s->top_k >= n) ? n : s->top_k;
    sorted = kept < n || s->top_p < 65536u;
    if (sorted) {
        uint32_t cand = 0, total = 0;   /* total: every weight's sum, for top-p alone */
        if (kept == n) {
            /* top-p alone: a token with w * n < (1 - p) * total can never be in the nucleus
               (everything before it sums to < p * total and nothing after it is larger), so
               only the others are sorted; the result is the same as sorting all. The test,
               w * n * 65536 >= (65536 - p) * total, is w >= ceil(ceil((65536 - p) * total / 65536) / n). */
            uint32_t x, thr;
            for (i = 0; i < n; i++) total += w[i];
            x = (uint32_t)(((uint64_t)(65536u - s->top_p) * total + 65535u) >> 16);
            thr = edgellm__udiv32(x, n);
            if (thr * n != x) thr++;
            for (i = 0; i < n; i++)
                if (w[i] >= thr) idx[cand++] = i;
        } else {
            for (i = 0; i < n; i++) idx[i] = i;
            cand = n;
        }
        /* the entries in order, as far as they are needed (the top k, the nucleus): a heap
           with the first at its root, popped one entry at a time; entry i of the order is
           then at idx[cand - 1 - i], and only the first `kept` are ever popped */
        for (i = cand / 2u; i-- > 0;) edgellm__sift(w, idx, i, cand);
        end = cand;
        if (s->top_p < 65536u) {
            /* the shortest prefix with pre * 65536 >= p * total: pre >= ceil(p * total / 65536),
               total over every weight (top-p alone) or over the top k */
            uint32_t pre = 0, thr;
            if (kept < n) {
                while (cand - end < kept) edgellm__pop(w, idx, &end);
                for (i = 0; i < kept; i++) total += w[idx[cand - 1u - i]];
            } else
                kept = cand;
            thr = (uint32_t)(((uint64_t)s->top_p * total + 65535u) >> 16);
            for (i = 0; i < kept; i++) {
                if (cand - end == i) edgellm__pop(w, idx, &end);
                pre += w[idx[cand - 1u - i]];
                if (pre >= thr) break;
            }
            kept = i < kept ? i + 1u : kept;
        } else   /* top-k alone: cand = n > kept */
            while (cand - end < kept) edgellm__pop(w, idx, &end);
        idx += cand - kept;   /* the first kept entries of the order, the last first */
        for (i = 0; i < kept; i++) sum += w[idx[i]];
    } else {
        for (i = 0; i < n; i++) sum += w[i];
    }
    rnd = edgellm_rng_u32(&s->rng);
    target = (uint32_t)(((uint64_t)rnd * sum) >> 32);
    for (i = 0; i < kept; i++) {
        uint32_t id = sorted ? idx[kept - 1u - i] : i;
        cum += w[id];
        if (cum > target) { *token = id; return EDGELLM_OK; }
    }
    *token = sorted ? idx[0] : kept - 1u;   /* unreachable: target < sum */
    return EDGELLM_OK;
}

/* ---------------------------------------------------------------- tokenizer */
static int32_t edgellm__lookup(const edgellm_model *m, const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb) {
    uint32_t lo = 0, hi = m->vocab;
    if (la + lb > m->tok_max_len) return -1;
    while (lo < hi) {   /* first entry >= a||b */
        uint32_t mid = lo + (hi - lo) / 2u, id = edgellm__rd32(m->tok_sorted + 4u * mid), lc;
        const uint8_t *pc;
        edgellm__piece(m, id, &pc, &lc);
        if (edgellm__cmp2(a, la, b, lb, pc, lc) > 0) lo = mid + 1u; else hi = mid;
    }
    if (lo < m->vocab) {
        uint32_t id = edgellm__rd32(m->tok_sorted + 4u * lo), lc;
        const uint8_t *pc;
        edgellm__piece(m, id, &pc, &lc);
        if (edgellm__cmp2(a, la, b, lb, pc, lc) == 0) return (int32_t)id;
    }
    return -1;
}

EDGELLM_API int edgellm_encode(const edgellm_model *m, const char *text, size_t len, int add_bos,
                               uint32_t *tokens, uint32_t cap, uint32_t *n_tokens) {
    const uint8_t *s = (const uint8_t *)text;
    uint32_t n = 0;
    size_t i = 0;
    if (!m || (!text && len) || !tokens || !n_tokens) return EDGELLM_ERR_ARG;
    if (m->valid != EDGELLM__MODEL_OK) return EDGELLM_ERR_STATE;
#define EDGELLM__PUSH(id) do { if (n >= cap) return EDGELLM_ERR_BUFFER; tokens[n++] = (uint32_t)(id); } while (0)
    if (add_bos && m->bos >= 0) EDGELLM__PUSH(m->bos);
    if (m->tok_kind == EDGELLM_TOK_BYTES) {
        for (i = 0; i < len; i++) {
            int32_t id = edgellm__lookup(m, s + i, 1, s, 0);
            if (id < 0) return EDGELLM_ERR_ENCODE;
            EDGELLM__PUSH(id);
        }
        *n_tokens = n;
        return EDGELLM_OK;
    }
    if (len > 0) {
        static const uint8_t space = ' ';
        int32_t id = edgellm__lookup(m, &space, 1, &space, 0);
        if (id >= 0) EDGELLM__PUSH(id);
    }
    while (i < len) {
        size_t st = i++, j;
        int32_t id;
        while (i < len && (s[i] & 0xC0u) == 0x80u && i - st < 4u) i++;
        id = edgellm__lookup(m, s + st, (uint32_t)(i - st), s, 0);
        if (id >= 0) { EDGELLM__PUSH(id); continue; }
        if (m->byte_base < 0) return EDGELLM_ERR_ENCODE;
        for (j = st; j < i; j++) EDGELLM__PUSH((uint32_t)m->byte_base + s[j]);
    }
#undef EDGELLM__PUSH
    for (;;) {
        int32_t best = EDGELLM__I32MIN, best_id = -1;
        uint32_t bi = 0, j;
        for (j = 0; j + 1u < n; j++) {
            const uint8_t *pa, *pb;
            uint32_t la, lb;
            int32_t id;
            edgellm__piece(m, tokens[j], &pa, &la);
            edgellm__piece(m, tokens[j + 1u], &pb, &lb);
            id = edgellm__lookup(m, pa, la, pb, lb);
            if (id >= 0) {
                int32_t sc = edgellm__rdi32(m->tok_scores + 4u * (uint32_t)id);
                if (sc > best) { best = sc; best_id = id; bi = j; }
            }
        }
        if (best_id < 0) break;
        tokens[bi] = (uint32_t)best_id;
        for (j = bi + 1u; j + 1u < n; j++) tokens[j] = tokens[j + 1u];
        n--;
    }
    *n_tokens = n;
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_token_piece(const edgellm_model *m, uint32_t prev, uint32_t token,
                                    uint8_t *buf, uint32_t cap, uint32_t *len) {
    const uint8_t *p;
    uint32_t n, i;
    if (!m || !buf || !len) return EDGELLM_ERR_ARG;
    if (m->valid != EDGELLM__MODEL_OK) return EDGELLM_ERR_STATE;
    if (token >= m->vocab) return EDGELLM_ERR_TOKEN;
    if (m->byte_base >= 0 && token >= (uint32_t)m->byte_base && token < (uint32_t)m->byte_base + 256u) {
        if (cap < 1) return EDGELLM_ERR_BUFFER;
        buf[0] = (uint8_t)(token - (uint32_t)m->byte_base);
        *len = 1;
        return EDGELLM_OK;
    }
    edgellm__piece(m, token, &p, &n);
    if (m->bos >= 0 && prev == (uint32_t)m->bos && n > 0 && p[0] == ' ') { p++; n--; }
    if (n > cap) return EDGELLM_ERR_BUFFER;
    for (i = 0; i < n; i++) buf[i] = p[i];
    *len = n;
    return EDGELLM_OK;
}


/* ================================================================ ACCELERATED FORMS
   Faster forms of the reference kernels' hot loops, each in the section of the hardware
   it is written for and chosen in the last section, one selector per kernel. A form
   does a prefix of its kernel's work and returns how far it got; the reference loop
   finishes the rest. Every form gives the reference's bits for every input: the tests
   compare each with the reference on random and extreme inputs and whole contexts. */

#if defined(EDGELLM__AVX2)
/* ---------------------------------------------------------------- AVX2 (x86) */

/* matrix rows: one T2 row (per bit plane: maddubs(plus bits, x) - maddubs(minus bits, x);
   0/1 times int8 is exact) */
static int32_t edgellm__dot_t2_avx2(const uint8_t *w, const int8_t *x, uint32_t nb) {
    /* per bit plane: maddubs(plus bits, x) - maddubs(minus bits, x); 0/1 times int8 is exact */
    __m128i acc = _mm_setzero_si128(), one = _mm_set1_epi8(1), ones16 = _mm_set1_epi16(1);
    __m256i acc2 = _mm256_setzero_si256(), one2 = _mm256_set1_epi8(1), ones2 = _mm256_set1_epi16(1);
    uint32_t b;
    int k;
    for (b = 0; b + 2u <= nb; b += 2, w += 32, x += 128) {   /* two blocks per 256-bit step */
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)w), s16 = _mm256_setzero_si256();
        for (k = 0; k < 4; k++) {
            __m256i xk = _mm256_inserti128_si256(
                _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(x + 16 * k))),
                _mm_loadu_si128((const __m128i *)(const void *)(x + 64 + 16 * k)), 1);
            __m256i p = _mm256_and_si256(_mm256_srli_epi16(v, 2 * k), one2);
            __m256i q = _mm256_and_si256(_mm256_srli_epi16(v, 2 * k + 1), one2);
            s16 = _mm256_add_epi16(s16, _mm256_sub_epi16(_mm256_maddubs_epi16(p, xk), _mm256_maddubs_epi16(q, xk)));
        }
        acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(s16, ones2));
    }
    acc = _mm_add_epi32(_mm256_castsi256_si128(acc2), _mm256_extracti128_si256(acc2, 1));
    for (; b < nb; b++, w += 16, x += 64) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)w), s16 = _mm_setzero_si128();
        for (k = 0; k < 4; k++) {
            __m128i xk = _mm_loadu_si128((const __m128i *)(const void *)(x + 16 * k));
            __m128i p = _mm_and_si128(_mm_srli_epi16(v, 2 * k), one), q = _mm_and_si128(_mm_srli_epi16(v, 2 * k + 1), one);
            s16 = _mm_add_epi16(s16, _mm_sub_epi16(_mm_maddubs_epi16(p, xk), _mm_maddubs_epi16(q, xk)));
        }
        acc = _mm_add_epi32(acc, _mm_madd_epi16(s16, ones16));
    }
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, 0x4E));
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, 0xB1));
    return _mm_cvtsi128_si32(acc);
}
/* one INT8 row: sign-extend 16 int8 to int16, multiply-add pairs to int32 (exact for all inputs) */
static int32_t edgellm__dot_i8_avx2(const int8_t *w, const int8_t *x, uint32_t n) {
    __m256i acc = _mm256_setzero_si256();
    __m128i h;
    uint32_t b;
    for (b = 0; b < n; b += 16) {
        __m256i a16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + b)));
        __m256i x16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(x + b)));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(a16, x16));
    }
    h = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4E));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xB1));
    return _mm_cvtsi128_si32(h);
}

/* four rows of an INT8 matrix at once (n a multiple of 16): each 16 x values widened once;
   the int32 sums wrap like the scalar ones and are exact (|y| <= 2^30) */
static void edgellm__dot4_i8_avx2(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    __m128i h;
    uint32_t b;
    for (b = 0; b < n; b += 16) {
        __m256i x16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(x + b)));
        a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + b))), x16));
        a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + stride + b))), x16));
        a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + 2u * stride + b))), x16));
        a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(w + 3u * stride + b))), x16));
    }
    a0 = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));   /* (r0 r1 r2 r3) per half */
    h = _mm_add_epi32(_mm256_castsi256_si128(a0), _mm256_extracti128_si256(a0, 1));
    _mm_storeu_si128((__m128i *)(void *)y, h);
}

/* four rows of a T2 matrix at once (nb blocks of 64 columns). Each 2-bit code becomes d + 1
   in {0, 1, 2} by a 16-entry table lookup of a nibble (two codes a nibble); an unsigned-by-
   signed multiply-add gives sum (d + 1) x exactly (pairs <= 512), and sx = sum x over the
   row's columns is taken off at the end. The x of a column serves all four rows. */
static void edgellm__dot4_t2_avx2(const uint8_t *w, size_t stride, const int8_t *x, uint32_t nb, int32_t sx, int32_t *y) {
    const __m256i lut0 = _mm256_setr_epi8(1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1,
                                          1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1, 1, 2, 0, 1);   /* code in bits 0-1 */
    const __m256i lut1 = _mm256_setr_epi8(1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1,
                                          1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1);   /* code in bits 2-3 */
    const __m256i nib = _mm256_set1_epi8(0x0F), ones16 = _mm256_set1_epi16(1), zero = _mm256_setzero_si256();
    __m256i acc[4], s16[4], xs[4];
    __m128i h;
    uint32_t b, pairs = 0;
    int r, k;
    for (r = 0; r < 4; r++) acc[r] = s16[r] = zero;
    for (b = 0; b < nb; b += 2) {   /* two blocks (128 columns) a step; a last odd block in the low half only */
        int two = b + 1u < nb;
        for (k = 0; k < 4; k++) {
            __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)(x + 64u * b + 16u * (uint32_t)k));
            __m128i hi = two ? _mm_loadu_si128((const __m128i *)(const void *)(x + 64u * b + 64u + 16u * (uint32_t)k)) : _mm_setzero_si128();
            xs[k] = _mm256_inserti128_si256(_mm256_castsi128_si256(lo), hi, 1);
        }
        for (r = 0; r < 4; r++) {
            const uint8_t *wr = w + (size_t)r * stride + 16u * b;
            __m256i v = two ? _mm256_loadu_si256((const __m256i *)(const void *)wr)
                            : _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)wr)),
                                                      _mm_setzero_si128(), 1);
            __m256i lo = _mm256_and_si256(v, nib), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
            __m256i t = _mm256_add_epi16(_mm256_maddubs_epi16(_mm256_shuffle_epi8(lut0, lo), xs[0]),
                                         _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut1, lo), xs[1]));
            t = _mm256_add_epi16(t, _mm256_add_epi16(_mm256_maddubs_epi16(_mm256_shuffle_epi8(lut0, hi), xs[2]),
                                                     _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut1, hi), xs[3])));
            s16[r] = _mm256_add_epi16(s16[r], t);
        }
        /* an int16 lane gathers at most 2048 in magnitude a step: widen every 16 steps */
        if (++pairs == 16u || b + 2u >= nb) {
            for (r = 0; r < 4; r++) {
                acc[r] = _mm256_add_epi32(acc[r], _mm256_madd_epi16(s16[r], ones16));
                s16[r] = zero;
            }
            pairs = 0;
        }
    }
    acc[0] = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[0], acc[1]), _mm256_hadd_epi32(acc[2], acc[3]));
    h = _mm_sub_epi32(_mm_add_epi32(_mm256_castsi256_si128(acc[0]), _mm256_extracti128_si256(acc[0], 1)), _mm_set1_epi32(sx));
    _mm_storeu_si128((__m128i *)(void *)y, h);
}

/* four rows of a T1 matrix at once (nb blocks of 80 columns). A byte's trits come out
   plane by plane: with s_0 = the byte + 128 and s_k+1 = 3 s_k mod 256 (two byte adds; s_k is
   v_k + 128 for v_k = 3^k v mod 256), trit k is floor(3 v_k / 256) = [v_k >= 86] +
   [v_k >= 171] = [s_k > -43] + [s_k > 42] in signed bytes: two compares, whose -1 masks
   subtracted from zero give the weight + 1 in {0, 1, 2}. An unsigned-by-signed multiply-
   add gives sum (w + 1) x exactly (pairs <= 512, five planes <= 2560 in an int16 lane, so
   twelve steps of two blocks stay below 2^15 before widening); sx = sum x over the row's
   columns is taken off at the end. The x of a column serves all four rows. */
static void edgellm__dot4_t1_avx2(const uint8_t *w, size_t stride, const int8_t *x, uint32_t nb, int32_t sx, int32_t *y) {
    const __m256i flip = _mm256_set1_epi8((char)0x80), c86 = _mm256_set1_epi8(-43), c171 = _mm256_set1_epi8(42);
    const __m256i ones16 = _mm256_set1_epi16(1), zero = _mm256_setzero_si256();
    __m256i a0 = zero, a1 = zero, a2 = zero, a3 = zero;
    uint32_t b = 0, np = nb & ~1u;
    while (b < nb) {   /* chunks of up to twelve steps of two blocks, then a last odd block alone */
        int tail = b >= np;
        uint32_t end = tail ? nb : np - b > 24u ? b + 24u : np;
        __m256i s0 = zero, s1 = zero, s2 = zero, s3 = zero;
        for (; b < end; b += 2) {
            const int8_t *xb = x + 80u * b;
            const uint8_t *wb = w + 16u * b;
            __m256i xk[5], v0, v1, v2, v3;
            int k;
            if (!tail) {   /* block b in the low 128 bits, block b + 1 in the high */
                for (k = 0; k < 5; k++)
                    xk[k] = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(xb + 16 * k))),
                                                    _mm_loadu_si128((const __m128i *)(const void *)(xb + 80 + 16 * k)), 1);
                v0 = _mm256_loadu_si256((const __m256i *)(const void *)wb);
                v1 = _mm256_loadu_si256((const __m256i *)(const void *)(wb + stride));
                v2 = _mm256_loadu_si256((const __m256i *)(const void *)(wb + 2u * stride));
                v3 = _mm256_loadu_si256((const __m256i *)(const void *)(wb + 3u * stride));
            } else {   /* the last block: zero high halves (x = 0 there) */
                for (k = 0; k < 5; k++)
                    xk[k] = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(xb + 16 * k))),
                                                    _mm_setzero_si128(), 1);
                v0 = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)wb)), _mm_setzero_si128(), 1);
                v1 = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(wb + stride))), _mm_setzero_si128(), 1);
                v2 = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(wb + 2u * stride))), _mm_setzero_si128(), 1);
                v3 = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(wb + 3u * stride))), _mm_setzero_si128(), 1);
            }
            v0 = _mm256_xor_si256(v0, flip);
            v1 = _mm256_xor_si256(v1, flip);
            v2 = _mm256_xor_si256(v2, flip);
            v3 = _mm256_xor_si256(v3, flip);
            for (k = 0; k < 5; k++) {
#define EDGELLM__T1PLANE(s, v)                                                                                   \
                do {                                                                                             \
                    __m256i t_ = _mm256_sub_epi8(_mm256_sub_epi8(zero, _mm256_cmpgt_epi8(v, c86)), _mm256_cmpgt_epi8(v, c171)); \
                    s = _mm256_add_epi16(s, _mm256_maddubs_epi16(t_, xk[k]));                                   \
                    if (k < 4) v = _mm256_add_epi8(v, _mm256_add_epi8(v, v));                                    \
                } while (0)
                EDGELLM__T1PLANE(s0, v0);
                EDGELLM__T1PLANE(s1, v1);
                EDGELLM__T1PLANE(s2, v2);
                EDGELLM__T1PLANE(s3, v3);
#undef EDGELLM__T1PLANE
            }
        }
        a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(s0, ones16));
        a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(s1, ones16));
        a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(s2, ones16));
        a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(s3, ones16));
    }
    a0 = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));   /* (r0 r1 r2 r3) per half */
    _mm_storeu_si128((__m128i *)(void *)y, _mm_sub_epi32(_mm_add_epi32(_mm256_castsi256_si128(a0), _mm256_extracti128_si256(a0, 1)),
                                                         _mm_set1_epi32(sx)));
}

/* every row of a matrix: INT8, T2 and T1 rows four at a time, then one at a time (T1:
   unpacked per block and summed with the INT8 dot) */
static uint32_t edgellm__rows_avx2(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    uint32_t r = 0;
    if (m->type == EDGELLM_WT_T2) {
        if (m->rows >= 4u) {
            int32_t sx = 0;
            uint32_t c;
            for (c = 0; c < m->cols_pad; c++) sx += x[c];
            for (; r + 4u <= m->rows; r += 4)
                edgellm__dot4_t2_avx2(m->data + (size_t)r * m->stride, m->stride, x, m->cols_pad / 64u, sx, y + r);
        }
        for (; r < m->rows; r++) y[r] = edgellm__dot_t2_avx2(m->data + (size_t)r * m->stride, x, m->cols_pad / 64u);
    } else if (m->type == EDGELLM_WT_I8) {
        for (; r + 4u <= m->rows; r += 4)
            edgellm__dot4_i8_avx2((const int8_t *)(m->data + (size_t)r * m->stride), m->stride, x, m->cols_pad, y + r);
        for (; r < m->rows; r++) y[r] = edgellm__dot_i8_avx2((const int8_t *)(m->data + (size_t)r * m->stride), x, m->cols_pad);
    } else if (m->type == EDGELLM_WT_T1) {
        if (m->rows >= 4u) {
            int32_t sx = 0;
            uint32_t c;
            for (c = 0; c < m->cols_pad; c++) sx += x[c];
            for (; r + 4u <= m->rows; r += 4)
                edgellm__dot4_t1_avx2(m->data + (size_t)r * m->stride, m->stride, x, m->cols_pad / 80u, sx, y + r);
        }
        for (; r < m->rows; r++) {
            const uint8_t *w = m->data + (size_t)r * m->stride;
            const int8_t *xb = x;
            int8_t d[80];
            uint32_t b;
            int32_t acc = 0;
            for (b = 0; b < m->cols_pad / 80u; b++, w += 16, xb += 80) {
                edgellm__unpack_t1(w, d);
                acc += edgellm__dot_i8_avx2(d, xb, 80);
            }
            y[r] = acc;
        }
    }
    return r;
}

/* requantization of matrix outputs, quant8, SiLU, RMSNorm's gains */

/* sat32(rshr(a, s)) in four int64 lanes, each shift s in 1..62: add 2^(s-1), then an
   arithmetic shift done as a logical one between sign flips */
static __m256i edgellm__rshr_sat_avx2(__m256i a, __m256i s) {
    const __m256i one = _mm256_set1_epi64x(1), zero = _mm256_setzero_si256();
    const __m256i hi = _mm256_set1_epi64x(EDGELLM__I32MAX), lo = _mm256_set1_epi64x(EDGELLM__I32MIN);
    __m256i sg;
    a = _mm256_add_epi64(a, _mm256_sllv_epi64(one, _mm256_sub_epi64(s, one)));
    sg = _mm256_cmpgt_epi64(zero, a);
    a = _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(a, sg), s), sg);
    a = _mm256_blendv_epi8(a, hi, _mm256_cmpgt_epi64(a, hi));
    return _mm256_blendv_epi8(a, lo, _mm256_cmpgt_epi64(lo, a));
}
/* the low 32 bits of four int64 lanes as four int32 */
static __m128i edgellm__pack4_avx2(__m256i a) {
    return _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(a, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6)));
}
/* rshr(a, s1 + 1) in eight int32 lanes for per-lane s1 >= 0 (any size: the arithmetic
   shift fills with the sign from 32 on, which rounds to 0 as rshr does) */
static __m256i edgellm__rshrv_avx2(__m256i a, __m256i s1) {
    return _mm256_srai_epi32(_mm256_add_epi32(_mm256_srav_epi32(a, s1), _mm256_set1_epi32(1)), 1);
}
/* the largest unsigned lane */
static uint32_t edgellm__hmaxu_avx2(__m256i v) {
    __m128i m = _mm_max_epu32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    m = _mm_max_epu32(m, _mm_shuffle_epi32(m, 0x4E));
    m = _mm_max_epu32(m, _mm_shuffle_epi32(m, 0xB1));
    return (uint32_t)_mm_cvtsi128_si32(m);
}
static int32_t edgellm__hmax_avx2(__m256i v) {
    __m128i m = _mm_max_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    m = _mm_max_epi32(m, _mm_shuffle_epi32(m, 0x4E));
    m = _mm_max_epi32(m, _mm_shuffle_epi32(m, 0xB1));
    return _mm_cvtsi128_si32(m);
}
static uint32_t edgellm__hsumu_avx2(__m256i v) {
    __m128i m = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 0x4E));
    m = _mm_add_epi32(m, _mm_shuffle_epi32(m, 0xB1));
    return (uint32_t)_mm_cvtsi128_si32(m);
}

/* y_r <- mulshift(y_r, rshr(s16.m * m_r, 32), shift_r - s16.e - 32) for rows [0, rows) in
   groups of four whose shifts are all in 1..62 (zero scales give 0 whatever their shift);
   the first other group, and the rest, go to the reference loop. Returns the rows done. */
static uint32_t edgellm__requant_avx2(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16) {
    const __m256i sm = _mm256_set1_epi64x((uint32_t)s16.m), half = _mm256_set1_epi64x((int64_t)1 << 31);
    const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF), zero = _mm256_setzero_si256();
    const __m256i se = _mm256_set1_epi64x((int64_t)s16.e + 32), s0 = _mm256_setzero_si256(), s63 = _mm256_set1_epi64x(63);
    uint32_t r = 0;
    if (s16.e < -(1 << 28) || s16.e > (1 << 28)) return 0;
    for (; r + 4u <= rows; r += 4) {
        __m256i sc = _mm256_loadu_si256((const __m256i *)(const void *)(scales + r));   /* (mult, shift) pairs */
        __m256i m = _mm256_and_si256(sc, lo32), z = _mm256_cmpeq_epi64(m, zero), c, p, s;
        /* the shift, the high dword of each lane, sign-extended to 64 bits */
        __m256i sh = _mm256_shuffle_epi32(sc, 0xF5);   /* each lane: (shift, shift) */
        s = _mm256_sub_epi64(_mm256_blend_epi32(sh, _mm256_srai_epi32(sh, 31), 0xAA), se);
        c = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(sm, m), half), 32);
        if (_mm256_movemask_epi8(_mm256_or_si256(z, _mm256_and_si256(_mm256_cmpgt_epi64(s, s0), _mm256_cmpgt_epi64(s63, s)))) != -1)
            break;
        s = _mm256_blendv_epi8(s, _mm256_set1_epi64x(1), z);
        p = _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)(y + r))), c);
        _mm_storeu_si128((__m128i *)(void *)(y + r), edgellm__pack4_avx2(edgellm__rshr_sat_avx2(p, s)));
    }
    return r;
}
/* quant8's scaling (k >= 2): q = clamp(rshr(rshr(v, k) * R, 23), -127, 127), eight a step */
static uint32_t edgellm__quant8_avx2(const int32_t *v, uint32_t n, int k, int32_t r, int8_t *q) {
    const __m256i rr = _mm256_set1_epi32(r), one = _mm256_set1_epi32(1);
    const __m128i c1 = _mm_cvtsi32_si128(k - 1), c22 = _mm_cvtsi32_si128(22);
    uint32_t i = 0;
    if (k < 2) return 0;
    for (; i + 8u <= n; i += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(v + i));
        __m128i p;
        a = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(a, c1), one), 1);
        a = _mm256_mullo_epi32(a, rr);
        a = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(a, c22), one), 1);
        p = _mm_packs_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
        p = _mm_max_epi16(_mm_min_epi16(p, _mm_set1_epi16(127)), _mm_set1_epi16(-127));
        _mm_storel_epi64((__m128i *)(void *)(q + i), _mm_packs_epi16(p, p));
    }
    return i;
}
/* SiLU, eight a step: one gather fetches sigmoid table entries i and i + 1 */
static uint32_t edgellm__silu_avx2(int32_t *h, uint32_t n, uint32_t *amax) {
    const __m256i big = _mm256_set1_epi32(12 << 16), c32768 = _mm256_set1_epi32(32768), m16 = _mm256_set1_epi32(0xFFFF);
    const __m256i m11 = _mm256_set1_epi32(2047), r11 = _mm256_set1_epi32(1024), r15 = _mm256_set1_epi32(16384);
    __m256i mx = _mm256_setzero_si256();
    uint32_t i = 0;
    for (; i + 8u <= n; i += 8) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(h + i)), ax = _mm256_abs_epi32(x);
        __m256i isbig = _mm256_cmpeq_epi32(_mm256_max_epu32(ax, big), ax), idx, t, s0, s;
        idx = _mm256_andnot_si256(isbig, _mm256_srli_epi32(ax, 11));
        t = _mm256_i32gather_epi32((const int *)(const void *)edgellm__sig_tab, idx, 2);
        s0 = _mm256_and_si256(t, m16);
        s = _mm256_mullo_epi32(_mm256_sub_epi32(_mm256_srli_epi32(t, 16), s0), _mm256_and_si256(ax, m11));
        s = _mm256_add_epi32(s0, _mm256_srli_epi32(_mm256_add_epi32(s, r11), 11));
        s = _mm256_blendv_epi8(s, c32768, isbig);
        s = _mm256_blendv_epi8(s, _mm256_sub_epi32(c32768, s), _mm256_srai_epi32(x, 31));   /* x < 0: 2^15 - s */
        x = _mm256_add_epi32(_mm256_slli_epi32(_mm256_mullo_epi32(_mm256_srai_epi32(x, 16), s), 1),
                             _mm256_srli_epi32(_mm256_add_epi32(_mm256_mullo_epi32(_mm256_and_si256(x, m16), s), r15), 15));
        _mm256_storeu_si256((__m256i *)(void *)(h + i), x);
        mx = _mm256_max_epu32(mx, _mm256_abs_epi32(x));
    }
    if (i) {
        uint32_t m = edgellm__hmaxu_avx2(mx);
        if (m > *amax) *amax = m;
    }
    return i;
}
/* the gate for shifts k, k3 >= 1: rshr(h, k) * rshr(h3, k3) and the absolute maximum */
static uint32_t edgellm__gate_avx2(int32_t *h, const int32_t *h3, uint32_t n, int k, int k3, uint32_t *amax) {
    const __m128i c1 = _mm_cvtsi32_si128(k - 1), c3 = _mm_cvtsi32_si128(k3 - 1);
    const __m256i one = _mm256_set1_epi32(1);
    __m256i mx = _mm256_setzero_si256();
    uint32_t i = 0;
    if (k < 1 || k3 < 1) return 0;
    for (; i + 8u <= n; i += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(h + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(h3 + i));
        a = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(a, c1), one), 1);
        b = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(b, c3), one), 1);
        a = _mm256_mullo_epi32(a, b);
        _mm256_storeu_si256((__m256i *)(void *)(h + i), a);
        mx = _mm256_max_epu32(mx, _mm256_abs_epi32(a));
    }
    if (i && edgellm__hmaxu_avx2(mx) > *amax) *amax = edgellm__hmaxu_avx2(mx);
    return i;
}
/* RMSNorm's products narrow(x, kx) * narrow(g, kg) for kx, kg >= 2 (gains 4-byte aligned,
   little-endian) with their absolute maximum */
static uint32_t edgellm__normz_avx2(const int32_t *x, const uint8_t *g, uint32_t n, int kx, int kg, int32_t *z, uint32_t *za) {
    const __m128i cx = _mm_cvtsi32_si128(kx - 1), cg = _mm_cvtsi32_si128(kg - 1);
    const __m256i one = _mm256_set1_epi32(1);
    __m256i mx = _mm256_setzero_si256();
    uint32_t i = 0;
    if (((uintptr_t)g & 3u) != 0 || kx < 2 || kg < 2) return 0;
    for (; i + 8u <= n; i += 8) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(x + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(g + 4u * i));
        a = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(a, cx), one), 1);
        b = _mm256_srai_epi32(_mm256_add_epi32(_mm256_sra_epi32(b, cg), one), 1);
        a = _mm256_mullo_epi32(a, b);
        _mm256_storeu_si256((__m256i *)(void *)(z + i), a);
        mx = _mm256_max_epu32(mx, _mm256_abs_epi32(a));
    }
    if (i && edgellm__hmaxu_avx2(mx) > *za) *za = edgellm__hmaxu_avx2(mx);
    return i;
}

/* attention: scores, exp2 weights and V sums across positions, eight positions a step;
   each returns the positions done (a group that needs a left shift, or head sizes other
   than multiples of 8, go to the reference loops) */

/* the K or V scales (m8, e) of positions t..t+7 (stride sstep bytes) in the top 16 bits of
   eight lanes: 32-bit loads from 2 bytes before each pair (the V cache precedes the K
   scales and the K scales precede the V scales in the arena, so every load stays inside it) */
static __m256i edgellm__sc8_avx2(const uint8_t *sc, size_t sstep) {
    const __m256i idx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int32_t)sstep));
    return _mm256_i32gather_epi32((const int *)(const void *)(sc - 2), idx, 1);
}
/* the query of a head as int16 (every |qi| <= 65535 / head_size <= 32767) */
static void edgellm__q16_avx2(const int32_t *qi, uint32_t hd, int16_t *q16) {
    uint32_t i;
    for (i = 0; i < hd; i++) q16[i] = (int16_t)qi[i];
}
/* the dot products of q16 (head size hd, a multiple of 8) with the K rows of positions
   t..t+7: pair sums of int16 products (each below 2^31 in magnitude, and so every partial
   sum, as the total's bound allows) */
static __m256i edgellm__dots8_avx2(const int16_t *q16, uint32_t hd, const uint8_t *kp, size_t kstep, int wide) {
    int32_t d[8];
    uint32_t j, i;
    if (hd == 8u) {
        const __m128i q = _mm_loadu_si128((const __m128i *)(const void *)q16);
        for (j = 0; j < 8u; j++) {
            const uint8_t *k = kp + j * kstep;
            __m128i kk = wide ? _mm_loadu_si128((const __m128i *)(const void *)k) : _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)k));
            __m128i p = _mm_madd_epi16(q, kk);
            p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0x4E));
            p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0xB1));
            d[j] = _mm_cvtsi128_si32(p);
        }
    } else {
        for (j = 0; j < 8u; j++) {
            const uint8_t *k = kp + j * kstep;
            __m256i s = _mm256_setzero_si256();
            __m128i p;
            for (i = 0; i + 16u <= hd; i += 16) {
                __m256i kk = wide ? _mm256_loadu_si256((const __m256i *)(const void *)(k + 2u * i))
                                  : _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(k + i)));
                s = _mm256_add_epi32(s, _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(const void *)(q16 + i)), kk));
            }
            p = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
            if (i < hd) {   /* a last 8 */
                __m128i kk = wide ? _mm_loadu_si128((const __m128i *)(const void *)(k + 2u * i)) : _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(k + i)));
                p = _mm_add_epi32(p, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(q16 + i)), kk));
            }
            p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0x4E));
            p = _mm_add_epi32(p, _mm_shuffle_epi32(p, 0xB1));
            d[j] = _mm_cvtsi128_si32(p);
        }
    }
    return _mm256_loadu_si256((const __m256i *)(const void *)d);
}
/* u_t = shift_sat(dot_t * m8_t, sigma - e_t) (int16: shift_sat(dot_t, sigma - e_t - 7)) for
   groups of eight positions whose shifts are all >= 1 */
static uint32_t edgellm__scores_avx2(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    int16_t q16[256];
    const uint8_t *kp = edgellm__kv_k(a, kh), *ks = edgellm__kv_ks(a, kh);
    size_t step = a->c.step, sstep = a->c.sstep;
    uint32_t n = a->n, t = 0;
    int wide = a->c.wide;
    const __m256i base = _mm256_set1_epi32(st->sigma - (wide ? 7 : 0) - 1), m255 = _mm256_set1_epi32(255);
    __m256i mx = _mm256_set1_epi32(st->umax);
    if ((a->hd & 7u) != 0 || a->hd > 256u || sstep > 0x7FFFFFFu / 8u) return 0;
    edgellm__q16_avx2(st->qi, a->hd, q16);
    for (; t + 8u <= n; t += 8, kp += 8u * step, ks += 8u * sstep) {
        __m256i g = edgellm__sc8_avx2(ks, sstep), s1, d, u;
        s1 = _mm256_sub_epi32(base, _mm256_srai_epi32(g, 24));
        if (_mm256_movemask_epi8(_mm256_cmpgt_epi32(_mm256_setzero_si256(), s1)) != 0) break;   /* a left shift */
        d = edgellm__dots8_avx2(q16, a->hd, kp, step, wide);
        if (!wide) d = _mm256_mullo_epi32(d, _mm256_and_si256(_mm256_srli_epi32(g, 16), m255));
        u = edgellm__rshrv_avx2(d, s1);
        _mm256_storeu_si256((__m256i *)(void *)(st->u + t), u);
        mx = _mm256_max_epi32(mx, u);
    }
    st->umax = edgellm__hmax_avx2(mx);
    return t;
}
/* w_t = exp2n(umax - u_t, qw), their sum, and emax over the V scales of positions with
   w_t > 0 and m8_t > 0, eight positions a step */
static uint32_t edgellm__exp_avx2(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *vs = edgellm__kv_vs(a, kh);
    size_t sstep = a->c.sstep;
    uint32_t n = a->n, t = 0;
    const __m256i um = _mm256_set1_epi32(st->umax), lim = _mm256_set1_epi32((int32_t)edgellm__exp2_zero(a->qw));
    const __m256i ff = _mm256_set1_epi32(255), r8 = _mm256_set1_epi32(128), one = _mm256_set1_epi32(1);
    const __m256i base = _mm256_set1_epi32(29 - a->qw), m8mask = _mm256_set1_epi32(0xFF0000), zero = _mm256_setzero_si256();
    __m256i sum = zero, em = _mm256_set1_epi32(st->emax);
    if (sstep > 0x7FFFFFFu / 8u) return 0;
    for (; t + 8u <= n; t += 8, vs += 8u * sstep) {
        __m256i d = _mm256_sub_epi32(um, _mm256_loadu_si256((const __m256i *)(const void *)(st->u + t)));
        __m256i off = _mm256_cmpeq_epi32(_mm256_max_epu32(d, lim), d);   /* d > (qw + 1) * 2^16: w = 0 */
        __m256i i = _mm256_and_si256(_mm256_srli_epi32(d, 8), ff), x0, x1, w, g;
        x0 = _mm256_i32gather_epi32((const int *)(const void *)edgellm__exp2_tab, i, 4);
        x1 = _mm256_i32gather_epi32((const int *)(const void *)(edgellm__exp2_tab + 1), i, 4);
        w = _mm256_mullo_epi32(_mm256_sub_epi32(x0, x1), _mm256_and_si256(d, ff));
        w = _mm256_sub_epi32(x0, _mm256_srli_epi32(_mm256_add_epi32(w, r8), 8));
        w = _mm256_srli_epi32(_mm256_add_epi32(_mm256_srlv_epi32(w, _mm256_add_epi32(base, _mm256_srli_epi32(d, 16))), one), 1);
        w = _mm256_andnot_si256(off, w);
        _mm256_storeu_si256((__m256i *)(void *)(st->u + t), w);
        sum = _mm256_add_epi32(sum, w);
        g = edgellm__sc8_avx2(vs, sstep);
        off = _mm256_or_si256(_mm256_cmpeq_epi32(w, zero), _mm256_cmpeq_epi32(_mm256_and_si256(g, m8mask), zero));
        em = _mm256_max_epi32(em, _mm256_blendv_epi8(_mm256_srai_epi32(g, 24), em, off));
    }
    st->wsum += edgellm__hsumu_avx2(sum);
    st->emax = edgellm__hmax_avx2(em);
    return t;
}
/* acc_i += p_t v_t,i with p_t = rshr(w_t * m8_t, emax - e_t + 8 + b) (int16: rshr(w_t,
   emax - e_t + 1 + b)), 0 where w_t or m8_t is 0: the weights of eight positions at once,
   then each position's row times its weight */
static uint32_t edgellm__vsum_avx2(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *vp = edgellm__kv_v(a, kh), *vs = edgellm__kv_vs(a, kh);
    size_t step = a->c.step, sstep = a->c.sstep;
    uint32_t n = a->n, hd = a->hd, t = 0, j, i;
    int wide = a->c.wide;
    const __m256i base = _mm256_set1_epi32(st->emax + edgellm__vshift(a, st) + (wide ? 1 : 8) - 1);
    const __m256i m255 = _mm256_set1_epi32(255), one = _mm256_set1_epi32(1), zero = _mm256_setzero_si256();
    __m256i acc[32];
    int32_t p[8];
    if ((hd & 7u) != 0 || hd > 256u || sstep > 0x7FFFFFFu / 8u) return 0;
    for (i = 0; i < hd / 8u; i++) acc[i] = _mm256_loadu_si256((const __m256i *)(const void *)(st->acc + 8u * i));
    for (; t + 8u <= n; t += 8, vs += 8u * sstep) {
        __m256i g = edgellm__sc8_avx2(vs, sstep), m8 = _mm256_and_si256(_mm256_srli_epi32(g, 16), m255);
        __m256i w = _mm256_loadu_si256((const __m256i *)(const void *)(st->u + t)), s1, pv;
        s1 = _mm256_sub_epi32(base, _mm256_srai_epi32(g, 24));
        s1 = _mm256_max_epi32(s1, zero);   /* negative only where m8 = 0 (then p = 0) */
        pv = wide ? w : _mm256_mullo_epi32(w, m8);
        pv = _mm256_srli_epi32(_mm256_add_epi32(_mm256_srlv_epi32(pv, s1), one), 1);
        pv = _mm256_andnot_si256(_mm256_cmpeq_epi32(m8, zero), pv);
        _mm256_storeu_si256((__m256i *)(void *)p, pv);
        for (j = 0; j < 8u; j++) {
            const uint8_t *v = vp + (size_t)(t + j) * step;
            __m256i pj;
            if (!p[j]) continue;
            pj = _mm256_set1_epi32(p[j]);
            for (i = 0; i < hd / 8u; i++) {
                __m256i x = wide ? _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(v + 16u * i)))
                                 : _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(v + 8u * i)));
                acc[i] = _mm256_add_epi32(acc[i], _mm256_mullo_epi32(pj, x));
            }
        }
    }
    for (i = 0; i < hd / 8u; i++) _mm256_storeu_si256((__m256i *)(void *)(st->acc + 8u * i), acc[i]);
    return t;
}
#endif /* EDGELLM__AVX2 */

#if defined(EDGELLM__SCALAR)
/* ---------------------------------------------------------------- scalar cores
   RISC-V, Cortex-M, MicroBlaze, ...: loops blocked so that each value loaded serves
   several rows or accumulators (no vector unit; few registers). */

#if defined(__riscv) && !defined(__riscv_mul)
/* RV32I has no multiply instruction: the loops over weights and positions multiply
   without libgcc's __mulsi3, INT8 rows by quarter squares (a * b = Q[a + b] - Q[a - b],
   Q[n] = floor(n^2 / 4), a table of 511 entries for |n| <= 255) and the attention by
   shift and add over the bits of the smaller factor */
#define EDGELLM__NO_MUL 1
#define EDGELLM__Q1(n) (uint16_t)(((n) - 255) * ((n) - 255) / 4)
#define EDGELLM__Q4(n) EDGELLM__Q1(n), EDGELLM__Q1((n) + 1), EDGELLM__Q1((n) + 2), EDGELLM__Q1((n) + 3)
#define EDGELLM__Q16(n) EDGELLM__Q4(n), EDGELLM__Q4((n) + 4), EDGELLM__Q4((n) + 8), EDGELLM__Q4((n) + 12)
#define EDGELLM__Q64(n) EDGELLM__Q16(n), EDGELLM__Q16((n) + 16), EDGELLM__Q16((n) + 32), EDGELLM__Q16((n) + 48)
#define EDGELLM__Q256(n) EDGELLM__Q64(n), EDGELLM__Q64((n) + 64), EDGELLM__Q64((n) + 128), EDGELLM__Q64((n) + 192)
static const uint16_t edgellm__qsq[512] = {EDGELLM__Q256(0), EDGELLM__Q256(256)};   /* index n + 255; the last unused */
#undef EDGELLM__Q256
#undef EDGELLM__Q64
#undef EDGELLM__Q16
#undef EDGELLM__Q4
#undef EDGELLM__Q1
/* a * b for a product that fits int32, by shift and add over the smaller |factor| */
static int32_t edgellm__mul_sw(int32_t a, int32_t b) {
    uint32_t x = a < 0 ? (uint32_t)0 - (uint32_t)a : (uint32_t)a, y = b < 0 ? (uint32_t)0 - (uint32_t)b : (uint32_t)b, r = 0, t;
    if (x > y) { t = x; x = y; y = t; }
    for (; x; x >>= 1, y <<= 1) if (x & 1u) r += y;
    return (a < 0) != (b < 0) ? (int32_t)((uint32_t)0 - r) : (int32_t)r;
}
#define EDGELLM__SMUL(a, b) edgellm__mul_sw((a), (b))
#else
#define EDGELLM__SMUL(a, b) ((a) * (b))
#endif

/* GCC's instruction scheduler hoists every load of an unrolled block ahead of its
   multiplies, which needs more registers than RV32 has, and spills; the blocked loops that
   suffer from it are compiled without it */
#if defined(__GNUC__) && !defined(__clang__)
#define EDGELLM__NO_SCHED __attribute__((optimize("no-schedule-insns", "no-schedule-insns2")))
#else
#define EDGELLM__NO_SCHED
#endif

/* four rows of an INT8 matrix at once, sixteen columns a step: each x is loaded once for
   four rows and each row pointer moves once per sixteen weights (n a multiple of 16); the
   same int32 sums as edgellm__dot_i8. About 3.3 instructions per weight on RV32IMC. */
#define EDGELLM__I8STEP(k)                                                                    \
    do {                                                                                      \
        int32_t xv = x[k];                                                                    \
        a0 += w0[k] * xv;                                                                     \
        a1 += w1[k] * xv;                                                                     \
        a2 += w2[k] * xv;                                                                     \
        a3 += w3[k] * xv;                                                                     \
    } while (0)
static EDGELLM__NO_SCHED void edgellm__dot4_i8_scalar(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
    const int8_t *w0 = w, *w1 = w + stride, *w2 = w1 + stride, *w3 = w2 + stride, *end = x + n;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (; x < end; x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16) {
        EDGELLM__I8STEP(0); EDGELLM__I8STEP(1); EDGELLM__I8STEP(2); EDGELLM__I8STEP(3);
        EDGELLM__I8STEP(4); EDGELLM__I8STEP(5); EDGELLM__I8STEP(6); EDGELLM__I8STEP(7);
        EDGELLM__I8STEP(8); EDGELLM__I8STEP(9); EDGELLM__I8STEP(10); EDGELLM__I8STEP(11);
        EDGELLM__I8STEP(12); EDGELLM__I8STEP(13); EDGELLM__I8STEP(14); EDGELLM__I8STEP(15);
    }
    y[0] = a0;
    y[1] = a1;
    y[2] = a2;
    y[3] = a3;
}
/* the same for eight rows (about 3.2 instructions per weight) */
#define EDGELLM__I8STEP8(k)                                                                   \
    do {                                                                                      \
        int32_t xv = x[k];                                                                    \
        a0 += w0[k] * xv;                                                                     \
        a1 += w1[k] * xv;                                                                     \
        a2 += w2[k] * xv;                                                                     \
        a3 += w3[k] * xv;                                                                     \
        a4 += w4[k] * xv;                                                                     \
        a5 += w5[k] * xv;                                                                     \
        a6 += w6[k] * xv;                                                                     \
        a7 += w7[k] * xv;                                                                     \
    } while (0)
static EDGELLM__NO_SCHED void edgellm__dot8_i8_scalar(const int8_t *w, size_t stride, const int8_t *x0, uint32_t n, int32_t *y,
                                                       uint32_t blocks) {
    for (; blocks; blocks--, w += 8u * stride, y += 8) {   /* eight rows a block, one call for all */
        const int8_t *w0 = w, *w1 = w + stride, *w2 = w1 + stride, *w3 = w2 + stride, *w4 = w3 + stride, *w5 = w4 + stride;
        const int8_t *w6 = w5 + stride, *w7 = w6 + stride, *x = x0, *end = x0 + n;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (; x < end; x += 16, w0 += 16, w1 += 16, w2 += 16, w3 += 16, w4 += 16, w5 += 16, w6 += 16, w7 += 16) {
            EDGELLM__I8STEP8(0); EDGELLM__I8STEP8(1); EDGELLM__I8STEP8(2); EDGELLM__I8STEP8(3);
            EDGELLM__I8STEP8(4); EDGELLM__I8STEP8(5); EDGELLM__I8STEP8(6); EDGELLM__I8STEP8(7);
            EDGELLM__I8STEP8(8); EDGELLM__I8STEP8(9); EDGELLM__I8STEP8(10); EDGELLM__I8STEP8(11);
            EDGELLM__I8STEP8(12); EDGELLM__I8STEP8(13); EDGELLM__I8STEP8(14); EDGELLM__I8STEP8(15);
        }
        y[0] = a0;
        y[1] = a1;
        y[2] = a2;
        y[3] = a3;
        y[4] = a4;
        y[5] = a5;
        y[6] = a6;
        y[7] = a7;
    }
}
#undef EDGELLM__I8STEP8
#undef EDGELLM__I8STEP
#if !defined(__arm__) && !defined(EDGELLM__NO_MUL)
/* sixteen rows of 64 columns (the matrices that read a 64-wide vector) at once, sixteen
   columns a step: the rows' distance known, one pointer serves all sixteen (their bytes at
   fixed offsets from it), so the accumulators have the registers (RV32 has 31; not on ARM,
   whose 13 would spill them) and each x serves sixteen rows. About 3.07 instructions per
   weight on RV32IMC. */
#define EDGELLM__ROWS16 1
#define EDGELLM__I8R16(k)                                                                                    \
    do {                                                                                                     \
        int32_t xv = x[k];                                                                                   \
        a0 += w[k] * xv; a1 += w[64 + k] * xv; a2 += w[128 + k] * xv; a3 += w[192 + k] * xv;                \
        a4 += w[256 + k] * xv; a5 += w[320 + k] * xv; a6 += w[384 + k] * xv; a7 += w[448 + k] * xv;         \
        a8 += w[512 + k] * xv; a9 += w[576 + k] * xv; a10 += w[640 + k] * xv; a11 += w[704 + k] * xv;      \
        a12 += w[768 + k] * xv; a13 += w[832 + k] * xv; a14 += w[896 + k] * xv; a15 += w[960 + k] * xv;    \
    } while (0)
static EDGELLM__NO_SCHED void edgellm__dot16_i8_64(const int8_t *w, const int8_t *x0, int32_t *y, uint32_t blocks) {
    for (; blocks; blocks--, w += 15u * 64u, y += 16) {   /* w has moved 64 columns on */
        const int8_t *x = x0, *end = x0 + 64;
        int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        int32_t a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
        for (; x < end; x += 16, w += 16) {
            EDGELLM__I8R16(0); EDGELLM__I8R16(1); EDGELLM__I8R16(2); EDGELLM__I8R16(3);
            EDGELLM__I8R16(4); EDGELLM__I8R16(5); EDGELLM__I8R16(6); EDGELLM__I8R16(7);
            EDGELLM__I8R16(8); EDGELLM__I8R16(9); EDGELLM__I8R16(10); EDGELLM__I8R16(11);
            EDGELLM__I8R16(12); EDGELLM__I8R16(13); EDGELLM__I8R16(14); EDGELLM__I8R16(15);
        }
        y[0] = a0; y[1] = a1; y[2] = a2; y[3] = a3; y[4] = a4; y[5] = a5; y[6] = a6; y[7] = a7;
        y[8] = a8; y[9] = a9; y[10] = a10; y[11] = a11; y[12] = a12; y[13] = a13; y[14] = a14; y[15] = a15;
    }
}
#undef EDGELLM__I8R16
#endif

static void edgellm__dot4_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y);

/* Ternary rows by lookup tables in the context's arena. For the int8 vector x, table j
   (one per packed byte position j of a row: T2 block j/16 byte j%16) holds, at every byte
   value a row can have there, the sum of the weights that byte encodes times their x (at
   most 5 * 128 in magnitude: int16). A row is then one load of a byte, one lookup and one
   add per byte: 4 (T2) or 5 (T1) weights. The tables are built once per vector, which the
   context tags (edgellm__new_xq), and serve every matrix that reads it (wq, wk, wv; w1, w3). */
#define EDGELLM__LUT_T2 171u   /* int16 entries a T2 table needs: bytes 0 .. 0xAA */
#define EDGELLM__LUT_T1 256u

/* the 81 T2 tables' entries of one group: codes c0..c3 (0: 0, 1: +x, 2: -x) of x a0..a3 */
static void edgellm__lut_t2(const int8_t *x, uint32_t nb, int16_t *t) {
    uint32_t b, i, c3, c2;
    for (b = 0; b < nb; b++, x += 64)
        for (i = 0; i < 16u; i++, t += EDGELLM__LUT_T2) {
            int32_t a0 = x[i], a1 = x[16u + i], a2 = x[32u + i], a3 = x[48u + i];
            for (c3 = 0; c3 < 3u; c3++) {
                int32_t s3 = c3 == 0 ? 0 : (c3 == 1 ? a3 : -a3);
                for (c2 = 0; c2 < 3u; c2++) {
                    int32_t s2 = s3 + (c2 == 0 ? 0 : (c2 == 1 ? a2 : -a2)), s1;
                    int16_t *e = t + (c3 << 6) + (c2 << 4);
                    s1 = s2;      e[0] = (int16_t)s1; e[1] = (int16_t)(s1 + a0); e[2] = (int16_t)(s1 - a0);
                    s1 = s2 + a1; e[4] = (int16_t)s1; e[5] = (int16_t)(s1 + a0); e[6] = (int16_t)(s1 - a0);
                    s1 = s2 - a1; e[8] = (int16_t)s1; e[9] = (int16_t)(s1 + a0); e[10] = (int16_t)(s1 - a0);
                }
            }
        }
}
/* the 243 T1 entries of each group: trits t0..t4 (weight t - 1) of x a0..a4, at the byte
   ceil(v * 256 / 243), v = sum t_k 3^(4-k) = v + ceil(13 v / 243) in increasing v */
static void edgellm__lut_t1(const int8_t *x, uint32_t nb, int16_t *t) {
    uint32_t b, i, k0, k1, k2, k3;
    for (b = 0; b < nb; b++, x += 80)
        for (i = 0; i < 16u; i++, t += EDGELLM__LUT_T1) {
            int32_t a0 = x[i], a1 = x[16u + i], a2 = x[32u + i], a3 = x[48u + i], a4 = x[64u + i];
            uint32_t v = 0, rem = 242, q = 0;   /* ceil(13 v / 243) = q, (13 v + 242) mod 243 = rem */
            for (k0 = 0; k0 < 3u; k0++)
                for (k1 = 0; k1 < 3u; k1++)
                    for (k2 = 0; k2 < 3u; k2++)
                        for (k3 = 0; k3 < 3u; k3++) {
                            /* (k - 1) * a for trits k: adds only (RV32I has no multiply) */
                            int32_t s = (k0 == 0 ? -a0 : k0 == 2u ? a0 : 0) + (k1 == 0 ? -a1 : k1 == 2u ? a1 : 0) +
                                        (k2 == 0 ? -a2 : k2 == 2u ? a2 : 0) + (k3 == 0 ? -a3 : k3 == 2u ? a3 : 0) - a4;
                            uint32_t k4;
                            for (k4 = 0; k4 < 3u; k4++, s += a4) {
                                t[v + q] = (int16_t)s;
                                v++;
                                rem += 13u;
                                if (rem >= 243u) { rem -= 243u; q++; }
                            }
                        }
        }
}
/* a row of n bytes through the tables of G entries each (T2: 171, T1: 256), eight bytes a
   step, in byte offsets so that a table's distance folds into the load: per byte, a load of
   the byte, a shift, an add, a load and an add */
#define EDGELLM__LUTE(tb, k, g, i) (*(const int16_t *)(const void *)((tb) + (i) + 2u * (k) * (g)))
#define EDGELLM__DOT_LUT(name, g)                                                                           \
    static int32_t name(const uint8_t *w, uint32_t n, const int16_t *t) {                                  \
        int32_t a0 = 0, a1 = 0;                                                                             \
        const uint8_t *end = w + n, *tb = (const uint8_t *)(const void *)t;                                 \
        for (; w < end; w += 8, tb += 16u * (g)) { /* n is a multiple of 16 */                            \
            const uint8_t *tc = tb + 8u * (g);                                                              \
            uint32_t i0 = (uint32_t)w[0] << 1, i1 = (uint32_t)w[1] << 1, i2 = (uint32_t)w[2] << 1;          \
            uint32_t i3 = (uint32_t)w[3] << 1, i4 = (uint32_t)w[4] << 1, i5 = (uint32_t)w[5] << 1;          \
            uint32_t i6 = (uint32_t)w[6] << 1, i7 = (uint32_t)w[7] << 1;                                    \
            a0 += EDGELLM__LUTE(tb, 0, g, i0) + EDGELLM__LUTE(tb, 1, g, i1) + EDGELLM__LUTE(tb, 2, g, i2) + \
                  EDGELLM__LUTE(tb, 3, g, i3);                                                              \
            a1 += EDGELLM__LUTE(tc, 0, g, i4) + EDGELLM__LUTE(tc, 1, g, i5) + EDGELLM__LUTE(tc, 2, g, i6) + \
                  EDGELLM__LUTE(tc, 3, g, i7);                                                              \
        }                                                                                                   \
        return a0 + a1;                                                                                     \
    }
EDGELLM__DOT_LUT(edgellm__dot_lut_t2, EDGELLM__LUT_T2)
EDGELLM__DOT_LUT(edgellm__dot_lut_t1, EDGELLM__LUT_T1)
#undef EDGELLM__DOT_LUT
#undef EDGELLM__LUTE
static uint32_t edgellm__rows_lut(const edgellm_matrix *m, const int8_t *x, int32_t *y, edgellm_ctx *ctx) {
    int16_t *t = (int16_t *)(void *)(ctx->mem + ctx->off[EDGELLM__LUT]);
    const uint8_t *w = m->data;
    uint32_t r, tag = (ctx->xq_gen << 2) | m->type;
    if (x != (const int8_t *)(ctx->mem + ctx->off[EDGELLM__XQ])) return 0;   /* not the context's vector */
    if (m->type == EDGELLM_WT_T2) {
        if ((size_t)m->stride * 2u * EDGELLM__LUT_T2 > ctx->lut_bytes) return 0;
        if (ctx->lut_tag != tag) edgellm__lut_t2(x, m->cols_pad / 64u, t);
        for (r = 0; r < m->rows; r++, w += m->stride) y[r] = edgellm__dot_lut_t2(w, m->stride, t);
    } else {
        if ((size_t)m->stride * 2u * EDGELLM__LUT_T1 > ctx->lut_bytes) return 0;
        if (ctx->lut_tag != tag) edgellm__lut_t1(x, m->cols_pad / 80u, t);
        for (r = 0; r < m->rows; r++, w += m->stride) y[r] = edgellm__dot_lut_t1(w, m->stride, t);
    }
    ctx->lut_tag = tag;
    return m->rows;
}

#if defined(EDGELLM__NO_MUL)
/* four INT8 rows at once without a multiply: w * x = Q[w + x] - Q[w - x] */
static void edgellm__dot4_i8_qsq(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
    const int8_t *w0 = w, *w1 = w + stride, *w2 = w1 + stride, *w3 = w2 + stride, *end = x + n;
    const uint16_t *q = edgellm__qsq + 255;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (; x < end; x++, w0++, w1++, w2++, w3++) {
        int32_t xv = *x;
        a0 += q[*w0 + xv] - q[*w0 - xv];
        a1 += q[*w1 + xv] - q[*w1 - xv];
        a2 += q[*w2 + xv] - q[*w2 - xv];
        a3 += q[*w3 + xv] - q[*w3 - xv];
    }
    y[0] = a0;
    y[1] = a1;
    y[2] = a2;
    y[3] = a3;
}
#endif
/* T2 and T1 rows without lookup tables (EDGELLM_NO_LUT): each code turned into its weight
   and multiplied, a byte's weights at a time */
static uint32_t edgellm__rows_direct(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    const uint8_t *row = m->data;
    uint32_t r, b, i;
    for (r = 0; r < m->rows; r++, row += m->stride) {
        const uint8_t *w = row;
        const int8_t *xb = x;
        int32_t acc = 0;
        if (m->type == EDGELLM_WT_T2) {
            for (b = 0; b < m->cols_pad / 64u; b++, w += 16, xb += 64)
                for (i = 0; i < 16u; i++) {
                    uint32_t v = w[i];
                    if (!v) continue;   /* four zero weights */
                    acc += EDGELLM__SMUL((int32_t)(v & 1u) - (int32_t)((v >> 1) & 1u), xb[i]);
                    acc += EDGELLM__SMUL((int32_t)((v >> 2) & 1u) - (int32_t)((v >> 3) & 1u), xb[16u + i]);
                    acc += EDGELLM__SMUL((int32_t)((v >> 4) & 1u) - (int32_t)((v >> 5) & 1u), xb[32u + i]);
                    acc += EDGELLM__SMUL((int32_t)((v >> 6) & 1u) - (int32_t)(v >> 7), xb[48u + i]);
                }
        } else {
            for (b = 0; b < m->cols_pad / 80u; b++, w += 16, xb += 80)
                for (i = 0; i < 16u; i++) {
                    uint32_t v = w[i], k;
                    for (k = 0; k < 5u; k++, v = (v + v + v) & 255u)   /* trit k: floor(3 v_k / 256) */
                        acc += v >= 171u ? xb[16u * k + i] : (v >= 86u ? 0 : -xb[16u * k + i]);
                }
        }
        y[r] = acc;
    }
    return m->rows;
}

/* INT8 rows eight, then four at a time (edgellm__dot8_i8, edgellm__dot4_i8: with SMLAD
   where the core has it), ternary rows by the context's lookup tables when it has them */
static void edgellm__dot8_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y, uint32_t blocks);
static uint32_t edgellm__rows_scalar(const edgellm_matrix *m, const int8_t *x, int32_t *y, edgellm_ctx *ctx) {
    const int8_t *w = (const int8_t *)m->data;   /* row addresses by additions: no multiply per row */
    uint32_t r = 0;
    if (m->type != EDGELLM_WT_I8) {
        r = ctx && ctx->lut_bytes ? edgellm__rows_lut(m, x, y, ctx) : 0;
        return r ? r : edgellm__rows_direct(m, x, y);
    }
#if defined(EDGELLM__ROWS16)
    if (m->stride == 64u && m->cols_pad == 64u && m->rows >= 16u) {
        edgellm__dot16_i8_64(w, x, y, m->rows / 16u);
        r = m->rows & ~15u;
        w += (size_t)r * 64u;
    }
#endif
    if (m->rows - r >= 8u) {
        edgellm__dot8_i8(w, m->stride, x, m->cols_pad, y + r, (m->rows - r) / 8u);
        r = m->rows & ~7u;
        w = (const int8_t *)m->data + (size_t)r * m->stride;
    }
    for (; r + 4u <= m->rows; r += 4, w += 4u * m->stride) edgellm__dot4_i8(w, m->stride, x, m->cols_pad, y + r);
#if defined(EDGELLM__NO_MUL)
    for (; r < m->rows; r++, w += m->stride) {   /* the last rows one at a time, by quarter squares too */
        const uint16_t *q = edgellm__qsq + 255;
        int32_t acc = 0;
        uint32_t c;
        for (c = 0; c < m->cols_pad; c++) acc += q[w[c] + x[c]] - q[w[c] - x[c]];
        y[r] = acc;
    }
#endif
    return r;
}
/* attention: the query of a head of size 8 in registers, its V sums in registers; other
   head sizes eight at a time (and the rest one at a time); positions whose exp2 weight is
   0 (their score 2^-(qw+1) or more below the best) cost a compare and a store, and nothing
   in the V pass. Each returns the positions done: all. The loops are functions of their
   own (EDGELLM__NOINLINE) so that their registers are their own. */
#if defined(__GNUC__)
#define EDGELLM__NOINLINE __attribute__((noinline))
#else
#define EDGELLM__NOINLINE
#endif
#define EDGELLM__RSHR_POS(v, s1) ((((v) >> (s1)) + 1) >> 1)   /* rshr(v, s1 + 1), 0 <= s1 <= 31 */

/* the score of a position from its dot product (times m8 for the int8 cache): s1 is the
   shift minus 1 */
static int32_t edgellm__score_scalar(int32_t dot, int32_t s1) {
    if ((uint32_t)s1 <= 31u) return EDGELLM__RSHR_POS(dot, s1);   /* the usual case: one compare */
    if (s1 > 31) return EDGELLM__RSHR_POS(dot, 31);
    return edgellm__shift_sat(dot, s1 + 1);
}
/* u_t = shift_sat(dot_t, sigma - e_t - 7), int16 cache, head size 8 */
static EDGELLM__NOINLINE int32_t edgellm__scores_h8(const int32_t *q, const uint8_t *kp, size_t step, const uint8_t *ks,
                                                    size_t sstep, uint32_t n, int32_t base, int32_t *u, int32_t umax) {
    const int32_t q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
    int32_t *end = u + n;
    for (; u < end; u++, kp += step, ks += sstep) {
        const int16_t *k = (const int16_t *)(const void *)kp;
        int32_t v = edgellm__score_scalar(EDGELLM__SMUL(q0, k[0]) + EDGELLM__SMUL(q1, k[1]) + EDGELLM__SMUL(q2, k[2]) +
                                              EDGELLM__SMUL(q3, k[3]) + EDGELLM__SMUL(q4, k[4]) + EDGELLM__SMUL(q5, k[5]) +
                                              EDGELLM__SMUL(q6, k[6]) + EDGELLM__SMUL(q7, k[7]), base - (int8_t)ks[1]);
        *u = v;
        if (v > umax) umax = v;
    }
    return umax;
}
/* the same for any head size, both caches (int8: times m8), eight at a time */
#define EDGELLM__DOT8(q, k)                                                                                    \
    (EDGELLM__SMUL((q)[0], (k)[0]) + EDGELLM__SMUL((q)[1], (k)[1]) + EDGELLM__SMUL((q)[2], (k)[2]) +            \
     EDGELLM__SMUL((q)[3], (k)[3]) + EDGELLM__SMUL((q)[4], (k)[4]) + EDGELLM__SMUL((q)[5], (k)[5]) +            \
     EDGELLM__SMUL((q)[6], (k)[6]) + EDGELLM__SMUL((q)[7], (k)[7]))
static EDGELLM__NOINLINE int32_t edgellm__scores_h8n(const int32_t *q, uint32_t hd, const uint8_t *kp, size_t step,
                                                     const uint8_t *ks, size_t sstep, uint32_t n, int32_t base, int wide,
                                                     int32_t *u, int32_t umax) {
    int32_t *end = u + n;
    uint32_t i;
    for (; u < end; u++, kp += step, ks += sstep) {
        int32_t dot = 0, v;
        if (wide) {
            const int16_t *k = (const int16_t *)(const void *)kp;
            for (i = 0; i + 8u <= hd; i += 8) dot += EDGELLM__DOT8(q + i, k + i);
            for (; i < hd; i++) dot += EDGELLM__SMUL(q[i], k[i]);
        } else {
            const int8_t *k = (const int8_t *)kp;
            for (i = 0; i + 8u <= hd; i += 8) dot += EDGELLM__DOT8(q + i, k + i);
            for (; i < hd; i++) dot += EDGELLM__SMUL(q[i], k[i]);
            dot = EDGELLM__SMUL(dot, (int32_t)ks[0]);
        }
        v = edgellm__score_scalar(dot, base - (int8_t)ks[1]);
        *u = v;
        if (v > umax) umax = v;
    }
    return umax;
}
#undef EDGELLM__DOT8
/* u_t = shift_sat(dot_t * m8_t, sigma - e_t) (int16 cache: shift_sat(dot_t, sigma - e_t - 7)) */
static uint32_t edgellm__scores_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    int32_t base = st->sigma - (a->c.wide ? 7 : 0) - 1;
    if (a->hd == 8u && a->c.wide)
        st->umax = edgellm__scores_h8(st->qi, edgellm__kv_k(a, kh), a->c.step, edgellm__kv_ks(a, kh), a->c.sstep, a->n, base,
                                      st->u, st->umax);
    else
        st->umax = edgellm__scores_h8n(st->qi, a->hd, edgellm__kv_k(a, kh), a->c.step, edgellm__kv_ks(a, kh), a->c.sstep, a->n,
                                       base, a->c.wide, st->u, st->umax);
    return a->n;
}
/* w_t = exp2n(umax - u_t, qw), their sum and emax over the V scales */
static EDGELLM__NOINLINE uint32_t edgellm__exp_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *vs = edgellm__kv_vs(a, kh);
    int32_t *u = st->u, *end = u + a->n, emax = st->emax;
    uint32_t umax = (uint32_t)st->umax, sum = st->wsum, lim = edgellm__exp2_zero(a->qw);
    size_t sstep = a->c.sstep;
    int qw = a->qw;
    EDGELLM__UNROLL(2)
    for (; u < end; u++, vs += sstep) {
        uint32_t d = umax - (uint32_t)*u, w;
        const uint32_t *x;
        if (d >= lim) { *u = 0; continue; }
        /* exp2n(d, qw) with its shift 30 - qw + (d >> 16) in [30 - qw, 31] */
        x = edgellm__exp2_tab + ((d >> 8) & 255u);
        w = x[0] - (((uint32_t)EDGELLM__SMUL((int32_t)(x[0] - x[1]), (int32_t)(d & 255u)) + 128u) >> 8);
        w = ((w >> (29 - qw + (int)(d >> 16))) + 1u) >> 1;
        *u = (int32_t)w;
        sum += w;
        if (EDGELLM__RARE(vs[0] && (int8_t)vs[1] > emax)) emax = (int8_t)vs[1];
    }
    st->wsum = sum;
    st->emax = emax;
    return a->n;
}
/* acc_0..7 += p_t v_t for the int16 cache, head size 8: p_t = rshr(w_t, emax - e_t + 1 + b).
   p_t is 0 for w_t < 2^b (e_t <= emax where w_t and m8_t are not 0; a zero V, m8_t = 0, is
   zeros): those positions cost a compare. */
static EDGELLM__NOINLINE void edgellm__vsum_h8(int32_t *acc, const int32_t *u, uint32_t n, const uint8_t *vp, size_t step,
                                               const uint8_t *vs, size_t sstep, int32_t base, uint32_t ustep, uint32_t wmin) {
    int32_t c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3], c4 = acc[4], c5 = acc[5], c6 = acc[6], c7 = acc[7];
    const int32_t *end = u + n * ustep;
    for (; u < end; u += ustep, vp += step, vs += sstep) {
        uint32_t w = (uint32_t)*u;
        int32_t p, s1;
        const int16_t *v = (const int16_t *)(const void *)vp;
        if (w < wmin) continue;
        s1 = base - (int8_t)vs[1];   /* negative only for a zero V (m8 = 0): p times 0 */
        if ((uint32_t)s1 > 31u) s1 = s1 < 0 ? 0 : 31;
        p = (int32_t)EDGELLM__RSHR_POS(w, (uint32_t)s1);
        if (!p) continue;
        c0 += EDGELLM__SMUL(p, v[0]); c1 += EDGELLM__SMUL(p, v[1]); c2 += EDGELLM__SMUL(p, v[2]); c3 += EDGELLM__SMUL(p, v[3]);
        c4 += EDGELLM__SMUL(p, v[4]); c5 += EDGELLM__SMUL(p, v[5]); c6 += EDGELLM__SMUL(p, v[6]); c7 += EDGELLM__SMUL(p, v[7]);
    }
    acc[0] = c0; acc[1] = c1; acc[2] = c2; acc[3] = c3; acc[4] = c4; acc[5] = c5; acc[6] = c6; acc[7] = c7;
}
/* acc_i..i+7 += p_t v_t,i..i+7 for the weights p already in u */
static EDGELLM__NOINLINE void edgellm__vsum_8(int32_t *acc, const int32_t *u, uint32_t n, const uint8_t *vp, size_t step,
                                              int wide) {
    int32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
    const int32_t *end = u + n;
    if (wide) {
        for (; u < end; u++, vp += step) {
            const int16_t *v = (const int16_t *)(const void *)vp;
            int32_t p = *u;
            if (!p) continue;
            c0 += EDGELLM__SMUL(p, v[0]); c1 += EDGELLM__SMUL(p, v[1]); c2 += EDGELLM__SMUL(p, v[2]); c3 += EDGELLM__SMUL(p, v[3]);
            c4 += EDGELLM__SMUL(p, v[4]); c5 += EDGELLM__SMUL(p, v[5]); c6 += EDGELLM__SMUL(p, v[6]); c7 += EDGELLM__SMUL(p, v[7]);
        }
    } else {
        for (; u < end; u++, vp += step) {
            const int8_t *v = (const int8_t *)vp;
            int32_t p = *u;
            if (!p) continue;
            c0 += EDGELLM__SMUL(p, v[0]); c1 += EDGELLM__SMUL(p, v[1]); c2 += EDGELLM__SMUL(p, v[2]); c3 += EDGELLM__SMUL(p, v[3]);
            c4 += EDGELLM__SMUL(p, v[4]); c5 += EDGELLM__SMUL(p, v[5]); c6 += EDGELLM__SMUL(p, v[6]); c7 += EDGELLM__SMUL(p, v[7]);
        }
    }
    acc[0] += c0; acc[1] += c1; acc[2] += c2; acc[3] += c3; acc[4] += c4; acc[5] += c5; acc[6] += c6; acc[7] += c7;
}
/* acc_i += p_t v_t,i, p_t = rshr(w_t * m8_t, emax - e_t + 8 + b) (int16: rshr(w_t, emax - e_t + 1 + b)) */
static uint32_t edgellm__vsum_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *vp = edgellm__kv_v(a, kh), *vs = edgellm__kv_vs(a, kh);
    int32_t *u = st->u;
    size_t sstep = a->c.sstep;
    uint32_t n = a->n, hd = a->hd, t, i;
    int wide = a->c.wide, base = st->emax + edgellm__vshift(a, st) + (wide ? 1 : 8) - 1;
    if (hd == 8u && wide) {
        edgellm__vsum_h8(st->acc, u, n, vp, a->c.step, vs, sstep, base, 1, 1u << edgellm__vshift(a, st));
        return n;
    }
    for (t = 0; t < n; t++, vs += sstep) {   /* the weights first, in place */
        uint32_t w = wide ? (uint32_t)u[t] * (vs[0] != 0) : (uint32_t)EDGELLM__SMUL(u[t], (int32_t)vs[0]);
        int32_t s1 = base - (int8_t)vs[1];
        u[t] = w ? (int32_t)EDGELLM__RSHR_POS(w, (uint32_t)(s1 > 31 ? 31 : s1)) : 0;
    }
    for (i = 0; i + 8u <= hd; i += 8) edgellm__vsum_8(st->acc + i, u, n, vp + i * a->c.eb, a->c.step, wide);
    for (; i < hd; i++) {   /* a head size not a multiple of 8: the last few one at a time */
        const uint8_t *v0 = vp + i * a->c.eb;
        int32_t c = 0;
        for (t = 0; t < n; t++, v0 += a->c.step)
            if (u[t]) c += EDGELLM__SMUL(u[t], wide ? (int32_t)*(const int16_t *)(const void *)v0 : (int32_t)*(const int8_t *)v0);
        st->acc[i] += c;
    }
    return n;
}
/* the scores from an attention backend's dot products in u (int8 cache): u_t =
   shift_sat(dot_t * m8_t, sigma - e_t), up to the first dot product outside the bounds
   (the portable loop reports it); one unsigned compare for the bounds */
static EDGELLM__NOINLINE uint32_t edgellm__dscores_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *ks = edgellm__kv_ks(a, kh);
    int32_t *u = st->u, *end = u + a->n, umax = st->umax, base = st->sigma - 1;
    uint32_t lim = (uint32_t)a->qmax * a->hd * 127u, span = 2u * lim;
    size_t sstep = a->c.sstep;
    for (; u < end; u++, ks += sstep) {
        int32_t d = *u, v;
        if ((uint32_t)d + lim > span) break;   /* d outside [-lim, lim] */
        v = edgellm__score_scalar(EDGELLM__SMUL(d, (int32_t)ks[0]), base - (int8_t)ks[1]);
        *u = v;
        if (EDGELLM__RARE(v > umax)) umax = v;
    }
    st->umax = umax;
    return (uint32_t)(u - st->u);
}
/* the V weights p_t = rshr(w_t * m8_t, emax - e_t + 8 + b) in place (int8 cache). A weight
   w_t of 0 stays 0; otherwise the product is 0 (m8_t = 0: p_t is 0 at any shift) or e_t <=
   emax and the shift is 8 + b or more; from 32 on, p_t is 0 as at 32 (the product < 2^31). */
static EDGELLM__NOINLINE uint32_t edgellm__vweights_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    const uint8_t *vs = edgellm__kv_vs(a, kh);
    int32_t *u = st->u, *end = u + a->n, base = st->emax + edgellm__vshift(a, st) + 7;   /* the shift minus 1 */
    size_t sstep = a->c.sstep;
    EDGELLM__UNROLL(4)
    for (; u < end; u++, vs += sstep) {
        uint32_t w = (uint32_t)*u, s1;
        if (!w) continue;
        s1 = (uint32_t)(base - (int8_t)vs[1]);
        if (s1 > 31u) s1 = 31u;
        *u = (int32_t)EDGELLM__RSHR_POS((uint32_t)EDGELLM__SMUL((int32_t)w, (int32_t)vs[0]), s1);
    }
    return a->n;
}
#if !defined(__arm__)
/* Two query heads of one kv head (group >= 2), int16 cache, head size 8, in one pass over
   K: each K row loaded once for both, their 16 query integers in registers (RV32 has 31;
   ARM's 13 would spill them, so Cortex-M attends head by head). Their scores, then exp2
   weights, interleaved in the arena's attention weights (u[2t] the first head's, u[2t + 1]
   the second's); then each head's V sum on its own (a pass over V for both heads costs
   more: most positions' weights are 0 for one head and not the other). The same results
   as the loops above, head by head. */
#define EDGELLM__HEADS2 1
static EDGELLM__NOINLINE EDGELLM__NO_SCHED void edgellm__scores_h8x2(const int32_t *q, const uint8_t *kp, size_t step,
                                                                    const uint8_t *ks, size_t sstep, uint32_t n,
                                                                    int32_t base0, int32_t base1, int32_t *u, int32_t *umax) {
    const int32_t a0 = q[0], a1 = q[1], a2 = q[2], a3 = q[3], a4 = q[4], a5 = q[5], a6 = q[6], a7 = q[7];
    const int32_t b0 = q[8], b1 = q[9], b2 = q[10], b3 = q[11], b4 = q[12], b5 = q[13], b6 = q[14], b7 = q[15];
    int32_t m0 = umax[0], m1 = umax[1], *end = u + 2u * n;
    for (; u < end; u += 2, kp += step, ks += sstep) {
        const int16_t *k = (const int16_t *)(const void *)kp;
        int32_t kv = k[0], d0 = EDGELLM__SMUL(a0, kv), d1 = EDGELLM__SMUL(b0, kv), e;
        kv = k[1]; d0 += EDGELLM__SMUL(a1, kv); d1 += EDGELLM__SMUL(b1, kv);
        kv = k[2]; d0 += EDGELLM__SMUL(a2, kv); d1 += EDGELLM__SMUL(b2, kv);
        kv = k[3]; d0 += EDGELLM__SMUL(a3, kv); d1 += EDGELLM__SMUL(b3, kv);
        kv = k[4]; d0 += EDGELLM__SMUL(a4, kv); d1 += EDGELLM__SMUL(b4, kv);
        kv = k[5]; d0 += EDGELLM__SMUL(a5, kv); d1 += EDGELLM__SMUL(b5, kv);
        kv = k[6]; d0 += EDGELLM__SMUL(a6, kv); d1 += EDGELLM__SMUL(b6, kv);
        kv = k[7]; d0 += EDGELLM__SMUL(a7, kv); d1 += EDGELLM__SMUL(b7, kv);
        e = (int8_t)ks[1];
        d0 = edgellm__score_scalar(d0, base0 - e);
        d1 = edgellm__score_scalar(d1, base1 - e);
        u[0] = d0;
        u[1] = d1;
        if (d0 > m0) m0 = d0;
        if (d1 > m1) m1 = d1;
    }
    umax[0] = m0;
    umax[1] = m1;
}
/* the exp2 weights of both heads (edgellm__exp_scalar's steps), their sums and emax */
static EDGELLM__NOINLINE void edgellm__exp_x2(const edgellm__attn *a, edgellm__head *s0, edgellm__head *s1, const uint8_t *vs) {
    int32_t *u = a->u, *end = u + 2u * a->n, emax0 = s0->emax, emax1 = s1->emax;
    uint32_t umax0 = (uint32_t)s0->umax, umax1 = (uint32_t)s1->umax, sum0 = s0->wsum, sum1 = s1->wsum;
    uint32_t lim = edgellm__exp2_zero(a->qw);
    size_t sstep = a->c.sstep;
    int sh = 29 - a->qw;
    for (; u < end; u += 2, vs += sstep) {
        uint32_t d0 = umax0 - (uint32_t)u[0], d1 = umax1 - (uint32_t)u[1], w;
        int32_t e = vs[0] ? (int8_t)vs[1] : -128;   /* a zero V (m8 = 0) leaves emax as it is */
        const uint32_t *x;
        w = 0;
        if (d0 < lim) {
            x = edgellm__exp2_tab + ((d0 >> 8) & 255u);
            w = x[0] - (((uint32_t)EDGELLM__SMUL((int32_t)(x[0] - x[1]), (int32_t)(d0 & 255u)) + 128u) >> 8);
            w = ((w >> (sh + (int)(d0 >> 16))) + 1u) >> 1;
            sum0 += w;
            if (e > emax0) emax0 = e;
        }
        u[0] = (int32_t)w;
        w = 0;
        if (d1 < lim) {
            x = edgellm__exp2_tab + ((d1 >> 8) & 255u);
            w = x[0] - (((uint32_t)EDGELLM__SMUL((int32_t)(x[0] - x[1]), (int32_t)(d1 & 255u)) + 128u) >> 8);
            w = ((w >> (sh + (int)(d1 >> 16))) + 1u) >> 1;
            sum1 += w;
            if (e > emax1) emax1 = e;
        }
        u[1] = (int32_t)w;
    }
    s0->wsum = sum0;
    s1->wsum = sum1;
    s0->emax = emax0;
    s1->emax = emax1;
}
/* query heads h and h + 1 when they share a kv head (edgellm__attend's steps for both) */
static uint32_t edgellm__heads_scalar(const edgellm__attn *a, uint32_t h) {
    edgellm__head s0, s1;
    uint32_t kh = h / a->group;
    int32_t b[2], m[2];
    if (a->hd != 8u || !a->c.wide || (h + 1u) / a->group != kh) return 0;
    s0.qi = a->qi;
    s1.qi = a->qi + 8;
    s0.u = s1.u = a->u;
    s0.acc = a->acc;
    s1.acc = a->acc + 8;
    edgellm__head_init(a, &s0, a->q + 8u * h);
    edgellm__head_init(a, &s1, a->q + 8u * (h + 1u));
    b[0] = s0.sigma - 8;   /* the shift minus 1, m8 = 128 (edgellm__scores_scalar) */
    b[1] = s1.sigma - 8;
    m[0] = s0.umax;
    m[1] = s1.umax;
    edgellm__scores_h8x2(a->qi, edgellm__kv_k(a, kh), a->c.step, edgellm__kv_ks(a, kh), a->c.sstep, a->n, b[0], b[1], a->u, m);
    s0.umax = m[0];
    s1.umax = m[1];
    edgellm__exp_x2(a, &s0, &s1, edgellm__kv_vs(a, kh));
    b[0] = edgellm__vshift(a, &s0);
    b[1] = edgellm__vshift(a, &s1);
    edgellm__vsum_h8(s0.acc, a->u, a->n, edgellm__kv_v(a, kh), a->c.step, edgellm__kv_vs(a, kh), a->c.sstep, s0.emax + b[0], 2,
                     1u << b[0]);   /* the shift minus 1 (edgellm__vsum_scalar) */
    edgellm__vsum_h8(s1.acc, a->u + 1, a->n, edgellm__kv_v(a, kh), a->c.step, edgellm__kv_vs(a, kh), a->c.sstep, s1.emax + b[1], 2,
                     1u << b[1]);
    edgellm__head_out(a, &s0, a->out + 8u * h);
    edgellm__head_out(a, &s1, a->out + 8u * (h + 1u));
    return 2;
}
#endif
#undef EDGELLM__RSHR_POS

/* RMSNorm's products narrow(x, kx) * narrow(g, kg) with their absolute maximum, the gains
   (Q16, in the file) read as words on little-endian cores where they are 4-byte aligned */
static EDGELLM__NOINLINE uint32_t edgellm__normz_scalar(const int32_t *x, const uint8_t *g, uint32_t n, int kx, int kg, int32_t *z,
                                                        uint32_t *za) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const int32_t *w = (const int32_t *)(const void *)g;
    uint32_t i, m = *za;
    /* x narrowed by a right shift (kx >= 1: rshr(v, 1) = (v + 1) >> 1, as |x| < 2^16 there);
       the gains by a right shift as well, or (kg <= 0) by a left one */
    int sx = kx - 1, sg = kg - 1, lg = -kg;
    if (((uintptr_t)g & 3u) != 0 || kx < 1) return 0;
    if (kg >= 1) {
        EDGELLM__UNROLL(2)
        for (i = 0; i + 2u <= n; i += 2) {   /* two values a step */
            int32_t a = ((x[i] >> sx) + 1) >> 1, b = ((w[i] >> sg) + 1) >> 1, v = a * b;
            int32_t a1 = ((x[i + 1u] >> sx) + 1) >> 1, b1 = ((w[i + 1u] >> sg) + 1) >> 1, v1 = a1 * b1;
            uint32_t u = edgellm__abs32(v), u1 = edgellm__abs32(v1);
            z[i] = v;
            z[i + 1u] = v1;
            if (u1 > u) u = u1;
            if (EDGELLM__RARE(u > m)) m = u;
        }
    } else
        for (i = 0; i + 2u <= n; i += 2) {
            int32_t a = ((x[i] >> sx) + 1) >> 1, b = (int32_t)((uint32_t)w[i] << lg), v = a * b;
            int32_t a1 = ((x[i + 1u] >> sx) + 1) >> 1, b1 = (int32_t)((uint32_t)w[i + 1u] << lg), v1 = a1 * b1;
            uint32_t u = edgellm__abs32(v), u1 = edgellm__abs32(v1);
            z[i] = v;
            z[i + 1u] = v1;
            if (u1 > u) u = u1;
            if (EDGELLM__RARE(u > m)) m = u;
        }
    *za = m;
    return i;   /* an odd n's last value: the caller's loop */
#else
    (void)x; (void)g; (void)n; (void)kx; (void)kg; (void)z; (void)za;
    return 0;
#endif
}
/* SiLU with the sigmoid's table inline, and the results' absolute maximum */
static EDGELLM__NOINLINE uint32_t edgellm__silu_scalar(int32_t *h, uint32_t n, uint32_t *amax) {
    int32_t *end = h + n;
    uint32_t m = *amax;
    for (; h < end; h++) {
        int32_t x = *h;
        uint32_t ax = x < 0 ? (uint32_t)0 - (uint32_t)x : (uint32_t)x, s;
        if (ax >= (12u << 16)) s = 32768u;
        else {
            const uint16_t *t = edgellm__sig_tab + (ax >> 11);
            s = t[0] + ((((uint32_t)(t[1] - t[0]) * (ax & 2047u)) + 1024u) >> 11);
        }
        if (x < 0) s = 32768u - s;
        x = 2 * (x >> 16) * (int32_t)s + (int32_t)((((uint32_t)x & 0xFFFFu) * s + 16384u) >> 15);
        *h = x;
        if (EDGELLM__RARE(edgellm__abs32(x) > m)) m = edgellm__abs32(x);
    }
    *amax = m;
    return n;
}

/* the gate (edgellm__ffn_act) for shifts k, k3 >= 1 */
static EDGELLM__NOINLINE uint32_t edgellm__gate_scalar(int32_t *h, const int32_t *h3, uint32_t n, int k, int k3,
                                                       uint32_t *amax) {
    int32_t *end = h + n;
    uint32_t m = *amax;
    if (k < 1 || k3 < 1) return 0;
    k--;   /* rshr(v, k) = ((v >> (k - 1)) + 1) >> 1; |v| < 2^(15 + k): no overflow */
    k3--;
    EDGELLM__UNROLL(4)
    for (; h < end; h++, h3++) {
        int32_t x = (((*h >> k) + 1) >> 1) * (((*h3 >> k3) + 1) >> 1);
        *h = x;
        if (EDGELLM__RARE(edgellm__abs32(x) > m)) m = edgellm__abs32(x);
    }
    *amax = m;
    return n;
}

/* the requantization of matrix rows (edgellm__requant), the file's scales read as words
   (little-endian cores, 4-byte aligned scales). With |y| < 2^(31-k) (k from the matrix's
   bound ymax, checked per row), rshr(y * c, s) = rshr(y * 2^k * c, s + k) = rshr(hi, s + k -
   32), hi the high word of the product (one mulh), whenever s + k - 32 >= 1; other rows go
   through edgellm__mulshift. */
static EDGELLM__NOINLINE EDGELLM__NO_SCHED uint32_t edgellm__requant_scalar(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16,
                                                          uint32_t ymax) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const int32_t *sc = (const int32_t *)(const void *)scales, *end = sc + 2u * rows;
    uint32_t sm = (uint32_t)s16.m;
    int k = 31 - edgellm__bitlen32(ymax);
    int32_t se = s16.e + 64 - k + 1;   /* shift - 1 = shift_r - s16.e - 32 + k - 32 - 1 */
    if (((uintptr_t)scales & 3u) != 0 || k < 0) return 0;
    for (; sc < end; sc += 2, y++) {
        uint64_t cm = (uint64_t)sm * (uint32_t)sc[0];
        uint32_t c = (uint32_t)(cm >> 32) + ((uint32_t)cm >> 31);   /* rshr(s16.m * m_r, 32) */
        int32_t s1 = sc[1] - se, ys = (int32_t)((uint32_t)*y << k), hi;
        if ((uint32_t)s1 > 30u || (ys >> k) != *y) { *y = edgellm__mulshift(*y, c, sc[1] - s16.e - 32); continue; }
        hi = (int32_t)(((int64_t)ys * (int32_t)c) >> 32);
        *y = ((hi >> s1) + 1) >> 1;
    }
    return rows;
#else
    (void)y; (void)rows; (void)scales; (void)s16; (void)ymax;
    return 0;
#endif
}

/* quant8's scaling (edgellm__quant8) with its usual shifts (k >= 1) inline. The clamp is
   not needed: with |v| <= a, |narrow(v, k)| <= ap = narrow(a, k) in [2^15, 2^16], and
   ap r <= 127 * 2^23 + ap / 2 (r is that quotient rounded), so |narrow(v, k) r| + 2^22 <
   127.5 * 2^23 and the result is within [-127, 127]. */
static EDGELLM__NOINLINE uint32_t edgellm__quant8_scalar(const int32_t *v, uint32_t n, int k, int32_t r, int8_t *q) {
    const int32_t *end = v + n;
    int s = k - 1;
    /* |narrow(v, k)| <= 2^16 and r <= 32512: x r + 2^22 < 2^31, so rshr(x r, 23) = (x r + 2^22) >> 23;
       k == 1 narrows as (v + 1) >> 1 (|v| < 2^17 there) */
    if (k < 1) return 0;
    EDGELLM__UNROLL(2)
    for (; v + 2 <= end; v += 2, q += 2) {   /* two values a step */
        int32_t t = ((((v[0] >> s) + 1) >> 1) * r + (1 << 22)) >> 23;
        int32_t t1 = ((((v[1] >> s) + 1) >> 1) * r + (1 << 22)) >> 23;
        ((uint8_t *)q)[0] = (uint8_t)((uint32_t)t & 255u);
        ((uint8_t *)q)[1] = (uint8_t)((uint32_t)t1 & 255u);
    }
    if (v < end) *(uint8_t *)q = (uint8_t)((uint32_t)(((((*v >> s) + 1) >> 1) * r + (1 << 22)) >> 23) & 255u);
    return n;
}
#endif /* EDGELLM__SCALAR */

#if defined(EDGELLM__ARM_DSP)
/* ---------------------------------------------------------------- Cortex-M DSP extension
   M4, M7, M33 (__ARM_FEATURE_SIMD32): SMLAD multiplies two pairs of int16 and adds both
   products in one instruction. */

/* edgellm__dot4_i8_scalar with two 16x16 multiply-accumulates a word */
static void edgellm__dot4_i8_dsp(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
    const int8_t *w0 = w, *w1 = w + stride, *w2 = w1 + stride, *w3 = w2 + stride, *end = x + n;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    /* four bytes a load (unaligned loads are fine on these cores), sign-extended in pairs
       (bytes 0, 2 and, rotated, 1, 3), two 16x16 multiply-accumulates a word: the same sums */
    typedef uint32_t edgellm__u32u __attribute__((aligned(1), may_alias));
#define EDGELLM__SMLAD4(acc, wp)                                                              \
    do {                                                                                      \
        uint32_t v_ = *(const edgellm__u32u *)(const void *)(wp);                            \
        acc = __smlad(__sxtb16(v_), xe, acc);                                                \
        acc = __smlad(__sxtb16((v_ >> 8) | (v_ << 24)), xo, acc);                            \
    } while (0)
    for (; x < end; x += 4, w0 += 4, w1 += 4, w2 += 4, w3 += 4) {
        uint32_t xv = *(const edgellm__u32u *)(const void *)x;
        uint32_t xe = __sxtb16(xv), xo = __sxtb16((xv >> 8) | (xv << 24));
        EDGELLM__SMLAD4(a0, w0);
        EDGELLM__SMLAD4(a1, w1);
        EDGELLM__SMLAD4(a2, w2);
        EDGELLM__SMLAD4(a3, w3);
    }
#undef EDGELLM__SMLAD4
    y[0] = a0;
    y[1] = a1;
    y[2] = a2;
    y[3] = a3;
}
#endif /* EDGELLM__ARM_DSP */

/* ---------------------------------------------------------------- selection
   The one place where each kernel picks its accelerated form for this build. */

/* matrix rows (edgellm__rows) */
static uint32_t edgellm__fast_rows(const edgellm_matrix *m, const int8_t *x, int32_t *y, edgellm_ctx *ctx) {
#if defined(EDGELLM__AVX2)
    (void)ctx;
    return edgellm__rows_avx2(m, x, y);
#elif defined(EDGELLM__SCALAR)
    return edgellm__rows_scalar(m, x, y, ctx);
#else
    (void)m; (void)x; (void)y; (void)ctx;
    return 0;
#endif
}
#if defined(EDGELLM__SCALAR)
/* four INT8 rows at once on scalar cores (edgellm__rows_scalar) */
static void edgellm__dot4_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
#if defined(EDGELLM__ARM_DSP)
    (void)edgellm__dot4_i8_scalar;   /* unused where the core has SMLAD */
    edgellm__dot4_i8_dsp(w, stride, x, n, y);
#elif defined(EDGELLM__NO_MUL)
    (void)edgellm__dot4_i8_scalar;
    edgellm__dot4_i8_qsq(w, stride, x, n, y);
#else
    edgellm__dot4_i8_scalar(w, stride, x, n, y);
#endif
}
/* eight INT8 rows at once on scalar cores (two fours where the core has SMLAD) */
static void edgellm__dot8_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y, uint32_t blocks) {
#if defined(EDGELLM__ARM_DSP) || defined(EDGELLM__NO_MUL)
    (void)edgellm__dot8_i8_scalar;
    for (; blocks; blocks--, w += 8u * stride, y += 8) {
        edgellm__dot4_i8(w, stride, x, n, y);
        edgellm__dot4_i8(w + 4u * stride, stride, x, n, y + 4);
    }
#else
    edgellm__dot8_i8_scalar(w, stride, x, n, y, blocks);
#endif
}
#endif
/* the requantization of matrix outputs (edgellm__mv) */
static uint32_t edgellm__fast_requant(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16, uint32_t ymax) {
#if defined(EDGELLM__AVX2)
    (void)ymax;
    return edgellm__requant_avx2(y, rows, scales, s16);
#elif defined(EDGELLM__SCALAR)
    return edgellm__requant_scalar(y, rows, scales, s16, ymax);
#else
    (void)y; (void)rows; (void)scales; (void)s16; (void)ymax;
    return 0;
#endif
}
/* quant8's scaling to int8 */
static uint32_t edgellm__fast_quant8(const int32_t *v, uint32_t n, int k, int32_t r, int8_t *q) {
#if defined(EDGELLM__AVX2)
    return edgellm__quant8_avx2(v, n, k, r, q);
#elif defined(EDGELLM__SCALAR)
    return edgellm__quant8_scalar(v, n, k, r, q);
#else
    (void)v; (void)n; (void)k; (void)r; (void)q;
    return 0;
#endif
}
/* SiLU (edgellm__ffn_act) */
static uint32_t edgellm__fast_silu(int32_t *h, uint32_t n, uint32_t *amax) {
#if defined(EDGELLM__AVX2)
    return edgellm__silu_avx2(h, n, amax);
#elif defined(EDGELLM__SCALAR)
    return edgellm__silu_scalar(h, n, amax);
#else
    (void)h; (void)n; (void)amax;
    return 0;
#endif
}
/* the gate (edgellm__ffn_act) */
static uint32_t edgellm__fast_gate(int32_t *h, const int32_t *h3, uint32_t n, int k, int k3, uint32_t *amax) {
#if defined(EDGELLM__AVX2)
    return edgellm__gate_avx2(h, h3, n, k, k3, amax);
#elif defined(EDGELLM__SCALAR)
    return edgellm__gate_scalar(h, h3, n, k, k3, amax);
#else
    (void)h; (void)h3; (void)n; (void)k; (void)k3; (void)amax;
    return 0;
#endif
}
/* RMSNorm's products of narrowed values */
static uint32_t edgellm__fast_normz(const int32_t *x, const uint8_t *g, uint32_t n, int kx, int kg, int32_t *z, uint32_t *za) {
#if defined(EDGELLM__AVX2)
    return edgellm__normz_avx2(x, g, n, kx, kg, z, za);
#elif defined(EDGELLM__SCALAR)
    return edgellm__normz_scalar(x, g, n, kx, kg, z, za);
#else
    (void)x; (void)g; (void)n; (void)kx; (void)kg; (void)z; (void)za;
    return 0;
#endif
}
/* several query heads in one pass (edgellm__attention) */
static uint32_t edgellm__fast_heads(const edgellm__attn *a, uint32_t h) {
#if defined(EDGELLM__HEADS2)
    return edgellm__heads_scalar(a, h);
#else
    (void)a; (void)h;
    return 0;
#endif
}
/* a head's scores (edgellm__head_scores) */
static uint32_t edgellm__fast_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    return edgellm__scores_avx2(a, st, kh);
#elif defined(EDGELLM__SCALAR)
    return edgellm__scores_scalar(a, st, kh);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* a head's exp2 weights (edgellm__head_exp) */
static uint32_t edgellm__fast_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    return edgellm__exp_avx2(a, st, kh);
#elif defined(EDGELLM__SCALAR)
    return edgellm__exp_scalar(a, st, kh);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* a head's V sums (edgellm__head_vsum) */
static uint32_t edgellm__fast_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    return edgellm__vsum_avx2(a, st, kh);
#elif defined(EDGELLM__SCALAR)
    return edgellm__vsum_scalar(a, st, kh);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* the scores from an attention backend's dot products (edgellm__head_dscores) */
static uint32_t edgellm__fast_dscores(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__SCALAR)
    return edgellm__dscores_scalar(a, st, kh);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* the V weights for an attention backend (edgellm__head_vweights) */
static uint32_t edgellm__fast_vweights(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__SCALAR)
    return edgellm__vweights_scalar(a, st, kh);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}

#endif /* EDGELLM__IMPLEMENTED */
#endif /* EDGELLM_IMPLEMENTATION */


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
