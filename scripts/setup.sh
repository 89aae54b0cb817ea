#!/usr/bin/env bash
# One-time (and idempotent) set-up of a fresh machine for links-detector:
#   1. Debian packages: fonts for the page generator, tesseract-ocr for the link reader;
#   2. a virtual environment in .venv with the pinned stack from requirements.lock;
#   3. the project itself, editable, so `links-detector` and `stages/` import it.
# Re-running it is cheap: each step is skipped when its inputs have not changed.
# Called by `make setup` (and so by `make repro` / `make test`); runs as root on CI.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-eng
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-freefont-ttf
  fonts-ebgaramond fonts-linuxlibertine fonts-urw-base35
)
PYTHON=${PYTHON:-python3.11}
VENV=.venv

log() { printf '[setup] %s\n' "$*"; }
# pip, quietly; drops the warnings this machine's pip config prints for every package
pip_install() {
  local out status=0
  out=$("$VENV/bin/pip" install -q --disable-pip-version-check "$@" 2>&1) || status=$?
  printf '%s\n' "$out" | grep -v -e "is ignored: it is neither a file nor a directory" -e '^$' >&2 || true
  return "$status"
}
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages already installed"
fi

command -v "$PYTHON" >/dev/null || { echo "[setup] $PYTHON not found: links-detector needs Python 3.11" >&2; exit 1; }
[ -x "$VENV/bin/python" ] || { log "creating $VENV with $PYTHON"; "$PYTHON" -m venv "$VENV"; }

stamp="$VENV/.links-detector-setup"
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing the pinned Python stack into $VENV (first time: several minutes)"
  # --no-deps: requirements.lock is the complete, verified environment; letting pip resolve
  # the OD API's own metadata would pull a newer TensorFlow (see requirements.lock header).
  pip_install --no-deps -r requirements.lock
  pip_install --no-deps -e .
  echo "$want" >"$stamp"
else
  log "Python stack in $VENV is up to date"
fi
log "done: activate with 'source $VENV/bin/activate'"
