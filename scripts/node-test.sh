#!/usr/bin/env bash
# Builds the Node package, checks the committed index.d.ts and binding.js are
# what the build generates, packs it with `npm pack`, installs the tarball into an empty
# directory, and runs the node:test suite and the TypeScript check there.
#   PROFILE=release scripts/node-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
PROFILE="${PROFILE:-debug}"
repo=$(pwd)

cd node
npm ci --no-audit --no-fund --loglevel=error
committed=$(mktemp -d)
cp index.d.ts binding.js "$committed/"
if [ "$PROFILE" = release ]; then npx napi build --platform --release --js binding.js; else npx napi build --platform --js binding.js; fi
for f in index.d.ts binding.js; do
    if ! diff -u "$committed/$f" "$f"; then
        echo "$f changed by the build: commit the regenerated file" >&2
        exit 1
    fi
done
rm -f chat-platform-*.tgz
tarball=$(npm pack --silent)
echo "packed node/$tarball ($(du -h "$tarball" | cut -f1))"

app="$repo/target/node-test-app"
rm -rf "$app"
mkdir -p "$app"
cp -r __test__ "$app/"
cd "$app"
echo '{"name": "node-test-app", "private": true, "type": "module"}' > package.json
# The package, and the OpenTelemetry SDK the README's events example feeds.
npm install --no-audit --no-fund --loglevel=error "$repo/node/$tarball" \
    @opentelemetry/api@1.9.1 @opentelemetry/sdk-trace-base@2.12.1 @opentelemetry/sdk-metrics@2.12.1
rm -f "$repo/node/$tarball"
export CHAT_PLATFORM_REPO="$repo"
"$repo/node/node_modules/.bin/tsc" -p __test__/tsconfig.json
log=$(mktemp)
"$repo/scripts/test-proxies.sh" node --test --test-reporter=spec __test__/ 2>&1 | tee "$log"
# A skipped or todo test is not a pass.
if ! { grep -q "ℹ skipped 0" "$log" && grep -q "ℹ todo 0" "$log" && grep -q "ℹ fail 0" "$log"; }; then
    echo "node-test.sh: tests failed, were skipped or left todo" >&2
    exit 1
fi
