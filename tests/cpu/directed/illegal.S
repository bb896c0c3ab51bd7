/* Illegal instructions trap with mcause 2, mepc the instruction, mtval the
 * instruction word, and change no register: the all-zero and all-ones words, a
 * 16-bit (compressed) encoding, reserved funct3/funct7 values of every major opcode,
 * slli/srli/srai with shamt bit 5, SYSTEM words that are not ecall/ebreak/mret/wfi
 * (sret, dret, sfence.vma, ecall with rd set), FENCE with a reserved funct3; CSRs
 * that do not exist (satp, pmpcfg0, mcountinhibit, time, timeh) and writes to
 * read-only ones (mhartid, cycle, instret) trap, while reading a read-only CSR with
 * csrrs/csrrc x0 or a zero immediate does not. */
#include "common.h"
    .option norvc
/* ILLEGAL(n, instruction...): case n must trap as illegal with mtval = its word */
#define ILLEGAL(n, ...) \
    CASE(n); li s7, 0; li a0, 0x7777; EXPECT(CAUSE_ILLEGAL, 2f); \
1:  __VA_ARGS__; j fail; \
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); lw t0, 0(t0); CHECK_REG(s9, t0); CHECK(a0, 0x7777)
main:
    ILLEGAL(1, .word 0x00000000)                    /* all zeros */
    ILLEGAL(2, .word 0xffffffff)                    /* all ones */
    ILLEGAL(3, .word 0x00004501)                    /* c.li a0, 0: no C extension */
    ILLEGAL(4, .word 0x02051513)                    /* slli a0, a0, 32 */
    ILLEGAL(5, .word 0x02055513)                    /* srli a0, a0, 32 */
    ILLEGAL(6, .word 0x42055513)                    /* srai a0, a0, 32 */
    ILLEGAL(7, .word 0x40b54533)                    /* xor with funct7 0100000 */
    ILLEGAL(8, .word 0x40b51533)                    /* sll with funct7 0100000 */
    ILLEGAL(9, .word 0x02b50533 | (1 << 29))        /* OP with funct7 0100001 */
    ILLEGAL(10, .word 0x0005b503)                   /* ld (load funct3 011) */
    ILLEGAL(11, .word 0x0005e503)                   /* load funct3 110 (lwu) */
    ILLEGAL(12, .word 0x00a5b023)                   /* sd (store funct3 011) */
    ILLEGAL(13, .word 0x00a5c023)                   /* store funct3 100 */
    ILLEGAL(14, .word 0x00059567)                   /* jalr funct3 001 */
    ILLEGAL(15, .word 0x00b52063 | (2 << 12))       /* branch funct3 010 */
    ILLEGAL(16, .word 0x00b53063)                   /* branch funct3 011 */
    ILLEGAL(17, .word 0x10200073)                   /* sret */
    ILLEGAL(18, .word 0x7b200073)                   /* dret */
    ILLEGAL(19, .word 0x12000073)                   /* sfence.vma */
    ILLEGAL(20, .word 0x000000f3)                   /* ecall with rd = 1 */
    ILLEGAL(21, .word 0x00004073)                   /* SYSTEM funct3 100 */
    ILLEGAL(22, .word 0x0000200f)                   /* MISC-MEM funct3 010 */
    ILLEGAL(23, .word 0x0000000b)                   /* custom-0 opcode */
    ILLEGAL(24, .word 0x00000057)                   /* OP-V opcode */
    ILLEGAL(25, .word 0x00000053)                   /* OP-FP opcode */
    ILLEGAL(26, csrr a0, satp)
    ILLEGAL(27, csrr a0, pmpcfg0)
    ILLEGAL(28, csrr a0, 0x320)                     /* mcountinhibit */
    ILLEGAL(29, csrr a0, time)
    ILLEGAL(30, csrr a0, timeh)
    ILLEGAL(31, csrw mhartid, zero)                 /* csrrw always writes, even x0 */
    ILLEGAL(32, csrw cycle, a1)
    ILLEGAL(33, csrrs a0, instret, a1)              /* csrrs with rs1 != x0 is a write */
    ILLEGAL(34, csrrwi a0, mvendorid, 0)
    ILLEGAL(35, csrr a0, 0x7c0)                     /* custom CSR space */
    # 36: reads of read-only CSRs are fine
    CASE(36); li s7, 0; NO_TRAP
    csrr a0, mhartid; csrrc a0, mimpid, x0; csrrsi a0, marchid, 0; csrrci a0, mvendorid, 0; csrr a0, cycleh
    CHECK(s7, 0)
    # 37: an illegal word right after a taken branch and one in a branch shadow that is skipped
    CASE(37); li s7, 0; NO_TRAP; beqz zero, 1f
    .word 0
1:  CHECK(s7, 0)
    j pass
