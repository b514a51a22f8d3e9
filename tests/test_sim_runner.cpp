// SPDX-License-Identifier: Apache-2.0
// ims_sim end to end (sim/runner.hpp, the code the program runs): its
// command line and seed rule, refusals that run nothing, and what each new
// scenario command does on the RTL: PASID-carrying and event-satisfied
// requests, the held sink, the four-port and 16384/1024 builds, poll,
// refused reads, --no-waves, response cycles and the summary's speed.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "runner.hpp"

using namespace ims;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

// A folder under the system's temp folder, removed with its last owner.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

struct SimRun {
  int status = -1;
  std::string out, err;
  std::shared_ptr<TempDir> tmp;
  fs::path dir;  // holds the scenario (t.scn) and the outputs (out/)
};

std::string slurp(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  std::fclose(f);
  return s;
}

std::shared_ptr<TempDir> fresh_dir() {
  static int n = 0;
  auto d = std::make_shared<TempDir>();
  d->path = fs::temp_directory_path() /
            ("ims_sim_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
  fs::remove_all(d->path);
  fs::create_directories(d->path);
  return d;
}

// Runs ims_sim on `text` (saved as <dir>/t.scn) with `extra` arguments; the
// outputs go to <dir>/out. `env_seed` stands for IMS_SEED; by default the
// real one, so the run agrees with the Bench (which reads it too).
SimRun run_sim(const std::string& text, std::vector<std::string> extra = {"--no-waves"},
               const char* env_seed = std::getenv("IMS_SEED")) {
  SimRun r;
  r.tmp = fresh_dir();
  r.dir = r.tmp->path;
  std::ofstream(r.dir / "t.scn") << text;
  std::vector<std::string> args = {(r.dir / "t.scn").string(), "--out", (r.dir / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  REQUIRE(out != nullptr);
  REQUIRE(err != nullptr);
  r.status = sim::ims_sim_main(args, env_seed, out, err);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// Host setup shared by the runs: a tagged ADI 1 on entries 0..7 of the
// small build, entry 0 programmed and unmasked.
const char* kSmallSetup =
    "config entries=64 adis=8\n"
    "ready\n"
    "write REQUESTER_ID 0x0100\n"
    "write CTRL 0x1\n"
    "write adi[1].block 0x00080000\n"
    "write adi[1].pasid 0xABCDE\n"
    "write adi[1].ctrl 0x5\n"
    "write entry[0].addr_lo 0xFEE00000\n"
    "write entry[0].data 0x10\n"
    "write entry[0].ctrl 0x0\n";

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// Cycle in "[   N]" at the start of the first line from `from` on that
// contains `what`.
uint64_t cycle_of(const std::string& out, const std::string& what, size_t from = 0) {
  const size_t p = out.find(what, from);
  REQUIRE(p != std::string::npos);
  const size_t start = out.rfind('\n', p) + 1;  // npos + 1 == 0: the first line
  const size_t lb = out.find('[', start);
  REQUIRE(lb < p);
  return std::stoull(out.substr(lb + 1));
}

}  // namespace

// ---- command line ---------------------------------------------------------

TEST_CASE("ims_sim: --seed and IMS_SEED that disagree are refused; the seed's origin is printed",
          "[scenario][sim][refuse]") {
  using sim::parse_args;
  CHECK(parse_args({"a.scn"}, nullptr).seed == 1);
  CHECK(parse_args({"a.scn"}, nullptr).seed_from == "default");
  CHECK(parse_args({"a.scn", "--seed", "7"}, nullptr).seed == 7);
  CHECK(parse_args({"a.scn", "--seed", "7"}, nullptr).seed_from == "--seed");
  CHECK(parse_args({"a.scn"}, "9").seed == 9);
  CHECK(parse_args({"a.scn"}, "9").seed_from == "IMS_SEED");
  CHECK(parse_args({"a.scn", "--seed", "0x9"}, "9").seed == 9);  // the same seed: fine
  // IMS_SEED silently won before.
  CHECK_THROWS_WITH(parse_args({"a.scn", "--seed", "7"}, "9"),
                    Contains("--seed 7 and IMS_SEED=9 disagree"));
  CHECK_THROWS_WITH(parse_args({"a.scn"}, "junk"), Contains("IMS_SEED=junk"));
  CHECK_THROWS_WITH(parse_args({"a.scn", "--seed", "x"}, nullptr), Contains("--seed x"));
  CHECK_THROWS_WITH(parse_args({"a.scn", "--seed"}, nullptr), Contains("--seed needs a value"));
  CHECK_THROWS_WITH(parse_args({"a.scn", "b.scn"}, nullptr), Contains("two scenario files"));
  CHECK_THROWS_WITH(parse_args({"a.scn", "--wave"}, nullptr), Contains("unknown option --wave"));
  CHECK_THROWS_WITH(parse_args({}, nullptr), Contains("no scenario file"));
  CHECK_FALSE(parse_args({"a.scn", "--no-waves"}, nullptr).waves);

  const SimRun r = run_sim("ready\n", {"--seed", "7", "--no-waves"}, "9");
  CHECK(r.status == 2);
  CHECK_THROWS_WITH(parse_args({"a.scn", "--seed", "7"}, "9"), Contains("make sim SEED=N"));
  CHECK(r.err.find("disagree") != std::string::npos);
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(r.dir / "out"));  // nothing ran
}

TEST_CASE("ims_sim: a bad scenario line is reported with file and line, and nothing runs",
          "[scenario][sim][refuse]") {
  const SimRun r = run_sim("config entries=64 adis=8\nready\nreq 65536 0\n");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains((r.dir / "t.scn").string() + ":3: ADI 65536"));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(r.dir / "out"));
}

// ---- new scenario features -----------------------------------------------

TEST_CASE("ims_sim: requests carrying a PASID meet the entry's PASID check", "[scenario][sim]") {
  const SimRun r = run_sim(std::string(kSmallSetup) +
                           "write entry[0].ctrl 0x12345008\n"  // check PASID 0x12345, unmasked
                           "req 1 0 pasid=0x12345\n"           // sent
                           "req 1 0 pasid=0x54321\n"           // dropped, reason 5
                           "req 1 0\n"                         // no PASID: not checked
                           "drain\n"
                           "expect CNT_DROP_PASID_CHECK 1\n"
                           "expect FAULT_REC_VALUE 0x54321\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(count(r.out, "TLP #") == 2);
  CHECK(count(r.out, ": ok") == 2);
}

TEST_CASE("ims_sim: an event-satisfied request clears the pending bit without a TLP", "[scenario][sim]") {
  const SimRun r = run_sim(std::string(kSmallSetup) +
                           "write entry[0].ctrl 0x1\n"  // masked
                           "req 1 0\n"
                           "drain\n"
                           "expect entry[0].ctrl & 0x2 == 0x2\n"
                           "satisfy 1 0\n"
                           "drain\n"
                           "expect entry[0].ctrl & 0x2 == 0\n"
                           "expect CNT_SATISFIED 1\n"
                           "write entry[0].ctrl 0x0\n"  // unmask: nothing left to send
                           "release\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(count(r.out, "TLP #") == 0);
  CHECK_THAT(r.out, Contains("1 satisfied"));
}

TEST_CASE("ims_sim: a held sink parks the TLP until the sink is ready", "[scenario][sim]") {
  const SimRun r = run_sim(std::string(kSmallSetup) +
                           "sink hold\n"
                           "req 1 0\n"
                           "wait 500\n"
                           "expect CNT_SENT 0\n"
                           "note released\n"
                           "sink ready\n"
                           "drain\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  REQUIRE(count(r.out, "TLP #") == 1);
  // The TLP comes after the 500 held cycles, not two cycles after its request.
  CHECK(r.out.find("TLP #0") > r.out.find("== released"));
  CHECK(cycle_of(r.out, "TLP #0") > cycle_of(r.out, "expect     CNT_SENT"));
}

TEST_CASE("ims_sim: poll waits for a value, and a poll that times out stops with its line",
          "[scenario][sim]") {
  const SimRun ok = run_sim(std::string(kSmallSetup) +
                            "write adi[1].ctrl 0x45\n"  // ADI reset
                            "poll adi[1].ctrl & 0x40 == 0\n"
                            "expect entry[0].ctrl 0x1\n");  // back to its reset value: masked
  INFO(ok.out << ok.err);
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Contains("poll       adi[1].ctrl & 0x00000040 == 0x00000000: ok after"));

  const SimRun late = run_sim(std::string(kSmallSetup) +  // lines 1..10
                              "poll CTRL == 0x5 200\n"   // line 11: never
                              "note not reached\n");
  INFO(late.out << late.err);
  CHECK(late.status == 1);
  CHECK_THAT(late.err, Contains((late.dir / "t.scn").string() + ":11: poll CTRL == 0x00000005 timed out"));
  CHECK_THAT(late.out, Contains("TIMED OUT after"));
  CHECK_THAT(late.out, !Contains("not reached"));
  CHECK_THAT(late.out, Contains("1 failed expects/polls"));
}

TEST_CASE("ims_sim: reads show SLVERR, and expect can expect it", "[scenario][sim]") {
  const SimRun r = run_sim(std::string(kSmallSetup) +
                           "read entry[64].data\n"  // past the 64-entry table
                           "expect entry[64].data SLVERR\n"
                           "read entry[0].data\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(std::regex_search(r.out, std::regex(R"(host read  entry\[64\]\.data \(0x00040408\) -> 0x[0-9A-F]{8} SLVERR)")));
  CHECK_THAT(r.out, Contains("expect     entry[64].data SLVERR: ok"));
  CHECK_THAT(r.out, Contains("host read  entry[0].data (0x00040008) -> 0x00000010\n"));

  // A value expected from a refused read fails, even when the data matches.
  const SimRun bad = run_sim(std::string(kSmallSetup) + "expect entry[64].data 0\nexpect CTRL SLVERR\n");
  INFO(bad.out);
  CHECK(bad.status == 1);
  CHECK_THAT(bad.out, Contains("FAILED, read refused (SLVERR)"));
  CHECK_THAT(bad.out, Contains("expect     CTRL SLVERR: FAILED, read 0x00000001"));
}

TEST_CASE("ims_sim: each host access shows its response cycle, so latency reads off the trace",
          "[scenario][sim]") {
  const SimRun r = run_sim(std::string(kSmallSetup) +
                           "write entry[0].ctrl 0x1\n"
                           "req 1 0\n"
                           "drain\n"
                           "write entry[0].ctrl 0x0\n"  // unmask: the pending message goes out
                           "release\n"
                           "write CTRL 0x1 0x0\n");     // no byte lane: shown with its strobe
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(std::regex_search(r.out, std::regex(R"(\[ *\d+\] host write entry\[0\]\.ctrl \(0x0004000C\) <- 0x00000000: OKAY)")));
  CHECK_THAT(r.out, Contains("host write CTRL (0x00000020) <- 0x00000001 strb 0x0: OKAY"));
  // The unmask write's B handshake, then its TLP a few cycles later
  // (README: at most 6 with nothing else running; 5 before the release
  // engine's lookup stage registered the owner RAM's read data).
  const std::string unmask = "host write entry[0].ctrl (0x0004000C) <- 0x00000000";
  const uint64_t b_cycle = cycle_of(r.out, unmask, r.out.rfind(unmask));
  const uint64_t tlp_cycle = cycle_of(r.out, "TLP #0");
  CHECK(tlp_cycle > b_cycle);
  CHECK(tlp_cycle <= b_cycle + 6);
}

TEST_CASE("ims_sim: --no-waves writes no waveform; the summary gives cycles per second",
          "[scenario][sim]") {
  const SimRun quiet = run_sim(std::string(kSmallSetup), {"--no-waves"});
  INFO(quiet.out << quiet.err);
  CHECK(quiet.status == 0);
  CHECK(fs::exists(quiet.dir / "out" / "trace.hex"));
  CHECK_FALSE(fs::exists(quiet.dir / "out" / "waves.fst"));
  CHECK_THAT(quiet.out, Contains("(no waves: --no-waves)"));
  CHECK(std::regex_search(quiet.out, std::regex(R"(\d+ cycles in \d+\.\d+ s \(\d+ cycles/s\))")));

  const SimRun waves = run_sim(std::string(kSmallSetup), {});
  CHECK(waves.status == 0);
  CHECK(fs::file_size(waves.dir / "out" / "waves.fst") > 0);
}

TEST_CASE("ims_sim: config runs the four-port build, requests on any port", "[scenario][sim][ports]") {
  const SimRun r = run_sim(
      "config entries=2048 adis=64 ports=4\n"
      "ready\n"
      "write CTRL 0x1\n"
      "write adi[2].block 0x00040010\n"  // size 4, base 16
      "write adi[2].pasid 0x77\n"
      "write adi[2].ctrl 0x5\n"
      "write entry[16].addr_lo 0xFEE00000\n"
      "write entry[16].ctrl 0x0\n"
      "write entry[19].addr_lo 0xFEE00040\n"
      "write entry[19].ctrl 0x0\n"
      "req 2 0 port=0\n"
      "req 2 3 2 port=3\n"
      "req 2 0 port=1\n"
      "drain\n"
      "expect CNT_SENT 4\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("2048 entries, 64 ADIs, 4 request ports"));
  CHECK(count(r.out, "TLP #") == 4);
}

TEST_CASE("ims_sim: config runs the 16384-entry, 1024-ADI build", "[scenario][sim][scale]") {
  const SimRun r = run_sim(
      "config entries=16384 adis=1024\n"
      "ready\n"
      "write CTRL 0x1\n"
      "write adi[1023].block 0x00013FFF\n"  // size 1, base 16383: the last entry
      "write adi[1023].pasid 0x5\n"
      "write adi[1023].ctrl 0x5\n"
      "write entry[16383].addr_lo 0xFEE00000\n"
      "write entry[16383].data 0x3FFF\n"
      "write entry[16383].ctrl 0x0\n"
      "req 1023 0\n"
      "drain\n"
      "expect view[1023,0].data 0x3FFF\n");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Contains("16384 entries, 1024 ADIs"));
  CHECK(count(r.out, "TLP #") == 1);
}

TEST_CASE("ims_sim: a simulation failure names the scenario line", "[scenario][sim]") {
  // A table read behind three TLPs at a held sink (two fill the output
  // slice, the third holds stage 2) never gets its slot.
  const SimRun r = run_sim(std::string(kSmallSetup) +  // lines 1..10
                           "sink hold\n"               // 11
                           "req 1 0 3\n"               // 12
                           "wait 10\n"                 // 13
                           "read pba[0]\n"             // 14
                           "sink ready\n");
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains((r.dir / "t.scn").string() + ":14: simulation failed: host read 0x00001000"));
}

TEST_CASE("ims_sim: every shipped scenario runs clean", "[scenario][sim]") {
  for (const auto& f : fs::directory_iterator(fs::path(IMS_SOURCE_DIR) / "sim" / "scenarios")) {
    if (f.path().extension() != ".scn") continue;
    const auto tmp = fresh_dir();
    const fs::path dir = tmp->path;
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    const int status = sim::ims_sim_main({f.path().string(), "--no-waves", "--out", (dir / "out").string()},
                                         std::getenv("IMS_SEED"), out, err);
    const std::string o = slurp(out), e = slurp(err);
    INFO(f.path().string() << "\n" << o << e);
    CHECK(status == 0);
    CHECK_THAT(o, Contains(" 0 mismatches, 0 failed expects/polls"));
  }
}
