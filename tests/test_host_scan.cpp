// SPDX-License-Identifier: Apache-2.0
// The overlap scan of an enabling ADI CTRL write (ims_host_tables, StScan):
// every ADI row is read and judged, the last one too. Each row's verdict is
// registered as it arrives (scan_hit_q) and reaches conflict_q one cycle
// later, so the last row's verdict is looked at directly when the scan
// ends (StScanDone): these tests put the overlapping held block in the last
// row scanned, and in the row before it, and next to it (no overlap).
// The model predicts every response and fault record.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

TEST_CASE("The overlap scan judges the last ADI row", "[config][scan]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(86, idle, sink));
    b.wait_ready();
    constexpr uint32_t kLast = SmallBuild::kAdis - 1;
    // The last ADI holds [8, 16); the one before it [32, 40).
    setup_adi(b, kLast, AdiConfig{8, 8});
    setup_adi(b, kLast - 1, AdiConfig{32, 8});
    // ADI 0 on [12, 20): overlaps only the last row scanned.
    b.write(adi_block(0), (8u << 16) | 12);
    CHECK(b.write(adi_ctrl(0), adi_ctrl_value(AdiConfig{12, 8})) == Resp::SlvErr);
    CHECK(b.read(adi_ctrl(0)) == 0);  // refused: not enabled, holds nothing
    // On [36, 44): overlaps only the row before it.
    b.write(adi_block(0), (8u << 16) | 36);
    CHECK(b.write(adi_ctrl(0), adi_ctrl_value(AdiConfig{36, 8})) == Resp::SlvErr);
    CHECK(b.read(CNT_REFUSED_CONFIG) == 2);
    // On [16, 32): adjacent to both, no overlap: enabled and held.
    b.write(adi_block(0), (16u << 16) | 16);
    CHECK(b.write(adi_ctrl(0), adi_ctrl_value(AdiConfig{16, 16})) == Resp::Okay);
    CHECK((b.read(adi_ctrl(0)) & kAdiCtrlHeld) != 0);
    CHECK(b.read(CNT_REFUSED_CONFIG) == 2);
    b.finish();
  });
}
