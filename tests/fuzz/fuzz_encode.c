/* fuzz_encode.c - libFuzzer harness: edgellm_encode and edgellm_token_piece on arbitrary bytes.

   Input: one selector byte, then the text (at most 1024 bytes are used).
       selector bits 0-1: the model (built once with examples/modelwrite.h)
           0  llama2.c BPE with <unk> <s> </s>, 256 byte tokens, characters and merges
              (ties, a never-merging piece, a duplicate piece, UTF-8 and broken UTF-8 pieces)
           1  the same vocabulary without the byte tokens (bytes outside it: ERR_ENCODE)
           2  bytes tokenizer, all 256 bytes
           3  bytes tokenizer, printable ASCII and newline only, BOS = token 0
       bit 2: add BOS;  bits 3-7: a second, short output capacity of (value - 1) tokens
              (0: none).
   Asserted:
     - the result is OK, ERR_ENCODE or ERR_BUFFER (only when the capacity is short), and
       nothing is returned in *n_tokens on failure;
     - with room for (add_bos) + 1 + len tokens (enough, says the API comment): the tokens
       and the result equal those of the manual's
       encoding rules (fz_ref_encode: own lookup, UTF-8 grouping and merge loop); model 0
       never gives ERR_ENCODE, model 2 never;
     - a short capacity either fails with ERR_BUFFER or gives the same tokens; it fails
       whenever the full result has more tokens than it holds;
     - the pieces of the tokens (BOS excluded, byte tokens as their byte) spell the text,
       after a " " for the llama2.c models;
     - edgellm_token_piece on every token, with prev the token before it, gives that piece
       (without its leading space right after BOS), ERR_BUFFER one byte short. */
#define EDGELLM_IMPLEMENTATION
#include "../../edgellm.h"
#include "fuzz_common.h"
#include "fuzz_models.h"

#define MAX_TEXT 1024u

static edgellm_model g_model[4];
static unsigned char *g_file[4];
static fz_vocab g_vocab[4];

static void setup(void) {
    static const int tok[4] = {FZM_LLAMA2_BYTES, FZM_LLAMA2_NOBYTES, FZM_BYTES_FULL, FZM_BYTES_PARTIAL};
    int i;
    for (i = 0; i < 4; i++) {
        fzm_spec s;
        size_t n;
        int r;
        memset(&s, 0, sizeof s);
        s.dim = 8; s.hidden = 8; s.layers = 1; s.heads = 2; s.kv_heads = 1; s.seq_len = 4;
        s.wtype = i % 2 ? ELM_WT_T2 : ELM_WT_I8;
        s.tok = tok[i];
        s.seed = 40u + (unsigned)i;
        fzm_build(&s, &g_file[i], &n);
        r = edgellm_model_load(&g_model[i], g_file[i], n);
        FZ_CODE(r, EDGELLM_OK);
        fz_vocab_from_file(&g_vocab[i], g_file[i]);
    }
    FZ_CHECK(g_model[0].byte_base == 3 && g_model[1].byte_base == -1 && g_model[0].tok_kind == 1 &&
                 g_model[2].tok_kind == 2 && g_model[3].bos == 0,
             "the fixed models are not what the harness expects");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int ready;
    const edgellm_model *m;
    const fz_vocab *v;
    const uint8_t *text;
    size_t len;
    uint32_t *got, *want, *small, n = 0xDEADu, wn = 0, cap, i;
    int sel, bos, r, wr;

    if (!ready) { setup(); ready = 1; }
    if (size < 1) return 0;
    sel = data[0] & 3;
    bos = (data[0] >> 2) & 1;
    text = data + 1;
    len = size - 1 > MAX_TEXT ? MAX_TEXT : size - 1;
    m = &g_model[sel];
    v = &g_vocab[sel];
    got = (uint32_t *)malloc(sizeof(uint32_t) * (len + 2));
    want = (uint32_t *)malloc(sizeof(uint32_t) * (len + 2));
    FZ_CHECK(got && want, "out of memory");

    /* the documented capacity (add_bos) + 1 + len, against the manual's rules */
    r = edgellm_encode(m, (const char *)text, len, bos, got, (uint32_t)len + 1 + (uint32_t)bos, &n);
    FZ_CODE(r, EDGELLM_OK, EDGELLM_ERR_ENCODE);
    fz_count(sel, sel == 0 ? "llama2_bytes" : sel == 1 ? "llama2_nobytes" : sel == 2 ? "bytes_full" : "bytes_partial");
    if (r == EDGELLM_OK) fz_count(4, "ok");
    wr = fz_ref_encode(v, text, len, bos, want, &wn);
    FZ_CHECK(r == wr, "model %d: %s, the manual's rules give %s", sel, fz_name(r), fz_name(wr));
    if (sel == 0 || sel == 2) FZ_CHECK(r == EDGELLM_OK, "model %d cannot fail to encode", sel);
    if (r != EDGELLM_OK) {
        FZ_CHECK(n == 0xDEADu, "n_tokens written on failure");
    } else {
        FZ_CHECK(n == wn, "model %d: %u tokens, the manual's rules give %u", sel, n, wn);
        for (i = 0; i < n; i++) FZ_CHECK(got[i] == want[i], "model %d: token %u is %u, expected %u", sel, i, got[i], want[i]);
    }

    /* a short output buffer */
    cap = data[0] >> 3;
    if (cap) {
        uint32_t n2 = 0xBEEFu;
        cap -= 1;
        small = (uint32_t *)malloc(sizeof(uint32_t) * (cap ? cap : 1));
        FZ_CHECK(small, "out of memory");
        r = edgellm_encode(m, (const char *)text, len, bos, cap ? small : got, cap, &n2);
        FZ_CODE(r, EDGELLM_OK, EDGELLM_ERR_ENCODE, EDGELLM_ERR_BUFFER);
        if (r == EDGELLM_OK) {
            FZ_CHECK(wr == EDGELLM_OK && n2 == wn && n2 <= cap && memcmp(small, want, sizeof(uint32_t) * n2) == 0,
                     "cap %u changed the tokens", cap);
        } else {
            FZ_CHECK(n2 == 0xBEEFu, "n_tokens written on failure");
            if (r == EDGELLM_ERR_ENCODE) FZ_CHECK(wr == EDGELLM_ERR_ENCODE, "cap %u gave ERR_ENCODE", cap);
        }
        if (wr == EDGELLM_OK && wn > cap) FZ_CHECK(r == EDGELLM_ERR_BUFFER, "%u tokens fit in %u", wn, cap);
        free(small);
    }

    /* the pieces spell the text; token_piece follows the BOS rule */
    if (wr == EDGELLM_OK) {
        uint8_t *spell = (uint8_t *)malloc(len * 6 + 16), piece[1024];
        size_t sl = 0, exp_off = 0;
        uint32_t start = (bos && m->bos >= 0) ? 1 : 0, plen, prev = 0xFFFFFFFFu;
        FZ_CHECK(spell, "out of memory");
        if (start) FZ_CHECK(got[0] == (uint32_t)m->bos, "BOS first");
        for (i = start; i < n; i++) {
            uint32_t t = got[i];
            int isbyte = m->byte_base >= 0 && t >= (uint32_t)m->byte_base && t < (uint32_t)m->byte_base + 256;
            FZ_CHECK(t < m->vocab, "token %u out of range", t);
            if (isbyte) spell[sl++] = (uint8_t)(t - (uint32_t)m->byte_base);
            else { memcpy(spell + sl, v->piece[t], v->len[t]); sl += v->len[t]; }
        }
        if (m->tok_kind == 1 && len > 0) {
            FZ_CHECK(sl >= 1 && spell[0] == ' ', "no leading space");
            exp_off = 1;
        }
        FZ_CHECK(sl == len + exp_off && (len == 0 || memcmp(spell + exp_off, text, len) == 0),
                 "model %d: the pieces do not spell the text (%zu bytes for %zu)", sel, sl, len + exp_off);
        for (i = 0; i < n; i++) {
            uint32_t t = got[i], want_len;
            const uint8_t *wp;
            int isbyte = m->byte_base >= 0 && t >= (uint32_t)m->byte_base && t < (uint32_t)m->byte_base + 256;
            uint8_t b;
            if (isbyte) { b = (uint8_t)(t - (uint32_t)m->byte_base); wp = &b; want_len = 1; }
            else {
                wp = v->piece[t]; want_len = v->len[t];
                if (m->bos >= 0 && prev == (uint32_t)m->bos && want_len > 0 && wp[0] == ' ') { wp++; want_len--; }
            }
            r = edgellm_token_piece(m, prev, t, piece, want_len, &plen);
            FZ_CODE(r, EDGELLM_OK);
            FZ_CHECK(plen == want_len && memcmp(piece, wp, plen) == 0, "piece of token %u after %u", t, prev);
            if (want_len > 0) {
                uint32_t l2 = 0xABCu;
                r = edgellm_token_piece(m, prev, t, piece, want_len - 1, &l2);
                FZ_CODE(r, EDGELLM_ERR_BUFFER);
                FZ_CHECK(l2 == 0xABCu, "len written on failure");
            }
            prev = t;
        }
        free(spell);
    }
    free(got);
    free(want);
    return 0;
}
