/* start.S - reset code for the edgellm SoC (rtl/soc/): edgellm_rv32 starts here, at
   0x00000000 in RAM, in machine mode. The whole image (code, constants, .data) is
   already in RAM (loaded by the simulation, or the RAM's initial contents on an
   FPGA), and the model in the ROM, so nothing is copied.
   Sets up sp and gp, points mtvec at a trap handler, enables the external and
   timer interrupts in mie with mstatus.MIE left clear (so WFI wakes on them but
   nothing traps), clears .bss, paints the stack with FW_STACK_PAINT (for the
   high-water mark) and calls main; main's return value goes to fw_exit. */
    .section .text.start, "ax"
    .global _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, trap_entry
    csrw mtvec, t0
    csrci mstatus, 8            /* MIE = 0: interrupts only wake WFI */
    li t0, 0x880                /* mie: MEIE (bit 11), MTIE (bit 7) */
    csrw mie, t0

    la t1, __bss_start          /* .bss = 0 */
    la t2, __bss_end
1:  bgeu t1, t2, 2f
    sw zero, 0(t1)
    addi t1, t1, 4
    j 1b
2:  la t1, __stack_bottom       /* paint the whole stack */
    la t2, __stack_top
    li t3, 0x5AA5F00D
3:  bgeu t1, t2, 4f
    sw t3, 0(t1)
    addi t1, t1, 4
    j 3b
4:  call main
    call fw_exit
5:  j 5b

/* any trap: report mcause, mepc, mtval and fail */
    .balign 4
trap_entry:
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call fw_trap
6:  j 6b
