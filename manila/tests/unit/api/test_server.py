"""The threaded WSGI server manila-api and manila-all use."""

import json
import threading
import urllib.request

from manila.api import server
from manila.tests import base


RELEASE = threading.Event()


def _slow_app(environ, start_response):
    if environ['PATH_INFO'] == '/slow':
        # Held until the test has had its answer to /fast.
        RELEASE.wait(30)
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps({'path': environ['PATH_INFO']}).encode()]


class WSGIServerTest(base.TestCase):
    DATABASE = None

    def test_serves_concurrently_and_stops(self):
        srv = server.WSGIServer(_slow_app, '127.0.0.1', 0)
        srv.start()
        self.addCleanup(srv.stop)
        url = 'http://127.0.0.1:%d' % srv.port
        slow_done = []
        slow = threading.Thread(target=lambda: slow_done.append(
            urllib.request.urlopen(url + '/slow', timeout=10).read()))
        slow.start()
        self.addCleanup(RELEASE.set)
        # Answered while /slow is still held: threads, not a queue.
        body = urllib.request.urlopen(url + '/fast', timeout=10).read()
        self.assertEqual({'path': '/fast'}, json.loads(body))
        self.assertEqual([], slow_done)
        RELEASE.set()
        slow.join(10)
        self.assertEqual(1, len(slow_done))
        srv.stop()
        srv.wait()
        self.assertRaises(OSError, urllib.request.urlopen, url + '/',
                          timeout=2)

    def test_defaults_from_options(self):
        self.flags(osapi_share_listen='127.0.0.1', osapi_share_listen_port=0)
        srv = server.WSGIServer(_slow_app)
        self.addCleanup(srv.stop)
        self.assertEqual('127.0.0.1', srv.host)
        self.assertGreater(srv.port, 0)
