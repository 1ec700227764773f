#!/usr/bin/env bash
# Builds the Kotlin jar (native library inside, bindings generated from it)
# and runs the JUnit suite: `mvn package` with a debug native build.
#   PROFILE=release scripts/kotlin-test.sh
set -euo pipefail
cd "$(dirname "$0")/../bindings/kotlin"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
command -v mvn >/dev/null || { echo "kotlin-test.sh: Maven (mvn) is missing: the Kotlin suite cannot run" >&2; exit 1; }
../../scripts/test-proxies.sh mvn -B -q -Dcargo.profile="${PROFILE:-debug}" -Dstyle.color=never package
jar=target/chat-platform-0.1.0.jar
unzip -l "$jar" | grep "linux-x86-64/libchat_platform_ffi.so" >/dev/null || { echo "the jar lacks the native library" >&2; exit 1; }
for f in target/surefire-reports/TEST-*.xml; do
    grep -o '<testsuite [^>]*' "$f" | sed -E 's/.*name="([^"]*)".*tests="([0-9]+)".*errors="([0-9]+)".*skipped="([0-9]+)".*failures="([0-9]+)".*/kotlin \1: \2 tests, \3 errors, \4 skipped, \5 failures/'
done
# A skipped test is not a pass (`! cmd` would not stop a `set -e` script).
if grep -l 'skipped="[1-9]' target/surefire-reports/TEST-*.xml; then
    echo "kotlin-test.sh: some tests were skipped" >&2
    exit 1
fi
ls target/surefire-reports/TEST-*.xml >/dev/null
echo "built $jar ($(du -h "$jar" | cut -f1))"
