"""Access rule application: rule states and the instance's access status."""

from manila.db import api as db
from manila import exception
from manila.share import access
from manila.common import states
from manila.tests import base


class RecordingDriver:
    """Records update_access calls; refuses what ``refuse`` names."""

    def __init__(self, refuse=(), fail=False):
        self.calls = []
        self.refuse = set(refuse)
        self.fail = fail

    def update_access(self, context, share, access_rules, add_rules,
                      delete_rules):
        self.calls.append({
            'share': share['id'],
            'all': sorted(r['access_to'] for r in access_rules),
            'add': sorted(r['access_to'] for r in add_rules),
            'delete': sorted(r['access_to'] for r in delete_rules)})
        if self.fail:
            raise RuntimeError('backend unreachable')
        return {r['id']: {'state': 'error'} for r in access_rules
                if r['access_to'] in self.refuse} or None


class ShareInstanceAccessTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        share = db.share_create(self.context,
                                {'size': 1, 'share_proto': 'NFS'},
                                {'host': 'h@alpha',
                                 'status': states.AVAILABLE})
        self.instance = share.instance
        db.share_instance_update(self.context, self.instance.id, {
            'access_rules_status': states.ACCESS_STATUS_SYNCING})

    def _rule(self, access_to, state=states.ACCESS_QUEUED_TO_APPLY):
        return db.access_rule_create(self.context, {
            'share_id': self.instance.share_id, 'access_type': 'ip',
            'access_to': access_to, 'access_level': 'rw', 'state': state})

    def _apply(self, driver):
        return access.ShareInstanceAccess(driver).update_access(
            self.context, self.instance.id)

    def _state(self, rule):
        return db.access_rule_get(self.context, rule.id).state

    def _access_status(self):
        return db.share_instance_get(self.context,
                                     self.instance.id).access_rules_status

    def test_queued_rules_become_active(self):
        old = self._rule('10.0.0.1', states.ACCESS_ACTIVE)
        new = self._rule('10.0.0.2')
        driver = RecordingDriver()
        self.assertEqual(states.ACCESS_STATUS_ACTIVE, self._apply(driver))
        self.assertEqual([{'share': self.instance.id,
                           'all': ['10.0.0.1', '10.0.0.2'],
                           'add': ['10.0.0.2'], 'delete': []}],
                         driver.calls)
        self.assertEqual(states.ACCESS_ACTIVE, self._state(old))
        self.assertEqual(states.ACCESS_ACTIVE, self._state(new))
        self.assertEqual(states.ACCESS_STATUS_ACTIVE, self._access_status())

    def test_denied_rules_are_removed(self):
        keep = self._rule('10.0.0.1', states.ACCESS_ACTIVE)
        gone = self._rule('10.0.0.2', states.ACCESS_QUEUED_TO_DENY)
        driver = RecordingDriver()
        self._apply(driver)
        self.assertEqual(['10.0.0.1'], driver.calls[0]['all'])
        self.assertEqual(['10.0.0.2'], driver.calls[0]['delete'])
        self.assertEqual(states.ACCESS_ACTIVE, self._state(keep))
        self.assertRaises(exception.AccessRuleNotFound,
                          db.access_rule_get, self.context, gone.id)

    def test_rule_refused_by_driver_is_error(self):
        good = self._rule('10.0.0.1')
        bad = self._rule('10.0.0.9')
        self.assertEqual(states.ACCESS_STATUS_ERROR,
                         self._apply(RecordingDriver(refuse={'10.0.0.9'})))
        self.assertEqual(states.ACCESS_ACTIVE, self._state(good))
        self.assertEqual(states.ACCESS_ERROR, self._state(bad))
        self.assertEqual(states.ACCESS_STATUS_ERROR, self._access_status())

    def test_driver_failure_sets_pending_rules_to_error(self):
        active = self._rule('10.0.0.1', states.ACCESS_ACTIVE)
        pending = self._rule('10.0.0.2')
        self.assertEqual(states.ACCESS_STATUS_ERROR,
                         self._apply(RecordingDriver(fail=True)))
        self.assertEqual(states.ACCESS_ACTIVE, self._state(active))
        self.assertEqual(states.ACCESS_ERROR, self._state(pending))
        self.assertEqual(states.ACCESS_STATUS_ERROR, self._access_status())

    def test_reapply_resends_active_rules_while_ensuring(self):
        self._rule('10.0.0.1', states.ACCESS_ACTIVE)
        db.share_instance_update(self.context, self.instance.id,
                                 {'status': states.ENSURING})
        driver = RecordingDriver()
        self._apply(driver)
        self.assertEqual(['10.0.0.1'], driver.calls[0]['all'])
        self.assertEqual(states.ACCESS_STATUS_ACTIVE, self._access_status())

    def test_rules_queued_during_the_driver_call_are_applied_too(self):
        first = self._rule('10.0.0.1')
        late = []

        class QueueingDriver(RecordingDriver):
            def update_access(inner, *args):
                result = super().update_access(*args)
                if not late:
                    late.append(self._rule('10.0.0.2'))
                return result

        driver = QueueingDriver()
        self._apply(driver)
        self.assertEqual(2, len(driver.calls))
        self.assertEqual(states.ACCESS_ACTIVE, self._state(first))
        self.assertEqual(states.ACCESS_ACTIVE, self._state(late[0]))
