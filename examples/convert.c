/* convert: llama2.c checkpoint (float "version 0" format) + tokenizer.bin -> edgellm model.

   usage: convert [--weights int8|t2|t1] [--kv 8|16] MODEL.bin TOKENIZER.bin OUT

   The checkpoint starts with seven int32 (dim, hidden, layers, heads, kv_heads, vocab,
   seq_len; a negative vocab means a separate output head), followed by the float32
   tensors in llama2.c's order. Ternary weights use the absmean rule per row
   (post-training ternary, for shape and speed tests); INT8 uses absmax per row.

   The conversion itself, convert_llama2c(), works in memory; a program that includes this
   file with CONVERT_NO_MAIN defined gets it without the command (tests/badinput). */
#define MODELWRITE_IMPLEMENTATION
#include "modelwrite.h"
#define EDGELLM_IMPLEMENTATION
#include "../edgellm.h"
#include "hostio.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a llama2.c tokenizer.bin read for `vocab` entries */
typedef struct convert_vocab {
    unsigned char **pieces;
    int *lens;
    float *scores;
    int n;
} convert_vocab;

static void convert_vocab_free(convert_vocab *v) {
    int i;
    if (v->pieces)
        for (i = 0; i < v->n; i++) free(v->pieces[i]);
    free(v->pieces);
    free(v->lens);
    free(v->scores);
    memset(v, 0, sizeof *v);
}

/* returns 0, or -1 (v freed) when the bytes are not `vocab` complete entries */
static int convert_vocab_read(convert_vocab *v, const unsigned char *p, size_t n, int vocab) {
    size_t o = 4;
    int i;
    memset(v, 0, sizeof *v);
    if (n < 4) return -1;
    v->n = vocab;
    v->pieces = (unsigned char **)calloc((size_t)vocab, sizeof *v->pieces);
    v->lens = (int *)calloc((size_t)vocab, sizeof *v->lens);
    v->scores = (float *)calloc((size_t)vocab, sizeof *v->scores);
    if (!v->pieces || !v->lens || !v->scores) goto fail;
    for (i = 0; i < vocab; i++) {
        int32_t len;
        if (n - o < 8) goto fail;
        memcpy(&v->scores[i], p + o, 4);
        memcpy(&len, p + o + 4, 4);
        o += 8;
        if (len < 0 || len > 1024 || (size_t)len > n - o) goto fail;
        v->pieces[i] = (unsigned char *)malloc((size_t)len + 1);
        if (!v->pieces[i]) goto fail;
        memcpy(v->pieces[i], p + o, (size_t)len);
        v->lens[i] = len;
        o += (size_t)len;
    }
    return 0;
fail:
    convert_vocab_free(v);
    return -1;
}

/* The checkpoint ck (ck_name in messages) and tokenizer tk as an edgellm model with the
   options o: *out is malloc'd (the caller frees it). Returns 0, or 1 with the reason in err. */
static int convert_llama2c(const unsigned char *ck, size_t ckn, const char *ck_name, const unsigned char *tk, size_t tkn,
                           const char *tk_name, const elm_write_options *o, unsigned char **out, size_t *outn, char *err,
                           size_t errn) {
    int32_t cfg[7];
    int vocab, shared, r;
    size_t need, off;
    elm_float_model m;
    convert_vocab v;
    const float *w;
    char werr[256];
    edgellm_model check;
    *out = NULL;
    if (ckn < 28) { snprintf(err, errn, "%s: too short for a llama2.c header", ck_name); return 1; }
    memcpy(cfg, ck, 28);
    vocab = cfg[5] < 0 ? (cfg[5] < -131072 ? 0 : -cfg[5]) : cfg[5];   /* no overflow at INT32_MIN */
    shared = cfg[5] > 0;
    if (cfg[0] <= 0 || cfg[0] > 32768 || cfg[1] <= 0 || cfg[1] > 65536 || cfg[2] <= 0 || cfg[2] > 256 || cfg[3] <= 0 ||
        cfg[4] <= 0 || cfg[4] > cfg[3] || cfg[3] % cfg[4] || cfg[0] % cfg[3] || vocab <= 0 || vocab > 131072 ||
        cfg[6] <= 0 || cfg[6] > 65536 || (cfg[0] / cfg[3]) % 2) {
        snprintf(err, errn, "%s: implausible llama2.c header (%d %d %d %d %d %d %d)", ck_name, cfg[0], cfg[1], cfg[2], cfg[3],
                 cfg[4], cfg[5], cfg[6]);
        return 1;
    }
    memset(&m, 0, sizeof m);
    m.dim = cfg[0]; m.hidden = cfg[1]; m.n_layers = cfg[2]; m.n_heads = cfg[3]; m.n_kv_heads = cfg[4];
    m.vocab = vocab; m.seq_len = cfg[6];
    m.ffn_act = ELM_ACT_SILU; m.gated = 1; m.rope_theta = 10000.0f; m.norm_eps = 1e-5f;
    {
        size_t dim = (size_t)m.dim, hid = (size_t)m.hidden, L = (size_t)m.n_layers, hs = dim / (size_t)m.n_heads;
        size_t kvd = (size_t)m.n_kv_heads * hs;
        need = vocab * dim + L * dim + L * dim * dim + 2 * L * dim * kvd + L * dim * dim + L * dim + 3 * L * dim * hid +
               dim + (size_t)m.seq_len * hs + (shared ? 0 : vocab * dim);
        if ((ckn - 28) / 4 < need) {
            snprintf(err, errn, "%s: truncated (%zu float32 needed, %zu present)", ck_name, need, (ckn - 28) / 4);
            return 1;
        }
        w = (const float *)(const void *)(ck + 28);
        off = 0;
#define TAKE(dst, n) do { dst = w + off; off += (n); } while (0)
        TAKE(m.tok_emb, vocab * dim);
        TAKE(m.att_norm, L * dim);
        TAKE(m.wq, L * dim * dim);
        TAKE(m.wk, L * dim * kvd);
        TAKE(m.wv, L * dim * kvd);
        TAKE(m.wo, L * dim * dim);
        TAKE(m.ffn_norm, L * dim);
        TAKE(m.w1, L * dim * hid);
        TAKE(m.w2, L * dim * hid);
        TAKE(m.w3, L * dim * hid);
        TAKE(m.final_norm, dim);
        off += (size_t)m.seq_len * hs;   /* freq_cis_real and _imag: recomputed from theta */
        m.wcls = NULL;
        if (!shared) TAKE(m.wcls, vocab * dim);
#undef TAKE
    }
    if (convert_vocab_read(&v, tk, tkn, vocab) != 0) {
        snprintf(err, errn, "%s: not a llama2.c tokenizer with %d entries", tk_name, vocab);
        return 1;
    }
    m.tok_kind = ELM_TOK_LLAMA2;
    m.pieces = (const unsigned char *const *)v.pieces;
    m.piece_len = v.lens;
    m.scores = v.scores;
    m.bos = vocab > 1 ? 1 : -1;
    m.eos = vocab > 2 ? 2 : -1;
    r = elm_write_model(&m, o, out, outn, werr);
    convert_vocab_free(&v);
    if (r != 0) {
        *out = NULL;
        snprintf(err, errn, "%s", werr);
        return 1;
    }
    r = edgellm_model_load(&check, *out, *outn);
    if (r != EDGELLM_OK) {
        snprintf(err, errn, "internal error: the written model does not load: %s", edgellm_result_string(r));
        free(*out);
        *out = NULL;
        return 1;
    }
    return 0;
}

#ifndef CONVERT_NO_MAIN
static int usage(void) {
    fprintf(stderr, "usage: convert [--weights int8|t2|t1] [--kv 8|16] MODEL.bin TOKENIZER.bin OUT\n");
    return 2;
}

int main(int argc, char **argv) {
    const char *wt = "int8", *kv = "16", *paths[3];
    int np = 0, i, rc = 1;
    unsigned char *ck = NULL, *tk = NULL, *out = NULL;
    size_t ckn, tkn, outn = 0;
    elm_write_options o;
    char err[512];

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--weights") && i + 1 < argc) wt = argv[++i];
        else if (!strcmp(argv[i], "--kv") && i + 1 < argc) kv = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) return usage();
        else if (np < 3) paths[np++] = argv[i];
        else return usage();
    }
    if (np != 3) return usage();
    memset(&o, 0, sizeof o);
    if (!strcmp(wt, "int8")) o.wtype = ELM_WT_I8;
    else if (!strcmp(wt, "t2")) o.wtype = ELM_WT_T2;
    else if (!strcmp(wt, "t1")) o.wtype = ELM_WT_T1;
    else { fprintf(stderr, "convert: unknown weight type '%s' (int8, t2 or t1)\n", wt); return 2; }
    if (strcmp(kv, "8") && strcmp(kv, "16")) { fprintf(stderr, "convert: --kv takes 8 or 16\n"); return 2; }
    o.kv16 = !strcmp(kv, "16");

    if (!(ck = read_file(paths[0], &ckn))) fprintf(stderr, "convert: cannot read %s\n", paths[0]);
    else if (!(tk = read_file(paths[1], &tkn))) fprintf(stderr, "convert: cannot read %s\n", paths[1]);
    else if (convert_llama2c(ck, ckn, paths[0], tk, tkn, paths[1], &o, &out, &outn, err, sizeof err) != 0)
        fprintf(stderr, "convert: %s\n", err);
    else if (write_file(paths[2], out, outn) != 0) fprintf(stderr, "convert: cannot write %s\n", paths[2]);
    else {
        int32_t cfg[7];
        memcpy(cfg, ck, 28);
        fprintf(stderr, "convert: %s: dim %d, layers %d, heads %d/%d, hidden %d, vocab %d, %s weights, %zu bytes\n", paths[2],
                cfg[0], cfg[2], cfg[3], cfg[4], cfg[1], cfg[5] < 0 ? -cfg[5] : cfg[5], wt, outn);
        rc = 0;
    }
    free(out);
    free(tk);
    free(ck);
    return rc;
}
#endif
