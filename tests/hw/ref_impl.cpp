// The engine's implementation, compiled into the hardware tests for
// edgellm_matvec_ref (the kernel the accelerator must match bit for bit).
#define EDGELLM_IMPLEMENTATION
#include "edgellm.h"
