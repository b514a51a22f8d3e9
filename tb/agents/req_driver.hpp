// SPDX-License-Identifier: Apache-2.0
// Driver for one interrupt request port (req_valid_i/req_ready_o, adi, vec,
// pasid, satisfy). A build with several ports packs them: port p is bit p of
// the 1-bit signals and field p of the others (16-bit adi/vec, 20-bit pasid);
// each port has its own driver, which touches only its own fields.
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
#include <type_traits>

#include "../harness/patterns.hpp"
#include "../harness/seed.hpp"

namespace ims::tb {

namespace req_bits {
// Bit fields of a top-level port, whether Verilator made it an integer or a
// word array (wider than 64 bits).
template <class T>
std::enable_if_t<std::is_integral_v<T>> put(T& dst, unsigned lsb, unsigned width, uint64_t v) {
  const uint64_t mask = ((width >= 64) ? ~0ull : ((1ull << width) - 1)) << lsb;
  dst = static_cast<T>((static_cast<uint64_t>(dst) & ~mask) | ((v << lsb) & mask));
}
template <class W>
auto put(W& dst, unsigned lsb, unsigned width, uint64_t v)
    -> std::enable_if_t<!std::is_integral_v<W>, decltype(dst[0], void())> {
  for (unsigned i = 0; i < width; ++i) {
    const unsigned b = lsb + i;
    auto& word = dst[b / 32];
    word = (word & ~(1u << (b % 32))) | (static_cast<uint32_t>((v >> i) & 1u) << (b % 32));
  }
}
template <class T>
bool bit(const T& src, unsigned b) {
  return (static_cast<uint64_t>(src) >> b) & 1u;
}
}  // namespace req_bits

struct ReqItem {
  uint16_t adi = 0;
  uint16_t vec = 0;
  bool pasid_valid = false;  // the work carried a PASID (checked, never sent)
  uint32_t pasid = 0;
  bool satisfy = false;      // "event satisfied" instead of an interrupt
  uint64_t not_before = 0;   // not offered before this cycle (cycle-exact tests)
};

struct ReqHandshake {
  ReqItem item;
  uint64_t cycle = 0;  // the handshake cycle
};

template <class Top>
class ReqDriver {
 public:
  ReqDriver(uint64_t seed, Idle idle, unsigned port = 0)
      : rng_(agent_rng(seed + port, Salt::ReqDriver)), idle_(idle), port_(port) {}
  unsigned port() const { return port_; }

  void set_idle(Idle idle) { idle_.set(idle); }
  void hold(bool on) { hold_ = on; }
  // Drops every queued request (the requesting engines were reset too).
  void clear() {
    queue_.clear();
    offering_ = false;
  }
  void push(const ReqItem& item) { queue_.push_back(item); }
  bool empty() const { return queue_.empty(); }
  size_t queued() const { return queue_.size(); }
  // True while req_valid_i is (or will be next cycle) waiting for ready.
  bool offering() const { return offering_; }

  void apply(Top& top) {
    offering_ = !hold_ && !queue_.empty() && gap_ == 0 && next_cycle_ >= queue_.front().not_before;
    using req_bits::put;
    const unsigned p = port_;
    put(top.req_valid_i, p, 1, offering_);
    if (offering_) {
      const ReqItem& it = queue_.front();
      put(top.req_adi_i, 16 * p, 16, it.adi);
      put(top.req_vec_i, 16 * p, 16, it.vec);
      put(top.req_pasid_valid_i, p, 1, it.pasid_valid);
      put(top.req_pasid_i, 20 * p, 20, it.pasid & 0xFFFFFu);
      put(top.req_satisfy_i, p, 1, it.satisfy);
    } else {
      put(top.req_adi_i, 16 * p, 16, rng_());
      put(top.req_vec_i, 16 * p, 16, rng_());
      put(top.req_pasid_valid_i, p, 1, rng_() & 1);
      put(top.req_pasid_i, 20 * p, 20, rng_());
      put(top.req_satisfy_i, p, 1, rng_() & 1);
    }
  }

  std::optional<ReqHandshake> sample(const Top& top, uint64_t cycle) {
    next_cycle_ = cycle + 1;
    const bool valid = req_bits::bit(top.req_valid_i, port_);
    if (valid && req_bits::bit(top.req_ready_o, port_) && !queue_.empty()) {
      ReqHandshake hs{queue_.front(), cycle};
      queue_.pop_front();
      gap_ = idle_.next(rng_);
      offering_ = false;
      return hs;
    }
    if (!valid && gap_ > 0) --gap_;
    return std::nullopt;
  }

 private:
  std::mt19937_64 rng_;
  IdleGen idle_;
  std::deque<ReqItem> queue_;
  uint32_t gap_ = 0;
  bool hold_ = false;
  bool offering_ = false;
  unsigned port_ = 0;
  uint64_t next_cycle_ = 0;  // the cycle apply() drives
};

}  // namespace ims::tb
