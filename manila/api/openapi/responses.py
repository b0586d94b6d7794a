"""JSON schemas of what the views answer (manila/api/views and friends).

One schema a view, covering every microversion: a field that only some
versions carry is optional and names, in ``x-openstack``, the version that
added (``min-ver``) or dropped (``max-ver``) it. Objects accept no other
field, so a view that grows a field without a line here fails the fuzzing
tests' response check.
"""

STRING = {'type': 'string'}
NULLABLE_STRING = {'type': ['string', 'null']}
BOOLEAN = {'type': 'boolean'}
# oslo.serialization writes datetimes as ISO 8601 without a zone (UTC).
NULLABLE_TIME = {'type': ['string', 'null'],
                 'description': 'UTC time, ISO 8601 without a zone.'}
STRING_MAP = {'type': 'object', 'additionalProperties': STRING}
LINKS = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {'rel': STRING, 'href': STRING, 'type': STRING},
        'required': ['rel', 'href'],
        'additionalProperties': False,
    },
}


def since(version, schema):
    """``schema``, for a field added in microversion ``version``."""
    return dict(schema, **{'x-openstack': {'min-ver': version}})


def until(version, schema):
    """``schema``, for a field last answered in microversion ``version``."""
    return dict(schema, **{'x-openstack': {'max-ver': version}})


def admin_only(schema):
    """``schema``, for a field only administrators see."""
    return dict(schema, description='Administrators only.')


def obj(required, optional=None, description=None):
    """A closed object: ``required`` and ``optional`` map names to schemas.
    """
    schema = {
        'type': 'object',
        'properties': dict(required, **(optional or {})),
        'required': sorted(required),
        'additionalProperties': False,
    }
    if description:
        schema['description'] = description
    return schema


def wrapped(key, schema):
    """``{key: schema}``."""
    return obj({key: schema})


def listed(key, schema, optional=None):
    """``{key: [schema, ...]}``."""
    return obj({key: {'type': 'array', 'items': schema}}, optional)


# -- faults (manila/api/openstack/faults.py) -----------------------------

FAULT = {
    'type': 'object',
    'description': "Manila's JSON fault: one key, the fault name "
                   '(badRequest, itemNotFound, ...), holding the HTTP code '
                   'and a message meant for a person.',
    'minProperties': 1,
    'maxProperties': 1,
    'additionalProperties': obj({
        'code': {'type': 'integer', 'minimum': 400, 'maximum': 599},
        'message': {'type': 'string', 'minLength': 1},
    }),
}

# -- versions (manila/api/versions.py) -----------------------------------

VERSION = obj({
    'id': STRING,
    'status': STRING,
    'version': STRING,
    'min_version': STRING,
    'updated': STRING,
    'links': LINKS,
    'media-types': {'type': 'array',
                    'items': obj({'base': STRING, 'type': STRING})},
})
VERSIONS = listed('versions', VERSION)

# -- services (manila/api/views/services.py) -----------------------------

SERVICE = obj({
    'id': {'type': 'integer'},
    'binary': STRING,
    'host': STRING,
    'zone': NULLABLE_STRING,
    'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
    'state': {'type': 'string', 'enum': ['up', 'down']},
    'updated_at': NULLABLE_TIME,
}, {
    'disabled_reason': since('2.83', NULLABLE_STRING),
    'ensuring': since('2.86', BOOLEAN),
})
SERVICES = listed('services', SERVICE)
SERVICE_UPDATED = obj({
    'host': STRING,
    'binary': STRING,
    'disabled': BOOLEAN,
}, {
    'status': since('2.83', {'type': 'string',
                             'enum': ['enabled', 'disabled']}),
    'disabled_reason': since('2.83', NULLABLE_STRING),
})

# -- ensure runs (manila/api/views/ensure_runs.py) -----------------------

_COUNT_OR_NULL = {'type': ['integer', 'null'], 'minimum': 0}
ENSURE_RUN = obj({
    'id': {'type': 'integer'},
    'host': STRING,
    'trigger': {'type': 'string', 'enum': ['api', 'start-up']},
    'status': {'type': 'string', 'enum': ['running', 'succeeded', 'failed',
                                          'interrupted']},
    'user_id': NULLABLE_STRING,
    'project_id': NULLABLE_STRING,
    'request_id': NULLABLE_STRING,
    'started_at': NULLABLE_TIME,
    'finished_at': NULLABLE_TIME,
    'updated_at': NULLABLE_TIME,
    'shares_total': _COUNT_OR_NULL,
    'shares_done': _COUNT_OR_NULL,
    'shares_ensured': _COUNT_OR_NULL,
    'shares_updated': _COUNT_OR_NULL,
    'shares_skipped': _COUNT_OR_NULL,
    'shares_errored': _COUNT_OR_NULL,
    'error': NULLABLE_STRING,
    'links': LINKS,
})
ENSURE_RUNS = listed('ensure_runs', ENSURE_RUN, {
    'ensure_runs_links': dict(LINKS, description='A next link when the '
                              'page is full.')})
ONE_ENSURE_RUN = wrapped('ensure_run', ENSURE_RUN)

# -- shares (manila/api/views/shares.py) ---------------------------------

SHARE_SUMMARY = obj({'id': STRING, 'name': NULLABLE_STRING,
                     'links': LINKS})
SHARE = obj({
    'id': STRING,
    'size': {'type': 'integer'},
    'availability_zone': NULLABLE_STRING,
    'created_at': NULLABLE_TIME,
    'status': NULLABLE_STRING,
    'name': NULLABLE_STRING,
    'description': NULLABLE_STRING,
    'project_id': STRING,
    'snapshot_id': {'type': 'null'},
    'share_network_id': {'type': 'null'},
    'share_proto': STRING,
    'metadata': STRING_MAP,
    'share_type': NULLABLE_STRING,
    'volume_type': NULLABLE_STRING,
    'links': LINKS,
    'is_public': BOOLEAN,
}, {
    'host': admin_only(NULLABLE_STRING),
    'share_server_id': admin_only({'type': 'null'}),
    'export_locations': until('2.8', {'type': 'array', 'items': STRING}),
    'export_location': until('2.8', NULLABLE_STRING),
    'snapshot_support': since('2.2', BOOLEAN),
    'task_state': since('2.5', NULLABLE_STRING),
    'share_type_name': since('2.6', NULLABLE_STRING),
    'access_rules_status': since('2.10', NULLABLE_STRING),
    'replication_type': since('2.11', {'type': 'null'}),
    'has_replicas': since('2.11', BOOLEAN),
    'user_id': since('2.16', NULLABLE_STRING),
    'create_share_from_snapshot_support': since('2.24', BOOLEAN),
    'revert_to_snapshot_support': since('2.27', BOOLEAN),
    'share_group_id': since('2.31', {'type': 'null'}),
    'source_share_group_snapshot_member_id': since('2.31',
                                                   {'type': 'null'}),
    'mount_snapshot_support': since('2.32', BOOLEAN),
    'progress': since('2.54', NULLABLE_STRING),
    'is_soft_deleted': since('2.69', BOOLEAN),
    'scheduled_to_be_deleted_at': since('2.69', NULLABLE_TIME),
    'source_backup_id': since('2.80', {'type': 'null'}),
    'mount_point_name': since('2.84', {'type': 'null'}),
    'encryption_key_ref': since('2.90', {'type': 'null'}),
})
_COUNT = {'count': since('2.42', {'type': 'integer', 'minimum': 0})}
SHARES = listed('shares', SHARE_SUMMARY, _COUNT)
SHARES_DETAIL = listed('shares', SHARE, _COUNT)
ONE_SHARE = wrapped('share', SHARE)

# -- metadata (manila/api/v2/share_metadata.py) --------------------------

METADATA = wrapped('metadata', STRING_MAP)
META_ITEM = wrapped('meta', dict(STRING_MAP, minProperties=1,
                                 maxProperties=1))

# -- export locations (manila/api/views/export_locations.py) -------------

_EXPORT_LOCATION_FIELDS = {'id': STRING, 'path': STRING}
_EXPORT_LOCATION_OPTIONAL = {
    'preferred': since('2.14', BOOLEAN),
    'share_instance_id': admin_only(STRING),
    'is_admin_only': admin_only(BOOLEAN),
    'metadata': since('2.87', STRING_MAP),
}
EXPORT_LOCATIONS = listed('export_locations', obj(
    _EXPORT_LOCATION_FIELDS, _EXPORT_LOCATION_OPTIONAL))
ONE_EXPORT_LOCATION = wrapped('export_location', obj(
    dict(_EXPORT_LOCATION_FIELDS, created_at=NULLABLE_TIME,
         updated_at=NULLABLE_TIME), _EXPORT_LOCATION_OPTIONAL))

# -- access rules (manila/api/views/share_accesses.py) -------------------

_ACCESS_FIELDS = {
    'id': STRING,
    'access_level': STRING,
    'access_to': STRING,
    'access_type': STRING,
    'state': STRING,
}
_ACCESS_OPTIONAL = {
    'access_key': since('2.21', NULLABLE_STRING),
    'created_at': since('2.33', NULLABLE_TIME),
    'updated_at': since('2.33', NULLABLE_TIME),
    'metadata': since('2.45', STRING_MAP),
}
ACCESS = obj(_ACCESS_FIELDS, dict(_ACCESS_OPTIONAL, share_id=STRING))
ACCESS_LIST = listed('access_list', obj(_ACCESS_FIELDS, _ACCESS_OPTIONAL))
ONE_ACCESS = wrapped('access', ACCESS)

# -- share instances (manila/api/views/share_instances.py) ---------------
SHARE_INSTANCE = obj({
    'id': STRING,
    'share_id': STRING,
    'availability_zone': NULLABLE_STRING,
    'created_at': NULLABLE_TIME,
    'host': NULLABLE_STRING,
    'status': STRING,
    'share_network_id': {'type': 'null'},
    'share_server_id': {'type': 'null'},
    'links': LINKS,
}, {
    'export_locations': until('2.8', {'type': 'array', 'items': STRING}),
    'export_location': until('2.8', NULLABLE_STRING),
    'access_rules_status': since('2.10', NULLABLE_STRING),
    'replica_state': since('2.11', {'type': 'null'}),
    'share_type_id': since('2.22', NULLABLE_STRING),
    'cast_rules_to_readonly': since('2.30', BOOLEAN),
    'progress': since('2.54', NULLABLE_STRING),
    'updated_at': since('2.71', NULLABLE_TIME),
})
SHARE_INSTANCES = listed('share_instances', SHARE_INSTANCE)
ONE_SHARE_INSTANCE = wrapped('share_instance', SHARE_INSTANCE)
# -- share types (manila/api/views/share_types.py) -----------------------

_SPECS = {'type': 'object',
          'additionalProperties': {'type': ['string', 'boolean']}}
SHARE_TYPE = obj({
    'id': STRING,
    'name': STRING,
    'extra_specs': _SPECS,
    'required_extra_specs': _SPECS,
}, {
    'share_type_access:is_public': since('2.7', BOOLEAN),
    'os-share-type-access:is_public': until('2.6', BOOLEAN),
    'description': since('2.41', NULLABLE_STRING),
    'is_default': since('2.46', BOOLEAN),
})
ONE_SHARE_TYPE = obj({'share_type': SHARE_TYPE, 'volume_type': SHARE_TYPE})
SHARE_TYPES = obj({
    'share_types': {'type': 'array', 'items': SHARE_TYPE},
    'volume_types': {'type': 'array', 'items': SHARE_TYPE},
})

# -- user messages (manila/api/v2/messages.py) ---------------------------

MESSAGE = obj({
    'id': STRING,
    'project_id': STRING,
    'request_id': NULLABLE_STRING,
    'resource_type': STRING,
    'resource_id': NULLABLE_STRING,
    'action_id': STRING,
    'detail_id': STRING,
    'message_level': STRING,
    'user_message': STRING,
    'created_at': NULLABLE_TIME,
    'expires_at': NULLABLE_TIME,
    'links': LINKS,
})
MESSAGES = listed('messages', MESSAGE)
ONE_MESSAGE = wrapped('message', MESSAGE)

# -- availability zones (manila/api/v2/availability_zones.py) ------------

AVAILABILITY_ZONES = listed('availability_zones', obj({
    'id': STRING,
    'name': STRING,
    'created_at': NULLABLE_TIME,
    'updated_at': NULLABLE_TIME,
}))

# -- limits and absent resources (manila/api/v2/limits.py,
#    absent_resources.py) ------------------------------------------------

_INTEGER = {'type': 'integer'}
LIMITS = wrapped('limits', obj({
    'rate': {'type': 'array', 'maxItems': 0},
    'absolute': {'type': 'object', 'additionalProperties': _INTEGER,
                 'description': 'maxTotal*: -1 (no quota); total*Used: '
                                "what the caller's project uses."},
}))
_NOTHING = {'type': 'array', 'maxItems': 0}
SHARE_NETWORKS = obj({'share_networks': _NOTHING},
                     description='Always empty: no share networks here.')
SNAPSHOTS = obj({'snapshots': _NOTHING},
                description='Always empty: no snapshots here.')
SHARE_GROUPS = obj({'share_groups': _NOTHING},
                   description='Always empty: no share groups here.')

# The named schemas of components/schemas, for $ref.
SCHEMAS = {
    'Fault': FAULT,
    'Versions': VERSIONS,
    'Services': SERVICES,
    'ServiceUpdated': SERVICE_UPDATED,
    'EnsureRuns': ENSURE_RUNS,
    'EnsureRun': ONE_ENSURE_RUN,
    'Shares': SHARES,
    'SharesDetail': SHARES_DETAIL,
    'Share': ONE_SHARE,
    'Metadata': METADATA,
    'MetadataItem': META_ITEM,
    'ExportLocations': EXPORT_LOCATIONS,
    'ExportLocation': ONE_EXPORT_LOCATION,
    'AccessList': ACCESS_LIST,
    'Access': ONE_ACCESS,
    'ShareInstances': SHARE_INSTANCES,
    'ShareInstance': ONE_SHARE_INSTANCE,
    'ShareType': ONE_SHARE_TYPE,
    'ShareTypes': SHARE_TYPES,
    'Messages': MESSAGES,
    'Message': ONE_MESSAGE,
    'AvailabilityZones': AVAILABILITY_ZONES,
    'Limits': LIMITS,
    'ShareNetworks': SHARE_NETWORKS,
    'Snapshots': SNAPSHOTS,
    'ShareGroups': SHARE_GROUPS,
}
