/* Cycles per instruction class of edgellm_rv32, measured with mcycle in the
 * harness (tests/cpu/tb_cpu.v) without stalls: memories grant at once and answer
 * one cycle later, like block RAM. Each class runs as 64 copies back to back
 * between two reads of mcycle; the cycles of an empty measurement are taken off.
 * Prints "<class> <copies> <cycles>" per line (decimal); tests/cpu/perf/cpi.sh
 * turns that into the README table. */
#include "../directed/common.h"
    .option norvc

.macro MEASURE name, n
    la a0, \name
    li a1, \n
    csrr s2, mcycle
.endm
.macro DONE
    csrr s3, mcycle
    sub a2, s3, s2
    call report
.endm

main:
    la s0, pdata
    li s1, 0
    li a3, 12345
    li a4, 678
    li s4, 3
    li s5, 7
    la t0, ph
    csrw mtvec, t0
    MEASURE n_empty, 0
    DONE
    MEASURE n_alu, 64
    .rept 64
    add a5, a3, a4
    .endr
    DONE
    MEASURE n_alu_dep, 64
    .rept 64
    addi a5, a5, 1
    .endr
    DONE
    MEASURE n_lui, 64
    .rept 64
    lui a5, 0x12345
    .endr
    DONE
    MEASURE n_load, 64
    .rept 64
    lw a5, 0(s0)
    .endr
    DONE
    MEASURE n_store, 64
    .rept 64
    sw a3, 4(s0)
    .endr
    DONE
    MEASURE n_load_use, 32
    .rept 32
    lw a5, 0(s0)
    add a6, a5, a5
    .endr
    DONE
    MEASURE n_load_store, 32
    .rept 32
    lw a5, 0(s0)
    sw a5, 8(s0)
    .endr
    DONE
    MEASURE n_br_taken, 64
    .rept 64
    beq x0, x0, 1f
1:
    .endr
    DONE
    MEASURE n_br_not, 64
    .rept 64
    bne x0, x0, far
    .endr
    DONE
    MEASURE n_loop, 64
    li t1, 64
1:  addi t1, t1, -1                   /* a loop's back edge: predicted taken */
    bnez t1, 1b
    DONE
    j 2f
back:
    j fail
2:  MEASURE n_br_back_not, 64
    .rept 64
    bne x0, x0, back                  /* backward, predicted taken, not taken */
    .endr
    DONE
    MEASURE n_jal, 64
    .rept 64
    jal x0, 1f
1:
    .endr
    DONE
    MEASURE n_jalr, 32
    .rept 32
    auipc t1, 0
    jalr x0, 8(t1)
    .endr
    DONE
    MEASURE n_mul, 64
    .rept 64
    mul a5, a3, a4
    .endr
    DONE
    MEASURE n_mul_dep, 64
    .rept 64
    mul a3, a3, s5
    .endr
    DONE
    MEASURE n_mulh, 64
    .rept 64
    mulh a5, a3, a4
    .endr
    DONE
    MEASURE n_div, 16
    .rept 16
    div a5, a3, a4
    .endr
    DONE
    MEASURE n_csr, 64
    .rept 64
    csrr a5, mscratch
    .endr
    DONE
    MEASURE n_csrw, 64
    .rept 64
    csrw mscratch, a3
    .endr
    DONE
    MEASURE n_ecall, 16
    .rept 16
    ecall                             /* handler: mepc += 4 (3 instructions), mret */
    .endr
    DONE
    MEASURE n_mret, 16
    .rept 16
    la t1, 1f                         /* auipc + addi */
    csrw mepc, t1
    mret
1:
    .endr
    DONE
    MEASURE n_fence_i, 64
    .rept 64
    fence.i
    .endr
    DONE
    j pass
far:
    j fail

/* the ecall handler: skip the ecall */
    .align 2
ph: csrr t2, mepc
    addi t2, t2, 4
    csrw mepc, t2
    mret

/* report(a0 = name, a1 = copies, a2 = cycles): "<name> <copies> <cycles>\n" */
report:
    mv s6, ra
    mv s7, a1
    mv s8, a2
    li t6, TB_UART
1:  lbu t5, 0(a0)
    beqz t5, 2f
    sw t5, 0(t6)
    addi a0, a0, 1
    j 1b
2:  mv a0, s7
    call putdec
    mv a0, s8
    call putdec
    li t5, '\n'
    sw t5, 0(t6)
    mv ra, s6
    ret
/* putdec(a0): " <a0 in decimal>" */
putdec:
    li t6, TB_UART
    li t5, ' '
    sw t5, 0(t6)
    la t4, digits_end
    li t3, 10
1:  remu t5, a0, t3
    divu a0, a0, t3
    addi t5, t5, '0'
    addi t4, t4, -1
    sb t5, 0(t4)
    bnez a0, 1b
    la t3, digits_end
2:  lbu t5, 0(t4)
    sw t5, 0(t6)
    addi t4, t4, 1
    bne t4, t3, 2b
    ret

    .data
    .align 2
pdata: .word 42, 0, 0, 0
digits: .space 12
digits_end:
n_empty:      .string "empty"
n_alu:        .string "alu"
n_alu_dep:    .string "alu_dependent"
n_lui:        .string "lui"
n_load:       .string "load"
n_store:      .string "store"
n_load_use:   .string "load_use_pair"
n_load_store: .string "load_store_pair"
n_br_taken:   .string "branch_taken"
n_br_not:     .string "branch_not_taken"
n_jal:        .string "jal"
n_loop:       .string "addi_bnez_loop"
n_br_back_not: .string "branch_back_not_taken"
n_jalr:       .string "auipc_jalr_pair"
n_mul:        .string "mul"
n_mul_dep:    .string "mul_dependent"
n_mulh:       .string "mulh"
n_div:        .string "div"
n_csr:        .string "csr_read"
n_csrw:       .string "csr_write"
n_ecall:      .string "ecall_mret_roundtrip"
n_fence_i:    .string "fence_i"
n_mret:       .string "la_csrw_mret"
