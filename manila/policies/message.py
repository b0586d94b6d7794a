"""Policies of the user messages API.

The target of ``get`` and ``delete`` is the message's project; a caller
who may not read a message gets 404, as if it did not exist.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'message:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'get_all', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List the messages of the caller\'s project '
                    '(administrators: of every project).',
        operations=[{'method': 'GET', 'path': '/messages'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Show a message.',
        operations=[{'method': 'GET', 'path': '/messages/{message_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Delete a message.',
        operations=[{'method': 'DELETE',
                     'path': '/messages/{message_id}'}]),
]


def list_rules():
    return rules
