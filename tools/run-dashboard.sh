#!/usr/bin/env bash
# Set up and start the dashboard in front of the service, logged in through
# a real Keystone:
#   - Keystone from .venv-keystone (SQLite, fernet), with the share API in
#     its catalog (service type sharev2);
#   - manila-all with auth_strategy = keystone (SQLite, backends
#     localhost@alpha and localhost@beta);
#   - Horizon with manila-ui and the Share Services plugin from
#     .venv-horizon, under uWSGI, DEBUG off, static files collected.
# Users: admin (password $ADMIN_PASSWORD, default admin) and demo (member
# and reader on project demo, password $DEMO_PASSWORD, default demo).
# The dashboard listens on 127.0.0.1:$DASHBOARD_PORT (default 8080).
# Everything runs from temporary folders; Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap-venv.sh
MANILA_TEST_KEYSTONE_VENV=$(tools/bootstrap-keystone.sh)
MANILA_TEST_HORIZON_VENV=$(tools/bootstrap-horizon.sh)
export MANILA_TEST_KEYSTONE_VENV MANILA_TEST_HORIZON_VENV
exec .venv/bin/python tools/run_dashboard.py
