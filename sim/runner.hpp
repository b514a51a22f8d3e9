// SPDX-License-Identifier: Apache-2.0
// Runs a parsed scenario against the RTL (ims_sim's body; a header so the
// tests run scenarios through exactly the same code). The golden model
// checks every TLP and register read; the output is
//   out               the scenario's notes, every host access with the cycle
//                     of its response, a decoded line per TLP (protocol-
//                     analyzer style), then a summary;
//   <out>/trace.hex   one TLP per line, its bytes in wire order;
//   <out>/waves.fst   the waveform (open with sim/waves.gtkw), unless
//                     Options::waves is false.
// Returns the exit status: 0 when the model agreed with the RTL everywhere
// and every expect and poll held, 1 otherwise (a poll that times out stops
// the scenario there), 2 on a scenario error. Errors go to `err` as
// "<file>:<line>: ...".
#pragma once

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "Vims_default.h"
#include "Vims_large.h"
#include "Vims_ports.h"
#include "Vims_small.h"
#include "args.hpp"
#include "bench.hpp"
#include "ims_regmap.hpp"
#include "scenario.hpp"

namespace ims::sim {

namespace detail {

inline const char* resp_name(Resp r) { return r == Resp::Okay ? "OKAY" : "SLVERR"; }

inline std::string hex32(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08X", v);
  return b;
}

inline unsigned long long ull(uint64_t v) { return static_cast<unsigned long long>(v); }

// "REG & 0x000000FF == 0x00000001" (the mask only when there is one).
inline std::string condition(const Step& st) {
  std::string s = st.text;
  if (st.mask != 0xFFFFFFFFu) s += " & " + hex32(st.mask);
  return s + " == " + hex32(st.value);
}

inline tb::Sink sink_of(const std::string& name) {
  if (name == "ready") return tb::Sink::AlwaysReady;
  if (name == "stall") return tb::Sink::LongStalls;
  if (name == "hold") return tb::Sink::Hold;
  return tb::Sink::RandomBackpressure;
}

}  // namespace detail

template <class Top>
int run_on(const Scenario& sc, const Options& opt, std::FILE* out, std::FILE* err) {
  namespace fs = std::filesystem;
  using detail::hex32;
  using detail::ull;
  fs::create_directories(opt.out);
  tb::BenchOptions o;
  o.seed = opt.seed;
  o.entries = sc.entries;
  o.adis = sc.adis;
  o.req_ports = sc.ports;
  const std::string waves = (fs::path(opt.out) / "waves.fst").string();
  if (opt.waves) o.wave_file = waves;
  else fs::remove(waves);  // an old file would pass for this run's waves
  const auto t0 = std::chrono::steady_clock::now();
  tb::Bench<Top> b(o);
  std::ofstream hex((fs::path(opt.out) / "trace.hex").string());

  size_t printed = 0;
  int failed = 0;  // expects and polls that did not hold
  auto flush_tlps = [&] {
    for (; printed < b.seen().size(); ++printed) {
      const TlpWords& t = b.seen()[printed];
      std::fprintf(out, "  [%8llu] TLP #%-4zu %s\n", ull(b.seen_cycles()[printed]), printed,
                   describe(t).c_str());
      hex << to_hex(wire_bytes(t)) << "\n";
    }
  };
  auto where = [&](const Step& st) { return sc.name + ":" + std::to_string(st.line); };

  std::fprintf(out, "ims_sim: %s, %u entries, %u ADIs, %u request port%s, seed %llu (%s)\n",
               sc.name.c_str(), sc.entries, sc.adis, sc.ports, sc.ports == 1 ? "" : "s",
               ull(b.seed()), opt.seed_from.c_str());
  // Host lines carry the cycle of the access's response handshake (B or R),
  // TLP lines their handshake cycle: latencies are differences of the two.
  bool stopped = false;
  for (const Step& st : sc.steps) {
    try {
      switch (st.cmd) {
        case Cmd::Note: std::fprintf(out, "\n== %s\n", st.text.c_str()); break;
        case Cmd::Ready: b.wait_ready(); break;
        case Cmd::Write: {
          const Resp r = b.write(st.addr, st.value, st.strb);
          std::fprintf(out, "  [%8llu] host write %s (%s) <- %s%s: %s\n", ull(b.last_response_cycle()),
                       st.text.c_str(), hex32(st.addr).c_str(), hex32(st.value).c_str(),
                       st.strb == 0xF ? "" : (" strb 0x" + std::string(1, "0123456789ABCDEF"[st.strb])).c_str(),
                       detail::resp_name(r));
          break;
        }
        case Cmd::Read: {
          const auto r = b.read_reply(st.addr);
          std::fprintf(out, "  [%8llu] host read  %s (%s) -> %s%s\n", ull(r.cycle), st.text.c_str(),
                       hex32(st.addr).c_str(), hex32(r.data).c_str(),
                       r.resp == Resp::Okay ? "" : " SLVERR");
          break;
        }
        case Cmd::Expect: {
          const auto r = b.read_reply(st.addr);
          const bool okay = r.resp == Resp::Okay;
          const bool ok = st.expect_slverr ? !okay : (okay && (r.data & st.mask) == st.value);
          failed += ok ? 0 : 1;
          const std::string what = st.expect_slverr ? st.text + " SLVERR" : detail::condition(st);
          const std::string got = okay ? "read " + hex32(r.data) : "read refused (SLVERR)";
          std::fprintf(out, "  [%8llu] expect     %s: %s\n", ull(r.cycle), what.c_str(),
                       ok ? "ok" : ("FAILED, " + got).c_str());
          break;
        }
        case Cmd::Poll: {
          const uint64_t start = b.cycle();
          uint64_t reads = 0;
          for (;;) {
            const auto r = b.read_reply(st.addr);
            ++reads;
            if (r.resp == Resp::Okay && (r.data & st.mask) == st.value) {
              std::fprintf(out, "  [%8llu] poll       %s: ok after %llu read%s, %llu cycles\n",
                           ull(r.cycle), detail::condition(st).c_str(), ull(reads),
                           reads == 1 ? "" : "s", ull(b.cycle() - start));
              break;
            }
            if (b.cycle() - start >= st.timeout) {
              const std::string last = r.resp == Resp::Okay ? hex32(r.data) : "SLVERR";
              std::fprintf(out, "  [%8llu] poll       %s: TIMED OUT after %llu cycles, last read %s\n",
                           ull(r.cycle), detail::condition(st).c_str(), ull(b.cycle() - start),
                           last.c_str());
              std::fprintf(err, "ims_sim: %s: poll %s timed out after %llu cycles (last read %s)\n",
                           where(st).c_str(), detail::condition(st).c_str(), ull(b.cycle() - start),
                           last.c_str());
              ++failed;
              stopped = true;
              break;
            }
          }
          break;
        }
        case Cmd::Req:
        case Cmd::Satisfy:
          for (uint32_t k = 0; k < st.value; ++k)
            b.request_on(st.port, tb::ReqItem{st.adi, st.vec, st.pasid_valid, st.pasid,
                                              st.cmd == Cmd::Satisfy});
          break;
        case Cmd::Wait: b.step(st.value); break;
        case Cmd::Drain: b.drain(); break;
        case Cmd::Release: b.wait_release_idle(); break;
        case Cmd::Sink: b.set_sink(detail::sink_of(st.text)); break;
        case Cmd::Idle: b.set_idle(st.text == "none" ? tb::Idle::None : tb::Idle::Random); break;
      }
    } catch (const tb::SimFailure& e) {
      flush_tlps();
      std::fprintf(err, "ims_sim: %s: simulation failed: %s\n", where(st).c_str(), e.what());
      return 1;
    }
    flush_tlps();
    if (stopped) {
      std::fprintf(out, "\n(stopped at %s: the rest of the scenario did not run)\n", where(st).c_str());
      break;
    }
  }
  try {
    b.drain();
  } catch (const tb::SimFailure& e) {
    flush_tlps();
    std::fprintf(err, "ims_sim: %s: end of scenario: simulation failed: %s\n", sc.name.c_str(), e.what());
    return 1;
  }
  flush_tlps();
  // Speed is measured up to here: the summary's own reads are not the scenario.
  const uint64_t cycles = b.cycle();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  uint32_t pending = 0;
  for (uint32_t w = 0; w < sc.entries / 32; ++w) pending += __builtin_popcount(b.read(regmap::pba(w)));
  std::fprintf(out,
               "\nSummary: %zu TLPs sent (CNT_SENT %u), %u entries pending (CNT_PENDING %u requests),"
               " %u satisfied; dropped: disabled %u, unknown ADI %u, ADI disabled %u, out of range %u,"
               " window/guest-programmed %u, PASID check %u; refused host accesses: guest %u,"
               " configuration %u, other %u; %u fault records held; %zu mismatches,"
               " %d failed expects/polls; %llu cycles in %.2f s (%.0f cycles/s)\n",
               b.seen().size(), b.read(regmap::CNT_SENT), pending, b.read(regmap::CNT_PENDING),
               b.read(regmap::CNT_SATISFIED), b.read(regmap::CNT_DROP_DISABLED),
               b.read(regmap::CNT_DROP_UNKNOWN_ADI), b.read(regmap::CNT_DROP_ADI_DISABLED),
               b.read(regmap::CNT_DROP_OUT_OF_RANGE), b.read(regmap::CNT_DROP_WINDOW),
               b.read(regmap::CNT_DROP_PASID_CHECK), b.read(regmap::CNT_REFUSED_GUEST),
               b.read(regmap::CNT_REFUSED_CONFIG), b.read(regmap::CNT_ILLEGAL_HOST),
               b.read(regmap::FAULT_STATUS) & 0xFFu, b.errors().size(), failed, ull(cycles), secs,
               secs > 0 ? static_cast<double>(cycles) / secs : 0.0);
  for (const auto& e : b.errors()) std::fprintf(out, "  mismatch: %s\n", e.c_str());
  if (opt.waves)
    std::fprintf(out, "Wrote %s/trace.hex and %s/waves.fst\n", opt.out.c_str(), opt.out.c_str());
  else
    std::fprintf(out, "Wrote %s/trace.hex (no waves: --no-waves)\n", opt.out.c_str());
  return (b.errors().empty() && failed == 0) ? 0 : 1;
}

// Picks the Verilated model of the scenario's build.
inline int run_scenario(const Scenario& sc, const Options& opt, std::FILE* out, std::FILE* err) {
  if (sc.entries == 2048 && sc.adis == 64 && sc.ports == 1) return run_on<Vims_default>(sc, opt, out, err);
  if (sc.entries == 64 && sc.adis == 8 && sc.ports == 1) return run_on<Vims_small>(sc, opt, out, err);
  if (sc.entries == 16384 && sc.adis == 1024 && sc.ports == 1) return run_on<Vims_large>(sc, opt, out, err);
  if (sc.entries == 2048 && sc.adis == 64 && sc.ports == 4) return run_on<Vims_ports>(sc, opt, out, err);
  // parse_scenario accepts only kBuilds; this is a build it lists but the
  // runner does not map.
  std::fprintf(err, "ims_sim: %s: no model for entries=%u adis=%u ports=%u\n", sc.name.c_str(),
               sc.entries, sc.adis, sc.ports);
  return 2;
}

// The whole program: arguments (without argv[0]) and IMS_SEED in, exit
// status out. Nothing runs unless the command line and the scenario are
// both good.
inline int ims_sim_main(const std::vector<std::string>& args, const char* env_seed, std::FILE* out,
                        std::FILE* err) {
  Options opt;
  try {
    opt = parse_args(args, env_seed);
  } catch (const UsageError& e) {
    std::fprintf(err, "ims_sim: %s\n%s", e.what(), kUsage);
    return 2;
  }
  Scenario sc;
  try {
    sc = load_scenario(opt.scenario);
  } catch (const ParseError& e) {
    std::fprintf(err, "ims_sim: %s\n", e.what());
    return 2;
  }
  try {
    return run_scenario(sc, opt, out, err);
  } catch (const tb::SimFailure& e) {
    std::fprintf(err, "ims_sim: %s: simulation failed: %s\n", sc.name.c_str(), e.what());
    return 1;
  }
}

}  // namespace ims::sim
