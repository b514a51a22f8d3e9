#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Coverage report: functional bins and Verilator line/toggle per module.

  scripts/coverage_report.py functional DIR [--json OUT] [--unhit-only]
      Sums every DIR/*.cov (one per test, seed and process; written by
      tb/coverage/coverage.hpp while IMS_COVERAGE_DIR=DIR) and prints
      group, bin, hits; then "bins hit H/T" (T: reachable bins) and the
      unreachable bins with their reasons (docs/coverage-plan.md).
  scripts/coverage_report.py verilator DAT [--json OUT]
      Per module line % and toggle % of a Verilator coverage file (one
      merged by verilator_coverage --write). A point counts once per
      module (all instances and parameterisations together), hit if any
      instance hit it.

Exit status 0; `--fail-unhit` makes `functional` exit 1 when a reachable
bin has no hit.
"""
import argparse
import collections
import glob
import json
import os
import sys

# Groups in the plan's order (docs/coverage-plan.md); others follow.
GROUP_ORDER = [
    "entry_index", "tlp_format", "request_outcome", "mask_pending", "fault_reason",
    "host_error", "host_okay", "adi_lifecycle", "backpressure", "race",
    "reset_mid_traffic", "fault_log", "op_kind", "request_port",
]


def load_functional(d):
    hits = collections.Counter()
    declared = set()
    unreachable = {}
    files = sorted(glob.glob(os.path.join(d, "*.cov")))
    for path in files:
        with open(path) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 4:
                    continue
                kind, group, b, val = parts
                if kind == "bin":
                    declared.add((group, b))
                    hits[(group, b)] += int(val)
                elif kind == "unreachable":
                    unreachable[(group, b)] = val
    return files, hits, declared, unreachable


def group_key(g):
    return (GROUP_ORDER.index(g) if g in GROUP_ORDER else len(GROUP_ORDER), g)


def functional(args):
    files, hits, declared, unreachable = load_functional(args.dir)
    if not files:
        print(f"coverage: no .cov files in {args.dir}", file=sys.stderr)
        return 1
    # A hit on a bin the plan calls unreachable refutes the plan's reason
    # (or the design broke the rule it names): always an error.
    refuted = sorted((g, b) for (g, b) in unreachable if hits[(g, b)] > 0)
    declared = {k for k in declared if k not in unreachable}
    by_group = collections.defaultdict(list)
    for (g, b) in declared:
        by_group[g].append(b)
    print(f"Functional coverage: {len(files)} files (tests x seeds) from {args.dir}")
    print(f"{'group':<20} {'bin':<52} {'hits':>12}")
    total = hit = 0
    summary = {}
    for g in sorted(by_group, key=group_key):
        g_total = g_hit = 0
        for b in sorted(by_group[g]):
            n = hits[(g, b)]
            g_total += 1
            g_hit += n > 0
            if args.unhit_only and n > 0:
                continue
            print(f"{g:<20} {b:<52} {n:>12}{'' if n else '   <-- unhit'}")
        unr = sorted(b for (gg, b) in unreachable if gg == g)
        summary[g] = {"hit": g_hit, "total": g_total, "unreachable": len(unr),
                      "unhit": sorted(b for b in by_group[g] if hits[(g, b)] == 0)}
        total += g_total
        hit += g_hit
    print()
    print(f"{'group':<20} {'hit/total':>10} {'unreachable':>12}")
    for g in sorted(summary, key=group_key):
        s = summary[g]
        print(f"{g:<20} {s['hit']:>4}/{s['total']:<5} {s['unreachable']:>12}")
    if unreachable:
        print("\nUnreachable bins (not counted; reasons in docs/coverage-plan.md):")
        for (g, b), why in sorted(unreachable.items(), key=lambda kv: (group_key(kv[0][0]), kv[0][1])):
            print(f"  {g}/{b}: {why}")
    print(f"\nbins hit {hit}/{total} ({len(unreachable)} unreachable, not counted)")
    doc = {
        "bins_hit": hit, "bins_total": total, "unreachable": len(unreachable),
        "files": len(files), "groups": summary,
        "bins": {f"{g}/{b}": hits[(g, b)] for (g, b) in sorted(declared)},
        "unreachable_bins": {f"{g}/{b}": why for (g, b), why in sorted(unreachable.items())},
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
        print(f"JSON: {args.json}")
    for (g, b) in refuted:
        print(f"coverage: FAIL: {g}/{b} is declared unreachable ({unreachable[(g, b)]}) "
              f"but was hit {hits[(g, b)]} times", file=sys.stderr)
    if refuted:
        return 1
    if args.fail_unhit and hit < total:
        return 1
    return 0


def parse_dat(path):
    """Yields (fields, count) for every point of a Verilator coverage file."""
    with open(path, encoding="latin-1") as f:
        for line in f:
            if not line.startswith("C '"):
                continue
            q = line.rfind("'")
            body, count = line[3:q], int(line[q + 1:].strip())
            fields = {}
            for kv in body.split("\x01"):
                if "\x02" in kv:
                    k, v = kv.split("\x02", 1)
                    fields[k] = v
            yield fields, count


def verilator(args):
    # module -> kind -> point key -> hit (any instance)
    pts = collections.defaultdict(lambda: collections.defaultdict(dict))
    for fields, count in parse_dat(args.dat):
        page = fields.get("page", "")
        if "/" not in page:
            continue
        kind, module = page.split("/", 1)
        # Verilator names each parameterisation (ims_ram_sdp__D10_W48_Rz1):
        # one row per source module, its builds' points together.
        module = module.split("__", 1)[0]
        kind = {"v_line": "line", "v_branch": "line", "v_toggle": "toggle"}.get(kind)
        if kind is None:
            continue
        key = (fields.get("f"), fields.get("l"), fields.get("n"), fields.get("o"), page)
        d = pts[module][kind]
        d[key] = d.get(key, False) or count > 0
    rows = {}
    print(f"Verilator coverage per module ({args.dat}; a point counts once per module, hit if any instance hit it)")
    print(f"{'module':<28} {'line %':>8} {'lines hit/points':>18} {'toggle %':>9} {'toggles hit/points':>20}")
    tot = {"line": [0, 0], "toggle": [0, 0]}
    for m in sorted(pts):
        r = {}
        for k in ("line", "toggle"):
            d = pts[m].get(k, {})
            n, h = len(d), sum(1 for v in d.values() if v)
            r[k] = {"hit": h, "points": n, "pct": round(100.0 * h / n, 1) if n else None}
            tot[k][0] += h
            tot[k][1] += n
        rows[m] = r
        fmt = lambda x: "-" if x["pct"] is None else f"{x['pct']:.1f}"
        print(f"{m:<28} {fmt(r['line']):>8} {r['line']['hit']:>8}/{r['line']['points']:<9} "
              f"{fmt(r['toggle']):>9} {r['toggle']['hit']:>9}/{r['toggle']['points']:<10}")
    for k in ("line", "toggle"):
        h, n = tot[k]
        print(f"total {k}: {h}/{n} = {100.0 * h / n if n else 0:.1f} %")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"modules": rows, "total": {k: {"hit": v[0], "points": v[1]} for k, v in tot.items()}},
                      f, indent=1, sort_keys=True)
        print(f"JSON: {args.json}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("functional")
    f.add_argument("dir")
    f.add_argument("--json")
    f.add_argument("--unhit-only", action="store_true")
    f.add_argument("--fail-unhit", action="store_true")
    v = sub.add_parser("verilator")
    v.add_argument("dat")
    v.add_argument("--json")
    args = ap.parse_args()
    return functional(args) if args.cmd == "functional" else verilator(args)


if __name__ == "__main__":
    sys.exit(main())
