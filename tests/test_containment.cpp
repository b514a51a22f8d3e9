// SPDX-License-Identifier: Apache-2.0
// Containment, stage A (docs/containment.md): the untagged address window,
// the DSA-style PASID check, the per-ADI Requester ID override and the fault
// log. The model predicts every TLP and every register read, including the
// fault records; the tests also state the key values outright.
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
  b.write(REQUESTER_ID, 0x0300);
  b.write(CTRL, kCtrlEnable);
}

// Pops the head record after checking it.
void expect_fault(Small& b, uint32_t reason, uint32_t adi, uint32_t index, uint32_t value) {
  CHECK((b.read(FAULT_STATUS) & 0xFF) > 0);
  CHECK(b.read(FAULT_REC_CODE) == (reason | (adi << 16)));
  CHECK(b.read(FAULT_REC_INDEX) == index);
  CHECK(b.read(FAULT_REC_VALUE) == value);
  b.write(FAULT_POP, kFaultPop);
}
}  // namespace

TEST_CASE("Untagged interrupts leave only inside the window", "[containment][window]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(71, idle, sink));
    open_block(b);
    setup_adi(b, 0, AdiConfig{0, 8});                                           // untagged
    setup_adi(b, 1, AdiConfig{8, 8, true, false, true, false, false, 0x777, 0});  // tagged
    program_entry(b, 0, 0xFEE00040, 0x10);       // inside the default window
    program_entry(b, 1, 0xFED00000, 0x11);       // outside: dropped
    program_entry(b, 2, 0x1FEE00000ull, 0x12);   // 64-bit: always outside
    program_entry(b, 3, 0xFEEFFFFF, 0x13);       // last DWORD of the window (bits 1:0 not sent)
    program_entry(b, 9, 0xDEAD0000, 0x19);       // tagged: not limited by the window
    for (uint16_t v : {0, 1, 2, 3}) b.request(0, v);
    b.request(1, 1);
    b.drain();
    CHECK(b.read(CNT_DROP_WINDOW) == 2);
    expect_fault(b, kFaultWindow, 0, 1, 0xFED00000);
    expect_fault(b, kFaultWindow, 0, 2, 0xFEE00000);  // address[31:0] of the 64-bit one
    CHECK(b.read(FAULT_STATUS) == 0);
    // Reprogram the window: now only 0xFED0_0000/16.
    b.write(UNTAGGED_BASE, 0xFED00000);
    b.write(UNTAGGED_MASK, 0xFFFF0000);
    b.request(0, 0);  // now outside
    b.request(0, 1);  // now inside
    b.finish();
    CHECK(b.seen().size() == 3 + 1);
  });
}

TEST_CASE("A pending message outside the window is dropped at release", "[containment][window]") {
  Small b(tests::options<SmallBuild>(72));
  open_block(b);
  setup_adi(b, 2, AdiConfig{16, 8});
  program_entry(b, 20, 0xFEE00000, 0x20, /*masked=*/true);
  b.request(2, 4);
  b.drain();
  b.write(entry_addr_lo(20), 0x12340000);  // moved outside while pending
  b.write(entry_ctrl(20), 0);              // unmask: released, dropped, logged
  b.wait_release_idle();
  CHECK((b.read(entry_ctrl(20)) & kEntryPending) == 0);
  expect_fault(b, kFaultWindow, 2, 20, 0x12340000);  // index: the entry
  b.finish();
  CHECK(b.seen().empty());
}

TEST_CASE("DSA-style PASID check on requests", "[containment][pasid]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(73, idle, sink));
    open_block(b);
    setup_adi(b, 3, AdiConfig{24, 8, true, false, true, false, false, 0xABCDE, 0});
    program_entry(b, 24, 0xFEE00000, 0x24);
    b.write(entry_ctrl(24), (0x12345u << 12) | (1u << 3));  // check enabled, PASID 0x12345
    program_entry(b, 25, 0xFEE00004, 0x25);                  // no check
    b.request(3, 0, 0x12345);  // matches: sent, with the ADI's PASID on the wire
    b.request(3, 0, 0x54321);  // mismatch: dropped
    b.request(3, 0);           // no PASID: not checked
    b.request(3, 1, 0x54321);  // entry does not check
    b.drain();
    CHECK(b.read(CNT_DROP_PASID_CHECK) == 1);
    expect_fault(b, kFaultPasidCheck, 3, 0, 0x54321);
    b.finish();
    REQUIRE(b.seen().size() == 3);
    for (const auto& t : b.seen()) CHECK(t.prefix == 0x910ABCDEu);
  });
}

TEST_CASE("Requester ID override per ADI", "[containment][rid]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(74, idle, sink));
    open_block(b);
    AdiConfig own{0, 4};
    own.rid_override = true;
    own.rid = 0x0A05;
    setup_adi(b, 0, own);
    setup_adi(b, 1, AdiConfig{4, 4});
    program_entry(b, 0, 0xFEE00000, 1);
    program_entry(b, 4, 0xFEE00000, 2);
    b.request(0, 0);
    b.request(1, 0);
    b.finish();
    REQUIRE(b.seen().size() == 2);
    CHECK((b.seen()[0].hdr[1] >> 16) == 0x0A05);
    CHECK((b.seen()[1].hdr[1] >> 16) == 0x0300);
  });
}

TEST_CASE("Fault log: every refused request and host access, overflow, pop", "[containment][faults]") {
  Small b(tests::options<SmallBuild>(75));
  open_block(b);
  setup_adi(b, 1, AdiConfig{8, 8});
  b.request(9, 0, 0x42);  // unknown ADI (NumAdis = 8)
  b.request(2, 0);        // ADI 2 disabled
  b.request(1, 8);        // outside the block
  b.drain();
  CHECK(b.write(0x2C, 1) == Resp::SlvErr);  // unmapped: illegal host access
  expect_fault(b, kFaultUnknownAdi, 9, 0, 0x42);
  expect_fault(b, kFaultAdiDisabled, 2, 0, 0);
  expect_fault(b, kFaultOutOfRange, 1, 8, 0);
  expect_fault(b, kFaultIllegalHost, 0xFFFF, 0x2C, 0x2C);
  CHECK(b.read(CNT_ILLEGAL_HOST) == 1);
  // Fill past the depth (16): one record lost, overflow sticky until cleared.
  for (int i = 0; i < 17; ++i) b.request(1, static_cast<uint16_t>(100 + i));
  b.drain();
  CHECK(b.read(FAULT_STATUS) == (0x80000000u | 16));
  CHECK(b.read(FAULT_LOST) == 1);
  b.write(FAULT_POP, kFaultPop | kFaultClearOverflow);
  CHECK(b.read(FAULT_STATUS) == 15);
  b.write(FAULT_POP, kFaultPop, 0x2);  // bit 0 not strobed: nothing popped
  CHECK(b.read(FAULT_STATUS) == 15);
  for (int i = 0; i < 15; ++i) b.write(FAULT_POP, kFaultPop);
  CHECK(b.read(FAULT_STATUS) == 0);
  CHECK(b.read(FAULT_REC_CODE) == 0);
  b.write(FAULT_POP, kFaultPop);  // popping an empty log does nothing
  CHECK(b.read(FAULT_STATUS) == 0);
  b.finish();
}

TEST_CASE("Fault record index: vector for a request, absolute entry for a release, address bits for a host access",
          "[containment][faults]") {
  // docs/containment.md, "Fault reasons": written by hand, block base 40 so
  // the vector (2) and the entry (42) differ.
  Small b(tests::options<SmallBuild>(79));
  open_block(b);
  setup_adi(b, 3, AdiConfig{40, 8});  // untagged
  program_entry(b, 42, 0x12345678, 7, true);  // outside the window, masked
  b.request(3, 2);                  // masked: pending
  b.write(entry_ctrl(42), 0);       // unmask: the release drops it (reason 4)
  b.wait_release_idle();
  expect_fault(b, kFaultWindow, 3, 42, 0x12345678);  // release: absolute entry
  b.request(3, 2);                  // unmasked now: the request drops it
  b.drain();
  expect_fault(b, kFaultWindow, 3, 2, 0x12345678);   // request: the vector
  CHECK(b.write(0x0007BCD0, 1) == Resp::SlvErr);      // unmapped host address
  expect_fault(b, kFaultIllegalHost, 0xFFFF, 0xBCD0, 0x0007BCD0);  // address[15:0]
  b.finish();
  CHECK(b.seen().empty());
}
