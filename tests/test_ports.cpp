// SPDX-License-Identifier: Apache-2.0
// Several request ports (NumReqPorts = 4): one TLP per cycle from all ports
// together, each port served round robin (a waiting port waits at most 3
// other handshakes), TLPs exactly as the model predicts in acceptance order,
// and a port with idles is never starved by three busy ones.
#include <catch2/catch.hpp>

#include <array>
#include <map>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::PortsBuild;

namespace {
using Ports = tb::Bench<PortsBuild::Top>;

void setup(Ports& b) {
  b.wait_ready();
  b.write(CTRL, kCtrlEnable);
  for (uint32_t a = 0; a < 4; ++a) {
    setup_adi(b, a, AdiConfig{64 * a, 64, true, false, a % 2 == 1, false, false, 0x100 + a, a});
    for (uint32_t v = 0; v < 64; ++v) program_entry(b, 64 * a + v, 0xFEE00000u + 4 * (64 * a + v), (a << 16) | v);
  }
  b.wait_release_idle();
}
}  // namespace

TEST_CASE("Four request ports: round robin, one TLP per cycle, exact order", "[ports]") {
  tb::for_each_pattern([](tb::Idle idle, tb::Sink sink) {
    Ports b(tests::options<PortsBuild>(121, idle, sink));
    setup(b);
    const size_t first_hs = b.req_handshakes().size();
    for (int i = 0; i < 400; ++i)
      for (unsigned p = 0; p < 4; ++p) b.request_on(p, tb::ReqItem{static_cast<uint16_t>(p), static_cast<uint16_t>(i % 64)});
    b.finish();
    REQUIRE(b.seen().size() == 1600);
    // Fairness: between two handshakes of a waiting port, at most 3 others.
    std::array<int, 4> since{};
    const auto& hs = b.req_handshakes();
    for (size_t i = first_hs; i < hs.size(); ++i) {
      for (unsigned p = 0; p < 4; ++p) since[p] = (p == hs[i].first) ? 0 : since[p] + 1;
      if (idle == tb::Idle::None) {
        for (unsigned p = 0; p < 4; ++p) CHECK(since[p] <= 3);
      }
    }
    if (idle == tb::Idle::None && sink == tb::Sink::AlwaysReady) {
      const uint64_t span = b.seen_cycles().back() - b.seen_cycles().front() + 1;
      CHECK(span <= 1600 + 2);
    }
  });
}

TEST_CASE("A port with idles is not starved by three busy ports", "[ports]") {
  Ports b(tests::options<PortsBuild>(122));
  setup(b);
  for (int i = 0; i < 600; ++i)
    for (unsigned p = 0; p < 3; ++p) b.request_on(p, tb::ReqItem{static_cast<uint16_t>(p), static_cast<uint16_t>(i % 64)});
  // Port 3 offers one request now and then; each must be taken within 4 cycles.
  std::map<uint64_t, uint64_t> offered_at;
  for (int k = 0; k < 50; ++k) {
    b.request_on(3, tb::ReqItem{3, static_cast<uint16_t>(k)});
    const uint64_t t0 = b.cycle();
    const size_t before = b.req_handshakes().size();
    uint64_t waited = 0;
    for (;;) {
      b.step();
      bool got = false;
      for (size_t i = before; i < b.req_handshakes().size(); ++i) got |= (b.req_handshakes()[i].first == 3);
      if (got) break;
      REQUIRE(++waited < 10);
    }
    CHECK(b.cycle() - t0 <= 4);
    b.step(7);
  }
  b.finish();
  CHECK(b.seen().size() == 1800 + 50);
}
