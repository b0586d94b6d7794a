#!/usr/bin/env bash
# Create or refresh ./.venv with the service, its tests and its docs
# requirements. Re-installs only when a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/venv-lib.sh

VENV=${VENV:-.venv}
make_venv "$VENV" requirements.txt test-requirements.txt \
    doc/requirements.txt setup.cfg -- \
    -r requirements.txt -r test-requirements.txt -r doc/requirements.txt \
    -e .
