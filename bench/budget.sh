#!/usr/bin/env bash
# `make bench-budget`: how much of the service's rate budget the default
# client spends on a harsh network. The release emulator enforces the
# documented per-app limits (sliding one-second windows) and delays every
# request by a round trip with 20% jitter, 2% of requests held back one
# more round trip (the next ones pass them); every figure runs against both
# limiter models: lenient (counts the requests it admitted) and strict
# (counts the refused ones too, as some services do). The clients run with
# default settings.
#   register_users: users/s as a share of 6,000 (100 requests/s x 60)
#   users_status:   names/s as a share of 5,000 (50 requests/s x 100)
#   N concurrent get_user: calls/s as a share of 100
# each at round trips of 20, 100 and 300 ms, with the 429s the server sent
# and the errors the caller saw; then a plan with twice the limits (the one
# option set), four processes (two Python, two Node) importing into one app
# at once, a streamed 1,000,000-user import's RSS growth, and the
# `chat-platform import` command (its share at 100 ms; its peak RSS on a
# 1,000,000-row file).
# Each measure lasts about 30 s at the ceiling (180,000 users, 150,000 names):
# the first and the last round trip of a run are time no pacing can use, 6%
# of a 10-s run at 300 ms, 2% of a 30-s one.
#   IMPORT=180000 STATUS=150000 SINGLES=5000 STREAM=1000000 MODELS="lenient strict" bench/budget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
IMPORT="${IMPORT:-180000}"; STATUS="${STATUS:-150000}"; SINGLES="${SINGLES:-5000}"; STREAM="${STREAM:-1000000}"
RTTS="${RTTS-20 100 300}"   # RTTS="" skips the per-round-trip figures
MODELS="${MODELS:-lenient strict}"
PARTS="${PARTS:-x2 four stream cli}"   # which of the other figures to run
out="target/bench-budget"; mkdir -p "$out"; : > "$out/samples.jsonl"
rel="target/$CARGO_BUILD_TARGET/release"
port="${PORT:-18559}"; url="http://127.0.0.1:$port"

# shellcheck source=bench/release-build.sh
source bench/release-build.sh

emu=""
start() {   # start EXTRA_ARGS...
    stop
    taskset -c 0 "$rel/chat-emulator" --port "$port" --token-ttl 0 "$@" >"$out/emulator.log" 2>&1 &
    emu=$!
    for _ in $(seq 100); do curl -s "$url/_emulator/health" >/dev/null && break; sleep 0.05; done
    curl -s -X POST "$url/_emulator/preload" -d '{"prefix":"bench","count":100}' >/dev/null
}
stop() { [ -n "$emu" ] && kill "$emu" 2>/dev/null; wait "$emu" 2>/dev/null || true; emu=""; }
trap stop EXIT
stats() { curl -s "$url/_emulator/stats"; }
# The network: a round trip of $1 ms with 20% jitter, 2% held back one more.
net() { echo --latency-ms "$1" --jitter-ms $(( $1 / 5 )) --burst-rate 0.02 --burst-ms "$1"; }
# The limiter model's flags: lenient or strict.
limiter() { if [ "$1" = strict ]; then echo --rate-limits --strict-limits; else echo --rate-limits; fi; }
# record KEY MODEL CEILING JSON_LINE STATS_BEFORE STATS_AFTER
record() {
    python3 - "$@" "$url" >> "$out/samples.jsonl" <<'PY'
import json, sys, time, urllib.request
URL = sys.argv[7]
STARTUP_S = 3
key, model, ceiling, line, before, after = sys.argv[1:7]
d = json.loads(line.strip().splitlines()[-1])
b, a = json.loads(before), json.loads(after)
# The measure began `seconds` before now (it just ended): its 429s in the
# first STARTUP seconds are the start's, the later ones steady state's.
began_ms = (time.time() - d.get("seconds", 0)) * 1000
with urllib.request.urlopen(URL + "/_emulator/refusals") as r:
    refused = [t for t in json.load(r)["unix_ms"] if t >= began_ms]
d.update(key=key, model=model, ceiling=float(ceiling),
         requests=a["total_requests"] - b["total_requests"],
         server_429=a["rate_limited"] - b["rate_limited"],
         server_429_steady=sum(1 for t in refused if t - began_ms > STARTUP_S * 1000),
         server_429_at_s=[round((t - began_ms) / 1000, 1) for t in refused[:20]])
print(json.dumps(d))
PY
    tail -1 "$out/samples.jsonl"
}
part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# shellcheck disable=SC2046  # the flag lists are meant to split
for rtt in $RTTS; do
    for model in $MODELS; do
        echo "== round trip ${rtt} ms, 20% jitter, 2% held back, $model limiter"
        start $(limiter "$model") $(net "$rtt")
        b=$(stats); line=$(taskset -c 1 "$py" bench/budget_bench.py import "$url" "$IMPORT" "i${rtt}-"); record "import@${rtt}" "$model" 6000 "$line" "$b" "$(stats)"
        b=$(stats); line=$(taskset -c 1 "$py" bench/budget_bench.py status "$url" "$STATUS"); record "status@${rtt}" "$model" 5000 "$line" "$b" "$(stats)"
        b=$(stats); line=$(taskset -c 1 "$py" bench/budget_bench.py singles "$url" "$SINGLES"); record "singles@${rtt}" "$model" 100 "$line" "$b" "$(stats)"
    done
done

if part x2; then
    for model in $MODELS; do
        echo "== twice the documented limits, round trip 100 ms, rate_limit_scale=2, $model limiter"
        # shellcheck disable=SC2046
        start $(limiter "$model") --rate-limit-scale 2 $(net 100)
        b=$(stats); line=$(taskset -c 1 "$py" bench/budget_bench.py import "$url" "$IMPORT" "x2-" 2); record "import-x2@100" "$model" 12000 "$line" "$b" "$(stats)"
    done
fi

if part four; then
    for model in $MODELS; do
        echo "== four processes (two Python, two Node) into one app, round trip 100 ms, $model limiter"
        # shellcheck disable=SC2046
        start $(limiter "$model") $(net 100)
        b=$(stats)
        each=$(( IMPORT / 2 ))
        t0=$(date +%s.%N)
        pids=()
        taskset -c 1 "$py" bench/budget_bench.py import "$url" "$each" "p1-" > "$out/p1.json" & pids+=($!)
        taskset -c 1 "$py" bench/budget_bench.py import "$url" "$each" "p2-" > "$out/p2.json" & pids+=($!)
        taskset -c 1 node bench/budget_bench.mjs import "$url" "$each" "n1-" > "$out/n1.json" & pids+=($!)
        taskset -c 1 node bench/budget_bench.mjs import "$url" "$each" "n2-" > "$out/n2.json" & pids+=($!)
        # Only these four: a bare `wait` would also wait for the emulator.
        for p in "${pids[@]}"; do wait "$p"; done
        t1=$(date +%s.%N)
        a=$(stats)
        line=$(python3 - "$out" "$t0" "$t1" "$each" <<'PY'
import json, sys, pathlib
d, t0, t1, each = pathlib.Path(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
runs = [json.loads((d / f"{n}.json").read_text().strip().splitlines()[-1]) for n in ("p1", "p2", "n1", "n2")]
secs = t1 - t0
print(json.dumps({"users": 4 * each, "seconds": secs, "per_s": 4 * each / secs,
                  "errors": sum(r["errors"] for r in runs),
                  "per_process": [round(r["per_s"]) for r in runs]}))
PY
)
        record "four-processes@100" "$model" 6000 "$line" "$b" "$a"
    done
fi

if part stream; then
    echo "== a streamed import of $STREAM users (a generator, pacing on, limits x100): RSS growth"
    start
    b=$(stats); line=$(taskset -c 1 "$py" bench/budget_bench.py stream "$url" "$STREAM" "s-"); record "stream-rss" "-" 0 "$line" "$b" "$(stats)"
fi
if part cli; then
    rows="$out/cli-rows.csv"
    for model in $MODELS; do
        echo "== chat-platform import of $IMPORT rows, round trip 100 ms, $model limiter"
        # shellcheck disable=SC2046
        start $(limiter "$model") $(net 100)
        python3 bench/cli_rows.py "$rows" "$IMPORT" "c-"
        b=$(stats); line=$(taskset -c 1 python3 bench/cli_run.py "$rel/chat-platform" "$url" "$rows"); record "cli-import@100" "$model" 6000 "$line" "$b" "$(stats)"
    done
    echo "== chat-platform import of $STREAM rows (pacing on, limits x100): peak RSS"
    start
    python3 bench/cli_rows.py "$rows" "$STREAM" "m-"
    b=$(stats); line=$(taskset -c 1 python3 bench/cli_run.py "$rel/chat-platform" "$url" "$rows" --rate-limit-scale 100); record "cli-rss" "-" 0 "$line" "$b" "$(stats)"
    rm -f "$rows" "$rows.journal"
fi
stop

python3 bench/budget_report.py "$out/samples.jsonl" | tee "$out/report.md"
