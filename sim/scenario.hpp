// SPDX-License-Identifier: Apache-2.0
// Scenario files for the simulation runner: a small line-oriented language
// (documented in sim/README.md). This header only parses; running a scenario
// is ims_sim.cpp's job. Plain C++17.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ims::sim {

enum class Cmd { Write, Read, Expect, Req, Wait, Drain, Release, Sink, Idle, Note, Ready };

struct Step {
  Cmd cmd = Cmd::Note;
  uint32_t addr = 0;     // Write, Read, Expect
  uint32_t value = 0;    // Write data, Expect value, Req count, Wait cycles
  uint8_t strb = 0xF;    // Write
  uint16_t adi = 0, vec = 0;  // Req
  std::string text;      // Note text, Sink/Idle pattern name, register name as written
  int line = 0;          // source line, for messages
};

struct Scenario {
  uint32_t entries = 2048, adis = 64;  // "config entries=N adis=M" (must match a build)
  std::vector<Step> steps;
};

struct ParseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Resolves a register name: a number (0x.. or decimal), a global register
// (ID, VERSION, CAP_ENTRIES, CAP_ADIS, FEATURES, CTRL, REQUESTER_ID, STATUS,
// CNT_SENT, CNT_PENDING, CNT_DROP_DISABLED, CNT_DROP_UNKNOWN_ADI,
// CNT_DROP_ADI_DISABLED, CNT_DROP_OUT_OF_RANGE), pba[W], adi[A].ctrl|block|
// pasid|rid, entry[I].addr_lo|addr_hi|data|ctrl, view[A,V].addr_lo|addr_hi|
// data|ctrl (ADI A's view, vector V), and the other global registers by name.
uint32_t resolve_address(const std::string& name);

Scenario parse_scenario(const std::string& text);
Scenario load_scenario(const std::string& path);

}  // namespace ims::sim
