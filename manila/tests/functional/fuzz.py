"""Fuzz a running API with schemathesis, driven by the OpenAPI document.

:class:`Fuzzer` generates requests for every operation of
doc/source/api-ref/openapi.json (built from the code, see
manila/api/openapi), positive (valid by the document) and negative (wrong
types, missing and extra fields, out-of-range numbers, ...), sends them to
the service and checks each answer:

- no 5xx;
- the status, the content type, the headers and the body conform to the
  document;
- every 4xx is Manila's JSON fault with a message.

Failures are collected, not raised, so that one run tries everything and
reports every distinct failure once (by operation and problem).
"""

import collections
import json
import os

import hypothesis
import requests
import schemathesis
from schemathesis import checks as st_checks

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    os.pardir, os.pardir, os.pardir))
DOCUMENT = os.path.join(ROOT, 'doc', 'source', 'api-ref', 'openapi.json')

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]

MODES = (schemathesis.GenerationMode.POSITIVE,
         schemathesis.GenerationMode.NEGATIVE)


def fault_problem(response):
    """Why a 4xx is not Manila's JSON fault with a message, or None."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        return 'the body is not JSON: %r' % response.text[:200]
    if not (isinstance(body, dict) and len(body) == 1):
        return 'the body is not one fault: %r' % response.text[:200]
    (fault,) = body.values()
    if not isinstance(fault, dict) or fault.get('code') != (
            response.status_code) or not fault.get('message'):
        return 'the fault has no code %d and message: %r' % (
            response.status_code, response.text[:200])
    return None


def generate(examples, seed=None):
    """[(operation, case)]: up to ``examples`` cases per operation and
    mode, generated once and sent to every deployment and caller (the
    generation costs more than the requests)."""
    with open(DOCUMENT, encoding='utf-8') as f:
        schema = schemathesis.openapi.from_dict(json.load(f))
    corpus = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:
            strategy = operation.as_strategy(generation_mode=mode)

            @hypothesis.settings(
                max_examples=examples, deadline=None, database=None,
                derandomize=seed is None,
                phases=[hypothesis.Phase.explicit,
                        hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck))
            @hypothesis.given(strategy)
            def collect(case):
                corpus.append((operation, case))

            if seed is not None:
                collect = hypothesis.seed(seed)(collect)
            try:
                collect()
            except hypothesis.errors.Unsatisfiable:
                # Nothing to break in this operation (e.g. GET / has no
                # parameter a negative case could get wrong).
                pass
    return corpus


def _aim(operation, case, targets):
    for (prefix, name), value in targets.items():
        if (operation.path.startswith(prefix)
                and name in (case.path_parameters or {})):
            case.path_parameters[name] = value


class Fuzzer:
    """Sends a corpus to one service (``base_url`` ends in /v2)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()
        self.requests = 0
        self.statuses = collections.Counter()
        # {(operation, problem): (count, an example request)}
        self.failures = {}

    def _record(self, operation, problem, case):
        key = (operation.label, problem.splitlines()[0][:300])
        count, example = self.failures.get(key, (0, None))
        if example is None:
            example = '%s %s' % (case.method, case.formatted_path)
            if case.query:
                example += ' query=%r' % (case.query,)
            if isinstance(case.body, (dict, list, str, int, float, bool)):
                example += ' body=%r' % (case.body,)
        self.failures[key] = (count + 1, example)

    def send(self, operation, case, headers):
        """One request, every check; failures are recorded."""
        try:
            response = case.call(base_url=self.base_url,
                                 session=self.session, headers=headers,
                                 timeout=60)
        except requests.RequestException as exc:
            self._record(operation, 'no answer: %s' % exc, case)
            return
        self.requests += 1
        self.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:
            # schemathesis raises a group of every failed check.
            for problem in getattr(exc, 'exceptions', None) or [exc]:
                self._record(operation, '%s %s' % (
                    response.status_code, getattr(problem, 'title', None)
                    or str(problem)), case)
        problem = fault_problem(response)
        if problem:
            self._record(operation, problem, case)

    def run(self, corpus, callers, targets=None):
        """Every case of the corpus as each caller (a dict of headers).

        ``targets`` maps (path prefix, parameter) to the id of a real
        resource: every other positive case with that parameter is sent
        with it, so that the handlers behind the lookups run too. Deletes
        go last, so the target lives through the other operations.
        """
        ordered = sorted(corpus, key=lambda item: item[1].method == 'DELETE')
        for n, (operation, case) in enumerate(ordered):
            if targets and n % 2 and case.meta and (
                    case.meta.generation.mode.is_positive):
                _aim(operation, case, targets)
            for headers in callers:
                self.send(operation, case, headers)

    def report(self):
        """What a person reads: the counts, then each distinct failure."""
        lines = ['%d requests; statuses: %s; %d distinct failure(s)' % (
            self.requests, ', '.join('%s x%d' % kv for kv in sorted(
                self.statuses.items())), len(self.failures))]
        for (label, problem), (count, example) in sorted(
                self.failures.items()):
            lines.append('  %s: %s (x%d), e.g. %s' % (
                label, problem, count, example[:300]))
        return '\n'.join(lines)
