#!/usr/bin/env python3
"""List the manila modules one ensure run goes through, and count them.

Runs one ensure end to end in this process: a temporary SQLite file
database, one backend (``tool@dummy``) on the dummy driver with a few
shares whose export locations the driver moves, and oslo.messaging's
in-process ``fake://`` transport. The request starts at
``manila.services.api.API().ensure_shares(ctx, host)``, is cast over RPC
to the backend's ``ShareManager`` endpoint and ends when that endpoint
returns. A profiler (``sys.setprofile`` and ``threading.setprofile``)
notes every manila module whose code runs in between, in any thread.

Modules under manila/services, manila/share, manila/db and manila/common
are the ensure path, the code a reader follows to understand a run; the
rest (context, exception, rpc, ...) is plumbing. Usage::

    .venv/bin/python tools/ensure-path.py
"""

import os
import sys
import tempfile
import threading

import oslo_messaging as messaging
from oslo_utils import timeutils

from manila.common import config  # noqa: F401  (registers global options)
from manila import context as manila_context
from manila.db import api as db
from manila.db.sqlalchemy import models
from manila.db.sqlalchemy import session
from manila import rpc
from manila.services import api as services_api
from manila.share import manager
from manila.share import rpcapi

HOST = 'tool@dummy'
SHARES = 3
PATH_PACKAGES = ('services', 'share', 'db', 'common')
PACKAGE_DIR = os.path.dirname(os.path.abspath(manila_context.__file__))
CONFIG = """[DEFAULT]
host = tool
enabled_share_backends = dummy
[dummy]
share_backend_name = dummy
share_driver = manila.share.drivers.dummy.DummyDriver
"""


class Recorder:
    """A profile function noting the manila modules that run."""

    def __init__(self):
        self.on = False
        self.modules = set()

    def __call__(self, frame, event, arg):
        if self.on and event == 'call':
            path = frame.f_code.co_filename
            if path.startswith(PACKAGE_DIR + os.sep):
                self.modules.add(os.path.relpath(path, PACKAGE_DIR))


class Backend(manager.ShareManager):
    """The backend's manager, telling the tool when its run is over."""

    done = threading.Event()

    def ensure_shares(self, context, **kwargs):
        try:
            super().ensure_shares(context, **kwargs)
        finally:
            self.done.set()


def module_name(path):
    name = 'manila.' + path[:-len('.py')].replace(os.sep, '.')
    return name[:-len('.__init__')] if name.endswith('.__init__') else name


def set_up(tmp):
    conf_path = os.path.join(tmp, 'manila.conf')
    with open(conf_path, 'w') as f:
        f.write(CONFIG)
    config.CONF(['--config-file', conf_path], project='manila')
    session.use_connection('sqlite:///%s' % os.path.join(tmp, 'db.sqlite'))
    models.Base.metadata.create_all(session.get_engine())
    context = manila_context.get_admin_context()
    db.service_create(context, {
        'host': HOST, 'binary': rpcapi.TOPIC, 'topic': rpcapi.TOPIC,
        'heartbeat_at': timeutils.utcnow()})
    for n in range(SHARES):
        share = db.share_create(context, {'size': 1, 'share_proto': 'NFS'},
                                {'host': HOST, 'status': 'available'})
        db.export_locations_replace(context, share.instance.id, [
            {'path': '192.0.2.10:/old/%d' % n}])
    rpc.init(config.CONF, url='fake://')
    return context


def main():
    recorder = Recorder()
    with tempfile.TemporaryDirectory() as tmp:
        context = set_up(tmp)
        server = rpc.get_server(
            messaging.Target(topic=rpcapi.TOPIC, server=HOST),
            [Backend('dummy', host=HOST)])
        threading.setprofile(recorder)
        server.start()
        sys.setprofile(recorder)
        recorder.on = True
        try:
            services_api.API().ensure_shares(context, HOST)
            finished = Backend.done.wait(60)
        finally:
            recorder.on = False
            sys.setprofile(None)
            threading.setprofile(None)
            server.stop()
            server.wait()
            rpc.cleanup()
    if not finished:
        sys.exit('The ensure run did not end within 60 seconds.')
    path, plumbing = [], []
    for module in sorted(map(module_name, recorder.modules)):
        package = module.split('.')[1]
        (path if package in PATH_PACKAGES else plumbing).append(module)
    for title, modules in (('ensure path', path), ('plumbing', plumbing)):
        print('%s (%d modules):' % (title, len(modules)))
        for module in modules:
            print('  ' + module)
    print('ensure path: %d modules; plumbing: %d; total: %d'
          % (len(path), len(plumbing), len(path) + len(plumbing)))


if __name__ == '__main__':
    main()
