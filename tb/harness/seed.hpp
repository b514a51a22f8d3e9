// SPDX-License-Identifier: Apache-2.0
// Seeds, environment switches and failure reporting for the testbench.
//
// Contract:
//  * One seed (uint64) per test. resolve_seed() returns the IMS_SEED
//    environment value when it is set (decimal or 0x-hex), else the seed the
//    test asked for, so any failure replays with `IMS_SEED=<n> <test binary>`.
//  * seed_tag() is the text every failure message carries.
//  * Each agent draws from its own std::mt19937_64, derived from the one seed
//    and a fixed salt (agent_rng), so changing how much one agent draws does
//    not change what the others do.
//  * SimFailure is what the harness throws when the simulation cannot go on
//    (RTL assertion, $finish, timeout); Catch2 reports its message.
//  * Tracing is off unless IMS_TRACE=1; waves go to IMS_WAVE_DIR (env), else
//    the compile-time IMS_WAVE_DIR, else <IMS_SOURCE_DIR>/build/waves (CMake
//    defines IMS_SOURCE_DIR), else build/waves under the working folder.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

#ifndef IMS_WAVE_DIR
#ifdef IMS_SOURCE_DIR
#define IMS_WAVE_DIR IMS_SOURCE_DIR "/build/waves"
#else
#define IMS_WAVE_DIR "build/waves"
#endif
#endif

namespace ims::tb {

// Thrown by the harness; the message already names cycle and seed.
class SimFailure : public std::runtime_error {
 public:
  explicit SimFailure(const std::string& what) : std::runtime_error(what) {}
};

// Parses a decimal or 0x-prefixed hex unsigned 64-bit value; false on junk.
inline bool parse_u64(const char* text, uint64_t* out) {
  if (text == nullptr || *text == '\0') return false;
  std::string s(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  if (s.empty()) return false;
  try {
    size_t used = 0;
    const unsigned long long v = std::stoull(s, &used, 0);
    if (used != s.size()) return false;
    *out = static_cast<uint64_t>(v);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The seed a test runs with: IMS_SEED from the environment wins.
inline uint64_t resolve_seed(uint64_t requested) {
  uint64_t env = 0;
  if (parse_u64(std::getenv("IMS_SEED"), &env)) return env;
  return requested;
}

// The text every failure message carries.
inline std::string seed_tag(uint64_t seed) {
  const std::string s = std::to_string(seed);
  return "seed=" + s + " (rerun with IMS_SEED=" + s + ")";
}

// "cycle N, seed=... (rerun with IMS_SEED=...)"
inline std::string where(uint64_t cycle, uint64_t seed) {
  return "cycle " + std::to_string(cycle) + ", " + seed_tag(seed);
}

// splitmix64: a well-mixed derivation of sub-seeds from the one seed.
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Fixed salts, one per consumer of randomness.
enum class Salt : uint64_t {
  AxilDriver = 1,
  ReqDriver = 2,
  TlpSink = 3,
  Test = 4,
};

inline std::mt19937_64 agent_rng(uint64_t seed, Salt salt) {
  return std::mt19937_64(splitmix64(seed ^ splitmix64(static_cast<uint64_t>(salt))));
}

// Uniform integer in [lo, hi] (inclusive) from an agent's generator.
template <class Int>
inline Int uniform(std::mt19937_64& rng, Int lo, Int hi) {
  return std::uniform_int_distribution<Int>(lo, hi)(rng);
}

// True with probability num/den.
inline bool chance(std::mt19937_64& rng, uint32_t num, uint32_t den) {
  return std::uniform_int_distribution<uint32_t>(0, den - 1)(rng) < num;
}

inline bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && v[0] != '\0' && std::string(v) != "0";
}

inline bool trace_requested() { return env_flag("IMS_TRACE"); }

inline std::string wave_dir() {
  const char* v = std::getenv("IMS_WAVE_DIR");
  if (v != nullptr && v[0] != '\0') return v;
  return IMS_WAVE_DIR;
}

// Path of the wave file for a test: <dir>/<name>.fst
inline std::string wave_path(const std::string& dir, const std::string& name) {
  return dir + "/" + name + ".fst";
}

// Turns a test name into a file name: [A-Za-z0-9_.-] kept, the rest '_'.
inline std::string sanitize_name(const std::string& name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                      c == '-' || c == '.';
    out.push_back(keep ? c : '_');
  }
  // Collapse runs of '_' so names stay readable.
  std::string collapsed;
  for (char c : out) {
    if (c == '_' && !collapsed.empty() && collapsed.back() == '_') continue;
    collapsed.push_back(c);
  }
  while (!collapsed.empty() && collapsed.back() == '_') collapsed.pop_back();
  return collapsed.empty() ? std::string("unnamed") : collapsed;
}

}  // namespace ims::tb
