// SPDX-License-Identifier: Apache-2.0
// Register addresses and field encodings for tests and the runner, taken from
// the generated C header (tb/regs/generated/ims_regs.h) so that nothing here
// restates the map by hand, plus programming helpers that work on anything
// with write(addr, data, strb) (the Bench, the model).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ims_regs.h"

namespace ims::regmap {

constexpr uint32_t kRow = 16;  // bytes per ADI row and per entry row

constexpr uint32_t reg(size_t offset) { return static_cast<uint32_t>(offset); }
inline const uint32_t ID = reg(offsetof(ims_regs_t, ID));
inline const uint32_t VERSION = reg(offsetof(ims_regs_t, VERSION));
inline const uint32_t CAP_ENTRIES = reg(offsetof(ims_regs_t, CAP_ENTRIES));
inline const uint32_t CAP_ADIS = reg(offsetof(ims_regs_t, CAP_ADIS));
inline const uint32_t FEATURES = reg(offsetof(ims_regs_t, FEATURES));
inline const uint32_t CTRL = reg(offsetof(ims_regs_t, CTRL));
inline const uint32_t REQUESTER_ID = reg(offsetof(ims_regs_t, REQUESTER_ID));
inline const uint32_t STATUS = reg(offsetof(ims_regs_t, STATUS));
inline const uint32_t CNT_SENT = reg(offsetof(ims_regs_t, CNT_SENT));
inline const uint32_t CNT_PENDING = reg(offsetof(ims_regs_t, CNT_PENDING));
inline const uint32_t CNT_DROP_DISABLED = reg(offsetof(ims_regs_t, CNT_DROP_DISABLED));
inline const uint32_t CNT_DROP_UNKNOWN_ADI = reg(offsetof(ims_regs_t, CNT_DROP_UNKNOWN_ADI));
inline const uint32_t CNT_DROP_ADI_DISABLED = reg(offsetof(ims_regs_t, CNT_DROP_ADI_DISABLED));
inline const uint32_t CNT_DROP_OUT_OF_RANGE = reg(offsetof(ims_regs_t, CNT_DROP_OUT_OF_RANGE));
inline const uint32_t CNT_DROP_WINDOW = reg(offsetof(ims_regs_t, CNT_DROP_WINDOW));
inline const uint32_t CNT_DROP_PASID_CHECK = reg(offsetof(ims_regs_t, CNT_DROP_PASID_CHECK));
inline const uint32_t CNT_REFUSED_GUEST = reg(offsetof(ims_regs_t, CNT_REFUSED_GUEST));
inline const uint32_t CNT_REFUSED_CONFIG = reg(offsetof(ims_regs_t, CNT_REFUSED_CONFIG));
inline const uint32_t CNT_ILLEGAL_HOST = reg(offsetof(ims_regs_t, CNT_ILLEGAL_HOST));
inline const uint32_t CNT_SATISFIED = reg(offsetof(ims_regs_t, CNT_SATISFIED));
inline const uint32_t UNTAGGED_BASE = reg(offsetof(ims_regs_t, UNTAGGED_BASE));
inline const uint32_t UNTAGGED_MASK = reg(offsetof(ims_regs_t, UNTAGGED_MASK));
inline const uint32_t FAULT_STATUS = reg(offsetof(ims_regs_t, FAULT_STATUS));
inline const uint32_t FAULT_LOST = reg(offsetof(ims_regs_t, FAULT_LOST));
inline const uint32_t FAULT_REC_CODE = reg(offsetof(ims_regs_t, FAULT_REC_CODE));
inline const uint32_t FAULT_REC_INDEX = reg(offsetof(ims_regs_t, FAULT_REC_INDEX));
inline const uint32_t FAULT_REC_VALUE = reg(offsetof(ims_regs_t, FAULT_REC_VALUE));
inline const uint32_t FAULT_POP = reg(offsetof(ims_regs_t, FAULT_POP));
constexpr uint32_t kFaultPop = IMS_REGS__FAULT_POP__POP_bm;
constexpr uint32_t kFaultClearOverflow = IMS_REGS__FAULT_POP__CLEAR_OVERFLOW_bm;

// Fault reasons (docs/containment.md).
enum FaultReason : uint32_t {
  kFaultUnknownAdi = 1, kFaultAdiDisabled = 2, kFaultOutOfRange = 3, kFaultWindow = 4,
  kFaultPasidCheck = 5, kFaultGuestRefused = 6, kFaultConfigRefused = 7, kFaultIllegalHost = 8,
  kFaultGuestUntagged = 9
};

inline uint32_t pba(uint32_t word) { return reg(offsetof(ims_regs_t, PBA)) + 4 * word; }
inline uint32_t adi_ctrl(uint32_t a) { return reg(offsetof(ims_regs_t, ADI)) + kRow * a + reg(offsetof(ims_regs__ADI_t, CTRL)); }
inline uint32_t adi_block(uint32_t a) { return reg(offsetof(ims_regs_t, ADI)) + kRow * a + reg(offsetof(ims_regs__ADI_t, BLOCK)); }
inline uint32_t adi_pasid(uint32_t a) { return reg(offsetof(ims_regs_t, ADI)) + kRow * a + reg(offsetof(ims_regs__ADI_t, PASID)); }
inline uint32_t adi_rid(uint32_t a) { return reg(offsetof(ims_regs_t, ADI)) + kRow * a + reg(offsetof(ims_regs__ADI_t, RID_OVERRIDE)); }
inline uint32_t entry_addr_lo(uint32_t i) { return reg(offsetof(ims_regs_t, ENTRY)) + kRow * i + reg(offsetof(ims_regs__ENTRY_t, ADDR_LO)); }
inline uint32_t entry_addr_hi(uint32_t i) { return reg(offsetof(ims_regs_t, ENTRY)) + kRow * i + reg(offsetof(ims_regs__ENTRY_t, ADDR_HI)); }
inline uint32_t entry_data(uint32_t i) { return reg(offsetof(ims_regs_t, ENTRY)) + kRow * i + reg(offsetof(ims_regs__ENTRY_t, DATA)); }
inline uint32_t entry_ctrl(uint32_t i) { return reg(offsetof(ims_regs_t, ENTRY)) + kRow * i + reg(offsetof(ims_regs__ENTRY_t, CTRL)); }

// ADI views (docs/containment.md): not part of the generated host map.
constexpr uint32_t kViewBase = 0x10000000;
constexpr uint32_t kViewStride = 0x40000;  // 64 pages of 4 KiB per ADI
inline uint32_t view_addr(uint32_t a, uint32_t v, uint32_t word) {
  return kViewBase + kViewStride * a + kRow * v + 4 * word;
}
enum EntryWord : uint32_t { kAddrLo = 0, kAddrHi = 1, kData = 2, kCtl = 3 };

constexpr uint32_t kCtrlEnable = IMS_REGS__CTRL__ENABLE_bm;
constexpr uint32_t kCtrlMask = IMS_REGS__CTRL__MASK_bm;
constexpr uint32_t kStatusInitBusy = IMS_REGS__STATUS__INIT_BUSY_bm;
constexpr uint32_t kStatusReleaseBusy = IMS_REGS__STATUS__RELEASE_BUSY_bm;
constexpr uint32_t kEntryMask = IMS_REGS__ENTRY__CTRL__MASK_bm;
constexpr uint32_t kEntryPending = IMS_REGS__ENTRY__CTRL__PENDING_bm;
constexpr uint32_t kEntryGp = IMS_REGS__ENTRY__CTRL__GP_bm;
constexpr uint32_t kAdiCtrlReset = IMS_REGS__ADI__CTRL__RESET_bm;  // ADI CTRL.reset (self-clearing)
constexpr uint32_t kAdiCtrlHeld = IMS_REGS__ADI__CTRL__HELD_bm;    // ADI CTRL.held (read-only)

// Starts an ADI reset and polls CTRL.reset until the block reports it done;
// returns the cycle that read saw it done.
template <class Bench>
uint64_t reset_adi(Bench& b, uint32_t a, uint32_t ctrl_value) {
  b.write(adi_ctrl(a), ctrl_value | kAdiCtrlReset);
  while (b.read_dut_only(adi_ctrl(a)) & kAdiCtrlReset) {
  }
  return b.cycle();
}

struct AdiConfig {
  uint32_t base = 0, size = 0;
  bool enable = true, mask = false, tagged = false, pmr = false, er = false;
  uint32_t pasid = 0;
  uint32_t tc = 0;
  bool rid_override = false;
  uint16_t rid = 0;
  bool guest_direct = false;
};

inline uint32_t adi_ctrl_value(const AdiConfig& c) {
  return (c.enable ? IMS_REGS__ADI__CTRL__ENABLE_bm : 0u) | (c.mask ? IMS_REGS__ADI__CTRL__MASK_bm : 0u) |
         (c.tagged ? IMS_REGS__ADI__CTRL__PASID_EN_bm : 0u) | (c.pmr ? IMS_REGS__ADI__CTRL__PMR_bm : 0u) |
         (c.er ? IMS_REGS__ADI__CTRL__ER_bm : 0u) |
         (c.guest_direct ? IMS_REGS__ADI__CTRL__GUEST_DIRECT_bm : 0u) |
         ((c.tc << IMS_REGS__ADI__CTRL__TC_bp) & IMS_REGS__ADI__CTRL__TC_bm);
}

// Block and PASID first, CTRL last: the ADI is enabled only once it is whole.
template <class Host>
void setup_adi(Host& h, uint32_t a, const AdiConfig& c) {
  h.write(adi_block(a), (c.size << IMS_REGS__ADI__BLOCK__SIZE_bp) | (c.base & IMS_REGS__ADI__BLOCK__BASE_bm));
  h.write(adi_pasid(a), c.pasid);
  h.write(adi_rid(a), (c.rid_override ? IMS_REGS__ADI__RID_OVERRIDE__ENABLE_bm : 0u) | c.rid);
  h.write(adi_ctrl(a), adi_ctrl_value(c));
}

// Address and data first, control (unmask) last, the way drivers do it.
template <class Host>
void program_entry(Host& h, uint32_t i, uint64_t address, uint32_t data, bool masked = false) {
  h.write(entry_addr_lo(i), static_cast<uint32_t>(address));
  h.write(entry_addr_hi(i), static_cast<uint32_t>(address >> 32));
  h.write(entry_data(i), data);
  h.write(entry_ctrl(i), masked ? kEntryMask : 0u);
}

}  // namespace ims::regmap
