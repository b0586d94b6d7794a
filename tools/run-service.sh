#!/usr/bin/env bash
# Set up and start the service on the embedded default: SQLite, in-process
# messaging, no auth, API on http://127.0.0.1:8786, backends localhost@alpha
# (local driver) and localhost@beta (dummy driver). State lives in ./state.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap-venv.sh
STATE=${MANILA_STATE_DIR:-$PWD/state}
CONF_FILE=$STATE/manila.conf
mkdir -p "$STATE/alpha"

if [ ! -f "$CONF_FILE" ]; then
    cat > "$CONF_FILE" <<CONF
[DEFAULT]
host = localhost
enabled_share_backends = alpha,beta
auth_strategy = noauth
transport_url = fake://
osapi_share_listen = 127.0.0.1
osapi_share_listen_port = 8786
state_path = $STATE
default_share_type = default
report_interval = 10
service_down_time = 60

[database]
connection = sqlite:///$STATE/manila.sqlite

[oslo_messaging_notifications]
driver = log

[alpha]
share_backend_name = alpha
share_driver = manila.share.drivers.local.LocalNFSDriver
local_share_root = $STATE/alpha
local_exports_file = $STATE/alpha.exports
share_export_ips = 192.0.2.10
nfs_export_options = rw,sync,no_subtree_check

[beta]
share_backend_name = beta
share_driver = manila.share.drivers.dummy.DummyDriver
dummy_ensure_delay = 0
dummy_ensure_fail = false
CONF
    echo "==> wrote $CONF_FILE" >&2
fi

.venv/bin/manila-manage --config-file "$CONF_FILE" db sync >&2

cat >&2 <<MSG
==> starting manila-all (API http://127.0.0.1:8786, backends
    localhost@alpha and localhost@beta); Ctrl-C stops it.
    In another terminal:
      . .venv/bin/activate
      export OS_AUTH_TYPE=none OS_ENDPOINT=http://127.0.0.1:8786/v2
      openstack share service list
      openstack share create NFS 1 --name demo
      openstack share service ensure localhost@alpha
MSG
exec .venv/bin/manila-all --config-file "$CONF_FILE"
