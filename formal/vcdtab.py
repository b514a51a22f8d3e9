#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Prints chosen signals of a counterexample VCD as a table, one row per step.
# Usage: vcdtab.py trace.vcd sig1 sig2 ...  (names are matched as suffixes of
# the full hierarchical name; values in hex)
import sys
path, want = sys.argv[1], sys.argv[2:]
ids, names, scope = {}, {}, []
vals, rows, t = {}, [], None
with open(path) as f:
    for line in f:
        tok = line.split()
        if not tok:
            continue
        if tok[0] == "$scope":
            scope.append(tok[2])
        elif tok[0] == "$upscope":
            scope.pop()
        elif tok[0] == "$var":
            full = ".".join(scope[1:] + [tok[4]])
            for w in want:
                if full == w:
                    if w not in names.values():
                        ids.setdefault(tok[3], []).append(w); names[w] = w
        elif tok[0].startswith("#"):
            if t is not None:
                rows.append((t, dict(vals)))
            t = int(tok[0][1:])
        elif tok[0][0] in "01xz" and len(tok) == 1:
            for w in ids.get(tok[0][1:], []):
                vals[w] = tok[0][0]
        elif tok[0][0] == "b":
            for w in ids.get(tok[1], []):
                v = tok[0][1:]
                vals[w] = "x" if "x" in v else format(int(v, 2), "x")
    if t is not None:
        rows.append((t, dict(vals)))
seen = set()
print("step " + " ".join(want))
step = 0
for t, v in rows:
    if t in seen:
        continue
    seen.add(t)
    print(f"{t:>4} " + " ".join(f"{w.split('.')[-1]}={v.get(w, '?')}" for w in want))
