/* fuzz_models.h - small valid models for the fuzz seeds and the encode harness, written with
   examples/modelwrite.h from fixed-seed random weights. Defines MODELWRITE_IMPLEMENTATION:
   include it in one file only. */
#ifndef FUZZ_MODELS_H
#define FUZZ_MODELS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODELWRITE_IMPLEMENTATION
#include "../../examples/modelwrite.h"

enum {
    FZM_LLAMA2_BYTES,     /* <unk> <s> </s>, 256 byte tokens, characters and merges */
    FZM_LLAMA2_NOBYTES,   /* the same without the byte tokens */
    FZM_BYTES_FULL,       /* kind 2, all 256 bytes */
    FZM_BYTES_PARTIAL,    /* kind 2, printable ASCII and newline, BOS = first piece */
    FZM_BYTES_TINY        /* kind 2, `vocab` pieces 'a', 'b', ... */
};

typedef struct fzm_spec {
    int dim, hidden, layers, heads, kv_heads, seq_len, act, gated, separate_head, kv16, wtype, per_tensor;
    int tok, vocab;       /* vocab only for FZM_BYTES_TINY */
    unsigned seed;
} fzm_spec;

typedef struct fzm_vocab {
    int n;
    unsigned char *piece[1024];
    int len[1024];
    float score[1024];
    int bos, eos;
} fzm_vocab;

static void fzm_add(fzm_vocab *v, const char *s, int len, float score) {
    v->piece[v->n] = (unsigned char *)malloc((size_t)len + 1);
    memcpy(v->piece[v->n], s, (size_t)len);
    v->len[v->n] = len;
    v->score[v->n] = score;
    v->n++;
}

/* merges, best first; several share a score, one never merges, one is a duplicate */
static const char *const fzm_merges[] = {
    " t", "th", "he", " a", "in", "er", " the", "the", "an", "re", " s", "on", "at", "en", "nd", " w",
    "ou", "ed", "ha", "is", "it", "or", "es", "ll", "ng", "st", " th", "ing", " an", " and", "and", "e ",
    " i", " in", " h", " he", "  ", "   ", "    ", "'s", "\n\n", "\xC3\xA9", "\xC3\xA8", "\xC3\xBC",
    "\xE2\x82\xAC", "\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80",
    " \xC3\xA9", "\xC3\xA9 ", "\xC3", "\x80", "\xFF", "\xE2\x82", "\xF0\x9F\x98\x80\x80", "xx", " the"};

static void fzm_vocab_make(fzm_vocab *v, int kind, int tiny_n) {
    int i;
    char s[8];
    memset(v, 0, sizeof *v);
    v->bos = v->eos = -1;
    if (kind == FZM_LLAMA2_BYTES || kind == FZM_LLAMA2_NOBYTES) {
        int nm = (int)(sizeof fzm_merges / sizeof fzm_merges[0]);
        fzm_add(v, "<unk>", 5, 0); fzm_add(v, "<s>", 3, 0); fzm_add(v, "</s>", 4, 0);
        v->bos = 1; v->eos = 2;
        if (kind == FZM_LLAMA2_BYTES)
            for (i = 0; i < 256; i++) { snprintf(s, sizeof s, "<0x%02X>", i); fzm_add(v, s, 6, 0); }
        for (i = 0x20; i < 0x7F; i++) { s[0] = (char)i; fzm_add(v, s, 1, -1000); }
        fzm_add(v, "\n", 1, -1000);
        fzm_add(v, "\t", 1, -1000);
        for (i = 0; i < nm; i++) {
            const char *p = fzm_merges[i];
            float sc = -(float)(i / 3);                 /* groups of three share a score */
            if (!strcmp(p, "xx")) sc = -1e11f;          /* never merges */
            if (i == nm - 1) sc = 5;                    /* the duplicate " the": lookups find the first */
            fzm_add(v, p, (int)strlen(p), sc);
        }
    } else if (kind == FZM_BYTES_FULL) {
        for (i = 0; i < 256; i++) { s[0] = (char)i; fzm_add(v, s, 1, 0); }
    } else if (kind == FZM_BYTES_PARTIAL) {
        fzm_add(v, "\n", 1, 0);
        for (i = 0x20; i < 0x7F; i++) { s[0] = (char)i; fzm_add(v, s, 1, 0); }
        v->bos = 0;
    } else {
        for (i = 0; i < tiny_n; i++) { s[0] = (char)('a' + i % 26); fzm_add(v, s, 1, 0); }
        if (tiny_n > 1) { v->bos = 0; v->eos = tiny_n - 1; }
    }
}
static void fzm_vocab_free(fzm_vocab *v) {
    int i;
    for (i = 0; i < v->n; i++) free(v->piece[i]);
}

static float fzm_rand(unsigned *st) {
    *st = *st * 1664525u + 1013904223u;
    return (float)((double)(*st >> 8) / 8388608.0 - 1.0);   /* [-1, 1) */
}
static float *fzm_fill(size_t n, unsigned *st, float base, float amp) {
    float *w = (float *)malloc(sizeof(float) * (n ? n : 1));
    size_t i;
    for (i = 0; i < n; i++) w[i] = base + amp * fzm_rand(st);
    return w;
}

/* builds the model file (malloc'd) or exits */
static void fzm_build(const fzm_spec *sp, unsigned char **out, size_t *out_len) {
    elm_float_model m;
    elm_write_options o;
    fzm_vocab v;
    char err[256];
    unsigned st = sp->seed * 2654435761u + 1u;
    size_t D, H, L, KV, V;
    memset(&m, 0, sizeof m);
    memset(&o, 0, sizeof o);
    fzm_vocab_make(&v, sp->tok, sp->vocab);
    m.dim = sp->dim; m.hidden = sp->hidden; m.n_layers = sp->layers; m.n_heads = sp->heads;
    m.n_kv_heads = sp->kv_heads; m.vocab = v.n; m.seq_len = sp->seq_len; m.ffn_act = sp->act; m.gated = sp->gated;
    m.rope_theta = 10000.0f; m.norm_eps = 1e-5f;
    D = (size_t)sp->dim; H = (size_t)sp->hidden; L = (size_t)sp->layers; V = (size_t)v.n;
    KV = (size_t)sp->kv_heads * (D / (size_t)sp->heads);
    m.tok_emb = fzm_fill(V * D, &st, 0, 1);
    m.att_norm = fzm_fill(L * D, &st, 1, 0.25f);
    m.wq = fzm_fill(L * D * D, &st, 0, 0.5f);
    m.wk = fzm_fill(L * KV * D, &st, 0, 0.5f);
    m.wv = fzm_fill(L * KV * D, &st, 0, 0.5f);
    m.wo = fzm_fill(L * D * D, &st, 0, 0.5f);
    m.ffn_norm = fzm_fill(L * D, &st, 1, 0.25f);
    m.w1 = fzm_fill(L * H * D, &st, 0, 0.5f);
    m.w2 = fzm_fill(L * D * H, &st, 0, 0.5f);
    m.w3 = sp->gated ? fzm_fill(L * H * D, &st, 0, 0.5f) : NULL;
    m.final_norm = fzm_fill(D, &st, 1, 0.25f);
    m.wcls = sp->separate_head ? fzm_fill(V * D, &st, 0, 1) : NULL;
    m.tok_kind = (sp->tok == FZM_LLAMA2_BYTES || sp->tok == FZM_LLAMA2_NOBYTES) ? ELM_TOK_LLAMA2 : ELM_TOK_BYTES;
    m.pieces = (const unsigned char *const *)v.piece;
    m.piece_len = v.len;
    m.scores = m.tok_kind == ELM_TOK_LLAMA2 ? v.score : NULL;
    m.bos = v.bos; m.eos = v.eos;
    o.wtype = sp->wtype; o.ternary_per_tensor = sp->per_tensor; o.kv16 = sp->kv16;
    if (elm_write_model(&m, &o, out, out_len, err) != 0) { fprintf(stderr, "elm_write_model: %s\n", err); exit(1); }
    free((void *)m.tok_emb); free((void *)m.att_norm); free((void *)m.wq); free((void *)m.wk); free((void *)m.wv);
    free((void *)m.wo); free((void *)m.ffn_norm); free((void *)m.w1); free((void *)m.w2); free((void *)m.w3);
    free((void *)m.final_norm); free((void *)m.wcls);
    fzm_vocab_free(&v);
}

#endif
