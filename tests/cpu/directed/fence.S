/* FENCE.I makes stores to instruction memory visible to the fetch that follows,
 * even for an instruction right behind it that was already fetched; FENCE orders
 * nothing that is not already in order (a store then a load around it). */
#include "common.h"
    .option norvc
main:
    # 1: patch the instruction right after the fence.i: the new one runs
    CASE(1); li a0, 0; la t0, 1f; la t1, new1; lw t1, 0(t1); sw t1, 0(t0)
    fence.i
1:  addi a0, a0, 1                                  /* becomes addi a0, a0, 5 */
    CHECK(a0, 5)
    # 2: patch a subroutine, call it, patch again, call again
    CASE(2); li a0, 0; la t0, sub2; la t1, new2a; lw t1, 0(t1); sw t1, 0(t0); fence.i; call sub2; CHECK(a0, 100)
    la t1, new2b; lw t1, 0(t1); sw t1, 0(t0); fence.i; call sub2; CHECK(a0, 300)
    # 3: fence between a store and a load of the same word
    CASE(3); la t0, fdata; li t1, 77; sw t1, 0(t0); fence; lw a0, 0(t0); CHECK(a0, 77)
    fence rw, rw; fence iorw, iorw; fence w, r
    j pass

sub2:
    addi a0, a0, 0                                  /* patched */
    ret

    .data
    .align 2
new1:  addi a0, a0, 5
new2a: addi a0, a0, 100
new2b: addi a0, a0, 200
fdata: .word 0
