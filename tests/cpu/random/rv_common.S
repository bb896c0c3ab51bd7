/* Start, scratch fill, report and trap handler of the random differential test
 * (tests/cpu/random/gen.py): the same code on QEMU and on the Verilator harness;
 * putc and the exit live in rv_platform.S, linked after everything else. */
    .option norvc
    .section .text.init, "ax"
    .globl _start
_start:
    la sp, stack_top
    la t0, trap
    csrw mtvec, t0
    j run_programs

    .text
/* fill_scratch(a0 = seed): the 64 words of scratch from an LCG, the dump area cleared */
    .globl fill_scratch
fill_scratch:
    la t0, scratch
    li t1, 64
    li t2, 1664525
    li t3, 1013904223
1:  mul a0, a0, t2
    add a0, a0, t3
    sw a0, 0(t0)
    addi t0, t0, 4
    addi t1, t1, -1
    bnez t1, 1b
    li t1, 32
2:  sw zero, 0(t0)
    addi t0, t0, 4
    addi t1, t1, -1
    bnez t1, 2b
    ret

/* report(a0 = program number): "P<number> <x0> ... <x31> <checksum>\n", all in hex;
 * the registers come from the dump area after the scratch words */
    .globl report
report:
    la sp, stack_top
    addi sp, sp, -16
    sw ra, 12(sp)
    mv s0, a0
    li a0, 'P'
    call putc
    mv a0, s0
    call puthex
    la s1, scratch + 256
    li s2, 32
1:  li a0, ' '
    call putc
    lw a0, 0(s1)
    call puthex
    addi s1, s1, 4
    addi s2, s2, -1
    bnez s2, 1b
    /* checksum: c = rotl(c, 5) + word, over the 64 scratch words */
    la s1, scratch
    li s2, 64
    li s3, 0
2:  slli t0, s3, 5
    srli t1, s3, 27
    or s3, t0, t1
    lw t0, 0(s1)
    add s3, s3, t0
    addi s1, s1, 4
    addi s2, s2, -1
    bnez s2, 2b
    li a0, ' '
    call putc
    mv a0, s3
    call puthex
    li a0, '\n'
    call putc
    lw ra, 12(sp)
    addi sp, sp, 16
    ret                             /* to the next program */

/* puthex(a0): eight hex digits */
puthex:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s4, 8(sp)
    sw s5, 4(sp)
    mv s4, a0
    li s5, 28
1:  srl a0, s4, s5
    andi a0, a0, 15
    li t0, 10
    blt a0, t0, 2f
    addi a0, a0, 'a' - 10 - '0'
2:  addi a0, a0, '0'
    call putc
    addi s5, s5, -4
    bgez s5, 1b
    lw s5, 4(sp)
    lw s4, 8(sp)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

    .globl all_done
all_done:
    la sp, stack_top
    la a0, done_msg
    call puts
    li a0, 0
    j exit

puts:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s4, 8(sp)
    mv s4, a0
1:  lbu a0, 0(s4)
    beqz a0, 2f
    call putc
    addi s4, s4, 1
    j 1b
2:  lw s4, 8(sp)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

/* any trap is a failure: "TRAP <mcause> <mepc> <mtval>" */
    .align 2
trap:
    la sp, stack_top
    la a0, trap_msg
    call puts
    csrr a0, mcause
    call puthex
    li a0, ' '
    call putc
    csrr a0, mepc
    call puthex
    li a0, ' '
    call putc
    csrr a0, mtval
    call puthex
    li a0, '\n'
    call putc
    li a0, 1
    j exit

    .section .rodata
done_msg: .string "done\n"
trap_msg: .string "TRAP "

    .bss
    .align 4
    .globl scratch
scratch: .space 256 + 128
    .align 4
stack:   .space 1024
stack_top:
