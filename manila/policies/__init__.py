"""Policy defaults in code, one module per resource.

``list_rules()`` is the oslo.policy.policies entry point: the policy
generator and the enforcer both read it.
"""

import itertools

from manila.policies import availability_zone
from manila.policies import base
from manila.policies import ensure_run
from manila.policies import message
from manila.policies import service
from manila.policies import share_access
from manila.policies import share_export_location
from manila.policies import share_instance
from manila.policies import share_type
from manila.policies import shares


def list_rules():
    return list(itertools.chain(
        base.list_rules(),
        service.list_rules(),
        ensure_run.list_rules(),
        shares.list_rules(),
        share_access.list_rules(),
        share_export_location.list_rules(),
        share_instance.list_rules(),
        share_type.list_rules(),
        availability_zone.list_rules(),
        message.list_rules(),
    ))
