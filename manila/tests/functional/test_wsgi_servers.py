"""``manila.wsgi.api:application`` under the operator's own server.

uWSGI and gunicorn, each with two worker processes of two threads, serve
the API of a split deployment (manila-share over RabbitMQ); the published
``openstack`` CLI talks to them unchanged.
"""

import os
import subprocess
import sys

import testtools

from manila.tests.functional import ensure_support as support
from manila.tests.functional import harness

BIN = os.path.dirname(sys.executable)


class WSGIServersTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dep = self.useFixture(harness.Deployment(
            self, mode='split', host=support.unique_host()))

    def serve(self, name, command):
        port = harness.free_port()
        log = open(os.path.join(self.dep.dir, '%s.log' % name), 'ab')
        self.addCleanup(log.close)
        env = dict(os.environ, MANILA_CONFIG_FILES=self.dep.config_file)
        proc = subprocess.Popen(
            [a.replace('{port}', str(port)) for a in command],
            stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        self.dep.processes[name] = proc
        endpoint = 'http://127.0.0.1:%d' % port
        self.dep.wait_for_api(endpoint=endpoint)
        return endpoint

    def walkthrough(self, endpoint):
        # The harness's CLI helper talks to dep.endpoint.
        self.dep.endpoint = endpoint
        osc = self.dep.openstack
        table = osc('share', 'service', 'list').stdout
        for host in self.dep.backend_hosts:
            self.assertIn(host, table)
        created = osc('share', 'create', 'NFS', '1', '--name', 'w',
                      '-f', 'value', '-c', 'id').stdout.strip()
        share = self.dep.wait_for_share_status(created, 'available')
        self.assertIn(share['host'].split('#')[0], self.dep.backend_hosts)
        shown = osc('share', 'show', 'w').stdout
        self.assertRegex(shown, r'\|\s+status\s+\|\s+available\s+\|')
        self.assertIn('path = ', shown)
        osc('share', 'delete', 'w', '--wait')
        self.assertNotIn('w', osc('share', 'list', '-f', 'value',
                                  '-c', 'Name').stdout.split())

    def test_uwsgi(self):
        endpoint = self.serve('uwsgi', [
            os.path.join(BIN, 'uwsgi'), '--http-socket', '127.0.0.1:{port}',
            '--module', 'manila.wsgi.api:application', '--home', sys.prefix,
            '--master', '--processes', '2', '--threads', '2',
            '--die-on-term', '--need-app', '--lazy-apps',
            # --http-socket speaks HTTP/1.0 without keep-alive: say so,
            # or clients reuse the connection and see it reset.
            '--add-header', 'Connection: close'])
        self.walkthrough(endpoint)

    def test_gunicorn(self):
        endpoint = self.serve('gunicorn', [
            os.path.join(BIN, 'gunicorn'), '--bind', '127.0.0.1:{port}',
            '--workers', '2', '--threads', '2', '--worker-class', 'gthread',
            '--no-control-socket', 'manila.wsgi.api:application'])
        self.walkthrough(endpoint)
