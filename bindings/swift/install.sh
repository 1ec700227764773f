#!/bin/sh
# Installs the native library of the ChatPlatform Swift package (this tarball's
# lib/) and a pkg-config file that SwiftPM reads for the package's
# `.systemLibrary(pkgConfig: "chat-platform-ffi")` target. Then depend on the
# package in ChatPlatform/ from your Package.swift. Needs write access to PREFIX.
#   ./install.sh [--prefix /usr/local]      install
#   ./install.sh [--prefix /usr/local] --uninstall
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
done
lib="$prefix/lib/libchat_platform_ffi.so"
pc="$prefix/lib/pkgconfig/chat-platform-ffi.pc"
refresh() {
    # Let the dynamic loader find the library without LD_LIBRARY_PATH.
    if [ "$(id -u)" = 0 ] && PATH="$PATH:/sbin:/usr/sbin" command -v ldconfig >/dev/null 2>&1; then
        PATH="$PATH:/sbin:/usr/sbin" ldconfig
    fi
}
if [ "$action" = uninstall ]; then
    rm -f "$lib" "$pc"
    refresh
    echo "removed $lib and $pc"
    exit 0
fi
mkdir -p "$prefix/lib/pkgconfig"
cp "$here/lib/libchat_platform_ffi.so" "$lib.tmp" && chmod 0755 "$lib.tmp" && mv "$lib.tmp" "$lib"
cat > "$pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib

Name: chat-platform-ffi
Description: Native library of the ChatPlatform Swift package (Chat Platform API client)
Version: $(cat "$here/VERSION")
Libs: -L\${libdir} -lchat_platform_ffi
Cflags:
PC
refresh
echo "installed $lib and $pc"
echo "depend on it with: .package(path: \"$here/ChatPlatform\") (or a git URL holding that directory)"
case "$prefix" in
    /usr|/usr/local) ;;
    *) echo "note: $prefix is not a default search path: set PKG_CONFIG_PATH=$prefix/lib/pkgconfig to build and LD_LIBRARY_PATH=$prefix/lib to run" ;;
esac
