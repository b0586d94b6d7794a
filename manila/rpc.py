"""oslo.messaging plumbing: one transport, one notifier, per process.

``init(conf)`` runs once in each process that talks RPC (the API process,
every backend child of manila-share, manila-all). Children of manila-share
call it after the fork, because a broker connection must not be shared
between processes. The executor is always 'threading': no eventlet.
"""

from oslo_log import log
from oslo_service import backend as _service_backend

# oslo.messaging imports oslo.service; pick its threading backend before
# that import so no eventlet hub is ever selected.
try:
    _service_backend.init_backend(_service_backend.BackendType.THREADING)
except Exception:  # pragma: no cover - another backend chosen on purpose
    pass

import oslo_messaging as messaging  # noqa: E402
from oslo_messaging.rpc import dispatcher  # noqa: E402
from oslo_serialization import jsonutils  # noqa: E402

from manila import context as manila_context  # noqa: E402
from manila import local_rpc  # noqa: E402

LOG = log.getLogger(__name__)

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None
# Set in manila-all's API processes: casts go to its backends process
# through this UNIX socket (see manila.local_rpc).
RELAY_PATH = None


class JsonPayloadSerializer(messaging.NoOpSerializer):
    """Payloads as JSON primitives (datetimes become strings)."""

    @staticmethod
    def serialize_entity(context, entity):
        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Carries manila.context.RequestContext across the wire."""

    def __init__(self, base=None):
        self._base = base

    def serialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        if self._base is None:
            return entity
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return manila_context.RequestContext.from_dict(context)


def init(conf, url=None):
    """Create this process's transports and notifier from ``conf``.

    ``url`` overrides transport_url (tests use 'fake://').
    """
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    TRANSPORT = messaging.get_rpc_transport(conf, url=url)
    NOTIFICATION_TRANSPORT = messaging.get_notification_transport(conf,
                                                                  url=url)
    serializer = RequestContextSerializer(JsonPayloadSerializer())
    NOTIFIER = messaging.Notifier(NOTIFICATION_TRANSPORT,
                                  serializer=serializer)


def in_process(conf):
    """Whether transport_url is the in-process transport (fake://)."""
    return messaging.TransportURL.parse(conf).transport == 'fake'


def initialized():
    return TRANSPORT is not None


def _ensure_init():
    # Library users (tests, tools) may skip init(); fall back to the
    # global configuration rather than failing on first use.
    if TRANSPORT is None:
        from oslo_config import cfg
        init(cfg.CONF)


def cleanup():
    """Close the transports (at process exit, or between tests)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    for transport in (TRANSPORT, NOTIFICATION_TRANSPORT):
        if transport is not None:
            transport.cleanup()
    TRANSPORT = NOTIFICATION_TRANSPORT = NOTIFIER = None


def get_transport():
    _ensure_init()
    return TRANSPORT


def get_notifier(publisher_id):
    """A notifier whose events carry ``publisher_id`` (e.g. 'share.h@b')."""
    _ensure_init()
    return NOTIFIER.prepare(publisher_id=publisher_id)


def use_relay(path):
    """Send this process's casts through manila-all's relay at ``path``."""
    global RELAY_PATH
    RELAY_PATH = path


def get_client(target, version_cap=None):
    """An RPC client for ``target`` (casts and calls; casts only when
    relayed, see use_relay)."""
    if RELAY_PATH is not None:
        return local_rpc.RelayClient(
            RELAY_PATH, target, RequestContextSerializer(
                JsonPayloadSerializer()))
    return get_transport_client(target, version_cap)


def get_transport_client(target, version_cap=None):
    """An RPC client on this process's own transport, never relayed."""
    _ensure_init()
    serializer = RequestContextSerializer(JsonPayloadSerializer())
    return messaging.get_rpc_client(TRANSPORT, target,
                                    version_cap=version_cap,
                                    serializer=serializer)


def get_server(target, endpoints):
    """An RPC server on ``target`` run by the threading executor."""
    _ensure_init()
    serializer = RequestContextSerializer(JsonPayloadSerializer())
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, executor='threading',
        serializer=serializer,
        access_policy=dispatcher.DefaultRPCAccessPolicy)
