// SPDX-License-Identifier: Apache-2.0
// Golden model, containment stage B (docs/containment.md): ADI views,
// guest-direct writes, the GP bit, configuration rules and the overlap
// check, fault reasons 6, 7, 9 and reason 8 for view accesses.
#include <catch2/catch.hpp>

#include "ims_model.hpp"
#include "model_access.hpp"

using namespace ims;
using namespace ims::tests::model_access;

namespace {

TlpWords tagged(uint64_t addr, uint32_t data, uint32_t pasid) {
  return encode(make_interrupt(addr, data, 0, 0, true, pasid, false, false));
}

constexpr uint32_t kGuest = reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn |
                            reg::kAdiCtrlGuestDirect;

// 64 entries, 4 ADIs, global enable on. ADI 1: entries 8..15, guest-direct
// and tagged (PASID 0x123). ADI 2: entries 16..23, untagged, not
// guest-direct. Entries 8..23 hold an in-window address, masked 0.
ImsModel views_model() {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  wr(m, reg::adi(1, 0x4), (8u << 16) | 8u);
  wr(m, reg::adi(1, 0x8), 0x123);
  wr(m, reg::adi(1, 0x0), kGuest);
  wr(m, reg::adi(2, 0x4), (8u << 16) | 16u);
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
  for (uint32_t e = 8; e < 24; ++e) {
    wr(m, reg::entry(e, 0x0), 0xFEE00000u | (e << 4));
    wr(m, reg::entry(e, 0x4), 0);
    wr(m, reg::entry(e, 0x8), 0x1000u + e);
    wr(m, reg::entry(e, 0xC), 0);
  }
  return m;
}

}  // namespace

TEST_CASE("view addresses decode", "[model]") {
  CHECK(reg::view(0, 0, 0) == 0x10000000u);
  CHECK(reg::view(1, 2, 0xC) == 0x1004002Cu);
  CHECK(reg::view(1023, 16383, 0xC) == 0x1FFFFFFCu);
}

TEST_CASE("view reads: own entry, as the host view shows it", "[model]") {
  ImsModel m = views_model();
  wr(m, reg::entry(10, 0xC), 0xABCDE009u);  // mask, PASID check, PASID
  CHECK(m.request(1, 2) == Outcome::Pending);
  for (uint32_t w = 0; w < 16; w += 4) {
    INFO("word " << w);
    const ReadResult h = m.read(reg::entry(10, w));
    const ReadResult v = m.read(reg::view(1, 2, w));
    CHECK(v.resp == Resp::Okay);
    CHECK(v.data == h.data);
    CHECK(v.care_mask == ~0u);
  }
  CHECK(rd(m, reg::view(1, 2, 0xC)) == 0xABCDE00Bu);  // pending shown
  CHECK(rd(m, reg::view(1, 0, 0x0)) == 0xFEE00080u);  // entry 8
  CHECK(rd(m, reg::view(2, 7, 0x8)) == 0x1017u);      // entry 23
  // Reads through a non-guest-direct view are allowed too.
  CHECK(m.faults().empty());
  CHECK(m.counter_illegal_host() == 0u);
}

TEST_CASE("view accesses out of range: SLVERR, reason 8 with ADI and vector",
          "[model]") {
  ImsModel m = views_model();
  wr(m, reg::adi(3, 0x4), (8u << 16) | 40u);  // ADI 3: disabled, size 8
  struct Bad {
    uint32_t a, v;
  };
  const Bad bad[] = {
      {1, 8},       // v >= size
      {1, 16383},   // last vector of the view
      {3, 0},       // ADI disabled
      {0, 0},       // ADI disabled, size 0
      {4, 0},       // ADI >= NumAdis
      {1023, 5},    // last ADI of the region
  };
  uint32_t n = 0;
  for (const Bad& b : bad) {
    for (uint32_t w = 0; w < 16; w += 4) {
      const uint32_t addr = reg::view(b.a, b.v, w);
      INFO("addr 0x" << std::hex << addr);
      const ReadResult r = m.read(addr);
      CHECK((r.resp == Resp::SlvErr && r.data == 0u && r.care_mask == 0u));
      CHECK(m.write(addr, 0x5A5A5A5Au) == Resp::SlvErr);
      n += 2;
      REQUIRE(m.faults().size() == std::min<uint32_t>(n, 16));
      if (n <= 16) {
        const FaultRecord want{fault::kIllegalHost,
                               static_cast<uint16_t>(b.a),
                               static_cast<uint16_t>(b.v), addr};
        CHECK(m.faults()[n - 2] == want);
        CHECK(m.faults()[n - 1] == want);
      }
    }
    // Drain the log for the next address.
    while (!m.faults().empty()) wr(m, reg::kFaultPop, reg::kFaultPopHead);
    n = 0;
  }
  CHECK(m.counter_illegal_host() == 6u * 4u * 2u);
  CHECK(rd(m, reg::kCntIllegalHost) == 48u);
  CHECK(m.counter_refused_guest() == 0u);
  CHECK(m.entry(8).data == 0x1008u);  // nothing written
  // Misaligned view addresses: the general reason 8 record.
  CHECK(m.write(reg::view(1, 0, 0) + 2, 0) == Resp::SlvErr);
  CHECK(m.read(reg::view(1, 0, 0x8) + 1).resp == Resp::SlvErr);
  CHECK(pop_fault(m) == FaultRecord{8, 0xFFFF, 0x0002, 0x10040002u});
  CHECK(pop_fault(m) == FaultRecord{8, 0xFFFF, 0x0009, 0x10040009u});
  // The block's last entry beyond the table: unreachable through
  // configuration (enable refuses it), so v < size is the only bound.
}

TEST_CASE("view of a block that moved: checked against the row as it is",
          "[model]") {
  ImsModel m = views_model();
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlReset);  // a block moves only after a reset
  wr(m, reg::adi(2, 0x4), (4u << 16) | 40u);
  CHECK(m.read(reg::view(2, 4, 0)).resp == Resp::SlvErr);  // disabled
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
  CHECK(m.read(reg::view(2, 4, 0)).resp == Resp::SlvErr);  // v >= 4
  wr(m, reg::entry(43, 0x8), 0xD00Du);
  CHECK(rd(m, reg::view(2, 3, 0x8)) == 0xD00Du);
}

TEST_CASE("view writes refused: not guest-direct (reason 6)", "[model]") {
  ImsModel m = views_model();
  // ADI 2: untagged, not guest-direct. Every word, every strobe (0 too).
  const uint32_t before_lo = m.entry(17).addr_lo;
  uint32_t n = 0;
  for (uint32_t w = 0; w < 16; w += 4) {
    for (uint8_t strb : {uint8_t{0xF}, uint8_t{0x1}, uint8_t{0x0}}) {
      INFO("word " << w << " strb " << int(strb));
      CHECK(m.write(reg::view(2, 1, w), 0x11110000u + n, strb) ==
            Resp::SlvErr);
      CHECK(pop_fault(m) == FaultRecord{fault::kGuestRefused, 2, 1,
                                        0x11110000u + n});
      ++n;
    }
  }
  CHECK(m.faults().empty());
  CHECK(m.counter_refused_guest() == n);
  CHECK(rd(m, reg::kCntRefusedGuest) == n);
  CHECK(m.counter_illegal_host() == 0u);  // not reason 8
  CHECK(m.entry(17).addr_lo == before_lo);
  CHECK(m.entry(17).ctrl == 0u);          // no GP, mask unchanged
}

TEST_CASE("view writes refused: guest-direct needs tagging", "[model]") {
  ImsModel m = views_model();
  // Guest-direct alone cannot be configured (reason 7), so test tagged but
  // not guest-direct, and guest-direct turned off afterwards.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);
  CHECK(m.write(reg::view(1, 0, 0x8), 0xBAD) == Resp::SlvErr);
  CHECK(pop_fault(m) == FaultRecord{6, 1, 0, 0xBAD});
  CHECK(m.write(reg::view(1, 0, 0xC), 1) == Resp::SlvErr);
  CHECK(pop_fault(m) == FaultRecord{6, 1, 0, 1});
  CHECK(m.entry(8).data == 0x1008u);
  CHECK(m.entry(8).ctrl == 0u);
  CHECK(rd(m, reg::kCntRefusedGuest) == 2u);
  // Untagged ADI with guest_direct: refused by configuration.
  CHECK(m.write(reg::adi(2, 0x0),
                reg::kAdiCtrlEnable | reg::kAdiCtrlGuestDirect) ==
        Resp::SlvErr);
  CHECK(pop_fault(m).reason == fault::kConfigRefused);
  CHECK(m.write(reg::view(2, 0, 0x0), 0) == Resp::SlvErr);
  CHECK(pop_fault(m) == FaultRecord{6, 2, 0, 0});
}

TEST_CASE("view writes accepted: bytes stored, GP set", "[model]") {
  ImsModel m = views_model();
  wr(m, reg::view(1, 3, 0x0), 0xFEE12344u);
  CHECK(m.entry(11).addr_lo == 0xFEE12344u);
  CHECK(m.entry(11).ctrl == reg::kEntryCtrlGp);
  CHECK(rd(m, reg::entry(11, 0xC)) == 0x4u);
  CHECK(rd(m, reg::view(1, 3, 0xC)) == 0x4u);
  // Strobes honoured per byte.
  wr(m, reg::view(1, 4, 0x8), 0xAABBCCDDu, 0x5);
  CHECK(m.entry(12).data == 0x00BB10DDu);  // old 0x100C
  CHECK((m.entry(12).ctrl & reg::kEntryCtrlGp) != 0u);
  wr(m, reg::view(1, 5, 0x4), 0x1u, 0x1);
  CHECK(m.entry(13).addr_hi == 1u);
  CHECK((m.entry(13).ctrl & reg::kEntryCtrlGp) != 0u);
  // Strobe 0: OKAY, nothing stored, GP not set.
  wr(m, reg::view(1, 6, 0x8), 0xFFFFFFFFu, 0x0);
  CHECK(m.entry(14).data == 0x100Eu);
  CHECK(m.entry(14).ctrl == 0u);
  CHECK(m.faults().empty());
  CHECK(m.counter_refused_guest() == 0u);
  // A view write is no unmask event and sends nothing.
  CHECK(m.expected().empty());
}

TEST_CASE("view control write: only the mask bit, only with byte 0",
          "[model]") {
  ImsModel m = views_model();
  wr(m, reg::entry(9, 0xC), 0x12345009u);  // PASID, check, masked
  wr(m, reg::view(1, 1, 0xC), 0xFFFFFFFEu);  // mask 0, every other bit 1
  CHECK(m.entry(9).ctrl == 0x12345008u);     // no GP, PASID/check kept
  wr(m, reg::view(1, 1, 0xC), 0xFFFFFFFFu, 0xE);  // no byte 0: no change
  CHECK(m.entry(9).ctrl == 0x12345008u);
  wr(m, reg::view(1, 1, 0xC), 0x00000001u, 0x1);
  CHECK(m.entry(9).ctrl == 0x12345009u);
  // GP cannot be cleared through the view.
  wr(m, reg::view(1, 1, 0x8), 0x99);
  CHECK(m.entry(9).ctrl == 0x1234500Du);
  wr(m, reg::view(1, 1, 0xC), 0x5);
  CHECK(m.entry(9).ctrl == 0x1234500Du);
  CHECK(m.faults().empty());
}

TEST_CASE("unmask through the view releases the pending message", "[model]") {
  ImsModel m = views_model();
  wr(m, reg::view(1, 2, 0xC), 1);  // guest masks vector 2 (entry 10)
  CHECK(m.request(1, 2) == Outcome::Pending);
  CHECK(m.pending(10));
  CHECK(rd(m, reg::view(1, 2, 0xC)) == 0x3u);
  wr(m, reg::view(1, 2, 0xC), 0, 0x2);  // byte 0 not strobed: no unmask
  CHECK(m.expected().empty());
  wr(m, reg::view(1, 2, 0xC), 0);
  CHECK(pop(m) == tagged(0xFEE000A0u, 0x100A, 0x123));
  CHECK(!m.pending(10));
  CHECK(m.releases_sent() == 1u);
}

TEST_CASE("GP: host view write-1-to-clear, address/data leave it", "[model]") {
  ImsModel m = views_model();
  wr(m, reg::view(1, 0, 0x8), 0x77);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0x4u);
  // Host address/data writes do not touch GP.
  wr(m, reg::entry(8, 0x0), 0xFEE00080u);
  wr(m, reg::entry(8, 0x8), 0x1008u);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0x4u);
  // Writing 0 to bit 2 leaves it; bit 1 ignored.
  wr(m, reg::entry(8, 0xC), 0x2u);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0x4u);
  // Bit 2 = 1 without byte 0: leaves it.
  wr(m, reg::entry(8, 0xC), 0xFFFFFFFFu, 0xE);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0xFFFFF004u);
  // Byte 0 and bit 2 = 1: cleared, other bits written as usual.
  wr(m, reg::entry(8, 0xC), 0x00000005u, 0x1);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0xFFFFF001u);
  // Full-word host write of ones: mask, pchk, PASID; GP stays clear.
  wr(m, reg::entry(8, 0xC), 0xFFFFFFFFu);
  CHECK(rd(m, reg::entry(8, 0xC)) == 0xFFFFF009u);
  CHECK(reg::kEntryCtrlRead == 0xFFFFF00Fu);
}

TEST_CASE("GP entries never leave untagged: requests (reason 9)", "[model]") {
  ImsModel m = views_model();
  // Guest programs entry 8 through ADI 1 (tagged): it leaves, tagged.
  wr(m, reg::view(1, 0, 0x8), 0xCAFE);
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == tagged(0xFEE00080u, 0xCAFE, 0x123));
  // The host turns guest-direct off, then tagging: untagged, GP still set.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);
  CHECK(m.request(1, 0) == Outcome::DropGuestUntagged);
  CHECK(m.expected().empty());
  CHECK(pop_fault(m) == FaultRecord{fault::kGuestProgrammed, 1, 0,
                                    0xFEE00080u});
  // GP beats the window: an address outside the window logs 9, not 4.
  wr(m, reg::entry(8, 0x0), 0x12345677u);
  CHECK(m.request(1, 0) == Outcome::DropGuestUntagged);
  CHECK(pop_fault(m) == FaultRecord{9, 1, 0, 0x12345674u});
  // Masked: pending first (the mask comes before the rule).
  wr(m, reg::entry(8, 0xC), 1);  // (byte 0, bit 2 = 0: GP kept)
  CHECK(m.request(1, 0) == Outcome::Pending);
  CHECK(m.pending(8));
  // Unmasked: drop clears the pending bit.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  wr(m, reg::entry(8, 0xC), 0);
  CHECK(m.pending(8));
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);  // release walk
  CHECK(!m.pending(8));
  CHECK(pop_fault(m) == FaultRecord{9, 1, 8, 0x12345674u});  // entry index
  CHECK(m.counter(Outcome::DropGuestUntagged) == 3u);
  CHECK(m.counter(Outcome::DropWindow) == 0u);
  CHECK(m.counter_drop_window_reg() == 3u);
  CHECK(rd(m, reg::kCntDropWindow) == 3u);
  CHECK(m.releases_dropped() == 1u);
  // The host takes the entry back: rewrite and clear GP; it leaves again.
  wr(m, reg::entry(8, 0x0), 0xFEE00080u);
  wr(m, reg::entry(8, 0xC), reg::kEntryCtrlGp);
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00080u, 0xCAFE));
  CHECK(m.faults().empty());
  CHECK(std::string(to_string(Outcome::DropGuestUntagged)) ==
        "DropGuestUntagged");
}

TEST_CASE("GP entries never leave untagged: releases, window counted apart",
          "[model]") {
  ImsModel m = views_model();
  // Entries 8, 9 guest-programmed, 10 outside the window, 11 fine.
  wr(m, reg::view(1, 0, 0x8), 0x1);
  wr(m, reg::view(1, 1, 0x8), 0x2);
  wr(m, reg::entry(10, 0x4), 1);  // 4DW: outside the window
  for (uint32_t e = 8; e < 12; ++e) wr(m, reg::entry(e, 0xC), 1);
  for (uint16_t v = 0; v < 4; ++v) CHECK(m.request(1, v) == Outcome::Pending);
  // Tagged release of 8: leaves (GP is fine tagged).
  wr(m, reg::entry(8, 0xC), 0);
  CHECK(pop(m) == tagged(0xFEE00080u, 0x1, 0x123));
  // Untagged releases.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn |
                              reg::kAdiCtrlMask);
  for (uint32_t e = 9; e < 12; ++e) wr(m, reg::entry(e, 0xC), 0);
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  CHECK(m.expected().empty());
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);
  CHECK(pop(m) == untagged(0xFEE000B0u, 0x100B));
  CHECK(m.expected().empty());
  CHECK(pop_fault(m) == FaultRecord{9, 1, 9, 0xFEE00090u});
  CHECK(pop_fault(m) == FaultRecord{4, 1, 10, 0xFEE000A0u});
  CHECK(m.faults().empty());
  CHECK(m.counter(Outcome::DropGuestUntagged) == 1u);
  CHECK(m.counter(Outcome::DropWindow) == 1u);
  CHECK(rd(m, reg::kCntDropWindow) == 2u);
  CHECK(m.releases_dropped() == 2u);
  CHECK(m.releases_sent() == 2u);
  CHECK(rd(m, reg::kCntSent) == 2u);
  for (uint32_t e = 8; e < 12; ++e) CHECK(!m.pending(e));
}

TEST_CASE("configuration refused (reason 7): CTRL rules", "[model]") {
  ImsModel m = views_model();
  auto refused = [&](uint32_t a, uint32_t off, uint32_t data, uint8_t strb) {
    const AdiRow before = m.adi(a);
    CHECK(m.write(reg::adi(a, off), data, strb) == Resp::SlvErr);
    CHECK(pop_fault(m) == FaultRecord{fault::kConfigRefused,
                                      static_cast<uint16_t>(a),
                                      static_cast<uint16_t>(off), data});
    CHECK(m.adi(a).ctrl == before.ctrl);
    CHECK(m.adi(a).block == before.block);
  };
  SECTION("partial strobe, whatever the data") {
    for (uint8_t strb : {0x0, 0x1, 0x7, 0xE, 0x8})
      refused(2, 0x0, reg::kAdiCtrlEnable, strb);
    CHECK(m.counter_refused_config() == 5u);
  }
  SECTION("guest_direct without tagging") {
    refused(1, 0x0, reg::kAdiCtrlEnable | reg::kAdiCtrlGuestDirect, 0xF);
    refused(3, 0x0, reg::kAdiCtrlGuestDirect, 0xF);  // even disabled
    wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);
    wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);  // then tagging off: OK
    CHECK(m.counter_refused_config() == 2u);
  }
  SECTION("enable with size 0") {
    refused(0, 0x0, reg::kAdiCtrlEnable, 0xF);
    wr(m, reg::adi(0, 0x0), reg::kAdiCtrlMask);  // not enabling: accepted
  }
  SECTION("enable past the end of the table") {
    wr(m, reg::adi(3, 0x4), (8u << 16) | 57u);  // 57 + 8 = 65 > 64
    refused(3, 0x0, reg::kAdiCtrlEnable, 0xF);
    wr(m, reg::adi(3, 0x4), (8u << 16) | 56u);  // ends at the last entry
    wr(m, reg::adi(3, 0x0), reg::kAdiCtrlEnable);
    CHECK(m.adi(3).enabled());
  }
  SECTION("overlap with an enabled ADI, either side, contained") {
    for (uint32_t block : {(4u << 16) | 6u, (4u << 16) | 14u,
                           (1u << 16) | 15u, (64u << 16) | 0u,
                           (2u << 16) | 20u}) {
      INFO("block 0x" << std::hex << block);
      wr(m, reg::adi(3, 0x4), block);
      refused(3, 0x0, reg::kAdiCtrlEnable, 0xF);
    }
    // Adjacent blocks do not overlap.
    wr(m, reg::adi(3, 0x4), (4u << 16) | 4u);  // 4..7, ADI 1 is 8..15
    wr(m, reg::adi(3, 0x0), reg::kAdiCtrlEnable);
    CHECK(m.counter_refused_config() == 5u);
  }
  SECTION("overlap with a disabled ADI that still holds its block") {
    wr(m, reg::adi(2, 0x0), 0);
    CHECK(m.adi(2).held());
    wr(m, reg::adi(3, 0x4), (8u << 16) | 16u);  // ADI 2's (disabled) block
    refused(3, 0x0, reg::kAdiCtrlEnable, 0xF);
    // ADI 2 comes back to its own block without a check.
    wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
    CHECK(m.counter_refused_config() == 1u);
  }
  SECTION("no overlap with a reset ADI or a zero-size one") {
    wr(m, reg::adi(2, 0x0), reg::kAdiCtrlReset);
    CHECK(!m.adi(2).held());
    wr(m, reg::adi(3, 0x4), (8u << 16) | 16u);  // ADI 2's (reset) block
    wr(m, reg::adi(3, 0x0), reg::kAdiCtrlEnable);
    CHECK(m.adi(3).enabled());
    // Now ADI 2 cannot come back: ADI 3 holds its block.
    refused(2, 0x0, reg::kAdiCtrlEnable, 0xF);
    // A reset of ADI 2, which holds nothing, leaves ADI 3's entries alone.
    wr(m, reg::entry(16, 0x8), 0x1234u);
    wr(m, reg::adi(2, 0x0), reg::kAdiCtrlReset);
    CHECK(m.entry(16).data == 0x1234u);
    CHECK(m.counter_refused_config() == 1u);
  }
  SECTION("rewriting an enabled ADI's CTRL is not re-checked") {
    wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
    wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
    CHECK(m.counter_refused_config() == 0u);
  }
  CHECK(m.counter_illegal_host() == 0u);  // never reason 8
  CHECK(rd(m, reg::kCntRefusedConfig) == m.counter_refused_config());
  CHECK(m.faults().empty());
}

TEST_CASE("configuration refused (reason 7): BLOCK while enabled", "[model]") {
  ImsModel m = views_model();
  for (uint8_t strb : {0xF, 0x1, 0x0}) {
    CHECK(m.write(reg::adi(1, 0x4), 0x00010030u, strb) == Resp::SlvErr);
    CHECK(pop_fault(m) == FaultRecord{7, 1, 4, 0x00010030u});
  }
  CHECK(m.adi(1).block == ((8u << 16) | 8u));
  CHECK(rd(m, reg::kCntRefusedConfig) == 3u);
  // PASID and RID_OVERRIDE are never refused, enabled or not.
  wr(m, reg::adi(1, 0x8), 0x456);
  wr(m, reg::adi(1, 0xC), 0x1BEEF);
  CHECK(m.adi(1).pasid == 0x456u);
  CHECK(m.adi(1).rid_override == 0x1BEEFu);
  // Disabled, it still holds its block: refused until its reset completes.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlPasidEn);
  CHECK(m.write(reg::adi(1, 0x4), 0x00010030u) == Resp::SlvErr);
  CHECK(pop_fault(m) == FaultRecord{7, 1, 4, 0x00010030u});
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlReset);
  wr(m, reg::adi(1, 0x4), 0x00010030u);
  CHECK(m.adi(1).block == 0x00010030u);
  CHECK(m.faults().empty());
  CHECK(m.counter_illegal_host() == 0u);
  // A fault record with a full log is lost, but still counted.
  ImsModel s(64, 4, 1);
  wr(s, reg::adi(0, 0x4), (1u << 16));
  wr(s, reg::adi(0, 0x0), reg::kAdiCtrlEnable);
  CHECK(s.write(reg::adi(0, 0x4), 0) == Resp::SlvErr);
  CHECK(s.write(reg::adi(0, 0x4), 0) == Resp::SlvErr);
  CHECK(s.faults().size() == 1u);
  CHECK(s.fault_lost() == 1u);
  CHECK(s.counter_refused_config() == 2u);
}

TEST_CASE("accepted CTRL write still releases", "[model]") {
  ImsModel m = views_model();
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  CHECK(m.request(2, 0) == Outcome::Pending);
  // A refused CTRL write (partial strobe) releases nothing.
  CHECK(m.write(reg::adi(2, 0x0), reg::kAdiCtrlEnable, 0x1) == Resp::SlvErr);
  CHECK(m.expected().empty());
  CHECK(m.pending(16));
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
  CHECK(pop(m) == untagged(0xFEE00100u, 0x1010));
  // reset() clears the stage-B counters and GP.
  wr(m, reg::view(1, 0, 0x8), 1);
  CHECK(m.write(reg::view(2, 0, 0x8), 1) == Resp::SlvErr);
  CHECK(m.write(reg::adi(1, 0x4), 1) == Resp::SlvErr);
  m.reset();
  CHECK((m.counter_refused_guest() | m.counter_refused_config() |
         m.counter(Outcome::DropGuestUntagged)) == 0u);
  CHECK(m.entry(8).ctrl == reg::kEntryCtrlMask);
}
