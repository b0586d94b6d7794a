#!/usr/bin/env python3
r"""Load the API the way it is deployed and print its throughput and latency.

Starts the service as README's service command does (``manila-all``,
noauth, in-process messaging, backends alpha and beta) from a fresh state
directory, seeds N shares on backend beta straight into the database,
then drives each test with ``wrk`` (Debian's package, installed with
apt-get when missing) at each number of connections. Prints one line per
test and connection count::

    test=shares_list connections=16 requests_per_s=R p50_ms=A p99_ms=B \
errors=E

``errors`` counts socket errors, timeouts (``--timeout``, default 2 s)
and answers other than the expected ones (2xx; for ensure also 409, the
answer while the backend is still ensuring). The ensure test's line adds
``accepted=N``: how many answers were 202, each of which started a run of
beta (the others were 409), since the mix changes what the test costs.

Usage::

    tools/bench_api.py                       # SQLite, 100 shares
    tools/bench_api.py --db postgresql+psycopg2://postgres@127.0.0.1/postgres
    tools/bench_api.py --background-ensure 100000   # ensure test while
                                             # another backend ensures
                                             # 100,000 shares

A server URL names the server: a database with a unique name is created
there and dropped at the end. Figures depend on the machine and on what
else runs on it: print ``uptime`` next to them.
"""

import argparse
import configparser
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import sqlalchemy as sa

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
TOKEN = 'admin:admin'
VERSION = '2.86'
TESTS = ('services_list', 'shares_list', 'share_show', 'ensure')
INSERT_CHUNK = 5000

# wrk's script: a request of its own per test, the answers counted by
# status; done() prints one JSON line the Python side parses.
WRK_SCRIPT = r'''
local threads = {}
wrk.method = os.getenv("BENCH_METHOD")
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["X-Auth-Token"] = "%(token)s"
wrk.headers["X-OpenStack-Manila-API-Version"] = "%(version)s"
wrk.headers["Content-Type"] = "application/json"
local accepted = {}
for code in string.gmatch(os.getenv("BENCH_ACCEPT"), "%%d+") do
  accepted[tonumber(code)] = true
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  started = 0
end

function response(status, headers, body)
  if not accepted[status] then
    unexpected = unexpected + 1
  elseif status == 202 then
    started = started + 1
  end
end

function done(summary, latency, requests)
  local bad, runs = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    runs = runs + thread:get("started")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "duration_us": %%d, "p50_us": %%d, ' ..
    '"p99_us": %%d, "socket_errors": %%d, "timeouts": %%d, ' ..
    '"unexpected": %%d, "accepted": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write, e.timeout, bad,
    runs))
end
''' % {'token': TOKEN, 'version': VERSION}


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def ensure_wrk():
    if shutil.which('wrk'):
        return shutil.which('wrk')
    print('==> installing wrk (apt-get install -y wrk)', file=sys.stderr)
    subprocess.run(['apt-get', 'install', '-y', 'wrk'], check=True,
                   stdout=subprocess.DEVNULL)
    return shutil.which('wrk')


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit('timed out waiting for %s' % what)


class Service:
    """manila-all from a fresh state directory, as tools/run-service.sh."""

    def __init__(self, db_url, state, port, host, background_ensure, extra):
        self.db_url = db_url
        self.state = state
        self.port = port
        self.host = host
        self.endpoint = 'http://127.0.0.1:%d' % port
        self.conf = os.path.join(state, 'manila.conf')
        parser = configparser.ConfigParser(interpolation=None)
        backends = ['alpha', 'beta'] + (['gamma'] if background_ensure
                                        else [])
        parser['DEFAULT'] = {
            'host': host, 'enabled_share_backends': ','.join(backends),
            'auth_strategy': 'noauth', 'transport_url': 'fake://',
            'osapi_share_listen': '127.0.0.1',
            'osapi_share_listen_port': str(port), 'state_path': state,
            'default_share_type': 'default', 'report_interval': '10',
            'service_down_time': '60'}
        parser['DEFAULT'].update(extra)
        parser['database'] = {'connection': db_url}
        parser['oslo_messaging_notifications'] = {'driver': 'log'}
        parser['alpha'] = {
            'share_backend_name': 'alpha',
            'share_driver': 'manila.share.drivers.local.LocalNFSDriver',
            'local_share_root': os.path.join(state, 'alpha'),
            'local_exports_file': os.path.join(state, 'alpha.exports'),
            'share_export_ips': '192.0.2.10'}
        for name in backends[1:]:
            parser[name] = {
                'share_backend_name': name,
                'share_driver': 'manila.share.drivers.dummy.DummyDriver',
                'dummy_ensure_delay': '0'}
        os.makedirs(os.path.join(state, 'alpha'), exist_ok=True)
        with open(self.conf, 'w') as f:
            parser.write(f)
        self.proc = None

    def manage(self, *args):
        subprocess.run([os.path.join(BIN, 'manila-manage'), '--config-file',
                        self.conf] + list(args), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self.log = open(os.path.join(self.state, 'manila-all.log'), 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, 'manila-all'), '--config-file', self.conf],
            stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc:
            self.log.close()

    def request(self, method, path, body=None):
        req = urllib.request.Request(
            self.endpoint + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={'X-Auth-Token': TOKEN, 'Content-Type':
                     'application/json',
                     'X-OpenStack-Manila-API-Version': VERSION})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b'null')
        except urllib.error.HTTPError as err:
            return err.code, None

    def services(self):
        status, body = self.request('GET', '/v2/services')
        return {s['host']: s for s in body['services']} if status == 200 \
            else {}


def seed(db_url, host, count, project='admin'):
    """``count`` available shares on ``host`` with two export locations
    each, inserted in bulk; returns one share id."""
    engine = sa.create_engine(db_url)
    meta = sa.MetaData()
    tables = {name: sa.Table(name, meta, autoload_with=engine) for name in
              ('shares', 'share_instances', 'share_instance_export_locations',
               'share_types')}
    with engine.begin() as conn:
        type_id = conn.execute(sa.select(tables['share_types'].c.id).where(
            tables['share_types'].c.name == 'default')).scalar_one()
    now = sa.func.now()
    first = None
    for start in range(0, count, INSERT_CHUNK):
        shares, instances, exports = [], [], []
        for n in range(start, min(count, start + INSERT_CHUNK)):
            share_id, instance_id = str(uuid.uuid4()), str(uuid.uuid4())
            first = first or share_id
            shares.append({'id': share_id, 'display_name': 'bench-%d' % n,
                           'project_id': project, 'user_id': 'admin',
                           'size': 1, 'share_proto': 'NFS',
                           'share_type_id': type_id, 'is_public': False,
                           'availability_zone': 'nova',
                           'is_soft_deleted': False})
            instances.append({'id': instance_id, 'share_id': share_id,
                              'host': host + '#pool', 'status': 'available',
                              'access_rules_status': 'active',
                              'share_type_id': type_id})
            for i in range(2):
                exports.append({'uuid': str(uuid.uuid4()),
                                'share_instance_id': instance_id,
                                'path': '192.0.2.%d:/bench/%d' % (10 + i, n),
                                'preferred': i == 0, 'is_admin_only': False})
        with engine.begin() as conn:
            conn.execute(tables['shares'].insert().values(created_at=now),
                         shares)
            conn.execute(tables['share_instances'].insert().values(
                created_at=now), instances)
            conn.execute(tables['share_instance_export_locations'].insert()
                         .values(created_at=now), exports)
    engine.dispose()
    return first


def run_wrk(wrk, script, url, connections, duration, timeout, method='GET',
            body='', accept='200'):
    env = dict(os.environ, BENCH_METHOD=method, BENCH_BODY=body,
               BENCH_ACCEPT=accept)
    threads = max(1, min(2, connections))
    out = subprocess.run(
        [wrk, '-t%d' % threads, '-c%d' % connections, '-d%ds' % duration,
         '--timeout', '%ds' % timeout, '-s', script, url],
        env=env, capture_output=True, text=True, check=True).stdout
    match = re.search(r'^BENCH (.*)$', out, re.M)
    if not match:
        raise SystemExit('wrk said:\n' + out)
    r = json.loads(match.group(1))
    return {'requests_per_s': r['requests'] / (r['duration_us'] / 1e6),
            'p50_ms': r['p50_us'] / 1000.0, 'p99_ms': r['p99_us'] / 1000.0,
            'errors': r['socket_errors'] + r['timeouts'] + r['unexpected'],
            'accepted': r['accepted']}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default='sqlite',
                        help="'sqlite' (a file in the state directory) or a "
                             'PostgreSQL/MySQL server URL')
    parser.add_argument('--shares', type=int, default=100)
    parser.add_argument('--connections', default='1,16,64')
    parser.add_argument('--duration', type=int, default=10)
    parser.add_argument('--timeout', type=int, default=2)
    parser.add_argument('--tests', default=','.join(TESTS))
    parser.add_argument('--background-ensure', type=int, default=0,
                        metavar='N',
                        help='seed N shares on a third backend (gamma) and '
                             'keep it ensuring them during the ensure test')
    parser.add_argument('--option', action='append', default=[],
                        metavar='NAME=VALUE',
                        help='extra [DEFAULT] option, e.g. '
                             'osapi_share_workers=4')
    args = parser.parse_args()
    wrk = ensure_wrk()
    state = tempfile.mkdtemp(prefix='bench-api-')
    server = None
    if args.db == 'sqlite':
        db_url = 'sqlite:///%s' % os.path.join(state, 'manila.sqlite')
    else:
        sys.path.insert(0, os.path.dirname(HERE))
        from manila.tests import backends
        server = args.db
        db_url = backends.create_database(server)
    host = 'bench%s' % uuid.uuid4().hex[:6]
    extra = dict(o.split('=', 1) for o in args.option)
    service = Service(db_url, state, free_port(), host,
                      args.background_ensure, extra)
    script = os.path.join(state, 'bench.lua')
    with open(script, 'w') as f:
        f.write(WRK_SCRIPT)
    try:
        service.manage('db', 'sync')
        service.start()
        backends_up = ['%s@%s' % (host, b) for b in ('alpha', 'beta')]
        wait_for(lambda: all(service.services().get(h, {}).get('state')
                             == 'up' for h in backends_up), 120,
                 'the service and its backends')
        share_id = seed(db_url, '%s@beta' % host, args.shares)
        if args.background_ensure:
            gamma = '%s@gamma' % host
            wait_for(lambda: service.services().get(gamma, {}).get(
                'state') == 'up', 120, 'backend gamma')
            seed(db_url, gamma, args.background_ensure, project='other')
        print('# uptime: %s' % subprocess.run(
            ['uptime'], capture_output=True, text=True).stdout.strip())
        print('# database=%s shares=%d background_ensure=%d options=%s'
              % (args.db.split(':')[0], args.shares, args.background_ensure,
                 extra or 'defaults'))
        sys.stdout.flush()
        requests = {
            'services_list': ('/v2/services', 'GET', '', '200'),
            'shares_list': ('/v2/shares/detail', 'GET', '', '200'),
            'share_show': ('/v2/shares/%s' % share_id, 'GET', '', '200'),
            'ensure': ('/v2/services/ensure', 'POST',
                       json.dumps({'host': '%s@beta' % host}), '202,409'),
        }
        for test in args.tests.split(','):
            path, method, body, accept = requests[test]
            # Once by hand: a wrong path must fail here, not pass as a
            # slow server.
            status, _ = service.request(method, path, json.loads(body)
                                        if body else None)
            if str(status) not in accept.split(','):
                raise SystemExit('%s %s answered %s' % (method, path, status))
            for connections in (int(c) for c in args.connections.split(',')):
                if test == 'ensure' and args.background_ensure:
                    kick_background_ensure(service, host)
                result = run_wrk(wrk, script, service.endpoint + path,
                                 connections, args.duration, args.timeout,
                                 method, body, accept)
                print('test=%s connections=%d requests_per_s=%.0f '
                      'p50_ms=%.1f p99_ms=%.1f errors=%d%s'
                      % (test, connections, result['requests_per_s'],
                         result['p50_ms'], result['p99_ms'],
                         result['errors'],
                         # Ensure: how many were 202 (a run of beta
                         # started), the rest 409 (beta was ensuring).
                         ' accepted=%d' % result['accepted']
                         if test == 'ensure' else ''))
                sys.stdout.flush()
        if args.background_ensure:
            print('# gamma still ensuring at the end: %s' % service.services()
                  ['%s@gamma' % host]['ensuring'])
    finally:
        service.stop()
        if server:
            from manila.tests import backends
            backends.drop_database(server, db_url)
        shutil.rmtree(state, ignore_errors=True)


def kick_background_ensure(service, host):
    """Start gamma's ensure of its many shares unless it runs already."""
    gamma = '%s@gamma' % host
    status, _ = service.request('POST', '/v2/services/ensure',
                                {'host': gamma})
    if status not in (202, 409):
        raise SystemExit('could not start the ensure of %s: %s'
                         % (gamma, status))
    wait_for(lambda: service.services()[gamma]['ensuring'], 60,
             'the ensure of %s to start' % gamma)


if __name__ == '__main__':
    main()
