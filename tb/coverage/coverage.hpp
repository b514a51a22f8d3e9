// SPDX-License-Identifier: Apache-2.0
// Functional coverage: the bins of docs/coverage-plan.md, sampled by every
// Bench while IMS_COVERAGE_DIR is set, written per test for
// scripts/coverage_report.py to merge.
//
// Contract:
//  * Collector::from_env() returns nullptr unless IMS_COVERAGE_DIR names a
//    directory: then the Bench pays one null test per hook and nothing else.
//  * Every bin of the plan is declared up front (declare()), so a bin never
//    hit is written with 0 hits; bins the plan proves unreachable are
//    declared with their reason and written as such.
//  * The collector only observes what the bench already sees at the ports
//    (TLPs from the monitor, request handshakes, host accesses and their
//    responses, the op probe, ADI reset completion, TLP/request ready) and
//    the golden model's state and decisions (spec categories: an outcome, a
//    fault reason, an ADI's lifecycle state). It never drives, never fails a
//    test and never changes the model (it holds it const).
//  * flush() adds this Bench's hits to the process's totals for its file,
//    <dir>/<test name>.s<seed>.p<pid>.cov, and rewrites that file:
//      "bin\t<group>\t<bin>\t<hits>" and
//      "unreachable\t<group>\t<bin>\t<reason>" lines.
//  * write_verilator() (coverage build only, IMS_VERILATOR_COVERAGE) writes
//    the Verilator context's line/toggle points to
//    <dir>/vlt/<test name>.p<pid>.<n>.dat.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../agents/req_driver.hpp"
#include "../harness/seed.hpp"
#include "../model/ims_model.hpp"
#include "../model/tlp.hpp"

#ifdef IMS_VERILATOR_COVERAGE
#include <verilated.h>
#include <verilated_cov.h>
#endif

namespace ims::tb::coverage {

inline std::string output_dir() {
  const char* d = std::getenv("IMS_COVERAGE_DIR");
  return (d != nullptr && d[0] != '\0') ? std::string(d) : std::string();
}

// group -> bin -> hits, in declaration order of the plan (std::map keeps
// the report stable; the report script orders groups by the plan anyway).
struct BinTable {
  std::map<std::pair<std::string, std::string>, uint64_t> hits;
  std::map<std::pair<std::string, std::string>, std::string> unreachable;
  void add(const BinTable& o) {
    for (const auto& [k, v] : o.hits) hits[k] += v;
    for (const auto& [k, v] : o.unreachable) unreachable[k] = v;
  }
};

// ---- bin names (the plan's categories) -------------------------------------
namespace names {
inline const char* outcome(Outcome o) {
  switch (o) {
    case Outcome::Sent: return "sent";
    case Outcome::Pending: return "pending";
    case Outcome::DropDisabled: return "drop_global_disabled";
    case Outcome::DropUnknownAdi: return "drop_unknown_adi";
    case Outcome::DropAdiDisabled: return "drop_adi_disabled";
    case Outcome::DropOutOfRange: return "drop_out_of_range";
    case Outcome::DropWindow: return "drop_window";
    case Outcome::DropPasidCheck: return "drop_pasid_check";
    case Outcome::DropGuestUntagged: return "drop_guest_untagged";
    case Outcome::Satisfied: return "satisfied";
  }
  return "?";
}
inline const char* op_kind(ImsModel::OpKind k) {
  switch (k) {
    case ImsModel::OpKind::Request: return "request";
    case ImsModel::OpKind::Release: return "release";
    case ImsModel::OpKind::HostRead: return "host_read";
    case ImsModel::OpKind::Satisfy: return "satisfy";
    case ImsModel::OpKind::Scan: return "scan";
    case ImsModel::OpKind::Reset: return "reset";
  }
  return "?";
}
}  // namespace names

// An ADI's lifecycle state as the spec names it (§5 item 9; CTRL bits).
enum class AdiState { Off, Enabled, Held, Resetting };
inline const char* state_name(AdiState s) {
  switch (s) {
    case AdiState::Off: return "off";
    case AdiState::Enabled: return "enabled";
    case AdiState::Held: return "disabled_held";
    case AdiState::Resetting: return "resetting";
  }
  return "?";
}
inline AdiState state_of(const AdiRow& r) {
  if (r.resetting()) return AdiState::Resetting;
  if (r.enabled()) return AdiState::Enabled;
  return r.held() ? AdiState::Held : AdiState::Off;
}

class Collector {
 public:
  static std::unique_ptr<Collector> from_env(const std::string& test_name, uint64_t seed,
                                             const ImsModel& m) {
    const std::string dir = output_dir();
    if (dir.empty()) return nullptr;
    return std::make_unique<Collector>(dir, test_name, seed, m);
  }

  Collector(std::string dir, const std::string& test_name, uint64_t seed, const ImsModel& m)
      : dir_(std::move(dir)),
        file_(dir_ + "/" + sanitize_name(test_name) + ".s" + std::to_string(seed) + ".p" +
              std::to_string(static_cast<long>(::getpid())) + ".cov"),
        entries_(m.num_entries()),
        adis_(m.num_adis()),
        fault_depth_(m.fault_depth()) {
    declare_all();
    prev_lost_ = m.fault_lost();
    prev_overflow_ = m.fault_overflow();
    prev_log_size_ = m.faults().size();
  }

  // ---- hooks (tb/bench.hpp) ----------------------------------------------
  // Once per sampled cycle, after the bench's own monitors (tlp: the TLP
  // taken this cycle, if any).
  template <class Top>
  void on_cycle(const Top& t, uint64_t now, const TlpWords* tlp,
                const std::vector<ReqHandshake>& handshakes, const ImsModel& m) {
    if (tlp != nullptr) on_tlp(*tlp);
    backpressure(t.tlp_valid_o != 0, t.tlp_ready_i != 0, tlp != nullptr);
    if (t.dbg_out_count_o >= 2) hit("backpressure", "output_slice_full");
    // Request port: valid without ready (the block stalls a requester).
    const uint64_t rv = static_cast<uint64_t>(t.req_valid_i), rr = static_cast<uint64_t>(t.req_ready_o);
    if (rv & ~rr) {
      ++req_stall_;
    } else if (req_stall_ > 0) {
      hit("backpressure", req_stall_ == 1 ? "request_stall_1" : req_stall_ < 8 ? "request_stall_2_7"
                                                                                : "request_stall_8_plus");
      req_stall_ = 0;
    }
    if (__builtin_popcountll(rv) >= 2) hit("request_port", "several_ports_valid");
    for (unsigned p = 0; p < 4; ++p)
      if ((rv & rr) >> p & 1u) hit("request_port", "port_" + std::to_string(p));
    for (const auto& hs : handshakes) on_handshake(hs, now, m);
    if (t.dbg_op_valid_o) hit("op_kind", names::op_kind(static_cast<ImsModel::OpKind>(t.dbg_op_kind_o)));
    // The block takes requests while a TLP waits for the sink (its output
    // slice has room): the throughput clause under backpressure.
    if (!handshakes.empty() && t.tlp_valid_o && !t.tlp_ready_i) hit("backpressure", "request_while_tlp_waits");
    if (t.dbg_reset_done_o && resetting_adi_ >= 0) {
      hit("adi_lifecycle", resetting_held_ ? "resetting->off(block_reset)" : "resetting->off(held_nothing)");
      resetting_adi_ = -1;
    }
    if (resetting_adi_ >= 0 && tlp != nullptr) hit("reset_mid_traffic", "adi_reset:tlp_sent_during");
    fault_log(m);
  }

  // Before the model decides a pipeline op (its rows as the op reads them).
  void before_decide(const ImsModel::Op& op, const ImsModel& m) {
    pre_pending_ = false;
    pre_entry_masked_ = false;
    pre_entry_ = -1;
    uint32_t e = op.idx;
    if (op.kind == ImsModel::OpKind::Request || op.kind == ImsModel::OpKind::Satisfy) {
      if (!op.known || op.idx >= op.row.size() || op.row.base() + op.idx >= entries_) return;
      e = op.row.base() + op.idx;
    }
    if (e >= entries_) return;
    pre_entry_ = static_cast<int64_t>(e);
    pre_pending_ = m.pending(e);
    pre_entry_masked_ = (m.entry(e).ctrl & reg::kEntryCtrlMask) != 0;
  }

  // After: its outcome, fault records and the TLPs it predicts.
  void after_decide(const ImsModel::Op& op, const ImsModel& m, uint64_t tlps) {
    using K = ImsModel::OpKind;
    for (const FaultRecord& f : op.faults) hit("fault_reason", reason_name(f.reason));
    switch (op.kind) {
      case K::Request: {
        hit("request_outcome", names::outcome(op.outcome));
        if (op.pasid_valid && op.outcome != Outcome::DropPasidCheck && pre_entry_ >= 0 &&
            (m.entry(static_cast<uint32_t>(pre_entry_)).ctrl & reg::kEntryCtrlPasidChk))
          hit("request_outcome", "pasid_check_passed");
        if (op.known) vector_class(op.idx, op.row.size());
        if (pre_entry_ >= 0 && op.outcome != Outcome::DropDisabled && op.outcome != Outcome::DropAdiDisabled)
          hit("entry_index", "request:" + entry_class(static_cast<uint32_t>(pre_entry_)));
        if (op.outcome == Outcome::Pending) mask_level(op, m);
        break;
      }
      case K::Satisfy:
        hit("request_outcome", std::string("satisfy:") + names::outcome(op.outcome));
        if (op.outcome == Outcome::Satisfied)
          hit("mask_pending", std::string("satisfy:") + (pre_pending_ ? "was_pending" : "not_pending") +
                                  (pre_entry_masked_ ? ",masked" : ",unmasked"));
        break;
      case K::Release: {
        if (!pre_pending_) break;
        hit("entry_index", "release:" + entry_class(op.idx));
        const bool dropped = !op.faults.empty();
        if (tlps > 0 || dropped)
          hit("mask_pending", "unmask_via_" + last_unmask_ + (dropped ? ":dropped" : ":sent"));
        break;
      }
      case K::Reset:
        hit("entry_index", "reset:" + entry_class(op.idx));
        if (pre_pending_) hit("reset_mid_traffic", "adi_reset:pending_entry_cleared");
        break;
      case K::HostRead:
      case K::Scan:
        break;
    }
  }

  // A host write lands (the model has not taken it yet) at `now`, the
  // cycle BVALID rises.
  void before_write(uint32_t addr, uint32_t data, uint8_t strb, uint64_t now, const ImsModel& m) {
    w_ = Write{addr, data, strb, classify_write(addr, data, strb, m)};
    w_adi_ = -1;
    if (addr >= reg::kAdi && addr < reg::kAdi + 16 * adis_ && (addr & 3u) == 0) {
      w_adi_ = static_cast<int>((addr - reg::kAdi) / 16);
      w_adi_pre_ = m.adi(static_cast<uint32_t>(w_adi_));
    }
    w_refused_guest_ = m.counter_refused_guest();
    w_refused_config_ = m.counter_refused_config();
    w_illegal_ = m.counter_illegal_host();
    // A race counts only for a write that takes effect: after_write records
    // it when the answer is OKAY (a refused write races nothing).
    race_kind_ = race_kind(addr);
    race_target_ = race_target(addr, m);
    race_now_ = now;
    if (resetting_adi_ >= 0) hit("reset_mid_traffic", "adi_reset:host_write_during");
    if (addr == reg::kFaultPop && (strb & 1u) && (data & reg::kFaultPopHead) && m.faults().empty())
      hit("fault_log", "pop_empty");
  }

  void after_write(Resp resp, const ImsModel& m) {
    if (resp == Resp::SlvErr) {
      hit("host_error", "write:" + w_.cls);
    } else {
      hit("host_okay", "write:" + w_.cls);
      unmask_path(m);
      if (race_kind_ != nullptr) {
        // Requests 1..3 cycles before the landing (same cycle and after: on_handshake).
        for (const Recent& r : recent_requests_)
          if (r.cycle < race_now_ && race_now_ - r.cycle <= 3 && race_matches(race_kind_, race_target_, r))
            hit("race", std::string(race_kind_) + ":request_before_" + std::to_string(race_now_ - r.cycle));
        recent_writes_.push_back(RecentWrite{race_now_, race_kind_, race_target_});
        while (recent_writes_.size() > 8) recent_writes_.pop_front();
      }
    }
    if (m.counter_refused_guest() != w_refused_guest_) hit("fault_reason", reason_name(fault::kGuestRefused));
    if (m.counter_refused_config() != w_refused_config_) hit("fault_reason", reason_name(fault::kConfigRefused));
    if (m.counter_illegal_host() != w_illegal_) hit("fault_reason", reason_name(fault::kIllegalHost));
    if (w_adi_ >= 0) lifecycle(m.adi(static_cast<uint32_t>(w_adi_)), (w_.addr & 0xCu) == 0x4);
  }

  // A host read completed with the model's response `resp`.
  void on_read(uint32_t addr, Resp resp, const ImsModel& m) {
    const std::string cls = classify_read(addr, m);
    hit(resp == Resp::SlvErr ? "host_error" : "host_okay", "read:" + cls);
  }

  // rst_ni pulled low by the test (Bench::hard_reset).
  void on_hard_reset(bool traffic, const ImsModel& m) {
    bool resetting = false;
    for (uint32_t a = 0; a < adis_ && !resetting; ++a) resetting = m.adi(a).resetting();
    hit("reset_mid_traffic", traffic ? "hard_reset:mid_traffic" : "hard_reset:idle");
    if (resetting) hit("reset_mid_traffic", "hard_reset:during_adi_reset");
    if (m.faults().size() > 0) hit("reset_mid_traffic", "hard_reset:fault_log_not_empty");
    resetting_adi_ = -1;
    tlp_wait_ = streak_ = req_stall_ = 0;
    recent_requests_.clear();
    recent_writes_.clear();
    prev_lost_ = 0;
    prev_overflow_ = false;
    prev_log_size_ = 0;
  }

  void flush() {
    BinTable& total = process_totals()[file_];
    total.add(bins_);
    for (auto& [k, v] : bins_.hits) v = 0;
    std::ofstream out(file_ + ".tmp");
    for (const auto& [k, v] : total.hits) out << "bin\t" << k.first << '\t' << k.second << '\t' << v << '\n';
    for (const auto& [k, v] : total.unreachable)
      out << "unreachable\t" << k.first << '\t' << k.second << '\t' << v << '\n';
    out.close();
    std::rename((file_ + ".tmp").c_str(), file_.c_str());
  }

  const BinTable& bins() const { return bins_; }

 private:
  struct Write {
    uint32_t addr = 0, data = 0;
    uint8_t strb = 0;
    std::string cls;
  };
  struct Recent {
    uint64_t cycle;
    uint16_t adi;
    int64_t entry;  // -1: not an entry of the ADI's block
  };
  struct RecentWrite {
    uint64_t cycle;
    const char* kind;
    int64_t target;  // ADI or entry, -1 for global registers
  };

  static std::map<std::string, BinTable>& process_totals() {
    static std::map<std::string, BinTable> t;
    return t;
  }

  void hit(const char* group, const std::string& bin) { ++bins_.hits[{group, bin}]; }
  void declare(const char* group, const std::string& bin) { bins_.hits.emplace(std::make_pair(group, bin), 0); }
  void unreachable(const char* group, const std::string& bin, const std::string& why) {
    bins_.unreachable[{group, bin}] = why;
  }

  static std::string reason_name(uint8_t r) {
    static const char* const n[] = {"?",          "1_unknown_adi",   "2_adi_disabled",
                                    "3_out_of_range", "4_window",    "5_pasid_check",
                                    "6_guest_refused", "7_config_refused", "8_illegal_host",
                                    "9_guest_programmed_untagged"};
    return r <= 9 ? n[r] : "?";
  }

  // The universe of bins (docs/coverage-plan.md, one group per section).
  void declare_all() {
    for (const char* fmt : {"3dw", "4dw"})
      for (const char* tag : {"untagged", "tagged,pmr0,er0", "tagged,pmr1,er0", "tagged,pmr0,er1", "tagged,pmr1,er1"})
        for (int tc = 0; tc < 8; ++tc) {
          const std::string b = std::string(fmt) + "," + tag + ",tc" + std::to_string(tc);
          if (std::string(fmt) == "4dw" && std::string(tag) == "untagged")
            unreachable("tlp_format", b, "an untagged TLP leaves only inside the window, which needs address[63:32] = 0 (spec 5 item 4), and below 4 GiB the header is 3DW (wire 2.1)");
          else
            declare("tlp_format", b);
        }
    for (const char* op : {"request", "release", "reset"})
      for (const char* c : {"first_entry", "last_entry", "word_first", "word_last", "word_interior"})
        declare("entry_index", std::string(op) + ":" + c);
    for (const char* c : {"vector_0", "vector_last_in_block", "vector_interior", "vector_at_size", "vector_beyond_size"})
      declare("entry_index", c);
    for (int o = 0; o <= static_cast<int>(Outcome::DropGuestUntagged); ++o)
      declare("request_outcome", names::outcome(static_cast<Outcome>(o)));
    declare("request_outcome", "pasid_check_passed");
    declare("request_outcome", "satisfy:satisfied");
    for (const char* o : {"drop_unknown_adi", "drop_adi_disabled", "drop_out_of_range"})
      declare("request_outcome", std::string("satisfy:") + o);
    for (const char* lvl : {"entry", "adi", "global", "entry+adi", "entry+global", "adi+global", "entry+adi+global"})
      for (const char* p : {"first", "coalesced"}) declare("mask_pending", std::string("pending:") + lvl + "," + p);
    for (const char* path : {"entry_ctrl", "view_ctrl", "adi_ctrl", "global_ctrl"})
      for (const char* r : {"sent", "dropped"}) {
        const std::string b = std::string("unmask_via_") + path + ":" + r;
        if (std::string(path) == "view_ctrl" && std::string(r) == "dropped")
          unreachable("mask_pending", b, "a view write needs guest_direct, which needs pasid_en (spec 5 item 3): the owner is tagged, and only untagged releases drop");
        else
          declare("mask_pending", b);
      }
    for (const char* s : {"was_pending", "not_pending"})
      for (const char* k : {"masked", "unmasked"}) declare("mask_pending", std::string("satisfy:") + s + "," + k);
    for (int r = 1; r <= 9; ++r) declare("fault_reason", reason_name(static_cast<uint8_t>(r)));
    for (const char* c : {"misaligned", "unmapped", "read_only_register", "pba", "adi_row_beyond_build",
                          "entry_row_beyond_build", "view:unknown_adi", "view:adi_disabled", "view:vector_beyond_size",
                          "view:not_guest_direct", "adi_ctrl:partial_strobe", "adi_ctrl:while_resetting",
                          "adi_ctrl:reset_while_another_resets", "adi_ctrl:guest_direct_untagged",
                          "adi_ctrl:enable_size_0", "adi_ctrl:enable_beyond_table", "adi_ctrl:enable_overlap",
                          "adi_block:while_held", "adi_block:while_resetting"})
      declare("host_error", std::string("write:") + c);
    unreachable("host_error", "write:view:entry_beyond_table",
                "base + size <= NumEntries is checked on enable and BLOCK cannot change while held (spec 5 item 9): a vector < size is inside the table");
    for (const char* c : {"misaligned", "unmapped", "pba_beyond_build", "adi_row_beyond_build",
                          "entry_row_beyond_build", "view:unknown_adi", "view:adi_disabled", "view:vector_beyond_size"})
      declare("host_error", std::string("read:") + c);
    for (const char* c : {"pba_word_first", "pba_word_last", "view", "entry", "adi_row", "register", "fault_record"})
      declare("host_okay", std::string("read:") + c);
    for (const char* c : {"entry_addr_data", "entry_ctrl", "view_data", "view_ctrl", "adi_ctrl", "adi_block",
                          "adi_pasid", "adi_rid_override", "global_ctrl", "requester_id", "window", "fault_pop"})
      declare("host_okay", std::string("write:") + c);
    for (const char* t : {"off->enabled", "enabled->disabled_held", "disabled_held->enabled", "enabled->resetting",
                          "disabled_held->resetting", "off->resetting", "resetting->off(block_reset)",
                          "resetting->off(held_nothing)", "enabled:mask", "enabled:unmask", "off:block_reassigned"})
      declare("adi_lifecycle", t);
    unreachable("adi_lifecycle", "enabled->off",
                "disabling keeps the block held until the ADI's reset completes (spec 5 item 9): enabled goes to disabled_held");
    unreachable("adi_lifecycle", "disabled_held->off",
                "only a completed reset releases a held block (spec 5 item 9)");
    for (const char* c : {"tlp_wait_0", "tlp_wait_1", "tlp_wait_2_3", "tlp_wait_4_15", "tlp_wait_16_plus",
                          "back_to_back_1", "back_to_back_2_7", "back_to_back_8_63", "back_to_back_64_plus",
                          "output_slice_full", "request_while_tlp_waits", "request_stall_1", "request_stall_2_7",
                          "request_stall_8_plus"})
      declare("backpressure", c);
    for (const char* k : {"entry_ctrl", "entry_addr_data", "adi_ctrl", "global_ctrl"}) {
      for (int d = 3; d >= 1; --d) {
        const std::string b = std::string(k) + ":request_before_" + std::to_string(d);
        if (std::string(k) == "adi_ctrl" && d == 1)
          unreachable("race", b,
                      "an accepted ADI write lands in a cycle in which no op enters the pipeline (theory of operation, "
                      "\"Storage\": the host port holds the op arbiter then), and that is the cycle before BVALID rises");
        else
          declare("race", b);
      }
      declare("race", std::string(k) + ":same_cycle");
      for (int d = 1; d <= 3; ++d) declare("race", std::string(k) + ":request_after_" + std::to_string(d));
    }
    for (const char* c : {"hard_reset:idle", "hard_reset:mid_traffic", "hard_reset:during_adi_reset",
                          "hard_reset:fault_log_not_empty", "adi_reset:request_to_resetting_adi",
                          "adi_reset:request_to_other_adi", "adi_reset:tlp_sent_during", "adi_reset:host_write_during",
                          "adi_reset:pending_entry_cleared"})
      declare("reset_mid_traffic", c);
    for (const char* c : {"full", "record_lost", "lost_while_overflow", "overflow_cleared", "pop_head",
                          "pop_when_full", "pop_empty", "logged_after_overflow_cleared"})
      declare("fault_log", c);
    for (int k = 0; k <= 5; ++k) declare("op_kind", names::op_kind(static_cast<ImsModel::OpKind>(k)));
    for (int p = 0; p < 4; ++p) declare("request_port", "port_" + std::to_string(p));
    declare("request_port", "several_ports_valid");
  }

  // ---- TLP port ------------------------------------------------------------
  void on_tlp(const TlpWords& w) {
    const TlpFields f = decode(w);
    std::string b = is_4dw(w) ? "4dw," : "3dw,";
    if (!f.prefix_valid) {
      b += "untagged";
    } else {
      b += std::string("tagged,pmr") + (f.pmr ? "1" : "0") + ",er" + (f.er ? "1" : "0");
    }
    b += ",tc" + std::to_string(f.tc);
    hit("tlp_format", b);
  }

  void backpressure(bool valid, bool ready, bool taken) {
    if (taken) {
      const uint64_t w = tlp_wait_;
      hit("backpressure", w == 0 ? "tlp_wait_0" : w == 1 ? "tlp_wait_1" : w < 4 ? "tlp_wait_2_3"
                                                     : w < 16 ? "tlp_wait_4_15" : "tlp_wait_16_plus");
      tlp_wait_ = 0;
      ++streak_;
    } else {
      if (valid && !ready) ++tlp_wait_;
      if (streak_ > 0)
        hit("backpressure", streak_ == 1 ? "back_to_back_1" : streak_ < 8 ? "back_to_back_2_7"
                                                        : streak_ < 64 ? "back_to_back_8_63" : "back_to_back_64_plus");
      streak_ = 0;
    }
  }

  // ---- requests --------------------------------------------------------------
  void on_handshake(const ReqHandshake& hs, uint64_t now, const ImsModel& m) {
    const uint16_t adi = hs.item.adi;
    int64_t e = -1;
    if (adi < adis_) {
      const AdiRow& r = m.adi(adi);
      if (hs.item.vec < r.size() && r.base() + hs.item.vec < entries_) e = r.base() + hs.item.vec;
    }
    if (resetting_adi_ >= 0)
      hit("reset_mid_traffic", adi == resetting_adi_ ? "adi_reset:request_to_resetting_adi"
                                                     : "adi_reset:request_to_other_adi");
    if (hs.item.satisfy) return;
    const Recent r{now, adi, e};
    for (const RecentWrite& w : recent_writes_) {
      if (w.cycle > now || now - w.cycle > 3 || !race_matches(w.kind, w.target, r)) continue;
      hit("race", std::string(w.kind) + (now == w.cycle ? ":same_cycle" : ":request_after_" + std::to_string(now - w.cycle)));
    }
    recent_requests_.push_back(r);
    while (recent_requests_.size() > 4) recent_requests_.pop_front();
  }

  static bool race_matches(const char* kind, int64_t target, const Recent& r) {
    const std::string k(kind);
    if (k == "global_ctrl") return true;
    if (k == "adi_ctrl") return target == r.adi;
    return target >= 0 && target == r.entry;  // entry writes: the request's entry
  }

  static const char* race_kind(uint32_t addr) {
    if (addr == reg::kCtrl) return "global_ctrl";
    if ((addr & 3u) != 0) return nullptr;
    if (addr >= reg::kView && addr < reg::kViewEnd)
      return (addr & 0xCu) == 0xC ? "entry_ctrl" : "entry_addr_data";
    if (addr >= reg::kEntry && addr < reg::kEnd) return (addr & 0xCu) == 0xC ? "entry_ctrl" : "entry_addr_data";
    if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax && (addr & 0xCu) == 0) return "adi_ctrl";
    return nullptr;
  }
  int64_t race_target(uint32_t addr, const ImsModel& m) const {
    if (addr >= reg::kView && addr < reg::kViewEnd) {
      const uint32_t a = (addr >> 18) & 0x3FF, v = (addr >> 4) & 0x3FFF;
      if (a >= adis_) return -1;
      const AdiRow& r = m.adi(a);
      return (v < r.size() && r.base() + v < entries_) ? int64_t{r.base() + v} : -1;
    }
    if (addr >= reg::kEntry && addr < reg::kEnd) return (addr - reg::kEntry) / 16;
    if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax) return (addr - reg::kAdi) / 16;
    return -1;
  }

  // ---- index classes -------------------------------------------------------------
  std::string entry_class(uint32_t e) const {
    if (e == 0) return "first_entry";
    if (e + 1 == entries_) return "last_entry";
    if (e % 32 == 0) return "word_first";
    if (e % 32 == 31) return "word_last";
    return "word_interior";
  }
  void vector_class(uint32_t v, uint32_t size) {
    if (size == 0) return;
    hit("entry_index", v == 0 ? "vector_0" : v + 1 == size ? "vector_last_in_block" : v < size ? "vector_interior"
                                                              : v == size ? "vector_at_size" : "vector_beyond_size");
  }

  // ---- masks, pending, unmask paths ------------------------------------------------
  void mask_level(const ImsModel::Op& op, const ImsModel& m) {
    std::string lvl;
    auto add = [&](const char* s) { lvl += (lvl.empty() ? "" : "+") + std::string(s); };
    if (pre_entry_masked_) add("entry");
    if (op.row.masked()) add("adi");
    if (m.global_mask()) add("global");
    if (lvl.empty()) return;  // (a pending outcome always has a mask level)
    hit("mask_pending", "pending:" + lvl + (pre_pending_ ? ",coalesced" : ",first"));
  }

  // An OKAY write that can unmask: the path later releases are credited to.
  void unmask_path(const ImsModel& m) {
    const uint32_t a = w_.addr;
    const bool byte0 = (w_.strb & 1u) != 0;
    if (a >= reg::kView && a < reg::kViewEnd && (a & 0xCu) == 0xC && byte0 && !(w_.data & 1u)) {
      last_unmask_ = "view_ctrl";
    } else if (a >= reg::kEntry && a < reg::kEnd && (a & 0xCu) == 0xC && byte0 && !(w_.data & 1u)) {
      last_unmask_ = "entry_ctrl";
    } else if (a >= reg::kAdi && a < reg::kAdi + 16 * adis_ && (a & 0xCu) == 0 && !(w_.data & reg::kAdiCtrlReset)) {
      last_unmask_ = "adi_ctrl";
    } else if (a == reg::kCtrl && m.global_enable() && !m.global_mask()) {
      last_unmask_ = "global_ctrl";
    }
  }

  void lifecycle(const AdiRow& post, bool block_write) {
    const AdiState s0 = state_of(w_adi_pre_), s1 = state_of(post);
    if (s0 != s1) hit("adi_lifecycle", std::string(state_name(s0)) + "->" + state_name(s1));
    if (s1 == AdiState::Resetting && s0 != AdiState::Resetting) {
      resetting_adi_ = w_adi_;
      resetting_held_ = w_adi_pre_.held();
    }
    if (s0 == AdiState::Enabled && s1 == AdiState::Enabled && w_adi_pre_.masked() != post.masked())
      hit("adi_lifecycle", post.masked() ? "enabled:mask" : "enabled:unmask");
    if (block_write && s0 == AdiState::Off && post.block != w_adi_pre_.block) hit("adi_lifecycle", "off:block_reassigned");
  }

  // ---- host accesses --------------------------------------------------------------
  // The spec's category of a write, decided on the state it lands on.
  std::string classify_write(uint32_t addr, uint32_t data, uint8_t strb, const ImsModel& m) const {
    if (addr & 3u) return "misaligned";
    if (addr >= reg::kView && addr < reg::kViewEnd) {
      const uint32_t a = (addr >> 18) & 0x3FF, v = (addr >> 4) & 0x3FFF;
      if (a >= adis_) return "view:unknown_adi";
      const AdiRow& r = m.adi(a);
      if (!r.enabled()) return "view:adi_disabled";
      if (v >= r.size()) return "view:vector_beyond_size";
      if (r.base() + v >= entries_) return "view:entry_beyond_table";
      if (!(r.guest_direct() && r.tagged())) return "view:not_guest_direct";
      return (addr & 0xCu) == 0xC ? "view_ctrl" : "view_data";
    }
    if (addr >= reg::kEnd) return "unmapped";
    if (addr >= reg::kEntry) {
      if ((addr - reg::kEntry) / 16 >= entries_) return "entry_row_beyond_build";
      return (addr & 0xCu) == 0xC ? "entry_ctrl" : "entry_addr_data";
    }
    if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax) {
      const uint32_t a = (addr - reg::kAdi) / 16;
      if (a >= adis_) return "adi_row_beyond_build";
      const AdiRow& r = m.adi(a);
      switch (addr & 0xCu) {
        case 0x0: {
          if ((strb & 0xFu) != 0xFu) return "adi_ctrl:partial_strobe";
          if (r.resetting()) return "adi_ctrl:while_resetting";
          const uint32_t n = (r.ctrl & ~reg::kAdiCtrlWritable) | (data & reg::kAdiCtrlWritable);
          if ((n & reg::kAdiCtrlGuestDirect) && !(n & reg::kAdiCtrlPasidEn)) return "adi_ctrl:guest_direct_untagged";
          if (data & reg::kAdiCtrlReset) {
            for (uint32_t b = 0; b < adis_; ++b)
              if (m.adi(b).resetting()) return "adi_ctrl:reset_while_another_resets";
            return "adi_ctrl";
          }
          if ((n & reg::kAdiCtrlEnable) && !r.held()) {
            if (r.size() == 0) return "adi_ctrl:enable_size_0";
            if (r.base() + r.size() > entries_) return "adi_ctrl:enable_beyond_table";
            for (uint32_t b = 0; b < adis_; ++b) {
              const AdiRow& o = m.adi(b);
              if (b == a || !o.held() || o.size() == 0) continue;
              if (r.base() < o.base() + o.size() && o.base() < r.base() + r.size()) return "adi_ctrl:enable_overlap";
            }
          }
          return "adi_ctrl";
        }
        case 0x4:
          if (r.resetting()) return "adi_block:while_resetting";
          if (r.held()) return "adi_block:while_held";
          return "adi_block";
        case 0x8: return "adi_pasid";
        default: return "adi_rid_override";
      }
    }
    if (addr >= reg::kPba && addr < reg::kPba + 4 * reg::kPbaWordsMax) return "pba";
    switch (addr) {
      case reg::kCtrl: return "global_ctrl";
      case reg::kRequesterId: return "requester_id";
      case reg::kUntaggedBase:
      case reg::kUntaggedMask: return "window";
      case reg::kFaultPop: return "fault_pop";
      default: break;
    }
    return m.peek(addr).resp == Resp::Okay ? "read_only_register" : "unmapped";
  }

  std::string classify_read(uint32_t addr, const ImsModel& m) const {
    if (addr & 3u) return "misaligned";
    if (addr >= reg::kView && addr < reg::kViewEnd) {
      const uint32_t a = (addr >> 18) & 0x3FF, v = (addr >> 4) & 0x3FFF;
      if (a >= adis_) return "view:unknown_adi";
      const AdiRow& r = m.adi(a);
      if (!r.enabled()) return "view:adi_disabled";
      if (v >= r.size() || r.base() + v >= entries_) return "view:vector_beyond_size";
      return "view";
    }
    if (addr >= reg::kEnd) return "unmapped";
    if (addr >= reg::kEntry) return (addr - reg::kEntry) / 16 >= entries_ ? "entry_row_beyond_build" : "entry";
    if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax)
      return (addr - reg::kAdi) / 16 >= adis_ ? "adi_row_beyond_build" : "adi_row";
    if (addr >= reg::kPba && addr < reg::kPba + 4 * reg::kPbaWordsMax) {
      const uint32_t w = (addr - reg::kPba) / 4, words = (entries_ + 31) / 32;
      if (w >= words) return "pba_beyond_build";
      if (w == 0) return "pba_word_first";
      if (w + 1 == words) return "pba_word_last";
      return "pba_word_middle";
    }
    if (addr >= reg::kFaultRecCode && addr <= reg::kFaultRecValue) return "fault_record";
    return m.peek(addr).resp == Resp::Okay ? "register" : "unmapped";
  }

  // ---- fault log --------------------------------------------------------------------
  void fault_log(const ImsModel& m) {
    const size_t n = m.faults().size();
    const uint32_t lost = m.fault_lost();
    const bool ovf = m.fault_overflow();
    if (n == fault_depth_ && prev_log_size_ < fault_depth_) hit("fault_log", "full");
    if (lost != prev_lost_) {
      hit("fault_log", "record_lost");
      if (prev_overflow_) hit("fault_log", "lost_while_overflow");
    }
    if (prev_overflow_ && !ovf) {
      hit("fault_log", "overflow_cleared");
      cleared_overflow_ = true;
    }
    if (n < prev_log_size_) {
      hit("fault_log", "pop_head");
      if (prev_log_size_ == fault_depth_) hit("fault_log", "pop_when_full");
    }
    if (n > prev_log_size_ && cleared_overflow_) hit("fault_log", "logged_after_overflow_cleared");
    prev_log_size_ = n;
    prev_lost_ = lost;
    prev_overflow_ = ovf;
  }

  std::string dir_, file_;
  uint32_t entries_, adis_, fault_depth_;
  BinTable bins_;
  // pipeline op being decided
  int64_t pre_entry_ = -1;
  bool pre_pending_ = false, pre_entry_masked_ = false;
  std::string last_unmask_ = "entry_ctrl";
  // host write landing
  Write w_;
  int w_adi_ = -1;
  AdiRow w_adi_pre_;
  uint32_t w_refused_guest_ = 0, w_refused_config_ = 0, w_illegal_ = 0;
  const char* race_kind_ = nullptr;
  int64_t race_target_ = -1;
  uint64_t race_now_ = 0;  // the landing cycle of the write being taken
  std::deque<Recent> recent_requests_;
  std::deque<RecentWrite> recent_writes_;
  // ADI reset running (from the landing of its write to dbg_reset_done_o)
  int resetting_adi_ = -1;
  bool resetting_held_ = false;
  // ports
  uint64_t tlp_wait_ = 0, streak_ = 0, req_stall_ = 0;
  // fault log
  size_t prev_log_size_ = 0;
  uint32_t prev_lost_ = 0;
  bool prev_overflow_ = false, cleared_overflow_ = false;
};

#ifdef IMS_VERILATOR_COVERAGE
// Coverage build: this context's line and toggle points, one file per Bench.
inline void write_verilator(VerilatedContext& ctx, const std::string& test_name) {
  const std::string dir = output_dir();
  if (dir.empty()) return;
  static unsigned n = 0;
  const std::string path = dir + "/vlt/" + sanitize_name(test_name) + ".p" +
                           std::to_string(static_cast<long>(::getpid())) + "." + std::to_string(n++) + ".dat";
  ctx.coveragep()->write(path.c_str());
}
#endif

}  // namespace ims::tb::coverage
