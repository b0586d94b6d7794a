"""The OpenAPI 3.1 description of the v2 API, built from the code.

Paths and microversion ranges come from the router and the controllers
(manila/api/v2), request bodies from manila/api/schemas, responses from
:mod:`manila.api.openapi.responses`, and what the code cannot tell (a
summary, the query parameters, the statuses) from
:mod:`manila.api.openapi.operations`. ``tools/gen-openapi.py`` writes the
document to doc/source/api-ref/openapi.json.
"""

import copy
import json
import re

from manila.api.openapi import operations
from manila.api.openapi import responses
from manila.api.openstack import api_version
from manila.api.v2 import router as v2_router

PROJECT_PREFIX = '/{project_id}'
LEGACY_HEADER = api_version.LEGACY_HEADER
STANDARD_HEADER = api_version.STANDARD_HEADER

# Every operation may answer these; requests with a body also these.
COMMON_ERRORS = (400, 401, 403, 404, 406)
BODY_ERRORS = (413, 415)

_REASONS = {
    400: 'Malformed request: a body, a parameter or the version header.',
    401: 'No valid Keystone token (auth_strategy = keystone).',
    403: 'The policy refuses the caller.',
    404: 'No such resource for the caller, or not at this microversion.',
    406: 'The requested microversion is outside the supported range.',
    409: 'The resource is in a state that forbids the request.',
    413: 'The request body is too large.',
    415: 'The body is not JSON.',
    503: 'The message broker is unreachable; nothing was changed.',
}


class UndescribedRoute(Exception):
    """A route or a share action has no entry in operations.py."""


def routes(router=None):
    """[(method, path, controller, action)] of the router, each path once
    (without the ``/{project_id}`` prefix)."""
    router = router or v2_router.APIRouter()
    found = {}
    for route in router.mapper.matchlist:
        path = route.routepath
        if path.startswith(PROJECT_PREFIX + '/'):
            path = path[len(PROJECT_PREFIX):]
        for method in route.conditions['method']:
            found[(method, path)] = (
                route.defaults['controller'].controller,
                route.defaults['action'])
    return [(m, p, c, a) for (m, p), (c, a) in sorted(found.items())]


def version_range(func):
    """(min, max) microversions of a controller method."""
    return (getattr(func, 'min_version', None) or api_version.MIN_VERSION,
            getattr(func, 'max_version', None) or api_version.MAX_VERSION)


def _minors(low, high):
    """A regex of the whole numbers low..high (0 <= low <= high < 100)."""
    parts = []
    for tens in range(low // 10, high // 10 + 1):
        first = max(low, tens * 10) % 10
        last = min(high, tens * 10 + 9) % 10
        digits = ('%d' % first if first == last
                  else '[%d-%d]' % (first, last))
        parts.append(digits if tens == 0 else '%d%s' % (tens, digits))
    return '|'.join(parts)


def _version_headers(low, high):
    low, high = api_version.APIVersion(low), api_version.APIVersion(high)
    if low.major != 2 or high.major != 2 or high.minor > 99:
        raise ValueError('only microversions 2.0 to 2.99 are described')
    choices = r'2\.(%s)' % _minors(low.minor, high.minor)
    text = 'Microversion, %s to %s.' % (low, high)
    return [
        {'name': LEGACY_HEADER, 'in': 'header', 'required': False,
         'description': text + ' Without a header: 2.0.',
         'schema': {'type': 'string', 'pattern': '^(%s)$' % choices}},
        {'name': STANDARD_HEADER, 'in': 'header', 'required': False,
         'description': text + ' Wins over %s.' % LEGACY_HEADER,
         'schema': {'type': 'string', 'pattern': '^%s (%s)$' % (
             api_version.SERVICE_TYPE, choices)}},
    ]


def _schema(schema):
    """A request schema of manila/api/schemas as OpenAPI 3.1 has it: our
    own error wording becomes the description."""
    if isinstance(schema, dict):
        out = {k: _schema(v) for k, v in schema.items()
               if k != 'description_on_error'}
        if 'description_on_error' in schema and 'description' not in out:
            out['description'] = schema['description_on_error'].capitalize()
        return out
    if isinstance(schema, list):
        return [_schema(v) for v in schema]
    return copy.deepcopy(schema)


def _json_content(schema):
    return {'application/json': {'schema': schema}}


def _ref(name):
    return {'$ref': '#/components/schemas/%s' % name}


def _success(status, response):
    answer = {'description': 'Success.',
              'headers': {LEGACY_HEADER: {'$ref': '#/components/headers/'
                                                  'LegacyVersion'},
                          STANDARD_HEADER: {'$ref': '#/components/headers/'
                                                    'StandardVersion'}}}
    if response:
        answer['content'] = _json_content(_ref(response))
    return {str(status): answer}


def _action_operation(controller, path):
    """POST .../action: one body and one answer an action of the
    controller (operations.ACTIONS[path] describes them)."""
    described = operations.ACTIONS[path]
    handlers = controller._actions()
    missing = sorted(set(handlers) - set(described))
    if missing:
        raise UndescribedRoute('actions of %s without a description in '
                               'manila/api/openapi/operations.py: %s'
                               % (path, ', '.join(missing)))
    bodies, answers = [], {}
    for name, action in sorted(described.items()):
        if name not in handlers:
            raise UndescribedRoute('operations.py describes an action of '
                                   '%s that does not exist: %s'
                                   % (path, name))
        low, high = version_range(handlers[name])
        body = _schema(action.schema)
        body['title'] = name
        body['description'] = '%s (microversions %s to %s)' % (
            action.summary, low, high)
        body['x-openstack'] = {'action-name': name, 'min-ver': low,
                               'max-ver': high}
        bodies.append(body)
        answers.setdefault(action.status, set()).add(action.response)
    result = {}
    for status, names in sorted(answers.items()):
        names = sorted(n for n in names if n)
        answer = _success(status, None)[str(status)]
        if names:
            answer['content'] = _json_content(
                {'oneOf': [_ref(n) for n in names]} if len(names) > 1
                else _ref(names[0]))
        result[str(status)] = answer
    return {'oneOf': bodies}, result


def _operation(method, path, controller, action):
    entry = operations.OPERATIONS[(method, path)]
    func = getattr(controller, action)
    low, high = version_range(func)
    parameters = [
        {'name': name, 'in': 'path', 'required': True,
         'schema': entry.path.get(name, {'type': 'string', 'minLength': 1})}
        for name in re.findall(r'{(\w+)}', path)]
    for query in entry.query:
        param = {'name': query.name, 'in': 'query',
                 'required': query.required, 'schema': dict(query.schema)}
        description = query.description
        if query.min_version:
            description = ('%s (%s and later)' % (
                description, query.min_version)).strip()
            param['x-openstack'] = {'min-ver': query.min_version}
        if description:
            param['description'] = description
        parameters.append(param)
    parameters += _version_headers(low, high)
    result = {
        'tags': [entry.tag],
        'summary': entry.summary,
        'operationId': '%s_%s' % (method.lower(), re.sub(
            r'[^A-Za-z0-9]+', '_', path).strip('_') or 'version'),
        'parameters': parameters,
        'x-openstack': {'min-ver': low, 'max-ver': high},
    }
    errors = COMMON_ERRORS + entry.errors
    if path.endswith('/action'):
        body, answers = _action_operation(controller, path)
        result['requestBody'] = {'required': True,
                                 'content': _json_content(body)}
        result['responses'] = answers
        errors += BODY_ERRORS
    else:
        result['responses'] = _success(entry.status, entry.response)
        headers = result['responses'][str(entry.status)]['headers']
        for header, component in sorted(entry.headers.items()):
            headers[header] = {'$ref': '#/components/headers/%s'
                                       % component}
        if entry.body is not None:
            result['requestBody'] = {
                'required': True,
                'content': _json_content(_schema(entry.body))}
            errors += BODY_ERRORS
    for status in sorted(set(errors)):
        result['responses'][str(status)] = {
            '$ref': '#/components/responses/Fault%d' % status}
    return result


def build(router=None):
    """The OpenAPI 3.1 document as a dict; raises UndescribedRoute."""
    found = routes(router)
    missing = [(m, p) for m, p, _c, _a in found
               if (m, p) not in operations.OPERATIONS]
    if missing:
        raise UndescribedRoute(
            'routes without a description in manila/api/openapi/'
            'operations.py: %s' % ', '.join('%s %s' % r for r in missing))
    stale = sorted(set(operations.OPERATIONS) -
                   {(m, p) for m, p, _c, _a in found})
    if stale:
        raise UndescribedRoute(
            'operations.py describes routes that do not exist: %s'
            % ', '.join('%s %s' % r for r in stale))
    paths = {}
    for method, path, controller, action in found:
        paths.setdefault(path, {})[method.lower()] = _operation(
            method, path, controller, action)
    errors = set(COMMON_ERRORS + BODY_ERRORS)
    for entry in operations.OPERATIONS.values():
        errors.update(entry.errors)
    return {
        'openapi': '3.1.0',
        'info': {
            'title': 'Shared File Systems API v2 (manila-ensure)',
            'version': api_version.MAX_VERSION,
            'description': (
                'Every path also exists under /v2/{project_id}/ (the '
                "project must be the caller's). Microversions %s to %s; "
                'the x-openstack extension names the range of each '
                'operation, field and action.' % (
                    api_version.MIN_VERSION, api_version.MAX_VERSION)),
        },
        'servers': [
            {'url': '/v2'},
            {'url': '/v2/{project_id}',
             'variables': {'project_id': {
                 'default': 'admin', 'description': "The caller's "
                                                    'project.'}}},
        ],
        'tags': [{'name': name} for name in sorted(
            {e.tag for e in operations.OPERATIONS.values()})],
        'paths': paths,
        'components': {
            'schemas': copy.deepcopy(responses.SCHEMAS),
            'responses': {
                'Fault%d' % status: {
                    'description': _REASONS[status],
                    # keystonemiddleware words its own 401.
                    'content': _json_content(
                        {'type': 'object'} if status == 401
                        else _ref('Fault'))}
                for status in sorted(errors)},
            'headers': {
                'EnsureRunLocation': {
                    'description': 'The URL of the ensure run this request '
                                   'started (GET it for its progress and '
                                   'outcome).',
                    'required': True,
                    'schema': {'type': 'string', 'format': 'uri'}},
                'LegacyVersion': {
                    'description': 'The microversion that answered.',
                    'schema': {'type': 'string'}},
                'StandardVersion': {
                    'description': 'The microversion that answered, as '
                                   "'shared-file-system X.Y'.",
                    'schema': {'type': 'string'}},
            },
        },
    }


def dumps(document):
    """The document as the committed file holds it."""
    return json.dumps(document, indent=2, sort_keys=True) + '\n'
