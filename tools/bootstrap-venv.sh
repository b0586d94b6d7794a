#!/usr/bin/env bash
# Create or refresh ./.venv with the service, its tests and its docs
# requirements. Re-installs only when a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
stamp="$VENV/.requirements.sha256"
want=$(cat requirements.txt test-requirements.txt doc/requirements.txt \
       setup.cfg | sha256sum | cut -d' ' -f1)

if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating virtualenv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> installing requirements into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -r requirements.txt \
        -r test-requirements.txt -r doc/requirements.txt >&2
    "$VENV/bin/python" -m pip install -q --no-deps -e . >&2
    echo "$want" > "$stamp"
fi
