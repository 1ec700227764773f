#!/usr/bin/env bash
# Installs every x86_64 artifact from dist/ into a clean place (never the
# source tree) and runs the shared scenario through it:
#   python  a fresh venv from the manylinux2014 wheel, another from the sdist
#   node    an empty npm project from the main and platform tarballs, offline;
#           plus the loader's error on a platform with no addon
#   kotlin  a separate Maven project depending on io.github.chat-platform:chat-platform
#           from dist/maven
#   swift   a separate Swift package (in the Swift root) depending on ours
#           through a versioned git dependency, library installed by install.sh
#   emulator the static binary serves a token grant
#   cli     the static chat-platform command imports into and exports from it
# Then checks every native library in dist/ as ELF (scripts/check_dist.py).
#   scripts/dist-test.sh [python|sdist|node|kotlin|swift|emulator|cli ...]
source "$(dirname "$0")/dist-env.sh"
dist_tools
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(python sdist node kotlin swift emulator cli)
work="$REPO/target/dist-test"
mkdir -p "$work"
scenario_py="$REPO/python/tests"
step() { echo "== dist-test: $* ($(date +%T))" >&2; }

test_python_wheel() {
    step "python: the manylinux2014 x86_64 wheel in a fresh venv"
    local venv="$work/py-wheel"
    rm -rf "$venv" && python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$DIST/python" chat-platform
    "$venv/bin/pip" install --quiet --disable-pip-version-check pytest==9.2.0
    "$venv/bin/python" - <<'PY'
import chat_platform, sysconfig, pathlib, sys
so = next(pathlib.Path(chat_platform.__file__).parent.glob("_native*.so"))
print("installed", chat_platform.__version__, "from", so)
assert "site-packages" in str(so)
PY
    (cd "$scenario_py" && "$venv/bin/python" -m pytest -q -p no:cacheprovider test_scenario.py test_client.py)
}

test_python_sdist() {
    step "python: the sdist, built from source by pip in a fresh venv"
    local venv="$work/py-sdist" src="$work/sdist-src"
    rm -rf "$venv" "$src" && python3 -m venv "$venv" && mkdir -p "$src"
    local sdist; sdist=$(ls "$DIST"/python/chat_platform-*.tar.gz)
    # What a user's `pip install chat_platform-*.tar.gz` does (pip fetches
    # maturin for an isolated build, which runs cargo on the sources the sdist
    # holds), with the dev profile: 78 s without any cache here, where the
    # release build took 3.8 of the minutes of CI on a machine that never
    # built the project; what it checks (the sdist holds what a build needs)
    # is the same. Its own target directory, outside the clone: make test's
    # would get the sdist's build of the workspace's crates (the same cargo
    # fingerprints) in place of the working tree's. The sdist's files carry a
    # fixed 2006 date, older than the last run's build, so they are unpacked
    # and touched first: the workspace's crates are compiled from them.
    tar -xzf "$sdist" -C "$src" --strip-components=1
    find "$src" -type f -exec touch {} +
    env -u CARGO_PROFILE_RELEASE_STRIP CARGO_TARGET_DIR="$BUILD/dist-sdist" \
        "$venv/bin/pip" install --quiet --disable-pip-version-check --config-settings=build-args=--profile=dev "$src"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pytest==9.2.0
    (cd "$scenario_py" && "$venv/bin/python" -m pytest -q -p no:cacheprovider test_scenario.py)
}

test_node() {
    step "node: an empty project from the tarballs, offline"
    local app="$work/npm-app"
    rm -rf "$app" && mkdir -p "$app" && cd "$app"
    echo '{"name": "dist-test-app", "private": true, "type": "module"}' > package.json
    npm install --offline --no-audit --no-fund --loglevel=error \
        "$DIST/npm/chat-platform-client-$VERSION.tgz" "$DIST/npm/chat-platform-client-linux-x64-gnu-$VERSION.tgz"
    [ -f node_modules/chat-platform-client-linux-x64-gnu/chat-platform.linux-x64-gnu.node ] \
        || { echo "dist-test: the platform package is not installed" >&2; exit 1; }
    if ls node_modules/chat-platform-client/*.node 2>/dev/null; then echo "dist-test: the main package carries an addon" >&2; exit 1; fi
    cp "$REPO/node/__test__/scenario.test.mjs" .
    CHAT_PLATFORM_REPO="$REPO" node --test --test-reporter=spec scenario.test.mjs 2>&1 | tee "$work/node.log"
    grep -q "ℹ fail 0" "$work/node.log" && grep -q "ℹ skipped 0" "$work/node.log"
    node -e '
        const b = require("chat-platform-client").__napiBindingTarget
        const p = require.resolve("chat-platform-client-linux-x64-gnu")
        console.log("loaded", b, "from", p)'

    step "node: the loader names the platform when no addon fits"
    # An architecture with no package, and a machine where the optional
    # dependency was left out.
    local out
    out=$(node -e 'Object.defineProperty(process, "arch", { value: "ppc64" }); require("chat-platform-client")' 2>&1 || true)
    echo "$out" | grep -q "no native library for this platform (linux-ppc64-gnu)" \
        || { echo "dist-test: unexpected error on ppc64: $out" >&2; exit 1; }
    for t in "${TARGETS[@]}"; do
        echo "$out" | grep "Supported:" | grep -q "$(npm_platform "$t")" \
            || { echo "dist-test: the error on ppc64 does not list $(npm_platform "$t"): $out" >&2; exit 1; }
    done
    echo "$out" | grep -m1 "no native library"
    rm -rf "$app/node_modules/chat-platform-client-linux-x64-gnu"
    out=$(node -e 'require("chat-platform-client")' 2>&1 || true)
    echo "$out" | grep -q "needs its native package for this machine, chat-platform-client-linux-x64-gnu@$VERSION, which is not installed.*npm install chat-platform-client-linux-x64-gnu@$VERSION" \
        || { echo "dist-test: unexpected error without the platform package: $out" >&2; exit 1; }
    if echo "$out" | grep -qi "wasi"; then
        echo "dist-test: the missing-package error talks about WASI: $out" >&2; exit 1
    fi
    echo "$out" | grep -m1 "needs its native package"
    cd "$REPO"
}

test_kotlin() {
    step "kotlin: a separate Maven project depending on io.github.chat-platform:chat-platform:$VERSION"
    local app="$work/kotlin-consumer"
    kotlin_consumer "$app"
    (cd "$app" && mvn -B -q -Dstyle.color=never test)
    grep -h -o '<testsuite [^>]*' "$app"/target/surefire-reports/TEST-*.xml | grep -o 'name="[^"]*"\|tests="[0-9]*"\|failures="[0-9]*"\|skipped="[0-9]*"' | paste -sd' '
    if grep -l 'skipped="[1-9]\|failures="[1-9]\|errors="[1-9]' "$app"/target/surefire-reports/TEST-*.xml; then exit 1; fi
    local jar; jar=$(find "$HOME/.m2/repository/io/github/chat-platform" -name "chat-platform-$VERSION.jar")
    cmp "$jar" "$DIST/maven/io/github/chat-platform/chat-platform/$VERSION/chat-platform-$VERSION.jar"
    echo "kotlin: ran against $jar (identical to dist/maven's)"
}

test_swift() {
    step "swift: a separate package depending on ChatPlatform (versioned git dependency)"
    local root; root=$("$REPO/scripts/swift-root.sh")
    local tgz="$DIST/swift/chat-platform-swift-$VERSION-linux-x86_64.tar.gz"
    local inroot=/tmp/chat-platform-dist-test
    rm -rf "$root$inroot" && mkdir -p "$root$inroot/consumer/Sources/Consumer" "$root$inroot/consumer/Tests/ConsumerTests"
    tar -xzf "$tgz" -C "$root$inroot"
    cp "$REPO"/bindings/swift/Tests/ChatPlatformTests/{ScenarioTests,ScenarioOperations,JSON,Canonical}.swift "$root$inroot/consumer/Tests/ConsumerTests/"
    sed "s|@VERSION@|$VERSION|g" "$REPO/scripts/dist-test/swift-consumer.Package.swift" > "$root$inroot/consumer/Package.swift"
    printf 'import ChatPlatform\n\n/// The version of chat-platform this package was built with.\npublic func chatPlatformBuildVersion() -> String { chatPlatformVersion }\n' \
        > "$root$inroot/consumer/Sources/Consumer/Consumer.swift"
    source "$REPO/scripts/chroot.sh"
    mount_root "$root"
    in_root "$root" /bin/bash -c "
        set -euo pipefail
        cd $inroot/chat-platform-swift-$VERSION-linux-x86_64
        ./install.sh --prefix /usr/local
        trap '$inroot/chat-platform-swift-$VERSION-linux-x86_64/install.sh --prefix /usr/local --uninstall >/dev/null' EXIT
        # The package as a git repository with a version tag, as SwiftPM
        # resolves a published dependency (unsafe flags would be refused).
        cd ChatPlatform
        git init -q && git add -A && git -c user.email=ci@localhost -c user.name=ci commit -q -m release
        git tag $VERSION
        cd $inroot/consumer
        swift build --build-tests 2>&1 | tail -3
        log=\$(mktemp)
        CHAT_PLATFORM_REPO=/src swift test 2>&1 | tee \"\$log\" | grep -E 'Test Case .*(passed|failed|skipped)|error:|Executed' || true
        grep -Eq 'Executed [1-9][0-9]* tests?, with 0 failures' \"\$log\"
        if grep -E '^Test Case' \"\$log\" | grep -Eq 'failed|skipped'; then exit 1; fi
        echo swift: the consumer resolved ChatPlatform $VERSION: \$(grep -o '\"version\" : \"[^\"]*\"' Package.resolved)
    "
    umount_root
    rm -rf "$root$inroot"
}

test_emulator() {
    step "emulator: the static x86_64 binary serves"
    local bin="$DIST/emulator/chat-emulator-$VERSION-linux-x86_64"
    (cd "$DIST/emulator" && sha256sum -c "$(basename "$bin").sha256")
    emulator_smoke "$bin"
    step "emulator: --ca-file serves HTTPS that its CA verifies"
    local ca="$work/emulator-ca.pem"
    rm -f "$ca"
    emulator_smoke "$bin" --ca-file "$ca"
}

test_cli() {
    step "cli: the static x86_64 chat-platform imports into and exports from the static emulator"
    local bin="$DIST/cli/chat-platform-$VERSION-linux-x86_64" emu="$DIST/emulator/chat-emulator-$VERSION-linux-x86_64"
    (cd "$DIST/cli" && sha256sum -c "$(basename "$bin").sha256")
    local port=$((20000 + RANDOM % 20000)) pid rows="$work/cli-users.csv"
    "$emu" --port "$port" --rate-limits >"$work/emulator.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
    python3 -c 'print("username,password"); [print(f"c{i},pw-{i:06}") for i in range(500)]' > "$rows"
    rm -f "$rows.journal"
    local env=(env -i "PATH=$PATH" "CHAT_PLATFORM_BASE_URL=http://127.0.0.1:$port" "CHAT_PLATFORM_APP_KEY=demo-org#demo-app"
               "CHAT_PLATFORM_CLIENT_ID=YXA6emulator-client-id" "CHAT_PLATFORM_CLIENT_SECRET=YXA6emulator-client-secret")
    local summary exported
    summary=$("${env[@]}" "$bin" import "$rows" --quiet --json)
    exported=$("${env[@]}" "$bin" export --quiet | wc -l)
    kill "$pid"
    echo "$summary" | grep -q '"created":500' || { echo "dist-test: cli import: $summary" >&2; exit 1; }
    [ "$exported" -eq 501 ] || { echo "dist-test: cli export gave $exported lines, not 501" >&2; exit 1; }
    echo "cli: $(basename "$bin") imported 500 users and exported them"
}

# Starts an emulator binary on a free port (HTTPS when given --ca-file PATH:
# curl then trusts only that CA), asks for a token, stops it.
emulator_smoke() {
    local port=$((20000 + RANDOM % 20000)) pid body scheme=http tls=()
    if [ "${2:-}" = --ca-file ]; then scheme=https; tls=(--cacert "$3"); fi
    "$@" --port "$port" >"$work/emulator.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        [ "$scheme" = https ] && [ ! -s "${3:-}" ] && { sleep 0.2; continue; }
        curl -s -o /dev/null "${tls[@]}" "$scheme://127.0.0.1:$port/" && break
        sleep 0.2
    done
    body=$(curl -s "${tls[@]}" -X POST "$scheme://127.0.0.1:$port/demo-org/demo-app/token" -H 'Content-Type: application/json' \
        -d '{"grant_type":"client_credentials","client_id":"YXA6emulator-client-id","client_secret":"YXA6emulator-client-secret"}')
    kill "$pid"
    echo "$body" | grep -q '"access_token"' || { echo "dist-test: no token from $*: $body" >&2; cat "$work/emulator.log" >&2; exit 1; }
    echo "emulator: $(basename "$1") granted a token over $scheme on port $port"
}

for p in "${parts[@]}"; do
    case "$p" in
        python) test_python_wheel ;;
        sdist) test_python_sdist ;;
        node) test_node ;;
        kotlin) test_kotlin ;;
        swift) test_swift ;;
        emulator) test_emulator ;;
        cli) test_cli ;;
        *) echo "dist-test.sh: unknown part $p" >&2; exit 2 ;;
    esac
done
if [ $# -eq 0 ]; then
    step "ELF checks of every native library in dist/"
    python "$REPO/scripts/check_dist.py" "$DIST" --targets "${TARGETS[*]}"
fi
