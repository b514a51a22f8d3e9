// SPDX-License-Identifier: Apache-2.0
// ims_bench: the performance numbers (make bench), measured on the RTL with
// the golden model and scoreboard checking every TLP. Prints a table and ends
// with one JSON line. Nothing here asserts a target: it measures.
//
//   tlps_per_cycle               back-to-back requests into an always-ready
//                                sink, mixed 3DW/4DW and tagged/untagged,
//                                TLPs / cycles from first to last TLP
//   tlps_per_cycle_backpressure  the same into a randomly stalling sink
//                                (sink_ready_fraction: how often it was ready
//                                while a TLP was offered: the ceiling)
//   tlps_per_cycle_host_reads    back to back while the host reads entries
//                                continuously over AXI4-Lite
//   latency_cycles_min/max       request handshake to tlp_valid_o, sink
//                                always ready (with and without host reads)
//   latency_cycles_max_backpressure  the same while the sink stalls (the
//                                whole pipeline waits for the sink)
//   sim_cycles_per_s             simulated cycles per wall-clock second,
//                                checking on, over the whole benchmark
//   sim_tlps_per_s_checked       TLPs per wall-clock second in the ready-sink
//                                run (after configuration): every TLP checked
//                                by the model, scoreboard and containment
//                                checker, drivers and monitors on
//   sim_cycles_per_s_bare        the same build and configuration, then the
//                                ports driven straight (requests back to back,
//                                sink ready), nothing checked or recorded:
//                                what the DUT model alone costs
//                                (sim_tlps_per_s_bare: its TLPs per second)
//   build_seconds                wall seconds of the build step `make bench`
//                                ran before it (IMS_BUILD_SECONDS; small when
//                                the model was up to date or cached by ccache)
//   unmask_to_tlp_cycles_max     an entry's unmask write, B handshake to its
//                                pending TLP's handshake (negative: the TLP
//                                left before the response), worst of 256
//                                entries while another ADI sends back to back
//   tlps_per_cycle_4ports        four request ports (NumReqPorts = 4), all
//                                busy, ready sink: TLPs per cycle
//   release_tlps_per_cycle       a full table (2048 entries) pending under the
//                                global mask, then unmasked: TLPs per cycle
//                                from the first release TLP to the last
//   latency_ns_<build>_<target>  latency_cycles_max at the Fmax make synth
//                                measured (build/synth/results.json or
//                                IMS_SYNTH_JSON); absent without a measurement
//   sweep_last_entry_cycles      the scan's worst case: only the table's last
//                                entry (2047) pending under its ADI's mask;
//                                the ADI unmask's B handshake to that TLP, on
//                                an idle block (..._loaded: while another ADI
//                                sends back to back)
#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "Vims_default.h"
#include "Vims_ports.h"
#include "bench.hpp"
#include "ims_regmap.hpp"

namespace {

using namespace ims;
using namespace ims::regmap;
using Bench = tb::Bench<Vims_default>;

constexpr uint32_t kRequests = 200000;

// Thread CPU seconds: the rates are also given per CPU second, which a
// shared machine's load does not change much (wall-clock rates drop with
// every other job on the core).
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}


struct Run {
  double tlps_per_cycle = 0;
  uint64_t lat_min = ~0ull, lat_max = 0;
  uint64_t cycles = 0;
  double ready_fraction = 1.0;
  double tlps_per_s = 0;  // wall clock, from the first request to finish()
  double tlps_per_cpu_s = 0;  // the same per CPU second of this thread
};

// Two ADIs over 1024 entries: ADI 0 untagged (3DW), ADI 1 tagged with every
// other entry 4DW.
void configure(Bench& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0100);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 0, AdiConfig{0, 512});
  setup_adi(b, 1, AdiConfig{512, 512, true, false, true, true, false, 0x12345, 3});
  for (uint32_t i = 0; i < 1024; ++i) {
    const uint64_t addr = (i % 2) ? (0x100000000ull | (i * 4)) : 0xFEE00000u + 4 * i;
    program_entry(b, i, addr, 0x10000 + i);
  }
  b.wait_release_idle();
}

// The timed part of a run, in a function of its own so that a profiler can
// count it alone (callgrind --toggle-collect='*timed_run*').
[[gnu::noinline]] void timed_run(Bench& b, size_t first_tlp, uint32_t requests, bool host_reads,
                                 uint64_t* ready_cycles, uint64_t* offered_cycles) {
  for (uint32_t k = 0; k < requests; ++k) b.request(k % 2, static_cast<uint16_t>((k * 7) % 512));
  uint32_t r = 0;
  while (b.seen().size() - first_tlp < requests) {
    if (host_reads) {
      b.read(entry_data(r++ % 2048));
    } else {
      *offered_cycles += b.top().tlp_valid_o ? 1 : 0;
      *ready_cycles += (b.top().tlp_valid_o && b.top().tlp_ready_i) ? 1 : 0;
      b.step();
    }
  }
  b.finish();
}

Run measure(tb::Sink sink, bool host_reads, uint64_t seed, uint32_t requests = kRequests) {
  tb::BenchOptions o;
  o.seed = seed;
  o.sink = sink;
  o.entries = 2048;
  o.adis = 64;
  Bench b(o);
  configure(b);
  const size_t first_tlp = b.seen().size();
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  uint64_t ready_cycles = 0, offered_cycles = 0;
  timed_run(b, first_tlp, requests, host_reads, &ready_cycles, &offered_cycles);
  Run run;
  run.tlps_per_s = static_cast<double>(requests) /
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.tlps_per_cpu_s = static_cast<double>(requests) / (cpu_seconds() - c0);
  const uint64_t span = b.seen_cycles().back() - b.seen_cycles()[first_tlp] + 1;
  run.tlps_per_cycle = static_cast<double>(requests) / static_cast<double>(span);
  for (uint64_t l : b.latencies()) {
    run.lat_min = std::min(run.lat_min, l);
    run.lat_max = std::max(run.lat_max, l);
  }
  run.cycles = b.cycle();
  if (offered_cycles) run.ready_fraction = static_cast<double>(ready_cycles) / static_cast<double>(offered_cycles);
  return run;
}

// The bare DUT: configured through the checked bench, then its ports driven
// straight (the same requests as the ready-sink run, back to back, sink
// always ready) with no driver, monitor, model or checker. The TLPs are
// counted, so a DUT that stops sending shows as a rate of zero.
struct Bare {
  double cycles_per_s = 0, tlps_per_s = 0;
  double cycles_per_cpu_s = 0;
};

// The bare loop (see timed_run): returns the cycles it took.
[[gnu::noinline]] uint64_t timed_bare(Vims_default& t, uint32_t requests) {
  uint64_t cycles = 0, tlps = 0;
  uint32_t k = 0;
  while (tlps < requests) {
    t.clk_i = 0;
    t.req_valid_i = 1;
    t.req_adi_i = k % 2;
    t.req_vec_i = (k * 7) % 512;
    t.req_pasid_valid_i = 0;
    t.req_satisfy_i = 0;
    t.tlp_ready_i = 1;
    t.eval();
    const bool taken = t.req_ready_o;
    const bool sent = t.tlp_valid_o;
    t.clk_i = 1;
    t.eval();
    k += taken ? 1 : 0;
    tlps += sent ? 1 : 0;
    if (++cycles > 4ull * requests) throw tb::SimFailure("measure_bare: the DUT stopped sending");
  }
  return cycles;
}

Bare measure_bare(uint64_t seed, uint32_t requests = kRequests) {
  tb::BenchOptions o;
  o.seed = seed;
  o.entries = 2048;
  o.adis = 64;
  Bench b(o);
  configure(b);
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  const uint64_t cycles = timed_bare(b.top(), requests);
  const double tlps = requests;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpu_seconds() - c0;
  return Bare{static_cast<double>(cycles) / secs, tlps / secs,
              static_cast<double>(cycles) / cpu};
}

// Four ports back to back into a ready sink (the build with NumReqPorts = 4).
double measure_4ports(uint64_t seed, uint64_t* cycles) {
  tb::BenchOptions o;
  o.seed = seed;
  o.entries = 2048;
  o.adis = 64;
  o.req_ports = 4;
  tb::Bench<Vims_ports> b(o);
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  for (uint32_t a = 0; a < 4; ++a) {
    setup_adi(b, a, AdiConfig{256 * a, 256});
    for (uint32_t v = 0; v < 256; ++v) program_entry(b, 256 * a + v, 0xFEE00000u + 4 * v, v);
  }
  b.wait_release_idle();
  const size_t first = b.seen().size();
  const uint32_t per_port = kRequests / 4;
  for (uint32_t k = 0; k < per_port; ++k)
    for (unsigned p = 0; p < 4; ++p)
      b.request_on(p, tb::ReqItem{static_cast<uint16_t>(p), static_cast<uint16_t>(k % 256)});
  while (b.seen().size() - first < 4ull * per_port) b.step();
  b.finish();
  *cycles = b.cycle();
  const uint64_t span = b.seen_cycles().back() - b.seen_cycles()[first] + 1;
  return static_cast<double>(b.seen().size() - first) / static_cast<double>(span);
}

struct Release {
  int64_t unmask_to_tlp_max = 0;
  double release_tlps_per_cycle = 0;
  int64_t sweep_last = 0, sweep_last_loaded = 0;
  uint64_t cycles = 0;
};

// Entry 2047 (ADI 1's last vector) pending under ADI 1's mask, then the ADI
// unmasked: cycles from the unmask's B handshake to entry 2047's TLP.
template <class B>
int64_t sweep_to_last_entry(B& b, bool loaded) {
  AdiConfig adi1{1024, 1024};
  adi1.mask = true;
  b.write(adi_ctrl(1), adi_ctrl_value(adi1));
  b.request(1, 1023);
  b.drain();
  b.wait_release_idle();
  if (loaded) {
    for (uint32_t k = 0; k < 3000; ++k) b.request(0, static_cast<uint16_t>(k % 1024));
    b.step(20);
  }
  const size_t before = b.seen().size();
  adi1.mask = false;
  b.write(adi_ctrl(1), adi_ctrl_value(adi1));
  const uint64_t resp = b.last_response_cycle();
  b.drain();
  b.wait_release_idle();
  for (size_t i = before; i < b.seen().size(); ++i)
    if (!b.seen()[i].prefix_valid && b.seen()[i].data == 2047)
      return static_cast<int64_t>(b.seen_cycles()[i]) - static_cast<int64_t>(resp);
  throw tb::SimFailure("sweep_to_last_entry: entry 2047 never sent");
}

Release measure_release(uint64_t seed) {
  tb::BenchOptions o;
  o.seed = seed;
  o.entries = 2048;
  o.adis = 64;
  Bench b(o);
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  // ADI 0's releases race ADI 1's requests on purpose; the timed model
  // predicts their interleaving exactly.
  setup_adi(b, 0, AdiConfig{0, 1024, true, false, true, false, false, 0xAAAA, 0});
  setup_adi(b, 1, AdiConfig{1024, 1024});
  for (uint32_t i = 0; i < 2048; ++i) program_entry(b, i, 0xFEE00000u + 4 * (i % 1024), i, i < 1024);
  b.wait_release_idle();
  Release r;
  r.unmask_to_tlp_max = INT64_MIN;
  // Unmask latency while ADI 1 keeps the request port busy.
  for (uint32_t v = 0; v < 256; ++v) b.request(0, static_cast<uint16_t>(v * 4));
  b.drain();
  for (uint32_t v = 0; v < 256; ++v) {
    for (int k = 0; k < 64; ++k) b.request(1, static_cast<uint16_t>(k));
    b.step(20);
    const size_t before = b.seen().size();
    b.write(entry_ctrl(v * 4), 0);
    const uint64_t resp = b.last_response_cycle();
    b.drain();
    for (size_t i = before; i < b.seen().size(); ++i) {
      if (b.seen()[i].prefix_valid && b.seen()[i].data == v * 4) {
        r.unmask_to_tlp_max = std::max<int64_t>(
            r.unmask_to_tlp_max,
            static_cast<int64_t>(b.seen_cycles()[i]) - static_cast<int64_t>(resp));
      }
    }
  }
  // Full-table release under the global mask.
  for (uint32_t i = 0; i < 1024; ++i) b.write(entry_ctrl(i), 0);
  b.wait_release_idle();
  b.write(CTRL, kCtrlEnable | kCtrlMask);
  for (uint32_t i = 0; i < 2048; ++i) b.request(static_cast<uint16_t>(i / 1024), static_cast<uint16_t>(i % 1024));
  b.drain();
  const size_t first = b.seen().size();
  b.write(CTRL, kCtrlEnable);
  b.wait_release_idle();
  const size_t n = b.seen().size() - first;
  const uint64_t span = b.seen_cycles().back() - b.seen_cycles()[first] + 1;
  r.release_tlps_per_cycle = static_cast<double>(n) / static_cast<double>(span);
  r.sweep_last = sweep_to_last_entry(b, false);
  r.sweep_last_loaded = sweep_to_last_entry(b, true);
  b.finish();
  r.cycles = b.cycle();
  return r;
}

}  // namespace

namespace {

// Fmax per (build, target) from `make synth`'s results JSON (its one-line
// shape: {"<build>": {"<target>": {..., "fmax_mhz": X, ...}}}). Only measured
// figures: a target without P&R or a build that does not fit has none.
struct Fmax {
  std::string build, target;
  double mhz;
};

std::vector<Fmax> read_fmax(const std::string& path) {
  std::vector<Fmax> out;
  std::ifstream f(path);
  if (!f) return out;
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string j = ss.str();
  std::string key[4];
  int depth = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    const char c = j[i];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    } else if (c == '"') {
      const size_t end = j.find('"', i + 1);
      if (end == std::string::npos) break;
      const std::string word = j.substr(i + 1, end - i - 1);
      size_t k = end + 1;
      while (k < j.size() && j[k] == ' ') ++k;
      if (k < j.size() && j[k] == ':' && depth >= 1 && depth <= 3) {
        key[depth] = word;
        if (depth == 3 && word == "fmax_mhz") {
          char* stop = nullptr;
          const double mhz = std::strtod(j.c_str() + k + 1, &stop);
          if (stop != j.c_str() + k + 1 && mhz > 0) out.push_back(Fmax{key[1], key[2], mhz});
        }
      }
      i = end;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    // `ims_bench --only checked|bare [requests]`: just that run, for a
    // profiler (e.g. valgrind --tool=callgrind --toggle-collect='*timed_*').
    if ((argc == 3 || argc == 4) && std::string(argv[1]) == "--only") {
      const std::string which = argv[2];
      const uint32_t n = argc == 4 ? static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 0)) : kRequests;
      if (which == "checked") {
        const Run r = measure(tb::Sink::AlwaysReady, false, 1, n);
        std::printf("checked: %.0f TLPs/s wall, %.0f TLPs/s CPU\n", r.tlps_per_s, r.tlps_per_cpu_s);
        return 0;
      }
      if (which == "bare") {
        const Bare b = measure_bare(6, n);
        std::printf("bare: %.0f cycles/s wall, %.0f cycles/s CPU\n", b.cycles_per_s, b.cycles_per_cpu_s);
        return 0;
      }
    }
    if (argc != 1) {
      std::fprintf(stderr, "usage: ims_bench [--only checked|bare [requests]]\n");
      return 2;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Run ready = measure(tb::Sink::AlwaysReady, false, 1);
    const Run bp = measure(tb::Sink::RandomBackpressure, false, 2);
    const Run host = measure(tb::Sink::AlwaysReady, true, 3);
    const Release rel = measure_release(4);
    uint64_t ports_cycles = 0;
    const double four_ports = measure_4ports(5, &ports_cycles);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Bare bare = measure_bare(6);
    const char* build_env = std::getenv("IMS_BUILD_SECONDS");
    const double build_seconds = build_env ? std::strtod(build_env, nullptr) : -1.0;
    const uint64_t cycles = ready.cycles + bp.cycles + host.cycles + rel.cycles + ports_cycles;
    const double cps = static_cast<double>(cycles) / secs;
    const uint64_t lat_min = std::min(ready.lat_min, host.lat_min);
    const uint64_t lat_max = std::max(ready.lat_max, host.lat_max);

    std::printf("IMS block benchmark (2048 entries, 64 ADIs, %u requests per run, checking on)\n", kRequests);
    std::printf("  models: %s\n", IMS_BENCH_MODELS);
    std::printf("  back to back, ready sink         %.4f TLPs/cycle\n", ready.tlps_per_cycle);
    std::printf("  back to back, backpressure       %.4f TLPs/cycle (sink ready %.1f%% of offered cycles)\n",
                bp.tlps_per_cycle, 100.0 * bp.ready_fraction);
    std::printf("  back to back, host reading       %.4f TLPs/cycle\n", host.tlps_per_cycle);
    std::printf("  four request ports, all busy     %.4f TLPs/cycle\n", four_ports);
    std::printf("  latency handshake -> valid       min %llu, max %llu cycles\n",
                static_cast<unsigned long long>(lat_min), static_cast<unsigned long long>(lat_max));
    std::printf("  latency under backpressure       max %llu cycles\n",
                static_cast<unsigned long long>(bp.lat_max));
    std::printf("  unmask (B) -> its TLP            max %lld cycles (256 entries, other ADI busy)\n",
                static_cast<long long>(rel.unmask_to_tlp_max));
    std::printf("  full-table release (2048)        %.4f TLPs/cycle\n", rel.release_tlps_per_cycle);
    std::printf("  sweep to the last entry (2047)   %lld cycles idle, %lld with another ADI sending\n",
                static_cast<long long>(rel.sweep_last), static_cast<long long>(rel.sweep_last_loaded));
    std::printf("  simulation speed                 %.0f cycles/s (%llu cycles in %.2f s)\n", cps,
                static_cast<unsigned long long>(cycles), secs);
    std::printf("  checked TLPs per second          %.0f (ready-sink run: model, scoreboard, containment on)\n",
                ready.tlps_per_s);
    std::printf("  checked TLPs per CPU second      %.0f (the same run, per CPU second: less load-dependent)\n",
                ready.tlps_per_cpu_s);
    std::printf("  bare DUT, nothing checked        %.0f cycles/s, %.0f TLPs/s (%.0f cycles per CPU second)\n",
                bare.cycles_per_s, bare.tlps_per_s, bare.cycles_per_cpu_s);
    if (build_seconds >= 0) std::printf("  build step before this run       %.1f s\n", build_seconds);
    std::printf("  reference pcie_msix (spec §7)    0.25 TLPs/cycle, 4 cycles latency, ~28 M cycles/s\n");
    // Latency in nanoseconds only from a measured Fmax (make synth's JSON;
    // IMS_SYNTH_JSON overrides the path), never from a guess. The cycle
    // count is this build's: the pipeline depth does not depend on the
    // table sizes.
    const char* env = std::getenv("IMS_SYNTH_JSON");
    const std::string path = env ? env : std::string(IMS_SOURCE_DIR) + "/build/synth/results.json";
    std::string ns_keys;
    const std::vector<Fmax> fmax = read_fmax(path);
    if (fmax.empty()) std::printf("  latency in ns                    (no measured Fmax: run make synth)\n");
    for (const Fmax& m : fmax) {
      const double ns = static_cast<double>(lat_max) * 1000.0 / m.mhz;
      std::printf("  latency, %-23s %.1f ns (%llu cycles at %.1f MHz, measured)\n",
                  (m.build + " " + m.target).c_str(), ns, static_cast<unsigned long long>(lat_max), m.mhz);
      char buf[160];
      std::snprintf(buf, sizeof buf, ", \"latency_ns_%s_%s\": %.1f", m.build.c_str(), m.target.c_str(), ns);
      ns_keys += buf;
    }

    std::string build_key;
    if (build_seconds >= 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, ", \"build_seconds\": %.1f", build_seconds);
      build_key = buf;
    }
    std::printf("{\"tlps_per_cycle\": %.4f, \"tlps_per_cycle_backpressure\": %.4f, "
                "\"sink_ready_fraction\": %.4f, \"tlps_per_cycle_host_reads\": %.4f, "
                "\"latency_cycles_min\": %llu, \"latency_cycles_max\": %llu, "
                "\"latency_cycles_max_backpressure\": %llu, \"unmask_to_tlp_cycles_max\": %lld, "
                "\"release_tlps_per_cycle\": %.4f, \"tlps_per_cycle_4ports\": %.4f, "
                "\"sweep_last_entry_cycles\": %lld, \"sweep_last_entry_cycles_loaded\": %lld, "
                "\"sim_cycles_per_s\": %.0f, \"sim_tlps_per_s_checked\": %.0f, "
                "\"sim_cycles_per_s_bare\": %.0f, \"sim_tlps_per_s_bare\": %.0f, "
                "\"sim_tlps_per_cpu_s_checked\": %.0f, \"sim_cycles_per_cpu_s_bare\": %.0f%s%s}\n",
                ready.tlps_per_cycle, bp.tlps_per_cycle, bp.ready_fraction, host.tlps_per_cycle,
                static_cast<unsigned long long>(lat_min), static_cast<unsigned long long>(lat_max),
                static_cast<unsigned long long>(bp.lat_max),
                static_cast<long long>(rel.unmask_to_tlp_max), rel.release_tlps_per_cycle, four_ports,
                static_cast<long long>(rel.sweep_last), static_cast<long long>(rel.sweep_last_loaded),
                cps, ready.tlps_per_s, bare.cycles_per_s, bare.tlps_per_s, ready.tlps_per_cpu_s,
                bare.cycles_per_cpu_s, build_key.c_str(), ns_keys.c_str());
    return 0;
  } catch (const tb::SimFailure& e) {
    std::fprintf(stderr, "ims_bench: %s\n", e.what());
    return 1;
  }
}
