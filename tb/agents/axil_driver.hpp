// SPDX-License-Identifier: Apache-2.0
// AXI4-Lite host driver for the s_axil_* port: at most one write (AW, W, B)
// and one read (AR, R) outstanding, each on its own channels.
//
// Contract:
//  * Serial use (unchanged): start_write()/start_read() begin one
//    transaction (only when idle()); apply() drives the inputs for the coming
//    cycle, sample() observes the handshakes (valid && ready) of the current
//    cycle; done() turns true in the cycle of the B/R handshake and result()
//    then holds resp and rdata. take_write_accepted() reports (once) the
//    cycle both AW and W were taken.
//  * Idle::None: AWVALID, WVALID (or ARVALID) rise at once and BREADY/RREADY
//    are held 1. Idle::Random: AW and W rise after independent random delays
//    (so W may come before AW), and BREADY/RREADY rise after their own delay
//    (possibly before the response is valid).
//  * Concurrent use: a write and a read may be outstanding together
//    (write_idle()/read_idle(), write_done()/read_done(), write_result()/
//    read_result(), clear_write()/clear_read()). Given an AxilTiming, a
//    transaction ignores the idle pattern: AWVALID/ARVALID rise
//    `addr_delay` cycles after the first apply(), WVALID `data_delay` cycles
//    after it, and BREADY/RREADY stay low until BVALID/RVALID has been seen
//    for `resp_hold` cycles (so the slave holds its response exactly that
//    long). A read and a write started before the same step() raise their
//    valids in the same cycle when their delays are equal.
//  * A valid, once raised, stays with a stable payload until its handshake.
//    Payload inputs with their valid low carry random junk, so a DUT that
//    samples them without valid shows it.
//  * The driver only drives, and checks the slave's side of the protocol:
//    response handshakes it did not ask for (B or R without a transaction,
//    B before AW and W) and a response that changes or drops while it waits
//    for BREADY/RREADY are reported in protocol_errors() for the bench to
//    fail on. While rst_ni is low the waiting-response record is cleared.
//  * The random stream is the one the serial driver always drew (one
//    response-ready draw per cycle while nothing is busy, the same draws per
//    transaction), so existing seeds replay the same stimulus.
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
  uint64_t accept_cycle = 0;  // cycle the slave took it (AW and W both, or AR)
  uint64_t end_cycle = 0;     // cycle of the B/R handshake
};

// Exact channel timing for one transaction (see the contract).
struct AxilTiming {
  uint32_t addr_delay = 0;  // cycles before AWVALID / ARVALID rises
  uint32_t data_delay = 0;  // cycles before WVALID rises (writes only)
  uint32_t resp_hold = 0;   // cycles BVALID/RVALID waits for BREADY/RREADY
};

template <class Top>
class AxilDriver {
 public:
  AxilDriver(uint64_t seed, Idle idle)
      : rng_(agent_rng(seed, Salt::AxilDriver)), idle_(idle) {}

  void set_idle(Idle idle) { idle_.set(idle); }
  const std::vector<std::string>& protocol_errors() const { return errors_; }

  // ---- serial API: one transaction at a time ----------------------------
  bool idle() const { return wr_.state == State::Idle && rd_.state == State::Idle; }
  bool done() const { return wr_.state == State::Done || rd_.state == State::Done; }
  // The finished transaction (the write if both finished).
  const AxilResult& result() const { return wr_.state == State::Done ? wr_.result : rd_.result; }
  // Back to idle after the caller took result(); also abandons a transaction
  // still running (a timeout).
  void clear() {
    wr_.state = State::Idle;
    rd_.state = State::Idle;
    write_accepted_ = false;
  }

  void start_write(uint32_t addr, uint32_t data, uint8_t strb, uint64_t cycle) {
    begin(wr_, true, addr, cycle);
    wr_.ready_wait = idle_.next(rng_);
    wr_.hold = 0;
    data_ = data;
    strb_ = strb & 0xF;
    aw_wait_ = idle_.next(rng_);
    w_wait_ = idle_.next(rng_);
  }

  void start_read(uint32_t addr, uint64_t cycle) {
    begin(rd_, false, addr, cycle);
    rd_.ready_wait = idle_.next(rng_);
    rd_.hold = 0;
    ar_wait_ = idle_.next(rng_);
  }

  // ---- concurrent API: exact timing, a write and a read together ---------
  void start_write(uint32_t addr, uint32_t data, uint8_t strb, uint64_t cycle, const AxilTiming& t) {
    begin(wr_, true, addr, cycle);
    wr_.ready_wait = 0;
    wr_.hold = t.resp_hold;
    data_ = data;
    strb_ = strb & 0xF;
    aw_wait_ = t.addr_delay;
    w_wait_ = t.data_delay;
  }

  void start_read(uint32_t addr, uint64_t cycle, const AxilTiming& t) {
    begin(rd_, false, addr, cycle);
    rd_.ready_wait = 0;
    rd_.hold = t.resp_hold;
    ar_wait_ = t.addr_delay;
  }

  bool write_idle() const { return wr_.state == State::Idle; }
  bool read_idle() const { return rd_.state == State::Idle; }
  bool write_done() const { return wr_.state == State::Done; }
  bool read_done() const { return rd_.state == State::Done; }
  const AxilResult& write_result() const { return wr_.result; }
  const AxilResult& read_result() const { return rd_.result; }
  void clear_write() {
    wr_.state = State::Idle;
    write_accepted_ = false;
  }
  void clear_read() { rd_.state = State::Idle; }

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
    // The slave's outputs are reset: a response that waited before the reset
    // is gone, which is no protocol error.
    if (!top.rst_ni) b_waiting_ = r_waiting_ = false;
    const bool wbusy = wr_.state == State::Busy;
    const bool rbusy = rd_.state == State::Busy;

    const bool awvalid = wbusy && !aw_done_ && aw_wait_ == 0;
    const bool wvalid = wbusy && !w_done_ && w_wait_ == 0;
    const bool arvalid = rbusy && !ar_done_ && ar_wait_ == 0;

    top.s_axil_awvalid_i = awvalid;
    top.s_axil_awaddr_i = awvalid ? wr_.result.addr : junk(0xFFFFFFFF);
    top.s_axil_awprot_i = 0;
    top.s_axil_wvalid_i = wvalid;
    top.s_axil_wdata_i = wvalid ? data_ : junk(0xFFFFFFFF);
    top.s_axil_wstrb_i = wvalid ? strb_ : junk(0xF);
    top.s_axil_arvalid_i = arvalid;
    top.s_axil_araddr_i = arvalid ? rd_.result.addr : junk(0xFFFFFFFF);
    top.s_axil_arprot_i = 0;

    // A busy channel drives its own ready. Outside a transaction the readies
    // are 1 with Idle::None and random with Idle::Random (a slave must not
    // care); an idle channel next to a busy one copies its ready, as the
    // serial driver always drove both alike.
    bool bready, rready;
    if (wbusy && rbusy) {
      bready = resp_ready(wr_);
      rready = resp_ready(rd_);
    } else if (wbusy || rbusy) {
      bready = rready = resp_ready(wbusy ? wr_ : rd_);
    } else {
      bready = rready = idle_.get() == Idle::None || chance(rng_, 1, 2);
    }
    top.s_axil_bready_i = bready;
    top.s_axil_rready_i = rready;
  }

  // Observes the handshakes of the current (settled) cycle.
  void sample(const Top& top, uint64_t cycle) {
    const bool bvalid = top.s_axil_bvalid_o, rvalid = top.s_axil_rvalid_o;
    const bool aw_hs = top.s_axil_awvalid_i && top.s_axil_awready_o;
    const bool w_hs = top.s_axil_wvalid_i && top.s_axil_wready_o;
    const bool ar_hs = top.s_axil_arvalid_i && top.s_axil_arready_o;
    const bool b_hs = bvalid && top.s_axil_bready_i;
    const bool r_hs = rvalid && top.s_axil_rready_i;
    const uint8_t bresp = top.s_axil_bresp_o & 0x3, rresp = top.s_axil_rresp_o & 0x3;
    const uint32_t rdata = top.s_axil_rdata_o;

    // AXI: a response, once valid, holds with its payload until taken.
    if (b_waiting_ && (!bvalid || bresp != b_resp_))
      error(cycle, bvalid ? "BRESP changed while BVALID waited for BREADY"
                          : "BVALID dropped before its B handshake");
    if (r_waiting_ && (!rvalid || rresp != r_resp_ || rdata != r_data_))
      error(cycle, !rvalid ? "RVALID dropped before its R handshake"
                           : "RDATA/RRESP changed while RVALID waited for RREADY");
    b_waiting_ = bvalid && !b_hs;
    b_resp_ = bresp;
    r_waiting_ = rvalid && !r_hs;
    r_resp_ = rresp;
    r_data_ = rdata;

    const bool wbusy = wr_.state == State::Busy;
    const bool rbusy = rd_.state == State::Busy;
    if (b_hs && !(wbusy && aw_done_ && w_done_)) {
      error(cycle, "B handshake without an outstanding write whose AW and W were accepted");
    }
    if (r_hs && !(rbusy && ar_done_)) {
      error(cycle, "R handshake without an outstanding read whose AR was accepted");
    }

    if (wbusy) {
      const bool had_both = aw_done_ && w_done_;
      if (aw_hs) aw_done_ = true;
      if (w_hs) w_done_ = true;
      if (!had_both && aw_done_ && w_done_) {
        write_accepted_ = true;
        wr_.result.accept_cycle = cycle;
      }
      if (!aw_done_ && aw_wait_ > 0) --aw_wait_;
      if (!w_done_ && w_wait_ > 0) --w_wait_;
      tick(wr_, bvalid);
      if (b_hs && aw_done_ && w_done_) {
        wr_.result.resp = bresp;
        finish(wr_, cycle);
      }
    }
    if (rbusy) {
      if (ar_hs) {
        ar_done_ = true;
        rd_.result.accept_cycle = cycle;
      }
      if (!ar_done_ && ar_wait_ > 0) --ar_wait_;
      tick(rd_, rvalid);
      if (r_hs && ar_done_) {
        rd_.result.resp = rresp;
        rd_.result.rdata = rdata;
        finish(rd_, cycle);
      }
    }
  }

 private:
  enum class State { Idle, Busy, Done };

  // One direction: the write (AW, W, B) or the read (AR, R).
  struct Channel {
    State state = State::Idle;
    AxilResult result;
    uint32_t ready_wait = 0;  // cycles from the start before BREADY/RREADY may rise
    uint32_t hold = 0;        // cycles the response must wait once valid
    uint32_t valid_seen = 0;  // cycles the response has been valid so far
  };

  void begin(Channel& c, bool write, uint32_t addr, uint64_t cycle) {
    c.result = AxilResult{};
    c.result.write = write;
    c.result.addr = addr;
    c.result.start_cycle = cycle;
    c.valid_seen = 0;
    c.state = State::Busy;
    if (write) {
      aw_done_ = w_done_ = false;
      write_accepted_ = false;
    } else {
      ar_done_ = false;
    }
  }

  static bool resp_ready(const Channel& c) { return c.ready_wait == 0 && c.valid_seen >= c.hold; }

  static void tick(Channel& c, bool resp_valid) {
    if (c.ready_wait > 0) --c.ready_wait;
    if (resp_valid) ++c.valid_seen;
  }

  static void finish(Channel& c, uint64_t cycle) {
    c.result.end_cycle = cycle;
    c.state = State::Done;
  }

  uint32_t junk(uint32_t mask) {
    return static_cast<uint32_t>(rng_()) & mask;
  }

  void error(uint64_t cycle, const std::string& what) {
    errors_.push_back("AXI4-Lite at cycle " + std::to_string(cycle) + ": " + what);
  }

  std::mt19937_64 rng_;
  IdleGen idle_;
  Channel wr_, rd_;
  uint32_t data_ = 0;
  uint8_t strb_ = 0;
  uint32_t aw_wait_ = 0, w_wait_ = 0, ar_wait_ = 0;
  bool aw_done_ = false, w_done_ = false, ar_done_ = false;
  bool write_accepted_ = false;
  // The response seen waiting for its ready in the last sampled cycle.
  bool b_waiting_ = false, r_waiting_ = false;
  uint8_t b_resp_ = 0, r_resp_ = 0;
  uint32_t r_data_ = 0;
  std::vector<std::string> errors_;
};

}  // namespace ims::tb
