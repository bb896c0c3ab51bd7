/* fuzz_load.c - libFuzzer harness: edgellm_model_load on arbitrary bytes.

   Input: a model file, optionally followed by text (the bytes after the header's
   file_size, which the loader ignores).

   Each input is loaded twice: as is, and with its CRC recomputed (so that mutations reach
   the checks after the checksum). Asserted:
     - every result is a documented code;
     - the loader accepts exactly the files that fz_spec_check (an independent reading of
       the manual's MODEL FILE FORMAT) accepts;
     - a failed load leaves a model that every call refuses with EDGELLM_ERR_STATE, and
       changes no field of the model struct but valid;
     - after a successful load: the fields, the matrix views, edgellm_ctx_size for
       n_ctx 1..min(seq_len, 8) (the manual's MEMORY formula), edgellm_token_piece for every
       token; the same bytes at another alignment or with trailing bytes load the same, and
       one byte short of file_size is EDGELLM_ERR_TRUNCATED;
     - the trailing text encodes (with and without BOS) to the tokens of the manual's
       encoding rules (fz_ref_encode), never EDGELLM_ERR_BUFFER with room for (add_bos) + 1 + len.

   Build: clang -g -O1 -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_load.c */
#define EDGELLM_IMPLEMENTATION
#include "../../edgellm.h"
#include "fuzz_common.h"

#define MAX_TEXT 256u

static void check_encode(const edgellm_model *m, const uint8_t *file, const uint8_t *text, size_t len) {
    fz_vocab v;
    uint32_t *got = (uint32_t *)malloc(sizeof(uint32_t) * (len + 2)), *want = (uint32_t *)malloc(sizeof(uint32_t) * (len + 2));
    int bos;
    FZ_CHECK(got && want, "out of memory");
    fz_vocab_from_file(&v, file);
    for (bos = 0; bos < 2; bos++) {
        uint32_t n = 0xDEADu, wn = 0, i;
        int r = edgellm_encode(m, (const char *)text, len, bos, got, (uint32_t)len + 1 + (uint32_t)bos, &n);
        int wr = fz_ref_encode(&v, text, len, bos, want, &wn);
        FZ_CODE(r, EDGELLM_OK, EDGELLM_ERR_ENCODE);
        FZ_CHECK(r == wr, "encode result %s, the manual's rules give %s (bos %d, len %zu)", fz_name(r), fz_name(wr), bos, len);
        if (r != EDGELLM_OK) { FZ_CHECK(n == 0xDEADu, "n_tokens written on failure"); continue; }
        FZ_CHECK(n == wn, "encode gave %u tokens, the manual's rules %u (bos %d, len %zu)", n, wn, bos, len);
        for (i = 0; i < n; i++)
            FZ_CHECK(got[i] == want[i], "token %u is %u, the manual's rules give %u (bos %d)", i, got[i], want[i], bos);
        if (v.kind == 1 && v.byte_base >= 0) FZ_CHECK(r == EDGELLM_OK, "byte fallback present");
    }
    fz_vocab_free(&v);
    free(got);
    free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    edgellm_model m, m2;
    uint8_t *buf, *big;
    const char *why;
    int r0, r1, r;
    uint32_t fs;

    fz_count(0, "inputs");
    r0 = edgellm_model_load(&m, data, size);
    FZ_CHECK(fz_documented(r0), "undocumented result %d", r0);
    if (r0 != EDGELLM_OK) fz_check_unloaded(&m);

    /* exactly sized copy with the CRC fixed */
    buf = (uint8_t *)malloc(size ? size : 1);
    FZ_CHECK(buf, "out of memory");
    if (size) memcpy(buf, data, size);
    fz_fix_crc(buf, size);
    r1 = edgellm_model_load(&m, buf, size);
    FZ_CHECK(fz_documented(r1), "undocumented result %d", r1);
    if (size == 0 || memcmp(buf, data, size) == 0) FZ_CHECK(r0 == r1, "same bytes, results %d and %d", r0, r1);
    else FZ_CHECK(r0 == r1 || r0 == EDGELLM_ERR_CHECKSUM, "CRC fix changed %s into %s", fz_name(r0), fz_name(r1));
    why = fz_spec_check(buf, size);
    FZ_CHECK((why == NULL) == (r1 == EDGELLM_OK), "loader says %s, the manual says %s", fz_name(r1), why ? why : "valid");
    if (r1 != EDGELLM_OK) {
        fz_check_unloaded(&m);
        free(buf);
        return 0;
    }

    fz_count(1, "loaded");
    fs = fz_rd32(buf + 8);
    fz_check_loaded(&m, buf, size);
    if (size > fs) fz_count(2, "with_text");

    /* one byte short: refused; the model is marked invalid and its other fields stay */
    memcpy(&m2, &m, sizeof m2);
    r = edgellm_model_load(&m2, buf, fs - 1);
    FZ_CODE(r, EDGELLM_ERR_TRUNCATED);
    fz_check_unloaded(&m2);
    m2.valid = m.valid;
    FZ_CHECK(memcmp(&m2, &m, sizeof m) == 0, "a failed load changed fields other than valid");
    /* another alignment, and trailing bytes */
    big = (uint8_t *)malloc(size + 32);
    FZ_CHECK(big, "out of memory");
    memcpy(big + 7, buf, size);
    memset(big + 7 + size, 0xA5, 25);
    r = edgellm_model_load(&m2, big + 7, size + 25);
    FZ_CODE(r, EDGELLM_OK);
    FZ_CHECK(m2.vocab == m.vocab && m2.data == big + 7, "reload");
    free(big);

    /* the text after the file */
    {
        size_t tl = size - fs;
        check_encode(&m, buf, buf + fs, tl > MAX_TEXT ? MAX_TEXT : tl);
    }
    free(buf);
    return 0;
}
