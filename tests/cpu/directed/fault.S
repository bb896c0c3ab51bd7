/* Access faults from the bus err answer: loads -> mcause 5, stores -> 7,
 * instruction fetches -> 1; mtval is the faulting address, mepc the instruction
 * (for a fetch, the address fetched). The trap is precise: rd is not written, and
 * no younger instruction has any effect (a store after a faulting load or store
 * does not happen, an increment after it runs exactly once after the handler). */
#include "common.h"
    .option norvc
main:
    la s0, fdata
    li s1, TB_NOWHERE
    # 1: lw from nowhere
    CASE(1); li s7, 0; li a0, 0x7777; EXPECT(CAUSE_LOAD_FAULT, 2f)
1:  lw a0, 4(s1)
    j fail
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); CHECK(s9, TB_NOWHERE + 4); CHECK(a0, 0x7777)
    # 2: lb from nowhere: mtval is the byte's address
    CASE(2); li s7, 0; EXPECT(CAUSE_LOAD_FAULT, 2f)
1:  lbu a0, 3(s1)
    j fail
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); CHECK(s9, TB_NOWHERE + 3); CHECK(a0, 0x7777)
    # 3: sw to nowhere
    CASE(3); li s7, 0; EXPECT(CAUSE_STORE_FAULT, 2f)
1:  sw a0, 8(s1)
    j fail
2:  CHECK(s7, 1); la t0, 1b; CHECK_REG(s8, t0); CHECK(s9, TB_NOWHERE + 8)
    # 4: a faulting load followed by an increment: resumed after the load, it runs once
    CASE(4); li s7, 0; li a1, 0; EXPECT(CAUSE_LOAD_FAULT, 1f)
    lw a0, 0(s1)
1:  addi a1, a1, 1
    CHECK(s7, 1); CHECK(a1, 1)
    # 5: a faulting store followed by a store to RAM: the second store never happens
    CASE(5); li s7, 0; li a1, 0x1234; EXPECT(CAUSE_STORE_FAULT, 1f)
    sw a1, 0(s1)
    sw a1, 0(s0)
1:  CHECK(s7, 1); lw a0, 0(s0); CHECK(a0, 0x600d)
    # 6: a faulting load whose rd is used next (load-use behind a fault)
    CASE(6); li s7, 0; li a0, 5; EXPECT(CAUSE_LOAD_FAULT, 1f)
    lw a0, 0(s1)
    addi a0, a0, 1
    sw a0, 0(s0)
1:  CHECK(s7, 1); CHECK(a0, 5); lw a0, 0(s0); CHECK(a0, 0x600d)
    # 7: jump to nowhere: instruction access fault at the target, the jalr retired (ra written)
    CASE(7); li s7, 0; EXPECT(CAUSE_FETCH_FAULT, 2f)
1:  jalr ra, 0(s1)
    j fail
2:  CHECK(s7, 1); CHECK(s8, TB_NOWHERE); CHECK(s9, TB_NOWHERE); la t0, 1b + 4; CHECK_REG(ra, t0)
    # 8: a faulting device read between two good ones, the device itself still works
    CASE(8); li s7, 0; li t1, TB_SCRATCH; li a1, 0xabc; sw a1, 0(t1); EXPECT(CAUSE_LOAD_FAULT, 1f)
    lw a0, 0(s1)
1:  lw a0, 0(t1); CHECK(a0, 0xabc); CHECK(s7, 1)
    j pass

    .data
    .align 2
fdata: .word 0x600d
