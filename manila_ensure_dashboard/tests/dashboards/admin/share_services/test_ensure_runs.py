"""The ensure runs in the Share Services panel: each backend's last run on
its row, and the run history of one backend.

The plugin's API module is mocked; Horizon renders the real templates.
"""

import types
from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse
from django.utils import html
from manilaclient.common.apiclient import exceptions as manila_exc
from openstack_auth import policy as auth_policy

from manila_ensure_dashboard.api import manila
from manila_ensure_dashboard.dashboards.admin.share_services import tables
from manila_ensure_dashboard.tests import helpers

ALPHA, BETA = helpers.ALPHA, helpers.BETA
GAMMA, DELTA = helpers.GAMMA, helpers.DELTA
INDEX_URL = reverse('horizon:admin:share_services:index')
RUNS = 'ensure_runs'
ERROR = ('The driver could not reach its storage: connection refused by '
         '10.0.0.9')


def last_runs():
    return {
        ALPHA: helpers.ensure_run(7, ALPHA, status='failed', done=3000,
                                  total=100000, error=ERROR),
        BETA: helpers.ensure_run(9, BETA, status='running', done=12000,
                                 total=100000),
        DELTA: helpers.ensure_run(4, DELTA, status='succeeded', done=10,
                                  total=10),
    }


def _rows(res, key='host'):
    """The rendered table's rows by their datum's ``key``."""
    return {getattr(row.datum, key): row
            for row in res.context['table'].get_rows()}


def _cell(row, name):
    """A cell's text as shown (without its link)."""
    return html.strip_tags(str(row.cells[name].value)).strip()


def _cell_html(row, name):
    return str(row.cells[name].value)


@override_settings(POLICY_CHECK_FUNCTION=helpers.POLICY_CHECK)
class LastRunColumnsTests(helpers.LastRunsMixin, helpers.PolicyResetMixin,
                          helpers.BaseAdminViewTests):

    def _index(self, runs=None, services=None):
        self.last_runs.return_value = last_runs() if runs is None else runs
        with mock.patch.object(manila, 'service_list',
                               return_value=services or helpers.services()):
            return self.client.get(INDEX_URL)

    def test_one_api_call_reads_the_last_run_of_every_backend(self):
        self._index()
        # The scheduler has no runs: only the share backends are asked.
        self.last_runs.assert_called_once_with(mock.ANY, mock.ANY)
        self.assertEqual(sorted(helpers.SHARE_BACKENDS),
                         sorted(self.last_runs.call_args[0][1]))

    def test_rows_show_status_progress_and_error_of_the_last_run(self):
        rows = _rows(self._index())
        self.assertEqual('Running', _cell(rows[BETA], 'last_run'))
        self.assertEqual('12,000 of 100,000 (12%)',
                         _cell(rows[BETA], 'last_run_progress'))
        self.assertEqual('-', _cell(rows[BETA], 'last_run_error'))
        self.assertEqual('Failed', _cell(rows[ALPHA], 'last_run'))
        self.assertEqual('3,000 of 100,000 (3%)',
                         _cell(rows[ALPHA], 'last_run_progress'))
        self.assertEqual(ERROR, _cell(rows[ALPHA], 'last_run_error'))
        self.assertEqual('Succeeded', _cell(rows[DELTA], 'last_run'))
        self.assertEqual('10 of 10 (100%)',
                         _cell(rows[DELTA], 'last_run_progress'))
        # A backend that never ran, and a service that is no backend.
        self.assertEqual('None yet', _cell(rows[GAMMA], 'last_run'))
        self.assertEqual('-', _cell(rows['localhost'], 'last_run'))

    def test_a_long_error_is_cut_with_all_of_it_in_the_tooltip(self):
        error = 'Storage said: ' + 'x' * 200
        runs = {ALPHA: helpers.ensure_run(7, ALPHA, status='interrupted',
                                          error=error)}
        cell = _rows(self._index(runs=runs))[ALPHA].cells['last_run_error']
        self.assertEqual('Interrupted',
                         _cell(_rows(self._index(runs=runs))[ALPHA],
                               'last_run'))
        self.assertLess(len(str(cell.value)), len(error))
        self.assertTrue(str(cell.value).startswith('Storage said: xxx'))
        self.assertEqual(error, cell.attrs['title'])

    def test_each_backend_links_to_its_run_history(self):
        res = self._index()
        rows = _rows(res)
        for host in helpers.SHARE_BACKENDS:
            self.assertIn('href="%s"' % helpers.runs_url(host),
                          _cell_html(rows[host], 'last_run'))
        self.assertNotIn('href', _cell_html(rows['localhost'], 'last_run'))
        self.assertEqual('/admin/share_services/localhost@beta/runs/',
                         helpers.runs_url(BETA))
        self.assertContains(res, 'href="%s"' % helpers.runs_url(BETA))

    def test_a_running_last_run_keeps_its_row_polling(self):
        # beta's flag may already be clear while its run is still written
        # as running: the row polls on.
        services = helpers.services()
        services[1].ensuring = False
        rows = _rows(self._index(services=services))
        self.assertIsNone(rows[BETA].status)
        # A failed last run marks its row; a succeeded one settles it.
        self.assertFalse(rows[ALPHA].status)
        self.assertTrue(rows[DELTA].status)
        self.assertTrue(rows[GAMMA].status)

    def test_progress_before_the_run_counted_its_shares(self):
        runs = {BETA: helpers.ensure_run(9, BETA, status='running', done=0,
                                         total=None)}
        rows = _rows(self._index(runs=runs))
        self.assertEqual('0 so far', _cell(rows[BETA], 'last_run_progress'))

    def test_row_update_rereads_the_service_and_its_last_run(self):
        done = helpers.service(2, BETA, ensuring=False)
        self.last_runs.return_value = {
            BETA: helpers.ensure_run(9, BETA, status='succeeded',
                                     done=100000, total=100000)}
        with mock.patch.object(manila, 'service_get', return_value=done):
            res = self.client.get(INDEX_URL, {
                'action': 'row_update', 'table': 'share_services',
                'obj_id': '2'},
                HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        self.assertEqual(200, res.status_code)
        self.last_runs.assert_called_once_with(mock.ANY, [BETA])
        content = res.content.decode()
        self.assertIn('Succeeded', content)
        self.assertIn('100,000 of 100,000 (100%)', content)
        self.assertIn(helpers.runs_url(BETA), content)

    def test_runs_the_api_refuses_leave_the_services_listed(self):
        self.last_runs.side_effect = manila_exc.NotFound(
            message='The resource could not be found.', http_status=404)
        res = self._index()
        rows = _rows(res)
        self.assertEqual(5, len(rows))
        self.assertEqual('-', _cell(rows[BETA], 'last_run'))
        self.assertNotIn(helpers.runs_url(BETA), res.content.decode())
        from django.contrib.messages import get_messages
        shown = ' '.join(str(m) for m in get_messages(res.wsgi_request))
        self.assertIn('Unable to get the last ensure runs', shown)
        self.assertIn('The resource could not be found.', shown)

    def test_policy_denying_runs_hides_them_and_reads_none(self):
        with helpers.deny_in_policy_file(self, 'ensure_run:get_all'):
            auth_policy.reset()
            res = self._index()
        self.last_runs.assert_not_called()
        table = res.context['table']
        self.assertNotIn('last_run', table.columns)
        self.assertNotIn(helpers.runs_url(BETA), res.content.decode())
        # The rest of the panel is unchanged.
        self.assertEqual(5, len(table.data))


def history(host, count, first_id=100, status='succeeded'):
    return [helpers.ensure_run(first_id - i, host, status=status)
            for i in range(count)]


@override_settings(POLICY_CHECK_FUNCTION=helpers.POLICY_CHECK,
                   API_RESULT_PAGE_SIZE=3)
class RunHistoryTests(helpers.PolicyResetMixin, helpers.BaseAdminViewTests):

    def setUp(self):
        super().setUp()
        # Keystone names the ids of the runs' requesters.
        known = {'admin-id': 'admin', 'admin-project': 'admin'}

        def named(request, object_id, admin=True):
            if object_id not in known:
                raise Exception('not found')
            return types.SimpleNamespace(id=object_id,
                                         name=known[object_id])
        self.user_get = self._patch(tables.keystone, 'user_get', named)
        self.tenant_get = self._patch(tables.keystone, 'tenant_get', named)

    def _patch(self, target, name, side_effect):
        patcher = mock.patch.object(target, name, side_effect=side_effect)
        self.addCleanup(patcher.stop)
        return patcher.start()

    def _get(self, runs, host=BETA, query=None):
        with mock.patch.object(manila, 'ensure_run_list',
                               return_value=runs) as listing:
            res = self.client.get(helpers.runs_url(host), query or {})
        return res, listing

    def test_lists_the_runs_of_the_host_newest_first(self):
        runs = [
            helpers.ensure_run(12, BETA, status='failed', done=2, total=5,
                               error=ERROR, shares_ensured=1,
                               shares_errored=1, shares_skipped=1),
            helpers.ensure_run(11, BETA, status='succeeded', done=5,
                               total=5, trigger='start-up',
                               shares_ensured=4, shares_updated=1),
        ]
        res, listing = self._get(runs)
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, 'admin/share_services/runs.html')
        listing.assert_called_once_with(mock.ANY, host=BETA, status=None,
                                        limit=4, marker=None)
        self.assertContains(res, 'Ensure Runs of localhost@beta')
        table = res.context['table']
        self.assertEqual([12, 11], [r.id for r in table.data])
        self.assertEqual(
            ['Run', 'Status', 'Trigger', 'Requested By', 'Started',
             'Finished', 'Progress', 'Ensured', 'Updated', 'Skipped',
             'In Error', 'Error'],
            [str(c.verbose_name) for c in table.columns.values()
             if c.name not in ('multi_select', 'actions')])
        rows = _rows(res, 'id')
        failed, started = rows[12], rows[11]
        self.assertEqual('Failed', _cell(failed, 'status'))
        self.assertEqual('API request', _cell(failed, 'trigger'))
        self.assertEqual('admin (project admin)',
                         _cell(failed, 'requested_by'))
        self.assertEqual('2026-11-29 12:00:00', _cell(failed, 'started_at'))
        self.assertEqual('2026-11-29 12:05:00',
                         _cell(failed, 'finished_at'))
        self.assertEqual('2 of 5 (40%)', _cell(failed, 'progress'))
        self.assertEqual(['1', '0', '1', '1'], [
            _cell(failed, name) for name in (
                'shares_ensured', 'shares_updated', 'shares_skipped',
                'shares_errored')])
        self.assertEqual(ERROR, _cell(failed, 'error'))
        self.assertEqual('Succeeded', _cell(started, 'status'))
        self.assertEqual('Start-up', _cell(started, 'trigger'))
        self.assertEqual('-', _cell(started, 'requested_by'))
        self.assertEqual('-', _cell(started, 'error'))
        self.assertContains(res, 'href="%s"' % INDEX_URL)

    def test_requesters_are_named_once_and_unknown_ids_shown(self):
        runs = [helpers.ensure_run(3, BETA), helpers.ensure_run(2, BETA),
                helpers.ensure_run(1, BETA, user_id='gone-id',
                                   project_id='gone-project')]
        res, _listing = self._get(runs)
        rows = _rows(res, 'id')
        self.assertEqual('admin (project admin)',
                         _cell(rows[3], 'requested_by'))
        self.assertEqual('gone-id (project gone-project)',
                         _cell(rows[1], 'requested_by'))
        self.assertEqual([mock.call(mock.ANY, 'admin-id', admin=True),
                          mock.call(mock.ANY, 'gone-id', admin=True)],
                         self.user_get.call_args_list)
        self.assertEqual(2, self.tenant_get.call_count)

    def test_a_backend_without_shares_shows_no_shares(self):
        res, _listing = self._get([helpers.ensure_run(
            5, BETA, trigger='start-up', done=0, total=0)])
        self.assertEqual('No shares', _cell(_rows(res, 'id')[5], 'progress'))

    def test_a_full_page_links_to_the_older_runs(self):
        # One more run than the page: there is an older page.
        res, _listing = self._get(history(BETA, 4))
        table = res.context['table']
        self.assertEqual([100, 99, 98], [r.id for r in table.data])
        self.assertContains(res, '?marker=98')

        res, listing = self._get(history(BETA, 2, first_id=97),
                                 query={'marker': '98'})
        listing.assert_called_once_with(mock.ANY, host=BETA, status=None,
                                        limit=4, marker='98')
        self.assertEqual([97, 96],
                         [r.id for r in res.context['table'].data])
        self.assertNotContains(res, 'marker=96')

    def test_a_running_run_polls_until_it_ends(self):
        res, _listing = self._get(history(BETA, 1, status='running'))
        row = _rows(res, 'id')[100]
        self.assertIsNone(row.status)
        self.assertIn('ajax-update', ' '.join(row.classes))
        with mock.patch.object(
                manila, 'ensure_run_get',
                return_value=helpers.ensure_run(100, BETA)) as get:
            res = self.client.get(helpers.runs_url(BETA), {
                'action': 'row_update', 'table': RUNS, 'obj_id': '100'},
                HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        get.assert_called_once_with(mock.ANY, '100')
        self.assertEqual(200, res.status_code)
        self.assertIn(b'Succeeded', res.content)
        self.assertIn(b'admin (project admin)', res.content)

    def test_status_filter_is_the_apis(self):
        with mock.patch.object(manila, 'ensure_run_list',
                               return_value=[]) as listing:
            self.client.post(helpers.runs_url(BETA), {
                '%s__filter__q_field' % RUNS: 'status',
                '%s__filter__q' % RUNS: 'Failed'}, follow=True)
        listing.assert_called_with(mock.ANY, host=BETA, status='failed',
                                   limit=4, marker=None)

    def test_api_refusal_is_shown(self):
        text = ("status must be one of running, succeeded, failed, "
                "interrupted, not 'late'")
        with mock.patch.object(
                manila, 'ensure_run_list',
                side_effect=manila_exc.BadRequest(message=text,
                                                  http_status=400)):
            res = self.client.get(helpers.runs_url(BETA))
        self.assertEqual(200, res.status_code)
        self.assertEqual(0, len(res.context['table'].data))
        self.assertContains(res, 'Unable to get the ensure runs of '
                            'localhost@beta')

    def test_policy_denying_runs_refuses_the_page(self):
        with helpers.deny_in_policy_file(self, 'ensure_run:get_all'), \
                mock.patch.object(manila, 'ensure_run_list') as listing:
            auth_policy.reset()
            res = self.client.get(helpers.runs_url(BETA))
        listing.assert_not_called()
        self.assertEqual(403, res.status_code)


@override_settings(POLICY_CHECK_FUNCTION=helpers.POLICY_CHECK)
class MemberRunHistoryTests(helpers.PolicyResetMixin, helpers.TestCase):

    def test_member_cannot_open_a_run_history(self):
        with mock.patch.object(manila, 'ensure_run_list') as listing:
            res = self.client.get(helpers.runs_url(BETA))
        listing.assert_not_called()
        self.assertEqual(403, res.status_code)


class LastEnsureRunsAPITests(helpers.TestCase):
    """manila.last_ensure_runs: as few requests as the answer allows."""

    def _last(self, hosts, pages):
        """``pages``: what each ensure_run_list call returns, in turn."""
        with mock.patch.object(manila, 'ensure_run_list',
                               side_effect=pages) as listing:
            return manila.last_ensure_runs(self.request, hosts), listing

    def test_one_request_when_the_page_holds_every_run(self):
        runs = [helpers.ensure_run(5, BETA), helpers.ensure_run(4, ALPHA),
                helpers.ensure_run(3, BETA, status='failed')]
        last, listing = self._last([ALPHA, BETA, GAMMA], [runs])
        listing.assert_called_once_with(mock.ANY,
                                        limit=manila.LAST_RUNS_PAGE)
        self.assertEqual({ALPHA: 4, BETA: 5},
                         {h: r.id for h, r in last.items()})

    def test_hosts_missing_from_a_full_page_are_asked_one_by_one(self):
        page = [helpers.ensure_run(1000 - i, BETA)
                for i in range(manila.LAST_RUNS_PAGE)]
        older = [helpers.ensure_run(3, ALPHA)]
        last, listing = self._last([ALPHA, BETA, GAMMA], [page, older, []])
        self.assertEqual([
            mock.call(mock.ANY, limit=manila.LAST_RUNS_PAGE),
            mock.call(mock.ANY, host=ALPHA, limit=1),
            mock.call(mock.ANY, host=GAMMA, limit=1)],
            listing.call_args_list)
        self.assertEqual({ALPHA: 3, BETA: 1000},
                         {h: r.id for h, r in last.items()})

    def test_one_host_uses_the_host_filter(self):
        last, listing = self._last([BETA], [[helpers.ensure_run(8, BETA)]])
        listing.assert_called_once_with(mock.ANY, host=BETA, limit=1)
        self.assertEqual(8, last[BETA].id)

    def test_no_hosts_no_request(self):
        last, listing = self._last([], [])
        listing.assert_not_called()
        self.assertEqual({}, last)

    def test_list_sends_the_filters_and_paging_to_the_api(self):
        client = mock.Mock()
        client.client.get.return_value = (mock.Mock(), {'ensure_runs': [
            {'id': 3, 'host': BETA, 'status': 'running'}]})
        with mock.patch.object(manila, 'manilaclient',
                               return_value=client):
            runs = manila.ensure_run_list(self.request, host=BETA,
                                          status='running', limit=2,
                                          marker=9)
        client.client.get.assert_called_once_with(
            '/services/ensure-runs?host=localhost%40beta&status=running'
            '&limit=2&marker=9')
        self.assertEqual([(3, BETA, 'running')],
                         [(r.id, r.host, r.status) for r in runs])

    def test_get_reads_one_run(self):
        client = mock.Mock()
        client.client.get.return_value = (mock.Mock(), {'ensure_run': {
            'id': 3, 'host': BETA, 'status': 'failed', 'error': ERROR}})
        with mock.patch.object(manila, 'manilaclient',
                               return_value=client):
            run = manila.ensure_run_get(self.request, 3)
        client.client.get.assert_called_once_with('/services/ensure-runs/3')
        self.assertEqual(ERROR, run.error)
