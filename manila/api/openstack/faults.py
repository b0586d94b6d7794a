"""JSON error bodies in Manila's format: {"itemNotFound": {"code", "message"}}.

Every error the API answers goes through :func:`fault_response`, so the
status, the fault name and the body always agree.
"""

import http.client

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_serialization import jsonutils
import sqlalchemy.exc
import webob
import webob.exc

from manila import exception

LOG = logging.getLogger(__name__)

# Manila's (and Nova's) names; any other status is a "computeFault".
FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    406: 'notAcceptable',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}

DATA_REFUSED = ('The database refused a value of this request: it is too '
                'long for its field, or holds characters that the '
                "database's character set cannot store (e.g. an emoji in "
                'a MySQL or MariaDB database that is not in utf8mb4).')

GENERIC_500 = ('The server could not complete the request because of an '
               'internal error. The request id in this response leads to '
               'the details in the manila-api log.')


def fault_body(status, message):
    name = FAULT_NAMES.get(status, 'computeFault')
    return {name: {'code': status, 'message': message}}


def fault_response(status, message, headers=None):
    """A webob.Response carrying a JSON fault."""
    resp = webob.Response(status=status, content_type='application/json',
                          charset='utf-8')
    resp.body = jsonutils.dump_as_bytes(fault_body(status, message))
    for name, value in headers or ():
        resp.headers[name] = value
    return resp


def from_exception(exc, headers=None):
    """Turn any exception into a JSON fault response.

    Typed errors (ManilaException with ``safe``, webob HTTP errors) keep
    their status and message; anything else is a bug: it is logged with
    its traceback and the caller sees a generic 500.
    """
    if isinstance(exc, exception.ManilaException):
        status = exc.code
        if exc.safe or status < 500:
            message = exc.msg
        else:
            LOG.exception('Unexpected error: %s', exc)
            message = GENERIC_500
    elif _refused_data(exc):
        # SQLSTATE class 22: a value the request carried; the transaction
        # was rolled back, nothing was written.
        LOG.warning('The database refused a value: %s', exc)
        status = 400
        message = DATA_REFUSED
    elif isinstance(exc, webob.exc.HTTPException):
        status = exc.status_int
        message = exc.detail or exc.explanation or http.client.responses.get(
            status, '')
    else:
        LOG.exception('Unexpected error while serving the request')
        status = 500
        message = GENERIC_500
    extra = list(headers or ())
    if isinstance(exc, webob.exc.HTTPMethodNotAllowed):
        allow = exc.headers.get('Allow')
        if allow:
            extra.append(('Allow', allow))
    return fault_response(status, message, extra)


def _refused_data(exc):
    """Whether the database refused a value (a "data exception")."""
    if isinstance(exc, db_exc.DBDataError):
        return True
    return isinstance(exc, db_exc.DBError) and isinstance(
        exc.inner_exception, sqlalchemy.exc.DataError)
