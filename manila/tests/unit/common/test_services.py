"""Service liveness: the heartbeat's age against service_down_time."""

import datetime

from oslo_utils import timeutils

from manila.common import states
from manila.tests import base


class ServiceIsUpTestCase(base.TestCase):

    DATABASE = None

    def test_heartbeat_age_against_service_down_time(self):
        self.flags(service_down_time=60)
        now = timeutils.utcnow()
        self.assertFalse(states.service_is_up({'heartbeat_at': None}))
        self.assertTrue(states.service_is_up({'heartbeat_at': now}))
        self.assertTrue(states.service_is_up(
            {'heartbeat_at': now - datetime.timedelta(seconds=50)}))
        self.assertFalse(states.service_is_up(
            {'heartbeat_at': now - datetime.timedelta(seconds=70)}))
        self.flags(service_down_time=120)
        self.assertTrue(states.service_is_up(
            {'heartbeat_at': now - datetime.timedelta(seconds=70)}))

    def test_aware_heartbeat(self):
        aware = timeutils.utcnow().replace(tzinfo=datetime.timezone.utc)
        self.assertTrue(states.service_is_up({'heartbeat_at': aware}))
