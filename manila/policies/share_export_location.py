"""Policies of the export locations API.

The target is the project of the share.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_export_location:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List the export locations of a share.',
        operations=[{'method': 'GET',
                     'path': '/shares/{share_id}/export_locations'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Show one export location of a share.',
        operations=[{'method': 'GET',
                     'path': '/shares/{share_id}/export_locations/'
                             '{export_location_id}'}]),
]


def list_rules():
    return rules
