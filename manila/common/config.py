"""Options every manila process reads (host, backends, timing).

Options of one component are registered in that component's module; this
file holds only what no single component owns.
"""

import socket

from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors

CONF = cfg.CONF

global_opts = [
    cfg.HostAddressOpt(
        'host', default=socket.gethostname(),
        sample_default='localhost',
        help='Name of this node. A backend service is called '
             '<host>@<backend>, which is what "ensure" and the service '
             'list take.'),
    cfg.ListOpt('enabled_share_backends', default=[],
                help='Names of the config sections of the backends this '
                     'node runs, e.g. "alpha,beta". Each section sets at '
                     'least share_driver.'),
    cfg.IntOpt('report_interval', default=10, min=1,
               help='Seconds between heartbeats of a service.'),
    cfg.IntOpt('service_down_time', default=60, min=1,
               help='Seconds since the last heartbeat after which a service '
                    'counts as down.'),
    cfg.StrOpt('storage_availability_zone', default='nova',
               help='Availability zone of this node.'),
    cfg.StrOpt('state_path', default='$pwd/state',
               help='Directory where manila keeps its state (SQLite file, '
                    'lock files, exports of the local driver).'),
    cfg.StrOpt('pwd', default='.', sample_default='/var/lib/manila',
               help='Base directory for relative paths in state_path.'),
]

CONF.register_opts(global_opts)


def set_lib_defaults():
    """Defaults of library options that suit this service."""
    cors.set_defaults(
        allow_headers=['X-Auth-Token', 'X-OpenStack-Request-ID',
                       'X-Openstack-Manila-Api-Version',
                       'OpenStack-API-Version', 'X-Roles',
                       'X-Identity-Status', 'X-Project-Id', 'X-User-Id'],
        expose_headers=['X-Auth-Token', 'X-OpenStack-Request-ID',
                        'X-Openstack-Manila-Api-Version',
                        'OpenStack-API-Version'],
        allow_methods=['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'])


def list_opts():
    return [(None, global_opts)]


def parse_args(argv, default_config_files=None):
    """Register logging options, parse argv and config files, set up logs."""
    log.register_options(CONF)
    set_lib_defaults()
    CONF(argv[1:], project='manila', default_config_files=default_config_files)
    log.setup(CONF, 'manila')
