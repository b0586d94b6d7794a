"""What each route of manila/api/v2/router.py does, for the OpenAPI document.

One entry a (method, path) of the router, the path without the optional
``/{project_id}`` prefix, and one a share action. The microversion range
of each operation is not repeated here: the builder reads it from the
controller method the router calls. A route or an action without an entry
here fails ``manila/tests/unit/api/test_openapi.py``.
"""

import collections

from manila.api.schemas import admin_actions
from manila.api.schemas import services as service_schemas
from manila.api.schemas import share_types as type_schemas
from manila.api.schemas import shares as share_schemas
from manila.api.schemas import types
from manila.common import states

Operation = collections.namedtuple('Operation', [
    'tag', 'summary', 'status', 'response', 'body', 'query', 'errors',
    'path', 'headers'])
Action = collections.namedtuple('Action', [
    'schema', 'status', 'response', 'summary'])
Query = collections.namedtuple('Query', [
    'name', 'schema', 'description', 'min_version', 'required'])


def op(tag, summary, status=200, response=None, body=None, query=(),
       errors=(), path=None, headers=()):
    """An operation: ``response`` names a schema of responses.SCHEMAS
    (None: no body); ``errors`` are statuses beyond the common ones;
    ``path`` maps path parameters to schemas (default: any string);
    ``headers`` maps headers of the success answer to the names of
    components/headers in the document."""
    return Operation(tag, summary, status, response, body, tuple(query),
                     tuple(errors), dict(path or {}), dict(headers))


def q(name, schema=None, description='', min_version=None, required=False):
    return Query(name, schema or _TEXT, description, min_version, required)


_TEXT = {'type': 'string', 'maxLength': 255}
_WHOLE = {'type': 'integer', 'minimum': 0, 'maximum': types.DB_INT_MAX}
_BOOL = {'type': 'string',
         'enum': ['true', 'false', 'True', 'False', '1', '0', 'yes', 'no',
                  'on', 'off']}
_DIR = {'type': 'string', 'enum': ['asc', 'desc']}
_DICT = {'type': 'string', 'maxLength': 1023,
         'description': "A Python dict literal, e.g. {'key': 'value'}, as "
                        'python-manilaclient sends it.'}
_TIME = {'type': 'string', 'maxLength': 64,
         'description': 'ISO 8601 time, e.g. 2026-01-31T12:00:00Z.'}

_PAGING = (q('limit', _WHOLE, 'At most this many items.'),
           q('offset', _WHOLE, 'Skip this many items first.'))

_SHARE_FILTERS = (
    q('all_tenants', _BOOL, "Administrators: every project's shares."),
    q('is_public', _BOOL, 'Also the public shares of other projects.'),
    q('name'), q('display_name'), q('description'), q('status'),
    q('host'), q('share_type_id'), q('share_type'), q('share_proto'),
    q('project_id'), q('availability_zone'),
    q('is_soft_deleted', _BOOL, min_version='2.69'),
    q('export_location_id', min_version='2.35'),
    q('export_location_path', min_version='2.35'),
    q('metadata', _DICT, 'Shares with all of these metadata items.'),
    q('name~', description='Case-insensitive part of the name.',
      min_version='2.36'),
    q('description~', description='Case-insensitive part of the '
      'description.', min_version='2.36'),
    q('sort_key', {'type': 'string', 'enum': [
        'created_at', 'updated_at', 'id', 'size', 'display_name', 'name',
        'share_proto', 'availability_zone', 'share_type_id', 'project_id',
        'is_public']}),
    q('sort_dir', _DIR),
    q('with_count', _BOOL, 'Add the number of shares listed.',
      min_version='2.42'),
) + _PAGING

_SERVICE_FILTERS = (
    q('host'), q('binary'), q('zone'),
    q('state', {'type': 'string', 'enum': ['up', 'down']}),
    q('status', {'type': 'string', 'enum': ['enabled', 'disabled']}),
    q('ensuring', _BOOL, min_version='2.93'),
)

_MESSAGE_FILTERS = (
    q('resource_type'), q('resource_id'), q('action_id'), q('detail_id'),
    q('request_id'), q('message_level'),
    q('created_since', _TIME, min_version='2.52'),
    q('created_before', _TIME, min_version='2.52'),
    q('sort_key', {'type': 'string', 'enum': [
        'created_at', 'id', 'resource_type', 'resource_id', 'action_id',
        'detail_id', 'message_level', 'expires_at', 'request_id']}),
    q('sort_dir', _DIR),
) + _PAGING

_ACCESS_FILTERS = (
    q('share_id', description='The share whose rules to list.',
      required=True),
    q('access_type', min_version='2.82'), q('access_to', min_version='2.82'),
    q('access_level', min_version='2.82'),
    q('access_key', min_version='2.82'),
    q('metadata', _DICT, 'Rules with all of these metadata items.'),
)

# Conflicts (409) and an unreachable message broker (503).
_CHANGES = (409,)
_CASTS = (409, 503)

SERVICES = 'services'
SHARES = 'shares'
METADATA = 'share metadata'
EXPORTS = 'export locations'
ACCESS = 'access rules'
TYPES = 'share types'
MESSAGES = 'user messages'
ZONES = 'availability zones'
LIMITS = 'limits'
ABSENT = 'absent resources'
_ABSENT = ('Always an empty list: the service has no %s (dashboards such '
           'as manila-ui list them on every page).')
VERSIONS = 'versions'
INSTANCES = 'share instances'

_ENSURE = op(SERVICES, 'Re-check every share of one backend (ensure '
             'shares), live: the run goes on after the 202, whose '
             'Location header names the ensure run to follow.', 202,
             body=service_schemas.ensure_shares, errors=_CASTS,
             headers={'Location': 'EnsureRunLocation'})
_UPDATE_SERVICE = op(SERVICES, 'Enable or disable a service ({id} is '
                     "'enable' or 'disable').", response='ServiceUpdated',
                     body=service_schemas.enable_disable,
                     path={'id': {'type': 'string',
                                  'enum': ['enable', 'disable']}})

OPERATIONS = {
    ('GET', '/'): op(VERSIONS, 'This version of the API.',
                     response='Versions'),

    ('GET', '/services'): op(SERVICES, 'List the services.',
                             response='Services', query=_SERVICE_FILTERS),
    ('GET', '/os-services'): op(SERVICES, 'List the services (before '
                                '/services).', response='Services',
                                query=_SERVICE_FILTERS),
    ('GET', '/services/ensure-runs'): op(
        SERVICES, 'List ensure runs, newest first.', response='EnsureRuns',
        query=(q('host'), q('status', {'type': 'string', 'enum': [
            'running', 'succeeded', 'failed', 'interrupted']}),
               q('limit', _WHOLE, 'At most this many runs (1 to 1000).'),
               q('marker', _WHOLE, 'The id of the last run of the '
                 'previous page.'))),
    ('GET', '/services/ensure-runs/{id}'): op(
        SERVICES, 'Show one ensure run.', response='EnsureRun',
        path={'id': dict(_WHOLE, minimum=1)}),
    ('PUT', '/services/{id}'): _UPDATE_SERVICE,
    ('PUT', '/os-services/{id}'): _UPDATE_SERVICE,
    ('POST', '/services/ensure'): _ENSURE,
    ('POST', '/services/ensure-shares'): _ENSURE,
    ('POST', '/services/ensure_shares'): _ENSURE,

    ('GET', '/shares'): op(SHARES, 'List shares (ids and names).',
                           response='Shares', query=_SHARE_FILTERS),
    ('GET', '/shares/detail'): op(SHARES, 'List shares with details.',
                                  response='SharesDetail',
                                  query=_SHARE_FILTERS),
    ('POST', '/shares'): op(SHARES, 'Create a share; it is placed on a '
                            'backend and becomes available.',
                            response='Share', body=share_schemas.create,
                            errors=_CASTS),
    ('GET', '/shares/{id}'): op(SHARES, 'Show a share.', response='Share'),
    ('PUT', '/shares/{id}'): op(SHARES, 'Rename a share, change its '
                                'description or visibility.',
                                response='Share', body=share_schemas.update,
                                errors=_CHANGES),
    ('DELETE', '/shares/{id}'): op(SHARES, 'Delete a share.', 202,
                                   errors=_CASTS),
    ('POST', '/shares/{id}/action'): op(
        SHARES, 'One action on a share, named by the body\'s only key.',
        errors=_CASTS),

    ('GET', '/shares/{share_id}/metadata'): op(
        METADATA, 'All metadata of a share.', response='Metadata'),
    ('POST', '/shares/{share_id}/metadata'): op(
        METADATA, 'Add or change metadata items, keep the others.',
        response='Metadata', body=share_schemas.metadata, errors=_CHANGES),
    ('PUT', '/shares/{share_id}/metadata'): op(
        METADATA, 'Replace all metadata of a share.', response='Metadata',
        body=share_schemas.metadata, errors=_CHANGES),
    ('GET', '/shares/{share_id}/metadata/{key}'): op(
        METADATA, 'One metadata item.', response='MetadataItem'),
    ('PUT', '/shares/{share_id}/metadata/{key}'): op(
        METADATA, 'Set one metadata item.', response='MetadataItem',
        body=share_schemas.meta_item, errors=_CHANGES),
    ('DELETE', '/shares/{share_id}/metadata/{key}'): op(
        METADATA, 'Delete one metadata item.', errors=_CHANGES),

    ('GET', '/shares/{share_id}/export_locations'): op(
        EXPORTS, 'The export locations of a share.',
        response='ExportLocations'),
    ('GET', '/shares/{share_id}/export_locations/{export_location_id}'): op(
        EXPORTS, 'One export location of a share.',
        response='ExportLocation'),

    ('GET', '/share-access-rules'): op(
        ACCESS, 'The access rules of a share.', response='AccessList',
        query=_ACCESS_FILTERS),
    ('GET', '/share-access-rules/{id}'): op(
        ACCESS, 'One access rule.', response='Access'),
    ('POST', '/share-access-rules/{id}/action'): op(
        ACCESS, 'One administrator\'s action on an access rule, named by '
        'the body\'s only key.'),

    ('GET', '/share_instances'): op(
        INSTANCES, 'List share instances (administrators).',
        response='ShareInstances',
        query=(q('export_location_id', min_version='2.35'),
               q('export_location_path', min_version='2.35'))),
    ('GET', '/share_instances/{id}'): op(
        INSTANCES, 'Show a share instance (administrators).',
        response='ShareInstance'),
    ('GET', '/share_instances/{id}/export_locations'): op(
        INSTANCES, 'The export locations of a share instance '
        '(administrators).', response='ExportLocations'),
    ('GET', '/shares/{share_id}/instances'): op(
        INSTANCES, 'The instances of a share (administrators).',
        response='ShareInstances'),
    ('POST', '/share_instances/{id}/action'): op(
        INSTANCES, 'One administrator\'s action on a share instance, named '
        'by the body\'s only key.', errors=_CASTS),

    ('GET', '/types'): op(TYPES, 'List share types.', response='ShareTypes',
                          query=(q('extra_specs', _DICT, 'Types with these '
                                   'extra specs.', min_version='2.43'),)),
    ('POST', '/types'): op(TYPES, 'Create a share type.',
                           response='ShareType', body=type_schemas.create,
                           errors=_CHANGES),
    ('GET', '/types/default'): op(TYPES, 'The default share type.',
                                  response='ShareType'),
    ('GET', '/types/{id}'): op(TYPES, 'Show a share type (id or name).',
                               response='ShareType'),
    ('DELETE', '/types/{id}'): op(TYPES, 'Delete a share type no share '
                                  'uses.', 202, errors=_CHANGES),

    ('GET', '/messages'): op(MESSAGES, 'List user messages.',
                             response='Messages', query=_MESSAGE_FILTERS),
    ('GET', '/messages/{id}'): op(MESSAGES, 'Show a user message.',
                                  response='Message'),
    ('DELETE', '/messages/{id}'): op(MESSAGES, 'Delete a user message.',
                                     204),

    ('GET', '/availability-zones'): op(
        ZONES, 'List availability zones.', response='AvailabilityZones'),
    ('GET', '/os-availability-zone'): op(
        ZONES, 'List availability zones (before /availability-zones).',
        response='AvailabilityZones'),

    ('GET', '/limits'): op(
        LIMITS, "What the caller's project uses; no quota (-1).",
        response='Limits'),
    ('GET', '/share-networks'): op(
        ABSENT, _ABSENT % 'share networks', response='ShareNetworks'),
    ('GET', '/share-networks/detail'): op(
        ABSENT, _ABSENT % 'share networks', response='ShareNetworks'),
    ('GET', '/snapshots'): op(
        ABSENT, _ABSENT % 'snapshots', response='Snapshots'),
    ('GET', '/snapshots/detail'): op(
        ABSENT, _ABSENT % 'snapshots', response='Snapshots'),
    ('GET', '/share-groups'): op(
        ABSENT, _ABSENT % 'share groups', response='ShareGroups'),
    ('GET', '/share-groups/detail'): op(
        ABSENT, _ABSENT % 'share groups', response='ShareGroups'),
}


def _legacy(name, schema):
    """The schema of action ``name`` under its 'os-' name (up to 2.6)."""
    return dict(schema, properties={'os-' + name: schema['properties'][name]},
                required=['os-' + name])


# POST /shares/{id}/action: one entry a name of ShareController's actions.
SHARE_ACTIONS = {
    'allow_access': Action(share_schemas.allow_access, 200, 'Access',
                           'Grant access to the share.'),
    'deny_access': Action(share_schemas.deny_access, 202, None,
                          'Revoke an access rule.'),
    'access_list': Action(share_schemas.access_list, 200, 'AccessList',
                          'List the access rules of the share.'),
    'reset_task_state': Action(share_schemas.reset_task_state, 202, None,
                               'Clear the task state of the share.'),
    'os-allow_access': Action(
        _legacy('allow_access', share_schemas.allow_access), 200, 'Access',
        'Grant access to the share.'),
    'os-deny_access': Action(
        _legacy('deny_access', share_schemas.deny_access), 202, None,
        'Revoke an access rule.'),
    'os-access_list': Action(
        _legacy('access_list', share_schemas.access_list), 200,
        'AccessList', 'List the access rules of the share.'),
}


def _reset(name, statuses, summary):
    return Action(admin_actions.reset_status(name, statuses), 202, None,
                  summary)


def _force(name, summary):
    return Action(admin_actions.force_delete(name), 202, None, summary)


_RESET_SHARE = ('Set the status, whatever it is (administrators; the '
                'database only).')
_FORCE_SHARE = ('Delete whatever the status (administrators); the rows go '
                'even when the driver fails.')
SHARE_ACTIONS.update({
    'reset_status': _reset('reset_status', states.RESET_TARGETS,
                           _RESET_SHARE),
    'os-reset_status': _reset('os-reset_status', states.RESET_TARGETS,
                              _RESET_SHARE),
    'force_delete': _force('force_delete', _FORCE_SHARE),
    'os-force_delete': _force('os-force_delete', _FORCE_SHARE),
})

# POST /share_instances/{id}/action
INSTANCE_ACTIONS = {
    'reset_status': _reset('reset_status', states.RESET_TARGETS,
                           _RESET_SHARE),
    'os-reset_status': _reset('os-reset_status', states.RESET_TARGETS,
                              _RESET_SHARE),
    'force_delete': _force('force_delete', _FORCE_SHARE),
    'os-force_delete': _force('os-force_delete', _FORCE_SHARE),
}

# POST /share-access-rules/{id}/action
ACCESS_RULE_ACTIONS = {
    'reset_status': _reset('reset_status', states.ACCESS_RESET_TARGETS,
                           'Set the state of the rule (administrators; '
                           'the database only).'),
}

# The actions of each .../action path.
ACTIONS = {
    '/shares/{id}/action': SHARE_ACTIONS,
    '/share_instances/{id}/action': INSTANCE_ACTIONS,
    '/share-access-rules/{id}/action': ACCESS_RULE_ACTIONS,
}
