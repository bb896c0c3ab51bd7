/* ref_sampler.h - the manual's SAMPLER written plainly from its text (64-bit sums, qsort,
   malloc), for the tests to compare edgellm_sample with: tests/engine (random logits and
   settings) and tests/fuzz (fuzz_generate). Include after edgellm.h's implementation. */
#ifndef EDGELLM_REF_SAMPLER_H
#define EDGELLM_REF_SAMPLER_H
#include <stdlib.h>

static const uint32_t *ref_sampler_w;
static int ref_sampler_order(const void *a, const void *b) {   /* w descending, id ascending */
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (ref_sampler_w[x] != ref_sampler_w[y]) return ref_sampler_w[x] > ref_sampler_w[y] ? -1 : 1;
    return x < y ? -1 : 1;
}

/* The token the manual's rules give for logits l[0..n), and the draw from *rng. Returns
   0xFFFFFFFF when the rules cannot be followed (out of memory, a kept sum of 0). *edge, when
   not NULL, is set to 1 when top-p's prefix would end elsewhere had its threshold been
   floor(p * total / 65536) instead of the ceiling (a case that tells the two apart). */
static uint32_t ref_sample(const int32_t *l, uint32_t n, const edgellm_sampler *s0, uint64_t *rng, int *edge) {
    uint32_t *w, *ord, i, kept, lmax = 0, u, tok = 0xFFFFFFFFu, c15;
    uint64_t S = 0, cum = 0, target;
    int qs, sc;
    edgellm__pf c;
    if (edge) *edge = 0;
    for (i = 1; i < n; i++) if (l[i] > l[lmax]) lmax = i;
    if (s0->temperature == 0) return lmax;
    w = (uint32_t *)malloc(sizeof(uint32_t) * n);
    ord = (uint32_t *)malloc(sizeof(uint32_t) * n);
    if (!w || !ord) { free(w); free(ord); return 0xFFFFFFFFu; }
    /* qs = min(30, 32 - bitlen(vocab)); d_i = l_max - l_i; w_i = 0 for d_i >= 2^31, else
       exp2n(min(rshr(d_i * c15, sc), 2^31 - 1), qs) */
    for (qs = 0, u = n; u; u >>= 1) qs++;
    qs = 32 - qs > 30 ? 30 : 32 - qs;
    c = edgellm__pf_mul(edgellm__l2e(), edgellm__pf_recip(edgellm__pf_norm(s0->temperature, -16)));
    c15 = edgellm__pf_m15(c, &sc);
    for (i = 0; i < n; i++) {
        int64_t d = (int64_t)l[lmax] - l[i];
        uint64_t p, v;
        ord[i] = i;
        if (d > 0x7FFFFFFF) { w[i] = 0; continue; }
        p = (uint64_t)d * c15;
        if (sc > 0) v = sc >= 64 ? 0 : (p + (1ull << (sc - 1))) >> sc;
        else v = (p == 0) ? 0 : (-sc >= 32 || p > (0x7FFFFFFFull >> -sc)) ? 0x7FFFFFFFull : p << -sc;
        w[i] = edgellm__exp2n(v > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)v, qs);
    }
    kept = n;
    if ((s0->top_k != 0 && s0->top_k < n) || s0->top_p < 65536u) {
        ref_sampler_w = w;
        qsort(ord, n, sizeof *ord, ref_sampler_order);
        if (s0->top_k != 0 && s0->top_k < n) kept = s0->top_k;
        if (s0->top_p < 65536u) {   /* the shortest prefix whose sum reaches ceil(p * total / 65536) */
            uint64_t total = 0, pre = 0, ceil_t, floor_t;
            uint32_t k_ceil = kept, k_floor = kept;
            for (i = 0; i < kept; i++) total += w[ord[i]];
            ceil_t = ((uint64_t)s0->top_p * total + 65535u) / 65536u;
            floor_t = (uint64_t)s0->top_p * total / 65536u;
            for (i = 0; i < kept; i++) {
                pre += w[ord[i]];
                if (pre >= floor_t && k_floor == kept) k_floor = i + 1;
                if (pre >= ceil_t) { k_ceil = i + 1; break; }
            }
            if (edge) *edge = k_floor != k_ceil;
            kept = k_ceil;
        }
    }
    for (i = 0; i < kept; i++) S += w[ord[i]];
    u = edgellm_rng_u32(rng);
    target = (uint64_t)u * (S >> 32) + (((uint64_t)u * (S & 0xFFFFFFFFu)) >> 32);   /* floor(u * S / 2^32) */
    for (i = 0; S > 0 && i < kept; i++) {
        cum += w[ord[i]];
        if (cum > target) { tok = ord[i]; break; }
    }
    free(w);
    free(ord);
    return tok;
}
#endif
