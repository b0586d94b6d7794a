#!/usr/bin/env bash
# Debian's Chromium and its WebDriver, for the dashboard's browser tests:
# installed with apt-get when missing and running as root. Otherwise says
# what is missing; the browser tests then skip (or fail under CI=true).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "==> chromium or chromium-driver missing and not root: the" \
         "browser tests will not run (apt-get install chromium" \
         "chromium-driver)" >&2
    exit 0
fi
echo "==> installing chromium and chromium-driver" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q chromium chromium-driver >&2 || {
    apt-get update -q >&2
    apt-get install -y -q chromium chromium-driver >&2
}
