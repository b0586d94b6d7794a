"""Microversions: the version documents and the version headers."""

from manila.api.openstack import api_version
from manila.tests import base
from manila.tests.unit.api import fakes


class VersionDocumentsTest(fakes.APITestCase):

    def test_root_is_300_with_the_v2_range(self):
        resp = self.request('GET', '/', prefix='', version=None)
        self.assertEqual(300, resp.status_int)
        (doc,) = resp.json['versions']
        self.assertEqual('v2.0', doc['id'])
        self.assertEqual('CURRENT', doc['status'])
        self.assertEqual('2.0', doc['min_version'])
        self.assertEqual('2.93', doc['version'])
        self.assertEqual('http://localhost/v2/', [
            link['href'] for link in doc['links']
            if link['rel'] == 'self'][0])

    def test_root_ignores_version_headers(self):
        for headers in ({'X-OpenStack-Manila-API-Version': '9.9'},
                        {'X-OpenStack-Manila-API-Version': 'bogus'},
                        {'OpenStack-API-Version':
                         'shared-file-system 2.5'}):
            resp = self.request('GET', '/', prefix='', version=None,
                                headers=headers)
            self.assertEqual(300, resp.status_int, headers)

    def test_v2_echoes_requested_version(self):
        resp = self.request('GET', '/', version='2.86')
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.86',
                         resp.headers['X-OpenStack-Manila-API-Version'])
        self.assertEqual('shared-file-system 2.86',
                         resp.headers['OpenStack-API-Version'])
        self.assertIn('X-OpenStack-Manila-API-Version', resp.headers['Vary'])
        self.assertIn('OpenStack-API-Version', resp.headers['Vary'])
        self.assertEqual('2.93', resp.json['versions'][0]['version'])

    def test_v2_without_header_is_min_version(self):
        resp = self.request('GET', '/', version=None)
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.0',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_v2_without_trailing_slash(self):
        resp = self.request('GET', '', version='2.7')
        self.assertEqual(200, resp.status_int)

    def test_standard_header(self):
        resp = self.request('GET', '/', version=None, headers={
            'OpenStack-API-Version': 'shared-file-system 2.45'})
        self.assertEqual('2.45',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_standard_header_wins_over_legacy(self):
        resp = self.request('GET', '/', version='2.10', headers={
            'OpenStack-API-Version': 'shared-file-system 2.45'})
        self.assertEqual('2.45',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_standard_header_of_other_service_is_ignored(self):
        resp = self.request('GET', '/', version=None, headers={
            'OpenStack-API-Version': 'compute 2.45'})
        self.assertEqual('2.0',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_latest_is_max(self):
        resp = self.request('GET', '/', version='latest')
        self.assertEqual('2.93',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_malformed_version_is_400(self):
        for bad in ('2', '2.', 'two.one', '2.01', '02.1', '2.1.1', ' '):
            resp = self.request('GET', '/services', version=bad)
            self.assertFault(resp, 400, 'badRequest', contains='malformed')

    def test_out_of_range_is_406_naming_the_range(self):
        for bad in ('2.94', '3.0', '1.0', '1.9'):
            resp = self.request('GET', '/services', version=bad)
            message = self.assertFault(resp, 406)
            self.assertIn('2.0', message)
            self.assertIn('2.93', message)

    def test_fault_carries_version_headers(self):
        resp = self.request('GET', '/shares/nope', version='2.50')
        self.assertEqual(404, resp.status_int)
        self.assertEqual('2.50',
                         resp.headers['X-OpenStack-Manila-API-Version'])

    def test_method_outside_its_range_is_404(self):
        # /services exists from 2.7; /os-services up to 2.6.
        self.assertFault(self.request('GET', '/services', version='2.6'),
                         404, 'itemNotFound', contains='2.6')
        self.assertEqual(200, self.request('GET', '/os-services',
                                           version='2.6').status_int)
        self.assertFault(self.request('GET', '/os-services', version='2.7'),
                         404)


class APIVersionTest(base.TestCase):
    DATABASE = None

    def test_ordering(self):
        v = api_version.APIVersion
        self.assertLess(v('2.9'), v('2.10'))
        self.assertGreater(v('2.93'), '2.86')
        self.assertEqual(v('2.7'), '2.7')
        self.assertTrue(v('2.50').matches('2.45', None))
        self.assertFalse(v('2.44').matches('2.45', None))
        self.assertFalse(v('2.7').matches(None, '2.6'))
