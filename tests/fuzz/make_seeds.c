/* make_seeds.c - writes the seed corpora of the fuzz harnesses:

       make_seeds OUT_DIR      (OUT_DIR/load, /generate, /encode, /convert)

   load, generate: tiny valid models of every weight type (T2, T1, I8), FFN activation,
   gated and plain FFN, tied and separate head, 8- and 16-bit KV cache, grouped-query
   attention, and each tokenizer kind, written with examples/modelwrite.h; the generate seeds
   add a parameter trailer (see fuzz_generate.c), some load seeds a text trailer.
   encode: a selector byte and a text (see fuzz_encode.c).
   convert: a header and a llama2.c checkpoint + tokenizer.bin pair (see fuzz_convert.c).
   Everything is deterministic: the same files on every run. */
#include "fuzz_models.h"

#include <stdint.h>

static const char *g_out;

static void put(const char *dir, const char *name, const void *a, size_t na, const void *b, size_t nb) {
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s/%s", g_out, dir, name);
    f = fopen(path, "wb");
    if (!f || fwrite(a, 1, na, f) != na || (nb && fwrite(b, 1, nb, f) != nb) || fclose(f) != 0) {
        fprintf(stderr, "make_seeds: cannot write %s\n", path);
        exit(1);
    }
}

static void le32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}

/* ------------------------------------------------------------------ models */
typedef struct { const char *name; fzm_spec s; } seed_model;

static const seed_model models[] = {
    /* name                  dim hid L  h kv seq act gated head kv16 wtype      per_t tok                vocab seed */
    {"i8_silu_gated_bytes",  {16, 32, 1, 2, 1, 8, 0, 1, 0, 0, ELM_WT_I8, 0, FZM_BYTES_TINY, 24, 1}},
    {"t2_relu_plain_head",   {16, 24, 2, 4, 2, 6, 1, 0, 1, 1, ELM_WT_T2, 0, FZM_BYTES_TINY, 20, 2}},
    {"t1_relu2_gated_kv16",  {32, 40, 1, 2, 2, 5, 2, 1, 0, 1, ELM_WT_T1, 1, FZM_BYTES_TINY, 16, 3}},
    {"i8_llama2_bytefall",   {16, 16, 1, 1, 1, 4, 0, 1, 0, 1, ELM_WT_I8, 0, FZM_LLAMA2_BYTES, 0, 4}},
    {"t2_llama2_nobytes",    {16, 32, 1, 2, 1, 4, 0, 1, 0, 0, ELM_WT_T2, 0, FZM_LLAMA2_NOBYTES, 0, 5}},
    {"t1_bytes_partial",     {8, 8, 1, 2, 1, 3, 1, 1, 1, 0, ELM_WT_T1, 0, FZM_BYTES_PARTIAL, 0, 6}},
    {"t2_minimal",           {2, 1, 1, 1, 1, 1, 0, 0, 0, 0, ELM_WT_T2, 0, FZM_BYTES_TINY, 1, 7}},
    {"i8_hs2_gqa_seq2",      {8, 12, 1, 4, 2, 2, 2, 0, 0, 0, ELM_WT_I8, 0, FZM_BYTES_TINY, 6, 8}},
    {"t1_two_layers_head",   {16, 20, 2, 2, 1, 8, 0, 1, 1, 0, ELM_WT_T1, 0, FZM_BYTES_TINY, 12, 9}},
};

/* generate trailer: seed, T, top-k, top-p, n_ctx-1, steps-1, fail call, fail code, tokens */
static size_t trailer(unsigned char *t, uint32_t seed, uint32_t T, uint32_t k, uint32_t p, int nctx, int steps,
                      int fail, int code, const uint16_t *toks, int nt) {
    int i;
    le32(t, seed); le32(t + 4, T); le32(t + 8, k); le32(t + 12, p);
    t[16] = (unsigned char)(nctx - 1); t[17] = (unsigned char)(steps - 1); t[18] = (unsigned char)fail; t[19] = (unsigned char)code;
    for (i = 0; i < nt; i++) { t[20 + 2 * i] = (unsigned char)toks[i]; t[21 + 2 * i] = (unsigned char)(toks[i] >> 8); }
    return 20 + 2 * (size_t)nt;
}

static void model_seeds(void) {
    size_t i;
    for (i = 0; i < sizeof models / sizeof models[0]; i++) {
        unsigned char *p, t[64];
        size_t n, tn;
        char name[128];
        static const uint16_t forced[4] = {0xFFFF, 1, 0xFFFF, 0};
        fzm_build(&models[i].s, &p, &n);
        snprintf(name, sizeof name, "%s.elm", models[i].name);
        put("load", name, p, n, NULL, 0);
        if (i == 0 || i == 4 || i == 6) {   /* a text after the file */
            static const char text[] = " the cat\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC!\xFF\x80";
            snprintf(name, sizeof name, "%s_text.elm", models[i].name);
            put("load", name, p, n, text, sizeof text - 1);
        }
        /* generate: defaults (no trailer), then the sampler corners */
        switch (i % 4) {
        case 0: tn = 0; break;
        case 1: tn = trailer(t, 7, 65536, 3, 45875, 4, 4, 2, 0, NULL, 0); break;            /* T 1, k 3, p 0.7 */
        case 2: tn = trailer(t, 9, 13107, 0, 65000, 2, 4, 5, 1, forced, 4); break;          /* top-p only, full ctx */
        default: tn = trailer(t, 11, 0, 2, 65536, 8, 6, 9, 2, forced, 2); break;            /* greedy, 6 steps */
        }
        snprintf(name, sizeof name, "%s.bin", models[i].name);
        put("generate", name, p, n, t, tn);
        free(p);
    }
}

/* ------------------------------------------------------------------ encode */
static void encode_seeds(void) {
#define T(s) s, sizeof s - 1
    static const struct { unsigned char sel; const char *text; size_t len; } e[] = {
        {0x04, T("Once upon a time, the cat sat on the mat.")},
        {0x04, T("  leading spaces\tand tabs\n\nand newlines")},
        {0x00, T("caf\xC3\xA9 \xE2\x82\xAC 5 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80\x80")},
        {0x10, T("\xC3\x28 \xA0\xA1 \xE2\x82 \xF0\x28\x8C\xBC \xFF\xFE \x01\x02")},
        {0x05, T("the the the and and and  the")},
        {0x07, T("no byte fallback: \x01 breaks it")},
        {0x05, T("plain ascii without bytes tokens")},
        {0x06, T("bytes kind: every byte \x00\x01\xFF is a piece")},
        {0x0B, T(" BOS then a space")},
        {0x2F, T("small output buffer: many many tokens here")},
        {0x04, T("<0x41> is text, not a byte token")},
    };
#undef T
    size_t i;
    for (i = 0; i < sizeof e / sizeof e[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "text%02u", (unsigned)i);
        put("encode", name, &e[i].sel, 1, e[i].text, e[i].len);
    }
}

/* ------------------------------------------------------------------ convert */
typedef struct { unsigned char *p; size_t n, cap; } buf;
static void bput(buf *b, const void *d, size_t n) {
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = (unsigned char *)realloc(b->p, b->cap);
        if (!b->p) exit(1);
    }
    memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void bi32(buf *b, int32_t v) { unsigned char t[4]; le32(t, (uint32_t)v); bput(b, t, 4); }
static void bf32(buf *b, float f) { uint32_t u; memcpy(&u, &f, 4); bi32(b, (int32_t)u); }

/* llama2.c checkpoint: 7 int32 then the float tensors (rope tables included) */
static void checkpoint(buf *b, int dim, int hid, int L, int h, int kv, int vocab, int seq, int shared, unsigned seed) {
    size_t hs = (size_t)(dim / h), kvd = (size_t)kv * hs, n, i;
    unsigned st = seed;
    bi32(b, dim); bi32(b, hid); bi32(b, L); bi32(b, h); bi32(b, kv); bi32(b, shared ? vocab : -vocab); bi32(b, seq);
    n = (size_t)vocab * dim + (size_t)L * dim * 2 + (size_t)L * dim * dim * 2 + (size_t)L * dim * kvd * 2 +
        (size_t)L * dim * hid * 3 + (size_t)dim + (size_t)seq * hs + (shared ? 0 : (size_t)vocab * dim);
    for (i = 0; i < n; i++) bf32(b, fzm_rand(&st));
}
static void tokenizer(buf *b, int kind, int vocab) {
    fzm_vocab v;
    int i, maxl = 1;
    fzm_vocab_make(&v, kind, vocab);
    for (i = 0; i < v.n; i++) if (v.len[i] > maxl) maxl = v.len[i];
    bi32(b, maxl);
    for (i = 0; i < v.n; i++) { bf32(b, kind == FZM_BYTES_TINY ? 0.0f : v.score[i]); bi32(b, v.len[i]); bput(b, v.piece[i], (size_t)v.len[i]); }
    fzm_vocab_free(&v);
}
static int vocab_of(int kind, int n) {
    fzm_vocab v;
    fzm_vocab_make(&v, kind, n);
    n = v.n;
    fzm_vocab_free(&v);
    return n;
}

static void convert_seeds(void) {
    /* opt byte: bits 0-1 weights (0 int8, 1 t2, 2 t1), bit 2 --kv 8 */
    static const struct { const char *name; int opt, dim, hid, L, h, kv, seq, shared, tok, vocab; } c[] = {
        {"int8_tiny",       0, 8, 16, 1, 2, 1, 4, 1, FZM_BYTES_TINY, 10},
        {"t2_head_kv8",     5, 8, 12, 2, 2, 2, 3, 0, FZM_BYTES_TINY, 7},
        {"t1_gqa",          2, 16, 8, 1, 4, 2, 2, 1, FZM_BYTES_TINY, 5},
        {"int8_llama2_vocab", 0, 4, 4, 1, 2, 1, 2, 1, FZM_LLAMA2_NOBYTES, 0},
        {"t2_byte_tokens",  1, 2, 2, 1, 1, 1, 1, 1, FZM_LLAMA2_BYTES, 0},
    };
    size_t i;
    for (i = 0; i < sizeof c / sizeof c[0]; i++) {
        buf ck = {0, 0, 0}, tk = {0, 0, 0}, hd = {0, 0, 0};
        int vocab = vocab_of(c[i].tok, c[i].vocab);
        unsigned char opt = (unsigned char)c[i].opt;
        checkpoint(&ck, c[i].dim, c[i].hid, c[i].L, c[i].h, c[i].kv, vocab, c[i].seq, c[i].shared, 100 + (unsigned)i);
        tokenizer(&tk, c[i].tok, c[i].vocab);
        bput(&hd, &opt, 1);
        bi32(&hd, (int32_t)ck.n);
        bput(&hd, ck.p, ck.n);
        put("convert", c[i].name, hd.p, hd.n, tk.p, tk.n);
        free(ck.p); free(tk.p); free(hd.p);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: make_seeds OUT_DIR\n"); return 2; }
    g_out = argv[1];
    model_seeds();
    encode_seeds();
    convert_seeds();
    return 0;
}
