/* x0: writes by every kind of instruction are dropped, and an instruction right
 * after such a write reads 0 (nothing is forwarded from a write to x0). */
#include "common.h"
main:
    la s0, xdata
    # 1: addi to x0, read at once
    CASE(1); addi x0, x0, 5; addi a0, x0, 7; CHECK(a0, 7); CHECK(x0, 0)
    # 2: lui and auipc to x0
    CASE(2); lui x0, 0x12345; add a0, x0, x0; CHECK(a0, 0); auipc x0, 1; or a0, x0, x0; CHECK(a0, 0)
    # 3: jal and jalr to x0 (the link is dropped)
    CASE(3); jal x0, 1f; j fail
1:  add a0, x0, x0; CHECK(a0, 0)
    la a1, 2f; jalr x0, 0(a1); j fail
2:  add a0, zero, x0; CHECK(a0, 0)
    # 4: a load to x0, read at once (no load-use data from it)
    CASE(4); lw x0, 0(s0); add a0, x0, x0; CHECK(a0, 0); lw x0, 0(s0); sw x0, 4(s0); lw a0, 4(s0); CHECK(a0, 0)
    # 5: csrrw to x0 writes the CSR but not x0
    CASE(5); li a1, 0x5a5a; csrrw x0, mscratch, a1; add a0, x0, x0; CHECK(a0, 0); csrr a0, mscratch; CHECK(a0, 0x5a5a)
    # 6: mul and div to x0
    CASE(6); li a1, 9; mul x0, a1, a1; add a0, x0, x0; CHECK(a0, 0); div x0, a1, a1; sub a0, x0, x0; CHECK(a0, 0)
    # 7: x0 as store data and as a branch operand right after a write to it
    CASE(7); li a1, -1; sw a1, 8(s0); addi x0, x0, 1; sw x0, 8(s0); lw a0, 8(s0); CHECK(a0, 0)
    addi x0, x0, 1; bne x0, zero, fail
    # 8: every ALU operation to x0
    CASE(8); li a1, 0x1234; slli x0, a1, 3; xor x0, a1, a1; slt x0, zero, a1; sltu x0, zero, a1; sra x0, a1, a1
    add a0, x0, zero; CHECK(a0, 0)
    j pass

    .data
    .align 2
xdata: .word 0x12345678, 0x9abcdef0, 0
