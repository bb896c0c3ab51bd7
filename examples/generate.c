/* generate: stream text from an edgellm model (llama2.c-style flags).

   usage: generate [-m MODEL] [-i PROMPT] [-n STEPS] [-t TEMP] [-k K] [-p TOPP] [-s SEED]
                   [-c CTX] [--ids] [--window]
          generate --info [-m MODEL] [-c CTX]

   Without -m it runs the model compiled into the program. -t 0 is greedy. STEPS counts
   positions, prompt included (as in llama2.c); generation also stops when the model
   produces BOS. --ids prints one line `ids: ...` of the token ids after BOS instead of
   text. Tokens per second go to stderr, timed from the second token.
   STEPS is capped at the context, unless --window is given: then, each time the context
   is full, it is reset and the last half of the tokens so far are fed again, so a model
   with a short context can write on (the default for the built-in model, whose `make run`
   writes ~500 characters with a 128-token context). */
#define _POSIX_C_SOURCE 200809L
#define EDGELLM_IMPLEMENTATION
#include "../edgellm.h"
#include "hostio.h"
#include "default_model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *type_name(uint32_t t) {
    return t == EDGELLM_WT_T2 ? "t2" : t == EDGELLM_WT_T1 ? "t1" : t == EDGELLM_WT_I8 ? "int8" : "?";
}

static int usage(void) {
    fprintf(stderr,
            "usage: generate [-m MODEL] [-i PROMPT] [-n STEPS] [-t TEMP] [-k K] [-p TOPP] [-s SEED] [-c CTX] [--ids] [--window]\n"
            "       generate --info [-m MODEL] [-c CTX]\n");
    return 2;
}

static uint32_t q16(double v) { return v <= 0 ? 0u : (uint32_t)(v * 65536.0 + 0.5); }

/* like llama2.c: skip lone non-printable bytes, print the rest */
static void put_piece(const uint8_t *p, uint32_t n) {
    if (n == 1 && p[0] < 0x20 && p[0] != '\n' && p[0] != '\t' && p[0] != '\r') return;
    fwrite(p, 1, n, stdout);
}

int main(int argc, char **argv) {
    const char *path = NULL, *prompt = "";
    int steps = 256, ids = 0, info = 0, window = -1, i;
    double temp = 1.0, topp = 0.9;
    uint32_t topk = 0, n_ctx = 0, n_tok = 0, *toks = NULL, *hist = NULL, tok, next = 0;
    unsigned long long seed = 42;
    const unsigned char *data;
    unsigned char *file = NULL, *mem = NULL;   /* everything allocated is freed at done */
    size_t size = 0, need;
    edgellm_model model;
    edgellm_ctx ctx;
    edgellm_sampler s;
    int r, pos = 0, gen = 0, rc = 1;
    double t0 = 0;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--ids")) { ids = 1; continue; }
        if (!strcmp(a, "--info")) { info = 1; continue; }
        if (!strcmp(a, "--window")) { window = 1; continue; }
        if (i + 1 >= argc || a[0] != '-' || strlen(a) != 2) return usage();
        switch (a[1]) {
        case 'm': path = argv[++i]; break;
        case 'i': prompt = argv[++i]; break;
        case 'n': steps = atoi(argv[++i]); break;
        case 't': temp = atof(argv[++i]); break;
        case 'k': topk = (uint32_t)strtoul(argv[++i], NULL, 10); break;
        case 'p': topp = atof(argv[++i]); break;
        case 's': seed = strtoull(argv[++i], NULL, 10); break;
        case 'c': n_ctx = (uint32_t)strtoul(argv[++i], NULL, 10); break;
        default: return usage();
        }
    }
    if (path) {
        if (!(file = read_file(path, &size))) { fprintf(stderr, "generate: cannot read %s\n", path); return 1; }
        data = file;
    } else {
        data = default_model_data();
        size = default_model_size();
    }
    if ((r = edgellm_model_load(&model, data, size)) != EDGELLM_OK) {
        fprintf(stderr, "generate: %s: %s\n", path ? path : "built-in model", edgellm_result_string(r));
        goto done;
    }
    if (n_ctx == 0 || n_ctx > model.seq_len) n_ctx = model.seq_len;
    if ((r = edgellm_ctx_size(&model, n_ctx, &need)) != EDGELLM_OK) {
        fprintf(stderr, "generate: %s\n", edgellm_result_string(r));
        goto done;
    }
    if (info) {
        edgellm_matrix mx;
        edgellm_model_matrix(&model, 0, &mx);
        printf("dim: %u\nlayers: %u\nheads: %u\nkv_heads: %u\nffn: %u\nvocab: %u\ncontext: %u\n", model.dim,
               model.n_layers, model.n_heads, model.n_kv_heads, model.hidden, model.vocab, n_ctx);
        printf("ffn_act: %s\ngated: %s\nhead: %s\n", model.act == 0 ? "silu" : model.act == 1 ? "relu" : "relu2",
               (model.flags & EDGELLM_FLAG_GATED) ? "yes" : "no", (model.flags & EDGELLM_FLAG_SEPARATE_HEAD) ? "separate" : "tied");
        printf("weights: %s\n", type_name(mx.type));
        edgellm_model_matrix(&model, edgellm_model_matrix_count(&model) - 1, &mx);
        printf("head_weights: %s\n", type_name(mx.type));
        printf("tokenizer: %s\n", model.tok_kind == EDGELLM_TOK_LLAMA2 ? "llama2-bpe" : "bytes");
        printf("flash_bytes: %u\nram_bytes: %zu\n", model.size, need);
        rc = 0;
        goto done;
    }
    mem = (unsigned char *)aligned_alloc(EDGELLM_ARENA_ALIGN, (need + 15) / 16 * 16);
    toks = (uint32_t *)malloc(sizeof(uint32_t) * (strlen(prompt) + 8));
    if (!mem || !toks) { fprintf(stderr, "generate: out of memory\n"); goto done; }
    if ((r = edgellm_ctx_init(&ctx, &model, n_ctx, mem, need)) != EDGELLM_OK) {
        fprintf(stderr, "generate: %s\n", edgellm_result_string(r));
        goto done;
    }
    {
        const char *text = prompt;
        if (model.bos < 0 && !*text) text = "\n";   /* a byte model needs a first token */
        r = edgellm_encode(&model, text, strlen(text), 1, toks, (uint32_t)strlen(text) + 8, &n_tok);
        if (r != EDGELLM_OK) { fprintf(stderr, "generate: prompt: %s\n", edgellm_result_string(r)); goto done; }
    }
    if (n_tok > n_ctx) {
        fprintf(stderr, "generate: prompt: %s (%u tokens, context %u)\n", edgellm_result_string(EDGELLM_ERR_PROMPT_TOO_LONG),
                n_tok, n_ctx);
        goto done;
    }
    if (window < 0) window = path == NULL;   /* the built-in model writes on by default */
    if (steps <= 0 || (!window && (uint32_t)steps > n_ctx)) steps = (int)n_ctx;
    hist = (uint32_t *)malloc(sizeof(uint32_t) * ((size_t)steps + 1));
    if (!hist) { fprintf(stderr, "generate: out of memory\n"); goto done; }
    edgellm_sampler_init(&s, q16(temp), topk, topp >= 1.0 ? 65536u : q16(topp), seed);
    if (ids) {
        printf("ids:");
        for (i = (model.bos >= 0 ? 1 : 0); i < (int)n_tok; i++) printf(" %u", toks[i]);
    } else if (model.bos < 0) {
        uint8_t piece[1100];
        uint32_t len;
        if (edgellm_token_piece(&model, 0xFFFFFFFFu, toks[0], piece, sizeof piece, &len) == EDGELLM_OK) put_piece(piece, len);
    }
    tok = toks[0];
    while (pos < steps) {
        if (ctx.pos == n_ctx) {   /* --window: start again from the last half */
            uint32_t keep = n_ctx / 2u;
            edgellm_ctx_reset(&ctx);
            if ((r = edgellm_prefill(&ctx, hist + pos - keep, keep)) != EDGELLM_OK) {
                fprintf(stderr, "\ngenerate: %s\n", edgellm_result_string(r));
                goto done;
            }
        }
        hist[pos] = tok;
        if ((r = edgellm_feed(&ctx, tok)) != EDGELLM_OK) {
            fprintf(stderr, "\ngenerate: %s\n", edgellm_result_string(r));
            goto done;
        }
        if ((uint32_t)pos + 1 < n_tok) {
            next = toks[pos + 1];
        } else {
            if ((r = edgellm_sample(&ctx, &s, &next)) != EDGELLM_OK) {
                fprintf(stderr, "\ngenerate: %s\n", edgellm_result_string(r));
                goto done;
            }
            gen++;
        }
        pos++;
        if (model.bos >= 0 && next == (uint32_t)model.bos) break;
        if (ids) {
            if ((uint32_t)pos >= n_tok) printf(" %u", next);
        } else {
            uint8_t piece[1100];
            uint32_t len;
            if (edgellm_token_piece(&model, tok, next, piece, sizeof piece, &len) == EDGELLM_OK) put_piece(piece, len);
            fflush(stdout);
        }
        tok = next;
        if (t0 == 0) t0 = now_s();
    }
    printf("\n");
    fflush(stdout);
    if (pos > 1 && t0 > 0) {
        double dt = now_s() - t0;
        fprintf(stderr, "achieved tok/s: %.1f (%d positions, %d sampled)\n", dt > 0 ? (pos - 1) / dt : 0.0, pos, gen);
    }
    rc = 0;
done:
    free(mem);
    free(toks);
    free(hist);
    free(file);
    return rc;
}
