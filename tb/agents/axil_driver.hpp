// SPDX-License-Identifier: Apache-2.0
// AXI4-Lite host driver for the s_axil_* port: one transaction at a time.
//
// Contract:
//  * start_write()/start_read() begin one transaction (only when idle());
//    apply() drives the inputs for the coming cycle, sample() observes the
//    handshakes (valid && ready) of the current cycle; done() turns true in
//    the cycle of the B/R handshake and result() then holds resp and rdata.
//    take_write_accepted() reports (once) the cycle both AW and W were taken.
//  * Idle::None: AWVALID, WVALID (or ARVALID) rise at once and BREADY/RREADY
//    are held 1. Idle::Random: AW and W rise after independent random delays
//    (so W may come before AW), and BREADY/RREADY rise after their own delay
//    (possibly before the response is valid).
//  * A valid, once raised, stays with a stable payload until its handshake.
//    Payload inputs with their valid low carry random junk, so a DUT that
//    samples them without valid shows it.
//  * The driver only drives. Response handshakes it did not ask for (B or R
//    without a transaction, B before AW and W) are reported in
//    protocol_errors() for the bench to fail on.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../harness/patterns.hpp"
#include "../harness/seed.hpp"

namespace ims::tb {

struct AxilResult {
  bool write = false;
  uint32_t addr = 0;
  uint8_t resp = 0;    // raw BRESP/RRESP
  uint32_t rdata = 0;  // reads only
  uint64_t start_cycle = 0;
  uint64_t end_cycle = 0;  // cycle of the B/R handshake
};

template <class Top>
class AxilDriver {
 public:
  AxilDriver(uint64_t seed, Idle idle)
      : rng_(agent_rng(seed, Salt::AxilDriver)), idle_(idle) {}

  void set_idle(Idle idle) { idle_.set(idle); }
  bool idle() const { return state_ == State::Idle; }
  bool done() const { return state_ == State::Done; }
  const AxilResult& result() const { return result_; }
  const std::vector<std::string>& protocol_errors() const { return errors_; }

  void start_write(uint32_t addr, uint32_t data, uint8_t strb, uint64_t cycle) {
    begin(true, addr, cycle);
    data_ = data;
    strb_ = strb & 0xF;
    aw_wait_ = idle_.next(rng_);
    w_wait_ = idle_.next(rng_);
    aw_done_ = false;
    w_done_ = false;
  }

  void start_read(uint32_t addr, uint64_t cycle) {
    begin(false, addr, cycle);
    ar_wait_ = idle_.next(rng_);
    ar_done_ = false;
  }

  // Back to idle after the caller took result().
  void clear() {
    state_ = State::Idle;
    write_accepted_ = false;
  }

  // True once, in the cycle the write's AW and W have both been accepted
  // (the DUT has everything it needs to commit the write; its effects, e.g.
  // a release TLP, may show before the B response).
  bool take_write_accepted() {
    const bool r = write_accepted_;
    write_accepted_ = false;
    return r;
  }

  // Drives all s_axil_* inputs for the coming cycle.
  void apply(Top& top) {
    const bool busy = state_ == State::Busy;
    const bool wr = busy && result_.write;
    const bool rd = busy && !result_.write;

    const bool awvalid = wr && !aw_done_ && aw_wait_ == 0;
    const bool wvalid = wr && !w_done_ && w_wait_ == 0;
    const bool arvalid = rd && !ar_done_ && ar_wait_ == 0;

    top.s_axil_awvalid_i = awvalid;
    top.s_axil_awaddr_i = awvalid ? result_.addr : junk(0xFFFFFFFF);
    top.s_axil_awprot_i = 0;
    top.s_axil_wvalid_i = wvalid;
    top.s_axil_wdata_i = wvalid ? data_ : junk(0xFFFFFFFF);
    top.s_axil_wstrb_i = wvalid ? strb_ : junk(0xF);
    top.s_axil_arvalid_i = arvalid;
    top.s_axil_araddr_i = arvalid ? result_.addr : junk(0xFFFFFFFF);
    top.s_axil_arprot_i = 0;

    // Outside a transaction the response readies are 1 with Idle::None and
    // random with Idle::Random (a slave must not care).
    const bool resp_ready = busy ? ready_wait_ == 0
                                 : (idle_.get() == Idle::None || chance(rng_, 1, 2));
    top.s_axil_bready_i = resp_ready;
    top.s_axil_rready_i = resp_ready;
  }

  // Observes the handshakes of the current (settled) cycle.
  void sample(const Top& top, uint64_t cycle) {
    const bool aw_hs = top.s_axil_awvalid_i && top.s_axil_awready_o;
    const bool w_hs = top.s_axil_wvalid_i && top.s_axil_wready_o;
    const bool ar_hs = top.s_axil_arvalid_i && top.s_axil_arready_o;
    const bool b_hs = top.s_axil_bvalid_o && top.s_axil_bready_i;
    const bool r_hs = top.s_axil_rvalid_o && top.s_axil_rready_i;

    const bool busy = state_ == State::Busy;
    if (b_hs && !(busy && result_.write && aw_done_ && w_done_)) {
      error(cycle, "B handshake without an outstanding write whose AW and W were accepted");
    }
    if (r_hs && !(busy && !result_.write && ar_done_)) {
      error(cycle, "R handshake without an outstanding read whose AR was accepted");
    }
    if (!busy) return;

    if (result_.write) {
      const bool had_both = aw_done_ && w_done_;
      if (aw_hs) aw_done_ = true;
      if (w_hs) w_done_ = true;
      if (!had_both && aw_done_ && w_done_) write_accepted_ = true;
      if (!aw_done_ && aw_wait_ > 0) --aw_wait_;
      if (!w_done_ && w_wait_ > 0) --w_wait_;
    } else {
      if (ar_hs) ar_done_ = true;
      if (!ar_done_ && ar_wait_ > 0) --ar_wait_;
    }
    if (ready_wait_ > 0) --ready_wait_;

    if (result_.write && b_hs && aw_done_ && w_done_) {
      result_.resp = top.s_axil_bresp_o & 0x3;
      finish(cycle);
    } else if (!result_.write && r_hs && ar_done_) {
      result_.resp = top.s_axil_rresp_o & 0x3;
      result_.rdata = top.s_axil_rdata_o;
      finish(cycle);
    }
  }

 private:
  enum class State { Idle, Busy, Done };

  void begin(bool write, uint32_t addr, uint64_t cycle) {
    result_ = AxilResult{};
    result_.write = write;
    result_.addr = addr;
    result_.start_cycle = cycle;
    ready_wait_ = idle_.next(rng_);
    state_ = State::Busy;
  }

  void finish(uint64_t cycle) {
    result_.end_cycle = cycle;
    state_ = State::Done;
  }

  uint32_t junk(uint32_t mask) {
    return static_cast<uint32_t>(rng_()) & mask;
  }

  void error(uint64_t cycle, const std::string& what) {
    errors_.push_back("AXI4-Lite at cycle " + std::to_string(cycle) + ": " + what);
  }

  std::mt19937_64 rng_;
  IdleGen idle_;
  State state_ = State::Idle;
  AxilResult result_;
  uint32_t data_ = 0;
  uint8_t strb_ = 0;
  uint32_t aw_wait_ = 0, w_wait_ = 0, ar_wait_ = 0, ready_wait_ = 0;
  bool aw_done_ = false, w_done_ = false, ar_done_ = false;
  bool write_accepted_ = false;
  std::vector<std::string> errors_;
};

}  // namespace ims::tb
