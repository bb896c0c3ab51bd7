// Verilator testbench for edgellm_rv32 in tb_cpu.v: loads an ELF into the
// harness RAM, runs until the program ends (EXIT register or tohost) or a
// cycle limit, checks the bus contract on both ports every cycle, and reports
// cycles and retired instructions. The UART's bytes go to stdout; everything
// the testbench says goes to stderr.
//
//   tb_cpu [--stall P] [--seed S] [--max-cycles N] [--quiet] FILE.elf
//     --stall P       0..255: chance/256 of a withheld grant and of a delayed
//                     answer per decision, on both ports (0: none)
//     --seed S        stall pattern and random initial state of the core
//     --max-cycles N  give up after N cycles (default 20,000,000)
//     --stats         where the cycles went (what the execute stage did), on stderr
// Exit status: 0 when the program passes, 1 when it reports a failure, 2 on a
// protocol violation or timeout, 3 on a usage or file error.
#include "Vtb_cpu.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Elf {
  std::vector<std::pair<uint32_t, std::vector<uint8_t>>> segs;  // address, bytes (bss as zeros)
  uint32_t entry = 0;
  uint32_t tohost = 0;
};

uint16_t rd16(const std::vector<uint8_t> &b, size_t o) { return (uint16_t)(b[o] | (b[o + 1] << 8)); }
uint32_t rd32(const std::vector<uint8_t> &b, size_t o) {
  return (uint32_t)b[o] | ((uint32_t)b[o + 1] << 8) | ((uint32_t)b[o + 2] << 16) | ((uint32_t)b[o + 3] << 24);
}

bool load_elf(const char *path, Elf &elf, std::string &err) {
  FILE *f = fopen(path, "rb");
  if (!f) { err = "cannot open"; return false; }
  std::vector<uint8_t> b;
  uint8_t buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + n);
  fclose(f);
  if (b.size() < 52 || memcmp(b.data(), "\x7f" "ELF", 4) != 0 || b[4] != 1 || b[5] != 1) {
    err = "not a little-endian ELF32 file"; return false;
  }
  elf.entry = rd32(b, 24);
  uint32_t phoff = rd32(b, 28), shoff = rd32(b, 32);
  uint16_t phentsize = rd16(b, 42), phnum = rd16(b, 44), shentsize = rd16(b, 46), shnum = rd16(b, 48);
  for (unsigned i = 0; i < phnum; i++) {
    size_t p = phoff + (size_t)i * phentsize;
    if (p + 32 > b.size()) { err = "bad program header"; return false; }
    if (rd32(b, p) != 1) continue;  // PT_LOAD
    uint32_t off = rd32(b, p + 4), paddr = rd32(b, p + 12), filesz = rd32(b, p + 16), memsz = rd32(b, p + 20);
    if ((size_t)off + filesz > b.size()) { err = "segment outside the file"; return false; }
    std::vector<uint8_t> seg(memsz, 0);
    memcpy(seg.data(), b.data() + off, filesz);
    elf.segs.push_back({paddr, seg});
  }
  // the tohost symbol, when there is one
  for (unsigned i = 0; i < shnum; i++) {
    size_t s = shoff + (size_t)i * shentsize;
    if (s + 40 > b.size()) break;
    if (rd32(b, s + 4) != 2) continue;  // SHT_SYMTAB
    uint32_t off = rd32(b, s + 16), size = rd32(b, s + 20), link = rd32(b, s + 24);
    size_t strs = shoff + (size_t)link * shentsize;
    if (strs + 40 > b.size()) break;
    uint32_t stroff = rd32(b, strs + 16);
    for (uint32_t e = 0; e + 16 <= size; e += 16) {
      uint32_t name = rd32(b, off + e);
      if (stroff + name < b.size() && strcmp((const char *)b.data() + stroff + name, "tohost") == 0)
        elf.tohost = rd32(b, off + e + 4);
    }
  }
  return true;
}

// One port's side of the contract, checked from the signals of each cycle.
struct PortCheck {
  const char *name;
  bool waiting = false;        // req without gnt last cycle
  uint32_t addr = 0, wdata = 0, be = 0, we = 0;
  int outstanding = 0;
  std::string error;

  void cycle(bool req, bool gnt, uint32_t a, uint32_t w, uint32_t bemask, uint32_t write, bool rvalid, uint64_t cyc) {
    char msg[200];
    if (!error.empty()) return;
    if (rvalid && outstanding == 0) {
      snprintf(msg, sizeof msg, "%s: answer without an outstanding request (cycle %llu)", name, (unsigned long long)cyc);
      error = msg; return;
    }
    int after = outstanding - (rvalid ? 1 : 0);
    if (waiting && (!req || a != addr || w != wdata || bemask != be || write != we)) {
      snprintf(msg, sizeof msg,
               "%s: request %s before its grant (cycle %llu: addr %08x -> %08x, wdata %08x -> %08x, be %x -> %x, we %u -> %u)",
               name, req ? "changed" : "withdrawn", (unsigned long long)cyc, addr, a, wdata, w, be, bemask, we, write);
      error = msg; return;
    }
    if (req && after > 0) {
      snprintf(msg, sizeof msg, "%s: request while another is outstanding (cycle %llu)", name, (unsigned long long)cyc);
      error = msg; return;
    }
    if (req && (a & 3)) {
      snprintf(msg, sizeof msg, "%s: address %08x not word aligned (cycle %llu)", name, a, (unsigned long long)cyc);
      error = msg; return;
    }
    if (req && write) {
      bool ok = bemask == 1 || bemask == 2 || bemask == 4 || bemask == 8 || bemask == 3 || bemask == 12 || bemask == 15;
      if (!ok) {
        snprintf(msg, sizeof msg, "%s: store byte enables %x (cycle %llu)", name, bemask, (unsigned long long)cyc);
        error = msg; return;
      }
    }
    waiting = req && !gnt;
    addr = a; wdata = w; be = bemask; we = write;
    outstanding = after + ((req && gnt) ? 1 : 0);
  }
};

}  // namespace

int main(int argc, char **argv) {
  unsigned stall = 0, seed = 1;
  uint64_t max_cycles = 20000000ull;
  bool quiet = false, stats = false;
  uint64_t why[8] = {0};
  const char *file = nullptr;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--stall") && i + 1 < argc) stall = (unsigned)strtoul(argv[++i], nullptr, 0);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = (unsigned)strtoul(argv[++i], nullptr, 0);
    else if (!strcmp(argv[i], "--max-cycles") && i + 1 < argc) max_cycles = strtoull(argv[++i], nullptr, 0);
    else if (!strcmp(argv[i], "--quiet")) quiet = true;
    else if (!strcmp(argv[i], "--stats")) stats = true;
    else if (argv[i][0] != '-' && !file) file = argv[i];
    else { fprintf(stderr, "usage: tb_cpu [--stall P] [--seed S] [--max-cycles N] [--quiet] FILE.elf\n"); return 3; }
  }
  if (!file || stall > 255) { fprintf(stderr, "usage: tb_cpu [--stall P] [--seed S] [--max-cycles N] [--quiet] FILE.elf\n"); return 3; }
  Elf elf;
  std::string err;
  if (!load_elf(file, elf, err)) { fprintf(stderr, "tb_cpu: %s: %s\n", file, err.c_str()); return 3; }

  auto ctx = std::make_unique<VerilatedContext>();
  ctx->randReset(2);                 // registers (and RAM) start random: only what is reset may matter
  ctx->randSeed((int)seed);
  auto top = std::make_unique<Vtb_cpu>(ctx.get());

  auto tick = [&]() {
    top->clk_i = 0; top->eval();
    top->clk_i = 1; top->eval();
  };
  top->rst_ni = 0;
  top->seed_i = seed;
  top->stall_i = stall;
  top->tohost_i = elf.tohost;
  top->load_we_i = 0;
  for (int i = 0; i < 4; i++) tick();
  top->load_we_i = 1;
  for (auto &s : elf.segs) {
    std::vector<uint8_t> bytes = s.second;
    uint32_t base = s.first & ~3u;
    std::vector<uint8_t> pad(s.first - base, 0);
    bytes.insert(bytes.begin(), pad.begin(), pad.end());
    while (bytes.size() % 4) bytes.push_back(0);
    for (size_t o = 0; o < bytes.size(); o += 4) {
      top->load_addr_i = base + (uint32_t)o;
      top->load_data_i = rd32(bytes, o);
      tick();
    }
  }
  top->load_we_i = 0;
  tick();
  top->rst_ni = 1;

  PortCheck ic{"ibus"}, dc{"dbus"};
  uint64_t cycles = 0, instret = 0, sleep = 0;
  int status = 2;
  while (cycles < max_cycles) {
    top->clk_i = 0;
    top->eval();
    ic.cycle(top->ibus_req_o, top->ibus_gnt_o, top->ibus_addr_o, 0, 0, 0, top->ibus_rvalid_o, cycles);
    dc.cycle(top->dbus_req_o, top->dbus_gnt_o, top->dbus_addr_o, top->dbus_we_o ? top->dbus_wdata_o : 0,
             top->dbus_be_o, top->dbus_we_o, top->dbus_rvalid_o, cycles);
    if (!ic.error.empty() || !dc.error.empty()) break;
    instret += top->retire_o;
    why[top->why_o & 7]++;
    sleep += top->sleep_o;
    top->clk_i = 1;
    top->eval();
    cycles++;
    if (top->uart_valid_o) { fputc(top->uart_data_o, stdout); }
    if (top->done_o) { status = top->exit_code_o == 0 ? 0 : 1; break; }
  }
  fflush(stdout);
  top->final();
  if (stats) {
    static const char *what[8] = {"E retires into W", "E empty (taken branch, jump, trap, fetch)",
                                  "load-use wait", "multiply/divide busy", "waiting for W to empty",
                                  "waiting for a data grant", "waiting for a data answer", "other"};
    for (int k = 0; k < 8; k++)
      fprintf(stderr, "tb_cpu: stats: %-42s %12llu cycles %6.2f%%\n", what[k], (unsigned long long)why[k],
              cycles ? 100.0 * (double)why[k] / (double)cycles : 0.0);
  }
  const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  if (!ic.error.empty() || !dc.error.empty()) {
    fprintf(stderr, "tb_cpu: %s: PROTOCOL %s\n", name, (!ic.error.empty() ? ic.error : dc.error).c_str());
    return 2;
  }
  if (status == 2) {
    fprintf(stderr, "tb_cpu: %s: TIMEOUT after %llu cycles (%llu instructions)\n", name,
            (unsigned long long)cycles, (unsigned long long)instret);
    return 2;
  }
  if (status == 0) {
    if (!quiet)
      fprintf(stderr, "tb_cpu: %s: PASS cycles %llu instret %llu sleep %llu stall %u seed %u\n", name,
              (unsigned long long)cycles, (unsigned long long)instret, (unsigned long long)sleep, stall, seed);
    return 0;
  }
  uint32_t code = top->exit_code_o;
  fprintf(stderr, "tb_cpu: %s: FAIL code 0x%x (case %u) after %llu cycles, stall %u seed %u\n", name, code, code >> 1,
          (unsigned long long)cycles, stall, seed);
  return 1;
}
