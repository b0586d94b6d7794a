"""Export locations of a share (2.9 and later)."""

from manila.db import api as db
from manila.tests.unit.api import fakes


class ExportLocationsTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.share = self.make_share(
            's1', exports=('192.0.2.10:/srv/s1', '192.0.2.11:/srv/s1'))
        db.export_locations_replace(
            self.context, self.share.instance.id,
            [{'path': '192.0.2.10:/srv/s1', 'preferred': True,
              'is_admin_only': False, 'metadata': {}},
             {'path': '10.0.0.5:/srv/s1', 'preferred': False,
              'is_admin_only': True, 'metadata': {}}])
        self.base = '/shares/%s/export_locations' % self.share.id

    def test_member_list(self):
        resp = self.member('GET', self.base)
        self.assertEqual(200, resp.status_int, resp.text)
        (el,) = resp.json['export_locations']
        self.assertEqual({'id', 'path', 'preferred', 'metadata'}, set(el))
        self.assertEqual(('192.0.2.10:/srv/s1', True),
                         (el['path'], el['preferred']))

    def test_admin_list_has_admin_only_paths(self):
        resp = self.request('GET', self.base)
        paths = sorted(el['path'] for el in resp.json['export_locations'])
        self.assertEqual(['10.0.0.5:/srv/s1', '192.0.2.10:/srv/s1'], paths)
        self.assertIn('share_instance_id', resp.json['export_locations'][0])

    def test_show(self):
        el = self.member('GET', self.base).json['export_locations'][0]
        resp = self.member('GET', '%s/%s' % (self.base, el['id']))
        self.assertEqual(200, resp.status_int)
        self.assertEqual(el['path'], resp.json['export_location']['path'])
        self.assertIn('created_at', resp.json['export_location'])
        self.assertFault(self.member('GET', '%s/nope' % self.base), 404)

    def test_before_2_9_is_404(self):
        self.assertFault(self.member('GET', self.base, version='2.8'), 404)

    def test_other_project_404(self):
        self.assertFault(self.member('GET', self.base, token=fakes.BOB),
                         404)
