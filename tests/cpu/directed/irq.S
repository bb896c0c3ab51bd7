/* Interrupts: machine external (mcause 0x8000000b) and timer (0x80000007), taken
 * between instructions when mstatus.MIE, the mie bit and the mip bit are all set;
 * precise: counting increments around the interrupt loses and repeats none, and
 * mepc is the first instruction not executed; masked by mstatus.MIE and by mie (the
 * mip bit still shows the line), taken at once when unmasked; external before timer;
 * an interrupt in a loop of loads, stores, branches and divides. The handler (common.h)
 * drops both lines and returns to mepc. */
#include "common.h"
#define COUNT16 addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; \
                addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; \
                addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; \
                addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1; addi a0, a0, 1
main:
    li s1, TB_IRQ
    li s2, TB_EXT_AFTER
    li s3, TB_TIM_AFTER
    li t0, 0x880; csrw mie, t0
    csrsi mstatus, 8
    # 1: external interrupt raised by a store: taken within a few instructions, precise
    CASE(1); li s7, 0; li a0, 0; EXPECT_IRQ(CAUSE_IRQ_EXTERNAL)
    li t1, 1; sw t1, 0(s1)
1:  COUNT16
2:  CHECK(s7, 1); CHECK(a0, 16); la t0, 1b; bltu s8, t0, fail; addi t0, t0, 16; bgtu s8, t0, fail
    # 2: external interrupt at a chosen cycle (20 cycles after the store)
    CASE(2); li s7, 0; li a0, 0; EXPECT_IRQ(CAUSE_IRQ_EXTERNAL)
    li t1, 20; sw t1, 0(s2)
    COUNT16; COUNT16; COUNT16; COUNT16
    CHECK(s7, 1); CHECK(a0, 64)
    # 3: timer interrupt
    CASE(3); li s7, 0; li a0, 0; EXPECT_IRQ(CAUSE_IRQ_TIMER)
    li t1, 10; sw t1, 0(s3)
    COUNT16; COUNT16; COUNT16
    CHECK(s7, 1); CHECK(a0, 48)
    # 4: masked by mstatus.MIE: no trap, mip shows MEIP; taken right after MIE is set
    CASE(4); li s7, 0; li a0, 0; csrci mstatus, 8; NO_TRAP
    li t1, 1; sw t1, 0(s1)
    COUNT16
    csrr a1, mip; CHECK(a1, 0x800); CHECK(s7, 0); EXPECT_IRQ(CAUSE_IRQ_EXTERNAL)
    csrsi mstatus, 8
3:  addi a0, a0, 1
    CHECK(s7, 1); la t0, 3b; CHECK_REG(s8, t0); CHECK(a0, 17)
    # 5: masked by mie: a pending timer line with MTIE = 0 is not taken; taken when MTIE is set
    CASE(5); li s7, 0; li a0, 0; li t0, 0x80; csrc mie, t0; NO_TRAP
    li t1, 2; sw t1, 0(s1)
    COUNT16
    csrr a1, mip; CHECK(a1, 0x80); CHECK(s7, 0); EXPECT_IRQ(CAUSE_IRQ_TIMER)
    li t0, 0x80; csrs mie, t0
4:  addi a0, a0, 1
    CHECK(s7, 1); la t0, 4b; CHECK_REG(s8, t0); CHECK(a0, 17)
    # 6: both lines at once: external first (the handler drops both: one trap)
    CASE(6); li s7, 0; csrci mstatus, 8; li t1, 3; sw t1, 0(s1); EXPECT_IRQ(CAUSE_IRQ_EXTERNAL)
    csrsi mstatus, 8
    nop; nop; nop
    CHECK(s7, 1)
    # 7: in the handler MIE = 0 and MPIE = 1; after mret MIE = 1 again
    CASE(7); csrr a1, mstatus; CHECK(a1, 0x1888)
    # 8: a loop of loads, stores, branches, multiplies and divides, interrupted
    CASE(8); li s7, 0; EXPECT_IRQ(CAUSE_IRQ_EXTERNAL); la a2, idata; li a3, 40; li a4, 0; li a5, 0
    li t1, 97; sw t1, 0(s2)
5:  lw a6, 0(a2); addi a6, a6, 3; sw a6, 0(a2); li a7, 3; divu a7, a6, a7; add a4, a4, a7
    mul a7, a6, a6; add a5, a5, a7; addi a3, a3, -1; bnez a3, 5b
    CHECK(s7, 1); lw a6, 0(a2); CHECK(a6, 120); CHECK(a4, 820); CHECK(a5, 199260)
    # 9: the timer line at many different cycles: always exactly one interrupt, count exact
    CASE(9); li s4, 1
6:  li s7, 0; li a0, 0; EXPECT_IRQ(CAUSE_IRQ_TIMER)
    sw s4, 0(s3)
    COUNT16; COUNT16
    CHECK(s7, 1); CHECK(a0, 32)
    addi s4, s4, 1; li t0, 30; bltu s4, t0, 6b
    csrw mie, zero
    j pass

    .data
    .align 2
idata: .word 0
