/* ecall (mcause 11) and ebreak (mcause 3): mepc is the instruction, mtval 0; the
 * trap saves mstatus.MIE in MPIE and clears MIE, mret restores MIE from MPIE and sets
 * MPIE; mret jumps to mepc, whose two low bits read 0; a trap vector in mtvec ignores
 * the mode bits written to it. */
#include "common.h"
    .option norvc
main:
    # 1: ecall with MIE = 0
    CASE(1); li s7, 0; EXPECT(CAUSE_ECALL_M, 2f)
1:  ecall
    j fail
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); CHECK(s9, 0)
    csrr a0, mstatus; CHECK(a0, 0x1880)            /* MPP = 11, MPIE = 1 after mret, MIE = 0 */
    # 2: ebreak
    CASE(2); li s7, 0; EXPECT(CAUSE_BREAKPOINT, 2f)
1:  ebreak
    j fail
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); CHECK(s9, 0)
    # 3: mstatus inside the handler and after mret, with MIE = 1 (mie = 0: no interrupts)
    CASE(3); csrw mie, zero; la t0, h3; csrw mtvec, t0; csrsi mstatus, 8
    csrr a0, mstatus; CHECK(a0, 0x1888)
    li a1, 0
1:  ecall
    addi a1, a1, 1                                  /* the handler returns here */
    CHECK(a1, 1); CHECK(a2, 0x1880); CHECK(a3, 11); la t0, 1b; CHECK_REG(a4, t0)
    csrr a0, mstatus; CHECK(a0, 0x1888)            /* MIE back from MPIE, MPIE = 1 */
    csrci mstatus, 8
    # 4: the same with MIE = 0: MPIE = 0 in the handler, MIE stays 0 after mret
    CASE(4); li a1, 0
1:  ebreak
    addi a1, a1, 1
    CHECK(a1, 1); CHECK(a2, 0x1800); CHECK(a3, 3); la t0, 1b; CHECK_REG(a4, t0)
    csrr a0, mstatus; CHECK(a0, 0x1880)
    # 5: mepc's two low bits read 0; mret goes to mepc
    CASE(5); la t0, 1f; ori t1, t0, 3; csrw mepc, t1; csrr a0, mepc; CHECK_REG(a0, t0)
    mret
    j fail
1:  # 6: mtvec mode bits are ignored (direct mode): writing 1 reads back 0, traps go to the base
    CASE(6); la t0, h6; ori t1, t0, 1; csrw mtvec, t1; csrr a0, mtvec; CHECK_REG(a0, t0)
    li a1, 0
    ecall
    CHECK(a1, 6)
    la t0, trap_handler; csrw mtvec, t0
    j pass

    .align 2
h3: csrr a2, mstatus
    csrr a3, mcause
    csrr a4, mepc
    addi t0, a4, 4
    csrw mepc, t0
    mret
    .align 2
h6: li a1, 6
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret
