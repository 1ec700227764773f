#!/usr/bin/env bash
# `make bench-fleet`: processes sharing one app, with and without the shared
# store (a real Redis on loopback). The release emulator enforces the
# documented limits over sliding one-second windows, lenient (counting what
# it admitted) or strict (counting the refused requests too), on a harsh
# network: a 100 ms round trip with 20 ms jitter, 2% of requests held back
# 100 ms more. Each process (half Python, half Node, default settings)
# imports its share of the users, all starting at the same instant.
#   share of the 6,000 users/s ceiling (100 requests/s x 60), requests
#   answered 429, POST /users per batch, token grants, users not created
# for 16 and 64 processes without and with the store (both limiters with
# it); 64 with the store after another fleet's run (the token it stored is
# rejected: revoked, as a reset of the service does); 64 with the store and
# the tokens revoked 3 s in; 16 with the store whose Redis is killed 3 s in and restarted
# 3 s later (429s counted again from 2 s after the restart: back on the
# shared budget or not); then the cost per call of the store on loopback
# (median, without vs with).
#   USERS=180000 FLEETS="16 64" bench/fleet.sh  (about 30 s a measure at the ceiling)    writes target/bench-fleet/report.md
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
USERS="${USERS:-180000}"; FLEETS="${FLEETS:-16 64}"
out="target/bench-fleet"; mkdir -p "$out"; : > "$out/samples.jsonl"
port="${PORT:-18561}"; url="http://127.0.0.1:$port"
rport="${REDIS_PORT:-18562}"; store="redis://:fleet-bench-pw@127.0.0.1:$rport/0"
scripts/install-redis.sh
# shellcheck source=bench/release-build.sh
source bench/release-build.sh
export CHAT_PLATFORM_NODE="$PWD/node/index.js"

emu=""; redis=""
start_emulator() {   # EXTRA_ARGS...
    stop_emulator
    "$rel/chat-emulator" --port "$port" --token-ttl 0 "$@" >"$out/emulator.log" 2>&1 &
    emu=$!
    for _ in $(seq 100); do curl -s "$url/_emulator/health" >/dev/null && break; sleep 0.05; done
}
stop_emulator() { [ -n "$emu" ] && kill "$emu" 2>/dev/null; wait "$emu" 2>/dev/null || true; emu=""; }
start_redis() {
    redis-server --port "$rport" --bind 127.0.0.1 --requirepass fleet-bench-pw --save "" --appendonly no \
        --logfile "$PWD/$out/redis.log" >/dev/null 2>&1 &
    redis=$!
    for _ in $(seq 100); do redis-cli -p "$rport" -a fleet-bench-pw --no-auth-warning ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
}
stop_redis() { [ -n "$redis" ] && kill -9 "$redis" 2>/dev/null; wait "$redis" 2>/dev/null || true; redis=""; }
trap 'stop_emulator; stop_redis' EXIT
stats() { curl -s "$url/_emulator/stats"; }

# The network: 100 ms round trip, 20% jitter, 2% held back one more round trip.
NET=(--latency-ms 100 --jitter-ms 20 --burst-rate 0.02 --burst-ms 100)

# fleet KEY N STORE MODEL [outage|stale|revoked]: N processes import USERS users
# together against the MODEL (lenient|strict) limiter.
fleet() {
    local key="$1" n="$2" with="$3" model="$4" event="${5:-}"
    local each=$(( USERS / n ))
    local limiter=(--rate-limits)
    [ "$model" = strict ] && limiter+=(--strict-limits)
    start_emulator "${limiter[@]}" "${NET[@]}"
    stop_redis; start_redis
    if [ "$event" = stale ]; then
        # Another fleet's run left its token in the store; the service has
        # revoked it since (as a reset of the service does).
        "$py" bench/fleet_worker.py "$url" 60 "$key-seed-" 0 "$with" > /dev/null 2>>"$out/workers.log"
        curl -s -X POST "$url/_emulator/revoke_tokens" >/dev/null
    fi
    local b; b=$(stats)
    local begin; begin=$(python3 -c "import time; print(time.time() + 2 + $n * 0.12)")
    local pids=() i
    rm -f "$out"/w-*.json
    for i in $(seq 1 "$n"); do
        if (( i % 2 )); then
            "$py" bench/fleet_worker.py "$url" "$each" "$key-p$i-" "$begin" "$with" > "$out/w-$i.json" 2>>"$out/workers.log" &
        else
            node bench/fleet_worker.mjs "$url" "$each" "$key-n$i-" "$begin" "$with" > "$out/w-$i.json" 2>>"$out/workers.log" &
        fi
        pids+=($!)
    done
    local mid=""
    if [ "$event" = outage ]; then
        python3 -c "import time; time.sleep(max(0, $begin + 3 - time.time()))"
        stop_redis; echo "   redis killed"
        sleep 3
        start_redis; echo "   redis restarted"
        sleep 2
        mid=$(stats)
    elif [ "$event" = revoked ]; then
        python3 -c "import time; time.sleep(max(0, $begin + 3 - time.time()))"
        curl -s -X POST "$url/_emulator/revoke_tokens" >/dev/null; echo "   tokens revoked"
    fi
    for p in "${pids[@]}"; do wait "$p" || true; done
    local a; a=$(stats)
    python3 - "$out" "$key" "$n" "$with" "$model" "$event" "$each" "$b" "$a" "$mid" >> "$out/samples.jsonl" <<'PY'
import json, math, pathlib, sys
d, key, n, store, model, event, each, before, after, mid = sys.argv[1:]
runs = [json.loads(p.read_text().strip().splitlines()[-1]) for p in sorted(pathlib.Path(d).glob("w-*.json"))]
b, a = json.loads(before), json.loads(after)
start, end = min(r["start"] for r in runs), max(r["end"] for r in runs)
users = sum(r["users"] for r in runs)
requests = a["total_requests"] - b["total_requests"]
limited = a["rate_limited"] - b["rate_limited"]
posts = a["requests"].get("POST /users", 0) - b["requests"].get("POST /users", 0)
batches = int(n) * math.ceil(int(each) / 60)
row = {"key": key, "processes": int(n), "store": bool(store), "model": model, "event": event,
       "reported": len(runs), "users": users,
       "seconds": end - start, "per_s": users / (end - start), "share": users / (end - start) / 6000,
       "requests": requests, "limited": limited, "limited_share": limited / max(requests, 1),
       "posts_per_batch": posts / batches, "batches": batches,
       "token_grants": a["token_grants"] - b["token_grants"],
       "failed": sum(r["errors"] for r in runs) + (int(n) - len(runs)) * (users // max(len(runs), 1))}
if mid:
    m = json.loads(mid)
    after_requests = a["total_requests"] - m["total_requests"]
    row["after_restart_limited_share"] = (a["rate_limited"] - m["rate_limited"]) / max(after_requests, 1)
print(json.dumps(row))
PY
    tail -1 "$out/samples.jsonl"
}

for n in $FLEETS; do
    echo "== $n processes, no shared store"
    fleet "f$n-local" "$n" "" lenient
    for model in lenient strict; do
        echo "== $n processes, shared store, $model limiter"
        fleet "f$n-shared-$model" "$n" "$store" "$model"
    done
done
echo "== 64 processes, shared store, strict limiter, after another fleet's run (the token it stored revoked since)"
fleet "f64-after-reset" 64 "$store" strict stale
echo "== 64 processes, shared store, strict limiter, tokens revoked 3 s in"
fleet "f64-revoked" 64 "$store" strict revoked
echo "== 16 processes, shared store, strict limiter, Redis killed 3 s in and restarted 3 s later"
USERS=$(( USERS * 3 / 2 )) fleet "f16-outage" 16 "$store" strict outage

echo "== the store's cost per call on loopback"
start_emulator
stop_redis; start_redis
curl -s -X POST "$url/_emulator/preload" -d '{"prefix":"bench","count":1}' >/dev/null
"$py" bench/fleet_cost.py "$url" "$store" "${COST_CALLS:-4000}" | tee -a "$out/samples.jsonl"
stop_emulator; stop_redis

python3 bench/fleet_report.py "$out/samples.jsonl" | tee "$out/report.md"
