#!/usr/bin/env bash
# The vendor's official Java SDK (Maven Central: com.easemob.im:im-sdk-core),
# unchanged, against the emulator binary: tests/vendor-sdk/java.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
command -v mvn >/dev/null || { echo "vendor-sdk-test.sh: Maven (mvn) is missing" >&2; exit 1; }
cargo build --quiet -p chat-platform-emulator --bin chat-emulator
bin="target/$CARGO_BUILD_TARGET/debug/chat-emulator"
log=$(mktemp)
"$bin" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q "listening on" "$log" && break
    sleep 0.1
done
url=$(grep -o 'listening on http://[^ ]*' "$log" | cut -d' ' -f3)
[ -n "$url" ] || { echo "vendor-sdk-test.sh: the emulator did not start:" >&2; cat "$log" >&2; exit 1; }
cd tests/vendor-sdk/java
mvn -B -q -Dstyle.color=never -Demulator.url="$url" test
for f in target/surefire-reports/TEST-*.xml; do
    grep -o '<testsuite [^>]*' "$f" | sed -E 's/.*name="([^"]*)".*tests="([0-9]+)".*errors="([0-9]+)".*skipped="([0-9]+)".*failures="([0-9]+)".*/vendor Java SDK \1: \2 tests, \3 errors, \4 skipped, \5 failures/'
done
if grep -l 'skipped="[1-9]' target/surefire-reports/TEST-*.xml; then
    echo "vendor-sdk-test.sh: some tests were skipped" >&2
    exit 1
fi
