/* default_model.h - the committed default model, linked into the host CLI with .incbin
   (gcc and clang, ELF targets). The build passes DEFAULT_MODEL_PATH. */
#ifndef DEFAULT_MODEL_H
#define DEFAULT_MODEL_H
#include <stddef.h>
#ifndef DEFAULT_MODEL_PATH
#define DEFAULT_MODEL_PATH "examples/models/default.elm"
#endif
__asm__(".section .rodata\n"
        ".balign 16\n"
        "default_model_bin:\n"
        ".incbin \"" DEFAULT_MODEL_PATH "\"\n"
        "default_model_end:\n"
        ".previous\n");
extern const unsigned char default_model_bin[] __asm__("default_model_bin");
extern const unsigned char default_model_end[] __asm__("default_model_end");
static const unsigned char *default_model_data(void) { return default_model_bin; }
static size_t default_model_size(void) { return (size_t)(default_model_end - default_model_bin); }
#endif
