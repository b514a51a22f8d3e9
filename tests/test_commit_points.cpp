// SPDX-License-Identifier: Apache-2.0
// Commit points, cycle by cycle (docs/theory-of-operation.md, "Commit
// points"): a request handshaken k cycles after a host write's AW/W cycle a
// sees the new value exactly when the table says so, for k = -2 .. 4:
//   entry address/data (lands at the end of a + 2): new iff k >= 2;
//   REQUESTER_ID (register flops, end of a + 1):    new iff k >= 1;
//   ADI PASID (ADI RAM, end of a + 2; ADI row read at the end of the
//   handshake cycle):                               new iff k >= 3.
// The racing stream is kept out of the model's in-order comparison (which
// applies a write at its AW/W cycle) and checked against the table here.
#include <catch2/catch.hpp>

#include "builds.hpp"
#include "ims_regmap.hpp"

using namespace ims;
using namespace ims::regmap;
using ims::tests::SmallBuild;

namespace {
using Small = tb::Bench<SmallBuild::Top>;
constexpr uint32_t kPasid = 0x5A5A;

// Queues one request to be offered at cycle `at` (its handshake, since the
// block is idle and the sink ready), then performs the write; returns
// (request handshake cycle, write AW/W cycle).
template <class Write>
std::pair<uint64_t, uint64_t> race(Small& b, int64_t k, Write&& write) {
  const size_t before = b.req_handshakes().size();
  // The driver presents AW/W at the next step and the idle port takes them
  // in that cycle; a request made to wait until cycle now + k handshakes then
  // (block idle, sink ready). For k < 0 the request goes first.
  tb::ReqItem item{0, 0, false, 0, false, 0};
  if (k >= 0) item.not_before = b.cycle() + static_cast<uint64_t>(k);
  b.request_on(0, item);
  if (k < 0) b.step(static_cast<uint64_t>(-k));
  write();
  b.drain();
  REQUIRE(b.req_handshakes().size() == before + 1);
  return {b.req_handshakes().back().second, b.last_write_accept_cycle()};
}
}  // namespace

TEST_CASE("Commit points: entry data and Requester ID, request k cycles after the write", "[commit]") {
  for (int64_t k = -2; k <= 4; ++k) {
    DYNAMIC_SECTION("k=" << k) {
      Small b(tests::options<SmallBuild>(141));
      b.wait_ready();
      b.write(REQUESTER_ID, 0x0100);
      b.write(CTRL, kCtrlEnable);
      setup_adi(b, 0, AdiConfig{0, 8, true, false, true, false, false, kPasid, 0});
      program_entry(b, 0, 0xFEE00000, 0x0);
      b.wait_release_idle();
      b.set_racing_pasid(kPasid);

      // Entry data.
      const auto [r1, a1] = race(b, k, [&] { b.write(entry_data(0), 0x1111); });
      const int64_t d1 = static_cast<int64_t>(r1) - static_cast<int64_t>(a1);
      INFO("entry data: request at a" << (d1 >= 0 ? "+" : "") << d1);
      REQUIRE(b.racing_seen().size() == 1);
      CHECK(b.racing_seen()[0].second.data == (d1 >= 2 ? 0x1111u : 0x0u));

      // Requester ID.
      const auto [r2, a2] = race(b, k, [&] { b.write(REQUESTER_ID, 0x0200); });
      const int64_t d2 = static_cast<int64_t>(r2) - static_cast<int64_t>(a2);
      INFO("Requester ID: request at a" << (d2 >= 0 ? "+" : "") << d2);
      REQUIRE(b.racing_seen().size() == 2);
      CHECK((b.racing_seen()[1].second.hdr[1] >> 16) == (d2 >= 1 ? 0x0200u : 0x0100u));

      // ADI PASID (the ADI row).
      b.set_racing_pasid(0x0BEEF);
      const auto [r3, a3] = race(b, k, [&] { b.write(adi_pasid(0), 0x0BEEF); });
      const int64_t d3 = static_cast<int64_t>(r3) - static_cast<int64_t>(a3);
      INFO("ADI PASID: request at a" << (d3 >= 0 ? "+" : "") << d3);
      REQUIRE(b.racing_seen().size() == 3);
      CHECK((b.racing_seen()[2].second.prefix & 0xFFFFFu) == (d3 >= 3 ? 0x0BEEFu : kPasid));
      b.finish();
    }
  }
}
