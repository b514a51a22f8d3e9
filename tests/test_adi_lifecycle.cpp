// SPDX-License-Identifier: Apache-2.0
// ADI lifecycle (spec §5 item 9, issue 8): an ADI holds its block from the
// enable until its reset completes (CTRL.held); nothing done to or by one
// ADI changes another ADI's entries, pending bits or owners, in any order of
// enable, disable, reset and re-assignment; a block handed to a new ADI
// starts clean. Every expectation below is written by hand from that rule
// (the bench also compares everything with the golden model).
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::DefaultBuild;
using ims::tests::SmallBuild;

namespace {

constexpr uint32_t kBlock0to63 = 0x00400000;  // base 0, size 64

template <class B>
void expect_fault(B& b, uint32_t reason, uint32_t adi, uint32_t index, uint32_t value) {
  CHECK(b.read(FAULT_REC_CODE) == (reason | (adi << 16)));
  CHECK(b.read(FAULT_REC_INDEX) == index);
  CHECK(b.read(FAULT_REC_VALUE) == value);
  b.write(FAULT_POP, kFaultPop);
}

// Entry 5, masked, made pending by ADI 1 (owner ADI 1), then ADI 1's reset
// and the block handed to ADI 2, which reprograms entry 5 (data 0x25, still
// masked). The reset cleared the pending bit, not the owner RAM: entry 5's
// owner still names ADI 1.
template <class B>
void hand_over_masked_entry(B& b) {
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 1, AdiConfig{0, 8});
  program_entry(b, 5, 0xFEE00500, 0x15, true);
  b.request(1, 5);  // pending, owner ADI 1
  b.drain();
  reset_adi(b, 1, 0);  // pending cleared; the owner RAM still says ADI 1
  setup_adi(b, 2, AdiConfig{0, 8});
  program_entry(b, 5, 0xFEE00500, 0x25, true);
}

// The owner race of the two tests below: after the handover, ADI 3 has
// `waiting` masked messages (entries 8..), ADI 4 sends a busy stream with
// the new holder's request (ADI 2, vector 5) after n of its requests; ADI
// 3's unmask starts a sweep and entry 5 is unmasked d cycles later, so the
// entry's release op waits while that request writes the owner. By hand:
// one TLP of the entry, all of ADI 3's, nothing left pending.
template <class B>
void owner_written_while_release_waits(B& b, uint32_t waiting, int n, int d) {
  hand_over_masked_entry(b);
  AdiConfig masked3{8, 16};
  masked3.mask = true;
  setup_adi(b, 3, masked3);
  for (uint32_t v = 0; v < waiting; ++v) {
    program_entry(b, 8 + v, 0xFEE00800, 0x300 + v);
    b.request(3, static_cast<uint16_t>(v));
  }
  setup_adi(b, 4, AdiConfig{24, 8});
  for (uint32_t v = 0; v < 4; ++v) program_entry(b, 24 + v, 0xFEE00900, 0x400 + v);
  b.drain();
  b.wait_release_idle();
  const size_t before = b.seen().size();
  for (int i = 0; i < n; ++i) b.request(4, static_cast<uint16_t>(i % 4));
  b.request(2, 5);
  for (int i = 0; i < 48; ++i) b.request(4, static_cast<uint16_t>(i % 4));
  b.write(adi_ctrl(3), kCtrlEnable);  // unmask ADI 3: a sweep with `waiting` releases
  b.step(static_cast<uint64_t>(d));
  b.write(entry_ctrl(5), 0);          // unmask entry 5 meanwhile
  b.drain();
  b.wait_release_idle();
  CHECK((b.read(entry_ctrl(5)) & kEntryPending) == 0);
  b.finish();  // also: no deliverable entry left pending (model obligation)
  size_t of_entry = 0, of_adi3 = 0;
  for (size_t i = before; i < b.seen().size(); ++i) {
    of_entry += (b.seen()[i].data == 0x25u);
    of_adi3 += (b.seen()[i].data >= 0x300u && b.seen()[i].data < 0x300u + waiting);
  }
  CHECK(of_entry == 1);
  CHECK(of_adi3 == waiting);
}
}  // namespace

TEST_CASE("A disabled ADI keeps its block: no other ADI takes it until its reset completes",
          "[lifecycle]") {
  // The issue-8 sequence, as a hypervisor following the old guide would
  // write it ("free a block by disabling its ADI").
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(801, idle, sink));
    b.wait_ready();
    b.write(REQUESTER_ID, 0x0100);
    b.write(CTRL, kCtrlEnable);
    b.write(adi_block(1), kBlock0to63);
    CHECK(b.write(adi_ctrl(1), kCtrlEnable) == Resp::Okay);
    CHECK(b.read(adi_ctrl(1)) == (kAdiCtrlHeld | kCtrlEnable));
    CHECK(b.write(adi_ctrl(1), 0) == Resp::Okay);  // "free the block"
    CHECK(b.read(adi_ctrl(1)) == kAdiCtrlHeld);    // ...it is still held
    b.write(adi_block(2), kBlock0to63);
    CHECK(b.write(adi_ctrl(2), kCtrlEnable) == Resp::SlvErr);
    expect_fault(b, kFaultConfigRefused, 2, 0, kCtrlEnable);
    CHECK(b.read(adi_ctrl(2)) == 0);
    CHECK(b.write(adi_block(1), 0x00400040) == Resp::SlvErr);  // no move while held
    expect_fault(b, kFaultConfigRefused, 1, 4, 0x00400040);

    // The documented take-back: reset, poll until done, then re-assign.
    reset_adi(b, 1, 0);
    CHECK(b.read(adi_ctrl(1)) == 0);  // reset and held both 0: the block is free
    CHECK(b.write(adi_ctrl(2), kCtrlEnable) == Resp::Okay);
    program_entry(b, 5, 0xFEE05000, 0x55);
    b.request(2, 5);
    b.drain();
    REQUIRE(b.seen().size() == 1);

    // Cleaning up ADI 1 again (it holds nothing now) touches no entry of
    // ADI 2's block.
    reset_adi(b, 1, 0);
    CHECK(b.read(entry_ctrl(5)) == 0);
    CHECK(b.read(entry_addr_lo(5)) == 0xFEE05000);
    CHECK(b.read(entry_data(5)) == 0x55);
    b.request(2, 5);
    b.finish();
    REQUIRE(b.seen().size() == 2);
    for (const TlpWords& w : b.seen()) {
      CHECK(w.hdr[2] == 0xFEE05000u);
      CHECK(w.data == 0x55u);
    }
    CHECK(b.read(CNT_REFUSED_CONFIG) == 2);
  });
}

TEST_CASE("No ADI is enabled on a block whose previous holder's reset still runs",
          "[lifecycle]") {
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(802));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 7, AdiConfig{0, 1024});
  program_entry(b, 1000, 0xFEE01000, 0x1000, true);
  b.request(7, 1000);  // masked: pending
  b.drain();
  CHECK(b.read(pba(31)) == (1u << 8));
  b.write(adi_ctrl(7), kAdiCtrlReset);  // ~2048 cycles of reset ops
  CHECK((b.read(adi_ctrl(7)) & (kAdiCtrlReset | kAdiCtrlHeld)) == (kAdiCtrlReset | kAdiCtrlHeld));
  // While it runs: CTRL and BLOCK of ADI 7 and a second reset are refused,
  // and no ADI may be enabled on an overlapping block.
  CHECK(b.write(adi_ctrl(7), kCtrlEnable) == Resp::SlvErr);
  CHECK(b.write(adi_block(7), 0x00100000) == Resp::SlvErr);
  setup_adi(b, 9, AdiConfig{1020, 8, false});
  CHECK(b.write(adi_ctrl(9), kCtrlEnable) == Resp::SlvErr);
  CHECK(b.write(adi_ctrl(9), kAdiCtrlReset) == Resp::SlvErr);  // one reset at a time
  CHECK(b.read(CNT_REFUSED_CONFIG) == 4);
  expect_fault(b, kFaultConfigRefused, 7, 0, kCtrlEnable);
  expect_fault(b, kFaultConfigRefused, 7, 4, 0x00100000);
  expect_fault(b, kFaultConfigRefused, 9, 0, kCtrlEnable);
  expect_fault(b, kFaultConfigRefused, 9, 0, kAdiCtrlReset);
  while (b.read_dut_only(adi_ctrl(7)) & kAdiCtrlReset) {
  }
  CHECK(b.read(adi_ctrl(7)) == 0);
  CHECK(b.read(pba(31)) == 0);  // the pending message went with the reset
  CHECK(b.write(adi_ctrl(9), kCtrlEnable) == Resp::Okay);
  program_entry(b, 1021, 0xFEE01021, 0x1021);
  b.request(9, 1);
  b.finish();
  REQUIRE(b.seen().size() == 1);  // entry 1000's old message never leaves
  CHECK(b.seen()[0].data == 0x1021u);
}

TEST_CASE("A block handed over after a reset starts clean: no GP, no pending, no owner",
          "[lifecycle]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(803, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    // ADI 1: tagged, guest-direct, [16, 32). Its guest programs vectors 0-3;
    // vectors 4 and 5 go pending (masked entries).
    AdiConfig g{16, 16};
    g.tagged = true;
    g.guest_direct = true;
    g.pasid = 0x1111;
    setup_adi(b, 1, g);
    for (uint32_t v = 0; v < 4; ++v) {
      CHECK(b.write(view_addr(1, v, 0), 0xFEE00000u + 16 * v) == Resp::Okay);
      CHECK(b.write(view_addr(1, v, 8), 0xA000u + v) == Resp::Okay);
    }
    program_entry(b, 20, 0xFEE00400, 0x4, true);
    program_entry(b, 21, 0xFEE00500, 0x5, true);
    b.request(1, 4);
    b.request(1, 5);
    b.drain();
    CHECK(b.read(pba(0)) == ((1u << 20) | (1u << 21)));
    CHECK((b.read(entry_ctrl(16)) & kEntryGp) != 0);
    // Take the block back and give it to ADI 2 (untagged).
    reset_adi(b, 1, adi_ctrl_value(g) & ~kCtrlEnable);
    setup_adi(b, 2, AdiConfig{16, 16});
    CHECK(b.read(pba(0)) == 0);
    for (uint32_t e = 16; e < 32; ++e) {
      CHECK(b.read(entry_ctrl(e)) == kEntryMask);  // no GP, no pending, masked
      CHECK(b.read(entry_addr_lo(e)) == 0);
      CHECK(b.read(entry_data(e)) == 0);
    }
    // Unmasking ADI 2's entries releases nothing of ADI 1's: no owner of
    // the old holder survives.
    for (uint32_t e : {20u, 21u}) b.write(entry_ctrl(e), 0);
    b.wait_release_idle();
    CHECK(b.seen().empty());
    // The new owner's untagged interrupts leave (no reason-9 drop from a
    // stale GP bit).
    program_entry(b, 16, 0xFEE00600, 0x6);
    b.request(2, 0);
    b.finish();
    REQUIRE(b.seen().size() == 1);
    CHECK(!b.seen()[0].prefix_valid);
    CHECK(b.read(CNT_DROP_WINDOW) == 0);
  });
}

TEST_CASE("The prefix lane is valid only with a TLP that has a prefix", "[lifecycle][tlp]") {
  // A tagged ADI's ops that send nothing (pending, dropped) pass through
  // stage 2; the TLP monitor fails any cycle with tlp_prfx_valid_o and no
  // tlp_valid_o.
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(804, idle, sink));
    b.wait_ready();
    b.write(CTRL, kCtrlEnable);
    AdiConfig t{0, 8};
    t.tagged = true;
    t.pasid = 0x2222;
    setup_adi(b, 0, t);
    setup_adi(b, 1, AdiConfig{8, 8});
    program_entry(b, 0, 0xFEE00000, 1, true);
    program_entry(b, 1, 0x1234, 2);
    program_entry(b, 8, 0xFEE00800, 3);
    for (int i = 0; i < 20; ++i) {
      b.request(0, 0);   // tagged, masked: pending
      b.request(0, 9);   // tagged, out of range: dropped
      b.request(1, 0);   // untagged: sent, no prefix
      b.request(0, 1);   // tagged: sent with a prefix
    }
    b.finish();
    REQUIRE(b.seen().size() == 40);
    for (size_t i = 0; i < b.seen().size(); ++i) CHECK(b.seen()[i].prefix_valid == (i % 2 == 1));
  });
}

TEST_CASE("An ADI reset reads done only after the ADI's last TLP has left the block",
          "[lifecycle][reset][stall]") {
  // Spec §6: no TLP of the ADI leaves after the reset is reported complete.
  // A TLP decided before the reset may wait in the output slice behind a
  // stalled sink; the reset must not read done while it is there.
  tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(805));
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 2, AdiConfig{8, 8});
  program_entry(b, 9, 0xFEE00900, 0x99);
  b.set_sink(tb::Sink::Hold);
  b.request(2, 1);
  b.step(20);  // decided: parked in the output slice, not yet out
  CHECK(b.seen().empty());
  CHECK(b.top().tlp_valid_o);
  b.write(adi_ctrl(2), kAdiCtrlReset);
  for (int i = 0; i < 20; ++i)  // table reads still get slots (the slice has room)
    CHECK((b.read_dut_only(adi_ctrl(2)) & kAdiCtrlReset) != 0);
  b.set_sink(tb::Sink::AlwaysReady);
  while (b.read_dut_only(adi_ctrl(2)) & kAdiCtrlReset) {
  }
  REQUIRE(b.seen().size() == 1);  // it left before the reset read done
  const uint64_t done = b.cycle();
  CHECK(b.seen_cycles().back() < done);
  b.request(2, 1);  // after: nothing of the ADI leaves
  b.finish();
  CHECK(b.seen().size() == 1);
}

TEST_CASE("A handed-over entry's message is delivered even when its release races the request",
          "[lifecycle][release][race]") {
  // A reset leaves the owner RAM alone, so after a handover an entry's owner
  // may still name the old holder. A request of the new holder makes the
  // entry pending while its unmask's release looks the owner up: the
  // release names the old holder and does nothing, and a sweep must then
  // deliver the message. By hand: one TLP, nothing left pending, whichever
  // side of the unmask the request lands on.
  for (int64_t k = -6; k <= 6; ++k) {
    INFO("request offered " << k << " cycles after the unmask write starts");
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(806));
    hand_over_masked_entry(b);
    b.wait_release_idle();
    tb::ReqItem item{2, 5, false, 0, false, 0};
    if (k >= 0) item.not_before = b.cycle() + static_cast<uint64_t>(k);
    b.request_on(0, item);
    if (k < 0) b.step(static_cast<uint64_t>(-k));
    b.write(entry_ctrl(5), 0);  // unmask
    b.drain();
    b.wait_release_idle();
    CHECK((b.read(entry_ctrl(5)) & kEntryPending) == 0);
    b.finish();  // also: no deliverable entry left pending (model obligation)
    REQUIRE(b.seen().size() == 1);
    CHECK(b.seen()[0].data == 0x25u);
  }
}

TEST_CASE("A handed-over entry's message is delivered when the owner is written while its release waits to enter",
          "[lifecycle][release][race]") {
  // As above, but the release op of the unmask waits a few cycles to enter
  // the pipeline after it has read the owner: a sweep of another ADI keeps
  // the release engine's offer buffer full and a third ADI's requests take
  // every other slot. The new holder's request, just ahead in the pipeline,
  // writes the owner during that wait, before the pipeline's own owner check
  // starts (at the op's stage 0), so the engine must take the new owner from
  // the owner RAM's write port while the op waits; with the stale owner the
  // release does nothing and nobody sweeps again. By hand: one TLP of the
  // entry, nothing left pending, for every offset of the request in the
  // busy stream. The op may wait in any of the engine's three registers
  // (lookup stage, offered op, skid entry), so the entry unmask is also
  // moved against the stream by up to three cycles (d). Fails (n = 10)
  // without the snoop in the lookup stage.
  for (int n = 0; n < 32; ++n)
  for (int d = 0; d < 4; ++d) {
    INFO(n << " requests of ADI 4 before the new holder's request, unmask " << d << " cycles later");
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(807));
    owner_written_while_release_waits(b, 16, n, d);
  }
}

TEST_CASE("A handed-over entry's message is delivered when the owner is written while its release waits behind a stalled sink",
          "[lifecycle][release][race]") {
  // As above, with a sink that stalls for long stretches: the pipeline then
  // stops with the new holder's request in stage 4 (its owner write not yet
  // done) while the unmask's release moves on into the release engine's
  // offered op or skid entry; when the pipeline moves again the write lands
  // while the release still waits there (a request takes that slot), before
  // the pipeline's own owner check starts. So the engine snoops the owner
  // write stage 4 has due for those two registers too. By hand: one TLP of
  // the entry, nothing left pending. Fails (seed 811, n = 14, d = 5) without
  // that snoop (seed 806, n = 15, d = 5 when it snooped the RAM's write
  // port).
  for (uint64_t seed : {806u, 811u})
  for (int n = 0; n < 32; ++n)
  for (int d = 0; d < 6; ++d) {
    INFO("seed " << seed << ", " << n << " requests of ADI 4 before the new holder's request, unmask "
                 << d << " cycles later");
    tb::Bench<SmallBuild::Top> b(tests::options<SmallBuild>(seed, tb::Idle::None, tb::Sink::LongStalls));
    owner_written_while_release_waits(b, 3, n, d);
  }
}

namespace {

// The scenario of the test below, run with the new holder's request as the
// k-th request of ADI 4's stream (k < 0: no such request). ADI 4's entries
// are masked, so its stream makes no TLPs (an ADI reset ends only once the
// output slice is empty) and keeps one slot in two. A sweep (ADI 3's
// unmask) queues the pending word of entries 256..287, all pending for ADI
// 1, and then has 224 releases of ADI 3's still-masked entries and 31 of
// that word to make before it reaches entry 287. Meanwhile ADI 1 is reset
// (its reset ops go before the sweep's releases and clear the word's
// pending bits, not the owner RAM) and ADI 2 takes the block [256, 288)
// (its BLOCK written before, so only its enable is left), entry 287 (its
// vector 31) reprogrammed and still masked. The sweep's release of entry
// 287, looked up with the old holder as owner, comes after that; with k
// placed right, the new holder's request enters the pipeline in the cycle
// before it, so its owner write lands while that release is in stage 3.
// Last, entry 287 is unmasked.
template <class B>
void stale_release_behind_request(B& b, int k, int stream) {
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  AdiConfig old_holder{256, 256};
  old_holder.mask = true;
  setup_adi(b, 1, old_holder);
  program_entry(b, 287, 0xFEE00500, 0x15, true);
  for (uint16_t v = 0; v < 32; ++v) b.request(1, v);  // word 8: pending, owner ADI 1
  AdiConfig masked3{0, 256};
  masked3.mask = true;
  setup_adi(b, 3, masked3);
  for (uint16_t v = 0; v < 256; ++v) b.request(3, v);  // words 0..7, entries masked
  setup_adi(b, 4, AdiConfig{1024, 4});  // entries masked (reset value): its requests pend
  AdiConfig new_holder{256, 32};
  new_holder.enable = false;
  setup_adi(b, 2, new_holder);
  b.drain();
  b.wait_release_idle();
  b.record_ops(true);
  for (int i = 0; i < stream; ++i) {
    if (i == k) b.request(2, 31);
    else b.request(4, static_cast<uint16_t>(i % 4));
  }
  b.write(adi_ctrl(3), kCtrlEnable);  // opens ADI 3: a sweep
  b.step(160);                        // word 8 is scanned once word 0 is released
  reset_adi(b, 1, 0);
  b.write(adi_ctrl(2), kCtrlEnable);
  b.write(entry_addr_lo(287), 0xFEE00500);
  b.write(entry_data(287), 0x25);
  b.step(1500);
  b.write(entry_ctrl(287), 0);  // unmask: now the message may leave
  b.drain();
  b.wait_release_idle();
}

}  // namespace

TEST_CASE("A handed-over entry's message is delivered when its stale release is in stage 3 as the owner is written",
          "[lifecycle][release][race]") {
  // The release just behind the new holder's request: the request's owner
  // write lands as it leaves stage 4, while the release (named after the old
  // holder) is in stage 3, where the pipeline does not check it. By hand (ADI lifecycle, pending release): the old holder's message
  // was cleared by its reset and nothing of ADI 1 leaves; the new holder's
  // request goes pending (entry masked) and leaves exactly once, when the
  // entry is unmasked; ADI 3's and ADI 4's entries stay masked and pending.
  // The first run finds where the sweep's release of entry 287 enters; the
  // second places the request in the slot before, and checks it got there.
  // (The pipeline has no stage-4 owner check, and needs none: the stale
  // release names an ADI that cannot send the entry, since a reset ends its
  // hold and held blocks never overlap, and the unmask that makes the
  // message deliverable releases it. The model counts the release stale.)
  using K = ims::ImsModel::OpKind;
  constexpr int kStream = 3000;
  constexpr uint16_t kEntry = 287;
  int k = -1;
  uint64_t rel_cycle = 0;
  {
    tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(812));
    stale_release_behind_request(b, -1, kStream);
    b.finish();
    int requests = 0;
    const auto& ops = b.ops_seen();
    for (size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].kind == K::Release && ops[i].adi == 1 && ops[i].idx == kEntry) {
        REQUIRE(i > 0);
        REQUIRE(ops[i - 1].kind == K::Request);
        REQUIRE(ops[i - 1].cycle + 1 == ops[i].cycle);
        k = requests - 1;
        rel_cycle = ops[i].cycle;
        break;
      }
      requests += (ops[i].kind == K::Request);
    }
    REQUIRE(k >= 0);
  }
  tb::Bench<DefaultBuild::Top> b(tests::options<DefaultBuild>(812));
  stale_release_behind_request(b, k, kStream);
  CHECK((b.read(entry_ctrl(kEntry)) & kEntryPending) == 0);
  CHECK((b.read(entry_ctrl(0)) & kEntryPending) != 0);     // ADI 3's: still masked, still pending
  CHECK((b.read(entry_ctrl(1024)) & kEntryPending) != 0);  // ADI 4's too
  b.finish();  // also: nothing deliverable left pending (model obligation)
  // The race happened as planned: the request, then the stale release in
  // the next slot (so the release is in stage 3 while the request's owner
  // write lands), which the model saw name a non-owner.
  const auto& ops = b.ops_seen();
  bool placed = false;
  for (size_t i = 1; i < ops.size(); ++i) {
    if (ops[i].kind == K::Release && ops[i].adi == 1 && ops[i].idx == kEntry) {
      placed = ops[i].cycle == rel_cycle && ops[i - 1].kind == K::Request && ops[i - 1].adi == 2 &&
               ops[i - 1].idx == 31 && ops[i - 1].cycle + 1 == ops[i].cycle;
      break;
    }
  }
  CHECK(placed);
  CHECK(b.model().stale_releases() == 1u);
  REQUIRE(b.seen().size() == 1);
  CHECK(b.seen()[0].data == 0x25u);  // the new holder's message, once; nothing of ADI 1
}
