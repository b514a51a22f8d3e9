// SPDX-License-Identifier: Apache-2.0
// Interrupt TLPs end to end: every emitted TLP is compared bit-exactly with
// the golden model by the scoreboard, across input-idle x sink patterns;
// one test also checks the wire bytes against the spec's worked vectors
// directly, so a shared model/RTL misreading of the spec cannot hide.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

namespace {

template <class Build>
void enable_block(tb::Bench<typename Build::Top>& b, uint16_t rid = 0x0100) {
  b.wait_ready();
  b.write(REQUESTER_ID, rid);
  b.write(CTRL, kCtrlEnable);
}

}  // namespace

TEST_CASE("Spec worked vectors come out of the DUT byte for byte", "[tlp][spec]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(11, idle, sink));
    enable_block<DefaultBuild>(b, 0x0100);  // RID 01:00.0
    setup_adi(b, 0, AdiConfig{0, 4});
    setup_adi(b, 1, AdiConfig{4, 4, true, false, true, false, false, 0x12345, 0});
    program_entry(b, 0, 0xFEE01000, 0x00004021);
    program_entry(b, 4, 0xFEE01000, 0x00004021);
    // A 64-bit address leaves only tagged: untagged ones must hit the window.
    program_entry(b, 5, 0x123456780ull, 0xDEADBEEF);
    b.request(0, 0);
    b.request(1, 0);
    b.request(1, 1);
    b.finish();
    const auto& seen = b.seen();
    REQUIRE(seen.size() == 3);
    CHECK(to_hex(wire_bytes(seen[0])) == "40 00 00 01 01 00 00 0F FE E0 10 00 21 40 00 00");
    CHECK(to_hex(wire_bytes(seen[1])) ==
          "91 01 23 45 40 00 00 01 01 00 00 0F FE E0 10 00 21 40 00 00");
    // The 4DW vector behind its prefix.
    CHECK(to_hex(wire_bytes(seen[2])) ==
          "91 01 23 45 60 00 00 01 01 00 00 0F 00 00 00 01 23 45 67 80 EF BE AD DE");
  });
}

TEST_CASE("Tagged and untagged, 3DW and 4DW, TC, PMR/ER across the table", "[tlp]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(21, idle, sink));
    enable_block<DefaultBuild>(b, 0xBEEF);
    // ADI 0: untagged, entries 0..127; ADI 63 (the last): tagged, PMR+ER,
    // TC 7, entries 1920..2047 (the last block).
    setup_adi(b, 0, AdiConfig{0, 128, true, false, false, false, false, 0, 3});
    setup_adi(b, 63, AdiConfig{1920, 128, true, false, true, true, true, 0xFFFFF, 7});
    const uint32_t vecs[] = {0, 31, 32, 63, 64, 127};
    for (uint32_t v : vecs) {
      program_entry(b, v, 0xFEE00000u + 16 * v + 3, 0x1000 + v);  // addr bits 1:0 set: sent as 00
      program_entry(b, 1920 + v, (v % 2) ? (0xABCD00000000ull | (v * 4)) : 0xFEEFF000u + 4 * v,
                    0xA0000000u + v);
    }
    for (int round = 0; round < 3; ++round) {
      for (uint32_t v : vecs) {
        b.request(0, static_cast<uint16_t>(v));
        b.request(63, static_cast<uint16_t>(v));
      }
    }
    b.finish();
    CHECK(b.seen().size() == 36);
  });
}

TEST_CASE("Refused requests: no TLP, one counter each", "[tlp][drop]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(31, idle, sink));
    b.wait_ready();
    setup_adi(b, 1, AdiConfig{8, 8});
    program_entry(b, 8, 0xFEE00000, 1);
    program_entry(b, 15, 0xFEE00004, 2);
    b.request(1, 0);  // globally disabled: dropped
    b.drain();
    b.write(CTRL, kCtrlEnable);
    b.request(1, 0);       // sent
    b.request(1, 8);       // vector == size: out of range
    b.request(1, 0xFFFF);  // far out of range
    b.request(8, 0);       // ADI id == NumAdis: unknown
    b.request(0xFFFF, 0);  // unknown
    b.request(2, 0);       // ADI 2 not enabled
    b.request(1, 7);       // last vector: sent
    b.drain();
    setup_adi(b, 7, AdiConfig{56, 8});  // the last block of the 64-entry table
    b.request(7, 7);                    // entry 63, never unmasked: made pending
    b.request(7, 8);                    // one past the block and the table
    b.drain();
    CHECK(b.read(CNT_DROP_DISABLED) == 1);
    CHECK(b.read(CNT_DROP_OUT_OF_RANGE) == 3);
    CHECK(b.read(CNT_DROP_UNKNOWN_ADI) == 2);
    CHECK(b.read(CNT_DROP_ADI_DISABLED) == 1);
    CHECK(b.read(CNT_SENT) == 2);
    CHECK(b.read(CNT_PENDING) == 1);
    b.finish();
  });
}

// Measures the ready-sink, no-idle case on purpose: the one the target is for.
TEST_CASE("Back-to-back requests give one TLP per cycle, 3 cycles after the handshake",
          "[tlp][perf]") {
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(41));
  enable_block<DefaultBuild>(b);
  setup_adi(b, 5, AdiConfig{256, 256});
  for (uint32_t v = 0; v < 256; ++v) program_entry(b, 256 + v, 0xFEE00000u + 4 * v, v);
  b.wait_release_idle();  // the sweep started by enabling ADI 5 shares the slots
  for (uint32_t v = 0; v < 256; ++v) b.request(5, static_cast<uint16_t>(v));
  const uint64_t start = b.cycle();
  b.finish();
  REQUIRE(b.seen().size() == 256);
  for (uint64_t l : b.latencies()) REQUIRE(l == tests::kLatencyCycles);
  // 256 TLPs plus the pipeline fill and the drain's quiet tail.
  CHECK(b.cycle() - start <= 256 + tests::kLatencyCycles + 16);
}
