// SPDX-License-Identifier: Apache-2.0
// A reset in the middle of traffic: the block forgets everything and leaks
// nothing. rst_ni is asserted while requests flow and a TLP waits in front of
// a stalled sink, while a sweep releases a full table, or while an ADI reset
// rewrites its block. Afterwards no TLP from before may come out (the model
// expects none: an extra TLP fails), every register, counter, fault record,
// PBA word and table row reads its reset value (compared with the model), and
// the block works again from a fresh configuration.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;

namespace {
using Bench = tb::Bench<DefaultBuild::Top>;

enum class During { Traffic, Sweep, AdiReset };
const char* name(During d) {
  switch (d) {
    case During::Traffic: return "during traffic, a TLP parked";
    case During::Sweep: return "during a full-table sweep";
    case During::AdiReset: return "during an ADI reset";
  }
  return "?";
}

void configure(Bench& b) {
  b.write(REQUESTER_ID, 0x0300);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 1, AdiConfig{0, 1024, true, false, true, false, false, 0x1111, 2});
  setup_adi(b, 2, AdiConfig{1024, 1024});
  for (uint32_t i = 0; i < 2048; i += 3) program_entry(b, i, 0xFEE00000u + 4 * (i % 1024), i, i % 2 == 0);
  b.wait_release_idle();
}

void check_forgotten(Bench& b) {
  const size_t seen = b.seen().size();
  b.wait_ready();
  b.step(200);  // nothing from before the reset may come out
  CHECK(b.seen().size() == seen);
  for (uint32_t r : {CTRL, REQUESTER_ID, UNTAGGED_BASE, UNTAGGED_MASK, CNT_SENT, CNT_PENDING,
                     CNT_DROP_UNKNOWN_ADI, CNT_DROP_ADI_DISABLED, CNT_SATISFIED, FAULT_STATUS,
                     FAULT_LOST, FAULT_REC_CODE})
    b.read(r);
  for (uint32_t w = 0; w < 2048 / 32; ++w) b.read(pba(w));
  for (uint32_t a : {1u, 2u}) {
    b.read(adi_ctrl(a));
    b.read(adi_block(a));
    b.read(adi_pasid(a));
  }
  for (uint32_t e : {0u, 3u, 1023u, 1026u, 2046u}) {
    b.read(entry_ctrl(e));
    b.read(entry_data(e));
  }
}
}  // namespace

TEST_CASE("A reset mid-traffic forgets everything and leaks nothing", "[reset][hard]") {
  for (During during : {During::Traffic, During::Sweep, During::AdiReset}) {
    DYNAMIC_SECTION(name(during)) tb::for_each_pattern([during](tb::Idle idle, tb::Sink sink) {
      Bench b(tests::options<DefaultBuild>(131, idle, sink));
      b.wait_ready();
      configure(b);
      b.request(900, 0);  // unknown ADI: a fault record and a counter
      switch (during) {
        case During::Traffic:
          for (uint32_t k = 0; k < 600; ++k) b.request(1 + k % 2, static_cast<uint16_t>(k % 1024));
          b.step(150);
          // Park a TLP in front of the sink: hold the sink, and send one
          // more request to an unmasked entry, so a TLP waits there however
          // far the traffic has drained by now (not asserted: the timing's).
          b.set_sink(tb::Sink::Hold);
          b.step(2);  // the sink's last ready of its old pattern has passed
          b.request(1, 3);
          for (int i = 0; i < 400 && !b.top().tlp_valid_o; ++i) b.step();
          b.step(2);
          REQUIRE(b.top().tlp_valid_o);
          break;
        case During::Sweep:
          b.write(CTRL, kCtrlEnable | kCtrlMask);
          for (uint32_t k = 0; k < 2048; k += 3) b.request(1 + (k >= 1024), static_cast<uint16_t>(k % 1024));
          b.drain();
          b.write(CTRL, kCtrlEnable);  // sweep of the full table
          b.step(30);
          break;
        case During::AdiReset:
          b.write(adi_ctrl(2), adi_ctrl_value(AdiConfig{1024, 1024}) | kAdiCtrlReset);
          b.step(40);
          CHECK((b.read_dut_only(adi_ctrl(2)) & kAdiCtrlReset) != 0);  // still running
          break;
      }
      const size_t before = b.seen().size();
      b.hard_reset();
      b.set_sink(sink);
      const size_t after_reset = b.seen().size();
      CHECK(after_reset == before);
      check_forgotten(b);
      // Works again, exactly, from a fresh configuration.
      configure(b);
      for (uint32_t k = 0; k < 150; ++k) {
        b.request(1, static_cast<uint16_t>((6 * k + 3) % 1024));  // odd multiples of 3: unmasked
        b.request(2, static_cast<uint16_t>(k));
      }
      const size_t before_new = b.seen().size();
      b.drain();
      CHECK(b.read(CNT_SENT) == b.seen().size() - before_new);
      CHECK(b.seen().size() - before_new >= 150);
      b.finish();
    });
  }
}
