"""Share types and the default type."""

import fixtures

from manila.db import api as db
from manila import exception
from manila.tests.unit.api import fakes


class ShareTypesTest(fakes.APITestCase):

    def _create(self, name='gold', token=fakes.ADMIN, roles=None,
                **specs):
        specs.setdefault('driver_handles_share_servers', 'False')
        return self.request('POST', '/types', {'share_type': {
            'name': name, 'extra_specs': specs,
            'share_type_access:is_public': True}}, token=token, roles=roles)

    def test_default_is_created_on_first_use(self):
        resp = self.member('GET', '/types/default')
        self.assertEqual(200, resp.status_int, resp.text)
        stype = resp.json['share_type']
        self.assertEqual(('default', {'driver_handles_share_servers':
                                      'False'}, True),
                         (stype['name'], stype['required_extra_specs'],
                          stype['is_default']))
        self.assertEqual(stype, resp.json['volume_type'])

    def test_no_default_configured(self):
        self.flags(default_share_type='')
        self.assertFault(self.member('GET', '/types/default'), 404,
                         contains='default share type')

    def test_list_and_show(self):
        self._create(share_backend_name='alpha')
        names = [t['name'] for t in
                 self.member('GET', '/types').json['share_types']]
        self.assertEqual(['default', 'gold'], sorted(names))
        gold = self.member('GET', '/types/gold').json['share_type']
        # Members do not see which backend a type names.
        self.assertNotIn('share_backend_name', gold['extra_specs'])
        self.assertFalse(gold['is_default'])
        gold = self.request('GET', '/types/%s' % gold['id']).json[
            'share_type']
        self.assertEqual('alpha', gold['extra_specs']['share_backend_name'])

    def test_extra_specs_filter_from_2_43(self):
        self._create(share_backend_name='alpha')
        resp = self.request('GET', "/types?extra_specs=%7B%27share_backend_"
                                   "name%27%3A+%27alpha%27%7D")
        self.assertEqual(['gold'], [t['name'] for t in
                                    resp.json['share_types']])

    def test_create_is_admin_only(self):
        self.assertFault(self._create(token=fakes.ALICE, roles='member'),
                         403)
        self.assertEqual(200, self._create().status_int)
        self.assertFault(self._create(), 409, contains='gold')

    def test_create_validates_specs(self):
        resp = self.request('POST', '/types', {'share_type': {
            'name': 'x', 'extra_specs': {}}})
        self.assertFault(resp, 400,
                         contains='driver_handles_share_servers')
        resp = self._create(driver_handles_share_servers='True')
        self.assertFault(resp, 400, contains='share servers')
        resp = self._create(driver_handles_share_servers='maybe')
        self.assertFault(resp, 400, contains='true or false')

    def test_delete(self):
        gold = self._create().json['share_type']
        self.assertFault(self.member('DELETE', '/types/%s' % gold['id']),
                         403)
        self.assertEqual(202, self.request(
            'DELETE', '/types/%s' % gold['id']).status_int)
        self.assertFault(self.request('GET', '/types/%s' % gold['id']),
                         404)

    def test_delete_in_use_409(self):
        self.make_share('s1')
        stype = db.share_type_get_by_name(self.context, 'default')
        self.assertFault(self.request('DELETE', '/types/%s' % stype.id),
                         409)


class DefaultTypeRaceTest(fakes.APITestCase):

    def test_lost_creation_race_reads_the_winner(self):
        from oslo_db import exception as db_exc

        from manila.share import share_types
        winner = share_types.create(self.context, 'default',
                                    {'driver_handles_share_servers': 'False'})
        real_get = db.share_type_get_by_name
        calls = []

        def first_miss(context, name):
            # The first read happens before the other process's insert.
            calls.append(name)
            if len(calls) == 1:
                raise exception.ShareTypeNotFoundByName(share_type_name=name)
            return real_get(context, name)
        self.useFixture(fixtures.MockPatch(
            'manila.db.api.share_type_get_by_name', side_effect=first_miss))
        self.useFixture(fixtures.MockPatch(
            'manila.db.api.share_type_create',
            side_effect=db_exc.DBDuplicateEntry()))
        self.assertEqual(winner.id,
                         share_types.ensure_default_type(self.context).id)
