// SPDX-License-Identifier: Apache-2.0
// Isolation checker: ADI isolation over the whole lifecycle (spec §5 item 9,
// issue 8), checked from the host port alone, with rules of its own.
//
// Why it exists: the golden model, the containment checker and the RTL once
// shared a wrong block/reset rule (resetting a freed ADI wiped the block of
// the ADI that took it over) and so agreed on the wrong answer. This checker
// uses none of their block, enable, overlap or reset rules: it does not know
// which writes the DUT refuses, whether an ADI "holds" its block (CTRL.held
// is never read), or which entries a reset walks. It learns only from host
// traffic the DUT answered (writes with their response; reads with their
// data) and from the requests the test queued, and it reads the tables back
// through the host view at check points.
//
// What it keeps (learned, never predicted):
//  * ADI shadow: CTRL.enable/reset and BLOCK as last written with OKAY. A
//    reset is "complete" when a host read of that ADI's CTRL shows reset 0.
//  * Per entry: its row (address_lo, address_hi, data; control bits mask,
//    PASID-check, PASID), GP, pending; the ADI that holds it; per word, the
//    tenure (holding ADI) during which it was last written.
//  * "Holds": ADI X holds entry e from the OKAY of the CTRL write that took
//    X's enable 0 -> 1 with e in X's BLOCK (spec: "a block handed to a new
//    ADI") until X's reset is reported complete or the DUT hands e to
//    another ADI. That is the spec's notion of whose entry it is, not the
//    RTL's held bit: the checker never asks the DUT whether it agrees.
//
// Rules (each from spec §5 item 9 unless said otherwise; §6 "ADI reset"):
//  R1 Rows. A held entry's address_lo, address_hi, data, mask, PASID-check
//     and PASID read exactly what the host (host view) or the holder's guest
//     (its ADI view) last wrote since the holder got it, else what it read
//     when the holder got it. Nothing done to or by another ADI changes them
//     (its requests, releases, sweeps, reset, configuration or view).
//     Unheld entries keep what the host wrote too, except that a reset of
//     an ADI whose BLOCK covers them may return them to reset values (the
//     spec leaves a reset of an ADI that holds nothing open): after such a
//     reset they are re-learned from the next read instead.
//  R2 GP. GP of a held entry is set only by an accepted write of address or
//     data through the holder's view (strobe 0 leaves it unknown: re-learned
//     from the next read), cleared only by a host write-1-to-clear or the
//     holder's reset (containment.md "ADI views").
//  R3 Pending. A pending bit of ADI X's entry may change only while X has
//     had traffic (a request or event-satisfied queued for X) or an unmask
//     event that can release X's entries (a host or X-view write to the
//     control word of an entry X holds, a write to X's CTRL, a global CTRL
//     write) since the last quiet point. At quiet points (nothing queued,
//     pipeline empty, STATUS.release_busy 0; the test says when) the checker
//     reads every PBA word and re-learns the bits of busy ADIs; the bits of
//     every other holder must not have moved. In between, check points
//     compare the bits of ADIs that stayed quiet. (A sweep of another ADI
//     that released X's missed message would be flagged here: at a quiet
//     point no pending entry may be deliverable, spec §6.)
//  R4 Own reset (§6 "ADI reset", §5.9). When X's reset is reported complete,
//     every entry X holds inside its BLOCK reads the reset value: masked,
//     address/data 0, PASID-check/PASID 0, GP 0, not pending. It is then
//     held by nobody. The reset of an ADI changes no entry another ADI holds
//     (R1-R3, checked at this very point over the reset ADI's BLOCK).
//  R5 A view reaches only its holder's entries: an accepted write through
//     ADI a's view lands in entry base_a + v, which a must hold (§4 "Views",
//     §5.9).
//  R6 Starts clean. When X's enable is accepted, every entry of its BLOCK
//     that X did not already hold must carry nothing of a previous holder Y:
//     Y is not enabled (blocks of enabled ADIs never overlap, §4), GP 0 and
//     pending 0 (read from the DUT just before the enable; only a holder's
//     view write or request sets them), and no address/data word written
//     during Y's tenure survives unless it reads 0. Owners are not readable:
//     a previous holder's pending message can only come back through its
//     pending bit, so R6's "pending 0" and R3 cover owners; a release that
//     sent a previous holder's message anyway would leave as a TLP with the
//     old holder's identity from an entry outside its block, which the
//     containment checker rejects (its entry lookup is limited to the
//     ADI's block).
//
// Check points (the caller decides when; IsolatedHost below runs the first
// two by itself once auto checks are on):
//  * after an ADI reset is reported complete: the reset ADI's BLOCK, the
//    entries it held, plus a random sample of other held entries; R4, R1-R3.
//  * after an enable was accepted (a block handed over): R6, then the new
//    holder's block, the blocks of the ADIs it took entries from, a sample.
//  * quiet points (after sweeps: STATUS.release_busy back to 0 and nothing
//    in flight): every PBA word (R3, learning), and the rows of every held
//    entry (full) or of a sample.
// Every violation is one string naming the check point, the entry, the word,
// what was read and what was expected and where that came from.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "ims_regmap.hpp"
#include "model/ims_model.hpp"

namespace ims::tb {

class IsolationChecker {
 public:
  static constexpr uint32_t kViewBase = 0x10000000u;
  static constexpr uint32_t kViewStride = 0x40000u;
  // Entry control bits the host writes (mask, PASID check, PASID).
  static constexpr uint32_t kCtlStored =
      IMS_REGS__ENTRY__CTRL__MASK_bm | IMS_REGS__ENTRY__CTRL__PASID_CHK_bm | IMS_REGS__ENTRY__CTRL__PASID_bm;
  static constexpr int kNone = -1;
  static constexpr size_t kMaxViolations = 50;

  IsolationChecker(uint32_t num_entries, uint32_t num_adis, uint64_t seed)
      : n_(num_entries), adis_(num_adis), entries_(num_entries), rng_(seed ^ 0x150a7e5u) {}

  // ---- learning from host traffic ---------------------------------------
  // Every host write with its response.
  void on_write(uint32_t addr, uint32_t data, uint8_t strb, bool okay, uint64_t cycle);
  // Every host read and the data it returned (refused reads are not passed).
  void on_read(uint32_t addr, uint32_t data, uint64_t cycle);
  // A request or event-satisfied for ADI a was queued.
  void on_traffic(uint32_t a) {
    if (a < adis_.size()) adis_[a].busy = true;
  }

  // ---- what check points read -------------------------------------------
  // If the write is an attempt to enable ADI a (enable 0 -> 1 in the
  // shadow): a. The caller then reads handover_reads(a) before writing.
  std::optional<uint32_t> enable_attempt(uint32_t addr, uint32_t data, uint8_t strb) const;
  std::vector<uint32_t> handover_reads(uint32_t a) const;
  // ADIs whose reset the last on_read() reported complete (then cleared).
  std::vector<uint32_t> take_completed_resets() {
    std::vector<uint32_t> v;
    v.swap(completed_);
    return v;
  }
  // Addresses a check point reads: rows of the focus ADIs' blocks and held
  // entries, the verify list, `sample` random held entries (every held
  // entry if full), and the PBA words covering them (all if quiet).
  std::vector<uint32_t> check_reads(const std::vector<uint32_t>& focus, uint32_t sample, bool full,
                                    bool quiet);
  // Brackets a check point's reads (messages name it; quiet: learn pending).
  void begin_check(const std::string& label, bool quiet, uint64_t cycle);
  void end_check();
  // Entries that changed hands with the last accepted enable: their former
  // holders (focus of the re-assignment check point).
  const std::vector<uint32_t>& last_previous_holders() const { return prev_holders_; }

  const std::vector<std::string>& violations() const { return violations_; }
  uint64_t checks() const { return checks_; }
  uint64_t words_compared() const { return compared_; }
  uint64_t handovers() const { return handovers_; }
  uint64_t resets_seen() const { return resets_seen_; }
  // Entries currently held by ADI a.
  uint32_t held_by(uint32_t a) const {
    return static_cast<uint32_t>(std::count_if(entries_.begin(), entries_.end(),
                                               [a](const Entry& e) { return e.holder == int(a); }));
  }

 private:
  enum class Src { Init, Host, View, Snapshot, Reset, Read };
  struct Origin {
    Src src = Src::Init;
    int adi = kNone;      // view: the ADI; snapshot/reset: the holder
    uint64_t cycle = 0;
  };
  enum Tri : uint8_t { kNo = 0, kYes = 1, kUnknown = 2 };
  struct Entry {
    uint32_t word[3] = {0, 0, 0};     // address_lo, address_hi, data
    uint32_t ctl = IMS_REGS__ENTRY__CTRL__MASK_bm;  // kCtlStored bits
    Tri gp = kNo;
    Tri pending = kNo;                 // meaningful while held
    int holder = kNone;
    int tenure[3] = {kNone, kNone, kNone};  // holder when each word was last written
    bool trusted = true;               // the row above is known (R1)
    bool in_flux = false;              // its holder's reset runs
    bool raced = false;                // written while in flux: row unknown after the reset
    bool verify_reset = false;         // R4 at the next check point
    Origin origin[4];                  // words 0..3 (3: control)
    uint64_t held_since = 0;
  };
  struct Adi {
    uint32_t ctrl = 0, block = 0;
    bool resetting = false;
    bool busy = false;  // R3: traffic or an unmask event since the last quiet point
    uint32_t base() const { return block & IMS_REGS__ADI__BLOCK__BASE_bm; }
    uint32_t size() const { return (block & IMS_REGS__ADI__BLOCK__SIZE_bm) >> IMS_REGS__ADI__BLOCK__SIZE_bp; }
    bool enabled() const { return (ctrl & IMS_REGS__ADI__CTRL__ENABLE_bm) != 0; }
  };

  static uint32_t merge(uint32_t old, uint32_t data, uint8_t strb) {
    uint32_t m = 0;
    for (int b = 0; b < 4; ++b)
      if (strb & (1u << b)) m |= 0xFFu << (8 * b);
    return (old & ~m) | (data & m);
  }
  static std::string hex(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
  }
  uint32_t block_end(const Adi& a) const {
    return static_cast<uint32_t>(std::min<uint64_t>(uint64_t{a.base()} + a.size(), n_));
  }
  static std::string origin_text(const Origin& o);
  std::string entry_text(uint32_t e) const;
  void violation(const std::string& what);

  void write_adi(uint32_t a, uint32_t word, uint32_t data, uint8_t strb, uint64_t cycle);
  void write_entry(uint32_t e, uint32_t word, uint32_t data, uint8_t strb, int view_adi, uint64_t cycle);
  void handover(uint32_t a, uint64_t cycle);
  void complete_reset(uint32_t a, uint64_t cycle);
  void read_entry(uint32_t e, uint32_t word, uint32_t data, uint64_t cycle);
  void read_pba(uint32_t w, uint32_t data, uint64_t cycle);
  void compare_pending(uint32_t e, bool pending, const char* where, uint64_t cycle);

  uint32_t n_;
  std::vector<Adi> adis_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> last_pba_;   // PBA words as last read (R6's pre-read)
  std::vector<uint32_t> completed_;
  std::vector<uint32_t> prev_holders_;
  std::mt19937_64 rng_;
  std::string label_ = "host read";
  bool quiet_ = false;
  std::vector<std::string> violations_;
  uint64_t dropped_violations_ = 0;
  uint64_t checks_ = 0, compared_ = 0, handovers_ = 0, resets_seen_ = 0;
};

// ---- implementation ------------------------------------------------------

inline std::string IsolationChecker::origin_text(const Origin& o) {
  const std::string at = " at cycle " + std::to_string(o.cycle);
  switch (o.src) {
    case Src::Init: return "reset value since the table initialisation";
    case Src::Host: return "host write" + at;
    case Src::View: return "write through ADI " + std::to_string(o.adi) + "'s view" + at;
    case Src::Snapshot: return "value read when ADI " + std::to_string(o.adi) + " got the entry" + at;
    case Src::Reset: return "ADI " + std::to_string(o.adi) + "'s reset, reported complete" + at;
    case Src::Read: return "value learned from a read" + at;
  }
  return "?";
}

inline std::string IsolationChecker::entry_text(uint32_t e) const {
  const Entry& en = entries_[e];
  if (en.holder == kNone) return "entry " + std::to_string(e) + " (held by no ADI)";
  return "entry " + std::to_string(e) + " (ADI " + std::to_string(en.holder) + "'s, held since cycle " +
         std::to_string(en.held_since) + ")";
}

inline void IsolationChecker::violation(const std::string& what) {
  if (violations_.size() >= kMaxViolations) {
    ++dropped_violations_;
    if (violations_.size() == kMaxViolations) violations_.push_back("... further isolation violations not listed");
    return;
  }
  violations_.push_back("isolation: " + label_ + ": " + what);
}

inline std::optional<uint32_t> IsolationChecker::enable_attempt(uint32_t addr, uint32_t data,
                                                                uint8_t strb) const {
  using namespace ims::regmap;
  const uint32_t adi0 = adi_ctrl(0);
  if (addr < adi0 || addr >= adi0 + kRow * adis_.size() || (addr - adi0) % kRow != 0) return std::nullopt;
  const uint32_t a = (addr - adi0) / kRow;
  if (!(strb & 1u) || !(data & IMS_REGS__ADI__CTRL__ENABLE_bm) || (data & IMS_REGS__ADI__CTRL__RESET_bm))
    return std::nullopt;
  if (adis_[a].enabled()) return std::nullopt;
  return a;
}

inline std::vector<uint32_t> IsolationChecker::handover_reads(uint32_t a) const {
  using namespace ims::regmap;
  std::vector<uint32_t> out;
  const Adi& adi = adis_[a];
  const uint32_t b = adi.base(), end = block_end(adi);
  if (b >= end) return out;
  // Pending bits are not tracked outside a holder: read them (R6).
  for (uint32_t w = b / 32; w <= (end - 1) / 32; ++w) out.push_back(pba(w));
  // Rows the checker cannot vouch for: read them so R6 judges the DUT.
  for (uint32_t e = b; e < end; ++e) {
    const Entry& en = entries_[e];
    if (en.holder == int(a)) continue;
    if (!en.trusted) {
      for (uint32_t w = 0; w < 3; ++w) out.push_back(entry_addr_lo(e) + 4 * w);
    }
    if (!en.trusted || en.gp == kUnknown) out.push_back(entry_ctrl(e));
  }
  return out;
}

inline void IsolationChecker::on_write(uint32_t addr, uint32_t data, uint8_t strb, bool okay,
                                       uint64_t cycle) {
  using namespace ims::regmap;
  if (!okay || (addr & 3u) != 0) return;
  if (addr >= kViewBase && addr < kViewBase + kViewStride * adis_.size()) {
    const uint32_t off = addr - kViewBase;
    const uint32_t a = off / kViewStride, v = (off % kViewStride) / kRow, word = (off % kRow) / 4;
    const Adi& adi = adis_[a];
    const uint64_t e = uint64_t{adi.base()} + v;
    // R5: an accepted view write lands in an entry its ADI holds.
    if (v >= adi.size() || e >= n_) {
      violation("a write through ADI " + std::to_string(a) + "'s view, vector " + std::to_string(v) +
                ", was accepted outside its BLOCK (base " + std::to_string(adi.base()) + ", size " +
                std::to_string(adi.size()) + ") at cycle " + std::to_string(cycle));
      return;
    }
    if (entries_[e].holder != int(a)) {
      violation("a write through ADI " + std::to_string(a) + "'s view at cycle " + std::to_string(cycle) +
                " was accepted into " + entry_text(static_cast<uint32_t>(e)));
    }
    write_entry(static_cast<uint32_t>(e), word, data, strb, static_cast<int>(a), cycle);
    return;
  }
  const uint32_t adi0 = adi_ctrl(0), ent0 = entry_addr_lo(0);
  if (addr >= adi0 && addr < adi0 + kRow * adis_.size()) {
    write_adi((addr - adi0) / kRow, ((addr - adi0) % kRow) / 4, data, strb, cycle);
  } else if (addr >= ent0 && addr < ent0 + kRow * n_) {
    write_entry((addr - ent0) / kRow, ((addr - ent0) % kRow) / 4, data, strb, kNone, cycle);
  } else if (addr == CTRL) {
    // Global enable/mask: a sweep may release any ADI's deliverable entries.
    for (auto& a : adis_) a.busy = true;
  }
}

inline void IsolationChecker::write_adi(uint32_t a, uint32_t word, uint32_t data, uint8_t strb,
                                        uint64_t cycle) {
  Adi& adi = adis_[a];
  if (word == 1) {
    adi.block = merge(adi.block, data, strb);
    return;
  }
  if (word != 0) return;  // PASID, RID_OVERRIDE: no entry state
  const bool was_enabled = adi.enabled();
  adi.ctrl = merge(adi.ctrl, data, strb);
  adi.busy = true;  // an ADI CTRL write may start a sweep
  if ((strb & 1u) && (data & IMS_REGS__ADI__CTRL__RESET_bm)) {
    // The register's own meaning (registers.md): reset disables the ADI.
    adi.ctrl &= ~IMS_REGS__ADI__CTRL__ENABLE_bm;
    adi.resetting = true;
    for (uint32_t e = 0; e < n_; ++e) {
      Entry& en = entries_[e];
      if (en.holder == int(a)) en.in_flux = true;
      // Unheld rows in its BLOCK: a reset may or may not rewrite them (R1).
      else if (en.holder == kNone && e >= adi.base() && e < block_end(adi)) en.trusted = false;
    }
    return;
  }
  if (!was_enabled && adi.enabled()) handover(a, cycle);
}

inline void IsolationChecker::handover(uint32_t a, uint64_t cycle) {
  ++handovers_;
  prev_holders_.clear();
  const Adi& adi = adis_[a];
  const std::string who = "ADI " + std::to_string(a);
  const std::string saved = label_;
  label_ = who + " enabled on [" + std::to_string(adi.base()) + ", " +
           std::to_string(adi.base() + adi.size()) + ") at cycle " + std::to_string(cycle);
  static const char* const kWord[3] = {"address_lo", "address_hi", "data"};
  for (uint32_t e = adi.base(); e < block_end(adi); ++e) {
    Entry& en = entries_[e];
    if (en.holder == int(a)) continue;  // re-enabled on what it still holds
    const int prev = en.holder;
    if (prev != kNone) {
      if (std::find(prev_holders_.begin(), prev_holders_.end(), uint32_t(prev)) == prev_holders_.end())
        prev_holders_.push_back(static_cast<uint32_t>(prev));
      if (adis_[prev].enabled())
        violation(entry_text(e) + " was handed to " + who + " while ADI " + std::to_string(prev) +
                  " is enabled on it (blocks of enabled ADIs never overlap)");
    }
    // R6: nothing of a previous holder survives.
    if (en.gp != kNo)
      violation(entry_text(e) + ": GP is " + (en.gp == kYes ? "1" : "unknown") + " when " + who +
                " gets it (a previous holder's guest-programmed bit survives)");
    const uint32_t pw = e / 32;
    const bool pend = pw < last_pba_.size() && ((last_pba_[pw] >> (e % 32)) & 1u);
    if (pend)
      violation(entry_text(e) + ": pending when " + who + " gets it (read from PBA[" + std::to_string(pw) +
                "] just before the enable): a previous holder's message survives");
    for (int w = 0; w < 3; ++w) {
      if (en.tenure[w] != kNone && en.tenure[w] != int(a) && en.word[w] != 0)
        violation(entry_text(e) + ": " + kWord[w] + " " + hex(en.word[w]) + " written during ADI " +
                  std::to_string(en.tenure[w]) + "'s tenure (" + origin_text(en.origin[w]) +
                  ") survives into " + who);
    }
    en.holder = static_cast<int>(a);
    en.held_since = cycle;
    en.pending = pend ? kYes : kNo;
    if (en.gp != kNo) en.gp = kUnknown;  // flagged above; the next read re-learns it
    for (int w = 0; w < 3; ++w) en.tenure[w] = static_cast<int>(a);
  }
  label_ = saved;
}

inline void IsolationChecker::write_entry(uint32_t e, uint32_t word, uint32_t data, uint8_t strb,
                                          int view_adi, uint64_t cycle) {
  Entry& en = entries_[e];
  const Origin o{view_adi == kNone ? Src::Host : Src::View, view_adi, cycle};
  if (en.in_flux) {
    // Lands before or after the running reset rewrites the row: unknown.
    en.raced = true;
    return;
  }
  if (word < 3) {
    en.word[word] = merge(en.word[word], data, strb);
    en.tenure[word] = en.holder;
    en.origin[word] = o;
    if (view_adi != kNone) en.gp = strb ? kYes : (en.gp == kYes ? kYes : kUnknown);
    return;
  }
  if (view_adi != kNone) {
    // A view writes only the mask (byte 0); GP and the rest stay.
    if (strb & 1u) en.ctl = (en.ctl & ~IMS_REGS__ENTRY__CTRL__MASK_bm) | (data & IMS_REGS__ENTRY__CTRL__MASK_bm);
  } else {
    en.ctl = merge(en.ctl, data, strb) & kCtlStored;
    if ((strb & 1u) && (data & IMS_REGS__ENTRY__CTRL__GP_bm)) en.gp = kNo;  // W1C
  }
  en.origin[3] = o;
  // Writing the mask may release the entry (R3).
  if ((strb & 1u) && en.holder != kNone) adis_[en.holder].busy = true;
}

inline void IsolationChecker::on_read(uint32_t addr, uint32_t data, uint64_t cycle) {
  using namespace ims::regmap;
  if ((addr & 3u) != 0 || addr >= kViewBase) return;
  const uint32_t adi0 = adi_ctrl(0), ent0 = entry_addr_lo(0), pba0 = pba(0);
  if (addr >= adi0 && addr < adi0 + kRow * adis_.size()) {
    const uint32_t a = (addr - adi0) / kRow;
    if ((addr - adi0) % kRow == 0 && adis_[a].resetting && !(data & IMS_REGS__ADI__CTRL__RESET_bm))
      complete_reset(a, cycle);
  } else if (addr >= ent0 && addr < ent0 + kRow * n_) {
    read_entry((addr - ent0) / kRow, ((addr - ent0) % kRow) / 4, data, cycle);
  } else if (addr >= pba0 && addr < pba0 + 4 * ((n_ + 31) / 32)) {
    read_pba((addr - pba0) / 4, data, cycle);
  }
}

inline void IsolationChecker::complete_reset(uint32_t a, uint64_t cycle) {
  ++resets_seen_;
  Adi& adi = adis_[a];
  adi.resetting = false;
  adi.ctrl &= ~(IMS_REGS__ADI__CTRL__RESET_bm | IMS_REGS__ADI__CTRL__ENABLE_bm);
  completed_.push_back(a);
  const Origin o{Src::Reset, static_cast<int>(a), cycle};
  for (uint32_t e = 0; e < n_; ++e) {
    Entry& en = entries_[e];
    const bool in_block = e >= adi.base() && e < block_end(adi);
    if (en.holder == int(a)) {
      en.in_flux = false;
      en.holder = kNone;
      if (!in_block) {  // kept its row: a later holder's R6 judges it
        if (en.raced) en.trusted = false;
        en.raced = false;
        continue;
      }
      // R4: back to the reset value, no longer anybody's.
      en.word[0] = en.word[1] = en.word[2] = 0;
      en.ctl = IMS_REGS__ENTRY__CTRL__MASK_bm;
      en.gp = kNo;
      en.pending = kNo;
      for (int w = 0; w < 3; ++w) en.tenure[w] = kNone;
      for (auto& og : en.origin) og = o;
      en.verify_reset = !en.raced;
      en.trusted = !en.raced;
      en.raced = false;
    } else if (en.holder == kNone && in_block) {
      // Unheld rows in its BLOCK: a reset may or may not rewrite them.
      en.trusted = false;
    }
  }
}

inline void IsolationChecker::read_entry(uint32_t e, uint32_t word, uint32_t data, uint64_t cycle) {
  Entry& en = entries_[e];
  if (en.in_flux) return;
  static const char* const kWord[4] = {"address_lo", "address_hi", "data", "control"};
  const bool r4 = en.verify_reset;
  const std::string how = r4 ? " (its holder's reset must leave the reset value)" : "";
  if (!en.trusted) {
    // Learn it (R1: unheld rows a reset may have rewritten). A row that
    // a holder's tenure wrote keeps that tenure for R6.
    if (word < 3) {
      en.word[word] = data;
      en.origin[word] = Origin{Src::Read, kNone, cycle};
    } else {
      en.ctl = data & kCtlStored;
      en.gp = (data & IMS_REGS__ENTRY__CTRL__GP_bm) ? kYes : kNo;
      en.origin[3] = Origin{Src::Read, kNone, cycle};
    }
    // Trusted again once every word was read; control is read last.
    if (word == 3) en.trusted = true;
    return;
  }
  ++compared_;
  if (word < 3) {
    if (data != en.word[word]) {
      violation(entry_text(e) + ": " + kWord[word] + " reads " + hex(data) + ", expected " + hex(en.word[word]) +
                " (" + origin_text(en.origin[word]) + ")" + how + " [read at cycle " + std::to_string(cycle) + "]");
      en.word[word] = data;  // report each change once
      en.origin[word] = Origin{Src::Read, kNone, cycle};
    }
    return;
  }
  const uint32_t stored = data & kCtlStored;
  if (stored != en.ctl) {
    violation(entry_text(e) + ": control " + hex(data) + ", expected mask/PASID-check/PASID bits " + hex(en.ctl) +
              " (" + origin_text(en.origin[3]) + ")" + how + " [read at cycle " + std::to_string(cycle) + "]");
    en.ctl = stored;
    en.origin[3] = Origin{Src::Read, kNone, cycle};
  }
  const bool gp = (data & IMS_REGS__ENTRY__CTRL__GP_bm) != 0;
  if (en.gp == kUnknown) {
    en.gp = gp ? kYes : kNo;
  } else if (gp != (en.gp == kYes)) {
    violation(entry_text(e) + ": GP reads " + std::to_string(gp) + ", expected " + std::to_string(en.gp == kYes) +
              " (GP is set only by a write through the holder's view)" + how + " [read at cycle " +
              std::to_string(cycle) + "]");
    en.gp = gp ? kYes : kNo;
  }
  compare_pending(e, (data & IMS_REGS__ENTRY__CTRL__PENDING_bm) != 0, "control bit 1", cycle);
}

inline void IsolationChecker::read_pba(uint32_t w, uint32_t data, uint64_t cycle) {
  if (last_pba_.size() <= w) last_pba_.resize(w + 1, 0);
  last_pba_[w] = data;
  for (uint32_t i = 0; i < 32 && 32 * w + i < n_; ++i)
    compare_pending(32 * w + i, (data >> i) & 1u, "PBA", cycle);
}

inline void IsolationChecker::compare_pending(uint32_t e, bool pending, const char* where, uint64_t cycle) {
  Entry& en = entries_[e];
  if (en.in_flux) return;
  if (en.holder == kNone) {
    // R4: the reset ADI's entries read not pending at its check point.
    if (en.verify_reset && pending)
      violation(entry_text(e) + ": " + where + " shows it pending after its holder's reset [read at cycle " +
                std::to_string(cycle) + "]");
    return;
  }
  const bool busy = adis_[en.holder].busy;
  if (!busy && en.pending != kUnknown) {
    ++compared_;
    if (pending != (en.pending == kYes)) {
      violation(entry_text(e) + ": " + where + " shows pending " + std::to_string(pending) + ", was " +
                std::to_string(en.pending == kYes) + " at the last quiet point, and ADI " +
                std::to_string(en.holder) + " has had no traffic or unmask since [read at cycle " +
                std::to_string(cycle) + "]");
      en.pending = pending ? kYes : kNo;
    }
  } else if (quiet_) {
    en.pending = pending ? kYes : kNo;
  } else {
    en.pending = kUnknown;
  }
}

inline std::vector<uint32_t> IsolationChecker::check_reads(const std::vector<uint32_t>& focus,
                                                           uint32_t sample, bool full, bool quiet) {
  using namespace ims::regmap;
  std::set<uint32_t> rows;
  for (uint32_t e = 0; e < n_; ++e) {
    const Entry& en = entries_[e];
    if (en.verify_reset) rows.insert(e);
    if (full && en.holder != kNone) rows.insert(e);
    for (uint32_t a : focus)
      if (en.holder == int(a)) rows.insert(e);
  }
  for (uint32_t a : focus) {
    const Adi& adi = adis_[a];
    for (uint32_t e = adi.base(); e < block_end(adi); ++e) rows.insert(e);
  }
  if (!full && sample > 0) {
    std::vector<uint32_t> held;
    for (uint32_t e = 0; e < n_; ++e)
      if (entries_[e].holder != kNone && !rows.count(e)) held.push_back(e);
    for (uint32_t k = 0; k < sample && !held.empty(); ++k) {
      const size_t i = rng_() % held.size();
      rows.insert(held[i]);
      held[i] = held.back();
      held.pop_back();
    }
  }
  std::set<uint32_t> words;
  if (quiet) {
    for (uint32_t w = 0; w < (n_ + 31) / 32; ++w) words.insert(w);
  } else {
    for (uint32_t e : rows) words.insert(e / 32);
  }
  std::vector<uint32_t> out;
  for (uint32_t w : words) out.push_back(pba(w));
  for (uint32_t e : rows)
    for (uint32_t w = 0; w < 4; ++w) out.push_back(entry_addr_lo(e) + 4 * w);
  return out;
}

inline void IsolationChecker::begin_check(const std::string& label, bool quiet, uint64_t cycle) {
  if (label.rfind("before ", 0) != 0) ++checks_;  // an enable's pre-read is not a check point
  label_ = label + " (check point at cycle " + std::to_string(cycle) + ")";
  quiet_ = quiet;
}

inline void IsolationChecker::end_check() {
  for (auto& en : entries_) en.verify_reset = false;
  if (quiet_) {
    // Every PBA word was read at a quiet point: every holder's bits are known.
    for (auto& a : adis_) a.busy = false;
  }
  quiet_ = false;
  label_ = "host read";
}

// A host port (the Bench, or anything with its write/read/read_dut_only/
// cycle) that tells an IsolationChecker about every access and runs the
// check points after resets and re-assignments by itself once
// set_auto_checks(true). Pass it wherever a Bench goes (setup_adi,
// program_entry, reset_adi).
template <class Host>
class IsolatedHost {
 public:
  IsolatedHost(Host& h, IsolationChecker& c) : h_(h), c_(c) {}

  void set_auto_checks(bool on) { auto_ = on; }
  void set_sample(uint32_t n) { sample_ = n; }

  Resp write(uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
    const std::optional<uint32_t> enabling = c_.enable_attempt(addr, data, strb);
    if (enabling) {
      // R6 judges the DUT as it is just before the enable lands.
      const std::vector<uint32_t> pre = c_.handover_reads(*enabling);
      if (!pre.empty()) {
        c_.begin_check("before enabling ADI " + std::to_string(*enabling), false, h_.cycle());
        for (uint32_t r : pre) c_.on_read(r, h_.read(r), h_.cycle());
        c_.end_check();
      }
    }
    const Resp r = h_.write(addr, data, strb);
    c_.on_write(addr, data, strb, r == Resp::Okay, h_.cycle());
    if (enabling && r == Resp::Okay && auto_) {
      std::vector<uint32_t> focus = c_.last_previous_holders();
      focus.push_back(*enabling);
      check("after ADI " + std::to_string(*enabling) + " was enabled (re-assignment)", focus, false, false);
    }
    return r;
  }

  uint32_t read(uint32_t addr) {
    const uint32_t v = h_.read(addr);
    after_read(addr, v);
    return v;
  }

  uint32_t read_dut_only(uint32_t addr, Resp* resp = nullptr) {
    Resp rr = Resp::Okay;
    const uint32_t v = h_.read_dut_only(addr, &rr);
    if (resp != nullptr) *resp = rr;
    if (rr == Resp::Okay) after_read(addr, v);
    return v;
  }

  uint64_t cycle() const { return h_.cycle(); }

  // A request (or event satisfied) on port p.
  template <class Item>
  void request_on(unsigned p, const Item& item) {
    c_.on_traffic(item.adi);
    h_.request_on(p, item);
  }

  // One check point: see IsolationChecker::check_reads.
  void check(const std::string& label, const std::vector<uint32_t>& focus, bool full, bool quiet) {
    const std::vector<uint32_t> reads = c_.check_reads(focus, sample_, full, quiet);
    c_.begin_check(label, quiet, h_.cycle());
    for (uint32_t r : reads) c_.on_read(r, h_.read(r), h_.cycle());
    c_.end_check();
  }

  // After the block went idle (sweeps done, nothing in flight): every PBA
  // word, and every held row (full) or a sample.
  void quiet_check(const std::string& label, bool full) { check(label, {}, full, true); }

 private:
  void after_read(uint32_t addr, uint32_t v) {
    c_.on_read(addr, v, h_.cycle());
    for (uint32_t a : c_.take_completed_resets()) {
      if (!auto_) continue;
      check("after ADI " + std::to_string(a) + "'s reset was reported complete", {a}, false, false);
    }
  }

  Host& h_;
  IsolationChecker& c_;
  bool auto_ = false;
  uint32_t sample_ = 8;
};

}  // namespace ims::tb
