/* hw_ref.h - weight packing and an independent reference kernel for the
   accelerator tests (C99 and C++). The packers follow the layouts of the
   model format (edgellm.h, WEIGHT TYPES); the reference decodes one weight at
   a time straight from those rules, so it shares no code with the engine's
   kernel or with the RTL. */
#ifndef HW_REF_H
#define HW_REF_H

#include <stddef.h>
#include <stdint.h>

enum { HWREF_T2 = 1, HWREF_T1 = 2, HWREF_I8 = 3 };

static inline uint32_t hwref_cols_pad(uint32_t type, uint32_t cols) {
    uint32_t a = type == HWREF_T2 ? 64u : type == HWREF_T1 ? 80u : 16u;
    return (cols + a - 1u) / a * a;
}
static inline uint32_t hwref_stride(uint32_t type, uint32_t cols_pad) {
    return type == HWREF_T2 ? cols_pad / 4u : type == HWREF_T1 ? cols_pad / 5u : cols_pad;
}

/* weight (r, c) in -128..127 from packed row data */
static inline int32_t hwref_weight(uint32_t type, const uint8_t *row, uint32_t c) {
    if (type == HWREF_T2) {
        uint32_t code = (row[(c / 64u) * 16u + c % 16u] >> (2u * ((c % 64u) / 16u))) & 3u;
        return code == 1u ? 1 : code == 2u ? -1 : 0;
    }
    if (type == HWREF_T1) {
        static const uint32_t p3[5] = {1, 3, 9, 27, 81};
        uint32_t byte = row[(c / 80u) * 16u + c % 16u], k = (c % 80u) / 16u;
        return (int32_t)((((byte * p3[k]) & 0xFFu) * 3u) >> 8) - 1;
    }
    return (int32_t)(int8_t)row[c];
}

/* store weight w at (row, c); rows must start zeroed for T2 */
static inline void hwref_put(uint32_t type, uint8_t *row, uint32_t c, int32_t w) {
    if (type == HWREF_T2) {
        uint32_t code = w > 0 ? 1u : w < 0 ? 2u : 0u, sh = 2u * ((c % 64u) / 16u);
        uint8_t *p = &row[(c / 64u) * 16u + c % 16u];
        *p = (uint8_t)((*p & ~(3u << sh)) | (code << sh));
    } else if (type == HWREF_I8) {
        row[c] = (uint8_t)(int8_t)w;
    }
}

/* T1: pack 5 ternary weights (column k of the byte = w[k]) into a byte */
static inline uint8_t hwref_t1_byte(const int32_t w[5]) {
    uint32_t v = 0, k;
    for (k = 0; k < 5; k++) v = v * 3u + (uint32_t)(w[k] + 1);
    return (uint8_t)((v * 256u + 242u) / 243u);
}

/* y[r] = sum_{c < cols_pad} W[r][c] x[c] */
static inline void hwref_matvec(uint32_t type, uint32_t rows, uint32_t cols_pad, uint32_t stride,
                                const uint8_t *data, const int8_t *x, int32_t *y) {
    uint32_t r, c;
    for (r = 0; r < rows; r++) {
        int64_t acc = 0;
        for (c = 0; c < cols_pad; c++) acc += (int64_t)hwref_weight(type, data + (size_t)r * stride, c) * x[c];
        y[r] = (int32_t)acc;
    }
}

#endif
