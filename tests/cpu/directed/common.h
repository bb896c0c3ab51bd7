/* Common start, trap handler and checks of the directed tests (tests/cpu/directed).
 * Programs run in the harness tests/cpu/tb_cpu.v: RAM at 0x80000000, devices below.
 * A test is `#include "common.h"`, then its code from the label `main`, ending in
 * `j pass`. The running case number is in gp; a failed check ends the run with
 * exit code (case << 1) | 1, an unexpected trap with (case << 1) | 0x10001, after
 * printing mcause, mepc and mtval on the UART.
 *
 * Expected traps: EXPECT(cause, resume) arms the handler for one trap with that
 * mcause; it records mepc in s8 and mtval in s9, counts the trap in s7 and continues
 * at `resume`. EXPECT_IRQ(cause) does the same for an interrupt but returns to mepc
 * after clearing the harness's interrupt levels. The handler uses t5 and t6 only. */
#define TB_EXIT      0x40000000
#define TB_UART      0x40000004
#define TB_IRQ       0x40000008
#define TB_EXT_AFTER 0x4000000C
#define TB_TIM_AFTER 0x40000010
#define TB_CYCLE     0x40000014
#define TB_SCRATCH   0x40000018
#define TB_NOWHERE   0x50000000   /* no device: access fault */

#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_FAULT      1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_LOAD_MISALIGNED  4
#define CAUSE_LOAD_FAULT       5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_FAULT      7
#define CAUSE_ECALL_M          11
#define CAUSE_IRQ_TIMER        0x80000007
#define CAUSE_IRQ_EXTERNAL     0x8000000B

#define CASE(n)          li gp, n
#define CHECK(r, v)      li t6, v; bne r, t6, fail
#define CHECK_REG(r, s)  bne r, s, fail
#define EXPECT(c, resume) li s10, c; la s11, resume
#define EXPECT_IRQ(c)     li s10, c; li s11, 0
#define NO_TRAP           li s10, -1

    .section .text.init, "ax"
    .globl _start
_start:
    la sp, stack_top
    la t0, trap_handler
    csrw mtvec, t0
    li gp, 0
    li s7, 0
    NO_TRAP
    j main

    .align 2
trap_handler:
    csrr t5, mcause
    bne t5, s10, unexpected_trap
    csrr s8, mepc
    csrr s9, mtval
    addi s7, s7, 1
    li s10, -1
    bgez t5, 1f
    li t5, TB_IRQ               /* an interrupt: drop the harness's levels */
    sw zero, 0(t5)
1:  beqz s11, 2f
    csrw mepc, s11
2:  mret

unexpected_trap:
    li a1, 'c'
    csrr a2, mcause
    jal ra, put_field
    li a1, 'e'
    csrr a2, mepc
    jal ra, put_field
    li a1, 'v'
    csrr a2, mtval
    jal ra, put_field
    slli a0, gp, 1
    li t6, 0x10001
    or a0, a0, t6
    j exit

fail:
    slli a0, gp, 1
    ori a0, a0, 1
    j exit
pass:
    li a0, 0
exit:
    li t6, TB_EXIT
    sw a0, 0(t6)
1:  j 1b

/* put_field: prints "<a1>=<a2 in hex>\n"; uses a1-a4, t6 */
put_field:
    li t6, TB_UART
    sw a1, 0(t6)
    li a1, '='
    sw a1, 0(t6)
    li a3, 28
1:  srl a4, a2, a3
    andi a4, a4, 15
    addi a4, a4, '0'
    li a1, '9' + 1
    blt a4, a1, 2f
    addi a4, a4, 'a' - '0' - 10
2:  sw a4, 0(t6)
    addi a3, a3, -4
    bgez a3, 1b
    li a1, '\n'
    sw a1, 0(t6)
    ret

    .text
