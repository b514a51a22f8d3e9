// SPDX-License-Identifier: Apache-2.0
// MSI-X-grade mask/pending semantics at entry, ADI and global level, at
// indices across the whole table and on both sides of every pending-word
// boundary exercised (31|32, 63|64). The scoreboard checks every TLP and the
// model checks every register read (PBA, entry control).
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

namespace {
using Bench = tb::Bench<DefaultBuild::Top>;

// ADI 2 owns entries 0..2047 minus nothing: the whole table, untagged.
void whole_table_adi(Bench& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0200);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 2, AdiConfig{0, 2048});
}

const uint32_t kIndices[] = {0, 1, 31, 32, 33, 63, 64, 65, 1023, 1024, 2046, 2047};
}  // namespace

TEST_CASE("Entry mask: pending set, coalesced, released on unmask", "[pending][entry]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Bench b(tests::options<DefaultBuild>(51, idle, sink));
    whole_table_adi(b);
    for (uint32_t i : kIndices)
      program_entry(b, i, 0xFEE00000u + 4 * i, 0x5000 + i, /*masked=*/true);
    for (uint32_t i : kIndices) {
      b.request(2, static_cast<uint16_t>(i));
      b.request(2, static_cast<uint16_t>(i));  // coalesces with the first
    }
    b.drain();
    CHECK(b.seen().empty());
    for (uint32_t w : {0u, 1u, 2u, 31u, 32u, 63u}) b.read(pba(w));
    for (uint32_t i : kIndices) CHECK((b.read(entry_ctrl(i)) & kEntryPending) != 0);
    // Address/data rewritten while masked: the release uses the new values.
    b.write(entry_data(64), 0xC0FFEE);
    for (uint32_t i : kIndices) {
      b.write(entry_ctrl(i), 0);
      b.wait_release_idle();
    }
    for (uint32_t w : {0u, 1u, 2u, 31u, 32u, 63u}) CHECK(b.read(pba(w)) == 0);
    b.finish();
    CHECK(b.seen().size() == std::size(kIndices));
  });
}

TEST_CASE("One still-masked pending entry never blocks another", "[pending][entry]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Bench b(tests::options<DefaultBuild>(52, idle, sink));
    whole_table_adi(b);
    for (uint32_t i : {32u, 40u, 41u}) program_entry(b, i, 0xFEE00000u + i, i, true);
    b.request(2, 32);
    b.request(2, 40);
    b.request(2, 41);
    b.drain();
    b.write(entry_ctrl(40), 0);  // only the second one
    b.wait_release_idle();
    b.write(CTRL, kCtrlEnable | kCtrlMask);
    b.write(CTRL, kCtrlEnable);  // a global sweep: 32 and 41 stay masked and pending
    b.wait_release_idle();
    CHECK(b.read(pba(1)) == ((1u << 0) | (1u << 9)));
    b.write(entry_ctrl(41), 0);
    b.wait_release_idle();
    b.finish();
    REQUIRE(b.seen().size() == 2);
    CHECK(b.seen()[0].data == 40);
    CHECK(b.seen()[1].data == 41);
  });
}

TEST_CASE("ADI mask: pending, released by clearing the ADI mask", "[pending][adi]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Bench b(tests::options<DefaultBuild>(53, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    AdiConfig a{1000, 48, true, true, true, false, true, 0x00ABC, 1};  // masked, tagged
    setup_adi(b, 9, a);
    AdiConfig other{0, 64};  // another ADI keeps sending meanwhile
    setup_adi(b, 10, other);
    for (uint32_t v = 0; v < 48; ++v) program_entry(b, 1000 + v, 0xFEE10000u + 4 * v, 0x900 + v);
    for (uint32_t v = 0; v < 64; v += 7) program_entry(b, v, 0xFEE20000u + 4 * v, 0xA00 + v);
    for (uint32_t v = 0; v < 48; v += 3) b.request(9, static_cast<uint16_t>(v));
    for (uint32_t v = 0; v < 64; v += 7) b.request(10, static_cast<uint16_t>(v));
    b.drain();
    CHECK(b.read(CNT_PENDING) == 16);
    a.mask = false;
    b.write(adi_ctrl(9), adi_ctrl_value(a));
    b.wait_release_idle();
    b.finish();
    CHECK(b.seen().size() == 10 + 16);
  });
}

TEST_CASE("Only an ADI CTRL write that opens the ADI starts a sweep", "[pending][adi]") {
  // A sweep costs NumEntries/32 pipeline slots; writes that cannot make a
  // pending entry deliverable (mask, TC change, disable) must not pay it.
  Bench b(tests::options<DefaultBuild>(54));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  AdiConfig a{0, 64};
  setup_adi(b, 3, a);
  b.wait_release_idle();
  auto sweeping = [&] { return (b.read_dut_only(STATUS) & kStatusReleaseBusy) != 0; };
  a.mask = true;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK_FALSE(sweeping());  // masking
  a.tc = 5;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK_FALSE(sweeping());  // still masked
  a.mask = false;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK(sweeping());  // opens it
  b.wait_release_idle();
  a.tc = 2;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK_FALSE(sweeping());  // already open
  a.enable = false;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK_FALSE(sweeping());  // disabling
  a.enable = true;
  b.write(adi_ctrl(3), adi_ctrl_value(a));
  CHECK(sweeping());  // enabling (after its overlap scan)
  b.wait_release_idle();
  b.finish();
}

TEST_CASE("Global mask: a full table released on unmask", "[pending][global]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(54, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable | kCtrlMask);
    for (uint32_t a = 0; a < 8; ++a)
      setup_adi(b, a, AdiConfig{8 * a, 8, true, false, a % 2 == 1, false, false, 0x100 + a, a});
    for (uint32_t i = 0; i < 64; ++i) {
      // 64-bit addresses only for the tagged (odd) ADIs: untagged ones must
      // stay inside the untagged window.
      const bool tagged = (i / 8) % 2 == 1;
      program_entry(b, i,
                    (tagged && i % 3 == 0) ? (0x100000000ull * (i + 1)) : 0xFEE00000u + 4 * i, i);
    }
    for (uint32_t i = 0; i < 64; ++i)
      b.request(static_cast<uint16_t>(i / 8), static_cast<uint16_t>(i % 8));
    b.drain();
    CHECK(b.read(pba(0)) == 0xFFFFFFFFu);
    CHECK(b.read(pba(1)) == 0xFFFFFFFFu);
    b.write(CTRL, kCtrlEnable);
    b.wait_release_idle();
    CHECK(b.read(pba(0)) == 0);
    b.finish();
    CHECK(b.seen().size() == 64);
  });
}

TEST_CASE("Global disable drops without pending, and pending bits survive it", "[pending][global]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(55, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    setup_adi(b, 3, AdiConfig{16, 16});
    program_entry(b, 20, 0xFEE00050, 0x20, true);
    b.request(3, 4);  // masked: pending
    b.drain();
    b.write(CTRL, 0);            // disabled
    b.request(3, 4);             // dropped, counted
    b.write(entry_ctrl(20), 0);  // unmask while disabled: nothing can be sent
    b.wait_release_idle();
    CHECK(b.read(CNT_DROP_DISABLED) == 1);
    CHECK((b.read(entry_ctrl(20)) & kEntryPending) != 0);
    b.write(CTRL, kCtrlEnable);  // enabling releases it
    b.wait_release_idle();
    b.finish();
    CHECK(b.seen().size() == 1);
  });
}

TEST_CASE("Event satisfied clears pending without a TLP, whatever masks it", "[pending][satisfy]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(56, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    setup_adi(b, 1, AdiConfig{32, 32});
    for (uint32_t v : {0u, 31u}) program_entry(b, 32 + v, 0xFEE00000u + 4 * v, v, /*masked=*/true);
    b.request(1, 0);
    b.request(1, 31);
    b.drain();
    CHECK(b.read(pba(1)) == 0x80000001u);
    b.satisfy(1, 31);  // still masked: the pending bit tells the truth
    b.satisfy(1, 31);  // again: nothing left to clear, still counted
    b.satisfy(1, 32);  // outside the block: dropped and logged
    b.satisfy(6, 0);   // ADI 6 disabled
    b.drain();
    CHECK(b.read(pba(1)) == 0x00000001u);
    CHECK(b.read(CNT_SATISFIED) == 2);
    CHECK(b.read(CNT_DROP_OUT_OF_RANGE) == 1);
    b.write(CTRL, 0);  // globally disabled: satisfy still works
    b.satisfy(1, 0);
    b.drain();
    CHECK(b.read(pba(1)) == 0);
    b.write(CTRL, kCtrlEnable);
    b.write(entry_ctrl(32), 0);  // unmask: nothing pending, nothing sent
    b.write(entry_ctrl(63), 0);
    b.wait_release_idle();
    b.finish();
    CHECK(b.seen().empty());
  });
}
