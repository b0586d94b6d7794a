"""The API's gunicorn server: settings from options, one log line a
request, and a real arbiter (keep-alive, dead worker replaced, graceful
stop)."""

import datetime
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import types

import fixtures
from oslo_concurrency import processutils

from manila.api import server
from manila.tests import base
from manila.tests.functional import harness

SERVE = textwrap.dedent('''
    import json, os, select, sys
    from manila.api import server
    from manila.common import config

    def slow_app(environ, start_response):
        if environ['PATH_INFO'] == '/slow':
            open(os.environ['STARTED'], 'w').close()
            while not os.path.exists(os.environ['RELEASE']):
                select.select([], [], [], 0.05)
        start_response('200 OK', [('Content-Type', 'application/json')])
        return [json.dumps({'pid': os.getpid()}).encode()]

    config.parse_args([sys.argv[0], '--config-file', sys.argv[1]])
    sys.exit(server.serve(lambda: slow_app))
''')


class SettingsTestCase(base.TestCase):
    DATABASE = None

    def test_options_become_gunicorn_settings(self):
        self.flags(osapi_share_listen='::1', osapi_share_listen_port=9999,
                   osapi_share_workers=3, osapi_share_threads=4,
                   osapi_share_keepalive=7)
        settings = server.options()
        self.assertEqual(['[::1]:9999'], settings['bind'])
        self.assertEqual(
            (3, 4, 'manila.api.server.Worker', 7),
            (settings['workers'], settings['threads'],
             settings['worker_class'], settings['keepalive']))
        app = server.Application(lambda: None, settings)
        self.assertEqual(4, app.cfg.threads)
        self.assertEqual(['[::1]:9999'], app.cfg.bind)

    def test_workers_default_to_the_cpus(self):
        self.assertEqual(processutils.get_worker_count(),
                         server.options()['workers'])

    def test_pool_follows_threads_unless_set(self):
        self.flags(osapi_share_threads=12)
        server.pool_size_follows_threads()
        self.assertEqual(12, self.conf.database.max_pool_size)
        self.flags(max_pool_size=3, group='database')
        server.pool_size_follows_threads()
        self.assertEqual(3, self.conf.database.max_pool_size)

    def test_one_info_line_per_request(self):
        logs = self.useFixture(fixtures.FakeLogger(name='manila.api.server'))
        logger = server.OsloLogger(server.Application(
            lambda: None, server.options()).cfg)
        req = types.SimpleNamespace(method='GET', path='/v2/shares/detail',
                                    query='limit=1')
        resp = types.SimpleNamespace(status_code=200, sent=12)
        logger.access(resp, req, {'REMOTE_ADDR': '192.0.2.1'},
                      datetime.timedelta(milliseconds=5))
        self.assertEqual(
            ['192.0.2.1 "GET /v2/shares/detail?limit=1" status: 200 '
             'len: 12 time: 0.0050'], logs.output.splitlines())


class ArbiterTestCase(base.TestCase):
    DATABASE = None

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path
        self.port = harness.free_port()
        conf = os.path.join(self.dir, 'manila.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nosapi_share_listen = 127.0.0.1\n'
                    'osapi_share_listen_port = %d\nosapi_share_workers = 2\n'
                    'osapi_share_threads = 2\n' % self.port)
        self.started = os.path.join(self.dir, 'started')
        self.release = os.path.join(self.dir, 'release')
        self.log_path = os.path.join(self.dir, 'server.log')
        log = open(self.log_path, 'wb')
        self.addCleanup(log.close)
        self.proc = subprocess.Popen(
            [sys.executable, '-c', SERVE, conf], stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
            env=dict(os.environ, STARTED=self.started,
                     RELEASE=self.release))
        self.addCleanup(self._kill)
        harness.wait_for(self._answers, 120, what='the server to answer')

    def _answers(self):
        if self.proc.poll() is not None:
            raise AssertionError('the server exited: %s' % self.log())
        return self.get()[0] == 200

    def _kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def get(self, path='/', conn=None, headers=None):
        own = conn is None
        conn = conn or http.client.HTTPConnection('127.0.0.1', self.port,
                                                  timeout=30)
        try:
            conn.request('GET', path, headers=headers or {})
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, resp, body
        finally:
            if own:
                conn.close()

    def workers(self):
        with open('/proc/%d/task/%d/children'
                  % (self.proc.pid, self.proc.pid)) as f:
            return {int(pid) for pid in f.read().split()}

    def test_keep_alive_dead_worker_and_graceful_stop(self):
        # HTTP/1.1 keep-alive: two requests on one connection.
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        self.addCleanup(conn.close)
        status, resp, _ = self.get('/', conn)
        sock = conn.sock
        self.assertEqual((200, 11), (status, resp.version))
        self.assertEqual(200, self.get('/', conn)[0])
        self.assertIs(sock, conn.sock)
        conn.close()
        # A long query string (filters) reaches the application.
        self.assertEqual(200, self.get('/?name=' + 'x' * 6000)[0])
        # What gunicorn refuses itself (a header over its size limit, an
        # unparsable request line) gets a JSON fault, not an HTML page.
        status, resp, body = self.get('/', headers={'X-Big': 'x' * 10000})
        self.assertEqual((431, 'application/json'),
                         (status, resp.getheader('Content-Type')))
        self.assertEqual(431, json.loads(body)['computeFault']['code'])
        with socket.create_connection(('127.0.0.1', self.port), 30) as raw:
            raw.sendall(b'GET / HTTP/9.9\r\n\r\n')
            answer = b''
            while not answer.endswith(b'}'):
                chunk = raw.recv(4096)
                if not chunk:
                    break
                answer += chunk
        head, _, body = answer.partition(b'\r\n\r\n')
        self.assertTrue(head.startswith(b'HTTP/1.1 400 '), head)
        self.assertIn('Invalid HTTP Version',
                      json.loads(body)['badRequest']['message'])

        # A worker that dies is replaced.
        workers = harness.wait_for(lambda: len(self.workers()) == 2
                                   and self.workers(), 120,
                                   what='two workers')
        victim = sorted(workers)[0]
        os.kill(victim, signal.SIGKILL)
        harness.wait_for(lambda: len(self.workers()) == 2
                         and victim not in self.workers(), 120,
                         what='a new worker in place of %d' % victim)

        # SIGTERM: the request in flight is answered, then the arbiter
        # exits 0.
        results = []
        slow = threading.Thread(
            target=lambda: results.append(self.get('/slow')[0]))
        slow.start()
        self.addCleanup(slow.join, 30)
        harness.wait_for(lambda: os.path.exists(self.started), 30,
                         what='the slow request to start')
        self.proc.send_signal(signal.SIGTERM)
        harness.wait_for(lambda: 'Handling signal: term' in self.log(), 30,
                         what='the arbiter to take SIGTERM')
        open(self.release, 'w').close()
        slow.join(30)
        self.assertEqual([200], results)
        self.assertEqual(0, self.proc.wait(60))
