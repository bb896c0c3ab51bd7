/* mul/mulh/mulhsu/mulhu signs and div/divu/rem/remu edge cases: division by zero
 * (quotient all ones, remainder the dividend), INT_MIN / -1 (quotient INT_MIN,
 * remainder 0), signs of quotient and remainder, high words of every signedness;
 * then results used at once, back-to-back and with rd = rs1. */
#include "common.h"
main:
    # 1: div 5 / 0 (division by zero)
    CASE(1); li a0, 0x00000005; li a1, 0x00000000; div a2, a0, a1; CHECK(a2, 0xffffffff)
    # 2: div -5 / 0 (division by zero)
    CASE(2); li a0, 0xfffffffb; li a1, 0x00000000; div a2, a0, a1; CHECK(a2, 0xffffffff)
    # 3: div 0 / 0 (division by zero)
    CASE(3); li a0, 0x00000000; li a1, 0x00000000; div a2, a0, a1; CHECK(a2, 0xffffffff)
    # 4: div INT_MIN / 0 (division by zero)
    CASE(4); li a0, 0x80000000; li a1, 0x00000000; div a2, a0, a1; CHECK(a2, 0xffffffff)
    # 5: div -1 / 0 (division by zero)
    CASE(5); li a0, 0xffffffff; li a1, 0x00000000; div a2, a0, a1; CHECK(a2, 0xffffffff)
    # 6: rem 5 / 0 (division by zero)
    CASE(6); li a0, 0x00000005; li a1, 0x00000000; rem a2, a0, a1; CHECK(a2, 0x00000005)
    # 7: rem -5 / 0 (division by zero)
    CASE(7); li a0, 0xfffffffb; li a1, 0x00000000; rem a2, a0, a1; CHECK(a2, 0xfffffffb)
    # 8: rem 0 / 0 (division by zero)
    CASE(8); li a0, 0x00000000; li a1, 0x00000000; rem a2, a0, a1; CHECK(a2, 0x00000000)
    # 9: rem INT_MIN / 0 (division by zero)
    CASE(9); li a0, 0x80000000; li a1, 0x00000000; rem a2, a0, a1; CHECK(a2, 0x80000000)
    # 10: rem -1 / 0 (division by zero)
    CASE(10); li a0, 0xffffffff; li a1, 0x00000000; rem a2, a0, a1; CHECK(a2, 0xffffffff)
    # 11: divu 5 / 0 (division by zero)
    CASE(11); li a0, 0x00000005; li a1, 0x00000000; divu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 12: divu -5 / 0 (division by zero)
    CASE(12); li a0, 0xfffffffb; li a1, 0x00000000; divu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 13: divu 0 / 0 (division by zero)
    CASE(13); li a0, 0x00000000; li a1, 0x00000000; divu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 14: divu INT_MIN / 0 (division by zero)
    CASE(14); li a0, 0x80000000; li a1, 0x00000000; divu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 15: divu -1 / 0 (division by zero)
    CASE(15); li a0, 0xffffffff; li a1, 0x00000000; divu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 16: remu 5 / 0 (division by zero)
    CASE(16); li a0, 0x00000005; li a1, 0x00000000; remu a2, a0, a1; CHECK(a2, 0x00000005)
    # 17: remu -5 / 0 (division by zero)
    CASE(17); li a0, 0xfffffffb; li a1, 0x00000000; remu a2, a0, a1; CHECK(a2, 0xfffffffb)
    # 18: remu 0 / 0 (division by zero)
    CASE(18); li a0, 0x00000000; li a1, 0x00000000; remu a2, a0, a1; CHECK(a2, 0x00000000)
    # 19: remu INT_MIN / 0 (division by zero)
    CASE(19); li a0, 0x80000000; li a1, 0x00000000; remu a2, a0, a1; CHECK(a2, 0x80000000)
    # 20: remu -1 / 0 (division by zero)
    CASE(20); li a0, 0xffffffff; li a1, 0x00000000; remu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 21: div INT_MIN / -1 overflows to INT_MIN
    CASE(21); li a0, 0x80000000; li a1, 0xffffffff; div a2, a0, a1; CHECK(a2, 0x80000000)
    # 22: rem INT_MIN % -1 = 0
    CASE(22); li a0, 0x80000000; li a1, 0xffffffff; rem a2, a0, a1; CHECK(a2, 0x00000000)
    # 23: divu 0x80000000 / 0xffffffff = 0
    CASE(23); li a0, 0x80000000; li a1, 0xffffffff; divu a2, a0, a1; CHECK(a2, 0x00000000)
    # 24: remu 0x80000000 % 0xffffffff
    CASE(24); li a0, 0x80000000; li a1, 0xffffffff; remu a2, a0, a1; CHECK(a2, 0x80000000)
    # 25: div 7 by 2
    CASE(25); li a0, 0x00000007; li a1, 0x00000002; div a2, a0, a1; CHECK(a2, 0x00000003)
    # 26: rem 7 by 2
    CASE(26); li a0, 0x00000007; li a1, 0x00000002; rem a2, a0, a1; CHECK(a2, 0x00000001)
    # 27: divu 7 by 2
    CASE(27); li a0, 0x00000007; li a1, 0x00000002; divu a2, a0, a1; CHECK(a2, 0x00000003)
    # 28: remu 7 by 2
    CASE(28); li a0, 0x00000007; li a1, 0x00000002; remu a2, a0, a1; CHECK(a2, 0x00000001)
    # 29: div -7 by 2
    CASE(29); li a0, 0xfffffff9; li a1, 0x00000002; div a2, a0, a1; CHECK(a2, 0xfffffffd)
    # 30: rem -7 by 2
    CASE(30); li a0, 0xfffffff9; li a1, 0x00000002; rem a2, a0, a1; CHECK(a2, 0xffffffff)
    # 31: divu -7 by 2
    CASE(31); li a0, 0xfffffff9; li a1, 0x00000002; divu a2, a0, a1; CHECK(a2, 0x7ffffffc)
    # 32: remu -7 by 2
    CASE(32); li a0, 0xfffffff9; li a1, 0x00000002; remu a2, a0, a1; CHECK(a2, 0x00000001)
    # 33: div 7 by -2
    CASE(33); li a0, 0x00000007; li a1, 0xfffffffe; div a2, a0, a1; CHECK(a2, 0xfffffffd)
    # 34: rem 7 by -2
    CASE(34); li a0, 0x00000007; li a1, 0xfffffffe; rem a2, a0, a1; CHECK(a2, 0x00000001)
    # 35: divu 7 by -2
    CASE(35); li a0, 0x00000007; li a1, 0xfffffffe; divu a2, a0, a1; CHECK(a2, 0x00000000)
    # 36: remu 7 by -2
    CASE(36); li a0, 0x00000007; li a1, 0xfffffffe; remu a2, a0, a1; CHECK(a2, 0x00000007)
    # 37: div -7 by -2
    CASE(37); li a0, 0xfffffff9; li a1, 0xfffffffe; div a2, a0, a1; CHECK(a2, 0x00000003)
    # 38: rem -7 by -2
    CASE(38); li a0, 0xfffffff9; li a1, 0xfffffffe; rem a2, a0, a1; CHECK(a2, 0xffffffff)
    # 39: divu -7 by -2
    CASE(39); li a0, 0xfffffff9; li a1, 0xfffffffe; divu a2, a0, a1; CHECK(a2, 0x00000000)
    # 40: remu -7 by -2
    CASE(40); li a0, 0xfffffff9; li a1, 0xfffffffe; remu a2, a0, a1; CHECK(a2, 0xfffffff9)
    # 41: div -2147483648 by 1
    CASE(41); li a0, 0x80000000; li a1, 0x00000001; div a2, a0, a1; CHECK(a2, 0x80000000)
    # 42: rem -2147483648 by 1
    CASE(42); li a0, 0x80000000; li a1, 0x00000001; rem a2, a0, a1; CHECK(a2, 0x00000000)
    # 43: divu -2147483648 by 1
    CASE(43); li a0, 0x80000000; li a1, 0x00000001; divu a2, a0, a1; CHECK(a2, 0x80000000)
    # 44: remu -2147483648 by 1
    CASE(44); li a0, 0x80000000; li a1, 0x00000001; remu a2, a0, a1; CHECK(a2, 0x00000000)
    # 45: div -2147483648 by -2147483648
    CASE(45); li a0, 0x80000000; li a1, 0x80000000; div a2, a0, a1; CHECK(a2, 0x00000001)
    # 46: rem -2147483648 by -2147483648
    CASE(46); li a0, 0x80000000; li a1, 0x80000000; rem a2, a0, a1; CHECK(a2, 0x00000000)
    # 47: divu -2147483648 by -2147483648
    CASE(47); li a0, 0x80000000; li a1, 0x80000000; divu a2, a0, a1; CHECK(a2, 0x00000001)
    # 48: remu -2147483648 by -2147483648
    CASE(48); li a0, 0x80000000; li a1, 0x80000000; remu a2, a0, a1; CHECK(a2, 0x00000000)
    # 49: div 1 by -2147483648
    CASE(49); li a0, 0x00000001; li a1, 0x80000000; div a2, a0, a1; CHECK(a2, 0x00000000)
    # 50: rem 1 by -2147483648
    CASE(50); li a0, 0x00000001; li a1, 0x80000000; rem a2, a0, a1; CHECK(a2, 0x00000001)
    # 51: divu 1 by -2147483648
    CASE(51); li a0, 0x00000001; li a1, 0x80000000; divu a2, a0, a1; CHECK(a2, 0x00000000)
    # 52: remu 1 by -2147483648
    CASE(52); li a0, 0x00000001; li a1, 0x80000000; remu a2, a0, a1; CHECK(a2, 0x00000001)
    # 53: div 2147483647 by -1
    CASE(53); li a0, 0x7fffffff; li a1, 0xffffffff; div a2, a0, a1; CHECK(a2, 0x80000001)
    # 54: rem 2147483647 by -1
    CASE(54); li a0, 0x7fffffff; li a1, 0xffffffff; rem a2, a0, a1; CHECK(a2, 0x00000000)
    # 55: divu 2147483647 by -1
    CASE(55); li a0, 0x7fffffff; li a1, 0xffffffff; divu a2, a0, a1; CHECK(a2, 0x00000000)
    # 56: remu 2147483647 by -1
    CASE(56); li a0, 0x7fffffff; li a1, 0xffffffff; remu a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 57: div -1 by -2147483648
    CASE(57); li a0, 0xffffffff; li a1, 0x80000000; div a2, a0, a1; CHECK(a2, 0x00000000)
    # 58: rem -1 by -2147483648
    CASE(58); li a0, 0xffffffff; li a1, 0x80000000; rem a2, a0, a1; CHECK(a2, 0xffffffff)
    # 59: divu -1 by -2147483648
    CASE(59); li a0, 0xffffffff; li a1, 0x80000000; divu a2, a0, a1; CHECK(a2, 0x00000001)
    # 60: remu -1 by -2147483648
    CASE(60); li a0, 0xffffffff; li a1, 0x80000000; remu a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 61: div 305419896 by 4660
    CASE(61); li a0, 0x12345678; li a1, 0x00001234; div a2, a0, a1; CHECK(a2, 0x00010004)
    # 62: rem 305419896 by 4660
    CASE(62); li a0, 0x12345678; li a1, 0x00001234; rem a2, a0, a1; CHECK(a2, 0x00000da8)
    # 63: divu 305419896 by 4660
    CASE(63); li a0, 0x12345678; li a1, 0x00001234; divu a2, a0, a1; CHECK(a2, 0x00010004)
    # 64: remu 305419896 by 4660
    CASE(64); li a0, 0x12345678; li a1, 0x00001234; remu a2, a0, a1; CHECK(a2, 0x00000da8)
    # 65: div -1698898192 by 7
    CASE(65); li a0, 0x9abcdef0; li a1, 0x00000007; div a2, a0, a1; CHECK(a2, 0xf188b223)
    # 66: rem -1698898192 by 7
    CASE(66); li a0, 0x9abcdef0; li a1, 0x00000007; rem a2, a0, a1; CHECK(a2, 0xfffffffb)
    # 67: divu -1698898192 by 7
    CASE(67); li a0, 0x9abcdef0; li a1, 0x00000007; divu a2, a0, a1; CHECK(a2, 0x161afb46)
    # 68: remu -1698898192 by 7
    CASE(68); li a0, 0x9abcdef0; li a1, 0x00000007; remu a2, a0, a1; CHECK(a2, 0x00000006)
    # 69: mul -1 x -1
    CASE(69); li a0, 0xffffffff; li a1, 0xffffffff; mul a2, a0, a1; CHECK(a2, 0x00000001)
    # 70: mulh -1 x -1
    CASE(70); li a0, 0xffffffff; li a1, 0xffffffff; mulh a2, a0, a1; CHECK(a2, 0x00000000)
    # 71: mulhsu -1 x -1
    CASE(71); li a0, 0xffffffff; li a1, 0xffffffff; mulhsu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 72: mulhu -1 x -1
    CASE(72); li a0, 0xffffffff; li a1, 0xffffffff; mulhu a2, a0, a1; CHECK(a2, 0xfffffffe)
    # 73: mul INT_MIN x INT_MIN
    CASE(73); li a0, 0x80000000; li a1, 0x80000000; mul a2, a0, a1; CHECK(a2, 0x00000000)
    # 74: mulh INT_MIN x INT_MIN
    CASE(74); li a0, 0x80000000; li a1, 0x80000000; mulh a2, a0, a1; CHECK(a2, 0x40000000)
    # 75: mulhsu INT_MIN x INT_MIN
    CASE(75); li a0, 0x80000000; li a1, 0x80000000; mulhsu a2, a0, a1; CHECK(a2, 0xc0000000)
    # 76: mulhu INT_MIN x INT_MIN
    CASE(76); li a0, 0x80000000; li a1, 0x80000000; mulhu a2, a0, a1; CHECK(a2, 0x40000000)
    # 77: mul INT_MIN x -1
    CASE(77); li a0, 0x80000000; li a1, 0xffffffff; mul a2, a0, a1; CHECK(a2, 0x80000000)
    # 78: mulh INT_MIN x -1
    CASE(78); li a0, 0x80000000; li a1, 0xffffffff; mulh a2, a0, a1; CHECK(a2, 0x00000000)
    # 79: mulhsu INT_MIN x -1
    CASE(79); li a0, 0x80000000; li a1, 0xffffffff; mulhsu a2, a0, a1; CHECK(a2, 0x80000000)
    # 80: mulhu INT_MIN x -1
    CASE(80); li a0, 0x80000000; li a1, 0xffffffff; mulhu a2, a0, a1; CHECK(a2, 0x7fffffff)
    # 81: mul INT_MAX x INT_MAX
    CASE(81); li a0, 0x7fffffff; li a1, 0x7fffffff; mul a2, a0, a1; CHECK(a2, 0x00000001)
    # 82: mulh INT_MAX x INT_MAX
    CASE(82); li a0, 0x7fffffff; li a1, 0x7fffffff; mulh a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 83: mulhsu INT_MAX x INT_MAX
    CASE(83); li a0, 0x7fffffff; li a1, 0x7fffffff; mulhsu a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 84: mulhu INT_MAX x INT_MAX
    CASE(84); li a0, 0x7fffffff; li a1, 0x7fffffff; mulhu a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 85: mul -2 x 3
    CASE(85); li a0, 0xfffffffe; li a1, 0x00000003; mul a2, a0, a1; CHECK(a2, 0xfffffffa)
    # 86: mulh -2 x 3
    CASE(86); li a0, 0xfffffffe; li a1, 0x00000003; mulh a2, a0, a1; CHECK(a2, 0xffffffff)
    # 87: mulhsu -2 x 3
    CASE(87); li a0, 0xfffffffe; li a1, 0x00000003; mulhsu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 88: mulhu -2 x 3
    CASE(88); li a0, 0xfffffffe; li a1, 0x00000003; mulhu a2, a0, a1; CHECK(a2, 0x00000002)
    # 89: mul 3 x -2
    CASE(89); li a0, 0x00000003; li a1, 0xfffffffe; mul a2, a0, a1; CHECK(a2, 0xfffffffa)
    # 90: mulh 3 x -2
    CASE(90); li a0, 0x00000003; li a1, 0xfffffffe; mulh a2, a0, a1; CHECK(a2, 0xffffffff)
    # 91: mulhsu 3 x -2
    CASE(91); li a0, 0x00000003; li a1, 0xfffffffe; mulhsu a2, a0, a1; CHECK(a2, 0x00000002)
    # 92: mulhu 3 x -2
    CASE(92); li a0, 0x00000003; li a1, 0xfffffffe; mulhu a2, a0, a1; CHECK(a2, 0x00000002)
    # 93: mul INT_MIN x INT_MAX
    CASE(93); li a0, 0x80000000; li a1, 0x7fffffff; mul a2, a0, a1; CHECK(a2, 0x80000000)
    # 94: mulh INT_MIN x INT_MAX
    CASE(94); li a0, 0x80000000; li a1, 0x7fffffff; mulh a2, a0, a1; CHECK(a2, 0xc0000000)
    # 95: mulhsu INT_MIN x INT_MAX
    CASE(95); li a0, 0x80000000; li a1, 0x7fffffff; mulhsu a2, a0, a1; CHECK(a2, 0xc0000000)
    # 96: mulhu INT_MIN x INT_MAX
    CASE(96); li a0, 0x80000000; li a1, 0x7fffffff; mulhu a2, a0, a1; CHECK(a2, 0x3fffffff)
    # 97: mul 0 x -1
    CASE(97); li a0, 0x00000000; li a1, 0xffffffff; mul a2, a0, a1; CHECK(a2, 0x00000000)
    # 98: mulh 0 x -1
    CASE(98); li a0, 0x00000000; li a1, 0xffffffff; mulh a2, a0, a1; CHECK(a2, 0x00000000)
    # 99: mulhsu 0 x -1
    CASE(99); li a0, 0x00000000; li a1, 0xffffffff; mulhsu a2, a0, a1; CHECK(a2, 0x00000000)
    # 100: mulhu 0 x -1
    CASE(100); li a0, 0x00000000; li a1, 0xffffffff; mulhu a2, a0, a1; CHECK(a2, 0x00000000)
    # 101: mul 1 x -1
    CASE(101); li a0, 0x00000001; li a1, 0xffffffff; mul a2, a0, a1; CHECK(a2, 0xffffffff)
    # 102: mulh 1 x -1
    CASE(102); li a0, 0x00000001; li a1, 0xffffffff; mulh a2, a0, a1; CHECK(a2, 0xffffffff)
    # 103: mulhsu 1 x -1
    CASE(103); li a0, 0x00000001; li a1, 0xffffffff; mulhsu a2, a0, a1; CHECK(a2, 0x00000000)
    # 104: mulhu 1 x -1
    CASE(104); li a0, 0x00000001; li a1, 0xffffffff; mulhu a2, a0, a1; CHECK(a2, 0x00000000)
    # 105: mul mixed
    CASE(105); li a0, 0x12345678; li a1, 0x9abcdef0; mul a2, a0, a1; CHECK(a2, 0x242d2080)
    # 106: mulh mixed
    CASE(106); li a0, 0x12345678; li a1, 0x9abcdef0; mulh a2, a0, a1; CHECK(a2, 0xf8cc93d6)
    # 107: mulhsu mixed
    CASE(107); li a0, 0x12345678; li a1, 0x9abcdef0; mulhsu a2, a0, a1; CHECK(a2, 0x0b00ea4e)
    # 108: mulhu mixed
    CASE(108); li a0, 0x12345678; li a1, 0x9abcdef0; mulhu a2, a0, a1; CHECK(a2, 0x0b00ea4e)
    # 109: mul halves
    CASE(109); li a0, 0xffff0000; li a1, 0x0000ffff; mul a2, a0, a1; CHECK(a2, 0x00010000)
    # 110: mulh halves
    CASE(110); li a0, 0xffff0000; li a1, 0x0000ffff; mulh a2, a0, a1; CHECK(a2, 0xffffffff)
    # 111: mulhsu halves
    CASE(111); li a0, 0xffff0000; li a1, 0x0000ffff; mulhsu a2, a0, a1; CHECK(a2, 0xffffffff)
    # 112: mulhu halves
    CASE(112); li a0, 0xffff0000; li a1, 0x0000ffff; mulhu a2, a0, a1; CHECK(a2, 0x0000fffe)
    # 113: mul halves swapped
    CASE(113); li a0, 0x0000ffff; li a1, 0xffff0000; mul a2, a0, a1; CHECK(a2, 0x00010000)
    # 114: mulh halves swapped
    CASE(114); li a0, 0x0000ffff; li a1, 0xffff0000; mulh a2, a0, a1; CHECK(a2, 0xffffffff)
    # 115: mulhsu halves swapped
    CASE(115); li a0, 0x0000ffff; li a1, 0xffff0000; mulhsu a2, a0, a1; CHECK(a2, 0x0000fffe)
    # 116: mulhu halves swapped
    CASE(116); li a0, 0x0000ffff; li a1, 0xffff0000; mulhu a2, a0, a1; CHECK(a2, 0x0000fffe)
    # 117: mul carry between halves
    CASE(117); li a0, 0x8000ffff; li a1, 0xffff8000; mul a2, a0, a1; CHECK(a2, 0x80008000)
    # 118: mulh carry between halves
    CASE(118); li a0, 0x8000ffff; li a1, 0xffff8000; mulh a2, a0, a1; CHECK(a2, 0x00003fff)
    # 119: mulhsu carry between halves
    CASE(119); li a0, 0x8000ffff; li a1, 0xffff8000; mulhsu a2, a0, a1; CHECK(a2, 0x80013ffe)
    # 120: mulhu carry between halves
    CASE(120); li a0, 0x8000ffff; li a1, 0xffff8000; mulhu a2, a0, a1; CHECK(a2, 0x8000bffe)
    # 121: a product used by the next instruction, and a chain of them
    CASE(121); li a0, 3; li a1, 5; mul a2, a0, a1; addi a3, a2, 1; CHECK(a3, 16)
    mul a4, a2, a2; mul a4, a4, a0; mulhu a5, a4, a4; CHECK(a4, 675); CHECK(a5, 0)
    # 122: rd = rs1 = rs2
    CASE(122); li a0, -3; mul a0, a0, a0; CHECK(a0, 9)
    li a0, -7; div a0, a0, a0; CHECK(a0, 1)
    # 123: a quotient feeding a divide, remainder feeding a branch
    CASE(123); li a0, 1000; li a1, 7; divu a2, a0, a1; divu a3, a2, a1; remu a4, a2, a1
    CHECK(a2, 142); CHECK(a3, 20); CHECK(a4, 2)
    li a0, 10; li a1, 5; rem a2, a0, a1; bnez a2, fail
    # 124: an operand loaded just before (load-use into the multiplier and the divider)
    CASE(124); la t0, operands; lw a0, 0(t0); mul a2, a0, a0; lw a1, 4(t0); div a3, a0, a1
    CHECK(a2, 0x00000190); CHECK(a3, 0xfffffffe)
    j pass

    .data
    .align 2
operands: .word 20, -10
