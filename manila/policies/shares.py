"""Policies of the shares API.

The target of a rule on an existing share is the share's project. A
caller whom ``share:get`` refuses gets 404 for the share and everything
under it (export locations, access rules, metadata, actions), as if it did
not exist; a caller who may read the share but not change it gets 403.
``create`` and the list rules have the caller's own project as target.
"""

from oslo_policy import policy

from manila.policies import base

BASE = 'share:%s'

ACTION = [{'method': 'POST', 'path': '/shares/{share_id}/action'}]

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'create', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Create a share in the caller\'s project.',
        operations=[{'method': 'POST', 'path': '/shares'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'create_public_share', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Create a public share: one every project can see '
                    'and mount (is_public=true).',
        operations=[{'method': 'POST', 'path': '/shares'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'set_public_share', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Make an existing share public (is_public=true).',
        operations=[{'method': 'PUT', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Show a share. A public share of another project: '
                    'whoever this rule allows in their own project.',
        operations=[{'method': 'GET', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get_all', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List shares (the caller\'s project, and public '
                    'shares).',
        operations=[{'method': 'GET', 'path': '/shares'},
                    {'method': 'GET', 'path': '/shares/detail'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'list_all_projects', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='List the shares of every project (all_tenants=1).',
        operations=[{'method': 'GET', 'path': '/shares?all_tenants=1'},
                    {'method': 'GET',
                     'path': '/shares/detail?all_tenants=1'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'update', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Rename a share, change its description or its '
                    'visibility.',
        operations=[{'method': 'PUT', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Delete a share.',
        operations=[{'method': 'DELETE', 'path': '/shares/{share_id}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'get_share_metadata',
        check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='Read the metadata of a share.',
        operations=[{'method': 'GET', 'path': '/shares/{share_id}/metadata'},
                    {'method': 'GET',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'update_share_metadata',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Set metadata keys of a share.',
        operations=[{'method': 'POST',
                     'path': '/shares/{share_id}/metadata'},
                    {'method': 'PUT', 'path': '/shares/{share_id}/metadata'},
                    {'method': 'PUT',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'delete_share_metadata',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Remove a metadata key of a share.',
        operations=[{'method': 'DELETE',
                     'path': '/shares/{share_id}/metadata/{key}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'reset_task_state', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Clear the task state of a share. A request that '
                    'changes nothing needs only share:update.',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'reset_status', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Set the status of a share, whatever it is (the '
                    'database only: the backend is not asked).',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'force_delete', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Delete a share whatever its status; its rows go even '
                    'when the driver fails.',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'allow_access', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Grant access to a share.',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'deny_access', check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=base.PROJECT_SCOPE,
        description='Revoke access to a share.',
        operations=ACTION),
    policy.DocumentedRuleDefault(
        name=BASE % 'access_get_all', check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=base.PROJECT_SCOPE,
        description='List the access rules of a share.',
        operations=ACTION + [
            {'method': 'GET',
             'path': '/share-access-rules?share_id={share_id}'}]),
]


def list_rules():
    return rules
