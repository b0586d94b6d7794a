"""Services API: list per microversion, filters, enable/disable, ensure."""

from manila.db import api as db
from manila.tests.unit.api import fakes


class ServicesListTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.alpha = self.make_service('localhost@alpha')
        self.beta = self.make_service('localhost@beta', up=False,
                                      availability_zone='zone-b')
        db.service_update(self.context, self.beta.id,
                          {'disabled': True, 'disabled_reason': 'disk'})
        db.service_claim_ensuring(self.context, 'localhost@alpha')

    def _list(self, query='', version='2.93'):
        resp = self.request('GET', '/services' + query, version=version)
        self.assertEqual(200, resp.status_int, resp.text)
        return resp.json['services']

    def test_fields_at_2_93(self):
        alpha, beta = self._list()
        self.assertEqual({'id', 'binary', 'host', 'zone', 'status', 'state',
                          'updated_at', 'disabled_reason', 'ensuring'},
                         set(alpha))
        self.assertEqual(('localhost@alpha', 'manila-share', 'nova',
                          'enabled', 'up', True),
                         (alpha['host'], alpha['binary'], alpha['zone'],
                          alpha['status'], alpha['state'],
                          alpha['ensuring']))
        self.assertEqual(('disabled', 'down', 'disk', False),
                         (beta['status'], beta['state'],
                          beta['disabled_reason'], beta['ensuring']))

    def test_fields_by_version(self):
        self.assertNotIn('ensuring', self._list(version='2.85')[0])
        self.assertIn('ensuring', self._list(version='2.86')[0])
        self.assertNotIn('disabled_reason', self._list(version='2.82')[0])
        self.assertIn('disabled_reason', self._list(version='2.83')[0])

    def test_legacy_url(self):
        resp = self.request('GET', '/os-services', version='2.0')
        self.assertEqual(2, len(resp.json['services']))
        self.assertNotIn('ensuring', resp.json['services'][0])

    def test_with_project_in_url(self):
        resp = self.request('GET', '/admin/services')
        self.assertEqual(2, len(resp.json['services']))

    def test_filters(self):
        def hosts(query, version='2.93'):
            return [s['host'] for s in self._list(query, version)]
        self.assertEqual(['localhost@beta'], hosts('?host=localhost@beta'))
        self.assertEqual(['localhost@beta'], hosts('?zone=zone-b'))
        self.assertEqual(['localhost@alpha'], hosts('?state=up'))
        self.assertEqual(['localhost@beta'], hosts('?status=disabled'))
        self.assertEqual([], hosts('?binary=manila-api'))
        # As the client sends them: capitalised.
        self.assertEqual(['localhost@alpha'], hosts('?ensuring=True'))
        self.assertEqual(['localhost@beta'], hosts('?ensuring=False'))
        self.assertEqual(['localhost@alpha'],
                         hosts('?ensuring=True&state=up&status=enabled'))
        # Before 2.93 there is no ensuring filter.
        self.assertEqual(2, len(hosts('?ensuring=True', '2.92')))

    def test_bad_ensuring_filter(self):
        resp = self.request('GET', '/services?ensuring=maybe')
        self.assertFault(resp, 400, contains='ensuring')

    def test_member_forbidden(self):
        self.assertFault(self.member('GET', '/services'), 403)


class ServicesUpdateTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.alpha = self.make_service('localhost@alpha')

    def _body(self, **extra):
        return dict({'host': 'localhost@alpha', 'binary': 'manila-share'},
                    **extra)

    def test_disable_with_reason_and_enable(self):
        resp = self.request('PUT', '/services/disable',
                            self._body(disabled_reason=' maintenance '))
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual({'host': 'localhost@alpha',
                          'binary': 'manila-share', 'disabled': True,
                          'status': 'disabled',
                          'disabled_reason': 'maintenance'}, resp.json)
        service = db.service_get(self.context, self.alpha.id)
        self.assertTrue(service.disabled)
        self.assertEqual('maintenance', service.disabled_reason)
        resp = self.request('PUT', '/services/enable', self._body())
        self.assertEqual(200, resp.status_int)
        service = db.service_get(self.context, self.alpha.id)
        self.assertFalse(service.disabled)
        self.assertIsNone(service.disabled_reason)

    def test_legacy_url(self):
        resp = self.request('PUT', '/os-services/disable', self._body(),
                            version='2.6')
        self.assertEqual({'host': 'localhost@alpha',
                          'binary': 'manila-share', 'disabled': True},
                         resp.json)

    def test_reason_needs_2_83(self):
        resp = self.request('PUT', '/services/disable',
                            self._body(disabled_reason='x'),
                            version='2.82')
        self.assertFault(resp, 400, contains='2.83')

    def test_unknown_action(self):
        resp = self.request('PUT', '/services/reboot', self._body())
        self.assertFault(resp, 404, contains='reboot')

    def test_unknown_service(self):
        resp = self.request('PUT', '/services/disable',
                            self._body(host='nowhere@x'))
        self.assertFault(resp, 404, contains='nowhere@x')

    def test_member_forbidden(self):
        resp = self.member('PUT', '/services/disable', self._body())
        self.assertFault(resp, 403)
        self.assertFalse(db.service_get(self.context,
                                        self.alpha.id).disabled)


class EnsureSharesTest(fakes.APITestCase):

    PATHS = ('/services/ensure', '/services/ensure-shares',
             '/services/ensure_shares', '/admin/services/ensure',
             '/admin/services/ensure-shares',
             '/admin/services/ensure_shares')

    def setUp(self):
        super().setUp()
        self.alpha = self.make_service('localhost@alpha')

    def _ensuring(self):
        return db.service_get(self.context, self.alpha.id).ensuring

    def test_every_path_and_body_form(self):
        for path in self.PATHS:
            for body in ({'host': 'localhost@alpha'},
                         {'ensure_shares': {'host': 'localhost@alpha'}}):
                resp = self.request('POST', path, body, version='2.86')
                self.assertEqual(202, resp.status_int, (path, resp.text))
                self.assertEqual(b'', resp.body)
                self.assertEqual(('ensure_shares', 'localhost@alpha'),
                                 self.rpc.casts[-1])
                self.assertTrue(self._ensuring())
                db.service_release_ensuring(self.context,
                                            'localhost@alpha')

    def test_before_2_86_is_404(self):
        for path in self.PATHS:
            resp = self.request('POST', path, {'host': 'localhost@alpha'},
                                version='2.85')
            self.assertFault(resp, 404)
        self.assertEqual([], self.rpc.casts)

    def test_member_forbidden(self):
        resp = self.member('POST', '/services/ensure',
                           {'host': 'localhost@alpha'})
        self.assertFault(resp, 403, contains='service:ensure_shares')
        self.assertFalse(self._ensuring())

    def test_unknown_host_404(self):
        resp = self.request('POST', '/services/ensure',
                            {'host': 'localhost@gamma'})
        self.assertFault(resp, 404, 'itemNotFound',
                         contains='localhost@gamma')

    def test_down_409(self):
        self.make_service('localhost@down', up=False)
        resp = self.request('POST', '/services/ensure',
                            {'host': 'localhost@down'})
        self.assertFault(resp, 409, 'conflictingRequest', contains='down')

    def test_disabled_409(self):
        db.service_update(self.context, self.alpha.id, {'disabled': True})
        resp = self.request('POST', '/services/ensure',
                            {'host': 'localhost@alpha'})
        self.assertFault(resp, 409, contains='disabled')

    def test_already_running_409(self):
        first = self.request('POST', '/services/ensure',
                             {'host': 'localhost@alpha'})
        second = self.request('POST', '/services/ensure',
                              {'host': 'localhost@alpha'})
        self.assertEqual(202, first.status_int)
        self.assertFault(second, 409, contains='already')
        self.assertEqual(1, len(self.rpc.casts))

    def test_broker_down_503_and_claim_released(self):
        self.rpc.fail = True
        resp = self.request('POST', '/services/ensure',
                            {'host': 'localhost@alpha'})
        self.assertFault(resp, 503, 'serviceUnavailable',
                         contains='broker')
        self.assertFalse(self._ensuring())
