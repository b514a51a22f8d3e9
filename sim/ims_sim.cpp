// SPDX-License-Identifier: Apache-2.0
// ims_sim: the simulation runner (make sim). Runs a scenario file against the
// RTL with the golden model checking every TLP and register read, and writes
//   stdout            the scenario's notes, host accesses and a decoded line
//                     per TLP (protocol-analyzer style), then a summary;
//   <out>/trace.hex   one TLP per line, its bytes in wire order;
//   <out>/waves.fst   the waveform (open with sim/waves.gtkw).
// Exit status: 0 when the model agreed with the RTL everywhere and every
// "expect" held, 1 otherwise, 2 on a usage or scenario error.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "Vims_default.h"
#include "Vims_small.h"
#include "bench.hpp"
#include "ims_regmap.hpp"
#include "scenario.hpp"

namespace {

using namespace ims;

struct Args {
  std::string scenario;
  uint64_t seed = 1;
  std::string out = "build/sim";
};

const char* resp_name(Resp r) { return r == Resp::Okay ? "OKAY" : "SLVERR"; }

std::string hex32(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08X", v);
  return b;
}

template <class Top>
int run(const sim::Scenario& sc, const Args& args) {
  namespace fs = std::filesystem;
  fs::create_directories(args.out);
  tb::BenchOptions o;
  o.seed = args.seed;
  o.entries = sc.entries;
  o.adis = sc.adis;
  o.wave_file = (fs::path(args.out) / "waves.fst").string();
  tb::Bench<Top> b(o);
  std::ofstream hex((fs::path(args.out) / "trace.hex").string());

  size_t printed = 0;
  int expect_failures = 0;
  auto flush_tlps = [&] {
    for (; printed < b.seen().size(); ++printed) {
      const TlpWords& t = b.seen()[printed];
      std::printf("  [%8llu] TLP #%-4zu %s\n", static_cast<unsigned long long>(b.seen_cycles()[printed]),
                  printed, describe(t).c_str());
      hex << to_hex(wire_bytes(t)) << "\n";
    }
  };

  std::printf("ims_sim: %s, %u entries, %u ADIs, seed %llu\n", args.scenario.c_str(), sc.entries,
              sc.adis, static_cast<unsigned long long>(b.seed()));
  for (const sim::Step& st : sc.steps) {
    switch (st.cmd) {
      case sim::Cmd::Note: std::printf("\n== %s\n", st.text.c_str()); break;
      case sim::Cmd::Ready: b.wait_ready(); break;
      case sim::Cmd::Write: {
        const Resp r = b.write(st.addr, st.value, st.strb);
        if (r != Resp::Okay)
          std::printf("  host write %s (%s) <- %s refused: %s\n", st.text.c_str(), hex32(st.addr).c_str(),
                      hex32(st.value).c_str(), resp_name(r));
        break;
      }
      case sim::Cmd::Read: {
        const uint32_t v = b.read(st.addr);
        std::printf("  host read  %s -> %s\n", st.text.c_str(), hex32(v).c_str());
        break;
      }
      case sim::Cmd::Expect: {
        const uint32_t v = b.read(st.addr);
        const bool ok = (v == st.value);
        expect_failures += ok ? 0 : 1;
        std::printf("  expect     %s == %s: %s\n", st.text.c_str(), hex32(st.value).c_str(),
                    ok ? "ok" : ("FAILED, read " + hex32(v)).c_str());
        break;
      }
      case sim::Cmd::Req:
        for (uint32_t k = 0; k < st.value; ++k) b.request(st.adi, st.vec);
        break;
      case sim::Cmd::Wait: b.step(st.value); break;
      case sim::Cmd::Drain: b.drain(); break;
      case sim::Cmd::Release: b.wait_release_idle(); break;
      case sim::Cmd::Sink:
        b.set_sink(st.text == "ready" ? tb::Sink::AlwaysReady
                   : st.text == "stall" ? tb::Sink::LongStalls : tb::Sink::RandomBackpressure);
        break;
      case sim::Cmd::Idle: b.set_idle(st.text == "none" ? tb::Idle::None : tb::Idle::Random); break;
    }
    flush_tlps();
  }
  b.drain();
  flush_tlps();

  const std::vector<std::string> errors = b.errors();
  uint32_t pending = 0;
  for (uint32_t w = 0; w < sc.entries / 32; ++w) pending += __builtin_popcount(b.read(regmap::pba(w)));
  std::printf("\nSummary: %zu TLPs sent (CNT_SENT %u), %u entries pending (CNT_PENDING %u requests);"
              " dropped: disabled %u, unknown ADI %u, ADI disabled %u, out of range %u,"
              " window/guest-programmed %u, PASID check %u; refused host accesses: guest %u,"
              " configuration %u, other %u; %u fault records held; %zu mismatches,"
              " %d failed expects, %llu cycles\n",
              b.seen().size(), b.read(regmap::CNT_SENT), pending, b.read(regmap::CNT_PENDING),
              b.read(regmap::CNT_DROP_DISABLED), b.read(regmap::CNT_DROP_UNKNOWN_ADI),
              b.read(regmap::CNT_DROP_ADI_DISABLED), b.read(regmap::CNT_DROP_OUT_OF_RANGE),
              b.read(regmap::CNT_DROP_WINDOW), b.read(regmap::CNT_DROP_PASID_CHECK),
              b.read(regmap::CNT_REFUSED_GUEST), b.read(regmap::CNT_REFUSED_CONFIG),
              b.read(regmap::CNT_ILLEGAL_HOST), b.read(regmap::FAULT_STATUS) & 0xFFu,
              b.errors().size(), expect_failures, static_cast<unsigned long long>(b.cycle()));
  for (const auto& e : b.errors()) std::printf("  mismatch: %s\n", e.c_str());
  std::printf("Wrote %s/trace.hex and %s/waves.fst\n", args.out.c_str(), args.out.c_str());
  return (b.errors().empty() && expect_failures == 0) ? 0 : 1;
}

int usage() {
  std::fprintf(stderr, "usage: ims_sim <scenario.scn> [--seed N] [--out DIR]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) args.seed = std::stoull(argv[++i], nullptr, 0);
    else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) args.out = argv[++i];
    else if (argv[i][0] == '-') return usage();
    else args.scenario = argv[i];
  }
  if (args.scenario.empty()) return usage();
  try {
    const sim::Scenario sc = sim::load_scenario(args.scenario);
    if (sc.entries == 2048 && sc.adis == 64) return run<Vims_default>(sc, args);
    if (sc.entries == 64 && sc.adis == 8) return run<Vims_small>(sc, args);
    std::fprintf(stderr, "ims_sim: no build with %u entries and %u ADIs (have 2048/64 and 64/8)\n",
                 sc.entries, sc.adis);
    return 2;
  } catch (const sim::ParseError& e) {
    std::fprintf(stderr, "ims_sim: %s\n", e.what());
    return 2;
  } catch (const tb::SimFailure& e) {
    std::fprintf(stderr, "ims_sim: simulation failed: %s\n", e.what());
    return 1;
  }
}
