/* header_check.c - edgellm_hw.h builds warning-free as C99 and C++11, with the
   default volatile accessors, and links with -nostdlib (no libc, no implicit
   memcpy/memset), with every configuration macro of edgellm_hw.h set or not.
   Never run: hw_entry only gives the linker something to keep. */
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"
#define EDGELLM_HW_IMPLEMENTATION
#include "edgellm_hw.h"

#ifdef __cplusplus
extern "C" void hw_entry(void);
#endif

static volatile unsigned wakeups;
static void hw_wait(void *user) { (void)user; wakeups++; }

void hw_entry(void) {
    static edgellm_hw hw;
    static edgellm_model model;
    static edgellm_ctx ctx;
    static edgellm_hw_placement place[64];
    static int32_t scratch[4096], y[4096];
    static int8_t x[4096];
    volatile int r = edgellm_hw_init(&hw, (uintptr_t)0x44A00000u);
    r = edgellm_hw_upload(&hw, &model, place, 64);
    r = edgellm_hw_verify(&hw, &model);
    edgellm_hw_set_crosscheck(&hw, scratch, 4096);
    edgellm_hw_set_wait(&hw, hw_wait, 0);
    edgellm_hw_set_fallback(&hw, 1);
    edgellm_set_backend(&ctx, edgellm_hw_matvec, &hw);
    r = edgellm_hw_attention(&hw, &ctx);
    edgellm_set_backend_q16(&ctx, edgellm_hw_matvec_q16, &hw);
    r = edgellm_hw_run(&hw, 1, 4, 64, 16, 0, x, y);
    r = edgellm_hw_write_weights(&hw, 0, (const uint8_t *)x, 64);
    r = edgellm_hw_read_weights(&hw, 0, (uint8_t *)y, 64);
    r = (int)edgellm_hw_placed_count(&hw) + (int)edgellm_hw_result_string(r)[0] +
        (int)edgellm_hw_reason_string(place[0].status)[0] + (int)hw.faults + hw.last_fault +
        (int)hw.last_fault_index + (int)hw.calls_kv + hw.kv_status;
    edgellm_hw_set_wait(&hw, 0, 0);
    (void)r;
    for (;;) {}
}
