// SPDX-License-Identifier: Apache-2.0
// RTL assertions are live in these builds and become test failures that name
// the cycle and the seed: a request that changes while waiting for ready (the
// DUT holds req_ready_o low during table initialisation) must trip the
// input-protocol assertion in ims_top; the same traffic held stable must not.
#include <catch2/catch.hpp>

#include "Vims_small.h"
#include "harness/sim.hpp"

using namespace ims;

namespace {
// Drives req_valid_i for `cycles` cycles after reset, changing the vector
// every cycle or not.
void offer_request(tb::Sim<Vims_small>& sim, bool change_payload, int cycles) {
  auto idle = [&] {
    Vims_small& t = sim.top();
    t.req_valid_i = 0;
    t.tlp_ready_i = 1;
    t.s_axil_awvalid_i = 0;
    t.s_axil_wvalid_i = 0;
    t.s_axil_arvalid_i = 0;
    t.s_axil_bready_i = 1;
    t.s_axil_rready_i = 1;
  };
  sim.reset(3, idle);
  for (int i = 0; i < cycles; ++i) {
    sim.step(
        [&] {
          idle();
          sim.top().req_valid_i = 1;
          sim.top().req_adi_i = 1;
          sim.top().req_vec_i = change_payload ? static_cast<uint16_t>(i) : 5;
        },
        [] {});
  }
}
}  // namespace

TEST_CASE("An RTL assertion fires as a test failure with cycle and seed", "[assert]") {
  tb::Sim<Vims_small> sim(77, "");
  try {
    offer_request(sim, /*change_payload=*/true, 10);
    FAIL("the request-stability assertion did not fire");
  } catch (const tb::SimFailure& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("seed=77"));
    CHECK_THAT(what, Catch::Contains("cycle"));
  }
}

TEST_CASE("A stable waiting request trips no assertion", "[assert]") {
  tb::Sim<Vims_small> sim(78, "");
  CHECK_NOTHROW(offer_request(sim, /*change_payload=*/false, 10));
}
