#!/usr/bin/env bash
# Installs Debian's redis-server if it is missing (the fleet tests and
# `make bench-fleet` start their own on loopback; the package's service is
# not used).
set -euo pipefail
command -v redis-server >/dev/null && exit 0
echo "installing redis-server" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends redis-server >&2 \
    || { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends redis-server >&2; }
# In a container without an init system the package may have started one
# on 6379; the tests never use it.
command -v redis-server >/dev/null
