"""Policies of the share types API."""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_type:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.RULE_ANY,
        description='List share types.',
        operations=[{'method': 'GET', 'path': '/types'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show', check_str=base.RULE_ANY,
        description='Show a share type (also /types/default).',
        operations=[{'method': 'GET', 'path': '/types/{share_type_id}'},
                    {'method': 'GET', 'path': '/types/default'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'create', check_str=base.RULE_ADMIN_API,
        description='Create a share type.',
        operations=[{'method': 'POST', 'path': '/types'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.RULE_ADMIN_API,
        description='Delete a share type no share uses.',
        operations=[{'method': 'DELETE',
                     'path': '/types/{share_type_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show_backend_specs', check_str=base.RULE_ADMIN_API,
        description='See extra specs that name backends '
                    '(share_backend_name); others see only the specs '
                    'users may rely on.',
        operations=[{'method': 'GET', 'path': '/types/{share_type_id}'}]),
]


def list_rules():
    return rules
