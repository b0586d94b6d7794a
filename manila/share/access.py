"""Applying a share instance's access rules on its backend.

The API only queues: a new rule is stored 'queued_to_apply', a revoked one
'queued_to_deny', and the instance's access_rules_status 'syncing'. Then
the backend's manager runs :meth:`ShareInstanceAccess.update_access`,
which moves the queued rules to 'applying'/'denying', sends the full rule
set to the driver, and settles every rule: 'active' (or 'error' when the
driver refused it), denied rules deleted. The instance's
access_rules_status ends 'active', or 'error' if any rule failed.
"""

from oslo_log import log

from manila.common import states
from manila.db import api as db
from manila.share import driver as share_driver

LOG = log.getLogger(__name__)

# Rules the driver should grant after this update.
_IN_EFFECT = (states.ACCESS_ACTIVE, states.ACCESS_APPLYING)

# Instance statuses in which the summary access status may be written:
# 'ensuring' included, because ensure re-applies rules while it holds a
# share.
_WRITABLE_STATUSES = (states.CREATING, states.AVAILABLE, states.ENSURING,
                      states.ERROR)

# Rounds of "rules were queued while we talked to the driver": bounded so
# a client adding rules in a loop cannot keep a worker thread forever.
_MAX_ROUNDS = 5


def rule_dict(rule):
    """The access rule dict drivers receive."""
    return {'id': rule.id, 'access_type': rule.access_type,
            'access_to': rule.access_to, 'access_level': rule.access_level,
            'state': rule.state}


class ShareInstanceAccess:
    """Sends an instance's rules to the backend's driver."""

    def __init__(self, driver):
        self.driver = driver

    def update_access(self, context, share_instance_id):
        """Apply queued changes and re-send all rules of the instance.

        Returns the instance's final access_rules_status.
        """
        status = states.ACCESS_STATUS_ACTIVE
        for _round in range(_MAX_ROUNDS):
            status = self._update_once(context, share_instance_id)
            instance = db.share_instance_get(context, share_instance_id)
            queued = db.access_rules_get_by_share(
                context, instance.share_id,
                filters={'state': [states.ACCESS_QUEUED_TO_APPLY,
                                   states.ACCESS_QUEUED_TO_DENY]})
            if not queued:
                break
        return status

    def _update_once(self, context, share_instance_id):
        instance = db.share_instance_get(context, share_instance_id)
        rules = db.access_rules_get_by_share(context, instance.share_id)
        by_state = {}
        for rule in rules:
            by_state.setdefault(rule.state, []).append(rule)
        to_apply = by_state.get(states.ACCESS_QUEUED_TO_APPLY, [])
        to_deny = by_state.get(states.ACCESS_QUEUED_TO_DENY, [])
        db.access_rules_set_state(context, [r.id for r in to_apply],
                                  states.ACCESS_APPLYING)
        db.access_rules_set_state(context, [r.id for r in to_deny],
                                  states.ACCESS_DENYING)
        for rule in to_apply:
            rule.state = states.ACCESS_APPLYING
        for rule in to_deny:
            rule.state = states.ACCESS_DENYING

        applying = [r for r in rules if r.state == states.ACCESS_APPLYING]
        denying = [r for r in rules if r.state == states.ACCESS_DENYING]
        in_effect = [r for r in rules if r.state in _IN_EFFECT]
        try:
            result = self.driver.update_access(
                context, share_driver.share_dict(instance),
                [rule_dict(r) for r in in_effect],
                [rule_dict(r) for r in applying],
                [rule_dict(r) for r in denying])
        except Exception:
            LOG.exception('Driver failed to update access of share '
                          'instance %s; its pending rules are set to error.',
                          share_instance_id)
            db.access_rules_set_state(
                context, [r.id for r in applying + denying],
                states.ACCESS_ERROR)
            return self._set_status(context, share_instance_id,
                                    states.ACCESS_STATUS_ERROR)

        failed = {rule_id for rule_id, update in (result or {}).items()
                  if (update or {}).get('state') == states.ACCESS_ERROR}
        db.access_rules_set_state(
            context, [r.id for r in in_effect if r.id not in failed],
            states.ACCESS_ACTIVE)
        db.access_rules_set_state(context, sorted(failed),
                                  states.ACCESS_ERROR)
        for rule in denying:
            db.access_rule_delete(context, rule.id)
        has_error = failed or any(r.state == states.ACCESS_ERROR
                                  for r in rules)
        return self._set_status(
            context, share_instance_id,
            states.ACCESS_STATUS_ERROR if has_error
            else states.ACCESS_STATUS_ACTIVE)

    @staticmethod
    def _set_status(context, share_instance_id, status):
        if not db.share_instance_access_status_cas(
                context, share_instance_id, status, _WRITABLE_STATUSES):
            LOG.info('Share instance %s changed status meanwhile; its '
                     'access rules status is left as is.',
                     share_instance_id)
        return status
