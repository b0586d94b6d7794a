"""Options of the ``[share_ensure]`` group.

Everything else (endpoint, microversions, timeouts, protocols) comes from
manila-tempest-plugin's ``[share]`` group, so a cloud is configured once.
"""

from oslo_config import cfg

share_ensure_group = cfg.OptGroup(
    name='share_ensure',
    title='Ensure shares (Shared File Systems API 2.86+) tests')

ShareEnsureGroup = [
    cfg.BoolOpt('enabled',
                default=True,
                help='Whether the cloud offers ensure shares '
                     '(POST /v2/services/ensure, microversion 2.86). '
                     'Every test of this plugin skips when false.'),
    cfg.StrOpt('backend_host',
               help="The manila-share backend ('host@backend') the tests "
                    "create a share on and ask to ensure. Default: the "
                    "first manila-share service that is up and enabled."),
    cfg.StrOpt('backend_name',
               help="The share_backend_name that backend_host reports, "
                    "which the tests' share type pins. Default: the part "
                    "of backend_host after '@'."),
    cfg.StrOpt('busy_backend_host',
               help="A manila-share backend ('host@backend') whose ensure "
                    "run lasts several seconds once it holds a share (for "
                    "example a dummy backend with dummy_ensure_delay = 5). "
                    "The tests that must see a run in progress (the "
                    "ensuring flag set, a second ensure refused with 409) "
                    "use it, and skip when it is unset: on a fast backend "
                    "such a run may end before the next request."),
    cfg.StrOpt('busy_backend_name',
               help="The share_backend_name that busy_backend_host "
                    "reports. Default: the part of busy_backend_host "
                    "after '@'."),
]
