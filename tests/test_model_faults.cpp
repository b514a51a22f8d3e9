// SPDX-License-Identifier: Apache-2.0
// Golden model, containment stage A (docs/containment.md): untagged window,
// PASID check, RID override, new counters and registers, the fault log.
#include <catch2/catch.hpp>

#include "ims_model.hpp"
#include "model_access.hpp"

using namespace ims;
using namespace ims::tests::model_access;

namespace {

void program_entry(ImsModel& m, uint32_t e, uint32_t lo, uint32_t hi,
                   uint32_t ctrl) {
  wr(m, reg::entry(e, 0x0), lo);
  wr(m, reg::entry(e, 0x4), hi);
  wr(m, reg::entry(e, 0x8), 0x1000u + e);
  wr(m, reg::entry(e, 0xC), ctrl);
}

// A model with global enable on, ADI 1 on entries 8..15 (untagged).
ImsModel enabled_model() {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 1, 8, 8);
  return m;
}

}  // namespace

TEST_CASE("stage A registers: reset values, access, strobes", "[model]") {
  ImsModel m(64, 4);
  CHECK(rd(m, reg::kUntaggedBase) == 0xFEE00000u);
  CHECK(rd(m, reg::kUntaggedMask) == 0xFFF00000u);
  for (uint32_t a : {reg::kCntDropWindow, reg::kCntDropPasidCheck,
                     reg::kCntRefusedGuest, reg::kCntRefusedConfig,
                     reg::kCntIllegalHost, reg::kFaultStatus,
                     reg::kFaultLost, reg::kFaultRecCode,
                     reg::kFaultRecIndex, reg::kFaultRecValue,
                     reg::kFaultPop}) {
    INFO("addr 0x" << std::hex << a);
    CHECK(rd(m, a) == 0u);
    CHECK(m.read(a).care_mask == ~0u);
  }
  wr(m, reg::kUntaggedBase, 0x12345678u);
  wr(m, reg::kUntaggedBase, 0xAABBCCDDu, 0x6);
  CHECK(rd(m, reg::kUntaggedBase) == 0x12BBCC78u);
  wr(m, reg::kUntaggedMask, 0u, 0x0);
  CHECK(rd(m, reg::kUntaggedMask) == 0xFFF00000u);
  wr(m, reg::kUntaggedMask, 0xFFFFFFFFu, 0x1);
  CHECK(rd(m, reg::kUntaggedMask) == 0xFFF000FFu);
  // RO registers: SLVERR whatever the strobes, unchanged.
  for (uint32_t a : {reg::kCntDropWindow, reg::kCntDropPasidCheck,
                     reg::kCntRefusedGuest, reg::kCntRefusedConfig,
                     reg::kCntIllegalHost, reg::kFaultStatus,
                     reg::kFaultLost, reg::kFaultRecCode,
                     reg::kFaultRecIndex, reg::kFaultRecValue}) {
    INFO("addr 0x" << std::hex << a);
    CHECK(m.write(a, 0xFFFFFFFFu) == Resp::SlvErr);
    CHECK(m.write(a, 0xFFFFFFFFu, 0x0) == Resp::SlvErr);
  }
  CHECK(m.counter_illegal_host() == 20u);
  CHECK(rd(m, reg::kCntIllegalHost) == 20u);
  CHECK(rd(m, reg::kCntDropWindow) == 0u);
  // ADI CTRL: guest_direct (bit 5) stored (with tagging: stage B rule).
  wr(m, reg::adi(3, 0x0), reg::kAdiCtrlGuestDirect | reg::kAdiCtrlPasidEn);
  CHECK(rd(m, reg::adi(3, 0x0)) == 0x24u);
  // RID_OVERRIDE: 17 bits, strobes per byte.
  wr(m, reg::adi(3, 0xC), 0xFFFFFFFFu, 0x4);
  CHECK(rd(m, reg::adi(3, 0xC)) == 0x00010000u);
  wr(m, reg::adi(3, 0xC), 0x0000ABCDu, 0x1);
  CHECK(rd(m, reg::adi(3, 0xC)) == 0x000100CDu);
  CHECK(m.adi(3).rid_override == 0x000100CDu);
  // reset() restores all of it.
  m.reset();
  CHECK(rd(m, reg::kUntaggedBase) == 0xFEE00000u);
  CHECK(rd(m, reg::kUntaggedMask) == 0xFFF00000u);
  CHECK((rd(m, reg::kCntIllegalHost) | rd(m, reg::kFaultStatus) |
         rd(m, reg::adi(3, 0xC)) | rd(m, reg::adi(3, 0x0))) == 0u);
  CHECK(m.faults().empty());
}

TEST_CASE("request faults 1-3: record fields and counters", "[model]") {
  ImsModel m = enabled_model();
  // Global disable: counted, not logged.
  wr(m, reg::kCtrl, 0);
  CHECK(m.request(7, 3, true, 0x55) == Outcome::DropDisabled);
  CHECK(m.faults().empty());
  CHECK(rd(m, reg::kCntDropDisabled) == 1u);
  wr(m, reg::kCtrl, reg::kCtrlEnable);

  CHECK(m.request(0xFFFF, 0x1234, true, 0xABCDE) == Outcome::DropUnknownAdi);
  CHECK(m.request(4, 9) == Outcome::DropUnknownAdi);
  CHECK(m.request(2, 5, true, 0x77) == Outcome::DropAdiDisabled);
  CHECK(m.request(1, 8, true, 0x1) == Outcome::DropOutOfRange);
  CHECK(m.request(1, 0xFFFF) == Outcome::DropOutOfRange);
  CHECK(rd(m, reg::kFaultStatus) == 5u);
  CHECK(pop_fault(m) == FaultRecord{1, 0xFFFF, 0x1234, 0xABCDE});
  CHECK(pop_fault(m) == FaultRecord{1, 4, 9, 0});
  CHECK(pop_fault(m) == FaultRecord{2, 2, 5, 0x77});
  CHECK(pop_fault(m) == FaultRecord{3, 1, 8, 0x1});
  CHECK(pop_fault(m) == FaultRecord{3, 1, 0xFFFF, 0});
  CHECK(rd(m, reg::kFaultStatus) == 0u);
  CHECK(rd(m, reg::kCntDropUnknownAdi) == 2u);
  CHECK(rd(m, reg::kCntDropAdiDisabled) == 1u);
  CHECK(rd(m, reg::kCntDropOutOfRange) == 2u);
  // The request PASID is 20 bits.
  CHECK(m.request(2, 0, true, 0xFFF12345u) == Outcome::DropAdiDisabled);
  CHECK(m.faults().front().value == 0x12345u);
  CHECK(m.expected().empty());
}

TEST_CASE("untagged window: default, reprogrammed, 4DW", "[model]") {
  ImsModel m = enabled_model();
  program_entry(m, 8, 0xFEE00000u, 0, 0);     // inside
  program_entry(m, 9, 0xFEEFFFFCu, 0, 0);     // inside (top)
  program_entry(m, 10, 0xFEF00000u, 0, 0);    // outside
  program_entry(m, 11, 0xFED0000Fu, 0, 0);    // outside, bits 1:0 set
  program_entry(m, 12, 0xFEE00000u, 1, 0);    // 4DW: always outside
  program_entry(m, 13, 0xFEE00003u, 0, 0);    // bits 1:0 not compared
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x1008));
  CHECK(m.request(1, 1) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEEFFFFCu, 0x1009));
  CHECK(m.request(1, 5) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x100D));
  CHECK(m.request(1, 2) == Outcome::DropWindow);
  CHECK(m.request(1, 3) == Outcome::DropWindow);
  CHECK(m.request(1, 4) == Outcome::DropWindow);
  CHECK(m.expected().empty());
  CHECK(rd(m, reg::kCntDropWindow) == 3u);
  CHECK(m.counter(Outcome::DropWindow) == 3u);
  CHECK(rd(m, reg::kCntSent) == 3u);
  CHECK(pop_fault(m) == FaultRecord{4, 1, 2, 0xFEF00000u});
  CHECK(pop_fault(m) == FaultRecord{4, 1, 3, 0xFED0000Cu});
  CHECK(pop_fault(m) == FaultRecord{4, 1, 4, 0xFEE00000u});
  CHECK(m.faults().empty());
  // Reprogrammed: window 0x0010_0000/0xFFFF_0000.
  wr(m, reg::kUntaggedBase, 0x00100000u);
  wr(m, reg::kUntaggedMask, 0xFFFF0000u);
  program_entry(m, 14, 0x0010ABC0u, 0, 0);
  CHECK(m.request(1, 6) == Outcome::Sent);
  CHECK(pop(m) == untagged(0x0010ABC0u, 0x100E));
  CHECK(m.request(1, 0) == Outcome::DropWindow);  // 0xFEE00000 now outside
  CHECK(pop_fault(m) == FaultRecord{4, 1, 0, 0xFEE00000u});
  // Mask 0, base 0: every 3DW address is inside; 4DW still outside.
  wr(m, reg::kUntaggedBase, 0);
  wr(m, reg::kUntaggedMask, 0);
  CHECK(m.request(1, 2) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEF00000u, 0x100A));
  CHECK(m.request(1, 4) == Outcome::DropWindow);
  // Base bits outside the mask: nothing matches.
  wr(m, reg::kUntaggedBase, 0x1);
  CHECK(m.request(1, 0) == Outcome::DropWindow);
  CHECK(rd(m, reg::kCntDropWindow) == 6u);
}

TEST_CASE("untagged window: a drop clears pending, masked is pending",
          "[model]") {
  ImsModel m = enabled_model();
  program_entry(m, 10, 0x12345678u, 0, 1);  // outside, masked
  CHECK(m.request(1, 2) == Outcome::Pending);  // masked: window not checked
  CHECK(m.pending(10));
  CHECK(m.faults().empty());
  // Unmask ADI-wide instead of via the entry: the ADI mask keeps it pending.
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  wr(m, reg::entry(10, 0xC), 0);  // release: owner masked, stays pending
  CHECK((m.pending(10) && m.faults().empty()));
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);  // sweep: window drop
  CHECK(!m.pending(10));
  CHECK(m.expected().empty());
  CHECK(m.releases_dropped() == 1u);
  CHECK(rd(m, reg::kCntDropWindow) == 1u);
  CHECK(pop_fault(m) == FaultRecord{4, 1, 10, 0x12345678u & ~3u});
  // A request that finds an old pending bit: drops it with itself.
  wr(m, reg::entry(10, 0xC), 1);
  CHECK(m.request(1, 2) == Outcome::Pending);
  wr(m, reg::entry(10, 0xC), 0, 0x2);  // byte 0 not written: no release
  wr(m, reg::entry(10, 0xC), 0, 0x1);  // release drops it
  CHECK((!m.pending(10) && m.expected().empty()));
  CHECK(rd(m, reg::kCntDropWindow) == 2u);
}

TEST_CASE("untagged window applies to releases, entry index absolute",
          "[model]") {
  ImsModel m(128, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable | reg::kCtrlMask);
  setup_adi(m, 2, 64, 32);
  setup_adi(m, 3, 96, 32,
            reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);  // tagged
  wr(m, reg::adi(3, 0x8), 0x4242);
  program_entry(m, 65, 0xFEE00010u, 0, 0);  // inside: sent
  program_entry(m, 70, 0xFEF00000u, 0, 0);  // outside: dropped
  program_entry(m, 71, 0xFEE00020u, 2, 0);  // 4DW: dropped
  program_entry(m, 100, 0x80000000u, 7, 0); // tagged: not limited
  for (uint16_t v : {1, 6, 7}) CHECK(m.request(2, v) == Outcome::Pending);
  CHECK(m.request(3, 4) == Outcome::Pending);
  wr(m, reg::kCtrl, reg::kCtrlEnable);  // global sweep
  REQUIRE(m.expected().size() == 2);
  CHECK(pop(m) == untagged(0xFEE00010u, 0x1041));
  CHECK(pop(m) == encode(make_interrupt(0x780000000ull, 0x1064, 0, 0, true,
                                        0x4242, false, false)));
  CHECK(m.releases_sent() == 2u);
  CHECK(m.releases_dropped() == 2u);
  for (uint32_t e : {65u, 70u, 71u, 100u}) CHECK(!m.pending(e));
  CHECK(pop_fault(m) == FaultRecord{4, 2, 70, 0xFEF00000u});
  CHECK(pop_fault(m) == FaultRecord{4, 2, 71, 0xFEE00020u});
  CHECK(m.faults().empty());
  CHECK(rd(m, reg::kCntDropWindow) == 2u);
  CHECK(rd(m, reg::kCntSent) == 2u);
}

TEST_CASE("tagged interrupts ignore the window", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 0, 0, 16, reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);
  wr(m, reg::adi(0, 0x8), 0x99);
  program_entry(m, 3, 0x00001000u, 0, 0);
  program_entry(m, 4, 0xFEE00000u, 0xFFFF, 0);
  CHECK(m.request(0, 3) == Outcome::Sent);
  CHECK(pop(m) == encode(make_interrupt(0x1000u, 0x1003, 0, 0, true, 0x99,
                                        false, false)));
  CHECK(m.request(0, 4) == Outcome::Sent);
  CHECK(pop(m) == encode(make_interrupt(0xFFFFFEE00000ull, 0x1004, 0, 0, true,
                                        0x99, false, false)));
  CHECK(m.faults().empty());
  // Tagging off: the same entry is now limited by the window.
  wr(m, reg::adi(0, 0x0), reg::kAdiCtrlEnable);
  CHECK(m.request(0, 3) == Outcome::DropWindow);
  CHECK(m.faults().size() == 1u);
}

TEST_CASE("PASID check", "[model]") {
  ImsModel m = enabled_model();
  const uint32_t chk = (0xABCDEu << 12) | reg::kEntryCtrlPasidChk;
  program_entry(m, 8, 0xFEE00000u, 0, chk);
  program_entry(m, 9, 0xFEE00010u, 0, 0xABCDEu << 12);  // bit 3 clear
  SECTION("bit set, PASID matches: sent") {
    CHECK(m.request(1, 0, true, 0xABCDE) == Outcome::Sent);
    CHECK(pop(m) == untagged(0xFEE00000u, 0x1008));
    CHECK(m.faults().empty());
  }
  SECTION("bit set, mismatch: dropped, logged, pending untouched") {
    wr(m, reg::entry(8, 0xC), chk | reg::kEntryCtrlMask);
    CHECK(m.request(1, 0) == Outcome::Pending);
    CHECK(m.request(1, 0, true, 0x00001) == Outcome::DropPasidCheck);
    CHECK(m.pending(8));  // the check comes before the mask
    CHECK(rd(m, reg::kCntDropPasidCheck) == 1u);
    CHECK(m.counter(Outcome::DropPasidCheck) == 1u);
    CHECK(rd(m, reg::kCntPending) == 1u);
    CHECK(pop_fault(m) == FaultRecord{5, 1, 0, 0x00001});
    // Release never checks the PASID.
    wr(m, reg::entry(8, 0xC), chk);
    CHECK(pop(m) == untagged(0xFEE00000u, 0x1008));
    CHECK(m.faults().empty());
  }
  SECTION("bit set, no PASID: not checked") {
    CHECK(m.request(1, 0) == Outcome::Sent);
    CHECK(m.request(1, 0, false, 0x123) == Outcome::Sent);
    CHECK(m.expected().size() == 2u);
  }
  SECTION("bit clear: not checked") {
    CHECK(m.request(1, 1, true, 0x12345) == Outcome::Sent);
    CHECK(pop(m) == untagged(0xFEE00010u, 0x1009));
    CHECK(rd(m, reg::kCntDropPasidCheck) == 0u);
  }
  SECTION("check comes before the window") {
    wr(m, reg::entry(8, 0x0), 0x1000u);  // outside the window
    CHECK(m.request(1, 0, true, 0x1) == Outcome::DropPasidCheck);
    CHECK(m.request(1, 0, true, 0xABCDE) == Outcome::DropWindow);
    CHECK(pop_fault(m).reason == 5);
    CHECK(pop_fault(m).reason == 4);
  }
  SECTION("range and enable come before the check") {
    CHECK(m.request(1, 8, true, 0x1) == Outcome::DropOutOfRange);
    CHECK(pop_fault(m) == FaultRecord{3, 1, 8, 0x1});
  }
}

TEST_CASE("RID override", "[model]") {
  ImsModel m = enabled_model();
  wr(m, reg::kRequesterId, 0x0100);
  setup_adi(m, 2, 16, 8);
  program_entry(m, 8, 0xFEE00000u, 0, 0);
  program_entry(m, 16, 0xFEE00040u, 0, 0);
  wr(m, reg::adi(1, 0xC), 0x0000BEEFu);  // RID set, enable off
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x1008, 0x0100));
  wr(m, reg::adi(1, 0xC), 0x0001BEEFu);  // enable on
  CHECK(m.rid_for(1) == 0xBEEF);
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x1008, 0xBEEF));
  CHECK(m.request(2, 0) == Outcome::Sent);  // other ADI: REQUESTER_ID
  CHECK(pop(m) == untagged(0xFEE00040u, 0x1010, 0x0100));
  // Releases use it too.
  wr(m, reg::entry(8, 0xC), 1);
  CHECK(m.request(1, 0) == Outcome::Pending);
  wr(m, reg::entry(8, 0xC), 0);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x1008, 0xBEEF));
  // Enable off again (byte 2 only).
  wr(m, reg::adi(1, 0xC), 0, 0x4);
  CHECK(rd(m, reg::adi(1, 0xC)) == 0xBEEFu);
  CHECK(m.request(1, 0) == Outcome::Sent);
  CHECK(pop(m) == untagged(0xFEE00000u, 0x1008, 0x0100));
}

TEST_CASE("illegal host accesses are logged (reason 8)", "[model]") {
  ImsModel m(100, 5, 32);
  const uint32_t bad[] = {0x014u,     0x03Cu,     0x070u,   0x098u,
                          0x021u,     0x1003u,    0x1800u,  0x4050u,
                          0x40000u + 16 * 100,    0x80000u, 0xFFFFCu,
                          0x100000u,  0x0FFFFFFCu, 0x20000000u,
                          0xFFFFFFFCu};  // (views: test_model_views.cpp)
  uint32_t n = 0;
  for (uint32_t a : bad) {
    INFO("addr 0x" << std::hex << a);
    CHECK(m.read(a).resp == Resp::SlvErr);
    CHECK(m.write(a, 0x5A5A5A5Au) == Resp::SlvErr);
    n += 2;
    REQUIRE(m.faults().size() == n);
    const FaultRecord want{8, 0xFFFF, static_cast<uint16_t>(a & 0xFFFF), a};
    CHECK(m.faults()[n - 2] == want);
    CHECK(m.faults()[n - 1] == want);
  }
  // RO writes (even with strobes 0) and PBA writes.
  CHECK(m.write(reg::kId, 0, 0x0) == Resp::SlvErr);
  CHECK(m.write(reg::pba(1), 1) == Resp::SlvErr);
  CHECK(m.counter_illegal_host() == n + 2);
  CHECK(rd(m, reg::kCntIllegalHost) == n + 2);
  CHECK(m.faults().back() == FaultRecord{8, 0xFFFF, 0x1004, reg::pba(1)});
  // OKAY accesses log nothing.
  const size_t held = m.faults().size();
  wr(m, reg::kFaultPop, 0, 0x0);
  rd(m, reg::kFaultStatus);
  CHECK(m.faults().size() == held);
}

TEST_CASE("refused read of a fault register: value first, then the record",
          "[model]") {
  ImsModel m(64, 4);
  const ReadResult r = m.read(reg::kFaultStatus + 1);  // misaligned
  CHECK((r.resp == Resp::SlvErr && r.data == 0u && r.care_mask == 0u));
  CHECK(rd(m, reg::kFaultStatus) == 1u);
  CHECK(rd(m, reg::kFaultRecCode) == 0xFFFF0008u);
  CHECK(rd(m, reg::kFaultRecIndex) == 0x81u);
  CHECK(rd(m, reg::kFaultRecValue) == 0x81u);
}

TEST_CASE("fault FIFO: overflow, lost count, pop, clear", "[model]") {
  ImsModel m = enabled_model();
  CHECK(m.fault_depth() == 16u);
  // 17 faults, each with its own vector.
  for (uint16_t i = 0; i < 17; ++i)
    CHECK(m.request(2, i) == Outcome::DropAdiDisabled);
  CHECK(m.faults().size() == 16u);
  CHECK(m.fault_lost() == 1u);
  CHECK(rd(m, reg::kFaultStatus) == (0x80000000u | 16u));
  CHECK(rd(m, reg::kFaultLost) == 1u);
  CHECK(m.faults().back().index == 15u);  // the 17th was lost
  // Pop needs byte 0 strobed; bit 1 alone does not pop.
  wr(m, reg::kFaultPop, 0xFFFFFFFFu, 0xE);
  CHECK(rd(m, reg::kFaultStatus) == (0x80000000u | 16u));
  wr(m, reg::kFaultPop, reg::kFaultPopClearOverflow);
  CHECK(rd(m, reg::kFaultStatus) == 16u);  // nothing popped
  CHECK(rd(m, reg::kFaultRecIndex) == 0u);
  wr(m, reg::kFaultPop, reg::kFaultPopHead);
  CHECK(rd(m, reg::kFaultStatus) == 15u);
  CHECK(rd(m, reg::kFaultRecIndex) == 1u);
  CHECK(rd(m, reg::kFaultPop) == 0u);
  // Full again: lost again, flag set again (sticky until cleared).
  CHECK(m.request(2, 100) == Outcome::DropAdiDisabled);
  CHECK(m.request(2, 101) == Outcome::DropAdiDisabled);
  CHECK(rd(m, reg::kFaultStatus) == (0x80000000u | 16u));
  CHECK(rd(m, reg::kFaultLost) == 2u);
  // Pop and clear in one write.
  wr(m, reg::kFaultPop, 0x3);
  CHECK(rd(m, reg::kFaultStatus) == 15u);
  // Drain; REC registers read 0 when empty; popping empty is harmless.
  for (int i = 0; i < 15; ++i) wr(m, reg::kFaultPop, 1);
  CHECK(rd(m, reg::kFaultStatus) == 0u);
  wr(m, reg::kFaultPop, 1);
  CHECK((rd(m, reg::kFaultRecCode) | rd(m, reg::kFaultRecIndex) |
         rd(m, reg::kFaultRecValue)) == 0u);
  CHECK(rd(m, reg::kFaultLost) == 2u);  // FAULT_LOST is not cleared
  // An illegal access while full is lost too.
  ImsModel s(64, 4, 1);
  CHECK(s.write(0x014, 0) == Resp::SlvErr);
  CHECK(s.read(0x014).resp == Resp::SlvErr);
  CHECK(s.faults().size() == 1u);
  CHECK(s.fault_lost() == 1u);
  CHECK(s.counter_illegal_host() == 2u);
  CHECK_THROWS_AS(ImsModel(64, 4, 0), std::invalid_argument);
  CHECK_THROWS_AS(ImsModel(64, 4, 256), std::invalid_argument);
  CHECK(std::string(to_string(Outcome::DropWindow)) == "DropWindow");
  CHECK(std::string(to_string(Outcome::DropPasidCheck)) == "DropPasidCheck");
}
