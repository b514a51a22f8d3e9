// SPDX-License-Identifier: Apache-2.0
// Attacks from a guest that holds one ADI view (docs/containment.md, "What a
// guest can still do"): every attempt ends in a refused access or a fault
// record, the containment checker (in every Bench) stays green, and a victim
// ADI's interrupts, flowing at the same time, all arrive with their 2-cycle
// latency.
#include <catch2/catch.hpp>

#include <random>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

namespace {
using Small = tb::Bench<SmallBuild::Top>;

constexpr uint32_t kAttacker = 4;  // entries 32..39, tagged, guest-direct
constexpr uint32_t kVictim = 1;    // entries 8..15, untagged

void setup(Small& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0500);
  b.write(CTRL, kCtrlEnable);
  AdiConfig attacker{32, 8, true, false, true, false, false, 0x4444, 0};
  attacker.guest_direct = true;
  setup_adi(b, kAttacker, attacker);
  setup_adi(b, kVictim, AdiConfig{8, 8});
  for (uint32_t v = 0; v < 8; ++v) program_entry(b, 8 + v, 0xFEE00000u + 16 * v, 0x100 + v);
  b.wait_release_idle();
}

// The attacker's view accesses, each refused or harmless.
void attack(Small& b) {
  // Outside its block: the next page, the end of its view, another ADI's view.
  CHECK(b.write(view_addr(kAttacker, 8, kAddrLo), 0xFEE00000) == Resp::SlvErr);
  CHECK(b.write(view_addr(kAttacker, 255, kData), 0x1) == Resp::SlvErr);
  CHECK(b.write(view_addr(kAttacker, 16383, kCtl), 0x0) == Resp::SlvErr);
  CHECK(b.write(view_addr(kVictim, 0, kAddrLo), 0xFEE0F000) == Resp::SlvErr);
  CHECK(b.write(view_addr(kVictim, 0, kCtl), 0x1) == Resp::SlvErr);
  // Into the host view and the ADI table: the hypervisor never maps those
  // pages, but if it did, the writes would be the host's; not the guest's.
  // Its own entry: program an address outside the untagged window. Allowed,
  // because the ADI is tagged: the IOMMU contains it by PASID.
  CHECK(b.write(view_addr(kAttacker, 0, kAddrLo), 0xDEAD0000) == Resp::Okay);
  CHECK(b.write(view_addr(kAttacker, 0, kAddrHi), 0x1) == Resp::Okay);
  CHECK(b.write(view_addr(kAttacker, 0, kData), 0xBAD) == Resp::Okay);
  // Control bits other than the mask, including clearing GP: ignored.
  CHECK(b.write(view_addr(kAttacker, 0, kCtl), 0xFFFFF00C) == Resp::Okay);
  CHECK(b.read(view_addr(kAttacker, 0, kCtl)) == kEntryGp);
}
}  // namespace

TEST_CASE("A guest with one ADI view cannot leave its containment", "[attack]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(91, idle, sink));
    setup(b);
    // The victim's traffic flows during the attack.
    for (int round = 0; round < 40; ++round) b.request(kVictim, static_cast<uint16_t>(round % 8));
    attack(b);
    b.drain();
    // Its own interrupt goes out tagged with its PASID, to the address it chose.
    b.request(kAttacker, 0);
    // Vectors it does not own: dropped and logged.
    b.request(kAttacker, 8);
    b.request(kAttacker, 0xFFFF);
    b.drain();
    CHECK(b.read(CNT_REFUSED_GUEST) == 2);  // the victim's view: not guest-direct
    CHECK(b.read(CNT_ILLEGAL_HOST) == 3);   // outside its own block
    CHECK(b.read(CNT_DROP_OUT_OF_RANGE) == 2);
    CHECK((b.read(FAULT_STATUS) & 0xFF) == 7);
    b.finish();
    REQUIRE(b.seen().size() == 41);
    const TlpWords& own = b.seen().back();
    CHECK(own.prefix_valid);
    CHECK(own.prefix == 0x91004444u);
  });
}

TEST_CASE("A guest-programmed entry stays contained when the host goes untagged", "[attack]") {
  Small b(tests::options<SmallBuild>(92));
  setup(b);
  attack(b);
  // The host tries to drop tagging under guest-direct: refused.
  AdiConfig c{32, 8, true, false, false, false, false, 0x4444, 0};
  c.guest_direct = true;
  CHECK(b.write(adi_ctrl(kAttacker), adi_ctrl_value(c)) == Resp::SlvErr);
  // Guest-direct off, then untagged: accepted, but the guest's entry is dropped.
  c.guest_direct = false;
  c.tagged = true;
  CHECK(b.write(adi_ctrl(kAttacker), adi_ctrl_value(c)) == Resp::Okay);
  c.tagged = false;
  CHECK(b.write(adi_ctrl(kAttacker), adi_ctrl_value(c)) == Resp::Okay);
  b.request(kAttacker, 0);
  b.drain();
  CHECK(b.seen().empty());
  // 3 outside the block, 2 into the victim's view, 1 configuration, 1 drop.
  CHECK(b.read(FAULT_STATUS) == 7);
  for (int i = 0; i < 6; ++i) b.write(FAULT_POP, kFaultPop);
  CHECK(b.read(FAULT_REC_CODE) == (kFaultGuestUntagged | (kAttacker << 16)));
  // With guest-direct off the view is read-only.
  CHECK(b.write(view_addr(kAttacker, 1, kData), 0x1) == Resp::SlvErr);
  CHECK(b.read(view_addr(kAttacker, 1, kData)) == 0x0);
  b.finish();
}

TEST_CASE("A guest's view traffic costs the victim slots, never latency", "[attack][perf]") {
  Small b(tests::options<SmallBuild>(93));
  setup(b);
  for (int i = 0; i < 600; ++i) b.request(kVictim, static_cast<uint16_t>(i % 8));
  // The guest reads its view as fast as the host port allows meanwhile.
  int reads = 0;
  while (b.seen().size() < 600) {
    b.read(view_addr(kAttacker, static_cast<uint32_t>(reads % 8), kData));
    ++reads;
  }
  b.finish();
  REQUIRE(b.seen().size() == 600);
  for (uint64_t l : b.latencies()) REQUIRE(l == tests::kLatencyCycles);
  // Each view read takes exactly one pipeline slot from the victim.
  const uint64_t span = b.seen_cycles().back() - b.seen_cycles().front() + 1;
  CHECK(span <= 600 + static_cast<uint64_t>(reads));
  CHECK(reads > 50);
}

TEST_CASE("A guest racing its own mask against its requests stays contained", "[attack][race]") {
  Small b(tests::options<SmallBuild>(94));
  setup(b);
  program_entry(b, 32, 0x0ABCD000ull << 8, 0x4040);  // its entry, via the host
  std::mt19937_64 rng(b.seed());
  uint32_t attacker_requests = 0;
  for (int burst = 0; burst < 20; ++burst) {
    for (int i = 0; i < 30; ++i) {
      b.request(kVictim, static_cast<uint16_t>(i % 8));
      b.request(kAttacker, 0);
      ++attacker_requests;
    }
    // Toggle the mask through its view while its requests are in flight.
    for (int t = 0; t < 4; ++t) {
      b.step(rng() % 7);
      CHECK(b.write(view_addr(kAttacker, 0, kCtl), t % 2 == 0 ? 1u : 0u) == Resp::Okay);
    }
  }
  // Final: masked. Nothing of its may leave from a request accepted after
  // the mask write's response (always-ready sink: a TLP is 2 cycles after).
  CHECK(b.write(view_addr(kAttacker, 0, kCtl), 1) == Resp::Okay);
  const uint64_t masked_at = b.last_response_cycle();
  for (int i = 0; i < 50; ++i) {
    b.request(kAttacker, 0);
    ++attacker_requests;
  }
  b.drain();
  CHECK((b.read(view_addr(kAttacker, 0, kCtl)) & kEntryPending) != 0);
  b.finish();  // both streams exact (timed model), every TLP contained
  size_t victim = 0, attacker = 0;
  for (size_t i = 0; i < b.seen().size(); ++i) {
    if (b.seen()[i].prefix_valid && b.seen()[i].prefix == 0x91004444u) {
      ++attacker;
      CHECK(b.seen_cycles()[i] <= masked_at + 2);
    } else {
      ++victim;
    }
  }
  CHECK(victim == 600);
  CHECK(attacker > 0);
  CHECK(attacker <= attacker_requests);
  for (uint64_t l : b.latencies()) CHECK(l == tests::kLatencyCycles);
}
