// SPDX-License-Identifier: Apache-2.0
// Ops that stand still in stages 2 and 3 while the host moves the untagged
// window keep the window they sampled as they entered stage 2. With the
// entry row in the RAM's output register (RamOutReg, the default build)
// stage 3 compares the entry row with the window, from its own copy of the
// window registers: the one stage 2 sampled is by then the next op's;
// without it (the 64-entry iCE40 build) stage 2 compares. The bench decides
// every op on the window of its stage-2 entry edge, so an op judged against
// the wrong copy fails it.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;
static_assert(DefaultBuild::kRamOutReg && !SmallBuild::kRamOutReg, "both pipeline variants");

TEMPLATE_TEST_CASE("Ops stalled in stages 2 and 3 keep the untagged window they sampled", "[stall][window]",
                   DefaultBuild, SmallBuild) {
  tb::Bench<typename TestType::Top> b(tests::options<TestType>(733));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 0, AdiConfig{0, 8});
  for (uint32_t v = 0; v < 8; ++v) program_entry(b, v, 0xFEE00000u + 16 * v, 0x40 + v);
  b.wait_release_idle();
  // The sink holds: two TLPs fill the output slice, the stages stall with
  // ops in S1..S4 and more waiting at the request port.
  b.set_sink(tb::Sink::Hold);
  for (uint16_t v = 0; v < 8; ++v) b.request(0, v);
  b.step(16);
  REQUIRE(b.top().tlp_valid_o);
  // The window moves away from every entry while they stand still.
  b.write(UNTAGGED_BASE, 0x12300000);
  b.set_sink(tb::Sink::AlwaysReady);
  b.finish();
  // Those that had entered stage 2 send, the others drop at the window.
  const uint32_t sent = b.read(CNT_SENT);
  const uint32_t dropped = b.read(CNT_DROP_WINDOW);
  CHECK(sent + dropped == 8);
  CHECK(sent >= 4);
  CHECK(dropped >= 1);
  CHECK(b.seen().size() == sent);
}
