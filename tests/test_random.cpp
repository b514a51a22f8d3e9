// SPDX-License-Identifier: Apache-2.0
// Constrained-random regression: random ADI layouts (tagged/untagged, TC,
// PMR/ER), random entries (3DW/4DW, anywhere in the table), random traffic
// including refused requests, and random mask/unmask at entry, ADI and global
// level, under every idle/sink pattern. The seed is printed on failure and
// replayable with IMS_SEED=<seed>; IMS_RANDOM_ITERS scales the run.
// IMS_SEEDS=N, IMS_SEED_BASE and IMS_SHARD=i/n replace each test case's
// built-in seeds by a list and run one shard of it (tb/harness/seed.hpp);
// scripts/regress.py (make regress) runs many seeds on the local cores.
//
// Host writes and reads race the traffic: each phase queues a burst of
// requests (to every ADI, or to a few, so that the others stay quiet), lets
// part of it run, then makes its host changes while the rest is still
// flowing; releases, ADI resets and view writes interleave with requests.
// The timed golden model predicts every TLP of every race
// (docs/theory-of-operation.md, "Commit points"), and every counter and
// fault-log read, also mid-traffic.
//
// The ADI lifecycle (spec §5 item 9, issue 8) moves while traffic flows:
// block layouts change, blocks are re-assigned between ADIs both the wrong
// way (disable, then give the block to another ADI without a reset: the
// block refuses the enable) and the documented way (reset, poll until done,
// BLOCK, enable), enabled, disabled and never-enabled ADIs are reset, and
// PASID, RID override, TC, PMR/ER and REQUESTER_ID are rewritten. The test
// follows the responses; it does not predict refusals (the model does).
// IMS_RANDOM_LIFECYCLE=0 leaves these moves out.
//
// Every host access goes through the isolation checker
// (tb/checker/isolation.hpp), which shares no block or reset rule with the
// RTL or the model. Its check points: after every ADI reset reads done,
// after every accepted enable (a re-assignment), after sweeps (an ADI
// unmask's STATUS.release_busy back to 0, and every phase's quiet point).
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "builds.hpp"
#include "checker/isolation.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;

namespace {

// How hard the isolation checker looks (reads cost host-port cycles).
struct IsoPlan {
  uint32_t sample = 8;      // other held entries read at each check point
  int quiet_every = 1;      // phases between quiet-point checks (PBA, rows)
  int full_every = 1;       // quiet checks between reads of every held row (0: never)
  int lifecycle_odds = 2;   // a host change is a lifecycle move 1 time in this
};

bool lifecycle_from_env() {
  const char* s = std::getenv("IMS_RANDOM_LIFECYCLE");
  return s == nullptr || std::atoi(s) != 0;
}

template <class Build>
// mostly_open: no global or ADI mask toggles (most requests send), for the soak.
uint64_t random_run(uint64_t seed, tb::Idle idle, tb::Sink sink, int phases,
                    uint32_t max_burst = 200, bool mostly_open = false, IsoPlan plan = {}) {
  using BenchT = tb::Bench<typename Build::Top>;
  uint64_t requests = 0;
  BenchT b(tests::options<Build>(seed, idle, sink));
  std::printf("random run: %u entries, %s, %s\n", Build::kEntries,
              tb::pattern_label(idle, sink).c_str(), b.seed_tag().c_str());
  std::mt19937_64 rng(b.seed() ^ 0x5eed);
  auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  const uint32_t entries = Build::kEntries, adis = Build::kAdis;
  uint32_t ports = 1;
  if constexpr (std::is_same_v<Build, tests::PortsBuild>) ports = tests::PortsBuild::kPorts;
  const bool lifecycle = lifecycle_from_env();

  // Every host access below goes through p, so the isolation checker sees it.
  tb::IsolationChecker iso(entries, adis, b.seed());
  tb::IsolatedHost<BenchT> p(b, iso);
  p.set_sample(plan.sample);

  b.wait_ready();
  p.write(REQUESTER_ID, pick(0x10000));
  p.write(CTRL, kCtrlEnable);

  // Carve the table into disjoint blocks for a random subset of ADIs.
  std::vector<AdiConfig> cfg(adis);
  // The test's own bookkeeping, not the block's rule: an ADI is "fresh" when
  // it has not been enabled since its last reset read done. Re-assignments
  // reset a non-fresh ADI first, the way the programmer's guide says.
  std::vector<bool> fresh(adis, true);
  uint32_t next = pick(4);
  for (uint32_t a = 0; a < adis; ++a) {
    AdiConfig c;
    c.size = 1 + pick(std::max<uint32_t>(2, 2 * entries / adis));
    c.base = next;
    c.enable = pick(8) != 0;
    c.mask = !mostly_open && pick(6) == 0;
    c.tagged = pick(2);
    c.pmr = pick(2);
    c.er = pick(2);
    c.pasid = pick(1u << 20);
    c.tc = pick(8);
    c.guest_direct = c.tagged && pick(2);
    c.rid_override = pick(4) == 0;
    c.rid = static_cast<uint16_t>(pick(0x10000));
    if (c.base + c.size > entries) c.enable = false;
    next = c.base + c.size + pick(3);
    cfg[a] = c;
    setup_adi(p, a, c);
    if (c.enable) fresh[a] = false;
  }
  auto random_address = [&]() -> uint64_t {
    return pick(4) == 0 ? (uint64_t(1 + pick(0xFFFF)) << 32) | rng() % 0xFFFFFFFF
                        : 0xFEE00000u | pick(0x100000);
  };
  for (uint32_t i = 0; i < entries; ++i) {
    if (pick(3) == 0) continue;  // some entries stay at reset (masked)
    program_entry(p, i, random_address(), static_cast<uint32_t>(rng()), pick(5) == 0);
    // Some entries check the work's PASID (DSA style), against one of two.
    if (pick(6) == 0) p.write(entry_ctrl(i), ((0x100u + pick(2)) << 12) | (1u << 3));
  }
  b.wait_release_idle();  // the sweeps started by enabling ADIs
  p.quiet_check("after the setup's sweeps", plan.full_every != 0);
  p.set_auto_checks(true);

  // ---- lifecycle moves ------------------------------------------------------
  // What the lifecycle moves did (printed; the DUT decided each outcome).
  struct {
    unsigned misuse = 0, misuse_taken = 0, documented = 0, documented_taken = 0, layout = 0,
             layout_taken = 0, resets = 0, toggles = 0, rewrites = 0;
  } moves;
  std::vector<uint32_t> revive;  // mostly_open: ADIs a lifecycle move left disabled
  auto reset = [&](uint32_t a) {
    ++moves.resets;
    revive.push_back(a);
    reset_adi(p, a, adi_ctrl_value(cfg[a]));  // the isolation check point runs in the poll
    cfg[a].enable = false;
    fresh[a] = true;
  };
  // Give ADI x the block [base, base + size) and enable it: BLOCK, PASID,
  // RID, then CTRL, each kept only if the DUT answers OKAY; then program
  // some of its entries (before or after the enable).
  auto enable_on = [&](uint32_t x, uint32_t base, uint32_t size) -> bool {
    AdiConfig c = cfg[x];
    c.enable = true;
    c.mask = !mostly_open && pick(8) == 0;
    c.tagged = pick(2);
    c.guest_direct = c.tagged && pick(2);
    c.tc = pick(8);
    c.pmr = pick(2);
    c.er = pick(2);
    c.pasid = pick(1u << 20);
    const bool program_first = pick(2);
    auto program = [&] {
      const uint32_t end = std::min(base + size, entries);
      for (uint32_t e = base; e < end; ++e) {
        if (mostly_open)  // every entry, inside the window, unmasked: most requests send
          program_entry(p, e, 0xFEE00000u | pick(0x100000), static_cast<uint32_t>(rng()));
        else if (pick(4) != 0)
          program_entry(p, e, random_address(), static_cast<uint32_t>(rng()), pick(6) == 0);
      }
    };
    if (p.write(adi_block(x), (size << IMS_REGS__ADI__BLOCK__SIZE_bp) | base) == Resp::Okay) {
      cfg[x].base = base;
      cfg[x].size = size;
    }
    c.base = cfg[x].base;
    c.size = cfg[x].size;
    p.write(adi_pasid(x), c.pasid);
    cfg[x].pasid = c.pasid;
    if (program_first) program();
    const bool taken = p.write(adi_ctrl(x), adi_ctrl_value(c)) == Resp::Okay;
    if (taken) {
      cfg[x] = c;
      fresh[x] = false;
    }
    if (!program_first) program();
    return taken && cfg[x].base == base && cfg[x].size == size;
  };
  // Where a new block could go: a range no enabled or not-fresh ADI's block
  // overlaps (the test's guess; the DUT decides), or anywhere.
  auto new_range = [&](uint32_t& base, uint32_t& size) {
    size = 1 + pick(std::max<uint32_t>(2, 2 * entries / adis));
    for (int tries = 0; tries < 20; ++tries) {
      base = pick(entries - std::min(entries - 1, size) + 1);
      bool clash = false;
      for (uint32_t a = 0; a < adis && !clash; ++a)
        clash = (cfg[a].enable || !fresh[a]) && base < cfg[a].base + cfg[a].size && cfg[a].base < base + size;
      if (!clash) return;
    }
  };
  auto any_adi = [&](bool want_enabled) {
    for (int tries = 0; tries < 8; ++tries) {
      const uint32_t a = pick(adis);
      if (cfg[a].enable == want_enabled) return a;
    }
    return pick(adis);
  };

  std::vector<uint16_t> active;  // the ADIs a phase's burst talks to
  for (int phase = 0; phase < phases; ++phase) {
    // Half the phases talk to every ADI, the others to a few: the rest
    // stay quiet, so the isolation check can hold their pending bits still.
    active.clear();
    if (pick(2)) {
      for (uint32_t a = 0; a < adis; ++a) active.push_back(static_cast<uint16_t>(a));
    } else {
      for (uint32_t k = 0, n = 1 + pick(std::max(1u, adis / 4)); k < n; ++k)
        active.push_back(static_cast<uint16_t>(pick(adis)));
    }
    const int burst = 20 + static_cast<int>(pick(max_burst));
    requests += static_cast<uint64_t>(burst);
    for (int k = 0; k < burst; ++k) {
      uint16_t adi = active[pick(static_cast<uint32_t>(active.size()))];
      if (pick(30) == 0) adi = static_cast<uint16_t>(adis + pick(1000));
      const AdiConfig& c = cfg[adi < adis ? adi : 0];
      const uint16_t vec =
          static_cast<uint16_t>(pick(20) == 0 ? c.size + pick(5) : pick(std::max(1u, c.size)));
      tb::ReqItem item{adi, vec, false, 0, false, 0};
      if (pick(15) == 0) {
        item.satisfy = true;  // "event satisfied"
      } else if (pick(3) == 0) {
        item.pasid_valid = true;  // the work carried a PASID
        item.pasid = 0x100u + pick(2);
      }
      p.request_on(pick(ports), item);
    }
    b.step(pick(static_cast<uint32_t>(burst)));  // part of the burst runs
    // A few host changes while the rest of the burst flows.
    for (int k = 0, n = 1 + static_cast<int>(pick(4)); k < n; ++k) {
      uint32_t choice = pick(11);
      if (mostly_open && (choice == 1 || choice == 2)) choice = 3;
      if (lifecycle && pick(static_cast<uint32_t>(plan.lifecycle_odds)) == 0) choice = 11 + pick(6);
      switch (choice) {
        case 0:
          p.write(entry_ctrl(pick(entries)), pick(2) ? kEntryMask : 0);
          break;
        case 1: {
          const uint32_t a = pick(adis);
          AdiConfig c = cfg[a];
          c.mask = !c.mask;
          if (p.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) cfg[a] = c;
          if (!c.mask && pick(2)) {
            // The ADI unmask's sweep: wait until STATUS.release_busy reads 0
            // (traffic still flowing), then check.
            const uint64_t start = b.cycle();
            while (p.read_dut_only(STATUS) & kStatusReleaseBusy) {
              if (b.cycle() - start > BenchT::kReleaseTimeout)
                throw tb::SimFailure("STATUS.release_busy still 1 after " + std::to_string(b.cycle() - start) +
                                     " cycles, " + b.seed_tag());
            }
            p.check("after ADI " + std::to_string(a) + "'s unmask sweep", {a}, false, false);
          }
          break;
        }
        case 2:
          p.write(CTRL, kCtrlEnable | (pick(2) ? kCtrlMask : 0));
          break;
        case 3:
          p.write(entry_data(pick(entries)), static_cast<uint32_t>(rng()));
          break;
        case 4:
          p.read(pba(pick(entries / 32)));
          break;
        case 6: {
          // A guest writes through a view: its own or not, in its block or not.
          const uint32_t a = pick(adis + 1);
          const uint32_t v = pick(std::max(1u, a < adis ? cfg[a].size + 2 : 4));
          const uint32_t word = pick(4);
          p.write(view_addr(a, v, word), word == 1 ? pick(2) : 0xFEE00000u | pick(0x100000),
                  static_cast<uint8_t>(pick(16)));
          break;
        }
        case 7: {
          // The host flips guest-direct or tagging; refused when it would
          // leave guest-direct without tagging.
          const uint32_t a = pick(adis);
          AdiConfig c = cfg[a];
          if (pick(2)) c.guest_direct = !c.guest_direct; else c.tagged = !c.tagged;
          if (p.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) cfg[a] = c;
          break;
        }
        case 8:
          // Move the untagged window, or put it back.
          if (pick(2)) {
            p.write(UNTAGGED_BASE, 0xFEE00000);
            p.write(UNTAGGED_MASK, 0xFFF00000);
          } else {
            p.write(UNTAGGED_BASE, 0xFEE80000);
            p.write(UNTAGGED_MASK, 0xFFF80000);
          }
          break;
        case 10: {
          // ADI reset: disabled, its entries back to reset values.
          const uint32_t a = pick(adis);
          reset(a);
          if (mostly_open && cfg[a].base + cfg[a].size <= entries) {
            // Reconfigure it on the same block and program its entries again.
            enable_on(a, cfg[a].base, cfg[a].size);
          }
          break;
        }
        case 5: {
          // A counter or the fault log, read while the traffic flows.
          static const uint32_t regs[] = {CNT_SENT, CNT_PENDING, CNT_DROP_ADI_DISABLED,
                                          CNT_DROP_OUT_OF_RANGE, CNT_DROP_WINDOW,
                                          CNT_DROP_PASID_CHECK, CNT_SATISFIED, FAULT_STATUS,
                                          FAULT_LOST, FAULT_REC_CODE, FAULT_REC_INDEX,
                                          FAULT_REC_VALUE, CNT_REFUSED_CONFIG};
          p.read(regs[pick(sizeof regs / sizeof regs[0])]);
          break;
        }
        case 9:
          // The host takes an entry back: clear GP.
          p.write(entry_ctrl(pick(entries)), kEntryGp | (pick(2) ? kEntryMask : 0));
          break;
        case 11: {
          // Misuse: "free" a block by disabling its ADI, give it to another
          // ADI without a reset. The block must refuse the enable (the old
          // rule accepted it, and a later reset of the first ADI wiped the
          // second one's entries).
          const uint32_t y = any_adi(true);
          AdiConfig c = cfg[y];
          c.enable = false;
          if (p.write(adi_ctrl(y), adi_ctrl_value(c)) == Resp::Okay) cfg[y] = c;
          revive.push_back(y);
          uint32_t x = pick(adis);
          if (x == y) x = (x + 1) % adis;
          if (!fresh[x]) reset(x);
          ++moves.misuse;
          moves.misuse_taken += enable_on(x, cfg[y].base, cfg[y].size);
          break;
        }
        case 12: {
          // The documented take-back: reset the holder, poll until done,
          // then BLOCK and enable for the next ADI (sometimes itself, or a
          // block a little smaller or larger).
          const uint32_t y = pick(adis);
          reset(y);
          uint32_t x = pick(4) == 0 ? y : pick(adis);
          if (!fresh[x]) reset(x);
          uint32_t base = cfg[y].base, size = cfg[y].size;
          if (pick(3) == 0) size = static_cast<uint32_t>(std::max(1, static_cast<int>(size + pick(9)) - 4));
          if (base + size > entries) size = std::max(1u, entries - std::min(entries - 1, base));
          ++moves.documented;
          moves.documented_taken += enable_on(x, base, size);
          break;
        }
        case 13: {
          // A new layout for one ADI: reset it, move its block, enable it.
          const uint32_t x = pick(adis);
          if (!fresh[x]) reset(x);
          uint32_t base = 0, size = 1;
          new_range(base, size);
          ++moves.layout;
          moves.layout_taken += enable_on(x, base, size);
          break;
        }
        case 14: {
          // Reset an ADI: enabled, disabled (still holding its block), or
          // never enabled since its last reset.
          const uint32_t r = pick(3);
          uint32_t a = pick(adis);
          if (r == 0) a = any_adi(true);
          for (int tries = 0; r == 1 && tries < 8 && (cfg[a].enable || fresh[a]); ++tries) a = pick(adis);
          for (int tries = 0; r == 2 && tries < 8 && !fresh[a]; ++tries) a = pick(adis);
          reset(a);
          break;
        }
        case 15: {
          // Disable an enabled ADI (it keeps its block), or enable a
          // disabled one again on the block it has.
          const uint32_t a = pick(adis);
          AdiConfig c = cfg[a];
          c.enable = !c.enable;
          ++moves.toggles;
          if (p.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) {
            cfg[a] = c;
            if (c.enable) fresh[a] = false;
          }
          revive.push_back(a);
          break;
        }
        default: {
          // Rewrite what a TLP carries while the traffic flows: PASID, RID
          // override, TC/PMR/ER (CTRL), or the function's REQUESTER_ID.
          const uint32_t a = pick(adis);
          ++moves.rewrites;
          switch (pick(4)) {
            case 0:
              cfg[a].pasid = pick(1u << 20);
              p.write(adi_pasid(a), cfg[a].pasid);
              break;
            case 1:
              cfg[a].rid_override = pick(2);
              cfg[a].rid = static_cast<uint16_t>(pick(0x10000));
              p.write(adi_rid(a), (cfg[a].rid_override ? IMS_REGS__ADI__RID_OVERRIDE__ENABLE_bm : 0u) | cfg[a].rid);
              break;
            case 2: {
              AdiConfig c = cfg[a];
              c.tc = pick(8);
              c.pmr = pick(2);
              c.er = pick(2);
              if (p.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) cfg[a] = c;
              break;
            }
            default:
              p.write(REQUESTER_ID, pick(0x10000));
              break;
          }
          break;
        }
      }
    }
    if (mostly_open) {
      // The soak keeps most ADIs open: bring back the ADIs the moves left
      // disabled, the documented way (reset if it may still hold a block,
      // then enable on its block, or on a new one if that is taken).
      std::sort(revive.begin(), revive.end());
      revive.erase(std::unique(revive.begin(), revive.end()), revive.end());
      const std::vector<uint32_t> todo = std::move(revive);
      for (uint32_t a : todo) {
        if (cfg[a].enable) continue;
        if (!fresh[a]) reset(a);
        if (cfg[a].base + cfg[a].size <= entries && enable_on(a, cfg[a].base, cfg[a].size)) continue;
        uint32_t base = 0, size = 1;
        new_range(base, size);
        enable_on(a, base, size);
      }
    }
    revive.clear();
    b.drain();
    b.wait_release_idle();  // idle: the model must owe nothing
    if (plan.quiet_every > 0 && (phase + 1) % plan.quiet_every == 0) {
      const int quiet_no = (phase + 1) / plan.quiet_every;
      p.quiet_check("quiet point after phase " + std::to_string(phase),
                    plan.full_every > 0 && quiet_no % plan.full_every == 0);
    }
  }
  p.write(CTRL, kCtrlEnable);
  b.wait_release_idle();
  for (uint32_t a = 0; a < adis; ++a) {
    AdiConfig c = cfg[a];
    c.mask = false;
    if (p.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) cfg[a] = c;
  }
  b.wait_release_idle();
  p.quiet_check("quiet point at the end", plan.full_every != 0);
  for (uint32_t w = 0; w < entries / 32; ++w) b.read(pba(w));
  std::printf("  %zu TLPs (%llu checked for containment); dropped: ADI disabled %u, window/GP %u, PASID check %u,"
              " out of range %u; refused: guest %u, config %u, illegal %u\n",
              b.seen().size(), static_cast<unsigned long long>(b.containment().checked()),
              b.read(CNT_DROP_ADI_DISABLED), b.read(CNT_DROP_WINDOW), b.read(CNT_DROP_PASID_CHECK), b.read(CNT_DROP_OUT_OF_RANGE),
              b.read(CNT_REFUSED_GUEST), b.read(CNT_REFUSED_CONFIG), b.read(CNT_ILLEGAL_HOST));
  std::printf("  %llu requests handshaken within 2 cycles of a host write landing\n",
              static_cast<unsigned long long>(b.close_races()));
  std::printf("  lifecycle: %u misuse re-assignments (%u enables accepted), %u documented (%u accepted),"
              " %u layout changes (%u accepted), %u resets, %u enable/disable flips, %u PASID/RID override/TC/PMR/ER/REQUESTER_ID"
              " rewrites\n",
              moves.misuse, moves.misuse_taken, moves.documented, moves.documented_taken, moves.layout,
              moves.layout_taken, moves.resets, moves.toggles, moves.rewrites);
  std::printf("  isolation: %llu check points, %llu words compared, %llu blocks handed over, %llu resets\n",
              static_cast<unsigned long long>(iso.checks()), static_cast<unsigned long long>(iso.words_compared()),
              static_cast<unsigned long long>(iso.handovers()), static_cast<unsigned long long>(iso.resets_seen()));
  for (uint32_t r : {CNT_DROP_WINDOW, CNT_DROP_PASID_CHECK, CNT_REFUSED_GUEST,
                     CNT_REFUSED_CONFIG, CNT_ILLEGAL_HOST, FAULT_STATUS, FAULT_LOST,
                     FAULT_REC_CODE, FAULT_REC_INDEX, FAULT_REC_VALUE})
    b.read(r);
  for (uint32_t r : {CNT_SENT, CNT_PENDING, CNT_DROP_DISABLED, CNT_DROP_UNKNOWN_ADI,
                     CNT_DROP_ADI_DISABLED, CNT_DROP_OUT_OF_RANGE})
    b.read(r);
  if (!iso.violations().empty()) {
    std::string msg = std::to_string(iso.violations().size()) + " isolation violation(s), " + b.seed_tag();
    for (const auto& v : iso.violations()) msg += "\n  - " + v;
    throw tb::SimFailure(msg);
  }
  b.finish();
  // For checking the regression runner's failure path (scripts/regress.py
  // --selftest): a seed that fails on purpose, after a full run.
  uint64_t fail_seed = 0;
  if (tb::parse_u64(std::getenv("IMS_RANDOM_FAIL_SEED"), &fail_seed) && fail_seed == b.seed())
    throw tb::SimFailure("failing on purpose (IMS_RANDOM_FAIL_SEED), " + b.seed_tag());
  return requests;
}

// The seeds a test case runs: its built-in ones, or the list and shard of
// IMS_SEED / IMS_SEEDS / IMS_SEED_BASE / IMS_SHARD (tb/harness/seed.hpp). The
// runner (scripts/regress.py) runs one process per seed with IMS_SEED.
std::vector<uint64_t> seeds_to_run(const std::vector<uint64_t>& builtin) {
  const std::vector<uint64_t> seeds = tb::regression_seeds(builtin);
  if (seeds.empty()) std::printf("random: no seed of the list falls in this shard\n");
  return seeds;
}

int phases_from_env(int dflt) {
  const char* s = std::getenv("IMS_RANDOM_ITERS");
  return s ? std::max(1, std::atoi(s)) : dflt;
}

}  // namespace

TEST_CASE("Random traffic and masking, small build, all patterns", "[random]") {
  // Seeds inside the pattern: for_each_pattern's sections are named by the
  // pattern alone, so a seed loop around them would run only the first seed.
  const std::vector<uint64_t> seeds = seeds_to_run({1001, 1002, 1003, 1004});
  tb::for_each_pattern([&seeds](tb::Idle idle, tb::Sink sink) {
    IsoPlan plan;
    plan.full_every = 3;
    for (uint64_t seed : seeds)
      random_run<tests::SmallBuild>(seed, idle, sink, phases_from_env(30), 200, false, plan);
  });
}

TEST_CASE("Random traffic and masking, small build trimmed for small parts (16-bit counters), all patterns",
          "[random][counters]") {
  const std::vector<uint64_t> seeds = seeds_to_run({1501, 1502});
  tb::for_each_pattern([&seeds](tb::Idle idle, tb::Sink sink) {
    IsoPlan plan;
    plan.full_every = 3;
    for (uint64_t seed : seeds)
      random_run<tests::LiteBuild>(seed, idle, sink, phases_from_env(30), 200, false, plan);
  });
}

TEST_CASE("Random traffic and masking, default build, all patterns", "[random]") {
  const std::vector<uint64_t> seeds = seeds_to_run({2000});
  tb::for_each_pattern([&seeds](tb::Idle idle, tb::Sink sink) {
    IsoPlan plan;
    plan.full_every = 6;
    for (uint64_t seed : seeds)
      random_run<tests::DefaultBuild>(seed, idle, sink, phases_from_env(24), 200, false, plan);
  });
}

TEST_CASE("Random traffic and masking, four request ports, all patterns", "[random][ports]") {
  const std::vector<uint64_t> seeds = seeds_to_run({2500});
  tb::for_each_pattern([&seeds](tb::Idle idle, tb::Sink sink) {
    IsoPlan plan;
    plan.full_every = 6;
    for (uint64_t seed : seeds)
      random_run<tests::PortsBuild>(seed, idle, sink, phases_from_env(24), 200, false, plan);
  });
}

TEST_CASE("Random traffic and masking, largest build (16384 entries, 1024 ADIs)", "[random][scale]") {
  const std::vector<uint64_t> seeds = seeds_to_run({3000});
  tb::for_each_pattern([&seeds](tb::Idle idle, tb::Sink sink) {
    IsoPlan plan;
    plan.full_every = 0;  // 16384 rows: samples and the focus blocks only
    plan.sample = 16;
    for (uint64_t seed : seeds)
      random_run<tests::LargeBuild>(seed, idle, sink, phases_from_env(16), 200, false, plan);
  });
}

// The soak: IMS_SOAK_REQUESTS requests (default 10 million) in bursts of up
// to 4000 between host changes, under random idles and backpressure. Its own
// label so CTest can run it apart: `ctest -L soak`. The isolation checker
// looks less often here (every 10th phase's quiet point, all rows every
// 1000th phase, fewer lifecycle moves) to keep the soak's runtime.
TEST_CASE("Soak: ten million requests against the model and the containment checker", "[soak]") {
  const char* s = std::getenv("IMS_SOAK_REQUESTS");
  const uint64_t target = s ? std::strtoull(s, nullptr, 0) : 10000000ull;
  const int phases = static_cast<int>(std::max<uint64_t>(1, target / 2000));
  IsoPlan plan;
  plan.sample = 4;
  plan.quiet_every = 10;
  plan.full_every = 100;
  plan.lifecycle_odds = 8;
  for (uint64_t seed : seeds_to_run({4000})) {
    const uint64_t n = random_run<tests::DefaultBuild>(seed, tb::Idle::Random, tb::Sink::RandomBackpressure,
                                                       phases, 4000, /*mostly_open=*/true, plan);
    std::printf("soak: %llu requests\n", static_cast<unsigned long long>(n));
    CHECK(n >= target * 9 / 10);
  }
}
