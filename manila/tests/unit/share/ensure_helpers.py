"""What the ensure-workflow tests share: small fakes of a run's inputs
(driver, notifier, access helper) and a test case over a real SQLite
database with one manila-share service row."""

import gc
import os

import fixtures
from oslo_config import cfg

from manila.common import states
from manila.db import api as db
from manila.share import ensure
from manila.tests import base
from manila.tests.unit.db import helpers as db_helpers

HOST = db_helpers.HOST
CONF = cfg.CONF


class FakeNotifier:
    def __init__(self):
        self.events = []

    def info(self, context, event, payload):
        self.events.append((event, payload))

    def names(self):
        return [event for event, _ in self.events]

    def payload(self, event):
        return [p for e, p in self.events if e == event][-1]


class FakeDriver:
    """Records what it is given; answers through ``answer(shares)``."""

    def __init__(self, test, answer=None):
        self.test = test
        self.answer = answer or (lambda shares: {})
        self.info = {'export_ips': '192.0.2.10'}
        self.batches = []
        self.seen_statuses = []
        # Instances whose statuses are recorded at each call.
        self.watch = []
        self.watched = []
        # gc.get_freeze_count() at each call.
        self.frozen = []
        # Off where the test counts the run's statements.
        self.observe = True

    def ensure_shares(self, context, shares):
        self.batches.append([s['id'] for s in shares])
        self.frozen.append(gc.get_freeze_count())
        if self.observe:
            # What the database says while the driver works.
            self.seen_statuses.append(db_helpers.statuses(
                context, [s['id'] for s in shares]))
            self.flag_during_run = db.service_get(
                context, self.test.service.id).ensuring
            if self.watch:
                self.watched.append(db_helpers.statuses(context, self.watch))
        return self.answer(shares)

    def get_backend_info(self, context):
        return dict(self.info)


class FakeAccess:
    def __init__(self, context):
        self.context = context
        self.calls = []

        self.failing = set()

    def update_access(self, context, share_instance_id):
        self.calls.append((share_instance_id, db.share_instance_get(
            self.context, share_instance_id).status))
        # Like manila.share.access: the instance's access rules status.
        if share_instance_id in self.failing:
            return states.ACCESS_STATUS_ERROR
        return states.ACCESS_STATUS_ACTIVE


class FakeBackend:
    """The inputs of a run: host, driver, notifier, access."""

    def __init__(self, context, driver, host=HOST):
        self.host = host
        self.driver = driver
        self.notifier = FakeNotifier()
        self.access = FakeAccess(context)

    def inputs(self):
        return self.host, self.driver, self.notifier, self.access


def new_locations(shares):
    """Every share moved to a new export IP (as after a config change)."""
    return {s['id']: {'export_locations': [
        {'path': '192.0.2.99:/%s' % s['share_id'], 'preferred': True}]}
        for s in shares}


class EnsureTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MockPatch(
            'manila.services.api.RECOVERY_DELAY', 0))
        self.service = db.service_create(self.context, {
            'host': HOST, 'binary': 'manila-share',
            'topic': 'manila-share'})
        self.driver = FakeDriver(self)
        self.backend = FakeBackend(self.context, self.driver)

    def make_shares(self, count, **kwargs):
        kwargs.setdefault('export_locations', [{'path': '192.0.2.10:/x'}])
        ids = [db_helpers.make_share(self.context, **kwargs)
               for _ in range(count)]
        # In the order a run takes them: creation order on SQLite (rowid),
        # id order on the servers.
        return ids if self.DATABASE == 'sqlite' else sorted(ids)

    def statuses(self, ids):
        return db_helpers.statuses(self.context, ids)

    def paths(self, instance_id):
        return [row[0] for row in db_helpers.export_rows(self.context,
                                                         instance_id)]

    def flag(self):
        return db.service_get(self.context, self.service.id).ensuring

    def claim(self):
        self.assertTrue(db.service_claim_ensuring(self.context, HOST))

    def run_requested(self):
        return ensure.run_requested(self.context, *self.backend.inputs())

    def ensure_at_startup(self):
        return ensure.ensure_at_startup(self.context, *self.backend.inputs())

    def config_file(self, text):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'manila.conf')
        with open(path, 'w') as f:
            f.write(text)
        CONF(['--config-file', path], project='manila')
        return path
