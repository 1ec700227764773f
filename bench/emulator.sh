#!/usr/bin/env bash
# Measures the emulator: GET /users/{u} requests per second on one pinned core
# (wrk on the other core), and the memory of 1,000,000 registered users.
#   bench/emulator.sh            # prints the figures and the commands
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
cargo build --quiet --release -p chat-platform-emulator --bin chat-emulator
bin="target/$CARGO_BUILD_TARGET/release/chat-emulator"
port="${PORT:-18555}"
base="http://127.0.0.1:$port"
runs="${RUNS:-3}"

start() {
    taskset -c 0 "$bin" --port "$port" --token-ttl 0 >/tmp/chat-emulator-bench.log 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -s "$base/_emulator/health" >/dev/null && return; sleep 0.05; done
    echo "the emulator did not start" >&2; exit 1
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# 1. Throughput of GET /users/{u}.
start
token=$(curl -s -X POST "$base/demo-org/demo-app/token" -H 'Content-Type: application/json' \
    -d '{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}' \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -s -X POST "$base/_emulator/preload" -d '{"prefix":"bench","count":1000}' >/dev/null
rates=()
cmd="taskset -c 1 wrk -t1 -c64 -d10s -H 'Authorization: Bearer \$TOKEN' $base/demo-org/demo-app/users/bench500"
for r in $(seq "$runs"); do
    out=$(taskset -c 1 wrk -t1 -c64 -d10s -H "Authorization: Bearer $token" "$base/demo-org/demo-app/users/bench500")
    rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $4}')
    echo "run $r: $rate requests/s ${non2xx:+(non-2xx: $non2xx)}"
    rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "GET /users/{u}: median $median requests/s over $runs runs (emulator on core 0, wrk on core 1): $cmd"
stop

# 2. Memory of 1,000,000 users.
start
before=$(rss_kib "$pid")
t0=$(date +%s.%N)
curl -s -X POST "$base/_emulator/preload" -d '{"prefix":"user-number-","count":1000000}' >/dev/null
t1=$(date +%s.%N)
after=$(rss_kib "$pid")
count=$(curl -s "$base/_emulator/stats" | sed -E 's/.*"users":([0-9]+).*/\1/')
echo "1,000,000 users: RSS $((before / 1024)) MiB -> $((after / 1024)) MiB ($(( (after - before) * 1024 / count )) bytes per user), $count users stored, loaded in $(echo "$t1 - $t0" | bc) s"
# Paging the whole set still works at that size (cursor over creation order).
page=$(curl -s "$base/demo-org/demo-app/users?limit=100" -H "Authorization: Bearer $(curl -s -X POST "$base/demo-org/demo-app/token" -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')" | head -c 60)
echo "first page: $page..."
