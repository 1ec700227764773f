#!/usr/bin/env bash
# Builds the native library, generates the Swift bindings from it, and runs
# `swift build` and `swift test` inside a Debian 13 root (Debian 12 has no
# Swift), with the repository bind-mounted at /src.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"
root=$(scripts/swift-root.sh)

gen=target/swift-gen
bindings/generate.sh debug swift "$gen"
mkdir -p bindings/swift/Sources/ChatPlatform/Generated
cp "$gen/ChatPlatform.swift" bindings/swift/Sources/ChatPlatform/Generated/ChatPlatform.swift
cp "$gen/ChatPlatformFFI.h" bindings/swift/Sources/ChatPlatformFFI/ChatPlatformFFI.h

mounted=()
cleanup() {
    for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
mkdir -p "$root/src"
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
mount --bind "$repo" "$root/src" && mounted+=("$root/src")

chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 \
    CHAT_PLATFORM_LIB_DIR="/src/target/$CARGO_BUILD_TARGET/debug" CHAT_PLATFORM_REPO=/src \
    LD_LIBRARY_PATH="/src/target/$CARGO_BUILD_TARGET/debug" \
    /bin/bash -c '
        set -euo pipefail
        cd /src/bindings/swift
        swift build --build-tests 2>&1 | tail -5
        log=$(mktemp)
        swift test 2>&1 | tee "$log" | grep -E "Test Case .*(passed|failed|skipped)|error:|Executed|fatal"
        # Something ran, nothing failed, nothing was skipped.
        grep -Eq "Executed [1-9][0-9]* tests?, with 0 failures" "$log"
        if grep -E "^Test Case" "$log" | grep -Eq "failed|skipped"; then
            echo "swift-test.sh: a test failed or was skipped" >&2
            exit 1
        fi
    '
