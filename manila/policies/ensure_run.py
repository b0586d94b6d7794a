"""Policies of the ensure-runs API: the record of ensure-shares runs.

Administrators only by default, like ensure itself: a run names backends
and the users who asked for it.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'ensure_run:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'get_all', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='List the ensure-shares runs, newest first, with '
                    'their progress and outcome.',
        operations=[{'method': 'GET', 'path': '/services/ensure-runs'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Show one ensure-shares run: its progress, counts and '
                    'error.',
        operations=[{'method': 'GET',
                     'path': '/services/ensure-runs/{run_id}'}]),
]


def list_rules():
    return rules
