#!/usr/bin/env bash
# The whole test suite: style, unit tests, functional tests.
#
# Database and broker tests use these when set (.ci/run sets them):
#   MANILA_TEST_POSTGRESQL_URL  e.g. postgresql+psycopg2://postgres@127.0.0.1/postgres
#   MANILA_TEST_MYSQL_URL       e.g. mysql+pymysql://root@127.0.0.1/test
#   MANILA_TEST_RABBIT_URL      e.g. rabbit://guest:guest@127.0.0.1:5672/
# Unset, those tests skip; with CI=true they fail instead.
#
# The Keystone tests use a real Keystone from its own virtualenv, which this
# script makes (tools/bootstrap-keystone.sh) unless MANILA_TEST_KEYSTONE_VENV
# already names one.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap-venv.sh
if [ -z "${MANILA_TEST_KEYSTONE_VENV:-}" ]; then
    started=$SECONDS
    MANILA_TEST_KEYSTONE_VENV=$(tools/bootstrap-keystone.sh)
    export MANILA_TEST_KEYSTONE_VENV
    echo "==> Keystone virtualenv ready in $((SECONDS - started)) s"
fi
# Each Keystone the tests start writes its start-up time here.
MANILA_TEST_KEYSTONE_TIMES=$(mktemp)
export MANILA_TEST_KEYSTONE_TIMES
report_keystone() {
    if [ -s "$MANILA_TEST_KEYSTONE_TIMES" ]; then
        echo "==> Keystone start-up times"
        cat "$MANILA_TEST_KEYSTONE_TIMES"
    fi
    rm -f "$MANILA_TEST_KEYSTONE_TIMES"
}
trap report_keystone EXIT
# The dashboard: Horizon's own virtualenv, Chromium for the browser tests.
if [ -z "${MANILA_TEST_HORIZON_VENV:-}" ]; then
    started=$SECONDS
    MANILA_TEST_HORIZON_VENV=$(tools/bootstrap-horizon.sh)
    export MANILA_TEST_HORIZON_VENV
    echo "==> Horizon virtualenv ready in $((SECONDS - started)) s"
fi
tools/install-chromium.sh
. .venv/bin/activate

echo "==> flake8"
flake8 manila tools manila_ensure_dashboard

echo "==> dashboard plugin unit tests (in $MANILA_TEST_HORIZON_VENV)"
tools/run-dashboard-unit-tests.sh

echo "==> unit tests"
stestr --test-path ./manila/tests/unit run "$@"

echo "==> functional tests"
stestr --test-path ./manila/tests/functional run --concurrency 1 "$@"

echo "==> tempest (tools/run-tempest.sh)"
tools/run-tempest.sh
