/* CSR instructions: csrrw/csrrs/csrrc and their immediate forms return the old
 * value and write the new one; rs1 = x0 / uimm = 0 set and clear nothing; the
 * read-only identification CSRs read 0, misa reads RV32IM; the WARL fields: mstatus
 * keeps MIE and MPIE and reads MPP = 11, mie keeps MEIE and MTIE, mip ignores writes,
 * mepc and mtvec drop their two low bits, mcause keeps bit 31 and its code; a CSR
 * value is forwarded to the next instruction, and a value loaded just before can be
 * written. */
#include "common.h"
main:
    # 1: csrrw swaps
    CASE(1); li a1, 0x12345678; csrw mscratch, a1; li a2, 0xcafe; csrrw a0, mscratch, a2
    CHECK(a0, 0x12345678); csrr a0, mscratch; CHECK(a0, 0xcafe)
    # 2: csrrs / csrrc set and clear bits, return the old value
    CASE(2); li a1, 0xf0; csrrs a0, mscratch, a1; CHECK(a0, 0xcafe); csrr a0, mscratch; CHECK(a0, 0xcafe)
    li a1, 0x0f00; csrrs a0, mscratch, a1; csrr a0, mscratch; CHECK(a0, 0xcffe)
    li a1, 0xc00e; csrrc a0, mscratch, a1; CHECK(a0, 0xcffe); csrr a0, mscratch; CHECK(a0, 0x0ff0)
    # 3: immediate forms
    CASE(3); csrrwi a0, mscratch, 31; CHECK(a0, 0x0ff0); csrrsi a0, mscratch, 0; CHECK(a0, 31)
    csrrci a0, mscratch, 5; CHECK(a0, 31); csrrsi a0, mscratch, 0x10; CHECK(a0, 26); csrr a0, mscratch; CHECK(a0, 26)
    # 4: x0 / zero immediate: nothing written
    CASE(4); csrrs a0, mscratch, x0; csrrc a0, mscratch, x0; csrrci a0, mscratch, 0; csrr a0, mscratch; CHECK(a0, 26)
    # 5: identification CSRs and misa
    CASE(5); csrr a0, mvendorid; CHECK(a0, 0); csrr a0, marchid; CHECK(a0, 0); csrr a0, mimpid; CHECK(a0, 0)
    csrr a0, mhartid; CHECK(a0, 0); csrr a0, misa; CHECK(a0, 0x40001100)
    csrwi misa, 0; csrr a0, misa; CHECK(a0, 0x40001100)   /* writes ignored */
    # 6: mstatus: only MIE and MPIE are kept, MPP reads 11 (mie = 0: no interrupt is taken)
    CASE(6); csrw mie, zero; li a1, -1; csrw mstatus, a1; csrr a0, mstatus; CHECK(a0, 0x1888)
    csrw mstatus, zero; csrr a0, mstatus; CHECK(a0, 0x1800)
    # 7: mie keeps MEIE and MTIE; mip ignores writes and reads the (low) interrupt lines
    CASE(7); li a1, -1; csrw mie, a1; csrr a0, mie; CHECK(a0, 0x880); csrw mie, zero
    csrw mip, a1; csrr a0, mip; CHECK(a0, 0)
    # 8: mepc and mtvec drop their two low bits
    CASE(8); li a1, 0x80001237; csrw mepc, a1; csrr a0, mepc; CHECK(a0, 0x80001234)
    csrr s1, mtvec; li a1, 0x80002003; csrw mtvec, a1; csrr a0, mtvec; CHECK(a0, 0x80002000); csrw mtvec, s1
    # 9: mcause keeps the interrupt bit and the code; mtval and mscratch all 32 bits
    CASE(9); li a1, 0x8000000b; csrw mcause, a1; csrr a0, mcause; CHECK(a0, 0x8000000b)
    li a1, 2; csrw mcause, a1; csrr a0, mcause; CHECK(a0, 2)
    li a1, 0xdeadbeef; csrw mtval, a1; csrr a0, mtval; CHECK(a0, 0xdeadbeef)
    # 10: a CSR's old value used by the next instruction, CSR instructions back to back
    CASE(10); li a1, 100; csrw mscratch, a1; csrrwi a0, mscratch, 7; addi a0, a0, 1; CHECK(a0, 101)
    csrrwi a0, mscratch, 9; csrrwi a2, mscratch, 11; CHECK(a0, 7); CHECK(a2, 9)
    # 11: a value loaded just before is written to a CSR; an ALU result just before, too
    CASE(11); la t0, cdata; lw a1, 0(t0); csrw mscratch, a1; csrr a0, mscratch; CHECK(a0, 0x13579bdf)
    addi a1, a1, 1; csrw mscratch, a1; csrr a0, mscratch; CHECK(a0, 0x13579be0)
    j pass

    .data
    .align 2
cdata: .word 0x13579bdf
