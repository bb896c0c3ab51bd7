/* app.c - the edgellm firmware application, the same C file on every target.

   The model is linked in as read-only data (flash) and read in place; the arena is a
   static buffer whose size the build computed with edgellm_ctx_size() on the host
   (FW_ARENA_BYTES, or FW_ARENA_BYTES_NOLUT when the build leaves out the ternary lookup
   tables and fw_config.h has it), and which is checked again here, at start, against the
   engine's own query. The runs to make come from fw_config.h (generated from cases.txt):

     FW_IDS    generate's loop, exactly as `generate --ids` runs it: feed the prompt,
               then sample; STEPS counts positions, prompt included; stop early when
               the model produces BOS. Prints the same `ids: ...` line as the host.
     FW_TEXT   the same loop streaming text, as `generate` without --ids prints it
               (each token's piece as soon as it is known), between the lines
               `text begin` and `text end`.
     FW_BENCH  STEPS tokens generated after the prompt, timed with the target's
               instruction counter: one position fed and one token sampled per
               generated token. It does not stop at BOS, and when the context is full
               it starts over at position 0 (edgellm_ctx_reset), carrying the last
               token, so any STEPS fits any context.

   Finally it reports the stack's high-water mark from the painted stack, and exits
   through the platform: 0 when every run succeeded.

   Build with FW_HW defined to run every matrix-vector product on the accelerator
   through edgellm_hw.h (base address FW_HW_BASE), with FW_PROFILE to split the bench's
   count into the parts of the forward pass that edgellm.h's EDGELLM_PROFILE marks
   (common/engine.c defines it) and sampling; each counter read adds about a dozen
   instructions to the part it ends, and a simulation harness sees each part begin
   through fw_mark(FW_MARK_PART). With FW_HW, also: FW_HW_CROSSCHECK
   (every product in software too, compared), FW_HW_FALLBACK (a failed hardware product
   is computed in software; the faults are counted and printed), FW_HW_WAIT (the driver
   waits with the platform's fw_hw_wait instead of polling STATUS), FW_HW_POLL_LIMIT
   (the driver's hw->poll_limit). With FW_HELPERS (and tests/firmware/helpers.c
   linked with --wrap for each of the compiler's helper functions) the bench also
   prints how many helper calls each position fed and each token sampled made. Each
   position of a run is bracketed by fw_mark() calls, before its forward pass and after
   its token is known, so that a simulation harness can count each one. No libc: only
   fw.h's functions. */
#include "fw.h"
#ifdef FW_HW
#include "edgellm_hw.h"
#else
#include "edgellm.h"
#endif
#include "fw_config.h"

#ifndef FW_HW_BASE
#define FW_HW_BASE 0x44A00000u
#endif
/* gen_config.sh sizes these for the image's runs and model (the microbit's 16 KB) */
#ifndef FW_MAX_PROMPT
#define FW_MAX_PROMPT 128u   /* prompt tokens */
#endif
#ifndef FW_MAX_PIECE
#define FW_MAX_PIECE 1100u   /* a piece is at most 1024 bytes */
#endif
#ifndef FW_VOCAB
#define FW_VOCAB 0xFFFFFFFFu
#endif
#if FW_VOCAB <= 256u
typedef uint8_t fw_id;       /* a generated token id, kept until the bench prints them */
#elif FW_VOCAB <= 65536u
typedef uint16_t fw_id;
#else
typedef uint32_t fw_id;
#endif

enum { FW_IDS = 0, FW_BENCH = 1, FW_TEXT = 2 };

typedef struct fw_case {
    uint32_t kind, steps;
    uint32_t temperature, top_k, top_p;   /* Q16, as generate's -t/-k/-p become */
    uint64_t seed;
    const char *t_text, *p_text;          /* -t and -p as written in cases.txt */
    const char *prompt;
} fw_case;

static const fw_case fw_cases[] = {
#define FW_CASE(kind, steps, temp, t_text, top_k, top_p, p_text, seed, prompt) \
    {kind, steps, temp, top_k, top_p, seed, t_text, p_text, prompt},
    FW_CASES(FW_CASE)
#undef FW_CASE
};
#define FW_N_CASES (sizeof fw_cases / sizeof fw_cases[0])

#if defined(EDGELLM_NO_LUT) && defined(FW_ARENA_BYTES_NOLUT)
#define FW_ARENA FW_ARENA_BYTES_NOLUT
#else
#define FW_ARENA FW_ARENA_BYTES
#endif
static uint8_t fw_arena[FW_ARENA] __attribute__((aligned(EDGELLM_ARENA_ALIGN)));
static edgellm_model fw_model;
static edgellm_ctx fw_ctx;
static edgellm_sampler fw_sampler;
static uint32_t fw_toks[FW_MAX_PROMPT];
static fw_id fw_bench_ids[FW_BENCH_MAX];
#ifdef FW_HW
static edgellm_hw fw_hw;
static edgellm_hw_placement fw_place[FW_MATRICES];
#ifdef FW_HW_CROSSCHECK
/* the products' rows, or the attention sums' positions and head entries */
#define FW_CHECK_LEN (FW_MAX_ROWS > FW_CTX ? FW_MAX_ROWS : FW_CTX)
static int32_t fw_check[FW_CHECK_LEN];
#endif
#endif

#ifdef FW_PROFILE
/* instructions per part of the forward pass (EDGELLM_PART_*), and sampling */
static uint64_t fw_prof[EDGELLM_PART_END], fw_prof_t, fw_prof_sample;
static int fw_prof_part = -1;
void fw_prof_mark(int part);
void fw_prof_mark(int part) {
    uint64_t t;
    fw_counter(&t);
    if (fw_prof_part >= 0) fw_prof[fw_prof_part] += t - fw_prof_t;
    fw_prof_part = part == EDGELLM_PART_END ? -1 : part;
    fw_prof_t = t;
    fw_mark(FW_MARK_PART, (uint32_t)part);
}
#endif

#ifdef FW_HELPERS
#ifdef FW_PROFILE
#error "FW_HELPERS and FW_PROFILE share the engine's part marks: build one or the other"
#endif
/* calls of the compiler's helper functions (tests/firmware/helpers.c counts them), per
   part of the forward pass: this position's, and their least and most over the bench */
extern volatile uint32_t fw_helper_calls;
static uint32_t fw_hc[EDGELLM_PART_END], fw_hc_min[EDGELLM_PART_END], fw_hc_max[EDGELLM_PART_END];
static uint32_t fw_hc_t, fw_hc_sample;
static int fw_hc_part = -1;
void fw_prof_mark(int part);
void fw_prof_mark(int part) {
    uint32_t t = fw_helper_calls;
    if (fw_hc_part >= 0) fw_hc[fw_hc_part] += t - fw_hc_t;
    fw_hc_part = part == EDGELLM_PART_END ? -1 : part;
    fw_hc_t = t;
}
#endif

/* ------------------------------------------------------------ console output */
static char fw_line[128];
static uint32_t fw_line_len;

static void out_flush(void) {
    if (fw_line_len) fw_write(fw_line, fw_line_len);
    fw_line_len = 0;
}
static void out_char(char c) {
    fw_line[fw_line_len++] = c;
    if (c == '\n' || fw_line_len == sizeof fw_line) out_flush();
}
static void out_str(const char *s) {
    while (*s) out_char(*s++);
}
static void out_u64(uint64_t v) {
    static const uint64_t p10[20] = {
        10000000000000000000ull, 1000000000000000000ull, 100000000000000000ull, 10000000000000000ull,
        1000000000000000ull, 100000000000000ull, 10000000000000ull, 1000000000000ull, 100000000000ull,
        10000000000ull, 1000000000ull, 100000000ull, 10000000ull, 1000000ull, 100000ull, 10000ull,
        1000ull, 100ull, 10ull, 1ull};
    int i, started = 0;
    for (i = 0; i < 20; i++) {   /* digits by subtraction: no 64-bit division helper */
        char d = '0';
        while (v >= p10[i]) { v -= p10[i]; d++; }
        if (d != '0' || started || i == 19) { out_char(d); started = 1; }
    }
}
static void out_u32(uint32_t v) { out_u64(v); }
static void out_i32(int32_t v) {
    if (v < 0) { out_char('-'); out_u64((uint64_t)0 - (uint64_t)(int64_t)v); }
    else out_u64((uint64_t)v);
}
static void out_result(const char *what, int r) {
    out_str(what);
    out_str(": ");
#ifdef FW_HW
    if (r <= -1000) out_str(edgellm_hw_result_string(r));
    else
#endif
    out_str(edgellm_result_string(r));
    out_str(" (");
    out_i32(r);
    out_str(")\n");
}

/* n / d rounded to nearest, by shift and subtract (no libgcc on 32-bit targets) */
static uint64_t div_round(uint64_t n, uint32_t d) {
    uint64_t q = 0, r = 0;
    int i;
    n += d / 2u;
    for (i = 0; i < 64; i++) {
        r = (r << 1) | (n >> 63);
        n <<= 1;
        q <<= 1;
        if (r >= d) { r -= d; q |= 1u; }
    }
    return q;
}

static size_t fw_strlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* --------------------------------------------------------------------- runs */
static int encode_prompt(const fw_case *c, uint32_t *n_tok) {
    const char *text = c->prompt;
    int r;
    if (fw_model.bos < 0 && !*text) text = "\n";   /* a byte model needs a first token (as generate) */
    r = edgellm_encode(&fw_model, text, fw_strlen(text), 1, fw_toks, FW_MAX_PROMPT, n_tok);
    if (r != EDGELLM_OK) return r;
    if (*n_tok > fw_ctx.n_ctx) return EDGELLM_ERR_PROMPT_TOO_LONG;
    return EDGELLM_OK;
}

/* like generate (llama2.c): lone control bytes other than \n \t \r are not printed */
static void out_piece(uint32_t prev, uint32_t tok) {
    static uint8_t piece[FW_MAX_PIECE];
    uint32_t len, i;
    if (edgellm_token_piece(&fw_model, prev, tok, piece, sizeof piece, &len) != EDGELLM_OK) return;
    if (len == 1 && piece[0] < 0x20 && piece[0] != '\n' && piece[0] != '\t' && piece[0] != '\r') return;
    for (i = 0; i < len; i++) out_char((char)piece[i]);
}

/* generate's loop; prints what `generate --ids` (ids) or `generate` (text) prints */
static int run_generate(const fw_case *c, int text) {
    uint32_t n_tok, tok, next = 0, pos = 0, steps = c->steps, i;
    int r;
    if ((r = edgellm_ctx_reset(&fw_ctx)) != EDGELLM_OK) return r;
    if ((r = encode_prompt(c, &n_tok)) != EDGELLM_OK) return r;
    if (steps == 0 || steps > fw_model.seq_len) steps = fw_model.seq_len;
    if (steps > fw_ctx.n_ctx) return EDGELLM_ERR_CONTEXT_FULL;   /* the image's context is shorter */
    edgellm_sampler_init(&fw_sampler, c->temperature, c->top_k, c->top_p, c->seed);
    if (text) {
        out_str("text begin\n");
        if (fw_model.bos < 0) out_piece(0xFFFFFFFFu, fw_toks[0]);
    } else {
        out_str("ids:");
        for (i = fw_model.bos >= 0 ? 1u : 0u; i < n_tok; i++) { out_char(' '); out_u32(fw_toks[i]); }
    }
    tok = fw_toks[0];
    while (pos < steps) {
        fw_mark(FW_MARK_BEGIN, pos);
        if ((r = edgellm_feed(&fw_ctx, tok)) != EDGELLM_OK) { out_char('\n'); return r; }
        if (pos + 1u < n_tok) {
            next = fw_toks[pos + 1u];
        } else if ((r = edgellm_sample(&fw_ctx, &fw_sampler, &next)) != EDGELLM_OK) {
            out_char('\n');
            return r;
        }
        fw_mark(FW_MARK_END, pos);
        pos++;
        if (fw_model.bos >= 0 && next == (uint32_t)fw_model.bos) break;
        if (text) out_piece(tok, next);
        else if (pos >= n_tok) { out_char(' '); out_u32(next); }
        tok = next;
    }
    out_char('\n');
    if (text) out_str("text end\n");
    return EDGELLM_OK;
}

/* c->steps generated tokens, timed; the output is printed after the clock stops */
static int run_bench(const fw_case *c) {
    uint32_t n_tok, tok, next, i = 0, gen = 0, fed = 0, restarts = 0, n = c->steps;
    uint64_t t0 = 0, t1 = 0;
    int r, timed;
    if (n > FW_BENCH_MAX) n = FW_BENCH_MAX;
    if ((r = edgellm_ctx_reset(&fw_ctx)) != EDGELLM_OK) return r;
    if ((r = encode_prompt(c, &n_tok)) != EDGELLM_OK) return r;
    edgellm_sampler_init(&fw_sampler, c->temperature, c->top_k, c->top_p, c->seed);
    tok = fw_toks[0];
#ifdef FW_PROFILE
    {
        uint32_t k;
        for (k = 0; k < EDGELLM_PART_END; k++) fw_prof[k] = 0;
        fw_prof_sample = 0;
    }
#endif
    timed = fw_counter(&t0);
    while (gen < n) {
        if (fw_ctx.pos == fw_ctx.n_ctx) {
            if ((r = edgellm_ctx_reset(&fw_ctx)) != EDGELLM_OK) return r;
            restarts++;
        }
        fw_mark(FW_MARK_BEGIN, fw_ctx.pos);
#ifdef FW_HELPERS
        {
            uint32_t k, h0 = fw_helper_calls;
            for (k = 0; k < EDGELLM_PART_END; k++) fw_hc[k] = 0;
            if ((r = edgellm_feed(&fw_ctx, tok)) != EDGELLM_OK) return r;
            fw_hc[EDGELLM_PART_OTHER] = fw_helper_calls - h0;   /* other: the rest of the position's */
            for (k = 1; k < EDGELLM_PART_END; k++) fw_hc[EDGELLM_PART_OTHER] -= fw_hc[k];
            for (k = 0; k < EDGELLM_PART_END; k++) {
                if (fed == 0 || fw_hc[k] < fw_hc_min[k]) fw_hc_min[k] = fw_hc[k];
                if (fed == 0 || fw_hc[k] > fw_hc_max[k]) fw_hc_max[k] = fw_hc[k];
            }
        }
#else
        if ((r = edgellm_feed(&fw_ctx, tok)) != EDGELLM_OK) return r;
#endif
        fed++;
        if (i + 1u < n_tok) {
            next = fw_toks[++i];
        } else {
#ifdef FW_PROFILE
            uint64_t a, b;
            fw_counter(&a);
#endif
#ifdef FW_HELPERS
            {
                uint32_t h0 = fw_helper_calls;
                if ((r = edgellm_sample(&fw_ctx, &fw_sampler, &next)) != EDGELLM_OK) return r;
                if (fw_helper_calls - h0 > fw_hc_sample) fw_hc_sample = fw_helper_calls - h0;
            }
#else
            if ((r = edgellm_sample(&fw_ctx, &fw_sampler, &next)) != EDGELLM_OK) return r;
#endif
#ifdef FW_PROFILE
            fw_counter(&b);
            fw_prof_sample += b - a;
#endif
            fw_bench_ids[gen++] = (fw_id)next;
        }
        fw_mark(FW_MARK_END, fw_ctx.pos - 1u);
        tok = next;
    }
    if (timed) fw_counter(&t1);

    out_str("bench ids:");
    for (i = 0; i < gen; i++) { out_char(' '); out_u32(fw_bench_ids[i]); }
    out_str("\nbench: ");
    out_u32(gen);
    out_str(" tokens, ");
    out_u32(fed);
    out_str(" positions fed, context ");
    out_u32(fw_ctx.n_ctx);
    out_str(", ");
    out_u32(restarts);
    out_str(" restarts\n");
#ifdef FW_HELPERS
    {
        static const char *const names[EDGELLM_PART_END] = {"other", "rows", "requant", "norm", "attention", "rope", "ffn"};
        uint32_t k;
        out_str("helpers per position fed (least-most):");
        for (k = 0; k < EDGELLM_PART_END; k++) {
            out_char(' ');
            out_str(names[k]);
            out_char(' ');
            out_u32(fw_hc_min[k]);
            out_char('-');
            out_u32(fw_hc_max[k]);
        }
        out_str("; per token sampled: at most ");
        out_u32(fw_hc_sample);
        out_char('\n');
    }
#endif
    if (timed) {
        out_str("bench: ");
        out_u64(t1 - t0);
        out_char(' ');
        out_str(fw_counter_unit);
        out_str(", ");
        out_u64(div_round(t1 - t0, gen));
        out_char(' ');
        out_str(fw_counter_unit);
        out_str("/token (");
        out_str(fw_counter_note);
        out_str(")\n");
#ifdef FW_PROFILE
        {
            static const char *const names[EDGELLM_PART_END] = {"other", "rows", "requant", "norm", "attention", "rope", "ffn"};
            uint64_t rest = t1 - t0 - fw_prof_sample;
            uint32_t k;
            out_str("profile:");
            for (k = 0; k < EDGELLM_PART_END; k++) {
                out_char(' ');
                out_str(names[k]);
                out_char(' ');
                out_u64(div_round(fw_prof[k], gen));
                rest -= fw_prof[k];
            }
            out_str(" sample ");
            out_u64(div_round(fw_prof_sample, gen));
            out_str(" outside ");
            out_u64(div_round(rest, gen));
            out_str(" per token\n");
        }
#endif
    }
    return EDGELLM_OK;
}

static void report_stack(void) {
    uintptr_t lo, hi;
    const volatile uint32_t *p;
    if (!fw_stack_range(&lo, &hi)) return;
    p = (const volatile uint32_t *)lo;
    while ((uintptr_t)p < hi && *p == FW_STACK_PAINT) p++;
    out_str("stack: ");
    out_u32((uint32_t)(hi - (uintptr_t)p));
    out_str(" of ");
    out_u32((uint32_t)(hi - lo));
    out_str(" bytes used (high-water mark of the painted stack)\n");
}

int fw_app(void) {
    size_t need;
    uint32_t k, failed = 0;
    int r;
    uint32_t n_ctx;

    out_str("edgellm firmware: ");
    out_str(fw_arch);
    out_str(", model " FW_MODEL_NAME " (");
    out_u32((uint32_t)(fw_model_end - fw_model_data));
    out_str(" bytes)\n");
    r = edgellm_model_load(&fw_model, fw_model_data, (size_t)(fw_model_end - fw_model_data));
    if (r != EDGELLM_OK) { out_result("model", r); out_flush(); return 1; }
    n_ctx = FW_CTX < fw_model.seq_len ? FW_CTX : fw_model.seq_len;
    r = edgellm_ctx_size(&fw_model, n_ctx, &need);
    if (r != EDGELLM_OK) { out_result("ctx_size", r); out_flush(); return 1; }
    out_str("arena: ");
    out_u32((uint32_t)need);
    out_str(" bytes needed for context ");
    out_u32(n_ctx);
    out_str(", ");
    out_u32((uint32_t)sizeof fw_arena);
    out_str(" reserved\n");
    if (need > sizeof fw_arena) {
        out_result("arena", EDGELLM_ERR_ARENA_SMALL);
        out_flush();
        return 1;
    }
    r = edgellm_ctx_init(&fw_ctx, &fw_model, n_ctx, fw_arena, sizeof fw_arena);
    if (r != EDGELLM_OK) { out_result("ctx_init", r); out_flush(); return 1; }
#ifdef FW_HW
    r = edgellm_hw_init(&fw_hw, FW_HW_BASE);
    if (r == EDGELLM_OK) r = edgellm_hw_upload(&fw_hw, &fw_model, fw_place, FW_MATRICES);
    if (r != EDGELLM_OK) { out_result("accelerator", r); out_flush(); return 1; }
    out_str("accelerator: ");
    out_u32(edgellm_hw_placed_count(&fw_hw));
    out_str(" of ");
    out_u32(edgellm_model_matrix_count(&fw_model));
    out_str(" matrices placed, ");
    out_u32(fw_hw.wmem_used);
    out_str(" bytes of weight memory\n");
#ifdef FW_HW_CROSSCHECK
    edgellm_hw_set_crosscheck(&fw_hw, fw_check, FW_CHECK_LEN);
#endif
#ifdef FW_HW_FALLBACK
    edgellm_hw_set_fallback(&fw_hw, 1);
#endif
#ifdef FW_HW_WAIT
    edgellm_hw_set_wait(&fw_hw, fw_hw_wait, 0);
#endif
#ifdef FW_HW_POLL_LIMIT
    fw_hw.poll_limit = FW_HW_POLL_LIMIT;
#endif
    /* the products, requantized in the accelerator when it can (CAPS.REQ) */
    edgellm_set_backend_q16(&fw_ctx, edgellm_hw_matvec_q16, &fw_hw);
#ifndef FW_HW_NO_KV
    /* attention's sums too, over a KV cache in the accelerator, when it has KDOT/VSUM */
    r = edgellm_hw_attention(&fw_hw, &fw_ctx);
    out_str("accelerator: attention ");
    if (r == EDGELLM_OK) {
        out_str("in hardware, KV cache of ");
        out_u32(2u * fw_hw.kv_vals);
        out_str(" bytes at ");
        out_u32(fw_hw.kv_addr);
    } else {
        out_str(edgellm_hw_reason_string(fw_hw.kv_status));
    }
    out_char('\n');
#endif
#endif

    for (k = 0; k < FW_N_CASES; k++) {
        const fw_case *c = &fw_cases[k];
        out_str(c->kind == FW_BENCH ? "bench " : c->kind == FW_TEXT ? "text " : "case ");
        out_u32(k + 1u);
        out_str(": -n ");
        out_u32(c->steps);
        out_str(" -t ");
        out_str(c->t_text);
        out_str(" -k ");
        out_u32(c->top_k);
        out_str(" -p ");
        out_str(c->p_text);
        out_str(" -s ");
        out_u64(c->seed);
        out_str(" -i \"");
        out_str(c->prompt);
        out_str("\"\n");
        fw_mark(FW_MARK_RUN, k + 1u);
        r = c->kind == FW_BENCH ? run_bench(c) : run_generate(c, c->kind == FW_TEXT);
        if (r != EDGELLM_OK) {
            out_result("error", r);
            failed++;
        }
    }
#ifdef FW_HW
    out_str("accelerator: ");
    out_u32(fw_hw.calls_hw);
    out_str(" products in hardware, ");
    out_u32(fw_hw.calls_sw);
    out_str(" in software, ");
    out_u32(fw_hw.calls_kv);
    out_str(" attention sums in hardware; the last took ");
    out_u32(fw_hw.last_cycles);
    out_str(" cycles\n");
#ifdef FW_HW_FALLBACK
    out_str("accelerator: ");
    out_u32(fw_hw.faults);
    out_str(" faults computed in software");
    if (fw_hw.faults) {
        out_str("; the last: ");
        out_str(edgellm_hw_result_string(fw_hw.last_fault));
        out_str(" (");
        out_i32(fw_hw.last_fault);
        if (fw_hw.last_fault_index == EDGELLM_HW_INDEX_KDOT || fw_hw.last_fault_index == EDGELLM_HW_INDEX_VSUM) {
            out_str(") in attention's ");
            out_str(fw_hw.last_fault_index == EDGELLM_HW_INDEX_KDOT ? "KDOT" : "VSUM");
        } else {
            out_str(") in matrix ");
            out_u32(fw_hw.last_fault_index);
        }
    }
    out_char('\n');
#endif
#endif
    report_stack();
    out_str(failed ? "FAIL\n" : "PASS\n");
    out_flush();
    return failed ? 1 : 0;
}
