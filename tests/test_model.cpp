// SPDX-License-Identifier: Apache-2.0
// Unit tests of the golden model (tb/model/ims_model.*) against
// docs/theory-of-operation.md and rtl/regs/ims_regs.rdl: reset values, every
// SLVERR case, byte strobes, request rules and counters, pending/unmask at
// entry, ADI and global level, sweep order, coalescing, vectors across the
// table.
#include <catch2/catch.hpp>

#include "ims_model.hpp"

using namespace ims;

namespace {

constexpr uint32_t kOkAll = ~0u;

uint32_t rd(ImsModel& m, uint32_t addr) {
  const ReadResult r = m.read(addr);
  REQUIRE(r.resp == Resp::Okay);
  return r.data;
}

void wr(ImsModel& m, uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
  REQUIRE(m.write(addr, data, strb) == Resp::Okay);
}

// Program entry e with a distinct address/data; mask as given.
void program_entry(ImsModel& m, uint32_t e, bool masked, uint32_t hi = 0) {
  wr(m, reg::entry(e, 0x0), 0xFEE00000u | (e << 4));
  wr(m, reg::entry(e, 0x4), hi);
  wr(m, reg::entry(e, 0x8), 0x1000u + e);
  wr(m, reg::entry(e, 0xC), masked ? 1u : 0u);
}

void setup_adi(ImsModel& m, uint32_t a, uint32_t base, uint32_t size,
               uint32_t ctrl = reg::kAdiCtrlEnable) {
  wr(m, reg::adi(a, 0x4), (size << 16) | base);
  wr(m, reg::adi(a, 0x0), ctrl);
}

TlpWords expect_tlp(uint32_t e, uint16_t rid = 0, uint8_t tc = 0,
                    bool prefix = false, uint32_t pasid = 0, uint32_t hi = 0) {
  return encode(make_interrupt((uint64_t{hi} << 32) | 0xFEE00000u | (e << 4),
                               0x1000u + e, rid, tc, prefix, pasid, false,
                               false));
}

TlpWords pop(ImsModel& m) {
  REQUIRE(!m.expected().empty());
  TlpWords w = m.expected().front();
  m.expected().pop_front();
  return w;
}

}  // namespace

TEST_CASE("reset values", "[model]") {
  ImsModel m(2048, 64);
  CHECK(rd(m, reg::kId) == 0x494D5331u);
  CHECK(rd(m, reg::kVersion) == 0x00010000u);
  CHECK(rd(m, reg::kCapEntries) == 2048u);
  CHECK(rd(m, reg::kCapAdis) == 64u);
  CHECK(rd(m, reg::kFeatures) == 0x3u);
  CHECK(rd(m, reg::kCtrl) == 0u);
  CHECK(rd(m, reg::kRequesterId) == 0u);
  const ReadResult st = m.read(reg::kStatus);
  CHECK(st.resp == Resp::Okay);
  CHECK((st.care_mask & 3u) == 0u);  // init_busy/release_busy: don't care
  CHECK((st.data & st.care_mask) == 0u);
  for (uint32_t c = reg::kCntSent; c <= reg::kCntDropOutOfRange; c += 4)
    CHECK(rd(m, c) == 0u);
  for (uint32_t e : {0u, 1u, 31u, 1024u, 2047u}) {
    CHECK(rd(m, reg::entry(e, 0x0)) == 0u);
    CHECK(rd(m, reg::entry(e, 0x4)) == 0u);
    CHECK(rd(m, reg::entry(e, 0x8)) == 0u);
    CHECK(rd(m, reg::entry(e, 0xC)) == 1u);  // masked
  }
  for (uint32_t a : {0u, 63u})
    for (uint32_t w = 0; w < 16; w += 4) CHECK(rd(m, reg::adi(a, w)) == 0u);
  for (uint32_t w = 0; w < 64; ++w) CHECK(rd(m, reg::pba(w)) == 0u);
  CHECK(m.read(reg::kId).care_mask == kOkAll);
  CHECK(m.expected().empty());
}

TEST_CASE("SLVERR cases change nothing", "[model]") {
  ImsModel m(100, 5);  // PBA has ceil(100/32) = 4 words
  SECTION("unmapped and out-of-map addresses") {
    for (uint32_t a : {0x014u, 0x018u, 0x01Cu, 0x02Cu, 0x03Cu, 0x058u,
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
    CHECK(rd(m, reg::kCtrl) == 0u);
    CHECK(rd(m, reg::adi(0, 0)) == 0u);
    CHECK(rd(m, reg::entry(0, 0)) == 0u);
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
    CHECK(rd(m, reg::kId) == 0x494D5331u);
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
  // ADI row.
  wr(m, reg::adi(2, 0x0), 0xFFFFFFFFu);
  CHECK(rd(m, reg::adi(2, 0x0)) == 0x0000071Fu);
  wr(m, reg::adi(2, 0x0), 0x00000000u, 0x2);
  CHECK(rd(m, reg::adi(2, 0x0)) == 0x0000001Fu);
  wr(m, reg::adi(2, 0x4), 0x00200010u);
  wr(m, reg::adi(2, 0x4), 0xFFFFFFFFu, 0x4);
  CHECK(rd(m, reg::adi(2, 0x4)) == 0x00FF0010u);
  wr(m, reg::adi(2, 0x8), 0xFFFFFFFFu);
  CHECK(rd(m, reg::adi(2, 0x8)) == 0x000FFFFFu);
  wr(m, reg::adi(2, 0x8), 0u, 0x4);
  CHECK(rd(m, reg::adi(2, 0x8)) == 0x0000FFFFu);
  wr(m, reg::adi(2, 0xC), 0xFFFFFFFFu);  // reserved: OKAY, ignored
  CHECK(rd(m, reg::adi(2, 0xC)) == 0u);
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
  setup_adi(m, 3, 62, 4);                                  // block past end
  program_entry(m, 63, false);
  CHECK(m.request(3, 1) == Outcome::Sent);                 // entry 63
  CHECK(pop(m) == expect_tlp(63));
  CHECK(m.request(3, 2) == Outcome::DropOutOfRange);       // base+vec >= N
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
