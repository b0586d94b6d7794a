"""manila.wsgi.api:application as uwsgi/gunicorn load it (a new process)."""

import os
import subprocess
import sys
import textwrap

import fixtures
import testtools

SCRIPT = textwrap.dedent('''
    import io, json, sys
    from manila.db.sqlalchemy import models, session
    from manila.wsgi import api
    from manila.api import app
    statuses = []

    def call(path, headers=None):
        environ = {'REQUEST_METHOD': 'GET', 'PATH_INFO': path,
                   'SERVER_NAME': 'localhost', 'SERVER_PORT': '80',
                   'wsgi.url_scheme': 'http', 'wsgi.input': io.BytesIO(),
                   'SCRIPT_NAME': '', 'QUERY_STRING': '',
                   'HTTP_X_AUTH_TOKEN': 'admin',
                   'HTTP_X_OPENSTACK_MANILA_API_VERSION': '2.93'}
        body = b''.join(api.application(
            environ, lambda status, hdrs: statuses.append(status)))
        return statuses[-1], json.loads(body)

    status, doc = call('/')
    print('RESULT', status, doc['versions'][0]['version'])
    models.Base.metadata.create_all(session.get_engine())
    status, doc = call('/v2/types/default')
    print('RESULT', status, doc['share_type']['name'])
    print('RESULT', app.CONF.auth_strategy)
''')


class WSGIEntryPointTest(testtools.TestCase):

    def test_application_reads_manila_config_files(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        conf = os.path.join(tmp, 'manila.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nauth_strategy = noauth\n'
                    'default_share_type = house\n'
                    'transport_url = fake://\n'
                    '[database]\nconnection = sqlite:///%s/m.sqlite\n'
                    % tmp)
        env = dict(os.environ, MANILA_CONFIG_FILES=conf)
        result = subprocess.run([sys.executable, '-c', SCRIPT], env=env,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['300 Multiple Choices 2.93', '200 OK house',
                          'noauth'],
                         [line[len('RESULT '):] for line in
                          result.stdout.splitlines()
                          if line.startswith('RESULT ')])
