// SPDX-License-Identifier: Apache-2.0
// Driver for the interrupt request port (req_valid_i/req_ready_o, adi, vec).
//
// Contract:
//  * push() queues a request; requests are driven in queue order, with the
//    Idle pattern's gap (in cycles) before each one after the first.
//  * apply() drives the inputs for the coming cycle; sample() observes the
//    current settled cycle and returns the request that handshook
//    (req_valid_i && req_ready_o), which leaves the queue. The caller (the
//    bench) hands it to the model in that same cycle, so the model sees the
//    requests in acceptance order.
//  * req_valid_i, once 1, stays 1 with stable adi/vec until the handshake
//    (req_ready_o may be low for ~20000 cycles after reset). While
//    req_valid_i is 0, adi/vec carry random junk.
//  * hold(true) keeps req_valid_i low (e.g. during reset) without losing the
//    queue.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <random>

#include "../harness/patterns.hpp"
#include "../harness/seed.hpp"

namespace ims::tb {

struct ReqItem {
  uint16_t adi = 0;
  uint16_t vec = 0;
  bool pasid_valid = false;  // the work carried a PASID (checked, never sent)
  uint32_t pasid = 0;
  bool satisfy = false;      // "event satisfied" instead of an interrupt
};

struct ReqHandshake {
  ReqItem item;
  uint64_t cycle = 0;  // the handshake cycle
};

template <class Top>
class ReqDriver {
 public:
  ReqDriver(uint64_t seed, Idle idle)
      : rng_(agent_rng(seed, Salt::ReqDriver)), idle_(idle) {}

  void set_idle(Idle idle) { idle_.set(idle); }
  void hold(bool on) { hold_ = on; }
  void push(const ReqItem& item) { queue_.push_back(item); }
  bool empty() const { return queue_.empty(); }
  size_t queued() const { return queue_.size(); }
  // True while req_valid_i is (or will be next cycle) waiting for ready.
  bool offering() const { return offering_; }

  void apply(Top& top) {
    offering_ = !hold_ && !queue_.empty() && gap_ == 0;
    top.req_valid_i = offering_;
    if (offering_) {
      top.req_adi_i = queue_.front().adi;
      top.req_vec_i = queue_.front().vec;
      top.req_pasid_valid_i = queue_.front().pasid_valid;
      top.req_pasid_i = queue_.front().pasid & 0xFFFFFu;
      top.req_satisfy_i = queue_.front().satisfy;
    } else {
      top.req_adi_i = static_cast<uint16_t>(rng_());
      top.req_vec_i = static_cast<uint16_t>(rng_());
      top.req_pasid_valid_i = rng_() & 1;
      top.req_pasid_i = static_cast<uint32_t>(rng_()) & 0xFFFFFu;
      top.req_satisfy_i = rng_() & 1;
    }
  }

  std::optional<ReqHandshake> sample(const Top& top, uint64_t cycle) {
    if (top.req_valid_i && top.req_ready_o && !queue_.empty()) {
      ReqHandshake hs{queue_.front(), cycle};
      queue_.pop_front();
      gap_ = idle_.next(rng_);
      offering_ = false;
      return hs;
    }
    if (!top.req_valid_i && gap_ > 0) --gap_;
    return std::nullopt;
  }

 private:
  std::mt19937_64 rng_;
  IdleGen idle_;
  std::deque<ReqItem> queue_;
  uint32_t gap_ = 0;
  bool hold_ = false;
  bool offering_ = false;
};

}  // namespace ims::tb
