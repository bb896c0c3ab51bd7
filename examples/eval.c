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

/* teacher-forced along the ids of ids_path against the logits of lg_path; returns the exit status */
static int eval_ids(edgellm_ctx *ctx, const char *ids_path, const char *lg_path) {
    static uint32_t seq[70000];
    size_t tn, ln;
    char *txt = (char *)read_file(ids_path, &tn);
    float *ref = (float *)(void *)read_file(lg_path, &ln);
    uint32_t np, ng, n, t, v = ctx->model->vocab, agree = 0;
    double *lp = NULL, *lq = NULL, kl_sum = 0, maxdiff = 0;
    int r, rc = 1;
    if (!txt || !ref) { fprintf(stderr, "eval: cannot read %s\n", !txt ? ids_path : lg_path); goto done; }
    np = parse_ids(txt, "prompt_ids:", seq, 70000);
    ng = parse_ids(txt, "ids:", seq + np, 70000 - np);
    n = np + ng;
    if (np == 0 || ng == 0 || n > 70000) { fprintf(stderr, "eval: %s: no prompt_ids:/ids: lines\n", ids_path); goto done; }
    if (ln % (4u * v) != 0) { fprintf(stderr, "eval: %s: not a multiple of vocab (%u) float32\n", lg_path, v); goto done; }
    ln /= 4u * v;   /* positions with reference logits */
    if (ln > n) ln = n;
    if (ln > ctx->n_ctx) ln = ctx->n_ctx;
    if (ln == 0) { fprintf(stderr, "eval: %s: no reference logits\n", lg_path); goto done; }
    lp = (double *)malloc(sizeof(double) * v);
    lq = (double *)malloc(sizeof(double) * v);
    if (!lp || !lq) { fprintf(stderr, "eval: out of memory\n"); goto done; }
    for (t = 0; t < ln; t++) {
        const float *rl = ref + (size_t)t * v;
        double mx = -1e300, s = 0;
        uint32_t a = 0, b = 0, k;
        if ((r = edgellm_feed(ctx, seq[t])) != EDGELLM_OK) { fprintf(stderr, "eval: %s\n", edgellm_result_string(r)); goto done; }
        for (k = 0; k < v; k++) if (rl[k] > mx) mx = rl[k];
        for (k = 0; k < v; k++) s += exp(rl[k] - mx);
        for (k = 0; k < v; k++) lp[k] = rl[k] - mx - log(s);
        log_softmax_q16(ctx->logits, v, lq);
        for (k = 0; k < v; k++) {
            double d = fabs(ctx->logits[k] / 65536.0 - rl[k]);
            kl_sum += exp(lp[k]) * (lp[k] - lq[k]);
            if (d > maxdiff) maxdiff = d;
            if (rl[k] > rl[b]) b = k;
        }
        edgellm_argmax(ctx->logits, v, &a);
        agree += a == b;
    }
    printf("positions: %u\ntop1_agreement: %.2f%%\nmean_kl: %.6f\nmax_abs_logit_diff: %.4f\n", (unsigned)ln,
           100.0 * agree / ln, kl_sum / ln, maxdiff);
    rc = 0;
done:
    free(lp);
    free(lq);
    free(txt);
    free(ref);
    return rc;
}

/* bits per character of text_path[offset, offset + length) (length < 0: to the end) */
static int eval_text(edgellm_ctx *ctx, const char *text_path, long offset, long length) {
    const edgellm_model *model = ctx->model;
    size_t tn, count = 0;
    unsigned char *txt = read_file(text_path, &tn);
    uint32_t *tok = NULL, nt, t, w, C = ctx->n_ctx;
    double *lq = NULL, bits = 0;
    int r, rc = 1;
    if (!txt) { fprintf(stderr, "eval: cannot read %s\n", text_path); goto done; }
    if (model->tok_kind != EDGELLM_TOK_BYTES) { fprintf(stderr, "eval: --text needs a byte/char model\n"); goto done; }
    if (offset < 0 || (size_t)offset > tn) { fprintf(stderr, "eval: offset %ld outside the file (%zu bytes)\n", offset, tn); goto done; }
    if (length < 0 || (size_t)length > tn - (size_t)offset) length = (long)(tn - (size_t)offset);
    tok = (uint32_t *)malloc(sizeof(uint32_t) * ((size_t)length + 1));
    lq = (double *)malloc(sizeof(double) * model->vocab);
    if (!tok || !lq) { fprintf(stderr, "eval: out of memory\n"); goto done; }
    r = edgellm_encode(model, (const char *)txt + offset, (size_t)length, 0, tok, (uint32_t)length + 1, &nt);
    if (r != EDGELLM_OK) { fprintf(stderr, "eval: %s: %s\n", text_path, edgellm_result_string(r)); goto done; }
    for (w = 0; w + 1 < nt; w += C) {
        edgellm_ctx_reset(ctx);
        for (t = w; t < w + C && t + 1 < nt; t++) {
            if ((r = edgellm_feed(ctx, tok[t])) != EDGELLM_OK) { fprintf(stderr, "eval: %s\n", edgellm_result_string(r)); goto done; }
            log_softmax_q16(ctx->logits, model->vocab, lq);
            bits -= lq[tok[t + 1]] / log(2.0);
            count++;
        }
    }
    printf("predicted: %zu\nbits_per_char: %.4f\n", count, count ? bits / (double)count : 0.0);
    rc = 0;
done:
    free(tok);
    free(lq);
    free(txt);
    return rc;
}

int main(int argc, char **argv) {
    const char *mpath = NULL, *ids_path = NULL, *lg_path = NULL, *text_path = NULL;
    long offset = 0, length = -1;
    unsigned char *data = NULL, *mem = NULL;
    size_t size, need;
    edgellm_model model;
    edgellm_ctx ctx;
    int i, r, rc = 1;

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
        goto done;
    }
    if (edgellm_ctx_size(&model, model.seq_len, &need) != EDGELLM_OK ||
        !(mem = (unsigned char *)aligned_alloc(EDGELLM_ARENA_ALIGN, (need + 15) / 16 * 16)) ||
        edgellm_ctx_init(&ctx, &model, model.seq_len, mem, need) != EDGELLM_OK) {
        fprintf(stderr, "eval: cannot set up a context\n");
        goto done;
    }
    rc = ids_path ? eval_ids(&ctx, ids_path, lg_path) : eval_text(&ctx, text_path, offset, length);
done:
    free(mem);
    free(data);
    return rc;
}
