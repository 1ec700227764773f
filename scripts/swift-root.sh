#!/usr/bin/env bash
# Makes (once) a Debian 13 root with the Swift toolchain, outside the repo:
# Debian 12 has no Swift, Debian 13 ships `swiftlang`. Prints the root's path.
#   SWIFT_ROOT=/path scripts/swift-root.sh
set -euo pipefail
root="${SWIFT_ROOT:-/var/cache/chat-platform/swift-root-trixie}"
stamp="$root/.chat-platform-ready"
# git: SwiftPM resolves versioned dependencies with it (scripts/dist-test.sh).
extras=(git)
if [ -f "$stamp" ]; then
    for p in "${extras[@]}"; do
        if [ ! -x "$root/usr/bin/$p" ]; then
            echo "installing $p in the Swift root" >&2
            chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p" >&2 \
                || { chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
                     && chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$p" >&2; }
        fi
    done
    echo "$root"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "swift-root.sh: making the Debian 13 root needs root (debootstrap, chroot)" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null; then
    echo "installing debootstrap" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2; }
fi
rm -rf "$root"
mkdir -p "$(dirname "$root")"
echo "debootstrap trixie into $root (a few minutes, once)" >&2
debootstrap --variant=minbase trixie "$root" >&2
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    swiftlang libc6-dev libstdc++-14-dev ca-certificates "${extras[@]}" >&2
chroot "$root" swift --version >&2
mkdir -p "$root/src"
touch "$stamp"
echo "$root"
