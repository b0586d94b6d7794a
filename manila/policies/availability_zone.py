"""Policies of the availability zones API."""

from oslo_policy import policy

from manila.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='availability_zone:index', check_str=base.RULE_ANY,
        description='List availability zones.',
        operations=[{'method': 'GET', 'path': '/availability-zones'}]),
]


def list_rules():
    return rules
