// SPDX-License-Identifier: Apache-2.0
// The maintenance obligation checker: the release, sweep and reset work the
// block owes, stated as bounds (docs/theory-of-operation.md, "Maintenance
// obligations"), checked as the bench runs. The golden model follows the
// DUT's choice of which release, scan and reset ops run and when (the op
// probe); this checker says what the DUT must choose:
//  (a) a pending entry that becomes deliverable leaves its pending state
//      (its release is decided) within a bound counted from the cause: an
//      entry unmask within kUnmaskBound cycles, a sweep's entry within the
//      sweep's cost rule (two passes, one scan slot per word and one release
//      slot per pending entry, every slot two cycles under request load);
//  (b) every release, scan and reset op has a cause: a release needs an
//      entry unmask of its entry or a scan that found the entry pending; a
//      scan needs a sweep (an opening ADI CTRL write, the global condition
//      becoming true, a release that named a stale owner), one pass per
//      sweep plus at most one rerun; a reset op needs the running reset's
//      block, once per entry;
//  (c) an ADI reset ends (CTRL.reset reads 0) within two cycles per entry of
//      the held block plus a fixed cost, then at most kResetEndBound cycles
//      in which the output slice is empty and the host port idle;
//  (d) a request waiting at a port is taken before more than
//      2 * NumReqPorts - 1 other ops (not host reads) enter the pipeline.
// Cycles are counted only when they can serve the obligation: a cycle
// counts for a release if the pipeline moves and neither a host read (which
// always goes first) nor an ADI reset op (which goes before releases) enters;
// for a reset if the pipeline moves and no host read enters. A stalled sink
// or a host reading back to back therefore stretches the bounds, as the
// documented costs say.
//
// It is fed by the bench (tb/bench.hpp, "obligation hook"): every host write
// as the model takes it (with the model's release causes), every op as the
// model decides it, each ADI reset completion (the reset-done probe, which
// the model's CTRL read-back follows), and every cycle's pipeline movement,
// op entering and request-port handshakes. It reads the model's state
// (pending, deliverable, the running reset) but never changes it. Nothing
// scans all entries per cycle: open obligations sit in a queue ordered by
// deadline; a sweep cause walks the pending bits once.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/ims_model.hpp"

namespace ims::tb {

class ObligationChecker {
 public:
  using OpKind = ImsModel::OpKind;

  // Bounds (docs/theory-of-operation.md, "Maintenance obligations").
  // An entry unmask's release is decided (stage 2) within this many counted
  // cycles of the write landing: 4 when idle (engine slot, lookup stage,
  // offer register, S0, S1), plus the at most three ops on their way ahead
  // of it, plus one request slot before each of the four.
  static constexpr uint64_t kUnmaskBound = 4 + 3 + 4;
  // With the owner RAM's output register (RamOutReg builds) the release
  // engine has a read stage between its lookup stage and its offer: one
  // cycle more idle, one more op on its way ahead, and its request slot.
  static constexpr uint64_t kUnmaskReadStage = 1 + 1 + 1;
  // A sweep's entry e: 2 * (words + floor(e/32) + 1 + pending) + kSweepFixed
  // counted cycles, where words = NumEntries/32 (the pass running when the
  // cause lands may have just passed e), pending = entries pending at the
  // cause; each later unmask or newly pending entry adds two cycles.
  static constexpr uint64_t kSweepFixed = 14;
  // ... and with the read stage: a scan and a release each pass it once
  // per pass, two passes.
  static constexpr uint64_t kSweepReadStage = 4;
  static constexpr uint64_t kSweepPerEvent = 2;
  // ADI reset: every reset op enters within 2 per entry + kResetStartBound
  // counted cycles of the reset write landing; then the CTRL row write ends
  // it within kResetEndBound cycles that have the output slice empty and the
  // host port idle (the last op leaves S4, then the engine writes the row).
  static constexpr uint64_t kResetStartBound = 4 + 2;  // + S0, S1: ops are seen as they are decided
  // ... plus this many for every host write landing and every release or
  // scan op entering while reset ops are still owed.
  static constexpr uint64_t kResetPerDelay = 2;
  static constexpr uint64_t kResetEndBound = 8;

  ObligationChecker(const ImsModel& model, unsigned req_ports)
      : model_(&model),
        req_ports_(std::max(1u, req_ports)),
        unmask_credit_(model.num_entries(), 0),
        scan_credit_(model.num_entries(), 0),
        scan_allow_(words(), 0),
        reset_seen_(model.num_entries(), false),
        waited_(req_ports_, 0),
        wait_reported_(req_ports_, false),
        stale_seen_(model.stale_releases()) {}

  // The DUT's release engine has the owner read stage (ims_tb_top
  // dbg_owner_read_stage_o, RamOutReg): its bounds are the larger ones.
  void set_owner_read_stage(bool on) { read_stage_ = on; }
  uint64_t unmask_bound() const { return kUnmaskBound + (read_stage_ ? kUnmaskReadStage : 0); }

  // The block was reset: nothing is owed any more; violations are kept.
  void reset_state() {
    std::vector<std::string> v = std::move(violations_);
    Stats s = stats_;
    *this = ObligationChecker(*model_, req_ports_);
    violations_ = std::move(v);
    stats_ = s;
  }

  // A host write landed in the model on the edge before `now` (BVALID rose
  // at `now`); `causes` are the model's release causes of it.
  void on_write_landed(uint64_t now, const std::vector<int32_t>& causes) {
    // A host write may hold the op arbiter for two cycles (see "Storage").
    if (reset_.active && reset_.left > 0) reset_.deadline += kResetPerDelay;
    for (int32_t c : causes) {
      if (c == ImsModel::kSweepCause) {
        sweep_cause(now, "sweep");
      } else {
        const auto e = static_cast<uint32_t>(c);
        ++events_;
        unmask_credit_[e] = sat_inc(unmask_credit_[e]);
        if (model_->pending(e) && model_->deliverable(e))
          owe(e, now, rel_clock_ + unmask_bound(), false, "its entry unmask");
      }
    }
    if (!reset_.active && model_->resetting_adi() >= 0) start_reset(now);
  }

  // The model decided `op` (it moved to stage 2) at `now`.
  void on_decided(uint64_t now, const ImsModel::Op& op) {
    switch (op.kind) {
      case OpKind::Release: release_decided(now, op); break;
      case OpKind::Scan: scan_decided(now, op.idx); break;
      case OpKind::Reset: reset_decided(now, op.idx); break;
      case OpKind::Request:
        if (op.outcome == Outcome::Pending && op.known) {
          ++events_;
          // Pending while deliverable: its row was read before an unmask
          // landed (the ADI row at S0); the sweep that unmask started owes it.
          const uint32_t e = op.row.base() + op.idx;
          if (e < model_->num_entries() && model_->pending(e) && model_->deliverable(e))
            owe(e, now, rel_clock_ + sweep_bound(e), true, "a request made it pending after its unmask");
        }
        break;
      default: break;
    }
  }

  // The DUT's ADI reset completed on the edge before `now` (the model took it).
  void on_reset_done(uint64_t now) {
    if (!reset_.active) return;  // the model reports a completion without a reset
    if (reset_.left == 0) stats_.reset_end_max = std::max(stats_.reset_end_max, quiet_clock_ - reset_.end_from);
    for (uint32_t e = reset_.base; e < reset_.end; ++e) reset_seen_[e] = false;
    reset_ = ResetState{};
    (void)now;
  }

  // One cycle: the pipeline moved (`advance`), an op entered (`op_valid`,
  // `kind`), the output slice is empty, the host port is idle; request port
  // p has valid bit p of `req_valid`, ready bit p of `req_ready`.
  void on_cycle(uint64_t now, bool advance, bool op_valid, OpKind kind, bool slice_empty, bool host_idle,
                uint32_t req_valid, uint32_t req_ready) {
    const bool host_read = op_valid && kind == OpKind::HostRead;
    if (advance && !host_read && !(op_valid && kind == OpKind::Reset)) ++rel_clock_;
    if (advance && !host_read) ++reset_clock_;
    // A release or scan that took the maintenance turn delays the next reset
    // op by one round-robin turn.
    if (reset_.active && reset_.left > 0 && op_valid && (kind == OpKind::Release || kind == OpKind::Scan))
      reset_.deadline += kResetPerDelay;
    if (slice_empty && host_idle) ++quiet_clock_;
    check_fairness(now, op_valid && !host_read, req_valid, req_ready);
    while (!queue_.empty() && queue_.top().first < rel_clock_) {
      const auto [deadline, key] = queue_.top();
      queue_.pop();
      check_owed(now, key.first, key.second);
    }
    if (reset_.active) check_reset(now);
  }

  const std::vector<std::string>& violations() const { return violations_; }

  // IMS_OBLIGATION_STATS=<file>: each checker that saw any obligation
  // appends its tightest margins (Stats) to the file, to recalibrate the
  // bounds against the whole suite (ctest runs append from every test).
  ~ObligationChecker() {
    if (const char* f = std::getenv("IMS_OBLIGATION_STATS")) {
      if (stats_.obligations == 0 && stats_.wait_max == 0 && stats_.reset_end_max == 0) return;
      FILE* fp = std::fopen(f, "a");
      if (fp) {
        std::fprintf(fp, "unmask_max %llu sweep_margin_min %lld reset_start_margin %lld reset_end_max %llu wait_max %llu n %llu\n",
                     (unsigned long long)stats_.unmask_max, (long long)stats_.sweep_margin_min,
                     (long long)stats_.reset_start_margin_min, (unsigned long long)stats_.reset_end_max,
                     (unsigned long long)stats_.wait_max, (unsigned long long)stats_.obligations);
        std::fclose(fp);
      }
    }
  }

  // The tightest margins seen (bound minus use), for calibrating and for the
  // bench report: how close the DUT came to each bound.
  struct Stats {
    uint64_t unmask_max = 0;        // counted cycles, cause -> release decided
    int64_t sweep_margin_min = INT64_MAX;
    int64_t reset_start_margin_min = INT64_MAX;
    uint64_t reset_end_max = 0;
    uint64_t wait_max = 0;          // ops a waiting request saw enter
    uint64_t obligations = 0;       // release obligations opened
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Owed {
    uint64_t deadline, events_at_open, opened_cycle, clock_at_open;
    uint32_t gen;
    bool sweep;
    const char* cause;
  };
  struct ResetState {
    bool active = false;
    int adi = -1;
    uint32_t base = 0, end = 0, left = 0;
    uint64_t start_cycle = 0, start_clock = 0, deadline = 0, end_from = 0;
    bool reported = false;
  };

  uint32_t words() const { return (model_->num_entries() + 31) / 32; }
  static uint8_t sat_inc(uint8_t v) { return v == 255 ? v : static_cast<uint8_t>(v + 1); }

  uint64_t sweep_bound(uint32_t e) const {
    return 2 * (words() + e / 32 + 1 + pending_at_cause_) + kSweepFixed + (read_stage_ ? kSweepReadStage : 0);
  }

  void sweep_cause(uint64_t now, const char* why) {
    // One more pass is owed: every word may be scanned once more (a pass
    // running now finishes, then reruns; causes during one pass coalesce).
    for (auto& a : scan_allow_) a = static_cast<uint8_t>(std::min(2, a + 1));
    // Entries pending and deliverable now are owed by this sweep.
    pending_at_cause_ = 0;
    for (uint32_t e = 0; e < model_->num_entries(); ++e) pending_at_cause_ += model_->pending(e) ? 1 : 0;
    for (uint32_t e = 0; e < model_->num_entries(); ++e)
      if (model_->pending(e) && model_->deliverable(e)) owe(e, now, rel_clock_ + sweep_bound(e), true, why);
  }

  void owe(uint32_t e, uint64_t now, uint64_t deadline, bool sweep, const char* why) {
    ++stats_.obligations;
    const uint32_t gen = ++gen_;
    // A newer cause replaces an older obligation of the entry (the newer
    // deadline: the checker cannot tell whether the entry stayed deliverable
    // in between, so it never holds the DUT to the older one).
    owed_[e] = Owed{deadline, events_, now, rel_clock_, gen, sweep, why};
    queue_.emplace(deadline, std::make_pair(e, gen));
  }

  void check_owed(uint64_t now, uint32_t e, uint32_t gen) {
    auto it = owed_.find(e);
    if (it == owed_.end() || it->second.gen != gen) return;  // met or replaced
    Owed& o = it->second;
    if (o.sweep) {
      const uint64_t due = o.deadline + kSweepPerEvent * (events_ - o.events_at_open);
      if (due >= rel_clock_) {
        queue_.emplace(due, std::make_pair(e, gen));
        return;
      }
    }
    if (model_->pending(e) && model_->deliverable(e)) {
      violations_.push_back("entry " + std::to_string(e) + " (ADI " + std::to_string(model_->owner(e)) +
                            ") pending and deliverable since cycle " + std::to_string(o.opened_cycle) + " (" +
                            o.cause + ") but not released by cycle " + std::to_string(now) + ": " +
                            std::to_string(rel_clock_ - o.clock_at_open) + " counted cycles, bound " +
                            std::to_string(o.deadline - o.clock_at_open) +
                            (o.sweep ? " plus 2 per unmask or pending event since" : ""));
    }
    owed_.erase(it);
  }

  void release_decided(uint64_t now, const ImsModel::Op& op) {
    const uint32_t e = op.idx;
    if (e >= model_->num_entries()) return;  // the model refuses it
    if (unmask_credit_[e] > 0) {
      --unmask_credit_[e];
    } else if (scan_credit_[e] > 0) {
      --scan_credit_[e];
    } else {
      violations_.push_back("release op for entry " + std::to_string(e) + " (ADI " + std::to_string(op.adi) +
                            ") at cycle " + std::to_string(now) +
                            " without a cause: no entry unmask of it and no scan that found it pending");
    }
    if (model_->stale_releases() != stale_seen_) {
      // It named a stale owner and did nothing: the DUT owes one more sweep.
      stale_seen_ = model_->stale_releases();
      sweep_cause(now, "a release named a stale owner");
    }
    auto it = owed_.find(e);
    if (it != owed_.end() && !model_->pending(e)) {
      const uint64_t used = rel_clock_ - it->second.clock_at_open;
      if (it->second.sweep) {
        const uint64_t bound = it->second.deadline - it->second.clock_at_open +
                               kSweepPerEvent * (events_ - it->second.events_at_open);
        stats_.sweep_margin_min = std::min(stats_.sweep_margin_min, static_cast<int64_t>(bound) -
                                                                        static_cast<int64_t>(used));
      } else {
        stats_.unmask_max = std::max(stats_.unmask_max, used);
      }
      owed_.erase(it);
    }
  }

  void scan_decided(uint64_t now, uint32_t word) {
    if (word >= words()) return;
    if (scan_allow_[word] == 0) {
      violations_.push_back("scan op of pending word " + std::to_string(word) + " at cycle " +
                            std::to_string(now) + " without a cause: no sweep owes it");
    } else {
      --scan_allow_[word];
    }
    // Every bit it finds pending may be released once.
    for (uint32_t b = 0; b < 32; ++b) {
      const uint32_t e = 32 * word + b;
      if (e < model_->num_entries() && model_->pending(e)) scan_credit_[e] = sat_inc(scan_credit_[e]);
    }
  }

  void start_reset(uint64_t now) {
    reset_.active = true;
    reset_.adi = model_->resetting_adi();
    const AdiRow& r = model_->adi(static_cast<uint32_t>(reset_.adi));
    reset_.base = std::min(r.base(), model_->num_entries());
    reset_.end = std::min(r.base() + r.size(), model_->num_entries());
    for (uint32_t e = reset_.base; e < reset_.end; ++e) reset_.left += model_->reset_due(e) ? 1 : 0;
    if (reset_.left == 0) reset_.base = reset_.end = 0;  // holds nothing: no entry
    reset_.start_cycle = now;
    reset_.start_clock = reset_clock_;
    reset_.deadline = reset_clock_ + 2 * reset_.left + kResetStartBound;
    reset_.end_from = quiet_clock_;
  }

  void reset_decided(uint64_t now, uint32_t e) {
    if (!reset_.active || e < reset_.base || e >= reset_.end) return;  // the model refuses it
    if (reset_seen_[e]) {
      violations_.push_back("second reset op for entry " + std::to_string(e) + " in the reset of ADI " +
                            std::to_string(reset_.adi) + " at cycle " + std::to_string(now));
      return;
    }
    reset_seen_[e] = true;
    if (reset_.left > 0 && --reset_.left == 0) {
      stats_.reset_start_margin_min = std::min(
          stats_.reset_start_margin_min, static_cast<int64_t>(reset_.deadline) - static_cast<int64_t>(reset_clock_));
      reset_.end_from = quiet_clock_;
    }
  }

  void check_reset(uint64_t now) {
    if (reset_.reported) return;
    if (reset_.left > 0 && reset_clock_ > reset_.deadline) {
      reset_.reported = true;
      violations_.push_back("ADI " + std::to_string(reset_.adi) + " reset started at cycle " +
                            std::to_string(reset_.start_cycle) + " still owes " + std::to_string(reset_.left) +
                            " reset op(s) at cycle " + std::to_string(now) + ": " +
                            std::to_string(reset_clock_ - reset_.start_clock) + " counted cycles, bound " +
                            std::to_string(reset_.deadline - reset_.start_clock) + " (2 per entry + " +
                            std::to_string(kResetStartBound) + " + 2 per host write or maintenance op since)");
    } else if (reset_.left == 0 && quiet_clock_ - reset_.end_from > kResetEndBound) {
      reset_.reported = true;
      violations_.push_back("ADI " + std::to_string(reset_.adi) + " reset started at cycle " +
                            std::to_string(reset_.start_cycle) + " has run all its reset ops but not ended by cycle " +
                            std::to_string(now) + ": bound " + std::to_string(kResetEndBound) +
                            " cycles with the output slice empty and the host port idle");
    }
  }

  void check_fairness(uint64_t now, bool other_op, uint32_t req_valid, uint32_t req_ready) {
    const uint64_t bound = 2 * req_ports_ - 1;
    for (unsigned p = 0; p < req_ports_; ++p) {
      const bool valid = (req_valid >> p) & 1u, ready = (req_ready >> p) & 1u;
      if (!valid || ready) {
        if (valid && ready) stats_.wait_max = std::max(stats_.wait_max, waited_[p]);
        waited_[p] = 0;
        wait_reported_[p] = false;
        continue;
      }
      if (!other_op) continue;
      if (++waited_[p] > bound && !wait_reported_[p]) {
        wait_reported_[p] = true;
        violations_.push_back("request port " + std::to_string(p) + " waiting at cycle " + std::to_string(now) +
                              " has seen " + std::to_string(waited_[p]) + " other ops enter: bound " +
                              std::to_string(bound) + " (round robin)");
      }
    }
  }

  const ImsModel* model_;  // read only
  unsigned req_ports_;
  std::vector<uint8_t> unmask_credit_, scan_credit_;  // per entry: releases caused, not yet seen
  std::vector<uint8_t> scan_allow_;                   // per pending word: scans owed
  std::vector<bool> reset_seen_;                      // per entry: reset op seen in this reset
  std::vector<uint64_t> waited_;                      // per request port: ops seen enter while waiting
  std::vector<bool> wait_reported_;
  std::unordered_map<uint32_t, Owed> owed_;           // entry -> its open release obligation
  using Key = std::pair<uint64_t, std::pair<uint32_t, uint32_t>>;  // deadline, (entry, gen)
  std::priority_queue<Key, std::vector<Key>, std::greater<Key>> queue_;
  uint64_t rel_clock_ = 0, reset_clock_ = 0, quiet_clock_ = 0;
  bool read_stage_ = false;  // set_owner_read_stage()
  uint64_t events_ = 0;  // unmasks and newly pending entries (each stretches a sweep)
  uint64_t pending_at_cause_ = 0;
  uint64_t stale_seen_ = 0;
  uint32_t gen_ = 0;
  ResetState reset_;
  std::vector<std::string> violations_;
  Stats stats_;
};

}  // namespace ims::tb
