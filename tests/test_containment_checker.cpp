// SPDX-License-Identifier: Apache-2.0
// Unit tests of the containment checker alone (no DUT, no model): it is fed
// host writes and hand-built TLPs (model/tlp.hpp encode/make_interrupt) and
// must pass every TLP the configuration allows and flag each violation class
// with one violation naming the cycle and the reason. The last case checks
// the Bench hook: every TLP of a small DUT run reaches the checker.
#include <catch2/catch.hpp>

#include <string>

#include "builds.hpp"
#include "checker/containment.hpp"
#include "ims_regmap.hpp"
#include "model/tlp.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tb::ContainmentChecker;

namespace {

constexpr uint16_t kRid = 0x0100, kOverride = 0x0200;
constexpr uint32_t kPasid = 0x12345;
constexpr uint64_t kHigh = 0x123456780ull;  // above 4 GiB: 4DW header

// Adapter: the regmap helpers program anything with write(addr, data, strb).
struct Host {
  ContainmentChecker& c;
  void write(uint32_t addr, uint32_t data, uint8_t strb = 0xF) { c.on_host_write(addr, data, strb); }
};

uint32_t view(uint32_t adi, uint32_t vec, uint32_t word) {
  return ContainmentChecker::kViewBase + adi * ContainmentChecker::kViewStride + 16 * vec + 4 * word;
}

// ADI 0: untagged, entries [0, 8), TC 0, function RID.
// ADI 1: tagged (PASID kPasid, PMR), entries [8, 16), TC 2, RID override,
//        guest-direct. ADI 2: tagged PASID 0x555, [16, 24), disabled.
struct Fixture {
  ContainmentChecker c{64, 8};
  Host h{c};
  uint64_t cycle = 100;

  Fixture() {
    h.write(REQUESTER_ID, kRid);
    h.write(CTRL, kCtrlEnable);
    AdiConfig a0;
    a0.base = 0;
    a0.size = 8;
    setup_adi(h, 0, a0);
    AdiConfig a1;
    a1.base = 8;
    a1.size = 8;
    a1.tagged = true;
    a1.pasid = kPasid;
    a1.pmr = true;
    a1.tc = 2;
    a1.rid_override = true;
    a1.rid = kOverride;
    setup_adi(h, 1, a1);
    h.write(adi_ctrl(1), adi_ctrl_value(a1) | IMS_REGS__ADI__CTRL__GUEST_DIRECT_bm);
    AdiConfig a2;
    a2.base = 16;
    a2.size = 8;
    a2.tagged = true;
    a2.pasid = 0x555;
    a2.enable = false;
    setup_adi(h, 2, a2);
    for (uint32_t e = 0; e < 24; ++e) program_entry(h, e, addr_of(e), 0x40 + e);
  }

  static uint64_t addr_of(uint32_t e) { return e < 8 ? 0xFEE00000ull + 16 * e : kHigh + 16 * e; }

  // The TLP entry e would give, with ADI-appropriate tagging/RID/TC.
  TlpFields good(uint32_t e) const {
    if (e < 8) return make_interrupt(addr_of(e), 0x40 + e, kRid, 0, false, 0, false, false);
    if (e < 16) return make_interrupt(addr_of(e), 0x40 + e, kOverride, 2, true, kPasid, true, false);
    return make_interrupt(addr_of(e), 0x40 + e, kRid, 0, true, 0x555, false, false);
  }

  // Feeds one TLP; returns the violation it caused ("" if none).
  std::string feed(const TlpWords& w) {
    const size_t before = c.violations().size();
    c.on_tlp(w, ++cycle);
    REQUIRE(c.violations().size() <= before + 1);
    return c.violations().size() == before ? std::string() : c.violations().back();
  }
  std::string feed(const TlpFields& f) { return feed(encode(f)); }
};

bool has(const std::string& v, const std::string& what) { return v.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("Containment checker passes the TLPs the configuration allows", "[checker]") {
  Fixture fx;
  for (uint32_t e = 0; e < 16; ++e) CHECK(fx.feed(fx.good(e)) == "");
  CHECK(fx.c.checked() == 16);
  CHECK(fx.c.violations().empty());
}

TEST_CASE("Containment checker flags tagged violations", "[checker]") {
  Fixture fx;
  TlpFields f = fx.good(9);
  SECTION("wrong PASID") {
    f.pasid = kPasid + 1;
    const std::string v = fx.feed(f);
    CHECK(has(v, "cycle 101: "));
    CHECK(has(v, "PASID 0x12346 belongs to no enabled tagged ADI"));
  }
  SECTION("PASID of a disabled ADI") {
    CHECK(has(fx.feed(fx.good(16)), "PASID 0x555 belongs to no enabled tagged ADI"));
  }
  SECTION("address/data outside the ADI's block") {
    TlpFields g = fx.good(2);  // ADI 0's entry, sent with ADI 1's tag
    f.address = g.address;
    f.fmt = g.fmt;
    f.data = g.data;
    CHECK(has(fx.feed(f), "no entry of ADI 1's block [8, 16)"));
  }
  SECTION("torn: address of one entry, data of another") {
    f.data = 0x40 + 10;
    CHECK(has(fx.feed(f), "(address, data) is in no entry"));
  }
  SECTION("wrong PMR / ER") {
    f.pmr = false;
    CHECK(has(fx.feed(f), "PMR differs"));
    f.pmr = true;
    f.er = true;
    CHECK(has(fx.feed(f), "ER differs"));
  }
  SECTION("wrong RID and TC") {
    f.requester_id = kRid;  // the function's, but ADI 1 overrides
    CHECK(has(fx.feed(f), "RID 0x100 is not ADI 1's 0x200"));
    f = fx.good(9);
    f.tc = 0;
    CHECK(has(fx.feed(f), "TC 0 is not ADI 1's 2"));
  }
  SECTION("masked ADI, masked entry, global mask and disable") {
    fx.h.write(adi_ctrl(1), IMS_REGS__ADI__CTRL__ENABLE_bm | IMS_REGS__ADI__CTRL__MASK_bm |
                                IMS_REGS__ADI__CTRL__PASID_EN_bm | IMS_REGS__ADI__CTRL__PMR_bm |
                                (2u << IMS_REGS__ADI__CTRL__TC_bp));
    CHECK(has(fx.feed(f), "ADI 1 is masked"));
    fx.h.write(adi_ctrl(1), IMS_REGS__ADI__CTRL__ENABLE_bm | IMS_REGS__ADI__CTRL__PASID_EN_bm |
                                IMS_REGS__ADI__CTRL__PMR_bm | (2u << IMS_REGS__ADI__CTRL__TC_bp));
    CHECK(fx.feed(f) == "");
    fx.h.write(entry_ctrl(9), kEntryMask);
    CHECK(has(fx.feed(f), "entry 9 is masked"));
    fx.h.write(entry_ctrl(9), 0);
    fx.h.write(CTRL, kCtrlEnable | kCtrlMask);
    CHECK(has(fx.feed(f), "globally masked"));
    fx.h.write(CTRL, 0);
    CHECK(has(fx.feed(f), "globally disabled"));
    fx.h.write(CTRL, kCtrlEnable);
    CHECK(fx.feed(f) == "");
  }
}

TEST_CASE("Containment checker flags untagged violations", "[checker]") {
  Fixture fx;
  SECTION("outside the window") {
    fx.h.write(entry_addr_lo(3), 0xFED00000u);
    CHECK(has(fx.feed(make_interrupt(0xFED00000u, 0x43, kRid, 0, false, 0, false, false)),
              "outside the window"));
    fx.h.write(UNTAGGED_BASE, 0xFED00000u);  // the window moves: now fine
    CHECK(fx.feed(make_interrupt(0xFED00000u, 0x43, kRid, 0, false, 0, false, false)) == "");
  }
  SECTION("above 4 GiB") {
    fx.h.write(entry_addr_hi(3), 1);
    CHECK(has(fx.feed(make_interrupt(0x1FEE00030ull, 0x43, kRid, 0, false, 0, false, false)),
              "outside the window"));
  }
  SECTION("from a tagged ADI") {
    fx.h.write(entry_addr_hi(10), 0);
    fx.h.write(entry_addr_lo(10), 0xFEE00100u);
    const std::string v = fx.feed(make_interrupt(0xFEE00100u, 0x40 + 10, kOverride, 2, false, 0, false, false));
    CHECK(has(v, "no entry of ADI 0's block"));
  }
  SECTION("wrong RID and TC") {
    CHECK(has(fx.feed(make_interrupt(fx.addr_of(1), 0x41, kOverride, 0, false, 0, false, false)),
              "RID 0x200 is not ADI 0's 0x100"));
    CHECK(has(fx.feed(make_interrupt(fx.addr_of(1), 0x41, kRid, 3, false, 0, false, false)), "TC 3"));
  }
  SECTION("masked ADI") {
    fx.h.write(adi_ctrl(0), IMS_REGS__ADI__CTRL__ENABLE_bm | IMS_REGS__ADI__CTRL__MASK_bm);
    CHECK(has(fx.feed(fx.good(1)), "ADI 0 is masked"));
  }
  SECTION("a guest-programmed entry") {
    // The guest programs ADI 1's vector 2 (entry 10) through its view.
    fx.h.write(view(1, 2, 0), 0xFEE00200u);
    fx.h.write(view(1, 2, 1), 0);
    fx.h.write(view(1, 2, 2), 0x12345678u, 0x3);  // strobes: low half only
    TlpFields f = make_interrupt(0xFEE00200u, 0x5678, kOverride, 2, true, kPasid, true, false);
    CHECK(fx.feed(f) == "");
    // The host takes the ADI back to untagged without reclaiming the entry.
    fx.h.write(adi_ctrl(1), IMS_REGS__ADI__CTRL__ENABLE_bm | IMS_REGS__ADI__CTRL__PASID_EN_bm |
                                IMS_REGS__ADI__CTRL__PMR_bm | (2u << IMS_REGS__ADI__CTRL__TC_bp));
    fx.h.write(adi_ctrl(1), IMS_REGS__ADI__CTRL__ENABLE_bm | (2u << IMS_REGS__ADI__CTRL__TC_bp));
    f.prefix_valid = false;
    f.pmr = false;
    f.pasid = 0;
    CHECK(has(fx.feed(f), "entry 10 is guest-programmed"));
    fx.h.write(entry_addr_lo(10), 0xFEE00200u);  // a host rewrite keeps GP
    CHECK(has(fx.feed(f), "guest-programmed"));
    fx.h.write(entry_ctrl(10), 0x4u);  // W1C GP, unmasked
    CHECK(fx.feed(f) == "");
    // A view write that stores no byte (strobe 0) does not make it GP again
    // (found by the soak: the DUT and the model agree on this).
    fx.h.write(view(1, 2, 0), 0xDEAD0000u, 0x0);
    CHECK(fx.feed(f) == "");
  }
  SECTION("view control word changes only the mask") {
    fx.h.write(view(1, 1, 3), 0xFFFFFFFFu);  // masks entry 9; GP untouched
    CHECK(has(fx.feed(fx.good(9)), "entry 9 is masked"));
    fx.h.write(view(1, 1, 3), 0x0u, 0x2);  // byte 0 not strobed: no change
    CHECK(has(fx.feed(fx.good(9)), "entry 9 is masked"));
    fx.h.write(view(1, 1, 3), 0x0u, 0x1);
    CHECK(fx.feed(fx.good(9)) == "");
  }
}

TEST_CASE("Containment checker flags malformed TLPs", "[checker]") {
  Fixture fx;
  TlpFields f = fx.good(1);
  SECTION("length") { f.length = 2; }
  SECTION("first BE") { f.first_be = 0x3; }
  SECTION("last BE") { f.last_be = 0xF; }
  SECTION("RO") { f.ro = true; }
  SECTION("NS") { f.ns = true; }
  SECTION("AT") { f.at = 2; }
  SECTION("4DW below 4 GiB") { f.fmt = kFmt4DwData; }
  SECTION("not a write") { f.fmt = 0; }
  CHECK_FALSE(fx.feed(f).empty());
}

TEST_CASE("Containment checker flags a malformed PASID prefix", "[checker]") {
  Fixture fx;
  TlpWords w = encode(fx.good(9));
  SECTION("prefix byte") { w.prefix = (w.prefix & 0x00FFFFFFu) | 0x90000000u; }
  SECTION("reserved bits 21:20") { w.prefix |= 1u << 20; }
  CHECK(has(fx.feed(w), "prefix"));
}

TEST_CASE("Containment checker honours strobes and undoes refused writes", "[checker]") {
  Fixture fx;
  // Byte strobes: only address byte 0 changes.
  fx.h.write(entry_addr_lo(1), 0xAAAAAA20u, 0x1);
  CHECK(fx.feed(make_interrupt(0xFEE00020u, 0x41, kRid, 0, false, 0, false, false)) == "");
  CHECK(has(fx.feed(fx.good(1)), "no entry"));
  // A refused write (SLVERR) leaves the shadow as it was.
  fx.c.begin_write(adi_ctrl(0), 0, 0xF);
  // While the write is in flight, the state before it still explains a TLP.
  CHECK(fx.feed(fx.good(2)) == "");
  fx.c.end_write(false);
  CHECK(fx.feed(fx.good(2)) == "");
  // A TLP neither state explains is flagged while a write is in flight.
  fx.c.begin_write(entry_data(3), 0x77, 0xF);
  CHECK(has(fx.feed(make_interrupt(0xFEE00000u, 0x12345, kRid, 0, false, 0, false, false)),
            "no entry"));
  fx.c.end_write(false);
  fx.c.begin_write(entry_data(2), 0x99, 0xF);
  fx.c.end_write(false);
  CHECK(fx.feed(fx.good(2)) == "");
  fx.c.begin_write(entry_data(2), 0x99, 0xF);
  fx.c.end_write(true);
  // Answered: requests accepted before the response may still carry the old
  // data for three pipeline advances; after that, the old data is a violation.
  CHECK(fx.feed(fx.good(2)) == "");
  for (int i = 0; i < ContainmentChecker::kRetireAdvances; ++i) fx.c.on_advance();
  CHECK_FALSE(fx.feed(fx.good(2)).empty());
  fx.c.begin_write(adi_ctrl(0), 0, 0xF);
  fx.c.end_write(true);  // ADI 0 disabled for good
  for (int i = 0; i < ContainmentChecker::kRetireAdvances; ++i) fx.c.on_advance();
  CHECK(has(fx.feed(fx.good(1)), "no enabled untagged ADI"));
}

// The pre-state of an answered write outlives its three pipeline advances by
// the TLPs the output slice held at the third (on_advance's in_slice), once:
// later advances do not renew it. Thousands of writes kept while no TLP flows
// (a configuration) each keep their own count (the checker counts advances
// and TLPs instead of walking every kept write per cycle).
TEST_CASE("Containment checker keeps a retired write's pre-state for the TLPs in the slice", "[checker]") {
  Fixture fx;
  fx.c.begin_write(entry_data(2), 0x99, 0xF);
  fx.c.end_write(true);
  fx.c.on_advance(0);
  fx.c.on_advance(0);
  fx.c.on_advance(2);  // retires: two TLPs in the slice may carry the old data
  fx.c.on_advance(2);  // a later advance does not renew it
  CHECK(fx.feed(fx.good(2)) == "");
  fx.c.on_advance(2);
  CHECK(fx.feed(fx.good(2)) == "");
  fx.c.on_advance(2);
  CHECK(has(fx.feed(fx.good(2)), "(address, data) is in no entry"));

  for (uint32_t i = 0; i < 5000; ++i) {
    fx.c.begin_write(entry_data(3), 0x1000 + i, 0xF);
    fx.c.end_write(true);
    fx.c.on_advance(1);
  }
  for (int i = 0; i < ContainmentChecker::kRetireAdvances; ++i) fx.c.on_advance(1);
  CHECK(fx.feed(fx.good(3)) == "");  // the first write's pre-state, one TLP left
  fx.c.on_advance(0);
  CHECK(has(fx.feed(fx.good(3)), "(address, data) is in no entry"));
  CHECK(fx.c.violations().size() == 2);
}

TEST_CASE("Containment checker sees every TLP of a Bench run", "[checker]") {
  using B = ims::tests::SmallBuild;
  ims::tb::Bench<B::Top> b(ims::tests::options<B>(7));
  b.wait_ready();
  b.write(REQUESTER_ID, kRid);
  b.write(CTRL, kCtrlEnable);
  AdiConfig a0;
  a0.base = 4;
  a0.size = 4;
  setup_adi(b, 0, a0);
  AdiConfig a1;
  a1.base = 8;
  a1.size = 4;
  a1.tagged = true;
  a1.pasid = kPasid;
  a1.tc = 1;
  a1.rid_override = true;
  a1.rid = kOverride;
  setup_adi(b, 1, a1);
  for (uint32_t v = 0; v < 4; ++v) {
    program_entry(b, 4 + v, 0xFEE00000u + 16 * v, v);
    program_entry(b, 8 + v, kHigh + 16 * v, 0x100 + v);
  }
  CHECK(b.write(adi_ctrl(B::kAdis), 0x1) != ims::Resp::Okay);  // past the build: undone
  for (uint16_t v = 0; v < 4; ++v) {
    b.request(0, v);
    b.request(1, v);
  }
  b.finish();
  CHECK(b.seen().size() == 8);
  CHECK(b.containment().checked() == 8);
  CHECK(b.containment().violations().empty());
}

TEST_CASE("Containment checker follows guest-direct programming on the DUT", "[checker]") {
  using B = ims::tests::SmallBuild;
  ims::tb::Bench<B::Top> b(ims::tests::options<B>(11));
  b.wait_ready();
  b.write(REQUESTER_ID, kRid);
  b.write(CTRL, kCtrlEnable);
  AdiConfig a;
  a.base = 16;
  a.size = 4;
  a.tagged = true;
  a.pasid = 0x777;
  setup_adi(b, 2, a);
  const uint32_t tagged = adi_ctrl_value(a);
  b.write(adi_ctrl(2), tagged | IMS_REGS__ADI__CTRL__GUEST_DIRECT_bm);
  for (uint32_t v = 0; v < 4; ++v) program_entry(b, 16 + v, 0xFEE00000u + 16 * v, v);
  // The guest reprograms its vector 1 (entry 17) through the ADI view.
  CHECK(b.write(view(2, 1, 0), 0xFEE00100u) == ims::Resp::Okay);
  CHECK(b.write(view(2, 1, 1), 0) == ims::Resp::Okay);
  CHECK(b.write(view(2, 1, 2), 0xABCDu) == ims::Resp::Okay);
  b.request(2, 1);  // tagged: fine
  b.drain();
  // The host turns guest-direct off, then tagging: entry 17 stays GP, so
  // its untagged interrupt must be dropped; entry 16 is the host's.
  b.write(adi_ctrl(2), tagged);
  b.write(adi_ctrl(2), tagged & ~IMS_REGS__ADI__CTRL__PASID_EN_bm);
  b.request(2, 1);
  b.request(2, 0);
  b.drain();
  b.write(entry_ctrl(17), 0x4u);  // host clears GP (W1C), entry unmasked
  b.request(2, 1);
  b.finish();
  CHECK(b.seen().size() == 3);
  CHECK(b.containment().checked() == 3);
  CHECK(b.containment().violations().empty());
}
