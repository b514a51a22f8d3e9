// SPDX-License-Identifier: Apache-2.0
// ims_sim's command line, and the seed rule. Plain C++17, header only so the
// tests check it without running anything.
//
// Seed rule: the seed comes from `--seed N` or from the IMS_SEED environment
// variable (the testbench's replay switch), or is 1 when neither is given.
// Both given with different values is an error: the runner cannot know
// which one the user meant, and quietly taking either one replays a
// different run than the one asked for. The header line of every run says
// which seed it used and where it came from.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/seed.hpp"

namespace ims::sim {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string scenario;
  uint64_t seed = 1;
  std::string seed_from = "default";  // "--seed", "IMS_SEED", "--seed and IMS_SEED", "default"
  std::string out = "build/sim";
  bool waves = true;  // --no-waves: no waves.fst (about 60 MB per 3 M cycles)
};

inline const char* kUsage =
    "usage: ims_sim <scenario.scn> [--seed N] [--out DIR] [--no-waves]\n"
    "  --seed N     seed of the run (decimal or 0x hex); IMS_SEED=N works too,\n"
    "               but both given with different values is an error\n"
    "  --out DIR    where trace.hex and waves.fst go (default build/sim)\n"
    "  --no-waves   do not write waves.fst\n";

// `args` without the program name; `env_seed` is getenv("IMS_SEED").
inline Options parse_args(const std::vector<std::string>& args, const char* env_seed) {
  Options o;
  bool seed_given = false, scenario_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      return args[++i];
    };
    if (a == "--seed") {
      const std::string& v = value();
      if (!tb::parse_u64(v.c_str(), &o.seed)) throw UsageError("--seed " + v + ": not a 64-bit number");
      seed_given = true;
    } else if (a == "--out") {
      o.out = value();
    } else if (a == "--no-waves") {
      o.waves = false;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError("unknown option " + a);
    } else if (scenario_given) {
      // One run, one scenario: a second name would silently win otherwise.
      throw UsageError("two scenario files (" + o.scenario + ", " + a + "): give one");
    } else {
      o.scenario = a;
      scenario_given = true;
    }
  }
  if (!scenario_given) throw UsageError("no scenario file");
  if (env_seed != nullptr && env_seed[0] != '\0') {
    uint64_t env = 0;
    if (!tb::parse_u64(env_seed, &env))
      throw UsageError(std::string("IMS_SEED=") + env_seed + ": not a 64-bit number");
    if (seed_given && env != o.seed)
      throw UsageError("--seed " + std::to_string(o.seed) + " and IMS_SEED=" + std::to_string(env) +
                       " disagree: give one (with make: make sim SEED=N)");
    o.seed_from = seed_given ? "--seed and IMS_SEED" : "IMS_SEED";
    o.seed = env;
  } else if (seed_given) {
    o.seed_from = "--seed";
  }
  return o;
}

}  // namespace ims::sim
