"""Who is calling: the request context for the noauth and keystone modes.

Both middlewares put a manila.context.RequestContext in
``environ['manila.context']``; ``is_admin`` comes from the policy rule
context_is_admin, so the roles decide, not the middleware.
"""

from oslo_log import log as logging
from oslo_middleware import request_id
import webob.dec

from manila.api.openstack import faults
from manila import context
from manila.i18n import _
from manila import policy

LOG = logging.getLogger(__name__)


# Keystone's default role hierarchy (keystone-manage bootstrap): a token
# carries the roles its roles imply, so the noauth mode adds them too.
IMPLIED_ROLES = {
    'admin': ('member', 'reader'),
    'member': ('reader',),
}


def _roles(header_value):
    return [r.strip() for r in header_value.split(',') if r.strip()]


def with_implied_roles(roles):
    """``roles`` and, after each, the roles it implies, each role once."""
    expanded = []
    for role in roles:
        for name in (role,) + IMPLIED_ROLES.get(role, ()):
            if name not in expanded:
                expanded.append(name)
    return expanded


def _make_context(req, user_id, project_id, roles, auth_token=None,
                  **kwargs):
    ctx = context.RequestContext(
        user_id=user_id, project_id=project_id, roles=roles,
        auth_token=auth_token,
        request_id=req.environ.get(request_id.ENV_REQUEST_ID),
        global_request_id=req.environ.get(request_id.GLOBAL_REQ_ID),
        **kwargs)
    ctx.is_admin = policy.check_is_admin(ctx)
    return ctx


class _Middleware:
    def __init__(self, application):
        self.application = application

    @classmethod
    def factory(cls, global_conf, **local_conf):
        return cls


class NoAuthMiddleware(_Middleware):
    """No Keystone: the token names the caller.

    ``X-Auth-Token: user:project`` (any other token is user and project
    alike; clients in noauth mode send 'notused'); no token at all is
    user and project 'admin'. Roles come from ``X-Roles`` (comma
    separated) when present, otherwise the caller is an admin, so tests
    can act as a member or a reader without Keystone. As in a Keystone
    token, admin brings member and reader, and member brings reader.
    """

    @webob.dec.wsgify
    def __call__(self, req):
        token = req.headers.get('X-Auth-Token', '').strip() or 'admin'
        user_id, _sep, project_id = token.partition(':')
        user_id = user_id or 'admin'
        project_id = project_id or user_id
        roles_header = req.headers.get('X-Roles')
        roles = with_implied_roles(
            _roles(roles_header) if roles_header is not None else ['admin'])
        req.environ['manila.context'] = _make_context(
            req, user_id, project_id, roles, auth_token=token)
        return req.get_response(self.application)


class KeystoneContext(_Middleware):
    """Context from the headers keystonemiddleware's auth_token set.

    No user: 401 (no valid token). A user but no project (a system- or
    domain-scoped token): 403, since every rule is project-scoped.
    """

    @webob.dec.wsgify
    def __call__(self, req):
        user_id = req.headers.get('X_USER_ID') or req.headers.get('X_USER')
        project_id = (req.headers.get('X_PROJECT_ID')
                      or req.headers.get('X_TENANT_ID'))
        if not user_id:
            LOG.debug('Request without user identity headers')
            return faults.fault_response(
                401, _('The request carries no authenticated user and '
                       'project: send a valid Keystone token in '
                       'X-Auth-Token.'))
        if not project_id:
            # A valid token scoped to the system or a domain: the caller
            # is known, the API only serves project-scoped tokens.
            scope = (_('the system')
                     if req.headers.get('OpenStack-System-Scope')
                     else _('a domain')
                     if req.headers.get('X_DOMAIN_ID') else _('no project'))
            return faults.fault_response(
                403, _('This token is scoped to %s; the Shared File Systems '
                       'API accepts project-scoped tokens only. Ask Keystone '
                       'for a token scoped to a project.') % scope)
        roles = _roles(req.headers.get('X_ROLES', ''))
        req.environ['manila.context'] = _make_context(
            req, user_id, project_id, roles,
            auth_token=req.headers.get('X_AUTH_TOKEN'),
            user_name=req.headers.get('X_USER_NAME'),
            project_name=req.headers.get('X_PROJECT_NAME'),
            user_domain_id=req.headers.get('X_USER_DOMAIN_ID'),
            project_domain_id=req.headers.get('X_PROJECT_DOMAIN_ID'))
        return req.get_response(self.application)
