/* platform.c - the firmware application on the host (stdout, exit code), so the
   same app.c and model image run natively for comparison with the targets. */
#include "fw.h"

#include <stdio.h>
#include <stdlib.h>

const char fw_arch[] = "host";
const char fw_counter_unit[] = "";
const char fw_counter_note[] = "";

void fw_write(const char *s, uint32_t n) { fwrite(s, 1, n, stdout); }

void fw_exit(int code) {
    fflush(stdout);
    exit(code);
}

int fw_counter(uint64_t *count) {
    *count = 0;
    return 0;
}

int fw_stack_range(uintptr_t *lo, uintptr_t *hi) {
    *lo = *hi = 0;
    return 0;
}

/* no simulation harness here */
void fw_mark(uint32_t what, uint32_t value) {
    (void)what;
    (void)value;
}

int main(void) { fw_exit(fw_app()); }
