// SPDX-License-Identifier: Apache-2.0
// The Verilated builds the tests run against, with their parameters, so a test
// can be written once and instantiated per build.
#pragma once

#include <cstdint>
#include <type_traits>

#include "Vims_default.h"
#include "Vims_large.h"
#include "Vims_lite.h"
#include "Vims_ports.h"
#include "Vims_small.h"
#include "catch_bench.hpp"

namespace ims::tests {

// kRamOutReg: ims_top's RamOutReg (CMakeLists.txt), the entry row registered
// in the RAM's output register (larger parts) or after a plain RAM (iCE40);
// the same behaviour at the ports, so the same tests run on both.
struct DefaultBuild {
  using Top = Vims_default;
  static constexpr uint32_t kEntries = 2048, kAdis = 64;
  static constexpr bool kRamOutReg = true;
};
struct SmallBuild {
  using Top = Vims_small;
  static constexpr uint32_t kEntries = 64, kAdis = 8;
  static constexpr bool kRamOutReg = false;
};
// The 64-entry build trimmed for small parts (iCE40 UP5K, `make synth`
// e64_a8_lite): 16-bit counters that saturate (CounterW) and an 8-record
// fault log (FaultDepth). Its synthesis also
// sets CounterDsp (the counters and FAULT_LOST in the UP5K's DSP blocks),
// which simulation does not see: the same counters in flip-flops, proven
// equal to the DSP configuration by constraints/dsp_equiv.py.
struct LiteBuild {
  using Top = Vims_lite;
  static constexpr uint32_t kEntries = 64, kAdis = 8, kCounterW = 16, kFaultDepth = 8;
  static constexpr bool kRamOutReg = false;
};
struct PortsBuild {  // the default tables with four request ports
  using Top = Vims_ports;
  static constexpr uint32_t kEntries = 2048, kAdis = 64, kPorts = 4;
  static constexpr bool kRamOutReg = true;
};
struct LargeBuild {
  using Top = Vims_large;
  static constexpr uint32_t kEntries = 16384, kAdis = 1024;
  static constexpr bool kRamOutReg = true;
};

// Request handshake to tlp_valid_o, into a ready sink (docs/theory-of-operation.md,
// "The interrupt pipeline"): S0, S1, S2 registers the rows, S3 decides, the
// output slice registers.
constexpr uint64_t kLatencyCycles = 4;

template <class Build>
tb::BenchOptions options(uint64_t seed, tb::Idle idle = tb::Idle::None,
                         tb::Sink sink = tb::Sink::AlwaysReady) {
  tb::BenchOptions o;
  o.seed = seed;
  o.idle = idle;
  o.sink = sink;
  o.entries = Build::kEntries;
  o.adis = Build::kAdis;
  if constexpr (std::is_same_v<Build, PortsBuild>) o.req_ports = PortsBuild::kPorts;
  if constexpr (std::is_same_v<Build, LiteBuild>) {
    o.counter_width = LiteBuild::kCounterW;
    o.fault_depth = LiteBuild::kFaultDepth;
  }
  return o;
}

}  // namespace ims::tests
