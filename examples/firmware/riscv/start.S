/* start.S - reset code for RV32 on QEMU's virt machine (-bios none starts here,
   at 0x80000000, in machine mode).
   Sets up sp and gp, points mtvec at a trap handler, copies .data from flash to RAM,
   clears .bss, paints the stack with FW_STACK_PAINT (for the high-water mark) and
   calls main; main's return value goes to fw_exit. */
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

    la t0, __data_load          /* .data: flash -> RAM */
    la t1, __data_start
    la t2, __data_end
1:  bgeu t1, t2, 2f
    lw t3, 0(t0)
    sw t3, 0(t1)
    addi t0, t0, 4
    addi t1, t1, 4
    j 1b
2:  la t1, __bss_start          /* .bss = 0 */
    la t2, __bss_end
3:  bgeu t1, t2, 4f
    sw zero, 0(t1)
    addi t1, t1, 4
    j 3b
4:  la t1, __stack_bottom       /* paint the whole stack */
    la t2, __stack_top
    li t3, 0x5AA5F00D
5:  bgeu t1, t2, 6f
    sw t3, 0(t1)
    addi t1, t1, 4
    j 5b
6:  call main
    call fw_exit
7:  j 7b

/* any exception: report mcause, mepc, mtval and fail */
    .balign 4
trap_entry:
    la sp, __stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call fw_trap
8:  j 8b
