#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Logic depth of every register-to-register path after synthesis (make depth).

Place and route gives one number (Fmax) and one path, with ±10 % seed noise.
This tool gives every endpoint, deterministically, in about two minutes: it
synthesises the wrapper exactly as `make synth` does (same netlist, reused
when up to date), then walks the mapped netlist and computes, for each
flip-flop and block-RAM input, the number of LUT levels behind it.

Weights, one per mapped cell: a LUT4 counts 1.0, a carry cell 0.15 (SB_CARRY,
CCU2C: fast dedicated routing), a wide-mux cell 0.2 (PFUMX, L6MUX21). A path
that starts at block-RAM read data starts at 1.5: the RAM's clock-to-output
is slow (about 2 ns on iCE40, 5.6 ns for a DP16KD without its output
register), so logic behind a RAM costs more than logic behind a flip-flop.

Rule of thumb measured on HX8K: a period is about 0.5 ns + 1.4 ns per level,
so depth 6 ~ 110 MHz, 7 ~ 95 MHz, 12 ~ 60 MHz.

Output: one line per (start instance, end instance) pair with its worst depth
and endpoint count, worst first; --trace PATTERN prints the cells of the
worst path into the first endpoint matching PATTERN; --max N exits 1 when any
endpoint is deeper than N (usable as a guard: no seed noise).

Standard library only (plus synth.py beside it).
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402  (same directory)

WEIGHT = {"SB_LUT4": 1.0, "LUT4": 1.0, "SB_CARRY": 0.15, "CCU2C": 0.15,
          "PFUMX": 0.2, "L6MUX21": 0.2}
RAM_START = 1.5
CLOCK_PORTS = {"C", "CLK", "RCLK", "WCLK", "CLKA", "CLKB", "WCK"}


def is_seq(t):
    return t.startswith(("SB_DFF", "SB_RAM", "TRELLIS_FF", "DP16KD", "TRELLIS_DPR16X4"))


def is_ram(t):
    return t.startswith(("SB_RAM", "DP16KD", "TRELLIS_DPR16X4"))


class Netlist:
    def __init__(self, path):
        mod = json.load(open(path))["modules"][synth.TOP]
        self.cells = mod["cells"]
        self.driver = {}
        for name, c in self.cells.items():
            for port, d in c["port_directions"].items():
                if d == "output":
                    for b in c["connections"][port]:
                        if isinstance(b, int):
                            self.driver[b] = name
        self.memo = {}

    def arrival(self, bit):
        """(depth, start cell) of the deepest path into a net bit."""
        if not isinstance(bit, int) or bit not in self.driver:
            return (-1.0, "constant/input")
        name = self.driver[bit]
        c = self.cells[name]
        if is_seq(c["type"]):
            return (RAM_START if is_ram(c["type"]) else 0.0, name)
        if name in self.memo:
            return self.memo[name]
        self.memo[name] = (0.0, "loop")  # a combinational loop would stop here
        best = (-1.0, "constant/input")
        for b in self.inputs(c):
            a = self.arrival(b)
            if a[0] > best[0]:
                best = a
        self.memo[name] = (max(best[0], 0.0) + WEIGHT.get(c["type"], 0.5), best[1])
        return self.memo[name]
        stack = [name]
        while stack:  # iterative DFS: netlists are deep
            top = stack[-1]
            cc = self.cells[top]
            pending = []
            for b in self.inputs(cc):
                d = self.driver.get(b)
                if d is not None and not is_seq(self.cells[d]["type"]) and d not in self.memo:
                    pending.append(d)
            if pending:
                self.memo.setdefault(top, None)
                for p in pending:
                    if p in stack:
                        raise RuntimeError(f"combinational loop through {p}")
                stack.extend(pending)
                continue
            stack.pop()
            best = (-1.0, "constant/input")
            for b in self.inputs(cc):
                a = self.arrival(b)
                if a[0] > best[0]:
                    best = a
            self.memo[top] = (max(best[0], 0.0) + WEIGHT.get(cc["type"], 0.5), best[1])
        return self.memo[name]

    @staticmethod
    def inputs(c):
        return [b for p, d in c["port_directions"].items() if d == "input"
                for b in c["connections"][p] if isinstance(b, int)]

    def endpoints(self):
        for name, c in self.cells.items():
            if not is_seq(c["type"]):
                continue
            for port, d in c["port_directions"].items():
                if d != "input" or port in CLOCK_PORTS:
                    continue
                for b in c["connections"][port]:
                    depth, start = self.arrival(b)
                    yield depth, start, name, port, b

    def trace(self, bit):
        path = []
        while isinstance(bit, int) and bit in self.driver:
            name = self.driver[bit]
            c = self.cells[name]
            path.append((self.arrival(bit)[0], c["type"], name))
            if is_seq(c["type"]):
                break
            bit = max(self.inputs(c), key=lambda x: self.arrival(x)[0])
        return path


def scope(cell):
    """Instance path of a cell: u_top.u_pipeline from u_top.u_pipeline.s3_q_reg."""
    parts = cell.replace("\\", "").split(".")
    inst = [p for p in parts[:-1] if p.startswith(("u_", "g_"))]
    return ".".join(inst) if inst else "(wrapper)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="e64_a8", choices=list(synth.BUILDS))
    ap.add_argument("--target", default="ice40_hx8k",
                    choices=[t for t, v in synth.TARGETS.items() if v["pnr"]])
    ap.add_argument("--min", type=float, default=5.0, help="list pairs with a path at least this deep")
    ap.add_argument("--max", type=float, default=None, help="exit 1 when a path is deeper")
    ap.add_argument("--scope", default="", help="only endpoints or starts whose instance path contains this")
    ap.add_argument("--trace", default="", help="print the worst path into the first endpoint matching this")
    ap.add_argument("--force", action="store_true", help="re-synthesise even if the netlist is up to date")
    ap.add_argument("--guard", metavar="ENVFILE",
                    help="depth guard: build, target and ceiling (SYNTH_GUARD_MAX_DEPTH) from ENVFILE")
    a = ap.parse_args()
    if a.guard:
        env = synth.read_env(a.guard)
        a.build, a.target = env["SYNTH_GUARD_BUILD"], env["SYNTH_GUARD_TARGET"]
        a.max = float(env["SYNTH_GUARD_MAX_DEPTH"])
        a.min = max(a.min, a.max)

    os.chdir(synth.ROOT)
    outdir = f"build/synth/{a.build}/{a.target}"
    os.makedirs(outdir, exist_ok=True)
    synth.synthesize(a.build, a.target, synth.makefile_rtl_srcs(), outdir, a.force)
    net = Netlist(f"{outdir}/net.json")
    sys.setrecursionlimit(10000)

    ends = sorted(net.endpoints(), key=lambda e: -e[0])
    groups = defaultdict(lambda: [0, -1.0, None])
    for depth, start, end, port, bit in ends:
        if depth < a.min:
            continue
        key = (scope(start), scope(end))
        if a.scope and a.scope not in key[0] and a.scope not in key[1]:
            continue
        g = groups[key]
        g[0] += 1
        if depth > g[1]:
            g[1], g[2] = depth, (start, end, port)
    print(f"{a.build} on {a.target}: paths at least {a.min} levels deep "
          f"(LUT 1.0, carry 0.15, wide mux 0.2, RAM start {RAM_START})")
    print(f"{'depth':>5} {'ends':>5}  start -> end   (worst: register -> register.port)")
    for (s, e), (n, d, ex) in sorted(groups.items(), key=lambda kv: -kv[1][1]):
        print(f"{d:5.2f} {n:5d}  {s} -> {e}   ({ex[0].split('.')[-1]} -> {ex[1].split('.')[-1]}.{ex[2]})")
    worst = ends[0][0] if ends else 0.0
    print(f"worst {worst:.2f} levels; {sum(1 for e in ends if e[0] >= a.min)} endpoints at least {a.min}")
    if a.trace:
        for depth, start, end, port, bit in ends:
            if re.search(a.trace, f"{end}.{port}"):
                print(f"trace {start} -> {end}.{port}:")
                for d, t, name in net.trace(bit):
                    print(f"  {d:5.2f}  {t:12s} {name}")
                break
    if a.max is not None and worst > a.max:
        print(f"depth: FAIL: {a.build} on {a.target}: worst path {worst:.2f} LUT levels > ceiling {a.max}")
        return 1
    if a.max is not None:
        print(f"depth: PASS: {a.build} on {a.target}: worst path {worst:.2f} LUT levels <= ceiling {a.max}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
