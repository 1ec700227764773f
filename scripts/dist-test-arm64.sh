#!/usr/bin/env bash
# Installs the aarch64 artifacts from dist/ inside a Debian 12 arm64 root
# (scripts/arm64-root.sh; the binaries run under qemu-user) and runs the shared
# scenario through them: the manylinux2014 aarch64 wheel in a fresh venv, the
# main and linux-arm64-gnu npm tarballs in an empty project (offline), the
# jar's linux-aarch64 library through a Maven project's compiled tests on the
# root's JRE, the static aarch64 emulator binary, and the static aarch64
# chat-platform command importing into and exporting from that emulator.
#   scripts/dist-test-arm64.sh [python|node|kotlin|emulator|cli ...]
source "$(dirname "$0")/dist-env.sh"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(python node kotlin emulator cli)
[ "$DIST" = "$REPO/dist" ] || { echo "dist-test-arm64.sh: the root sees the repository at /src, so DIST must be $REPO/dist" >&2; exit 1; }
root=$("$REPO/scripts/arm64-root.sh")
source "$REPO/scripts/chroot.sh"
mount_root "$root"
step() { echo "== dist-test-arm64: $* ($(date +%T))" >&2; }

for p in "${parts[@]}"; do
    case "$p" in
    python)
        step "python: the manylinux2014 aarch64 wheel in a fresh venv"
        # pytest from PyPI through this machine's pip (pure Python wheels);
        # the root installs offline.
        rm -rf "$REPO/target/arm64-wheels"
        python3 -m pip download --quiet --disable-pip-version-check --only-binary=:all: \
            --platform manylinux2014_aarch64 --python-version 3.11 -d "$REPO/target/arm64-wheels" pytest==9.2.0
        in_root "$root" /bin/bash -c '
            set -euo pipefail
            [ "$(uname -m)" = aarch64 ]
            rm -rf /tmp/venv && python3 -m venv /tmp/venv
            /tmp/venv/bin/pip install --quiet --disable-pip-version-check --no-index \
                --find-links /src/dist/python --find-links /src/target/arm64-wheels chat-platform pytest
            /tmp/venv/bin/python -c "import chat_platform, platform; print(\"chat_platform\", chat_platform.__version__, \"on\", platform.machine(), platform.libc_ver())"
            cd /src/python/tests
            /tmp/venv/bin/python -m pytest -q -p no:cacheprovider test_scenario.py
        ' ;;
    node)
        step "node: the main and linux-arm64-gnu tarballs in an empty project, offline"
        in_root "$root" /bin/bash -c "
            set -euo pipefail
            rm -rf /tmp/app && mkdir -p /tmp/app && cd /tmp/app
            echo '{\"name\": \"dist-test-app\", \"private\": true, \"type\": \"module\"}' > package.json
            npm install --offline --no-audit --no-fund --loglevel=error \
                /src/dist/npm/chat-platform-client-$VERSION.tgz /src/dist/npm/chat-platform-client-linux-arm64-gnu-$VERSION.tgz
            test -f node_modules/chat-platform-client-linux-arm64-gnu/chat-platform.linux-arm64-gnu.node
            cp /src/node/__test__/scenario.test.mjs .
            node -e 'console.log(\"node\", process.version, process.arch, \"loads\", require(\"chat-platform-client\").__napiBindingTarget)'
            CHAT_PLATFORM_REPO=/src node --test --test-reporter=spec scenario.test.mjs 2>&1 | tee /tmp/node.log
            grep -q 'ℹ fail 0' /tmp/node.log && grep -q 'ℹ skipped 0' /tmp/node.log && grep -q 'ℹ pass [1-9]' /tmp/node.log
        " ;;
    kotlin)
        step "kotlin: the jar from dist/maven, its linux-aarch64 library, on the root's JRE"
        # Maven resolves and compiles on this machine (the classes are the
        # same on every architecture); the JVM in the root runs them.
        app="$REPO/target/dist-test-arm64/kotlin-consumer"
        kotlin_consumer_compiled "$app"
        in_root "$root" /bin/bash -c '
            set -euo pipefail
            cd /src/target/dist-test-arm64/kotlin-consumer
            java -XshowSettings:properties -version 2>&1 | grep -E "os.arch|java.runtime.version"
            cp=target/test-classes:$(ls target/libs/*.jar | paste -sd:)
            java -Dchatplatform.repo=/src -jar target/launcher/junit-platform-console-standalone-1.14.4.jar execute \
                --disable-banner --disable-ansi-colors --details=tree --class-path "$cp" --select-class ScenarioTest 2>&1 | tee /tmp/kotlin.log
            grep -Eq "\[ +[1-9][0-9]* tests successful" /tmp/kotlin.log
            grep -Eq "\[ +0 tests failed" /tmp/kotlin.log && grep -Eq "\[ +0 tests skipped" /tmp/kotlin.log
        ' ;;
    emulator)
        step "emulator: the static aarch64 binary grants a token"
        in_root "$root" /bin/bash -c "
            set -euo pipefail
            /src/dist/emulator/chat-emulator-$VERSION-linux-aarch64 --port 18080 >/tmp/emulator.log 2>&1 &
            pid=\$!
            python3 - <<'PY'
import json, time, urllib.request
body = json.dumps({'grant_type': 'client_credentials', 'client_id': 'YXA6emulator-client-id',
                   'client_secret': 'YXA6emulator-client-secret'}).encode()
for _ in range(100):
    try:
        req = urllib.request.Request('http://127.0.0.1:18080/demo-org/demo-app/token', body,
                                     {'Content-Type': 'application/json'})
        token = json.load(urllib.request.urlopen(req))
        break
    except OSError:
        time.sleep(0.2)
assert token['access_token'], token
print('emulator (aarch64, static) granted a token, expires_in', token['expires_in'])
PY
            kill \$pid
        " ;;
    cli)
        step "cli: the static aarch64 chat-platform imports into and exports from the static aarch64 emulator"
        in_root "$root" /bin/bash -c "
            set -euo pipefail
            cd /src/dist/cli && sha256sum -c chat-platform-$VERSION-linux-aarch64.sha256
            bin=/src/dist/cli/chat-platform-$VERSION-linux-aarch64
            file=\$(od -An -tx1 -j18 -N2 \$bin | tr -d ' ')
            [ \"\$file\" = b700 ] || { echo 'dist-test-arm64: the command is not an aarch64 ELF' >&2; exit 1; }
            /src/dist/emulator/chat-emulator-$VERSION-linux-aarch64 --port 18081 --rate-limits >/tmp/emulator-cli.log 2>&1 &
            pid=\$!
            python3 -c '
import socket, time
for _ in range(100):
    try:
        socket.create_connection((\"127.0.0.1\", 18081), 1).close()
        break
    except OSError:
        time.sleep(0.2)
'
            rm -rf /tmp/cli && mkdir /tmp/cli && cd /tmp/cli
            python3 -c 'print(\"username,password\"); [print(f\"a{i},pw-{i:06}\") for i in range(300)]' > users.csv
            export CHAT_PLATFORM_BASE_URL=http://127.0.0.1:18081 CHAT_PLATFORM_APP_KEY='demo-org#demo-app' \\
                CHAT_PLATFORM_CLIENT_ID=YXA6emulator-client-id CHAT_PLATFORM_CLIENT_SECRET=YXA6emulator-client-secret
            summary=\$(\$bin import users.csv --quiet --json)
            exported=\$(\$bin export --quiet | wc -l)
            kill \$pid
            echo \"\$summary\" | grep -q '\"created\":300' || { echo \"dist-test-arm64: cli import: \$summary\" >&2; exit 1; }
            [ \"\$exported\" -eq 301 ] || { echo \"dist-test-arm64: cli export gave \$exported lines, not 301\" >&2; exit 1; }
            echo \"cli (aarch64, static) on \$(uname -m) imported 300 users and exported them\"
        " ;;
    *) echo "dist-test-arm64.sh: unknown part $p" >&2; exit 2 ;;
    esac
done
umount_root
