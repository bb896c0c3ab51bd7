/* model_info - the numbers a firmware build needs from a model, computed on the host
   with the engine's own queries:

       model_info MODEL [CTX ...]

   prints `flash BYTES`, the shape (`dim`, `layers`, `heads`, `kv_heads`, `hidden`,
   `vocab`, `seq_len`, `weights`), `matrices N`, `max_rows N`, `max_piece N` (the longest
   token piece), `lut BYTES` (the ternary rows' lookup tables in the arena; 0 when built
   with EDGELLM_NO_LUT), then for each CTX (clamped to seq_len) `ctx N arena BYTES` from
   edgellm_ctx_size(). */
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    FILE *f;
    long size;
    unsigned char *data;
    edgellm_model m;
    edgellm_matrix mx;
    uint32_t i, max_rows = 0;
    int r, a;
    if (argc < 2) {
        fprintf(stderr, "usage: model_info MODEL [CTX ...]\n");
        return 2;
    }
    if (!(f = fopen(argv[1], "rb")) || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 ||
        fseek(f, 0, SEEK_SET) != 0 || !(data = (unsigned char *)malloc((size_t)size)) ||
        fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "model_info: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    if ((r = edgellm_model_load(&m, data, (size_t)size)) != EDGELLM_OK) {
        fprintf(stderr, "model_info: %s: %s\n", argv[1], edgellm_result_string(r));
        return 1;
    }
    for (i = 0; i < edgellm_model_matrix_count(&m); i++)
        if (edgellm_model_matrix(&m, i, &mx) == EDGELLM_OK && mx.rows > max_rows) max_rows = mx.rows;
    edgellm_model_matrix(&m, 1, &mx);
    printf("flash %ld\ndim %u\nlayers %u\nheads %u\nkv_heads %u\nhidden %u\nvocab %u\nseq_len %u\n", size, m.dim,
           m.n_layers, m.n_heads, m.n_kv_heads, m.hidden, m.vocab, m.seq_len);
    printf("weights %s\nkv_cache %s\n", mx.type == EDGELLM_WT_T2 ? "T2" : mx.type == EDGELLM_WT_T1 ? "T1" : "INT8",
           (m.flags & EDGELLM_FLAG_KV16) ? "int16" : "int8");
    printf("matrices %u\nmax_rows %u\nmax_piece %u\nlut %lu\n", edgellm_model_matrix_count(&m), max_rows, m.tok_max_len,
           (unsigned long)edgellm__lut_bytes(&m));
    for (a = 2; a < argc; a++) {
        unsigned long c = strtoul(argv[a], NULL, 10);
        size_t need;
        if (c == 0 || c > m.seq_len) c = m.seq_len;
        if ((r = edgellm_ctx_size(&m, (uint32_t)c, &need)) != EDGELLM_OK) {
            fprintf(stderr, "model_info: ctx %lu: %s\n", c, edgellm_result_string(r));
            return 1;
        }
        printf("ctx %lu arena %zu\n", c, need);
    }
    free(data);
    return 0;
}
