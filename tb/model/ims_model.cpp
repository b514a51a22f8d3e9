// SPDX-License-Identifier: Apache-2.0
// Golden model of the IMS block: register decode, request rules, pending
// release, untagged window, PASID check, fault log. See ims_model.hpp for the contract and docs/theory-of-operation.md
// for the rules modelled here.
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
  }
  return "?";
}

ImsModel::ImsModel(uint32_t num_entries, uint32_t num_adis,
                   uint32_t fault_depth)
    : num_entries_(num_entries), num_adis_(num_adis),
      fault_depth_(fault_depth) {
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
}

void ImsModel::log_fault(uint8_t reason, uint16_t adi, uint16_t index,
                         uint32_t value) {
  if (faults_.size() >= fault_depth_) {
    ++fault_lost_;  // wraps
    fault_overflow_ = true;
    return;
  }
  faults_.push_back(FaultRecord{reason, adi, index, value});
}

void ImsModel::illegal_host(uint32_t addr) {
  ++cnt_illegal_host_;
  log_fault(fault::kIllegalHost, fault::kNoAdi,
            static_cast<uint16_t>(addr & 0xFFFF), addr);
}

Resp ImsModel::write(uint32_t addr, uint32_t data, uint8_t strb) {
  const Resp r = write_decode(addr, data, strb);
  if (r == Resp::SlvErr) illegal_host(addr);
  return r;
}

ReadResult ImsModel::read(uint32_t addr) {
  // The read value is determined first (a refused read of a fault register
  // reads 0 anyway), then the refusal is logged.
  const ReadResult r = read_decode(addr);
  if (r.resp == Resp::SlvErr) illegal_host(addr);
  return r;
}

Resp ImsModel::write_decode(uint32_t addr, uint32_t data, uint8_t strb) {
  if (addr >= reg::kEnd || (addr & 3u)) return Resp::SlvErr;
  const bool byte0 = (strb & 1u) != 0;

  if (addr >= reg::kEntry) {
    const uint32_t e = (addr - reg::kEntry) / 16, word = addr & 0xC;
    if (e >= num_entries_) return Resp::SlvErr;
    EntryRow& r = entries_[e];
    switch (word) {
      case 0x0: r.addr_lo = merge(r.addr_lo, data, strb, ~0u); break;
      case 0x4: r.addr_hi = merge(r.addr_hi, data, strb, ~0u); break;
      case 0x8: r.data = merge(r.data, data, strb, ~0u); break;
      default:
        r.ctrl = merge(r.ctrl, data, strb, reg::kEntryCtrlWritable);
        // Unmask event: byte 0 written with mask = 0 -> release this entry.
        // Walking all entries is equivalent (only e can have changed).
        if (byte0 && !(data & reg::kEntryCtrlMask)) release_sweep();
        break;
    }
    return Resp::Okay;
  }
  if (addr >= reg::kAdi && addr < reg::kAdi + 16 * reg::kAdiRowsMax) {
    const uint32_t a = (addr - reg::kAdi) / 16, word = addr & 0xC;
    if (a >= num_adis_) return Resp::SlvErr;
    AdiRow& r = adis_[a];
    switch (word) {
      case 0x0:
        r.ctrl = merge(r.ctrl, data, strb, reg::kAdiCtrlWritable);
        if (byte0) release_sweep();
        break;
      case 0x4: r.block = merge(r.block, data, strb, ~0u); break;
      case 0x8: r.pasid = merge(r.pasid, data, strb, 0xFFFFFu); break;
      default:
        r.rid_override =
            merge(r.rid_override, data, strb, reg::kRidOverrideWritable);
        break;
    }
    return Resp::Okay;
  }
  if (addr >= reg::kPba && addr < reg::kPba + 4 * reg::kPbaWordsMax)
    return Resp::SlvErr;  // PBA is read-only (and rows beyond: also SLVERR)
  switch (addr) {
    case reg::kCtrl: {
      const bool before = global_enable() && !global_mask();
      ctrl_ = merge(ctrl_, data, strb, reg::kCtrlEnable | reg::kCtrlMask);
      const bool after = global_enable() && !global_mask();
      if (after && !before) release_sweep();
      return Resp::Okay;
    }
    case reg::kRequesterId:
      rid_ = static_cast<uint16_t>(merge(rid_, data, strb, 0xFFFFu));
      return Resp::Okay;
    case reg::kUntaggedBase:
      untagged_base_ = merge(untagged_base_, data, strb, ~0u);
      return Resp::Okay;
    case reg::kUntaggedMask:
      untagged_mask_ = merge(untagged_mask_, data, strb, ~0u);
      return Resp::Okay;
    case reg::kFaultPop: {
      const uint32_t d = data & strb_mask(strb);  // only strobed bits act
      if ((d & reg::kFaultPopHead) && !faults_.empty()) faults_.pop_front();
      if (d & reg::kFaultPopClearOverflow) fault_overflow_ = false;
      return Resp::Okay;
    }
    default:
      // Read-only registers and unmapped addresses alike.
      return Resp::SlvErr;
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
    case reg::kFeatures: return ok(reg::kFeaturesValue);
    case reg::kCtrl: return ok(ctrl_);
    case reg::kRequesterId: return ok(rid_);
    case reg::kStatus: return ReadResult{Resp::Okay, 0, ~3u};
    case reg::kCntSent:
    case reg::kCntPending:
    case reg::kCntDropDisabled:
    case reg::kCntDropUnknownAdi:
    case reg::kCntDropAdiDisabled:
    case reg::kCntDropOutOfRange:
    case reg::kCntDropWindow:
    case reg::kCntDropPasidCheck:
      return ok(counters_[(addr - reg::kCntSent) / 4]);
    case reg::kUntaggedBase: return ok(untagged_base_);
    case reg::kUntaggedMask: return ok(untagged_mask_);
    case reg::kCntRefusedGuest: return ok(cnt_refused_guest_);
    case reg::kCntRefusedConfig: return ok(cnt_refused_config_);
    case reg::kCntIllegalHost: return ok(cnt_illegal_host_);
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
  pasid &= 0xFFFFFu;  // req_pasid_i[19:0]
  const uint32_t req_value = pasid_valid ? pasid : 0u;
  Outcome o;
  if (!global_enable()) {
    o = Outcome::DropDisabled;  // counted, not logged
  } else if (adi >= num_adis_) {
    o = Outcome::DropUnknownAdi;
    log_fault(fault::kUnknownAdi, adi, vec, req_value);
  } else if (!adis_[adi].enabled()) {
    o = Outcome::DropAdiDisabled;
    log_fault(fault::kAdiDisabled, adi, vec, req_value);
  } else {
    const AdiRow& r = adis_[adi];
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
    } else if (!r.tagged() && !in_window(entries_[e])) {
      pending_[e] = false;  // a pending message is dropped with this one
      o = Outcome::DropWindow;
      log_fault(fault::kWindow, adi, vec, entries_[e].addr_lo & ~3u);
    } else {
      send(e, adi);  // clears pending: a pending message coalesces into this
      o = Outcome::Sent;
    }
  }
  if (o != Outcome::Sent) ++counters_[static_cast<int>(o)];
  return o;
}

bool ImsModel::in_window(const EntryRow& en) const {
  return en.addr_hi == 0 &&
         ((en.addr_lo & ~3u) & untagged_mask_) == untagged_base_;
}

uint16_t ImsModel::rid_for(uint32_t a) const {
  const AdiRow& ad = adis_.at(a);
  if (ad.rid_override & reg::kRidOverrideEnable)
    return static_cast<uint16_t>(ad.rid_override & reg::kRidOverrideRid);
  return rid_;
}

bool ImsModel::deliverable(uint32_t e) const {
  if (e >= num_entries_ || !global_enable() || global_mask()) return false;
  const uint32_t a = owner_[e];
  if (a >= num_adis_) return false;
  const AdiRow& r = adis_[a];
  if (!r.enabled() || r.masked()) return false;
  if (e < r.base() || e >= r.base() + r.size()) return false;
  return !(entries_[e].ctrl & reg::kEntryCtrlMask);
}

TlpWords ImsModel::tlp_for(uint32_t e, uint32_t a) const {
  const EntryRow& en = entries_.at(e);
  const AdiRow& ad = adis_.at(a);
  const uint64_t address = (uint64_t{en.addr_hi} << 32) | (en.addr_lo & ~3u);
  const auto tc = static_cast<uint8_t>((ad.ctrl >> reg::kAdiCtrlTcShift) & 7);
  return encode(make_interrupt(address, en.data, rid_for(a), tc,
                               ad.ctrl & reg::kAdiCtrlPasidEn, ad.pasid,
                               ad.ctrl & reg::kAdiCtrlPmr,
                               ad.ctrl & reg::kAdiCtrlEr));
}

void ImsModel::send(uint32_t e, uint32_t a) {
  expected_.push_back(tlp_for(e, a));
  pending_[e] = false;
  ++counters_[static_cast<int>(Outcome::Sent)];
}

void ImsModel::release_sweep() {
  for (uint32_t e = 0; e < num_entries_; ++e) {
    if (!pending_[e] || !deliverable(e)) continue;
    const uint32_t a = owner_[e];
    if (!adis_[a].tagged() && !in_window(entries_[e])) {
      // Untagged window: dropped, logged with the absolute entry index.
      pending_[e] = false;
      ++counters_[static_cast<int>(Outcome::DropWindow)];
      log_fault(fault::kWindow, static_cast<uint16_t>(a),
                static_cast<uint16_t>(e), entries_[e].addr_lo & ~3u);
      ++releases_dropped_;
      continue;
    }
    send(e, a);
    ++releases_sent_;
  }
}

}  // namespace ims
