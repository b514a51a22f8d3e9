// SPDX-License-Identifier: Apache-2.0
// Stimulus timing patterns shared by the agents: input idles and sink
// backpressure.
//
// Contract:
//  * Idle says how many cycles a driver waits between the items it drives:
//    None = back to back; Random = a random gap (often 0, sometimes a few
//    cycles, rarely up to 24), drawn from the agent's own generator.
//  * Sink says how the TLP sink drives tlp_ready_i: AlwaysReady = 1 every
//    cycle; RandomBackpressure = ready in about half the cycles, at random;
//    LongStalls = mostly ready, but a waiting TLP starts a stall of 200-2000
//    cycles with probability 1/32, and after a stall the sink stays ready for
//    at least 16 cycles.
//  * IdleGen::next() is the gap before the next item; it only draws random
//    numbers when the pattern is Random, so Idle::None runs draw nothing.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "seed.hpp"

namespace ims::tb {

enum class Idle { None, Random };
// Hold: never ready (directed tests that park a TLP in front of the sink).
enum class Sink { AlwaysReady, RandomBackpressure, LongStalls, Hold };

inline const char* to_string(Idle i) {
  switch (i) {
    case Idle::None: return "None";
    case Idle::Random: return "Random";
  }
  return "?";
}

inline const char* to_string(Sink s) {
  switch (s) {
    case Sink::AlwaysReady: return "AlwaysReady";
    case Sink::RandomBackpressure: return "RandomBackpressure";
    case Sink::LongStalls: return "LongStalls";
    case Sink::Hold: return "Hold";
  }
  return "?";
}

// "idle=Random sink=LongStalls"
inline std::string pattern_label(Idle i, Sink s) {
  return std::string("idle=") + to_string(i) + " sink=" + to_string(s);
}

// Gap lengths between driven items.
class IdleGen {
 public:
  explicit IdleGen(Idle idle) : idle_(idle) {}
  void set(Idle idle) { idle_ = idle; }
  Idle get() const { return idle_; }

  // Cycles to wait before the next item.
  uint32_t next(std::mt19937_64& rng) const {
    if (idle_ == Idle::None) return 0;
    const uint32_t r = uniform<uint32_t>(rng, 0, 99);
    if (r < 50) return 0;
    if (r < 85) return uniform<uint32_t>(rng, 1, 3);
    if (r < 97) return uniform<uint32_t>(rng, 4, 10);
    return uniform<uint32_t>(rng, 11, 24);
  }

 private:
  Idle idle_;
};

// tlp_ready_i pattern. ready() is the value to drive in the coming cycle;
// advance(valid) moves to the next cycle given whether a TLP was offered.
class SinkGen {
 public:
  static constexpr uint32_t kStallMin = 200;
  static constexpr uint32_t kStallMax = 2000;
  static constexpr uint32_t kStallOdds = 32;   // 1 in kStallOdds offered TLPs
  static constexpr uint32_t kReadyAfterStall = 16;

  explicit SinkGen(Sink sink) : sink_(sink) {}
  void set(Sink sink) {
    sink_ = sink;
    stall_left_ = 0;
    ready_ = true;
  }
  Sink get() const { return sink_; }
  bool ready() const { return ready_; }
  bool stalling() const { return stall_left_ > 0; }

  void advance(bool valid, std::mt19937_64& rng) {
    switch (sink_) {
      case Sink::AlwaysReady:
        ready_ = true;
        break;
      case Sink::Hold:
        ready_ = false;
        break;
      case Sink::RandomBackpressure:
        ready_ = chance(rng, 1, 2);
        break;
      case Sink::LongStalls:
        if (stall_left_ > 0) {
          --stall_left_;
          if (stall_left_ == 0) guard_ = kReadyAfterStall;
        } else if (guard_ > 0) {
          --guard_;
        } else if (valid && chance(rng, 1, kStallOdds)) {
          stall_left_ = uniform<uint32_t>(rng, kStallMin, kStallMax);
        }
        ready_ = stall_left_ == 0;
        break;
    }
  }

 private:
  Sink sink_;
  bool ready_ = true;
  uint32_t stall_left_ = 0;
  uint32_t guard_ = 0;
};

}  // namespace ims::tb
