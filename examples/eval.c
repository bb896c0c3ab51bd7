/* eval: measure an edgellm model with its integer engine.

   usage: eval -m MODEL --ids IDS.txt --logits LOGITS.f32
              teacher-forced along the ids (a `prompt_ids:` line and an `ids:` line, as
              llama2.c's reference writes them) against float reference logits
              (positions x vocab float32, little-endian); prints top1_agreement,
              mean_kl (KL(reference || engine), nats) and max_abs_logit_diff.
          eval -m MODEL --text FILE [--offset B] [--length B]
              bits per character of a byte/char model on FILE[B, B+length), in windows
              of the model's context: every byte but the first is predicted once, from the
              bytes before it in its window. */
#define EDGELLM_IMPLEMENTATION
#include "../edgellm.h"
#include "hostio.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
    fprintf(stderr, "usage: eval -m MODEL --ids IDS.txt --logits LOGITS.f32\n"
                    "       eval -m MODEL --text FILE [--offset B] [--length B]\n");
    return 2;
}

/* log-softmax of int32 Q16 logits into out (natural log) */
static void log_softmax_q16(const int32_t *l, uint32_t n, double *out) {
    double mx = -1e300, s = 0;
    uint32_t i;
    for (i = 0; i < n; i++) if (l[i] / 65536.0 > mx) mx = l[i] / 65536.0;
    for (i = 0; i < n; i++) s += exp(l[i] / 65536.0 - mx);
    for (i = 0; i < n; i++) out[i] = l[i] / 65536.0 - mx - log(s);
}

/* reads every integer after `key` on the line that starts with it */
static uint32_t parse_ids(const char *text, const char *key, uint32_t *out, uint32_t cap) {
    const char *p = text;
    size_t kl = strlen(key);
    uint32_t n = 0;
    while (p && *p) {
        if (!strncmp(p, key, kl)) {
            char *e;
            p += kl;
            for (;;) {
                unsigned long v;
                while (*p == ' ' || *p == '\t') p++;
                if (*p < '0' || *p > '9') break;
                v = strtoul(p, &e, 10);
                p = e;
                if (n < cap) out[n] = (uint32_t)v;
                n++;
            }
            return n;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *mpath = NULL, *ids_path = NULL, *lg_path = NULL, *text_path = NULL;
    long offset = 0, length = -1;
    unsigned char *data, *mem;
    size_t size, need;
    edgellm_model model;
    edgellm_ctx ctx;
    int i, r;

    for (i = 1; i < argc; i++) {
        if (i + 1 >= argc) return usage();
        if (!strcmp(argv[i], "-m")) mpath = argv[++i];
        else if (!strcmp(argv[i], "--ids")) ids_path = argv[++i];
        else if (!strcmp(argv[i], "--logits")) lg_path = argv[++i];
        else if (!strcmp(argv[i], "--text")) text_path = argv[++i];
        else if (!strcmp(argv[i], "--offset")) offset = atol(argv[++i]);
        else if (!strcmp(argv[i], "--length")) length = atol(argv[++i]);
        else return usage();
    }
    if (!mpath || (!ids_path && !text_path) || (ids_path && !lg_path)) return usage();
    if (!(data = read_file(mpath, &size))) { fprintf(stderr, "eval: cannot read %s\n", mpath); return 1; }
    if ((r = edgellm_model_load(&model, data, size)) != EDGELLM_OK) {
        fprintf(stderr, "eval: %s: %s\n", mpath, edgellm_result_string(r));
        return 1;
    }
    edgellm_ctx_size(&model, model.seq_len, &need);
    mem = (unsigned char *)aligned_alloc(EDGELLM_ARENA_ALIGN, (need + 15) / 16 * 16);
    if (!mem || edgellm_ctx_init(&ctx, &model, model.seq_len, mem, need) != EDGELLM_OK) {
        fprintf(stderr, "eval: cannot set up a context\n");
        return 1;
    }
    if (ids_path) {
        size_t tn, ln;
        char *txt = (char *)read_file(ids_path, &tn);
        float *ref = (float *)(void *)read_file(lg_path, &ln);
        uint32_t seq[70000], np, ng, n, t, v = model.vocab, agree = 0;
        double *lp, *lq, kl_sum = 0, maxdiff = 0;
        if (!txt || !ref) { fprintf(stderr, "eval: cannot read %s\n", !txt ? ids_path : lg_path); return 1; }
        np = parse_ids(txt, "prompt_ids:", seq, 70000);
        ng = parse_ids(txt, "ids:", seq + np, 70000 - np);
        n = np + ng;
        if (np == 0 || ng == 0 || n > 70000) { fprintf(stderr, "eval: %s: no prompt_ids:/ids: lines\n", ids_path); return 1; }
        if (ln % (4u * v) != 0) { fprintf(stderr, "eval: %s: not a multiple of vocab (%u) float32\n", lg_path, v); return 1; }
        ln /= 4u * v;   /* positions with reference logits */
        if (ln > n) ln = n;
        if (ln > ctx.n_ctx) ln = ctx.n_ctx;
        lp = (double *)malloc(sizeof(double) * v);
        lq = (double *)malloc(sizeof(double) * v);
        for (t = 0; t < ln; t++) {
            const float *rl = ref + (size_t)t * v;
            double mx = -1e300, s = 0;
            uint32_t a, b = 0, k;
            if ((r = edgellm_feed(&ctx, seq[t])) != EDGELLM_OK) { fprintf(stderr, "eval: %s\n", edgellm_result_string(r)); return 1; }
            for (k = 0; k < v; k++) if (rl[k] > mx) mx = rl[k];
            for (k = 0; k < v; k++) s += exp(rl[k] - mx);
            for (k = 0; k < v; k++) lp[k] = rl[k] - mx - log(s);
            log_softmax_q16(ctx.logits, v, lq);
            for (k = 0; k < v; k++) {
                double d = fabs(ctx.logits[k] / 65536.0 - rl[k]);
                kl_sum += exp(lp[k]) * (lp[k] - lq[k]);
                if (d > maxdiff) maxdiff = d;
                if (rl[k] > rl[b]) b = k;
            }
            edgellm_argmax(ctx.logits, v, &a);
            agree += a == b;
        }
        printf("positions: %u\ntop1_agreement: %.2f%%\nmean_kl: %.6f\nmax_abs_logit_diff: %.4f\n", (unsigned)ln,
               100.0 * agree / ln, kl_sum / ln, maxdiff);
        free(lp); free(lq); free(txt); free(ref);
    } else {
        size_t tn;
        unsigned char *txt = read_file(text_path, &tn);
        uint32_t *tok, nt, t, w, C = ctx.n_ctx;
        double *lq, bits = 0;
        size_t count = 0;
        if (!txt) { fprintf(stderr, "eval: cannot read %s\n", text_path); return 1; }
        if (model.tok_kind != EDGELLM_TOK_BYTES) { fprintf(stderr, "eval: --text needs a byte/char model\n"); return 1; }
        if (offset < 0 || (size_t)offset > tn) { fprintf(stderr, "eval: offset %ld outside the file (%zu bytes)\n", offset, tn); return 1; }
        if (length < 0 || (size_t)length > tn - (size_t)offset) length = (long)(tn - (size_t)offset);
        tok = (uint32_t *)malloc(sizeof(uint32_t) * ((size_t)length + 1));
        lq = (double *)malloc(sizeof(double) * model.vocab);
        r = edgellm_encode(&model, (const char *)txt + offset, (size_t)length, 0, tok, (uint32_t)length + 1, &nt);
        if (r != EDGELLM_OK) { fprintf(stderr, "eval: %s: %s\n", text_path, edgellm_result_string(r)); return 1; }
        for (w = 0; w + 1 < nt; w += C) {
            edgellm_ctx_reset(&ctx);
            for (t = w; t < w + C && t + 1 < nt; t++) {
                if ((r = edgellm_feed(&ctx, tok[t])) != EDGELLM_OK) { fprintf(stderr, "eval: %s\n", edgellm_result_string(r)); return 1; }
                log_softmax_q16(ctx.logits, model.vocab, lq);
                bits -= lq[tok[t + 1]] / log(2.0);
                count++;
            }
        }
        printf("predicted: %zu\nbits_per_char: %.4f\n", count, count ? bits / (double)count : 0.0);
        free(tok); free(lq); free(txt);
    }
    free(mem);
    free(data);
    return 0;
}
