#!/usr/bin/env bash
# Kotlin/JVM release artifacts in dist/maven/, laid out as a Maven repository:
#   io/github/chat-platform/chat-platform/VERSION/chat-platform-VERSION.jar
#       the classes and the native library for linux-x86-64 and linux-aarch64
#       (JNA's resource prefixes; glibc 2.17 builds, cross-built with zig)
#   ...-sources.jar, ...-javadoc.jar (Dokka), the POM (JNA, kotlinx-coroutines),
#   maven-metadata.xml and checksums, written by `mvn deploy`.
#   scripts/package-kotlin.sh
source "$(dirname "$0")/dist-env.sh"
dist_tools
command -v mvn >/dev/null || { echo "package-kotlin.sh: Maven (mvn) is missing" >&2; exit 1; }
out="$DIST/maven"
rm -rf "$out"
mkdir -p "$out"
cd "$REPO/bindings/kotlin"
# The tests ran in `make test` against a debug build; the consumer project in
# scripts/dist-test.sh runs the scenario through this very jar.
mvn -B -q -Pdist -Dstyle.color=never -DskipTests \
    -DaltDeploymentRepository="dist::file://$out" clean deploy
# The next `make test` builds its own debug jar from scratch.
mvn -B -q clean
python "$REPO/scripts/check_dist.py" "$DIST" maven --targets "${TARGETS[*]}"
find "$out" -type f -name "*.jar" -o -type f -name "*.pom" | sort
