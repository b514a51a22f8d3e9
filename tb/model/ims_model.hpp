// SPDX-License-Identifier: Apache-2.0
// Golden model of the IMS block: cycle-free, plain C++17, no Verilator.
//
// Written from shared/spec/ims-block.md, docs/theory-of-operation.md
// ("Request rules", "Pending release", "Decided rules") and the register map
// rtl/regs/ims_regs.rdl. It predicts every host read and every interrupt TLP.
//
// Contract:
//  * write()/read() model one AXI4-Lite access each. Every refused access is
//    SLVERR and changes nothing: address >= 0x80000, misaligned, unmapped,
//    a write to a read-only register or to the PBA (whatever the strobes),
//    a row beyond the build. Byte strobes are honoured per byte; strb 0 on a
//    writable word is OKAY and changes nothing. Reserved bits read 0.
//  * After every OKAY write that can unmask (entry CTRL with strb[0] and
//    mask written 0; ADI CTRL with strb[0]; global enable&&!mask becoming
//    true) the model releases: it walks entries 0..NumEntries-1 and sends
//    every pending, deliverable entry (owner ADI enabled and unmasked, entry
//    inside the owner's block, entry unmasked, global enable && !mask).
//  * request() applies request rules 1-6; exactly one counter moves.
//  * Every TLP predicted is appended to expected(), in order; the scoreboard
//    pops them from the front.
//  * read() of STATUS reports bits 1:0 as don't-care (care_mask); an SLVERR
//    read has data 0 and care_mask 0.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "tlp.hpp"

namespace ims {

enum class Resp : uint8_t { Okay = 0, SlvErr = 2 };
enum class Outcome {
  Sent,
  Pending,
  DropDisabled,
  DropUnknownAdi,
  DropAdiDisabled,
  DropOutOfRange
};
const char* to_string(Outcome o);

struct ReadResult {
  Resp resp;
  uint32_t data;
  uint32_t care_mask;  // bits the DUT must match
};

// Register map (byte addresses on the host port).
namespace reg {
constexpr uint32_t kId = 0x000, kVersion = 0x004, kCapEntries = 0x008,
                   kCapAdis = 0x00C, kFeatures = 0x010, kCtrl = 0x020,
                   kRequesterId = 0x024, kStatus = 0x028, kCntSent = 0x040,
                   kCntPending = 0x044, kCntDropDisabled = 0x048,
                   kCntDropUnknownAdi = 0x04C, kCntDropAdiDisabled = 0x050,
                   kCntDropOutOfRange = 0x054, kPba = 0x1000,
                   kPbaWordsMax = 512, kAdi = 0x4000, kAdiRowsMax = 1024,
                   kEntry = 0x40000, kEntryRowsMax = 16384, kEnd = 0x80000;
constexpr uint32_t kIdValue = 0x494D5331, kVersionValue = 0x00010000,
                   kFeaturesValue = 0x3;
// Field masks.
constexpr uint32_t kCtrlEnable = 1u << 0, kCtrlMask = 1u << 1;
constexpr uint32_t kAdiCtrlEnable = 1u << 0, kAdiCtrlMask = 1u << 1,
                   kAdiCtrlPasidEn = 1u << 2, kAdiCtrlPmr = 1u << 3,
                   kAdiCtrlEr = 1u << 4, kAdiCtrlTcShift = 8,
                   kAdiCtrlWritable = 0x71F;
constexpr uint32_t kEntryCtrlMask = 1u << 0, kEntryCtrlPending = 1u << 1,
                   kEntryCtrlPasidChk = 1u << 3,
                   kEntryCtrlWritable = 0xFFFFF009;
inline uint32_t adi(uint32_t a, uint32_t word) { return kAdi + 16 * a + word; }
inline uint32_t entry(uint32_t e, uint32_t word) {
  return kEntry + 16 * e + word;
}
inline uint32_t pba(uint32_t w) { return kPba + 4 * w; }
}  // namespace reg

struct EntryRow {
  uint32_t addr_lo = 0, addr_hi = 0, data = 0;
  uint32_t ctrl = reg::kEntryCtrlMask;  // stored bits only (no pending)
};
struct AdiRow {
  uint32_t ctrl = 0, block = 0, pasid = 0;
  bool enabled() const { return ctrl & reg::kAdiCtrlEnable; }
  bool masked() const { return ctrl & reg::kAdiCtrlMask; }
  uint32_t base() const { return block & 0xFFFF; }
  uint32_t size() const { return block >> 16; }
};

class ImsModel {
 public:
  ImsModel(uint32_t num_entries, uint32_t num_adis);

  Resp write(uint32_t addr, uint32_t data, uint8_t strb = 0xF);
  ReadResult read(uint32_t addr);
  Outcome request(uint16_t adi, uint16_t vec);
  std::deque<TlpWords>& expected() { return expected_; }

  // Back to the reset state (tables initialised, counters 0, nothing
  // expected).
  void reset();

  // Read-only views for tests and checkers.
  uint32_t num_entries() const { return num_entries_; }
  uint32_t num_adis() const { return num_adis_; }
  bool pending(uint32_t entry) const { return pending_.at(entry); }
  uint32_t owner(uint32_t entry) const { return owner_.at(entry); }
  const EntryRow& entry(uint32_t e) const { return entries_.at(e); }
  const AdiRow& adi(uint32_t a) const { return adis_.at(a); }
  bool global_enable() const { return ctrl_ & reg::kCtrlEnable; }
  bool global_mask() const { return ctrl_ & reg::kCtrlMask; }
  uint16_t requester_id() const { return rid_; }
  uint32_t counter(Outcome o) const {
    return counters_[static_cast<int>(o)];
  }
  uint32_t counter_sent() const { return counter(Outcome::Sent); }
  uint32_t counter_pending() const { return counter(Outcome::Pending); }
  uint64_t releases_sent() const { return releases_sent_; }
  // True if entry e, pending and owned by owner(e), would be sent now.
  bool deliverable(uint32_t e) const;
  // The TLP entry e sends for ADI a under the current configuration.
  TlpWords tlp_for(uint32_t e, uint32_t a) const;

 private:
  void release_sweep();
  void send(uint32_t e, uint32_t a);
  uint32_t pba_words() const { return (num_entries_ + 31) / 32; }

  uint32_t num_entries_, num_adis_;
  std::vector<EntryRow> entries_;
  std::vector<AdiRow> adis_;
  std::vector<bool> pending_;
  std::vector<uint32_t> owner_;
  uint32_t ctrl_ = 0;
  uint16_t rid_ = 0;
  uint32_t counters_[6] = {0, 0, 0, 0, 0, 0};
  uint64_t releases_sent_ = 0;
  std::deque<TlpWords> expected_;
};

}  // namespace ims
