// SPDX-License-Identifier: Apache-2.0
// Counter width (ims_top CounterW): the default 32-bit counters wrap at 2^32,
// a trimmed build's narrower counters saturate at 2^CounterW - 1 and read
// zero-extended; FEATURES.counter_width says which (0 = 32). Expected values
// are computed here by hand from that rule; every DUT read is also compared
// with the golden model by the bench.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_model.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::LiteBuild;
using ims::tests::SmallBuild;

namespace {

// n requests while the block is globally disabled: each one is dropped and
// counts in CNT_DROP_DISABLED only (no fault record, no TLP).
template <class Bench>
void disabled_requests(Bench& b, uint32_t n) {
  while (n > 0) {
    const uint32_t chunk = n < 20000 ? n : 20000;
    for (uint32_t i = 0; i < chunk; ++i) b.request(static_cast<uint16_t>(i % 8), 0);
    b.drain();
    n -= chunk;
  }
}

}  // namespace

TEST_CASE("Counter width: the model's rule", "[counters][model]") {
  ImsModel wide(64, 8);
  ImsModel narrow(64, 8, ImsModel::kDefaultFaultDepth, 4);
  CHECK(wide.read(reg::kFeatures).data == 0x3u);
  CHECK(narrow.read(reg::kFeatures).data == 0x403u);  // width 4 in bits 12:8
  for (int i = 0; i < 20; ++i) {
    wide.request(1, 0);  // globally disabled
    narrow.request(1, 0);
  }
  CHECK(wide.read(reg::kCntDropDisabled).data == 20u);
  CHECK(narrow.read(reg::kCntDropDisabled).data == 15u);  // 2^4 - 1
  CHECK(narrow.read(reg::kCntSent).data == 0u);
  CHECK(narrow.counter_reg(0x1'0000'0005ull) == 15u);
  CHECK(wide.counter_reg(0x1'0000'0005ull) == 5u);  // 32 bits wrap
  CHECK_THROWS(ImsModel(64, 8, ImsModel::kDefaultFaultDepth, 1));
  CHECK_THROWS(ImsModel(64, 8, ImsModel::kDefaultFaultDepth, 33));
}

TEST_CASE("Trimmed build: 16-bit counters stop at 0xFFFF, read zero-extended", "[counters]") {
  tb::Bench<LiteBuild::Top> b(tests::options<LiteBuild>(1601));
  b.wait_ready();
  CHECK(b.read(FEATURES) == 0x1003u);  // prefix, TC, counter_width 16
  disabled_requests(b, 0xFFFE);
  CHECK(b.read(CNT_DROP_DISABLED) == 0xFFFEu);
  disabled_requests(b, 1);
  CHECK(b.read(CNT_DROP_DISABLED) == 0xFFFFu);
  disabled_requests(b, 5);  // saturated: neither wraps (to 4) nor grows
  CHECK(b.read(CNT_DROP_DISABLED) == 0xFFFFu);
  CHECK(b.read(CNT_SENT) == 0u);
  CHECK(b.read(CNT_PENDING) == 0u);
  // The other counters still count from zero.
  b.write(CTRL, kCtrlEnable);
  b.request(7, 0);  // ADI 7 not enabled
  b.drain();
  CHECK(b.read(CNT_DROP_ADI_DISABLED) == 1u);
  CHECK(b.read(CNT_DROP_DISABLED) == 0xFFFFu);
  // A reset clears a saturated counter.
  b.hard_reset();
  b.wait_ready();
  CHECK(b.read(CNT_DROP_DISABLED) == 0u);
  b.finish();
}

TEST_CASE("Trimmed build: the fault log holds 8 records, the 9th and 10th are lost", "[counters][faults]") {
  // FaultDepth = 8 in e64_a8_lite (the default keeps 16). Expectations by
  // hand: ten refused requests of an ADI that is not enabled, eight kept in
  // order, two counted lost, overflow sticky until cleared.
  tb::Bench<LiteBuild::Top> b(tests::options<LiteBuild>(1603));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  for (uint16_t v = 0; v < 10; ++v) b.request(5, v);  // ADI 5 not enabled
  b.drain();
  CHECK(b.read(CNT_DROP_ADI_DISABLED) == 10u);
  CHECK(b.read(FAULT_STATUS) == (0x80000000u | 8u));
  CHECK(b.read(FAULT_LOST) == 2u);
  for (uint32_t v = 0; v < 8; ++v) {
    INFO("record " << v);
    CHECK(b.read(FAULT_REC_CODE) == ((5u << 16) | 2u));  // ADI 5, reason 2: ADI disabled
    CHECK(b.read(FAULT_REC_INDEX) == v);
    b.write(FAULT_POP, kFaultPop | (v == 0 ? kFaultClearOverflow : 0u));
  }
  CHECK(b.read(FAULT_STATUS) == 0u);
  b.finish();
}

TEST_CASE("Default width: the same count goes past 16 bits", "[counters]") {
  tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(1602));
  b.wait_ready();
  CHECK(b.read(FEATURES) == 0x3u);  // counter_width 0: 32 bits
  disabled_requests(b, 0x10004);
  CHECK(b.read(CNT_DROP_DISABLED) == 0x10004u);
  b.finish();
}
