/* WFI (cycles are read from the harness before the interrupt is armed, so the
 * bounds hold under any stalls): with mstatus.MIE = 0 it sleeps until (mip & mie) != 0, then continues after
 * the WFI without a trap; with MIE = 1 the interrupt is taken after the WFI has
 * retired (mepc = the WFI + 4); with an interrupt already pending and enabled it
 * does not sleep; the timer line wakes it the same way. */
#include "common.h"
main:
    li s1, TB_IRQ
    li s2, TB_EXT_AFTER
    li s3, TB_TIM_AFTER
    li s4, TB_CYCLE
    # 1: MIE = 0, MEIE = 1: wakes 200 cycles later, no trap, continues after the WFI
    CASE(1); li s7, 0; NO_TRAP; li t0, 0x800; csrw mie, t0
    lw a0, 0(s4); li t1, 200; sw t1, 0(s2)
    wfi
    lw a1, 0(s4); sub a2, a1, a0; li t0, 190; bltu a2, t0, fail
    CHECK(s7, 0); csrr a3, mip; CHECK(a3, 0x800); sw zero, 0(s1)
    # 2: MIE = 1: the interrupt is taken after the WFI, mepc = the WFI + 4
    CASE(2); li s7, 0; EXPECT_IRQ(CAUSE_IRQ_EXTERNAL); csrsi mstatus, 8
    lw a0, 0(s4); li t1, 150; sw t1, 0(s2)
    wfi
1:  lw a1, 0(s4); sub a2, a1, a0; li t0, 140; bltu a2, t0, fail
    CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); csrci mstatus, 8
    # 3: already pending and enabled (MIE = 0): no sleep
    CASE(3); li s7, 0; NO_TRAP; li t1, 1; sw t1, 0(s1); lw a0, 0(s4)
    wfi
    lw a1, 0(s4); sub a2, a1, a0; li t0, 200; bgeu a2, t0, fail; sw zero, 0(s1)
    # 4: the timer wakes it (MIE = 0, MTIE = 1)
    CASE(4); li s7, 0; NO_TRAP; li t0, 0x80; csrw mie, t0
    lw a0, 0(s4); li t1, 300; sw t1, 0(s3)
    wfi
    lw a1, 0(s4); sub a2, a1, a0; li t0, 290; bltu a2, t0, fail
    csrr a3, mip; CHECK(a3, 0x80); sw zero, 0(s1)
    # 5: a line pending but not enabled in mie does not wake it; the enabled one does
    CASE(5); li t0, 0x800; csrw mie, t0; li t1, 2; sw t1, 0(s1)
    lw a0, 0(s4); li t1, 250; sw t1, 0(s2)
    wfi
    lw a1, 0(s4); sub a2, a1, a0; li t0, 240; bltu a2, t0, fail
    csrr a3, mip; CHECK(a3, 0x880); sw zero, 0(s1); csrw mie, zero
    j pass
