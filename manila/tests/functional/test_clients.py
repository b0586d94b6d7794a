"""The published clients, unchanged, against the real service processes.

``openstack`` (python-openstackclient + python-manilaclient's plugin) and
openstacksdk in noauth mode, as a user would run them; the assertions are
on what the CLI prints.
"""

import json

import openstack
import testtools

from manila.tests.functional import harness


class _CLIMixin:
    MODE = 'all'

    def setUp(self):
        super().setUp()
        self.dep = self.useFixture(harness.Deployment(self, mode=self.MODE))

    def osc(self, *args):
        return self.dep.openstack(*args).stdout

    def osc_json(self, *args):
        return json.loads(self.osc(*(args + ('-f', 'json'))))

    def _walkthrough(self):
        """The user-facing commands, in the order a user runs them."""
        # share service list: every backend up, enabled, not ensuring.
        table = self.osc('share', 'service', 'list')
        for host in self.dep.backend_hosts:
            self.assertIn(host, table)
        self.assertIn('Ensuring', table)
        services = self.osc_json('share', 'service', 'list')
        self.assertEqual(
            {(h, 'enabled', 'up', False) for h in self.dep.backend_hosts},
            {(s['Host'], s['Status'], s['State'], s['Ensuring'])
             for s in services if s['Binary'] == 'manila-share'})

        # share service set --disable / --enable
        self.osc('share', 'service', 'set', '--disable', '--disable-reason',
                 'maintenance', 'localhost@beta', 'manila-share')
        (beta,) = self.osc_json('share', 'service', 'list', '--host',
                                'localhost@beta')
        self.assertEqual(('disabled', 'maintenance'),
                         (beta['Status'], beta['Disabled Reason']))
        self.osc('share', 'service', 'set', '--enable', 'localhost@beta',
                 'manila-share')
        (beta,) = self.osc_json('share', 'service', 'list', '--host',
                                'localhost@beta')
        self.assertEqual(('enabled', None),
                         (beta['Status'], beta['Disabled Reason']))

        # share create NFS 1 --name x
        created = self.osc('share', 'create', 'NFS', '1', '--name', 'x')
        self.assertRegex(created, r'\|\s+name\s+\|\s+x\s+\|')
        self.assertRegex(created, r'\|\s+share_proto\s+\|\s+NFS\s+\|')
        self.assertRegex(created, r'\|\s+share_type_name\s+\|\s+default')
        share_id = self.osc_json('share', 'show', 'x')['id']
        self.dep.wait_for_share_status(share_id, 'available')

        # share list
        listed = self.osc_json('share', 'list')
        self.assertEqual([('x', 'available', 'NFS', 1)],
                         [(s['Name'], s['Status'], s['Share Proto'],
                           s['Size']) for s in listed])
        self.assertIn(listed[0]['Host'].split('#')[0],
                      self.dep.backend_hosts)

        # share show x: the export locations are part of what it prints.
        shown = self.osc('share', 'show', 'x')
        self.assertRegex(shown, r'\|\s+status\s+\|\s+available\s+\|')
        self.assertIn('path = ', shown)

        # share export location list x
        locations = self.osc_json('share', 'export', 'location', 'list',
                                  'x')
        self.assertTrue(locations)
        paths = [el['Path'] for el in locations]
        self.assertEqual(self.dep.export_paths(share_id), sorted(paths))
        self.assertIn(True, [el['Preferred'] for el in locations])

        # share access create x ip 10.0.0.0/24
        rule = self.osc_json('share', 'access', 'create', 'x', 'ip',
                             '10.0.0.0/24')
        self.assertEqual(('ip', '10.0.0.0/24', 'rw', share_id),
                         (rule['access_type'], rule['access_to'],
                          rule['access_level'], rule['share_id']))

        # share access list x: the rule turns active.
        def active():
            rules = self.osc_json('share', 'access', 'list', 'x')
            return [r for r in rules if r['State'] == 'active']
        (listed_rule,) = harness.wait_for(active, 60, what='rule active')
        self.assertEqual((rule['id'], '10.0.0.0/24'),
                         (listed_rule['ID'], listed_rule['Access To']))

        # share delete x
        self.osc('share', 'delete', 'x', '--wait')
        self.assertEqual([], self.osc_json('share', 'list'))
        result = self.dep.openstack('share', 'show', 'x', check=False)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("No share with a name or ID of 'x' exists",
                      result.stderr)


class CLIAllInOneTest(_CLIMixin, testtools.TestCase):
    """manila-all: SQLite and in-process messaging."""

    def test_cli_walkthrough(self):
        self._walkthrough()

    def test_cli_errors_are_readable(self):
        # No backend has the room: the share is in error and its owner
        # reads why with "share message list".
        created = self.osc_json('share', 'create', 'NFS', '99999999',
                                '--name', 'huge')
        self.assertEqual('error', created['status'])
        (message,) = self.osc_json('share', 'message', 'list')
        self.assertEqual(created['id'], message['Resource ID'])
        self.assertIn('allocate host', message['User Message'])
        # The API's reasons reach the user through the CLI.
        for args, words in (
                (('share', 'delete', 'missing'), ["'missing'"]),
                (('share', 'access', 'create', 'huge', 'ip', '10.0.0.0/24'),
                 ['is error', 'available', 'HTTP 400']),
                (('share', 'service', 'set', '--disable', 'nowhere@x',
                  'manila-share'), ['nowhere@x', 'HTTP 404'])):
            result = self.dep.openstack(*args, check=False)
            self.assertNotEqual(0, result.returncode, args)
            for word in words:
                self.assertIn(word, result.stderr, args)

    def test_cli_admin_repairs(self):
        """What an administrator runs when a backend left a share stuck
        (the checks between the commands read the API directly)."""
        m1 = self.dep.create_share('m1')['id']
        m2 = self.dep.create_share('m2')['id']

        def status(share_id):
            return self.dep.share(share_id)['status']

        # share set --status
        self.osc('share', 'set', '--status', 'error', 'm1')
        self.assertEqual('error', status(m1))

        # share instance list / show / set --status
        self.assertEqual(2, len(self.osc_json('share', 'instance', 'list')))
        (instance,) = self.osc_json('share', 'instance', 'list', '--share',
                                    'm1')
        self.assertEqual((m1, 'error'), (instance['Share ID'],
                                         instance['Status']))
        self.assertIn(instance['Host'].split('#')[0],
                      self.dep.backend_hosts)
        shown = self.osc_json('share', 'instance', 'show', instance['ID'])
        self.assertEqual(('error', m1), (shown['status'], shown['share_id']))
        self.assertEqual(self.dep.export_paths(m1),
                         sorted(el['path']
                                for el in shown['export_locations']))
        self.osc('share', 'instance', 'set', '--status', 'available',
                 instance['ID'])
        self.assertEqual('available', status(m1))
        result = self.dep.openstack('share', 'instance', 'set', '--status',
                                    'ensuring', instance['ID'], check=False)
        self.assertNotEqual(0, result.returncode)
        self.assertEqual('available', status(m1))

        # share delete --force, from a status a plain delete refuses.
        resp = self.dep.request('POST', '/shares/%s/action' % m2,
                                {'reset_status': {'status': 'creating'}})
        self.assertEqual(202, resp.status, resp)
        self.assertEqual(409, self.dep.request('DELETE',
                                               '/shares/%s' % m2).status)
        self.osc('share', 'delete', '--force', 'm2')
        harness.wait_for(lambda: self.dep.share(m2) is None, 60,
                         what='m2 to be deleted')
        self.assertEqual('available', status(m1))

    def test_openstacksdk(self):
        conn = openstack.connect(
            auth_type='none',
            auth={'endpoint': self.dep.endpoint + '/v2'},
            shared_file_system_endpoint_override=self.dep.endpoint + '/v2',
            shared_file_system_api_version='2.93')
        sfs = conn.shared_file_system
        hosts = {(s.host, s.state, s.status) for s in sfs.services()
                 if s.binary == 'manila-share'}
        self.assertEqual({(h, 'up', 'enabled')
                          for h in self.dep.backend_hosts}, hosts)
        self.assertEqual(['nova'],
                         [z.name for z in sfs.availability_zones()])
        share = sfs.create_share(share_proto='NFS', size=1, name='sdk')
        share = sfs.wait_for_status(share, status='available',
                                    failures=['error'], interval=1,
                                    wait=60)
        self.assertEqual(['sdk'], [s.name for s in sfs.shares()])
        paths = [el.path for el in sfs.export_locations(share.id)]
        self.assertEqual(self.dep.export_paths(share.id), sorted(paths))
        rule = sfs.create_access_rule(share.id, access_type='ip',
                                      access_to='10.1.0.0/16',
                                      access_level='ro')
        self.assertEqual('10.1.0.0/16',
                         sfs.get_access_rule(rule.id).access_to)
        self.assertEqual(['10.1.0.0/16'],
                         [r.access_to for r in sfs.access_rules(share.id)])
        sfs.delete_access_rule(rule.id, share.id)
        sfs.delete_share(share)
        sfs.wait_for_delete(share, interval=1, wait=60)
        self.assertEqual([], list(sfs.shares()))


class CLISplitTest(_CLIMixin, testtools.TestCase):
    """manila-api and manila-share as separate processes over RabbitMQ."""

    MODE = 'split'

    def test_cli_walkthrough(self):
        self._walkthrough()
