"""User messages (2.37 and later): why a share went to error, for its owner.
"""

from oslo_utils import timeutils

from manila.api import common
from manila.api.openstack import wsgi
from manila import exception
from manila.i18n import _
from manila.share import user_messages

_FILTERS = ('resource_type', 'resource_id', 'action_id', 'detail_id',
            'request_id', 'message_level')
_SORT_KEYS = ('created_at', 'id', 'resource_type', 'resource_id',
              'action_id', 'detail_id', 'message_level', 'expires_at',
              'request_id')


def _view(req, message):
    base = req.application_url.rstrip('/')
    return {
        'id': message.id,
        'project_id': message.project_id,
        'request_id': message.request_id,
        'resource_type': message.resource_type,
        'resource_id': message.resource_id,
        'action_id': message.action_id,
        'detail_id': message.detail_id,
        'message_level': message.message_level,
        'user_message': message.user_message,
        'created_at': message.created_at,
        'expires_at': message.expires_at,
        'links': [{'rel': 'self',
                   'href': '%s/messages/%s' % (base, message.id)}],
    }


def _time_param(req, name):
    value = req.GET.get(name)
    if not value:
        return None
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise exception.InvalidInput(
            reason=_("%(name)s must be an ISO 8601 time such as "
                     "2026-01-31T12:00:00Z, not '%(value)s'")
            % {'name': name, 'value': value})


def _target(message):
    return {'project_id': message.project_id}


class MessagesController(wsgi.Controller):
    policy_prefix = 'message'

    def _get(self, req, message_id):
        """A message the caller may read (message:get); others are 404."""
        try:
            message = user_messages.get(req.context, message_id)
        except exception.NotFound:
            message = None
        if message is None or not self.authorize(
                req.context, 'get', _target(message), do_raise=False):
            raise exception.NotFound(
                _('Message %s could not be found.') % message_id)
        return message

    @wsgi.api_version_range('2.37')
    def index(self, req):
        """GET /messages: the caller's project's (administrators: all)."""
        self.authorize(req.context, 'get_all')
        filters = {k: req.GET[k] for k in _FILTERS if req.GET.get(k)}
        if not req.context.is_admin:
            filters['project_id'] = req.context.project_id
        messages = user_messages.get_all(req.context, filters)
        if req.api_version >= '2.52':
            since = _time_param(req, 'created_since')
            before = _time_param(req, 'created_before')
            messages = [m for m in messages
                        if (since is None or m.created_at >= since) and
                        (before is None or m.created_at <= before)]
        sort_key = req.GET.get('sort_key', 'created_at')
        if sort_key not in _SORT_KEYS:
            raise exception.InvalidInput(
                reason=_('sort_key must be one of %s') % ', '.join(
                    _SORT_KEYS))
        sort_dir = req.GET.get('sort_dir', 'desc')
        if sort_dir not in ('asc', 'desc'):
            raise exception.InvalidInput(
                reason=_("sort_dir must be 'asc' or 'desc'"))
        messages.sort(key=lambda m: (getattr(m, sort_key) is not None,
                                     getattr(m, sort_key) or 0),
                      reverse=sort_dir == 'desc')
        offset = common.int_param(req, 'offset') or 0
        limit = common.int_param(req, 'limit')
        messages = messages[offset:offset + limit if limit else None]
        return {'messages': [_view(req, m) for m in messages]}

    @wsgi.api_version_range('2.37')
    def show(self, req, id):
        return {'message': _view(req, self._get(req, id))}

    @wsgi.api_version_range('2.37')
    @wsgi.response(204)
    def delete(self, req, id):
        message = self._get(req, id)
        self.authorize(req.context, 'delete', _target(message))
        user_messages.delete(req.context, message.id)
