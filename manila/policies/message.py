"""Policies of the user messages API."""

from oslo_policy import policy

from manila.policies import base

BASE = 'message:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'get_all', check_str=base.RULE_ANY,
        description='List the messages of the caller\'s project '
                    '(administrators: of every project).',
        operations=[{'method': 'GET', 'path': '/messages'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.RULE_ANY,
        description='Show a message of the caller\'s project.',
        operations=[{'method': 'GET', 'path': '/messages/{message_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.RULE_ANY,
        description='Delete a message of the caller\'s project.',
        operations=[{'method': 'DELETE',
                     'path': '/messages/{message_id}'}]),
]


def list_rules():
    return rules
