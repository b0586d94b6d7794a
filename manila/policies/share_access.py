"""Policies of the share access rules API (microversion 2.45 and later)."""

from oslo_policy import policy

from manila.policies import base

BASE = 'share_access_rule:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Show one access rule.',
        operations=[{'method': 'GET',
                     'path': '/share-access-rules/{access_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.RULE_ADMIN_OR_OWNER,
        description='List the access rules of a share.',
        operations=[{'method': 'GET',
                     'path': '/share-access-rules?share_id={share_id}'}]),
]


def list_rules():
    return rules
