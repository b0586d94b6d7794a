"""What a share listing costs the database: the same statements for one
share as for a thousand (no query per share for its metadata, export
locations or type)."""

import uuid

import sqlalchemy as sa

from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila.share import share_types
from manila.common import states
from manila.tests.unit.api import fakes
from manila.tests.unit.db import helpers as db_helpers


class ShareListingCostTest(fakes.APITestCase):

    def add_shares(self, count):
        """``count`` shares of project-a, each with an instance, two export
        locations and two metadata items, inserted in bulk."""
        stype = share_types.get_default(self.context)
        shares, instances, exports, metadata = [], [], [], []
        for n in range(count):
            share_id, instance_id = str(uuid.uuid4()), str(uuid.uuid4())
            shares.append({'id': share_id, 'display_name': 's%d' % n,
                           'project_id': 'project-a', 'user_id': 'alice',
                           'size': 1, 'share_proto': 'NFS',
                           'share_type_id': stype.id,
                           'availability_zone': 'nova'})
            instances.append({'id': instance_id, 'share_id': share_id,
                              'host': 'localhost@alpha#pool',
                              'status': states.AVAILABLE,
                              'share_type_id': stype.id})
            for i in range(2):
                exports.append({'uuid': str(uuid.uuid4()),
                                'share_instance_id': instance_id,
                                'path': '192.0.2.%d:/s%d' % (i, n),
                                'preferred': i == 0})
                metadata.append({'share_id': share_id, 'key': 'k%d' % i,
                                 'value': 'v'})
        with session.writer.using(self.context) as s:
            for model, rows in ((models.Share, shares),
                                (models.ShareInstance, instances),
                                (models.ShareInstanceExportLocation,
                                 exports),
                                (models.ShareMetadata, metadata)):
                s.execute(sa.insert(model), rows)

    def statements_of(self, path):
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)
        with db_helpers.on_each_statement(record, self.db.engine):
            resp = self.member('GET', path)
        self.assertEqual(200, resp.status_int, resp.text)
        return resp.json['shares'], statements

    def test_detail_costs_the_same_for_one_share_and_a_thousand(self):
        self.make_service('localhost@alpha')
        self.add_shares(1)
        one, statements_one = self.statements_of('/shares/detail')
        self.assertEqual(1, len(one))
        self.add_shares(999)
        many, statements_many = self.statements_of('/shares/detail')
        self.assertEqual(1000, len(many))
        self.assertEqual({'k0': 'v', 'k1': 'v'}, many[-1]['metadata'])
        self.assertEqual('default', many[-1]['share_type_name'])
        self.assertEqual(len(statements_one), len(statements_many),
                         statements_many)
        # A handful, whatever the number of shares.
        self.assertLessEqual(len(statements_many), 8, statements_many)
