/* platform.c - the firmware application (common/app.c) on a MicroBlaze with the
   Xilinx standalone BSP: console through the BSP's outbyte() (the STDOUT UART chosen
   in the BSP settings), the accelerator at the base address from xparameters.h, and
   the painted stack of the BSP's linker script (_stack_end .. _stack).

   Build it in a Vitis application project with common/app.c, common/engine.c,
   common/model.S and this file, and the defines
       FW_HW  FW_HW_MMIO="edgellm_hw_xil.h"  FW_MODEL_PATH="model.elm"
   plus fw_config.h from gen_config.sh (see examples/firmware/README.md). */
#include "fw.h"
#include "xparameters.h"

#if !defined(FW_HW_BASE) && defined(XPAR_EDGELLM_ACC_0_BASEADDR)
#define FW_HW_BASE XPAR_EDGELLM_ACC_0_BASEADDR
#endif

extern void outbyte(char c);   /* the standalone BSP's console output */
extern char _stack_end[], _stack[];   /* the BSP linker script's stack: [_stack_end, _stack) */

const char fw_arch[] = "microblaze";
const char fw_counter_unit[] = "";
const char fw_counter_note[] = "";

void fw_write(const char *s, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) {
        if (s[i] == '\n') outbyte('\r');
        outbyte(s[i]);
    }
}

void fw_exit(int code) {
    (void)code;   /* nowhere to return to: the result was the last line printed */
    for (;;) {}
}

int fw_counter(uint64_t *count) {
    *count = 0;
    return 0;
}

/* The BSP's start-up code does not paint the stack: paint what lies below the
   current frame here, before fw_app() runs. */
int fw_stack_range(uintptr_t *lo, uintptr_t *hi) {
    *lo = ((uintptr_t)_stack_end + 3u) & ~(uintptr_t)3u;
    *hi = (uintptr_t)_stack & ~(uintptr_t)3u;
    return 1;
}

/* no simulation harness here */
void fw_mark(uint32_t what, uint32_t value) {
    (void)what;
    (void)value;
}

static void paint_stack(void) {
    volatile uint32_t *p = (volatile uint32_t *)(((uintptr_t)_stack_end + 3u) & ~(uintptr_t)3u);
    volatile uint32_t *top = (volatile uint32_t *)__builtin_frame_address(0) - 64;
    while (p < top) *p++ = FW_STACK_PAINT;
}

int main(void) {
    paint_stack();
    fw_exit(fw_app());
}
