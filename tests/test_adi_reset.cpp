// SPDX-License-Identifier: Apache-2.0
// ADI reset (issue 4): self-clearing CTRL.reset disables the ADI, masks its
// entries, zeroes their address/data and clears their pending bits; once it
// reads 0 again, nothing of the ADI leaves until it is reconfigured, even
// for requests that were in flight when the reset was written. Another ADI's
// interrupts flow exactly as predicted throughout.
#include <catch2/catch.hpp>

#include <algorithm>

#include <random>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

TEST_CASE("ADI reset returns its entries to their reset value", "[reset]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(111, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    const AdiConfig c{32, 32, true, false, true, false, false, 0x3232, 0};
    setup_adi(b, 3, c);
    setup_adi(b, 1, AdiConfig{8, 8});
    for (uint32_t v : {0u, 1u, 31u}) program_entry(b, 32 + v, 0xFEE00000u + v, v, v != 0);
    program_entry(b, 8, 0xFEE00100, 0x100);
    b.request(3, 1);   // masked: pending
    b.request(3, 31);  // masked: pending
    b.request(3, 0);   // sent
    b.drain();
    CHECK(b.read(pba(1)) == 0x80000002u);
    reset_adi(b, 3, adi_ctrl_value(c));
    CHECK(b.read(pba(1)) == 0);
    for (uint32_t v : {0u, 1u, 31u}) {
      CHECK(b.read(entry_ctrl(32 + v)) == kEntryMask);
      CHECK(b.read(entry_addr_lo(32 + v)) == 0);
      CHECK(b.read(entry_data(32 + v)) == 0);
    }
    CHECK((b.read(adi_ctrl(3)) & kCtrlEnable) == 0);
    CHECK(b.read(adi_block(3)) == ((32u << 16) | 32u));  // the block stays
    b.request(3, 0);  // disabled: dropped, logged
    b.request(1, 0);  // another ADI: unaffected
    b.drain();
    CHECK(b.read(CNT_DROP_ADI_DISABLED) == 1);
    // Reconfigured, it works again.
    setup_adi(b, 3, c);
    program_entry(b, 32, 0xFEE00200, 0x200);
    b.request(3, 0);
    b.finish();
    CHECK(b.seen().size() == 3);
  });
}

TEST_CASE("Nothing of a reset ADI leaves after the reset reads done", "[reset][race]") {
  // ADI 7's requests race its reset; the timed model predicts which side of
  // the reset each one lands on, so both streams are compared exactly.
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(112));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  const AdiConfig c{1024, 1024, true, false, true, false, false, 0x7777, 0};
  setup_adi(b, 7, c);
  setup_adi(b, 1, AdiConfig{0, 64});
  for (uint32_t v = 0; v < 64; ++v) {
    program_entry(b, 1024 + v, 0xFEE00000u + 4 * v, 0x7000 + v);
    program_entry(b, v, 0xFEE10000u + 4 * v, 0x1000 + v);
  }
  b.wait_release_idle();
  for (int i = 0; i < 300; ++i) {
    b.request(7, static_cast<uint16_t>(i % 64));
    b.request(1, static_cast<uint16_t>(i % 64));
  }
  b.step(40);
  const uint64_t done = reset_adi(b, 7, adi_ctrl_value(c));
  for (int i = 0; i < 50; ++i) b.request(7, static_cast<uint16_t>(i));
  b.drain();
  const uint32_t dropped_disabled = b.read(CNT_DROP_ADI_DISABLED);
  b.finish();  // both streams exact, counters and faults included
  size_t adi7 = 0, adi1 = 0;
  for (size_t i = 0; i < b.seen().size(); ++i) {
    if (b.seen()[i].prefix_valid) {
      ++adi7;
      CHECK(b.seen_cycles()[i] < done);
    } else {
      ++adi1;
    }
  }
  CHECK(adi1 == 300);
  CHECK(adi7 > 0);    // the race really raced:
  CHECK(adi7 < 300);  // some of ADI 7's requests landed after the reset
  CHECK(dropped_disabled == 300 - adi7 + 50);
}

TEST_CASE("Host writes to other entries while an ADI reset runs are not lost", "[reset]") {
  // The reset rewrites entries through the entry RAM's one write port every
  // cycle it can; a host write in the same cycle must wait, not vanish.
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(113));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  const AdiConfig big{1024, 1024};
  setup_adi(b, 7, big);
  setup_adi(b, 1, AdiConfig{0, 64});
  for (uint32_t v = 0; v < 64; ++v) program_entry(b, v, 0xFEE00000u + 4 * v, 0);
  b.wait_release_idle();
  b.write(adi_ctrl(7), adi_ctrl_value(big) | kAdiCtrlReset);  // runs ~1024 cycles
  for (uint32_t v = 0; v < 64; ++v) b.write(entry_data(v), 0xD000 + v);
  CHECK((b.read_dut_only(adi_ctrl(7)) & kAdiCtrlReset) != 0);  // still resetting
  while (b.read_dut_only(adi_ctrl(7)) & kAdiCtrlReset) {
  }
  for (uint32_t v = 0; v < 64; ++v) b.request(1, static_cast<uint16_t>(v));
  b.finish();  // every TLP carries the data written during the reset
  REQUIRE(b.seen().size() == 64);
  CHECK(b.seen()[63].data == 0xD000 + 63);
}

TEST_CASE("Host entry writes during an ADI reset under long sink stalls are not lost", "[reset][stall]") {
  // An ADI reset op in stage 4 rewrites its entry on the next edge whatever
  // the sink does (the output slice stalls the pipeline only behind the op
  // that filled it, a request or a release), so its rewrite, and the host's
  // entry write that waits for it, are decided from its flip-flop, not from
  // the stall (RTL assertion "an ADI reset op stalled in S4"). Here the sink
  // stalls in long stretches while requests of another ADI keep the output
  // slice full and host entry writes arrive, so stalls begin in every phase
  // of the reset. Expectations by hand: every data word written during the
  // reset is the one its entry sends afterwards, and the reset's own block
  // is back at its reset value. A reset op written while stalled would write
  // again as it leaves, or end the reset early (its engine counts it).
  for (uint64_t seed : {117u, 118u}) {
    INFO("seed " << seed);
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(seed, tb::Idle::None, tb::Sink::LongStalls));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    const AdiConfig big{1024, 512};
    setup_adi(b, 7, big);
    setup_adi(b, 1, AdiConfig{0, 64});
    for (uint32_t v = 0; v < 64; ++v) program_entry(b, v, 0xFEE00000u + 4 * v, 0);
    for (uint32_t v = 0; v < 512; v += 37) program_entry(b, 1024 + v, 0xFEE10000u, 0x7000 + v);
    b.wait_release_idle();
    b.write(adi_ctrl(7), adi_ctrl_value(big) | kAdiCtrlReset);  // 512 entry rewrites
    for (uint32_t v = 0; v < 64; ++v) {
      for (int k = 0; k < 3; ++k) b.request(1, static_cast<uint16_t>((v + 7 * k) % 64));
      b.write(entry_data(v), 0xD000 + v);
    }
    while (b.read_dut_only(adi_ctrl(7)) & kAdiCtrlReset) {
    }
    b.drain();
    b.set_sink(tb::Sink::AlwaysReady);
    b.drain();
    const size_t before = b.seen().size();
    for (uint32_t v = 0; v < 64; ++v) b.request(1, static_cast<uint16_t>(v));
    b.finish();
    REQUIRE(b.seen().size() == before + 64);
    for (uint32_t v = 0; v < 64; ++v) {
      INFO("entry " << v);
      CHECK(b.seen()[before + v].hdr[2] == 0xFEE00000u + 4 * v);
      CHECK(b.seen()[before + v].data == 0xD000 + v);
    }
    for (uint32_t v = 0; v < 512; v += 37) {
      CHECK(b.read(entry_data(1024 + v)) == 0u);
      CHECK(b.read(entry_addr_lo(1024 + v)) == 0u);
    }
  }
}

TEST_CASE("An ADI reset keeps two cycles per entry when requests arrive after its pauses", "[reset][obligations]") {
  // The reset engine offers an op every other cycle; requests and
  // maintenance alternate when both wait. A request that arrives right
  // after the engine's pause (a slot nobody took) must not take the slot
  // the next reset op is offered in: before issue 10's fix the arbiter
  // counted the idle slot as maintenance's turn, the request won, and with
  // one request three cycles after the last (gap 3 below) the reset ran at
  // three cycles per entry, past the stated bound of rule (c) (2 per entry
  // + 6 counted cycles; the obligation checker fails the run). Gaps 2 and 4
  // meet the engine at the other alignments.
  for (uint64_t gap : {2u, 3u, 4u}) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(150 + gap));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    const AdiConfig c{0, 32};
    setup_adi(b, 3, c);
    setup_adi(b, 1, AdiConfig{32, 32});
    for (uint32_t v = 0; v < 32; ++v) program_entry(b, 32 + v, 0xFEE00000u + 4 * v, 0x500 + v);
    b.wait_release_idle();
    b.request(1, 0);
    b.write(adi_ctrl(3), adi_ctrl_value(c) | kAdiCtrlReset);
    size_t seen = 0;
    for (uint32_t n = 1; seen < 60; b.step()) {
      const auto& hs = b.req_handshakes();
      if (hs.size() == seen) continue;
      seen = hs.size();
      tb::ReqItem next{1, static_cast<uint16_t>(n++ % 32)};
      next.not_before = hs.back().second + gap;
      b.request_on(0, next);
    }
    while (b.read_dut_only(adi_ctrl(3)) & kAdiCtrlReset) {
    }
    b.finish();
    CHECK(b.obligation_checker().violations().empty());
    CHECK(b.obligation_checker().stats().reset_start_margin_min >= 0);
  }
}

namespace {
// ADI 7 owns entries 1024..2047, each programmed (and its control word set
// to `ctrl` if nonzero). Starts ADI 7's reset, which rewrites one entry about
// every other cycle, and calls touch(entry) on entries near the moving reset
// (from 40 behind its estimated position to 10 ahead, drawn at random) until
// the reset reads done.
template <class Touch>
void around_moving_reset(tb::Bench<DefaultBuild::Top>& b, uint32_t ctrl, Touch&& touch) {
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  const AdiConfig big{1024, 1024};
  setup_adi(b, 7, big);
  for (uint32_t v = 0; v < 1024; ++v) {
    program_entry(b, 1024 + v, 0xFEE00000u + 4 * v, 0xD000 + v);
    if (ctrl != 0) b.write(entry_ctrl(1024 + v), ctrl);
  }
  b.wait_release_idle();
  std::mt19937_64 rng(b.seed());
  const uint64_t start = b.cycle();
  b.write(adi_ctrl(7), adi_ctrl_value(big) | kAdiCtrlReset);
  while (b.read_dut_only(adi_ctrl(7)) & kAdiCtrlReset) {
    const int64_t pos = static_cast<int64_t>(b.cycle() - start) / 2 - 40 +
                        static_cast<int64_t>(rng() % 51);
    if (pos >= 0 && pos < 1024) touch(1024 + static_cast<uint32_t>(pos));
  }
}
}  // namespace

TEST_CASE("Host reads of a block while its reset rewrites it are exact", "[reset][race]") {
  // Each read lands a little before, on or after the reset op for its entry,
  // and the model says which row it sees.
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(114));
  uint32_t before = 0, after = 0;
  around_moving_reset(b, 0, [&](uint32_t e) { (b.read(entry_data(e)) == 0 ? after : before) += 1; });
  b.finish();
  CHECK(before > 10);  // reads on both sides of the rewrite
  CHECK(after > 10);
}

TEST_CASE("Host control writes to a block while its reset rewrites it are exact", "[reset][race]") {
  // Each write (a read-modify-write of byte 0 of the control word: unmask,
  // PASID check on) lands a little before, on or after the reset op for its
  // entry. Before: the reset then wins (control 0x1). After: the write merges
  // into the reset row (0x8), never into the row it read before the reset
  // rewrote it (which would keep the old PASID bits). The model checks every
  // row afterwards.
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(115));
  std::vector<uint32_t> written;
  around_moving_reset(b, (0x0ABCDu << 12) | ims::reg::kEntryCtrlMask, [&](uint32_t e) {
    b.write(entry_ctrl(e), ims::reg::kEntryCtrlPasidChk, 0x1);
    written.push_back(e);
  });
  REQUIRE(written.size() > 50);
  uint32_t before = 0, after = 0;
  for (uint32_t e : written) {
    const uint32_t ctrl = b.read(entry_ctrl(e));  // the model says which
    CHECK((ctrl >> 12) == 0u);
    (ctrl == ims::reg::kEntryCtrlMask ? before : after) += 1;
  }
  b.finish();
  CHECK(before > 5);
  CHECK(after > 5);
}

TEST_CASE("A host read of an entry is not on the edge its reset op rewrites it", "[reset][race]") {
  // The entry RAM promises nothing for a row read on the edge it is written;
  // a reset op rewrites its entry as it leaves stage 4, so a host read whose
  // op would be in stage 1 then waits a slot (it does not enter while stage 3
  // holds a reset op). Back-to-back reads of the entry a few ahead of the
  // moving reset (it rewrites one entry every other cycle), for several
  // leads and start offsets, meet the rewrite at every alignment; the model
  // says which row each one sees. Fails if the host read is let in next to
  // the reset op (the read then returns garbage).
  uint32_t before = 0, after = 0;
  for (uint64_t k = 0; k < 6; ++k) {
    for (uint64_t d = 0; d < 4; ++d) {
      tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(116 + 4 * k + d));
      b.wait_ready();
      b.write(CTRL, kCtrlEnable);
      const AdiConfig c{0, 64};
      setup_adi(b, 3, c);
      for (uint32_t v = 0; v < 64; ++v) program_entry(b, v, 0xFEE00000u + 4 * v, 0x100 + v);
      b.wait_release_idle();
      b.write(adi_ctrl(3), adi_ctrl_value(c) | kAdiCtrlReset);
      const uint64_t t0 = b.cycle();
      b.step(d);
      while (b.cycle() - t0 < 120) {
        const uint64_t e = std::min<uint64_t>(63, (b.cycle() - t0) / 2 + k);
        (b.read(entry_data(static_cast<uint32_t>(e))) == 0 ? after : before) += 1;
      }
      while (b.read_dut_only(adi_ctrl(3)) & kAdiCtrlReset) {
      }
      b.finish();
    }
  }
  CHECK(before > 0);  // reads on both sides of the rewrite
  CHECK(after > 0);
}

TEST_CASE("The end of an ADI reset lands while the ADI's requests stream", "[reset][race]") {
  // The ADI RAM promises nothing for a row read on the edge it is written:
  // the write that ends a reset lands in a cycle in which no op enters the
  // pipeline. Requests of the resetting ADI, back to back, read its row at
  // stage 0 on every other edge; the reset must still end (and nothing of
  // the ADI leaves afterwards: the model checks every TLP). Fails if the end
  // is written without that hold (an RTL assertion, and a garbage row).
  for (uint64_t d = 0; d < 4; ++d) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(140 + d));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    const AdiConfig c{8, 8};
    setup_adi(b, 3, c);
    for (uint32_t v = 0; v < 8; ++v) program_entry(b, 8 + v, 0xFEE00000u + 4 * v, 0x300 + v);
    b.wait_release_idle();
    constexpr size_t kStream = 400;
    for (size_t i = 0; i < kStream; ++i) b.request(3, static_cast<uint16_t>(i % 8));
    b.step(5 + d);
    const uint64_t done = reset_adi(b, 3, adi_ctrl_value(c));
    CHECK(b.req_handshakes().size() < kStream);  // still streaming when it ended
    CHECK(done > 0);
    b.finish();
  }
}
