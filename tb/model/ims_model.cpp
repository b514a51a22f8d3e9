// SPDX-License-Identifier: Apache-2.0
// Golden model of the IMS block: register decode, request rules, pending
// release, untagged window, PASID check, fault log, ADI views, GP,
// configuration rules. See ims_model.hpp for the contract,
// docs/theory-of-operation.md and docs/containment.md for the rules.
#include "ims_model.hpp"

#include <stdexcept>

namespace ims {

namespace {

// Byte strobes to a bit mask.
uint32_t strb_mask(uint8_t strb) {
  uint32_t m = 0;
  for (int b = 0; b < 4; ++b)
    if (strb & (1u << b)) m |= 0xFFu << (8 * b);
  return m;
}

// Merge `data` into `old` on the strobed bytes, only on writable bits.
uint32_t merge(uint32_t old, uint32_t data, uint8_t strb, uint32_t writable) {
  const uint32_t m = strb_mask(strb) & writable;
  return (old & ~m) | (data & m);
}

}  // namespace

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Sent: return "Sent";
    case Outcome::Pending: return "Pending";
    case Outcome::DropDisabled: return "DropDisabled";
    case Outcome::DropUnknownAdi: return "DropUnknownAdi";
    case Outcome::DropAdiDisabled: return "DropAdiDisabled";
    case Outcome::DropOutOfRange: return "DropOutOfRange";
    case Outcome::DropWindow: return "DropWindow";
    case Outcome::DropPasidCheck: return "DropPasidCheck";
    case Outcome::DropGuestUntagged: return "DropGuestUntagged";
    case Outcome::Satisfied: return "Satisfied";
  }
  return "?";
}

ImsModel::ImsModel(uint32_t num_entries, uint32_t num_adis,
                   uint32_t fault_depth, uint32_t counter_width)
    : num_entries_(num_entries), num_adis_(num_adis),
      fault_depth_(fault_depth), counter_width_(counter_width) {
  if (counter_width < 2 || counter_width > 32)
    throw std::invalid_argument("ImsModel: counter width must be 2..32");
  if (num_entries == 0 || num_entries > reg::kEntryRowsMax || num_adis == 0 ||
      num_adis > reg::kAdiRowsMax)
    throw std::invalid_argument("ImsModel: build size outside the map");
  if (fault_depth == 0 || fault_depth > reg::kFaultStatusCount)
    throw std::invalid_argument("ImsModel: fault depth must be 1..255");
  reset();
}

void ImsModel::reset() {
  entries_.assign(num_entries_, EntryRow{});
  adis_.assign(num_adis_, AdiRow{});
  pending_.assign(num_entries_, false);
  owner_.assign(num_entries_, 0);
  ctrl_ = 0;
  rid_ = 0;
  untagged_base_ = reg::kUntaggedBaseReset;
  untagged_mask_ = reg::kUntaggedMaskReset;
  for (auto& c : counters_) c = 0;
  cnt_refused_guest_ = cnt_refused_config_ = cnt_illegal_host_ = 0;
  faults_.clear();
  fault_lost_ = 0;
  fault_overflow_ = false;
  releases_sent_ = releases_dropped_ = 0;
  expected_.clear();
  reset_due_.assign(num_entries_, false);
  resetting_adi_ = -1;
  release_causes_.clear();
  op_errors_.clear();
  stale_releases_ = 0;
}

void ImsModel::log_fault(uint8_t reason, uint16_t adi, uint16_t index,
                         uint32_t value) {
  if (staged_ != nullptr) {  // an op's record waits until the op leaves S2
    staged_->push_back(FaultRecord{reason, adi, index, value});
    return;
  }
  if (faults_.size() >= fault_depth_) {
    ++fault_lost_;  // wraps
    fault_overflow_ = true;
    return;
  }
  faults_.push_back(FaultRecord{reason, adi, index, value});
}

void ImsModel::count(Outcome o) {
  if (timed_ && o == Outcome::Sent) return;  // counted when the sink takes it (tlp_taken())
  if (staged_counts_ != nullptr) {  // an op's count waits until it leaves S2
    staged_counts_->push_back(o);
    return;
  }
  ++counters_[static_cast<int>(o)];
}

void ImsModel::illegal_host(uint32_t addr) {
  ++cnt_illegal_host_;
  log_fault(fault::kIllegalHost, fault::kNoAdi,
            static_cast<uint16_t>(addr & 0xFFFF), addr);
}

namespace {
bool in_view_region(uint32_t addr) {
  return addr >= reg::kView && addr < reg::kViewEnd && !(addr & 3u);
}
}  // namespace

bool ImsModel::view_entry(uint32_t addr, uint32_t& a, uint32_t& v,
                          uint32_t& e) const {
  a = (addr >> 18) & 0x3FF;
  v = (addr >> 4) & 0x3FFF;
  e = 0;
  if (a >= num_adis_) return false;
  const AdiRow& r = adis_[a];
  if (!r.enabled() || v >= r.size() || r.base() + v >= num_entries_)
    return false;
  e = r.base() + v;
  return true;
}

Resp ImsModel::write(uint32_t addr, uint32_t data, uint8_t strb) {
  if (in_view_region(addr)) return write_view(addr, data, strb);
  const WriteStatus st = write_decode(addr, data, strb);
  if (st == WriteStatus::Illegal) illegal_host(addr);
  return st == WriteStatus::Okay ? Resp::Okay : Resp::SlvErr;
}

Resp ImsModel::write_view(uint32_t addr, uint32_t data, uint8_t strb) {
  uint32_t a, v, e;
  if (!view_entry(addr, a, v, e)) {
    ++cnt_illegal_host_;
    log_fault(fault::kIllegalHost, static_cast<uint16_t>(a),
              static_cast<uint16_t>(v), addr);
    return Resp::SlvErr;
  }
  const AdiRow& ad = adis_[a];
  if (!(ad.guest_direct() && ad.tagged())) {
    ++cnt_refused_guest_;
    log_fault(fault::kGuestRefused, static_cast<uint16_t>(a),
              static_cast<uint16_t>(v), data);
    return Resp::SlvErr;
  }
  EntryRow& r = entries_[e];
  const uint32_t word = addr & 0xC;
  if (word == 0xC) {
    if (strb & 1u) {
      r.ctrl = (r.ctrl & ~reg::kEntryCtrlMask) | (data & reg::kEntryCtrlMask);
      if (!(data & reg::kEntryCtrlMask)) unmask_event(static_cast<int32_t>(e));
    }
    return Resp::Okay;
  }
  uint32_t& w = word == 0x0 ? r.addr_lo : word == 0x4 ? r.addr_hi : r.data;
  w = merge(w, data, strb, ~0u);
  if (strb & 0xFu) r.ctrl |= reg::kEntryCtrlGp;
  return Resp::Okay;
}

ReadResult ImsModel::read(uint32_t addr) {
  // The read value is determined first (a refused read of a fault register
  // reads 0 anyway), then the refusal is logged.
  if (in_view_region(addr)) {
    uint32_t a, v, e;
    if (view_entry(addr, a, v, e)) return read_decode(reg::entry(e, addr & 0xC));
    ++cnt_illegal_host_;
    log_fault(fault::kIllegalHost, static_cast<uint16_t>(a),
              static_cast<uint16_t>(v), addr);
    return ReadResult{Resp::SlvErr, 0, 0};
  }
  const ReadResult r = read_decode(addr);
  if (r.resp == Resp::SlvErr) illegal_host(addr);
  return r;
}

ReadResult ImsModel::peek(uint32_t addr) const {
  if (in_view_region(addr)) {
    uint32_t a, v, e;
    if (view_entry(addr, a, v, e)) return read_decode(reg::entry(e, addr & 0xC));
    return ReadResult{Resp::SlvErr, 0, 0};
  }
  return read_decode(addr);
}

ImsModel::WriteStatus ImsModel::write_adi_row(uint32_t a, uint32_t word,
                                              uint32_t data, uint8_t strb) {
  AdiRow& r = adis_[a];
  auto refuse = [&]() {
    ++cnt_refused_config_;
    log_fault(fault::kConfigRefused, static_cast<uint16_t>(a),
              static_cast<uint16_t>(word), data);
    return WriteStatus::Refused;
  };
  switch (word) {
    case 0x0: {
      if ((strb & 0xFu) != 0xFu || r.resetting()) return refuse();
      AdiRow n = r;
      n.ctrl = merge(r.ctrl, data, strb, reg::kAdiCtrlWritable);
      if (n.guest_direct() && !n.tagged()) return refuse();
      if (data & reg::kAdiCtrlReset) {
        // ADI reset (docs/theory-of-operation.md, "ADI lifecycle"): one at a
        // time; the ADI is disabled and, if it holds its block, every entry
        // of the block goes back to its reset value, pending cleared. An ADI
        // that holds nothing touches no entry (its BLOCK may name a block
        // another ADI holds now). Untimed it completes at once; timed, each
        // entry waits for its reset op and CTRL.reset/held read 1 until the
        // DUT reports completion (finish_reset()).
        if (resetting_adi_ >= 0) return refuse();
        r.ctrl = (n.ctrl & ~reg::kAdiCtrlEnable) | reg::kAdiCtrlReset;
        if (r.held()) {
          const uint32_t end = std::min(r.base() + r.size(), num_entries_);
          for (uint32_t e = r.base(); e < end; ++e) {
            if (timed_) {
              reset_due_[e] = true;
            } else {
              reset_entry(e);
            }
          }
        }
        resetting_adi_ = static_cast<int>(a);
        if (!timed_) finish_reset();
        return WriteStatus::Okay;
      }
      if (n.enabled() && !r.held()) {
        // Enabling takes the block: it must be non-empty, inside the table
        // and overlap no block another ADI holds (enabled, disabled but not
        // yet reset, or resetting).
        const uint32_t base = r.base(), size = r.size();
        if (size == 0 || base + size > num_entries_) return refuse();
        for (uint32_t b = 0; b < num_adis_; ++b) {
          const AdiRow& o = adis_[b];
          if (b == a || !o.held() || o.size() == 0) continue;
          if (base < o.base() + o.size() && o.base() < base + size)
            return refuse();
        }
        n.ctrl |= reg::kAdiCtrlHeld;
      }
      // Timed, only a write that opens the ADI (enabled and unmasked, from
      // not) asks for a sweep ("Pending release"); untimed, every accepted
      // CTRL write walks (opening is the only case that releases anything).
      const bool opens = n.enabled() && !n.masked() && !(r.enabled() && !r.masked());
      r.ctrl = n.ctrl;
      unmask_event(opens ? kSweepCause : kNoCause);  // byte 0 is always strobed here
      break;
    }
    case 0x4:
      if (r.held() || r.resetting()) return refuse();
      r.block = merge(r.block, data, strb, ~0u);
      break;
    case 0x8: r.pasid = merge(r.pasid, data, strb, 0xFFFFFu); break;
    default:
      r.rid_override =
          merge(r.rid_override, data, strb, reg::kRidOverrideWritable);
      break;
  }
  return WriteStatus::Okay;
}

ImsModel::WriteStatus ImsModel::write_decode(uint32_t addr, uint32_t data,
                                             uint8_t strb) {
  constexpr WriteStatus kOk = WriteStatus::Okay, kIllegal =
                                                     WriteStatus::Illegal;
  if (addr >= reg::kEnd || (addr & 3u)) return kIllegal;
  const bool byte0 = (strb & 1u) != 0;

  if (addr >= reg::kEntry) {
    const uint32_t e = (addr - reg::kEntry) / 16, word = addr & 0xC;
    if (e >= num_entries_) return kIllegal;
    EntryRow& r = entries_[e];
    switch (word) {
      case 0x0: r.addr_lo = merge(r.addr_lo, data, strb, ~0u); break;
      case 0x4: r.addr_hi = merge(r.addr_hi, data, strb, ~0u); break;
      case 0x8: r.data = merge(r.data, data, strb, ~0u); break;
      default:
        r.ctrl = merge(r.ctrl, data, strb, reg::kEntryCtrlWritable);
        if (byte0 && (data & reg::kEntryCtrlGp)) r.ctrl &= ~reg::kEntryCtrlGp;
        // Unmask event: byte 0 written with mask = 0 -> release this entry.
        // Walking all entries is equivalent (only e can have changed).
        if (byte0 && !(data & reg::kEntryCtrlMask)) unmask_event(static_cast<int32_t>(e));
        break;
    }
    return kOk;
  }
  if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax) {
    const uint32_t a = (addr - reg::kAdi) / 16, word = addr & 0xC;
    if (a >= num_adis_) return kIllegal;
    return write_adi_row(a, word, data, strb);
  }
  if (addr >= reg::kPba && addr < reg::kPba + 4 * reg::kPbaWordsMax)
    return kIllegal;  // PBA is read-only (and rows beyond: also SLVERR)
  switch (addr) {
    case reg::kCtrl: {
      const bool before = global_enable() && !global_mask();
      ctrl_ = merge(ctrl_, data, strb, reg::kCtrlEnable | reg::kCtrlMask);
      const bool after = global_enable() && !global_mask();
      if (after && !before) unmask_event(kSweepCause);
      return kOk;
    }
    case reg::kRequesterId:
      rid_ = static_cast<uint16_t>(merge(rid_, data, strb, 0xFFFFu));
      return kOk;
    case reg::kUntaggedBase:
      untagged_base_ = merge(untagged_base_, data, strb, ~0u);
      return kOk;
    case reg::kUntaggedMask:
      untagged_mask_ = merge(untagged_mask_, data, strb, ~0u);
      return kOk;
    case reg::kFaultPop: {
      const uint32_t d = data & strb_mask(strb);  // only strobed bits act
      if ((d & reg::kFaultPopHead) && !faults_.empty()) faults_.pop_front();
      if (d & reg::kFaultPopClearOverflow) fault_overflow_ = false;
      return kOk;
    }
    default:
      // Read-only registers and unmapped addresses alike.
      return kIllegal;
  }
}

ReadResult ImsModel::read_decode(uint32_t addr) const {
  const ReadResult err{Resp::SlvErr, 0, 0};
  auto ok = [](uint32_t d) { return ReadResult{Resp::Okay, d, ~0u}; };
  if (addr >= reg::kEnd || (addr & 3u)) return err;

  if (addr >= reg::kEntry) {
    const uint32_t e = (addr - reg::kEntry) / 16, word = addr & 0xC;
    if (e >= num_entries_) return err;
    const EntryRow& r = entries_[e];
    switch (word) {
      case 0x0: return ok(r.addr_lo);
      case 0x4: return ok(r.addr_hi);
      case 0x8: return ok(r.data);
      default:
        return ok(r.ctrl | (pending_[e] ? reg::kEntryCtrlPending : 0u));
    }
  }
  if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax) {
    const uint32_t a = (addr - reg::kAdi) / 16, word = addr & 0xC;
    if (a >= num_adis_) return err;
    const AdiRow& r = adis_[a];
    switch (word) {
      case 0x0: return ok(r.ctrl);
      case 0x4: return ok(r.block);
      case 0x8: return ok(r.pasid);
      default: return ok(r.rid_override);
    }
  }
  if (addr >= reg::kPba && addr < reg::kPba + 4 * reg::kPbaWordsMax) {
    const uint32_t w = (addr - reg::kPba) / 4;
    if (w >= pba_words()) return err;
    uint32_t v = 0;
    for (uint32_t b = 0; b < 32 && 32 * w + b < num_entries_; ++b)
      if (pending_[32 * w + b]) v |= 1u << b;
    return ok(v);
  }
  switch (addr) {
    case reg::kId: return ok(reg::kIdValue);
    case reg::kVersion: return ok(reg::kVersionValue);
    case reg::kCapEntries: return ok(num_entries_);
    case reg::kCapAdis: return ok(num_adis_);
    case reg::kFeatures:
      return ok(reg::kFeaturesValue |
                ((counter_width_ % 32) << reg::kFeaturesCounterWidthShift));
    case reg::kCtrl: return ok(ctrl_);
    case reg::kRequesterId: return ok(rid_);
    case reg::kStatus: return ReadResult{Resp::Okay, 0, ~3u};
    case reg::kCntSent:
    case reg::kCntPending:
    case reg::kCntDropDisabled:
    case reg::kCntDropUnknownAdi:
    case reg::kCntDropAdiDisabled:
    case reg::kCntDropOutOfRange:
    case reg::kCntDropPasidCheck:
      return ok(counter_reg(counters_[(addr - reg::kCntSent) / 4]));
    case reg::kCntDropWindow: return ok(counter_drop_window_reg());
    case reg::kUntaggedBase: return ok(untagged_base_);
    case reg::kUntaggedMask: return ok(untagged_mask_);
    case reg::kCntRefusedGuest: return ok(counter_refused_guest());
    case reg::kCntRefusedConfig: return ok(counter_refused_config());
    case reg::kCntIllegalHost: return ok(counter_illegal_host());
    case reg::kCntSatisfied: return ok(counter(Outcome::Satisfied));
    case reg::kFaultStatus:
      return ok(static_cast<uint32_t>(faults_.size()) |
                (fault_overflow_ ? reg::kFaultStatusOverflow : 0u));
    case reg::kFaultLost: return ok(fault_lost_);
    case reg::kFaultRecCode:
      return ok(faults_.empty() ? 0u
                                : faults_.front().reason |
                                      (uint32_t{faults_.front().adi} << 16));
    case reg::kFaultRecIndex:
      return ok(faults_.empty() ? 0u : faults_.front().index);
    case reg::kFaultRecValue:
      return ok(faults_.empty() ? 0u : faults_.front().value);
    case reg::kFaultPop: return ok(0);
    default: return err;
  }
}

Outcome ImsModel::request(uint16_t adi, uint16_t vec, bool pasid_valid,
                          uint32_t pasid) {
  return decide_request(adi, row_of(adi), vec, pasid_valid, pasid);
}

Outcome ImsModel::satisfy(uint16_t adi, uint16_t vec) {
  return decide_satisfy(adi, row_of(adi), vec);
}

const AdiRow* ImsModel::row_of(uint32_t adi) const {
  return adi < num_adis_ ? &adis_[adi] : nullptr;
}

Outcome ImsModel::decide_request(uint16_t adi, const AdiRow* row, uint16_t vec,
                                 bool pasid_valid, uint32_t pasid) {
  pasid &= 0xFFFFFu;  // req_pasid_i[19:0]
  const uint32_t req_value = pasid_valid ? pasid : 0u;
  Outcome o;
  if (!global_enable()) {
    o = Outcome::DropDisabled;  // counted, not logged
  } else if (row == nullptr) {
    o = Outcome::DropUnknownAdi;
    log_fault(fault::kUnknownAdi, adi, vec, req_value);
  } else if (!row->enabled()) {
    o = Outcome::DropAdiDisabled;
    log_fault(fault::kAdiDisabled, adi, vec, req_value);
  } else {
    const AdiRow& r = *row;
    const uint32_t e = r.base() + vec;
    if (vec >= r.size() || e >= num_entries_) {
      o = Outcome::DropOutOfRange;
      log_fault(fault::kOutOfRange, adi, vec, req_value);
    } else if ((entries_[e].ctrl & reg::kEntryCtrlPasidChk) && pasid_valid &&
               pasid != (entries_[e].ctrl >> 12)) {
      o = Outcome::DropPasidCheck;
      log_fault(fault::kPasidCheck, adi, vec, pasid);
    } else if (global_mask() || r.masked() ||
               (entries_[e].ctrl & reg::kEntryCtrlMask)) {
      pending_[e] = true;
      owner_[e] = adi;
      o = Outcome::Pending;
    } else if (untagged_drop(e, r, adi, vec, o)) {
      // dropped (reason 9 or 4), pending cleared
    } else {
      send(e, r);  // clears pending: a pending message coalesces into this
      o = Outcome::Sent;
    }
  }
  if (o != Outcome::Sent) count(o);
  return o;
}

Outcome ImsModel::decide_satisfy(uint16_t adi, const AdiRow* row,
                                 uint16_t vec) {
  Outcome o = Outcome::Satisfied;
  if (row == nullptr) {
    o = Outcome::DropUnknownAdi;
    log_fault(fault::kUnknownAdi, adi, vec, 0);
  } else if (!row->enabled()) {
    o = Outcome::DropAdiDisabled;
    log_fault(fault::kAdiDisabled, adi, vec, 0);
  } else {
    const uint32_t e = row->base() + vec;
    if (vec >= row->size() || e >= num_entries_) {
      o = Outcome::DropOutOfRange;
      log_fault(fault::kOutOfRange, adi, vec, 0);
    } else {
      pending_[e] = false;
    }
  }
  count(o);
  return o;
}

bool ImsModel::in_window(const EntryRow& en) const {
  return en.addr_hi == 0 &&
         ((en.addr_lo & ~3u) & untagged_mask_) == untagged_base_;
}

uint16_t ImsModel::rid_for(uint32_t a) const { return rid_for(adis_.at(a)); }

uint16_t ImsModel::rid_for(const AdiRow& ad) const {
  if (ad.rid_override & reg::kRidOverrideEnable)
    return static_cast<uint16_t>(ad.rid_override & reg::kRidOverrideRid);
  return rid_;
}

bool ImsModel::deliverable(uint32_t e) const {
  return e < num_entries_ && deliverable(e, row_of(owner_[e]));
}

bool ImsModel::deliverable(uint32_t e, const AdiRow* row) const {
  if (row == nullptr || !global_enable() || global_mask()) return false;
  if (!row->enabled() || row->masked()) return false;
  if (e < row->base() || e >= row->base() + row->size()) return false;
  return !(entries_[e].ctrl & reg::kEntryCtrlMask);
}

TlpWords ImsModel::tlp_for(uint32_t e, uint32_t a) const {
  return tlp_for(e, adis_.at(a));
}

TlpWords ImsModel::tlp_for(uint32_t e, const AdiRow& ad) const {
  const EntryRow& en = entries_.at(e);
  const uint64_t address = (uint64_t{en.addr_hi} << 32) | (en.addr_lo & ~3u);
  const auto tc = static_cast<uint8_t>((ad.ctrl >> reg::kAdiCtrlTcShift) & 7);
  return encode(make_interrupt(address, en.data, rid_for(ad), tc,
                               ad.ctrl & reg::kAdiCtrlPasidEn, ad.pasid,
                               ad.ctrl & reg::kAdiCtrlPmr,
                               ad.ctrl & reg::kAdiCtrlEr));
}

void ImsModel::send(uint32_t e, const AdiRow& ad) {
  expected_.push_back(tlp_for(e, ad));
  pending_[e] = false;
  count(Outcome::Sent);
}

bool ImsModel::untagged_drop(uint32_t e, const AdiRow& ad, uint32_t a,
                             uint16_t index, Outcome& o) {
  if (ad.tagged()) return false;
  const EntryRow& en = entries_[e];
  if (en.ctrl & reg::kEntryCtrlGp) {
    o = Outcome::DropGuestUntagged;
    log_fault(fault::kGuestProgrammed, static_cast<uint16_t>(a), index,
              en.addr_lo & ~3u);
  } else if (!in_window(en)) {
    o = Outcome::DropWindow;
    log_fault(fault::kWindow, static_cast<uint16_t>(a), index,
              en.addr_lo & ~3u);
  } else {
    return false;
  }
  pending_[e] = false;  // a pending message is dropped with this one
  return true;
}

void ImsModel::unmask_event(int32_t cause) {
  if (!timed_) {
    release_sweep();
  } else if (cause != kNoCause) {
    release_causes_.push_back(cause);  // timed: the DUT's release ops do it
  }
}

void ImsModel::release_sweep() {
  for (uint32_t e = 0; e < num_entries_; ++e)
    if (pending_[e]) release_entry(e, owner_[e], row_of(owner_[e]));
}

void ImsModel::release_entry(uint32_t e, uint32_t a, const AdiRow* row) {
  if (!pending_[e] || !deliverable(e, row)) return;
  Outcome o = Outcome::Sent;
  if (untagged_drop(e, *row, a, static_cast<uint16_t>(e), o)) {
    // Guest-programmed or outside the window: dropped, logged with the
    // absolute entry index.
    count(o);
    ++releases_dropped_;
    return;
  }
  send(e, *row);
  ++releases_sent_;
}

void ImsModel::reset_entry(uint32_t e) {
  entries_[e] = EntryRow{};
  pending_[e] = false;
  reset_due_[e] = false;
}

// ---- timed use ---------------------------------------------------------

ImsModel::Op ImsModel::begin_op(OpKind kind, uint16_t adi, uint16_t idx,
                                bool pasid_valid, uint32_t pasid) const {
  Op op;
  op.kind = kind;
  op.adi = adi;
  op.idx = idx;
  op.pasid_valid = pasid_valid;
  op.pasid = pasid;
  op.known = adi < num_adis_;
  if (op.known) op.row = adis_[adi];
  return op;
}

void ImsModel::decide_op(Op& op) {
  staged_ = &op.faults;
  staged_counts_ = &op.counts;
  const AdiRow* row = op.known ? &op.row : nullptr;
  switch (op.kind) {
    case OpKind::Request:
      op.outcome = decide_request(op.adi, row, op.idx, op.pasid_valid, op.pasid);
      break;
    case OpKind::Satisfy:
      op.outcome = decide_satisfy(op.adi, row, op.idx);
      break;
    case OpKind::Release:
      if (op.idx >= num_entries_) {
        op_errors_.push_back("release op for entry " + std::to_string(op.idx) +
                             " beyond the table");
      } else if (pending_[op.idx] && op.adi != owner_[op.idx]) {
        // The release's owner lookup raced the request just ahead that made
        // the entry pending for another ADI: it does nothing (the message is
        // not that ADI's; the unmask that makes it deliverable releases it).
        ++stale_releases_;
      } else {
        release_entry(op.idx, op.adi, row);
      }
      break;
    case OpKind::Reset:
      if (op.idx >= num_entries_ || !reset_due_[op.idx]) {
        op_errors_.push_back("reset op for entry " + std::to_string(op.idx) +
                             ", which no ADI reset asked for");
      } else {
        pending_[op.idx] = false;  // the row itself as the op leaves S2
      }
      break;
    case OpKind::HostRead:
    case OpKind::Scan:
      break;  // no state change (the bench takes a host read's value here)
  }
  staged_ = nullptr;
  staged_counts_ = nullptr;
}

void ImsModel::retire_op(Op& op) {
  for (const FaultRecord& f : op.faults)
    log_fault(f.reason, f.adi, f.index, f.value);
  op.faults.clear();
  for (Outcome o : op.counts) ++counters_[static_cast<int>(o)];
  op.counts.clear();
  if (op.kind == OpKind::Reset && op.idx < num_entries_ && reset_due_[op.idx])
    reset_entry(op.idx);
}

void ImsModel::finish_reset() {
  if (resetting_adi_ < 0) {
    op_errors_.push_back("an ADI reset reported complete, but none was running");
    return;
  }
  AdiRow& r = adis_[static_cast<uint32_t>(resetting_adi_)];
  const uint32_t end = std::min(r.base() + r.size(), num_entries_);
  for (uint32_t e = r.base(); e < end; ++e) {
    if (reset_due_[e]) {
      op_errors_.push_back("ADI " + std::to_string(resetting_adi_) +
                           " reset reported complete, but entry " + std::to_string(e) +
                           " of its block was never reset");
      reset_entry(e);
    }
  }
  r.ctrl &= ~(reg::kAdiCtrlReset | reg::kAdiCtrlHeld);
  resetting_adi_ = -1;
}

std::vector<std::string> ImsModel::obligations() const {
  std::vector<std::string> out;
  for (uint32_t e = 0; e < num_entries_; ++e) {
    if (pending_[e] && deliverable(e))
      out.push_back("entry " + std::to_string(e) + " (ADI " +
                    std::to_string(owner_[e]) +
                    ") is pending and deliverable, but was never released");
    if (reset_due_[e])
      out.push_back("entry " + std::to_string(e) +
                    " belongs to a reset ADI but was never reset");
  }
  return out;
}

}  // namespace ims
