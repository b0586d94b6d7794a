"""Share metadata: /shares/{id}/metadata."""

from manila.tests.unit.api import fakes


class ShareMetadataTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share('s1', project='project-a',
                                     metadata={'a': '1'})
        self.base = '/shares/%s/metadata' % self.share.id

    def _all(self, **kwargs):
        return self.member('GET', self.base, **kwargs).json['metadata']

    def test_set_merge_replace_delete(self):
        self.assertEqual({'a': '1'}, self._all())
        resp = self.member('POST', self.base, {'metadata': {'b': '2'}})
        self.assertEqual({'a': '1', 'b': '2'}, resp.json['metadata'])
        resp = self.member('PUT', self.base, {'metadata': {'c': '3'}})
        self.assertEqual({'c': '3'}, resp.json['metadata'])
        resp = self.member('PUT', self.base + '/c', {'meta': {'c': '4'}})
        self.assertEqual({'meta': {'c': '4'}}, resp.json)
        self.assertEqual({'meta': {'c': '4'}},
                         self.member('GET', self.base + '/c').json)
        self.assertEqual(200, self.member('DELETE',
                                          self.base + '/c').status_int)
        self.assertEqual({}, self._all())
        self.assertFault(self.member('DELETE', self.base + '/c'), 404)

    def test_key_must_match_url(self):
        resp = self.member('PUT', self.base + '/c', {'meta': {'d': '4'}})
        self.assertFault(resp, 400, contains="'c'")

    def test_other_project_404(self):
        self.assertFault(self.member('GET', self.base, token=fakes.BOB),
                         404)

    def test_value_must_be_string(self):
        resp = self.member('POST', self.base, {'metadata': {'b': 2}})
        self.assertFault(resp, 400, contains='metadata.b')
