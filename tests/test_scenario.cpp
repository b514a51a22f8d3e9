// SPDX-License-Identifier: Apache-2.0
// The runner's scenario language: register names resolve to the generated
// map's addresses, every command parses to what it says, and anything that
// would otherwise be truncated or guessed is refused with "<file>:<line>:".
// (Running scenarios: test_sim_runner.cpp.)
#include <catch2/catch.hpp>

#include "ims_regmap.hpp"
#include "scenario.hpp"

using namespace ims;
using Catch::Contains;

namespace {

sim::Scenario parse(const std::string& text) { return sim::parse_scenario(text, "t.scn"); }

}  // namespace

TEST_CASE("Scenario register names resolve to the generated map", "[scenario]") {
  CHECK(sim::resolve_address("CTRL") == regmap::CTRL);
  CHECK(sim::resolve_address("CNT_DROP_OUT_OF_RANGE") == regmap::CNT_DROP_OUT_OF_RANGE);
  CHECK(sim::resolve_address("CNT_SATISFIED") == regmap::CNT_SATISFIED);
  CHECK(sim::resolve_address("pba[3]") == regmap::pba(3));
  CHECK(sim::resolve_address("pba[511]") == regmap::pba(511));
  CHECK(sim::resolve_address("adi[63].block") == regmap::adi_block(63));
  CHECK(sim::resolve_address("adi[1023].ctrl") == regmap::adi_ctrl(1023));
  CHECK(sim::resolve_address("entry[2047].ctrl") == regmap::entry_ctrl(2047));
  CHECK(sim::resolve_address("entry[16383].data") == regmap::entry_data(16383));
  CHECK(sim::resolve_address("entry[5].addr_hi") == 0x40000 + 5 * 16 + 4);
  CHECK(sim::resolve_address("0x1234") == 0x1234);
  CHECK(sim::resolve_address("view[7,1].data") == regmap::view_addr(7, 1, regmap::kData));
  CHECK(sim::resolve_address("view[1023,16383].ctrl") == regmap::view_addr(1023, 16383, regmap::kCtl));
  CHECK(sim::resolve_address("FAULT_REC_CODE") == regmap::FAULT_REC_CODE);
  CHECK(sim::resolve_address("adi[2].rid") == regmap::adi_rid(2));
  CHECK_THROWS_AS(sim::resolve_address("view[7].data"), sim::ParseError);
  CHECK_THROWS_AS(sim::resolve_address("entry[5].bogus"), sim::ParseError);
  CHECK_THROWS_AS(sim::resolve_address("NOT_A_REGISTER"), sim::ParseError);
}

TEST_CASE("Scenario parsing: commands, defaults, errors", "[scenario]") {
  const sim::Scenario sc = parse(
      "config entries=64 adis=8\n"
      "# comment\n"
      "write adi[1].ctrl 0x5 0x1   # strobe byte 0\n"
      "req 1 7 3\n"
      "expect CNT_SENT 3\n"
      "note hello world\n"
      "sink stall\n");
  CHECK(sc.entries == 64);
  CHECK(sc.adis == 8);
  CHECK(sc.ports == 1);
  CHECK(sc.name == "t.scn");
  REQUIRE(sc.steps.size() == 5);
  CHECK(sc.steps[0].cmd == sim::Cmd::Write);
  CHECK(sc.steps[0].strb == 0x1);
  CHECK(sc.steps[0].line == 3);
  CHECK(sc.steps[1].cmd == sim::Cmd::Req);
  CHECK(sc.steps[1].value == 3);
  CHECK(sc.steps[1].vec == 7);
  CHECK_FALSE(sc.steps[1].pasid_valid);
  CHECK(sc.steps[2].value == 3);
  CHECK(sc.steps[2].mask == 0xFFFFFFFFu);
  CHECK_FALSE(sc.steps[2].expect_slverr);
  CHECK(sc.steps[3].text == "hello world");
  CHECK(sc.steps[4].text == "stall");
  CHECK_THROWS_WITH(parse("wait\n"), Contains("t.scn:1:"));
  CHECK_THROWS_WITH(parse("\nfrobnicate 1\n"), Contains("t.scn:2: unknown command"));
  CHECK_THROWS_WITH(parse("sink sometimes\n"), Contains("unknown pattern"));
  CHECK_THROWS_WITH(parse("write CTRL 0xZZ\n"), Contains("not a number"));
  CHECK_THROWS_WITH(sim::load_scenario("/nonexistent/x.scn"), Contains("/nonexistent/x.scn"));
}

// ---- refusals: each was silently truncated or guessed before --------------

TEST_CASE("Scenario refuses a request ADI or vector wider than the port's 16 bits", "[scenario][refuse]") {
  // Cut to 16 bits, "req 65536 0" fired ADI 0.
  CHECK_THROWS_WITH(parse("wait 1\nreq 65536 0\n"),
                    Contains("t.scn:2:") && Contains("ADI 65536 does not fit the request port's 16-bit field"));
  CHECK_THROWS_WITH(parse("req 1 65536\n"), Contains("t.scn:1:") && Contains("vector 65536"));
  CHECK_THROWS_WITH(parse("satisfy 0x10000 0\n"), Contains("ADI 0x10000"));
  // The largest values still go through, to the RTL's unknown-ADI and
  // out-of-range checks.
  const sim::Scenario sc = parse("req 65535 65535\n");
  CHECK(sc.steps[0].adi == 0xFFFF);
  CHECK(sc.steps[0].vec == 0xFFFF);
}

TEST_CASE("Scenario refuses an entry, ADI or PBA index past the register map", "[scenario][refuse]") {
  // entry[268435456].data overflowed the address and wrote entry 0.
  CHECK_THROWS_WITH(parse("write entry[268435456].data 1\n"),
                    Contains("t.scn:1:") && Contains("entry 268435456 is past the register map (0..16383)"));
  CHECK_THROWS_WITH(parse("read entry[16384].ctrl\n"), Contains("entry 16384"));
  CHECK_THROWS_WITH(parse("read adi[1024].ctrl\n"), Contains("ADI 1024 is past the register map (0..1023)"));
  CHECK_THROWS_WITH(parse("\n\nexpect pba[512] 0\n"),
                    Contains("t.scn:3:") && Contains("word 512 is past the register map (0..511)"));
  // Past the build's table but inside the map: a legal access (SLVERR).
  CHECK_NOTHROW(parse("config entries=64 adis=8\nwrite entry[4096].data 1\n"));
}

TEST_CASE("Scenario refuses a view index that would reach the next ADI's view", "[scenario][refuse]") {
  // view[0,16384] was ADI 1's view, vector 0.
  CHECK_THROWS_WITH(parse("write view[0,16384].addr_lo 0xFEE00000\n"),
                    Contains("t.scn:1:") && Contains("vector 16384 is past the register map (0..16383)"));
  CHECK_THROWS_WITH(parse("read view[1024,0].data\n"), Contains("ADI 1024"));
  CHECK(sim::resolve_address("view[0,16383].ctrl") < sim::resolve_address("view[1,0].addr_lo"));
}

TEST_CASE("Scenario refuses a write strobe above 0xF", "[scenario][refuse]") {
  // 0x1F was masked to 0xF: all four lanes written.
  CHECK_THROWS_WITH(parse("write CTRL 1 0x1F\n"),
                    Contains("t.scn:1:") && Contains("write strobe 0x1F does not fit the 4 byte lanes"));
  CHECK(parse("write CTRL 1 0x0\n").steps[0].strb == 0x0);
  CHECK(parse("write CTRL 1 0xF\n").steps[0].strb == 0xF);
}

TEST_CASE("Scenario refuses numbers wider than their field", "[scenario][refuse]") {
  CHECK_THROWS_WITH(parse("write CTRL 0x100000000\n"), Contains("t.scn:1:") && Contains("does not fit 32 bits"));
  CHECK_THROWS_WITH(parse("wait 4294967296\n"), Contains("cycles 4294967296 does not fit 32 bits"));
  CHECK_THROWS_WITH(parse("req 1 1 4294967296\n"), Contains("count"));
  CHECK_THROWS_WITH(parse("write 0x100000000 1\n"), Contains("address"));
  CHECK_THROWS_WITH(parse("wait 99999999999999999999999\n"), Contains("does not fit in 64 bits"));
  CHECK_THROWS_WITH(parse("req 1 1 pasid=0x100000\n"), Contains("PASID 0x100000 does not fit 20 bits"));
  CHECK_THROWS_WITH(parse("write CTRL -1\n"), Contains("not a number"));
}

TEST_CASE("Scenario refuses trailing text after a register name", "[scenario][refuse]") {
  // pba[3]x read pba[3].
  CHECK_THROWS_WITH(parse("read pba[3]x\n"), Contains("t.scn:1: unknown register 'pba[3]x'"));
  CHECK_THROWS_WITH(parse("read entry[5]x.data\n"), Contains("unknown register"));
  CHECK_THROWS_WITH(parse("read 12abc\n"), Contains("not a number"));
  CHECK_THROWS_WITH(parse("drain now\n"), Contains("wrong number of arguments for 'drain'"));
  CHECK_THROWS_WITH(parse("expect CTRL 1 2\n"), Contains("unexpected '2'"));
}

TEST_CASE("Scenario numbers with a leading zero are decimal, not octal", "[scenario][refuse]") {
  // std::stoul(.., 0) read entry[010] as entry 8.
  CHECK(sim::resolve_address("entry[010].data") == regmap::entry_data(10));
  CHECK(parse("wait 010\n").steps[0].value == 10);
  CHECK_THROWS_WITH(parse("wait 09x\n"), Contains("not a number"));
}

TEST_CASE("Scenario refuses a config that no build has, or that comes late", "[scenario][refuse]") {
  CHECK_THROWS_WITH(parse("config entries=4096 adis=64\n"),
                    Contains("t.scn:1: no build with entries=4096 adis=64 ports=1"));
  CHECK_THROWS_WITH(parse("config entries=64 adis=8 ports=4\n"), Contains("no build"));
  // The build is fixed before the first command: a late config would change
  // the tables under the commands before it.
  CHECK_THROWS_WITH(parse("ready\nconfig entries=64 adis=8\n"),
                    Contains("t.scn:2:") && Contains("before the first command"));
  CHECK_THROWS_WITH(parse("config entries=64 adis=8\nconfig entries=64 adis=8\n"), Contains("second 'config'"));
  CHECK_THROWS_WITH(parse("config entires=64\n"), Contains("unknown config key 'entires'"));
}

TEST_CASE("Scenario refuses what a held sink can never finish", "[scenario][refuse]") {
  CHECK_THROWS_WITH(parse("sink hold\nreq 1 1\ndrain\n"),
                    Contains("t.scn:3:") && Contains("while the sink is held (line 1)"));
  CHECK_THROWS_WITH(parse("sink hold\nrelease\n"), Contains("t.scn:2:"));
  CHECK_THROWS_WITH(parse("wait 1\nsink hold\nwait 5\n"),
                    Contains("t.scn:2: the scenario ends with the sink held"));
  CHECK_NOTHROW(parse("sink hold\nreq 1 1\nwait 100\nsink ready\ndrain\n"));
}

TEST_CASE("Scenario refuses an expect or poll that can never hold", "[scenario][refuse]") {
  CHECK_THROWS_WITH(parse("expect CTRL & 0xF0 0x1\n"), Contains("bits outside the mask"));
  CHECK_THROWS_WITH(parse("poll CTRL 1\n"), Contains("'poll' needs '=='"));
  CHECK_THROWS_WITH(parse("poll CTRL &\n"), Contains("'&' without a mask"));
  CHECK_THROWS_WITH(parse("expect CTRL & 0xF SLVERR\n"), Contains("SLVERR' takes no mask"));
  CHECK_THROWS_WITH(parse("req 1 1 port=1\n"), Contains("port 1 does not fit this build's 1 request port"));
  CHECK_THROWS_WITH(parse("req 1 1 tag=3\n"), Contains("unknown option 'tag=3'"));
}

// ---- new commands --------------------------------------------------------

TEST_CASE("Scenario requests carry a PASID, a port, or satisfy an event", "[scenario]") {
  const sim::Scenario sc = parse(
      "config entries=2048 adis=64 ports=4\n"
      "req 3 5 pasid=0x12345\n"
      "req 3 6 2 port=3 pasid=7\n"
      "satisfy 3 5\n"
      "satisfy 3 5 4 pasid=1 port=2\n");
  CHECK(sc.ports == 4);
  REQUIRE(sc.steps.size() == 4);
  CHECK(sc.steps[0].cmd == sim::Cmd::Req);
  CHECK(sc.steps[0].pasid_valid);
  CHECK(sc.steps[0].pasid == 0x12345);
  CHECK(sc.steps[0].port == 0);
  CHECK(sc.steps[0].value == 1);
  CHECK(sc.steps[1].value == 2);
  CHECK(sc.steps[1].port == 3);
  CHECK(sc.steps[1].pasid == 7);
  CHECK(sc.steps[2].cmd == sim::Cmd::Satisfy);
  CHECK_FALSE(sc.steps[2].pasid_valid);
  CHECK(sc.steps[3].value == 4);
  CHECK(sc.steps[3].port == 2);
}

TEST_CASE("Scenario config picks every build", "[scenario]") {
  for (const sim::Build& b : sim::kBuilds) {
    const std::string text = "config entries=" + std::to_string(b.entries) + " adis=" +
                             std::to_string(b.adis) + " ports=" + std::to_string(b.ports) + "\n";
    const sim::Scenario sc = parse(text);
    CHECK(sc.entries == b.entries);
    CHECK(sc.adis == b.adis);
    CHECK(sc.ports == b.ports);
  }
  CHECK(parse("config entries=16384 adis=1024\n").entries == 16384);
}

TEST_CASE("Scenario poll and expect forms", "[scenario]") {
  const sim::Scenario sc = parse(
      "poll adi[1].ctrl & 0x40 == 0\n"
      "poll STATUS&0x3==0 500\n"
      "expect entry[64].data SLVERR\n"
      "expect CTRL & 0x2 == 0x2\n"
      "expect CTRL 0x1\n"
      "sink hold\n"
      "sink ready\n");
  REQUIRE(sc.steps.size() == 7);
  CHECK(sc.steps[0].cmd == sim::Cmd::Poll);
  CHECK(sc.steps[0].addr == regmap::adi_ctrl(1));
  CHECK(sc.steps[0].mask == 0x40);
  CHECK(sc.steps[0].value == 0);
  CHECK(sc.steps[0].timeout == sim::kDefaultPollTimeout);
  CHECK(sc.steps[1].mask == 0x3);
  CHECK(sc.steps[1].timeout == 500);
  CHECK(sc.steps[2].expect_slverr);
  CHECK(sc.steps[3].mask == 0x2);
  CHECK(sc.steps[3].value == 0x2);
  CHECK(sc.steps[4].value == 0x1);
  CHECK(sc.steps[5].text == "hold");
}

TEST_CASE("Scenario notes keep '#' and the rest of the line", "[scenario]") {
  const sim::Scenario sc = parse("note issue #8: ADI 1 # not a comment  \r\nnote#2\n  # note hidden\n");
  REQUIRE(sc.steps.size() == 2);
  CHECK(sc.steps[0].text == "issue #8: ADI 1 # not a comment");
  CHECK(sc.steps[1].text == "#2");
}
