// SPDX-License-Identifier: Apache-2.0
// TLP output port: the monitor (observes) and the sink (drives tlp_ready_i).
//
// Contract:
//  * TlpMonitor::sample() looks at the settled cycle and returns one
//    TlpObserved per handshake (tlp_valid_o && tlp_ready_i): the words
//    (prefix only if tlp_prfx_valid_o; hdr[0] = tlp_hdr_o[127:96] = DW0 ...
//    hdr[3] = tlp_hdr_o[31:0] = DW3), the first cycle tlp_valid_o was 1 for
//    this TLP and the handshake cycle.
//  * While a TLP waits (valid && !ready) the monitor checks the stream rules:
//    tlp_valid_o stays 1 and every payload bit (header, data, prefix valid,
//    prefix) stays stable until the handshake; and tlp_prfx_valid_o is never
//    1 without tlp_valid_o. A violation is recorded in protocol_errors().
//    It never drives anything.
//  * quiet_cycles() counts consecutive sampled cycles with tlp_valid_o = 0.
//  * TlpSink drives tlp_ready_i following the Sink pattern (see
//    harness/patterns.hpp); apply() drives, sample() moves the pattern on.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "../harness/patterns.hpp"
#include "../harness/seed.hpp"
#include "../model/tlp.hpp"

namespace ims::tb {

struct TlpObserved {
  TlpWords words;
  uint64_t first_valid_cycle = 0;
  uint64_t handshake_cycle = 0;
};

// Reads the TLP output lanes of the model into TlpWords.
template <class Top>
inline TlpWords read_tlp_lanes(const Top& top) {
  TlpWords w;
  w.prefix_valid = top.tlp_prfx_valid_o != 0;
  w.prefix = w.prefix_valid ? static_cast<uint32_t>(top.tlp_prfx_o) : 0;
  for (int i = 0; i < 4; ++i) w.hdr[i] = static_cast<uint32_t>(top.tlp_hdr_o[3 - i]);
  w.data = static_cast<uint32_t>(top.tlp_data_o);
  return w;
}

// Observes the TLP port; never drives.
template <class Top>
class TlpMonitor {
 public:
  const std::vector<std::string>& protocol_errors() const { return errors_; }
  uint64_t quiet_cycles() const { return quiet_; }
  bool waiting() const { return waiting_; }
  // The DUT was reset: a TLP it was holding is gone, not dropped.
  void reset() {
    waiting_ = false;
    quiet_ = 0;
  }

  std::optional<TlpObserved> sample(const Top& top, uint64_t cycle) {
    const bool valid = top.tlp_valid_o != 0;
    const bool ready = top.tlp_ready_i != 0;
    const Raw now = raw(top);

    if (waiting_) {
      if (!valid) {
        error(cycle, "tlp_valid_o dropped before tlp_ready_i (TLP first valid at cycle " +
                         std::to_string(first_valid_) + ")");
      } else if (!(now == held_)) {
        error(cycle, "TLP payload changed while waiting for tlp_ready_i (held since cycle " +
                         std::to_string(first_valid_) + "): was " + describe(held_.words) +
                         ", now " + describe(now.words));
      }
    }

    // The prefix lane's valid means "this TLP has a prefix".
    if (top.tlp_prfx_valid_o && !valid) error(cycle, "tlp_prfx_valid_o is 1 without tlp_valid_o");
    quiet_ = valid ? 0 : quiet_ + 1;
    if (!valid) {
      waiting_ = false;
      return std::nullopt;
    }
    if (!waiting_) first_valid_ = cycle;
    if (ready) {
      waiting_ = false;
      return TlpObserved{now.words, first_valid_, cycle};
    }
    waiting_ = true;
    held_ = now;
    return std::nullopt;
  }

 private:
  // Everything the port carries; the raw prefix lane counts even while its
  // valid is 0 (it must be stable too).
  struct Raw {
    TlpWords words;            // prefix masked by its valid
    uint32_t prefix_lane = 0;  // the raw lane, for the stability check
    bool operator==(const Raw& o) const {
      return words == o.words && words.prefix_valid == o.words.prefix_valid &&
             prefix_lane == o.prefix_lane;
    }
  };

  static Raw raw(const Top& top) {
    Raw r;
    r.words = read_tlp_lanes(top);
    r.prefix_lane = static_cast<uint32_t>(top.tlp_prfx_o);
    return r;
  }

  void error(uint64_t cycle, const std::string& what) {
    errors_.push_back("TLP port at cycle " + std::to_string(cycle) + ": " + what);
  }

  bool waiting_ = false;
  uint64_t first_valid_ = 0;
  uint64_t quiet_ = 0;
  Raw held_;
  std::vector<std::string> errors_;
};

// Drives tlp_ready_i.
template <class Top>
class TlpSink {
 public:
  TlpSink(uint64_t seed, Sink sink) : rng_(agent_rng(seed, Salt::TlpSink)), gen_(sink) {}

  void set_sink(Sink sink) { gen_.set(sink); }
  Sink sink() const { return gen_.get(); }

  void apply(Top& top) { top.tlp_ready_i = gen_.ready(); }

  void sample(const Top& top) { gen_.advance(top.tlp_valid_o != 0, rng_); }

 private:
  std::mt19937_64 rng_;
  SinkGen gen_;
};

}  // namespace ims::tb
