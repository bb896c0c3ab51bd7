/* Pipeline hazards: back-to-back load-use on either operand, load-use chains,
 * pointer chasing, a load feeding a store's address and data, a branch or jalr on
 * a value just loaded, ALU chains through each forwarding distance, a branch right
 * after the ALU result it compares, taken branches back to back. */
#include "common.h"
main:
    la s0, hdata
    # 1: load then use at once, as rs1 and as rs2
    CASE(1); lw a0, 0(s0); addi a1, a0, 1; CHECK(a1, 11)
    lw a0, 4(s0); sub a1, zero, a0; CHECK(a1, -20)
    # 2: load-use chain: each load's address from the previous load (pointer chasing)
    CASE(2); la a0, chain0; lw a0, 0(a0); lw a0, 0(a0); lw a0, 0(a0); lw a1, 0(a0); CHECK(a1, 0x600d)
    # 3: loaded value as store data and as store address, then read back
    CASE(3); lw a0, 0(s0); sw a0, 8(s0); lw a1, 8(s0); CHECK(a1, 10)
    la a2, hptr; lw a2, 0(a2); sw a1, 0(a2); lw a3, 12(s0); CHECK(a3, 10)
    # 4: branch on a value loaded just before (taken and not taken)
    CASE(4); lw a0, 0(s0); li a1, 10; beq a0, a1, 1f; j fail
1:  lw a0, 4(s0); beq a0, a1, fail
    # 5: jalr to an address loaded just before
    CASE(5); la a0, hjump; lw a0, 0(a0); jalr ra, 0(a0)
5:  j fail
hjumped:
    la a1, 5b; bne ra, a1, fail   /* the link is the jalr's pc + 4 */
    # 6: ALU chain, every instruction using the one before (forward from W each time)
    CASE(6); li a0, 1; add a0, a0, a0; add a0, a0, a0; add a0, a0, a0; slli a0, a0, 2; xori a0, a0, 1; CHECK(a0, 33)
    # 7: distance two and three (forward from the last register write, then the register file)
    CASE(7); li a0, 5; li a1, 7; li a2, 9; add a3, a0, a1; add a4, a0, a2; add a5, a3, a4; CHECK(a5, 26)
    # 8: the same register written twice in a row, then read (the younger write wins)
    CASE(8); li a0, 1; li a0, 2; addi a1, a0, 0; CHECK(a1, 2)
    lw a0, 0(s0); li a0, 3; addi a1, a0, 0; CHECK(a1, 3)
    li a0, 4; lw a0, 0(s0); addi a1, a0, 0; CHECK(a1, 10)
    # 9: branch right after the ALU result it compares
    CASE(9); li a0, 3; addi a0, a0, -3; bnez a0, fail; addi a0, a0, 1; beqz a0, fail
    # 10: taken branches back to back, and a taken branch to a taken branch
    CASE(10); li a0, 0; beqz zero, 1f; j fail
1:  beqz zero, 2f; j fail
2:  beqz zero, 3f
3:  bnez zero, fail; addi a0, a0, 1; CHECK(a0, 1)
    # 11: loop with a load-use and a store each iteration: sum and copy 8 words
    CASE(11); la a0, arr; la a1, arr_copy; li a2, 8; li a3, 0
4:  lw a4, 0(a0); add a3, a3, a4; sw a4, 0(a1); addi a0, a0, 4; addi a1, a1, 4; addi a2, a2, -1; bnez a2, 4b
    CHECK(a3, 36); la a1, arr_copy; lw a4, 28(a1); CHECK(a4, 8)
    # 12: jal link used at once, and a call/return pair
    CASE(12); jal a0, 7f
7:  la a1, 7b; bne a0, a1, fail
    call hsub; CHECK(a0, 42)
    # 13: lui/auipc results used at once
    CASE(13); lui a0, 0x12345; addi a0, a0, 0x678; CHECK(a0, 0x12345678)
8:  auipc a0, 0; la a1, 8b; bne a0, a1, fail
    j pass

hsub:
    li a0, 41
    addi a0, a0, 1
    ret

    .data
    .align 2
hdata:  .word 10, 20, 0, 0
hptr:   .word hdata + 12
hjump:  .word hjumped
chain0: .word chain1
chain1: .word chain2
chain2: .word chain3
chain3: .word 0x600d
arr:    .word 1, 2, 3, 4, 5, 6, 7, 8
arr_copy: .space 32
