"""Share types: the default type and the extra specs users may see.

The default type (option default_share_type) is created in the database
when a service starts (:func:`ensure_default_type`) and, should it have
been deleted since, on first use, so share creation never depends on an
operator step.
"""

from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import strutils

from manila.db import api as db
from manila import exception
from manila.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

share_type_opts = [
    cfg.StrOpt('default_share_type', default='default',
               help='Name of the share type used when a share is created '
                    'without one. Created on service start if missing '
                    '(driver_handles_share_servers=False). Empty: shares '
                    'must name a type.'),
]

CONF.register_opts(share_type_opts)

DHSS = 'driver_handles_share_servers'
BACKEND_NAME = 'share_backend_name'
# Required in every type, as in Manila.
REQUIRED_SPECS = (DHSS,)
# Extra specs every user may see; the others (e.g. share_backend_name)
# describe the deployment and are for administrators.
TENANT_VISIBLE_SPECS = (DHSS, 'snapshot_support',
                        'create_share_from_snapshot_support',
                        'revert_to_snapshot_support',
                        'mount_snapshot_support', 'availability_zones')


def validate_extra_specs(extra_specs):
    """Check the required spec and the boolean ones; raise InvalidInput."""
    if DHSS not in extra_specs:
        raise exception.InvalidInput(
            reason=_("extra spec '%s' is required (true or false)") % DHSS)
    for key in (DHSS, 'snapshot_support',
                'create_share_from_snapshot_support'):
        if key in extra_specs:
            value = str(extra_specs[key])
            if not strutils.is_valid_boolstr(value):
                raise exception.InvalidInput(
                    reason=_("extra spec '%(key)s' must be true or false, "
                             "not '%(value)s'") % {'key': key,
                                                   'value': value})
    if strutils.bool_from_string(str(extra_specs[DHSS])):
        raise exception.InvalidInput(
            reason=_('this service has no share servers: '
                     'driver_handles_share_servers must be false'))


def extra_specs_of(share_type):
    return {spec.spec_key: spec.spec_value
            for spec in share_type.extra_specs}


def create(context, name, extra_specs, description=None, is_public=True):
    """Create a share type after validating its extra specs."""
    extra_specs = {k: str(v) for k, v in (extra_specs or {}).items()}
    validate_extra_specs(extra_specs)
    return db.share_type_create(
        context, {'name': name, 'description': description,
                  'is_public': is_public}, extra_specs)


def ensure_default_type(context):
    """Create the default share type if it is configured and missing.

    Safe to call from several processes at once: a lost creation race
    reads the winner's row. Returns the type, or None when no default
    type is configured.
    """
    name = CONF.default_share_type
    if not name:
        return None
    try:
        return db.share_type_get_by_name(context, name)
    except exception.ShareTypeNotFound:
        pass
    try:
        share_type = create(context, name, {DHSS: 'False'},
                            description=_('Default share type'))
        LOG.info('Created the default share type %s', name)
        return share_type
    except (exception.ShareTypeExists, db_exc.DBDuplicateEntry):
        # Another process created it between our read and our insert.
        return db.share_type_get_by_name(context, name)


def get_default(context):
    """The default share type; raises DefaultShareTypeNotConfigured."""
    share_type = ensure_default_type(context)
    if share_type is None:
        raise exception.DefaultShareTypeNotConfigured()
    return share_type


def get_all(context):
    """Every share type, private ones included (the API filters them)."""
    return db.share_type_get_all(context)


def delete(context, share_type):
    """Delete a share type; ShareTypeInUse (409) while shares use it."""
    db.share_type_delete(context, share_type.id)


def get_by_name_or_id(context, name_or_id):
    """A share type by id, falling back to its name (as Manila accepts)."""
    try:
        return db.share_type_get(context, name_or_id)
    except exception.ShareTypeNotFound:
        try:
            return db.share_type_get_by_name(context, name_or_id)
        except exception.ShareTypeNotFound:
            raise exception.ShareTypeNotFound(share_type_id=name_or_id)


def list_opts():
    return [(None, share_type_opts)]
