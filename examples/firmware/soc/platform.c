/* platform.c - the edgellm SoC (rtl/soc/): its UART for output, the EXIT register
   for pass/fail, mcycle for the bench, the MARK register for the simulation
   harness's per-token counts, and (FW_HW_WAIT) the accelerator driver's wait:
   a timeout tick from the machine timer, then WFI until the accelerator's
   interrupt or the tick. Register map: rtl/soc/README.md. */
#include "fw.h"

#define UART_BASE   0x20000000u   /* +0 TXDATA, +4 STATUS (bit 0 TX_READY) */
#define TIMER_BASE  0x20001000u   /* +0/+4 MTIME, +8/+C MTIMECMP */
#define SYS_BASE    0x20002000u   /* +0 EXIT, +4 MARK */

/* cycles between the wait's timeout ticks (the driver gives up after
   hw->poll_limit of them) */
#ifndef FW_SOC_TICK
#define FW_SOC_TICK 4096u
#endif

#define REG(a) (*(volatile uint32_t *)(a))

const char fw_arch[] = "rv32im (edgellm SoC)";
const char fw_counter_unit[] = "cycles";
const char fw_counter_note[] = "mcycle";


void fw_write(const char *s, uint32_t n) {
    uint32_t i;
    for (i = 0; i < n; i++) {
        while ((REG(UART_BASE + 4u) & 1u) == 0) {}
        REG(UART_BASE) = (uint8_t)s[i];
    }
}

void fw_exit(int code) {
    /* let the UART finish (STATUS bit 1: idle), then report */
    while ((REG(UART_BASE + 4u) & 2u) == 0) {}
    REG(SYS_BASE) = (uint32_t)code;
    for (;;) {}
}

int fw_counter(uint64_t *count) {
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi));
        __asm__ volatile("csrr %0, mcycle" : "=r"(lo));
        __asm__ volatile("csrr %0, mcycleh" : "=r"(hi2));
    } while (hi != hi2);
    *count = ((uint64_t)hi << 32) | lo;
    return 1;
}

void fw_mark(uint32_t what, uint32_t value) {
    REG(SYS_BASE + 4u) = what << 28 | (value & 0x0FFFFFFFu);
}

/* One wait of the accelerator driver (edgellm_hw_set_wait): arm the timer one
   tick ahead, then sleep. mstatus.MIE is clear and mie has MEIE and MTIE
   (start.S), so WFI returns when the accelerator's interrupt or the tick is
   pending, without a trap. A tick that is still pending from an earlier wait
   is cleared by the new compare value before WFI. */
void fw_hw_wait(void *user) {
    uint32_t hi, lo, hi2;
    uint64_t t;
    (void)user;
    do {
        hi = REG(TIMER_BASE + 4u);
        lo = REG(TIMER_BASE);
        hi2 = REG(TIMER_BASE + 4u);
    } while (hi != hi2);
    t = (((uint64_t)hi << 32) | lo) + FW_SOC_TICK;
    REG(TIMER_BASE + 0xCu) = 0xFFFFFFFFu;   /* no early match while the halves change */
    REG(TIMER_BASE + 0x8u) = (uint32_t)t;
    REG(TIMER_BASE + 0xCu) = (uint32_t)(t >> 32);
    __asm__ volatile("wfi");
}

void fw_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval);
void fw_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval) {
    fw_write("\ntrap: ", 7);
    fw_put_hex("mcause=", mcause);
    fw_put_hex("mepc=", mepc);
    fw_put_hex("mtval=", mtval);
    fw_write("\nFAIL\n", 6);
    fw_exit(3);
}

int main(void);
int main(void) { return fw_app(); }
