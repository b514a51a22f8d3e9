// SPDX-License-Identifier: Apache-2.0
// The golden model driven on its own, for its unit tests (test_model*.cpp):
// register reads and writes that must answer OKAY, ADI setup, and popping
// the TLPs and fault records it predicts. Plain C++ and Catch2, no Verilator.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>

#include "ims_model.hpp"

namespace ims::tests::model_access {

inline uint32_t rd(ImsModel& m, uint32_t addr) {
  const ReadResult r = m.read(addr);
  REQUIRE(r.resp == Resp::Okay);
  return r.data;
}

inline void wr(ImsModel& m, uint32_t addr, uint32_t data, uint8_t strb = 0xF) {
  REQUIRE(m.write(addr, data, strb) == Resp::Okay);
}

// ADI a on entries base..base+size-1.
inline void setup_adi(ImsModel& m, uint32_t a, uint32_t base, uint32_t size,
                      uint32_t ctrl = reg::kAdiCtrlEnable) {
  wr(m, reg::adi(a, 0x4), (size << 16) | base);
  wr(m, reg::adi(a, 0x0), ctrl);
}

// An untagged interrupt TLP (TC 0).
inline TlpWords untagged(uint64_t addr, uint32_t data, uint16_t rid = 0) {
  return encode(make_interrupt(addr, data, rid, 0, false, 0, false, false));
}

// The oldest TLP the model predicts, taken off its queue.
inline TlpWords pop(ImsModel& m) {
  REQUIRE(!m.expected().empty());
  TlpWords w = m.expected().front();
  m.expected().pop_front();
  return w;
}

// Pops the fault log's head record through FAULT_POP after checking that
// the registers show it too.
inline FaultRecord pop_fault(ImsModel& m) {
  REQUIRE(!m.faults().empty());
  const FaultRecord f = m.faults().front();
  CHECK(rd(m, reg::kFaultRecCode) == (f.reason | (uint32_t{f.adi} << 16)));
  CHECK(rd(m, reg::kFaultRecIndex) == f.index);
  CHECK(rd(m, reg::kFaultRecValue) == f.value);
  wr(m, reg::kFaultPop, reg::kFaultPopHead);
  return f;
}

}  // namespace ims::tests::model_access
