// soc_sim.cpp - cycle-accurate simulation of the edgellm SoC (rtl/soc/edgellm_soc.v,
// Verilated) running a firmware image.
//
//   soc_sim [options] IMAGE.elf
//     --max-cycles N        stop (exit 3) after N cycles (default 4e9)
//     --positions FILE      per position, counts between the firmware's marks (TSV; the
//                           columns p_*: cycles in each part of the forward pass,
//                           EDGELLM_PART_*, in FW_PROFILE images; p_rows: the products)
//     --uart-check          decode the UART line and require it to equal the bytes written
//     --hang-product K      make product K (0-based, in START order) look hung
//     --corrupt-product K   corrupt the first Y-window read of product K
//     --acc-clock-always    clock the accelerator in every cycle (default: its edges are
//                           skipped while it has been idle for ACC_SETTLE cycles and
//                           nothing is addressed to it, which changes no result)
//     --quiet               no UART echo on stdout
//     --pc-profile FILE     cycles by the program counter of the instruction in execute,
//                           counted between the firmware's position marks (TSV: pc, cycles;
//                           tests/soc/pcprof.py sums them by function)
//     --pc-profile-positions N   only the first N positions (default: all)
//
// Loads the ELF's segments: those in the RAM's range into the RAM, those in the
// ROM's into the model ROM (through $readmemh files written next to the image),
// runs from reset to the first write of the EXIT register, echoes the UART's
// bytes (tapped where the core writes them) and prints `sim:` lines: cycles,
// retired instructions, accelerator busy cycles, bus transfers per target, wait
// cycles of the two ports, WFI cycles, simulation speed. Exits with the
// firmware's exit code (0: pass), 3 on the cycle limit, 2 on a usage or image error.
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "Vedgellm_soc.h"
#include "Vedgellm_soc___024root.h"
#include "verilated.h"

#ifndef SOC_RAM_BYTES
#define SOC_RAM_BYTES 262144u
#endif
#ifndef SOC_ROM_BYTES
#define SOC_ROM_BYTES 524288u
#endif
#ifndef SOC_UART_DIV
#define SOC_UART_DIV 8u
#endif
static const uint32_t ROM_BASE = 0x10000000u;

// the accelerator's busy flag and the bridge's access in flight (made readable by soc_sim.vlt)
#define ACC_BUSY(top) ((top)->rootp->edgellm_soc__DOT__u_fabric__DOT__g_acc__DOT__u_acc__DOT__busy)
#define BRIDGE_PEND(top) ((top)->rootp->edgellm_soc__DOT__u_fabric__DOT__g_acc__DOT__u_bridge__DOT__pend_q)
// the core's execute stage: its program counter (word address) and whether it holds an instruction
#define CPU_E_PC(top) ((top)->rootp->edgellm_soc__DOT__u_cpu__DOT__e_pc_q)
#define CPU_E_VALID(top) ((top)->rootp->edgellm_soc__DOT__u_cpu__DOT__e_valid_q)
// Idle cycles after which the accelerator's clock edges are skipped: by then its
// pipeline has drained and every register holds (its next state is its state).
// tests/soc/run.sh checks that a run gives the same counts with --acc-clock-always.
static const uint32_t ACC_SETTLE = 32;

enum {
    C_CYCLES, C_INSTR, C_ACC_BUSY, C_IFETCH, C_RAM_RD, C_RAM_WR, C_ROM_RD, C_PERIPH, C_ACC_RD, C_ACC_WR,
    C_STATUS, C_ACC_X, C_ACC_Y, C_ACC_WDATA, C_ISTALL, C_DSTALL, C_SLEEP, C_UNMAPPED,
    C_PART, C_N = C_PART + 7   // cycles per part of the forward pass (FW_PROFILE images: EDGELLM_PART_*)
};
static const char *const c_names[C_N] = {"cycles",  "instret", "acc_busy", "ifetch", "ram_rd",
                                         "ram_wr",  "rom_rd",  "periph",   "acc_rd", "acc_wr",
                                         "acc_status", "acc_x", "acc_y", "acc_wdata", "istall", "dstall", "sleep",  "unmapped",
                                         "p_other", "p_rows", "p_requant", "p_norm",
                                         "p_attention", "p_rope", "p_ffn"};

static void die(const char *msg, const char *arg = "") {
    std::fprintf(stderr, "soc_sim: %s%s\n", msg, arg);
    std::exit(2);
}

static std::vector<uint8_t> read_file(const char *path) {
    FILE *f = std::fopen(path, "rb");
    if (!f) die("cannot open ", path);
    std::vector<uint8_t> d;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) d.insert(d.end(), buf, buf + n);
    std::fclose(f);
    return d;
}
static uint32_t le32(const std::vector<uint8_t> &d, size_t o) {
    if (o + 4 > d.size()) die("truncated ELF");
    return (uint32_t)d[o] | (uint32_t)d[o + 1] << 8 | (uint32_t)d[o + 2] << 16 | (uint32_t)d[o + 3] << 24;
}
static uint32_t le16(const std::vector<uint8_t> &d, size_t o) {
    if (o + 2 > d.size()) die("truncated ELF");
    return (uint32_t)d[o] | (uint32_t)d[o + 1] << 8;
}

// the ELF's PT_LOAD segments into RAM and ROM images (file bytes; the rest is zero)
static void load_elf(const char *path, std::vector<uint8_t> &ram, std::vector<uint8_t> &rom) {
    std::vector<uint8_t> d = read_file(path);
    if (d.size() < 52 || std::memcmp(d.data(), "\x7f" "ELF", 4) || d[4] != 1 || d[5] != 1 || le16(d, 18) != 243)
        die("not a little-endian ELF32 RISC-V image: ", path);
    uint32_t phoff = le32(d, 28), phentsize = le16(d, 42), phnum = le16(d, 44);
    for (uint32_t i = 0; i < phnum; i++) {
        size_t p = phoff + (size_t)i * phentsize;
        if (le32(d, p) != 1) continue;   // PT_LOAD
        uint32_t off = le32(d, p + 4), paddr = le32(d, p + 12), filesz = le32(d, p + 16), memsz = le32(d, p + 20);
        if ((size_t)off + filesz > d.size()) die("segment beyond the end of the file: ", path);
        std::vector<uint8_t> *mem;
        uint32_t base;
        if ((uint64_t)paddr + memsz <= SOC_RAM_BYTES) {
            mem = &ram;
            base = 0;
        } else if (paddr >= ROM_BASE && (uint64_t)paddr + memsz <= (uint64_t)ROM_BASE + SOC_ROM_BYTES) {
            mem = &rom;
            base = ROM_BASE;
        } else {
            char b[160];
            std::snprintf(b, sizeof b, "segment at 0x%08" PRIx32 " (%" PRIu32 " bytes) fits neither the RAM (%u B) "
                          "nor the ROM (%u B at 0x10000000)", paddr, memsz, SOC_RAM_BYTES, SOC_ROM_BYTES);
            die(b);
        }
        std::memcpy(mem->data() + (paddr - base), d.data() + off, filesz);
    }
}

static void write_hex(const std::string &path, const std::vector<uint8_t> &m) {
    FILE *f = std::fopen(path.c_str(), "w");
    if (!f) die("cannot write ", path.c_str());
    // only up to the last non-zero word: $readmemh leaves the rest as it is (zero)
    size_t n = m.size() / 4;
    while (n > 0 && !(m[4 * n - 4] | m[4 * n - 3] | m[4 * n - 2] | m[4 * n - 1])) n--;
    for (size_t i = 0; i < n; i++)
        std::fprintf(f, "%02x%02x%02x%02x\n", m[4 * i + 3], m[4 * i + 2], m[4 * i + 1], m[4 * i]);
    std::fclose(f);
}

int main(int argc, char **argv) {
    uint64_t max_cycles = 4000000000ull, prof_limit = ~0ull;
    const char *positions = nullptr, *elf = nullptr, *pc_profile = nullptr;
    bool uart_check = false, quiet = false, acc_always = false;
    int64_t hang_product = -1, corrupt_product = -1;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto val = [&]() {
            if (i + 1 >= argc) die("missing value for ", argv[i]);
            return argv[++i];
        };
        if (a == "--max-cycles") max_cycles = std::strtoull(val(), nullptr, 0);
        else if (a == "--positions") positions = val();
        else if (a == "--uart-check") uart_check = true;
        else if (a == "--hang-product") hang_product = std::strtoll(val(), nullptr, 0);
        else if (a == "--corrupt-product") corrupt_product = std::strtoll(val(), nullptr, 0);
        else if (a == "--quiet") quiet = true;
        else if (a == "--acc-clock-always") acc_always = true;
        else if (a == "--pc-profile") pc_profile = val();
        else if (a == "--pc-profile-positions") prof_limit = std::strtoull(val(), nullptr, 0);
        else if (a[0] == '-' || elf) die("usage: soc_sim [--max-cycles N] [--positions FILE] [--uart-check] "
                                         "[--hang-product K] [--corrupt-product K] [--quiet] [--acc-clock-always] "
                                         "[--pc-profile FILE [--pc-profile-positions N]] IMAGE.elf");
        else elf = argv[i];
    }
    if (!elf) die("no image given");

    std::vector<uint8_t> ram(SOC_RAM_BYTES), rom(SOC_ROM_BYTES);
    load_elf(elf, ram, rom);
    std::string ram_hex = std::string(elf) + ".ram.hex", rom_hex = std::string(elf) + ".rom.hex";
    write_hex(ram_hex, ram);
    write_hex(rom_hex, rom);
    std::string pa = "+ram_hex=" + ram_hex, pb = "+rom_hex=" + rom_hex;
    const char *vargs[] = {"soc_sim", pa.c_str(), pb.c_str()};

    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(3, vargs);
    auto top = std::make_unique<Vedgellm_soc>(ctx.get());
    FILE *pf = nullptr;
    if (positions) {
        pf = std::fopen(positions, "w");
        if (!pf) die("cannot write ", positions);
        std::fprintf(pf, "run\tpos");
        for (int k = 0; k < C_N; k++) std::fprintf(pf, "\t%s", c_names[k]);
        std::fprintf(pf, "\n");
    }

    // reset
    top->clk_i = 0;
    top->acc_clk_i = 0;
    top->rst_ni = 0;
    top->fault_hang_i = 0;
    top->fault_corrupt_i = 0;
    top->eval();
    for (int k = 0; k < 4; k++) {
        top->clk_i = 1;
        top->acc_clk_i = 1;
        top->eval();
        top->clk_i = 0;
        top->acc_clk_i = 0;
        top->eval();
    }
    top->rst_ni = 1;
    top->eval();

    uint64_t cnt[C_N] = {0}, mark[C_N] = {0};
    uint64_t starts = 0, hang_cycles = 0, corrupt_reads = 0, acc_edges = 0, prof_positions = 0;
    std::map<uint32_t, uint64_t> pc_cycles;   // --pc-profile: cycles by execute-stage pc (byte address; 1: empty)
    uint32_t acc_idle = 0;
    uint32_t run = 0, pos_open = 0;
    uint64_t part_start = 0;
    int part = -1;   // the part of the forward pass running (FW_PROFILE images), -1 outside
    bool in_pos = false, exited = false;
    uint32_t exit_code = 0;
    std::string tapped, line_bytes;
    // UART line decoder
    int u_state = 0;
    uint64_t u_start = 0;
    uint32_t u_bits[10] = {0};
    bool u_err = false;
    std::string out_line;

    auto t0 = std::chrono::steady_clock::now();
    uint64_t cyc = 0;
    while (cyc < max_cycles) {
        // this cycle: settle, then sample the strobes (they describe the cycle's transfers)
        Vedgellm_soc *t = top.get();
        cnt[C_INSTR] += t->evt_retire_o;
        cnt[C_ACC_BUSY] += ACC_BUSY(t);
        cnt[C_IFETCH] += t->evt_ifetch_o;
        cnt[C_RAM_RD] += t->evt_ram_rd_o;
        cnt[C_RAM_WR] += t->evt_ram_wr_o;
        cnt[C_ROM_RD] += t->evt_rom_rd_o;
        cnt[C_PERIPH] += t->evt_periph_o;
        cnt[C_ACC_RD] += t->evt_acc_rd_o;
        cnt[C_ACC_WR] += t->evt_acc_wr_o;
        cnt[C_STATUS] += t->evt_acc_status_o;
        cnt[C_ACC_X] += t->evt_acc_x_o;
        cnt[C_ACC_Y] += t->evt_acc_y_o;
        cnt[C_ACC_WDATA] += t->evt_acc_wdata_o;
        cnt[C_ISTALL] += t->evt_istall_o;
        cnt[C_DSTALL] += t->evt_dstall_o;
        cnt[C_SLEEP] += t->evt_sleep_o;
        cnt[C_UNMAPPED] += t->evt_unmapped_o;
        if (t->evt_acc_start_o) starts++;
        if (pc_profile && in_pos && prof_positions <= prof_limit) pc_cycles[CPU_E_VALID(t) ? (uint32_t)CPU_E_PC(t) << 2 : 1u]++;
        hang_cycles += t->evt_fault_hang_o;
        corrupt_reads += t->evt_fault_corrupt_o;
        if (t->tap_uart_o) {
            char c = (char)t->tap_uart_byte_o;
            tapped.push_back(c);
            if (!quiet) {
                out_line.push_back(c);
                if (c == '\n') {
                    std::fwrite(out_line.data(), 1, out_line.size(), stdout);
                    out_line.clear();
                }
            }
        }
        if (t->tap_mark_o) {
            uint32_t v = t->tap_mark_value_o, kind = v >> 28, val = v & 0x0FFFFFFFu;
            cnt[C_CYCLES] = cyc;
            if (kind == 1) {
                run = val;
                in_pos = false;
            } else if (kind == 2) {
                std::memcpy(mark, cnt, sizeof mark);
                pos_open = val;
                in_pos = true;
                prof_positions++;
            } else if (kind == 4) {   // FW_PROFILE: part val of the forward pass begins (7: it ends)
                if (part >= 0) cnt[C_PART + part] += cyc - part_start;
                part = val < 7 ? (int)val : -1;
                part_start = cyc;
            } else if (kind == 3 && in_pos && val == pos_open) {
                if (pf) {
                    std::fprintf(pf, "%u\t%u", run, val);
                    for (int k = 0; k < C_N; k++) std::fprintf(pf, "\t%" PRIu64, cnt[k] - mark[k]);
                    std::fprintf(pf, "\n");
                }
                in_pos = false;   // (the pc profile counts only inside positions)
            }
        }
        if (t->exit_o) {
            exited = true;
            exit_code = t->exit_code_o;
        }
        // faults: requests raised once enough products have started
        if (hang_product >= 0 && (int64_t)starts >= hang_product) t->fault_hang_i = 1;
        if (corrupt_product >= 0 && (int64_t)starts >= corrupt_product + 1) t->fault_corrupt_i = 1;
        // the accelerator's edge: skipped once it has been idle for a while
        bool acc_act = ACC_BUSY(t) || BRIDGE_PEND(t) || t->evt_acc_rd_o || t->evt_acc_wr_o;
        acc_idle = acc_act ? 0 : (acc_idle < ACC_SETTLE ? acc_idle + 1 : acc_idle);
        bool acc_edge = acc_always || acc_idle < ACC_SETTLE;
        acc_edges += acc_edge;
        t->clk_i = 1;
        t->acc_clk_i = acc_edge;
        t->eval();
        t->clk_i = 0;
        t->acc_clk_i = 0;
        t->eval();
        cyc++;
        if (uart_check) {
            uint32_t tx = t->uart_tx_o;
            if (u_state == 0) {
                if (!tx) { u_state = 1; u_start = cyc; }
            } else {
                uint64_t off = cyc - u_start;
                uint32_t bit = (uint32_t)(off / SOC_UART_DIV);
                if (bit >= 10) {
                    uint32_t b = 0;
                    for (int k = 0; k < 8; k++) b |= u_bits[1 + k] << k;
                    if (u_bits[0] != 0 || u_bits[9] != 1) u_err = true;
                    line_bytes.push_back((char)b);
                    u_state = 0;
                    if (!tx) { u_state = 1; u_start = cyc; }
                } else if (off % SOC_UART_DIV == 0) {
                    u_bits[bit] = tx;
                } else if (u_bits[bit] != tx) {
                    u_err = true;
                }
            }
        }
        if (exited) break;
    }
    cnt[C_CYCLES] = cyc;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!quiet && !out_line.empty()) std::fwrite(out_line.data(), 1, out_line.size(), stdout);
    if (pf) std::fclose(pf);
    if (pc_profile) {
        FILE *f = std::fopen(pc_profile, "w");
        if (!f) die("cannot write ", pc_profile);
        std::fprintf(f, "# positions\t%" PRIu64 "\n", prof_positions < prof_limit ? prof_positions : prof_limit);
        for (const auto &e : pc_cycles) std::fprintf(f, "0x%08x\t%" PRIu64 "\n", e.first, e.second);
        std::fclose(f);
    }
    std::fflush(stdout);

    std::printf("sim: %s after %" PRIu64 " cycles, %" PRIu64 " instructions retired (%.1f s, %.2f M cycles/s)\n",
                exited ? (exit_code ? "exit FAIL" : "exit 0") : "cycle limit reached", cyc, cnt[C_INSTR], secs,
                secs > 0 ? cyc / secs / 1e6 : 0.0);
    if (exited && exit_code) std::printf("sim: exit code %u\n", exit_code);
    std::printf("sim: accelerator busy %" PRIu64 " cycles, %" PRIu64 " products started, clocked in %" PRIu64
                " cycles%s\n", cnt[C_ACC_BUSY], starts, acc_edges, acc_always ? " (every cycle)" : "");
    std::printf("sim: bus: %" PRIu64 " instruction fetches; data port: RAM %" PRIu64 " reads %" PRIu64
                " writes, ROM %" PRIu64 " reads, registers %" PRIu64 ", accelerator %" PRIu64 " reads (%" PRIu64
                " STATUS) %" PRIu64 " writes, unmapped %" PRIu64 "\n",
                cnt[C_IFETCH], cnt[C_RAM_RD], cnt[C_RAM_WR], cnt[C_ROM_RD], cnt[C_PERIPH], cnt[C_ACC_RD],
                cnt[C_STATUS], cnt[C_ACC_WR], cnt[C_UNMAPPED]);
    std::printf("sim: waits: instruction port %" PRIu64 " cycles, data port %" PRIu64 " cycles; WFI %" PRIu64
                " cycles\n", cnt[C_ISTALL], cnt[C_DSTALL], cnt[C_SLEEP]);
    if (hang_product >= 0 || corrupt_product >= 0)
        std::printf("sim: faults injected: hang for %" PRIu64 " cycles, %" PRIu64 " corrupted Y reads\n", hang_cycles,
                    corrupt_reads);
    if (uart_check) {
        bool ok = !u_err && line_bytes == tapped && u_state == 0;
        std::printf("sim: UART line: %zu bytes decoded at %u cycles per bit, %s\n", line_bytes.size(), SOC_UART_DIV,
                    ok ? "equal to the bytes written" : "DIFFERENT from the bytes written");
        if (!ok) return 4;
    }
    top->final();
    if (!exited) return 3;
    return exit_code ? 1 : 0;
}
