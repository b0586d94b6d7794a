"""Tempest entry point (``tempest.test_plugins``)."""

import os

from tempest import config
from tempest.test_discover import plugins

from manila_ensure_tempest import config as ensure_config


class EnsureTempestPlugin(plugins.TempestPlugin):

    def load_tests(self):
        package = os.path.dirname(os.path.abspath(__file__))
        return os.path.join(package, 'tests'), os.path.dirname(package)

    def register_opts(self, conf):
        conf.register_group(ensure_config.share_ensure_group)
        conf.register_opts(ensure_config.ShareEnsureGroup,
                           group=ensure_config.share_ensure_group.name)

    def get_opt_lists(self):
        return [(ensure_config.share_ensure_group.name,
                 ensure_config.ShareEnsureGroup)]

    def get_service_clients(self):
        # The same endpoint, catalog type and timeouts as manila's client.
        params = config.service_client_config('share')
        params.update({
            'name': 'share_ensure',
            'service_version': 'share_ensure.v2',
            'module_path': 'manila_ensure_tempest.services',
            'client_names': ['EnsureSharesClient'],
        })
        return [params]
