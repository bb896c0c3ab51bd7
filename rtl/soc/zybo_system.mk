# The zybo.elm system: the SoC configuration that rtl/soc/synth/run.sh synthesizes for xc7
# (soc_xc7_zybo), that tests/soc/run.sh simulates beside the larger SoC of make soc-test,
# and whose RAM and ROM examples/firmware/firmware.mk links zybo.elm's accelerator images
# against. Plain NAME=VALUE lines: make includes this file, sh sources it.
ZYBO_RAM_BYTES=131072
ZYBO_ROM_BYTES=65536
ZYBO_ACC_LANES=32
ZYBO_ACC_WMEM_BYTES=131072
ZYBO_ACC_T1_EN=0
