/* platform.c - Cortex-M on QEMU mps2-an386 (Cortex-M4 and ARMv6-M images) and, with
   FW_MICROBIT, on QEMU microbit (nRF51, Cortex-M0): console output and exit through ARM
   semihosting (QEMU: -semihosting-config enable=on,target=native); the painted stack is
   common/baremetal.c's. QEMU models no cycle or instruction counter for Cortex-M (DWT CYCCNT reads
   zero), but under -icount shift=0 every instruction takes 1 ns of virtual time, so
   a timer counts instructions: on the MPS2 boards the CMSDK timer 0 (25 MHz APB clock),
   one tick per 40 instructions, on the nRF51 its TIMER0 (16 MHz), one tick per 62.5; the
   bench reports that count, exact to +-40 (+-63) instructions. */
#include "fw.h"

#define SYS_WRITE0 0x04u
#define SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR 0x20023u

#ifndef FW_ARCH_NAME
#define FW_ARCH_NAME "cortex-m4"
#endif
const char fw_arch[] = FW_ARCH_NAME;   /* cortex-m4, cortex-m0 (the build says) */
const char fw_counter_unit[] = "instructions";
#ifdef FW_MICROBIT
const char fw_counter_note[] = "nRF51 TIMER0 ticks x 62.5 under -icount shift=0, +-63 per reading";
#else
const char fw_counter_note[] = "CMSDK timer ticks x 40 under -icount shift=0, +-40 per reading";
#endif

static uint32_t semihost(uint32_t op, const void *arg) {
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void fw_write(const char *s, uint32_t n) {
    char buf[129];
    uint32_t i, k = 0;
    for (i = 0; i < n; i++) {   /* SYS_WRITE0 takes a NUL-terminated string */
        buf[k++] = s[i];
        if (k == sizeof buf - 1u || i + 1u == n) {
            buf[k] = 0;
            semihost(SYS_WRITE0, buf);
            k = 0;
        }
    }
}

void fw_exit(int code) {
    /* on 32-bit ARM the argument is the reason itself: QEMU exits 0 for
       ApplicationExit, 1 for anything else */
    semihost(SYS_EXIT, (const void *)(uintptr_t)(code == 0 ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR));
    for (;;) {}
}

#ifdef FW_MICROBIT
#define NRF_TIMER0 0x40008000u   /* START +0x000, CLEAR +0x00C, CAPTURE[0] +0x040, MODE +0x504,
                                    BITMODE +0x508, PRESCALER +0x510, CC[0] +0x540 */
/* a 32-bit up-counter at 16 MHz: started on the first call, ticks * 62.5 after it */
int fw_counter(uint64_t *count) {
    volatile uint32_t *t = (volatile uint32_t *)NRF_TIMER0;
    static int started;
    if (!started) {
        t[0x504 / 4] = 0u;   /* timer mode */
        t[0x508 / 4] = 3u;   /* 32 bits */
        t[0x510 / 4] = 0u;   /* 16 MHz */
        t[0x00C / 4] = 1u;
        t[0x000 / 4] = 1u;
        started = 1;
    }
    t[0x040 / 4] = 1u;
    *count = ((uint64_t)t[0x540 / 4] * 125u) >> 1;
    return 1;
}
#else
#define TIMER0_BASE 0x40000000u   /* CMSDK APB timer: CTRL +0, VALUE +4, RELOAD +8 */
#define TIMER_NS_PER_TICK 40u       /* 25 MHz */

/* a down-counter: started on the first call, elapsed ticks * 40 after it */
int fw_counter(uint64_t *count) {
    volatile uint32_t *t = (volatile uint32_t *)TIMER0_BASE;
    if ((t[0] & 1u) == 0) {
        t[2] = 0xFFFFFFFFu;
        t[1] = 0xFFFFFFFFu;
        t[0] = 1u;
    }
    *count = (uint64_t)(0xFFFFFFFFu - t[1]) * TIMER_NS_PER_TICK;
    return 1;
}
#endif

/* no simulation harness here */
void fw_mark(uint32_t what, uint32_t value) {
    (void)what;
    (void)value;
}

void fw_fault(uint32_t ipsr, uint32_t pc);
void fw_fault(uint32_t ipsr, uint32_t pc) {
    fw_write("\nfault: ", 8);
    fw_put_hex("exception=", ipsr & 0x1FFu);
    fw_put_hex("pc=", pc);
    fw_write("\nFAIL\n", 6);
    fw_exit(3);
}

int main(void);
int main(void) { return fw_app(); }
