#!/usr/bin/env bash
# Create or refresh ./.venv-keystone: Keystone and uWSGI, for the functional
# tests that need a real identity service (manila/tests/functional/keystone.py).
# Re-installs only when tools/keystone-requirements.txt changed. Prints the
# virtualenv's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${KEYSTONE_VENV:-.venv-keystone}
stamp="$VENV/.requirements.sha256"
want=$(sha256sum tools/keystone-requirements.txt | cut -d' ' -f1)

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating virtualenv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> installing Keystone and uWSGI into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -r tools/keystone-requirements.txt >&2
    echo "$want" > "$stamp"
fi
cd "$VENV" && pwd
