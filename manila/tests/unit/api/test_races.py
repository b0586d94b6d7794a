"""Racing requests: the compare-and-set statements decide, on every
database. N threads ask for the same change; exactly one wins."""

import threading

from manila.db import api as db
from manila.common import states
from manila.tests.unit.api import fakes

RACERS = 8


class _RaceMixin:

    def _race(self, method, path, body=None):
        barrier = threading.Barrier(RACERS)
        statuses = []

        def run():
            barrier.wait()
            resp = self.request(method, path, body)
            statuses.append(resp.status_int)
        threads = [threading.Thread(target=run) for _ in range(RACERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return sorted(statuses)

    def test_one_delete_wins(self):
        share = self.make_share('s1')
        statuses = self._race('DELETE', '/shares/%s' % share.id)
        self.assertEqual([202] + [409] * (RACERS - 1), statuses)
        self.assertEqual(1, len(self.rpc.casts))
        self.assertEqual(states.DELETING, db.share_get(
            self.context, share.id).instance.status)

    def test_one_ensure_wins(self):
        self.make_service('localhost@alpha')
        statuses = self._race('POST', '/services/ensure',
                              {'host': 'localhost@alpha'})
        self.assertEqual([202] + [409] * (RACERS - 1), statuses)
        self.assertEqual([('ensure_shares', 'localhost@alpha')],
                         self.rpc.casts)

    def test_access_change_against_ensure_claim(self):
        # An ensure run takes the share while users add rules: each rule
        # either got in before (and is queued) or was refused with 409.
        share = self.make_share('s1')
        barrier = threading.Barrier(RACERS + 1)
        statuses = []

        def allow(i):
            barrier.wait()
            statuses.append(self.request(
                'POST', '/shares/%s/action' % share.id,
                {'allow_access': {'access_type': 'ip',
                                  'access_to': '10.0.%d.0/24' % i}})
                .status_int)

        threads = [threading.Thread(target=allow, args=(i,))
                   for i in range(RACERS)]
        for t in threads:
            t.start()
        barrier.wait()
        db.share_instance_status_cas(self.context, share.instance.id,
                                     [states.AVAILABLE], states.ENSURING)
        for t in threads:
            t.join(60)
        self.assertEqual(set(), set(statuses) - {200, 409})
        rules = db.access_rules_get_by_share(self.context, share.id)
        self.assertEqual(statuses.count(200), len(rules))


class SQLiteRaceTest(_RaceMixin, fakes.APITestCase):
    DATABASE = 'sqlite'


class PostgreSQLRaceTest(_RaceMixin, fakes.APITestCase):
    DATABASE = 'postgresql'


class MySQLRaceTest(_RaceMixin, fakes.APITestCase):
    DATABASE = 'mysql'
