"""Policies of the export locations API."""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_export_location:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.RULE_ADMIN_OR_OWNER,
        description='List the export locations of a share.',
        operations=[{'method': 'GET',
                     'path': '/shares/{share_id}/export_locations'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'show', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Show one export location of a share.',
        operations=[{'method': 'GET',
                     'path': '/shares/{share_id}/export_locations/'
                             '{export_location_id}'}]),
]


def list_rules():
    return rules
