// tb_fabric.cpp - Verilator testbench of edgellm_soc_fabric (everything of the SoC
// but the CPU core), driven through its instruction and data ports as the core
// drives them (request held until granted, at most one outstanding per port).
//
//   tb_fabric DIR SEED ROUNDS
//
// Built once per configuration (see tests/soc/run.sh); the TB_* macros must match
// the -G parameters of the build. Checks, each against a model kept here:
//   - random traffic on both ports at once, with random request timing: RAM
//     (byte enables), ROM, the accelerator's registers through the AXI4-Lite
//     bridge (including its SLVERR answers), the timer, system control and
//     unmapped addresses (error, data 0), and every response's data and error;
//   - the bus contract from the fabric's side: one response per grant, in the
//     cycle after the grant for RAM, ROM and registers, none without a request;
//   - the event strobes (what the harness counts) against the same accesses;
//   - the UART line, bit by bit (10 * DIV cycles per frame, back to back), its
//     status bits and a dropped byte; the timer interrupt to the cycle;
//   - matrix-vector products in the accelerator (T2, T1, INT8) through the
//     bridge against a reference, its interrupt, START while busy (error);
//   - fault injection (TB_FAULT): a hang (STATUS BUSY and no interrupt until
//     ABORT) and one corrupted Y read; without it the requests change nothing.
// Ends with `tb_fabric: N passed, M failed`.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "Vedgellm_soc_fabric.h"
#include "verilated.h"
#include "hw_ref.h"
#include "edgellm_hw.h"   /* the register map's offsets (rtl/regmap.txt) */

#ifndef TB_DUAL
#define TB_DUAL 1
#endif
#ifndef TB_FAULT
#define TB_FAULT 0
#endif
#ifndef TB_RAM_BYTES
#define TB_RAM_BYTES 16384u
#endif
#ifndef TB_ROM_BYTES
#define TB_ROM_BYTES 16384u
#endif
#ifndef TB_UART_DIV
#define TB_UART_DIV 3u
#endif
#ifndef TB_LANES
#define TB_LANES 16u
#endif
#ifndef TB_WMEM
#define TB_WMEM 4096u
#endif
#ifndef TB_XMAX
#define TB_XMAX 256u
#endif
#ifndef TB_YMAX
#define TB_YMAX 256u
#endif

static const uint32_t ROM_BASE = 0x10000000u, UART = 0x20000000u, TIMER = 0x20001000u, SYS = 0x20002000u,
                      ACC = 0x44A00000u;

static uint32_t n_pass, n_fail;
static void check(bool ok, const char *what) {
    if (ok) {
        n_pass++;
    } else {
        n_fail++;
        if (n_fail <= 30) std::printf("FAIL  %s\n", what);
    }
}
// many checks: count the failures, report the first few
static uint32_t quiet_fail;
static void expect(bool ok, const char *fmt, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0) {
    if (ok) return;
    quiet_fail++;
    if (quiet_fail <= 30) {
        std::printf("FAIL  ");
        std::printf(fmt, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
        std::printf("\n");
    }
}

struct Sim;

enum Kind { K_RAM, K_ROM, K_UART, K_TIMER, K_SYS, K_ACC, K_NONE };

struct Txn {
    bool we = false;
    uint32_t addr = 0, wdata = 0;
    uint8_t be = 0xF;
    // filled at the grant
    Kind kind = K_NONE;
    bool err = false, check_data = true, check = true;
    uint32_t rdata = 0;
    uint64_t grant_cycle = 0;
};

struct Sim {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vedgellm_soc_fabric> top;
    uint64_t cycle = 0;          // posedges with reset released
    std::vector<uint32_t> ram, rom;
    // model of the registers the random traffic touches
    uint32_t acc_desc[5] = {0, 0, 0, 0, 0};   // MAT_TYPE .. MAT_BASE
    uint32_t acc_epi[4] = {0, 0, 0, 0};       // MAT_REQ, EPI_SCALES, EPI_M, EPI_E
    uint32_t acc_exp[2] = {0, 0};             // EXP_QW, EXP_SCALES
    uint32_t acc_waddr = 0, acc_irq_en = 0, acc_ywait = 0;
    uint64_t answer_limit = 40;   // cycles a data access may wait for its answer (Y_WAIT reads: a product)
    uint64_t cmp = ~0ull;
    uint32_t exit_code = 0, mark = 0;
    // ports
    bool i_busy = false, d_busy = false;       // a request is being offered
    bool i_out = false, d_out = false;         // granted, not answered
    Txn i_req, d_req, i_pend, d_pend;
    // what the tb saw happen this cycle (for the event checks)
    uint64_t exits = 0, marks = 0;
    std::vector<uint8_t> uart_tap, uart_line;
    // UART line decoder
    int u_state = 0;                           // 0 idle, 1 in frame
    uint64_t u_start = 0;
    uint32_t u_bits[10];
    bool u_err = false;
    // counts per event (from the strobes, and from the tb's own view)
    uint64_t ev[11] = {0}, ev_tb[11] = {0};
    bool acc_directed = false;
    uint64_t starts = 0, hang_cycles = 0, corrupt_events = 0;

    void eval() { top->eval(); }
    void edge() {
        top->clk_i = 1;
        top->acc_clk_i = 1;
        eval();
        top->clk_i = 0;
        top->acc_clk_i = 0;
        eval();
        if (top->rst_ni) {
            cycle++;
            uart_sample();
        }
    }
    void uart_sample() {
        uint32_t tx = top->uart_tx_o;
        if (u_state == 0) {
            if (!tx) { u_state = 1; u_start = cycle; u_bits[0] = 0; }
            return;
        }
        uint64_t off = cycle - u_start;
        uint32_t bit = (uint32_t)(off / TB_UART_DIV);
        if (bit >= 10) {
            // frame done: data, and a frame may start right now
            uint32_t b = 0;
            for (int k = 0; k < 8; k++) b |= u_bits[1 + k] << k;
            if (u_bits[0] != 0 || u_bits[9] != 1) u_err = true;
            uart_line.push_back((uint8_t)b);
            u_state = 0;
            if (!tx) { u_state = 1; u_start = cycle; u_bits[0] = 0; }
            return;
        }
        if (off % TB_UART_DIV == 0) u_bits[bit] = tx;
        else if (u_bits[bit] != tx) u_err = true;   // the line changed inside a bit
    }
    void reset() {
        top->rst_ni = 0;
        top->clk_i = 0;
        top->acc_clk_i = 0;
        top->ibus_req_i = 0;
        top->dbus_req_i = 0;
        top->fault_hang_i = 0;
        top->fault_corrupt_i = 0;
        eval();
        for (int k = 0; k < 4; k++) edge();
        top->rst_ni = 1;
        eval();
    }

    // --- the model -------------------------------------------------------------
    static uint32_t merge(uint32_t old, uint32_t v, uint8_t be) {
        uint32_t m = 0;
        for (int b = 0; b < 4; b++)
            if (be >> b & 1) m |= 0xFFu << (8 * b);
        return (old & ~m) | (v & m);
    }
    // the response the fabric must give to t at its grant, and the model's update
    void model_data(Txn &t) {
        uint32_t a = t.addr;
        t.err = false;
        t.rdata = 0;
        t.check_data = true;
        if (a < TB_RAM_BYTES) {
            t.kind = K_RAM;
            if (t.we) ram[a / 4] = merge(ram[a / 4], t.wdata, t.be);
            else t.rdata = ram[a / 4];
            return;
        }
        if (a >= ROM_BASE && a < ROM_BASE + TB_ROM_BYTES && !t.we) {
            t.kind = K_ROM;
            t.rdata = rom[(a - ROM_BASE) / 4];
            return;
        }
        if ((a >> 16) == (ACC >> 16)) {
            t.kind = K_ACC;
            if (acc_directed) t.check = false;   // the directed tests check these themselves
            else model_acc(t, a & 0xFFFFu);
            return;
        }
        if (a >= UART && a < UART + 0x1000) {
            t.kind = K_UART;
            uint32_t o = a & 0xFFF;
            if (o == 0) {
                t.rdata = 0;
            } else if (o == 4 && !t.we) {
                t.check_data = false;   // status: the directed test checks it
            } else {
                t.err = true;
            }
            return;
        }
        if (a >= TIMER && a < TIMER + 0x1000) {
            t.kind = K_TIMER;
            uint32_t o = a & 0xFFF;
            if (o == 0 || o == 4) {
                if (t.we) t.err = true;
                else t.rdata = (uint32_t)(o == 0 ? cycle : cycle >> 32);
            } else if (o == 8 || o == 12) {
                uint32_t sh = o == 8 ? 0 : 32;
                uint32_t old = (uint32_t)(cmp >> sh);
                if (t.we) cmp = (cmp & ~(0xFFFFFFFFull << sh)) | (uint64_t)merge(old, t.wdata, t.be) << sh;
                else t.rdata = old;
            } else {
                t.err = true;
            }
            return;
        }
        if (a >= SYS && a < SYS + 0x1000) {
            t.kind = K_SYS;
            uint32_t o = a & 0xFFF;
            if (o == 0) {
                if (t.we) { exit_code = t.wdata; exits++; }
                else t.rdata = exit_code;
            } else if (o == 4) {
                if (t.we) { mark = t.wdata; marks++; }
                else t.rdata = mark;
            } else {
                t.err = true;
            }
            return;
        }
        t.kind = K_NONE;
        t.err = true;
    }
    void model_acc(Txn &t, uint32_t o) {
        static const uint32_t consts[6] = {EDGELLM_HW_ID_VALUE,
                                           (uint32_t)EDGELLM_HW_VERSION_MAJOR << 16 | EDGELLM_HW_VERSION_MINOR,
                                           TB_LANES | 1u << 9 | 1u << 10 | 1u << 11 | 1u << 12 | 1u << 13 | 1u << 16 | 1u << 17 |
                                               1u << 18 | 1u << 19,
                                           TB_WMEM,
                                           TB_XMAX, TB_YMAX};
        if (o >= 0x8000) {   // Y window
            t.err = t.we || (o - 0x8000) / 4 >= TB_YMAX;
            t.check_data = false;
            return;
        }
        if (o >= 0x4000) {   // X window: write only
            t.err = !t.we || (o - 0x4000) >= TB_XMAX;
            return;
        }
        if (o >= 0x100) { t.err = true; return; }
        uint32_t idx = o / 4;
        if (idx < 6) {
            if (t.we) t.err = true;
            else t.rdata = consts[idx];
        } else if (idx >= 12 && idx <= 16) {
            if (t.we) acc_desc[idx - 12] = merge(acc_desc[idx - 12], t.wdata, t.be);
            else t.rdata = acc_desc[idx - 12];
        } else if (idx >= 0x16 && idx <= 0x19) {   // MAT_REQ (bits 1:0), EPI_SCALES, EPI_M, EPI_E
            uint32_t &r = acc_epi[idx - 0x16];
            if (t.we) r = idx == 0x16 ? ((t.be & 1) ? (t.wdata & 3) : r) : merge(r, t.wdata, t.be);
            else t.rdata = r;
        } else if (idx == 0x1B || idx == 0x1C) {   // EXP_QW (bits 4:0), EXP_SCALES
            uint32_t &r = acc_exp[idx - 0x1B];
            if (t.we) r = merge(r, t.wdata, t.be) & (idx == 0x1B ? 0x1Fu : 0xFFFFFFFFu);
            else t.rdata = r;
        } else if (idx == 0x1E || idx == 0x1F) {   // WSUM, EMAX: read only, 0 until a softmax pass
            if (t.we) t.err = true;
            else t.rdata = 0;
        } else if (idx == 0x14) {
            if (t.we) acc_waddr = merge(acc_waddr, t.wdata, t.be) & ~3u;
            else t.rdata = acc_waddr;
        } else if (idx == 10) {
            if (t.we) { if (t.be & 1) acc_irq_en = t.wdata & 1; }
            else t.rdata = acc_irq_en;
        } else if (idx == 0x1A) {   // Y_WAIT (bit 0); nothing runs here, so no read waits
            if (t.we) { if (t.be & 1) acc_ywait = t.wdata & 1; }
            else t.rdata = acc_ywait;
        } else if (idx == 9 || idx == 11 || idx == 8) {   // STATUS, IRQ_STATUS, CTRL: reads 0 when idle
            if (t.we) t.err = idx == 9;      // (the generator never writes CTRL)
            t.rdata = 0;
        } else {
            t.err = true;   // unmapped offsets (the generator leaves out CYCLES and SLOTS)
        }
    }

    // --- one cycle with both ports ---------------------------------------------
    // gen_i/gen_d: make the next request of a port, or return false for none now
    template <class GI, class GD>
    void step(GI gen_i, GD gen_d) {
        eval();
        // responses (they depend only on state)
        bool irv = top->ibus_rvalid_o, drv = top->dbus_rvalid_o;
        expect(!irv || i_out, "ibus rvalid without an outstanding request (cycle %llu)", cycle);
        expect(!drv || d_out, "dbus rvalid without an outstanding request (cycle %llu)", cycle);
        if (irv && i_out) {
            expect(cycle == i_pend.grant_cycle + 1, "ibus answer %llu cycles after the grant", cycle - i_pend.grant_cycle);
            expect(top->ibus_err_o == (i_pend.err ? 1 : 0), "ibus err %llu, expected %llu at %llx", top->ibus_err_o,
                   i_pend.err, i_pend.addr);
            if (!i_pend.err)
                expect(top->ibus_rdata_o == i_pend.rdata, "ibus data %llx, expected %llx at %llx", top->ibus_rdata_o,
                       i_pend.rdata, i_pend.addr);
            i_out = false;
        }
        if (drv && d_out) {
            if (d_pend.kind != K_ACC)
                expect(cycle == d_pend.grant_cycle + 1, "dbus answer %llu cycles after the grant (addr %llx)",
                       cycle - d_pend.grant_cycle, d_pend.addr);
            if (d_pend.check)
                expect(top->dbus_err_o == (d_pend.err ? 1 : 0), "dbus err %llu, expected %llu at %llx", top->dbus_err_o,
                       d_pend.err, d_pend.addr);
            if (d_pend.check && !d_pend.we && !d_pend.err && d_pend.check_data)
                expect(top->dbus_rdata_o == d_pend.rdata, "dbus data %llx, expected %llx at %llx", top->dbus_rdata_o,
                       d_pend.rdata, d_pend.addr);
            if (d_pend.check && !d_pend.we && d_pend.err)
                expect(top->dbus_rdata_o == 0 || d_pend.kind == K_ACC, "dbus data %llx on an error at %llx",
                       top->dbus_rdata_o, d_pend.addr);
            if (d_pend.kind == K_ACC) {
                uint64_t lat = cycle - d_pend.grant_cycle;
                uint64_t &mn = d_pend.we ? acc_wr_lat : acc_rd_lat;
                if (!mn || lat < mn) mn = lat;
            }
            last_d = d_pend;
            last_d.rdata = top->dbus_rdata_o;
            last_d.err = top->dbus_err_o;
            d_done++;
            d_out = false;
        }
        expect(cycle < d_pend.grant_cycle + answer_limit || !d_out, "dbus: no answer for %llu cycles (addr %llx)",
               cycle - d_pend.grant_cycle, d_pend.addr);
        // requests: a new one when the port has none outstanding
        if (!i_busy && !i_out && gen_i(i_req)) i_busy = true;
        if (!d_busy && !d_out && gen_d(d_req)) d_busy = true;
        top->ibus_req_i = i_busy;
        top->ibus_addr_i = i_req.addr;
        top->dbus_req_i = d_busy;
        top->dbus_addr_i = d_req.addr;
        top->dbus_we_i = d_req.we;
        top->dbus_be_i = d_req.be;
        top->dbus_wdata_i = d_req.wdata;
        eval();
        bool ig = i_busy && top->ibus_gnt_o, dg = d_busy && top->dbus_gnt_o;
        expect(!(top->ibus_gnt_o && !i_busy) && !(top->dbus_gnt_o && !d_busy), "grant without a request (cycle %llu)",
               cycle);
        if (!TB_DUAL && i_busy && d_busy && i_req.addr < TB_RAM_BYTES && d_req.addr < TB_RAM_BYTES)
            expect(!ig && dg, "one RAM port: the data access must go first (cycle %llu)", cycle);
        // events the fabric must flag this cycle
        Txn ti = i_req, td = d_req;
        if (ig) {   // instruction reads see RAM before a data write of the same cycle
            ti.we = false;
            ti.be = 0xF;
            if (ti.addr < TB_RAM_BYTES) { ti.kind = K_RAM; ti.err = false; ti.rdata = ram[ti.addr / 4]; }
            else { ti.kind = K_NONE; ti.err = true; ti.rdata = 0; }
            ti.grant_cycle = cycle;
            i_pend = ti;
            i_out = true;
            i_busy = false;
        }
        if (dg) {
            model_data(td);
            td.grant_cycle = cycle;
            d_pend = td;
            d_out = true;
            d_busy = false;
        }
        check_events(ig, ti, dg, td);
        // the taps of this cycle
        if (top->tap_uart_o) uart_tap.push_back(top->tap_uart_byte_o);
        if (top->exit_o) {
            expect(dg && td.kind == K_SYS && td.we && (td.addr & 0xFFF) == 0, "exit_o without an EXIT write");
            expect(top->exit_code_o == td.wdata, "exit code %llx, written %llx", top->exit_code_o, td.wdata);
        }
        if (top->tap_mark_o) {
            expect(dg && td.kind == K_SYS && td.we && (td.addr & 0xFFF) == 4, "tap_mark_o without a MARK write");
            expect(top->tap_mark_value_o == td.wdata, "mark %llx, written %llx", top->tap_mark_value_o, td.wdata);
        }
        if (top->evt_acc_start_o) starts++;
        if (top->evt_fault_hang_o) hang_cycles++;
        if (top->evt_fault_corrupt_o) corrupt_events++;
        edge();
    }
    Txn last_d;
    uint64_t d_done = 0;
    uint64_t acc_rd_lat = 0, acc_wr_lat = 0;   // fewest cycles from grant to answer

    void check_events(bool ig, const Txn &ti, bool dg, const Txn &td) {
        bool want[11] = {false};
        want[0] = ig && ti.kind == K_RAM;
        want[1] = dg && td.kind == K_RAM && !td.we;
        want[2] = dg && td.kind == K_RAM && td.we;
        want[3] = dg && td.kind == K_ROM;
        want[4] = dg && (td.kind == K_UART || td.kind == K_TIMER || td.kind == K_SYS);
        want[5] = dg && td.kind == K_ACC && !td.we;
        want[6] = dg && td.kind == K_ACC && td.we;
        want[7] = want[5] && (td.addr & 0xFFFF) == 0x24;
        want[8] = (ig && ti.kind == K_NONE) || (dg && td.kind == K_NONE);
        want[9] = i_busy && !ig;   // (i_busy already cleared when granted)
        bool got[9] = {(bool)top->evt_ifetch_o, (bool)top->evt_ram_rd_o, (bool)top->evt_ram_wr_o,
                       (bool)top->evt_rom_rd_o, (bool)top->evt_periph_o, (bool)top->evt_acc_rd_o,
                       (bool)top->evt_acc_wr_o, (bool)top->evt_acc_status_o, (bool)top->evt_unmapped_o};
        for (int k = 0; k < 9; k++) {
            expect(got[k] == want[k], "event %llu is %llu, expected %llu", k, got[k], want[k]);
            ev[k] += got[k];
            ev_tb[k] += want[k];
        }
        expect((bool)top->evt_istall_o == want[9], "istall event %llu, expected %llu", top->evt_istall_o, want[9]);
        bool dstall = (d_busy && !dg) || (d_out && !dg && !top->dbus_rvalid_o);
        (void)dstall;
        ev[9] += top->evt_istall_o;
        ev[10] += top->evt_dstall_o;
    }

    // one data access, waiting for its answer (the instruction port idle)
    uint32_t access(bool we, uint32_t addr, uint32_t wdata = 0, uint8_t be = 0xF, bool *err = nullptr) {
        bool sent = false;
        uint64_t done0 = d_done;
        auto no = [](Txn &) { return false; };
        auto one = [&](Txn &t) {
            if (sent) return false;
            t = Txn();
            t.we = we;
            t.addr = addr;
            t.wdata = wdata;
            t.be = be;
            sent = true;
            return true;
        };
        while (d_done == done0) step(no, one);
        if (err) *err = last_d.err;
        return last_d.rdata;
    }
    void idle(int n) {
        auto no = [](Txn &) { return false; };
        for (int k = 0; k < n; k++) step(no, no);
    }
};

static void write_hex(const std::string &path, const std::vector<uint32_t> &w) {
    FILE *f = std::fopen(path.c_str(), "w");
    if (!f) { std::perror(path.c_str()); std::exit(2); }
    for (uint32_t v : w) std::fprintf(f, "%08x\n", v);
    std::fclose(f);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: tb_fabric DIR SEED ROUNDS\n");
        return 2;
    }
    std::string dir = argv[1];
    uint32_t seed = (uint32_t)std::strtoul(argv[2], nullptr, 0);
    uint32_t rounds = (uint32_t)std::strtoul(argv[3], nullptr, 0);
    std::mt19937 rng(seed);
    auto rnd = [&](uint32_t n) { return (uint32_t)(rng() % n); };

    Sim s;
    s.ram.resize(TB_RAM_BYTES / 4);
    s.rom.resize(TB_ROM_BYTES / 4);
    for (auto &v : s.ram) v = rng();
    for (auto &v : s.rom) v = rng();
    write_hex(dir + "/ram.hex", s.ram);
    write_hex(dir + "/rom.hex", s.rom);
    std::string pa = "+ram_hex=" + dir + "/ram.hex", pb = "+rom_hex=" + dir + "/rom.hex";
    const char *args[] = {"tb_fabric", pa.c_str(), pb.c_str()};
    s.ctx = std::make_unique<VerilatedContext>();
    s.ctx->commandArgs(3, args);
    s.top = std::make_unique<Vedgellm_soc_fabric>(s.ctx.get());
    s.reset();
    std::printf("tb_fabric: %s RAM, fault injection %s, RAM %u B, ROM %u B, UART DIV %u, seed %u\n",
                TB_DUAL ? "dual-port" : "single-port", TB_FAULT ? "built in" : "off", TB_RAM_BYTES, TB_ROM_BYTES,
                TB_UART_DIV, seed);

    // ------------------------------------------------ random traffic on both ports
    {
        const uint32_t acc_regs[] = {0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C, 0x24, 0x28, 0x2C, 0x30,
                                     0x34, 0x38, 0x3C, 0x40, 0x4C, 0x50, 0x58, 0x5C, 0x60, 0x64, 0x68, 0x6C, 0x70, 0x74,
                                     0x78, 0x7C, 0x80, 0xFC, 0x100, 0x3FFC};
        const uint32_t unmapped[] = {TB_RAM_BYTES, 0x0FFFFFFCu, ROM_BASE + TB_ROM_BYTES, 0x1FFFFFFCu,
                                     0x20003000u, 0x2000F000u, 0x20010000u, 0x30000000u, 0x449FFFFCu,
                                     0x44A10000u, 0x80000000u, 0xFFFFFFFCu};
        uint32_t n = 20000 * rounds, issued_d = 0, issued_i = 0;
        uint32_t p_i = 60, p_d = 60;
        auto gen_i = [&](Txn &t) {
            if (issued_i >= n || rnd(100) >= p_i) return false;
            t = Txn();
            t.addr = rnd(50) ? rnd(TB_RAM_BYTES / 4) * 4 : unmapped[rnd(sizeof unmapped / 4)];
            if (!rnd(200)) t.addr = ROM_BASE;   // code only runs from RAM
            issued_i++;
            return true;
        };
        auto gen_d = [&](Txn &t) {
            if (issued_d >= n || rnd(100) >= p_d) return false;
            t = Txn();
            t.we = rnd(2);
            t.be = t.we ? (uint8_t)(rnd(15) + 1) : 0xF;
            t.wdata = rng();
            uint32_t k = rnd(100);
            if (k < 40) t.addr = rnd(TB_RAM_BYTES / 4) * 4;
            else if (k < 55) t.addr = ROM_BASE + rnd(TB_ROM_BYTES / 4) * 4;
            else if (k < 75) {
                uint32_t o = acc_regs[rnd(sizeof acc_regs / 4)];
                if (!rnd(5)) o = 0x4000 + rnd(TB_XMAX / 4 + 4) * 4;
                if (!rnd(5)) o = 0x8000 + rnd(TB_YMAX + 4) * 4;
                if (o == 0x20) o = 0x30;   // no START, ABORT or WDATA here
                t.addr = ACC + o;
            } else if (k < 82) t.addr = TIMER + rnd(6) * 4;
            else if (k < 88) t.addr = SYS + rnd(3) * 4;
            else if (k < 92) { t.addr = UART + 4 + rnd(3) * 4; }   // STATUS and beyond (no TXDATA here)
            else t.addr = unmapped[rnd(sizeof unmapped / 4)];
            if (t.addr == TIMER + 8 || t.addr == TIMER + 12) t.wdata |= 0x80000000u;   // keep the interrupt far
            issued_d++;
            return true;
        };
        uint32_t qf = quiet_fail;
        while (issued_i < n || issued_d < n || s.i_busy || s.d_busy || s.i_out || s.d_out) {
            if (!rnd(500)) { p_i = rnd(101); p_d = rnd(101); }   // phases of light and heavy traffic
            s.step(gen_i, gen_d);
        }
        s.idle(4);
        check(quiet_fail == qf, "random traffic: every response (data, error, timing) and event as the model says");
        char b[200];
        std::snprintf(b, sizeof b, "random traffic: %u + %u accesses, %llu RAM fetches, %llu RAM reads, %llu RAM writes, "
                      "%llu ROM reads, %llu accelerator accesses, %llu unmapped",
                      n, n, (unsigned long long)s.ev[0], (unsigned long long)s.ev[1], (unsigned long long)s.ev[2],
                      (unsigned long long)s.ev[3], (unsigned long long)(s.ev[5] + s.ev[6]),
                      (unsigned long long)s.ev[8]);
        check(s.ev[1] > 1000 && s.ev[3] > 500 && s.ev[5] + s.ev[6] > 1000 && s.ev[8] > 100, b);
        if (!TB_DUAL) check(s.ev[9] > 0, "one RAM port: the instruction port waited behind data accesses");
        check(s.exits > 0 && s.marks > 0, "EXIT and MARK writes reached exit_o and tap_mark_o");
    }

    // ------------------------------------------------ UART
    {
        uint32_t qf = quiet_fail;
        s.uart_tap.clear();
        s.uart_line.clear();
        s.u_err = false;
        bool err;
        uint32_t st = s.access(false, UART + 4, 0, 0xF, &err);
        check(!err && st == 3, "UART STATUS after reset: TX_READY and TX_IDLE");
        const char msg[] = "edgellm soc\n\x00\xff\x55\xaa";
        std::vector<uint8_t> sent;
        for (size_t k = 0; k < sizeof msg - 1; k++) {
            while (!(s.access(false, UART + 4) & 1)) {}
            s.access(true, UART, 0xABCDEF00u | (uint8_t)msg[k], (uint8_t)(1 + rnd(15)) | 1);
            sent.push_back((uint8_t)msg[k]);
        }
        // two writes back to back: the second waits, a third is dropped
        while (!(s.access(false, UART + 4) & 2)) {}
        s.access(true, UART, 'A');
        s.idle(2);
        s.access(true, UART, 'B');
        st = s.access(false, UART + 4);
        check(st == 0, "UART STATUS with a byte on the line and one waiting: neither ready nor idle");
        s.access(true, UART, 'C');   // dropped
        sent.push_back('A');
        sent.push_back('B');
        while (!(s.access(false, UART + 4) & 2)) {}
        s.idle(12 * TB_UART_DIV);
        check(s.uart_tap == sent, "UART: the tapped bytes are the accepted ones (a write while full is dropped)");
        check(s.uart_line == sent && !s.u_err,
              "UART line: every frame start bit, 8 data bits LSB first, stop bit, DIV cycles per bit, back to back");
        bool e1, e2, e3;
        s.access(true, UART + 4, 1, 0xF, &e1);
        s.access(false, UART + 8, 0, 0xF, &e2);
        s.access(false, UART + 0xFFC, 0, 0xF, &e3);
        check(e1 && e2 && e3, "UART: write to STATUS and other offsets answer an error");
        check(quiet_fail == qf, "UART: no protocol errors");
    }

    // ------------------------------------------------ timer
    {
        uint32_t lo = s.access(false, TIMER);
        uint64_t c0 = s.last_d.grant_cycle;
        check(lo == (uint32_t)c0 && s.access(false, TIMER + 4) == (uint32_t)(s.last_d.grant_cycle >> 32), "timer: MTIME_LO is the cycle count at the access");
        uint64_t at = s.cycle + 100;
        s.access(true, TIMER + 12, (uint32_t)(at >> 32));
        s.access(true, TIMER + 8, (uint32_t)at);
        bool seen = false, early = false;
        uint64_t rise = 0;
        for (int k = 0; k < 200 && !seen; k++) {
            s.eval();
            if (s.top->irq_timer_o) { seen = true; rise = s.cycle; }
            else s.idle(1);
        }
        (void)early;
        check(seen && rise == at + 1, "timer: irq_timer_o rises one cycle after mtime reaches mtimecmp");
        s.access(true, TIMER + 8, 0xFFFFFFFFu, 0x1);   // byte 0 only
        s.access(true, TIMER + 12, 0xFFFFFFFFu);
        s.idle(2);
        check(!s.top->irq_timer_o && s.access(false, TIMER + 12) == 0xFFFFFFFFu,
              "timer: mtimecmp high again: the interrupt drops");
    }

    // ------------------------------------------------ accelerator products through the bridge
    {
        s.acc_directed = true;
        uint32_t qf = quiet_fail;
        std::vector<uint8_t> w(TB_WMEM);
        bool all_ok = true;
        int products = 0;
        for (int k = 0; k < 6; k++) {   // each type waiting for DONE, then with Y_WAIT
            int type = 1 + k / 2;
            uint32_t rows = 5 + rnd(20), cols = 10 + rnd(150);
            uint32_t cp = hwref_cols_pad(type, cols), stride = hwref_stride(type, cp);
            if (rows * stride > TB_WMEM || cp > TB_XMAX) continue;
            std::fill(w.begin(), w.end(), 0);
            for (uint32_t r = 0; r < rows; r++) {
                uint8_t *row = &w[r * stride];
                if (type == HWREF_T1) {
                    for (uint32_t b = 0; b < stride; b++) {
                        int32_t t[5];
                        for (int k = 0; k < 5; k++) t[k] = (int32_t)rnd(3) - 1;
                        row[b] = hwref_t1_byte(t);
                    }
                } else {
                    for (uint32_t c = 0; c < cp; c++) hwref_put(type, row, c, type == 1 ? (int32_t)rnd(3) - 1 : (int32_t)rnd(256) - 128);
                }
            }
            std::vector<int8_t> x(cp);
            for (auto &v : x) v = (int8_t)(rnd(256) - 128);
            std::vector<int32_t> y(rows);
            hwref_matvec(type, rows, cp, stride, w.data(), x.data(), y.data());
            s.access(true, ACC + EDGELLM_HW_REG_WADDR, 0);
            for (uint32_t k = 0; k < rows * stride; k += 4)
                s.access(true, ACC + EDGELLM_HW_REG_WDATA, (uint32_t)w[k] | w[k + 1] << 8 | w[k + 2] << 16 | (uint32_t)w[k + 3] << 24);
            s.access(true, ACC + EDGELLM_HW_REG_WADDR, 0);
            bool rb = true;
            for (uint32_t k = 0; k < rows * stride; k += 4)
                rb &= s.access(false, ACC + EDGELLM_HW_REG_WDATA) == ((uint32_t)w[k] | w[k + 1] << 8 | w[k + 2] << 16 | (uint32_t)w[k + 3] << 24);
            for (uint32_t k = 0; k < cp; k += 4)
                s.access(true, ACC + EDGELLM_HW_XBUF + k, (uint8_t)x[k] | (uint8_t)x[k + 1] << 8 | (uint8_t)x[k + 2] << 16 |
                                                     (uint32_t)(uint8_t)x[k + 3] << 24);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_TYPE, type);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_ROWS, rows);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_COLS, cp);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_STRIDE, stride);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_BASE, 0);
            s.access(true, ACC + EDGELLM_HW_REG_MAT_REQ, 0);   // the random traffic may have left it set
            // every other product with Y_WAIT: y read right after START, each load
            // held by the accelerator until its row is final
            bool stream = (k & 1) != 0;
            s.access(true, ACC + EDGELLM_HW_REG_Y_WAIT, stream ? 1 : 0);
            s.access(true, ACC + EDGELLM_HW_REG_IRQ_EN, 1);
            uint64_t st0 = s.starts;
            s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
            bool e_busy_start = false;
            s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START, 0xF, &e_busy_start);   // again while busy: SLVERR
            bool yok = true;
            if (stream) {
                s.answer_limit = 20000;
                for (uint32_t r = 0; r < rows; r++) yok &= (int32_t)s.access(false, ACC + EDGELLM_HW_YBUF + 4 * r) == y[r];
                s.answer_limit = 40;
            }
            uint32_t st;
            int polls = 0;
            while ((st = s.access(false, ACC + EDGELLM_HW_REG_STATUS)) & 1) polls++;
            if (stream && polls > 2) yok = false;   // the last row comes with the end of the product
            s.idle(3);
            bool irq = s.top->irq_external_o;
            if (!stream)
                for (uint32_t r = 0; r < rows; r++) yok &= (int32_t)s.access(false, ACC + EDGELLM_HW_YBUF + 4 * r) == y[r];
            s.access(true, ACC + EDGELLM_HW_REG_IRQ_STATUS, 1);   // clear the interrupt
            s.access(true, ACC + EDGELLM_HW_REG_Y_WAIT, 0);
            s.idle(3);
            bool irq_after = s.top->irq_external_o;
            uint32_t cyc = s.access(false, ACC + EDGELLM_HW_REG_CYCLES);
            bool ok = rb && st == 2 && yok && irq && !irq_after && e_busy_start && cyc > 0 && s.starts == st0 + 1;
            if (!ok)
                std::printf("  type %d %ux%u (Y_WAIT %d): readback %d status %u y %d irq %d/%d busy-START error %d cycles %u starts %llu\n",
                            type, rows, cols, (int)stream, rb, st, yok, irq, irq_after, e_busy_start, cyc,
                            (unsigned long long)(s.starts - st0));
            all_ok &= ok;
            products++;
        }
        s.access(true, ACC + EDGELLM_HW_REG_IRQ_EN, 0);
        check(all_ok && products == 6,
              "accelerator through the bridge: T2, T1 and INT8 products equal the reference, read after DONE and "
              "read from START on with Y_WAIT; weight readback; STATUS DONE; irq_o until IRQ_STATUS is cleared; "
              "START while busy answers an error; one START event each");
        check(quiet_fail == qf, "accelerator: no protocol errors");

        // ------------------------------------------------ fault injection
        // a product to run again: the last one (INT8) is still described in the registers
        uint32_t rows = s.access(false, ACC + EDGELLM_HW_REG_MAT_ROWS);
        std::vector<int32_t> y0(rows);
        s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
        while (s.access(false, ACC + EDGELLM_HW_REG_STATUS) & 1) {}
        for (uint32_t r = 0; r < rows; r++) y0[r] = (int32_t)s.access(false, ACC + EDGELLM_HW_YBUF + 4 * r);
        // hang
        s.access(true, ACC + EDGELLM_HW_REG_IRQ_EN, 1);
        s.top->fault_hang_i = 1;
        s.idle(2);
        s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
        s.idle(3000);   // far longer than the product
        uint32_t st_h = s.access(false, ACC + EDGELLM_HW_REG_STATUS);
        bool irq_h = s.top->irq_external_o;
        s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_ABORT);
        uint32_t st_a = s.access(false, ACC + EDGELLM_HW_REG_STATUS);
        s.idle(3);
        bool irq_a = s.top->irq_external_o;
        s.top->fault_hang_i = 0;
        s.access(true, ACC + EDGELLM_HW_REG_IRQ_STATUS, 1);
        s.access(true, ACC + EDGELLM_HW_REG_IRQ_EN, 0);
        // the next product is not hung (one hang per request)
        s.access(true, ACC + EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
        int polls = 0;
        while ((s.access(false, ACC + EDGELLM_HW_REG_STATUS) & 1) && polls < 5000) polls++;
        bool next_ok = polls < 5000;
        // corrupt: the next Y read only
        s.top->fault_corrupt_i = 1;
        s.idle(2);
        std::vector<int32_t> y1(rows), y2(rows);
        for (uint32_t r = 0; r < rows; r++) y1[r] = (int32_t)s.access(false, ACC + EDGELLM_HW_YBUF + 4 * r);
        for (uint32_t r = 0; r < rows; r++) y2[r] = (int32_t)s.access(false, ACC + EDGELLM_HW_YBUF + 4 * r);
        s.top->fault_corrupt_i = 0;
        uint32_t diff1 = 0, diff2 = 0;
        for (uint32_t r = 0; r < rows; r++) {
            diff1 += y1[r] != y0[r];
            diff2 += y2[r] != y0[r];
        }
        if (TB_FAULT) {
            check(st_h == 1 && !irq_h && (st_a & 1) == 0 && irq_a && next_ok && s.hang_cycles > 3000,
                  "fault hang: STATUS reads BUSY and irq_o stays low long after the product, until ABORT; the next product runs");
            check(diff1 == 1 && y1[0] == (y0[0] ^ 1) && diff2 == 0 && s.corrupt_events == 1,
                  "fault corrupt: exactly the next Y read has bit 0 flipped");
        } else {
            check(st_h == 2 && irq_h && next_ok && s.hang_cycles == 0,
                  "no fault injection built in: the hang request changes nothing");
            check(diff1 == 0 && diff2 == 0 && s.corrupt_events == 0,
                  "no fault injection built in: the corrupt request changes nothing");
        }
    }

    std::printf("bridge: an accelerator store is answered %llu cycles after its grant, a load %llu (the fewest seen)\n",
                (unsigned long long)s.acc_wr_lat, (unsigned long long)s.acc_rd_lat);
    // the strobe counts agree with the tb's own over the whole run
    bool same = true;
    for (int k = 0; k < 9; k++) same &= s.ev[k] == s.ev_tb[k];
    check(same, "event strobes: totals equal the accesses the testbench made");
    check(quiet_fail == 0, "no unexpected response anywhere");
    std::printf("tb_fabric: %u passed, %u failed\n", n_pass, n_fail);
    s.top->final();
    return n_fail ? 1 : 0;
}
