#!/usr/bin/env bash
# Set up and run docgen's test suite on a fresh machine (the README's test command; CI runs it too).
# Installs the system packages the PDF tests need (LibreOffice, poppler, fonts) when run as root,
# then a virtualenv with docgen and its test extras, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  while read -r pkg; do
    [ -z "$pkg" ] || [ "${pkg#\#}" != "$pkg" ] && continue
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < .ci/apt-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q ".[test]"
# Test the installed package (not the checkout) for packaging, then the suite itself.
(cd /tmp && "$OLDPWD/.venv/bin/docgen" --version)
exec .venv/bin/python -m pytest "$@"
