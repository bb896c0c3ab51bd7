/* test_engine: unit tests of edgellm.h's integer arithmetic, kernels, sampler and tokenizer,
   of the attention backend seam (a test backend with its own KV cache against the
   software attention, over synthetic models and the committed ones), and of the q16
   matrix seam (a backend that returns requantized rows, and edgellm_requant_ref against
   the manual's formula).

   usage: test_engine [MODEL.elm TOKENIZE.tsv]
   With a converted stories260K model and the golden tokenizer table it also checks the
   encodings and the pinned arena size. Prints `test_engine: N passed, M failed`. */
#define EDGELLM_IMPLEMENTATION
#include "../../edgellm.h"
#define MODELWRITE_IMPLEMENTATION
#include "../../examples/modelwrite.h"
#include "../../examples/hostio.h"
#include "../ref_sampler.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
#define CHECK(cond, ...) do { if (cond) passed++; else { failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static uint64_t rs = 0x1234567887654321ull;
static uint32_t rnd(void) { return edgellm_rng_u32(&rs); }

static double pf_val(edgellm__pf p) { return ldexp((double)p.m, p.e); }

/* edgellm_sample, its result code checked: a call that fails is counted in sample_bad and
   gives 0xFFFFFFFF */
static unsigned sample_calls, sample_bad;
static uint32_t sample(edgellm_ctx *ctx, edgellm_sampler *s) {
    uint32_t tok = 0xFFFFFFFFu;
    int r = edgellm_sample(ctx, s, &tok);
    sample_calls++;
    if (r != EDGELLM_OK || tok >= ctx->model->vocab) {
        if (sample_bad++ < 5) printf("FAIL %s:%d: edgellm_sample returned %d, token %u\n", __FILE__, __LINE__, r, tok);
        return 0xFFFFFFFFu;
    }
    return tok;
}

__extension__ typedef __int128 i128;
static int64_t rshr64_ref(int64_t a, int s) { return s <= 0 ? a : s >= 63 ? 0 : (a + ((int64_t)1 << (s - 1))) >> s; }
static int32_t sat_ref(i128 v) { return v > 2147483647 ? 2147483647 : v < -2147483648LL ? (int32_t)-2147483648LL : (int32_t)v; }
/* sat32(rshr(v, s)) (s > 0) or sat32(v * 2^-s) of an exact 128-bit value */
static int32_t shift_ref(i128 v, int s) {
    if (s > 0) return sat_ref(s >= 120 ? 0 : (v + ((i128)1 << (s - 1))) >> s);
    if (v == 0) return 0;
    if (s < -62) return v > 0 ? 2147483647 : (int32_t)-2147483648LL;
    return sat_ref(v * ((i128)1 << -s));
}
static int32_t rnd_in(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }
static int32_t rnd_i32(void) { return (int32_t)rnd() >> (rnd() % 32u); }

/* an attention view over mem: np cached positions of nkv kv heads of size hd (16-bit
   entries when wide), their K and V scales, group query heads per kv head, 1..np positions */
static void attn_layout(edgellm__attn *a, uint8_t *mem, uint32_t np, uint32_t nkv, uint32_t hd, uint32_t group, int wide) {
    size_t step = (size_t)nkv * hd * (wide ? 2u : 1u);
    memset(a, 0, sizeof *a);
    a->c.wide = wide;
    a->c.eb = wide ? 2u : 1u;
    a->c.step = step;
    a->c.sstep = 2u * nkv;
    a->c.k = mem + 64;
    a->c.v = a->c.k + np * step;
    a->c.ks = a->c.v + np * step;
    a->c.vs = a->c.ks + 2u * np * nkv;
    a->n = 1u + rnd() % np;
    a->hd = hd;
    a->group = group;
    a->n_heads = nkv * group;
}

static void test_arith(void) {
    uint32_t i, n, prev, bad = 0, q;
    double worst = 0;
    /* exp2n: anchors, non-increasing over every input until it reaches 0, accuracy */
    CHECK(edgellm__exp2n(0, 30) == (1u << 30) && edgellm__exp2n(0, 23) == (1u << 23) && edgellm__exp2n(0, 0) == 1u, "exp2n(0)");
    CHECK(edgellm__exp2n(65536, 30) == (1u << 29), "exp2n(1) = %u", edgellm__exp2n(65536, 30));
    CHECK(edgellm__exp2n(31u * 65536u, 30) == 1u && edgellm__exp2n(40u * 65536u, 30) == 0u, "exp2n(31), exp2n(40)");
    CHECK(edgellm__exp2n(0xFFFFFFFFu, 30) == 0u && edgellm__exp2n(0x80000000u, 0) == 0u, "exp2n of the largest inputs");
    for (q = 0; q <= 30; q += 1) {
        prev = 1u << q;
        for (n = 0; n < 33u * 65536u; n++) {
            uint32_t v = edgellm__exp2n(n, (int)q);
            double ref = ldexp(1.0, (int)q) * pow(2.0, -(double)n / 65536.0);
            if (v > prev) bad++;
            if (v > (1u << 22) && fabs(v - ref) / ref > worst) worst = fabs(v - ref) / ref;
            prev = v;
            if (v == 0) break;
        }
        if (q == 0) q = 22;   /* q = 0, then 23 .. 30 */
    }
    CHECK(bad == 0, "exp2n not monotone at %u inputs", bad);
    CHECK(worst < 2e-6, "exp2n relative error %.3g above 2^22", worst);
    /* sigmoid: within one Q15 step of 1 / (1 + e^-x), exact at 0 and the ends */
    worst = 0;
    for (n = 0; n < 400000; n++) {
        int32_t x = n < 200000 ? (int32_t)(n * 5u) - 500000 : rnd_i32();
        double ref = 32768.0 / (1.0 + exp(-x / 65536.0));
        if (fabs(edgellm__sigmoid(x) - ref) > worst) worst = fabs(edgellm__sigmoid(x) - ref);
    }
    CHECK(worst <= 1.5, "sigmoid error %.3g Q15 steps", worst);
    CHECK(edgellm__sigmoid(0) == 16384u && edgellm__sigmoid(EDGELLM__I32MIN) == 0u && edgellm__sigmoid(EDGELLM__I32MAX) == 32768u,
          "sigmoid anchors");
    /* SiLU: rshr(x * sigmoid(x), 15) exactly, |silu(x)| <= |x| */
    for (bad = 0, n = 0; n < 1000000; n++) {
        int32_t x = n < 8 ? (n & 1 ? EDGELLM__I32MAX - (int32_t)n : EDGELLM__I32MIN + (int32_t)n) : rnd_i32();
        int32_t s = edgellm__silu(x);
        if (s != (int32_t)rshr64_ref((int64_t)x * edgellm__sigmoid(x), 15) || llabs((long long)s) > llabs((long long)x)) bad++;
    }
    CHECK(bad == 0, "SiLU: %u of 10^6 inputs off rshr(x * sigmoid, 15)", bad);
    /* sin/cos against libm */
    worst = 0;
    for (i = 0; i < 200000; i++) {
        uint32_t ph = i < 16 ? i * 0x10000000u : rnd();
        int32_t s, c;
        double a = ph * (6.283185307179586 / 4294967296.0);
        edgellm__sincos(ph, &s, &c);
        if (fabs(s / 1073741824.0 - sin(a)) > worst) worst = fabs(s / 1073741824.0 - sin(a));
        if (fabs(c / 1073741824.0 - cos(a)) > worst) worst = fabs(c / 1073741824.0 - cos(a));
    }
    CHECK(worst < 1e-8, "sin/cos error %.3g", worst);
    {   /* exact quadrant points */
        int32_t s, c;
        edgellm__sincos(0, &s, &c); CHECK(s == 0 && c == (1 << 30), "sincos(0) = %d %d", s, c);
        edgellm__sincos(1u << 30, &s, &c); CHECK(s == (1 << 30) && c == 0, "sincos(pi/2) = %d %d", s, c);
        edgellm__sincos(2u << 30, &s, &c); CHECK(s == 0 && c == -(1 << 30), "sincos(pi) = %d %d", s, c);
    }
    /* pseudo-float helpers against double */
    worst = 0;
    for (i = 0; i < 100000; i++) {
        uint64_t x = ((uint64_t)rnd() << 30 | rnd()) >> (rnd() % 60), y = (rnd() >> (rnd() % 31)) + 1;
        edgellm__pf px = edgellm__pf_norm(x ? x : 1, (int32_t)(rnd() % 64) - 32), py = edgellm__pf_norm(y, (int32_t)(rnd() % 64) - 32);
        double e1 = fabs(pf_val(edgellm__pf_mul(px, py)) / (pf_val(px) * pf_val(py)) - 1);
        double e2 = fabs(pf_val(edgellm__pf_recip(py)) * pf_val(py) - 1);
        double e3 = fabs(pf_val(edgellm__pf_rsqrt(px)) * sqrt(pf_val(px)) - 1);
        double e4 = fabs(pf_val(edgellm__pf_add(px, py)) / (pf_val(px) + pf_val(py)) - 1);
        if (e1 > worst) worst = e1;
        if (e2 > worst) worst = e2;
        if (e3 > worst) worst = e3;
        if (e4 > worst) worst = e4;
        if (px.m < (1 << 30) || py.m < (1 << 30)) worst = 1;
    }
    CHECK(worst < 3e-9, "pseudo-float relative error %.3g", worst);
    /* the 32-bit helpers against 64- and 128-bit references on random and extreme inputs */
    CHECK(edgellm__rshr32(5, 1) == 3 && edgellm__rshr32(-5, 1) == -2 && edgellm__rshr32(-6, 2) == -1 && edgellm__rshr32(6, 2) == 2,
          "rshr rounds half up");
    for (bad = 0, i = 0; i < 2000000; i++) {
        int32_t a = i % 7 == 0 ? (i & 8 ? EDGELLM__I32MAX : EDGELLM__I32MIN) : rnd_i32(), b, want;
        uint32_t u = rnd() >> (rnd() % 32u), c = (rnd() >> 1) >> (rnd() % 31u), m = (rnd() % 32769u) >> (rnd() % 15u);
        int s = rnd_in(0, 40), t = rnd_in(-70, 70), k;
        int e[9] = {0};
        e[0] = edgellm__rshr32(a, s) != (int32_t)rshr64_ref(a, s);
        e[1] = edgellm__rshru32(u, s) != (uint32_t)rshr64_ref(u, s);
        e[2] = edgellm__shift_sat(a, t) != shift_ref(a, t);
        e[3] = edgellm__mulshift(a, c, t) != shift_ref((i128)a * c, t);
        want = shift_ref((i128)(u >> 1) * m, t);   /* the sampler's mulsh: below 2^31 - 1, mulsh_below */
        e[4] = want < EDGELLM__I32MAX && edgellm__mulsh_below(u >> 1, m, t) != (uint32_t)want;
        k = edgellm__bitlen32((uint32_t)(a < 0 ? -(int64_t)a : a)) - 15;
        b = edgellm__narrow(a, k);
        e[5] = a != 0 && (llabs((long long)b) > 32768 || b != (k > 0 ? (int32_t)rshr64_ref(a, k) : (int32_t)((int64_t)a * ((int64_t)1 << -k))));
        e[6] = edgellm__udiv32(u, c + 1u) != u / (c + 1u);
        e[7] = edgellm__bitlen32(u) != (u ? 32 - __builtin_clz(u) : 0);
        for (k = 0; k < 8; k++) if (e[k]) { bad++; if (bad < 10) printf("helper %d: a %d u %u c %u m %u s %d t %d\n", k, a, u, c, m, s, t); }
    }
    CHECK(bad == 0, "32-bit helpers: %u mismatches with the references", bad);
    /* mulsh_least (the sampler's cut-off) against a bisection over the 128-bit mulsh */
    for (bad = 0, i = 0; i < 20000; i++) {
        uint32_t m = 1u + rnd() % 32768u, lim = 1u + rnd() % ((1u << 22) - 1u), lo = 0, hi = 0x7FFFFFFFu, want;
        int t = rnd_in(-45, 50);
        if (i % 4 == 0) m = 16384u + rnd() % 16385u;   /* the sampler's c15, lim and sc */
        if (i % 4 == 0) lim = (1u + rnd() % 31u) << 16;
        if (i % 4 == 0) t = rnd_in(-3, 32);
        if (shift_ref((i128)hi * m, t) < (int64_t)lim) want = 0x80000000u;
        else {
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2u;
                if (shift_ref((i128)mid * m, t) >= (int64_t)lim) hi = mid; else lo = mid + 1u;
            }
            want = lo;
        }
        if (edgellm__mulsh_least(m, t, lim) != want && bad++ < 5) printf("mulsh_least: m %u s %d lim %u: %u, want %u\n", m, t, lim, edgellm__mulsh_least(m, t, lim), want);
    }
    CHECK(bad == 0, "mulsh_least: %u mismatches with a bisection", bad);
    /* mulsh_below at its rounding boundaries: d around the least d whose mulsh reaches r */
    for (bad = 0, i = 0; i < 200000; i++) {
        uint32_t m = i % 3 == 0 ? 1u + rnd() % 4u : 1u + rnd() % 32768u, r = 1u + rnd() % ((1u << 21) - 1u), j;
        int t = rnd_in(-3, 46);
        uint64_t d0 = edgellm__mulsh_least(m, t, r);
        for (j = 0; j < 3; j++) {
            uint64_t d = d0 + j - 1u;
            int32_t want;
            if (d >= 0x80000000u) continue;
            want = shift_ref((i128)d * m, t);
            if (want < EDGELLM__I32MAX && edgellm__mulsh_below((uint32_t)d, m, t) != (uint32_t)want && bad++ < 5)
                printf("mulsh_below: d %u m %u s %d: %u, want %d\n", (uint32_t)d, m, t, edgellm__mulsh_below((uint32_t)d, m, t), want);
        }
    }
    CHECK(bad == 0, "mulsh_below at rounding boundaries: %u mismatches", bad);
}

/* quant8 written a second time from the manual, in 64-bit arithmetic */
static void test_quant8(void) {
    int32_t v[300];
    int8_t qa[320], qb[320];
    uint32_t trial, i, bad = 0;
    for (trial = 0; trial < 20000; trial++) {
        uint32_t n = 1 + rnd() % 300u, a = 0, ap, R;
        int k, L;
        edgellm__pf s;
        for (i = 0; i < n; i++) {
            v[i] = trial % 9 == 0 ? (rnd() & 1 ? EDGELLM__I32MAX : EDGELLM__I32MIN) : rnd_i32();
            if (trial % 13 == 0) v[i] = 0;
            a = (uint32_t)llabs((long long)v[i]) > a ? (uint32_t)llabs((long long)v[i]) : a;
        }
        s = edgellm__quant8(v, n, qa, 320);
        for (i = 0; i < 320; i++) qb[i] = 0;
        if (a) {
            for (L = 0; L < 32 && (a >> L); L++) {}
            k = L - 16;
            ap = k > 0 ? (uint32_t)rshr64_ref(a, k) : a << -k;
            R = (uint32_t)(((uint64_t)127 << 23) + ap / 2) / ap;
            for (i = 0; i < n; i++) {
                int64_t t = rshr64_ref((k > 0 ? rshr64_ref(v[i], k) : (int64_t)v[i] * ((int64_t)1 << -k)) * (int64_t)R, 23);
                qb[i] = (int8_t)(t > 127 ? 127 : t < -127 ? -127 : t);
            }
            bad += fabs(pf_val(s) * R / ldexp(1.0, 23 + k) - 1) > 1e-9;
        } else {
            bad += s.m != 0;
        }
        for (i = 0; i < 320; i++) bad += qa[i] != qb[i];
    }
    CHECK(bad == 0, "quant8: %u mismatches with the manual's formulas", bad);
}

/* The ungated squared-ReLU FFN's fused activation and quant8 (edgellm__relu2_q8) against
   edgellm__ffn_act then edgellm__quant8_a: the same int8 vector, padding and scale, on
   vectors of every magnitude (narrowing shifts below 1 too), all-negative and zero ones */
static void test_relu2_q8(void) {
    int trial, bad = 0;
    for (trial = 0; trial < 20000; trial++) {
        static int32_t h[300], ha[300];
        static int8_t qa[320] __attribute__((aligned(16))), qb[320] __attribute__((aligned(16)));
        edgellm_model m;
        uint32_t n = 1u + rnd() % 300u, len = (n + 15u) / 16u * 16u, i, amax = 0;
        int sh = (int)(rnd() % 32u), ea, eb;
        edgellm__pf sa, sb;
        memset(&m, 0, sizeof m);
        m.hidden = n;
        m.act = EDGELLM_ACT_RELU2;
        for (i = 0; i < n; i++) {
            h[i] = trial % 9 == 0 ? -(int32_t)(rnd() >> 1) : (int32_t)rnd() >> sh;
            if (trial % 13 == 0 && i == 0) h[i] = EDGELLM__I32MAX;
            if (trial % 17 == 0) h[i] = (int32_t)(rnd() % 5u) - 2;
            ha[i] = h[i];
        }
        memset(qa, 0x55, sizeof qa);
        memset(qb, 0x55, sizeof qb);
        ea = edgellm__ffn_act(&m, ha, 0, &amax);
        sa = edgellm__quant8_a(ha, n, amax, qa, len);
        sb = edgellm__relu2_q8(h, n, qb, len, &eb);
        bad += memcmp(qa, qb, sizeof qa) != 0 || sa.m != sb.m || sa.e != sb.e || ea != eb;
    }
    CHECK(bad == 0, "fused squared ReLU and quant8: %d of 20000 vectors differ from the two passes", bad);
}

/* The accelerated forms this build selects (AVX2, scalar-core, or none) against the
   reference loops, on random and extreme inputs, the reference finishing whatever a form
   leaves, as the engine does; each check also counts the trials the form took on. */
static void test_forms(void) {
    int trial, bad = 0, took = 0;
    uint32_t cut = 0;   /* exp2 weights tried exactly at their cut-off */
    /* requantization */
    for (trial = 0; trial < 4000; trial++) {
        static edgellm_scale scl[40];
        int32_t ya[40], yb[40];
        uint32_t rows = 1u + rnd() % 40u, r, type = 1u + rnd() % 3u, cols = 16u * (1u + rnd() % 20u);
        edgellm__pf s16;
        s16.m = (int32_t)((1u << 30) | (rnd() >> 2));
        s16.e = trial % 3 == 0 ? rnd_in(-100, 60) : rnd_in(-45, -20);
        for (r = 0; r < rows; r++) {
            scl[r].mult = rnd() % 10u == 0 ? 0 : (int32_t)((1u << 30) | (rnd() >> 2));
            scl[r].shift = scl[r].mult == 0 ? 0 : (trial % 3 == 1 ? rnd_in(-64, 128) : rnd_in(20, 45));
            ya[r] = yb[r] = trial % 5 == 0 ? (rnd() & 1u ? EDGELLM__I32MAX : EDGELLM__I32MIN)
                          : (int32_t)rnd() >> (8 + rnd() % 24u);
        }
        for (r = 0; r < rows; r++) ya[r] = edgellm__requant(ya[r], s16, scl, r);
        r = edgellm__fast_requant(yb, rows, scl, s16, (type == EDGELLM_WT_I8 ? 16384u : 128u) * cols);
        took += r > 0;
        for (; r < rows; r++) yb[r] = edgellm__requant(yb[r], s16, scl, r);
        for (r = 0; r < rows; r++) bad += ya[r] != yb[r];
    }
    CHECK(bad == 0, "accelerated requantization: %d mismatches (%d trials taken)", bad, took);
    /* quant8's scaling */
    for (bad = took = 0, trial = 0; trial < 4000; trial++) {
        int32_t v[37];
        int8_t qa[37], qb[37];
        uint32_t n = 1u + rnd() % 37u, i, a, ap;
        int k = rnd_in(-6, 16);
        int32_t R;
        /* the vector's absolute maximum a (k = its bit length - 16), and k, R from it as
           quant8 finds them: every |v| <= a, as the forms may assume */
        {
            uint64_t hi = (uint64_t)1 << (k + 16), lo = hi >> 1;
            a = (uint32_t)(lo + (((uint64_t)rnd() * (hi - lo)) >> 32));   /* in [lo, hi) */
            if (trial % 6 == 0) a = (uint32_t)(hi - 1u);
            if (trial % 6 == 1 || k == 16) a = (uint32_t)lo;   /* k = 16: a = 2^31, |INT32_MIN| */
        }
        ap = k > 0 ? edgellm__rshru32(a, k) : a << -k;
        R = (int32_t)edgellm__udiv32((127u << 23) + (ap >> 1), ap);
        for (i = 0; i < n; i++) {
            uint32_t u = trial % 4 == 0 ? a : (uint32_t)(((uint64_t)rnd() * (a + 1ull)) >> 32);
            v[i] = u == 0x80000000u ? EDGELLM__I32MIN : (rnd() & 1u) ? (int32_t)u : -(int32_t)u;
        }
        for (i = 0; i < n; i++) { int32_t t = edgellm__rshr32(edgellm__narrow(v[i], k) * R, 23); qa[i] = (int8_t)(t > 127 ? 127 : (t < -127 ? -127 : t)); }
        i = edgellm__fast_quant8(v, n, k, R, qb);
        took += i > 0;
        for (; i < n; i++) { int32_t t = edgellm__rshr32(edgellm__narrow(v[i], k) * R, 23); qb[i] = (int8_t)(t > 127 ? 127 : (t < -127 ? -127 : t)); }
        for (i = 0; i < n; i++) bad += qa[i] != qb[i];
    }
    CHECK(bad == 0, "accelerated quant8: %d mismatches (%d trials taken)", bad, took);
    /* SiLU and its maximum; RMSNorm's products */
    for (bad = took = 0, trial = 0; trial < 4000; trial++) {
        static int32_t ha[70], hb[70], x[70];
        static uint32_t gbuf[72];
        uint32_t n = 1u + rnd() % 70u, i, ma = 0, mb = 0, za = 0, zb = 0;
        const uint8_t *g = (const uint8_t *)gbuf + (trial % 7 == 0 ? 1 : 0);   /* sometimes unaligned */
        int kx = rnd_in(-3, 18), kg = rnd_in(-3, 18);
        for (i = 0; i < n; i++) {
            ha[i] = hb[i] = i < 2 && trial % 3 == 0 ? (rnd() & 1u ? EDGELLM__I32MAX : EDGELLM__I32MIN) : rnd_i32();
            x[i] = (int32_t)rnd() >> (kx < 16 ? 16 - kx : 0);   /* |narrow(x, kx)| well inside 2^15 */
        }
        for (i = 0; i < 4u * n + 4u; i++) ((uint8_t *)gbuf)[i] = (uint8_t)rnd();
        for (i = 0; i < n; i++) { int32_t t = edgellm__rdi32(g + 4u * i) >> (kg < 16 ? 16 - kg : 0); memcpy((uint8_t *)g + 4u * i, &t, 4); }
        for (i = 0; i < n; i++) { ha[i] = edgellm__silu(ha[i]); if (edgellm__abs32(ha[i]) > ma) ma = edgellm__abs32(ha[i]); }
        i = edgellm__fast_silu(hb, n, &mb);
        took += i > 0;
        for (; i < n; i++) { hb[i] = edgellm__silu(hb[i]); if (edgellm__abs32(hb[i]) > mb) mb = edgellm__abs32(hb[i]); }
        for (i = 0; i < n; i++) bad += ha[i] != hb[i];
        bad += ma != mb;
        for (i = 0; i < n; i++) {
            ha[i] = edgellm__narrow(x[i], kx) * edgellm__narrow(edgellm__rdi32(g + 4u * i), kg);
            if (edgellm__abs32(ha[i]) > za) za = edgellm__abs32(ha[i]);
        }
        for (i = edgellm__fast_normz(x, g, n, kx, kg, hb, &zb); i < n; i++) {
            hb[i] = edgellm__narrow(x[i], kx) * edgellm__narrow(edgellm__rdi32(g + 4u * i), kg);
            if (edgellm__abs32(hb[i]) > zb) zb = edgellm__abs32(hb[i]);
        }
        for (i = 0; i < n; i++) bad += ha[i] != hb[i];
        bad += za != zb;
    }
    CHECK(bad == 0, "accelerated SiLU and RMSNorm products: %d mismatches (%d trials taken)", bad, took);
    /* the gate: rshr(h, k) * rshr(h3, k3) for values within the shifts' bounds */
    for (bad = took = 0, trial = 0; trial < 4000; trial++) {
        static int32_t ha[70], hb[70], h3[70];
        uint32_t n = 1u + rnd() % 70u, i, ma = 0, mb = 0;
        int k = rnd_in(-2, 17), k3 = rnd_in(-2, 17);
        for (i = 0; i < n; i++) {   /* |h| < 2^(15 + k): |narrow(h, k)| <= 2^15 */
            ha[i] = hb[i] = (int32_t)rnd() >> (k < 16 ? 16 - k : 0);
            h3[i] = (int32_t)rnd() >> (k3 < 16 ? 16 - k3 : 0);
            if (i < 2 && trial % 5 == 0) { ha[i] = hb[i] = k >= 16 ? EDGELLM__I32MAX : (1 << (15 + k)) - 1; h3[i] = k3 >= 16 ? EDGELLM__I32MIN : -(1 << (15 + k3)); }
        }
        for (i = 0; i < n; i++) {
            ha[i] = edgellm__narrow(ha[i], k) * edgellm__narrow(h3[i], k3);
            if (edgellm__abs32(ha[i]) > ma) ma = edgellm__abs32(ha[i]);
        }
        i = edgellm__fast_gate(hb, h3, n, k, k3, &mb);
        took += i > 0;
        for (; i < n; i++) {
            hb[i] = edgellm__narrow(hb[i], k) * edgellm__narrow(h3[i], k3);
            if (edgellm__abs32(hb[i]) > mb) mb = edgellm__abs32(hb[i]);
        }
        for (i = 0; i < n; i++) bad += ha[i] != hb[i];
        bad += ma != mb;
    }
    CHECK(bad == 0, "accelerated gate: %d mismatches (%d trials taken)", bad, took);
    /* attention: scores, exp2 weights, V sums of random caches (both widths, several head
       sizes, group sizes, shifts that need a left shift now and then) */
    for (bad = took = 0, trial = 0; trial < 3000; trial++) {
        enum { NP = 70, HD = 48, KV = 3 };
        static uint8_t mem[2 * (2 * NP * KV * HD * 2) + 4 * NP * KV + 64];
        static int32_t qa[2 * HD], ua[2 * NP], uacc[2 * HD], qb[2 * HD], ub[2 * NP], ubacc[2 * HD], outa[2 * HD], outb[2 * HD];
        static const uint32_t hds[5] = {8, 16, 24, 32, 48};
        edgellm__attn a;
        edgellm__head sa, sb;
        uint32_t hd = hds[rnd() % 5u], nkv = 1u + rnd() % KV, kh = rnd() % nkv, i, t, group = 1u + rnd() % 2u;
        int wide = (int)(rnd() & 1u), mode = (int)(rnd() % 5u);
        attn_layout(&a, mem, NP, nkv, hd, group, wide);
        a.qmax = (int32_t)(65535u / hd);
        a.qw = 32 - edgellm__bitlen32(a.n);
        if (a.qw > 23) a.qw = 23;
        a.vb = wide ? 16 : 23;
        a.dc = wide ? 128u : 127u;
        for (i = 0; i < a.n * a.c.step / a.c.eb; i++) {   /* K values as the cache holds them */
            int32_t lim = wide ? 23172 : 127, v = mode == 0 ? (rnd() & 1u ? lim : -lim) : rnd_in(-lim, lim);
            if (wide) { ((int16_t *)(void *)a.c.k)[i] = (int16_t)v; ((int16_t *)(void *)a.c.v)[i] = (int16_t)(v / 2); }
            else { ((int8_t *)a.c.k)[i] = (int8_t)v; ((int8_t *)a.c.v)[i] = (int8_t)v; }
        }
        for (i = 0; i < 2u * a.n * nkv; i += 2) {   /* scales (m8, e); zero heads now and then, as the cache stores them */
            int z = rnd() % 9u == 0;
            a.c.ks[i] = (uint8_t)(z ? 0 : wide ? 128 : 128 + rnd() % 128u);
            a.c.ks[i + 1] = (uint8_t)(int8_t)(z ? 0 : mode == 1 ? rnd_in(-20, 26) : rnd_in(-8, 8));
            if (z) memset(a.c.k + (i / 2u / nkv) * a.c.step + (i / 2u % nkv) * hd * a.c.eb, 0, hd * a.c.eb);
            z = rnd() % 9u == 0;
            a.c.vs[i] = (uint8_t)(z ? 0 : wide ? 128 : 128 + rnd() % 128u);
            a.c.vs[i + 1] = (uint8_t)(int8_t)(z ? 0 : mode == 1 ? rnd_in(-20, 26) : rnd_in(-8, 8));
            if (z) memset(a.c.v + (i / 2u / nkv) * a.c.step + (i / 2u % nkv) * hd * a.c.eb, 0, hd * a.c.eb);
        }
        for (i = 0; i < hd; i++) qa[i] = qb[i] = mode == 0 ? (rnd() & 1u ? a.qmax : -a.qmax) : rnd_in(-a.qmax, a.qmax);
        sa.qi = qa; sa.u = ua; sa.acc = uacc;
        sb.qi = qb; sb.u = ub; sb.acc = ubacc;
        sa.sigma = sb.sigma = mode == 2 ? rnd_in(-10, 30) : rnd_in(12, 40);
        sa.umax = sb.umax = EDGELLM__I32MIN;
        sa.emax = sb.emax = -128;
        sa.wsum = sb.wsum = 0;
        for (i = 0; i < hd; i++) uacc[i] = ubacc[i] = 0;
        edgellm__head_scores(&a, &sa, kh, 0);
        t = edgellm__fast_scores(&a, &sb, kh);
        took += t > 0;
        edgellm__head_scores(&a, &sb, kh, t);
        for (t = 0; t < a.n; t++) bad += ua[t] != ub[t];
        bad += sa.umax != sb.umax;
        if (mode == 3) {   /* scores spread over the whole int32 range */
            for (t = 0; t < a.n; t++) ua[t] = ub[t] = (int32_t)rnd();
            sa.umax = EDGELLM__I32MIN;
            for (t = 0; t < a.n; t++) if (ua[t] > sa.umax) sa.umax = ua[t];
            sb.umax = sa.umax;
        }
        if (mode == 4) {   /* scores a whole number of units below the maximum, around the
                              weights' cut-off (qw + 1) * 2^16, where exp2n is still 1 */
            for (t = 0; t < a.n; t++)
                ua[t] = ub[t] = t == 0 ? 0 : -(int32_t)(((uint32_t)a.qw - 1u + rnd() % 4u) << 16) + rnd_in(-1, 1);
            sa.umax = sb.umax = 0;
            for (t = 1; t < a.n; t++) cut += (uint32_t)-ua[t] == ((uint32_t)a.qw + 1u) << 16;
        }
        edgellm__head_exp(&a, &sa, kh, 0);
        edgellm__head_exp(&a, &sb, kh, edgellm__fast_exp(&a, &sb, kh));
        for (t = 0; t < a.n; t++) bad += ua[t] != ub[t];
        bad += sa.wsum != sb.wsum || sa.emax != sb.emax;
        edgellm__head_vsum(&a, &sa, kh, 0);
        edgellm__head_vsum(&a, &sb, kh, edgellm__fast_vsum(&a, &sb, kh));
        for (i = 0; i < hd; i++) bad += uacc[i] != ubacc[i];
        edgellm__head_out(&a, &sa, outa);
        edgellm__head_out(&a, &sb, outb);
        for (i = 0; i < hd; i++) bad += outa[i] != outb[i];
    }
    CHECK(bad == 0, "accelerated attention loops: %d mismatches (%d trials taken)", bad, took);
    CHECK(cut > 100, "only %u weights exactly at the cut-off tried", cut);
}

/* Several query heads in one pass (edgellm__fast_heads, e.g. the scalar cores' two heads of
   one kv head) against the reference loops head by head, from the query to the head's
   output, on random caches, queries and rotations; every group size, both caches */
static void test_heads(void) {
    int trial, bad = 0, took = 0;
    for (trial = 0; trial < 2000; trial++) {
        enum { NP = 90, HD = 16, KV = 3, G = 3 };
        static uint8_t mem[2 * (2 * NP * KV * HD * 2) + 4 * NP * KV + 64];
        static int32_t q[KV * G * HD], rope[HD], qi[2 * HD], u[2 * NP], acc[2 * HD], outa[KV * G * HD], outb[KV * G * HD];
        edgellm__attn a;
        edgellm__head st;
        uint32_t hd = rnd() & 1u ? 8u : 16u, nkv = 1u + rnd() % KV, group = 1u + rnd() % G, i, h, done;
        int wide = rnd() % 4u != 0, mode = (int)(rnd() % 3u);
        attn_layout(&a, mem, NP, nkv, hd, group, wide);
        a.cm = (1u << 14) + rnd() % ((1u << 14) + 1u);
        a.gamma = mode == 0 ? rnd_in(-8, 40) : rnd_in(14, 24);
        a.qmax = (int32_t)(65535u / hd);
        a.qw = 32 - edgellm__bitlen32(a.n);
        if (a.qw > 23) a.qw = 23;
        a.vb = wide ? 16 : 23;
        a.dc = wide ? 128u : 127u;
        a.q = q;
        a.rope = rope;
        a.qi = qi;
        a.u = u;
        a.acc = acc;
        for (i = 0; i < a.n * a.c.step / a.c.eb; i++) {   /* K and V as the cache holds them */
            int32_t lim = wide ? 23172 : 127, v = mode == 1 && rnd() % 2u ? (rnd() & 1u ? lim : -lim) : rnd_in(-lim, lim);
            if (wide) { ((int16_t *)(void *)a.c.k)[i] = (int16_t)v; ((int16_t *)(void *)a.c.v)[i] = (int16_t)rnd_in(-32767, 32767); }
            else { ((int8_t *)a.c.k)[i] = (int8_t)v; ((int8_t *)a.c.v)[i] = (int8_t)rnd_in(-127, 127); }
        }
        for (i = 0; i < 2u * a.n * nkv; i += 2) {   /* scales (m8, e); zero heads now and then, as the cache stores them */
            int z = rnd() % 9u == 0;
            a.c.ks[i] = (uint8_t)(z ? 0 : wide ? 128 : 128 + rnd() % 128u);
            a.c.ks[i + 1] = (uint8_t)(int8_t)(z ? 0 : mode == 2 ? rnd_in(-20, 26) : rnd_in(-4, 4));
            if (z) memset(a.c.k + (i / 2u / nkv) * a.c.step + (i / 2u % nkv) * hd * a.c.eb, 0, hd * a.c.eb);
            z = rnd() % 9u == 0;
            a.c.vs[i] = (uint8_t)(z ? 0 : wide ? 128 : 128 + rnd() % 128u);
            a.c.vs[i + 1] = (uint8_t)(int8_t)(z ? 0 : mode == 2 ? rnd_in(-20, 26) : rnd_in(-4, 4));
            if (z) memset(a.c.v + (i / 2u / nkv) * a.c.step + (i / 2u % nkv) * hd * a.c.eb, 0, hd * a.c.eb);
        }
        for (i = 0; i < a.n_heads * hd; i++) q[i] = rnd() % 17u == 0 ? 0 : rnd_i32();
        for (i = 0; i < hd; i += 2) {   /* (cos, sin) in Q15 */
            double th = (double)rnd() / 4294967296.0 * 6.283185307179586;
            rope[i] = (int32_t)lround(cos(th) * 32768.0);
            rope[i + 1] = (int32_t)lround(sin(th) * 32768.0);
        }
        st.qi = qi;
        st.u = u;
        st.acc = acc;
        for (h = 0; h < a.n_heads; h++) {   /* the reference loops alone */
            uint32_t kh = h / group;
            edgellm__head_init(&a, &st, q + h * hd);
            edgellm__head_scores(&a, &st, kh, 0);
            edgellm__head_exp(&a, &st, kh, 0);
            edgellm__head_vsum(&a, &st, kh, 0);
            edgellm__head_out(&a, &st, outa + h * hd);
        }
        a.out = outb;
        for (h = 0; h < a.n_heads; h += done) {   /* as edgellm__attention goes */
            done = edgellm__fast_heads(&a, h);
            took += done > 0;
            if (done == 0) {
                edgellm__attend(&a, &st, h);
                done = 1;
            }
        }
        for (i = 0; i < a.n_heads * hd; i++) bad += outa[i] != outb[i];
    }
    CHECK(bad == 0, "heads in one pass: %d mismatches (%d passes taken)", bad, took);
}

/* ---------------------------------------------------------------- attention backends */
/* a small random llama written by modelwrite.h: the shape given, the 8-bit KV cache unless
   kv16, weights uniform in +-amp from a fixed seed */
static unsigned char *synth_model(int dim, int heads, int kv_heads, int layers, int wtype, int kv16, size_t *len) {
    static unsigned char pstore[64][2];
    static const unsigned char *pieces[64];
    static int plen[64];
    elm_float_model m;
    elm_write_options o;
    size_t D = (size_t)dim, H = 2 * D + 16, L = (size_t)layers, V = 64, kvd = (size_t)kv_heads * (D / (size_t)heads), n, i;
    unsigned char *out = NULL;
    uint64_t st = 0xa77e + (uint64_t)dim * 131u + (uint64_t)kv_heads * 7u + (uint64_t)wtype;
    char err[256];
    float *w, *p;
    memset(&m, 0, sizeof m);
    memset(&o, 0, sizeof o);
    m.dim = dim; m.hidden = (int)H; m.n_layers = layers; m.n_heads = heads; m.n_kv_heads = kv_heads;
    m.vocab = (int)V; m.seq_len = 80; m.ffn_act = ELM_ACT_SILU; m.gated = 1; m.rope_theta = 10000; m.norm_eps = 1e-5f;
    n = V * D + L * (2 * D + 2 * D * D + 2 * kvd * D + 3 * D * H) + D;
    w = (float *)malloc(sizeof(float) * n);
    for (i = 0; i < n; i++) w[i] = ((float)(edgellm_rng_u32(&st) % 2001) - 1000.0f) * 1e-4f;
    p = w;
    m.tok_emb = p; p += V * D;
    m.att_norm = p; for (i = 0; i < L * D; i++) p[i] = 1.0f; p += L * D;
    m.wq = p; p += L * D * D; m.wk = p; p += L * kvd * D; m.wv = p; p += L * kvd * D; m.wo = p; p += L * D * D;
    m.ffn_norm = p; for (i = 0; i < L * D; i++) p[i] = 1.0f; p += L * D;
    m.w1 = p; p += L * D * H; m.w2 = p; p += L * D * H; m.w3 = p; p += L * D * H;
    m.final_norm = p; for (i = 0; i < D; i++) p[i] = 1.0f;
    for (i = 0; i < V; i++) {
        pstore[i][0] = (unsigned char)('a' + i % 26);
        pstore[i][1] = (unsigned char)('0' + i / 26);
        pieces[i] = pstore[i];
        plen[i] = 2;
    }
    m.tok_kind = ELM_TOK_LLAMA2; m.pieces = pieces; m.piece_len = plen; m.bos = 1; m.eos = 2;
    o.wtype = wtype;
    o.kv16 = kv16;
    if (elm_write_model(&m, &o, &out, len, err) != 0) { printf("FAIL synthetic model: %s\n", err); out = NULL; }
    free(w);
    return out;
}

/* a test attention backend: its own copy of the int8 cache, filled only through store, and
   the two sums from that copy; it records what it was asked and can be told to fail */
typedef struct tb_backend {
    uint32_t layers, n_ctx, kv_dim, hd;
    int8_t *k, *v;                  /* [layer][pos][kv_dim] */
    unsigned *stored;               /* stores per (layer, pos) */
    unsigned stores, dots, vsums;
    unsigned bad;                   /* calls that broke the seam's rules */
    int32_t last;                   /* the last store, pos * layers + layer (-1: none yet) */
    int fail_store, fail_dots, fail_vsum;   /* returned (once) instead of OK when nonzero */
    int fail_at_dot;                /* dots returns a dot out of range when nonzero (once) */
    int check_first;                /* the first dots call checks that every earlier position was stored once */
    unsigned first_bad;
} tb_backend;

static void tb_init(tb_backend *b, const edgellm_model *m, uint32_t n_ctx) {
    size_t cells = (size_t)m->n_layers * n_ctx;
    memset(b, 0, sizeof *b);
    b->layers = m->n_layers;
    b->n_ctx = n_ctx;
    b->kv_dim = m->kv_dim;
    b->hd = m->head_size;
    b->k = (int8_t *)calloc(cells * m->kv_dim, 1);
    b->v = (int8_t *)calloc(cells * m->kv_dim, 1);
    b->stored = (unsigned *)calloc(cells, sizeof(unsigned));
    b->last = -1;
}
static void tb_free(tb_backend *b) { free(b->k); free(b->v); free(b->stored); }

static int tb_store(void *user, uint32_t layer, uint32_t pos, const int8_t *k, const int8_t *v) {
    tb_backend *b = (tb_backend *)user;
    int32_t at = (int32_t)(pos * b->layers + layer);
    if (b->fail_store) { int r = b->fail_store; b->fail_store = 0; return r; }
    if (layer >= b->layers || pos >= b->n_ctx || !k || !v) { b->bad++; return EDGELLM_OK; }
    if (at <= b->last && at != 0 && !(layer == 0 && pos <= (uint32_t)(b->last / (int32_t)b->layers))) b->bad++;   /* out of order */
    b->last = at;
    memcpy(b->k + ((size_t)layer * b->n_ctx + pos) * b->kv_dim, k, b->kv_dim);
    memcpy(b->v + ((size_t)layer * b->n_ctx + pos) * b->kv_dim, v, b->kv_dim);
    b->stored[(size_t)layer * b->n_ctx + pos]++;
    b->stores++;
    return EDGELLM_OK;
}
/* rows as the seam describes them: this kv head, hd values, stride kv_dim, within the cache */
static int tb_rows_ok(const tb_backend *b, const edgellm_kv_rows *r) {
    return r && r->layer < b->layers && r->kv_head < b->kv_dim / b->hd && r->hd == b->hd && r->stride == b->kv_dim &&
           r->n >= 1 && r->n <= b->n_ctx && r->data;
}
static int tb_dots(void *user, const edgellm_kv_rows *rows, const int32_t *qi, int32_t *dot) {
    tb_backend *b = (tb_backend *)user;
    const int8_t *kp;
    uint32_t t, i;
    b->dots++;
    if (b->fail_dots) { int r = b->fail_dots; b->fail_dots = 0; return r; }
    if (!tb_rows_ok(b, rows)) { b->bad++; return EDGELLM_ERR_ARG; }
    if (b->check_first) {   /* every (layer, t) before this position once, and this layer's own */
        uint32_t l;
        b->check_first = 0;
        for (l = 0; l < b->layers; l++)
            for (t = 0; t + 1 < rows->n; t++) b->first_bad += b->stored[(size_t)l * b->n_ctx + t] != 1;
        b->first_bad += b->stored[(size_t)rows->layer * b->n_ctx + rows->n - 1] != 1;
    }
    for (i = 0; i < rows->hd; i++) b->bad += qi[i] > (int32_t)(65535u / rows->hd) || qi[i] < -(int32_t)(65535u / rows->hd);
    kp = b->k + (size_t)rows->layer * b->n_ctx * b->kv_dim + (size_t)rows->kv_head * rows->hd;
    for (t = 0; t < rows->n; t++, kp += b->kv_dim) {
        int32_t d = 0;
        for (i = 0; i < rows->hd; i++) d += qi[i] * kp[i];
        dot[t] = d;
    }
    if (b->fail_at_dot) { b->fail_at_dot = 0; dot[rows->n - 1] = 1 << 23; }
    return EDGELLM_OK;
}
static int tb_vsum(void *user, const edgellm_kv_rows *rows, const int32_t *p, int32_t *acc) {
    tb_backend *b = (tb_backend *)user;
    const int8_t *vp;
    uint32_t t, i;
    b->vsums++;
    if (b->fail_vsum) { int r = b->fail_vsum; b->fail_vsum = 0; return r; }
    if (!tb_rows_ok(b, rows)) { b->bad++; return EDGELLM_ERR_ARG; }
    for (i = 0; i < rows->hd; i++) acc[i] = 0;
    vp = b->v + (size_t)rows->layer * b->n_ctx * b->kv_dim + (size_t)rows->kv_head * rows->hd;
    for (t = 0; t < rows->n; t++, vp += b->kv_dim) {
        b->bad += p[t] < 0 || p[t] >= (1 << 24);
        for (i = 0; i < rows->hd; i++) acc[i] += p[t] * vp[i];
    }
    return EDGELLM_OK;
}
static edgellm_attn_backend tb_seam(tb_backend *b) {
    edgellm_attn_backend s = {0};
    s.store = tb_store;
    s.dots = tb_dots;
    s.vsum = tb_vsum;
    s.user = b;
    return s;
}
/* the backend's copy equals the arena's cache over positions [0, n) */
static int tb_same_cache(const tb_backend *b, const edgellm_ctx *ctx, uint32_t n) {
    uint32_t l;
    for (l = 0; l < b->layers; l++) {
        edgellm__cache c;
        edgellm__cache_of(ctx, l, &c);
        if (memcmp(c.k, b->k + (size_t)l * b->n_ctx * b->kv_dim, (size_t)n * b->kv_dim) ||
            memcmp(c.v, b->v + (size_t)l * b->n_ctx * b->kv_dim, (size_t)n * b->kv_dim))
            return 0;
    }
    return 1;
}

/* a backend that keeps no copy: edgellm_attn_*_ref on the arena's rows, as a driver's
   software fallback does */
static unsigned ref_stores;
static int ref_store(void *user, uint32_t layer, uint32_t pos, const int8_t *k, const int8_t *v) {
    (void)user; (void)layer; (void)pos; (void)k; (void)v;
    ref_stores++;
    return EDGELLM_OK;
}

/* the optional scores through edgellm_attn_scores_ref, counted; sc_mode 1 returns sc_code,
   2 a umax far above every score (every exp2 weight 0) */
static unsigned sc_calls, sc_dots;
static int sc_mode, sc_code;
static int sc_scores(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t sigma, int32_t *u, int32_t *umax) {
    int r;
    sc_calls++;
    if (sc_mode == 1) return sc_code;
    if (!k->scales || k->sstride < 2u) return -999;   /* the K scales are handed over */
    r = edgellm_attn_scores_ref(user, k, qi, sigma, u, umax);
    if (sc_mode == 2) *umax = 0x7FFFFFF0;
    return r;
}
/* the optional whole head through edgellm_attn_head_ref, counted; hd_mode 1 returns hd_code,
   2 a wsum of 0, 3 an emax of 128, 4 an emax of -129 */
static unsigned hd_calls;
static int hd_mode, hd_code;
static int hd_head(void *user, const edgellm_kv_rows *k, const edgellm_kv_rows *v, const int32_t *qi, int32_t sigma,
                   int32_t qw, int32_t vb, int32_t *acc, uint32_t *wsum, int32_t *emax) {
    int r;
    hd_calls++;
    if (hd_mode == 1) return hd_code;
    if (!k->scales || !v->scales || k->sstride < 2u || v->scales == k->scales || v->data == k->data) return -998;
    r = edgellm_attn_head_ref(user, k, v, qi, sigma, qw, vb, acc, wsum, emax);
    if (hd_mode == 2) *wsum = 0;
    if (hd_mode == 3) *emax = 128;
    if (hd_mode == 4) *emax = -129;
    return r;
}
static int sc_dots_fn(void *user, const edgellm_kv_rows *k, const int32_t *qi, int32_t *dot) {
    sc_dots++;
    return edgellm_attn_dots_ref(user, k, qi, dot);
}

/* the token fed at position p of a stream */
static uint32_t stream_tok(const edgellm_model *m, uint32_t p, const int32_t *logits) {
    uint32_t t = (p * 7919u + 3u) % m->vocab;
    if (p % 3u == 2u) edgellm_argmax(logits, m->vocab, &t);
    return t;
}

typedef struct { unsigned char *file, *ma, *mb; edgellm_model m; edgellm_ctx a, b; uint32_t n; } attn_pair;
/* two contexts of one model (a: software, b: for the backend), n positions */
static int pair_open(attn_pair *p, unsigned char *file, size_t len, uint32_t n) {
    size_t need;
    memset(p, 0, sizeof *p);
    p->file = file;
    if (!file || edgellm_model_load(&p->m, file, len) != EDGELLM_OK) return 0;
    p->n = n < p->m.seq_len ? n : p->m.seq_len;
    if (edgellm_ctx_size(&p->m, p->n, &need) != EDGELLM_OK) return 0;
    p->ma = (unsigned char *)aligned_alloc(16, (need + 15u) & ~(size_t)15u);
    p->mb = (unsigned char *)aligned_alloc(16, (need + 15u) & ~(size_t)15u);
    return edgellm_ctx_init(&p->a, &p->m, p->n, p->ma, need) == EDGELLM_OK &&
           edgellm_ctx_init(&p->b, &p->m, p->n, p->mb, need) == EDGELLM_OK;
}
static void pair_close(attn_pair *p) { free(p->file); free(p->ma); free(p->mb); }
/* feeds position a.pos to both (b must be at the same position); 1 when both succeed with
   the same logits */
static int pair_step(attn_pair *p) {
    uint32_t t = stream_tok(&p->m, p->a.pos, p->a.logits);
    int ra = edgellm_feed(&p->a, t), rb = edgellm_feed(&p->b, t);
    return ra == EDGELLM_OK && rb == EDGELLM_OK && p->a.pos == p->b.pos &&
           memcmp(p->a.logits, p->b.logits, 4u * p->m.vocab) == 0;
}

/* an optional seam's codes: with *mode 1 it returns *code; a negative one is passed on, a
   positive one gives EDGELLM_ERR_BACKEND, and the position stays */
static void seam_codes(attn_pair *P, const edgellm_attn_backend *b, int *mode, int *code, int neg, const char *seam) {
    uint32_t pos = P->b.pos;
    CHECK(edgellm_set_attention(&P->b, b) == EDGELLM_OK, "set_attention with %s", seam);
    *mode = 1;
    *code = neg;
    CHECK(edgellm_feed(&P->b, 9) == neg && P->b.pos == pos, "%s' %d passed on", seam, neg);
    *code = 3;
    CHECK(edgellm_feed(&P->b, 9) == EDGELLM_ERR_BACKEND && P->b.pos == pos, "%s' 3 gives EDGELLM_ERR_BACKEND", seam);
}

static void test_attn_backend(void) {
    static const struct { const char *name; int dim, heads, kv, layers, wtype; } syn[] = {
        {"synthetic t2 dim 64, 4 heads, 2 kv heads", 64, 4, 2, 2, ELM_WT_T2},
        {"synthetic i8 dim 32, 4 heads of 8, 1 kv head", 32, 4, 1, 2, ELM_WT_I8},
        {"synthetic t1 dim 48, 3 heads, 3 kv heads", 48, 3, 3, 3, ELM_WT_T1},
        {"synthetic i8 dim 128, 2 heads of 64, 1 kv head", 128, 2, 1, 1, ELM_WT_I8},
    };
    static const char *files[] = {"examples/models/default.elm", "examples/models/zybo.elm"};
    unsigned k;
    /* 1: whole streams, with and without the backend */
    for (k = 0; k < 6; k++) {
        attn_pair P;
        tb_backend tb;
        edgellm_attn_backend s = {0};
        size_t len = 0;
        unsigned char *file = k < 4 ? synth_model(syn[k].dim, syn[k].heads, syn[k].kv, syn[k].layers, syn[k].wtype, 0, &len)
                                    : read_file(files[k - 4], &len);
        const char *name = k < 4 ? syn[k].name : files[k - 4];
        uint32_t i, same = 1;
        if (!pair_open(&P, file, len, 80)) { CHECK(0, "%s: model and contexts", name); pair_close(&P); continue; }
        CHECK(!(P.m.flags & EDGELLM_FLAG_KV16), "%s has the 8-bit cache", name);
        tb_init(&tb, &P.m, P.n);
        s = tb_seam(&tb);
        CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "%s: set_attention", name);
        s.dots = NULL;   /* the context keeps its own copy */
        for (i = 0; i < P.n && same; i++) same = pair_step(&P);
        CHECK(same, "%s: logits with the backend differ from software at position %u", name, i - 1u);
        CHECK(tb.stores == P.n * P.m.n_layers && tb.bad == 0, "%s: %u stores (%u expected), %u broken rules", name, tb.stores,
              P.n * P.m.n_layers, tb.bad);
        CHECK(tb.dots == P.n * P.m.n_layers * P.m.n_heads && tb.vsums == tb.dots, "%s: %u dots, %u vsums calls (%u expected)",
              name, tb.dots, tb.vsums, P.n * P.m.n_layers * P.m.n_heads);
        CHECK(tb_same_cache(&tb, &P.b, P.n), "%s: the backend's copy differs from the arena's cache", name);
        CHECK(edgellm_feed(&P.b, 0) == EDGELLM_ERR_CONTEXT_FULL, "%s: full context", name);
        /* reset: the stream again, the backend overwritten in place */
        CHECK(edgellm_ctx_reset(&P.a) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK, "%s: reset", name);
        tb.stores = 0;
        tb.last = -1;
        for (i = 0, same = 1; i < P.n / 2u && same; i++) same = pair_step(&P);
        CHECK(same && tb.stores == P.n / 2u * P.m.n_layers && tb.bad == 0, "%s: after a reset (step %u, %u stores)", name, i,
              tb.stores);
        if (k < 2) {   /* the driver's fallback: the _ref sums on the arena's rows, no copy */
            edgellm_attn_backend rs = {0};
            rs.store = ref_store;
            rs.dots = edgellm_attn_dots_ref;
            rs.vsum = edgellm_attn_vsum_ref;
            rs.user = NULL;
            ref_stores = 0;
            CHECK(edgellm_set_attention(&P.b, &rs) == EDGELLM_OK, "%s: set the _ref backend", name);
            for (same = 1; P.a.pos < P.n && same;) same = pair_step(&P);
            CHECK(same, "%s: the _ref backend differs from software at position %u", name, P.a.pos);
            CHECK(ref_stores == P.n * P.m.n_layers, "%s: _ref backend: %u stores (catch-up included), %u expected", name,
                  ref_stores, P.n * P.m.n_layers);
        }
        {   /* the optional scores: the stream again with edgellm_attn_scores_ref, dots never called */
            edgellm_attn_backend ss = {0};
            ss.store = ref_store;
            ss.dots = sc_dots_fn;
            ss.vsum = edgellm_attn_vsum_ref;
            ss.scores = sc_scores;
            sc_calls = sc_dots = 0;
            sc_mode = 0;
            CHECK(edgellm_ctx_reset(&P.a) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK, "%s: reset", name);
            CHECK(edgellm_set_attention(&P.b, &ss) == EDGELLM_OK, "%s: set the scores backend", name);
            for (same = 1; P.a.pos < P.n && same;) same = pair_step(&P);
            CHECK(same, "%s: the scores backend differs from software at position %u", name, P.a.pos);
            CHECK(sc_calls == P.n * P.m.n_layers * P.m.n_heads && sc_dots == 0, "%s: %u scores calls (%u expected), %u dots",
                  name, sc_calls, P.n * P.m.n_layers * P.m.n_heads, sc_dots);
        }
        {   /* the optional whole head: the stream again with edgellm_attn_head_ref, nothing else called */
            edgellm_attn_backend hs = {0};
            hs.store = ref_store;
            hs.dots = sc_dots_fn;
            hs.vsum = edgellm_attn_vsum_ref;
            hs.scores = sc_scores;
            hs.head = hd_head;
            sc_calls = sc_dots = hd_calls = 0;
            sc_mode = hd_mode = 0;
            CHECK(edgellm_ctx_reset(&P.a) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK, "%s: reset", name);
            CHECK(edgellm_set_attention(&P.b, &hs) == EDGELLM_OK, "%s: set the head backend", name);
            for (same = 1; P.a.pos < P.n && same;) same = pair_step(&P);
            CHECK(same, "%s: the head backend differs from software at position %u", name, P.a.pos);
            CHECK(hd_calls == P.n * P.m.n_layers * P.m.n_heads && sc_dots == 0 && sc_calls == 0,
                  "%s: %u head calls (%u expected), %u scores, %u dots", name, hd_calls, P.n * P.m.n_layers * P.m.n_heads,
                  sc_calls, sc_dots);
        }
        tb_free(&tb);
        pair_close(&P);
    }
    /* 2: installed mid-stream, replaced, removed, cleared by init */
    for (k = 0; k < 2; k++) {
        attn_pair P;
        tb_backend t1, t2;
        edgellm_attn_backend s = {0};
        size_t len = 0, need;
        unsigned char *file = k == 0 ? synth_model(64, 4, 2, 2, ELM_WT_T2, 0, &len) : read_file(files[0], &len);
        uint32_t i, same = 1, mid = 11u + 6u * k, total;
        unsigned calls;
        if (!pair_open(&P, file, len, 60)) { CHECK(0, "mid-stream: model and contexts"); pair_close(&P); continue; }
        for (i = 0; i < mid && same; i++) same = pair_step(&P);
        tb_init(&t1, &P.m, P.n);
        tb_init(&t2, &P.m, P.n);
        s = tb_seam(&t1);
        t1.check_first = 1;
        CHECK(same && edgellm_set_attention(&P.b, &s) == EDGELLM_OK && t1.stores == 0, "mid-stream: installed at position %u", mid);
        CHECK(pair_step(&P), "mid-stream: the first position with the backend differs");
        CHECK(t1.first_bad == 0 && t1.check_first == 0, "mid-stream: %u (layer, position) pairs not stored exactly once before the first dots",
              t1.first_bad);
        CHECK(t1.stores == (mid + 1u) * P.m.n_layers && t1.bad == 0, "mid-stream: %u stores, %u expected (%u broken rules)", t1.stores,
              (mid + 1u) * P.m.n_layers, t1.bad);
        for (i = 0, same = 1; i < 9u && same; i++) same = pair_step(&P);
        CHECK(same, "mid-stream: logits differ");
        /* a second backend replaces the first: it is handed everything cached so far */
        s = tb_seam(&t2);
        t2.check_first = 1;
        calls = t1.stores + t1.dots;
        CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "replace");
        total = P.b.pos;
        for (i = 0, same = 1; i < 5u && same; i++) same = pair_step(&P);
        CHECK(same && t2.first_bad == 0 && t2.stores == (total + 5u) * P.m.n_layers && t1.stores + t1.dots == calls,
              "replaced: same logits %u, %u unstored before the first dots, %u stores (%u expected), the old one called %u times",
              same, t2.first_bad, t2.stores, (total + 5u) * P.m.n_layers, t1.stores + t1.dots - calls);
        CHECK(tb_same_cache(&t2, &P.b, P.b.pos), "replaced: the new backend's copy differs from the arena's cache");
        /* removed: software again, the backend no longer called */
        calls = t2.stores + t2.dots + t2.vsums;
        CHECK(edgellm_set_attention(&P.b, NULL) == EDGELLM_OK, "remove");
        for (i = 0, same = 1; i < 4u && same; i++) same = pair_step(&P);
        CHECK(same && t2.stores + t2.dots + t2.vsums == calls, "removed: logits same %u, backend calls %u", same,
              t2.stores + t2.dots + t2.vsums - calls);
        /* installed again over a reset context: no catch-up, stores from position 0 */
        s = tb_seam(&t2);
        CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK &&
                  edgellm_ctx_reset(&P.a) == EDGELLM_OK, "reinstall and reset");
        memset(t2.stored, 0, sizeof(unsigned) * P.m.n_layers * P.n);
        t2.stores = 0;
        t2.last = -1;
        t2.check_first = 1;
        CHECK(pair_step(&P) && pair_step(&P) && t2.stores == 2u * P.m.n_layers && t2.first_bad == 0, "after reset: %u stores", t2.stores);
        /* ctx_init clears the backend */
        calls = t2.stores + t2.dots;
        CHECK(edgellm_ctx_size(&P.m, P.n, &need) == EDGELLM_OK && edgellm_ctx_init(&P.b, &P.m, P.n, P.mb, need) == EDGELLM_OK &&
                  edgellm_feed(&P.b, 5) == EDGELLM_OK && t2.stores + t2.dots == calls && P.b.attn.dots == NULL,
              "ctx_init leaves no attention backend");
        tb_free(&t1);
        tb_free(&t2);
        pair_close(&P);
    }
    /* 3: result codes, and a stream that continues identical after failures */
    {
        attn_pair P;
        tb_backend tb;
        edgellm_attn_backend s = {0}, bad = {0};
        edgellm_ctx raw;
        edgellm_model mk;
        size_t len = 0, need;
        unsigned char *file = synth_model(64, 4, 2, 2, ELM_WT_I8, 0, &len), *kf, *mem;
        uint32_t i, same = 1, pos;
        if (pair_open(&P, file, len, 40)) {
            tb_init(&tb, &P.m, P.n);
            s = tb_seam(&tb);
            CHECK(edgellm_set_attention(NULL, &s) == EDGELLM_ERR_ARG, "set_attention(NULL ctx)");
            CHECK(edgellm_set_attention(NULL, NULL) == EDGELLM_ERR_ARG, "set_attention(NULL ctx, NULL)");
            bad = s; bad.store = NULL;
            CHECK(edgellm_set_attention(&P.b, &bad) == EDGELLM_ERR_ARG, "set_attention(NULL store)");
            bad = s; bad.dots = NULL;
            CHECK(edgellm_set_attention(&P.b, &bad) == EDGELLM_ERR_ARG, "set_attention(NULL dots)");
            bad = s; bad.vsum = NULL;
            CHECK(edgellm_set_attention(&P.b, &bad) == EDGELLM_ERR_ARG, "set_attention(NULL vsum)");
            CHECK(P.b.attn.dots == NULL, "a refused backend is not installed");
            memset(&raw, 0, sizeof raw);
            CHECK(edgellm_set_attention(&raw, &s) == EDGELLM_ERR_STATE, "set_attention(uninitialised ctx)");
            CHECK(edgellm_set_attention(&raw, NULL) == EDGELLM_ERR_STATE, "set_attention(uninitialised ctx, NULL)");
            CHECK(edgellm_set_attention(&P.b, NULL) == EDGELLM_OK, "set_attention(NULL) with none installed");
            CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "set_attention");
            for (i = 0; i < 5u && same; i++) same = pair_step(&P);
            CHECK(same, "before the failures");
            pos = P.b.pos;
            tb.fail_dots = -1234;
            CHECK(edgellm_feed(&P.b, 7) == -1234 && P.b.pos == pos, "dots' -1234 passed on, pos stays %u (now %u)", pos, P.b.pos);
            tb.fail_dots = 5;
            CHECK(edgellm_feed(&P.b, 7) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "dots' 5 gives EDGELLM_ERR_BACKEND");
            tb.fail_vsum = -77;
            CHECK(edgellm_feed(&P.b, 8) == -77 && P.b.pos == pos, "vsum's -77 passed on");
            tb.fail_vsum = 1;
            CHECK(edgellm_feed(&P.b, 8) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "vsum's 1 gives EDGELLM_ERR_BACKEND");
            tb.fail_vsum = 0;
            {   /* the optional scores: their codes, and a umax that leaves no weight */
                edgellm_attn_backend ss = s;
                int32_t u[4], um = 0, qi[64];
                edgellm_kv_rows kr;
                ss.scores = sc_scores;
                seam_codes(&P, &ss, &sc_mode, &sc_code, -4321, "scores");
                sc_mode = 2;
                CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos,
                      "a umax above every score (no weight left) gives EDGELLM_ERR_BACKEND");
                sc_mode = 0;
                memset(&kr, 0, sizeof kr);
                memset(qi, 0, sizeof qi);
                CHECK(edgellm_attn_scores_ref(NULL, NULL, qi, 0, u, &um) == EDGELLM_ERR_ARG, "scores_ref(NULL rows)");
                CHECK(edgellm_attn_scores_ref(NULL, &kr, NULL, 0, u, &um) == EDGELLM_ERR_ARG, "scores_ref(NULL qi)");
                CHECK(edgellm_attn_scores_ref(NULL, &kr, qi, 0, NULL, &um) == EDGELLM_ERR_ARG, "scores_ref(NULL u)");
                CHECK(edgellm_attn_scores_ref(NULL, &kr, qi, 0, u, NULL) == EDGELLM_ERR_ARG, "scores_ref(NULL umax)");
                kr.n = 1; kr.hd = 16; kr.data = (const int8_t *)qi;
                CHECK(edgellm_attn_scores_ref(NULL, &kr, qi, 0, u, &um) == EDGELLM_ERR_ARG, "scores_ref(NULL scales)");
                {   /* one position by hand: dot 3 * 100 = 300, m8 200, e 2, sigma 5: rshr(60000, 3) = 7500 */
                    int8_t kv[16] = {3};
                    uint8_t sc[2] = {200, 2};
                    int32_t q1[16] = {100};
                    kr.data = kv; kr.scales = sc; kr.stride = 16; kr.sstride = 2;
                    CHECK(edgellm_attn_scores_ref(NULL, &kr, q1, 5, u, &um) == EDGELLM_OK && u[0] == 7500 && um == 7500,
                          "scores_ref by hand: %d (7500), umax %d", u[0], um);
                    sc[1] = (uint8_t)(int8_t)-30;   /* sigma - e = 35: rshr gives 0 */
                    CHECK(edgellm_attn_scores_ref(NULL, &kr, q1, 5, u, &um) == EDGELLM_OK && u[0] == 0, "scores_ref, shift 35: %d", u[0]);
                    sc[1] = 22;                     /* sigma - e = -17: 60000 << 17 saturates */
                    CHECK(edgellm_attn_scores_ref(NULL, &kr, q1, 5, u, &um) == EDGELLM_OK && u[0] == 2147483647,
                          "scores_ref, shift -17 saturates: %d", u[0]);
                    sc[1] = 20;                     /* sigma - e = -15: 60000 << 15 = 1966080000 */
                    CHECK(edgellm_attn_scores_ref(NULL, &kr, q1, 5, u, &um) == EDGELLM_OK && u[0] == 1966080000,
                          "scores_ref, shift -15: %d", u[0]);
                }
                CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "set_attention back without scores");
            }
            {   /* the optional head: its codes, the two checks, and the reference by hand */
                edgellm_attn_backend hs = s;
                int32_t acc[16], em = 0, qi[16];
                uint32_t ws = 0;
                edgellm_kv_rows kr, vr;
                hs.head = hd_head;
                seam_codes(&P, &hs, &hd_mode, &hd_code, -4322, "head");
                hd_mode = 2;
                CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "a wsum of 0 gives EDGELLM_ERR_BACKEND");
                hd_mode = 3;
                CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "an emax of 128 gives EDGELLM_ERR_BACKEND");
                hd_mode = 4;
                CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "an emax of -129 gives EDGELLM_ERR_BACKEND");
                hd_mode = 0;
                memset(&kr, 0, sizeof kr);
                memset(qi, 0, sizeof qi);
                vr = kr;
                CHECK(edgellm_attn_head_ref(NULL, NULL, &vr, qi, 0, 23, 23, acc, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(NULL k)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, NULL, qi, 0, 23, 23, acc, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(NULL v)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, NULL, 0, 23, 23, acc, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(NULL qi)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, qi, 0, 23, 23, NULL, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(NULL acc)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, qi, 0, 23, 23, acc, NULL, &em) == EDGELLM_ERR_ARG, "head_ref(NULL wsum)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, qi, 0, 23, 23, acc, &ws, NULL) == EDGELLM_ERR_ARG, "head_ref(NULL emax)");
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, qi, 0, 31, 23, acc, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(qw 31)");
                kr.n = 2; vr.n = 1;
                CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, qi, 0, 23, 23, acc, &ws, &em) == EDGELLM_ERR_ARG, "head_ref(n differ)");
                {   /* two positions by hand: dots 300 and 0 (m8 128, e 0, sigma 7: u = 300 and 0), qw 23:
                       w = 2^23 and exp2n(300, 23) = rshr(X[1] - rshr((X[1] - X[2]) * 44, 8), 7 + 0) with
                       X[1] = 1070838486, X[2] = 1067942999: 1070838486 - 497662 = 1070340824, >> 7 rounded
                       8362038; wsum 16750646 (bitlen 24, b = 1 for vb 23); emax over V's e (3 and 5) = 5;
                       p = rshr(2^23 * 200, 5 - 3 + 8 + 1) = 819200, rshr(8362038 * 100, 5 - 5 + 9) =
                       1633211; acc_0 = 819200 * 2 + 1633211 * -1 = 5189 */
                    int8_t kv[32] = {3}, vv[32] = {2};
                    uint8_t ks[4] = {128, 0, 128, 0}, vs[4] = {200, 3, 100, 5};
                    int32_t q1[16] = {100};
                    vv[16] = -1;
                    kr.n = vr.n = 2; kr.hd = vr.hd = 16; kr.stride = vr.stride = 16; kr.sstride = vr.sstride = 2;
                    kr.data = kv; kr.scales = ks; vr.data = vv; vr.scales = vs;
                    CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, q1, 7, 23, 23, acc, &ws, &em) == EDGELLM_OK &&
                          ws == 16750646u && em == 5 && acc[0] == 5189 && acc[1] == 0,
                          "head_ref by hand: wsum %u (16750646), emax %d (5), acc %d (5189)", ws, em, acc[0]);
                    vs[0] = 0;   /* position 0's V scale 0: its p is 0 and its e no longer counts... */
                    vs[1] = 9;   /* ...though it is the larger: emax 5 still */
                    CHECK(edgellm_attn_head_ref(NULL, &kr, &vr, q1, 7, 23, 23, acc, &ws, &em) == EDGELLM_OK && em == 5 &&
                          acc[0] == -1633211, "head_ref, a zero V scale: emax %d (5), acc %d (-1633211)", em, acc[0]);
                }
                CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "set_attention back without head");
            }
            tb.fail_store = -5000;
            CHECK(edgellm_feed(&P.b, 9) == -5000 && P.b.pos == pos, "store's -5000 passed on");
            tb.fail_store = 3;
            CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "store's 3 gives EDGELLM_ERR_BACKEND");
            tb.fail_at_dot = 1;
            CHECK(edgellm_feed(&P.b, 9) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "a dot product out of its bounds gives EDGELLM_ERR_BACKEND");
            for (i = 0, same = 1; i < 5u && same; i++) same = pair_step(&P);
            CHECK(same, "after the failures, the stream continues identical to software");
            /* a store failing during the catch-up: nothing fed, and the next feed catches up */
            CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "reinstall");
            tb.fail_store = -42;
            pos = P.b.pos;
            CHECK(edgellm_feed(&P.b, 3) == -42 && P.b.pos == pos, "a catch-up store's -42 passed on");
            memset(tb.stored, 0, sizeof(unsigned) * P.m.n_layers * P.n);
            tb.check_first = 1;
            tb.last = -1;
            for (i = 0, same = 1; i < 5u && same; i++) same = pair_step(&P);
            CHECK(same && tb.first_bad == 0 && tb.bad == 0, "after a failed catch-up: same %u, %u not stored once", same, tb.first_bad);
            CHECK(tb_same_cache(&tb, &P.b, P.b.pos), "after the failures: the backend's copy equals the arena's cache");
            tb_free(&tb);
        } else {
            CHECK(0, "synthetic i8 model and contexts");
        }
        pair_close(&P);
        /* the 16-bit cache is refused */
        kf = synth_model(64, 4, 2, 1, ELM_WT_T2, 1, &len);
        CHECK(kf && edgellm_model_load(&mk, kf, len) == EDGELLM_OK && (mk.flags & EDGELLM_FLAG_KV16), "a KV16 model");
        if (kf && mk.valid) {
            tb_backend t;
            edgellm_ctx_size(&mk, 8, &need);
            mem = (unsigned char *)aligned_alloc(16, (need + 15u) & ~(size_t)15u);
            tb_init(&t, &mk, 8);
            s = tb_seam(&t);
            CHECK(edgellm_ctx_init(&raw, &mk, 8, mem, need) == EDGELLM_OK, "KV16 ctx");
            CHECK(edgellm_set_attention(&raw, &s) == EDGELLM_ERR_ATTN_KV16, "KV16: EDGELLM_ERR_ATTN_KV16");
            CHECK(edgellm_set_attention(&raw, NULL) == EDGELLM_OK, "KV16: no backend is fine");
            CHECK(edgellm_feed(&raw, 1) == EDGELLM_OK && t.stores + t.dots == 0, "KV16: attention in software");
            CHECK(!strcmp(edgellm_result_string(EDGELLM_ERR_ATTN_KV16), "attention backends need the 8-bit KV cache") ||
                      !edgellm_result_string(EDGELLM_ERR_ATTN_KV16)[0],
                  "the text of EDGELLM_ERR_ATTN_KV16");
            tb_free(&t);
            free(mem);
        }
        free(kf);
    }
    /* 4: the _ref sums against a plain loop, random and extreme inputs */
    {
        enum { NP = 50, HDM = 64, STM = 80 };
        static int8_t kv[NP * STM];
        static int32_t qi[HDM], pw[NP], out[NP > HDM ? NP : HDM];
        unsigned trial, bad = 0;
        edgellm_kv_rows r;
        for (trial = 0; trial < 3000; trial++) {
            uint32_t hd = trial % 4u == 0 ? 64u : 2u * (1u + rnd() % 32u), n = 1u + rnd() % NP, stride = hd + rnd() % (STM - hd + 1u);
            int32_t qmax = (int32_t)(65535u / hd), mode = (int32_t)(trial % 5u), plim = (1 << 24) / (int32_t)n;
            uint32_t t, i, ext = rnd() % n;
            for (i = 0; i < NP * STM; i++)
                kv[i] = (int8_t)(mode == 1 ? -128 : mode == 2 ? 127 : mode == 3 ? (rnd() & 1u ? -128 : 127) : (int)(rnd() % 256u) - 128);
            for (i = 0; i < hd; i++) qi[i] = mode == 1 || mode == 2 ? (trial & 8u ? -qmax : qmax) : mode == 3 ? (rnd() & 1u ? qmax : -qmax) : rnd_in(-qmax, qmax);
            for (t = 0; t < n; t++) pw[t] = mode == 4 ? 0 : rnd() % 4u == 0 ? 0 : (int32_t)(rnd() % (uint32_t)plim);
            if (mode == 1 || mode == 2 || mode == 3) {   /* one position at the bound 2^24 - 1, the rest 0 */
                for (t = 0; t < n; t++) pw[t] = 0;
                pw[ext] = (1 << 24) - 1;
            }
            r.data = kv;
            r.stride = stride;
            r.layer = trial % 3u;
            r.kv_head = trial % 2u;
            r.n = n;
            r.hd = hd;
            for (i = 0; i < NP; i++) out[i] = 0x5A5A5A5A;
            if (edgellm_attn_dots_ref((void *)&trial, &r, qi, out) != EDGELLM_OK) bad++;
            for (t = 0; t < n; t++) {
                int64_t d = 0;
                for (i = 0; i < hd; i++) d += (int64_t)qi[i] * kv[t * stride + i];
                bad += d != out[t];
            }
            for (t = n; t < NP; t++) bad += out[t] != 0x5A5A5A5A;
            for (i = 0; i < HDM; i++) out[i] = 0x5A5A5A5A;
            if (edgellm_attn_vsum_ref(NULL, &r, pw, out) != EDGELLM_OK) bad++;
            for (i = 0; i < hd; i++) {
                int64_t a = 0;
                for (t = 0; t < n; t++) a += (int64_t)pw[t] * kv[t * stride + i];
                bad += a != out[i];
            }
            for (i = hd; i < HDM; i++) bad += out[i] != 0x5A5A5A5A;
        }
        CHECK(bad == 0, "edgellm_attn_dots_ref / vsum_ref: %u mismatches in 3000 trials", bad);
        r.data = kv; r.stride = 8; r.n = 1; r.hd = 8; r.layer = r.kv_head = 0;
        CHECK(edgellm_attn_dots_ref(NULL, NULL, qi, out) == EDGELLM_ERR_ARG && edgellm_attn_dots_ref(NULL, &r, NULL, out) == EDGELLM_ERR_ARG &&
                  edgellm_attn_dots_ref(NULL, &r, qi, NULL) == EDGELLM_ERR_ARG, "edgellm_attn_dots_ref: NULL pointers");
        CHECK(edgellm_attn_vsum_ref(NULL, NULL, pw, out) == EDGELLM_ERR_ARG && edgellm_attn_vsum_ref(NULL, &r, NULL, out) == EDGELLM_ERR_ARG &&
                  edgellm_attn_vsum_ref(NULL, &r, pw, NULL) == EDGELLM_ERR_ARG, "edgellm_attn_vsum_ref: NULL pointers");
        r.data = NULL;
        CHECK(edgellm_attn_dots_ref(NULL, &r, qi, out) == EDGELLM_ERR_ARG && edgellm_attn_vsum_ref(NULL, &r, pw, out) == EDGELLM_ERR_ARG,
              "the _ref sums: NULL rows");
    }
}

/* ---------------------------------------------------------------- q16 matrix backends */
/* a test q16 backend: the driver's software path (edgellm_matvec_ref, then
   edgellm_requant_ref); it checks S16 against the manual's ranges and the input's padding
   (x[cols .. cols_pad) is 0, as quant8 promises), and can be told to fail */
typedef struct qb_backend {
    unsigned calls, bad, pad_bad;
    int fail;                       /* returned (once) instead of OK when nonzero, */
    unsigned fail_skip;             /* after this many more calls */
    int32_t emin, emax;             /* the exponents seen */
} qb_backend;
static int qb_matvec(void *user, const edgellm_matrix *m, const int8_t *x, int32_t s16_m, int32_t s16_e, int32_t *y) {
    qb_backend *b = (qb_backend *)user;
    int r;
    b->calls++;
    if (b->fail && !b->fail_skip--) { r = b->fail; b->fail = 0; b->fail_skip = 0; return r; }
    if (s16_m == 0 ? s16_e != 0 : s16_m < (1 << 30) || s16_e < -128 || s16_e > 40) b->bad++;
    if (s16_m && s16_e < b->emin) b->emin = s16_e;
    if (s16_m && s16_e > b->emax) b->emax = s16_e;
    {
        uint32_t c;
        for (c = m->cols; c < m->cols_pad; c++) b->pad_bad += x[c] != 0;
    }
    if ((r = edgellm_matvec_ref(m, x, y)) != EDGELLM_OK) return r;
    return edgellm_requant_ref(m, s16_m, s16_e, y);
}
static void qb_init(qb_backend *b) {
    memset(b, 0, sizeof *b);
    b->emin = 1 << 30;
    b->emax = -(1 << 30);
}
/* a raw backend that counts its calls (edgellm_matvec_ref underneath) */
static unsigned raw_calls;
static int raw_matvec(void *user, const edgellm_matrix *m, const int8_t *x, int32_t *y) {
    (void)user;
    raw_calls++;
    return edgellm_matvec_ref(m, x, y);
}

/* the manual's requantization of one row, in plain 64/128-bit arithmetic:
   mulshift(y, rshr(sm * mr, 32), sh - se - 32), rshr rounding half up, sat32 */
static int32_t requant_plain(int32_t y, int32_t sm, int32_t se, int32_t mr, int32_t sh) {
    int64_t c = rshr64_ref((int64_t)sm * mr, 32), s = (int64_t)sh - se - 32;
    i128 p = (i128)y * c;
    if (s > 0) return s >= 100 ? 0 : sat_ref((p + ((i128)1 << (s - 1))) >> s);
    if (p == 0) return 0;
    if (s < -64) return p > 0 ? 2147483647 : (int32_t)-2147483648LL;
    return sat_ref(p * ((i128)1 << -s));
}

static void test_q16_backend(void) {
    static const struct { const char *name; int dim, heads, kv, layers, wtype, kv16; } syn[] = {
        {"synthetic t2 dim 64, 4 heads, 2 kv heads", 64, 4, 2, 2, ELM_WT_T2, 0},
        {"synthetic i8 dim 32, 4 heads of 8, 1 kv head", 32, 4, 1, 2, ELM_WT_I8, 0},
        {"synthetic t1 dim 48, 3 heads, 3 kv heads", 48, 3, 3, 3, ELM_WT_T1, 0},
        {"synthetic i8 dim 128, 2 heads of 64, 1 kv head", 128, 2, 1, 1, ELM_WT_I8, 0},
        {"synthetic t2 dim 64, 16-bit KV cache", 64, 4, 2, 2, ELM_WT_T2, 1},
    };
    static const char *files[] = {"examples/models/default.elm", "examples/models/zybo.elm"};
    enum { NSYN = sizeof syn / sizeof syn[0] };
    unsigned k;
    int32_t emin = 1 << 30, emax = -(1 << 30);
    /* 1: whole streams through the q16 seam, alone and with an attention backend */
    for (k = 0; k < NSYN + 2u; k++) {
        attn_pair P;
        qb_backend qb;
        tb_backend tb;
        edgellm_attn_backend s = {0};
        size_t len = 0;
        unsigned char *file = k < NSYN ? synth_model(syn[k].dim, syn[k].heads, syn[k].kv, syn[k].layers, syn[k].wtype, syn[k].kv16, &len)
                                       : read_file(files[k - NSYN], &len);
        const char *name = k < NSYN ? syn[k].name : files[k - NSYN];
        uint32_t i, same = 1, per;
        if (!pair_open(&P, file, len, 80)) { CHECK(0, "q16 %s: model and contexts", name); pair_close(&P); continue; }
        per = edgellm_model_matrix_count(&P.m);
        qb_init(&qb);
        CHECK(P.b.matvec_q16 == NULL, "q16 %s: ctx_init installs no q16 backend", name);
        raw_calls = 0;
        edgellm_set_backend(&P.b, raw_matvec, NULL);
        edgellm_set_backend_q16(&P.b, qb_matvec, &qb);
        for (i = 0; i < P.n && same; i++) same = pair_step(&P);
        CHECK(same, "q16 %s: logits differ from software at position %u", name, i - 1u);
        CHECK(qb.calls == P.n * per && qb.bad == 0 && raw_calls == 0, "q16 %s: %u calls (%u expected), %u S16 out of range, raw seam called %u times",
              name, qb.calls, P.n * per, qb.bad, raw_calls);
        CHECK(qb.pad_bad == 0, "q16 %s: %u nonzero bytes in the inputs' padding (cols .. cols_pad)", name, qb.pad_bad);
        if (qb.emin < emin) emin = qb.emin;
        if (qb.emax > emax) emax = qb.emax;
        /* again from a reset, with an attention backend at the same time (8-bit cache only) */
        CHECK(edgellm_ctx_reset(&P.a) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK, "q16 %s: reset", name);
        tb_init(&tb, &P.m, P.n);
        s = tb_seam(&tb);
        if (!(k < NSYN && syn[k].kv16)) {
            CHECK(edgellm_set_attention(&P.b, &s) == EDGELLM_OK, "q16 %s: set_attention", name);
            qb.calls = 0;
            for (i = 0, same = 1; i < P.n && same; i++) same = pair_step(&P);
            CHECK(same, "q16 %s with an attention backend: logits differ from software at position %u", name, i - 1u);
            CHECK(qb.calls == P.n * per && qb.bad == 0 && tb.dots == P.n * P.m.n_layers * P.m.n_heads && tb.bad == 0,
                  "q16 %s with an attention backend: %u q16 calls, %u dots calls, %u + %u broken rules", name, qb.calls, tb.dots, qb.bad, tb.bad);
            /* removed mid-stream: the raw seam and software requantization, the same logits */
            CHECK(edgellm_ctx_reset(&P.a) == EDGELLM_OK && edgellm_ctx_reset(&P.b) == EDGELLM_OK, "q16 %s: reset", name);
        }
        qb.calls = 0;
        for (i = 0, same = 1; i < 10u && same; i++) same = pair_step(&P);
        edgellm_set_backend_q16(&P.b, NULL, NULL);
        CHECK(P.b.matvec_q16 == NULL && P.b.matvec_q16_user == NULL && P.b.matvec == raw_matvec, "q16 %s: removed, the raw backend kept", name);
        for (i = 0; i < 10u && same; i++) same = pair_step(&P);
        CHECK(same && qb.calls == 10u * per && raw_calls == 10u * per, "q16 %s: removed mid-stream: same %u, %u q16 calls, %u raw calls (%u each expected)",
              name, same, qb.calls, raw_calls, 10u * per);
        edgellm_set_backend(&P.b, NULL, NULL);
        for (i = 0; i < 5u && same; i++) same = pair_step(&P);
        CHECK(same && raw_calls == 10u * per && qb.calls == 10u * per, "q16 %s: both seams removed", name);
        tb_free(&tb);
        pair_close(&P);
    }
    CHECK(emin >= -128 && emax <= 40, "q16: S16 exponents seen in [%d, %d]", (int)emin, (int)emax);
    /* 2: result codes, a stream that continues identical after failures, ctx_init clears */
    {
        attn_pair P;
        qb_backend qb;
        size_t len = 0, need;
        unsigned char *file = synth_model(64, 4, 2, 2, ELM_WT_I8, 0, &len);
        uint32_t i, same = 1, pos, per, bad = 0;
        if (pair_open(&P, file, len, 40)) {
            per = edgellm_model_matrix_count(&P.m);
            qb_init(&qb);
            edgellm_set_backend_q16(NULL, qb_matvec, &qb);   /* a NULL context: nothing happens */
            edgellm_set_backend_q16(NULL, NULL, NULL);
            edgellm_set_backend_q16(&P.b, qb_matvec, &qb);
            for (i = 0; i < 5u && same; i++) same = pair_step(&P);
            CHECK(same && qb.calls == 5u * per, "q16: before the failures");
            pos = P.b.pos;
            qb.fail = -1234;
            CHECK(edgellm_feed(&P.b, 7) == -1234 && P.b.pos == pos, "q16: the backend's -1234 passed on, pos stays %u (now %u)", pos, P.b.pos);
            qb.fail = 5;
            CHECK(edgellm_feed(&P.b, 7) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "q16: the backend's 5 gives EDGELLM_ERR_BACKEND");
            qb.fail = 1;
            CHECK(edgellm_feed(&P.b, 7) == EDGELLM_ERR_BACKEND && P.b.pos == pos, "q16: the backend's 1 gives EDGELLM_ERR_BACKEND");
            qb.fail = EDGELLM_ERR_ARG;
            CHECK(edgellm_feed(&P.b, 7) == EDGELLM_ERR_ARG && P.b.pos == pos, "q16: the backend's EDGELLM_ERR_ARG passed on");
            for (i = 0; i < per; i++) {   /* a failure at each product of a position: the feed stops there */
                qb.calls = 0;
                qb.fail = -1000 - (int)i;
                qb.fail_skip = i;
                bad += edgellm_feed(&P.b, 7) != -1000 - (int)i || P.b.pos != pos || qb.calls != i + 1u || qb.fail != 0;
            }
            CHECK(bad == 0, "q16: failures at each of the %u products of a position: %u not passed on as they should", per, bad);
            for (i = 0, same = 1; i < 5u && same; i++) same = pair_step(&P);
            CHECK(same && qb.bad == 0, "q16: after the failures, the stream continues identical to software");
            edgellm_set_backend_q16(&P.b, NULL, NULL);
            qb.calls = 0;
            for (i = 0, same = 1; i < 3u && same; i++) same = pair_step(&P);
            CHECK(same && qb.calls == 0, "q16: removed, software again, identical (%u calls)", qb.calls);
            edgellm_set_backend_q16(&P.b, qb_matvec, &qb);
            CHECK(edgellm_ctx_size(&P.m, P.n, &need) == EDGELLM_OK && edgellm_ctx_init(&P.b, &P.m, P.n, P.mb, need) == EDGELLM_OK &&
                      P.b.matvec_q16 == NULL && P.b.matvec_q16_user == NULL && edgellm_feed(&P.b, 5) == EDGELLM_OK && qb.calls == 0,
                  "q16: ctx_init leaves no q16 backend");
        } else {
            CHECK(0, "q16: synthetic i8 model and contexts");
        }
        pair_close(&P);
    }
    /* 3: edgellm_requant_ref against the manual's formula row by row, random and extreme values */
    {
        enum { RM = 67 };
        static edgellm_scale sc[RM];
        static int32_t y[RM + 1], y0[RM];
        static const int32_t ys[] = {0, 1, -1, 2, -2, 1 << 30, -(1 << 30), 2147483647, -2147483647 - 1, 65535, -65536, 2147483646, -2147483647};
        static const int32_t ss[] = {-136, -64, -63, -62, -33, -32, -31, -30, -2, -1, 0, 1, 2, 3, 30, 31, 32, 33, 34, 61, 62, 63, 64, 65, 100, 224};
        static const int32_t es[] = {-2147483647 - 1, 2147483647, 1 << 24, -(1 << 24), (1 << 24) + 1, -(1 << 24) - 1, 1 << 28, -(1 << 28), 1000, -1000};
        unsigned trial, bad = 0, cat[4] = {0, 0, 0, 0}, rows_checked = 0;
        edgellm_matrix m;
        for (trial = 0; trial < 4000; trial++) {
            uint32_t rows = trial % 7u == 0 ? 4u * (1u + rnd() % 16u) : 1u + rnd() % RM, r;
            int mode = (int)(trial % 6u);   /* 0 random, 1 extreme y, 2 all shifts 1..62 and small y, 3 zero scales, 4 extreme S16, 5 s16_m = 0 */
            int32_t sm = rnd() % 4u == 0 ? (rnd() & 1u ? 1 << 30 : 2147483647) : (int32_t)((1u << 30) + rnd() % (1u << 30));
            int32_t se = rnd_in(-128, 40);
            if (rnd() % 8u == 0) sm = (int32_t)(rnd() >> 1);   /* any 0 <= s16_m < 2^31 */
            if (mode == 4) se = es[rnd() % (sizeof es / sizeof es[0])];
            if (mode == 5) { sm = 0; se = rnd() & 1u ? 0 : rnd_in(-128, 40); }
            m.type = 1u + rnd() % 3u;
            m.rows = rows;
            m.cols = 1u + rnd() % 4000u;
            m.cols_pad = (m.cols + 79u) / 80u * 80u;
            m.stride = 0;
            m.data = NULL;
            m.scales = sc;
            m.index = trial;
            for (r = 0; r < rows; r++) {
                int32_t s = rnd() % 3u == 0 ? ss[rnd() % (sizeof ss / sizeof ss[0])] : rnd_in(-140, 230), sh;
                if (mode == 2) s = rnd_in(1, 62);
                sh = (int32_t)((int64_t)s + se + 32);
                if (sh < -64 || sh > 128) sh = rnd_in(-64, 128);
                sc[r].mult = rnd() % 5u == 0 ? (rnd() & 1u ? 1 << 30 : 2147483647) : (int32_t)((1u << 30) + rnd() % (1u << 30));
                sc[r].shift = sh;
                if (mode == 3 ? rnd() % 2u == 0 : rnd() % 16u == 0) sc[r].mult = sc[r].shift = 0;
                y[r] = mode == 1 || rnd() % 8u == 0 ? ys[rnd() % (sizeof ys / sizeof ys[0])] : rnd_i32();
                if (mode == 2) y[r] = (int32_t)(rnd() % 65536u) - 32768;
                y0[r] = y[r];
            }
            y[rows] = 0x5A5A5A5A;
            if (edgellm_requant_ref(&m, sm, se, y) != EDGELLM_OK) bad++;
            for (r = 0; r < rows; r++) {
                int64_t s = (int64_t)sc[r].shift - se - 32;
                int32_t want = requant_plain(y0[r], sm, se, sc[r].mult, sc[r].shift);
                if (y[r] != want) {
                    if (bad < 5)
                        printf("FAIL requant_ref: y %d, S16 (%d, %d), scale (%d, %d): %d, expected %d\n", (int)y0[r], (int)sm, (int)se,
                               (int)sc[r].mult, (int)sc[r].shift, (int)y[r], (int)want);
                    bad++;
                }
                if (sm && sc[r].mult && y0[r]) cat[s <= 0 ? 0 : s <= 31 ? 1 : s == 32 ? 2 : 3]++;
                rows_checked++;
            }
            bad += y[rows] != 0x5A5A5A5A;
        }
        CHECK(bad == 0, "edgellm_requant_ref: %u mismatches with the manual's formula in %u rows", bad, rows_checked);
        CHECK(cat[0] > 100 && cat[1] > 100 && cat[2] > 20 && cat[3] > 100, "requant_ref trials: shifts <= 0: %u, 1..31: %u, 32: %u, >= 33: %u",
              cat[0], cat[1], cat[2], cat[3]);
        /* argument checks: nothing written */
        m.rows = 2;
        m.scales = sc;
        y[0] = 11;
        y[1] = 12;
        CHECK(edgellm_requant_ref(NULL, 1 << 30, 0, y) == EDGELLM_ERR_ARG, "requant_ref(NULL m)");
        CHECK(edgellm_requant_ref(&m, 1 << 30, 0, NULL) == EDGELLM_ERR_ARG, "requant_ref(NULL y)");
        CHECK(edgellm_requant_ref(&m, -1, 0, y) == EDGELLM_ERR_ARG && edgellm_requant_ref(&m, -2147483647 - 1, 0, y) == EDGELLM_ERR_ARG,
              "requant_ref(s16_m < 0)");
        m.scales = NULL;
        CHECK(edgellm_requant_ref(&m, 1 << 30, 0, y) == EDGELLM_ERR_ARG, "requant_ref(NULL scales)");
        CHECK(y[0] == 11 && y[1] == 12, "requant_ref: nothing written on errors");
        m.rows = 0;
        CHECK(edgellm_requant_ref(&m, 1 << 30, 0, y) == EDGELLM_OK && y[0] == 11, "requant_ref: no rows");
    }
}

/* matvec kernel against the documented decode, every type, many shapes, extremes */
static void test_kernel(void) {
    int type, trial, bad = 0, total = 0;
    for (type = 1; type <= 3; type++)
        for (trial = 0; trial < 60; trial++) {
            /* the last twelve trials: long rows, past the int16 sums' widening points of the
               accelerated forms (e.g. 24 T1 or 32 T2 blocks), extreme inputs included */
            uint32_t rows = 1 + rnd() % 40, cols = trial < 48 ? 1 + rnd() % 300 : 1800 + rnd() % 2600, cp, st, r, c;
            int mode = trial % 6;
            if (trial % 5 == 4) cols = 49u + rnd() % 16u;   /* 64 padded columns: the scalar cores' sixteen-row form */
            signed char *q;
            int8_t *x;
            unsigned char *data;
            int32_t *y;
            edgellm_matrix m;
            mw__geometry(type, cols, &cp, &st);
            q = (signed char *)malloc((size_t)rows * cols);
            x = (int8_t *)calloc(cp, 1);
            data = (unsigned char *)malloc((size_t)rows * st);
            y = (int32_t *)malloc(4 * rows);
            for (r = 0; r < rows * cols; r++) {
                int v = type == 3 ? (int)(rnd() % 256) - 128 : (int)(rnd() % 3) - 1;
                if (mode == 1) v = type == 3 ? -128 : 1;
                if (mode == 2) v = -1;
                if (mode == 3) v = 0;
                q[r] = (signed char)v;
            }
            for (c = 0; c < cols; c++) x[c] = (int8_t)(mode == 1 || mode == 4 ? -128 : (int)(rnd() % 256) - 128);
            for (r = 0; r < rows; r++) mw__pack_row(type, q + (size_t)r * cols, cols, cp, data + (size_t)r * st);
            m.type = (uint32_t)type; m.rows = rows; m.cols = cols; m.cols_pad = cp; m.stride = st; m.data = data;
            m.scales = NULL; m.index = 0;
            CHECK(edgellm_matvec_ref(&m, x, y) == EDGELLM_OK, "matvec result");
            for (r = 0; r < rows; r++) {
                int64_t ref = 0;
                for (c = 0; c < cols; c++) {
                    ref += (int64_t)q[(size_t)r * cols + c] * x[c];
                    if (edgellm__weight(&m, r, c) != q[(size_t)r * cols + c]) bad++;
                }
                total++;
                if (ref != y[r]) bad++;
            }
            if (!edgellm__check_weights(&m)) bad++;
            free(q); free(x); free(data); free(y);
        }
    CHECK(bad == 0, "matvec/decode mismatches: %d of %d rows", bad, total);
    {   /* T1: exactly 243 valid bytes, each decoding to its trits */
        int valid = 0, b, ok = 1;
        uint32_t v, k;
        for (b = 0; b < 256; b++) valid += edgellm__t1_valid((uint32_t)b);
        for (v = 0; v < 243; v++) {
            uint32_t byte = edgellm__t1_encode(v), t = v;
            for (k = 5; k-- > 0;) { if ((uint32_t)edgellm__t1_trit(byte, k) != t % 3) ok = 0; t /= 3; }
        }
        CHECK(valid == 243, "valid T1 bytes: %d", valid);
        CHECK(ok, "T1 round trip");
    }
}

/* the first index where a and b differ (n - 1 when none) */
static uint32_t first_diff(const uint32_t *a, const uint32_t *b, uint32_t n) {
    uint32_t i;
    for (i = 0; i + 1 < n; i++) if (a[i] != b[i]) break;
    return i;
}

static void test_sampler(void) {
    int32_t logits[8] = {5, 9, 9, -3, 0, 9, 1, 2};
    uint32_t tok = 99, i, counts[4] = {0, 0, 0, 0};
    uint64_t st = 0;
    edgellm_sampler s;
    CHECK(edgellm_argmax(logits, 8, &tok) == EDGELLM_OK && tok == 1, "argmax ties to lowest id: %u", tok);
    edgellm_sampler_init(&s, 65536, 0, 65536, 0);
    CHECK(s.rng == 0x9E3779B97F4A7C15ull, "seed 0 state");
    st = 1;
    tok = edgellm_rng_u32(&st);
    CHECK(tok == 1206177355u, "xorshift64* first output %u", tok);
    {
        /* sampling statistics on a tiny context-free setup: build a fake context */
        edgellm_model mdl;
        edgellm_ctx ctx;
        uint8_t mem[256] = {0};
        memset(&mdl, 0, sizeof mdl);
        mdl.vocab = 4;
        mdl.valid = EDGELLM__MODEL_OK;
        memset(&ctx, 0, sizeof ctx);
        ctx.model = &mdl;
        ctx.valid = EDGELLM__CTX_OK;
        mdl.data = mem + 128;
        ctx.model_data = mdl.data;
        ctx.model_crc = 0;
        ctx.mem = mem;
        ctx.off[EDGELLM__SAMP] = 64;
        ctx.logits = (int32_t *)(void *)mem;
        /* logits ln(1), ln(2), ln(3), ln(4) at T = 1: p = .1 .2 .3 .4 */
        for (i = 0; i < 4; i++) ctx.logits[i] = (int32_t)lround(log(i + 1.0) * 65536);
        edgellm_sampler_init(&s, 65536, 0, 65536, 7);
        for (i = 0; i < 40000; i++) if ((tok = sample(&ctx, &s)) < 4) counts[tok]++;
        CHECK(abs((int)counts[0] - 4000) < 300 && abs((int)counts[3] - 16000) < 500, "sampling frequencies %u %u %u %u",
              counts[0], counts[1], counts[2], counts[3]);
        edgellm_sampler_init(&s, 65536, 1, 65536, 7);
        for (i = 0; i < 100; i++) if (sample(&ctx, &s) != 3) break;
        CHECK(i == 100, "top-k 1 is greedy");
        edgellm_sampler_init(&s, 65536, 0, 0, 7);
        for (i = 0; i < 100; i++) if (sample(&ctx, &s) != 3) break;
        CHECK(i == 100, "top-p 0 keeps one token");
        memset(counts, 0, sizeof counts);
        edgellm_sampler_init(&s, 65536, 0, 45875 /* 0.7 */, 7);
        for (i = 0; i < 20000; i++) if ((tok = sample(&ctx, &s)) < 4) counts[tok]++;
        CHECK(counts[0] == 0 && counts[1] == 0 && abs((int)counts[3] - 11428) < 400, "top-p 0.7 keeps {3, 2}: %u %u %u %u",
              counts[0], counts[1], counts[2], counts[3]);
        memset(counts, 0, sizeof counts);
        edgellm_sampler_init(&s, 65536, 2, 65536, 7);
        for (i = 0; i < 20000; i++) if ((tok = sample(&ctx, &s)) < 4) counts[tok]++;
        CHECK(counts[0] == 0 && counts[1] == 0 && counts[2] > 0, "top-k 2 keeps {3, 2}");
        edgellm_sampler_init(&s, 0, 0, 65536, 7);
        CHECK(edgellm_sample(&ctx, &s, &tok) == EDGELLM_OK && tok == 3, "temperature 0 is argmax");
        {   /* top-k larger than the vocabulary and top-p 1 are "off": the same stream as neither */
            edgellm_sampler a, b, c;
            uint32_t ta, tb, tc, same = 1;
            edgellm_sampler_init(&a, 65536, 0, 65536, 99);
            edgellm_sampler_init(&b, 65536, 1000, 65536, 99);
            edgellm_sampler_init(&c, 65536, 4, 70000, 99);
            for (i = 0; i < 500; i++) {
                ta = sample(&ctx, &a); tb = sample(&ctx, &b); tc = sample(&ctx, &c);
                same &= ta == tb && tb == tc;
            }
            CHECK(same, "top-k >= vocab and top-p >= 1 are off");
        }
        {   /* the streams of two settings, pinned (the PRNG, the weights, top-k and top-p
               together), and another seed gives another stream */
            static const uint32_t want_a[48] = {2, 2, 3, 3, 3, 2, 3, 3, 2, 3, 3, 3, 2, 1, 3, 3, 1, 1, 2, 2, 1, 3, 3, 1,
                                                 2, 3, 3, 2, 3, 3, 1, 1, 1, 3, 3, 3, 3, 1, 2, 1, 2, 3, 2, 3, 1, 3, 2, 1};
            static const uint32_t want_b[48] = {2, 2, 3, 3, 2, 3, 2, 2, 3, 2, 3, 2, 2, 3, 3, 2, 2, 3, 2, 2, 3, 3, 3, 2,
                                                 3, 2, 3, 2, 3, 3, 3, 2, 3, 2, 2, 3, 3, 3, 3, 2, 3, 2, 2, 3, 3, 2, 2, 3};
            edgellm_sampler a, b, c;
            uint32_t got_a[48], got_b[48], same = 1, differ = 0;
            edgellm_sampler_init(&a, 52429, 3, 58982, 123);
            edgellm_sampler_init(&b, 65536, 0, 45875, 9);
            edgellm_sampler_init(&c, 52429, 3, 58982, 124);
            for (i = 0; i < 48; i++) {
                got_a[i] = sample(&ctx, &a);
                got_b[i] = sample(&ctx, &b);
                differ += sample(&ctx, &c) != got_a[i];
            }
            for (i = 0; i < 48; i++) same &= got_a[i] == want_a[i];
            CHECK(same, "stream of T 0.8, top-k 3, top-p 0.9, seed 123: token %u is %u, pinned %u", first_diff(got_a, want_a, 48),
                  got_a[first_diff(got_a, want_a, 48)], want_a[first_diff(got_a, want_a, 48)]);
            for (same = 1, i = 0; i < 48; i++) same &= got_b[i] == want_b[i];
            CHECK(same, "stream of T 1, top-p 0.7, seed 9: token %u is %u, pinned %u", first_diff(got_b, want_b, 48),
                  got_b[first_diff(got_b, want_b, 48)], want_b[first_diff(got_b, want_b, 48)]);
            CHECK(differ > 0, "seed 124 gives the stream of seed 123");
        }
        CHECK(sample_bad == 0, "edgellm_sample failed %u of %u calls", sample_bad, sample_calls);
    }
    {   /* random logits and settings against the manual's rules (tests/ref_sampler.h):
           30000 small vocabularies with logits of every spread, some 2^31 or more below the
           largest; then 300 of 40000 tokens, one logit far above the rest (their weights 0 to
           a few units, the total near 2^16), where top-p's ceiling decides the prefix */
        enum { NMAX = 40000 };
        static uint8_t mem[64 + 12 * NMAX] __attribute__((aligned(16)));
        edgellm_model mdl;
        edgellm_ctx ctx;
        uint32_t t, bad = 0, edges = 0, far = 0, cut = 0;
        memset(&mdl, 0, sizeof mdl);
        memset(&ctx, 0, sizeof ctx);
        mdl.valid = EDGELLM__MODEL_OK;
        mdl.data = mem;
        ctx.model = &mdl;
        ctx.valid = EDGELLM__CTX_OK;
        ctx.model_data = mdl.data;
        ctx.model_crc = edgellm__rd32(mem + 12);
        ctx.mem = mem;
        ctx.logits = (int32_t *)(void *)(mem + 64);
        ctx.off[EDGELLM__SAMP] = 64 + 4 * NMAX;
        for (t = 0; t < 30300; t++) {
            edgellm_sampler sp;
            uint64_t rng;
            uint32_t n, k, want, got = 0xFFFFFFFFu, j, temp, topp;
            int edge = 0, r;
            if (t < 30000) {
                uint32_t spread = 1u << (rnd() % 31u);
                n = 2 + rnd() % 96u;
                for (j = 0; j < n; j++) ctx.logits[j] = (int32_t)(rnd() % spread) - (int32_t)(spread / 2u);
                if (t % 16u == 0) { ctx.logits[rnd() % n] = INT32_MIN + (int32_t)(rnd() % 1000u); ctx.logits[rnd() % n] = INT32_MAX; far++; }
                k = rnd() % 4u == 0 ? 0 : rnd() % (n + 2u);
                temp = 1u + rnd() % (1u << (8u + rnd() % 16u));
                topp = rnd() % 3u == 0 ? 65536u : rnd() % 65536u;
            } else {
                n = NMAX;
                for (j = 0; j < n; j++) ctx.logits[j] = -650000 - (int32_t)(rnd() % 150000u);
                ctx.logits[rnd() % n] = 0;
                k = rnd() % 2u == 0 ? 0 : 100u + rnd() % 30000u;
                temp = 65536u;
                topp = 1u + rnd() % 65535u;
            }
            mdl.vocab = n;
            edgellm_sampler_init(&sp, temp, k, topp, rnd());
            rng = sp.rng;
            want = ref_sample(ctx.logits, n, &sp, &rng, &edge);
            r = edgellm_sample(&ctx, &sp, &got);
            edges += edge;
            if (r != EDGELLM_OK || got != want || sp.rng != rng) {
                if (bad++ < 5) printf("FAIL %s:%d: trial %u: vocab %u T %u k %u p %u: sampled %u (code %d), the manual gives %u\n",
                                      __FILE__, __LINE__, t, n, sp.temperature, sp.top_k, sp.top_p, got, r, want);
            }
        }
        CHECK(bad == 0, "the sampler differs from the manual's rules in %u of 30300 random trials", bad);
        CHECK(edges >= 20, "only %u random trials where top-p's ceiling matters", edges);
        printf("sampler: 30300 random trials equal to the manual's rules (%u where top-p's ceiling decides, %u with a logit gap of 2^31 or more)\n", edges, far);
        /* the weights' cut-off: a logit whose mulsh(l_max - l_i, c15, sc) is exactly (q + 1)
           * 2^16 has the weight exp2n of that, rshr(2^30, 31) = 1; above it 0 */
        for (bad = 0, far = 0, t = 0; t < 200; t++) {
            edgellm_sampler sp;
            uint32_t n = 2u + rnd() % 60u, temp = 1u + rnd() % (1u << (8u + rnd() % 16u)), lim, d, j, got, *w;
            int q = 32 - edgellm__bitlen32(n), sc;
            uint32_t c15;
            uint64_t rng;
            int edge;
            if (q > 30) q = 30;
            lim = (uint32_t)(q + 1) << 16;
            c15 = edgellm__pf_m15(edgellm__pf_mul(edgellm__l2e(), edgellm__pf_recip(edgellm__pf_norm(temp, -16))), &sc);
            d = edgellm__mulsh_least(c15, sc, lim);   /* the least d with mulsh(d) >= lim */
            if (d >= 0x80000000u || sc < 1 || ((((uint64_t)d * c15) >> (sc - 1)) + 1u) >> 1 != lim) continue;   /* mulsh(d) != lim */
            far++;
            for (j = 0; j < n; j++) ctx.logits[j] = j == 0 ? 1000 : 1000 - (int32_t)d - (int32_t)(rnd() % 2u);
            mdl.vocab = n;
            edgellm_sampler_init(&sp, temp, 0, 65536u, rnd());
            rng = sp.rng;
            ref_sample(ctx.logits, n, &sp, &rng, &edge);
            if (edgellm_sample(&ctx, &sp, &got) != EDGELLM_OK) bad++;
            w = (uint32_t *)(void *)(ctx.mem + ctx.off[EDGELLM__SAMP]);
            for (j = 1; j < n; j++) {
                uint64_t m = ((((uint64_t)(uint32_t)(1000 - ctx.logits[j]) * c15) >> (sc - 1)) + 1u) >> 1;
                bad += w[j] != edgellm__exp2n(m > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)m, q);
                cut += ctx.logits[j] == 1000 - (int32_t)d;   /* weight 1 */
            }
            bad += w[0] != (1u << q) || sp.rng != rng;
        }
        CHECK(bad == 0 && far >= 50 && cut >= 500, "sampler weights at the cut-off: %u wrong in %u trials (%u weights of 1)", bad, far, cut);
    }
}

static void test_model_file(const char *model_path, const char *tsv_path) {
    size_t n, tn, need;
    unsigned char *data = read_file(model_path, &n), *txt;
    edgellm_model m;
    char *line;
    int lines = 0;
    if (!data) { CHECK(0, "cannot read %s", model_path); return; }
    CHECK(edgellm_model_load(&m, data, n) == EDGELLM_OK, "stories260K loads");
    /* the arena for stories260K at context 512 (16-bit KV cache), pinned */
    CHECK(edgellm_ctx_size(&m, 512, &need) == EDGELLM_OK && need == 381744, "arena bytes at ctx 512: %zu", need);
    {   /* guard bytes around an exact-size arena stay untouched over a generation */
        unsigned char *buf = (unsigned char *)aligned_alloc(16, need + 128);
        edgellm_ctx ctx;
        edgellm_sampler s;
        uint32_t tok = 1, i, ok = 1, toks_none[1] = {0};
        memset(buf, 0xA5, need + 128);
        CHECK(edgellm_ctx_init(&ctx, &m, 512, buf + 64, need) == EDGELLM_OK, "ctx init");
        {   /* its 16-bit KV cache: no attention backend */
            edgellm_attn_backend ab = {0};
            ab.store = ref_store;
            ab.dots = edgellm_attn_dots_ref;
            ab.vsum = edgellm_attn_vsum_ref;
            ab.user = NULL;
            CHECK(edgellm_set_attention(&ctx, &ab) == EDGELLM_ERR_ATTN_KV16, "stories260K refuses an attention backend");
        }
        edgellm_sampler_init(&s, 65536, 0, 58982, 3);
        for (i = 0; i < 512; i++) {
            if (edgellm_feed(&ctx, tok) != EDGELLM_OK || (tok = sample(&ctx, &s)) >= m.vocab) { ok = 0; break; }
        }
        CHECK(ok && ctx.pos == 512, "512 positions fed");
        CHECK(edgellm_feed(&ctx, tok) == EDGELLM_ERR_CONTEXT_FULL, "full context");
        CHECK(edgellm_prefill(&ctx, toks_none, 0) == EDGELLM_OK, "a prompt of no tokens is fed as nothing");
        CHECK(edgellm_ctx_reset(&ctx) == EDGELLM_OK && ctx.pos == 0 && edgellm_feed(&ctx, 1) == EDGELLM_OK,
              "reset context is usable");
        {   /* the model's memory changed under the context (another file in the same place) */
            unsigned char save = data[12];
            data[12] ^= 0x5A;
            CHECK(edgellm_feed(&ctx, 1) == EDGELLM_ERR_STATE, "context refuses a changed model");
            CHECK(edgellm_sample(&ctx, &s, &tok) == EDGELLM_ERR_STATE, "sampler refuses a changed model");
            data[12] = save;
            CHECK(edgellm_feed(&ctx, 1) == EDGELLM_OK, "and works again when it is restored");
        }
        for (i = 0; i < 64; i++) ok &= buf[i] == 0xA5 && buf[64 + need + i] == 0xA5;
        CHECK(ok, "guard bytes untouched");
        free(buf);
    }
    {   /* a version-1 file (the same layout) loads and runs under this arithmetic: the same
           logits as the version-2 file, token for token */
        unsigned char *v1 = (unsigned char *)malloc(n);
        size_t need1;
        edgellm_model m1;
        edgellm_ctx c1, c2;
        unsigned char *b1, *b2;
        uint32_t i, tok = 1, same = 1;
        uint32_t crc;
        memcpy(v1, data, n);
        v1[4] = 1; v1[5] = v1[6] = v1[7] = 0;
        v1[12] = v1[13] = v1[14] = v1[15] = 0;
        crc = edgellm_crc32(v1, n);
        v1[12] = (unsigned char)crc; v1[13] = (unsigned char)(crc >> 8); v1[14] = (unsigned char)(crc >> 16); v1[15] = (unsigned char)(crc >> 24);
        CHECK(data[4] == 2 && edgellm_model_load(&m1, v1, n) == EDGELLM_OK, "a version-1 file loads");
        CHECK(edgellm_ctx_size(&m, 64, &need1) == EDGELLM_OK, "ctx size");
        b1 = (unsigned char *)aligned_alloc(16, need1);
        b2 = (unsigned char *)aligned_alloc(16, need1);
        i = (uint32_t)edgellm_ctx_init(&c1, &m1, 64, b1, need1);
        CHECK(edgellm_ctx_init(&c2, &m, 64, b2, need1) == EDGELLM_OK && i == EDGELLM_OK, "contexts");
        for (i = 0; i < 64 && same; i++) {
            uint32_t k;
            same = edgellm_feed(&c1, tok) == EDGELLM_OK;
            same = edgellm_feed(&c2, tok) == EDGELLM_OK && same;
            for (k = 0; same && k < m.vocab; k++) same = c1.logits[k] == c2.logits[k];
            edgellm_argmax(c2.logits, m.vocab, &tok);
        }
        CHECK(same, "the version-1 file's logits differ from the version-2 file's at step %u", i);
        free(b1); free(b2); free(v1);
    }
    txt = read_file(tsv_path, &tn);
    if (!txt) { CHECK(0, "cannot read %s", tsv_path); return; }
    for (line = strtok((char *)txt, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t'), *p;
        uint32_t want[512], got[512], nw = 0, ng = 0, i;
        int same;
        if (!tab) continue;
        *tab = 0;
        for (p = tab + 1; *p;) { char *e; unsigned long v = strtoul(p, &e, 10); if (e == p) break; want[nw++] = (uint32_t)v; p = e; }
        CHECK(edgellm_encode(&m, line, strlen(line), 1, got, 512, &ng) == EDGELLM_OK, "encode '%s'", line);
        same = ng == nw;
        for (i = 0; same && i < nw; i++) same = got[i] == want[i];
        CHECK(same, "tokenization of '%s' (%u tokens, golden %u)", line, ng, nw);
        lines++;
    }
    CHECK(lines == 5, "golden tokenizer lines: %d", lines);
    free(txt);
    free(data);
}

/* the model's constants, which edgellm_ctx_init computes once into the arena: each RMSNorm's
   word is the OR of its gains' absolute values, read here from the directory's tensors; 1/dim
   and the attention's query scale as the manual computes them; the same at any context */
static void test_model_consts(void) {
    static const char *files[] = {"examples/models/default.elm", "examples/models/zybo.elm"};
    unsigned k;
    for (k = 0; k < 5u; k++) {
        size_t len = 0, need = 0;
        unsigned char *file = k < 3u ? synth_model(k == 2u ? 48 : 64, k == 2u ? 3 : 4, k == 2u ? 3 : 2, k + 1u,
                                                   k == 1u ? ELM_WT_I8 : ELM_WT_T2, k == 1u, &len)
                                     : read_file(files[k - 3u], &len);
        edgellm_model m;
        edgellm_ctx c1, c2;
        unsigned char *a1 = NULL, *a2 = NULL;
        const uint32_t *w1, *w2;
        uint32_t l, i, bad = 0, n;
        edgellm__pf rdim, cq;
        int gamma;
        if (!file || edgellm_model_load(&m, file, len) != EDGELLM_OK || edgellm_ctx_size(&m, m.seq_len, &need) != EDGELLM_OK) {
            CHECK(0, "model constants, model %u: load", k);
            free(file);
            continue;
        }
        a1 = (unsigned char *)aligned_alloc(16, (need + 15u) & ~(size_t)15u);
        a2 = (unsigned char *)aligned_alloc(16, (need + 15u) & ~(size_t)15u);
        memset(a1, 0x5A, need);
        CHECK(edgellm_ctx_init(&c1, &m, m.seq_len, a1, need) == EDGELLM_OK && edgellm_ctx_init(&c2, &m, 1, a2, need) == EDGELLM_OK,
              "model constants, model %u: ctx_init", k);
        n = 2u * m.n_layers + 1u;
        CHECK(need - c1.off[EDGELLM__MC] == ((4u * (n + 4u) + 15u) & ~15u), "model constants, model %u: %zu bytes (the arena's last)",
              k, need - c1.off[EDGELLM__MC]);
        w1 = (const uint32_t *)(const void *)(a1 + c1.off[EDGELLM__MC]);
        w2 = (const uint32_t *)(const void *)(a2 + c2.off[EDGELLM__MC]);
        for (l = 0; l < n; l++) {
            const uint8_t *g = l + 1u < n ? edgellm__tensor_data(&m, edgellm__layer_tensor(&m, l / 2u, (l & 1u) ? EDGELLM__T_FFN_NORM
                                                                                                             : EDGELLM__T_ATTN_NORM))
                                          : edgellm__final_norm(&m);
            uint32_t o = 0;
            for (i = 0; i < m.dim; i++) o |= edgellm__abs32(edgellm__rdi32(g + 4u * i));
            bad += w1[4u + l] != o || w2[4u + l] != o;
        }
        rdim = edgellm__pf_recip(edgellm__pf_norm(m.dim, 0));
        cq = edgellm__pf_mul(edgellm__pf_mul(edgellm__l2e(), edgellm__pf_rsqrt(edgellm__pf_norm(m.head_size, 0))),
                             edgellm__pf_recip(edgellm__pf_norm((m.flags & EDGELLM_FLAG_KV16) ? 128u : 127u, 0)));
        bad += w1[0] != (uint32_t)rdim.m || (int32_t)w1[1] != rdim.e || w1[2] != edgellm__pf_m15(cq, &gamma) || (int32_t)w1[3] != gamma;
        bad += memcmp(w1, w2, 4u * (n + 4u)) != 0;
        CHECK(bad == 0, "model constants, model %u (%u norms): %u words differ from the model's", k, n, bad);
        free(file);
        free(a1);
        free(a2);
    }
}

int main(int argc, char **argv) {
    test_arith();
    test_quant8();
    test_forms();
    test_relu2_q8();
    test_heads();
    test_attn_backend();
    test_q16_backend();
    test_model_consts();
    test_kernel();
    test_sampler();
    if (argc == 3) test_model_file(argv[1], argv[2]);
    else printf("skipped: stories260K's golden tokenization and arena size: no model given\n");
    printf("test_engine: %d passed, %d failed%s\n", passed, failed, argc == 3 ? "" : ", 1 skipped");
    return failed ? 1 : 0;
}
