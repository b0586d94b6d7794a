"""Share operations the API controllers call: create, list, delete, access.

No HTTP and no policy here: the API layer checks the caller's rights
(manila.api.share_policy) before it calls, and callers get typed
exceptions from manila.exception. Status changes a user asks for are
compare-and-set statements in the database, so a share an ensure run
holds ('ensuring') refuses them at once with ShareBusy (409) instead of
queueing them.
"""

import ipaddress
import re

from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging as messaging

from manila.common import states
from manila.db import api as db
from manila import exception
from manila.i18n import _
from manila.scheduler import placement
from manila.share import rpcapi
from manila.share import share_types
from manila.share import user_messages

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

ACCESS_TYPES = ('ip', 'user', 'cert')
ACCESS_LEVELS = ('rw', 'ro')
# Manila's user-name rule: 4 to 255 of these characters.
_USER_RE = re.compile(r"^[\w\.\-_\`;'\{\}\[\]\\$ ]{4,255}$")


class API(rpcapi.ShareRPCClientMixin):
    """Share operations; ``share_rpcapi`` is injectable for tests.

    Methods given a ``share`` expect one that ``get`` returned and that
    the API layer has checked the caller may read and act on.
    """

    # -- reading -----------------------------------------------------------

    def get(self, context, share_id):
        """The share ``share_id``; ShareNotFound (404) when there is none.

        Whether the caller may see it is the API layer's check
        (manila.api.share_policy.get_share), which answers 404 as well.
        """
        return db.share_get(context, share_id)

    def get_all(self, context, search_opts, sort_key='created_at',
                sort_dir='desc', limit=None, offset=None):
        """Shares matching Manila's list filters.

        ``search_opts`` keys: all_tenants, is_public, name, description,
        status, host, share_type_id, share_proto, is_soft_deleted,
        project_id, metadata, availability_zone, export_location_id,
        export_location_path. all_tenants, is_public and is_soft_deleted
        are bools; all_tenants is True only when the caller may list every
        project (the API layer decides it).
        """
        opts = dict(search_opts)
        all_tenants = opts.pop('all_tenants', False)
        is_public = opts.pop('is_public', False)
        if opts.pop('is_soft_deleted', False):
            # Nothing is ever soft-deleted here (no recycle bin).
            return []
        filters = {'is_soft_deleted': False}
        for api_key, db_key in (('name', 'display_name'),
                                ('description', 'display_description'),
                                ('status', 'status'),
                                ('share_type_id', 'share_type_id'),
                                ('share_proto', 'share_proto'),
                                ('availability_zone', 'availability_zone'),
                                ('metadata', 'metadata')):
            if opts.get(api_key) not in (None, ''):
                filters[db_key] = opts[api_key]
        if context.is_admin:
            # Only administrators may see where shares live.
            if opts.get('host'):
                filters['host'] = opts['host']
        if all_tenants:
            if opts.get('project_id'):
                filters['project_id'] = opts['project_id']
        shares = self._export_location_filter(context, opts, filters)
        if shares is not None:
            return shares
        if opts.get('name~') or opts.get('description~'):
            return self._like_filter(
                self.get_all(context, dict(
                    {k: v for k, v in search_opts.items()
                     if k not in ('name~', 'description~')}),
                    sort_key, sort_dir), opts, limit, offset)
        if all_tenants:
            return db.share_get_all(context, filters, sort_key, sort_dir,
                                    limit, offset)
        own = dict(filters, project_id=context.project_id)
        if not is_public:
            return db.share_get_all(context, own, sort_key, sort_dir,
                                    limit, offset)
        # Own shares plus every public one: two queries, merged.
        public = dict(filters, is_public=True)
        found = {s.id: s for s in db.share_get_all(context, own, sort_key,
                                                   sort_dir)}
        for share in db.share_get_all(context, public, sort_key, sort_dir):
            found.setdefault(share.id, share)
        result = sorted(found.values(),
                        key=lambda s: (_sortable(getattr(s, sort_key)),
                                       s.id),
                        reverse=(sort_dir == 'desc'))
        start = offset or 0
        return result[start:start + limit if limit else None]

    @staticmethod
    def _like_filter(shares, opts, limit, offset):
        # Manila's inexact filters: case-insensitive substrings.
        wanted = [(attr, opts[key].lower()) for key, attr in (
            ('name~', 'display_name'),
            ('description~', 'display_description')) if opts.get(key)]
        found = [s for s in shares
                 if all(value in (getattr(s, attr) or '').lower()
                        for attr, value in wanted)]
        start = offset or 0
        return found[start:start + limit if limit else None]

    def _export_location_filter(self, context, opts, filters):
        """Shares having the export location given by id or path, or None.
        """
        el_id = opts.get('export_location_id')
        el_path = opts.get('export_location_path')
        if not el_id and not el_path:
            return None
        shares = []
        for share in db.share_get_all(context, filters):
            if not (context.is_admin or share.is_public
                    or share.project_id == context.project_id):
                continue
            for instance in share.instances:
                for el in instance.export_locations:
                    if el.uuid == el_id or el.path == el_path:
                        shares.append(share)
                        break
        return shares

    # -- create, update, delete ------------------------------------------

    def create(self, context, share_proto, size, name=None,
               description=None, share_type=None, availability_zone=None,
               metadata=None, is_public=False):
        """Create a share, place it on a backend and ask that backend."""
        if share_type:
            stype = share_types.get_by_name_or_id(context, share_type)
        else:
            stype = share_types.get_default(context)
        # Placement first, so the rows are written once, complete: one
        # insert, no update racing the backend's own writes.
        host, reason = None, None
        try:
            host = placement.choose_host(context, stype, size,
                                         availability_zone)
        except exception.NoValidHost as exc:
            LOG.warning('No backend for a new share of %s GiB: %s', size,
                        exc)
            reason = str(exc)
        zone = availability_zone
        if host and not zone:
            zone = self._zone_of(context, host)
        share = db.share_create(
            context,
            {'user_id': context.user_id, 'project_id': context.project_id,
             'display_name': name, 'display_description': description,
             'size': size, 'share_proto': share_proto.upper(),
             'share_type_id': stype.id, 'is_public': is_public,
             'availability_zone': zone, 'metadata': metadata or {}},
            {'status': states.CREATING if host else states.ERROR,
             'host': host, 'share_type_id': stype.id,
             'availability_zone': zone})
        if host is None:
            user_messages.record(context, share,
                                 user_messages.ACTION_ALLOCATE_HOST,
                                 user_messages.DETAIL_NO_VALID_HOST,
                                 _('allocate host: %s') % reason)
            return share
        try:
            self.share_rpcapi.create_share_instance(
                context, share.instance.id, host)
        except messaging.MessagingException as exc:
            LOG.error('Could not ask %s to create share %s: %s', host,
                      share.id, exc)
            db.share_instance_update(context, share.instance.id,
                                     {'status': states.ERROR})
            user_messages.record(context, share, user_messages.ACTION_CREATE,
                                 user_messages.DETAIL_UNEXPECTED,
                                 _('create: the message broker could not '
                                   'be reached; delete the share and '
                                   'retry'))
            raise exception.MessagingUnavailable(host=host)
        return share

    @staticmethod
    def _zone_of(context, host):
        try:
            service = db.service_get_by_args(
                context, host.partition('#')[0], states.SHARE_BINARY)
            return service.availability_zone or (
                CONF.storage_availability_zone)
        except exception.NotFound:
            return CONF.storage_availability_zone

    def update(self, context, share, values):
        """Change name, description or visibility of a share."""
        return db.share_update(context, share.id, values)

    def delete(self, context, share):
        """Move the share to 'deleting' and ask its backend to delete it.

        Only from available/error (or a failed delete); a share that is
        being created or ensured gets ShareBusy.
        """
        instance = share.instance
        sources = states.USER_ACTIONABLE | {states.ERROR_DELETING}
        if not db.share_instance_status_cas(context, instance.id, sources,
                                            states.DELETING):
            current = db.share_instance_get(context, instance.id).status
            raise exception.ShareBusy(share_id=share.id, status=current,
                                      action=_('delete'))
        if not instance.host:
            # Never placed on a backend: nothing to clean up there.
            db.share_delete(context, share.id)
            return
        try:
            self.share_rpcapi.delete_share_instance(context, instance.id,
                                                    instance.host)
        except messaging.MessagingException:
            db.share_instance_update(context, instance.id,
                                     {'status': states.ERROR_DELETING})
            raise exception.MessagingUnavailable(host=instance.host)

    # -- what else belongs to a share -------------------------------------

    def metadata_update(self, context, share, metadata, delete_others=False):
        """Set the given keys (all of them, with ``delete_others``)."""
        return db.share_metadata_update(context, share.id, metadata,
                                        delete_others=delete_others)

    def export_locations_get(self, context, share):
        """Every export location of the share, admin-only ones included."""
        return db.export_locations_get_by_share(context, share.id)

    def project_usage(self, context):
        """What the caller's project holds: {'shares': n, 'gigabytes': g}.
        """
        shares = db.share_get_all(
            context, filters={'project_id': context.project_id})
        return {'shares': len(shares),
                'gigabytes': sum(s.size or 0 for s in shares)}

    # -- administrators' repairs ------------------------------------------
    # The controllers check the policies (admin-only by default); these
    # change the database, and force_delete asks the backend as delete
    # does. None of them touches the storage itself.

    def reset_task_state(self, context, share):
        """Clear the task state of the share's instance."""
        db.share_instance_update(context, share.instance.id,
                                 {'task_state': None})

    def reset_status(self, context, share, status):
        """Set the status of the share's instance, whatever it is now."""
        self.instance_reset_status(context, share.instance, status)

    def instance_reset_status(self, context, instance, status):
        if status not in states.RESET_TARGETS:
            raise exception.InvalidInput(reason=_(
                "'%(status)s' is not a status a reset may set; use one of "
                "%(valid)s") % {'status': status,
                                'valid': ', '.join(states.RESET_TARGETS)})
        previous = db.share_instance_reset_status(context, instance.id,
                                                  status)
        LOG.warning('Status of share instance %(id)s (share %(share)s on '
                    '%(host)s) reset from %(old)s to %(new)s by user '
                    '%(user)s; the backend was not asked.',
                    {'id': instance.id, 'share': instance.share_id,
                     'host': instance.host, 'old': previous, 'new': status,
                     'user': context.user_id})

    def force_delete(self, context, share):
        """Delete the share whatever its status; its backend deletes the
        rows even when its driver fails."""
        instance = share.instance
        previous = db.share_instance_reset_status(context, instance.id,
                                                  states.DELETING)
        LOG.warning('Share %(share)s (%(old)s on %(host)s) is force-deleted '
                    'by user %(user)s.',
                    {'share': share.id, 'old': previous,
                     'host': instance.host, 'user': context.user_id})
        if not instance.host:
            db.share_delete(context, share.id)
            return
        try:
            self.share_rpcapi.delete_share_instance(
                context, instance.id, instance.host, force=True)
        except messaging.MessagingException:
            db.share_instance_update(context, instance.id,
                                     {'status': states.ERROR_DELETING})
            raise exception.MessagingUnavailable(host=instance.host)

    def instance_get(self, context, instance_id):
        return db.share_instance_get(context, instance_id)

    def instance_get_all(self, context, filters=None):
        return db.share_instance_get_all(context, filters)

    def access_reset_status(self, context, rule, status):
        """Set an access rule's state (the backend is not asked)."""
        if status not in states.ACCESS_RESET_TARGETS:
            raise exception.InvalidInput(reason=_(
                "'%(status)s' is not a state a reset may set on an access "
                "rule; use one of %(valid)s") % {
                    'status': status,
                    'valid': ', '.join(states.ACCESS_RESET_TARGETS)})
        LOG.warning('State of access rule %(id)s (share %(share)s) reset '
                    'from %(old)s to %(new)s by user %(user)s.',
                    {'id': rule.id, 'share': rule.share_id,
                     'old': rule.state, 'new': status,
                     'user': context.user_id})
        db.access_rule_update(context, rule.id, {'state': status})

    # -- access rules ----------------------------------------------------

    def access_get_all(self, context, share, filters=None):
        return db.access_rules_get_by_share(context, share.id, filters)

    def access_get(self, context, access_id):
        """An access rule and its share; AccessRuleNotFound (404) without
        either."""
        rule = db.access_rule_get(context, access_id)
        try:
            share = self.get(context, rule.share_id)
        except exception.ShareNotFound:
            raise exception.AccessRuleNotFound(access_id=access_id)
        return rule, share

    def allow_access(self, context, share, access_type, access_to,
                     access_level='rw', metadata=None):
        """Add a rule and ask the backend to apply it."""
        access_to = validate_access(access_type, access_to, access_level)
        for rule in db.access_rules_get_by_share(
                context, share.id, {'access_type': access_type,
                                    'access_to': access_to}):
            raise exception.ShareAccessExists(access_type=access_type,
                                              access=access_to)
        self._start_access_change(context, share, _('allow access'))
        rule = db.access_rule_create(context, {
            'share_id': share.id, 'access_type': access_type,
            'access_to': access_to, 'access_level': access_level,
            'state': states.ACCESS_QUEUED_TO_APPLY,
            'metadata': metadata or {}})
        self._cast_update_access(context, share)
        return rule

    def deny_access(self, context, share, access_id):
        """Mark a rule for removal and ask the backend to remove it."""
        rule = db.access_rule_get(context, access_id)
        if rule.share_id != share.id:
            raise exception.AccessRuleNotFound(access_id=access_id)
        self._start_access_change(context, share, _('deny access'))
        db.access_rule_update(context, access_id,
                              {'state': states.ACCESS_QUEUED_TO_DENY})
        self._cast_update_access(context, share)

    @staticmethod
    def _start_access_change(context, share, action):
        # One statement: the access status turns 'syncing' only while the
        # share is available, so an ensure run and this change never mix.
        instance = share.instance
        if db.share_instance_access_status_cas(
                context, instance.id, states.ACCESS_STATUS_SYNCING,
                [states.AVAILABLE]):
            return
        current = db.share_instance_get(context, instance.id).status
        if current in (states.ERROR, states.ERROR_DELETING):
            raise exception.InvalidShare(
                reason=_('share %(id)s is %(status)s; access rules can '
                         'only change while it is available')
                % {'id': share.id, 'status': current})
        raise exception.ShareBusy(share_id=share.id, status=current,
                                  action=action)

    def _cast_update_access(self, context, share):
        instance = share.instance
        try:
            self.share_rpcapi.update_access(context, instance.id,
                                            instance.host)
        except messaging.MessagingException:
            db.share_instance_update(context, instance.id, {
                'access_rules_status': states.ACCESS_STATUS_ERROR})
            raise exception.MessagingUnavailable(host=instance.host)


def validate_access(access_type, access_to, access_level):
    """Check a rule's fields as Manila does; returns the normalised target.
    """
    if access_level not in ACCESS_LEVELS:
        raise exception.InvalidShareAccess(
            reason=_("access_level must be one of %(levels)s, not "
                     "'%(level)s'") % {'levels': ', '.join(ACCESS_LEVELS),
                                       'level': access_level})
    if access_type == 'ip':
        try:
            network = ipaddress.ip_network(access_to.strip(), strict=True)
        except ValueError as exc:
            raise exception.InvalidShareAccess(
                reason=_("'%(to)s' is not an IP address or CIDR "
                         "(%(err)s)") % {'to': access_to, 'err': exc})
        if network.prefixlen == network.max_prefixlen:
            return str(network.network_address)
        return str(network)
    if access_type == 'user':
        if not _USER_RE.match(access_to):
            raise exception.InvalidShareAccess(
                reason=_("'%s' is not a valid user name: 4 to 255 "
                         "letters, digits or . - _ ` ; ' { } [ ] \\ $ "
                         "and spaces") % access_to)
        return access_to
    if access_type == 'cert':
        common_name = access_to.strip()
        if not 1 <= len(common_name) <= 64:
            raise exception.InvalidShareAccess(
                reason=_('a certificate common name has 1 to 64 '
                         'characters'))
        return common_name
    raise exception.InvalidShareAccess(
        reason=_("access_type must be one of %(types)s, not '%(type)s'")
        % {'types': ', '.join(ACCESS_TYPES), 'type': access_type})


def _sortable(value):
    # None sorts first, whatever the column type.
    return (value is not None, value if value is not None else 0)
