// SPDX-License-Identifier: Apache-2.0
// Tests of the testbench library itself, without the DUT: seeds, patterns,
// the scoreboard, and the agents against a plain struct standing in for the
// Verilated model (same member names, no Verilator).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "../tb/agents/axil_driver.hpp"
#include "../tb/agents/req_driver.hpp"
#include "../tb/agents/tlp_monitor.hpp"
#include "../tb/checker/scoreboard.hpp"
#include "../tb/harness/patterns.hpp"
#include "../tb/harness/seed.hpp"
#include "../tb/model/tlp.hpp"

using namespace ims;
using namespace ims::tb;

namespace {

// The ports of ims_tb_top as plain members.
struct FakeTop {
  uint8_t clk_i = 0, rst_ni = 1;
  uint8_t s_axil_awvalid_i = 0, s_axil_awready_o = 0, s_axil_awprot_i = 0;
  uint32_t s_axil_awaddr_i = 0;
  uint8_t s_axil_wvalid_i = 0, s_axil_wready_o = 0, s_axil_wstrb_i = 0;
  uint32_t s_axil_wdata_i = 0;
  uint8_t s_axil_bvalid_o = 0, s_axil_bready_i = 0, s_axil_bresp_o = 0;
  uint8_t s_axil_arvalid_i = 0, s_axil_arready_o = 0, s_axil_arprot_i = 0;
  uint32_t s_axil_araddr_i = 0;
  uint8_t s_axil_rvalid_o = 0, s_axil_rready_i = 0, s_axil_rresp_o = 0;
  uint32_t s_axil_rdata_o = 0;
  uint8_t req_valid_i = 0, req_ready_o = 0;
  uint16_t req_adi_i = 0, req_vec_i = 0;
  uint8_t req_pasid_valid_i = 0;
  uint32_t req_pasid_i = 0;
  uint8_t req_satisfy_i = 0;
  uint8_t tlp_valid_o = 0, tlp_ready_i = 0, tlp_prfx_valid_o = 0;
  uint32_t tlp_hdr_o[4] = {0, 0, 0, 0};  // [3] = DW0
  uint32_t tlp_data_o = 0, tlp_prfx_o = 0;
};

// A well-formed 3DW interrupt MWr.
TlpWords mwr(uint32_t addr, uint32_t data) {
  return encode(make_interrupt(addr, data, 0x0100, 0, false, 0, false, false));
}

void offer(FakeTop& t, const TlpWords& w) {
  t.tlp_valid_o = 1;
  for (int i = 0; i < 4; ++i) t.tlp_hdr_o[3 - i] = w.hdr[i];
  t.tlp_data_o = w.data;
  t.tlp_prfx_valid_o = w.prefix_valid;
  t.tlp_prfx_o = w.prefix;
}

// Unsets an environment variable for one test case and restores it after:
// the expected texts below must not depend on how the suite itself is run
// (scripts/regress.py --xinit sets IMS_XINIT_SEED for every job).
class EnvUnset {
 public:
  explicit EnvUnset(const char* name) : name_(name) {
    if (const char* v = std::getenv(name)) {
      saved_ = v;
      had_ = true;
    }
    unsetenv(name);
  }
  ~EnvUnset() {
    if (had_) setenv(name_, saved_.c_str(), 1);
    else unsetenv(name_);
  }
  EnvUnset(const EnvUnset&) = delete;
  EnvUnset& operator=(const EnvUnset&) = delete;

 private:
  const char* name_;
  std::string saved_;
  bool had_ = false;
};

bool mentions(const std::vector<std::string>& v, const std::string& what) {
  for (const auto& s : v)
    if (s.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("seed: IMS_SEED overrides, tag names the replay command", "[harness]") {
  const EnvUnset no_xinit("IMS_XINIT_SEED");
  const EnvUnset no_seed("IMS_SEED");  // restored after: a replay of the whole suite keeps its seed
  CHECK(resolve_seed(42) == 42);
  setenv("IMS_SEED", "123", 1);
  CHECK(resolve_seed(42) == 123);
  setenv("IMS_SEED", "0x10", 1);
  CHECK(resolve_seed(42) == 16);
  setenv("IMS_SEED", "12junk", 1);
  CHECK(resolve_seed(42) == 42);
  unsetenv("IMS_SEED");
  CHECK(seed_tag(123) == "seed=123 (rerun with IMS_SEED=123)");
  CHECK(where(7, 5) == "cycle 7, seed=5 (rerun with IMS_SEED=5)");
  // A run under another X-init seed replays only with it: the tag names it.
  setenv("IMS_XINIT_SEED", "3", 1);
  CHECK(seed_tag(123) == "seed=123 (rerun with IMS_SEED=123 IMS_XINIT_SEED=3)");
}

TEST_CASE("seed: IMS_SHARD parses i/n with 0 <= i < n, nothing else", "[harness]") {
  Shard sh;
  CHECK(parse_shard("3/8", &sh));
  CHECK(sh.index == 3);
  CHECK(sh.count == 8);
  CHECK(parse_shard("0/1", &sh));
  for (const char* bad : {"", "3", "8/8", "9/8", "1/0", "-1/4", "1/-4", "a/4", "1/4x", "1//4", " 1/4", "0x1/4"})
    CHECK_FALSE(parse_shard(bad, &sh));
  CHECK_FALSE(parse_shard(nullptr, &sh));
}

TEST_CASE("seed: the n shards of a seed list run every seed exactly once", "[harness]") {
  for (uint64_t count : {0u, 1u, 2u, 7u, 100u, 1001u}) {
    for (uint64_t n : {1u, 2u, 3u, 7u, 16u, 1500u}) {
      const std::vector<uint64_t> all = seed_range(5000, count);
      std::vector<int> runs(count, 0);
      size_t biggest = 0, smallest = SIZE_MAX;
      for (uint64_t i = 0; i < n; ++i) {
        const std::vector<uint64_t> part = shard_of(all, Shard{i, n});
        biggest = std::max(biggest, part.size());
        smallest = std::min(smallest, part.size());
        for (uint64_t s : part) {
          REQUIRE(s >= 5000);
          REQUIRE(s < 5000 + count);
          ++runs[s - 5000];
        }
      }
      for (uint64_t k = 0; k < count; ++k) {
        INFO("count " << count << ", " << n << " shards, seed " << 5000 + k);
        CHECK(runs[k] == 1);
      }
      CHECK(biggest - smallest <= 1);  // balanced: shards differ by one seed at most
    }
  }
  // The documented derivation: shard i/n runs base+i, base+i+n, ...
  CHECK(shard_of(seed_range(10, 10), Shard{2, 4}) == std::vector<uint64_t>{12, 16});
}

TEST_CASE("seed: regression_seeds reads IMS_SEED, IMS_SEEDS, IMS_SEED_BASE, IMS_SHARD", "[harness]") {
  const std::vector<uint64_t> builtin{1001, 1002, 1003, 1004};
  for (const char* v : {"IMS_SEED", "IMS_SEEDS", "IMS_SEED_BASE", "IMS_SHARD"}) unsetenv(v);
  CHECK(regression_seeds(builtin) == builtin);
  setenv("IMS_SHARD", "1/2", 1);
  CHECK(regression_seeds(builtin) == std::vector<uint64_t>{1002, 1004});  // built-in seeds, sharded
  setenv("IMS_SEEDS", "5", 1);
  CHECK(regression_seeds(builtin) == std::vector<uint64_t>{2, 4});  // base 1 unless set
  setenv("IMS_SEED_BASE", "0x100", 1);
  CHECK(regression_seeds(builtin) == std::vector<uint64_t>{0x101, 0x103});
  setenv("IMS_SEED", "77", 1);  // the replay wins over list and shard
  CHECK(regression_seeds(builtin) == std::vector<uint64_t>{77});
  unsetenv("IMS_SEED");
  setenv("IMS_SHARD", "2/2", 1);  // a typo must not quietly run other seeds
  CHECK_THROWS_AS(regression_seeds(builtin), std::invalid_argument);
  setenv("IMS_SHARD", "0/1", 1);
  setenv("IMS_SEEDS", "ten", 1);
  CHECK_THROWS_AS(regression_seeds(builtin), std::invalid_argument);
  for (const char* v : {"IMS_SEED", "IMS_SEEDS", "IMS_SEED_BASE", "IMS_SHARD"}) unsetenv(v);
}

TEST_CASE("seed: IMS_XINIT_SEED moves the unreset state apart from the stimulus, and is named", "[harness]") {
  unsetenv("IMS_XINIT_SEED");
  CHECK(xinit_seed(5) == static_cast<int>(splitmix64(5) & 0x7FFFFFFF));  // as before the knob
  CHECK(xinit_seed(5) != xinit_seed(6));
  setenv("IMS_XINIT_SEED", "3", 1);
  CHECK(xinit_seed(5) == xinit_seed(6));  // one unreset state for every stimulus seed
  const int three = xinit_seed(5);
  setenv("IMS_XINIT_SEED", "4", 1);
  CHECK(xinit_seed(5) != three);
  CHECK(xinit_seed(5) > 0);
  CHECK(seed_tag(9) == "seed=9 (rerun with IMS_SEED=9 IMS_XINIT_SEED=4)");
  unsetenv("IMS_XINIT_SEED");
  CHECK(seed_tag(9) == "seed=9 (rerun with IMS_SEED=9)");
}

TEST_CASE("seed: agent generators are deterministic and independent", "[harness]") {
  auto a1 = agent_rng(9, Salt::ReqDriver);
  auto a2 = agent_rng(9, Salt::ReqDriver);
  auto b = agent_rng(9, Salt::TlpSink);
  auto c = agent_rng(10, Salt::ReqDriver);
  const uint64_t x = a1();
  CHECK(x == a2());
  CHECK(x != b());
  CHECK(x != c());
}

TEST_CASE("names: wave file names are sanitized", "[harness]") {
  CHECK(sanitize_name("req: basic / idle=Random sink=LongStalls") ==
        "req_basic_idle_Random_sink_LongStalls");
  CHECK(sanitize_name("***") == "unnamed");
  CHECK(wave_path("build/waves", "t1") == "build/waves/t1.fst");
  CHECK(pattern_label(Idle::Random, Sink::LongStalls) == "idle=Random sink=LongStalls");
}

TEST_CASE("patterns: idle gaps", "[harness]") {
  auto rng = agent_rng(1, Salt::Test);
  IdleGen none(Idle::None);
  for (int i = 0; i < 100; ++i) CHECK(none.next(rng) == 0);
  IdleGen rnd(Idle::Random);
  int zeros = 0, nonzero = 0;
  for (int i = 0; i < 2000; ++i) {
    const uint32_t g = rnd.next(rng);
    REQUIRE(g <= 24);
    (g == 0 ? zeros : nonzero)++;
  }
  CHECK(zeros > 500);
  CHECK(nonzero > 500);
}

TEST_CASE("patterns: sink backpressure", "[harness]") {
  auto rng = agent_rng(2, Salt::Test);
  SinkGen always(Sink::AlwaysReady);
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(always.ready());
    always.advance(true, rng);
  }
  SinkGen rnd(Sink::RandomBackpressure);
  int ready = 0;
  for (int i = 0; i < 2000; ++i) {
    ready += rnd.ready();
    rnd.advance(true, rng);
  }
  CHECK(ready > 600);
  CHECK(ready < 1400);

  SinkGen stalls(Sink::LongStalls);
  std::vector<uint32_t> stall_lengths;
  uint32_t run = 0, ready_cycles = 0;
  const int cycles = 200000;
  for (int i = 0; i < cycles; ++i) {
    if (!stalls.ready()) {
      ++run;
    } else {
      ++ready_cycles;
      if (run > 0) stall_lengths.push_back(run);
      run = 0;
    }
    stalls.advance(true, rng);
  }
  REQUIRE(stall_lengths.size() >= 10);
  for (uint32_t len : stall_lengths) {
    CHECK(len >= SinkGen::kStallMin);
    CHECK(len <= SinkGen::kStallMax);
  }
  CHECK(ready_cycles > 0);
  // Never stalls without a TLP waiting.
  SinkGen idle_sink(Sink::LongStalls);
  for (int i = 0; i < 10000; ++i) {
    REQUIRE(idle_sink.ready());
    idle_sink.advance(false, rng);
  }
}

TEST_CASE("scoreboard: in-order match, mismatch, extra, missing", "[harness]") {
  const EnvUnset no_xinit("IMS_XINIT_SEED");
  std::deque<TlpWords> expected;
  Scoreboard sb(expected, 77);
  const TlpWords a = mwr(0xFEE00000, 1), b = mwr(0xFEE00004, 2), c = mwr(0xFEE00008, 3);
  expected.push_back(a);
  expected.push_back(b);
  sb.observe_tlp(a, 10);
  CHECK(sb.errors().empty());
  CHECK(sb.consumed() == 1);
  sb.observe_tlp(c, 11);  // b expected
  REQUIRE(sb.errors().size() == 1);
  CHECK(mentions(sb.errors(), "mismatch at cycle 11, seed=77 (rerun with IMS_SEED=77)"));
  CHECK(mentions(sb.errors(), describe(b)));
  CHECK(mentions(sb.errors(), describe(c)));
  sb.observe_tlp(a, 12);  // nothing expected
  CHECK(mentions(sb.errors(), "extra TLP #2 at cycle 12"));
  expected.push_back(c);
  CHECK(sb.outstanding() == 1);
  CHECK(sb.final_check(20) == 1);
  CHECK(mentions(sb.errors(), "missing TLP"));
  CHECK(sb.seen().size() == 3);
}

TEST_CASE("scoreboard: malformed TLPs are reported even when expected", "[harness]") {
  std::deque<TlpWords> expected;
  Scoreboard sb(expected, 3);
  TlpWords bad = mwr(0xFEE00000, 1);
  bad.hdr[0] ^= 0x3FF;  // length field
  REQUIRE_FALSE(check_well_formed(bad).empty());
  expected.push_back(bad);
  sb.observe_tlp(bad, 5);
  CHECK(mentions(sb.errors(), "malformed TLP #0 at cycle 5"));
}

TEST_CASE("scoreboard: host responses and read data under the care mask", "[harness]") {
  std::deque<TlpWords> expected;
  Scoreboard sb(expected, 8);
  sb.compare_write(0x24, 1, 0xF, Resp::Okay, Resp::Okay, 1);
  sb.compare_read(0x28, Resp::Okay, 0x3, ReadResult{Resp::Okay, 0x0, 0xFFFFFFFC}, 2);
  CHECK(sb.errors().empty());
  sb.compare_write(0x2, 1, 0xF, Resp::Okay, Resp::SlvErr, 3);
  CHECK(mentions(sb.errors(), "response OKAY, model expects SLVERR"));
  sb.compare_read(0x0, Resp::Okay, 0x494D5330, ReadResult{Resp::Okay, 0x494D5331, ~0u}, 4);
  CHECK(mentions(sb.errors(), "differing bits 0x00000001"));
  CHECK(sb.errors().size() == 2);
  CHECK(sb.host_ops() == 4);
}

TEST_CASE("scoreboard: error list is capped but counted", "[harness]") {
  std::deque<TlpWords> expected;
  Scoreboard sb(expected, 1);
  for (int i = 0; i < 150; ++i) sb.observe_tlp(mwr(0xFEE00000, i), i);
  CHECK(sb.error_count() == 150);
  CHECK(sb.errors().size() == Scoreboard::kMaxErrors + 1);
  CHECK(mentions(sb.errors(), "... and 50 more errors"));
}

TEST_CASE("req driver: in order, valid held until ready, junk while idle", "[harness]") {
  FakeTop t;
  ReqDriver<FakeTop> drv(5, Idle::Random);
  drv.push(ReqItem{1, 10});
  drv.push(ReqItem{2, 20});
  drv.push(ReqItem{3, 30});
  std::vector<ReqHandshake> got;
  for (uint64_t cyc = 0; cyc < 200 && got.size() < 3; ++cyc) {
    const bool was_valid = t.req_valid_i;
    const uint16_t was_adi = t.req_adi_i, was_vec = t.req_vec_i;
    const bool was_ready = t.req_ready_o;
    drv.apply(t);
    if (was_valid && !was_ready) {
      REQUIRE(t.req_valid_i);
      REQUIRE(t.req_adi_i == was_adi);
      REQUIRE(t.req_vec_i == was_vec);
    }
    t.req_ready_o = (cyc % 7) == 6;  // ready once every 7 cycles
    if (auto hs = drv.sample(t, cyc)) got.push_back(*hs);
  }
  REQUIRE(got.size() == 3);
  CHECK(got[0].item.adi == 1);
  CHECK(got[1].item.vec == 20);
  CHECK(got[2].item.adi == 3);
  CHECK(got[0].cycle % 7 == 6);
  CHECK(drv.empty());
}

TEST_CASE("axil driver: write and read complete, W may precede AW", "[harness]") {
  for (Idle idle : {Idle::None, Idle::Random}) {
    FakeTop t;
    AxilDriver<FakeTop> drv(11, idle);
    // A slave accepting AW and W one cycle apart, answering one cycle later.
    drv.start_write(0x24, 0xCAFE, 0x3, 0);
    bool aw = false, w = false;
    uint64_t cyc = 0;
    for (; cyc < 200 && !drv.done(); ++cyc) {
      drv.apply(t);
      t.s_axil_awready_o = !aw && (cyc % 2 == 0);
      t.s_axil_wready_o = !w && (cyc % 2 == 1);
      t.s_axil_bresp_o = 2;
      const bool aw_hs = t.s_axil_awvalid_i && t.s_axil_awready_o;
      const bool w_hs = t.s_axil_wvalid_i && t.s_axil_wready_o;
      if (aw_hs) CHECK(t.s_axil_awaddr_i == 0x24);
      if (w_hs) {
        CHECK(t.s_axil_wdata_i == 0xCAFE);
        CHECK(t.s_axil_wstrb_i == 0x3);
      }
      drv.sample(t, cyc);
      aw = aw || aw_hs;
      w = w || w_hs;
      t.s_axil_bvalid_o = aw && w && !(t.s_axil_bvalid_o && t.s_axil_bready_i);
      if (aw && w && t.s_axil_bvalid_o == 0) aw = w = false;
    }
    REQUIRE(drv.done());
    CHECK(drv.result().write);
    CHECK(drv.result().resp == 2);
    drv.clear();

    drv.start_read(0x0, cyc);
    bool ar = false;
    for (; cyc < 400 && !drv.done(); ++cyc) {
      drv.apply(t);
      t.s_axil_arready_o = !ar;
      t.s_axil_rvalid_o = ar;
      t.s_axil_rdata_o = 0x494D5331;
      t.s_axil_rresp_o = 0;
      if (t.s_axil_arvalid_i && t.s_axil_arready_o) CHECK(t.s_axil_araddr_i == 0);
      const bool ar_hs = t.s_axil_arvalid_i && t.s_axil_arready_o;
      drv.sample(t, cyc);
      ar = ar || ar_hs;
    }
    REQUIRE(drv.done());
    CHECK_FALSE(drv.result().write);
    CHECK(drv.result().rdata == 0x494D5331);
    CHECK(drv.protocol_errors().empty());
  }
}

// A stand-in slave with the arbitration of ims_axil_slave: one transaction
// at a time, a write needs AW and W together, a tie goes to the kind not
// served last; it answers in the cycle after it took the request. `broken`
// drops BVALID/changes RDATA while the master holds its ready low.
struct FakeSlave {
  enum class St { Idle, B, R } st = St::Idle;
  bool last_wr = false;
  uint32_t rdata = 0;
  bool broken = false;
  unsigned waited = 0;
  // The slave's outputs for the cycle about to be sampled.
  void drive(FakeTop& t) {
    const bool wr = st == St::Idle && t.s_axil_awvalid_i && t.s_axil_wvalid_i &&
                    !(t.s_axil_arvalid_i && last_wr);
    const bool rd = st == St::Idle && t.s_axil_arvalid_i && !wr;
    t.s_axil_awready_o = t.s_axil_wready_o = wr;
    t.s_axil_arready_o = rd;
    t.s_axil_bvalid_o = st == St::B && !(broken && waited == 2);
    t.s_axil_bresp_o = 0;
    t.s_axil_rvalid_o = st == St::R;
    t.s_axil_rdata_o = rdata + ((broken && waited >= 2) ? 1 : 0);
    t.s_axil_rresp_o = 0;
  }
  // The clock edge.
  void edge(const FakeTop& t) {
    if (st == St::B) {
      ++waited;
      if (t.s_axil_bready_i && t.s_axil_bvalid_o) st = St::Idle;
    } else if (st == St::R) {
      ++waited;
      if (t.s_axil_rready_i) st = St::Idle;
    } else if (t.s_axil_awready_o) {
      st = St::B;
      last_wr = true;
      waited = 0;
    } else if (t.s_axil_arready_o) {
      st = St::R;
      rdata = t.s_axil_araddr_i ^ 0x5A5A0000;
      last_wr = false;
      waited = 0;
    }
  }
};

// Runs the driver against the fake slave until both transactions are done.
void run_pair(AxilDriver<FakeTop>& drv, FakeTop& t, FakeSlave& s, uint64_t& cyc) {
  for (const uint64_t end = cyc + 200; cyc < end && !(drv.write_done() && drv.read_done()); ++cyc) {
    drv.apply(t);
    s.drive(t);
    drv.sample(t, cyc);
    s.edge(t);
  }
}

TEST_CASE("axil driver: a write and a read at once, exact channel timing, held responses", "[harness]") {
  FakeTop t;
  FakeSlave s;
  AxilDriver<FakeTop> drv(3, Idle::Random);  // exact timing ignores the idle pattern
  uint64_t cyc = 10;

  // Same cycle, nothing served yet: the write wins, then the read.
  drv.start_write(0x24, 0xCAFE, 0xF, cyc, AxilTiming{0, 0, 0});
  drv.start_read(0x28, cyc, AxilTiming{0, 0, 0});
  run_pair(drv, t, s, cyc);
  REQUIRE(drv.write_done());
  REQUIRE(drv.read_done());
  CHECK(drv.write_result().accept_cycle == 10);
  CHECK(drv.write_result().end_cycle == 11);
  CHECK(drv.read_result().accept_cycle == 12);
  CHECK(drv.read_result().end_cycle == 13);
  CHECK(drv.read_result().rdata == (0x28u ^ 0x5A5A0000u));
  drv.clear();

  // AW at once, W 3 cycles later, AR 1 cycle later: the read goes first;
  // B held 4 cycles, R held 2.
  const uint64_t start = cyc;
  drv.start_write(0x30, 1, 0xF, cyc, AxilTiming{0, 3, 4});
  drv.start_read(0x34, cyc, AxilTiming{1, 0, 2});
  bool aw_seen_before_w = false;
  for (const uint64_t end = cyc + 200; cyc < end && !(drv.write_done() && drv.read_done()); ++cyc) {
    drv.apply(t);
    if (cyc == start) {
      CHECK(t.s_axil_awvalid_i);
      CHECK_FALSE(t.s_axil_wvalid_i);
      CHECK_FALSE(t.s_axil_arvalid_i);
      aw_seen_before_w = true;
    }
    if (cyc == start + 1) CHECK(t.s_axil_arvalid_i);
    s.drive(t);
    // The readies stay low exactly `resp_hold` cycles of a valid response.
    if (t.s_axil_bvalid_o) CHECK(t.s_axil_bready_i == (s.waited >= 4));
    if (t.s_axil_rvalid_o) CHECK(t.s_axil_rready_i == (s.waited >= 2));
    drv.sample(t, cyc);
    s.edge(t);
  }
  CHECK(aw_seen_before_w);
  REQUIRE(drv.write_done());
  REQUIRE(drv.read_done());
  CHECK(drv.read_result().accept_cycle == start + 1);
  CHECK(drv.read_result().end_cycle == start + 4);  // R valid start+2..start+4
  CHECK(drv.write_result().accept_cycle == start + 5);
  CHECK(drv.write_result().end_cycle == start + 10);  // B valid start+6..start+10
  drv.clear();

  // Same cycle again: the write was served last, so the read wins.
  drv.start_write(0x38, 2, 0xF, cyc, AxilTiming{2, 2, 0});
  drv.start_read(0x3C, cyc, AxilTiming{2, 0, 0});
  run_pair(drv, t, s, cyc);
  CHECK(drv.read_result().accept_cycle < drv.write_result().accept_cycle);
  drv.clear();

  // The serial API still works next to it.
  drv.start_read(0x40, cyc);
  for (const uint64_t end = cyc + 200; cyc < end && !drv.done(); ++cyc) {
    drv.apply(t);
    s.drive(t);
    drv.sample(t, cyc);
    s.edge(t);
  }
  REQUIRE(drv.done());
  CHECK(drv.result().rdata == (0x40u ^ 0x5A5A0000u));
  CHECK(drv.protocol_errors().empty());
}

TEST_CASE("axil driver: a response that drops or changes while it waits is a protocol error", "[harness]") {
  FakeTop t;
  FakeSlave s;
  s.broken = true;
  AxilDriver<FakeTop> drv(4, Idle::None);
  uint64_t cyc = 0;
  drv.start_write(0x24, 1, 0xF, cyc, AxilTiming{0, 0, 5});
  drv.start_read(0x28, cyc, AxilTiming{0, 0, 5});
  run_pair(drv, t, s, cyc);
  CHECK(mentions(drv.protocol_errors(), "BVALID dropped before its B handshake"));
  CHECK(mentions(drv.protocol_errors(), "RDATA/RRESP changed while RVALID waited for RREADY"));
}

TEST_CASE("axil driver: an unsolicited response is a protocol error", "[harness]") {
  FakeTop t;
  AxilDriver<FakeTop> drv(1, Idle::None);
  drv.apply(t);
  t.s_axil_bvalid_o = 1;
  drv.sample(t, 3);
  CHECK(mentions(drv.protocol_errors(), "AXI4-Lite at cycle 3: B handshake"));
}

TEST_CASE("tlp monitor: handshakes, first-valid cycle, stability", "[harness]") {
  FakeTop t;
  TlpMonitor<FakeTop> mon;
  const TlpWords a = mwr(0xFEE00010, 0x55);
  // Quiet, then a TLP offered at cycle 3, accepted at cycle 5.
  for (uint64_t c = 0; c < 3; ++c) CHECK_FALSE(mon.sample(t, c));
  CHECK(mon.quiet_cycles() == 3);
  offer(t, a);
  t.tlp_ready_i = 0;
  CHECK_FALSE(mon.sample(t, 3));
  CHECK_FALSE(mon.sample(t, 4));
  t.tlp_ready_i = 1;
  auto got = mon.sample(t, 5);
  REQUIRE(got);
  CHECK(got->words == a);
  CHECK(got->first_valid_cycle == 3);
  CHECK(got->handshake_cycle == 5);
  CHECK(mon.quiet_cycles() == 0);
  CHECK(mon.protocol_errors().empty());

  // Back-to-back: the next TLP's first valid cycle is the cycle after.
  TlpWords b = mwr(0xFEE00020, 0x66);
  b.prefix_valid = true;
  b.prefix = 0x91000042;
  offer(t, b);
  got = mon.sample(t, 6);
  REQUIRE(got);
  CHECK(got->first_valid_cycle == 6);
  CHECK(got->words.prefix_valid);
  CHECK(got->words.prefix == 0x91000042);

  // Payload change and valid drop while stalled are reported.
  t.tlp_ready_i = 0;
  offer(t, a);
  CHECK_FALSE(mon.sample(t, 7));
  t.tlp_data_o ^= 1;
  CHECK_FALSE(mon.sample(t, 8));
  CHECK(mentions(mon.protocol_errors(), "payload changed while waiting"));
  t.tlp_valid_o = 0;
  CHECK_FALSE(mon.sample(t, 9));
  CHECK(mentions(mon.protocol_errors(), "tlp_valid_o dropped before tlp_ready_i"));
}

TEST_CASE("tlp sink: drives the pattern", "[harness]") {
  FakeTop t;
  TlpSink<FakeTop> sink(4, Sink::RandomBackpressure);
  int low = 0;
  for (int i = 0; i < 200; ++i) {
    sink.apply(t);
    low += t.tlp_ready_i == 0;
    sink.sample(t);
  }
  CHECK(low > 0);
  sink.set_sink(Sink::AlwaysReady);
  for (int i = 0; i < 50; ++i) {
    sink.sample(t);
    sink.apply(t);
    REQUIRE(t.tlp_ready_i == 1);
  }
}
