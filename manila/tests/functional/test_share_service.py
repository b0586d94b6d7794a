"""The share service as operators run it: real processes, real servers.

``manila-api`` and ``manila-share`` (backends alpha: local driver, beta:
dummy driver) run as separate processes over RabbitMQ and PostgreSQL; the
shares go through the HTTP API. ``manila-all`` runs everything in one
process over the in-process transport and SQLite.
"""

import configparser
import os
import signal

import testtools

from manila.tests.functional import harness

WAIT = 60


def _pids_titled(title):
    """PIDs whose process title (set by cotyledon) contains ``title``."""
    pids = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % entry, 'rb') as f:
                cmdline = f.read().replace(b'\0', b' ').decode(
                    'utf-8', 'replace')
        except OSError:
            continue
        if title in cmdline:
            pids.append(int(entry))
    return pids


def _edit_config(path, section, **options):
    # Deployment.set_option() loses edits of its default backend sections,
    # so the file is edited here, as an operator would.
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    for name, value in options.items():
        parser[section][name] = value
    with open(path, 'w') as f:
        parser.write(f)


class ShareLifecycleMixin:
    """Create, access, delete through the API; checks on the backends."""

    def _type(self, dep, backend):
        resp = dep.request('POST', '/types', {'share_type': {
            'name': 'on-%s' % backend,
            'extra_specs': {'driver_handles_share_servers': False,
                            'share_backend_name': backend}}})
        self.assertEqual(200, resp.status, resp)
        return resp.json['share_type']['id']

    def _rules(self, dep, share_id):
        resp = dep.request('GET', '/share-access-rules?share_id=%s'
                           % share_id)
        self.assertEqual(200, resp.status, resp)
        return resp.json['access_list']

    def _exports_text(self, dep):
        with open(os.path.join(dep.dir, 'alpha.exports')) as f:
            return f.read()

    def _wait_gone(self, dep, share_id):
        harness.wait_for(
            lambda: dep.request('GET', '/shares/%s' % share_id).status
            == 404, WAIT, what='share %s to be deleted' % share_id)

    def check_lifecycle(self, dep):
        alpha_type = self._type(dep, 'alpha')
        beta_type = self._type(dep, 'beta')

        # alpha: a directory exported at share_export_ips.
        local = dep.create_share('on-alpha', share_type=alpha_type)
        self.assertEqual('localhost@alpha', local['host'])
        directory = os.path.join(dep.dir, 'alpha', 'share-%s' % local['id'])
        self.assertTrue(os.path.isdir(directory))
        self.assertEqual(['192.0.2.10:%s' % directory],
                         dep.export_paths(local['id']))

        # beta: computed locations, no storage.
        dummy = dep.create_share('on-beta', size=2, share_type=beta_type)
        self.assertEqual('localhost@beta', dummy['host'])
        self.assertEqual(['198.51.100.10:/dummy/share-%s' % dummy['id']],
                         dep.export_paths(dummy['id']))

        # Access: allow reaches the exports file, deny removes it.
        resp = dep.request('POST', '/shares/%s/action' % local['id'], {
            'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.5',
                             'access_level': 'ro'}})
        self.assertEqual(200, resp.status, resp)
        rule_id = resp.json['access']['id']
        harness.wait_for(
            lambda: [r['state'] for r in self._rules(dep, local['id'])]
            == ['active'], WAIT, what='the rule to be active')
        self.assertIn('%s 10.0.0.5(ro,sync,no_subtree_check)' % directory,
                      self._exports_text(dep))
        resp = dep.request('POST', '/shares/%s/action' % local['id'], {
            'deny_access': {'access_id': rule_id}})
        self.assertEqual(202, resp.status, resp)
        harness.wait_for(lambda: self._rules(dep, local['id']) == [], WAIT,
                         what='the rule to be removed')
        self.assertNotIn(directory, self._exports_text(dep))
        return local, dummy, directory

    def check_delete(self, dep, local, dummy, directory):
        for share in (local, dummy):
            resp = dep.request('DELETE', '/shares/%s' % share['id'])
            self.assertEqual(202, resp.status, resp)
        for share in (local, dummy):
            self._wait_gone(dep, share['id'])
        self.assertFalse(os.path.exists(directory))


class TestSplitProcesses(ShareLifecycleMixin, testtools.TestCase):
    """manila-api + manila-share over RabbitMQ and PostgreSQL."""

    def setUp(self):
        super().setUp()
        self.dep = self.useFixture(harness.Deployment(
            self, mode='split', database='postgresql', report_interval=1,
            service_down_time=5))

    def test_lifecycle_and_backend_restart(self):
        dep = self.dep
        local, dummy, directory = self.check_lifecycle(dep)

        # cotyledon names each child after its backend.
        old = _pids_titled('manila-share localhost@beta')
        self.assertEqual(1, len(old), old)
        alpha_pids = _pids_titled('manila-share localhost@alpha')
        # A hung backend: no heartbeat, so it shows down...
        os.kill(old[0], signal.SIGSTOP)
        self.addCleanup(self._kill_quietly, old[0])
        dep.wait_for_service('localhost@beta', 'down', timeout=WAIT)
        self.assertEqual('up', dep.service('localhost@alpha')['state'])
        # ...and a dead one is replaced by cotyledon, which shows up again.
        os.kill(old[0], signal.SIGKILL)
        dep.wait_for_service('localhost@beta', 'up', timeout=WAIT)
        new = _pids_titled('manila-share localhost@beta')
        self.assertEqual(1, len(new), new)
        self.assertNotEqual(old, new)
        # The other backend's process was left alone.
        self.assertEqual(alpha_pids,
                         _pids_titled('manila-share localhost@alpha'))

        # The restarted backend serves RPC again: it deletes its share.
        self.check_delete(dep, local, dummy, directory)

    def test_changed_export_options_apply_through_ensure(self):
        dep = self.dep
        share = dep.create_share('mounted', share_type=self._type(dep,
                                                                  'alpha'))
        directory = os.path.join(dep.dir, 'alpha', 'share-%s' % share['id'])
        resp = dep.request('POST', '/shares/%s/action' % share['id'], {
            'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.5',
                             'access_level': 'ro'}})
        self.assertEqual(200, resp.status, resp)
        harness.wait_for(
            lambda: [r['state'] for r in self._rules(dep, share['id'])]
            == ['active'], WAIT, what='the rule to be active')

        # The operator edits manila.conf; the backend is not restarted.
        _edit_config(dep.config_file, 'alpha',
                     share_export_ips='203.0.113.9',
                     nfs_export_options='rw,async')
        resp = dep.request('POST', '/services/ensure',
                           {'host': 'localhost@alpha'})
        self.assertEqual(202, resp.status, resp)
        harness.wait_for(
            lambda: dep.export_paths(share['id'])
            == ['203.0.113.9:%s' % directory], WAIT,
            what='the new export location')
        harness.wait_for(
            lambda: '%s 10.0.0.5(ro,async)' % directory
            in self._exports_text(dep), WAIT,
            what='the rule rendered with the new options')
        harness.wait_for(
            lambda: dep.service('localhost@alpha')['ensuring'] is False,
            WAIT, what='the ensure run to end')
        self.assertEqual('available', dep.share(share['id'])['status'])

    @staticmethod
    def _kill_quietly(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def test_sigterm_stops_every_backend_process(self):
        dep = self.dep
        children = (_pids_titled('manila-share localhost@alpha')
                    + _pids_titled('manila-share localhost@beta'))
        self.assertEqual(2, len(children), children)
        self.assertEqual(0, dep.stop('manila-share'))
        self.assertEqual([], [pid for pid in children
                              if os.path.exists('/proc/%d' % pid)])
        self.assertIn('Backend localhost@alpha stopped.',
                      dep.log_text('manila-share'))
        self.assertIn('Backend localhost@beta stopped.',
                      dep.log_text('manila-share'))
        # No heartbeat any more: both services go down.
        for host in dep.backend_hosts:
            dep.wait_for_service(host, 'down', timeout=WAIT)


class TestAllInOne(ShareLifecycleMixin, testtools.TestCase):
    """manila-all: API and backends in one process, SQLite, fake://."""

    def test_lifecycle(self):
        dep = self.useFixture(harness.Deployment(self, mode='all'))
        self.check_delete(dep, *self.check_lifecycle(dep))
