#!/usr/bin/env python3
"""Random RV32IM programs for the differential test of edgellm_rv32 against QEMU.

gen.py --seed S --programs N --per-image K --out DIR
writes DIR/img000.S, DIR/img001.S, ... with K programs each (the last image may
hold fewer). Each program
  - fills a 256-byte scratch area from its own seed (an LCG loop in rv_common.S),
  - sets x1 and x3..x31 to values drawn from interesting operands (0, 1, -1,
    INT_MIN, INT_MAX, powers of two and their neighbours, random words, small
    shift amounts); x2 points at the scratch area for the whole program,
  - runs 40..140 random items: ALU register and immediate operations, shifts, lui,
    auipc, mul/mulh/mulhsu/mulhu/div/divu/rem/remu, loads and stores of every width
    (aligned, at a fixed or a register-derived offset in the scratch area), forward
    branches, jal and jalr over a few items, and dependent chains (an item reads the
    register the one before it wrote, which stresses forwarding and load-use),
    counted loops (a backward branch taken 0..4 times, then falling through) and
    a backward jal with a link,
  - stores all 32 registers and calls report, which prints the program number, the
    registers and a checksum of the scratch area in hex on the UART.
The programs of an image run one after the other, falling through from one to the
next (report returns with nothing of the program's state left), then all_done.
The same source is assembled for QEMU and for the Verilator harness; only the UART
and exit routines (rv_platform.S, linked after everything else) differ, so every
address the programs see (auipc, links) is the same on both.
"""
import argparse
import os
import random

M32 = 0xFFFFFFFF
ALU_RR = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and"]
ALU_RI = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
SHIFT_I = ["slli", "srli", "srai"]
MULDIV = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
LOADS = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4)]
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
SCRATCH = 256          # bytes of scratch memory per program (at x2)
# registers a random instruction may write: not x2 (the scratch pointer)
WRITABLE = [1] + list(range(3, 32))


def interesting(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice([0, 1, 2, 3, M32, M32 - 1, 0x80000000, 0x7FFFFFFF, 0x80000001, 0x7FFFFFFE,
                           0xFFFF, 0x10000, 0x7FFF, 0x8000, 0xFFFF8000, 0xFF, 0x80, 0xFFFFFF80,
                           31, 32, 33, 0x55555555, 0xAAAAAAAA])
    if r < 0.6:
        return rng.randrange(0, 64)
    if r < 0.7:
        return (1 << rng.randrange(32)) + rng.choice([-1, 0, 1]) & M32
    if r < 0.8:
        return rng.randrange(-1000, 1000) & M32
    return rng.getrandbits(32)


def imm12(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice([0, 1, -1, 2047, -2048, 2, -2, 0x7FF, 0x555, -0x556])
    if r < 0.6:
        return rng.randrange(-16, 16)
    return rng.randrange(-2048, 2048)


class Program:
    def __init__(self, rng, pid):
        self.rng = rng
        self.pid = pid
        self.items = []        # list of lists of lines (an item is never split by a label)
        self.labels = {}       # item index -> list of label names placed before it
        self.prev_rd = None
        self.nlabel = 0

    def reg(self, any_reg=True):
        return self.rng.randrange(32) if any_reg else self.rng.choice(WRITABLE)

    def src(self):
        # prefer the register the previous item wrote: dependent chains
        if self.prev_rd is not None and self.rng.random() < 0.5:
            return self.prev_rd
        return self.reg()

    def dst(self):
        if self.rng.random() < 0.03:
            return 0           # writes to x0 must vanish
        return self.reg(False)

    def label(self, skip):
        name = "L%d_%d" % (self.pid, self.nlabel)
        self.nlabel += 1
        target = len(self.items) + 1 + skip
        self.labels.setdefault(target, []).append(name)
        return name

    def add(self, lines, rd):
        self.items.append(lines)
        self.prev_rd = rd if rd else None

    def mem_addr(self, size):
        """(setup lines, base register, offset) for an aligned address in the scratch area."""
        rng = self.rng
        if rng.random() < 0.6:
            return [], "x2", rng.randrange(0, SCRATCH // size) * size
        # register-derived: t = (src & mask) + x2, then a small aligned offset
        t = self.reg(False)
        s = self.src()
        mask = (SCRATCH - 16) & ~(size - 1)
        off = rng.randrange(0, 16 // size) * size
        return ["andi x%d, x%d, %d" % (t, s, mask), "add x%d, x%d, x2" % (t, t)], "x%d" % t, off

    def one(self):
        rng = self.rng
        r = rng.random()
        if r < 0.22:
            op, rd = rng.choice(ALU_RR), self.dst()
            self.add(["%s x%d, x%d, x%d" % (op, rd, self.src(), self.src())], rd)
        elif r < 0.36:
            op, rd = rng.choice(ALU_RI), self.dst()
            self.add(["%s x%d, x%d, %d" % (op, rd, self.src(), imm12(rng))], rd)
        elif r < 0.43:
            op, rd = rng.choice(SHIFT_I), self.dst()
            sh = rng.choice([0, 1, 31, rng.randrange(32)])
            self.add(["%s x%d, x%d, %d" % (op, rd, self.src(), sh)], rd)
        elif r < 0.47:
            rd = self.dst()
            op = rng.choice(["lui", "auipc"])
            self.add(["%s x%d, %d" % (op, rd, rng.choice([0, 1, 0x80000, 0xFFFFF, rng.randrange(1 << 20)]))], rd)
        elif r < 0.61:
            op, rd = rng.choice(MULDIV), self.dst()
            self.add(["%s x%d, x%d, x%d" % (op, rd, self.src(), self.src())], rd)
        elif r < 0.73:
            (op, size), rd = rng.choice(LOADS), self.dst()
            setup, base, off = self.mem_addr(size)
            self.add(setup + ["%s x%d, %d(%s)" % (op, rd, off, base)], rd)
        elif r < 0.83:
            op, size = rng.choice(STORES)
            setup, base, off = self.mem_addr(size)
            self.add(setup + ["%s x%d, %d(%s)" % (op, self.src(), off, base)], None)
        elif r < 0.93:
            op = rng.choice(BRANCHES)
            a, b = self.src(), self.src() if rng.random() < 0.8 else self.reg()
            self.add(["%s x%d, x%d, %s" % (op, a, b, self.label(rng.randrange(0, 4)))], None)
        elif r < 0.95:
            rd = self.dst()
            self.add(["jal x%d, %s" % (rd, self.label(rng.randrange(0, 4)))], rd)
        elif r < 0.97:
            self.loop()
        elif r < 0.98:
            # a backward jal: jump over a block, jump back into it (with a link), leave
            n = self.nlabel
            self.nlabel += 3
            fwd, back, after = ["B%d_%d" % (self.pid, n + i) for i in range(3)]
            rd = self.dst()
            body = self.simple(None)
            self.add(["jal x0, %s" % fwd, "%s:" % back] + body + ["jal x0, %s" % after,
                      "%s:" % fwd, "jal x%d, %s" % (rd, back), "%s:" % after], rd)
        else:
            rd, t = self.dst(), self.reg(False)
            self.add(["la x%d, %s" % (t, self.label(rng.randrange(0, 4))), "jalr x%d, 0(x%d)" % (rd, t)], rd)

    def simple(self, keep):
        """one ALU, multiply/divide, load or store instruction (lines) not writing keep"""
        rng = self.rng
        rd = self.dst()
        while rd == keep:
            rd = self.dst()
        r = rng.random()
        if r < 0.4:
            return ["%s x%d, x%d, x%d" % (rng.choice(ALU_RR), rd, self.src(), self.src())]
        if r < 0.6:
            return ["%s x%d, x%d, %d" % (rng.choice(ALU_RI), rd, self.src(), imm12(rng))]
        if r < 0.75:
            return ["%s x%d, x%d, x%d" % (rng.choice(MULDIV), rd, self.src(), self.src())]
        if r < 0.9:
            op, size = rng.choice(LOADS)
            return ["%s x%d, %d(x2)" % (op, rd, rng.randrange(0, SCRATCH // size) * size)]
        op, size = rng.choice(STORES)
        return ["%s x%d, %d(x2)" % (op, self.src(), rng.randrange(0, SCRATCH // size) * size)]

    def loop(self):
        """li c, k; L: body (not writing c); c -= 1; branch back to L while c != 0"""
        rng = self.rng
        c = self.reg(False)
        name = "B%d_%d" % (self.pid, self.nlabel)
        self.nlabel += 1
        lines = ["li x%d, %d" % (c, rng.randrange(1, 6)), "%s:" % name]
        for _ in range(rng.randrange(1, 5)):
            lines += self.simple(c)
        back = rng.choice(["bnez x%d, %s", "bgtz x%d, %s", "bltu x0, x%d, %s"])
        lines += ["addi x%d, x%d, -1" % (c, c), back % (c, name)]
        self.add(lines, c)

    def emit(self, out):
        rng = self.rng
        n = rng.randrange(40, 141)
        while len(self.items) < n:
            self.one()
        out.append("prog%d:" % self.pid)
        out.append("    li a0, %d" % (rng.getrandbits(31) | 1))
        out.append("    call fill_scratch")
        out.append("    la x2, scratch")
        for r in WRITABLE:
            out.append("    li x%d, 0x%08x" % (r, interesting(rng)))
        for i, lines in enumerate(self.items):
            for name in self.labels.get(i, []):
                out.append("%s:" % name)
            out.extend("    " + l for l in lines)
        for i in sorted(self.labels):
            if i >= len(self.items):
                for name in self.labels[i]:
                    out.append("%s:" % name)
        for r in range(32):
            out.append("    sw x%d, %d(x2)" % (r, SCRATCH + 4 * r))
        out.append("    li a0, %d" % self.pid)
        out.append("    call report")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--programs", type=int, default=1000)
    ap.add_argument("--per-image", type=int, default=100)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    pid = 0
    img = 0
    while pid < a.programs:
        k = min(a.per_image, a.programs - pid)
        out = ["/* generated by tests/cpu/random/gen.py --seed %d: programs %d..%d */" % (a.seed, pid, pid + k - 1),
               "    .option norvc", "    .text", "    .globl run_programs", "run_programs:"]
        # the programs run one after the other (each sets every register it needs)
        for i in range(k):
            rng = random.Random((a.seed << 32) ^ (pid + i) * 0x9E3779B1)
            Program(rng, pid + i).emit(out)
        out.append("    j all_done")
        with open(os.path.join(a.out, "img%03d.S" % img), "w") as f:
            f.write("\n".join(out) + "\n")
        pid += k
        img += 1


if __name__ == "__main__":
    main()
