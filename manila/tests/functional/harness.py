"""Start the real service as processes and talk to it over HTTP.

A ``Deployment`` writes a manila.conf into a temporary directory, runs
``manila-manage db sync`` and starts either ``manila-all`` (mode 'all':
in-process messaging) or ``manila-api`` plus ``manila-share`` (mode 'split':
RabbitMQ between them). Process output goes to log files that are attached
to the test's details when it fails.
"""

import configparser
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import fixtures
import testtools.content

from manila.tests import backends as servers

BIN = os.path.dirname(sys.executable)
ADMIN = {'token': 'admin:admin', 'roles': None}
# request()'s default: the deployment's own administrator token.
_ADMIN_TOKEN = object()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def stop_process(proc, sig=signal.SIGTERM, timeout=30, group=True):
    """Stop a child started in a session of its own: ``sig`` to its
    process group (``group``) or to it alone, SIGKILL to the group if it
    has not exited after ``timeout`` seconds. Returns its exit code."""
    if proc.poll() is None:
        try:
            if group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    return proc.returncode


def wait_for(predicate, timeout=60, interval=0.2, what='condition'):
    """Call ``predicate`` until it returns a true value; return that value."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as exc:  # the service may still be starting
            last_error = exc
        time.sleep(interval)
    raise AssertionError('timed out after %ss waiting for %s (last error: '
                         '%r)' % (timeout, what, last_error))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.text = body.decode('utf-8', 'replace') if body else ''
        try:
            self.json = json.loads(self.text) if self.text else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return '<Response %s %s>' % (self.status, self.text[:500])


class Deployment(fixtures.Fixture):
    """A running service. See the module docstring.

    ``database``: 'sqlite', 'postgresql' or 'mysql'.
    ``backends``: {section: {option: value}}; default alpha (local driver)
    and beta (dummy driver).
    ``options``: extra [DEFAULT] options; ``sections``: extra sections.
    ``host``: [DEFAULT] host, so the backends are ``<host>@alpha``...; a
    name of its own keeps the RPC queues ('manila-share.<host>@beta') of
    two deployments on one broker apart.
    ``admin_token``: what requests send by default, a string or a callable
    returning one (a Keystone token when auth_strategy is keystone).
    """

    def __init__(self, test, mode='all', database='sqlite', backends=None,
                 options=None, sections=None, report_interval=1,
                 service_down_time=5, host='localhost',
                 admin_token='admin:admin'):
        super().__init__()
        self.admin_token = admin_token
        self.test = test
        self.mode = mode
        self.database = database
        self.host = host
        # Extra manila-api processes: {name: port}, see add_api().
        self.api_ports = {}
        # Extra manila-share processes: {name: host}, see add_share_host().
        self.share_hosts = {}
        self.backend_sections = backends
        self.options = options or {}
        self.sections = sections or {}
        self.report_interval = report_interval
        self.service_down_time = service_down_time
        self.processes = {}
        # Checked before _setUp: a skip inside a fixture becomes an error.
        self.transport_url = 'fake://'
        if mode == 'split':
            self.transport_url = servers.require(test, 'rabbit')
        self.db_server = None
        if database != 'sqlite':
            self.db_server = servers.require(test, database)

    # -- setup ---------------------------------------------------------

    def _setUp(self):
        self.dir = self.useFixture(fixtures.TempDir()).path
        if self.database == 'sqlite':
            self.db_url = 'sqlite:///%s' % os.path.join(self.dir,
                                                        'manila.sqlite')
        else:
            self.db_url = servers.create_database(self.db_server)
            self.addCleanup(servers.drop_database, self.db_server,
                            self.db_url)
        self.port = free_port()
        self.endpoint = 'http://127.0.0.1:%d' % self.port
        self.config_file = os.path.join(self.dir, 'manila.conf')
        self.write_config()
        self.manage('db', 'sync')
        self.addCleanup(self.stop_all)
        self.addCleanup(self._attach_logs)
        if self.mode == 'all':
            self.start('manila-all')
        else:
            self.start('manila-api')
            self.start('manila-share')
        self.wait_for_api()
        for host in self.backend_hosts:
            self.wait_for_service(host, 'up')
        self.wait_for_startup_ensures()

    @property
    def backend_hosts(self):
        return ['%s@%s' % (self.host, name) for name in self.backend_config]

    @property
    def backend_config(self):
        """{section: options} of the backends; built once, then edited."""
        if self.backend_sections is None:
            self.backend_sections = {
                'alpha': {
                    'share_backend_name': 'alpha',
                    'share_driver':
                        'manila.share.drivers.local.LocalNFSDriver',
                    'local_share_root': os.path.join(self.dir, 'alpha'),
                    'local_exports_file': os.path.join(self.dir,
                                                       'alpha.exports'),
                    'share_export_ips': '192.0.2.10',
                    'nfs_export_options': 'rw,sync,no_subtree_check',
                },
                'beta': {
                    'share_backend_name': 'beta',
                    'share_driver': 'manila.share.drivers.dummy.DummyDriver',
                    'dummy_ensure_delay': '0',
                    'dummy_ensure_fail': 'false',
                },
            }
        return self.backend_sections

    def write_config(self):
        parser = configparser.ConfigParser(interpolation=None)
        parser['DEFAULT'] = {
            'host': self.host,
            'enabled_share_backends': ','.join(self.backend_config),
            'auth_strategy': 'noauth',
            'transport_url': self.transport_url,
            'osapi_share_listen': '127.0.0.1',
            'osapi_share_listen_port': str(self.port),
            'state_path': self.dir,
            'report_interval': str(self.report_interval),
            'service_down_time': str(self.service_down_time),
            'default_share_type': 'default',
            'debug': 'true',
        }
        parser['DEFAULT'].update(self.options)
        parser['database'] = {'connection': self.db_url}
        parser['oslo_messaging_notifications'] = {
            'driver': 'messagingv2' if self.mode == 'split' else 'log'}
        if self.mode == 'split':
            parser['oslo_messaging_rabbit'] = {
                'rabbit_retry_interval': '1', 'rabbit_retry_backoff': '1'}
        parser['oslo_concurrency'] = {
            'lock_path': os.path.join(self.dir, 'locks')}
        for name, values in self.backend_config.items():
            parser[name] = values
        for name, values in self.sections.items():
            parser[name] = values
        with open(self.config_file, 'w') as f:
            parser.write(f)
        # Extra API processes: the same file but for the listening port.
        for name, port in self.api_ports.items():
            parser['DEFAULT']['osapi_share_listen_port'] = str(port)
            with open(self._config_of(name), 'w') as f:
                parser.write(f)
        parser['DEFAULT']['osapi_share_listen_port'] = str(self.port)
        # Extra share hosts: the same file but for [DEFAULT] host.
        for name, host in self.share_hosts.items():
            parser['DEFAULT']['host'] = host
            with open(self._config_of(name), 'w') as f:
                parser.write(f)

    def _config_of(self, name):
        return os.path.join(self.dir, '%s.conf' % name)

    def set_option(self, section, option, value):
        """Edit the running deployment's config file (no restart)."""
        if section in self.backend_config:
            self.backend_config[section][option] = value
        elif section == 'DEFAULT':
            self.options[option] = value
        else:
            self.sections.setdefault(section, {})[option] = value
        self.write_config()

    # -- processes -----------------------------------------------------

    def manage(self, *args):
        result = subprocess.run(
            [os.path.join(BIN, 'manila-manage'), '--config-file',
             self.config_file] + list(args),
            capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise AssertionError('manila-manage %s failed: %s'
                                 % (' '.join(args), result.stderr))
        return result.stdout

    def start(self, binary, name=None, config_file=None):
        """Start ``binary``; ``name`` (default: the binary) keys
        ``processes`` and names the log file."""
        name = name or binary
        log = open(os.path.join(self.dir, '%s.log' % name), 'ab')
        self.addCleanup(log.close)
        proc = subprocess.Popen(
            [os.path.join(BIN, binary), '--config-file',
             config_file or self.config_file],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = proc
        return proc

    def add_api(self, name='manila-api-2'):
        """Start one more manila-api on a port of its own, sharing the
        database and broker; returns its endpoint (for ``request``)."""
        self.api_ports[name] = free_port()
        self.write_config()
        self.start('manila-api', name=name,
                   config_file=self._config_of(name))
        endpoint = 'http://127.0.0.1:%d' % self.api_ports[name]
        self.wait_for_api(endpoint=endpoint)
        return endpoint

    def add_share_host(self, host, name=None):
        """Start one more manila-share, as another machine would run it:
        the same backends, database and broker, [DEFAULT] host ``host``.
        Returns its process name (for ``stop``, ``backend_pid``,
        ``log_text``); its backends are ``<host>@<backend>``."""
        name = name or 'manila-share-%s' % host
        self.share_hosts[name] = host
        self.write_config()
        self.start('manila-share', name=name,
                   config_file=self._config_of(name))
        return name

    def stop(self, binary, sig=signal.SIGTERM, timeout=30):
        proc = self.processes.pop(binary, None)
        if proc is None:
            return None
        return stop_process(proc, sig, timeout)

    def stop_all(self):
        for binary in list(self.processes):
            self.stop(binary)

    def children_of(self, binary):
        """PIDs of the live processes in ``binary``'s process group."""
        pgid = self.processes[binary].pid
        pids = []
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                if os.getpgid(int(entry)) == pgid and int(entry) != pgid:
                    pids.append(int(entry))
            except OSError:
                continue
        return pids

    def backend_pid(self, backend_host, process='manila-share'):
        """PID of the manila-share child serving ``backend_host``
        (``process``: the name the manila-share was started under).

        cotyledon titles each child 'manila-share: manila-share
        <host@backend> worker(0)'.
        """
        title = 'manila-share %s ' % backend_host
        pids = []
        for pid in self.children_of(process):
            try:
                with open('/proc/%d/cmdline' % pid, 'rb') as f:
                    cmdline = f.read().replace(b'\0', b' ').decode(
                        'utf-8', 'replace')
            except OSError:
                continue
            if title in cmdline + ' ':
                pids.append(pid)
        if len(pids) != 1:
            raise AssertionError('expected one process of %s, found %r'
                                 % (backend_host, pids))
        return pids[0]

    def log_text(self, binary):
        path = os.path.join(self.dir, '%s.log' % binary)
        if not os.path.exists(path):
            return ''
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def _attach_logs(self):
        for name in sorted(os.listdir(self.dir)):
            if name.endswith('.log'):
                self.test.addDetail(name, testtools.content.text_content(
                    self.log_text(name[:-4])[-200000:]))

    # -- HTTP ----------------------------------------------------------

    def request(self, method, path, body=None, version='2.93',
                token=_ADMIN_TOKEN, roles=None, headers=None, raw=None,
                endpoint=None):
        """One HTTP request to the API; ``path`` starts after /v2.

        ``token``: default the deployment's admin token; None sends none.
        ``endpoint``: another API process (see add_api()).
        """
        if token is _ADMIN_TOKEN:
            token = (self.admin_token() if callable(self.admin_token)
                     else self.admin_token)
        if (path.startswith('/v2') or path == '/'
                or path.startswith('/healthcheck')):
            url = (endpoint or self.endpoint) + path
        else:
            url = (endpoint or self.endpoint) + '/v2' + path
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header('Accept', 'application/json')
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        if token:
            req.add_header('X-Auth-Token', token)
        if roles is not None:
            req.add_header('X-Roles', roles)
        if version:
            req.add_header('X-OpenStack-Manila-API-Version', version)
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return Response(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers), err.read())

    def wait_for_api(self, timeout=60, endpoint=None):
        endpoint = endpoint or self.endpoint

        def healthy():
            for binary, proc in self.processes.items():
                if proc.poll() is not None:
                    raise AssertionError('%s exited with %s:\n%s' % (
                        binary, proc.returncode,
                        self.log_text(binary)[-5000:]))
            return self.request('GET', '/healthcheck', version=None,
                                endpoint=endpoint).status == 200
        wait_for(healthy, timeout, what='the API at %s' % endpoint)

    def services(self, **filters):
        query = '&'.join('%s=%s' % kv for kv in filters.items())
        resp = self.request('GET', '/services' + ('?' + query
                                                  if query else ''))
        if resp.status != 200:
            raise AssertionError('service list failed: %r' % resp)
        return resp.json['services']

    def service(self, host, binary='manila-share'):
        for service in self.services():
            if service['host'] == host and service['binary'] == binary:
                return service
        return None

    def wait_for_service(self, host, state, timeout=60):
        return wait_for(
            lambda: (self.service(host) or {}).get('state') == state,
            timeout, what='service %s to be %s' % (host, state))

    def wait_for_startup_ensures(self, timeout=60):
        """Until the start-up ensure of every backend has ended.

        A new database stores no backend info, so every backend ensures at
        start-up, after it began to serve (and to report itself up). A
        deployment is ready once those runs ended: a test's first ensure
        must not meet a 409, nor its "before" a run holding the
        ``ensuring`` flag.
        """
        def ended(host):
            # The run's record ends before its claim is released: both.
            resp = self.request('GET', '/services/ensure-runs?host=%s'
                                % host)
            return resp.status == 200 and any(
                run['trigger'] == 'start-up' and run['status'] != 'running'
                for run in resp.json['ensure_runs']) and not (
                    self.service(host) or {}).get('ensuring', True)

        for host in self.backend_hosts:
            wait_for(lambda: ended(host), timeout,
                     what='the start-up ensure of %s to end' % host)

    def create_share(self, name, size=1, proto='NFS', share_type=None,
                     wait=True, **kwargs):
        body = {'share': {'name': name, 'size': size, 'share_proto': proto}}
        if share_type:
            body['share']['share_type'] = share_type
        resp = self.request('POST', '/shares', body, **kwargs)
        if resp.status != 200 and resp.status != 202:
            raise AssertionError('share create failed: %r' % resp)
        share = resp.json['share']
        if wait:
            share = self.wait_for_share_status(share['id'], 'available',
                                               **kwargs)
        return share

    def share(self, share_id, **kwargs):
        resp = self.request('GET', '/shares/%s' % share_id, **kwargs)
        return resp.json['share'] if resp.status == 200 else None

    def wait_for_share_status(self, share_id, status, timeout=60, **kwargs):
        def check():
            share = self.share(share_id, **kwargs)
            if share and share['status'] == 'error' and status != 'error':
                raise AssertionError('share %s went to error' % share_id)
            return share if share and share['status'] == status else None
        return wait_for(check, timeout,
                        what='share %s to be %s' % (share_id, status))

    def export_paths(self, share_id):
        resp = self.request('GET', '/shares/%s/export_locations' % share_id)
        return sorted(el['path'] for el in resp.json['export_locations'])

    # -- CLI -----------------------------------------------------------

    def openstack(self, *args, check=True, timeout=120):
        """Run the real ``openstack`` CLI in noauth mode against us."""
        env = dict(os.environ)
        for key in list(env):
            if key.startswith('OS_'):
                del env[key]
        cmd = [os.path.join(BIN, 'openstack'), '--os-auth-type', 'none',
               '--os-endpoint', self.endpoint + '/v2'] + list(args)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                timeout=timeout, env=env)
        if check and result.returncode != 0:
            raise AssertionError('%s failed (%s):\n%s\n%s' % (
                ' '.join(args), result.returncode, result.stdout,
                result.stderr))
        return result
