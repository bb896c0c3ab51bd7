/* The declarations of the Xilinx standalone BSP's xil_types.h that the MicroBlaze
   example uses, so the test can compile and link it without the vendor tools. */
#ifndef XIL_TYPES_H
#define XIL_TYPES_H
#include <stdint.h>
typedef uint32_t u32;
typedef uintptr_t UINTPTR;
#endif
