#!/usr/bin/env bash
# Makes (once) a Debian 12 arm64 root, outside the repo, where the aarch64
# artifacts run under qemu-user: Python 3.11, Node 18 and OpenJDK 17 (headless
# JRE) from Debian, npm 10 (npm 11 needs Node 20) unpacked from the npm
# registry. Prints the root's path.
# Also registers qemu's aarch64 interpreter with binfmt_misc when needed.
#   ARM64_ROOT=/path scripts/arm64-root.sh
set -euo pipefail
root="${ARM64_ROOT:-/var/cache/chat-platform/arm64-root-bookworm}"
stamp="$root/.chat-platform-ready"
npm_version=10.9.9

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}
if [ "$(id -u)" != 0 ]; then
    echo "arm64-root.sh: needs root (debootstrap, binfmt_misc, chroot)" >&2
    exit 1
fi
# Running aarch64 binaries: qemu-user-static's interpreter, registered with
# the F flag so it works inside the chroot too.
[ -x /usr/libexec/qemu-binfmt/aarch64-binfmt-P ] || apt_install qemu-user-static binfmt-support
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 >&2
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || { echo "arm64-root.sh: qemu-aarch64 is not enabled in binfmt_misc" >&2; exit 1; }

# The JRE came later than the root: a root made before gets it added once.
add_jre() {
    [ -x "$root/usr/bin/java" ] && return
    echo "installing openjdk-17-jre-headless into $root (about a minute, once)" >&2
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount -t proc proc "$root/proc"
    chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
        DEBIAN_FRONTEND=noninteractive /bin/sh -c \
        'apt-get update -q && apt-get install -y -q --no-install-recommends openjdk-17-jre-headless' >&2 \
        || { umount -l "$root/proc"; exit 1; }
    umount -l "$root/proc"
    chroot "$root" /usr/bin/java -version >&2
}
if [ -f "$stamp" ]; then
    add_jre
    echo "$root"
    exit 0
fi
command -v debootstrap >/dev/null || apt_install debootstrap
rm -rf "$root"
mkdir -p "$(dirname "$root")"
echo "debootstrap bookworm arm64 into $root (several minutes, once)" >&2
debootstrap --arch=arm64 --variant=minbase \
    --include=python3,python3-venv,nodejs,ca-certificates bookworm "$root" >&2
# npm: its registry tarball carries its dependencies; Debian's npm package
# would add hundreds of packages to install under emulation.
tgz=$(cd /tmp && npm pack --silent "npm@$npm_version")
mkdir -p "$root/opt/npm"
tar -xzf "/tmp/$tgz" -C "$root/opt/npm" --strip-components=1
rm -f "/tmp/$tgz"
ln -sf /opt/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
    /bin/sh -c 'uname -m; python3 --version; node --version; npm --version' >&2
add_jre
mkdir -p "$root/src"
touch "$stamp"
echo "$root"
