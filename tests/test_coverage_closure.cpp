// SPDX-License-Identifier: Apache-2.0
// Coverage closure (docs/coverage-plan.md): focused cases for the bins the
// rest of the suite left unhit. Each case checks its own expectations, taken
// from the spec (written here, not read from the DUT), on top of the golden
// model's scoreboard, the containment checker and the protocol monitors that
// every Bench runs.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

namespace {
using Small = tb::Bench<SmallBuild::Top>;
constexpr uint32_t kRid = 0x0100;

void bring_up(Small& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, kRid);
  b.write(CTRL, kCtrlEnable);
}
}  // namespace

// Bins tlp_format/<3dw|4dw>,<tag>,tc<n>: every wire format the spec allows,
// each checked field by field against wire §1-§3 (fmt 010 iff the address is
// below 4 GiB, TC from the ADI, the PASID prefix exactly when the ADI is
// tagged, PMR at bit 23 and ER at bit 22 of the prefix).
TEST_CASE("Coverage closure: every TLP format, traffic class, PMR and ER", "[coverage][interrupts]") {
  Small b(tests::options<SmallBuild>(1001));
  bring_up(b);
  constexpr uint32_t kPasid = 0xABCDE;
  constexpr uint64_t kLow = 0xFEE01000, kHigh = 0x0000001234567000ull;
  // ADI 0: tagged, entries 0 (below 4 GiB) and 1 (above). ADI 1: untagged,
  // entry 2 inside the default window.
  setup_adi(b, 0, AdiConfig{0, 2, true, false, true, false, false, kPasid, 0});
  setup_adi(b, 1, AdiConfig{2, 1, true, false, false, false, false, 0, 0});
  program_entry(b, 0, kLow, 0x11111111);
  program_entry(b, 1, kHigh, 0x22222222);
  program_entry(b, 2, 0xFEE00040, 0x33333333);
  b.wait_release_idle();

  for (uint32_t tc = 0; tc < 8; ++tc) {
    for (int pe = 0; pe < 4; ++pe) {
      const bool pmr = pe & 1, er = pe & 2;
      AdiConfig c{0, 2, true, false, true, pmr, er, kPasid, tc};
      b.write(adi_ctrl(0), adi_ctrl_value(c));
      const size_t before = b.seen().size();
      b.request(0, 0);
      b.request(0, 1);
      b.drain();
      REQUIRE(b.seen().size() == before + 2);
      for (int k = 0; k < 2; ++k) {
        const TlpFields f = decode(b.seen()[before + k]);
        INFO("tc " << tc << " pmr " << pmr << " er " << er << " entry " << k);
        CHECK(f.fmt == (k == 0 ? kFmt3DwData : kFmt4DwData));
        CHECK(f.address == (k == 0 ? kLow : kHigh));
        CHECK(f.tc == tc);
        CHECK(f.prefix_valid);
        CHECK(f.pasid == kPasid);
        CHECK(f.pmr == pmr);
        CHECK(f.er == er);
        CHECK(((b.seen()[before + k].prefix >> 23) & 1u) == (pmr ? 1u : 0u));
        CHECK(((b.seen()[before + k].prefix >> 22) & 1u) == (er ? 1u : 0u));
      }
    }
    AdiConfig u{2, 1, true, false, false, false, false, 0, tc};
    b.write(adi_ctrl(1), adi_ctrl_value(u));
    const size_t before = b.seen().size();
    b.request(1, 0);
    b.drain();
    REQUIRE(b.seen().size() == before + 1);
    const TlpFields f = decode(b.seen()[before]);
    CHECK(f.fmt == kFmt3DwData);
    CHECK_FALSE(f.prefix_valid);
    CHECK(f.tc == tc);
    CHECK(f.address == 0xFEE00040u);
    CHECK(f.requester_id == kRid);
  }
  b.finish();
}

namespace {
template <class B>
void expect_fault(B& b, uint32_t reason, uint32_t adi, uint32_t index, uint32_t value) {
  CHECK(b.read(FAULT_REC_CODE) == (reason | (adi << 16)));
  CHECK(b.read(FAULT_REC_INDEX) == index);
  CHECK(b.read(FAULT_REC_VALUE) == value);
  b.write(FAULT_POP, kFaultPop);
}
}  // namespace

// Bin mask_pending/unmask_via_view_ctrl:sent: a guest unmasks its pending
// entry through its ADI view (spec §4 views, §6: unmask with pending set ->
// the message is sent, pending clears), with the PASID prefix (§5 item 3).
TEST_CASE("Coverage closure: a guest's view unmask releases its pending entry", "[coverage][views][pending]") {
  Small b(tests::options<SmallBuild>(1002));
  bring_up(b);
  constexpr uint32_t kPasid = 0x1234;
  AdiConfig c{8, 4, true, false, true, false, false, kPasid, 0};
  c.guest_direct = true;
  setup_adi(b, 2, c);
  program_entry(b, 9, 0x80001000, 0xD00D, /*masked=*/true);
  b.wait_release_idle();
  b.request(2, 1);  // entry 8 + 1, masked: pending, no TLP
  b.drain();
  CHECK(b.seen().empty());
  CHECK((b.read(entry_ctrl(9)) & kEntryPending) != 0);
  CHECK(b.read(pba(0)) == (1u << 9));
  CHECK(b.write(view_addr(2, 1, kCtl), 0) == Resp::Okay);  // the guest unmasks vector 1
  b.wait_release_idle();
  REQUIRE(b.seen().size() == 1);
  const TlpFields f = decode(b.seen()[0]);
  CHECK(f.address == 0x80001000u);
  CHECK(f.data == 0xD00Du);
  CHECK(f.prefix_valid);
  CHECK(f.pasid == kPasid);
  CHECK((b.read(entry_ctrl(9)) & (kEntryPending | kEntryMask)) == 0);
  CHECK(b.read(pba(0)) == 0);
  CHECK(b.read(CNT_PENDING) == 1);
  CHECK(b.read(CNT_SENT) == 1);
  b.finish();
}

// Bins host_error/read:view:unknown_adi, read:view:vector_beyond_size,
// write:view:unknown_adi, write:adi_ctrl:partial_strobe,
// write:adi_ctrl:enable_size_0: each refused with SLVERR, logged with its
// reason and counted, and nothing changes (spec §3 host port, §4 views and
// ADI table; docs/containment.md "Fault reasons").
TEST_CASE("Coverage closure: refused view accesses and refused ADI CTRL writes", "[coverage][host][faults]") {
  Small b(tests::options<SmallBuild>(1003));
  bring_up(b);
  setup_adi(b, 0, AdiConfig{0, 4});
  program_entry(b, 0, 0xFEE00000, 0x5);
  b.wait_release_idle();
  const uint32_t past_adis = view_addr(SmallBuild::kAdis, 0, kAddrLo);  // ADI 8 of 8
  const uint32_t past_size = view_addr(0, 4, kData);                     // vector 4 of 4

  auto r = b.read_reply(past_adis);
  CHECK(r.resp == Resp::SlvErr);
  CHECK(r.data == 0);
  expect_fault(b, kFaultIllegalHost, SmallBuild::kAdis, 0, past_adis);
  r = b.read_reply(past_size);
  CHECK(r.resp == Resp::SlvErr);
  CHECK(r.data == 0);
  expect_fault(b, kFaultIllegalHost, 0, 4, past_size);
  CHECK(b.write(past_adis, 0xDEAD) == Resp::SlvErr);
  expect_fault(b, kFaultIllegalHost, SmallBuild::kAdis, 0, past_adis);
  CHECK(b.read(CNT_ILLEGAL_HOST) == 3);

  // ADI CTRL must be written whole: a partial strobe is refused (reason 7,
  // index 0 = CTRL, value = the written data) even where it would enable.
  b.write(adi_block(1), (4u << 16) | 8u);
  CHECK(b.write(adi_ctrl(1), 0x1, 0x1) == Resp::SlvErr);
  expect_fault(b, kFaultConfigRefused, 1, 0, 0x1);
  CHECK(b.read(adi_ctrl(1)) == 0);
  // Enabling an ADI whose block is empty (size 0) is refused.
  b.write(adi_block(2), 16u);  // base 16, size 0
  CHECK(b.write(adi_ctrl(2), 0x1) == Resp::SlvErr);
  expect_fault(b, kFaultConfigRefused, 2, 0, 0x1);
  CHECK(b.read(adi_ctrl(2)) == 0);  // neither enabled nor holding
  CHECK(b.read(CNT_REFUSED_CONFIG) == 2);
  // Nothing changed for the ADI that works.
  b.request(0, 0);
  b.request(2, 0);  // still disabled: dropped, logged
  b.drain();
  CHECK(b.seen().size() == 1);
  expect_fault(b, kFaultAdiDisabled, 2, 0, 0);
  CHECK(b.read(FAULT_STATUS) == 0);
  b.finish();
}

// Bin fault_log/logged_after_overflow_cleared: after an overflow, clearing
// the flag and popping a record makes room, and the next fault is logged
// (not lost) without setting the flag again.
TEST_CASE("Coverage closure: the fault log takes records again after an overflow is cleared", "[coverage][faults]") {
  Small b(tests::options<SmallBuild>(1004));
  bring_up(b);
  for (int i = 0; i < 18; ++i) b.request(200, static_cast<uint16_t>(i));  // unknown ADI: reason 1
  b.drain();
  CHECK(b.read(FAULT_STATUS) == (0x80000000u | 16));
  CHECK(b.read(FAULT_LOST) == 2);
  b.write(FAULT_POP, kFaultClearOverflow);
  CHECK(b.read(FAULT_STATUS) == 16);  // flag cleared, nothing popped
  b.write(FAULT_POP, kFaultPop);
  CHECK(b.read(FAULT_STATUS) == 15);
  b.request(201, 7);
  b.drain();
  CHECK(b.read(FAULT_STATUS) == 16);  // logged, flag still clear
  CHECK(b.read(FAULT_LOST) == 2);
  for (int i = 1; i < 16; ++i) b.write(FAULT_POP, kFaultPop);  // records 1..15 of the first burst
  expect_fault(b, kFaultUnknownAdi, 201, 7, 0);  // the newest record is last
  CHECK(b.read(FAULT_STATUS) == 0);
  b.finish();
}

// Bins reset_mid_traffic/hard_reset:mid_traffic and
// hard_reset:during_adi_reset: rst_ni in the middle of requests, a TLP held
// by a stalled sink and a running ADI reset. The block forgets everything
// (spec §3, §8: nothing from before the reset leaves after it; the
// scoreboard fails on any extra TLP), comes back with its reset values, and
// the block the ADI held is free again.
TEST_CASE("Coverage closure: reset in the middle of traffic and of an ADI reset", "[coverage][reset]") {
  Small b(tests::options<SmallBuild>(1005, tb::Idle::None, tb::Sink::LongStalls));
  bring_up(b);
  setup_adi(b, 0, AdiConfig{0, 32});
  setup_adi(b, 1, AdiConfig{32, 32});
  for (uint32_t e = 0; e < 64; ++e) program_entry(b, e, 0xFEE00000 + 4 * e, e);
  b.wait_release_idle();

  for (uint16_t v = 0; v < 24; ++v) b.request(0, v);
  b.step(12);  // requests in flight, TLPs waiting for the stalled sink
  b.write(adi_ctrl(1), kAdiCtrlReset);  // ADI 1's reset runs over 32 entries
  REQUIRE((b.read_dut_only(adi_ctrl(1)) & kAdiCtrlReset) != 0);
  const size_t seen_before = b.seen().size();
  b.hard_reset();
  b.wait_ready();
  CHECK(b.read(CTRL) == 0);
  CHECK(b.read(CNT_SENT) == 0);
  CHECK(b.read(FAULT_STATUS) == 0);
  CHECK(b.read(adi_ctrl(0)) == 0);
  CHECK(b.read(adi_ctrl(1)) == 0);  // no reset running, nothing held
  CHECK(b.read(entry_ctrl(33)) == kEntryMask);  // entries back to masked, zero
  CHECK(b.read(entry_addr_lo(33)) == 0);
  // The blocks are free: ADI 2 takes ADI 1's old block.
  b.set_sink(tb::Sink::AlwaysReady);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 2, AdiConfig{32, 32});
  CHECK(b.read(adi_ctrl(2)) == (kAdiCtrlHeld | 0x1u));
  program_entry(b, 40, 0xFEE00100, 0x40);
  b.request(2, 8);
  b.finish();
  REQUIRE(b.seen().size() == seen_before + 1);
  CHECK(decode(b.seen().back()).address == 0xFEE00100u);
}
