# edgellm - see README.md.
#   make            host tools in build/ (convert, generate, eval, train)
#   make run        the main job: stream ~500 characters from the built-in model
#   make test       every test suite (installs missing Debian packages as root)
#   make bench      performance table (README.md)
#   make plot       loss curves of the committed models (examples/models/loss.png)
#   make lint | formal | synth | cosim     the accelerator (rtl/)
#   make cpu-test | cpu-perf   the RISC-V core (rtl/soc/edgellm_rv32*.v): tests/cpu/run.sh;
#                   its cycle tables in rtl/soc/README.md
#   make firmware | firmware-test | footprint   bare-metal images under QEMU
#   make soc | soc-test | soc-bench   our RV32 core + the accelerator + the firmware, cycle-accurate (Verilator)
#   make fuzz       libFuzzer harnesses for FUZZ_SECONDS each
CC      ?= cc
CFLAGS  ?= -std=c11 -O2 -Wall -Wextra -Wpedantic
BUILD   := build
DEFAULT_MODEL := examples/models/default.elm
PROMPT  ?= ROMEO:
SEED    ?= 42

TOOLS := $(BUILD)/convert $(BUILD)/generate $(BUILD)/eval $(BUILD)/train

.PHONY: all run test bench plot lint formal synth cosim clean
all: $(TOOLS)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/convert: examples/convert.c examples/modelwrite.h examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

$(BUILD)/generate: examples/generate.c examples/default_model.h examples/hostio.h edgellm.h $(DEFAULT_MODEL) | $(BUILD)
	$(CC) $(CFLAGS) -DDEFAULT_MODEL_PATH='"$(DEFAULT_MODEL)"' -o $@ $<

$(BUILD)/eval: examples/eval.c examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

# -O3 -march=native trains ~2x faster and writes the same bytes (no FMA contraction)
TRAIN_CFLAGS ?= -O3 -march=native
$(BUILD)/train: examples/train.c examples/modelwrite.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) $(TRAIN_CFLAGS) -o $@ $< -lm -pthread

# the main job: ~500 characters from the built-in model, streamed
run: $(BUILD)/generate
	./$(BUILD)/generate -i "$(PROMPT)" -n 500 -t 0.8 -p 0.9 -s $(SEED)

test:
	bash tests/run.sh

bench: $(BUILD)/convert
	bash examples/bench.sh

clean:
	rm -rf $(BUILD)

# loss curves (gnuplot is installed when missing)
plot:
	@command -v gnuplot >/dev/null || { echo "plot: installing gnuplot-nox"; apt-get install -y --no-install-recommends gnuplot-nox >/dev/null; }
	gnuplot examples/models/loss.gp

# the accelerator
lint:
	$(MAKE) -C rtl lint
formal:
	$(MAKE) -C rtl formal
synth:
	$(MAKE) -C rtl synth perf
cosim: $(BUILD)/convert
	@$(MAKE) --no-print-directory -C rtl cosim

# the RISC-V core: lint, riscv-tests, directed and random tests, firmware (tests/cpu/run.sh)
.PHONY: cpu-test cpu-perf
cpu-test:
	bash tests/cpu/run.sh
cpu-perf:
	@[ -x build/cpu/obj/tb_cpu ] || bash tests/cpu/run.sh
	bash tests/cpu/perf/perf.sh

include examples/firmware/firmware.mk
include tests/soc/soc.mk
include tests/fuzz/fuzz.mk
