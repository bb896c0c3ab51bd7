/* The BSP's xil_io.h accessors as the standalone BSP defines them: static inline
   volatile 32-bit accesses. */
#ifndef XIL_IO_H
#define XIL_IO_H
#include "xil_types.h"
static inline u32 Xil_In32(UINTPTR Addr) { return *(volatile u32 *)Addr; }
static inline void Xil_Out32(UINTPTR Addr, u32 Value) { *(volatile u32 *)Addr = Value; }
#endif
