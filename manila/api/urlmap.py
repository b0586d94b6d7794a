"""Dispatch by URL prefix: '/', '/v2', '/healthcheck' (paste composite)."""

import webob.dec

from manila.api.openstack import faults
from manila.i18n import _


class URLMap:
    """Sends a request to the app with the longest matching path prefix.

    The matched prefix moves from PATH_INFO to SCRIPT_NAME, so the app
    below sees paths relative to its mount point.
    """

    def __init__(self, apps):
        # longest prefix first
        self.apps = sorted(((prefix.rstrip('/'), app)
                            for prefix, app in apps.items()),
                           key=lambda item: len(item[0]), reverse=True)

    @webob.dec.wsgify
    def __call__(self, req):
        path = req.path_info or '/'
        for prefix, app in self.apps:
            if prefix and path != prefix and not path.startswith(
                    prefix + '/'):
                continue
            req.script_name += prefix
            req.path_info = path[len(prefix):]
            return req.get_response(app)
        return faults.fault_response(
            404, _('Unknown resource %s') % path)


def urlmap_factory(loader, global_conf, **local_conf):
    """paste.deploy composite factory: '<prefix> = <app name>' lines."""
    apps = {}
    for prefix, app_name in local_conf.items():
        if not prefix.startswith('/'):
            continue
        apps[prefix] = loader.get_app(app_name, global_conf=global_conf)
    return URLMap(apps)


def pipeline_factory(loader, global_conf, **local_conf):
    """paste.deploy composite: the pipeline named by auth_strategy.

    local_conf has one pipeline per strategy ('noauth = ...',
    'keystone = ...'); the last name is the app, the others filters.
    """
    from manila.api import app as api_app  # options live there
    strategy = api_app.CONF.auth_strategy
    names = local_conf[strategy].split()
    app = loader.get_app(names[-1], global_conf=global_conf)
    for name in reversed(names[:-1]):
        app = loader.get_filter(name, global_conf=global_conf)(app)
    return app
