"""Ensure-runs API: list (filters, newest first, paging), show, policy."""

from urllib import parse

from manila.common import states
from manila.db import api as db
from manila.tests.unit.api import fakes

run_states = states.EnsureRuns


class EnsureRunsAPITest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.make_service('localhost@alpha')
        self.make_service('localhost@beta')

    def _run(self, host='localhost@alpha', status=None, error=None):
        run_id = db.ensure_run_create(self.context, host,
                                      run_states.TRIGGER_API)
        if status is not None:
            db.ensure_run_finish(self.context, run_id, status, error=error)
        return run_id

    def _ids(self, query='', version='2.93'):
        resp = self.request('GET', '/services/ensure-runs' + query,
                            version=version)
        self.assertEqual(200, resp.status_int, resp.text)
        return [r['id'] for r in resp.json['ensure_runs']]

    def test_show_fields(self):
        run_id = self._run(status=run_states.FAILED, error='disk on fire')
        resp = self.request('GET', '/services/ensure-runs/%d' % run_id)
        self.assertEqual(200, resp.status_int, resp.text)
        run = resp.json['ensure_run']
        self.assertEqual(
            {'id', 'host', 'trigger', 'status', 'user_id', 'project_id',
             'request_id', 'started_at', 'finished_at', 'updated_at',
             'shares_total', 'shares_done', 'shares_ensured',
             'shares_updated', 'shares_skipped', 'shares_errored', 'error',
             'links'}, set(run))
        self.assertEqual((run_id, 'localhost@alpha', 'api', 'failed',
                          'disk on fire', 0),
                         (run['id'], run['host'], run['trigger'],
                          run['status'], run['error'], run['shares_done']))
        self.assertTrue(run['links'][0]['href'].endswith(
            '/v2/services/ensure-runs/%d' % run_id), run['links'])
        # The project form of the URL too.
        resp = self.request('GET', '/admin/services/ensure-runs/%d'
                            % run_id)
        self.assertEqual(run_id, resp.json['ensure_run']['id'])

    def test_show_unknown_or_malformed_id_is_404(self):
        for run_id in ('424242', 'abc', '0', '-1', '1.5'):
            self.assertFault(
                self.request('GET', '/services/ensure-runs/' + run_id),
                404, 'itemNotFound', 'Ensure run %s could not be found'
                % run_id)

    def test_list_newest_first_with_filters(self):
        old = self._run(status=run_states.SUCCEEDED)
        failed = self._run(status=run_states.FAILED)
        beta = self._run(host='localhost@beta')
        self.assertEqual([beta, failed, old], self._ids())
        self.assertEqual([failed, old], self._ids('?host=localhost@alpha'))
        self.assertEqual([beta], self._ids('?status=running'))
        self.assertEqual([], self._ids('?host=localhost@beta'
                                       '&status=failed'))
        self.assertEqual([old], self._ids('?status=succeeded'))

    def test_paging_follows_the_next_link(self):
        ids = [self._run(status=run_states.SUCCEEDED) for _ in range(5)]
        seen, url = [], '/services/ensure-runs?limit=2&host=localhost@alpha'
        for _ in range(5):
            resp = self.request('GET', url)
            self.assertEqual(200, resp.status_int, resp.text)
            seen += [r['id'] for r in resp.json['ensure_runs']]
            links = resp.json.get('ensure_runs_links')
            if not links:
                break
            href = parse.urlsplit(links[0]['href'])
            self.assertTrue(href.path.endswith('/v2/services/ensure-runs'))
            self.assertIn('host=localhost%40alpha', href.query)
            url = '/services/ensure-runs?' + href.query
        self.assertEqual(ids[::-1], seen)

    def test_bad_queries_are_400(self):
        self._run()
        self.assertFault(
            self.request('GET', '/services/ensure-runs?status=done'), 400,
            contains="status must be one of running, succeeded, failed, "
                     "interrupted, not 'done'")
        self.assertFault(
            self.request('GET', '/services/ensure-runs?limit=0'), 400,
            contains='limit must be a whole number >= 1')
        self.assertFault(
            self.request('GET', '/services/ensure-runs?limit=x'), 400,
            contains='limit must be a whole number')
        self.assertFault(
            self.request('GET', '/services/ensure-runs?marker=99999'), 400,
            contains='marker 99999 is not the id of a kept ensure run')

    def test_before_2_86_the_urls_do_not_exist(self):
        run_id = self._run()
        self.assertFault(self.request('GET', '/services/ensure-runs',
                                      version='2.85'), 404)
        self.assertFault(self.request('GET', '/services/ensure-runs/%d'
                                      % run_id, version='2.85'), 404)
        self.assertEqual([run_id], self._ids(version='2.86'))

    def test_administrators_only(self):
        run_id = self._run()
        for path in ('/services/ensure-runs',
                     '/services/ensure-runs/%d' % run_id):
            self.assertFault(self.member('GET', path), 403,
                             contains='ensure_run:')
            self.assertFault(self.request('GET', path, token='rita:project-a',
                                          roles='reader'), 403)
