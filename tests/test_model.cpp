// SPDX-License-Identifier: Apache-2.0
// Golden model (tb/model/ims_model.*) vs docs/theory-of-operation.md and
// ims_regs.rdl: reset values, SLVERR cases, strobes, request rules/counters,
// pending and unmask at entry/ADI/global level, sweep order, coalescing.
#include <catch2/catch.hpp>

#include "ims_model.hpp"
#include "model_access.hpp"

using namespace ims;
using namespace ims::tests::model_access;

namespace {

// Program entry e with a distinct address/data; mask as given.
void program_entry(ImsModel& m, uint32_t e, bool masked, uint32_t hi = 0) {
  wr(m, reg::entry(e, 0x0), 0xFEE00000u | (e << 4));
  wr(m, reg::entry(e, 0x4), hi);
  wr(m, reg::entry(e, 0x8), 0x1000u + e);
  wr(m, reg::entry(e, 0xC), masked ? 1u : 0u);
}

// The TLP program_entry(m, e, *) makes entry e send (untagged, TC 0).
TlpWords expect_tlp(uint32_t e, uint16_t rid = 0) {
  return encode(make_interrupt(0xFEE00000u | (e << 4), 0x1000u + e, rid, 0,
                               false, 0, false, false));
}

}  // namespace

TEST_CASE("reset values", "[model]") {
  ImsModel m(2048, 64);
  CHECK(rd(m, reg::kId) == 0x494D5331u);
  CHECK(rd(m, reg::kVersion) == 0x00010000u);
  CHECK(rd(m, reg::kCapEntries) == 2048u);
  CHECK(rd(m, reg::kCapAdis) == 64u);
  CHECK(rd(m, reg::kFeatures) == 0x3u);
  CHECK((rd(m, reg::kCtrl) | rd(m, reg::kRequesterId)) == 0u);
  const ReadResult st = m.read(reg::kStatus);
  CHECK(st.resp == Resp::Okay);
  CHECK((st.care_mask & 3u) == 0u);  // init_busy/release_busy: don't care
  CHECK((st.data & st.care_mask) == 0u);
  for (uint32_t c = reg::kCntSent; c <= reg::kCntDropOutOfRange; c += 4)
    CHECK(rd(m, c) == 0u);
  for (uint32_t e : {0u, 1u, 31u, 1024u, 2047u}) {
    CHECK((rd(m, reg::entry(e, 0x0)) | rd(m, reg::entry(e, 0x4)) |
           rd(m, reg::entry(e, 0x8))) == 0u);
    CHECK(rd(m, reg::entry(e, 0xC)) == 1u);  // masked
  }
  for (uint32_t a : {0u, 63u})
    for (uint32_t w = 0; w < 16; w += 4) CHECK(rd(m, reg::adi(a, w)) == 0u);
  for (uint32_t w = 0; w < 64; ++w) CHECK(rd(m, reg::pba(w)) == 0u);
  CHECK(m.read(reg::kId).care_mask == ~0u);
  CHECK(m.expected().empty());
}

TEST_CASE("SLVERR cases change nothing", "[model]") {
  ImsModel m(100, 5);  // PBA has ceil(100/32) = 4 words
  SECTION("unmapped and out-of-map addresses") {
    for (uint32_t a : {0x014u, 0x018u, 0x01Cu, 0x02Cu, 0x03Cu, 0x070u,
                       0x0FFCu, 0x1800u, 0x3FFCu, 0x8000u, 0x3FFFCu, 0x80000u,
                       0xFFFFCu, 0x100000u}) {
      INFO("addr 0x" << std::hex << a);
      CHECK(m.read(a).resp == Resp::SlvErr);
      CHECK(m.read(a).care_mask == 0u);
      CHECK(m.write(a, ~0u) == Resp::SlvErr);
    }
  }
  SECTION("misaligned") {
    for (uint32_t a : {0x021u, 0x022u, 0x023u, 0x4001u, 0x40002u, 0x1003u}) {
      INFO("addr 0x" << std::hex << a);
      CHECK(m.read(a).resp == Resp::SlvErr);
      CHECK(m.write(a, ~0u) == Resp::SlvErr);
    }
    CHECK((rd(m, reg::kCtrl) | rd(m, reg::adi(0, 0)) |
           rd(m, reg::entry(0, 0))) == 0u);
  }
  SECTION("writes to read-only registers and to the PBA") {
    for (uint32_t a :
         {reg::kId, reg::kVersion, reg::kCapEntries, reg::kCapAdis,
          reg::kFeatures, reg::kStatus, reg::kCntSent, reg::kCntPending,
          reg::kCntDropDisabled, reg::kCntDropUnknownAdi,
          reg::kCntDropAdiDisabled, reg::kCntDropOutOfRange, reg::pba(0),
          reg::pba(3)}) {
      INFO("addr 0x" << std::hex << a);
      CHECK(m.write(a, 0x12345678u) == Resp::SlvErr);
    }
    CHECK(rd(m, reg::kCapEntries) == 100u);
    CHECK(rd(m, reg::kCntSent) == 0u);
    CHECK(rd(m, reg::pba(0)) == 0u);
  }
  SECTION("rows beyond the build") {
    CHECK(m.read(reg::pba(3)).resp == Resp::Okay);
    CHECK(m.read(reg::pba(4)).resp == Resp::SlvErr);
    CHECK(m.read(reg::pba(511)).resp == Resp::SlvErr);
    for (uint32_t w = 0; w < 16; w += 4) {
      CHECK(m.read(reg::adi(4, w)).resp == Resp::Okay);
      CHECK(m.read(reg::adi(5, w)).resp == Resp::SlvErr);
      CHECK(m.write(reg::adi(5, w), 1) == Resp::SlvErr);
      CHECK(m.read(reg::adi(1023, w)).resp == Resp::SlvErr);
      CHECK(m.read(reg::entry(99, w)).resp == Resp::Okay);
      CHECK(m.read(reg::entry(100, w)).resp == Resp::SlvErr);
      CHECK(m.write(reg::entry(100, w), 0) == Resp::SlvErr);
      CHECK(m.read(reg::entry(16383, w)).resp == Resp::SlvErr);
    }
  }
}

TEST_CASE("byte strobes and reserved bits", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::entry(3, 0x0), 0x11223344u);
  wr(m, reg::entry(3, 0x0), 0xAABBCCDDu, 0x5);  // bytes 0 and 2
  CHECK(rd(m, reg::entry(3, 0x0)) == 0x11BB33DDu);
  wr(m, reg::entry(3, 0x8), 0xFFFFFFFFu, 0x0);  // strb 0: OKAY, no change
  CHECK(rd(m, reg::entry(3, 0x8)) == 0u);
  wr(m, reg::entry(3, 0x8), 0xCAFEF00Du, 0x8);
  CHECK(rd(m, reg::entry(3, 0x8)) == 0xCA000000u);
  wr(m, reg::entry(3, 0x4), 0x01020304u, 0x2);
  CHECK(rd(m, reg::entry(3, 0x4)) == 0x00000300u);
  // Entry ctrl: writable 31:12, 3, 0; pending (bit 1) and others read 0.
  wr(m, reg::entry(3, 0xC), 0xFFFFFFFFu);
  CHECK(rd(m, reg::entry(3, 0xC)) == 0xFFFFF009u);
  wr(m, reg::entry(3, 0xC), 0x00000000u, 0xE);  // mask byte not written
  CHECK(rd(m, reg::entry(3, 0xC)) == 0x00000009u);
  wr(m, reg::entry(3, 0xC), 0xFFFFFFF6u, 0x1);
  CHECK(rd(m, reg::entry(3, 0xC)) == 0x00000000u);
  // ADI row (BLOCK first: it cannot change while the ADI is enabled, and
  // CTRL takes full-word writes only -- stage B configuration rules).
  wr(m, reg::adi(2, 0x4), 0x00200010u);
  wr(m, reg::adi(2, 0x4), 0xFFFFFFFFu, 0x4);
  CHECK(rd(m, reg::adi(2, 0x4)) == 0x00FF0010u);
  wr(m, reg::adi(2, 0x4), 0x00200010u);
  wr(m, reg::adi(2, 0x0), 0xFFFFFF3Fu);           // all but reset (6) and held (7)
  CHECK(rd(m, reg::adi(2, 0x0)) == 0x000007BFu);  // bit 5: guest_direct; 7: held (enabled)
  wr(m, reg::adi(2, 0x0), 0xFFFF001Fu);           // guest_direct off, TC 0
  CHECK(rd(m, reg::adi(2, 0x0)) == 0x0000009Fu);  // still held
  wr(m, reg::adi(2, 0x0), 0x00000080u);           // held is read-only: disabling keeps it
  CHECK(rd(m, reg::adi(2, 0x0)) == 0x00000080u);
  wr(m, reg::adi(2, 0x8), 0xFFFFFFFFu);
  CHECK(rd(m, reg::adi(2, 0x8)) == 0x000FFFFFu);  // PASID[19:0]
  wr(m, reg::adi(2, 0x8), 0u, 0x4);
  CHECK(rd(m, reg::adi(2, 0x8)) == 0x0000FFFFu);
  wr(m, reg::adi(2, 0xC), 0xFFFFFFFFu);  // RID_OVERRIDE: [16:0]
  CHECK(rd(m, reg::adi(2, 0xC)) == 0x0001FFFFu);
  wr(m, reg::adi(2, 0xC), 0u, 0x4);
  CHECK(rd(m, reg::adi(2, 0xC)) == 0x0000FFFFu);
  // Globals.
  wr(m, reg::kRequesterId, 0xFFFFFFFFu);
  CHECK(rd(m, reg::kRequesterId) == 0xFFFFu);
  wr(m, reg::kRequesterId, 0x0000AB00u, 0x2);
  CHECK(rd(m, reg::kRequesterId) == 0xABFFu);
  wr(m, reg::kCtrl, 0xFFFFFFFFu, 0x0);
  CHECK(rd(m, reg::kCtrl) == 0u);
  wr(m, reg::kCtrl, 0xFFFFFFFFu, 0x2);  // bits 0/1 are in byte 0
  CHECK(rd(m, reg::kCtrl) == 0u);
  wr(m, reg::kCtrl, 0xFFFFFFFFu);
  CHECK(rd(m, reg::kCtrl) == 3u);
}

TEST_CASE("request rules in order, one counter each", "[model]") {
  ImsModel m(64, 4);
  setup_adi(m, 1, 8, 4);
  for (uint32_t e = 8; e < 12; ++e) program_entry(m, e, false);
  // (1) globally disabled beats everything, even an unknown ADI.
  CHECK(m.request(1, 0) == Outcome::DropDisabled);
  CHECK(m.request(9, 0) == Outcome::DropDisabled);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  CHECK(m.request(4, 0) == Outcome::DropUnknownAdi);       // (2)
  CHECK(m.request(0xFFFF, 0) == Outcome::DropUnknownAdi);
  CHECK(m.request(2, 0) == Outcome::DropAdiDisabled);      // (3)
  CHECK(m.request(1, 4) == Outcome::DropOutOfRange);       // (4) vec >= size
  CHECK(m.request(1, 0xFFFF) == Outcome::DropOutOfRange);
  // A block past the table's end cannot be enabled (stage B), so the
  // base+vec >= N arm is unreachable; the last block of the table:
  setup_adi(m, 3, 62, 2);
  program_entry(m, 63, false);
  CHECK(m.request(3, 1) == Outcome::Sent);                 // entry 63
  CHECK(pop(m) == expect_tlp(63));
  CHECK(m.request(3, 2) == Outcome::DropOutOfRange);
  CHECK(m.request(1, 3) == Outcome::Sent);                 // (6)
  CHECK(pop(m) == expect_tlp(11));
  wr(m, reg::entry(10, 0xC), 1);
  CHECK(m.request(1, 2) == Outcome::Pending);              // (5)
  CHECK(m.expected().empty());
  CHECK(rd(m, reg::kCntSent) == 2u);
  CHECK(rd(m, reg::kCntPending) == 1u);
  CHECK(rd(m, reg::kCntDropDisabled) == 2u);
  CHECK(rd(m, reg::kCntDropUnknownAdi) == 2u);
  CHECK(rd(m, reg::kCntDropAdiDisabled) == 1u);
  CHECK(rd(m, reg::kCntDropOutOfRange) == 3u);
  // Global enable 0: nothing made pending, pending bits already set stay.
  wr(m, reg::kCtrl, 0);
  CHECK(m.request(1, 0) == Outcome::DropDisabled);
  CHECK(!m.pending(8));
  CHECK(m.pending(10));
}

TEST_CASE("sent TLP carries entry, RID, TC and prefix", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  wr(m, reg::kRequesterId, 0x0100);
  setup_adi(m, 0, 0, 8, reg::kAdiCtrlEnable | (5u << reg::kAdiCtrlTcShift));
  setup_adi(m, 1, 8, 8,
            reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn | reg::kAdiCtrlPmr |
                (2u << reg::kAdiCtrlTcShift));
  wr(m, reg::adi(1, 0x8), 0x12345);
  program_entry(m, 2, false);
  program_entry(m, 9, false, 0x1);
  wr(m, reg::entry(2, 0x0), 0xFEE00023u);  // bits 1:0 stored, sent as 00
  CHECK(rd(m, reg::entry(2, 0x0)) == 0xFEE00023u);
  CHECK(m.request(0, 2) == Outcome::Sent);
  CHECK(pop(m) == encode(make_interrupt(0xFEE00020u, 0x1002, 0x0100, 5,
                                        false, 0, false, false)));
  CHECK(m.request(1, 1) == Outcome::Sent);
  const TlpWords w = pop(m);
  CHECK(w == encode(make_interrupt(0x1FEE00090ull, 0x1009, 0x0100, 2, true,
                                   0x12345, true, false)));
  CHECK(w.prefix == 0x91812345u);
  CHECK(w.hdr[0] == 0x60200001u);
  CHECK(check_well_formed(w).empty());
}

TEST_CASE("entry mask: pending, PBA, unmask releases", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 0, 32, 16);
  program_entry(m, 37, true);
  CHECK(m.request(0, 5) == Outcome::Pending);
  CHECK(m.pending(37));
  CHECK(m.owner(37) == 0u);
  CHECK(rd(m, reg::entry(37, 0xC)) == 0x3u);  // mask | pending
  CHECK((rd(m, reg::pba(1)) == (1u << 5) && rd(m, reg::pba(0)) == 0u));
  // Writing ctrl with byte 0 off, or with mask still 1: no release.
  wr(m, reg::entry(37, 0xC), 0x0, 0x2);
  wr(m, reg::entry(37, 0xC), 0x1);
  CHECK(m.expected().empty());
  // Address/data in force at unmask time are used.
  wr(m, reg::entry(37, 0x8), 0xBEEF);
  wr(m, reg::entry(37, 0xC), 0x0);
  CHECK(pop(m) == encode(make_interrupt(0xFEE00000u | (37u << 4), 0xBEEF, 0,
                                        0, false, 0, false, false)));
  CHECK(!m.pending(37));
  CHECK((rd(m, reg::entry(37, 0xC)) | rd(m, reg::pba(1))) == 0u);
  CHECK(rd(m, reg::kCntSent) == 1u);
  CHECK(rd(m, reg::kCntPending) == 1u);
  // A second unmask write releases nothing more.
  wr(m, reg::entry(37, 0xC), 0x0);
  CHECK(m.expected().empty());
}

TEST_CASE("coalescing: two masked requests, one TLP", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 2, 0, 64);
  program_entry(m, 12, true);
  CHECK(m.request(2, 12) == Outcome::Pending);
  CHECK(m.request(2, 12) == Outcome::Pending);
  CHECK(rd(m, reg::kCntPending) == 2u);
  wr(m, reg::entry(12, 0xC), 0);
  CHECK(pop(m) == expect_tlp(12));
  CHECK(m.expected().empty());
  // A block changes hands only through a reset (spec §5 item 9): ADI 2
  // (masked) leaves entry 12 pending and is disabled; ADI 3 cannot take a
  // block over entry 12 while ADI 2 holds it; ADI 2's reset clears the
  // pending bit without a TLP, and then ADI 3 takes the block clean.
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  CHECK(m.request(2, 12) == Outcome::Pending);
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlMask);
  wr(m, reg::adi(3, 0x4), (1u << 16) | 12u);
  CHECK(m.write(reg::adi(3, 0x0), reg::kAdiCtrlEnable) == Resp::SlvErr);
  CHECK(m.faults().back() == FaultRecord{fault::kConfigRefused, 3, 0, reg::kAdiCtrlEnable});
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlReset);
  CHECK(!m.pending(12));
  CHECK(rd(m, reg::adi(2, 0x0)) == 0u);  // reset done, block free
  CHECK(m.entry(12).ctrl == reg::kEntryCtrlMask);
  wr(m, reg::adi(3, 0x0), reg::kAdiCtrlEnable);
  program_entry(m, 12, false);
  CHECK(m.request(3, 0) == Outcome::Sent);
  CHECK(pop(m) == expect_tlp(12));
  CHECK(m.expected().empty());
  CHECK(rd(m, reg::kCntSent) == 2u);
  CHECK(rd(m, reg::kCntPending) == 3u);
}

TEST_CASE("ADI mask: sweep releases that ADI's entries, ascending",
          "[model]") {
  ImsModel m(128, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 1, 64, 64, reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  setup_adi(m, 2, 0, 64, reg::kAdiCtrlEnable | reg::kAdiCtrlMask);
  for (uint32_t e : {64u, 70u, 96u, 127u, 3u}) program_entry(m, e, false);
  program_entry(m, 100, true);  // still masked at entry level
  for (uint16_t v : {63, 6, 32, 0, 36})
    CHECK(m.request(1, v) == Outcome::Pending);
  CHECK(m.request(2, 3) == Outcome::Pending);
  CHECK(m.expected().empty());
  wr(m, reg::adi(1, 0x0), reg::kAdiCtrlEnable);  // unmask ADI 1
  REQUIRE(m.expected().size() == 4);
  for (uint32_t e : {64u, 70u, 96u, 127u}) CHECK(pop(m) == expect_tlp(e));
  CHECK(m.pending(100));  // entry-masked one stays, blocks nobody
  CHECK(m.pending(3));    // other ADI still masked
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable);
  CHECK(pop(m) == expect_tlp(3));
  wr(m, reg::entry(100, 0xC), 0);
  CHECK(pop(m) == expect_tlp(100));
  CHECK(m.expected().empty());
  CHECK(rd(m, reg::kCntSent) == 6u);
}

TEST_CASE("global mask/enable: sweep across ADIs in entry order", "[model]") {
  ImsModel m(2048, 64);
  wr(m, reg::kCtrl, reg::kCtrlEnable | reg::kCtrlMask);
  setup_adi(m, 5, 1024, 1024);
  setup_adi(m, 0, 0, 1024);
  const uint32_t es[] = {2047, 1024, 1, 0, 1500, 1023};
  for (uint32_t e : es) {
    program_entry(m, e, false);
    const uint16_t a = e >= 1024 ? 5 : 0;
    CHECK(m.request(a, static_cast<uint16_t>(e - (a ? 1024 : 0))) ==
          Outcome::Pending);
    CHECK(m.owner(e) == a);
  }
  // Global enable off keeps pending; enabling while masked releases nothing.
  wr(m, reg::kCtrl, reg::kCtrlMask);
  CHECK(m.request(0, 7) == Outcome::DropDisabled);
  wr(m, reg::kCtrl, reg::kCtrlEnable | reg::kCtrlMask);
  CHECK(m.expected().empty());
  wr(m, reg::kCtrl, reg::kCtrlEnable);  // enable && !mask becomes true
  REQUIRE(m.expected().size() == 6);
  for (uint32_t e : {0u, 1u, 1023u, 1024u, 1500u, 2047u})
    CHECK(pop(m) == expect_tlp(e));
  CHECK(m.releases_sent() == 6u);
  // Rewriting the mask without a 1 -> 0 transition releases nothing.
  program_entry(m, 9, false);
  wr(m, reg::kCtrl, reg::kCtrlEnable | reg::kCtrlMask);
  CHECK(m.request(0, 9) == Outcome::Pending);
  wr(m, reg::kCtrl, reg::kCtrlEnable | reg::kCtrlMask);
  CHECK((m.expected().empty() && m.pending(9)));
  wr(m, reg::kCtrl, reg::kCtrlEnable, 0x1);
  CHECK(pop(m) == expect_tlp(9));
}

TEST_CASE("release needs the owner enabled; the block stays with its pending entries", "[model]") {
  ImsModel m(64, 4);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 0, 16, 16);
  program_entry(m, 20, true);
  program_entry(m, 21, true);
  CHECK((m.request(0, 4) == Outcome::Pending &&
         m.request(0, 5) == Outcome::Pending));
  // Owner disabled: unmasking the entry keeps it pending.
  wr(m, reg::adi(0, 0x0), 0);
  wr(m, reg::entry(20, 0xC), 0);
  CHECK((m.expected().empty() && m.pending(20)));
  // The block cannot move away from its pending entries: a disabled ADI
  // still holds it (only its reset frees it).
  CHECK(m.write(reg::adi(0, 0x4), (16u << 16) | 40u) == Resp::SlvErr);
  CHECK(m.adi(0).block == ((16u << 16) | 16u));
  CHECK(m.expected().empty());
  // Neither is an entry ctrl write without byte 0, nor a CTRL rewrite that
  // does not make enable && !mask true.
  wr(m, reg::entry(20, 0xC), 0x0, 0x2);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  CHECK(m.expected().empty());
  wr(m, reg::adi(0, 0x0), reg::kAdiCtrlEnable);
  CHECK(pop(m) == expect_tlp(20));
  CHECK((m.expected().empty() && m.pending(21)));
}

TEST_CASE("vectors across the table", "[model]") {
  for (uint32_t n : {64u, 100u, 2048u}) {
    ImsModel m(n, 64);
    wr(m, reg::kCtrl, reg::kCtrlEnable);
    wr(m, reg::kRequesterId, 0x0308);
    setup_adi(m, 63, 0, n);
    for (uint32_t e : {0u, 31u, 32u, 63u, 64u, n - 1}) {
      if (e >= n) continue;
      INFO("n " << n << " entry " << e);
      program_entry(m, e, true);
      CHECK(m.request(63, static_cast<uint16_t>(e)) == Outcome::Pending);
      CHECK(rd(m, reg::pba(e / 32)) == (1u << (e % 32)));
      CHECK(rd(m, reg::entry(e, 0xC)) == 0x3u);
      wr(m, reg::entry(e, 0xC), 0);
      CHECK(pop(m) == expect_tlp(e, 0x0308));
      CHECK(m.request(63, static_cast<uint16_t>(e)) == Outcome::Sent);
      CHECK(pop(m) == expect_tlp(e, 0x0308));
      CHECK(rd(m, reg::pba(e / 32)) == 0u);
    }
    CHECK(m.request(63, static_cast<uint16_t>(n)) == Outcome::DropOutOfRange);
    CHECK(m.expected().empty());
  }
}

TEST_CASE("drop counter, and reset() restores the reset state", "[model]") {
  ImsModel m(32, 2);
  for (int i = 0; i < 5; ++i) m.request(0, 0);
  CHECK(rd(m, reg::kCntDropDisabled) == 5u);
  CHECK(m.counter(Outcome::DropDisabled) == 5u);
  wr(m, reg::kCtrl, 1);
  m.reset();
  CHECK((rd(m, reg::kCntDropDisabled) | rd(m, reg::kCtrl)) == 0u);
  CHECK(rd(m, reg::entry(31, 0xC)) == 1u);
  CHECK(std::string(to_string(Outcome::DropOutOfRange)) == "DropOutOfRange");
}

// ---- timed use: the bench's view of the model (docs/theory-of-operation.md,
// "How the golden model follows the clock").

namespace {
using K = ImsModel::OpKind;

// One op through the three steps, as if nothing else were in flight.
ImsModel::Op run_op(ImsModel& m, K kind, uint16_t adi, uint16_t idx) {
  ImsModel::Op op = m.begin_op(kind, adi, idx);
  m.decide_op(op);
  m.retire_op(op);
  return op;
}
}  // namespace

TEST_CASE("timed: an op keeps the ADI row it read at stage 0", "[model][timed]") {
  ImsModel m(64, 8);
  m.set_timed(true);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 1, 0, 8, reg::kAdiCtrlEnable | reg::kAdiCtrlPasidEn);
  wr(m, reg::adi(1, 0x8), 0x111);
  program_entry(m, 3, false);
  ImsModel::Op op = m.begin_op(K::Request, 1, 3);
  wr(m, reg::adi(1, 0x8), 0x222);     // lands between stage 0 and stage 2
  wr(m, reg::entry(3, 0x8), 0xABCD);  // so does this, and the op sees it
  m.decide_op(op);
  m.retire_op(op);
  CHECK(op.outcome == Outcome::Sent);
  REQUIRE(m.expected().size() == 1);
  CHECK((m.expected().front().prefix & 0xFFFFFu) == 0x111u);
  CHECK(m.expected().front().data == 0xABCDu);
}

TEST_CASE("timed: a request's fault record is logged when it leaves stage 2", "[model][timed]") {
  ImsModel m(64, 8);
  m.set_timed(true);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  ImsModel::Op op = m.begin_op(K::Request, 5, 0);  // ADI 5 disabled
  m.decide_op(op);
  CHECK(m.faults().empty());
  CHECK(m.write(0x3, 0) == Resp::SlvErr);  // a host refusal before it leaves
  m.retire_op(op);
  REQUIRE(m.faults().size() == 2);
  CHECK(m.faults()[0].reason == fault::kIllegalHost);
  CHECK(m.faults()[1].reason == fault::kAdiDisabled);
}

TEST_CASE("timed: an unmask owes a release until the DUT's release op comes", "[model][timed]") {
  ImsModel m(64, 8);
  m.set_timed(true);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 0, 32, 16);
  program_entry(m, 40, true);
  CHECK(run_op(m, K::Request, 0, 8).outcome == Outcome::Pending);
  CHECK(m.obligations().empty());  // masked: nothing owed
  wr(m, reg::entry(40, 0xC), 0);   // unmask: no TLP yet
  CHECK(m.expected().empty());
  REQUIRE(m.obligations().size() == 1);
  CHECK(m.obligations()[0].find("entry 40") != std::string::npos);
  run_op(m, K::Release, 0, 40);
  CHECK(m.obligations().empty());
  REQUIRE(m.expected().size() == 1);
  CHECK(m.expected().front() == expect_tlp(40));
  // A release naming another ADI than the one the message belongs to (its
  // owner lookup raced the request): nothing, not even with the entry open.
  wr(m, reg::entry(40, 0xC), 1);
  run_op(m, K::Request, 0, 8);
  wr(m, reg::entry(40, 0xC), 0);
  run_op(m, K::Release, 3, 40);
  CHECK(m.expected().size() == 1);
  CHECK(m.pending(40));
  CHECK(m.stale_releases() == 1u);
  CHECK(m.op_errors().empty());
  run_op(m, K::Release, 0, 40);
  CHECK(m.expected().size() == 2);
  CHECK(m.obligations().empty());
}

TEST_CASE("timed: an ADI reset owes one reset op per entry of its block", "[model][timed]") {
  ImsModel m(64, 8);
  m.set_timed(true);
  wr(m, reg::kCtrl, reg::kCtrlEnable);
  setup_adi(m, 2, 8, 4);
  for (uint32_t e = 8; e < 12; ++e) program_entry(m, e, false);
  wr(m, reg::adi(2, 0x0), reg::kAdiCtrlEnable | reg::kAdiCtrlReset);
  CHECK_FALSE(m.adi(2).enabled());       // disabled on the write
  CHECK(m.entry(9).data == 0x1000u + 9);  // rows wait for their ops
  CHECK(m.obligations().size() == 4);
  for (uint16_t e = 8; e < 12; ++e) run_op(m, K::Reset, 2, e);
  CHECK(m.obligations().empty());
  CHECK(m.entry(9).data == 0u);
  CHECK((m.entry(9).ctrl & reg::kEntryCtrlMask) != 0);
  run_op(m, K::Reset, 2, 12);  // outside the block: nobody asked
  REQUIRE(m.op_errors().size() == 1);
  CHECK(m.op_errors()[0].find("entry 12") != std::string::npos);
}
