/* test_badinput.c - edgellm.h against bad input: truncated, corrupted and malformed model
   files, invalid API arguments, and arena bounds.

   Build (host, C11; tests/badinput/run.sh builds it plainly and with ASan+UBSan):
       cc -std=c11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
          tests/badinput/test_badinput.c -lm -o build/test_badinput
   Run:
       build/test_badinput [MODEL_DIR]

   The models are built in memory with examples/modelwrite.h from fixed-seed random weights
   (llama-style BPE vocabulary of 300 with byte tokens, dim 16, hidden 40, 2 layers, 4 heads,
   2 KV heads, seq_len 32, in T2, T1 and I8, gated or not, tied or separate head, some with
   the 16-bit KV cache; a bytes-tokenizer model; and two tiny models for the loops that
   visit every byte), each kept in an exactly sized heap buffer so that ASan sees any
   over-read. MODEL_DIR is optional: when it (or MODEL_DIR/models) holds the llama2.c
   checkpoint stories260K.bin + tok512.bin, that model is converted in memory by the
   converter's own reader (examples/convert.c; I8, and T2 with a 16-bit KV cache); *.elm
   files in MODEL_DIR are used too. Each real model gets a sampled truncation / bit-flip /
   mutation pass. Without MODEL_DIR that pass is skipped, and counted as a skip.

   Every check names the exact result code it expects. One line is printed per failing
   check; the last line is always "test_badinput: N passed, M failed[, 1 skipped]" and the
   exit status is 1 when M > 0. Set EDGELLM_TEST_VERBOSE=1 to also print per-group counts and times.

   Groups:
     crc          edgellm_crc32 against the zlib check value and an independent bitwise CRC
     prefix       every prefix (0 .. size-1 bytes) of three models, and prefixes at every
                  section boundary of the others: ERR_TRUNCATED; the whole file: OK
     flip         xor 0x01 and 0x80 at every byte of the two tiny models (CRC not fixed):
                    magic -> ERR_MAGIC, version -> ERR_VERSION,
                    file_size field -> ERR_TRUNCATED when the new value exceeds the buffer,
                                       ERR_HEADER when it drops below 128,
                                       ERR_CHECKSUM when it shrinks but stays >= 128,
                    any other byte -> ERR_CHECKSUM
     header, shape, offset, tensor_type, tensor_shape, weights, scale, tokenizer
                  single edits with the CRC recomputed, so the structural checks are reached
     api          NULL arguments, state, arena size/alignment, tokens, context, prefill,
                  encode/decode buffers, backends
     guard        feed/sample runs in an exactly sized arena between 0xA5 guard bytes
     fuzz         20000 random mutations (1-4 bytes) and truncations, CRC fixed half of the
                  time: the loader accepts exactly the files that the manual's independent
                  reading (tests/fuzz/fuzz_common.h, fz_spec_check) accepts, with a
                  documented code; a model that loads runs with exact codes (ctx_size and
                  init on an exact arena, every position of a context of up to 8 fed, the
                  next refused, sample, token_piece) and encodes a text into the tokens of
                  the manual's rules (fz_ref_encode). Two checks: all iterations as
                  expected (each failing one printed), and at least 5% of them loaded.
     shared       the optional MODEL_DIR pass, its mutations checked like the fuzz group's
*/
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the converter's llama2.c reader (it includes the engine, modelwrite.h and hostio.h), and
   the checks the fuzz harnesses share: result codes, the manual's reading of a model file,
   the manual's encoding rules */
#define CONVERT_NO_MAIN
#include "../../examples/convert.c"
#include "../fuzz/fuzz_common.h"

#define FUZZ_ITERS 20000u
#define SHARED_MAX_FILES 4
#define SHARED_MAX_BYTES (64u << 20)
#define GUARD 64u

/* ------------------------------------------------------------------ checks */

enum { G_CRC, G_PREFIX, G_FLIP, G_HEADER, G_SHAPE, G_OFFSET, G_TTYPE, G_TSHAPE, G_WEIGHTS, G_SCALE,
       G_TOKENIZER, G_API, G_GUARD, G_FUZZ, G_SHARED, G_COUNT };
static const char *const group_name[G_COUNT] = {
    "crc", "prefix", "flip", "header", "shape", "offset", "tensor_type", "tensor_shape", "weights",
    "scale", "tokenizer", "api", "guard", "fuzz", "shared"};
static unsigned long g_pass[G_COUNT], g_fail[G_COUNT];
static int g_group;

static void vreport(const char *fmt, va_list ap) {
    printf("FAIL [%s] ", group_name[g_group]);
    vprintf(fmt, ap);
}

/* one check: an exact result code */
static int check_code(int expected, int got, const char *fmt, ...) {
    va_list ap;
    if (expected == got) { g_pass[g_group]++; return 1; }
    g_fail[g_group]++;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    printf(": expected %s (%d), got %s (%d)\n", fz_name(expected), expected, fz_name(got), got);
    return 0;
}

static void pass_one(void) { g_pass[g_group]++; }

/* with EDGELLM_TEST_VERBOSE set: CPU seconds since the previous call, per step */
static void lap(const char *what) {
    static clock_t last;
    clock_t now = clock();
    if (getenv("EDGELLM_TEST_VERBOSE") && what) printf("  %-22s %6.2f s\n", what, (double)(now - last) / CLOCKS_PER_SEC);
    last = now;
}

/* one check: a condition; fmt describes the expectation and the value seen */
static int check_true(int cond, const char *fmt, ...) {
    va_list ap;
    if (cond) { g_pass[g_group]++; return 1; }
    g_fail[g_group]++;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    printf("\n");
    return 0;
}

/* ------------------------------------------------------------------ byte helpers */

static uint32_t get32(const uint8_t *p, size_t off) {
    return (uint32_t)p[off] | ((uint32_t)p[off + 1] << 8) | ((uint32_t)p[off + 2] << 16) |
           ((uint32_t)p[off + 3] << 24);
}
static void put32(uint8_t *p, size_t off, uint32_t v) {
    p[off] = (uint8_t)v;
    p[off + 1] = (uint8_t)(v >> 8);
    p[off + 2] = (uint8_t)(v >> 16);
    p[off + 3] = (uint8_t)(v >> 24);
}

/* header fields (MODEL FILE FORMAT) */
enum {
    H_MAGIC = 0, H_VERSION = 4, H_FILE_SIZE = 8, H_CRC = 12, H_HEADER_SIZE = 16, H_FLAGS = 20,
    H_DIM = 24, H_HIDDEN = 28, H_LAYERS = 32, H_HEADS = 36, H_KV_HEADS = 40, H_VOCAB = 44,
    H_SEQ_LEN = 48, H_NORM_EPS = 52, H_ROPE_OFF = 56, H_TOK_OFF = 60, H_TOK_SIZE = 64,
    H_DIR_OFF = 68, H_N_TENSORS = 72, H_RESERVED = 76, H_SIZE = 128
};
/* directory entry fields, 8 u32 = 32 bytes per entry */
enum { D_TYPE, D_ROWS, D_COLS, D_DATA_OFF, D_DATA_SIZE, D_SCALE_OFF, D_SCALE_SIZE, D_RESERVED, D_ENTRY = 32 };
/* tokenizer section fields (byte offsets from tok_off) */
enum { T_KIND = 0, T_BOS = 4, T_EOS = 8, T_BYTE_BASE = 12, T_MAX_LEN = 16, T_N = 20, T_BLOB_SIZE = 24,
       T_RESERVED = 28, T_OFFS = 32 };
/* tensor slots inside one layer, in directory order */
enum { S_ATT_NORM, S_WQ, S_WK, S_WV, S_WO, S_FFN_NORM, S_W1, S_W2, S_W3 };

static uint32_t hdr(const uint8_t *f, size_t field) { return get32(f, field); }
static size_t dir_at(const uint8_t *f, uint32_t t, unsigned field) {
    return (size_t)hdr(f, H_DIR_OFF) + (size_t)D_ENTRY * t + 4u * field;
}
static uint32_t dir_get(const uint8_t *f, uint32_t t, unsigned field) { return get32(f, dir_at(f, t, field)); }
static void dir_set(uint8_t *f, uint32_t t, unsigned field, uint32_t v) { put32(f, dir_at(f, t, field), v); }

static size_t tok_at(const uint8_t *f, size_t field) { return (size_t)hdr(f, H_TOK_OFF) + field; }
static uint32_t tok_n(const uint8_t *f) { return get32(f, tok_at(f, T_N)); }
static size_t tok_offs_at(const uint8_t *f, uint32_t i) { return tok_at(f, T_OFFS) + 4u * (size_t)i; }
static size_t tok_score_at(const uint8_t *f, uint32_t i) { return tok_offs_at(f, tok_n(f) + 1u) + 4u * (size_t)i; }
static size_t tok_sorted_at(const uint8_t *f, uint32_t i) { return tok_score_at(f, tok_n(f)) + 4u * (size_t)i; }
static size_t tok_blob_at(const uint8_t *f) { return tok_sorted_at(f, tok_n(f)); }
static size_t piece_at(const uint8_t *f, uint32_t id) { return tok_blob_at(f) + get32(f, tok_offs_at(f, id)); }

/* the loader's checksum: CRC-32 of [0, file_size) with bytes 12..15 zero, stored at 12 */
static void fix_crc(uint8_t *f, size_t n) {
    uint32_t fs;
    if (n < 16) return;
    put32(f, H_CRC, 0);
    fs = hdr(f, H_FILE_SIZE);
    put32(f, H_CRC, edgellm_crc32(f, fs < n ? fs : n));
}

/* ------------------------------------------------------------------ PRNG (fixed seeds) */

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static uint32_t rnd32(uint64_t *s) { return (uint32_t)(splitmix(s) >> 32); }
static uint32_t rndn(uint64_t *s, uint32_t n) { return n ? (uint32_t)(((uint64_t)rnd32(s) * n) >> 32) : 0; }
static float frand(uint64_t *s) { return (float)((double)(splitmix(s) >> 11) / 4503599627370496.0 - 1.0); }

/* ------------------------------------------------------------------ test models */

typedef struct tmodel {
    char name[40];
    uint8_t *p;
    size_t n;
    int wtype, gated, sep, act, kind, kv16;
    uint32_t dim, hidden, layers, heads, kv_heads, vocab, seq_len;
} tmodel;

enum { DIM = 16, HIDDEN = 40, LAYERS = 2, HEADS = 4, KV_HEADS = 2, SEQ = 32, LLAMA_VOCAB = 300, BYTES_VOCAB = 95 };

/* dimensions of a test model; the standard ones above, or the tiny ones used where every
   byte of a file is visited (flip, fuzz) */
typedef struct dims { uint32_t dim, hidden, layers, heads, kv_heads, vocab, seq_len; } dims;
static const dims STD_LLAMA = {DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, LLAMA_VOCAB, SEQ};
static const dims STD_BYTES = {DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, BYTES_VOCAB, SEQ};
static const dims TINY_LLAMA = {8, 12, 1, 2, 1, 40, 8};     /* no byte tokens: vocab < 259 */
static const dims TINY_BYTES = {8, 12, 1, 2, 1, 40, 8};

static uint32_t t_per(const tmodel *m) { return m->gated ? 9u : 8u; }
static uint32_t t_layer(const tmodel *m, uint32_t l, uint32_t slot) { return 1u + l * t_per(m) + slot; }
static uint32_t t_final(const tmodel *m) { return 1u + m->layers * t_per(m); }
static uint32_t t_head(const tmodel *m) { return t_final(m) + 1u; }   /* separate head only */
static uint32_t t_count(const tmodel *m) { return t_final(m) + 1u + (m->sep ? 1u : 0u); }

static uint32_t stride_of(uint32_t type, uint32_t cols) {
    switch (type) {
    case EDGELLM_WT_T2: return (cols + 63u) / 64u * 16u;
    case EDGELLM_WT_T1: return (cols + 79u) / 80u * 16u;
    default: return (cols + 15u) / 16u * 16u;
    }
}

/* byte j of row r of tensor t */
static size_t wbyte_at(const uint8_t *f, uint32_t t, uint32_t r, uint32_t j) {
    return (size_t)dir_get(f, t, D_DATA_OFF) + (size_t)r * stride_of(dir_get(f, t, D_TYPE), dir_get(f, t, D_COLS)) + j;
}
static size_t scale_at(const uint8_t *f, uint32_t t, uint32_t r) { return (size_t)dir_get(f, t, D_SCALE_OFF) + 8u * r; }

static void fill(float *v, size_t n, float amp, float bias, uint64_t *s) {
    size_t i;
    for (i = 0; i < n; i++) v[i] = bias + amp * frand(s);
}

/* llama2-style vocabulary: <unk> <s> </s>, <0x00>..<0xFF> at 3..258, " ", a..z, merges
   (vocab 300); the tiny one drops the byte tokens: <unk> <s> </s> " " a..z, merges (vocab 40).
   Bytes vocabulary: piece i is the byte 0x20 + i. */
static const char *const merges[14] = {"he", "el", "ll", "lo", "hel", "hell", "hello", " hello",
                                       "wo", "wor", "worl", "world", " world", "in"};

static int build_model(tmodel *tm, const dims *dm, int wtype, int gated, int sep, int act, int kind, int kv16, uint64_t seed) {
    elm_float_model fm;
    elm_write_options o;
    uint32_t V = dm->vocab, L = dm->layers, D = dm->dim, H = dm->hidden;
    uint32_t kvd = dm->kv_heads * (dm->dim / dm->heads), i, nbytes = V >= 259u ? 256u : 0u;
    float *emb, *an, *wq, *wk, *wv, *wo, *fn, *w1, *w2, *w3, *fin, *cls, *scores;
    unsigned char (*pc)[8] = malloc((size_t)V * 8);
    const unsigned char **pieces = malloc(sizeof *pieces * V);
    int *plen = malloc(sizeof *plen * V);
    char err[256];
    int r;
    uint64_t s = seed;

    memset(tm, 0, sizeof *tm);
    tm->wtype = wtype; tm->gated = gated; tm->sep = sep; tm->act = act; tm->kind = kind; tm->kv16 = kv16;
    tm->dim = D; tm->hidden = H; tm->layers = L; tm->heads = dm->heads; tm->kv_heads = dm->kv_heads;
    tm->vocab = V; tm->seq_len = dm->seq_len;
    snprintf(tm->name, sizeof tm->name, "%s%s/%s/%s/%s/%s%s", D < DIM ? "tiny-" : "", kind == ELM_TOK_BYTES ? "bytes" : "llama",
             wtype == ELM_WT_T2 ? "T2" : wtype == ELM_WT_T1 ? "T1" : "I8", gated ? "gated" : "plain",
             sep ? "head" : "tied", act == 0 ? "silu" : act == 1 ? "relu" : "relu2", kv16 ? "/kv16" : "");

    emb = malloc(sizeof(float) * V * D);
    an = malloc(sizeof(float) * L * D);
    wq = malloc(sizeof(float) * L * D * D);
    wk = malloc(sizeof(float) * L * kvd * D);
    wv = malloc(sizeof(float) * L * kvd * D);
    wo = malloc(sizeof(float) * L * D * D);
    fn = malloc(sizeof(float) * L * D);
    w1 = malloc(sizeof(float) * L * H * D);
    w2 = malloc(sizeof(float) * L * D * H);
    w3 = malloc(sizeof(float) * L * H * D);
    fin = malloc(sizeof(float) * D);
    cls = malloc(sizeof(float) * V * D);
    scores = malloc(sizeof(float) * V);
    if (!pc || !pieces || !plen || !emb || !an || !wq || !wk || !wv || !wo || !fn || !w1 || !w2 || !w3 ||
        !fin || !cls || !scores) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    fill(emb, (size_t)V * D, 1.0f, 0, &s);
    fill(an, (size_t)L * D, 0.2f, 1.0f, &s);
    fill(wq, (size_t)L * D * D, 0.5f, 0, &s);
    fill(wk, (size_t)L * kvd * D, 0.5f, 0, &s);
    fill(wv, (size_t)L * kvd * D, 0.5f, 0, &s);
    fill(wo, (size_t)L * D * D, 0.5f, 0, &s);
    fill(fn, (size_t)L * D, 0.2f, 1.0f, &s);
    fill(w1, (size_t)L * H * D, 0.5f, 0, &s);
    fill(w2, (size_t)L * D * H, 0.5f, 0, &s);
    fill(w3, (size_t)L * H * D, 0.5f, 0, &s);
    fill(fin, D, 0.2f, 1.0f, &s);
    fill(cls, (size_t)V * D, 1.0f, 0, &s);

    for (i = 0; i < V; i++) {
        const char *t = NULL;
        char tmp[8];
        if (kind == ELM_TOK_BYTES) {
            pc[i][0] = (unsigned char)(0x20 + i);
            plen[i] = 1;
            scores[i] = -1e30f;
        } else {
            if (i == 0) t = "<unk>";
            else if (i == 1) t = "<s>";
            else if (i == 2) t = "</s>";
            else if (i < 3u + nbytes) { snprintf(tmp, sizeof tmp, "<0x%02X>", i - 3); t = tmp; }
            else if (i == 3u + nbytes) t = " ";
            else if (i < 30u + nbytes) { tmp[0] = (char)('a' + (i - 4u - nbytes)); tmp[1] = 0; t = tmp; }
            else t = merges[(i - 30u - nbytes) % 14u];
            plen[i] = (int)strlen(t);
            memcpy(pc[i], t, (size_t)plen[i]);
            scores[i] = i >= 30u + nbytes ? (float)plen[i] : (i >= 3u + nbytes ? -1000.0f : 0.0f);
        }
        pieces[i] = pc[i];
    }

    memset(&fm, 0, sizeof fm);
    fm.dim = (int)D; fm.hidden = (int)H; fm.n_layers = (int)L; fm.n_heads = (int)dm->heads;
    fm.n_kv_heads = (int)dm->kv_heads; fm.vocab = (int)V; fm.seq_len = (int)dm->seq_len; fm.ffn_act = act; fm.gated = gated;
    fm.rope_theta = 10000.0f; fm.norm_eps = 1e-5f;
    fm.tok_emb = emb; fm.att_norm = an; fm.wq = wq; fm.wk = wk; fm.wv = wv; fm.wo = wo; fm.ffn_norm = fn;
    fm.w1 = w1; fm.w2 = w2; fm.w3 = gated ? w3 : NULL; fm.final_norm = fin; fm.wcls = sep ? cls : NULL;
    fm.tok_kind = kind; fm.pieces = pieces; fm.piece_len = plen;
    fm.scores = kind == ELM_TOK_BYTES ? NULL : scores;
    fm.bos = kind == ELM_TOK_BYTES ? -1 : 1;
    fm.eos = kind == ELM_TOK_BYTES ? -1 : 2;
    memset(&o, 0, sizeof o);
    o.wtype = wtype;
    o.ternary_per_tensor = 0;
    o.kv16 = kv16;
    r = elm_write_model(&fm, &o, &tm->p, &tm->n, err);
    if (r != 0) fprintf(stderr, "model writer failed: %s\n", err);
    if (r == 0) {   /* the writer's buffer has spare capacity: keep an exactly sized copy */
        uint8_t *exact = malloc(tm->n);
        if (!exact) { fprintf(stderr, "out of memory\n"); exit(2); }
        memcpy(exact, tm->p, tm->n);
        free(tm->p);
        tm->p = exact;
    }
    free(pc); free(pieces); free(plen); free(emb); free(an); free(wq); free(wk); free(wv); free(wo);
    free(fn); free(w1); free(w2); free(w3); free(fin); free(cls); free(scores);
    return r;
}

/* ------------------------------------------------------------------ loading helpers */

static uint8_t *clone(const tmodel *m) {
    uint8_t *c = malloc(m->n);
    if (!c) { fprintf(stderr, "out of memory\n"); exit(2); }
    memcpy(c, m->p, m->n);
    return c;
}

/* loads the first n bytes of src from an exactly sized heap copy (ASan sees any over-read) */
static int load_copy(const uint8_t *src, size_t n) {
    static const uint8_t dummy = 0;
    edgellm_model mm;
    uint8_t *b = malloc(n);
    int r;
    if (!b && n) { fprintf(stderr, "out of memory\n"); exit(2); }
    if (n) memcpy(b, src, n);
    r = edgellm_model_load(&mm, b ? (const void *)b : (const void *)&dummy, n);
    free(b);
    return r;
}

/* loads edited clone f (n bytes, exactly sized) after recomputing its CRC; frees f */
static void expect_fixed(const tmodel *m, uint8_t *f, size_t n, int expected, const char *fmt, ...) {
    edgellm_model mm;
    char desc[200];
    va_list ap;
    int r;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    fix_crc(f, n);
    r = edgellm_model_load(&mm, f, n);
    check_code(expected, r, "%s: %s", m->name, desc);
    free(f);
}

/* single u32 edits at an absolute offset, with the CRC recomputed */
static void case_u32(const tmodel *m, size_t off, uint32_t v, int expected, const char *desc) {
    uint8_t *f = clone(m);
    put32(f, off, v);
    expect_fixed(m, f, m->n, expected, "%s (u32 at %zu := 0x%08X)", desc, off, v);
}
static void case_hdr(const tmodel *m, size_t field, uint32_t v, int expected, const char *desc) {
    case_u32(m, field, v, expected, desc);
}
static void case_dir(const tmodel *m, uint32_t t, unsigned field, uint32_t v, int expected, const char *desc) {
    uint8_t *f = clone(m);
    char d[160];
    snprintf(d, sizeof d, "tensor %u field %u: %s", t, field, desc);
    put32(f, dir_at(f, t, field), v);
    expect_fixed(m, f, m->n, expected, "%s (:= 0x%08X)", d, v);
}
static void case_tok(const tmodel *m, size_t field, uint32_t v, int expected, const char *desc) {
    case_u32(m, tok_at(m->p, field), v, expected, desc);
}
static void case_byte(const tmodel *m, size_t off, uint8_t v, int expected, const char *desc) {
    uint8_t *f = clone(m);
    f[off] = v;
    expect_fixed(m, f, m->n, expected, "%s (byte %zu := 0x%02X)", desc, off, v);
}

/* ------------------------------------------------------------------ arenas */

typedef struct arena {
    uint8_t *raw;     /* allocation */
    uint8_t *mem;     /* 16-aligned arena of `size` bytes, GUARD bytes of 0xA5 either side */
    size_t size;
} arena;

static void arena_make(arena *a, size_t size) {
    uintptr_t u;
    a->raw = malloc(size + 2u * GUARD + 15u);
    if (!a->raw) { fprintf(stderr, "out of memory\n"); exit(2); }
    u = ((uintptr_t)a->raw + 15u) & ~(uintptr_t)15u;
    a->mem = (uint8_t *)u + GUARD;
    a->size = size;
    memset(a->mem - GUARD, 0xA5, GUARD);
    memset(a->mem, 0x3C, size);
    memset(a->mem + size, 0xA5, GUARD);
}
static int arena_guards_ok(const arena *a) {
    size_t i;
    for (i = 0; i < GUARD; i++)
        if (a->mem[-(ptrdiff_t)GUARD + (ptrdiff_t)i] != 0xA5 || a->mem[a->size + i] != 0xA5) return 0;
    return 1;
}
static void arena_free(arena *a) { free(a->raw); a->raw = a->mem = NULL; }

/* ------------------------------------------------------------------ group: crc */

static uint32_t crc_bitwise(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= (i >= 12 && i < 16) ? 0u : p[i];
        for (k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void test_crc(tmodel *ms, int nm) {
    int i;
    g_group = G_CRC;
    check_true(edgellm_crc32("123456789", 9) == 0xCBF43926u, "edgellm_crc32(\"123456789\") = 0x%08X, expected 0xCBF43926",
               edgellm_crc32("123456789", 9));
    check_true(edgellm_crc32(NULL, 0) == 0u, "edgellm_crc32(NULL, 0) = 0x%08X, expected 0", edgellm_crc32(NULL, 0));
    for (i = 0; i < nm; i++) {
        uint32_t want = crc_bitwise(ms[i].p, ms[i].n);
        check_true(hdr(ms[i].p, H_N_TENSORS) == t_count(&ms[i]), "%s: n_tensors %u, the layout helpers expect %u",
                   ms[i].name, hdr(ms[i].p, H_N_TENSORS), t_count(&ms[i]));
        check_true(hdr(ms[i].p, H_CRC) == want && hdr(ms[i].p, H_FILE_SIZE) == ms[i].n,
                   "%s: stored crc 0x%08X / file_size %u, bitwise crc 0x%08X / %zu", ms[i].name,
                   hdr(ms[i].p, H_CRC), hdr(ms[i].p, H_FILE_SIZE), want, ms[i].n);
    }
}

/* ------------------------------------------------------------------ group: prefix */

static void prefix_one(const tmodel *m, size_t k) {
    if (k < m->n) check_code(EDGELLM_ERR_TRUNCATED, load_copy(m->p, k), "%s: prefix of %zu of %zu bytes", m->name, k, m->n);
}

/* every prefix (and the whole file) */
static void test_prefix_all(const tmodel *m) {
    size_t k;
    g_group = G_PREFIX;
    for (k = 0; k < m->n; k++) prefix_one(m, k);
    check_code(EDGELLM_OK, load_copy(m->p, m->n), "%s: whole file of %zu bytes", m->name, m->n);
}

/* prefixes at every section boundary (+-1), the first bytes, and some random lengths */
static void test_prefix_sampled(const tmodel *m, uint64_t seed) {
    const uint8_t *p = m->p;
    uint32_t t, nt = hdr(p, H_N_TENSORS), i;
    size_t k;
    int d;
    g_group = G_PREFIX;
    for (k = 0; k <= 20; k++) prefix_one(m, k);
    for (d = -1; d <= 1; d++) {
        prefix_one(m, (size_t)(H_SIZE + d));
        prefix_one(m, (size_t)((int64_t)hdr(p, H_DIR_OFF) + d));
        prefix_one(m, (size_t)((int64_t)hdr(p, H_ROPE_OFF) + d));
        prefix_one(m, (size_t)((int64_t)hdr(p, H_TOK_OFF) + d));
        prefix_one(m, (size_t)((int64_t)hdr(p, H_TOK_OFF) + hdr(p, H_TOK_SIZE) + d));
        for (t = 0; t < nt; t++) {
            prefix_one(m, (size_t)((int64_t)dir_get(p, t, D_DATA_OFF) + d));
            if (dir_get(p, t, D_SCALE_SIZE)) prefix_one(m, (size_t)((int64_t)dir_get(p, t, D_SCALE_OFF) + d));
        }
    }
    for (i = 0; i < 16; i++) prefix_one(m, rndn(&seed, (uint32_t)m->n));
    prefix_one(m, m->n - 1);
    check_code(EDGELLM_OK, load_copy(m->p, m->n), "%s: whole file of %zu bytes", m->name, m->n);
}

/* ------------------------------------------------------------------ group: flip */

static int flip_expect(size_t off, uint32_t new_fs, size_t n) {
    if (off < 4) return EDGELLM_ERR_MAGIC;
    if (off < 8) return EDGELLM_ERR_VERSION;
    if (off < 12) {
        if (new_fs < EDGELLM_HEADER_SIZE) return EDGELLM_ERR_HEADER;
        if (new_fs > n) return EDGELLM_ERR_TRUNCATED;
    }
    return EDGELLM_ERR_CHECKSUM;
}

static void test_flip(const tmodel *m) {
    static const uint8_t masks[2] = {0x01, 0x80};
    edgellm_model mm;
    uint8_t *f = clone(m);
    size_t off;
    int k;
    g_group = G_FLIP;
    for (off = 0; off < m->n; off++)
        for (k = 0; k < 2; k++) {
            int r, e;
            f[off] ^= masks[k];
            e = flip_expect(off, hdr(f, H_FILE_SIZE), m->n);
            r = edgellm_model_load(&mm, f, m->n);
            check_code(e, r, "%s: byte %zu ^ 0x%02X", m->name, off, masks[k]);
            f[off] ^= masks[k];
        }
    free(f);
}

/* ------------------------------------------------------------------ group: header */

static void test_header(const tmodel *m) {
    uint8_t *f;
    uint32_t b;
    size_t i;
    g_group = G_HEADER;
    case_hdr(m, H_MAGIC, 0x4D4C4446u, EDGELLM_ERR_MAGIC, "magic + 1");
    case_hdr(m, H_MAGIC, 0x454C444Du, EDGELLM_ERR_MAGIC, "magic byte-swapped");
    case_hdr(m, H_MAGIC, 0, EDGELLM_ERR_MAGIC, "magic 0");
    case_hdr(m, H_VERSION, 0, EDGELLM_ERR_VERSION, "version 0");
    case_hdr(m, H_VERSION, 1, EDGELLM_OK, "version 1 (the same layout: loads)");
    case_hdr(m, H_VERSION, 3, EDGELLM_ERR_VERSION, "version 3");
    case_hdr(m, H_VERSION, 0xFFFFFFFFu, EDGELLM_ERR_VERSION, "version 0xFFFFFFFF");
    case_hdr(m, H_VERSION, 0x02000000u, EDGELLM_ERR_VERSION, "version big-endian 2");
    case_hdr(m, H_VERSION, 0x01000000u, EDGELLM_ERR_VERSION, "version big-endian 1");
    case_hdr(m, H_HEADER_SIZE, 0, EDGELLM_ERR_HEADER, "header_size 0");
    case_hdr(m, H_HEADER_SIZE, 64, EDGELLM_ERR_HEADER, "header_size 64");
    case_hdr(m, H_HEADER_SIZE, 127, EDGELLM_ERR_HEADER, "header_size 127");
    case_hdr(m, H_HEADER_SIZE, 129, EDGELLM_ERR_HEADER, "header_size 129");
    case_hdr(m, H_HEADER_SIZE, 256, EDGELLM_ERR_HEADER, "header_size 256");
    case_hdr(m, H_HEADER_SIZE, 0xFFFFFFFFu, EDGELLM_ERR_HEADER, "header_size 0xFFFFFFFF");
    /* file_size: below the header size is a header error; beyond the buffer is truncation */
    case_hdr(m, H_FILE_SIZE, 0, EDGELLM_ERR_HEADER, "file_size 0");
    case_hdr(m, H_FILE_SIZE, 16, EDGELLM_ERR_HEADER, "file_size 16");
    case_hdr(m, H_FILE_SIZE, 127, EDGELLM_ERR_HEADER, "file_size 127");
    case_hdr(m, H_FILE_SIZE, (uint32_t)m->n + 1u, EDGELLM_ERR_TRUNCATED, "file_size = buffer + 1");
    case_hdr(m, H_FILE_SIZE, 0xFFFFFFFFu, EDGELLM_ERR_TRUNCATED, "file_size 0xFFFFFFFF");
    /* flags: every unknown bit (0-4 are defined), and activation 3 */
    for (b = 5; b < 32; b++) {
        char d[48];
        snprintf(d, sizeof d, "unknown flag bit %u", b);
        case_hdr(m, H_FLAGS, hdr(m->p, H_FLAGS) | (1u << b), EDGELLM_ERR_HEADER, d);
    }
    case_hdr(m, H_FLAGS, (hdr(m->p, H_FLAGS) & ~3u) | 3u, EDGELLM_ERR_HEADER, "activation 3");
    /* every reserved header byte */
    for (i = H_RESERVED; i < H_SIZE; i++) {
        char d[48];
        snprintf(d, sizeof d, "reserved header byte %zu nonzero", i);
        case_byte(m, i, 0x01, EDGELLM_ERR_HEADER, d);
    }
    case_byte(m, H_SIZE - 1, 0x80, EDGELLM_ERR_HEADER, "reserved header byte 127 = 0x80");
    /* the directory entry's reserved word */
    case_dir(m, 0, D_RESERVED, 1, EDGELLM_ERR_HEADER, "directory entry reserved word nonzero");
    case_dir(m, t_final(m), D_RESERVED, 0x80000000u, EDGELLM_ERR_HEADER, "directory entry reserved word nonzero");
    /* valid variations that must still load */
    case_hdr(m, H_FLAGS, (hdr(m->p, H_FLAGS) & ~3u) | 0u, EDGELLM_OK, "activation 0 (valid)");
    case_hdr(m, H_FLAGS, (hdr(m->p, H_FLAGS) & ~3u) | 1u, EDGELLM_OK, "activation 1 (valid)");
    case_hdr(m, H_FLAGS, (hdr(m->p, H_FLAGS) & ~3u) | 2u, EDGELLM_OK, "activation 2 (valid)");
    case_hdr(m, H_FLAGS, hdr(m->p, H_FLAGS) ^ EDGELLM_FLAG_KV16, EDGELLM_OK, "KV16 flag toggled (valid)");
    case_hdr(m, H_NORM_EPS, 0, EDGELLM_OK, "norm_eps 0 (valid)");
    case_hdr(m, H_NORM_EPS, 0xFFFFFFFFu, EDGELLM_OK, "norm_eps 0xFFFFFFFF (valid)");
    case_hdr(m, H_SEQ_LEN, 1, EDGELLM_OK, "seq_len 1 (valid)");
    case_hdr(m, H_SEQ_LEN, 65536, EDGELLM_OK, "seq_len 65536 (valid)");
    /* a buffer longer than file_size: the rest is ignored */
    f = malloc(m->n + 100);
    memcpy(f, m->p, m->n);
    memset(f + m->n, 0xEE, 100);
    {
        edgellm_model mm;
        check_code(EDGELLM_OK, edgellm_model_load(&mm, f, m->n + 100), "%s: buffer 100 bytes longer than file_size", m->name);
    }
    free(f);
}

/* ------------------------------------------------------------------ group: shape */

static void test_shape(const tmodel *m) {
    uint8_t *f;
    uint32_t nt = hdr(m->p, H_N_TENSORS);
    g_group = G_SHAPE;
    case_hdr(m, H_DIM, 0, EDGELLM_ERR_SHAPE, "dim 0");
    case_hdr(m, H_DIM, 32769, EDGELLM_ERR_SHAPE, "dim 32769");
    case_hdr(m, H_DIM, 18, EDGELLM_ERR_SHAPE, "dim 18 (4 heads do not divide it)");
    case_hdr(m, H_HIDDEN, 0, EDGELLM_ERR_SHAPE, "hidden 0");
    case_hdr(m, H_HIDDEN, 65537, EDGELLM_ERR_SHAPE, "hidden 65537");
    case_hdr(m, H_LAYERS, 0, EDGELLM_ERR_SHAPE, "n_layers 0");
    case_hdr(m, H_LAYERS, 257, EDGELLM_ERR_SHAPE, "n_layers 257");
    case_hdr(m, H_HEADS, 0, EDGELLM_ERR_SHAPE, "n_heads 0");
    case_hdr(m, H_HEADS, 3, EDGELLM_ERR_SHAPE, "n_heads 3 does not divide dim 16");
    case_hdr(m, H_HEADS, 5, EDGELLM_ERR_SHAPE, "n_heads 5 does not divide dim 16");
    case_hdr(m, H_HEADS, 32, EDGELLM_ERR_SHAPE, "n_heads 32 > dim 16");
    case_hdr(m, H_HEADS, 16, EDGELLM_ERR_SHAPE, "n_heads 16: head_size 1 (odd)");
    case_hdr(m, H_KV_HEADS, 0, EDGELLM_ERR_SHAPE, "n_kv_heads 0");
    case_hdr(m, H_KV_HEADS, 3, EDGELLM_ERR_SHAPE, "n_kv_heads 3 does not divide n_heads 4");
    case_hdr(m, H_KV_HEADS, 8, EDGELLM_ERR_SHAPE, "n_kv_heads 8 > n_heads 4");
    case_hdr(m, H_VOCAB, 0, EDGELLM_ERR_SHAPE, "vocab 0");
    case_hdr(m, H_VOCAB, 131073, EDGELLM_ERR_SHAPE, "vocab 131073");
    case_hdr(m, H_SEQ_LEN, 0, EDGELLM_ERR_SHAPE, "seq_len 0");
    case_hdr(m, H_SEQ_LEN, 65537, EDGELLM_ERR_SHAPE, "seq_len 65537");
    f = clone(m);   /* dim 24 over 8 heads: head_size 3 (odd) */
    put32(f, H_DIM, 24); put32(f, H_HEADS, 8); put32(f, H_KV_HEADS, 4);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SHAPE, "dim 24, 8 heads: head_size 3 (odd)");
    f = clone(m);
    put32(f, H_DIM, 15); put32(f, H_HEADS, 1); put32(f, H_KV_HEADS, 1);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SHAPE, "dim 15, 1 head: head_size 15 (odd)");
    /* values whose products wrap 32 or 64 bits */
    case_hdr(m, H_DIM, 65536, EDGELLM_ERR_SHAPE, "dim 65536 (dim*dim = 2^32)");
    case_hdr(m, H_DIM, 0x80000000u, EDGELLM_ERR_SHAPE, "dim 2^31");
    case_hdr(m, H_DIM, 0xFFFFFFF0u, EDGELLM_ERR_SHAPE, "dim 0xFFFFFFF0 (4 * dim wraps)");
    case_hdr(m, H_VOCAB, 0x10000000u, EDGELLM_ERR_SHAPE, "vocab 2^28 (vocab * dim = 2^32)");
    case_hdr(m, H_VOCAB, 0xFFFFFFFFu, EDGELLM_ERR_SHAPE, "vocab 0xFFFFFFFF");
    case_hdr(m, H_HIDDEN, 0x10000000u, EDGELLM_ERR_SHAPE, "hidden 2^28 (hidden * dim = 2^32)");
    case_hdr(m, H_HIDDEN, 0xFFFFFFFFu, EDGELLM_ERR_SHAPE, "hidden 0xFFFFFFFF");
    case_hdr(m, H_LAYERS, 0x08000000u, EDGELLM_ERR_SHAPE, "n_layers 2^27 (tensor count * 32 wraps)");
    case_hdr(m, H_LAYERS, 0xFFFFFFFFu, EDGELLM_ERR_SHAPE, "n_layers 0xFFFFFFFF");
    case_hdr(m, H_SEQ_LEN, 0x80000000u, EDGELLM_ERR_SHAPE, "seq_len 2^31");
    case_hdr(m, H_HEADS, 0x80000000u, EDGELLM_ERR_SHAPE, "n_heads 2^31");
    case_hdr(m, H_KV_HEADS, 0xFFFFFFFFu, EDGELLM_ERR_SHAPE, "n_kv_heads 0xFFFFFFFF");
    f = clone(m);
    put32(f, H_DIM, 0x10000u); put32(f, H_HEADS, 0x8000u); put32(f, H_KV_HEADS, 0x8000u);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SHAPE, "dim 2^16 with 2^15 heads (products wrap 32 bits)");
    f = clone(m);   /* layers * seq_len * kv_dim * vocab wraps 64 bits */
    put32(f, H_DIM, 0xFFFFFFFEu); put32(f, H_HIDDEN, 0xFFFFFFFFu); put32(f, H_LAYERS, 0xFFFFFFFFu);
    put32(f, H_HEADS, 1); put32(f, H_KV_HEADS, 1); put32(f, H_VOCAB, 0xFFFFFFFFu); put32(f, H_SEQ_LEN, 0xFFFFFFFFu);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SHAPE, "all dimensions ~2^32 (products wrap 64 bits)");
    f = clone(m);
    put32(f, H_LAYERS, 0x01000000u); put32(f, H_SEQ_LEN, 0x01000000u); put32(f, H_VOCAB, 0x01000000u);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SHAPE, "layers, seq_len, vocab 2^24 (KV cache size wraps 64 bits)");
    /* tensor count */
    case_hdr(m, H_N_TENSORS, nt + 1u, EDGELLM_ERR_SHAPE, "n_tensors + 1");
    case_hdr(m, H_N_TENSORS, nt - 1u, EDGELLM_ERR_SHAPE, "n_tensors - 1");
    case_hdr(m, H_N_TENSORS, 0, EDGELLM_ERR_SHAPE, "n_tensors 0");
    case_hdr(m, H_N_TENSORS, 0xFFFFFFFFu, EDGELLM_ERR_SHAPE, "n_tensors 0xFFFFFFFF");
    case_hdr(m, H_FLAGS, hdr(m->p, H_FLAGS) ^ EDGELLM_FLAG_GATED, EDGELLM_ERR_SHAPE, "gated flag toggled (count mismatch)");
    case_hdr(m, H_FLAGS, hdr(m->p, H_FLAGS) ^ EDGELLM_FLAG_SEPARATE_HEAD, EDGELLM_ERR_SHAPE,
             "separate-head flag toggled (count mismatch)");
    case_hdr(m, H_LAYERS, 1, EDGELLM_ERR_SHAPE, "n_layers 1 (count mismatch)");
    case_hdr(m, H_LAYERS, 3, EDGELLM_ERR_SHAPE, "n_layers 3 (count mismatch)");
}

/* ------------------------------------------------------------------ group: offset */

static void test_offset(const tmodel *m) {
    const uint8_t *p = m->p;
    uint32_t fs = (uint32_t)m->n, dir = hdr(p, H_DIR_OFF), rope = hdr(p, H_ROPE_OFF), tok = hdr(p, H_TOK_OFF);
    uint32_t tsz = hdr(p, H_TOK_SIZE), nt = hdr(p, H_N_TENSORS), last = nt - 1u;
    uint32_t t_wq = t_layer(m, 0, S_WQ), t_an = t_layer(m, 0, S_ATT_NORM), t_fn = t_layer(m, 0, S_FFN_NORM);
    uint32_t t_w2 = t_layer(m, 1, S_W2), d0 = dir_get(p, 0, D_DATA_OFF);
    uint32_t end_last = dir_get(p, last, D_SCALE_SIZE) ? dir_get(p, last, D_SCALE_OFF) + dir_get(p, last, D_SCALE_SIZE)
                                                       : dir_get(p, last, D_DATA_OFF) + dir_get(p, last, D_DATA_SIZE);
    uint8_t *f;
    g_group = G_OFFSET;
    /* directory */
    case_hdr(m, H_DIR_OFF, 0, EDGELLM_ERR_OFFSET, "dir_off 0 (inside the header)");
    case_hdr(m, H_DIR_OFF, 64, EDGELLM_ERR_OFFSET, "dir_off 64 (inside the header)");
    case_hdr(m, H_DIR_OFF, 112, EDGELLM_ERR_OFFSET, "dir_off 112 (overlaps the header)");
    case_hdr(m, H_DIR_OFF, dir + 4u, EDGELLM_ERR_OFFSET, "dir_off misaligned by 4");
    case_hdr(m, H_DIR_OFF, dir + 1u, EDGELLM_ERR_OFFSET, "dir_off misaligned by 1");
    case_hdr(m, H_DIR_OFF, dir + 16u, EDGELLM_ERR_OFFSET, "dir_off + 16 (directory overlaps the RoPE table)");
    case_hdr(m, H_DIR_OFF, rope, EDGELLM_ERR_OFFSET, "dir_off = rope_off (overlap)");
    case_hdr(m, H_DIR_OFF, fs, EDGELLM_ERR_OFFSET, "dir_off = file_size (outside)");
    case_hdr(m, H_DIR_OFF, fs - 16u, EDGELLM_ERR_OFFSET, "dir_off = file_size - 16 (runs past the end)");
    case_hdr(m, H_DIR_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "dir_off 0xFFFFFFF0 (offset + size wraps 32 bits)");
    /* RoPE table */
    case_hdr(m, H_ROPE_OFF, 0, EDGELLM_ERR_OFFSET, "rope_off 0 (inside the header)");
    case_hdr(m, H_ROPE_OFF, 96, EDGELLM_ERR_OFFSET, "rope_off 96 (inside the header)");
    case_hdr(m, H_ROPE_OFF, dir, EDGELLM_ERR_OFFSET, "rope_off = dir_off (overlaps the directory)");
    case_hdr(m, H_ROPE_OFF, rope - 16u, EDGELLM_ERR_OFFSET, "rope_off - 16 (overlaps the directory)");
    case_hdr(m, H_ROPE_OFF, rope + 4u, EDGELLM_ERR_OFFSET, "rope_off misaligned by 4");
    case_hdr(m, H_ROPE_OFF, rope + 8u, EDGELLM_ERR_OFFSET, "rope_off misaligned by 8");
    case_hdr(m, H_ROPE_OFF, tok, EDGELLM_ERR_OFFSET, "rope_off = tok_off (overlaps the tokenizer)");
    case_hdr(m, H_ROPE_OFF, fs, EDGELLM_ERR_OFFSET, "rope_off = file_size (outside)");
    case_hdr(m, H_ROPE_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "rope_off 0xFFFFFFF0 (wraps)");
    /* tokenizer */
    case_hdr(m, H_TOK_OFF, 0, EDGELLM_ERR_OFFSET, "tok_off 0 (inside the header)");
    case_hdr(m, H_TOK_OFF, 64, EDGELLM_ERR_OFFSET, "tok_off 64 (inside the header)");
    case_hdr(m, H_TOK_OFF, dir, EDGELLM_ERR_OFFSET, "tok_off = dir_off (overlap)");
    case_hdr(m, H_TOK_OFF, rope, EDGELLM_ERR_OFFSET, "tok_off = rope_off (overlaps the RoPE table)");
    case_hdr(m, H_TOK_OFF, tok + 4u, EDGELLM_ERR_OFFSET, "tok_off misaligned by 4");
    case_hdr(m, H_TOK_OFF, tok + 1u, EDGELLM_ERR_OFFSET, "tok_off misaligned by 1");
    case_hdr(m, H_TOK_OFF, tok + 16u, EDGELLM_ERR_OFFSET, "tok_off + 16 (overlaps the first tensor)");
    case_hdr(m, H_TOK_OFF, fs, EDGELLM_ERR_OFFSET, "tok_off = file_size (outside)");
    case_hdr(m, H_TOK_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "tok_off 0xFFFFFFF0 (wraps)");
    case_hdr(m, H_TOK_SIZE, 0xFFFFFFFFu, EDGELLM_ERR_OFFSET, "tok_size 0xFFFFFFFF (outside)");
    case_hdr(m, H_TOK_SIZE, fs, EDGELLM_ERR_OFFSET, "tok_size = file_size (outside)");
    case_hdr(m, H_TOK_SIZE, d0 - tok + 1u, EDGELLM_ERR_OFFSET, "tok_size reaching 1 byte into the first tensor");
    /* tensor data and scales */
    case_dir(m, 0, D_DATA_OFF, 0, EDGELLM_ERR_OFFSET, "embedding data_off 0 (header)");
    case_dir(m, 0, D_DATA_OFF, 16, EDGELLM_ERR_OFFSET, "embedding data_off 16 (header)");
    case_dir(m, 0, D_DATA_OFF, tok, EDGELLM_ERR_OFFSET, "embedding data_off = tok_off (overlaps the tokenizer)");
    case_dir(m, 0, D_DATA_OFF, d0 + 8u, EDGELLM_ERR_OFFSET, "embedding data_off misaligned by 8");
    case_dir(m, 0, D_DATA_OFF, fs, EDGELLM_ERR_OFFSET, "embedding data_off = file_size");
    case_dir(m, 0, D_DATA_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "embedding data_off 0xFFFFFFF0 (wraps)");
    case_dir(m, 0, D_SCALE_OFF, d0, EDGELLM_ERR_OFFSET, "embedding scale_off = its data_off (overlap)");
    case_dir(m, 0, D_SCALE_OFF, dir_get(p, 0, D_SCALE_OFF) + 8u, EDGELLM_ERR_OFFSET, "embedding scale_off misaligned by 8");
    case_dir(m, 0, D_SCALE_OFF, 0, EDGELLM_ERR_OFFSET, "embedding scale_off 0 (header)");
    case_dir(m, 0, D_SCALE_OFF, fs, EDGELLM_ERR_OFFSET, "embedding scale_off = file_size");
    case_dir(m, t_wq, D_DATA_OFF, dir_get(p, t_an, D_DATA_OFF), EDGELLM_ERR_OFFSET, "wq data_off = attention norm data (overlap)");
    case_dir(m, t_wq, D_DATA_OFF, dir_get(p, 0, D_SCALE_OFF), EDGELLM_ERR_OFFSET, "wq data_off = embedding scales (overlap)");
    case_dir(m, t_wq, D_DATA_OFF, 48, EDGELLM_ERR_OFFSET, "wq data_off 48 (back into the header)");
    case_dir(m, t_wq, D_SCALE_OFF, dir_get(p, t_wq, D_DATA_OFF), EDGELLM_ERR_OFFSET, "wq scale_off = wq data_off");
    case_dir(m, t_wq, D_SCALE_OFF, dir_get(p, t_wq, D_SCALE_OFF) + 4u, EDGELLM_ERR_OFFSET, "wq scale_off misaligned by 4");
    case_dir(m, t_an, D_DATA_OFF, dir_get(p, t_an, D_DATA_OFF) + 4u, EDGELLM_ERR_OFFSET, "norm data_off misaligned by 4");
    case_dir(m, t_an, D_DATA_OFF, dir, EDGELLM_ERR_OFFSET, "norm data_off = dir_off (points back at the directory)");
    case_dir(m, t_w2, D_DATA_OFF, fs - 16u, EDGELLM_ERR_OFFSET, "w2 data_off = file_size - 16 (runs past the end)");
    case_dir(m, last, D_DATA_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "last tensor data_off 0xFFFFFFF0");
    if (dir_get(p, last, D_SCALE_SIZE)) {
        case_dir(m, last, D_SCALE_OFF, fs - 16u, EDGELLM_ERR_OFFSET, "last tensor scales run past the end");
        case_dir(m, last, D_SCALE_OFF, 0xFFFFFFF0u, EDGELLM_ERR_OFFSET, "last tensor scale_off 0xFFFFFFF0");
    }
    /* order: the two norms of layer 0 swapped (same size) */
    f = clone(m);
    dir_set(f, t_an, D_DATA_OFF, dir_get(p, t_fn, D_DATA_OFF));
    dir_set(f, t_fn, D_DATA_OFF, dir_get(p, t_an, D_DATA_OFF));
    expect_fixed(m, f, m->n, EDGELLM_ERR_OFFSET, "attention and FFN norm data swapped (out of order)");
    /* two tensors sharing data */
    f = clone(m);
    dir_set(f, t_fn, D_DATA_OFF, dir_get(p, t_an, D_DATA_OFF));
    expect_fixed(m, f, m->n, EDGELLM_ERR_OFFSET, "FFN norm data_off = attention norm data_off (shared)");
    /* file_size shortened (CRC recomputed): the last section now lies outside */
    case_hdr(m, H_FILE_SIZE, end_last - 1u, EDGELLM_ERR_OFFSET, "file_size 1 byte short of the last section");
    case_hdr(m, H_FILE_SIZE, end_last - 16u, EDGELLM_ERR_OFFSET, "file_size 16 bytes short of the last section");
    case_hdr(m, H_FILE_SIZE, tok + tsz, EDGELLM_ERR_OFFSET, "file_size ends at the tokenizer");
    case_hdr(m, H_FILE_SIZE, 128, EDGELLM_ERR_OFFSET, "file_size 128 (header only)");
    case_hdr(m, H_FILE_SIZE, end_last, EDGELLM_OK, "file_size = end of the last section (valid)");
    /* the largest legal dimensions, tensor count kept consistent: the directory cannot fit */
    f = clone(m);
    put32(f, H_LAYERS, 256);
    put32(f, H_N_TENSORS, 1u + 256u * t_per(m) + 1u + (m->sep ? 1u : 0u));
    expect_fixed(m, f, m->n, EDGELLM_ERR_OFFSET, "256 layers: directory of %u entries outside the file",
                 1u + 256u * t_per(m) + 1u + (m->sep ? 1u : 0u));
    f = clone(m);   /* head_size 8 kept: 32768 = 4096 heads * 8; the RoPE table is unchanged */
    put32(f, H_DIM, 32768); put32(f, H_HEADS, 4096); put32(f, H_KV_HEADS, 2048); put32(f, H_HIDDEN, 65536);
    put32(f, H_VOCAB, 131072); put32(f, H_SEQ_LEN, 65536);
    expect_fixed(m, f, m->n, EDGELLM_ERR_TENSOR_SHAPE, "largest legal dims with the small tensors (tensor shapes differ)");
    f = clone(m);   /* head_size 8192: the RoPE table (16 KiB) overlaps the tokenizer */
    put32(f, H_DIM, 32768); put32(f, H_HEADS, 4); put32(f, H_KV_HEADS, 2);
    expect_fixed(m, f, m->n, EDGELLM_ERR_OFFSET, "dim 32768 with 4 heads: RoPE table overlaps the tokenizer");
}

/* ------------------------------------------------------------------ groups: tensor type / shape */

static void test_tensor_type(const tmodel *m) {
    uint32_t t_wq = t_layer(m, 0, S_WQ), t_an = t_layer(m, 0, S_ATT_NORM), t_w2 = t_layer(m, 1, S_W2);
    g_group = G_TTYPE;
    case_dir(m, 0, D_TYPE, 0, EDGELLM_ERR_TENSOR_TYPE, "embedding type 0");
    case_dir(m, 0, D_TYPE, 5, EDGELLM_ERR_TENSOR_TYPE, "embedding type 5");
    case_dir(m, 0, D_TYPE, EDGELLM_WT_Q16, EDGELLM_ERR_TENSOR_TYPE, "embedding with the norm type");
    case_dir(m, t_wq, D_TYPE, 0, EDGELLM_ERR_TENSOR_TYPE, "wq type 0");
    case_dir(m, t_wq, D_TYPE, 0xFFFFFFFFu, EDGELLM_ERR_TENSOR_TYPE, "wq type 0xFFFFFFFF");
    case_dir(m, t_wq, D_TYPE, 0x101u, EDGELLM_ERR_TENSOR_TYPE, "wq type 0x101");
    case_dir(m, t_w2, D_TYPE, EDGELLM_WT_Q16, EDGELLM_ERR_TENSOR_TYPE, "w2 with the norm type");
    case_dir(m, t_an, D_TYPE, EDGELLM_WT_T2, EDGELLM_ERR_TENSOR_TYPE, "attention norm with type T2");
    case_dir(m, t_an, D_TYPE, EDGELLM_WT_T1, EDGELLM_ERR_TENSOR_TYPE, "attention norm with type T1");
    case_dir(m, t_an, D_TYPE, EDGELLM_WT_I8, EDGELLM_ERR_TENSOR_TYPE, "attention norm with type I8");
    case_dir(m, t_an, D_TYPE, 0, EDGELLM_ERR_TENSOR_TYPE, "attention norm with type 0");
    case_dir(m, t_final(m), D_TYPE, EDGELLM_WT_I8, EDGELLM_ERR_TENSOR_TYPE, "final norm with type I8");
    case_dir(m, t_layer(m, 1, S_FFN_NORM), D_TYPE, 7, EDGELLM_ERR_TENSOR_TYPE, "FFN norm with type 7");
    if (m->sep) case_dir(m, t_head(m), D_TYPE, 0, EDGELLM_ERR_TENSOR_TYPE, "output head type 0");
}

static void test_tensor_shape(const tmodel *m) {
    const uint8_t *p = m->p;
    uint32_t t_wq = t_layer(m, 0, S_WQ), t_wk = t_layer(m, 0, S_WK), t_an = t_layer(m, 0, S_ATT_NORM);
    uint32_t t_w2 = t_layer(m, 1, S_W2), t_w1 = t_layer(m, 1, S_W1), t_fin = t_final(m);
    uint8_t *f;
    g_group = G_TSHAPE;
    case_dir(m, 0, D_ROWS, m->vocab + 1u, EDGELLM_ERR_TENSOR_SHAPE, "embedding rows vocab + 1");
    case_dir(m, 0, D_ROWS, m->vocab - 1u, EDGELLM_ERR_TENSOR_SHAPE, "embedding rows vocab - 1");
    case_dir(m, 0, D_ROWS, 0, EDGELLM_ERR_TENSOR_SHAPE, "embedding rows 0");
    case_dir(m, 0, D_COLS, m->dim + 1u, EDGELLM_ERR_TENSOR_SHAPE, "embedding cols dim + 1");
    case_dir(m, 0, D_COLS, 0xFFFFFFFFu, EDGELLM_ERR_TENSOR_SHAPE, "embedding cols 0xFFFFFFFF");
    case_dir(m, t_wq, D_ROWS, m->dim - 1u, EDGELLM_ERR_TENSOR_SHAPE, "wq rows dim - 1");
    case_dir(m, t_wq, D_COLS, 0, EDGELLM_ERR_TENSOR_SHAPE, "wq cols 0");
    case_dir(m, t_wk, D_ROWS, m->dim, EDGELLM_ERR_TENSOR_SHAPE, "wk rows dim instead of kv_dim");
    case_dir(m, t_w1, D_ROWS, m->dim, EDGELLM_ERR_TENSOR_SHAPE, "w1 rows dim instead of hidden");
    case_dir(m, t_w2, D_COLS, m->dim, EDGELLM_ERR_TENSOR_SHAPE, "w2 cols dim instead of hidden");
    case_dir(m, t_an, D_ROWS, m->dim + 1u, EDGELLM_ERR_TENSOR_SHAPE, "norm rows dim + 1");
    case_dir(m, t_an, D_COLS, 0, EDGELLM_ERR_TENSOR_SHAPE, "norm cols 0");
    case_dir(m, t_an, D_COLS, 2, EDGELLM_ERR_TENSOR_SHAPE, "norm cols 2");
    case_dir(m, t_fin, D_ROWS, 0, EDGELLM_ERR_TENSOR_SHAPE, "final norm rows 0");
    if (m->sep) case_dir(m, t_head(m), D_ROWS, m->vocab - 1u, EDGELLM_ERR_TENSOR_SHAPE, "output head rows vocab - 1");
    /* sizes */
    case_dir(m, 0, D_DATA_SIZE, dir_get(p, 0, D_DATA_SIZE) + 1u, EDGELLM_ERR_TENSOR_SHAPE, "embedding data_size + 1");
    case_dir(m, 0, D_DATA_SIZE, dir_get(p, 0, D_DATA_SIZE) - 16u, EDGELLM_ERR_TENSOR_SHAPE, "embedding data_size - 16");
    case_dir(m, t_wq, D_DATA_SIZE, 0, EDGELLM_ERR_TENSOR_SHAPE, "wq data_size 0");
    case_dir(m, t_w2, D_DATA_SIZE, dir_get(p, t_w2, D_DATA_SIZE) - 1u, EDGELLM_ERR_TENSOR_SHAPE, "w2 data_size - 1");
    case_dir(m, t_w2, D_DATA_SIZE, 0xFFFFFFFFu, EDGELLM_ERR_TENSOR_SHAPE, "w2 data_size 0xFFFFFFFF");
    case_dir(m, t_an, D_DATA_SIZE, 4u * m->dim + 4u, EDGELLM_ERR_TENSOR_SHAPE, "norm data_size 4 * dim + 4");
    case_dir(m, t_an, D_DATA_SIZE, 0, EDGELLM_ERR_TENSOR_SHAPE, "norm data_size 0");
    case_dir(m, 0, D_SCALE_SIZE, 8u * m->vocab + 8u, EDGELLM_ERR_TENSOR_SHAPE, "embedding scale_size + 8");
    case_dir(m, 0, D_SCALE_SIZE, 8u * m->vocab - 8u, EDGELLM_ERR_TENSOR_SHAPE, "embedding scale_size - 8");
    case_dir(m, t_wq, D_SCALE_SIZE, 0, EDGELLM_ERR_TENSOR_SHAPE, "wq scale_size 0");
    case_dir(m, t_wk, D_SCALE_SIZE, 4u * dir_get(p, t_wk, D_ROWS), EDGELLM_ERR_TENSOR_SHAPE, "wk scale_size 4 * rows");
    case_dir(m, t_an, D_SCALE_SIZE, 8u * m->dim, EDGELLM_ERR_TENSOR_SHAPE, "norm with scale_size 8 * dim");
    case_dir(m, t_an, D_SCALE_OFF, dir_get(p, t_an, D_DATA_OFF) + 4u * m->dim, EDGELLM_ERR_TENSOR_SHAPE, "norm with a scale_off");
    case_dir(m, t_fin, D_SCALE_OFF, 16, EDGELLM_ERR_TENSOR_SHAPE, "final norm with scale_off 16");
    /* a valid matrix type whose geometry disagrees with data_size */
    f = clone(m);
    dir_set(f, t_w2, D_TYPE, m->wtype == EDGELLM_WT_I8 ? EDGELLM_WT_T1 : EDGELLM_WT_I8);
    expect_fixed(m, f, m->n, EDGELLM_ERR_TENSOR_SHAPE, "w2 retyped (data_size now wrong)");
    /* a header that passes the shape checks but disagrees with the tensors */
    case_hdr(m, H_HIDDEN, m->hidden + 1u, EDGELLM_ERR_TENSOR_SHAPE, "hidden + 1 (w1 rows differ)");
    case_hdr(m, H_VOCAB, m->vocab + 1u, EDGELLM_ERR_TENSOR_SHAPE, "vocab + 1 (embedding rows differ)");
    case_hdr(m, H_KV_HEADS, 4, EDGELLM_ERR_TENSOR_SHAPE, "n_kv_heads 4 (wk rows differ)");
    case_hdr(m, H_KV_HEADS, 1, EDGELLM_ERR_TENSOR_SHAPE, "n_kv_heads 1 (wk rows differ)");
}

/* ------------------------------------------------------------------ group: weights */

/* T1 byte for trits t[0..4] (t = weight + 1), per WEIGHT TYPES */
static uint8_t t1_encode(const int *t) {
    uint32_t v = 0;
    int k;
    for (k = 0; k < 5; k++) v = v * 3u + (uint32_t)t[k];
    return (uint8_t)((v * 256u + 242u) / 243u);
}
static int t1_valid(uint32_t byte) {
    uint32_t v;
    for (v = 0; v < 243u; v++)
        if ((v * 256u + 242u) / 243u == byte) return 1;
    return 0;
}
static void t1_decode(uint32_t byte, int *t) {
    static const uint32_t P3[5] = {1, 3, 9, 27, 81};
    int k;
    for (k = 0; k < 5; k++) t[k] = (int)((((byte * P3[k]) & 0xFFu) * 3u) >> 8);
}

static void test_weights(const tmodel *m) {
    const uint8_t *p = m->p;
    uint32_t t_wq = t_layer(m, 0, S_WQ), t_w2 = t_layer(m, 1, S_W2), t_wo = t_layer(m, 1, S_WO);
    uint32_t rows_w2 = m->dim, r;
    uint8_t *f;
    g_group = G_WEIGHTS;
    if (m->wtype == EDGELLM_WT_T2) {
        /* wq: cols 16 of 64, so bits 1:0 of bytes 0..15 are real, bits 7:2 padding */
        size_t b0 = wbyte_at(p, t_wq, 0, 0), b5 = wbyte_at(p, t_wq, 3, 5);
        uint32_t c;
        case_byte(m, b0, (uint8_t)((p[b0] & ~3u) | 3u), EDGELLM_ERR_WEIGHTS, "T2 code 3 in a real column (wq row 0 col 0)");
        case_byte(m, b5, (uint8_t)((p[b5] & ~3u) | 3u), EDGELLM_ERR_WEIGHTS, "T2 code 3 in a real column (wq row 3 col 5)");
        case_byte(m, b0, (uint8_t)(p[b0] | 0xC0u), EDGELLM_ERR_WEIGHTS, "T2 code 3 in padding (wq col 48)");
        case_byte(m, b0, (uint8_t)(p[b0] | 0x04u), EDGELLM_ERR_WEIGHTS, "T2 +1 in padding (wq col 16)");
        case_byte(m, b5, (uint8_t)(p[b5] | 0x20u), EDGELLM_ERR_WEIGHTS, "T2 -1 in padding (wq row 3 col 37)");
        /* w2: cols 40 of 64; column c lives in byte c % 16, bits 2 * (c / 16) */
        for (c = 40; c < 64; c += 7) {
            size_t b = wbyte_at(p, t_w2, rows_w2 - 1u, c % 16u);
            char d[64];
            snprintf(d, sizeof d, "T2 +1 in padding (w2 last row col %u)", c);
            case_byte(m, b, (uint8_t)((p[b] & ~(3u << (2u * (c / 16u)))) | (1u << (2u * (c / 16u)))), EDGELLM_ERR_WEIGHTS, d);
        }
        {
            size_t b = wbyte_at(p, t_w2, 0, 7);   /* column 39 (k = 2, i = 7) is real: any code but 3 */
            uint8_t v = (uint8_t)((p[b] & ~(3u << 4)) | (((((p[b] >> 4) & 3u) + 1u) % 3u) << 4));
            case_byte(m, b, v, EDGELLM_OK, "T2 real column 39 changed to another valid code");
        }
    } else if (m->wtype == EDGELLM_WT_T1) {
        uint32_t bad = 0, nbad = 0, c;
        size_t b0 = wbyte_at(p, t_wq, 0, 0);
        int t[5];
        for (c = 0; c < 256u; c++) {
            char d[48];
            if (t1_valid(c)) continue;
            if (nbad++ < 4) {
                snprintf(d, sizeof d, "T1 invalid byte 0x%02X (wq row 0 byte 0)", c);
                case_byte(m, b0, (uint8_t)c, EDGELLM_ERR_WEIGHTS, d);
            }
            bad = c;
        }
        check_true(nbad == 256u - 243u, "%s: %u invalid T1 bytes, expected 13", m->name, nbad);
        /* an invalid byte whose padding trits decode to zero, in w2 (cols 40 of 80): bytes
           0..7 hold real columns in trits 0-2 and padding in trits 3-4, so only the byte
           validity check can reject it */
        for (c = 0; c < 256u; c++) {
            t1_decode(c, t);
            if (!t1_valid(c) && t[3] == 1 && t[4] == 1) break;
        }
        check_true(c < 256u, "%s: no invalid T1 byte with zero padding trits", m->name);
        if (c < 256u) case_byte(m, wbyte_at(p, t_w2, 2, 3), (uint8_t)c, EDGELLM_ERR_WEIGHTS, "T1 invalid byte, padding trits zero (w2 row 2 byte 3)");
        case_byte(m, wbyte_at(p, t_wo, m->dim - 1u, 15), (uint8_t)bad, EDGELLM_ERR_WEIGHTS, "T1 invalid byte (wo last row byte 15)");
        /* wq: cols 16 of 80; trit k = 0 is real, k = 1..4 padding */
        t1_decode(p[b0], t);
        t[1] = 2;
        case_byte(m, b0, t1_encode(t), EDGELLM_ERR_WEIGHTS, "T1 +1 in padding (wq col 16)");
        t[1] = 1; t[4] = 0;
        case_byte(m, b0, t1_encode(t), EDGELLM_ERR_WEIGHTS, "T1 -1 in padding (wq col 64)");
        t[4] = 1; t[0] = (t[0] + 1) % 3;
        case_byte(m, b0, t1_encode(t), EDGELLM_OK, "T1 real column changed, padding zero (valid)");
        /* w2: cols 40 of 80: byte i >= 8 holds padding in trit 2, every byte in trits 3, 4 */
        {
            size_t b = wbyte_at(p, t_w2, 1, 9);
            t1_decode(p[b], t);
            t[2] = 2;
            case_byte(m, b, t1_encode(t), EDGELLM_ERR_WEIGHTS, "T1 +1 in padding (w2 row 1 col 41)");
            b = wbyte_at(p, t_w2, 1, 3);
            t1_decode(p[b], t);
            t[3] = 0;
            case_byte(m, b, t1_encode(t), EDGELLM_ERR_WEIGHTS, "T1 -1 in padding (w2 row 1 col 51)");
        }
    } else {
        /* I8: w2 cols 40 of 48, columns 40..47 are padding */
        for (r = 0; r < 8; r++) {
            char d[64];
            snprintf(d, sizeof d, "I8 nonzero padding (w2 row %u col %u)", r, 40u + r);
            case_byte(m, wbyte_at(p, t_w2, r, 40u + r), (uint8_t)(r & 1u ? 0x80u : 0x01u), EDGELLM_ERR_WEIGHTS, d);
        }
        case_byte(m, wbyte_at(p, t_wq, 0, 3), 0x80, EDGELLM_OK, "I8 weight -128 in a real column (valid)");
        case_byte(m, wbyte_at(p, t_w2, 0, 39), 0x7F, EDGELLM_OK, "I8 weight 127 in w2's last real column (valid)");
    }
    /* every model: the embedding is I8 with no padding, any byte is a weight */
    case_byte(m, wbyte_at(p, 0, 0, 0), 0x80, EDGELLM_OK, "embedding weight -128 (valid)");
    /* retyped with the same stride (16 bytes for 16 columns in T2, T1 and I8): random int8
       bytes are not valid ternary rows (T2 padding bits set, T1 padding trits nonzero) */
    f = clone(m);
    dir_set(f, 0, D_TYPE, EDGELLM_WT_T2);
    expect_fixed(m, f, m->n, EDGELLM_ERR_WEIGHTS, "embedding retyped I8 -> T2 (same stride, bytes invalid)");
    f = clone(m);
    dir_set(f, 0, D_TYPE, EDGELLM_WT_T1);
    expect_fixed(m, f, m->n, EDGELLM_ERR_WEIGHTS, "embedding retyped I8 -> T1 (same stride, bytes invalid)");
}

/* ------------------------------------------------------------------ group: scale */

static void test_scale(const tmodel *m) {
    uint32_t t_wq = t_layer(m, 0, S_WQ), t_w2 = t_layer(m, 1, S_W2);
    size_t e0 = scale_at(m->p, 0, 0), q3 = scale_at(m->p, t_wq, 3), w2l = scale_at(m->p, t_w2, m->dim - 1u);
    uint8_t *f;
    g_group = G_SCALE;
    case_u32(m, e0, (1u << 30) - 1u, EDGELLM_ERR_SCALE, "embedding row 0 mult 2^30 - 1");
    case_u32(m, e0, 1, EDGELLM_ERR_SCALE, "embedding row 0 mult 1");
    case_u32(m, e0, 0x80000000u, EDGELLM_ERR_SCALE, "embedding row 0 mult INT32_MIN");
    case_u32(m, e0, (uint32_t)-(1 << 30), EDGELLM_ERR_SCALE, "embedding row 0 mult -2^30");
    case_u32(m, q3, 0x3FFFFFFFu, EDGELLM_ERR_SCALE, "wq row 3 mult 2^30 - 1");
    case_u32(m, w2l, 0xFFFFFFFFu, EDGELLM_ERR_SCALE, "w2 last row mult -1");
    f = clone(m);
    put32(f, q3, 0); put32(f, q3 + 4, 1);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SCALE, "wq row 3 mult 0 with shift 1");
    f = clone(m);
    put32(f, e0, 0); put32(f, e0 + 4, 0xFFFFFFFFu);
    expect_fixed(m, f, m->n, EDGELLM_ERR_SCALE, "embedding row 0 mult 0 with shift -1");
    case_u32(m, q3 + 4, (uint32_t)-65, EDGELLM_ERR_SCALE, "wq row 3 shift -65");
    case_u32(m, q3 + 4, 129, EDGELLM_ERR_SCALE, "wq row 3 shift 129");
    case_u32(m, w2l + 4, 0x80000000u, EDGELLM_ERR_SCALE, "w2 last row shift INT32_MIN");
    case_u32(m, w2l + 4, 0x7FFFFFFFu, EDGELLM_ERR_SCALE, "w2 last row shift INT32_MAX");
    if (m->sep) case_u32(m, scale_at(m->p, t_head(m), m->vocab - 1u) + 4, 200, EDGELLM_ERR_SCALE, "output head last row shift 200");
    /* boundaries that are valid */
    case_u32(m, q3, 1u << 30, EDGELLM_OK, "wq row 3 mult 2^30 (valid)");
    case_u32(m, q3, 0x7FFFFFFFu, EDGELLM_OK, "wq row 3 mult 2^31 - 1 (valid)");
    case_u32(m, q3 + 4, (uint32_t)-64, EDGELLM_OK, "wq row 3 shift -64 (valid)");
    case_u32(m, q3 + 4, 128, EDGELLM_OK, "wq row 3 shift 128 (valid)");
    f = clone(m);
    put32(f, e0, 0); put32(f, e0 + 4, 0);
    expect_fixed(m, f, m->n, EDGELLM_OK, "embedding row 0 mult 0 shift 0 (valid)");
}

/* ------------------------------------------------------------------ group: tokenizer */

static void swap32(uint8_t *f, size_t a, size_t b) {
    uint32_t x = get32(f, a), y = get32(f, b);
    put32(f, a, y);
    put32(f, b, x);
}

static void test_tokenizer_llama(const tmodel *m) {
    const uint8_t *p = m->p;
    uint32_t n = m->vocab, blob = get32(p, tok_at(p, T_BLOB_SIZE)), tsz = hdr(p, H_TOK_SIZE);
    uint32_t gap = dir_get(p, 0, D_DATA_OFF) - (hdr(p, H_TOK_OFF) + tsz);
    uint8_t *f;
    g_group = G_TOKENIZER;
    case_tok(m, T_KIND, 0, EDGELLM_ERR_TOKENIZER, "kind 0");
    case_tok(m, T_KIND, 3, EDGELLM_ERR_TOKENIZER, "kind 3");
    case_tok(m, T_KIND, 0xFFFFFFFFu, EDGELLM_ERR_TOKENIZER, "kind 0xFFFFFFFF");
    case_tok(m, T_KIND, EDGELLM_TOK_BYTES, EDGELLM_ERR_TOKENIZER, "kind bytes on a BPE vocabulary");
    case_tok(m, T_N, n - 1u, EDGELLM_ERR_TOKENIZER, "n = vocab - 1");
    case_tok(m, T_N, n + 1u, EDGELLM_ERR_TOKENIZER, "n = vocab + 1");
    case_tok(m, T_N, 0, EDGELLM_ERR_TOKENIZER, "n = 0");
    case_tok(m, T_RESERVED, 1, EDGELLM_ERR_TOKENIZER, "reserved word nonzero");
    case_tok(m, T_MAX_LEN, 0, EDGELLM_ERR_TOKENIZER, "max_len 0");
    case_tok(m, T_MAX_LEN, 1025, EDGELLM_ERR_TOKENIZER, "max_len 1025");
    case_tok(m, T_MAX_LEN, 5, EDGELLM_ERR_TOKENIZER, "max_len 5 < longest piece (6)");
    case_tok(m, T_MAX_LEN, 1024, EDGELLM_OK, "max_len 1024 (valid)");
    case_tok(m, T_BOS, n, EDGELLM_ERR_TOKENIZER, "bos = vocab");
    case_tok(m, T_BOS, (uint32_t)-2, EDGELLM_ERR_TOKENIZER, "bos -2");
    case_tok(m, T_BOS, 0x80000000u, EDGELLM_ERR_TOKENIZER, "bos INT32_MIN");
    case_tok(m, T_EOS, n, EDGELLM_ERR_TOKENIZER, "eos = vocab");
    case_tok(m, T_EOS, 0xFFFFFFFEu, EDGELLM_ERR_TOKENIZER, "eos -2");
    case_tok(m, T_EOS, 0x7FFFFFFFu, EDGELLM_ERR_TOKENIZER, "eos INT32_MAX");
    case_tok(m, T_BOS, 0xFFFFFFFFu, EDGELLM_OK, "bos -1 (valid)");
    case_tok(m, T_EOS, n - 1u, EDGELLM_OK, "eos = vocab - 1 (valid)");
    case_tok(m, T_BYTE_BASE, 4, EDGELLM_ERR_TOKENIZER, "byte_base 4 (pieces are not <0xNN> in order)");
    case_tok(m, T_BYTE_BASE, 2, EDGELLM_ERR_TOKENIZER, "byte_base 2");
    case_tok(m, T_BYTE_BASE, n - 255u, EDGELLM_ERR_TOKENIZER, "byte_base + 256 > vocab");
    case_tok(m, T_BYTE_BASE, 0x7FFFFFFFu, EDGELLM_ERR_TOKENIZER, "byte_base INT32_MAX");
    case_tok(m, T_BYTE_BASE, (uint32_t)-2, EDGELLM_ERR_TOKENIZER, "byte_base -2");
    case_tok(m, T_BYTE_BASE, 0xFFFFFFFFu, EDGELLM_OK, "byte_base -1 (valid, no byte fallback)");
    case_byte(m, piece_at(p, 3 + 0x41) + 5, ']', EDGELLM_ERR_TOKENIZER, "byte piece <0x41> spelled <0x41]");
    case_byte(m, piece_at(p, 3 + 0xAB) + 4, 'b', EDGELLM_ERR_TOKENIZER, "byte piece <0xAB> spelled <0xAb>");
    /* offsets */
    case_u32(m, tok_offs_at(p, 0), 1, EDGELLM_ERR_TOKENIZER, "offs[0] = 1");
    case_u32(m, tok_offs_at(p, n), blob + 1u, EDGELLM_ERR_TOKENIZER, "offs[n] = blob_size + 1");
    case_u32(m, tok_offs_at(p, n), blob - 1u, EDGELLM_ERR_TOKENIZER, "offs[n] = blob_size - 1");
    case_u32(m, tok_offs_at(p, 100), 0xFFFFFFFFu, EDGELLM_ERR_TOKENIZER, "offs[100] = 0xFFFFFFFF");
    case_u32(m, tok_offs_at(p, 100), get32(p, tok_offs_at(p, 99)) - 1u, EDGELLM_ERR_TOKENIZER, "offs[100] < offs[99]");
    f = clone(m);
    swap32(f, tok_offs_at(f, 50), tok_offs_at(f, 51));
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "offs[50], offs[51] swapped (not increasing)");
    f = clone(m);   /* piece 299 ("in") made 7 bytes long by moving offs[299] back: longer than max_len */
    put32(f, tok_offs_at(f, n - 1u), blob - 7u);
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "piece %u longer than max_len", n - 1u);
    /* sorted index */
    f = clone(m);
    swap32(f, tok_sorted_at(f, 10), tok_sorted_at(f, 11));
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "sorted[10], sorted[11] swapped");
    f = clone(m);
    swap32(f, tok_sorted_at(f, 0), tok_sorted_at(f, n - 1u));
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "sorted first and last swapped");
    f = clone(m);
    put32(f, tok_sorted_at(f, 21), get32(f, tok_sorted_at(f, 20)));
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "sorted[21] = sorted[20] (duplicate)");
    case_u32(m, tok_sorted_at(p, n - 1u), n, EDGELLM_ERR_TOKENIZER, "sorted[n-1] = vocab (out of range)");
    case_u32(m, tok_sorted_at(p, 0), 0xFFFFFFFFu, EDGELLM_ERR_TOKENIZER, "sorted[0] = 0xFFFFFFFF");
    case_u32(m, tok_sorted_at(p, 7), 0x80000000u, EDGELLM_ERR_TOKENIZER, "sorted[7] = 2^31");
    /* section size */
    case_hdr(m, H_TOK_SIZE, tsz - 1u, EDGELLM_ERR_TOKENIZER, "tok_size - 1");
    case_hdr(m, H_TOK_SIZE, tsz - 4u, EDGELLM_ERR_TOKENIZER, "tok_size - 4");
    if (gap >= 1u) case_hdr(m, H_TOK_SIZE, tsz + 1u, EDGELLM_ERR_TOKENIZER, "tok_size + 1 (inside the alignment gap)");
    case_hdr(m, H_TOK_SIZE, 16, EDGELLM_ERR_TOKENIZER, "tok_size 16 (shorter than the fixed part)");
    case_hdr(m, H_TOK_SIZE, 0, EDGELLM_ERR_TOKENIZER, "tok_size 0");
    case_tok(m, T_BLOB_SIZE, blob + 1u, EDGELLM_ERR_TOKENIZER, "blob_size + 1");
    case_tok(m, T_BLOB_SIZE, blob - 1u, EDGELLM_ERR_TOKENIZER, "blob_size - 1");
    case_tok(m, T_BLOB_SIZE, 0xFFFFFFFFu, EDGELLM_ERR_TOKENIZER, "blob_size 0xFFFFFFFF");
    /* scores are free */
    case_u32(m, tok_score_at(p, 5), 0x80000000u, EDGELLM_OK, "a score of INT32_MIN (valid)");
    case_u32(m, tok_score_at(p, n - 1u), 0x7FFFFFFFu, EDGELLM_OK, "a score of INT32_MAX (valid)");
}

static void test_tokenizer_bytes(const tmodel *m) {
    const uint8_t *p = m->p;
    uint32_t n = m->vocab;
    uint8_t *f;
    g_group = G_TOKENIZER;
    case_tok(m, T_BYTE_BASE, 0, EDGELLM_ERR_TOKENIZER, "bytes tokenizer with byte_base 0");
    case_tok(m, T_KIND, 0, EDGELLM_ERR_TOKENIZER, "kind 0");
    case_tok(m, T_N, n + 1u, EDGELLM_ERR_TOKENIZER, "n = vocab + 1");
    case_tok(m, T_MAX_LEN, 0, EDGELLM_ERR_TOKENIZER, "max_len 0");
    case_tok(m, T_BOS, n, EDGELLM_ERR_TOKENIZER, "bos = vocab");
    case_tok(m, T_EOS, (uint32_t)-3, EDGELLM_ERR_TOKENIZER, "eos -3");
    case_tok(m, T_BOS, 0, EDGELLM_OK, "bos 0 (valid)");
    f = clone(m);   /* piece 0 empty, piece 1 two bytes: lengths must be 1 */
    put32(f, tok_offs_at(f, 1), 0);
    put32(f, tok_at(f, T_MAX_LEN), 2);
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "bytes tokenizer piece of length 0 and 2");
    f = clone(m);
    swap32(f, tok_sorted_at(f, 3), tok_sorted_at(f, 4));
    expect_fixed(m, f, m->n, EDGELLM_ERR_TOKENIZER, "bytes tokenizer sorted[3], sorted[4] swapped");
    f = clone(m);   /* two equal pieces sort by id: still valid */
    f[piece_at(f, 1)] = f[piece_at(f, 0)];
    expect_fixed(m, f, m->n, EDGELLM_OK, "bytes tokenizer pieces 0 and 1 equal (valid, ties by id)");
    case_hdr(m, H_TOK_SIZE, hdr(p, H_TOK_SIZE) - 1u, EDGELLM_ERR_TOKENIZER, "tok_size - 1");
}

/* ------------------------------------------------------------------ group: api */

typedef struct backend_state { int ret; int fail_at; int calls; } backend_state;

static int test_backend(void *user, const edgellm_matrix *mx, const int8_t *x, int32_t *y) {
    backend_state *b = (backend_state *)user;
    int r = edgellm_matvec_ref(mx, x, y);
    if (b->calls++ == b->fail_at) return b->ret;
    return r;
}

static int ctx_on_arena(edgellm_ctx *c, const edgellm_model *m, uint32_t n_ctx, arena *a) {
    size_t need = 0;
    int r = edgellm_ctx_size(m, n_ctx, &need);
    if (r != EDGELLM_OK) return r;
    arena_make(a, need);
    return edgellm_ctx_init(c, m, n_ctx, a->mem, need);
}

static void test_api(const tmodel *tm, const tmodel *tb) {
    edgellm_model m, mb, zero_model, keep;
    edgellm_ctx c, zero_ctx;
    edgellm_sampler s;
    edgellm_matrix mx;
    arena a, a2;
    size_t need = 0, need4 = 0, sz;
    uint32_t tok = 0, n = 0, i, toks[64] = {0}, len = 0, count;
    int32_t lg[4] = {1, 2, 3, 4}, first_logits[LLAMA_VOCAB];
    int8_t xv[64];
    int32_t yv[64];
    uint8_t buf[16], *bad;
    uint8_t *raw;
    int k;
    backend_state be;
    const uint32_t V = tm->vocab;

    g_group = G_API;
    memset(&zero_model, 0, sizeof zero_model);
    memset(&zero_ctx, 0, sizeof zero_ctx);
    memset(xv, 0, sizeof xv);
    edgellm_sampler_init(&s, 0, 0, 65536, 1);

    check_code(EDGELLM_OK, edgellm_model_load(&m, tm->p, tm->n), "load %s", tm->name);
    check_code(EDGELLM_OK, edgellm_model_load(&mb, tb->p, tb->n), "load %s", tb->name);

    /* NULL arguments */
    check_code(EDGELLM_ERR_ARG, edgellm_model_load(NULL, tm->p, tm->n), "edgellm_model_load(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_model_load(&keep, NULL, tm->n), "edgellm_model_load(NULL data)");
    check_code(EDGELLM_ERR_ARG, edgellm_model_load(&keep, NULL, 0), "edgellm_model_load(NULL data, size 0)");
    check_code(EDGELLM_ERR_ARG, edgellm_model_matrix(NULL, 0, &mx), "edgellm_model_matrix(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_model_matrix(&m, 0, NULL), "edgellm_model_matrix(NULL out)");
    check_true(edgellm_model_matrix_count(NULL) == 0, "edgellm_model_matrix_count(NULL) = %u, expected 0", edgellm_model_matrix_count(NULL));
    count = edgellm_model_matrix_count(&m);
    check_code(EDGELLM_ERR_ARG, edgellm_model_matrix(&m, count, &mx), "edgellm_model_matrix(index = count %u)", count);
    check_code(EDGELLM_ERR_ARG, edgellm_model_matrix(&m, 0xFFFFFFFFu, &mx), "edgellm_model_matrix(index 0xFFFFFFFF)");
    check_code(EDGELLM_OK, edgellm_model_matrix(&m, count - 1u, &mx), "edgellm_model_matrix(index count - 1)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_size(NULL, 1, &sz), "edgellm_ctx_size(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_size(&m, 1, NULL), "edgellm_ctx_size(NULL bytes)");
    check_code(EDGELLM_OK, edgellm_ctx_size(&m, tm->seq_len, &need), "edgellm_ctx_size(seq_len)");
    check_code(EDGELLM_OK, edgellm_ctx_size(&m, 4, &need4), "edgellm_ctx_size(4)");
    arena_make(&a, need);
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(NULL, &m, 1, a.mem, need), "edgellm_ctx_init(NULL ctx)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(&c, NULL, 1, a.mem, need), "edgellm_ctx_init(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(&c, &m, 1, NULL, need), "edgellm_ctx_init(NULL mem)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_reset(NULL), "edgellm_ctx_reset(NULL)");
    check_code(EDGELLM_ERR_ARG, edgellm_feed(NULL, 0), "edgellm_feed(NULL)");
    check_code(EDGELLM_ERR_ARG, edgellm_prefill(NULL, toks, 1), "edgellm_prefill(NULL ctx)");
    check_code(EDGELLM_ERR_ARG, edgellm_argmax(NULL, 4, &tok), "edgellm_argmax(NULL logits)");
    check_code(EDGELLM_ERR_ARG, edgellm_argmax(lg, 4, NULL), "edgellm_argmax(NULL token)");
    check_code(EDGELLM_ERR_ARG, edgellm_argmax(lg, 0, &tok), "edgellm_argmax(n 0)");
    check_code(EDGELLM_OK, edgellm_argmax(lg, 4, &tok), "edgellm_argmax(valid)");
    check_true(tok == 3, "edgellm_argmax({1,2,3,4}) = %u, expected 3", tok);
    check_code(EDGELLM_ERR_ARG, edgellm_encode(NULL, "a", 1, 0, toks, 64, &n), "edgellm_encode(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_encode(&m, NULL, 5, 0, toks, 64, &n), "edgellm_encode(NULL text, len 5)");
    check_code(EDGELLM_ERR_ARG, edgellm_encode(&m, "a", 1, 0, NULL, 64, &n), "edgellm_encode(NULL tokens)");
    check_code(EDGELLM_ERR_ARG, edgellm_encode(&m, "a", 1, 0, toks, 64, NULL), "edgellm_encode(NULL n_tokens)");
    n = 99;
    check_code(EDGELLM_OK, edgellm_encode(&m, NULL, 0, 1, toks, 64, &n), "edgellm_encode(NULL text, len 0, bos)");
    check_true(n == 1 && toks[0] == 1, "edgellm_encode(empty, bos): n %u tok %u, expected [1]", n, toks[0]);
    check_code(EDGELLM_ERR_ARG, edgellm_token_piece(NULL, 0, 5, buf, 16, &len), "edgellm_token_piece(NULL model)");
    check_code(EDGELLM_ERR_ARG, edgellm_token_piece(&m, 0, 5, NULL, 16, &len), "edgellm_token_piece(NULL buf)");
    check_code(EDGELLM_ERR_ARG, edgellm_token_piece(&m, 0, 5, buf, 16, NULL), "edgellm_token_piece(NULL len)");
    check_code(EDGELLM_OK, edgellm_model_matrix(&m, 0, &mx), "edgellm_model_matrix(0)");
    check_code(EDGELLM_ERR_ARG, edgellm_matvec_ref(NULL, xv, yv), "edgellm_matvec_ref(NULL matrix)");
    check_code(EDGELLM_ERR_ARG, edgellm_matvec_ref(&mx, NULL, yv), "edgellm_matvec_ref(NULL x)");
    check_code(EDGELLM_ERR_ARG, edgellm_matvec_ref(&mx, xv, NULL), "edgellm_matvec_ref(NULL y)");
    {
        edgellm_matrix bt = mx;
        bt.type = 9;
        check_code(EDGELLM_ERR_TENSOR_TYPE, edgellm_matvec_ref(&bt, xv, yv), "edgellm_matvec_ref(type 9)");
    }
    edgellm_set_backend(NULL, test_backend, &be);        /* void: must not crash */
    edgellm_sampler_init(NULL, 0, 0, 0, 0);              /* void: must not crash */
    for (k = -30; k <= 5; k++)
        check_true(edgellm_result_string(k) != NULL, "edgellm_result_string(%d) is NULL", k);

    /* n_ctx out of range */
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_size(&m, 0, &sz), "edgellm_ctx_size(n_ctx 0)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_size(&m, tm->seq_len + 1u, &sz), "edgellm_ctx_size(n_ctx seq_len + 1)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_size(&m, 0xFFFFFFFFu, &sz), "edgellm_ctx_size(n_ctx 0xFFFFFFFF)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(&c, &m, 0, a.mem, need), "edgellm_ctx_init(n_ctx 0)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(&c, &m, tm->seq_len + 1u, a.mem, need), "edgellm_ctx_init(n_ctx seq_len + 1)");
    check_code(EDGELLM_ERR_ARG, edgellm_ctx_init(&c, &m, 0xFFFFFFFFu, a.mem, need), "edgellm_ctx_init(n_ctx 0xFFFFFFFF)");

    /* arena size and alignment */
    check_code(EDGELLM_ERR_ARENA_SMALL, edgellm_ctx_init(&c, &m, tm->seq_len, a.mem, need - 1u), "edgellm_ctx_init(arena need - 1)");
    check_code(EDGELLM_ERR_ARENA_SMALL, edgellm_ctx_init(&c, &m, tm->seq_len, a.mem, 0), "edgellm_ctx_init(arena 0 bytes)");
    check_code(EDGELLM_ERR_ARENA_SMALL, edgellm_ctx_init(&c, &m, 4, a.mem, need4 - 1u), "edgellm_ctx_init(n_ctx 4, arena need - 1)");
    check_true(arena_guards_ok(&a), "guards intact after failed inits");
    raw = malloc(need + 32u);
    for (k = 1; k < 16; k++) {
        uint8_t *al = (uint8_t *)(((uintptr_t)raw + 15u) & ~(uintptr_t)15u);
        check_code(EDGELLM_ERR_ARENA_ALIGN, edgellm_ctx_init(&c, &m, tm->seq_len, al + k, need), "edgellm_ctx_init(arena misaligned by %d)", k);
    }
    free(raw);
    check_code(EDGELLM_OK, edgellm_ctx_init(&c, &m, tm->seq_len, a.mem, need), "edgellm_ctx_init(exact arena)");

    /* state: never-initialised and failed-init contexts, never-loaded and failed-load models */
    check_code(EDGELLM_ERR_STATE, edgellm_ctx_reset(&zero_ctx), "edgellm_ctx_reset(never initialised)");
    check_code(EDGELLM_ERR_STATE, edgellm_feed(&zero_ctx, 0), "edgellm_feed(never initialised)");
    check_code(EDGELLM_ERR_STATE, edgellm_prefill(&zero_ctx, toks, 1), "edgellm_prefill(never initialised)");
    check_code(EDGELLM_ERR_STATE, edgellm_sample(&zero_ctx, &s, &tok), "edgellm_sample(never initialised)");
    check_code(EDGELLM_ERR_STATE, edgellm_ctx_size(&zero_model, 1, &sz), "edgellm_ctx_size(never loaded model)");
    check_code(EDGELLM_ERR_STATE, edgellm_ctx_init(&c, &zero_model, 1, a.mem, need), "edgellm_ctx_init(never loaded model)");
    check_code(EDGELLM_ERR_STATE, edgellm_feed(&c, 0), "edgellm_feed after the failed edgellm_ctx_init");
    check_code(EDGELLM_ERR_STATE, edgellm_ctx_reset(&c), "edgellm_ctx_reset after the failed edgellm_ctx_init");
    check_code(EDGELLM_ERR_STATE, edgellm_model_matrix(&zero_model, 0, &mx), "edgellm_model_matrix(never loaded model)");
    check_true(edgellm_model_matrix_count(&zero_model) == 0, "edgellm_model_matrix_count(never loaded) != 0");
    check_code(EDGELLM_ERR_STATE, edgellm_encode(&zero_model, "a", 1, 0, toks, 64, &n), "edgellm_encode(never loaded model)");
    check_code(EDGELLM_ERR_STATE, edgellm_token_piece(&zero_model, 0, 5, buf, 16, &len), "edgellm_token_piece(never loaded model)");
    {
        edgellm_model fl;   /* a loaded model struct, then a load that fails late (tokenizer) */
        edgellm_ctx c2;
        arena a3;
        bad = clone(tm);
        put32(bad, tok_at(bad, T_KIND), 7);
        fix_crc(bad, tm->n);
        memset(&fl, 0, sizeof fl);
        check_code(EDGELLM_OK, edgellm_model_load(&fl, tm->p, tm->n), "load before the failing reload");
        check_code(EDGELLM_OK, ctx_on_arena(&c2, &fl, 4, &a3), "ctx on the model before the failing reload");
        memcpy(&keep, &fl, sizeof keep);
        check_code(EDGELLM_ERR_TOKENIZER, edgellm_model_load(&fl, bad, tm->n), "reload with a bad tokenizer kind");
        keep.valid = fl.valid;
        check_true(memcmp(&keep, &fl, sizeof fl) == 0,
                   "failed edgellm_model_load changed *model beyond `valid` (\"nothing is written to caller outputs when a call fails\")");
        check_code(EDGELLM_ERR_STATE, edgellm_ctx_size(&fl, 1, &sz), "edgellm_ctx_size(model whose load failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_ctx_init(&c, &fl, 1, a.mem, need), "edgellm_ctx_init(model whose load failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_model_matrix(&fl, 0, &mx), "edgellm_model_matrix(model whose load failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_encode(&fl, "a", 1, 0, toks, 64, &n), "edgellm_encode(model whose load failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_token_piece(&fl, 0, 5, buf, 16, &len), "edgellm_token_piece(model whose load failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_feed(&c2, 0), "edgellm_feed(ctx whose model's reload failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_prefill(&c2, toks, 1), "edgellm_prefill(ctx whose model's reload failed)");
        check_code(EDGELLM_ERR_STATE, edgellm_sample(&c2, &s, &tok), "edgellm_sample(ctx whose model's reload failed)");
        check_true(arena_guards_ok(&a3), "guards intact (ctx of the failed model)");
        arena_free(&a3);
        free(bad);
    }
    check_code(EDGELLM_OK, edgellm_ctx_init(&c, &m, tm->seq_len, a.mem, need), "edgellm_ctx_init again");

    /* tokens */
    check_code(EDGELLM_ERR_TOKEN, edgellm_feed(&c, V), "edgellm_feed(token = vocab)");
    check_code(EDGELLM_ERR_TOKEN, edgellm_feed(&c, V + 1u), "edgellm_feed(token = vocab + 1)");
    check_code(EDGELLM_ERR_TOKEN, edgellm_feed(&c, 0xFFFFFFFFu), "edgellm_feed(token 0xFFFFFFFF)");
    check_true(c.pos == 0, "pos %u after rejected tokens, expected 0", c.pos);
    toks[0] = 5; toks[1] = V; toks[2] = 7;
    check_code(EDGELLM_ERR_TOKEN, edgellm_prefill(&c, toks, 3), "edgellm_prefill with token = vocab in the middle");
    check_true(c.pos == 0, "pos %u after edgellm_prefill with a bad token, expected 0", c.pos);
    check_code(EDGELLM_ERR_ARG, edgellm_prefill(&c, NULL, 1), "edgellm_prefill(NULL tokens, n 1)");
    check_code(EDGELLM_OK, edgellm_prefill(&c, NULL, 0), "edgellm_prefill(NULL tokens, n 0)");
    check_code(EDGELLM_ERR_ARG, edgellm_sample(NULL, &s, &tok), "edgellm_sample(NULL ctx)");
    check_code(EDGELLM_ERR_ARG, edgellm_sample(&c, NULL, &tok), "edgellm_sample(NULL sampler)");
    check_code(EDGELLM_ERR_ARG, edgellm_sample(&c, &s, NULL), "edgellm_sample(NULL token)");

    /* context full, reset, and the context still works */
    arena_free(&a);
    check_code(EDGELLM_OK, ctx_on_arena(&c, &m, 4, &a), "edgellm_ctx_init(n_ctx 4)");
    check_code(EDGELLM_OK, edgellm_feed(&c, 42), "feed 1 of 4");
    memcpy(first_logits, c.logits, sizeof(int32_t) * V);
    for (i = 1; i < 4; i++) check_code(EDGELLM_OK, edgellm_feed(&c, 42 + i), "feed %u of 4", i + 1u);
    check_code(EDGELLM_ERR_CONTEXT_FULL, edgellm_feed(&c, 1), "feed 5 into n_ctx 4");
    check_code(EDGELLM_ERR_CONTEXT_FULL, edgellm_feed(&c, 1), "feed 6 into n_ctx 4");
    check_true(c.pos == 4, "pos %u after context full, expected 4", c.pos);
    check_code(EDGELLM_ERR_PROMPT_TOO_LONG, edgellm_prefill(&c, toks, 1), "edgellm_prefill(1) into a full context");
    check_code(EDGELLM_OK, edgellm_prefill(&c, toks, 0), "edgellm_prefill(0) into a full context");
    check_code(EDGELLM_OK, edgellm_sample(&c, &s, &tok), "edgellm_sample on a full context");
    check_code(EDGELLM_OK, edgellm_ctx_reset(&c), "edgellm_ctx_reset");
    check_true(c.pos == 0, "pos %u after reset, expected 0", c.pos);
    check_code(EDGELLM_OK, edgellm_feed(&c, 42), "feed after reset");
    check_true(memcmp(first_logits, c.logits, sizeof(int32_t) * V) == 0, "logits after reset differ from the first run");
    /* prefill longer than the remaining context: nothing fed */
    for (i = 0; i < 8; i++) toks[i] = 10u + i;
    check_code(EDGELLM_ERR_PROMPT_TOO_LONG, edgellm_prefill(&c, toks, 4), "edgellm_prefill(4) with 3 positions left");
    check_true(c.pos == 1, "pos %u after PROMPT_TOO_LONG, expected 1", c.pos);
    check_code(EDGELLM_ERR_PROMPT_TOO_LONG, edgellm_prefill(&c, toks, 0xFFFFFFFFu), "edgellm_prefill(n 0xFFFFFFFF)");
    check_code(EDGELLM_ERR_PROMPT_TOO_LONG, edgellm_prefill(&c, toks, 0x80000001u), "edgellm_prefill(n 2^31 + 1)");
    check_true(c.pos == 1, "pos %u after PROMPT_TOO_LONG, expected 1", c.pos);
    check_code(EDGELLM_OK, edgellm_prefill(&c, toks, 3), "edgellm_prefill(3) with 3 positions left");
    check_true(c.pos == 4, "pos %u after prefill, expected 4", c.pos);
    check_true(arena_guards_ok(&a), "guards intact after context-full tests");

    /* backends */
    check_code(EDGELLM_OK, edgellm_ctx_reset(&c), "reset before backend tests");
    be.ret = 0; be.fail_at = -1; be.calls = 0;
    edgellm_set_backend(&c, test_backend, &be);
    check_code(EDGELLM_OK, edgellm_feed(&c, 42), "feed through a passing backend");
    check_true(memcmp(first_logits, c.logits, sizeof(int32_t) * V) == 0, "logits through edgellm_matvec_ref backend differ");
    {
        int per_feed = be.calls;
        static const int codes[4] = {EDGELLM_ERR_WEIGHTS, EDGELLM_ERR_ARG, EDGELLM_ERR_BACKEND, EDGELLM_ERR_TENSOR_TYPE};
        for (k = 0; k < 4; k++) {
            uint32_t pos = c.pos;
            be.ret = codes[k]; be.calls = 0; be.fail_at = k == 1 ? per_feed - 1 : k;
            check_code(codes[k], edgellm_feed(&c, 43), "backend returning %s at call %d", fz_name(codes[k]), be.fail_at);
            check_true(c.pos == pos, "pos %u after a failed backend, expected %u", c.pos, pos);
        }
        be.ret = 1; be.calls = 0; be.fail_at = 0;
        check_code(EDGELLM_ERR_BACKEND, edgellm_feed(&c, 43), "backend returning 1");
        be.ret = 0x7FFFFFFF; be.calls = 0; be.fail_at = per_feed - 1;
        check_code(EDGELLM_ERR_BACKEND, edgellm_feed(&c, 43), "backend returning INT32_MAX on the output head");
        be.ret = EDGELLM_ERR_SCALE; be.calls = 0; be.fail_at = 0;
        toks[0] = 1; toks[1] = 2;
        check_code(EDGELLM_ERR_SCALE, edgellm_prefill(&c, toks, 2), "edgellm_prefill through a backend returning ERR_SCALE");
        edgellm_set_backend(&c, NULL, NULL);
        check_code(EDGELLM_OK, edgellm_feed(&c, 43), "feed after restoring the default backend");
    }
    check_true(arena_guards_ok(&a), "guards intact after backend tests");

    /* encode / decode buffers */
    n = 77;
    check_code(EDGELLM_OK, edgellm_encode(&m, "hello world", 11, 1, toks, 64, &n), "encode \"hello world\"");
    check_true(n == 3 && toks[0] == 1 && toks[1] == 293 && toks[2] == 298, "encode \"hello world\" = %u tokens [%u %u %u], expected [1 293 298]",
               n, toks[0], toks[1], toks[2]);
    n = 77;
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&m, "hello world", 11, 1, toks, 2, &n), "encode \"hello world\" + bos, cap 2");
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&m, "hello world", 11, 0, toks, 1, &n), "encode \"hello world\", cap 1");
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&m, "a", 1, 1, toks, 0, &n), "encode \"a\" + bos, cap 0");
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&m, "zqzqzqzqzq", 10, 0, toks, 10, &n), "encode 11 unmergeable tokens, cap 10");
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&m, "\xff\xfe", 2, 1, toks, 3, &n), "encode 2 byte-fallback tokens + space + bos, cap 3");
    check_true(n == 77, "n_tokens written (%u) by a failing encode", n);
    check_code(EDGELLM_OK, edgellm_encode(&m, "\xff\x80\xc3", 3, 0, toks, 64, &n), "encode invalid UTF-8 (byte fallback)");
    check_true(n == 4 && toks[1] == 3u + 0xFFu && toks[2] == 3u + 0x80u && toks[3] == 3u + 0xC3u,
               "encode invalid UTF-8: n %u, expected 4 byte tokens after the space", n);
    check_code(EDGELLM_OK, edgellm_encode(&m, "a\0b", 3, 0, toks, 64, &n), "encode text with a NUL byte");
    check_code(EDGELLM_ERR_ENCODE, edgellm_encode(&mb, "AB\x01", 3, 0, toks, 64, &n), "bytes model: encode byte 0x01");
    check_code(EDGELLM_ERR_ENCODE, edgellm_encode(&mb, "\x7f", 1, 1, toks, 64, &n), "bytes model: encode byte 0x7F");
    check_code(EDGELLM_ERR_ENCODE, edgellm_encode(&mb, "\xc3\xa9", 2, 0, toks, 64, &n), "bytes model: encode UTF-8 e-acute");
    check_code(EDGELLM_ERR_BUFFER, edgellm_encode(&mb, "ABCD", 4, 0, toks, 3, &n), "bytes model: encode 4 bytes, cap 3");
    check_code(EDGELLM_OK, edgellm_encode(&mb, "ABCD", 4, 0, toks, 4, &n), "bytes model: encode 4 bytes, cap 4");
    check_true(n == 4 && toks[0] == 'A' - 0x20u && toks[3] == 'D' - 0x20u, "bytes model: encode ABCD gave %u tokens", n);
    {   /* a BPE model without byte tokens: byte_base -1 (CRC fixed) */
        edgellm_model nb;
        uint8_t *f = clone(tm);
        put32(f, tok_at(f, T_BYTE_BASE), 0xFFFFFFFFu);
        fix_crc(f, tm->n);
        check_code(EDGELLM_OK, edgellm_model_load(&nb, f, tm->n), "load the model with byte_base -1");
        check_code(EDGELLM_ERR_ENCODE, edgellm_encode(&nb, "hi!", 3, 0, toks, 64, &n), "BPE without byte tokens: encode '!'");
        check_code(EDGELLM_OK, edgellm_encode(&nb, "hi", 2, 0, toks, 64, &n), "BPE without byte tokens: encode \"hi\"");
        free(f);
    }
    len = 77;
    check_code(EDGELLM_ERR_TOKEN, edgellm_token_piece(&m, 0, V, buf, 16, &len), "token_piece(token = vocab)");
    check_code(EDGELLM_ERR_TOKEN, edgellm_token_piece(&m, 0, 0xFFFFFFFFu, buf, 16, &len), "token_piece(token 0xFFFFFFFF)");
    check_code(EDGELLM_ERR_TOKEN, edgellm_token_piece(&mb, 0, tb->vocab, buf, 16, &len), "bytes model: token_piece(token = vocab)");
    check_code(EDGELLM_ERR_BUFFER, edgellm_token_piece(&m, 0, 293, buf, 5, &len), "token_piece(\" hello\", cap 5)");
    check_code(EDGELLM_ERR_BUFFER, edgellm_token_piece(&m, 0, 293, buf, 0, &len), "token_piece(\" hello\", cap 0)");
    check_code(EDGELLM_ERR_BUFFER, edgellm_token_piece(&m, 0, 3 + 'x', buf, 0, &len), "token_piece(byte token, cap 0)");
    check_code(EDGELLM_ERR_BUFFER, edgellm_token_piece(&mb, 0, 5, buf, 0, &len), "bytes model: token_piece(cap 0)");
    check_true(len == 77, "len written (%u) by a failing token_piece", len);
    check_code(EDGELLM_OK, edgellm_token_piece(&m, 1, 293, buf, 5, &len), "token_piece(\" hello\" after BOS, cap 5)");
    check_true(len == 5 && memcmp(buf, "hello", 5) == 0, "token_piece after BOS: len %u, expected \"hello\"", len);
    check_code(EDGELLM_OK, edgellm_token_piece(&m, 0, 3 + 0xC3, buf, 1, &len), "token_piece(byte token, cap 1)");
    check_true(len == 1 && buf[0] == 0xC3, "byte token decodes to its byte");
    check_code(EDGELLM_OK, edgellm_token_piece(&m, 0xFFFFFFFFu, 0, buf, 16, &len), "token_piece(prev 0xFFFFFFFF)");

    /* a model image at an odd address (sections are aligned relative to the file only) */
    raw = malloc(tm->n + 1u);
    memcpy(raw + 1, tm->p, tm->n);
    {
        edgellm_model mo;
        edgellm_ctx co;
        check_code(EDGELLM_OK, edgellm_model_load(&mo, raw + 1, tm->n), "load a model at an odd address");
        check_code(EDGELLM_OK, ctx_on_arena(&co, &mo, 4, &a2), "ctx on the odd-address model");
        check_code(EDGELLM_OK, edgellm_feed(&co, 42), "feed on the odd-address model");
        check_true(memcmp(first_logits, co.logits, sizeof(int32_t) * V) == 0, "odd-address model gives different logits");
        arena_free(&a2);
    }
    free(raw);
    arena_free(&a);
}

/* ------------------------------------------------------------------ group: guard */

static void guarded_run(const tmodel *tm, uint32_t n_ctx, uint32_t steps, int sampler_kind) {
    static const uint32_t cfg[6][3] = {
        {0, 0, 65536}, {52429, 40, 58982}, {65536, 0, 65536}, {1, 5, 65536}, {0xFFFFFFFFu, 0, 0}, {65536, 1000, 1}};
    edgellm_model m;
    edgellm_ctx c;
    edgellm_sampler s;
    arena a;
    size_t need = 0;
    uint32_t i, tok = 1, bad = 0, fed = 0;
    uint8_t piece[64];
    uint32_t plen;
    int r;
    check_code(EDGELLM_OK, edgellm_model_load(&m, tm->p, tm->n), "%s: load", tm->name);
    check_code(EDGELLM_OK, edgellm_ctx_size(&m, n_ctx, &need), "%s: ctx_size(%u)", tm->name, n_ctx);
    arena_make(&a, need);
    check_code(EDGELLM_OK, edgellm_ctx_init(&c, &m, n_ctx, a.mem, need), "%s: ctx_init(%u) on an exact arena", tm->name, n_ctx);
    check_true((uint8_t *)c.logits >= a.mem && (uint8_t *)(c.logits + m.vocab) <= a.mem + need,
               "%s: logits outside the arena", tm->name);
    edgellm_sampler_init(&s, cfg[sampler_kind][0], cfg[sampler_kind][1], cfg[sampler_kind][2], 7u + (uint32_t)sampler_kind);
    for (i = 0; i < steps && i < n_ctx; i++) {
        r = edgellm_feed(&c, tok);
        if (r != EDGELLM_OK) { bad = 1; check_code(EDGELLM_OK, r, "%s: feed %u", tm->name, i); break; }
        fed++;
        r = edgellm_sample(&c, &s, &tok);
        if (r != EDGELLM_OK || tok >= m.vocab) { bad = 1; check_code(EDGELLM_OK, r, "%s: sample %u (token %u)", tm->name, i, tok); break; }
        r = edgellm_token_piece(&m, i ? 5u : 1u, tok, piece, sizeof piece, &plen);
        if (r != EDGELLM_OK) { bad = 1; check_code(EDGELLM_OK, r, "%s: token_piece(%u)", tm->name, tok); break; }
    }
    if (!bad) pass_one();
    if (fed == n_ctx)
        check_code(EDGELLM_ERR_CONTEXT_FULL, edgellm_feed(&c, 0), "%s: feed past n_ctx %u", tm->name, n_ctx);
    check_true(arena_guards_ok(&a), "%s: guard bytes changed (n_ctx %u, %u feeds, sampler %d)", tm->name, n_ctx, fed, sampler_kind);
    arena_free(&a);
}

static void test_guard(tmodel *ms, int nm) {
    int i;
    g_group = G_GUARD;
    for (i = 0; i < nm; i++) {
        guarded_run(&ms[i], ms[i].seq_len, ms[i].seq_len, i % 6);     /* fill the whole context */
        guarded_run(&ms[i], 3, 3, (i + 1) % 6);
        guarded_run(&ms[i], 1, 1, (i + 2) % 6);
        guarded_run(&ms[i], 5, 4, (i + 3) % 6);
    }
}

/* ------------------------------------------------------------------ group: fuzz */

static unsigned long fuzz_hist[32];   /* load results, by -code (verbose output only) */

/* Runs a model that loaded (from the file bytes f) with exact expectations: every matrix
   view, the size query and init on an exact arena, min(seq_len, 8) positions fed and one
   more refused as EDGELLM_ERR_CONTEXT_FULL, a sampled token in range and its piece, and
   a text encoded as the manual's rules (fz_ref_encode) say. Returns NULL, or what broke
   (in a static buffer). */
static const char *exercise(const edgellm_model *m, const uint8_t *f, uint64_t *rs) {
    static char why[256];
    edgellm_ctx c;
    edgellm_sampler s;
    size_t need = 0;
    uint32_t n_ctx = m->seq_len < 8u ? m->seq_len : 8u, i, tok = 0, toks[32], want[32], n = 0, wn = 0, len;
    uint32_t count = edgellm_model_matrix_count(m);
    static const char text[] = "hello world\xff!";
    edgellm_matrix mx;
    fz_vocab v;
    uint8_t piece[1100];
    uint8_t *raw = NULL;
    int r, wr;
    why[0] = 0;
#define EX_EXPECT(cond, ...) do { if (!(cond)) { snprintf(why, sizeof why, __VA_ARGS__); goto done; } } while (0)
    for (i = 0; i < count; i++) {
        r = edgellm_model_matrix(m, i, &mx);
        EX_EXPECT(r == EDGELLM_OK, "edgellm_model_matrix(%u) returned %s", i, fz_name(r));
    }
    r = edgellm_ctx_size(m, n_ctx, &need);
    EX_EXPECT(r == EDGELLM_OK, "edgellm_ctx_size returned %s", fz_name(r));
    raw = (uint8_t *)aligned_alloc(16, (need + 15) / 16 * 16);   /* exact size: ASan sees an overrun */
    EX_EXPECT(raw != NULL, "out of memory");
    r = edgellm_ctx_init(&c, m, n_ctx, raw, need);
    EX_EXPECT(r == EDGELLM_OK, "edgellm_ctx_init returned %s", fz_name(r));
    edgellm_sampler_init(&s, 52429, 40, 58982, splitmix(rs));
    for (i = 0; i < n_ctx; i++) {
        r = edgellm_feed(&c, rndn(rs, m->vocab));
        EX_EXPECT(r == EDGELLM_OK, "edgellm_feed at position %u returned %s", i, fz_name(r));
    }
    r = edgellm_feed(&c, 0);
    EX_EXPECT(r == EDGELLM_ERR_CONTEXT_FULL, "edgellm_feed into a full context returned %s", fz_name(r));
    r = edgellm_sample(&c, &s, &tok);
    EX_EXPECT(r == EDGELLM_OK && tok < m->vocab, "edgellm_sample returned %s, token %u", fz_name(r), tok);
    r = edgellm_token_piece(m, m->bos >= 0 ? (uint32_t)m->bos : 0u, tok, piece, sizeof piece, &len);
    EX_EXPECT(r == EDGELLM_OK, "edgellm_token_piece returned %s", fz_name(r));
    r = edgellm_encode(m, text, sizeof text - 1, 1, toks, 32, &n);
    fz_vocab_from_file(&v, f);
    wr = fz_ref_encode(&v, (const uint8_t *)text, sizeof text - 1, 1, want, &wn);
    fz_vocab_free(&v);
    EX_EXPECT(r == wr, "edgellm_encode returned %s, the manual's rules %s", fz_name(r), fz_name(wr));
    EX_EXPECT(r != EDGELLM_OK || (n == wn && memcmp(toks, want, 4u * n) == 0), "edgellm_encode gave other tokens than the manual's rules");
#undef EX_EXPECT
done:
    free(raw);
    return why[0] ? why : NULL;
}

/* One mutated file f[0..n): the loader accepts it exactly when the manual's reading
   (fz_spec_check) does, returns a documented code, and a model that loads runs as
   exercise() expects. Returns NULL, or what broke. *loaded is set when it loaded. */
static const char *fuzz_one(const uint8_t *f, size_t n, uint64_t *rs, int *loaded) {
    static char why[320];
    edgellm_model m;
    const char *spec = fz_spec_check(f, n), *ex;
    int r = edgellm_model_load(&m, f, n);
    *loaded = r == EDGELLM_OK;
    if (r <= 0 && r > -32) fuzz_hist[-r]++;
    if (!fz_documented(r)) { snprintf(why, sizeof why, "the loader returned %d, not a documented code", r); return why; }
    if ((spec == NULL) != (r == EDGELLM_OK)) {
        snprintf(why, sizeof why, "the loader says %s, the manual says %s", fz_name(r), spec ? spec : "valid");
        return why;
    }
    if (r != EDGELLM_OK) return NULL;
    ex = exercise(&m, f, rs);
    if (ex) { snprintf(why, sizeof why, "loaded, then %s", ex); return why; }
    return NULL;
}

static void mutate(uint8_t *f, size_t n, const tmodel *tm, uint64_t *rs) {
    static const uint32_t interesting[] = {0, 1, 2, 3, 4, 15, 16, 127, 128, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
                                           0x3FFFFFFF, 0x40000000, 0x7FFFFFFF, 0x80000000u, 0xFFFFFFF0u, 0xFFFFFFFFu};
    uint32_t sel = rndn(rs, 10), kind = rndn(rs, 4), t = rndn(rs, hdr(tm->p, H_N_TENSORS));
    size_t lo = 0, hi = n, off;
    const uint8_t *p = tm->p;
    if (n == 0) return;
    switch (sel) {
    case 0: hi = hdr(p, H_ROPE_OFF) + 16u; break;                                   /* header, directory */
    case 1: lo = hdr(p, H_TOK_OFF); hi = lo + 64u; break;                           /* tokenizer fields */
    case 2: lo = hdr(p, H_TOK_OFF); hi = lo + hdr(p, H_TOK_SIZE); break;            /* whole tokenizer */
    case 3: lo = dir_get(p, t, D_SCALE_OFF); hi = lo + dir_get(p, t, D_SCALE_SIZE); break;   /* scales */
    /* regions where every value is legal, so that odd but valid models reach the forward pass */
    case 4: lo = dir_get(p, t, D_DATA_OFF); hi = dir_get(p, t, D_TYPE) == EDGELLM_WT_Q16 ? lo + dir_get(p, t, D_DATA_SIZE) : lo; break;
    case 5: lo = hdr(p, H_ROPE_OFF); hi = lo + 2u * (hdr(p, H_DIM) / hdr(p, H_HEADS)); break;
    case 6: lo = tok_score_at(p, 0); hi = tok_sorted_at(p, 0); break;
    default: break;
    }
    if (hi > n) hi = n;
    if (lo >= hi) { lo = 0; hi = n; }
    off = lo + rndn(rs, (uint32_t)(hi - lo));
    switch (kind) {
    case 0: f[off] = (uint8_t)rnd32(rs); break;
    case 1: f[off] ^= (uint8_t)(1u << rndn(rs, 8)); break;
    case 2:
        off &= ~(size_t)3;
        if (off + 4 <= n) put32(f, off, interesting[rndn(rs, sizeof interesting / sizeof interesting[0])]);
        break;
    default: f[off] = (uint8_t)(f[off] + (rnd32(rs) & 1u ? 1u : 0xFFu)); break;
    }
}

/* fm[it % nfm] is mutated in iteration it (repeat entries to weight the small models); the
   iterations together are one check, each failing one printed (up to 20) */
static void test_fuzz(tmodel **fm, int nfm, uint32_t iters, uint64_t seed) {
    uint64_t rs = seed;
    uint32_t it, loaded = 0, bad = 0;
    g_group = G_FUZZ;
    for (it = 0; it < iters; it++) {
        const tmodel *tm = fm[it % (uint32_t)nfm];
        size_t n = tm->n;
        uint8_t *f;
        uint32_t nmut = 1u + rndn(&rs, 4), k;
        int trunc = rndn(&rs, 8) == 0, fixed = (int)(rnd32(&rs) & 1u), ld;
        const char *why;
        if (trunc) n = rndn(&rs, (uint32_t)n);
        f = malloc(n ? n : 1);
        if (!f) { fprintf(stderr, "out of memory\n"); exit(2); }
        memcpy(f, tm->p, n);
        if (trunc && n >= 16 && (rnd32(&rs) & 1u)) put32(f, H_FILE_SIZE, (uint32_t)n);   /* claim the shorter size */
        for (k = 0; k < nmut; k++) mutate(f, n, tm, &rs);
        if (fixed) fix_crc(f, n);
        why = fuzz_one(f, n, &rs, &ld);
        loaded += (uint32_t)ld;
        if (why && bad++ < 20)
            printf("FAIL [fuzz] iteration %u (%s, %zu bytes, crc %s): %s\n", it, tm->name, n, fixed ? "fixed" : "kept", why);
        free(f);
    }
    check_true(bad == 0, "%u of %u mutated models: the loader's verdict, a result code or a run of a loaded model was not the expected one",
               bad, iters);
    check_true(loaded >= iters / 20, "only %u of %u mutated models loaded and ran (fewer than 5%%)", loaded, iters);
    if (getenv("EDGELLM_TEST_VERBOSE")) {
        int c;
        printf("fuzz: %u of %u mutated models loaded and ran; load results:", loaded, iters);
        for (c = 0; c < 32; c++) if (fuzz_hist[c]) printf(" %s %lu", fz_name(-c) + 8, fuzz_hist[c]);
        printf("\n");
    }
}

/* ------------------------------------------------------------------ group: shared */

/* sampled prefixes, flips and CRC-fixed mutations of one real model image */
static void shared_image(const char *name, const uint8_t *img, size_t n) {
    tmodel tm;
    edgellm_model m;
    uint64_t rs = 0x5EEDu;
    size_t k, i;
    int r, ld;
    const char *why;
    g_group = G_SHARED;
    r = edgellm_model_load(&m, img, n);
    if (!check_code(EDGELLM_OK, r, "%s: load", name)) return;
    memset(&tm, 0, sizeof tm);
    snprintf(tm.name, sizeof tm.name, "%.39s", name);
    tm.p = (uint8_t *)(uintptr_t)img; tm.n = n; tm.vocab = m.vocab; tm.seq_len = m.seq_len;
    why = exercise(&m, img, &rs);   /* the whole pipeline once on the unmodified model */
    check_true(why == NULL, "%s: the valid model: %s", name, why ? why : "");
    for (i = 0; i < 40; i++) {
        k = i < 10 ? i : i == 10 ? 127 : i == 11 ? 128 : i == 12 ? n - 1 : rndn(&rs, (uint32_t)n);
        if (k < n) check_code(EDGELLM_ERR_TRUNCATED, load_copy(img, k), "%s: prefix of %zu of %zu bytes", name, k, n);
    }
    for (i = 0; i < 40; i++) {
        uint8_t *f = clone(&tm);
        uint8_t mask = (uint8_t)(1u << rndn(&rs, 8));
        k = i < 16 ? i : rndn(&rs, (uint32_t)n);
        f[k] ^= mask;
        check_code(flip_expect(k, hdr(f, H_FILE_SIZE), n), edgellm_model_load(&m, f, n), "%s: byte %zu ^ 0x%02X", name, k, mask);
        free(f);
    }
    for (i = 0; i < 48; i++) {
        uint8_t *f = clone(&tm);
        uint32_t j, nm = 1u + rndn(&rs, 3);
        for (j = 0; j < nm; j++) mutate(f, n, &tm, &rs);
        fix_crc(f, n);
        why = fuzz_one(f, n, &rs, &ld);
        check_true(why == NULL, "%s: mutation %zu: %s", name, i, why ? why : "");
        free(f);
    }
}

/* MODEL_DIR: the llama2.c checkpoint stories260K.bin + tok512.bin (in DIR or DIR/models),
   converted by the converter's reader to I8 and to T2 with a 16-bit KV cache, and every
   *.elm file in DIR */
static void test_shared(const char *dir) {
    static const char *const sub[2] = {"", "/models"};
    char ckp[4096], tkp[4096];
    uint8_t *ck = NULL, *tk = NULL;
    size_t ckn = 0, tkn = 0;
    DIR *d;
    struct dirent *e;
    int files = 0, i;
    for (i = 0; i < 2 && !ck; i++) {
        snprintf(ckp, sizeof ckp, "%s%s/stories260K.bin", dir, sub[i]);
        snprintf(tkp, sizeof tkp, "%s%s/tok512.bin", dir, sub[i]);
        ck = read_file(ckp, &ckn);
        tk = ck ? read_file(tkp, &tkn) : NULL;
        if (!tk) { free(ck); ck = NULL; }
    }
    if (ck) {
        static const int wt[2] = {ELM_WT_I8, ELM_WT_T2};
        for (i = 0; i < 2; i++) {
            uint8_t *img = NULL;
            size_t n = 0;
            char err[512];
            elm_write_options opt;
            memset(&opt, 0, sizeof opt);
            opt.wtype = wt[i];
            opt.kv16 = i;
            g_group = G_SHARED;
            if (!check_true(convert_llama2c(ck, ckn, ckp, tk, tkn, tkp, &opt, &img, &n, err, sizeof err) == 0, "%s: conversion failed: %s",
                            ckp, err))
                continue;
            shared_image(i ? "stories260K-T2-kv16" : "stories260K-I8", img, n);
            free(img);
        }
        free(ck);
        free(tk);
        files++;
    }
    d = opendir(dir);
    while (d && (e = readdir(d)) != NULL && files < SHARED_MAX_FILES) {
        size_t l = strlen(e->d_name), n = 0;
        char path[4096];
        uint8_t *img;
        if (l < 5 || strcmp(e->d_name + l - 4, ".elm") != 0) continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        if (!(img = read_file(path, &n))) continue;
        shared_image(e->d_name, img, n);
        free(img);
        files++;
    }
    if (d) closedir(d);
    if (!files) printf("skipped: the shared-model pass: no stories260K.bin/tok512.bin or *.elm model in %s\n", dir);
}

/* ------------------------------------------------------------------ mutants for the host tools */

/* --mutants DIR N: N mutated copies of the standard models (T2, T1, I8 in turn; 1-4 edits,
   the CRC fixed in every other one) as DIR/mNNNN.elm, and DIR/expect.tsv with a line
   `FILE<TAB>CODE<TAB>TEXT` each: the load result and its text, what the host tools must
   report (tests/badinput/run.sh runs them under ASan+UBSan on these files). */
static int write_mutants(tmodel *ms, const char *dir, uint32_t n) {
    static const int pick[3] = {0, 4, 8};   /* T2 plain tied, T1 plain tied, I8 plain tied */
    uint64_t rs = 0xC0FFEEull;
    char path[4096];
    FILE *ex;
    uint32_t i;
    snprintf(path, sizeof path, "%s/expect.tsv", dir);
    if (!(ex = fopen(path, "w"))) { printf("FAIL cannot write %s\n", path); return 1; }
    for (i = 0; i < n; i++) {
        const tmodel *tm = &ms[pick[i % 3u]];
        uint8_t *f = clone(tm);
        uint32_t k, nm = 1u + rndn(&rs, 4);
        edgellm_model m;
        FILE *o;
        int r;
        for (k = 0; k < nm; k++) mutate(f, tm->n, tm, &rs);
        if (i & 1u) fix_crc(f, tm->n);
        r = edgellm_model_load(&m, f, tm->n);
        snprintf(path, sizeof path, "%s/m%04u.elm", dir, i);
        if (!(o = fopen(path, "wb")) || fwrite(f, 1, tm->n, o) != tm->n || fclose(o) != 0) {
            printf("FAIL cannot write %s\n", path);
            free(f);
            fclose(ex);
            return 1;
        }
        fprintf(ex, "%s\t%d\t%s\n", path, r, edgellm_result_string(r));
        free(f);
    }
    return fclose(ex) != 0;
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv) {
    enum { NLLAMA = 12, NBYTES = NLLAMA, NTINYB = NLLAMA + 1, NTINYL = NLLAMA + 2, NMODELS = NLLAMA + 3 };
    tmodel ms[NMODELS];
    tmodel *fz[40];
    unsigned long pass = 0, fail = 0;
    int nm = 0, wt, g, sp, i;
    static const int wtypes[3] = {ELM_WT_T2, ELM_WT_T1, ELM_WT_I8};

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (wt = 0; wt < 3; wt++)
        for (g = 0; g < 2; g++)
            for (sp = 0; sp < 2; sp++) {
                if (build_model(&ms[nm], &STD_LLAMA, wtypes[wt], g, sp, (wt + g + sp) % 3, ELM_TOK_LLAMA2, nm % 3 == 0 && nm,
                                1000u + (uint64_t)nm) != 0) {
                    printf("test_badinput: 0 passed, 1 failed\n");
                    return 1;
                }
                nm++;
            }
    if (build_model(&ms[nm++], &STD_BYTES, ELM_WT_T1, 1, 0, ELM_ACT_SILU, ELM_TOK_BYTES, 0, 2000u) != 0 ||
        build_model(&ms[nm++], &TINY_BYTES, ELM_WT_T2, 1, 0, ELM_ACT_RELU2, ELM_TOK_BYTES, 0, 3000u) != 0 ||
        build_model(&ms[nm++], &TINY_LLAMA, ELM_WT_I8, 0, 1, ELM_ACT_SILU, ELM_TOK_LLAMA2, 1, 4000u) != 0) {
        printf("test_badinput: 0 passed, 1 failed\n");
        return 1;
    }

    lap("build models");
    if (argc == 4 && !strcmp(argv[1], "--mutants")) {
        int rc = write_mutants(ms, argv[2], (uint32_t)strtoul(argv[3], NULL, 10));
        for (i = 0; i < nm; i++) free(ms[i].p);
        return rc;
    }
    test_crc(ms, nm);
    for (i = 0; i < nm; i++) {
        if (i >= NBYTES) test_prefix_all(&ms[i]);
        else test_prefix_sampled(&ms[i], 77u + (uint64_t)i);
    }
    lap("prefix");
    test_flip(&ms[NTINYB]);
    test_flip(&ms[NTINYL]);
    lap("flip");
    for (i = 0; i < NTINYB; i++) {
        const tmodel *m = &ms[i];
        /* models are ordered T2, T1, I8 x (plain, gated) x (tied, head): 2 = T2 gated tied,
           9 = I8 plain head, NBYTES = bytes tokenizer (T1 gated tied) */
        int full = i == 2 || i == 9 || i == NBYTES;
        if (full) {
            test_header(m);
            test_shape(m);
            test_offset(m);
            test_tensor_type(m);
            test_tensor_shape(m);
            test_scale(m);
        }
        test_weights(m);
        if (i == 0 || i == 11) test_tokenizer_llama(m);   /* T2 plain tied, I8 gated head */
    }
    test_tokenizer_bytes(&ms[NBYTES]);
    lap("structural");
    test_api(&ms[0], &ms[NBYTES]);
    lap("api");
    test_guard(ms, nm);
    lap("guard");
    /* mostly the tiny models (every loader check is cheap to reach), some standard ones */
    for (i = 0; i < 18; i++) { fz[2 * i] = &ms[NTINYB]; fz[2 * i + 1] = &ms[NTINYL]; }
    fz[36] = &ms[NBYTES]; fz[37] = &ms[5]; fz[38] = &ms[NBYTES]; fz[39] = &ms[10];
    test_fuzz(fz, 40, FUZZ_ITERS, 0xF0220001ull);
    lap("fuzz");
    if (argc > 1) test_shared(argv[1]);
    else printf("skipped: the shared-model pass (stories260K truncations, flips, mutations): no MODEL_DIR given\n");
    lap("shared");

    for (g = 0; g < G_COUNT; g++) {
        pass += g_pass[g];
        fail += g_fail[g];
        if (getenv("EDGELLM_TEST_VERBOSE"))
            printf("  %-13s %8lu passed %6lu failed\n", group_name[g], g_pass[g], g_fail[g]);
    }
    for (i = 0; i < nm; i++) free(ms[i].p);
    printf("test_badinput: %lu passed, %lu failed%s\n", pass, fail, g_pass[G_SHARED] + g_fail[G_SHARED] ? "" : ", 1 skipped");
    return fail ? 1 : 0;
}
