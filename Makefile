# edgellm - see README.md; `make help` lists the targets and the test suites.
#   make            host tools in build/ (convert, generate, eval, train)
#   make run        the main job: stream ~500 characters from the built-in model
#   make test       every test suite (installs missing Debian packages as root)
#   make test-SUITE one suite (tests/SUITE/run.sh: engine, badinput, golden, ...)
#   make bench      performance table (README.md)
#   make plot       loss curves of the committed models (examples/models/loss.png)
#   make lint | formal | synth | cosim     the accelerator (rtl/)
#   make cpu-test | cpu-perf   the RISC-V core (rtl/soc/edgellm_rv32*.v): tests/cpu/run.sh;
#                   its cycle tables in rtl/soc/README.md
#   make firmware | firmware-test | footprint   bare-metal images under QEMU
#   make soc | soc-test | soc-bench   our RV32 core + the accelerator + the firmware, cycle-accurate (Verilator)
#   make fuzz       libFuzzer harnesses for FUZZ_SECONDS each
CC      ?= cc
# -march=native where the compiler takes it: the same bits as any other build, faster.
# `make ARCH=` is the portable build (any CPU of the architecture).
ifeq ($(origin ARCH),undefined)
ARCH    := $(shell $(CC) -march=native -x c -c -o /dev/null /dev/null >/dev/null 2>&1 && echo -march=native)
endif
CFLAGS  ?= -std=c11 -O3 $(ARCH) -Wall -Wextra -Wpedantic
BUILD   ?= build
DEFAULT_MODEL := examples/models/default.elm
PROMPT  ?= ROMEO:
SEED    ?= 42
SUITES  := $(patsubst tests/%/run.sh,%,$(wildcard tests/*/run.sh))

TOOLS := $(BUILD)/convert $(BUILD)/generate $(BUILD)/eval $(BUILD)/train

.PHONY: all run test help bench plot lint formal synth cosim clean
all: $(TOOLS)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/convert: examples/convert.c examples/modelwrite.h examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

$(BUILD)/generate: examples/generate.c examples/default_model.h examples/hostio.h edgellm.h $(DEFAULT_MODEL) | $(BUILD)
	$(CC) $(CFLAGS) -DDEFAULT_MODEL_PATH='"$(DEFAULT_MODEL)"' -o $@ $<

$(BUILD)/eval: examples/eval.c examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

$(BUILD)/train: examples/train.c examples/modelwrite.h examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm -pthread

# the benchmark program (make bench, the engine suite)
$(BUILD)/bench: examples/bench.c examples/modelwrite.h examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

# the main job: ~500 characters from the built-in model, streamed (nothing else printed)
run:
	@$(MAKE) -s --no-print-directory $(BUILD)/generate
	@./$(BUILD)/generate -i "$(PROMPT)" -n 500 -t 0.8 -p 0.9 -s $(SEED)

# every suite (tests/*/run.sh), or one: make test-engine, make test-firmware, ...
test:
	@bash tests/run.sh
test-%: tests/%/run.sh
	@bash tests/run.sh $*

help:
	@printf '%-22s %s\n' "make" "host tools in $(BUILD)/: convert, generate, eval, train ($(CFLAGS))" \
	    "make ARCH=" "the same, portable (without -march=native)" \
	    "make run" "stream ~500 characters from the built-in model" \
	    "make test" "every test suite; the last line: tests: N passed, M failed, K skipped"
	@for s in $(SUITES); do printf '%-22s %s\n' "make test-$$s" "$$(sed -n '2s/^# [^ ]* [^-]*- //p' tests/$$s/run.sh)"; done
	@printf '%-22s %s\n' "make bench" "the performance table in README.md" \
	    "make plot" "loss curves of the committed models" \
	    "make lint|formal|synth|cosim" "the accelerator (rtl/)" \
	    "make firmware" "bare-metal images (examples/firmware/); firmware-test: make test-firmware" \
	    "make firmware-golden" "rewrite tests/firmware/golden/ from the host build" \
	    "make footprint" "firmware sizes and instruction counts into README.md" \
	    "make fuzz" "the libFuzzer harnesses for FUZZ_SECONDS each" \
	    "make clean" "remove $(BUILD)/"

print-%:
	@echo $($*)

bench: $(BUILD)/convert
	bash examples/bench.sh

clean:
	rm -rf $(BUILD)

# loss curves (gnuplot is installed when missing, as root)
plot:
	@bash tests/deps.sh gnuplot
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
