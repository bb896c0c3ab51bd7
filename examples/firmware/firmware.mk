# examples/firmware/firmware.mk - bare-metal firmware images of edgellm.h
# (included by the top-level Makefile; every path is relative to the repository root)
#
#   make firmware        builds, for every model present, the images below
#   make firmware-test   runs them under QEMU against the host's token streams
#                        (tests/firmware/run.sh)
#   make firmware-golden rewrites tests/firmware/golden/ from the host build
#   make footprint       measures everything and rewrites the README tables
#
# Images, in $(FW_BUILD)/MODEL/:
#   rv32imc.elf      RV32IMC, QEMU virt: UART output, SiFive test device exit
#   cortex-m4.elf    Cortex-M4, QEMU mps2-an386: semihosting output and exit
#   rv32i.elf        RV32I (no multiply), QEMU virt
#   cortex-m0.elf    Cortex-M0 (ARMv6-M), QEMU mps2-an386 (4 MB of RAM)
#   *-Os.elf         rv32imc and cortex-m4 at -Os
#   rv32i-helpers.elf, cortex-m0-helpers.elf  rv32i, cortex-m0 counting their libgcc calls
#                    (tests/firmware/helpers.c; built by the firmware suite, not by `make firmware`)
#   rv32imc-hw.elf   RV32IMC with edgellm_hw.h driving the accelerator (links; no QEMU model)
#   host             the same application built for the host (reference for the bench)
#   host-asan        the same on the host with ASan+UBSan and EDGELLM_SCALAR_CORE (run like a target)
# and for zybo-m0 (zybo.elm on the 16 KB of RAM of QEMU microbit, EDGELLM_NO_LUT, the
# context FW_CTX_zybo-m0, its own runs in cases.txt): cortex-m0-microbit.elf, host, host-asan.
# The rv32imc and cortex-m4 images link with -nostdlib alone; rv32i and cortex-m0 also
# name the target's libgcc.a, which the engine calls only outside its loops over weights
# and positions (examples/firmware/README.md lists where).
# Models: examples/models/default.elm and zybo.elm when present, and stories260K
# (INT8, converted from $(FW_SHARED)/models at build time) when ../shared is there.

BUILD ?= build
CC ?= cc
FW_DIR := examples/firmware
FW_BUILD := $(BUILD)/firmware
FW_SHARED ?= ../shared
FW_OPT ?= -O2
FW_CTX ?= 256
# extra defines, e.g. -DFW_PROFILE: split the bench count (see common/app.c)
FW_DEFS ?=
FW_RV_CC ?= riscv64-unknown-elf-gcc
FW_ARM_CC ?= arm-none-eabi-gcc
FW_HOST_CC ?= gcc
FW_HOST_CFLAGS ?= -std=c11 -O2 -Wall -Wextra -Wpedantic
FW_SAN ?= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

FW_RV_ARCH := -march=rv32imc_zicsr -mabi=ilp32 -mcmodel=medany
FW_RVI_ARCH := -march=rv32i_zicsr -mabi=ilp32 -mcmodel=medany -DFW_ARCH_NAME='"rv32i"'
# -lgcc would pick no multilib for rv32i_zicsr (Debian's GCC 12): name rv32i/ilp32's
FW_RVI_LIBGCC = $(shell $(FW_RV_CC) -march=rv32i -mabi=ilp32 -print-libgcc-file-name)
FW_ARM_ARCH := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
FW_M0_ARCH := -mcpu=cortex-m0 -mthumb -mfloat-abi=soft -DFW_ARCH_NAME='"cortex-m0"'
FW_M0_LIBGCC = $(shell $(FW_ARM_CC) -mcpu=cortex-m0 -mthumb -print-libgcc-file-name)
# the helpers tests/firmware/helpers.c counts (the rv32i-helpers and cortex-m0-helpers images)
FW_RVI_WRAP := $(foreach f,__mulsi3 __muldi3 __divsi3 __modsi3 __udivsi3 __umodsi3,-Wl,--wrap=$(f))
FW_M0_WRAP := $(foreach f,__aeabi_lmul __aeabi_idiv __aeabi_uidiv __aeabi_idivmod __aeabi_uidivmod,-Wl,--wrap=$(f))
FW_CFLAGS_BASE = -std=c99 -ffreestanding -fno-builtin -ffunction-sections -fdata-sections \
                 -Wall -Wextra -Wpedantic -Werror -I. -I$(FW_DIR)/common $(FW_DEFS)
FW_CFLAGS = $(FW_OPT) $(FW_CFLAGS_BASE)
# no libc, no libgcc, no start files: the link proves the images need nothing else
# (FW_LIBS=-lgcc for builds where the compiler emits libgcc calls, e.g. RV32 at -Os)
FW_LDFLAGS := -nostdlib -nostartfiles -static -Wl,--gc-sections -L$(FW_DIR)/cortex-m
FW_LIBS ?=

FW_COMMON := $(FW_DIR)/common/app.c $(FW_DIR)/common/engine.c $(FW_DIR)/common/fw.h edgellm.h
FW_RV_SRC := $(FW_DIR)/riscv/start.S $(FW_DIR)/riscv/platform.c $(FW_DIR)/common/baremetal.c \
             $(FW_DIR)/common/app.c $(FW_DIR)/common/engine.c $(FW_DIR)/common/model.S
FW_ARM_SRC := $(FW_DIR)/cortex-m/start.S $(FW_DIR)/cortex-m/platform.c $(FW_DIR)/common/baremetal.c \
              $(FW_DIR)/common/app.c $(FW_DIR)/common/engine.c $(FW_DIR)/common/model.S

FW_MODEL_default ?= examples/models/default.elm
FW_MODEL_zybo ?= examples/models/zybo.elm
FW_MODEL_stories260K := $(FW_BUILD)/stories260K_int8.elm
FW_MODEL_zybo-m0 = $(FW_MODEL_zybo)
# zybo-m0: the largest context whose image fits the microbit's 16 KB of RAM (the link
# checks: 38 overflows it by 192 bytes)
FW_CTX_zybo-m0 ?= 37
FW_DEFS_zybo-m0 := -DEDGELLM_NO_LUT -DFW_MICROBIT
FW_MODELS := $(if $(wildcard $(FW_MODEL_default)),default) $(if $(wildcard $(FW_MODEL_zybo)),zybo) \
             $(if $(wildcard $(FW_SHARED)/models/stories260K.bin),stories260K)
FW_HAVE_HW := $(wildcard edgellm_hw.h)

FW_TOOLS := $(FW_BUILD)/tools/model_info $(FW_BUILD)/tools/model_info_nolut $(FW_BUILD)/tools/generate $(FW_BUILD)/tools/convert
# generate needs some model to embed for runs without -m; the images always pass -m
FW_EMBED := $(firstword $(wildcard $(FW_MODEL_default)) $(FW_MODEL_stories260K))

.PHONY: firmware firmware-test firmware-golden footprint
firmware: $(foreach m,$(FW_MODELS),$(FW_BUILD)/$(m)/rv32imc.elf $(FW_BUILD)/$(m)/cortex-m4.elf \
            $(FW_BUILD)/$(m)/rv32i.elf $(FW_BUILD)/$(m)/cortex-m0.elf \
            $(FW_BUILD)/$(m)/rv32imc-Os.elf $(FW_BUILD)/$(m)/cortex-m4-Os.elf \
            $(FW_BUILD)/$(m)/host $(FW_BUILD)/$(m)/host-asan $(if $(FW_HAVE_HW),$(FW_BUILD)/$(m)/rv32imc-hw.elf)) \
          $(if $(wildcard $(FW_MODEL_zybo)),$(FW_BUILD)/zybo-m0/cortex-m0-microbit.elf $(FW_BUILD)/zybo-m0/host $(FW_BUILD)/zybo-m0/host-asan)
	@echo "firmware images for: $(or $(strip $(FW_MODELS)),no model present) (in $(FW_BUILD)/)"

firmware-test:
	bash tests/firmware/run.sh $(FW_SHARED)

firmware-golden: $(FW_BUILD)/tools/generate
	bash tests/firmware/golden.sh $(FW_BUILD)/tools/generate

footprint:
	bash $(FW_DIR)/footprint.sh $(FW_SHARED)

$(FW_BUILD)/tools/model_info: $(FW_DIR)/host/model_info.c edgellm.h
	@mkdir -p $(@D)
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) -I. -o $@ $<

# the same sizes for builds without the ternary rows' lookup tables
$(FW_BUILD)/tools/model_info_nolut: $(FW_DIR)/host/model_info.c edgellm.h
	@mkdir -p $(@D)
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) -DEDGELLM_NO_LUT -I. -o $@ $<

$(FW_BUILD)/tools/convert: examples/convert.c examples/modelwrite.h examples/hostio.h edgellm.h
	@mkdir -p $(@D)
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) -o $@ $< -lm

# the host reference: examples/generate.c, portable at -O2 (FW_HOST_CFLAGS; the same tokens as any build)
$(FW_BUILD)/tools/generate: examples/generate.c examples/default_model.h examples/hostio.h edgellm.h $(FW_EMBED)
	@mkdir -p $(@D)
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) -DDEFAULT_MODEL_PATH='"$(FW_EMBED)"' -o $@ $<

$(FW_MODEL_stories260K): $(FW_BUILD)/tools/convert $(FW_SHARED)/models/stories260K.bin $(FW_SHARED)/models/tok512.bin
	$(FW_BUILD)/tools/convert --weights int8 $(FW_SHARED)/models/stories260K.bin $(FW_SHARED)/models/tok512.bin $@

.PHONY: fw-force
fw-force:

# one set of rules per model; build.id changes when the model (path, checksum) or the
# build settings do, so that the images follow. $(2): the model's own defines.
define FW_MODEL_COMMON
$(FW_BUILD)/$(1)/build.id: fw-force $(FW_MODEL_$(1))
	@mkdir -p $$(@D)
	@id="$(FW_MODEL_$(1)) crc32 $$$$(od -An -tx4 -j12 -N4 $(FW_MODEL_$(1))) $(FW_OPT) $(or $(FW_CTX_$(1)),$(FW_CTX)) $(FW_DEFS) $(2) $(FW_LIBS)"; \
	    [ "$$$$(cat $$@ 2>/dev/null)" = "$$$$id" ] || echo "$$$$id" >$$@

$(FW_BUILD)/$(1)/fw_config.h: $(FW_DIR)/cases.txt $(FW_DIR)/gen_config.sh $(FW_BUILD)/tools/model_info $(FW_BUILD)/tools/model_info_nolut $(FW_BUILD)/$(1)/build.id
	@mkdir -p $$(@D)
	bash $(FW_DIR)/gen_config.sh $(1) $(FW_MODEL_$(1)) $(or $(FW_CTX_$(1)),$(FW_CTX)) $(FW_DIR)/cases.txt \
	    $(FW_BUILD)/tools/model_info$(if $(findstring EDGELLM_NO_LUT,$(2)),_nolut) $$@

$(FW_BUILD)/$(1)/host: $(FW_DIR)/host/platform.c $(FW_DIR)/common/model.S $(FW_COMMON) $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) $(2) -I. -I$(FW_DIR)/common -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    -o $$@ $(FW_DIR)/host/platform.c $(FW_DIR)/common/app.c $(FW_DIR)/common/engine.c $(FW_DIR)/common/model.S

# the same application on the host with ASan+UBSan and the scalar-core loops of the targets
$(FW_BUILD)/$(1)/host-asan: $(FW_DIR)/host/platform.c $(FW_DIR)/common/model.S $(FW_COMMON) $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_HOST_CC) $(FW_HOST_CFLAGS) $(2) -O1 -g $(FW_SAN) -DEDGELLM_SCALAR_CORE -I. -I$(FW_DIR)/common -I$(FW_BUILD)/$(1) \
	    -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    -o $$@ $(FW_DIR)/host/platform.c $(FW_DIR)/common/app.c $(FW_DIR)/common/engine.c $(FW_DIR)/common/model.S
endef

define FW_MODEL_RULES
$(call FW_MODEL_COMMON,$(1),)

$(FW_BUILD)/$(1)/rv32imc.elf: $(FW_RV_SRC) $(FW_COMMON) $(FW_DIR)/riscv/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_RV_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/riscv/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_RV_SRC) $(FW_LIBS)

# the size-optimised builds: -nostdlib alone, like the others
$(FW_BUILD)/$(1)/rv32imc-Os.elf: $(FW_RV_SRC) $(FW_COMMON) $(FW_DIR)/riscv/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_RV_ARCH) -Os $(FW_CFLAGS_BASE) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/riscv/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_RV_SRC)

$(FW_BUILD)/$(1)/cortex-m4-Os.elf: $(FW_ARM_SRC) $(FW_COMMON) $(FW_DIR)/cortex-m/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_ARM_CC) $(FW_ARM_ARCH) -Os $(FW_CFLAGS_BASE) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/cortex-m/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_ARM_SRC)

$(FW_BUILD)/$(1)/rv32imc-hw.elf: $(FW_RV_SRC) $(FW_COMMON) edgellm_hw.h $(FW_DIR)/riscv/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_RV_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' -DFW_HW \
	    $(FW_LDFLAGS) -T $(FW_DIR)/riscv/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_RV_SRC) $(FW_LIBS)

$(FW_BUILD)/$(1)/cortex-m4.elf: $(FW_ARM_SRC) $(FW_COMMON) $(FW_DIR)/cortex-m/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_ARM_CC) $(FW_ARM_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/cortex-m/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_ARM_SRC) $(FW_LIBS)

# the smallest cores: RV32I (no multiply) and ARMv6-M, with their libgcc.a
$(FW_BUILD)/$(1)/rv32i.elf: $(FW_RV_SRC) $(FW_COMMON) $(FW_DIR)/riscv/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_RVI_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/riscv/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_RV_SRC) $$(FW_RVI_LIBGCC)

# the same with every libgcc call counted (tests/firmware/helpers.c, FW_HELPERS)
$(FW_BUILD)/$(1)/rv32i-helpers.elf: $(FW_RV_SRC) $(FW_COMMON) tests/firmware/helpers.c $(FW_DIR)/riscv/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_RVI_ARCH) $(FW_CFLAGS) -DFW_HELPERS -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) $(FW_RVI_WRAP) -T $(FW_DIR)/riscv/link.ld -o $$@ $(FW_RV_SRC) tests/firmware/helpers.c $$(FW_RVI_LIBGCC)

$(FW_BUILD)/$(1)/cortex-m0-helpers.elf: $(FW_ARM_SRC) $(FW_COMMON) tests/firmware/helpers.c $(FW_DIR)/cortex-m/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_ARM_CC) $(FW_M0_ARCH) $(FW_CFLAGS) -DFW_HELPERS -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) $(FW_M0_WRAP) -T $(FW_DIR)/cortex-m/link.ld -o $$@ $(FW_ARM_SRC) tests/firmware/helpers.c $$(FW_M0_LIBGCC)

$(FW_BUILD)/$(1)/cortex-m0.elf: $(FW_ARM_SRC) $(FW_COMMON) $(FW_DIR)/cortex-m/link.ld $(FW_BUILD)/$(1)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_ARM_CC) $(FW_M0_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/cortex-m/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_ARM_SRC) $$(FW_M0_LIBGCC)
endef
$(foreach m,default zybo stories260K,$(eval $(call FW_MODEL_RULES,$(m))))

# zybo on the microbit (Cortex-M0, 16 KB of RAM)
$(eval $(call FW_MODEL_COMMON,zybo-m0,$(FW_DEFS_zybo-m0)))
$(FW_BUILD)/zybo-m0/cortex-m0-microbit.elf: $(FW_ARM_SRC) $(FW_COMMON) $(FW_DIR)/cortex-m/link-microbit.ld $(FW_DIR)/cortex-m/link-sections.ld \
        $(FW_BUILD)/zybo-m0/fw_config.h $(FW_BUILD)/zybo-m0/build.id
	$(FW_ARM_CC) $(FW_M0_ARCH) $(FW_CFLAGS) $(FW_DEFS_zybo-m0) -I$(FW_BUILD)/zybo-m0 -DFW_MODEL_PATH='"$(FW_MODEL_zybo-m0)"' \
	    $(FW_LDFLAGS) -T $(FW_DIR)/cortex-m/link-microbit.ld -Wl,-Map=$@.map -o $@ $(FW_ARM_SRC) $(FW_M0_LIBGCC)


# --- the edgellm SoC (rtl/soc/): rv32im images for its cycle-accurate simulation
# (tests/soc/, make soc-test / soc-bench). Per model, in $(FW_BUILD)/MODEL/soc-SET/
# (SET test: soc/cases.txt, few positions per run; SET bench: soc/cases-bench.txt):
#   software.elf     every product in software
#   accel-poll.elf   products in the accelerator, the driver polls STATUS
#   accel-irq.elf    the same, the driver sleeps in WFI until the interrupt (or a tick)
#   fault.elf        (test only) accel-irq with cross-check, for the fault test
#   *-profile.elf    (bench only) software and accel-irq with FW_PROFILE
# The accelerator builds fall back to software when a product fails.
FW_SOC_ARCH := -march=rv32im_zicsr -mabi=ilp32 -mcmodel=medany
FW_SOC_CTX ?= 128
FW_SOC_SRC := $(FW_DIR)/soc/start.S $(FW_DIR)/soc/platform.c $(FW_DIR)/common/baremetal.c $(FW_DIR)/common/app.c \
              $(FW_DIR)/common/engine.c $(FW_DIR)/common/model.S
# accelerator images: a failed product is computed in software (edgellm_hw_set_fallback);
# accel-irq waits by WFI on irq_o or a timer tick (edgellm_hw_set_wait)
FW_SOC_DEFS_software :=
FW_SOC_DEFS_accel-poll := -DFW_HW -DFW_HW_FALLBACK -DFW_HW_POLL_LIMIT=32768u
FW_SOC_DEFS_accel-irq := -DFW_HW -DFW_HW_FALLBACK -DFW_HW_WAIT -DFW_HW_POLL_LIMIT=64u
FW_SOC_DEFS_fault := $(FW_SOC_DEFS_accel-irq) -DFW_HW_CROSSCHECK
# the same with FW_PROFILE (products marked for the harness: the per-token split)
FW_SOC_DEFS_software-profile := -DFW_PROFILE
FW_SOC_DEFS_accel-irq-profile := $(FW_SOC_DEFS_accel-irq) -DFW_PROFILE
FW_SOC_MODES := software accel-poll accel-irq
# the accelerator images of zybo.elm fit the synthesized zybo.elm system (rtl/soc/zybo_system.mk:
# 128 KB RAM, 64 KB model ROM; the link checks it): every product runs in the accelerator, so
# they leave out the ternary lookup tables (EDGELLM_NO_LUT: 21,888 B less arena; a product that
# falls back to software decodes its rows directly)
include rtl/soc/zybo_system.mk
FW_SOC_SYSTEM_zybo := -DEDGELLM_NO_LUT -Wl,--defsym=RAM_LIMIT=$(ZYBO_RAM_BYTES) -Wl,--defsym=ROM_LIMIT=$(ZYBO_ROM_BYTES)
FW_SOC_CASES_test := $(FW_DIR)/soc/cases.txt
FW_SOC_CASES_bench := $(FW_DIR)/soc/cases-bench.txt

.PHONY: soc-firmware
soc-firmware: $(foreach m,$(FW_MODELS),$(foreach s,test bench,$(foreach k,$(FW_SOC_MODES),$(FW_BUILD)/$(m)/soc-$(s)/$(k).elf)) \
                $(FW_BUILD)/$(m)/soc-test/fault.elf)

# $(1) model, $(2) set (test, bench)
define FW_SOC_RULES
$(FW_BUILD)/$(1)/soc-$(2)/fw_config.h: $(FW_SOC_CASES_$(2)) $(FW_DIR)/gen_config.sh $(FW_BUILD)/tools/model_info \
        $(FW_BUILD)/tools/model_info_nolut $(FW_BUILD)/$(1)/build.id
	@mkdir -p $$(@D)
	bash $(FW_DIR)/gen_config.sh $(1) $(FW_MODEL_$(1)) $(FW_SOC_CTX) $(FW_SOC_CASES_$(2)) $(FW_BUILD)/tools/model_info $$@ \
	    $(FW_BUILD)/tools/model_info_nolut

$(FW_BUILD)/$(1)/soc-$(2)/%.elf: $(FW_SOC_SRC) $(FW_COMMON) edgellm_hw.h $(FW_DIR)/soc/link.ld $(FW_BUILD)/$(1)/soc-$(2)/fw_config.h $(FW_BUILD)/$(1)/build.id
	$(FW_RV_CC) $(FW_SOC_ARCH) $(FW_CFLAGS) -I$(FW_BUILD)/$(1)/soc-$(2) -DFW_MODEL_PATH='"$(FW_MODEL_$(1))"' $$(FW_SOC_DEFS_$$*) \
	    $$(if $$(filter software%,$$*),,$$(FW_SOC_SYSTEM_$(1))) \
	    $(FW_LDFLAGS) -T $(FW_DIR)/soc/link.ld -Wl,-Map=$$@.map -o $$@ $(FW_SOC_SRC) $(FW_LIBS)
endef
$(foreach m,default zybo stories260K,$(foreach s,test bench,$(eval $(call FW_SOC_RULES,$(m),$(s)))))
