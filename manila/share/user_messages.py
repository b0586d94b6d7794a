"""User messages: why a user's share went to 'error', in words they read.

Listed by ``openstack share message list``. The action and detail ids
follow the numbering of Manila's message API.
"""

from manila.db import api as db

ACTION_ALLOCATE_HOST = '001'
ACTION_CREATE = '002'
DETAIL_UNEXPECTED = '001'
DETAIL_NO_VALID_HOST = '002'
DETAIL_DRIVER_FAILED = '003'


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
