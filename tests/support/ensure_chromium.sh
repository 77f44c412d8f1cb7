#!/usr/bin/env bash
# Makes Debian's Chromium available for the HTML report's browser test (tests/html_browser_test.ts).
# Only Debian's package is used: playwright's own browser download would be a binary from elsewhere,
# and the test drives /usr/bin/chromium directly.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "ensure_chromium: /usr/bin/chromium is missing; install Debian's chromium package (apt-get install chromium)" >&2
exit 1
