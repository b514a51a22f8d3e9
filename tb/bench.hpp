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
//  * The model is timed (ImsModel::set_timed; docs/theory-of-operation.md,
//    "Commit points"), fed from the ports and the op probe of ims_tb_top:
//      - a host write lands on the clock edge before BVALID rises, and the
//        model takes it there;
//      - every op entering the pipeline (dbg_op_*) is mirrored through the
//        stages: begin_op() at its stage-0 edge, decide_op() when it moves
//        to stage 2 (where its rows are read), retire_op() when it leaves
//        stage 4 (the commit; its counts and fault records land earlier,
//        on the first edge after it entered stage 4, stall or not); the
//        pipeline moves
//        unless a TLP waits for the sink. A request op must match the
//        request port's handshake of that cycle (its PASID comes from there);
//      - a table read (PBA, ADI, entry, view) takes the model's value when
//        its host-read op (the first to enter after its AR handshake) moves
//        to stage 2 and its side effects on the edge before RVALID rises; a
//        register read (counters and fault log included) takes both on the
//        second edge after AR is accepted, where the register block samples
//        (the slave decodes the address in between). Ops
//        are counted and logged on the first edge after they enter stage
//        4, as the DUT does.
//    Host accesses are blocking; the scoreboard compares the responses.
//    write_read() keeps one write and one read outstanding at the bus level
//    with exact channel timing; the slave serves them one after the other
//    and the edges above feed the model in the slave's order, whichever
//    it took first.
//  * request() queues. TLPs the model predicts for a request are tagged with
//    its handshake cycle for latencies().
//  * Obligations: whenever the DUT is idle (finish(), wait_release_idle()),
//    the model must owe nothing: no pending deliverable entry left behind by
//    a release, no entry of a reset ADI left unreset. Op-probe mismatches
//    and ops the model refuses are errors too.
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
//  * Maintenance obligations: an independent checker (checker/obligations.hpp)
//    holds the DUT's release, scan and reset ops and its request arbitration
//    to the documented bounds (docs/theory-of-operation.md, "Maintenance
//    obligations"); its violations are errors ("obligation: ...").
//  * No test framework in here: failures throw SimFailure, so the runner and
//    the benchmark use the same Bench as the tests.
//  * Coverage: with IMS_COVERAGE_DIR set, a functional coverage collector
//    (coverage/coverage.hpp, docs/coverage-plan.md) observes every cycle,
//    op decision, host access and reset, and writes its bins when the Bench
//    ends; unset, each hook is one null test.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/axil_driver.hpp"
#include "agents/req_driver.hpp"
#include "agents/tlp_monitor.hpp"
#include "checker/containment.hpp"
#include "checker/obligations.hpp"
#include "checker/scoreboard.hpp"
#include "coverage/coverage.hpp"
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
  uint32_t counter_width = 32;  // CNT_* counter width of the build (CounterW)
  uint32_t fault_depth = ImsModel::kDefaultFaultDepth;  // fault log records (FaultDepth)
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
  // Quiet long enough for an op entering stage 0 to show at the TLP port
  // (S0 to S3, the output slice) with margin.
  static constexpr uint64_t kQuietCycles = 7;
  static constexpr uint32_t kStatusAddr = 0x28;

  explicit Bench(const BenchOptions& opts)
      : test_name_(opts.trace_name.empty() ? detail::default_trace_name()() : opts.trace_name),
        seed_(resolve_seed(opts.seed)),
        sim_(seed_, detail::wave_file_for(opts)),
        model_(opts.entries, opts.adis, opts.fault_depth, opts.counter_width),
        axil_(seed_, opts.idle),
        req_(make_req_drivers(seed_, opts.idle, opts.req_ports)),
        sink_(seed_, opts.sink),
        sb_(model_.expected(), seed_),
        containment_(model_.num_entries(), model_.num_adis()),
        obligations_(model_, opts.req_ports) {
    model_.set_timed(true);
    cov_ = coverage::Collector::from_env(test_name_, seed_, model_);  // coverage hook
    for (auto& r : req_) r.hold(true);
    sim_.reset(kResetCycles, [this] { apply(); });
    for (auto& r : req_) r.hold(false);
  }

  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;
  ~Bench() {
    if (cov_) cov_->flush();  // coverage hook
#ifdef IMS_VERILATOR_COVERAGE
    coverage::write_verilator(sim_.context(), test_name_);
#endif
  }

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
    host_w_ = HostAccess{true, true, addr, data, strb};
    return end_write(host_wait("write", addr));
  }

  uint32_t read(uint32_t addr) {
    axil_.start_read(addr, cycle());
    host_r_ = HostAccess{true, false, addr};
    return end_read(host_wait("read", addr)).rdata;
  }

  uint32_t read_dut_only(uint32_t addr, Resp* resp = nullptr) {
    axil_.start_read(addr, cycle());
    host_r_ = HostAccess{true, false, addr};
    host_r_.dut_only = true;
    const AxilResult r = end_read(host_wait("read", addr));
    if (resp != nullptr) *resp = static_cast<Resp>(r.resp);
    return r.rdata;
  }

  // A read checked against the model exactly as read(), that also returns
  // the DUT's response and its R handshake cycle (the runner shows SLVERR).
  struct ReadReply {
    Resp resp;
    uint32_t data;
    uint64_t cycle;
  };
  ReadReply read_reply(uint32_t addr) {
    axil_.start_read(addr, cycle());
    host_r_ = HostAccess{true, false, addr};
    const AxilResult r = end_read(host_wait("read", addr));
    return ReadReply{static_cast<Resp>(r.resp), r.rdata, r.end_cycle};
  }

  // One write and one read outstanding together, each with exact channel
  // timing (AxilTiming, counted from the next cycle: equal delays raise
  // AWVALID/WVALID and ARVALID in the same cycle). Returns when both have
  // completed; both are compared with the model like write() and read().
  // The results' accept_cycle says which one the slave took first.
  struct HostPair {
    AxilResult w, r;
  };
  HostPair write_read(uint32_t waddr, uint32_t wdata, uint8_t wstrb, const AxilTiming& wt,
                      uint32_t raddr, const AxilTiming& rt) {
    axil_.start_write(waddr, wdata, wstrb, cycle(), wt);
    host_w_ = HostAccess{true, true, waddr, wdata, wstrb};
    axil_.start_read(raddr, cycle(), rt);
    host_r_ = HostAccess{true, false, raddr};
    const uint64_t start = cycle();
    while (!(axil_.write_done() && axil_.read_done())) {
      if (cycle() - start > kHostTimeout) {
        axil_.clear();
        timeout("host write " + hex32(waddr) + " with read " + hex32(raddr) +
                ": no response after " + std::to_string(cycle() - start) + " cycles");
      }
      step();
    }
    HostPair p{axil_.write_result(), axil_.read_result()};
    axil_.clear();
    end_write(p.w);
    end_read(p.r);
    return p;
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
      // The engine's last op may have entered the pipeline as busy fell:
      // give it the pipeline's depth to show at the port before judging quiet.
      if (!busy) step(kQuietCycles);
      if (!busy && mon_.quiet_cycles() >= kQuietCycles) {
        if (pipeline_empty() && queued_requests() == 0) check_obligations();
        return;
      }
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

  // rst_ni low for `cycles` cycles in the middle of whatever runs (host
  // accesses are blocking, so none is in flight). The block forgets
  // everything: configuration, pending messages, counters, the fault log,
  // ops and TLPs in flight, a TLP stalled in front of the sink. So do the
  // model and the checkers; queued requests are dropped (the requesting
  // engines reset too). A TLP from before the reset that still came out
  // would be an extra TLP. Does not wait for the table initialisation.
  void hard_reset(uint32_t cycles = kResetCycles) {
    if (cov_) cov_->on_hard_reset(!pipeline_empty() || mon_.waiting() || queued_requests() > 0, model_);  // coverage hook
    for (auto& r : req_) {
      r.clear();
      r.hold(true);
    }
    sim_.reset(cycles, [this] { apply(); });
    for (auto& r : req_) r.hold(false);
    mon_.reset();
    model_.reset();  // predictions for ops in flight are void
    containment_.reset_state();
    obligations_.reset_state();  // obligation hook
    s1_.reset();
    s2_.reset();
    s3_.reset();
    s4_.reset();
    late_faults_.clear();
    origin_of_.clear();
    host_w_ = host_r_ = HostAccess{};
    bvalid_before_ = rvalid_before_ = ar_taken_before_ = ar_taken_2before_ = reset_done_before_ = false;
  }

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
    for (const auto& e : model_.op_errors()) out.push_back("model: " + e + " [" + seed_tag() + "]");
    for (const auto& e : obligations_.violations())  // obligation hook
      out.push_back("obligation: " + e + " [" + seed_tag() + "]");
    return out;
  }

  void finish() {
    drain();
    if (!finished_) {
      check_obligations();
      sb_.final_check(cycle());
    }
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
  const ObligationChecker& obligation_checker() const { return obligations_; }
  std::vector<uint64_t> latencies() const { return latencies_; }
  const std::vector<uint64_t>& seen_cycles() const { return seen_cycles_; }
  uint64_t last_response_cycle() const { return last_response_cycle_; }  // of the last host write
  uint64_t last_write_accept_cycle() const { return last_write_accept_cycle_; }  // its AW/W cycle
  uint64_t last_bvalid_cycle() const { return last_bvalid_cycle_; }  // BVALID rose (landing + 1)
  // Requests handshaken within 2 cycles of a host write's BVALID rising
  // (b - 2 .. b + 2): the races the timed model decides to the cycle.
  uint64_t close_races() const { return close_races_; }
  // Every op entering the pipeline (stage 0), as the op probe shows it, once
  // record_ops(true) is called: for tests that place one op next to another.
  struct OpSeen {
    uint64_t cycle;
    ImsModel::OpKind kind;
    uint16_t adi, idx;
  };
  void record_ops(bool on) { record_ops_ = on; }
  const std::vector<OpSeen>& ops_seen() const { return ops_seen_; }

 private:
  // A host access in flight: at most one write (host_w_) and one read
  // (host_r_); the slave serves one at a time.
  struct HostAccess {
    bool active = false, write = false;
    uint32_t addr = 0, data = 0;
    uint8_t strb = 0xF;
    bool dut_only = false;      // read_dut_only(): the model is not asked
    bool landed = false;        // write: the model took it
    Resp model_resp = Resp::Okay;
    bool ar_taken = false;      // read: the slave took AR, in cycle ar_cycle
    uint64_t ar_cycle = 0;
    bool captured = false;      // read: result holds the model's value
    bool read_taken = false;    // read: the model's read() ran
    ReadResult result{Resp::Okay, 0, 0};
  };

  // The write in host_w_ completed (B handshake): check it.
  Resp end_write(const AxilResult& r) {
    host_w_.active = false;
    const Resp dut = static_cast<Resp>(r.resp);
    last_response_cycle_ = r.end_cycle;
    containment_.end_write(dut == Resp::Okay);  // containment hook
    if (!host_w_.landed) sb_.add_error("write " + hex32(r.addr) + ": B handshake without BVALID rising");
    sb_.compare_write(r.addr, host_w_.data, host_w_.strb, dut, host_w_.model_resp, r.end_cycle);
    return dut;
  }

  // The read in host_r_ completed (R handshake): check it unless dut_only.
  const AxilResult& end_read(const AxilResult& r) {
    host_r_.active = false;
    if (!host_r_.dut_only)
      sb_.compare_read(r.addr, static_cast<Resp>(r.resp), r.rdata, host_r_.result, r.end_cycle);
    if (cov_) cov_->on_read(r.addr, static_cast<Resp>(r.resp), model_);  // coverage hook
    return r;
  }
  // The op a predicted TLP is for, and the cycle it entered the pipeline
  // (latencies() counts requests).
  struct TlpOrigin {
    uint64_t seq = 0;  // the TLP's sequence number (pushed())
    ImsModel::OpKind kind = ImsModel::OpKind::Scan;
    uint64_t cycle = 0;
  };
  // The ops in pipeline stages 1 and 2, with their stage-0 cycle.
  struct InFlight {
    ImsModel::Op op;
    uint64_t cycle = 0;
    bool reported = false;  // its counts and faults have landed (stage 4)
  };

  void apply() {
    Top& t = sim_.top();
    axil_.apply(t);
    for (auto& r : req_) r.apply(t);
    sink_.apply(t);
  }

  void sample() {
    Top& t = sim_.top();
    const uint64_t now = sim_.cycle();
    // Host side first: what rose now happened on the edge before, after
    // that edge's pipeline ops (sampled last cycle), which read the old
    // state (reads and writes of one edge: reads first).
    // A write and a read may both be outstanding: BVALID belongs to the
    // write, AR and RVALID to the read, and the slave serves one at a time.
    const bool bvalid = t.s_axil_bvalid_o != 0, rvalid = t.s_axil_rvalid_o != 0;
    if (bvalid && !bvalid_before_ && host_w_.active) land_write(now);
    // An ADI reset completed on the edge before (its CTRL row write goes
    // after that edge's reads and its host write).
    if (reset_done_before_) {
      model_.finish_reset();
      obligations_.on_reset_done(now);  // obligation hook
    }
    reset_done_before_ = t.dbg_reset_done_o != 0;
    const bool reading = host_r_.active && !host_r_.dut_only;
    // A register read samples on the second edge after AR is accepted (the
    // slave decodes the address for one cycle, then the register block
    // samples in the cycle it is asked, into its read-back fan-in stage,
    // and answers two cycles later, its read response registered too); any
    // read's side effects land
    // by the edge before RVALID rises. A refused read (SLVERR, reads 0) has
    // only side effects: its record lands on the edge before RVALID.
    if (ar_taken_2before_ && reading && !table_region(host_r_.addr) &&
        model_.peek(host_r_.addr).resp != Resp::SlvErr)
      take_read();
    if (rvalid && !rvalid_before_ && reading) take_read();
    ar_taken_2before_ = ar_taken_before_;
    ar_taken_before_ = t.s_axil_arvalid_i && t.s_axil_arready_o;
    if (ar_taken_before_ && host_r_.active && !host_r_.ar_taken) {
      host_r_.ar_taken = true;
      host_r_.ar_cycle = now;
    }
    bvalid_before_ = bvalid;
    rvalid_before_ = rvalid;

    const auto tlp = mon_.sample(t, now);
    if (tlp) {
      const uint64_t seq = sb_.consumed();
      const bool expected = sb_.outstanding() > 0;
      sb_.observe_tlp(tlp->words, now);
      model_.tlp_taken();  // CNT_SENT moves on the sink's handshake
      containment_.on_tlp(tlp->words, now);  // containment hook
      seen_cycles_.push_back(now);
      if (expected) {
        // origin_of_ is in sequence order and sequence numbers are consumed
        // in order: older ones left in front have no TLP any more.
        while (!origin_of_.empty() && origin_of_.front().seq < seq) origin_of_.pop_front();
        if (!origin_of_.empty() && origin_of_.front().seq == seq) {
          if (origin_of_.front().kind == ImsModel::OpKind::Request)
            latencies_.push_back(tlp->first_valid_cycle - origin_of_.front().cycle);
          origin_of_.pop_front();
        }
      }
    }
    sink_.sample(t);
    std::vector<ReqHandshake>& handshakes = handshakes_;  // reused: no allocation per cycle
    handshakes.clear();
    for (auto& rd : req_) {
      if (auto hs = rd.sample(t, now)) {
        req_handshakes_.emplace_back(rd.port(), hs->cycle);
        handshakes.push_back(*hs);
        last_req_cycle_ = hs->cycle;
        any_req_ = true;
      }
    }
    // The pipeline moves on this edge when the TLP output slice has room
    // (the advance probe). After this edge the slice holds at most its
    // TLPs now, plus one pushed, minus one taken.
    // The op in stage 4 reports (counters, fault log) on the first edge after
    // it entered, whether or not the pipeline moves (ims_pipeline, S4).
    report_late();
    if (s4_ && !s4_->reported) report(*s4_);
    if (t.dbg_advance_o) {
      const int taken = (t.tlp_valid_o && t.tlp_ready_i) ? 1 : 0;
      containment_.on_advance(std::min(2, static_cast<int>(t.dbg_out_count_o) + 1 - taken));  // containment hook
      pipeline_edge(t, now, handshakes);
    } else if (!handshakes.empty()) {
      sb_.add_error("request handshake at " + where(now, seed_) + " while the pipeline is stalled");
    }
    obligations_.set_owner_read_stage(t.dbg_owner_read_stage_o);  // obligation hook
    obligations_.on_cycle(now, t.dbg_advance_o, t.dbg_op_valid_o,  // obligation hook
                          static_cast<ImsModel::OpKind>(t.dbg_op_kind_o), t.dbg_out_count_o == 0,
                          !host_w_.active && !host_r_.active, static_cast<uint32_t>(t.req_valid_i),
                          static_cast<uint32_t>(t.req_ready_o));
    axil_.sample(t, now);
    if (axil_.take_write_accepted()) {
      last_write_accept_cycle_ = now;
      containment_.begin_write(host_w_.addr, host_w_.data, host_w_.strb);  // containment hook
    }
    if (cov_) cov_->on_cycle(t, now, tlp ? &tlp->words : nullptr, handshakes, model_);  // coverage hook
  }

  // One pipeline edge: the op in stage 4 leaves (commits), the others move
  // on; the one moving to stage 2 reads its entry, pending bit and global
  // registers, the one entering stage 0 reads its ADI row.
  void pipeline_edge(const Top& t, uint64_t now, const std::vector<ReqHandshake>& handshakes) {
    // Reads of an edge see the old state, so the op moving to stage 2 reads
    // before the op leaving stage 4 writes its row (in the DUT no read on
    // that edge depends on the row: docs/theory-of-operation.md, "Storage").
    // An op is decided as it enters stage 2 (the DUT decides in stage 3 on
    // what it read, through forwards of the writes in between) and committed
    // (counted, its fault logged, a reset op's row rewritten) as it leaves
    // stage 4.
    std::optional<InFlight> leaving = std::move(s4_);
    s4_ = std::move(s3_);
    s3_ = std::move(s2_);
    s2_ = std::move(s1_);
    s1_.reset();
    if (s2_) decide(*s2_);
    if (leaving) model_.retire_op(leaving->op);
    if (!t.dbg_op_valid_o) {
      if (!handshakes.empty())
        sb_.add_error("request handshake at " + where(now, seed_) + " but no op entered the pipeline");
      return;
    }
    using K = ImsModel::OpKind;
    const auto kind = static_cast<K>(t.dbg_op_kind_o);
    const auto adi = static_cast<uint16_t>(t.dbg_op_adi_o);
    const auto idx = static_cast<uint16_t>(t.dbg_op_idx_o);
    bool pasid_valid = false;
    uint32_t pasid = 0;
    if (kind == K::Request || kind == K::Satisfy) {
      const bool ok = handshakes.size() == 1 && handshakes[0].item.adi == adi &&
                      handshakes[0].item.vec == idx &&
                      handshakes[0].item.satisfy == (kind == K::Satisfy);
      if (!ok) {
        sb_.add_error("op probe at " + where(now, seed_) + ": a request op (ADI " +
                      std::to_string(adi) + ", vector " + std::to_string(idx) +
                      ") that no single request handshake of this cycle matches");
      } else {
        pasid_valid = handshakes[0].item.pasid_valid;
        pasid = handshakes[0].item.pasid;
      }
    } else if (!handshakes.empty()) {
      sb_.add_error("request handshake at " + where(now, seed_) + " but the op entering is not a request");
    }
    s1_ = InFlight{model_.begin_op(kind, adi, idx, pasid_valid, pasid), now};
    if (record_ops_) ops_seen_.push_back(OpSeen{now, kind, adi, idx});
    if (kind == K::Request || kind == K::Satisfy) {
      if (last_bvalid_cycle_ != 0 && now <= last_bvalid_cycle_ + 2) ++close_races_;
      recent_requests_[recent_next_++ % recent_requests_.size()] = now;
    }
  }

  // The op's counts and fault records land now; its table effects (an ADI
  // reset op's row) wait for retire_op as it leaves stage 4.
  // The op's counters move now; its fault record lands one edge later (the
  // DUT registers it on its way to the log): held in late_faults_ until the
  // next edge's report_late().
  void report(InFlight& f) {
    ImsModel::Op counts_only;
    counts_only.kind = ImsModel::OpKind::Scan;  // no table effect at retire
    counts_only.counts = std::move(f.op.counts);
    f.op.counts.clear();
    model_.retire_op(counts_only);
    late_faults_ = std::move(f.op.faults);
    f.op.faults.clear();
    f.reported = true;
  }
  void report_late() {
    if (late_faults_.empty()) return;
    ImsModel::Op faults_only;
    faults_only.kind = ImsModel::OpKind::Scan;  // no table effect at retire
    faults_only.faults = std::move(late_faults_);
    late_faults_.clear();
    model_.retire_op(faults_only);
  }

  void decide(InFlight& f) {
    const uint64_t first = pushed();
    if (cov_) cov_->before_decide(f.op, model_);  // coverage hook
    model_.decide_op(f.op);
    if (cov_) cov_->after_decide(f.op, model_, pushed() - first);  // coverage hook
    obligations_.on_decided(sim_.cycle(), f.op);  // obligation hook
    using K = ImsModel::OpKind;
    for (uint64_t s = first; s < pushed(); ++s) origin_of_.push_back(TlpOrigin{s, f.op.kind, f.cycle});
    // A table read's value is what its host-read op reads: the first one to
    // enter after the slave took AR. A checked write's ops are not reads;
    // they run while the slave serves the write, before it takes AR even
    // when AR was already waiting.
    if (f.op.kind == K::HostRead && host_r_.active && host_r_.ar_taken && f.cycle >= host_r_.ar_cycle &&
        !host_r_.captured) {
      host_r_.result = model_.peek(host_r_.addr);
      host_r_.captured = true;
    }
  }

  // The write in flight landed on the edge before `now` (BVALID rose now).
  void land_write(uint64_t now) {
    last_bvalid_cycle_ = now;
    for (uint64_t r : recent_requests_) close_races_ += (r + 2 >= now) ? 1 : 0;
    if (cov_) cov_->before_write(host_w_.addr, host_w_.data, host_w_.strb, now, model_);  // coverage hook
    host_w_.model_resp = model_.write(host_w_.addr, host_w_.data, host_w_.strb);
    if (cov_) cov_->after_write(host_w_.model_resp, model_);  // coverage hook
    obligations_.on_write_landed(now, model_.release_causes());  // obligation hook
    model_.release_causes().clear();
    host_w_.landed = true;
  }

  // The read's value (unless its host-read op gave it) and side effects (a
  // refusal's record), once.
  void take_read() {
    if (host_r_.read_taken) return;
    host_r_.read_taken = true;
    const ReadResult r = model_.read(host_r_.addr);
    if (!host_r_.captured) host_r_.result = r;
    host_r_.captured = true;
  }

  // Served by ims_host_tables through a host-read op: PBA, ADI rows,
  // entries, ADI views.
  static bool table_region(uint32_t a) {
    return (a >= reg::kView && a < reg::kViewEnd) || (a >= reg::kEntry && a < reg::kEnd) ||
           (a >= reg::kAdi && a < reg::kAdi + 16 * reg::kAdiRowsMax) ||
           (a >= reg::kPba && a < reg::kPba + 4 * reg::kPbaWordsMax);
  }

  void check_obligations() {
    const std::vector<std::string> owed = model_.obligations();
    for (size_t i = 0; i < owed.size() && i < 10; ++i)
      sb_.add_error("idle at " + where(cycle(), seed_) + " but " + owed[i]);
    if (owed.size() > 10)
      sb_.add_error(std::to_string(owed.size() - 10) + " more obligations left at " + where(cycle(), seed_));
  }

  bool pipeline_empty() const { return !s1_ && !s2_ && !s3_ && !s4_ && late_faults_.empty(); }

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
           pipeline_empty() && sb_.outstanding() == 0;
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

  std::string test_name_;
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
  std::unique_ptr<coverage::Collector> cov_;  // coverage hook: null unless IMS_COVERAGE_DIR
  ObligationChecker obligations_;   // obligation hook
  std::deque<TlpOrigin> origin_of_;  // predicted TLPs' ops, in sequence order
  std::vector<ReqHandshake> handshakes_;  // this cycle's request handshakes
  std::vector<uint64_t> latencies_;
  std::vector<uint64_t> seen_cycles_;
  uint64_t last_response_cycle_ = 0;
  uint64_t last_write_accept_cycle_ = 0;
  uint64_t last_bvalid_cycle_ = 0;
  uint64_t close_races_ = 0;
  bool record_ops_ = false;
  std::vector<OpSeen> ops_seen_;
  std::array<uint64_t, 2> recent_requests_{};  // handshake cycles (one per cycle at most)
  size_t recent_next_ = 0;
  uint64_t last_req_cycle_ = 0;
  bool any_req_ = false;
  bool finished_ = false;
  HostAccess host_w_, host_r_;
  bool bvalid_before_ = false, rvalid_before_ = false, ar_taken_before_ = false;
  bool ar_taken_2before_ = false;  // ar_taken_before_ one cycle later
  bool reset_done_before_ = false;
  std::optional<InFlight> s1_, s2_, s3_, s4_;
  decltype(ImsModel::Op::faults) late_faults_;  // the reported op's records, landing on the next edge
};

}  // namespace ims::tb
