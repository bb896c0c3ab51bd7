// edgellm_sim.cpp - the C shim of edgellm_sim.h around the Verilated edgellm_acc.
#include <cstdint>
#include <memory>

#include "Vedgellm_acc.h"
#include "verilated.h"

#include "axil_bfm.h"
#include "edgellm_sim.h"

namespace {
struct Sim {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vedgellm_acc> top;
    std::unique_ptr<AxilBfm<Vedgellm_acc>> bus;
    uint64_t slverr = 0, slverr_taken = 0;
    uint64_t writes = 0, reads = 0, status_reads = 0;
    uint64_t wait_calls = 0, wait_irq = 0, wait_cycles = 0;
    int fault_armed = 0;            // EDGELLM_SIM_FAULT_*, taking effect at the next START
    bool hang = false, corrupt = false;
    uint64_t faults = 0;
};
Sim *g_sim = nullptr;
}  // namespace

extern "C" int edgellm_sim_init(uint64_t seed, int stall) {
    edgellm_sim_final();
    g_sim = new Sim;
    g_sim->ctx.reset(new VerilatedContext);
    g_sim->ctx->randReset(2);
    g_sim->ctx->randSeed((int)(seed & 0x7FFFFFFF));
    g_sim->top.reset(new Vedgellm_acc(g_sim->ctx.get()));
    g_sim->bus.reset(new AxilBfm<Vedgellm_acc>(g_sim->top.get(), g_sim->ctx.get(), seed));
    if (stall) {
        g_sim->bus->p_bready = 0.5;
        g_sim->bus->p_rready = 0.5;
        g_sim->bus->max_delay = 3;
    }
    g_sim->bus->reset();
    return 0;
}

extern "C" void edgellm_sim_write32(uint32_t addr, uint32_t value) {
    g_sim->writes++;
    if (g_sim->bus->write(addr, value) != 0) g_sim->slverr++;
    if (addr == 0x20u) {                        // CTRL
        if (value & 2u) g_sim->hang = false;    // ABORT ends an injected hang
        if ((value & 1u) && !(value & 2u) && g_sim->fault_armed) {
            if (g_sim->fault_armed == EDGELLM_SIM_FAULT_HANG) g_sim->hang = true;
            if (g_sim->fault_armed == EDGELLM_SIM_FAULT_CORRUPT_Y) g_sim->corrupt = true;
            g_sim->fault_armed = EDGELLM_SIM_FAULT_NONE;
            g_sim->faults++;
        }
    }
}

extern "C" uint32_t edgellm_sim_read32(uint32_t addr) {
    uint8_t resp = 0;
    g_sim->reads++;
    if (addr == 0x24u) g_sim->status_reads++;   // STATUS
    uint32_t v = g_sim->bus->read(addr, &resp);
    if (resp != 0) g_sim->slverr++;
    if (addr == 0x24u && g_sim->hang) v = 1u;   // BUSY, forever
    if (addr >= 0x8000u && g_sim->corrupt) {    // the Y window
        v ^= EDGELLM_SIM_CORRUPT_XOR;
        g_sim->corrupt = false;
    }
    return v;
}

extern "C" int edgellm_sim_irq(void) { return g_sim->top->irq_o && !g_sim->hang; }

extern "C" int edgellm_sim_wait_irq(uint32_t max_cycles) {
    g_sim->wait_calls++;
    for (uint32_t i = 0; i < max_cycles; i++) {
        if (edgellm_sim_irq()) { g_sim->wait_irq++; return 1; }
        g_sim->bus->idle(1);
        g_sim->wait_cycles++;
    }
    return 0;
}

extern "C" void edgellm_sim_wait_counts(uint64_t *calls, uint64_t *irq_wakeups, uint64_t *cycles) {
    if (calls) *calls = g_sim->wait_calls;
    if (irq_wakeups) *irq_wakeups = g_sim->wait_irq;
    if (cycles) *cycles = g_sim->wait_cycles;
}

extern "C" void edgellm_sim_fault(int kind) { g_sim->fault_armed = kind; }
extern "C" uint64_t edgellm_sim_faults_injected(void) { return g_sim->faults; }

extern "C" uint64_t edgellm_sim_cycles(void) { return g_sim->bus->cycles; }
extern "C" void edgellm_sim_bus_counts(uint64_t *writes, uint64_t *reads, uint64_t *status_reads) {
    if (writes) *writes = g_sim->writes;
    if (reads) *reads = g_sim->reads;
    if (status_reads) *status_reads = g_sim->status_reads;
}

extern "C" uint64_t edgellm_sim_errors(void) {
    return g_sim->bus->errors + g_sim->slverr - g_sim->slverr_taken;
}

extern "C" uint64_t edgellm_sim_take_slverr(void) {
    uint64_t n = g_sim->slverr - g_sim->slverr_taken;
    g_sim->slverr_taken = g_sim->slverr;
    return n;
}

extern "C" void edgellm_sim_final(void) {
    if (!g_sim) return;
    g_sim->top->final();
    delete g_sim;
    g_sim = nullptr;
}
