#!/usr/bin/env python3
"""rtl/regmap.py [--out DIR] - write the accelerator's register map from rtl/regmap.txt.

Writes rtl/edgellm_acc_regs.vh (whole file), and the parts between markers of
edgellm_hw.h (its manual's REGISTER MAP table and its constants) and of
rtl/README.md (the register table). Also rtl/edgellm_acc_exp2.vh, the exp2 table of
the softmax pass, from edgellm.h's own table (edgellm__exp2_tab), so that the
hardware's constants have one source too. With --out DIR the four files go to DIR
(edgellm_acc_regs.vh, edgellm_hw.h, README.md, edgellm_acc_exp2.vh) and the committed
ones are left as they are: the tests compare the two. Python 3 standard library only.
"""
import os
import re
import sys
import textwrap

RTL = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(RTL)
SRC = os.path.join(RTL, "regmap.txt")
VH = os.path.join(RTL, "edgellm_acc_regs.vh")
HDR = os.path.join(ROOT, "edgellm_hw.h")
README = os.path.join(RTL, "README.md")
ENGINE = os.path.join(ROOT, "edgellm.h")
EXP2 = os.path.join(RTL, "edgellm_acc_exp2.vh")

# marker lines (the generated text goes between them; the lines themselves stay)
HDR_DOC = ("   ---- generated from rtl/regmap.txt by rtl/regmap.py (also rtl/README.md's table)",
           "   ---- end of the generated table")
HDR_DEF = ("/* ---- generated from rtl/regmap.txt by rtl/regmap.py: edit that file, not these ---- */",
           "/* ---- end of the generated constants ---- */")
MD = ("<!-- regmap:begin (generated from regmap.txt by regmap.py) -->", "<!-- regmap:end -->")


def die(msg):
    sys.stderr.write("regmap.py: %s\n" % msg)
    sys.exit(1)


def parse():
    entries = []
    with open(SRC) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("+"):
                if not entries:
                    die("regmap.txt:%d: a continuation line before any entry" % n)
                entries[-1]["meaning"] += " " + line[1:].strip()
                continue
            f_ = [x.strip() for x in line.split("|")]
            kind, want = f_[0], {"reg": 5, "win": 7, "bit": 5, "field": 5, "flags": 5, "value": 6}
            if kind not in want:
                die("regmap.txt:%d: unknown kind %r" % (n, kind))
            if len(f_) != want[kind]:
                die("regmap.txt:%d: %s takes %d fields, not %d" % (n, kind, want[kind], len(f_)))
            e = {"kind": kind, "line": n, "meaning": f_[-1]}
            if kind == "reg":
                e.update(off=int(f_[1], 16), name=f_[2], access=f_[3])
                if e["off"] % 4 or e["off"] >= 0x100:
                    die("regmap.txt:%d: register offsets are multiples of 4 below 0x100" % n)
            elif kind == "win":
                e.update(off=int(f_[1], 16), size=int(f_[2], 16), name=f_[3], title=f_[4], access=f_[5])
                if e["size"] & (e["size"] - 1) or e["off"] % e["size"] or e["off"] + e["size"] > 0x10000:
                    die("regmap.txt:%d: a window is a power of two, aligned, inside 64 KB" % n)
            else:
                e.update(reg=f_[1], name=f_[3])
                if kind == "bit":
                    e.update(msb=int(f_[2]), lsb=int(f_[2]))
                elif kind == "flags":
                    e.update(lsb=int(f_[2]))
                else:
                    m = re.fullmatch(r"(\d+):(\d+)", f_[2])
                    if not m or int(m.group(1)) < int(m.group(2)) or int(m.group(1)) > 31:
                        die("regmap.txt:%d: bits are MSB:LSB within 31:0" % n)
                    e.update(msb=int(m.group(1)), lsb=int(m.group(2)))
                    if kind == "value":
                        e.update(value=f_[4], ivalue=int(f_[4], 0))
                        if e["ivalue"] >> (e["msb"] - e["lsb"] + 1):
                            die("regmap.txt:%d: the value does not fit its field" % n)
            entries.append(e)
    regs = [e for e in entries if e["kind"] == "reg"]
    names = [e["name"] for e in regs]
    if len(set(names)) != len(names) or len(set(e["off"] for e in regs)) != len(regs):
        die("a register name or offset appears twice")
    for e in entries:
        if e["kind"] in ("bit", "field", "flags", "value") and e["reg"] not in names:
            die("regmap.txt:%d: no register %s" % (e["line"], e["reg"]))
    vnames = verilog_names(entries)
    if len(set(vnames)) != len(vnames):
        die("two entries give the same Verilog name: %s" %
            sorted(set(x for x in vnames if vnames.count(x) > 1)))
    return entries


def verilog_names(entries):
    out = []
    for e in entries:
        k = e["kind"]
        if k == "reg":
            out += ["R_" + e["name"], "A_" + e["name"]]
        elif k == "win":
            out += [e["name"], e["name"] + "_BYTES"]
        elif k == "bit":
            out += [e["reg"] + "_" + e["name"]]
        elif k == "field":
            out += [e["reg"] + "_" + e["name"] + "_LSB", e["reg"] + "_" + e["name"] + "_W"]
        elif k == "flags":
            out += [e["reg"] + "_" + e["name"] + "_LSB"]
        elif k == "value":
            out += [e["reg"] + "_" + e["name"], e["reg"] + "_" + e["name"] + "_LSB"]
    return out + ["R_COUNT", "R_KNOWN"]


def of(entries, kind):
    return [e for e in entries if e["kind"] == kind]


def gen_vh(entries):
    regs = of(entries, "reg")
    count = max(e["off"] for e in regs) // 4 + 1
    known = 0
    for e in regs:
        known |= 1 << (e["off"] // 4)
    w = max(len(n) for n in verilog_names(entries))
    L = ["// The accelerator's register map, generated from rtl/regmap.txt by rtl/regmap.py:",
         "// edit regmap.txt and run `python3 rtl/regmap.py`, not this file.",
         "// Included inside a module (edgellm_acc, edgellm_soc_fault): localparams only,",
         "// not all of them used by each.",
         "/* verilator lint_off UNUSEDPARAM */",
         "",
         "// registers: word index (byte offset / 4) and byte offset"]
    for e in regs:
        L.append("localparam [5:0]   %s = 6'h%02X;" % (("R_" + e["name"]).ljust(w), e["off"] // 4))
    for e in regs:
        L.append("localparam [15:0]  %s = 16'h%04X;" % (("A_" + e["name"]).ljust(w), e["off"]))
    L.append("localparam integer %s = %d;    // word indices 0 .. R_COUNT-1 hold every register"
             % ("R_COUNT".ljust(w), count))
    L.append("localparam [63:0]  %s = 64'h%016X;  // bit i: word index i is a register"
             % ("R_KNOWN".ljust(w), known))
    L += ["", "// address windows: base and bytes"]
    for e in of(entries, "win"):
        L.append("localparam [15:0]  %s = 16'h%04X;    // %s" % (e["name"].ljust(w), e["off"], e["title"]))
        L.append("localparam integer %s = %d;" % ((e["name"] + "_BYTES").ljust(w), e["size"]))
    L += ["", "// one-bit fields: bit positions"]
    for e in of(entries, "bit"):
        L.append("localparam integer %s = %d;    // %s" % ((e["reg"] + "_" + e["name"]).ljust(w), e["lsb"], e["meaning"]))
    L += ["", "// wider fields: lowest bit and width; flags: bit LSB + i for index i"]
    for e in of(entries, "field"):
        n = e["reg"] + "_" + e["name"]
        L.append("localparam integer %s = %d;    // %s" % ((n + "_LSB").ljust(w), e["lsb"], e["meaning"]))
        L.append("localparam integer %s = %d;" % ((n + "_W").ljust(w), e["msb"] - e["lsb"] + 1))
    for e in of(entries, "flags"):
        L.append("localparam integer %s = %d;    // %s" % ((e["reg"] + "_" + e["name"] + "_LSB").ljust(w), e["lsb"], e["meaning"]))
    L += ["", "// fixed values of fields: the value and its lowest bit"]
    for e in of(entries, "value"):
        n, bits = e["reg"] + "_" + e["name"], e["msb"] - e["lsb"] + 1
        decl = ("localparam [%d:0]" % (bits - 1)).ljust(18)
        L.append("%s %s = %d'h%X;    // %s" % (decl, n.ljust(w), bits, e["ivalue"], e["meaning"]))
        L.append("localparam integer %s = %d;" % ((n + "_LSB").ljust(w), e["lsb"]))
    L += ["", "/* verilator lint_on UNUSEDPARAM */", ""]
    return "\n".join(L)


def hexmask(v):
    return "0x%Xu" % v


def gen_hdr_defs(entries):
    rows = [("/* register offsets */", None)]
    for e in of(entries, "reg"):
        rows.append(("EDGELLM_HW_REG_" + e["name"], "0x%04Xu" % e["off"]))
    rows.append(("/* address windows (base; bytes) */", None))
    for e in of(entries, "win"):
        rows.append(("EDGELLM_HW_" + e["name"], "0x%04Xu" % e["off"]))
        rows.append(("EDGELLM_HW_" + e["name"] + "_BYTES", "0x%04Xu" % e["size"]))
    rows.append(("/* register values and fields: masks of one-bit fields, extractors of wider ones */", None))
    for e in of(entries, "value"):
        rows.append(("EDGELLM_HW_%s_%s" % (e["reg"], e["name"]), e["value"] + "u"))
    for e in of(entries, "bit"):
        rows.append(("EDGELLM_HW_%s_%s" % (e["reg"], e["name"]), hexmask(1 << e["lsb"])))
    for e in of(entries, "field"):
        mask = hexmask((1 << (e["msb"] - e["lsb"] + 1)) - 1)
        body = "((c) & %s)" % mask if e["lsb"] == 0 else "(((c) >> %du) & %s)" % (e["lsb"], mask)
        rows.append(("EDGELLM_HW_%s_%s(c)" % (e["reg"], e["name"]), body))
    for e in of(entries, "flags"):
        rows.append(("EDGELLM_HW_%s_%s(c, t)" % (e["reg"], e["name"]), "(((c) >> (%du + (t))) & 1u)" % e["lsb"]))
    w = max(len(n) for n, v in rows if v is not None)
    out = []
    for n, v in rows:
        if v is None:
            if out:
                out.append("")
            out.append(n)
        else:
            out.append("#define %s %s" % (n.ljust(w), v))
    return out


def gen_hdr_doc(entries):
    out = []
    ind = " " * 30
    for e in of(entries, "reg") + of(entries, "win"):
        name = e.get("title", e["name"])
        head = "       0x%04X %-11s %s" % (e["off"], name, e["access"])
        head = head.ljust(30) if len(head) < 30 else head + " "
        lines = textwrap.wrap(e["meaning"], 86 - len(ind), break_on_hyphens=False)
        out.append(head + lines[0])
        out += [ind + x for x in lines[1:]]
    return out


def gen_md(entries):
    out = ["| offset | name | access | meaning |", "|---|---|---|---|"]
    for e in of(entries, "reg"):
        out.append("| 0x%04X | %s | %s | %s |" % (e["off"], e["name"], e["access"], e["meaning"]))
    for e in of(entries, "win"):
        out.append("| 0x%04X .. 0x%04X | %s | %s | %s |" % (e["off"], e["off"] + e["size"] - 1, e["title"],
                                                         e["access"], e["meaning"]))
    return out


def splice(path, text, markers, new):
    lines = text.split("\n")
    try:
        a = lines.index(markers[0])
        b = lines.index(markers[1], a + 1)
    except ValueError:
        die("%s: the marker lines are missing:\n  %s\n  %s" % (path, markers[0], markers[1]))
    return "\n".join(lines[:a + 1] + new + lines[b:])


def gen_exp2():
    """edgellm.h's X[0..256] as 256 ROM words {X[i], X[i] - X[i+1]} (31 + 22 bits)"""
    with open(ENGINE) as f:
        m = re.search(r"edgellm__exp2_tab\[257\] = \{([^}]*)\}", f.read())
    if not m:
        die("edgellm.h: the table edgellm__exp2_tab[257] is missing")
    x = [int(v.strip().rstrip("u")) for v in m.group(1).split(",") if v.strip()]
    if len(x) != 257 or x[0] != 1 << 30 or x[256] != 1 << 29:
        die("edgellm.h: edgellm__exp2_tab is not 257 entries from 2^30 to 2^29")
    L = ["// Generated by rtl/regmap.py from edgellm.h's edgellm__exp2_tab: do not edit.",
         "// The softmax pass's table (edgellm_acc_req.v): word i = {X[i], X[i] - X[i+1]},",
         "// X[i] = round(2^30 * 2^(-i/256)) in bits 52:22, the step (< 2^22) in 21:0.",
         "// Included inside an initial block that fills exp2_rom[0..255]."]
    for i in range(256):
        d = x[i] - x[i + 1]
        if not 0 < d < 1 << 22:
            die("edgellm__exp2_tab: step %d is %d" % (i, d))
        L.append("exp2_rom[%d] = 53'h%014X;" % (i, (x[i] << 22) | d))
    return "\n".join(L) + "\n"


def main():
    args = sys.argv[1:]
    out = None
    if args[:1] == ["--out"] and len(args) == 2:
        out = args[1]
    elif args:
        die("usage: rtl/regmap.py [--out DIR]")
    entries = parse()
    with open(HDR) as f:
        hdr = f.read()
    hdr = splice(HDR, hdr, HDR_DOC, gen_hdr_doc(entries))
    hdr = splice(HDR, hdr, HDR_DEF, gen_hdr_defs(entries))
    with open(README) as f:
        md = splice(README, f.read(), MD, gen_md(entries))
    files = [(VH, gen_vh(entries)), (HDR, hdr), (README, md), (EXP2, gen_exp2())]
    for path, text in files:
        dest = os.path.join(out, os.path.basename(path)) if out else path
        if out:
            os.makedirs(out, exist_ok=True)
        with open(dest, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
