#!/usr/bin/env bash
# `make bench-transport`: the default transport on reqwest (this checkout)
# against the earlier hyper-only transport (commit $BASE, built from a git
# worktree) and wrk, in the same run, runs alternating: 64 concurrent get_user
# (calls/s) and sequential get_user latency (median µs). The release emulator
# is pinned to core 0, every client to core 1. Prints a Markdown table.
#   RUNS=5 SECS=5 N=2000 BASE=4d7dfe4 bench/transport.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
RUNS="${RUNS:-5}"; SECS="${SECS:-5}"; N="${N:-2000}"; CONC=64
BASE="${BASE:-4d7dfe4}"   # the last commit with the hyper-only transport
out="target/bench-transport"; mkdir -p "$out"; : > "$out/samples.jsonl"
rel="target/$CARGO_BUILD_TARGET/release"
port="${PORT:-18557}"; url="http://127.0.0.1:$port"

echo "== building: this checkout, and $BASE in a worktree"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
cargo build --quiet --release -p chat-platform-emulator --bin chat-emulator
cargo build --quiet --release --example bench
old="$repo/target/bench-base-worktree"
if [ ! -d "$old" ]; then git worktree add --detach "$old" "$BASE" >/dev/null; fi
git -C "$old" checkout --quiet --detach "$BASE"
(cd "$old" && CARGO_TARGET_DIR="$repo/target/bench-base" cargo build --quiet --release --example bench)
new_bin="$rel/examples/bench"
old_bin="target/bench-base/$CARGO_BUILD_TARGET/release/examples/bench"

taskset -c 0 "$rel/chat-emulator" --port "$port" --token-ttl 0 >"$out/emulator.log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s "$url/_emulator/health" >/dev/null && break; sleep 0.05; done
curl -s -X POST "$url/_emulator/preload" -d '{"prefix":"bench","count":1000}' >/dev/null
token=$(curl -s -X POST "$url/demo-org/demo-app/token" -H 'Content-Type: application/json' \
    -d '{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}' \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

record() { echo "{\"key\": \"$1\", \"value\": $2}" >> "$out/samples.jsonl"; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

echo "== throughput, $CONC concurrent, ${SECS}s, $RUNS rounds (wrk, hyper, reqwest)"
for r in $(seq "$RUNS"); do
    record wrk "$(taskset -c 1 wrk -t1 -c"$CONC" -d"${SECS}s" -H "Authorization: Bearer $token" \
        "$url/demo-org/demo-app/users/bench500" | awk '/Requests\/sec/ {print $2}')"
    record thr.hyper "$(taskset -c 1 "$old_bin" throughput "$url" "$CONC" "$SECS" | field calls_per_s)"
    record thr.reqwest "$(taskset -c 1 "$new_bin" throughput "$url" "$CONC" "$SECS" | field calls_per_s)"
    echo "   round $r done"
done
echo "== latency, sequential, $N calls after 5 s warm-up, $RUNS rounds"
for r in $(seq "$RUNS"); do
    record lat.hyper "$(taskset -c 1 "$old_bin" latency "$url" "$N" | field median_us)"
    record lat.reqwest "$(taskset -c 1 "$new_bin" latency "$url" "$N" | field median_us)"
    echo "   round $r done"
done

python3 - "$out/samples.jsonl" "$BASE" "$RUNS" "$SECS" "$N" <<'PY' | tee "$out/report.md"
import json, statistics, sys
path, base, runs, secs, n = sys.argv[1:]
s = {}
for line in open(path):
    d = json.loads(line)
    s.setdefault(d["key"], []).append(float(d["value"]))
med = {k: statistics.median(v) for k, v in s.items()}
rng = {k: f"{min(v):,.0f}–{max(v):,.0f}" for k, v in s.items()}
print(f"Transport, measured by `make bench-transport` (bench/transport.sh): {runs} alternating rounds, "
      f"{secs} s each, release emulator on core 0, clients on core 1; hyper = commit {base}.\n")
print("| figure | median | spread | ratio |")
print("|---|---|---|---|")
print(f"| wrk, 64 concurrent | {med['wrk']:,.0f} calls/s | {rng['wrk']} | 1.00x |")
for k, name in (("thr.hyper", "core on hyper (before)"), ("thr.reqwest", "core on reqwest (now)")):
    print(f"| {name}, 64 concurrent | {med[k]:,.0f} calls/s | {rng[k]} | {med[k] / med['wrk']:.2f}x wrk |")
print(f"| reqwest / hyper, 64 concurrent | | | {med['thr.reqwest'] / med['thr.hyper']:.2f}x |")
for k, name in (("lat.hyper", "core on hyper (before)"), ("lat.reqwest", "core on reqwest (now)")):
    print(f"| {name}, sequential latency | {med[k]:,.0f} µs | {rng[k]} | |")
print(f"| reqwest / hyper, latency | | | {med['lat.reqwest'] / med['lat.hyper']:.2f}x |")
target = med["thr.reqwest"] / med["wrk"] >= 0.6
print(f"\nTarget: the core on reqwest at >= 0.6x wrk: {'met' if target else 'MISSED'} "
      f"({med['thr.reqwest'] / med['wrk']:.2f}x).")
PY
