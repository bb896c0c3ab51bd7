/* fw.h - what the firmware example (app.c) needs from its platform.

   Each port (riscv/, cortex-m/, host/) provides these few functions; app.c holds
   everything else and is the same C file on every target. */
#ifndef FW_H
#define FW_H

#include <stddef.h>
#include <stdint.h>

/* the value the start-up code writes over the whole stack before main() */
#define FW_STACK_PAINT 0x5AA5F00Du

/* a short name of the target, printed in the banner ("rv32imc", "cortex-m4", "host") */
extern const char fw_arch[];

/* write n bytes to the console (UART, semihosting, stdout) */
void fw_write(const char *s, uint32_t n);

/* end the program: 0 pass, anything else fail (the test device / semihosting
   turns this into QEMU's exit code) */
void fw_exit(int code) __attribute__((noreturn));

/* Instruction counter: returns 1 and the current count when the target has one
   (RV32: minstret), 0 otherwise; fw_counter_unit names what it counts and
   fw_counter_note how. */
int fw_counter(uint64_t *count);
extern const char fw_counter_unit[];
extern const char fw_counter_note[];

/* The stack as the start-up code painted it: [*lo, *hi). Returns 0 when the
   platform does not paint its stack (the host). common/baremetal.c has it for the
   ports whose linker script names __stack_bottom and __stack_top. */
int fw_stack_range(uintptr_t *lo, uintptr_t *hi);

/* NAME followed by v in 8 hex digits and a space, to the console (common/baremetal.c:
   riscv/ and cortex-m/, for their fault reports) */
void fw_put_hex(const char *name, uint32_t v);

/* Marks a point of a run for a simulation harness, which counts cycles and bus
   transfers per position between the marks (the edgellm SoC's MARK register).
   Platforms without such a harness make it empty. */
#define FW_MARK_RUN   1u   /* a run starts: value = its number (1, 2, ...) */
#define FW_MARK_BEGIN 2u   /* position `value`: its forward pass starts */
#define FW_MARK_END   3u   /* position `value`: forward pass and sampling done */
#define FW_MARK_PART  4u   /* FW_PROFILE builds: a part of the forward pass begins (value:
                                 EDGELLM_PART_*, 0 .. 6), or it ends (EDGELLM_PART_END, 7) */
void fw_mark(uint32_t what, uint32_t value);

/* FW_HW_WAIT builds only: how the accelerator driver waits for a product
   (edgellm_hw_set_wait): return after an interrupt or a timeout tick. */
void fw_hw_wait(void *user);

/* the model, linked in as read-only data (model.S) */
extern const unsigned char fw_model_data[];
extern const unsigned char fw_model_end[];

/* the application: returns 0 when every run succeeded */
int fw_app(void);

#endif
