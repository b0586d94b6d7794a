"""Bulk queries of the ensure workflow, on a real database."""

import threading

import fixtures

from manila.common import states
from manila.db import api as db
from manila.share import driver as share_driver
from manila.tests import base
from manila.tests.unit.db.helpers import count_statements
from manila.tests.unit.db.helpers import export_rows
from manila.tests.unit.db.helpers import HOST
from manila.tests.unit.db.helpers import make_share
from manila.tests.unit.db.helpers import statuses


class ChunkTestCase(base.TestCase):

    def test_only_eligible_instances_of_the_host_and_its_pools(self):
        wanted = {
            make_share(self.context),
            make_share(self.context, host=HOST + '#pool1'),
            make_share(self.context, status=states.ENSURING),
        }
        make_share(self.context, status=states.ERROR)
        make_share(self.context, status=states.CREATING)
        make_share(self.context, task_state='migrating')
        make_share(self.context,
                   access_rules_status=states.ACCESS_STATUS_SYNCING)
        make_share(self.context, host='node1@alpha2')
        make_share(self.context, host='node1@beta')
        # '_' is a LIKE wildcard: it must not match 'node1@alpha#...'.
        make_share(self.context, host='node1@alph_#pool1')
        chunk, _ = db.ensure_instances_get_chunk(self.context, HOST, None,
                                                 100)
        self.assertEqual(wanted, {i['id'] for i in chunk})
        # error, creating, busy with a task, access rules syncing.
        self.assertEqual((3, 4), db.ensure_instances_count(self.context,
                                                           HOST))

    def test_keyset_pages_with_export_locations(self):
        ids = [make_share(self.context, export_locations=[
            {'path': '10.0.0.1:/s%d' % n, 'preferred': True},
            {'path': '10.0.0.2:/s%d' % n, 'is_admin_only': True,
             'metadata': {'k': 'v'}}]) for n in range(5)]
        with count_statements() as statements:
            first, after = db.ensure_instances_get_chunk(
                self.context, HOST, None, 2)
        # Instances with their export locations: one statement a chunk.
        self.assertEqual(1, len(statements))
        second, after = db.ensure_instances_get_chunk(
            self.context, HOST, after, 2)
        third, after = db.ensure_instances_get_chunk(
            self.context, HOST, after, 2)
        self.assertEqual(([], after), db.ensure_instances_get_chunk(
            self.context, HOST, after, 2))
        self.assertEqual([2, 2, 1], [len(first), len(second), len(third)])
        # Every instance exactly once (SQLite pages in creation order).
        self.assertEqual(sorted(ids),
                         sorted(i['id'] for i in first + second + third))
        share = first[0]
        self.assertEqual('NFS', share['share_proto'])
        self.assertEqual(1, share['size'])
        # The name rule lives with the driver contract, applied to the row.
        self.assertEqual('share-%s' % share['share_id'],
                         share_driver.share_dict(share)['name'])
        self.assertEqual(
            [('10.0.0.1:', True, False, {}), ('10.0.0.2:', False, True,
                                              {'k': 'v'})],
            [(el['path'].split('/')[0], el['preferred'],
              el['is_admin_only'], el['metadata'])
             for el in share['export_locations']])
        self.assertTrue(all('id' in el for el in share['export_locations']))

    def test_large_chunks_use_bounded_in_lists(self):
        self.useFixture(fixtures.MockPatch(
            'manila.db.sqlalchemy.ensure.IN_LIST_SIZE', 2))
        ids = [make_share(self.context, export_locations=[
            {'path': 'a:/%d' % n}]) for n in range(5)]
        with count_statements() as statements:
            chunk, _ = db.ensure_instances_get_chunk(
                self.context, HOST, None, 10)
            marked = db.ensure_mark_ensuring(self.context, ids)
        self.assertEqual(sorted(ids), sorted(i['id'] for i in chunk))
        self.assertEqual([1] * 5, [len(i['export_locations'])
                                   for i in chunk])
        self.assertEqual(ids, marked)
        # One read (export locations joined, no IN-list), three updates.
        self.assertEqual(4, len(statements))

    def test_export_locations_read_back_exactly(self):
        # Text that JSON must escape (MariaDB aggregates it into JSON).
        odd = [{'path': 'h:/a "quoted" \\back\\slash\n\u00e9\u4e2d',
                'metadata': {'nested': {'list': [1, 'two', None]},
                             'quote': '"'}},
               {'path': 'h:/plain', 'preferred': True}]
        with_odd = make_share(self.context, export_locations=odd)
        without = make_share(self.context)
        chunk, _ = db.ensure_instances_get_chunk(self.context, HOST, None,
                                                 10)
        by_id = {i['id']: i['export_locations'] for i in chunk}
        self.assertEqual([], by_id[without])
        self.assertEqual(
            [(o['path'], o.get('preferred', False), False,
              o.get('metadata', {})) for o in odd],
            [(el['path'], el['preferred'], el['is_admin_only'],
              el['metadata']) for el in by_id[with_odd]])
        self.assertEqual(sorted(el['uuid'] for el in by_id[with_odd]),
                         sorted(r[1] for r in export_rows(self.context,
                                                          with_odd)))

    def test_empty_host(self):
        self.assertEqual(
            [], db.ensure_instances_get_chunk(self.context, HOST, None,
                                              10)[0])
        self.assertEqual(
            (0, 0), db.ensure_instances_count(self.context, HOST))


class StatusTestCase(base.TestCase):

    def test_mark_ensuring_in_one_statement(self):
        ids = [make_share(self.context) for _ in range(3)]
        with count_statements() as statements:
            marked = db.ensure_mark_ensuring(self.context, ids)
        self.assertEqual(ids, marked)
        self.assertEqual(1, len(statements))
        self.assertEqual([states.ENSURING] * 3, statuses(self.context, ids))

    def test_mark_ensuring_leaves_out_what_changed_since_read(self):
        ids = [make_share(self.context) for _ in range(3)]
        db.share_instance_update(self.context, ids[1],
                                 {'status': states.DELETING})
        db.share_instance_update(self.context, ids[2],
                                 {'task_state': 'migrating'})
        marked = db.ensure_mark_ensuring(self.context, ids)
        self.assertEqual([ids[0]], marked)
        self.assertEqual([states.ENSURING, states.DELETING,
                          states.AVAILABLE], statuses(self.context, ids))

    def test_restore_available_only_touches_ensuring(self):
        ids = [make_share(self.context, status=states.ENSURING),
               make_share(self.context, status=states.ERROR),
               make_share(self.context, status=states.CREATING)]
        self.assertEqual(1, db.ensure_restore_available(self.context, ids))
        self.assertEqual(
            [states.AVAILABLE, states.ERROR, states.CREATING],
            statuses(self.context, ids))

    def test_restore_available_in_bounded_in_lists(self):
        self.useFixture(fixtures.MockPatch(
            'manila.db.sqlalchemy.ensure.IN_LIST_SIZE', 2))
        ids = [make_share(self.context, status=states.ENSURING)
               for _ in range(5)]
        with count_statements() as statements:
            self.assertEqual(5, db.ensure_restore_available(self.context,
                                                            ids))
        self.assertEqual(3, len(statements))
        self.assertEqual([states.AVAILABLE] * 5, statuses(self.context, ids))

    def test_recover_host_covers_pools_and_no_other_host(self):
        mine = [make_share(self.context, status=states.ENSURING),
                make_share(self.context, host=HOST + '#p',
                           status=states.ENSURING)]
        other = make_share(self.context, host='node1@beta',
                           status=states.ENSURING)
        with count_statements() as statements:
            self.assertEqual(2, db.ensure_recover_host(self.context, HOST))
        self.assertEqual(1, len(statements))
        self.assertEqual([states.AVAILABLE] * 2,
                         statuses(self.context, mine))
        self.assertEqual([states.ENSURING], statuses(self.context, [other]))


class WriteResultsTestCase(base.TestCase):

    def _chunk(self):
        return {i['id']: i for i in db.ensure_instances_get_chunk(
            self.context, HOST, None, 100)[0]}

    def test_statuses_follow_the_status_table(self):
        ids = [make_share(self.context, status=states.ENSURING)
               for _ in range(3)]
        creating = make_share(self.context, status=states.CREATING)
        db.ensure_write_results(self.context, statuses={
            states.AVAILABLE: ids[:2], states.ERROR: ids[2:] + [creating]})
        self.assertEqual([states.AVAILABLE, states.AVAILABLE, states.ERROR],
                         statuses(self.context, ids))
        # creating -> error is a legal transition of the table.
        self.assertEqual([states.ERROR], statuses(self.context, [creating]))

    def test_next_batch_marked_in_the_same_transaction(self):
        done = make_share(self.context, status=states.ENSURING)
        following = [make_share(self.context) for _ in range(2)]
        db.share_instance_update(self.context, following[1],
                                 {'task_state': 'migrating'})
        with count_statements() as statements:
            _, _, marked = db.ensure_write_results(
                self.context, statuses={states.AVAILABLE: [done]},
                mark=following)
        self.assertEqual([following[0]], marked)
        self.assertEqual([states.AVAILABLE, states.ENSURING,
                          states.AVAILABLE],
                         statuses(self.context, [done] + following))
        # Status write, mark, and the read telling which were marked.
        self.assertEqual(['UPDATE', 'UPDATE', 'SELECT'],
                         [s.split()[0] for s in statements])

    def test_export_locations_only_what_differs(self):
        same = make_share(self.context, export_locations=[
            {'path': 'a:/same', 'metadata': {'x': '1'}}])
        moved = make_share(self.context, export_locations=[
            {'path': '10.0.0.1:/moved'}, {'path': 'keep:/moved'}])
        flagged = make_share(self.context, export_locations=[
            {'path': 'f:/flagged'}])
        before = {i: export_rows(self.context, i)
                  for i in (same, moved, flagged)}
        chunk = self._chunk()
        with count_statements() as statements:
            changed, _, _ = db.ensure_write_results(
                self.context, export_locations={
                    same: (chunk[same]['export_locations'],
                           [{'path': 'a:/same', 'metadata': {'x': '1'}}]),
                    moved: (chunk[moved]['export_locations'],
                            [{'path': '10.0.0.9:/moved'},
                             {'path': 'keep:/moved'}]),
                    flagged: (chunk[flagged]['export_locations'],
                              [{'path': 'f:/flagged', 'preferred': True,
                                'metadata': {'y': 2}}]),
                })
        self.assertEqual({moved, flagged}, changed)
        # Set-based statements for all shares, rows rewritten in place:
        # one for the locations that moved (their path alone), one for
        # those whose flags or metadata changed.
        self.assertEqual(['UPDATE', 'UPDATE'],
                         [s.split()[0] for s in statements])
        self.assertNotIn('metadata', statements[0])
        self.assertIn('metadata', statements[1])
        self.assertEqual(before[same], export_rows(self.context, same))
        after = export_rows(self.context, moved)
        self.assertEqual(['10.0.0.9:/moved', 'keep:/moved'],
                         [row[0] for row in after])
        # The kept path keeps its uuid; the moved location (new address)
        # takes over the uuid of the one it replaces.
        self.assertEqual([r for r in before[moved] if r[0] == 'keep:/moved'],
                         [r for r in after if r[0] == 'keep:/moved'])
        self.assertEqual(
            [r[1] for r in before[moved] if r[0] == '10.0.0.1:/moved'],
            [r[1] for r in after if r[0] == '10.0.0.9:/moved'])
        self.assertEqual(
            [('f:/flagged', before[flagged][0][1], False, True,
              {'y': 2})], export_rows(self.context, flagged))

    def test_rewrites_keep_text_exactly(self):
        # Text that JSON and SQL must escape, on every rewrite path (on
        # MariaDB the rows travel as one JSON document), a flag turned
        # off and metadata emptied (NULL).
        odd = 'h:/a "quoted" \'b\' \\back\\slash\n\u00e9\u4e2d'
        instance_id = make_share(self.context, export_locations=[
            {'path': '10.0.0.1:/odd'},
            {'path': 'f:/flags', 'preferred': True, 'metadata': {'a': 1}}])
        chunk = self._chunk()
        db.ensure_write_results(self.context, export_locations={
            instance_id: (chunk[instance_id]['export_locations'],
                          [{'path': odd},
                           {'path': 'f:/flags', 'is_admin_only': True,
                            'metadata': {'q': odd}}])})
        self.assertEqual(
            [('f:/flags', True, False, {'q': odd}),
             (odd, False, False, {})],
            [(r[0], r[2], r[3], r[4])
             for r in export_rows(self.context, instance_id)])
        chunk = self._chunk()
        db.ensure_write_results(self.context, export_locations={
            instance_id: (chunk[instance_id]['export_locations'],
                          [{'path': odd}, {'path': 'f:/flags'}])})
        self.assertEqual(
            [('f:/flags', False, False, {}), (odd, False, False, {})],
            [(r[0], r[2], r[3], r[4])
             for r in export_rows(self.context, instance_id)])

    def test_export_locations_added_and_removed(self):
        grows = make_share(self.context, export_locations=[
            {'path': 'a:/grows'}])
        shrinks = make_share(self.context, export_locations=[
            {'path': 'a:/shrinks'}, {'path': 'b:/shrinks'}])
        chunk = self._chunk()
        changed, _, _ = db.ensure_write_results(
            self.context, export_locations={
                grows: (chunk[grows]['export_locations'],
                        [{'path': 'a:/grows'}, {'path': 'b:/grows'},
                         {'path': 'c:/grows'}]),
                shrinks: (chunk[shrinks]['export_locations'],
                          [{'path': 'b:/shrinks'}])})
        self.assertEqual({grows, shrinks}, changed)
        self.assertEqual(['a:/grows', 'b:/grows', 'c:/grows'],
                         [r[0] for r in export_rows(self.context, grows)])
        self.assertEqual(['b:/shrinks'],
                         [r[0] for r in export_rows(self.context, shrinks)])
        uuids = [r[1] for i in (grows, shrinks)
                 for r in export_rows(self.context, i)]
        self.assertEqual(len(uuids), len(set(uuids)))

    def test_unchanged_results_write_nothing(self):
        instance_id = make_share(self.context, export_locations=[
            {'path': 'a:/x'}], metadata={'k': 'v'})
        chunk = self._chunk()
        share_id = chunk[instance_id]['share_id']
        with count_statements() as statements:
            changed = db.ensure_write_results(
                self.context,
                export_locations={instance_id: (
                    chunk[instance_id]['export_locations'],
                    [{'path': 'a:/x'}])},
                metadata={share_id: {'k': 'v'}})
        self.assertEqual((set(), set(), []), changed)
        # Only the read of the current metadata.
        self.assertEqual(['SELECT'], [s.split()[0] for s in statements])

    def test_metadata_upserted_in_bulk(self):
        ids = [make_share(self.context, metadata={'keep': '1', 'old': 'a'})
               for _ in range(3)]
        chunk = self._chunk()
        share_ids = [chunk[i]['share_id'] for i in ids]
        with count_statements() as statements:
            _, changed, _ = db.ensure_write_results(self.context, metadata={
                share_id: {'old': 'b', 'new': 'c'} for share_id in share_ids})
        self.assertEqual(set(share_ids), changed)
        self.assertEqual(['INSERT', 'SELECT', 'UPDATE'],
                         sorted(s.split()[0] for s in statements))
        for share_id in share_ids:
            share = db.share_get(self.context, share_id)
            self.assertEqual(
                {'keep': '1', 'old': 'b', 'new': 'c'},
                {m.key: m.value for m in share.share_metadata})


class ClaimRaceMixin:
    """50 threads claim one service: exactly one wins, on every database."""

    THREADS = 50

    def test_exactly_one_claim_wins(self):
        service = db.service_create(self.context, {
            'host': HOST, 'binary': 'manila-share', 'topic': 'manila-share'})
        barrier = threading.Barrier(self.THREADS)
        results = []
        errors = []

        def claim():
            try:
                barrier.wait(30)
                results.append(db.service_claim_ensuring(
                    self.context.elevated(), HOST))
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=claim)
                   for _ in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual([], errors)
        self.assertEqual(1, results.count(True))
        self.assertEqual(self.THREADS - 1, results.count(False))
        self.assertTrue(db.service_get(self.context, service.id).ensuring)


class SQLiteClaimRaceTestCase(ClaimRaceMixin, base.TestCase):
    DATABASE = 'sqlite'


class PostgreSQLClaimRaceTestCase(ClaimRaceMixin, base.TestCase):
    DATABASE = 'postgresql'


class MySQLClaimRaceTestCase(ClaimRaceMixin, base.TestCase):
    DATABASE = 'mysql'


# The same queries on the servers (dialect differences: LIKE escaping,
# executemany, rowcount, the page key).
class PostgreSQLChunkTestCase(ChunkTestCase):
    DATABASE = 'postgresql'


class MySQLChunkTestCase(ChunkTestCase):
    DATABASE = 'mysql'

    def test_one_row_an_instance_on_mariadb(self):
        make_share(self.context, export_locations=[
            {'path': 'h:/%d' % n} for n in range(3)])
        with count_statements() as statements:
            chunk, _ = db.ensure_instances_get_chunk(
                self.context, HOST, None, 10)
        self.assertEqual(3, len(chunk[0]['export_locations']))
        self.assertIn('JSON_ARRAYAGG', statements[0])

    def test_locations_beyond_the_aggregate_limit(self):
        # Over group_concat_max_len (1 MiB as packaged), where MariaDB
        # cuts JSON_ARRAYAGG short: that instance is read on its own.
        paths = ['h:/%04d/%s' % (n, 'x' * 1900) for n in range(600)]
        big = make_share(self.context,
                         export_locations=[{'path': p} for p in paths])
        small = make_share(self.context,
                           export_locations=[{'path': 'h:/small'}])
        with count_statements() as statements:
            chunk, _ = db.ensure_instances_get_chunk(
                self.context, HOST, None, 10)
        by_id = {i['id']: i['export_locations'] for i in chunk}
        self.assertEqual(paths, [el['path'] for el in by_id[big]])
        self.assertEqual(['h:/small'], [el['path'] for el in by_id[small]])
        self.assertEqual(2, len(statements))


class PostgreSQLStatusTestCase(StatusTestCase):
    DATABASE = 'postgresql'


class MySQLStatusTestCase(StatusTestCase):
    DATABASE = 'mysql'


class WithoutJSONTableMixin:
    """MariaDB before 10.6, and MySQL: no JSON_TABLE."""

    DATABASE = 'mysql'

    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.MonkeyPatch(
            'manila.db.sqlalchemy.utils._json_table', lambda dialect: False))


class MySQLStatusWithoutJSONTableTestCase(WithoutJSONTableMixin,
                                          StatusTestCase):
    # An IN-list of ids.
    pass


class PostgreSQLWriteResultsTestCase(WriteResultsTestCase):
    DATABASE = 'postgresql'


class MySQLWriteResultsTestCase(WriteResultsTestCase):
    DATABASE = 'mysql'

    def test_rewrites_as_json_table(self):
        instance_id = make_share(self.context, export_locations=[
            {'path': '10.0.0.1:/x'}])
        chunk = self._chunk()
        with count_statements() as statements:
            db.ensure_write_results(self.context, export_locations={
                instance_id: (chunk[instance_id]['export_locations'],
                              [{'path': '10.0.0.2:/x'}])})
        self.assertIn('JSON_TABLE', statements[0])
        self.assertEqual(['10.0.0.2:/x'],
                         [r[0] for r in export_rows(self.context,
                                                    instance_id)])


class MySQLWithoutJSONTableTestCase(WithoutJSONTableMixin,
                                    WriteResultsTestCase):
    # A UNION ALL derived table.
    pass


class PostgreSQLHostIndexTestCase(base.TestCase):
    DATABASE = 'postgresql'

    def test_a_backend_and_its_pools_found_by_index(self):
        # ``host = :h OR host LIKE 'h#%'``: the prefix is an index range
        # (PostgreSQL's byte-wise ~>=~ and ~<~), not a filter applied to
        # every row. Sequential scans priced out, as on a large table.
        make_share(self.context)
        with self.db.engine.begin() as conn:
            conn.exec_driver_sql('SET LOCAL enable_seqscan = off')
            plan = '\n'.join(row[0] for row in conn.exec_driver_sql(
                "EXPLAIN SELECT count(*) FROM share_instances "
                "WHERE host = 'node1@alpha' "
                "OR host LIKE 'node1@alpha#%%'"))
        self.assertIn("Index Cond: (((host)::text ~>=~ 'node1@alpha#'",
                      plan)
