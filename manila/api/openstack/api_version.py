"""API microversions: the supported range and the version of a request.

A request names its version in ``OpenStack-API-Version: shared-file-system
X.Y`` or in the older ``X-OpenStack-Manila-API-Version: X.Y`` (the standard
header wins when both are sent). No header means the minimum version, as
in Manila. The history of what each version changed is in Manila's
rest_api_version_history; this service implements the range below.
"""

import functools
import re

import microversion_parse

from manila import exception

MIN_VERSION = '2.0'
# 2.86: services carry 'ensuring'; POST /services/ensure-shares exists.
# 2.93: the services list filters on 'ensuring'.
MAX_VERSION = '2.93'

SERVICE_TYPE = 'shared-file-system'
LEGACY_HEADER = 'X-OpenStack-Manila-API-Version'
STANDARD_HEADER = 'OpenStack-API-Version'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.(0|[1-9]\d*)$')


@functools.total_ordering
class APIVersion:
    """A major.minor version; compares with others and with 'X.Y' strings."""

    def __init__(self, version_string):
        match = _VERSION_RE.match(version_string or '')
        if not match:
            raise exception.InvalidAPIVersionString(version=version_string)
        self.major = int(match.group(1))
        self.minor = int(match.group(2))

    def _key(self, other=None):
        if other is None:
            return (self.major, self.minor)
        if isinstance(other, str):
            other = APIVersion(other)
        return (other.major, other.minor)

    def __eq__(self, other):
        return self._key() == self._key(other)

    def __lt__(self, other):
        return self._key() < self._key(other)

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__

    def matches(self, min_version=None, max_version=None):
        """True when min_version <= self <= max_version (None: open)."""
        if min_version is not None and self < min_version:
            return False
        if max_version is not None and self > max_version:
            return False
        return True


def min_version():
    return APIVersion(MIN_VERSION)


def max_version():
    return APIVersion(MAX_VERSION)


def from_headers(headers):
    """The version a request asks for; raises 400 or 406 when unusable.

    ``headers`` is any mapping of header names (case-insensitive, e.g.
    webob's request.headers). 'latest' means the maximum version.
    """
    requested = microversion_parse.get_version(
        headers, service_type=SERVICE_TYPE,
        legacy_headers=[LEGACY_HEADER])
    if requested is None:
        return min_version()
    requested = requested.strip()
    if requested.lower() == 'latest':
        return max_version()
    version = APIVersion(requested)
    if not version.matches(MIN_VERSION, MAX_VERSION):
        raise exception.InvalidGlobalAPIVersion(
            req_ver=requested, min_ver=MIN_VERSION, max_ver=MAX_VERSION)
    return version


def response_headers(version):
    """Headers that tell the client which version answered."""
    return [
        (LEGACY_HEADER, str(version)),
        (STANDARD_HEADER, '%s %s' % (SERVICE_TYPE, version)),
        ('Vary', '%s, %s' % (LEGACY_HEADER, STANDARD_HEADER)),
    ]
