/* start.S - reset code for Cortex-M (QEMU mps2-an386: Cortex-M4 and ARMv6-M images; microbit:
   Cortex-M0).
   The vector table gives the initial stack pointer and the reset handler, which
   copies .data from flash to RAM, clears .bss, paints the stack below the current
   stack pointer with FW_STACK_PAINT (for the high-water mark) and calls main;
   main's return value goes to fw_exit. Faults report and fail. */
    .syntax unified
    .thumb

    .section .vectors, "a"
    .global __vectors
__vectors:
    .word __stack_top
    .word Reset_Handler
    .word Fault_Handler         /* NMI */
    .word Fault_Handler         /* HardFault */
    .word Fault_Handler         /* MemManage */
    .word Fault_Handler         /* BusFault */
    .word Fault_Handler         /* UsageFault */
    .word 0, 0, 0, 0
    .word Fault_Handler         /* SVCall */
    .word Fault_Handler         /* DebugMonitor */
    .word 0
    .word Fault_Handler         /* PendSV */
    .word Fault_Handler         /* SysTick */

    .text
    .thumb_func
    .global Reset_Handler
Reset_Handler:                  /* Thumb-1 instructions only: the same code for ARMv6-M */
    ldr r0, =__data_load        /* .data: flash -> RAM */
    ldr r1, =__data_start
    ldr r2, =__data_end
1:  cmp r1, r2
    bhs 2f
    ldmia r0!, {r3}
    stmia r1!, {r3}
    b 1b
2:  ldr r1, =__bss_start        /* .bss = 0 */
    ldr r2, =__bss_end
    movs r3, #0
3:  cmp r1, r2
    bhs 4f
    stmia r1!, {r3}
    b 3b
4:  ldr r1, =__stack_bottom     /* paint the stack (nothing is on it yet) */
    ldr r2, =__stack_top
    ldr r3, =0x5AA5F00D
5:  cmp r1, r2
    bhs 6f
    stmia r1!, {r3}
    b 5b
6:  bl main
    bl fw_exit
7:  b 7b

    .thumb_func
    .global Fault_Handler
Fault_Handler:
    mrs r0, ipsr
    ldr r1, [sp, #24]           /* stacked pc (the exception frame, MSP) */
    bl fw_fault
8:  b 8b
    .pool
