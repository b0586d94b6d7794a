#!/usr/bin/env bash
# The dashboard plugin's unit tests, with Horizon's test helpers, inside
# the Horizon virtualenv (tools/bootstrap-horizon.sh; MANILA_TEST_HORIZON_VENV
# names it when already made). Arguments: test labels (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${MANILA_TEST_HORIZON_VENV:-$(tools/bootstrap-horizon.sh)}
exec "$VENV/bin/python" "$VENV/manage.py" test \
    --settings=manila_ensure_dashboard.tests.settings \
    "${@:-manila_ensure_dashboard}"
