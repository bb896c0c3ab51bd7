/* Counters: minstret counts retired instructions exactly (instret is its alias),
 * a write to minstret or minstreth replaces the increment of the writing
 * instruction, and the low word carries into the high word; mcycle counts cycles
 * (cycle is its alias) and is writable the same way; trapped instructions (a
 * faulting load) do not count. */
#include "common.h"
main:
    # 1: ten instructions between two reads: the difference is 11 (the second read itself not)
    CASE(1); csrr a0, minstret; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; csrr a1, minstret
    sub a2, a1, a0; CHECK(a2, 11)
    # 2: instret reads the same counter
    CASE(2); csrr a0, minstret; csrr a1, instret; sub a2, a1, a0; CHECK(a2, 1)
    csrr a0, minstreth; csrr a1, instreth; CHECK_REG(a0, a1)
    # 3: a write: the next instruction reads the written value
    CASE(3); csrwi minstret, 0; csrr a0, minstret; CHECK(a0, 0)
    li t0, 1000; csrw minstret, t0; nop; nop; csrr a0, minstret; CHECK(a0, 1002)
    # 4: carry into minstreth; writing minstreth does not count either
    CASE(4); li t0, -1; li t1, 5; csrw minstret, t0; csrw minstreth, t1; nop; csrr a0, minstreth; csrr a1, minstret
    CHECK(a0, 6); CHECK(a1, 1)
    # 5: mcycle advances at least once per instruction, and not absurdly more
    CASE(5); csrr a0, mcycle; nop; nop; nop; nop; nop; nop; nop; nop; nop; nop; csrr a1, mcycle
    sub a2, a1, a0; li t0, 11; bltu a2, t0, fail; li t0, 1000; bgeu a2, t0, fail
    csrr a0, mcycle; csrr a1, cycle; sub a2, a1, a0; beqz a2, fail; li t0, 100; bgeu a2, t0, fail
    # 6: mcycle write, and the carry into mcycleh
    CASE(6); csrwi mcycle, 0; csrr a0, mcycle; li t0, 100; bgeu a0, t0, fail
    li t1, 7; csrw mcycleh, t1; li t0, -8; csrw mcycle, t0
    nop; nop; nop; nop; nop; nop; nop; nop; nop; nop
    csrr a0, mcycleh; CHECK(a0, 8); csrr a1, cycleh; CHECK(a1, 8)
    # 7: a faulting load does not retire: the count across it is that of the handler's path
    CASE(7); li s1, TB_NOWHERE; li s7, 0; EXPECT(CAUSE_LOAD_FAULT, 1f)
    csrr a0, minstret
    lw a1, 0(s1)
1:  csrr a1, minstret
    /* retired in between: the first csrr, then the handler: csrr, bne, csrr, csrr, addi,
       li, bgez, beqz, csrw, mret = 11 instructions; the lw is not among them */
    sub a2, a1, a0; CHECK(a2, 11)
    j pass
