// SPDX-License-Identifier: Apache-2.0
// One simulation: VerilatedContext + model, clock, reset, error polling.
//
// Contract:
//  * A fresh VerilatedContext per Sim (so per test). Before the model is
//    constructed: threads(1), fatalOnError(false), randReset(2) with the seed
//    xinit_seed() gives (IMS_XINIT_SEED, else derived from the test seed; the
//    unreset state is random), traceEverOn(true)
//    when a wave path is given.
//  * Verilated::threadContextp(ctx) is set before every eval and before the
//    model is destroyed, so $error lands on this test's context even while
//    other contexts are alive.
//  * ctx->gotError() (RTL assertion, $stop) and ctx->gotFinish() are checked
//    after every eval; either flushes the trace and throws SimFailure naming
//    the cycle and the seed. The simulation does not abort the process.
//  * step(apply, sample) is one clock cycle, in this order:
//      clk_i = 0, apply() drives inputs, eval (settle), trace dump,
//      sample() observes handshakes (valid && ready as they stand now),
//      clk_i = 1, eval (rising edge), trace dump, cycle += 1.
//    Context time advances 1 unit per half cycle (so $error shows it).
//  * reset(cycles, apply) holds rst_ni low for `cycles` clock cycles with the
//    clock running (apply() keeps inputs idle), then releases it.
#pragma once

#include <verilated.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "seed.hpp"
#include "trace.hpp"

namespace ims::tb {

template <class Top>
class Sim {
 public:
  // wave_file: empty = no tracing.
  Sim(uint64_t seed, const std::string& wave_file) : seed_(seed) {
    ctx_ = std::make_unique<VerilatedContext>();
    ctx_->threads(1);
    ctx_->fatalOnError(false);
    ctx_->randReset(2);
    ctx_->randSeed(xinit_seed(seed));  // IMS_XINIT_SEED, else from the test seed
    const bool tracing = !wave_file.empty() && kHasFstTrace<Top>;
    if (tracing) ctx_->traceEverOn(true);
    Verilated::threadContextp(ctx_.get());
    top_ = std::make_unique<Top>(ctx_.get(), "TOP");
    if (tracing) tracer_.open(*top_, wave_file);
    top_->clk_i = 0;
    top_->rst_ni = 1;
  }

  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  ~Sim() {
    Verilated::threadContextp(ctx_.get());
    top_->final();
    tracer_.flush();
    tracer_.close();
    Verilated::threadContextp(ctx_.get());
    top_.reset();
    ctx_.reset();
  }

  Top& top() { return *top_; }
  const Top& top() const { return *top_; }
  VerilatedContext& context() { return *ctx_; }
  uint64_t cycle() const { return cycle_; }
  uint64_t seed() const { return seed_; }
  bool tracing() const { return tracer_.is_open(); }
  const std::string& wave_file() const { return tracer_.path(); }
  void flush_trace() { tracer_.flush(); }

  // Evaluates the model and polls the context for RTL errors.
  void eval() {
    Verilated::threadContextp(ctx_.get());
    top_->eval();
    check_errors();
  }

  // Throws SimFailure if the RTL reported an error or finished.
  void check_errors() {
    if (ctx_->gotError()) {
      fail("RTL assertion failed (see the %Error lines above)");
    }
    if (ctx_->gotFinish()) {
      fail("RTL called $finish");
    }
  }

  // Flushes the trace and throws a SimFailure with cycle and seed.
  [[noreturn]] void fail(const std::string& what) {
    tracer_.flush();
    std::string msg = what + " at " + where(cycle_, seed_);
    if (tracer_.is_open()) msg += "; waves: " + tracer_.path();
    throw SimFailure(msg);
  }

  // One clock cycle; see the contract above.
  template <class Apply, class Sample>
  void step(Apply&& apply, Sample&& sample) {
    top_->clk_i = 0;
    apply();
    eval();
    tracer_.dump(ctx_->time());
    ctx_->timeInc(1);
    sample();
    top_->clk_i = 1;
    eval();
    tracer_.dump(ctx_->time());
    ctx_->timeInc(1);
    ++cycle_;
  }

  // A clock cycle with nothing to drive or observe.
  void step() {
    step([] {}, [] {});
  }

  // rst_ni low for `cycles` cycles (apply() keeps the inputs idle), then high
  // and one more settled cycle.
  template <class Apply>
  void reset(uint32_t cycles, Apply&& apply) {
    top_->rst_ni = 0;
    // Assert reset with the clock low so the asynchronous reset takes effect.
    top_->clk_i = 0;
    apply();
    eval();
    for (uint32_t i = 0; i < cycles; ++i) step(apply, [] {});
    top_->rst_ni = 1;
    step(apply, [] {});
  }

 private:
  uint64_t seed_;
  uint64_t cycle_ = 0;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Top> top_;
  Tracer<Top> tracer_;
};

}  // namespace ims::tb
