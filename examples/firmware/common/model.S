/* model.S - the model file, linked in as read-only data (flash) and read in place.
   The build passes its path as FW_MODEL_PATH (a quoted string). */
    .section .rodata.edgellm_model, "a"
    .balign 16
    .global fw_model_data
    .global fw_model_end
    .type fw_model_data, %object
fw_model_data:
    .incbin FW_MODEL_PATH
fw_model_end:
    .size fw_model_data, fw_model_end - fw_model_data
#if defined(__linux__) && defined(__ELF__)
    .section .note.GNU-stack, "", %progbits   /* host build: no executable stack */
#endif
