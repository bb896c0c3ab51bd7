/* helpers.c - counts the calls of the compiler's helper functions (libgcc) in a firmware
   image linked with -Wl,--wrap=NAME for each NAME below and -DFW_HELPERS (common/app.c
   prints the counts per position fed and per token sampled). The wrappers call the real
   helper; the list holds every helper the engine needs on RV32I and ARMv6-M
   (examples/firmware/README.md says where each is called). */
#include <stdint.h>

volatile uint32_t fw_helper_calls;

#define FW_WRAP(ret, name, params, args) \
    ret __real_##name params;            \
    ret __wrap_##name params;            \
    ret __wrap_##name params {           \
        fw_helper_calls++;               \
        return __real_##name args;       \
    }

#if defined(__riscv)
/* RV32: libgcc's own code relies on what its helpers leave alone (its __muldi3 keeps
   values in a4-a7 and t1-t4 across its calls of __mulsi3), so each wrapper counts with
   two registers the real helper overwrites too and jumps to it: a2 and a3 (the 32-bit
   helpers take a0 and a1), t3 and t4 for __muldi3 (a0-a3 hold its operands). */
#define FW_RV_WRAP(name, r1, r2)                                                             \
    __asm__(".text\n.globl __wrap_" #name "\n.type __wrap_" #name ", @function\n"         \
            "__wrap_" #name ":\n\tla " r1 ", fw_helper_calls\n\tlw " r2 ", 0(" r1 ")\n"    \
            "\taddi " r2 ", " r2 ", 1\n\tsw " r2 ", 0(" r1 ")\n\ttail __real_" #name "\n");
FW_RV_WRAP(__mulsi3, "a2", "a3")
FW_RV_WRAP(__muldi3, "t3", "t4")
FW_RV_WRAP(__divsi3, "a2", "a3")
FW_RV_WRAP(__modsi3, "a2", "a3")
FW_RV_WRAP(__udivsi3, "a2", "a3")
FW_RV_WRAP(__umodsi3, "a2", "a3")
#elif defined(__arm__)
/* the run-time ABI's division helpers return the quotient in r0 and the remainder in
   r1: a 64-bit return value, low word first */
FW_WRAP(uint64_t, __aeabi_lmul, (uint64_t a, uint64_t b), (a, b))
FW_WRAP(int32_t, __aeabi_idiv, (int32_t a, int32_t b), (a, b))
FW_WRAP(uint32_t, __aeabi_uidiv, (uint32_t a, uint32_t b), (a, b))
FW_WRAP(uint64_t, __aeabi_idivmod, (int32_t a, int32_t b), (a, b))
FW_WRAP(uint64_t, __aeabi_uidivmod, (uint32_t a, uint32_t b), (a, b))
#endif
