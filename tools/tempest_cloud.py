"""Start a small cloud and run tempest against it (tools/run-tempest.sh).

A real Keystone (manila/tests/functional/keystone.py, from the Keystone
virtualenv) and ``manila-all`` with ``auth_strategy = keystone`` behind it
(manila/tests/functional/harness.py), the share API in the catalog as
``sharev2``; then ``tempest init``, a tempest.conf with dynamic credentials
and ``tempest run`` with the arguments given after ``--``. Exits with
tempest's status; everything is stopped on the way out. The processes'
logs are copied to ``<workspace>/logs``.

Usage: python tools/tempest_cloud.py --tempest-venv DIR --workspace DIR
           -- [tempest run arguments]
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys

import fixtures

from manila.tests.functional import harness
from manila.tests.functional import keystone

API_MICROVERSION = '2.93'
HOST = 'localhost'
# Seconds each ensure run of the "busy" backend sleeps once it holds a
# share: long enough that the tests see the run going, short for CI.
BUSY_DELAY = '3'


class LogSink:
    """Stands in for a test case: the harness attaches its logs here."""

    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    def addDetail(self, name, content):
        with open(os.path.join(self.directory, name), 'w') as f:
            f.write(content.as_text())


def backends(state_dir):
    """alpha: the local driver; beta, gamma: dummy; gamma is slow."""
    return {
        'alpha': {
            'share_backend_name': 'alpha',
            'share_driver': 'manila.share.drivers.local.LocalNFSDriver',
            'local_share_root': os.path.join(state_dir, 'alpha'),
            'local_exports_file': os.path.join(state_dir, 'alpha.exports'),
            'share_export_ips': '192.0.2.10',
            'nfs_export_options': 'rw,sync,no_subtree_check',
        },
        'beta': {
            'share_backend_name': 'beta',
            'share_driver': 'manila.share.drivers.dummy.DummyDriver',
        },
        'gamma': {
            'share_backend_name': 'gamma',
            'share_driver': 'manila.share.drivers.dummy.DummyDriver',
            'dummy_ensure_delay': BUSY_DELAY,
        },
    }


def tempest_conf(ks, share_url):
    """tempest.conf: dynamic credentials, manila only, our backends."""
    conf = configparser.ConfigParser(interpolation=None)
    conf['DEFAULT'] = {'log_file': 'tempest.log', 'debug': 'true'}
    conf['auth'] = {
        'use_dynamic_credentials': 'true',
        'admin_username': 'admin',
        'admin_password': ks.admin_password,
        'admin_project_name': 'admin',
        'admin_domain_name': 'Default',
        'create_isolated_networks': 'false',
    }
    conf['identity'] = {
        'uri_v3': ks.url,
        'auth_version': 'v3',
        'region': keystone.REGION,
        'v3_endpoint_type': 'public',
    }
    conf['identity-feature-enabled'] = {'api_v2': 'false'}
    conf['service_available'] = {
        'manila': 'true', 'nova': 'false', 'neutron': 'false',
        'cinder': 'false', 'glance': 'false', 'swift': 'false',
        'barbican': 'false'}
    conf['enforce_scope'] = {'manila': 'true'}
    conf['share'] = {
        'catalog_type': 'sharev2',
        'endpoint_type': 'public',
        'region': keystone.REGION,
        'min_api_microversion': '2.0',
        'max_api_microversion': API_MICROVERSION,
        'enable_protocols': 'nfs',
        'multitenancy_enabled': 'false',
        'default_share_type_name': 'default',
        'run_snapshot_tests': 'false',
        'build_timeout': '60',
        'build_interval': '1',
        'share_size': '1',
    }
    conf['share_ensure'] = {
        'enabled': 'true',
        'backend_host': '%s@alpha' % HOST,
        'busy_backend_host': '%s@gamma' % HOST,
    }
    return conf


def run(args, stack):
    logs = os.path.join(args.workspace, 'logs')
    sink = LogSink(logs)
    ks = stack.useFixture(keystone.Keystone(args.keystone_venv))
    print('==> Keystone at %s (started in %.1f s)'
          % (ks.url, ks.startup_seconds), flush=True)
    dep = harness.Deployment(
        sink, host=HOST, report_interval=2, service_down_time=30,
        options={'auth_strategy': 'keystone'},
        sections={'keystone_authtoken': ks.authtoken_options()},
        admin_token=lambda: ks.token('admin', 'admin'))
    dep.backend_sections = backends(os.path.join(args.workspace, 'state'))
    stack.useFixture(dep)
    ks.register_share_endpoint(dep.endpoint + '/v2')
    print('==> manila-all at %s, backends %s' % (
        dep.endpoint, ', '.join(dep.backend_hosts)), flush=True)

    tempest = os.path.join(args.tempest_venv, 'bin', 'tempest')
    subprocess.run(
        [tempest, 'init', '--workspace-path',
         os.path.join(args.workspace, 'workspace.yaml'),
         '--name', 'manila-ensure', os.path.join(args.workspace, 'cloud')],
        check=True, stdout=subprocess.DEVNULL)
    cloud = os.path.join(args.workspace, 'cloud')
    with open(os.path.join(cloud, 'etc', 'tempest.conf'), 'w') as f:
        tempest_conf(ks, dep.endpoint + '/v2').write(f)
    try:
        return subprocess.run([tempest, 'run'] + args.tempest_args,
                              cwd=cloud).returncode
    finally:
        log = os.path.join(cloud, 'tempest.log')
        if os.path.exists(log):
            shutil.copy(log, logs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tempest-venv', required=True)
    parser.add_argument('--keystone-venv',
                        default=os.environ.get(keystone.ENV))
    parser.add_argument('--workspace', required=True)
    parser.add_argument('tempest_args', nargs='*')
    args = parser.parse_args()
    if not args.keystone_venv:
        parser.error('--keystone-venv or %s is required' % keystone.ENV)
    args.workspace = os.path.abspath(args.workspace)
    args.tempest_venv = os.path.abspath(args.tempest_venv)
    shutil.rmtree(args.workspace, ignore_errors=True)
    os.makedirs(args.workspace)
    with fixtures.Fixture() as stack:
        status = run(args, stack)
    return status


if __name__ == '__main__':
    sys.exit(main())
