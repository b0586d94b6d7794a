"""Policies of the share instances API (microversion 2.3 and later).

Where a share lives and what state its backend left it in: for
administrators. Rules are checked before the instance is looked up, so
the target is the caller's own project.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_instance:%s'

ACTION = [{'method': 'POST', 'path': '/share_instances/{instance_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='List share instances (of all shares, or of one).',
        operations=[{'method': 'GET', 'path': '/share_instances'},
                    {'method': 'GET',
                     'path': '/shares/{share_id}/instances'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Show a share instance and its export locations.',
        operations=[{'method': 'GET',
                     'path': '/share_instances/{instance_id}'},
                    {'method': 'GET',
                     'path': '/share_instances/{instance_id}/'
                             'export_locations'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'reset_status', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Set the status of a share instance, whatever it is '
                    '(the database only: the backend is not asked).',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'force_delete', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Delete a share instance (and its share) whatever its '
                    'status.',
        operations=ACTION),
]


def list_rules():
    return rules
