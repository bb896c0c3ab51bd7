/* bench: decode and prefill speed of edgellm models, one thread.

   usage: bench [-r RUNS] [-n STEPS] [--once] MODEL|synthetic:t2|synthetic:t1|synthetic:i8 ...

   Decode: STEPS positions from the first token with greedy sampling (BOS does not stop
   it), tokens/s timed from the second token like llama2.c; the median of RUNS runs.
   Prefill: STEPS tokens fed without sampling, timed as a whole; median of RUNS.
   synthetic:TYPE is a random model of llama2.c's 15M shape scaled down: dim 288,
   6 layers, 6 heads, FFN 768, vocab 512, context 256, with TYPE projections.
   --once runs one decode pass and no timing (for instruction counts under callgrind);
   --ids feeds varied tokens instead and prints each step's argmax and a CRC-32 of its
   logits (to compare builds).
   With several models the runs are interleaved (run 1 of each, then run 2 of each, ...), so
   that their ratios come from the same stretch of time; peak_rss_kb is then the process's.
   Prints one line per model: `bench: NAME decode_tok_s=.. prefill_tok_s=.. peak_rss_kb=..`. */
#define _POSIX_C_SOURCE 200809L
#define EDGELLM_IMPLEMENTATION
#include "../edgellm.h"
#define MODELWRITE_IMPLEMENTATION
#include "modelwrite.h"
#include "hostio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* a random llama of the synthetic shape, weights ~ N(0, 0.02)-ish from a fixed seed */
static unsigned char *synthetic(int wtype, size_t *len) {
    elm_float_model m;
    elm_write_options o;
    static unsigned char pieces_store[512][8];
    static const unsigned char *pieces[512];
    static int plen[512];
    size_t dim = 288, hid = 768, L = 6, V = 512, n, i;
    float *w;
    unsigned char *out = NULL;
    uint64_t st = 0x5eed;
    char err[256];
    memset(&m, 0, sizeof m);
    memset(&o, 0, sizeof o);
    m.dim = (int)dim; m.hidden = (int)hid; m.n_layers = (int)L; m.n_heads = 6; m.n_kv_heads = 6;
    m.vocab = (int)V; m.seq_len = 256; m.ffn_act = ELM_ACT_SILU; m.gated = 1; m.rope_theta = 10000; m.norm_eps = 1e-5f;
    n = V * dim + L * (2 * dim + 4 * dim * dim + 3 * dim * hid) + dim;
    w = (float *)malloc(sizeof(float) * n);
    for (i = 0; i < n; i++) w[i] = ((float)(edgellm_rng_u32(&st) % 2001) - 1000.0f) * 2e-5f;
    {
        float *p = w;
        m.tok_emb = p; p += V * dim;
        m.att_norm = p; for (i = 0; i < L * dim; i++) p[i] = 1.0f; p += L * dim;
        m.wq = p; p += L * dim * dim; m.wk = p; p += L * dim * dim; m.wv = p; p += L * dim * dim; m.wo = p; p += L * dim * dim;
        m.ffn_norm = p; for (i = 0; i < L * dim; i++) p[i] = 1.0f; p += L * dim;
        m.w1 = p; p += L * dim * hid; m.w2 = p; p += L * dim * hid; m.w3 = p; p += L * dim * hid;
        m.final_norm = p; for (i = 0; i < dim; i++) p[i] = 1.0f;
    }
    for (i = 0; i < V; i++) {
        pieces_store[i][0] = (unsigned char)(i & 255);
        pieces_store[i][1] = (unsigned char)('a' + i / 256);
        pieces[i] = pieces_store[i];
        plen[i] = 2;
    }
    m.tok_kind = ELM_TOK_LLAMA2; m.pieces = pieces; m.piece_len = plen; m.scores = NULL; m.bos = 1; m.eos = 2;
    o.wtype = wtype;
    if (elm_write_model(&m, &o, &out, len, err) != 0) { fprintf(stderr, "bench: %s\n", err); exit(1); }
    free(w);
    return out;
}

typedef struct {
    const char *name;
    unsigned char *data, *mem;
    edgellm_model model;
    edgellm_ctx ctx;
    int steps;
    double dec[64], pre[64];
} bench_model;

/* one decode pass (greedy, timed from the second token) and, unless once, one prefill pass */
static void bench_pass(bench_model *b, int k, int once, int ids) {
    uint32_t tok = b->model.bos >= 0 ? (uint32_t)b->model.bos : 0, p;
    double t0 = 0;
    edgellm_ctx_reset(&b->ctx);
    for (p = 0; p < (uint32_t)b->steps; p++) {
        if (p == 1) t0 = now_s();
        edgellm_feed(&b->ctx, tok);
        edgellm_argmax(b->ctx.logits, b->model.vocab, &tok);
        if (ids) {   /* varied inputs, so that every step exercises new attention */
            printf(" %u:%08x", tok, (unsigned)edgellm_crc32(b->ctx.logits, 4u * b->model.vocab));
            tok = (p * 7919u + 3u) % b->model.vocab;
        }
    }
    b->dec[k] = (b->steps - 1) / (now_s() - t0);
    if (once) return;
    edgellm_ctx_reset(&b->ctx);
    t0 = now_s();
    for (p = 0; p < (uint32_t)b->steps; p++) edgellm_feed(&b->ctx, (p * 7919u + 3u) % b->model.vocab);
    b->pre[k] = b->steps / (now_s() - t0);
}

int main(int argc, char **argv) {
    static bench_model bm[16];
    int runs = 5, steps = 256, once = 0, ids = 0, nm = 0, i, k, r;
    struct rusage ru;
    for (i = 1; i < argc; i++) {
        const char *name = argv[i];
        bench_model *b;
        size_t size, need = 0;
        if (!strcmp(name, "-r") && i + 1 < argc) { runs = atoi(argv[++i]); if (runs < 1 || runs > 64) runs = 5; continue; }
        if (!strcmp(name, "-n") && i + 1 < argc) { steps = atoi(argv[++i]); continue; }
        if (!strcmp(name, "--once")) { once = 1; continue; }
        if (!strcmp(name, "--ids")) { ids = 1; continue; }
        if (nm == 16) { fprintf(stderr, "bench: at most 16 models\n"); return 1; }
        b = &bm[nm++];
        b->name = name;
        if (!strncmp(name, "synthetic:", 10)) {
            const char *t = name + 10;
            b->data = synthetic(!strcmp(t, "t2") ? ELM_WT_T2 : !strcmp(t, "t1") ? ELM_WT_T1 : ELM_WT_I8, &size);
        } else if (!(b->data = read_file(name, &size))) {
            fprintf(stderr, "bench: cannot read %s\n", name);
            return 1;
        }
        if ((r = edgellm_model_load(&b->model, b->data, size)) != EDGELLM_OK) {
            fprintf(stderr, "bench: %s: %s\n", name, edgellm_result_string(r));
            return 1;
        }
        b->steps = steps;
        if (b->steps < 2 || (uint32_t)b->steps > b->model.seq_len) b->steps = (int)b->model.seq_len;
        edgellm_ctx_size(&b->model, (uint32_t)b->steps, &need);
        b->mem = (unsigned char *)aligned_alloc(16, (need + 15) / 16 * 16);
        edgellm_ctx_init(&b->ctx, &b->model, (uint32_t)b->steps, b->mem, need);
    }
    /* the models' runs interleaved, so that a slow spell of a shared machine touches them alike */
    for (k = 0; k < (once ? 1 : runs); k++)
        for (i = 0; i < nm; i++) {
            if (once && ids && i > 0) printf("\n");
            bench_pass(&bm[i], k, once, ids);
        }
    getrusage(RUSAGE_SELF, &ru);
    for (i = 0; i < nm; i++) {
        bench_model *b = &bm[i];
        if (once) {
            printf("%sbench: %s steps=%d (one pass)\n", ids && i == nm - 1 ? "\n" : "", b->name, b->steps);
        } else {
            qsort(b->dec, (size_t)runs, sizeof(double), cmp_double);
            qsort(b->pre, (size_t)runs, sizeof(double), cmp_double);
            printf("bench: %s steps=%d decode_tok_s=%.0f prefill_tok_s=%.0f peak_rss_kb=%ld\n", b->name, b->steps,
                   b->dec[runs / 2], b->pre[runs / 2], ru.ru_maxrss);
        }
        fflush(stdout);
    }
    for (i = 0; i < nm; i++) {
        free(bm[i].mem);
        free(bm[i].data);
    }
    return 0;
}
