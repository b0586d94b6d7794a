"""What manila-ui 16 lists on its Shares pages, at the 2.87 it sends.

manila-ui lists share networks, snapshots and share groups on every
Shares page and reads the limits in its Create Share form; a 404 there
breaks the page. This service has none of those resources: the lists are
empty, and the limits say what the project uses, with no quota.
"""

from manila.tests.unit.api import fakes

MANILA_UI_VERSION = '2.87'


class DashboardCompatTest(fakes.APITestCase):

    def test_absent_resources_list_empty(self):
        for path, key in (('/share-networks', 'share_networks'),
                          ('/share-networks/detail', 'share_networks'),
                          ('/snapshots/detail', 'snapshots'),
                          ('/snapshots', 'snapshots'),
                          ('/share-groups/detail', 'share_groups')):
            resp = self.member('GET', path, version=MANILA_UI_VERSION)
            self.assertEqual(200, resp.status_int, '%s: %s'
                             % (path, resp.text))
            self.assertEqual({key: []}, resp.json)

    def test_absent_resource_by_id_is_still_404(self):
        self.assertFault(self.member('GET', '/snapshots/x'), 404)

    def test_limits_count_the_projects_shares_without_quota(self):
        self.member('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 2}})
        self.member('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 3}}, token=fakes.BOB)
        resp = self.member('GET', '/limits', version=MANILA_UI_VERSION)
        self.assertEqual(200, resp.status_int, resp.text)
        absolute = resp.json['limits']['absolute']
        self.assertEqual(1, absolute['totalSharesUsed'])
        self.assertEqual(2, absolute['totalShareGigabytesUsed'])
        self.assertEqual(-1, absolute['maxTotalShares'])
        self.assertEqual([], resp.json['limits']['rate'])

    def test_lists_need_a_role(self):
        resp = self.request('GET', '/share-networks', token=fakes.ALICE,
                            roles='')
        self.assertFault(resp, 403)
