"""The API app built in-process, with a fake backend, for API unit tests."""

import json

import fixtures
import oslo_messaging as messaging
from oslo_utils import timeutils
import webob

from manila.api import app as api_app
from manila.db import api as db
from manila import exception
from manila import policy
from manila.common import states
from manila.tests import base

ADMIN = 'admin:admin'
ALICE = 'alice:project-a'
BOB = 'bob:project-b'


class FakeShareRPC:
    """Records casts; ``fail`` makes every cast raise a broker error."""

    def __init__(self):
        self.casts = []
        self.run_ids = []
        self.fail = False

    def _cast(self, name, *args):
        if self.fail:
            raise messaging.MessageDeliveryFailure('broker unreachable')
        self.casts.append((name,) + args)

    def create_share_instance(self, context, share_instance_id, host):
        self._cast('create_share_instance', share_instance_id, host)

    def delete_share_instance(self, context, share_instance_id, host,
                              force=False):
        if force:
            self._cast('delete_share_instance', share_instance_id, host,
                       'force')
        else:
            self._cast('delete_share_instance', share_instance_id, host)

    def update_access(self, context, share_instance_id, host):
        self._cast('update_access', share_instance_id, host)

    def ensure_shares(self, context, host, run_id=None):
        self._cast('ensure_shares', host)
        self.run_ids.append(run_id)


class APITestCase(base.TestCase):
    """Requests go through the whole paste pipeline (noauth)."""

    AUTH_STRATEGY = 'noauth'

    def setUp(self):
        super().setUp()
        # oslo.policy looks for a policy file: the parser must have run.
        self.conf([], project='manila', default_config_files=[])
        self.flags(auth_strategy=self.AUTH_STRATEGY)
        policy.reset()
        self.addCleanup(policy.reset)
        self.rpc = FakeShareRPC()
        self.useFixture(fixtures.MockPatch(
            'manila.share.rpcapi.ShareAPI', return_value=self.rpc))
        self.placement_host = 'localhost@alpha'
        self.useFixture(fixtures.MockPatch(
            'manila.scheduler.placement.choose_host',
            side_effect=self._choose_host))
        self.app = api_app.load_app(self.conf)

    def _choose_host(self, context, share_type, size,
                     availability_zone=None):
        if self.placement_host is None:
            raise exception.NoValidHost(
                reason='No backend has %s GiB free.' % size)
        return self.placement_host

    # -- requests --------------------------------------------------------

    def request(self, method, path, body=None, version='2.93', token=ADMIN,
                roles=None, headers=None, raw=None, prefix='/v2'):
        """A request through the app; ``path`` is relative to ``prefix``."""
        req = webob.Request.blank(prefix + path, method=method)
        if token is not None:
            req.headers['X-Auth-Token'] = token
        if roles is not None:
            req.headers['X-Roles'] = roles
        if version is not None:
            req.headers['X-OpenStack-Manila-API-Version'] = version
        if raw is not None:
            req.body = raw
            req.content_type = 'application/json'
        elif body is not None:
            req.body = json.dumps(body).encode()
            req.content_type = 'application/json'
        for name, value in (headers or {}).items():
            req.headers[name] = value
        return req.get_response(self.app)

    def member(self, method, path, body=None, token=ALICE, **kwargs):
        return self.request(method, path, body, token=token,
                            roles='member', **kwargs)

    def assertFault(self, resp, status, name=None, contains=None):
        self.assertEqual(status, resp.status_int, resp.text)
        self.assertEqual('application/json', resp.content_type)
        (fault_name, fault), = resp.json.items()
        self.assertEqual(status, fault['code'])
        if name:
            self.assertEqual(name, fault_name)
        if contains:
            self.assertIn(contains, fault['message'])
        return fault['message']

    # -- data ------------------------------------------------------------

    def make_service(self, host='localhost@alpha', up=True, **values):
        values.setdefault('binary', 'manila-share')
        values.setdefault('topic', 'manila-share')
        values.setdefault('availability_zone', 'nova')
        heartbeat = timeutils.utcnow() if up else (
            timeutils.utcnow() - timeutils.datetime.timedelta(hours=1))
        return db.service_create(self.context, dict(
            values, host=host, heartbeat_at=heartbeat))

    def make_share(self, name='s1', project='project-a', user='alice',
                   status=states.AVAILABLE, host='localhost@alpha',
                   is_public=False, exports=('192.0.2.10:/srv/s1',),
                   **values):
        from manila.share import share_types
        stype = share_types.get_default(self.context)
        share = db.share_create(
            self.context,
            dict({'display_name': name, 'project_id': project,
                  'user_id': user, 'size': 1, 'share_proto': 'NFS',
                  'share_type_id': stype.id, 'is_public': is_public,
                  'availability_zone': 'nova'}, **values),
            {'status': status, 'host': host, 'share_type_id': stype.id})
        if exports:
            db.export_locations_replace(
                self.context, share.instance.id,
                [{'path': p, 'preferred': i == 0, 'is_admin_only': False,
                  'metadata': {}} for i, p in enumerate(exports)])
        return db.share_get(self.context, share.id)
