"""Ensure runs as the API shows them."""

from urllib import parse


def _self_link(req, run_id):
    return '%s/services/ensure-runs/%s' % (
        req.application_url.rstrip('/'), run_id)


def run_location(req, run_id):
    """The URL of run ``run_id``: the ensure 202's Location header."""
    return _self_link(req, run_id)


def run_dict(req, run):
    return {
        'id': run.id,
        'host': run.host,
        'trigger': run.triggered_by,
        'status': run.status,
        'user_id': run.user_id,
        'project_id': run.project_id,
        'request_id': run.request_id,
        'started_at': run.started_at,
        'finished_at': run.finished_at,
        'updated_at': run.updated_at,
        'shares_total': run.shares_total,
        'shares_done': run.shares_done,
        'shares_ensured': run.shares_ensured,
        'shares_updated': run.shares_updated,
        'shares_skipped': run.shares_skipped,
        'shares_errored': run.shares_errored,
        'error': run.error,
        'links': [{'rel': 'self', 'href': _self_link(req, run.id)}],
    }


def detail(req, run):
    return {'ensure_run': run_dict(req, run)}


def detail_list(req, runs, limit=None, query=None):
    """The page of runs; a 'next' link when the page is full."""
    body = {'ensure_runs': [run_dict(req, r) for r in runs]}
    if limit and runs and len(runs) >= limit:
        params = dict(query or {}, limit=limit, marker=runs[-1].id)
        body['ensure_runs_links'] = [{
            'rel': 'next',
            'href': '%s/services/ensure-runs?%s' % (
                req.application_url.rstrip('/'),
                parse.urlencode(sorted(params.items())))}]
    return body
