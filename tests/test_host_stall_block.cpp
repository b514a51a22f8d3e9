// SPDX-License-Identifier: Apache-2.0
// A host ADI write that has to wait (docs/theory-of-operation.md, "Storage"):
// an ADI reset rewriting its entries stalls every table write of the host
// (wr_stall), so an ADI write (a plain PASID write, due as it arrives, or a
// checked BLOCK write) may be due for several cycles before it lands. The ADI RAM promises nothing for a row read on the edge it is
// written, so no op may enter the pipeline (and read an ADI row) in a cycle
// such a write may land in; the BLOCK copy, which takes the write in every
// cycle it is due, relies on the same hold. Here requests of the ADI being
// rewritten stream in the whole time, so one of them would read its row on
// the landing edge if a held cycle were missing. Expectations by hand: the
// ADI is disabled, so every one of its requests is dropped as "ADI
// disabled" and nothing is sent; once the ADI is enabled on its new block,
// a request reaches the entry the new block names, tagged with the PASID
// written during the reset.
// The write that reaches the held cycle is the one due as the reset's last
// write (the ADI row) lands: the reset's entry rewrites and the requests take
// turns, so the cycle after an entry rewrite's stall goes to a reset op.
// Without the hold (`hold_adi`'s stalled-write term in ims_host_tables) a
// request of ADI 2 reads its row as the PASID write lands (seed 911, d = 30):
// two RTL assertions fire, and without them one request is not counted as
// "ADI disabled" (159 of 160) and the model disagrees.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

TEST_CASE("Host ADI writes stalled by an ADI reset land cleanly while the ADI's requests stream in",
          "[host][stall][lifecycle]") {
  for (uint64_t seed : {911u, 912u})
  for (tb::Sink sink : {tb::Sink::AlwaysReady, tb::Sink::LongStalls})
  for (int d = 0; d < 72; ++d) {
    INFO("seed " << seed << ", PASID and BLOCK writes " << d << " cycles after the reset starts");
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(seed, tb::Idle::None, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    setup_adi(b, 1, AdiConfig{0, 16});  // its reset rewrites 16 entries, then its row
    for (uint32_t e = 0; e < 16; e += 4) program_entry(b, e, 0xFEE01000, 0x100 + e);
    AdiConfig waiting{48, 8};
    waiting.enable = false;
    waiting.tagged = true;
    waiting.pasid = 0x11111;
    setup_adi(b, 2, waiting);
    program_entry(b, 60, 0xFEE02000, 0x260);
    b.drain();

    constexpr int kRequests = 160;
    for (int i = 0; i < kRequests; ++i) b.request(2, static_cast<uint16_t>(i % 8));
    b.write(adi_ctrl(1), kAdiCtrlReset);  // 16 entry rewrites and the ADI row from now on
    b.step(static_cast<uint64_t>(d));
    CHECK(b.write(adi_pasid(2), 0x4A5B6) == Resp::Okay);
    CHECK(b.write(adi_block(2), (8u << 16) | 56u) == Resp::Okay);  // block [56, 64)
    b.drain();
    while (b.read_dut_only(adi_ctrl(1)) & kAdiCtrlReset) {
    }
    CHECK(b.seen().empty());
    CHECK(b.read(CNT_DROP_ADI_DISABLED) == static_cast<uint32_t>(kRequests));
    CHECK(b.read(adi_block(2)) == ((8u << 16) | 56u));
    CHECK(b.read(adi_pasid(2)) == 0x4A5B6u);

    CHECK(b.write(adi_ctrl(2), kCtrlEnable | IMS_REGS__ADI__CTRL__PASID_EN_bm) == Resp::Okay);
    b.request(2, 4);  // entry 56 + 4
    b.finish();
    REQUIRE(b.seen().size() == 1);
    CHECK(b.seen()[0].hdr[2] == 0xFEE02000u);
    CHECK(b.seen()[0].data == 0x260u);
    CHECK(b.seen()[0].prefix_valid);
    CHECK(b.seen()[0].prefix == 0x9104A5B6u);  // PMR = ER = 0, PASID 0x4A5B6
  }
}
