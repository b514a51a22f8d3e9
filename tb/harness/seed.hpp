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
//  * Scaling out (random regressions, regression_seeds()): IMS_SEEDS=N runs
//    seeds IMS_SEED_BASE .. IMS_SEED_BASE+N-1 (base 1 when unset) instead of
//    a test's built-in seeds; IMS_SHARD=i/n (0 <= i < n) keeps the k-th seed
//    of that list (k from 0) only when k % n == i, so n machines with
//    i = 0..n-1 run every seed exactly once. IMS_SEED (one seed: the replay)
//    wins over both. A malformed value throws: a typo in a CI matrix must
//    not quietly run the wrong seeds.
//  * IMS_XINIT_SEED=<n> changes the Verilator random-initialisation seed
//    (the unreset state, --x-initial unique + randReset(2)) without changing
//    the stimulus seed; unset, it derives from the test seed (xinit_seed()).
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
#include <vector>

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

// The text every failure message carries; it names IMS_XINIT_SEED too when
// that is set, so the rerun it prints replays the unreset state as well.
inline std::string seed_tag(uint64_t seed) {
  const std::string s = std::to_string(seed);
  const char* xinit = std::getenv("IMS_XINIT_SEED");
  const std::string x = xinit != nullptr && xinit[0] != '\0' ? std::string(" IMS_XINIT_SEED=") + xinit : "";
  return "seed=" + s + " (rerun with IMS_SEED=" + s + x + ")";
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

// ---- Scaling out: seed list and shard --------------------------------------

// IMS_SHARD=i/n: this machine's part of a seed list.
struct Shard {
  uint64_t index = 0;
  uint64_t count = 1;
};

// "i/n" with 0 <= i < n, decimal; false on anything else.
inline bool parse_shard(const char* text, Shard* out) {
  if (text == nullptr) return false;
  const std::string s(text);
  const size_t slash = s.find('/');
  if (slash == std::string::npos) return false;
  for (size_t k = 0; k < s.size(); ++k)
    if (k != slash && !std::isdigit(static_cast<unsigned char>(s[k]))) return false;
  uint64_t i = 0, n = 0;
  if (!parse_u64(s.substr(0, slash).c_str(), &i) || !parse_u64(s.substr(slash + 1).c_str(), &n))
    return false;
  if (n == 0 || i >= n) return false;
  *out = Shard{i, n};
  return true;
}

// The part of a seed list one shard runs: the k-th seed when k % n == i.
inline std::vector<uint64_t> shard_of(const std::vector<uint64_t>& seeds, Shard shard) {
  std::vector<uint64_t> out;
  for (size_t k = 0; k < seeds.size(); ++k)
    if (k % shard.count == shard.index) out.push_back(seeds[k]);
  return out;
}

// base, base+1, .. base+count-1.
inline std::vector<uint64_t> seed_range(uint64_t base, uint64_t count) {
  std::vector<uint64_t> out;
  out.reserve(static_cast<size_t>(count));
  for (uint64_t k = 0; k < count; ++k) out.push_back(base + k);
  return out;
}

// The seeds a random regression runs (see the contract at the top): IMS_SEED
// alone, else IMS_SEEDS from IMS_SEED_BASE, else the test's built-in seeds,
// then cut to IMS_SHARD. Throws std::invalid_argument on a malformed value.
inline std::vector<uint64_t> regression_seeds(const std::vector<uint64_t>& builtin) {
  uint64_t one = 0;
  const char* seed_env = std::getenv("IMS_SEED");
  if (seed_env != nullptr && seed_env[0] != '\0') {
    if (!parse_u64(seed_env, &one)) throw std::invalid_argument("IMS_SEED is not a number: " + std::string(seed_env));
    return {one};
  }
  auto value = [](const char* name, uint64_t dflt) {
    const char* v = std::getenv(name);
    if (v == nullptr || v[0] == '\0') return dflt;
    uint64_t out = 0;
    if (!parse_u64(v, &out)) throw std::invalid_argument(std::string(name) + " is not a number: " + v);
    return out;
  };
  const char* seeds_env = std::getenv("IMS_SEEDS");
  const bool listed = seeds_env != nullptr && seeds_env[0] != '\0';
  const std::vector<uint64_t> all =
      listed ? seed_range(value("IMS_SEED_BASE", 1), value("IMS_SEEDS", 0)) : builtin;
  Shard shard;
  const char* shard_env = std::getenv("IMS_SHARD");
  if (shard_env != nullptr && shard_env[0] != '\0' && !parse_shard(shard_env, &shard))
    throw std::invalid_argument("IMS_SHARD is not i/n with 0 <= i < n: " + std::string(shard_env));
  return shard_of(all, shard);
}

// The Verilator random-initialisation seed (randSeed) of a simulation: from
// IMS_XINIT_SEED when set (mixed with nothing else, so one value means the
// same unreset state for every stimulus seed), else derived from the test
// seed as it always was. Never 0 (Verilator reads 0 as "pick one at random").
inline int xinit_seed(uint64_t test_seed) {
  uint64_t x = 0;
  const uint64_t mixed = parse_u64(std::getenv("IMS_XINIT_SEED"), &x) ? splitmix64(x ^ 0x781417ULL)
                                                                      : splitmix64(test_seed);
  const int s = static_cast<int>(mixed & 0x7FFFFFFF);
  return s == 0 ? 1 : s;
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
