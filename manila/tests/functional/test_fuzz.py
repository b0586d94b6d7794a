"""Fuzzing the running API from its OpenAPI document (schemathesis).

One deployment per database (manila-all, noauth), fuzzed as an
administrator and as a project member, positive and negative requests:
no 5xx, answers that conform to the document, every 4xx Manila's JSON
fault with a message. Shares and services made before the fuzzing are
checked afterwards, and the service must still answer.

``MANILA_FUZZ_EXAMPLES`` (default 32) is the number of requests generated
per operation and mode (positive, negative); each is sent as both callers,
and the same requests go to each database. A run must reach MIN_REQUESTS.
``MANILA_FUZZ_SEED`` picks another seed than the fixed default, to explore.
"""

import os
import sys

import testtools
import testtools.content

from manila.tests.functional import fuzz
from manila.tests.functional import harness

MIN_REQUESTS = 5000
EXAMPLES = int(os.environ.get('MANILA_FUZZ_EXAMPLES', '32'))
SEED = os.environ.get('MANILA_FUZZ_SEED')
ADMIN = {'X-Auth-Token': 'admin:admin'}
MEMBER = {'X-Auth-Token': 'alice:project-a', 'X-Roles': 'member'}
_CORPUS = []


def _corpus():
    """The generated requests, made once for every database's run."""
    if not _CORPUS:
        _CORPUS.extend(fuzz.generate(
            EXAMPLES, seed=int(SEED) if SEED else None))
    return _CORPUS


class FuzzMixin:

    database = None

    def _snapshot(self, dep, shares):
        """What must survive the fuzzing, as the API shows it."""
        # 'state' (up or down) follows heartbeats, checked on its own.
        state = {'services': sorted(
            (s['host'], s['binary'], s['status'], s['disabled_reason'],
             s['ensuring']) for s in dep.services())}
        for share, token, roles in shares:
            got = dep.share(share['id'], token=token, roles=roles)
            state[share['id']] = got and (
                got['name'], got['status'], got['size'], got['metadata'],
                got['project_id'], dep.export_paths(share['id']))
        return state

    def _targets(self, dep):
        """Real resources for the fuzzer to aim at (and maybe change or
        delete): a member's share with metadata, an access rule and an
        export location, and a share type."""
        member = {'token': 'alice:project-a', 'roles': 'member'}
        share = dep.create_share('target', size=1, **member)
        resp = dep.request('POST', '/shares/%s/metadata' % share['id'],
                           {'metadata': {'fuzz': 'value'}}, **member)
        self.assertEqual(200, resp.status, resp)
        resp = dep.request('POST', '/shares/%s/action' % share['id'], {
            'allow_access': {'access_type': 'ip',
                             'access_to': '192.0.2.0/24'}}, **member)
        self.assertEqual(200, resp.status, resp)
        rule = resp.json['access']['id']
        resp = dep.request('GET', '/shares/%s/export_locations'
                           % share['id'], **member)
        export = resp.json['export_locations'][0]['id']
        resp = dep.request('POST', '/types', {'share_type': {
            'name': 'fuzz-target', 'extra_specs': {
                'driver_handles_share_servers': False}}})
        self.assertEqual(200, resp.status, resp)
        return {
            ('/shares/{id}', 'id'): share['id'],
            ('/shares/{share_id}', 'share_id'): share['id'],
            ('/shares/{share_id}/metadata/{key}', 'key'): 'fuzz',
            ('/shares/{share_id}/export_locations/',
             'export_location_id'): export,
            ('/share-access-rules/{id}', 'id'): rule,
            ('/types/{id}', 'id'): resp.json['share_type']['id'],
        }

    def test_fuzz(self):
        # What a failure needs explained, attached after the services'
        # logs (this cleanup runs last), so it ends the test's output.
        summary = []
        self.addCleanup(lambda: summary and self.addDetail(
            'fuzz-summary', testtools.content.text_content(
                '\n'.join(summary))))
        dep = self.useFixture(harness.Deployment(
            self, database=self.database))
        kept = [
            (dep.create_share('kept-admin', size=1), 'admin:admin', None),
            (dep.create_share('kept-member', size=1, token='alice:'
                              'project-a', roles='member'),
             'alice:project-a', 'member'),
        ]
        resp = dep.request('POST', '/shares/%s/metadata' % kept[0][0]['id'],
                           {'metadata': {'keep': 'me'}})
        self.assertEqual(200, resp.status, resp)
        before = self._snapshot(dep, kept)

        fuzzer = fuzz.Fuzzer(dep.endpoint + '/v2')
        fuzzer.run(_corpus(), [ADMIN, MEMBER], self._targets(dep))
        report = '%s: %s' % (self.database, fuzzer.report())
        summary.append(report)
        # Printed for the CI log, passing or not.
        sys.stderr.write('\n%s\n' % report)

        # Still answering, and what was there before is as it was.
        dep.wait_for_api(timeout=30)
        for host in dep.backend_hosts:
            dep.wait_for_service(host, 'up', timeout=30)
        after = self._snapshot(dep, kept)
        summary.extend(
            'changed %s: %r -> %r' % (key, before[key], after.get(key))
            for key in before if before[key] != after.get(key))
        self.assertEqual(before, after)
        self.assertEqual({}, fuzzer.failures, report)
        self.assertGreaterEqual(fuzzer.requests, MIN_REQUESTS, report)


class TestFuzzSQLite(FuzzMixin, testtools.TestCase):
    database = 'sqlite'


class TestFuzzPostgreSQL(FuzzMixin, testtools.TestCase):
    database = 'postgresql'


class TestFuzzMySQL(FuzzMixin, testtools.TestCase):
    database = 'mysql'
