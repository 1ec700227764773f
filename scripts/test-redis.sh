#!/usr/bin/env bash
# Runs a command with a real Redis on loopback (Debian's redis-server,
# installed if missing), password required, nothing saved to disk, stopped
# afterwards:
#   CHAT_PLATFORM_TEST_REDIS        redis://:PASSWORD@127.0.0.1:P/0
#   CHAT_PLATFORM_TEST_DEAD_REDIS   redis://127.0.0.1:Q/0   nothing listens there
#   CHAT_PLATFORM_REDIS_SERVER      the redis-server binary (tests that kill
#                                   and restart their own)
#   scripts/test-redis.sh COMMAND [ARGS...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/scripts/install-redis.sh"
dir="$repo/target/test-redis"
mkdir -p "$dir"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); dead=$(free_port)
password="redis-Secret-$RANDOM$RANDOM"
redis-server --port "$port" --bind 127.0.0.1 --requirepass "$password" --save "" --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log" --daemonize no &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
for _ in $(seq 100); do
    redis-cli -p "$port" -a "$password" --no-auth-warning ping 2>/dev/null | grep -q PONG && break
    sleep 0.05
done
redis-cli -p "$port" -a "$password" --no-auth-warning ping | grep -q PONG \
    || { echo "test-redis.sh: redis-server did not start on port $port" >&2; cat "$dir/redis.log" >&2; exit 1; }
export CHAT_PLATFORM_TEST_REDIS="redis://:$password@127.0.0.1:$port/0"
export CHAT_PLATFORM_TEST_DEAD_REDIS="redis://127.0.0.1:$dead/0"
CHAT_PLATFORM_REDIS_SERVER="$(command -v redis-server)"
export CHAT_PLATFORM_REDIS_SERVER
"$@"
