/* putc(a0) and exit(a0 = 0 pass, else fail) for the random differential test:
 * PLATFORM_QEMU: QEMU virt (ns16550 UART at 0x10000000, SiFive test device at
 * 0x100000); otherwise the Verilator harness tests/cpu/tb_cpu.v. Linked after
 * everything else, so the programs' addresses are the same for both. */
    .option norvc
    .section .text.platform, "ax"
    .globl putc
    .globl exit
#ifdef PLATFORM_QEMU
putc:
    li t0, 0x10000000
1:  lbu t1, 5(t0)                   /* LSR: transmit holding register empty */
    andi t1, t1, 0x20
    beqz t1, 1b
    sb a0, 0(t0)
    ret
exit:
    li t0, 0x100000
    li t1, 0x5555                   /* pass */
    beqz a0, 1f
    slli t1, a0, 16                 /* fail: (code << 16) | 0x3333 */
    li t2, 0x3333
    or t1, t1, t2
1:  sw t1, 0(t0)
2:  j 2b
#else
putc:
    li t0, 0x40000004
    sw a0, 0(t0)
    ret
exit:
    li t0, 0x40000000
    sw a0, 0(t0)
1:  j 1b
#endif
