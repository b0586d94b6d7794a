#!/usr/bin/env bash
# Create or refresh ./.venv-keystone: Keystone and uWSGI, for the functional
# tests that need a real identity service (manila/tests/functional/keystone.py).
# Re-installs only when tools/keystone-requirements.txt changed. Prints the
# virtualenv's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/venv-lib.sh

VENV=${KEYSTONE_VENV:-.venv-keystone}
make_venv "$VENV" tools/keystone-requirements.txt -- \
    -r tools/keystone-requirements.txt
cd "$VENV" && pwd
