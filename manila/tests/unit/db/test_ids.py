"""Row ids: version 7 UUIDs, in the order they were made."""

import time
from unittest import mock
import uuid

from oslo_utils import uuidutils

from manila.db.sqlalchemy import utils
from manila.tests import base
from manila.tests.unit.db import helpers


class NewIdTestCase(base.TestCase):

    def private_clock(self):
        # A clock of the test's own: the ids it makes in the future must
        # not hold back the ids of later tests.
        patcher = mock.patch.object(utils, '_id_clock', [0, 0])
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_a_version_7_uuid_any_parser_takes(self):
        value = utils.new_id()
        self.assertTrue(uuidutils.is_uuid_like(value))
        parsed = uuid.UUID(value)
        self.assertEqual(7, parsed.version)
        self.assertEqual(uuid.RFC_4122, parsed.variant)

    def test_carries_the_time_it_was_made(self):
        before = time.time_ns() // 1000000
        value = utils.new_id()
        after = time.time_ns() // 1000000
        stamp = uuid.UUID(value).int >> 80
        self.assertTrue(before <= stamp <= after, (before, stamp, after))

    def test_ids_sort_in_the_order_made(self):
        ids = [utils.new_id() for _ in range(10000)]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(ids), len(set(ids)))

    def test_never_backwards_when_the_clock_is(self):
        self.private_clock()
        first = utils.new_id()
        earlier = time.time_ns() - 3600 * 10 ** 9
        with mock.patch.object(time, 'time_ns', return_value=earlier):
            later = [utils.new_id() for _ in range(3)]
        self.assertEqual([first] + later, sorted([first] + later))

    def test_more_ids_in_one_millisecond_than_the_counter_holds(self):
        self.private_clock()
        frozen = time.time_ns() + 10 ** 9
        with mock.patch.object(time, 'time_ns', return_value=frozen):
            ids = [utils.new_id() for _ in range(5000)]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(ids), len(set(ids)))
        stamps = {uuid.UUID(i).int >> 80 for i in ids}
        # 4,096 a millisecond, then the next millisecond's.
        self.assertEqual(2, len(stamps))

    def test_shares_made_later_have_greater_ids(self):
        ids = [helpers.make_share(self.context) for _ in range(20)]
        self.assertEqual(ids, sorted(ids))
