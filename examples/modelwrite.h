/* modelwrite.h - host-side writer of edgellm model files (float in, quantized file out).

   Shared by the converter (examples/convert.c) and the trainer (examples/train.c), so both
   quantize with the same rules. Host only: uses libc, libm and malloc.

       #define MODELWRITE_IMPLEMENTATION
       #include "modelwrite.h"

   elm_write_model() takes the float weights in llama2.c's order and layout, quantizes them
   (weights: ternary 2-bit, ternary 1.6-bit or INT8 per row; the embedding and a separate
   output head always INT8 per row), and returns a malloc'd file image laid out as
   edgellm.h's MODEL FILE FORMAT describes, with its CRC-32 filled in.
*/
#ifndef MODELWRITE_H
#define MODELWRITE_H

#include <stddef.h>

enum { ELM_ACT_SILU = 0, ELM_ACT_RELU = 1, ELM_ACT_RELU2 = 2 };
enum { ELM_TOK_LLAMA2 = 1, ELM_TOK_BYTES = 2 };
enum { ELM_WT_T2 = 1, ELM_WT_T1 = 2, ELM_WT_I8 = 3 };

typedef struct elm_float_model {
    int dim, hidden, n_layers, n_heads, n_kv_heads, vocab, seq_len;
    int ffn_act;              /* ELM_ACT_* */
    int gated;                /* 1: w2(act(w1 x) * w3 x); 0: w2(act(w1 x)), w3 NULL */
    float rope_theta;         /* 10000 for llama2.c */
    float norm_eps;           /* 1e-5 for llama2.c */
    const float *tok_emb;     /* [vocab][dim] */
    const float *att_norm;    /* [layers][dim] */
    const float *wq;          /* [layers][dim][dim] (row = output) */
    const float *wk, *wv;     /* [layers][kv_dim][dim] */
    const float *wo;          /* [layers][dim][dim] */
    const float *ffn_norm;    /* [layers][dim] */
    const float *w1, *w3;     /* [layers][hidden][dim] */
    const float *w2;          /* [layers][dim][hidden] */
    const float *final_norm;  /* [dim] */
    const float *wcls;        /* [vocab][dim]; NULL = tied to tok_emb */
    int tok_kind;             /* ELM_TOK_* */
    const unsigned char *const *pieces;
    const int *piece_len;
    const float *scores;      /* BPE merge scores (NULL for bytes); <= -1e10 never merges */
    int bos, eos;             /* ids or -1 */
} elm_float_model;

typedef struct elm_write_options {
    int wtype;                /* projections: ELM_WT_T2, ELM_WT_T1 or ELM_WT_I8 */
    int ternary_per_tensor;   /* 1: one absmean scale per matrix (trainer); 0: per row */
    int kv16;                 /* 1: 16-bit KV cache (twice the RAM, closer to float); 0: 8-bit */
} elm_write_options;

/* Ternary absmean rule: scale = mean |w| (double, index order), q = clamp(round(w/scale), -1, 1)
   with round half away from zero; scale 0 gives all zeros. Returns 0. */
int elm_ternary_quantize(const float *w, size_t n, signed char *q, float *scale);
/* INT8 absmax rule for one row: scale = max |w| / 127, q = round(w / scale). */
int elm_int8_quantize(const float *w, size_t n, signed char *q, float *scale);
/* Builds the file. Returns 0, or -1 with a message in err (if not NULL, 256 bytes). */
int elm_write_model(const elm_float_model *m, const elm_write_options *o, unsigned char **buf, size_t *len, char *err);

#endif

#ifdef MODELWRITE_IMPLEMENTATION
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int elm_ternary_quantize(const float *w, size_t n, signed char *q, float *scale) {
    double s = 0;
    size_t i;
    for (i = 0; i < n; i++) s += fabs((double)w[i]);
    s = n ? s / (double)n : 0.0;
    *scale = (float)s;
    for (i = 0; i < n; i++) {   /* a scale that rounds to 0 as a float makes the row zero */
        double v = *scale > 0 ? round((double)w[i] / (double)*scale) : 0.0;
        q[i] = (signed char)(v > 1 ? 1 : (v < -1 ? -1 : v));
    }
    return 0;
}

int elm_int8_quantize(const float *w, size_t n, signed char *q, float *scale) {
    double a = 0;
    size_t i;
    for (i = 0; i < n; i++) if (fabs((double)w[i]) > a) a = fabs((double)w[i]);
    *scale = (float)(a / 127.0);
    for (i = 0; i < n; i++) {
        double v = *scale > 0 ? round((double)w[i] / (double)*scale) : 0.0;
        q[i] = (signed char)(v > 127 ? 127 : (v < -127 ? -127 : v));
    }
    return 0;
}

typedef struct { unsigned char *p; size_t len, cap; int oom; } mw__buf;

static void mw__reserve(mw__buf *b, size_t n) {
    if (b->len + n <= b->cap) return;
    while (b->len + n > b->cap) b->cap = b->cap ? b->cap * 2 : 4096;
    b->p = (unsigned char *)realloc(b->p, b->cap);
    if (!b->p) { b->oom = 1; b->cap = b->len = 0; }
}
static void mw__bytes(mw__buf *b, const void *d, size_t n) {
    mw__reserve(b, n);
    if (b->oom) return;
    if (d) memcpy(b->p + b->len, d, n); else memset(b->p + b->len, 0, n);
    b->len += n;
}
static void mw__u32(mw__buf *b, uint32_t v) {
    unsigned char t[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    mw__bytes(b, t, 4);
}
static void mw__put32(mw__buf *b, size_t at, uint32_t v) {
    if (b->oom) return;
    b->p[at] = (unsigned char)v; b->p[at + 1] = (unsigned char)(v >> 8);
    b->p[at + 2] = (unsigned char)(v >> 16); b->p[at + 3] = (unsigned char)(v >> 24);
}
static void mw__align(mw__buf *b) { while (b->len % 16) mw__bytes(b, NULL, 1); }

/* a positive real scale as (mult, shift): mult * 2^-shift, mult in [2^30, 2^31) */
static void mw__scale(double s, int32_t *mult, int32_t *shift) {
    int ex;
    double f;
    long long m;
    if (!(s > 0)) { *mult = 0; *shift = 0; return; }
    f = frexp(s, &ex);                       /* s = f * 2^ex, f in [0.5, 1) */
    m = llround(f * 2147483648.0);
    if (m >= 2147483648LL) { m /= 2; ex++; }
    if (31 - ex > 128) { *mult = 0; *shift = 0; return; }   /* below 2^-97: the row is zero */
    *mult = (int32_t)m;
    *shift = 31 - ex;
}

static int mw__geometry(int type, uint32_t cols, uint32_t *cols_pad, uint32_t *stride) {
    switch (type) {
    case ELM_WT_T2: *cols_pad = (cols + 63) / 64 * 64; *stride = *cols_pad / 4; return 0;
    case ELM_WT_T1: *cols_pad = (cols + 79) / 80 * 80; *stride = *cols_pad / 5; return 0;
    case ELM_WT_I8: *cols_pad = (cols + 15) / 16 * 16; *stride = *cols_pad; return 0;
    default: return -1;
    }
}

/* packs one row of integer weights (cols entries, zero-padded) into dst[stride] */
static void mw__pack_row(int type, const signed char *q, uint32_t cols, uint32_t cols_pad, unsigned char *dst) {
    uint32_t c;
    if (type == ELM_WT_I8) {
        for (c = 0; c < cols_pad; c++) dst[c] = (unsigned char)(c < cols ? q[c] : 0);
    } else if (type == ELM_WT_T2) {
        memset(dst, 0, cols_pad / 4);
        for (c = 0; c < cols; c++) {
            uint32_t b = c / 64, k = (c % 64) / 16, i = c % 16;
            unsigned code = q[c] > 0 ? 1u : (q[c] < 0 ? 2u : 0u);
            dst[b * 16 + i] |= (unsigned char)(code << (2 * k));
        }
    } else {
        uint32_t nb = cols_pad / 80, b, i, k;
        for (b = 0; b < nb; b++)
            for (i = 0; i < 16; i++) {
                uint32_t v = 0;
                for (k = 0; k < 5; k++) {
                    uint32_t col = b * 80 + k * 16 + i;
                    int w = col < cols ? q[col] : 0;
                    v = v * 3 + (uint32_t)(w + 1);
                }
                dst[b * 16 + i] = (unsigned char)((v * 256 + 242) / 243);
            }
    }
}

typedef struct {
    int type;
    uint32_t rows, cols;
    const float *w;          /* NULL for norms (then v is used) */
    const float *v;          /* norm gains */
    int ternary_per_tensor;
} mw__tensor;

static int mw__cmp_piece(const elm_float_model *m, int a, int b) {
    int la = m->piece_len[a], lb = m->piece_len[b], n = la < lb ? la : lb, c = memcmp(m->pieces[a], m->pieces[b], (size_t)n);
    if (c) return c;
    if (la != lb) return la < lb ? -1 : 1;
    return a < b ? -1 : (a > b ? 1 : 0);
}
static const elm_float_model *mw__sort_model;
static int mw__qsort_piece(const void *a, const void *b) {
    return mw__cmp_piece(mw__sort_model, *(const int *)a, *(const int *)b);
}
static int mw__qsort_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : (x > y ? 1 : 0);
}

static int mw__fail(char *err, const char *msg) {
    if (err) snprintf(err, 256, "%s", msg);
    return -1;
}

/* every weight finite and inside what the fixed-point formats hold: norm gains |g| < 32768
   (Q16 int32), other weights |w| < 2^60 (a per-row scale's shift >= -64); NaN scores rejected */
static int mw__check_floats(const elm_float_model *m, char *err) {
    size_t dim = (size_t)m->dim, hid = (size_t)m->hidden, L = (size_t)m->n_layers, V = (size_t)m->vocab;
    size_t kvd = (size_t)m->n_kv_heads * (dim / (size_t)m->n_heads), i, k;
    struct { const float *p; size_t n; double lim; const char *name; } t[13];
    int nt = 0;
#define MW_T(P, N, LIM, NAME) do { t[nt].p = (P); t[nt].n = (N); t[nt].lim = (LIM); t[nt].name = (NAME); nt++; } while (0)
    MW_T(m->tok_emb, V * dim, 1e18, "token embedding");
    MW_T(m->att_norm, L * dim, 32767.0, "attention norm");
    MW_T(m->wq, L * dim * dim, 1e18, "wq");
    MW_T(m->wk, L * kvd * dim, 1e18, "wk");
    MW_T(m->wv, L * kvd * dim, 1e18, "wv");
    MW_T(m->wo, L * dim * dim, 1e18, "wo");
    MW_T(m->ffn_norm, L * dim, 32767.0, "ffn norm");
    MW_T(m->w1, L * hid * dim, 1e18, "w1");
    MW_T(m->w2, L * hid * dim, 1e18, "w2");
    if (m->gated) MW_T(m->w3, L * hid * dim, 1e18, "w3");
    MW_T(m->final_norm, dim, 32767.0, "final norm");
    if (m->wcls) MW_T(m->wcls, V * dim, 1e18, "output head");
#undef MW_T
    for (k = 0; k < (size_t)nt; k++)
        for (i = 0; i < t[k].n; i++) {
            double v = (double)t[k].p[i];
            if (!(v > -t[k].lim && v < t[k].lim)) {
                if (err) snprintf(err, 256, "%s[%zu] = %g is not finite or out of range", t[k].name, i, v);
                return -1;
            }
        }
    if (m->scores)
        for (i = 0; i < V; i++)
            if (m->scores[i] != m->scores[i]) {
                if (err) snprintf(err, 256, "tokenizer score %zu is NaN", i);
                return -1;
            }
    return 0;
}

int elm_write_model(const elm_float_model *m, const elm_write_options *o, unsigned char **out, size_t *out_len, char *err) {
    mw__buf b = {0, 0, 0, 0};
    mw__tensor *ts;
    uint32_t nt = 0, L = (uint32_t)m->n_layers, i, dim = (uint32_t)m->dim, hid = (uint32_t)m->hidden;
    uint32_t hs, kv_dim, max_len = 1, blob = 0;
    size_t dir_at, rope_at, tok_at, tok_size;
    int *sorted;
    float *uniq;
    int nuniq = 0;

    if (m->dim <= 0 || m->n_heads <= 0 || m->n_kv_heads <= 0 || m->dim % m->n_heads || m->n_heads % m->n_kv_heads)
        return mw__fail(err, "invalid dimensions");
    if (mw__geometry(o->wtype, 1, &i, &i) != 0) return mw__fail(err, "invalid weight type");
    if (!(m->norm_eps >= 0 && m->norm_eps < 0.5f) || !(m->rope_theta > 1 && m->rope_theta < 1e30f))
        return mw__fail(err, "norm_eps or rope_theta out of range");
    if (mw__check_floats(m, err) != 0) return -1;
    hs = dim / (uint32_t)m->n_heads;
    kv_dim = (uint32_t)m->n_kv_heads * hs;
    ts = (mw__tensor *)calloc(L * 9 + 3, sizeof *ts);
    if (!ts) return mw__fail(err, "out of memory");
#define MW_MAT(R, C, W) do { ts[nt].type = o->wtype; ts[nt].rows = (R); ts[nt].cols = (C); ts[nt].w = (W); \
        ts[nt].ternary_per_tensor = o->ternary_per_tensor; nt++; } while (0)
#define MW_NORM(V) do { ts[nt].type = 4; ts[nt].rows = dim; ts[nt].cols = 1; ts[nt].v = (V); nt++; } while (0)
    ts[nt].type = ELM_WT_I8; ts[nt].rows = (uint32_t)m->vocab; ts[nt].cols = dim; ts[nt].w = m->tok_emb; nt++;
    for (i = 0; i < L; i++) {
        MW_NORM(m->att_norm + (size_t)i * dim);
        MW_MAT(dim, dim, m->wq + (size_t)i * dim * dim);
        MW_MAT(kv_dim, dim, m->wk + (size_t)i * kv_dim * dim);
        MW_MAT(kv_dim, dim, m->wv + (size_t)i * kv_dim * dim);
        MW_MAT(dim, dim, m->wo + (size_t)i * dim * dim);
        MW_NORM(m->ffn_norm + (size_t)i * dim);
        MW_MAT(hid, dim, m->w1 + (size_t)i * hid * dim);
        MW_MAT(dim, hid, m->w2 + (size_t)i * dim * hid);
        if (m->gated) MW_MAT(hid, dim, m->w3 + (size_t)i * hid * dim);
    }
    MW_NORM(m->final_norm);
    if (m->wcls) { ts[nt].type = ELM_WT_I8; ts[nt].rows = (uint32_t)m->vocab; ts[nt].cols = dim; ts[nt].w = m->wcls; nt++; }
#undef MW_MAT
#undef MW_NORM

    /* header (crc, offsets patched below) */
    mw__u32(&b, 0x4D4C4445u); mw__u32(&b, 2); mw__u32(&b, 0); mw__u32(&b, 0); mw__u32(&b, 128);
    mw__u32(&b, (uint32_t)m->ffn_act | (m->gated ? 4u : 0u) | (m->wcls ? 8u : 0u) | (o->kv16 ? 16u : 0u));
    mw__u32(&b, dim); mw__u32(&b, hid); mw__u32(&b, L); mw__u32(&b, (uint32_t)m->n_heads);
    mw__u32(&b, (uint32_t)m->n_kv_heads); mw__u32(&b, (uint32_t)m->vocab); mw__u32(&b, (uint32_t)m->seq_len);
    mw__u32(&b, (uint32_t)llround((double)m->norm_eps * 4294967296.0));
    mw__bytes(&b, NULL, 128 - b.len);

    dir_at = b.len;
    mw__bytes(&b, NULL, (size_t)nt * 32);
    mw__align(&b);
    rope_at = b.len;
    for (i = 0; i < hs / 2; i++) {
        double f = pow((double)m->rope_theta, -2.0 * i / (double)hs) / 6.283185307179586476925286766559;
        double t = f * 4294967296.0;
        mw__u32(&b, (uint32_t)(uint64_t)llround(fmod(t, 4294967296.0)));
    }
    mw__align(&b);

    /* tokenizer */
    tok_at = b.len;
    for (i = 0; i < (uint32_t)m->vocab; i++) {
        if ((uint32_t)m->piece_len[i] > max_len) max_len = (uint32_t)m->piece_len[i];
        blob += (uint32_t)m->piece_len[i];
    }
    {
        int byte_base = -1;
        if (m->tok_kind == ELM_TOK_LLAMA2 && m->vocab >= 259) {
            int ok = 1;
            for (i = 0; i < 256 && ok; i++) {
                char s[8];
                snprintf(s, sizeof s, "<0x%02X>", i);
                ok = m->piece_len[3 + i] == 6 && memcmp(m->pieces[3 + i], s, 6) == 0;
            }
            if (ok) byte_base = 3;
        }
        mw__u32(&b, (uint32_t)m->tok_kind); mw__u32(&b, (uint32_t)m->bos); mw__u32(&b, (uint32_t)m->eos);
        mw__u32(&b, (uint32_t)byte_base); mw__u32(&b, max_len); mw__u32(&b, (uint32_t)m->vocab);
        mw__u32(&b, blob); mw__u32(&b, 0);
    }
    blob = 0;
    mw__u32(&b, 0);
    for (i = 0; i < (uint32_t)m->vocab; i++) { blob += (uint32_t)m->piece_len[i]; mw__u32(&b, blob); }
    /* scores: dense rank of the distinct values (order and ties preserved exactly) */
    uniq = (float *)malloc(sizeof(float) * (size_t)m->vocab + 1);
    sorted = (int *)malloc(sizeof(int) * (size_t)m->vocab + 1);
    if (!uniq || !sorted) { free(ts); free(uniq); free(sorted); free(b.p); return mw__fail(err, "out of memory"); }
    if (m->scores) {
        for (i = 0; i < (uint32_t)m->vocab; i++) uniq[i] = m->scores[i];
        qsort(uniq, (size_t)m->vocab, sizeof(float), mw__qsort_float);
        for (i = 0; i < (uint32_t)m->vocab; i++) if (i == 0 || uniq[i] != uniq[nuniq - 1]) uniq[nuniq++] = uniq[i];
    }
    for (i = 0; i < (uint32_t)m->vocab; i++) {
        int32_t sc = (int32_t)0x80000000u;
        if (m->scores && m->scores[i] > -1e10f) {
            int lo = 0, hi = nuniq - 1;
            while (lo < hi) { int mid = (lo + hi) / 2; if (uniq[mid] < m->scores[i]) lo = mid + 1; else hi = mid; }
            sc = -2147483647 + lo;
        }
        mw__u32(&b, (uint32_t)sc);
    }
    for (i = 0; i < (uint32_t)m->vocab; i++) sorted[i] = (int)i;
    mw__sort_model = m;
    qsort(sorted, (size_t)m->vocab, sizeof(int), mw__qsort_piece);
    for (i = 0; i < (uint32_t)m->vocab; i++) mw__u32(&b, (uint32_t)sorted[i]);
    for (i = 0; i < (uint32_t)m->vocab; i++) mw__bytes(&b, m->pieces[i], (size_t)m->piece_len[i]);
    tok_size = b.len - tok_at;
    free(uniq);
    free(sorted);
    mw__align(&b);

    /* tensors */
    for (i = 0; i < nt; i++) {
        mw__tensor *t = &ts[i];
        size_t e = dir_at + (size_t)i * 32, data_at = b.len, r;
        uint32_t cols_pad = 0, stride = 0, c;
        mw__put32(&b, e, (uint32_t)t->type);
        mw__put32(&b, e + 4, t->rows);
        mw__put32(&b, e + 8, t->cols);
        mw__put32(&b, e + 12, (uint32_t)data_at);
        if (t->type == 4) {
            for (r = 0; r < t->rows; r++) mw__u32(&b, (uint32_t)(int32_t)llround((double)t->v[r] * 65536.0));
            mw__put32(&b, e + 16, 4 * t->rows);
            mw__align(&b);
            continue;
        }
        mw__geometry(t->type, t->cols, &cols_pad, &stride);
        {
            signed char *q = (signed char *)malloc((size_t)t->rows * t->cols);
            float *sc = (float *)malloc(sizeof(float) * t->rows);
            unsigned char *row = (unsigned char *)malloc(stride);
            size_t scales_at;
            if (!q || !sc || !row) { free(q); free(sc); free(row); free(ts); free(b.p); return mw__fail(err, "out of memory"); }
            if (t->type == ELM_WT_I8) {
                for (r = 0; r < t->rows; r++) elm_int8_quantize(t->w + r * t->cols, t->cols, q + r * t->cols, &sc[r]);
            } else if (t->ternary_per_tensor) {
                float s;
                elm_ternary_quantize(t->w, (size_t)t->rows * t->cols, q, &s);
                for (r = 0; r < t->rows; r++) sc[r] = s;
            } else {
                for (r = 0; r < t->rows; r++) elm_ternary_quantize(t->w + r * t->cols, t->cols, q + r * t->cols, &sc[r]);
            }
            for (r = 0; r < t->rows; r++) {
                mw__pack_row(t->type, q + r * t->cols, t->cols, cols_pad, row);
                mw__bytes(&b, row, stride);
            }
            mw__put32(&b, e + 16, t->rows * stride);
            mw__align(&b);
            scales_at = b.len;
            for (r = 0; r < t->rows; r++) {
                int32_t mult, shift;
                mw__scale((double)sc[r], &mult, &shift);
                mw__u32(&b, (uint32_t)mult);
                mw__u32(&b, (uint32_t)shift);
            }
            mw__put32(&b, e + 20, (uint32_t)scales_at);
            mw__put32(&b, e + 24, 8 * t->rows);
            mw__align(&b);
            free(q); free(sc); free(row);
            (void)c;
        }
    }
    free(ts);
    if (b.oom) return mw__fail(err, "out of memory");
    mw__put32(&b, 8, (uint32_t)b.len);
    mw__put32(&b, 56, (uint32_t)rope_at);
    mw__put32(&b, 60, (uint32_t)tok_at);
    mw__put32(&b, 64, (uint32_t)tok_size);
    mw__put32(&b, 68, (uint32_t)dir_at);
    mw__put32(&b, 72, nt);
    {   /* CRC-32 (zlib) with the crc field zero */
        uint32_t c = 0xFFFFFFFFu, k;
        size_t j;
        for (j = 0; j < b.len; j++) {
            c ^= b.p[j];
            for (k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
        mw__put32(&b, 12, c ^ 0xFFFFFFFFu);
    }
    *out = b.p;
    *out_len = b.len;
    return 0;
}
#endif /* MODELWRITE_IMPLEMENTATION */
