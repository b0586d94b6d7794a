"""LocalNFSDriver: shares are directories on this host, exported over NFS.

Each share is the directory ``<local_share_root>/share-<share id>``. Access
rules are rendered into an exports file in /etc/exports syntax (point
/etc/exports.d/ at it, or let exports_reload_command run ``exportfs -ra``
with it as the exports file). The driver owns that file entirely: it is
rewritten atomically, under a lock that also holds across processes, since
several backend processes of this host may share one root.

Export locations are ``<ip>:<directory>`` for each of share_export_ips
(a common driver option, manila/share/driver.py; unset: 127.0.0.1), the
first one preferred. share_export_ips and nfs_export_options are
mutable: an ensure run picks up new values, recomputes export locations
and asks for access rules to be rendered again with the new options.

A directory takes no space when it is created, so the driver records each
share's size (``<local_share_root>/.sizes/share-<share id>``, written at
create and by ensure runs for older shares) and reports their sum as
allocated and provisioned capacity; free capacity is the total less that
sum, and never more than the file system has free.
"""

import ipaddress
import os
import re
import shlex
import shutil
import tempfile

from oslo_concurrency import lockutils
from oslo_concurrency import processutils
from oslo_config import cfg
from oslo_log import log

from manila import exception
from manila.i18n import _
from manila.share import driver

LOG = log.getLogger(__name__)

local_opts = [
    cfg.StrOpt('local_share_root',
               help='Directory holding the share directories of this '
                    'backend (required).'),
    cfg.StrOpt('local_exports_file',
               help='Exports file the driver writes (owned by the driver, '
                    'rewritten on every access change). Default: '
                    '<local_share_root>/exports.'),
    cfg.StrOpt('nfs_export_options', default='rw,sync,no_subtree_check',
               mutable=True,
               help='Export options of every client entry; rw/ro is taken '
                    'from each rule\'s access level.'),
    cfg.StrOpt('exports_reload_command', mutable=True,
               help='Command run after the exports file changed, e.g. '
                    '"sudo exportfs -ra". Unset: nothing is run.'),
    cfg.IntOpt('local_capacity_gb', min=1,
               help='Capacity reported to placement in GiB. Default: the '
                    'size of the file system holding local_share_root.'),
]

_HEADER = ('# NFS exports of manila backend %s. Written by manila: '
           'changes made by hand are overwritten.\n')
_CLIENT_RE = re.compile(r'^(?P<client>[^()]+)\((?P<options>[^()]*)\)$')
_LEVELS = ('rw', 'ro')


def _option_list(options):
    """Export options without the access level, in order."""
    return [o.strip() for o in options.split(',')
            if o.strip() and o.strip() not in _LEVELS]


def _quote(path):
    # exports(5) takes paths with blanks in double quotes.
    return '"%s"' % path if re.search(r'\s', path) else path


def _valid_ip_rule(rule):
    if rule.get('access_type') != 'ip':
        return False
    try:
        ipaddress.ip_network(rule.get('access_to', ''), strict=False)
    except ValueError:
        return False
    return rule.get('access_level', 'rw') in _LEVELS


class ExportsFile:
    """The exports file as {directory: [client entry, ...]}, in order."""

    def __init__(self, path):
        self.path = path

    def read(self):
        entries = {}
        try:
            with open(self.path) as f:
                lines = f.readlines()
        except FileNotFoundError:
            return entries
        for line in lines:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            parts = shlex.split(line)
            entries[parts[0]] = parts[1:]
        return entries

    def write(self, entries, backend_name):
        """Replace the file atomically (temp file in the same dir, rename)."""
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix='.exports-', dir=directory)
        try:
            with os.fdopen(fd, 'w') as f:
                f.write(_HEADER % backend_name)
                for path in sorted(entries):
                    if entries[path]:
                        f.write('%s %s\n' % (_quote(path),
                                             ' '.join(entries[path])))
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @staticmethod
    def options_of(client_entry):
        """Export options (level removed) of one ``client(opts)`` entry."""
        match = _CLIENT_RE.match(client_entry)
        return _option_list(match.group('options')) if match else None


class LocalNFSDriver(driver.ShareDriver):
    """Directories under local_share_root, exported by an exports file."""

    def __init__(self, configuration=None):
        super().__init__(configuration)
        self.configuration.append_config_values(local_opts)

    # -- helpers ---------------------------------------------------------

    @property
    def _root(self):
        root = self.configuration.local_share_root
        if not root:
            raise exception.ManilaDriverException(reason=_(
                'local_share_root is not set in [%s]; set it to the '
                'directory that holds the shares of this backend.')
                % self.configuration.config_group)
        return os.path.abspath(root)

    @property
    def _exports(self):
        path = (self.configuration.local_exports_file
                or os.path.join(self._root, 'exports'))
        return ExportsFile(path)

    def _share_dir(self, share):
        return os.path.join(self._root, 'share-%s' % share['share_id'])

    @property
    def _sizes_dir(self):
        return os.path.join(self._root, '.sizes')

    def _record_size(self, share):
        """Write the share's size next to it (atomically, by rename)."""
        os.makedirs(self._sizes_dir, exist_ok=True)
        path = os.path.join(self._sizes_dir, 'share-%s' % share['share_id'])
        fd, tmp = tempfile.mkstemp(prefix='.size-', dir=self._sizes_dir)
        with os.fdopen(fd, 'w') as f:
            f.write('%s\n' % int(share.get('size') or 0))
        os.replace(tmp, path)

    def _held_gb(self):
        """Sum of the recorded sizes of the share directories present."""
        total = 0
        try:
            names = os.listdir(self._sizes_dir)
        except OSError:
            return 0
        for name in names:
            if not name.startswith('share-') or not os.path.isdir(
                    os.path.join(self._root, name)):
                continue
            try:
                with open(os.path.join(self._sizes_dir, name)) as f:
                    total += int(f.read().strip() or 0)
            except (OSError, ValueError):
                LOG.warning('Size file %s of backend %s is unreadable; '
                            'the share is not counted.', name,
                            self.backend_name)
        return total

    def _lock(self):
        # Named after the exports file: that file is what concurrent
        # writers (threads, backend processes of this host) would corrupt.
        # The lock file lives under state_path, so it guards one host.
        name = 'local-nfs-%s' % self._exports.path.replace(os.sep, '_')
        lock_path = os.path.join(self.configuration.state_path, 'locks')
        return lockutils.lock(name, external=True, lock_path=lock_path)

    def _export_locations(self, share):
        path = self._share_dir(share)
        locations = []
        for index, ip in enumerate(self.export_ips()):
            host = '[%s]' % ip if ':' in ip else ip
            locations.append(driver.export_location(
                '%s:%s' % (host, path), preferred=(index == 0)))
        return locations

    def _render_clients(self, rules):
        options = _option_list(self.configuration.nfs_export_options)
        return ['%s(%s)' % (rule['access_to'],
                            ','.join([rule.get('access_level', 'rw')]
                                     + options))
                for rule in rules]

    def _update_exports(self, path, clients):
        """Set (or with no clients remove) one directory's entry."""
        with self._lock():
            exports = self._exports
            entries = exports.read()
            if clients:
                entries[path] = clients
            else:
                entries.pop(path, None)
            exports.write(entries, self.backend_name)
        self._reload_exports()

    def _reload_exports(self):
        command = self.configuration.exports_reload_command
        if not command:
            return
        try:
            processutils.execute(*shlex.split(command))
        except (processutils.ProcessExecutionError, OSError) as exc:
            raise exception.ShareBackendException(msg=_(
                'exports_reload_command "%(cmd)s" failed: %(err)s') % {
                    'cmd': command, 'err': exc})

    # -- contract --------------------------------------------------------

    def do_setup(self, context):
        os.makedirs(self._root, exist_ok=True)
        with self._lock():
            exports = self._exports
            if not os.path.exists(exports.path):
                exports.write({}, self.backend_name)

    def create_share(self, context, share):
        # exist_ok: a retried create of the same share must not fail.
        os.makedirs(self._share_dir(share), exist_ok=True)
        self._record_size(share)
        return self._export_locations(share)

    def delete_share(self, context, share):
        path = self._share_dir(share)
        # Unexport first, so no client writes into a directory going away.
        self._update_exports(path, [])
        if os.path.isdir(path):
            shutil.rmtree(path)
        try:
            os.unlink(os.path.join(self._sizes_dir,
                                   'share-%s' % share['share_id']))
        except FileNotFoundError:
            pass

    def update_access(self, context, share, access_rules, add_rules,
                      delete_rules):
        deleted = {rule['id'] for rule in delete_rules or []}
        errors = {}
        granted = []
        for rule in access_rules:
            if rule['id'] in deleted:
                continue
            if _valid_ip_rule(rule):
                granted.append(rule)
            else:
                LOG.warning('Backend %(backend)s supports only "ip" rules '
                            'with an IPv4/IPv6 address or network; rule '
                            '%(id)s (%(type)s %(to)s) is set to error.',
                            {'backend': self.backend_name, 'id': rule['id'],
                             'type': rule.get('access_type'),
                             'to': rule.get('access_to')})
                errors[rule['id']] = {'state': 'error'}
        self._update_exports(self._share_dir(share),
                             self._render_clients(granted))
        return errors or None

    def ensure_shares(self, context, shares):
        entries = self._exports.read()
        options = _option_list(self.configuration.nfs_export_options)
        updates = {}
        for share in shares:
            path = self._share_dir(share)
            if not os.path.isdir(path):
                LOG.error('Share directory %s is missing; share %s is '
                          'set to error.', path, share['share_id'])
                updates[share['id']] = {'status': 'error'}
                continue
            if not os.path.exists(os.path.join(
                    self._sizes_dir, 'share-%s' % share['share_id'])):
                # Created before sizes were recorded.
                self._record_size(share)
            update = {}
            wanted = self._export_locations(share)
            if driver.locations_differ(share.get('export_locations'),
                                       wanted):
                update['export_locations'] = wanted
            rendered = [ExportsFile.options_of(c)
                        for c in entries.get(path, [])]
            if any(r != options for r in rendered):
                update['reapply_access_rules'] = True
            if update:
                updates[share['id']] = update
        return updates

    def ensure_share(self, context, share):
        return self.ensure_shares(context, [share]).get(share['id'])

    def get_backend_info(self, context):
        return {
            'local_share_root': self._root,
            'share_export_ips': ','.join(self.export_ips()),
            'nfs_export_options': ','.join(
                _option_list(self.configuration.nfs_export_options)),
        }

    def get_share_stats(self, refresh=False):
        stats = super().get_share_stats(refresh)
        gib = float(1 << 30)
        try:
            fs = os.statvfs(self._root)
            fs_total = fs.f_blocks * fs.f_frsize / gib
            fs_free = fs.f_bavail * fs.f_frsize / gib
        except OSError:
            fs_total = fs_free = 0.0
        total = self.configuration.local_capacity_gb or fs_total
        held = self._held_gb()
        stats.update({
            'driver_version': '1.0',
            'total_capacity_gb': round(total, 2),
            'free_capacity_gb': round(max(0.0, min(total - held, fs_free)),
                                      2),
            'allocated_capacity_gb': held,
            'provisioned_capacity_gb': held,
        })
        return stats


def list_opts():
    # Listed under [backend_defaults]: each backend section takes them too.
    return [('backend_defaults', local_opts)]
