/* edgellm_hw_xil.h - edgellm_hw.h's register accessors on a Xilinx standalone BSP
   (MicroBlaze, also Zynq and MicroBlaze V): every accelerator register access goes
   through the BSP's Xil_In32 / Xil_Out32 from xil_io.h.

   Include it before the edgellm_hw.h implementation:

       #include "edgellm_hw_xil.h"
       #define EDGELLM_IMPLEMENTATION
       #include "edgellm.h"
       #define EDGELLM_HW_IMPLEMENTATION
       #include "edgellm_hw.h"

   and give edgellm_hw_init() the base address of the accelerator's s_axil port from
   xparameters.h (its name follows the IP instance name in the block design, e.g.
   XPAR_EDGELLM_ACC_0_BASEADDR). `off` is a byte offset from the register map. */
#ifndef EDGELLM_HW_XIL_H
#define EDGELLM_HW_XIL_H

#include "xil_io.h"

#define EDGELLM_HW_READ32(hw, off) Xil_In32((UINTPTR)((hw)->base + (UINTPTR)(off)))
#define EDGELLM_HW_WRITE32(hw, off, v) Xil_Out32((UINTPTR)((hw)->base + (UINTPTR)(off)), (u32)(v))

#endif
