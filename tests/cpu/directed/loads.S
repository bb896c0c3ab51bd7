/* Loads of every width at every aligned offset, sign- and zero-extending bytes and
 * halfwords with the top bit set and clear; stores of every width at every aligned
 * offset touch only their bytes; a load right after a store to the same address
 * (word, halfword, byte, and a narrower load of a wider store). */
#include "common.h"
main:
    la s0, ldata
    # 1: lb at byte offset 0: sign-extends 0x7f
    CASE(1); lb a0, 0(s0); CHECK(a0, 0x0000007f)
    # 2: lbu at byte offset 0: zero-extends 0x7f
    CASE(2); lbu a0, 0(s0); CHECK(a0, 0x0000007f)
    # 3: lh at byte offset 0: sign-extends 0x017f
    CASE(3); lh a0, 0(s0); CHECK(a0, 0x0000017f)
    # 4: lhu at byte offset 0: zero-extends 0x017f
    CASE(4); lhu a0, 0(s0); CHECK(a0, 0x0000017f)
    # 5: lw at byte offset 0: sign-extends 0x80ff017f
    CASE(5); lw a0, 0(s0); CHECK(a0, 0x80ff017f)
    # 6: lb at byte offset 1: sign-extends 0x01
    CASE(6); lb a0, 1(s0); CHECK(a0, 0x00000001)
    # 7: lbu at byte offset 1: zero-extends 0x01
    CASE(7); lbu a0, 1(s0); CHECK(a0, 0x00000001)
    # 8: lb at byte offset 2: sign-extends 0xff
    CASE(8); lb a0, 2(s0); CHECK(a0, 0xffffffff)
    # 9: lbu at byte offset 2: zero-extends 0xff
    CASE(9); lbu a0, 2(s0); CHECK(a0, 0x000000ff)
    # 10: lh at byte offset 2: sign-extends 0x80ff
    CASE(10); lh a0, 2(s0); CHECK(a0, 0xffff80ff)
    # 11: lhu at byte offset 2: zero-extends 0x80ff
    CASE(11); lhu a0, 2(s0); CHECK(a0, 0x000080ff)
    # 12: lb at byte offset 3: sign-extends 0x80
    CASE(12); lb a0, 3(s0); CHECK(a0, 0xffffff80)
    # 13: lbu at byte offset 3: zero-extends 0x80
    CASE(13); lbu a0, 3(s0); CHECK(a0, 0x00000080)
    # 14: lb at byte offset 4: sign-extends 0xfe
    CASE(14); lb a0, 4(s0); CHECK(a0, 0xfffffffe)
    # 15: lbu at byte offset 4: zero-extends 0xfe
    CASE(15); lbu a0, 4(s0); CHECK(a0, 0x000000fe)
    # 16: lh at byte offset 4: sign-extends 0x80fe
    CASE(16); lh a0, 4(s0); CHECK(a0, 0xffff80fe)
    # 17: lhu at byte offset 4: zero-extends 0x80fe
    CASE(17); lhu a0, 4(s0); CHECK(a0, 0x000080fe)
    # 18: lw at byte offset 4: sign-extends 0x7f0180fe
    CASE(18); lw a0, 4(s0); CHECK(a0, 0x7f0180fe)
    # 19: lb at byte offset 5: sign-extends 0x80
    CASE(19); lb a0, 5(s0); CHECK(a0, 0xffffff80)
    # 20: lbu at byte offset 5: zero-extends 0x80
    CASE(20); lbu a0, 5(s0); CHECK(a0, 0x00000080)
    # 21: lb at byte offset 6: sign-extends 0x01
    CASE(21); lb a0, 6(s0); CHECK(a0, 0x00000001)
    # 22: lbu at byte offset 6: zero-extends 0x01
    CASE(22); lbu a0, 6(s0); CHECK(a0, 0x00000001)
    # 23: lh at byte offset 6: sign-extends 0x7f01
    CASE(23); lh a0, 6(s0); CHECK(a0, 0x00007f01)
    # 24: lhu at byte offset 6: zero-extends 0x7f01
    CASE(24); lhu a0, 6(s0); CHECK(a0, 0x00007f01)
    # 25: lb at byte offset 7: sign-extends 0x7f
    CASE(25); lb a0, 7(s0); CHECK(a0, 0x0000007f)
    # 26: lbu at byte offset 7: zero-extends 0x7f
    CASE(26); lbu a0, 7(s0); CHECK(a0, 0x0000007f)
    # 27-30: sb at each byte offset changes that byte only
    la s1, sdata
    li a1, 0x11223344
    CASE(27); sw a1, 0(s1); li a2, 0xa5; sb a2, 0(s1); lw a0, 0(s1); CHECK(a0, 0x112233a5)
    CASE(28); sw a1, 0(s1); sb a2, 1(s1); lw a0, 0(s1); CHECK(a0, 0x1122a544)
    CASE(29); sw a1, 0(s1); sb a2, 2(s1); lw a0, 0(s1); CHECK(a0, 0x11a53344)
    CASE(30); sw a1, 0(s1); sb a2, 3(s1); lw a0, 0(s1); CHECK(a0, 0xa5223344)
    # 31-32: sh at each halfword offset (only the low 16 bits of rs2 are stored)
    li a2, 0xdeadbeef
    CASE(31); sw a1, 0(s1); sh a2, 0(s1); lw a0, 0(s1); CHECK(a0, 0x1122beef)
    CASE(32); sw a1, 0(s1); sh a2, 2(s1); lw a0, 0(s1); CHECK(a0, 0xbeef3344)
    # 33: sw leaves the neighbouring words alone
    CASE(33); sw a1, 0(s1); sw a1, 8(s1); sw a2, 4(s1); lw a0, 0(s1); CHECK(a0, 0x11223344)
    lw a0, 8(s1); CHECK(a0, 0x11223344); lw a0, 4(s1); CHECK(a0, 0xdeadbeef)
    # 34: store then load of the same address, each width, back to back
    CASE(34); li a2, 0x89abcdef; sw a2, 12(s1); lw a0, 12(s1); CHECK(a0, 0x89abcdef)
    li a2, -2; sh a2, 14(s1); lh a0, 14(s1); CHECK(a0, -2); lhu a0, 14(s1); CHECK(a0, 0xfffe)
    li a2, 0x80; sb a2, 13(s1); lb a0, 13(s1); CHECK(a0, 0xffffff80); lbu a0, 13(s1); CHECK(a0, 0x80)
    lw a0, 12(s1); CHECK(a0, 0xfffe80ef)
    # 35: narrower loads of a word just stored
    CASE(35); li a2, 0x8001ff7e; sw a2, 16(s1); lb a0, 17(s1); CHECK(a0, 0xffffffff)
    lh a0, 18(s1); CHECK(a0, 0xffff8001); lbu a0, 16(s1); CHECK(a0, 0x7e)
    # 36: a store whose data was loaded just before, then a load of it
    CASE(36); lw a3, 0(s0); sw a3, 20(s1); lw a0, 20(s1); CHECK(a0, 0x80ff017f)
    j pass

    .data
    .align 4
ldata: .word 0x80ff017f, 0x7f0180fe
sdata: .space 32
