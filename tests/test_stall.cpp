// SPDX-License-Identifier: Apache-2.0
// A TLP waiting for a stalled sink holds still whatever the host writes
// meanwhile (Requester ID, global enable/mask, untagged window): stage 2
// samples the global registers when the op enters it, so a waiting TLP never
// changes or vanishes (the RTL assertion and the monitor would both fail).
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

TEST_CASE("A stalled TLP holds still while the host rewrites global registers", "[stall]") {
  tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(131));
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0100);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 0, AdiConfig{0, 8});
  program_entry(b, 0, 0xFEE00000, 0x42);
  b.wait_release_idle();
  // Hold the sink: the TLP waits in stage 2.
  b.set_sink(tb::Sink::Hold);
  b.request(0, 0);
  b.step(8);
  REQUIRE(b.top().tlp_valid_o);
  b.write(REQUESTER_ID, 0x0200);
  b.write(UNTAGGED_BASE, 0x12300000);
  b.write(CTRL, kCtrlEnable | kCtrlMask);
  b.write(CTRL, 0);
  b.write(CTRL, kCtrlEnable);
  b.write(UNTAGGED_BASE, 0xFEE00000);
  b.write(REQUESTER_ID, 0x0100);
  b.set_sink(tb::Sink::AlwaysReady);
  b.finish();
  REQUIRE(b.seen().size() == 1);
  CHECK((b.seen()[0].hdr[1] >> 16) == 0x0100);
}
