"""The record an ensure run leaves: end, pruning, interruption, messages."""

import fixtures

from manila.common import states
from manila import context as manila_context
from manila.db import api as db
from manila.services import api as services_api
from manila.tests import base

run_states = states.EnsureRuns

HOST = 'h@beta'


class EnsureRecordTest(base.TestCase):

    def setUp(self):
        super().setUp()
        self.asker = manila_context.RequestContext('root', 'ops',
                                                   is_admin=True)

    def _run(self):
        return db.ensure_run_create(self.asker, HOST,
                                    run_states.TRIGGER_API)

    def _messages(self):
        return db.message_get_all(self.context,
                                  {'resource_type': 'ENSURE_RUN'})

    def test_success_writes_counts_and_no_message(self):
        run_id = self._run()
        services_api.started(self.context, run_id, 10, 2)
        counts = {'shares_done': 10, 'shares_ensured': 10,
                  'shares_updated': 4, 'shares_skipped': 2,
                  'shares_errored': 1}
        self.assertTrue(services_api.ended(self.context, run_id, HOST,
                                           counts))
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual(('succeeded', 10, 10, 4, 2, 1, None),
                         (run.status, run.shares_total, run.shares_done,
                          run.shares_updated, run.shares_skipped,
                          run.shares_errored, run.error))
        self.assertEqual([], self._messages())

    def test_failure_leaves_a_message_for_administrators(self):
        run_id = self._run()
        services_api.ended(self.context, run_id, HOST,
                           {'shares_done': 0}, error='driver exploded')
        run = db.ensure_run_get(self.context, run_id)
        self.assertEqual(('failed', 'driver exploded'),
                         (run.status, run.error))
        message, = self._messages()
        self.assertEqual(('ops', str(run_id), 'ERROR', '101'),
                         (message.project_id, message.resource_id,
                          message.message_level, message.action_id))
        self.assertIn('the ensure run %d of h@beta failed: driver '
                      'exploded' % run_id, message.user_message)

    def test_interrupted_runs_at_start_up(self):
        killed = self._run()
        self.assertEqual([killed], services_api.interrupted(self.context,
                                                            HOST))
        run = db.ensure_run_get(self.context, killed)
        self.assertEqual('interrupted', run.status)
        self.assertIn('stopped while the run was going on', run.error)
        message, = self._messages()
        self.assertIn('h@beta interrupted', message.user_message)
        self.assertEqual([], services_api.interrupted(self.context, HOST))

    def test_end_prunes_the_hosts_old_runs(self):
        self.flags(ensure_runs_kept_per_host=3)
        ids = [self._run() for _ in range(5)]
        for run_id in ids:
            services_api.ended(self.context, run_id, HOST,
                               {'shares_done': 1})
        self.assertEqual(ids[:-4:-1], [r.id for r in db.ensure_run_get_all(
            self.context, host=HOST)])

    def test_database_errors_never_escape(self):
        run_id = self._run()
        self.useFixture(fixtures.MockPatch(
            'manila.db.api.ensure_run_finish',
            side_effect=RuntimeError('database gone')))
        self.assertFalse(services_api.ended(self.context, run_id, HOST,
                                            {}, error='boom'))
        self.assertEqual('running',
                         db.ensure_run_get(self.context, run_id).status)
