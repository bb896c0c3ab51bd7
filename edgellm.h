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

   ACCELERATED FORMS (chosen at compile time; the same C on every target does the rest)
       AVX2 (-mavx2, or -march=native on a CPU that has it): matrix rows (INT8 and T2 four
           rows at a time, T1 through the INT8 dot), the requantization of matrix outputs,
           quant8, SiLU and the gate, and attention across positions (the two query heads
           of a kv head in one pass when the head size is 8).
       Scalar cores: INT8 rows four at a time, and the V sums of attention two
           accumulators at a time, so that each value loaded serves several of them.
       Cortex-M DSP extension (M4, M7, M33: __ARM_FEATURE_SIMD32): those INT8 rows with
           SMLAD, two multiply-accumulates an instruction.

   DOES NOT
       - allocate: the caller provides every byte (see MEMORY).
       - use floating point: loading, inference, sampling and tokenizing are integer only
         (the implementation builds with gcc -mgeneral-regs-only). The one exception is
         opt-in: the AVX2 build's SiLU takes the integer quotient floor(N / D), N < 2^31,
         D in [2^15, 2^16], from an exactly rounded double division, which gives that same
         integer for every such N and D (a non-integer quotient is at least 2^-17 from an
         integer); the tests check it for every D and against the integer path.
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
           h1, h3 (FFN)             4 * hidden (each)
           int8 activation          max(round_up(n, 64), round_up(n, 80)), n = max(dim, hidden)
           int16 query              2 * head_size
           int64 attention sums     8 * head_size
           attention weights        4 * n_ctx
           logits                   4 * vocab
           sampler scratch          8 * vocab (free during edgellm_feed, which may use it
                                    for attention weights)
           KV cache                 2 * layers * n_ctx * (kv_dim * B + 2 * n_kv_heads)
                                    (B = 1 for the int8 cache, 2 for int16; plus a 2-byte
                                    scale per position and kv head, for K and for V)
       The count does not depend on the platform (no pointers are stored in the arena).
       The edgellm_model and edgellm_ctx structs are small and live wherever the caller
       puts them. Stack use is a few hundred bytes, with no recursion.

   RESULT CODES
       Every fallible function returns EDGELLM_OK (0) or one negative code from the list
       EDGELLM_RESULTS below; edgellm_result_string() names it. Nothing is written to
       caller outputs when a call fails, except: a failed edgellm_model_load marks the
       model invalid (valid = 0; its other fields are left as they were), and a failed
       edgellm_encode leaves tokens[] unspecified. A context refuses work (EDGELLM_ERR_STATE) once its model struct was
       reloaded, failed to load, or points at a different file than at init.

   MODEL FILE FORMAT (version 1)
       Little-endian. u32/i32 are 4-byte unsigned/two's-complement integers.
       Offsets are from the start of the file.

       Header, 128 bytes at offset 0:
         0  u32 magic      0x4D4C4445 (the bytes "EDLM")
         4  u32 version    1
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

   INTEGER ARITHMETIC
       One rounding rule everywhere: a right shift by s >= 1 rounds half up,
           rshr(a, s) = floor((a + 2^(s-1)) / 2^s)     (0 when s >= 63),
       and results that must fit int32 saturate to [-2^31, 2^31 - 1].
       Scales are pseudo-floats (m, e) meaning m * 2^e with m = 0 or m in [2^30, 2^31):
         norm(x) of an unsigned x < 2^63: with L its bit length, if L > 31,
             m = (floor(x / 2^(L-32)) + 1) >> 1, e = L - 31 (if m = 2^31: m = 2^30, e + 1);
             else m = x * 2^(31-L), e = L - 31.
         mul(a, b)  = norm(a.m * b.m) with e + a.e + b.e
         recip(a)   = q = floor((2^61 + floor(a.m/2)) / a.m); (q, -61 - a.e), normalized
         rsqrt(a)   = recip(norm(r) with e + E/2) where (M, E) = (a.m * 2^30, a.e - 30) for
                      even a.e, (a.m * 2^31, a.e - 31) for odd, and r = isqrt(M) rounded
                      to nearest (r + 1 when M - r^2 > r)
         add(a, b)  (a.e >= b.e) = norm(a.m * 2^31 + rshr(b.m * 2^31, a.e - b.e)) with e + a.e - 31
         apply(v, s) for int32 v = sat32(rshr(v * s.m, -s.e)) when s.e < 0,
                     sat32(v * s.m * 2^s.e) otherwise
         apply64(v, s) for |v| < 2^62: when |v| >= 2^31, with L the bit length of |v|,
                     v' = clamp32(rshr(v, L - 31)) and s.e + (L - 31); then apply.
       exp2(d) for d <= 0 in Q16 (a fraction of 2^-16), result in Q30 (<= 2^30):
           d = 0 -> 2^30; else with n = -d: f = 65536 - (n mod 65536), s = n div 65536 + 1
           (if n mod 65536 = 0: f = 0 -> p = 2^30, s = n div 65536), p = P(f), result
           rshr(p, s) (0 when s > 31). P(f) = rshr(HI[f >> 8] * LO[f & 255], 30) with the
           tables HI[i] = round(2^30 * 2^(i/256)), LO[j] = round(2^30 * 2^(j/65536)) (listed
           in the implementation). P is strictly increasing in f (its relative error is
           1.3e-9, a step of f moves it by 1.06e-5), so exp2 is monotone; the tests check
           every input.
       sin/cos of a phase p (u32, 2^-32 turns), Q30: quadrant p >> 30, r = p mod 2^30; if
           r >= 2^29 use r' = 2^30 - r and swap sin and cos; a = (r * 6746518852 + 2^31) >> 32
           (Q30 radians <= pi/4); a2 = rshr(a*a, 30);
           sin = rshr(a * S, 30) with S from the chain 2959, -213044, 8947849, -178956971,
           1073741824 (S_new = c + rshr(S * a2, 30));
           cos = C from the chain -296, 26631, -1491308, 44739243, -536870912, 1073741824;
           quadrant 1: (sin, cos) -> (cos, -sin); 2: (-sin, -cos); 3: (-cos, sin).

       Values: residual stream, q, k, v, attention output, FFN vectors and logits are int32
       Q16.16 (real = v / 65536). Each matrix-vector product takes an int8 vector with a
       pseudo-float scale S (real = q * S) and gives raw int32 sums y[r] = sum_c W[r][c] x[c]
       (|y| <= 128 * 128 * 65536 = 2^30: no overflow); the output in Q16 is
       apply(y[r], mul(S * 2^16, scale[r])), with S * 2^16 meaning (S.m, S.e + 16).

       quant8(v[0..n)) (int32 in, any fixed-point unit U): a = max |v_i|; a = 0 gives all
           zeros and scale (0, 0). Else r = mul(norm(127), recip(norm(a))),
           q_i = clamp(apply(v_i, r), -127, 127), scale = mul(norm(a), recip(norm(127))),
           so that v_i ~ q_i * scale (in U). Entries from n up to the padded length are 0.
       rmsnorm8(x, g) over dim entries, x and g Q16. a = max |x_i| (0: zeros, scale 0);
           sh = bitlen(a) - 15; x'_i = rshr(x_i, sh) if sh > 0, else x_i * 2^-sh;
           ss = sum x'_i^2 (u64);
           ms = mul(norm(ss) with e + 2 sh - 32, recip(norm(dim)))      (mean square, real)
           inv = rsqrt(add(ms, norm(norm_eps) with e - 32))               (1 / rms)
           z_i = x_i * g_i (int64, Q32); az = max |z_i| (0: zeros, scale 0);
           shz = bitlen(az) - 31; z'_i = sat32(rshr(z_i, shz)) if shz > 0, else z_i * 2^-shz;
           q = quant8(z') with scale sz; the real activation scale is
           S = mul(sz with e + shz - 32, inv), i.e. x_i g_i / rms ~ q_i * S.
           (RMSNorm is scale-invariant per element, so 1/rms only enters S.)
       matvec: y = W q (raw int32), then y_r -> apply(y_r, mul(S16, scale_r)) in Q16, where
           S16 is S with e + 16 for rmsnorm8 outputs and quant8's scale for Q16 inputs.

       Attention at position p, layer l, for each head h (kv head h / (n_heads/n_kv_heads)):
         K and V entries (kv_dim values per position) are stored per kv head as integers
         with qmax = 127 (int8, default) or 32767 (int16, model flag bit 4) and a compact
         scale (m8, e): a = max |v| over the head's values (0: m8 = 0, e = 0, zeros);
         e = bitlen(a) - 8; m8 = ceil(a / 2^e) (a * 2^-e when e <= 0), if m8 = 256 then
         m8 = 128, e + 1; q_i = clamp(apply(v_i, mul(norm(qmax), recip(norm(m8) with e + e))),
         -qmax, qmax). The value is q * m8 * 2^e / qmax in Q16.
         The query (Q16, after RoPE) becomes int16: a = max|q| (0: zeros, Sq = 0),
         q16_i = clamp(apply(q_i, mul(norm(32767), recip(norm(a)))), -32767, 32767),
         Sq = mul(norm(a), recip(norm(32767))).
         c = mul(Sq, mul(mul(L2E, rsqrt(norm(head_size))), recip(norm(qmax)))) with e - 16,
         L2E = (1549082005, -30) = log2(e).
         cb = 62 - bitlen(32767 * qmax * head_size * 255) (bits of c kept, at most 31),
         cc = rshr(c.m, 31 - cb), sh = -(c.e + 31 - cb).
         For t = 0..p: dot_t = sum_i q16_i k_t,i (int64 when qmax = 32767);
             u_t = shift_sat(dot_t * m8_t * cc, sh - e_t)      (score in log2 units, Q16)
         where shift_sat(v, s) = sat32(rshr(v, s)) for s > 0 and sat32(v * 2^-s) otherwise.
         w_t = exp2(sat32(u_t - max_t u_t)) (Q30), sum = sum_t w_t (u64);
         emax = max e_t of V entries over t with w_t > 0 and m8_t > 0 (-128 if none);
         acc_i = sum_t rshr(w_t * m8_t, emax - e_t + 8) * qv_t,i      (int64)
         out_i = apply64(acc_i, mul(recip(norm(sum)), recip(norm(qmax))) with e + emax + 8).
       RoPE at position p: pair (2i, 2i+1) of every head of q and k is rotated by
           (s, c) = sin/cos(p * rope[i] mod 2^32):
           a' = sat32(rshr(a c - b s, 30)), b' = sat32(rshr(a s + b c, 30)).
       SiLU(x), x Q16: ax = |x| (2^31 - 1 for INT32_MIN); t = exp2(-apply(ax, L2E));
           D = 2^15 + rshr(t, 15); sig = floor((2^30 + floor(D/2)) / D) (Q15 sigmoid of ax);
           2^15 - sig for x < 0; silu = sat32(rshr(x * sig, 15)).
       ReLU: max(x, 0). Squared ReLU: sat32(rshr(x*x, 16)) for x > 0, else 0.
       Gate (gated FFN): h = sat32(rshr(act(h1) * h3, 16)).
       Residual adds saturate. The embedding row of token t is x_c = apply(w_c, scale_t with e + 16).
       One step: x = embed(token); per layer: S = rmsnorm8(x, attn_norm); q, k, v = Wq, Wk,
       Wv; RoPE(q, k); store k, v at p; att = attention; x += Wo quant8(att);
       S = rmsnorm8(x, ffn_norm); h1 = W1, h3 = W3; h = gate(act(h1), h3) (or act(h1));
       x += W2 quant8(h); finally logits = Wcls rmsnorm8(x, final_norm).
       Logits: int32 Q16.16.

   SAMPLER
       PRNG xorshift64* (llama2.c's): s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
       out = (s * 0x2545F4914F6CDD1D) >> 32. Seeded with seed ^ 0x9E3779B97F4A7C15
       (a zero state becomes 0x9E3779B97F4A7C15).
       Temperature 0 (Q16): argmax, ties to the lowest id. Otherwise
       w_i = exp2(apply(l_i - max l, mul(L2E, recip(T))))  (Q30);
       top-k (0 or >= vocab: off) keeps the k largest (ties: lower id first);
       top-p (Q16, 65536: off) keeps the shortest prefix, in (w desc, id asc) order, whose
       sum * 65536 >= p * total (at least one token);
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
       attention and sampling always stay in this file. Matrix indices
       (edgellm_model_matrix): layer l uses P*l + 0 wq, 1 wk, 2 wv, 3 wo, 4 w1, 5 w2, 6 w3
       (P = 7 gated, 6 otherwise); index P * n_layers is the output head (the embedding
       matrix when the head is tied). The embedding lookup reads rows in software.

   LICENSE: MIT (see the end of this file).
*/
#ifndef EDGELLM_H
#define EDGELLM_H

#include <stddef.h>
#include <stdint.h>

#ifndef EDGELLM_API
#define EDGELLM_API extern
#endif

#define EDGELLM_VERSION 1
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
    X(ERR_BACKEND, -22, "matrix backend failed")

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

/* a per-row scale as stored in the file: mult * 2^-shift */
typedef struct edgellm_scale { int32_t mult; int32_t shift; } edgellm_scale;

/* One weight matrix, as the matrix-vector seam sees it. */
typedef struct edgellm_matrix {
    uint32_t type;                 /* EDGELLM_WT_T2, _T1 or _I8 */
    uint32_t rows, cols;
    uint32_t cols_pad;             /* cols rounded up to 64 (T2), 80 (T1), 16 (I8) */
    uint32_t stride;               /* bytes per row: cols_pad/4, cols_pad/5, cols_pad */
    const uint8_t *data;           /* rows * stride bytes inside the model file */
    const edgellm_scale *scales;   /* rows entries (software only) */
    uint32_t index;                /* 0 .. edgellm_model_matrix_count()-1, stable */
} edgellm_matrix;

/* Computes y[r] = sum_{c < cols_pad} W[r][c] * x[c] for r < rows, exactly. */
typedef int (*edgellm_matvec_fn)(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y);

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
    uint8_t *mem;                  /* the arena */
    uint32_t off[16];              /* private: buffer offsets in the arena */
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

static int edgellm__bitlen64(uint64_t x) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__aarch64__))
    return x ? 64 - __builtin_clzll(x) : 0;   /* same result as the portable path below */
#else
    int n = 0;
    if (x >> 32) { n += 32; x >>= 32; }
    if (x >> 16) { n += 16; x >>= 16; }
    if (x >> 8) { n += 8; x >>= 8; }
    if (x >> 4) { n += 4; x >>= 4; }
    if (x >> 2) { n += 2; x >>= 2; }
    if (x >> 1) { n += 1; x >>= 1; }
    return n + (int)x;
#endif
}

static int32_t edgellm__sat32(int64_t v) {
    if (v > EDGELLM__I32MAX) return EDGELLM__I32MAX;
    if (v < EDGELLM__I32MIN) return EDGELLM__I32MIN;
    return (int32_t)v;
}

/* round half up right shift; |a| < 2^62 */
static int64_t edgellm__rshr(int64_t a, int s) {
    if (s <= 0) return a;
    if (s >= 63) return 0;
    return (a + ((int64_t)1 << (s - 1))) >> s;
}
static uint64_t edgellm__rshru(uint64_t a, int s) {
    if (s <= 0) return a;
    if (s >= 64) return 0;
    return ((a >> (s - 1)) + 1) >> 1;
}

/* floor(n / d) for n < d * 2^32 (the quotient fits 32 bits): native on 64-bit targets,
   shift and subtract elsewhere (no libgcc helper on 32-bit targets). */
static uint32_t edgellm__udiv64(uint64_t n, uint32_t d) {
#if defined(__x86_64__) || defined(__aarch64__) || (defined(__riscv) && __riscv_xlen == 64)
    return (uint32_t)(n / d);
#else
    uint64_t r = n >> 32;
    uint32_t q = 0;
    int i;
    for (i = 31; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1u);
        q <<= 1;
        if (r >= d) { r -= d; q |= 1u; }
    }
    return q;
#endif
}

static uint64_t edgellm__isqrt_round(uint64_t x) {
    uint64_t res = 0, bit = (uint64_t)1 << 62, rem = x;
    while (bit > rem) bit >>= 2;
    while (bit) {
        if (rem >= res + bit) { rem -= res + bit; res = (res >> 1) + bit; }
        else res >>= 1;
        bit >>= 2;
    }
    return rem > res ? res + 1 : res;
}

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
        uint64_t m = ((x >> (L - 32)) + 1) >> 1;
        e += L - 31;
        if (m == ((uint64_t)1 << 31)) { m >>= 1; e += 1; }
        r.m = (int32_t)m;
    } else {
        r.m = (int32_t)(x << (31 - L));
        e -= 31 - L;
    }
    r.e = e;
    return r;
}
static edgellm__pf edgellm__pf_mul(edgellm__pf a, edgellm__pf b) {
    /* norm(a.m * b.m) with the bit length known to be 61 or 62 */
    uint64_t p;
    int L;
    edgellm__pf r;
    if (a.m == 0 || b.m == 0) return edgellm__pf_zero();
    p = (uint64_t)(uint32_t)a.m * (uint32_t)b.m;
    L = (p >> 61) ? 62 : 61;
    p = ((p >> (L - 32)) + 1u) >> 1;
    r.e = a.e + b.e + L - 31;
    if (p == ((uint64_t)1 << 31)) { p >>= 1; r.e++; }
    r.m = (int32_t)p;
    return r;
}
static edgellm__pf edgellm__pf_recip(edgellm__pf a) {
    uint64_t q = edgellm__udiv64(((uint64_t)1 << 61) + ((uint32_t)a.m >> 1), (uint32_t)a.m);
    return edgellm__pf_norm(q, -61 - a.e);
}
static edgellm__pf edgellm__pf_add(edgellm__pf a, edgellm__pf b) {
    uint64_t s;
    if (a.m == 0) return b;
    if (b.m == 0) return a;
    if (a.e < b.e) { edgellm__pf t = a; a = b; b = t; }
    s = ((uint64_t)(uint32_t)a.m << 31) + edgellm__rshru((uint64_t)(uint32_t)b.m << 31, a.e - b.e);
    return edgellm__pf_norm(s, a.e - 31);
}
static edgellm__pf edgellm__pf_rsqrt(edgellm__pf a) {
    uint64_t M;
    int32_t E;
    if (a.e & 1) { M = (uint64_t)(uint32_t)a.m << 31; E = a.e - 31; }
    else { M = (uint64_t)(uint32_t)a.m << 30; E = a.e - 30; }
    return edgellm__pf_recip(edgellm__pf_norm(edgellm__isqrt_round(M), E / 2));
}
static edgellm__pf edgellm__pf_shift(edgellm__pf a, int32_t k) {
    if (a.m) a.e += k;
    return a;
}
static int32_t edgellm__apply(int32_t v, edgellm__pf s) {
    int64_t a;
    if (v == 0 || s.m == 0) return 0;
    a = (int64_t)v * s.m;
    if (s.e < 0) return edgellm__sat32(edgellm__rshr(a, -s.e));
    if (s.e > 31) return a > 0 ? EDGELLM__I32MAX : EDGELLM__I32MIN;
    if (a > ((int64_t)EDGELLM__I32MAX >> s.e)) return EDGELLM__I32MAX;
    if (a < -((int64_t)1 << (31 - s.e))) return EDGELLM__I32MIN;
    return (int32_t)(a * ((int64_t)1 << s.e));
}
static int32_t edgellm__apply64(int64_t v, edgellm__pf s) {
    uint64_t av = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    if (av >= ((uint64_t)1 << 31)) {
        int sh = edgellm__bitlen64(av) - 31;
        v = edgellm__sat32(edgellm__rshr(v, sh));
        s = edgellm__pf_shift(s, sh);
    }
    return edgellm__apply((int32_t)v, s);
}

/* v * 2^-s rounded (rshr) for s > 0, v * 2^-s for s <= 0, saturated to int32; |v| < 2^62 */
static int32_t edgellm__shift_sat(int64_t v, int s) {
    if (s > 0) return edgellm__sat32(edgellm__rshr(v, s));
    if (s < -31) return v > 0 ? EDGELLM__I32MAX : (v < 0 ? EDGELLM__I32MIN : 0);
    if (v > ((int64_t)EDGELLM__I32MAX >> -s)) return EDGELLM__I32MAX;
    if (v < -((int64_t)1 << (31 + s))) return EDGELLM__I32MIN;
    return (int32_t)(v * ((int64_t)1 << -s));
}

/* log2(e) as a pseudo-float */
static edgellm__pf edgellm__l2e(void) { edgellm__pf r; r.m = 1549082005; r.e = -30; return r; }

/* 2^(f/65536) in Q30 for f in [0, 65536): a product of two tables,
   EXP2_HI[i] = round(2^30 * 2^(i/256)) and EXP2_LO[j] = round(2^30 * 2^(j/65536)). */
static const uint32_t edgellm__exp2_hi[256] = {
    1073741824u, 1076653033u, 1079572136u, 1082499153u, 1085434106u, 1088377016u, 1091327906u, 1094286796u,
    1097253708u, 1100228665u, 1103211687u, 1106202798u, 1109202018u, 1112209370u, 1115224875u, 1118248556u,
    1121280436u, 1124320536u, 1127368878u, 1130425485u, 1133490379u, 1136563583u, 1139645120u, 1142735011u,
    1145833280u, 1148939949u, 1152055042u, 1155178580u, 1158310587u, 1161451085u, 1164600099u, 1167757650u,
    1170923762u, 1174098458u, 1177281762u, 1180473697u, 1183674286u, 1186883552u, 1190101520u, 1193328213u,
    1196563654u, 1199807867u, 1203060876u, 1206322705u, 1209593378u, 1212872918u, 1216161350u, 1219458698u,
    1222764986u, 1226080238u, 1229404479u, 1232737732u, 1236080024u, 1239431376u, 1242791816u, 1246161366u,
    1249540052u, 1252927899u, 1256324931u, 1259731174u, 1263146652u, 1266571390u, 1270005413u, 1273448747u,
    1276901417u, 1280363448u, 1283834865u, 1287315695u, 1290805962u, 1294305692u, 1297814910u, 1301333643u,
    1304861917u, 1308399756u, 1311947188u, 1315504238u, 1319070932u, 1322647296u, 1326233356u, 1329829140u,
    1333434672u, 1337049980u, 1340675091u, 1344310030u, 1347954824u, 1351609500u, 1355274085u, 1358948606u,
    1362633090u, 1366327563u, 1370032052u, 1373746586u, 1377471191u, 1381205894u, 1384950723u, 1388705706u,
    1392470869u, 1396246240u, 1400031848u, 1403827719u, 1407633882u, 1411450365u, 1415277195u, 1419114401u,
    1422962010u, 1426820052u, 1430688553u, 1434567544u, 1438457051u, 1442357104u, 1446267730u, 1450188960u,
    1454120821u, 1458063343u, 1462016553u, 1465980482u, 1469955159u, 1473940611u, 1477936870u, 1481943963u,
    1485961921u, 1489990772u, 1494030547u, 1498081275u, 1502142985u, 1506215708u, 1510299473u, 1514394310u,
    1518500250u, 1522617322u, 1526745556u, 1530884983u, 1535035634u, 1539197537u, 1543370725u, 1547555228u,
    1551751076u, 1555958300u, 1560176931u, 1564406999u, 1568648537u, 1572901575u, 1577166143u, 1581442275u,
    1585730000u, 1590029350u, 1594340357u, 1598663052u, 1602997467u, 1607343634u, 1611701585u, 1616071351u,
    1620452965u, 1624846459u, 1629251865u, 1633669214u, 1638098541u, 1642539877u, 1646993254u, 1651458706u,
    1655936265u, 1660425963u, 1664927835u, 1669441912u, 1673968228u, 1678506817u, 1683057710u, 1687620943u,
    1692196547u, 1696784557u, 1701385007u, 1705997930u, 1710623359u, 1715261330u, 1719911875u, 1724575029u,
    1729250827u, 1733939301u, 1738640488u, 1743354420u, 1748081133u, 1752820662u, 1757573041u, 1762338305u,
    1767116489u, 1771907628u, 1776711757u, 1781528911u, 1786359126u, 1791202437u, 1796058879u, 1800928489u,
    1805811301u, 1810707353u, 1815616678u, 1820539314u, 1825475297u, 1830424663u, 1835387448u, 1840363688u,
    1845353420u, 1850356681u, 1855373507u, 1860403934u, 1865448001u, 1870505744u, 1875577199u, 1880662405u,
    1885761398u, 1890874216u, 1896000896u, 1901141476u, 1906295993u, 1911464486u, 1916646992u, 1921843549u,
    1927054196u, 1932278970u, 1937517909u, 1942771053u, 1948038440u, 1953320108u, 1958616096u, 1963926443u,
    1969251188u, 1974590370u, 1979944027u, 1985312200u, 1990694927u, 1996092249u, 2001504204u, 2006930832u,
    2012372174u, 2017828268u, 2023299156u, 2028784876u, 2034285470u, 2039800978u, 2045331439u, 2050876895u,
    2056437387u, 2062012954u, 2067603638u, 2073209480u, 2078830522u, 2084466803u, 2090118366u, 2095785251u,
    2101467502u, 2107165158u, 2112878262u, 2118606857u, 2124350982u, 2130110682u, 2135885998u, 2141676973u,
};
static const uint32_t edgellm__exp2_lo[256] = {
    1073741824u, 1073753181u, 1073764537u, 1073775894u, 1073787251u, 1073798608u, 1073809965u, 1073821323u,
    1073832680u, 1073844038u, 1073855395u, 1073866753u, 1073878111u, 1073889469u, 1073900827u, 1073912185u,
    1073923544u, 1073934902u, 1073946261u, 1073957620u, 1073968978u, 1073980337u, 1073991697u, 1074003056u,
    1074014415u, 1074025775u, 1074037134u, 1074048494u, 1074059854u, 1074071214u, 1074082574u, 1074093934u,
    1074105294u, 1074116655u, 1074128015u, 1074139376u, 1074150737u, 1074162098u, 1074173459u, 1074184820u,
    1074196181u, 1074207542u, 1074218904u, 1074230266u, 1074241627u, 1074252989u, 1074264351u, 1074275713u,
    1074287076u, 1074298438u, 1074309800u, 1074321163u, 1074332526u, 1074343888u, 1074355251u, 1074366614u,
    1074377978u, 1074389341u, 1074400704u, 1074412068u, 1074423432u, 1074434795u, 1074446159u, 1074457523u,
    1074468888u, 1074480252u, 1074491616u, 1074502981u, 1074514345u, 1074525710u, 1074537075u, 1074548440u,
    1074559805u, 1074571170u, 1074582536u, 1074593901u, 1074605267u, 1074616632u, 1074627998u, 1074639364u,
    1074650730u, 1074662097u, 1074673463u, 1074684829u, 1074696196u, 1074707563u, 1074718929u, 1074730296u,
    1074741663u, 1074753030u, 1074764398u, 1074775765u, 1074787133u, 1074798500u, 1074809868u, 1074821236u,
    1074832604u, 1074843972u, 1074855340u, 1074866709u, 1074878077u, 1074889446u, 1074900814u, 1074912183u,
    1074923552u, 1074934921u, 1074946291u, 1074957660u, 1074969029u, 1074980399u, 1074991769u, 1075003138u,
    1075014508u, 1075025878u, 1075037248u, 1075048619u, 1075059989u, 1075071360u, 1075082730u, 1075094101u,
    1075105472u, 1075116843u, 1075128214u, 1075139585u, 1075150957u, 1075162328u, 1075173700u, 1075185072u,
    1075196443u, 1075207815u, 1075219187u, 1075230560u, 1075241932u, 1075253304u, 1075264677u, 1075276050u,
    1075287423u, 1075298795u, 1075310169u, 1075321542u, 1075332915u, 1075344288u, 1075355662u, 1075367036u,
    1075378409u, 1075389783u, 1075401157u, 1075412531u, 1075423906u, 1075435280u, 1075446654u, 1075458029u,
    1075469404u, 1075480779u, 1075492154u, 1075503529u, 1075514904u, 1075526279u, 1075537655u, 1075549030u,
    1075560406u, 1075571782u, 1075583158u, 1075594534u, 1075605910u, 1075617286u, 1075628663u, 1075640039u,
    1075651416u, 1075662793u, 1075674170u, 1075685547u, 1075696924u, 1075708301u, 1075719678u, 1075731056u,
    1075742434u, 1075753811u, 1075765189u, 1075776567u, 1075787945u, 1075799324u, 1075810702u, 1075822080u,
    1075833459u, 1075844838u, 1075856216u, 1075867595u, 1075878974u, 1075890354u, 1075901733u, 1075913112u,
    1075924492u, 1075935872u, 1075947251u, 1075958631u, 1075970011u, 1075981391u, 1075992772u, 1076004152u,
    1076015533u, 1076026913u, 1076038294u, 1076049675u, 1076061056u, 1076072437u, 1076083818u, 1076095200u,
    1076106581u, 1076117963u, 1076129344u, 1076140726u, 1076152108u, 1076163490u, 1076174872u, 1076186255u,
    1076197637u, 1076209020u, 1076220402u, 1076231785u, 1076243168u, 1076254551u, 1076265934u, 1076277318u,
    1076288701u, 1076300085u, 1076311468u, 1076322852u, 1076334236u, 1076345620u, 1076357004u, 1076368388u,
    1076379773u, 1076391157u, 1076402542u, 1076413926u, 1076425311u, 1076436696u, 1076448081u, 1076459466u,
    1076470852u, 1076482237u, 1076493623u, 1076505009u, 1076516394u, 1076527780u, 1076539166u, 1076550552u,
    1076561939u, 1076573325u, 1076584712u, 1076596098u, 1076607485u, 1076618872u, 1076630259u, 1076641646u,
};
static uint32_t edgellm__exp2frac(uint32_t f) {
    return (uint32_t)edgellm__rshru((uint64_t)edgellm__exp2_hi[f >> 8] * edgellm__exp2_lo[f & 255u], 30);
}
/* 2^(d/65536) in Q30 for d <= 0 */
static uint32_t edgellm__exp2(int32_t d) {
    uint32_t n, f, p;
    int s;
    if (d >= 0) return 1u << 30;
    n = (uint32_t)(-(int64_t)d);
    f = n & 0xFFFFu;
    if (f == 0) { p = 1u << 30; s = (int)(n >> 16); }
    else { p = edgellm__exp2frac(65536u - f); s = (int)(n >> 16) + 1; }
    if (s > 31) return 0;
    return (uint32_t)edgellm__rshru(p, s);
}

static void edgellm__sincos(uint32_t phase, int32_t *sn, int32_t *cs) {
    static const int32_t SC[5] = {2959, -213044, 8947849, -178956971, 1073741824};
    static const int32_t CC[6] = {-296, 26631, -1491308, 44739243, -536870912, 1073741824};
    uint32_t quad = phase >> 30, r = phase & 0x3FFFFFFFu;
    int flip = r >= (1u << 29);
    int64_t a, a2, s, c, t;
    int k;
    if (flip) r = (1u << 30) - r;
    a = (int64_t)(((uint64_t)r * 6746518852ull + (1ull << 31)) >> 32);
    a2 = edgellm__rshr(a * a, 30);
    s = SC[0];
    for (k = 1; k < 5; k++) s = SC[k] + edgellm__rshr(s * a2, 30);
    s = edgellm__rshr(s * a, 30);
    c = CC[0];
    for (k = 1; k < 6; k++) c = CC[k] + edgellm__rshr(c * a2, 30);
    if (flip) { t = s; s = c; c = t; }
    switch (quad) {
    case 1: t = s; s = c; c = -t; break;
    case 2: s = -s; c = -c; break;
    case 3: t = s; s = -c; c = t; break;
    default: break;
    }
    *sn = (int32_t)s;
    *cs = (int32_t)c;
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
    if (l >= m->n_layers) /* output head */
        return (m->flags & EDGELLM_FLAG_SEPARATE_HEAD) ? edgellm__n_tensors(m) - 1u : 0u;
    return edgellm__layer_tensor(m, l, slot[index % per]);
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
    if (edgellm__rd32(p + 4) != EDGELLM_VERSION) return EDGELLM_ERR_VERSION;
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
static uint32_t edgellm__fast_rows(const edgellm_matrix *m, const int8_t *x, int32_t *y);
static uint32_t edgellm__fast_requant(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16);
static uint32_t edgellm__fast_quant8(const int32_t *v, uint32_t n, edgellm__pf r, int8_t *q);
static uint32_t edgellm__fast_silu(int32_t *h, const int32_t *g, uint32_t n);
static uint32_t edgellm__fast_heads(const edgellm__attn *a, uint32_t h);
static uint32_t edgellm__fast_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh);
static uint32_t edgellm__fast_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh);

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

EDGELLM_API int edgellm_matvec_ref(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    uint32_t r;
    if (!m || !x || !y) return EDGELLM_ERR_ARG;
    if (m->type != EDGELLM_WT_T2 && m->type != EDGELLM_WT_T1 && m->type != EDGELLM_WT_I8) return EDGELLM_ERR_TENSOR_TYPE;
    r = edgellm__fast_rows(m, x, y);   /* rows [0, r) done by an accelerated form */
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
    return EDGELLM_OK;
}

static int edgellm__matvec_default(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    (void)user;
    return edgellm_matvec_ref(m, x, y);
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
    EDGELLM__Q16,     /* one query head as int16 */
    EDGELLM__HACC,    /* one head's weighted sums of V (int64) */
    EDGELLM__ATTW,    /* one head's scores, then its exp2 weights, per position */
    EDGELLM__LOGITS,
    EDGELLM__SAMP,    /* the sampler's weights and order; during a forward pass, free */
    EDGELLM__KC,      /* the K cache: per layer, per position, kv_dim values */
    EDGELLM__VC,      /* the V cache, the same way */
    EDGELLM__KVE,     /* their scales (m8, e) per kv head: all of K's, then all of V's */
    EDGELLM__NBUF
};

static uint32_t edgellm__xq_len(const edgellm_model *m) {
    uint32_t n = m->dim > m->hidden ? m->dim : m->hidden, a = (n + 63u) / 64u * 64u, b = (n + 79u) / 80u * 80u;
    return a > b ? a : b;
}

/* the one place that decides the arena: offsets of every buffer and the total */
static int edgellm__layout(const edgellm_model *m, uint32_t n_ctx, uint32_t *off, uint64_t *total) {
    uint64_t sz[EDGELLM__NBUF], o = 0, kv = (uint64_t)m->n_layers * n_ctx;
    int i;
    sz[EDGELLM__X] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__Q] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__ATT] = 4u * (uint64_t)m->dim;
    sz[EDGELLM__K] = 4u * (uint64_t)m->kv_dim;
    sz[EDGELLM__V] = 4u * (uint64_t)m->kv_dim;
    sz[EDGELLM__H1] = 4u * (uint64_t)m->hidden;
    sz[EDGELLM__H3] = 4u * (uint64_t)m->hidden;
    sz[EDGELLM__XQ] = edgellm__xq_len(m);
    sz[EDGELLM__Q16] = 2u * (uint64_t)m->head_size;
    sz[EDGELLM__HACC] = 8u * (uint64_t)m->head_size;
    sz[EDGELLM__ATTW] = 4u * (uint64_t)n_ctx;
    sz[EDGELLM__LOGITS] = 4u * (uint64_t)m->vocab;
    sz[EDGELLM__SAMP] = 8u * (uint64_t)m->vocab;
    sz[EDGELLM__KC] = kv * m->kv_dim * ((m->flags & EDGELLM_FLAG_KV16) ? 2u : 1u);
    sz[EDGELLM__VC] = sz[EDGELLM__KC];
    sz[EDGELLM__KVE] = 4u * kv * m->n_kv_heads;
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
    return EDGELLM_OK;
}

EDGELLM_API int edgellm_ctx_init(edgellm_ctx *ctx, const edgellm_model *model, uint32_t n_ctx, void *mem, size_t mem_size) {
    uint64_t t;
    uint32_t i;
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
    ctx->matvec_user = 0;
    ctx->model_data = model->data;
    ctx->model_crc = edgellm__rd32(model->data + 12);
    ctx->valid = EDGELLM__CTX_OK;
    return EDGELLM_OK;
}

EDGELLM_API void edgellm_set_backend(edgellm_ctx *ctx, edgellm_matvec_fn fn, void *user) {
    if (!ctx) return;
    ctx->matvec = fn ? fn : edgellm__matvec_default;
    ctx->matvec_user = fn ? user : 0;
}
/* ---------------------------------------------------------------- forward pass */
static edgellm__pf edgellm__scale_at(const edgellm_scale *s, uint32_t r) {
    const uint8_t *p = (const uint8_t *)(const void *)s + 8u * r;
    edgellm__pf f;
    f.m = edgellm__rdi32(p);
    f.e = f.m ? -edgellm__rdi32(p + 4) : 0;
    return f;
}

static uint32_t edgellm__absmax(const int32_t *v, uint32_t n) {
    uint32_t a = 0, i;
    for (i = 0; i < n; i++) {
        uint32_t x = v[i] < 0 ? (uint32_t)0 - (uint32_t)v[i] : (uint32_t)v[i];
        if (x > a) a = x;
    }
    return a;
}

/* int8 absmax quantization of v[0..n), zero-padded to len; returns the scale in v's units */
static edgellm__pf edgellm__quant8(const int32_t *v, uint32_t n, int8_t *q, uint32_t len) {
    uint32_t a = edgellm__absmax(v, n), i;
    edgellm__pf r, s = edgellm__pf_zero(), p127 = edgellm__pf_norm(127, 0), pa;
    for (i = 0; i < len; i++) q[i] = 0;
    if (a == 0) return s;
    pa = edgellm__pf_norm(a, 0);
    r = edgellm__pf_mul(p127, edgellm__pf_recip(pa));
    for (i = edgellm__fast_quant8(v, n, r, q); i < n; i++) {
        int32_t t = edgellm__apply(v[i], r);
        q[i] = (int8_t)(t > 127 ? 127 : (t < -127 ? -127 : t));
    }
    return edgellm__pf_mul(pa, edgellm__pf_recip(p127));
}

/* RMSNorm with gain g (Q16), quantized to int8; returns the real scale of q */
static edgellm__pf edgellm__rmsnorm8(const edgellm_model *m, const int32_t *x, const uint8_t *g, int32_t *tmp,
                                     int8_t *q, uint32_t len) {
    uint32_t n = m->dim, a = edgellm__absmax(x, n), i;
    uint64_t ss = 0, az = 0;
    int sh, shz;
    edgellm__pf ms, inv, sq, zero = edgellm__pf_zero();
    if (a == 0) { for (i = 0; i < len; i++) q[i] = 0; return zero; }
    sh = edgellm__bitlen64(a) - 15;
    for (i = 0; i < n; i++) {
        int64_t xs = sh > 0 ? edgellm__rshr(x[i], sh) : (int64_t)x[i] * ((int64_t)1 << -sh);
        ss += (uint64_t)(xs * xs);
    }
    ms = edgellm__pf_mul(edgellm__pf_norm(ss, 2 * sh - 32), edgellm__pf_recip(edgellm__pf_norm(n, 0)));
    inv = edgellm__pf_rsqrt(edgellm__pf_add(ms, edgellm__pf_norm(m->norm_eps, -32)));
    for (i = 0; i < n; i++) {
        int64_t z = (int64_t)x[i] * edgellm__rdi32(g + 4u * i);
        uint64_t u = z < 0 ? (uint64_t)0 - (uint64_t)z : (uint64_t)z;
        if (u > az) az = u;
    }
    if (az == 0) { for (i = 0; i < len; i++) q[i] = 0; return zero; }
    shz = edgellm__bitlen64(az) - 31;
    for (i = 0; i < n; i++) {
        int64_t z = (int64_t)x[i] * edgellm__rdi32(g + 4u * i);
        tmp[i] = edgellm__sat32(shz > 0 ? edgellm__rshr(z, shz) : z * ((int64_t)1 << -shz));
    }
    sq = edgellm__quant8(tmp, n, q, len);
    return edgellm__pf_mul(edgellm__pf_shift(sq, shz - 32), inv);
}


/* y = W x for matrix `index`, then requantized to Q16 with activation scale s16 (= S * 2^16) */
static int edgellm__mv(edgellm_ctx *ctx, uint32_t index, const int8_t *x, edgellm__pf s16, int32_t *y) {
    edgellm_matrix mx;
    uint32_t r;
    int res = edgellm_model_matrix(ctx->model, index, &mx);
    if (res != EDGELLM_OK) return res;
    res = ctx->matvec(ctx->matvec_user, &mx, x, y);
    if (res != EDGELLM_OK) return res < 0 ? res : EDGELLM_ERR_BACKEND;
    for (r = edgellm__fast_requant(y, mx.rows, mx.scales, s16); r < mx.rows; r++)
        y[r] = edgellm__apply(y[r], edgellm__pf_mul(s16, edgellm__scale_at(mx.scales, r)));
    return EDGELLM_OK;
}


/* KV cache entry: absmax-quantized to +-qmax (127 for int8, 32767 for int16) against a
   compact scale m8 * 2^e (m8 in 128..255, rounded up so that |q| <= qmax); sc[0] = m8,
   sc[1] = e. The element is q * m8 * 2^e / qmax in Q16. */
static void edgellm__store_kv(const int32_t *v, uint32_t n, uint8_t *out, int wide, uint8_t *sc) {
    uint32_t a = edgellm__absmax(v, n), i, m8;
    int32_t qmax = wide ? 32767 : 127;
    int e;
    edgellm__pf r;
    m8 = 0;
    e = 0;
    r.m = 0;
    r.e = 0;
    if (a != 0) {
        e = edgellm__bitlen64(a) - 8;
        m8 = e > 0 ? (uint32_t)(((uint64_t)a + ((uint64_t)1 << e) - 1u) >> e) : a << -e;
        if (m8 == 256u) { m8 = 128u; e++; }
        r = edgellm__pf_mul(edgellm__pf_norm((uint32_t)qmax, 0), edgellm__pf_recip(edgellm__pf_norm(m8, e)));
    }
    for (i = 0; i < n; i++) {
        int32_t t = edgellm__apply(v[i], r);
        t = t > qmax ? qmax : (t < -qmax ? -qmax : t);
        if (wide) ((int16_t *)(void *)out)[i] = (int16_t)t;
        else ((int8_t *)out)[i] = (int8_t)t;
    }
    sc[0] = (uint8_t)m8;
    sc[1] = (uint8_t)(int8_t)e;
}

static void edgellm__rope(const edgellm_model *m, int32_t *v, uint32_t n_heads, uint32_t pos) {
    uint32_t i, h, hd = m->head_size;
    for (i = 0; i < hd / 2u; i++) {
        int32_t s, c;
        edgellm__sincos(pos * edgellm__rd32(m->rope + 4u * i), &s, &c);
        for (h = 0; h < n_heads; h++) {
            int32_t *p = v + h * hd + 2u * i;
            int64_t a = p[0], b = p[1];
            p[0] = edgellm__sat32(edgellm__rshr(a * c - b * s, 30));
            p[1] = edgellm__sat32(edgellm__rshr(a * s + b * c, 30));
        }
    }
}


static int32_t edgellm__act(uint32_t act, int32_t x) {
    if (act == EDGELLM_ACT_RELU) return x > 0 ? x : 0;
    if (act == EDGELLM_ACT_RELU2) return x > 0 ? edgellm__sat32(edgellm__rshr((int64_t)x * x, 16)) : 0;
    {   /* SiLU */
        int32_t ax = x < 0 ? (x == EDGELLM__I32MIN ? EDGELLM__I32MAX : -x) : x;
        uint32_t t = edgellm__exp2(-edgellm__apply(ax, edgellm__l2e()));
        uint32_t d = 32768u + (uint32_t)edgellm__rshru(t, 15);
        uint32_t sig = ((1u << 30) + d / 2u) / d;
        if (x < 0) sig = 32768u - sig;
        return edgellm__sat32(edgellm__rshr((int64_t)x * sig, 15));
    }
}


/* the FFN's activation, in place: h1 <- act(h1), times h3 (gate) when h3 is given */
static void edgellm__ffn_act(const edgellm_model *m, int32_t *h1, const int32_t *h3) {
    uint32_t i = m->act == EDGELLM_ACT_SILU ? edgellm__fast_silu(h1, h3, m->hidden) : 0u;
    for (; i < m->hidden; i++) {
        int32_t a = edgellm__act(m->act, h1[i]);
        h1[i] = h3 ? edgellm__sat32(edgellm__rshr((int64_t)a * h3[i], 16)) : a;
    }
}

/* x += d, saturating */
static void edgellm__residual(int32_t *x, const int32_t *d, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) x[i] = edgellm__sat32((int64_t)x[i] + d[i]);
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

/* k and v of position pos into layer l's cache, each kv head with its own scale */
static void edgellm__cache_store(const edgellm_ctx *ctx, uint32_t l, uint32_t pos, const int32_t *k, const int32_t *v) {
    edgellm__cache c;
    uint32_t i, hd = ctx->model->head_size;
    edgellm__cache_of(ctx, l, &c);
    for (i = 0; i < ctx->model->n_kv_heads; i++) {
        edgellm__store_kv(k + i * hd, hd, c.k + pos * c.step + i * hd * c.eb, c.wide, c.ks + pos * c.sstep + 2u * i);
        edgellm__store_kv(v + i * hd, hd, c.v + pos * c.step + i * hd * c.eb, c.wide, c.vs + pos * c.sstep + 2u * i);
    }
}

/* ---------------------------------------------------------------- attention */
/* attention inner loops; n (the head size) is even */
static int64_t edgellm__dot_q16_k16(const int16_t *q, const int16_t *k, uint32_t n) {
    int64_t d = 0;
    uint32_t i;
    if (n == 8u) {   /* the common head size, unrolled: pair sums fit int32 */
        int32_t p0 = (int32_t)q[0] * k[0] + (int32_t)q[1] * k[1], p1 = (int32_t)q[2] * k[2] + (int32_t)q[3] * k[3];
        int32_t p2 = (int32_t)q[4] * k[4] + (int32_t)q[5] * k[5], p3 = (int32_t)q[6] * k[6] + (int32_t)q[7] * k[7];
        return ((int64_t)p0 + p1) + ((int64_t)p2 + p3);
    }
    for (i = 0; i < n; i += 2) d += (int64_t)((int32_t)q[i] * k[i] + (int32_t)q[i + 1] * k[i + 1]);
    return d;
}
static int64_t edgellm__dot_q16_k8(const int16_t *q, const int8_t *k, uint32_t n) {
    int64_t d = 0;
    uint32_t i = 0, j, end;
    while (i < n) {   /* int32 partial sums of at most 256 products (< 2^30) */
        int32_t p = 0;
        end = n - i > 256u ? i + 256u : n;
        for (; i + 8u <= end; i += 8)   /* a fixed 8-wide body that compilers unroll or vectorize */
            for (j = 0; j < 8u; j++) p += (int32_t)q[i + j] * k[i + j];
        for (; i < end; i++) p += (int32_t)q[i] * k[i];
        d += p;
    }
    return d;
}
static void edgellm__axpy_v16(int64_t *acc, int32_t w, const int16_t *v, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) acc[i] += (int64_t)w * v[i];
}
static void edgellm__axpy_v8(int64_t *acc, int32_t w, const int8_t *v, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) acc[i] += (int64_t)w * v[i];
}

/* the attention of one layer at one position, as its loops see it */
struct edgellm__attn {
    const int32_t *q;           /* the queries after RoPE (n_heads * hd, Q16) */
    int32_t *out;               /* the attention output (dim, Q16) */
    edgellm__cache c;           /* the layer's K and V cache */
    uint32_t n;                 /* positions 0 .. n-1 are attended */
    uint32_t hd, n_heads, group;   /* head size, query heads, query heads per kv head */
    edgellm__pf c0;             /* L2E * rsqrt(hd) / qmax: a query's scale times it is c (manual) */
    edgellm__pf rq;             /* 1 / qmax */
    edgellm__pf p32767, r32767; /* norm(32767) and its reciprocal */
    int cb;                     /* bits of c kept, so that |dot * m8 * cc| < 2^62 */
    int16_t *q16;               /* a head's buffers in the arena (edgellm__head) */
    int32_t *u;
    int64_t *acc;
    int32_t *spare;             /* free int32 entries during a forward pass (the sampler */
    uint32_t spare_len;         /* scratch), for accelerated forms that take two heads at once */
};

/* one query head through the attention */
struct edgellm__head {
    int16_t *q16;       /* the query as int16 */
    int32_t *u;         /* scores, then exp2 weights, per position */
    int64_t *acc;       /* weighted sums of V */
    int64_t cc;
    int32_t sh, umax, emax;
    uint64_t sum;
};

/* K, V and their scales of kv head kh at position 0 */
static const uint8_t *edgellm__kv_k(const edgellm__attn *a, uint32_t kh) { return a->c.k + (size_t)kh * a->hd * a->c.eb; }
static const uint8_t *edgellm__kv_v(const edgellm__attn *a, uint32_t kh) { return a->c.v + (size_t)kh * a->hd * a->c.eb; }
static const uint8_t *edgellm__kv_ks(const edgellm__attn *a, uint32_t kh) { return a->c.ks + 2u * kh; }
static const uint8_t *edgellm__kv_vs(const edgellm__attn *a, uint32_t kh) { return a->c.vs + 2u * kh; }

/* the query qh as int16, cc and sh (manual, ATTENTION) */
static void edgellm__head_init(const edgellm__attn *a, edgellm__head *st, const int32_t *qh) {
    edgellm__pf c = edgellm__pf_zero();
    uint32_t hd = a->hd, v = edgellm__absmax(qh, hd), i;
    if (v) {
        edgellm__pf pa = edgellm__pf_norm(v, 0), r = edgellm__pf_mul(a->p32767, edgellm__pf_recip(pa));
        for (i = 0; i < hd; i++) {
            int32_t t = edgellm__apply(qh[i], r);
            st->q16[i] = (int16_t)(t > 32767 ? 32767 : (t < -32767 ? -32767 : t));
        }
        c = edgellm__pf_shift(edgellm__pf_mul(edgellm__pf_mul(pa, a->r32767), a->c0), -16);
    } else {
        for (i = 0; i < hd; i++) st->q16[i] = 0;
    }
    st->cc = (int64_t)edgellm__rshru((uint32_t)c.m, 31 - a->cb);
    st->sh = -(c.e + 31 - a->cb);
    st->umax = EDGELLM__I32MIN;
    st->emax = -128;
    st->sum = 0;
    for (i = 0; i < hd; i++) st->acc[i] = 0;
}
/* scores of positions [t, n): u_t = shift_sat(dot_t * m8_t * cc, sh - e_t), in log2 units, Q16 */
static void edgellm__head_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    const int16_t *q16 = st->q16;
    int32_t *u = st->u, umax = st->umax, sh = st->sh;
    int64_t cc = st->cc;
    uint32_t n = a->n, hd = a->hd;
    size_t step = a->c.step, sstep = a->c.sstep;
    const uint8_t *kp = edgellm__kv_k(a, kh) + t * step, *ksc = edgellm__kv_ks(a, kh) + t * sstep;
    int wide = a->c.wide;
    for (; t < n; t++, kp += step, ksc += sstep) {
        int64_t dot = wide ? edgellm__dot_q16_k16(q16, (const int16_t *)(const void *)kp, hd)
                           : edgellm__dot_q16_k8(q16, (const int8_t *)kp, hd);
        int32_t v = edgellm__shift_sat(dot * ksc[0] * cc, sh - (int8_t)ksc[1]);
        u[t] = v;
        if (v > umax) umax = v;
    }
    st->umax = umax;
}
/* exp2 weights of positions [t, n), their sum, and emax over the V scales */
static void edgellm__head_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    int32_t *u = st->u, umax = st->umax, emax = st->emax;
    uint64_t sum = st->sum;
    uint32_t n = a->n;
    size_t sstep = a->c.sstep;
    const uint8_t *vsc = edgellm__kv_vs(a, kh) + t * sstep;
    for (; t < n; t++, vsc += sstep) {
        uint32_t w = edgellm__exp2(edgellm__sat32((int64_t)u[t] - umax));
        u[t] = (int32_t)w;
        sum += w;
        if (w && vsc[0] && (int8_t)vsc[1] > emax) emax = (int8_t)vsc[1];
    }
    st->sum = sum;
    st->emax = emax;
}
/* weighted sum of V over positions [t, n): w_t * m8_t * 2^(e_t - emax - 8) (< 2^31), times the values */
static void edgellm__head_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh, uint32_t t) {
    const int32_t *u = st->u;
    int64_t *acc = st->acc;
    int32_t emax = st->emax;
    uint32_t n = a->n, hd = a->hd;
    size_t step = a->c.step, sstep = a->c.sstep;
    const uint8_t *vp = edgellm__kv_v(a, kh) + t * step, *vsc = edgellm__kv_vs(a, kh) + t * sstep;
    int wide = a->c.wide;
    for (; t < n; t++, vp += step, vsc += sstep) {
        int32_t w = (int32_t)edgellm__rshru((uint64_t)(uint32_t)u[t] * vsc[0], emax - (int8_t)vsc[1] + 8);
        if (!w) continue;
        if (wide) edgellm__axpy_v16(acc, w, (const int16_t *)(const void *)vp, hd);
        else edgellm__axpy_v8(acc, w, (const int8_t *)vp, hd);
    }
}
/* the head's output: the V sums over the weights' sum, in Q16 */
static void edgellm__head_out(const edgellm__attn *a, const edgellm__head *st, int32_t *out) {
    edgellm__pf so = edgellm__pf_shift(edgellm__pf_mul(edgellm__pf_recip(edgellm__pf_norm(st->sum, 0)), a->rq), st->emax + 8);
    uint32_t i;
    for (i = 0; i < a->hd; i++) out[i] = edgellm__apply64(st->acc[i], so);
}

/* query head h: scores against every position, exp2 weights, the weighted sum of V; each
   loop starts where its accelerated form (if any) stopped */
static void edgellm__attend(const edgellm__attn *a, edgellm__head *st, uint32_t h) {
    uint32_t kh = h / a->group;
    edgellm__head_init(a, st, a->q + h * a->hd);
    edgellm__head_scores(a, st, kh, edgellm__fast_scores(a, st, kh));
    edgellm__head_exp(a, st, kh, edgellm__fast_exp(a, st, kh));
    edgellm__head_vsum(a, st, kh, edgellm__fast_vsum(a, st, kh));
    edgellm__head_out(a, st, a->out + h * a->hd);
}

/* attention of layer l at position pos (every earlier position and itself) */
static void edgellm__attention(edgellm_ctx *ctx, uint32_t l, uint32_t pos, const int32_t *q, int32_t *out) {
    const edgellm_model *m = ctx->model;
    uint8_t *mem = ctx->mem;
    edgellm__attn a;
    edgellm__head st;
    uint32_t h, done;
    edgellm__cache_of(ctx, l, &a.c);
    a.q = q;
    a.out = out;
    a.n = pos + 1u;
    a.hd = m->head_size;
    a.n_heads = m->n_heads;
    a.group = m->n_heads / m->n_kv_heads;
    a.p32767 = edgellm__pf_norm(32767, 0);
    a.r32767 = edgellm__pf_recip(a.p32767);
    a.rq = a.c.wide ? a.r32767 : edgellm__pf_recip(edgellm__pf_norm(127u, 0));
    a.c0 = edgellm__pf_mul(edgellm__pf_mul(edgellm__l2e(), edgellm__pf_rsqrt(edgellm__pf_norm(a.hd, 0))), a.rq);
    a.cb = 62 - edgellm__bitlen64((uint64_t)32767u * (a.c.wide ? 32767u : 127u) * a.hd * 255u);
    a.q16 = (int16_t *)(void *)(mem + ctx->off[EDGELLM__Q16]);
    a.u = (int32_t *)(void *)(mem + ctx->off[EDGELLM__ATTW]);
    a.acc = (int64_t *)(void *)(mem + ctx->off[EDGELLM__HACC]);
    a.spare = (int32_t *)(void *)(mem + ctx->off[EDGELLM__SAMP]);
    a.spare_len = 2u * m->vocab;
    st.q16 = a.q16;
    st.u = a.u;
    st.acc = a.acc;
    for (h = 0; h < a.n_heads; h += done) {
        done = edgellm__fast_heads(&a, h);   /* heads h, h+1, ... in one pass (0: none) */
        if (done == 0) {
            edgellm__attend(&a, &st, h);
            done = 1;
        }
    }
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
    int8_t *xq;           /* the int8 input of the next matrix, xq_len bytes */
    uint32_t xq_len;
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
    b->xq = (int8_t *)(mem + ctx->off[EDGELLM__XQ]);
    b->xq_len = edgellm__xq_len(ctx->model);
}

/* x = the embedding row of token (Q16) */
static void edgellm__embed(const edgellm_model *m, uint32_t token, int32_t *x) {
    edgellm_matrix emb;
    edgellm__pf s;
    uint32_t i;
    edgellm__embedding(m, &emb);
    s = edgellm__pf_shift(edgellm__scale_at(emb.scales, token), 16);
    for (i = 0; i < m->dim; i++) x[i] = edgellm__apply(edgellm__weight(&emb, token, i), s);
}

/* One position: the token's embedding through every layer, then the logits (manual,
   INTEGER ARITHMETIC: "One step"). S16 is a matrix input's scale times 2^16, so that the
   matrix outputs come out in Q16. */
static int edgellm__forward(edgellm_ctx *ctx, uint32_t token) {
    const edgellm_model *m = ctx->model;
    uint32_t pos = ctx->pos, l;
    edgellm__bufs b;
    edgellm__layer L;
    edgellm__pf s16;
    int r;

    edgellm__bufs_of(ctx, &b);
    edgellm__embed(m, token, b.x);
    for (l = 0; l < m->n_layers; l++) {
        edgellm__layer_of(m, l, &L);

        /* attention: x += Wo attention(RoPE(Wq xn), RoPE(Wk xn), Wv xn), xn = RMSNorm(x) */
        s16 = edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, L.attn_norm, b.scratch, b.xq, b.xq_len), 16);
        if ((r = edgellm__mv(ctx, L.wq, b.xq, s16, b.q)) != EDGELLM_OK) return r;
        if ((r = edgellm__mv(ctx, L.wk, b.xq, s16, b.k)) != EDGELLM_OK) return r;
        if ((r = edgellm__mv(ctx, L.wv, b.xq, s16, b.v)) != EDGELLM_OK) return r;
        edgellm__rope(m, b.q, m->n_heads, pos);
        edgellm__rope(m, b.k, m->n_kv_heads, pos);
        edgellm__cache_store(ctx, l, pos, b.k, b.v);
        edgellm__attention(ctx, l, pos, b.q, b.att);
        s16 = edgellm__quant8(b.att, m->dim, b.xq, b.xq_len);
        if ((r = edgellm__mv(ctx, L.wo, b.xq, s16, b.out)) != EDGELLM_OK) return r;
        edgellm__residual(b.x, b.out, m->dim);

        /* feed-forward: x += W2 act(W1 xn) (* W3 xn when gated), xn = RMSNorm(x) */
        s16 = edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, L.ffn_norm, b.scratch, b.xq, b.xq_len), 16);
        if ((r = edgellm__mv(ctx, L.w1, b.xq, s16, b.h1)) != EDGELLM_OK) return r;
        if (L.gated && (r = edgellm__mv(ctx, L.w3, b.xq, s16, b.h3)) != EDGELLM_OK) return r;
        edgellm__ffn_act(m, b.h1, L.gated ? b.h3 : 0);
        s16 = edgellm__quant8(b.h1, m->hidden, b.xq, b.xq_len);
        if ((r = edgellm__mv(ctx, L.w2, b.xq, s16, b.out)) != EDGELLM_OK) return r;
        edgellm__residual(b.x, b.out, m->dim);
    }
    /* logits = Wcls RMSNorm(x) */
    s16 = edgellm__pf_shift(edgellm__rmsnorm8(m, b.x, edgellm__final_norm(m), b.scratch, b.xq, b.xq_len), 16);
    return edgellm__mv(ctx, edgellm__head_matrix(m), b.xq, s16, ctx->logits);
}

EDGELLM_API int edgellm_feed(edgellm_ctx *ctx, uint32_t token) {
    int r;
    if (!ctx) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    if (token >= ctx->model->vocab) return EDGELLM_ERR_TOKEN;
    if (ctx->pos >= ctx->n_ctx) return EDGELLM_ERR_CONTEXT_FULL;
    r = edgellm__forward(ctx, token);
    if (r != EDGELLM_OK) return r;
    ctx->pos++;
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
static void edgellm__sift(const uint32_t *w, uint32_t *idx, uint32_t root, uint32_t n) {
    for (;;) {
        uint32_t c = 2u * root + 1u;
        if (c >= n) return;
        /* min-heap on the order, so that heap sort leaves idx in (w desc, id asc) order */
        if (c + 1u < n && edgellm__before(w, idx[c], idx[c + 1u])) c++;
        if (!edgellm__before(w, idx[root], idx[c])) return;
        { uint32_t t = idx[c]; idx[c] = idx[root]; idx[root] = t; }
        root = c;
    }
}

EDGELLM_API int edgellm_sample(edgellm_ctx *ctx, edgellm_sampler *s, uint32_t *token) {
    const int32_t *l;
    uint32_t *w, *idx, n, i, lmax = 0, kept, rnd;
    uint64_t sum = 0, target, cum = 0;
    edgellm__pf c;
    int sorted;
    if (!ctx || !s || !token) return EDGELLM_ERR_ARG;
    if (!edgellm__ctx_ok(ctx)) return EDGELLM_ERR_STATE;
    l = ctx->logits;
    n = ctx->model->vocab;
    if (s->temperature == 0) return edgellm_argmax(l, n, token);
    w = (uint32_t *)(void *)(ctx->mem + ctx->off[EDGELLM__SAMP]);
    idx = w + n;
    edgellm_argmax(l, n, &lmax);
    c = edgellm__pf_mul(edgellm__l2e(), edgellm__pf_recip(edgellm__pf_norm(s->temperature, -16)));
    for (i = 0; i < n; i++) w[i] = edgellm__exp2(edgellm__apply(edgellm__sat32((int64_t)l[i] - l[lmax]), c));
    kept = (s->top_k == 0 || s->top_k >= n) ? n : s->top_k;
    sorted = kept < n || s->top_p < 65536u;
    if (sorted) {
        uint32_t cand = 0;
        if (kept == n) {
            /* top-p alone: a token with w * n < (1 - p) * total can never be in the nucleus
               (everything before it sums to < p * total and nothing after it is larger), so
               only the others are sorted; the result is the same as sorting all. */
            uint64_t total = 0;
            for (i = 0; i < n; i++) total += w[i];
            for (i = 0; i < n; i++)
                if ((uint64_t)w[i] * n * 65536u >= (uint64_t)(65536u - s->top_p) * total) idx[cand++] = i;
        } else {
            for (i = 0; i < n; i++) idx[i] = i;
            cand = n;
        }
        for (i = cand / 2u; i-- > 0;) edgellm__sift(w, idx, i, cand);
        for (i = cand; i-- > 1;) {
            uint32_t t = idx[0]; idx[0] = idx[i]; idx[i] = t;
            edgellm__sift(w, idx, 0, i);
        }
        if (kept > cand) kept = cand;
        if (s->top_p < 65536u) {
            uint64_t total = 0, pre = 0;
            if (cand < n) for (i = 0; i < n; i++) total += w[i];
            else for (i = 0; i < kept; i++) total += w[idx[i]];
            for (i = 0; i < kept; i++) {
                pre += w[idx[i]];
                if (pre * 65536u >= (uint64_t)s->top_p * total) break;
            }
            kept = i < kept ? i + 1u : kept;
        }
        for (i = 0; i < kept; i++) sum += w[idx[i]];
    } else {
        for (i = 0; i < n; i++) sum += w[i];
    }
    rnd = edgellm_rng_u32(&s->rng);
    target = (uint64_t)rnd * (sum >> 32) + (((uint64_t)rnd * (sum & 0xFFFFFFFFu)) >> 32);
    for (i = 0; i < kept; i++) {
        uint32_t id = sorted ? idx[i] : i;
        cum += w[id];
        if (cum > target) { *token = id; return EDGELLM_OK; }
    }
    *token = sorted ? idx[kept - 1u] : kept - 1u;   /* unreachable: target < sum */
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
    const __m256i nib = _mm256_set1_epi8(0x0F), ones16 = _mm256_set1_epi16(1);
    __m256i acc[4], xs[4];
    __m128i h;
    uint32_t b;
    int r, k;
    for (r = 0; r < 4; r++) acc[r] = _mm256_setzero_si256();
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
            __m256i lo = _mm256_and_si256(v, nib), hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib), s16;
            s16 = _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut0, lo), xs[0]);
            s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut1, lo), xs[1]));
            s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut0, hi), xs[2]));
            s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(_mm256_shuffle_epi8(lut1, hi), xs[3]));
            acc[r] = _mm256_add_epi32(acc[r], _mm256_madd_epi16(s16, ones16));
        }
    }
    acc[0] = _mm256_hadd_epi32(_mm256_hadd_epi32(acc[0], acc[1]), _mm256_hadd_epi32(acc[2], acc[3]));
    h = _mm_sub_epi32(_mm_add_epi32(_mm256_castsi256_si128(acc[0]), _mm256_extracti128_si256(acc[0], 1)), _mm_set1_epi32(sx));
    _mm_storeu_si128((__m128i *)(void *)y, h);
}

/* every row of a matrix: INT8 and T2 rows four at a time, then one at a time; T1 rows
   unpacked per block and summed with the INT8 dot */
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

/* requantization of matrix outputs, quant8 */

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
/* q_i = clamp(apply(v_i, r), -127, 127) for i in [0, n) in groups of eight, when r.m is
   normalized and -62 <= r.e <= -1 (else none); returns the entries done */
static uint32_t edgellm__scale8_avx2(const int32_t *v, uint32_t n, edgellm__pf r, int8_t *q) {
    const __m256i m = _mm256_set1_epi64x(r.m), s = _mm256_set1_epi64x(-(int64_t)r.e);
    uint32_t i = 0;
    int k;
    if (r.m < (1 << 30) || r.e < -62 || r.e > -1) return 0;
    for (; i + 8u <= n; i += 8) {
        __m256i v8 = _mm256_loadu_si256((const __m256i *)(const void *)(v + i));
        __m128i h[2], p;
        for (k = 0; k < 2; k++)   /* sat32(rshr(v * m, -e)); the packs below saturate to int16, then int8 */
            h[k] = edgellm__pack4_avx2(edgellm__rshr_sat_avx2(
                _mm256_mul_epi32(_mm256_cvtepi32_epi64(k ? _mm256_extracti128_si256(v8, 1) : _mm256_castsi256_si128(v8)), m), s));
        p = _mm_packs_epi32(h[0], h[1]);
        p = _mm_max_epi16(_mm_min_epi16(p, _mm_set1_epi16(127)), _mm_set1_epi16(-127));   /* the clamp to +-127 */
        _mm_storel_epi64((__m128i *)(void *)(q + i), _mm_packs_epi16(p, p));
    }
    return i;
}

/* y_r <- apply(y_r, mul(s16, scale_r)) for rows [0, rows) in groups of four whose combined
   exponents are all in -62..-1 (every other group, and the rest, go to the reference loop);
   returns the rows done. s16.m and every nonzero file mantissa are in [2^30, 2^31), so the
   product has 61 or 62 bits as in edgellm__pf_mul. */
static uint32_t edgellm__requant_avx2(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16) {
    const __m256i one = _mm256_set1_epi64x(1), zero = _mm256_setzero_si256(), top = _mm256_set1_epi64x((int64_t)1 << 31);
    const __m256i am = _mm256_set1_epi64x(s16.m), ae = _mm256_set1_epi64x((int64_t)s16.e + 30), m62 = _mm256_set1_epi64x(-63);
    const __m256i split = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    uint32_t r = 0;
    if (s16.m < (1 << 30) || s16.e < -(1 << 28) || s16.e > (1 << 28)) return 0;
    for (; r + 4u <= rows; r += 4) {
        __m256i sc = _mm256_permutevar8x32_epi32(_mm256_loadu_si256((const __m256i *)(const void *)(scales + r)), split);
        __m256i bm = _mm256_cvtepu32_epi64(_mm256_castsi256_si128(sc));        /* mult (>= 0) */
        __m256i bs = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(sc, 1));   /* shift */
        __m256i bz = _mm256_cmpeq_epi64(bm, zero);                              /* zero scale: 0 */
        __m256i p = _mm256_mul_epu32(am, bm), big = _mm256_srli_epi64(p, 61), e, m, a;
        /* file shift s means e = -s; e of the product = s16.e - s + L - 31, L = 61 + big */
        e = _mm256_sub_epi64(_mm256_add_epi64(ae, big), bs);
        m = _mm256_srli_epi64(_mm256_add_epi64(_mm256_srlv_epi64(p, _mm256_add_epi64(big, _mm256_set1_epi64x(29))), one), 1);
        {   /* a rounded mantissa of 2^31 becomes 2^30 with e + 1 */
            __m256i ov = _mm256_cmpeq_epi64(m, top);
            m = _mm256_blendv_epi8(m, _mm256_srli_epi64(m, 1), ov);
            e = _mm256_sub_epi64(e, ov);
        }
        /* every nonzero-scale lane needs -62 <= e <= -1 */
        if (_mm256_movemask_epi8(_mm256_or_si256(bz, _mm256_and_si256(_mm256_cmpgt_epi64(e, m62), _mm256_cmpgt_epi64(zero, e)))) != -1) break;
        a = _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)(y + r))), m);
        a = _mm256_andnot_si256(bz, edgellm__rshr_sat_avx2(a, _mm256_sub_epi64(zero, e)));
        _mm_storeu_si128((__m128i *)(void *)(y + r), edgellm__pack4_avx2(a));
    }
    return r;
}

/* attention: the three per-position loops of a head (scores, exp2 weights, V sums), and
   both heads of a kv head in one pass when the head size is 8 */

/* acc_i += w * v_i, four lanes at a time (w < 2^31, |v| < 2^15: exact 64-bit products) */
static void edgellm__axpy_v16_avx2(int64_t *acc, int32_t w, const int16_t *v, uint32_t n) {
    uint32_t i = 0;
    __m256i wb = _mm256_set1_epi32(w);
    for (; i + 4u <= n; i += 4) {
        __m256i v4 = _mm256_cvtepi16_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(v + i)));
        __m256i a = _mm256_loadu_si256((const __m256i *)(void *)(acc + i));
        _mm256_storeu_si256((__m256i *)(void *)(acc + i), _mm256_add_epi64(a, _mm256_mul_epi32(wb, v4)));
    }
    for (; i < n; i++) acc[i] += (int64_t)w * v[i];
}
static void edgellm__axpy_v8_avx2(int64_t *acc, int32_t w, const int8_t *v, uint32_t n) {
    uint32_t i = 0;
    __m256i wb = _mm256_set1_epi32(w);
    for (; i + 4u <= n; i += 4) {
        __m256i v4 = _mm256_cvtepi8_epi64(_mm_cvtsi32_si128(edgellm__rdi32((const uint8_t *)v + i)));
        __m256i a = _mm256_loadu_si256((const __m256i *)(void *)(acc + i));
        _mm256_storeu_si256((__m256i *)(void *)(acc + i), _mm256_add_epi64(a, _mm256_mul_epi32(wb, v4)));
    }
    for (; i < n; i++) acc[i] += (int64_t)w * v[i];
}

/* dot_t of four positions (head size n, a multiple of 8) as four int64 lanes. Products of
   values in [-32767, 32767] pair up without overflowing int32 (madd); sums widen to int64. */
static __m256i edgellm__dots4_avx2(const int16_t *q, const uint8_t *kp, size_t kstep, uint32_t n, int wide) {
    __m256i s[4], a, b;
    int j;
    for (j = 0; j < 4; j++) {
        const uint8_t *k = kp + (size_t)j * kstep;
        uint32_t i;
        s[j] = _mm256_setzero_si256();
        for (i = 0; i < n; i += 8) {
            __m128i kk = wide ? _mm_loadu_si128((const __m128i *)(const void *)(k + 2u * i))
                              : _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(k + i)));
            __m128i p = _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(const void *)(q + i)), kk);
            s[j] = _mm256_add_epi64(s[j], _mm256_cvtepi32_epi64(p));
        }
    }
    a = _mm256_add_epi64(_mm256_unpacklo_epi64(s[0], s[1]), _mm256_unpackhi_epi64(s[0], s[1]));
    b = _mm256_add_epi64(_mm256_unpacklo_epi64(s[2], s[3]), _mm256_unpackhi_epi64(s[2], s[3]));
    return _mm256_add_epi64(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}
/* K rows of positions t..t+3 for head size 8 as int16: positions 0, 1 in k[0], 2, 3 in k[1] */
static void edgellm__k4_h8_avx2(const uint8_t *kp, size_t kstep, int wide, __m256i *k) {
    if (wide) {
        k[0] = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)kp)),
                                       _mm_loadu_si128((const __m128i *)(const void *)(kp + kstep)), 1);
        k[1] = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)(kp + 2u * kstep))),
                                       _mm_loadu_si128((const __m128i *)(const void *)(kp + 3u * kstep)), 1);
    } else {
        k[0] = _mm256_cvtepi8_epi16(_mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)kp),
                                                       _mm_loadl_epi64((const __m128i *)(const void *)(kp + kstep))));
        k[1] = _mm256_cvtepi8_epi16(_mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)(kp + 2u * kstep)),
                                                       _mm_loadl_epi64((const __m128i *)(const void *)(kp + 3u * kstep))));
    }
}
/* dot_t of those four positions with the query q2 (8 int16 in both 128-bit halves) */
static __m256i edgellm__dots4_h8_avx2(__m256i q2, const __m256i *k) {
    __m256i p01 = _mm256_madd_epi16(q2, k[0]), p23 = _mm256_madd_epi16(q2, k[1]), a, b;   /* 4 pair sums a position */
    __m256i s0 = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(p01)), s1 = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(p01, 1));
    __m256i s2 = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(p23)), s3 = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(p23, 1));
    a = _mm256_add_epi64(_mm256_unpacklo_epi64(s0, s1), _mm256_unpackhi_epi64(s0, s1));
    b = _mm256_add_epi64(_mm256_unpacklo_epi64(s2, s3), _mm256_unpackhi_epi64(s2, s3));
    return _mm256_add_epi64(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}

/* the K or V scales (m8, e) of positions t..t+3 (stride sstep bytes) in the top 16 bits of
   four lanes: 32-bit loads from 2 bytes before each pair. The V cache precedes the K scales
   and the K scales precede the V scales in the arena, so every load stays inside it. */
static __m128i edgellm__sc4_avx2(const uint8_t *sc, size_t sstep) {
    return _mm_i32gather_epi32((const int *)(const void *)(sc - 2), _mm_mullo_epi32(_mm_setr_epi32(0, 1, 2, 3), _mm_set1_epi32((int32_t)sstep)), 1);
}
/* shifts sh - e_t of four positions from their gathered scales g; 0 unless all are in 1..62 */
static int edgellm__shifts4_avx2(__m128i g, int32_t sh, __m128i *s4) {
    *s4 = _mm_sub_epi32(_mm_set1_epi32(sh), _mm_srai_epi32(g, 24));
    return _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi32(*s4, _mm_setzero_si128()), _mm_cmplt_epi32(*s4, _mm_set1_epi32(63)))) == 0xFFFF;
}
/* u_t = shift_sat(dot_t * m8_t * cc, s_t) of four positions (dots d, scales g, shifts s4 in
   1..62) as four int32 */
static __m128i edgellm__score4_avx2(__m256i d, __m128i g, int64_t cc, __m128i s4) {
    __m256i m = _mm256_mul_epu32(_mm256_cvtepu32_epi64(_mm_and_si128(_mm_srli_epi32(g, 16), _mm_set1_epi32(255))),
                                 _mm256_set1_epi64x(cc));   /* m8 * cc < 2^39 */
    __m256i p;
    /* the low 64 bits of dot * m (exact: |dot * m| < 2^62) */
    p = _mm256_add_epi64(_mm256_mul_epu32(d, m),
                         _mm256_slli_epi64(_mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(d, 32), m),
                                                            _mm256_mul_epu32(d, _mm256_srli_epi64(m, 32))), 32));
    return edgellm__pack4_avx2(edgellm__rshr_sat_avx2(p, _mm256_cvtepi32_epi64(s4)));
}
static int32_t edgellm__hmax4_avx2(__m128i mx) {
    mx = _mm_max_epi32(mx, _mm_shuffle_epi32(mx, 0x4E));
    mx = _mm_max_epi32(mx, _mm_shuffle_epi32(mx, 0xB1));
    return _mm_cvtsi128_si32(mx);
}

/* u_t = shift_sat(dot_t * m8_t * cc, sh - e_t) for t in [0, n) in groups of four, where every
   shift of the group is in 1..62; returns the positions done, the maximum in *umax. */
static uint32_t edgellm__scores_avx2(const int16_t *q, const uint8_t *kp, size_t kstep, const uint8_t *sc, size_t sstep,
                                     uint32_t n, uint32_t hd, int wide, int64_t cc, int32_t sh, int32_t *u, int32_t *umax) {
    const __m256i q2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)q));
    __m128i mx = _mm_set1_epi32(*umax);
    uint32_t t = 0;
    if (sstep > 0x7FFFFFFu / 4u) return 0;   /* gather offsets are int32 */
    for (; t + 4u <= n; t += 4, kp += 4u * kstep, sc += 4u * sstep) {
        __m128i g = edgellm__sc4_avx2(sc, sstep), s4, r4;
        __m256i d, k[2];
        if (!edgellm__shifts4_avx2(g, sh, &s4)) break;
        if (hd == 8u) {
            edgellm__k4_h8_avx2(kp, kstep, wide, k);
            d = edgellm__dots4_h8_avx2(q2, k);
        } else {
            d = edgellm__dots4_avx2(q, kp, kstep, hd, wide);
        }
        r4 = edgellm__score4_avx2(d, g, cc, s4);
        _mm_storeu_si128((__m128i *)(void *)(u + t), r4);
        mx = _mm_max_epi32(mx, r4);
    }
    *umax = edgellm__hmax4_avx2(mx);
    return t;
}

/* the same for two query heads of head size 8 that share a kv head (one pass over K) */
static uint32_t edgellm__scores2_h8_avx2(const int16_t *qa, const int16_t *qb, const uint8_t *kp, size_t kstep, const uint8_t *sc,
                                         size_t sstep, uint32_t n, int wide, const int64_t *cc, const int32_t *sh,
                                         int32_t *ua, int32_t *ub, int32_t *umax) {
    const __m256i qa2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)qa));
    const __m256i qb2 = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)qb));
    __m128i mxa = _mm_set1_epi32(umax[0]), mxb = _mm_set1_epi32(umax[1]);
    uint32_t t = 0;
    if (sstep > 0x7FFFFFFu / 4u) return 0;
    for (; t + 4u <= n; t += 4, kp += 4u * kstep, sc += 4u * sstep) {
        __m128i g = edgellm__sc4_avx2(sc, sstep), sa, sb, r4;
        __m256i k[2];
        if (!edgellm__shifts4_avx2(g, sh[0], &sa) || !edgellm__shifts4_avx2(g, sh[1], &sb)) break;
        edgellm__k4_h8_avx2(kp, kstep, wide, k);
        r4 = edgellm__score4_avx2(edgellm__dots4_h8_avx2(qa2, k), g, cc[0], sa);
        _mm_storeu_si128((__m128i *)(void *)(ua + t), r4);
        mxa = _mm_max_epi32(mxa, r4);
        r4 = edgellm__score4_avx2(edgellm__dots4_h8_avx2(qb2, k), g, cc[1], sb);
        _mm_storeu_si128((__m128i *)(void *)(ub + t), r4);
        mxb = _mm_max_epi32(mxb, r4);
    }
    umax[0] = edgellm__hmax4_avx2(mxa);
    umax[1] = edgellm__hmax4_avx2(mxb);
    return t;
}

/* the V scales (m8, e) of positions t..t+7 (stride sstep bytes) in the top 16 bits of eight
   lanes: 32-bit loads from 2 bytes before each pair (the K scales precede the V scales in
   the arena, so every load stays inside it) */
static __m256i edgellm__vsc8_avx2(const uint8_t *sc, size_t sstep) {
    const __m256i idx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int32_t)sstep));
    return _mm256_i32gather_epi32((const int *)(const void *)(sc - 2), idx, 1);
}

/* exp2(-n) of the manual (Q30) for eight n in [0, 2^31], with the f = 0 case folded in:
   the table product for fraction 0 is exactly 2^30 */
static __m256i edgellm__exp2n_avx2(__m256i nn) {
    const __m256i ffff = _mm256_set1_epi32(0xFFFF), ff = _mm256_set1_epi32(255), one = _mm256_set1_epi32(1);
    const __m256i one64 = _mm256_set1_epi64x(1), s31 = _mm256_set1_epi32(31), zero = _mm256_setzero_si256();
    __m256i f = _mm256_and_si256(nn, ffff), g = _mm256_and_si256(_mm256_sub_epi32(zero, f), ffff);
    __m256i s = _mm256_add_epi32(_mm256_srli_epi32(nn, 16), _mm256_add_epi32(one, _mm256_cmpeq_epi32(f, zero)));
    __m256i th = _mm256_i32gather_epi32((const int *)(const void *)edgellm__exp2_hi, _mm256_srli_epi32(g, 8), 4);
    __m256i tl = _mm256_i32gather_epi32((const int *)(const void *)edgellm__exp2_lo, _mm256_and_si256(g, ff), 4);
    __m256i pe = _mm256_mul_epu32(th, tl), po = _mm256_mul_epu32(_mm256_srli_epi64(th, 32), _mm256_srli_epi64(tl, 32));
    __m256i p, w;
    pe = _mm256_srli_epi64(_mm256_add_epi64(_mm256_srli_epi64(pe, 29), one64), 1);   /* < 2^31 */
    po = _mm256_srli_epi64(_mm256_add_epi64(_mm256_srli_epi64(po, 29), one64), 1);
    p = _mm256_or_si256(pe, _mm256_slli_epi64(po, 32));
    w = _mm256_srli_epi32(_mm256_add_epi32(_mm256_srlv_epi32(p, _mm256_sub_epi32(s, one)), one), 1);
    w = _mm256_blendv_epi8(w, p, _mm256_cmpeq_epi32(s, zero));
    return _mm256_andnot_si256(_mm256_cmpgt_epi32(s, s31), w);
}

/* u_t <- exp2(sat32(u_t - umax)) for t in [0, n) in groups of eight, summed into *sum, and
   *emax raised to e_t where w_t > 0 and m8_t > 0 (V scales sc, stride sstep); returns the
   positions done. */
static uint32_t edgellm__exp2_avx2(int32_t *u, uint32_t n, int32_t umax, uint64_t *sum,
                                   const uint8_t *sc, size_t sstep, int32_t *emax) {
    const __m256i um = _mm256_set1_epi32(umax), lim = _mm256_set1_epi32((int32_t)0x80000000u), zero = _mm256_setzero_si256();
    const __m256i m8mask = _mm256_set1_epi32(0xFF0000);
    __m256i acc = zero, em = _mm256_set1_epi32(*emax);
    __m128i h;
    uint32_t t = 0;
    if (sstep > 0x7FFFFFFu / 8u) return 0;   /* gather offsets are int32 */
    for (; t + 8u <= n; t += 8, sc += 8u * sstep) {
        __m256i w = edgellm__exp2n_avx2(_mm256_min_epu32(_mm256_sub_epi32(um, _mm256_loadu_si256((const __m256i *)(const void *)(u + t))), lim));
        _mm256_storeu_si256((__m256i *)(void *)(u + t), w);
        acc = _mm256_add_epi64(acc, _mm256_cvtepu32_epi64(_mm256_castsi256_si128(w)));
        acc = _mm256_add_epi64(acc, _mm256_cvtepu32_epi64(_mm256_extracti128_si256(w, 1)));
        {   /* e_t where w_t > 0 and m8_t > 0 */
            __m256i v = edgellm__vsc8_avx2(sc, sstep);
            __m256i off = _mm256_or_si256(_mm256_cmpeq_epi32(w, zero), _mm256_cmpeq_epi32(_mm256_and_si256(v, m8mask), zero));
            em = _mm256_max_epi32(em, _mm256_blendv_epi8(_mm256_srai_epi32(v, 24), em, off));
        }
    }
    *emax = edgellm__hmax4_avx2(_mm_max_epi32(_mm256_castsi256_si128(em), _mm256_extracti128_si256(em, 1)));
    h = _mm_add_epi64(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    *sum += (uint64_t)_mm_cvtsi128_si64(h) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(h, h));
    return t;
}

/* the V weights rshru(w_t * m8_t, emax - e_t + 8) of positions t..t+3 (w = u + t, gathered V
   scales g) as four int64 lanes. A nonzero product has emax >= e_t, so its shift is >= 8; a
   zero product gives 0 with every shift, as in the reference loop. */
static __m256i edgellm__vw4_avx2(const int32_t *w, __m128i g, int32_t emax) {
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i m8 = _mm256_cvtepu32_epi64(_mm_and_si128(_mm_srli_epi32(g, 16), _mm_set1_epi32(255)));
    __m256i s = _mm256_cvtepi32_epi64(_mm_sub_epi32(_mm_set1_epi32(emax + 8), _mm_srai_epi32(g, 24)));
    __m256i a = _mm256_mul_epu32(_mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)(const void *)w)), m8);
    return _mm256_srli_epi64(_mm256_add_epi64(_mm256_srlv_epi64(a, _mm256_sub_epi64(s, one)), one), 1);
}
/* a V row of head size 8 as two int64 quadruples */
static void edgellm__v8_avx2(const uint8_t *v, int wide, __m256i *x) {
    __m128i r = wide ? _mm_loadu_si128((const __m128i *)(const void *)v) : _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)v));
    x[0] = _mm256_cvtepi16_epi64(r);
    x[1] = _mm256_cvtepi16_epi64(_mm_srli_si128(r, 8));
}
static __m256i edgellm__lane_avx2(__m256i w4, int j) {
    switch (j) {
    case 0: return _mm256_permute4x64_epi64(w4, 0x00);
    case 1: return _mm256_permute4x64_epi64(w4, 0x55);
    case 2: return _mm256_permute4x64_epi64(w4, 0xAA);
    default: return _mm256_permute4x64_epi64(w4, 0xFF);
    }
}

/* acc_i += sum over t in [0, n) of the V weight of t times v_t,i, in groups of four
   positions; returns the positions done. The u_t (exp2 weights) are read, not changed. */
static uint32_t edgellm__vsum_avx2(int64_t *acc, const int32_t *u, uint32_t n, const uint8_t *sc, size_t sstep, int32_t emax,
                                   const uint8_t *vp, size_t kstep, uint32_t hd, int wide) {
    uint32_t t = 0;
    int j;
    if (sstep > 0x7FFFFFFu / 4u) return 0;   /* gather offsets are int32 */
    if (hd == 8u) {   /* the accumulators stay in registers */
        __m256i a0 = _mm256_loadu_si256((const __m256i *)(const void *)acc), a1 = _mm256_loadu_si256((const __m256i *)(const void *)(acc + 4));
        for (; t + 4u <= n; t += 4, sc += 4u * sstep, vp += 4u * kstep) {
            __m256i w4 = edgellm__vw4_avx2(u + t, edgellm__sc4_avx2(sc, sstep), emax);
            for (j = 0; j < 4; j++) {
                __m256i x[2], w = edgellm__lane_avx2(w4, j);
                edgellm__v8_avx2(vp + (size_t)j * kstep, wide, x);
                a0 = _mm256_add_epi64(a0, _mm256_mul_epi32(w, x[0]));
                a1 = _mm256_add_epi64(a1, _mm256_mul_epi32(w, x[1]));
            }
        }
        _mm256_storeu_si256((__m256i *)(void *)acc, a0);
        _mm256_storeu_si256((__m256i *)(void *)(acc + 4), a1);
        return t;
    }
    for (; t + 4u <= n; t += 4, sc += 4u * sstep) {
        int64_t w[4];
        _mm256_storeu_si256((__m256i *)(void *)w, edgellm__vw4_avx2(u + t, edgellm__sc4_avx2(sc, sstep), emax));
        for (j = 0; j < 4; j++, vp += kstep) {
            if (!w[j]) continue;
            if (wide) edgellm__axpy_v16_avx2(acc, (int32_t)w[j], (const int16_t *)(const void *)vp, hd);
            else edgellm__axpy_v8_avx2(acc, (int32_t)w[j], (const int8_t *)vp, hd);
        }
    }
    return t;
}

/* the same for two query heads of head size 8 that share a kv head (one pass over V) */
static uint32_t edgellm__vsum2_h8_avx2(int64_t *acca, int64_t *accb, const int32_t *ua, const int32_t *ub, uint32_t n,
                                       const uint8_t *sc, size_t sstep, const int32_t *emax, const uint8_t *vp, size_t kstep, int wide) {
    __m256i a0 = _mm256_loadu_si256((const __m256i *)(const void *)acca), a1 = _mm256_loadu_si256((const __m256i *)(const void *)(acca + 4));
    __m256i b0 = _mm256_loadu_si256((const __m256i *)(const void *)accb), b1 = _mm256_loadu_si256((const __m256i *)(const void *)(accb + 4));
    uint32_t t = 0;
    int j;
    if (sstep > 0x7FFFFFFu / 4u) return 0;
    for (; t + 4u <= n; t += 4, sc += 4u * sstep, vp += 4u * kstep) {
        __m128i g = edgellm__sc4_avx2(sc, sstep);
        __m256i wa = edgellm__vw4_avx2(ua + t, g, emax[0]), wb = edgellm__vw4_avx2(ub + t, g, emax[1]);
        for (j = 0; j < 4; j++) {
            __m256i x[2], w = edgellm__lane_avx2(wa, j), v = edgellm__lane_avx2(wb, j);
            edgellm__v8_avx2(vp + (size_t)j * kstep, wide, x);
            a0 = _mm256_add_epi64(a0, _mm256_mul_epi32(w, x[0]));
            a1 = _mm256_add_epi64(a1, _mm256_mul_epi32(w, x[1]));
            b0 = _mm256_add_epi64(b0, _mm256_mul_epi32(v, x[0]));
            b1 = _mm256_add_epi64(b1, _mm256_mul_epi32(v, x[1]));
        }
    }
    _mm256_storeu_si256((__m256i *)(void *)acca, a0);
    _mm256_storeu_si256((__m256i *)(void *)(acca + 4), a1);
    _mm256_storeu_si256((__m256i *)(void *)accb, b0);
    _mm256_storeu_si256((__m256i *)(void *)(accb + 4), b1);
    return t;
}

/* h_i <- SiLU(h_i), times g_i (Q16) when g is given, for i in [0, n) in groups of eight;
   returns the entries done. The quotient floor((2^30 + floor(D/2)) / D), D in
   [2^15, 2^16], is computed in double: both operands are exact and a non-integer
   quotient is at least 2^-17 from an integer, far above the rounding error. */
static uint32_t edgellm__silu_avx2(int32_t *h, const int32_t *g, uint32_t n) {
    const __m256i zero = _mm256_setzero_si256(), imax = _mm256_set1_epi32(EDGELLM__I32MAX), l2e = _mm256_set1_epi64x(1549082005);
    const __m256i b30 = _mm256_set1_epi64x((int64_t)1 << 29), one = _mm256_set1_epi32(1), c32768 = _mm256_set1_epi32(32768);
    const __m256i hi = _mm256_set1_epi64x(EDGELLM__I32MAX), sh15 = _mm256_set1_epi64x(15), sh16 = _mm256_set1_epi64x(16);
    uint32_t i = 0;
    int k;
    for (; i + 8u <= n; i += 8) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(h + i));
        __m256i ax = _mm256_min_epu32(_mm256_abs_epi32(x), imax), e[2], t, d, sig;
        __m128i r[2];
        for (k = 0; k < 2; k++) {   /* apply(ax, L2E): rshr(ax * L2E.m, 30) >= 0, saturated */
            __m256i a = _mm256_mul_epu32(_mm256_cvtepu32_epi64(k ? _mm256_extracti128_si256(ax, 1) : _mm256_castsi256_si128(ax)), l2e);
            a = _mm256_srli_epi64(_mm256_add_epi64(a, b30), 30);
            e[k] = _mm256_blendv_epi8(a, hi, _mm256_cmpgt_epi64(a, hi));
        }
        t = edgellm__exp2n_avx2(_mm256_inserti128_si256(_mm256_castsi128_si256(edgellm__pack4_avx2(e[0])), edgellm__pack4_avx2(e[1]), 1));
        d = _mm256_add_epi32(c32768, _mm256_srli_epi32(_mm256_add_epi32(_mm256_srli_epi32(t, 14), one), 1));
        {
            __m256i num = _mm256_add_epi32(_mm256_set1_epi32(1 << 30), _mm256_srli_epi32(d, 1));
            __m128i q0 = _mm256_cvttpd_epi32(_mm256_div_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(num)), _mm256_cvtepi32_pd(_mm256_castsi256_si128(d))));
            __m128i q1 = _mm256_cvttpd_epi32(_mm256_div_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(num, 1)), _mm256_cvtepi32_pd(_mm256_extracti128_si256(d, 1))));
            sig = _mm256_inserti128_si256(_mm256_castsi128_si256(q0), q1, 1);
        }
        sig = _mm256_blendv_epi8(sig, _mm256_sub_epi32(c32768, sig), _mm256_cmpgt_epi32(zero, x));
        for (k = 0; k < 2; k++) {   /* sat32(rshr(x * sig, 15)), then the gate sat32(rshr(a * g, 16)) */
            __m256i a = edgellm__rshr_sat_avx2(_mm256_mul_epi32(_mm256_cvtepi32_epi64(k ? _mm256_extracti128_si256(x, 1) : _mm256_castsi256_si128(x)),
                                                                _mm256_cvtepi32_epi64(k ? _mm256_extracti128_si256(sig, 1) : _mm256_castsi256_si128(sig))), sh15);
            if (g) a = edgellm__rshr_sat_avx2(_mm256_mul_epi32(a, _mm256_cvtepi32_epi64(_mm_loadu_si128((const __m128i *)(const void *)(g + i + 4u * (uint32_t)k)))), sh16);
            r[k] = edgellm__pack4_avx2(a);
        }
        _mm256_storeu_si256((__m256i *)(void *)(h + i), _mm256_inserti128_si256(_mm256_castsi128_si256(r[0]), r[1], 1));
    }
    return i;
}

/* query heads h and h + 1 in one pass over K and V when they share a kv head and the head
   size is 8 (the second head's weights in the spare scratch); returns the heads done */
static uint32_t edgellm__heads2_avx2(const edgellm__attn *a, uint32_t h) {
    uint32_t kh = h / a->group, t, ta, tb;
    const uint8_t *kp = edgellm__kv_k(a, kh), *vp = edgellm__kv_v(a, kh), *ksc = edgellm__kv_ks(a, kh), *vsc = edgellm__kv_vs(a, kh);
    size_t step = a->c.step, sstep = a->c.sstep;
    edgellm__head sa, sb;
    int16_t qb[8];
    int64_t accb[8], cc[2];
    int32_t sh[2], mx[2], em[2];
    if (a->hd != 8u || h + 1u >= a->n_heads || (h + 1u) / a->group != kh || a->n > a->spare_len) return 0;
    sa.q16 = a->q16;
    sa.u = a->u;
    sa.acc = a->acc;
    sb.q16 = qb;
    sb.u = a->spare;
    sb.acc = accb;
    edgellm__head_init(a, &sa, a->q + h * 8u);
    edgellm__head_init(a, &sb, a->q + (h + 1u) * 8u);
    cc[0] = sa.cc; cc[1] = sb.cc; sh[0] = sa.sh; sh[1] = sb.sh; mx[0] = sa.umax; mx[1] = sb.umax;
    t = edgellm__scores2_h8_avx2(sa.q16, sb.q16, kp, step, ksc, sstep, a->n, a->c.wide, cc, sh, sa.u, sb.u, mx);
    sa.umax = mx[0];
    sb.umax = mx[1];
    edgellm__head_scores(a, &sa, kh, t);
    edgellm__head_scores(a, &sb, kh, t);
    ta = edgellm__exp2_avx2(sa.u, a->n, sa.umax, &sa.sum, vsc, sstep, &sa.emax);
    edgellm__head_exp(a, &sa, kh, ta);
    tb = edgellm__exp2_avx2(sb.u, a->n, sb.umax, &sb.sum, vsc, sstep, &sb.emax);
    edgellm__head_exp(a, &sb, kh, tb);
    em[0] = sa.emax;
    em[1] = sb.emax;
    t = edgellm__vsum2_h8_avx2(sa.acc, sb.acc, sa.u, sb.u, a->n, vsc, sstep, em, vp, step, a->c.wide);
    edgellm__head_vsum(a, &sa, kh, t);
    edgellm__head_vsum(a, &sb, kh, t);
    edgellm__head_out(a, &sa, a->out + h * 8u);
    edgellm__head_out(a, &sb, a->out + (h + 1u) * 8u);
    return 2;
}
#endif /* EDGELLM__AVX2 */

#if defined(EDGELLM__SCALAR)
/* ---------------------------------------------------------------- scalar cores
   RISC-V, Cortex-M, MicroBlaze, ...: loops blocked so that each value loaded serves
   several rows or accumulators (no vector unit; few registers). */

/* four rows of an INT8 matrix at once, four columns a step, so that each x is loaded once
   for four rows (n a multiple of 16); the same int32 sums as edgellm__dot_i8 */
static void edgellm__dot4_i8_scalar(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
    const int8_t *w0 = w, *w1 = w + stride, *w2 = w1 + stride, *w3 = w2 + stride, *end = x + n;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (; x < end; x += 4, w0 += 4, w1 += 4, w2 += 4, w3 += 4) {
        int32_t x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
        a0 += w0[0] * x0 + w0[1] * x1 + w0[2] * x2 + w0[3] * x3;
        a1 += w1[0] * x0 + w1[1] * x1 + w1[2] * x2 + w1[3] * x3;
        a2 += w2[0] * x0 + w2[1] * x1 + w2[2] * x2 + w2[3] * x3;
        a3 += w3[0] * x0 + w3[1] * x1 + w3[2] * x2 + w3[3] * x3;
    }
    y[0] = a0;
    y[1] = a1;
    y[2] = a2;
    y[3] = a3;
}

static void edgellm__dot4_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y);

/* INT8 rows four at a time (edgellm__dot4_i8: with SMLAD where the core has it) */
static uint32_t edgellm__rows_scalar(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    uint32_t r = 0;
    if (m->type != EDGELLM_WT_I8) return 0;
    for (; r + 4u <= m->rows; r += 4)
        edgellm__dot4_i8((const int8_t *)(m->data + (size_t)r * m->stride), m->stride, x, m->cols_pad, y + r);
    return r;
}

/* acc[0..1] += sum over n positions of w[t] * v[t * vstep + 0..1]: two accumulators in
   registers */
static void edgellm__vsum2(int64_t *acc, const int32_t *w, uint32_t n, const uint8_t *v, size_t vstep, int wide) {
    int64_t a0 = acc[0], a1 = acc[1];
    const int32_t *end = w + n;
    if (wide) {
        for (; w < end; w++, v += vstep)
            if (*w) {
                a0 += (int64_t)*w * ((const int16_t *)(const void *)v)[0];
                a1 += (int64_t)*w * ((const int16_t *)(const void *)v)[1];
            }
    } else {
        for (; w < end; w++, v += vstep)
            if (*w) {
                a0 += (int64_t)*w * ((const int8_t *)v)[0];
                a1 += (int64_t)*w * ((const int8_t *)v)[1];
            }
    }
    acc[0] = a0;
    acc[1] = a1;
}

/* a head's V sums: the weights first (in place: w_t * m8_t * 2^(e_t - emax - 8)), then
   two accumulators at a time over every position; returns the positions done (all) */
static uint32_t edgellm__vsum_scalar(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
    uint32_t i, n = a->n, hd = a->hd;
    size_t step = a->c.step, sstep = a->c.sstep;
    const uint8_t *vp = edgellm__kv_v(a, kh), *sc = edgellm__kv_vs(a, kh);
    int32_t *u = st->u, emax = st->emax;
    for (i = 0; i < n; i++, sc += sstep)
        u[i] = (int32_t)edgellm__rshru((uint64_t)(uint32_t)u[i] * sc[0], emax - (int8_t)sc[1] + 8);
    for (i = 0; i < hd; i += 2) edgellm__vsum2(st->acc + i, u, n, vp + i * a->c.eb, step, a->c.wide);   /* hd is even */
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

/* matrix rows (edgellm_matvec_ref) */
static uint32_t edgellm__fast_rows(const edgellm_matrix *m, const int8_t *x, int32_t *y) {
#if defined(EDGELLM__AVX2)
    return edgellm__rows_avx2(m, x, y);
#elif defined(EDGELLM__SCALAR)
    return edgellm__rows_scalar(m, x, y);
#else
    (void)m; (void)x; (void)y;
    return 0;
#endif
}
#if defined(EDGELLM__SCALAR)
/* four INT8 rows at once on scalar cores (edgellm__rows_scalar) */
static void edgellm__dot4_i8(const int8_t *w, size_t stride, const int8_t *x, uint32_t n, int32_t *y) {
#if defined(EDGELLM__ARM_DSP)
    (void)edgellm__dot4_i8_scalar;   /* unused where the core has SMLAD */
    edgellm__dot4_i8_dsp(w, stride, x, n, y);
#else
    edgellm__dot4_i8_scalar(w, stride, x, n, y);
#endif
}
#endif
/* the requantization of matrix outputs (edgellm__mv) */
static uint32_t edgellm__fast_requant(int32_t *y, uint32_t rows, const edgellm_scale *scales, edgellm__pf s16) {
#if defined(EDGELLM__AVX2)
    return edgellm__requant_avx2(y, rows, scales, s16);
#else
    (void)y; (void)rows; (void)scales; (void)s16;
    return 0;
#endif
}
/* quant8's scaling to int8 */
static uint32_t edgellm__fast_quant8(const int32_t *v, uint32_t n, edgellm__pf r, int8_t *q) {
#if defined(EDGELLM__AVX2)
    return edgellm__scale8_avx2(v, n, r, q);
#else
    (void)v; (void)n; (void)r; (void)q;
    return 0;
#endif
}
/* SiLU and the gate (edgellm__ffn_act) */
static uint32_t edgellm__fast_silu(int32_t *h, const int32_t *g, uint32_t n) {
#if defined(EDGELLM__AVX2)
    return edgellm__silu_avx2(h, g, n);
#else
    (void)h; (void)g; (void)n;
    return 0;
#endif
}
/* several query heads in one pass (edgellm__attention) */
static uint32_t edgellm__fast_heads(const edgellm__attn *a, uint32_t h) {
#if defined(EDGELLM__AVX2)
    return edgellm__heads2_avx2(a, h);
#else
    (void)a; (void)h;
    return 0;
#endif
}
/* a head's scores (edgellm__head_scores) */
static uint32_t edgellm__fast_scores(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    if ((a->hd & 7u) != 0) return 0;
    return edgellm__scores_avx2(st->q16, edgellm__kv_k(a, kh), a->c.step, edgellm__kv_ks(a, kh), a->c.sstep, a->n, a->hd,
                                a->c.wide, st->cc, st->sh, st->u, &st->umax);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* a head's exp2 weights (edgellm__head_exp) */
static uint32_t edgellm__fast_exp(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    return edgellm__exp2_avx2(st->u, a->n, st->umax, &st->sum, edgellm__kv_vs(a, kh), a->c.sstep, &st->emax);
#else
    (void)a; (void)st; (void)kh;
    return 0;
#endif
}
/* a head's V sums (edgellm__head_vsum) */
static uint32_t edgellm__fast_vsum(const edgellm__attn *a, edgellm__head *st, uint32_t kh) {
#if defined(EDGELLM__AVX2)
    return edgellm__vsum_avx2(st->acc, st->u, a->n, edgellm__kv_vs(a, kh), a->c.sstep, st->emax, edgellm__kv_v(a, kh),
                              a->c.step, a->hd, a->c.wide);
#elif defined(EDGELLM__SCALAR)
    return edgellm__vsum_scalar(a, st, kh);
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
