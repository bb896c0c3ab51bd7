/* What Vivado's xparameters.h gives for an accelerator instance named edgellm_acc_0
   (its s_axil base address in the block design's address editor). */
#ifndef XPARAMETERS_H
#define XPARAMETERS_H
#define XPAR_EDGELLM_ACC_0_BASEADDR 0x44A00000u
#endif
