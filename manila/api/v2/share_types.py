"""Share types: list, show (also 'default'), and admin create/delete."""

from manila.api import common
from manila.api.openstack import wsgi
from manila.api.schemas import share_types as schemas
from manila.api import validation
from manila.api.views import share_types as views
from manila.common import booleans
from manila import exception
from manila.share import share_types


def _specs_match(share_type, wanted):
    specs = share_types.extra_specs_of(share_type)
    return all(str(specs.get(k, '')).lower() == str(v).lower()
               for k, v in wanted.items())


def _default_id(context):
    try:
        return share_types.get_default(context).id
    except exception.DefaultShareTypeNotConfigured:
        return None


class ShareTypesController(wsgi.Controller):
    policy_prefix = 'share_type'

    def index(self, req):
        """GET /types (private types only for administrators)."""
        self.authorize(req.context, 'index')
        default_id = _default_id(req.context)
        types = share_types.get_all(req.context)
        if not req.context.is_admin:
            types = [t for t in types if t.is_public]
        if req.api_version >= '2.43':
            wanted = common.dict_param(req, 'extra_specs') or {}
            types = [t for t in types if _specs_match(t, wanted)]
        return views.index(req, types, default_id)

    def show(self, req, id):
        """GET /types/{id} (id or name)."""
        self.authorize(req.context, 'show')
        share_type = share_types.get_by_name_or_id(req.context, id)
        if not (share_type.is_public or req.context.is_admin):
            raise exception.ShareTypeNotFound(share_type_id=id)
        return views.show(req, share_type, _default_id(req.context))

    def default(self, req):
        """GET /types/default"""
        self.authorize(req.context, 'show')
        share_type = share_types.get_default(req.context)
        return views.show(req, share_type, share_type.id)

    def create(self, req, body):
        """POST /types (administrators)."""
        self.authorize(req.context, 'create')
        validation.validate(schemas.create, body)
        values = body.get('share_type') or body['volume_type']
        public = booleans.parse(
            values.get('share_type_access:is_public',
                       values.get('os-share-type-access:is_public')),
            'share_type_access:is_public', default=True)
        share_type = share_types.create(
            req.context, values['name'].strip(), values['extra_specs'],
            description=values.get('description'), is_public=public)
        return views.show(req, share_type, _default_id(req.context))

    @wsgi.response(202)
    def delete(self, req, id):
        """DELETE /types/{id} (administrators; not while shares use it)."""
        self.authorize(req.context, 'delete')
        share_type = share_types.get_by_name_or_id(req.context, id)
        share_types.delete(req.context, share_type)
