// SPDX-License-Identifier: Apache-2.0
// Constrained-random regression: random ADI layouts (tagged/untagged, TC,
// PMR/ER), random entries (3DW/4DW, anywhere in the table), random traffic
// including refused requests, and random mask/unmask at entry, ADI and global
// level, under every idle/sink pattern. The seed is printed on failure and
// replayable with IMS_SEED=<seed>; IMS_RANDOM_ITERS scales the run.
//
// Host writes and reads race the traffic: each phase queues a burst of
// requests, lets part of it run, then makes its host changes while the rest
// is still flowing; releases, ADI resets and view writes interleave with
// requests. The timed golden model predicts every TLP of every race
// (docs/theory-of-operation.md, "Commit points"), and every counter and
// fault-log read, also mid-traffic.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <type_traits>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;

namespace {

template <class Build>
// mostly_open: no global or ADI mask toggles (most requests send), for the soak.
uint64_t random_run(uint64_t seed, tb::Idle idle, tb::Sink sink, int phases,
                    uint32_t max_burst = 200, bool mostly_open = false) {
  uint64_t requests = 0;
  tb::Bench<typename Build::Top> b(tests::options<Build>(seed, idle, sink));
  std::printf("random run: %u entries, %s, %s\n", Build::kEntries,
              tb::pattern_label(idle, sink).c_str(), b.seed_tag().c_str());
  std::mt19937_64 rng(b.seed() ^ 0x5eed);
  auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  const uint32_t entries = Build::kEntries, adis = Build::kAdis;
  uint32_t ports = 1;
  if constexpr (std::is_same_v<Build, tests::PortsBuild>) ports = tests::PortsBuild::kPorts;

  b.wait_ready();
  b.write(REQUESTER_ID, pick(0x10000));
  b.write(CTRL, kCtrlEnable);

  // Carve the table into disjoint blocks for a random subset of ADIs.
  std::vector<AdiConfig> cfg(adis);
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
    setup_adi(b, a, c);
  }
  for (uint32_t i = 0; i < entries; ++i) {
    if (pick(3) == 0) continue;  // some entries stay at reset (masked)
    const uint64_t addr = pick(4) == 0 ? (uint64_t(1 + pick(0xFFFF)) << 32) | rng() % 0xFFFFFFFF
                                       : 0xFEE00000u | pick(0x100000);
    program_entry(b, i, addr, static_cast<uint32_t>(rng()), pick(5) == 0);
    // Some entries check the work's PASID (DSA style), against one of two.
    if (pick(6) == 0) b.write(entry_ctrl(i), ((0x100u + pick(2)) << 12) | (1u << 3));
  }
  b.wait_release_idle();  // the sweeps started by enabling ADIs

  for (int phase = 0; phase < phases; ++phase) {
    const int burst = 20 + static_cast<int>(pick(max_burst));
    requests += static_cast<uint64_t>(burst);
    for (int k = 0; k < burst; ++k) {
      uint16_t adi = static_cast<uint16_t>(pick(adis));
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
      b.request_on(pick(ports), item);
    }
    b.step(pick(static_cast<uint32_t>(burst)));  // part of the burst runs
    // A few host changes while the rest of the burst flows.
    for (int k = 0, n = 1 + static_cast<int>(pick(4)); k < n; ++k) {
      uint32_t choice = pick(11);
      if (mostly_open && (choice == 1 || choice == 2)) choice = 3;
      switch (choice) {
        case 0:
          b.write(entry_ctrl(pick(entries)), pick(2) ? kEntryMask : 0);
          break;
        case 1: {
          const uint32_t a = pick(adis);
          cfg[a].mask = !cfg[a].mask;
          b.write(adi_ctrl(a), adi_ctrl_value(cfg[a]));
          break;
        }
        case 2:
          b.write(CTRL, kCtrlEnable | (pick(2) ? kCtrlMask : 0));
          break;
        case 3:
          b.write(entry_data(pick(entries)), static_cast<uint32_t>(rng()));
          break;
        case 4:
          b.read(pba(pick(entries / 32)));
          break;
        case 6: {
          // A guest writes through a view: its own or not, in its block or not.
          const uint32_t a = pick(adis + 1);
          const uint32_t v = pick(std::max(1u, a < adis ? cfg[a].size + 2 : 4));
          const uint32_t word = pick(4);
          b.write(view_addr(a, v, word), word == 1 ? pick(2) : 0xFEE00000u | pick(0x100000),
                  static_cast<uint8_t>(pick(16)));
          break;
        }
        case 7: {
          // The host flips guest-direct or tagging; refused when it would
          // leave guest-direct without tagging.
          const uint32_t a = pick(adis);
          AdiConfig c = cfg[a];
          if (pick(2)) c.guest_direct = !c.guest_direct; else c.tagged = !c.tagged;
          if (b.write(adi_ctrl(a), adi_ctrl_value(c)) == Resp::Okay) cfg[a] = c;
          break;
        }
        case 8:
          // Move the untagged window, or put it back.
          if (pick(2)) {
            b.write(UNTAGGED_BASE, 0xFEE00000);
            b.write(UNTAGGED_MASK, 0xFFF00000);
          } else {
            b.write(UNTAGGED_BASE, 0xFEE80000);
            b.write(UNTAGGED_MASK, 0xFFF80000);
          }
          break;
        case 10: {
          // ADI reset: disabled, its entries back to reset values.
          const uint32_t a = pick(adis);
          reset_adi(b, a, adi_ctrl_value(cfg[a]));
          cfg[a].enable = false;
          if (mostly_open && cfg[a].base + cfg[a].size <= entries) {
            // Reconfigure it and program its entries again.
            cfg[a].enable = true;
            setup_adi(b, a, cfg[a]);
            for (uint32_t v = 0; v < cfg[a].size; ++v)
              program_entry(b, cfg[a].base + v, 0xFEE00000u | pick(0x100000), static_cast<uint32_t>(rng()));
          }
          break;
        }
        case 5: {
          // A counter or the fault log, read while the traffic flows.
          static const uint32_t regs[] = {CNT_SENT, CNT_PENDING, CNT_DROP_ADI_DISABLED,
                                          CNT_DROP_OUT_OF_RANGE, CNT_DROP_WINDOW,
                                          CNT_DROP_PASID_CHECK, CNT_SATISFIED, FAULT_STATUS,
                                          FAULT_LOST, FAULT_REC_CODE, FAULT_REC_INDEX,
                                          FAULT_REC_VALUE};
          b.read(regs[pick(sizeof regs / sizeof regs[0])]);
          break;
        }
        case 9:
          // The host takes an entry back: clear GP.
          b.write(entry_ctrl(pick(entries)), kEntryGp | (pick(2) ? kEntryMask : 0));
          break;
        default:
          b.read(entry_ctrl(pick(entries)));
          break;
      }
    }
    b.drain();
    b.wait_release_idle();  // idle: the model must owe nothing
  }
  b.write(CTRL, kCtrlEnable);
  b.wait_release_idle();
  for (uint32_t a = 0; a < adis; ++a) {
    cfg[a].mask = false;
    b.write(adi_ctrl(a), adi_ctrl_value(cfg[a]));
  }
  b.wait_release_idle();
  for (uint32_t w = 0; w < entries / 32; ++w) b.read(pba(w));
  std::printf("  %zu TLPs (%llu checked for containment); dropped: window/GP %u, PASID check %u,"
              " out of range %u; refused: guest %u, config %u, illegal %u\n",
              b.seen().size(), static_cast<unsigned long long>(b.containment().checked()),
              b.read(CNT_DROP_WINDOW), b.read(CNT_DROP_PASID_CHECK), b.read(CNT_DROP_OUT_OF_RANGE),
              b.read(CNT_REFUSED_GUEST), b.read(CNT_REFUSED_CONFIG), b.read(CNT_ILLEGAL_HOST));
  std::printf("  %llu requests handshaken within 2 cycles of a host write landing\n",
              static_cast<unsigned long long>(b.close_races()));
  for (uint32_t r : {CNT_DROP_WINDOW, CNT_DROP_PASID_CHECK, CNT_REFUSED_GUEST,
                     CNT_REFUSED_CONFIG, CNT_ILLEGAL_HOST, FAULT_STATUS, FAULT_LOST,
                     FAULT_REC_CODE, FAULT_REC_INDEX, FAULT_REC_VALUE})
    b.read(r);
  for (uint32_t r : {CNT_SENT, CNT_PENDING, CNT_DROP_DISABLED, CNT_DROP_UNKNOWN_ADI,
                     CNT_DROP_ADI_DISABLED, CNT_DROP_OUT_OF_RANGE})
    b.read(r);
  b.finish();
  return requests;
}

int phases_from_env(int dflt) {
  const char* s = std::getenv("IMS_RANDOM_ITERS");
  return s ? std::max(1, std::atoi(s)) : dflt;
}

}  // namespace

TEST_CASE("Random traffic and masking, small build, all patterns", "[random]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    for (uint64_t s = 1; s <= 4; ++s)
      random_run<tests::SmallBuild>(1000 + s, idle, sink, phases_from_env(30));
  });
}

TEST_CASE("Random traffic and masking, default build, all patterns", "[random]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    random_run<tests::DefaultBuild>(2000, idle, sink, phases_from_env(12));
  });
}

TEST_CASE("Random traffic and masking, four request ports, all patterns", "[random][ports]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    random_run<tests::PortsBuild>(2500, idle, sink, phases_from_env(12));
  });
}

TEST_CASE("Random traffic and masking, largest build (16384 entries, 1024 ADIs)", "[random][scale]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    random_run<tests::LargeBuild>(3000, idle, sink, phases_from_env(6));
  });
}

// The soak: IMS_SOAK_REQUESTS requests (default 10 million) in bursts of up
// to 4000 between host changes, under random idles and backpressure. Its own
// label so CTest can run it apart: `ctest -L soak`.
TEST_CASE("Soak: ten million requests against the model and the containment checker", "[soak]") {
  const char* s = std::getenv("IMS_SOAK_REQUESTS");
  const uint64_t target = s ? std::strtoull(s, nullptr, 0) : 10000000ull;
  const int phases = static_cast<int>(std::max<uint64_t>(1, target / 2000));
  const uint64_t n = random_run<tests::DefaultBuild>(4000, tb::Idle::Random, tb::Sink::RandomBackpressure,
                                                     phases, 4000, /*mostly_open=*/true);
  std::printf("soak: %llu requests\n", static_cast<unsigned long long>(n));
  CHECK(n >= target * 9 / 10);
}
