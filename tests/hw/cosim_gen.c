/* cosim_gen.c - whole-model generation through the Verilated accelerator
   (`make -C rtl cosim`).

   For each model and each seed, the same generation loop as examples/generate.c
   (feed the token, sample the next with edgellm_sampler, feed the sample) runs
   twice: once in software only and once with every matrix-vector product in the
   RTL through edgellm_hw.h. The two token streams (and a hash of every logit
   vector) must be equal. The generation writes on when the context is full the
   way generate.c's --window does (reset, feed the last half again), and it does
   not stop at BOS, so every run has exactly the requested number of tokens.

   Per generated token, over the forward pass that consumes it, it counts:
     - clock cycles of the accelerator (edgellm_sim_cycles(): every cycle from the
       first bus access to the last, engine and AXI transfers together; the
       accelerator is clocked only during hardware products);
     - engine cycles (the CYCLES register, START to DONE, summed over the products);
     - 32-bit AXI4-Lite transfers (reads + writes), split into x writes,
       descriptor/control writes, y and counter reads, and STATUS polls.
   The window refills are forward passes too; they are counted apart.

   usage: cosim_gen [-n TOKENS] [-s SEED,SEED,...] [-r README] [-x NOTE] MODEL.elm[=NAME] ...
          -r: on success, write the figures table into README between
              <!-- cosim:begin --> and <!-- cosim:end -->
          -x: a note line printed (e.g. why a model was skipped); repeatable
   The last line printed is
       cosim: <N> tokens identical, <C> accelerator cycles/token, <W> bus words/token
   Exits 1 on any mismatch or failure. */
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

#define MAX_SEEDS 16
#define MAX_MODELS 16
#define MAX_PLACE 512

static unsigned long n_fail;

typedef struct {
    uint64_t cycles, engine, writes, reads, polls, x_writes, y_reads, passes;
} counts;

/* the backend: edgellm_hw_matvec, plus the engine's CYCLES and x words of each product */
static counts *g_count;
static int counted_matvec(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    edgellm_hw *hw = (edgellm_hw *)user;
    uint32_t before = hw->calls_hw;
    int r = edgellm_hw_matvec(user, m, x, y);
    if (g_count && hw->calls_hw != before) {
        g_count->engine += hw->last_cycles;
        g_count->x_writes += m->cols_pad / 4u;
        g_count->y_reads += m->rows;
    }
    return r;
}

static void snap(counts *c) {
    uint64_t w, r, p;
    edgellm_sim_bus_counts(&w, &r, &p);
    c->cycles = edgellm_sim_cycles();
    c->writes = w;
    c->reads = r;
    c->polls = p;
}

/* adds (b - a) of the bus counters to acc */
static void add_delta(counts *acc, const counts *a, const counts *b) {
    acc->cycles += b->cycles - a->cycles;
    acc->writes += b->writes - a->writes;
    acc->reads += b->reads - a->reads;
    acc->polls += b->polls - a->polls;
}

/* generate.c's loop: one prompt token, then feed / sample / feed the sample.
   hw NULL = software only. tok_out[i] is the i-th sampled token. */
static int generate(edgellm_ctx *ctx, edgellm_hw *hw, uint32_t n_tok, uint64_t seed, uint32_t *tok_out,
                    uint32_t *hist, uint32_t *hash, counts *per_tok, counts *refill, uint64_t *cycles_pos0) {
    const edgellm_model *model = ctx->model;
    edgellm_sampler s;
    uint32_t prompt[8], n_prompt = 0, tok, next = 0, pos, j, h = 2166136261u;
    int r;

    edgellm_ctx_reset(ctx);
    if (hw) edgellm_set_backend(ctx, counted_matvec, hw);
    else edgellm_set_backend(ctx, NULL, NULL);
    /* generate.c with an empty prompt: BOS, or "\n" for a byte model without BOS */
    r = edgellm_encode(model, model->bos < 0 ? "\n" : "", model->bos < 0 ? 1u : 0u, 1, prompt, 8, &n_prompt);
    if (r != EDGELLM_OK) return r;
    if (n_prompt != 1) return EDGELLM_ERR_ARG;
    edgellm_sampler_init(&s, 52429u, 0u, 58982u, seed);   /* temperature 0.8, top-p 0.9 (Q16) */
    tok = prompt[0];
    for (pos = 0; pos < n_tok; pos++) {
        counts a, b;
        if (ctx->pos == ctx->n_ctx) {   /* generate.c --window: start again from the last half */
            uint32_t keep = ctx->n_ctx / 2u;
            edgellm_ctx_reset(ctx);
            if (hw) { snap(&a); g_count = refill; }
            r = edgellm_prefill(ctx, hist + pos - keep, keep);
            if (hw) { snap(&b); add_delta(refill, &a, &b); refill->passes += keep; g_count = NULL; }
            if (r != EDGELLM_OK) return r;
        }
        hist[pos] = tok;
        if (hw) { snap(&a); g_count = per_tok; }
        r = edgellm_feed(ctx, tok);
        if (hw) {
            snap(&b);
            add_delta(per_tok, &a, &b);
            per_tok->passes++;
            g_count = NULL;
            if (pos == 0 && cycles_pos0) *cycles_pos0 = b.cycles - a.cycles;
        }
        if (r != EDGELLM_OK) return r;
        for (j = 0; j < model->vocab; j++) h = (h ^ (uint32_t)ctx->logits[j]) * 16777619u;
        r = edgellm_sample(ctx, &s, &next);
        if (r != EDGELLM_OK) return r;
        tok_out[pos] = next;
        tok = next;
    }
    *hash = h;
    return EDGELLM_OK;
}

static unsigned char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return NULL; }
    buf = (unsigned char *)malloc((size_t)n + 16);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

typedef struct {
    char name[64];
    uint32_t dim, layers, vocab, n_mat, wtype, htype;
    uint32_t wmem;
    uint64_t tokens, pos0;
    counts tok, refill;
} result;

static const char *tname(uint32_t t) { return t == 1 ? "T2" : t == 2 ? "T1" : t == 3 ? "INT8" : "?"; }

static double per(uint64_t v, uint64_t n) { return n ? (double)v / (double)n : 0.0; }

/* one model: software and hardware runs for every seed */
static int run_model(edgellm_hw *hw, const char *path, const char *name, uint32_t n_tok, const uint64_t *seeds,
                     int n_seeds, result *res) {
    static edgellm_hw_placement place[MAX_PLACE];
    edgellm_model model;
    edgellm_ctx ctx;
    edgellm_matrix mx;
    size_t len = 0, need = 0;
    unsigned char *file = read_all(path, &len);
    uint32_t *sw, *hwt, *hist, n_ctx, placed, i, sw_hash, hw_hash;
    void *arena;
    int r, k, bad = 0;

    memset(res, 0, sizeof *res);
    {
        size_t n = strlen(name) < sizeof res->name - 1u ? strlen(name) : sizeof res->name - 1u;
        memcpy(res->name, name, n);
        res->name[n] = 0;
    }
    if (!file) { printf("  %s: cannot read %s\n", name, path); return 1; }
    r = edgellm_model_load(&model, file, len);
    if (r != EDGELLM_OK) { printf("  %s: %s\n", name, edgellm_result_string(r)); free(file); return 1; }
    n_ctx = model.seq_len;
    edgellm_ctx_size(&model, n_ctx, &need);
    arena = malloc((need + 15u) / 16u * 16u + 16u);
    hist = (uint32_t *)malloc(sizeof(uint32_t) * (n_tok + 1u));
    sw = (uint32_t *)malloc(sizeof(uint32_t) * n_tok);
    hwt = (uint32_t *)malloc(sizeof(uint32_t) * n_tok);
    if (!arena || !hist || !sw || !hwt) { printf("  out of memory\n"); return 1; }
    r = edgellm_ctx_init(&ctx, &model, n_ctx, (void *)(((uintptr_t)arena + 15u) & ~(uintptr_t)15u), need);
    if (r != EDGELLM_OK) { printf("  %s: ctx: %s\n", name, edgellm_result_string(r)); return 1; }

    res->n_mat = edgellm_model_matrix_count(&model);
    res->dim = model.dim; res->layers = model.n_layers; res->vocab = model.vocab;
    edgellm_model_matrix(&model, 0, &mx);
    res->wtype = mx.type;
    edgellm_model_matrix(&model, res->n_mat - 1u, &mx);
    res->htype = mx.type;
    if (res->n_mat > MAX_PLACE) { printf("  %s: too many matrices\n", name); return 1; }

    r = edgellm_hw_upload(hw, &model, place, MAX_PLACE);
    placed = edgellm_hw_placed_count(hw);
    res->wmem = hw->wmem_used;
    if (r != EDGELLM_OK || edgellm_hw_verify(hw, &model) != EDGELLM_OK || placed != res->n_mat) {
        printf("  FAIL %s: %u of %u matrices in the accelerator (upload %s)\n", name, placed, res->n_mat,
               edgellm_hw_result_string(r));
        for (i = 0; i < res->n_mat; i++)
            if (place[i].status != EDGELLM_HW_PLACED)
                printf("    matrix %u: %s\n", i, edgellm_hw_reason_string(place[i].status));
        return 1;
    }
    hw->calls_hw = hw->calls_sw = 0;

    for (k = 0; k < n_seeds; k++) {
        uint64_t pos0 = 0;
        uint32_t first = n_tok;
        counts t0 = res->tok;
        r = generate(&ctx, NULL, n_tok, seeds[k], sw, hist, &sw_hash, NULL, NULL, NULL);
        if (r != EDGELLM_OK) { printf("  FAIL %s seed %llu: software run: %s\n", name, (unsigned long long)seeds[k], edgellm_result_string(r)); bad = 1; continue; }
        r = generate(&ctx, hw, n_tok, seeds[k], hwt, hist, &hw_hash, &res->tok, &res->refill, &pos0);
        if (r != EDGELLM_OK) {
            printf("  FAIL %s seed %llu: hardware run: %s\n", name, (unsigned long long)seeds[k],
                   r < -1000 ? edgellm_hw_result_string(r) : edgellm_result_string(r));
            bad = 1;
            continue;
        }
        for (i = 0; i < n_tok; i++)
            if (sw[i] != hwt[i]) { first = i; break; }
        if (k == 0) res->pos0 = pos0;
        printf("  %-22s seed %llu: %u tokens, %s (logit hash %08x %s %08x), %.0f cycles/token\n", name,
               (unsigned long long)seeds[k], n_tok, first == n_tok ? "identical" : "DIFFERENT", (unsigned)hw_hash,
               hw_hash == sw_hash ? "==" : "!=", (unsigned)sw_hash,
               per(res->tok.cycles - t0.cycles, res->tok.passes - t0.passes));
        if (first != n_tok || hw_hash != sw_hash) {
            if (first != n_tok)
                printf("  FAIL %s seed %llu: first difference at token %u: hw %u, sw %u\n", name,
                       (unsigned long long)seeds[k], first, hwt[first], sw[first]);
            else
                printf("  FAIL %s seed %llu: tokens equal, logits differ\n", name, (unsigned long long)seeds[k]);
            bad = 1;
            continue;
        }
        res->tokens += n_tok;
    }
    if (hw->calls_sw != 0) {
        printf("  FAIL %s: %u products ran in software\n", name, hw->calls_sw);
        bad = 1;
    }
    free(arena); free(hist); free(sw); free(hwt); free(file);
    return bad;
}

static void table(FILE *f, const result *res, int n, uint32_t lanes, uint32_t wmem, uint32_t n_tok, int n_seeds) {
    int i;
    fprintf(f, "| model | weights (head) | matrices in hw | weight memory used | tokens compared | cycles/token | "
               "engine cycles/token | cycles at position 0 | bus words/token | x / descriptor+control / y+counters / STATUS polls |\n");
    fprintf(f, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (i = 0; i < n; i++) {
        const result *r = &res[i];
        uint64_t p = r->tok.passes;
        uint64_t other_w = r->tok.writes - r->tok.x_writes, other_r = r->tok.reads - r->tok.y_reads - r->tok.polls;
        fprintf(f, "| %s (dim %u, %u layers, vocab %u) | %s (%s) | %u/%u | %u B | %llu | %.0f | %.0f | %llu | %.0f | %.0f / %.0f / %.0f / %.0f |\n",
                r->name, r->dim, r->layers, r->vocab, tname(r->wtype), tname(r->htype), r->n_mat, r->n_mat, r->wmem,
                (unsigned long long)r->tokens, per(r->tok.cycles, p), per(r->tok.engine, p),
                (unsigned long long)r->pos0, per(r->tok.writes + r->tok.reads, p), per(r->tok.x_writes, p),
                per(other_w, p), per(r->tok.y_reads + other_r, p), per(r->tok.polls, p));
    }
    fprintf(f, "\n%u lanes, %u B weight memory; %u generated tokens per run, %d seeds per model, temperature 0.8, top-p 0.9.\n",
            lanes, wmem, n_tok, n_seeds);
}

/* replaces the lines between the cosim markers of README with the table */
static int splice(const char *readme, const result *res, int n, uint32_t lanes, uint32_t wmem, uint32_t n_tok,
                  int n_seeds, char notes[][160], int n_notes) {
    size_t len = 0;
    unsigned char *text = read_all(readme, &len);
    const char *b, *e;
    FILE *f;
    int i;
    if (!text) return 1;
    text[len] = 0;
    b = strstr((const char *)text, "<!-- cosim:begin -->\n");
    e = strstr((const char *)text, "<!-- cosim:end -->");
    if (!b || !e || e < b) { free(text); printf("  %s: no cosim markers\n", readme); return 1; }
    b += strlen("<!-- cosim:begin -->\n");
    f = fopen(readme, "wb");
    if (!f) { free(text); return 1; }
    fwrite(text, 1, (size_t)(b - (const char *)text), f);
    table(f, res, n, lanes, wmem, n_tok, n_seeds);
    for (i = 0; i < n_notes; i++) fprintf(f, "%s\n", notes[i]);
    fputs(e, f);
    fclose(f);
    free(text);
    return 0;
}

int main(int argc, char **argv) {
    static result res[MAX_MODELS];
    static char notes[8][160];
    uint64_t seeds[MAX_SEEDS] = {1, 2, 3};
    int n_seeds = 3, n_models = 0, n_notes = 0, i, r;
    uint32_t n_tok = 256;
    const char *readme = NULL;
    edgellm_hw hw;
    counts all;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            n_tok = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            char *p = argv[++i];
            for (n_seeds = 0; *p && n_seeds < MAX_SEEDS;) {
                seeds[n_seeds++] = strtoull(p, &p, 10);
                if (*p == ',') p++;
            }
        } else if (!strcmp(argv[i], "-r") && i + 1 < argc) {
            readme = argv[++i];
        } else if (!strcmp(argv[i], "-x") && i + 1 < argc) {
            if (n_notes < 8) snprintf(notes[n_notes++], sizeof notes[0], "%s", argv[i + 1]);
            printf("  %s\n", argv[++i]);
        } else {
            break;
        }
    }
    if (n_tok == 0 || n_seeds == 0 || i >= argc) {
        fprintf(stderr, "usage: cosim_gen [-n TOKENS] [-s SEED,SEED,...] [-r README] [-x NOTE] MODEL.elm[=NAME] ...\n");
        return 2;
    }

    edgellm_sim_init(1, 0);
    r = edgellm_hw_init(&hw, 0);
    if (r != EDGELLM_OK) { printf("cosim: accelerator not found (%s)\n", edgellm_hw_result_string(r)); return 1; }
    printf("cosim: %u lanes, weight memory %u B, XMAX %u, YMAX %u; %u tokens x %d seeds per model, T 0.8, top-p 0.9\n",
           hw.lanes, hw.wmem_bytes, hw.xmax, hw.ymax, n_tok, n_seeds);

    for (; i < argc && n_models < MAX_MODELS; i++) {
        char path[1024], *eq;
        const char *name, *slash;
        snprintf(path, sizeof path, "%s", argv[i]);
        eq = strchr(path, '=');
        if (eq) { *eq = 0; name = eq + 1; }
        else { slash = strrchr(path, '/'); name = slash ? slash + 1 : path; }
        if (run_model(&hw, path, name, n_tok, seeds, n_seeds, &res[n_models])) n_fail++;
        n_models++;
    }
    if (edgellm_sim_errors() != 0) {
        printf("  FAIL: %llu SLVERR responses or AXI protocol violations\n", (unsigned long long)edgellm_sim_errors());
        n_fail++;
    }

    memset(&all, 0, sizeof all);
    for (i = 0; i < n_models; i++) {
        const result *m = &res[i];
        uint64_t p = m->tok.passes;
        all.cycles += m->tok.cycles; all.writes += m->tok.writes; all.reads += m->tok.reads;
        all.passes += p; all.engine += m->tok.engine;
        printf("cosim model %s: %llu tokens identical, %.0f accelerator cycles/token (engine %.0f), "
               "%.0f bus words/token, %llu cycles at position 0; window refills: %llu forward passes\n",
               m->name, (unsigned long long)m->tokens, per(m->tok.cycles, p), per(m->tok.engine, p),
               per(m->tok.writes + m->tok.reads, p), (unsigned long long)m->pos0,
               (unsigned long long)m->refill.passes);
    }
    if (!n_fail && readme) {
        if (splice(readme, res, n_models, hw.lanes, hw.wmem_bytes, n_tok, n_seeds, notes, n_notes)) {
            printf("  FAIL: cannot update %s\n", readme);
            n_fail++;
        } else {
            printf("cosim: figures written to %s\n", readme);
        }
    }
    edgellm_sim_final();
    if (n_fail) {
        printf("cosim: FAIL: %lu model(s) failed\n", n_fail);
        return 1;
    }
    {
        uint64_t n = 0;
        for (i = 0; i < n_models; i++) n += res[i].tokens;
        printf("cosim: %llu tokens identical, %.0f accelerator cycles/token, %.0f bus words/token\n",
               (unsigned long long)n, per(all.cycles, all.passes), per(all.writes + all.reads, all.passes));
    }
    return 0;
}
