// axil_bfm.h - cycle-level AXI4-Lite master and protocol checker for a
// Verilated edgellm_acc (C++11). The master keeps each VALID and its payload
// steady until READY (as AXI requires of it) and can stall every channel at
// random: VALID is raised after a per-request random delay, BREADY and RREADY
// are drawn per cycle. The checker watches the slave:
//   - BVALID/RVALID, once high, stay high with BRESP/RDATA/RRESP unchanged
//     until the handshake;
//   - a B only after both the AW and the W of a write, an R only after an AR,
//     one response per request, answered in order;
//   - responses are OKAY or SLVERR;
//   - nothing valid in the cycle after reset.
// Each violation is counted and the first few are printed.
#ifndef AXIL_BFM_H
#define AXIL_BFM_H

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <random>

struct AxilWrite {
    uint32_t addr = 0, data = 0;
    uint8_t strb = 0xF;
    int aw_delay = 0, w_delay = 0;   // cycles before VALID once first in its queue
    bool aw_done = false, w_done = false, done = false;
    uint8_t resp = 0xFF;
};

struct AxilRead {
    uint32_t addr = 0;
    int ar_delay = 0;
    bool ar_done = false, done = false;
    uint32_t data = 0;
    uint8_t resp = 0xFF;
};

template <class Top>
class AxilBfm {
public:
    AxilBfm(Top *top, VerilatedContext *ctx, uint64_t seed) : top_(top), ctx_(ctx), rng_(seed) {}

    // stall settings: probability (0..1) of READY per cycle, and the largest
    // random delay before a VALID; aw_bias/w_bias add a fixed delay to one side
    double p_bready = 1.0, p_rready = 1.0;
    int max_delay = 0, aw_bias = 0, w_bias = 0;

    uint64_t cycles = 0, errors = 0;
    uint64_t n_aw = 0, n_w = 0, n_b = 0, n_ar = 0, n_r = 0;

    void reset(int n = 4) {
        top_->rst_ni = 0;
        idle_inputs();
        for (int i = 0; i < n; i++) tick();
        top_->rst_ni = 1;
        after_reset_ = true;
    }

    std::shared_ptr<AxilWrite> write_nb(uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
        auto op = std::make_shared<AxilWrite>();
        op->addr = addr; op->data = data; op->strb = strb;
        op->aw_delay = rand_delay() + aw_bias;
        op->w_delay = rand_delay() + w_bias;
        aw_q_.push_back(op); w_q_.push_back(op); b_q_.push_back(op);
        return op;
    }
    std::shared_ptr<AxilRead> read_nb(uint32_t addr) {
        auto op = std::make_shared<AxilRead>();
        op->addr = addr;
        op->ar_delay = rand_delay();
        ar_q_.push_back(op); r_q_.push_back(op);
        return op;
    }
    // run until every queued request is answered (false on a hang)
    // (the limit grows with the queue: a request costs a few cycles plus stalls)
    bool drain(uint64_t limit = 200000) {
        uint64_t start = cycles;
        limit += 64 * (uint64_t)(aw_q_.size() + ar_q_.size());
        while (!aw_q_.empty() || !w_q_.empty() || !b_q_.empty() || !ar_q_.empty() || !r_q_.empty()) {
            if (cycles - start > limit) { fail("bus hang: request not answered"); return false; }
            step();
        }
        return true;
    }
    uint8_t write(uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
        auto op = write_nb(addr, data, strb);
        drain();
        return op->resp;
    }
    uint32_t read(uint32_t addr, uint8_t *resp = nullptr) {
        auto op = read_nb(addr);
        drain();
        if (resp) *resp = op->resp;
        return op->data;
    }
    void idle(int n) { for (int i = 0; i < n; i++) step(); }

    // one bus cycle: drive, check, clock edge
    void step() {
        // AW
        top_->s_axil_awvalid = 0;
        if (!aw_q_.empty()) {
            auto &op = aw_q_.front();
            if (op->aw_delay > 0) op->aw_delay--;
            else { top_->s_axil_awvalid = 1; top_->s_axil_awaddr = op->addr; top_->s_axil_awprot = 0; }
        }
        top_->s_axil_wvalid = 0;
        if (!w_q_.empty()) {
            auto &op = w_q_.front();
            if (op->w_delay > 0) op->w_delay--;
            else { top_->s_axil_wvalid = 1; top_->s_axil_wdata = op->data; top_->s_axil_wstrb = op->strb; }
        }
        top_->s_axil_arvalid = 0;
        if (!ar_q_.empty()) {
            auto &op = ar_q_.front();
            if (op->ar_delay > 0) op->ar_delay--;
            else { top_->s_axil_arvalid = 1; top_->s_axil_araddr = op->addr; top_->s_axil_arprot = 0; }
        }
        top_->s_axil_bready = coin(p_bready);
        top_->s_axil_rready = coin(p_rready);
        top_->clk_i = 0;
        top_->eval();

        bool aw_hs = top_->s_axil_awvalid && top_->s_axil_awready;
        bool w_hs = top_->s_axil_wvalid && top_->s_axil_wready;
        bool b_hs = top_->s_axil_bvalid && top_->s_axil_bready;
        bool ar_hs = top_->s_axil_arvalid && top_->s_axil_arready;
        bool r_hs = top_->s_axil_rvalid && top_->s_axil_rready;
        check(b_hs, r_hs);

        if (aw_hs) { aw_q_.front()->aw_done = true; aw_q_.pop_front(); n_aw++; }
        if (w_hs) { w_q_.front()->w_done = true; w_q_.pop_front(); n_w++; }
        if (ar_hs) { ar_q_.front()->ar_done = true; ar_q_.pop_front(); n_ar++; }
        if (b_hs) {
            auto op = b_q_.front();
            op->resp = top_->s_axil_bresp; op->done = true; b_q_.pop_front(); n_b++;
        }
        if (r_hs) {
            auto op = r_q_.front();
            op->data = top_->s_axil_rdata; op->resp = top_->s_axil_rresp; op->done = true;
            r_q_.pop_front(); n_r++;
        }
        tick();
    }

    void fail(const char *what) {
        errors++;
        if (errors <= 10) std::printf("  protocol: %s (cycle %llu)\n", what, (unsigned long long)cycles);
    }

private:
    Top *top_;
    VerilatedContext *ctx_;
    std::mt19937_64 rng_;
    std::deque<std::shared_ptr<AxilWrite>> aw_q_, w_q_, b_q_;
    std::deque<std::shared_ptr<AxilRead>> ar_q_, r_q_;
    bool after_reset_ = false;
    bool pb_valid_ = false, pr_valid_ = false;       // last cycle: valid and not taken
    uint8_t pb_resp_ = 0, pr_resp_ = 0;
    uint32_t pr_data_ = 0;

    int rand_delay() { return max_delay ? (int)(rng_() % (uint64_t)(max_delay + 1)) : 0; }
    uint8_t coin(double p) {
        if (p >= 1.0) return 1;
        return (double)(rng_() % 1000000) < p * 1000000.0 ? 1 : 0;
    }
    void idle_inputs() {
        top_->s_axil_awvalid = 0; top_->s_axil_wvalid = 0; top_->s_axil_arvalid = 0;
        top_->s_axil_bready = 0; top_->s_axil_rready = 0;
        top_->s_axil_awaddr = 0; top_->s_axil_awprot = 0; top_->s_axil_wdata = 0;
        top_->s_axil_wstrb = 0; top_->s_axil_araddr = 0; top_->s_axil_arprot = 0;
    }
    void tick() {
        top_->clk_i = 0; top_->eval(); ctx_->timeInc(1);
        top_->clk_i = 1; top_->eval(); ctx_->timeInc(1);
        cycles++;
    }
    void check(bool b_hs, bool r_hs) {
        bool bv = top_->s_axil_bvalid, rv = top_->s_axil_rvalid;
        if (after_reset_) {
            if (bv || rv) fail("response valid right after reset");
            after_reset_ = false;
        }
        if (pb_valid_ && (!bv || top_->s_axil_bresp != pb_resp_)) fail("B dropped or changed before BREADY");
        if (pr_valid_ && (!rv || top_->s_axil_rdata != pr_data_ || top_->s_axil_rresp != pr_resp_))
            fail("R dropped or changed before RREADY");
        if (bv) {
            uint64_t pairs = n_aw < n_w ? n_aw : n_w;
            if (n_b >= pairs || b_q_.empty()) fail("B without a write request");
            if (top_->s_axil_bresp != 0 && top_->s_axil_bresp != 2) fail("BRESP not OKAY/SLVERR");
        }
        if (rv) {
            if (n_r >= n_ar || r_q_.empty()) fail("R without a read request");
            if (top_->s_axil_rresp != 0 && top_->s_axil_rresp != 2) fail("RRESP not OKAY/SLVERR");
        }
        pb_valid_ = bv && !b_hs; pb_resp_ = top_->s_axil_bresp;
        pr_valid_ = rv && !r_hs; pr_resp_ = top_->s_axil_rresp; pr_data_ = top_->s_axil_rdata;
    }
};

#endif
