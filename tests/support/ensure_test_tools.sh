#!/usr/bin/env bash
# Makes sure the system tools the tests drive are installed, from Debian's packages only:
#   chromium (tests/html_browser_test.ts: playwright-core drives /usr/bin/chromium; playwright's own
#   browser download would be a binary from elsewhere), tmux and script (tests/progress_pty_test.ts:
#   a real pseudo-terminal), openssl (tests/proxy_test.ts: a throwaway CA and server certificate).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "ensure_test_tools: missing ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
exit 1
