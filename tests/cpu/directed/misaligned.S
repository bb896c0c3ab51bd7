/* Misaligned accesses and jump targets trap (the core does not split accesses):
 * loads -> mcause 4, stores -> 6, taken branches and jumps to a target with bit 1
 * set -> 0; mepc is the instruction itself, mtval the misaligned address, and
 * neither rd nor memory changes. Bytes never trap; jalr drops bit 0 of its target;
 * a not-taken branch with a misaligned target does not trap. */
#include "common.h"
#define TRAPS(n) CHECK(s7, n)
    .option norvc
main:
    la s0, mdata
    # 1: lh at an odd address
    CASE(1); li s7, 0; li a0, 0x5555; EXPECT(CAUSE_LOAD_MISALIGNED, 1f)
m1: lh a0, 1(s0)
    j fail
1:  TRAPS(1); la t0, m1; CHECK_REG(s8, t0); addi t0, s0, 1; CHECK_REG(s9, t0); CHECK(a0, 0x5555)
    # 2: lhu at offset 3 (crosses the word)
    CASE(2); li s7, 0; EXPECT(CAUSE_LOAD_MISALIGNED, 1f)
m2: lhu a0, 3(s0)
    j fail
1:  TRAPS(1); la t0, m2; CHECK_REG(s8, t0); addi t0, s0, 3; CHECK_REG(s9, t0); CHECK(a0, 0x5555)
    # 3-5: lw at offsets 1, 2, 3
    CASE(3); li s7, 0; EXPECT(CAUSE_LOAD_MISALIGNED, 1f)
m3: lw a0, 1(s0)
    j fail
1:  TRAPS(1); la t0, m3; CHECK_REG(s8, t0); addi t0, s0, 1; CHECK_REG(s9, t0); CHECK(a0, 0x5555)
    CASE(4); li s7, 0; EXPECT(CAUSE_LOAD_MISALIGNED, 1f)
m4: lw a0, 2(s0)
    j fail
1:  TRAPS(1); la t0, m4; CHECK_REG(s8, t0); addi t0, s0, 2; CHECK_REG(s9, t0); CHECK(a0, 0x5555)
    CASE(5); li s7, 0; EXPECT(CAUSE_LOAD_MISALIGNED, 1f)
m5: lw a0, 3(s0)
    j fail
1:  TRAPS(1); la t0, m5; CHECK_REG(s8, t0); addi t0, s0, 3; CHECK_REG(s9, t0); CHECK(a0, 0x5555)
    # 6: sh at an odd address: trap, memory unchanged
    CASE(6); li s7, 0; li a1, -1; EXPECT(CAUSE_STORE_MISALIGNED, 1f)
m6: sh a1, 5(s0)
    j fail
1:  TRAPS(1); la t0, m6; CHECK_REG(s8, t0); addi t0, s0, 5; CHECK_REG(s9, t0)
    lw a0, 4(s0); CHECK(a0, 0x44332211)
    # 7: sw at offset 2: trap, memory unchanged
    CASE(7); li s7, 0; EXPECT(CAUSE_STORE_MISALIGNED, 1f)
m7: sw a1, 10(s0)
    j fail
1:  TRAPS(1); la t0, m7; CHECK_REG(s8, t0); addi t0, s0, 10; CHECK_REG(s9, t0)
    lw a0, 8(s0); CHECK(a0, 0x88776655)
    # 8: bytes at every offset never trap
    CASE(8); li s7, 0; NO_TRAP; lb a0, 3(s0); lbu a0, 1(s0); sb a0, 15(s0); lbu a0, 15(s0); CHECK(a0, 0x55); TRAPS(0)
    # 9: jal to a target with bit 1 set: trap on the jal, ra not written
    CASE(9); li s7, 0; li ra, 0x1234; EXPECT(CAUSE_FETCH_MISALIGNED, 1f)
m9: jal ra, .+6
    j fail
1:  TRAPS(1); la t0, m9; CHECK_REG(s8, t0); addi t0, t0, 6; CHECK_REG(s9, t0); CHECK(ra, 0x1234)
    # 10: jalr to a target with bit 1 set
    CASE(10); li s7, 0; la a2, jtarget; addi a2, a2, 2; li ra, 0x1234; EXPECT(CAUSE_FETCH_MISALIGNED, 1f)
m10: jalr ra, 0(a2)
    j fail
1:  TRAPS(1); la t0, m10; CHECK_REG(s8, t0); CHECK_REG(s9, a2); CHECK(ra, 0x1234)
    # 11: jalr to a target with bit 0 set: bit 0 is dropped, no trap, ra written
    CASE(11); li s7, 0; NO_TRAP; la a2, jtarget; addi a2, a2, 1
m11: jalr ra, 0(a2)
    j fail
jtarget:
    TRAPS(0); la t0, m11 + 4; CHECK_REG(ra, t0)
    # 12: jalr with an odd immediate to a target with bit 1 set
    CASE(12); li s7, 0; la a2, jtarget; addi a2, a2, 4; EXPECT(CAUSE_FETCH_MISALIGNED, 1f)
m12: jalr ra, -1(a2)
    j fail
1:  TRAPS(1); la t0, m12; CHECK_REG(s8, t0); la t0, jtarget + 2; CHECK_REG(s9, t0)
    # 13: taken branch to a misaligned target traps on the branch
    CASE(13); li s7, 0; EXPECT(CAUSE_FETCH_MISALIGNED, 1f)
m13: beq x0, x0, .+6
    j fail
1:  TRAPS(1); la t0, m13; CHECK_REG(s8, t0); addi t0, t0, 6; CHECK_REG(s9, t0)
    # 14: not-taken branch with a misaligned target: no trap
    CASE(14); li s7, 0; NO_TRAP
    bne x0, x0, .+6
    TRAPS(0)
    j pass

    .data
    .align 4
mdata: .word 0x55555555, 0x44332211, 0x88776655, 0x00000000
