// SPDX-License-Identifier: Apache-2.0
// Driver of ims_fault_log_equiv: clock, a reset at the start and a few
// asynchronous resets mid-run, stop at the first mismatch.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include "Vims_fault_log_equiv.h"
#include "verilated.h"

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);
  ctx->commandArgs(argc, argv);
  const unsigned long cycles = argc > 1 ? std::strtoul(argv[1], nullptr, 0) : 1000000;
  auto top = std::make_unique<Vims_fault_log_equiv>(ctx.get());
  top->clk_i = 0;
  top->rst_ni = 0;
  top->eval();
  for (unsigned long c = 0; c < cycles; ++c) {
    // Reset for 3 cycles at the start and every 200003 cycles.
    top->rst_ni = !(c < 3 || (c % 200003) < 2);
    top->clk_i = 0; top->eval();
    top->clk_i = 1; top->eval();
    if (ctx->gotError()) {
      std::printf("FAIL after %lu cycles\n", c);
      return 1;
    }
  }
  std::printf("PASS %lu cycles, max count %u, lost %u; cycles at 0/1/2/D-1/D:", cycles,
              top->max_seen_o, top->losses_o);
  for (int i = 0; i < 5; ++i) std::printf(" %u", top->cover_o[i]);
  std::printf("; double push at <=1: %u; pop at 1/2: %u %u\n", top->cover_o[5],
              top->cover_o[6], top->cover_o[7]);
  top->final();
  return 0;
}
