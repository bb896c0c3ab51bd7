#!/usr/bin/env python3
"""pcprof.py PROFILE IMAGE.elf [N] - soc_sim --pc-profile's cycles summed by function.

PROFILE: soc_sim --pc-profile's TSV (pc, cycles; counted between the firmware's position
marks). The functions come from the image's symbol table (riscv64-unknown-elf-nm, or $NM).
Prints the N (default 30) costliest functions: cycles per position, share, and cycles per
position summed over the list so far.
"""
import bisect
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    prof, elf = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    nm = os.environ.get("NM", "riscv64-unknown-elf-nm")
    out = subprocess.run([nm, "-n", elf], check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            syms.append((int(f[0], 16), f[2]))
    addrs = [a for a, _ in syms]
    positions, by = 0, {}
    total = 0
    with open(prof) as fh:
        for line in fh:
            f = line.split("\t")
            if f[0] == "# positions":
                positions = int(f[1])
                continue
            pc, c = int(f[0], 16), int(f[1])
            total += c
            if pc == 1:
                name = "(execute stage empty)"
            else:
                i = bisect.bisect_right(addrs, pc) - 1
                name = syms[i][1] if i >= 0 else "(unknown)"
            by[name] = by.get(name, 0) + c
    n = max(positions, 1)
    print(f"{positions} positions, {total / n:.0f} cycles per position")
    run = 0
    for name, c in sorted(by.items(), key=lambda kv: -kv[1])[:top]:
        run += c
        print(f"{c / n:10.0f} {100 * c / total:5.1f}% {run / n:10.0f}  {name}")


if __name__ == "__main__":
    main()
