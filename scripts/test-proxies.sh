#!/usr/bin/env bash
# Runs a command with real forward proxies on loopback (Debian's tinyproxy,
# installed if missing), stopped afterwards:
#   CHAT_PLATFORM_TEST_PROXY          http://127.0.0.1:P   an open proxy
#   CHAT_PLATFORM_TEST_PROXY_LOG      its log, relative to the repository
#   CHAT_PLATFORM_TEST_AUTH_PROXY     http://127.0.0.1:Q   Basic auth required
#   CHAT_PLATFORM_TEST_AUTH_PROXY_USER / _PASSWORD / _LOG
#   CHAT_PLATFORM_TEST_DEAD_PROXY     http://127.0.0.1:R   nothing listens there
# and the environment's proxy variables pointing at the open proxy, with
# loopback's address excluded (HTTP_PROXY, HTTPS_PROXY, NO_PROXY=127.0.0.1,::1):
# a client of http://127.0.0.1:N goes direct, one of http://localhost:N goes
# through the proxy, as the environment says.
# It runs the command through scripts/test-redis.sh, so the tests also get a
# real Redis (CHAT_PLATFORM_TEST_REDIS, ...).
#   scripts/test-proxies.sh COMMAND [ARGS...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
command -v tinyproxy >/dev/null || {
    echo "installing tinyproxy" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q tinyproxy >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q tinyproxy >&2; }
}
dir="target/test-proxies"
mkdir -p "$repo/$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop EXIT

start() {   # start NAME PORT [USER PASSWORD]
    local name="$1" port="$2" conf="$repo/$dir/$1.conf" log="$repo/$dir/$1.log"
    : > "$log"
    cat > "$conf" <<CONF
Port $port
Listen 127.0.0.1
Timeout 30
LogFile "$log"
LogLevel Info
MaxClients 200
Allow 127.0.0.1
DisableViaHeader Yes
CONF
    [ $# -ge 4 ] && echo "BasicAuth $3 $4" >> "$conf"
    tinyproxy -d -c "$conf" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "test-proxies.sh: tinyproxy ($name) did not start on port $port" >&2
    cat "$log" >&2
    exit 1
}

open_port=$(free_port); auth_port=$(free_port); dead_port=$(free_port)
user="proxy-user"; password="pr0xy-Secret-$RANDOM$RANDOM"
start open "$open_port"
start auth "$auth_port" "$user" "$password"
export CHAT_PLATFORM_TEST_PROXY="http://127.0.0.1:$open_port"
export CHAT_PLATFORM_TEST_PROXY_LOG="$dir/open.log"
export CHAT_PLATFORM_TEST_AUTH_PROXY="http://127.0.0.1:$auth_port"
export CHAT_PLATFORM_TEST_AUTH_PROXY_USER="$user"
export CHAT_PLATFORM_TEST_AUTH_PROXY_PASSWORD="$password"
export CHAT_PLATFORM_TEST_AUTH_PROXY_LOG="$dir/auth.log"
export CHAT_PLATFORM_TEST_DEAD_PROXY="http://127.0.0.1:$dead_port"
export HTTP_PROXY="$CHAT_PLATFORM_TEST_PROXY" HTTPS_PROXY="$CHAT_PLATFORM_TEST_PROXY" NO_PROXY="127.0.0.1,::1"
unset http_proxy https_proxy no_proxy ALL_PROXY all_proxy
"$repo/scripts/test-redis.sh" "$@"
