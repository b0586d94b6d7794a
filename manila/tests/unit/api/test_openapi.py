"""The OpenAPI document describes every route, and the committed one is
current (doc/source/api-ref/openapi.json; tools/gen-openapi.py)."""

import difflib
import json
import os
import re

import jsonschema
import testtools

from manila.api import openapi
from manila.api.openapi import operations
from manila.api.openapi import responses
from manila.api.openstack import api_version
from manila.api.v2 import router
from manila.api.v2 import shares

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir,
                                    os.pardir, os.pardir, os.pardir))
COMMITTED = os.path.join(ROOT, 'doc', 'source', 'api-ref', 'openapi.json')


class DocumentTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.document = openapi.build()

    def test_committed_document_is_current(self):
        with open(COMMITTED, encoding='utf-8') as f:
            committed = f.read()
        generated = openapi.dumps(self.document)
        if committed != generated:
            diff = ''.join(list(difflib.unified_diff(
                committed.splitlines(True), generated.splitlines(True),
                'committed', 'generated from the code'))[:60])
            self.fail('doc/source/api-ref/openapi.json is out of date: run '
                      "'tools/gen-openapi.py' (or 'tox -e openapi') and "
                      'commit the result.\n' + diff)

    def test_every_route_of_the_router_is_described(self):
        described = set()
        for path, methods in self.document['paths'].items():
            described.update((m.upper(), path) for m in methods)
        for route in router.APIRouter().mapper.matchlist:
            path = route.routepath
            if path.startswith('/{project_id}/'):
                path = path[len('/{project_id}'):]
            for method in route.conditions['method']:
                self.assertIn((method, path), described)
        self.assertEqual(len(described), len(openapi.routes()))

    def test_a_route_without_a_description_fails(self):
        api = router.APIRouter()
        resource = api.mapper.matchlist[1].defaults['controller']
        api._connect(resource, '/shares/{id}/undescribed', 'show', 'GET')
        error = self.assertRaises(openapi.UndescribedRoute,
                                  openapi.build, api)
        self.assertIn('GET /shares/{id}/undescribed', str(error))

    def test_a_description_without_a_route_fails(self):
        described = dict(operations.OPERATIONS)
        described[('GET', '/gone')] = operations.op('shares', 'Gone.')
        self.patch(operations, 'OPERATIONS', described)
        error = self.assertRaises(openapi.UndescribedRoute, openapi.build)
        self.assertIn('GET /gone', str(error))

    def test_a_share_action_without_a_description_fails(self):
        def shrink(self, req, id, body):
            pass
        shrink.wsgi_action = 'shrink'
        self.patch(shares.ShareController, 'shrink', shrink)
        error = self.assertRaises(openapi.UndescribedRoute, openapi.build)
        self.assertIn('shrink', str(error))

    def test_version_ranges_come_from_the_controllers(self):
        paths = self.document['paths']
        ensure = paths['/services/ensure']['post']
        self.assertEqual({'min-ver': '2.86', 'max-ver': '2.93'},
                         ensure['x-openstack'])
        self.assertEqual({'min-ver': '2.0', 'max-ver': '2.6'},
                         paths['/os-services']['get']['x-openstack'])
        header = ensure['parameters'][-2]
        self.assertEqual(api_version.LEGACY_HEADER, header['name'])
        pattern = re.compile(header['schema']['pattern'])
        self.assertTrue(pattern.match('2.86'))
        self.assertTrue(pattern.match('2.93'))
        self.assertFalse(pattern.match('2.85'))
        self.assertFalse(pattern.match('2.94'))

    def test_request_bodies_are_the_api_schemas(self):
        body = self.document['paths']['/shares']['post']['requestBody']
        schema = body['content']['application/json']['schema']
        size = schema['properties']['share']['properties']['size']
        self.assertEqual(2147483647, size['oneOf'][0]['maximum'])
        self.assertNotIn('description_on_error', json.dumps(self.document))
        actions = self.document['paths']['/shares/{id}/action']['post']
        names = [b['x-openstack']['action-name'] for b in
                 actions['requestBody']['content']['application/json']
                 ['schema']['oneOf']]
        self.assertEqual(sorted(operations.SHARE_ACTIONS), names)

    def test_every_operation_describes_its_statuses(self):
        for path, methods in self.document['paths'].items():
            for method, operation in methods.items():
                statuses = set(operation['responses'])
                self.assertTrue({'400', '403', '404', '406'} <= statuses,
                                (method, path))
                self.assertTrue(any(s.startswith('2') for s in statuses),
                                (method, path))
                self.assertFalse(any(s.startswith('5') and s != '503'
                                     for s in statuses), (method, path))

    def test_response_schemas_are_valid_json_schema(self):
        for name, schema in responses.SCHEMAS.items():
            jsonschema.Draft202012Validator.check_schema(schema)

    def test_fault_schema(self):
        validator = jsonschema.Draft202012Validator(responses.FAULT)
        self.assertTrue(validator.is_valid(
            {'itemNotFound': {'code': 404, 'message': 'No share x.'}}))
        self.assertFalse(validator.is_valid(
            {'itemNotFound': {'code': 404, 'message': ''}}))
        self.assertFalse(validator.is_valid({'a': {}, 'b': {}}))
