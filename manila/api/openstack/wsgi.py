"""Controller/Resource plumbing: from a routed request to a JSON response.

A :class:`Resource` is the WSGI app for one controller. For every request
it parses the microversion, checks the URL's project against the caller,
decodes the JSON body, calls the controller method the router chose and
serialises what it returns; every exception becomes a JSON fault there.
Controllers stay plain: ``def show(self, req, id)`` returns a dict.
"""

import inspect

from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from manila.api.openstack import api_version
from manila.api.openstack import faults
from manila import exception
from manila.i18n import _
from manila import policy

JSON_TYPES = ('application/json', 'application/vnd.openstack.share+json')

# No request of this API nests deeper than a few levels ({"share":
# {"metadata": {...}}}); far deeper bodies are refused before anything
# walks them recursively.
MAX_BODY_DEPTH = 32


class Request(webob.Request):
    """A webob request that knows its caller and its microversion."""

    @property
    def context(self):
        return self.environ['manila.context']

    @property
    def api_version(self):
        return self.environ['manila.api_version']


def response(code):
    """Decorator: the success status of a controller method (default 200)."""
    def decorator(func):
        func.wsgi_code = code
        return func
    return decorator


def api_version_range(min_version, max_version=None):
    """Decorator: the method exists only for these microversions.

    Outside the range the request gets 404, as a URL that does not exist
    at that version does in Manila.
    """
    def decorator(func):
        func.min_version = min_version
        func.max_version = max_version
        return func
    return decorator


def action(name, min_version=None, max_version=None):
    """Decorator: handles ``POST .../action`` with body ``{name: {...}}``."""
    def decorator(func):
        func.wsgi_action = name
        func.min_version = min_version
        func.max_version = max_version
        return func
    return decorator


def check_version(req, func):
    low = getattr(func, 'min_version', None)
    high = getattr(func, 'max_version', None)
    if not req.api_version.matches(low, high):
        raise exception.VersionNotFoundForAPIMethod(
            version=str(req.api_version),
            supported='%s to %s' % (low or '2.0', high or 'the newest'))


class Controller:
    """Base of API controllers: policy checks and the action dispatcher."""

    #: prefix of this controller's policy names, e.g. 'share'
    policy_prefix = None

    def authorize(self, context, name, target=None, do_raise=True):
        """Check rule '<policy_prefix>:<name>'; see manila.policy.authorize.
        """
        return policy.authorize(
            context, '%s:%s' % (self.policy_prefix, name), target,
            do_raise=do_raise)

    def _actions(self):
        found = {}
        for attr in dir(type(self)):
            func = getattr(self, attr, None)
            name = getattr(func, 'wsgi_action', None)
            if name:
                found[name] = func
        return found

    @response(200)
    def action(self, req, id, body):
        """Dispatch ``{"<action name>": {...}}`` to its handler."""
        if not isinstance(body, dict) or len(body) != 1:
            raise exception.InvalidRequestBody(
                reason=_('an action body is an object with exactly one '
                         'key, the action name, e.g. '
                         '{"allow_access": {...}}'))
        name, value = next(iter(body.items()))
        handler = self._actions().get(name)
        if handler is None:
            raise exception.InvalidInput(
                reason=_("there is no share action '%s'") % name)
        check_version(req, handler)
        return handler(req, id, body)


def _decode_body(req):
    """The JSON body of the request, or None when it has none."""
    if not req.content_length and not req.body:
        return None
    content_type = req.content_type or 'application/json'
    if content_type not in JSON_TYPES:
        raise webob.exc.HTTPUnsupportedMediaType(
            detail=_("Content type '%s' is not supported; send "
                     "application/json.") % content_type)
    too_deep = exception.InvalidRequestBody(
        reason=_('the JSON body nests deeper than %d levels')
        % MAX_BODY_DEPTH)
    try:
        body = jsonutils.loads(req.body)
    except RecursionError:
        # The parser's own stack limit: thousands of levels.
        raise too_deep
    except (ValueError, UnicodeDecodeError) as exc:
        raise exception.InvalidRequestBody(
            reason=_('the body is not valid JSON (%s)') % exc)
    pending = [(body, 1)]
    while pending:
        # Iterative, so that no body can exhaust the interpreter's stack.
        item, depth = pending.pop()
        if isinstance(item, str):
            check_text(item, _('the JSON body'))
            continue
        if isinstance(item, dict):
            children = list(item.values()) + list(item)
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_BODY_DEPTH:
            raise too_deep
        pending.extend((child, depth + 1) for child in children)
    return body


def check_text(value, where):
    """400 for text no database can store: NUL or unpaired surrogates.

    JSON's \\u escapes and percent-encoded URLs can carry both, and the
    database driver would fail on them after the request was accepted.
    """
    if '\x00' in value:
        raise exception.InvalidInput(
            reason=_('%s contains a NUL character (\\u0000)') % where)
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        raise exception.InvalidInput(
            reason=_('%s contains an unpaired UTF-16 surrogate; send '
                     'valid Unicode text') % where)


def _check_url_text(req, path_args):
    """The URL's parts and query parameters are text a database can store.
    """
    try:
        query = list(req.GET.items())
    except UnicodeDecodeError:
        raise exception.InvalidInput(
            reason=_('the query string is not valid percent-encoded UTF-8'))
    for name, value in list(path_args.items()) + query:
        check_text(name, _('the URL'))
        check_text(value, _("the URL's %s") % name)


class Resource:
    """WSGI app of one controller; the router puts the method in routing args.
    """

    def __init__(self, controller):
        self.controller = controller

    @webob.dec.wsgify(RequestClass=Request)
    def __call__(self, req):
        args = dict(req.environ['wsgiorg.routing_args'][1])
        action_name = args.pop('action')
        args.pop('controller', None)
        args.pop('format', None)
        url_project = args.pop('project_id', None)
        headers = []
        try:
            version = api_version.from_headers(req.headers)
            req.environ['manila.api_version'] = version
            headers = api_version.response_headers(version)
            self._check_project(req, url_project)
            _check_url_text(req, args)
            method = getattr(self.controller, action_name)
            check_version(req, method)
            if 'body' in inspect.signature(method).parameters:
                body = _decode_body(req)
                if body is None:
                    raise exception.InvalidRequestBody(
                        reason=_('the request needs a JSON body'))
                args['body'] = body
            result = method(req, **args)
            resp = self._serialize(result, getattr(method, 'wsgi_code', 200))
        except Exception as exc:
            return faults.from_exception(exc, headers)
        for name, value in headers:
            resp.headers[name] = value
        return resp

    @staticmethod
    def _check_project(req, url_project):
        context = req.environ.get('manila.context')
        if (url_project and context is not None and context.project_id
                and url_project != context.project_id):
            raise exception.InvalidInput(
                reason=_("the project in the URL (%(url)s) is not the "
                         "caller's project (%(caller)s); use "
                         "/v2/%(caller)s/... or /v2/...") % {
                    'url': url_project, 'caller': context.project_id})

    @staticmethod
    def _serialize(result, code):
        if isinstance(result, webob.Response):
            return result
        resp = webob.Response(status=code)
        if result is None or code == 204:
            resp.content_type = None
            resp.body = b''
            return resp
        resp.content_type = 'application/json'
        resp.charset = 'utf-8'
        resp.body = jsonutils.dump_as_bytes(result)
        return resp
