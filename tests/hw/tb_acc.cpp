// tb_acc.cpp - Verilator testbench for rtl/edgellm_acc.v.
//
// Drives the accelerator only through its AXI4-Lite port (axil_bfm.h: random
// stalls on all five channels, protocol checks) and compares every result with
// two references: edgellm_matvec_ref from edgellm.h and the independent
// decoder in hw_ref.h. Usage: tb_acc [seed] [rounds] [perf]. Prints one line per
// test group with exact pass/fail counts and exits 1 on any failure.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "Vedgellm_acc.h"
#include "verilated.h"

#include "axil_bfm.h"
#include "edgellm_hw.h"
#include "hw_ref.h"

typedef AxilBfm<Vedgellm_acc> Bfm;

static const uint8_t OKAY = 0, SLVERR = 2;

struct Counter {
    const char *name;
    uint64_t pass = 0, fail = 0;
    explicit Counter(const char *n) : name(n) {}
    bool check(bool ok, const char *what, long long a = 0, long long b = 0) {
        if (ok) { pass++; return true; }
        fail++;
        if (fail <= 8) std::printf("  FAIL [%s] %s (%lld vs %lld)\n", name, what, a, b);
        return false;
    }
};

struct Dut {
    uint32_t caps = 0, lanes = 0, wmem = 0, xmax = 0, ymax = 0;
    bool t1 = false, i8 = false, kv = false, req = false, smax = false;
};

static std::mt19937_64 rng;
static uint64_t g_matvecs, g_matvec_ok, g_rows;   // complete products compared, exact ones, rows
static bool g_ywait;   // Y_WAIT is on: results are read from START on (run_streamed)
static uint32_t urand(uint32_t n) { return n ? (uint32_t)(rng() % n) : 0; }

// stall profiles: {p_bready, p_rready, max_delay, aw_bias, w_bias}
struct Stall { double pb, pr; int maxd, awb, wb; const char *name; };
static const Stall kStalls[] = {
    {1.0, 1.0, 0, 0, 0, "none"},
    {0.5, 0.5, 3, 0, 0, "random"},
    {0.2, 0.3, 6, 0, 0, "heavy"},
    {1.0, 1.0, 0, 4, 0, "address-late"},
    {1.0, 1.0, 0, 0, 4, "data-late"},
    {0.3, 0.7, 2, 0, 7, "data-late+stall"},
    {0.7, 0.3, 2, 7, 0, "address-late+stall"},
};
static const int kNumStalls = sizeof(kStalls) / sizeof(kStalls[0]);

static void set_stall(Bfm &bus, const Stall &s) {
    bus.p_bready = s.pb; bus.p_rready = s.pr; bus.max_delay = s.maxd; bus.aw_bias = s.awb; bus.w_bias = s.wb;
}
static void random_stall(Bfm &bus) { set_stall(bus, kStalls[urand(kNumStalls)]); }

// ---------------------------------------------------------------- matrices
struct Mat {
    uint32_t type, rows, cols, cols_pad, stride;
    std::vector<uint8_t> data;
};

enum Fill { F_RANDOM, F_ZERO, F_PLUS, F_MINUS, F_MIN, F_SPARSE, F_ANY };

// packed rows with weights drawn per `fill`; F_ANY also fills the padding
// columns (the kernel sums over cols_pad, so the hardware must too)
static Mat make_matrix(uint32_t type, uint32_t rows, uint32_t cols, Fill fill, uint32_t stride_extra) {
    Mat m;
    m.type = type; m.rows = rows; m.cols = cols;
    m.cols_pad = hwref_cols_pad(type, cols);
    m.stride = hwref_stride(type, m.cols_pad) + 16u * stride_extra;
    m.data.assign((size_t)rows * m.stride, 0);
    for (uint32_t r = 0; r < rows; r++) {
        uint8_t *row = &m.data[(size_t)r * m.stride];
        std::vector<int32_t> w(m.cols_pad, 0);
        for (uint32_t c = 0; c < m.cols_pad; c++) {
            if (c >= cols && fill != F_ANY) continue;
            int32_t v = 0;
            switch (fill) {
            case F_RANDOM: case F_ANY: v = type == HWREF_I8 ? (int32_t)(int8_t)rng() : (int32_t)urand(3) - 1; break;
            case F_ZERO: v = 0; break;
            case F_PLUS: v = type == HWREF_I8 ? 127 : 1; break;
            case F_MINUS: v = type == HWREF_I8 ? -127 : -1; break;
            case F_MIN: v = type == HWREF_I8 ? -128 : -1; break;
            case F_SPARSE: v = urand(8) ? 0 : (type == HWREF_I8 ? (int32_t)(int8_t)rng() : (urand(2) ? 1 : -1)); break;
            }
            w[c] = v;
        }
        if (type == HWREF_T1) {
            for (uint32_t b = 0; b < m.cols_pad / 80u; b++)
                for (uint32_t i = 0; i < 16; i++) {
                    int32_t t[5];
                    for (uint32_t k = 0; k < 5; k++) t[k] = w[80u * b + 16u * k + i];
                    row[16u * b + i] = hwref_t1_byte(t);
                }
        } else {
            for (uint32_t c = 0; c < m.cols_pad; c++) hwref_put(type, row, c, w[c]);
        }
        // bytes in the stride gap: garbage the engine must not read
        for (uint32_t j = hwref_stride(type, m.cols_pad); j < m.stride; j++) row[j] = (uint8_t)rng();
    }
    return m;
}

static std::vector<int8_t> make_x(uint32_t cols, uint32_t cols_pad, Fill fill) {
    std::vector<int8_t> x(cols_pad, 0);
    for (uint32_t c = 0; c < cols_pad; c++) {
        if (c >= cols && fill != F_ANY) continue;
        switch (fill) {
        case F_ZERO: x[c] = 0; break;
        case F_PLUS: x[c] = 127; break;
        case F_MIN: case F_MINUS: x[c] = -128; break;
        default: x[c] = (int8_t)rng(); break;
        }
    }
    return x;
}

// both references; they must agree with each other before the hardware is judged
static std::vector<int32_t> reference(const Mat &m, const std::vector<int8_t> &x, Counter &t) {
    std::vector<int32_t> a(m.rows), b(m.rows);
    hwref_matvec(m.type, m.rows, m.cols_pad, m.stride, m.data.data(), x.data(), a.data());
    edgellm_matrix em;
    std::memset(&em, 0, sizeof em);
    em.type = m.type; em.rows = m.rows; em.cols = m.cols; em.cols_pad = m.cols_pad;
    em.stride = m.stride; em.data = m.data.data();
    int r = edgellm_matvec_ref(&em, x.data(), b.data());
    t.check(r == 0 && a == b, "edgellm_matvec_ref disagrees with the test's own decoder");
    return a;
}

// ---------------------------------------------------------------- bus helpers
static void upload(Bfm &bus, uint32_t addr, const std::vector<uint8_t> &bytes, Counter &t) {
    t.check(bus.write(EDGELLM_HW_REG_WADDR, addr) == OKAY, "WADDR write");
    for (size_t i = 0; i < bytes.size(); i += 4) {
        uint32_t v = 0;
        for (int k = 0; k < 4; k++) v |= (uint32_t)(i + k < bytes.size() ? bytes[i + k] : 0) << (8 * k);
        bus.write_nb(EDGELLM_HW_REG_WDATA, v);   // back to back
    }
    bus.drain();
}

static void write_x(Bfm &bus, const std::vector<int8_t> &x) {
    for (size_t i = 0; i < x.size(); i += 4) {
        uint32_t v = 0;
        for (int k = 0; k < 4; k++) v |= (uint32_t)(uint8_t)x[i + k] << (8 * k);
        bus.write_nb(EDGELLM_HW_XBUF + (uint32_t)i, v);
    }
    bus.drain();
}

static void write_desc(Bfm &bus, uint32_t type, uint32_t rows, uint32_t cols, uint32_t stride, uint32_t base) {
    bus.write_nb(EDGELLM_HW_REG_MAT_TYPE, type);
    bus.write_nb(EDGELLM_HW_REG_MAT_ROWS, rows);
    bus.write_nb(EDGELLM_HW_REG_MAT_COLS, cols);
    bus.write_nb(EDGELLM_HW_REG_MAT_STRIDE, stride);
    bus.write_nb(EDGELLM_HW_REG_MAT_BASE, base);
    bus.drain();
}

// START, then poll STATUS (reading other registers while busy); returns STATUS
static uint32_t run(Bfm &bus, Counter &t, uint32_t *cycles = nullptr, uint32_t *slots = nullptr,
                    bool reads_while_busy = false) {
    uint32_t rows = bus.read(EDGELLM_HW_REG_MAT_ROWS);
    t.check(bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START) == OKAY, "START accepted");
    uint32_t st = 0;
    for (int i = 0; i < 100000; i++) {
        uint8_t resp;
        st = bus.read(EDGELLM_HW_REG_STATUS, &resp);
        t.check(resp == OKAY, "STATUS read");
        if (!(st & EDGELLM_HW_STATUS_BUSY)) break;
        if (reads_while_busy) {
            bus.read_nb(EDGELLM_HW_REG_CYCLES);
            bus.read_nb(EDGELLM_HW_YBUF + 4 * urand(4));
            // locked while busy (SLVERR); the engine may finish in between, so
            // this only ever writes what is already there
            bus.write_nb(EDGELLM_HW_REG_MAT_ROWS, rows);
            bus.read_nb(EDGELLM_HW_REG_WDATA);
            bus.drain();
        }
    }
    if (cycles) *cycles = bus.read(EDGELLM_HW_REG_CYCLES);
    if (slots) *slots = bus.read(EDGELLM_HW_REG_SLOTS);
    return st;
}

// With Y_WAIT on: START, then every y read queued at once (each held by the
// slave until its row is final) and STATUS behind them, which must then read
// DONE: the last row is final only when the product ends. Returns STATUS.
static uint32_t run_streamed(Bfm &bus, Counter &t, uint32_t n, std::vector<int32_t> &y) {
    t.check(bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START) == OKAY, "START accepted");
    std::vector<std::shared_ptr<AxilRead>> ops;
    for (uint32_t r = 0; r < n; r++) ops.push_back(bus.read_nb(EDGELLM_HW_YBUF + 4 * r));
    auto st = bus.read_nb(EDGELLM_HW_REG_STATUS);
    bus.drain();
    y.resize(n);
    for (uint32_t r = 0; r < n; r++) {
        t.check(ops[r]->resp == OKAY, "Y read with Y_WAIT");
        y[r] = (int32_t)ops[r]->data;
    }
    // AXI4-Lite does not order reads among themselves here: the BFM issues them in
    // queue order, one at a time, so STATUS goes after the last y
    if (st->data & EDGELLM_HW_STATUS_BUSY) {   // DONE may follow the last row by a cycle or two
        uint32_t v = bus.read(EDGELLM_HW_REG_STATUS);
        t.check(!(v & EDGELLM_HW_STATUS_BUSY), "STATUS two reads after the last row", v, 2);
        return v;
    }
    return st->data;
}

static std::vector<int32_t> read_y(Bfm &bus, uint32_t rows) {
    std::vector<std::shared_ptr<AxilRead>> ops;
    for (uint32_t r = 0; r < rows; r++) ops.push_back(bus.read_nb(EDGELLM_HW_YBUF + 4 * r));
    bus.drain();
    std::vector<int32_t> y(rows);
    for (uint32_t r = 0; r < rows; r++) y[r] = (int32_t)ops[r]->data;
    return y;
}

// one complete matvec through the bus; true when every row matches
static bool matvec_case(Bfm &bus, const Dut &d, const Mat &m, const std::vector<int8_t> &x, uint32_t base,
                        Counter &t, bool busy_reads, uint32_t *cycles = nullptr, uint32_t *slots = nullptr) {
    std::vector<int32_t> want = reference(m, x, t);
    upload(bus, base, m.data, t);
    write_x(bus, x);
    write_desc(bus, m.type, m.rows, m.cols_pad, m.stride, base);
    std::vector<int32_t> got;
    uint32_t st = g_ywait ? run_streamed(bus, t, m.rows, got) : run(bus, t, cycles, slots, busy_reads);
    bool ok = t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after a valid matvec is DONE only", st, 2);
    if (!g_ywait) got = read_y(bus, m.rows);
    g_matvecs++;
    g_rows += m.rows;
    for (uint32_t r = 0; r < m.rows; r++) {
        if (got[r] != want[r]) {
            t.check(false, "y mismatch", got[r], want[r]);
            std::printf("    type %u rows %u cols %u stride %u base %u row %u\n", m.type, m.rows, m.cols,
                        m.stride, base, r);
            return false;
        }
    }
    (void)d;
    t.check(true, "");
    if (ok) g_matvec_ok++;
    return ok;
}

// ---------------------------------------------------------------- tests
static void test_ident(Bfm &bus, Dut &d, Counter &t) {
    t.check(bus.read(EDGELLM_HW_REG_ID) == EDGELLM_HW_ID_VALUE, "ID");
    t.check(bus.read(EDGELLM_HW_REG_VERSION) >> 16 == EDGELLM_HW_VERSION_MAJOR, "VERSION major");
    d.caps = bus.read(EDGELLM_HW_REG_CAPS);
    d.lanes = EDGELLM_HW_CAPS_LANES(d.caps);
    d.wmem = bus.read(EDGELLM_HW_REG_WMEM_BYTES);
    d.xmax = bus.read(EDGELLM_HW_REG_XMAX);
    d.ymax = bus.read(EDGELLM_HW_REG_YMAX);
    d.t1 = EDGELLM_HW_CAPS_TYPE(d.caps, 2);
    d.i8 = EDGELLM_HW_CAPS_TYPE(d.caps, 3);
    d.kv = EDGELLM_HW_CAPS_TYPE(d.caps, 4);
    d.req = (d.caps & EDGELLM_HW_CAPS_REQ) != 0;
    d.smax = (d.caps & EDGELLM_HW_CAPS_SMAX) != 0;
    t.check(EDGELLM_HW_CAPS_TYPE(d.caps, 5) == (uint32_t)d.kv, "KDOT and VSUM come together");
    t.check(!d.smax || (d.kv && d.req), "CAPS.SMAX only with KDOT and MAT_REQ");
    t.check(bus.read(EDGELLM_HW_REG_VERSION) == ((uint32_t)EDGELLM_HW_VERSION_MAJOR << 16 | EDGELLM_HW_VERSION_MINOR),
            "VERSION");
    t.check(d.lanes == 16 || d.lanes == 32 || d.lanes == 64, "lanes", d.lanes);
    t.check(EDGELLM_HW_CAPS_TYPE(d.caps, 1) == 1, "T2 always supported");
    t.check(bus.read(EDGELLM_HW_REG_STATUS) == 0, "STATUS after reset");
    t.check(bus.read(EDGELLM_HW_REG_IRQ_STATUS) == 0, "IRQ_STATUS after reset");
    std::printf("  device: lanes %u, types T2%s%s%s, weight memory %u B, XMAX %u, YMAX %u\n", d.lanes,
                d.t1 ? " T1" : "", d.i8 ? " I8" : "", d.kv ? " KDOT VSUM" : "", d.wmem, d.xmax, d.ymax);
}

// random register traffic, queued back to back under every stall profile
static void test_regs(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    static const uint32_t rw[] = {EDGELLM_HW_REG_MAT_TYPE, EDGELLM_HW_REG_MAT_ROWS, EDGELLM_HW_REG_MAT_COLS,
                                  EDGELLM_HW_REG_MAT_STRIDE, EDGELLM_HW_REG_MAT_BASE, EDGELLM_HW_REG_WADDR};
    static const uint32_t ro[] = {EDGELLM_HW_REG_ID, EDGELLM_HW_REG_VERSION, EDGELLM_HW_REG_CAPS,
                                  EDGELLM_HW_REG_WMEM_BYTES, EDGELLM_HW_REG_XMAX, EDGELLM_HW_REG_YMAX,
                                  EDGELLM_HW_REG_STATUS, EDGELLM_HW_REG_CYCLES, EDGELLM_HW_REG_SLOTS,
                                  EDGELLM_HW_REG_WSUM, EDGELLM_HW_REG_EMAX};
    uint32_t model[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 6; i++) model[i] = bus.read(rw[i]);
    for (int round = 0; round < rounds; round++) {
        set_stall(bus, kStalls[round % kNumStalls]);
        struct Exp { std::shared_ptr<AxilRead> rd; std::shared_ptr<AxilWrite> wr; uint32_t data; uint8_t resp; };
        std::vector<Exp> exp;
        for (int k = 0; k < 40; k++) {
            uint32_t sel = urand(10);
            if (sel < 4) {                 // RW register write (random byte strobes), model it
                uint32_t i = urand(6), v = (uint32_t)rng(), strb = urand(4) ? 0xF : urand(16);
                for (int b = 0; b < 4; b++)
                    if (strb >> b & 1) model[i] = (model[i] & ~(0xFFu << 8 * b)) | (v & 0xFFu << 8 * b);
                if (rw[i] == EDGELLM_HW_REG_WADDR) model[i] &= ~3u;
                exp.push_back({nullptr, bus.write_nb(rw[i], v, (uint8_t)strb), 0, OKAY});
            } else if (sel < 7) {          // identity reads between the writes
                exp.push_back({bus.read_nb(EDGELLM_HW_REG_XMAX), nullptr, d.xmax, OKAY});
            } else if (sel == 7) {         // read-only register: reads OK, writes SLVERR
                uint32_t a = ro[urand(11)];
                exp.push_back({nullptr, bus.write_nb(a, (uint32_t)rng()), 0, SLVERR});
            } else if (sel == 8) {         // unmapped or wrong-direction windows
                static const uint32_t bad[] = {0x0018, 0x004C, 0x0080, 0x00FC, 0x0100, 0x3FFC};
                uint32_t a = bad[urand(6)];
                if (urand(2)) exp.push_back({bus.read_nb(a), nullptr, 0, SLVERR});
                else exp.push_back({nullptr, bus.write_nb(a, 1), 0, SLVERR});
                if (urand(2)) exp.push_back({nullptr, bus.write_nb(EDGELLM_HW_YBUF + 4 * urand(d.ymax), 5), 0, SLVERR});
                else exp.push_back({bus.read_nb(EDGELLM_HW_XBUF + 4 * urand(d.xmax / 4)), nullptr, 0, SLVERR});
                exp.push_back({bus.read_nb(EDGELLM_HW_XBUF + d.xmax < 0x8000 ? EDGELLM_HW_XBUF + d.xmax : 0x7FFC), nullptr, 0, SLVERR});
                exp.push_back({bus.read_nb(EDGELLM_HW_YBUF + 4 * d.ymax < 0x10000 ? EDGELLM_HW_YBUF + 4 * d.ymax : 0x3FF0), nullptr, 0, SLVERR});
            } else {                       // identity reads interleaved
                exp.push_back({bus.read_nb(EDGELLM_HW_REG_ID), nullptr, EDGELLM_HW_ID_VALUE, OKAY});
            }
        }
        bus.drain();
        // AXI orders nothing between the read and write channels, so the RW
        // registers are read back once the writes have been answered
        for (int k = 0; k < 12; k++) {
            uint32_t i = urand(6);
            exp.push_back({bus.read_nb(rw[i]), nullptr, model[i], OKAY});
        }
        bus.drain();
        for (auto &e : exp) {
            if (e.rd) {
                t.check(e.rd->resp == e.resp, "read response", e.rd->resp, e.resp);
                if (e.resp == OKAY) t.check(e.rd->data == e.data, "read data", e.rd->data, e.data);
            } else {
                t.check(e.wr->resp == e.resp, "write response", e.wr->resp, e.resp);
            }
        }
    }
    set_stall(bus, kStalls[0]);
}

// weight memory through WADDR/WDATA: strobes, auto-increment, readback, range
static void test_wmem(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    std::vector<uint8_t> shadow(d.wmem, 0);
    upload(bus, 0, shadow, t);
    for (int round = 0; round < rounds; round++) {
        random_stall(bus);
        uint32_t n = 1 + urand(64), addr = 4 * urand(d.wmem / 4 - n);
        bus.write(EDGELLM_HW_REG_WADDR, addr);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t v = (uint32_t)rng(), strb = urand(3) ? 0xF : urand(16);
            for (int b = 0; b < 4; b++)
                if (strb >> b & 1) shadow[addr + 4 * i + b] = (uint8_t)(v >> 8 * b);
            bus.write_nb(EDGELLM_HW_REG_WDATA, v, (uint8_t)strb);
        }
        bus.drain();
        t.check(bus.read(EDGELLM_HW_REG_WADDR) == addr + 4 * n, "WADDR auto-increment after writes");
        uint32_t a2 = 4 * urand(d.wmem / 4 - n);
        bus.write(EDGELLM_HW_REG_WADDR, a2);
        std::vector<std::shared_ptr<AxilRead>> ops;
        for (uint32_t i = 0; i < n; i++) ops.push_back(bus.read_nb(EDGELLM_HW_REG_WDATA));
        bus.drain();
        for (uint32_t i = 0; i < n; i++) {
            uint32_t want = 0;
            for (int b = 0; b < 4; b++) want |= (uint32_t)shadow[a2 + 4 * i + b] << 8 * b;
            t.check(ops[i]->resp == OKAY && ops[i]->data == want, "WDATA readback", ops[i]->data, want);
        }
    }
    set_stall(bus, kStalls[0]);
    bus.write(EDGELLM_HW_REG_WADDR, d.wmem - 4);
    t.check(bus.write(EDGELLM_HW_REG_WDATA, 1) == OKAY, "last weight word writable");
    t.check(bus.write(EDGELLM_HW_REG_WDATA, 1) == SLVERR, "WDATA beyond the memory: SLVERR");
    uint8_t resp;
    bus.read(EDGELLM_HW_REG_WDATA, &resp);
    t.check(resp == SLVERR, "WDATA read beyond the memory: SLVERR");
}

static uint32_t pick_type(const Dut &d) {
    for (;;) {
        uint32_t ty = 1 + urand(3);
        if (ty == 2 && !d.t1) continue;
        if (ty == 3 && !d.i8) continue;
        return ty;
    }
}

static uint32_t max_cols(const Dut &d, uint32_t type) {
    uint32_t a = type == 1 ? 64 : type == 2 ? 80 : 16;
    return d.xmax / a * a;
}

static void test_random_matvec(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    for (int round = 0; round < rounds; round++) {
        random_stall(bus);
        uint32_t type = pick_type(d);
        uint32_t mc = max_cols(d, type);
        uint32_t cols = urand(4) ? 1 + urand(mc < 400 ? mc : 400) : 1 + urand(mc);
        uint32_t rows = urand(4) ? 1 + urand(48) : 1 + urand(d.ymax < 300 ? d.ymax : 300);
        uint32_t extra = urand(3) ? 0 : urand(3);
        Fill fill = urand(4) == 0 ? F_ANY : urand(6) == 0 ? F_SPARSE : F_RANDOM;
        Mat m = make_matrix(type, rows, cols, fill, extra);
        if (m.data.size() > d.wmem) { round--; continue; }
        uint32_t base = 16 * urand((uint32_t)(d.wmem - m.data.size()) / 16 + 1);
        std::vector<int8_t> x = make_x(cols, m.cols_pad, fill == F_ANY ? F_ANY : F_RANDOM);
        matvec_case(bus, d, m, x, base, t, urand(4) == 0);
    }
    set_stall(bus, kStalls[0]);
}

static void test_extremes(Bfm &bus, const Dut &d, Counter &t) {
    for (uint32_t type = 1; type <= 3; type++) {
        if ((type == 2 && !d.t1) || (type == 3 && !d.i8)) continue;
        uint32_t mc = max_cols(d, type);
        const uint32_t shapes[][2] = {{1, 1}, {1, mc}, {7, 17}, {3, 64}, {5, 80}, {33, 160}, {2, 240}, {9, 1000},
                                      {d.ymax < 64 ? d.ymax : 64, mc}};
        const Fill fills[] = {F_ZERO, F_PLUS, F_MINUS, F_MIN, F_SPARSE, F_ANY};
        const Fill xfills[] = {F_ZERO, F_PLUS, F_MIN, F_RANDOM};
        for (auto &s : shapes) {
            uint32_t rows = s[0], cols = s[1] < mc ? s[1] : mc;
            bool big = rows * hwref_cols_pad(type, cols) > 20000;
            for (Fill f : fills)
                for (Fill xf : xfills) {
                    if (big && ((f != F_MIN && f != F_ANY) || (xf != F_MIN && xf != F_RANDOM))) continue;
                    Mat m = make_matrix(type, rows, cols, f, 0);
                    if (m.data.size() > d.wmem) continue;
                    std::vector<int8_t> x = make_x(cols, m.cols_pad, f == F_ANY ? F_ANY : xf);
                    if (f == F_ANY && xf == F_MIN) for (auto &v : x) v = -128;
                    matvec_case(bus, d, m, x, 0, t, false);
                }
        }
    }
}

// every weight -1 / -128 against x = -128 over the widest row: the largest sums
static void test_max_magnitude(Bfm &bus, const Dut &d, Counter &t) {
    for (uint32_t type = 1; type <= 3; type++) {
        if ((type == 2 && !d.t1) || (type == 3 && !d.i8)) continue;
        uint32_t mc = max_cols(d, type);
        Mat m = make_matrix(type, 2, mc, F_MIN, 0);
        if (m.data.size() > d.wmem) continue;
        std::vector<int8_t> x(m.cols_pad, -128);
        std::vector<int32_t> want = reference(m, x, t);
        int32_t expect = (type == 3 ? 128 * 128 : 128) * (int32_t)mc;
        t.check(want[0] == expect, "reference extreme sum", want[0], expect);
        matvec_case(bus, d, m, x, 0, t, false);
    }
}

static void test_errors(Bfm &bus, const Dut &d, Counter &t) {
    Counter &c = t;
    auto expect_desc_err = [&](uint32_t type, uint32_t rows, uint32_t cols, uint32_t stride, uint32_t base,
                               const char *what) {
        write_desc(bus, type, rows, cols, stride, base);
        uint32_t st = run(bus, c);
        c.check(st == (EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC), what, st,
                EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC);
    };
    expect_desc_err(0, 1, 64, 16, 0, "type 0 rejected");
    expect_desc_err(6, 1, 64, 16, 0, "type 6 rejected");
    if (!d.kv) {
        expect_desc_err(4, 1, 16, 16, 0, "KDOT rejected when not built");
        expect_desc_err(5, 1, 16, 16, 0, "VSUM rejected when not built");
    }
    expect_desc_err(1, 0, 64, 16, 0, "rows 0 rejected");
    expect_desc_err(1, d.ymax + 1, 64, 16, 0, "rows > YMAX rejected");
    expect_desc_err(1, 1, 0, 16, 0, "cols 0 rejected");
    expect_desc_err(1, 1, 48, 16, 0, "T2 cols not a multiple of 64 rejected");
    expect_desc_err(1, 1, d.xmax + 64, 16, 0, "cols > XMAX rejected");
    expect_desc_err(1, 1, 64, 8, 0, "stride not a multiple of 16 rejected");
    expect_desc_err(1, 1, 64, 16, 8, "base not a multiple of 16 rejected");
    expect_desc_err(1, 1, 64, 16, d.wmem, "base beyond memory rejected");
    expect_desc_err(3, 1, 24, 32, 0, "I8 cols not a multiple of 16 rejected");
    if (d.t1) {
        expect_desc_err(2, 1, 160 + 16, 48, 0, "T1 cols not a multiple of 80 rejected");
        expect_desc_err(2, 1, 64, 16, 0, "T1 cols 64 rejected");
    } else {
        expect_desc_err(2, 1, 80, 16, 0, "T1 rejected when not built");
    }
    if (!d.i8) expect_desc_err(3, 1, 16, 16, 0, "I8 rejected when not built");
    // rows running past the end of weight memory
    write_desc(bus, 1, 4, 64, 16, d.wmem - 32);
    uint32_t st = run(bus, c);
    c.check(st == (EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_RANGE), "range error flagged", st,
            EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_RANGE);
    // a good run clears the error bits
    write_desc(bus, 1, 1, 64, 16, 0);
    st = run(bus, c);
    c.check(st == EDGELLM_HW_STATUS_DONE, "errors clear at START", st, EDGELLM_HW_STATUS_DONE);

    // busy: descriptor, X window, WDATA and a second START answer SLVERR; reads work
    uint32_t cols = max_cols(d, 1), rows = d.wmem / (cols / 4);
    if (rows > d.ymax) rows = d.ymax;
    write_desc(bus, 1, rows, cols, cols / 4, 0);
    bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
    c.check(bus.read(EDGELLM_HW_REG_STATUS) & EDGELLM_HW_STATUS_BUSY, "busy after START");
    c.check(bus.write(EDGELLM_HW_REG_MAT_COLS, 64) == SLVERR, "descriptor locked while busy");
    c.check(bus.write(EDGELLM_HW_XBUF, 1) == SLVERR, "X window locked while busy");
    c.check(bus.write(EDGELLM_HW_REG_WDATA, 1) == SLVERR, "WDATA write locked while busy");
    uint8_t resp;
    bus.read(EDGELLM_HW_REG_WDATA, &resp);
    c.check(resp == SLVERR, "WDATA read locked while busy");
    c.check(bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START) == SLVERR, "START while busy");
    c.check(bus.read(EDGELLM_HW_REG_MAT_COLS) == cols, "descriptor unchanged");
    c.check(bus.write(EDGELLM_HW_REG_WADDR, 64) == OKAY, "WADDR writable while busy");
    uint32_t c1 = bus.read(EDGELLM_HW_REG_CYCLES), c2 = bus.read(EDGELLM_HW_REG_CYCLES);
    c.check(c2 > c1, "CYCLES counts while busy", c2, c1);
    // abort: the very next write already finds the accelerator idle
    auto ab = bus.write_nb(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_ABORT);
    auto dw = bus.write_nb(EDGELLM_HW_REG_MAT_COLS, cols);
    auto xw = bus.write_nb(EDGELLM_HW_XBUF, 0);
    bus.drain();
    c.check(ab->resp == OKAY, "ABORT accepted");
    c.check(dw->resp == OKAY && xw->resp == OKAY, "descriptor and X writable right after ABORT");
    st = bus.read(EDGELLM_HW_REG_STATUS);
    c.check(st == 0, "idle, not done, after ABORT", st, 0);
    st = run(bus, c);
    c.check(st == EDGELLM_HW_STATUS_DONE, "runs again after ABORT", st, EDGELLM_HW_STATUS_DONE);
}

// ---------------------------------------------------------------- KV unit (types 4, 5)
// int8 rows (stride bytes apart from base) and int32 entries x, the low 25 bits used
static int32_t sx25(int32_t v) { return (int32_t)((uint32_t)v << 7) >> 7; }
static std::vector<int32_t> kv_reference(uint32_t type, uint32_t rows, uint32_t cols, uint32_t stride,
                                         const std::vector<uint8_t> &w, const std::vector<int32_t> &x) {
    uint32_t n = type == 4 ? rows : cols;
    std::vector<int32_t> y(n, 0);
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t c = 0; c < cols; c++) {
            int64_t p = (int64_t)(int8_t)w[(size_t)r * stride + c] * sx25(type == 4 ? x[c] : x[r]);
            uint32_t &acc = *(uint32_t *)&y[type == 4 ? r : c];
            acc += (uint32_t)p;   // modulo 2^32, like the hardware
        }
    return y;
}

static void write_x32(Bfm &bus, const std::vector<int32_t> &x) {
    for (size_t i = 0; i < x.size(); i++) bus.write_nb(EDGELLM_HW_XBUF + 4 * (uint32_t)i, (uint32_t)x[i]);
    bus.drain();
}

enum { KV_RANDOM, KV_MAX, KV_MIN, KV_WIDE };
// one KDOT or VSUM through the bus; returns the cycles
static uint32_t kv_case(Bfm &bus, const Dut &d, uint32_t type, uint32_t rows, uint32_t cols, uint32_t stride,
                        uint32_t base, int fill, Counter &t) {
    std::vector<uint8_t> w((size_t)(rows - 1) * stride + cols);
    for (auto &b : w) b = fill == KV_MAX ? 127 : fill == KV_MIN ? 0x80 : (uint8_t)rng();
    std::vector<int32_t> x(type == 4 ? cols : rows);
    const int32_t lim = 1 << 24;
    for (auto &v : x) {
        switch (fill) {
        case KV_MAX: v = lim - 1; break;
        case KV_MIN: v = -lim; break;
        case KV_WIDE: v = (int32_t)(uint32_t)rng(); break;   // bits 31:25 must be ignored
        default: v = urand(3) ? (int32_t)urand(2 * lim) - lim : (int32_t)urand(4095) - 2047; break;
        }
    }
    std::vector<int32_t> want = kv_reference(type, rows, cols, stride, w, x);
    upload(bus, base, w, t);
    write_x32(bus, x);
    write_desc(bus, type, rows, cols, stride, base);
    uint32_t cycles = 0;
    std::vector<int32_t> got;
    uint32_t st = g_ywait ? run_streamed(bus, t, (uint32_t)want.size(), got) : run(bus, t, &cycles, nullptr, urand(4) == 0);
    t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after a valid KDOT/VSUM is DONE only", st, 2);
    if (!g_ywait) got = read_y(bus, (uint32_t)want.size());
    g_matvecs++;
    g_rows += want.size();
    for (size_t i = 0; i < want.size(); i++)
        if (got[i] != want[i]) {
            t.check(false, "KDOT/VSUM y mismatch", got[i], want[i]);
            std::printf("    type %u rows %u cols %u stride %u base %u entry %zu\n", type, rows, cols, stride, base, i);
            return cycles;
        }
    t.check(true, "");
    if (st == EDGELLM_HW_STATUS_DONE) g_matvec_ok++;
    (void)d;
    return cycles;
}

static void test_kv(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    if (!d.kv) {
        std::printf("  KDOT/VSUM not built: only their refusal is tested\n");
        return;
    }
    uint32_t l4 = d.lanes / 4, x4 = d.xmax / 4;
    for (int round = 0; round < rounds; round++) {
        random_stall(bus);
        uint32_t type = 4 + urand(2);
        uint32_t cmax = type == 4 ? x4 : d.ymax, rmax = type == 4 ? d.ymax : x4;
        if (cmax > 256) cmax = 256;
        if (rmax > 200) rmax = 200;
        uint32_t cols = 16 * (1 + urand(cmax / 16));
        uint32_t rows = urand(3) ? 1 + urand(rmax) : 1 + urand(l4 + 2);   // short VSUMs stress the drain
        uint32_t stride = 16 * (cols / 16 + urand(3));
        size_t bytes = (size_t)(rows - 1) * stride + cols;
        if (bytes > d.wmem) { round--; continue; }
        uint32_t base = 16 * urand((uint32_t)(d.wmem - bytes) / 16 + 1);
        kv_case(bus, d, type, rows, cols, stride, base, urand(8) == 0 ? KV_WIDE : KV_RANDOM, t);
    }
    set_stall(bus, kStalls[0]);
    // the largest magnitudes and the edges of the X buffer and Y
    for (uint32_t type = 4; type <= 5; type++)
        for (int fill : {KV_MAX, KV_MIN, KV_WIDE}) {
            // shapes: rows x cols with stride cols, as many rows as the weight memory holds
            uint32_t ymax512 = d.ymax < 512 ? d.ymax : 512;
            const uint32_t shapes[][2] = {{1, 16}, {type == 4 ? d.ymax : x4, 16}, {type == 4 ? 64 : x4, type == 4 ? x4 : 16},
                                          {type == 4 ? 3 : x4, type == 4 ? 16 : ymax512}};
            for (auto &sh : shapes) {
                uint32_t rows = sh[0], cols = sh[1];
                if (rows > d.wmem / cols) rows = d.wmem / cols;
                kv_case(bus, d, type, rows, cols, cols, 0, fill, t);
            }
        }
    // (x4 entries of 2^24 * 128 overflow int32: the sums are modulo 2^32 and still compared exactly)
    // refusals
    auto expect_desc_err = [&](uint32_t type, uint32_t rows, uint32_t cols, const char *what) {
        write_desc(bus, type, rows, cols, 16 * ((cols + 15) / 16), 0);
        uint32_t st = run(bus, t);
        t.check(st == (EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC), what, st,
                EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC);
    };
    expect_desc_err(4, 1, 8, "KDOT cols not a multiple of 16 rejected");
    expect_desc_err(4, 1, x4 + 16, "KDOT cols > XMAX/4 rejected");
    expect_desc_err(4, d.ymax + 1, 16, "KDOT rows > YMAX rejected");
    expect_desc_err(4, 0, 16, "KDOT rows 0 rejected");
    expect_desc_err(5, 1, 24, "VSUM cols not a multiple of 16 rejected");
    expect_desc_err(5, x4 + 1, 16, "VSUM rows > XMAX/4 rejected");
    expect_desc_err(5, 0, 16, "VSUM rows 0 rejected");
    if (d.ymax < d.xmax) expect_desc_err(5, 1, d.ymax + 16, "VSUM cols > YMAX rejected");
    // rows running past the end of the weight memory
    for (uint32_t type = 4; type <= 5; type++) {
        write_desc(bus, type, 4, 16, 16, d.wmem - 32);
        uint32_t st = run(bus, t);
        t.check(st == (EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_RANGE), "KDOT/VSUM range error flagged", st,
                EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_RANGE);
    }
    // ABORT in the middle of a long VSUM, then a good run
    write_desc(bus, 5, x4, 16 * (d.ymax / 16 < 64 ? d.ymax / 16 : 64), 16, 0);
    bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
    t.check(bus.read(EDGELLM_HW_REG_STATUS) & EDGELLM_HW_STATUS_BUSY, "busy after a VSUM START");
    t.check(bus.write(EDGELLM_HW_XBUF, 1) == SLVERR, "X window locked while a VSUM runs");
    bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_ABORT);
    t.check(bus.read(EDGELLM_HW_REG_STATUS) == 0, "idle, not done, after a VSUM ABORT");
    kv_case(bus, d, 5, 5, 32, 32, 0, KV_RANDOM, t);
    kv_case(bus, d, 4, 5, 32, 32, 0, KV_RANDOM, t);
}

// ---------------------------------------------------------------- requantization epilogue
// the manual's requantization, written plainly with 128-bit integers:
// c = (sm * m + 2^31) >> 32 (low 32 bits, as int32), s = shift - se - 32,
// out = sat32(round half up(y * c / 2^s)) for s > 0, sat32(y * c * 2^-s) otherwise
static int32_t req_ref(int32_t y, uint32_t sm, int32_t se, uint32_t m, int32_t shift) {
    int32_t c = (int32_t)(uint32_t)((((uint64_t)sm * m) + 0x80000000ull) >> 32);
    int64_t s = (int64_t)(int32_t)((uint32_t)shift - (uint32_t)se - 32u);
    __int128 p = (__int128)y * c, v;
    if (s > 0) v = s >= 126 ? 0 : (p + ((__int128)1 << (s - 1))) >> s;
    else v = p == 0 ? 0 : (-s >= 64 ? (p > 0 ? (__int128)1 << 100 : -((__int128)1 << 100)) : p * ((__int128)1 << -s));
    if (v > INT32_MAX) return INT32_MAX;
    if (v < INT32_MIN) return INT32_MIN;
    return (int32_t)v;
}

// the described product with MAT_REQ = 1 and the epilogue's registers, run (streamed
// with Y_WAIT), its n results in got, counted; returns STATUS
static uint32_t run_req(Bfm &bus, Counter &t, uint32_t sc, uint32_t sm, int32_t se, uint32_t n,
                        std::vector<int32_t> &got) {
    bus.write_nb(EDGELLM_HW_REG_MAT_REQ, 1);
    bus.write_nb(EDGELLM_HW_REG_EPI_SCALES, sc);
    bus.write_nb(EDGELLM_HW_REG_EPI_M, sm);
    bus.write_nb(EDGELLM_HW_REG_EPI_E, (uint32_t)se);
    bus.drain();
    uint32_t st = g_ywait ? run_streamed(bus, t, n, got) : run(bus, t, nullptr, nullptr, urand(3) == 0);
    if (!g_ywait) got = read_y(bus, n);
    g_matvecs++;
    g_rows += n;
    return st;
}

// the manual's score of a dot product: shift_sat(dot * m8, sigma - e), the pair's shift being -e
static int32_t score_ref(int32_t dot, uint32_t m8, int32_t sigma, int32_t shift) {
    int64_t p = (int64_t)dot * m8;
    int sh = sigma + shift;
    if (sh > 0) return sh >= 32 ? 0 : (int32_t)((p + (1LL << (sh - 1))) >> sh);
    if (p == 0 || sh == 0) return (int32_t)p;
    if (sh < -31 || p > (int64_t)(INT32_MAX >> -sh)) return p > 0 ? INT32_MAX : INT32_MIN;
    if (p < (int64_t)(INT32_MIN >> -sh)) return INT32_MIN;
    return (int32_t)((uint32_t)p << -sh);
}

// the manual's exp2n(n, q) (edgellm.h, INTEGER ARITHMETIC), its table computed here from
// the formula X[i] = round(2^30 * 2^(-i/256)): P = X[i] - rshr((X[i] - X[i+1]) * j, 8),
// exp2n = rshr(P, 30 - q + floor(n / 2^16))
static uint32_t exp2n_ref(uint32_t n, int q) {
    static int64_t X[257];
    if (!X[0])
        for (int i = 0; i < 257; i++) X[i] = std::llround(std::ldexp(std::exp2l(-i / 256.0L), 30));
    uint32_t f = n & 0xFFFFu, i = f >> 8, j = f & 255u;
    int64_t P = X[i] - (((X[i] - X[i + 1]) * j + 128) >> 8);
    int64_t s = 30 - q + (int64_t)(n >> 16);
    return s >= 40 ? 0u : (uint32_t)((P + (s > 0 ? 1LL << (s - 1) : 0)) >> s);
}

// KDOT with MAT_REQ: each position's dot product scaled like a product's row; as the
// driver uses it, attention's scores (EPI_M = 2^32 - 1, pairs (m8, -e), EPI_E = -sigma - 32),
// and with any scales
static void test_kdot_req(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    uint32_t caps = bus.read(EDGELLM_HW_REG_CAPS);
    t.check(((caps & EDGELLM_HW_CAPS_KREQ) != 0) == (d.kv && d.req), "CAPS.KREQ with KDOT and MAT_REQ", caps, 0);
    if (!d.kv || !d.req) return;
    uint32_t x4 = d.xmax / 4;
    for (int round = 0; round < rounds; round++) {
        random_stall(bus);
        bool scores = urand(3) != 0;
        uint32_t hd = 16 * (1 + urand(x4 / 16 < 8 ? x4 / 16 : 8));
        uint32_t n = 1 + urand(d.ymax < 200 ? d.ymax : 200);
        uint32_t stride = hd + 16 * urand(3);
        size_t wbytes = (size_t)(n - 1) * stride + hd, sbytes = 8u * n;
        if (wbytes + sbytes + 32 > d.wmem) { round--; continue; }
        uint32_t base = 16 * urand((uint32_t)(d.wmem - wbytes - sbytes - 16) / 16);
        uint32_t sc = (uint32_t)((base + wbytes + 7u) & ~(size_t)7u);
        std::vector<uint8_t> w(wbytes);
        for (auto &b : w) b = (uint8_t)rng();
        std::vector<int32_t> x(hd);
        int32_t qmax = scores ? (int32_t)(65535 / hd) : (1 << 24) - 1;
        for (auto &v : x) v = (int32_t)urand(2 * (uint32_t)qmax + 1) - qmax;
        std::vector<int32_t> raw = kv_reference(4, n, hd, stride, w, x);
        uint32_t sm = scores ? 0xFFFFFFFFu : (uint32_t)rng();
        int32_t sigma = (int32_t)urand(60) - 10, se = scores ? -sigma - 32 : (int32_t)urand(200) - 100;
        std::vector<uint8_t> sb(sbytes);
        std::vector<uint32_t> mr(n);
        std::vector<int32_t> sr(n);
        for (uint32_t r = 0; r < n; r++) {
            mr[r] = scores ? (urand(8) ? 128 + urand(128) : urand(256)) : (uint32_t)rng();
            sr[r] = scores ? -(int32_t)(int8_t)(uint8_t)rng() : (int32_t)urand(160) - 60;
            for (int k = 0; k < 4; k++) {
                sb[8 * r + k] = (uint8_t)(mr[r] >> (8 * k));
                sb[8 * r + 4 + k] = (uint8_t)((uint32_t)sr[r] >> (8 * k));
            }
        }
        upload(bus, base, w, t);
        upload(bus, sc, sb, t);
        write_x32(bus, x);
        write_desc(bus, 4, n, hd, stride, base);
        std::vector<int32_t> got;
        uint32_t st = run_req(bus, t, sc, sm, se, n, got);
        t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after a scaled KDOT is DONE only", st, 2);
        bool ok = true;
        for (uint32_t r = 0; r < n && ok; r++) {
            int32_t want = req_ref(raw[r], sm, se, mr[r], sr[r]);
            if (scores) {   // the score as edgellm.h computes it: shift_sat(dot * m8, sigma - e)
                int32_t u = score_ref(raw[r], mr[r], sigma, sr[r]);
                if (u != want) { t.check(false, "the scores' rule and the requantization differ", u, want); ok = false; }
            }
            if (got[r] != want) {
                t.check(false, "scaled KDOT y mismatch", got[r], want);
                std::printf("    n %u hd %u row %u dot %d sm %u se %d m %u shift %d\n", n, hd, r, raw[r], sm, se, mr[r], sr[r]);
                ok = false;
            }
        }
        if (ok) { t.check(true, ""); g_matvec_ok++; }
    }
    bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
    set_stall(bus, kStalls[0]);
}

// The softmax passes, as the driver runs a head: KDOT with MAT_REQ.ON|EXP (the scores,
// then y[t] = w_t = exp2n(umax - u_t, qw), WSUM, EMAX over the V pairs), then VSUM
// with MAT_REQ.ON (x[t] = p_t = rshr(w_t * m8'_t, emax - e'_t + 8 + b) from y, then
// acc = sum_t p_t V[t]); each step against the manual's rules written out here. The first
// rounds place the scores: exactly at the weights' cut-off (umax - u = (qw + 1) * 2^16,
// weight 1, whose V scale then decides EMAX, beside a zero V scale with the largest e), and
// at every distance below 2^16 with qw 29 (the interpolation's rounding shows unshifted)
static void test_softmax(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    const uint32_t DE = EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC;
    if (!d.smax) {   // not built: MAT_REQ.EXP and the EXP registers read 0, VSUM with MAT_REQ is refused
        t.check(bus.write(EDGELLM_HW_REG_MAT_REQ, 3) == OKAY && bus.read(EDGELLM_HW_REG_MAT_REQ) == (d.req ? 1u : 0u),
                "MAT_REQ.EXP reads 0 without CAPS.SMAX");
        t.check(bus.write(EDGELLM_HW_REG_EXP_QW, 5) == OKAY && bus.read(EDGELLM_HW_REG_EXP_QW) == 0,
                "EXP_QW reads 0 without CAPS.SMAX");
        bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
        return;
    }
    uint32_t x4 = d.xmax / 4, nmax = d.ymax < x4 ? d.ymax : x4;
    if (nmax > 200) nmax = 200;
    t.check(bus.write(EDGELLM_HW_REG_EXP_QW, 0xFFFFFFFFu) == OKAY && bus.read(EDGELLM_HW_REG_EXP_QW) == 31,
            "EXP_QW keeps 5 bits");
    uint64_t cut = 0;   // weights exactly at the cut-off
    for (int round = 0; round < rounds + 10; round++) {
        random_stall(bus);
        int mode = round < 3 ? 1 : round < 10 ? 2 : 0;   // 1: the cut-off, 2: fine distances, 0: random
        uint32_t hd = 16 * (1 + urand(x4 / 16 < 8 ? x4 / 16 : 8)), n = 1 + urand(nmax), stride = hd + 16 * urand(3);
        if (mode) { hd = 16; n = nmax; stride = 16; }
        size_t wbytes = (size_t)(n - 1) * stride + hd, sbytes = 8u * n;
        if (2 * (wbytes + sbytes) + 64 > d.wmem) { round--; continue; }
        uint32_t bk = 16 * urand((uint32_t)(d.wmem - 2 * (wbytes + sbytes) - 48) / 16);
        uint32_t bv = (uint32_t)((bk + wbytes + 15) & ~(size_t)15), sk = (uint32_t)((bv + wbytes + 7) & ~(size_t)7);
        uint32_t sv = sk + (uint32_t)sbytes;
        std::vector<uint8_t> wk(wbytes), wv(wbytes), pk(sbytes), pv(sbytes);
        for (auto &b : wk) b = (uint8_t)rng();
        for (auto &b : wv) b = (uint8_t)rng();
        int32_t qmax = (int32_t)(65535 / hd), sigma = (int32_t)urand(50) - 5;
        std::vector<int32_t> qi(hd), ek(n), ev(n);
        std::vector<uint32_t> mk(n), mv(n);
        for (auto &v : qi) v = (int32_t)urand(2 * (uint32_t)qmax + 1) - qmax;
        // the engine's qw = min(23, 32 - bitlen(n)) mostly; any 0 .. 29 now and then
        int qw = urand(4) ? (n >= 512 ? 22 : 23) : (int)urand(30);
        if (mode) {   // dot_t = K[t][0] * qi[0] + K[t][1] * qi[1], the scores exact multiples of it
            std::fill(wk.begin(), wk.end(), 0);
            std::fill(qi.begin(), qi.end(), 0);
            for (uint32_t r = 0; r < n; r++) {
                wk[r * stride] = (uint8_t)(r == 0 ? (mode == 1 ? 1 : 127) : mode == 1 ? (int)urand(3) - 1 : (int)rng());
                if (mode == 2) wk[r * stride + 1] = (uint8_t)(r == 0 ? 127 : (int)rng());
            }
            // 1: u_t = 3 K * 2^19 (sigma - e = -12), so umax - u_t is 0, (23 + 1) * 2^16 or twice that;
            // 2: u_t = dot_t (sigma - e = 7), umax - u_t below 2^16 mostly, qw 29
            qi[0] = mode == 1 ? 3 : 1;
            qi[1] = mode == 1 ? 0 : 256;
            sigma = mode == 1 ? 0 : 14;
            qw = mode == 1 ? 23 : 29;
        }
        for (uint32_t r = 0; r < n; r++) {
            mk[r] = urand(9) || mode ? 128 + urand(128) : 0;
            mv[r] = urand(9) ? 128 + urand(128) : 0;
            ek[r] = (int32_t)urand(20) - 8;
            ev[r] = urand(5) ? (int32_t)urand(20) - 8 : (int32_t)(int8_t)(uint8_t)rng();
            if (mode) { mk[r] = 128; ek[r] = mode == 1 ? 12 : 7; }
            if (mode == 1 && r == 0) { mv[r] = 0; ev[r] = 100; }   // weight 2^23, V scale 0: not in EMAX
            for (int k = 0; k < 4; k++) {
                pk[8 * r + k] = (uint8_t)(mk[r] >> (8 * k));
                pk[8 * r + 4 + k] = (uint8_t)((uint32_t)-ek[r] >> (8 * k));
                pv[8 * r + k] = (uint8_t)(mv[r] >> (8 * k));
                pv[8 * r + 4 + k] = (uint8_t)((uint32_t)-ev[r] >> (8 * k));
            }
        }
        // the reference, step by step
        std::vector<int32_t> dots = kv_reference(4, n, hd, stride, wk, qi), u(n), want_acc(hd, 0);
        std::vector<uint32_t> w(n), pw(n);
        int32_t umax = INT32_MIN, emax = -128;
        uint32_t wsum = 0;
        for (uint32_t r = 0; r < n; r++) {
            u[r] = score_ref(dots[r], mk[r], sigma, -ek[r]);
            if (u[r] > umax) umax = u[r];
        }
        for (uint32_t r = 0; r < n; r++) {
            cut += (uint32_t)umax - (uint32_t)u[r] == ((uint32_t)qw + 1u) << 16;
            w[r] = exp2n_ref((uint32_t)umax - (uint32_t)u[r], qw);
            wsum += w[r];
            if (w[r] && mv[r] && ev[r] > emax) emax = ev[r];
        }
        int bl = 0;
        while (bl < 32 && (wsum >> bl)) bl++;
        int b = bl - 23 > 0 ? bl - 23 : 0;
        for (uint32_t r = 0; r < n; r++) {   // p = rshr(w * m8, emax - e + 8 + b), 0 where w or m8 is 0
            uint64_t pr = (uint64_t)w[r] * mv[r];
            int64_t sh = (int64_t)emax - ev[r] + 8 + b;
            pw[r] = !pr ? 0u : sh >= 40 ? 0u : sh <= 0 ? (uint32_t)(pr << -sh) : (uint32_t)((pr + (1ull << (sh - 1))) >> sh);
            for (uint32_t i = 0; i < hd; i++)
                want_acc[i] = (int32_t)((uint32_t)want_acc[i] + (uint32_t)((int32_t)pw[r] * (int8_t)wv[(size_t)r * stride + i]));
        }
        // the accelerator: KDOT with the scores and the softmax pass
        upload(bus, bk, wk, t);
        upload(bus, bv, wv, t);
        upload(bus, sk, pk, t);
        upload(bus, sv, pv, t);
        write_x32(bus, qi);
        write_desc(bus, 4, n, hd, stride, bk);
        bus.write_nb(EDGELLM_HW_REG_MAT_REQ, EDGELLM_HW_MAT_REQ_ON | EDGELLM_HW_MAT_REQ_EXP);
        bus.write_nb(EDGELLM_HW_REG_EPI_SCALES, sk);
        bus.write_nb(EDGELLM_HW_REG_EPI_M, 0xFFFFFFFFu);
        bus.write_nb(EDGELLM_HW_REG_EPI_E, (uint32_t)(-sigma - 32));
        bus.write_nb(EDGELLM_HW_REG_EXP_QW, (uint32_t)qw);
        bus.write_nb(EDGELLM_HW_REG_EXP_SCALES, sv);
        bus.drain();
        std::vector<int32_t> got;
        uint32_t st = g_ywait ? run_streamed(bus, t, n, got) : run(bus, t, nullptr, nullptr, urand(3) == 0);
        if (!g_ywait) got = read_y(bus, n);
        g_matvecs++;
        g_rows += n;
        t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after KDOT with the softmax pass is DONE only", st, 2);
        bool ok = true;
        for (uint32_t r = 0; r < n && ok; r++)
            if ((uint32_t)got[r] != w[r]) {
                t.check(false, "softmax pass: exp2 weight mismatch", (uint32_t)got[r], w[r]);
                std::printf("    n %u hd %u qw %d row %u u %d umax %d\n", n, hd, qw, r, u[r], umax);
                ok = false;
            }
        uint32_t hs = bus.read(EDGELLM_HW_REG_WSUM), he = bus.read(EDGELLM_HW_REG_EMAX);
        if (hs != wsum || he != (uint32_t)emax) {
            t.check(hs == wsum, "WSUM", hs, wsum);
            t.check(he == (uint32_t)emax, "EMAX", he, (uint32_t)emax);
            ok = false;
        }
        if (ok) { t.check(true, ""); g_matvec_ok++; }
        // then VSUM with MAT_REQ: the V weights from y into x, and the sums (VSUM takes x
        // entries below 2^24, which the engine's qw <= 23 guarantees; with a larger qw the
        // V weights may not fit, and the round ends here)
        bool fit = true;
        for (uint32_t r = 0; r < n; r++) fit = fit && pw[r] < (1u << 24);
        if (!fit) continue;
        write_desc(bus, 5, n, hd, stride, bv);
        bus.write_nb(EDGELLM_HW_REG_MAT_REQ, EDGELLM_HW_MAT_REQ_ON);
        bus.write_nb(EDGELLM_HW_REG_EPI_SCALES, sv);
        bus.write_nb(EDGELLM_HW_REG_EPI_E, (uint32_t)(-(emax + 8 + b) - 32));
        bus.drain();
        st = g_ywait ? run_streamed(bus, t, hd, got) : run(bus, t, nullptr, nullptr, urand(3) == 0);
        if (!g_ywait) got = read_y(bus, hd);
        g_matvecs++;
        g_rows += hd;
        t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after VSUM with MAT_REQ is DONE only", st, 2);
        ok = true;
        for (uint32_t i = 0; i < hd && ok; i++)
            if (got[i] != want_acc[i]) {
                t.check(false, "VSUM with the V weights: acc mismatch", got[i], want_acc[i]);
                std::printf("    n %u hd %u qw %d emax %d b %d entry %u\n", n, hd, qw, emax, b, i);
                ok = false;
            }
        if (ok) { t.check(true, ""); g_matvec_ok++; }
    }
    set_stall(bus, kStalls[0]);
    t.check(cut >= 10, "weights exactly at the cut-off tried", (uint32_t)cut, 10);
    // refusals
    auto expect = [&](uint32_t type, uint32_t rows, uint32_t req, uint32_t qw, uint32_t sc2, uint32_t want, const char *what) {
        write_desc(bus, type, rows, 16 * (type == 1 ? 4 : type == 2 ? 5 : 1), 16, 0);
        bus.write(EDGELLM_HW_REG_MAT_REQ, req);
        bus.write(EDGELLM_HW_REG_EPI_SCALES, 64);
        bus.write(EDGELLM_HW_REG_EXP_QW, qw);
        bus.write(EDGELLM_HW_REG_EXP_SCALES, sc2);
        uint32_t st = run(bus, t);
        t.check(st == want, what, st, want);
    };
    expect(4, 4, 3, 23, 128, EDGELLM_HW_STATUS_DONE, "KDOT with the softmax pass");
    expect(4, 4, 3, 29, 128, EDGELLM_HW_STATUS_DONE, "EXP_QW 29 taken");
    expect(4, 4, 3, 30, 128, DE, "EXP_QW 30 refused");
    expect(4, 4, 3, 23, 132, DE, "EXP_SCALES not a multiple of 8 refused");
    expect(4, 4, 3, 23, d.wmem, DE, "EXP_SCALES beyond the memory refused");
    expect(4, 4, 2, 23, 128, DE, "MAT_REQ.EXP without ON refused");
    expect(1, 4, 3, 23, 128, DE, "MAT_REQ.EXP with a matrix product refused");
    expect(5, 4, 3, 23, 128, DE, "MAT_REQ.EXP with VSUM refused");
    expect(5, 4, 1, 23, 128, EDGELLM_HW_STATUS_DONE, "VSUM with MAT_REQ");
    if (x4 > d.ymax) expect(5, d.ymax + 1, 1, 23, 128, DE, "VSUM with MAT_REQ: rows > YMAX refused");
    t.check(bus.read(EDGELLM_HW_REG_MAT_REQ) == 1, "MAT_REQ reads back ON");
    bus.write(EDGELLM_HW_REG_MAT_REQ, 3);
    t.check(bus.read(EDGELLM_HW_REG_MAT_REQ) == 3, "MAT_REQ reads back ON|EXP");
    bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
}

static void test_req(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    if (!d.req) {
        write_desc(bus, 1, 1, 64, 16, 0);
        t.check(bus.write(EDGELLM_HW_REG_MAT_REQ, 1) == OKAY, "MAT_REQ writable");
        uint32_t st = run(bus, t);
        t.check(st == (EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC), "MAT_REQ refused when not built", st, 6);
        bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
        return;
    }
    for (int round = 0; round < rounds; round++) {
        random_stall(bus);
        uint32_t type = pick_type(d);
        uint32_t mc = max_cols(d, type);
        uint32_t cols = 1 + urand(mc < 300 ? mc : 300);
        uint32_t rows = urand(4) ? 1 + urand(40) : 1 + urand(d.ymax < 300 ? d.ymax : 300);
        Mat m = make_matrix(type, rows, cols, urand(5) ? F_RANDOM : F_MIN, 0);
        size_t sbytes = 8u * rows;
        if (m.data.size() + sbytes + 16 > d.wmem) { round--; continue; }
        uint32_t base = 16 * urand((uint32_t)(d.wmem - m.data.size() - sbytes) / 16);
        uint32_t sc = ((base + (uint32_t)m.data.size() + 7u) & ~7u) + 8u * urand(2);
        if (sc + sbytes > d.wmem) sc = base + (uint32_t)m.data.size();
        std::vector<int8_t> x = make_x(cols, m.cols_pad, urand(5) ? F_RANDOM : F_MIN);
        std::vector<int32_t> raw = reference(m, x, t);
        // scale pairs: realistic ones (m in [2^30, 2^31), shifts near the usual) and wild ones
        std::vector<uint8_t> sb(sbytes);
        std::vector<uint32_t> mr(rows);
        std::vector<int32_t> sr(rows);
        uint32_t sm = urand(3) ? 0x40000000u + urand(0x40000000u) : (uint32_t)rng();
        int32_t se = urand(3) ? -(int32_t)urand(40) : (int32_t)urand(200) - 100;
        for (uint32_t r = 0; r < rows; r++) {
            mr[r] = urand(4) ? 0x40000000u + urand(0x40000000u) : urand(8) ? (uint32_t)rng() : 0u;
            sr[r] = urand(4) ? 20 + (int32_t)urand(30) : (int32_t)urand(160) - 60;
            for (int k = 0; k < 4; k++) {
                sb[8 * r + k] = (uint8_t)(mr[r] >> (8 * k));
                sb[8 * r + 4 + k] = (uint8_t)((uint32_t)sr[r] >> (8 * k));
            }
        }
        upload(bus, base, m.data, t);
        upload(bus, sc, sb, t);
        write_x(bus, x);
        write_desc(bus, m.type, m.rows, m.cols_pad, m.stride, base);
        std::vector<int32_t> got;
        uint32_t st = run_req(bus, t, sc, sm, se, rows, got);
        t.check(st == EDGELLM_HW_STATUS_DONE, "STATUS after a requantized product is DONE only", st, 2);
        bool ok = true;
        for (uint32_t r = 0; r < rows && ok; r++) {
            int32_t want = req_ref(raw[r], sm, se, mr[r], sr[r]);
            if (got[r] != want) {
                t.check(false, "requantized y mismatch", got[r], want);
                std::printf("    type %u rows %u row %u y %d sm %u se %d m %u shift %d\n", type, rows, r, raw[r], sm, se,
                            mr[r], sr[r]);
                ok = false;
            }
        }
        if (ok) { t.check(true, ""); g_matvec_ok++; }
    }
    set_stall(bus, kStalls[0]);
    // refusals and range
    auto expect = [&](uint32_t type, uint32_t sc, uint32_t want, const char *what) {
        write_desc(bus, type, 4, 16 * (type == 1 ? 4 : type == 2 ? 5 : 1), 16, 0);
        bus.write(EDGELLM_HW_REG_MAT_REQ, 1);
        bus.write(EDGELLM_HW_REG_EPI_SCALES, sc);
        uint32_t st = run(bus, t);
        t.check(st == want, what, st, want);
    };
    const uint32_t DE = EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_DESC;
    const uint32_t DR = EDGELLM_HW_STATUS_DONE | EDGELLM_HW_STATUS_ERR_RANGE;
    expect(1, 4, DE, "EPI_SCALES not a multiple of 8 refused");
    expect(1, d.wmem, DE, "EPI_SCALES beyond the memory refused");
    expect(1, d.wmem - 16, DR, "scale pairs running past the memory: ERR_RANGE");
    expect(1, 64, EDGELLM_HW_STATUS_DONE, "a good requantized product");
    if (d.kv) {
        expect(4, 64, EDGELLM_HW_STATUS_DONE, "MAT_REQ with KDOT (CAPS.KREQ)");
        expect(4, 4, DE, "MAT_REQ with KDOT: EPI_SCALES not a multiple of 8 refused");
        if (!d.smax) expect(5, 64, DE, "MAT_REQ with VSUM refused without CAPS.SMAX");
    }
    t.check(bus.read(EDGELLM_HW_REG_MAT_REQ) == 1, "MAT_REQ reads back");
    bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
    t.check(bus.read(EDGELLM_HW_REG_MAT_REQ) == 0, "MAT_REQ cleared");
    test_kdot_req(bus, d, t, rounds / 2 + 1);
    test_softmax(bus, d, t, rounds / 2 + 1);
}

static void test_irq(Bfm &bus, Vedgellm_acc *top, Counter &t) {
    write_desc(bus, 1, 4, 64, 16, 0);
    bus.write(EDGELLM_HW_REG_IRQ_EN, 0);
    run(bus, t);
    bus.idle(2);
    t.check(top->irq_o == 0, "no irq when disabled");
    t.check(bus.read(EDGELLM_HW_REG_IRQ_STATUS) == 1, "IRQ_STATUS pending");
    bus.write(EDGELLM_HW_REG_IRQ_EN, 1);
    bus.idle(2);
    t.check(top->irq_o == 1, "irq when enabled and pending");
    bus.write(EDGELLM_HW_REG_IRQ_STATUS, 1);
    bus.idle(2);
    t.check(top->irq_o == 0 && bus.read(EDGELLM_HW_REG_IRQ_STATUS) == 0, "W1C clears");
    bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START);
    uint64_t c0 = bus.cycles;
    while (!top->irq_o && bus.cycles - c0 < 10000) bus.idle(1);
    t.check(top->irq_o == 1, "irq at completion");
    t.check(bus.read(EDGELLM_HW_REG_STATUS) == EDGELLM_HW_STATUS_DONE, "done with irq");
    bus.write(EDGELLM_HW_REG_IRQ_STATUS, 1);
    bus.write(EDGELLM_HW_REG_IRQ_EN, 0);
}

// cycles per matvec and lane utilisation for the shapes in rtl/README.md
// Y_WAIT: the register, then every kind of product again with its results
// read from START on (each read held until its row is final; the values must
// be exact), and a read of a row the product does not write, which waits for
// the end of the product
static void test_ywait(Bfm &bus, const Dut &d, Counter &t, int rounds) {
    uint32_t caps = bus.read(EDGELLM_HW_REG_CAPS);
    t.check(bus.read(EDGELLM_HW_REG_Y_WAIT) == 0, "Y_WAIT is 0 after reset");
    if (!(caps & EDGELLM_HW_CAPS_YWAIT)) {   // not built (YWAIT_EN 0): the register stays 0
        t.check(bus.write(EDGELLM_HW_REG_Y_WAIT, 1) == OKAY, "Y_WAIT write without CAPS.YWAIT");
        t.check(bus.read(EDGELLM_HW_REG_Y_WAIT) == 0, "Y_WAIT reads 0 without CAPS.YWAIT");
        std::printf("  Y_WAIT not built: only its register is tested\n");
        return;
    }
    t.check(bus.write(EDGELLM_HW_REG_Y_WAIT, 0xFFFFFFFFu) == OKAY, "Y_WAIT write");
    uint32_t v = bus.read(EDGELLM_HW_REG_Y_WAIT);
    t.check(v == EDGELLM_HW_Y_WAIT_ON, "Y_WAIT keeps bit 0 only", v, EDGELLM_HW_Y_WAIT_ON);
    uint64_t before = g_matvec_ok;
    g_ywait = true;
    Counter sub("Y_WAIT products");
    test_random_matvec(bus, d, sub, 20 * rounds);
    if (d.kv) test_kv(bus, d, sub, 20 * rounds);
    if (d.req) test_req(bus, d, sub, 20 * rounds);
    g_ywait = false;
    t.pass += sub.pass;
    t.fail += sub.fail;
    t.check(g_matvec_ok > before, "Y_WAIT products ran");
    // a row beyond the product: its read waits until the product ends, so a
    // STATUS read queued behind it sees DONE
    for (int k = 0; k < 4; k++) {
        set_stall(bus, kStalls[k % kNumStalls]);
        uint32_t type = d.i8 ? 3 : 1, rows = 64, cols = type == 3 ? 256 : 64 * (d.xmax / 64 < 4 ? d.xmax / 64 : 4);
        Mat m = make_matrix(type, rows, cols, F_RANDOM, 0);
        upload(bus, 0, m.data, t);
        write_x(bus, make_x(cols, m.cols_pad, F_RANDOM));
        write_desc(bus, m.type, m.rows, m.cols_pad, m.stride, 0);
        uint64_t c0 = bus.cycles;
        t.check(bus.write(EDGELLM_HW_REG_CTRL, EDGELLM_HW_CTRL_START) == OKAY, "START accepted");
        auto beyond = bus.read_nb(EDGELLM_HW_YBUF + 4 * rows);
        auto st = bus.read_nb(EDGELLM_HW_REG_STATUS);
        bus.drain();
        uint32_t cycles = bus.read(EDGELLM_HW_REG_CYCLES);
        t.check(beyond->resp == OKAY, "Y read beyond the rows with Y_WAIT");
        t.check(st->data == EDGELLM_HW_STATUS_DONE, "STATUS behind a read beyond the rows is DONE", st->data, 2);
        t.check(bus.cycles - c0 > cycles, "the read beyond the rows waited for the product",
                (uint32_t)(bus.cycles - c0), cycles);
    }
    t.check(bus.write(EDGELLM_HW_REG_Y_WAIT, 0) == OKAY, "Y_WAIT off");
    t.check(bus.read(EDGELLM_HW_REG_Y_WAIT) == 0, "Y_WAIT reads 0");
}

static void test_perf(Bfm &bus, const Dut &d, Counter &t) {
    std::printf("  perf (lanes %u): type rows x cols : cycles, slots, utilisation\n", d.lanes);
    const uint32_t shapes[][2] = {{64, 64}, {256, 64}, {64, 256}, {256, 256}, {512, 64}, {172, 64}, {64, 172}};
    for (uint32_t type = 1; type <= 3; type++) {
        if ((type == 2 && !d.t1) || (type == 3 && !d.i8)) continue;
        for (auto &s : shapes) {
            if (s[0] > d.ymax || hwref_cols_pad(type, s[1]) > d.xmax) continue;
            Mat m = make_matrix(type, s[0], s[1], F_RANDOM, 0);
            if (m.data.size() > d.wmem) continue;
            std::vector<int8_t> x = make_x(s[1], m.cols_pad, F_RANDOM);
            uint32_t cyc = 0, slots = 0;
            matvec_case(bus, d, m, x, 0, t, false, &cyc, &slots);
            uint32_t m16 = d.lanes / 16, groups = m.rows * (m.cols_pad / 16) * (type == 3 ? 8 : 1);
            double util = 100.0 * slots / ((double)m16 * cyc);
            std::printf("  PERF lanes=%u type=%u rows=%u cols=%u cols_pad=%u cycles=%u slots=%u util=%.1f%%\n",
                        d.lanes, type, m.rows, s[1], m.cols_pad, cyc, slots, util);
            t.check(slots == groups, "SLOTS counts every group slot", slots, groups);
        }
    }
    if (!d.kv) return;
    // attention over a cached head: n positions of 32 or 64 values
    // and the throughput, exactly: 64 more positions cost 64 * max(hd / L4,
    // L4 / 2) cycles in KDOT (a row's words, or its drain, two sums a cycle) and
    // 64 * hd / L4 in VSUM (a column word per position)
    uint32_t l4 = d.lanes / 4;
    for (uint32_t hd : {32u, 64u}) {
        uint32_t ck64 = 0, cv64 = 0;
        for (uint32_t n : {1u, 64u, 128u}) {
            if (n > d.xmax / 4 || hd > d.xmax / 4 || hd > d.ymax || n > d.ymax) continue;
            uint32_t ck = kv_case(bus, d, 4, n, hd, 2 * hd, 0, KV_RANDOM, t);
            uint32_t cv = kv_case(bus, d, 5, n, hd, 2 * hd, 0, KV_RANDOM, t);
            std::printf("  PERF lanes=%u op=KDOT positions=%u head=%u cycles=%u\n", d.lanes, n, hd, ck);
            std::printf("  PERF lanes=%u op=VSUM positions=%u head=%u cycles=%u\n", d.lanes, n, hd, cv);
            if (n == 64) { ck64 = ck; cv64 = cv; }
            if (n == 128 && ck64) {
                uint32_t row = hd / l4 > l4 / 2 ? hd / l4 : l4 / 2;
                t.check(ck - ck64 == 64 * row, "KDOT: max(hd/L4, L4/2) cycles a position", ck - ck64, 64 * row);
                t.check(cv - cv64 == 64 * (hd / l4), "VSUM: hd/L4 cycles a position", cv - cv64, 64 * (hd / l4));
            }
        }
    }
    if (!d.smax) return;
    // a whole head with the softmax passes: the scores' KDOT with its two epilogue passes
    // (2 cycles a position each), and the VSUM after the V weights' pass (2 a position)
    for (uint32_t hd : {32u, 64u}) {
        uint32_t cs64 = 0, cw64 = 0;
        for (uint32_t n : {1u, 64u, 128u}) {
            if (n > d.xmax / 4 || hd > d.xmax / 4 || hd > d.ymax || n > d.ymax) continue;
            uint32_t pairs = 2 * 2 * hd * n;   // K and V rows (stride 2 hd), then their pairs
            if (pairs + 16 * n > d.wmem) continue;
            std::vector<uint8_t> w(pairs), sp(16 * n);
            for (auto &b : w) b = (uint8_t)rng();
            for (uint32_t r = 0; r < 2 * n; r++) { sp[8 * r] = 200; sp[8 * r + 4] = (uint8_t)-3; sp[8 * r + 5] = 0xFF; sp[8 * r + 6] = 0xFF; sp[8 * r + 7] = 0xFF; }
            upload(bus, 0, w, t);
            upload(bus, pairs, sp, t);
            std::vector<int32_t> qi(hd);
            for (auto &v : qi) v = (int32_t)urand(2 * (65535 / hd) + 1) - (int32_t)(65535 / hd);
            write_x32(bus, qi);
            write_desc(bus, 4, n, hd, 2 * hd, 0);
            bus.write(EDGELLM_HW_REG_MAT_REQ, EDGELLM_HW_MAT_REQ_ON | EDGELLM_HW_MAT_REQ_EXP);
            bus.write(EDGELLM_HW_REG_EPI_SCALES, pairs);
            bus.write(EDGELLM_HW_REG_EPI_M, 0xFFFFFFFFu);
            bus.write(EDGELLM_HW_REG_EPI_E, (uint32_t)(-20 - 32));
            bus.write(EDGELLM_HW_REG_EXP_QW, 23);
            bus.write(EDGELLM_HW_REG_EXP_SCALES, pairs + 8 * n);
            uint32_t cs = 0, cw = 0, st = run(bus, t, &cs);
            t.check(st == EDGELLM_HW_STATUS_DONE, "perf: KDOT with the softmax pass", st, 2);
            write_desc(bus, 5, n, hd, 2 * hd, hd);
            bus.write(EDGELLM_HW_REG_MAT_REQ, EDGELLM_HW_MAT_REQ_ON);
            bus.write(EDGELLM_HW_REG_EPI_SCALES, pairs + 8 * n);
            bus.write(EDGELLM_HW_REG_EPI_E, (uint32_t)(-30 - 32));
            st = run(bus, t, &cw);
            t.check(st == EDGELLM_HW_STATUS_DONE, "perf: VSUM with the V weights", st, 2);
            bus.write(EDGELLM_HW_REG_MAT_REQ, 0);
            std::printf("  PERF lanes=%u op=KDOT+softmax positions=%u head=%u cycles=%u\n", d.lanes, n, hd, cs);
            std::printf("  PERF lanes=%u op=VSUM+weights positions=%u head=%u cycles=%u\n", d.lanes, n, hd, cw);
            if (n == 64) { cs64 = cs; cw64 = cw; }
            if (n == 128 && cs64) {
                uint32_t row = hd / l4 > l4 / 2 ? hd / l4 : l4 / 2;
                t.check(cs - cs64 == 64 * (row + 4), "KDOT with the softmax pass: max(hd/L4, L4/2) + 4 cycles a position",
                        cs - cs64, 64 * (row + 4));
                t.check(cw - cw64 == 64 * (hd / l4 + 2), "VSUM with the V weights: hd/L4 + 2 cycles a position", cw - cw64,
                        64 * (hd / l4 + 2));
            }
        }
    }
}

int main(int argc, char **argv) {
    uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 1;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 1;
    rng.seed(seed);
    auto ctx = std::unique_ptr<VerilatedContext>(new VerilatedContext);
    ctx->randReset(2);   // registers start random: reset must cover what matters
    ctx->randSeed((int)(seed & 0x7FFFFFFF));
    auto top = std::unique_ptr<Vedgellm_acc>(new Vedgellm_acc(ctx.get()));
    Bfm bus(top.get(), ctx.get(), seed * 7 + 1);
    bus.reset();

    Dut d;
    std::vector<Counter> cs = {Counter("ident"), Counter("registers"), Counter("weight memory"),
                               Counter("matvec random"), Counter("matvec extremes"), Counter("max magnitude"),
                               Counter("errors/busy/abort"), Counter("interrupt"), Counter("KDOT/VSUM"),
                               Counter("requantization"), Counter("Y_WAIT"), Counter("perf")};
    std::printf("tb_acc seed %llu rounds %d\n", (unsigned long long)seed, rounds);
    bool perf_only = argc > 3 && std::strcmp(argv[3], "perf") == 0;
    test_ident(bus, d, cs[0]);
    if (!perf_only) {
        test_regs(bus, d, cs[1], 14 * rounds);
        test_wmem(bus, d, cs[2], 20 * rounds);
        test_random_matvec(bus, d, cs[3], 60 * rounds);
        test_extremes(bus, d, cs[4]);
        test_max_magnitude(bus, d, cs[5]);
        test_errors(bus, d, cs[6]);
        test_irq(bus, top.get(), cs[7]);
        test_kv(bus, d, cs[8], 60 * rounds);
        test_req(bus, d, cs[9], 60 * rounds);
        test_ywait(bus, d, cs[10], rounds);
    }
    test_perf(bus, d, cs[11]);

    uint64_t pass = 0, fail = 0;
    for (auto &c : cs) {
        std::printf("  %-18s pass %6llu fail %llu\n", c.name, (unsigned long long)c.pass, (unsigned long long)c.fail);
        pass += c.pass; fail += c.fail;
    }
    std::printf("  %-18s pass %6llu fail %llu  (%llu AW, %llu W, %llu B, %llu AR, %llu R)\n", "bus protocol",
                (unsigned long long)(bus.n_b + bus.n_r - bus.errors), (unsigned long long)bus.errors,
                (unsigned long long)bus.n_aw, (unsigned long long)bus.n_w, (unsigned long long)bus.n_b,
                (unsigned long long)bus.n_ar, (unsigned long long)bus.n_r);
    fail += bus.errors;
    std::printf("  matvecs: %llu compared, %llu exact, %llu rows\n", (unsigned long long)g_matvecs,
                (unsigned long long)g_matvec_ok, (unsigned long long)g_rows);
    if (g_matvec_ok != g_matvecs) fail++;
    std::printf("tb_acc: %s: %llu checks passed, %llu failed, %llu cycles\n", fail ? "FAIL" : "PASS",
                (unsigned long long)pass, (unsigned long long)fail, (unsigned long long)bus.cycles);
    top->final();
    return fail ? 1 : 0;
}
