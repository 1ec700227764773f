#!/usr/bin/env bash
# Runs the Windows x64 artifacts from dist/ under Wine (scripts/wine.sh), each
# installed in a clean place, through the shared scenario:
#   emulator  chat-emulator-VERSION-windows-x86_64.exe serves the scenario that
#             the Linux wheel's Client plays against it over HTTP
#   node      an empty npm project gets the main and win32-x64-msvc tarballs
#             (installed by the Linux npm), a Windows node.exe runs the
#             scenario through the addon
#   kotlin    the jar from dist/maven (its win32-x86-64 DLL) on a Windows JVM:
#             the consumer project's compiled scenario, by JUnit's console
#             launcher
# The Windows Python module cannot run here (no registry here ships a Windows
# CPython): scripts/check_dist.py checks it as a PE file instead.
#   scripts/dist-test-windows.sh [emulator|node|kotlin ...]
source "$(dirname "$0")/dist-env.sh"
dist_tools
source "$REPO/scripts/wine.sh"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(emulator node kotlin)
work="$REPO/target/dist-test-windows"
mkdir -p "$work"
step() { echo "== dist-test-windows: $* ($(date +%T))" >&2; }
wine_setup
trap 'wineserver -k 2>/dev/null || true' EXIT
winpath() { winepath -w "$1" 2>/dev/null; }

test_emulator() {
    step "emulator: the .exe under Wine serves the scenario, played by the Linux wheel's Client"
    local exe="$DIST/emulator/chat-emulator-$VERSION-windows-x86_64.exe"
    (cd "$DIST/emulator" && sha256sum -c "$(basename "$exe").sha256")
    local venv="$work/py"
    rm -rf "$venv" && python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$DIST/python" chat-platform
    "$venv/bin/pip" install --quiet --disable-pip-version-check pytest==9.2.0
    local port=$((20000 + RANDOM % 20000)) pid
    cp "$exe" "$work/chat-emulator.exe"
    win "$work/chat-emulator.exe" --port "$port" >"$work/emulator.log" 2>&1 &
    pid=$!
    for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$port/_emulator/health" && break; sleep 0.2; done
    curl -s "http://127.0.0.1:$port/_emulator/health" | grep -q ok \
        || { echo "dist-test-windows: the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
    head -1 "$work/emulator.log"
    (cd "$REPO/python/tests" && CHAT_PLATFORM_EMULATOR_URL="http://127.0.0.1:$port" \
        "$venv/bin/python" -m pytest -q -p no:cacheprovider test_scenario.py -k "through_client or through_async_client")
    step "cli: chat-platform.exe under Wine imports into the emulator and exports"
    local cli="$work/chat-platform.exe" rows="$work/cli-users.csv"
    cp "$DIST/cli/chat-platform-$VERSION-windows-x86_64.exe" "$cli"
    python3 -c 'print("username,password"); [print(f"w{i},pw-{i:06}") for i in range(300)]' > "$rows"
    rm -f "$rows.journal"
    # Output into files: a Windows program under Wine cannot write to a Linux pipe (EBADF).
    CHAT_PLATFORM_BASE_URL="http://127.0.0.1:$port" CHAT_PLATFORM_APP_KEY="demo-org#demo-app" \
        CHAT_PLATFORM_CLIENT_ID=YXA6emulator-client-id CHAT_PLATFORM_CLIENT_SECRET=YXA6emulator-client-secret \
        win "$cli" import "$(winpath "$rows")" --quiet --json >"$work/cli.json" 2>"$work/cli.log" \
        || { cat "$work/cli.log" "$work/cli.json" >&2; exit 1; }
    grep -q '"created":300' "$work/cli.json" || { echo "dist-test-windows: cli import: $(cat "$work/cli.json" "$work/cli.log")" >&2; exit 1; }
    echo "cli: $(basename "$cli") under Wine: $(cat "$work/cli.json")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

test_node() {
    step "node: an empty project from the main and win32-x64-msvc tarballs, a Windows node.exe"
    local node app="$work/npm-app"
    node=$(windows_node)
    rm -rf "$app" && mkdir -p "$app"
    cd "$app"
    echo '{"name": "dist-test-app", "private": true, "type": "module"}' > package.json
    # npm runs here, on Linux: --force lets it install a win32 package (the
    # os/cpu it checks are this machine's; check_dist.py checks they are set).
    npm install --offline --no-audit --no-fund --loglevel=error --force \
        "$DIST/npm/chat-platform-client-$VERSION.tgz" "$DIST/npm/chat-platform-client-win32-x64-msvc-$VERSION.tgz"
    [ -f node_modules/chat-platform-client-win32-x64-msvc/chat-platform.win32-x64-msvc.node ] \
        || { echo "dist-test-windows: the win32 platform package is not installed" >&2; exit 1; }
    cp "$REPO/node/__test__/scenario.test.mjs" .
    # Into files: a Windows node.exe under Wine cannot write to a Linux pipe
    # (EBADF), and whoever runs this may be piping its output.
    win "$node" -e 'const b = require("chat-platform-client"); console.log("node", process.version, process.platform, process.arch, "loads", b.__napiBindingTarget || "the addon")' \
        >"$work/node-load.log" 2>&1 || { cat "$work/node-load.log"; exit 1; }
    cat "$work/node-load.log"
    CHAT_PLATFORM_REPO="$(winpath "$REPO")" win "$node" --test --test-reporter=spec scenario.test.mjs >"$work/node.log" 2>&1 \
        || { cat "$work/node.log"; exit 1; }
    cat "$work/node.log"
    grep -q "ℹ fail 0" "$work/node.log" && grep -q "ℹ skipped 0" "$work/node.log" && grep -q "ℹ pass [1-9]" "$work/node.log"
    cd "$REPO"
}

test_kotlin() {
    step "kotlin: the jar from dist/maven on a Windows JVM"
    local java app="$work/kotlin-consumer"
    java=$(windows_java)
    kotlin_consumer_compiled "$app"
    # JNA's own DLL and ours, from their jars, where the JVM is told to look:
    # JNA would copy each to a temporary file first, and creating a temporary
    # file crashes this JDK under Wine 8 (its SecureRandom seed lists the
    # network interfaces, which Wine does not implement).
    local jna; jna=$(ls "$app"/target/libs/jna-[0-9]*.jar)
    local native="$app/target/native"
    mkdir -p "$native"
    python - "$native" "$jna" com/sun/jna/win32-x86-64/jnidispatch.dll \
        "$app/target/libs/chat-platform-$VERSION.jar" win32-x86-64/chat_platform_ffi.dll <<'PY'
import os, sys, zipfile
out, pairs = sys.argv[1], sys.argv[2:]
for jar, member in zip(pairs[::2], pairs[1::2]):
    with open(os.path.join(out, os.path.basename(member)), "wb") as f:
        f.write(zipfile.ZipFile(jar).read(member))
PY
    local props=(-Djna.nounpack=true -Djna.boot.library.path="$(winpath "$native")" -Djna.library.path="$(winpath "$native")")
    local cp; cp=$(for f in "$app/target/test-classes" "$app"/target/libs/*.jar; do winpath "$f"; done | paste -sd';')
    (cd "$app" && win "$java" "${props[@]}" -XshowSettings:properties -version 2>&1 | grep -E "os.name|os.arch|java.runtime.version")
    (cd "$app" && win "$java" "${props[@]}" -Dchatplatform.repo="$(winpath "$REPO")" \
        -jar "$(winpath "$app/target/launcher/junit-platform-console-standalone-1.14.4.jar")" execute \
        --disable-banner --disable-ansi-colors --details=tree --class-path "$cp" --select-class ScenarioTest) 2>&1 | tee "$work/kotlin.log"
    grep -Eq "\[ +[1-9][0-9]* tests successful" "$work/kotlin.log"
    grep -Eq "\[ +0 tests failed" "$work/kotlin.log" && grep -Eq "\[ +0 tests skipped" "$work/kotlin.log"
}

for p in "${parts[@]}"; do
    case "$p" in
        emulator) test_emulator ;;
        node) test_node ;;
        kotlin) test_kotlin ;;
        *) echo "dist-test-windows.sh: unknown part $p" >&2; exit 2 ;;
    esac
done
