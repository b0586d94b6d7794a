"""Malformed requests: each gets a 4xx JSON fault whose message names the
problem, never a 500. One test per row of MALFORMED."""

import json
import re

import testtools

from manila.api.schemas import types
from manila.tests.unit.api import fakes

SHARE = '{share}'     # replaced by the id of an existing share
GOOD_SHARE = {'share_proto': 'NFS', 'size': 1}


def _share(**fields):
    return {'share': dict(GOOD_SHARE, **fields)}


# (name, method, path, body (dict, or bytes sent raw), microversion,
#  expected status, words the message must contain)
MALFORMED = [
    ('not_json', 'POST', '/shares', b'{"share": ', '2.93', 400,
     ['not valid JSON']),
    ('json_array', 'POST', '/shares', b'[1, 2]', '2.93', 400,
     ['is not of type', 'object']),
    ('missing_body', 'POST', '/shares', None, '2.93', 400,
     ['needs a JSON body']),
    ('missing_share_key', 'POST', '/shares', {'size': 1}, '2.93', 400,
     ["'share' is a required property"]),
    ('missing_size', 'POST', '/shares', {'share': {'share_proto': 'NFS'}},
     '2.93', 400, ["'size' is a required property"]),
    ('missing_proto', 'POST', '/shares', {'share': {'size': 1}}, '2.93',
     400, ["'share_proto' is a required property"]),
    ('size_string', 'POST', '/shares', _share(size='big'), '2.93', 400,
     ['share.size', 'whole number']),
    ('size_zero', 'POST', '/shares', _share(size=0), '2.93', 400,
     ['share.size', 'at least 1']),
    ('size_float', 'POST', '/shares', _share(size=1.5), '2.93', 400,
     ['share.size']),
    ('unknown_share_field', 'POST', '/shares', _share(colour='red'),
     '2.93', 400, ["'colour' was unexpected"]),
    ('unknown_top_level_key', 'POST', '/shares',
     dict(_share(), extra=1), '2.93', 400, ["'extra' was unexpected"]),
    ('name_too_long', 'POST', '/shares', _share(name='n' * 256), '2.93',
     400, ['share.name', '256 characters long; at most 255']),
    ('name_not_string', 'POST', '/shares', _share(name=5), '2.93', 400,
     ['share.name', 'is not of type']),
    ('metadata_not_object', 'POST', '/shares', _share(metadata=['a']),
     '2.93', 400, ['share.metadata']),
    ('metadata_value_not_string', 'POST', '/shares',
     _share(metadata={'k': 1}), '2.93', 400, ['share.metadata.k']),
    ('is_public_word', 'POST', '/shares', _share(is_public='sometimes'),
     '2.93', 400, ['share.is_public', 'true or false']),
    ('unknown_protocol', 'POST', '/shares', _share(share_proto='FTP'),
     '2.93', 400, ['share_proto', 'FTP']),
    ('update_empty', 'PUT', '/shares/' + SHARE, {'share': {}}, '2.93', 400,
     ['share', 'non-empty']),
    ('update_unknown_field', 'PUT', '/shares/' + SHARE,
     {'share': {'size': 2}}, '2.93', 400, ["'size' was unexpected"]),
    ('action_two_keys', 'POST', '/shares/' + SHARE + '/action',
     {'allow_access': {}, 'deny_access': {}}, '2.93', 400,
     ['exactly one key']),
    ('action_unknown', 'POST', '/shares/' + SHARE + '/action',
     {'shrink': {}}, '2.93', 400, ["'shrink'"]),
    ('allow_missing_access_to', 'POST', '/shares/' + SHARE + '/action',
     {'allow_access': {'access_type': 'ip'}}, '2.93', 400,
     ["'access_to' is a required property"]),
    ('allow_bad_level', 'POST', '/shares/' + SHARE + '/action',
     {'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.1',
                       'access_level': 'admin'}}, '2.93', 400,
     ['allow_access.access_level']),
    ('allow_bad_cidr', 'POST', '/shares/' + SHARE + '/action',
     {'allow_access': {'access_type': 'ip', 'access_to': '10.0.0.0/33'}},
     '2.93', 400, ['10.0.0.0/33', 'not an IP']),
    ('allow_access_to_list', 'POST', '/shares/' + SHARE + '/action',
     {'allow_access': {'access_type': 'ip', 'access_to': ['10.0.0.1']}},
     '2.93', 400, ['allow_access.access_to', 'is not of type']),
    ('deny_missing_id', 'POST', '/shares/' + SHARE + '/action',
     {'deny_access': {}}, '2.93', 400,
     ["'access_id' is a required property"]),
    ('ensure_missing_host', 'POST', '/services/ensure', {}, '2.93', 400,
     ['host']),
    ('ensure_empty_host', 'POST', '/services/ensure', {'host': ''},
     '2.93', 400, ['field \'host\'', 'non-empty host name']),
    ('ensure_host_with_space', 'POST', '/services/ensure',
     {'host': 'local host@alpha'}, '2.93', 400, ['without whitespace']),
    ('ensure_host_too_long', 'POST', '/services/ensure',
     {'host': 'h' * 256}, '2.93', 400, ['at most 255']),
    ('ensure_host_not_string', 'POST', '/services/ensure', {'host': 7},
     '2.93', 400, ['field \'host\'']),
    ('ensure_extra_key', 'POST', '/services/ensure',
     {'host': 'localhost@alpha', 'force': True}, '2.93', 400,
     ["'force' was unexpected"]),
    ('ensure_both_forms', 'POST', '/services/ensure',
     {'host': 'localhost@alpha',
      'ensure_shares': {'host': 'localhost@alpha'}}, '2.93', 400,
     ['"host"']),
    ('ensure_wrapped_extra_key', 'POST', '/services/ensure-shares',
     {'ensure_shares': {'host': 'localhost@alpha', 'x': 1}}, '2.93', 400,
     ["'x' was unexpected"]),
    ('service_disable_missing_binary', 'PUT', '/services/disable',
     {'host': 'localhost@alpha'}, '2.93', 400,
     ["'binary' is a required property"]),
    ('service_reason_too_long', 'PUT', '/services/disable',
     {'host': 'localhost@alpha', 'binary': 'manila-share',
      'disabled_reason': 'r' * 256}, '2.93', 400,
     ['disabled_reason', 'at most 255']),
    ('type_missing_specs', 'POST', '/types', {'share_type': {'name': 'x'}},
     '2.93', 400, ["'extra_specs' is a required property"]),
    ('type_two_bodies', 'POST', '/types',
     {'share_type': {'name': 'x', 'extra_specs': {}},
      'volume_type': {'name': 'x', 'extra_specs': {}}}, '2.93', 400,
     ['share_type']),
    ('bad_version_header', 'GET', '/shares', None, '2.x', 400,
     ['2.x', 'malformed']),
    ('version_too_new', 'GET', '/shares', None, '2.94', 406,
     ['2.94', '2.0', '2.93']),
    ('bad_limit', 'GET', '/shares?limit=ten', None, '2.93', 400,
     ['limit', 'ten']),
    # Beyond what the database columns hold: refused before placement.
    ('size_beyond_db_column', 'POST', '/shares',
     _share(size=99999999999999999999), '2.93', 400,
     ['share.size', 'at most 2147483647']),
    ('size_just_beyond_db_column', 'POST', '/shares',
     _share(size=2 ** 31), '2.93', 400, ['share.size', 'at most']),
    ('size_string_beyond_db_column', 'POST', '/shares',
     _share(size='2147483648'), '2.93', 400, ['share.size', 'at most']),
    ('limit_beyond_db_integer', 'GET',
     '/shares?limit=99999999999999999999', None, '2.93', 400,
     ['limit', 'from 0 to 2147483647']),
    ('ensure_run_id_beyond_db_integer', 'GET',
     '/services/ensure-runs/99999999999999999999', None, '2.93', 404,
     ['99999999999999999999', 'could not be found']),
    ('offset_beyond_db_integer', 'GET', '/shares/detail?offset=2147483648',
     None, '2.93', 400, ['offset']),
    # Nested past the parser's stack, and past the API's depth limit.
    ('body_nested_thousands_deep', 'POST', '/services/ensure',
     b'{"host": ' + b'[' * 50000 + b']' * 50000 + b'}', '2.93', 400,
     ['nests deeper than 32 levels']),
    ('body_nested_past_the_limit', 'POST', '/shares',
     json.dumps(_share(metadata=json.loads('[' * 40 + ']' * 40))).encode(),
     '2.93', 400, ['nests deeper than 32 levels']),
    # Text no database stores.
    ('body_nul_character', 'POST', '/shares', _share(name='a\x00b'),
     '2.93', 400, ['NUL character']),
    ('body_nul_in_a_key', 'POST', '/shares',
     _share(metadata={'k\x00': 'v'}), '2.93', 400, ['NUL character']),
    ('body_lone_surrogate', 'POST', '/shares',
     b'{"share": {"share_proto": "NFS", "size": 1, "name": "\\ud800"}}',
     '2.93', 400, ['unpaired UTF-16 surrogate']),
    ('url_nul_character', 'GET', '/shares/a%00b', None, '2.93', 400,
     ["URL's id", 'NUL character']),
    ('query_nul_character', 'GET', '/shares?name=a%00b', None, '2.93', 400,
     ["URL's name", 'NUL character']),
    ('query_not_utf8', 'GET', '/shares?name=%ff', None, '2.93', 400,
     ['query string', 'UTF-8']),
]


class MalformedRequestTest(fakes.APITestCase):
    """Table-driven: see MALFORMED."""

    def setUp(self):
        super().setUp()
        self.make_service('localhost@alpha')
        self.share = self.make_share('s1', project='admin', user='admin')

    def _check(self, method, path, body, version, status, words):
        path = path.replace(SHARE, self.share.id)
        kwargs = {'version': version}
        if isinstance(body, bytes):
            kwargs['raw'] = body
        else:
            kwargs['body'] = body
        resp = self.request(method, path, **kwargs)
        message = self.assertFault(resp, status)
        for word in words:
            self.assertIn(word, message)
        # Nothing was sent to a backend because of a malformed request.
        self.assertEqual([], self.rpc.casts)


def _make_test(case):
    name, method, path, body, version, status, words = case

    def test(self):
        self._check(method, path, body, version, status, words)
    test.__name__ = 'test_%s' % name
    test.__doc__ = '%s %s %s -> %s' % (method, path, json.dumps(
        body if not isinstance(body, bytes) else body.decode()), status)
    return test


for _case in MALFORMED:
    setattr(MalformedRequestTest, 'test_%s' % _case[0], _make_test(_case))


class DecimalPatternTest(testtools.TestCase):
    """The string form of bounded whole numbers matches exactly 1..max."""

    def test_every_number_up_to_small_limits(self):
        for limit in (1, 9, 10, 99, 100, 205, 5099):
            pattern = re.compile(types._decimal_at_most(limit))
            matched = [n for n in range(0, 3 * limit + 20)
                       if pattern.match(str(n))]
            self.assertEqual(list(range(1, limit + 1)), matched, limit)

    def test_db_integer_edges(self):
        pattern = re.compile(types._decimal_at_most(types.DB_INT_MAX))
        for number in (1, 999999999, 1000000000, 2147483639, 2147483647):
            self.assertTrue(pattern.match(str(number)), number)
        for text in ('0', '01', '2147483648', '2147483650', '3000000000',
                     '99999999999999999999', '-1', '1.0'):
            self.assertIsNone(pattern.match(text), text)
