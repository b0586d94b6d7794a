"""User messages: the owner reads why a share went to error."""

from manila.tests.unit.api import fakes


class MessagesTest(fakes.APITestCase):

    def setUp(self):
        super().setUp()
        self.placement_host = None
        self.share = self.member('POST', '/shares', {'share': {
            'share_proto': 'NFS', 'size': 5000}}).json['share']

    def test_owner_reads_why_the_share_failed(self):
        self.assertEqual('error', self.share['status'])
        resp = self.member('GET', '/messages')
        self.assertEqual(200, resp.status_int, resp.text)
        (message,) = resp.json['messages']
        self.assertEqual(('SHARE', self.share['id'], 'ERROR', '001', '002'),
                         (message['resource_type'], message['resource_id'],
                          message['message_level'], message['action_id'],
                          message['detail_id']))
        self.assertIn('5000 GiB', message['user_message'])
        shown = self.member('GET', '/messages/%s' % message['id'])
        self.assertEqual(message['id'], shown.json['message']['id'])

    def test_filters(self):
        resp = self.member('GET', '/messages?resource_id=%s'
                           % self.share['id'])
        self.assertEqual(1, len(resp.json['messages']))
        resp = self.member('GET', '/messages?resource_id=other')
        self.assertEqual([], resp.json['messages'])
        resp = self.member('GET', '/messages?created_since=2000-01-01T00:00'
                                  ':00Z&created_before=2000-01-02T00:00:00Z')
        self.assertEqual([], resp.json['messages'])
        self.assertFault(self.member('GET', '/messages?created_since=soon'),
                         400, contains='created_since')

    def test_other_project_sees_nothing(self):
        resp = self.member('GET', '/messages', token=fakes.BOB)
        self.assertEqual([], resp.json['messages'])
        message_id = self.member('GET', '/messages').json['messages'][0][
            'id']
        self.assertFault(self.member('GET', '/messages/%s' % message_id,
                                     token=fakes.BOB), 404)
        self.assertFault(self.member('DELETE', '/messages/%s' % message_id,
                                     token=fakes.BOB), 404)

    def test_delete(self):
        message_id = self.member('GET', '/messages').json['messages'][0][
            'id']
        resp = self.member('DELETE', '/messages/%s' % message_id)
        self.assertEqual(204, resp.status_int)
        self.assertEqual([], self.member('GET', '/messages').json[
            'messages'])

    def test_before_2_37_is_404(self):
        self.assertFault(self.member('GET', '/messages', version='2.36'),
                         404)
