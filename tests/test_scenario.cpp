// SPDX-License-Identifier: Apache-2.0
// The runner's scenario language: register names resolve to the generated
// map's addresses, and malformed lines are refused with their line number.
#include <catch2/catch.hpp>

#include "ims_regmap.hpp"
#include "scenario.hpp"

using namespace ims;

TEST_CASE("Scenario register names resolve to the generated map", "[scenario]") {
  CHECK(sim::resolve_address("CTRL") == regmap::CTRL);
  CHECK(sim::resolve_address("CNT_DROP_OUT_OF_RANGE") == regmap::CNT_DROP_OUT_OF_RANGE);
  CHECK(sim::resolve_address("pba[3]") == regmap::pba(3));
  CHECK(sim::resolve_address("adi[63].block") == regmap::adi_block(63));
  CHECK(sim::resolve_address("entry[2047].ctrl") == regmap::entry_ctrl(2047));
  CHECK(sim::resolve_address("entry[5].addr_hi") == 0x40000 + 5 * 16 + 4);
  CHECK(sim::resolve_address("0x1234") == 0x1234);
  CHECK(sim::resolve_address("view[7,1].data") == regmap::view_addr(7, 1, regmap::kData));
  CHECK(sim::resolve_address("FAULT_REC_CODE") == regmap::FAULT_REC_CODE);
  CHECK(sim::resolve_address("adi[2].rid") == regmap::adi_rid(2));
  CHECK_THROWS_AS(sim::resolve_address("view[7].data"), sim::ParseError);
  CHECK_THROWS_AS(sim::resolve_address("entry[5].bogus"), sim::ParseError);
}

TEST_CASE("Scenario parsing: commands, defaults, errors", "[scenario]") {
  const sim::Scenario sc = sim::parse_scenario(
      "config entries=64 adis=8\n"
      "# comment\n"
      "write adi[1].ctrl 0x5 0x1   # strobe byte 0\n"
      "req 1 7 3\n"
      "expect CNT_SENT 3\n"
      "note hello world\n"
      "sink stall\n");
  CHECK(sc.entries == 64);
  CHECK(sc.adis == 8);
  REQUIRE(sc.steps.size() == 5);
  CHECK(sc.steps[0].cmd == sim::Cmd::Write);
  CHECK(sc.steps[0].strb == 0x1);
  CHECK(sc.steps[1].cmd == sim::Cmd::Req);
  CHECK(sc.steps[1].value == 3);
  CHECK(sc.steps[1].vec == 7);
  CHECK(sc.steps[2].value == 3);
  CHECK(sc.steps[3].text == "hello world");
  CHECK(sc.steps[4].text == "stall");
  CHECK_THROWS_WITH(sim::parse_scenario("wait\n"), Catch::Contains("line 1"));
  CHECK_THROWS_WITH(sim::parse_scenario("\nfrobnicate 1\n"), Catch::Contains("line 2"));
  CHECK_THROWS_WITH(sim::parse_scenario("sink sometimes\n"), Catch::Contains("unknown pattern"));
  CHECK_THROWS_WITH(sim::parse_scenario("write CTRL 0xZZ\n"), Catch::Contains("not a number"));
}
