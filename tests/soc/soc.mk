# tests/soc/soc.mk - the edgellm SoC in simulation (included by the top-level Makefile;
# paths relative to the repository root)
#
#   make soc         the simulators (build/soc/sim/soc_sim; build/soc/sim-zybo/soc_sim, the
#                    zybo.elm system) and the SoC's test images
#   make soc-test    tests/soc/run.sh: lint, the fabric testbench, every model and mode
#                    against the host, zybo.elm on the zybo.elm system, the fault test,
#                    the UART line
#   make soc-bench   128 positions per model and mode; writes the table in README.md
#
# The simulated SoC: 256 KB RAM, 512 KB model ROM, UART at 8 cycles per bit, the
# accelerator with 32 lanes and 256 KB of weight memory (every matrix of the three
# models), fault injection built in (inactive unless the harness asks).
SOC_BUILD := $(BUILD)/soc
SOC_RTL = $(sort $(wildcard rtl/soc/*.v)) $(sort $(wildcard rtl/edgellm_acc*.v))
# the accelerator's register map (included by edgellm_acc.v and edgellm_soc_fault.v)
SOC_INC = rtl/edgellm_acc_regs.vh rtl/edgellm_acc_exp2.vh
SOC_PARAMS := -GRAM_BYTES=262144 -GROM_BYTES=524288 -GUART_DIV=8 -GACC_LANES=32 -GACC_WMEM_BYTES=262144 \
              -GACC_XMAX=1024 -GACC_YMAX=1024 -GFAULT_EN=1
SOC_DEFS := -DSOC_RAM_BYTES=262144u -DSOC_ROM_BYTES=524288u -DSOC_UART_DIV=8u
# the synthesized zybo.elm system (rtl/soc/zybo_system.mk: its RAM, ROM and accelerator, no
# fault injection; the UART as above): make soc-test and soc-bench run zybo.elm's accel-irq
# image on it too and check that every count equals the larger SoC's (ZYBO_*: rtl/soc/zybo_system.mk,
# which examples/firmware/firmware.mk includes)
SOC_PARAMS_ZYBO := -GRAM_BYTES=$(ZYBO_RAM_BYTES) -GROM_BYTES=$(ZYBO_ROM_BYTES) -GUART_DIV=8 -GACC_LANES=$(ZYBO_ACC_LANES) \
                   -GACC_WMEM_BYTES=$(ZYBO_ACC_WMEM_BYTES) -GACC_T1_EN=$(ZYBO_ACC_T1_EN) -GACC_XMAX=1024 -GACC_YMAX=1024 -GFAULT_EN=0
SOC_DEFS_ZYBO := -DSOC_RAM_BYTES=$(ZYBO_RAM_BYTES)u -DSOC_ROM_BYTES=$(ZYBO_ROM_BYTES)u -DSOC_UART_DIV=8u
SOC_VERILATE := verilator --cc --exe --build -j 1 -Wall --default-language 1364-2005 -I$(CURDIR)/rtl -O3 -MAKEFLAGS "OPT_FAST=-O2"

# the fabric testbench in two configurations: dual-port RAM with fault injection (16
# lanes), one RAM port without it (32 lanes, UART at 1 cycle per bit)
SOC_TB_dual := -GRAM_BYTES=16384 -GROM_BYTES=16384 -GUART_DIV=3 -GACC_LANES=16 -GACC_WMEM_BYTES=4096 \
               -GACC_XMAX=256 -GACC_YMAX=256 -GFAULT_EN=1 -GRAM_DUAL_PORT=1
SOC_TB_DEFS_dual := -DTB_DUAL=1 -DTB_FAULT=1 -DTB_RAM_BYTES=16384u -DTB_ROM_BYTES=16384u -DTB_UART_DIV=3u \
                    -DTB_LANES=16u -DTB_WMEM=4096u -DTB_XMAX=256u -DTB_YMAX=256u
SOC_TB_single := -GRAM_BYTES=8192 -GROM_BYTES=4096 -GUART_DIV=1 -GACC_LANES=32 -GACC_WMEM_BYTES=4096 \
                 -GACC_XMAX=256 -GACC_YMAX=256 -GFAULT_EN=0 -GRAM_DUAL_PORT=0
SOC_TB_DEFS_single := -DTB_DUAL=0 -DTB_FAULT=0 -DTB_RAM_BYTES=8192u -DTB_ROM_BYTES=4096u -DTB_UART_DIV=1u \
                      -DTB_LANES=32u -DTB_WMEM=4096u -DTB_XMAX=256u -DTB_YMAX=256u

.PHONY: soc soc-test soc-bench
soc: $(SOC_BUILD)/sim/soc_sim $(SOC_BUILD)/sim-zybo/soc_sim $(foreach m,$(FW_MODELS),$(foreach k,$(FW_SOC_MODES) fault,$(FW_BUILD)/$(m)/soc-test/$(k).elf))

soc-test:
	bash tests/soc/run.sh $(FW_SHARED)

soc-bench:
	bash tests/soc/run.sh $(FW_SHARED) bench

$(SOC_BUILD)/sim/soc_sim: $(SOC_RTL) $(SOC_INC) tests/soc/soc_sim.cpp tests/soc/soc_sim.vlt
	@mkdir -p $(@D)
	$(SOC_VERILATE) --top-module edgellm_soc $(SOC_PARAMS) -CFLAGS "-O2 -std=c++17 $(SOC_DEFS)" \
	    tests/soc/soc_sim.vlt $(SOC_RTL) $(CURDIR)/tests/soc/soc_sim.cpp -Mdir $(@D) -o soc_sim > $(@D)/build.log 2>&1 \
	    || (tail -30 $(@D)/build.log; exit 1)

$(SOC_BUILD)/sim-zybo/soc_sim: $(SOC_RTL) $(SOC_INC) tests/soc/soc_sim.cpp tests/soc/soc_sim.vlt rtl/soc/zybo_system.mk
	@mkdir -p $(@D)
	$(SOC_VERILATE) --top-module edgellm_soc $(SOC_PARAMS_ZYBO) -CFLAGS "-O2 -std=c++17 $(SOC_DEFS_ZYBO)" \
	    tests/soc/soc_sim.vlt $(SOC_RTL) $(CURDIR)/tests/soc/soc_sim.cpp -Mdir $(@D) -o soc_sim > $(@D)/build.log 2>&1 \
	    || (tail -30 $(@D)/build.log; exit 1)

$(SOC_BUILD)/tb-%/tb_fabric: $(SOC_RTL) $(SOC_INC) tests/soc/tb_fabric.cpp tests/hw/hw_ref.h edgellm_hw.h
	@mkdir -p $(@D)
	$(SOC_VERILATE) --top-module edgellm_soc_fabric $(SOC_TB_$*) -CFLAGS "-O2 -std=c++17 -I$(CURDIR)/tests/hw -I$(CURDIR) $(SOC_TB_DEFS_$*)" \
	    $(SOC_RTL) $(CURDIR)/tests/soc/tb_fabric.cpp -Mdir $(@D) -o tb_fabric > $(@D)/build.log 2>&1 \
	    || (tail -30 $(@D)/build.log; exit 1)
