#!/usr/bin/env bash
# Create or refresh ./.venv-horizon: Horizon, manila-ui and uWSGI (see
# tools/horizon-requirements.txt), the Share Services plugin
# (manila_ensure_dashboard, installed without the service's dependencies)
# and the settings under tools/horizon/, with manila-ui's and the plugin's
# enabled files in place and the static files collected and compressed.
# Re-installs only when one of those files changed. Prints the
# virtualenv's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/venv-lib.sh

VENV=${HORIZON_VENV:-.venv-horizon}
inputs=(tools/horizon-requirements.txt setup.cfg tools/horizon/*.py
        manila_ensure_dashboard/local/enabled/_[0-9]*.py
        manila_ensure_dashboard/local/local_settings.d/_[0-9]*.py)
make_venv "$VENV" "${inputs[@]}" -- -r tools/horizon-requirements.txt
# The plugin, settings and static files: redone when any input changed.
want=$(cat "$VENV/.requirements.sha256")
if [ "$(cat "$VENV/.dashboard.sha256" 2>/dev/null)" != "$want" ]; then
    echo "==> installing the dashboard plugin and settings into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --no-deps -e . >&2
    dash=$("$VENV/bin/python" -c \
        'import os, openstack_dashboard as d; print(os.path.dirname(d.__file__))')
    ui=$("$VENV/bin/python" -c \
        'import os, manila_ui as m; print(os.path.dirname(m.__file__))')
    mkdir -p "$dash/local/enabled" "$dash/local/local_settings.d"
    cp "$ui"/local/enabled/_[0-9]*.py \
        manila_ensure_dashboard/local/enabled/_[0-9]*.py "$dash/local/enabled/"
    cp "$ui"/local/local_settings.d/_[0-9]*.py \
        manila_ensure_dashboard/local/local_settings.d/_*.py \
        "$dash/local/local_settings.d/"
    cp -r "$ui"/conf/* "$dash/conf/"
    cp tools/horizon/local_settings.py "$dash/local/local_settings.py"
    cp tools/horizon/manage.py "$VENV/manage.py"
    rm -rf "$VENV/static"
    state=$(mktemp -d)
    (cd "$VENV" && export MANILA_DASHBOARD_STATIC="$PWD/static" \
        MANILA_DASHBOARD_STATE="$state" &&
        bin/python manage.py collectstatic --noinput -v0 >&2 &&
        bin/python manage.py compress --force -v0 >&2)
    rm -rf "$state"
    echo "$want" > "$VENV/.dashboard.sha256"
fi
cd "$VENV" && pwd
