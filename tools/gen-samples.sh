#!/usr/bin/env bash
# Regenerate etc/manila/manila.conf.sample and etc/manila/policy.yaml.sample
# from the code (what 'tox -e genconfig' and 'tox -e genpolicy' do, with
# ./.venv instead of tox). Commit the result: manila/tests/unit/
# test_samples.py fails while the committed samples are out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap-venv.sh
.venv/bin/oslo-config-generator \
    --config-file etc/oslo-config-generator/manila.conf
.venv/bin/oslopolicy-sample-generator \
    --config-file etc/manila/policy-generator.conf
echo "==> wrote etc/manila/manila.conf.sample and etc/manila/policy.yaml.sample"
.venv/bin/python -m manila.policies.horizon \
    manila_ensure_dashboard/conf/default_policies/manila.yaml
echo "==> wrote manila_ensure_dashboard/conf/default_policies/manila.yaml"
