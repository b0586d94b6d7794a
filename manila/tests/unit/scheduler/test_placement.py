"""choose_host: up, enabled backends with room; pins; readable reasons."""

import collections
import datetime
import json

from oslo_utils import timeutils

from manila.db import api as db
from manila import exception
from manila.scheduler import placement
from manila.tests import base


class ChooseHostTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.flags(service_down_time=60)

    def _service(self, host, free, name=None, up=True, disabled=False,
                 zone='nova'):
        beat = timeutils.utcnow() - datetime.timedelta(
            seconds=5 if up else 600)
        service = db.service_create(self.context, {
            'host': host, 'binary': 'manila-share', 'topic': 'manila-share',
            'availability_zone': zone, 'disabled': disabled,
            'heartbeat_at': beat})
        db.service_capabilities_update(self.context, service.id, {
            'share_backend_name': name or host.split('@')[1],
            'total_capacity_gb': 1000, 'free_capacity_gb': free})
        return service

    def _type(self, **extra_specs):
        return db.share_type_create(self.context, {'name': 'default'},
                                    extra_specs)

    def _choose(self, size=1, share_type=None, zone=None):
        return placement.choose_host(self.context, share_type, size, zone)

    def test_most_free_capacity_wins(self):
        self._service('h@alpha', 100)
        self._service('h@beta', 500)
        self.assertEqual('h@beta', self._choose())
        self.assertEqual('h@beta', self._choose(share_type=self._type()))

    def _caps(self, service):
        return json.loads(db.service_get(self.context,
                                         service.id).capabilities)

    def test_identical_backends_get_shares_evenly(self):
        # No heartbeat between the creates: each choice counts the share
        # against the chosen backend, so the next goes to the other.
        services = [self._service('h1@beta', 1000, name='beta'),
                    self._service('h2@beta', 1000, name='beta'),
                    self._service('h3@beta', 1000, name='beta')]
        chosen = [self._choose(size=2) for _ in range(12)]
        self.assertEqual({'h1@beta': 4, 'h2@beta': 4, 'h3@beta': 4},
                         collections.Counter(chosen))
        for service in services:
            caps = self._caps(service)
            self.assertEqual((992, 8, 8), (caps['free_capacity_gb'],
                                           caps['allocated_capacity_gb'],
                                           caps['provisioned_capacity_gb']))

    def test_a_new_report_replaces_what_placement_counted(self):
        service = self._service('h@alpha', 100)
        self._choose(size=30)
        self.assertEqual(70, self._caps(service)['free_capacity_gb'])
        db.service_capabilities_update(self.context, service.id, {
            'share_backend_name': 'alpha', 'total_capacity_gb': 1000,
            'free_capacity_gb': 95})
        self.assertEqual(95, self._caps(service)['free_capacity_gb'])
        # A larger share than what is left after counting: refused.
        self._choose(size=90)
        self.assertIn('largest free capacity is 5',
                      self._reason(size=10))

    def test_down_and_disabled_backends_are_skipped(self):
        self._service('h@alpha', 100)
        self._service('h@beta', 500, up=False)
        self._service('h@gamma', 900, disabled=True)
        self.assertEqual('h@alpha', self._choose())

    def test_backend_without_room_is_skipped(self):
        self._service('h@alpha', 10)
        self._service('h@beta', 5)
        self.assertEqual('h@alpha', self._choose(size=8))

    def test_share_backend_name_pins_the_backend(self):
        self._service('h@alpha', 100)
        self._service('h@beta', 500)
        share_type = self._type(share_backend_name='alpha')
        self.assertEqual('h@alpha', self._choose(share_type=share_type))
        self.assertEqual('h@alpha', self._choose(
            share_type={'extra_specs': {'share_backend_name': 'alpha'}}))

    def test_availability_zone_filters(self):
        self._service('h@alpha', 100, zone='az1')
        self._service('h@beta', 500, zone='az2')
        self.assertEqual('h@alpha', self._choose(zone='az1'))

    def _reason(self, **kwargs):
        return str(self.assertRaises(exception.NoValidHost, self._choose,
                                     **kwargs))

    def test_no_service_at_all(self):
        self.assertIn('No manila-share service is registered',
                      self._reason())

    def test_all_down(self):
        self._service('h@alpha', 100, up=False)
        self.assertIn('down', self._reason())

    def test_all_disabled(self):
        self._service('h@alpha', 100, disabled=True)
        self.assertIn('disabled', self._reason())

    def test_unknown_zone(self):
        self._service('h@alpha', 100)
        self.assertIn("availability zone 'elsewhere'",
                      self._reason(zone='elsewhere'))

    def test_unknown_backend_name(self):
        self._service('h@alpha', 100)
        self.assertIn("share_backend_name 'omega'", self._reason(
            share_type=self._type(share_backend_name='omega')))

    def test_not_enough_room(self):
        self._service('h@alpha', 100)
        self._service('h@beta', 40)
        reason = self._reason(size=200)
        self.assertIn('200 GiB', reason)
        self.assertIn('100.0 GiB', reason)
