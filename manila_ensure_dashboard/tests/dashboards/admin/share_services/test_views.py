"""The Share Services panel: its table, actions, messages, filters, policy.

The plugin's API module is mocked; Horizon renders the real templates.
"""

from unittest import mock

from django.test.utils import override_settings
from django.urls import reverse
from manilaclient.common.apiclient import exceptions as manila_exc
from openstack_auth import policy as auth_policy

from manila_ensure_dashboard.api import manila
from manila_ensure_dashboard.tests import helpers

INDEX_URL = reverse('horizon:admin:share_services:index')
TABLE = 'share_services'
POLICY_CHECK = helpers.POLICY_CHECK

ALPHA = helpers.ALPHA
BETA = helpers.BETA


def row_action(service_id, action):
    """What a row's action button posts."""
    return '%s__%s__%s' % (TABLE, action, service_id)


def row_action_id(service_id, action):
    """The HTML id of a row's action button or link."""
    return '%s__row_%s__action_%s' % (TABLE, service_id, action)


def filter_form(field, value):
    """What the table's server-side filter posts."""
    return {'%s__filter__q_field' % TABLE: field,
            '%s__filter__q' % TABLE: value}


services = helpers.services


def _conflict(text):
    return manila_exc.Conflict(message=text, http_status=409)


@override_settings(POLICY_CHECK_FUNCTION=POLICY_CHECK)
class ShareServicesViewTests(helpers.LastRunsMixin,
                             helpers.PolicyResetMixin,
                             helpers.BaseAdminViewTests):

    def _index(self, filters=None):
        with mock.patch.object(manila, 'service_list',
                               return_value=services()) as listing:
            if filters:
                res = self.client.post(INDEX_URL, filters, follow=True)
            else:
                res = self.client.get(INDEX_URL)
        return res, listing

    def _actions_of(self, res, service_id):
        content = res.content.decode()
        return {name for name in ('ensure_shares', 'enable', 'disable')
                if row_action_id(service_id, name) in content}

    def test_index_lists_every_service_with_its_columns(self):
        res, listing = self._index()
        self.assertTemplateUsed(res, 'admin/share_services/index.html')
        listing.assert_called_once_with(mock.ANY)
        table = res.context['table']
        self.assertEqual(5, len(table.data))
        self.assertEqual(
            ['Host', 'Binary', 'Zone', 'Status', 'State', 'Ensuring',
             'Updated At', 'Last Ensure Run', 'Progress', 'Error'],
            [str(c.verbose_name) for c in table.columns.values()
             if c.name not in ('multi_select', 'actions')])
        rows = {row.datum.host: row for row in table.get_rows()}
        self.assertEqual('No', str(rows[ALPHA].cells['ensuring'].data))
        self.assertEqual('Yes', str(rows[BETA].cells['ensuring'].data))
        self.assertEqual('Disabled (maintenance)',
                         str(rows['localhost@delta'].cells['status'].data))
        self.assertEqual('Down',
                         str(rows['localhost@gamma'].cells['state'].data))

    def test_ensure_offered_only_on_up_enabled_idle_share_backends(self):
        res, _listing = self._index()
        self.assertEqual({'ensure_shares', 'disable'},
                         self._actions_of(res, 1))
        # ensuring, down, disabled, not a backend: no Ensure Shares
        self.assertEqual({'disable'}, self._actions_of(res, 2))
        self.assertEqual({'disable'}, self._actions_of(res, 3))
        self.assertEqual({'enable'}, self._actions_of(res, 4))
        self.assertEqual({'disable'}, self._actions_of(res, 5))

    def test_ensuring_row_polls_until_the_run_ends(self):
        res, _listing = self._index()
        rows = {row.datum.host: row for row in
                res.context['table'].get_rows()}
        self.assertIsNone(rows[BETA].status)
        self.assertIn('ajax-update', rows[BETA].attrs.get('class', '')
                      + ' '.join(rows[BETA].classes))
        self.assertTrue(rows[ALPHA].status)

    def test_row_update_rereads_the_service(self):
        done = helpers.service(2, BETA, ensuring=False)
        with mock.patch.object(manila, 'service_get',
                               return_value=done) as get:
            res = self.client.get(INDEX_URL, {
                'action': 'row_update', 'table': TABLE, 'obj_id': '2'},
                HTTP_X_REQUESTED_WITH='XMLHttpRequest')
        get.assert_called_once_with(mock.ANY, '2')
        self.assertEqual(200, res.status_code)
        self.assertIn(b'No', res.content)
        self.assertNotIn(b'Yes', res.content)

    def _post_action(self, action, **api_mocks):
        with mock.patch.object(manila, 'service_list',
                               return_value=services()):
            patches = [mock.patch.object(manila, name, **kw)
                       for name, kw in api_mocks.items()]
            started = [p.start() for p in patches]
            try:
                res = self.client.post(INDEX_URL, action)
            finally:
                for p in patches:
                    p.stop()
        return res, started

    def test_ensure_success_names_the_host(self):
        res, (ensure,) = self._post_action(
            {'action': row_action(1, 'ensure_shares')},
            service_ensure_shares={})
        ensure.assert_called_once_with(mock.ANY, ALPHA)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.assertMessageCount(success=1, error=0)
        self.assertIn(ALPHA, self._message_texts(res))

    def test_batch_ensure_runs_each_selected_backend(self):
        res, (ensure,) = self._post_action(
            {'action': '%s__ensure_shares' % TABLE,
             'object_ids': ['1', '4']},
            service_ensure_shares={})
        # The disabled backend is skipped by allowed(), never sent; the
        # message says so and names the one that started.
        ensure.assert_called_once_with(mock.ANY, ALPHA)
        shown = self._message_texts(res)
        self.assertIn('localhost@delta', shown)
        self.assertIn('Started ensuring the shares of backend: %s' % ALPHA,
                      shown)

    def _assert_refusal_shown(self, exc, text):
        res, (ensure,) = self._post_action(
            {'action': row_action(1, 'ensure_shares')},
            service_ensure_shares={'side_effect': exc})
        ensure.assert_called_once_with(mock.ANY, ALPHA)
        self.assertMessageCount(success=0, error=1)
        shown = self._message_texts(res)
        self.assertIn(text, shown)
        self.assertIn(ALPHA, shown)

    def test_ensure_conflict_shows_the_api_text(self):
        text = ('Service localhost@alpha is already ensuring its shares; '
                'wait for the run to end.')
        self._assert_refusal_shown(_conflict(text), text)

    def test_ensure_of_down_service_shows_the_api_text(self):
        text = 'Service localhost@alpha is down.'
        self._assert_refusal_shown(_conflict(text), text)

    def test_ensure_not_found_shows_the_api_text(self):
        text = "No manila-share service runs on host 'localhost@alpha'."
        self._assert_refusal_shown(
            manila_exc.NotFound(message=text, http_status=404), text)

    def test_ensure_forbidden_shows_the_api_text(self):
        text = ('Policy doesn\'t allow service:ensure_shares to be '
                'performed.')
        self._assert_refusal_shown(
            manila_exc.Forbidden(message=text, http_status=403), text)

    def test_enable_service(self):
        res, (enable,) = self._post_action(
            {'action': row_action(4, 'enable')}, service_enable={})
        enable.assert_called_once_with(mock.ANY, 'localhost@delta',
                                       'manila-share')
        self.assertMessageCount(success=1, error=0)

    def test_disable_service_with_reason(self):
        url = reverse('horizon:admin:share_services:disable', args=['1'])
        with mock.patch.object(manila, 'service_get',
                               return_value=services()[0]), \
                mock.patch.object(manila, 'service_disable') as disable:
            form = self.client.get(url)
            self.assertTemplateUsed(form, 'admin/share_services/disable.html')
            res = self.client.post(url, {
                'host': ALPHA, 'binary': 'manila-share',
                'reason': ' maintenance '})
        disable.assert_called_once_with(mock.ANY, ALPHA, 'manila-share',
                                        reason='maintenance')
        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.assertMessageCount(success=1)

    def test_disable_refusal_shows_the_api_text(self):
        url = reverse('horizon:admin:share_services:disable', args=['1'])
        text = 'Could not find binary manila-share on host localhost@alpha.'
        with mock.patch.object(manila, 'service_get',
                               return_value=services()[0]), \
                mock.patch.object(
                    manila, 'service_disable',
                    side_effect=manila_exc.NotFound(message=text,
                                                    http_status=404)):
            res = self.client.post(url, {
                'host': ALPHA, 'binary': 'manila-share', 'reason': ''})
        self.assertMessageCount(error=1)
        self.assertIn(text, self._message_texts(res))

    def test_filter_by_host(self):
        _res, listing = self._index(filter_form('host', ALPHA))
        listing.assert_called_once_with(mock.ANY, host=ALPHA)

    def test_filter_by_ensuring(self):
        for typed, wanted in (('Yes', True), ('no', False)):
            _res, listing = self._index(filter_form('ensuring', typed))
            listing.assert_called_once_with(mock.ANY, ensuring=wanted)

    def test_filter_by_ensuring_refuses_other_words(self):
        res, listing = self._index(filter_form('ensuring', 'maybe'))
        listing.assert_not_called()
        self.assertIn('Yes or No', self._message_texts(res))

    def test_list_failure_is_shown(self):
        with mock.patch.object(
                manila, 'service_list',
                side_effect=manila_exc.ClientException(
                    500, 'The server could not complete the request')):
            res = self.client.get(INDEX_URL)
        self.assertEqual(0, len(res.context['table'].data))
        self.assertIn('The server could not complete the request',
                      self._message_texts(res))

    def _message_texts(self, res):
        # Messages are in the session's cookie storage after a redirect and
        # in the context after a render.
        from django.contrib.messages import get_messages
        return ' '.join(str(m) for m in get_messages(res.wsgi_request))


@override_settings(POLICY_CHECK_FUNCTION=POLICY_CHECK)
class ShareServicesPolicyTests(helpers.PolicyResetMixin, helpers.TestCase):
    """A project member: the service's policy says no to every action."""

    def test_member_policy_denies_ensure_and_list(self):
        request = self.request
        self.assertFalse(auth_policy.check(
            (('share', 'service:ensure_shares'),), request))
        self.assertFalse(auth_policy.check(
            (('share', 'service:index'),), request))

    def test_member_cannot_open_the_panel(self):
        with mock.patch.object(manila, 'service_list') as listing:
            res = self.client.get(INDEX_URL)
        listing.assert_not_called()
        self.assertEqual(403, res.status_code)


@override_settings(POLICY_CHECK_FUNCTION=POLICY_CHECK)
class ShareServicesAdminPolicyTests(helpers.LastRunsMixin,
                                    helpers.PolicyResetMixin,
                                    helpers.BaseAdminViewTests):

    def test_admin_policy_allows_ensure(self):
        self.assertTrue(auth_policy.check(
            (('share', 'service:ensure_shares'),), self.request))

    def test_ensure_hidden_when_the_policy_file_denies_it(self):
        # An operator's policy file overrides the service's default.
        with helpers.deny_in_policy_file(self, 'service:ensure_shares'), \
                mock.patch.object(manila, 'service_list',
                                  return_value=services()):
            auth_policy.reset()
            res = self.client.get(INDEX_URL)
        content = res.content.decode()
        self.assertNotIn(row_action_id(1, 'ensure_shares'), content)
        self.assertIn(row_action_id(1, 'disable'), content)
