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
/* AXI protocol violations + SLVERR responses (not taken) since init */
uint64_t edgellm_sim_errors(void);
/* SLVERR responses only; the next call counts from here */
uint64_t edgellm_sim_take_slverr(void);
void edgellm_sim_final(void);

#ifdef __cplusplus
}
#endif
#endif
