/* cosim.c - runs edgellm_hw.h against the Verilated accelerator (C shim in
   edgellm_sim.cpp): the driver's low-level calls and error paths, then whole
   models generated token by token with every placed matrix-vector product in
   the RTL (cross-checked against edgellm_matvec_ref) and compared bit for bit
   with a software-only run of the same model.

   usage: cosim [seed] [stall] [model.elm ...]
          stall 1: random stalls on every AXI channel; each model file given is
          also run in hardware and in software and must agree token for token
   Prints exact pass/fail counts; exits 1 on any failure. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgellm_sim.h"

#define EDGELLM_HW_READ32(hw, off) ((void)(hw), edgellm_sim_read32(off))
#define EDGELLM_HW_WRITE32(hw, off, v) ((void)(hw), edgellm_sim_write32((off), (v)))
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"
#define EDGELLM_HW_IMPLEMENTATION
#include "edgellm_hw.h"
#define MODELWRITE_IMPLEMENTATION
#include "modelwrite.h"
#include "hw_ref.h"

static unsigned long n_pass, n_fail;

static int check(int ok, const char *what, long long a, long long b) {
    if (ok) { n_pass++; return 1; }
    n_fail++;
    if (n_fail <= 12) printf("  FAIL %s (%lld vs %lld)\n", what, a, b);
    return 0;
}

static uint64_t rng_state = 1;
static uint32_t rnd(void) { return edgellm_rng_u32(&rng_state); }
static float frnd(float a) { return a * ((float)(rnd() % 20001u) / 10000.0f - 1.0f); }

/* ------------------------------------------------------------ low level */
static void make_rows(uint32_t type, uint32_t rows, uint32_t cols_pad, uint8_t *data, uint32_t stride) {
    uint32_t r, c, b, i, k;
    memset(data, 0, (size_t)rows * stride);
    for (r = 0; r < rows; r++) {
        uint8_t *row = data + (size_t)r * stride;
        if (type == HWREF_T1) {
            for (b = 0; b < cols_pad / 80u; b++)
                for (i = 0; i < 16u; i++) {
                    int32_t w[5];
                    for (k = 0; k < 5; k++) w[k] = (int32_t)(rnd() % 3u) - 1;
                    row[16u * b + i] = hwref_t1_byte(w);
                }
        } else {
            for (c = 0; c < cols_pad; c++)
                hwref_put(type, row, c, type == HWREF_I8 ? (int32_t)(int8_t)rnd() : (int32_t)(rnd() % 3u) - 1);
        }
    }
}

static void test_low_level(edgellm_hw *hw) {
    static uint8_t w[65536], back[65536];
    static int8_t x[4096];
    static int32_t y[4096], want[4096];
    uint32_t type, i, n;
    int r;

    /* weight memory round trip */
    n = hw->wmem_bytes < sizeof w ? hw->wmem_bytes : (uint32_t)sizeof w;
    for (i = 0; i < n; i++) w[i] = (uint8_t)rnd();
    check(edgellm_hw_write_weights(hw, 0, w, n) == EDGELLM_OK, "write_weights", 0, 0);
    check(edgellm_hw_read_weights(hw, 0, back, n) == EDGELLM_OK, "read_weights", 0, 0);
    check(memcmp(w, back, n) == 0, "weight memory round trip", 0, 0);
    check(edgellm_hw_write_weights(hw, 2, w, 4) == EDGELLM_ERR_ARG, "unaligned address refused", 0, 0);
    check(edgellm_hw_write_weights(hw, hw->wmem_bytes - 4, w, 8) == EDGELLM_ERR_ARG, "overrun refused", 0, 0);

    /* one product per type through edgellm_hw_run */
    for (type = 1; type <= 3; type++) {
        uint32_t cols = 1 + rnd() % 300, cols_pad = hwref_cols_pad(type, cols), stride = hwref_stride(type, cols_pad);
        uint32_t rows = 1 + rnd() % 100;
        if (!EDGELLM_HW_CAPS_TYPE(hw->caps, type)) continue;
        if (cols_pad > hw->xmax) cols_pad = hw->xmax / 80u * 80u, stride = hwref_stride(type, cols_pad);
        make_rows(type, rows, cols_pad, w, stride);
        for (i = 0; i < cols_pad; i++) x[i] = (int8_t)rnd();
        hwref_matvec(type, rows, cols_pad, stride, w, x, want);
        edgellm_hw_write_weights(hw, 256, w, rows * stride);
        r = edgellm_hw_run(hw, type, rows, cols_pad, stride, 256, x, y);
        check(r == EDGELLM_OK, "edgellm_hw_run", r, 0);
        check(memcmp(y, want, rows * 4u) == 0, "edgellm_hw_run result", y[0], want[0]);
    }

    /* errors reported by the device */
    r = edgellm_hw_run(hw, 1, 1, 48, 16, 0, x, y);
    check(r == EDGELLM_HW_ERR_DESC, "descriptor error", r, EDGELLM_HW_ERR_DESC);
    r = edgellm_hw_run(hw, 1, 8, 64, 16, hw->wmem_bytes - 64, x, y);
    check(r == EDGELLM_HW_ERR_RANGE, "range error", r, EDGELLM_HW_ERR_RANGE);
    r = edgellm_hw_run(hw, 1, 1, hw->xmax + 64, 16, 0, x, y);
    check(r == EDGELLM_ERR_ARG, "cols beyond XMAX refused by the driver", r, EDGELLM_ERR_ARG);

    /* a hung (here: slow) accelerator becomes a timeout, and the device recovers */
    {
        uint32_t rows = hw->ymax, stride = 16;
        hw->poll_limit = 2;
        r = edgellm_hw_run(hw, 1, rows, 64, stride, 0, x, y);
        check(r == EDGELLM_HW_ERR_TIMEOUT, "timeout", r, EDGELLM_HW_ERR_TIMEOUT);
        check(edgellm_sim_read32(EDGELLM_HW_REG_STATUS) == 0, "aborted after the timeout",
              edgellm_sim_read32(EDGELLM_HW_REG_STATUS), 0);
        hw->poll_limit = EDGELLM_HW_POLL_DEFAULT;
        make_rows(1, rows, 64, w, stride);
        edgellm_hw_write_weights(hw, 0, w, rows * stride);
        for (i = 0; i < 64; i++) x[i] = (int8_t)rnd();
        hwref_matvec(1, rows, 64, stride, w, x, want);
        r = edgellm_hw_run(hw, 1, rows, 64, stride, 0, x, y);
        check(r == EDGELLM_OK && memcmp(y, want, rows * 4u) == 0, "runs after the timeout", r, 0);
    }
}

/* ------------------------------------------------------------ whole models */
typedef struct {
    int dim, hidden, layers, heads, kv_heads, vocab, wtype, tied;
} shape;

static unsigned char *build_model(const shape *s, size_t *len) {
    elm_float_model m;
    elm_write_options o;
    size_t dim = (size_t)s->dim, hid = (size_t)s->hidden, L = (size_t)s->layers;
    size_t kv = (size_t)s->kv_heads * (dim / (size_t)s->heads), V = (size_t)s->vocab, i, n;
    float *p;
    unsigned char *buf = NULL;
    static unsigned char bytes[256];
    static const unsigned char *pieces[256];
    static int plen[256];
    char err[256];
    float *tok, *att_norm, *wq, *wk, *wv, *wo, *ffn_norm, *w1, *w2, *w3, *fin, *cls;

    n = V * dim * 2 + L * (dim * 2 + dim * dim * 2 + kv * dim * 2 + hid * dim * 3) + dim;
    p = (float *)malloc(n * sizeof(float));
    if (!p) return NULL;
    tok = p; cls = tok + V * dim; att_norm = cls + V * dim; wq = att_norm + L * dim; wk = wq + L * dim * dim;
    wv = wk + L * kv * dim; wo = wv + L * kv * dim; ffn_norm = wo + L * dim * dim; w1 = ffn_norm + L * dim;
    w2 = w1 + L * hid * dim; w3 = w2 + L * dim * hid; fin = w3 + L * hid * dim;
    for (i = 0; i < n; i++) p[i] = frnd(0.2f);
    for (i = 0; i < L * dim; i++) { att_norm[i] = 1.0f + frnd(0.1f); ffn_norm[i] = 1.0f + frnd(0.1f); }
    for (i = 0; i < dim; i++) fin[i] = 1.0f;
    for (i = 0; i < 256; i++) { bytes[i] = (unsigned char)i; pieces[i] = &bytes[i]; plen[i] = 1; }

    memset(&m, 0, sizeof m);
    m.dim = s->dim; m.hidden = s->hidden; m.n_layers = s->layers; m.n_heads = s->heads;
    m.n_kv_heads = s->kv_heads; m.vocab = s->vocab; m.seq_len = 64;
    m.ffn_act = ELM_ACT_SILU; m.gated = 1; m.rope_theta = 10000.0f; m.norm_eps = 1e-5f;
    m.tok_emb = tok; m.att_norm = att_norm; m.wq = wq; m.wk = wk; m.wv = wv; m.wo = wo;
    m.ffn_norm = ffn_norm; m.w1 = w1; m.w2 = w2; m.w3 = w3; m.final_norm = fin;
    m.wcls = s->tied ? NULL : cls;
    m.tok_kind = ELM_TOK_BYTES; m.pieces = pieces; m.piece_len = plen; m.scores = NULL;
    m.bos = -1; m.eos = -1;
    memset(&o, 0, sizeof o);
    o.wtype = s->wtype;
    if (elm_write_model(&m, &o, &buf, len, err) != 0) {
        printf("  model writer: %s\n", err);
        buf = NULL;
    }
    free(p);
    return buf;
}

#define NTOK 24

/* greedy tokens and a hash of every logit; hw NULL = software */
static int generate(edgellm_ctx *ctx, edgellm_hw *hw, uint32_t *toks, uint32_t *hash) {
    uint32_t tok = ctx->model->vocab > 'T' ? 'T' : ctx->model->vocab / 2, i, j, h = 2166136261u;
    int r;
    edgellm_ctx_reset(ctx);
    if (hw) edgellm_set_backend(ctx, edgellm_hw_matvec, hw);
    else edgellm_set_backend(ctx, NULL, NULL);
    for (i = 0; i < NTOK; i++) {
        r = edgellm_feed(ctx, tok);
        if (r != EDGELLM_OK) return r;
        for (j = 0; j < ctx->model->vocab; j++) h = (h ^ (uint32_t)ctx->logits[j]) * 16777619u;
        edgellm_argmax(ctx->logits, ctx->model->vocab, &tok);
        toks[i] = tok;
    }
    *hash = h;
    return EDGELLM_OK;
}

static void run_model(edgellm_hw *hw, unsigned char *file, size_t len, const char *name);

static void test_model(edgellm_hw *hw, const shape *s, const char *name) {
    size_t len = 0;
    unsigned char *file = build_model(s, &len);
    if (!check(file != NULL, "model built", 0, 0)) return;
    run_model(hw, file, len, name);
}

static void test_file(edgellm_hw *hw, const char *path) {
    FILE *f = fopen(path, "rb");
    unsigned char *file;
    long len;
    if (!check(f != NULL, "model file opens", 0, 0)) { printf("  cannot open %s\n", path); return; }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    file = (unsigned char *)malloc((size_t)len + 16);
    if (!check(file && fread(file, 1, (size_t)len, f) == (size_t)len, "model file reads", 0, 0)) {
        fclose(f);
        free(file);
        return;
    }
    fclose(f);
    run_model(hw, file, (size_t)len, path);
}

/* takes ownership of file */
static void run_model(edgellm_hw *hw, unsigned char *file, size_t len, const char *name) {
    static int32_t scratch[8192];
    size_t need = 0;
    edgellm_model model;
    edgellm_ctx ctx;
    edgellm_hw_placement place[256];
    uint32_t sw_toks[NTOK], hw_toks[NTOK], sw_hash = 0, hw_hash = 0, n, i, placed;
    uint64_t c0;
    void *arena;
    int r;

    r = edgellm_model_load(&model, file, len);
    if (!check(r == EDGELLM_OK, "model loads", r, 0)) { free(file); return; }
    n = model.seq_len < 64 ? model.seq_len : 64;
    edgellm_ctx_size(&model, n, &need);
    arena = malloc(need);
    r = edgellm_ctx_init(&ctx, &model, n, arena, need);
    check(r == EDGELLM_OK, "ctx init", r, 0);

    r = generate(&ctx, NULL, sw_toks, &sw_hash);
    check(r == EDGELLM_OK, "software run", r, 0);

    r = edgellm_hw_upload(hw, &model, place, 256);
    check(r == EDGELLM_OK, "upload", r, 0);
    check(edgellm_hw_verify(hw, &model) == EDGELLM_OK, "upload verified", 0, 0);
    n = edgellm_model_matrix_count(&model);
    placed = edgellm_hw_placed_count(hw);
    edgellm_hw_set_crosscheck(hw, scratch, 8192);
    hw->calls_hw = hw->calls_sw = 0;
    c0 = edgellm_sim_cycles();
    r = generate(&ctx, hw, hw_toks, &hw_hash);
    check(r == EDGELLM_OK, "accelerated run (cross-checked)", r, 0);
    if (r == EDGELLM_HW_ERR_MISMATCH)
        printf("  first difference: matrix %u row %u hw %d sw %d\n", hw->mismatch.index, hw->mismatch.row,
               hw->mismatch.hw, hw->mismatch.sw);
    check(!hw->mismatch.found, "no cross-check difference", hw->mismatch.found, 0);
    check(memcmp(sw_toks, hw_toks, sizeof sw_toks) == 0, "same tokens as software", hw_toks[0], sw_toks[0]);
    check(sw_hash == hw_hash, "same logits as software", hw_hash, sw_hash);
    check(placed == 0 || hw->calls_hw > 0, "products ran in hardware", hw->calls_hw, 1);
    printf("  %-26s %u/%u matrices in hardware (%u B), %u products in hw, %u in sw, %llu cycles for %d tokens\n",
           name, placed, n, hw->wmem_used, hw->calls_hw, hw->calls_sw,
           (unsigned long long)(edgellm_sim_cycles() - c0), NTOK);
    for (i = 0; i < n; i++)
        if (place[i].status != EDGELLM_HW_PLACED)
            printf("    matrix %u: %s\n", i, edgellm_hw_reason_string(place[i].status));

    /* a corrupted weight in the accelerator: cross-check names matrix, row, values */
    for (i = 0; i < n && place[i].status != EDGELLM_HW_PLACED; i++) {}
    if (i < n) {
        edgellm_matrix m;
        static uint8_t bad[65536];
        static int8_t x[8192];
        static int32_t y[8192], yhw[8192];
        uint32_t j, row = 0;
        edgellm_model_matrix(&model, i, &m);
        uint32_t bit;
        edgellm_matrix mb = m;
        row = m.rows / 2;
        for (j = 0; j < m.cols_pad; j++) x[j] = (int8_t)(j < m.cols ? 100 - (int)(j % 7) : 0);
        edgellm_matvec_ref(&m, x, y);
        mb.data = bad;
        for (bit = 0; bit < 8; bit++) {     /* a flip that changes y[row] */
            memcpy(bad, m.data, place[i].bytes);
            bad[row * m.stride] ^= (uint8_t)(1u << bit);
            edgellm_matvec_ref(&mb, x, yhw);
            if (yhw[row] != y[row]) break;
        }
        edgellm_hw_write_weights(hw, place[i].addr, bad, place[i].bytes);
        edgellm_hw_set_crosscheck(hw, scratch, 8192);
        r = edgellm_hw_matvec(hw, &m, x, y);
        check(r == EDGELLM_HW_ERR_MISMATCH, "corrupted weight detected", r, EDGELLM_HW_ERR_MISMATCH);
        check(hw->mismatch.found && hw->mismatch.index == i && hw->mismatch.row == row, "mismatch names matrix and row",
              hw->mismatch.row, row);
        check(hw->mismatch.hw == yhw[row] && hw->mismatch.sw == y[row] && y[row] != yhw[row],
              "mismatch values", hw->mismatch.hw, yhw[row]);
        edgellm_hw_set_crosscheck(hw, NULL, 0);
    }
    free(arena);
    free(file);
}

int main(int argc, char **argv) {
    uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
    int stall = argc > 2 ? atoi(argv[2]) : 0, r;
    edgellm_hw hw;
    static const shape shapes[] = {
        {64, 172, 2, 8, 4, 256, 1, 1},   /* stories260K-like widths, T2, tied head */
        {64, 172, 2, 8, 4, 256, 2, 0},   /* T1, separate head */
        {64, 172, 1, 8, 4, 256, 3, 1},   /* INT8 everywhere */
        {96, 256, 4, 4, 2, 256, 1, 0},   /* larger than the weight memory: part stays in software */
    };
    static const char *names[] = {"T2 dim64 hid172", "T1 dim64 hid172", "I8 dim64 hid172", "T2 dim96 4 layers"};
    size_t i;

    rng_state = seed;
    edgellm_sim_init(seed, stall);
    r = edgellm_hw_init(&hw, 0);
    check(r == EDGELLM_OK, "edgellm_hw_init", r, 0);
    printf("cosim seed %llu stall %d: lanes %u, weight memory %u B, XMAX %u, YMAX %u\n", (unsigned long long)seed,
           stall, hw.lanes, hw.wmem_bytes, hw.xmax, hw.ymax);
    test_low_level(&hw);
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) test_model(&hw, &shapes[i], names[i]);
    for (i = 3; i < (size_t)argc; i++) test_file(&hw, argv[i]);
    check(edgellm_sim_errors() == 0, "no SLVERR and no protocol violation on the bus", (long long)edgellm_sim_errors(), 0);
    printf("cosim: %s: %lu checks passed, %lu failed, %llu cycles\n", n_fail ? "FAIL" : "PASS", n_pass, n_fail,
           (unsigned long long)edgellm_sim_cycles());
    edgellm_sim_final();
    return n_fail ? 1 : 0;
}
