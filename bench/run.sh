#!/usr/bin/env bash
# `make bench`: every binding against the Rust core, against what users would
# write by hand, and the core against wrk. The release emulator runs pinned to
# core 0, every client pinned to core 1. Prints the table and writes BENCHMARKS.md.
#   RUNS=5 SECS=5 N=2000 IMPORT=100000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
RUNS="${RUNS:-5}"; SECS="${SECS:-5}"; N="${N:-2000}"; IMPORT="${IMPORT:-100000}"; CONC=64
out="target/bench"; mkdir -p "$out"; : > "$out/samples.jsonl"
rel="target/$CARGO_BUILD_TARGET/release"
port="${PORT:-18556}"; url="http://127.0.0.1:$port"

echo "== building release artifacts"
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
cargo build --quiet --release -p chat-platform-emulator --bin chat-emulator
cargo build --quiet --release --example bench
[ -x .venv/bin/maturin ] || { python3 -m venv .venv; .venv/bin/pip install -q "maturin==1.16.0"; }
rm -rf target/wheels-release
.venv/bin/maturin build --quiet --release -m python/Cargo.toml -o target/wheels-release
wheel=$(ls target/wheels-release/*.whl)
rm -rf target/bench-venv
python3 -m venv target/bench-venv
target/bench-venv/bin/pip install -q --disable-pip-version-check "$wheel" "httpx==0.28.1"
(cd node && npm ci --no-audit --no-fund --loglevel=error && npx napi build --platform --release --js binding.js >/dev/null)
(cd bindings/kotlin && mvn -q -B -Dcargo.profile=release -DskipTests -Dstyle.color=never package \
    && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test)
kcp="bindings/kotlin/target/classes:bindings/kotlin/target/test-classes:$(cat bindings/kotlin/target/cp.txt)"
py=target/bench-venv/bin/python

emu_pid=""
start_emulator() {
    taskset -c 0 "$rel/chat-emulator" --port "$port" --token-ttl 0 >"$out/emulator.log" 2>&1 &
    emu_pid=$!
    for _ in $(seq 100); do curl -s "$url/_emulator/health" >/dev/null && break; sleep 0.05; done
    curl -s -X POST "$url/_emulator/preload" -d '{"prefix":"bench","count":1000}' >/dev/null
}
stop_emulator() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null || true; emu_pid=""; }
trap stop_emulator EXIT

# measure KEY FIELD CMD...: runs CMD RUNS times on core 1, records FIELD of its last JSON line.
measure() {
    local key="$1" field="$2" r; shift 2
    for r in $(seq "$RUNS"); do
        local line
        line=$(taskset -c 1 "$@" | tail -1)
        echo "{\"key\": \"$key\", \"value\": $(echo "$line" | python3 -c "import json,sys; print(json.load(sys.stdin)['$field'])"), \"cmd\": \"$*\"}" >> "$out/samples.jsonl"
    done
    echo "   $key: done ($RUNS runs)"
}

echo "== emulator on core 0, clients on core 1, $RUNS runs each"
start_emulator
token=$(curl -s -X POST "$url/demo-org/demo-app/token" -H 'Content-Type: application/json' \
    -d '{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}' \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

echo "1. latency (sequential get_user, $N calls)"
# Round-robin over the clients, run by run, so a disturbance of the shared
# machine lands on every client alike rather than on one.
for r in $(seq "$RUNS"); do
    RUNS=1 measure lat.rust median_us "$rel/examples/bench" latency "$url" "$N" >/dev/null
    RUNS=1 measure lat.rust_events median_us "$rel/examples/bench" latency-events "$url" "$N" >/dev/null
    RUNS=1 measure lat.py_sync median_us "$py" bench/python_bench.py latency-sync "$url" "$N" >/dev/null
    RUNS=1 measure lat.py_sync_events median_us "$py" bench/python_bench.py latency-sync-events "$url" "$N" >/dev/null
    RUNS=1 measure lat.py_async median_us "$py" bench/python_bench.py latency-async "$url" "$N" >/dev/null
    RUNS=1 measure lat.node median_us node bench/node_bench.mjs latency "$url" "$N" >/dev/null
    RUNS=1 measure lat.node_events median_us node bench/node_bench.mjs latency-events "$url" "$N" >/dev/null
    RUNS=1 measure lat.kotlin median_us java -cp "$kcp" bench.BenchKt latency "$url" "$N" >/dev/null
    RUNS=1 measure lat.kotlin_events median_us java -cp "$kcp" bench.BenchKt latency-events "$url" "$N" >/dev/null
    echo "   latency round $r of $RUNS: done"
done

echo "2. throughput ($CONC concurrent get_user, ${SECS}s)"
# wrk and the Rust core alternate run by run, so drift of the shared machine
# hits both alike.
for r in $(seq "$RUNS"); do
    rate=$(taskset -c 1 wrk -t1 -c"$CONC" -d"${SECS}s" -H "Authorization: Bearer $token" "$url/demo-org/demo-app/users/bench500" | awk '/Requests\/sec/ {print $2}')
    echo "{\"key\": \"thr.wrk\", \"value\": $rate, \"cmd\": \"wrk -t1 -c$CONC -d${SECS}s -H 'Authorization: Bearer TOKEN' $url/demo-org/demo-app/users/bench500\"}" >> "$out/samples.jsonl"
    RUNS=1 measure thr.rust calls_per_s "$rel/examples/bench" throughput "$url" "$CONC" "$SECS" >/dev/null
done
echo "   thr.wrk, thr.rust: done ($RUNS runs each, alternating)"
for r in $(seq "$RUNS"); do
    RUNS=1 measure thr.py_async calls_per_s "$py" bench/python_bench.py throughput-async "$url" "$CONC" "$SECS" >/dev/null
    RUNS=1 measure thr.py_httpx calls_per_s "$py" bench/python_bench.py throughput-httpx "$url" "$CONC" "$SECS" >/dev/null
    RUNS=1 measure thr.node calls_per_s node bench/node_bench.mjs throughput "$url" "$CONC" "$SECS" >/dev/null
    RUNS=1 measure thr.node_fetch calls_per_s node bench/node_bench.mjs throughput-fetch "$url" "$CONC" "$SECS" >/dev/null
    RUNS=1 measure thr.kotlin calls_per_s java -cp "$kcp" bench.BenchKt throughput "$url" "$CONC" "$SECS" >/dev/null
    RUNS=1 measure thr.kotlin_javahttp calls_per_s java -cp "$kcp" bench.BenchKt throughput-javahttp "$url" "$CONC" "$SECS" >/dev/null
    echo "   throughput round $r of $RUNS: done"
done

echo "3. bulk import ($IMPORT users)"
for r in $(seq "$RUNS"); do
    for kind in rust py py_httpx; do
        curl -s -X POST "$url/_emulator/reset" >/dev/null
        case $kind in
            rust) line=$(taskset -c 1 "$rel/examples/bench" import "$url" "$IMPORT" "r$r-" | tail -1) ;;
            py) line=$(taskset -c 1 "$py" bench/python_bench.py import "$url" "$IMPORT" "p$r-" | tail -1) ;;
            py_httpx) line=$(taskset -c 1 "$py" bench/python_bench.py import-httpx "$url" "$IMPORT" "h$r-" | tail -1) ;;
        esac
        case $kind in
            rust) cmd="$rel/examples/bench import $url $IMPORT r$r-" ;;
            py) cmd="$py bench/python_bench.py import $url $IMPORT p$r-" ;;
            py_httpx) cmd="$py bench/python_bench.py import-httpx $url $IMPORT h$r-" ;;
        esac
        echo "{\"key\": \"imp.$kind\", \"value\": $(echo "$line" | python3 -c "import json,sys; print(json.load(sys.stdin)['users_per_s'])"), \"cmd\": \"$cmd\"}" >> "$out/samples.jsonl"
    done
done
echo "   imports: done"

echo "4. memory (iter_users over 1,000,000 users)"
curl -s -X POST "$url/_emulator/reset" >/dev/null
curl -s -X POST "$url/_emulator/preload" -d '{"prefix":"m","count":1000000}' >/dev/null
for r in $(seq "$RUNS"); do
    line=$(taskset -c 1 "$rel/examples/bench" iterate "$url" | tail -1)
    echo "{\"key\": \"mem.iter_growth_mib\", \"value\": $(echo "$line" | python3 -c "import json,sys; d=json.load(sys.stdin); assert d['users']==1000000, d; print(d['rss_growth_mib'])"), \"cmd\": \"$rel/examples/bench iterate $url (1,000,000 users preloaded)\"}" >> "$out/samples.jsonl"
done
stop_emulator

echo "5. Python import time and wheel size"
for r in $(seq 10); do
    line=$(taskset -c 1 "$py" -c "
import subprocess, sys, time
def t(code):
    s = time.perf_counter(); subprocess.run([sys.executable, '-c', code], check=True); return time.perf_counter() - s
print('{\"ms\": %.2f}' % ((t('import chat_platform') - t('pass')) * 1000))")
    echo "{\"key\": \"py.import_ms\", \"value\": $(echo "$line" | python3 -c "import json,sys; print(json.load(sys.stdin)['ms'])"), \"cmd\": \"python -c 'import chat_platform' minus python -c pass\"}" >> "$out/samples.jsonl"
done
echo "{\"key\": \"py.wheel_mb\", \"value\": $(python3 -c "import os; print(os.path.getsize('$wheel')/1e6)"), \"cmd\": \"ls -l $wheel\"}" >> "$out/samples.jsonl"

python3 bench/report.py "$out/samples.jsonl" "$RUNS" "$SECS" "$N" "$IMPORT" | tee "$out/report.md"
cp "$out/report.md" BENCHMARKS.md
echo "wrote BENCHMARKS.md"
