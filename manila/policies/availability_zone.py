"""Policies of the availability zones API."""

from oslo_policy import policy

from manila.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='availability_zone:index',
        check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List availability zones.',
        operations=[{'method': 'GET', 'path': '/availability-zones'},
                    {'method': 'GET', 'path': '/os-availability-zone'}]),
]


def list_rules():
    return rules
