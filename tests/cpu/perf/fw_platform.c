/* fw_platform.c - the firmware application (examples/firmware) on edgellm_rv32 in
   the Verilator harness (tests/cpu/tb_cpu.v), which answers at QEMU virt's UART
   and test device addresses; the difference to riscv/platform.c is the counter:
   mcycle, so the bench reports the core's cycles per token. */
#include "fw.h"

#define UART_BASE 0x10000000u   /* ns16550: THR at +0, LSR at +5 (bit 5: THR empty) */
#define TEST_BASE 0x00100000u   /* sifive_test: 0x5555 pass, (code << 16) | 0x3333 fail */

const char fw_arch[] = "rv32im (edgellm_rv32)";
const char fw_counter_unit[] = "cycles";
const char fw_counter_note[] = "mcycle of edgellm_rv32, memories answering in one cycle";

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

/* no marks: the bench counts whole runs */
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
