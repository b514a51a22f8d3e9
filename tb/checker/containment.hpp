// SPDX-License-Identifier: Apache-2.0
// Containment checker ("IOMMU view"): judges every TLP the block emits
// against a shadow of the host configuration, independently of the golden
// model (it shares only the TLP decoder, model/tlp.hpp).
//
// Contract (docs/containment.md, spec §5):
//  * It sees only host writes the DUT accepted with OKAY (on_host_write(), or
//    begin_write() at AW/W acceptance + end_write(okay) at the response, which
//    undoes a refused write) and TLPs (on_tlp()). Its shadow is decoded from
//    the register map by itself: globals, ADI rows, entries (reset: mask 1,
//    address/data 0), ADI views at 0x1000_0000 + a*0x4_0000 + 16*v (words
//    0..2 store into entry base+v and set GP; word 3 writes only the mask,
//    byte 0). Host-view entry control: bit 0 mask, bit 2 write-1-clears GP.
//    Byte strobes are honoured. Writes it cannot map are ignored.
//  * Each TLP is judged against the shadow as it is when observed. The state
//    before a recent host write is accepted too: while the write is in flight
//    (the DUT commits it at some cycle before its response), and until the
//    pipeline has advanced three times after its response, since a request
//    accepted before the response may still be in stages S0..S2 (the spec's
//    commit point: requests accepted after the response see the write).
//    well-formed 1-DW MWr; tagged: PASID of an enabled tagged ADI, PMR/ER of
//    that ADI, (address, data) of an unmasked entry of its block; untagged:
//    inside the window and from an unmasked, not guest-programmed entry of an
//    enabled untagged ADI; any: global enable 1, mask 0, ADI unmasked, RID
//    (override or REQUESTER_ID) and TC of the ADI.
//  * Each failing TLP adds one violation string naming the cycle, the TLP and
//    the reasons. checked() counts the TLPs judged.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ims_regmap.hpp"
#include "model/tlp.hpp"

namespace ims::tb {

class ContainmentChecker {
 public:
  // ADI views (docs/containment.md, "ADI views"); not in the generated map.
  static constexpr uint32_t kViewBase = 0x10000000u;
  static constexpr uint32_t kViewStride = 0x40000u;  // 64 pages of 4 KiB per ADI
  static constexpr uint32_t kViewVectors = kViewStride / 16;

  ContainmentChecker(uint32_t num_entries, uint32_t num_adis);
  // The block was reset: back to the reset configuration, keeping the
  // violations found so far and the count of checked TLPs.
  void reset_state() {
    std::vector<std::string> v = std::move(violations_);
    const uint64_t checked = checked_;
    *this = ContainmentChecker(num_entries_, num_adis_);
    violations_ = std::move(v);
    checked_ = checked;
  }

  // An accepted (OKAY) host write.
  void on_host_write(uint32_t addr, uint32_t data, uint8_t strb);
  // Speculative form: apply at acceptance, then keep (okay) or undo.
  void begin_write(uint32_t addr, uint32_t data, uint8_t strb);
  void end_write(bool okay);
  // The pipeline moved this cycle (retires answered writes' pre-states).
  // After kRetireAdvances advances the ops that may have read the old state
  // have left the pipeline, but up to `in_slice` of their TLPs may still
  // wait in the TLP output slice: the old state is kept for that many more
  // TLPs (an upper bound the caller takes from the slice's count).
  void on_advance(int in_slice = 0);
  static constexpr int kRetireAdvances = 3;  // S0..S2

  void on_tlp(const TlpWords& w, uint64_t cycle);

  const std::vector<std::string>& violations() const { return violations_; }
  uint64_t checked() const { return checked_; }

 private:
  struct Adi {
    uint32_t ctrl = 0, block = 0, pasid = 0, rid = 0;  // raw register words
    bool held = false;  // holds its block: from an accepted enable until its reset
    bool enabled() const;
    bool masked() const;
    bool tagged() const;
    bool pmr() const;
    bool er() const;
    uint8_t tc() const;
    uint32_t base() const;
    uint32_t size() const;
    uint32_t pasid_value() const;
    bool rid_override() const;
    uint16_t rid_value() const;
  };
  struct Entry {
    uint32_t addr_lo = 0, addr_hi = 0, data = 0;
    bool mask = true, gp = false;
  };
  struct Globals {
    uint32_t ctrl = 0, requester_id = 0;
    uint32_t untagged_base = 0, untagged_mask = 0;
  };
  using Key = std::pair<uint64_t, uint32_t>;  // (address, bits 1:0 clear; data)

  // Undo record of one speculative write.
  struct Undo {
    bool active = false;
    // Answered: it retires when the advance count reaches retire_at, then
    // explains TLPs until the TLP count reaches dies_at (the slice's TLPs).
    // Counts, not per-record countdowns, so a cycle costs O(1) however many
    // writes are kept (thousands while no TLP flows, e.g. configuration).
    uint64_t retire_at = 0;
    uint64_t dies_at = 0;
    Globals globals;
    int64_t adi = -1;
    Adi adi_row;
    std::vector<std::pair<uint32_t, Entry>> entries;  // rows before the write
  };

  void apply(uint32_t addr, uint32_t data, uint8_t strb);
  void write_global(uint32_t addr, uint32_t data, uint8_t strb);
  void write_adi(uint32_t a, uint32_t word, uint32_t data, uint8_t strb);
  void write_entry(uint32_t e, uint32_t word, uint32_t data, uint8_t strb, bool from_view);
  void save_adi(uint32_t a);
  void set_entry(uint32_t e, const Entry& next);
  void revert(const Undo& u);
  void save_entry(uint32_t e);
  // Every reason the current shadow cannot explain the TLP (empty: fine).
  std::vector<std::string> judge(const TlpWords& w);

  static Key key_of(const Entry& e);
  static uint32_t merge(uint32_t old, uint32_t data, uint8_t strb);

  // Reasons ADI a cannot have sent this TLP (empty: it could have).
  std::vector<std::string> reasons_for(uint32_t a, const TlpFields& f) const;
  std::string entry_reason(uint32_t a, const TlpFields& f) const;
  // reasons_for(a, f).empty(), without building the reasons (the hot path).
  bool explains(uint32_t a, const TlpFields& f) const;
  bool entry_explains(uint32_t a, const TlpFields& f) const;
  uint16_t rid_for(const Adi& adi) const;
  void violation(uint64_t cycle, const TlpWords& w, const std::string& why);

  uint32_t num_entries_, num_adis_;
  Globals g_;
  std::vector<Adi> adis_;
  std::vector<Entry> entries_;
  std::map<Key, std::set<uint32_t>> by_key_;  // (address, data) -> entries
  Undo undo_;                   // the write being applied (newest)
  std::deque<Undo> history_;    // answered writes whose pre-state may still explain TLPs
  uint64_t advances_ = 0;       // on_advance() calls
  uint64_t tlps_ = 0;           // on_tlp() calls
  std::vector<std::string> violations_;
  uint64_t checked_ = 0;
  std::array<uint32_t, 4> recent_{~0u, ~0u, ~0u, ~0u};  // ADIs that explained recent TLPs, newest first
};

// ---- implementation ------------------------------------------------------

namespace containment_detail {
inline std::string hex(uint64_t v) {
  static const char* d = "0123456789ABCDEF";
  std::string s;
  do {
    s.insert(s.begin(), d[v & 0xF]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}
}  // namespace containment_detail

inline bool ContainmentChecker::Adi::enabled() const { return ctrl & IMS_REGS__ADI__CTRL__ENABLE_bm; }
inline bool ContainmentChecker::Adi::masked() const { return ctrl & IMS_REGS__ADI__CTRL__MASK_bm; }
inline bool ContainmentChecker::Adi::tagged() const { return ctrl & IMS_REGS__ADI__CTRL__PASID_EN_bm; }
inline bool ContainmentChecker::Adi::pmr() const { return ctrl & IMS_REGS__ADI__CTRL__PMR_bm; }
inline bool ContainmentChecker::Adi::er() const { return ctrl & IMS_REGS__ADI__CTRL__ER_bm; }
inline uint8_t ContainmentChecker::Adi::tc() const {
  return static_cast<uint8_t>((ctrl & IMS_REGS__ADI__CTRL__TC_bm) >> IMS_REGS__ADI__CTRL__TC_bp);
}
inline uint32_t ContainmentChecker::Adi::base() const { return block & IMS_REGS__ADI__BLOCK__BASE_bm; }
inline uint32_t ContainmentChecker::Adi::size() const {
  return (block & IMS_REGS__ADI__BLOCK__SIZE_bm) >> IMS_REGS__ADI__BLOCK__SIZE_bp;
}
inline uint32_t ContainmentChecker::Adi::pasid_value() const { return pasid & IMS_REGS__ADI__PASID__PASID_bm; }
inline bool ContainmentChecker::Adi::rid_override() const {
  return rid & IMS_REGS__ADI__RID_OVERRIDE__ENABLE_bm;
}
inline uint16_t ContainmentChecker::Adi::rid_value() const {
  return static_cast<uint16_t>(rid & IMS_REGS__ADI__RID_OVERRIDE__RID_bm);
}

inline ContainmentChecker::ContainmentChecker(uint32_t num_entries, uint32_t num_adis)
    : num_entries_(num_entries), num_adis_(num_adis), adis_(num_adis), entries_(num_entries) {
  g_.untagged_base = IMS_REGS__UNTAGGED_BASE__BASE_reset;
  g_.untagged_mask = IMS_REGS__UNTAGGED_MASK__MASK_reset;
  auto& all = by_key_[key_of(Entry{})];
  for (uint32_t e = 0; e < num_entries; ++e) all.insert(all.end(), e);
}

// A write that has long taken effect (no pipeline in flight behind it).
inline void ContainmentChecker::on_host_write(uint32_t addr, uint32_t data, uint8_t strb) {
  begin_write(addr, data, strb);
  end_write(true);
  history_.pop_back();
}

inline void ContainmentChecker::begin_write(uint32_t addr, uint32_t data, uint8_t strb) {
  undo_ = Undo{};
  undo_.active = true;
  undo_.globals = g_;
  apply(addr, data, strb);
}

inline void ContainmentChecker::end_write(bool okay) {
  if (!undo_.active) return;
  if (!okay) {
    revert(undo_);
  } else {
    // Requests accepted before this response may still leave with the old
    // state: they are out of the pipeline after kRetireAdvances advances.
    undo_.retire_at = advances_ + kRetireAdvances;
    history_.push_back(std::move(undo_));
  }
  undo_ = Undo{};
}

inline void ContainmentChecker::on_advance(int in_slice) {
  ++advances_;
  // Records retiring now sit at the back, behind those already retired
  // (retire_at grows along the queue): walk back over the unretired ones.
  for (auto it = history_.rbegin(); it != history_.rend() && it->retire_at >= advances_; ++it)
    if (it->retire_at == advances_) it->dies_at = tlps_ + static_cast<uint64_t>(std::max(0, in_slice));
  while (!history_.empty() && history_.front().retire_at <= advances_ && history_.front().dies_at <= tlps_)
    history_.pop_front();
}

inline void ContainmentChecker::revert(const Undo& u) {
  g_ = u.globals;
  if (u.adi >= 0) adis_[static_cast<size_t>(u.adi)] = u.adi_row;
  for (auto it = u.entries.rbegin(); it != u.entries.rend(); ++it) set_entry(it->first, it->second);
}

inline uint32_t ContainmentChecker::merge(uint32_t old, uint32_t data, uint8_t strb) {
  uint32_t m = 0;
  for (int b = 0; b < 4; ++b)
    if (strb & (1u << b)) m |= 0xFFu << (8 * b);
  return (old & ~m) | (data & m);
}

inline ContainmentChecker::Key ContainmentChecker::key_of(const Entry& e) {
  return Key{((uint64_t{e.addr_hi} << 32) | e.addr_lo) & ~uint64_t{3}, e.data};
}

inline void ContainmentChecker::apply(uint32_t addr, uint32_t data, uint8_t strb) {
  using namespace ims::regmap;
  if ((addr & 3u) != 0) return;
  if (addr >= kViewBase) {
    const uint32_t off = addr - kViewBase;
    const uint32_t a = off / kViewStride, v = (off % kViewStride) / kRow;
    if (a >= num_adis_) return;
    const uint32_t e = adis_[a].base() + v;
    if (v >= adis_[a].size() || e >= num_entries_) return;
    write_entry(e, (off % kRow) / 4, data, strb, true);
    return;
  }
  const uint32_t adi0 = adi_ctrl(0), ent0 = entry_addr_lo(0);
  if (addr >= adi0 && addr < adi0 + kRow * num_adis_) {
    write_adi((addr - adi0) / kRow, ((addr - adi0) % kRow) / 4, data, strb);
  } else if (addr >= ent0 && addr < ent0 + kRow * num_entries_) {
    write_entry((addr - ent0) / kRow, ((addr - ent0) % kRow) / 4, data, strb, false);
  } else {
    write_global(addr, data, strb);
  }
}

inline void ContainmentChecker::write_global(uint32_t addr, uint32_t data, uint8_t strb) {
  using namespace ims::regmap;
  if (addr == CTRL) g_.ctrl = merge(g_.ctrl, data, strb);
  else if (addr == REQUESTER_ID) g_.requester_id = merge(g_.requester_id, data, strb);
  else if (addr == UNTAGGED_BASE) g_.untagged_base = merge(g_.untagged_base, data, strb);
  else if (addr == UNTAGGED_MASK) g_.untagged_mask = merge(g_.untagged_mask, data, strb);
}

inline void ContainmentChecker::save_adi(uint32_t a) {
  if (undo_.active && undo_.adi < 0) {
    undo_.adi = a;
    undo_.adi_row = adis_[a];
  }
}

inline void ContainmentChecker::save_entry(uint32_t e) {
  if (undo_.active) undo_.entries.emplace_back(e, entries_[e]);
}

inline void ContainmentChecker::write_adi(uint32_t a, uint32_t word, uint32_t data, uint8_t strb) {
  save_adi(a);
  Adi& r = adis_[a];
  uint32_t* w[4] = {&r.ctrl, &r.block, &r.pasid, &r.rid};
  *w[word] = merge(*w[word], data, strb);
  // ADI reset (CTRL bit 6, docs/theory-of-operation.md "ADI lifecycle"):
  // the ADI is disabled and, if it holds its block, the block's entries go
  // back to their reset value (not GP) and the block is free. An ADI holds
  // its block from an accepted enable until its reset.
  if (word == 0 && (strb & 1u) && (data & IMS_REGS__ADI__CTRL__RESET_bm)) {
    r.ctrl &= ~(IMS_REGS__ADI__CTRL__RESET_bm | IMS_REGS__ADI__CTRL__ENABLE_bm);
    if (r.held) {
      const uint32_t end = std::min(r.base() + r.size(), num_entries_);
      for (uint32_t e = r.base(); e < end; ++e) {
        save_entry(e);
        set_entry(e, Entry{});
      }
    }
    r.held = false;
  } else if (word == 0 && r.enabled()) {
    r.held = true;
  }
}

inline void ContainmentChecker::set_entry(uint32_t e, const Entry& next) {
  const Key before = key_of(entries_[e]), after = key_of(next);
  if (before != after) {
    auto it = by_key_.find(before);
    it->second.erase(e);
    if (it->second.empty()) by_key_.erase(it);
    by_key_[after].insert(e);
  }
  entries_[e] = next;
}

inline void ContainmentChecker::write_entry(uint32_t e, uint32_t word, uint32_t data, uint8_t strb,
                                            bool from_view) {
  save_entry(e);
  Entry n = entries_[e];
  switch (word) {
    case 0: n.addr_lo = merge(n.addr_lo, data, strb); break;
    case 1: n.addr_hi = merge(n.addr_hi, data, strb); break;
    case 2: n.data = merge(n.data, data, strb); break;
    default:
      if (strb & 1u) {
        n.mask = (data & IMS_REGS__ENTRY__CTRL__MASK_bm) != 0;
        if (!from_view && (data & 0x4u)) n.gp = false;  // GP: W1C from the host view
      }
      break;
  }
  // GP: set by a view write that stores at least one byte of address/data.
  if (from_view && word < 3 && (strb & 0xFu) != 0) n.gp = true;
  set_entry(e, n);
}

inline uint16_t ContainmentChecker::rid_for(const Adi& adi) const {
  return adi.rid_override() ? adi.rid_value()
                            : static_cast<uint16_t>(g_.requester_id & IMS_REGS__REQUESTER_ID__RID_bm);
}

// Empty when some entry of ADI a's block holds (address, data), is unmasked
// and (untagged) not guest-programmed; else why not.
inline std::string ContainmentChecker::entry_reason(uint32_t a, const TlpFields& f) const {
  const Adi& adi = adis_[a];
  const uint64_t end = std::min<uint64_t>(uint64_t{adi.base()} + adi.size(), num_entries_);
  auto it = by_key_.find(Key{f.address, f.data});
  if (it == by_key_.end()) return "(address, data) is in no entry";
  std::string why = "(address, data) is in no entry of ADI " + std::to_string(a) + "'s block [" +
                    std::to_string(adi.base()) + ", " + std::to_string(adi.base() + adi.size()) +
                    ") (held by entry";
  for (uint32_t e : it->second) why += " " + std::to_string(e);
  why += ")";
  for (auto e = it->second.lower_bound(adi.base()); e != it->second.end() && *e < end; ++e) {
    const Entry& en = entries_[*e];
    if (en.mask) {
      why = "entry " + std::to_string(*e) + " is masked";
    } else if (!f.prefix_valid && en.gp) {
      why = "entry " + std::to_string(*e) + " is guest-programmed (GP) but the TLP is untagged";
    } else {
      return {};
    }
  }
  return why;
}

inline bool ContainmentChecker::entry_explains(uint32_t a, const TlpFields& f) const {
  const Adi& adi = adis_[a];
  const uint64_t end = std::min<uint64_t>(uint64_t{adi.base()} + adi.size(), num_entries_);
  auto it = by_key_.find(Key{f.address, f.data});
  if (it == by_key_.end()) return false;
  for (auto e = it->second.lower_bound(adi.base()); e != it->second.end() && *e < end; ++e) {
    const Entry& en = entries_[*e];
    if (!en.mask && (f.prefix_valid || !en.gp)) return true;
  }
  return false;
}

inline bool ContainmentChecker::explains(uint32_t a, const TlpFields& f) const {
  const Adi& adi = adis_[a];
  if (!adi.enabled() || adi.masked() || adi.tagged() != f.prefix_valid) return false;
  if (f.prefix_valid &&
      (adi.pasid_value() != f.pasid || adi.pmr() != f.pmr || adi.er() != f.er))
    return false;
  return f.requester_id == rid_for(adi) && f.tc == adi.tc() && entry_explains(a, f);
}

inline std::vector<std::string> ContainmentChecker::reasons_for(uint32_t a, const TlpFields& f) const {
  const Adi& adi = adis_[a];
  std::vector<std::string> r;
  const std::string id = "ADI " + std::to_string(a);
  if (!adi.enabled()) r.push_back(id + " is disabled");
  if (adi.masked()) r.push_back(id + " is masked");
  if (f.prefix_valid) {
    if (!adi.tagged()) r.push_back(id + " is untagged (pasid_en 0)");
    if (adi.pasid_value() != f.pasid) r.push_back("PASID differs from " + id + "'s");
    if (adi.pmr() != f.pmr) r.push_back("PMR differs from " + id + "'s");
    if (adi.er() != f.er) r.push_back("ER differs from " + id + "'s");
  } else if (adi.tagged()) {
    r.push_back("untagged TLP from tagged " + id);
  }
  const std::string er = entry_reason(a, f);
  if (!er.empty()) r.push_back(er);
  if (f.requester_id != rid_for(adi))
    r.push_back("RID " + containment_detail::hex(f.requester_id) + " is not " + id + "'s " +
                containment_detail::hex(rid_for(adi)));
  if (f.tc != adi.tc())
    r.push_back("TC " + std::to_string(f.tc) + " is not " + id + "'s " + std::to_string(adi.tc()));
  return r;
}

inline void ContainmentChecker::violation(uint64_t cycle, const TlpWords& w, const std::string& why) {
  violations_.push_back("cycle " + std::to_string(cycle) + ": " + describe(w) + ": " + why);
}

inline void ContainmentChecker::on_tlp(const TlpWords& w, uint64_t cycle) {
  ++checked_;
  std::vector<std::string> why = judge(w);
  // This TLP leaves the slice: one fewer that may reflect a retired state.
  ++tlps_;
  if (why.empty()) return;
  // A host write in flight (accepted, not yet answered) may or may not have
  // taken effect for this TLP, and may yet be refused: the state before it
  // explains the TLP just as well.
  // So may a request accepted before a recent write's response (it is still
  // in the pipeline): step back through those writes, newest first.
  std::vector<Undo> steps(history_.begin(), history_.end());
  if (undo_.active) steps.push_back(undo_);
  if (!steps.empty()) {
    const Globals g_now = g_;
    const std::vector<Adi> adis_now = adis_;
    const std::vector<Entry> entries_now = entries_;
    std::vector<uint32_t> touched;
    for (auto it = steps.rbegin(); it != steps.rend() && !why.empty(); ++it) {
      for (const auto& [e, row] : it->entries) touched.push_back(e);
      revert(*it);
      if (judge(w).empty()) why.clear();
    }
    g_ = g_now;
    adis_ = adis_now;
    for (uint32_t e : touched) set_entry(e, entries_now[e]);
  }
  if (why.empty()) return;
  std::string msg;
  for (const auto& r : why) msg += (msg.empty() ? "" : "; ") + r;
  violation(cycle, w, msg);
}

inline std::vector<std::string> ContainmentChecker::judge(const TlpWords& w) {
  const TlpFields f = decode(w);
  std::vector<std::string> why = check_well_formed(w);
  if (f.at != 0) why.push_back("AT " + std::to_string(f.at) + " is not 0 (untranslated)");
  if (f.th || f.td || f.ep) why.push_back("TH/TD/EP set");
  if ((f.address >> 32) == 0 && f.fmt == kFmt4DwData) why.push_back("4DW header below 4 GiB");
  if (!(g_.ctrl & IMS_REGS__CTRL__ENABLE_bm)) why.push_back("globally disabled");
  if (g_.ctrl & IMS_REGS__CTRL__MASK_bm) why.push_back("globally masked");
  if (!f.prefix_valid &&
      ((f.address >> 32) != 0 || (static_cast<uint32_t>(f.address) & g_.untagged_mask) != g_.untagged_base))
    why.push_back("untagged address outside the window " + containment_detail::hex(g_.untagged_base) +
                  "/" + containment_detail::hex(g_.untagged_mask));

  // Candidate ADIs: tagged, the enabled tagged ADIs owning the PASID;
  // untagged, every enabled untagged ADI. Pass if one explains the TLP. The
  // ADIs that explained the latest TLPs are asked first (traffic comes from
  // a few ADIs at a time): then a TLP costs O(1), not one test per ADI. Only
  // the order of asking changes, not the answer.
  for (uint32_t a : recent_)
    if (a < num_adis_ && explains(a, f)) return why;
  for (uint32_t a = 0; a < num_adis_; ++a) {
    if (explains(a, f)) {
      std::copy_backward(recent_.begin(), recent_.end() - 1, recent_.end());
      recent_[0] = a;
      return why;
    }
  }
  // Nobody explains it: find the candidate with the fewest reasons.
  std::vector<std::string> best;
  bool found = false, any = false;
  for (uint32_t a = 0; a < num_adis_ && !found; ++a) {
    const Adi& adi = adis_[a];
    if (!adi.enabled() || adi.tagged() != f.prefix_valid) continue;
    if (f.prefix_valid && adi.pasid_value() != f.pasid) continue;
    const std::vector<std::string> r = reasons_for(a, f);
    if (r.empty()) found = true;
    else if (!any || r.size() < best.size()) best = r;
    any = true;
  }
  if (!found) {
    if (!any) {
      why.push_back(f.prefix_valid ? "PASID " + containment_detail::hex(f.pasid) +
                                         " belongs to no enabled tagged ADI"
                                   : std::string("no enabled untagged ADI"));
      // Name the ADI whose entry it is, if any, for the report.
      for (uint32_t a = 0; a < num_adis_; ++a)
        if (entry_reason(a, f).empty()) {
          for (const auto& s : reasons_for(a, f)) why.push_back(s);
          break;
        }
    } else {
      why.insert(why.end(), best.begin(), best.end());
    }
  }
  return why;
}

}  // namespace ims::tb
