// SPDX-License-Identifier: Apache-2.0
// Containment, stage B (docs/containment.md): ADI views, guest-direct
// programming and the GP bit, and the checked ADI configuration (strobes,
// Jason's rule, size/past-the-end/overlap on enable, BLOCK while enabled).
// The model predicts every response, read, TLP and fault record.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

namespace {
using Small = tb::Bench<SmallBuild::Top>;

void open_block(Small& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0400);
  b.write(CTRL, kCtrlEnable);
}

AdiConfig tagged_direct(uint32_t base, uint32_t size, uint32_t pasid) {
  AdiConfig c{base, size, true, false, true, false, false, pasid, 0};
  c.guest_direct = true;
  return c;
}
}  // namespace

TEST_CASE("A guest programs its own entries through its view", "[views]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(81, idle, sink));
    open_block(b);
    setup_adi(b, 2, tagged_direct(16, 8, 0x2222));
    // Vector 3 of ADI 2 is entry 19.
    CHECK(b.write(view_addr(2, 3, kAddrLo), 0xFEE0A000) == Resp::Okay);
    CHECK(b.write(view_addr(2, 3, kAddrHi), 0x0) == Resp::Okay);
    CHECK(b.write(view_addr(2, 3, kData), 0x3333) == Resp::Okay);
    CHECK(b.read(view_addr(2, 3, kCtl)) == (kEntryMask | kEntryGp));
    CHECK(b.write(view_addr(2, 3, kCtl), 0xFFFFFFFE) == Resp::Okay);  // only the mask bit lands
    CHECK(b.read(entry_ctrl(19)) == kEntryGp);
    CHECK(b.read(entry_data(19)) == 0x3333);
    b.request(2, 3);
    b.drain();
    REQUIRE(b.seen().size() == 1);
    CHECK(b.seen()[0].prefix == 0x91002222u);
    CHECK(b.seen()[0].data == 0x3333);
    // Masked through the view, fired, unmasked through the view: released.
    b.write(view_addr(2, 3, kCtl), 1);
    b.request(2, 3);
    b.drain();
    CHECK((b.read(view_addr(2, 3, kCtl)) & kEntryPending) != 0);
    b.write(view_addr(2, 3, kCtl), 0);
    b.wait_release_idle();
    b.finish();
    CHECK(b.seen().size() == 2);
  });
}

TEST_CASE("Views refuse what the ADI does not own", "[views]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(82, idle, sink));
    open_block(b);
    setup_adi(b, 2, tagged_direct(16, 8, 0x2222));
    setup_adi(b, 3, AdiConfig{24, 8});  // untagged, not guest-direct
    program_entry(b, 24, 0xFEE00000, 0x24);
    CHECK(b.write(view_addr(2, 8, kData), 1) == Resp::SlvErr);     // one past its block
    CHECK(b.write(view_addr(2, 63, kData), 1) == Resp::SlvErr);    // far past
    CHECK(b.write(view_addr(5, 0, kData), 1) == Resp::SlvErr);     // ADI 5 disabled
    CHECK(b.write(view_addr(8, 0, kData), 1) == Resp::SlvErr);     // ADI 8 >= NumAdis
    CHECK(b.write(view_addr(3, 0, kAddrLo), 0x1) == Resp::SlvErr); // not guest-direct
    CHECK(b.write(view_addr(3, 0, kCtl), 0x1) == Resp::SlvErr);    // not even the mask
    CHECK(b.read(view_addr(3, 0, kData)) == 0x24);                 // reading its own is fine
    Resp r = Resp::Okay;
    b.read_dut_only(view_addr(2, 8, kData), &r);
    CHECK(r == Resp::SlvErr);
    CHECK(b.read(CNT_REFUSED_GUEST) == 2);
    CHECK(b.read(entry_data(24)) == 0x24);  // nothing changed
    b.finish();
  });
}

TEST_CASE("Guest-programmed entries never leave untagged", "[views][gp]") {
  Small b(tests::options<SmallBuild>(83));
  open_block(b);
  AdiConfig c = tagged_direct(0, 8, 0x0ABC);
  setup_adi(b, 0, c);
  b.write(view_addr(0, 1, kAddrLo), 0xFEE00100);
  b.write(view_addr(0, 1, kData), 0x11);
  b.write(view_addr(0, 1, kCtl), 0);
  // The host turns tagging off: refused while guest-direct is on.
  c.tagged = false;
  CHECK(b.write(adi_ctrl(0), adi_ctrl_value(c)) == Resp::SlvErr);
  // Guest-direct off first, then tagging: both accepted...
  c.tagged = true;
  c.guest_direct = false;
  CHECK(b.write(adi_ctrl(0), adi_ctrl_value(c)) == Resp::Okay);
  c.tagged = false;
  CHECK(b.write(adi_ctrl(0), adi_ctrl_value(c)) == Resp::Okay);
  // ...but the guest's entry still does not leave untagged.
  b.request(0, 1);
  b.drain();
  CHECK(b.seen().empty());
  CHECK(b.read(CNT_DROP_WINDOW) == 1);
  // The host takes it back: rewrites it and clears GP.
  b.write(entry_addr_lo(1), 0xFEE00200);
  b.write(entry_ctrl(1), kEntryGp);  // W1C, mask 0
  CHECK((b.read(entry_ctrl(1)) & kEntryGp) == 0);
  b.request(0, 1);
  b.finish();
  REQUIRE(b.seen().size() == 1);
  CHECK(!b.seen()[0].prefix_valid);
}

TEST_CASE("ADI configuration is checked", "[config]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(84, idle, sink));
    open_block(b);
    setup_adi(b, 1, AdiConfig{8, 8});
    AdiConfig c{12, 8};  // overlaps ADI 1's [8, 16)
    b.write(adi_block(2), (c.size << 16) | c.base);
    CHECK(b.write(adi_ctrl(2), adi_ctrl_value(c)) == Resp::SlvErr);
    c.base = 16;  // adjacent, no overlap
    b.write(adi_block(2), (c.size << 16) | c.base);
    CHECK(b.write(adi_ctrl(2), adi_ctrl_value(c)) == Resp::Okay);
    CHECK(b.write(adi_block(2), 0x00080020) == Resp::SlvErr);  // BLOCK while enabled
    CHECK(b.write(adi_ctrl(3), adi_ctrl_value(AdiConfig{})) == Resp::SlvErr);  // size 0
    b.write(adi_block(3), 0x00080039);                                           // 57 + 8 > 64
    CHECK(b.write(adi_ctrl(3), adi_ctrl_value(AdiConfig{57, 8})) == Resp::SlvErr);
    CHECK(b.write(adi_ctrl(1), 0x3, 0x1) == Resp::SlvErr);  // partial CTRL write
    // Overlap with a *disabled* ADI is fine.
    b.write(adi_block(4), 0x00080038);  // [56, 64)
    b.write(adi_block(5), 0x00040038);  // [56, 60), ADI 5 stays disabled
    CHECK(b.write(adi_ctrl(4), adi_ctrl_value(AdiConfig{56, 8})) == Resp::Okay);
    CHECK(b.read(CNT_REFUSED_CONFIG) == 5);
    // Disabling keeps the block (CTRL.held): no move, no other ADI on it,
    // until the ADI's reset completes.
    CHECK(b.write(adi_ctrl(2), 0) == Resp::Okay);
    CHECK(b.read(adi_ctrl(2)) == kAdiCtrlHeld);
    CHECK(b.write(adi_block(2), 0x00080028) == Resp::SlvErr);
    b.write(adi_block(3), 0x00040012);  // [18, 22), inside ADI 2's [16, 24)
    CHECK(b.write(adi_ctrl(3), adi_ctrl_value(AdiConfig{18, 4})) == Resp::SlvErr);
    CHECK(b.read(CNT_REFUSED_CONFIG) == 7);
    reset_adi(b, 2, 0);
    CHECK(b.read(adi_ctrl(2)) == 0);
    CHECK(b.write(adi_block(2), 0x00080028) == Resp::Okay);
    CHECK(b.write(adi_ctrl(3), adi_ctrl_value(AdiConfig{18, 4})) == Resp::Okay);
    CHECK((b.read(adi_ctrl(3)) & kAdiCtrlHeld) != 0);
    b.finish();
  });
}

TEST_CASE("Enabling an ADI at the largest table scans every ADI", "[config]") {
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(85));
  b.wait_ready();
  for (uint32_t a = 0; a < 64; ++a) setup_adi(b, a, AdiConfig{32 * a, 32});
  reset_adi(b, 63, 0);  // frees its block
  b.write(adi_block(63), (33u << 16) | 2015);  // [2015, 2048) overlaps ADI 62's last entry
  CHECK(b.write(adi_ctrl(63), adi_ctrl_value(AdiConfig{2015, 33})) == Resp::SlvErr);
  b.write(adi_block(63), (32u << 16) | 2016);
  CHECK(b.write(adi_ctrl(63), adi_ctrl_value(AdiConfig{2016, 32})) == Resp::Okay);
  b.finish();
}
