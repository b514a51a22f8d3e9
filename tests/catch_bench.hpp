// SPDX-License-Identifier: Apache-2.0
// Catch2 glue for the Bench: names traces after the running test and runs a
// test body across every input-idle x sink pattern, each in its own section,
// so a failure names the pattern.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "bench.hpp"

namespace ims::tb {

namespace detail {
inline std::string& current_pattern() {
  static std::string p;
  return p;
}

// Installed once per test binary, before any Bench is built.
inline const bool kCatchTraceNames = [] {
  default_trace_name() = [] {
    std::string name = Catch::getResultCapture().getCurrentTestName();
    if (!current_pattern().empty()) name += "__" + current_pattern();
    return name;
  };
  return true;
}();
}  // namespace detail

// Runs f(idle, sink) for {no idle, random idle} x {always ready, random
// backpressure, long stalls}.
template <class F>
void for_each_pattern(F&& f) {
  for (Idle idle : {Idle::None, Idle::Random}) {
    for (Sink sink : {Sink::AlwaysReady, Sink::RandomBackpressure, Sink::LongStalls}) {
      const std::string label = pattern_label(idle, sink);
      DYNAMIC_SECTION(label) {
        detail::current_pattern() = label;
        try {
          f(idle, sink);
        } catch (...) {
          detail::current_pattern().clear();
          throw;
        }
        detail::current_pattern().clear();
      }
    }
  }
}

}  // namespace ims::tb
