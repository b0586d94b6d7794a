"""Policies of the share access rules API (microversion 2.45 and later).

The target is the project of the rule's share.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_access_rule:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Show one access rule.',
        operations=[{'method': 'GET',
                     'path': '/share-access-rules/{access_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List the access rules of a share.',
        operations=[{'method': 'GET',
                     'path': '/share-access-rules?share_id={share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'reset_status', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Set the state of an access rule, whatever it is '
                    '(the database only: the backend is not asked).',
        operations=[{'method': 'POST',
                     'path': '/share-access-rules/{access_id}/action'}]),
]


def list_rules():
    return rules
