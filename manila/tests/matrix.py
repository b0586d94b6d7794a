"""Who may do what: the RBAC matrix of the v2 API, as data.

Every endpoint the API implements and the status each caller gets. The
unit tests (``unit/api/test_rbac.py``) check it through the app in noauth
mode, the functional tests (``functional/test_keystone.py``) against
``manila-all`` behind a real Keystone; when you add an endpoint, add its
row here.

The callers (columns):

``admin``   the ``admin`` role (any project)
``member``  ``member`` of the demo project, which owns ``{share}``
``reader``  ``reader`` of the demo project
``other``   ``member`` of another project
``none``    no token (Keystone only: noauth has no anonymous caller)

What the paths and bodies name: ``{share}`` is a share of the demo project
with the metadata key ``keep``; ``{rule}`` (an active access rule),
``{export}`` (an export location), ``{instance}`` (its share instance)
and ``{message}`` (a user message) belong to it; ``{type}`` is the
default share type; ``{public}`` is a public share of a project none
of the callers but the admin belongs to.
``{fresh_share}``, ``{fresh_rule}`` (on ``{share}``), ``{fresh_key}`` (of
``{share}``), ``{fresh_type}`` and ``{fresh_message}`` are made anew for
every request, which consumes them; ``{n}`` is a number unique to it.
"""

COLUMNS = ('admin', 'member', 'reader', 'other', 'none')


def expect(admin, member, reader, other, none=401):
    return dict(zip(COLUMNS, (admin, member, reader, other, none)))


READ = expect(200, 200, 200, 404)      # the demo project's share and parts
WRITE = expect(200, 200, 403, 404)     # changes to them
ACCEPTED = expect(202, 202, 403, 404)  # changes answered 202
ANYONE = expect(200, 200, 200, 200)    # any project's reader
ADMIN_ONLY = expect(200, 403, 403, 403)
ENSURE = expect(202, 403, 403, 403)
OWN_PROJECT_WRITE = expect(200, 200, 403, 200)  # in the caller's project
REPAIR = expect(202, 403, 403, 404)    # administrators' repairs of a share

_BACKEND = {'host': 'localhost@alpha', 'binary': 'manila-share'}

# (method, path, body, microversion or None for the newest, expected)
ROWS = (
    ('GET', '/v2/', None, None, ANYONE),
    # Services: administrators only.
    ('GET', '/services', None, None, ADMIN_ONLY),
    ('GET', '/os-services', None, '2.6', ADMIN_ONLY),
    ('PUT', '/services/disable', _BACKEND, None, ADMIN_ONLY),
    ('PUT', '/services/enable', _BACKEND, None, ADMIN_ONLY),
    ('PUT', '/os-services/enable', _BACKEND, '2.6', ADMIN_ONLY),
    ('GET', '/services/ensure-runs', None, None, ADMIN_ONLY),
    # Shares: members change, readers read, other projects see nothing.
    ('GET', '/shares', None, None, ANYONE),
    ('GET', '/shares/detail', None, None, ANYONE),
    ('GET', '/shares/detail?all_tenants=1', None, None, ANYONE),
    ('POST', '/shares',
     {'share': {'name': 'm-{n}', 'size': 1, 'share_proto': 'NFS'}}, None,
     OWN_PROJECT_WRITE),
    ('GET', '/shares/{share}', None, None, READ),
    ('PUT', '/shares/{share}',
     {'share': {'display_description': 'd-{n}'}}, None, WRITE),
    ('DELETE', '/shares/{fresh_share}', None, None, ACCEPTED),
    # Public shares: administrators make them, every project reads them
    # and what it takes to mount them; only their own project changes them.
    ('POST', '/shares',
     {'share': {'name': 'p-{n}', 'size': 1, 'share_proto': 'NFS',
                'is_public': True}}, None, ADMIN_ONLY),
    ('GET', '/shares/{public}', None, None, ANYONE),
    ('GET', '/shares/{public}/export_locations', None, None, ANYONE),
    ('PUT', '/shares/{public}', {'share': {'display_description': 'd-{n}'}},
     None, ADMIN_ONLY),
    # Access rules.
    ('POST', '/shares/{share}/action',
     {'allow_access': {'access_type': 'ip',
                       'access_to': '10.1.{n}.0/24'}}, None, WRITE),
    ('POST', '/shares/{share}/action',
     {'deny_access': {'access_id': '{fresh_rule}'}}, None, ACCEPTED),
    ('POST', '/shares/{share}/action', {'access_list': None}, '2.44', READ),
    ('POST', '/shares/{share}/action',
     {'os-allow_access': {'access_type': 'ip',
                          'access_to': '10.3.{n}.0/24'}}, '2.6', WRITE),
    ('POST', '/shares/{share}/action',
     {'os-deny_access': {'access_id': '{fresh_rule}'}}, '2.6', ACCEPTED),
    ('POST', '/shares/{share}/action', {'os-access_list': None}, '2.6',
     READ),
    # What "openstack share set" sends: with nothing to clear, it needs
    # the right to change the share.
    ('POST', '/shares/{share}/action',
     {'reset_task_state': {'task_state': None}}, None, ACCEPTED),
    ('GET', '/share-access-rules?share_id={share}', None, None, READ),
    ('GET', '/share-access-rules/{rule}', None, None, READ),
    # Administrators' repairs: members may not, other projects see nothing.
    ('POST', '/share-access-rules/{rule}/action',
     {'reset_status': {'status': 'active'}}, None, REPAIR),
    ('POST', '/shares/{share}/action',
     {'reset_status': {'status': 'available'}}, None, REPAIR),
    ('POST', '/shares/{share}/action',
     {'os-reset_status': {'status': 'available'}}, '2.6', REPAIR),
    ('POST', '/shares/{fresh_share}/action', {'force_delete': None}, None,
     REPAIR),
    ('POST', '/shares/{fresh_share}/action', {'os-force_delete': None},
     '2.6', REPAIR),
    # Share instances: administrators only, checked before the lookup.
    ('GET', '/share_instances', None, None, ADMIN_ONLY),
    ('GET', '/share_instances/{instance}', None, None, ADMIN_ONLY),
    ('GET', '/share_instances/{instance}/export_locations', None, None,
     ADMIN_ONLY),
    ('GET', '/shares/{share}/instances', None, None, ADMIN_ONLY),
    ('POST', '/share_instances/{instance}/action',
     {'reset_status': {'status': 'available'}}, None,
     expect(202, 403, 403, 403)),
    ('POST', '/share_instances/{instance}/action',
     {'os-reset_status': {'status': 'available'}}, '2.6',
     expect(202, 403, 403, 403)),
    # Export locations.
    ('GET', '/shares/{share}/export_locations', None, None, READ),
    ('GET', '/shares/{share}/export_locations/{export}', None, None, READ),
    # Metadata.
    ('GET', '/shares/{share}/metadata', None, None, READ),
    ('GET', '/shares/{share}/metadata/keep', None, None, READ),
    ('POST', '/shares/{share}/metadata', {'metadata': {'k-{n}': 'v'}},
     None, WRITE),
    ('PUT', '/shares/{share}/metadata', {'metadata': {'keep': 'x'}}, None,
     WRITE),
    ('PUT', '/shares/{share}/metadata/keep', {'meta': {'keep': 'y'}}, None,
     WRITE),
    ('DELETE', '/shares/{share}/metadata/{fresh_key}', None, None, WRITE),
    # Share types: everyone reads, administrators change.
    ('GET', '/types', None, None, ANYONE),
    ('GET', '/types/default', None, None, ANYONE),
    ('GET', '/types/{type}', None, None, ANYONE),
    ('POST', '/types',
     {'share_type': {'name': 't-{n}',
                     'extra_specs': {'driver_handles_share_servers': False}}},
     None, ADMIN_ONLY),
    ('DELETE', '/types/{fresh_type}', None, None,
     expect(202, 403, 403, 403)),
    # User messages (each project sees its own).
    ('GET', '/messages', None, None, ANYONE),
    ('GET', '/messages/{message}', None, None, READ),
    ('DELETE', '/messages/{fresh_message}', None, None,
     expect(204, 204, 403, 404)),
    # Availability zones.
    ('GET', '/availability-zones', None, None, ANYONE),
    ('GET', '/os-availability-zone', None, '2.6', ANYONE),
    # Ensure shares, last: it makes the backend's shares 'ensuring'.
    ('POST', '/services/ensure', {'host': 'localhost@beta'}, None, ENSURE),
    ('POST', '/services/ensure-shares', {'host': 'localhost@beta'}, None,
     ENSURE),
    ('POST', '/services/ensure_shares', {'host': 'localhost@beta'}, None,
     ENSURE),
)


def fill(value, refs):
    """``value`` (str, dict or other) with ``{name}`` replaced from refs."""
    if isinstance(value, str):
        return value.format(**refs)
    if isinstance(value, dict):
        return {fill(k, refs): fill(v, refs) for k, v in value.items()}
    return value


def row_name(row):
    method, path, body, version, _expected = row
    name = '%s %s%s' % (method, path, ' @%s' % version if version else '')
    if isinstance(body, dict) and path.endswith('/action'):
        name += ' ' + next(iter(body))
    if isinstance(body, dict) and body.get('share', {}).get('is_public'):
        name += ' is_public'
    return name


def render(results, columns=COLUMNS):
    """[(row, {column: status})] as a text table, one line per row."""
    lines = ['%-58s %s' % ('', ' '.join('%-6s' % c for c in columns))]
    for row, got in results:
        lines.append('%-58s %s' % (row_name(row)[:58], ' '.join(
            '%-6s' % got.get(c, '-') for c in columns)))
    return '\n'.join(lines)


def mismatches(results, columns=COLUMNS):
    """The cells of ``results`` that differ from their row's expectation."""
    return [(row_name(row), column, row[4][column], got[column])
            for row, got in results for column in columns
            if got[column] != row[4][column]]
