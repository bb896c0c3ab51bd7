/* fuzz_convert.c - libFuzzer harness: the llama2.c converter (examples/convert.c) on
   arbitrary checkpoint and tokenizer bytes.

   Input: u8 options (bits 0-1 --weights: 0 int8, 1 t2, 2 t1, 3 int8; bit 2 --kv 8),
          u32 checkpoint length (little-endian, clipped to what follows),
          the checkpoint bytes, then the tokenizer.bin bytes.

   convert.c is compiled into this file unchanged, with its main renamed, its two file
   helpers (hostio.h) served from memory instead of disk, its allocations tracked (the tool
   frees little before exiting, which is fine for a process and not for a loop) and its
   messages captured. Asserted:
     - the exit status is 0 exactly when the inputs are acceptable by this harness's own
       reading of the llama2.c formats and of what the model format can hold (a plausible
       header, enough floats, `vocab` complete tokenizer entries of 0..1024 bytes, weights
       finite with |w| < 1e18, norm gains |g| < 32767, no NaN score) and 1 otherwise;
       never 2 (the arguments are fixed);
     - the converter never reports "internal error" (a written model that does not load);
     - a written model loads, has the checkpoint's shape, flags and weight types, the
       tokenizer's pieces in order, scores in the same order as the file's float scores,
       byte_base 3 exactly when pieces 3..258 are <0x00>..<0xFF>, an INT8 embedding within
       half a step of the floats (a row whose scale would be below 2^-97 gets scale 0), and
       RMSNorm gains equal to round(gain * 65536).

   Built with -DFZ_CONVERT_MASK=BITS, the harness first tames the inputs, so that most of
   them get past the converter's float checks and reach the writer: bit 0, a vocab field of
   INT32_MIN becomes 0; bit 1, checkpoint floats that are not finite become 0; bit 2,
   checkpoint magnitudes are clamped to [2^-40, 1000]; bit 3, NaN tokenizer scores become 0.
   (15: all. With one bit off, -minimize_crash keeps an input of that kind of finding
   instead of drifting to another; these were the converter's first findings, see
   tests/fuzz/regress.) The default build does not mask. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tracked allocations */
static void **g_live;
static size_t g_nlive, g_caplive;

static void track(void *p) {
    if (!p) return;
    if (g_nlive == g_caplive) {
        g_caplive = g_caplive ? 2 * g_caplive : 1024;
        g_live = (void **)realloc(g_live, g_caplive * sizeof *g_live);
        if (!g_live) abort();
    }
    g_live[g_nlive++] = p;
}
static void untrack(void *p) {
    size_t i;
    if (!p) return;
    for (i = g_nlive; i-- > 0;)
        if (g_live[i] == p) { g_live[i] = g_live[--g_nlive]; return; }
    fprintf(stderr, "convert freed a pointer it did not allocate\n");
    abort();
}
static void *fzc_malloc(size_t n) { void *p = malloc(n); track(p); return p; }
static void *fzc_calloc(size_t a, size_t b) { void *p = calloc(a, b); track(p); return p; }
static void *fzc_realloc(void *q, size_t n) {
    void *p;
    if (q) untrack(q);
    p = realloc(q, n);
    track(p ? p : q);
    return p;
}
static void fzc_free(void *p) { untrack(p); free(p); }
static void free_all(void) {
    while (g_nlive) free(g_live[--g_nlive]);
}

/* ------------------------------------------------------------ in-memory files, messages */
static const unsigned char *g_ck, *g_tk;
static size_t g_ckn, g_tkn;
static unsigned char *g_out;
static size_t g_outn;
static char g_msg[4096];

#define HOSTIO_H
static unsigned char *read_file(const char *path, size_t *len) {
    const unsigned char *src = !strcmp(path, "ck.bin") ? g_ck : !strcmp(path, "tk.bin") ? g_tk : NULL;
    size_t n = src == g_ck ? g_ckn : g_tkn;
    void *p = NULL;
    if (!src) return NULL;
    if (posix_memalign(&p, 16, n + 1) != 0) return NULL;   /* exact size: ASan sees overreads */
    track(p);
    memcpy(p, src, n);
    ((unsigned char *)p)[n] = 0;
    *len = n;
    return (unsigned char *)p;
}
static int write_file(const char *path, const void *data, size_t len) {
    if (strcmp(path, "out.elm") != 0 || g_out) abort();
    g_out = (unsigned char *)malloc(len ? len : 1);
    if (!g_out) abort();
    memcpy(g_out, data, len);
    g_outn = len;
    return 0;
}
static int fzc_fprintf(FILE *f, const char *fmt, ...) {
    va_list ap;
    size_t at = strlen(g_msg);
    int r;
    (void)f;
    va_start(ap, fmt);
    r = vsnprintf(g_msg + at, sizeof g_msg - at, fmt, ap);
    va_end(ap);
    return r;
}

#define malloc fzc_malloc
#define calloc fzc_calloc
#define realloc fzc_realloc
#define free fzc_free
#define fprintf fzc_fprintf
#define main convert_main
#include "../../examples/convert.c"
#undef main
#undef fprintf
#undef free
#undef realloc
#undef calloc
#undef malloc

#include "fuzz_common.h"

/* ------------------------------------------------------------ the harness's own reading */
typedef struct { int32_t cfg[7]; int vocab; int ok_header, ok_size, ok_tok, ok_floats; } expect;

/* every float of [at, at + n) finite and strictly inside (-lim, lim) */
static int floats_ok(const unsigned char *w, size_t at, size_t n, double lim) {
    size_t i;
    for (i = at; i < at + n; i++) {
        float f;
        memcpy(&f, w + 4 * i, 4);
        if (!((double)f > -lim && (double)f < lim)) return 0;
    }
    return 1;
}

static void read_inputs(expect *e, const unsigned char *ck, size_t ckn, const unsigned char *tk, size_t tkn) {
    int64_t d, h, L, H, K, V, S, hs, kvd, need;
    size_t o = 4;
    int i;
    memset(e, 0, sizeof *e);
    if (ckn < 28) return;
    memcpy(e->cfg, ck, 28);
    d = e->cfg[0]; h = e->cfg[1]; L = e->cfg[2]; H = e->cfg[3]; K = e->cfg[4]; S = e->cfg[6];
    V = e->cfg[5] < 0 ? -(int64_t)e->cfg[5] : e->cfg[5];
    e->ok_floats = 1;
    if (d < 1 || d > 32768 || h < 1 || h > 65536 || L < 1 || L > 256 || H < 1 || K < 1 || K > H || H % K ||
        d % H || V < 1 || V > 131072 || S < 1 || S > 65536 || (d / H) % 2)
        return;
    e->ok_header = 1;
    e->vocab = (int)V;
    hs = d / H;
    kvd = K * hs;
    need = V * d * (e->cfg[5] > 0 ? 1 : 2) + L * (2 * d + 2 * d * d + 2 * d * kvd + 3 * d * h) + d + S * hs;
    if ((int64_t)((ckn - 28) / 4) < need) return;
    e->ok_size = 1;
    {   /* llama2.c order: emb, att norm, wq, wk, wv, wo, ffn norm, w1, w2, w3, final norm, rope, head */
        const unsigned char *w = ck + 28;
        size_t at = 0, n;
        static const double BIG = 1e18, NORM = 32767.0;
#define FZ_SPAN(count, lim) do { n = (size_t)(count); if (!floats_ok(w, at, n, lim)) e->ok_floats = 0; at += n; } while (0)
        FZ_SPAN(V * d, BIG);
        FZ_SPAN(L * d, NORM);
        FZ_SPAN(L * d * d, BIG);
        FZ_SPAN(2 * L * d * kvd, BIG);
        FZ_SPAN(L * d * d, BIG);
        FZ_SPAN(L * d, NORM);
        FZ_SPAN(3 * L * d * h, BIG);
        FZ_SPAN(d, NORM);
        at += (size_t)(S * hs);
        if (e->cfg[5] < 0) FZ_SPAN(V * d, BIG);
#undef FZ_SPAN
    }
    if (tkn < 4) return;
    for (i = 0; i < e->vocab; i++) {
        int32_t len;
        float sc;
        if (tkn - o < 8) return;
        memcpy(&sc, tk + o, 4);
        memcpy(&len, tk + o + 4, 4);
        o += 8;
        if (len < 0 || len > 1024 || (size_t)len > tkn - o) return;
        o += (size_t)len;
        if (sc != sc) e->ok_floats = 0;
    }
    e->ok_tok = 1;
}

#ifdef FZ_CONVERT_MASK
static const int g_mask = FZ_CONVERT_MASK;
static void mask_checkpoint(unsigned char *ck, size_t n) {
    size_t i;
    int32_t v;
    if (n >= 28 && (g_mask & 1)) {
        memcpy(&v, ck + 20, 4);
        if (v == INT32_MIN) memset(ck + 20, 0, 4);
    }
    for (i = 28; i + 4 <= n; i += 4) {
        float f;
        memcpy(&f, ck + i, 4);
        if (!isfinite(f)) { if (g_mask & 2) f = 0; }
        else if (!(g_mask & 4)) {}
        else if (fabsf(f) > 1000.0f) f = f > 0 ? 1000.0f : -1000.0f;
        else if (f != 0 && fabsf(f) < 0x1p-40f) f = f > 0 ? 0x1p-40f : -0x1p-40f;
        memcpy(ck + i, &f, 4);
    }
}
static void mask_tokenizer(unsigned char *tk, size_t n) {
    size_t o = 4;
    while (n >= 8 && o <= n - 8) {
        float f;
        int32_t len;
        memcpy(&f, tk + o, 4);
        memcpy(&len, tk + o + 4, 4);
        if ((g_mask & 8) != 0) {
            if (isnan(f)) { f = 0; memcpy(tk + o, &f, 4); }
        }
        if (len < 0 || (size_t)len > n - o - 8) break;
        o += 8 + (size_t)len;
    }
}
#endif

static double scale_of(const uint8_t *p) {
    return ldexp((double)fz_rdi32(p), -fz_rdi32(p + 4));
}

static void check_output(const expect *e, int wtype, int kv16) {
    edgellm_model m;
    const int32_t *c = e->cfg;
    int r = edgellm_model_load(&m, g_out, g_outn);
    uint32_t i, V = (uint32_t)e->vocab;
    const uint8_t *t, *offs, *scores, *blob;
    const unsigned char *tp = g_tk + 4;
    float *fs;
    FZ_CODE(r, EDGELLM_OK);
    FZ_CHECK(m.dim == (uint32_t)c[0] && m.hidden == (uint32_t)c[1] && m.n_layers == (uint32_t)c[2] &&
                 m.n_heads == (uint32_t)c[3] && m.n_kv_heads == (uint32_t)c[4] && m.vocab == V &&
                 m.seq_len == (uint32_t)c[6],
             "shape");
    FZ_CHECK(m.flags == (4u | (c[5] < 0 ? 8u : 0u) | (kv16 ? 16u : 0u)), "flags %u", m.flags);
    for (i = 0; i < edgellm_model_matrix_count(&m); i++) {
        edgellm_matrix mx;
        int head = i + 1 == edgellm_model_matrix_count(&m);
        FZ_CODE(edgellm_model_matrix(&m, i, &mx), EDGELLM_OK);
        FZ_CHECK(mx.type == (head ? 3u : (uint32_t)wtype), "matrix %u type %u", i, mx.type);
    }
    FZ_CHECK(m.tok_kind == 1 && m.bos == (V > 1 ? 1 : -1) && m.eos == (V > 2 ? 2 : -1), "tokenizer header");
    t = g_out + fz_rd32(g_out + 60);
    offs = t + 32; scores = offs + 4 * (V + 1); blob = scores + 8 * V;
    fs = (float *)malloc(sizeof(float) * V);
    FZ_CHECK(fs, "out of memory");
    {
        int bytes = V >= 259;
        for (i = 0; i < V; i++) {
            int32_t len;
            uint32_t a = fz_rd32(offs + 4 * i);
            memcpy(&fs[i], tp, 4);
            memcpy(&len, tp + 4, 4);
            FZ_CHECK(fz_rd32(offs + 4 * i + 4) - a == (uint32_t)len && memcmp(blob + a, tp + 8, (size_t)len) == 0,
                     "piece %u differs from tokenizer.bin", i);
            if (i >= 3 && i < 259 && bytes) {
                char want[8];
                snprintf(want, sizeof want, "<0x%02X>", i - 3);
                bytes = len == 6 && memcmp(tp + 8, want, 6) == 0;
            }
            tp += 8 + len;
        }
        FZ_CHECK(m.byte_base == (bytes ? 3 : -1), "byte_base %d", m.byte_base);
    }
    for (i = 0; i < V; i++) {
        int32_t si = fz_rdi32(scores + 4 * i);
        uint32_t j;
        if (!(fs[i] > -1e10f)) { FZ_CHECK(si == INT32_MIN, "score %u never merges", i); continue; }
        FZ_CHECK(si > INT32_MIN, "score %u (%g) lost", i, (double)fs[i]);
        for (j = i + 1; j < V && j < i + 64; j++) {
            int32_t sj = fz_rdi32(scores + 4 * j);
            if (!(fs[j] > -1e10f)) continue;
            FZ_CHECK((fs[i] < fs[j]) == (si < sj) && (fs[i] == fs[j]) == (si == sj),
                     "scores %u, %u: %g, %g became %d, %d", i, j, (double)fs[i], (double)fs[j], si, sj);
        }
    }
    free(fs);
    {   /* RMSNorm gains: round(v * 65536) as int32 */
        uint32_t per = 9, L = m.n_layers, D = m.dim, k, j, H = m.hidden, KVD = m.kv_dim;
        const uint8_t *dir = g_out + fz_rd32(g_out + 68);
        size_t base = (size_t)V * D, layer_w = (size_t)D * D * 2 + (size_t)D * KVD * 2;
        for (k = 0; k < 2 * L + 1; k++) {
            uint32_t entry = k == 2 * L ? 1 + L * per : 1 + (k / 2) * per + (k % 2 ? 5 : 0);
            size_t src = k == 2 * L ? base + 2 * (size_t)L * D + L * layer_w + 3 * (size_t)L * D * H
                         : k % 2 ? base + (size_t)L * D + L * layer_w + (size_t)(k / 2) * D
                                 : base + (size_t)(k / 2) * D;
            const uint8_t *g = g_out + fz_rd32(dir + 32 * entry + 12);
            for (j = 0; j < D; j++) {
                float f;
                double want;
                memcpy(&f, g_ck + 28 + 4 * (src + j), 4);
                want = (double)f * 65536.0;
                FZ_CHECK(isfinite(f) && fabs(want) < 2147483647.5, "gain %g (norm %u, entry %u) has no int32 Q16 value, "
                         "written as %d", (double)f, k, j, fz_rdi32(g + 4 * j));
                FZ_CHECK(fz_rdi32(g + 4 * j) == (int32_t)llround(want), "gain %g written as %d", (double)f, fz_rdi32(g + 4 * j));
            }
        }
    }
    {   /* the INT8 embedding: |q * scale - w| <= scale / 2 */
        edgellm_matrix mx;
        const float *w = (const float *)(const void *)(g_ck + 28);
        uint32_t r2, col, D = m.dim;
        edgellm_model_matrix(&m, edgellm_model_matrix_count(&m) - 1, &mx);
        if (c[5] < 0) {   /* separate head: the embedding is directory entry 0 */
            const uint8_t *e0 = g_out + fz_rd32(g_out + 68);
            mx.data = g_out + fz_rd32(e0 + 12);
            mx.scales = (const edgellm_scale *)(const void *)(g_out + fz_rd32(e0 + 20));
            mx.stride = (D + 15) / 16 * 16;
        }
        for (r2 = 0; r2 < V && r2 < 64; r2++) {
            double s = scale_of((const uint8_t *)mx.scales + 8 * r2), tiny = 127.0 * ldexp(1.0, -97);
            for (col = 0; col < D; col++) {
                float wf;
                double q = (int8_t)mx.data[(size_t)r2 * mx.stride + col];
                memcpy(&wf, (const uint8_t *)w + 4 * ((size_t)r2 * D + col), 4);
                if (s == 0) FZ_CHECK(fabs((double)wf) < tiny, "embedding %u,%u: %g in a zero-scale row", r2, col, (double)wf);
                else FZ_CHECK(fabs(q * s - (double)wf) <= s * 0.5000001, "embedding %u,%u: %g vs %g", r2, col, q * s, (double)wf);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const wt[4] = {"int8", "t2", "t1", "int8"};
    static const int wtype[4] = {3, 1, 2, 3};
    char *argv[9];
    expect e;
    uint32_t ckn;
    int rc, opt;
    if (size < 5) return 0;
    opt = data[0];
    ckn = fz_rd32(data + 1);
    if (ckn > size - 5) ckn = (uint32_t)(size - 5);
    g_ck = data + 5; g_ckn = ckn;
    g_tk = data + 5 + ckn; g_tkn = size - 5 - ckn;
#ifdef FZ_CONVERT_MASK
    {
        static unsigned char *tame, *tame_tk;
        free(tame);
        free(tame_tk);
        tame = (unsigned char *)malloc(ckn ? ckn : 1);
        tame_tk = (unsigned char *)malloc(g_tkn ? g_tkn : 1);
        FZ_CHECK(tame && tame_tk, "out of memory");
        memcpy(tame, g_ck, ckn);
        memcpy(tame_tk, g_tk, g_tkn);
        mask_checkpoint(tame, ckn);
        mask_tokenizer(tame_tk, g_tkn);
        g_ck = tame;
        g_tk = tame_tk;
    }
#endif
    g_out = NULL; g_outn = 0; g_msg[0] = 0;
    argv[0] = (char *)"convert"; argv[1] = (char *)"--weights"; argv[2] = (char *)wt[opt & 3];
    argv[3] = (char *)"--kv"; argv[4] = (char *)((opt & 4) ? "8" : "16");
    argv[5] = (char *)"ck.bin"; argv[6] = (char *)"tk.bin"; argv[7] = (char *)"out.elm"; argv[8] = NULL;
    rc = convert_main(8, argv);
    free_all();
    FZ_CHECK(strstr(g_msg, "internal error") == NULL, "the converter wrote a model that does not load: %s", g_msg);
    read_inputs(&e, g_ck, g_ckn, g_tk, g_tkn);
    FZ_CHECK(rc == 0 || rc == 1, "exit status %d: %s", rc, g_msg);
    FZ_CHECK((rc == 0) == (e.ok_header && e.ok_size && e.ok_tok && e.ok_floats),
             "exit status %d, inputs: header %d size %d tokenizer %d floats %d: %s", rc, e.ok_header, e.ok_size, e.ok_tok,
             e.ok_floats, g_msg);
    FZ_CHECK((rc == 0) == (g_out != NULL), "output written with status %d", rc);
    fz_count(0, "inputs");
    if (rc == 0) fz_count(1, "converted");
    if (rc == 0) check_output(&e, wtype[opt & 3], !(opt & 4));
    free(g_out);
    g_out = NULL;
    return 0;
}
