// SPDX-License-Identifier: Apache-2.0
// Scoreboard: compares what the DUT did with what the golden model predicted.
//
// Contract:
//  * It only compares; it never drives and never calls the model. The bench
//    feeds it observed TLPs and host responses together with the model's
//    predictions.
//  * observe_tlp(): every TLP seen on the output is compared, in order, with
//    the front of the model's expected queue (which it pops). A mismatch, an
//    extra TLP (nothing expected) and every check_well_formed() violation is
//    recorded with the cycle, the seed and describe() of both sides.
//  * compare_write()/compare_read(): host responses; read data is compared
//    under the model's care_mask.
//  * final_check() records one "missing TLP" error per TLP still expected;
//    errors() is everything recorded so far (capped at kMaxErrors messages,
//    then one line counting the rest).
//  * consumed() is how many expected TLPs have been compared so far, i.e. the
//    sequence number (0-based, in model push order) of the next one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "../harness/seed.hpp"
#include "../model/ims_model.hpp"
#include "../model/tlp.hpp"

namespace ims::tb {

inline std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

inline std::string resp_name(Resp r) {
  switch (static_cast<uint8_t>(r)) {
    case 0: return "OKAY";
    case 1: return "EXOKAY";
    case 2: return "SLVERR";
    case 3: return "DECERR";
  }
  return "resp " + std::to_string(static_cast<unsigned>(r));
}

class Scoreboard {
 public:
  static constexpr size_t kMaxErrors = 100;

  Scoreboard(std::deque<TlpWords>& expected, uint64_t seed)
      : expected_(&expected), seed_(seed) {}

  // One TLP seen on the port (valid && ready) in `cycle`.
  void observe_tlp(const TlpWords& got, uint64_t cycle) {
    seen_.push_back(got);
    const size_t index = seen_.size() - 1;
    for (const std::string& v : check_well_formed(got)) {
      record("malformed TLP #" + std::to_string(index) + " at " + where(cycle, seed_) + ": " +
             v + "; got " + describe(got));
    }
    if (expected_->empty()) {
      record("extra TLP #" + std::to_string(index) + " at " + where(cycle, seed_) +
             " (nothing expected): got " + describe(got));
      return;
    }
    const TlpWords want = expected_->front();
    expected_->pop_front();
    ++consumed_;
    if (!(got == want)) {
      record("TLP #" + std::to_string(index) + " mismatch at " + where(cycle, seed_) +
             ":\n  expected " + describe(want) + "\n  got      " + describe(got));
    }
  }

  void compare_write(uint32_t addr, uint32_t data, uint8_t strb, Resp dut, Resp model,
                     uint64_t cycle) {
    ++host_ops_;
    if (dut != model) {
      record("write " + hex32(addr) + " <= " + hex32(data) + " strb " +
             std::to_string(strb & 0xF) + " at " + where(cycle, seed_) + ": response " +
             resp_name(dut) + ", model expects " + resp_name(model));
    }
  }

  void compare_read(uint32_t addr, Resp dut_resp, uint32_t dut_data, const ReadResult& model,
                    uint64_t cycle) {
    ++host_ops_;
    if (dut_resp != model.resp) {
      record("read " + hex32(addr) + " at " + where(cycle, seed_) + ": response " +
             resp_name(dut_resp) + ", model expects " + resp_name(model.resp));
      return;
    }
    if ((dut_data & model.care_mask) != (model.data & model.care_mask)) {
      record("read " + hex32(addr) + " at " + where(cycle, seed_) + ": data " +
             hex32(dut_data) + ", model expects " + hex32(model.data) + " (care mask " +
             hex32(model.care_mask) + ", differing bits " +
             hex32((dut_data ^ model.data) & model.care_mask) + ")");
    }
  }

  // Any other failure found by the bench (protocol, timeout...). The caller
  // provides the context; the seed is appended if the text lacks it.
  void add_error(const std::string& what) {
    if (what.find("IMS_SEED=") == std::string::npos) {
      record(what + " [" + seed_tag(seed_) + "]");
    } else {
      record(what);
    }
  }

  // Records every TLP still expected as missing; returns how many there were.
  size_t final_check(uint64_t cycle) {
    const size_t left = expected_->size();
    size_t n = 0;
    for (const TlpWords& w : *expected_) {
      record("missing TLP (expected #" + std::to_string(consumed_ + n) +
             ", never seen) at end of test, " + where(cycle, seed_) + ": " + describe(w));
      ++n;
    }
    return left;
  }

  size_t outstanding() const { return expected_->size(); }
  uint64_t consumed() const { return consumed_; }
  uint64_t host_ops() const { return host_ops_; }
  const std::vector<TlpWords>& seen() const { return seen_; }
  uint64_t error_count() const { return error_count_; }

  std::vector<std::string> errors() const {
    std::vector<std::string> out = errors_;
    if (error_count_ > errors_.size()) {
      out.push_back("... and " + std::to_string(error_count_ - errors_.size()) +
                    " more errors, " + seed_tag(seed_));
    }
    return out;
  }

 private:
  void record(std::string msg) {
    ++error_count_;
    if (errors_.size() < kMaxErrors) errors_.push_back(std::move(msg));
  }

  std::deque<TlpWords>* expected_;
  uint64_t seed_;
  uint64_t consumed_ = 0;
  uint64_t host_ops_ = 0;
  uint64_t error_count_ = 0;
  std::vector<TlpWords> seen_;
  std::vector<std::string> errors_;
};

}  // namespace ims::tb
