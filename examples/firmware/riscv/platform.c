/* platform.c - RV32 (rv32imc, rv32i) on QEMU virt: ns16550 UART output, the SiFive test device for
   pass/fail and minstret for instruction counts (the painted stack: common/baremetal.c).
   With FW_COUNTER_MCYCLE the counter is mcycle instead: the RISC-V core's harness
   (tests/cpu/tb_cpu.v answers at the same UART and test device addresses) counts cycles. */
#include "fw.h"

#define UART_BASE 0x10000000u   /* ns16550: THR at +0, LSR at +5 (bit 5: THR empty) */
#define TEST_BASE 0x00100000u   /* sifive_test: 0x5555 pass, (code << 16) | 0x3333 fail */

#ifndef FW_ARCH_NAME
#define FW_ARCH_NAME "rv32imc"
#endif
const char fw_arch[] = FW_ARCH_NAME;   /* rv32imc, rv32i (the build says) */
#ifdef FW_COUNTER_MCYCLE
#define FW_CSR "mcycle"
const char fw_counter_unit[] = "cycles";
const char fw_counter_note[] = "mcycle of edgellm_rv32, memories answering in one cycle";
#else
#define FW_CSR "minstret"
const char fw_counter_unit[] = "instructions";
const char fw_counter_note[] = "minstret under -icount shift=0";
#endif

void fw_write(const char *s, uint32_t n) {
    volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
    uint32_t i;
    for (i = 0; i < n; i++) {
        while ((uart[5] & 0x20u) == 0) {}
        uart[0] = (uint8_t)s[i];
    }
}

void fw_exit(int code) {
    volatile uint32_t *test = (volatile uint32_t *)TEST_BASE;
    *test = code == 0 ? 0x5555u : (((uint32_t)code & 0xFFFFu) << 16) | 0x3333u;
    for (;;) {}
}

/* minstret: exact with QEMU -icount shift=0 (without -icount it follows host time) */
int fw_counter(uint64_t *count) {
    uint32_t hi, lo, hi2;
    do {
        __asm__ volatile("csrr %0, " FW_CSR "h" : "=r"(hi));
        __asm__ volatile("csrr %0, " FW_CSR : "=r"(lo));
        __asm__ volatile("csrr %0, " FW_CSR "h" : "=r"(hi2));
    } while (hi != hi2);
    *count = ((uint64_t)hi << 32) | lo;
    return 1;
}

/* no simulation harness here */
void fw_mark(uint32_t what, uint32_t value) {
    (void)what;
    (void)value;
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
