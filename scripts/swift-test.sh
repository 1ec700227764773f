#!/usr/bin/env bash
# Builds the native library, generates the Swift bindings from it, and runs
# `swift build` and `swift test` inside a Debian 13 root (Debian 12 has no
# Swift), with the repository bind-mounted at /src.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
# The network tests need real proxies: run again under scripts/test-proxies.sh.
[ -n "${CHAT_PLATFORM_TEST_PROXY:-}" ] || exec scripts/test-proxies.sh "$0" "$@"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
root=$(scripts/swift-root.sh)

gen=target/swift-gen
bindings/generate.sh debug swift "$gen"
mkdir -p bindings/swift/Sources/ChatPlatform/Generated
cp "$gen/ChatPlatform.swift" bindings/swift/Sources/ChatPlatform/Generated/ChatPlatform.swift
cp "$gen/ChatPlatformFFI.h" bindings/swift/Sources/ChatPlatformFFI/ChatPlatformFFI.h
# The package finds the library through pkg-config, as it does once a release
# tarball's install.sh has run; here the .pc points at the debug build.
libdir="/src/target/$CARGO_BUILD_TARGET/debug"
mkdir -p target/swift-pc
cat > target/swift-pc/chat-platform-ffi.pc <<PC
libdir=$libdir
Name: chat-platform-ffi
Description: chat-platform's native library (debug build, for the tests)
Version: 0.0.0
Libs: -L\${libdir} -lchat_platform_ffi
Cflags:
PC

source scripts/chroot.sh
mount_root "$root"
proxy_env=()
for v in $(compgen -e | grep -E '^(CHAT_PLATFORM_TEST_|HTTPS?_PROXY$|NO_PROXY$)'); do proxy_env+=("$v=${!v}"); done
in_root "$root" CHAT_PLATFORM_REPO=/src PKG_CONFIG_PATH=/src/target/swift-pc LD_LIBRARY_PATH="$libdir" "${proxy_env[@]}" \
    /bin/bash -c '
        set -euo pipefail
        cd /src/bindings/swift
        build_log=$(mktemp)
        if ! swift build --build-tests >"$build_log" 2>&1; then
            grep -E "error:" -A4 "$build_log" | head -60
            echo "swift-test.sh: the build failed" >&2
            exit 1
        fi
        tail -3 "$build_log"
        log=$(mktemp)
        swift test 2>&1 | tee "$log" | grep -E "Test Case .*(passed|failed|skipped)|error:|Executed|fatal"
        # Something ran, nothing failed, nothing was skipped.
        grep -Eq "Executed [1-9][0-9]* tests?, with 0 failures" "$log"
        if grep -E "^Test Case" "$log" | grep -Eq "failed|skipped"; then
            echo "swift-test.sh: a test failed or was skipped" >&2
            exit 1
        fi
    '
