"""The basic DB API: shares, instances, export locations, rules, types."""

import threading

from manila.db import api as db
from manila import exception
from manila.common import states
from manila.tests import base


class ShareRowsTestCase(base.TestCase):

    def _share(self, **kwargs):
        values = {'size': 1, 'share_proto': 'NFS', 'project_id': 'p1',
                  'display_name': 'one', 'metadata': {'k': 'v'}}
        values.update(kwargs)
        return db.share_create(self.context, values, {'host': 'h@alpha'})

    def test_create_makes_share_instance_and_metadata(self):
        share = self._share()
        fetched = db.share_get(self.context, share.id)
        self.assertEqual('one', fetched.display_name)
        self.assertEqual(states.CREATING, fetched.instance.status)
        self.assertEqual('h@alpha', fetched.instance.host)
        self.assertEqual({'k': 'v'}, {m.key: m.value
                                      for m in fetched.share_metadata})

    def test_get_missing_raises_not_found(self):
        self.assertRaises(exception.ShareNotFound, db.share_get,
                          self.context, 'nope')

    def test_filters_on_share_and_instance_columns(self):
        one = self._share()
        self._share(display_name='two', project_id='p2')
        db.share_instance_update(self.context, one.instance.id,
                                 {'status': states.AVAILABLE})
        self.assertEqual([one.id], [s.id for s in db.share_get_all(
            self.context, {'display_name': 'one'})])
        self.assertEqual([one.id], [s.id for s in db.share_get_all(
            self.context, {'status': states.AVAILABLE})])
        self.assertEqual(['two'], [s.display_name for s in db.share_get_all(
            self.context, {'project_id': 'p2'})])
        self.assertEqual([], db.share_get_all(
            self.context, {'is_soft_deleted': True}))
        self.assertEqual([one.id], [s.id for s in db.share_get_all(
            self.context, {'metadata': {'k': 'v'}, 'project_id': 'p1'})])

    def test_delete_removes_every_row(self):
        share = self._share()
        db.export_locations_replace(self.context, share.instance.id,
                                    ['192.0.2.1:/x'])
        db.access_rule_create(self.context, {
            'share_id': share.id, 'access_type': 'ip',
            'access_to': '10.0.0.1', 'access_level': 'rw'})
        db.share_delete(self.context, share.id)
        self.assertRaises(exception.ShareNotFound, db.share_get,
                          self.context, share.id)
        self.assertEqual([], db.export_locations_get_by_share(
            self.context, share.id))
        self.assertEqual([], db.access_rules_get_by_share(
            self.context, share.id))

    def test_status_change_outside_table_is_refused(self):
        share = self._share()
        self.assertRaises(exception.InvalidStatusTransition,
                          db.share_instance_update, self.context,
                          share.instance.id, {'status': states.ENSURING})

    def test_status_cas_has_exactly_one_winner(self):
        share = self._share()
        db.share_instance_update(self.context, share.instance.id,
                                 {'status': states.AVAILABLE})
        results = []
        barrier = threading.Barrier(8)

        def race():
            barrier.wait()
            results.append(db.share_instance_status_cas(
                self.context, share.instance.id,
                [states.AVAILABLE, states.ERROR], states.DELETING))

        threads = [threading.Thread(target=race) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(1, results.count(True))
        self.assertEqual(states.DELETING, db.share_instance_get(
            self.context, share.instance.id).status)

    def test_access_status_cas_refused_while_ensuring(self):
        share = self._share()
        iid = share.instance.id
        db.share_instance_update(self.context, iid,
                                 {'status': states.AVAILABLE})
        db.share_instance_update(self.context, iid,
                                 {'status': states.ENSURING})
        self.assertFalse(db.share_instance_access_status_cas(
            self.context, iid, states.ACCESS_STATUS_SYNCING,
            states.USER_ACTIONABLE))
        self.assertEqual(states.ACCESS_STATUS_ACTIVE, db.share_instance_get(
            self.context, iid).access_rules_status)

    def test_export_locations_replace_keeps_unchanged_uuids(self):
        share = self._share()
        iid = share.instance.id
        db.export_locations_replace(self.context, iid, [
            {'path': 'a:/x', 'preferred': True}, 'b:/x'])
        before = {e.path: e.uuid for e in db.export_locations_get_by_share(
            self.context, share.id)}
        db.export_locations_replace(self.context, iid, [
            {'path': 'a:/x', 'preferred': True, 'metadata': {'m': 1}},
            'c:/x'])
        after = {e.path: e for e in db.export_locations_get_by_share(
            self.context, share.id)}
        self.assertEqual({'a:/x', 'c:/x'}, set(after))
        self.assertEqual(before['a:/x'], after['a:/x'].uuid)
        self.assertEqual({'m': 1}, after['a:/x'].el_metadata)
        self.assertTrue(after['a:/x'].preferred)
        self.assertEqual(after['c:/x'].path, db.export_location_get_by_uuid(
            self.context, after['c:/x'].uuid).path)


class ShareTypeTestCase(base.TestCase):

    def test_create_get_and_in_use(self):
        st = db.share_type_create(self.context, {'name': 'default'},
                                  {'driver_handles_share_servers': False})
        self.assertEqual({'driver_handles_share_servers': 'False'},
                         {s.spec_key: s.spec_value
                          for s in db.share_type_get_by_name(
                              self.context, 'default').extra_specs})
        self.assertRaises(exception.ShareTypeExists, db.share_type_create,
                          self.context, {'name': 'default'})
        db.share_create(self.context, {'size': 1, 'share_proto': 'NFS',
                                       'share_type_id': st.id}, {})
        self.assertRaises(exception.ShareTypeInUse, db.share_type_delete,
                          self.context, st.id)
        self.assertEqual(
            {'driver_handles_share_servers': 'False',
             'share_backend_name': 'alpha'},
            db.share_type_extra_specs_update(
                self.context, st.id, {'share_backend_name': 'alpha'}))


class ServiceClaimTestCase(base.TestCase):

    def test_claim_is_exclusive_until_released(self):
        service = db.service_create(self.context, {
            'host': 'h@alpha', 'binary': 'manila-share'})
        self.assertFalse(service.ensuring)
        self.assertTrue(db.service_claim_ensuring(self.context, 'h@alpha'))
        self.assertFalse(db.service_claim_ensuring(self.context, 'h@alpha'))
        self.assertTrue(db.service_release_ensuring(self.context,
                                                    'h@alpha'))
        self.assertFalse(db.service_release_ensuring(self.context,
                                                     'h@alpha'))
        self.assertTrue(db.service_claim_ensuring(self.context, 'h@alpha'))
        self.assertTrue(db.service_get(self.context, service.id).ensuring)

    def test_heartbeat_counts_and_stamps(self):
        service = db.service_create(self.context, {
            'host': 'h@alpha', 'binary': 'manila-share'})
        db.service_heartbeat(self.context, service.id)
        db.service_heartbeat(self.context, service.id)
        service = db.service_get(self.context, service.id)
        self.assertEqual(2, service.report_count)
        self.assertIsNotNone(service.heartbeat_at)


class TextBeyondTheBMPMixin:
    """Four-byte UTF-8 characters (emoji) are stored and read back."""

    def test_share_name_and_metadata(self):
        name = 'smile \U0001f600 \u4e2d'
        share = db.share_create(self.context, {
            'size': 1, 'share_proto': 'NFS', 'display_name': name,
            'metadata': {'k\U0001f600': 'v\U0001f600'}}, {'host': 'h@b'})
        fetched = db.share_get(self.context, share.id)
        self.assertEqual(name, fetched.display_name)
        self.assertEqual({'k\U0001f600': 'v\U0001f600'},
                         {m.key: m.value for m in fetched.share_metadata})


class SQLiteTextTestCase(TextBeyondTheBMPMixin, base.TestCase):
    pass


class PostgreSQLTextTestCase(TextBeyondTheBMPMixin, base.TestCase):
    DATABASE = 'postgresql'


class MySQLTextTestCase(TextBeyondTheBMPMixin, base.TestCase):
    # oslo.db's default connection charset (utf8mb3) refused these.
    DATABASE = 'mysql'
