"""Policies of the share types API.

Share types belong to no project: reading them needs the reader role in
the caller's own project, changing them is for administrators.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_type:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List share types (private ones: administrators '
                    'only).',
        operations=[{'method': 'GET', 'path': '/types'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Show a share type (also /types/default).',
        operations=[{'method': 'GET', 'path': '/types/{share_type_id}'},
                    {'method': 'GET', 'path': '/types/default'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'create', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Create a share type.',
        operations=[{'method': 'POST', 'path': '/types'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Delete a share type no share uses.',
        operations=[{'method': 'DELETE',
                     'path': '/types/{share_type_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show_backend_specs', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='See extra specs that name backends '
                    '(share_backend_name); others see only the specs '
                    'users may rely on.',
        operations=[{'method': 'GET', 'path': '/types/{share_type_id}'}]),
]


def list_rules():
    return rules
