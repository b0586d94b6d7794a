"""manila-tempest-plugin's shares v2 client, plus ensure shares.

``ensure_shares`` speaks both URLs the API serves (``/services/ensure``,
the specification's, and ``/services/ensure-shares``, python-manilaclient's)
and both body shapes (``{"host": ...}`` and upstream's
``{"ensure_shares": {"host": ...}}``), so the tests cover what every
client sends.
"""

import json

from manila_tempest_tests.services.share.v2.json import shares_client
from tempest.lib.common import rest_client

ENSURE_MICROVERSION = '2.86'
ENSURING_FILTER_MICROVERSION = '2.93'

PATHS = ('ensure', 'ensure-shares')
BODY_SHAPES = ('flat', 'wrapped')


def ensure_body(host, body_shape='flat'):
    """The request body for ``host`` in one of BODY_SHAPES."""
    if body_shape == 'flat':
        return {'host': host}
    if body_shape == 'wrapped':
        return {'ensure_shares': {'host': host}}
    raise ValueError('body_shape must be one of %s, not %r'
                     % (', '.join(BODY_SHAPES), body_shape))


class EnsureSharesClient(shares_client.SharesV2Client):

    def ensure_shares(self, host, path='ensure', body_shape='flat',
                      body=None, version=ENSURE_MICROVERSION):
        """POST /services/<path>; expects 202 and returns the response.

        ``body`` (any JSON value) replaces the one built from ``host`` and
        ``body_shape``, for the tests of malformed requests.
        """
        if path not in PATHS:
            raise ValueError('path must be one of %s, not %r'
                             % (', '.join(PATHS), path))
        if body is None:
            body = ensure_body(host, body_shape)
        resp, text = self.post('services/%s' % path, json.dumps(body),
                               version=version)
        self.expected_success(202, resp.status)
        return rest_client.ResponseBody(resp, json.loads(text) if text
                                        else {})

    def list_services(self, params=None, url=None,
                      version=ENSURE_MICROVERSION):
        """As manila's, at 2.86 unless told (the filter needs 2.93)."""
        return super().list_services(params=params, url=url,
                                     version=version)

    def show_share_service(self, host, version=ENSURE_MICROVERSION):
        """The manila-share service of ``host``, or None."""
        services = self.list_services(
            {'host': host, 'binary': 'manila-share'},
            version=version)['services']
        return services[0] if services else None

    def set_service_enabled(self, host, enabled, reason=None,
                            binary='manila-share',
                            version=ENSURE_MICROVERSION):
        """PUT /services/enable or /services/disable (with a reason)."""
        body = {'host': host, 'binary': binary}
        if reason and not enabled:
            body['disabled_reason'] = reason
        resp, text = self.put(
            'services/%s' % ('enable' if enabled else 'disable'),
            json.dumps(body), version=version)
        self.expected_success(200, resp.status)
        return rest_client.ResponseBody(resp, json.loads(text))
