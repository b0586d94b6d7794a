"""Shares API: create, list, show, update, delete, and the actions.

``POST /shares/{id}/action`` carries one action: allow_access,
deny_access, (up to 2.44) access_list, and the administrators'
reset_status, force_delete and reset_task_state; up to 2.6 their names
have the 'os-' prefix, as in Manila.
"""

import webob

from manila.api import common
from manila.api.openstack import wsgi
from manila.api.schemas import admin_actions
from manila.api.schemas import shares as schemas
from manila.api import share_policy
from manila.api import validation
from manila.api.views import share_accesses as access_views
from manila.api.views import shares as views
from manila.common import booleans
from manila.common import states
from manila import exception
from manila.i18n import _
from manila.share import api as share_api
from manila.share import share_types

# Protocols Manila knows; a backend may still support fewer.
SHARE_PROTOCOLS = ('NFS', 'CIFS', 'GLUSTERFS', 'HDFS', 'CEPHFS', 'MAPRFS')

SORT_KEYS = ('created_at', 'updated_at', 'id', 'size', 'display_name',
             'name', 'share_proto', 'availability_zone', 'share_type_id',
             'project_id', 'is_public')

# Create-body fields of features this service does not have.
_UNSUPPORTED = {
    'snapshot_id': _('creating a share from a snapshot'),
    'share_network_id': _('share networks'),
    'share_group_id': _('share groups'),
    'consistency_group_id': _('consistency groups'),
    'source_share_group_snapshot_member_id': _('share group snapshots'),
    'mount_point_name': _('mount point names'),
    'encryption_key_ref': _('share encryption'),
}


def share_types_by_id(context):
    return {t.id: t for t in share_types.get_all(context)}


class ShareController(wsgi.Controller):
    policy_prefix = 'share'

    def __init__(self, shares=None):
        self.share_api = shares or share_api.API()

    # -- lists -------------------------------------------------------------

    def _get_shares(self, req):
        params = req.GET
        sort_key = params.get('sort_key', 'created_at')
        if sort_key == 'name':
            sort_key = 'display_name'
        if sort_key not in SORT_KEYS:
            raise exception.InvalidInput(
                reason=_("sort_key must be one of %s") % ', '.join(
                    SORT_KEYS))
        sort_dir = params.get('sort_dir', 'desc')
        if sort_dir not in ('asc', 'desc'):
            raise exception.InvalidInput(
                reason=_("sort_dir must be 'asc' or 'desc'"))
        opts = {k: params[k] for k in (
            'all_tenants', 'is_public', 'name', 'description', 'status',
            'host', 'share_type_id', 'share_proto', 'project_id',
            'is_soft_deleted', 'availability_zone') if k in params}
        if 'display_name' in params and 'name' not in opts:
            opts['name'] = params['display_name']
        if 'share_type' in params and 'share_type_id' not in opts:
            opts['share_type_id'] = params['share_type']
        if req.api_version >= '2.35':
            for key in ('export_location_id', 'export_location_path'):
                if key in params:
                    opts[key] = params[key]
        if req.api_version < '2.69':
            opts.pop('is_soft_deleted', None)
        metadata = common.dict_param(req, 'metadata')
        if metadata:
            opts['metadata'] = metadata
        if req.api_version >= '2.36':
            # "name~" and "description~": case-insensitive substring.
            for key in ('name~', 'description~'):
                if params.get(key):
                    opts[key] = params[key]
        limit = common.int_param(req, 'limit')
        offset = common.int_param(req, 'offset')
        context = req.context
        self.authorize(context, 'get_all')
        for key in ('all_tenants', 'is_public', 'is_soft_deleted'):
            opts[key] = booleans.parse(opts.get(key), key)
        if opts['all_tenants']:
            # The clients send all_tenants=1 in every lookup by name, for
            # members too: without the right it means "what I can see",
            # as in Manila, not an error.
            opts['all_tenants'] = self.authorize(
                context, 'list_all_projects', do_raise=False)
        return self.share_api.get_all(
            context, opts, sort_key=sort_key, sort_dir=sort_dir,
            limit=limit, offset=offset)

    def _with_count(self, req, result, shares):
        # 2.42: with_count=true adds the number of shares listed.
        if req.api_version >= '2.42' and booleans.parse_lenient(
                req.GET.get('with_count', False)):
            result['count'] = len(shares)
        return result

    def index(self, req):
        """GET /shares: ids and names."""
        shares = self._get_shares(req)
        return self._with_count(req, views.summary_list(req, shares), shares)

    def detail(self, req):
        """GET /shares/detail: full shares."""
        shares = self._get_shares(req)
        return self._with_count(
            req, views.detail_list(req, shares,
                                   share_types_by_id(req.context)), shares)

    # -- one share ---------------------------------------------------------

    def show(self, req, id):
        share = share_policy.get_share(self.share_api, req.context, id)
        return {'share': views.detail(req, share,
                                      share_types_by_id(req.context))}

    def create(self, req, body):
        """POST /shares"""
        validation.validate(schemas.create, body)
        values = body['share']
        for key, feature in _UNSUPPORTED.items():
            if values.get(key):
                raise exception.InvalidInput(
                    reason=_('%(field)s: %(feature)s is not supported by '
                             'this service') % {'field': key,
                                                'feature': feature})
        if values.get('scheduler_hints'):
            raise exception.InvalidInput(
                reason=_('scheduler_hints: scheduler hints are not '
                         'supported by this service'))
        proto = values['share_proto'].upper()
        if proto not in SHARE_PROTOCOLS:
            raise exception.InvalidInput(
                reason=_("share_proto must be one of %(protos)s, not "
                         "'%(proto)s'") % {
                    'protos': ', '.join(SHARE_PROTOCOLS),
                    'proto': values['share_proto']})
        availability_zone = values.get('availability_zone')
        if req.api_version < '2.1':
            # Before 2.1 Manila ignored the requested zone.
            availability_zone = None
        size = int(values['size'])
        is_public = booleans.parse(values.get('is_public'), 'is_public')
        self.authorize(req.context, 'create')
        if is_public:
            self.authorize(req.context, 'create_public_share')
        share = self.share_api.create(
            req.context, proto, size,
            name=values.get('name', values.get('display_name')),
            description=values.get('description',
                                   values.get('display_description')),
            share_type=values.get('share_type') or values.get(
                'volume_type'),
            availability_zone=availability_zone,
            metadata=values.get('metadata'),
            is_public=is_public)
        return {'share': views.detail(req, share,
                                      share_types_by_id(req.context))}

    def update(self, req, id, body):
        """PUT /shares/{id}: name, description, is_public."""
        validation.validate(schemas.update, body)
        share = share_policy.get_share(self.share_api, req.context, id)
        given = body['share']
        values = {}
        for api_key, db_key in (('display_name', 'display_name'),
                                ('name', 'display_name'),
                                ('display_description',
                                 'display_description'),
                                ('description', 'display_description')):
            if api_key in given:
                values[db_key] = given[api_key]
        if 'is_public' in given:
            values['is_public'] = booleans.parse(given['is_public'],
                                                 'is_public')
        target = share_policy.policy_target(share)
        self.authorize(req.context, 'update', target)
        if values.get('is_public') and not share.is_public:
            self.authorize(req.context, 'set_public_share', target)
        share = self.share_api.update(req.context, share, values)
        return {'share': views.detail(req, share,
                                      share_types_by_id(req.context))}

    @wsgi.response(202)
    def delete(self, req, id):
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'delete',
                       share_policy.policy_target(share))
        self.share_api.delete(req.context, share)

    # -- actions -----------------------------------------------------------

    def _allow_access(self, req, id, body):
        validation.validate(schemas.allow_access, body)
        values = body['allow_access']
        if values.get('metadata') and req.api_version < '2.45':
            raise exception.InvalidInput(
                reason=_('access rule metadata needs microversion 2.45 or '
                         'later'))
        if any(booleans.parse(values.get(k), k)
               for k in ('lock_visibility', 'lock_deletion')):
            raise exception.InvalidInput(
                reason=_('access rule locks are not supported by this '
                         'service'))
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'allow_access',
                       share_policy.policy_target(share))
        rule = self.share_api.allow_access(
            req.context, share, values['access_type'], values['access_to'],
            values.get('access_level') or 'rw', values.get('metadata'))
        return {'access': access_views.view(req, rule)}

    @wsgi.action('allow_access', min_version='2.7')
    def allow_access(self, req, id, body):
        return self._allow_access(req, id, body)

    @wsgi.action('os-allow_access', max_version='2.6')
    def legacy_allow_access(self, req, id, body):
        return self._allow_access(
            req, id, {'allow_access': body['os-allow_access']})

    def _deny_access(self, req, id, body):
        validation.validate(schemas.deny_access, body)
        values = body['deny_access']
        if booleans.parse(values.get('unrestrict'), 'unrestrict'):
            raise exception.InvalidInput(
                reason=_('access rule locks are not supported by this '
                         'service, so there is nothing to unrestrict'))
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'deny_access',
                       share_policy.policy_target(share))
        self.share_api.deny_access(req.context, share, values['access_id'])
        return wsgi_accepted()

    @wsgi.action('deny_access', min_version='2.7')
    def deny_access(self, req, id, body):
        return self._deny_access(req, id, body)

    @wsgi.action('os-deny_access', max_version='2.6')
    def legacy_deny_access(self, req, id, body):
        return self._deny_access(
            req, id, {'deny_access': body['os-deny_access']})

    def _access_list(self, req, id, body):
        validation.validate(schemas.access_list, body)
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'access_get_all',
                       share_policy.policy_target(share))
        rules = self.share_api.access_get_all(req.context, share)
        return access_views.list_view(req, rules)

    @wsgi.action('access_list', min_version='2.7', max_version='2.44')
    def access_list(self, req, id, body):
        return self._access_list(req, id, body)

    @wsgi.action('os-access_list', max_version='2.6')
    def legacy_access_list(self, req, id, body):
        return self._access_list(
            req, id, {'access_list': body['os-access_list']})

    def _reset_status(self, req, id, body, action):
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'reset_status',
                       share_policy.policy_target(share))
        validation.validate(
            admin_actions.reset_status(action, states.RESET_TARGETS), body)
        self.share_api.reset_status(req.context, share,
                                    body[action]['status'])
        return wsgi_accepted()

    @wsgi.action('reset_status', min_version='2.7')
    def reset_status(self, req, id, body):
        """Set the share's status (admin): ``openstack share set
        --status``. The backend is not asked; the storage is untouched."""
        return self._reset_status(req, id, body, 'reset_status')

    @wsgi.action('os-reset_status', max_version='2.6')
    def legacy_reset_status(self, req, id, body):
        return self._reset_status(req, id, body, 'os-reset_status')

    def _force_delete(self, req, id, body, action):
        share = share_policy.get_share(self.share_api, req.context, id)
        self.authorize(req.context, 'force_delete',
                       share_policy.policy_target(share))
        validation.validate(admin_actions.force_delete(action), body)
        self.share_api.force_delete(req.context, share)
        return wsgi_accepted()

    @wsgi.action('force_delete', min_version='2.7')
    def force_delete(self, req, id, body):
        """Delete whatever the status (admin): ``openstack share delete
        --force``."""
        return self._force_delete(req, id, body, 'force_delete')

    @wsgi.action('os-force_delete', max_version='2.6')
    def legacy_force_delete(self, req, id, body):
        return self._force_delete(req, id, body, 'os-force_delete')

    @wsgi.action('reset_task_state', min_version='2.7')
    def reset_task_state(self, req, id, body):
        """Clear the task state (admin); only null exists here.

        ``openstack share set`` sends this with null on every call, even
        when only renaming; a request that changes nothing succeeds for
        anyone who may change the share (share:update).
        """
        validation.validate(schemas.reset_task_state, body)
        share = share_policy.get_share(self.share_api, req.context, id)
        target = share_policy.policy_target(share)
        if share.instance.task_state is None:
            self.authorize(req.context, 'update', target)
        else:
            self.authorize(req.context, 'reset_task_state', target)
            self.share_api.reset_task_state(req.context, share)
        return wsgi_accepted()


def wsgi_accepted():
    """An empty 202, as Manila answers deny_access."""
    return webob.Response(status=202, content_type=None, body=b'')
