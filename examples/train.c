/* train.c - quantization-aware training of a small ternary Llama-family
 * model on a text file, writing an edgellm model file.
 *
 *   build/train -i ../shared/data/tinyshakespeare.txt -o model.elm
 *
 * The committed models come from the two presets (--preset default, --preset
 * zybo: shape and schedule), e.g.
 *
 *   build/train --preset default -i ../shared/data/tinyshakespeare.txt \
 *       -o examples/models/default.elm --csv examples/models/default.csv
 *
 * Host only: libc, libm, pthreads. What it does:
 *
 *   - char/byte vocabulary: the sorted unique bytes of the training split
 *     (the first 90% of the file); the last 10% is the validation split and
 *     every byte in it must be in the vocabulary.
 *   - the model the engine runs: token embedding, per layer RMSNorm ->
 *     Wq/Wk/Wv (grouped-query) -> RoPE -> causal softmax attention -> Wo,
 *     residual; RMSNorm -> FFN (SwiGLU, ReLU or squared ReLU, gated or not),
 *     residual; final RMSNorm, classifier (separate or tied).
 *   - quantization-aware forward pass, straight-through backward:
 *       projections: ternary, one absmean scale per matrix;
 *       embedding and classifier: INT8, absmax per row;
 *       activations entering a projection: INT8, absmax per vector.
 *     The last phase (--engine-frac of the steps) also mimics the integer
 *     engine's K/V cache (INT8, absmax per position and KV head), its integer
 *     queries (a power-of-two step, at most 65535 / head_size) and its Q16.16
 *     residual stream.
 *   - AdamW, linear warm-up then cosine decay, global-norm gradient clipping.
 *   - deterministic: the same seed and settings give a byte-identical model
 *     file, for any --threads (every output element is computed by one
 *     thread in a fixed order; reductions run in a fixed order).
 *   - checkpoint (--ckpt, every --ckpt-every steps) and --resume; a resumed
 *     run produces the same bytes as an uninterrupted one.
 *   - loss history as CSV (--csv), a progress line on stderr.
 *   - validation bits per char as build/eval measures it: windows of the
 *     context length, each byte but the first predicted once from the bytes
 *     before it in its window; at the end, over the whole validation split,
 *     printed as "val_bits_per_char: X" on stdout.
 *
 * Output files are written to "<name>.tmp" and renamed into place, and all
 * inputs are checked before anything is written, so a failed run never
 * overwrites a model, checkpoint or CSV.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MODELWRITE_IMPLEMENTATION
#include "modelwrite.h"
#include "hostio.h"

/* No fused multiply-add contraction: the same float results, and so the
 * same model bytes, whatever -march the trainer is built with. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* ------------------------------------------------------------------ */
/* errors                                                              */

static void fail(const char *fmt, const char *a)
{
    fprintf(stderr, "train: error: ");
    fprintf(stderr, fmt, a);
    fprintf(stderr, "\n");
    exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) fail("out of memory%s", "");
    return p;
}

/* ------------------------------------------------------------------ */
/* random numbers: xoshiro256** seeded through splitmix64              */

typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
}

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5, res = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return res;
}

static double rng_uniform(rng_t *r) /* (0, 1) */
{
    return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static uint64_t rng_below(rng_t *r, uint64_t n) /* [0, n), unbiased */
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % n, x;
    do x = rng_next(r); while (x >= lim);
    return x % n;
}

static double rng_normal(rng_t *r)
{
    double u = rng_uniform(r), v = rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static uint64_t fnv1a64(const unsigned char *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}
#define FNV_INIT 0xcbf29ce484222325ULL

/* ------------------------------------------------------------------ */
/* settings                                                            */

enum { ACT_SILU = 0, ACT_RELU = 1, ACT_RELU2 = 2 };
static const char *act_names[] = { "silu", "relu", "relu2" };

typedef struct {
    /* shape */
    int dim, hidden, n_layers, n_heads, n_kv_heads, seq_len, act, gated, tied;
    int vocab;          /* from the corpus */
    int wtype;          /* ELM_WT_T2 or ELM_WT_T1 */
    /* schedule */
    int batch, steps, warmup, engine_steps, eval_every, eval_chars, log_every;
    float lr, min_lr_frac, wd, clip, beta1, beta2, init_std;
    uint64_t seed;
} config_t;

/* Offsets of every tensor inside the one flat parameter array. */
typedef struct {
    size_t emb, att_norm, wq, wk, wv, wo, ffn_norm, w1, w3, w2, final_norm, cls, total;
} layout_t;

static layout_t make_layout(const config_t *c)
{
    layout_t L;
    size_t d = (size_t)c->dim, h = (size_t)c->hidden, n = (size_t)c->n_layers;
    size_t kv = d / (size_t)c->n_heads * (size_t)c->n_kv_heads, o = 0;
    L.emb = o;        o += (size_t)c->vocab * d;
    L.att_norm = o;   o += n * d;
    L.wq = o;         o += n * d * d;
    L.wk = o;         o += n * kv * d;
    L.wv = o;         o += n * kv * d;
    L.wo = o;         o += n * d * d;
    L.ffn_norm = o;   o += n * d;
    L.w1 = o;         o += n * h * d;
    L.w3 = o;         o += c->gated ? n * h * d : 0;
    L.w2 = o;         o += n * d * h;
    L.final_norm = o; o += d;
    L.cls = o;        o += c->tied ? 0 : (size_t)c->vocab * d;
    L.total = o;
    return L;
}

/* The ternary matrices: (offset, rows, cols) for each. */
typedef struct { size_t off; int rows, cols; } mat_t;

static int list_mats(const config_t *c, const layout_t *L, mat_t *m)
{
    int n = 0, d = c->dim, h = c->hidden, kv = c->dim / c->n_heads * c->n_kv_heads;
    for (int l = 0; l < c->n_layers; l++) {
        m[n++] = (mat_t){ L->wq + (size_t)l * d * d, d, d };
        m[n++] = (mat_t){ L->wk + (size_t)l * kv * d, kv, d };
        m[n++] = (mat_t){ L->wv + (size_t)l * kv * d, kv, d };
        m[n++] = (mat_t){ L->wo + (size_t)l * d * d, d, d };
        m[n++] = (mat_t){ L->w1 + (size_t)l * h * d, h, d };
        if (c->gated) m[n++] = (mat_t){ L->w3 + (size_t)l * h * d, h, d };
        m[n++] = (mat_t){ L->w2 + (size_t)l * d * h, d, h };
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* threads: a parallel for over tasks [0, n), contiguous chunks.        */

typedef void (*task_fn)(void *ctx, int t0, int t1);
static int g_threads = 1;

typedef struct { task_fn fn; void *ctx; int t0, t1; } job_t;

static void *job_run(void *p)
{
    job_t *j = (job_t *)p;
    j->fn(j->ctx, j->t0, j->t1);
    return NULL;
}

static void parallel_for(int n, task_fn fn, void *ctx)
{
    int nt = g_threads < n ? g_threads : n;
    if (nt <= 1) { fn(ctx, 0, n); return; }
    pthread_t th[16];
    job_t jobs[16];
    for (int i = 0; i < nt; i++) {
        jobs[i] = (job_t){ fn, ctx, (int)((long)n * i / nt), (int)((long)n * (i + 1) / nt) };
        if (i > 0 && pthread_create(&th[i], NULL, job_run, &jobs[i]) != 0)
            fail("cannot start a thread%s", "");
    }
    job_run(&jobs[0]);
    for (int i = 1; i < nt; i++) pthread_join(th[i], NULL);
}

/* ------------------------------------------------------------------ */
/* matrix product: C[M][N] (+)= A[M][K] B[K][N], all row-major.
 * Each C element is init + a0*b0 + a1*b1 + ... summed in k order, the same
 * way in the blocked and the edge code, so the result does not depend on
 * how rows are split between threads. */

#ifdef __AVX__
#define VL 8
#else
#define VL 4   /* SSE2: gcc would split 32-byte vectors into scalars */
#endif
typedef float v8 __attribute__((vector_size(VL * 4), aligned(4)));

typedef struct { float *C; const float *A, *B; int M, K, N, acc; size_t sa, sk; } gemm_t;

static void gemm_task(void *p, int t0, int t1)
{
    const gemm_t *g = (const gemm_t *)p;
    const int K = g->K, N = g->N;
    const size_t sa = g->sa, sk = g->sk; /* A(r, k) = A[r * sa + k * sk] */
    for (int i = t0 * 4; i < t1 * 4 && i < g->M; i += 4) {
        int mr = g->M - i < 4 ? g->M - i : 4;
        float *C = g->C + (size_t)i * N;
        const float *A = g->A + (size_t)i * sa;
        int j = 0;
        if (mr == 4) {
            for (; j + 2 * VL <= N; j += 2 * VL) {
                v8 c00, c01, c10, c11, c20, c21, c30, c31;
                if (g->acc) {
                    c00 = *(const v8 *)(C + j);             c01 = *(const v8 *)(C + j + VL);
                    c10 = *(const v8 *)(C + N + j);         c11 = *(const v8 *)(C + N + j + VL);
                    c20 = *(const v8 *)(C + 2 * N + j);     c21 = *(const v8 *)(C + 2 * N + j + VL);
                    c30 = *(const v8 *)(C + 3 * N + j);     c31 = *(const v8 *)(C + 3 * N + j + VL);
                } else {
                    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = (v8){ 0 };
                }
                for (int k = 0; k < K; k++) {
                    const float *b = g->B + (size_t)k * N + j;
                    v8 b0 = *(const v8 *)b, b1 = *(const v8 *)(b + VL);
                    float a0 = A[k * sk], a1 = A[sa + k * sk], a2 = A[2 * sa + k * sk], a3 = A[3 * sa + k * sk];
                    c00 += a0 * b0; c01 += a0 * b1;
                    c10 += a1 * b0; c11 += a1 * b1;
                    c20 += a2 * b0; c21 += a2 * b1;
                    c30 += a3 * b0; c31 += a3 * b1;
                }
                *(v8 *)(C + j) = c00;         *(v8 *)(C + j + VL) = c01;
                *(v8 *)(C + N + j) = c10;     *(v8 *)(C + N + j + VL) = c11;
                *(v8 *)(C + 2 * N + j) = c20; *(v8 *)(C + 2 * N + j + VL) = c21;
                *(v8 *)(C + 3 * N + j) = c30; *(v8 *)(C + 3 * N + j + VL) = c31;
            }
        }
        for (int r = 0; r < mr; r++) {
            float *c = C + (size_t)r * N;
            const float *a = A + (size_t)r * sa;
            if (!g->acc) for (int jj = j; jj < N; jj++) c[jj] = 0.0f;
            for (int k = 0; k < K; k++) {
                const float *b = g->B + (size_t)k * N;
                float ak = a[k * sk];
                for (int jj = j; jj < N; jj++) c[jj] += ak * b[jj];
            }
        }
    }
}

static void gemm(float *C, const float *A, const float *B, int M, int K, int N, int acc)
{
    gemm_t g = { C, A, B, M, K, N, acc, (size_t)K, 1 };
    parallel_for((M + 3) / 4, gemm_task, &g);
}

/* the same with A given transposed: C[M][N] (+)= At^T B, At [K][M] */
static void gemm_tn(float *C, const float *At, const float *B, int M, int K, int N, int acc)
{
    gemm_t g = { C, At, B, M, K, N, acc, 1, (size_t)M };
    parallel_for((M + 3) / 4, gemm_task, &g);
}

static void transpose(float *dst, const float *src, int rows, int cols)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
}

/* ------------------------------------------------------------------ */
/* quantizers (forward values; the backward passes gradients straight) */

/* round half away from zero, inlinable (roundf is a libm call) */
static inline float rnd(float x)
{
    float a = fabsf(x), r = floorf(a + 0.5f);
    r = r - a > 0.5f ? r - 1.0f : r;   /* a + 0.5 rounded up to the next integer */
    return copysignf(r, x);
}

/* max |v_i| through the bit patterns (same order for finite floats), which
 * vectorizes where a float max reduction does not */
static float absmax(const float *v, int n, int stride)
{
    uint32_t m = 0;
    for (int i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[(size_t)i * stride], 4);
        u &= 0x7fffffffu;
        m = u > m ? u : m;
    }
    float f;
    memcpy(&f, &m, 4);
    return f;
}

/* INT8 absmax per vector: q = round(127 v / max|v|), value q * max / 127. */
static void fq_int8_rows(float *x, int rows, int n)
{
    for (int r = 0; r < rows; r++) {
        float *v = x + (size_t)r * n, m = absmax(v, n, 1);
        if (m == 0.0f) continue;
        float s = 127.0f / m, inv = m / 127.0f;
        for (int i = 0; i < n; i++) v[i] = rnd(v[i] * s) * inv;
    }
}

/* The engine's queries (edgellm.h, INTEGER ARITHMETIC, attention): each head scaled by
 * C = log2(e) / sqrt(head_size) / 127 and a power of two, the largest that keeps every
 * integer within qmax = floor(65535 / head_size), then rounded. */
static void fq_query_rows(float *x, int rows, int n, int stride)
{
    const double C = 1.4426950408889634 / sqrt((double)n) / 127.0;
    const double qmax = (double)(65535 / n);
    for (int r = 0; r < rows; r++) {
        float *v = x + (size_t)r * stride;
        double a = (double)absmax(v, n, 1) * C;
        if (a == 0.0) continue;
        int e = (int)floor(log2(qmax / a));
        while (rnd((float)ldexp(a, e)) > qmax) e--;
        while (rnd((float)ldexp(a, e + 1)) <= qmax) e++;
        float s = (float)ldexp(C, e), inv = (float)(1.0 / ldexp(C, e));
        for (int i = 0; i < n; i++) v[i] = rnd(v[i] * s) * inv;
    }
}

/* The engine's K/V cache: INT8 absmax per (position, KV head) against a
 * scale with an 8-bit mantissa, rounded up (m8 * 2^e, m8 in 128..255). */
static void fq_kv_rows(float *x, int rows, int n, int stride)
{
    for (int r = 0; r < rows; r++) {
        float *v = x + (size_t)r * stride, m = absmax(v, n, 1);
        if (m == 0.0f) continue;
        int e;
        float f = frexpf(m, &e), m8 = ceilf(f * 256.0f);
        float sc = ldexpf(m8, e - 8);
        float s = 127.0f / sc, inv = sc / 127.0f;
        for (int i = 0; i < n; i++) {
            float q = rnd(v[i] * s);
            q = q > 127.0f ? 127.0f : q < -127.0f ? -127.0f : q;
            v[i] = q * inv;
        }
    }
}

/* the residual stream is Q16.16 in the engine */
static void fq_q16(float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) x[i] = rnd(x[i] * 65536.0f) * (1.0f / 65536.0f);
}

/* ternary: the exporter's own rule, so training and export agree exactly */
static void quant_ternary(const float *w, int rows, int cols, signed char *qbuf, float *deq)
{
    size_t n = (size_t)rows * cols;
    float s = 0.0f;
    if (elm_ternary_quantize(w, n, qbuf, &s) != 0) fail("ternary quantization failed%s", "");
    for (size_t i = 0; i < n; i++) deq[i] = (float)qbuf[i] * s;
}

/* ------------------------------------------------------------------ */
/* the model in training                                               */

typedef struct {
    float *x, *rms1, *xa, *q, *k, *v, *att, *oa, *x2, *rms2, *xb, *h1, *h3, *ha;
} lacts_t;

typedef struct {
    config_t c;
    layout_t L;
    int kv_dim, head_size, nmats;
    mat_t mats[512];
    float *p, *g, *m, *v;          /* parameters, gradients, Adam moments */
    float *wd, *wdT;               /* quantized weights, as used, and transposed */
    signed char *qbuf;
    float *rope_cos, *rope_sin;    /* [seq_len][head_size/2] */
    /* activations for a batch of N = batch * seq_len tokens */
    int N;
    lacts_t *la;
    float *xf, *rmsf, *xfa, *logits, *x_out;
    float *dx, *dx2, *dxn, *dq, *dk, *dv, *dO, *dh1, *dh3, *dha;
    float *emb_q, *cls_q;          /* INT8-per-row embedding/classifier as used */
    int *tok, *tgt;
    int level;                     /* 0 float, 1 ternary + INT8, 2 + engine details */
} model_t;

static void model_alloc(model_t *M, int N)
{
    config_t *c = &M->c;
    M->L = make_layout(c);
    M->head_size = c->dim / c->n_heads;
    M->kv_dim = M->head_size * c->n_kv_heads;
    M->nmats = list_mats(c, &M->L, M->mats);
    size_t P = M->L.total;
    M->p = xcalloc(P, sizeof(float));
    M->g = xcalloc(P, sizeof(float));
    M->m = xcalloc(P, sizeof(float));
    M->v = xcalloc(P, sizeof(float));
    M->wd = xcalloc(P, sizeof(float));
    M->wdT = xcalloc(P, sizeof(float));
    M->qbuf = xcalloc((size_t)c->hidden * c->dim + (size_t)c->dim * c->dim, 1);
    int hs = M->head_size, T = c->seq_len;
    M->rope_cos = xcalloc((size_t)T * hs / 2, sizeof(float));
    M->rope_sin = xcalloc((size_t)T * hs / 2, sizeof(float));
    for (int t = 0; t < T; t++)
        for (int i = 0; i < hs / 2; i++) {
            double f = pow(10000.0, -(double)(2 * i) / hs), a = t * f;
            M->rope_cos[t * hs / 2 + i] = (float)cos(a);
            M->rope_sin[t * hs / 2 + i] = (float)sin(a);
        }
    M->N = N;
    size_t d = (size_t)c->dim, h = (size_t)c->hidden, kv = (size_t)M->kv_dim, n = (size_t)N;
    M->la = xcalloc((size_t)c->n_layers, sizeof(lacts_t));
    for (int l = 0; l < c->n_layers; l++) {
        lacts_t *a = &M->la[l];
        a->x = xcalloc(n * d, 4); a->rms1 = xcalloc(n, 4); a->xa = xcalloc(n * d, 4);
        a->q = xcalloc(n * d, 4); a->k = xcalloc(n * kv, 4); a->v = xcalloc(n * kv, 4);
        a->att = xcalloc(n * (size_t)c->n_heads * T, 4);
        a->oa = xcalloc(n * d, 4); a->x2 = xcalloc(n * d, 4); a->rms2 = xcalloc(n, 4);
        a->xb = xcalloc(n * d, 4); a->h1 = xcalloc(n * h, 4);
        a->h3 = c->gated ? xcalloc(n * h, 4) : NULL;
        a->ha = xcalloc(n * h, 4);
    }
    M->xf = xcalloc(n * d, 4); M->rmsf = xcalloc(n, 4); M->xfa = xcalloc(n * d, 4);
    M->logits = xcalloc(n * (size_t)c->vocab, 4); M->x_out = xcalloc(n * d, 4);
    M->dx = xcalloc(n * d, 4); M->dx2 = xcalloc(n * d, 4); M->dxn = xcalloc(n * d, 4);
    M->dq = xcalloc(n * d, 4); M->dk = xcalloc(n * kv, 4); M->dv = xcalloc(n * kv, 4);
    M->dO = xcalloc(n * d, 4); M->dh1 = xcalloc(n * h, 4); M->dh3 = xcalloc(n * h, 4);
    M->dha = xcalloc(n * h, 4);
    M->emb_q = xcalloc((size_t)c->vocab * d, 4);
    M->cls_q = xcalloc((size_t)c->vocab * d, 4);
    M->tok = xcalloc(n, sizeof(int));
    M->tgt = xcalloc(n, sizeof(int));
}

static void model_free(model_t *M)
{
    if (M->la)
        for (int l = 0; l < M->c.n_layers; l++) {
            lacts_t *a = &M->la[l];
            free(a->x); free(a->rms1); free(a->xa); free(a->q); free(a->k); free(a->v); free(a->att);
            free(a->oa); free(a->x2); free(a->rms2); free(a->xb); free(a->h1); free(a->h3); free(a->ha);
        }
    free(M->la);
    free(M->p); free(M->g); free(M->m); free(M->v); free(M->wd); free(M->wdT); free(M->qbuf);
    free(M->rope_cos); free(M->rope_sin);
    free(M->xf); free(M->rmsf); free(M->xfa); free(M->logits); free(M->x_out);
    free(M->dx); free(M->dx2); free(M->dxn); free(M->dq); free(M->dk); free(M->dv);
    free(M->dO); free(M->dh1); free(M->dh3); free(M->dha);
    free(M->emb_q); free(M->cls_q); free(M->tok); free(M->tgt);
    memset(M, 0, sizeof *M);
}

static void model_init(model_t *M, rng_t *r)
{
    const config_t *c = &M->c;
    const layout_t *L = &M->L;
    float *p = M->p;
    float s = c->init_std, so = c->init_std / sqrtf(2.0f * c->n_layers);
    for (size_t i = L->emb; i < L->att_norm; i++) p[i] = (float)rng_normal(r) * s;
    for (size_t i = L->att_norm; i < L->wq; i++) p[i] = 1.0f;
    for (size_t i = L->wq; i < L->wo; i++) p[i] = (float)rng_normal(r) * s;
    for (size_t i = L->wo; i < L->ffn_norm; i++) p[i] = (float)rng_normal(r) * so;
    for (size_t i = L->ffn_norm; i < L->w1; i++) p[i] = 1.0f;
    for (size_t i = L->w1; i < L->w2; i++) p[i] = (float)rng_normal(r) * s;
    for (size_t i = L->w2; i < L->final_norm; i++) p[i] = (float)rng_normal(r) * so;
    for (size_t i = L->final_norm; i < L->cls; i++) p[i] = 1.0f;
    for (size_t i = L->cls; i < L->total; i++) p[i] = (float)rng_normal(r) * s;
}

/* Quantize the weights for this step (level >= 1) or copy them (level 0). */
static void prepare_weights(model_t *M)
{
    const config_t *c = &M->c;
    for (int i = 0; i < M->nmats; i++) {
        const mat_t *t = &M->mats[i];
        size_t n = (size_t)t->rows * t->cols;
        if (M->level >= 1) quant_ternary(M->p + t->off, t->rows, t->cols, M->qbuf, M->wd + t->off);
        else memcpy(M->wd + t->off, M->p + t->off, n * sizeof(float));
        transpose(M->wdT + t->off, M->wd + t->off, t->rows, t->cols);
    }
    size_t ve = (size_t)c->vocab * c->dim;
    memcpy(M->emb_q, M->p + M->L.emb, ve * sizeof(float));
    memcpy(M->cls_q, M->p + (c->tied ? M->L.emb : M->L.cls), ve * sizeof(float));
    if (M->level >= 1) {
        fq_int8_rows(M->emb_q, c->vocab, c->dim);
        fq_int8_rows(M->cls_q, c->vocab, c->dim);
    }
    /* the classifier as B operand of gemm: [dim][vocab] */
    transpose(M->wdT + (c->tied ? M->L.emb : M->L.cls), M->cls_q, c->vocab, c->dim);
}

static void rmsnorm_fwd(float *out, float *rinv, const float *x, const float *g, int N, int d)
{
    for (int n = 0; n < N; n++) {
        const float *xv = x + (size_t)n * d;
        float ss = 0.0f;
        for (int i = 0; i < d; i++) ss += xv[i] * xv[i];
        float r = 1.0f / sqrtf(ss / d + 1e-5f);
        rinv[n] = r;
        for (int i = 0; i < d; i++) out[(size_t)n * d + i] = xv[i] * r * g[i];
    }
}

/* dx += d/dx of rmsnorm; dg += d/dg. dy is the gradient of the output. */
static void rmsnorm_bwd(float *dx, float *dg, const float *dy, const float *x, const float *rinv,
                        const float *g, int N, int d)
{
    for (int n = 0; n < N; n++) {
        const float *xv = x + (size_t)n * d, *dyv = dy + (size_t)n * d;
        float r = rinv[n], dot = 0.0f;
        for (int i = 0; i < d; i++) {
            dot += dyv[i] * g[i] * xv[i];
            dg[i] += dyv[i] * xv[i] * r;
        }
        float k = dot * r * r * r / d;
        for (int i = 0; i < d; i++) dx[(size_t)n * d + i] += dyv[i] * g[i] * r - xv[i] * k;
    }
}

static void rope(const model_t *M, float *x, int N, int width, int sign)
{
    int hs = M->head_size, T = M->c.seq_len;
    for (int n = 0; n < N; n++) {
        int t = n % T;
        const float *cs = M->rope_cos + (size_t)t * hs / 2, *sn = M->rope_sin + (size_t)t * hs / 2;
        float *v = x + (size_t)n * width;
        for (int i = 0; i < width; i += 2) {
            int f = (i % hs) / 2;
            float c = cs[f], s = sign * sn[f], a = v[i], b = v[i + 1];
            v[i] = a * c - b * s;
            v[i + 1] = a * s + b * c;
        }
    }
}

/* attention, one task per (sequence, head) */
typedef struct { model_t *M; lacts_t *a; float *out; } att_t;

static void att_fwd_task(void *p, int t0, int t1)
{
    att_t *A = (att_t *)p;
    model_t *M = A->M;
    int H = M->c.n_heads, T = M->c.seq_len, hs = M->head_size, d = M->c.dim, kvd = M->kv_dim;
    int grp = H / M->c.n_kv_heads;
    float scale = 1.0f / sqrtf((float)hs);
    float *kt = xcalloc((size_t)hs * T, sizeof(float)); /* K of this sequence and head, transposed */
    for (int task = t0; task < t1; task++) {
        int b = task / H, h = task % H, kh = h / grp;
        for (int j = 0; j < T; j++) {
            const float *k = A->a->k + (size_t)(b * T + j) * kvd + kh * hs;
            for (int i = 0; i < hs; i++) kt[(size_t)i * T + j] = k[i];
        }
        for (int t = 0; t < T; t++) {
            const float *q = A->a->q + (size_t)(b * T + t) * d + h * hs;
            float *P = A->a->att + ((size_t)(b * H + h) * T + t) * T;
            for (int j = 0; j <= t; j++) P[j] = 0.0f;
            for (int i = 0; i < hs; i++) {
                const float *kr = kt + (size_t)i * T;
                float qi = q[i];
                for (int j = 0; j <= t; j++) P[j] += qi * kr[j];
            }
            float mx = -1e30f;
            for (int j = 0; j <= t; j++) { P[j] *= scale; mx = P[j] > mx ? P[j] : mx; }
            float sum = 0.0f;
            for (int j = 0; j <= t; j++) { P[j] = expf(P[j] - mx); sum += P[j]; }
            float inv = 1.0f / sum;
            for (int j = 0; j <= t; j++) P[j] *= inv;
            for (int j = t + 1; j < T; j++) P[j] = 0.0f;
            float *o = A->out + (size_t)(b * T + t) * d + h * hs;
            for (int i = 0; i < hs; i++) o[i] = 0.0f;
            for (int j = 0; j <= t; j++) {
                const float *v = A->a->v + (size_t)(b * T + j) * kvd + kh * hs;
                float pj = P[j];
                for (int i = 0; i < hs; i++) o[i] += pj * v[i];
            }
        }
    }
    free(kt);
}

/* backward, one task per (sequence, KV head), so dK and dV have one writer */
static void att_bwd_task(void *p, int t0, int t1)
{
    att_t *A = (att_t *)p;
    model_t *M = A->M;
    int H = M->c.n_heads, KH = M->c.n_kv_heads, T = M->c.seq_len, hs = M->head_size;
    int d = M->c.dim, kvd = M->kv_dim, grp = H / KH;
    float scale = 1.0f / sqrtf((float)hs);
    float *vt = xcalloc((size_t)hs * T + T, sizeof(float)), *dp = vt + (size_t)hs * T;
    for (int task = t0; task < t1; task++) {
        int b = task / KH, kh = task % KH;
        for (int t = 0; t < T; t++) {
            const float *v = A->a->v + (size_t)(b * T + t) * kvd + kh * hs;
            for (int i = 0; i < hs; i++) vt[(size_t)i * T + t] = v[i];
            memset(M->dk + (size_t)(b * T + t) * kvd + kh * hs, 0, hs * sizeof(float));
            memset(M->dv + (size_t)(b * T + t) * kvd + kh * hs, 0, hs * sizeof(float));
        }
        for (int h = kh * grp; h < (kh + 1) * grp; h++)
            for (int t = 0; t < T; t++) {
                const float *P = A->a->att + ((size_t)(b * H + h) * T + t) * T;
                const float *dO = M->dO + (size_t)(b * T + t) * d + h * hs;
                const float *q = A->a->q + (size_t)(b * T + t) * d + h * hs;
                float *dq = M->dq + (size_t)(b * T + t) * d + h * hs;
                for (int j = 0; j <= t; j++) dp[j] = 0.0f;
                for (int i = 0; i < hs; i++) {
                    const float *vr = vt + (size_t)i * T;
                    float g = dO[i];
                    for (int j = 0; j <= t; j++) dp[j] += g * vr[j];
                }
                float dsum = 0.0f;
                for (int j = 0; j <= t; j++) dsum += P[j] * dp[j];
                for (int i = 0; i < hs; i++) dq[i] = 0.0f;
                for (int j = 0; j <= t; j++) {
                    float pj = P[j], ds = pj * (dp[j] - dsum) * scale;
                    const float *k = A->a->k + (size_t)(b * T + j) * kvd + kh * hs;
                    float *dk = M->dk + (size_t)(b * T + j) * kvd + kh * hs;
                    float *dv = M->dv + (size_t)(b * T + j) * kvd + kh * hs;
                    for (int i = 0; i < hs; i++) {
                        dq[i] += ds * k[i];
                        dk[i] += ds * q[i];
                        dv[i] += pj * dO[i];
                    }
                }
            }
    }
    free(vt);
}

static float act_f(int act, float z)
{
    switch (act) {
    case ACT_SILU: return z / (1.0f + expf(-z));
    case ACT_RELU: return z > 0.0f ? z : 0.0f;
    default: return z > 0.0f ? z * z : 0.0f;
    }
}

static float act_df(int act, float z)
{
    switch (act) {
    case ACT_SILU: { float s = 1.0f / (1.0f + expf(-z)); return s * (1.0f + z * (1.0f - s)); }
    case ACT_RELU: return z > 0.0f ? 1.0f : 0.0f;
    default: return z > 0.0f ? 2.0f * z : 0.0f;
    }
}

/* Forward over M->tok (N tokens = sequences of seq_len). Returns the summed
 * cross-entropy (nats) over targets >= 0 and leaves softmax probabilities in
 * M->logits. If grad, also fills dlogits = (p - onehot) * gscale there. */
static double forward(model_t *M, int N, float gscale, int grad, long *count)
{
    const config_t *c = &M->c;
    const layout_t *L = &M->L;
    int d = c->dim, h = c->hidden, kvd = M->kv_dim, V = c->vocab, q = M->level >= 1;
    size_t nd = (size_t)N * d;
    float *x = M->la[0].x;
    for (int n = 0; n < N; n++)
        memcpy(x + (size_t)n * d, M->emb_q + (size_t)M->tok[n] * d, d * sizeof(float));
    if (M->level >= 2) fq_q16(x, nd);
    for (int l = 0; l < c->n_layers; l++) {
        lacts_t *a = &M->la[l];
        float *xnext = l + 1 < c->n_layers ? M->la[l + 1].x : M->x_out;
        rmsnorm_fwd(a->xa, a->rms1, a->x, M->p + L->att_norm + (size_t)l * d, N, d);
        if (q) fq_int8_rows(a->xa, N, d);
        gemm(a->q, a->xa, M->wdT + L->wq + (size_t)l * d * d, N, d, d, 0);
        gemm(a->k, a->xa, M->wdT + L->wk + (size_t)l * kvd * d, N, d, kvd, 0);
        gemm(a->v, a->xa, M->wdT + L->wv + (size_t)l * kvd * d, N, d, kvd, 0);
        rope(M, a->q, N, d, 1);
        rope(M, a->k, N, kvd, 1);
        if (M->level >= 2) {
            for (int hh = 0; hh < c->n_heads; hh++)
                fq_query_rows(a->q + hh * M->head_size, N, M->head_size, d);
            for (int hh = 0; hh < c->n_kv_heads; hh++) {
                fq_kv_rows(a->k + hh * M->head_size, N, M->head_size, kvd);
                fq_kv_rows(a->v + hh * M->head_size, N, M->head_size, kvd);
            }
        }
        att_t at = { M, a, a->oa };
        parallel_for(N / c->seq_len * c->n_heads, att_fwd_task, &at);
        if (q) fq_int8_rows(a->oa, N, d);
        memcpy(a->x2, a->x, nd * sizeof(float));
        gemm(a->x2, a->oa, M->wdT + L->wo + (size_t)l * d * d, N, d, d, 1);
        if (M->level >= 2) fq_q16(a->x2, nd);
        rmsnorm_fwd(a->xb, a->rms2, a->x2, M->p + L->ffn_norm + (size_t)l * d, N, d);
        if (q) fq_int8_rows(a->xb, N, d);
        gemm(a->h1, a->xb, M->wdT + L->w1 + (size_t)l * h * d, N, d, h, 0);
        if (c->gated) gemm(a->h3, a->xb, M->wdT + L->w3 + (size_t)l * h * d, N, d, h, 0);
        size_t nh = (size_t)N * h;
        for (size_t i = 0; i < nh; i++)
            a->ha[i] = act_f(c->act, a->h1[i]) * (c->gated ? a->h3[i] : 1.0f);
        if (q) fq_int8_rows(a->ha, N, h);
        memcpy(xnext, a->x2, nd * sizeof(float));
        gemm(xnext, a->ha, M->wdT + L->w2 + (size_t)l * d * h, N, h, d, 1);
        if (M->level >= 2) fq_q16(xnext, nd);
    }
    rmsnorm_fwd(M->xfa, M->rmsf, M->x_out, M->p + L->final_norm, N, d);
    if (q) fq_int8_rows(M->xfa, N, d);
    gemm(M->logits, M->xfa, M->wdT + (c->tied ? L->emb : L->cls), N, d, V, 0);
    double loss = 0.0;
    long cnt = 0;
    for (int n = 0; n < N; n++) {
        float *lg = M->logits + (size_t)n * V, mx = lg[0], sum = 0.0f;
        for (int i = 1; i < V; i++) mx = lg[i] > mx ? lg[i] : mx;
        for (int i = 0; i < V; i++) { lg[i] = expf(lg[i] - mx); sum += lg[i]; }
        float inv = 1.0f / sum;
        for (int i = 0; i < V; i++) lg[i] *= inv;
        int y = M->tgt[n];
        if (y >= 0) { loss -= log((double)lg[y]); cnt++; }
        if (grad) {
            if (y < 0) { memset(lg, 0, V * sizeof(float)); continue; }
            lg[y] -= 1.0f;
            for (int i = 0; i < V; i++) lg[i] *= gscale;
        }
    }
    if (count) *count = cnt;
    return loss;
}

/* dW[out][in] = dY^T X  (dY [N][out], X [N][in]) */
static void weight_grad(float *dW, const float *dY, const float *X, int N, int out, int in, int acc)
{
    gemm_tn(dW, dY, X, out, N, in, acc);
}

static void backward(model_t *M, int N)
{
    const config_t *c = &M->c;
    const layout_t *L = &M->L;
    int d = c->dim, h = c->hidden, kvd = M->kv_dim, V = c->vocab;
    size_t nd = (size_t)N * d, nh = (size_t)N * h;
    float *g = M->g;
    memset(g, 0, L->total * sizeof(float));
    /* classifier */
    size_t cls = c->tied ? L->emb : L->cls;
    weight_grad(g + cls, M->logits, M->xfa, N, V, d, 0);
    gemm(M->dxn, M->logits, M->cls_q, N, V, d, 0);
    memset(M->dx, 0, nd * sizeof(float));
    rmsnorm_bwd(M->dx, g + L->final_norm, M->dxn, M->x_out, M->rmsf, M->p + L->final_norm, N, d);
    for (int l = c->n_layers - 1; l >= 0; l--) {
        lacts_t *a = &M->la[l];
        /* FFN: dx is the gradient at this layer's output */
        weight_grad(g + L->w2 + (size_t)l * d * h, M->dx, a->ha, N, d, h, 0);
        gemm(M->dha, M->dx, M->wd + L->w2 + (size_t)l * d * h, N, d, h, 0);
        for (size_t i = 0; i < nh; i++) {
            float z = a->h1[i], da = M->dha[i];
            if (c->gated) {
                M->dh1[i] = da * a->h3[i] * act_df(c->act, z);
                M->dh3[i] = da * act_f(c->act, z);
            } else {
                M->dh1[i] = da * act_df(c->act, z);
            }
        }
        weight_grad(g + L->w1 + (size_t)l * h * d, M->dh1, a->xb, N, h, d, 0);
        gemm(M->dxn, M->dh1, M->wd + L->w1 + (size_t)l * h * d, N, h, d, 0);
        if (c->gated) {
            weight_grad(g + L->w3 + (size_t)l * h * d, M->dh3, a->xb, N, h, d, 0);
            gemm(M->dxn, M->dh3, M->wd + L->w3 + (size_t)l * h * d, N, h, d, 1);
        }
        memcpy(M->dx2, M->dx, nd * sizeof(float));
        rmsnorm_bwd(M->dx2, g + L->ffn_norm + (size_t)l * d, M->dxn, a->x2, a->rms2,
                    M->p + L->ffn_norm + (size_t)l * d, N, d);
        /* attention: dx2 is the gradient at the attention residual's output */
        weight_grad(g + L->wo + (size_t)l * d * d, M->dx2, a->oa, N, d, d, 0);
        gemm(M->dO, M->dx2, M->wd + L->wo + (size_t)l * d * d, N, d, d, 0);
        att_t at = { M, a, NULL };
        parallel_for(N / c->seq_len * c->n_kv_heads, att_bwd_task, &at);
        rope(M, M->dq, N, d, -1);
        rope(M, M->dk, N, kvd, -1);
        weight_grad(g + L->wq + (size_t)l * d * d, M->dq, a->xa, N, d, d, 0);
        weight_grad(g + L->wk + (size_t)l * kvd * d, M->dk, a->xa, N, kvd, d, 0);
        weight_grad(g + L->wv + (size_t)l * kvd * d, M->dv, a->xa, N, kvd, d, 0);
        gemm(M->dxn, M->dq, M->wd + L->wq + (size_t)l * d * d, N, d, d, 0);
        gemm(M->dxn, M->dk, M->wd + L->wk + (size_t)l * kvd * d, N, kvd, d, 1);
        gemm(M->dxn, M->dv, M->wd + L->wv + (size_t)l * kvd * d, N, kvd, d, 1);
        memcpy(M->dx, M->dx2, nd * sizeof(float));
        rmsnorm_bwd(M->dx, g + L->att_norm + (size_t)l * d, M->dxn, a->x, a->rms1,
                    M->p + L->att_norm + (size_t)l * d, N, d);
    }
    /* embedding rows, in token order */
    for (int n = 0; n < N; n++) {
        float *ge = g + L->emb + (size_t)M->tok[n] * d;
        const float *dxv = M->dx + (size_t)n * d;
        for (int i = 0; i < d; i++) ge[i] += dxv[i];
    }
}

/* ------------------------------------------------------------------ */
/* corpus                                                              */

typedef struct {
    unsigned char *bytes;
    size_t size, n_train;          /* train = [0, n_train), validation = [n_train, size) */
    int vocab;
    unsigned char pieces[256];     /* token id -> byte */
    int map[256];                  /* byte -> token id, or -1 */
    uint64_t hash;
} corpus_t;

static void corpus_load(corpus_t *C, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train: error: cannot open corpus %s: %s\n", path, strerror(errno));
        exit(1);
    }
    size_t cap = 1 << 20, n = 0, r;
    unsigned char *b = xcalloc(cap, 1);
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            unsigned char *nb = realloc(b, cap * 2);
            if (!nb) fail("out of memory reading %s", path);
            b = nb; cap *= 2;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) fail("cannot read corpus %s", path);
    if (n == 0) fail("corpus %s is empty", path);
    C->bytes = b;
    C->size = n;
    C->n_train = (size_t)((unsigned long long)n * 9 / 10);
    C->hash = fnv1a64(b, n, FNV_INIT);
}

/* The vocabulary: sorted unique bytes of the training split. Every byte of
 * the validation split must be one of them. */
static void corpus_vocab(corpus_t *C, const char *path, int min_len)
{
    int seen[256] = { 0 };
    for (size_t i = 0; i < C->n_train; i++) seen[C->bytes[i]] = 1;
    C->vocab = 0;
    for (int b = 0; b < 256; b++) {
        C->map[b] = seen[b] ? C->vocab : -1;
        if (seen[b]) C->pieces[C->vocab++] = (unsigned char)b;
    }
    for (size_t i = C->n_train; i < C->size; i++)
        if (C->map[C->bytes[i]] < 0) {
            fprintf(stderr, "train: error: corpus %s: byte 0x%02x at offset %zu (validation split) "
                    "is not in the vocabulary of the training split (the first %zu bytes)\n",
                    path, C->bytes[i], i, C->n_train);
            exit(1);
        }
    if (C->n_train < (size_t)min_len + 1 || C->size - C->n_train < 2) {
        fprintf(stderr, "train: error: corpus %s is too short: %zu bytes give a training split of "
                "%zu bytes (needs more than the context, %d) and a validation split of %zu (needs 2)\n",
                path, C->size, C->n_train, min_len, C->size - C->n_train);
        exit(1);
    }
}

/* ------------------------------------------------------------------ */
/* evaluation: bits per char over a split, in windows of seq_len+1 bytes
 * that overlap by one (every byte after the first is predicted once, each
 * window starts with an empty context) */

static double evaluate(model_t *M, const corpus_t *C, size_t from, size_t to, int level, long *count)
{
    int T = M->c.seq_len, B = M->N / T, save = M->level;
    double nats = 0.0;
    long cnt = 0;
    M->level = level;
    prepare_weights(M);
    size_t pos = from;
    while (pos + 1 < to) {
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++) {
                size_t i = pos + (size_t)b * T + t;
                int n = b * T + t;
                M->tok[n] = i < to ? C->map[C->bytes[i]] : 0;
                M->tgt[n] = i + 1 < to ? C->map[C->bytes[i + 1]] : -1;
            }
        long c1 = 0;
        nats += forward(M, M->N, 0.0f, 0, &c1);
        cnt += c1;
        pos += (size_t)B * T;
    }
    M->level = save;
    if (count) *count = cnt;
    return cnt ? nats / cnt / log(2.0) : 0.0;
}

/* ------------------------------------------------------------------ */
/* optimizer                                                           */

static float lr_at(const config_t *c, int step)
{
    if (step < c->warmup) return c->lr * (float)(step + 1) / (float)c->warmup;
    double t = c->steps > c->warmup ? (double)(step - c->warmup) / (c->steps - c->warmup) : 1.0;
    double f = c->min_lr_frac + (1.0 - c->min_lr_frac) * 0.5 * (1.0 + cos(3.141592653589793 * t));
    return (float)(c->lr * f);
}

/* global-norm clipping, then AdamW; weight decay on the ternary matrices */
static float adamw(model_t *M, int step, float lr)
{
    const config_t *c = &M->c;
    size_t P = M->L.total;
    double ss = 0.0;
    for (size_t i = 0; i < P; i++) ss += (double)M->g[i] * M->g[i];
    float norm = (float)sqrt(ss);
    float gs = norm > c->clip && c->clip > 0.0f ? c->clip / norm : 1.0f;
    float b1 = c->beta1, b2 = c->beta2;
    float c1 = 1.0f - powf(b1, (float)(step + 1)), c2 = 1.0f - powf(b2, (float)(step + 1));
    for (size_t i = 0; i < P; i++) {
        float g = M->g[i] * gs;
        M->m[i] = b1 * M->m[i] + (1.0f - b1) * g;
        M->v[i] = b2 * M->v[i] + (1.0f - b2) * g * g;
        M->p[i] -= lr * (M->m[i] / c1) / (sqrtf(M->v[i] / c2) + 1e-8f);
    }
    float decay = 1.0f - lr * c->wd;
    for (int k = 0; k < M->nmats; k++) {
        const mat_t *t = &M->mats[k];
        float *w = M->p + t->off;
        for (size_t i = 0; i < (size_t)t->rows * t->cols; i++) w[i] *= decay;
    }
    return norm;
}

/* ------------------------------------------------------------------ */
/* loss history, checkpoints and output files                          */

typedef struct { int step; float lr, train, val; } hist_t; /* val < 0: not measured */

typedef struct {
    int step;
    rng_t data_rng;
    double seconds;                /* wall time so far, for the report only */
    hist_t *hist;
    int n_hist, cap_hist;
} state_t;

static void hist_add(state_t *S, hist_t h)
{
    if (S->n_hist == S->cap_hist) {
        S->cap_hist = S->cap_hist ? S->cap_hist * 2 : 256;
        hist_t *nh = realloc(S->hist, (size_t)S->cap_hist * sizeof(hist_t));
        if (!nh) fail("out of memory%s", "");
        S->hist = nh;
    }
    S->hist[S->n_hist++] = h;
}

typedef struct { unsigned char *p; size_t n, cap; } buf_t;

static void put(buf_t *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n) cap *= 2;
        unsigned char *np = realloc(b->p, cap);
        if (!np) fail("out of memory%s", "");
        b->p = np; b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}
static void put_u32(buf_t *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    put(b, x, 4);
}
static void put_u64(buf_t *b, uint64_t v) { put_u32(b, (uint32_t)v); put_u32(b, (uint32_t)(v >> 32)); }
static void put_f32(buf_t *b, float f) { uint32_t u; memcpy(&u, &f, 4); put_u32(b, u); }
static void put_f64(buf_t *b, double f) { uint64_t u; memcpy(&u, &f, 8); put_u64(b, u); }
static void put_f32s(buf_t *b, const float *f, size_t n) { for (size_t i = 0; i < n; i++) put_f32(b, f[i]); }

typedef struct { const unsigned char *p; size_t n, at; int bad; } rd_t;

static uint32_t get_u32(rd_t *r)
{
    if (r->at + 4 > r->n) { r->bad = 1; return 0; }
    const unsigned char *x = r->p + r->at;
    r->at += 4;
    return (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
}
static uint64_t get_u64(rd_t *r) { uint64_t lo = get_u32(r); return lo | (uint64_t)get_u32(r) << 32; }
static float get_f32(rd_t *r) { uint32_t u = get_u32(r); float f; memcpy(&f, &u, 4); return f; }
static double get_f64(rd_t *r) { uint64_t u = get_u64(r); double f; memcpy(&f, &u, 8); return f; }
static void get_f32s(rd_t *r, float *f, size_t n) { for (size_t i = 0; i < n; i++) f[i] = get_f32(r); }

/* write a whole file through "<path>.tmp" and a rename */
/* writes a whole file (hostio.h: through path.tmp and a rename); 1 when done, else 0
 * after saying why */
static int save_file(const char *path, const void *data, size_t n)
{
    if (write_file(path, data, n) == 0) return 1;
    fprintf(stderr, "train: error: cannot write %s: %s\n", path, strerror(errno));
    return 0;
}

#define CKPT_MAGIC "EDLMTRN1"

static void put_config(buf_t *b, const config_t *c)
{
    int iv[] = { c->dim, c->hidden, c->n_layers, c->n_heads, c->n_kv_heads, c->seq_len, c->act,
                 c->gated, c->tied, c->vocab, c->wtype, c->batch, c->steps, c->warmup,
                 c->engine_steps, c->eval_every, c->eval_chars, c->log_every };
    for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) put_u32(b, (uint32_t)iv[i]);
    float fv[] = { c->lr, c->min_lr_frac, c->wd, c->clip, c->beta1, c->beta2, c->init_std };
    for (size_t i = 0; i < sizeof fv / sizeof fv[0]; i++) put_f32(b, fv[i]);
    put_u64(b, c->seed);
}

static void get_config(rd_t *r, config_t *c)
{
    int *iv[] = { &c->dim, &c->hidden, &c->n_layers, &c->n_heads, &c->n_kv_heads, &c->seq_len, &c->act,
                  &c->gated, &c->tied, &c->vocab, &c->wtype, &c->batch, &c->steps, &c->warmup,
                  &c->engine_steps, &c->eval_every, &c->eval_chars, &c->log_every };
    for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) *iv[i] = (int)get_u32(r);
    float *fv[] = { &c->lr, &c->min_lr_frac, &c->wd, &c->clip, &c->beta1, &c->beta2, &c->init_std };
    for (size_t i = 0; i < sizeof fv / sizeof fv[0]; i++) *fv[i] = get_f32(r);
    c->seed = get_u64(r);
}

static int save_checkpoint(const char *path, const model_t *M, const corpus_t *C, const state_t *S)
{
    buf_t b = { 0 };
    put(&b, CKPT_MAGIC, 8);
    put_config(&b, &M->c);
    put_u64(&b, C->size);
    put_u64(&b, C->hash);
    put_u32(&b, (uint32_t)S->step);
    for (int i = 0; i < 4; i++) put_u64(&b, S->data_rng.s[i]);
    put_f64(&b, S->seconds);
    put_u32(&b, (uint32_t)S->n_hist);
    for (int i = 0; i < S->n_hist; i++) {
        put_u32(&b, (uint32_t)S->hist[i].step);
        put_f32(&b, S->hist[i].lr);
        put_f32(&b, S->hist[i].train);
        put_f32(&b, S->hist[i].val);
    }
    put_u64(&b, M->L.total);
    put_f32s(&b, M->p, M->L.total);
    put_f32s(&b, M->m, M->L.total);
    put_f32s(&b, M->v, M->L.total);
    put_u64(&b, fnv1a64(b.p, b.n, FNV_INIT));
    int ok = save_file(path, b.p, b.n);
    free(b.p);
    return ok;
}

/* Read and check a whole checkpoint before anything is used. */
static unsigned char *read_checkpoint(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train: error: cannot open checkpoint %s: %s\n", path, strerror(errno));
        exit(1);
    }
    buf_t b = { 0 };
    unsigned char chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) put(&b, chunk, r);
    fclose(f);
    if (b.n < 16 || memcmp(b.p, CKPT_MAGIC, 8) != 0)
        fail("%s is not a training checkpoint of this version (bad magic)", path);
    rd_t rd = { b.p + b.n - 8, 8, 0, 0 };
    if (get_u64(&rd) != fnv1a64(b.p, b.n - 8, FNV_INIT))
        fail("checkpoint %s is corrupt (checksum mismatch)", path);
    *n = b.n - 8;
    return b.p;
}

static void load_checkpoint(const char *path, model_t *M, config_t *c, const corpus_t *C, state_t *S)
{
    size_t n;
    unsigned char *p = read_checkpoint(path, &n);
    rd_t r = { p, n, 8, 0 };
    get_config(&r, c);
    uint64_t size = get_u64(&r), hash = get_u64(&r);
    if (!r.bad && (size != C->size || hash != C->hash))
        fail("checkpoint %s was trained on a different corpus", path);
    if (!r.bad && c->vocab != C->vocab)
        fail("checkpoint %s has a different vocabulary from the corpus", path);
    S->step = (int)get_u32(&r);
    for (int i = 0; i < 4; i++) S->data_rng.s[i] = get_u64(&r);
    S->seconds = get_f64(&r);
    int nh = (int)get_u32(&r);
    if (r.bad || nh < 0 || (size_t)nh > (n - r.at) / 16) fail("checkpoint %s is malformed", path);
    for (int i = 0; i < nh; i++) {
        hist_t h;
        h.step = (int)get_u32(&r);
        h.lr = get_f32(&r);
        h.train = get_f32(&r);
        h.val = get_f32(&r);
        hist_add(S, h);
    }
    M->c = *c;
    uint64_t total = get_u64(&r);
    layout_t L = make_layout(c);
    if (r.bad || total != L.total || n - r.at != 12 * total)
        fail("checkpoint %s is malformed (parameter count)", path);
    /* the caller allocated M with the config from this file: see main */
    get_f32s(&r, M->p, total);
    get_f32s(&r, M->m, total);
    get_f32s(&r, M->v, total);
    free(p);
}

static int write_csv(const char *path, const state_t *S)
{
    buf_t b = { 0 };
    char line[256];
    int n = snprintf(line, sizeof line, "step,lr,train_loss,val_loss,val_bpc\n");
    put(&b, line, (size_t)n);
    for (int i = 0; i < S->n_hist; i++) {
        const hist_t *h = &S->hist[i];
        if (h->val >= 0.0f)
            n = snprintf(line, sizeof line, "%d,%.6g,%.5f,%.5f,%.5f\n", h->step, h->lr, h->train,
                         h->val, h->val / log(2.0));
        else
            n = snprintf(line, sizeof line, "%d,%.6g,%.5f,,\n", h->step, h->lr, h->train);
        put(&b, line, (size_t)n);
    }
    int ok = save_file(path, b.p, b.n);
    free(b.p);
    return ok;
}

static int export_model(const char *path, const model_t *M, const corpus_t *C, size_t *size)
{
    const config_t *c = &M->c;
    const layout_t *L = &M->L;
    const unsigned char *pieces[256];
    int plen[256];
    for (int i = 0; i < C->vocab; i++) { pieces[i] = &C->pieces[i]; plen[i] = 1; }
    elm_float_model fm;
    memset(&fm, 0, sizeof fm);
    fm.dim = c->dim; fm.hidden = c->hidden; fm.n_layers = c->n_layers;
    fm.n_heads = c->n_heads; fm.n_kv_heads = c->n_kv_heads; fm.vocab = c->vocab;
    fm.seq_len = c->seq_len;
    fm.ffn_act = c->act == ACT_SILU ? ELM_ACT_SILU : c->act == ACT_RELU ? ELM_ACT_RELU : ELM_ACT_RELU2;
    fm.gated = c->gated;
    fm.rope_theta = 10000.0f;
    fm.norm_eps = 1e-5f;
    fm.tok_emb = M->p + L->emb;
    fm.att_norm = M->p + L->att_norm;
    fm.wq = M->p + L->wq; fm.wk = M->p + L->wk; fm.wv = M->p + L->wv; fm.wo = M->p + L->wo;
    fm.ffn_norm = M->p + L->ffn_norm;
    fm.w1 = M->p + L->w1; fm.w3 = c->gated ? M->p + L->w3 : NULL; fm.w2 = M->p + L->w2;
    fm.final_norm = M->p + L->final_norm;
    fm.wcls = c->tied ? NULL : M->p + L->cls;
    fm.tok_kind = ELM_TOK_BYTES;
    fm.pieces = pieces;
    fm.piece_len = plen;
    fm.scores = NULL;
    fm.bos = -1;
    fm.eos = -1;
    elm_write_options o;
    memset(&o, 0, sizeof o);
    o.wtype = c->wtype;
    o.ternary_per_tensor = 1;
    unsigned char *img = NULL;
    size_t len = 0;
    char err[256] = "";
    if (elm_write_model(&fm, &o, &img, &len, err) != 0) {
        fprintf(stderr, "train: error: cannot build the model file: %s\n", err);
        return 0;
    }
    int ok = save_file(path, img, len);
    free(img);
    *size = len;
    return ok;
}

/* ------------------------------------------------------------------ */
/* gradient check: the backward pass against central differences, with
 * the float forward (level 0), on a few parameters of every tensor */

static int check_grad(model_t *M, const corpus_t *C, rng_t *r)
{
    int T = M->c.seq_len, N = M->N;
    for (int n = 0; n < N; n++) {
        size_t off = (size_t)(n / T) * 97 + (size_t)(n % T);
        M->tok[n] = C->map[C->bytes[off % (C->n_train - 1)]];
        M->tgt[n] = C->map[C->bytes[(off + 1) % (C->n_train - 1)]];
    }
    M->level = 0;
    prepare_weights(M);
    long cnt;
    forward(M, N, 1.0f, 1, &cnt);
    prepare_weights(M);
    forward(M, N, 1.0f / (float)cnt, 1, &cnt);
    backward(M, N);
    const layout_t *L = &M->L;
    size_t bounds[] = { L->emb, L->att_norm, L->wq, L->wk, L->wv, L->wo, L->ffn_norm, L->w1,
                        L->w3, L->w2, L->final_norm, L->cls, L->total };
    const char *names[] = { "emb", "att_norm", "wq", "wk", "wv", "wo", "ffn_norm", "w1", "w3",
                            "w2", "final_norm", "cls" };
    double worst = 0.0;
    for (int t = 0; t < 12; t++) {
        if (bounds[t + 1] == bounds[t]) continue;
        double tw = 0.0;
        for (int k = 0; k < 6; k++) {
            size_t i = bounds[t] + rng_below(r, bounds[t + 1] - bounds[t]);
            float save = M->p[i], h = 1e-2f;
            M->p[i] = save + h; prepare_weights(M);
            double lp = forward(M, N, 0.0f, 0, NULL) / cnt;
            M->p[i] = save - h; prepare_weights(M);
            double lm = forward(M, N, 0.0f, 0, NULL) / cnt;
            M->p[i] = save;
            double num = (lp - lm) / (2.0 * h), an = M->g[i];
            double err = fabs(num - an) / (fabs(num) + fabs(an) + 1e-3);
            tw = err > tw ? err : tw;
        }
        printf("grad check %-10s max relative error %.2e\n", names[t], tw);
        worst = tw > worst ? tw : worst;
    }
    printf("grad check: %s (worst %.2e)\n", worst < 2e-2 ? "pass" : "FAIL", worst);
    return worst < 2e-2;
}

/* ------------------------------------------------------------------ */
/* command line                                                        */

static void usage(void)
{
    fprintf(stderr,
        "usage: train -i CORPUS -o MODEL [options]\n"
        "  -i FILE            training text; first 90%% trains, last 10%% validates\n"
        "  -o FILE            edgellm model file to write\n"
        "  --preset NAME      default | zybo (shape and schedule; later options override)\n"
        "shape:\n"
        "  --dim N --hidden N --layers N --heads N --kv-heads N --ctx N\n"
        "  --act silu|relu|relu2  --gated 0|1  --tied 0|1  --wtype t2|t1\n"
        "schedule:\n"
        "  --steps N --batch N --lr F --min-lr F (fraction of --lr) --warmup N\n"
        "  --wd F --clip F --beta2 F --init-std F --seed N\n"
        "  --engine-frac F    last fraction of steps trained with the engine's arithmetic\n"
        "  --eval-every N --eval-chars N (validation bytes per periodic check) --log-every N\n"
        "files and running:\n"
        "  --csv FILE         loss history\n"
        "  --ckpt FILE        checkpoint (written every --ckpt-every steps and at the end)\n"
        "  --ckpt-every N     --resume (continue from --ckpt)\n"
        "  --stop-after N     write the checkpoint and stop once N steps are done (resume later)\n"
        "  --threads N        worker threads (results do not depend on it)\n"
        "  --check-grad       compare the backward pass with finite differences and exit\n");
    exit(2);
}

/* The recipes of the committed models: shape and schedule. */
static void preset(config_t *c, const char *name)
{
    if (!strcmp(name, "zybo")) {            /* ZyboGPT's shape, ~100K ternary weights */
        c->dim = 64; c->hidden = 256; c->n_layers = 2; c->n_heads = 2; c->n_kv_heads = 2;
        c->seq_len = 128; c->act = ACT_RELU2; c->gated = 0; c->tied = 0;
        c->steps = 12000; c->lr = 1e-2f; c->warmup = 200; c->min_lr_frac = 0.0f;
    } else if (!strcmp(name, "default")) {  /* the embedded model: ~190 KB file, ~63 KB arena */
        c->dim = 128; c->hidden = 256; c->n_layers = 4; c->n_heads = 4; c->n_kv_heads = 1;
        c->seq_len = 128; c->act = ACT_RELU2; c->gated = 1; c->tied = 0;
        c->steps = 10000; c->lr = 8e-3f; c->warmup = 200; c->min_lr_frac = 0.0f;
    } else {
        fail("unknown preset %s (default, zybo)", name);
    }
}

static int parse_int(const char *s, const char *opt)
{
    char *e;
    errno = 0;
    long v = strtol(s, &e, 10);
    if (errno || *e || e == s || v < 0 || v > 1000000000) fail("bad value for %s", opt);
    return (int)v;
}

static float parse_float(const char *s, const char *opt)
{
    char *e;
    errno = 0;
    double v = strtod(s, &e);
    if (errno || *e || e == s || !(v >= 0.0)) fail("bad value for %s", opt);
    return (float)v;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void fmt_time(char *out, size_t n, double s)
{
    int t = (int)(s + 0.5);
    if (t >= 3600) snprintf(out, n, "%dh%02dm", t / 3600, t / 60 % 60);
    else snprintf(out, n, "%dm%02ds", t / 60, t % 60);
}

int main(int argc, char **argv)
{
    config_t c;
    memset(&c, 0, sizeof c);
    c.wtype = ELM_WT_T2;
    c.batch = 16; c.eval_every = 250; c.eval_chars = 32768; c.log_every = 10;
    c.wd = 0.05f; c.clip = 1.0f;
    c.beta1 = 0.9f; c.beta2 = 0.95f; c.init_std = 0.02f; c.seed = 1337;
    preset(&c, "default");
    float engine_frac = 0.1f;
    const char *in = NULL, *out = NULL, *csv = NULL, *ckpt = NULL;
    int ckpt_every = 0, resume = 0, gradcheck = 0, stop_after = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int flag = !strcmp(a, "--resume") || !strcmp(a, "--check-grad") || !strcmp(a, "-h") || !strcmp(a, "--help");
        if (!flag && i + 1 >= argc) { fprintf(stderr, "train: error: %s needs a value\n", a); usage(); }
        const char *v = flag ? NULL : argv[i + 1];
        if (!flag) i++;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage();
        else if (!strcmp(a, "--resume")) resume = 1;
        else if (!strcmp(a, "--check-grad")) gradcheck = 1;
        else if (!strcmp(a, "-i")) in = v;
        else if (!strcmp(a, "-o")) out = v;
        else if (!strcmp(a, "--csv")) csv = v;
        else if (!strcmp(a, "--ckpt")) ckpt = v;
        else if (!strcmp(a, "--preset")) preset(&c, v);
        else if (!strcmp(a, "--dim")) c.dim = parse_int(v, a);
        else if (!strcmp(a, "--hidden")) c.hidden = parse_int(v, a);
        else if (!strcmp(a, "--layers")) c.n_layers = parse_int(v, a);
        else if (!strcmp(a, "--heads")) c.n_heads = parse_int(v, a);
        else if (!strcmp(a, "--kv-heads")) c.n_kv_heads = parse_int(v, a);
        else if (!strcmp(a, "--ctx")) c.seq_len = parse_int(v, a);
        else if (!strcmp(a, "--gated")) c.gated = parse_int(v, a) != 0;
        else if (!strcmp(a, "--tied")) c.tied = parse_int(v, a) != 0;
        else if (!strcmp(a, "--act")) {
            if (!strcmp(v, "silu")) c.act = ACT_SILU;
            else if (!strcmp(v, "relu")) c.act = ACT_RELU;
            else if (!strcmp(v, "relu2")) c.act = ACT_RELU2;
            else fail("unknown --act %s (silu, relu, relu2)", v);
        } else if (!strcmp(a, "--wtype")) {
            if (!strcmp(v, "t2")) c.wtype = ELM_WT_T2;
            else if (!strcmp(v, "t1")) c.wtype = ELM_WT_T1;
            else fail("unknown --wtype %s (t2, t1)", v);
        }
        else if (!strcmp(a, "--steps")) c.steps = parse_int(v, a);
        else if (!strcmp(a, "--batch")) c.batch = parse_int(v, a);
        else if (!strcmp(a, "--warmup")) c.warmup = parse_int(v, a);
        else if (!strcmp(a, "--eval-every")) c.eval_every = parse_int(v, a);
        else if (!strcmp(a, "--eval-chars")) c.eval_chars = parse_int(v, a);
        else if (!strcmp(a, "--log-every")) c.log_every = parse_int(v, a);
        else if (!strcmp(a, "--ckpt-every")) ckpt_every = parse_int(v, a);
        else if (!strcmp(a, "--stop-after")) stop_after = parse_int(v, a);
        else if (!strcmp(a, "--threads")) g_threads = parse_int(v, a);
        else if (!strcmp(a, "--seed")) c.seed = (uint64_t)parse_int(v, a);
        else if (!strcmp(a, "--lr")) c.lr = parse_float(v, a);
        else if (!strcmp(a, "--min-lr")) c.min_lr_frac = parse_float(v, a);
        else if (!strcmp(a, "--wd")) c.wd = parse_float(v, a);
        else if (!strcmp(a, "--clip")) c.clip = parse_float(v, a);
        else if (!strcmp(a, "--beta2")) c.beta2 = parse_float(v, a);
        else if (!strcmp(a, "--init-std")) c.init_std = parse_float(v, a);
        else if (!strcmp(a, "--engine-frac")) engine_frac = parse_float(v, a);
        else { fprintf(stderr, "train: error: unknown option %s\n", a); usage(); }
    }
    if (!in) { fprintf(stderr, "train: error: no corpus (-i)\n"); usage(); }
    if (!out && !gradcheck) { fprintf(stderr, "train: error: no output model (-o)\n"); usage(); }
    if (resume && !ckpt) fail("--resume needs --ckpt FILE%s", "");
    if (stop_after && !ckpt) fail("--stop-after needs --ckpt FILE%s", "");
    if (g_threads < 1 || g_threads > 16) fail("--threads must be 1 .. 16%s", "");

    corpus_t C;
    memset(&C, 0, sizeof C);
    corpus_load(&C, in);

    state_t S;
    memset(&S, 0, sizeof S);
    if (resume) {
        size_t n;
        unsigned char *p = read_checkpoint(ckpt, &n);
        rd_t r = { p, n, 8, 0 };
        get_config(&r, &c);
        free(p);
        if (r.bad) fail("checkpoint %s is malformed", ckpt);
        fprintf(stderr, "train: resuming from %s; model and schedule settings come from it\n", ckpt);
    } else {
        c.engine_steps = (int)(engine_frac * c.steps + 0.5f);
    }
    /* shape checks */
    if (c.dim < 2 || c.hidden < 1 || c.n_layers < 1 || c.n_heads < 1 || c.n_kv_heads < 1 ||
        c.dim % c.n_heads || (c.dim / c.n_heads) % 2 || c.n_heads % c.n_kv_heads ||
        c.seq_len < 2 || c.seq_len > 4096 || c.batch < 1 || c.n_layers > 64 || c.dim > 4096 ||
        c.hidden > 16384 || c.steps < 1 || c.engine_steps > c.steps || c.log_every < 1)
        fail("invalid model shape or schedule (dim divisible by heads, even head size, heads "
             "divisible by kv-heads, ctx 2..4096, steps >= 1)%s", "");
    corpus_vocab(&C, in, c.seq_len);
    if (!resume) c.vocab = C.vocab;

    model_t M;
    memset(&M, 0, sizeof M);
    M.c = c;
    model_alloc(&M, c.batch * c.seq_len);
    rng_t init_rng;
    rng_seed(&init_rng, c.seed);
    model_init(&M, &init_rng);
    rng_seed(&S.data_rng, c.seed ^ 0x5deece66dULL);
    int rc = 0;
    if (gradcheck) { rc = check_grad(&M, &C, &init_rng) ? 0 : 1; goto done; }
    if (resume) load_checkpoint(ckpt, &M, &c, &C, &S);

    size_t nt = 0;
    for (int i = 0; i < M.nmats; i++) nt += (size_t)M.mats[i].rows * M.mats[i].cols;
    fprintf(stderr, "train: %s: %zu bytes, vocab %d, train %zu, validation %zu bytes\n", in, C.size,
            C.vocab, C.n_train, C.size - C.n_train);
    fprintf(stderr, "train: dim %d hidden %d layers %d heads %d kv-heads %d ctx %d act %s%s head %s; "
            "%zu ternary weights, %zu parameters\n", c.dim, c.hidden, c.n_layers, c.n_heads,
            c.n_kv_heads, c.seq_len, act_names[c.act], c.gated ? " gated" : "",
            c.tied ? "tied" : "separate", nt, M.L.total);
    fprintf(stderr, "train: %d steps of %d x %d tokens, lr %g, engine arithmetic for the last %d steps, "
            "%d thread%s\n", c.steps, c.batch, c.seq_len, c.lr, c.engine_steps, g_threads,
            g_threads > 1 ? "s" : "");

    int T = c.seq_len, N = c.batch * T;
    size_t val_from = C.n_train, val_to = C.size;
    size_t sub_to = c.eval_chars > 0 && val_from + (size_t)c.eval_chars < val_to ? val_from + (size_t)c.eval_chars : val_to;
    double t_start = now(), t_mark = t_start, loss_acc = 0.0, seconds0 = S.seconds;
    int acc_n = 0, mark_step = S.step;
    float last_val = -1.0f;
    double final_bpc = -1.0;
    long final_cnt = 0;
    for (int i = S.n_hist - 1; i >= 0 && last_val < 0.0f; i--) last_val = S.hist[i].val;

    while (S.step < c.steps) {
        int step = S.step;
        M.level = step >= c.steps - c.engine_steps ? 2 : 1;
        for (int b = 0; b < c.batch; b++) {
            size_t off = (size_t)rng_below(&S.data_rng, C.n_train - (size_t)T);
            for (int t = 0; t < T; t++) {
                M.tok[b * T + t] = C.map[C.bytes[off + t]];
                M.tgt[b * T + t] = C.map[C.bytes[off + t + 1]];
            }
        }
        prepare_weights(&M);
        double loss = forward(&M, N, 1.0f / (float)N, 1, NULL) / N;
        backward(&M, N);
        float lr = lr_at(&c, step);
        adamw(&M, step, lr);
        S.step++;
        loss_acc += loss;
        acc_n++;
        if (!isfinite(loss)) fail("training diverged (loss is not finite); try a lower --lr%s", "");
        int last = S.step == c.steps;
        int do_eval = (c.eval_every > 0 && S.step % c.eval_every == 0) || last;
        if (S.step % c.log_every == 0 || last || do_eval) {
            hist_t h = { S.step, lr, (float)(loss_acc / acc_n), -1.0f };
            if (do_eval) {
                /* periodic checks use a prefix of the validation split; the last, all of it */
                long cnt = 0;
                double bpc = evaluate(&M, &C, val_from, last ? val_to : sub_to, M.level, &cnt);
                if (last) { final_bpc = bpc; final_cnt = cnt; }
                h.val = (float)(bpc * log(2.0));
                last_val = h.val;
            }
            hist_add(&S, h);
            double t = now(), el = seconds0 + (t - t_start);
            double tps = (double)(S.step - mark_step) * N / (t - t_mark + 1e-9);
            char eta[32], elapsed[32];
            fmt_time(eta, sizeof eta, (c.steps - S.step) * (double)N / (tps > 0 ? tps : 1));
            fmt_time(elapsed, sizeof elapsed, el);
            if (last_val >= 0.0f)
                fprintf(stderr, "step %5d/%d | lr %.2e | train %.4f | val %.4f (%.3f bpc) | %6.0f tok/s | %s | ETA %s\n",
                        S.step, c.steps, lr, h.train, last_val, last_val / log(2.0), tps, elapsed, eta);
            else
                fprintf(stderr, "step %5d/%d | lr %.2e | train %.4f | val   -    | %6.0f tok/s | %s | ETA %s\n",
                        S.step, c.steps, lr, h.train, tps, elapsed, eta);
            loss_acc = 0.0; acc_n = 0; t_mark = t; mark_step = S.step;
            S.seconds = el;
        }
        int stop = stop_after > 0 && S.step >= stop_after && !last;
        if (ckpt && ((ckpt_every > 0 && S.step % ckpt_every == 0 && !last) || stop)) {
            if (!save_checkpoint(ckpt, &M, &C, &S) || (csv && !write_csv(csv, &S))) { rc = 1; goto done; }
        }
        if (stop) {
            fprintf(stderr, "train: stopped after step %d; continue with --resume --ckpt %s\n", S.step, ckpt);
            goto done;
        }
    }
    /* the figure to compare with the integer engine: the whole validation split,
     * with the last phase's arithmetic (measured above unless resuming a finished run) */
    if (final_bpc < 0.0)
        final_bpc = evaluate(&M, &C, val_from, val_to, c.engine_steps > 0 ? 2 : 1, &final_cnt);
    size_t size = 0;
    if (!export_model(out, &M, &C, &size) || (ckpt && !save_checkpoint(ckpt, &M, &C, &S)) || (csv && !write_csv(csv, &S))) {
        rc = 1;
        goto done;
    }
    char el[32];
    fmt_time(el, sizeof el, S.seconds);
    fprintf(stderr, "train: wrote %s (%zu bytes) after %s of training\n", out, size, el);
    printf("val_chars: %ld\nval_bits_per_char: %.4f\n", final_cnt, final_bpc);
done:
    model_free(&M);
    free(C.bytes);
    free(S.hist);
    return rc;
}
