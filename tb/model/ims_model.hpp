// SPDX-License-Identifier: Apache-2.0
// Golden model of the IMS block: cycle-free, plain C++17, no Verilator.
//
// Written from shared/spec/ims-block.md, docs/theory-of-operation.md
// ("Request rules", "Pending release", "Decided rules"), docs/containment.md
// (stages A and B: untagged window, PASID check, RID override, counters,
// fault log; ADI views, guest-direct, GP, configuration rules) and the
// register map rtl/regs/ims_regs.rdl. It predicts every host read and every
// interrupt TLP.
//
// Contract:
//  * write()/read() model one AXI4-Lite access each (32-bit host address
//    space). Every refused access is SLVERR and changes nothing except the
//    fault log and one counter: misaligned, unmapped (>= 0x80000 outside the
//    view region), a write to a read-only register or to the PBA (whatever
//    the strobes), a row beyond the build. Each such SLVERR logs fault reason
//    8 (ADI 0xFFFF, index = address[15:0], value = address) and counts
//    CNT_ILLEGAL_HOST; for a refused read the record is logged after the
//    (zero) read data is determined. Byte strobes are honoured per byte;
//    strb 0 on a writable word is OKAY and changes nothing. Reserved bits
//    read 0.
//  * ADI views (0x1000_0000 <= addr < 0x2000_0000, aligned): a =
//    addr[27:18], v = addr[17:4], word = addr[3:2]. a >= NumAdis, ADI
//    disabled, v >= size or base + v >= NumEntries: SLVERR, reason 8 with
//    ADI a, index v, value = address, CNT_ILLEGAL_HOST. Otherwise e = base +
//    v; a read returns what a host read of entry e's word returns. A write
//    needs guest_direct && pasid_en on ADI a, else SLVERR, reason 6 (ADI a,
//    index v, value = written data), CNT_REFUSED_GUEST (not reason 8, not
//    CNT_ILLEGAL_HOST), nothing changes (strobe 0 included). Allowed words
//    0..2: strobed bytes stored, GP (ctrl bit 2) set if any byte is strobed.
//    Allowed control: only the mask bit, only if byte 0 is strobed; mask
//    written 0 (byte 0 strobed) is an unmask event (release walk).
//  * Host-view entry control: bits 0, 3, 31:12 per strobe; bit 2 (GP) is
//    write-1-to-clear (byte 0 strobed and data bit 2 = 1); bit 1 and
//    reserved bits ignored. Host writes to address/data leave GP alone.
//  * Host writes to an ADI row are checked against the row as it is; a
//    refusal is SLVERR, reason 7 (ADI a, index = 0 CTRL / 4 BLOCK, value =
//    written data), CNT_REFUSED_CONFIG (not reason 8), nothing changes:
//    CTRL with strb != 0xF; CTRL to an ADI whose reset runs; CTRL with the
//    reset bit while any ADI reset runs; CTRL leaving guest_direct = 1 with
//    pasid_en = 0; CTRL taking enable 0 -> 1 of an ADI that does not hold
//    its block with size 0, base + size > NumEntries, or [base, base+size)
//    overlapping the block of another ADI that holds its block (size > 0);
//    BLOCK while the ADI holds its block or resets (whatever the strobe).
//    PASID and RID_OVERRIDE writes are never refused. An accepted CTRL
//    write is followed by the release walk.
//  * Block ownership (spec §5 item 9, docs/theory-of-operation.md "ADI
//    lifecycle"): CTRL.held (bit 7, read-only) is set by an accepted enable
//    and kept until the ADI's reset completes; disabling does not clear it.
//    A reset write (bit 6) disables the ADI and, only if it holds its block,
//    returns the block's entries to their reset value; on completion reset
//    and held read 0. Untimed, the reset completes at once; timed, each
//    entry waits for its reset op and the reset completes at finish_reset().
//  * After every OKAY write that can unmask (entry CTRL with strb[0] and
//    mask written 0; ADI CTRL with strb[0]; global enable&&!mask becoming
//    true) the model releases: it walks entries 0..NumEntries-1 and sends
//    every pending, deliverable entry (owner ADI enabled and unmasked, entry
//    inside the owner's block, entry unmasked, global enable && !mask). A
//    deliverable entry whose owner is untagged (pasid_en = 0) is dropped
//    instead (pending cleared, CNT_DROP_WINDOW, fault with owner, entry
//    index, address) if its GP bit is set (reason 9, DropGuestUntagged) or
//    else its address is outside the untagged window (reason 4, DropWindow).
//    Releases never check the PASID.
//  * request() applies, in order: global disabled (counted, not logged);
//    unknown ADI (reason 1), ADI disabled (2), out of range (3) -- logged
//    with ADI, index = vector, value = request PASID or 0; PASID check
//    (entry ctrl bit 3 && pasid_valid && pasid != ctrl[31:12]: reason 5,
//    value = PASID); masked -> pending; untagged with GP set ->
//    DropGuestUntagged (reason 9, value = address, pending cleared);
//    untagged outside the window -> DropWindow (reason 4, value = address,
//    pending cleared); else Sent. Exactly one Outcome counter moves.
//    CNT_DROP_WINDOW (0x058) reads counter(DropWindow) +
//    counter(DropGuestUntagged). The request PASID is 20 bits (the port's
//    width): bits above 19 are ignored.
//  * Window: untagged is sent only if addr_hi == 0 and
//    ((addr_lo & ~3) & UNTAGGED_MASK) == UNTAGGED_BASE. The address logged
//    for reasons 4 and 9 is addr_lo & ~3 (the address that would be sent).
//  * Fault log: a FIFO of FaultRecord, depth = constructor parameter (1..255,
//    default 16). A record arriving when it is full is lost: FAULT_LOST += 1
//    and the sticky overflow flag (FAULT_STATUS[31]) is set. FAULT_POP write
//    (byte 0 strobed): bit 0 drops the head record if any, bit 1 clears the
//    overflow flag. REC registers read 0 when the log is empty.
//  * Every TLP predicted is appended to expected(), in order; the scoreboard
//    pops them from the front.
//  * Untimed (the default): every call takes effect at once, and a write
//    that unmasks releases at once (release walk above); an ADI reset
//    completes at once.
//  * Timed (set_timed(true), the bench; docs/theory-of-operation.md,
//    "Commit points"): write() is called when the write lands in the DUT
//    and changes the tables at once, but releases nothing and resets no
//    entry itself. Every pipeline op comes in through begin_op() (its ADI
//    row is read), decide_op() (entry, pending bit and global registers are
//    read; outcome, TLP, pending) and retire_op() (it leaves stage 3: it is
//    counted, its fault record is logged, a reset op's entry row returns to
//    its reset value). Which entries the DUT releases or resets, and when,
//    is its choice; the model decides what each such op must do (a release
//    acts only for the pending message's owner: one naming another ADI, its
//    lookup having raced the request that made the entry pending, does
//    nothing), refuses ops nobody asked for (op_errors()) and lists what is
//    still owed
//    (obligations(): a pending entry that is deliverable, an entry of a
//    reset ADI not yet reset), which must be nothing once the DUT is idle.
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
  DropOutOfRange,
  DropWindow,      // untagged address outside the window (fault reason 4)
  DropPasidCheck,  // PASID-check mismatch (fault reason 5)
  DropGuestUntagged,  // untagged, entry guest-programmed (fault reason 9)
  Satisfied           // "event satisfied": pending cleared, no TLP
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
                   kCntDropOutOfRange = 0x054, kUntaggedBase = 0x030,
                   kUntaggedMask = 0x034, kCntDropWindow = 0x058,
                   kCntDropPasidCheck = 0x05C, kCntRefusedGuest = 0x060,
                   kCntRefusedConfig = 0x064, kCntIllegalHost = 0x068,
                   kCntSatisfied = 0x06C,
                   kFaultStatus = 0x080, kFaultLost = 0x084,
                   kFaultRecCode = 0x088, kFaultRecIndex = 0x08C,
                   kFaultRecValue = 0x090, kFaultPop = 0x094, kPba = 0x1000,
                   kPbaWordsMax = 512, kAdi = 0x4000, kAdiRowsMax = 1024,
                   kEntry = 0x40000, kEntryRowsMax = 16384, kEnd = 0x80000,
                   kView = 0x10000000, kViewEnd = 0x20000000,
                   kViewAdiStride = 0x40000;
constexpr uint32_t kIdValue = 0x494D5331, kVersionValue = 0x00010000,
                   kFeaturesValue = 0x3, kFeaturesCounterWidthShift = 8,
                   kUntaggedBaseReset = 0xFEE00000,
                   kUntaggedMaskReset = 0xFFF00000;
// Field masks.
constexpr uint32_t kCtrlEnable = 1u << 0, kCtrlMask = 1u << 1;
constexpr uint32_t kAdiCtrlEnable = 1u << 0, kAdiCtrlMask = 1u << 1,
                   kAdiCtrlPasidEn = 1u << 2, kAdiCtrlPmr = 1u << 3,
                   kAdiCtrlEr = 1u << 4, kAdiCtrlGuestDirect = 1u << 5,
                   kAdiCtrlReset = 1u << 6, kAdiCtrlHeld = 1u << 7,
                   kAdiCtrlTcShift = 8, kAdiCtrlWritable = 0x73F;
// ADI row word +0xC: RID_OVERRIDE.
constexpr uint32_t kRidOverrideRid = 0xFFFF, kRidOverrideEnable = 1u << 16,
                   kRidOverrideWritable = 0x1FFFF;
// FAULT_STATUS / FAULT_POP fields.
constexpr uint32_t kFaultStatusCount = 0xFF, kFaultStatusOverflow = 1u << 31,
                   kFaultPopHead = 1u << 0, kFaultPopClearOverflow = 1u << 1;
// Entry control: kEntryCtrlWritable = bits a host write stores per strobe;
// GP is W1C from the host view, set by view writes; kEntryCtrlRead = bits a
// read can show.
constexpr uint32_t kEntryCtrlMask = 1u << 0, kEntryCtrlPending = 1u << 1,
                   kEntryCtrlGp = 1u << 2, kEntryCtrlPasidChk = 1u << 3,
                   kEntryCtrlWritable = 0xFFFFF009,
                   kEntryCtrlRead = 0xFFFFF00F;
inline uint32_t adi(uint32_t a, uint32_t word) { return kAdi + 16 * a + word; }
inline uint32_t entry(uint32_t e, uint32_t word) {
  return kEntry + 16 * e + word;
}
inline uint32_t pba(uint32_t w) { return kPba + 4 * w; }
// ADI a's view of its vector v (word 0x0/0x4/0x8/0xC as in the entry row).
inline uint32_t view(uint32_t a, uint32_t v, uint32_t word) {
  return kView + kViewAdiStride * a + 16 * v + word;
}
}  // namespace reg

struct EntryRow {
  uint32_t addr_lo = 0, addr_hi = 0, data = 0;
  uint32_t ctrl = reg::kEntryCtrlMask;  // stored bits only (no pending)
};
struct AdiRow {
  uint32_t ctrl = 0, block = 0, pasid = 0;
  uint32_t rid_override = 0;  // word +0xC: [15:0] RID, [16] enable
  bool enabled() const { return ctrl & reg::kAdiCtrlEnable; }
  bool masked() const { return ctrl & reg::kAdiCtrlMask; }
  bool tagged() const { return ctrl & reg::kAdiCtrlPasidEn; }
  bool guest_direct() const { return ctrl & reg::kAdiCtrlGuestDirect; }
  bool held() const { return ctrl & reg::kAdiCtrlHeld; }
  bool resetting() const { return ctrl & reg::kAdiCtrlReset; }
  uint32_t base() const { return block & 0xFFFF; }
  uint32_t size() const { return block >> 16; }
};

// Fault reasons (docs/containment.md, "Fault reasons").
namespace fault {
constexpr uint8_t kUnknownAdi = 1, kAdiDisabled = 2, kOutOfRange = 3,
                  kWindow = 4, kPasidCheck = 5, kGuestRefused = 6,
                  kConfigRefused = 7, kIllegalHost = 8, kGuestProgrammed = 9;
constexpr uint16_t kNoAdi = 0xFFFF;
}  // namespace fault

struct FaultRecord {
  uint8_t reason;
  uint16_t adi;     // 0xFFFF: none
  uint16_t index;   // vector, entry or address[15:0]
  uint32_t value;   // address, data or PASID
  bool operator==(const FaultRecord& o) const {
    return reason == o.reason && adi == o.adi && index == o.index &&
           value == o.value;
  }
  bool operator!=(const FaultRecord& o) const { return !(*this == o); }
};

class ImsModel {
 public:
  static constexpr uint32_t kDefaultFaultDepth = 16;
  // CNT_* counter width (ims_top CounterW): 32 wraps at 2^32; narrower
  // counters saturate at 2^width - 1 (docs/theory-of-operation.md).
  static constexpr uint32_t kDefaultCounterWidth = 32;
  ImsModel(uint32_t num_entries, uint32_t num_adis,
           uint32_t fault_depth = kDefaultFaultDepth,
           uint32_t counter_width = kDefaultCounterWidth);

  Resp write(uint32_t addr, uint32_t data, uint8_t strb = 0xF);
  ReadResult read(uint32_t addr);
  // What read(addr) would return now, without its side effects (a refused
  // read's fault record and counter).
  ReadResult peek(uint32_t addr) const;
  Outcome request(uint16_t adi, uint16_t vec, bool pasid_valid = false,
                  uint32_t pasid = 0);
  // "Event satisfied" for (adi, vec): the ADI/range checks and faults of a
  // request (not gated by the global enable), then the entry's pending bit
  // clears without a TLP, whatever masks it (MSI-X: software polling pending
  // bits with the vector masked must see the truth). Counted in CNT_SATISFIED.
  Outcome satisfy(uint16_t adi, uint16_t vec);
  std::deque<TlpWords>& expected() { return expected_; }

  // Back to the reset state (tables initialised, counters 0, nothing
  // expected).
  void reset();

  // ---- timed use (see the contract above) -----------------------------
  // The pipeline's op kinds (rtl/ims_pkg.sv op_kind_e, same encoding).
  enum class OpKind : uint8_t {
    Request = 0, Release = 1, HostRead = 2, Satisfy = 3, Scan = 4, Reset = 5
  };
  struct Op {
    OpKind kind = OpKind::Request;
    uint16_t adi = 0, idx = 0;  // idx: vector (request, satisfy) or entry
    bool pasid_valid = false;
    uint32_t pasid = 0;
    bool known = false;  // adi < NumAdis: row holds its ADI row
    AdiRow row;          // as read in stage 0
    Outcome outcome = Outcome::Sent;  // requests and satisfies
    std::vector<FaultRecord> faults;  // decided, logged at retire
    std::vector<Outcome> counts;      // decided, counted at retire
  };
  void set_timed(bool on) { timed_ = on; }
  bool timed() const { return timed_; }
  Op begin_op(OpKind kind, uint16_t adi, uint16_t idx, bool pasid_valid = false,
              uint32_t pasid = 0) const;
  void decide_op(Op& op);
  void retire_op(Op& op);
  // Timed: the DUT reported the running ADI reset complete (its CTRL row
  // write landed on this edge, after the host write of the same edge). An
  // entry of the block not yet reset is an op error.
  void finish_reset();
  // Timed: the sink took a TLP on this edge (CNT_SENT counts it now; a TLP
  // decided but still in the output slice is not counted yet).
  void tlp_taken() { ++counters_[static_cast<int>(Outcome::Sent)]; }
  std::vector<std::string> obligations() const;
  // Timed: the release causes of the writes landed so far, in order, for the
  // obligation checker (tb/checker/obligations.hpp), which clears them: an
  // entry index (an entry or view write of mask 0 to that entry: one
  // release) or kSweepCause (an ADI CTRL write that opens the ADI, or the
  // global enable && !mask becoming true: a sweep).
  static constexpr int32_t kSweepCause = -1, kNoCause = -2;
  std::vector<int32_t>& release_causes() { return release_causes_; }
  // Timed: the ADI whose reset runs (-1: none), and the entries its reset
  // still owes a reset op.
  int resetting_adi() const { return resetting_adi_; }
  bool reset_due(uint32_t e) const { return reset_due_.at(e); }
  const std::vector<std::string>& op_errors() const { return op_errors_; }
  // Release ops that named an ADI other than the pending message's owner
  // (their lookup raced a request): each did nothing.
  uint64_t stale_releases() const { return stale_releases_; }

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
  // Counter values as the registers read them (events counted so far, cut
  // to the build's counter width by its rule).
  uint32_t counter(Outcome o) const {
    return counter_reg(counters_[static_cast<int>(o)]);
  }
  uint32_t counter_sent() const { return counter(Outcome::Sent); }
  uint32_t counter_pending() const { return counter(Outcome::Pending); }
  // CNT_DROP_WINDOW as the register reads it (window + guest-untagged).
  uint32_t counter_drop_window_reg() const {
    return counter_reg(counters_[static_cast<int>(Outcome::DropWindow)] +
                       counters_[static_cast<int>(Outcome::DropGuestUntagged)]);
  }
  uint32_t counter_refused_guest() const { return counter_reg(cnt_refused_guest_); }
  uint32_t counter_refused_config() const { return counter_reg(cnt_refused_config_); }
  uint32_t counter_illegal_host() const { return counter_reg(cnt_illegal_host_); }
  uint32_t counter_width() const { return counter_width_; }
  // A counter register's value after `events` events: modulo 2^32 for 32-bit
  // counters, else min(events, 2^width - 1).
  uint32_t counter_reg(uint64_t events) const {
    if (counter_width_ >= 32) return static_cast<uint32_t>(events);
    const uint64_t top = (uint64_t{1} << counter_width_) - 1;
    return static_cast<uint32_t>(events < top ? events : top);
  }
  uint64_t releases_sent() const { return releases_sent_; }
  uint64_t releases_dropped() const { return releases_dropped_; }
  uint32_t untagged_base() const { return untagged_base_; }
  uint32_t untagged_mask() const { return untagged_mask_; }
  // Fault log: head at front(). fault_lost() wraps at 2^32.
  const std::deque<FaultRecord>& faults() const { return faults_; }
  uint32_t fault_lost() const { return fault_lost_; }
  bool fault_overflow() const { return fault_overflow_; }
  uint32_t fault_depth() const { return fault_depth_; }
  // True if entry e, pending and owned by owner(e), would leave its pending
  // state now (sent, or dropped: guest-programmed untagged, or the window).
  bool deliverable(uint32_t e) const;
  // True if an untagged TLP to this entry's address may leave (window).
  bool in_window(const EntryRow& en) const;
  // The Requester ID ADI a's TLPs carry (RID_OVERRIDE if enabled).
  uint16_t rid_for(uint32_t a) const;
  // The TLP entry e sends for ADI a under the current configuration.
  TlpWords tlp_for(uint32_t e, uint32_t a) const;

 private:
  // Timed: records why releases are owed (release_causes()); untimed:
  // releases at once.
  void unmask_event(int32_t cause);
  void release_sweep();
  // Releases entry e for ADI a (row: a's row, nullptr if unknown) if it is
  // pending and deliverable.
  void release_entry(uint32_t e, uint32_t a, const AdiRow* row);
  void reset_entry(uint32_t e);
  const AdiRow* row_of(uint32_t adi) const;
  bool deliverable(uint32_t e, const AdiRow* row) const;
  uint16_t rid_for(const AdiRow& ad) const;
  TlpWords tlp_for(uint32_t e, const AdiRow& ad) const;
  Outcome decide_request(uint16_t adi, const AdiRow* row, uint16_t vec,
                         bool pasid_valid, uint32_t pasid);
  Outcome decide_satisfy(uint16_t adi, const AdiRow* row, uint16_t vec);
  void send(uint32_t e, const AdiRow& ad);
  void log_fault(uint8_t reason, uint16_t adi, uint16_t index, uint32_t value);
  void count(Outcome o);
  void illegal_host(uint32_t addr);
  // Result of a decoded write: Illegal is logged as reason 8 by write();
  // Refused was logged (reason 6 or 7) where it was decided.
  enum class WriteStatus { Okay, Illegal, Refused };
  WriteStatus write_decode(uint32_t addr, uint32_t data, uint8_t strb);
  WriteStatus write_adi_row(uint32_t a, uint32_t word, uint32_t data,
                            uint8_t strb);
  Resp write_view(uint32_t addr, uint32_t data, uint8_t strb);
  // View address -> entry index; false (and a, v set) if out of range.
  bool view_entry(uint32_t addr, uint32_t& a, uint32_t& v,
                  uint32_t& e) const;
  ReadResult read_decode(uint32_t addr) const;
  // Untagged drop at request or release: true if dropped (logged, counted).
  bool untagged_drop(uint32_t e, const AdiRow& ad, uint32_t a, uint16_t index,
                     Outcome& o);
  uint32_t pba_words() const { return (num_entries_ + 31) / 32; }

  uint32_t num_entries_, num_adis_;
  std::vector<EntryRow> entries_;
  std::vector<AdiRow> adis_;
  std::vector<bool> pending_;
  std::vector<uint32_t> owner_;
  uint32_t ctrl_ = 0;
  uint16_t rid_ = 0;
  uint32_t untagged_base_ = reg::kUntaggedBaseReset;
  uint32_t untagged_mask_ = reg::kUntaggedMaskReset;
  // Indexed by Outcome; also CNT_SENT..CNT_DROP_PASID_CHECK in map order.
  // DropGuestUntagged (index 8) has no register of its own: it is read as
  // part of CNT_DROP_WINDOW.
  // Events counted (not cut to the counter width: counter_reg() does that).
  uint64_t counters_[10] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  uint64_t cnt_refused_guest_ = 0, cnt_refused_config_ = 0,
           cnt_illegal_host_ = 0;
  uint32_t fault_depth_;
  uint32_t counter_width_;
  std::deque<FaultRecord> faults_;
  uint32_t fault_lost_ = 0;
  bool fault_overflow_ = false;
  uint64_t releases_sent_ = 0, releases_dropped_ = 0;
  std::deque<TlpWords> expected_;
  bool timed_ = false;
  std::vector<bool> reset_due_;             // timed: waiting for its reset op
  int resetting_adi_ = -1;                  // the ADI whose reset runs (timed)
  std::vector<FaultRecord>* staged_ = nullptr;  // timed: decide_op's op
  std::vector<Outcome>* staged_counts_ = nullptr;
  std::vector<std::string> op_errors_;
  uint64_t stale_releases_ = 0;
  std::vector<int32_t> release_causes_;     // timed: see release_causes()
};

}  // namespace ims
