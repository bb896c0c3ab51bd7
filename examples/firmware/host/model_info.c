/* model_info - the numbers a firmware build needs from a model, computed on the host
   with the engine's own queries:

       model_info MODEL [CTX ...]

   prints `flash BYTES`, `seq_len N`, `matrices N`, `max_rows N`, then for each CTX
   (clamped to seq_len) `ctx N arena BYTES` from edgellm_ctx_size(). */
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
    printf("flash %ld\nseq_len %u\nmatrices %u\nmax_rows %u\n", size, m.seq_len, edgellm_model_matrix_count(&m), max_rows);
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
