"""Policies of the services API (manila-share backends)."""

from oslo_policy import policy

from manila.policies import base

BASE = 'service:%s'

rules = [
    policy.DocumentedRuleDefault(
        name=BASE % 'index', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='List the services and their state.',
        operations=[{'method': 'GET', 'path': '/services'},
                    {'method': 'GET', 'path': '/os-services'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'update', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Enable or disable a service.',
        operations=[{'method': 'PUT', 'path': '/services/{enable|disable}'},
                    {'method': 'PUT',
                     'path': '/os-services/{enable|disable}'}]),
    policy.DocumentedRuleDefault(
        name=BASE % 'ensure_shares', check_str=base.ADMIN,
        scope_types=base.PROJECT_SCOPE,
        description='Make one backend re-check all of its shares '
                    '(ensure shares), live.',
        operations=[{'method': 'POST', 'path': '/services/ensure'},
                    {'method': 'POST', 'path': '/services/ensure-shares'},
                    {'method': 'POST', 'path': '/services/ensure_shares'}]),
]


def list_rules():
    return rules
