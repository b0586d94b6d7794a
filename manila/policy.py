"""Policy enforcement (oslo.policy) with the defaults of manila.policies.

An operator overrides a rule in the policy file ([oslo_policy]
policy_file); every rule not overridden keeps its default in code.
"""

import threading

from oslo_config import cfg
from oslo_policy import opts as policy_opts
from oslo_policy import policy as oslo_policy

from manila import exception
from manila import policies

CONF = cfg.CONF
# Registers [oslo_policy] now, so the policy file can be set before the
# first check.
policy_opts.set_defaults(CONF, 'policy.yaml')

_ENFORCER = None
_LOCK = threading.Lock()


def reset():
    """Forget the enforcer (tests, and after the policy file changed)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def init(conf=CONF):
    """The process's enforcer, created with the default rules on first use."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is None:
            enforcer = oslo_policy.Enforcer(conf)
            enforcer.register_defaults(policies.list_rules())
            _ENFORCER = enforcer
        return _ENFORCER


def get_enforcer():
    """Entry point for oslopolicy-* tools (oslo.policy.enforcer)."""
    CONF([], project='manila')
    return init()


def authorize(context, action, target=None, do_raise=True):
    """Check ``action`` for ``context``; raise PolicyNotAuthorized (403).

    ``target`` defaults to the caller's own project and user: what the
    project personas (``project_id:%(project_id)s``) compare against for
    actions that touch no existing resource, such as create and list.
    A token whose scope the rule does not accept (a system-scoped one
    for the project-scoped defaults) is not allowed either.
    """
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    enforcer = init()
    try:
        allowed = enforcer.authorize(action, target, _credentials(context),
                                     do_raise=False)
    except oslo_policy.InvalidScope:
        allowed = False
    if not allowed and do_raise:
        rule = enforcer.rules.get(action)
        raise exception.PolicyNotAuthorized(
            action=action, rule=str(rule) if rule is not None else '?')
    return allowed


def _credentials(context):
    # oslo.context leaves is_admin out of the policy values; rules an
    # operator writes as "is_admin:True" need it.
    credentials = dict(context.to_policy_values())
    credentials['is_admin'] = bool(context.is_admin)
    return credentials


def check_is_admin(context):
    """Whether the caller's roles make them an administrator."""
    credentials = _credentials(context)
    return init().authorize('context_is_admin', credentials, credentials)
