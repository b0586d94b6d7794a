#!/usr/bin/env bash
# Tempest against the service behind a real Keystone: this repository's
# plugin (manila_ensure_tempest) and manila-tempest-plugin's services,
# microversion and services RBAC tests.
#
# tempest and manila-tempest-plugin live in their own virtualenv,
# .venv-tempest (re-installed only when tools/tempest-requirements.txt or
# the plugin's pyproject.toml change); Keystone in .venv-keystone
# (tools/bootstrap-keystone.sh) unless MANILA_TEST_KEYSTONE_VENV names one.
# tools/tempest_cloud.py starts Keystone and manila-all, writes tempest.conf
# and runs tempest; logs are left in .tempest/logs.
#
# Extra arguments go to "tempest run" instead of the default selection,
# e.g.: tools/run-tempest.sh --regex manila_ensure_tempest.tests.rbac
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/venv-lib.sh

tools/bootstrap-venv.sh
if [ -z "${MANILA_TEST_KEYSTONE_VENV:-}" ]; then
    MANILA_TEST_KEYSTONE_VENV=$(tools/bootstrap-keystone.sh)
    export MANILA_TEST_KEYSTONE_VENV
fi
TEMPEST_VENV=${TEMPEST_VENV:-.venv-tempest}
make_venv "$TEMPEST_VENV" tools/tempest-requirements.txt \
    manila_ensure_tempest/pyproject.toml -- \
    -r tools/tempest-requirements.txt -e ./manila_ensure_tempest

.venv/bin/flake8 manila_ensure_tempest

if [ $# -eq 0 ]; then
    set -- --concurrency 1 --regex "^(manila_ensure_tempest\.\
|manila_tempest_tests\.tests\.api\.admin\.test_services\.\
|manila_tempest_tests\.tests\.api\.test_microversions\.\
|manila_tempest_tests\.tests\.rbac\.test_services\.)"
fi
status=0
.venv/bin/python tools/tempest_cloud.py --tempest-venv "$TEMPEST_VENV" \
    --workspace .tempest -- "$@" || status=$?
if [ "$status" -ne 0 ]; then
    echo "==> tempest failed ($status); logs in $PWD/.tempest/logs" >&2
fi
exit "$status"
