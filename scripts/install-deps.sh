#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install what the IMS build, lint, register generation and tests need on a
# Debian 12 machine. Idempotent: checks each tool/package first and calls apt
# or pip only for what is missing (or at the wrong version). Versions that
# change generated output are pinned, so `make regs-check` is reproducible.
#
# Not root: prints the exact commands to run and exits 1 (exit 0 if nothing
# is missing).
#
# Environment: PYTHON (default python3) selects the interpreter whose pip is
# used; the same one runs peakrdl in rtl/regs/generate.sh.
set -euo pipefail

PYTHON=${PYTHON:-python3}

APT_PKGS=(catch2 ccache gtkwave ninja-build cmake verilator g++ make python3-pip)

# Pinned PyPI packages. peakrdl-regblock/cheader/markdown and
# systemrdl-compiler are the generators; peakrdl-cli provides the `peakrdl`
# front end, antlr4-python3-runtime must stay in [4.11, 4.14) for
# systemrdl-compiler, and py-markdown-table formats docs/registers.md.
PIP_PINS=(
  peakrdl-regblock==1.3.1
  peakrdl-cheader==1.1.0
  peakrdl-markdown==1.0.3
  systemrdl-compiler==1.33.0
  peakrdl-cli==1.5.0
  antlr4-python3-runtime==4.13.2
  py-markdown-table==1.3.0
)

log() { printf 'install-deps: %s\n' "$*"; }

# ---- apt -------------------------------------------------------------------
missing_apt=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing_apt+=("$p")
  fi
done

# ---- pip -------------------------------------------------------------------
norm() { tr '[:upper:]_.' '[:lower:]--'; }
have_pip=1
"$PYTHON" -m pip --version >/dev/null 2>&1 || have_pip=0
installed_pip=""
if [[ $have_pip == 1 ]]; then
  installed_pip=$("$PYTHON" -m pip list --format=freeze --disable-pip-version-check 2>/dev/null | norm)
fi
missing_pip=()
for pin in "${PIP_PINS[@]}"; do
  want=$(printf '%s' "$pin" | norm)
  if ! grep -qxF "$want" <<<"$installed_pip"; then
    missing_pip+=("$pin")
  fi
done

if [[ ${#missing_apt[@]} -eq 0 && ${#missing_pip[@]} -eq 0 ]]; then
  log "all dependencies present"
  exit 0
fi

[[ ${#missing_apt[@]} -gt 0 ]] && log "missing Debian packages: ${missing_apt[*]}"
[[ ${#missing_pip[@]} -gt 0 ]] && log "missing/mismatched PyPI packages: ${missing_pip[*]}"

pip_install_cmd=("$PYTHON" -m pip install --disable-pip-version-check "${PIP_PINS[@]}")

if [[ $(id -u) -ne 0 ]]; then
  log "not root; run these commands as root:"
  if [[ ${#missing_apt[@]} -gt 0 ]]; then
    echo "  apt-get update"
    echo "  DEBIAN_FRONTEND=noninteractive apt-get install -y ${APT_PKGS[*]}"
  fi
  [[ ${#missing_pip[@]} -gt 0 || $have_pip == 0 ]] && echo "  ${pip_install_cmd[*]}"
  exit 1
fi

if [[ ${#missing_apt[@]} -gt 0 ]]; then
  log "apt-get update"
  apt-get update
  log "apt-get install ${APT_PKGS[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PKGS[@]}"
fi

if [[ ${#missing_pip[@]} -gt 0 ]]; then
  log "${pip_install_cmd[*]}"
  # A Debian system interpreter refuses pip installs (PEP 668) unless told.
  if ! "${pip_install_cmd[@]}"; then
    if compgen -G "$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')/EXTERNALLY-MANAGED" >/dev/null; then
      log "externally managed interpreter; retrying with --break-system-packages"
      "${pip_install_cmd[@]}" --break-system-packages
    else
      exit 1
    fi
  fi
fi

# Re-check so a silent failure is not mistaken for success.
installed_pip=$("$PYTHON" -m pip list --format=freeze --disable-pip-version-check 2>/dev/null | norm)
for pin in "${PIP_PINS[@]}"; do
  grep -qxF "$(printf '%s' "$pin" | norm)" <<<"$installed_pip" || { log "still missing after install: $pin"; exit 1; }
done
"$PYTHON" -m peakrdl --version >/dev/null || { log "peakrdl does not run"; exit 1; }
log "done"
