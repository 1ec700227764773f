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

# A Java user's Maven project (java-example/: plain Java, the jar just built as
# its one dependency, from a file repository as a user's would come from
# Maven Central): it compiles with every javac warning an error and runs; its
# Main is the README's Java example, verbatim.
java_repo="$PWD/target/java-repo"
rm -rf "$java_repo" "$HOME/.m2/repository/io/github/chat-platform"
mvn -B -q -Dstyle.color=never deploy:deploy-file -Dfile="$jar" -DpomFile=pom.xml \
    -Durl="file://$java_repo" -DrepositoryId=chat-platform-dev
out=$(cd java-example && mvn -B -q -Dstyle.color=never compile exec:java) \
    || { echo "$out" >&2; echo "kotlin-test.sh: the Java example failed" >&2; exit 1; }
rm -rf "$HOME/.m2/repository/io/github/chat-platform"
echo "$out"
for line in "registered alice" "registered bob" "user alice" "user bob" "130/130 done" "bulk: 130 created" \
    "alice OFFLINE" "u7 OFFLINE" "not found: getUser: user \"nobody\" not found (HTTP 404"; do
    grep -qF "$line" <<< "$out" || { echo "kotlin-test.sh: the Java example did not print: $line" >&2; exit 1; }
done
readme_block=$(sed -n '/^```java$/,/^```$/p' README.md | sed '1d;$d')
diff <(echo "$readme_block") java-example/src/main/java/example/Main.java \
    || { echo "kotlin-test.sh: bindings/kotlin/README.md's Java block must be java-example/src/main/java/example/Main.java" >&2; exit 1; }
echo "java example: compiled (javac -Xlint:all -Werror) and ran"
echo "built $jar ($(du -h "$jar" | cut -f1))"
