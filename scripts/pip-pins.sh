# SPDX-License-Identifier: Apache-2.0
# Sourced by the scripts/install-*.sh: the exact PyPI pins PIP_PINS for
# interpreter PYTHON, installed idempotently (only what is missing or at
# another version). The caller defines log() (its own prefix) and PIP_PINS.
#   pip_missing       prints the pins that are not installed at their version
#   pip_install_pins  (root) pip-installs PIP_PINS, fails if any is still missing
#   install_pins      the whole step for the synthesis and formal tools:
#                     not root, prints the commands and exits 1; then checks
#                     that every command in TOOLS (caller's array) is on PATH.
# install-deps.sh uses the first two inside its own apt + pip step.

norm() { tr '[:upper:]_.' '[:lower:]--'; }

pip_missing() {  # prints the pins pip does not have at their version
  local installed="" pin
  "$PYTHON" -m pip --version >/dev/null 2>&1 &&
    installed=$("$PYTHON" -m pip list --format=freeze --disable-pip-version-check 2>/dev/null | norm)
  for pin in "${PIP_PINS[@]}"; do
    grep -qxF "$(printf '%s' "$pin" | norm)" <<<"$installed" || printf '%s\n' "$pin"
  done
}

pip_install_pins() {
  local missing pip_cmd=("$PYTHON" -m pip install --disable-pip-version-check "${PIP_PINS[@]}")
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
  # Re-check so a silent failure is not mistaken for success.
  missing=$(pip_missing)
  [[ -z $missing ]] || { log "still missing after install: $(echo $missing)"; exit 1; }
}

install_pins() {
  local missing have_pip=1 tool
  missing=$(pip_missing)
  if [[ -z $missing ]]; then
    log "present (${PIP_PINS[*]})"
    return 0
  fi
  log "missing/mismatched PyPI packages: $(echo $missing)"
  "$PYTHON" -m pip --version >/dev/null 2>&1 || have_pip=0
  local pip_cmd=("$PYTHON" -m pip install --disable-pip-version-check "${PIP_PINS[@]}")
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
  pip_install_pins
  for tool in "${TOOLS[@]}"; do
    command -v "$tool" >/dev/null || { log "$tool not on PATH after install (pip's script directory?)"; exit 1; }
  done
  log "done (the first call of each YoWASP tool compiles its WebAssembly: slow once)"
}
