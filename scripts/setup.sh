#!/usr/bin/env bash
# One-time (and idempotent) set-up on a fresh machine: .venv with the package, a Chromium, a CJK font.
# Every README command runs this first, so a fresh clone needs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

python_bin=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $($python_bin --version 2>&1)"
  "$python_bin" -m venv .venv
fi

# Reinstall only when pyproject.toml changed since the last install (keeps `make test` fast).
stamp=.venv/.refund-audit-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing the package and its test tools into .venv"
  .venv/bin/pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/pip install --quiet -e '.[dev]'
  echo "$want" > "$stamp"
fi

apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    say "cannot install $* (needs root and apt-get); install it yourself"
    return 1
  fi
  say "apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Chromium: Playwright-managed first, then the system's, else Debian's package.
if ! .venv/bin/python - <<'PY' >/dev/null 2>&1
from playwright.sync_api import sync_playwright
from auditor.browser import find_chromium
with sync_playwright() as p:
    find_chromium(p)
PY
then
  apt_install chromium || { say "no Chromium: see README (Troubleshooting)"; exit 2; }
fi

# A CJK font, or every screenshot shows boxes instead of Chinese.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  apt_install fonts-noto-cjk fontconfig || apt_install fonts-wqy-zenhei fontconfig || { say "no CJK font"; exit 2; }
fi
say "ready"
