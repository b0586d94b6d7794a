"""Client side of the share manager's RPC API.

Every method is a cast to exactly one backend: topic 'manila-share',
server 'host@backend' (a '#pool' suffix of the host is dropped).

API version history:

    1.0 - create_share_instance, delete_share_instance, update_access,
          ensure_shares
    1.1 - delete_share_instance takes ``force``
    1.2 - ensure_shares takes ``run_id``: the run the API recorded with
          its claim
"""

import oslo_messaging as messaging

from manila import rpc

TOPIC = 'manila-share'
RPC_API_VERSION = '1.2'

# Connection attempts before a cast gives up when the broker is down: an
# API request must answer 503, not hang. Ensure fails fastest: nothing was
# created yet and the operator simply retries.
CAST_RETRY = 3
ENSURE_CAST_RETRY = 1


def server_of(host):
    """'host@backend#pool' -> 'host@backend' (the RPC server name)."""
    return host.partition('#')[0]


class ShareAPI:
    """Casts to a manila-share backend process."""

    def __init__(self):
        target = messaging.Target(topic=TOPIC, version=RPC_API_VERSION)
        self.client = rpc.get_client(target, version_cap=RPC_API_VERSION)

    def _cast(self, context, host, method, retry=CAST_RETRY,
              version='1.0', **kwargs):
        client = self.client.prepare(server=server_of(host),
                                     version=version, retry=retry)
        try:
            client.cast(context, method, **kwargs)
        except messaging.MessagingException:
            raise
        except Exception as exc:
            # The driver's own errors (e.g. kombu's "connection refused")
            # become the one exception callers handle.
            raise messaging.MessageDeliveryFailure(
                'Could not send %s to %s: %s' % (method, host, exc)) from exc

    def create_share_instance(self, context, share_instance_id, host):
        """Ask backend ``host`` to create the instance on its storage."""
        self._cast(context, host, 'create_share_instance',
                   share_instance_id=share_instance_id)

    def delete_share_instance(self, context, share_instance_id, host,
                              force=False):
        """Ask backend ``host`` to delete the instance and its rows.

        ``force``: the rows go even when the driver fails (1.1).
        """
        if force:
            self._cast(context, host, 'delete_share_instance',
                       version='1.1', share_instance_id=share_instance_id,
                       force=True)
        else:
            self._cast(context, host, 'delete_share_instance',
                       share_instance_id=share_instance_id)

    def update_access(self, context, share_instance_id, host):
        """Ask backend ``host`` to apply the instance's queued rules."""
        self._cast(context, host, 'update_access',
                   share_instance_id=share_instance_id)

    def ensure_shares(self, context, host, run_id=None):
        """Ask backend ``host`` to re-check all of its shares, as the
        ensure run ``run_id``.

        Raises oslo_messaging.MessageDeliveryFailure after
        ENSURE_CAST_RETRY attempts when the broker is unreachable.
        """
        if run_id is None:
            self._cast(context, host, 'ensure_shares',
                       retry=ENSURE_CAST_RETRY)
        else:
            self._cast(context, host, 'ensure_shares', version='1.2',
                       retry=ENSURE_CAST_RETRY, run_id=run_id)


class ShareRPCClientMixin:
    """A ``share_rpcapi`` attribute, built on first use, injectable.

    Building the client needs the RPC transport, which a process sets up
    after importing the modules that use this mixin.
    """

    def __init__(self, share_rpcapi=None):
        self._share_rpcapi = share_rpcapi

    @property
    def share_rpcapi(self):
        if self._share_rpcapi is None:
            self._share_rpcapi = ShareAPI()
        return self._share_rpcapi
