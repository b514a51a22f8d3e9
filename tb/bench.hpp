// SPDX-License-Identifier: Apache-2.0
// The test-facing facade: one DUT build (Top), its golden model, the agents
// and the scoreboard, stepped together.
//
// Contract:
//  * Bench(opts) makes a fresh context and model (seed: IMS_SEED if set, else
//    opts.seed), applies reset (rst_ni low 5 cycles) and does not wait for
//    the table initialisation (wait_ready() does).
//  * Each step() is one clock cycle: drivers apply -> settle -> monitors
//    sample (TLP first, then the request handshake, then the host port)
//    -> rising edge -> trace dump.
//  * Host accesses are blocking and go to the DUT and to the model: a write
//    in the cycle the DUT has accepted both AW and W (its effects, such as a
//    release TLP, may precede BVALID), a read at its R handshake; the
//    scoreboard compares the responses.
//  * request() queues; the model sees each request in the cycle of its
//    handshake. TLPs the model predicts during that call are tagged with the
//    handshake cycle for latencies().
//  * Failures: RTL assertions and timeouts throw SimFailure at once (cycle +
//    seed); comparison mismatches are recorded and finish() fails on them.
//  * Tracing: with IMS_TRACE=1, or always when opts.wave_file is set (the
//    runner). Otherwise the file is <wave dir>/<name>.fst, name =
//    opts.trace_name or, when empty, the name the test framework registered
//    (tests/catch_bench.hpp: the Catch2 test name plus the pattern). The
//    trace is flushed before any failure.
//  * Containment: an independent checker (checker/containment.hpp) sees each
//    host write from its acceptance (undone unless the response is OKAY) and
//    every TLP; its violations are errors ("containment: ...").
//  * No test framework in here: failures throw SimFailure, so the runner and
//    the benchmark use the same Bench as the tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "agents/axil_driver.hpp"
#include "agents/req_driver.hpp"
#include "agents/tlp_monitor.hpp"
#include "checker/containment.hpp"
#include "checker/scoreboard.hpp"
#include "harness/patterns.hpp"
#include "harness/seed.hpp"
#include "harness/sim.hpp"
#include "model/ims_model.hpp"
#include "model/tlp.hpp"

namespace ims::tb {

struct BenchOptions {
  uint64_t seed = 1;
  Idle idle = Idle::None;
  Sink sink = Sink::AlwaysReady;
  std::string trace_name;  // empty: named after the running test
  uint32_t entries = 0, adis = 0;
  std::string wave_file;   // non-empty: always trace, into this file
  unsigned req_ports = 1;  // request ports of the build (NumReqPorts)
};

namespace detail {
// Names the trace of an unnamed Bench; a test framework may install one.
inline std::function<std::string()>& default_trace_name() {
  static std::function<std::string()> f = [] { return std::string("bench"); };
  return f;
}

inline std::string wave_file_for(const BenchOptions& o) {
  if (!o.wave_file.empty()) return o.wave_file;
  if (!trace_requested()) return {};
  const std::string name = o.trace_name.empty() ? default_trace_name()() : o.trace_name;
  return wave_path(wave_dir(), sanitize_name(name));
}
}  // namespace detail

template <class Top>
class Bench {
 public:
  static constexpr uint32_t kResetCycles = 5;
  static constexpr uint64_t kHostTimeout = 400000;    // cycles per host access
  static constexpr uint64_t kReadyTimeout = 400000;   // wait_ready()
  static constexpr uint64_t kReleaseTimeout = 4000000;  // wait_release_idle()
  static constexpr uint64_t kDrainTimeout = 100000;   // drain()
  static constexpr uint64_t kQuietCycles = 4;
  static constexpr uint32_t kStatusAddr = 0x28;

  explicit Bench(const BenchOptions& opts)
      : seed_(resolve_seed(opts.seed)),
        sim_(seed_, detail::wave_file_for(opts)),
        model_(opts.entries, opts.adis),
        axil_(seed_, opts.idle),
        req_(make_req_drivers(seed_, opts.idle, opts.req_ports)),
        sink_(seed_, opts.sink),
        sb_(model_.expected(), seed_),
        containment_(model_.num_entries(), model_.num_adis()) {
    for (auto& r : req_) r.hold(true);
    sim_.reset(kResetCycles, [this] { apply(); });
    for (auto& r : req_) r.hold(false);
  }

  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;

  ImsModel& model() { return model_; }
  Top& top() { return sim_.top(); }
  uint64_t cycle() const { return sim_.cycle(); }
  uint64_t seed() const { return seed_; }
  std::string seed_tag() const { return ims::tb::seed_tag(seed_); }
  void set_sink(Sink s) { sink_.set_sink(s); }
  void set_idle(Idle i) {
    axil_.set_idle(i);
    for (auto& r : req_) r.set_idle(i);
  }

  // ---- host port -------------------------------------------------------
  Resp write(uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
    axil_.start_write(addr, data, strb, cycle());
    write_addr_ = addr;
    write_data_ = data;
    write_strb_ = strb;
    model_wrote_ = false;
    const AxilResult r = host_wait("write", addr);
    if (!model_wrote_) apply_model_write();  // (defensive: B without AW/W)
    const Resp dut = static_cast<Resp>(r.resp);
    last_response_cycle_ = r.end_cycle;
    containment_.end_write(dut == Resp::Okay);  // containment hook
    sb_.compare_write(addr, data, strb, dut, model_write_resp_, r.end_cycle);
    return dut;
  }

  uint32_t read(uint32_t addr) {
    axil_.start_read(addr, cycle());
    const AxilResult r = host_wait("read", addr);
    const ReadResult want = model_.read(addr);
    sb_.compare_read(addr, static_cast<Resp>(r.resp), r.rdata, want, r.end_cycle);
    return r.rdata;
  }

  uint32_t read_dut_only(uint32_t addr, Resp* resp = nullptr) {
    axil_.start_read(addr, cycle());
    const AxilResult r = host_wait("read", addr);
    if (resp != nullptr) *resp = static_cast<Resp>(r.resp);
    return r.rdata;
  }

  void wait_ready() {
    const uint64_t start = cycle();
    while (read_dut_only(kStatusAddr) & 0x1u) {
      if (cycle() - start > kReadyTimeout) {
        timeout("wait_ready: STATUS.init_busy still 1 after " + std::to_string(cycle() - start) +
                " cycles");
      }
    }
  }

  void wait_release_idle() {
    const uint64_t start = cycle();
    for (;;) {
      const bool busy = (read_dut_only(kStatusAddr) & 0x2u) != 0;
      if (!busy && mon_.quiet_cycles() >= kQuietCycles) return;
      if (!busy) step();
      if (cycle() - start > kReleaseTimeout) {
        timeout("wait_release_idle: release still busy or TLPs still flowing after " +
                std::to_string(cycle() - start) + " cycles");
      }
    }
  }

  // ---- request port ----------------------------------------------------
  void request(uint16_t adi, uint16_t vec) { req_[0].push(ReqItem{adi, vec, false, 0}); }
  void request(uint16_t adi, uint16_t vec, uint32_t pasid) {
    req_[0].push(ReqItem{adi, vec, true, pasid & 0xFFFFFu});
  }
  // "Event satisfied" for (adi, vec): clears the entry's pending bit.
  void satisfy(uint16_t adi, uint16_t vec) { req_[0].push(ReqItem{adi, vec, false, 0, true}); }
  // Any request on request port `port` (builds with several ports).
  void request_on(unsigned port, const ReqItem& item) { req_.at(port).push(item); }
  // (port, cycle) of every request handshake, in order.
  const std::vector<std::pair<unsigned, uint64_t>>& req_handshakes() const { return req_handshakes_; }

  void step(uint64_t n = 1) {
    for (uint64_t i = 0; i < n; ++i) sim_.step([this] { apply(); }, [this] { sample(); });
  }

  void drain() {
    const uint64_t start = cycle();
    while (!drained()) {
      if (cycle() - start >= kDrainTimeout) {
        std::string msg = "drain: missing TLP: not done after " + std::to_string(kDrainTimeout) +
                          " cycles; " + std::to_string(queued_requests()) +
                          " requests not yet accepted, " + std::to_string(sb_.outstanding()) +
                          " TLPs expected but not seen";
        if (sb_.outstanding() > 0) msg += " (next: " + describe(model_.expected().front()) + ")";
        if (top().tlp_valid_o) msg += ", tlp_valid_o still 1";
        timeout(msg);
      }
      step();
    }
  }

  // ---- results ---------------------------------------------------------
  std::vector<std::string> errors() const {
    std::vector<std::string> out = sb_.errors();
    for (const auto& e : axil_.protocol_errors()) out.push_back(e + " [" + seed_tag() + "]");
    for (const auto& e : mon_.protocol_errors()) out.push_back(e + " [" + seed_tag() + "]");
    for (const auto& e : containment_.violations())  // containment hook
      out.push_back("containment: " + e + " [" + seed_tag() + "]");
    return out;
  }

  void finish() {
    drain();
    if (!finished_) sb_.final_check(cycle());
    finished_ = true;
    const std::vector<std::string> errs = errors();
    if (!errs.empty()) {
      sim_.flush_trace();
      std::string msg = std::to_string(errs.size()) + " error(s), " + seed_tag();
      if (sim_.tracing()) msg += ", waves: " + sim_.wave_file();
      for (const auto& e : errs) msg += "\n  - " + e;
      throw SimFailure(msg);
    }
    if (sb_.outstanding() != 0) throw SimFailure("TLPs still expected after drain, " + seed_tag());
  }

  const std::vector<TlpWords>& seen() const { return sb_.seen(); }
  const ContainmentChecker& containment() const { return containment_; }
  std::vector<uint64_t> latencies() const { return latencies_; }
  const std::vector<uint64_t>& seen_cycles() const { return seen_cycles_; }
  uint64_t last_response_cycle() const { return last_response_cycle_; }  // of the last host write
  uint64_t last_write_accept_cycle() const { return last_write_accept_cycle_; }  // its AW/W cycle

  // A test that races host writes against requests on purpose (an attack)
  // names the racing stream by its PASID (one call per PASID): those TLPs go to the containment
  // checker only (collected in racing_seen()), and the model's predictions
  // for them are dropped, since which side of a write an in-flight request
  // lands on is not modelled cycle by cycle. Everything else stays exact.
  void set_racing_pasid(uint32_t pasid) { racing_pasids_.push_back(pasid & 0xFFFFFu); }
  const std::vector<std::pair<uint64_t, TlpWords>>& racing_seen() const { return racing_seen_; }  // handshake cycle per seen() TLP

 private:
  void apply() {
    Top& t = sim_.top();
    axil_.apply(t);
    for (auto& r : req_) r.apply(t);
    sink_.apply(t);
  }

  void sample() {
    Top& t = sim_.top();
    const uint64_t now = sim_.cycle();
    auto tlp = mon_.sample(t, now);
    if (tlp && is_racing(tlp->words)) {
      containment_.on_tlp(tlp->words, now);  // containment hook
      racing_seen_.emplace_back(now, tlp->words);
      tlp.reset();
    }
    if (tlp) {
      const uint64_t seq = sb_.consumed();
      const bool expected = sb_.outstanding() > 0;
      sb_.observe_tlp(tlp->words, now);
      containment_.on_tlp(tlp->words, now);  // containment hook
      seen_cycles_.push_back(now);
      if (expected) {
        auto it = req_cycle_of_.find(seq);
        if (it != req_cycle_of_.end()) {
          latencies_.push_back(tlp->first_valid_cycle - it->second);
          req_cycle_of_.erase(it);
        }
      }
    }
    sink_.sample(t);
    // The pipeline advances unless a TLP waits for the sink.
    if (!(t.tlp_valid_o && !t.tlp_ready_i)) containment_.on_advance();  // containment hook
    // One grant per cycle at most, so the model sees requests in acceptance order.
    for (auto& rd : req_) {
      const auto hs = rd.sample(t, now);
      if (!hs) continue;
      req_handshakes_.emplace_back(rd.port(), hs->cycle);
      const uint64_t first = pushed();
      if (hs->item.satisfy) {
        model_.satisfy(hs->item.adi, hs->item.vec);
      } else {
        model_.request(hs->item.adi, hs->item.vec, hs->item.pasid_valid, hs->item.pasid);
      }
      drop_racing_predictions();
      for (uint64_t s = first; s < pushed(); ++s) req_cycle_of_[s] = hs->cycle;
      last_req_cycle_ = hs->cycle;
      any_req_ = true;
    }
    axil_.sample(t, now);
    if (axil_.take_write_accepted()) apply_model_write();
  }

  // The model takes a host write in the cycle the DUT has accepted both its
  // AW and W (not at B): the DUT commits before BVALID, and what the write
  // starts (a release TLP) may come out before the B handshake.
  void apply_model_write() {
    last_write_accept_cycle_ = cycle();
    model_write_resp_ = model_.write(write_addr_, write_data_, write_strb_);
    drop_racing_predictions();
    model_wrote_ = true;
    containment_.begin_write(write_addr_, write_data_, write_strb_);  // containment hook
  }

  static std::vector<ReqDriver<Top>> make_req_drivers(uint64_t seed, Idle idle, unsigned ports) {
    std::vector<ReqDriver<Top>> v;
    for (unsigned p = 0; p < std::max(1u, ports); ++p) v.emplace_back(seed, idle, p);
    return v;
  }
  size_t queued_requests() const {
    size_t n = 0;
    for (const auto& r : req_) n += r.queued();
    return n;
  }

  bool is_racing(const TlpWords& w) const {
    return w.prefix_valid && std::find(racing_pasids_.begin(), racing_pasids_.end(),
                                       w.prefix & 0xFFFFFu) != racing_pasids_.end();
  }
  // Called right after each model call, so only the newest predictions can
  // be racing ones: sequence numbers of older ones do not move.
  void drop_racing_predictions() {
    if (racing_pasids_.empty()) return;
    auto& q = model_.expected();
    q.erase(std::remove_if(q.begin(), q.end(), [this](const TlpWords& w) { return is_racing(w); }),
            q.end());
  }

  // Sequence number the model's next predicted TLP will get.
  uint64_t pushed() const { return sb_.consumed() + sb_.outstanding(); }

  AxilResult host_wait(const char* what, uint32_t addr) {
    const uint64_t start = cycle();
    while (!axil_.done()) {
      if (cycle() - start > kHostTimeout) {
        axil_.clear();
        timeout(std::string("host ") + what + " " + hex32(addr) + ": no response after " +
                std::to_string(cycle() - start) + " cycles");
      }
      step();
    }
    const AxilResult r = axil_.result();
    axil_.clear();
    return r;
  }

  bool drained() const {
    const bool quiet = mon_.quiet_cycles() >= kQuietCycles;
    const bool req_settled = !any_req_ || sim_.cycle() - last_req_cycle_ > kQuietCycles;
    return queued_requests() == 0 && !sim_.top().tlp_valid_o && quiet && req_settled &&
           sb_.outstanding() == 0;
  }

  // Records the timeout, then fails at once; the message also lists the
  // errors recorded so far (often the cause, e.g. a TLP the monitor saw
  // vanish while stalled).
  [[noreturn]] void timeout(const std::string& what) {
    const std::vector<std::string> before = errors();
    sb_.add_error(what + " at " + where(cycle(), seed_));
    std::string msg = what;
    if (!before.empty()) {
      msg += "; errors recorded before:";
      for (size_t i = 0; i < before.size() && i < 5; ++i) msg += "\n  - " + before[i];
      if (before.size() > 5) msg += "\n  - ... (" + std::to_string(before.size() - 5) + " more)";
      msg += "\n ";
    }
    sim_.fail(msg);
  }

  uint64_t seed_;
  Sim<Top> sim_;
  ImsModel model_;
  AxilDriver<Top> axil_;
  std::vector<ReqDriver<Top>> req_;  // one per request port
  std::vector<std::pair<unsigned, uint64_t>> req_handshakes_;
  TlpSink<Top> sink_;
  TlpMonitor<Top> mon_;
  Scoreboard sb_;
  ContainmentChecker containment_;  // containment hook
  std::unordered_map<uint64_t, uint64_t> req_cycle_of_;  // TLP seq -> request cycle
  std::vector<uint64_t> latencies_;
  std::vector<uint64_t> seen_cycles_;
  uint64_t last_response_cycle_ = 0;
  uint64_t last_write_accept_cycle_ = 0;
  std::vector<uint32_t> racing_pasids_;
  std::vector<std::pair<uint64_t, TlpWords>> racing_seen_;
  uint64_t last_req_cycle_ = 0;
  bool any_req_ = false;
  bool finished_ = false;
  // The host write in flight (one at a time).
  uint32_t write_addr_ = 0, write_data_ = 0;
  uint8_t write_strb_ = 0xF;
  bool model_wrote_ = false;
  Resp model_write_resp_ = Resp::Okay;
};

}  // namespace ims::tb
