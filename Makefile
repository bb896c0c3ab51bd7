# edgellm - see README.md.  make | make run | make test | make clean
CC      ?= cc
CFLAGS  ?= -std=c11 -O2 -Wall -Wextra -Wpedantic
BUILD   := build
DEFAULT_MODEL := examples/models/default.elm
PROMPT  ?= ROMEO:
SEED    ?= 42

TOOLS := $(BUILD)/convert $(BUILD)/generate $(BUILD)/eval $(BUILD)/train

.PHONY: all run test bench clean
all: $(TOOLS)

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/convert: examples/convert.c examples/modelwrite.h examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

$(BUILD)/generate: examples/generate.c examples/default_model.h examples/hostio.h edgellm.h $(DEFAULT_MODEL) | $(BUILD)
	$(CC) $(CFLAGS) -DDEFAULT_MODEL_PATH='"$(DEFAULT_MODEL)"' -o $@ $<

$(BUILD)/eval: examples/eval.c examples/hostio.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm

$(BUILD)/train: examples/train.c examples/modelwrite.h edgellm.h | $(BUILD)
	$(CC) $(CFLAGS) -o $@ $< -lm -pthread

# the main job: ~500 characters from the built-in model, streamed
run: $(BUILD)/generate
	./$(BUILD)/generate -i "$(PROMPT)" -n 500 -t 0.8 -p 0.9 -s $(SEED)

test:
	bash tests/run.sh

bench: $(BUILD)/convert
	bash examples/bench.sh

clean:
	rm -rf $(BUILD)
