// SPDX-License-Identifier: Apache-2.0
// Driver of ims_ram_oreg_equiv: writes every row once (the RAM has no reset
// of its own; ims_table_init does this in the block), then random writes
// with random lanes, reads and output-register enables, addresses drawn from
// a few rows most of the time so reads hit rows just written. Each cycle
// both implementations' output must equal this model's: a read (re) loads
// the latch with the row, a write stores the enabled lanes, the output
// register (oce) takes the latch as it was before the edge. A read of the
// row written on the same edge is left out (no promise, ims_ram_sdp
// ReadFirst = 0).
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <vector>
#include "Vims_ram_oreg_equiv.h"
#include "verilated.h"

using Row = std::array<uint32_t, 4>;

int main(int argc, char** argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->fatalOnError(false);
  ctx->commandArgs(argc, argv);
  const unsigned long cycles = argc > 1 ? std::strtoul(argv[1], nullptr, 0) : 200000;
  const uint32_t depth = argc > 2 ? std::strtoul(argv[2], nullptr, 0) : 2048;
  std::mt19937_64 rng(depth * 7919u + 1);
  auto top = std::make_unique<Vims_ram_oreg_equiv>(ctx.get());

  std::vector<Row> mem(depth);
  Row latch{}, oreg{};
  bool latch_ok = false, oreg_ok = false;  // loaded from written rows
  unsigned long checked = 0, reads = 0, writes = 0, holds = 0;

  auto edge = [&]() {
    top->clk_i = 0; top->eval();
    top->clk_i = 1; top->eval();
  };
  auto drive_row = [&](const Row& r) {
    for (int w = 0; w < 4; ++w) top->wdata_i[w] = r[w];
  };

  top->re_i = 0; top->oce_i = 0; top->we_i = 1; top->wlane_i = 0xFFFF;
  for (uint32_t a = 0; a < depth; ++a) {
    Row r;
    for (auto& w : r) w = static_cast<uint32_t>(rng());
    mem[a] = r;
    top->waddr_i = a;
    drive_row(r);
    edge();
  }

  std::array<uint32_t, 4> hot;  // rows most accesses go to
  for (auto& h : hot) h = rng() % depth;
  auto pick = [&]() -> uint32_t { return (rng() % 4) ? hot[rng() % 4] : static_cast<uint32_t>(rng() % depth); };

  for (unsigned long c = 0; c < cycles; ++c) {
    const bool we = rng() % 2, re = rng() % 3 != 0, oce = rng() % 4 != 0;
    const uint32_t wa = pick();
    uint32_t ra = pick();
    if (we && re && ra == wa) ra = (ra + 1) % depth;
    const uint16_t lanes = static_cast<uint16_t>(rng());
    Row wd;
    for (auto& w : wd) w = static_cast<uint32_t>(rng());
    top->we_i = we; top->waddr_i = wa; top->wlane_i = lanes; drive_row(wd);
    top->re_i = re; top->raddr_i = ra; top->oce_i = oce;
    edge();
    // The model, in edge order: the register takes the old latch, the latch
    // the row as it was before this edge's write.
    if (oce) { oreg = latch; oreg_ok = latch_ok; }
    if (re) { latch = mem[ra]; latch_ok = true; ++reads; }
    if (we) {
      ++writes;
      for (int l = 0; l < 16; ++l) {
        if (!(lanes >> l & 1)) continue;
        const uint32_t m = 0xFFu << (8 * (l % 4));
        mem[wa][l / 4] = (mem[wa][l / 4] & ~m) | (wd[l / 4] & m);
      }
    }
    if (!oce) ++holds;
    if (oreg_ok) {
      ++checked;
      for (int w = 0; w < 4; ++w) {
        if (top->behav_o[w] != oreg[w] || top->ebr_o[w] != oreg[w]) {
          std::printf("FAIL depth %u cycle %lu word %d: expected %08x, behavioural %08x, ECP5 %08x\n",
                      depth, c, w, oreg[w], top->behav_o[w], top->ebr_o[w]);
          return 1;
        }
      }
      // the narrow pair: lane 0's low six bits
      if (top->narrow_behav_o != (oreg[0] & 0x3Fu) || top->narrow_ebr_o != (oreg[0] & 0x3Fu)) {
        std::printf("FAIL depth %u cycle %lu narrow: expected %02x, behavioural %02x, ECP5 %02x\n", depth, c,
                    oreg[0] & 0x3Fu, top->narrow_behav_o, top->narrow_ebr_o);
        return 1;
      }
    }
    if (ctx->gotError()) {
      std::printf("FAIL depth %u: assertion after %lu cycles\n", depth, c);
      return 1;
    }
  }
  std::printf("PASS depth %u: %lu cycles, %lu checked, %lu reads, %lu writes, %lu held\n", depth,
              cycles, checked, reads, writes, holds);
  top->final();
  return 0;
}
