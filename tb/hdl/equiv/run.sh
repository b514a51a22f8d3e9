#!/usr/bin/env bash
# Cycle equivalence of rtl/ims_fault_log.sv against the reference (the
# pre-RAM implementation) for several depths. Usage: tb/hdl/equiv/run.sh [cycles]
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
cycles=${1:-1000000}
out=${OUT:-$root/build/equiv}
mkdir -p "$out"
for depth in ${DEPTHS:-2 4 8 16 32 128}; do
  obj=$out/d$depth
  verilator --cc --exe --build -j 1 --assert --x-assign unique --x-initial unique \
    -Wno-fatal -O2 --top-module ims_fault_log_equiv -GDepth=$depth -Mdir "$obj" \
    "$root/rtl/ims_pkg.sv" "$root/rtl/ims_ram_sdp.sv" "$root/rtl/ims_fault_log.sv" \
    "$root/tb/hdl/equiv/ims_fault_log_ref.sv" "$root/tb/hdl/equiv/ims_fault_log_equiv.sv" \
    "$root/tb/hdl/equiv/main.cpp" > "$obj.log" 2>&1 || { cat "$obj.log"; exit 1; }
  printf 'Depth %-4s ' "$depth"
  "$obj/Vims_fault_log_equiv" "$cycles" +verilator+seed+$depth +verilator+rand+reset+2
done
