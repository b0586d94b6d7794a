"""The policy defaults in Horizon's format, for the dashboard plugin.

Horizon checks a panel's or an action's ``policy_rules`` with oslo.policy
against the defaults listed in ``DEFAULT_POLICY_FILES[service]``: a YAML
list of rules (name, check_str, description, scope_types, operations).
``tools/gen-samples.sh`` writes ours to
``manila_ensure_dashboard/conf/default_policies/manila.yaml``, so the
dashboard allows exactly what this service's defaults allow; a unit test
checks the committed file is current.

Run as ``python -m manila.policies.horizon OUTPUT_FILE``.
"""

import sys

import yaml

from manila import policies

HEADER = ('# Generated from manila.policies by tools/gen-samples.sh; do not '
          'edit.\n')


def rule_dicts():
    """Every default rule as Horizon's openstack_auth.policy reads it."""
    items = []
    for rule in policies.list_rules():
        items.append({
            'name': rule.name,
            'check_str': rule.check_str,
            'description': rule.description,
            'scope_types': list(rule.scope_types or []),
            'operations': list(getattr(rule, 'operations', None) or []),
        })
    return sorted(items, key=lambda item: item['name'])


def render():
    return HEADER + yaml.safe_dump(rule_dicts(), default_flow_style=False,
                                   sort_keys=True, width=79)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit('usage: python -m manila.policies.horizon OUTPUT_FILE')
    with open(argv[0], 'w', encoding='utf-8') as f:
        f.write(render())


if __name__ == '__main__':
    main()
