"""User messages: why a user's share went to 'error', in words they read.

Recorded by the share service, read and deleted through the messages API
(``openstack share message list``). The action and detail ids follow the
numbering of Manila's message API.
"""

from manila.db import api as db

ACTION_ALLOCATE_HOST = '001'
ACTION_CREATE = '002'
# Not in Manila's numbering: an administrator's ensure-shares run.
ACTION_ENSURE_SHARES = '101'
DETAIL_UNEXPECTED = '001'
DETAIL_NO_VALID_HOST = '002'
DETAIL_DRIVER_FAILED = '003'
DETAIL_ENSURE_RUN_FAILED = '101'


def record(context, share, action_id, detail_id, text):
    """Store an ERROR message about ``share`` for its project."""
    db.message_create(context, {
        'project_id': share.project_id,
        'request_id': context.request_id,
        'resource_type': 'SHARE',
        'resource_id': share.id,
        'action_id': action_id,
        'detail_id': detail_id,
        'message_level': 'ERROR',
        'user_message': text[:1023],
    })


def record_ensure_run(context, run_id, project_id, text):
    """Store an ERROR message about ensure run ``run_id`` for the
    administrators (project ``project_id``: the one of who asked)."""
    db.message_create(context, {
        'project_id': project_id or '',
        'request_id': context.request_id,
        'resource_type': 'ENSURE_RUN',
        'resource_id': str(run_id),
        'action_id': ACTION_ENSURE_SHARES,
        'detail_id': DETAIL_ENSURE_RUN_FAILED,
        'message_level': 'ERROR',
        'user_message': text[:1023],
    })


def get(context, message_id):
    """The message ``message_id``; NotFound (404) when there is none."""
    return db.message_get(context, message_id)


def get_all(context, filters=None):
    """Messages matching the exact-value ``filters`` (e.g. project_id)."""
    return db.message_get_all(context, filters)


def delete(context, message_id):
    db.message_delete(context, message_id)
