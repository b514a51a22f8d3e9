// SPDX-License-Identifier: Apache-2.0
// Scenario files for the simulation runner: a small line-oriented language
// (documented in sim/README.md). This header only parses; running a scenario
// is runner.hpp's job. Plain C++17.
//
// Contract: the parser refuses, rather than truncates or guesses, anything
// that does not fit where it goes (a number wider than its field, an index
// past the register map, a pattern or key it does not know, trailing text),
// with "<file>:<line>: <what>" in the message. A scenario that parses runs
// exactly what it says.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ims::sim {

enum class Cmd {
  Write, Read, Expect, Req, Satisfy, Wait, Drain, Release, Sink, Idle, Note, Ready, Poll
};

struct Step {
  Cmd cmd = Cmd::Note;
  uint32_t addr = 0;     // Write, Read, Expect, Poll
  uint32_t value = 0;    // Write data, Expect/Poll value, Req/Satisfy count, Wait cycles
  uint32_t mask = 0xFFFFFFFFu;  // Expect, Poll: compare (read & mask) with value
  bool expect_slverr = false;   // Expect: the read must be refused (SLVERR)
  uint64_t timeout = 0;  // Poll: cycles
  uint8_t strb = 0xF;    // Write
  uint16_t adi = 0, vec = 0;    // Req, Satisfy
  bool pasid_valid = false;     // Req, Satisfy: the request carries a PASID
  uint32_t pasid = 0;
  unsigned port = 0;     // Req, Satisfy: request port (builds with several)
  std::string text;      // Note text, Sink/Idle pattern name, register name as written
  int line = 0;          // source line, for messages
};

// The Verilated builds a scenario can pick with `config` (CMakeLists.txt
// builds exactly these; the runner maps each to its model).
struct Build {
  uint32_t entries, adis;
  unsigned ports;
};
inline constexpr Build kBuilds[] = {{2048, 64, 1}, {64, 8, 1}, {16384, 1024, 1}, {2048, 64, 4}};

struct Scenario {
  std::string name = "<scenario>";     // file name, for messages
  uint32_t entries = 2048, adis = 64;  // "config entries=N adis=M ports=P" (must be a Build)
  unsigned ports = 1;
  std::vector<Step> steps;
};

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Limits of what the scenario language can express, from the register map
// and the request port (16-bit ADI and vector fields, 20-bit PASID).
inline constexpr uint32_t kMaxPortField = 0xFFFF;
inline constexpr uint32_t kMaxPasid = 0xFFFFF;
inline constexpr uint64_t kDefaultPollTimeout = 1000000;  // cycles

// Resolves a register name: a number (0x.. hex or decimal; a leading 0 does
// not mean octal), a global register by its generated name (ID, CTRL,
// CNT_SENT, FAULT_REC_CODE, ...), pba[W], adi[A].ctrl|block|pasid|rid,
// entry[I].addr_lo|addr_hi|data|ctrl, view[A,V].addr_lo|addr_hi|data|ctrl
// (ADI A's view, vector V). Indices must stay inside the register map
// (W < 512, A < 1024, I < 16384, V < 16384), whatever the build: an index
// past the build's tables but inside the map is a legal host access (the
// block answers SLVERR); one past the map would alias another register.
// Throws ParseError (without a line; parse_scenario adds it).
uint32_t resolve_address(const std::string& name);

// `name` is used in messages ("<name>:<line>: ...").
Scenario parse_scenario(const std::string& text, const std::string& name = "<scenario>");
Scenario load_scenario(const std::string& path);

}  // namespace ims::sim
