"""The policy checks on shares, made by the controllers before they call
manila.share.api, which checks none.

A share the caller may not read (``share:get``) does not exist for them:
404, never 403, so its ID tells other projects nothing; its sub-resources
and actions answer the same, as every controller fetches it through
:func:`get_share` first. A caller who may read it and is refused an action
on it gets 403 (PolicyNotAuthorized), e.g. a reader who changes.
"""

from manila import exception
from manila import policy


def policy_target(share):
    """The policy target of an existing share: its project and user."""
    return {'project_id': share.project_id, 'user_id': share.user_id}


def read_target(context, share):
    """The target for reading a share and what others need to mount it.

    A public share of another project reads as if it were the caller's
    own (a reader of any project may see it, its export locations and its
    metadata); every other share is checked against its own project.
    Access rules are not read this way: they stay with the owners.
    """
    if share.is_public and context.project_id != share.project_id:
        return None  # manila.policy.authorize: the caller's own project
    return policy_target(share)


def may_read(context, share):
    """Whether ``share:get`` lets the caller see ``share``."""
    return policy.authorize(context, 'share:get',
                            read_target(context, share), do_raise=False)


def get_share(share_api, context, share_id):
    """The share ``share_id`` if the caller may read it; ShareNotFound
    (404) otherwise, as when there is none."""
    share = share_api.get(context, share_id)
    if not may_read(context, share):
        raise exception.ShareNotFound(share_id=share_id)
    return share


def authorize(context, action, share):
    """Check rule ``action`` (e.g. 'share:delete') against the share's
    project and user; PolicyNotAuthorized (403) when refused."""
    policy.authorize(context, action, policy_target(share))
