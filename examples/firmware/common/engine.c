/* engine.c - the edgellm.h implementation (and edgellm_hw.h's, for FW_HW builds),
   unchanged, in a translation unit of its own so that its code size can be read
   from the object file. FW_HW_MMIO names a header that overrides the accelerator's
   register accessors (microblaze/edgellm_hw_xil.h); without it edgellm_hw.h uses
   plain volatile pointers. FW_PROFILE (FW_HELPERS) has the engine mark the parts of its
   forward pass (app.c counts their instructions (helper calls)). */
#if defined(FW_PROFILE) || defined(FW_HELPERS)
void fw_prof_mark(int part);
#define EDGELLM_PROFILE(part) fw_prof_mark(part)
#endif
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"
#ifdef FW_HW
#ifdef FW_HW_MMIO
#include FW_HW_MMIO
#endif
#define EDGELLM_HW_IMPLEMENTATION
#include "edgellm_hw.h"
#endif
