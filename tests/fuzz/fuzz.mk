# tests/fuzz/fuzz.mk - libFuzzer harnesses (clang, -fsanitize=fuzzer,address,undefined).
# Included by the top Makefile (paths are from the repository root), or used alone:
#     make -f tests/fuzz/fuzz.mk fuzz
#
#   make fuzz                  every harness in turn for FUZZ_SECONDS (default 600), on the
#                              growing corpus build/fuzz/corpus/<harness> (seeded from
#                              tests/fuzz/corpus and make_seeds), under nice; prints the
#                              executions of each from libFuzzer's final stats
#   make fuzz FUZZ_ONLY=load   one harness (or a list)
#   make fuzz FUZZ_RUNS=10000000
#                              stop each harness after that many executions instead
#                              (FUZZ_SECONDS still bounds it; set both for a long run)
#   make fuzz-build            the harnesses, make_seeds and the fresh seeds only
#
# Crashes go to build/fuzz/artifacts/; minimize one with
#     build/fuzz/fuzz_<harness> -minimize_crash=1 -max_total_time=120 FILE
# and commit it as tests/fuzz/regress/<harness>_<what>.bin (run.sh replays those).

fuzz__goal   := $(.DEFAULT_GOAL)

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_RUNS    ?= -1
FUZZ_NICE    ?= nice -n 10
FUZZ_ONLY    ?= load generate encode convert convert_mask
FUZZ_OUT     := build/fuzz
FUZZ_SRC     := tests/fuzz
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Wall -Wextra
FUZZ_HDRS    := $(FUZZ_SRC)/fuzz_common.h edgellm.h
FUZZ_X86     := $(filter x86_64 amd64 i686 i386,$(shell uname -m))
FUZZ_BINS    := $(addprefix $(FUZZ_OUT)/fuzz_,load generate encode convert convert_mask)


.PHONY: fuzz fuzz-build fuzz-seeds

$(FUZZ_OUT) $(FUZZ_OUT)/seeds:
	@mkdir -p $@

$(FUZZ_OUT)/fuzz_load: $(FUZZ_SRC)/fuzz_load.c $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< -lm

$(FUZZ_OUT)/fuzz_encode: $(FUZZ_SRC)/fuzz_encode.c $(FUZZ_SRC)/fuzz_models.h examples/modelwrite.h $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< -lm

$(FUZZ_OUT)/fuzz_convert: $(FUZZ_SRC)/fuzz_convert.c examples/convert.c examples/modelwrite.h $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< -lm

$(FUZZ_OUT)/fuzz_convert_mask: $(FUZZ_SRC)/fuzz_convert.c examples/convert.c examples/modelwrite.h $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFZ_CONVERT_MASK=15 -o $@ $< -lm

ifneq ($(FUZZ_X86),)
# two more engine copies for the generate harness to compare with its own (engine_copy.c):
# the AVX2 kernels, and the portable helpers of 32-bit targets
FUZZ_COPY_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
                   -Wall -Wextra -Wno-unused-function
$(FUZZ_OUT)/engine_avx2.o: $(FUZZ_SRC)/engine_copy.c edgellm.h | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_COPY_FLAGS) -mavx2 -DFZ_COPY=avx2 -c -o $@ $<
$(FUZZ_OUT)/engine_port.o: $(FUZZ_SRC)/engine_copy.c edgellm.h | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_COPY_FLAGS) -U__x86_64__ -Wno-void-pointer-to-int-cast -DFZ_COPY=port -c -o $@ $<

$(FUZZ_OUT)/fuzz_generate: $(FUZZ_SRC)/fuzz_generate.c $(FUZZ_OUT)/engine_avx2.o $(FUZZ_OUT)/engine_port.o $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFZ_AVX2_TU -DFZ_PORT_TU -o $@ $< $(FUZZ_OUT)/engine_avx2.o $(FUZZ_OUT)/engine_port.o -lm
else
$(FUZZ_OUT)/fuzz_generate: $(FUZZ_SRC)/fuzz_generate.c $(FUZZ_HDRS) | $(FUZZ_OUT)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< -lm
endif

$(FUZZ_OUT)/make_seeds: $(FUZZ_SRC)/make_seeds.c $(FUZZ_SRC)/fuzz_models.h examples/modelwrite.h | $(FUZZ_OUT)
	$(FUZZ_CC) -std=c11 -O1 -Wall -Wextra -o $@ $< -lm

# the seeds as make_seeds writes them today (tests/fuzz/corpus holds the committed copy)
fuzz-seeds: $(FUZZ_OUT)/make_seeds
	@rm -rf $(FUZZ_OUT)/seeds && mkdir -p $(FUZZ_OUT)/seeds/load $(FUZZ_OUT)/seeds/generate \
	    $(FUZZ_OUT)/seeds/encode $(FUZZ_OUT)/seeds/convert
	@$(FUZZ_OUT)/make_seeds $(FUZZ_OUT)/seeds

fuzz-build: $(FUZZ_BINS) fuzz-seeds

fuzz: fuzz-build
	@mkdir -p $(FUZZ_OUT)/logs $(FUZZ_OUT)/artifacts; \
	for h in $(FUZZ_ONLY); do \
	    case $$h in convert_mask) s=convert;; *) s=$$h;; esac; \
	    mkdir -p $(FUZZ_OUT)/corpus/$$h; \
	    log=$(FUZZ_OUT)/logs/fuzz_$$h.log; \
	    opts=$$(case $$h in load|generate) echo "-max_len=32768";; encode) echo "-max_len=1100";; *) echo "-max_len=16384";; esac); \
	    $(FUZZ_NICE) ./$(FUZZ_OUT)/fuzz_$$h $$opts -timeout=20 -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -print_final_stats=1 \
	        -artifact_prefix=$(FUZZ_OUT)/artifacts/$$h- $(FUZZ_OUT)/corpus/$$h $(FUZZ_SRC)/corpus/$$s \
	        $(FUZZ_OUT)/seeds/$$s >$$log 2>&1; rc=$$?; \
	    execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -n 1); \
	    secs=$$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' $$log | tail -n 1); \
	    if [ $$rc = 0 ]; then st=ok; else st="FAILED (exit $$rc; $$(grep -m1 -E 'ERROR:|fuzz check failed|runtime error' $$log)); see $$log"; fi; \
	    printf 'fuzz_%-13s %12s execs in %6s s  %s\n' $$h "$${execs:-?}" "$${secs:-?}" "$$st"; \
	done

# including this file never changes the including Makefile's default goal
.DEFAULT_GOAL := $(fuzz__goal)
