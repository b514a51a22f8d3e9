// SPDX-License-Identifier: Apache-2.0
// A host write and a host read outstanding together on the AXI4-Lite port
// (docs/theory-of-operation.md, "Commit points": a write and a read together).
// The slave serves one at a time:
//   * a write is eligible once AWVALID and WVALID are both up, a read once
//     ARVALID is up; the first eligible one is taken, so a read whose AR
//     arrives between a write's AW and its W goes first;
//   * both eligible in the same idle cycle: the kind not served last wins
//     (the slave alternates; after reset, the write);
//   * the other one is taken in the cycle after the first one's B/R
//     handshake (a held BREADY/RREADY holds it back too).
// So a read of the word being written returns the old value if the read was
// served first and the new one if the write was. Every case below checks the
// order and the read's value against these rules, written here by hand, and
// the Bench compares every response, read and TLP with the golden model,
// which it feeds in the order the slave chose. Traffic flows on the request
// port meanwhile, so the landing edge of each write is checked against the
// TLPs too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

namespace {
using Small = tb::Bench<SmallBuild::Top>;
using tb::AxilTiming;

enum class Kind { Write, Read };

// The slave's rule, by hand: which one it takes first when both are started
// in the same cycle with these channel delays and it served `last` before.
Kind first_served(const AxilTiming& w, const AxilTiming& r, Kind last) {
  const uint32_t tw = std::max(w.addr_delay, w.data_delay);  // AW and W both up
  const uint32_t tr = r.addr_delay;
  if (tw != tr) return tw < tr ? Kind::Write : Kind::Read;
  return last == Kind::Write ? Kind::Read : Kind::Write;
}

struct Shape {
  AxilTiming w, r;
  std::string name;
};

// W - AW skew in {-3, -1, 0, 1, 3} (W first, together, AW first) times AR
// from 3 cycles before to 3 cycles after the write is complete, times four
// BREADY/RREADY hold patterns.
std::vector<Shape> shapes() {
  const struct {
    uint32_t b, r;
  } holds[] = {{0, 0}, {2, 0}, {0, 3}, {5, 5}};
  std::vector<Shape> out;
  for (int skew : {-3, -1, 0, 1, 3}) {
    for (int rel = -3; rel <= 3; ++rel) {
      const int tw = std::abs(skew);
      const int base = std::max(0, -(tw + rel));
      for (int h = 0; h < 4; ++h) {
        Shape s;
        s.w.addr_delay = static_cast<uint32_t>(std::max(0, -skew) + base);
        s.w.data_delay = static_cast<uint32_t>(std::max(0, skew) + base);
        s.w.resp_hold = holds[h].b;
        s.r.addr_delay = static_cast<uint32_t>(tw + rel + base);
        s.r.resp_hold = holds[h].r;
        s.name = "AW+" + std::to_string(s.w.addr_delay) + " W+" + std::to_string(s.w.data_delay) +
                 " AR+" + std::to_string(s.r.addr_delay) + " Bhold " + std::to_string(holds[h].b) +
                 " Rhold " + std::to_string(holds[h].r);
        out.push_back(s);
      }
    }
  }
  return out;
}

// One write target and the word read at the same time.
struct Target {
  const char* name;
  uint32_t waddr, raddr;
  std::function<uint32_t(unsigned k)> wdata;
  // By hand: what the read returns if the write was served first, from
  // what it returned just before and the data written (none: the rules
  // leave it to the DUT's timing, the model alone decides).
  std::function<std::optional<uint32_t>(uint32_t before, uint32_t wdata)> after;
  uint32_t care = 0xFFFFFFFF;  // bits the hand rule decides (the model checks all)
  Resp wresp = Resp::Okay;
  std::function<void(Small&, unsigned k)> prepare = [](Small&, unsigned) {};
  std::function<void(Small&, unsigned k)> traffic = [](Small&, unsigned) {};
};

std::optional<uint32_t> same_word(uint32_t, uint32_t w) { return w; }
std::optional<uint32_t> unchanged(uint32_t before, uint32_t) { return before; }

constexpr uint32_t kScratch = 63;  // an entry no ADI holds: priming writes go here
constexpr uint32_t kPasid = 0x2222;
constexpr uint32_t kHold = 700;  // cycles a long-held response waits for its ready

// ADI 1: untagged, entries 8..15; ADI 2: tagged and guest-direct, entries
// 16..23 (vector 3 = entry 19). Every entry sends into the untagged window.
void setup(Small& b) {
  b.wait_ready();
  b.write(REQUESTER_ID, 0x0100);
  b.write(CTRL, kCtrlEnable);
  setup_adi(b, 1, AdiConfig{8, 8});
  AdiConfig t{16, 8, true, false, true, false, false, kPasid, 0};
  t.guest_direct = true;
  setup_adi(b, 2, t);
  for (uint32_t e = 8; e < 24; ++e) program_entry(b, e, 0xFEE00000 + 0x10 * e, 0x100 + e);
  b.wait_release_idle();
}

// A few requests of both ADIs, queued now so they race the pair.
void some_traffic(Small& b, unsigned k) {
  b.request(1, static_cast<uint16_t>(k % 8));
  b.request(2, 3);
  b.request(1, 4);
  b.request(2, static_cast<uint16_t>((k + 5) % 8));
}

// Runs every shape, after a read (the write wins a tie) and after a write
// (the read wins a tie), under every idle x sink pattern.
void run(const Target& tg, uint64_t seed) {
  const std::vector<Shape> all = shapes();
  tb::for_each_pattern([&](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(seed, idle, sink));
    setup(b);
    std::mt19937_64 gap_rng(b.seed());
    unsigned k = 0;
    size_t order[2] = {0, 0};  // pairs the write / the read went first
    for (const Shape& s : all) {
      for (Kind prime : {Kind::Read, Kind::Write}) {
        ++k;
        INFO(tg.name << ": " << s.name << ", last served "
                     << (prime == Kind::Write ? "write" : "read") << ", k=" << k << ", "
                     << b.seed_tag());
        tg.prepare(b, k);
        const uint32_t before = b.read(tg.raddr);  // the slave served a read last
        if (prime == Kind::Write) b.write(entry_data(kScratch), k);
        tg.traffic(b, k);
        // Under random idles the pair meets the traffic at another phase.
        if (idle == tb::Idle::Random) b.step(gap_rng() % 4);
        const uint32_t wdata = tg.wdata(k);
        const auto p = b.write_read(tg.waddr, wdata, 0xF, s.w, tg.raddr, s.r);

        const Kind want = first_served(s.w, s.r, prime);
        const Kind got = p.w.accept_cycle < p.r.accept_cycle ? Kind::Write : Kind::Read;
        CHECK(got == want);
        ++order[got == Kind::Write ? 0 : 1];
        // The first is taken as soon as it is eligible, the second in the
        // cycle after the first one's response handshake (or when it is
        // eligible, if later).
        const uint64_t start = p.w.start_cycle;
        const uint64_t tw = start + std::max(s.w.addr_delay, s.w.data_delay);
        const uint64_t tr = start + s.r.addr_delay;
        if (got == Kind::Write) {
          CHECK(p.w.accept_cycle == tw);
          CHECK(p.r.accept_cycle == std::max(tr, p.w.end_cycle + 1));
        } else {
          CHECK(p.r.accept_cycle == tr);
          CHECK(p.w.accept_cycle == std::max(tw, p.r.end_cycle + 1));
        }
        CHECK(static_cast<Resp>(p.w.resp) == tg.wresp);
        CHECK(static_cast<Resp>(p.r.resp) == Resp::Okay);
        const std::optional<uint32_t> expect = got == Kind::Write ? tg.after(before, wdata) : before;
        if (expect) CHECK((p.r.rdata & tg.care) == (*expect & tg.care));
      }
    }
    b.finish();
    // Requests were handshaken within two cycles of writes landing.
    CHECK(b.close_races() > 0);
    // Both orders happened (the shapes were chosen so).
    CHECK(order[0] > 0);
    CHECK(order[1] > 0);
  });
}

}  // namespace

TEST_CASE("Concurrent host access: REQUESTER_ID written and read at once", "[host][concurrency]") {
  Target t{"REQUESTER_ID", REQUESTER_ID, REQUESTER_ID,
           [](unsigned k) { return 0x0100u + (k & 0xFF); }, same_word};
  t.traffic = some_traffic;
  run(t, 171);
}

TEST_CASE("Concurrent host access: entry data written and read at once", "[host][concurrency]") {
  Target t{"entry[12].data", entry_data(12), entry_data(12),
           [](unsigned k) { return 0xD0000000u + k; }, same_word};
  t.traffic = [](Small& b, unsigned k) {
    some_traffic(b, k);
    b.request(1, 4);  // entry 12
  };
  run(t, 172);
}

// A checked write: its check read takes a pipeline slot, like the read.
TEST_CASE("Concurrent host access: entry control written and read at once", "[host][concurrency]") {
  Target t{"entry[13].ctrl", entry_ctrl(13), entry_ctrl(13),
           // Unmasked, PASID field changes (the PASID check is off).
           [](unsigned k) { return (k & 0xFFFFFu) << 12; }, same_word};
  t.traffic = [](Small& b, unsigned k) {
    some_traffic(b, k);
    b.request(1, 5);  // entry 13
  };
  run(t, 173);
}

// The mask bit flips each time: requests to the entry go pending and are
// released; the pending bit is the model's to check, the rest is by hand.
TEST_CASE("Concurrent host access: entry mask flipped while read", "[host][concurrency]") {
  Target t{"entry[14].ctrl mask", entry_ctrl(14), entry_ctrl(14),
           [](unsigned k) { return (k & 1u) ? kEntryMask : 0u; }, same_word};
  t.care = ~kEntryPending;
  t.traffic = [](Small& b, unsigned k) {
    some_traffic(b, k);
    b.request(1, 6);  // entry 14
  };
  run(t, 174);
}

TEST_CASE("Concurrent host access: ADI PASID written and read at once", "[host][concurrency]") {
  Target t{"adi[2].pasid", adi_pasid(2), adi_pasid(2),
           [](unsigned k) { return 0x30000u + k; }, same_word};
  t.traffic = some_traffic;
  run(t, 175);
}

// A checked ADI CTRL write (mask on and off: an opening write sweeps).
TEST_CASE("Concurrent host access: ADI CTRL written and read at once", "[host][concurrency]") {
  Target t{"adi[1].ctrl", adi_ctrl(1), adi_ctrl(1),
           [](unsigned k) { return IMS_REGS__ADI__CTRL__ENABLE_bm | ((k & 1u) ? IMS_REGS__ADI__CTRL__MASK_bm : 0u); },
           [](uint32_t, uint32_t w) { return std::optional<uint32_t>(w | kAdiCtrlHeld); }};
  t.traffic = some_traffic;
  run(t, 176);
}

// The PBA word of an entry with a pending message, read while the entry is
// unmasked (its release clears the bit) or masked again.
TEST_CASE("Concurrent host access: PBA read while an unmask releases", "[host][concurrency]") {
  Target t{"pba[0] vs entry[10].ctrl", entry_ctrl(10), pba(0),
           [](unsigned) { return 0u; },
           // Served after the unmask, the read may still see the bit: the
           // release is an op of its own, and when both wait for stage 0
           // (the sink stalls the pipeline) the host read goes first. So by
           // hand only the read served first is decided (the bit is set);
           // the model, which follows the op probe, decides the rest.
           [](uint32_t, uint32_t) { return std::optional<uint32_t>(); }};
  t.care = 1u << 10;
  t.prepare = [](Small& b, unsigned) {
    b.write(entry_ctrl(10), kEntryMask);
    b.request(1, 2);  // entry 10: pending
    b.drain();
  };
  t.traffic = some_traffic;
  run(t, 177);
}

// A refused write to the PBA (read-only) while the word is read.
TEST_CASE("Concurrent host access: refused PBA write while it is read", "[host][concurrency]") {
  Target t{"pba[0] refused", pba(0), pba(0), [](unsigned k) { return ~k; }, unchanged};
  t.wresp = Resp::SlvErr;
  t.traffic = some_traffic;
  run(t, 178);
}

TEST_CASE("Concurrent host access: an ADI view written and read at once", "[host][concurrency]") {
  Target t{"view[2,3].data", view_addr(2, 3, kData), view_addr(2, 3, kData),
           [](unsigned k) { return 0x3300u + k; }, same_word};
  t.traffic = [](Small& b, unsigned k) {
    some_traffic(b, k);
    b.request(2, 3);
  };
  run(t, 179);
}

// Different words: a table write against a counter read, a register write
// against a table read; only the order is by hand, the values the model's.
TEST_CASE("Concurrent host access: different targets, order and model", "[host][concurrency]") {
  Target a{"entry[9].data vs CNT_SENT", entry_data(9), CNT_SENT,
           [](unsigned k) { return 0x900u + k; }, unchanged};
  a.care = 0;
  a.traffic = some_traffic;
  run(a, 180);
  Target c{"UNTAGGED_MASK vs entry[9].addr_lo", UNTAGGED_MASK, entry_addr_lo(9),
           [](unsigned) { return 0xFFF00000u; }, unchanged};
  c.traffic = some_traffic;
  run(c, 181);
}

// BREADY/RREADY held low for hundreds of cycles while traffic flows: the
// slave holds its response (the driver checks it stays valid and stable),
// serves nothing else meanwhile, the pipeline keeps sending, nothing is
// lost (every TLP, response and counter against the model), and the next
// transactions work. Also across an ADI reset, whose completion waits for
// an idle host port.
TEST_CASE("Concurrent host access: responses held for many cycles lose nothing", "[host][concurrency]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Small b(tests::options<SmallBuild>(182, idle, sink));
    setup(b);
    b.write(entry_ctrl(10), kEntryMask);
    b.request(1, 2);  // entry 10 pending
    b.drain();

    // B held: an unmask (its release TLP may leave before B is taken) with
    // a counter read waiting behind it. The write wins the tie (a read was
    // served last).
    b.read(CNT_SENT);
    for (unsigned i = 0; i < 200; ++i) b.request(i % 2 ? 1 : 2, static_cast<uint16_t>(i % 8));
    auto p = b.write_read(entry_ctrl(10), 0, 0xF, AxilTiming{0, 0, kHold}, CNT_SENT, AxilTiming{0, 0, 0});
    CHECK(p.w.accept_cycle < p.r.accept_cycle);
    CHECK(p.w.end_cycle - p.w.accept_cycle > kHold);
    CHECK(p.r.accept_cycle == p.w.end_cycle + 1);
    if (sink == tb::Sink::AlwaysReady) {
      // The pipeline did not wait for the host port.
      const auto& seen = b.seen_cycles();
      CHECK(std::count_if(seen.begin(), seen.end(), [&](uint64_t c) {
              return c > p.w.accept_cycle && c < p.w.end_cycle;
            }) > 100);
    }

    // R held: the read wins the tie now (a write was served last), the
    // write to the very word waits behind it; the read is old, then new.
    const uint32_t old = b.read_dut_only(entry_data(12));
    b.write(entry_data(kScratch), 1);
    for (unsigned i = 0; i < 100; ++i) b.request(1, 4);  // entry 12
    p = b.write_read(entry_data(12), 0xABCD0012, 0xF, AxilTiming{0, 0, 0}, entry_data(12),
                     AxilTiming{0, 0, kHold});
    CHECK(p.r.accept_cycle < p.w.accept_cycle);
    CHECK(p.r.end_cycle - p.r.accept_cycle > kHold);
    CHECK(p.w.accept_cycle == p.r.end_cycle + 1);
    CHECK(p.r.rdata == old);
    CHECK(b.read(entry_data(12)) == 0xABCD0012);

    // Both held while ADI 1 resets (its block: entries 8..15); the reset
    // finishes only once the host port is idle again.
    b.write(adi_ctrl(1), kAdiCtrlReset);
    for (unsigned i = 0; i < 50; ++i) b.request(2, static_cast<uint16_t>(i % 8));
    p = b.write_read(entry_data(20), 0x20, 0xF, AxilTiming{1, 0, kHold}, adi_ctrl(1),
                     AxilTiming{1, 0, kHold});
    CHECK(p.w.end_cycle - p.w.accept_cycle > kHold);
    CHECK(p.r.end_cycle - p.r.accept_cycle > kHold);
    while (b.read(adi_ctrl(1)) & kAdiCtrlReset) {
    }
    CHECK(b.read(entry_ctrl(12)) == kEntryMask);  // the reset walked the block

    // And the port works as before: serial, then both at once.
    CHECK(b.write(REQUESTER_ID, 0x0200) == Resp::Okay);
    CHECK(b.read(REQUESTER_ID) == 0x0200);
    b.request(2, 3);
    p = b.write_read(entry_data(19), 0x1919, 0xF, AxilTiming{}, entry_data(19), AxilTiming{});
    CHECK(p.r.rdata == 0x1919);  // a read was served last: the write went first
    b.read(CNT_SENT);
    b.finish();
  });
}
