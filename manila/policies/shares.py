"""Policies of the shares API."""

from oslo_policy import policy

from manila.policies import base

BASE = 'share:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'create', check_str=base.RULE_ANY,
        description='Create a share in the caller\'s project.',
        operations=[{'method': 'POST', 'path': '/shares'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Show a share.',
        operations=[{'method': 'GET', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get_all', check_str=base.RULE_ANY,
        description='List shares (the caller\'s project, and public '
                    'shares).',
        operations=[{'method': 'GET', 'path': '/shares'},
                    {'method': 'GET', 'path': '/shares/detail'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'list_all_projects', check_str=base.RULE_ADMIN_API,
        description='List the shares of every project (all_tenants=1).',
        operations=[{'method': 'GET', 'path': '/shares?all_tenants=1'},
                    {'method': 'GET',
                     'path': '/shares/detail?all_tenants=1'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'update', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Rename a share or change its description.',
        operations=[{'method': 'PUT', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Delete a share.',
        operations=[{'method': 'DELETE', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get_share_metadata', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Read the metadata of a share.',
        operations=[{'method': 'GET', 'path': '/shares/{share_id}/metadata'},
                    {'method': 'GET',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'update_share_metadata',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description='Set metadata keys of a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/metadata'},
                    {'method': 'PUT', 'path': '/shares/{share_id}/metadata'},
                    {'method': 'PUT',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete_share_metadata',
        check_str=base.RULE_ADMIN_OR_OWNER,
        description='Remove a metadata key of a share.',
        operations=[{'method': 'DELETE',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'reset_task_state', check_str=base.RULE_ADMIN_API,
        description='Clear the task state of a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/action'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'allow_access', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Grant access to a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/action'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'deny_access', check_str=base.RULE_ADMIN_OR_OWNER,
        description='Revoke access to a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/action'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'access_get_all', check_str=base.RULE_ADMIN_OR_OWNER,
        description='List the access rules of a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/action'},
                    {'method': 'GET',
                     'path': '/share-access-rules?share_id={share_id}'}]),
]


def list_rules():
    return rules
