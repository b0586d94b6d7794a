"""Start Keystone, manila-all and the dashboard; Ctrl-C stops them all.

Run by tools/run-dashboard.sh, which makes the virtualenvs first.
"""

import os
import signal
import sys
import time

from manila.tests.functional import horizon


def main():
    admin_password = os.environ.get('ADMIN_PASSWORD', 'admin')
    demo_password = os.environ.get('DEMO_PASSWORD', 'demo')
    port = int(os.environ.get('DASHBOARD_PORT', '8080'))
    state = os.environ.get('MANILA_DASHBOARD_STATE_DIR')
    stack = horizon.DashboardStack(
        os.environ['MANILA_TEST_KEYSTONE_VENV'],
        os.environ['MANILA_TEST_HORIZON_VENV'],
        admin_password=admin_password, demo_password=demo_password,
        port=port, state_dir=state)
    # Ctrl-C and SIGTERM stop the stack (even when started in the
    # background, where SIGINT starts out ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print('==> starting Keystone, manila-all and the dashboard...',
          flush=True)
    stack.setUp()
    try:
        print(
            '==> the dashboard is at %(url)s/\n'
            '    log in as admin / %(admin)s (Admin > Share > Share '
            'Services) or demo / %(demo)s\n'
            '    Keystone: %(ks)s   share API: %(api)s/v2\n'
            '    manila.conf and logs: %(dir)s   dashboard logs: %(hz)s\n'
            '    Ctrl-C stops everything.' % {
                'url': stack.url, 'admin': admin_password,
                'demo': demo_password, 'ks': stack.keystone.url,
                'api': stack.deployment.endpoint,
                'dir': stack.deployment.dir, 'hz': stack.horizon.dir},
            flush=True)
        while True:
            for name, proc in stack.deployment.processes.items():
                if proc.poll() is not None:
                    print('==> %s exited with %s; stopping' % (
                        name, proc.returncode), file=sys.stderr)
                    return 1
            time.sleep(1)
    except KeyboardInterrupt:
        print('\n==> stopping', flush=True)
        return 0
    finally:
        stack.cleanUp()


if __name__ == '__main__':
    sys.exit(main())
