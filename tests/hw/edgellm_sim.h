/* edgellm_sim.h - C interface to the Verilated accelerator (edgellm_sim.cpp),
   so a plain C program can drive the RTL through edgellm_hw.h:

       #include "edgellm_sim.h"
       #define EDGELLM_HW_READ32(hw, off)     edgellm_sim_read32(off)
       #define EDGELLM_HW_WRITE32(hw, off, v) edgellm_sim_write32((off), (v))
       #define EDGELLM_HW_IMPLEMENTATION
       #include "edgellm_hw.h"

   Every access is a complete AXI4-Lite transaction through the testbench's
   master and protocol checker (tests/hw/axil_bfm.h), optionally with random
   stalls on all five channels. A correct driver never gets SLVERR; each one
   is counted in edgellm_sim_errors() together with protocol violations. */
#ifndef EDGELLM_SIM_H
#define EDGELLM_SIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* builds and resets the model; stall: 0 none, 1 random stalls on every channel */
int edgellm_sim_init(uint64_t seed, int stall);
void edgellm_sim_write32(uint32_t addr, uint32_t value);
uint32_t edgellm_sim_read32(uint32_t addr);
/* clock cycles since init */
uint64_t edgellm_sim_cycles(void);
/* completed 32-bit AXI4-Lite transfers since init: writes, reads, and the
   reads of STATUS among them (polls); any pointer may be NULL */
void edgellm_sim_bus_counts(uint64_t *writes, uint64_t *reads, uint64_t *status_reads);
/* irq_o as the CPU sees it (0 while a hang is injected, see below) */
int edgellm_sim_irq(void);
/* Advances the clock, the bus idle, until irq_o (as above) is 1 or max_cycles
   have passed: a CPU waiting in WFI with a timer tick of max_cycles. Returns
   1 when irq_o ended the wait (at once if it was already high). */
int edgellm_sim_wait_irq(uint32_t max_cycles);
/* wait calls, those ended by irq_o, and the cycles waited, since init */
void edgellm_sim_wait_counts(uint64_t *calls, uint64_t *irq_wakeups, uint64_t *cycles);

/* Fault injection, for the next product (the next START written):
   HANG:      STATUS reads 0x1 (BUSY) and irq_o reads 0 from that START until
              an ABORT is written; the RTL itself runs on unharmed.
   CORRUPT_Y: the first Y-window read after that START returns its value with
              bit 16 flipped (EDGELLM_SIM_CORRUPT_XOR). */
enum { EDGELLM_SIM_FAULT_NONE = 0, EDGELLM_SIM_FAULT_HANG = 1, EDGELLM_SIM_FAULT_CORRUPT_Y = 2 };
#define EDGELLM_SIM_CORRUPT_XOR 0x00010000u
void edgellm_sim_fault(int kind);
/* faults that took effect since init */
uint64_t edgellm_sim_faults_injected(void);

/* AXI protocol violations + SLVERR responses (not taken) since init */
uint64_t edgellm_sim_errors(void);
/* SLVERR responses only; the next call counts from here */
uint64_t edgellm_sim_take_slverr(void);
void edgellm_sim_final(void);

#ifdef __cplusplus
}
#endif
#endif
