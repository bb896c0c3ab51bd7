/* baremetal.c - what the ports with their own start-up code and linker script (riscv/,
   cortex-m/) share: the stack that start.S paints, and a hex dump line for fault reports. */
#include "fw.h"

extern uint32_t __stack_bottom[], __stack_top[];   /* the linker script's stack */

int fw_stack_range(uintptr_t *lo, uintptr_t *hi) {
    *lo = (uintptr_t)__stack_bottom;
    *hi = (uintptr_t)__stack_top;
    return 1;
}

void fw_put_hex(const char *name, uint32_t v) {
    char b[20];
    uint32_t n = 0, i;
    while (*name && n < 10u) b[n++] = *name++;
    for (i = 0; i < 8; i++) b[n++] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15u];
    b[n++] = ' ';
    fw_write(b, n);
}
