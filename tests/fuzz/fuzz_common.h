/* fuzz_common.h - shared checks of the libFuzzer harnesses in tests/fuzz.

   Include after edgellm.h (with or without its implementation). Provides:
     FZ_CHECK(cond, ...)      print the failed condition and abort (libFuzzer saves the input)
     fz_documented(r)         r is one of EDGELLM_RESULTS
     fz_fix_crc(p, n)         recompute the header CRC in place, so that a mutated file
                              reaches the checks after the checksum
     fz_spec_check(p, n)      an independent reading of the MODEL FILE FORMAT section of the
                              manual: NULL when the file is valid, else the first rule broken
     fz_check_loaded(...)     invariants of a successfully loaded model
     fz_ref_encode(...)       the manual's encoding rules, written independently of the engine
                              (own piece hash, own UTF-8 grouping, own merge loop)
*/
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define FZ_FN static __attribute__((unused))
#else
#define FZ_FN static
#endif

#define FZ_CHECK(cond, ...)                                                               \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "fuzz check failed at %s:%d: %s\n    ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fprintf(stderr, "\n");                                                        \
            abort();                                                                      \
        }                                                                                 \
    } while (0)

FZ_FN int fz_documented(int r) {
    switch (r) {
#define FZ__CASE(name, value, text) case value:
        EDGELLM_RESULTS(FZ__CASE)
#undef FZ__CASE
        return 1;
    default:
        return 0;
    }
}

FZ_FN const char *fz_name(int r) {
    switch (r) {
#define FZ__NAME(name, value, text) case value: return "EDGELLM_" #name;
        EDGELLM_RESULTS(FZ__NAME)
#undef FZ__NAME
    default: return "(undocumented)";
    }
}

/* r must be one of the codes listed after it (terminated by 1, which is no result code) */
FZ_FN int fz_one_of(int r, ...) {
    va_list ap;
    int c, hit = 0;
    va_start(ap, r);
    while ((c = va_arg(ap, int)) != 1) if (c == r) hit = 1;
    va_end(ap);
    return hit;
}
#define FZ_CODE(r, ...) FZ_CHECK(fz_documented(r) && fz_one_of((r), __VA_ARGS__, 1), "result %d %s", (r), fz_name(r))

/* FZ_STATS=1 in the environment: counts printed at exit (how deep the inputs get) */
static unsigned long long fz_stat[8];
static const char *fz_stat_name[8];
FZ_FN void fz_stats_print(void) {
    int i;
    fprintf(stderr, "fz_stats:");
    for (i = 0; i < 8; i++) if (fz_stat_name[i]) fprintf(stderr, " %s=%llu", fz_stat_name[i], fz_stat[i]);
    fprintf(stderr, "\n");
}
FZ_FN void fz_count(int i, const char *name) {
    static int registered;
    if (!registered) {
        registered = 1;
        if (getenv("FZ_STATS")) atexit(fz_stats_print);
    }
    fz_stat_name[i] = name;
    fz_stat[i]++;
}

FZ_FN uint32_t fz_rd32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
FZ_FN int32_t fz_rdi32(const uint8_t *p) {
    uint32_t u = fz_rd32(p);
    int32_t v;
    memcpy(&v, &u, 4);
    return v;
}
FZ_FN void fz_wr32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* CRC-32 (zlib's) with a byte table built bit by bit, independent of the engine's code */
FZ_FN uint32_t fz_crc_bytes(uint32_t c, const uint8_t *p, size_t n) {
    static uint32_t T[256];
    static int ready;
    size_t i;
    if (!ready) {
        uint32_t b, x;
        int k;
        for (b = 0; b < 256; b++) {
            for (x = b, k = 0; k < 8; k++) x = (x >> 1) ^ (0xEDB88320u & (0u - (x & 1u)));
            T[b] = x;
        }
        ready = 1;
    }
    for (i = 0; i < n; i++) c = (c >> 8) ^ T[(c ^ p[i]) & 0xFFu];
    return c;
}
FZ_FN uint32_t fz_file_crc(const uint8_t *p, uint32_t file_size) {
    static const uint8_t z[4] = {0, 0, 0, 0};
    uint32_t c = fz_crc_bytes(0xFFFFFFFFu, p, 12);
    c = fz_crc_bytes(c, z, 4);
    return fz_crc_bytes(c, p + 16, file_size - 16u) ^ 0xFFFFFFFFu;
}

/* recompute the CRC when the header's file_size lies in [16, n]; returns 1 if it did */
FZ_FN int fz_fix_crc(uint8_t *p, size_t n) {
    uint32_t fs;
    if (n < 16) return 0;
    fs = fz_rd32(p + 8);
    if (fs < 16 || fs > n) return 0;
    fz_wr32(p + 12, fz_file_crc(p, fs));
    return 1;
}

/* ------------------------------------------------------------------ the format, as written */

typedef struct fz_shape {
    uint32_t dim, hidden, layers, heads, kv_heads, vocab, seq_len, flags, hs, kv_dim, nt, per;
} fz_shape;

/* expected (rows, cols, is_matrix) of directory entry t, from the entry order in the manual */
FZ_FN void fz_expect(const fz_shape *s, uint32_t t, uint32_t *rows, uint32_t *cols, int *mat) {
    uint32_t per = s->per, body = s->layers * per;
    *mat = 1;
    if (t == 0) { *rows = s->vocab; *cols = s->dim; return; }
    if (t <= body) {
        uint32_t k = (t - 1) % per;
        static const int kind[9] = {0, 1, 2, 2, 1, 0, 3, 4, 3};   /* norm wq wk wv wo norm w1 w2 w3 */
        switch (kind[k]) {
        case 0: *rows = s->dim; *cols = 1; *mat = 0; return;
        case 1: *rows = s->dim; *cols = s->dim; return;
        case 2: *rows = s->kv_dim; *cols = s->dim; return;
        case 3: *rows = s->hidden; *cols = s->dim; return;
        default: *rows = s->dim; *cols = s->hidden; return;
        }
    }
    if (t == body + 1) { *rows = s->dim; *cols = 1; *mat = 0; return; }
    *rows = s->vocab; *cols = s->dim;
}

FZ_FN int fz_geom(uint32_t type, uint32_t cols, uint32_t *pad, uint32_t *stride) {
    uint32_t q = type == 1 ? 64u : type == 2 ? 80u : type == 3 ? 16u : 0u;
    if (!q) return 0;
    *pad = (uint32_t)(((uint64_t)cols + q - 1) / q * q);
    *stride = type == 1 ? *pad / 4 : type == 2 ? *pad / 5 : *pad;
    return 1;
}

/* integer weight of column c in a packed row, or 1000 for an invalid code */
FZ_FN int fz_weight(uint32_t type, const uint8_t *row, uint32_t c) {
    if (type == 1) {
        uint32_t code = (row[(c / 64) * 16 + c % 16] >> (2 * ((c % 64) / 16))) & 3u;
        return code == 0 ? 0 : code == 1 ? 1 : code == 2 ? -1 : 1000;
    }
    if (type == 2) {
        /* the byte must be ceil(v * 256 / 243) for some v in 0..242; then trit k of v */
        static int16_t V[256];   /* v of each byte, -1 when no v in 0..242 encodes to it */
        static int ready;
        uint32_t byte = row[(c / 80) * 16 + c % 16], k = (c % 80) / 16, v, t;
        if (!ready) {
            for (v = 0; v < 256; v++) V[v] = -1;
            for (v = 0; v < 243; v++) V[(v * 256 + 242) / 243] = (int16_t)v;
            ready = 1;
        }
        if (V[byte] < 0) return 1000;
        v = (uint32_t)V[byte];
        for (t = 4; t > k; t--) v /= 3;   /* trit k, t0 the most significant */
        return (int)(v % 3) - 1;
    }
    return (int8_t)row[c];
}

FZ_FN int fz_piece_cmp(const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb) {
    uint32_t n = la < lb ? la : lb;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return la < lb ? -1 : la > lb ? 1 : 0;
}

/* NULL if p[0..n) is a valid model file by the manual, else the rule it breaks */
FZ_FN const char *fz_spec_check(const uint8_t *p, size_t n) {
    fz_shape s;
    uint32_t fs, end = 128, i, dir, tok, tsz;
    if (n < 128) return "shorter than the header";
    if (fz_rd32(p) != 0x4D4C4445u) return "magic";
    if (fz_rd32(p + 4) != 1 && fz_rd32(p + 4) != 2) return "version";   /* 1: the same layout */
    fs = fz_rd32(p + 8);
    if (fs < 128 || fs > n) return "file_size";
    if (fz_file_crc(p, fs) != fz_rd32(p + 12)) return "crc";
    if (fz_rd32(p + 16) != 128) return "header_size";
    s.flags = fz_rd32(p + 20);
    if (s.flags >> 5 || (s.flags & 3) == 3) return "flags";
    for (i = 76; i < 128; i++) if (p[i]) return "reserved header bytes";
    s.dim = fz_rd32(p + 24); s.hidden = fz_rd32(p + 28); s.layers = fz_rd32(p + 32);
    s.heads = fz_rd32(p + 36); s.kv_heads = fz_rd32(p + 40); s.vocab = fz_rd32(p + 44);
    s.seq_len = fz_rd32(p + 48);
    if (s.dim < 1 || s.dim > 32768 || s.hidden < 1 || s.hidden > 65536 || s.layers < 1 || s.layers > 256 ||
        s.vocab < 1 || s.vocab > 131072 || s.seq_len < 1 || s.seq_len > 65536)
        return "dimension range";
    if (s.heads < 1 || s.dim % s.heads || (s.dim / s.heads) % 2) return "n_heads";
    if (s.kv_heads < 1 || s.heads % s.kv_heads) return "n_kv_heads";
    s.hs = s.dim / s.heads;
    s.kv_dim = s.kv_heads * s.hs;
    s.per = (s.flags & 4) ? 9 : 8;
    s.nt = 1 + s.layers * s.per + 1 + ((s.flags & 8) ? 1 : 0);
    if (fz_rd32(p + 72) != s.nt) return "n_tensors";
#define FZ__SEC(off, len)                                                                 \
    do {                                                                                  \
        uint64_t o_ = (off), l_ = (len);                                                  \
        if (o_ % 16 || o_ < end || o_ + l_ > fs) return "section placement";              \
        end = (uint32_t)(o_ + l_);                                                        \
    } while (0)
    dir = fz_rd32(p + 68);
    FZ__SEC(dir, 32ull * s.nt);
    FZ__SEC(fz_rd32(p + 56), 4ull * (s.hs / 2));
    tok = fz_rd32(p + 60);
    tsz = fz_rd32(p + 64);
    FZ__SEC(tok, tsz);
    for (i = 0; i < s.nt; i++) {
        const uint8_t *e = p + dir + 32 * i;
        uint32_t type = fz_rd32(e), rows = fz_rd32(e + 4), cols = fz_rd32(e + 8), er, ec, pad, st, r, c;
        int mat;
        fz_expect(&s, i, &er, &ec, &mat);
        if (fz_rd32(e + 28) != 0) return "directory reserved word";
        if (rows != er || cols != ec) return "tensor shape";
        if (!mat) {
            if (type != 4) return "norm type";
            if (fz_rd32(e + 16) != 4ull * rows || fz_rd32(e + 20) != 0 || fz_rd32(e + 24) != 0) return "norm sizes";
            FZ__SEC(fz_rd32(e + 12), 4ull * rows);
            continue;
        }
        if (!fz_geom(type, cols, &pad, &st)) return "matrix type";
        if (fz_rd32(e + 16) != (uint64_t)rows * st || fz_rd32(e + 24) != 8ull * rows) return "matrix sizes";
        FZ__SEC(fz_rd32(e + 12), (uint64_t)rows * st);
        FZ__SEC(fz_rd32(e + 20), 8ull * rows);
        for (r = 0; r < rows; r++) {
            const uint8_t *sc = p + fz_rd32(e + 20) + 8ull * r, *row = p + fz_rd32(e + 12) + (uint64_t)r * st;
            int32_t m = fz_rdi32(sc), sh = fz_rdi32(sc + 4);
            if (m == 0 ? sh != 0 : (m < (1 << 30) || sh < -64 || sh > 128)) return "scale";
            for (c = 0; c < pad; c++) {
                int w = fz_weight(type, row, c);
                if (w == 1000 || (c >= cols && w != 0)) return "weights";
            }
            if (type == 2) /* every byte of the row must be an encoding, also unused lanes */
                for (c = 0; c < st; c++) if (fz_weight(2, row, (c / 16) * 80 + c % 16) == 1000) return "weights";
        }
    }
#undef FZ__SEC
    {   /* tokenizer */
        const uint8_t *t = p + tok, *offs, *sorted, *blob;
        uint32_t kind, maxl, nn, bsz, k;
        int32_t bos, eos, bb;
        if (tsz < 32) return "tokenizer size";
        kind = fz_rd32(t); bos = fz_rdi32(t + 4); eos = fz_rdi32(t + 8); bb = fz_rdi32(t + 12);
        maxl = fz_rd32(t + 16); nn = fz_rd32(t + 20); bsz = fz_rd32(t + 24);
        if (kind != 1 && kind != 2) return "tokenizer kind";
        if (nn != s.vocab || fz_rd32(t + 28)) return "tokenizer n / reserved";
        if (maxl < 1 || maxl > 1024) return "tokenizer max_len";
        if ((uint64_t)tsz != 32 + 12ull * nn + 4 + bsz) return "tokenizer size";
        if (bos < -1 || bos >= (int64_t)nn || eos < -1 || eos >= (int64_t)nn) return "bos/eos";
        if (bb < -1 || (bb >= 0 && (uint64_t)bb + 256 > nn)) return "byte_base";
        offs = t + 32;
        sorted = offs + 4ull * (nn + 1) + 4ull * nn;
        blob = sorted + 4ull * nn;
        if (fz_rd32(offs) != 0 || fz_rd32(offs + 4ull * nn) != bsz) return "piece offsets";
        for (k = 0; k < nn; k++) {
            uint32_t a = fz_rd32(offs + 4ull * k), b = fz_rd32(offs + 4ull * k + 4);
            if (b < a || b > bsz || b - a > maxl) return "piece offsets";
            if (kind == 2 && b - a != 1) return "bytes tokenizer piece length";
        }
        for (k = 0; k + 1 < nn; k++) {
            uint32_t x = fz_rd32(sorted + 4ull * k), y = fz_rd32(sorted + 4ull * k + 4);
            int c;
            if (x >= nn || y >= nn) return "sorted id range";
            c = fz_piece_cmp(blob + fz_rd32(offs + 4ull * x), fz_rd32(offs + 4ull * x + 4) - fz_rd32(offs + 4ull * x),
                             blob + fz_rd32(offs + 4ull * y), fz_rd32(offs + 4ull * y + 4) - fz_rd32(offs + 4ull * y));
            if (c > 0 || (c == 0 && x >= y)) return "sorted order";
        }
        if (nn == 1 && fz_rd32(sorted) != 0) return "sorted id range";
        if (bb >= 0)
            for (k = 0; k < 256; k++) {
                char want[8];
                uint32_t id = (uint32_t)bb + k, a = fz_rd32(offs + 4ull * id), b = fz_rd32(offs + 4ull * id + 4);
                snprintf(want, sizeof want, "<0x%02X>", k);
                if (b - a != 6 || memcmp(blob + a, want, 6) != 0) return "byte token piece";
            }
    }
    return NULL;
}

/* --------------------------------------------------------------- reference encoder */

typedef struct fz_vocab {
    uint32_t n, kind, max_len;
    int32_t bos, byte_base;
    const uint8_t **piece;
    uint32_t *len;
    int32_t *score;
    uint32_t hsize;          /* power of two */
    int32_t *hash;           /* id of the lowest id with that piece, -1 empty */
} fz_vocab;

FZ_FN uint32_t fz_hash2(const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb) {
    uint32_t h = 2166136261u, i;
    for (i = 0; i < la; i++) h = (h ^ a[i]) * 16777619u;
    for (i = 0; i < lb; i++) h = (h ^ b[i]) * 16777619u;
    return h;
}
FZ_FN int fz_eq2(const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb, const uint8_t *c, uint32_t lc) {
    if (la + lb != lc) return 0;
    return (la == 0 || memcmp(a, c, la) == 0) && (lb == 0 || memcmp(b, c + la, lb) == 0);
}
/* lowest id whose piece is a||b, or -1 */
FZ_FN int32_t fz_vocab_find(const fz_vocab *v, const uint8_t *a, uint32_t la, const uint8_t *b, uint32_t lb) {
    uint32_t h = fz_hash2(a, la, b, lb) & (v->hsize - 1);
    for (;; h = (h + 1) & (v->hsize - 1)) {
        int32_t id = v->hash[h];
        if (id < 0) return -1;
        if (fz_eq2(a, la, b, lb, v->piece[id], v->len[id])) return id;
    }
}

/* views a loaded model's tokenizer section (read from the file bytes, not the engine's fields) */
FZ_FN void fz_vocab_from_file(fz_vocab *v, const uint8_t *file) {
    const uint8_t *t = file + fz_rd32(file + 60), *offs, *scores, *blob;
    uint32_t i;
    v->kind = fz_rd32(t); v->bos = fz_rdi32(t + 4); v->byte_base = fz_rdi32(t + 12);
    v->max_len = fz_rd32(t + 16); v->n = fz_rd32(t + 20);
    offs = t + 32; scores = offs + 4ull * (v->n + 1); blob = scores + 8ull * v->n;
    v->piece = (const uint8_t **)malloc(sizeof *v->piece * v->n);
    v->len = (uint32_t *)malloc(sizeof *v->len * v->n);
    v->score = (int32_t *)malloc(sizeof *v->score * v->n);
    for (v->hsize = 16; v->hsize < 2 * v->n; v->hsize *= 2) {}
    v->hash = (int32_t *)malloc(sizeof *v->hash * v->hsize);
    FZ_CHECK(v->piece && v->len && v->score && v->hash, "out of memory");
    for (i = 0; i < v->hsize; i++) v->hash[i] = -1;
    for (i = 0; i < v->n; i++) {
        uint32_t a = fz_rd32(offs + 4ull * i), h;
        v->piece[i] = blob + a;
        v->len[i] = fz_rd32(offs + 4ull * i + 4) - a;
        v->score[i] = fz_rdi32(scores + 4ull * i);
        if (fz_vocab_find(v, v->piece[i], v->len[i], NULL, 0) >= 0) continue;   /* keep the lowest id */
        h = fz_hash2(v->piece[i], v->len[i], NULL, 0) & (v->hsize - 1);
        while (v->hash[h] >= 0) h = (h + 1) & (v->hsize - 1);
        v->hash[h] = (int32_t)i;
    }
}
FZ_FN void fz_vocab_free(fz_vocab *v) {
    free(v->piece); free(v->len); free(v->score); free(v->hash);
}

/* The manual's encoder. Writes up to len + 2 tokens into out (room for that many);
   returns EDGELLM_OK with *n, or EDGELLM_ERR_ENCODE. */
FZ_FN int fz_ref_encode(const fz_vocab *v, const uint8_t *s, size_t len, int add_bos, uint32_t *out, uint32_t *n_out) {
    uint32_t n = 0;
    size_t i = 0;
    if (add_bos && v->bos >= 0) out[n++] = (uint32_t)v->bos;
    if (v->kind == 2) {
        for (i = 0; i < len; i++) {
            int32_t id = fz_vocab_find(v, s + i, 1, NULL, 0);
            if (id < 0) return EDGELLM_ERR_ENCODE;
            out[n++] = (uint32_t)id;
        }
        *n_out = n;
        return EDGELLM_OK;
    }
    if (len > 0) {
        int32_t id = fz_vocab_find(v, (const uint8_t *)" ", 1, NULL, 0);
        if (id >= 0) out[n++] = (uint32_t)id;
    }
    while (i < len) {
        size_t st = i, k = 1, j;
        int32_t id;
        while (st + k < len && k < 4 && (s[st + k] & 0xC0) == 0x80) k++;
        i = st + k;
        id = fz_vocab_find(v, s + st, (uint32_t)k, NULL, 0);
        if (id >= 0) { out[n++] = (uint32_t)id; continue; }
        if (v->byte_base < 0) return EDGELLM_ERR_ENCODE;
        for (j = st; j < i; j++) out[n++] = (uint32_t)v->byte_base + s[j];
    }
    for (;;) {
        int64_t best = INT32_MIN;
        int32_t best_id = -1;
        uint32_t bi = 0, j;
        for (j = 0; j + 1 < n; j++) {
            int32_t id = fz_vocab_find(v, v->piece[out[j]], v->len[out[j]], v->piece[out[j + 1]], v->len[out[j + 1]]);
            if (id >= 0 && v->score[id] > best) { best = v->score[id]; best_id = id; bi = j; }
        }
        if (best_id < 0) break;
        out[bi] = (uint32_t)best_id;
        memmove(out + bi + 1, out + bi + 2, sizeof *out * (n - bi - 2));
        n--;
    }
    *n_out = n;
    return EDGELLM_OK;
}

/* ------------------------------------------------------------ loaded-model invariants */

FZ_FN uint64_t fz_r16(uint64_t x) { return (x + 15) & ~(uint64_t)15; }

/* the arena bytes by the MEMORY section of the manual (each buffer rounded up to 16) */
/* the manual's ternary lookup tables: the largest over the T2 and T1 matrices of
   342 * cols_pad / 4 (T2) or 512 * cols_pad / 5 (T1); 0 without them or with EDGELLM_NO_LUT */
FZ_FN uint64_t fz_lut_bytes(const edgellm_model *m) {
    uint64_t best = 0, b;
    uint32_t i, n = edgellm_model_matrix_count(m);
#ifdef EDGELLM_NO_LUT
    n = 0;
#endif
    for (i = 0; i < n; i++) {
        edgellm_matrix mx;
        if (edgellm_model_matrix(m, i, &mx) != EDGELLM_OK) continue;
        if (mx.type == EDGELLM_WT_T2) b = 342ull * (mx.cols_pad / 4);
        else if (mx.type == EDGELLM_WT_T1) b = 512ull * (mx.cols_pad / 5);
        else continue;
        if (b > best) best = b;
    }
    return best;
}

/* the manual's arena (MEMORY): every buffer rounded up to 16 bytes */
FZ_FN uint64_t fz_arena_bytes(const fz_shape *s, uint32_t n_ctx, uint64_t lut) {
    uint64_t big = s->dim > s->hidden ? s->dim : s->hidden, a64 = (big + 63) / 64 * 64, a80 = (big + 79) / 80 * 80;
    uint64_t kv = (uint64_t)s->layers * n_ctx, B = (s->flags & 16) ? 2 : 1, G = s->heads / s->kv_heads >= 2 ? 2 : 1;
    return 3 * fz_r16(4ull * s->dim) + 2 * fz_r16(4ull * s->kv_dim) + fz_r16(4ull * s->hidden) +
           ((s->flags & 4) ? fz_r16(4ull * s->hidden) : 0) + fz_r16(a64 > a80 ? a64 : a80) + fz_r16(4ull * s->hs) +
           2 * fz_r16(8ull * s->hs) + fz_r16(4ull * n_ctx * G) + fz_r16(4ull * s->vocab) + fz_r16(8ull * s->vocab) +
           fz_r16(lut) + 2 * fz_r16(kv * s->kv_dim * B) + fz_r16(4 * kv * s->kv_heads) +
           fz_r16(4ull * (2ull * s->layers + 5));   /* the model's constants */
}

FZ_FN void fz_shape_of(fz_shape *s, const uint8_t *p) {
    s->flags = fz_rd32(p + 20); s->dim = fz_rd32(p + 24); s->hidden = fz_rd32(p + 28); s->layers = fz_rd32(p + 32);
    s->heads = fz_rd32(p + 36); s->kv_heads = fz_rd32(p + 40); s->vocab = fz_rd32(p + 44); s->seq_len = fz_rd32(p + 48);
    s->hs = s->dim / s->heads; s->kv_dim = s->kv_heads * s->hs;
    s->per = (s->flags & 4) ? 9 : 8;
    s->nt = 1 + s->layers * s->per + 1 + ((s->flags & 8) ? 1 : 0);
}

/* Invariants of a model that loaded from p[0..n): the fields, the matrix views, the arena
   size query and the piece decoder. */
FZ_FN void fz_check_loaded(const edgellm_model *m, const uint8_t *p, size_t n) {
    fz_shape s;
    uint32_t i, cnt, nm, fs = fz_rd32(p + 8);
    size_t prev = 0;
    fz_shape_of(&s, p);
    FZ_CHECK(m->valid && m->data == p && m->size == fs, "model view");
    FZ_CHECK(m->dim == s.dim && m->hidden == s.hidden && m->n_layers == s.layers && m->n_heads == s.heads &&
                 m->n_kv_heads == s.kv_heads && m->vocab == s.vocab && m->seq_len == s.seq_len &&
                 m->head_size == s.hs && m->kv_dim == s.kv_dim && m->flags == s.flags && m->act == (s.flags & 3) &&
                 m->norm_eps == fz_rd32(p + 52),
             "model fields differ from the header");
    nm = s.layers * (s.per - 2) + 1;
    cnt = edgellm_model_matrix_count(m);
    FZ_CHECK(cnt == nm, "matrix count %u, expected %u", cnt, nm);
    for (i = 0; i < cnt + 2; i++) {
        edgellm_matrix mx;
        uint32_t t, er, ec, pad, st;
        int mat, r = edgellm_model_matrix(m, i, &mx);
        if (i >= cnt) { FZ_CODE(r, EDGELLM_ERR_ARG); continue; }
        FZ_CODE(r, EDGELLM_OK);
        /* directory entry of matrix i: per layer wq wk wv wo w1 w2 [w3], then the head */
        if (i == cnt - 1) t = (s.flags & 8) ? s.nt - 1 : 0;
        else {
            static const uint32_t slot[7] = {1, 2, 3, 4, 6, 7, 8};
            t = 1 + (i / (s.per - 2)) * s.per + slot[i % (s.per - 2)];
        }
        fz_expect(&s, t, &er, &ec, &mat);
        FZ_CHECK(mat && mx.rows == er && mx.cols == ec && mx.index == i, "matrix %u shape %ux%u", i, mx.rows, mx.cols);
        FZ_CHECK(fz_geom(mx.type, mx.cols, &pad, &st) && mx.cols_pad == pad && mx.stride == st, "matrix %u geometry", i);
        FZ_CHECK(mx.data == p + fz_rd32(p + fz_rd32(p + 68) + 32 * t + 12) &&
                     (const uint8_t *)mx.scales == p + fz_rd32(p + fz_rd32(p + 68) + 32 * t + 20),
                 "matrix %u views", i);
        FZ_CHECK(mx.data >= p + 128 && mx.data + (uint64_t)mx.rows * mx.stride <= p + fs &&
                     (const uint8_t *)mx.scales + 8ull * mx.rows <= p + fs,
                 "matrix %u outside the file", i);
    }
    for (i = 1; i <= 8 && i <= s.seq_len; i++) {
        size_t b = 0;
        int r = edgellm_ctx_size(m, i, &b);
        FZ_CODE(r, EDGELLM_OK);
        FZ_CHECK(b == fz_arena_bytes(&s, i, fz_lut_bytes(m)), "ctx_size(%u) = %zu, manual says %llu", i, b,
                 (unsigned long long)fz_arena_bytes(&s, i, fz_lut_bytes(m)));
        FZ_CHECK(b >= prev && b % 16 == 0, "ctx_size not monotone");
        prev = b;
    }
    {
        size_t b = 12345;
        int r = edgellm_ctx_size(m, 0, &b);
        FZ_CODE(r, EDGELLM_ERR_ARG);
        r = edgellm_ctx_size(m, s.seq_len + 1, &b);
        FZ_CODE(r, EDGELLM_ERR_ARG);
        FZ_CHECK(b == 12345, "ctx_size wrote its output on failure");
    }
    {   /* the piece of every token (the first 2048) */
        const uint8_t *t = p + fz_rd32(p + 60), *offs = t + 32, *blob = offs + 12ull * s.vocab + 4;
        uint32_t maxl = fz_rd32(t + 16), len;
        int32_t bos = fz_rdi32(t + 4), bb = fz_rdi32(t + 12);
        uint8_t buf[1024];
        int r;
        for (i = 0; i < s.vocab && i < 2048; i++) {
            uint32_t a = fz_rd32(offs + 4ull * i), pl = fz_rd32(offs + 4ull * i + 4) - a, l2 = 7777;
            const uint8_t *pc = blob + a;
            int isbyte = bb >= 0 && i >= (uint32_t)bb && i < (uint32_t)bb + 256;
            r = edgellm_token_piece(m, 0xFFFFFFFFu, i, buf, maxl, &len);
            FZ_CODE(r, EDGELLM_OK);
            if (isbyte) FZ_CHECK(len == 1 && buf[0] == (uint8_t)(i - (uint32_t)bb), "byte token %u", i);
            else FZ_CHECK(len == pl && (pl == 0 || memcmp(buf, pc, pl) == 0), "piece of token %u", i);
            if (bos >= 0 && !isbyte) {   /* after BOS a leading space is dropped */
                r = edgellm_token_piece(m, (uint32_t)bos, i, buf, maxl, &len);
                FZ_CODE(r, EDGELLM_OK);
                if (pl > 0 && pc[0] == ' ') FZ_CHECK(len == pl - 1 && memcmp(buf, pc + 1, len) == 0, "BOS rule %u", i);
                else FZ_CHECK(len == pl, "BOS rule %u", i);
            }
            if (!isbyte && pl > 0) {
                r = edgellm_token_piece(m, 0xFFFFFFFFu, i, buf, pl - 1, &l2);
                FZ_CODE(r, EDGELLM_ERR_BUFFER);
                FZ_CHECK(l2 == 7777, "token_piece wrote len on failure");
            }
        }
        r = edgellm_token_piece(m, 0, s.vocab, buf, sizeof buf, &len);
        FZ_CODE(r, EDGELLM_ERR_TOKEN);
    }
    (void)n;
}

/* a failed load leaves nothing usable */
FZ_FN void fz_check_unloaded(const edgellm_model *m) {
    size_t b;
    uint32_t t[4], nt;
    uint8_t buf[8];
    edgellm_matrix mx;
    int r;
    FZ_CHECK(!m->valid, "valid after a failed load");
    FZ_CHECK(edgellm_model_matrix_count(m) == 0, "matrix count after a failed load");
    r = edgellm_model_matrix(m, 0, &mx); FZ_CODE(r, EDGELLM_ERR_STATE);
    r = edgellm_ctx_size(m, 1, &b); FZ_CODE(r, EDGELLM_ERR_STATE);
    r = edgellm_encode(m, "a", 1, 1, t, 4, &nt); FZ_CODE(r, EDGELLM_ERR_STATE);
    r = edgellm_token_piece(m, 0, 0, buf, sizeof buf, &nt); FZ_CODE(r, EDGELLM_ERR_STATE);
}

#endif /* FUZZ_COMMON_H */
