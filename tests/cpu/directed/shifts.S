/* Shifts: immediate shifts by 0, 1 and 31, register shifts by 0, 31 and by amounts
 * whose low five bits are what counts (32, 33, -1, 0xffffffe0); logical and
 * arithmetic right shifts of negative and positive values. */
#include "common.h"
main:
    # 1: slli 0x80000001 by 0
    CASE(1); li a0, 0x80000001; slli a2, a0, 0; CHECK(a2, 0x80000001)
    # 2: srli 0x80000001 by 0
    CASE(2); li a0, 0x80000001; srli a2, a0, 0; CHECK(a2, 0x80000001)
    # 3: srai 0x80000001 by 0
    CASE(3); li a0, 0x80000001; srai a2, a0, 0; CHECK(a2, 0x80000001)
    # 4: slli 0x80000001 by 1
    CASE(4); li a0, 0x80000001; slli a2, a0, 1; CHECK(a2, 0x00000002)
    # 5: srli 0x80000001 by 1
    CASE(5); li a0, 0x80000001; srli a2, a0, 1; CHECK(a2, 0x40000000)
    # 6: srai 0x80000001 by 1
    CASE(6); li a0, 0x80000001; srai a2, a0, 1; CHECK(a2, 0xc0000000)
    # 7: slli 0x80000001 by 31
    CASE(7); li a0, 0x80000001; slli a2, a0, 31; CHECK(a2, 0x80000000)
    # 8: srli 0x80000001 by 31
    CASE(8); li a0, 0x80000001; srli a2, a0, 31; CHECK(a2, 0x00000001)
    # 9: srai 0x80000001 by 31
    CASE(9); li a0, 0x80000001; srai a2, a0, 31; CHECK(a2, 0xffffffff)
    # 10: sll 0x80000001 by 0
    CASE(10); li a0, 0x80000001; li a1, 0x00000000; sll a2, a0, a1; CHECK(a2, 0x80000001)
    # 11: srl 0x80000001 by 0
    CASE(11); li a0, 0x80000001; li a1, 0x00000000; srl a2, a0, a1; CHECK(a2, 0x80000001)
    # 12: sra 0x80000001 by 0
    CASE(12); li a0, 0x80000001; li a1, 0x00000000; sra a2, a0, a1; CHECK(a2, 0x80000001)
    # 13: sll 0x80000001 by 31
    CASE(13); li a0, 0x80000001; li a1, 0x0000001f; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 14: srl 0x80000001 by 31
    CASE(14); li a0, 0x80000001; li a1, 0x0000001f; srl a2, a0, a1; CHECK(a2, 0x00000001)
    # 15: sra 0x80000001 by 31
    CASE(15); li a0, 0x80000001; li a1, 0x0000001f; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 16: sll 0x80000001 by 32 (low five bits: 0)
    CASE(16); li a0, 0x80000001; li a1, 0x00000020; sll a2, a0, a1; CHECK(a2, 0x80000001)
    # 17: srl 0x80000001 by 32 (low five bits: 0)
    CASE(17); li a0, 0x80000001; li a1, 0x00000020; srl a2, a0, a1; CHECK(a2, 0x80000001)
    # 18: sra 0x80000001 by 32 (low five bits: 0)
    CASE(18); li a0, 0x80000001; li a1, 0x00000020; sra a2, a0, a1; CHECK(a2, 0x80000001)
    # 19: sll 0x80000001 by 33 (low five bits: 1)
    CASE(19); li a0, 0x80000001; li a1, 0x00000021; sll a2, a0, a1; CHECK(a2, 0x00000002)
    # 20: srl 0x80000001 by 33 (low five bits: 1)
    CASE(20); li a0, 0x80000001; li a1, 0x00000021; srl a2, a0, a1; CHECK(a2, 0x40000000)
    # 21: sra 0x80000001 by 33 (low five bits: 1)
    CASE(21); li a0, 0x80000001; li a1, 0x00000021; sra a2, a0, a1; CHECK(a2, 0xc0000000)
    # 22: sll 0x80000001 by -1 (low five bits: 31)
    CASE(22); li a0, 0x80000001; li a1, 0xffffffff; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 23: srl 0x80000001 by -1 (low five bits: 31)
    CASE(23); li a0, 0x80000001; li a1, 0xffffffff; srl a2, a0, a1; CHECK(a2, 0x00000001)
    # 24: sra 0x80000001 by -1 (low five bits: 31)
    CASE(24); li a0, 0x80000001; li a1, 0xffffffff; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 25: sll 0x80000001 by 0xffffffe0 (low five bits: 0)
    CASE(25); li a0, 0x80000001; li a1, 0xffffffe0; sll a2, a0, a1; CHECK(a2, 0x80000001)
    # 26: srl 0x80000001 by 0xffffffe0 (low five bits: 0)
    CASE(26); li a0, 0x80000001; li a1, 0xffffffe0; srl a2, a0, a1; CHECK(a2, 0x80000001)
    # 27: sra 0x80000001 by 0xffffffe0 (low five bits: 0)
    CASE(27); li a0, 0x80000001; li a1, 0xffffffe0; sra a2, a0, a1; CHECK(a2, 0x80000001)
    # 28: slli INT_MAX by 0
    CASE(28); li a0, 0x7fffffff; slli a2, a0, 0; CHECK(a2, 0x7fffffff)
    # 29: srli INT_MAX by 0
    CASE(29); li a0, 0x7fffffff; srli a2, a0, 0; CHECK(a2, 0x7fffffff)
    # 30: srai INT_MAX by 0
    CASE(30); li a0, 0x7fffffff; srai a2, a0, 0; CHECK(a2, 0x7fffffff)
    # 31: slli INT_MAX by 1
    CASE(31); li a0, 0x7fffffff; slli a2, a0, 1; CHECK(a2, 0xfffffffe)
    # 32: srli INT_MAX by 1
    CASE(32); li a0, 0x7fffffff; srli a2, a0, 1; CHECK(a2, 0x3fffffff)
    # 33: srai INT_MAX by 1
    CASE(33); li a0, 0x7fffffff; srai a2, a0, 1; CHECK(a2, 0x3fffffff)
    # 34: slli INT_MAX by 31
    CASE(34); li a0, 0x7fffffff; slli a2, a0, 31; CHECK(a2, 0x80000000)
    # 35: srli INT_MAX by 31
    CASE(35); li a0, 0x7fffffff; srli a2, a0, 31; CHECK(a2, 0x00000000)
    # 36: srai INT_MAX by 31
    CASE(36); li a0, 0x7fffffff; srai a2, a0, 31; CHECK(a2, 0x00000000)
    # 37: sll INT_MAX by 0
    CASE(37); li a0, 0x7fffffff; li a1, 0x00000000; sll a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 38: srl INT_MAX by 0
    CASE(38); li a0, 0x7fffffff; li a1, 0x00000000; srl a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 39: sra INT_MAX by 0
    CASE(39); li a0, 0x7fffffff; li a1, 0x00000000; sra a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 40: sll INT_MAX by 31
    CASE(40); li a0, 0x7fffffff; li a1, 0x0000001f; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 41: srl INT_MAX by 31
    CASE(41); li a0, 0x7fffffff; li a1, 0x0000001f; srl a2, a0, a1; CHECK(a2, 0x00000000)
    # 42: sra INT_MAX by 31
    CASE(42); li a0, 0x7fffffff; li a1, 0x0000001f; sra a2, a0, a1; CHECK(a2, 0x00000000)
    # 43: sll INT_MAX by 32 (low five bits: 0)
    CASE(43); li a0, 0x7fffffff; li a1, 0x00000020; sll a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 44: srl INT_MAX by 32 (low five bits: 0)
    CASE(44); li a0, 0x7fffffff; li a1, 0x00000020; srl a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 45: sra INT_MAX by 32 (low five bits: 0)
    CASE(45); li a0, 0x7fffffff; li a1, 0x00000020; sra a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 46: sll INT_MAX by 33 (low five bits: 1)
    CASE(46); li a0, 0x7fffffff; li a1, 0x00000021; sll a2, a0, a1; CHECK(a2, 0xfffffffe)
    # 47: srl INT_MAX by 33 (low five bits: 1)
    CASE(47); li a0, 0x7fffffff; li a1, 0x00000021; srl a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 48: sra INT_MAX by 33 (low five bits: 1)
    CASE(48); li a0, 0x7fffffff; li a1, 0x00000021; sra a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 49: sll INT_MAX by -1 (low five bits: 31)
    CASE(49); li a0, 0x7fffffff; li a1, 0xffffffff; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 50: srl INT_MAX by -1 (low five bits: 31)
    CASE(50); li a0, 0x7fffffff; li a1, 0xffffffff; srl a2, a0, a1; CHECK(a2, 0x00000000)
    # 51: sra INT_MAX by -1 (low five bits: 31)
    CASE(51); li a0, 0x7fffffff; li a1, 0xffffffff; sra a2, a0, a1; CHECK(a2, 0x00000000)
    # 52: sll INT_MAX by 0xffffffe0 (low five bits: 0)
    CASE(52); li a0, 0x7fffffff; li a1, 0xffffffe0; sll a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 53: srl INT_MAX by 0xffffffe0 (low five bits: 0)
    CASE(53); li a0, 0x7fffffff; li a1, 0xffffffe0; srl a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 54: sra INT_MAX by 0xffffffe0 (low five bits: 0)
    CASE(54); li a0, 0x7fffffff; li a1, 0xffffffe0; sra a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 55: slli -1 by 0
    CASE(55); li a0, 0xffffffff; slli a2, a0, 0; CHECK(a2, 0xffffffff)
    # 56: srli -1 by 0
    CASE(56); li a0, 0xffffffff; srli a2, a0, 0; CHECK(a2, 0xffffffff)
    # 57: srai -1 by 0
    CASE(57); li a0, 0xffffffff; srai a2, a0, 0; CHECK(a2, 0xffffffff)
    # 58: slli -1 by 1
    CASE(58); li a0, 0xffffffff; slli a2, a0, 1; CHECK(a2, 0xfffffffe)
    # 59: srli -1 by 1
    CASE(59); li a0, 0xffffffff; srli a2, a0, 1; CHECK(a2, 0x7fffffff)
    # 60: srai -1 by 1
    CASE(60); li a0, 0xffffffff; srai a2, a0, 1; CHECK(a2, 0xffffffff)
    # 61: slli -1 by 31
    CASE(61); li a0, 0xffffffff; slli a2, a0, 31; CHECK(a2, 0x80000000)
    # 62: srli -1 by 31
    CASE(62); li a0, 0xffffffff; srli a2, a0, 31; CHECK(a2, 0x00000001)
    # 63: srai -1 by 31
    CASE(63); li a0, 0xffffffff; srai a2, a0, 31; CHECK(a2, 0xffffffff)
    # 64: sll -1 by 0
    CASE(64); li a0, 0xffffffff; li a1, 0x00000000; sll a2, a0, a1; CHECK(a2, 0xffffffff)
    # 65: srl -1 by 0
    CASE(65); li a0, 0xffffffff; li a1, 0x00000000; srl a2, a0, a1; CHECK(a2, 0xffffffff)
    # 66: sra -1 by 0
    CASE(66); li a0, 0xffffffff; li a1, 0x00000000; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 67: sll -1 by 31
    CASE(67); li a0, 0xffffffff; li a1, 0x0000001f; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 68: srl -1 by 31
    CASE(68); li a0, 0xffffffff; li a1, 0x0000001f; srl a2, a0, a1; CHECK(a2, 0x00000001)
    # 69: sra -1 by 31
    CASE(69); li a0, 0xffffffff; li a1, 0x0000001f; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 70: sll -1 by 32 (low five bits: 0)
    CASE(70); li a0, 0xffffffff; li a1, 0x00000020; sll a2, a0, a1; CHECK(a2, 0xffffffff)
    # 71: srl -1 by 32 (low five bits: 0)
    CASE(71); li a0, 0xffffffff; li a1, 0x00000020; srl a2, a0, a1; CHECK(a2, 0xffffffff)
    # 72: sra -1 by 32 (low five bits: 0)
    CASE(72); li a0, 0xffffffff; li a1, 0x00000020; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 73: sll -1 by 33 (low five bits: 1)
    CASE(73); li a0, 0xffffffff; li a1, 0x00000021; sll a2, a0, a1; CHECK(a2, 0xfffffffe)
    # 74: srl -1 by 33 (low five bits: 1)
    CASE(74); li a0, 0xffffffff; li a1, 0x00000021; srl a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 75: sra -1 by 33 (low five bits: 1)
    CASE(75); li a0, 0xffffffff; li a1, 0x00000021; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 76: sll -1 by -1 (low five bits: 31)
    CASE(76); li a0, 0xffffffff; li a1, 0xffffffff; sll a2, a0, a1; CHECK(a2, 0x80000000)
    # 77: srl -1 by -1 (low five bits: 31)
    CASE(77); li a0, 0xffffffff; li a1, 0xffffffff; srl a2, a0, a1; CHECK(a2, 0x00000001)
    # 78: sra -1 by -1 (low five bits: 31)
    CASE(78); li a0, 0xffffffff; li a1, 0xffffffff; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 79: sll -1 by 0xffffffe0 (low five bits: 0)
    CASE(79); li a0, 0xffffffff; li a1, 0xffffffe0; sll a2, a0, a1; CHECK(a2, 0xffffffff)
    # 80: srl -1 by 0xffffffe0 (low five bits: 0)
    CASE(80); li a0, 0xffffffff; li a1, 0xffffffe0; srl a2, a0, a1; CHECK(a2, 0xffffffff)
    # 81: sra -1 by 0xffffffe0 (low five bits: 0)
    CASE(81); li a0, 0xffffffff; li a1, 0xffffffe0; sra a2, a0, a1; CHECK(a2, 0xffffffff)
    # 82: slli 0x12345678 by 0
    CASE(82); li a0, 0x12345678; slli a2, a0, 0; CHECK(a2, 0x12345678)
    # 83: srli 0x12345678 by 0
    CASE(83); li a0, 0x12345678; srli a2, a0, 0; CHECK(a2, 0x12345678)
    # 84: srai 0x12345678 by 0
    CASE(84); li a0, 0x12345678; srai a2, a0, 0; CHECK(a2, 0x12345678)
    # 85: slli 0x12345678 by 1
    CASE(85); li a0, 0x12345678; slli a2, a0, 1; CHECK(a2, 0x2468acf0)
    # 86: srli 0x12345678 by 1
    CASE(86); li a0, 0x12345678; srli a2, a0, 1; CHECK(a2, 0x091a2b3c)
    # 87: srai 0x12345678 by 1
    CASE(87); li a0, 0x12345678; srai a2, a0, 1; CHECK(a2, 0x091a2b3c)
    # 88: slli 0x12345678 by 31
    CASE(88); li a0, 0x12345678; slli a2, a0, 31; CHECK(a2, 0x00000000)
    # 89: srli 0x12345678 by 31
    CASE(89); li a0, 0x12345678; srli a2, a0, 31; CHECK(a2, 0x00000000)
    # 90: srai 0x12345678 by 31
    CASE(90); li a0, 0x12345678; srai a2, a0, 31; CHECK(a2, 0x00000000)
    # 91: sll 0x12345678 by 0
    CASE(91); li a0, 0x12345678; li a1, 0x00000000; sll a2, a0, a1; CHECK(a2, 0x12345678)
    # 92: srl 0x12345678 by 0
    CASE(92); li a0, 0x12345678; li a1, 0x00000000; srl a2, a0, a1; CHECK(a2, 0x12345678)
    # 93: sra 0x12345678 by 0
    CASE(93); li a0, 0x12345678; li a1, 0x00000000; sra a2, a0, a1; CHECK(a2, 0x12345678)
    # 94: sll 0x12345678 by 31
    CASE(94); li a0, 0x12345678; li a1, 0x0000001f; sll a2, a0, a1; CHECK(a2, 0x00000000)
    # 95: srl 0x12345678 by 31
    CASE(95); li a0, 0x12345678; li a1, 0x0000001f; srl a2, a0, a1; CHECK(a2, 0x00000000)
    # 96: sra 0x12345678 by 31
    CASE(96); li a0, 0x12345678; li a1, 0x0000001f; sra a2, a0, a1; CHECK(a2, 0x00000000)
    # 97: sll 0x12345678 by 32 (low five bits: 0)
    CASE(97); li a0, 0x12345678; li a1, 0x00000020; sll a2, a0, a1; CHECK(a2, 0x12345678)
    # 98: srl 0x12345678 by 32 (low five bits: 0)
    CASE(98); li a0, 0x12345678; li a1, 0x00000020; srl a2, a0, a1; CHECK(a2, 0x12345678)
    # 99: sra 0x12345678 by 32 (low five bits: 0)
    CASE(99); li a0, 0x12345678; li a1, 0x00000020; sra a2, a0, a1; CHECK(a2, 0x12345678)
    # 100: sll 0x12345678 by 33 (low five bits: 1)
    CASE(100); li a0, 0x12345678; li a1, 0x00000021; sll a2, a0, a1; CHECK(a2, 0x2468acf0)
    # 101: srl 0x12345678 by 33 (low five bits: 1)
    CASE(101); li a0, 0x12345678; li a1, 0x00000021; srl a2, a0, a1; CHECK(a2, 0x091a2b3c)
    # 102: sra 0x12345678 by 33 (low five bits: 1)
    CASE(102); li a0, 0x12345678; li a1, 0x00000021; sra a2, a0, a1; CHECK(a2, 0x091a2b3c)
    # 103: sll 0x12345678 by -1 (low five bits: 31)
    CASE(103); li a0, 0x12345678; li a1, 0xffffffff; sll a2, a0, a1; CHECK(a2, 0x00000000)
    # 104: srl 0x12345678 by -1 (low five bits: 31)
    CASE(104); li a0, 0x12345678; li a1, 0xffffffff; srl a2, a0, a1; CHECK(a2, 0x00000000)
    # 105: sra 0x12345678 by -1 (low five bits: 31)
    CASE(105); li a0, 0x12345678; li a1, 0xffffffff; sra a2, a0, a1; CHECK(a2, 0x00000000)
    # 106: sll 0x12345678 by 0xffffffe0 (low five bits: 0)
    CASE(106); li a0, 0x12345678; li a1, 0xffffffe0; sll a2, a0, a1; CHECK(a2, 0x12345678)
    # 107: srl 0x12345678 by 0xffffffe0 (low five bits: 0)
    CASE(107); li a0, 0x12345678; li a1, 0xffffffe0; srl a2, a0, a1; CHECK(a2, 0x12345678)
    # 108: sra 0x12345678 by 0xffffffe0 (low five bits: 0)
    CASE(108); li a0, 0x12345678; li a1, 0xffffffe0; sra a2, a0, a1; CHECK(a2, 0x12345678)
    j pass
