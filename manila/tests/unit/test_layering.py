"""Imports only run downwards: api -> services/share -> scheduler -> db ->
common. Within that, the controllers reach the database only through the
service layer, and policy is checked in the API layer only.

Read from the source (no module is imported), so a new upward import
fails here with the line that adds it.
"""

import ast
import pathlib

import testtools

import manila

# Highest first. A module may import its own layer and the ones below.
LAYERS = (
    ('manila.cmd', 'manila.wsgi', 'manila.service', 'manila.opts'),
    ('manila.api',),
    ('manila.services', 'manila.share'),
    ('manila.scheduler',),
    ('manila.db',),
    ('manila.common',),
    # What every layer may use: errors, translation, request context,
    # the messaging and policy plumbing.
    ('manila.exception', 'manila.i18n', 'manila.context', 'manila.rpc',
     'manila.local_rpc',
     'manila.policy', 'manila.policies'),
)
# Narrower rules: (modules, imports they may not make, why).
NOT_IMPORTED = (
    (('manila.api.v2', 'manila.api.views'), ('manila.db',),
     'controllers go through the service layer'),
    (('manila.services', 'manila.share'), ('manila.policy', 'manila.policies'),
     'policy is checked in the API layer'),
)
# The openstackclient plugin and SDK helpers are a client: they talk HTTP
# to the API and may only share its constants.
CLIENT = 'manila.osc'
CLIENT_MAY_IMPORT = ('manila.common', 'manila.i18n', CLIENT)

ROOT = pathlib.Path(manila.__file__).parent


def _layer(module):
    for rank, packages in enumerate(LAYERS):
        if any(module == p or module.startswith(p + '.') for p in packages):
            return rank
    return None


def _is(module, package):
    return module == package or module.startswith(package + '.')


def _imports(text, module, is_package=False):
    """(line, imported module) of every manila import in ``text``, the
    source of ``module``."""
    package = module if is_package else module.rpartition('.')[0]
    for node in ast.walk(ast.parse(text, module)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parent = package.split('.')
                parent = parent[:len(parent) - node.level + 1]
                base = '.'.join(parent + ([base] if base else []))
            names = [base + '.' + a.name for a in node.names]
        else:
            continue
        for name in names:
            if _is(name, 'manila') and name != 'manila':
                yield node.lineno, name


def check(module, text, is_package=False):
    """What is wrong with the imports of ``module`` (its source text)."""
    found = []
    client = _is(module, CLIENT)
    rank = _layer(module)
    for line, name in _imports(text, module, is_package):
        where = '%s:%d imports %s' % (module, line, name)
        if client:
            if not any(_is(name, p) for p in CLIENT_MAY_IMPORT):
                found.append(where + ' (a client talks HTTP to the API)')
        elif _is(name, CLIENT):
            found.append(where + ' (the client plugin)')
        elif rank is None:
            found.append('%s is in no layer; add it to LAYERS' % module)
        elif _layer(name) is None:
            found.append(where + ', which is in no layer; add it to LAYERS')
        elif _layer(name) < rank:
            found.append(where + ', a higher layer')
        else:
            found += [where + ' (%s)' % why
                      for modules, imports, why in NOT_IMPORTED
                      if any(_is(module, m) for m in modules) and
                      any(_is(name, i) for i in imports)]
    return found


def _modules():
    for path in sorted(ROOT.rglob('*.py')):
        parts = list(path.relative_to(ROOT.parent).with_suffix('').parts)
        if 'tests' in parts:
            continue
        is_package = parts[-1] == '__init__'
        if is_package:
            parts.pop()
        yield path, '.'.join(parts), is_package


class LayeringTestCase(testtools.TestCase):

    def test_imports_only_run_downwards(self):
        found = []
        for path, module, is_package in _modules():
            found += check(module, path.read_text(), is_package)
        self.assertEqual([], found)

    def test_upward_imports_are_found(self):
        self.assertEqual(
            ['manila.db.sqlalchemy.x:2 imports manila.share.states, a '
             'higher layer'],
            check('manila.db.sqlalchemy.x',
                  'import json\nfrom ...share import states\n'))
        self.assertEqual(
            ['manila.scheduler.placement:1 imports manila.services.api, '
             'a higher layer'],
            check('manila.scheduler.placement',
                  'from manila.services import api\n'))
        self.assertEqual(
            ['manila.osc.waiter:1 imports manila.db.api (a client talks '
             'HTTP to the API)'],
            check('manila.osc.waiter', 'from manila.db import api\n'))
        self.assertEqual(
            ['manila.newthing is in no layer; add it to LAYERS'],
            check('manila.newthing', 'import manila.common.states\n'))

    def test_controllers_reaching_the_database_are_found(self):
        self.assertEqual(
            ['manila.api.v2.shares:3 imports manila.db.api (controllers go '
             'through the service layer)'],
            check('manila.api.v2.shares',
                  'import webob\n\nfrom manila.db import api as db\n'))
        self.assertEqual(
            ['manila.api.views.x:1 imports manila.db.sqlalchemy.models '
             '(controllers go through the service layer)'],
            check('manila.api.views.x',
                  'from manila.db.sqlalchemy import models\n'))
        # The API server itself sets the database up.
        self.assertEqual([], check(
            'manila.api.server',
            'from manila.db.sqlalchemy import session\n'))

    def test_policy_below_the_api_is_found(self):
        self.assertEqual(
            ['manila.share.api:1 imports manila.policy (policy is checked '
             'in the API layer)'],
            check('manila.share.api', 'from manila import policy\n'))
        self.assertEqual(
            ['manila.services.api:1 imports manila.policies.shares (policy '
             'is checked in the API layer)'],
            check('manila.services.api',
                  'from manila.policies import shares\n'))
        self.assertEqual([], check(
            'manila.api.v2.messages', 'from manila import policy\n'))

    def test_downward_and_sideways_imports_pass(self):
        self.assertEqual([], check(
            'manila.services.api',
            'from manila.share import rpcapi\n'
            'from manila.common import services\n'
            'from manila.db import api\nfrom manila import exception\n'))
        self.assertEqual([], check('manila.share', 'from . import ensure\n',
                                   is_package=True))
