# shellcheck shell=bash
# Sourced: runs commands in a root made by swift-root.sh or arm64-root.sh with
# /proc, /dev and the repository (at /src) mounted, and unmounts on exit.
#   source scripts/chroot.sh; mount_root ROOT; in_root ROOT CMD...; umount_root
CHROOT_MOUNTS=()
umount_root() {
    local i
    for ((i = ${#CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${CHROOT_MOUNTS[$i]}" 2>/dev/null || true; done
    CHROOT_MOUNTS=()
}
trap umount_root EXIT
mount_root() {
    local root="$1" repo
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    mkdir -p "$root/src"
    mount -t proc proc "$root/proc" && CHROOT_MOUNTS+=("$root/proc")
    mount --bind /dev "$root/dev" && CHROOT_MOUNTS+=("$root/dev")
    mount --bind "$repo" "$root/src" && CHROOT_MOUNTS+=("$root/src")
}
# A clean environment: nothing of this machine's reaches the command but what
# it is given.
in_root() {
    local root="$1"; shift
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$@"
}
